/* Export: CSV round trip with hostile text, neutralization, BOM, file
 * names, incremental batches with injected failures, --all and --batch. */
#include "test.h"
#include "test_export_fixture.h"
#include "export/csvw.h"
#include "export/export.h"
#include "core/log.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 ((time_t)1349691300) /* 2012-10-08T10:15:00Z */

/* Hostile question texts: each must survive export and parsing exactly. */
static const char *const hostile[] = {
    "He said \"hello\" and \"\"bye\"\"",
    "a,b,,c,",
    "line1\rline2",
    "line1\nline2",
    "line1\r\nline2\r\n",
    "=SUM(A1:A9)",
    "+1 555 0100",
    "-2+3",
    "@SUM(1)",
    "\tindented with a tab",
    "\rstarts with CR",
    "'=already quoted",
    "''+two apostrophes",
    "'",
    "'plain apostrophe",
    "😀 emoji 🎉 and ZWJ 👩‍💻",
    "日本語の質問です。来年の計画は？",
    "한국어 질문입니다. 내년 계획은?",
    "  padded with spaces  ",
    "\"",
    "x",
};

static char *long_text(void)
{
    /* 1,000 characters: "あ" is 3 bytes in UTF-8. */
    strbuf_t b = {0};
    for (int i = 0; i < 999; i++)
        sb_append(&b, "あ");
    sb_append(&b, "=");
    return sb_steal(&b);
}

static sqlite3 *hostile_db(const char *dir, char **longt)
{
    char *path = path_join(dir, "hostile.db");
    sqlite3 *db = fx_db_open(path);
    free(path);
    if (!db)
        return NULL;
    *longt = long_text();
    long long seq = 1;
    bool ok = true;
    for (size_t i = 0; i < AGM_ARRAY_LEN(hostile); i++)
        ok &= fx_add_question(db, "k1", seq++, "2012-10-08T09:00:00Z", i % 3 == 0 ? "ja" : i % 3 == 1 ? "ko" : "en",
                              hostile[i], i % 2 ? hostile[(i + 5) % AGM_ARRAY_LEN(hostile)] : "",
                              i % 4 ? "" : "=topic");
    ok &= fx_add_question(db, "k1", seq++, "2012-10-08T09:01:00Z", "ja", *longt, "", "");
    /* Sign-ups: hostile in every text field, and empty optional fields. */
    ok &= fx_add_signup(db, "k1", seq++, "2012-10-08T09:02:00Z", "en", "=HYPERLINK(\"http://x\")", "a@b.example",
                        "+81 90 0000 0000", "youth;=x", "ja;ko", "line1\r\nline2, \"quoted\"");
    ok &= fx_add_signup(db, "k1", seq++, "2012-10-08T09:03:00Z", "ko", "김민지", "kim@example.kr", "", "", "", "");
    ok &= fx_add_signup(db, "k1", seq++, "2012-10-08T09:04:00Z", "ja", "山田 花子", "@hanako@example.jp", "-", "",
                        "", *longt);
    if (!ok) {
        sqlite3_close(db);
        free(*longt);
        return NULL;
    }
    return db;
}

/* Compare every row of the table with the database, cell by cell, after
 * undoing neutralization when neutralized. Returns the first mismatch as a
 * message (caller frees) or NULL. */
