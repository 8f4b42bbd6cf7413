/* store_batch.c - the store's side of exporting (see store.h): reading rows
 * in CSV order, the exporter's lock, and the life of an export batch.
 *
 * A batch is claimed (number, rows and file names recorded, PENDING) in one
 * transaction before any file is written, so two exports can never pick
 * the same number or rows, and a run killed at any point leaves a record
 * that says which rows and which file names it was writing. The exporter
 * then finishes it (DONE, verified) once the files were read back, or
 * releases it (FAILED: rows unexported again, the number never reused). */
#include "store.h"
#include "store_internal.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* ---- reading rows --------------------------------------------------------- */

struct store_rows {
    store_t *s;
    sqlite3_stmt *st;
    size_t ncols;
    int rc;
};

store_rc_t store_read_begin(store_t *s)
{
    if (!s || !s->db)
        return STORE_IOERR;
    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot start reading");
    s->in_read = true;
    return STORE_OK;
}

void store_read_end(store_t *s)
{
    if (s && s->in_read) {
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (!sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->in_read = false;
    }
}

/* Rows of r's table: batch > 0 its rows, else all; asof >= 0: a question's
 * status as of moderation change asof (the latest change up to it, else
 * "new"). */
static store_rows_t *rows_open(store_t *s, const store_record_t *r, int64_t batch, int64_t asof)
{
    /* constant column and table names from the description, never user text */
    strbuf_t sql = {0};
    sb_printf(&sql, "SELECT ");
    for (size_t i = 0; i < r->nfields; i++) {
        if (asof >= 0 && strcmp(r->fields[i].column, "status") == 0)
            sb_printf(&sql, "%sCOALESCE((SELECT m.status FROM moderation_log m WHERE m.question_uuid = %s.uuid"
                            " AND m.seq <= ?2 ORDER BY m.seq DESC LIMIT 1), 'new')",
                      i ? ", " : "", r->table);
        else
            sb_printf(&sql, "%s%s", i ? ", " : "", r->fields[i].column);
    }
    sb_printf(&sql, " FROM %s%s ORDER BY seq", r->table, batch > 0 ? " WHERE export_batch = ?1" : "");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql.s, -1, &st, NULL);
    sb_free(&sql);
    if (rc == SQLITE_OK && batch > 0)
        rc = sqlite3_bind_int64(st, 1, batch);
    if (rc == SQLITE_OK && asof >= 0)
        rc = sqlite3_bind_int64(st, 2, asof);
    if (rc != SQLITE_OK) {
        store_fail(s, rc, "cannot read the rows");
        sqlite3_finalize(st);
        return NULL;
    }
    store_rows_t *rows = xcalloc(1, sizeof *rows);
    rows->s = s;
    rows->st = st;
    rows->ncols = r->nfields;
    return rows;
}

store_rows_t *store_rows_open(store_t *s, store_kind_t k, int64_t batch)
{
    const store_record_t *r = store_record_of(s, k);
    if (!s || !s->db || !r)
        return NULL;
    int64_t asof = -1;
    if (k == STORE_QUESTIONS && batch > 0 && store_record_column(r, "status") >= 0) {
        /* the state the batch's claim saw: its files are the same bytes
         * whenever they are written */
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(s->db, "SELECT max_mod_seq FROM export_batches WHERE id = ?1", -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_int64(st, 1, batch);
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (sqlite3_column_type(st, 0) != SQLITE_NULL)
                asof = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_OK) {
            store_fail(s, rc, "cannot read the export batch");
            return NULL;
        }
    }
    return rows_open(s, r, batch, asof);
}

store_rows_t *store_mod_rows_open(store_t *s, int64_t batch)
{
    if (!s || !s->db)
        return NULL;
    return rows_open(s, store_moderation_record(), batch, -1);
}

store_rc_t store_mod_counts(store_t *s, int64_t *unexported, int64_t *total)
{
    *unexported = *total = 0;
    if (!s || !s->db)
        return STORE_IOERR;
    sqlite3_stmt *st = NULL;
    /* a database of an older schema opened on read-only storage has none */
    int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'moderation_log'",
                                -1, &st, NULL);
    bool have = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot count the moderation changes");
    if (!have)
        return STORE_OK;
    rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FILTER (WHERE export_batch IS NULL), count(*) FROM moderation_log",
                            -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *unexported = sqlite3_column_int64(st, 0);
        *total = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "cannot count the moderation changes");
}

bool store_rows_next(store_rows_t *r)
{
    if (!r || r->rc != SQLITE_OK)
        return false;
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW)
        return true;
    r->rc = rc == SQLITE_DONE ? SQLITE_DONE : rc;
    return false;
}

