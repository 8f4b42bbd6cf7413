/* tables.c - timeline.csv and stats.csv, read with libcsv in strict mode.
 *
 * libcsv gives no positions, so the text is fed one byte at a time and the
 * parser's state tells where each record (and each quoted field) starts:
 * messages then name the line a record begins on, even when a quoted field
 * spans lines. The files are small (a few kB), so this costs nothing. */
#include "content_internal.h"
#include "../core/util.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* libcsv's parser state before any byte of a record (ROW_NOT_BEGUN in
 * libcsv.c; csv.h exposes the field but not the constant). */
#define CSV_STATE_ROW_NOT_BEGUN 0

typedef struct {
    char **f;
    size_t nf;
    int line;
} row_t;

typedef struct {
    row_t *rows;
    size_t n, cap;
    /* the record being read */
    char **f;
    size_t nf, fcap;
    int rec_line;
} table_t;

static void on_field(void *s, size_t len, void *data)
{
    table_t *t = data;
    char *v = xstrndup(s ? s : "", s ? len : 0);
    /* CRLF inside a quoted field: keep only the LF */
    size_t w = 0;
    for (size_t r = 0; v[r]; r++)
        if (!(v[r] == '\r' && v[r + 1] == '\n'))
            v[w++] = v[r];
    v[w] = '\0';
    xgrow((void **)&t->f, &t->fcap, t->nf + 1, sizeof *t->f);
    t->f[t->nf++] = v;
}

static void on_row(int c, void *data)
{
    table_t *t = data;
    xgrow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows);
    t->rows[t->n++] = (row_t){t->f, t->nf, t->rec_line};
    t->f = NULL;
    t->nf = t->fcap = 0;
}

static void table_free(table_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t j = 0; j < t->rows[i].nf; j++)
            free(t->rows[i].f[j]);
        free(t->rows[i].f);
    }
    free(t->rows);
    for (size_t j = 0; j < t->nf; j++)
        free(t->f[j]);
    free(t->f);
    memset(t, 0, sizeof *t);
}

/* Parse CSV text into rows with their first line. Reports malformed quotes
 * and returns false then (rows read so far are kept for the caller to free). */
static bool table_parse(const char *text, size_t len, const char *shown, table_t *t, diag_list_t *d)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        diag_error(d, shown, 0, "cannot be read (out of memory)");
        return false;
    }
    int line = 1, quote_line = 1;
    bool ok = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (p.pstate == CSV_STATE_ROW_NOT_BEGUN && ch != '\r' && ch != '\n')
            t->rec_line = line;
        int was_quoted = p.quoted;
        if (csv_parse(&p, &text[i], 1, on_field, on_row, t) != 1) {
            if (csv_error(&p) == CSV_EPARSE)
                diag_error(d, shown, line,
                           "badly quoted field: a field with a quote must be quoted as a whole, "
                           "with the quote doubled (\"say \"\"hello\"\"\"), and nothing may follow its "
                           "closing quote but a comma or the end of the line");
            else
                diag_error(d, shown, line, "cannot be read: %s", csv_strerror(csv_error(&p)));
            ok = false;
            break;
        }
        if (!was_quoted && p.quoted)
            quote_line = line;
        if (ch == '\n')
            line++;
    }
    if (ok && csv_fini(&p, on_field, on_row, t) != 0) {
        diag_error(d, shown, quote_line,
                   "unterminated quote: the quoted field that starts on this line has no closing '\"'");
        ok = false;
    }
    csv_free(&p);
    return ok;
}

/* The columns a table may have, and which must hold a value. */
typedef struct {
    const char *name;
    bool required;
    bool text;      /* shown text: may have translations in columns NAME.LANG */
} column_t;

/* Column header h is a translation of a text column of cols ("title.ja"):
 * returns that column's index and sets *lang, else -1. */
static int tr_column(const char *h, const column_t *cols, size_t ncols, const char **lang)
{
    char field[64];
    if (!content_tr_split(h, field, sizeof field, lang))
        return -1;
    for (size_t i = 0; i < ncols; i++)
        if (cols[i].text && strcmp(cols[i].name, field) == 0)
            return (int)i;
    return -1;
}

