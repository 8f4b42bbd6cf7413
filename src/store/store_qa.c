/* store_qa.c - live Q&A (see store.h): the questions whose asker opted in,
 * their moderation state (the status column), the question on the screen
 * now (meta 'qa_shown'), a cheap change counter for the slideshow, and
 * questions imported from other kiosks' exports. Every change is one
 * BEGIN IMMEDIATE ... COMMIT on the store's connection (synchronous=FULL). */
#include "store.h"
#include "store_internal.h"
#include "../core/textnorm.h"
#include "../core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[STORE_QA_STATES] = {"new", "approved", "hidden", "answered"};

const char *store_qa_state_name(store_qa_state_t st)
{
    return (unsigned)st < STORE_QA_STATES ? state_names[st] : "new";
}

bool store_qa_state_parse(const char *name, store_qa_state_t *out)
{
    for (int i = 0; name && i < STORE_QA_STATES; i++)
        if (strcmp(name, state_names[i]) == 0) {
            *out = (store_qa_state_t)i;
            return true;
        }
    return false;
}

static store_qa_state_t state_of(const unsigned char *t)
{
    store_qa_state_t st = STORE_QA_NEW;
    store_qa_state_parse((const char *)t, &st);
    return st;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The opted-in questions of both tables, without the name. */
#define QA_ROWS                                                                                    \
    "SELECT uuid, kiosk_id, created_at, lang, text, status, 0 AS imported, seq FROM questions"    \
    " WHERE may_show = 'yes'"                                                                      \
    " UNION ALL SELECT uuid, kiosk_id, created_at, lang, text, status, 1, seq FROM imported_questions"

void store_qa_list_free(store_qa_list_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        textnorm_free(l->v[i].text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

store_rc_t store_qa_list(store_t *s, unsigned mask, bool newest_first, store_qa_list_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !s->db)
        return STORE_IOERR;
    bool own_txn = !s->in_read && sqlite3_get_autocommit(s->db);
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_OK;
    if (own_txn && (rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK)
        goto fail;
    rc = sqlite3_prepare_v2(s->db,
                            newest_first ? QA_ROWS " ORDER BY created_at DESC, kiosk_id DESC, seq DESC"
                                         : QA_ROWS " ORDER BY created_at, kiosk_id, seq",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_qa_state_t stt = state_of(sqlite3_column_text(st, 5));
        out->count[stt]++;
        if (!(mask & STORE_QA_BIT(stt)))
            continue;
        xgrow((void **)&out->v, &cap, out->n + 1, sizeof *out->v);
        store_qa_item_t *it = &out->v[out->n++];
        memset(it, 0, sizeof *it);
        copy_col(it->uuid, sizeof it->uuid, st, 0);
        copy_col(it->kiosk_id, sizeof it->kiosk_id, st, 1);
        copy_col(it->created_at, sizeof it->created_at, st, 2);
        copy_col(it->lang, sizeof it->lang, st, 3);
        const unsigned char *t = sqlite3_column_text(st, 4);
        it->text = xstrdup(t ? (const char *)t : "");
        it->state = stt;
        it->imported = sqlite3_column_int(st, 6) != 0;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'qa_shown'", -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        copy_col(out->shown, sizeof out->shown, st, 0);
    else if (rc != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if (own_txn)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    for (size_t i = 0; i < out->n; i++)
        out->v[i].shown = out->shown[0] && strcmp(out->v[i].uuid, out->shown) == 0;
    return STORE_OK;
fail:;
    store_rc_t res = store_fail(s, rc, "could not read the questions for Q&A");
    sqlite3_finalize(st);
    if (own_txn && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    store_qa_list_free(out);
    return res;
}

/* Run sql with ?1 = a (text) and ?2 = b (text, may be NULL: not bound);
 * *changes receives the rows changed. */
static int run2(sqlite3 *db, const char *sql, const char *a, const char *b, int *changes)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && a)
        rc = sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK && b)
        rc = sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    if (changes)
        *changes = rc == SQLITE_OK ? sqlite3_changes(db) : 0;
    sqlite3_finalize(st);
    return rc;
}

/* count(*) of sql with ?1 = a; -1 on an error. */
static int count_of(sqlite3 *db, const char *sql, const char *a)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

store_rc_t store_qa_set(store_t *s, const char *uuid, store_qa_action_t a)
{
    if (!s || !s->db)
        return STORE_IOERR;
    if (s->read_only) {
        store_set_err(s, NULL, "db: the database is read-only");
        return STORE_READONLY;
    }
    if (a != STORE_QA_UNSHOW && (!uuid || !*uuid)) {
        store_set_err(s, NULL, "no question given");
        return STORE_INVALID;
    }
    const char *status = a == STORE_QA_HIDE ? "hidden" : a == STORE_QA_ANSWER ? "answered" : "approved";
    int rc, n = 0, m = 0;
    if ((rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
        goto fail;
    if (a != STORE_QA_UNSHOW) {
        int have = 0, have_imp = 0;
        have = count_of(s->db, "SELECT count(*) FROM questions WHERE uuid = ?1 AND may_show = 'yes'", uuid);
        have_imp = count_of(s->db, "SELECT count(*) FROM imported_questions WHERE uuid = ?1", uuid);
        if (have < 0 || have_imp < 0) {
            rc = SQLITE_IOERR;
            goto fail;
        }
        if (have + have_imp == 0) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            store_set_err(s, NULL, "no question %s may be shown", uuid);
            return STORE_INVALID;
        }
        if ((rc = run2(s->db, "UPDATE questions SET status = ?2 WHERE uuid = ?1 AND may_show = 'yes' AND status != ?2",
                       uuid, status, &n)) != SQLITE_OK ||
            (rc = run2(s->db, "UPDATE imported_questions SET status = ?2 WHERE uuid = ?1 AND status != ?2", uuid,
                       status, &m)) != SQLITE_OK)
            goto fail;
        if (n + m > 0) {
            /* the change, for the next export (store.h: moderation in the exports) */
            char id[37], now[32];
            if (!store_uuid4(id)) {
                rc = SQLITE_IOERR;
                goto fail;
            }
            now_utc_iso8601(now, sizeof now);
            sqlite3_stmt *st = NULL;
            rc = sqlite3_prepare_v2(s->db,
                                    "INSERT INTO moderation_log(uuid, kiosk_id, changed_at, question_uuid, status)"
                                    " VALUES(?1, ?2, ?3, ?4, ?5)",
                                    -1, &st, NULL);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, s->kiosk_id ? s->kiosk_id : "", -1, SQLITE_TRANSIENT);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 4, uuid, -1, SQLITE_TRANSIENT);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
            if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
                rc = SQLITE_OK;
            sqlite3_finalize(st);
            if (rc != SQLITE_OK)
                goto fail;
        }
    }
    if (a == STORE_QA_SHOW_NOW)
        rc = run2(s->db,
                  "INSERT INTO meta(key, value) VALUES('qa_shown', ?1) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  uuid, NULL, NULL);
    else if (a == STORE_QA_UNSHOW)
        rc = run2(s->db, "DELETE FROM meta WHERE key = 'qa_shown'", NULL, NULL, NULL);
    else if (a != STORE_QA_APPROVE)
        rc = run2(s->db, "DELETE FROM meta WHERE key = 'qa_shown' AND value = ?1", uuid, NULL, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    if ((rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        goto fail;
    s->errmsg[0] = '\0';
    return STORE_OK;
fail:;
    store_rc_t res = store_fail(s, rc, "could not save the moderation");
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return res;
}

uint64_t store_qa_version(store_t *s)
{
    if (!s || !s->db)
        return 0;
    int64_t dv = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        dv = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    /* data_version moves with other connections' commits, total_changes
     * with this one's */
    return ((uint64_t)dv << 32) ^ (uint64_t)sqlite3_total_changes64(s->db);
}

int64_t store_question_count(store_t *s)
{
    if (!s || !s->db)
        return -1;
    int64_t n = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM questions", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A field of an imported row cleaned by the store's one rule. NULL when it
 * is refused. */
static char *clean(const char *in, bool multiline, size_t max_chars, bool required)
{
    textnorm_t t;
    if (textnorm(in ? in : "", in ? strlen(in) : 0, multiline ? 0 : TEXTNORM_ONE_LINE, &t) != TEXTNORM_OK)
        return NULL;
    if ((required && t.len == 0) || t.chars > max_chars) {
        textnorm_free(t.text);
        return NULL;
    }
    return t.text;
}

store_rc_t store_qa_import(store_t *s, const store_qa_import_t *rows, size_t n, store_qa_import_result_t *res)
{
    store_qa_import_result_t r = {0};
    if (res)
        memset(res, 0, sizeof *res);
    if (!s || !s->db)
        return STORE_IOERR;
    if (s->read_only) {
        store_set_err(s, NULL, "db: the database is read-only");
        return STORE_READONLY;
    }
    char now[32];
    now_utc_iso8601(now, sizeof now);
    sqlite3_stmt *own = NULL, *have = NULL, *taken = NULL, *ins = NULL;
    int rc;
    if ((rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM questions WHERE uuid = ?1", -1, &own, NULL)) != SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM imported_questions WHERE uuid = ?1", -1, &have, NULL)) !=
            SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM imported_questions WHERE kiosk_id = ?1 AND seq = ?2", -1,
                                 &taken, NULL)) != SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db,
                                 "INSERT INTO imported_questions(uuid, kiosk_id, seq, created_at, lang, topic, text,"
                                 " status, imported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                 -1, &ins, NULL)) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const store_qa_import_t *q = &rows[i];
        if (!q->uuid || !*q->uuid || !q->kiosk_id || !*q->kiosk_id) {
            r.invalid++;
            continue;
        }
        sqlite3_bind_text(own, 1, q->uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(have, 1, q->uuid, -1, SQLITE_TRANSIENT);
        int a = sqlite3_step(own), b = sqlite3_step(have);
        sqlite3_reset(own);
        sqlite3_reset(have);
        if ((a != SQLITE_ROW && a != SQLITE_DONE) || (b != SQLITE_ROW && b != SQLITE_DONE)) {
            rc = a != SQLITE_ROW && a != SQLITE_DONE ? a : b;
            goto fail;
        }
        if (a == SQLITE_ROW) {
            r.own++;
            continue;
        }
        if (b == SQLITE_ROW) {
            r.duplicates++;
            continue;
        }
        sqlite3_bind_text(taken, 1, q->kiosk_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(taken, 2, q->seq);
        int c = sqlite3_step(taken);
        sqlite3_reset(taken);
        if (c == SQLITE_ROW) {
            r.conflicts++;
            continue;
        }
        if (c != SQLITE_DONE) {
            rc = c;
            goto fail;
        }
        char *text = clean(q->text, true, STORE_MAX_QUESTION_CHARS, true);
        char *lang = clean(q->lang, false, STORE_MAX_FIELD_CHARS, false);
        char *topic = clean(q->topic, false, STORE_MAX_FIELD_CHARS, false);
        char *kid = clean(q->kiosk_id, false, 64, true);
        store_qa_state_t stt = STORE_QA_NEW;
        store_qa_state_parse(q->status, &stt);
        if (!text || !lang || !topic || !kid) {
            r.invalid++;
        } else {
            sqlite3_bind_text(ins, 1, q->uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, kid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ins, 3, q->seq);
            sqlite3_bind_text(ins, 4, q->created_at ? q->created_at : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 5, lang, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 6, topic, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 7, text, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 8, store_qa_state_name(stt), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 9, now, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(ins);
            sqlite3_reset(ins);
            sqlite3_clear_bindings(ins);
            if (rc == SQLITE_DONE)
                r.added++;
        }
        textnorm_free(text);
        textnorm_free(lang);
        textnorm_free(topic);
        textnorm_free(kid);
        if (rc != SQLITE_DONE && rc != SQLITE_OK && rc != SQLITE_ROW)
            goto fail;
    }
    sqlite3_finalize(own);
    sqlite3_finalize(have);
    sqlite3_finalize(taken);
    sqlite3_finalize(ins);
    own = have = taken = ins = NULL;
    if ((rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        goto fail;
    if (res)
        *res = r;
    s->errmsg[0] = '\0';
    return STORE_OK;
fail:;
    store_rc_t out = store_fail(s, rc, "could not import the questions");
    sqlite3_finalize(own);
    sqlite3_finalize(have);
    sqlite3_finalize(taken);
    sqlite3_finalize(ins);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return out;
}
