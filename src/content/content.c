/* content.c - loading a content folder as a whole, shared helpers, lookups
 * and the text/number formatting the UI uses. The parts are read by
 * report.c (Markdown), tables.c (CSV) and settings.c / strings.c (INI). */
#include "content_internal.h"
#include "../core/log.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- helpers shared by the part loaders -------------------------------- */

char *content_read_text(const char *path, const char *shown, diag_list_t *d,
                        const char **body, size_t *len)
{
    size_t n;
    char *text = file_read_all(path, &n);
    if (!text) {
        if (errno == ENOENT)
            diag_error(d, shown, 0, "file not found");
        else
            diag_error(d, shown, 0, "cannot read: %s", file_strerror(errno));
        return NULL;
    }
    const char *p = text;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        /* Accepted: editors on Windows add it. */
        p += 3;
        n -= 3;
    }
    size_t bad;
    if (!utf8_valid(p, n, &bad)) {
        int line = 1;
        size_t line_start = 0;
        for (size_t i = 0; i < bad; i++)
            if (p[i] == '\n') {
                line++;
                line_start = i + 1;
            }
        diag_error(d, shown, line, "invalid UTF-8 (byte %zu of the line); save the file as UTF-8",
                   bad - line_start + 1);
        free(text);
        return NULL;
    }
    /* Control characters (NUL, escape codes, bidi overrides) would end a
     * string early or disguise text on screen; CR is allowed for CRLF. */
    int line = 1;
    size_t line_start = 0;
    for (size_t k = 0; k < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(p + k, n - k, &adv);
        if (cp != '\r' && utf8_is_forbidden_control(cp)) {
            diag_error(d, shown, line, "control character U+%04X (byte %zu of the line); remove it", (unsigned)cp,
                       k - line_start + 1);
            free(text);
            return NULL;
        }
        if (cp == '\n') {
            line++;
            line_start = k + 1;
        }
        k += adv;
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i == n) {
        diag_error(d, shown, 0, "the file is empty");
        free(text);
        return NULL;
    }
    *body = p;
    *len = n;
    return text;
}

bool content_id_valid(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

void content_ini_headers(const char *text, size_t len, ini_headers_t *out)
{
    const char *p = text, *end = text + len;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        line++;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s < eol && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(eol - s));
            if (close) {
                const char *a = s + 1, *b = close;
                while (a < b && (*a == ' ' || *a == '\t'))
                    a++;
                while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                    b--;
                xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
                out->v[out->n++] = (ini_header_t){xstrndup(a, (size_t)(b - a)), line};
            }
        }
        p = nl ? nl + 1 : end;
    }
}

const ini_header_t *content_ini_header_for(const ini_headers_t *h, int line)
{
    const ini_header_t *best = NULL;
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].line < line)
            best = &h->v[i];
    return best;
}

void content_ini_headers_free(ini_headers_t *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].name);
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

/* Ideographs, kana and fullwidth punctuation: scripts written without
 * spaces between words. Hangul is left out on purpose. */
static bool no_space_script(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3000 && cp <= 0x30FF) ||
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

void content_fix_cjk_joins(char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), w = 0;
    for (size_t r = 0; r < n;) {
        if (s[r] == ' ' && w > 0 && r + 1 < n && s[r + 1] != ' ') {
            size_t pb = utf8_prev(s, w), adv;
            uint32_t before = utf8_decode(s + pb, w - pb, &adv);
            uint32_t after = utf8_decode(s + r + 1, n - r - 1, &adv);
            if (no_space_script(before) && no_space_script(after)) {
                r++;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
}

bool content_parse_date(const char *s, int *y, int *m, int *day)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int yy = atoi(s), mm = atoi(s + 5), dd = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (yy < 1900 || mm < 1 || mm > 12 || dd < 1)
        return false;
    int maxd = mdays[mm - 1];
    if (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0))
        maxd = 29;
    if (dd > maxd)
        return false;
    *y = yy;
    *m = mm;
    *day = dd;
    return true;
}

/* ---- the whole folder --------------------------------------------------- */

/* Edit distance of two short ASCII ids (for "did you mean"). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200 || lb > 200)
        return (size_t)-1;
    size_t row[201];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The closest of n ids to want, when close enough to be a likely typo or
 * an edited title; else NULL. */
