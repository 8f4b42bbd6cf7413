/* Store: round trips, validation, file mode, pragmas, sync count,
 * migrations and corrupt-file recovery. Faults are in test_store_faults.c. */
#include "test.h"
#include "testdb.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh database path in a new temporary folder (caller frees). */
static char *fresh_path(void)
{
    return path_join(test_tmpdir(), "data/agmkiosk.db");
}

static store_t *open_ok(const char *path)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "kiosk-1", &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    if (notice)
        fprintf(stderr, "  unexpected notice: %s\n", notice);
    free(notice);
    free(err);
    return s;
}

/* Text of one column of the row with the given uuid. */
static char *row_field(sqlite3 *db, const char *table, const char *col, const char *uuid)
{
    char *sql = xasprintf("SELECT %s FROM %s WHERE uuid = ?1", col, table);
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            out = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    }
    sqlite3_finalize(st);
    free(sql);
    return out ? out : xstrdup("(no row)");
}

static long long total_rows(store_t *s)
{
    return q_int(store_sqlite(s), "SELECT (SELECT count(*) FROM questions) + (SELECT count(*) FROM signups)");
}

static bool looks_like_uuid4(const char *u)
{
    if (strlen(u) != 36 || u[8] != '-' || u[13] != '-' || u[18] != '-' || u[23] != '-' || u[14] != '4')
        return false;
    return strchr("89ab", u[19]) != NULL;
}

static void test_question_round_trip(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path);
    CHECK(s);
    store_receipt_t r1, r2;
    question_in_t q = {.text = "日本語の質問です。\n두 번째 줄 한국어 🎉", .name = "山田 花子", .topic = "speaker-2",
                       .lang = "ja"};
    CHECK_INT(store_add_question(s, &q, &r1), STORE_OK);
    CHECK(looks_like_uuid4(r1.uuid));
    question_in_t anon = {.text = "Anonymous?", .lang = "en"};
    CHECK_INT(store_add_question(s, &anon, &r2), STORE_OK);
    CHECK(r2.seq > r1.seq);
    CHECK(strcmp(r1.uuid, r2.uuid) != 0);
    sqlite3 *db = store_sqlite(s);
    char *t = row_field(db, "questions", "text", r1.uuid);
    CHECK_STR(t, q.text);
    free(t);
    t = row_field(db, "questions", "name", r1.uuid);
    CHECK_STR(t, "山田 花子");
    free(t);
    t = row_field(db, "questions", "topic || '|' || lang || '|' || status || '|' || kiosk_id", r1.uuid);
    CHECK_STR(t, "speaker-2|ja|new|kiosk-1");
    free(t);
    t = row_field(db, "questions", "name || '|' || topic", r2.uuid);
    CHECK_STR(t, "|");
    free(t);
    t = row_field(db, "questions", "created_at", r1.uuid);
    /* YYYY-MM-DDTHH:MM:SSZ */
    CHECK_INT(strlen(t), 20);
    CHECK(t[4] == '-' && t[10] == 'T' && t[19] == 'Z');
    free(t);
    CHECK_INT(q_int(db, "SELECT export_batch IS NULL FROM questions LIMIT 1"), 1);
    store_close(s);
    free(path);
}

static void test_signup_round_trip(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path);
    CHECK(s);
    signup_in_t in = {.name = "  김민지  ", .email = "minji@example.kr", .phone = "+82 10-1234-5678",
                      .interests = "translators;newsletter", .languages = "ko;ja",
                      .message = "よろしくお願いします\r\n감사합니다 👍", .lang = "ko", .consent_version = "2026-1"};
    store_receipt_t r;
    CHECK_INT(store_add_signup(s, &in, &r), STORE_OK);
    sqlite3 *db = store_sqlite(s);
    char *t = row_field(db, "signups", "name", r.uuid);
    CHECK_STR(t, "김민지"); /* one-line fields lose surrounding spaces */
    free(t);
    t = row_field(db, "signups", "message", r.uuid);
    CHECK_STR(t, "よろしくお願いします\n감사합니다 👍"); /* CRLF becomes LF */
    free(t);
    t = row_field(db, "signups",
                  "email || '|' || phone || '|' || interests || '|' || languages || '|' || consent_version || '|' || lang || '|' || status",
                  r.uuid);
    CHECK_STR(t, "minji@example.kr|+82 10-1234-5678|translators;newsletter|ko;ja|2026-1|ko|new");
    free(t);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.signups, 1);
    CHECK_INT(c.signups_new, 1);
    CHECK_INT(c.questions, 0);
    CHECK_INT(c.last_batch, 0);
    CHECK_STR(c.last_export_at, "");
    store_close(s);
    free(path);
}

