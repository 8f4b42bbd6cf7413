/* Merge: overlapping exports of three kiosks (raw, neutralized, with BOM),
 * conflicts, ordering, and every bad input class named by file:line. */
#include "test.h"
#include "test_export_fixture.h"
#include "export/csvw.h"
#include "export/export.h"
#include "export/merge.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 ((time_t)1349691300)
#define NQ 20
#define NS 5

typedef struct {
    char *paths[32];
    int n;
} filelist_t;

static void keep_files(filelist_t *l, export_result_t *r)
{
    for (int k = 0; k < 2; k++) {
        l->paths[l->n++] = r->files[k];
        r->files[k] = NULL;
    }
}

static void filelist_free(filelist_t *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->paths[i]);
    l->n = 0;
}

/* Kiosk i: NQ questions and NS sign-ups, times interleaved with the other
 * kiosks (minute m for row m), some hostile cells. */
static sqlite3 *kiosk_db(const char *dir, const char *kiosk, int i)
{
    char *name = xasprintf("%s.db", kiosk);
    char *path = path_join(dir, name);
    free(name);
    sqlite3 *db = fx_db_open_as(path, kiosk);
    free(path);
    if (!db)
        return NULL;
    long long seq = 1;
    for (int q = 0; q < NQ; q++) {
        char created[32], text[64];
        /* Same minute for all three kiosks on even rows: kiosk id decides. */
        snprintf(created, sizeof created, "2012-10-08T09:%02d:00Z", q % 2 ? q + i : q);
        snprintf(text, sizeof text, q % 3 ? "question %s %d" : "=question %s %d, \"hostile\"\r\n", kiosk, q);
        if (!fx_add_question(db, kiosk, seq++, created, "en", text, q % 2 ? "" : "-name", ""))
            goto fail;
        if (q < NS && !fx_add_signup(db, kiosk, seq++, created, "ja", "山田", "y@example.jp", "+81", "a;b", "ja",
                                     "@message"))
            goto fail;
    }
    return db;
fail:
    sqlite3_close(db);
    return NULL;
}

static bool do_export(sqlite3 *db, const char *out, const char *kiosk, export_mode_t mode, int64_t batch, bool raw,
                      bool excel, time_t now, filelist_t *l)
{
    export_opts_t o = {.out_dir = out, .mode = mode, .batch = batch, .raw = raw,
                       .excel = excel, .now = now};
    export_result_t r;
    char *err = NULL;
    if (!fx_export_run(db, &o, &r, &err)) {
        fprintf(stderr, "export: %s\n", err);
        free(err);
        return false;
    }
    keep_files(l, &r);
    export_result_free(&r);
    return true;
}

