/* Regressions found by a hostile pass over export, import, moderation and
 * sealed records: each test reproduces one defect (it failed before the
 * fix). */
#include "test.h"
#include "test_export_fixture.h"
#include "core/log.h"
#include "export/export.h"
#include "export/import.h"
#include "export/merge.h"
#include "store/store.h"

#include <dirent.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 ((time_t)1349691300)

static store_t *open_store(const char *path, const char *kiosk)
{
    char *err = NULL;
    store_t *s = store_open(path, kiosk, NULL, &err);
    if (!s) {
        fprintf(stderr, "open: %s\n", err);
        free(err);
    }
    return s;
}

static bool add_question(store_t *s, const char *text, const char *name, bool may_show, store_receipt_t *r)
{
    question_in_t q = {.text = text, .name = name, .lang = "en", .may_show = may_show};
    return store_add_question(s, &q, r) == STORE_OK;
}

static bool add_signup(store_t *s, const char *name)
{
    signup_in_t su = {.name = name, .email = "secret@example.org", .phone = "+81 3 1234 5678", .lang = "en",
                      .consent_version = "v1", .message = "secret message"};
    return store_add_signup(s, &su, NULL) == STORE_OK;
}

static bool export_into(const char *db_path, const char *out, time_t now, export_result_t *r, char **err)
{
    store_opts_t so = {.skip_check = true};
    store_t *s = store_open_ex(db_path, NULL, &so, NULL, err);
    if (!s)
        return false;
    export_opts_t o = {.out_dir = out, .now = now};
    bool ok = export_run(s, &o, r, err);
    store_close(s);
    return ok;
}

/* ---- an interrupted export, then moderation, then the next export -------- */

static int kill_at = -1;
static bool kill_hook(export_fault_t at, void *ctx)
{
    (void)ctx;
    if ((int)at == kill_at)
        raise(SIGKILL);
    return true;
}

/* An export killed after its questions file was renamed into place leaves
 * the batch pending; a moderator then approves one of its questions (the
 * row's status, an exported column, changes). The next export must still
 * finish the batch instead of failing on "a different file is already
 * there" at every attempt (which also kept the wipe refused for good). */
