/* content_i18n.c - the content in other languages: translations kept with
 * the elements they translate (tr_t), translated reports (report.LANG.md),
 * the views content_in() returns, and the checks of translations against
 * the English: what is missing (warnings) and figures that differ (errors).
 * See content.h. */
#include "content_internal.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- translations of one element ------------------------------------------- */

bool content_tr_split(const char *key, char *field, size_t n, const char **lang)
{
    const char *dot = key ? strrchr(key, '.') : NULL;
    if (!dot || dot == key || (size_t)(dot - key) >= n)
        return false;
    const char *l = dot + 1;
    size_t len = strlen(l);
    if (len < 2 || len > 8)
        return false;
    for (const char *p = l; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    memcpy(field, key, (size_t)(dot - key));
    field[dot - key] = '\0';
    *lang = l;
    return true;
}

const tr_t *content_tr_find(const trs_t *t, const char *field, const char *lang)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (strcmp(t->v[i].field, field) == 0 && strcmp(t->v[i].lang, lang) == 0)
            return &t->v[i];
    return NULL;
}

bool content_tr_add(trs_t *t, const char *field, const char *lang, const char *text, int line)
{
    if (content_tr_find(t, field, lang))
        return false;
    xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
    char *v = xstrdup(text);
    content_fix_cjk_joins(v);
    t->v[t->n++] = (tr_t){xstrdup(field), xstrdup(lang), v, line};
    return true;
}

void content_tr_free(trs_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].field);
        free(t->v[i].lang);
        free(t->v[i].text);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* ---- the figures of a text -------------------------------------------------- */

typedef struct {
    const char *word;
    int value;
    bool needs_number; /* only beside a number ("May 4", "March 2012") */
} number_word_t;

static const number_word_t number_words[] = {
    {"two", 2, false}, {"three", 3, false}, {"four", 4, false}, {"five", 5, false}, {"six", 6, false},
    {"seven", 7, false}, {"eight", 8, false}, {"nine", 9, false}, {"ten", 10, false}, {"eleven", 11, false},
    {"twelve", 12, false}, {"thirteen", 13, false}, {"fourteen", 14, false}, {"fifteen", 15, false},
    {"sixteen", 16, false}, {"seventeen", 17, false}, {"eighteen", 18, false}, {"nineteen", 19, false},
    {"twenty", 20, false}, {"thirty", 30, false}, {"forty", 40, false}, {"fifty", 50, false},
    {"sixty", 60, false}, {"seventy", 70, false}, {"eighty", 80, false}, {"ninety", 90, false},
    {"twice", 2, false},
    {"second", 2, false}, {"third", 3, false}, {"fourth", 4, false}, {"fifth", 5, false}, {"sixth", 6, false},
    {"seventh", 7, false}, {"eighth", 8, false}, {"ninth", 9, false}, {"tenth", 10, false},
    {"eleventh", 11, false}, {"twelfth", 12, false}, {"thirteenth", 13, false}, {"fourteenth", 14, false},
    {"fifteenth", 15, false}, {"sixteenth", 16, false}, {"seventeenth", 17, false}, {"eighteenth", 18, false},
    {"nineteenth", 19, false}, {"twentieth", 20, false},
    {"january", 1, false}, {"february", 2, false}, {"march", 3, true}, {"april", 4, false}, {"may", 5, true},
    {"june", 6, false}, {"july", 7, false}, {"august", 8, false}, {"september", 9, false},
    {"october", 10, false}, {"november", 11, false}, {"december", 12, false},
    /* abbreviations, with their dot */
    {"jan.", 1, false}, {"feb.", 2, false}, {"mar.", 3, false}, {"apr.", 4, false}, {"jun.", 6, false},
    {"jul.", 7, false}, {"aug.", 8, false}, {"sep.", 9, false}, {"sept.", 9, false}, {"oct.", 10, false},
    {"nov.", 11, false}, {"dec.", 12, false},
};