static void test_merge_three_kiosks(void)
{
    const char *dir = test_tmpdir();
    char *out = path_join(dir, "exports");
    const char *kiosks[3] = {"hall-a", "hall-b", "foyer"};
    sqlite3 *db[3] = {0};
    filelist_t l = {0};
    for (int i = 0; i < 3; i++) {
        db[i] = kiosk_db(dir, kiosks[i], i);
        CHECK(db[i]);
    }
    /* hall-a: two batches plus a full snapshot for Excel (overlap). */
    CHECK(do_export(db[0], out, kiosks[0], EXPORT_NEW, 0, false, false, T0, &l));
    CHECK(fx_add_question(db[0], kiosks[0], 100, "2012-10-08T10:00:00Z", "ko", "추가 질문", "", ""));
    CHECK(do_export(db[0], out, kiosks[0], EXPORT_NEW, 0, false, false, T0 + 1, &l));
    CHECK(do_export(db[0], out, kiosks[0], EXPORT_ALL, 0, false, true, T0 + 2, &l));
    /* hall-b: raw snapshot and neutralized batch of the same rows. */
    CHECK(do_export(db[1], out, kiosks[1], EXPORT_ALL, 0, true, false, T0, &l));
    CHECK(do_export(db[1], out, kiosks[1], EXPORT_NEW, 0, false, true, T0, &l));
    /* foyer: batch 1 and the same batch again. */
    CHECK(do_export(db[2], out, kiosks[2], EXPORT_NEW, 0, false, false, T0, &l));
    CHECK(do_export(db[2], out, kiosks[2], EXPORT_BATCH, 1, true, false, T0 + 5, &l));
    CHECK_INT(l.n, 14);

    char *prefix = path_join(dir, "merged");
    merge_opts_t mo = {.out = prefix};
    merge_result_t r;
    char *err = NULL;
    CHECK_MSG(merge_run((const char *const *)l.paths, (size_t)l.n, &mo, &r, &err), "%s", err);
    size_t uq = 3 * NQ + 1, us = 3 * NS;
    CHECK_INT(r.rows_out[0], uq);
    CHECK_INT(r.rows_out[1], us);
    CHECK_INT(r.rows_in[0], (NQ + 1) * 2 + NQ * 4);
    CHECK_INT(r.rows_in[1], NS * 6);
    CHECK_INT(r.duplicates, r.rows_in[0] + r.rows_in[1] - uq - us);
    CHECK_INT(r.conflicts, 0);
    CHECK_STR(r.report, "");
    char *want = xasprintf("%s-questions.csv", prefix);
    CHECK_STR(r.files[0], want);
    free(want);

    /* Every row once, equal to its database row, in order. */
    fx_table_t t;
    CHECK(fx_csv_read(r.files[0], &t));
    CHECK_INT(t.nrows, uq + 1);
    CHECK(!t.had_bom);
    for (size_t row = 1; row < t.nrows; row++) {
        if (row > 1) {
            int c = strcmp(fx_at(&t, row - 1, 3), fx_at(&t, row, 3));
            if (!c)
                c = strcmp(fx_at(&t, row - 1, 2), fx_at(&t, row, 2));
            if (!c)
                c = atoll(fx_at(&t, row - 1, 1)) < atoll(fx_at(&t, row, 1)) ? -1 : 1;
            CHECK_MSG(c < 0, "row %zu out of order", row);
            CHECK(strcmp(fx_at(&t, row - 1, 0), fx_at(&t, row, 0)) != 0);
        }
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(fx_at(&t, row, 2), kiosks[i]) == 0)
                k = i;
        CHECK(k >= 0);
        char *sql = xasprintf("SELECT COUNT(*) FROM questions WHERE uuid = '%s' AND seq = %s", fx_at(&t, row, 0),
                              fx_at(&t, row, 1));
        CHECK_INT(fx_int(db[k], sql), 1);
        free(sql);
        /* Neutralized on output; the database holds the bare text. */
        const char *text = fx_at(&t, row, 8);
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db[k], "SELECT text FROM questions WHERE uuid = ?1", -1, &st, NULL);
        sqlite3_bind_text(st, 1, fx_at(&t, row, 0), -1, SQLITE_STATIC);
        bool same = sqlite3_step(st) == SQLITE_ROW &&
                    strcmp((const char *)sqlite3_column_text(st, 0), text + csv_cell_unneutralize(text, strlen(text))) == 0;
        sqlite3_finalize(st);
        CHECK_MSG(same, "row %zu text '%s'", row, text);
        CHECK(!csv_cell_needs_neutralizing(text, strlen(text)) || text[0] == '\'');
    }
    fx_table_free(&t);
    merge_result_free(&r);

    /* Raw + Excel into a folder. */
    char *folder = path_join(dir, "outdir");
    CHECK(mkdir(folder, 0700) == 0);
    mo = (merge_opts_t){.out = folder, .raw = true, .excel = true};
    CHECK_MSG(merge_run((const char *const *)l.paths, (size_t)l.n, &mo, &r, &err), "%s", err);
    CHECK_CONTAINS(r.files[1], "/outdir/merged-signups.csv");
    CHECK(fx_csv_read(r.files[1], &t));
    CHECK(t.had_bom);
    CHECK_INT(t.nrows, us + 1);
    CHECK_STR(fx_at(&t, 1, 11), "@message"); /* raw: no apostrophe */
    fx_table_free(&t);
    merge_result_free(&r);

    free(folder);
    free(prefix);
    filelist_free(&l);
    for (int i = 0; i < 3; i++)
        sqlite3_close(db[i]);
    free(out);
}

/* Replace the first occurrence of from with to in file path. */
static bool edit_file(const char *path, const char *dst, const char *from, const char *to)
{
    size_t len;
    char *text = file_read_all(path, &len);
    if (!text)
        return false;
    char *at = strstr(text, from);
    bool ok = at != NULL;
    if (ok) {
        FILE *f = fopen(dst, "wb");
        ok = f && fwrite(text, 1, (size_t)(at - text), f) == (size_t)(at - text) && fputs(to, f) >= 0 &&
             fputs(at + strlen(from), f) >= 0;
        if (f)
            ok &= fclose(f) == 0;
    }
    free(text);
    return ok;
}

