/* settings.c - the INI files of a content folder: event.ini, charts.ini,
 * slides.ini, forms.ini and theme.ini (strings are in strings.c). */
#include "content_internal.h"
#include "../core/ini.h"
#include "../core/util.h"
#include "../store/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void content_free_slide(slide_spec_t *s)
{
    free(s->ref);
    free(s->heading);
    free(s->body);
    free(s->notes);
    content_tr_free(&s->tr);
    memset(s, 0, sizeof *s);
}

/* Read an INI content file through cb; headers (may be NULL) receives the
 * section header lines. Returns false after reporting. */
static bool read_ini(const char *path, const char *shown, ini_key_cb cb, void *user,
                     ini_headers_t *headers, diag_list_t *d)
{
    const char *body;
    size_t len;
    char *text = content_read_text(path, shown, d, &body, &len);
    if (!text)
        return false;
    if (headers)
        content_ini_headers(body, len, headers);
    bool ok = ini_load_text(body, len, shown, cb, user, d);
    free(text);
    return ok;
}

/* Store a string setting once; a second one for the same key is an error. */
static bool set_once(char **field, const char *value, const char *shown, int line, const char *key,
                     diag_list_t *d)
{
    if (*field) {
        diag_error(d, shown, line, "'%s' is given twice", key);
        return false;
    }
    *field = xstrdup(value);
    content_fix_cjk_joins(*field);
    return true;
}

/* The string keys of a section: each name's value goes to its field, once. */
typedef struct {
    const char *name;
    char **field;
} str_key_t;

/* key's value into its field in keys (set_once); *found says whether key is
 * one of them. */
static bool set_key(const str_key_t *keys, size_t n, const char *key, const char *value, const char *shown,
                    int line, diag_list_t *d, bool *found)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key, keys[i].name) == 0) {
            *found = true;
            return set_once(keys[i].field, value, shown, line, key, d);
        }
    *found = false;
    return true;
}

/* The warning for a key that is none of the known ones: first (a key the
 * caller handles itself, or NULL), then the names in keys. in: " in [x]" or "". */
static void warn_unknown(const char *first, const str_key_t *keys, size_t n, const char *in, const char *key,
                         const char *shown, int line, diag_list_t *d)
{
    strbuf_t known = {0};
    if (first)
        sb_append(&known, first);
    for (size_t i = 0; i < n; i++)
        sb_printf(&known, "%s%s", known.len ? ", " : "", keys[i].name);
    diag_warn(d, shown, line, "unknown key '%s'%s is ignored (known: %s)", key, in, known.s ? known.s : "");
    sb_free(&known);
}

/* A translation key "FIELD.LANG" (content_tr_split): stored in tr when
 * FIELD is one of the texts that may be translated; *handled says whether
 * key had that form at all. */
static bool tr_key(trs_t *tr, const char *const *fields, size_t nf, const char *key, const char *value,
                   const char *shown, int line, diag_list_t *d, bool *handled)
{
    char field[64];
    const char *lang;
    *handled = content_tr_split(key, field, sizeof field, &lang);
    if (!*handled)
        return true;
    for (size_t i = 0; i < nf; i++)
        if (strcmp(field, fields[i]) == 0) {
            if (!content_tr_add(tr, field, lang, value, line)) {
                diag_error(d, shown, line, "'%s' is given twice", key);
                return false;
            }
            return true;
        }
    strbuf_t known = {0};
    for (size_t i = 0; i < nf; i++)
        sb_printf(&known, "%s%s", i ? ", " : "", fields[i]);
    diag_warn(d, shown, line, "'%s' is ignored: only %s can be translated here", key, known.s ? known.s : "");
    sb_free(&known);
    return true;
}

/* The text keys of a section whose texts may all be translated: key.LANG
 * goes to tr, key to its field; anything else is warned of, naming first
 * (the section's other key) among those known. */
static bool text_key(trs_t *tr, const str_key_t *keys, size_t n, const char *first, const char *key,
                     const char *value, const char *shown, int line, diag_list_t *d)
{
    const char *names[8];
    size_t nn = n < AGM_ARRAY_LEN(names) ? n : AGM_ARRAY_LEN(names);
    for (size_t i = 0; i < nn; i++)
        names[i] = keys[i].name;
    bool handled, tok = tr_key(tr, names, nn, key, value, shown, line, d, &handled);
    if (handled)
        return tok;
    bool found, ok = set_key(keys, n, key, value, shown, line, d, &found);
    if (!found)
        warn_unknown(first, keys, n, "", key, shown, line, d);
    return ok;
}