static bool is_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* The digit at s (ASCII or full-width) as 0..9, with its length in *len; -1 for none. */
static int digit_at(const char *s, size_t *len)
{
    if (*s >= '0' && *s <= '9') {
        *len = 1;
        return *s - '0';
    }
    /* U+FF10..U+FF19: EF BC 90..99 */
    if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC && (unsigned char)s[2] >= 0x90 &&
        (unsigned char)s[2] <= 0x99) {
        *len = 3;
        return (unsigned char)s[2] - 0x90;
    }
    return -1;
}

/* A thousands separator or decimal point at s: ',' or '，' (U+FF0C); '.' or '．' (U+FF0E). */
static size_t sep_at(const char *s, char which)
{
    if (*s == which)
        return 1;
    if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
        (unsigned char)s[2] == (which == ',' ? 0x8C : 0x8E))
        return 3;
    return 0;
}

/* Digits starting at s: how many, and the bytes they take. */
static size_t run_of_digits(const char *s, size_t *bytes)
{
    size_t n = 0, b = 0, l;
    while (digit_at(s + b, &l) >= 0) {
        n++;
        b += l;
    }
    *bytes = b;
    return n;
}

/* Is there a number right before p (skipping spaces) or right after the word? */
static bool number_beside(const char *start, const char *p, const char *after)
{
    size_t l;
    const char *a = after;
    while (*a == ' ')
        a++;
    if (digit_at(a, &l) >= 0)
        return true;
    const char *b = p;
    while (b > start && b[-1] == ' ')
        b--;
    return b > start && b[-1] >= '0' && b[-1] <= '9';
}

size_t content_text_numbers(const char *text, double *out, size_t max)
{
    size_t n = 0;
    const char *s = text ? text : "";
    for (const char *p = s; *p;) {
        size_t l;
        if (digit_at(p, &l) >= 0) {
            double v = 0;
            size_t b;
            size_t nd = run_of_digits(p, &b);
            (void)nd;
            for (const char *q = p; q < p + b;) {
                size_t dl = 1;
                v = v * 10 + digit_at(q, &dl);
                q += dl;
            }
            p += b;
            /* thousands: a separator followed by exactly three digits */
            for (;;) {
                size_t sl = sep_at(p, ','), gb;
                if (!sl || run_of_digits(p + sl, &gb) != 3)
                    break;
                for (const char *q = p + sl; q < p + sl + gb;) {
                    size_t dl = 1;
                    v = v * 10 + digit_at(q, &dl);
                    q += dl;
                }
                p += sl + gb;
            }
            /* decimals */
            size_t dl = sep_at(p, '.'), fb;
            if (dl && run_of_digits(p + dl, &fb) > 0) {
                double f = 0.1;
                for (const char *q = p + dl; q < p + dl + fb;) {
                    size_t ql = 1;
                    v += f * digit_at(q, &ql);
                    f /= 10;
                    q += ql;
                }
                p += dl + fb;
            }
            /* Japanese and Korean units of ten thousand and more */
            static const struct { const char *u; double k; } units[] = {
                {"\xE4\xB8\x87", 1e4}, {"\xEB\xA7\x8C", 1e4},  /* 万 만 */
                {"\xE5\x84\x84", 1e8}, {"\xEC\x96\xB5", 1e8},  /* 億 억 */
                {"\xE5\x8D\x83", 1e3}, {"\xEC\xB2\x9C", 1e3},  /* 千 천 */
            };
            for (size_t i = 0; i < AGM_ARRAY_LEN(units); i++)
                if (strncmp(p, units[i].u, 3) == 0) {
                    v *= units[i].k;
                    p += 3;
                    break;
                }
            if (n < max)
                out[n] = v;
            n++;
            continue;
        }
        if (is_alpha(*p) && (p == s || !is_alpha(p[-1]))) {
            const char *e = p;
            while (is_alpha(*e))
                e++;
            size_t wl = (size_t)(e - p);
            bool dot = *e == '.';
            const number_word_t *hit = NULL;
            /* Only words of a number word's length and first letter are
             * compared with the list: most words are none of them. */
            static const uint32_t firsts = 1u << ('t' - 'a') | 1u << ('f' - 'a') | 1u << ('s' - 'a') |
                                           1u << ('e' - 'a') | 1u << ('n' - 'a') | 1u << ('j' - 'a') |
                                           1u << ('m' - 'a') | 1u << ('a' - 'a') | 1u << ('o' - 'a') |
                                           1u << ('d' - 'a');
            unsigned char c0 = (unsigned char)(*p | 0x20);
            bool maybe = wl >= 3 && wl <= 11 && (firsts >> (c0 - 'a') & 1);
            for (size_t i = 0; maybe && i < AGM_ARRAY_LEN(number_words) && !hit; i++) {
                const char *w = number_words[i].word;
                if ((unsigned char)w[0] != c0)
                    continue;
                size_t len = strlen(w);
                bool abbr = w[len - 1] == '.';
                if ((abbr ? len - 1 : len) != wl || (abbr && !dot) || strncasecmp(p, w, wl) != 0)
                    continue;
                if (number_words[i].needs_number && !number_beside(s, p, e))
                    continue;
                hit = &number_words[i];
            }
            if (hit) {
                if (n < max)
                    out[n] = hit->value;
                n++;
            }
            p = e;
            continue;
        }
        p++;
    }
    return n;
}

