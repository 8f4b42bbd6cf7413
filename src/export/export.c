#include "export.h"
#include "csvw.h"
#include "../core/log.h"
#include "../core/util.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>



static const char *const fault_names[EXPORT_FAULT_COUNT] = {
    "none", "after-claim", "open-temp", "after-temp-write", "after-fsync", "after-rename-first",
    "after-rename-all", "before-mark", "before-commit"};

const char *export_fault_name(export_fault_t f)
{
    return (unsigned)f < EXPORT_FAULT_COUNT ? fault_names[f] : "?";
}

void export_result_free(export_result_t *r)
{
    if (!r)
        return;
    for (int k = 0; k < 3; k++)
        free(r->files[k]);
    memset(r, 0, sizeof *r);
}

/* The state of one run, so that every failure goes through one cleanup. */
typedef struct {
    const export_opts_t *o;
    store_t *s;
    char *dir;
    int nfiles;           /* 2, or 3 with the moderation file */
    char *final[3], *temp[3];
    FILE *fp[3];
    csvw_t w[3];
    bool renamed[3];      /* this run put final[k] there */
    unsigned char hash[3][crypto_generichash_BYTES];
    bool dir_ready;       /* the folder exists and stale temporaries are gone */
    bool left_files;      /* a failure could not remove a file it had made */
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

static bool fail_store(run_t *r)
{
    if (!r->err)
        r->err = xstrdup(store_errmsg(r->s));
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

char *export_file_id(const char *id)
{
    if (!id || !*id)
        id = "kiosk";
    /* a run of other bytes (a UTF-8 character is several) becomes one '_' */
    char *s = xmalloc(strlen(id) + 1), *o = s;
    bool changed = false;
    for (const char *p = id; *p; p++) {
        bool safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                    *p == '.' || *p == '_' || *p == '-';
        if (safe)
            *o++ = *p;
        else if (o == s || o[-1] != '_' || !changed)
            *o++ = '_';
        changed |= !safe;
    }
    *o = '\0';
    if (!changed)
        return s;
    /* FNV-1a of the whole id: different ids keep different names */
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 16777619u;
    char *out = xasprintf("%s_%08x", s, (unsigned)h);
    free(s);
    return out;
}

/* Create the temporary file for kind k (0600: sign-ups are personal data). */
static bool open_temp(run_t *r, int k, unsigned flags)
{
    if (k == 1 && fault(r, EXPORT_FAULT_OPEN_TEMP))
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    int fd = open(r->temp[k], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    r->fp[k] = fdopen(fd, "wb");
    if (!r->fp[k]) {
        int e = errno;
        close(fd);
        errno = e;
        return fail_errno(r, "could not create the temporary file", r->temp[k]);
    }
    csvw_begin(&r->w[k], r->fp[k], !(flags & STORE_BATCH_RAW), (flags & STORE_BATCH_EXCEL) != 0);
    return true;
}

/* Write the header and the rows of file k: questions, sign-ups or the
 * moderation changes (batch > 0: that batch's; 0: all); *count gets the
 * rows. */
static bool write_rows(run_t *r, int k, int64_t batch, int64_t *count)
{
    const store_record_t *rec =
        k == 2 ? store_moderation_record() : store_record_of(r->s, k == 0 ? STORE_QUESTIONS : STORE_SIGNUPS);
    csvw_t *w = &r->w[k];
    const char **cols = xcalloc(rec->nfields, sizeof *cols);
    for (size_t i = 0; i < rec->nfields; i++)
        cols[i] = rec->fields[i].header;
    csvw_header(w, cols, (int)rec->nfields);
    free(cols);
    store_rows_t *rows = k == 2 ? store_mod_rows_open(r->s, batch)
                                : store_rows_open(r->s, k == 0 ? STORE_QUESTIONS : STORE_SIGNUPS, batch);
    if (!rows)
        return fail_store(r);
    int64_t n = 0;
    while (store_rows_next(rows)) {
        for (size_t i = 0; i < rec->nfields; i++) {
            size_t len;
            const char *t = store_rows_cell(rows, i, &len);
            csvw_field(w, t, len);
        }
        csvw_end_row(w);
        n++;
    }
    *count = n;
    if (store_rows_close(rows) != STORE_OK)
        return fail_store(r);
    return true;
}

/* Hash path's bytes. With from_medium, the file's cached pages are dropped
 * first (it was fsynced, so they are clean), so the bytes come from the
 * medium itself, not from memory. */
static bool hash_file(const char *path, bool from_medium, unsigned char out[crypto_generichash_BYTES])
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    if (from_medium)
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
    unsigned char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        crypto_generichash_update(&st, buf, (unsigned long long)n);
    int e = errno;
    close(fd);
    crypto_generichash_final(&st, out, crypto_generichash_BYTES);
    errno = e;
    return n == 0;
}

/* Flush, fsync, close and hash both temporaries. */
static bool sync_temps(run_t *r)
{
    for (int k = 0; k < r->nfiles; k++)
        if (csvw_finish(&r->w[k]) != 0)
            return fail_errno(r, "could not write", r->temp[k]);
    if (fault(r, EXPORT_FAULT_AFTER_TEMP_WRITE))
        return fail_errno(r, "could not write", r->temp[0]);
    for (int k = 0; k < r->nfiles; k++) {
        if (fsync(fileno(r->fp[k])) != 0)
            return fail_errno(r, "could not fsync", r->temp[k]);
        FILE *fp = r->fp[k];
        r->fp[k] = NULL;
        if (fclose(fp) != 0)
            return fail_errno(r, "could not close", r->temp[k]);
        csvw_release(&r->w[k]);
        if (!hash_file(r->temp[k], false, r->hash[k]))
            return fail_errno(r, "could not read back", r->temp[k]);
    }
    if (fault(r, EXPORT_FAULT_AFTER_FSYNC))
        return fail_errno(r, "could not close", r->temp[1]);
    return true;
}

/* rename() that never replaces an existing file (EEXIST instead). Where the
 * file system cannot do that atomically, a check first: the exporter's lock
 * keeps this database's exports apart, and nothing here removes a file it
 * did not create. */
static int rename_noreplace(const char *from, const char *to)
{
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1u /* RENAME_NOREPLACE */) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
#endif
    struct stat st;
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

/* A file's header and the first cell (the uuid) of each row, as one string:
 * what tells a file of this batch from any other file. NULL when the file
 * cannot be read or is not CSV. */
typedef struct {
    strbuf_t sb;
    int cell;
    bool header_done;
} rowkey_t;

static void rowkey_cell(void *s, size_t len, void *data)
{
    rowkey_t *k = data;
    if (!k->header_done || k->cell == 0) {
        sb_appendn(&k->sb, s ? s : "", s ? len : 0);
        sb_appendc(&k->sb, '\x1f');
    }
    k->cell++;
}

static void rowkey_record(int term, void *data)
{
    (void)term;
    rowkey_t *k = data;
    sb_appendc(&k->sb, '\x1e');
    k->header_done = true;
    k->cell = 0;
}

static char *row_keys(const char *path)
{
    size_t len = 0;
    char *text = file_read_all(path, &len);
    if (!text)
        return NULL;
    struct csv_parser cp;
    rowkey_t k = {0};
    sb_append(&k.sb, "");
    csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    bool ok = csv_parse(&cp, text + skip, len - skip, rowkey_cell, rowkey_record, &k) == len - skip &&
              csv_fini(&cp, rowkey_cell, rowkey_record, &k) == 0;
    csv_free(&cp);
    sodium_memzero(text, len);
    free(text);
    if (!ok) {
        sb_free(&k.sb);
        return NULL;
    }
    return sb_steal(&k.sb);
}

/* True when a and b have the same header and the same rows (by uuid, in
 * the same order): two writings of one batch, whatever changed in a row. */
static bool same_rows(const char *a, const char *b)
{
    char *ka = row_keys(a), *kb = row_keys(b);
    bool same = ka && kb && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}

/* Rename both temporaries to their final names, then fsync the folder.
 * resume: the batch was claimed by an earlier run, which may have put a
 * file of the same name here: it is kept when it holds exactly these bytes
 * (our temporary is then dropped); replaced by ours when it holds the same
 * header and rows (by uuid, in order) with other values, as when a
 * question's moderation status changed since; any other file is never
 * replaced. Without resume an existing file is never replaced. */
static bool publish(run_t *r, bool resume)
{
    for (int k = 0; k < r->nfiles; k++) {
        if (rename_noreplace(r->temp[k], r->final[k]) == 0) {
            r->renamed[k] = true;
        } else if (errno == EEXIST && resume) {
            unsigned char h[crypto_generichash_BYTES];
            if (!hash_file(r->final[k], true, h))
                return fail_errno(r, "could not read", r->final[k]);
            if (memcmp(h, r->hash[k], sizeof h) == 0) {
                unlink(r->temp[k]);
            } else if (!same_rows(r->final[k], r->temp[k])) {
                errno = EEXIST;
                return fail_errno(r, "a different file is already there; not replaced:", r->final[k]);
            } else {
                /* The interrupted run of this batch put it there (the same
                 * header, the same rows in the same order), and a row of it
                 * changed since (a question's moderation status): it is
                 * replaced, in one rename, by the batch as it is now, which
                 * the read-back below checks. */
                if (rename(r->temp[k], r->final[k]) != 0)
                    return fail_errno(r, "could not rename the temporary file to", r->final[k]);
                log_info("export", "replaced %s, left by the interrupted export of this batch", r->final[k]);
            }
        } else if (errno == EEXIST) {
            return fail_errno(r, "will not replace the existing file", r->final[k]);
        } else {
            return fail_errno(r, "could not rename the temporary file to", r->final[k]);
        }
        if (k == 0 && fault(r, EXPORT_FAULT_AFTER_RENAME_FIRST))
            return fail_errno(r, "could not rename the temporary file to", r->final[1]);
    }
    if (fault(r, EXPORT_FAULT_AFTER_RENAME_ALL) || fsync_dir(r->dir) != 0)
        return fail_errno(r, "could not fsync the folder", r->dir);
    if (fault(r, EXPORT_FAULT_BEFORE_MARK))
        return fail_errno(r, "could not read back", r->final[0]);
    return true;
}

/* Read both final files back from the medium and compare with what was
 * written. */
static bool verify(run_t *r)
{
    for (int k = 0; k < r->nfiles; k++) {
        unsigned char h[crypto_generichash_BYTES];
        if (!hash_file(r->final[k], true, h))
            return fail_errno(r, "could not read back", r->final[k]);
        if (memcmp(h, r->hash[k], sizeof h) != 0) {
            errno = EIO;
            return fail_errno(r, "reading back did not give what was written (a failing medium?):", r->final[k]);
        }
    }
    if (fault(r, EXPORT_FAULT_BEFORE_COMMIT))
        return fail_errno(r, "could not record the batch for", r->final[0]);
    return true;
}

/* Undo what this run put on disk: its temporaries, and the final names it
 * renamed into place. Nothing else, ever. False when a final name it put
 * there could not be removed (the file may still exist). */
static bool cleanup_files(run_t *r)
{
    bool unlinked_final = false, all_gone = true;
    for (int k = 0; k < 3; k++) {
        if (r->fp[k]) {
            csvw_finish(&r->w[k]);
            fclose(r->fp[k]);
            r->fp[k] = NULL;
        }
        csvw_release(&r->w[k]);
        if (r->renamed[k]) {
            if (unlink(r->final[k]) != 0 && errno != ENOENT) {
                log_error("export", "could not remove %s after the failure: %s", r->final[k], strerror(errno));
                all_gone = false;
            }
            unlinked_final = true;
            r->renamed[k] = false;
        } else if (r->temp[k]) {
            unlink(r->temp[k]);
        }
    }
    if (unlinked_final && fsync_dir(r->dir) != 0)
        all_gone = false;
    return all_gone;
}

static void reset_names(run_t *r)
{
    for (int k = 0; k < 3; k++) {
        free(r->final[k]);
        free(r->temp[k]);
        r->final[k] = r->temp[k] = NULL;
        r->renamed[k] = false;
    }
}

/* The files' names; a third (the moderation changes) when names[2] is set. */
static void set_names(run_t *r, char names[3][STORE_BATCH_NAME_MAX])
{
    reset_names(r);
    r->nfiles = names[2][0] ? 3 : 2;
    for (int k = 0; k < r->nfiles; k++) {
        r->final[k] = path_join(r->dir, names[k]);
        char *tmp = xasprintf(".%s.tmp-%ld", names[k], (long)getpid());
        r->temp[k] = path_join(r->dir, tmp);
        free(tmp);
    }
}

/* Write the files of one batch (batch > 0) or of every row (0), publish
 * and read them back; on failure the files this run created are gone. */
static bool write_files(run_t *r, int64_t batch, unsigned flags, bool resume, int64_t counts[3])
{
    /* the folder is made only when there is something to write */
    if (!r->dir_ready) {
        if (mkdir_p(r->dir, 0700) != 0)
            return fail_errno(r, "could not create the folder", r->dir);
        remove_stale_temps(r->dir);
        r->dir_ready = true;
    }
    bool ok = open_temp(r, 0, flags) && write_rows(r, 0, batch, &counts[0]) && open_temp(r, 1, flags) &&
              write_rows(r, 1, batch, &counts[1]) &&
              (r->nfiles < 3 || (open_temp(r, 2, flags) && write_rows(r, 2, batch, &counts[2]))) && sync_temps(r) &&
              publish(r, resume) && verify(r);
    if (!ok && !cleanup_files(r))
        r->left_files = true;
    return ok;
}

typedef struct {
    const char *kid, *stamp;
} namer_ctx_t;

/* Raw files carry "-raw" (csvw_raw_suffix) so people and merge can tell. */
static void name_files(char names[3][STORE_BATCH_NAME_MAX], const char *kid, const char *tag, const char *stamp,
                       bool raw)
{
    static const char *const kinds[3] = {"questions", "signups", "moderation"};
    for (int k = 0; k < 3; k++)
        snprintf(names[k], STORE_BATCH_NAME_MAX, "agm-%s-%s-%s-%s%s.csv", kid, kinds[k], tag, stamp,
                 csvw_raw_suffix(raw));
}

/* True when one of the files named is already in dir. */
static bool any_exists(const char *dir, char names[3][STORE_BATCH_NAME_MAX])
{
    for (int k = 0; k < 3; k++) {
        char *p = xasprintf("%s/%s", dir, names[k]);
        bool there = access(p, F_OK) == 0;
        free(p);
        if (there)
            return true;
    }
    return false;
}

static void batch_namer(store_batch_t *b, void *ctx)
{
    namer_ctx_t *c = ctx;
    char tag[32];
    snprintf(tag, sizeof tag, "b%04lld", (long long)b->id);
    name_files(b->files, c->kid, tag, c->stamp, (b->flags & STORE_BATCH_RAW) != 0);
}

/* Finish a batch an interrupted export claimed: same rows, same names. */
static bool resume_batch(run_t *r, store_batch_t *b, export_result_t *res)
{
    int64_t n[3] = {0, 0, 0};
    set_names(r, b->files);
    log_info("export", "finishing batch %lld, which an earlier export did not finish", (long long)b->id);
    if (!write_files(r, b->id, b->flags, true, n)) {
        char *e = xasprintf("batch %lld, left unfinished by an earlier export, could not be finished: %s",
                            (long long)b->id, r->err);
        free(r->err);
        r->err = e;
        return false;
    }
    if (store_batch_finish(r->s, b->id, n[0], n[1], NULL) != STORE_OK)
        return fail_store(r);
    res->resumed++;
    res->resumed_batch = b->id;
    return true;
}

/* EXPORT_NEW under the lock: finish what was left, then claim and write
 * the next batch. */
static bool run_new(run_t *r, const char *created, const char *kid, const char *stamp, export_result_t *res)
{
    store_batch_t b;
    bool found;
    for (;;) {
        if (store_batch_unfinished(r->s, &b, &found) != STORE_OK)
            return fail_store(r);
        if (!found)
            break;
        if (!resume_batch(r, &b, res))
            return false;
    }
    unsigned flags = (r->o->raw ? STORE_BATCH_RAW : 0) | (r->o->excel ? STORE_BATCH_EXCEL : 0);
    namer_ctx_t nc = {kid, stamp};
    bool nothing_new;
    if (store_batch_claim(r->s, created, flags, batch_namer, &nc, &b, &nothing_new) != STORE_OK)
        return fail_store(r);
    if (nothing_new) {
        res->nothing_new = true;
        return true;
    }
    res->batch = b.id;
    set_names(r, b.files);
    int64_t n[3] = {0, 0, 0};
    bool ok = true;
    if (fault(r, EXPORT_FAULT_AFTER_CLAIM))
        ok = fail_errno(r, "could not start writing into", r->dir);
    ok = ok && write_files(r, b.id, flags, false, n);
    if (ok && store_batch_finish(r->s, b.id, n[0], n[1], &res->covered_all) != STORE_OK) {
        fail_store(r);
        if (!cleanup_files(r))
            r->left_files = true;
        ok = false;
    }
    if (!ok) {
        /* Give the rows back; the number too, unless a file of this batch
         * may have been left under a final name. If even that fails, the
         * batch stays pending and the next export finishes it. */
        if (store_batch_release(r->s, b.id, !r->left_files) != STORE_OK)
            log_warn("export", "batch %lld stays unfinished: %s", (long long)b.id, store_errmsg(r->s));
        return false;
    }
    res->questions = n[0];
    res->signups = n[1];
    res->moderation = n[2];
    return true;
}

/* Files named as batch b must hold all of it: not once its rows were
 * deleted (Delete collected data). Inside the read snapshot. */
static bool batch_intact(run_t *r, const store_batch_t *b)
{
    int64_t nq = 0, ns = 0;
    if (store_batch_rows_now(r->s, b->id, &nq, &ns) != STORE_OK)
        return fail_store(r);
    if (nq == b->questions && ns == b->signups)
        return true;
    if (!r->err)
        r->err = xasprintf("batch %lld was written with %lld %s and %lld %s; this kiosk holds %lld and %lld of "
                           "them now (the rows were deleted after the export), so the batch cannot be written "
                           "again: use the files written then",
                           (long long)b->id, (long long)b->questions, plural_en(b->questions, "question", "questions"),
                           (long long)b->signups, plural_en(b->signups, "sign-up", "sign-ups"), (long long)nq,
                           (long long)ns);
    return false;
}

bool export_run(store_t *s, const export_opts_t *o, export_result_t *res, char **err)
{
    run_t r = {.o = o, .s = s};
    memset(res, 0, sizeof *res);
    *err = NULL;
    bool ok = false;
    store_lock_t *lock = NULL;
    time_t now = o->now ? o->now : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char created[32], stamp[32];
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char *kid = export_file_id(store_db_kiosk_id(s));
    r.dir = xstrdup(o->out_dir && *o->out_dir ? o->out_dir : ".");
    if (!s) {
        r.err = xstrdup("no database is open");
        goto out;
    }
    if (sodium_init() < 0) {
        r.err = xstrdup("libsodium could not start");
        goto out;
    }

    store_batch_t b = {0};
    if (o->mode == EXPORT_BATCH) {
        bool found = false;
        if (store_batch_get(s, o->batch, &b, &found) != STORE_OK) {
            fail_store(&r);
            goto out;
        }
        if (!found || b.state == STORE_BATCH_FAILED) {
            r.err = xasprintf("there is no batch %lld in %s", (long long)o->batch, store_path(s));
            goto out;
        }
        if (b.state == STORE_BATCH_PENDING) {
            r.err = xasprintf("batch %lld is unfinished (an export was interrupted); a plain export finishes it",
                              (long long)o->batch);
            goto out;
        }

        res->batch = b.id;
    }
    if (o->mode != EXPORT_ALL) {
        store_rc_t lrc = store_export_lock(s, &lock);
        if (lrc != STORE_OK) {
            res->busy = lrc == STORE_BUSY;
            fail_store(&r);
            goto out;
        }
    }
    if (o->mode == EXPORT_NEW) {
        ok = run_new(&r, created, kid, stamp, res);
    } else {
        char names[3][STORE_BATCH_NAME_MAX], tag[32];
        if (o->mode == EXPORT_ALL)
            snprintf(tag, sizeof tag, "all");
        else
            snprintf(tag, sizeof tag, "b%04lld", (long long)b.id);
        name_files(names, kid, tag, stamp, o->raw);
        /* A snapshot or a batch written again in the same second as an
         * earlier one: the next free name, ...-STAMP-2.csv and so on (an
         * existing file is never replaced). */
        for (int i = 2; i < 1000 && any_exists(r.dir, names); i++) {
            char st[48];
            snprintf(st, sizeof st, "%s-%d", stamp, i);
            name_files(names, kid, tag, st, o->raw);
        }
        unsigned flags = (o->raw ? STORE_BATCH_RAW : 0) | (o->excel ? STORE_BATCH_EXCEL : 0);
        int64_t n[3] = {0, 0, 0};
        /* one snapshot for every file (a wipe between them would leave a
         * later file without its rows) */
        bool snap = store_read_begin(s) == STORE_OK;
        /* the moderation file: a batch's when it has one, every change for a snapshot */
        int64_t mod_new = 0, mod_all = 0;
        if (o->mode == EXPORT_BATCH ? !b.files[2][0]
                                    : (snap && store_mod_counts(s, &mod_new, &mod_all) == STORE_OK && mod_all == 0))
            names[2][0] = '\0';
        set_names(&r, names);
        ok = (snap || fail_store(&r)) && (o->mode != EXPORT_BATCH || batch_intact(&r, &b)) &&
             write_files(&r, b.id, flags, false, n);
        if (snap)
            store_read_end(s);
        if (ok && o->mode == EXPORT_BATCH && !b.verified && store_batch_set_verified(s, b.id) != STORE_OK)
            log_warn("export", "batch %lld was read back, but that could not be recorded: %s", (long long)b.id,
                     store_errmsg(s));
        res->questions = n[0];
        res->signups = n[1];
        res->moderation = n[2];
    }
    if (ok && !res->nothing_new) {
        for (int k = 0; k < 3; k++) {
            res->files[k] = r.final[k];
            r.final[k] = NULL;
        }
    }
out:
    store_export_unlock(lock);
    if (!ok) {
        int64_t keep = res->batch;
        bool busy = res->busy;
        export_result_free(res);
        res->batch = keep;
        res->busy = busy;
        *err = r.err ? r.err : xstrdup("export failed");
        r.err = NULL;
    }
    reset_names(&r);
    free(r.err);
    free(r.dir);
    free(kid);
    return ok;
}

/* ---- the wipe's part ---- */

static bool is_own_export_name(const char *n)
{
    size_t len = strlen(n);
    if (strncmp(n, "agm-", 4) == 0)
        return len > 8 && strcmp(n + len - 4, ".csv") == 0;
    return strncmp(n, ".agm-", 5) == 0 && strstr(n, ".tmp-") != NULL;
}

bool export_remove_local(const char *dir, int *removed, char **err)
{
    *removed = 0;
    *err = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return true;
        *err = xasprintf("could not open %s: %s", dir, strerror(errno));
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_own_export_name(e->d_name))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0)
            (*removed)++;
        else if (!*err)
            *err = xasprintf("could not delete %s/%s: %s", dir, e->d_name, strerror(errno));
    }
    closedir(d);
    if (*removed && fsync_dir(dir) != 0 && !*err)
        *err = xasprintf("could not fsync %s: %s", dir, strerror(errno));
    return *err == NULL;
}