static const char *closest_id(const char *want, const char *(*id_at)(const content_t *, size_t),
                              const content_t *c, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(want, id_at(c, i));
        if (dist < best_d) {
            best_d = dist;
            best = id_at(c, i);
        }
    }
    size_t limit = AGM_MAX((size_t)3, strlen(want) / 3);
    return best && best_d <= limit ? best : NULL;
}

static const char *section_id_at(const content_t *c, size_t i) { return c->report.sections[i].id; }
static const char *chart_id_at(const content_t *c, size_t i) { return c->charts[i].id; }

/* Every stat names a chart group; every chart should have stats. */
static bool check_groups(content_t *c, const char *stats_shown, const char *charts_shown,
                         diag_list_t *d)
{
    bool ok = true;
    for (size_t i = 0; i < c->nstats; i++) {
        if (!content_chart(c, c->stats[i].group)) {
            const char *near = closest_id(c->stats[i].group, chart_id_at, c, c->ncharts);
            if (near)
                diag_error(d, stats_shown, c->stats[i].line, "unknown chart group '%s'; did you mean '%s'?",
                           c->stats[i].group, near);
            else
                diag_error(d, stats_shown, c->stats[i].line,
                           "unknown chart group '%s'; add a [%s] section to charts.ini or use one of its groups",
                           c->stats[i].group, c->stats[i].group);
            ok = false;
        }
    }
    for (size_t i = 0; i < c->ncharts; i++) {
        bool used = false;
        for (size_t j = 0; j < c->nstats && !used; j++)
            used = strcmp(c->stats[j].group, c->charts[i].id) == 0;
        if (!used)
            diag_warn(d, charts_shown, c->charts[i].line, "[%s] has no rows in stats.csv", c->charts[i].id);
    }
    return ok;
}

/* A stat's section should name a report section so the UI can point to it. */
static void check_stat_sections(content_t *c, const char *stats_shown, diag_list_t *d)
{
    for (size_t i = 0; i < c->nstats; i++) {
        const char *s = c->stats[i].section;
        char *slug = content_slug(s);
        bool found = false;
        for (size_t j = 0; j < c->report.nsections && !found; j++)
            found = strcmp(c->report.sections[j].title, s) == 0 || strcmp(c->report.sections[j].id, s) == 0 ||
                    strcmp(c->report.sections[j].id, slug) == 0;
        free(slug);
        if (!found && c->report.nsections)
            diag_warn(d, stats_shown, c->stats[i].line,
                      "section '%s' is not a '## ' heading of report.md (write its title or id)", s);
    }
}

/* Slides name sections and charts; a slide whose target is missing is
 * reported and dropped. */
static bool check_slide_refs(content_t *c, const char *shown, diag_list_t *d)
{
    bool ok = true;
    size_t w = 0;
    for (size_t i = 0; i < c->nslides; i++) {
        slide_spec_t *s = &c->slides[i];
        bool good = true;
        if (!s->ref) {
            /* title, timeline, text, closing: nothing to look up */
        } else if (s->kind == SLIDE_SECTION && !content_section(c, s->ref)) {
            const char *near = closest_id(s->ref, section_id_at, c, c->report.nsections);
            if (near)
                diag_error(d, shown, s->line, "unknown section '%s'; did you mean '%s'?", s->ref, near);
            else
                diag_error(d, shown, s->line, "unknown section '%s' (the ids are listed by 'agmkiosk check --ids')",
                           s->ref);
            good = false;
        } else if (s->kind == SLIDE_CHART && !content_chart(c, s->ref)) {
            const char *near = closest_id(s->ref, chart_id_at, c, c->ncharts);
            if (near)
                diag_error(d, shown, s->line, "unknown chart '%s'; did you mean '%s'?", s->ref, near);
            else
                diag_error(d, shown, s->line, "unknown chart '%s'; it must be a [group] of charts.ini", s->ref);
            good = false;
        }
        if (good)
            c->slides[w++] = *s;
        else
            content_free_slide(s);
        ok &= good;
    }
    c->nslides = w;
    return ok;
}