/* ---- comparing figures ------------------------------------------------------- */

#define MAX_FIGURES 256

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void put_number(strbuf_t *b, double v)
{
    char num[64];
    snprintf(num, sizeof num, "%.10g", v);
    sb_printf(b, "%s%s", b->len ? ", " : "", num);
}

/* Compare the figures of en and tr as multisets. On a difference, write
 * "gives X where the English gives Y" style text into why and return false. */
static bool same_figures(const char *en, const char *tr, strbuf_t *why)
{
    double a[MAX_FIGURES], b[MAX_FIGURES];
    size_t na = content_text_numbers(en, a, MAX_FIGURES), nb = content_text_numbers(tr, b, MAX_FIGURES);
    na = AGM_MIN(na, (size_t)MAX_FIGURES);
    nb = AGM_MIN(nb, (size_t)MAX_FIGURES);
    qsort(a, na, sizeof *a, cmp_double);
    qsort(b, nb, sizeof *b, cmp_double);
    strbuf_t missing = {0}, extra = {0};
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (j >= nb || (i < na && a[i] < b[j] && fabs(a[i] - b[j]) > 1e-9))
            put_number(&missing, a[i++]);
        else if (i >= na || (b[j] < a[i] && fabs(a[i] - b[j]) > 1e-9))
            put_number(&extra, b[j++]);
        else
            i++, j++;
    }
    bool same = !missing.len && !extra.len;
    if (!same) {
        if (missing.len)
            sb_printf(why, "the English states %s, missing here", missing.s);
        if (missing.len && extra.len)
            sb_append(why, "; ");
        if (extra.len)
            sb_printf(why, "%s not in the English", extra.s);
    }
    sb_free(&missing);
    sb_free(&extra);
    return same;
}

/* ---- checking and building ---------------------------------------------------- */

typedef struct {
    const char *dir;
    content_t *c;
    diag_list_t *d;
    bool ok;
    /* the language being built */
    const char *lang;
    content_t *v;
    bool quiet;      /* nothing translated: no warning per text */
} build_t;

static char *file_in(const build_t *b, const char *name) { return path_join(b->dir, name); }

/* The figures of a translation against its English; an error on a difference. */
static void check_figures(build_t *b, const char *file, int line, const char *what, const char *en, const char *tr)
{
    strbuf_t why = {0};
    if (!same_figures(en, tr, &why)) {
        char *shown = file_in(b, file);
        diag_error(b->d, shown, line, "%s: %s: the figures differ from the English: %s", b->lang, what, why.s);
        free(shown);
        b->ok = false;
    }
    sb_free(&why);
}

