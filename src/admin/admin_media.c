/* admin_media.c - finding mounted USB sticks (see admin_media.h). */
#include "admin_media.h"
#include "../core/util.h"

#include <glob.h>
#include <stdbool.h>
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

static void add_glob(admin_media_t *m, const char *pattern, bool need_mount, int mode)
{
    glob_t g;
    if (glob(pattern, GLOB_ONLYDIR | GLOB_NOSORT, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *p = g.gl_pathv[i];
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
