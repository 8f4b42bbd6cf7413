/* status.h - the facts organizers need about a kiosk, gathered once for
 * `agmkiosk status` and the admin screen: counts (new since the last export
 * / total), the last export, free space in the data folder, kiosk id,
 * database path and health, settings file and whether a PIN is set. */
#ifndef AGM_ADMIN_STATUS_H
#define AGM_ADMIN_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../config/config.h"
#include "../store/store.h"
#include "privacy.h"

typedef enum {
    ADMIN_DB_OK = 0,     /* counts are valid */
    ADMIN_DB_MISSING,    /* no database file yet: nothing collected */
    ADMIN_DB_UNUSABLE,   /* exists but cannot be read: db_problem says why */
} admin_db_state_t;

typedef struct {
    char *kiosk_id;
    char *db_path;
    admin_db_state_t db_state;
    char *db_problem;            /* ADMIN_DB_UNUSABLE: the message */
    bool ro_storage;             /* the database is on read-only storage (readable, nothing can be saved) */
    store_counts_t counts;       /* ADMIN_DB_OK */
    bool last_covered_all;       /* the last batch left no row unexported */
    int64_t mod_new, mod_total;  /* moderation changes not yet exported, and all */
    char *data_dir;
    const char *volatile_fs;     /* the data folder is in memory: "tmpfs", "ramfs", "overlay"; NULL on a disk */
    bool space_known;
    uint64_t free_bytes, total_bytes; /* statvfs of the data folder (or the
                                         nearest existing parent) */
    char *config_path;           /* NULL: built-in defaults */
    char *content_dir;
    size_t content_errors, content_warnings;
    bool pin_set;
    privacy_t privacy;           /* the sealing key in use, meant, or none */
    bool seal_question_name, seal_question_text;
    store_usage_t *usage;        /* the usage counts summed over the hours
                                    (store_usage_read), visits first */
    size_t nusage;
} admin_status_t;

/* One line about sealing for organizers: "sealed to the key ...", "OFF:
 * personal data is stored unencrypted ...", or the problem. Caller frees. */
char *admin_status_sealing(const admin_status_t *st);

/* Gather the status. With s NULL the database at config_db_path(cfg) is
 * opened read-only (never created, never changed); otherwise s is used.
 * Content problems are counted from content_diags when given (the kiosk
 * has them from its own load), else by loading cfg->content_dir.
 * Always fills *st (release with admin_status_free). */
void admin_status_collect(const config_t *cfg, store_t *s, const diag_list_t *content_diags, admin_status_t *st);

/* Print it as "label: value" lines. */
void admin_status_print(const admin_status_t *st, FILE *out);

void admin_status_free(admin_status_t *st); /* accepts a zeroed value */

/* "3 h 10 min", "12 min", "40 s" into buf. */
void admin_format_duration(int64_t seconds, char *buf, size_t cap);
/* The kind of memory-backed file system a statfs f_type is ("tmpfs",
 * "ramfs", "overlay": a read-only root's overlay keeps what is written in
 * RAM), or NULL for one on a disk. */
const char *admin_volatile_fs_kind(unsigned long f_type);
/* The same for the file system of dir (or of its nearest existing parent). */
const char *admin_volatile_fs(const char *dir);

/* "1.2 GB", "340 MB", "12 kB", "5 bytes" into buf. */
void admin_format_bytes(uint64_t n, char *buf, size_t cap);

#endif