/* The built-in palette (the bundled theme.ini): what a folder without a
 * usable theme.ini is shown in, and what a missing key keeps. */
static const theme_t default_theme = {
    .slide_bg = RGBA(0x13, 0x22, 0x3A, 0xFF), .slide_text = RGBA(0xF6, 0xF2, 0xEA, 0xFF),
    .slide_muted = RGBA(0xB9, 0xC3, 0xD3, 0xFF), .slide_accent = RGBA(0xE8, 0xA8, 0x72, 0xFF),
    .surface = RGBA(0xFA, 0xF7, 0xF1, 0xFF), .surface_alt = RGBA(0xEF, 0xE9, 0xDD, 0xFF),
    .text = RGBA(0x1D, 0x24, 0x30, 0xFF), .muted = RGBA(0x4F, 0x56, 0x62, 0xFF),
    .accent = RGBA(0x9A, 0x4A, 0x22, 0xFF), .accent_text = RGBA(0xFF, 0xFF, 0xFF, 0xFF),
    .danger = RGBA(0xA3, 0x26, 0x1F, 0xFF), .success = RGBA(0x2D, 0x6A, 0x3E, 0xFF),
    .line = RGBA(0xCF, 0xC6, 0xB6, 0xFF),
};

enum { F_EVENT, F_REPORT, F_TIMELINE, F_CHARTS, F_STATS, F_SLIDES, F_FORMS, F_THEME, F_COUNT };
static const char *const part_names[F_COUNT] = {
    "event.ini", "report.md", "timeline.csv", "charts.ini", "stats.csv", "slides.ini", "forms.ini", "theme.ini",
};

bool content_load(const char *dir, content_t *c, diag_list_t *diags)
{
    diag_list_t local = {0};
    if (!diags)
        diags = &local;
    memset(c, 0, sizeof *c);
    c->theme = default_theme;
    size_t errors_before = diag_count(diags, DIAG_ERROR);
    c->dir = xstrdup(dir ? dir : "");
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(diags, dir ? dir : "(none)", 0, "content folder not found");
        diag_free(&local);
        return false;
    }
    /* Each file is shown as "DIR/name": the folder as the user typed it.
     * The order matters: stats need charts, slides need the report and
     * charts, strings need forms and the timeline. */
    char *f[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        f[i] = path_join(dir, part_names[i]);
    content_load_event(f[F_EVENT], f[F_EVENT], &c->event, diags);
    content_load_report(f[F_REPORT], f[F_REPORT], &c->report, diags);
    content_load_timeline(f[F_TIMELINE], f[F_TIMELINE], c, diags);
    content_load_charts(f[F_CHARTS], f[F_CHARTS], c, diags);
    content_load_stats(f[F_STATS], f[F_STATS], c, diags);
    content_load_slides(f[F_SLIDES], f[F_SLIDES], c, diags);
    content_load_forms(f[F_FORMS], f[F_FORMS], &c->forms, diags);
    content_load_theme(f[F_THEME], f[F_THEME], &c->theme, diags);
    check_groups(c, f[F_STATS], f[F_CHARTS], diags);
    check_stat_sections(c, f[F_STATS], diags);
    check_slide_refs(c, f[F_SLIDES], diags);
    content_load_strings(dir, c, diags);
    for (int i = 0; i < F_COUNT; i++)
        free(f[i]);

    size_t errors = diag_count(diags, DIAG_ERROR) - errors_before;
    if (errors)
        log_warn("content", "%s: %zu problem%s (agmkiosk check %s lists them)", dir, errors,
                 errors == 1 ? "" : "s", dir);
    diag_free(&local);
    return errors == 0;
}

static void free_blocks(block_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < b[i].nspans; j++)
            free(b[i].spans[j].text);
        free(b[i].spans);
    }
    free(b);
}

void content_free_report(report_t *r)
{
    free(r->title);
    free_blocks(r->intro, r->nintro);
    for (size_t i = 0; i < r->nsections; i++) {
        free(r->sections[i].id);
        free(r->sections[i].title);
        free_blocks(r->sections[i].blocks, r->sections[i].nblocks);
    }
    free(r->sections);
    memset(r, 0, sizeof *r);
}

