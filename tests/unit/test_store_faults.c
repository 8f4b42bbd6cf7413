/* Store under faults: killed writer (power-cut stand-in), full disk,
 * read-only database, locked database. Nothing acknowledged may be lost,
 * nothing unacknowledged may be half-written, and the store must stay usable.
 *
 * The tiny-file-system and read-only-mount cases run in a child process in
 * its own mount namespace (root, as on the test machine); where that is not
 * permitted they say so and check nothing (the max_page_count and
 * SQLITE_OPEN_READONLY variants always run). */
#include "store/store_internal.h"
#include "test.h"
#include "testdb.h"
#include "core/util.h"
#include "store/store.h"

#include <dirent.h>
#include <glob.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static store_t *open_ok(const char *path, const store_opts_t *o)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "kiosk-f", o, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    if (notice)
        fprintf(stderr, "  notice: %s\n", notice);
    free(notice);
    free(err);
    return s;
}

static long long total_rows(store_t *s)
{
    return q_int(store_sqlite(s), "SELECT (SELECT count(*) FROM questions) + (SELECT count(*) FROM signups)");
}

static char *long_text(int chars)
{
    strbuf_t b = {0};
    for (int i = 0; i < chars; i++)
        sb_append(&b, i % 2 ? "한" : "x");
    return sb_steal(&b);
}

/* ---- power cut (SIGKILL at random moments, unsynced writes lost) ----- */

/* Child: submit n entries, alternating questions and sign-ups, and write
 * each uuid to fd only after STORE_OK. Never returns. */
static void writer_child(const char *path, int fd, int n)
{
    /* writes not yet synced stay in this process: SIGKILL loses them the
     * way a power cut would */
    store_test_vfs_lose_unsynced(true);
    store_opts_t o = {.count_syncs = true};
    store_t *s = open_ok(path, &o);
    if (!s)
        _exit(2);
    char *text = long_text(300);
    for (int i = 0; i < n; i++) {
        store_receipt_t r;
        store_rc_t rc;
        if (i % 2 == 0) {
            question_in_t q = {.text = text, .name = "野田", .topic = "t", .lang = "ja"};
            rc = store_add_question(s, &q, &r);
        } else {
            signup_in_t u = {.name = "이수진", .email = "s@example.org", .phone = "010", .interests = "a;b",
                             .languages = "ko", .message = text, .lang = "ko", .consent_version = "v1"};
            rc = store_add_signup(s, &u, &r);
        }
        if (rc != STORE_OK)
            _exit(3);
        char line[40];
        memcpy(line, r.uuid, 36);
        line[36] = '\n';
        if (write(fd, line, 37) != 37)
            _exit(4);
    }
    free(text);
    store_close(s);
    _exit(0);
}

