#include "common.h"

#include "core/log.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_PREFIX "agm-fuzz-"

static char g_dir[4096];
static FILE *g_null;

void fuzz_init(void)
{
    log_set_level(LOG_QUIET);
}

FILE *fuzz_null(void)
{
    if (!g_null) {
        g_null = fopen("/dev/null", "w");
        if (!g_null) {
            perror("fuzz: /dev/null");
            abort();
        }
    }
    return g_null;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int rm_inside(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    if (ftw->level == 0)
        return 0;
    return rm_entry(path, st, flag, ftw);
}

void fuzz_clear(void)
{
    nftw(fuzz_dir(), rm_inside, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_dir_at_exit(void)
{
    if (g_dir[0])
        rm_tree(g_dir);
}

/* Folders "agm-fuzz-PID-XXXXXX" of this user whose process is gone: what a
 * crash (which skips atexit) left behind. */
static void remove_stale(const char *base)
{
    DIR *dir = opendir(base);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strncmp(e->d_name, DIR_PREFIX, strlen(DIR_PREFIX)) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + strlen(DIR_PREFIX), &end, 10);
        if (pid <= 0 || *end != '-' || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *path = path_join(base, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
            rm_tree(path);
        free(path);
    }
    closedir(dir);
}

const char *fuzz_dir(void)
{
    if (g_dir[0])
        return g_dir;
    const char *base = getenv("AGM_FUZZ_TMP");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    remove_stale(base);
    snprintf(g_dir, sizeof g_dir, "%s/" DIR_PREFIX "%ld-XXXXXX", base, (long)getpid());
    if (!mkdtemp(g_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_dir_at_exit);
    return g_dir;
}

char *fuzz_write(const char *rel, const void *data, size_t n)
{
    char *path = path_join(fuzz_dir(), rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir_p(path, 0700);
    *slash = '/';
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        perror(path);
        abort();
    }
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            perror(path);
            abort();
        }
        p += w;
        n -= (size_t)w;
    }
    close(fd);
    return path;
}

static void clean_name(const char *s, size_t n, char *out)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < FUZZ_NAME_MAX; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
            c == '-' || c == '/')
            out[w++] = c;
    }
    out[w] = '\0';
    /* no way out of the folder, no absolute path, no empty component */
    char *dd;
    while ((dd = strstr(out, "..")) || (dd = strstr(out, "//")))
        memmove(dd, dd + 1, strlen(dd));
    while (out[0] == '/')
        memmove(out, out + 1, strlen(out));
    size_t l = strlen(out);
    while (l && out[l - 1] == '/')
        out[--l] = '\0';
}

size_t fuzz_split(const uint8_t *data, size_t size, fuzz_part_t *parts)
{
    static const char marker[] = "@@file ";
    const size_t ml = sizeof marker - 1;
    const char *p = (const char *)data, *end = p + size;
    size_t n = 0;
    parts[0] = (fuzz_part_t){.data = p};
    const char *line = p;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *eol = nl ? nl : end;
        if (n + 1 < FUZZ_MAX_PARTS && (size_t)(eol - line) >= ml && memcmp(line, marker, ml) == 0) {
            parts[n].len = (size_t)(line - parts[n].data);
            if (n > 0 || parts[0].len > 0)
                parts[++n] = (fuzz_part_t){0};
            size_t nl_len = (size_t)(eol - line) - ml;
            if (nl_len && line[ml + nl_len - 1] == '\r')
                nl_len--;
            clean_name(line + ml, nl_len, parts[n].name);
            parts[n].data = nl ? nl + 1 : end;
        }
        line = nl ? nl + 1 : end;
    }
    parts[n].len = (size_t)(end - parts[n].data);
    if (n == 0 && parts[0].len == 0 && !parts[0].name[0])
        return 0;
    return n + 1;
}
