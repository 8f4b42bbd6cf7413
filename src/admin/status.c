#include "status.h"
#include "pin.h"
#include "../content/content.h"
#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

void admin_format_bytes(uint64_t n, char *buf, size_t cap)
{
    if (n >= 1000000000ull)
        snprintf(buf, cap, "%.1f GB", (double)n / 1e9);
    else if (n >= 1000000ull)
        snprintf(buf, cap, "%.0f MB", (double)n / 1e6);
    else if (n >= 1000ull)
        snprintf(buf, cap, "%.0f kB", (double)n / 1e3);
    else
        snprintf(buf, cap, "%llu bytes", (unsigned long long)n);
}

/* statvfs of dir, or of its nearest existing parent (a data folder that
 * does not exist yet will be created on that file system). */
static bool free_space(const char *dir, uint64_t *avail, uint64_t *total)
{
    char *p = xstrdup(dir && *dir ? dir : ".");
    struct statvfs v;
    bool ok = false;
    for (;;) {
        if (statvfs(p, &v) == 0) {
            *avail = (uint64_t)v.f_bavail * v.f_frsize;
            *total = (uint64_t)v.f_blocks * v.f_frsize;
            ok = true;
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash || errno != ENOENT)
            break;
        if (slash == p) {
            p[1] = '\0';
        } else {
            *slash = '\0';
        }
    }
    free(p);
    return ok;
}

const char *admin_volatile_fs_kind(unsigned long f_type)
{
    switch (f_type) {
    case 0x01021994UL: return "tmpfs";   /* TMPFS_MAGIC */
    case 0x858458f6UL: return "ramfs";   /* RAMFS_MAGIC */
    case 0x794c7630UL: return "overlay"; /* OVERLAYFS_SUPER_MAGIC */
    default: return NULL;
    }
}

const char *admin_volatile_fs(const char *dir)
{
    char *p = xstrdup(dir && *dir ? dir : ".");
    const char *kind = NULL;
    for (;;) {
        struct statfs f;
        if (statfs(p, &f) == 0) {
            kind = admin_volatile_fs_kind((unsigned long)f.f_type);
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash || errno != ENOENT)
            break;
        if (slash == p)
            p[1] = '\0';
        else
            *slash = '\0';
    }
    free(p);
    return kind;
}

static void count_content(const config_t *cfg, const diag_list_t *given, admin_status_t *st)
{
    st->content_dir = config_content_path(cfg);
    if (given) {
        st->content_errors = diag_count(given, DIAG_ERROR);
        st->content_warnings = diag_count(given, DIAG_WARNING);
        return;
    }
    /* The findings are counted here, not logged line by line. */
    log_level_t saved = log_get_level();
    log_set_level(LOG_QUIET);
    content_t c;
    diag_list_t d = {0};
    memset(&c, 0, sizeof c);
    content_load(st->content_dir, &c, &d);
    st->content_errors = diag_count(&d, DIAG_ERROR);
    st->content_warnings = diag_count(&d, DIAG_WARNING);
    content_free(&c);
    diag_free(&d);
    log_set_level(saved);
}

