/* qa_slide.c - fitting and drawing the Q&A slide (see qa_slide.h). */
#include "qa_slide.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/qr.h"
#include "../core/util.h"
#include "../ui/text.h"
#include "../ui/widgets.h"

static font_t font_of(int px, font_weight_t w)
{
    font_t f = {px < 1 ? 1 : px, w, false};
    return f;
}

static int line_h_of(int px) { return (int)lroundf(px * QA_LINE_FACTOR); }

static const char *str_or(const content_t *c, const char *lang, const char *key, const char *def)
{
    if (!c || c->nlangs == 0)
        return def;
    const char *t = content_text(c, lang, key);
    return t && *t && strcmp(t, key) != 0 ? t : def;
}

/* One footer line in box: at px_hi when it fits, smaller down to px_lo,
 * and at px_lo wrapped upwards from the box's bottom when even that is too
 * wide (never cut). */
static void foot_line(gfx_t *g, const char *s, rect_t box, int px_lo, int px_hi, font_weight_t w, rgba_t col)
{
    int px = px_hi;
    font_t f = font_of(px, w);
    while (px > px_lo && gfx_text_width(g, &f, s) > box.w)
        f = font_of(--px, w);
    text_opts_t o = {box.w, line_h_of(px), 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, col, s, &o, &l);
    text_layout_draw(g, &l, box.x, box.y + box.h - l.nlines * l.line_h);
    text_layout_free(&l);
}

void qa_url_shown(const char *url, char *out, size_t n)
{
    /* "www.example.org" reads better from a hall than "http://...org/" */
    url += strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;
    snprintf(out, n, "%s", url);
    size_t len = strlen(out);
    if (len > 1 && out[len - 1] == '/')
        out[len - 1] = '\0';
}

void qa_url_fit(gfx_t *g, const char *s, int w, int px_lo, int px_hi, qa_url_t *out)
{
    memset(out, 0, sizeof *out);
    px_lo = AGM_MAX(1, px_lo);
    px_hi = AGM_MAX(px_lo, px_hi);
    size_t n = strlen(s);
    int px = px_hi;
    font_t f = font_of(px, FONT_REGULAR);
    while (px > px_lo && gfx_text_width(g, &f, s) > w)
        f = font_of(--px, FONT_REGULAR);
    out->px = px;
    /* lines: the longest start that fits, ending before a dot or after a
     * slash when there is one; else cut at a character */
    size_t at = 0;
    while (at < n && out->nlines < QA_URL_MAX_LINES) {
        size_t rest = n - at;
        size_t fit = text_fit_bytes(g, &f, s + at, rest, w);
        if (fit >= rest || out->nlines == QA_URL_MAX_LINES - 1) {
            fit = rest;
        } else {
            size_t brk = 0;
            for (size_t i = fit; i > 0 && !brk; i--)
                if (s[at + i] == '.' || s[at + i] == '-' || s[at + i - 1] == '/')
                    brk = i;
            if (brk)
                fit = brk;
            if (fit == 0)
                fit = 1;
        }
        out->start[out->nlines] = at;
        out->len[out->nlines] = fit;
        out->nlines++;
        at += fit;
    }
}

void qa_slide_fit(gfx_t *g, const char *text, rect_t box, int px_lo, int px_hi, int page, qa_fit_t *out)
{
    memset(out, 0, sizeof *out);
    px_lo = AGM_MAX(1, px_lo);
    px_hi = AGM_MAX(px_lo, px_hi);
    /* text_fit_px gives px_lo when nothing fits: then pages */
    int px = text_fit_px(g, text, FONT_REGULAR, box, px_lo, px_hi, QA_LINE_FACTOR);
    font_t f = font_of(px, FONT_REGULAR);
    int lh = line_h_of(px);
    text_opts_t o = {box.w, lh, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, RGBA(0, 0, 0, 255), text, &o, &l);
    font_metrics_t fm = gfx_metrics(g, &f);
    int glyph_h = fm.ascent + fm.descent;
    int per_page = box.h >= glyph_h ? 1 + (box.h - glyph_h) / lh : 1;
    int nlines = AGM_MAX(1, l.nlines);
    text_layout_free(&l);
    out->px = px;
    out->line_h = lh;
    out->npages = (nlines + per_page - 1) / per_page;
    int p = AGM_MIN(AGM_MAX(page, 0), out->npages - 1);
    out->first = p * per_page;
    out->nlines = AGM_MIN(per_page, nlines - out->first);
}