static void test_resume_after_moderation(void)
{
    int steps[] = {EXPORT_FAULT_AFTER_RENAME_FIRST, EXPORT_FAULT_AFTER_RENAME_ALL, EXPORT_FAULT_BEFORE_MARK};
    for (size_t si = 0; si < sizeof steps / sizeof steps[0]; si++) {
        const char *dir = test_tmpdir();
        char *path = path_join(dir, "m.db"), *out = path_join(dir, "usb");
        store_t *s = open_store(path, "hall-a");
        CHECK(s);
        store_receipt_t rc;
        CHECK(add_question(s, "May I see this on the screen?", "Ann", true, &rc));
        CHECK(add_question(s, "A private one", "", false, NULL));
        CHECK(add_signup(s, "Kim"));
        pid_t pid = fork();
        if (pid == 0) {
            kill_at = steps[si];
            store_opts_t so = {.skip_check = true};
            char *err = NULL;
            store_t *cs = store_open_ex(path, NULL, &so, NULL, &err);
            export_opts_t o = {.out_dir = out, .now = T0, .hook = kill_hook};
            export_result_t r;
            export_run(cs, &o, &r, &err);
            _exit(3);
        }
        int status = 0;
        CHECK(waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        CHECK_INT(store_qa_set(s, rc.uuid, STORE_QA_APPROVE), STORE_OK);

        export_result_t r;
        char *err = NULL;
        CHECK_MSG(export_into(path, out, T0 + 60, &r, &err), "kill at %s, then approved: %s",
                  export_fault_name((export_fault_t)steps[si]), err);
        CHECK_INT(r.resumed, 1);
        export_result_free(&r);
        /* the resumed batch's two files, then a batch with the approval in
         * its moderation file (its questions and sign-ups files are empty) */
        CHECK_INT(fx_count_files(out, "-b0001-"), 2);
        CHECK_INT(fx_count_files(out, "-moderation-"), 1);
        store_counts_t c;
        CHECK(store_counts(s, &c));
        CHECK_INT(c.unfinished_batches, 0);
        CHECK_INT(c.questions_new, 0);
        DIR *d = opendir(out);
        CHECK(d);
        struct dirent *e;
        bool seen = false, in_b1 = false;
        while ((e = readdir(d))) {
            bool mod = strstr(e->d_name, "-moderation-") != NULL;
            if (!mod && !strstr(e->d_name, "-questions-b0001-"))
                continue;
            char *p = path_join(out, e->d_name);
            fx_table_t t;
            CHECK(fx_csv_read(p, &t));
            free(p);
            int col = -1, qcol = mod ? -1 : 0;
            for (int i = 0; i < t.ncols; i++) {
                if (strcmp(fx_at(&t, 0, (size_t)i), "status") == 0)
                    col = i;
                if (mod && strcmp(fx_at(&t, 0, (size_t)i), "question_uuid") == 0)
                    qcol = i;
            }
            CHECK(col >= 0 && qcol >= 0);
            for (size_t row = 1; row < t.nrows; row++)
                if (col >= 0 && qcol >= 0 && strcmp(fx_at(&t, row, (size_t)qcol), rc.uuid) == 0) {
                    if (mod) {
                        CHECK_STR(fx_at(&t, row, (size_t)col), "approved");
                        seen = true;
                    } else {
                        in_b1 = true;
                    }
                }
            fx_table_free(&t);
        }
        closedir(d);
        CHECK(seen);
        CHECK(in_b1);
        store_wipe_result_t wr;
        err = NULL;
        CHECK_MSG(store_wipe(s, &wr, &err) == STORE_OK, "%s", err);
        store_close(s);
        free(path);
        free(out);
    }
}

/* ---- import leaves nothing on disk --------------------------------------- */

/* `agmkiosk import` brought other kiosks' files through a merge written
 * beside the database: every sign-up (name, email, phone, message) and
 * every question with its asker's name was written and fsynced onto the
 * kiosk's own storage before being deleted (and left there for good if
 * the import was killed). Nothing may be created in the data folder but
 * SQLite's own files. */
static void test_import_writes_no_file(void)
{
    const char *dir = test_tmpdir();
    char *src = path_join(dir, "src.db"), *usb = path_join(dir, "usb");
    char *data = path_join(dir, "data");
    CHECK(mkdir(data, 0700) == 0);
    char *dst = path_join(data, "agmkiosk.db");
    store_t *a = open_store(src, "hall-b");
    CHECK(a);
    CHECK(add_question(a, "Shown question", "Secret Asker", true, NULL));
    CHECK(add_question(a, "Hidden question", "Secret Asker", false, NULL));
    CHECK(add_signup(a, "Secret Signer"));
    store_close(a);
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(export_into(src, usb, T0, &r, &err), "%s", err);
    const char *files[2] = {r.files[0], r.files[1]};

    store_t *s = open_store(dst, "hall-a");
    CHECK(s);
    CHECK(add_question(s, "Own question", "", true, NULL)); /* the WAL exists */
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    CHECK(fd >= 0);
    CHECK(inotify_add_watch(fd, data, IN_CREATE | IN_MOVED_TO) >= 0);
    import_result_t ir;
    CHECK_MSG(import_questions(s, files, 2, &ir, &err), "%s", err);
    CHECK_INT(ir.store.added, 1);
    free(ir.report);
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n = read(fd, buf, sizeof buf);
    for (char *p = buf; n > 0 && p < buf + n;) {
        struct inotify_event *ev = (struct inotify_event *)p;
        const char *name = ev->len ? ev->name : "";
        bool sqlite_own = strncmp(name, "agmkiosk.db", 11) == 0;
        CHECK_MSG(sqlite_own, "import created %s in the data folder", name);
        p += sizeof *ev + ev->len;
    }
    close(fd);
    store_close(s);
    export_result_free(&r);
    free(src);
    free(usb);
    free(data);
    free(dst);
}

/* The import's error names the import, not a merge. */
static void test_import_error_wording(void)
{
    const char *dir = test_tmpdir();
    char *dst = path_join(dir, "i.db");
    store_t *s = open_store(dst, "hall-a");
    CHECK(s);
    const char *files[1] = {"/nonexistent/agm.csv"};
    import_result_t ir;
    char *err = NULL;
    CHECK(!import_questions(s, files, 1, &ir, &err));
    CHECK_CONTAINS(err, "/nonexistent/agm.csv");
    CHECK_MSG(!strstr(err, "merge"), "%s", err);
    CHECK_CONTAINS(err, "nothing imported");
    free(err);
    store_close(s);
    free(dst);
}


/* ---- writing a batch again after its rows were deleted -------------------- */

/* After "Delete collected data", `export --batch 1` wrote two header-only
 * files named as batch 1 and said "batch 1 again: 0 questions", exit 0:
 * an organizer replacing a lost stick got empty files that pass for the
 * batch. It must fail, say why, and leave no file. */
static void test_batch_again_after_wipe(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "w.db"), *usb = path_join(dir, "usb"), *usb2 = path_join(dir, "usb2");
    store_t *s = open_store(path, "hall-a");
    CHECK(s);
    CHECK(add_question(s, "A question", "Ann", false, NULL));
    CHECK(add_signup(s, "Kim"));
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(export_into(path, usb, T0, &r, &err), "%s", err);
    export_result_free(&r);
    store_wipe_result_t wr;
    CHECK_MSG(store_wipe(s, &wr, &err) == STORE_OK, "%s", err);
    export_opts_t o = {.out_dir = usb2, .now = T0 + 60, .mode = EXPORT_BATCH, .batch = 1};
    CHECK(!export_run(s, &o, &r, &err));
    CHECK_CONTAINS(err, "batch 1");
    CHECK_CONTAINS(err, "deleted");
    free(err);
    CHECK_INT(fx_count_files(usb2, NULL), 0);
    store_close(s);
    free(path);
    free(usb);
    free(usb2);
}