static void warn_missing(build_t *b, const char *file, int line, const char *what)
{
    b->v->tr_missing++;
    if (b->quiet)
        return;
    char *shown = file_in(b, file);
    diag_warn(b->d, shown, line, "%s: no translation: %s is missing (the English is shown)", b->lang, what);
    free(shown);
}

/* The text of one translatable field in the view: the translation in the
 * language when there is one (its figures checked), else the English. */
static char *text_of(build_t *b, const trs_t *tr, const char *field, char *en, const char *file, int line,
                     const char *what)
{
    const tr_t *t = content_tr_find(tr, field, b->lang);
    char *full = xasprintf("%s.%s", field, b->lang);
    char *w = what ? xasprintf("%s %s", what, full) : xstrdup(full);
    if (!t) {
        if (en && *en)
            warn_missing(b, file, line, w);
        free(w);
        free(full);
        return en;
    }
    b->v->tr_count++;
    check_figures(b, file, t->line, w, en, t->text);
    free(w);
    free(full);
    return t->text;
}

/* The plain text of a block (its spans joined). Caller frees. */
static char *block_text(const block_t *bl)
{
    strbuf_t s = {0};
    sb_append(&s, "");
    for (size_t i = 0; i < bl->nspans; i++)
        sb_append(&s, bl->spans[i].text ? bl->spans[i].text : "");
    return sb_steal(&s);
}

static char *blocks_text(const block_t *bl, size_t n)
{
    strbuf_t s = {0};
    sb_append(&s, "");
    for (size_t i = 0; i < n; i++) {
        char *t = block_text(&bl[i]);
        sb_printf(&s, "%s\n", t);
        free(t);
    }
    return sb_steal(&s);
}

/* "Title {#id}": strips the id from the title (in place) and returns it, or NULL. */
static char *explicit_id(char *title)
{
    size_t n = strlen(title);
    char *open = strstr(title, "{#");
    if (!open || n < 4 || title[n - 1] != '}')
        return NULL;
    while (strstr(open + 1, "{#"))
        open = strstr(open + 1, "{#");
    char *id = xstrndup(open + 2, (size_t)(title + n - 1 - (open + 2)));
    size_t k = (size_t)(open - title);
    while (k > 0 && title[k - 1] == ' ')
        k--;
    title[k] = '\0';
    return id;
}

static const tr_report_t *report_for(const content_t *c, const char *lang)
{
    for (size_t i = 0; i < c->ntr_reports; i++)
        if (strcmp(c->tr_reports[i].lang, lang) == 0)
            return &c->tr_reports[i];
    return NULL;
}

