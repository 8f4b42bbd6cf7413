/* Moderation in incremental exports: a question's state changed after it
 * was exported is in the next batch's moderation file, once; a batch's
 * questions file shows the states as of its claim (so it is the same bytes
 * when written again, and a change made while it is written waits for the
 * next batch); a failed export gives its changes back; merge gives every
 * question the state of its latest change (a kiosk's own order by seq,
 * between kiosks by time); a database of schema v5 carries its states into
 * the first export after the upgrade. */
#include "test.h"
#include "test_export_fixture.h"
#include "export/merge.h"
#include "store/store_internal.h"

#include <sys/stat.h>

static store_t *open_at(const char *dir, const char *kiosk)
{
    char *path = path_join(dir, "agmkiosk.db");
    char *notice = NULL, *err = NULL;
    mkdir_p(dir, 0700);
    store_t *s = store_open(path, kiosk, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    free(notice);
    free(err);
    free(path);
    return s;
}

static store_receipt_t ask(store_t *s, const char *text)
{
    question_in_t q = {.text = text, .lang = "en", .may_show = true};
    store_receipt_t r;
    memset(&r, 0, sizeof r);
    if (store_add_question(s, &q, &r) != STORE_OK)
        fprintf(stderr, "  store_add_question: %s\n", store_errmsg(s));
    return r;
}

/* The cell of column col in the row whose column key is val, of CSV file
 * path; "" when there is none (caller frees). */
static char *cell_of(const char *path, const char *key, const char *val, const char *col)
{
    fx_table_t t;
    char *out = xstrdup("");
    if (!path || !fx_csv_read(path, &t))
        return out;
    int ik = -1, ic = -1;
    for (int j = 0; t.nrows && j < t.ncols; j++) {
        if (strcmp(fx_at(&t, 0, j), key) == 0)
            ik = j;
        if (strcmp(fx_at(&t, 0, j), col) == 0)
            ic = j;
    }
    for (size_t i = 1; ik >= 0 && ic >= 0 && i < t.nrows; i++)
        if (strcmp(fx_at(&t, i, ik), val) == 0) {
            free(out);
            out = xstrdup(fx_at(&t, i, ic));
        }
    fx_table_free(&t);
    return out;
}

static size_t data_rows(const char *path)
{
    fx_table_t t;
    if (!path || !fx_csv_read(path, &t))
        return 0;
    size_t n = t.nrows ? t.nrows - 1 : 0;
    fx_table_free(&t);
    return n;
}

static bool export_new(store_t *s, const char *out, export_result_t *r)
{
    export_opts_t o = {.out_dir = out};
    char *err = NULL;
    bool ok = export_run(s, &o, r, &err);
    if (!ok)
        fprintf(stderr, "  export: %s\n", err);
    free(err);
    return ok;
}

typedef struct {
    store_t *other;
    const char *uuid;
    bool done;
} mid_t;

/* At the claim: another connection (the moderator) hides the question;
 * the export goes on. */
static bool hide_mid_export(export_fault_t at, void *ctx)
{
    mid_t *m = ctx;
    if (at == EXPORT_FAULT_AFTER_CLAIM && !m->done) {
        m->done = true;
        if (store_qa_set(m->other, m->uuid, STORE_QA_HIDE) != STORE_OK)
            fprintf(stderr, "  moderation mid-export: %s\n", store_errmsg(m->other));
    }
    return true; /* go on */
}

static void test_changes_after_export(void)
{
    char *dir = path_join(test_tmpdir(), "after");
    char *out = path_join(dir, "out");
    store_t *s = open_at(dir, "hall-a");
    CHECK(s);
    store_receipt_t a = ask(s, "First?"), b = ask(s, "Second?");
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_APPROVE), STORE_OK);
    /* the same state again is no change */
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_SHOW_NOW), STORE_OK);
    int64_t nu, nt;
    CHECK_INT(store_mod_counts(s, &nu, &nt), STORE_OK);
    CHECK_INT(nu, 1);

    export_result_t r1;
    CHECK(export_new(s, out, &r1));
    CHECK_INT(r1.questions, 2);
    CHECK_INT(r1.moderation, 1);
    CHECK(r1.files[2] != NULL);
    char *v = cell_of(r1.files[0], "uuid", a.uuid, "status");
    CHECK_STR(v, "approved");
    free(v);

    /* changed after it was exported: in the next batch, with nothing else new */
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_ANSWER), STORE_OK);
    CHECK_INT(store_qa_set(s, b.uuid, STORE_QA_HIDE), STORE_OK);
    export_result_t r2;
    CHECK(export_new(s, out, &r2));
    CHECK(!r2.nothing_new);
    CHECK_INT(r2.questions, 0);
    CHECK_INT(r2.moderation, 2);
    CHECK_INT(data_rows(r2.files[2]), 2);
    v = cell_of(r2.files[2], "question_uuid", a.uuid, "status");
    CHECK_STR(v, "answered");
    free(v);
    CHECK(r2.covered_all);

    /* nothing changed since: nothing to export, no third file */
    export_result_t r3;
    CHECK(export_new(s, out, &r3));
    CHECK(r3.nothing_new);
    export_result_free(&r3);

    /* merge: the latest state of each question, no conflict for the status */
    const char *files[6] = {r1.files[0], r1.files[1], r1.files[2], r2.files[0], r2.files[1], r2.files[2]};
    char *mo = path_join(dir, "merged");
    merge_opts_t m = {.out = mo};
    merge_result_t mr;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 6, &m, &mr, &err), "%s", err ? err : "");
    free(err);
    CHECK_INT(mr.conflicts, 0);
    CHECK_INT(mr.rows_out[2], 3);
    CHECK_INT(mr.moderated, 2);
    v = cell_of(mr.files[0], "uuid", a.uuid, "status");
    CHECK_STR(v, "answered");
    free(v);
    v = cell_of(mr.files[0], "uuid", b.uuid, "status");
    CHECK_STR(v, "hidden");
    free(v);
    merge_result_free(&mr);
    free(mo);
    export_result_free(&r1);
    export_result_free(&r2);
    store_close(s);
    free(out);
    free(dir);
}

