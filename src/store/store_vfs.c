/* store_vfs.c - a pass-through SQLite VFS that counts xSync calls.
 *
 * It wraps the default VFS (unix on Linux) and forwards everything; the
 * additions are a process-wide counter of xSync calls, which is what a
 * submission costs in fsync()s (`make bench` and the store tests read it
 * with store_vfs_sync_count()), and two test hooks: one makes writes or
 * syncs fail as a dying or suddenly read-only medium would; the other keeps
 * every write in process memory until the file is synced, so that killing
 * the process loses exactly what a power cut would lose (the page cache
 * stands in for the platter: what reached it through xSync survives). */
#include "store.h"
#include "store_internal.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define STORE_VFS_NAME "agm-sync-count"

typedef struct {
    sqlite3_int64 off;
    int n;
    unsigned char *data;
} pending_write_t;

typedef struct {
    sqlite3_file base;   /* must be first: SQLite sees this */
    sqlite3_file *real;  /* the wrapped file, stored right after this struct */
    bool buffered;       /* writes wait in pend until xSync (test hook) */
    pending_write_t *pend;
    size_t npend, cap;
} count_file_t;

static sqlite3_vfs *g_real;
static sqlite3_vfs g_vfs;
static uint64_t g_syncs;
/* test fault injection (store_test_vfs_fail): which calls fail, and the
 * errno the failure reports through xGetLastError */
static int g_fail_ops, g_fail_errno;
/* errno of the last failed write, sync or truncate: SQLite does not report
 * the OS error of a failed COMMIT, and the store needs it to tell a
 * read-only medium from a full or broken one */
static int g_last_errno;

int store_vfs_last_errno(void) { return g_last_errno; }
void store_vfs_clear_errno(void) { g_last_errno = 0; }

/* Record the OS error behind a failed call (the injected one in tests). */
static int note(int rc)
{
    if (rc != SQLITE_OK)
        g_last_errno = g_fail_ops ? g_fail_errno : errno;
    return rc;
}

static bool g_lose_unsynced;

void store_test_vfs_lose_unsynced(bool on) { g_lose_unsynced = on; }

void store_test_vfs_fail(int ops, int err)
{
    g_fail_ops = ops;
    g_fail_errno = err;
}

uint64_t store_vfs_sync_count(void)
{
    return __atomic_load_n(&g_syncs, __ATOMIC_RELAXED);
}

#define REAL(f) (((count_file_t *)(f))->real)

/* Drop the writes that never reached a sync. */
static void pend_discard(count_file_t *cf)
{
    for (size_t i = 0; i < cf->npend; i++)
        free(cf->pend[i].data);
    free(cf->pend);
    cf->pend = NULL;
    cf->npend = cf->cap = 0;
}

/* Write the waiting writes to the real file, in order. */
static int pend_flush(count_file_t *cf)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; i < cf->npend && rc == SQLITE_OK; i++)
        rc = cf->real->pMethods->xWrite(cf->real, cf->pend[i].data, cf->pend[i].n, cf->pend[i].off);
    pend_discard(cf);
    return rc;
}

static int cf_close(sqlite3_file *f)
{
    /* closing is no sync: a power cut after it still loses these */
    pend_discard((count_file_t *)f);
    int rc = REAL(f)->pMethods->xClose(REAL(f));
    f->pMethods = NULL;
    return rc;
}

static int cf_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    count_file_t *cf = (count_file_t *)f;
    int rc = cf->real->pMethods->xFileSize(cf->real, size);
    for (size_t i = 0; rc == SQLITE_OK && i < cf->npend; i++)
        if (cf->pend[i].off + cf->pend[i].n > *size)
            *size = cf->pend[i].off + cf->pend[i].n;
    return rc;
}

static int cf_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
    count_file_t *cf = (count_file_t *)f;
    int rc = cf->real->pMethods->xRead(cf->real, b, n, off);
    if (cf->npend == 0 || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
        return rc;
    /* the process sees its own unsynced writes, as it would through the
     * page cache; a short read from the real file has zero-filled the rest */
    for (size_t i = 0; i < cf->npend; i++) {
        const pending_write_t *p = &cf->pend[i];
        sqlite3_int64 lo = p->off > off ? p->off : off;
        sqlite3_int64 hi = p->off + p->n < off + n ? p->off + p->n : off + n;
        if (lo < hi)
            memcpy((unsigned char *)b + (lo - off), p->data + (lo - p->off), (size_t)(hi - lo));
    }
    sqlite3_int64 size;
    if ((rc = cf_file_size(f, &size)) != SQLITE_OK)
        return rc;
    return off + n <= size ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
}

static int cf_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
    count_file_t *cf = (count_file_t *)f;
    if (g_fail_ops & STORE_TEST_FAIL_WRITE)
        return note(SQLITE_IOERR_WRITE);
    if (!cf->buffered)
        return note(cf->real->pMethods->xWrite(cf->real, b, n, off));
    if (cf->npend == cf->cap) {
        size_t cap = cf->cap ? cf->cap * 2 : 16;
        pending_write_t *np = realloc(cf->pend, cap * sizeof *np);
        if (!np)
            return SQLITE_IOERR_NOMEM;
        cf->pend = np;
        cf->cap = cap;
    }
    unsigned char *copy = malloc((size_t)n);
    if (!copy)
        return SQLITE_IOERR_NOMEM;
    memcpy(copy, b, (size_t)n);
    cf->pend[cf->npend++] = (pending_write_t){off, n, copy};
    return SQLITE_OK;
}