/* ---- event.ini ------------------------------------------------------------- */

typedef struct {
    event_t *e;
    const char *shown;
    diag_list_t *d;
    int lines[6];
    unsigned qseen;   /* the [quorum] keys given */
} event_ctx_t;

static const char *const event_keys[] = {"title", "subtitle", "date", "place", "organizer", "url"};

static char **event_field(event_t *e, size_t i)
{
    char **f[] = {&e->title, &e->subtitle, &e->date, &e->place, &e->organizer, &e->url};
    return f[i];
}

/* [quorum]: share, rule, counts, members, each once. */
static bool quorum_cb(event_ctx_t *x, const char *key, const char *value, int line)
{
    meet_quorum_t *q = &x->e->quorum;
    static const char *const keys[] = {"share", "rule", "counts", "members"};
    size_t k = 0;
    while (k < AGM_ARRAY_LEN(keys) && strcmp(key, keys[k]) != 0)
        k++;
    if (k == AGM_ARRAY_LEN(keys)) {
        diag_warn(x->d, x->shown, line, "unknown key '%s' in [quorum] is ignored (known: share, rule, counts, members)",
                  key);
        return true;
    }
    if (x->qseen & (1u << k)) {
        diag_error(x->d, x->shown, line, "'%s' is given twice", key);
        return false;
    }
    x->qseen |= 1u << k;
    if (!x->e->quorum_line)
        x->e->quorum_line = line;
    q->set = true;
    switch (k) {
    case 0:
        if (!meet_share_parse(value, &q->num, &q->den)) {
            diag_error(x->d, x->shown, line,
                       "share '%s' is not a share of the members; write a fraction such as 1/2 or 2/3 (or half, "
                       "one_third, two_thirds)", value);
            return false;
        }
        return true;
    case 1:
        if (strcmp(value, "at_least") == 0 || strcmp(value, "more_than") == 0) {
            q->more_than = value[0] == 'm';
            return true;
        }
        diag_error(x->d, x->shown, line, "unknown rule '%s'; use at_least or more_than (the share)", value);
        return false;
    case 2:
        if (!meet_counts_parse(value, &q->counts)) {
            diag_error(x->d, x->shown, line,
                       "counts '%s': list what counts as attending, from present, written and proxy "
                       "(e.g. counts = present, written, proxy)", value);
            return false;
        }
        return true;
    default: {
        char *end = NULL;
        long long n = strtoll(value, &end, 10);
        if (!*value || *end || n < 1 || n > 1000000) {
            diag_error(x->d, x->shown, line, "members '%s' must be the number of voting members (1 to 1000000)",
                       value);
            return false;
        }
        q->members = n;
        return true;
    }
    }
}

static bool event_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    event_ctx_t *x = user;
    if (strcmp(section, "quorum") == 0)
        return quorum_cb(x, key, value, line);
    if (strcmp(section, "event") != 0) {
        diag_error(x->d, x->shown, line, "'%s' is outside the [event] and [quorum] sections", key);
        return false;
    }
    static const char *const tr_fields[] = {"title", "subtitle", "place", "organizer"};
    bool handled, ok = tr_key(&x->e->tr, tr_fields, AGM_ARRAY_LEN(tr_fields), key, value, x->shown, line, x->d,
                              &handled);
    if (handled)
        return ok;
    for (size_t i = 0; i < AGM_ARRAY_LEN(event_keys); i++)
        if (strcmp(key, event_keys[i]) == 0) {
            x->lines[i] = line;
            return set_once(event_field(x->e, i), value, x->shown, line, key, x->d);
        }
    diag_warn(x->d, x->shown, line, "unknown key '%s' is ignored (known: title, subtitle, date, place, organizer, url)",
              key);
    return true;
}