/* A change made while a batch is written is not in it (its questions file
 * keeps the claimed state) and comes with the next batch; the batch written
 * again (--batch) is the same bytes. */
static void test_change_during_export(void)
{
    char *dir = path_join(test_tmpdir(), "during");
    char *out = path_join(dir, "out");
    store_t *s = open_at(dir, "hall-a");
    CHECK(s);
    store_receipt_t a = ask(s, "Mid?");
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_APPROVE), STORE_OK);
    char *err = NULL;
    store_t *other = store_open_again(s, &err);
    CHECK(other);
    free(err);
    mid_t mid = {other, a.uuid, false};
    export_opts_t o = {.out_dir = out, .hook = hide_mid_export, .hook_ctx = &mid};
    export_result_t r1;
    err = NULL;
    CHECK_MSG(export_run(s, &o, &r1, &err), "%s", err ? err : "");
    free(err);
    CHECK(mid.done);
    char *v = cell_of(r1.files[0], "uuid", a.uuid, "status");
    CHECK_STR(v, "approved");
    free(v);
    CHECK_INT(r1.moderation, 1);
    CHECK(!r1.covered_all);
    size_t n1 = 0, n1b = 0;
    char *bytes1 = file_read_all(r1.files[0], &n1);
    /* written again later: the same bytes, though the state changed since */
    export_opts_t ob = {.out_dir = out, .mode = EXPORT_BATCH, .batch = r1.batch, .now = 1000000};
    export_result_t rb;
    err = NULL;
    CHECK_MSG(export_run(s, &ob, &rb, &err), "%s", err ? err : "");
    free(err);
    char *bytes1b = file_read_all(rb.files[0], &n1b);
    CHECK(bytes1 && bytes1b && n1 == n1b && memcmp(bytes1, bytes1b, n1) == 0);
    CHECK(rb.files[2] != NULL);
    free(bytes1);
    free(bytes1b);
    export_result_free(&rb);

    export_result_t r2;
    CHECK(export_new(s, out, &r2));
    CHECK_INT(r2.moderation, 1);
    v = cell_of(r2.files[2], "question_uuid", a.uuid, "status");
    CHECK_STR(v, "hidden");
    free(v);
    export_result_free(&r1);
    export_result_free(&r2);
    store_close(other);
    store_close(s);
    free(out);
    free(dir);
}

/* A failed export gives its changes back: the next one writes them. */
static void test_failed_export_gives_back(void)
{
    char *dir = path_join(test_tmpdir(), "failed");
    char *out = path_join(dir, "out");
    store_t *s = open_at(dir, "hall-a");
    CHECK(s);
    store_receipt_t a = ask(s, "Lost?");
    CHECK_INT(store_qa_set(s, a.uuid, STORE_QA_APPROVE), STORE_OK);
    export_opts_t o = {.out_dir = out, .fault = EXPORT_FAULT_AFTER_FSYNC};
    export_result_t r;
    char *err = NULL;
    CHECK(!export_run(s, &o, &r, &err));
    free(err);
    export_result_free(&r);
    int64_t nu, nt;
    CHECK_INT(store_mod_counts(s, &nu, &nt), STORE_OK);
    CHECK_INT(nu, 1);
    CHECK(export_new(s, out, &r));
    CHECK_INT(r.moderation, 1);
    CHECK_INT(data_rows(r.files[2]), 1);
    CHECK_INT(store_mod_counts(s, &nu, &nt), STORE_OK);
    CHECK_INT(nu, 0);
    export_result_free(&r);
    store_close(s);
    free(out);
    free(dir);
}