void admin_status_collect(const config_t *cfg, store_t *s, const diag_list_t *content_diags, admin_status_t *st)
{
    memset(st, 0, sizeof *st);
    count_content(cfg, content_diags, st);
    st->data_dir = xstrdup(cfg->data_dir);
    st->config_path = xstrdup(cfg->config_path);
    st->db_path = s ? xstrdup(store_path(s)) : config_db_path(cfg);
    st->pin_set = pin_is_set(cfg->data_dir);
    st->space_known = free_space(cfg->data_dir, &st->free_bytes, &st->total_bytes);
    st->volatile_fs = admin_volatile_fs(cfg->data_dir);
    privacy_load(cfg, &st->privacy);
    st->seal_question_name = cfg->seal_question_name;
    st->seal_question_text = cfg->seal_question_text;

    store_t *own = NULL;
    struct stat sb;
    if (!s) {
        if (stat(st->db_path, &sb) != 0 && errno == ENOENT) {
            st->db_state = ADMIN_DB_MISSING;
        } else {
            store_opts_t o = {.read_only = true};
            char *err = NULL;
            /* Read-only is intended here: no "cannot save" warning. */
            log_level_t saved = log_get_level();
            log_set_level(LOG_ERROR);
            own = store_open_ex(st->db_path, cfg->kiosk_id, &o, NULL, &err);
            log_set_level(saved);
            if (!own) {
                st->db_state = ADMIN_DB_UNUSABLE;
                st->db_problem = err ? err : xstrdup("cannot open");
                err = NULL;
            }
            free(err);
            s = own;
        }
    }
    if (s) {
        st->ro_storage = store_read_only_storage(s);
        if (store_counts(s, &st->counts)
            && store_usage_read(s, true, &st->usage, &st->nusage) == STORE_OK) {
            st->last_covered_all = st->counts.last_covered_all;
            if (store_mod_counts(s, &st->mod_new, &st->mod_total) != STORE_OK)
                st->mod_new = st->mod_total = 0;
        } else {
            st->db_state = ADMIN_DB_UNUSABLE;
            st->db_problem = xstrdup(store_errmsg(s));
        }
    }
    st->kiosk_id = xstrdup(s ? store_kiosk_id(s) : cfg->kiosk_id);
    store_close(own);
}

void admin_format_duration(int64_t secs, char *buf, size_t cap)
{
    if (secs >= 3600)
        snprintf(buf, cap, "%lld h %lld min", (long long)(secs / 3600), (long long)(secs % 3600 / 60));
    else if (secs >= 60)
        snprintf(buf, cap, "%lld min", (long long)(secs / 60));
    else
        snprintf(buf, cap, "%lld s", (long long)secs);
}

/* "report 40 (1 h 2 min), stats 22 (12 min)" for one kind */
static void print_usage_kind(const admin_status_t *st, FILE *out, const char *kind, const char *label)
{
    bool any = false;
    for (size_t i = 0; i < st->nusage; i++) {
        const store_usage_t *u = &st->usage[i];
        if (strcmp(u->kind, kind) != 0)
            continue;
        char d[32];
        admin_format_duration(u->seconds, d, sizeof d);
        fprintf(out, "%s%s %lld (%s)", any ? ", " : label, u->name, (long long)u->opened, d);
        any = true;
    }
    if (any)
        fputc('\n', out);
}

static void print_usage(const admin_status_t *st, FILE *out)
{
    const store_usage_t *v = NULL;
    for (size_t i = 0; i < st->nusage; i++)
        if (strcmp(st->usage[i].kind, "visit") == 0)
            v = &st->usage[i];
    if (!v) {
        fprintf(out, "usage:        nothing counted yet (a running kiosk saves the counts of an hour when "
                     "it is over)\n");
        return;
    }
    char d[32];
    admin_format_duration(v->seconds, d, sizeof d);
    fprintf(out, "usage:        %lld %s, %s in all (counts summed per hour, nothing per person; "
                 "agmkiosk export --usage writes them)\n",
            (long long)v->opened, plural_en(v->opened, "visit", "visits"), d);
    print_usage_kind(st, out, "screen", "  screens:    ");
    print_usage_kind(st, out, "section", "  sections:   ");
}