bool content_load_event(const char *path, const char *shown, event_t *e, diag_list_t *d)
{
    event_ctx_t x = {.e = e, .shown = shown, .d = d};
    meet_quorum_default(&e->quorum);
    bool ok = read_ini(path, shown, event_cb, &x, NULL, d);
    memcpy(e->lines, x.lines, sizeof e->lines);
    bool readable = e->title || e->date || e->place || e->organizer || e->subtitle || e->url || ok;
    static const bool required[] = {true, false, true, true, true, false};
    for (size_t i = 0; i < AGM_ARRAY_LEN(event_keys); i++) {
        char **f = event_field(e, i);
        if (readable && required[i] && (!*f || !**f)) {
            diag_error(d, shown, x.lines[i], "missing required field '%s' in [event]", event_keys[i]);
            ok = false;
        }
        if (!*f)
            *f = xstrdup(""); /* the UI never sees NULL here */
    }
    int y, m, dd;
    if (*e->date && !content_parse_date(e->date, &y, &m, &dd)) {
        diag_error(d, shown, x.lines[2], "unknown date format '%s'; write the date as YYYY-MM-DD, e.g. 2012-10-08",
                   e->date);
        ok = false;
    }
    return ok;
}

/* ---- charts.ini ------------------------------------------------------------ */

typedef struct {
    content_t *c;
    const char *shown;
    diag_list_t *d;
    ini_headers_t h;
    size_t cap;
    bool *has_kind; /* per chart */
} charts_ctx_t;

/* Of the n items at base (size bytes each, their char *id and int line at
 * those offsets), the index of the one named section; -1 when it is new;
 * -2 when its header comes a second time (reported once: the item then
 * takes the later line). *hline is the line of section's header. */
static long section_seen(void *base, size_t n, size_t size, size_t id_off, size_t line_off, const char *section,
                         const ini_headers_t *h, int line, const char *shown, diag_list_t *d, int *hline)
{
    const ini_header_t *hd = content_ini_header_for(h, line);
    *hline = hd ? hd->line : line;
    for (size_t i = 0; i < n; i++) {
        char *item = (char *)base + i * size;
        if (strcmp(*(char **)(item + id_off), section) != 0)
            continue;
        int *at = (int *)(item + line_off);
        if (*at != *hline && hd) {
            diag_error(d, shown, *hline, "[%s] is given twice (first on line %d)", section, *at);
            *at = *hline; /* report once */
            return -2;
        }
        return (long)i;
    }
    return -1;
}

static chart_t *chart_for(charts_ctx_t *x, const char *section, int line)
{
    int hline;
    long i = section_seen(x->c->charts, x->c->ncharts, sizeof *x->c->charts, offsetof(chart_t, id),
                          offsetof(chart_t, line), section, &x->h, line, x->shown, x->d, &hline);
    if (i != -1)
        return i >= 0 ? &x->c->charts[i] : NULL;
    size_t old = x->cap;
    xgrow((void **)&x->c->charts, &x->cap, x->c->ncharts + 1, sizeof *x->c->charts);
    if (x->cap != old)
        x->has_kind = xrealloc(x->has_kind, x->cap * sizeof *x->has_kind);
    x->has_kind[x->c->ncharts] = false;
    chart_t *ch = &x->c->charts[x->c->ncharts++];
    *ch = (chart_t){.id = xstrdup(section), .line = hline};
    return ch;
}

static bool charts_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    charts_ctx_t *x = user;
    if (!*section) {
        diag_error(x->d, x->shown, line, "'%s' is outside a [group] section", key);
        return false;
    }
    if (!content_id_valid(section)) {
        diag_error(x->d, x->shown, line, "group name '%s': use letters, digits, '_' and '-' only", section);
        return false;
    }
    chart_t *ch = chart_for(x, section, line);
    if (!ch)
        return false;
    size_t idx = (size_t)(ch - x->c->charts);
    if (strcmp(key, "kind") == 0) {
        if (x->has_kind[idx]) {
            diag_error(x->d, x->shown, line, "'kind' is given twice");
            return false;
        }
        x->has_kind[idx] = true;
        if (strcmp(value, "bar") == 0)
            ch->kind = CHART_BAR;
        else if (strcmp(value, "tiles") == 0)
            ch->kind = CHART_TILES;
        else {
            diag_error(x->d, x->shown, line, "unknown kind '%s'; use bar or tiles", value);
            return false;
        }
        return true;
    }
    const str_key_t keys[] = {{"title", &ch->title}, {"unit", &ch->unit}, {"source", &ch->source}};
    return text_key(&ch->tr, keys, AGM_ARRAY_LEN(keys), "kind", key, value, x->shown, line, x->d);
}