static void test_power_cut(void)
{
    char *path = path_join(test_tmpdir(), "agmkiosk.db");
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    fprintf(stderr, "  power-cut seed %u\n", seed);
    srand(seed);
    strbuf_t acked = {0}; /* every uuid reported saved, 37 bytes each */
    sb_appendn(&acked, "", 0);
    int killed = 0, rounds = 0;
    /* six rounds that were really cut (a child that outran the kill and
     * finished its 200 does not count), reopening the file each time */
    for (; killed < 6 && rounds < 30; rounds++) {
        int p[2];
        CHECK(pipe(p) == 0);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            writer_child(path, p[1], 200);
        }
        close(p[1]);
        /* kill after a random number of acknowledgements plus a random
         * delay, so that the kill lands anywhere inside a transaction */
        int wait_for = rand() % 200, got = 0;
        char buf[37 * 16];
        size_t pending = 0;
        bool dead = false;
        while (!dead) {
            if (got >= wait_for) {
                struct timespec ts = {0, (long)(rand() % 3000) * 1000L};
                nanosleep(&ts, NULL);
                kill(pid, SIGKILL);
                dead = true;
            }
            ssize_t r = read(p[0], buf + pending, sizeof buf - pending);
            if (r <= 0)
                break;
            pending += (size_t)r;
            size_t whole = pending / 37 * 37;
            sb_appendn(&acked, buf, whole);
            got += (int)(whole / 37);
            memmove(buf, buf + whole, pending - whole);
            pending -= whole;
        }
        /* drain what the child wrote before it died */
        ssize_t r;
        while ((r = read(p[0], buf + pending, sizeof buf - pending)) > 0) {
            pending += (size_t)r;
            size_t whole = pending / 37 * 37;
            sb_appendn(&acked, buf, whole);
            memmove(buf, buf + whole, pending - whole);
            pending -= whole;
        }
        close(p[0]);
        int status;
        CHECK(waitpid(pid, &status, 0) == pid);
        if (WIFSIGNALED(status))
            killed++;
        else
            CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer failed with %d", status);
        CHECK_INT(pending, 0); /* a uuid line is written whole */
    }
    CHECK_INT(killed, 6);

    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "kiosk-f", &notice, &err);
    CHECK_MSG(s, "%s", err);
    CHECK_MSG(notice == NULL, "%s", notice);
    sqlite3 *db = store_sqlite(s);
    char *ic = q_text(db, "PRAGMA integrity_check");
    CHECK_STR(ic, "ok");
    free(ic);
    size_t n = acked.len / 37;
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM questions WHERE uuid = ?1) + "
                                 "(SELECT count(*) FROM signups WHERE uuid = ?1)", -1, &st, NULL) == SQLITE_OK);
    size_t missing = 0;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, acked.s + i * 37, 36, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
            missing++;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    fprintf(stderr, "  power cut: %d of %d rounds killed, %zu acknowledged, %lld rows, %zu missing\n", killed,
            rounds, n, total_rows(s), missing);
    CHECK_INT(missing, 0);
    long long rows = total_rows(s);
    CHECK(rows >= (long long)n);
    CHECK(rows <= (long long)n + killed); /* at most one committed-but-unreported row per kill */
    /* every row is whole, and seq runs 1..rows without gaps or repeats */
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions WHERE length(text) <> 300 OR name <> '野田' "
                        "OR lang <> 'ja' OR length(uuid) <> 36 OR length(created_at) <> 20"), 0);
    CHECK_INT(q_int(db, "SELECT count(*) FROM signups WHERE length(message) <> 300 OR email <> 's@example.org' "
                        "OR consent_version <> 'v1' OR length(uuid) <> 36 OR length(created_at) <> 20"), 0);
    CHECK_INT(q_int(db, "SELECT count(DISTINCT seq) FROM (SELECT seq FROM questions UNION ALL "
                        "SELECT seq FROM signups)"), rows);
    CHECK_INT(q_int(db, "SELECT max(seq) FROM (SELECT seq FROM questions UNION ALL SELECT seq FROM signups)"), rows);
    CHECK_INT(q_int(db, "SELECT value FROM meta WHERE key = 'next_seq'"), rows + 1);
    store_close(s);
    sb_free(&acked);
    free(path);
}

/* ---- disk full ------------------------------------------------------- */