/* Merge between kiosks: a projector moderating an imported question later
 * than its own kiosk did wins; within one kiosk the higher seq wins even
 * when its clock went back. */
static void test_merge_latest(void)
{
    char *dir = path_join(test_tmpdir(), "latest");
    mkdir_p(dir, 0700);
    const char *q = "\"uuid\",\"seq\",\"kiosk_id\",\"created_at\",\"lang\",\"status\",\"topic\",\"name\",\"text\","
                    "\"may_show\",\"sealed_to\"\n"
                    "\"q-1\",\"1\",\"hall-a\",\"2012-10-08T10:00:00Z\",\"en\",\"approved\",\"\",\"\",\"One\",\"yes\",\"\"\n"
                    "\"q-2\",\"2\",\"hall-a\",\"2012-10-08T10:01:00Z\",\"en\",\"new\",\"\",\"\",\"Two\",\"yes\",\"\"\n";
    const char *ma = "uuid,seq,kiosk_id,changed_at,question_uuid,status\n"
                     "m-a1,1,hall-a,2012-10-08T10:05:00Z,q-1,approved\n"
                     /* hall-a's clock went back: seq 2 is still its latest */
                     "m-a2,2,hall-a,2012-10-08T09:00:00Z,q-2,answered\n"
                     "m-a3,3,hall-a,2012-10-08T09:01:00Z,q-2,hidden\n";
    const char *mp = "uuid,seq,kiosk_id,changed_at,question_uuid,status\n"
                     "m-p1,1,projector,2012-10-08T10:10:00Z,q-1,answered\n"
                     "m-p2,2,projector,2012-10-08T10:12:00Z,q-9,approved\n";
    char *fq = test_write_file(dir, "q.csv", q);
    char *fa = test_write_file(dir, "ma.csv", ma);
    char *fp = test_write_file(dir, "mp.csv", mp);
    const char *files[4] = {fq, fa, fp, fa};
    char *mo = path_join(dir, "m");
    merge_opts_t m = {.out = mo};
    merge_result_t mr;
    char *err = NULL;
    CHECK_MSG(merge_run(files, 4, &m, &mr, &err), "%s", err ? err : "");
    free(err);
    CHECK_INT(mr.rows_out[2], 5); /* the file given twice: its changes once */
    CHECK_INT(mr.moderated, 2);
    CHECK_INT(mr.moderation_elsewhere, 1);
    char *v = cell_of(mr.files[0], "uuid", "q-1", "status");
    CHECK_STR(v, "answered");
    free(v);
    v = cell_of(mr.files[0], "uuid", "q-2", "status");
    CHECK_STR(v, "hidden");
    free(v);
    merge_result_free(&mr);
    free(mo);
    free(fq);
    free(fa);
    free(fp);
    free(dir);
}

/* A v5 database: the states set before the upgrade are in the first export. */
static void test_upgrade_from_v5(void)
{
    char *dir = path_join(test_tmpdir(), "v5");
    mkdir_p(dir, 0700);
    char *path = path_join(dir, "agmkiosk.db");
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    for (int v = 0; v < 5; v++)
        CHECK(store_exec_script(db, store_schema_sql(v)) == SQLITE_OK);
    CHECK(store_exec_script(db, "INSERT INTO meta VALUES('kiosk_id', 'old');"
                                "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, may_show, status)"
                                " VALUES('11111111-1111-4111-8111-111111111111', 1, 'old', '2025-05-01T10:00:00Z',"
                                " 'en', 'Before', 'yes', 'approved'),"
                                " ('22222222-2222-4222-8222-222222222222', 2, 'old', '2025-05-01T10:01:00Z',"
                                " 'en', 'Plain', 'yes', 'new');"
                                "UPDATE meta SET value = '3' WHERE key = 'next_seq';"
                                "PRAGMA user_version = 5;") == SQLITE_OK);
    sqlite3_close(db);
    store_t *s = open_at(dir, "old");
    CHECK(s);
    char *out = path_join(dir, "out");
    export_result_t r;
    CHECK(export_new(s, out, &r));
    CHECK_INT(r.moderation, 1);
    char *v = cell_of(r.files[2], "question_uuid", "11111111-1111-4111-8111-111111111111", "status");
    CHECK_STR(v, "approved");
    free(v);
    v = cell_of(r.files[0], "uuid", "11111111-1111-4111-8111-111111111111", "status");
    CHECK_STR(v, "approved");
    free(v);
    export_result_free(&r);
    store_close(s);
    free(out);
    free(path);
    free(dir);
}

int main(void)
{
    RUN(test_changes_after_export);
    RUN(test_change_during_export);
    RUN(test_failed_export_gives_back);
    RUN(test_merge_latest);
    RUN(test_upgrade_from_v5);
    return test_summary();
}