bool content_load_charts(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    charts_ctx_t x = {.c = c, .shown = shown, .d = d};
    bool ok = read_ini(path, shown, charts_cb, &x, &x.h, d);
    for (size_t i = 0; i < c->ncharts; i++) {
        chart_t *ch = &c->charts[i];
        if (!x.has_kind[i]) {
            diag_error(d, shown, ch->line, "[%s] has no 'kind' (bar or tiles)", ch->id);
            ok = false;
        }
        if (!ch->title || !*ch->title) {
            diag_error(d, shown, ch->line, "[%s] has no 'title'", ch->id);
            ok = false;
        }
        if (!ch->title) ch->title = xstrdup("");
        if (!ch->unit) ch->unit = xstrdup("");
        if (!ch->source) ch->source = xstrdup("");
    }
    /* a [group] header without any key is invisible to inih: report it */
    for (size_t i = 0; i < x.h.n; i++) {
        bool seen = false;
        for (size_t j = 0; j < c->ncharts && !seen; j++)
            seen = strcmp(c->charts[j].id, x.h.v[i].name) == 0;
        if (!seen) {
            diag_error(d, shown, x.h.v[i].line, "[%s] has no 'kind' (bar or tiles)", x.h.v[i].name);
            ok = false;
        }
    }
    if (ok && !c->ncharts)
        diag_warn(d, shown, 0, "no charts");
    free(x.has_kind);
    content_ini_headers_free(&x.h);
    return ok;
}

/* ---- slides.ini ------------------------------------------------------------ */

enum { SHOW_NONE, SHOW_OK, SHOW_BAD };

typedef struct {
    content_t *c;
    const char *shown;
    diag_list_t *d;
    ini_headers_t h;
    size_t cap;
    /* per slide: the header line it came from, and its 'show' line:
     * SHOW_NONE, SHOW_OK or SHOW_BAD (already reported) */
    int *hline;
    char *shown_kind;
} slides_ctx_t;

static slide_spec_t *slide_for(slides_ctx_t *x, int line)
{
    const ini_header_t *hd = content_ini_header_for(&x->h, line);
    if (!hd)
        return NULL;
    for (size_t i = 0; i < x->c->nslides; i++)
        if (x->hline[i] == hd->line)
            return &x->c->slides[i];
    size_t old = x->cap;
    xgrow((void **)&x->c->slides, &x->cap, x->c->nslides + 1, sizeof *x->c->slides);
    if (x->cap != old) {
        x->hline = xrealloc(x->hline, x->cap * sizeof *x->hline);
        x->shown_kind = xrealloc(x->shown_kind, x->cap * sizeof *x->shown_kind);
    }
    x->hline[x->c->nslides] = hd->line;
    x->shown_kind[x->c->nslides] = SHOW_NONE;
    slide_spec_t *s = &x->c->slides[x->c->nslides++];
    *s = (slide_spec_t){.kind = SLIDE_TEXT, .line = hd->line};
    return s;
}

static bool parse_show(slide_spec_t *s, const char *value, const char *shown, int line, diag_list_t *d)
{
    static const struct { const char *name; slide_kind_t kind; bool ref; } kinds[] = {
        {"title", SLIDE_TITLE, false}, {"section", SLIDE_SECTION, true}, {"timeline", SLIDE_TIMELINE, false},
        {"chart", SLIDE_CHART, true},  {"text", SLIDE_TEXT, false},      {"closing", SLIDE_CLOSING, false},
        {"questions", SLIDE_QUESTIONS, false}, {"attendance", SLIDE_ATTENDANCE, false},
        {"resolution", SLIDE_RESOLUTION, true},
    };
    size_t wl = strcspn(value, " \t");
    const char *arg = value + wl;
    arg += strspn(arg, " \t");
    for (size_t i = 0; i < AGM_ARRAY_LEN(kinds); i++) {
        if (strlen(kinds[i].name) != wl || strncmp(value, kinds[i].name, wl) != 0)
            continue;
        if (kinds[i].ref && !*arg) {
            diag_error(d, shown, line, "'show = %s' needs the %s's id, e.g. 'show = %s ID'", kinds[i].name,
                       kinds[i].name, kinds[i].name);
            return false;
        }
        if (!kinds[i].ref && *arg) {
            diag_error(d, shown, line, "'show = %s' takes nothing after it", kinds[i].name);
            return false;
        }
        s->kind = kinds[i].kind;
        if (kinds[i].ref)
            s->ref = xstrdup(arg);
        return true;
    }
    diag_error(d, shown, line, "unknown slide '%s'; use title, section ID, timeline, chart ID, text, closing, questions, "
               "attendance or resolution ID",
               value);
    return false;
}