/* The translations in row (columns NAME.LANG of header h) into tr. */
static void row_translations(const row_t *h, const row_t *row, const column_t *cols, size_t ncols, trs_t *tr)
{
    for (size_t j = 0; j < h->nf && j < row->nf; j++) {
        const char *lang;
        int i = tr_column(h->f[j], cols, ncols, &lang);
        if (i >= 0 && *row->f[j])
            content_tr_add(tr, cols[i].name, lang, row->f[j], row->line);
    }
}

/* Read path as CSV whose header names columns (in any order). col[i] of
 * the result maps cols[i] to its field index (-1 when absent, which is an
 * error for required columns). Returns false after reporting. */
static bool table_read(const char *path, const char *shown, const column_t *cols, size_t ncols,
                       table_t *t, int *col, diag_list_t *d)
{
    memset(t, 0, sizeof *t);
    const char *body;
    size_t len;
    char *text = content_read_text(path, shown, d, &body, &len);
    if (!text)
        return false;
    bool ok = table_parse(body, len, shown, t, d);
    free(text);
    if (!t->n)
        return false;
    const row_t *h = &t->rows[0];
    strbuf_t want = {0};
    for (size_t i = 0; i < ncols; i++)
        sb_printf(&want, "%s%s", i ? "," : "", cols[i].name);
    for (size_t i = 0; i < ncols; i++) {
        col[i] = -1;
        for (size_t j = 0; j < h->nf; j++)
            if (strcmp(h->f[j], cols[i].name) == 0)
                col[i] = (int)j;
        if (col[i] < 0 && cols[i].required) {
            diag_error(d, shown, h->line, "missing required column '%s' in the header (expected %s)",
                       cols[i].name, want.s);
            ok = false;
        }
    }
    for (size_t j = 0; j < h->nf; j++) {
        bool known = false;
        for (size_t i = 0; i < ncols && !known; i++)
            known = strcmp(h->f[j], cols[i].name) == 0;
        const char *lang;
        if (!known && tr_column(h->f[j], cols, ncols, &lang) >= 0) {
            known = true;
            for (size_t k = 0; k < j; k++)
                if (strcmp(h->f[k], h->f[j]) == 0) {
                    diag_error(d, shown, h->line, "column '%s' is given twice", h->f[j]);
                    ok = false;
                }
        }
        if (!known)
            diag_warn(d, shown, h->line, "unknown column '%s' is ignored (expected %s)", h->f[j], want.s);
    }
    for (size_t r = 1; r < t->n; r++)
        if (t->rows[r].nf != h->nf) {
            diag_error(d, shown, t->rows[r].line,
                       "wrong column count: %zu fields, the header has %zu; quote a field that contains a comma",
                       t->rows[r].nf, h->nf);
            ok = false;
        }
    sb_free(&want);
    return ok;
}

/* The field of column i in row r, "" when absent or the row is short. */
static const char *field(const row_t *r, const int *col, size_t i)
{
    return col[i] >= 0 && (size_t)col[i] < r->nf ? r->f[col[i]] : "";
}

/* Required fields present; reports each empty one. */
static bool require(const row_t *r, const int *col, const column_t *cols, size_t ncols,
                    const char *shown, diag_list_t *d)
{
    bool ok = true;
    for (size_t i = 0; i < ncols; i++)
        if (cols[i].required && col[i] >= 0 && !*field(r, col, i)) {
            diag_error(d, shown, r->line, "required field '%s' is empty", cols[i].name);
            ok = false;
        }
    return ok;
}

/* ---- timeline.csv ---------------------------------------------------------- */

enum { TL_ID, TL_DATE, TL_END, TL_TITLE, TL_DETAIL, TL_CATEGORY, TL_NCOLS };
static const column_t tl_cols[TL_NCOLS] = {
    {"id", true, false}, {"date", true, false}, {"end_date", false, false},
    {"title", true, true}, {"detail", false, true}, {"category", true, false},
};

static int tl_cmp(const void *a, const void *b)
{
    const tl_event_t *x = a, *y = b;
    int kx = x->year * 10000 + x->month * 100 + x->day, ky = y->year * 10000 + y->month * 100 + y->day;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line; /* file order: a stable sort */
}

