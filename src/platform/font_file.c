#include "font_file.h"

#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* FreeType reads a table's header, then its records one after another: a
 * few 4 KiB windows (the most recently used kept) answer most reads of a face being
 * opened or a glyph being loaded with one pread. */
#define WIN_BYTES (4 * 1024)
#define WIN_COUNT 32

typedef struct {
    unsigned char *buf; /* WIN_BYTES, or NULL */
    size_t off, len;    /* file bytes [off, off + len) */
    unsigned long used; /* last use, for replacing the oldest */
} window_t;

struct font_file {
    char *path;
    size_t size;
    void *data; /* mapped, or NULL */
    int fd;     /* read, or -1 */
    window_t win[WIN_COUNT];
    unsigned long clock, reads;
    bool short_told; /* a short read reported */
};

typedef struct {
    font_file_t *ff;
    size_t pos;
} reader_t;

font_file_t *font_file_open(const char *path, size_t map_max)
{
    /* Without waiting: a FIFO (or a device) put where a font was would
     * otherwise block the kiosk until something writes to it. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (S_ISDIR(st.st_mode))
        e = EISDIR;
    else if (!S_ISREG(st.st_mode))
        e = ENODEV; /* "No such device": not a file */
    else if (st.st_size <= 0)
        e = EINVAL;
    else if (st.st_size >= INT_MAX)
        e = EFBIG;
    if (e) {
        close(fd);
        errno = e;
        return NULL;
    }
    font_file_t *ff = xcalloc(1, sizeof *ff);
    ff->path = xstrdup(path);
    ff->size = (size_t)st.st_size;
    ff->fd = -1;
    if (ff->size <= map_max) {
        void *d = mmap(NULL, ff->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (d != MAP_FAILED) {
            ff->data = d;
            close(fd);
            return ff;
        }
    }
    ff->fd = fd;
    return ff;
}

/* n bytes at off into dst, all of them unless the file ends (or fails). */
static size_t pread_full(font_file_t *ff, void *dst, size_t n, size_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(ff->fd, (char *)dst + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        ff->reads++;
        got += (size_t)r;
    }
    return got;
}

/* The window holding byte off, read in if none does; NULL on a read error. */
static window_t *window_at(font_file_t *ff, size_t off)
{
    window_t *w;
    for (int i = 0; i < WIN_COUNT; i++)
        if (ff->win[i].buf && off >= ff->win[i].off && off < ff->win[i].off + ff->win[i].len) {
            w = &ff->win[i];
            w->used = ++ff->clock;
            return w;
        }
    w = &ff->win[0]; /* an unused window, or the one used longest ago */
    for (int i = 0; i < WIN_COUNT; i++) {
        if (!ff->win[i].buf) {
            w = &ff->win[i];
            break;
        }
        if (ff->win[i].used < w->used)
            w = &ff->win[i];
    }
    if (!w->buf)
        w->buf = xmalloc(WIN_BYTES);
    w->off = off & ~(size_t)4095; /* whole pages of the page cache */
    w->len = pread_full(ff, w->buf, WIN_BYTES, w->off);
    w->used = ++ff->clock;
    if (off >= w->off + w->len) {
        w->len = 0;
        return NULL;
    }
    return w;
}

/* A read that ended before the size the file had when it was opened: it
 * shrank, or reading failed. Told once per file; the text it was read for
 * falls back or is left out. */
static size_t short_read(font_file_t *ff, size_t got, size_t n, size_t off)
{
    if (got < n && !ff->short_told) {
        ff->short_told = true;
        log_warn("fonts", "%s: cannot be read at byte %zu (%s); it changed since start: restart the kiosk after "
                 "replacing fonts", ff->path, off + got, errno ? strerror(errno) : "the file is shorter");
    }
    return got;
}

static size_t ff_read(font_file_t *ff, void *dst, size_t n, size_t off)
{
    if (off >= ff->size)
        return 0;
    if (n > ff->size - off)
        n = ff->size - off;
    if (ff->data) {
        memcpy(dst, (const char *)ff->data + off, n);
        return n;
    }
    errno = 0;
    if (n >= WIN_BYTES) /* a whole table: straight into FreeType's buffer */
        return short_read(ff, pread_full(ff, dst, n, off), n, off);
    size_t done = 0;
    while (done < n) {
        window_t *w = window_at(ff, off + done);
        if (!w)
            break;
        size_t in = w->off + w->len - (off + done);
        size_t k = n - done < in ? n - done : in;
        memcpy((char *)dst + done, w->buf + (off + done - w->off), k);
        done += k;
    }
    return short_read(ff, done, n, off);
}

static Sint64 SDLCALL rw_size(SDL_RWops *rw)
{
    reader_t *r = rw->hidden.unknown.data1;
    return (Sint64)r->ff->size;
}

static Sint64 SDLCALL rw_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    reader_t *r = rw->hidden.unknown.data1;
    Sint64 size = (Sint64)r->ff->size, to;
    switch (whence) {
    case RW_SEEK_SET: to = offset; break;
    case RW_SEEK_CUR: to = (Sint64)r->pos + offset; break;
    case RW_SEEK_END: to = size + offset; break;
    default: return SDL_SetError("font file %s: unknown seek", r->ff->path);
    }
    /* kept within the file, as SDL's reader of memory does */
    r->pos = (size_t)(to < 0 ? 0 : to > size ? size : to);
    return (Sint64)r->pos;
}