void admin_status_print(const admin_status_t *st, FILE *out)
{
    fprintf(out, "kiosk id:     %s\n", st->kiosk_id ? st->kiosk_id : "");
    switch (st->db_state) {
    case ADMIN_DB_MISSING:
        fprintf(out, "database:     %s (missing: nothing collected yet)\n", st->db_path);
        break;
    case ADMIN_DB_UNUSABLE:
        fprintf(out, "database:     %s (PROBLEM: %s)\n", st->db_path, st->db_problem);
        break;
    case ADMIN_DB_OK: {
        const store_counts_t *c = &st->counts;
        if (st->ro_storage)
            fprintf(out, "database:     %s (read-only storage: nothing can be saved; take the data off with "
                         "agmkiosk export --all --out DIR)\n", st->db_path);
        else
            fprintf(out, "database:     %s\n", st->db_path);
        fprintf(out, "questions:    %lld new / %lld total\n", (long long)c->questions_new, (long long)c->questions);
        fprintf(out, "sign-ups:     %lld new / %lld total\n", (long long)c->signups_new, (long long)c->signups);
        if (st->mod_total)
            fprintf(out, "moderation:   %lld new / %lld total (changes of a question's state on the screen)\n",
                    (long long)st->mod_new, (long long)st->mod_total);
        if (c->last_batch)
            fprintf(out, "last export:  batch %lld at %s%s\n", (long long)c->last_batch, c->last_export_at,
                    c->questions_new + c->signups_new + st->mod_new == 0 && st->last_covered_all ? " (every row exported)"
                                                                                            : "");
        else
            fprintf(out, "last export:  never\n");
        if (c->unfinished_batches)
            fprintf(out, "unfinished:   %lld export %s interrupted; the next export finishes %s\n",
                    (long long)c->unfinished_batches, plural_en(c->unfinished_batches, "batch was", "batches were"),
                    c->unfinished_batches == 1 ? "it" : "them");
        if (c->unverified_batches)
            fprintf(out, "not verified: %lld %s written by an older version without reading back "
                         "(agmkiosk export --batch N writes one again)\n",
                    (long long)c->unverified_batches, plural_en(c->unverified_batches, "batch", "batches"));
        print_usage(st, out);
        break;
    }
    }
    if (st->space_known) {
        char f[32], t[32];
        admin_format_bytes(st->free_bytes, f, sizeof f);
        admin_format_bytes(st->total_bytes, t, sizeof t);
        fprintf(out, "free space:   %s of %s in %s\n", f, t, st->data_dir);
    } else {
        fprintf(out, "free space:   unknown (%s cannot be examined)\n", st->data_dir);
    }
    if (st->volatile_fs)
        fprintf(out, "WARNING:      the data folder %s is on %s, in memory: questions and sign-ups are LOST at "
                     "power-off (mount the data partition there; see rpi/README.md)\n",
                st->data_dir, st->volatile_fs);
    fprintf(out, "config file:  %s\n", st->config_path ? st->config_path : "none (built-in defaults)");
    if (st->content_errors || st->content_warnings)
        fprintf(out, "content:      %zu %s, %zu %s in %s (agmkiosk check lists them)\n", st->content_errors,
                plural_en((long long)st->content_errors, "error", "errors"), st->content_warnings,
                plural_en((long long)st->content_warnings, "warning", "warnings"),
                st->content_dir ? st->content_dir : "");
    else
        fprintf(out, "content:      no problems in %s\n", st->content_dir ? st->content_dir : "");
    fprintf(out, "admin PIN:    %s\n", st->pin_set ? "set" : "not set (run: agmkiosk set-pin)");
    char *seal = admin_status_sealing(st);
    fprintf(out, "sealing:      %s\n", seal);
    free(seal);
}

char *admin_status_sealing(const admin_status_t *st)
{
    const privacy_t *p = &st->privacy;
    if (!p->configured)
        return xstrdup("OFF: personal data (names, emails, phones, messages, questions) is stored UNENCRYPTED; "
                       "set a public key ([privacy] public_key, made by agmkiosk keygen)");
    if (!p->ok)
        return xasprintf("PROBLEM: %s; questions and sign-ups are refused until a valid public key is set",
                         p->problem ? p->problem : "?");
    char pretty[SEAL_ID_PRETTY + 1];
    seal_id_pretty(p->key.id, pretty);
    const char *plain = !st->seal_question_name && !st->seal_question_text ? " (questions stay plain: seal_questions = none)"
                        : !st->seal_question_name ? " (a question's name stays plain: seal_questions)"
                        : !st->seal_question_text ? " (a question's text stays plain: seal_questions)"
                                                  : "";
    return xasprintf("ON: new rows are sealed to the key %s (%s%s)%s", pretty, p->path,
                     p->installed ? ", installed on the admin screen" : "", plain);
}

void admin_status_free(admin_status_t *st)
{
    if (!st)
        return;
    free(st->kiosk_id);
    free(st->db_path);
    free(st->db_problem);
    free(st->data_dir);
    free(st->config_path);
    free(st->content_dir);
    privacy_free(&st->privacy);
    free(st->usage);
    memset(st, 0, sizeof *st);
}