static void test_merge_conflicts(void)
{
    const char *dir = test_tmpdir();
    char *out = path_join(dir, "exports");
    sqlite3 *db = kiosk_db(dir, "k", 0);
    CHECK(db);
    filelist_t l = {0};
    CHECK(do_export(db, out, "k", EXPORT_ALL, 0, false, false, T0, &l));
    char *edited = path_join(dir, "edited.csv");
    CHECK(edit_file(l.paths[0], edited, "question k 4", "question k 4 (edited)"));
    char *uuid = xmalloc(37);
    fx_uuid(uuid, "k", 9); /* q = 4 has seq 9: sign-ups take seqs 2, 4, 6, 8, 10 */
    CHECK_INT(fx_int(db, "SELECT seq FROM questions WHERE text = 'question k 4'"), 9);
    const char *files[3] = {l.paths[0], edited, l.paths[0]};
    char *prefix = path_join(dir, "m");
    merge_opts_t mo = {.out = prefix};
    merge_result_t r;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 3, &mo, &r, &err), "%s", err);
    CHECK_INT(r.rows_out[0], NQ);
    CHECK_INT(r.conflicts, 1);
    CHECK_INT(r.duplicates, 2 * NQ - 1);
    CHECK_CONTAINS(r.report, uuid);
    CHECK_CONTAINS(r.report, edited);
    CHECK_CONTAINS(r.report, l.paths[0]);
    CHECK(!r.files[1]); /* no sign-ups file among the inputs */
    /* The first version read is kept. */
    size_t len;
    char *text = file_read_all(r.files[0], &len);
    CHECK(text && !strstr(text, "(edited)"));
    free(text);
    merge_result_free(&r);
    free(prefix);
    free(uuid);
    free(edited);
    filelist_free(&l);
    sqlite3_close(db);
    free(out);
}

static const char qhead[] = "uuid,seq,kiosk_id,created_at,lang,status,topic,name,text\r\n";

static void expect_merge_error(const char *dir, const char *name, const char *body, const char *needle)
{
    char *file = test_write_file(dir, name, body);
    char *prefix = path_join(dir, "bad-out");
    const char *files[1] = {file};
    merge_opts_t mo = {.out = prefix};
    merge_result_t r;
    char *err = NULL;
    bool ok = merge_run(files, 1, &mo, &r, &err);
    char *want = xasprintf("%s%s", file, needle);
    if (ok)
        merge_result_free(&r);
    int leftover = fx_count_files(dir, "bad-out");
    bool has = err && strstr(err, want);
    char *copy = xstrdup(err ? err : "");
    free(err);
    free(want);
    free(prefix);
    free(file);
    CHECK_MSG(!ok, "%s was accepted", name);
    CHECK_MSG(has, "%s: message '%s' lacks '%s'", name, copy, needle);
    free(copy);
    CHECK_INT(leftover, 0);
}

