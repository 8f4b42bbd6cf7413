/* usage.c - counts of what attendees look at, held in memory until their
 * hour is over (see usage.h). */
#include "usage.h"
#include "../core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOUR_MS 3600000LL

typedef struct {
    int64_t hour;   /* ms / HOUR_MS */
    char kind[12];
    char name[STORE_USAGE_NAME_MAX];
    int64_t opened, ms;
} cell_t;

typedef struct {
    bool on;
    char name[STORE_USAGE_NAME_MAX];
    int64_t t0;
} span_t;

struct usage {
    cell_t *v;
    size_t n, cap;
    span_t visit, screen, section;
};

static int64_t hour_of(int64_t t) { return t >= 0 ? t / HOUR_MS : (t - HOUR_MS + 1) / HOUR_MS; }

/* name cut to fit, at a UTF-8 character boundary */
static void copy_name(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= STORE_USAGE_NAME_MAX) {
        n = STORE_USAGE_NAME_MAX - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static cell_t *cell(usage_t *u, int64_t hour, const char *kind, const char *name)
{
    char nm[STORE_USAGE_NAME_MAX];
    copy_name(nm, name);
    for (size_t i = 0; i < u->n; i++)
        if (u->v[i].hour == hour && strcmp(u->v[i].kind, kind) == 0 && strcmp(u->v[i].name, nm) == 0)
            return &u->v[i];
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 16;
        u->v = xrealloc(u->v, u->cap * sizeof *u->v);
    }
    cell_t *c = &u->v[u->n++];
    memset(c, 0, sizeof *c);
    c->hour = hour;
    snprintf(c->kind, sizeof c->kind, "%s", kind);
    memcpy(c->name, nm, sizeof nm);
    return c;
}

/* Time [t0, t1) spent in kind/name, split at the hours. */
static void credit(usage_t *u, const char *kind, const char *name, int64_t t0, int64_t t1)
{
    while (t0 < t1) {
        int64_t h = hour_of(t0), end = AGM_MIN(t1, (h + 1) * HOUR_MS);
        cell(u, h, kind, name)->ms += end - t0;
        t0 = end;
    }
}

/* Count the running intervals up to t; they go on from t. */
static void settle(usage_t *u, int64_t t)
{
    span_t *sp[3] = {&u->visit, &u->screen, &u->section};
    static const char *const kinds[3] = {"visit", "screen", "section"};
    for (int i = 0; i < 3; i++) {
        if (!sp[i]->on || sp[i]->t0 >= t)
            continue;
        credit(u, kinds[i], i == 0 ? "" : sp[i]->name, sp[i]->t0, t);
        sp[i]->t0 = t;
    }
}

static void span_close(usage_t *u, span_t *s, const char *kind, int64_t t)
{
    if (!s->on)
        return;
    credit(u, kind, s->name, s->t0, t);
    s->on = false;
}

static void span_open(usage_t *u, span_t *s, const char *kind, const char *name, int64_t t)
{
    s->on = true;
    copy_name(s->name, name);
    s->t0 = t;
    cell(u, hour_of(t), kind, s->name)->opened++;
}

usage_t *usage_create(void) { return xcalloc(1, sizeof(usage_t)); }

void usage_destroy(usage_t *u)
{
    if (!u)
        return;
    free(u->v);
    free(u);
}

void usage_visit_begin(usage_t *u, int64_t t)
{
    if (!u || u->visit.on)
        return;
    span_open(u, &u->visit, "visit", "", t);
}

void usage_visit_end(usage_t *u, int64_t t)
{
    if (!u || !u->visit.on)
        return;
    usage_screen(u, NULL, t);
    span_close(u, &u->visit, "visit", t);
}

bool usage_in_visit(const usage_t *u) { return u && u->visit.on; }

void usage_section(usage_t *u, const char *id, int64_t t)
{
    if (!u)
        return;
    span_close(u, &u->section, "section", t);
    if (id && *id)
        span_open(u, &u->section, "section", id, t);
}

void usage_screen(usage_t *u, const char *name, int64_t t)
{
    if (!u)
        return;
    usage_section(u, NULL, t);
    span_close(u, &u->screen, "screen", t);
    if (name && *name)
        span_open(u, &u->screen, "screen", name, t);
}

