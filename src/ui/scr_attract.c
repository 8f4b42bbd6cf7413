/* scr_attract.c - the attract loop while nobody touches the kiosk: the
 * event, the report's figures and charts, activities of the year and
 * passages of the report, one at a time, changing every attract_interval
 * seconds with a slow eased cross-fade; an invitation to touch in every
 * language of the content. Any touch or key goes home; a tap on the
 * invitation in one language starts the visit in that language. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "chart.h"
#include "screen.h"
#include "widgets.h"

#define ATTRACT_FADE_MS 400
#define ATTRACT_MAX_CARDS 12
#define ATTRACT_MAX_LANGS 8

typedef enum { CARD_EVENT, CARD_CHART, CARD_FIGURE, CARD_ACTIVITY, CARD_REPORT } card_kind_t;

typedef struct {
    card_kind_t kind;
    const void *ref;     /* chart_t, stat_t, tl_event_t or section_t */
} card_t;

typedef struct {
    card_t cards[ATTRACT_MAX_CARDS];
    int ncards;
    int cur, prev;
    uint64_t next_t, fade_t0;
    bool fading;
    rect_t stage, band;
    /* the invitation band: text box, one column (landscape) or row
     * (portrait) per language, and the size that fits every language */
    rect_t band_text;
    int band_colw, band_rowh, band_px;
    /* the touch target of each language's invitation, and its id */
    rect_t lang_r[ATTRACT_MAX_LANGS];
    char lang_id[ATTRACT_MAX_LANGS][32];
    size_t nlang;
} attract_t;

/* "Touch to begin" in language i of the content (the UI's own without any). */
static const char *invitation(ui_t *ui, size_t i)
{
    return ui->content->nlangs ? content_text(ui->content, ui->content->langs[i].lang, "nav.touch_to_begin")
                               : ui_str(ui, "nav.touch_to_begin");
}

static void *attract_create(ui_t *ui) { return xcalloc(1, sizeof(attract_t)); }
static void attract_destroy(void *st) { free(st); }

static void add(attract_t *a, card_kind_t k, const void *ref)
{
    if (a->ncards < ATTRACT_MAX_CARDS && ref)
        a->cards[a->ncards++] = (card_t){k, ref};
}

/* The first paragraph of a section, or NULL. */
static const block_t *first_paragraph(const section_t *s)
{
    for (size_t i = 0; i < s->nblocks; i++) {
        const block_t *b = &s->blocks[i];
        size_t len = 0;
        for (size_t k = 0; b->kind == BLOCK_PARAGRAPH && k < b->nspans; k++)
            len += b->spans[k].text ? strlen(b->spans[k].text) : 0;
        if (len >= 80) /* a passage, not a date line */
            return b;
    }
    return NULL;
}

static void attract_build(ui_t *ui, attract_t *a)
{
    const content_t *c = ui->content;
    a->ncards = 0;
    add(a, CARD_EVENT, &c->event);
    const chart_t *bars[4] = {0};
    const stat_t *figs[8] = {0};
    const tl_event_t *acts[4] = {0};
    const section_t *secs[3] = {0};
    int nb = 0, nf = 0, na = 0, ns = 0;
    for (size_t i = 0; i < c->ncharts; i++) {
        if (c->charts[i].kind == CHART_BAR && nb < 1)
            bars[nb++] = &c->charts[i];
        else if (c->charts[i].kind == CHART_TILES && nf < 4) {
            const stat_t *s[1];
            if (chart_stats(c, c->charts[i].id, s, 1))
                figs[nf++] = s[0];
        }
    }
    /* Rescues first: they are what the meeting is about. */
    for (int pass = 0; pass < 2 && na < 3; pass++)
        for (size_t i = 0; i < c->ntimeline && na < 3; i++) {
            bool rescue = c->timeline[i].category && strcmp(c->timeline[i].category, "rescue") == 0;
            if (rescue == (pass == 0))
                acts[na++] = &c->timeline[i];
        }
    for (size_t i = 0; i < c->report.nsections && ns < 2; i++)
        if (first_paragraph(&c->report.sections[i]))
            secs[ns++] = &c->report.sections[i];
    /* Interleave so consecutive cards differ in kind. */
    for (int i = 0; i < 4; i++) {
        /* A chart only where it keeps readable type and real bars; the
         * figure cards carry the numbers everywhere else. */
        if (i < nb) {
            chart_style_t cs = chart_style_dark(c, ui->lang, ui->m.px_body);
            if (chart_bar_height(ui->gfx, bars[i], a->stage.w, &cs) <= a->stage.h)
                add(a, CARD_CHART, bars[i]);
        }
        if (i < nf)
            add(a, CARD_FIGURE, figs[i]);
        if (i < na)
            add(a, CARD_ACTIVITY, acts[i]);
        if (i < ns)
            add(a, CARD_REPORT, secs[i]);
    }
    if (a->cur >= a->ncards)
        a->cur = 0;
}

