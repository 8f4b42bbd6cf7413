/* content_install.c - a content folder from a USB stick made the kiosk's
 * content atomically (see content_install.h). */
#include "content_install.h"
#include "content.h"
#include "../core/log.h"
#include "../core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- small file helpers --------------------------------------------------- */

static bool is_dir_nofollow(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists_nofollow(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int content_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_join(path, e->d_name);
        if (content_rm_rf(p) != 0)
            rc = -1;
        free(p);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

/* ---- the copy ------------------------------------------------------------- */

typedef struct {
    content_install_stats_t st;
    int fault_kind;   /* 0 none, 1 eio, 2 vanish */
    long fault_at;    /* the file number (1-based) that fails */
    char *err;        /* the first failure */
} copy_t;

static void fail(copy_t *c, const char *fmt, const char *path, int e)
{
    if (!c->err)
        c->err = xasprintf(fmt, path, file_strerror(e));
}

static void fault_from_env(copy_t *c)
{
    const char *f = getenv(CONTENT_FAULT_ENV);
    if (!f || !*f)
        return;
    if (strncmp(f, "eio:", 4) == 0)
        c->fault_kind = 1;
    else if (strncmp(f, "vanish:", 7) == 0)
        c->fault_kind = 2;
    else
        return;
    c->fault_at = atol(strchr(f, ':') + 1);
    log_warn("content", "%s=%s: a copy fault is simulated (a test setting)", CONTENT_FAULT_ENV, f);
}

static bool copy_file(copy_t *c, const char *src, const char *dst, const struct stat *lst)
{
    long nth = c->st.files + 1;
    bool fault = c->fault_kind && nth == c->fault_at;
    if (c->st.files + 1 > CONTENT_INSTALL_MAX_FILES) {
        if (!c->err)
            c->err = xasprintf("more than %d files: this is not a content folder", CONTENT_INSTALL_MAX_FILES);
        return false;
    }
    if (c->st.bytes + (unsigned long long)lst->st_size > CONTENT_INSTALL_MAX_BYTES) {
        if (!c->err)
            c->err = xasprintf("more than %llu MiB: this is not a content folder", CONTENT_INSTALL_MAX_BYTES >> 20);
        return false;
    }
    int in = fault && c->fault_kind == 2 ? (errno = ENOENT, -1) : open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0) {
        fail(c, "cannot read %s: %s", src, errno);
        return false;
    }
    struct stat st;
    if (fstat(in, &st) != 0) {
        fail(c, "cannot read %s: %s", src, errno);
        close(in);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(c, "cannot read %s: %s", src, EINVAL);
        close(in);
        return false;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0) {
        fail(c, "cannot create %s: %s", dst, errno);
        close(in);
        return false;
    }
    bool ok = true;
    unsigned long long n = 0;
    char buf[65536];
    for (;;) {
        ssize_t r;
        if (fault && c->fault_kind == 1 && n >= (unsigned long long)st.st_size / 2) {
            errno = EIO;
            r = -1;
        } else {
            size_t want = sizeof buf;
            if (fault && c->fault_kind == 1 && st.st_size / 2 > 0 && want > (size_t)(st.st_size / 2 - n))
                want = (size_t)(st.st_size / 2 - n);
            r = read(in, buf, want);
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            fail(c, "cannot read %s: %s", src, errno);
            ok = false;
            break;
        }
        if (r == 0)
            break;
        for (ssize_t w = 0; w < r;) {
            ssize_t k = write(out, buf + w, (size_t)(r - w));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                fail(c, "cannot write %s: %s", dst, k < 0 ? errno : ENOSPC);
                ok = false;
                break;
            }
            w += k;
        }
        if (!ok)
            break;
        n += (unsigned long long)r;
    }
    if (ok && n != (unsigned long long)st.st_size) {
        /* the file changed while it was read (or the stick went away) */
        if (!c->err)
            c->err = xasprintf("%s changed while it was copied (%llu of %lld bytes)", src, n, (long long)st.st_size);
        ok = false;
    }
    if (ok && fsync(out) != 0) {
        fail(c, "cannot write %s: %s", dst, errno);
        ok = false;
    }
    if (close(out) != 0 && ok) {
        fail(c, "cannot write %s: %s", dst, errno);
        ok = false;
    }
    close(in);
    if (ok) {
        c->st.files++;
        c->st.bytes += n;
    }
    return ok;
}