static char *compare_with_db(sqlite3 *db, const char *table, const fx_table_t *t, bool neutralized)
{
    const store_record_t *rec = store_record(strcmp(table, "questions") == 0 ? STORE_QUESTIONS : STORE_SIGNUPS);
    int ncols = (int)rec->nfields;
    if (t->ncols != ncols)
        return xasprintf("%d columns, expected %d", t->ncols, ncols);
    for (int c = 0; c < ncols; c++) {
        /* a raw file marks its first column name (csvw.h) */
        char *want = xasprintf("%s%s", rec->fields[c].header, c == 0 && !neutralized ? CSVW_RAW_MARK : "");
        bool same = strcmp(fx_at(t, 0, c), want) == 0;
        free(want);
        if (!same)
            return xasprintf("header column %d is '%s'", c, fx_at(t, 0, c));
    }
    strbuf_t sql = {0};
    sb_append(&sql, "SELECT ");
    for (int c = 0; c < ncols; c++)
        sb_printf(&sql, "%s%s", c ? ", " : "", rec->fields[c].column);
    sb_printf(&sql, " FROM %s ORDER BY seq", table);
    sqlite3_stmt *st = NULL;
    char *bad = NULL;
    size_t row = 1;
    sqlite3_prepare_v2(db, sql.s, -1, &st, NULL);
    while (!bad && sqlite3_step(st) == SQLITE_ROW) {
        if (row >= t->nrows) {
            bad = xasprintf("the file has only %zu rows", t->nrows - 1);
            break;
        }
        for (int c = 0; c < ncols && !bad; c++) {
            const char *want = (const char *)sqlite3_column_text(st, c);
            const char *got = fx_at(t, row, c);
            if (neutralized) {
                bool must = csv_cell_needs_neutralizing(want, strlen(want));
                if (must != (got[0] == '\'' && strcmp(got + 1, want) == 0))
                    bad = xasprintf("row %zu col %s: neutralization wrong: '%s'", row, rec->fields[c].column, got);
                got += csv_cell_unneutralize(got, strlen(got));
            }
            if (!bad && strcmp(want, got) != 0)
                bad = xasprintf("row %zu col %s: '%s' != '%s'", row, rec->fields[c].column, got, want);
        }
        row++;
    }
    if (!bad && row != t->nrows)
        bad = xasprintf("the file has %zu rows, the database %zu", t->nrows - 1, row - 1);
    sqlite3_finalize(st);
    sb_free(&sql);
    return bad;
}

static void test_neutralize_rules(void)
{
    const char *yes[] = {"=1", "+1", "-1", "@a", "\t", "\rx", "'=1", "''-1", "'\t",
                         "\xEF\xBC\x9D" "1", "\xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "1", "\xEF\xBC\xA0" "a",
                         "'\xEF\xBC\x9D" "SUM(A1)"};
    const char *no[] = {"", "a=1", " =1", "'", "'a", "''", "1-1", "日本",
                        "\xEF\xBC\x91", "\xEF\xBC", "a\xEF\xBC\x9D" "1"}; /* １, a cut ＝, a＝1 */
    for (size_t i = 0; i < AGM_ARRAY_LEN(yes); i++)
        CHECK_MSG(csv_cell_needs_neutralizing(yes[i], strlen(yes[i])), "%s", yes[i]);
    for (size_t i = 0; i < AGM_ARRAY_LEN(no); i++)
        CHECK_MSG(!csv_cell_needs_neutralizing(no[i], strlen(no[i])), "%s", no[i]);
    CHECK_INT(csv_cell_unneutralize("'=1", 3), 1);
    CHECK_INT(csv_cell_unneutralize("''=1", 4), 1);
    CHECK_INT(csv_cell_unneutralize("'a", 2), 0);
    CHECK_INT(csv_cell_unneutralize("=1", 2), 0);
    CHECK_INT(csv_cell_unneutralize("'", 1), 0);
    CHECK_INT(csv_cell_unneutralize("'\xEF\xBC\x9D" "1", 5), 1);
}

/* A full disk shows up at the end of the file, as a failed flush. */
static void test_writer_full_disk(void)
{
    FILE *f = fopen("/dev/full", "wb");
    if (!f) {
        CHECK(access("/dev/full", F_OK) != 0); /* no /dev/full here: nothing to test */
        return;
    }
    csvw_t w;
    csvw_begin(&w, f, true, true);
    for (int i = 0; i < 20000; i++) {
        csvw_str(&w, "=a cell long enough to fill the stdio buffer several times over");
        csvw_end_row(&w);
    }
    errno = 0;
    int rc = csvw_finish(&w);
    int e = errno;
    CHECK(csvw_finish(&w) != 0); /* sticky, and a second call is harmless */
    fclose(f);
    csvw_release(&w);
    CHECK_INT(rc, -1);
    CHECK_INT(e, ENOSPC);
}

