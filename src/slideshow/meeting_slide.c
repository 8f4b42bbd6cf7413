/* meeting_slide.c - drawing the attendance and resolution slides (see
 * meeting_slide.h). Sizes follow the height of a landscape slide and the
 * width of a tall one, never below the deck's floor; a label too wide for
 * its column at the floor wraps, it is never cut. */
#include "meeting_slide.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../ui/text.h"

static font_t font_of(int px, font_weight_t w)
{
    font_t f = {px < 1 ? 1 : px, w, false};
    return f;
}

static int lh_of(int px) { return (int)lroundf(px * 1.25f); }

static const char *str_or(const content_t *c, const char *lang, const char *key, const char *def)
{
    if (!c || c->nlangs == 0)
        return def;
    const char *t = content_text(c, lang, key);
    return t && *t && strcmp(t, key) != 0 ? t : def;
}

static void fmt(const content_t *c, const char *lang, const char *key, const char *def, const char *a, const char *b,
                char *buf, size_t n)
{
    const char *args[2] = {a, b};
    content_subst(str_or(c, lang, key, def), args, 2, buf, n);
}

static void num(char *buf, size_t n, const content_t *c, const char *lang, int64_t v)
{
    if (c && c->nlangs)
        content_format_number(c, lang, (double)v, buf, n);
    else
        snprintf(buf, n, "%lld", (long long)v);
}

/* s in box: at px_hi when one line of it fits the width, smaller down to
 * px_lo, then wrapped at px_lo. Returns the height used. */
static int draw_fit(gfx_t *g, const char *s, rect_t box, int px_lo, int px_hi, font_weight_t w, rgba_t col,
                    text_align_t align)
{
    px_lo = AGM_MAX(1, px_lo);
    int px = AGM_MAX(px_lo, px_hi);
    font_t f = font_of(px, w);
    while (px > px_lo && gfx_text_width(g, &f, s) > box.w)
        f = font_of(--px, w);
    text_opts_t o = {box.w, lh_of(px), 0, align};
    text_layout_t l;
    text_layout_str(g, &f, col, s, &o, &l);
    text_layout_draw(g, &l, box.x, box.y);
    int h = l.nlines * l.line_h;
    text_layout_free(&l);
    return h;
}

static void geometry(int w, int h, int floor_px, int *u, rect_t *area, int *base, int *floor)
{
    *u = AGM_MAX(1, AGM_MIN(w, h) / 100);
    *floor = AGM_MAX(1, floor_px);
    int mx = 6 * *u, my = 5 * *u;
    *area = (rect_t){mx, my, w - 2 * mx, h - 2 * my};
    *base = AGM_MIN(h, w * 5 / 8);
}

/* The height of the pill draw_pill draws at px. */
static int pill_h(gfx_t *g, int px)
{
    font_t f = font_of(px, FONT_BOLD);
    font_metrics_t fm = gfx_metrics(g, &f);
    return fm.ascent + fm.descent + px * 2 / 3;
}

/* A pill with a word in it, right-aligned at (right, y); returns its width. */
static int draw_pill(gfx_t *g, const char *s, int right, int y, int px, rgba_t fill, rgba_t text)
{
    font_t f = font_of(px, FONT_BOLD);
    font_metrics_t fm = gfx_metrics(g, &f);
    int pad = px * 2 / 3;
    int tw = gfx_text_width(g, &f, s);
    int ph = fm.ascent + fm.descent + pad;
    rect_t r = {right - tw - 2 * pad, y, tw + 2 * pad, ph};
    gfx_round(g, r, ph / 2, fill);
    gfx_text(g, &f, r.x + pad, r.y + pad / 2, s, text);
    return r.w;
}

static const rgba_t PASS_FILL = RGBA(0x9C, 0xD8, 0xA8, 0xFF);
static const rgba_t FAIL_FILL = RGBA(0xF0, 0xA8, 0x9C, 0xFF);

/* Columns of a label over a big number; in a tall slide two per row. */
static int draw_columns(gfx_t *g, rect_t box, int u, const char *const *labels, const char *const *values, int n,
                        int label_px, int value_px, int floor, meeting_colors_t col, bool portrait)
{
    int per_row = portrait ? 2 : n;
    int rows = (n + per_row - 1) / per_row;
    int cw = (box.w - (per_row - 1) * 3 * u) / per_row;
    int y = box.y, used = 0;
    for (int r = 0; r < rows; r++) {
        int row_h = 0;
        for (int k = 0; k < per_row && r * per_row + k < n; k++) {
            int i = r * per_row + k;
            rect_t cb = {box.x + k * (cw + 3 * u), y, cw, box.h};
            int lh = draw_fit(g, labels[i], cb, floor, label_px, FONT_REGULAR, col.muted, TEXT_LEFT);
            cb.y += lh + u;
            int vh = draw_fit(g, values[i], cb, floor, value_px, FONT_BOLD, col.text, TEXT_LEFT);
            row_h = AGM_MAX(row_h, lh + u + vh);
        }
        y += row_h + 3 * u;
        used = y - box.y;
    }
    return used;
}

