/* slide_draw.c - painting slides, the audience screen and the presenter
 * view. See slide_draw.h. */
#include "slide_draw.h"

#include "../core/qr.h"
#include "../ui/widgets.h"

#include "../core/util.h"
#include "../ui/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Q&A state of the show being drawn (slide_draw_show and
 * slide_draw_presenter set it): SLIDE_QUESTIONS slides draw from it. */
static qa_view_t *drawing_qa;
static meeting_view_t *drawing_meeting;

/* Colours when the content has no theme (all zero): a quiet navy deck. */
static theme_t theme_of(const content_t *c)
{
    theme_t t;
    if (c && c->theme.slide_bg.a) {
        t = c->theme;
        /* Everything here is drawn on slide_bg: the kiosk's accent is made
         * for light surfaces, slide_accent for the dark slides. */
        if (t.slide_accent.a)
            t.accent = t.slide_accent;
        return t;
    }
    memset(&t, 0, sizeof t);
    t.slide_bg = RGBA(0x14, 0x1f, 0x33, 255);
    t.slide_text = RGBA(0xf4, 0xf1, 0xea, 255);
    t.slide_muted = RGBA(0xb4, 0xbc, 0xc8, 255);
    t.accent = RGBA(0xe0, 0xa4, 0x58, 255);
    t.slide_accent = t.accent;
    t.accent_text = RGBA(0x14, 0x1f, 0x33, 255);
    t.danger = RGBA(0xc0, 0x39, 0x2b, 255);
    t.line = RGBA(0x3a, 0x48, 0x60, 255);
    return t;
}

static rgba_t role_color(const theme_t *t, deck_line_role_t r)
{
    switch (r) {
    case DECK_LINE_LABEL: return t->accent;
    case DECK_LINE_MUTED: return t->slide_muted;
    default: return t->slide_text;
    }
}

static font_t font_px(int px, font_weight_t w)
{
    font_t f = {px < 1 ? 1 : px, w, false};
    return f;
}

/* ---- charts --------------------------------------------------------------- */

typedef struct {
    const stat_t **st;
    size_t n;
    char (*val)[96];    /* formatted values */
} chart_rows_t;

static int text_w(gfx_t *g, int px, font_weight_t w, const char *s)
{
    font_t f = font_px(px, w);
    return gfx_text_width(g, &f, s);
}

static int line_h(int px) { return (int)lround(px * 1.2); }

/* Bars: the geometry at text size p, or false when it does not fit r. */
typedef struct {
    int p, label_w, row_h, gap, bar_max, total;
} bars_geo_t;

static bool bars_fit(gfx_t *g, const chart_rows_t *cr, rect_t r, int p, bars_geo_t *out)
{
    bars_geo_t b = {p, 0, 0, AGM_MAX(4, p / 2), 0, 0};
    for (size_t i = 0; i < cr->n; i++)
        b.label_w = AGM_MAX(b.label_w, text_w(g, p, FONT_REGULAR, cr->st[i]->label ? cr->st[i]->label : ""));
    b.label_w = AGM_MIN(b.label_w, r.w * 2 / 5);
    int value_w = 0;
    for (size_t i = 0; i < cr->n; i++)
        value_w = AGM_MAX(value_w, text_w(g, p, FONT_BOLD, cr->val[i]));
    b.bar_max = r.w - b.label_w - 3 * b.gap - value_w;
    if (b.bar_max < r.w / 6)
        return false;
    font_t f = font_px(p, FONT_REGULAR);
    int rows_h = 0;
    b.row_h = line_h(p);
    for (size_t i = 0; i < cr->n; i++) {
        text_layout_t l;
        text_opts_t o = {.max_w = b.label_w, .line_h = line_h(p)};
        text_layout_str(g, &f, RGBA(0, 0, 0, 255), cr->st[i]->label ? cr->st[i]->label : "", &o, &l);
        bool broke = l.broke_word;
        b.row_h = AGM_MAX(b.row_h, l.height);
        text_layout_free(&l);
        if (broke)
            return false;
    }
    b.row_h += b.gap;
    rows_h = b.row_h * (int)cr->n;
    b.total = rows_h;
    if (rows_h > r.h)
        return false;
    *out = b;
    return true;
}

/* Horizontal bars from zero, label on the left, the value written after
 * the bar, at the largest text size in [min_px, px] that fits. */
