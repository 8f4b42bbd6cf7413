#include "export.h"
#include "csvw.h"
#include "../core/log.h"
#include "../core/util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const export_question_columns[EXPORT_QUESTION_NCOLS] = {
    "uuid", "seq", "kiosk_id", "created_at", "lang", "status", "topic", "name", "text"};
const char *const export_signup_columns[EXPORT_SIGNUP_NCOLS] = {
    "uuid", "seq", "kiosk_id", "created_at", "lang", "status", "name", "email", "phone",
    "interests", "languages", "message", "consent_version"};

/* SELECT lists match the column arrays above (constant SQL, no user text). */
static const char q_select[] =
    "SELECT uuid, seq, kiosk_id, created_at, lang, status, topic, name, text FROM questions";
static const char s_select[] =
    "SELECT uuid, seq, kiosk_id, created_at, lang, status, name, email, phone, interests, "
    "languages, message, consent_version FROM signups";

static const char *const fault_names[EXPORT_FAULT_COUNT] = {
    "none", "open-temp", "after-temp-write", "after-fsync", "after-rename-first",
    "after-rename-all", "before-mark", "before-commit"};

const char *export_fault_name(export_fault_t f)
{
    return (unsigned)f < EXPORT_FAULT_COUNT ? fault_names[f] : "?";
}

void export_result_free(export_result_t *r)
{
    if (!r)
        return;
    free(r->files[0]);
    free(r->files[1]);
    memset(r, 0, sizeof *r);
}

/* The state of one run, so that every failure goes through one cleanup. */
typedef struct {
    const export_opts_t *o;
    sqlite3 *db;
    char *dir;
    char *name[2], *final[2], *temp[2];
    FILE *fp[2];
    csvw_t w[2];
    bool renamed[2];
    char *err;
} run_t;

static bool fault(run_t *r, export_fault_t f)
{
    if (r->o->fault != f && (!r->o->hook || r->o->hook(f, r->o->hook_ctx)))
        return false;
    errno = EIO;
    return true;
}

/* Set r->err to "STEP PATH: strerror(errno)" (first failure wins). */
static bool fail_errno(run_t *r, const char *step, const char *path)
{
    int e = errno ? errno : EIO;
    if (!r->err)
        r->err = xasprintf("%s %s: %s", step, path, strerror(e));
    return false;
}

static bool fail_db(run_t *r, const char *step)
{
    if (!r->err)
        r->err = xasprintf("%s in %s: %s", step, sqlite3_db_filename(r->db, "main") ? sqlite3_db_filename(r->db, "main") : "the database", sqlite3_errmsg(r->db));
    return false;
}

/* fsync a folder. File systems that cannot sync a folder (EINVAL, e.g.
 * some FAT drivers) are accepted: the files themselves were synced. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    if (rc != 0 && (errno == EINVAL || errno == ENOTSUP))
        rc = 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* Remove temporaries that an export killed midway (power cut, Ctrl-C)
 * left behind: ".agm-....csv.tmp-PID" whose process no longer exists. */
static void remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *t = strstr(e->d_name, ".csv.tmp-");
        if (strncmp(e->d_name, ".agm-", 5) != 0 || !t)
            continue;
        char *end;
        long pid = strtol(t + 9, &end, 10);
        if (*end || pid <= 0 || pid == (long)getpid())
            continue;
        /* Alive (or not ours to signal, EPERM): leave it alone. */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *path = path_join(dir, e->d_name);
        if (unlink(path) == 0)
            log_info("export", "removed %s, left by an interrupted export", path);
        free(path);
    }
    if (d)
        closedir(d);
}