static void attract_layout(ui_t *ui, void *st)
{
    attract_t *a = st;
    const ui_metrics_t *m = &ui->m;
    /* portrait: a row per language, each tall enough to be tapped */
    int band_h = m->portrait ? (int)AGM_MAX(ui->content->nlangs, 1) * AGM_MAX(m->px_h3 * 3 / 2, m->target)
                                   + m->margin * 2
                             : m->bar_h + m->margin * 2;
    a->band = (rect_t){0, m->h - band_h, m->w, band_h};
    int side = m->portrait ? m->margin * 2 : m->w / 12;
    a->stage = (rect_t){side, m->margin * 3, m->w - 2 * side, a->band.y - m->margin * 5};
    size_t nl = AGM_MAX(ui->content->nlangs, 1);
    a->band_text = rect_inset(a->band, m->margin);
    /* Landscape: side by side; portrait: one line each. */
    a->band_colw = m->portrait ? a->band_text.w : (a->band_text.w - (int)(nl - 1) * m->gap) / (int)nl;
    a->band_rowh = m->portrait ? a->band_text.h / (int)nl : a->band_text.h;
    a->band_px = m->px_h2;
    /* The widest invitation first: it sets the size, and the others then
     * mostly fit on one line at once (no wrapping tried, so no phrase
     * dictionary loaded for Japanese just to find it does not fit). */
    size_t order[ATTRACT_MAX_LANGS];
    int wide[ATTRACT_MAX_LANGS];
    size_t no = AGM_MIN(nl, (size_t)ATTRACT_MAX_LANGS);
    font_t fb = ui_font(m->px_body, true);
    for (size_t i = 0; i < no; i++) {
        wide[i] = gfx_text_width(ui->gfx, &fb, invitation(ui, i));
        size_t k = i;
        for (; k > 0 && wide[order[k - 1]] < wide[i]; k--)
            order[k] = order[k - 1];
        order[k] = i;
    }
    for (size_t j = 0; j < nl; j++) {
        size_t i = j < no ? order[j] : j;
        /* (not inside AGM_MIN, which would fit the text twice) */
        int px = text_fit_px(ui->gfx, invitation(ui, i), FONT_BOLD, (rect_t){0, 0, a->band_colw, a->band_rowh},
                             m->px_body, a->band_px, 1.2f);
        a->band_px = AGM_MIN(a->band_px, px);
    }
    /* Each invitation is a touch target reaching to the band's edges. */
    a->nlang = AGM_MIN(ui->content->nlangs, (size_t)ATTRACT_MAX_LANGS);
    for (size_t i = 0; i < a->nlang; i++) {
        rect_t tb = a->band_text;
        rect_t r;
        if (m->portrait) {
            int y0 = i == 0 ? a->band.y : tb.y + (int)i * a->band_rowh;
            int y1 = i + 1 == a->nlang ? a->band.y + a->band.h : tb.y + (int)(i + 1) * a->band_rowh;
            r = (rect_t){0, y0, m->w, y1 - y0};
        } else {
            int x0 = i == 0 ? 0 : tb.x + (int)i * (a->band_colw + m->gap) - m->gap / 2;
            int x1 = i + 1 == a->nlang ? m->w : tb.x + (int)(i + 1) * (a->band_colw + m->gap) - m->gap / 2;
            r = (rect_t){x0, a->band.y, x1 - x0, a->band.h};
        }
        a->lang_r[i] = r;
        snprintf(a->lang_id[i], sizeof a->lang_id[i], "attract.lang.%s", ui->content->langs[i].lang);
    }
    attract_build(ui, a);
}

