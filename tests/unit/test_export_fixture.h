/* test_export_fixture.h - shared by the export and merge tests: a database
 * with the store's schema, rows inserted with plain SQL (any kiosk id, seq
 * and time), and a CSV reader on libcsv. */
#ifndef AGM_TEST_EXPORT_FIXTURE_H
#define AGM_TEST_EXPORT_FIXTURE_H

#include "core/util.h"
#include "export/export.h"
#include "store/store.h"

#include <csv.h>
#include <dirent.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open (creating) a database with the store's own schema, recorded as made
 * by kiosk `kiosk` (the export's file names carry it), and return a plain
 * connection to it for inserting rows and looking. NULL on failure. */
static inline sqlite3 *fx_db_open_as(const char *path, const char *kiosk)
{
    char *err = NULL;
    store_t *s = store_open(path, kiosk, NULL, &err);
    if (!s) {
        fprintf(stderr, "fixture: %s\n", err);
        free(err);
        return NULL;
    }
    store_close(s);
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "fixture: %s\n", db ? sqlite3_errmsg(db) : "open");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static inline sqlite3 *fx_db_open(const char *path) { return fx_db_open_as(path, "k"); }

/* export_run() on the database db is connected to, through a store handle
 * of its own (opened and closed around the call). */
static inline bool fx_export_run(sqlite3 *db, const export_opts_t *o, export_result_t *r, char **err)
{
    store_opts_t so = {.skip_check = true};
    store_t *s = store_open_ex(sqlite3_db_filename(db, "main"), NULL, &so, NULL, err);
    if (!s) {
        memset(r, 0, sizeof *r);
        return false;
    }
    bool ok = export_run(s, o, r, err);
    store_close(s);
    return ok;
}

/* A UUID-shaped id from the kiosk and seq (deterministic, unique). */
static inline void fx_uuid(char out[37], const char *kiosk, long long seq)
{
    unsigned h = 2166136261u;
    for (const char *p = kiosk; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    /* 12 hex digits: masked so that -O2's format-truncation check can see it fits. */
    snprintf(out, 37, "%08x-0000-4000-8000-%012llx", h, (unsigned long long)seq & 0xffffffffffffULL);
}

static inline int fx_bind_all(sqlite3_stmt *st, const char *const *v, int n)
{
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
    return rc;
}

/* Insert a question; text fields as given (NULL = ""). True on success. */
static inline bool fx_add_question(sqlite3 *db, const char *kiosk, long long seq, const char *created,
                            const char *lang, const char *text, const char *name, const char *topic)
{
    char uuid[37], seqs[24];
    fx_uuid(uuid, kiosk, seq);
    snprintf(seqs, sizeof seqs, "%lld", seq);
    const char *v[] = {uuid, seqs, kiosk, created, lang, text, name ? name : "", topic ? topic : ""};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, name, topic)"
                                    " VALUES(?1, CAST(?2 AS INTEGER), ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = fx_bind_all(st, v, 8);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

static inline bool fx_add_signup(sqlite3 *db, const char *kiosk, long long seq, const char *created, const char *lang,
                          const char *name, const char *email, const char *phone, const char *interests,
                          const char *languages, const char *message)
{
    char uuid[37], seqs[24];
    fx_uuid(uuid, kiosk, seq);
    snprintf(seqs, sizeof seqs, "%lld", seq);
    const char *v[] = {uuid, seqs, kiosk, created, lang, name, email, phone ? phone : "",
                       interests ? interests : "", languages ? languages : "", message ? message : "", "consent-v1"};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO signups(uuid, seq, kiosk_id, created_at, lang, name, email, phone,"
                                    " interests, languages, message, consent_version)"
                                    " VALUES(?1, CAST(?2 AS INTEGER), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = fx_bind_all(st, v, 12);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

static inline long long fx_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- reading CSV back ------------------------------------------------- */

typedef struct {
    char **cell;    /* row-major, nrows * ncols */
    size_t nrows;   /* including the header */
    int ncols;      /* cells of the first row */
    bool ragged;    /* some row had another number of cells */
    bool had_bom;
    char *cur[64];
    int ncur;
    size_t cap;
} fx_table_t;

static inline void fx_cb_cell(void *s, size_t n, void *d)
{
    fx_table_t *t = d;
    if (t->ncur < 64)
        t->cur[t->ncur] = xstrndup(s ? s : "", s ? n : 0);
    t->ncur++;
}

static inline void fx_cb_row(int c, void *d)
{
    (void)c;
    fx_table_t *t = d;
    if (t->nrows == 0)
        t->ncols = t->ncur;
    if (t->ncur != t->ncols || t->ncur > 64) {
        t->ragged = true;
        for (int i = 0; i < t->ncur && i < 64; i++)
            free(t->cur[i]);
    } else {
        xgrow((void **)&t->cell, &t->cap, (t->nrows + 1) * (size_t)t->ncols, sizeof *t->cell);
        memcpy(t->cell + t->nrows * (size_t)t->ncols, t->cur, sizeof(char *) * (size_t)t->ncols);
        t->nrows++;
    }
    t->ncur = 0;
}

static inline int fx_no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static inline void fx_table_free(fx_table_t *t)
{
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* Parse a CSV file (strict). Returns false when unreadable or malformed. */
static inline bool fx_csv_read(const char *path, fx_table_t *t)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    char *text = file_read_all(path, &len);
    if (!text)
        return false;
    const char *s = text;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        t->had_bom = true;
        s += 3;
        len -= 3;
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&p, fx_no_space);
    bool ok = csv_parse(&p, s, len, fx_cb_cell, fx_cb_row, t) == len &&
              csv_fini(&p, fx_cb_cell, fx_cb_row, t) == 0 && !t->ragged;
    csv_free(&p);
    free(text);
    if (!ok)
        fx_table_free(t);
    return ok;
}

static inline const char *fx_at(const fx_table_t *t, size_t row, int col)
{
    return t->cell[row * (size_t)t->ncols + (size_t)col];
}

/* Number of entries in dir whose name contains needle (NULL = all but . ..). */
static inline int fx_count_files(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && (!needle || strstr(e->d_name, needle)))
            n++;
    if (d)
        closedir(d);
    return n;
}

#endif
