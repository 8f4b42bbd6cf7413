#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(size_t n)
{
    fprintf(stderr, "agmkiosk: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        oom(count * n);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = NULL;
    int r = vasprintf(&out, fmt, ap);
    va_end(ap);
    if (r < 0)
        oom(0);
    return out;
}

void xgrow(void **v, size_t *cap, size_t need, size_t esz)
{
    if (need <= *cap)
        return;
    size_t nc = *cap ? *cap : 8;
    while (nc < need)
        nc *= 2;
    *v = xrealloc(*v, nc * esz);
    *cap = nc;
}

void sb_appendn(strbuf_t *b, const char *s, size_t n)
{
    xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_append(strbuf_t *b, const char *s)
{
    sb_appendn(b, s, strlen(s));
}

void sb_appendc(strbuf_t *b, char c)
{
    sb_appendn(b, &c, 1);
}

void sb_vprintf(strbuf_t *b, const char *fmt, va_list ap)
{
    char *s = NULL;
    int r = vasprintf(&s, fmt, ap);
    if (r < 0)
        oom(0);
    sb_appendn(b, s, (size_t)r);
    free(s);
}

void sb_printf(strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

void sb_clear(strbuf_t *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

char *sb_steal(strbuf_t *b)
{
    char *s = b->s ? b->s : xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void sb_free(strbuf_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t now_ms(void)
{
    return now_ns() / 1000000ull;
}

void now_utc_iso8601(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void now_utc_compact(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
}

char *file_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* a folder opens, then every read fails with EISDIR (once EIO here) */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (S_ISDIR(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        /* a device (/dev/zero) would be read without end */
        fclose(f);
        errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
        return NULL;
    }
    strbuf_t b = {0};
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= FILE_READ_MAX)
        sb_appendn(&b, chunk, r);
    int err = ferror(f) ? EIO : b.len > FILE_READ_MAX ? EFBIG : 0; /* (a pipe without end) */
    fclose(f);
    if (err) {
        sb_free(&b);
        errno = err;
        return NULL;
    }
    if (len)
        *len = b.len;
    return sb_steal(&b);
}

const char *file_strerror(int e)
{
    return e == EISDIR   ? "is a folder, expected a file"
           : e == ENODEV ? "is a device, expected a file"
           : e == EFBIG  ? "is larger than 1 GiB, not a file this program reads"
                         : strerror(e);
}

char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl && dir[dl - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

int mkdir_p(const char *path, unsigned mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int r = mkdir(p, mode);
    free(p);
    return (r == 0 || errno == EEXIST) ? 0 : -1;
}

const char *plural_en(long long n, const char *one, const char *other)
{
    return n == 1 ? one : other;
}

bool write_file_replace(const char *dir, const char *path, const void *bytes, size_t n, char **err)
{
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    const char *step = "could not create the folder", *where = dir;
    bool ok = false;
    int fd = -1;
    if (mkdir_p(dir, 0700) != 0)
        goto out;
    step = "could not create";
    where = tmp;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        goto out;
    /* O_CREAT's mode is masked by the umask and ignored for an old file */
    step = "could not write";
    ssize_t w = write(fd, bytes, n);
    if (fchmod(fd, 0600) != 0 || w != (ssize_t)n) {
        if (w >= 0 && w != (ssize_t)n)
            errno = ENOSPC;
        goto out;
    }
    step = "could not fsync";
    if (fsync(fd) != 0)
        goto out;
    step = "could not close";
    int f = fd;
    fd = -1;
    if (close(f) != 0)
        goto out;
    step = "could not rename the temporary file to";
    where = path;
    if (rename(tmp, path) != 0)
        goto out;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* best effort: the file itself is synced */
        close(dfd);
    }
    ok = true;
out:
    if (!ok) {
        *err = xasprintf("%s %s: %s", step, where, strerror(errno ? errno : EIO));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
    }
    free(tmp);
    return ok;
}
