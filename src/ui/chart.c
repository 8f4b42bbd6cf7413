#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "text.h"

#define CHART_MAX_BARS 32

chart_style_t chart_style_light(const content_t *c, const char *lang, int px)
{
    return chart_style_themed(c, &c->theme, lang, px);
}

chart_style_t chart_style_themed(const content_t *c, const theme_t *t, const char *lang, int px)
{
    return (chart_style_t){c, lang, t->surface, t->text, t->muted, t->line, t->accent,
                           color_mix(t->accent, t->surface, 0.45f), t->surface_alt, px, true, t->accent, NULL, NULL, false, 0};
}

chart_style_t chart_style_dark(const content_t *c, const char *lang, int px)
{
    const theme_t *t = &c->theme;
    return (chart_style_t){c, lang, t->slide_bg, t->slide_text, t->slide_muted, color_mix(t->slide_muted, t->slide_bg, 0.6f),
                           t->slide_text, color_mix(t->slide_text, t->slide_bg, 0.45f), RGBA(0, 0, 0, 0), px, true,
                           t->slide_text, NULL, NULL, false, 0};
}

size_t chart_stats(const content_t *c, const char *group, const stat_t **out, size_t max)
{
    return AGM_MIN(content_group_stats(c, group, out, max), max);
}

/* key's text with its first "%s" replaced by arg. Caller frees. */
static char *fmt1(const chart_style_t *st, const char *key, const char *arg)
{
    const char *t = content_text(st->content, st->lang, key);
    const char *p = strstr(t, "%s");
    if (!p)
        return xasprintf("%s %s", t, arg);
    return xasprintf("%.*s%s%s", (int)(p - t), t, arg, p + 2);
}

static font_t fnt(int px, bool bold) { return (font_t){AGM_MAX(px, 8), bold ? FONT_BOLD : FONT_REGULAR, false}; }

/* Lay out s at f into width w with at most max_lines; returns ink height. */
static int block_h(gfx_t *g, font_t f, const char *s, int w, int max_lines)
{
    if (!s || !*s)
        return 0;
    text_opts_t o = {w, (int)lround(f.px * 1.25), max_lines, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, RGBA(0, 0, 0, 255), s, &o, &l);
    int h = l.ink_h;
    text_layout_free(&l);
    return h;
}

static int block_draw(gfx_t *g, font_t f, rgba_t c, const char *s, int x, int y, int w, int max_lines,
                      text_align_t al)
{
    if (!s || !*s)
        return 0;
    text_opts_t o = {w, (int)lround(f.px * 1.25), max_lines, al};
    text_layout_t l;
    text_layout_str(g, &f, c, s, &o, &l);
    text_layout_draw(g, &l, x, y);
    int h = l.ink_h;
    text_layout_free(&l);
    return h;
}

static double nice_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 4.0, p = pow(10, floor(log10(raw))), f = raw / p;
    double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return step * p;
}

static void format_number(const chart_style_t *st, double v, char *buf, size_t n)
{
    stat_t s;
    memset(&s, 0, sizeof s);
    s.value = v;
    s.approx = APPROX_EXACT;
    content_format_value(st->content, st->lang, &s, buf, n);
}

/* "From the report: ..." at (x, y): a link when the style asks for links. */
static int section_line(gfx_t *g, font_t f, const chart_style_t *st, const char *section, const char *line, int x,
                        int y, int w, bool draw)
{
    if (!draw)
        return block_h(g, f, line, w, 3);
    if (!st->on_section)
        return block_draw(g, f, st->muted, line, x, y, w, 3, TEXT_LEFT);
    text_opts_t o = {w, (int)lround(f.px * 1.25), 3, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, st->link, line, &o, &l);
    text_layout_draw(g, &l, x, y);
    font_metrics_t m = gfx_metrics(g, &f);
    int ut = AGM_MAX(1, f.px / 12);
    for (int i = 0; i < l.nlines; i++) { /* underline every line of the link */
        int lw = 0;
        for (size_t k = 0; k < l.nruns; k++)
            if (l.runs[k].line == i)
                lw = AGM_MAX(lw, l.runs[k].x + l.runs[k].w);
        gfx_fill(g, (rect_t){x, y + i * l.line_h + m.ascent + ut, lw, ut}, st->link);
    }
    int h = l.ink_h;
    st->on_section(st->ctx, section, (rect_t){x, y, AGM_MAX(l.width, 1), h + 2 * ut});
    text_layout_free(&l);
    return h;
}