void meeting_slide_attendance(gfx_t *g, const content_t *c, const char *lang, const char *heading,
                              const meeting_view_t *v, int w, int h, int floor_px, meeting_colors_t col)
{
    int u, base, floor;
    rect_t area;
    geometry(w, h, floor_px, &u, &area, &base, &floor);
    bool portrait = h > w;
    const meet_quorum_t *q = c ? &c->event.quorum : NULL;
    int64_t members = content_voting_members(c);
    bool known = v && v->known;
    int64_t attending = known ? meet_attending(q, &v->att) : 0;
    int y = area.y;
    const char *head = heading && *heading ? heading : str_or(c, lang, "slides.att_heading", "Attendance");
    y += draw_fit(g, head, (rect_t){area.x, y, area.w, area.h}, floor, AGM_MAX(floor, base * 55 / 1000), FONT_BOLD,
                  col.accent, TEXT_LEFT) + 2 * u;

    /* the big figure: those attending, of the members */
    char big[32], of[160], n1[32];
    if (known)
        num(big, sizeof big, c, lang, attending);
    else
        snprintf(big, sizeof big, "\xE2\x80\x93"); /* an en dash: nothing read */
    num(n1, sizeof n1, c, lang, members);
    if (members > 0)
        fmt(c, lang, "slides.att_of", "attending, of %s voting members", n1, NULL, of, sizeof of);
    else
        snprintf(of, sizeof of, "%s", str_or(c, lang, "slides.att_attending", "attending"));
    int bpx = AGM_MAX(floor, base * 20 / 100);
    font_t bf = font_of(bpx, FONT_BOLD);
    font_metrics_t bm = gfx_metrics(g, &bf);
    int bw = gfx_text_width(g, &bf, big);
    gfx_text(g, &bf, area.x, y, big, col.text);
    int opx = AGM_MAX(floor, base * 6 / 100);
    font_t of_f = font_of(opx, FONT_REGULAR);
    font_metrics_t om = gfx_metrics(g, &of_f);
    rect_t ob = {area.x + bw + 3 * u, y + bm.ascent - om.ascent, area.w - bw - 3 * u, bm.ascent + bm.descent};
    if (ob.w < area.w / 3) /* no room beside it: under it */
        ob = (rect_t){area.x, y + bm.ascent + bm.descent, area.w, lh_of(opx) * 2};
    int oh = draw_fit(g, of, ob, floor, opx, FONT_REGULAR, col.muted, TEXT_LEFT);
    y = AGM_MAX(y + bm.ascent + bm.descent, ob.y + oh) + 2 * u;

    /* the bar: attending of the members, with a mark where the quorum is */
    int64_t need = meet_quorum_needed(q, members);
    bool met = known && members > 0 && attending >= need;
    if (members > 0) {
        int bh = AGM_MAX(4, u * 2);
        rect_t bar = {area.x, y, area.w, bh};
        gfx_round(g, bar, bh / 2, color_mix(col.bg, col.muted, 0.3f));
        double share = AGM_MIN(1.0, (double)attending / (double)members);
        if (share > 0)
            gfx_round(g, (rect_t){bar.x, bar.y, AGM_MAX(bh, (int)lround(bar.w * share)), bh}, bh / 2,
                      met ? PASS_FILL : col.accent);
        int mx = bar.x + (int)lround(bar.w * AGM_MIN(1.0, (double)need / (double)members));
        gfx_fill(g, (rect_t){mx - AGM_MAX(1, u / 3), bar.y - bh, AGM_MAX(2, u * 2 / 3), bh * 3}, col.text);
        y += bh * 3 + 2 * u;
    }

    /* present / written / proxy / guests */
    char vals[4][32];
    const char *values[4], *labels[4] = {
        str_or(c, lang, "slides.att_present", "Present"),
        str_or(c, lang, "slides.att_written", "Written votes"),
        str_or(c, lang, "slides.att_proxy", "Proxies"),
        str_or(c, lang, "slides.att_guests", "Guests (no vote)"),
    };
    for (int k = 0; k < 4; k++) {
        if (known)
            num(vals[k], sizeof vals[k], c, lang, v->att.n[k]);
        else
            snprintf(vals[k], sizeof vals[k], "\xE2\x80\x93");
        values[k] = vals[k];
    }
    /* the status line at the bottom */
    char status[200], s1[32], s2[32];
    num(s1, sizeof s1, c, lang, need);
    num(s2, sizeof s2, c, lang, AGM_MAX(0, need - attending));
    if (members <= 0)
        snprintf(status, sizeof status, "%s",
                 str_or(c, lang, "slides.quorum_unknown", "Quorum: the number of members is not set"));
    else if (met)
        fmt(c, lang, "slides.quorum_met", "Quorum met (%s needed)", s1, NULL, status, sizeof status);
    else
        fmt(c, lang, "slides.quorum_short", "Quorum not met yet: %s needed, %s more", s1, s2, status, sizeof status);
    int spx = AGM_MAX(floor, base * 6 / 100);
    int sh = text_height(g, &(font_t){spx, FONT_BOLD, false}, status, area.w, lh_of(spx));
    rect_t cols = {area.x, y, area.w, area.y + area.h - sh - 2 * u - y};
    draw_columns(g, cols, u, labels, values, 4, AGM_MAX(floor, base * 45 / 1000),
                 AGM_MAX(floor * 3 / 2, base * 10 / 100), floor, col, portrait);
    rect_t sb = {area.x, area.y + area.h - sh, area.w, sh};
    if (met) {
        /* a green mark before the words */
        int d = AGM_MAX(6, spx * 2 / 3);
        gfx_round(g, (rect_t){sb.x, sb.y + (lh_of(spx) - d) / 2, d, d}, d / 2, PASS_FILL);
        sb.x += d + 2 * u;
        sb.w -= d + 2 * u;
    }
    draw_fit(g, status, sb, floor, spx, FONT_BOLD, met ? col.text : col.accent, TEXT_LEFT);
}