/* ---- usage counts ---- */

bool export_usage(store_t *s, const char *out_dir, bool excel, time_t now, char **path, size_t *nrows, char **err)
{
    *path = NULL;
    *err = NULL;
    *nrows = 0;
    if (!s) {
        *err = xstrdup("no database is open");
        return false;
    }
    store_usage_t *rows = NULL;
    size_t n = 0;
    if (store_usage_read(s, false, &rows, &n) != STORE_OK) {
        *err = xasprintf("reading the usage counts: %s", store_errmsg(s));
        return false;
    }
    if (!now)
        now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char *kid = export_file_id(store_db_kiosk_id(s));
    const char *dir = out_dir && *out_dir ? out_dir : ".";
    char *name = xasprintf("agm-%s-usage-%s.csv", kid, stamp);
    char *tname = xasprintf(".agm-%s-usage-%s.csv.tmp-%ld", kid, stamp, (long)getpid());
    char *final = path_join(dir, name), *temp = path_join(dir, tname);
    bool ok = false;
    FILE *fp = NULL;
    csvw_t w = {0};
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        *err = xasprintf("cannot create %s: %s", dir, strerror(errno));
        goto out;
    }
    int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || !(fp = fdopen(fd, "w"))) {
        *err = xasprintf("cannot create %s: %s", temp, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    /* counts, names of screens and section ids: nothing an attendee typed,
     * but the same neutralization as every export */
    csvw_begin(&w, fp, true, excel);
    static const char *const cols[] = {"hour", "kind", "name", "opened", "seconds"};
    csvw_header(&w, cols, 5);
    for (size_t i = 0; i < n; i++) {
        char a[24], b[24];
        snprintf(a, sizeof a, "%lld", (long long)rows[i].opened);
        snprintf(b, sizeof b, "%lld", (long long)rows[i].seconds);
        csvw_str(&w, rows[i].hour);
        csvw_str(&w, rows[i].kind);
        csvw_str(&w, rows[i].name);
        csvw_str(&w, a);
        csvw_str(&w, b);
        csvw_end_row(&w);
    }
    int wrc = csvw_finish(&w);
    int e = errno;
    if (wrc != 0 || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
        *err = xasprintf("writing %s: %s", temp, strerror(wrc != 0 ? e : errno));
        goto out;
    }
    int crc = fclose(fp);
    fp = NULL;
    if (crc != 0) {
        *err = xasprintf("writing %s: %s", temp, strerror(errno));
        goto out;
    }
    if (rename_noreplace(temp, final) != 0) {
        *err = xasprintf("cannot name %s: %s", final, strerror(errno));
        goto out;
    }
    if (fsync_dir(dir) != 0) {
        *err = xasprintf("cannot sync %s: %s", dir, strerror(errno));
        unlink(final);
        goto out;
    }
    ok = true;
    *path = final;
    final = NULL;
    *nrows = n;
out:
    if (fp)
        fclose(fp);
    csvw_release(&w);
    if (!ok)
        unlink(temp);
    free(rows);
    free(kid);
    free(name);
    free(tname);
    free(final);
    free(temp);
    return ok;
}