/* The footer lines under a chart: source, report section, approximation note. */
static int footer(gfx_t *g, const chart_t *chart, const stat_t **s, size_t n, const chart_style_t *st, int x, int y,
                  int w, bool draw)
{
    font_t f = fnt((st->px * 4 + 2) / 5 < 18 && st->px >= 20 ? 18 : (st->px * 4 + 2) / 5, false);
    if (f.px > st->px)
        f.px = st->px;
    int h = 0, gap = st->px / 4;
    char *lines[3] = {NULL, NULL, NULL};
    if (chart->source && *chart->source)
        lines[0] = fmt1(st, "stats.source", chart->source);
    if (n && s[0]->section && *s[0]->section)
        lines[1] = fmt1(st, "stats.section", s[0]->section);
    bool approx = false;
    for (size_t i = 0; i < n; i++)
        approx |= s[i]->approx != APPROX_EXACT;
    if (approx)
        lines[2] = xstrdup(content_text(st->content, st->lang, "stats.approx_note"));
    for (int i = 0; i < 3; i++) {
        if (!lines[i])
            continue;
        if (h)
            h += gap;
        if (i == 1)
            h += section_line(g, f, st, s[0]->section, lines[i], x, y + h, w, draw);
        else
            h += draw ? block_draw(g, f, st->muted, lines[i], x, y + h, w, 2, TEXT_LEFT) : block_h(g, f, lines[i], w, 2);
        free(lines[i]);
    }
    return h;
}

static int title_h(gfx_t *g, const chart_t *chart, int w, const chart_style_t *st, int *px)
{
    *px = (st->px * 5 + 2) / 4;
    if (!st->show_title || !chart->title || !*chart->title)
        return 0;
    return block_h(g, fnt(*px, true), chart->title, w, 2) + st->px / 2;
}

/* Does every value and label fit its column on two lines, unbroken? */
static bool columns_fit(gfx_t *g, const stat_t **s, size_t n, rect_t r, const chart_style_t *st)
{
    int px = st->px, gap = AGM_MAX(2, px / 3);
    font_t fv = fnt(px, true), fl = fnt(AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), false);
    char val[64], top[64];
    double vmax = 0;
    for (size_t i = 0; i < n; i++)
        vmax = fmax(vmax, s[i]->value);
    format_number(st, vmax * 1.5 + 1, top, sizeof top);
    int slot = (r.w - gfx_text_width(g, &fl, top) - 2 * gap) / (int)AGM_MAX(n, 1);
    for (size_t i = 0; i < n; i++) {
        content_format_value(st->content, st->lang, s[i], val, sizeof val);
        const char *txt[2] = {val, s[i]->label};
        font_t *f[2] = {&fv, &fl};
        for (int k = 0; k < 2; k++) {
            text_opts_t o = {slot - gap, 0, 2, TEXT_CENTER};
            text_layout_t l;
            text_layout_str(g, f[k], RGBA(0, 0, 0, 255), txt[k] ? txt[k] : "", &o, &l);
            bool bad = l.ellipsized || l.broke_word;
            text_layout_free(&l);
            if (bad)
                return false;
        }
    }
    return true;
}

