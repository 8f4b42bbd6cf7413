/* scr_stats.c - the year in figures: every charts.ini group in order, bar
 * charts on a card as tall as the view (landscape) or taller than wide
 * (portrait, drawn as horizontal bars), tile groups as big-number tiles;
 * the whole scrolls by drag with momentum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "chart.h"
#include "screen.h"
#include "widgets.h"

#define STATS_MAX_LINKS 64

/* A "From the report" line: tapped, it opens that section in the reader. */
typedef struct {
    rect_t r;          /* content coordinates, where it was drawn */
    size_t section;
    char id[24];       /* "stats.link.N" */
} stats_link_t;

typedef struct {
    scroll_t sc;
    rect_t *cards;     /* content coordinates, one per chart */
    size_t ncards;
    /* Links are found as the charts are drawn (a chart lays out as it
     * draws), so the controls list has those of the cards drawn so far. */
    stats_link_t links[STATS_MAX_LINKS];
    size_t nlinks;
    ui_t *ui;          /* for the link callback, during a draw */
    int oy;
    int laid_w, laid_h;   /* what the links were found for */
    char laid_lang[16];
} stats_t;

void reader_open(ui_t *ui, size_t section);

/* The report section stats.csv names, by title or id; -1 when none. */
static long stats_section_index(const ui_t *ui, const char *name)
{
    const report_t *rep = &ui->content->report;
    for (size_t i = 0; name && i < rep->nsections; i++)
        if ((rep->sections[i].title && strcmp(rep->sections[i].title, name) == 0) ||
            (rep->sections[i].id && strcmp(rep->sections[i].id, name) == 0))
            return (long)i;
    return -1;
}

static void stats_on_section(void *ctx, const char *section, rect_t r)
{
    stats_t *s = ctx;
    long sec = stats_section_index(s->ui, section);
    if (sec < 0)
        return;
    r.y -= s->oy;
    for (size_t i = 0; i < s->nlinks; i++)
        if (s->links[i].r.x == r.x && s->links[i].r.y == r.y) {
            s->links[i].r = r;
            s->links[i].section = (size_t)sec;
            return;
        }
    if (s->nlinks == STATS_MAX_LINKS)
        return;
    stats_link_t *l = &s->links[s->nlinks];
    l->r = r;
    l->section = (size_t)sec;
    snprintf(l->id, sizeof l->id, "stats.link.%zu", s->nlinks);
    s->nlinks++;
}

static void *stats_create(ui_t *ui) { return xcalloc(1, sizeof(stats_t)); }

static void stats_destroy(void *st)
{
    stats_t *s = st;
    if (!s)
        return;
    free(s->cards);
    free(s);
}

static const char *stats_title(ui_t *ui, void *st) { return ui_str(ui, "stats.title"); }

static chart_style_t stats_style(ui_t *ui, bool card)
{
    chart_style_t cs = chart_style_themed(ui->content, ui->theme, ui->lang, ui->m.px_body);
    if (card)
        cs.bg = ui->theme->surface_alt;
    return cs;
}