static void test_full_max_page_count(void)
{
    char *path = path_join(test_tmpdir(), "agmkiosk.db");
    store_t *s = open_ok(path, NULL);
    CHECK(s);
    question_in_t q0 = {.text = "before", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q0, &r), STORE_OK);
    long long pages = q_int(store_sqlite(s), "PRAGMA page_count");
    CHECK(store_test_set_max_pages(s, pages + 2) == pages + 2);
    char *text = long_text(1000);
    question_in_t q = {.text = text, .name = "N", .lang = "en"};
    store_rc_t rc = STORE_OK;
    int64_t last_seq = r.seq;
    store_counts_t before, after;
    int i;
    for (i = 0; i < 100; i++) {
        CHECK(store_counts(s, &before));
        rc = store_add_question(s, &q, &r);
        if (rc != STORE_OK)
            break;
        last_seq = r.seq;
    }
    free(text);
    CHECK_INT(rc, STORE_FULL);
    fprintf(stderr, "  full after %d large questions\n", i);
    CHECK(i < 100);
    CHECK_CONTAINS(store_errmsg(s), "full");
    CHECK_STR(r.uuid, "");
    CHECK(store_counts(s, &after));
    CHECK_INT(after.questions, before.questions);
    CHECK(sqlite3_get_autocommit(store_sqlite(s))); /* nothing left open */
    /* a sign-up too big for the free room of its (still empty) table page */
    strbuf_t big = {0};
    for (int k = 0; k < 1000; k++)
        sb_append(&big, "🎉");
    signup_in_t u = {.name = "Big", .email = "b@example.org", .lang = "en", .consent_version = "1"};
    char *msg = sb_steal(&big);
    u.message = msg;
    CHECK_INT(store_add_signup(s, &u, &r), STORE_FULL);
    CHECK(store_counts(s, &after));
    CHECK_INT(after.signups, 0);
    /* space comes back: the very next try works and seq has no gap */
    CHECK(store_test_set_max_pages(s, 1000000) >= 1000000);
    CHECK_INT(store_add_signup(s, &u, &r), STORE_OK);
    CHECK_INT(r.seq, last_seq + 1);
    free(msg);
    char *ic = q_text(store_sqlite(s), "PRAGMA integrity_check");
    CHECK_STR(ic, "ok");
    free(ic);
    store_close(s);
    free(path);
}

/* Run fn in a child process inside a private mount namespace. The child
 * exits 0 on success, 1 on a failed check, 77 when namespaces or mounts are
 * not permitted here. */
static int in_mount_namespace(void (*fn)(const char *dir), const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            _exit(77);
        test_cur_failed = 0;
        fn(dir);
        _exit(test_cur_failed ? 1 : 0);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return 1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void full_fs_child(const char *dir)
{
    if (mount("tmpfs", dir, "tmpfs", 0, "size=512k,mode=0700") != 0)
        _exit(77);
    char *path = path_join(dir, "agmkiosk.db");
    store_t *s = open_ok(path, NULL);
    CHECK(s);
    char *text = long_text(1000);
    question_in_t q = {.text = text, .lang = "ko"};
    store_receipt_t r;
    store_rc_t rc = STORE_OK;
    int64_t last_seq = 0, ok = 0;
    for (int i = 0; i < 500 && rc == STORE_OK; i++) {
        rc = store_add_question(s, &q, &r);
        if (rc == STORE_OK) {
            last_seq = r.seq;
            ok++;
        }
    }
    fprintf(stderr, "  tiny tmpfs: %lld saved, then rc %d: %s\n", (long long)ok, rc, store_errmsg(s));
    CHECK_INT(rc, STORE_FULL);
    CHECK(ok > 0);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions, ok);
    /* the kiosk keeps running: more tries fail cleanly */
    CHECK_INT(store_add_question(s, &q, &r), STORE_FULL);
    /* the organizer frees space: the next submission is saved */
    CHECK(mount(NULL, dir, NULL, MS_REMOUNT, "size=8m") == 0);
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    CHECK_INT(r.seq, last_seq + 1);
    store_close(s);
    /* what was acknowledged is all there after a reopen, file intact */
    s = open_ok(path, NULL);
    CHECK(s);
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions, ok + 1);
    char *ic = q_text(store_sqlite(s), "PRAGMA integrity_check");
    CHECK_STR(ic, "ok");
    free(ic);
    store_close(s);
    free(text);
    free(path);
}