static void draw_columns(gfx_t *g, const chart_t *chart, const stat_t **s, size_t n, rect_t r, const chart_style_t *st)
{
    int px = st->px, gap = AGM_MAX(2, px / 3);
    font_t fv = fnt(px, true), fl = fnt(AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), false);
    char vals[CHART_MAX_BARS][64];
    double vmax = 0;
    for (size_t i = 0; i < n; i++) {
        content_format_value(st->content, st->lang, s[i], vals[i], sizeof vals[i]);
        vmax = fmax(vmax, s[i]->value);
    }
    double step = nice_step(vmax), top = ceil(vmax / step) * step;
    if (top <= 0)
        top = 1;
    char tick[64];
    format_number(st, top, tick, sizeof tick);
    int gutter = gfx_text_width(g, &fl, tick) + gap * 2;
    int slot = (r.w - gutter) / (int)AGM_MAX(n, 1);
    int vh = 0, lh = 0;
    for (size_t i = 0; i < n; i++) {
        vh = AGM_MAX(vh, block_h(g, fv, vals[i], slot - gap, 2));
        lh = AGM_MAX(lh, block_h(g, fl, s[i]->label, slot - gap, 2));
    }
    /* The unit above the axis labels. */
    int uh = 0;
    if (chart->unit && *chart->unit)
        uh = block_draw(g, fl, st->muted, chart->unit, r.x, r.y, r.w, 1, TEXT_LEFT) + gap;
    int plot_top = r.y + uh + vh + gap;
    int base = r.y + r.h - lh - gap;
    int ph = base - plot_top;
    if (ph < px)
        ph = px;
    font_metrics_t lm = gfx_metrics(g, &fl);
    /* Fewer grid lines when their labels would crowd each other. */
    while (top / step > 1 && (double)ph * step / top < (lm.ascent + lm.descent) * 1.5) {
        step *= 2;
        top = ceil(vmax / step) * step;
    }
    /* Grid lines at each step, labelled at the left. */
    for (double v = 0; v <= top + step / 2; v += step) {
        int y = base - (int)lround(v / top * ph);
        gfx_fill(g, (rect_t){r.x + gutter, y, r.w - gutter, AGM_MAX(1, px / 20)}, v == 0 ? st->muted : st->line);
        format_number(st, v, tick, sizeof tick);
        int tw = gfx_text_width(g, &fl, tick);
        int ty = y - (lm.ascent + lm.descent) / 2;
        if (ty >= r.y + uh && ty + lm.ascent + lm.descent <= r.y + r.h)
            gfx_text(g, &fl, r.x + gutter - gap - tw, ty, tick, st->muted);
    }
    for (size_t i = 0; i < n; i++) {
        int sx = r.x + gutter + (int)i * slot;
        int bw = AGM_MAX(4, (slot * 3) / 5);
        int bh = (int)lround(s[i]->value / top * ph);
        rect_t bar = {sx + (slot - bw) / 2, base - bh, bw, bh};
        gfx_fill(g, bar, s[i]->approx == APPROX_EXACT ? st->bar : st->bar_approx);
        /* Text values on top of the bar; approximations say so in words. */
        int h = block_h(g, fv, vals[i], slot - gap, 2);
        block_draw(g, fv, st->text, vals[i], sx + gap / 2, bar.y - gap - h, slot - gap, 2, TEXT_CENTER);
        block_draw(g, fl, st->text, s[i]->label, sx + gap / 2, base + gap, slot - gap, 2, TEXT_CENTER);
    }
}