/* The report of the view: each English section replaced by its translation. */
static void build_report(build_t *b)
{
    const content_t *c = b->c;
    content_t *v = b->v;
    const report_t *en = &c->report;
    v->report.sections = xcalloc(en->nsections ? en->nsections : 1, sizeof *v->report.sections);
    if (en->nsections)
        memcpy(v->report.sections, en->sections, en->nsections * sizeof *en->sections);
    const tr_report_t *trr = report_for(c, b->lang);
    if (!trr) {
        if (en->nsections) {
            char *what = xasprintf("report.%s.md", b->lang);
            warn_missing(b, "report.md", 0, what);
            free(what);
            v->tr_missing += en->nsections - 1;
        }
        return;
    }
    const report_t *tr = &trr->report;
    if (tr->title && *tr->title) {
        v->report.title = tr->title;
        v->tr_count++;
        char *file = xasprintf("report.%s.md", b->lang);
        check_figures(b, file, tr->title_line, "the title", en->title, tr->title);
        free(file);
    }
    if (tr->nintro) {
        v->report.intro = tr->intro;
        v->report.nintro = tr->nintro;
    }
    /* which translated section is which English one: {#id}, else position */
    int *map = xcalloc(en->nsections ? en->nsections : 1, sizeof *map);
    for (size_t i = 0; i < en->nsections; i++)
        map[i] = -1;
    for (size_t k = 0; k < tr->nsections; k++) {
        const section_t *ts = &tr->sections[k];
        const char *id = ts->id; /* set to the explicit id by load_translations, or "" */
        if (!*id)
            continue;
        size_t i = 0;
        while (i < en->nsections && strcmp(en->sections[i].id, id) != 0)
            i++;
        if (i == en->nsections) {
            diag_warn(b->d, trr->shown, ts->line, "%s: '{#%s}' is not the id of a section of report.md "
                      "(agmkiosk check --ids lists them); this section is not shown", b->lang, id);
        } else if (map[i] >= 0) {
            diag_warn(b->d, trr->shown, ts->line, "%s: section '%s' is translated twice (also on line %d)", b->lang,
                      id, tr->sections[map[i]].line);
        } else {
            map[i] = (int)k;
        }
    }
    for (size_t k = 0; k < tr->nsections; k++)
        if (!*tr->sections[k].id && k < en->nsections && map[k] < 0)
            map[k] = (int)k;
        else if (!*tr->sections[k].id)
            diag_warn(b->d, trr->shown, tr->sections[k].line,
                      "%s: section %zu has no '{#id}' and report.md has no free section at its place; it is not shown",
                      b->lang, k + 1);
    char *file = xasprintf("report.%s.md", b->lang);
    for (size_t i = 0; i < en->nsections; i++) {
        const section_t *es = &en->sections[i];
        if (map[i] < 0) {
            char *what = xasprintf("the section '%s' in report.%s.md", es->id, b->lang);
            char *tfile = xasprintf("report.md");
            warn_missing(b, tfile, es->line, what);
            free(tfile);
            free(what);
            continue;
        }
        const section_t *ts = &tr->sections[map[i]];
        section_t *vs = &v->report.sections[i];
        vs->title = ts->title;
        vs->blocks = ts->blocks;
        vs->nblocks = ts->nblocks;
        v->tr_count++;
        char *what = xasprintf("the heading of '%s'", es->id);
        check_figures(b, file, ts->line, what, es->title, ts->title);
        free(what);
        if (ts->nblocks == es->nblocks) {
            /* paragraph by paragraph, so a difference is found on its line */
            for (size_t k = 0; k < ts->nblocks; k++) {
                char *et = block_text(&es->blocks[k]), *tt = block_text(&ts->blocks[k]);
                char *w = xasprintf("'%s', report.md line %d", es->id, es->blocks[k].line);
                check_figures(b, file, ts->blocks[k].line, w, et, tt);
                free(w);
                free(et);
                free(tt);
            }
        } else {
            char *et = blocks_text(es->blocks, es->nblocks), *tt = blocks_text(ts->blocks, ts->nblocks);
            char *w = xasprintf("section '%s'", es->id);
            check_figures(b, file, ts->line, w, et, tt);
            free(w);
            free(et);
            free(tt);
        }
    }
    free(file);
    free(map);
}

/* The section title a stat names, in the view: the figure's "From the report". */
static char *stat_section(const content_t *c, const content_t *v, char *section)
{
    char *slug = content_slug(section);
    char *res = section;
    for (size_t j = 0; j < c->report.nsections; j++)
        if (strcmp(c->report.sections[j].title, section) == 0 || strcmp(c->report.sections[j].id, section) == 0 ||
            strcmp(c->report.sections[j].id, slug) == 0) {
            res = v->report.sections[j].title;
            break;
        }
    free(slug);
    return res;
}

static bool has_lang(const trs_t *t, const char *lang)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].lang, lang) == 0)
            return true;
    return false;
}

