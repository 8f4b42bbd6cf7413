/* deck.c - the deck's geometry, item metrics, line layout and the API.
 * See deck.h for the contract; packing is in deck_pack.c and the slides of
 * each kind are made in deck_build.c. */
#include "deck_internal.h"

#include "../core/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- geometry ----------------------------------------------------------- */

deck_geom_t deck_geom(const config_t *cfg, int w, int h)
{
    deck_geom_t g;
    int shorter = AGM_MIN(w, h);
    g.unit = AGM_MAX(1, shorter / 100);
    /* Side margins grow with the width so wide slides keep a readable
     * measure; the bottom margin leaves room for the progress bar. */
    int mx = AGM_MAX(6 * g.unit, w * 6 / 100);
    int my = 6 * g.unit;
    g.content = (rect_t){mx, my, AGM_MAX(1, w - 2 * mx), AGM_MAX(1, h - 2 * my)};
    int pct10 = cfg ? cfg->slide_min_text_pct10 : 35;
    if (pct10 <= 0)
        pct10 = 35;
    /* Round the floor up: no text may be below it. */
    g.floor_px = (int)ceil((double)h * pct10 / 1000.0);
    if (g.floor_px < 1)
        g.floor_px = 1;
    /* The ceiling follows the width as well, so a portrait slide does not
     * end up with three words per line. */
    int ceil_px = (int)AGM_MIN(h * 0.09, w * 0.07);
    g.ceil_px = AGM_MAX(g.floor_px, ceil_px);
    g.target_px = g.floor_px + (g.ceil_px - g.floor_px) * 2 / 5;
    return g;
}


/* ---- small helpers -------------------------------------------------------- */

int deck_line_skip(lay_t *L, const font_t *f)
{
    font_metrics_t m = gfx_metrics(L->g, f);
    int ls = m.line_skip;
    /* Slides want a little more leading than body text fonts give. */
    int want = round_px(f->px * 1.2);
    return AGM_MAX(ls, AGM_MAX(want, m.ascent + m.descent));
}

/* Copy s[a..b) with surrounding white space removed. */
char *deck_trim_dup(const char *s, size_t a, size_t b)
{
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    return xstrndup(s + a, b - a);
}

/* ---- items -------------------------------------------------------------- */

void deck_items_push(items_t *it, deck_item_kind_t kind, char *text, const char *label, int level, int block,
                       bool continued)
{
    xgrow((void **)&it->v, &it->cap, it->n + 1, sizeof *it->v);
    it->v[it->n++] = (deck_item_t){kind, text, xstrdup(label), level, block, continued};
}

void deck_items_free(items_t *it)
{
    for (size_t i = 0; i < it->n; i++) {
        free(it->v[i].text);
        free(it->v[i].label);
    }
    free(it->v);
    memset(it, 0, sizeof *it);
}

font_t deck_item_font(const deck_item_t *it, int s)
{
    switch (it->kind) {
    case DECK_ITEM_BIG: return font_make(round_px(s * BIG_SCALE), FONT_BOLD, false);
    case DECK_ITEM_SUBHEAD: return font_make(s, FONT_BOLD, false);
    case DECK_ITEM_QUOTE: return font_make(s, FONT_REGULAR, true);
    default: return font_make(s, FONT_REGULAR, false);
    }
}

font_t deck_heading_font(int s) { return font_make(round_px(s * HEADING_SCALE), FONT_BOLD, false); }

/* Width of the label column of a list item at size s: a bullet needs less
 * room than a number. */
static int bullet_col(lay_t *L, const deck_item_t *it, int s)
{
    font_t f = font_make(s, FONT_REGULAR, false);
    bool numbered = it->label && it->label[0] >= '0' && it->label[0] <= '9';
    int w = gfx_text_width(L->g, &f, numbered ? "99." : "\xe2\x80\xa2");
    return w + round_px(s * (numbered ? 0.4 : 0.6));
}

static int level_indent(int level, int s) { return level > 1 ? (level - 1) * round_px(s * 1.2) : 0; }