static void draw_rows(gfx_t *g, const chart_t *chart, const stat_t **s, size_t n, rect_t r, const chart_style_t *st)
{
    int px = st->px, gap = AGM_MAX(2, px / 3);
    font_t fv = fnt(px, true), fl = fnt(AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), false);
    char vals[CHART_MAX_BARS][64];
    double vmax = 0;
    int vw = 0;
    for (size_t i = 0; i < n; i++) {
        content_format_value(st->content, st->lang, s[i], vals[i], sizeof vals[i]);
        vmax = fmax(vmax, s[i]->value);
        vw = AGM_MAX(vw, gfx_text_width(g, &fv, vals[i]));
    }
    vw = AGM_MIN(vw, r.w / 2);
    if (vmax <= 0)
        vmax = 1;
    int uh = 0;
    if (chart->unit && *chart->unit)
        uh = block_draw(g, fl, st->muted, chart->unit, r.x, r.y, r.w, 1, TEXT_LEFT) + gap;
    font_metrics_t vm = gfx_metrics(g, &fv);
    int bar_h = vm.ascent + vm.descent + gap;
    int row = (r.h - uh) / (int)AGM_MAX(n, 1);
    int y = r.y + uh;
    int axis_x = r.x;
    int len_max = r.w - vw - gap * 2;
    for (size_t i = 0; i < n; i++) {
        int lh = block_draw(g, fl, st->text, s[i]->label, r.x + gap, y, r.w - gap, 2, TEXT_LEFT);
        int by = y + lh + gap / 2;
        int bl = AGM_MAX(2, (int)lround(s[i]->value / vmax * len_max));
        gfx_fill(g, (rect_t){axis_x, by, bl, bar_h}, s[i]->approx == APPROX_EXACT ? st->bar : st->bar_approx);
        block_draw(g, fv, st->text, vals[i], axis_x + bl + gap, by + (bar_h - (vm.ascent + vm.descent)) / 2,
                   r.w - bl - gap, 1, TEXT_LEFT);
        y += AGM_MAX(row, lh + bar_h + gap * 2);
    }
    /* The zero line. */
    gfx_fill(g, (rect_t){axis_x, r.y + uh, AGM_MAX(1, px / 20), y - r.y - uh - gap}, st->muted);
}

int chart_bar_height(gfx_t *g, const chart_t *chart, int w, const chart_style_t *st)
{
    const stat_t *s[CHART_MAX_BARS];
    size_t n = chart_stats(st->content, chart->id, s, CHART_MAX_BARS);
    int tpx, th = title_h(g, chart, w, st, &tpx);
    return th + st->px * 12 + footer(g, chart, s, n, st, 0, 0, w, false) + (int)n * st->px / 2;
}

int chart_tiles_height(gfx_t *g, const chart_t *chart, int w, const chart_style_t *st)
{
    const stat_t *s[CHART_MAX_BARS];
    size_t n = chart_stats(st->content, chart->id, s, CHART_MAX_BARS);
    int gap = st->px;
    int cols = AGM_CLAMP(w / (st->px * 14), 1, 4);
    int tw = (w - (cols - 1) * gap) / cols;
    int tpx, h = title_h(g, chart, w, st, &tpx);
    for (size_t i = 0; i < n; i += (size_t)cols) {
        int rh = 0;
        for (size_t k = i; k < n && k < i + (size_t)cols; k++)
            rh = AGM_MAX(rh, chart_tile_height(g, s[k], tw, st));
        h += rh + (i + (size_t)cols < n ? gap : 0);
    }
    return h;
}

void chart_draw(gfx_t *g, const chart_t *chart, rect_t r, const chart_style_t *st)
{
    if (!chart)
        return;
    const stat_t *s[CHART_MAX_BARS];
    size_t n = chart_stats(st->content, chart->id, s, CHART_MAX_BARS);
    gfx_push_clip(g, r);
    if (chart->kind == CHART_TILES) {
        /* As many columns as keep a tile at least 14 body sizes wide. */
        int gap = st->px;
        int cols = AGM_CLAMP(r.w / (st->px * 14), 1, 4);
        int tw = (r.w - (cols - 1) * gap) / cols;
        int tpx, th = title_h(g, chart, r.w, st, &tpx);
        int y = r.y;
        if (th)
            block_draw(g, fnt(tpx, true), st->text, chart->title, r.x, y, r.w, 2, TEXT_LEFT);
        y += th;
        for (size_t i = 0; i < n; i += (size_t)cols) {
            int rh = 0;
            for (size_t k = i; k < n && k < i + (size_t)cols; k++)
                rh = AGM_MAX(rh, chart_tile_height(g, s[k], tw, st));
            for (size_t k = i; k < n && k < i + (size_t)cols; k++)
                chart_draw_tile(g, s[k], (rect_t){r.x + (int)(k - i) * (tw + gap), y, tw, rh}, st);
            y += rh + gap;
        }
        gfx_pop_clip(g);
        return;
    }
    int tpx, th = title_h(g, chart, r.w, st, &tpx);
    int fh = footer(g, chart, s, n, st, r.x, 0, r.w, false);
    if (th)
        block_draw(g, fnt(tpx, true), st->text, chart->title, r.x, r.y, r.w, 2, TEXT_LEFT);
    footer(g, chart, s, n, st, r.x, r.y + r.h - fh, r.w, true);
    rect_t plot = {r.x, r.y + th, r.w, r.h - th - fh - st->px};
    if (n) {
        /* Columns when the rectangle is wide and every value and label fits
         * its column; otherwise horizontal bars, which give the words room. */
        if (plot.w >= (plot.h * 9) / 10 && columns_fit(g, s, n, plot, st))
            draw_columns(g, chart, s, n, plot, st);
        else
            draw_rows(g, chart, s, n, plot, st);
    }
    gfx_pop_clip(g);
}