static void run_round_trip(bool raw)
{
    const char *dir = test_tmpdir();
    char *longt = NULL;
    sqlite3 *db = hostile_db(dir, &longt);
    CHECK(db);
    char *out = path_join(dir, "out");
    export_opts_t o = {.out_dir = out, .raw = raw, .now = T0};
    export_result_t r;
    char *err = NULL;
    bool ok = fx_export_run(db, &o, &r, &err);
    CHECK_MSG(ok, "%s", err ? err : "");
    CHECK_INT(r.questions, AGM_ARRAY_LEN(hostile) + 1);
    CHECK_INT(r.signups, 3);
    fx_table_t t;
    CHECK(fx_csv_read(r.files[0], &t));
    char *bad = compare_with_db(db, "questions", &t, !raw);
    fx_table_free(&t);
    CHECK_MSG(!bad, "%s", bad);
    CHECK(fx_csv_read(r.files[1], &t));
    bad = compare_with_db(db, "signups", &t, !raw);
    fx_table_free(&t);
    CHECK_MSG(!bad, "%s", bad);
    /* RFC 4180 line ends: the file ends with CRLF. */
    size_t len;
    char *text = file_read_all(r.files[0], &len);
    CHECK(text && len > 2 && memcmp(text + len - 2, "\r\n", 2) == 0);
    CHECK(memcmp(text, raw ? "\"uuid (raw)\",\"seq\"," : "\"uuid\",\"seq\",", raw ? 19 : 13) == 0);
    CHECK(!raw == !strstr(r.files[0], "-raw.csv"));
    free(text);
    export_result_free(&r);
    free(out);
    free(longt);
    sqlite3_close(db);
}

static void test_round_trip_raw(void) { run_round_trip(true); }
static void test_round_trip_neutralized(void) { run_round_trip(false); }

static void test_excel_bom(void)
{
    const char *dir = test_tmpdir();
    char *longt = NULL;
    sqlite3 *db = hostile_db(dir, &longt);
    CHECK(db);
    char *out = path_join(dir, "out");
    export_result_t r[2];
    char *err = NULL;
    for (int excel = 0; excel < 2; excel++) {
        export_opts_t o = {.out_dir = out, .mode = EXPORT_ALL, .excel = excel, .now = T0 + excel};
        CHECK_MSG(fx_export_run(db, &o, &r[excel], &err), "%s", err);
    }
    for (int excel = 0; excel < 2; excel++)
        for (int k = 0; k < 2; k++) {
            size_t len;
            char *text = file_read_all(r[excel].files[k], &len);
            CHECK(text && len > 3);
            bool bom = memcmp(text, "\xEF\xBB\xBF", 3) == 0;
            free(text);
            CHECK_MSG(bom == (excel == 1), "%s", r[excel].files[k]);
            fx_table_t t;
            CHECK(fx_csv_read(r[excel].files[k], &t));
            CHECK_STR(fx_at(&t, 0, 0), "uuid");
            fx_table_free(&t);
        }
    export_result_free(&r[0]);
    export_result_free(&r[1]);
    free(out);
    free(longt);
    sqlite3_close(db);
}