/* [timing]: the presenter's clock for this deck. */
static bool timing_key(slides_ctx_t *x, const char *key, const char *value, int line)
{
    timing_t *t = &x->c->timing;
    if (strcmp(key, "duration") == 0 || strcmp(key, "speaking_time") == 0) {
        int d;
        if (!ini_parse_duration(value, &d)) {
            diag_error(x->d, x->shown, line, "[timing] %s = '%s': expected %s", key, value, INI_DURATION_RULE);
            return false;
        }
        *(key[0] == 'd' ? &t->duration_s : &t->speaking_s) = d;
        return true;
    }
    if (strcmp(key, "end_time") == 0) {
        if (!ini_parse_time_of_day(value, &t->end_min)) {
            diag_error(x->d, x->shown, line, "[timing] end_time = '%s': expected %s", value, INI_TIME_OF_DAY_RULE);
            return false;
        }
        return true;
    }
    diag_error(x->d, x->shown, line, "unknown key '%s' in [timing]; use duration, end_time or speaking_time", key);
    return false;
}

static bool slides_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    slides_ctx_t *x = user;
    if (strcmp(section, "timing") == 0)
        return timing_key(x, key, value, line);
    if (strcmp(section, "slide") != 0) {
        diag_error(x->d, x->shown, line, "'%s' is outside a [slide] section", key);
        return false;
    }
    slide_spec_t *s = slide_for(x, line);
    if (!s)
        return false;
    size_t idx = (size_t)(s - x->c->slides);
    if (strcmp(key, "show") == 0) {
        if (x->shown_kind[idx] != SHOW_NONE) {
            diag_error(x->d, x->shown, line, "'show' is given twice; start each slide with its own [slide]");
            return false;
        }
        s->line = line;
        bool ok = parse_show(s, value, x->shown, line, x->d);
        x->shown_kind[idx] = ok ? SHOW_OK : SHOW_BAD;
        return ok;
    }
    const str_key_t keys[] = {{"heading", &s->heading}, {"body", &s->body}, {"notes", &s->notes}};
    return text_key(&s->tr, keys, AGM_ARRAY_LEN(keys), "show", key, value, x->shown, line, x->d);
}

bool content_load_slides(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    slides_ctx_t x = {.c = c, .shown = shown, .d = d};
    bool ok = read_ini(path, shown, slides_cb, &x, &x.h, d);
    /* every [slide] header, even one without keys, is a slide that needs 'show' */
    for (size_t i = 0; i < x.h.n; i++) {
        if (strcmp(x.h.v[i].name, "timing") == 0)
            continue;
        if (strcmp(x.h.v[i].name, "slide") != 0) {
            diag_error(d, shown, x.h.v[i].line, "unknown section [%s]; slides.ini has [slide] sections and one [timing]",
                       x.h.v[i].name);
            ok = false;
            continue;
        }
        bool found = false;
        for (size_t j = 0; j < c->nslides && !found; j++)
            if (x.hline[j] == x.h.v[i].line) {
                found = true;
                if (x.shown_kind[j] == SHOW_NONE) {
                    diag_error(d, shown, x.h.v[i].line, "this [slide] has no 'show = ...' line");
                    ok = false;
                }
            }
        if (!found) {
            diag_error(d, shown, x.h.v[i].line, "this [slide] has no 'show = ...' line");
            ok = false;
        }
    }
    /* keep only usable slides, so a deck shown despite errors has no blanks */
    size_t w = 0;
    for (size_t i = 0; i < c->nslides; i++) {
        slide_spec_t *s = &c->slides[i];
        bool keep = x.shown_kind[i] == SHOW_OK;
        if (keep && s->kind == SLIDE_TEXT && (!s->heading || !s->body)) {
            diag_error(d, shown, s->line, "a text slide needs both 'heading' and 'body'");
            ok = false;
            keep = false;
        }
        if (keep)
            c->slides[w++] = *s;
        else
            content_free_slide(s);
    }
    c->nslides = w;
    if (!c->nslides && x.h.n == 0) {
        diag_error(d, shown, 0, "no slides: add [slide] sections with 'show = ...'");
        ok = false;
    }
    free(x.hline);
    free(x.shown_kind);
    content_ini_headers_free(&x.h);
    return ok;
}