/* The parts of a tile, measured or drawn. */
static int tile_parts(gfx_t *g, const stat_t *s, rect_t r, const chart_style_t *st, bool draw)
{
    int px = st->px, pad = st->tile_bg.a ? (px * 4) / 5 : 0, gap = px / 3;
    int w = r.w - 2 * pad, x = r.x + pad, y = r.y + pad;
    char val[64];
    content_format_value(st->content, st->lang, s, val, sizeof val);
    /* The number as big as fits on one line, between 1.4 and 2.5 body sizes. */
    /* One line scales with the size: measure once at the largest size, scale
     * down, then step down while rounding still overflows (no search per frame). */
    int lo = (px * 7) / 5, big = (px * 5) / 2;
    font_t fm = fnt(big, true);
    int wv = gfx_text_width(g, &fm, val);
    if (wv > w && wv > 0)
        big = AGM_MAX(lo, (int)((long)big * w / wv));
    for (fm.px = big; big > lo && gfx_text_width(g, &fm, val) > w; fm.px = --big)
        ;
    font_t fb = fnt(big, true);
    font_metrics_t bm = gfx_metrics(g, &fb);
    int h = 0;
    if (draw)
        block_draw(g, fb, st->text, val, x, y, w, 1, TEXT_LEFT);
    int vw = gfx_text_width(g, &fb, val);
    h += bm.ascent + bm.descent;
    if (s->unit && *s->unit) {
        font_t fu = fnt((px * 5) / 4, true);
        font_metrics_t um = gfx_metrics(g, &fu);
        int uw = gfx_text_width(g, &fu, s->unit);
        if (vw + gap + uw <= w) { /* on the number's baseline */
            if (draw)
                gfx_text(g, &fu, x + vw + gap, y + bm.ascent - um.ascent, s->unit, st->muted);
        } else {
            if (draw)
                block_draw(g, fu, st->muted, s->unit, x, y + h, w, 1, TEXT_LEFT);
            h += um.ascent + um.descent;
        }
    }
    h += gap;
    int nl = st->tile_lines > 0 ? st->tile_lines : 3;
    font_t fl = fnt(px, true);
    h += draw ? block_draw(g, fl, st->text, s->label, x, y + h, w, nl, TEXT_LEFT) : block_h(g, fl, s->label, w, nl);
    font_t fs = fnt(AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), false);
    if (s->note && *s->note) {
        h += gap;
        h += draw ? block_draw(g, fs, st->muted, s->note, x, y + h, w, nl, TEXT_LEFT) : block_h(g, fs, s->note, w, nl);
    }
    if (s->section && *s->section && !st->hide_section) {
        char *sec = fmt1(st, "stats.section", s->section);
        h += gap;
        h += section_line(g, fs, st, s->section, sec, x, y + h, w, draw);
        free(sec);
    }
    return h + 2 * pad;
}

int chart_tile_height(gfx_t *g, const stat_t *s, int w, const chart_style_t *st)
{
    return tile_parts(g, s, (rect_t){0, 0, w, 0}, st, false);
}

void chart_draw_tile(gfx_t *g, const stat_t *s, rect_t r, const chart_style_t *st)
{
    if (st->tile_bg.a)
        gfx_round(g, r, AGM_MAX(3, st->px / 3), st->tile_bg);
    gfx_push_clip(g, r);
    tile_parts(g, s, r, st, true);
    gfx_pop_clip(g);
}