static void test_file_names_and_modes(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "n.db"), *out = path_join(dir, "usb");
    sqlite3 *db = fx_db_open_as(path, "hall A/1");
    CHECK(db);
    CHECK(fx_add_question(db, "hall A/1", 1, "2012-10-08T09:00:00Z", "en", "q1", "", ""));
    export_opts_t o = {.out_dir = out, .now = T0};
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    /* The id recorded in the database, made safe, with a hash of the whole
     * id so that "hall A/1" and "hall A:1" keep different names. */
    char *fid = export_file_id("hall A/1");
    CHECK(strncmp(fid, "hall_A_1_", 9) == 0 && strlen(fid) == 17);
    char *other = export_file_id("hall A:1");
    CHECK(strcmp(fid, other) != 0);
    free(other);
    char *plain = export_file_id("hall-A.1_x");
    CHECK_STR(plain, "hall-A.1_x"); /* a safe id is kept as it is */
    free(plain);
    char *want_q = xasprintf("/usb/agm-%s-questions-b0001-20121008T101500Z.csv", fid);
    char *want_s = xasprintf("/usb/agm-%s-signups-b0001-20121008T101500Z.csv", fid);
    CHECK_CONTAINS(r.files[0], want_q);
    CHECK_CONTAINS(r.files[1], want_s);
    free(want_q);
    free(want_s);
    struct stat st;
    CHECK(stat(r.files[1], &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_INT(r.batch, 1);
    CHECK(r.covered_all);
    export_result_free(&r);
    /* The batch is recorded with its counts, time and file names. */
    char *sql = xasprintf("SELECT COUNT(*) FROM export_batches WHERE id = 1 AND questions = 1 AND signups = 0 "
                          "AND created_at = '2012-10-08T10:15:00Z' AND covered_all = 1 AND state = 'done' "
                          "AND verified = 1 AND files = 'agm-%s-questions-b0001-20121008T101500Z.csv;"
                          "agm-%s-signups-b0001-20121008T101500Z.csv'", fid, fid);
    CHECK_INT(fx_int(db, sql), 1);
    free(sql);
    CHECK_INT(fx_int(db, "SELECT export_batch FROM questions"), 1);

    /* A temporary left by a killed export is removed; a live one stays. */
    char *stale = xasprintf(".agm-%s-questions-b0002-20121008T101600Z.csv.tmp-%d", fid, 999999999);
    char *live = xasprintf(".agm-%s-questions-b0002-20121008T101600Z.csv.tmp-%d", fid, (int)getppid());
    free(test_write_file(out, stale, "half"));
    free(test_write_file(out, live, "half"));

    /* Nothing new: no files, no batch. */
    o.now = T0 + 60;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK(r.nothing_new);
    CHECK(!r.files[0]);
    CHECK_INT(fx_count_files(out, NULL), 4);
    char *nowhere = path_join(dir, "never-made");
    o.out_dir = nowhere;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK(r.nothing_new);
    CHECK(access(nowhere, F_OK) != 0); /* nothing to write: no folder made */
    free(nowhere);
    o.out_dir = out;
    CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM export_batches"), 1);

    /* --all: every row, named "all", database unchanged. */
    CHECK(fx_add_question(db, "hall A/1", 2, "2012-10-08T09:05:00Z", "en", "q2", "", ""));
    o.mode = EXPORT_ALL;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK_INT(r.questions, 2);
    char *want_all = xasprintf("agm-%s-questions-all-20121008T101600Z.csv", fid);
    CHECK_CONTAINS(r.files[0], want_all);
    free(want_all);
    export_result_free(&r);
    CHECK_INT(fx_count_files(out, stale), 0);
    CHECK_INT(fx_count_files(out, live), 1);
    free(stale);
    free(live);
    CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM export_batches"), 1);
    CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM questions WHERE export_batch IS NULL"), 1);

    /* --batch 1: batch 1's row again; an unknown batch is an error. */
    o.mode = EXPORT_BATCH;
    o.batch = 1;
    o.now = T0 + 120;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK_INT(r.questions, 1);
    CHECK_CONTAINS(r.files[0], "-questions-b0001-20121008T101700Z.csv");
    fx_table_t t;
    CHECK(fx_csv_read(r.files[0], &t));
    CHECK_INT(t.nrows, 2);
    CHECK_STR(fx_at(&t, 1, 8), "q1");
    fx_table_free(&t);
    export_result_free(&r);
    o.batch = 7;
    CHECK(!fx_export_run(db, &o, &r, &err));
    CHECK_CONTAINS(err, "no batch 7");
    free(err);
    /* Same name twice in one second: the next free name, the first file kept. */
    o.batch = 1;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK_CONTAINS(r.files[0], "-questions-b0001-20121008T101700Z-2.csv");
    export_result_free(&r);
    CHECK_INT(fx_count_files(out, "-b0001-20121008T101700Z.csv"), 2);   /* questions and sign-ups, as before */
    CHECK_INT(fx_count_files(out, "-b0001-20121008T101700Z-2.csv"), 2); /* and the new pair */
    CHECK_INT(fx_count_files(out, ".tmp"), 1); /* only the live one from above */

    free(fid);
    sqlite3_close(db);
    free(path);
    free(out);
}

static void test_unwritable_folder(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "u.db");
    sqlite3 *db = fx_db_open(path);
    CHECK(db);
    CHECK(fx_add_question(db, "k", 1, "2012-10-08T09:00:00Z", "en", "q", "", ""));
    char *file = test_write_file(dir, "not-a-folder", "x");
    char *out = path_join(file, "sub");
    export_opts_t o = {.out_dir = out, .now = T0};
    export_result_t r;
    char *err = NULL;
    CHECK(!fx_export_run(db, &o, &r, &err));
    CHECK_CONTAINS(err, "could not create the folder");
    CHECK_CONTAINS(err, out);
    free(err);
    CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM questions WHERE export_batch IS NULL"), 1);
    sqlite3_close(db);
    free(path);
    free(file);
    free(out);
}