static const char *majority_text(const content_t *c, const char *lang, meet_majority_t m)
{
    static const char *const keys[MEET_MAJORITIES] = {"slides.majority_simple", "slides.majority_attending",
                                                      "slides.majority_two_thirds",
                                                      "slides.majority_two_thirds_attending",
                                                      "slides.majority_unanimous"};
    static const char *const defs[MEET_MAJORITIES] = {"Simple majority", "Majority of those attending",
                                                      "Two thirds of the votes cast", "Two thirds of those attending",
                                                      "Unanimous"};
    unsigned i = (unsigned)m < MEET_MAJORITIES ? (unsigned)m : 0;
    return str_or(c, lang, keys[i], defs[i]);
}

void meeting_slide_resolution(gfx_t *g, const content_t *c, const char *lang, const char *heading, const char *res_id,
                              const meeting_view_t *v, int w, int h, int floor_px, meeting_colors_t col)
{
    int u, base, floor;
    rect_t area;
    geometry(w, h, floor_px, &u, &area, &base, &floor);
    bool portrait = h > w;
    const content_t *cv = content_in(c, lang);
    const resolution_t *r = content_resolution(cv, res_id);
    size_t idx = 0, n = cv ? cv->nresolutions : 0;
    for (size_t i = 0; r && i < n; i++)
        if (&cv->resolutions[i] == r)
            idx = i;
    int y = area.y;
    char head[200], a[24], b[24];
    snprintf(a, sizeof a, "%zu", idx + 1);
    snprintf(b, sizeof b, "%zu", n);
    if (heading && *heading)
        snprintf(head, sizeof head, "%s", heading);
    else
        fmt(c, lang, "slides.res_of", "Resolution %s of %s", a, b, head, sizeof head);
    y += draw_fit(g, head, (rect_t){area.x, y, area.w, area.h}, floor, AGM_MAX(floor, base * 5 / 100), FONT_BOLD,
                  col.accent, TEXT_LEFT) + 2 * u;
    bool counted = v && v->counted && res_id && strcmp(v->resolution, res_id) == 0;

    /* the result band at the bottom: measured from what it will hold */
    int lpx = AGM_MAX(floor, base * 45 / 1000), vpx = AGM_MAX(floor * 3 / 2, base * 9 / 100);
    int ppx = AGM_MAX(floor, base * 7 / 100);
    char line[320] = "";
    meet_result_t res;
    memset(&res, 0, sizeof res);
    if (counted) {
        meet_decide(v->majority, v->votes_for, v->against, v->abstain, v->attending, v->quorum_then, &res);
        char att[32], need[32], extra[160];
        num(att, sizeof att, c, lang, v->attending);
        num(need, sizeof need, c, lang, res.needed);
        if (v->outcome == MEET_NO_QUORUM)
            snprintf(line, sizeof line, "%s", majority_text(c, lang, v->majority));
        else
            fmt(c, lang, "slides.res_rule", "%s: %s in favour needed", majority_text(c, lang, v->majority), need, line,
                sizeof line);
        fmt(c, lang, "slides.res_attending", "\xC2\xB7 %s attending", att, NULL, extra, sizeof extra);
        size_t ln = strlen(line);
        snprintf(line + ln, sizeof line - ln, " %s", extra);
        if (v->entries > 1) {
            ln = strlen(line);
            snprintf(line + ln, sizeof line - ln, " \xC2\xB7 %s", str_or(c, lang, "slides.res_corrected", "corrected"));
        }
    }
    int rule_h = counted ? text_height(g, &(font_t){lpx, FONT_REGULAR, false}, line, area.w, lh_of(lpx)) : 0;
    int cols_h = lh_of(lpx) + u + lh_of(vpx);
    int band_h = counted ? cols_h + 2 * u + rule_h : lh_of(lpx) * 2 + u;
    if (counted && portrait)
        band_h += pill_h(g, ppx) + 3 * u;
    rect_t band = {area.x, area.y + area.h - band_h, area.w, band_h};

    /* title and text in what is left */
    const char *title = r ? r->title : res_id ? res_id : "";
    const char *text = r && r->text ? r->text : "";
    rect_t mid = {area.x, y, area.w, band.y - 3 * u - y};
    int tpx = text_fit_px(g, title, FONT_BOLD, (rect_t){mid.x, mid.y, mid.w, mid.h * 2 / 5}, floor,
                          AGM_MAX(floor, base * 8 / 100), 1.25f);
    font_t tf = font_of(tpx, FONT_BOLD);
    int th = text_draw_box(g, &tf, col.text, title, (rect_t){mid.x, mid.y, mid.w, mid.h}, TEXT_LEFT, lh_of(tpx));
    if (*text) {
        rect_t tb = {mid.x, mid.y + th + 2 * u, mid.w, mid.h - th - 2 * u};
        if (tb.h > floor) {
            int px = text_fit_px(g, text, FONT_REGULAR, tb, floor, AGM_MAX(floor, base * 5 / 100), 1.25f);
            font_t f = font_of(px, FONT_REGULAR);
            text_draw_box(g, &f, col.muted, text, tb, TEXT_LEFT, lh_of(px));
        }
    }
    gfx_fill(g, (rect_t){band.x, band.y - 2 * u, band.w, AGM_MAX(1, u / 3)}, color_mix(col.bg, col.muted, 0.4f));
    meet_majority_t maj = counted ? v->majority : r ? r->majority : MEET_SIMPLE;
    if (!counted) {
        draw_fit(g, str_or(c, lang, "slides.res_pending", "Not yet voted"), (rect_t){band.x, band.y, band.w, band.h},
                 floor, lpx, FONT_BOLD, col.text, TEXT_LEFT);
        draw_fit(g, majority_text(c, lang, maj), (rect_t){band.x, band.y + lh_of(lpx) + u, band.w, lh_of(lpx)}, floor,
                 lpx, FONT_REGULAR, col.muted, TEXT_LEFT);
        return;
    }
    char vals[3][32];
    num(vals[0], sizeof vals[0], c, lang, v->votes_for);
    num(vals[1], sizeof vals[1], c, lang, v->against);
    num(vals[2], sizeof vals[2], c, lang, v->abstain);
    const char *values[3] = {vals[0], vals[1], vals[2]};
    const char *labels[3] = {str_or(c, lang, "slides.res_for", "For"), str_or(c, lang, "slides.res_against", "Against"),
                             str_or(c, lang, "slides.res_abstain", "Abstain")};
    /* the pill: passed, rejected, no quorum */
    const char *word = v->outcome == MEET_PASSED     ? str_or(c, lang, "slides.res_passed", "Passed")
                       : v->outcome == MEET_REJECTED ? str_or(c, lang, "slides.res_rejected", "Rejected")
                                                     : str_or(c, lang, "slides.res_no_quorum", "No quorum");
    rgba_t fill = v->outcome == MEET_PASSED ? PASS_FILL : v->outcome == MEET_REJECTED ? FAIL_FILL : col.muted;
    rect_t cols = {band.x, band.y, band.w, cols_h};
    if (portrait) {
        draw_pill(g, word, band.x + band.w, band.y, ppx, fill, col.bg);
        cols.y += pill_h(g, ppx) + 3 * u;
    } else {
        int pw = draw_pill(g, word, band.x + band.w, band.y + cols_h - pill_h(g, ppx), ppx, fill, col.bg);
        cols.w -= pw + 4 * u;
    }
    draw_columns(g, cols, u, labels, values, 3, lpx, vpx, floor, col, false);
    /* the rule and what it was counted against */
    int ly = cols.y + cols.h + 2 * u;
    draw_fit(g, line, (rect_t){band.x, ly, band.w, area.y + area.h - ly}, floor, lpx, FONT_REGULAR, col.muted,
             TEXT_LEFT);
}