bool usage_due(const usage_t *u, int64_t t)
{
    if (!u)
        return false;
    int64_t h = hour_of(t);
    for (size_t i = 0; i < u->n; i++)
        if (u->v[i].hour < h)
            return true;
    return (u->visit.on && hour_of(u->visit.t0) < h) || (u->screen.on && hour_of(u->screen.t0) < h)
        || (u->section.on && hour_of(u->section.t0) < h);
}

static void fill_row(store_usage_t *r, const cell_t *c)
{
    memset(r, 0, sizeof *r);
    store_usage_hour(c->hour * 3600, r->hour);
    snprintf(r->kind, sizeof r->kind, "%s", c->kind);
    memcpy(r->name, c->name, sizeof r->name);
    r->opened = c->opened;
    r->seconds = (c->ms + 500) / 1000;
}

size_t usage_take(usage_t *u, int64_t t, bool all, store_usage_t **rows)
{
    *rows = NULL;
    if (!u)
        return 0;
    int64_t h = hour_of(t);
    settle(u, all ? t : h * HOUR_MS);
    size_t n = 0, keep = 0;
    for (size_t i = 0; i < u->n; i++) {
        if (all || u->v[i].hour < h) {
            *rows = xrealloc(*rows, (n + 1) * sizeof **rows);
            fill_row(&(*rows)[n++], &u->v[i]);
        } else {
            u->v[keep++] = u->v[i];
        }
    }
    u->n = keep;
    return n;
}

void usage_give_back(usage_t *u, const store_usage_t *rows, size_t n)
{
    for (size_t i = 0; u && i < n; i++) {
        struct tm tm = {0};
        if (sscanf(rows[i].hour, "%d-%d-%dT%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour) != 4)
            continue;
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        int64_t hour = (int64_t)timegm(&tm) / 3600;
        cell_t *c = cell(u, hour, rows[i].kind, rows[i].name);
        c->opened += rows[i].opened;
        c->ms += rows[i].seconds * 1000;
    }
}

void usage_forget(usage_t *u, int64_t t)
{
    if (!u)
        return;
    u->n = 0;
    u->visit.t0 = u->screen.t0 = u->section.t0 = t;
}

static int kind_rank(const char *k) { return strcmp(k, "visit") == 0 ? 0 : strcmp(k, "screen") == 0 ? 1 : 2; }

static int summary_cmp(const void *pa, const void *pb)
{
    const store_usage_t *a = pa, *b = pb;
    int ka = kind_rank(a->kind), kb = kind_rank(b->kind);
    if (ka != kb)
        return ka - kb;
    if (a->opened != b->opened)
        return a->opened > b->opened ? -1 : 1;
    if (a->seconds != b->seconds)
        return a->seconds > b->seconds ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void summary_add(store_usage_t **out, size_t *n, const char *kind, const char *name, int64_t opened,
                        int64_t ms)
{
    for (size_t i = 0; i < *n; i++) {
        store_usage_t *r = &(*out)[i];
        if (strcmp(r->kind, kind) == 0 && strcmp(r->name, name) == 0) {
            r->opened += opened;
            r->seconds += (ms + 500) / 1000;
            return;
        }
    }
    *out = xrealloc(*out, (*n + 1) * sizeof **out);
    store_usage_t *r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    copy_name(r->name, name);
    r->opened = opened;
    r->seconds = (ms + 500) / 1000;
}

size_t usage_summary(const usage_t *u, int64_t t, const store_usage_t *stored, size_t n, store_usage_t **out)
{
    *out = NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        summary_add(out, &m, stored[i].kind, stored[i].name, stored[i].opened, stored[i].seconds * 1000);
    if (u) {
        for (size_t i = 0; i < u->n; i++)
            summary_add(out, &m, u->v[i].kind, u->v[i].name, u->v[i].opened, u->v[i].ms);
        const span_t *sp[3] = {&u->visit, &u->screen, &u->section};
        static const char *const kinds[3] = {"visit", "screen", "section"};
        for (int i = 0; i < 3; i++)
            if (sp[i]->on && sp[i]->t0 < t)
                summary_add(out, &m, kinds[i], i == 0 ? "" : sp[i]->name, 0, t - sp[i]->t0);
    }
    if (m > 1)
        qsort(*out, m, sizeof **out, summary_cmp);
    return m;
}
