/* privacy.c - the sealing key of a kiosk (see privacy.h). */
#include "privacy.h"
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

void privacy_free(privacy_t *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->problem);
    memset(p, 0, sizeof *p);
}

void privacy_load(const config_t *cfg, privacy_t *out)
{
    memset(out, 0, sizeof *out);
    char *installed = path_join(cfg->data_dir, PRIVACY_KEY_FILE);
    struct stat st;
    if (lstat(installed, &st) == 0) {
        out->path = installed;
        out->installed = true;
    } else {
        free(installed);
        out->path = xstrdup(cfg->public_key);
    }
    if (!out->path)
        return;
    out->configured = true;
    out->ok = seal_pub_load(out->path, &out->key, &out->problem);
}

void privacy_seal_of(const config_t *cfg, const privacy_t *pv, store_seal_t *out)
{
    memset(out, 0, sizeof *out);
    out->key = pv->key;
    const store_record_t *q = store_record(STORE_QUESTIONS);
    int in = store_record_column(q, "name"), it = store_record_column(q, "text");
    if (!cfg->seal_question_name && in >= 0)
        out->plain[STORE_QUESTIONS] |= 1ull << in;
    if (!cfg->seal_question_text && it >= 0)
        out->plain[STORE_QUESTIONS] |= 1ull << it;
}

void privacy_apply(const config_t *cfg, store_t *s, privacy_t *out)
{
    privacy_t pv;
    privacy_load(cfg, &pv);
    if (s) {
        if (!pv.configured) {
            store_set_seal(s, NULL);
        } else if (pv.ok) {
            store_seal_t seal;
            privacy_seal_of(cfg, &pv, &seal);
            store_set_seal(s, &seal);
        } else {
            char *why = xasprintf("the sealing key cannot be used, so nothing is saved: %s", pv.problem);
            store_seal_refuse(s, why);
            free(why);
        }
    }
    if (pv.configured && pv.ok) {
        char pretty[SEAL_ID_PRETTY + 1];
        seal_id_pretty(pv.key.id, pretty);
        log_info("privacy", "personal fields are sealed to the key %s (%s)", pretty, pv.path);
    } else if (pv.configured) {
        log_error("privacy", "%s; questions and sign-ups are refused until a valid public key is set", pv.problem);
    } else {
        log_warn("privacy", "no sealing key: personal data is stored unencrypted ([privacy] public_key)");
    }
    if (out)
        *out = pv;
    else
        privacy_free(&pv);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* True when the file's first bytes are magic. */
static bool starts_with_magic(const char *path, const char *magic)
{
    char buf[64] = "";
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    ssize_t r = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (r <= 0)
        return false;
    buf[r] = '\0';
    const char *s = strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
    return strncmp(s, magic, strlen(magic)) == 0;
}

bool privacy_install(const config_t *cfg, const char *dir, seal_pub_t *out, char **warning, char **err)
{
    *err = NULL;
    if (warning)
        *warning = NULL;
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d) {
        *err = xasprintf("cannot read %s: %s", dir, strerror(errno));
        return false;
    }
    char *found = NULL, *secret = NULL;
    int nfound = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            if (starts_with_magic(p, SEAL_KEY_MAGIC)) {
                free(secret);
                secret = xstrdup(e->d_name);
            } else if (ends_with(e->d_name, ".pub") || starts_with_magic(p, SEAL_PUB_MAGIC)) {
                if (nfound++ == 0) {
                    found = p;
                    p = NULL;
                }
            }
        }
        free(p);
    }
    closedir(d);
    bool ok = false;
    if (nfound == 0) {
        *err = xasprintf("no public key file (NAME.pub, made by agmkiosk keygen) on %s", dir);
    } else if (nfound > 1) {
        *err = xasprintf("%d .pub files on %s; leave only the one to install", nfound, dir);
    } else if (seal_pub_load(found, out, err)) {
        size_t n = 0;
        char *bytes = file_read_all(found, &n);
        char *dest = path_join(cfg->data_dir, PRIVACY_KEY_FILE);
        if (!bytes)
            *err = xasprintf("cannot read %s: %s", found, strerror(errno));
        else
            ok = write_file_replace(cfg->data_dir, dest, bytes, n, err);
        if (ok) {
            char pretty[SEAL_ID_PRETTY + 1];
            seal_id_pretty(out->id, pretty);
            log_info("privacy", "installed the public key %s from %s", pretty, found);
        }
        free(bytes);
        free(dest);
    }
    if (ok && secret && warning) {
        *warning = secret;
        secret = NULL;
    }
    if (!ok)
        memset(out, 0, sizeof *out);
    free(found);
    free(secret);
    return ok;
}