/* Does the folder translate anything into lang? */
static bool any_translation(const content_t *c, const char *lang)
{
    if (report_for(c, lang) || has_lang(&c->event.tr, lang))
        return true;
    for (size_t i = 0; i < c->ntimeline; i++)
        if (has_lang(&c->timeline[i].tr, lang))
            return true;
    for (size_t i = 0; i < c->nstats; i++)
        if (has_lang(&c->stats[i].tr, lang))
            return true;
    for (size_t i = 0; i < c->ncharts; i++)
        if (has_lang(&c->charts[i].tr, lang))
            return true;
    for (size_t i = 0; i < c->nslides; i++)
        if (has_lang(&c->slides[i].tr, lang))
            return true;
    for (size_t i = 0; i < c->nresolutions; i++)
        if (has_lang(&c->resolutions[i].tr, lang))
            return true;
    return false;
}

static void build_view(build_t *b)
{
    content_t *c = b->c, *v = b->v;
    *v = *c;
    v->views = NULL;
    v->nviews = 0;
    v->tr_reports = NULL;
    v->ntr_reports = 0;
    v->base = c;
    v->tr_count = v->tr_missing = 0;
    snprintf(v->lang, sizeof v->lang, "%s", b->lang);
    /* A language the content is not translated into at all (only its
     * interface is) shows the content as written, without a warning per
     * text: `check` says so in its summary (tr_count 0). */
    b->quiet = !any_translation(c, b->lang);

    /* event.ini */
    event_t *e = &v->event;
    static const char *const ev_fields[] = {"title", "subtitle", "place", "organizer"};
    char **ev_ptrs[] = {&e->title, &e->subtitle, &e->place, &e->organizer};
    static const int ev_line_index[] = {0, 1, 3, 4};
    for (size_t i = 0; i < AGM_ARRAY_LEN(ev_fields); i++) {
        *ev_ptrs[i] = text_of(b, &c->event.tr, ev_fields[i], *ev_ptrs[i], "event.ini",
                              c->event.lines[ev_line_index[i]], NULL);
    }

    build_report(b);

    /* timeline.csv */
    v->timeline = xcalloc(c->ntimeline ? c->ntimeline : 1, sizeof *v->timeline);
    if (c->ntimeline)
        memcpy(v->timeline, c->timeline, c->ntimeline * sizeof *c->timeline);
    for (size_t i = 0; i < c->ntimeline; i++) {
        tl_event_t *t = &v->timeline[i];
        t->title = text_of(b, &t->tr, "title", t->title, "timeline.csv", t->line, NULL);
        t->detail = text_of(b, &t->tr, "detail", t->detail, "timeline.csv", t->line, NULL);
    }

    /* stats.csv */
    v->stats = xcalloc(c->nstats ? c->nstats : 1, sizeof *v->stats);
    if (c->nstats)
        memcpy(v->stats, c->stats, c->nstats * sizeof *c->stats);
    for (size_t i = 0; i < c->nstats; i++) {
        stat_t *s = &v->stats[i];
        s->label = text_of(b, &s->tr, "label", s->label, "stats.csv", s->line, NULL);
        s->unit = text_of(b, &s->tr, "unit", s->unit, "stats.csv", s->line, NULL);
        s->note = text_of(b, &s->tr, "note", s->note, "stats.csv", s->line, NULL);
        s->section = stat_section(c, v, s->section);
    }

    /* charts.ini */
    v->charts = xcalloc(c->ncharts ? c->ncharts : 1, sizeof *v->charts);
    if (c->ncharts)
        memcpy(v->charts, c->charts, c->ncharts * sizeof *c->charts);
    for (size_t i = 0; i < c->ncharts; i++) {
        chart_t *ch = &v->charts[i];
        char *what = xasprintf("[%s]", ch->id);
        ch->title = text_of(b, &ch->tr, "title", ch->title, "charts.ini", ch->line, what);
        ch->unit = text_of(b, &ch->tr, "unit", ch->unit, "charts.ini", ch->line, what);
        ch->source = text_of(b, &ch->tr, "source", ch->source, "charts.ini", ch->line, what);
        free(what);
    }

    /* slides.ini */
    v->slides = xcalloc(c->nslides ? c->nslides : 1, sizeof *v->slides);
    if (c->nslides)
        memcpy(v->slides, c->slides, c->nslides * sizeof *c->slides);
    for (size_t i = 0; i < c->nslides; i++) {
        slide_spec_t *s = &v->slides[i];
        s->heading = text_of(b, &s->tr, "heading", s->heading, "slides.ini", s->line, NULL);
        s->body = text_of(b, &s->tr, "body", s->body, "slides.ini", s->line, NULL);
        s->notes = text_of(b, &s->tr, "notes", s->notes, "slides.ini", s->line, NULL);
    }

    /* resolutions.ini */
    v->resolutions = xcalloc(c->nresolutions ? c->nresolutions : 1, sizeof *v->resolutions);
    if (c->nresolutions)
        memcpy(v->resolutions, c->resolutions, c->nresolutions * sizeof *c->resolutions);
    for (size_t i = 0; i < c->nresolutions; i++) {
        resolution_t *r = &v->resolutions[i];
        char *what = xasprintf("[%s]", r->id);
        r->title = text_of(b, &r->tr, "title", r->title, "resolutions.ini", r->line, what);
        r->text = text_of(b, &r->tr, "text", r->text, "resolutions.ini", r->line, what);
        free(what);
    }
}

