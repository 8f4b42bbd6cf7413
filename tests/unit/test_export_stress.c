/* The exporter under stress: exports racing into one folder, exports while
 * the kiosk saves rows, and a SIGKILL at every step of an export. After
 * each, every finished batch's files hold exactly its rows, no file under a
 * final name belongs to no batch, and the next export finishes whatever a
 * killed one left, so every row ends up in exactly one finished batch. */
#include "test.h"
#include "test_export_fixture.h"
#include "core/log.h"
#include "export/export.h"
#include "store/store.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 ((time_t)1349691300)

static store_t *open_store(const char *path)
{
    char *err = NULL;
    store_t *s = store_open(path, "hall-a", NULL, &err);
    if (!s) {
        fprintf(stderr, "open: %s\n", err);
        free(err);
    }
    return s;
}

static bool add_rows(store_t *s, int n, int tag)
{
    for (int i = 0; i < n; i++) {
        char text[64];
        snprintf(text, sizeof text, "=question %d.%d, \"quoted\"", tag, i);
        question_in_t q = {.text = text, .name = i % 2 ? "Ann" : "", .lang = "en"};
        if (store_add_question(s, &q, NULL) != STORE_OK)
            return false;
        if (i % 3 == 0) {
            signup_in_t su = {.name = "山田", .email = "y@example.jp", .lang = "ja", .consent_version = "v1"};
            if (store_add_signup(s, &su, NULL) != STORE_OK)
                return false;
        }
    }
    return true;
}

/* The uuids of kind k in batch b (in seq order), joined by ','. */
static char *batch_uuids(sqlite3 *db, const char *table, long long b)
{
    char *sql = xasprintf("SELECT uuid FROM %s WHERE export_batch = %lld ORDER BY seq", table, b);
    sqlite3_stmt *st = NULL;
    strbuf_t out = {0};
    sb_append(&out, "");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            sb_printf(&out, "%s,", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    free(sql);
    return sb_steal(&out);
}

static char *file_uuids(const char *path)
{
    fx_table_t t;
    if (!fx_csv_read(path, &t))
        return NULL;
    strbuf_t out = {0};
    sb_append(&out, "");
    for (size_t row = 1; row < t.nrows; row++)
        sb_printf(&out, "%s,", fx_at(&t, row, 0));
    fx_table_free(&t);
    return sb_steal(&out);
}

/* Check the folders (out, and out2 when not NULL: a second stick) against
 * the database: every finished batch's files are in one of them and hold
 * exactly its rows; every final-named file there belongs to a batch. With
 * pending_ok a batch an interrupted export left may exist; its files, where
 * present, must hold its rows too. Returns the number of problems (each
 * printed). */
static int check_sticks(const char *db_path, const char *out, const char *out2, bool pending_ok)
{
    int problems = 0;
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK)
        return 1;
    sqlite3_busy_timeout(db, 5000);
    /* names of every batch that may have files */
    strbuf_t known = {0};
    sb_append(&known, ";");
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT id, state, files FROM export_batches ORDER BY id", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *state = (const char *)sqlite3_column_text(st, 1);
        char *files = xstrdup((const char *)sqlite3_column_text(st, 2));
        char *semi = strchr(files, ';');
        if (!semi) {
            free(files);
            continue;
        }
        *semi = '\0';
        const char *name[2] = {files, semi + 1};
        bool pending = strcmp(state, "pending") == 0;
        if (pending && !pending_ok) {
            fprintf(stderr, "  batch %lld is still pending\n", id);
            problems++;
        }
        if (strcmp(state, "failed") != 0)
            for (int k = 0; k < 2; k++) {
                sb_printf(&known, "%s;", name[k]);
                char *want = batch_uuids(db, k ? "signups" : "questions", id);
                int found = 0;
                for (int f = 0; f < 2; f++) {
                    const char *folder = f ? out2 : out;
                    if (!folder)
                        continue;
                    char *path = path_join(folder, name[k]);
                    if (access(path, F_OK) == 0) {
                        found++;
                        char *got = file_uuids(path);
                        if (!got || strcmp(got, want) != 0) {
                            fprintf(stderr, "  batch %lld: %s does not hold exactly its rows\n", id, path);
                            problems++;
                        }
                        free(got);
                    }
                    free(path);
                }
                if (!found && !pending) {
                    fprintf(stderr, "  batch %lld: %s is on no stick\n", id, name[k]);
                    problems++;
                }
                free(want);
            }
        free(files);
    }
    sqlite3_finalize(st);
    /* every final-named file belongs to a batch */
    for (int f = 0; f < 2; f++) {
        DIR *d = opendir(f ? (out2 ? out2 : "/nonexistent") : out);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char *needle = xasprintf(";%s;", e->d_name);
            if (!strstr(known.s, needle)) {
                fprintf(stderr, "  %s belongs to no batch\n", e->d_name);
                problems++;
            }
            free(needle);
        }
        if (d)
            closedir(d);
    }
    sb_free(&known);
    if (!pending_ok) {
        long long left = fx_int(db, "SELECT (SELECT count(*) FROM questions WHERE export_batch IS NULL OR "
                                    "export_batch NOT IN (SELECT id FROM export_batches WHERE state = 'done')) + "
                                    "(SELECT count(*) FROM signups WHERE export_batch IS NULL OR "
                                    "export_batch NOT IN (SELECT id FROM export_batches WHERE state = 'done'))");
        if (left != 0) {
            fprintf(stderr, "  %lld rows are in no finished batch\n", left);
            problems++;
        }
    }
    sqlite3_close(db);
    return problems;
}