static void attract_enter(ui_t *ui, void *st)
{
    attract_t *a = st;
    a->cur = 0;
    a->fading = false;
    int s = ui->cfg && ui->cfg->attract_interval_s > 0 ? ui->cfg->attract_interval_s : 10;
    a->next_t = ui->now + (uint64_t)s * 1000;
}

/* A kicker line above a card: small, muted, bold. Returns its height. */
static int kicker(ui_t *ui, gfx_t *g, const char *s, rect_t r)
{
    font_t f = ui_font(ui->m.px_body, true);
    return text_draw_box(g, &f, ui->theme->slide_muted, s, (rect_t){r.x, r.y, r.w, ui->m.body_line * 2}, TEXT_LEFT, 0)
           + ui->m.gap;
}

/* The largest type that fits what is left of r, then draw it. */
static int big_text(ui_t *ui, gfx_t *g, const char *s, rect_t r, int px_min, int px_max, bool bold, rgba_t c)
{
    if (!s || !*s || r.h <= 0)
        return 0;
    int px = text_fit_px(g, s, bold ? FONT_BOLD : FONT_REGULAR, r, px_min, px_max, 1.25f);
    font_t f = ui_font(px, bold);
    return text_draw_box(g, &f, c, s, r, TEXT_LEFT, (int)lround(px * 1.25));
}

