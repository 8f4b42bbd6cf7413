/* export.h - incremental CSV export of questions and sign-ups.
 *
 * One export writes two files into a folder (a USB stick, usually):
 *   agm-<kiosk>-questions-b0007-20121008T101500Z.csv
 *   agm-<kiosk>-signups-b0007-20121008T101500Z.csv
 * (kiosk id, kind, batch number, UTC time; "all" instead of the batch for a
 * full snapshot). Columns, with a header row, are the fields of the store's
 * record descriptions (store_record_of), today:
 *   questions: uuid,seq,kiosk_id,created_at,lang,status,topic,name,text
 *   signups:   uuid,seq,kiosk_id,created_at,lang,status,name,email,phone,
 *              interests,languages,message,consent_version
 * Rows are in seq order. Cells are neutralized against formula injection
 * unless raw (see csvw.h).
 *
 * Moderation: a batch that holds moderation changes (store.h: a question's
 * state changed on this kiosk since the last batch) has a third file,
 *   agm-<kiosk>-moderation-b0007-20121008T101500Z.csv
 * with uuid,seq,kiosk_id,changed_at,question_uuid,status, one row per
 * change in seq order. Each change is in exactly one batch (claimed with
 * the rows, given back when the export fails); the batch's questions file
 * shows each question's state as of its claim, so it is the same bytes
 * when the batch is written again. A snapshot (EXPORT_ALL) writes the
 * states as they are and every change.
 *
 * Modes:
 *  - EXPORT_NEW (default), under the exporter's lock (store_export_lock:
 *    "another export is running" when taken). First, a batch that an
 *    earlier export claimed but did not finish (killed, stick pulled) is
 *    finished: its rows, already fixed, are written under its recorded
 *    names into this folder (a file of that name already there must hold
 *    exactly those bytes; it is never replaced). Then the rows that no batch
 *    holds become batch N, claimed in the database before any file is
 *    written (store_batch_claim: number, rows and file names recorded,
 *    pending). Both files are written under temporary names in the target
 *    folder, flushed and fsynced, renamed to their final names (never over
 *    an existing file), the folder is fsynced, and the files are read back
 *    from the medium (the page cache dropped first) and compared with what
 *    was written; only then is the batch recorded as finished and verified.
 *    If a step fails, no file this run created is left under a final name
 *    (temporaries are removed, and after a rename the renamed files are
 *    removed again; nothing else is ever removed), the batch is released
 *    (its rows are unexported again, its number retired), and the error
 *    names the step and the path. A kill at any point leaves the batch
 *    pending, and the next export finishes it: a batch's files always hold
 *    exactly its rows. covered_all is 1 when, at the finish, no row was
 *    left unexported. When there is nothing new, nothing is written and
 *    result->nothing_new is set.
 *  - EXPORT_ALL: every row, as a snapshot; the database is not changed (no
 *    batch is recorded, no row is marked), so incremental exports carry on
 *    as before. File names carry "all" in place of the batch. Works on a
 *    read-only database.
 *  - EXPORT_BATCH: batch N's rows again, under new file names (same batch
 *    number, current time); read back like a new batch, after which the
 *    batch counts as verified (batches of version 0.1 were never read back).
 *
 * Rows inserted while an export runs are not lost: they are not in the
 * claimed batch and wait for the next export. */
#ifndef AGM_EXPORT_H
#define AGM_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../store/store.h"

typedef enum { EXPORT_NEW = 0, EXPORT_ALL, EXPORT_BATCH } export_mode_t;

/* Failure injection for tests: the export fails (as if with EIO) at the
 * named point. EXPORT_FAULT_NONE in normal use. */