static void test_seq_shared_and_persistent(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path);
    CHECK(s);
    store_receipt_t r;
    question_in_t q = {.text = "one", .lang = "en"};
    signup_in_t su = {.name = "A", .email = "a@b.org", .lang = "en", .consent_version = "1"};
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    CHECK_INT(r.seq, 1);
    CHECK_INT(store_add_signup(s, &su, &r), STORE_OK);
    CHECK_INT(r.seq, 2);
    store_close(s);
    s = open_ok(path);
    CHECK(s);
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    CHECK_INT(r.seq, 3);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions, 2);
    CHECK_INT(c.signups, 1);
    CHECK_INT(c.questions_new, 2);
    store_close(s);
    free(path);
}

static void test_lengths(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path);
    CHECK(s);
    /* 1000 code points of a 3-byte character, then one more */
    strbuf_t b = {0};
    for (int i = 0; i < 1000; i++)
        sb_append(&b, "語");
    question_in_t q = {.text = b.s, .lang = "ja"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    sb_append(&b, "a");
    q.text = b.s;
    CHECK_INT(store_add_question(s, &q, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "text");
    CHECK_CONTAINS(store_errmsg(s), "too long (1001 characters, at most 1000)");
    CHECK_STR(r.uuid, "");
    sb_free(&b);
    for (int i = 0; i < 201; i++)
        sb_append(&b, "x");
    question_in_t qn = {.text = "ok", .name = b.s, .lang = "en"};
    CHECK_INT(store_add_question(s, &qn, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "name");
    sb_free(&b);
    CHECK_INT(total_rows(s), 1);
    store_close(s);
    free(path);
}

static void test_invalid_input_rejected(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path);
    CHECK(s);
    store_receipt_t r;
    static const char *const bad_texts[] = {
        "bad \xFF byte", "overlong \xC0\xAF", "surrogate \xED\xA0\x80", "truncated \xE6\x97",
        "bell \x07", "escape \x1b[31m", "del \x7f", "C1 \xC2\x85", "bidi \xE2\x80\xAE override",
        "", "   \n\t ",
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(bad_texts); i++) {
        question_in_t q = {.text = bad_texts[i], .lang = "en"};
        CHECK_MSG(store_add_question(s, &q, &r) == STORE_INVALID, "text #%zu accepted", i);
        CHECK_STR(store_errfield(s), "text");
        CHECK(store_errmsg(s)[0] != '\0');
    }
    question_in_t q = {.text = NULL, .lang = "en"};
    CHECK_INT(store_add_question(s, &q, &r), STORE_INVALID);
    CHECK_CONTAINS(store_errmsg(s), "text is required");
    q = (question_in_t){.text = "fine", .name = "bad\x01name", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, &r), STORE_INVALID);
    CHECK_CONTAINS(store_errmsg(s), "name contains a control character (U+0001)");
    q = (question_in_t){.text = "fine", .lang = NULL};
    CHECK_INT(store_add_question(s, &q, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "lang");

    signup_in_t ok = {.name = "A", .email = "a@b.org", .lang = "en", .consent_version = "1"};
    signup_in_t su = ok;
    su.consent_version = NULL;
    CHECK_INT(store_add_signup(s, &su, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "consent_version");
    su = ok;
    su.name = " ";
    CHECK_INT(store_add_signup(s, &su, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "name");
    su = ok;
    su.email = "not-an-address";
    CHECK_INT(store_add_signup(s, &su, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "email");
    CHECK_CONTAINS(store_errmsg(s), "email is not a valid address");
    su = ok;
    su.message = "hi \xF0\x9F";
    CHECK_INT(store_add_signup(s, &su, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "message");
    su = ok;
    su.phone = "123\x1b";
    CHECK_INT(store_add_signup(s, &su, &r), STORE_INVALID);
    CHECK_STR(store_errfield(s), "phone");
    CHECK_INT(store_add_question(s, NULL, &r), STORE_INVALID);
    CHECK_INT(store_add_signup(s, NULL, &r), STORE_INVALID);

    CHECK_INT(total_rows(s), 0);
    /* nothing consumed a sequence number either */
    CHECK_INT(store_add_signup(s, &ok, &r), STORE_OK);
    CHECK_INT(r.seq, 1);
    CHECK_STR(store_errmsg(s), "");
    CHECK_STR(store_errfield(s), "");
    store_close(s);
    free(path);
}

static void test_email_valid(void)
{
    static const char *const good[] = {"a@b.org", "first.last+tag@example.co.jp", "x_y@sub.example.com",
                                       "민지@예시.한국", "o'neil@example.ie"};
    static const char *const bad[] = {"", "plain", "@example.org", "a@", "a@b", "a@b.", "a@.org", "a@b..org",
                                      "a b@c.org", "a@b.c", "a@@b.org", "a@b@c.org", "a@b.org\n", "<a@b.org>",
                                      "a,b@c.org", "a@b\xFF.org", "a\xE3\x80\x80@b.org", NULL};
    for (size_t i = 0; i < AGM_ARRAY_LEN(good); i++)
        CHECK_MSG(store_email_valid(good[i]), "rejected %s", good[i]);
    for (size_t i = 0; i < AGM_ARRAY_LEN(bad); i++)
        CHECK_MSG(!store_email_valid(bad[i]), "accepted #%zu %s", i, bad[i] ? bad[i] : "(null)");
    strbuf_t b = {0};
    sb_append(&b, "a@");
    while (b.len < 251)
        sb_append(&b, "x");
    sb_append(&b, ".org"); /* 255 bytes */
    CHECK(!store_email_valid(b.s));
    sb_free(&b);
}

static void test_uuid4(void)
{
    char a[37], b[37];
    CHECK(store_uuid4(a));
    CHECK(store_uuid4(b));
    CHECK(looks_like_uuid4(a));
    CHECK(looks_like_uuid4(b));
    CHECK(strcmp(a, b) != 0);
}

static void test_file_mode_and_pragmas(void)
{
    mode_t old = umask(0); /* the store must not depend on the umask */
    char *path = fresh_path();
    store_t *s = open_ok(path);
    umask(old);
    CHECK(s);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(stat(dir, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0700);
    question_in_t q = {.text = "x", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    char *wal = xasprintf("%s-wal", path);
    CHECK(stat(wal, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    free(wal);
    free(dir);
    sqlite3 *db = store_sqlite(s);
    char *mode = q_text(db, "PRAGMA journal_mode");
    CHECK_STR(mode, "wal");
    free(mode);
    CHECK_INT(q_int(db, "PRAGMA synchronous"), 2);
    CHECK_INT(q_int(db, "PRAGMA foreign_keys"), 1);
    CHECK_INT(q_int(db, "PRAGMA secure_delete"), 1);
    CHECK_INT(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    store_close(s);
    /* an existing file with loose permissions is tightened */
    CHECK(chmod(path, 0644) == 0);
    s = open_ok(path);
    CHECK(s);
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    store_close(s);
    free(path);
}

static void test_sync_count(void)
{
    char *path = fresh_path();
    store_opts_t o = {.count_syncs = true};
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "k", &o, &notice, &err);
    CHECK_MSG(s, "%s", err);
    question_in_t q = {.text = "sync me", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK); /* warm up: WAL header */
    uint64_t per[5];
    for (int i = 0; i < 5; i++) {
        uint64_t before = store_vfs_sync_count();
        CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
        per[i] = store_vfs_sync_count() - before;
    }
    fprintf(stderr, "  syncs per submission: %llu %llu %llu %llu %llu\n", (unsigned long long)per[0],
            (unsigned long long)per[1], (unsigned long long)per[2], (unsigned long long)per[3],
            (unsigned long long)per[4]);
    for (int i = 0; i < 5; i++)
        CHECK_INT(per[i], 1); /* WAL + synchronous=FULL: one fsync of the WAL per commit */
    /* a rejected submission costs no sync at all */
    uint64_t before = store_vfs_sync_count();
    question_in_t bad = {.text = "", .lang = "en"};
    CHECK_INT(store_add_question(s, &bad, NULL), STORE_INVALID);
    CHECK_INT(store_vfs_sync_count() - before, 0);
    store_close(s);
    free(path);
}

/* ---- migrations ------------------------------------------------------ */

/* Build a database at path at schema version `version` with the store's
 * own migration scripts, plus rows when version >= 1. */
static bool make_old_db(const char *path, int version)
{
    sqlite3 *db = NULL;
    bool ok = sqlite3_open(path, &db) == SQLITE_OK;
    for (int v = 0; ok && v < version; v++)
        ok = store_exec_script(db, store_schema_sql(v)) == SQLITE_OK;
    if (ok && version >= 1)
        ok = store_exec_script(db,
                 "INSERT INTO meta VALUES('kiosk_id', 'old-kiosk');"
                 "UPDATE meta SET value = '3' WHERE key = 'next_seq';"
                 "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, name, topic, status)"
                 " VALUES('11111111-1111-4111-8111-111111111111', 1, 'old-kiosk', '2025-05-01T10:00:00Z', 'ja',"
                 " '古い質問', 'A', 't1', 'approved');"
                 "INSERT INTO signups(uuid, seq, kiosk_id, created_at, lang, name, email, phone, interests,"
                 " languages, message, consent_version)"
                 " VALUES('22222222-2222-4222-8222-222222222222', 2, 'old-kiosk', '2025-05-01T10:01:00Z', 'ko',"
                 " '이름', 'x@y.org', '010', 'newsletter', 'ko', '메시지', 'c1');") == SQLITE_OK;
    if (ok) {
        char *sql = xasprintf("PRAGMA user_version = %d", version);
        ok = store_exec_script(db, sql) == SQLITE_OK;
        free(sql);
    }
    sqlite3_close(db);
    return ok;
}

/* v2 -> v3: a batch exported by version 0.1 stays finished (its rows stay
 * exported) but counts as never read back, so a wipe asks for it again. */
static void test_migrate_from_v2(void)
{
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    CHECK(make_old_db(path, 2));
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(store_exec_script(db, "INSERT INTO export_batches(id, created_at, questions, signups, files, covered_all)"
                                " VALUES(1, '2025-05-01T11:00:00Z', 1, 1, 'q.csv;s.csv', 1);"
                                "UPDATE questions SET export_batch = 1; UPDATE signups SET export_batch = 1;") ==
          SQLITE_OK);
    sqlite3_close(db);
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK_INT(q_int(store_sqlite(s), "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new + c.signups_new, 0);
    CHECK_INT(c.last_batch, 1);
    CHECK(c.last_covered_all);
    CHECK_INT(c.unverified_batches, 1);
    CHECK_INT(c.unfinished_batches, 0);
    store_batch_t b;
    bool found = false;
    CHECK_INT(store_batch_get(s, 1, &b, &found), STORE_OK);
    CHECK(found && b.state == STORE_BATCH_DONE && !b.verified);
    CHECK_STR(b.files[0], "q.csv");
    CHECK_STR(b.files[1], "s.csv");
    store_close(s);
    free(path);
}

static void test_migrate_from_v1(void)
{
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    CHECK(make_old_db(path, 1));
    store_t *s = open_ok(path);
    CHECK(s);
    sqlite3 *db = store_sqlite(s);
    CHECK_INT(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    char *t = row_field(db, "questions", "text || '|' || name || '|' || topic || '|' || status || '|' || seq || '|' || "
                                         "created_at || '|' || (export_batch IS NULL)",
                        "11111111-1111-4111-8111-111111111111");
    CHECK_STR(t, "古い質問|A|t1|approved|1|2025-05-01T10:00:00Z|1");
    free(t);
    t = row_field(db, "signups", "name || '|' || email || '|' || message || '|' || consent_version || '|' || seq",
                  "22222222-2222-4222-8222-222222222222");
    CHECK_STR(t, "이름|x@y.org|메시지|c1|2");
    free(t);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                        "('export_batches', 'questions_export_batch', 'signups_export_batch')"), 3);
    /* the sequence continues where the old kiosk stopped */
    store_receipt_t r;
    question_in_t q = {.text = "new", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    CHECK_INT(r.seq, 3);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions, 2);
    CHECK_INT(c.signups, 1);
    CHECK_INT(c.questions_new, 2);
    CHECK_INT(q_int(db, "PRAGMA foreign_key_check"), -1); /* no violations: no row */
    store_close(s);
    free(path);
}

/* v5 -> v6: a kiosk's database from before the usage counts keeps its rows
 * and gains the table, empty; counts then add up in it. */
static void test_migrate_from_v5(void)
{
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    CHECK(make_old_db(path, 5));
    store_t *s = open_ok(path);
    CHECK(s);
    if (!s) {
        free(path);
        return;
    }
    sqlite3 *db = store_sqlite(s);
    CHECK_INT(q_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 1);
    CHECK_INT(q_int(db, "SELECT count(*) FROM usage_counts"), 0);
    store_usage_t u = {"2012-10-08T09:00Z", "screen", "report", 3, 120};
    CHECK_INT(store_usage_add(s, &u, 1), STORE_OK);
    CHECK_INT(store_usage_add(s, &u, 1), STORE_OK);
    CHECK_INT(q_int(db, "SELECT opened FROM usage_counts"), 6);
    store_close(s);
    free(path);
}

static void test_failed_migration_rolls_back(void)
{
    /* a v1 file where the last statement of the v1->v2 step must fail */
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    CHECK(make_old_db(path, 1));
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(store_exec_script(db, "CREATE INDEX signups_export_batch ON signups(email)") == SQLITE_OK);
    sqlite3_close(db);
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "k", &notice, &err);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, "could not migrate the database from schema version 1 to 2");
    free(err);
    /* the whole step was undone: still v1, same columns, same rows */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK_INT(q_int(db, "PRAGMA user_version"), 1);
    CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'export_batches'"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM pragma_table_info('questions') WHERE name = 'export_batch'"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 1);
    CHECK_INT(q_int(db, "SELECT count(*) FROM signups"), 1);
    sqlite3_close(db);
    free(path);
}

static void test_future_version_refused(void)
{
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    CHECK(make_old_db(path, 2));
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(store_exec_script(db, "PRAGMA user_version = 99") == SQLITE_OK);
    sqlite3_close(db);
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "k", &notice, &err);
    CHECK(s == NULL);
    CHECK(notice == NULL);
    char *want = xasprintf("schema version 99, newer than this program knows (%d)", STORE_SCHEMA_VERSION);
    CHECK_CONTAINS(err, want);
    free(want);
    free(err);
    /* refused, not moved aside: the file is still there, untouched */
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK_INT(q_int(db, "PRAGMA user_version"), 99);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 1);
    sqlite3_close(db);
    free(path);
}

static void test_foreign_table_refused(void)
{
    /* a SQLite file of another program: not ours, not corrupt */
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(store_exec_script(db, "CREATE TABLE questions(x); INSERT INTO questions VALUES(1);") == SQLITE_OK);
    sqlite3_close(db);
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "k", &notice, &err);
    CHECK(s == NULL);
    CHECK_CONTAINS(err, "could not migrate the database from schema version 0 to 1");
    free(err);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 1);
    CHECK_INT(q_int(db, "PRAGMA user_version"), 0);
    sqlite3_close(db);
    free(path);
}

/* ---- corrupt files --------------------------------------------------- */

/* The one entry in dir whose name starts with prefix, or NULL (caller frees). */
static char *find_aside(const char *dir, const char *prefix, int *count)
{
    DIR *d = opendir(dir);
    char *found = NULL;
    *count = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && !strstr(e->d_name, "-wal") &&
            !strstr(e->d_name, "-shm")) {
            (*count)++;
            free(found);
            found = path_join(dir, e->d_name);
        }
    }
    if (d)
        closedir(d);
    return found;
}

/* Open a store over an unusable file at path and check the recovery. */
static void check_moved_aside(const char *dir, const char *path, const char *orig, size_t orig_len)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "k", &notice, &err);
    CHECK_MSG(s, "%s", err);
    CHECK_CONTAINS(notice, "db: the database was unreadable and was moved to ");
    CHECK_CONTAINS(notice, "a new one was started");
    int n;
    char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(notice, aside);
    /* "<path>.corrupt-YYYYMMDDTHHMMSSZ" */
    const char *stamp = strstr(aside, ".corrupt-") + strlen(".corrupt-");
    CHECK_INT(strlen(stamp), 16);
    CHECK(stamp[8] == 'T' && stamp[15] == 'Z');
    if (orig) {
        size_t len = 0;
        char *bytes = file_read_all(aside, &len);
        CHECK(bytes);
        CHECK_INT(len, orig_len);
        CHECK(memcmp(bytes, orig, orig_len) == 0);
        free(bytes);
    } else {
        struct stat st;
        CHECK(stat(aside, &st) == 0 && S_ISDIR(st.st_mode));
    }
    free(aside);
    question_in_t q = {.text = "after recovery", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    CHECK_INT(r.seq, 1);
    store_close(s);
    free(notice);
    free(err);
}

