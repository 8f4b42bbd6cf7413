/* Store: store_wipe (refused while any row is unexported, then deletes every
 * row and leaves no trace of their text in the database file or its WAL) and
 * store_open_again (a second handle that sees and writes the same data). */
#include "store/store_internal.h"
#include "test.h"
#include "core/log.h"
#include "core/util.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MARK_Q "wipe-marker-question-7f3a"
#define MARK_S "wipe-marker-signup-c41d"

static store_t *open_ok(const char *path)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "kiosk-w", &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    free(notice);
    free(err);
    return s;
}

static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static bool q_exec(sqlite3 *db, const char *sql)
{
    char *e = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &e);
    if (rc != SQLITE_OK)
        fprintf(stderr, "  %s: %s\n", sql, e ? e : "?");
    sqlite3_free(e);
    return rc == SQLITE_OK;
}

/* True when the file at path contains needle anywhere (a missing file does not). */
static bool file_has(const char *path, const char *needle)
{
    size_t n = 0;
    char *b = file_read_all(path, &n);
    if (!b)
        return false;
    bool found = memmem(b, n, needle, strlen(needle)) != NULL;
    free(b);
    return found;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* n questions and n sign-ups carrying the markers. */
static bool add_rows(store_t *s, int n)
{
    for (int i = 0; i < n; i++) {
        char text[128];
        snprintf(text, sizeof text, "%s number %d, with some more words to fill a page", MARK_Q, i);
        question_in_t q = {.text = text, .name = "Hidden Name", .lang = "en"};
        signup_in_t su = {.name = MARK_S, .email = "person@example.org", .lang = "en", .consent_version = "1"};
        if (store_add_question(s, &q, NULL) != STORE_OK || store_add_signup(s, &su, NULL) != STORE_OK)
            return false;
    }
    return true;
}

/* What an export does to the database: a batch that holds every row,
 * finished with state (done, pending) and verified as given. */
static bool mark_batch(sqlite3 *db, const char *state, int verified)
{
    char *sql = xasprintf("INSERT INTO export_batches(created_at, questions, signups, files, covered_all, state, verified)"
                          " VALUES('2026-01-01T00:00:00Z', (SELECT count(*) FROM questions),"
                          " (SELECT count(*) FROM signups), 'q.csv;s.csv', 1, '%s', %d);"
                          "UPDATE questions SET export_batch = last_insert_rowid() WHERE export_batch IS NULL;"
                          "UPDATE signups SET export_batch = (SELECT max(id) FROM export_batches)"
                          " WHERE export_batch IS NULL;",
                          state, verified);
    bool ok = q_exec(db, sql);
    free(sql);
    return ok;
}

static bool mark_exported(sqlite3 *db) { return mark_batch(db, "done", 1); }

/* Rows in a batch an interrupted export left, or in one never read back
 * (written by version 0.1), are not deleted. */
static void test_wipe_refused_unfinished_or_unverified(void)
{
    char *path = path_join(test_tmpdir(), "agm.db");
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK(add_rows(s, 2));
    CHECK(mark_batch(store_sqlite(s), "pending", 0));
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new, 2); /* pending: not exported */
    CHECK_INT(c.unfinished_batches, 1);
    CHECK_INT(c.last_batch, 0);
    store_wipe_result_t r;
    char *err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_INVALID);
    CHECK_CONTAINS(err, "not exported yet");
    free(err);
    CHECK(q_exec(store_sqlite(s), "UPDATE export_batches SET state = 'done', verified = 0"));
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new, 0);
    CHECK_INT(c.unverified_batches, 1);
    err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_INVALID);
    CHECK_CONTAINS(err, "batch 1 were never read back");
    CHECK_CONTAINS(err, "agmkiosk export --batch N");
    free(err);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 2);
    CHECK_INT(store_batch_set_verified(s, 1), STORE_OK);
    err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_OK);
    free(err);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 0);
    store_close(s);
    free(path);
}


static void test_wipe_refused_before_export(void)
{
    char *path = path_join(test_tmpdir(), "agm.db");
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK(add_rows(s, 3));
    store_wipe_result_t r;
    char *err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_INVALID);
    CHECK_CONTAINS(err, "3 questions and 3 sign-ups are not exported");
    free(err);
    CHECK_INT(r.questions_left, 3);
    CHECK_INT(r.signups_left, 3);
    CHECK_INT(r.questions, 0);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 3);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM signups"), 3);

    /* exported, then one more row arrives: still refused, for that row */
    CHECK(mark_exported(store_sqlite(s)));
    question_in_t q = {.text = "late question", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_INVALID);
    CHECK_INT(r.questions_left, 1);
    CHECK_INT(r.signups_left, 0);
    CHECK_CONTAINS(err, "1 question and 0 sign-ups are not exported");
    free(err);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 4);
    /* and the connection is usable afterwards (no transaction left open) */
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    CHECK_INT(sqlite3_get_autocommit(store_sqlite(s)), 1);
    store_close(s);
    free(path);
}