const char *store_rows_cell(store_rows_t *r, size_t i, size_t *len)
{
    const char *t = i < r->ncols ? (const char *)sqlite3_column_text(r->st, (int)i) : NULL;
    if (len)
        *len = t ? (size_t)sqlite3_column_bytes(r->st, (int)i) : 0;
    return t ? t : "";
}

store_rc_t store_rows_close(store_rows_t *r)
{
    if (!r)
        return STORE_IOERR;
    store_rc_t res = STORE_OK;
    if (r->rc != SQLITE_DONE)
        res = store_fail(r->s, r->rc == SQLITE_OK ? SQLITE_ERROR : r->rc, "cannot read the rows");
    sqlite3_finalize(r->st);
    free(r);
    return res;
}

/* ---- the exporter's lock ---------------------------------------------------- */

struct store_lock {
    int fd;
};

store_rc_t store_export_lock(store_t *s, store_lock_t **out)
{
    *out = NULL;
    if (!s || !s->path)
        return STORE_IOERR;
    char *path = xasprintf("%s.export-lock", s->path);
    /* O_NOFOLLOW: a link planted there must not be followed */
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        store_set_err(s, NULL, "db: cannot create the export lock %s: %s", path, strerror(e));
        free(path);
        return e == EROFS || e == EACCES || e == EPERM ? STORE_READONLY : e == ENOSPC ? STORE_FULL : STORE_IOERR;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK) {
            store_set_err(s, NULL, "another export is running; try again when it has finished");
            free(path);
            return STORE_BUSY;
        }
        store_set_err(s, NULL, "db: cannot lock %s: %s", path, strerror(e));
        free(path);
        return STORE_IOERR;
    }
    free(path);
    *out = xcalloc(1, sizeof **out);
    (*out)->fd = fd;
    return STORE_OK;
}

void store_export_unlock(store_lock_t *l)
{
    if (!l)
        return;
    close(l->fd); /* releases the flock */
    free(l);
}

/* ---- batches ------------------------------------------------------------------ */

static const char batch_cols[] =
    "id, state, created_at, max_seq, questions, signups, flags, verified, covered_all, files, moderation,"
    " max_mod_seq";

static store_batch_state_t state_of(const char *t)
{
    if (t && strcmp(t, "pending") == 0)
        return STORE_BATCH_PENDING;
    if (t && strcmp(t, "failed") == 0)
        return STORE_BATCH_FAILED;
    return STORE_BATCH_DONE;
}

static void read_batch(sqlite3_stmt *st, store_batch_t *b)
{
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    b->state = state_of((const char *)sqlite3_column_text(st, 1));
    const char *t = (const char *)sqlite3_column_text(st, 2);
    snprintf(b->created_at, sizeof b->created_at, "%s", t ? t : "");
    b->max_seq = sqlite3_column_int64(st, 3);
    b->questions = sqlite3_column_int64(st, 4);
    b->signups = sqlite3_column_int64(st, 5);
    b->flags = (unsigned)sqlite3_column_int(st, 6);
    b->verified = sqlite3_column_int(st, 7) != 0;
    b->covered_all = sqlite3_column_int(st, 8) != 0;
    /* "questions-file;signups-file[;moderation-file]" */
    t = (const char *)sqlite3_column_text(st, 9);
    for (int k = 0; k < 3 && t && *t; k++) {
        const char *semi = strchr(t, ';');
        size_t n = semi ? (size_t)(semi - t) : strlen(t);
        snprintf(b->files[k], sizeof b->files[k], "%.*s", (int)n, t);
        t = semi ? semi + 1 : NULL;
    }
    b->moderation = sqlite3_column_int64(st, 10);
    b->max_mod_seq = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 11);
}

/* Run sql (binding ?1 to a1 when a1 >= 0) and read at most one batch. */
static store_rc_t one_batch(store_t *s, const char *where, int64_t a1, store_batch_t *out, bool *found)
{
    *found = false;
    char *sql = xasprintf("SELECT %s FROM export_batches %s", batch_cols, where);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    free(sql);
    if (rc == SQLITE_OK && a1 >= 0)
        rc = sqlite3_bind_int64(st, 1, a1);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            read_batch(st, out);
            *found = true;
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "cannot read the export batches");
}

store_rc_t store_batch_unfinished(store_t *s, store_batch_t *out, bool *found)
{
    if (!s || !s->db)
        return STORE_IOERR;
    return one_batch(s, "WHERE state = 'pending' ORDER BY id LIMIT 1", -1, out, found);
}