static void test_corrupt_garbage(void)
{
    const char *dir = test_tmpdir();
    static const char garbage[] = "this is not a database, just some text that someone saved here\n";
    char *path = test_write_file(dir, "agmkiosk.db", garbage);
    char *wal = test_write_file(dir, "agmkiosk.db-wal", "stale wal");
    check_moved_aside(dir, path, garbage, strlen(garbage));
    int n;
    char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
    CHECK(aside);
    char *aside_wal = xasprintf("%s-wal", aside);
    size_t len;
    char *bytes = file_read_all(aside_wal, &len);
    CHECK(bytes && strcmp(bytes, "stale wal") == 0);
    free(bytes);
    free(aside_wal);
    free(aside);
    free(wal);
    free(path);
}

static void test_corrupt_truncated(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "agmkiosk.db");
    store_t *s = open_ok(path);
    CHECK(s);
    strbuf_t b = {0};
    for (int i = 0; i < 900; i++)
        sb_append(&b, "z");
    question_in_t q = {.text = b.s, .lang = "en"};
    for (int i = 0; i < 40; i++)
        CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    sb_free(&b);
    store_close(s); /* checkpoints: everything is in the main file */
    size_t len = 0;
    char *bytes = file_read_all(path, &len);
    CHECK(bytes && len > 8192);
    len = len / 2 + 100; /* cut mid-page */
    CHECK(truncate(path, (off_t)len) == 0);
    check_moved_aside(dir, path, bytes, len);
    free(bytes);
    free(path);
}

