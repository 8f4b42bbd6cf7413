/* store_meeting.c - the general meeting in the store (see store.h): the
 * attendance register and the resolutions' hand-counts. Every row goes
 * through store_add_record(), the one write path (cleaning, limits,
 * sealing of the personal fields, one durable transaction). Nothing is
 * updated or deleted: an undo and a correction are new rows. */
#include "store.h"
#include "store_internal.h"
#include "../core/textnorm.h"
#include "../core/util.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* One integer from sql with ?1 bound to a (may be NULL); -1 on failure. */
static int64_t count_where(store_t *s, const char *sql, const char *a, int *rc)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    *rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (*rc == SQLITE_OK && a)
        *rc = sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (*rc == SQLITE_OK) {
        *rc = sqlite3_step(st);
        if (*rc == SQLITE_ROW) {
            n = sqlite3_column_int64(st, 0);
            *rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return n;
}

/* Check-ins not undone. */
#define ACTIVE "kind <> 'undo' AND uuid NOT IN (SELECT undoes FROM attendance WHERE kind = 'undo')"

store_rc_t store_checkin(store_t *s, const store_checkin_in_t *in, store_receipt_t *out)
{
    if (out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    if (!s || !s->db)
        return STORE_IOERR;
    if (!in || (unsigned)in->kind >= MEET_KINDS) {
        store_set_err(s, "kind", "no kind of check-in given");
        return STORE_INVALID;
    }
    if (in->kind == MEET_PROXY && (!in->proxy_to || textnorm_blank(in->proxy_to, strlen(in->proxy_to)))) {
        store_set_err(s, "proxy_to", "a proxy needs the name of its holder");
        return STORE_INVALID;
    }
    if (!in->name || textnorm_blank(in->name, strlen(in->name))) {
        store_set_err(s, "name", "name is required");
        return STORE_INVALID;
    }
    if (in->member_id && *in->member_id) {
        int rc;
        int64_t n = count_where(s, "SELECT count(*) FROM attendance WHERE member_id = ?1 AND " ACTIVE,
                                in->member_id, &rc);
        if (rc != SQLITE_OK)
            return store_fail(s, rc, "could not read the attendance");
        if (n > 0) {
            store_set_err(s, "member_id", "member %s is checked in already (undo that check-in first)",
                          in->member_id);
            return STORE_INVALID;
        }
    }
    const store_record_t *r = store_record_of(s, STORE_ATTENDANCE);
    const char **v = xcalloc(r->nfields, sizeof *v);
    v[store_record_column(r, "kind")] = meet_kind_name(in->kind);
    v[store_record_column(r, "member_id")] = in->member_id;
    v[store_record_column(r, "name")] = in->name;
    v[store_record_column(r, "proxy_to")] = in->kind == MEET_PROXY ? in->proxy_to : "";
    store_rc_t rc = store_add_record(s, STORE_ATTENDANCE, v, out);
    free(v);
    return rc;
}

store_rc_t store_checkin_undo(store_t *s, const char *uuid, store_receipt_t *out)
{
    if (out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    if (!s || !s->db)
        return STORE_IOERR;
    int rc;
    int64_t n = count_where(s, "SELECT count(*) FROM attendance WHERE uuid = ?1 AND " ACTIVE, uuid ? uuid : "", &rc);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "could not read the attendance");
    if (n != 1) {
        store_set_err(s, "undoes", "no check-in %s to undo (unknown, or undone already)", uuid ? uuid : "");
        return STORE_INVALID;
    }
    const store_record_t *r = store_record_of(s, STORE_ATTENDANCE);
    const char **v = xcalloc(r->nfields, sizeof *v);
    v[store_record_column(r, "kind")] = "undo";
    v[store_record_column(r, "undoes")] = uuid;
    store_rc_t res = store_add_record(s, STORE_ATTENDANCE, v, out);
    free(v);
    return res;
}

void store_checkins_free(store_checkins_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        textnorm_free(l->v[i].name);
        textnorm_free(l->v[i].proxy_to);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Begin a read transaction unless one is open; true when this call began it. */
static bool read_begin(store_t *s, int *rc)
{
    bool own = !s->in_read && sqlite3_get_autocommit(s->db);
    *rc = own ? sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) : SQLITE_OK;
    return own && *rc == SQLITE_OK;
}

static void read_end(store_t *s, bool own)
{
    if (own && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

store_rc_t store_checkins(store_t *s, store_checkins_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !s->db)
        return STORE_IOERR;
    int rc;
    bool own = read_begin(s, &rc);
    sqlite3_stmt *st = NULL;
    if (rc != SQLITE_OK)
        goto fail;
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT uuid, seq, created_at, kind, member_id, name, proxy_to FROM attendance WHERE " ACTIVE
                            " ORDER BY seq DESC",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        meet_kind_t k;
        if (!meet_kind_parse((const char *)sqlite3_column_text(st, 3), &k))
            continue; /* a kind this program does not know: not counted */
        xgrow((void **)&out->v, &cap, out->n + 1, sizeof *out->v);
        store_checkin_t *c = &out->v[out->n++];
        memset(c, 0, sizeof *c);
        copy_col(c->uuid, sizeof c->uuid, st, 0);
        c->seq = sqlite3_column_int64(st, 1);
        copy_col(c->created_at, sizeof c->created_at, st, 2);
        c->kind = k;
        copy_col(c->member_id, sizeof c->member_id, st, 4);
        const unsigned char *t = sqlite3_column_text(st, 5);
        c->name = xstrdup(t ? (const char *)t : "");
        t = sqlite3_column_text(st, 6);
        c->proxy_to = xstrdup(t ? (const char *)t : "");
        out->counts.n[k]++;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    out->undone = count_where(s, "SELECT count(*) FROM attendance WHERE kind = 'undo'", NULL, &rc);
    if (rc != SQLITE_OK)
        goto fail;
    read_end(s, own);
    return STORE_OK;
fail:;
    store_rc_t res = store_fail(s, rc, "could not read the attendance");
    sqlite3_finalize(st);
    if (own && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    store_checkins_free(out);
    return res;
}

store_rc_t store_attendance_counts(store_t *s, meet_attendance_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !s->db)
        return STORE_IOERR;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT kind, count(*) FROM attendance WHERE " ACTIVE " GROUP BY kind", -1,
                                &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        meet_kind_t k;
        if (meet_kind_parse((const char *)sqlite3_column_text(st, 0), &k))
            out->n[k] = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        memset(out, 0, sizeof *out);
        return store_fail(s, rc, "could not count the attendance");
    }
    return STORE_OK;
}

#define VOTE_MAX 1000000000LL

store_rc_t store_vote_add(store_t *s, const store_vote_in_t *in, store_receipt_t *out)
{
    if (out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    if (!s || !s->db)
        return STORE_IOERR;
    if (!in || !in->resolution || (unsigned)in->majority >= MEET_MAJORITIES) {
        store_set_err(s, "resolution", "no resolution given");
        return STORE_INVALID;
    }
    const int64_t nums[4] = {in->votes_for, in->against, in->abstain, in->attending};
    static const char *const names[4] = {"votes_for", "votes_against", "votes_abstain", "attending"};
    for (int i = 0; i < 4; i++)
        if (nums[i] < 0 || nums[i] > VOTE_MAX) {
            store_set_err(s, names[i], "%s must be a number from 0 to %lld", names[i], VOTE_MAX);
            return STORE_INVALID;
        }
    meet_result_t res;
    meet_decide(in->majority, in->votes_for, in->against, in->abstain, in->attending, in->quorum, &res);
    char buf[4][24];
    for (int i = 0; i < 4; i++)
        snprintf(buf[i], sizeof buf[i], "%" PRId64, nums[i]);
    const store_record_t *r = store_record_of(s, STORE_VOTES);
    const char **v = xcalloc(r->nfields, sizeof *v);
    v[store_record_column(r, "resolution")] = in->resolution;
    v[store_record_column(r, "majority")] = meet_majority_name(in->majority);
    for (int i = 0; i < 4; i++)
        v[store_record_column(r, names[i])] = buf[i];
    v[store_record_column(r, "quorum")] = in->quorum ? "met" : "not_met";
    v[store_record_column(r, "result")] = meet_outcome_name(res.outcome);
    store_rc_t rc = store_add_record(s, STORE_VOTES, v, out);
    free(v);
    return rc;
}

void store_votes_free(store_votes_t *l)
{
    if (!l)
        return;
    free(l->v);
    memset(l, 0, sizeof *l);
}

store_rc_t store_votes(store_t *s, store_votes_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !s->db)
        return STORE_IOERR;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT uuid, seq, created_at, resolution, majority, votes_for, votes_against,"
                                " votes_abstain, attending, quorum, result FROM votes ORDER BY seq",
                                -1, &st, NULL);
    size_t cap = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        xgrow((void **)&out->v, &cap, out->n + 1, sizeof *out->v);
        store_vote_t *e = &out->v[out->n++];
        memset(e, 0, sizeof *e);
        copy_col(e->uuid, sizeof e->uuid, st, 0);
        e->seq = sqlite3_column_int64(st, 1);
        copy_col(e->created_at, sizeof e->created_at, st, 2);
        copy_col(e->resolution, sizeof e->resolution, st, 3);
        meet_majority_parse((const char *)sqlite3_column_text(st, 4), &e->majority);
        e->votes_for = sqlite3_column_int64(st, 5);
        e->against = sqlite3_column_int64(st, 6);
        e->abstain = sqlite3_column_int64(st, 7);
        e->attending = sqlite3_column_int64(st, 8);
        const unsigned char *q = sqlite3_column_text(st, 9), *res = sqlite3_column_text(st, 10);
        e->quorum = q && strcmp((const char *)q, "met") == 0;
        e->outcome = res && strcmp((const char *)res, "passed") == 0     ? MEET_PASSED
                     : res && strcmp((const char *)res, "rejected") == 0 ? MEET_REJECTED
                                                                         : MEET_NO_QUORUM;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_votes_free(out);
        return store_fail(s, rc, "could not read the hand-counts");
    }
    return STORE_OK;
}

const store_vote_t *store_votes_latest(const store_votes_t *l, const char *resolution, size_t *entries)
{
    const store_vote_t *last = NULL;
    size_t n = 0;
    for (size_t i = 0; l && resolution && i < l->n; i++)
        if (strcmp(l->v[i].resolution, resolution) == 0) {
            last = &l->v[i];
            n++;
        }
    if (entries)
        *entries = n;
    return last;
}

uint64_t store_data_version(store_t *s) { return store_qa_version(s); }

store_rc_t store_question_tally(store_t *s, int64_t *received, int64_t *answered)
{
    *received = *answered = 0;
    if (!s || !s->db)
        return STORE_IOERR;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT count(*), count(*) FILTER (WHERE status = 'answered') FROM"
                                " (SELECT status FROM questions UNION ALL SELECT status FROM imported_questions)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *received = sqlite3_column_int64(st, 0);
        *answered = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc, "could not count the questions");
}