static bool skip_name(const char *name)
{
    /* hidden files (.DS_Store, .Trashes, ._x from macOS), and what Windows
     * puts on every stick */
    return name[0] == '.' || strcmp(name, "System Volume Information") == 0 || strcmp(name, "$RECYCLE.BIN") == 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Copy the folder src into the existing folder dst. */
static bool copy_tree(copy_t *c, const char *src, const char *dst, int depth)
{
    if (depth > CONTENT_INSTALL_MAX_DEPTH) {
        if (!c->err)
            c->err = xasprintf("%s: folders nested more than %d deep: this is not a content folder", src,
                               CONTENT_INSTALL_MAX_DEPTH);
        return false;
    }
    DIR *d = opendir(src);
    if (!d) {
        fail(c, "cannot read the folder %s: %s", src, errno);
        return false;
    }
    /* names first (sorted, so fault injection and limits act the same way
     * on every file system), then the copies */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (skip_name(e->d_name)) {
            c->st.skipped++;
            continue;
        }
        xgrow((void **)&names, &cap, n + 1, sizeof *names);
        names[n++] = xstrdup(e->d_name);
        errno = 0;
    }
    bool ok = errno == 0;
    if (!ok)
        fail(c, "cannot read the folder %s: %s", src, errno);
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; ok && i < n; i++) {
        char *s = path_join(src, names[i]), *t = path_join(dst, names[i]);
        struct stat st;
        if (lstat(s, &st) != 0) {
            fail(c, "cannot read %s: %s", s, errno);
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            if (mkdir(t, 0755) != 0) {
                fail(c, "cannot create %s: %s", t, errno);
                ok = false;
            } else {
                ok = copy_tree(c, s, t, depth + 1);
            }
        } else if (S_ISREG(st.st_mode)) {
            ok = copy_file(c, s, t, &st);
        } else {
            c->st.skipped++; /* a link or a special file: never followed */
            log_info("content", "%s: not a regular file; not copied", s);
        }
        free(s);
        free(t);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (ok && fsync_path(dst) != 0) {
        fail(c, "cannot write the folder %s: %s", dst, errno);
        ok = false;
    }
    return ok;
}

/* ---- the messages of the check, named as on the stick --------------------- */

static char *replace_prefix(const char *s, const char *from, const char *to)
{
    if (!s)
        return NULL;
    strbuf_t b = {0};
    size_t fl = strlen(from);
    const char *p = s, *q;
    while ((q = strstr(p, from))) {
        sb_appendn(&b, p, (size_t)(q - p));
        sb_append(&b, to);
        p = q + fl;
    }
    sb_append(&b, p);
    return sb_steal(&b);
}

static void rename_diags(diag_list_t *d, size_t from_i, const char *tmp, const char *shown)
{
    for (size_t i = from_i; i < d->n; i++) {
        char *f = replace_prefix(d->v[i].file, tmp, shown);
        char *m = replace_prefix(d->v[i].msg, tmp, shown);
        free(d->v[i].file);
        free(d->v[i].msg);
        d->v[i].file = f;
        d->v[i].msg = m;
    }
}

/* ---- putting it in place -------------------------------------------------- */

static int exchange(const char *a, const char *b)
{
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int content_install_cleanup(const char *data_dir)
{
    DIR *d = opendir(data_dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, CONTENT_TMP_PREFIX, strlen(CONTENT_TMP_PREFIX)) != 0)
            continue;
        char *p = path_join(data_dir, e->d_name);
        if (content_rm_rf(p) == 0)
            n++;
        else
            log_warn("content", "cannot remove the stale copy %s: %s", p, strerror(errno));
        free(p);
    }
    closedir(d);
    if (n)
        log_info("content", "removed %d unfinished content cop%s in %s", n, n == 1 ? "y" : "ies", data_dir);
    return n;
}

/* tmp (complete and synced) becomes DATA/content; what was there becomes
 * DATA/content.previous. */
static bool put_in_place(const char *data_dir, const char *tmp, char **err)
{
    char *cur = path_join(data_dir, CONTENT_INSTALLED), *prev = path_join(data_dir, CONTENT_PREVIOUS);
    bool ok = false;
    if (is_dir_nofollow(cur)) {
        if (exchange(tmp, cur) == 0) {
            /* cur is the new folder now, tmp the old one */
            if (!exists_nofollow(prev)) {
                if (rename(tmp, prev) != 0)
                    log_warn("content", "cannot keep the previous content as %s: %s", prev, strerror(errno));
            } else if (exchange(tmp, prev) != 0) {
                log_warn("content", "cannot keep the previous content as %s: %s", prev, strerror(errno));
            }
            content_rm_rf(tmp); /* the one before the previous, or nothing */
            ok = true;
        } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
            /* a file system without RENAME_EXCHANGE: two renames; a power
             * cut between them shows the bundled content until the next try */
            log_warn("content", "%s cannot swap folders in one step (%s); renaming twice", data_dir, strerror(errno));
            content_rm_rf(prev);
            if (rename(cur, prev) != 0) {
                *err = xasprintf("cannot rename %s: %s", cur, strerror(errno));
            } else if (rename(tmp, cur) != 0) {
                *err = xasprintf("cannot rename %s: %s", tmp, strerror(errno));
                rename(prev, cur);
            } else {
                ok = true;
            }
        } else {
            *err = xasprintf("cannot put the new content in place of %s: %s", cur, strerror(errno));
        }
    } else {
        /* the bundled content is in use: it is the previous one now */
        if (exists_nofollow(cur) && content_rm_rf(cur) != 0)
            log_warn("content", "cannot remove %s: %s", cur, strerror(errno));
        if (content_rm_rf(prev) != 0)
            log_warn("content", "cannot remove %s: %s", prev, strerror(errno));
        if (rename(tmp, cur) != 0)
            *err = xasprintf("cannot rename %s to %s: %s", tmp, cur, strerror(errno));
        else
            ok = true;
    }
    if (fsync_path(data_dir) != 0 && ok)
        log_warn("content", "cannot sync %s: %s", data_dir, strerror(errno));
    free(cur);
    free(prev);
    return ok;
}

