/* store_write.c - the one write path of the store (see store.h): each
 * record kind's INSERT built from its description, every field cleaned by
 * the one rule of core/textnorm.h and checked against its flags and limit,
 * then one BEGIN IMMEDIATE ... COMMIT with the seq taken inside it. */
#include "store.h"
#include "store_internal.h"
#include "../core/log.h"
#include "../core/textnorm.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <errno.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/statvfs.h>

/* ---- validation -------------------------------------------------------- */

void store_set_err(store_t *s, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    s->errfield = field ? field : "";
}

/* Check one field against its rule and return a cleaned copy (caller frees
 * with free_clean), cleaned by the one rule of core/textnorm.h: CR and CRLF
 * become LF (or a space on one-line fields), white space at both ends goes
 * (ASCII and U+3000). Invalid UTF-8 and forbidden control characters are
 * refused rather than silently dropped, so what is stored is what the
 * person saw. NULL means STORE_INVALID, message in s. */
static char *clean_field(store_t *s, const store_field_t *r, const char *in)
{
    if (!in)
        in = "";
    textnorm_t t;
    switch (textnorm(in, strlen(in), (r->flags & STORE_F_MULTILINE) ? 0 : TEXTNORM_ONE_LINE, &t)) {
    case TEXTNORM_BAD_UTF8:
        store_set_err(s, r->column, "%s is not valid UTF-8 (bad byte at offset %zu)", r->column, t.bad_offset);
        return NULL;
    case TEXTNORM_CONTROL:
        store_set_err(s, r->column, "%s contains a control character (U+%04X)", r->column, (unsigned)t.bad_cp);
        return NULL;
    case TEXTNORM_OK:
        break;
    }
    if ((r->flags & STORE_F_REQUIRED) && t.len == 0) {
        store_set_err(s, r->column, "%s is required", r->column);
        goto bad;
    }
    if (t.chars > r->max_chars) {
        store_set_err(s, r->column, "%s is too long (%zu characters, at most %zu)", r->column, t.chars, r->max_chars);
        goto bad;
    }
    return t.text;
bad:
    textnorm_free(t.text);
    return NULL;
}

/* Free a cleaned field after wiping it: sign-up data may be sensitive. */
static void free_clean(char *p)
{
    textnorm_free(p);
}

/* An opt-in holds "yes" or "no" (blank is "no"); anything else is refused. */
static bool store_optin_value(store_t *s, const store_field_t *f, char **v)
{
    if (!**v) {
        free_clean(*v);
        *v = xstrdup("no");
    }
    if (strcmp(*v, "yes") != 0 && strcmp(*v, "no") != 0) {
        store_set_err(s, f->column, "%s must be yes or no", f->column);
        return false;
    }
    return true;
}

bool store_field_ok(const char *field, const char *value, char *why, size_t whylen)
{
    const store_field_t *rule = NULL;
    for (int k = 0; !rule && k < STORE_KINDS; k++) {
        const store_record_t *r = store_record((store_kind_t)k);
        int i = store_record_column(r, field);
        if (i >= 0 && !(r->fields[i].flags & STORE_F_SYSTEM))
            rule = &r->fields[i];
    }
    if (why && whylen)
        why[0] = '\0';
    if (!rule) {
        if (why && whylen)
            snprintf(why, whylen, "no stored field is called %s", field);
        return false;
    }
    /* clean_field() only writes its message into the store it is given */
    store_t tmp = {.errfield = ""};
    char *v = clean_field(&tmp, rule, value);
    if (!v) {
        if (why && whylen)
            snprintf(why, whylen, "%s", tmp.errmsg);
        return false;
    }
    free_clean(v);
    return true;
}

bool store_email_valid(const char *email)
{
    if (!email)
        return false;
    size_t n = strlen(email);
    if (n == 0 || n > 254 || !utf8_valid(email, n, NULL))
        return false;
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@') || at - email > 64)
        return false;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(email + i, n - i, &adv);
        if (cp <= ' ' || utf8_is_forbidden_control(cp) || strchr("\"(),:;<>[\\]", (int)(cp < 0x80 ? cp : 'a')))
            return false;
        if (cp == 0x3000) /* ideographic space from a CJK input method */
            return false;
        i += adv;
    }
    /* domain: dot-separated non-empty labels, at least two, last one >= 2 */
    const char *d = at + 1;
    size_t labels = 0, len = 0, last = 0;
    for (const char *p = d;; p++) {
        if (*p == '.' || *p == '\0') {
            if (len == 0)
                return false;
            labels++;
            last = len;
            len = 0;
            if (*p == '\0')
                break;
        } else {
            len++;
        }
    }
    return labels >= 2 && last >= 2;
}