/* ---- forms.ini ------------------------------------------------------------- */

typedef struct {
    forms_t *f;
    const char *shown;
    diag_list_t *d;
    size_t cap[3];
    int version_line, text_line;
} forms_ctx_t;

static bool forms_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    forms_ctx_t *x = user;
    forms_t *f = x->f;
    if (strcmp(section, "consent") == 0) {
        if (strcmp(key, "version") == 0) {
            x->version_line = line;
            return set_once(&f->consent_version, value, x->shown, line, key, x->d);
        }
        if (strcmp(key, "text") == 0) {
            x->text_line = line;
            return set_once(&f->consent_text, value, x->shown, line, key, x->d);
        }
        diag_warn(x->d, x->shown, line, "unknown key '%s' in [consent] is ignored (known: version, text)", key);
        return true;
    }
    choice_t **lists[3] = {&f->topics, &f->interests, &f->languages};
    size_t *counts[3] = {&f->ntopics, &f->ninterests, &f->nlanguages};
    static const char *const names[3] = {"topics", "interests", "languages"};
    int which = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(section, names[i]) == 0)
            which = i;
    if (which < 0) {
        diag_error(x->d, x->shown, line, "'%s' is in unknown section [%s]; use [topics], [interests], [languages] or [consent]",
                   key, section);
        return false;
    }
    if (!content_id_valid(key)) {
        diag_error(x->d, x->shown, line, "choice id '%s': use letters, digits, '_' and '-' only", key);
        return false;
    }
    if (!*value) {
        diag_error(x->d, x->shown, line, "choice '%s' has no label", key);
        return false;
    }
    /* ids are unique across the lists: strings translate them as choice.<id> */
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < *counts[l]; i++)
            if (strcmp((*lists[l])[i].id, key) == 0) {
                diag_error(x->d, x->shown, line, "duplicate choice id '%s' (also in [%s])", key, names[l]);
                return false;
            }
    /* What the forms store must fit the store's limits, or every
     * submission using it fails: a topic id is stored as it is, interest and
     * language ids joined by ';' (all of them when everything is ticked). */
    static const char *const stored[3] = {"topic", "interests", "languages"};
    strbuf_t joined = {0};
    sb_append(&joined, "");
    for (size_t i = 0; which > 0 && i < *counts[which]; i++)
        sb_printf(&joined, "%s;", (*lists[which])[i].id);
    sb_append(&joined, key);
    char why[256];
    bool fits = store_field_ok(stored[which], joined.s, why, sizeof why);
    sb_free(&joined);
    if (!fits) {
        if (which == 0)
            diag_error(x->d, x->shown, line, "topic id '%s': %s; every question with this topic would fail to save",
                       key, why);
        else
            diag_error(x->d, x->shown, line, "%s id '%s': with it, all the [%s] ids joined by ';' do not fit (%s); "
                       "a sign-up that ticks them all would fail to save", names[which], key, names[which], why);
        return false;
    }
    xgrow((void **)lists[which], &x->cap[which], *counts[which] + 1, sizeof **lists[which]);
    char *label = xstrdup(value);
    content_fix_cjk_joins(label);
    (*lists[which])[(*counts[which])++] = (choice_t){xstrdup(key), label};
    return true;
}

bool content_load_forms(const char *path, const char *shown, forms_t *f, diag_list_t *d)
{
    forms_ctx_t x = {.f = f, .shown = shown, .d = d};
    bool ok = read_ini(path, shown, forms_cb, &x, NULL, d);
    bool readable = ok || f->ntopics || f->ninterests || f->nlanguages || f->consent_text;
    if (readable && (!f->consent_text || !*f->consent_text)) {
        diag_error(d, shown, x.text_line, "missing required field 'text' in [consent]");
        ok = false;
    }
    if (readable && (!f->consent_version || !*f->consent_version)) {
        diag_error(d, shown, x.version_line, "missing required field 'version' in [consent]");
        ok = false;
    }
    char why[256];
    if (readable && f->consent_version && *f->consent_version &&
        !store_field_ok("consent_version", f->consent_version, why, sizeof why)) {
        diag_error(d, shown, x.version_line, "[consent] version: %s; every sign-up would fail to save", why);
        ok = false;
    }
    if (readable && !f->ninterests)
        diag_warn(d, shown, 0, "no [interests]: the sign-up form has no choices");
    if (!f->consent_text) f->consent_text = xstrdup("");
    if (!f->consent_version) f->consent_version = xstrdup("");
    return ok;
}

