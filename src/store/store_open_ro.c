/* store_open_ro.c - opening a database on storage mounted read-only (an SD
 * card that failed read-only, a write-protected stick), for reading only,
 * so that the organizers can still take the data off (see store.c). */
#include "store_internal.h"
#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* ---- read-only storage ------------------------------------------------------ */

/* True when the file system holding path is mounted read-only (an SD card
 * that failed read-only, a write-protected stick). */
bool store_storage_read_only(const char *path)
{
    char *copy = xstrdup(path);
    struct statvfs fs;
    bool ro = statvfs(dirname(copy), &fs) == 0 && (fs.f_flag & ST_RDONLY);
    free(copy);
    return ro;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it. */
static char *immutable_uri(const char *path)
{
    strbuf_t b = {0};
    sb_append(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            sb_printf(&b, "%%%02X", *p);
        else
            sb_appendc(&b, (char)*p);
    }
    sb_append(&b, "?immutable=1");
    return sb_steal(&b);
}

/* Copy the regular file from to the new file to (mode 0600). */
static bool copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    bool ok = out >= 0;
    char buf[65536];
    ssize_t n = 0;
    while (ok && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            ok = errno == EINTR;
            continue;
        }
        for (ssize_t w = 0; ok && w < n;) {
            ssize_t k = write(out, buf + w, (size_t)(n - w));
            if (k < 0)
                ok = errno == EINTR;
            else
                w += k;
        }
    }
    int e = errno;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    errno = e;
    return ok;
}

/* Remove the private copy made by store_open_on_read_only_storage(). */
void store_remove_rescue_dir(store_t *s)
{
    if (!s->rescue_dir)
        return;
    static const char *const names[] = {"agmkiosk.db", "agmkiosk.db-wal", "agmkiosk.db-shm", "agmkiosk.db-journal"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(names); i++) {
        char *p = path_join(s->rescue_dir, names[i]);
        unlink(p);
        free(p);
    }
    if (rmdir(s->rescue_dir) != 0)
        log_warn("db", "could not remove the temporary folder %s: %s", s->rescue_dir, strerror(errno));
    free(s->rescue_dir);
    s->rescue_dir = NULL;
}

/* Open s->path, on storage mounted read-only, for reading only, so that the
 * organizers can still take the data off. SQLite cannot open a WAL database
 * read-only there unless its -wal and -shm exist (then the ordinary open
 * already worked); it would need to create the -shm. So:
 *  - no -wal beside the database, or an empty one: every committed row is in
 *    the database file, and it is opened with immutable=1, which needs no
 *    -shm and changes nothing on the medium;
 *  - a -wal with content: immutable=1 would ignore it and miss committed rows,
 *    so the database and its -wal are copied into a private 0700 folder
 *    (mkdtemp in $TMPDIR, else /dev/shm, else /tmp) and the copy is opened
 *    read-only there (SQLite builds the -shm beside the copy and reads the
 *    WAL); the folder is removed by store_close(). */
open_rc_t store_open_on_read_only_storage(store_t *s, const store_opts_t *o, char **why, char **err)
{
    store_opts_t ro = *o;
    ro.read_only = true;
    ro.count_syncs = false;
    char *wal = xasprintf("%s-wal", s->path);
    struct stat ws;
    bool wal_rows = lstat(wal, &ws) == 0 && S_ISREG(ws.st_mode) && ws.st_size > 0;
    open_rc_t res = OPEN_FATAL;
    if (!wal_rows) {
        char *uri = immutable_uri(s->path);
        res = store_open_db_as(s, &ro, uri, true, why, err);
        free(uri);
        free(wal);
        return res;
    }
    /* the copy holds the personal data: in memory (/dev/shm) rather than on
     * a disk, unless TMPDIR says where */
    const char *env = getenv("TMPDIR");
    const char *bases[] = {env && *env ? env : "/dev/shm", "/dev/shm", "/tmp"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(bases) && !s->rescue_dir; i++) {
        char *tmpl = path_join(bases[i], "agmkiosk-ro-XXXXXX");
        if (mkdtemp(tmpl))
            s->rescue_dir = tmpl;
        else
            free(tmpl);
    }
    if (!s->rescue_dir) {
        *err = xasprintf("db: %s is on read-only storage and its WAL holds rows; no private temporary folder "
                         "could be made to read it (%s)", s->path, strerror(errno));
        free(wal);
        return OPEN_FATAL;
    }
    char *db_copy = path_join(s->rescue_dir, "agmkiosk.db");
    char *wal_copy = path_join(s->rescue_dir, "agmkiosk.db-wal");
    if (!copy_file(s->path, db_copy) || !copy_file(wal, wal_copy)) {
        *err = xasprintf("db: %s is on read-only storage and its WAL holds rows; copying them to %s failed: %s",
                         s->path, s->rescue_dir, strerror(errno));
    } else {
        res = store_open_db_as(s, &ro, db_copy, false, why, err);
    }
    if (res != OPEN_OK)
        store_remove_rescue_dir(s);
    free(db_copy);
    free(wal_copy);
    free(wal);
    return res;
}