static void test_merge_bad_inputs(void)
{
    const char *dir = test_tmpdir();
    char *body;
    body = xasprintf("%s\"u1\",\"1\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"a\r\nb\"\r\n"
                     "\"u2\",\"2\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"never closed\r\n", qhead);
    expect_merge_error(dir, "unterminated.csv", body, ":4: unterminated quote");
    free(body);
    body = xasprintf("%s\"u1\",\"1\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"multi\nline\"\r\n"
                     "\"u2\",\"2\",\"k\",\"t\",\"en\",\"new\",\"\",\"x\"\r\n", qhead);
    expect_merge_error(dir, "columns.csv", body, ":4: 8 cells, the header has 9");
    free(body);
    body = xasprintf("%s\"u1\",\"1\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"a\"b\r\n", qhead);
    expect_merge_error(dir, "quote.csv", body, ":2: bad quoting");
    free(body);
    body = xasprintf("%s\"u1\",\"one\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"a\"\r\n", qhead);
    expect_merge_error(dir, "seq.csv", body, ":2: seq 'one' is not a whole number");
    free(body);
    body = xasprintf("%s\r\n\r\n\"\",\"1\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"a\"\r\n", qhead);
    expect_merge_error(dir, "uuid.csv", body, ":4: the uuid is empty");
    free(body);
    expect_merge_error(dir, "header.csv", "name,amount\r\nx,1\r\n", ":1: the header has 2 columns");
    expect_merge_error(dir, "unknown.csv", "uuid,seq,kiosk_id,created_at,lang,status,topic,name,body\r\n",
                       ":1: unknown column 'body'");
    expect_merge_error(dir, "empty.csv", "", ": empty file");
    expect_merge_error(dir, "bom-only.csv", "\xEF\xBB\xBF", ": empty file");

    /* A missing file among good ones: nothing is written. */
    char *good = xasprintf("%s\"u1\",\"1\",\"k\",\"t\",\"en\",\"new\",\"\",\"\",\"a\"\r\n", qhead);
    char *gpath = test_write_file(dir, "good.csv", good);
    char *missing = path_join(dir, "missing.csv");
    char *prefix = path_join(dir, "bad-out");
    const char *files[2] = {gpath, missing};
    merge_opts_t mo = {.out = prefix};
    merge_result_t r;
    char *err = NULL;
    CHECK(!merge_run(files, 2, &mo, &r, &err));
    CHECK_CONTAINS(err, "missing.csv: cannot read");
    free(err);
    CHECK_INT(fx_count_files(dir, "bad-out"), 0);
    /* The same good file alone merges; unquoted cells, a BOM and LF line
     * ends are fine, spaces are kept. */
    char *plain = test_write_file(dir, "plain.csv", "\xEF\xBB\xBFtext,name,topic,status,lang,created_at,kiosk_id,seq,uuid\n"
                                                    " '=1 ,,,new,en,t,k,1,u9\n");
    const char *files2[2] = {gpath, plain};
    CHECK_MSG(merge_run(files2, 2, &mo, &r, &err), "%s", err);
    CHECK_INT(r.rows_out[0], 2);
    fx_table_t t;
    CHECK(fx_csv_read(r.files[0], &t));
    CHECK_STR(fx_at(&t, 2, 8), " '=1 ");
    CHECK_STR(fx_at(&t, 2, 0), "u9");
    fx_table_free(&t);
    merge_result_free(&r);
    free(plain);
    free(prefix);
    free(missing);
    free(gpath);
    free(good);
}

/* ---- issue 12: a failed merge keeps its inputs; empty files; raw files -- */

static const char shead[] = "uuid,seq,kiosk_id,created_at,lang,status,name,email,phone,interests,languages,message,"
                            "consent_version\r\n";

static bool same_bytes(const char *path, const char *want)
{
    size_t len = 0;
    char *text = file_read_all(path, &len);
    bool same = text && len == strlen(want) && memcmp(text, want, len) == 0;
    free(text);
    return same;
}

/* A running merge (merged/merged-questions.csv) given as an input again,
 * writing into the same folder, fails between its two outputs (as on a full
 * stick): the input must be left as it was, and no temporary stays. */
static void test_merge_failure_keeps_inputs(void)
{
    const char *dir = test_tmpdir();
    char *folder = path_join(dir, "merged");
    CHECK(mkdir(folder, 0700) == 0);
    char *running = xasprintf("%s\"u1\",\"1\",\"k\",\"2012-10-08T09:00:00Z\",\"en\",\"new\",\"\",\"\",\"first\"\r\n", qhead);
    char *qpath = test_write_file(folder, "merged-questions.csv", running);
    char *more = xasprintf("%s\"u2\",\"2\",\"k\",\"2012-10-08T09:01:00Z\",\"en\",\"new\",\"\",\"\",\"second\"\r\n", qhead);
    char *qmore = test_write_file(dir, "more-questions.csv", more);
    char *sbody = xasprintf("%s\"u3\",\"3\",\"k\",\"2012-10-08T09:02:00Z\",\"en\",\"new\",\"Ann\",\"a@example.org\","
                            "\"\",\"\",\"\",\"\",\"v1\"\r\n", shead);
    char *spath = test_write_file(dir, "signups.csv", sbody);
    const char *files[3] = {qpath, qmore, spath};
    static const merge_fault_t faults[] = {MERGE_FAULT_AFTER_FIRST_TEMP, MERGE_FAULT_AFTER_SYNC};
    for (size_t f = 0; f < AGM_ARRAY_LEN(faults); f++) {
        merge_opts_t mo = {.out = folder, .fault = faults[f]};
        merge_result_t r;
        char *err = NULL;
        bool ok = merge_run(files, 3, &mo, &r, &err);
        if (ok)
            merge_result_free(&r);
        char *copy = xstrdup(err ? err : "");
        free(err);
        CHECK_MSG(!ok, "fault %d: the merge succeeded", (int)faults[f]);
        CHECK_MSG(same_bytes(qpath, running), "fault %d: the input merged-questions.csv was changed or removed",
                  (int)faults[f]);
        CHECK_CONTAINS(copy, "nothing written");
        free(copy);
        CHECK_INT(fx_count_files(folder, "signups"), 0);
        CHECK_INT(fx_count_files(folder, "tmp"), 0);
    }
    /* Without a fault it replaces the running file with the bigger merge. */
    merge_opts_t mo = {.out = folder};
    merge_result_t r;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 3, &mo, &r, &err), "%s", err);
    CHECK_INT(r.rows_out[0], 2);
    CHECK_INT(r.rows_out[1], 1);
    merge_result_free(&r);
    CHECK_INT(fx_count_files(folder, "tmp"), 0);
    free(spath);
    free(sbody);
    free(qmore);
    free(more);
    free(qpath);
    free(running);
    free(folder);
}