/* Width of the date column of timeline rows at size s: the widest date of
 * the whole timeline, so that every page has the same column. */
static int row_label_w(lay_t *L, int s)
{
    if (L->rows_s == s)
        return L->rows_w;
    font_t f = font_make(s, FONT_BOLD, false);
    int w = 0;
    for (size_t i = 0; i < L->nrows; i++)
        if (L->rows[i].label)
            w = AGM_MAX(w, gfx_text_width(L->g, &f, L->rows[i].label));
    L->rows_s = s;
    L->rows_w = w;
    return w;
}

/* Timeline rows put the date beside the title when that leaves the title at
 * least two thirds of the width; otherwise the date goes above. */
static bool row_stacked(lay_t *L, int s) { return row_label_w(L, s) * 3 > L->geo.content.w; }

/* The x offset and width of an item's text inside the content box. */
void deck_item_box(lay_t *L, const deck_item_t *it, int s, int *x, int *w)
{
    int cw = L->geo.content.w;
    switch (it->kind) {
    case DECK_ITEM_BULLET: {
        int in = level_indent(it->level, s) + bullet_col(L, it, s);
        *x = in;
        *w = cw - in;
        break;
    }
    case DECK_ITEM_QUOTE:
        *x = round_px(s * 1.2);
        *w = cw - *x;
        break;
    case DECK_ITEM_ROW:
        if (row_stacked(L, s)) {
            *x = 0;
            *w = cw;
        } else {
            *x = row_label_w(L, s) + round_px(s * 0.8);
            *w = cw - *x;
        }
        break;
    default:
        *x = 0;
        *w = cw;
        break;
    }
    if (*w < 1)
        *w = 1;
}

int deck_item_height(lay_t *L, const deck_item_t *it, int s)
{
    font_t f = deck_item_font(it, s);
    int x, w;
    deck_item_box(L, it, s, &x, &w);
    int n = deck_wrap_count(L, &f, it->text, strlen(it->text), w, NULL);
    if (n < 1)
        n = 1;
    int h = n * deck_line_skip(L, &f);
    if (it->kind == DECK_ITEM_ROW && row_stacked(L, s) && it->label && !it->continued)
        h += deck_line_skip(L, &f);
    return h;
}

/* Space above cur when it follows prev on the same slide. */
int deck_item_gap(const deck_item_t *prev, const deck_item_t *cur, int s)
{
    if (cur->kind == DECK_ITEM_SUBHEAD)
        return round_px(s * 0.7);
    if (prev->kind == DECK_ITEM_SUBHEAD)
        return round_px(s * 0.2);
    if (cur->kind == DECK_ITEM_BULLET && prev->kind == DECK_ITEM_BULLET)
        return round_px(s * 0.25);
    if (cur->kind == DECK_ITEM_ROW && prev->kind == DECK_ITEM_ROW)
        return round_px(s * 0.3);
    if (prev->kind == DECK_ITEM_BIG)
        return round_px(s * 0.6);
    return round_px(s * 0.5);
}

/* Height of the heading plus the gap below it; 0 without a heading. */
int deck_heading_height(lay_t *L, const char *heading, int s)
{
    if (!heading || !*heading)
        return 0;
    font_t f = deck_heading_font(s);
    int n = deck_wrap_count(L, &f, heading, strlen(heading), L->geo.content.w, NULL);
    return n * deck_line_skip(L, &f) + round_px(s * 0.8);
}

/* ---- layout ------------------------------------------------------------- */

typedef struct {
    deck_line_t *v;
    size_t n, cap;
} lines_t;

static void lines_push(lines_t *l, int x, int y, int w, font_t f, deck_line_role_t role, int item, char *text)
{
    xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = (deck_line_t){x, y, w, f, role, item, text};
}

void deck_layout_free(deck_layout_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nlines; i++)
        free(l->lines[i].text);
    free(l->lines);
    memset(l, 0, sizeof *l);
}