void content_free_slide(slide_spec_t *s)
{
    free(s->ref);
    free(s->heading);
    free(s->body);
    free(s->notes);
    memset(s, 0, sizeof *s);
}

static void free_choices(choice_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].label);
    }
    free(v);
}

void content_free(content_t *c)
{
    if (!c)
        return;
    free(c->dir);
    event_t *e = &c->event;
    free(e->title); free(e->subtitle); free(e->date); free(e->place); free(e->organizer); free(e->url);
    content_free_report(&c->report);
    for (size_t i = 0; i < c->ntimeline; i++) {
        free(c->timeline[i].id); free(c->timeline[i].title);
        free(c->timeline[i].detail); free(c->timeline[i].category);
    }
    free(c->timeline);
    for (size_t i = 0; i < c->nstats; i++) {
        stat_t *s = &c->stats[i];
        free(s->id); free(s->group); free(s->label); free(s->unit); free(s->section); free(s->note);
    }
    free(c->stats);
    for (size_t i = 0; i < c->ncharts; i++) {
        free(c->charts[i].id); free(c->charts[i].title); free(c->charts[i].unit); free(c->charts[i].source);
    }
    free(c->charts);
    for (size_t i = 0; i < c->nslides; i++)
        content_free_slide(&c->slides[i]);
    free(c->slides);
    free_choices(c->forms.topics, c->forms.ntopics);
    free_choices(c->forms.interests, c->forms.ninterests);
    free_choices(c->forms.languages, c->forms.nlanguages);
    free(c->forms.consent_text);
    free(c->forms.consent_version);
    for (size_t i = 0; i < c->nlangs; i++) {
        strings_t *s = &c->langs[i];
        free(s->lang); free(s->name);
        for (size_t j = 0; j < s->nkv; j++) {
            free(s->kv[j].key);
            free(s->kv[j].value);
        }
        free(s->kv);
    }
    free(c->langs);
    memset(c, 0, sizeof *c);
}

/* ---- lookups -------------------------------------------------------------- */

const section_t *content_section(const content_t *c, const char *id)
{
    if (!c || !id)
        return NULL;
    for (size_t i = 0; i < c->report.nsections; i++)
        if (strcmp(c->report.sections[i].id, id) == 0)
            return &c->report.sections[i];
    return NULL;
}

const chart_t *content_chart(const content_t *c, const char *id)
{
    if (!c || !id)
        return NULL;
    for (size_t i = 0; i < c->ncharts; i++)
        if (strcmp(c->charts[i].id, id) == 0)
            return &c->charts[i];
    return NULL;
}

const stat_t *content_stat(const content_t *c, const char *id)
{
    if (!c || !id)
        return NULL;
    for (size_t i = 0; i < c->nstats; i++)
        if (strcmp(c->stats[i].id, id) == 0)
            return &c->stats[i];
    return NULL;
}

size_t content_group_stats(const content_t *c, const char *group, const stat_t **out, size_t max)
{
    size_t n = 0;
    if (!c || !group)
        return 0;
    for (size_t i = 0; i < c->nstats; i++)
        if (c->stats[i].group && strcmp(c->stats[i].group, group) == 0) {
            if (out && n < max)
                out[n] = &c->stats[i];
            n++;
        }
    return n;
}

const strings_t *content_lang(const content_t *c, const char *lang)
{
    if (!c || !lang)
        return NULL;
    for (size_t i = 0; i < c->nlangs; i++)
        if (strcmp(c->langs[i].lang, lang) == 0)
            return &c->langs[i];
    return NULL;
}

static int kv_cmp(const void *a, const void *b)
{
    return strcmp(((const kv_t *)a)->key, ((const kv_t *)b)->key);
}

/* The value of key in one language (its kv are sorted by key), or NULL. */
static const char *lang_get(const strings_t *s, const char *key)
{
    if (!s || !s->nkv)
        return NULL;
    kv_t k = {(char *)key, NULL};
    const kv_t *hit = bsearch(&k, s->kv, s->nkv, sizeof *s->kv, kv_cmp);
    return hit ? hit->value : NULL;
}