bool content_load_timeline(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    table_t t;
    int col[TL_NCOLS];
    bool ok = table_read(path, shown, tl_cols, TL_NCOLS, &t, col, d);
    if (!t.n) {
        table_free(&t);
        return false;
    }
    size_t hdr_nf = t.rows[0].nf;
    c->timeline = xcalloc(t.n, sizeof *c->timeline);
    for (size_t r = 1; r < t.n; r++) {
        const row_t *row = &t.rows[r];
        if (row->nf != hdr_nf)
            continue; /* reported by table_read */
        if (!require(row, col, tl_cols, TL_NCOLS, shown, d)) {
            ok = false;
            continue;
        }
        tl_event_t e = {.line = row->line};
        const char *date = field(row, col, TL_DATE), *end = field(row, col, TL_END);
        if (!content_parse_date(date, &e.year, &e.month, &e.day)) {
            diag_error(d, shown, row->line, "unknown date format '%s'; write a date as YYYY-MM-DD, e.g. 2011-09-07",
                       date);
            ok = false;
            continue;
        }
        if (*end) {
            if (!content_parse_date(end, &e.end_year, &e.end_month, &e.end_day)) {
                diag_error(d, shown, row->line,
                           "unknown date format '%s' in end_date; write a date as YYYY-MM-DD, e.g. 2011-09-08", end);
                ok = false;
                continue;
            }
            long ks = e.year * 10000L + e.month * 100 + e.day, ke = e.end_year * 10000L + e.end_month * 100 + e.end_day;
            if (ke < ks) {
                diag_error(d, shown, row->line, "end_date %s is before date %s", end, date);
                ok = false;
                continue;
            }
            if (ke == ks)
                e.end_year = e.end_month = e.end_day = 0;
        }
        const char *id = field(row, col, TL_ID);
        bool dup = false;
        for (size_t i = 0; i < c->ntimeline && !dup; i++)
            if (strcmp(c->timeline[i].id, id) == 0) {
                diag_error(d, shown, row->line, "duplicate id '%s' (first used on line %d)", id,
                           c->timeline[i].line);
                dup = true;
            }
        if (dup) {
            ok = false;
            continue;
        }
        e.id = xstrdup(id);
        e.title = xstrdup(field(row, col, TL_TITLE));
        e.detail = xstrdup(field(row, col, TL_DETAIL));
        e.category = xstrdup(field(row, col, TL_CATEGORY));
        row_translations(&t.rows[0], row, tl_cols, TL_NCOLS, &e.tr);
        c->timeline[c->ntimeline++] = e;
    }
    if (t.n == 1)
        diag_warn(d, shown, t.rows[0].line, "no activities after the header");
    qsort(c->timeline, c->ntimeline, sizeof *c->timeline, tl_cmp);
    table_free(&t);
    return ok;
}

/* ---- stats.csv ------------------------------------------------------------- */

enum { ST_ID, ST_GROUP, ST_LABEL, ST_VALUE, ST_UNIT, ST_APPROX, ST_SECTION, ST_NOTE, ST_NCOLS };
static const column_t st_cols[ST_NCOLS] = {
    {"id", true, false}, {"group", true, false}, {"label", true, true}, {"value", true, false},
    {"unit", false, true}, {"approx", false, false}, {"section", true, false}, {"note", false, true},
};

/* Plain decimal numbers only: "1300", "-2", "0.5". No thousands separators
 * (they would be read as a different number), no hex, inf or exponent. */
static bool parse_value(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    size_t digits = 0, dots = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !dots)
            dots++;
        else
            return false;
    }
    if (!digits)
        return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static bool parse_approx(const char *s, approx_t *out)
{
    static const struct { const char *name; approx_t v; } names[] = {
        {"", APPROX_EXACT}, {"exact", APPROX_EXACT}, {"about", APPROX_ABOUT},
        {"more_than", APPROX_MORE_THAN}, {"at_least", APPROX_AT_LEAST},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].v;
            return true;
        }
    return false;
}