static void test_wipe_after_export_leaves_no_trace(void)
{
    char *path = path_join(test_tmpdir(), "agm.db");
    char *wal = xasprintf("%s-wal", path);
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK(add_rows(s, 200));
    CHECK(mark_exported(store_sqlite(s)));
    CHECK(file_has(path, MARK_Q) || file_has(wal, MARK_Q)); /* the test can see the text */
    long long before = file_size(path) + AGM_MAX(file_size(wal), 0);
    store_wipe_result_t r;
    char *err = NULL;
    store_rc_t rc = store_wipe(s, &r, &err);
    CHECK_MSG(rc == STORE_OK, "%s", err ? err : "?");
    CHECK(err == NULL);
    CHECK_INT(r.questions, 200);
    CHECK_INT(r.signups, 200);
    CHECK(r.wal_truncated);
    sqlite3 *db = store_sqlite(s);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM signups"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM export_batches"), 1); /* batch numbers go on */
    CHECK_INT(q_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
    CHECK_INT(file_size(wal) <= 0, 1);
    CHECK(!file_has(path, MARK_Q));
    CHECK(!file_has(path, MARK_S));
    CHECK(!file_has(path, "Hidden Name"));
    CHECK(!file_has(wal, MARK_Q));
    long long after = file_size(path) + AGM_MAX(file_size(wal), 0);
    CHECK_MSG(after < before, "%lld bytes before, %lld after", before, after);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions + c.signups, 0);
    CHECK_INT(c.last_batch, 1);
    /* the kiosk keeps collecting; seq keeps counting up */
    question_in_t q = {.text = "after the wipe", .lang = "en"};
    store_receipt_t rec;
    CHECK_INT(store_add_question(s, &q, &rec), STORE_OK);
    CHECK(rec.seq > 400);
    store_close(s);
    /* and it reopens cleanly */
    s = open_ok(path);
    CHECK(s);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 1);
    store_close(s);
    free(wal);
    free(path);
}

static void test_wipe_empty_and_bad_args(void)
{
    char *err = NULL;
    store_wipe_result_t r;
    CHECK(store_wipe(NULL, &r, &err) != STORE_OK);
    CHECK_CONTAINS(err, "no database");
    free(err);
    char *path = path_join(test_tmpdir(), "agm.db");
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK_INT(store_wipe(s, NULL, NULL), STORE_OK); /* nothing to delete is not an error */
    store_close(s);
    /* read-only: refused with a message, nothing deleted */
    s = open_ok(path);
    CHECK(add_rows(s, 1));
    CHECK(mark_exported(store_sqlite(s)));
    store_close(s);
    store_opts_t o = {.read_only = true};
    char *notice = NULL;
    s = store_open_ex(path, NULL, &o, &notice, &err);
    CHECK(s);
    free(notice);
    err = NULL;
    CHECK_INT(store_wipe(s, &r, &err), STORE_READONLY);
    CHECK_CONTAINS(err, "read-only");
    free(err);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 1);
    store_close(s);
    free(path);
}

static void test_second_connection(void)
{
    char *err = NULL;
    CHECK(store_open_again(NULL, &err) == NULL);
    CHECK_CONTAINS(err, "no database");
    free(err);
    char *path = path_join(test_tmpdir(), "agm.db");
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK(add_rows(s, 2));
    store_t *s2 = store_open_again(s, &err);
    CHECK_MSG(s2 != NULL, "%s", err ? err : "?");
    sqlite3 *db2 = store_sqlite(s2);
    CHECK_INT(q_int(db2, "SELECT count(*) FROM questions"), 2);
    CHECK_INT(q_int(db2, "PRAGMA synchronous"), 2);
    CHECK_INT(q_int(db2, "PRAGMA foreign_keys"), 1);
    CHECK_INT(q_int(db2, "PRAGMA secure_delete"), 1);
    /* what it writes the store sees */
    CHECK(mark_exported(db2));
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new, 0);
    CHECK_INT(c.last_batch, 1);
    /* the wipe works on it too (the admin screen runs it in a worker thread) */
    store_wipe_result_t r;
    CHECK_INT(store_wipe(s2, &r, &err), STORE_OK);
    CHECK(err == NULL);
    CHECK_INT(r.questions, 2);
    CHECK_INT(r.signups, 2);
    CHECK(r.wal_truncated);
    store_close(s2);
    CHECK(store_counts(s, &c)); /* the store's own statements survive the VACUUM */
    CHECK_INT(c.questions + c.signups, 0);
    CHECK(add_rows(s, 1));
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM questions"), 1);
    store_close(s);
    free(path);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_wipe_refused_before_export);
    RUN(test_wipe_refused_unfinished_or_unverified);
    RUN(test_wipe_after_export_leaves_no_trace);
    RUN(test_wipe_empty_and_bad_args);
    RUN(test_second_connection);
    return test_summary();
}