/* Killed while writing (an `open` writes plain text): at the last moment
 * before the renames, every output is written and synced, yet no file of
 * it has a name in the folder, so a kill there leaves nothing behind. */
typedef struct {
    const char *folder;
    int seen, at_sync;
} kill_probe_t;

static bool count_named_temps(merge_fault_t at, void *ctx)
{
    kill_probe_t *p = ctx;
    if (at == MERGE_FAULT_AFTER_SYNC) {
        p->at_sync = 1;
        p->seen = fx_count_files(p->folder, "tmp");
    }
    return true;
}

static void test_merge_killed_leaves_no_file(void)
{
    const char *dir = test_tmpdir();
    char *folder = path_join(dir, "killed");
    CHECK(mkdir(folder, 0700) == 0);
    int probe = open(folder, O_TMPFILE | O_WRONLY, 0600);
    if (probe < 0) {
        printf("# %s: no O_TMPFILE on this file system (%s); named temporaries are used there\n", folder,
               strerror(errno));
        free(folder);
        return;
    }
    close(probe);
    char *q = xasprintf("%s\"u1\",\"1\",\"k\",\"2012-10-08T09:00:00Z\",\"en\",\"new\",\"\",\"\",\"first\"\r\n", qhead);
    char *qpath = test_write_file(dir, "in-questions.csv", q);
    const char *files[1] = {qpath};
    kill_probe_t p = {folder, -1, 0};
    merge_opts_t mo = {.out = folder, .hook = count_named_temps, .hook_ctx = &p};
    merge_result_t r;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 1, &mo, &r, &err), "%s", err);
    merge_result_free(&r);
    CHECK(p.at_sync);
    CHECK_INT(p.seen, 0);
    CHECK_INT(fx_count_files(folder, "questions"), 1);
    CHECK_INT(fx_count_files(folder, "tmp"), 0);
    free(qpath);
    free(q);
    free(folder);
}

/* Every export with no sign-ups writes a header-only sign-ups file; merging
 * it sorted a NULL array (undefined behaviour that UBSan reports). */
static void test_merge_header_only(void)
{
    const char *dir = test_tmpdir();
    char *q = test_write_file(dir, "q.csv", qhead);
    char *sg = test_write_file(dir, "s.csv", shead);
    const char *files[2] = {q, sg};
    char *prefix = path_join(dir, "empty");
    merge_opts_t mo = {.out = prefix};
    merge_result_t r;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 2, &mo, &r, &err), "%s", err);
    CHECK_INT(r.rows_out[0], 0);
    CHECK_INT(r.rows_out[1], 0);
    CHECK(r.files[0] && r.files[1]);
    CHECK(same_bytes(r.files[1], "\"uuid\",\"seq\",\"kiosk_id\",\"created_at\",\"lang\",\"status\",\"name\",\"email\","
                                 "\"phone\",\"interests\",\"languages\",\"message\",\"consent_version\","
                                 "\"sealed_to\"\r\n")); /* a file made before sealing lacks it */
    merge_result_free(&r);
    free(prefix);
    free(sg);
    free(q);
}

