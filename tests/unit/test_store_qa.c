/* Live Q&A in the store: the opt-in stored and exported with the row, the
 * migration from v3, which fields stay readable under sealing, moderation
 * states and the question on screen, the change counter seen by a second
 * connection, the public count, import (dedup, own rows, seq conflicts)
 * and the wipe. */
#include "test.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *fresh_path(void)
{
    return path_join(test_tmpdir(), "data/agmkiosk.db");
}

static store_t *open_ok(const char *path, const char *kiosk)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, kiosk, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    free(notice);
    free(err);
    return s;
}

static char *q_text(store_t *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static store_receipt_t ask(store_t *s, const char *text, const char *name, bool show)
{
    question_in_t q = {.text = text, .name = name, .lang = "en", .may_show = show};
    store_receipt_t r;
    if (store_add_question(s, &q, &r) != STORE_OK)
        fprintf(stderr, "  store_add_question: %s\n", store_errmsg(s));
    return r;
}

static void test_opt_in_stored(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path, "k1");
    CHECK(s);
    store_receipt_t a = ask(s, "Shown?", "Ann", true);
    store_receipt_t b = ask(s, "Private", "Bo", false);
    char *sql = xasprintf("SELECT may_show FROM questions WHERE uuid = '%s'", a.uuid);
    char *v = q_text(s, sql);
    CHECK_STR(v, "yes");
    free(v);
    free(sql);
    sql = xasprintf("SELECT may_show FROM questions WHERE uuid = '%s'", b.uuid);
    v = q_text(s, sql);
    CHECK_STR(v, "no");
    free(v);
    free(sql);
    /* the generic path: blank is "no", anything but yes/no is refused */
    const store_record_t *r = store_record(STORE_QUESTIONS);
    int im = store_record_find(r, "may_show"), it = store_record_find(r, "text"), il = store_record_find(r, "lang");
    CHECK(im >= 0 && it >= 0 && il >= 0);
    const char *vals[16] = {0};
    vals[it] = "x";
    vals[il] = "en";
    vals[im] = "maybe";
    CHECK_INT(store_add_record(s, STORE_QUESTIONS, vals, NULL), STORE_INVALID);
    CHECK_STR(store_errfield(s), "may_show");
    vals[im] = "";
    CHECK_INT(store_add_record(s, STORE_QUESTIONS, vals, NULL), STORE_OK);
    v = q_text(s, "SELECT group_concat(may_show, ',') FROM (SELECT may_show FROM questions ORDER BY seq)");
    CHECK_STR(v, "yes,no,no");
    free(v);
    CHECK_INT(store_question_count(s), 3);
    store_close(s);
    free(path);
}

/* Where the sealing of records meets the opt-in. */
static void test_stays_clear(void)
{
    const store_record_t *r = store_record(STORE_QUESTIONS);
    int it = store_record_find(r, "text"), in = store_record_find(r, "name"), im = store_record_find(r, "may_show"),
        il = store_record_find(r, "lang");
    const char *vals[16] = {0};
    vals[it] = "Q";
    vals[in] = "Name";
    vals[im] = "no";
    CHECK(!store_record_opted_in(r, vals));
    CHECK(!store_field_stays_clear(r, (size_t)it, vals));
    CHECK(!store_field_stays_clear(r, (size_t)in, vals));
    CHECK(store_field_stays_clear(r, (size_t)il, vals));
    vals[im] = "yes";
    CHECK(store_record_opted_in(r, vals));
    CHECK(store_field_stays_clear(r, (size_t)it, vals));
    CHECK(!store_field_stays_clear(r, (size_t)in, vals)); /* never the name */
    /* sign-ups have no opt-in: every personal field is sealed */
    const store_record_t *su = store_record(STORE_SIGNUPS);
    const char *sv[16] = {0};
    CHECK(!store_field_stays_clear(su, (size_t)store_record_find(su, "message"), sv));
    CHECK(store_field_stays_clear(su, (size_t)store_record_find(su, "lang"), sv));
}