static void draw_bars(gfx_t *g, const chart_rows_t *cr, rect_t r, int px, int min_px, const theme_t *t)
{
    bars_geo_t b;
    int p = px;
    bool fits;
    while (!(fits = bars_fit(g, cr, r, p, &b)) && p > min_px)
        p--;
    if (!fits)
        return; /* not even at the floor: nothing rather than text outside */
    double max = 0;
    for (size_t i = 0; i < cr->n; i++)
        max = cr->st[i]->value > max ? cr->st[i]->value : max;
    if (max <= 0)
        max = 1;
    int x0 = r.x + b.label_w + b.gap;
    int y0 = r.y + (r.h - b.total) / 2;
    font_t fl = font_px(p, FONT_REGULAR), fv = font_px(p, FONT_BOLD);
    font_metrics_t m = gfx_metrics(g, &fv);
    int th = m.ascent + m.descent;
    for (size_t i = 0; i < cr->n; i++) {
        const stat_t *s = cr->st[i];
        int y = y0 + (int)i * b.row_h;
        int lh = text_height(g, &fl, s->label ? s->label : "", b.label_w, line_h(p));
        /* the box has a line to spare so that the last line is never
         * taken for one too many */
        text_draw_box(g, &fl, t->slide_text, s->label ? s->label : "",
                      (rect_t){r.x, y + (b.row_h - lh) / 2, b.label_w, lh + line_h(p)}, TEXT_RIGHT, line_h(p));
        int bw = (int)lround(b.bar_max * (s->value / max));
        if (s->value > 0 && bw < 2)
            bw = 2;
        int bh = AGM_MAX(2, AGM_MIN(b.row_h - b.gap, th));
        gfx_fill(g, (rect_t){x0, y + (b.row_h - bh) / 2, bw, bh}, t->accent);
        gfx_text(g, &fv, x0 + bw + b.gap, y + (b.row_h - th) / 2, cr->val[i], t->slide_text);
    }
    /* the zero line: bars start at zero */
    gfx_fill(g, (rect_t){x0 - 1, y0, AGM_MAX(1, p / 16), b.total - b.gap}, t->slide_muted);
}

/* Tile slides: the slide's figures as chart.c tiles in rows, as many
 * columns as keep a tile 14 body sizes wide. */
static void draw_tile_page(gfx_t *g, const deck_t *d, const deck_slide_t *sl, const deck_layout_t *l, rect_t r,
                           int px)
{
    const content_t *c = d->content;
    const chart_t *ch = &c->charts[sl->chart];
    size_t n = content_group_stats(c, ch->id, NULL, 0);
    const stat_t **st = xcalloc(n ? n : 1, sizeof *st);
    n = chart_stats(c, ch->id, st, n);
    size_t a = AGM_MIN(sl->stat0, n), b = AGM_MIN(sl->stat0 + (sl->nstat ? sl->nstat : n), n);
    chart_style_t cs = deck_chart_style(c, d->lang, px);
    int cols = AGM_CLAMP(l->chart_cols, 1, 4), gap = px;
    int tw = (r.w - (cols - 1) * gap) / cols;
    int y = r.y;
    gfx_push_clip(g, r);
    for (size_t i = a; i < b; i += (size_t)cols) {
        int rh = 0;
        for (size_t k = i; k < b && k < i + (size_t)cols; k++)
            rh = AGM_MAX(rh, chart_tile_height(g, st[k], tw, &cs));
        for (size_t k = i; k < b && k < i + (size_t)cols; k++)
            chart_draw_tile(g, st[k], (rect_t){r.x + (int)(k - i) * (tw + gap), y, tw, rh}, &cs);
        y += rh + gap;
    }
    gfx_pop_clip(g);
    free(st);
}