static void test_full_tiny_filesystem(void)
{
    char *dir = path_join(test_tmpdir(), "mnt");
    CHECK(mkdir(dir, 0700) == 0);
    int rc = in_mount_namespace(full_fs_child, dir);
    if (rc == 77)
        fprintf(stderr, "  NOTE: no mount namespace here; tiny tmpfs case not run\n");
    else
        CHECK_INT(rc, 0);
    free(dir);
}

/* ---- read-only ------------------------------------------------------- */

static void test_readonly_connection(void)
{
    char *path = path_join(test_tmpdir(), "agmkiosk.db");
    store_t *w = open_ok(path, NULL);
    CHECK(w);
    question_in_t q = {.text = "kept", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(w, &q, &r), STORE_OK);
    store_close(w);

    store_opts_t o = {.read_only = true};
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "k", &o, &notice, &err);
    CHECK_MSG(s, "%s", err);
    CHECK_CONTAINS(notice, "read-only");
    free(notice);
    CHECK_INT(store_add_question(s, &q, &r), STORE_READONLY);
    CHECK_CONTAINS(store_errmsg(s), "read-only");
    CHECK_STR(r.uuid, "");
    signup_in_t u = {.name = "A", .email = "a@b.org", .lang = "en", .consent_version = "1"};
    CHECK_INT(store_add_signup(s, &u, &r), STORE_READONLY);
    store_counts_t c;
    CHECK(store_counts(s, &c)); /* reading still works */
    CHECK_INT(c.questions, 1);
    CHECK_INT(c.signups, 0);
    store_close(s);
    free(path);
}

static const char *g_ro_path;

static void readonly_mount_child(const char *dir)
{
    if (mount(dir, dir, NULL, MS_BIND, NULL) != 0 ||
        mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
        _exit(77);
    /* the mount really refuses writes, even to root */
    char *probe = path_join(dir, "probe");
    int fd = open(probe, O_WRONLY | O_CREAT, 0600);
    CHECK(fd < 0 && errno == EROFS);
    free(probe);
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(g_ro_path, "k", &notice, &err);
    CHECK_MSG(s, "%s", err);
    CHECK_CONTAINS(notice, "read-only");
    question_in_t q = {.text = "cannot be saved", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q, &r), STORE_READONLY);
    fprintf(stderr, "  read-only mount: %s\n", store_errmsg(s));
    CHECK_CONTAINS(store_errmsg(s), "read-only");
    CHECK_INT(store_add_question(s, &q, &r), STORE_READONLY);
    store_counts_t c;
    CHECK(store_counts(s, &c));
    CHECK_INT(c.questions, 1);
    store_close(s);
    free(notice);
    free(err);
}

static void test_readonly_mount(void)
{
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "agmkiosk.db");
    /* the writer stays open so -wal and -shm exist, as on a kiosk whose
     * file system went read-only under it */
    store_t *w = open_ok(path, NULL);
    CHECK(w);
    question_in_t q = {.text = "before", .lang = "en"};
    CHECK_INT(store_add_question(w, &q, NULL), STORE_OK);
    g_ro_path = path;
    int rc = in_mount_namespace(readonly_mount_child, dir);
    if (rc == 77)
        fprintf(stderr, "  NOTE: no mount namespace here; read-only mount case not run\n");
    else
        CHECK_INT(rc, 0);
    store_counts_t c;
    CHECK(store_counts(w, &c));
    CHECK_INT(c.questions, 1);
    CHECK_INT(store_add_question(w, &q, NULL), STORE_OK);
    store_close(w);
    free(path);
}

static void readonly_fresh_child(const char *dir)
{
    if (mount(dir, dir, NULL, MS_BIND, NULL) != 0 ||
        mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
        _exit(77);
    /* no database yet and nowhere to create one: a clear error, no crash */
    char *path = path_join(dir, "agmkiosk.db");
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "k", &notice, &err);
    CHECK(s == NULL);
    CHECK(notice == NULL);
    fprintf(stderr, "  read-only folder: %s\n", err ? err : "(null)");
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "Read-only file system");
    free(err);
    free(path);
}