static int check_consistency(const char *db_path, const char *out, bool pending_ok)
{
    return check_sticks(db_path, out, NULL, pending_ok);
}

/* One plain export; true on success (or nothing new). */
static bool export_once(const char *db_path, const char *out, time_t now, char **err_out)
{
    store_opts_t so = {.skip_check = true};
    char *err = NULL;
    store_t *s = store_open_ex(db_path, NULL, &so, NULL, &err);
    if (!s) {
        if (err_out)
            *err_out = err;
        else
            free(err);
        return false;
    }
    export_opts_t o = {.out_dir = out, .now = now};
    export_result_t r;
    bool ok = export_run(s, &o, &r, &err);
    if (ok)
        export_result_free(&r);
    if (err_out)
        *err_out = err;
    else
        free(err);
    store_close(s);
    return ok;
}

/* One integer from sql on the database at path (-1 on failure). */
static long long q_count(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    long long v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK)
        v = fx_int(db, sql);
    sqlite3_close(db);
    return v;
}

static int kill_at = -1;
static bool kill_hook(export_fault_t at, void *ctx)
{
    (void)ctx;
    if ((int)at == kill_at)
        raise(SIGKILL);
    return true;
}

/* A SIGKILL at each step of an export; then a plain export finishes the
 * batch, in the same folder or on another stick. */
static void test_kill_at_every_step(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "k.db"), *out = path_join(dir, "usb"), *other = path_join(dir, "usb2");
    store_t *s = open_store(path);
    CHECK(s);
    int tag = 0;
    for (int f = EXPORT_FAULT_AFTER_CLAIM; f < EXPORT_FAULT_COUNT; f++)
        for (int second_stick = 0; second_stick < 2; second_stick++) {
            CHECK(add_rows(s, 4, tag++));
            pid_t pid = fork();
            if (pid == 0) {
                kill_at = f;
                store_opts_t so = {.skip_check = true};
                char *err = NULL;
                store_t *cs = store_open_ex(path, NULL, &so, NULL, &err);
                export_opts_t o = {.out_dir = out, .now = T0 + tag * 60, .hook = kill_hook};
                export_result_t r;
                export_run(cs, &o, &r, &err);
                _exit(3); /* the hook never fired */
            }
            int status = 0;
            CHECK(waitpid(pid, &status, 0) == pid);
            CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "step %s: child was not killed",
                      export_fault_name((export_fault_t)f));
            CHECK_MSG(check_sticks(path, out, other, true) == 0, "after a kill at %s",
                      export_fault_name((export_fault_t)f));
            store_counts_t c;
            CHECK(store_counts(s, &c));
            CHECK_MSG(c.unfinished_batches == 1, "kill at %s left %lld unfinished batches",
                      export_fault_name((export_fault_t)f), (long long)c.unfinished_batches);
            CHECK(c.questions_new > 0); /* a pending batch's rows are not exported */
            store_wipe_result_t wr;
            char *err = NULL;
            CHECK_INT(store_wipe(s, &wr, &err), STORE_INVALID);
            free(err);
            /* the next export finishes it, here or on another stick */
            err = NULL;
            CHECK_MSG(export_once(path, second_stick ? other : out, T0 + tag * 60 + 30, &err), "%s", err);
            free(err);
            CHECK_MSG(check_sticks(path, out, other, false) == 0, "after finishing a kill at %s (%s)",
                      export_fault_name((export_fault_t)f), second_stick ? "second stick" : "same stick");
        }
    /* No batch number was used twice, and every batch is finished. */
    CHECK_INT(q_count(path, "SELECT count(*) FROM export_batches WHERE state = 'pending'"), 0);
    store_close(s);
    free(path);
    free(out);
    free(other);
}

