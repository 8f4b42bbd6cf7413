/* store_internal.h - pieces of the store shared between its own files and
 * its tests; not part of the public contract. */
#ifndef AGM_STORE_INTERNAL_H
#define AGM_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store.h"

/* The handle's own statements, prepared once at open (store.c). */
enum {
    ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_GET_SEQ, ST_SET_SEQ,
    ST_COUNT_Q, ST_COUNT_S, ST_LAST_BATCH, ST_COUNT_BATCHES, ST_N
};

struct store {
    sqlite3 *db;
    char *path;
    char *kiosk_id;      /* the configured id new rows carry */
    char *db_kiosk_id;   /* the id recorded at creation */
    bool read_only;
    bool ro_storage;     /* opened read-only because the storage is read-only */
    char *rescue_dir;    /* private copy of db + WAL on read-only storage, removed at close */
    bool via_vfs;        /* opened through the sync-counting VFS */
    bool in_read;        /* store_read_begin() is open */
    sqlite3_stmt *st[ST_N];
    const store_record_t *rec[STORE_KINDS]; /* the descriptions in use */
    sqlite3_stmt *ins[STORE_KINDS];        /* their INSERTs (store_write.c) */
    char errmsg[512];
    const char *errfield;
    bool sealing;         /* seal holds the key new rows are sealed to */
    store_seal_t seal;
    char *seal_refused;   /* store_seal_refuse(): why every add is refused */
};

/* The raw connection, for the store's own files and its tests. */
static inline sqlite3 *store_sqlite(store_t *s) { return s ? s->db : NULL; }

/* ---- opening (store.c; on read-only storage, store_open_ro.c) ---- */

typedef enum { OPEN_OK, OPEN_CORRUPT, OPEN_FATAL } open_rc_t;

/* Open name (a path, or a URI when uri) and make it a usable store database
 * in s->db. OPEN_CORRUPT means the file should be moved aside (*why says
 * why); OPEN_FATAL sets *err. On anything but OPEN_OK s->db is closed. */
open_rc_t store_open_db_as(store_t *s, const store_opts_t *o, const char *name, bool uri, char **why, char **err);
/* True when the file system holding path is mounted read-only. */
bool store_storage_read_only(const char *path);
/* Open s->path on read-only storage, for reading only (store_open_ro.c). */
open_rc_t store_open_on_read_only_storage(store_t *s, const store_opts_t *o, char **why, char **err);
/* Remove the private copy made by store_open_on_read_only_storage(). */
void store_remove_rescue_dir(store_t *s);

/* Set the handle's last message (and the field it is about, or NULL). */
void store_set_err(store_t *s, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prepare s->ins[] from s->rec[] (store_write.c). SQLite result code. */
int store_prepare_inserts(store_t *s);

/* Map an SQLite failure (and the OS error behind it) to a store_rc_t and
 * set the message "db: WHAT: <sqlite message> (<os error>)". */
store_rc_t store_fail(store_t *s, int rc, const char *what);

/* Register (once) the sync-counting VFS and return its name for
 * sqlite3_open_v2(), or NULL if it could not be registered. */
const char *store_vfs_register(void);

/* The OS error (errno) of the last failed write/sync/truncate through that
 * VFS, 0 if none since store_vfs_clear_errno(). */
int store_vfs_last_errno(void);
void store_vfs_clear_errno(void);

/* The SQL that takes a database from schema from_version to
 * from_version + 1 (NULL past the last). Tests build old databases with it. */
const char *store_schema_sql(int from_version);

/* Run a constant multi-statement SQL script as prepared statements
 * (never user text). Returns an SQLite result code. */
int store_exec_script(sqlite3 *db, const char *sql);

/* The text of a one-row, one-column query into buf ("" for NULL; no row is
 * SQLITE_ERROR): an SQLite result code. */
int store_query_text(sqlite3 *db, const char *sql, char *buf, size_t n);

#endif