static void test_corrupt_short_header(void)
{
    const char *dir = test_tmpdir();
    static const char head[] = "SQLite format 3"; /* a header cut short */
    char *path = test_write_file(dir, "agmkiosk.db", head);
    check_moved_aside(dir, path, head, strlen(head));
    free(path);
}

static void test_directory_in_the_way(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "agmkiosk.db");
    CHECK(mkdir(path, 0700) == 0);
    char *inner = test_write_file(path, "keep.txt", "keep me");
    check_moved_aside(dir, path, NULL, 0);
    int n;
    char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
    CHECK(aside);
    char *kept = path_join(aside, "keep.txt");
    size_t len;
    char *bytes = file_read_all(kept, &len);
    CHECK(bytes && strcmp(bytes, "keep me") == 0);
    free(bytes);
    free(kept);
    free(aside);
    free(inner);
    free(path);
}

static void test_empty_file_is_fresh(void)
{
    /* a zero-length file is a valid empty database, nothing to move */
    const char *dir = test_tmpdir();
    char *path = test_write_file(dir, "agmkiosk.db", "");
    store_t *s = open_ok(path);
    CHECK(s);
    int n;
    char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
    CHECK_INT(n, 0);
    free(aside);
    store_close(s);
    free(path);
}

static void test_empty_file_with_wal_moved_aside(void)
{
    /* SQLite would delete this WAL; the store keeps it */
    const char *dir = test_tmpdir();
    char *path = test_write_file(dir, "agmkiosk.db", "");
    char *wal = test_write_file(dir, "agmkiosk.db-wal", "frames that may matter");
    check_moved_aside(dir, path, "", 0);
    int n;
    char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
    CHECK(aside);
    char *aside_wal = xasprintf("%s-wal", aside);
    size_t len;
    char *bytes = file_read_all(aside_wal, &len);
    CHECK(bytes && strcmp(bytes, "frames that may matter") == 0);
    free(bytes);
    free(aside_wal);
    free(aside);
    free(wal);
    free(path);
}