/* Emit the wrapped lines of text at (x0, *y) with width w. */
static void emit_wrapped(lay_t *L, lines_t *out, const char *text, font_t f, int x0, int *y, int w,
                         deck_line_role_t role, int item)
{
    segs_t segs = {0};
    deck_wrap_text(L->g, &f, text, strlen(text), w, &segs);
    int ls = deck_line_skip(L, &f);
    for (size_t i = 0; i < segs.n; i++) {
        char *t = xstrndup(text + segs.v[i].off, segs.v[i].len);
        int tw = gfx_text_width(L->g, &f, t);
        lines_push(out, x0, *y, tw, f, role, item, t);
        *y += ls;
    }
    if (segs.n == 0)
        *y += ls;
    free(segs.v);
}

/* Lay out a heading and items at body size s into out (slide
 * coordinates). Returns the height used; it fits when that is at most the
 * content height. */
int deck_layout_text(lay_t *L, const char *heading, const deck_item_t *items, size_t n, int s, bool centered,
                       deck_layout_t *out)
{
    lines_t lines = {0};
    rect_t cb = L->geo.content;
    int y = 0;
    if (heading && *heading) {
        emit_wrapped(L, &lines, heading, deck_heading_font(s), 0, &y, cb.w, DECK_LINE_HEADING, -1);
        y += round_px(s * 0.8);
    }
    for (size_t i = 0; i < n; i++) {
        const deck_item_t *it = &items[i];
        if (i > 0)
            y += deck_item_gap(&items[i - 1], it, s);
        font_t f = deck_item_font(it, s);
        int x, w;
        deck_item_box(L, it, s, &x, &w);
        deck_line_role_t role = it->kind == DECK_ITEM_META ? DECK_LINE_MUTED : DECK_LINE_BODY;
        if (it->kind == DECK_ITEM_BULLET && it->label && !it->continued) {
            int lx = level_indent(it->level, s);
            font_t lf = font_make(s, FONT_REGULAR, false);
            lines_push(&lines, lx, y, gfx_text_width(L->g, &lf, it->label), lf, DECK_LINE_LABEL, (int)i,
                       xstrdup(it->label));
        }
        if (it->kind == DECK_ITEM_ROW && it->label && !it->continued) {
            font_t lf = font_make(s, FONT_BOLD, false);
            lines_push(&lines, 0, y, gfx_text_width(L->g, &lf, it->label), lf, DECK_LINE_MUTED, (int)i,
                       xstrdup(it->label));
            if (row_stacked(L, s))
                y += deck_line_skip(L, &lf);
        }
        emit_wrapped(L, &lines, it->text, f, x, &y, w, role, (int)i);
    }
    int used = y;
    /* Move into place: content box, centred when asked. */
    int dy = cb.y;
    if (centered && used < cb.h)
        dy += (cb.h - used) / 2;
    for (size_t i = 0; i < lines.n; i++) {
        deck_line_t *ln = &lines.v[i];
        if (centered)
            ln->x = cb.x + (cb.w - ln->w) / 2;
        else
            ln->x += cb.x;
        ln->y += dy;
    }
    if (out) {
        out->lines = lines.v;
        out->nlines = lines.n;
        out->px = s;
    } else {
        for (size_t i = 0; i < lines.n; i++)
            free(lines.v[i].text);
        free(lines.v);
    }
    return used;
}

/* A chart slide: heading on top, the source (tiles) at the bottom, the
 * chart in between. Returns the chart's rectangle in the layout. */