static char *safe_id(const char *id)
{
    char *s = xstrdup(id && *id ? id : "kiosk");
    for (char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            *p = '_';
    return s;
}

/* Run one statement that returns at most one integer; *out gets it (or
 * dflt for no row / NULL). Binds ?1 to a1 when a1 >= 0. */
static bool query_int(run_t *r, const char *sql, int64_t a1, int64_t dflt, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && a1 >= 0)
        rc = sqlite3_bind_int64(st, 1, a1);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *out = (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
                   ? sqlite3_column_int64(st, 0) : dflt;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        fail_db(r, "reading the database");
    sqlite3_finalize(st);
    return rc == SQLITE_OK;
}

static bool exec_sql(run_t *r, const char *sql, const char *step)
{
    if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(r, step);
    return true;
}

/* Create the temporary file for kind k (0600: sign-ups are personal data). */
static bool open_temp(run_t *r, int k)
{
    if (k == 1 && fault(r, EXPORT_FAULT_OPEN_TEMP))
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    int fd = open(r->temp[k], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    r->fp[k] = fdopen(fd, "wb");
    if (!r->fp[k]) {
        int e = errno;
        close(fd);
        errno = e;
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    }
    csvw_begin(&r->w[k], r->fp[k], !r->o->raw, r->o->excel);
    return true;
}

/* Write the header and the selected rows of kind k; *count gets the rows. */
static bool write_rows(run_t *r, int k, const char *where, int64_t a1, int64_t *count)
{
    const char *const *cols = k == 0 ? export_question_columns : export_signup_columns;
    int ncols = k == 0 ? EXPORT_QUESTION_NCOLS : EXPORT_SIGNUP_NCOLS;
    csvw_t *w = &r->w[k];
    csvw_header(w, cols, ncols);

    char *sql = xasprintf("%s%s%s ORDER BY seq", k == 0 ? q_select : s_select, *where ? " WHERE " : "", where);
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && a1 >= 0)
        rc = sqlite3_bind_int64(st, 1, a1);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < ncols; i++) {
            const char *t = (const char *)sqlite3_column_text(st, i);
            csvw_field(w, t ? t : "", t ? (size_t)sqlite3_column_bytes(st, i) : 0);
        }
        csvw_end_row(w);
        n++;
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    if (rc != SQLITE_OK)
        fail_db(r, "reading the rows");
    sqlite3_finalize(st);
    free(sql);
    *count = n;
    return rc == SQLITE_OK;
}

/* Flush, fsync and close both temporaries. */
static bool sync_temps(run_t *r)
{
    for (int k = 0; k < 2; k++)
        if (csvw_finish(&r->w[k]) != 0)
            return fail_errno(r, "could not write", r->temp[k]);
    if (fault(r, EXPORT_FAULT_AFTER_TEMP_WRITE))
        return fail_errno(r, "could not write", r->temp[0]);
    for (int k = 0; k < 2; k++) {
        if (fsync(fileno(r->fp[k])) != 0)
            return fail_errno(r, "could not fsync", r->temp[k]);
        FILE *fp = r->fp[k];
        r->fp[k] = NULL;
        if (fclose(fp) != 0)
            return fail_errno(r, "could not close", r->temp[k]);
        csvw_release(&r->w[k]);
    }
    if (fault(r, EXPORT_FAULT_AFTER_FSYNC))
        return fail_errno(r, "could not close", r->temp[1]);
    return true;
}

/* Rename both temporaries to their final names, then fsync the folder. */
static bool publish(run_t *r)
{
    for (int k = 0; k < 2; k++)
        if (access(r->final[k], F_OK) == 0) {
            errno = EEXIST;
            return fail_errno(r, "will not replace the existing file", r->final[k]);
        }
    for (int k = 0; k < 2; k++) {
        if (rename(r->temp[k], r->final[k]) != 0)
            return fail_errno(r, "could not rename the temporary file to", r->final[k]);
        r->renamed[k] = true;
        if (k == 0 && fault(r, EXPORT_FAULT_AFTER_RENAME_FIRST))
            return fail_errno(r, "could not rename the temporary file to", r->final[1]);
    }
    if (fault(r, EXPORT_FAULT_AFTER_RENAME_ALL) || fsync_dir(r->dir) != 0)
        return fail_errno(r, "could not fsync the folder", r->dir);
    if (fault(r, EXPORT_FAULT_BEFORE_MARK))
        return fail_errno(r, "could not start recording the batch for", r->dir);
    return true;
}