/* Two exporters racing into one folder while rows keep arriving. */
static void test_paired_exports(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "p.db"), *out = path_join(dir, "usb");
    store_t *s = open_store(path);
    CHECK(s);
    CHECK(add_rows(s, 30, 0));
    int fds[2][2];
    pid_t pid[2];
    for (int c = 0; c < 2; c++) {
        CHECK(pipe(fds[c]) == 0);
        pid[c] = fork();
        if (pid[c] == 0) {
            close(fds[c][0]);
            int ok = 0, busy = 0, other = 0;
            for (int i = 0; i < 25; i++) {
                char *err = NULL;
                /* the same second for both: the same file names would clash */
                if (export_once(path, out, T0 + i, &err))
                    ok++;
                else if (err && strstr(err, "another export is running"))
                    busy++;
                else {
                    other++;
                    fprintf(stderr, "  exporter %d: %s\n", c, err ? err : "?");
                }
                free(err);
            }
            char msg[64];
            int n = snprintf(msg, sizeof msg, "%d %d %d", ok, busy, other);
            if (write(fds[c][1], msg, (size_t)n) != n)
                _exit(4);
            _exit(0);
        }
        close(fds[c][1]);
    }
    /* the kiosk keeps saving meanwhile */
    for (int i = 1; i <= 20; i++)
        CHECK(add_rows(s, 2, 100 + i));
    int ok = 0, busy = 0, other = 0;
    for (int c = 0; c < 2; c++) {
        int status;
        CHECK(waitpid(pid[c], &status, 0) == pid[c] && WIFEXITED(status) && WEXITSTATUS(status) == 0);
        char msg[64] = {0};
        CHECK(read(fds[c][0], msg, sizeof msg - 1) > 0);
        close(fds[c][0]);
        int a, b, d;
        CHECK(sscanf(msg, "%d %d %d", &a, &b, &d) == 3);
        ok += a;
        busy += b;
        other += d;
    }
    fprintf(stderr, "  paired exports: %d ran, %d told another export is running, %d other failures\n", ok, busy,
            other);
    CHECK_INT(other, 0);
    CHECK(ok > 0);
    char *err = NULL;
    CHECK_MSG(export_once(path, out, T0 + 100, &err), "%s", err);
    free(err);
    CHECK(check_consistency(path, out, false) == 0);
    /* now, and only now, the wipe may run: every row is in a read-back batch */
    store_wipe_result_t wr;
    err = NULL;
    CHECK_MSG(store_wipe(s, &wr, &err) == STORE_OK, "%s", err ? err : "");
    free(err);
    CHECK_INT(wr.questions, 30 + 40);
    store_close(s);
    free(path);
    free(out);
}

/* A second export while one holds the lock is told so, in words. */
static void test_lock_message(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "l.db"), *out = path_join(dir, "usb");
    store_t *s = open_store(path);
    CHECK(s);
    CHECK(add_rows(s, 2, 0));
    store_lock_t *l = NULL;
    CHECK_INT(store_export_lock(s, &l), STORE_OK);
    char *err = NULL;
    CHECK(!export_once(path, out, T0, &err));
    CHECK_CONTAINS(err, "another export is running");
    free(err);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new, 2);
    store_export_unlock(l);
    err = NULL;
    CHECK_MSG(export_once(path, out, T0, &err), "%s", err);
    free(err);
    CHECK(check_consistency(path, out, false) == 0);
    store_close(s);
    free(path);
    free(out);
}