static bool is_lang(const content_t *c, const char *lang)
{
    for (size_t i = 1; i < c->nlangs; i++)
        if (strcmp(c->langs[i].lang, lang) == 0)
            return true;
    return false;
}

/* Translations into a language that has no strings file cannot be shown:
 * say so once per file and language. */
static void warn_unknown_langs(build_t *b, const trs_t *t, const char *file, strbuf_t *seen)
{
    for (size_t i = 0; i < t->n; i++) {
        if (is_lang(b->c, t->v[i].lang))
            continue;
        char *tag = xasprintf("|%s:%s|", file, t->v[i].lang);
        if (!seen->s || !strstr(seen->s, tag)) {
            sb_append(seen, tag);
            char *shown = file_in(b, file);
            if (strcmp(t->v[i].lang, "en") == 0)
                diag_warn(b->d, shown, t->v[i].line, "'%s.en' is ignored: the English text is '%s' itself",
                          t->v[i].field, t->v[i].field);
            else
                diag_warn(b->d, shown, t->v[i].line,
                          "'%s.%s' is ignored: there is no strings/%s.ini, so %s cannot be chosen", t->v[i].field,
                          t->v[i].lang, t->v[i].lang, t->v[i].lang);
            free(shown);
        }
        free(tag);
    }
}

/* report.LANG.md for every language of strings/, and a warning for such a
 * file of a language without strings. */
static void load_reports(build_t *b, const char *only)
{
    content_t *c = b->c;
    if (!c->tr_reports)
        c->tr_reports = xcalloc(c->nlangs ? c->nlangs : 1, sizeof *c->tr_reports);
    for (size_t i = 1; i < c->nlangs; i++) {
        if (only ? strcmp(c->langs[i].lang, only) != 0 : strcmp(c->langs[i].lang, c->views_first) == 0)
            continue;
        char *name = xasprintf("report.%s.md", c->langs[i].lang);
        char *path = path_join(b->dir, name);
        struct stat st;
        if (stat(path, &st) == 0) {
            tr_report_t *r = &c->tr_reports[c->ntr_reports++];
            r->lang = xstrdup(c->langs[i].lang);
            r->shown = xstrdup(path);
            if (!content_load_report(path, path, &r->report, b->d))
                b->ok = false;
            for (size_t k = 0; k < r->report.nsections; k++) {
                section_t *s = &r->report.sections[k];
                char *id = explicit_id(s->title);
                free(s->id);
                s->id = id ? id : xstrdup("");
            }
        }
        free(path);
        free(name);
    }
    if (only)
        return; /* the folder is looked through with the other languages */
    DIR *dp = opendir(b->dir);
    if (!dp)
        return;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n > 10 && strncmp(e->d_name, "report.", 7) == 0 && strcmp(e->d_name + n - 3, ".md") == 0) {
            char *lang = xstrndup(e->d_name + 7, n - 10);
            if (!is_lang(c, lang)) {
                char *shown = path_join(b->dir, e->d_name);
                diag_warn(b->d, shown, 0, "ignored: there is no strings/%s.ini, so %s cannot be chosen", lang, lang);
                free(shown);
            }
            free(lang);
        }
    }
    closedir(dp);
}