/* Run a statement binding ?1..?n to the int64 values; *changes gets
 * sqlite3_changes() when not NULL. */
static bool exec_ints(run_t *r, const char *sql, const int64_t *v, int n, int64_t *changes)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = sqlite3_bind_int64(st, i + 1, v[i]);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
        rc = SQLITE_OK;
    if (rc != SQLITE_OK)
        fail_db(r, "recording the batch");
    else if (changes)
        *changes = sqlite3_changes(r->db);
    sqlite3_finalize(st);
    return rc == SQLITE_OK;
}

/* The transaction that records batch and marks the rows written. */
static bool mark_rows(run_t *r, int64_t batch, int64_t max_seq, const char *created, export_result_t *res)
{
    if (!exec_sql(r, "BEGIN IMMEDIATE", "starting to record the batch"))
        return false;
    bool ok = false;
    sqlite3_stmt *st = NULL;
    char *files = xasprintf("%s;%s", r->name[0], r->name[1]);
    int rc = sqlite3_prepare_v2(r->db,
                                "INSERT INTO export_batches(id, created_at, questions, signups, files, covered_all) "
                                "VALUES(?1, ?2, ?3, ?4, ?5, 0)", -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 1, batch);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, created, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 3, res->questions);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 4, res->signups);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 5, files, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    free(files);
    if (rc != SQLITE_OK) {
        fail_db(r, "recording the batch");
        goto out;
    }
    int64_t v[2] = {batch, max_seq}, nq = -1, ns = -1, covered = 0;
    if (!exec_ints(r, "UPDATE questions SET export_batch = ?1 WHERE export_batch IS NULL AND seq <= ?2", v, 2, &nq) ||
        !exec_ints(r, "UPDATE signups SET export_batch = ?1 WHERE export_batch IS NULL AND seq <= ?2", v, 2, &ns))
        goto out;
    if (nq != res->questions || ns != res->signups) {
        r->err = xasprintf("recording the batch: %lld questions and %lld sign-ups were written but %lld and %lld "
                           "would be marked (another export at the same time?)",
                           (long long)res->questions, (long long)res->signups, (long long)nq, (long long)ns);
        goto out;
    }
    if (!query_int(r, "SELECT NOT EXISTS(SELECT 1 FROM questions WHERE export_batch IS NULL) "
                      "AND NOT EXISTS(SELECT 1 FROM signups WHERE export_batch IS NULL)", -1, 0, &covered) ||
        !exec_ints(r, "UPDATE export_batches SET covered_all = ?2 WHERE id = ?1", (int64_t[]){batch, covered}, 2, NULL))
        goto out;
    if (fault(r, EXPORT_FAULT_BEFORE_COMMIT)) {
        fail_errno(r, "could not commit the batch to", sqlite3_db_filename(r->db, "main"));
        goto out;
    }
    if (!exec_sql(r, "COMMIT", "committing the batch"))
        goto out;
    res->covered_all = covered != 0;
    ok = true;
out:
    if (!ok)
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
    return ok;
}

/* Undo whatever exists on disk: no final name may survive a failure. */
static void cleanup_failed(run_t *r)
{
    bool unlinked_final = false;
    for (int k = 0; k < 2; k++) {
        if (r->fp[k]) {
            csvw_finish(&r->w[k]);
            fclose(r->fp[k]);
            r->fp[k] = NULL;
        }
        csvw_release(&r->w[k]);
        if (r->renamed[k]) {
            if (unlink(r->final[k]) != 0 && errno != ENOENT)
                log_error("export", "could not remove %s after the failure: %s", r->final[k], strerror(errno));
            unlinked_final = true;
        } else if (r->temp[k]) {
            unlink(r->temp[k]);
        }
    }
    if (unlinked_final)
        fsync_dir(r->dir);
}