static void test_readonly_folder_without_db(void)
{
    const char *dir = test_tmpdir();
    int rc = in_mount_namespace(readonly_fresh_child, dir);
    if (rc == 77)
        fprintf(stderr, "  NOTE: no mount namespace here; read-only folder case not run\n");
    else
        CHECK_INT(rc, 0);
}

/* ---- read-only storage: the data can still be taken off ---------------- */

static char *g_ro_scratch; /* $TMPDIR in the child: where a private copy may go */

/* Count entries of dir (not . and ..). */
static int count_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

/* Open dir/name on the read-only mount both ways (the kiosk and export's
 * read-write open, status's read-only one) and find want questions. */
static void check_ro_storage_db(const char *dir, const char *name, long long want)
{
    char *path = path_join(dir, name);
    for (int ro = 0; ro < 2; ro++) {
        store_opts_t o = {.read_only = ro == 1};
        char *notice = NULL, *err = NULL;
        store_t *s = store_open_ex(path, NULL, &o, &notice, &err);
        CHECK_MSG(s, "%s (%s): %s", name, ro ? "read-only open" : "read-write open", err);
        fprintf(stderr, "  %s on a read-only mount: %s\n", name, notice ? notice : "(no notice)");
        CHECK_CONTAINS(notice, "read-only storage");
        CHECK(store_read_only_storage(s));
        free(notice);
        store_counts_t c;
        CHECK(store_counts(s, &c));
        CHECK_MSG(c.questions == want, "%s: %lld questions, expected %lld", name, (long long)c.questions, want);
        question_in_t q = {.text = "cannot be saved", .lang = "en"};
        CHECK_INT(store_add_question(s, &q, NULL), STORE_READONLY);
        store_close(s);
        CHECK_MSG(count_entries(g_ro_scratch) == 0, "%s: the private copy was not removed", name);
    }
    free(path);
}

