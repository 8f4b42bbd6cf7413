/* admin_media.c - finding mounted USB sticks (see admin_media.h). */
#include "admin_media.h"
#include "../core/util.h"

#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A mount point: a folder on another device than its parent folder. */
static bool is_mount_point(const char *path)
{
    struct stat st, pst;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    char *parent = xasprintf("%s/..", path);
    bool ok = stat(parent, &pst) == 0 && (st.st_dev != pst.st_dev || st.st_ino == pst.st_ino);
    free(parent);
    return ok;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void add(admin_media_t *m, const char *path, int mode)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].path, path) == 0)
            return;
    if (m->n >= ADMIN_MEDIA_MAX || access(path, mode) != 0)
        return;
    const char *slash = strrchr(path, '/');
    m->v[m->n].path = xstrdup(path);
    m->v[m->n].label = xstrdup(slash && slash[1] ? slash + 1 : path);
    m->n++;
}

/* Opening an automount point mounts the file system behind it (stat and
 * access do not: they would see the automount's own root-owned folder). */
static void wake(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
        close(fd);
}

static void add_glob(admin_media_t *m, const char *pattern, bool need_mount, int mode)
{
    glob_t g;
    if (glob(pattern, GLOB_ONLYDIR | GLOB_NOSORT, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *p = g.gl_pathv[i];
        wake(p);
        if (need_mount ? is_mount_point(p) : is_dir(p))
            add(m, p, mode);
    }
    globfree(&g);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const admin_medium_t *)a)->path, ((const admin_medium_t *)b)->path);
}

static void find(admin_media_t *out, int mode)
{
    memset(out, 0, sizeof *out);
    const char *root = getenv(ADMIN_MEDIA_ENV);
    if (root && *root) {
        char *pat = xasprintf("%s/*", root);
        add_glob(out, pat, false, mode);
        free(pat);
    } else {
        add_glob(out, "/media/*", true, mode);
        add_glob(out, "/media/*/*", true, mode);
        add_glob(out, "/run/media/*/*", true, mode);
    }
    qsort(out->v, out->n, sizeof out->v[0], by_path);
}

void admin_media_find(admin_media_t *out) { find(out, W_OK); }

void admin_media_find_readable(admin_media_t *out) { find(out, R_OK | X_OK); }

void admin_media_free(admin_media_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].path);
        free(m->v[i].label);
    }
    memset(m, 0, sizeof *m);
}

/* ---- the mount table ------------------------------------------------------ */

/* mountinfo writes space, tab, newline and backslash in paths as \ooo. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 3;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
}

/* The mounts at path, in the order mounted (the last is on top): how many,
 * whether one is an automount (autofs), and the top one's type. */
static int mounts_at(const char *mountinfo, const char *path, bool *autofs, char *top, size_t n)
{
    *autofs = false;
    if (n)
        top[0] = 0;
    FILE *f = fopen(mountinfo, "re");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    int count = 0;
    while (getline(&line, &cap, f) > 0) {
        /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTS */
        char *save = NULL, *tok = strtok_r(line, " \n", &save);
        char *mp = NULL, *type = NULL;
        for (int i = 0; tok; i++, tok = strtok_r(NULL, " \n", &save)) {
            if (i == 4)
                mp = tok;
            else if (i > 5 && strcmp(tok, "-") == 0) {
                type = strtok_r(NULL, " \n", &save);
                break;
            }
        }
        if (!mp || !type)
            continue;
        unescape(mp);
        if (strcmp(mp, path) != 0)
            continue;
        count++;
        if (strcmp(type, "autofs") == 0)
            *autofs = true;
        if (n)
            snprintf(top, n, "%s", type);
    }
    free(line);
    fclose(f);
    return count;
}

bool admin_media_top_fstype(const char *mountinfo, const char *path, char *type, size_t n)
{
    bool autofs;
    return mounts_at(mountinfo, path, &autofs, type, n) > 0;
}

admin_medium_state_t admin_media_state_in(const char *mountinfo, const char *media_root, const char *path)
{
    bool autofs = false;
    char top[64];
    int n = mounts_at(mountinfo, path, &autofs, top, sizeof top);
    if (n <= 0) {
        /* not mounted: a test's folder under AGMKIOSK_MEDIA while it exists */
        size_t rl = media_root ? strlen(media_root) : 0;
        if (rl && strncmp(path, media_root, rl) == 0 && path[rl] == '/' && is_dir(path))
            return ADMIN_MEDIUM_PLAIN;
        return ADMIN_MEDIUM_GONE;
    }
    if (!autofs)
        return ADMIN_MEDIUM_PLAIN;
    return strcmp(top, "autofs") == 0 ? ADMIN_MEDIUM_IDLE : ADMIN_MEDIUM_MOUNTED;
}

static const char *test_mountinfo;

void admin_media_test_set_mountinfo(const char *path) { test_mountinfo = path; }

admin_medium_state_t admin_media_state(const char *path)
{
    const char *root = getenv(ADMIN_MEDIA_ENV);
    return admin_media_state_in(test_mountinfo ? test_mountinfo : "/proc/self/mountinfo", root && *root ? root : NULL,
                                path);
}