bool store_uuid4(char out[37])
{
    unsigned char b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t r = getrandom(b + got, sizeof b - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            out[0] = '\0';
            return false;
        }
        got += (size_t)r;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[b[i] >> 4];
        *o++ = hex[b[i] & 15];
    }
    *o = '\0';
    return true;
}

/* ---- writing ------------------------------------------------------------- */

/* The OS error behind an I/O failure. SQLite keeps none for a failed
 * COMMIT, so ask the counting VFS when it is in use, and otherwise the
 * file system itself: a medium remounted read-only or with no free block
 * left explains the failure. 0 when unknown. */
static int io_errno(store_t *s)
{
    int e = sqlite3_system_errno(s->db);
    if (e == 0 && s->via_vfs)
        e = store_vfs_last_errno();
    if (e == 0) {
        char *copy = xstrdup(s->path);
        struct statvfs fs;
        if (statvfs(dirname(copy), &fs) == 0) {
            if (fs.f_flag & ST_RDONLY)
                e = EROFS;
            else if (fs.f_bavail == 0)
                e = ENOSPC;
        }
        free(copy);
    }
    return e;
}

/* Map an SQLite failure to what the UI needs to know. */
static store_rc_t map_rc(int rc, int sys)
{
    switch (rc & 0xff) {
    case SQLITE_FULL: return STORE_FULL;
    case SQLITE_READONLY: return STORE_READONLY;
    case SQLITE_CANTOPEN: return STORE_READONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return STORE_BUSY;
    case SQLITE_IOERR:
        if (sys == ENOSPC || sys == EDQUOT)
            return STORE_FULL;
        if (sys == EROFS || sys == EACCES || sys == EPERM)
            return STORE_READONLY;
        return STORE_IOERR;
    default: return STORE_IOERR;
    }
}

static const char *rc_name(store_rc_t rc)
{
    switch (rc) {
    case STORE_OK: return "ok";
    case STORE_INVALID: return "invalid input";
    case STORE_FULL: return "disk or database full";
    case STORE_READONLY: return "database is read-only";
    case STORE_BUSY: return "database is locked";
    case STORE_IOERR: return "I/O error";
    }
    return "?";
}

store_rc_t store_fail(store_t *s, int rc, const char *what)
{
    int sys = (rc & 0xff) == SQLITE_IOERR ? io_errno(s) : sqlite3_system_errno(s->db);
    store_rc_t res = map_rc(rc, sys);
    store_set_err(s, NULL, "db: %s (%s): %s%s%s%s", what, rc_name(res), sqlite3_errmsg(s->db), sys ? " (" : "",
                  sys ? strerror(sys) : "", sys ? ")" : "");
    return res;
}

/* Step a statement that returns no row. */
static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The one write path: BEGIN IMMEDIATE, take seq, run ins (already bound
 * from ?5 on; ?1..?4 are bound here), advance seq, COMMIT. */