/* ---- ten incremental exports with injected failures -------------------- */

static void test_incremental_with_failures(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "inc.db"), *out = path_join(dir, "usb");
    sqlite3 *db = fx_db_open(path);
    CHECK(db);
    long long seq = 1;
    int successes = 0;
    char *files[20] = {0};
    int64_t batch_of[10] = {0};
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 3; i++) {
            char text[64];
            snprintf(text, sizeof text, "=question %lld, round %d", seq, round);
            CHECK(fx_add_question(db, "k", seq, "2012-10-08T09:00:00Z", "en", text, "", ""));
            seq++;
        }
        CHECK(fx_add_signup(db, "k", seq, "2012-10-08T09:00:00Z", "en", "N", "n@example.org", "", "", "", ""));
        seq++;
        long long unexported = fx_int(db, "SELECT (SELECT COUNT(*) FROM questions WHERE export_batch IS NULL) + "
                                          "(SELECT COUNT(*) FROM signups WHERE export_batch IS NULL)");
        /* Every failure point in turn, some rounds twice in a row. */
        for (int attempt = 0; attempt < 1 + round % 2; attempt++) {
            export_fault_t f = (export_fault_t)(1 + (round * 2 + attempt) % (EXPORT_FAULT_COUNT - 1));
            export_opts_t o = {.out_dir = out, .now = T0 + round * 60, .fault = f};
            export_result_t r;
            char *err = NULL;
            CHECK_MSG(!fx_export_run(db, &o, &r, &err), "fault %s did not fail", export_fault_name(f));
            CHECK(err && *err);
            free(err);
            CHECK_MSG(fx_count_files(out, NULL) == 2 * successes, "fault %s left %d files", export_fault_name(f),
                      fx_count_files(out, NULL));
            CHECK_INT(fx_int(db, "SELECT (SELECT COUNT(*) FROM questions WHERE export_batch IS NULL) + "
                                 "(SELECT COUNT(*) FROM signups WHERE export_batch IS NULL)"), unexported);
            CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM export_batches WHERE state = 'done'"), successes);
            CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM export_batches WHERE state = 'pending'"), 0);
        }
        export_opts_t o = {.out_dir = out, .now = T0 + round * 60};
        export_result_t r;
        char *err = NULL;
        CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
        /* a failure that removed its files gives its number back */
        CHECK_INT(r.batch, successes + 1);
        batch_of[successes] = r.batch;
        CHECK_INT(r.questions + r.signups, unexported);
        CHECK(r.covered_all);
        files[2 * successes] = r.files[0];
        files[2 * successes + 1] = r.files[1];
        r.files[0] = r.files[1] = NULL;
        successes++;
        export_result_free(&r);
    }
    CHECK_INT(fx_count_files(out, NULL), 20);
    /* Every row is in exactly one batch file, the batch the database says. */
    long long total = 0;
    for (int i = 0; i < 20; i++) {
        fx_table_t t;
        CHECK(fx_csv_read(files[i], &t));
        for (size_t row = 1; row < t.nrows; row++) {
            char *sql = xasprintf("SELECT export_batch FROM %s WHERE uuid = '%s'", i % 2 ? "signups" : "questions",
                                  fx_at(&t, row, 0));
            long long b = fx_int(db, sql);
            free(sql);
            CHECK_INT(b, batch_of[i / 2]);
            total++;
        }
        fx_table_free(&t);
    }
    CHECK_INT(total, seq - 1);
    CHECK_INT(fx_int(db, "SELECT COUNT(DISTINCT uuid) FROM questions"), 30);
    for (int i = 0; i < 20; i++)
        free(files[i]);
    sqlite3_close(db);
    free(path);
    free(out);
}