/* ---- theme.ini ------------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t offset;
} theme_key_t;

#define TK(n) {#n, offsetof(theme_t, n)}
static const theme_key_t theme_keys[] = {
    TK(slide_bg), TK(slide_text), TK(slide_muted), TK(slide_accent), TK(surface), TK(surface_alt),
    TK(text), TK(muted), TK(accent), TK(accent_text), TK(danger), TK(success), TK(line),
};
#undef TK

typedef struct {
    theme_t *t;
    const char *shown;
    diag_list_t *d;
    int lines[AGM_ARRAY_LEN(theme_keys)];
} theme_ctx_t;

static bool theme_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    theme_ctx_t *x = user;
    if (strcmp(section, "theme") != 0) {
        diag_error(x->d, x->shown, line, "'%s' is outside the [theme] section", key);
        return false;
    }
    for (size_t i = 0; i < AGM_ARRAY_LEN(theme_keys); i++) {
        if (strcmp(key, theme_keys[i].name) != 0)
            continue;
        if (x->lines[i]) {
            diag_error(x->d, x->shown, line, "'%s' is given twice", key);
            return false;
        }
        rgba_t *col = (rgba_t *)((char *)x->t + theme_keys[i].offset), parsed;
        if (!color_parse(value, &parsed)) {
            diag_error(x->d, x->shown, line, "'%s' is not a colour; write #RRGGBB, e.g. #13223A", value);
            return false;
        }
        *col = parsed;
        x->lines[i] = line;
        return true;
    }
    diag_warn(x->d, x->shown, line, "unknown key '%s' is ignored", key);
    return true;
}

/* The text/background pairs the UI draws, with the contrast each needs. */
static const struct { const char *fg, *bg; double min; } theme_pairs[] = {
    {"slide_text", "slide_bg", 7.0},  {"slide_muted", "slide_bg", 4.5}, {"slide_accent", "slide_bg", 4.5},
    {"text", "surface", 4.5},         {"text", "surface_alt", 4.5},     {"muted", "surface", 4.5},
    {"muted", "surface_alt", 4.5},    {"accent", "surface", 4.5},       {"accent", "surface_alt", 4.5},
    {"danger", "surface", 4.5},       {"danger", "surface_alt", 4.5},   {"success", "surface", 4.5},
    {"success", "surface_alt", 4.5},  {"accent_text", "accent", 4.5},
};

static size_t theme_index(const char *name)
{
    for (size_t i = 0; i < AGM_ARRAY_LEN(theme_keys); i++)
        if (strcmp(theme_keys[i].name, name) == 0)
            return i;
    return 0;
}

bool content_load_theme(const char *path, const char *shown, theme_t *t, diag_list_t *d)
{
    theme_ctx_t x = {.t = t, .shown = shown, .d = d};
    bool ok = read_ini(path, shown, theme_cb, &x, NULL, d);
    bool any = false;
    for (size_t i = 0; i < AGM_ARRAY_LEN(theme_keys); i++)
        any |= x.lines[i] != 0;
    if (!any && !ok)
        return false; /* unreadable: the built-in palette stays */
    for (size_t i = 0; i < AGM_ARRAY_LEN(theme_keys); i++)
        if (!x.lines[i]) {
            rgba_t col = *(rgba_t *)((char *)t + theme_keys[i].offset);
            diag_warn(d, shown, 0, "missing colour '%s': the built-in #%02X%02X%02X is used", theme_keys[i].name,
                      col.r, col.g, col.b);
        }
    /* the pairs are checked on the palette in use, built-in colours included */
    for (size_t i = 0; i < AGM_ARRAY_LEN(theme_pairs); i++) {
        size_t f = theme_index(theme_pairs[i].fg), b = theme_index(theme_pairs[i].bg);
        rgba_t fg = *(rgba_t *)((char *)t + theme_keys[f].offset);
        rgba_t bg = *(rgba_t *)((char *)t + theme_keys[b].offset);
        double ratio = color_contrast(fg, bg);
        if (ratio < theme_pairs[i].min) {
            diag_error(d, shown, x.lines[f] ? x.lines[f] : x.lines[b],
                       "%s on %s has contrast %.2f:1, below %.1f:1; make one darker or lighter",
                       theme_pairs[i].fg, theme_pairs[i].bg, ratio, theme_pairs[i].min);
            ok = false;
        }
    }
    return ok;
}