bool content_load_stats(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    table_t t;
    int col[ST_NCOLS];
    bool ok = table_read(path, shown, st_cols, ST_NCOLS, &t, col, d);
    if (!t.n) {
        table_free(&t);
        return false;
    }
    size_t hdr_nf = t.rows[0].nf;
    c->stats = xcalloc(t.n, sizeof *c->stats);
    for (size_t r = 1; r < t.n; r++) {
        const row_t *row = &t.rows[r];
        if (row->nf != hdr_nf)
            continue;
        if (!require(row, col, st_cols, ST_NCOLS, shown, d)) {
            ok = false;
            continue;
        }
        stat_t s = {.line = row->line};
        const char *value = field(row, col, ST_VALUE), *approx = field(row, col, ST_APPROX);
        if (!parse_value(value, &s.value)) {
            diag_error(d, shown, row->line,
                       "value '%s' is not a number; write digits only, e.g. 1300 (no thousands separator, "
                       "mark approximate figures in the approx column)", value);
            ok = false;
            continue;
        }
        if (!parse_approx(approx, &s.approx)) {
            diag_error(d, shown, row->line, "unknown approx '%s'; use exact, about, more_than or at_least", approx);
            ok = false;
            continue;
        }
        const char *id = field(row, col, ST_ID);
        bool dup = false;
        for (size_t i = 0; i < c->nstats && !dup; i++)
            if (strcmp(c->stats[i].id, id) == 0) {
                diag_error(d, shown, row->line, "duplicate id '%s' (first used on line %d)", id, c->stats[i].line);
                dup = true;
            }
        if (dup) {
            ok = false;
            continue;
        }
        s.id = xstrdup(id);
        s.group = xstrdup(field(row, col, ST_GROUP));
        s.label = xstrdup(field(row, col, ST_LABEL));
        s.unit = xstrdup(field(row, col, ST_UNIT));
        s.section = xstrdup(field(row, col, ST_SECTION));
        s.note = xstrdup(field(row, col, ST_NOTE));
        row_translations(&t.rows[0], row, st_cols, ST_NCOLS, &s.tr);
        c->stats[c->nstats++] = s;
    }
    if (t.n == 1)
        diag_warn(d, shown, t.rows[0].line, "no figures after the header");
    table_free(&t);
    return ok;
}

/* ---- members.csv ----------------------------------------------------------- */

enum { MB_ID, MB_NAME, MB_KIND, MB_READING, MB_NCOLS };
static const column_t mb_cols[MB_NCOLS] = {
    {"id", true, false}, {"name", true, false}, {"kind", true, false}, {"reading", false, false},
};

bool content_load_members(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    table_t t;
    int col[MB_NCOLS];
    bool ok = table_read(path, shown, mb_cols, MB_NCOLS, &t, col, d);
    if (!t.n) {
        table_free(&t);
        return false;
    }
    size_t hdr_nf = t.rows[0].nf;
    c->members = xcalloc(t.n, sizeof *c->members);
    for (size_t r = 1; r < t.n; r++) {
        const row_t *row = &t.rows[r];
        if (row->nf != hdr_nf)
            continue; /* reported by table_read */
        if (!require(row, col, mb_cols, MB_NCOLS, shown, d)) {
            ok = false;
            continue;
        }
        const char *id = field(row, col, MB_ID), *kind = field(row, col, MB_KIND);
        if (strlen(id) > 64 || !content_id_valid(id)) {
            diag_error(d, shown, row->line, "member id '%s': use up to 64 letters, digits, '_' and '-'", id);
            ok = false;
            continue;
        }
        if (strcmp(kind, "regular") != 0 && strcmp(kind, "supporting") != 0 && strcmp(kind, "honorary") != 0) {
            diag_error(d, shown, row->line,
                       "unknown kind '%s'; use regular (a voting member), supporting or honorary", kind);
            ok = false;
            continue;
        }
        const char *name = field(row, col, MB_NAME);
        if (strlen(name) > 200 || strchr(name, '\n')) {
            diag_error(d, shown, row->line, "the name must be one line of at most 200 bytes");
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < c->nmembers && !dup; i++)
            if (strcmp(c->members[i].id, id) == 0) {
                diag_error(d, shown, row->line, "duplicate id '%s' (first used on line %d)", id, c->members[i].line);
                dup = true;
            }
        if (dup) {
            ok = false;
            continue;
        }
        member_t m = {.line = row->line};
        m.id = xstrdup(id);
        m.name = xstrdup(name);
        m.reading = xstrdup(field(row, col, MB_READING));
        m.kind = xstrdup(kind);
        m.voting = strcmp(kind, "regular") == 0;
        c->members[c->nmembers++] = m;
    }
    if (t.n == 1)
        diag_warn(d, shown, t.rows[0].line, "no members after the header");
    table_free(&t);
    return ok;
}