typedef enum {
    EXPORT_FAULT_NONE = 0,
    EXPORT_FAULT_AFTER_CLAIM,        /* batch claimed, before any file */
    EXPORT_FAULT_OPEN_TEMP,          /* creating the sign-ups temporary file */
    EXPORT_FAULT_AFTER_TEMP_WRITE,   /* both written and flushed, before fsync */
    EXPORT_FAULT_AFTER_FSYNC,        /* both fsynced and closed, before any rename */
    EXPORT_FAULT_AFTER_RENAME_FIRST, /* questions file renamed, sign-ups not */
    EXPORT_FAULT_AFTER_RENAME_ALL,   /* both renamed, before the folder fsync */
    EXPORT_FAULT_BEFORE_MARK,        /* folder synced, before reading back */
    EXPORT_FAULT_BEFORE_COMMIT,      /* read back, before the batch is finished */
    EXPORT_FAULT_COUNT
} export_fault_t;

typedef struct {
    const char *out_dir;     /* created (0700) if missing */
    export_mode_t mode;
    int64_t batch;           /* EXPORT_BATCH: which batch */
    bool raw;                /* byte-exact cells (no apostrophes) */
    bool excel;              /* start each file with the UTF-8 BOM */
    time_t now;              /* 0 = the current time */
    export_fault_t fault;    /* fail at this point (tests) */
    /* Called at each point named by export_fault_t (tests: e.g. to insert
     * rows from another connection mid-export); returning false fails the
     * export there, like fault. NULL in normal use. */
    bool (*hook)(export_fault_t at, void *ctx);
    void *hook_ctx;
} export_opts_t;

typedef struct {
    bool nothing_new;        /* EXPORT_NEW found no unexported row: no files */
    int64_t batch;           /* the batch written (0 for EXPORT_ALL) */
    int64_t questions, signups; /* rows written */
    int64_t moderation;      /* moderation changes written */
    bool covered_all;        /* EXPORT_NEW: no row left unexported at commit */
    char *files[3];          /* final paths: questions, sign-ups, and the
                                moderation changes (NULL when none) */
    int64_t resumed;         /* EXPORT_NEW: batches an earlier, interrupted
                                export left unfinished, finished first */
    int64_t resumed_batch;   /* the last of them */
    bool busy;               /* failed because another export of the same
                                database is running (kept on failure) */
} export_result_t;


/* The file name part for a kiosk id: A-Z a-z 0-9 . _ - kept, anything else
 * '_', and then a short hash of the whole id appended, so that two ids never
 * share a name ("Hall-A", "東京_1a2b3c4d"...). Caller frees. */
char *export_file_id(const char *kiosk_id);

/* Run one export of s's rows. File names carry the kiosk id the database
 * recorded at its creation (store_db_kiosk_id). Returns true with *r filled
 * (release with export_result_free), or false with *err set to a message
 * naming the failed step and path (caller frees) and nothing exported. */
bool export_run(store_t *s, const export_opts_t *o, export_result_t *r, char **err);

void export_result_free(export_result_t *r); /* accepts a zeroed value */

/* Delete the export files the kiosk wrote into dir (its own names,
 * agm-*.csv, and the temporaries an interrupted export left,
 * .agm-*.tmp-*), then fsync dir: the wipe's last step, so no plain copy
 * of the rows it deleted stays in the data folder. *removed counts the
 * files deleted. A missing dir is not an error. False with *err (the
 * file named) when one could not be deleted; the others still are. */
bool export_remove_local(const char *dir, int *removed, char **err);

/* The usage counts (store.h: visits, screens and report sections opened,
 * seconds spent, summed per hour; nothing per person) as one CSV file,
 * DIR/agm-KIOSK-usage-20121008T101500Z.csv, columns hour, kind, name,
 * opened, seconds, in hour order: written under a temporary name, fsynced,
 * renamed (never over an existing file) and the folder synced. Not a batch:
 * every export holds every count so far. *path (caller frees) and *nrows on
 * success; false with *err (caller frees) otherwise, leaving no file. */
bool export_usage(store_t *s, const char *out_dir, bool excel, time_t now, char **path, size_t *nrows, char **err);

/* The fault's name as used in messages and tests, e.g. "after-fsync". */
const char *export_fault_name(export_fault_t f);

#endif
