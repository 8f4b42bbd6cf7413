/* scr_stats.c - the year in figures: every charts.ini group in order, bar
 * charts on a card as tall as the view (landscape) or taller than wide
 * (portrait, drawn as horizontal bars), tile groups as big-number tiles;
 * the whole scrolls by drag with momentum. */
#include <math.h>
#include <stdlib.h>

#include "../core/util.h"
#include "chart.h"
#include "screen.h"
#include "widgets.h"

typedef struct {
    scroll_t sc;
    rect_t *cards;     /* content coordinates, one per chart */
    size_t ncards;
} stats_t;

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
    chart_style_t cs = chart_style_light(ui->content, ui->lang, ui->m.px_body);
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
        if (ch->kind == CHART_BAR) {
            chart_style_t cs = stats_style(ui, true);
            gfx_round(g, r, m->radius * 2, t->surface_alt);
            chart_draw(g, ch, rect_inset(r, m->margin), &cs);
        } else {
            chart_style_t cs = stats_style(ui, false);
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
};