static void stats_layout(ui_t *ui, void *st)
{
    stats_t *s = st;
    const ui_metrics_t *m = &ui->m;
    const content_t *c = ui->content;
    free(s->cards);
    /* (layout also runs when only the measuring backend changed: the links
     * drawn stay where they are unless the size or the language moved them) */
    if (s->laid_w != m->w || s->laid_h != m->h || strcmp(s->laid_lang, ui->lang) != 0) {
        s->nlinks = 0;
        s->laid_w = m->w;
        s->laid_h = m->h;
        snprintf(s->laid_lang, sizeof s->laid_lang, "%s", ui->lang);
    }
    s->ncards = c->ncharts;
    s->cards = xcalloc(s->ncards + 1, sizeof *s->cards);
    int x = m->margin, w = m->w - 2 * m->margin - m->u * 2;
    int y = m->margin;
    rect_t view = ui->body;
    for (size_t i = 0; i < c->ncharts; i++) {
        const chart_t *ch = &c->charts[i];
        int h;
        if (ch->kind == CHART_BAR) {
            chart_style_t cs = stats_style(ui, true);
            int pad = m->margin;
            h = m->portrait ? w * 6 / 5 : view.h - 2 * m->margin;
            h = AGM_MAX(h, chart_bar_height(ui->gfx, ch, w - 2 * pad, &cs) + 2 * pad);
        } else {
            chart_style_t cs = stats_style(ui, false);
            h = chart_tiles_height(ui->gfx, ch, w, &cs);
        }
        s->cards[i] = (rect_t){x, y, w, h};
        y += h + m->gap * 3;
    }
    scroll_set_content(&s->sc, view, y - m->gap * 3 + m->margin);
}

static void stats_draw(ui_t *ui, void *st, gfx_t *g)
{
    stats_t *s = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    const content_t *c = ui->content;
    gfx_push_clip(g, s->sc.view);
    int oy = s->sc.view.y - (int)lroundf(s->sc.offset);
    for (size_t i = 0; i < s->ncards; i++) {
        rect_t r = s->cards[i];
        r.y += oy;
        if (r.y + r.h < s->sc.view.y || r.y > s->sc.view.y + s->sc.view.h)
            continue;
        const chart_t *ch = &c->charts[i];
        chart_style_t cs = stats_style(ui, ch->kind == CHART_BAR);
        cs.link = t->accent;
        cs.on_section = stats_on_section;
        cs.ctx = s;
        s->ui = ui;
        s->oy = oy;
        if (ch->kind == CHART_BAR) {
            gfx_round(g, r, m->radius * 2, t->surface_alt);
            chart_draw(g, ch, rect_inset(r, m->margin), &cs);
        } else {
            chart_draw(g, ch, r, &cs);
        }
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&s->sc, g, t->line, AGM_MAX(3, m->u));
}

static bool stats_event(ui_t *ui, void *st, const ui_input_t *in)
{
    stats_t *s = st;
    return scroll_input(&s->sc, in, ui->m.body_line * 2);
}

static bool stats_update(ui_t *ui, void *st)
{
    stats_t *s = st;
    return scroll_update(&s->sc, ui->now);
}

static void stats_reset(ui_t *ui, void *st) { scroll_to(&((stats_t *)st)->sc, 0); }

/* A link's touch target: its line, grown to a full target's height. */
static rect_t stats_link_target(const ui_t *ui, const stats_link_t *l)
{
    rect_t r = l->r;
    int grow = AGM_MAX(0, ui->m.target - r.h);
    r.y -= grow / 2;
    r.h += grow;
    r.w = AGM_MAX(r.w, ui->m.target);
    return r;
}

static size_t stats_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    stats_t *s = st;
    size_t n = 0;
    for (size_t i = 0; i < s->nlinks; i++) {
        rect_t on;
        if (scroll_visible(&s->sc, stats_link_target(ui, &s->links[i]), ui->m.target, &on))
            n = ui_control_add(out, n, max, on, s->links[i].id);
    }
    return n;
}

static bool stats_activate(ui_t *ui, void *st, const char *id)
{
    stats_t *s = st;
    for (size_t i = 0; i < s->nlinks; i++)
        if (strcmp(id, s->links[i].id) == 0) {
            reader_open(ui, s->links[i].section);
            return true;
        }
    return false;
}

const screen_def_t screen_stats = {
    .name = "stats",
    .bar_title = stats_title,
    .show_back = true,
    .show_home = true,
    .create = stats_create,
    .destroy = stats_destroy,
    .layout = stats_layout,
    .reset = stats_reset,
    .event = stats_event,
    .update = stats_update,
    .draw = stats_draw,
    .controls = stats_controls,
    .activate = stats_activate,
};
