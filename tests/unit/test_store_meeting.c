/* The general meeting in the store: check-ins of each kind, what is
 * refused (a proxy without its holder, a member checked in twice, an undo
 * of nothing or undone twice), undo as a row of its own, the counts; the
 * names sealed when records are sealed while kind, member id and counts
 * stay readable; hand-counts with a correction kept as history and the
 * result computed by the store; the migration from schema v5; a second
 * connection seeing the changes through the change counter; the questions
 * tally for the minutes. */
#include "test.h"
#include "core/seal.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_internal.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static store_t *open_ok(const char *path)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "hall-a", &notice, &err);
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

static void test_checkins_and_undo(void)
{
    char *path = path_join(test_tmpdir(), "d/agmkiosk.db");
    store_t *s = open_ok(path);
    CHECK(s);
    store_receipt_t a, b, c, g;
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "M1", "Anna Becker", NULL}, &a), STORE_OK);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_WRITTEN, "M2", "田中 花子", NULL}, &b), STORE_OK);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PROXY, "M3", "김민수", "the chair"}, &c), STORE_OK);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_GUEST, "", "Omar", NULL}, &g), STORE_OK);
    /* refused, with the field named */
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PROXY, "M4", "Luis", ""}, NULL), STORE_INVALID);
    CHECK_STR(store_errfield(s), "proxy_to");
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "M1", "Anna Becker", NULL}, NULL), STORE_INVALID);
    CHECK_CONTAINS(store_errmsg(s), "checked in already");
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "", "  ", NULL}, NULL), STORE_INVALID);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "", "bad\x01", NULL}, NULL), STORE_INVALID);
    meet_attendance_t n;
    CHECK_INT(store_attendance_counts(s, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PRESENT], 1);
    CHECK_INT(n.n[MEET_WRITTEN], 1);
    CHECK_INT(n.n[MEET_PROXY], 1);
    CHECK_INT(n.n[MEET_GUEST], 1);
    /* undo: a row of its own; the member may then check in again */
    store_receipt_t u;
    CHECK_INT(store_checkin_undo(s, a.uuid, &u), STORE_OK);
    CHECK(u.seq > g.seq);
    CHECK_INT(store_checkin_undo(s, a.uuid, NULL), STORE_INVALID); /* undone already */
    CHECK_INT(store_checkin_undo(s, u.uuid, NULL), STORE_INVALID); /* an undo is no check-in */
    CHECK_INT(store_checkin_undo(s, "nope", NULL), STORE_INVALID);
    CHECK_INT(store_attendance_counts(s, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PRESENT], 0);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_WRITTEN, "M1", "Anna Becker", NULL}, NULL), STORE_OK);
    store_checkins_t l;
    CHECK_INT(store_checkins(s, &l), STORE_OK);
    CHECK_INT(l.n, 4);
    CHECK_INT(l.undone, 1);
    CHECK_INT(l.counts.n[MEET_WRITTEN], 2);
    CHECK_STR(l.v[0].member_id, "M1");                /* newest first */
    CHECK_STR(l.v[2].proxy_to, "the chair");
    store_checkins_free(&l);
    char *rows = q_text(s, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM attendance ORDER BY seq)");
    CHECK_STR(rows, "present,written,proxy,guest,undo,written"); /* nothing changed or deleted */
    free(rows);
    store_close(s);
    free(path);
}