bool export_run(sqlite3 *db, const export_opts_t *o, export_result_t *res, char **err)
{
    run_t r = {.o = o, .db = db};
    memset(res, 0, sizeof *res);
    *err = NULL;
    bool ok = false, in_read = false;
    time_t now = o->now ? o->now : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char created[32], stamp[32];
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char *kid = safe_id(o->kiosk_id);
    r.dir = xstrdup(o->out_dir && *o->out_dir ? o->out_dir : ".");

    /* One read transaction: the two SELECTs and the bounds see one snapshot. */
    if (!exec_sql(&r, "BEGIN", "reading the database"))
        goto out;
    in_read = true;

    int64_t batch = 0, max_seq = -1, a1 = -1;
    const char *where = "";
    if (o->mode == EXPORT_NEW) {
        if (!query_int(&r, "SELECT MAX(m) FROM (SELECT MAX(seq) AS m FROM questions WHERE export_batch IS NULL "
                           "UNION ALL SELECT MAX(seq) FROM signups WHERE export_batch IS NULL)", -1, -1, &max_seq) ||
            !query_int(&r, "SELECT COALESCE(MAX(id), 0) + 1 FROM export_batches", -1, 1, &batch))
            goto out;
        if (max_seq < 0) {
            res->nothing_new = true;
            ok = true;
            goto out;
        }
        where = "export_batch IS NULL AND seq <= ?1";
        a1 = max_seq;
    } else if (o->mode == EXPORT_BATCH) {
        int64_t found = 0;
        if (!query_int(&r, "SELECT COUNT(*) FROM export_batches WHERE id = ?1", o->batch < 0 ? 0 : o->batch, 0, &found))
            goto out;
        if (!found) {
            r.err = xasprintf("there is no batch %lld in %s", (long long)o->batch, sqlite3_db_filename(db, "main"));
            goto out;
        }
        batch = o->batch;
        where = "export_batch = ?1";
        a1 = batch;
    }
    res->batch = batch;
    if (mkdir_p(r.dir, 0700) != 0) {
        fail_errno(&r, "could not create the folder", r.dir);
        goto out;
    }
    remove_stale_temps(r.dir);

    char tag[32];
    if (o->mode == EXPORT_ALL)
        snprintf(tag, sizeof tag, "all");
    else
        snprintf(tag, sizeof tag, "b%04lld", (long long)batch);
    for (int k = 0; k < 2; k++) {
        r.name[k] = xasprintf("agm-%s-%s-%s-%s%s.csv", kid, k == 0 ? "questions" : "signups", tag, stamp,
                              csvw_raw_suffix(o->raw));
        r.final[k] = path_join(r.dir, r.name[k]);
        char *tmp = xasprintf(".%s.tmp-%ld", r.name[k], (long)getpid());
        r.temp[k] = path_join(r.dir, tmp);
        free(tmp);
    }

    if (!open_temp(&r, 0) || !write_rows(&r, 0, where, a1, &res->questions) ||
        !open_temp(&r, 1) || !write_rows(&r, 1, where, a1, &res->signups))
        goto out;
    in_read = false;
    if (!exec_sql(&r, "COMMIT", "reading the database"))
        goto out;
    if (!sync_temps(&r) || !publish(&r))
        goto out;
    if (o->mode == EXPORT_NEW && !mark_rows(&r, batch, max_seq, created, res))
        goto out;
    res->files[0] = r.final[0];
    res->files[1] = r.final[1];
    r.final[0] = r.final[1] = NULL;
    ok = true;
out:
    if (in_read)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (!ok) {
        cleanup_failed(&r);
        int64_t keep = res->batch;
        export_result_free(res);
        res->batch = keep;
        *err = r.err ? r.err : xstrdup("export failed");
        r.err = NULL;
    }
    for (int k = 0; k < 2; k++) {
        free(r.name[k]);
        free(r.final[k]);
        free(r.temp[k]);
    }
    free(r.err);
    free(r.dir);
    free(kid);
    return ok;
}