/* The views of every language but en, or (only) that of one language. */
static bool build_views(const char *dir, content_t *c, diag_list_t *d, const char *only)
{
    build_t b = {.dir = dir, .c = c, .d = d, .ok = true};
    load_reports(&b, only);
    if (!only) {
        strbuf_t seen = {0};
        warn_unknown_langs(&b, &c->event.tr, "event.ini", &seen);
        for (size_t i = 0; i < c->ntimeline; i++)
            warn_unknown_langs(&b, &c->timeline[i].tr, "timeline.csv", &seen);
        for (size_t i = 0; i < c->nstats; i++)
            warn_unknown_langs(&b, &c->stats[i].tr, "stats.csv", &seen);
        for (size_t i = 0; i < c->ncharts; i++)
            warn_unknown_langs(&b, &c->charts[i].tr, "charts.ini", &seen);
        for (size_t i = 0; i < c->nslides; i++)
            warn_unknown_langs(&b, &c->slides[i].tr, "slides.ini", &seen);
        for (size_t i = 0; i < c->nresolutions; i++)
            warn_unknown_langs(&b, &c->resolutions[i].tr, "resolutions.ini", &seen);
        sb_free(&seen);
    }
    if (c->nlangs > 1 && !c->views)
        c->views = xcalloc(c->nlangs - 1, sizeof *c->views);
    for (size_t i = 1; i < c->nlangs; i++) {
        const char *lang = c->langs[i].lang;
        if (only ? strcmp(lang, only) != 0 : strcmp(lang, c->views_first) == 0)
            continue;
        b.lang = lang;
        b.v = &c->views[c->nviews++];
        build_view(&b);
    }
    return b.ok;
}

bool content_build_views(const char *dir, content_t *c, diag_list_t *d)
{
    if (c->views_pending) /* the first language now; content_finish() builds the others */
        return build_views(dir, c, d, c->views_first);
    return build_views(dir, c, d, NULL);
}

void content_build_first_view(content_t *c, const char *lang)
{
    if (!lang || !is_lang(c, lang))
        return;
    diag_list_t quiet = {0};
    build_views(c->dir, c, &quiet, lang); /* its report.LANG.md too */
    diag_free(&quiet);
}

bool content_finish_views(content_t *c, diag_list_t *d)
{
    if (!c || c->base || !c->views_pending)
        return true;
    c->views_pending = false;
    bool ok = build_views(c->dir, c, d, NULL);
    c->views_first[0] = '\0';
    return ok;
}

void content_free_views(content_t *c)
{
    for (size_t i = 0; i < c->nviews; i++) {
        content_t *v = &c->views[i];
        free(v->report.sections);
        free(v->timeline);
        free(v->stats);
        free(v->charts);
        free(v->slides);
        free(v->resolutions);
    }
    free(c->views);
    c->views = NULL;
    c->nviews = 0;
    for (size_t i = 0; i < c->ntr_reports; i++) {
        free(c->tr_reports[i].lang);
        free(c->tr_reports[i].shown);
        content_free_report(&c->tr_reports[i].report);
    }
    free(c->tr_reports);
    c->tr_reports = NULL;
    c->ntr_reports = 0;
}

const content_t *content_in(const content_t *c, const char *lang)
{
    if (!c)
        return NULL;
    const content_t *base = c->base ? c->base : c;
    if (!lang)
        return base;
    for (size_t i = 0; i < base->nviews; i++)
        if (strcmp(base->views[i].lang, lang) == 0)
            return &base->views[i];
    return base;
}