static void test_sealed_names(void)
{
    CHECK(seal_init());
    seal_pub_t pub;
    uint8_t sk[SEAL_SK_BYTES];
    crypto_box_keypair(pub.pk, sk);
    seal_fingerprint(pub.pk, pub.id);
    char *path = path_join(test_tmpdir(), "s/agmkiosk.db");
    store_t *s = open_ok(path);
    CHECK(s);
    store_seal_t seal = {.key = pub};
    store_set_seal(s, &seal);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PROXY, "M3", "Secret Name", "Holder Name"}, NULL),
              STORE_OK);
    char *v = q_text(s, "SELECT kind || '|' || member_id || '|' || substr(name, 1, 10) || '|' || "
                        "substr(proxy_to, 1, 10) || '|' || sealed_to FROM attendance");
    char want[128];
    snprintf(want, sizeof want, "proxy|M3|sealed:v1:|sealed:v1:|%s", pub.id);
    CHECK_STR(v, want);
    free(v);
    meet_attendance_t n;
    CHECK_INT(store_attendance_counts(s, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PROXY], 1);                    /* counts stay readable */
    /* no byte of the names in the database or its WAL */
    for (int k = 0; k < 2; k++) {
        char *f = xasprintf("%s%s", path, k ? "-wal" : "");
        size_t len = 0;
        char *data = file_read_all(f, &len);
        CHECK(data || k);
        CHECK(!data || !memmem(data, len, "Secret Name", 11));
        CHECK(!data || !memmem(data, len, "Holder Name", 11));
        free(data);
        free(f);
    }
    store_close(s);
    free(path);
}

static void test_votes_history(void)
{
    char *path = path_join(test_tmpdir(), "v/agmkiosk.db");
    store_t *s = open_ok(path);
    CHECK(s);
    store_vote_in_t in = {"approve-report", MEET_ATTENDING, 20, 5, 15, 40, true};
    CHECK_INT(store_vote_add(s, &in, NULL), STORE_OK);  /* 20 of 40: rejected */
    in.votes_for = 21;
    in.abstain = 14;
    CHECK_INT(store_vote_add(s, &in, NULL), STORE_OK);  /* the correction: passed */
    store_vote_in_t other = {"approve-plan", MEET_SIMPLE, 3, 1, 0, 10, false};
    CHECK_INT(store_vote_add(s, &other, NULL), STORE_OK);
    store_vote_in_t bad = {"approve-plan", MEET_SIMPLE, -1, 0, 0, 1, true};
    CHECK_INT(store_vote_add(s, &bad, NULL), STORE_INVALID);
    CHECK_STR(store_errfield(s), "votes_for");
    store_votes_t l;
    CHECK_INT(store_votes(s, &l), STORE_OK);
    CHECK_INT(l.n, 3);
    size_t entries = 0;
    const store_vote_t *e = store_votes_latest(&l, "approve-report", &entries);
    CHECK(e);
    CHECK_INT(entries, 2);
    CHECK_INT(e->votes_for, 21);
    CHECK_INT(e->outcome, MEET_PASSED);
    CHECK_INT(l.v[0].outcome, MEET_REJECTED);          /* the first entry is kept as it was */
    e = store_votes_latest(&l, "approve-plan", &entries);
    CHECK(e && entries == 1 && e->outcome == MEET_NO_QUORUM && !e->quorum);
    CHECK(!store_votes_latest(&l, "approve-accounts", &entries) && entries == 0);
    store_votes_free(&l);
    char *r = q_text(s, "SELECT group_concat(result, ',') FROM (SELECT result FROM votes ORDER BY seq)");
    CHECK_STR(r, "rejected,passed,no_quorum");
    free(r);
    store_close(s);
    free(path);
}