/* A raw and a neutralized export of one batch are the same rows, also for a
 * cell that really begins with an apostrophe and '='; a raw merge keeps it
 * byte-exact and a neutralized merge protects it again. */
static void test_merge_raw_and_neutralized(void)
{
    const char *dir = test_tmpdir();
    char *out = path_join(dir, "exports");
    char *dbpath = path_join(dir, "k.db");
    sqlite3 *db = fx_db_open(dbpath);
    CHECK(db);
    CHECK(fx_add_question(db, "k", 1, "2012-10-08T09:00:00Z", "en", "'=1+1", "", ""));
    CHECK(fx_add_question(db, "k", 2, "2012-10-08T09:01:00Z", "en", "=2+2", "''@x", ""));
    CHECK(fx_add_question(db, "k", 3, "2012-10-08T09:02:00Z", "en", "plain 'quote", "'name", ""));
    filelist_t l = {0};
    CHECK(do_export(db, out, "k", EXPORT_NEW, 0, true, false, T0, &l));
    CHECK(do_export(db, out, "k", EXPORT_BATCH, 1, false, true, T0 + 1, &l));
    /* the raw files say so in their names and their header */
    CHECK_CONTAINS(l.paths[0], "-raw.csv");
    CHECK(!strstr(l.paths[2], "-raw"));
    fx_table_t t;
    CHECK(fx_csv_read(l.paths[0], &t));
    CHECK_STR(fx_at(&t, 0, 0), "uuid" CSVW_RAW_MARK);
    fx_table_free(&t);
    CHECK(fx_csv_read(l.paths[2], &t));
    CHECK_STR(fx_at(&t, 0, 0), "uuid");
    fx_table_free(&t);

    static const bool raw_out[2] = {true, false};
    for (int i = 0; i < 2; i++) {
        char *prefix = path_join(dir, raw_out[i] ? "m-raw" : "m");
        merge_opts_t mo = {.out = prefix, .raw = raw_out[i]};
        merge_result_t r;
        char *err = NULL;
        CHECK_MSG(merge_run((const char *const *)l.paths, (size_t)l.n, &mo, &r, &err), "%s", err);
        CHECK_MSG(r.conflicts == 0, "%s", r.report);
        CHECK_INT(r.rows_out[0], 3);
        CHECK_INT(r.duplicates, 3);
        CHECK(fx_csv_read(r.files[0], &t));
        CHECK_STR(fx_at(&t, 0, 0), raw_out[i] ? "uuid" CSVW_RAW_MARK : "uuid");
        CHECK_STR(fx_at(&t, 1, 8), raw_out[i] ? "'=1+1" : "''=1+1");
        CHECK_STR(fx_at(&t, 2, 8), raw_out[i] ? "=2+2" : "'=2+2");
        CHECK_STR(fx_at(&t, 2, 7), raw_out[i] ? "''@x" : "'''@x");
        CHECK_STR(fx_at(&t, 3, 7), "'name");
        fx_table_free(&t);
        merge_result_free(&r);
        /* the merged file merges again to the same rows */
        char *mq = xasprintf("%s-questions.csv", prefix);
        const char *again[1] = {mq};
        char *p2 = path_join(dir, raw_out[i] ? "again-raw" : "again");
        merge_opts_t m2 = {.out = p2, .raw = true};
        CHECK_MSG(merge_run(again, 1, &m2, &r, &err), "%s", err);
        CHECK(fx_csv_read(r.files[0], &t));
        CHECK_STR(fx_at(&t, 1, 8), "'=1+1");
        CHECK_STR(fx_at(&t, 2, 7), "''@x");
        fx_table_free(&t);
        merge_result_free(&r);
        free(p2);
        free(mq);
        free(prefix);
    }
    filelist_free(&l);
    sqlite3_close(db);
    free(dbpath);
    free(out);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_merge_three_kiosks);
    RUN(test_merge_conflicts);
    RUN(test_merge_bad_inputs);
    RUN(test_merge_failure_keeps_inputs);
    RUN(test_merge_killed_leaves_no_file);
    RUN(test_merge_header_only);
    RUN(test_merge_raw_and_neutralized);
    return test_summary();
}