void deck_layout_chart_frame(lay_t *L, deck_slide_t *d, int s, deck_layout_t *out)
{
    memset(out, 0, sizeof *out);
    deck_layout_text(L, d->heading, NULL, 0, s, false, out);
    int top = 0;
    for (size_t i = 0; i < out->nlines; i++) {
        int ls = deck_line_skip(L, &out->lines[i].font);
        top = AGM_MAX(top, out->lines[i].y + ls - L->geo.content.y);
    }
    if (d->heading && *d->heading)
        top += round_px(s * 0.8);
    int bottom = L->geo.content.h;
    if (d->nitems > 0 && d->items[0].text && *d->items[0].text) {
        deck_layout_t src = {0};
        int hsrc = deck_layout_text(L, NULL, d->items, d->nitems, s, false, &src);
        int dy = L->geo.content.h - hsrc;
        if (src.nlines) {
            out->lines = xrealloc(out->lines, (out->nlines + src.nlines) * sizeof *out->lines);
            for (size_t i = 0; i < src.nlines; i++) {
                src.lines[i].y += dy;
                src.lines[i].item = 0;
                out->lines[out->nlines++] = src.lines[i];
            }
        }
        free(src.lines);
        bottom = dy - round_px(s * 0.6);
    }
    out->px = s;
    out->chart = (rect_t){L->geo.content.x, L->geo.content.y + top, L->geo.content.w, AGM_MAX(0, bottom - top)};
}

/* ---- API ------------------------------------------------------------------ */

static void slide_free(deck_slide_t *s)
{
    free(s->heading);
    for (size_t i = 0; i < s->nitems; i++) {
        free(s->items[i].text);
        free(s->items[i].label);
    }
    free(s->items);
    free(s->notes);
    deck_layout_free(&s->layout);
}

void deck_free(deck_t *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nslides; i++)
        slide_free(&d->slides[i]);
    free(d->slides);
    memset(d, 0, sizeof *d);
}

size_t deck_find(const deck_t *d, size_t spec, int part)
{
    if (!d || d->nslides == 0)
        return 0;
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < d->nslides; i++) {
        const deck_slide_t *s = &d->slides[i];
        if (s->spec == spec) {
            if (!found || s->part <= part)
                best = i;
            found = true;
        }
    }
    return best;
}

void deck_closing_split(rect_t c, int unit, rect_t *text, rect_t *qr)
{
    int gap = 4 * unit;
    if (c.w >= c.h) {
        int tw = c.w * 3 / 5;
        *text = (rect_t){c.x, c.y, tw, c.h};
        *qr = (rect_t){c.x + tw + gap, c.y, AGM_MAX(0, c.w - tw - gap), c.h};
    } else {
        int th = c.h * 3 / 5;
        *text = (rect_t){c.x, c.y, c.w, th};
        *qr = (rect_t){c.x, c.y + th + gap, c.w, AGM_MAX(0, c.h - th - gap)};
    }
}

void deck_relayout(const deck_t *d, size_t i, gfx_t *g, int w, int h, deck_layout_t *out)
{
    memset(out, 0, sizeof *out);
    if (!d || i >= d->nslides || w < 1 || h < 1)
        return;
    const deck_slide_t *s = &d->slides[i];
    config_t cfg = {0};
    /* A preview keeps the audience slide's proportions of type to slide. */
    cfg.slide_min_text_pct10 = 1;
    lay_t L = {g, deck_geom(&cfg, w, h), NULL, 0, 0, 0, d->lang, NULL};
    int want = (int)lround((double)s->layout.px * h / d->h);
    if (want < 1)
        want = 1;
    if (s->kind == SLIDE_CHART) {
        deck_slide_t tmp = *s;
        deck_layout_chart_frame(&L, &tmp, want, out);
        out->chart_px = AGM_MAX(1, (int)lround((double)s->layout.chart_px * h / d->h));
        out->chart_own = s->layout.chart_own;
        out->chart_cols = s->layout.chart_cols;
        return;
    }
    if (s->kind == SLIDE_CLOSING && s->layout.qr.w > 0) {
        rect_t text;
        deck_closing_split(L.geo.content, L.geo.unit, &text, &out->qr);
        L.geo.content = text;
    }
    if (s->kind == SLIDE_TIMELINE) {
        /* the date column of this page only: close enough for a preview */
        L.rows = s->items;
        L.nrows = s->nitems;
    }
    int px = want;
    while (px > 1 && deck_layout_text(&L, s->heading, s->items, s->nitems, px, s->centered, NULL) > L.geo.content.h)
        px--;
    deck_layout_text(&L, s->heading, s->items, s->nitems, px, s->centered, out);
}
