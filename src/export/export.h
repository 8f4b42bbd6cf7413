/* export.h - incremental CSV export of questions and sign-ups.
 *
 * One export writes two files into a folder (a USB stick, usually):
 *   agm-<kiosk>-questions-b0007-20121008T101500Z.csv
 *   agm-<kiosk>-signups-b0007-20121008T101500Z.csv
 * (kiosk id, kind, batch number, UTC time; "all" instead of the batch for a
 * full snapshot). Columns, with a header row:
 *   questions: uuid,seq,kiosk_id,created_at,lang,status,topic,name,text
 *   signups:   uuid,seq,kiosk_id,created_at,lang,status,name,email,phone,
 *              interests,languages,message,consent_version
 * Rows are in seq order. Cells are neutralized against formula injection
 * unless raw (see csvw.h).
 *
 * Modes:
 *  - EXPORT_NEW (default): the rows that no batch holds yet become batch N
 *    (N = the highest batch + 1). Steps, in this order: both files are
 *    written under temporary names in the target folder, flushed and
 *    fsynced; renamed to their final names; the folder is fsynced; THEN one
 *    transaction inserts the export_batches row and marks the rows. If any
 *    step fails, no file is left under a final name (temporaries are
 *    removed, and after a rename the renamed files are removed again), the
 *    rows stay unexported, and the error names the step and the path. The
 *    batch's covered_all is 1 when, at its commit, no row was left
 *    unexported. When there is nothing new, nothing is written and
 *    result->nothing_new is set.
 *  - EXPORT_ALL: every row, as a snapshot; the database is not changed (no
 *    batch is recorded, no row is marked), so incremental exports carry on
 *    as before. File names carry "all" in place of the batch.
 *  - EXPORT_BATCH: batch N's rows again, under new file names (same batch
 *    number, current time); the database is not changed.
 *
 * Rows inserted while an export runs are not lost: the rows written are
 * those up to the highest unexported seq seen at the start (seq is one
 * per-kiosk counter allocated in the inserting transaction), and exactly
 * those are marked; if the number marked differs from the number written,
 * the export fails and rolls back. */
#ifndef AGM_EXPORT_H
#define AGM_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct sqlite3 sqlite3;

typedef enum { EXPORT_NEW = 0, EXPORT_ALL, EXPORT_BATCH } export_mode_t;

/* Failure injection for tests: the export fails (as if with EIO) at the
 * named point. EXPORT_FAULT_NONE in normal use. */
typedef enum {
    EXPORT_FAULT_NONE = 0,
    EXPORT_FAULT_OPEN_TEMP,          /* creating the sign-ups temporary file */
    EXPORT_FAULT_AFTER_TEMP_WRITE,   /* both written and flushed, before fsync */
    EXPORT_FAULT_AFTER_FSYNC,        /* both fsynced and closed, before any rename */
    EXPORT_FAULT_AFTER_RENAME_FIRST, /* questions file renamed, sign-ups not */
    EXPORT_FAULT_AFTER_RENAME_ALL,   /* both renamed, before the folder fsync */
    EXPORT_FAULT_BEFORE_MARK,        /* folder synced, before the transaction */
    EXPORT_FAULT_BEFORE_COMMIT,      /* batch inserted and rows marked, before COMMIT */
    EXPORT_FAULT_COUNT
} export_fault_t;

typedef struct {
    const char *out_dir;     /* created (0700) if missing */
    const char *kiosk_id;    /* for the file names; characters other than
                                A-Z a-z 0-9 . _ - become '_' */
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
    bool covered_all;        /* EXPORT_NEW: no row left unexported at commit */
    char *files[2];          /* final paths: questions, sign-ups */
} export_result_t;

/* The CSV columns of each kind, in file order (shared with merge). */
#define EXPORT_QUESTION_NCOLS 9
#define EXPORT_SIGNUP_NCOLS 13
extern const char *const export_question_columns[EXPORT_QUESTION_NCOLS];
extern const char *const export_signup_columns[EXPORT_SIGNUP_NCOLS];

/* Run one export on db (schema of store.h). Returns true with *r filled
 * (release with export_result_free), or false with *err set to a message
 * naming the failed step and path (caller frees) and nothing exported. */
bool export_run(sqlite3 *db, const export_opts_t *o, export_result_t *r, char **err);

void export_result_free(export_result_t *r); /* accepts a zeroed value */

/* The fault's name as used in messages and tests, e.g. "after-fsync". */
const char *export_fault_name(export_fault_t f);

#endif