/* Rows that arrive while an export runs are neither exported nor lost. */
typedef struct {
    const char *path;
    int calls;
} hook_ctx_t;

static bool insert_mid_export(export_fault_t at, void *p)
{
    hook_ctx_t *h = p;
    if (at != EXPORT_FAULT_AFTER_FSYNC)
        return true;
    sqlite3 *other = NULL;
    bool ok = sqlite3_open(h->path, &other) == SQLITE_OK &&
              fx_add_question(other, "k", 100 + h->calls, "2012-10-08T09:30:00Z", "en", "late", "", "");
    sqlite3_close(other);
    h->calls++;
    return ok;
}

static void test_rows_added_during_export(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "c.db"), *out = path_join(dir, "usb");
    sqlite3 *db = fx_db_open(path);
    CHECK(db);
    CHECK(fx_add_question(db, "k", 1, "2012-10-08T09:00:00Z", "en", "early", "", ""));
    hook_ctx_t h = {.path = path};
    export_opts_t o = {.out_dir = out, .now = T0, .hook = insert_mid_export, .hook_ctx = &h};
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK_INT(h.calls, 1);
    CHECK_INT(r.questions, 1);
    CHECK(!r.covered_all);
    export_result_free(&r);
    CHECK_INT(fx_int(db, "SELECT covered_all FROM export_batches WHERE id = 1"), 0);
    CHECK_INT(fx_int(db, "SELECT COUNT(*) FROM questions WHERE export_batch IS NULL AND text = 'late'"), 1);
    o.hook = NULL;
    o.now = T0 + 60;
    CHECK_MSG(fx_export_run(db, &o, &r, &err), "%s", err);
    CHECK_INT(r.questions, 1);
    CHECK(r.covered_all);
    export_result_free(&r);
    sqlite3_close(db);
    free(path);
    free(out);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_neutralize_rules);
    RUN(test_writer_full_disk);
    RUN(test_round_trip_raw);
    RUN(test_round_trip_neutralized);
    RUN(test_excel_bom);
    RUN(test_file_names_and_modes);
    RUN(test_unwritable_folder);
    RUN(test_incremental_with_failures);
    RUN(test_rows_added_during_export);
    return test_summary();
}