/* A file of the unfinished batch's name that holds something else is never
 * replaced: the export fails and says so, the batch stays unfinished. */
static void test_resume_never_replaces(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "r.db"), *out = path_join(dir, "usb");
    store_t *s = open_store(path);
    CHECK(s);
    CHECK(add_rows(s, 3, 0));
    pid_t pid = fork();
    if (pid == 0) {
        kill_at = EXPORT_FAULT_AFTER_CLAIM;
        store_opts_t so = {.skip_check = true};
        char *err = NULL;
        store_t *cs = store_open_ex(path, NULL, &so, NULL, &err);
        export_opts_t o = {.out_dir = out, .now = T0, .hook = kill_hook};
        export_result_t r;
        export_run(cs, &o, &r, &err);
        _exit(3);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
    store_batch_t b;
    bool found = false;
    CHECK_INT(store_batch_unfinished(s, &b, &found), STORE_OK);
    CHECK(found);
    CHECK(mkdir_p(out, 0700) == 0);
    free(test_write_file(out, b.files[0], "someone else's file\r\n"));
    char *err = NULL;
    CHECK(!export_once(path, out, T0 + 60, &err));
    CHECK_CONTAINS(err, "a different file is already there; not replaced");
    CHECK_CONTAINS(err, b.files[0]);
    free(err);
    char *p = path_join(out, b.files[0]);
    size_t len;
    char *text = file_read_all(p, &len);
    CHECK_STR(text, "someone else's file\r\n");
    free(text);
    free(p);
    CHECK_INT(fx_count_files(out, NULL), 1);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.unfinished_batches, 1);
    store_close(s);
    free(path);
    free(out);
}

static void name_test(store_batch_t *b, void *ctx)
{
    (void)ctx;
    snprintf(b->files[0], sizeof b->files[0], "q-%lld.csv", (long long)b->id);
    snprintf(b->files[1], sizeof b->files[1], "s-%lld.csv", (long long)b->id);
}

/* Released batches: forgotten ones give their number back, retired ones
 * (a file may be left somewhere) never do; the rows are unexported again. */
static void test_release_numbers(void)
{
    char *path = path_join(test_tmpdir(), "n.db");
    store_t *s = open_store(path);
    CHECK(s);
    CHECK(add_rows(s, 2, 0));
    store_batch_t b;
    bool none;
    CHECK_INT(store_batch_claim(s, "2012-10-08T10:15:00Z", 0, name_test, NULL, &b, &none), STORE_OK);
    CHECK(!none && b.id == 1 && b.questions == 2 && b.signups == 1);
    CHECK_STR(b.files[0], "q-1.csv");
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.unfinished_batches, 1);
    CHECK_INT(store_batch_release(s, 1, true), STORE_OK);
    CHECK_INT(store_batch_claim(s, "2012-10-08T10:16:00Z", 0, name_test, NULL, &b, &none), STORE_OK);
    CHECK_INT(b.id, 1); /* forgotten: the number comes back */
    CHECK_INT(store_batch_release(s, 1, false), STORE_OK);
    CHECK_INT(store_batch_release(s, 1, false), STORE_INVALID); /* not pending any more */
    CHECK_INT(store_batch_claim(s, "2012-10-08T10:17:00Z", 0, name_test, NULL, &b, &none), STORE_OK);
    CHECK_INT(b.id, 2); /* retired: never again */
    CHECK_INT(b.questions, 2);
    CHECK_INT(store_batch_finish(s, 2, 1, 1, NULL), STORE_INVALID); /* wrong counts: refused */
    bool covered = false;
    CHECK_INT(store_batch_finish(s, 2, 2, 1, &covered), STORE_OK);
    CHECK(covered);
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions_new + c.signups_new, 0);
    CHECK_INT(c.last_batch, 2);
    CHECK_INT(store_batch_claim(s, "2012-10-08T10:18:00Z", 0, name_test, NULL, &b, &none), STORE_OK);
    CHECK(none);
    store_close(s);
    free(path);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_release_numbers);
    RUN(test_lock_message);
    RUN(test_resume_never_replaces);
    RUN(test_kill_at_every_step);
    RUN(test_paired_exports);
    return test_summary();
}