static void test_migrate_from_v3(void)
{
    char *path = fresh_path();
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    for (int v = 0; v < 3; v++)
        CHECK(store_exec_script(db, store_schema_sql(v)) == SQLITE_OK);
    CHECK(store_exec_script(db, "INSERT INTO meta VALUES('kiosk_id', 'old');"
                                "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text)"
                                " VALUES('11111111-1111-4111-8111-111111111111', 1, 'old', '2025-05-01T10:00:00Z',"
                                " 'en', 'old question');"
                                "PRAGMA user_version = 3;") == SQLITE_OK);
    sqlite3_close(db);
    store_t *s = open_ok(path, NULL);
    CHECK(s);
    char *v = q_text(s, "SELECT may_show || '|' || status FROM questions");
    CHECK_STR(v, "no|new"); /* nobody opted in before the choice existed */
    free(v);
    store_qa_list_t l;
    CHECK_INT(store_qa_list(s, STORE_QA_ANY, true, &l), STORE_OK);
    CHECK_INT(l.n, 0);
    store_qa_list_free(&l);
    store_close(s);
    free(path);
}

static void test_moderation(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path, "k1");
    CHECK(s);
    store_receipt_t a = ask(s, "First", "Ann", true);
    store_receipt_t b = ask(s, "Second", "Bo", true);
    store_receipt_t p = ask(s, "Private", "Cy", false);
    store_qa_list_t l;
    CHECK_INT(store_qa_list(s, STORE_QA_ANY, true, &l), STORE_OK);
    CHECK_INT(l.n, 2); /* only the opted-in ones */
    CHECK_STR(l.v[0].text, "Second"); /* newest first */
    CHECK_INT(l.count[STORE_QA_NEW], 2);
    CHECK_STR(l.shown, "");
    store_qa_list_free(&l);
    /* the private question cannot be moderated, let alone shown */
    CHECK_INT(store_qa_set(s, p.uuid, STORE_QA_SHOW_NOW), STORE_INVALID);
    CHECK_INT(store_qa_set(s, "nope", STORE_QA_APPROVE), STORE_INVALID);

    uint64_t v0 = store_qa_version(s);
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_APPROVE), STORE_OK);
    CHECK(store_qa_version(s) != v0);
    CHECK_INT(store_qa_set(s, b.uuid, STORE_QA_SHOW_NOW), STORE_OK);
    CHECK_INT(store_qa_list(s, STORE_QA_BIT(STORE_QA_APPROVED), false, &l), STORE_OK);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.v[0].text, "First");
    CHECK(!l.v[0].shown && l.v[1].shown);
    CHECK_STR(l.shown, b.uuid);
    CHECK_INT(l.count[STORE_QA_APPROVED], 2);
    store_qa_list_free(&l);
    /* answered: off the screen */
    CHECK_INT(store_qa_set(s, b.uuid, STORE_QA_ANSWER), STORE_OK);
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_HIDE), STORE_OK);
    CHECK_INT(store_qa_list(s, STORE_QA_ANY, true, &l), STORE_OK);
    CHECK_STR(l.shown, "");
    CHECK_INT(l.count[STORE_QA_ANSWERED], 1);
    CHECK_INT(l.count[STORE_QA_HIDDEN], 1);
    store_qa_list_free(&l);
    char *sql = xasprintf("SELECT status FROM questions WHERE uuid = '%s'", p.uuid);
    char *v = q_text(s, sql);
    CHECK_STR(v, "new");
    free(v);
    free(sql);

    /* a second connection (the slideshow process) sees the change */
    store_opts_t o = {.existing_only = true};
    char *notice = NULL, *err = NULL;
    store_t *r = store_open_ex(path, NULL, &o, &notice, &err);
    CHECK(r);
    free(notice);
    free(err);
    uint64_t rv = store_qa_version(r);
    CHECK_INT(store_qa_version(r), rv);
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_SHOW_NOW), STORE_OK);
    CHECK(store_qa_version(r) != rv);
    CHECK_INT(store_qa_list(r, STORE_QA_BIT(STORE_QA_APPROVED), false, &l), STORE_OK);
    CHECK_INT(l.n, 1);
    CHECK_STR(l.shown, a.uuid);
    store_qa_list_free(&l);
    CHECK_INT(store_qa_set(s, NULL, STORE_QA_UNSHOW), STORE_OK);
    CHECK_INT(store_qa_list(r, STORE_QA_ANY, false, &l), STORE_OK);
    CHECK_STR(l.shown, "");
    store_qa_list_free(&l);
    store_close(r);
    store_close(s);
    free(path);
}