void slide_draw_chart(gfx_t *g, const deck_t *d, size_t i, const deck_layout_t *l, int min_px)
{
    if (!d || i >= d->nslides || !d->content)
        return;
    const deck_slide_t *sl = &d->slides[i];
    const content_t *c = d->content;
    rect_t r = l->chart;
    if (sl->chart < 0 || (size_t)sl->chart >= c->ncharts || r.w <= 0 || r.h <= 0)
        return;
    const chart_t *ch = &c->charts[sl->chart];
    if (ch->kind == CHART_TILES) {
        draw_tile_page(g, d, sl, l, r, l->chart_px);
        return;
    }
    if (!l->chart_own) {
        chart_style_t cs = deck_chart_style(c, d->lang, l->chart_px);
        chart_draw(g, ch, r, &cs);
        return;
    }
    /* compact bars: what chart.c needs room for does not fit */
    theme_t t = theme_of(c);
    chart_rows_t cr = {xcalloc(c->nstats ? c->nstats : 1, sizeof *cr.st), 0,
                       xcalloc(c->nstats ? c->nstats : 1, sizeof *cr.val)};
    for (size_t k = 0; k < c->nstats; k++)
        if (c->stats[k].group && ch->id && strcmp(c->stats[k].group, ch->id) == 0) {
            content_format_value(c, d->lang, &c->stats[k], cr.val[cr.n], sizeof cr.val[cr.n]);
            cr.st[cr.n++] = &c->stats[k];
        }
    if (cr.n > 0)
        draw_bars(g, &cr, r, AGM_MAX(l->chart_px, min_px), AGM_MAX(1, min_px), &t);
    free(cr.st);
    free(cr.val);
}

/* ---- one slide ---------------------------------------------------------------- */

/* Layers of a slide: its background; its content; and, with another slide
 * given, only the lines the two share (the same text, font and place), so
 * that a fade can keep them still while the rest changes. Content then
 * leaves the shared lines out. */
enum { LAYER_BACKGROUND = 1, LAYER_CONTENT = 2, LAYER_SHARED = 4 };

static bool line_in(const deck_layout_t *l, const deck_line_t *ln)
{
    for (size_t k = 0; l && k < l->nlines; k++) {
        const deck_line_t *o = &l->lines[k];
        if (o->x == ln->x && o->y == ln->y && o->role == ln->role && o->font.px == ln->font.px &&
            o->font.weight == ln->font.weight && o->font.italic == ln->font.italic && strcmp(o->text, ln->text) == 0)
            return true;
    }
    return false;
}

static void draw_layers(gfx_t *g, const deck_t *d, size_t i, const deck_layout_t *l, int ox, int oy, int w, int h,
                        rect_t clip, int layers, const deck_layout_t *other)
{
    if (!d || i >= d->nslides)
        return;
    const deck_slide_t *s = &d->slides[i];
    if (!l)
        l = &s->layout;
    theme_t t = theme_of(d->content);
    gfx_push_clip(g, clip);
    gfx_set_offset(g, ox, oy);
    if (layers & LAYER_BACKGROUND)
        gfx_fill(g, (rect_t){0, 0, w, h}, t.slide_bg);
    for (size_t k = 0; (layers & (LAYER_CONTENT | LAYER_SHARED)) && k < l->nlines; k++) {
        const deck_line_t *ln = &l->lines[k];
        bool shared = other && line_in(other, ln);
        if (shared ? (layers & LAYER_SHARED) : (layers & LAYER_CONTENT))
            gfx_text(g, &ln->font, ln->x, ln->y, ln->text, role_color(&t, ln->role));
    }
    if ((layers & LAYER_CONTENT) && s->kind == SLIDE_CHART && l->chart.w > 0 && l->chart.h > 0)
        slide_draw_chart(g, d, i, l, l == &s->layout ? d->floor_px : 1);
    if ((layers & LAYER_CONTENT) && s->kind == SLIDE_QUESTIONS) {
        const content_t *c = d->content;
        const char *heading = c && s->spec < c->nslides ? c->slides[s->spec].heading : NULL;
        /* a preview keeps the audience slide's proportions (no floor) */
        int floor = l == &s->layout ? d->floor_px : AGM_MAX(1, d->floor_px * h / AGM_MAX(1, d->h));
        qa_view_t *qa = drawing_qa;
        qa_view_t copy;
        if (qa && l != &s->layout) {
            /* the preview's fit must not replace the audience slide's */
            copy = *qa;
            copy.fit_text = NULL;
            qa = &copy;
        }
        qa_slide_draw(g, c, d->lang, heading, qa, w, h, floor, t.slide_text, t.slide_muted, t.slide_accent);
    }
    if ((layers & LAYER_CONTENT) && (s->kind == SLIDE_ATTENDANCE || s->kind == SLIDE_RESOLUTION)) {
        const content_t *c = d->content;
        const slide_spec_t *sp = c && s->spec < c->nslides ? &c->slides[s->spec] : NULL;
        const content_t *cv = content_in(c, d->lang);
        const char *heading = cv && s->spec < cv->nslides ? cv->slides[s->spec].heading : NULL;
        int floor = l == &s->layout ? d->floor_px : AGM_MAX(1, d->floor_px * h / AGM_MAX(1, d->h));
        meeting_colors_t mc = {t.slide_text, t.slide_muted, t.slide_accent, t.slide_bg};
        if (s->kind == SLIDE_ATTENDANCE)
            meeting_slide_attendance(g, c, d->lang, heading, drawing_meeting, w, h, floor, mc);
        else
            meeting_slide_resolution(g, c, d->lang, heading, sp ? sp->ref : NULL, drawing_meeting, w, h, floor, mc);
    }
    if ((layers & LAYER_CONTENT) && s->kind == SLIDE_CLOSING && l->qr.w > 0 && d->content && d->content->event.url) {
        /* black modules on a white square: phones read it from the hall */
        qr_t q;
        if (qr_make(d->content->event.url, &q))
            ui_draw_qr(g, &q, l->qr, RGBA(0, 0, 0, 255), RGBA(255, 255, 255, 255));
        qr_free(&q);
    }
    gfx_set_offset(g, 0, 0);
    gfx_pop_clip(g);
}