/* A symbolic link where the database or one of its side files belongs
 * (agmkiosk.db -> /etc/passwd, and a root kiosk) must never be followed:
 * its target keeps its mode and bytes, the link is set aside like any file
 * that is not a database, and a fresh database is started. */
static void test_symlink_never_followed(void)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(sfx); i++) {
        char *dir = xasprintf("%s/link%zu", test_tmpdir(), i);
        CHECK(mkdir(dir, 0700) == 0);
        char *path = path_join(dir, "agmkiosk.db");
        if (i > 0) { /* a good database whose side file is a link */
            store_t *s = open_ok(path);
            CHECK(s);
            store_close(s);
        }
        const char *body = "root:x:0:0:root:/root:/bin/sh\n";
        char *victim = test_write_file(test_tmpdir(), "victim", body);
        CHECK(chmod(victim, 0644) == 0);
        char *link = xasprintf("%s%s", path, sfx[i]);
        unlink(link);
        CHECK(symlink(victim, link) == 0);

        /* read-only (status): refused, nothing moved, target untouched */
        store_opts_t ro = {.read_only = true};
        char *notice = NULL, *err = NULL;
        store_t *s = store_open_ex(path, "k", &ro, &notice, &err);
        CHECK(s == NULL);
        CHECK_CONTAINS(err, "symbolic link");
        free(err);
        struct stat st;
        CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));

        /* read-write (the kiosk, export): the link is set aside */
        s = store_open(path, "k", &notice, &err);
        CHECK_MSG(s, "%s", err);
        CHECK_CONTAINS(notice, "moved");
        question_in_t q = {.text = "saved in a fresh file", .lang = "en"};
        CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
        store_close(s);
        free(notice);
        CHECK(stat(victim, &st) == 0);
        CHECK_MSG((st.st_mode & 07777) == 0644, "%s: the target's mode became %o", sfx[i][0] ? sfx[i] : "db",
                  (unsigned)(st.st_mode & 07777));
        size_t len;
        char *now = file_read_all(victim, &len);
        CHECK_MSG(now && strcmp(now, body) == 0, "%s: the target was changed", sfx[i][0] ? sfx[i] : "db");
        free(now);
        CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode));
        int n;
        char *aside = find_aside(dir, "agmkiosk.db.corrupt-", &n);
        if (aside && strstr(aside, "-journal")) /* find_aside may return the moved journal */
            *strstr(aside, "-journal") = '\0';
        char *aside_link = xasprintf("%s%s", aside ? aside : "?", sfx[i]);
        CHECK_MSG(lstat(aside_link, &st) == 0 && S_ISLNK(st.st_mode), "%s not set aside as a link", aside_link);
        free(aside_link);
        free(aside);
        CHECK(unlink(victim) == 0);
        free(link);
        free(victim);
        free(path);
        free(dir);
    }
}

