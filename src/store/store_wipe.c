/* store_wipe.c - the organizers' side of the store: deleting the collected
 * rows after a complete, verified export (see store.h). Constant SQL only. */
#include "store.h"
#include "store_internal.h"
#include "../core/log.h"
#include "../core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static store_rc_t wipe_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return STORE_OK;
    case SQLITE_READONLY:
        return STORE_READONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_BUSY;
    case SQLITE_FULL:
        return STORE_FULL;
    default:
        return STORE_IOERR;
    }
}

/* Step a prepared one-row statement; fills up to n int64 columns. */
static int row_ints(sqlite3 *db, const char *sql, int64_t *v, int n)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            for (int i = 0; i < n; i++)
                v[i] = sqlite3_column_int64(st, i);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_ERROR; /* these queries always give one row */
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* PRAGMA wal_checkpoint(TRUNCATE): true when it ran to the end (no reader
 * kept it from resetting the WAL). */
static bool checkpoint_truncate(sqlite3 *db, int *rc)
{
    int64_t v[3] = {1, -1, -1}; /* busy, log frames, checkpointed frames */
    *rc = row_ints(db, "PRAGMA wal_checkpoint(TRUNCATE)", v, 3);
    return *rc == SQLITE_OK && v[0] == 0;
}

/* The same, tried again for up to WIPE_CLEAN_WAIT_MS while another
 * connection's read transaction keeps it from finishing (the slideshow
 * reading the questions, an export --all): until it finishes, the rebuilt
 * file waits in the WAL and the database file still holds the deleted
 * text. The wipe runs beside the screen, so waiting costs nothing there. */
#define WIPE_CLEAN_WAIT_MS 60000
static bool checkpoint_truncate_wait(sqlite3 *db, int *rc)
{
    uint64_t t0 = now_ms();
    for (;;) {
        bool done = checkpoint_truncate(db, rc);
        if (done || *rc != SQLITE_OK || now_ms() - t0 >= WIPE_CLEAN_WAIT_MS)
            return done;
        sqlite3_sleep(200);
    }
}