void slide_draw(gfx_t *g, const deck_t *d, size_t i, const deck_layout_t *l, int ox, int oy, int w, int h,
                rect_t clip)
{
    draw_layers(g, d, i, l, ox, oy, w, h, clip, LAYER_BACKGROUND | LAYER_CONTENT, NULL);
}

/* ---- the audience screen ------------------------------------------------------ */

static void draw_banner(gfx_t *g, const diag_list_t *errs, const theme_t *t, int floor_px)
{
    int u = AGM_MAX(1, AGM_MIN(g->w, g->h) / 100);
    int px = AGM_MAX(floor_px, 3 * u);
    font_t fb = font_px(px, FONT_BOLD), fr = font_px(px, FONT_REGULAR);
    int ls = (int)lround(px * 1.3);
    size_t shown = AGM_MIN(errs->n, (size_t)3);
    int h = ls * (int)(shown + 1) + 2 * u * 2;
    rect_t b = {2 * u, 2 * u, g->w - 4 * u, h};
    /* light box, dark text: the slide colours reversed keep their contrast */
    gfx_round(g, b, u, t->slide_text);
    gfx_fill(g, (rect_t){b.x, b.y, AGM_MAX(3, u), b.h}, t->danger);
    gfx_push_clip(g, b);
    int x = b.x + 3 * u, y = b.y + 2 * u;
    char *head = xasprintf("Content not reloaded: %zu %s. The previous slides stay.", errs->n,
                           plural_en((long long)errs->n, "error", "errors"));
    gfx_text(g, &fb, x, y, head, t->slide_bg);
    free(head);
    for (size_t i = 0; i < shown; i++) {
        y += ls;
        const diag_t *e = &errs->v[i];
        char *line = e->line > 0 ? xasprintf("%s:%d: %s", e->file ? e->file : "", e->line, e->msg)
                                 : xasprintf("%s: %s", e->file ? e->file : "", e->msg);
        gfx_text(g, &fr, x, y, line, t->slide_bg);
        free(line);
    }
    gfx_pop_clip(g);
}

static void draw_progress(gfx_t *g, size_t index, size_t n, const theme_t *t)
{
    if (n == 0)
        return;
    int u = AGM_MAX(1, AGM_MIN(g->w, g->h) / 100);
    int th = AGM_MAX(2, u * 2 / 3);
    int w = (int)((long long)g->w * (long long)(index + 1) / (long long)n);
    gfx_fill(g, (rect_t){0, g->h - th, g->w, th}, color_mix(t->slide_bg, t->slide_muted, 0.25f));
    gfx_fill(g, (rect_t){0, g->h - th, w, th}, t->accent);
}