static const char *forms_fallback(const content_t *c, const char *key)
{
    if (strcmp(key, "consent.text") == 0)
        return c->forms.consent_text;
    if (strcmp(key, "consent.version") == 0)
        return c->forms.consent_version;
    if (strncmp(key, "choice.", 7) == 0) {
        const char *id = key + 7;
        const choice_t *lists[] = {c->forms.topics, c->forms.interests, c->forms.languages};
        size_t counts[] = {c->forms.ntopics, c->forms.ninterests, c->forms.nlanguages};
        for (size_t l = 0; l < 3; l++)
            for (size_t i = 0; i < counts[l]; i++)
                if (strcmp(lists[l][i].id, id) == 0)
                    return lists[l][i].label;
    }
    return NULL;
}

const char *content_text(const content_t *c, const char *lang, const char *key)
{
    if (!key)
        return "";
    if (!c)
        return key;
    const char *v = lang_get(content_lang(c, lang), key);
    if (!v)
        v = lang_get(content_lang(c, "en"), key);
    if (!v)
        v = forms_fallback(c, key);
    return v ? v : key;
}

/* key's form for n in one language: KEY_one for exactly 1 when there is
 * one, else KEY_other; NULL when the language has neither. */
static const char *count_form(const strings_t *s, const char *key, long long n)
{
    char k[160];
    const char *v = NULL;
    if (n == 1) {
        snprintf(k, sizeof k, "%s_one", key);
        v = lang_get(s, k);
    }
    if (!v) {
        snprintf(k, sizeof k, "%s_other", key);
        v = lang_get(s, k);
    }
    return v;
}

const char *content_text_count(const content_t *c, const char *lang, const char *key, long long n)
{
    if (!key)
        return "";
    const char *v = c ? count_form(content_lang(c, lang), key, n) : NULL;
    if (!v && c)
        v = count_form(content_lang(c, "en"), key, n);
    /* Neither form anywhere: a strings file from before counts had forms
     * may still have the plain key (one wording for every count); else the
     * key itself, visible, as content_text does. */
    return v ? v : c ? content_text(c, lang, key) : key;
}

const char *content_choice_label(const content_t *c, const char *lang, const choice_t *ch)
{
    if (!ch)
        return "";
    char key[160];
    snprintf(key, sizeof key, "choice.%s", ch->id);
    const char *v = lang_get(content_lang(c, lang), key);
    return v ? v : ch->label;
}

const char *content_consent_text(const content_t *c, const char *lang)
{
    if (!c)
        return "";
    const strings_t *s = content_lang(c, lang);
    const char *v = lang_get(s, "consent.text"), *ver = lang_get(s, "consent.version");
    /* A translation of another version of the text must not be agreed to. */
    if (v && ver && c->forms.consent_version && strcmp(ver, c->forms.consent_version) == 0)
        return v;
    return c->forms.consent_text ? c->forms.consent_text : "";
}

void content_sort_strings(strings_t *s)
{
    if (s->nkv > 1)
        qsort(s->kv, s->nkv, sizeof *s->kv, kv_cmp);
}

/* ---- formatting ------------------------------------------------------------- */