store_rc_t store_wipe(store_t *s, store_wipe_result_t *out, char **err)
{
    sqlite3 *db = store_sqlite(s);
    store_wipe_result_t res = {0};
    char *msg = NULL;
    store_rc_t ret = STORE_IOERR;
    bool in_tx = false;
    int rc;
    const char *path = db ? sqlite3_db_filename(db, "main") : NULL;
    if (!db) {
        msg = xstrdup("db: no database is open, so there is nothing to delete");
        goto out;
    }
    if (!path || !*path)
        path = "the database";
    if (sqlite3_db_readonly(db, "main") == 1) {
        ret = STORE_READONLY;
        msg = xasprintf("db: %s is read-only; nothing was deleted", path);
        goto out;
    }
    /* on already, but the promise of this function depends on it */
    rc = store_exec_script(db, "PRAGMA secure_delete = ON");
    if (rc == SQLITE_OK)
        rc = store_exec_script(db, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        goto sqlfail;
    in_tx = true;
    int64_t c[5];
    /* exported: in a finished batch (not one a killed or failed export left) */
    rc = row_ints(db,
                  "SELECT (SELECT count(*) FROM questions), (SELECT count(*) FROM signups),"
                  " (SELECT count(*) FROM questions WHERE export_batch IS NULL OR export_batch NOT IN"
                  "   (SELECT id FROM export_batches WHERE state = 'done')),"
                  " (SELECT count(*) FROM signups WHERE export_batch IS NULL OR export_batch NOT IN"
                  "   (SELECT id FROM export_batches WHERE state = 'done')),"
                  /* a question whose latest moderation is not exported counts as not exported */
                  " (SELECT count(DISTINCT question_uuid) FROM moderation_log WHERE export_batch IS NULL"
                  "   OR export_batch NOT IN (SELECT id FROM export_batches WHERE state = 'done'))",
                  c, 5);
    if (rc != SQLITE_OK)
        goto sqlfail;
    /* and their files were read back when they were written */
    char unverified[200];
    rc = store_query_text(db,
                          "SELECT group_concat(id, ', ') FROM (SELECT id FROM export_batches b WHERE state = 'done'"
                          " AND NOT verified AND (EXISTS(SELECT 1 FROM questions WHERE export_batch = b.id)"
                          " OR EXISTS(SELECT 1 FROM signups WHERE export_batch = b.id)"
                          " OR EXISTS(SELECT 1 FROM moderation_log WHERE export_batch = b.id)) ORDER BY id LIMIT 20)",
                          unverified, sizeof unverified);
    if (rc != SQLITE_OK)
        goto sqlfail;
    if (c[4] > 0 && c[2] == 0 && c[3] == 0) {
        res.questions_left = c[4];
        ret = STORE_INVALID;
        msg = xasprintf("the moderation of %lld %s is not exported yet; export first, then delete", (long long)c[4],
                        plural_en(c[4], "question", "questions"));
        goto out;
    }
    if (c[2] > 0 || c[3] > 0) {
        res.questions_left = c[2];
        res.signups_left = c[3];
        ret = STORE_INVALID;
        msg = xasprintf("%lld %s and %lld %s are not exported yet; export them first, then delete", (long long)c[2],
                        plural_en(c[2], "question", "questions"), (long long)c[3],
                        plural_en(c[3], "sign-up", "sign-ups"));
        goto out;
    }
    if (*unverified) {
        ret = STORE_INVALID;
        msg = xasprintf("the files of export batch %s were never read back from the medium (written by an "
                        "older version); write them again with: agmkiosk export --batch N, then delete",
                        unverified);
        goto out;
    }
    /* the usage counts go too: after a deletion the kiosk holds nothing of
     * the event it was used at (they are only counts; `agmkiosk export
     * --usage` and the admin screen's export take them off first) */
    /* and the meeting's register (it holds names) and hand-counts: the
     * minutes are written before (the confirmation says so) */
    int64_t u[3] = {0, 0, 0};
    rc = row_ints(db,
                  "SELECT (SELECT count(*) FROM usage_counts), (SELECT count(*) FROM attendance),"
                  " (SELECT count(*) FROM votes)",
                  u, 3);
    if (rc != SQLITE_OK)
        goto sqlfail;
    rc = store_exec_script(db, "DELETE FROM questions; DELETE FROM signups; DELETE FROM imported_questions;"
                               " DELETE FROM usage_counts; DELETE FROM moderation_log; DELETE FROM attendance;"
                               " DELETE FROM votes; DELETE FROM meta WHERE key = 'qa_shown'; COMMIT");
    if (rc != SQLITE_OK)
        goto sqlfail;
    in_tx = false;
    res.questions = c[0];
    res.signups = c[1];
    res.usage_rows = u[0];
    res.attendance_rows = u[1];
    res.vote_rows = u[2];
    log_info("db", "deleted %lld %s and %lld %s from %s", (long long)c[0], plural_en(c[0], "question", "questions"),
             (long long)c[1], plural_en(c[1], "sign-up", "sign-ups"), path);
    ret = STORE_OK;
    /* The rows are gone; now make sure their text is gone from the files too.
     * VACUUM rebuilds the file without free pages; the checkpoints before and
     * after empty the WAL that held the old and the rebuilt pages. */
    res.wal_truncated = checkpoint_truncate_wait(db, &rc);
    if (rc == SQLITE_OK)
        rc = store_exec_script(db, "VACUUM");
    if (rc == SQLITE_OK)
        res.wal_truncated = checkpoint_truncate_wait(db, &rc);
    if (rc != SQLITE_OK || !res.wal_truncated) {
        msg = xasprintf("db: the rows were deleted, but cleaning %s up afterwards did not finish (%s); "
                        "it is retried at the next deletion",
                        path, rc != SQLITE_OK ? sqlite3_errmsg(db) : "another reader kept the WAL");
        log_warn("db", "%s", msg);
        res.wal_truncated = false;
    }
    goto out;
sqlfail:
    ret = wipe_rc(sqlite3_extended_errcode(db));
    if (ret == STORE_OK)
        ret = STORE_IOERR;
    msg = xasprintf("db: deleting the collected rows from %s failed: %s; nothing was deleted", path,
                    sqlite3_errmsg(db));
out:
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (out)
        *out = res;
    if (err)
        *err = msg;
    else
        free(msg);
    return ret;
}

