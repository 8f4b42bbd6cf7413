#include "font_file.h"

#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
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
    int guard;       /* its slot in guards[] while mapped, or -1 */
};

typedef struct {
    font_file_t *ff;
    size_t pos;
} reader_t;

/* ---- a mapped file that shrinks ---------------------------------------------
 * Reading a mapping past the end its file has now raises SIGBUS: a font
 * copied over in place (cp truncates, then writes) while the kiosk runs
 * would end it at the next glyph read. The handler below makes the mapping
 * of such a file zeros instead (FreeType then finds no valid glyph: the
 * text falls back or is left out) and the file is named in the log at the
 * next screen change. Other SIGBUS go on to the handler there was before. */

#define GUARDS 64

static struct {
    _Atomic uintptr_t addr;
    _Atomic size_t len;
    atomic_int hit;
} guards[GUARDS];
static struct sigaction bus_before;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    uintptr_t a = (uintptr_t)si->si_addr;
    for (int i = 0; i < GUARDS; i++) {
        uintptr_t b = atomic_load(&guards[i].addr);
        size_t n = atomic_load(&guards[i].len);
        if (b && a >= b && a - b < n &&
            mmap((void *)b, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            atomic_store(&guards[i].hit, 1);
            return; /* the read is made again, of zeros */
        }
    }
    if ((bus_before.sa_flags & SA_SIGINFO) && bus_before.sa_sigaction) {
        bus_before.sa_sigaction(sig, si, uc);
    } else if (bus_before.sa_handler != SIG_DFL && bus_before.sa_handler != SIG_IGN) {
        bus_before.sa_handler(sig);
    } else {
        signal(SIGBUS, SIG_DFL); /* the access faults again, and ends the process as it would have */
    }
}

static void bus_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &bus_before);
}

static int guard_add(void *addr, size_t len)
{
    pthread_once(&bus_once, bus_install);
    pthread_mutex_lock(&guard_lock);
    int slot = -1;
    for (int i = 0; i < GUARDS && slot < 0; i++)
        if (!atomic_load(&guards[i].addr)) {
            slot = i;
            atomic_store(&guards[i].hit, 0);
            atomic_store(&guards[i].len, len);
            atomic_store(&guards[i].addr, (uintptr_t)addr);
        }
    pthread_mutex_unlock(&guard_lock);
    return slot;
}

/* Whether ff's mapping was found past its file's end (told once). */
static bool guard_check(font_file_t *ff)
{
    if (ff->guard < 0 || !atomic_load(&guards[ff->guard].hit))
        return false;
    if (!ff->short_told) {
        ff->short_told = true;
        log_warn("fonts", "%s: shrank while in use (replaced in place?); its text is left out until the kiosk "
                 "restarts", ff->path);
    }
    return true;
}

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
    ff->guard = -1;
    if (ff->size <= map_max) {
        void *d = mmap(NULL, ff->size, PROT_READ, MAP_PRIVATE, fd, 0);
        int slot = d != MAP_FAILED ? guard_add(d, ff->size) : -1;
        if (slot >= 0) {
            ff->data = d;
            ff->guard = slot;
            close(fd);
            return ff;
        }
        if (d != MAP_FAILED) /* more mapped files than guards: read this one */
            munmap(d, ff->size);
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
    if (guard_check(ff)) /* nothing left to read */
        return NULL;
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
    guard_check(ff);
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
    if (ff->guard >= 0) { /* before the address can be mapped again */
        pthread_mutex_lock(&guard_lock);
        atomic_store(&guards[ff->guard].addr, 0);
        pthread_mutex_unlock(&guard_lock);
    }
    if (ff->data)
        munmap(ff->data, ff->size);
    if (ff->fd >= 0)
        close(ff->fd);
    free(ff->path);
    free(ff);
}