/* ---- several processes creating one database at once ----------------------- */

/* The kiosk and the slideshow (or status, or an export) started together on
 * a fresh data folder: each found schema version 0 and ran the first
 * migration, and every one but the first failed with "table meta already
 * exists", so a kiosk could start without its database (saving
 * unavailable for the whole event). Every opener must succeed. */
static void test_concurrent_first_open(void)
{
    const char *dir = test_tmpdir();
    for (int round = 0; round < 4; round++) {
        char *name = xasprintf("fresh-%d.db", round);
        char *path = path_join(dir, name);
        free(name);
        int go[2];
        CHECK(pipe(go) == 0);
        enum { N = 6 };
        pid_t pid[N];
        for (int i = 0; i < N; i++) {
            pid[i] = fork();
            if (pid[i] == 0) {
                close(go[1]);
                char c;
                if (read(go[0], &c, 1) < 0)
                    _exit(3);
                char *err = NULL;
                store_t *s = store_open(path, "hall-a", NULL, &err);
                if (!s) {
                    fprintf(stderr, "  opener %d: %s\n", i, err);
                    _exit(1);
                }
                store_receipt_t r;
                bool ok = add_question(s, "Saved?", "", false, &r);
                store_close(s);
                _exit(ok ? 0 : 2);
            }
        }
        close(go[0]);
        close(go[1]); /* every child starts now */
        int failed = 0;
        for (int i = 0; i < N; i++) {
            int status = 0;
            CHECK(waitpid(pid[i], &status, 0) == pid[i]);
            failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        CHECK_MSG(failed == 0, "round %d: %d of %d openers failed", round, failed, (int)N);
        store_t *s = open_store(path, "hall-a");
        CHECK(s);
        store_counts_t c;
        CHECK(store_counts(s, &c));
        CHECK_INT(c.questions, N);
        store_close(s);
        free(path);
    }
}


/* ---- the wipe while another process reads -------------------------------- */

/* A reader in another process (the slideshow reading the questions, an
 * `export --all` of a large database) held its transaction longer than the
 * busy timeout: the wipe deleted the rows but could not checkpoint, so the
 * database file kept every deleted name and question in plain text
 * (VACUUM's clean copy waited in the WAL), and "it is retried at the next
 * deletion" never came: with nothing left to delete the admin screen
 * offers no deletion. The wipe must wait for such a reader. */
static bool file_has(const char *path, const char *needle)
{
    size_t len = 0;
    char *t = file_read_all(path, &len);
    bool found = t && memmem(t, len, needle, strlen(needle)) != NULL;
    free(t);
    return found;
}

static void test_wipe_waits_for_a_reader(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "r.db"), *usb = path_join(dir, "usb");
    store_t *s = open_store(path, "hall-a");
    CHECK(s);
    for (int i = 0; i < 50; i++)
        CHECK(add_question(s, "Where does the money go? UNIQUEQUESTIONTEXT", "UNIQUEASKERNAME", i % 2, NULL));
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(export_into(path, usb, T0, &r, &err), "%s", err);
    export_result_free(&r);
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        sqlite3 *db = NULL;
        if (sqlite3_open(path, &db) != SQLITE_OK)
            _exit(1);
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        sqlite3_exec(db, "SELECT count(*) FROM questions", NULL, NULL, NULL);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        usleep(7000 * 1000); /* longer than the busy timeouts of the clean-up */
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
        _exit(0);
    }
    close(ready[1]);
    char c;
    CHECK(read(ready[0], &c, 1) == 1);
    close(ready[0]);
    store_wipe_result_t wr;
    uint64_t t0 = now_ms();
    CHECK_MSG(store_wipe(s, &wr, &err) == STORE_OK, "%s", err);
    if (getenv("AGM_TEST_VERBOSE"))
        fprintf(stderr, "  wipe took %llu ms, truncated %d\n", (unsigned long long)(now_ms() - t0), wr.wal_truncated);
    CHECK_INT(wr.questions, 50);
    CHECK_MSG(wr.wal_truncated, "%s", err ? err : "not truncated");
    free(err);
    CHECK(!file_has(path, "UNIQUEASKERNAME"));
    CHECK(!file_has(path, "UNIQUEQUESTIONTEXT"));
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    store_close(s);
    free(path);
    free(usb);
}