static int cf_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    /* rare (WAL reset with a size limit): let earlier writes land first */
    int rc = pend_flush((count_file_t *)f);
    if (rc != SQLITE_OK)
        return note(rc);
    return note(REAL(f)->pMethods->xTruncate(REAL(f), size));
}

static int cf_sync(sqlite3_file *f, int flags)
{
    __atomic_add_fetch(&g_syncs, 1, __ATOMIC_RELAXED);
    if (g_fail_ops & STORE_TEST_FAIL_SYNC)
        return note(SQLITE_IOERR_FSYNC);
    int rc = pend_flush((count_file_t *)f);
    if (rc != SQLITE_OK)
        return note(rc);
    return note(REAL(f)->pMethods->xSync(REAL(f), flags));
}
static int cf_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int cf_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int cf_check_reserved(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int cf_file_control(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int cf_sector_size(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int cf_device_chars(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int cf_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp) { return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp); }
static int cf_shm_lock(sqlite3_file *f, int off, int n, int flags) { return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags); }
static void cf_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int cf_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int cf_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    if (((count_file_t *)f)->buffered) {
        *pp = NULL; /* no memory map: reads must see the waiting writes */
        return SQLITE_OK;
    }
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int cf_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), off, p); }

static const sqlite3_io_methods cf_methods = {
    3, cf_close, cf_read, cf_write, cf_truncate, cf_sync, cf_file_size, cf_lock, cf_unlock,
    cf_check_reserved, cf_file_control, cf_sector_size, cf_device_chars,
    cf_shm_map, cf_shm_lock, cf_shm_barrier, cf_shm_unmap, cf_fetch, cf_unfetch,
};

static int cv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    count_file_t *cf = (count_file_t *)f;
    memset(cf, 0, sizeof *cf);
    cf->real = (sqlite3_file *)&cf[1];
    cf->buffered = g_lose_unsynced &&
                   (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL));
    int rc = g_real->xOpen(g_real, name, cf->real, flags, out_flags);
    /* SQLite calls xClose only when pMethods is set, so mirror the real one */
    f->pMethods = cf->real->pMethods ? &cf_methods : NULL;
    return rc;
}
static int cv_delete(sqlite3_vfs *v, const char *name, int sync_dir) { (void)v; return g_real->xDelete(g_real, name, sync_dir); }
static int cv_access(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return g_real->xAccess(g_real, name, flags, out); }
static int cv_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return g_real->xFullPathname(g_real, name, n, out); }
static void *cv_dlopen(sqlite3_vfs *v, const char *p) { (void)v; return g_real->xDlOpen(g_real, p); }
static void cv_dlerror(sqlite3_vfs *v, int n, char *msg) { (void)v; g_real->xDlError(g_real, n, msg); }
static void (*cv_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void) { (void)v; return g_real->xDlSym(g_real, h, sym); }
static void cv_dlclose(sqlite3_vfs *v, void *h) { (void)v; g_real->xDlClose(g_real, h); }
static int cv_randomness(sqlite3_vfs *v, int n, char *out) { (void)v; return g_real->xRandomness(g_real, n, out); }
static int cv_sleep(sqlite3_vfs *v, int us) { (void)v; return g_real->xSleep(g_real, us); }
static int cv_current_time(sqlite3_vfs *v, double *t) { (void)v; return g_real->xCurrentTime(g_real, t); }
static int cv_last_error(sqlite3_vfs *v, int n, char *msg)
{
    (void)v;
    if (g_fail_ops)
        return g_fail_errno;
    return g_real->xGetLastError(g_real, n, msg);
}
static int cv_current_time64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; return g_real->xCurrentTimeInt64(g_real, t); }

const char *store_vfs_register(void)
{
    static int done;
    if (done)
        return STORE_VFS_NAME;
    if (sqlite3_initialize() != SQLITE_OK)
        return NULL;
    g_real = sqlite3_vfs_find(NULL);
    if (!g_real || g_real->iVersion < 2)
        return NULL;
    g_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(count_file_t) + g_real->szOsFile,
        .mxPathname = g_real->mxPathname,
        .zName = STORE_VFS_NAME,
        .xOpen = cv_open, .xDelete = cv_delete, .xAccess = cv_access, .xFullPathname = cv_full_pathname,
        .xDlOpen = cv_dlopen, .xDlError = cv_dlerror, .xDlSym = cv_dlsym, .xDlClose = cv_dlclose,
        .xRandomness = cv_randomness, .xSleep = cv_sleep, .xCurrentTime = cv_current_time,
        .xGetLastError = cv_last_error, .xCurrentTimeInt64 = cv_current_time64,
    };
    if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK)
        return NULL;
    done = 1;
    return STORE_VFS_NAME;
}