store_rc_t store_batch_get(store_t *s, int64_t id, store_batch_t *out, bool *found)
{
    if (!s || !s->db)
        return STORE_IOERR;
    return one_batch(s, "WHERE id = ?1", id < 0 ? 0 : id, out, found);
}

/* Prepare sql, bind ?1..?n to the int64 values, step it; *changes (may be
 * NULL) gets the rows changed and *val (may be NULL) column 0 of a returned
 * row (-1 for none or NULL). */
static int run(store_t *s, const char *sql, const int64_t *v, int n, int64_t *changes, int64_t *val)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = sqlite3_bind_int64(st, i + 1, v[i]);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (val)
                *val = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            if (val)
                *val = -1;
            rc = SQLITE_OK;
        }
    }
    if (rc == SQLITE_OK && changes)
        *changes = sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return rc;
}

static int begin_write(store_t *s) { return sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL); }

/* COMMIT, or ROLLBACK after a failure; returns the first failure. */
static int end_write(store_t *s, int rc)
{
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

store_rc_t store_batch_claim(store_t *s, const char *created_at, unsigned flags, store_batch_namer_t namer,
                             void *ctx, store_batch_t *out, bool *nothing_new)
{
    memset(out, 0, sizeof *out);
    *nothing_new = false;
    if (!s || !s->db)
        return STORE_IOERR;
    int rc = begin_write(s);
    int64_t max_seq = -1, id = -1, max_mod = -1, new_mod = 0;
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT MAX(m) FROM (SELECT MAX(seq) AS m FROM questions WHERE export_batch IS NULL"
                    " UNION ALL SELECT MAX(seq) FROM signups WHERE export_batch IS NULL)",
                 NULL, 0, NULL, &max_seq);
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT COALESCE(MAX(seq), 0) FROM moderation_log", NULL, 0, NULL, &max_mod);
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT count(*) FROM moderation_log WHERE export_batch IS NULL", NULL, 0, NULL, &new_mod);
    if (rc == SQLITE_OK && max_seq < 0 && new_mod <= 0) {
        *nothing_new = true;
        end_write(s, SQLITE_OK);
        return STORE_OK;
    }
    /* every number ever recorded counts, failed ones too: never reused */
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM export_batches", NULL, 0, NULL, &id);
    if (rc == SQLITE_OK) {
        if (max_seq < 0)
            max_seq = 0; /* only moderation changes: no row */
        out->id = id;
        out->state = STORE_BATCH_PENDING;
        out->max_seq = max_seq;
        out->max_mod_seq = max_mod;
        out->flags = flags;
        snprintf(out->created_at, sizeof out->created_at, "%s", created_at);
        namer(out, ctx);
        if (new_mod <= 0)
            out->files[2][0] = '\0';
        if (!out->files[0][0] || !out->files[1][0] || (new_mod > 0 && !out->files[2][0]) ||
            strchr(out->files[0], ';') || strchr(out->files[1], ';')) {
            end_write(s, SQLITE_ERROR);
            store_set_err(s, NULL, "db: no usable file names for batch %lld", (long long)id);
            return STORE_INVALID;
        }
        char *files = out->files[2][0] ? xasprintf("%s;%s;%s", out->files[0], out->files[1], out->files[2])
                                       : xasprintf("%s;%s", out->files[0], out->files[1]);
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO export_batches(id, created_at, questions, signups, files, covered_all,"
                                " state, verified, max_seq, flags, max_mod_seq)"
                                " VALUES(?1, ?2, 0, 0, ?3, 0, 'pending', 0, ?4, ?5, ?6)",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 1, id);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, created_at, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 3, files, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 4, max_seq);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 5, flags);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 6, max_mod);
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
            rc = SQLITE_OK;
        sqlite3_finalize(st);
        free(files);
    }
    int64_t nq = 0, ns = 0, nm = 0;
    int64_t v[2] = {id, max_seq}, vm[2] = {id, max_mod};
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE questions SET export_batch = ?1 WHERE export_batch IS NULL AND seq <= ?2", v, 2, &nq, NULL);
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE signups SET export_batch = ?1 WHERE export_batch IS NULL AND seq <= ?2", v, 2, &ns, NULL);
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE moderation_log SET export_batch = ?1 WHERE export_batch IS NULL AND seq <= ?2", vm, 2,
                 &nm, NULL);
    if (rc == SQLITE_OK) {
        int64_t c[4] = {id, nq, ns, nm};
        rc = run(s, "UPDATE export_batches SET questions = ?2, signups = ?3, moderation = ?4 WHERE id = ?1", c, 4,
                 NULL, NULL);
    }
    rc = end_write(s, rc);
    if (rc != SQLITE_OK) {
        memset(out, 0, sizeof *out);
        return store_fail(s, rc, "cannot claim the next export batch");
    }
    out->questions = nq;
    out->signups = ns;
    out->moderation = nm;
    return STORE_OK;
}