/* ---- a damaged file: NUL bytes inside a cell ------------------------------- */

/* A stick that fails often reads back runs of zero bytes. Inside a quoted
 * cell they were taken as the cell's end: merge wrote the text cut short
 * at the first NUL and reported success. Such a file is damaged: merge
 * (and import and open, which read as merge does) must refuse it and name
 * its line. */
static void test_merge_refuses_nul_bytes(void)
{
    const char *dir = test_tmpdir();
    static const char text[] =
        "\"uuid\",\"seq\",\"kiosk_id\",\"created_at\",\"lang\",\"status\",\"topic\",\"name\",\"text\","
        "\"may_show\",\"sealed_to\"\r\n"
        "\"u-1\",\"1\",\"k\",\"2012-10-08T09:00:00Z\",\"en\",\"new\",\"\",\"Ann\",\"How much \0\0\0\0 went to food?\","
        "\"no\",\"\"\r\n";
    char *path = path_join(dir, "damaged.csv");
    FILE *f = fopen(path, "wb");
    CHECK(f);
    CHECK(fwrite(text, 1, sizeof text - 1, f) == sizeof text - 1);
    fclose(f);
    char *out = path_join(dir, "merged");
    const char *files[1] = {path};
    merge_opts_t o = {.out = out};
    merge_result_t r;
    char *err = NULL;
    bool ok = merge_run(files, 1, &o, &r, &err);
    if (ok)
        merge_result_free(&r);
    CHECK_MSG(!ok, "a file with NUL bytes in a cell was merged");
    CHECK_CONTAINS(err, "damaged.csv:2");
    CHECK_CONTAINS(err, "NUL");
    free(err);
    CHECK_INT(fx_count_files(dir, "merged"), 0);
    free(path);
    free(out);
}


/* ---- a wipe while `export --batch N` writes ------------------------------- */

/* export --batch N read the questions and the sign-ups of the batch in two
 * separate reads: the wipe (or any deletion) between them gave a
 * questions file with the batch and a sign-ups file without it, recorded
 * as a batch read back. Both files must come from one snapshot. */
static bool delete_signups_hook(export_fault_t at, void *ctx)
{
    if (at != EXPORT_FAULT_OPEN_TEMP)
        return true;
    sqlite3 *db = NULL;
    bool ok = sqlite3_open((const char *)ctx, &db) == SQLITE_OK &&
              sqlite3_exec(db, "DELETE FROM signups", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

static void test_batch_again_one_snapshot(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "b.db"), *usb = path_join(dir, "usb"), *usb2 = path_join(dir, "usb2");
    store_t *s = open_store(path, "hall-a");
    CHECK(s);
    CHECK(add_question(s, "One", "", false, NULL));
    CHECK(add_question(s, "Two", "", false, NULL));
    CHECK(add_signup(s, "Kim"));
    CHECK(add_signup(s, "Lee"));
    export_result_t r;
    char *err = NULL;
    CHECK_MSG(export_into(path, usb, T0, &r, &err), "%s", err);
    export_result_free(&r);
    export_opts_t o = {.out_dir = usb2, .now = T0 + 60, .mode = EXPORT_BATCH, .batch = 1,
                       .hook = delete_signups_hook, .hook_ctx = path};
    bool ok = export_run(s, &o, &r, &err);
    CHECK_MSG(ok, "%s", err);
    CHECK_INT(r.questions, 2);
    CHECK_INT(r.signups, 2);
    fx_table_t t;
    CHECK(fx_csv_read(r.files[1], &t));
    CHECK_INT(t.nrows, 3); /* the header and both sign-ups */
    fx_table_free(&t);
    export_result_free(&r);
    store_close(s);
    free(path);
    free(usb);
    free(usb2);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_resume_after_moderation);
    RUN(test_import_writes_no_file);
    RUN(test_import_error_wording);
    RUN(test_batch_again_after_wipe);
    RUN(test_concurrent_first_open);
    RUN(test_wipe_waits_for_a_reader);
    RUN(test_merge_refuses_nul_bytes);
    RUN(test_batch_again_one_snapshot);
    return test_summary();
}