/* Append src to buf (size n) at *w, never past n - 1. */
static void put(char *buf, size_t n, size_t *w, const char *src, size_t len)
{
    if (!n)
        return;
    size_t room = n - 1 - *w;
    if (len > room) {
        len = room;
        /* never cut a UTF-8 sequence in half */
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(buf + *w, src, len);
    *w += len;
    buf[*w] = '\0';
}

void content_subst(const char *tmpl, const char *const *args, size_t nargs, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    size_t w = 0, next = 0;
    buf[0] = '\0';
    for (const char *p = tmpl ? tmpl : ""; *p;) {
        if (p[0] == '%' && p[1] == 's') {
            const char *a = next < nargs && args[next] ? args[next] : "";
            next++;
            put(buf, n, &w, a, strlen(a));
            p += 2;
        } else if (p[0] == '%' && p[1] == '%') {
            put(buf, n, &w, "%", 1);
            p += 2;
        } else {
            const char *q = p + 1;
            while (*q && *q != '%')
                q++;
            put(buf, n, &w, p, (size_t)(q - p));
            p = q;
        }
    }
}

void content_text_args(const content_t *c, const char *lang, const char *key,
                       const char *const *args, size_t nargs, char *buf, size_t n)
{
    content_subst(content_text(c, lang, key), args, nargs, buf, n);
}

void content_format_number(const content_t *c, const char *lang, double v, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    const char *sep = content_text(c, lang, "number.thousands_sep");
    const char *dot = content_text(c, lang, "number.decimal_point");
    if (strcmp(sep, "number.thousands_sep") == 0)
        sep = ",";
    if (strcmp(dot, "number.decimal_point") == 0)
        dot = ".";
    char digits[64];
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, n, "%g", v);
        return;
    }
    /* at most two decimals, trailing zeros dropped: 2737, 1.5, 0.25 */
    snprintf(digits, sizeof digits, "%.2f", fabs(v));
    char *point = strchr(digits, '.');
    char *frac = NULL;
    if (point) {
        *point = '\0';
        frac = point + 1;
        size_t fl = strlen(frac);
        while (fl > 0 && frac[fl - 1] == '0')
            frac[--fl] = '\0';
        if (!fl)
            frac = NULL;
    }
    bool neg = v < 0 && (strcmp(digits, "0") != 0 || frac);
    size_t w = 0;
    buf[0] = '\0';
    if (neg)
        put(buf, n, &w, "-", 1);
    size_t il = strlen(digits);
    for (size_t i = 0; i < il; i++) {
        if (i > 0 && (il - i) % 3 == 0)
            put(buf, n, &w, sep, strlen(sep));
        put(buf, n, &w, digits + i, 1);
    }
    if (frac) {
        put(buf, n, &w, dot, strlen(dot));
        put(buf, n, &w, frac, strlen(frac));
    }
}

void content_format_value(const content_t *c, const char *lang, const stat_t *s, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    if (!s) {
        buf[0] = '\0';
        return;
    }
    char num[96];
    content_format_number(c, lang, s->value, num, sizeof num);
    const char *key = s->approx == APPROX_ABOUT       ? "approx.about"
                      : s->approx == APPROX_MORE_THAN ? "approx.more_than"
                      : s->approx == APPROX_AT_LEAST  ? "approx.at_least"
                                                      : NULL;
    if (!key) {
        size_t w = 0;
        buf[0] = '\0';
        put(buf, n, &w, num, strlen(num));
        return;
    }
    const char *tmpl = content_text(c, lang, key);
    if (strcmp(tmpl, key) == 0 || !strstr(tmpl, "%s")) {
        /* No usable marker text: still never show an approximate figure as exact. */
        static const char *const fallback[] = {"", "about %s", "more than %s", "at least %s"};
        tmpl = fallback[s->approx];
    }
    const char *args[] = {num};
    content_subst(tmpl, args, 1, buf, n);
}

void content_format_date(const content_t *c, const char *lang, const char *key,
                         int y, int m, int d, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    const char *tmpl = content_text(c, lang, key);
    if (strcmp(tmpl, key) == 0)
        tmpl = "{year}-{month}-{day}";
    char mkey[32], skey[32], ys[16], ms[16], ds[16];
    snprintf(mkey, sizeof mkey, "month.%d", m);
    snprintf(skey, sizeof skey, "month_short.%d", m);
    snprintf(ys, sizeof ys, "%d", y);
    snprintf(ms, sizeof ms, "%d", m);
    snprintf(ds, sizeof ds, "%d", d);
    const struct { const char *name, *value; } vars[] = {
        {"{year}", ys}, {"{month}", ms}, {"{day}", ds},
        {"{month_name}", content_text(c, lang, mkey)}, {"{month_short}", content_text(c, lang, skey)},
    };
    size_t w = 0;
    buf[0] = '\0';
    for (const char *p = tmpl; *p;) {
        bool done = false;
        if (*p == '{')
            for (size_t i = 0; i < AGM_ARRAY_LEN(vars) && !done; i++) {
                size_t l = strlen(vars[i].name);
                if (strncmp(p, vars[i].name, l) == 0) {
                    put(buf, n, &w, vars[i].value, strlen(vars[i].value));
                    p += l;
                    done = true;
                }
            }
        if (!done) {
            size_t adv;
            utf8_decode(p, strlen(p), &adv);
            put(buf, n, &w, p, adv);
            p += adv;
        }
    }
}