store_rc_t store_batch_finish(store_t *s, int64_t id, int64_t questions, int64_t signups, bool *covered_all)
{
    if (covered_all)
        *covered_all = false;
    if (!s || !s->db)
        return STORE_IOERR;
    int rc = begin_write(s);
    int64_t nq = -1, ns = -1, covered = 0;
    int64_t v[1] = {id};
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT count(*) FROM questions WHERE export_batch = ?1", v, 1, NULL, &nq);
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT count(*) FROM signups WHERE export_batch = ?1", v, 1, NULL, &ns);
    if (rc == SQLITE_OK && (nq != questions || ns != signups)) {
        end_write(s, SQLITE_ERROR);
        store_set_err(s, NULL,
                      "db: batch %lld holds %lld questions and %lld sign-ups, but %lld and %lld were written; "
                      "it stays unfinished",
                      (long long)id, (long long)nq, (long long)ns, (long long)questions, (long long)signups);
        return STORE_INVALID;
    }
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT NOT EXISTS(SELECT 1 FROM questions WHERE export_batch IS NULL)"
                    " AND NOT EXISTS(SELECT 1 FROM signups WHERE export_batch IS NULL)"
                    " AND NOT EXISTS(SELECT 1 FROM moderation_log WHERE export_batch IS NULL)",
                 NULL, 0, NULL, &covered);
    int64_t changed = 0;
    if (rc == SQLITE_OK) {
        int64_t u[4] = {id, questions, signups, covered};
        rc = run(s, "UPDATE export_batches SET state = 'done', verified = 1, questions = ?2, signups = ?3,"
                    " covered_all = ?4 WHERE id = ?1 AND state = 'pending'",
                 u, 4, &changed, NULL);
    }
    if (rc == SQLITE_OK && changed != 1) {
        end_write(s, SQLITE_ERROR);
        store_set_err(s, NULL, "db: batch %lld is not an unfinished batch", (long long)id);
        return STORE_INVALID;
    }
    rc = end_write(s, rc);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot record the finished export batch");
    if (covered_all)
        *covered_all = covered != 0;
    return STORE_OK;
}

store_rc_t store_batch_release(store_t *s, int64_t id, bool forget)
{
    if (!s || !s->db)
        return STORE_IOERR;
    int64_t v[1] = {id}, pending = 0;
    int rc = begin_write(s);
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT count(*) FROM export_batches WHERE id = ?1 AND state = 'pending'", v, 1, NULL, &pending);
    if (rc == SQLITE_OK && pending != 1) {
        end_write(s, SQLITE_ERROR);
        store_set_err(s, NULL, "db: batch %lld is not an unfinished batch", (long long)id);
        return STORE_INVALID;
    }
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE questions SET export_batch = NULL WHERE export_batch = ?1", v, 1, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE signups SET export_batch = NULL WHERE export_batch = ?1", v, 1, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = run(s, "UPDATE moderation_log SET export_batch = NULL WHERE export_batch = ?1", v, 1, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = run(s, forget ? "DELETE FROM export_batches WHERE id = ?1 AND state = 'pending'"
                           : "UPDATE export_batches SET state = 'failed', questions = 0, signups = 0, moderation = 0"
                             " WHERE id = ?1 AND state = 'pending'",
                 v, 1, NULL, NULL);
    rc = end_write(s, rc);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "cannot give the rows of a failed export back");
}

store_rc_t store_batch_set_verified(store_t *s, int64_t id)
{
    if (!s || !s->db)
        return STORE_IOERR;
    int64_t v[1] = {id};
    int rc = run(s, "UPDATE export_batches SET verified = 1 WHERE id = ?1 AND state = 'done'", v, 1, NULL, NULL);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "cannot record that the batch was read back");
}

store_rc_t store_batch_rows_now(store_t *s, int64_t id, int64_t *questions, int64_t *signups)
{
    if (!s || !s->db)
        return STORE_IOERR;
    int rc = run(s, "SELECT count(*) FROM questions WHERE export_batch = ?1", &id, 1, NULL, questions);
    if (rc == SQLITE_OK)
        rc = run(s, "SELECT count(*) FROM signups WHERE export_batch = ?1", &id, 1, NULL, signups);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "cannot count the rows of a batch");
}