content_install_rc_t content_install(const char *src, const char *shown, const char *data_dir, diag_list_t *diags,
                                     content_install_stats_t *stats, char **err)
{
    *err = NULL;
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!is_dir_nofollow(src)) {
        *err = xasprintf("%s is not a folder", shown ? shown : src);
        return CONTENT_INSTALL_FAILED;
    }
    if (mkdir_p(data_dir, 0700) != 0) {
        *err = xasprintf("cannot create the data folder %s: %s", data_dir, strerror(errno));
        return CONTENT_INSTALL_FAILED;
    }
    content_install_cleanup(data_dir);
    char *tmp = xasprintf("%s/" CONTENT_TMP_PREFIX "XXXXXX", data_dir);
    if (!mkdtemp(tmp)) {
        *err = xasprintf("cannot create a folder in %s: %s", data_dir, strerror(errno));
        free(tmp);
        return CONTENT_INSTALL_FAILED;
    }
    chmod(tmp, 0755);
    copy_t c = {0};
    fault_from_env(&c);
    content_install_rc_t rc = CONTENT_INSTALL_FAILED;
    if (!copy_tree(&c, src, tmp, 0)) {
        /* named as on the stick, also a file it was being copied to */
        char *on_stick = replace_prefix(c.err ? c.err : "the copy failed", src, shown ? shown : src);
        char *why = replace_prefix(on_stick, tmp, shown ? shown : src);
        free(on_stick);
        *err = why;
        log_warn("content", "copying %s failed: %s; the content in use is unchanged", src, why);
        goto out;
    }
    /* the copy is what gets checked, and what gets used */
    content_t cc;
    size_t before = diags->n;
    bool clean = content_load(tmp, &cc, diags);
    content_free(&cc);
    rename_diags(diags, before, tmp, shown ? shown : src);
    if (!clean) {
        rc = CONTENT_INSTALL_REFUSED;
        log_warn("content", "%s has %zu error%s; not loaded, the content in use is unchanged", shown ? shown : src,
                 diag_count(diags, DIAG_ERROR), diag_count(diags, DIAG_ERROR) == 1 ? "" : "s");
        goto out;
    }
    if (!put_in_place(data_dir, tmp, err))
        goto out;
    rc = CONTENT_INSTALL_OK;
    log_info("content", "loaded %s (%ld files, %llu bytes) as %s/%s", shown ? shown : src, c.st.files, c.st.bytes,
             data_dir, CONTENT_INSTALLED);
out:
    if (rc != CONTENT_INSTALL_OK)
        content_rm_rf(tmp);
    if (stats)
        *stats = c.st;
    free(c.err);
    free(tmp);
    return rc;
}

bool content_install_present(const char *data_dir)
{
    char *cur = path_join(data_dir, CONTENT_INSTALLED);
    bool r = is_dir_nofollow(cur);
    free(cur);
    return r;
}

bool content_install_can_undo(const char *data_dir)
{
    char *prev = path_join(data_dir, CONTENT_PREVIOUS);
    bool r = content_install_present(data_dir) || is_dir_nofollow(prev);
    free(prev);
    return r;
}

bool content_install_undo(const char *data_dir, char **err)
{
    *err = NULL;
    char *cur = path_join(data_dir, CONTENT_INSTALLED), *prev = path_join(data_dir, CONTENT_PREVIOUS);
    bool has_cur = is_dir_nofollow(cur), has_prev = is_dir_nofollow(prev);
    bool ok = false;
    if (has_cur && has_prev) {
        if (exchange(prev, cur) == 0) {
            ok = true;
        } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
            char *t = xasprintf("%s/" CONTENT_TMP_PREFIX "undo", data_dir);
            content_rm_rf(t);
            ok = rename(cur, t) == 0 && rename(prev, cur) == 0 && rename(t, prev) == 0;
            if (!ok)
                *err = xasprintf("cannot swap %s and %s: %s", cur, prev, strerror(errno));
            free(t);
        } else {
            *err = xasprintf("cannot swap %s and %s: %s", cur, prev, strerror(errno));
        }
    } else if (has_cur) {
        ok = rename(cur, prev) == 0; /* back to the bundled content */
        if (!ok)
            *err = xasprintf("cannot rename %s: %s", cur, strerror(errno));
    } else if (has_prev) {
        ok = rename(prev, cur) == 0;
        if (!ok)
            *err = xasprintf("cannot rename %s: %s", prev, strerror(errno));
    } else {
        *err = xstrdup("no earlier content to go back to");
    }
    if (ok) {
        if (fsync_path(data_dir) != 0)
            log_warn("content", "cannot sync %s: %s", data_dir, strerror(errno));
        log_info("content", "undo: the content in use is now %s",
                 is_dir_nofollow(cur) ? cur : "the bundled content");
    }
    free(cur);
    free(prev);
    return ok;
}