static void test_import(void)
{
    char *path = fresh_path();
    store_t *s = open_ok(path, "proj");
    CHECK(s);
    store_receipt_t own = ask(s, "Mine", "", true);
    int64_t next = own.seq + 1;
    store_qa_import_t rows[] = {
        {"aaaaaaaa-1111-4111-8111-111111111111", "hall-a", "2012-10-08T09:00:00Z", "ja", "", "質問です", "new", 1},
        {"aaaaaaaa-2222-4222-8222-222222222222", "hall-a", "2012-10-08T09:01:00Z", "en", "", "Approved there",
         "approved", 2},
        /* the same seq as this kiosk's own row: another seq space */
        {"bbbbbbbb-1111-4111-8111-111111111111", "hall-b", "2012-10-08T09:02:00Z", "ko", "", "질문", "weird",
         own.seq},
        {own.uuid, "proj", "2012-10-08T09:03:00Z", "en", "", "Mine", "new", own.seq},
        {"cccccccc-1111-4111-8111-111111111111", "hall-a", "2012-10-08T09:04:00Z", "en", "", "bad\x01", "new", 9},
    };
    store_qa_import_result_t res;
    CHECK_INT(store_qa_import(s, rows, 5, &res), STORE_OK);
    CHECK_INT(res.added, 3);
    CHECK_INT(res.own, 1);
    CHECK_INT(res.invalid, 1);
    /* again, overlapping, with a new row and a seq taken by another uuid */
    store_qa_import_t again[] = {
        rows[0],
        {"aaaaaaaa-3333-4333-8333-333333333333", "hall-a", "2012-10-08T09:05:00Z", "en", "", "Third", "new", 3},
        {"dddddddd-1111-4111-8111-111111111111", "hall-a", "2012-10-08T09:06:00Z", "en", "", "Clash", "new", 1},
    };
    CHECK_INT(store_qa_import(s, again, 3, &res), STORE_OK);
    CHECK_INT(res.added, 1);
    CHECK_INT(res.duplicates, 1);
    CHECK_INT(res.conflicts, 1);
    store_qa_list_t l;
    CHECK_INT(store_qa_list(s, STORE_QA_ANY, false, &l), STORE_OK);
    CHECK_INT(l.n, 5);
    CHECK_INT(l.count[STORE_QA_APPROVED], 1);
    CHECK_INT(l.count[STORE_QA_NEW], 4);
    CHECK(l.v[0].imported);
    CHECK_STR(l.v[0].kiosk_id, "hall-a");
    store_qa_list_free(&l);
    /* imported rows moderate like own ones, and never take this kiosk's seq */
    CHECK_INT(store_qa_set(s, rows[0].uuid, STORE_QA_SHOW_NOW), STORE_OK);
    CHECK_INT(store_question_count(s), 1);
    store_receipt_t after = ask(s, "Later", "", false);
    CHECK_INT(after.seq, next);
    /* the wipe takes imported rows too (after exporting the own ones) */
    CHECK(store_exec_script(store_sqlite(s), "INSERT INTO export_batches(id, created_at, questions, signups, files,"
                                             " state, verified) VALUES(1, 'x', 2, 0, 'a;b', 'done', 1);"
                                             "UPDATE questions SET export_batch = 1;") == SQLITE_OK);
    store_wipe_result_t w;
    char *err = NULL;
    /* the moderation of the imported question is not exported yet */
    CHECK_INT(store_wipe(s, &w, &err), STORE_INVALID);
    CHECK(err && strstr(err, "moderation of 1 question"));
    free(err);
    err = NULL;
    CHECK(store_exec_script(store_sqlite(s), "UPDATE moderation_log SET export_batch = 1;") == SQLITE_OK);
    CHECK_MSG(store_wipe(s, &w, &err) == STORE_OK, "%s", err ? err : "");
    free(err);
    char *v = q_text(s, "SELECT (SELECT count(*) FROM imported_questions) || '|' ||"
                        " (SELECT count(*) FROM meta WHERE key = 'qa_shown') || '|' ||"
                        " (SELECT count(*) FROM moderation_log)");
    CHECK_STR(v, "0|0|0");
    free(v);
    store_close(s);
    free(path);
}

int main(void)
{
    RUN(test_opt_in_stored);
    RUN(test_stays_clear);
    RUN(test_migrate_from_v3);
    RUN(test_moderation);
    RUN(test_import);
    return test_summary();
}