void slide_draw_show(gfx_t *g, show_t *s)
{
    drawing_qa = show_qa(s);
    drawing_meeting = show_meeting(s);
    show_resize(s, g->w, g->h);
    show_layout(s, g);
    const deck_t *d = show_deck(s);
    const content_t *c = show_content(s);
    theme_t t = theme_of(c);
    rect_t screen = {0, 0, g->w, g->h};
    show_blank_t blank = show_blank(s);
    if (blank == SHOW_BLANK_BLACK) {
        gfx_fill(g, screen, RGBA(0, 0, 0, 255));
    } else if (blank == SHOW_BLANK_WHITE) {
        gfx_fill(g, screen, RGBA(255, 255, 255, 255));
    } else if (d && d->nslides) {
        show_transition_t tr = show_transition(s);
        size_t cur = show_index(s);
        if (tr.active && tr.from < d->nslides && tr.to < d->nslides) {
            if (tr.kind == TRANSITION_SLIDE) {
                int shift = (int)lround(tr.t * g->w) * tr.dir;
                slide_draw(g, d, tr.from, NULL, -shift, 0, d->w, d->h, screen);
                slide_draw(g, d, tr.to, NULL, tr.dir * g->w - shift, 0, d->w, d->h, screen);
            } else {
                /* A cross-fade over the background both slides share: the
                 * old content fades out as the new fades in, and what stays
                 * (a continued slide's heading) stays still. The background
                 * is laid once, opaque, so no full-screen blend is needed
                 * (which costs whole frames on a renderer without a GPU). */
                const deck_layout_t *lf = &d->slides[tr.from].layout, *lt = &d->slides[tr.to].layout;
                draw_layers(g, d, tr.to, NULL, 0, 0, d->w, d->h, screen, LAYER_BACKGROUND | LAYER_SHARED, lf);
                gfx_set_opacity(g, 1.0f - tr.t);
                draw_layers(g, d, tr.from, NULL, 0, 0, d->w, d->h, screen, LAYER_CONTENT, lt);
                gfx_set_opacity(g, tr.t);
                draw_layers(g, d, tr.to, NULL, 0, 0, d->w, d->h, screen, LAYER_CONTENT, lf);
                gfx_set_opacity(g, 1.0f);
            }
        } else {
            slide_draw(g, d, cur, NULL, 0, 0, d->w, d->h, screen);
        }
        if (show_progress_enabled(s))
            draw_progress(g, cur, d->nslides, &t);
        int u = AGM_MAX(1, AGM_MIN(g->w, g->h) / 100);
        if (show_paused(s) && show_interval(s) > 0) {
            /* a quiet pause mark in the top-right corner */
            int bh = 4 * u, bw = u;
            gfx_fill(g, (rect_t){g->w - 4 * u - 3 * bw, 3 * u, bw, bh}, t.slide_muted);
            gfx_fill(g, (rect_t){g->w - 4 * u - bw, 3 * u, bw, bh}, t.slide_muted);
        }
        const char *digits = show_digits(s);
        if (digits[0]) {
            font_t f = font_px(d->floor_px, FONT_BOLD);
            char *txt = xasprintf("Go to %s", digits);
            int tw = gfx_text_width(g, &f, txt);
            font_metrics_t m = gfx_metrics(g, &f);
            rect_t b = {g->w - tw - 6 * u, g->h - (m.ascent + m.descent) - 6 * u, tw + 2 * u,
                        m.ascent + m.descent + 2 * u};
            gfx_round(g, b, u, t.slide_text);
            gfx_text(g, &f, b.x + u, b.y + u, txt, t.slide_bg);
            free(txt);
        }
    }
    const diag_list_t *errs = show_errors(s);
    if (errs)
        draw_banner(g, errs, &t, d ? d->floor_px : 16);
}

bool slide_rehearse(gfx_t *g, show_t *s, size_t i)
{
    drawing_qa = show_qa(s);
    drawing_meeting = show_meeting(s);
    show_resize(s, g->w, g->h);
    show_layout(s, g);
    const deck_t *d = show_deck(s);
    if (!d || i >= d->nslides)
        return false;
    slide_draw(g, d, i, NULL, 0, 0, d->w, d->h, (rect_t){0, 0, g->w, g->h});
    return true;
}

/* ---- the presenter view ---------------------------------------------------- */

void slide_presenter_free(slide_presenter_t *pv)
{
    if (!pv)
        return;
    for (int k = 0; k < 2; k++)
        deck_layout_free(&pv->l[k]);
    memset(pv, 0, sizeof *pv);
}