/* The question's lines [first, first + n) of a layout at fit->px. */
static void draw_page(gfx_t *g, const char *text, rect_t box, const qa_fit_t *fit, rgba_t col)
{
    font_t f = font_of(fit->px, FONT_REGULAR);
    text_opts_t o = {box.w, fit->line_h, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &f, col, text, &o, &l);
    int y0 = fit->first * fit->line_h;
    for (size_t i = 0; i < l.nruns; i++) {
        const text_run_t *r = &l.runs[i];
        if (r->line >= fit->first && r->line < fit->first + fit->nlines)
            gfx_text_n(g, &r->font, box.x + r->x, box.y + r->y - y0, r->s, r->n, r->color);
    }
    text_layout_free(&l);
}

void qa_slide_draw(gfx_t *g, const content_t *c, const char *lang, const char *heading, qa_view_t *v, int w, int h,
                   int floor_px, rgba_t text, rgba_t muted, rgba_t accent)
{
    int u = AGM_MAX(1, AGM_MIN(w, h) / 100);
    int floor = AGM_MAX(1, floor_px);
    int mx = 6 * u, my = 5 * u;
    rect_t area = {mx, my, w - 2 * mx, h - 2 * my};
    /* sizes follow the height of a landscape slide, the width of a tall one */
    int base = AGM_MIN(h, w * 5 / 8);
    /* the heading: quiet, in the accent colour */
    int hpx = AGM_MAX(floor, (int)lround(base * 0.055));
    font_t hf = font_of(hpx, FONT_BOLD);
    const char *head = heading && *heading ? heading : str_or(c, lang, "slides.qa_heading", "Questions from the room");
    while (hpx > floor && gfx_text_width(g, &hf, head) > area.w)
        hf = font_of(--hpx, FONT_BOLD);
    text_opts_t ho = {area.w, line_h_of(hpx), 0, TEXT_LEFT};
    text_layout_t hl;
    text_layout_str(g, &hf, accent, head, &ho, &hl);
    text_layout_draw(g, &hl, area.x, area.y);
    int top = area.y + hl.nlines * line_h_of(hpx) + 3 * u;
    text_layout_free(&hl);
    /* the footer: "Question 3 of 12", the page, the speaking time */
    int fpx = AGM_MAX(floor, (int)lround(base * 0.04));
    font_t ff = font_of(fpx, FONT_REGULAR), fb = font_of(fpx, FONT_BOLD);
    int foot_y = area.y + area.h - line_h_of(fpx);
    rect_t body = {area.x, top, area.w, foot_y - 2 * u - top};
    if (!v || !v->text || !*v->text) {
        /* the invitation: as large as fits; beside it (under it on a tall
         * slide) the QR code of event.ini's url with the address under it */
        const char *inv = str_or(c, lang, "slides.qa_invite",
                                 "Ask your question at the kiosk. Tick \"You may show my question\" to see it here.");
        rect_t tbox = {area.x, top, area.w, area.y + area.h - top};
        qr_t q = {0};
        char shown[256] = "";
        if (c && c->event.url && *c->event.url && qr_make(c->event.url, &q))
            qa_url_shown(c->event.url, shown, sizeof shown);
        if (q.size > 0) {
            int gap = 4 * u;
            rect_t col;
            if (tbox.w >= tbox.h) {
                int tw = tbox.w * 3 / 5;
                col = (rect_t){tbox.x + tw + gap, tbox.y, tbox.w - tw - gap, tbox.h};
                tbox.w = tw;
            } else {
                int th = tbox.h / 2;
                col = (rect_t){tbox.x, tbox.y + th + gap, tbox.w, tbox.h - th - gap};
                tbox.h = th;
            }
            /* the address at the bottom of the column, whole: smaller down
             * to the floor, then over lines broken after a dot or slash */
            qa_url_t ul;
            qa_url_fit(g, shown, col.w, floor, fpx, &ul);
            int uh = ul.nlines * line_h_of(ul.px);
            /* the code and the address under it, as one group in the column */
            int side = ui_qr_side(&q, (rect_t){col.x, col.y, col.w, AGM_MAX(0, col.h - uh - 2 * u)});
            int y = col.y + AGM_MAX(0, (col.h - (side + 2 * u + uh)) / 2);
            rect_t sq = ui_draw_qr(g, &q, (rect_t){col.x, y, col.w, side}, RGBA(0, 0, 0, 255), RGBA(255, 255, 255, 255));
            font_t uf = font_of(ul.px, FONT_REGULAR);
            y += side + 2 * u;
            for (int i = 0; i < ul.nlines; i++) {
                int lw = gfx_text_width_n(g, &uf, shown + ul.start[i], ul.len[i]);
                gfx_text_n(g, &uf, col.x + (col.w - lw) / 2, y + i * line_h_of(ul.px), shown + ul.start[i],
                           ul.len[i], muted);
            }
            if (v) {
                v->qr = sq;
                v->url_px = ul.px;
                v->url_lines = ul.nlines;
            }
            qr_free(&q);
        }
        qa_fit_t fit;
        qa_slide_fit(g, inv, tbox, floor, AGM_MAX(floor, (int)lround(base * 0.08)), 0, &fit);
        draw_page(g, inv, tbox, &fit, text);
        if (v)
            v->npages = 1;
        return;
    }
    qa_fit_t fit;
    int hi = AGM_MAX(floor, (int)lround(base * 0.09));
    /* the fit is cached: it lays the text out several times */
    if (v->fit_text != v->text || v->fit_ops != g->ops || v->fit_w != body.w || v->fit_h != body.h ||
        v->fit_lo != floor || v->fit_hi != hi) {
        qa_slide_fit(g, v->text, body, floor, hi, 0, &fit);
        v->fit_text = v->text;
        v->fit_ops = g->ops;
        v->fit_w = body.w;
        v->fit_h = body.h;
        v->fit_lo = floor;
        v->fit_hi = hi;
        v->fit_px = fit.px;
        v->npages = fit.npages;
    }
    if (v->npages > 1) {
        qa_slide_fit(g, v->text, body, v->fit_px, v->fit_px, v->page, &fit);
    } else {
        fit = (qa_fit_t){.px = v->fit_px, .npages = 1, .first = 0, .nlines = 1 << 20, .line_h = line_h_of(v->fit_px)};
    }
    draw_page(g, v->text, body, &fit, text);
    char num[2][24], buf[160];
    snprintf(num[0], sizeof num[0], "%zu", v->index + 1);
    snprintf(num[1], sizeof num[1], "%zu", v->count);
    const char *args[2] = {num[0], num[1]};
    content_subst(str_or(c, lang, "slides.qa_of", "Question %s of %s"), args, 2, buf, sizeof buf);
    if (v->npages > 1) {
        char part[64];
        snprintf(num[0], sizeof num[0], "%d", AGM_MIN(v->page, v->npages - 1) + 1);
        snprintf(num[1], sizeof num[1], "%d", v->npages);
        content_subst(str_or(c, lang, "slides.qa_page", "(part %s of %s)"), args, 2, part, sizeof part);
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "  %s", part);
    }
    int clock_w = 0;
    if (v->speak_left_ms >= 0) {
        long s = (long)((v->speak_left_ms + 999) / 1000);
        char t[32];
        snprintf(t, sizeof t, "%ld:%02ld", s / 60, s % 60);
        clock_w = gfx_text_width(g, &fb, t) + 3 * u;
        gfx_text(g, &fb, area.x + area.w - clock_w + 3 * u, foot_y, t, s <= 10 ? RGBA(230, 80, 60, 255) : muted);
    }
    foot_line(g, buf, (rect_t){area.x, foot_y, area.w - clock_w, line_h_of(fpx)}, floor, fpx, FONT_BOLD, muted);
    (void)ff;
}