/* ---- resolutions.ini -------------------------------------------------------- */

typedef struct {
    content_t *c;
    const char *shown;
    diag_list_t *d;
    ini_headers_t h;
    size_t cap;
    unsigned char *has_majority;
} res_ctx_t;

static resolution_t *resolution_for(res_ctx_t *x, const char *section, int line)
{
    int hline;
    long i = section_seen(x->c->resolutions, x->c->nresolutions, sizeof *x->c->resolutions,
                          offsetof(resolution_t, id), offsetof(resolution_t, line), section, &x->h, line, x->shown,
                          x->d, &hline);
    if (i != -1)
        return i >= 0 ? &x->c->resolutions[i] : NULL;
    size_t old = x->cap;
    xgrow((void **)&x->c->resolutions, &x->cap, x->c->nresolutions + 1, sizeof *x->c->resolutions);
    if (x->cap != old)
        x->has_majority = xrealloc(x->has_majority, x->cap);
    x->has_majority[x->c->nresolutions] = 0;
    resolution_t *r = &x->c->resolutions[x->c->nresolutions++];
    *r = (resolution_t){.id = xstrdup(section), .line = hline, .majority = MEET_SIMPLE};
    return r;
}

static bool res_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    res_ctx_t *x = user;
    if (!*section) {
        diag_error(x->d, x->shown, line, "'%s' is outside a [resolution-id] section", key);
        return false;
    }
    if (!content_id_valid(section) || strlen(section) > 64) {
        diag_error(x->d, x->shown, line, "resolution id '%s': use up to 64 letters, digits, '_' and '-'", section);
        return false;
    }
    resolution_t *r = resolution_for(x, section, line);
    if (!r)
        return false;
    size_t idx = (size_t)(r - x->c->resolutions);
    if (strcmp(key, "majority") == 0) {
        if (x->has_majority[idx]) {
            diag_error(x->d, x->shown, line, "'majority' is given twice");
            return false;
        }
        x->has_majority[idx] = 1;
        if (!meet_majority_parse(value, &r->majority)) {
            diag_error(x->d, x->shown, line,
                       "unknown majority '%s'; use simple, attending, two_thirds, two_thirds_attending or unanimous",
                       value);
            return false;
        }
        return true;
    }
    const str_key_t keys[] = {{"title", &r->title}, {"text", &r->text}};
    return text_key(&r->tr, keys, AGM_ARRAY_LEN(keys), "majority", key, value, x->shown, line, x->d);
}

bool content_load_resolutions(const char *path, const char *shown, content_t *c, diag_list_t *d)
{
    res_ctx_t x = {.c = c, .shown = shown, .d = d};
    bool ok = read_ini(path, shown, res_cb, &x, &x.h, d);
    for (size_t i = 0; i < c->nresolutions; i++) {
        resolution_t *r = &c->resolutions[i];
        if (!r->title || !*r->title) {
            diag_error(d, shown, r->line, "[%s] has no 'title'", r->id);
            ok = false;
        }
        if (!x.has_majority[i])
            diag_warn(d, shown, r->line, "[%s] has no 'majority'; simple is used (more for than against)", r->id);
        if (!r->title) r->title = xstrdup("");
        if (!r->text) r->text = xstrdup("");
    }
    for (size_t i = 0; i < x.h.n; i++) {
        bool seen = false;
        for (size_t j = 0; j < c->nresolutions && !seen; j++)
            seen = strcmp(c->resolutions[j].id, x.h.v[i].name) == 0;
        if (!seen) {
            diag_error(d, shown, x.h.v[i].line, "[%s] has no 'title'", x.h.v[i].name);
            ok = false;
        }
    }
    free(x.has_majority);
    content_ini_headers_free(&x.h);
    return ok;
}