static void test_migrate_from_v5_and_second_connection(void)
{
    char *path = path_join(test_tmpdir(), "m/agmkiosk.db");
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    CHECK(mkdir_p(dir, 0700) == 0);
    free(dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    for (int v = 0; v < 5; v++)
        CHECK(store_exec_script(db, store_schema_sql(v)) == SQLITE_OK);
    CHECK(store_exec_script(db, "INSERT INTO meta VALUES('kiosk_id', 'old');"
                                "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, status)"
                                " VALUES('11111111-1111-4111-8111-111111111111', 1, 'old', '2025-05-01T10:00:00Z',"
                                " 'en', 'old question', 'answered');"
                                "UPDATE meta SET value = '2' WHERE key = 'next_seq';"
                                "PRAGMA user_version = 5;") == SQLITE_OK);
    sqlite3_close(db);
    store_t *s = open_ok(path);
    CHECK(s);
    char *v = q_text(s, "PRAGMA user_version");
    CHECK_INT(v ? atoi(v) : -1, STORE_SCHEMA_VERSION);
    free(v);
    int64_t rec = 0, ans = 0;
    CHECK_INT(store_question_tally(s, &rec, &ans), STORE_OK);
    CHECK_INT(rec, 1);
    CHECK_INT(ans, 1);
    /* a second process on the same database (the slideshow) sees a check-in */
    char *err = NULL;
    store_t *other = store_open_again(s, &err);
    CHECK(other);
    free(err);
    uint64_t before = store_data_version(other);
    meet_attendance_t n;
    CHECK_INT(store_attendance_counts(other, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PRESENT], 0);
    store_receipt_t r;
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "", "Walk In", NULL}, &r), STORE_OK);
    CHECK_INT(r.seq, 2);                               /* the kiosk's one counter */
    CHECK(store_data_version(other) != before);
    CHECK_INT(store_attendance_counts(other, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PRESENT], 1);
    store_close(other);
    store_close(s);
    free(path);
}

/* The wipe takes the register (it holds names) and the hand-counts with the
 * questions and sign-ups: no name is left in the database file or its WAL. */
static void test_wipe_takes_the_register(void)
{
    char *path = path_join(test_tmpdir(), "w/agmkiosk.db");
    store_t *s = open_ok(path);
    CHECK(s);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PRESENT, "M1", "Zelda Quasimodo", NULL}, NULL), STORE_OK);
    CHECK_INT(store_checkin(s, &(store_checkin_in_t){MEET_PROXY, "M2", "Yorick Plumtree", "Xavier Ombudsman"}, NULL),
              STORE_OK);
    store_vote_in_t in = {.resolution = "report", .majority = MEET_SIMPLE, .votes_for = 2, .attending = 2,
                          .quorum = true};
    CHECK_INT(store_vote_add(s, &in, NULL), STORE_OK);
    store_wipe_result_t wr;
    char *err = NULL;
    CHECK_MSG(store_wipe(s, &wr, &err) == STORE_OK, "%s", err ? err : "");
    free(err);
    CHECK_INT(wr.attendance_rows, 2);
    CHECK_INT(wr.vote_rows, 1);
    meet_attendance_t n;
    CHECK_INT(store_attendance_counts(s, &n), STORE_OK);
    CHECK_INT(n.n[MEET_PRESENT] + n.n[MEET_PROXY], 0);
    store_votes_t l = {0};
    CHECK_INT(store_votes(s, &l), STORE_OK);
    CHECK_INT((long long)l.n, 0);
    store_votes_free(&l);
    store_close(s);
    const char *names[] = {"Zelda Quasimodo", "Yorick Plumtree", "Xavier Ombudsman"};
    const char *suffix[] = {"", "-wal"};
    for (int f = 0; f < 2; f++) {
        char *fp = xasprintf("%s%s", path, suffix[f]);
        FILE *fh = fopen(fp, "rb");
        if (fh) {
            strbuf_t all = {0};
            char buf[4096];
            size_t k;
            while ((k = fread(buf, 1, sizeof buf, fh)) > 0)
                sb_appendn(&all, buf, k);
            fclose(fh);
            for (size_t i = 0; i < 3; i++)
                CHECK_MSG(!all.s || !memmem(all.s, all.len, names[i], strlen(names[i])), "%s left in %s", names[i], fp);
            sb_free(&all);
        }
        free(fp);
    }
    free(path);
}

int main(void)
{
    RUN(test_checkins_and_undo);
    RUN(test_sealed_names);
    RUN(test_votes_history);
    RUN(test_migrate_from_v5_and_second_connection);
    RUN(test_wipe_takes_the_register);
    return test_summary();
}