static void readonly_storage_child(const char *dir)
{
    if (mount(dir, dir, NULL, MS_BIND, NULL) != 0 ||
        mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
        _exit(77);
    setenv("TMPDIR", g_ro_scratch, 1);
    /* closed cleanly: no -wal, no -shm (immutable open) */
    check_ro_storage_db(dir, "clean.db", 5);
    /* power cut: committed rows in a -wal, no -shm (the private copy) */
    check_ro_storage_db(dir, "walonly.db", 5 + 7);
    /* without TMPDIR the private copy (personal data) goes to memory,
     * /dev/shm, not to a disk's /tmp */
    if (access("/dev/shm", W_OK) == 0) {
        unsetenv("TMPDIR");
        glob_t before, during;
        size_t n0 = glob("/dev/shm/agmkiosk-ro-*", GLOB_ONLYDIR, NULL, &before) == 0 ? before.gl_pathc : 0;
        char *path = path_join(dir, "walonly.db");
        store_opts_t o = {.read_only = true};
        char *notice = NULL, *err = NULL;
        store_t *s = store_open_ex(path, NULL, &o, &notice, &err);
        CHECK_MSG(s, "%s", err);
        size_t n1 = glob("/dev/shm/agmkiosk-ro-*", GLOB_ONLYDIR, NULL, &during) == 0 ? during.gl_pathc : 0;
        CHECK_MSG(n1 == n0 + 1, "no private copy in /dev/shm without TMPDIR (%zu before, %zu while open)", n0, n1);
        store_close(s);
        if (n0)
            globfree(&before);
        if (n1)
            globfree(&during);
        free(notice);
        free(err);
        free(path);
        setenv("TMPDIR", g_ro_scratch, 1);
    }
    /* nothing was created or changed on the medium */
    CHECK_INT(count_entries(dir), 3);
}

static void test_readonly_storage_export(void)
{
    char *dir = path_join(test_tmpdir(), "ro-card");
    g_ro_scratch = path_join(test_tmpdir(), "scratch");
    CHECK(mkdir(dir, 0700) == 0 && mkdir(g_ro_scratch, 0700) == 0);
    question_in_t q = {.text = "row", .lang = "en"};
    char *clean = path_join(dir, "clean.db");
    store_t *w = open_ok(clean, NULL);
    CHECK(w);
    for (int i = 0; i < 5; i++)
        CHECK_INT(store_add_question(w, &q, NULL), STORE_OK);
    store_close(w);
    /* 5 rows checkpointed into the file, 7 more only in the WAL */
    char *live = path_join(test_tmpdir(), "live.db");
    w = open_ok(live, NULL);
    CHECK(w);
    CHECK(sqlite3_exec(store_sqlite(w), "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL) == SQLITE_OK);
    for (int i = 0; i < 5; i++)
        CHECK_INT(store_add_question(w, &q, NULL), STORE_OK);
    CHECK(sqlite3_exec(store_sqlite(w), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) == SQLITE_OK);
    for (int i = 0; i < 7; i++)
        CHECK_INT(store_add_question(w, &q, NULL), STORE_OK);
    char *from_wal = xasprintf("%s-wal", live);
    char *to = path_join(dir, "walonly.db"), *to_wal = xasprintf("%s-wal", to);
    size_t n1, n2;
    char *b1 = file_read_all(live, &n1), *b2 = file_read_all(from_wal, &n2);
    CHECK(b1 && b2 && n2 > 0);
    FILE *f1 = fopen(to, "wb"), *f2 = fopen(to_wal, "wb");
    CHECK(f1 && f2);
    CHECK(fwrite(b1, 1, n1, f1) == n1 && fwrite(b2, 1, n2, f2) == n2);
    CHECK(fclose(f1) == 0 && fclose(f2) == 0);
    free(b1);
    free(b2);
    store_close(w);
    int rc = in_mount_namespace(readonly_storage_child, dir);
    if (rc == 77)
        fprintf(stderr, "  NOTE: no mount namespace here; read-only storage cases not run\n");
    else
        CHECK_INT(rc, 0);
    free(to_wal);
    free(to);
    free(from_wal);
    free(live);
    free(clean);
    free(g_ro_scratch);
    free(dir);
}

/* ---- locked ---------------------------------------------------------- */

static void test_locked(void)
{
    char *path = path_join(test_tmpdir(), "agmkiosk.db");
    store_opts_t o = {.busy_timeout_ms = 300};
    store_t *s = open_ok(path, &o);
    CHECK(s);
    question_in_t q = {.text = "first", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    int64_t last = r.seq;

    sqlite3 *other = NULL;
    CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "BEGIN EXCLUSIVE; INSERT INTO meta VALUES('other', 'x')", NULL, NULL, NULL) == SQLITE_OK);
    uint64_t t0 = now_ms();
    q.text = "while locked";
    CHECK_INT(store_add_question(s, &q, &r), STORE_BUSY);
    uint64_t waited = now_ms() - t0;
    fprintf(stderr, "  busy after %llu ms (timeout 300)\n", (unsigned long long)waited);
    CHECK(waited >= 250);     /* it did wait for the lock */
    CHECK(waited < 10000);    /* and gave up instead of hanging */
    CHECK_CONTAINS(store_errmsg(s), "locked");
    signup_in_t u = {.name = "A", .email = "a@b.org", .lang = "en", .consent_version = "1"};
    CHECK_INT(store_add_signup(s, &u, &r), STORE_BUSY);
    store_counts_t c;
    CHECK(store_counts(s, &c)); /* WAL readers are not blocked */
    CHECK_INT(c.questions, 1);
    CHECK_INT(c.signups, 0);
    CHECK(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(other);
    CHECK_INT(store_add_signup(s, &u, &r), STORE_OK);
    CHECK_INT(r.seq, last + 1);
    CHECK_INT(total_rows(s), 2);
    store_close(s);

    /* the default timeout is the documented ~2 s */
    s = open_ok(path, NULL);
    CHECK(s);
    CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    CHECK(sqlite3_exec(other, "BEGIN EXCLUSIVE; INSERT INTO meta VALUES('other', 'x')", NULL, NULL, NULL) == SQLITE_OK);
    t0 = now_ms();
    CHECK_INT(store_add_question(s, &q, &r), STORE_BUSY);
    waited = now_ms() - t0;
    fprintf(stderr, "  busy after %llu ms (default timeout %d)\n", (unsigned long long)waited, STORE_BUSY_TIMEOUT_MS);
    CHECK(waited >= STORE_BUSY_TIMEOUT_MS - 100);
    CHECK(waited < 15000);
    CHECK(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(other);
    CHECK_INT(total_rows(s), 2);
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    store_close(s);
    free(path);
}

/* ---- I/O faults injected below SQLite -------------------------------- */

static void test_io_faults(void)
{
    char *path = path_join(test_tmpdir(), "agmkiosk.db");
    store_opts_t o = {.count_syncs = true};
    store_t *s = open_ok(path, &o);
    CHECK(s);
    question_in_t q = {.text = "steady", .lang = "en"};
    store_receipt_t r;
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    int64_t last = r.seq;
    static const struct {
        int ops, err;
        store_rc_t want;
        const char *says;
    } cases[] = {
        {STORE_TEST_FAIL_WRITE, EROFS, STORE_READONLY, "Read-only file system"}, /* medium remounted ro */
        {STORE_TEST_FAIL_WRITE, ENOSPC, STORE_FULL, "No space left"},
        {STORE_TEST_FAIL_WRITE, EIO, STORE_IOERR, "Input/output error"},
        {STORE_TEST_FAIL_SYNC, EIO, STORE_IOERR, "Input/output error"},
    };
    int64_t acked = 1, maybe = 0;
    for (size_t i = 0; i < AGM_ARRAY_LEN(cases); i++) {
        store_test_vfs_fail(cases[i].ops, cases[i].err);
        store_rc_t rc = store_add_question(s, &q, &r);
        store_rc_t rc2 = store_add_question(s, &q, &r); /* and again: no stuck state */
        store_test_vfs_fail(0, 0);
        CHECK_MSG(rc == cases[i].want, "case %zu: rc %d, want %d (%s)", i, rc, cases[i].want, store_errmsg(s));
        CHECK_INT(rc2, cases[i].want);
        CHECK_CONTAINS(store_errmsg(s), cases[i].says);
        CHECK_STR(r.uuid, "");
        CHECK(sqlite3_get_autocommit(store_sqlite(s)));
        if (cases[i].ops == STORE_TEST_FAIL_SYNC)
            maybe += 2; /* written but not known durable: may be found later */
        /* the fault is gone: the next submission is saved */
        CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
        CHECK(r.seq > last);
        last = r.seq;
        acked++;
    }
    store_close(s);
    s = open_ok(path, NULL);
    CHECK(s);
    char *ic = q_text(store_sqlite(s), "PRAGMA integrity_check");
    CHECK_STR(ic, "ok");
    free(ic);
    long long rows = total_rows(s);
    fprintf(stderr, "  io faults: %lld acknowledged, %lld rows after reopen\n", (long long)acked, rows);
    CHECK(rows >= acked && rows <= acked + maybe);
    store_close(s);
    free(path);
}

int main(void)
{
    RUN(test_power_cut);
    RUN(test_full_max_page_count);
    RUN(test_full_tiny_filesystem);
    RUN(test_readonly_connection);
    RUN(test_readonly_mount);
    RUN(test_readonly_folder_without_db);
    RUN(test_readonly_storage_export);
    RUN(test_locked);
    RUN(test_io_faults);
    return test_summary();
}
