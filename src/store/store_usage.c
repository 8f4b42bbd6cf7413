/* store_usage.c - what attendees looked at, as counts summed per hour (see
 * store.h, "usage counts"). Constant SQL only; names are bound. */
#include "store.h"
#include "store_internal.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void store_usage_hour(int64_t t, char out[24])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, 24, "1970-01-01T00:00Z");
        return;
    }
    strftime(out, 24, "%Y-%m-%dT%H:00Z", &tm);
}

static bool hour_ok(const char *h)
{
    /* YYYY-MM-DDTHH:00Z */
    static const char pat[] = "dddd-dd-ddTdd:00Z";
    if (strlen(h) != sizeof pat - 1)
        return false;
    for (size_t i = 0; pat[i]; i++)
        if (pat[i] == 'd' ? !(h[i] >= '0' && h[i] <= '9') : h[i] != pat[i])
            return false;
    return true;
}

static bool kind_ok(const char *k)
{
    return strcmp(k, "visit") == 0 || strcmp(k, "screen") == 0 || strcmp(k, "section") == 0;
}

static bool row_ok(store_t *s, const store_usage_t *r)
{
    size_t nl = strnlen(r->name, sizeof r->name);
    if (!hour_ok(r->hour)) {
        store_set_err(s, "hour", "usage: hour '%.23s' is not YYYY-MM-DDTHH:00Z", r->hour);
        return false;
    }
    if (!kind_ok(r->kind)) {
        store_set_err(s, "kind", "usage: unknown kind '%.11s' (visit, screen or section)", r->kind);
        return false;
    }
    if (nl >= sizeof r->name || !utf8_valid(r->name, nl, NULL)) {
        store_set_err(s, "name", "usage: the name is longer than %d bytes or not UTF-8", STORE_USAGE_NAME_MAX - 1);
        return false;
    }
    if (r->opened < 0 || r->seconds < 0) {
        store_set_err(s, "opened", "usage: a negative count");
        return false;
    }
    return true;
}

store_rc_t store_usage_add(store_t *s, const store_usage_t *rows, size_t n)
{
    if (!s || !s->db)
        return STORE_IOERR;
    if (s->read_only) {
        store_set_err(s, NULL, "db: %s is read-only; usage counts are not saved", s->path);
        return STORE_READONLY;
    }
    for (size_t i = 0; i < n; i++)
        if (!row_ok(s, &rows[i]))
            return STORE_INVALID;
    if (n == 0)
        return STORE_OK;
    sqlite3_stmt *st = NULL;
    int rc = store_exec_script(s->db, "PRAGMA synchronous = NORMAL");
    bool in_tx = false;
    if (rc == SQLITE_OK)
        rc = store_exec_script(s->db, "BEGIN IMMEDIATE");
    in_tx = rc == SQLITE_OK;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO usage_counts(hour, kind, name, opened, spent_s) VALUES(?1, ?2, ?3, ?4, ?5)"
                                " ON CONFLICT(hour, kind, name) DO UPDATE SET opened = opened + excluded.opened,"
                                " spent_s = spent_s + excluded.spent_s",
                                -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        const store_usage_t *r = &rows[i];
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, r->hour, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, r->opened);
        sqlite3_bind_int64(st, 5, r->seconds);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        rc = store_exec_script(s->db, "COMMIT");
        in_tx = rc != SQLITE_OK;
    }
    store_rc_t ret = rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "saving usage counts");
    if (in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    /* every other write waits for the medium again */
    if (store_exec_script(s->db, "PRAGMA synchronous = FULL") != SQLITE_OK && ret == STORE_OK)
        ret = store_fail(s, sqlite3_errcode(s->db), "restoring synchronous=FULL");
    return ret;
}

store_rc_t store_usage_read(store_t *s, bool summed, store_usage_t **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (!s || !s->db)
        return STORE_IOERR;
    const char *sql = summed ? "SELECT '', kind, name, sum(opened), sum(spent_s) FROM usage_counts"
                               " GROUP BY kind, name ORDER BY kind = 'screen', kind = 'section', sum(opened) DESC,"
                               " sum(spent_s) DESC, name"
                             : "SELECT hour, kind, name, opened, spent_s FROM usage_counts"
                               " ORDER BY hour, kind = 'screen', kind = 'section', name";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        const char *m = sqlite3_errmsg(s->db);
        if (m && strstr(m, "no such table"))
            return STORE_OK; /* a database of an older schema, opened for reading */
        return store_fail(s, rc, "reading usage counts");
    }
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *rows = xrealloc(*rows, cap * sizeof **rows);
        }
        store_usage_t *r = &(*rows)[(*n)++];
        memset(r, 0, sizeof *r);
        const char *t;
        if ((t = (const char *)sqlite3_column_text(st, 0)))
            snprintf(r->hour, sizeof r->hour, "%s", t);
        if ((t = (const char *)sqlite3_column_text(st, 1)))
            snprintf(r->kind, sizeof r->kind, "%s", t);
        if ((t = (const char *)sqlite3_column_text(st, 2)))
            snprintf(r->name, sizeof r->name, "%s", t);
        r->opened = sqlite3_column_int64(st, 3);
        r->seconds = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return store_fail(s, rc, "reading usage counts");
    }
    return STORE_OK;
}