static void draw_card(ui_t *ui, attract_t *a, gfx_t *g, const card_t *cd)
{
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    const content_t *c = ui->content;
    rect_t r = a->stage;
    int y = r.y;
    switch (cd->kind) {
    case CARD_EVENT: {
        const event_t *e = cd->ref;
        const char *title = e->title ? e->title : ui_str(ui, "app.name");
        int h = big_text(ui, g, title, (rect_t){r.x, y, r.w, r.h * 11 / 20}, m->px_h1, m->px_display * 5 / 4, true,
                         t->slide_text);
        y += h + m->gap * 2;
        h = big_text(ui, g, e->subtitle, (rect_t){r.x, y, r.w, (r.y + r.h - y) * 2 / 3}, m->px_body, m->px_h2,
                     false, t->slide_text);
        y += h + m->gap;
        char line[512];
        snprintf(line, sizeof line, "%s%s%s", e->place ? e->place : "", e->place && e->organizer ? " \xC2\xB7 " : "",
                 e->organizer ? e->organizer : "");
        big_text(ui, g, line, (rect_t){r.x, y, r.w, r.y + r.h - y}, m->px_body, m->px_h3, false, t->slide_muted);
        break;
    }
    case CARD_CHART: {
        chart_style_t cs = chart_style_dark(c, ui->lang, m->px_body);
        chart_draw(g, cd->ref, (rect_t){r.x, y, r.w, r.y + r.h - y - m->margin}, &cs);
        break;
    }
    case CARD_FIGURE: {
        const stat_t *s = cd->ref;
        y += kicker(ui, g, ui_str(ui, "attract.figures"), r);
        char val[64];
        content_format_value(c, ui->lang, s, val, sizeof val);
        /* The number as large as fits one line, its unit beside it on the same baseline. */
        font_t uf = ui_font(m->px_h1, true);
        int uw = s->unit && *s->unit ? gfx_text_width(g, &uf, s->unit) + m->gap : 0;
        int px = text_fit_px(g, val, FONT_BOLD, (rect_t){0, 0, r.w - uw, r.h * 2 / 5}, m->px_h1, m->px_display * 2,
                             1.0f);
        font_t nf = ui_font(px, true);
        font_metrics_t nm = gfx_metrics(g, &nf), um = gfx_metrics(g, &uf);
        int h = text_draw_box(g, &nf, t->slide_text, val, (rect_t){r.x, y, r.w - uw, nm.ascent + nm.descent},
                              TEXT_LEFT, 0);
        if (uw)
            gfx_text(g, &uf, r.x + gfx_text_width(g, &nf, val) + m->gap, y + nm.ascent - um.ascent, s->unit,
                     t->slide_muted);
        y += h + m->gap;
        h = big_text(ui, g, s->label, (rect_t){r.x, y, r.w, (r.y + r.h - y) * 2 / 3}, m->px_body, m->px_h1, false,
                     t->slide_text);
        y += h + m->gap;
        if (s->note && *s->note)
            big_text(ui, g, s->note, (rect_t){r.x, y, r.w, r.y + r.h - y}, m->px_body, m->px_h3, false,
                     t->slide_muted);
        break;
    }
    case CARD_ACTIVITY: {
        const tl_event_t *e = cd->ref;
        y += kicker(ui, g, ui_str(ui, "attract.timeline"), r);
        const char *d = ui_date(ui, "date.full", e->year, e->month, e->day);
        int h = big_text(ui, g, d, (rect_t){r.x, y, r.w, m->px_h1 * 2}, m->px_h3, m->px_h1, true, t->slide_muted);
        y += h + m->gap;
        h = big_text(ui, g, e->title, (rect_t){r.x, y, r.w, (r.y + r.h - y) / 2}, m->px_h2, m->px_display, true,
                     t->slide_text);
        y += h + m->gap;
        if (e->detail && *e->detail)
            big_text(ui, g, e->detail, (rect_t){r.x, y, r.w, r.y + r.h - y}, m->px_body, m->px_h3, false,
                     t->slide_text);
        break;
    }
    case CARD_REPORT: {
        const section_t *s = cd->ref;
        y += kicker(ui, g, ui_str(ui, "attract.report"), r);
        int h = big_text(ui, g, s->title, (rect_t){r.x, y, r.w, r.h / 3}, m->px_h2, m->px_display, true,
                         t->slide_text);
        y += h + m->gap;
        const block_t *p = first_paragraph(s);
        strbuf_t b = {0};
        for (size_t i = 0; p && i < p->nspans; i++)
            sb_append(&b, p->spans[i].text ? p->spans[i].text : "");
        if (b.s)
            big_text(ui, g, b.s, (rect_t){r.x, y, r.w, r.y + r.h - y}, m->px_body, m->px_h2, false, t->slide_text);
        sb_free(&b);
        break;
    }
    }
}