static const deck_layout_t *preview(slide_presenter_t *pv, int k, show_t *s, gfx_t *g, size_t i, int w, int h)
{
    const deck_t *d = show_deck(s);
    if (pv->gen != show_generation(s)) {
        slide_presenter_free(pv);
        pv->gen = show_generation(s);
    }
    if (!pv->valid[k] || pv->index[k] != i || pv->w[k] != w || pv->h[k] != h) {
        deck_layout_free(&pv->l[k]);
        deck_relayout(d, i, g, w, h, &pv->l[k]);
        pv->index[k] = i;
        pv->w[k] = w;
        pv->h[k] = h;
        pv->valid[k] = true;
    }
    return &pv->l[k];
}

/* The largest rect of the deck's aspect ratio inside box, top-left aligned. */
static rect_t fit_aspect(rect_t box, int dw, int dh)
{
    rect_t r = box;
    if ((long long)box.w * dh > (long long)box.h * dw)
        r.w = (int)((long long)box.h * dw / dh);
    else
        r.h = (int)((long long)box.w * dh / dw);
    return r;
}

/* Notes lines are this many times their size apart. */
#define NOTES_LINE_FACTOR 1.35f

/* The speaker notes in box: at px_max when they fit, else at the largest
 * size down to px_min at which they do (the presenter still reads them at
 * a glance); notes too long even then show the lines that fit and, on the
 * last line, SLIDE_NOTES_CONTINUED, so that nothing is lost without a
 * word. Lines break as everywhere (text.h): at spaces, between CJK
 * characters, inside a word only when it alone is wider than the box. */
static void draw_notes(gfx_t *g, slide_presenter_t *pv, const char *notes, rect_t box, int px_min, int px_max,
                       rgba_t col, rgba_t mark)
{
    if (box.w <= 0 || box.h <= 0)
        return;
    if (pv->notes_for != notes || pv->notes_ops != g->ops || pv->notes_w != box.w || pv->notes_h != box.h ||
        pv->notes_lo != px_min || pv->notes_hi != px_max) {
        pv->notes_ops = g->ops;
        pv->notes_px = text_fit_px(g, notes, FONT_REGULAR, box, px_min, px_max, NOTES_LINE_FACTOR);
        pv->notes_for = notes;
        pv->notes_w = box.w;
        pv->notes_h = box.h;
        pv->notes_lo = px_min;
        pv->notes_hi = px_max;
    }
    int px = pv->notes_px;
    font_t f = font_px(px, FONT_REGULAR);
    int lh = (int)(px * NOTES_LINE_FACTOR + 0.5f); /* as text_fit_px counts */
    text_opts_t o = {box.w, lh, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, col, notes, &o, &l);
    gfx_push_clip(g, box);
    if (l.ink_h <= box.h) {
        text_layout_draw(g, &l, box.x, box.y);
    } else {
        /* the last line that fits needs only its glyph box, not the full line height */
        font_metrics_t fm = gfx_metrics(g, &f);
        int glyph_h = fm.ascent + fm.descent;
        int fit = box.h >= glyph_h ? 1 + (box.h - glyph_h) / lh : 0;
        int keep = fit - 1; /* the last line that fits says the notes go on */
        for (size_t i = 0; i < l.nruns; i++) {
            const text_run_t *r = &l.runs[i];
            if (r->line < keep)
                gfx_text_n(g, &r->font, box.x + r->x, box.y + r->y, r->s, r->n, r->color);
        }
        if (fit > 0) {
            font_t fm_font = {px, FONT_BOLD, true};
            const char *more = SLIDE_NOTES_CONTINUED;
            size_t n = text_fit_bytes(g, &fm_font, more, strlen(more), box.w);
            gfx_text_n(g, &fm_font, box.x, box.y + keep * lh, more, n, mark);
        }
    }
    gfx_pop_clip(g);
    text_layout_free(&l);
}

/* A string of the slides' language, or def. */
static const char *slide_str(const content_t *c, const char *lang, const char *key, const char *def)
{
    if (!c || c->nlangs == 0)
        return def;
    const char *t = content_text(c, lang, key);
    return t && *t && strcmp(t, key) != 0 ? t : def;
}

/* The clock's colours: amber and red read at a glance on the dark view. */
#define CLOCK_AMBER RGBA(240, 170, 40, 255)
#define CLOCK_RED RGBA(220, 60, 50, 255)

/* A clock figure at (x, y) in px bold: plain while there is time, on an
 * amber or red band near the end; returns the y under it. */
