/* content.c - loading a content folder as a whole: the part loaders in
 * order (report.c for Markdown, tables.c for CSV, settings.c and strings.c
 * for INI), the checks across files, freeing, and lookups by id. The
 * loaders' shared helpers are in parse.c, the text and formatting the UI
 * uses in content_text.c. */
#include "content_internal.h"
#include "../core/log.h"
#include "../core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
static const char *resolution_id_at(const content_t *c, size_t i) { return c->resolutions[i].id; }

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
        } else if (s->kind == SLIDE_RESOLUTION && !content_resolution(c, s->ref)) {
            const char *near = closest_id(s->ref, resolution_id_at, c, c->nresolutions);
            if (near)
                diag_error(d, shown, s->line, "unknown resolution '%s'; did you mean '%s'?", s->ref, near);
            else
                diag_error(d, shown, s->line, "unknown resolution '%s'; it must be a [section] of resolutions.ini",
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

static bool load(const char *dir, content_t *c, diag_list_t *diags, const char *first_lang, bool attract);

bool content_load(const char *dir, content_t *c, diag_list_t *diags)
{
    return load(dir, c, diags, NULL, false);
}

bool content_load_first(const char *dir, content_t *c, diag_list_t *diags, const char *lang, bool attract)
{
    return load(dir, c, diags, lang ? lang : "en", attract);
}

bool content_complete(const content_t *c)
{
    const content_t *b = c && c->base ? c->base : c;
    return !b || !b->parts_pending;
}

/* Which of the folder's files load_parts() reads: PARTS_FIRST is what the
 * attract screen's first card needs (event.ini, theme.ini), PARTS_CARDS
 * what its other cards and the count of them need (the report, the
 * timeline, the figures), PARTS_REST the others and the checks. */
enum { PARTS_FIRST = 1, PARTS_CARDS = 2, PARTS_REST = 4, PARTS_ALL = 7 };

/* The part loaders in order, then the checks across files. Each file is
 * shown as "DIR/name": the folder as the user typed it. The order
 * matters: stats need charts, slides need the report and charts, strings
 * need forms and the timeline. */
static void load_parts(const char *dir, content_t *c, diag_list_t *diags, int which)
{
    bool first = which & PARTS_FIRST, cards = which & PARTS_CARDS, rest = which & PARTS_REST;
    char *f[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        f[i] = path_join(dir, part_names[i]);
    if (first)
        content_load_event(f[F_EVENT], f[F_EVENT], &c->event, diags);
    if (cards) {
        content_load_report(f[F_REPORT], f[F_REPORT], &c->report, diags);
        content_load_timeline(f[F_TIMELINE], f[F_TIMELINE], c, diags);
        content_load_charts(f[F_CHARTS], f[F_CHARTS], c, diags);
        content_load_stats(f[F_STATS], f[F_STATS], c, diags);
    }
    if (rest) {
        content_load_slides(f[F_SLIDES], f[F_SLIDES], c, diags);
        content_load_forms(f[F_FORMS], f[F_FORMS], &c->forms, diags);
    }
    if (first)
        content_load_theme(f[F_THEME], f[F_THEME], &c->theme, diags);
    if (rest) {
        /* the general meeting's files are optional */
        static const char *const optional[2] = {"members.csv", "resolutions.ini"};
        struct stat st;
        for (int i = 0; i < 2; i++) {
            char *p = path_join(dir, optional[i]);
            if (lstat(p, &st) == 0) {
                if (i == 0)
                    content_load_members(p, p, c, diags);
                else
                    content_load_resolutions(p, p, c, diags);
            }
            free(p);
        }
        check_groups(c, f[F_STATS], f[F_CHARTS], diags);
        check_stat_sections(c, f[F_STATS], diags);
        check_slide_refs(c, f[F_SLIDES], diags);
    }
    for (int i = 0; i < F_COUNT; i++)
        free(f[i]);
}

/* The invitation the attract screen shows in every language. */
static const char *const attract_keys[] = {"nav.touch_to_begin", NULL};

static bool load(const char *dir, content_t *c, diag_list_t *diags, const char *first_lang, bool attract)
{
    diag_list_t local = {0};
    if (!diags)
        diags = &local;
    memset(c, 0, sizeof *c);
    if (first_lang) {
        snprintf(c->views_first, sizeof c->views_first, "%s", first_lang);
        c->views_pending = true;
    }
    snprintf(c->lang, sizeof c->lang, "en");
    c->theme = default_theme;
    c->timing = (timing_t){-1, -1, -1};
    size_t errors_before = diag_count(diags, DIAG_ERROR);
    c->dir = xstrdup(dir ? dir : "");
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(diags, dir ? dir : "(none)", 0, "content folder not found");
        diag_free(&local);
        return false;
    }
    if (attract && first_lang) {
        load_parts(dir, c, diags, PARTS_FIRST | PARTS_CARDS);
        content_load_strings_first(dir, c, first_lang, attract_keys, diags);
        c->parts_pending = true;
        content_build_first_view(c, first_lang);
    } else {
        load_parts(dir, c, diags, PARTS_ALL);
        content_load_strings(dir, c, diags);
        content_build_views(dir, c, diags);
    }

    size_t errors = diag_count(diags, DIAG_ERROR) - errors_before;
    if (errors)
        log_warn("content", "%s: %zu problem%s (agmkiosk check %s lists them)", dir, errors,
                 errors == 1 ? "" : "s", dir);
    diag_free(&local);
    return errors == 0;
}

bool content_finish(content_t *c, diag_list_t *diags)
{
    if (!c || c->base || !c->views_pending)
        return true;
    if (!c->parts_pending)
        return content_finish_views(c, diags);
    diag_list_t local = {0};
    if (!diags)
        diags = &local;
    size_t errors_before = diag_count(diags, DIAG_ERROR);
    c->parts_pending = false;
    load_parts(c->dir, c, diags, PARTS_REST);
    content_load_strings_finish(c->dir, c, diags);
    /* every view anew, on everything */
    content_free_views(c);
    c->views_first[0] = '\0';
    c->views_pending = false;
    content_build_views(c->dir, c, diags);
    size_t errors = diag_count(diags, DIAG_ERROR) - errors_before;
    if (errors)
        log_warn("content", "%s: %zu problem%s (agmkiosk check %s lists them)", c->dir, errors,
                 errors == 1 ? "" : "s", c->dir);
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
    if (!c || c->base)
        return; /* a view belongs to its base */
    content_free_views(c);
    content_strings_pending_free(c);
    free(c->dir);
    event_t *e = &c->event;
    free(e->title); free(e->subtitle); free(e->date); free(e->place); free(e->organizer); free(e->url);
    content_tr_free(&e->tr);
    content_free_report(&c->report);
    for (size_t i = 0; i < c->ntimeline; i++) {
        free(c->timeline[i].id); free(c->timeline[i].title);
        free(c->timeline[i].detail); free(c->timeline[i].category);
        content_tr_free(&c->timeline[i].tr);
    }
    free(c->timeline);
    for (size_t i = 0; i < c->nstats; i++) {
        stat_t *s = &c->stats[i];
        free(s->id); free(s->group); free(s->label); free(s->unit); free(s->section); free(s->note);
        content_tr_free(&s->tr);
    }
    free(c->stats);
    for (size_t i = 0; i < c->ncharts; i++) {
        free(c->charts[i].id); free(c->charts[i].title); free(c->charts[i].unit); free(c->charts[i].source);
        content_tr_free(&c->charts[i].tr);
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
    for (size_t i = 0; i < c->nmembers; i++) {
        member_t *m = &c->members[i];
        free(m->id); free(m->name); free(m->reading); free(m->kind);
    }
    free(c->members);
    for (size_t i = 0; i < c->nresolutions; i++) {
        resolution_t *r = &c->resolutions[i];
        free(r->id); free(r->title); free(r->text);
        content_tr_free(&r->tr);
    }
    free(c->resolutions);
    memset(c, 0, sizeof *c);
}

void content_move(content_t *dst, content_t *src)
{
    *dst = *src;
    for (size_t i = 0; i < dst->nviews; i++)
        dst->views[i].base = dst;
    memset(src, 0, sizeof *src);
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

const resolution_t *content_resolution(const content_t *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nresolutions; i++)
        if (strcmp(c->resolutions[i].id, id) == 0)
            return &c->resolutions[i];
    return NULL;
}

const member_t *content_member(const content_t *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nmembers; i++)
        if (strcmp(c->members[i].id, id) == 0)
            return &c->members[i];
    return NULL;
}

int64_t content_voting_members(const content_t *c)
{
    if (!c)
        return 0;
    if (c->event.quorum.members > 0)
        return c->event.quorum.members;
    int64_t n = 0;
    for (size_t i = 0; i < c->nmembers; i++)
        n += c->members[i].voting;
    return n;
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