static void test_bad_kiosk_id(void)
{
    char *path = fresh_path();
    static const char *const bad[] = {"kiosk\n2", "k\x1b", "k\xFF", "k\xE2\x80\xAE"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(bad); i++) {
        char *notice = NULL, *err = NULL;
        store_t *s = store_open(path, bad[i], &notice, &err);
        CHECK(s == NULL);
        CHECK_CONTAINS(err, "kiosk id");
        free(err);
    }
    /* none given: the one recorded in the database, else "kiosk" */
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, NULL, &notice, &err);
    CHECK_MSG(s, "%s", err);
    CHECK_STR(store_kiosk_id(s), "kiosk");
    store_close(s);
    s = store_open(path, "会場-1", &notice, &err);
    CHECK(s);
    CHECK_STR(store_kiosk_id(s), "会場-1");
    store_close(s);
    free(path);
}

static void test_close_null_and_bad_args(void)
{
    store_close(NULL);
    char *notice = (char *)"x", *err = NULL;
    CHECK(store_open("", "k", &notice, &err) == NULL);
    CHECK(notice == NULL);
    CHECK_CONTAINS(err, "no database path");
    free(err);
    CHECK_INT(store_add_question(NULL, NULL, NULL), STORE_IOERR);
    store_counts_t c;
    CHECK(!store_counts(NULL, &c));
    CHECK(store_sqlite(NULL) == NULL);
}

int main(void)
{
    RUN(test_question_round_trip);
    RUN(test_signup_round_trip);
    RUN(test_seq_shared_and_persistent);
    RUN(test_lengths);
    RUN(test_invalid_input_rejected);
    RUN(test_email_valid);
    RUN(test_uuid4);
    RUN(test_file_mode_and_pragmas);
    RUN(test_sync_count);
    RUN(test_migrate_from_v1);
    RUN(test_migrate_from_v2);
    RUN(test_migrate_from_v5);
    RUN(test_failed_migration_rolls_back);
    RUN(test_future_version_refused);
    RUN(test_foreign_table_refused);
    RUN(test_corrupt_garbage);
    RUN(test_corrupt_truncated);
    RUN(test_corrupt_short_header);
    RUN(test_directory_in_the_way);
    RUN(test_empty_file_is_fresh);
    RUN(test_empty_file_with_wal_moved_aside);
    RUN(test_symlink_never_followed);
    RUN(test_bad_kiosk_id);
    RUN(test_close_null_and_bad_args);
    return test_summary();
}