static int draw_clock(gfx_t *g, int x, int y, int px, const char *txt, show_clock_level_t level, const theme_t *t,
                      int u)
{
    font_t f = font_px(px, FONT_BOLD);
    font_metrics_t m = gfx_metrics(g, &f);
    int h = m.ascent + m.descent, w = gfx_text_width(g, &f, txt);
    if (level == SHOW_CLOCK_NORMAL) {
        gfx_text(g, &f, x, y, txt, t->slide_text);
    } else {
        rgba_t band = level == SHOW_CLOCK_RED ? CLOCK_RED : CLOCK_AMBER;
        rgba_t ink = level == SHOW_CLOCK_RED ? RGBA(255, 255, 255, 255) : RGBA(20, 20, 20, 255);
        gfx_round(g, (rect_t){x, y, w + 2 * u, h + u}, u, band);
        gfx_text(g, &f, x + u, y + u / 2, txt, ink);
    }
    return y + h + u + u;
}

void slide_draw_presenter(gfx_t *g, show_t *s, slide_presenter_t *pv, uint64_t now)
{
    drawing_qa = show_qa(s);
    drawing_meeting = show_meeting(s);
    show_layout(s, g);
    const deck_t *d = show_deck(s);
    const content_t *c = show_content(s);
    theme_t t = theme_of(c);
    rgba_t bg = color_mix(t.slide_bg, RGBA(0, 0, 0, 255), 0.35f);
    gfx_fill(g, (rect_t){0, 0, g->w, g->h}, bg);
    if (!d || d->nslides == 0)
        return;
    int u = AGM_MAX(1, AGM_MIN(g->w, g->h) / 100);
    int m = 3 * u;
    bool portrait = g->h > g->w;
    rect_t cur_box, next_box, info_box, notes_box;
    if (!portrait) {
        int left_w = (g->w - 3 * m) * 62 / 100;
        cur_box = (rect_t){m, m, left_w, (g->h - 2 * m) * 60 / 100};
        cur_box = fit_aspect(cur_box, d->w, d->h);
        int rx = m + left_w + m, rw = g->w - rx - m;
        next_box = fit_aspect((rect_t){rx, m, rw, g->h / 3}, d->w, d->h);
        info_box = (rect_t){rx, next_box.y + next_box.h + m, rw, g->h - (next_box.y + next_box.h + 2 * m)};
        notes_box = (rect_t){m, cur_box.y + cur_box.h + m, left_w, g->h - (cur_box.y + cur_box.h + 2 * m)};
    } else {
        int w = g->w - 2 * m;
        cur_box = fit_aspect((rect_t){m, m, w, g->h * 35 / 100}, d->w, d->h);
        int half = (w - m) / 2;
        next_box = fit_aspect((rect_t){m, cur_box.y + cur_box.h + m, half, g->h / 5}, d->w, d->h);
        info_box = (rect_t){m + half + m, next_box.y, half, next_box.h};
        notes_box = (rect_t){m, next_box.y + next_box.h + m, w, g->h - (next_box.y + next_box.h + 2 * m)};
    }
    size_t i = show_index(s);
    const deck_layout_t *lc = preview(pv, 0, s, g, i, cur_box.w, cur_box.h);
    slide_draw(g, d, i, lc, cur_box.x, cur_box.y, cur_box.w, cur_box.h, cur_box);
    if (show_blank(s) != SHOW_BLANK_NONE) {
        /* tell the presenter the audience sees a blank screen */
        gfx_stroke(g, cur_box, 0, AGM_MAX(2, u / 2), t.danger);
    }
    int px = AGM_MAX(14, 3 * u);
    font_t fb = font_px(px, FONT_BOLD), fr = font_px(px, FONT_REGULAR);
    int ls = (int)lround(px * 1.35);
    if (i + 1 < d->nslides) {
        const deck_layout_t *ln = preview(pv, 1, s, g, i + 1, next_box.w, next_box.h);
        slide_draw(g, d, i + 1, ln, next_box.x, next_box.y, next_box.w, next_box.h, next_box);
    } else {
        gfx_stroke(g, next_box, 0, 1, t.line);
        gfx_text(g, &fr, next_box.x + u, next_box.y + u, "End of the deck", t.slide_muted);
    }
    /* slide number and elapsed time, the clock, state */
    gfx_push_clip(g, info_box);
    char buf[96], el_s[32];
    int y = info_box.y;
    snprintf(buf, sizeof buf, "Slide %zu / %zu", i + 1, d->nslides);
    uint64_t el = show_elapsed_ms(s, now) / 1000;
    snprintf(el_s, sizeof el_s, "%02u:%02u:%02u", (unsigned)(el / 3600), (unsigned)(el / 60 % 60),
             (unsigned)(el % 60));
    show_clock_t ck = show_clock(s, now);
    gfx_text(g, &fb, info_box.x, y, buf, t.slide_text);
    if (ck.target) {
        /* the time left is the big figure; the time since the start beside the slide number */
        gfx_text(g, &fr, info_box.x + gfx_text_width(g, &fb, buf) + 2 * u, y, el_s, t.slide_muted);
        y += ls;
    } else {
        y += ls;
        font_t fc = font_px(px * 2, FONT_BOLD);
        gfx_text(g, &fc, info_box.x, y, el_s, t.slide_text);
        y += (int)lround(px * 2 * 1.3);
    }
    pv->clock_y[0] = pv->clock_y[1] = -1;
    if (ck.target) {
        char left[32], label[96];
        show_clock_format(ck.left_ms, left, sizeof left);
        const char *lab = slide_str(c, show_lang(s), ck.left_ms < 0 ? "slides.clock_over" : "slides.clock_left",
                                    ck.left_ms < 0 ? "Over time" : "Time left");
        if (ck.end_min >= 0) {
            char hm[8], until[48];
            snprintf(hm, sizeof hm, "%02d:%02d", ck.end_min / 60 % 24, ck.end_min % 60);
            const char *args[1] = {hm};
            content_subst(slide_str(c, show_lang(s), "slides.clock_until", "until %s"), args, 1, until, sizeof until);
            snprintf(label, sizeof label, "%s  %s", lab, until);
        } else {
            snprintf(label, sizeof label, "%s", lab);
        }
        gfx_text(g, &fr, info_box.x, y, label, t.slide_muted);
        y += ls;
        pv->clock_y[0] = y;
        pv->clock_level[0] = ck.level;
        y = draw_clock(g, info_box.x, y, px * 2, left, ck.level, &t, u);
    }
    if (ck.speaking) {
        char left[32];
        show_clock_format(ck.speak_left_ms, left, sizeof left);
        gfx_text(g, &fr, info_box.x, y, slide_str(c, show_lang(s), "slides.clock_speaking", "Speaking time"),
                 t.slide_muted);
        y += ls;
        pv->clock_y[1] = y;
        pv->clock_level[1] = ck.speak_level;
        y = draw_clock(g, info_box.x, y, px * 2, left, ck.speak_level, &t, u);
    }
    const char *state = NULL;
    if (show_blank(s) == SHOW_BLANK_BLACK)
        state = "Audience sees: black screen";
    else if (show_blank(s) == SHOW_BLANK_WHITE)
        state = "Audience sees: white screen";
    else if (show_interval(s) > 0)
        state = show_paused(s) ? "Auto-advance paused" : "Auto-advance on";
    if (state) {
        gfx_text(g, &fr, info_box.x, y, state, t.slide_muted);
        y += ls;
    }
    if (show_digits(s)[0]) {
        snprintf(buf, sizeof buf, "Go to %s", show_digits(s));
        gfx_text(g, &fb, info_box.x, y, buf, t.accent);
    }
    gfx_pop_clip(g);
    /* notes */
    const char *notes = d->slides[i].notes;
    gfx_fill(g, (rect_t){notes_box.x, notes_box.y, notes_box.w, 1}, t.line);
    rect_t nb = {notes_box.x, notes_box.y + u, notes_box.w, notes_box.h - u};
    pv->notes_box = nb;
    if (notes && *notes) {
        int npx = (int)lround(px * 1.25);
        draw_notes(g, pv, notes, nb, AGM_MIN(npx, AGM_MAX(SLIDE_NOTES_MIN_PX, px * 3 / 4)), npx, t.slide_text,
                   t.accent);
    } else {
        gfx_text(g, &fr, nb.x, nb.y, "No notes for this slide", t.slide_muted);
    }
    const diag_list_t *errs = show_errors(s);
    if (errs)
        draw_banner(g, errs, &t, px);
}