static size_t SDLCALL rw_read(SDL_RWops *rw, void *ptr, size_t size, size_t maxnum)
{
    reader_t *r = rw->hidden.unknown.data1;
    if (size == 0 || maxnum == 0)
        return 0;
    if (maxnum > SIZE_MAX / size)
        maxnum = SIZE_MAX / size;
    size_t got = ff_read(r->ff, ptr, size * maxnum, r->pos);
    r->pos += got;
    return got / size;
}

static size_t SDLCALL rw_write(SDL_RWops *rw, const void *ptr, size_t size, size_t num)
{
    (void)ptr, (void)size, (void)num;
    reader_t *r = rw->hidden.unknown.data1;
    SDL_SetError("font file %s: read only", r->ff->path);
    return 0;
}

static int SDLCALL rw_close(SDL_RWops *rw)
{
    free(rw->hidden.unknown.data1);
    SDL_FreeRW(rw);
    return 0;
}

SDL_RWops *font_file_rw(font_file_t *ff)
{
    if (ff->data) /* SDL's own reader of memory */
        return SDL_RWFromConstMem(ff->data, (int)ff->size);
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw)
        return NULL;
    reader_t *r = xcalloc(1, sizeof *r);
    r->ff = ff;
    rw->size = rw_size;
    rw->seek = rw_seek;
    rw->read = rw_read;
    rw->write = rw_write;
    rw->close = rw_close;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = r;
    return rw;
}

void font_file_trim(font_file_t *ff)
{
    if (!ff)
        return;
    /* The mapping is private and never written: its pages are read again
     * from the page cache as they are needed. */
    if (ff->data)
        madvise(ff->data, ff->size, MADV_DONTNEED);
    for (int i = 0; i < WIN_COUNT; i++) {
        free(ff->win[i].buf);
        ff->win[i] = (window_t){0};
    }
}

bool font_file_mapped(const font_file_t *ff)
{
    return ff && ff->data;
}

const char *font_file_path(const font_file_t *ff)
{
    return ff ? ff->path : "";
}

unsigned long font_file_reads(const font_file_t *ff)
{
    return ff ? ff->reads : 0;
}

void font_file_close(font_file_t *ff)
{
    if (!ff)
        return;
    font_file_trim(ff);
    if (ff->data)
        munmap(ff->data, ff->size);
    if (ff->fd >= 0)
        close(ff->fd);
    free(ff->path);
    free(ff);
}