static store_rc_t write_row(store_t *s, sqlite3_stmt *ins, const char *what, store_receipt_t *out)
{
    store_rc_t res = STORE_IOERR;
    char uuid[37], created[32];
    int64_t seq = 0;
    int rc;
    if (!store_uuid4(uuid)) {
        store_set_err(s, NULL, "db: no randomness for a UUID: %s", strerror(errno));
        goto out;
    }
    now_utc_iso8601(created, sizeof created);
    /* a read-only connection goes the same way: SQLite refuses BEGIN IMMEDIATE */
    if (s->via_vfs)
        store_vfs_clear_errno();
    if ((rc = step_done(s->st[ST_BEGIN])) != SQLITE_OK)
        goto fail;
    rc = sqlite3_step(s->st[ST_GET_SEQ]);
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(s->st[ST_GET_SEQ], 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        seq = 1; /* meta lost its row: start over, UNIQUE(seq) guards reuse */
        rc = SQLITE_OK;
    }
    sqlite3_reset(s->st[ST_GET_SEQ]);
    if (rc != SQLITE_OK)
        goto fail;
    if (seq < 1)
        seq = 1;
    if ((rc = sqlite3_bind_text(ins, 1, uuid, -1, SQLITE_TRANSIENT)) != SQLITE_OK ||
        (rc = sqlite3_bind_int64(ins, 2, seq)) != SQLITE_OK ||
        (rc = sqlite3_bind_text(ins, 3, s->kiosk_id, -1, SQLITE_TRANSIENT)) != SQLITE_OK ||
        (rc = sqlite3_bind_text(ins, 4, created, -1, SQLITE_TRANSIENT)) != SQLITE_OK)
        goto fail;
    if ((rc = step_done(ins)) != SQLITE_OK)
        goto fail;
    if ((rc = sqlite3_bind_int64(s->st[ST_SET_SEQ], 1, seq + 1)) != SQLITE_OK ||
        (rc = step_done(s->st[ST_SET_SEQ])) != SQLITE_OK)
        goto fail;
    if ((rc = step_done(s->st[ST_COMMIT])) != SQLITE_OK)
        goto fail;
    if (!sqlite3_get_autocommit(s->db)) {
        rc = SQLITE_ERROR;
        goto fail;
    }
    res = STORE_OK;
    s->errmsg[0] = '\0';
    s->errfield = "";
    if (out) {
        memcpy(out->uuid, uuid, sizeof uuid);
        out->seq = seq;
    }
    goto out;
fail:
    {
        char step[64];
        snprintf(step, sizeof step, "could not save the %s", what);
        res = store_fail(s, rc, step);
    }
out:
    sqlite3_clear_bindings(ins);
    if (s->db && !sqlite3_get_autocommit(s->db) && step_done(s->st[ST_ROLLBACK]) != SQLITE_OK)
        log_warn("db", "rollback failed: %s", sqlite3_errmsg(s->db));
    if (res != STORE_OK && out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    return res;
}

/* ---- records ------------------------------------------------------------ */

const store_record_t *store_record_of(const store_t *s, store_kind_t k)
{
    if ((unsigned)k >= STORE_KINDS)
        return NULL;
    return s && s->rec[k] ? s->rec[k] : store_record(k);
}

int store_prepare_inserts(store_t *s)
{
    for (int k = 0; k < STORE_KINDS; k++) {
        const store_record_t *r = s->rec[k];
        /* column names from the description, constants of the program */
        strbuf_t sql = {0};
        sb_printf(&sql, "INSERT INTO %s(uuid, seq, kiosk_id, created_at", r->table);
        int n = 4;
        for (size_t i = 0; i < r->nfields; i++)
            if (!(r->fields[i].flags & STORE_F_SYSTEM) || (r->fields[i].flags & STORE_F_KEY)) {
                sb_printf(&sql, ", %s", r->fields[i].column);
                n++;
            }
        sb_append(&sql, ") VALUES(");
        for (int i = 1; i <= n; i++)
            sb_printf(&sql, "%s?%d", i > 1 ? ", " : "", i);
        sb_append(&sql, ")");
        int rc = sqlite3_prepare_v3(s->db, sql.s, -1, SQLITE_PREPARE_PERSISTENT, &s->ins[k], NULL);
        sb_free(&sql);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

store_rc_t store_add_record(store_t *s, store_kind_t k, const char *const *values, store_receipt_t *out)
{
    if (out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    if (!s)
        return STORE_IOERR;
    const store_record_t *r = store_record_of(s, k);
    if (!r || !values) {
        store_set_err(s, NULL, "no record given");
        return STORE_INVALID;
    }
    sqlite3_stmt *ins = s->ins[k];
    if (!ins) {
        store_set_err(s, NULL, "db: no database is open");
        return STORE_IOERR;
    }
    if (s->seal_refused) {
        store_set_err(s, NULL, "%s", s->seal_refused);
        return STORE_IOERR;
    }
    char **v = xcalloc(r->nfields, sizeof *v);
    store_rc_t res = STORE_INVALID;
    int param = 5;
    /* every field is cleaned and checked as plain text before any is sealed */
    for (size_t i = 0; i < r->nfields; i++) {
        const store_field_t *f = &r->fields[i];
        if (f->flags & STORE_F_SYSTEM)
            continue;
        if (!(v[i] = clean_field(s, f, values[i])))
            goto out;
        if (strcmp(f->column, "email") == 0 && !store_email_valid(v[i])) {
            store_set_err(s, "email", "email is not a valid address");
            goto out;
        }
        if ((f->flags & STORE_F_OPTIN) && !store_optin_value(s, f, &v[i]))
            goto out;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        const store_field_t *f = &r->fields[i];
        const char *bound = v[i];
        char *sealed = NULL;
        if ((f->flags & STORE_F_SYSTEM) && !(f->flags & STORE_F_KEY))
            continue;
        /* a personal field is sealed unless the settings leave it plain or
         * the asker let it be shown in the room (store_field_stays_clear) */
        bool personal = (f->flags & STORE_F_PERSONAL) && !(i < 64 && (s->seal.plain[k] >> i & 1)) &&
                        !store_field_stays_clear(r, i, (const char *const *)v);
        if (f->flags & STORE_F_KEY) {
            bound = s->sealing ? s->seal.key.id : "";
        } else if (s->sealing && (personal || seal_is_sealed(v[i], strlen(v[i])))) {
            /* the plain text goes no further than this process */
            if (!(sealed = seal_cell(&s->seal.key, v[i], strlen(v[i])))) {
                store_set_err(s, NULL, "db: could not seal the %s (no randomness?)", r->what);
                res = STORE_IOERR;
                goto out;
            }
            bound = sealed;
        }
        int brc = sqlite3_bind_text(ins, param++, bound, -1, SQLITE_TRANSIENT);
        free(sealed);
        if (brc != SQLITE_OK) {
            store_set_err(s, NULL, "db: cannot bind the %s: %s", r->what, sqlite3_errmsg(s->db));
            sqlite3_clear_bindings(ins);
            res = STORE_IOERR;
            goto out;
        }
    }
    res = write_row(s, ins, r->what, out);
out:
    if (res != STORE_OK)
        sqlite3_clear_bindings(ins);
    for (size_t i = 0; i < r->nfields; i++)
        free_clean(v[i]);
    free(v);
    if (res != STORE_OK && out) {
        out->uuid[0] = '\0';
        out->seq = 0;
    }
    return res;
}

/* Put val at the field of r whose column is col (a missing column is left
 * out: a description without it stores nothing of it). */
static void put(const store_record_t *r, const char **v, const char *col, const char *val)
{
    int i = store_record_column(r, col);
    if (i >= 0)
        v[i] = val;
}

store_rc_t store_add_question(store_t *s, const question_in_t *q, store_receipt_t *out)
{
    if (s && !q) {
        store_set_err(s, NULL, "no question given");
        return STORE_INVALID;
    }
    const store_record_t *r = store_record_of(s, STORE_QUESTIONS);
    const char **v = xcalloc(r->nfields, sizeof *v);
    if (q) {
        put(r, v, "text", q->text);
        put(r, v, "name", q->name);
        put(r, v, "topic", q->topic);
        put(r, v, "lang", q->lang);
        put(r, v, "may_show", q->may_show ? "yes" : "no");
    }
    store_rc_t rc = store_add_record(s, STORE_QUESTIONS, v, out);
    free(v);
    return rc;
}

store_rc_t store_add_signup(store_t *s, const signup_in_t *q, store_receipt_t *out)
{
    if (s && !q) {
        store_set_err(s, NULL, "no sign-up given");
        return STORE_INVALID;
    }
    const store_record_t *r = store_record_of(s, STORE_SIGNUPS);
    const char **v = xcalloc(r->nfields, sizeof *v);
    if (q) {
        put(r, v, "name", q->name);
        put(r, v, "email", q->email);
        put(r, v, "phone", q->phone);
        put(r, v, "interests", q->interests);
        put(r, v, "languages", q->languages);
        put(r, v, "message", q->message);
        put(r, v, "consent_version", q->consent_version);
        put(r, v, "lang", q->lang);
    }
    store_rc_t rc = store_add_record(s, STORE_SIGNUPS, v, out);
    free(v);
    return rc;
}

/* ---- sealing ------------------------------------------------------------ */

void store_set_seal(store_t *s, const store_seal_t *seal)
{
    if (!s)
        return;
    free(s->seal_refused);
    s->seal_refused = NULL;
    s->sealing = seal != NULL;
    if (seal)
        s->seal = *seal;
    else
        memset(&s->seal, 0, sizeof s->seal);
}

void store_seal_refuse(store_t *s, const char *why)
{
    if (!s)
        return;
    store_set_seal(s, NULL);
    s->seal_refused = xstrdup(why && *why ? why : "the sealing key cannot be used");
}

const char *store_seal_id(const store_t *s)
{
    return s && s->sealing && !s->seal_refused ? s->seal.key.id : NULL;
}