static void attract_draw(ui_t *ui, void *st, gfx_t *g)
{
    attract_t *a = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, (rect_t){0, 0, m->w, m->h}, t->slide_bg);
    if (a->ncards) {
        gfx_push_clip(g, (rect_t){0, 0, m->w, a->band.y});
        if (a->fading) {
            float k = ui_ease(a->fade_t0, ui->now, ATTRACT_FADE_MS);
            gfx_set_opacity(g, 1 - k);
            draw_card(ui, a, g, &a->cards[a->prev]);
            gfx_set_opacity(g, k);
            draw_card(ui, a, g, &a->cards[a->cur]);
            gfx_set_opacity(g, 1);
        } else {
            draw_card(ui, a, g, &a->cards[a->cur]);
        }
        gfx_pop_clip(g);
    }
    /* Where we are in the loop: small dots, the current one filled (the
     * files the cards come from are loaded before the first frame, so the
     * first picture already has them all). */
    if (a->ncards) {
        int d = AGM_MAX(6, m->u * 2), gap = d;
        int total = a->ncards * d + (a->ncards - 1) * gap;
        int x = (m->w - total) / 2, y = a->band.y - m->margin - d;
        for (int i = 0; i < a->ncards; i++)
            gfx_round(g, (rect_t){x + i * (d + gap), y, d, d}, d / 2,
                      i == a->cur ? t->slide_text : color_mix(t->slide_muted, t->slide_bg, 0.55f));
    }
    /* The invitation, in every language of the content: one column each,
     * so no phrase is broken across another. */
    gfx_fill(g, a->band, color_mix(t->slide_bg, t->slide_text, 0.10f));
    size_t nl = AGM_MAX(ui->content->nlangs, 1);
    rect_t tb = a->band_text;
    bool rows = m->portrait;
    int colw = a->band_colw, rowh = a->band_rowh, px = a->band_px;
    font_t f = ui_font(px, true);
    for (size_t i = 0; i < nl; i++) {
        const char *s = invitation(ui, i);
        text_opts_t o = {colw, (int)lround(px * 1.2), 2, TEXT_CENTER};
        text_layout_t l;
        text_layout_str(g, &f, t->slide_text, s, &o, &l);
        if (rows)
            text_layout_draw(g, &l, tb.x, tb.y + (int)i * rowh + (rowh - l.ink_h) / 2);
        else
            text_layout_draw(g, &l, tb.x + (int)i * (colw + m->gap), tb.y + (tb.h - l.ink_h) / 2);
        text_layout_free(&l);
        if (i + 1 < nl && !rows) /* a quiet divider between the languages */
            gfx_fill(g, (rect_t){tb.x + (int)(i + 1) * (colw + m->gap) - m->gap / 2, tb.y + tb.h / 4, m->line,
                                 tb.h / 2}, t->slide_muted);
    }
}

static bool attract_update(ui_t *ui, void *st)
{
    attract_t *a = st;
    if (a->ncards > 1 && ui->now >= a->next_t) {
        int s = ui->cfg && ui->cfg->attract_interval_s > 0 ? ui->cfg->attract_interval_s : 10;
        a->prev = a->cur;
        a->cur = (a->cur + 1) % a->ncards;
        a->fade_t0 = ui->now;
        a->fading = true;
        a->next_t = ui->now + (uint64_t)s * 1000;
    }
    if (a->fading && ui->now >= a->fade_t0 + ATTRACT_FADE_MS) {
        a->fading = false;
        ui_invalidate(ui);
    }
    return a->fading;
}

static int attract_wait(ui_t *ui, void *st)
{
    attract_t *a = st;
    if (a->fading)
        return 0;
    if (a->ncards < 2)
        return -1;
    return ui->now >= a->next_t ? 0 : (int)AGM_MIN(a->next_t - ui->now, (uint64_t)1 << 30);
}

static bool attract_activate(ui_t *ui, void *st, const char *id)
{
    /* "attract.lang.ja": the visit starts in Japanese */
    if (strncmp(id, "attract.lang.", 13) == 0)
        ui_set_lang(ui, id + 13);
    ui_home(ui);
    return true;
}

static bool attract_event(ui_t *ui, void *st, const ui_input_t *in)
{
    /* A drag or a key wakes the kiosk as well as a tap. */
    if (in->kind == IN_DRAG_END || (in->kind == IN_KEY && !in->repeat)) {
        ui_home(ui);
        return true;
    }
    return false;
}

static size_t attract_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    attract_t *a = st;
    size_t n = ui_control_add(out, 0, max, (rect_t){0, 0, ui->m.w, a->nlang ? a->band.y : ui->m.h}, "attract.begin");
    for (size_t i = 0; i < a->nlang; i++)
        n = ui_control_add(out, n, max, a->lang_r[i], a->lang_id[i]);
    return n;
}

const screen_def_t screen_attract = {
    .name = "attract",
    .create = attract_create,
    .destroy = attract_destroy,
    .layout = attract_layout,
    .enter = attract_enter,
    .activate = attract_activate,
    .event = attract_event,
    .update = attract_update,
    .wait_ms = attract_wait,
    .draw = attract_draw,
    .controls = attract_controls,
};
