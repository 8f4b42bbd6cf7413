/* deck.c - content to slides: splitting, largest-type fitting and layout.
 * See deck.h for the contract. */
#include "deck.h"

#include "../core/log.h"
#include "../core/utf8.h"
#include "../core/util.h"
#include "../ui/chart.h"
#include "../ui/text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_SPEC ((size_t)-1)

/* Type scale (ratio 1.25, as the design brief suggests). */
#define HEADING_SCALE 1.25
#define BIG_SCALE 1.5625

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

typedef struct {
    gfx_t *g;
    deck_geom_t geo;
    /* timeline slides: the rows whose date labels set the date column */
    const deck_item_t *rows;
    size_t nrows;
    int rows_s, rows_w;  /* cache: widest label at size rows_s */
    const char *lang;    /* the slides' language */
} lay_t;

static int round_px(double v) { return (int)lround(v); }

static font_t font_make(int px, font_weight_t w, bool italic)
{
    font_t f = {px < 1 ? 1 : px, w, italic};
    return f;
}

static int line_skip(lay_t *L, const font_t *f)
{
    font_metrics_t m = gfx_metrics(L->g, f);
    int ls = m.line_skip;
    /* Slides want a little more leading than body text fonts give. */
    int want = round_px(f->px * 1.2);
    return AGM_MAX(ls, AGM_MAX(want, m.ascent + m.descent));
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Copy s[a..b) with surrounding white space removed. */
static char *trim_dup(const char *s, size_t a, size_t b)
{
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    return xstrndup(s + a, b - a);
}

/* ---- word wrap -------------------------------------------------------------- */

typedef struct { size_t off, len; } seg_t;

typedef struct {
    seg_t *v;
    size_t n, cap;
} segs_t;

static void segs_push(segs_t *s, size_t off, size_t len)
{
    xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = (seg_t){off, len};
}

/* Wrap s[0..n) into lines no wider than maxw at f with the UI's line
 * breaker (text.h: spaces, CJK with kinsoku, never cutting a word, only
 * breaking one that is wider than the line). Appends the lines to out when
 * it is not NULL; returns their count. */
static int wrap_text_b(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out, bool *broke)
{
    text_span_t sp = {s, n, *f, RGBA(0, 0, 0, 255)};
    text_opts_t o = {.max_w = maxw};
    text_layout_t l;
    text_layout(g, &sp, 1, &o, &l);
    if (broke)
        *broke = l.broke_word;
    int lines = 0;
    for (size_t r = 0; r < l.nruns;) {
        /* the runs of one line are contiguous bytes of s */
        size_t a = (size_t)(l.runs[r].s - s), e = a + l.runs[r].n;
        int line = l.runs[r].line;
        for (r++; r < l.nruns && l.runs[r].line == line; r++)
            e = (size_t)(l.runs[r].s - s) + l.runs[r].n;
        /* leading spaces of a paragraph are not slide text */
        while (a < e && is_space(s[a]))
            a++;
        if (out)
            segs_push(out, a, e - a);
        lines++;
    }
    text_layout_free(&l);
    return lines;
}

static int wrap_text(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out)
{
    return wrap_text_b(g, f, s, n, maxw, out, NULL);
}

/* ---- items -------------------------------------------------------------- */

typedef struct {
    deck_item_t *v;
    size_t n, cap;
} items_t;

static void items_push(items_t *it, deck_item_kind_t kind, char *text, const char *label, int level, int block,
                       bool continued)
{
    xgrow((void **)&it->v, &it->cap, it->n + 1, sizeof *it->v);
    it->v[it->n++] = (deck_item_t){kind, text, xstrdup(label), level, block, continued};
}

static void items_free(items_t *it)
{
    for (size_t i = 0; i < it->n; i++) {
        free(it->v[i].text);
        free(it->v[i].label);
    }
    free(it->v);
    memset(it, 0, sizeof *it);
}

static font_t item_font(const deck_item_t *it, int s)
{
    switch (it->kind) {
    case DECK_ITEM_BIG: return font_make(round_px(s * BIG_SCALE), FONT_BOLD, false);
    case DECK_ITEM_SUBHEAD: return font_make(s, FONT_BOLD, false);
    case DECK_ITEM_QUOTE: return font_make(s, FONT_REGULAR, true);
    default: return font_make(s, FONT_REGULAR, false);
    }
}

static font_t heading_font(int s) { return font_make(round_px(s * HEADING_SCALE), FONT_BOLD, false); }

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
static void item_box(lay_t *L, const deck_item_t *it, int s, int *x, int *w)
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

static int item_height(lay_t *L, const deck_item_t *it, int s)
{
    font_t f = item_font(it, s);
    int x, w;
    item_box(L, it, s, &x, &w);
    int n = wrap_text(L->g, &f, it->text, strlen(it->text), w, NULL);
    if (n < 1)
        n = 1;
    int h = n * line_skip(L, &f);
    if (it->kind == DECK_ITEM_ROW && row_stacked(L, s) && it->label && !it->continued)
        h += line_skip(L, &f);
    return h;
}

/* Space above cur when it follows prev on the same slide. */
static int item_gap(const deck_item_t *prev, const deck_item_t *cur, int s)
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
static int heading_height(lay_t *L, const char *heading, int s)
{
    if (!heading || !*heading)
        return 0;
    font_t f = heading_font(s);
    int n = wrap_text(L->g, &f, heading, strlen(heading), L->geo.content.w, NULL);
    return n * line_skip(L, &f) + round_px(s * 0.8);
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
    wrap_text(L->g, &f, text, strlen(text), w, &segs);
    int ls = line_skip(L, &f);
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
static int layout_text(lay_t *L, const char *heading, const deck_item_t *items, size_t n, int s, bool centered,
                       deck_layout_t *out)
{
    lines_t lines = {0};
    rect_t cb = L->geo.content;
    int y = 0;
    if (heading && *heading) {
        emit_wrapped(L, &lines, heading, heading_font(s), 0, &y, cb.w, DECK_LINE_HEADING, -1);
        y += round_px(s * 0.8);
    }
    for (size_t i = 0; i < n; i++) {
        const deck_item_t *it = &items[i];
        if (i > 0)
            y += item_gap(&items[i - 1], it, s);
        font_t f = item_font(it, s);
        int x, w;
        item_box(L, it, s, &x, &w);
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
                y += line_skip(L, &lf);
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

/* ---- sentence and word boundaries ----------------------------------------- */

static bool is_abbrev(const char *s, size_t word_start, size_t dot)
{
    static const char *const abbr[] = {"Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "vs", "etc", "e.g", "i.e",
                                       "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                                       "Nov", "Dec", "approx", "ca", "cf", "Fig", "Inc", "Ltd", "Co", "Jr", "Sr"};
    size_t n = dot - word_start;
    if (n == 1 && s[word_start] >= 'A' && s[word_start] <= 'Z')
        return true; /* an initial: "J. Smith", "U.S." */
    for (size_t i = 0; i < AGM_ARRAY_LEN(abbr); i++)
        if (strlen(abbr[i]) == n && strncmp(s + word_start, abbr[i], n) == 0)
            return true;
    /* "U.S." and "a.m.": a dot inside the word */
    for (size_t i = word_start; i < dot; i++)
        if (s[i] == '.')
            return true;
    return false;
}

/* Offsets where a new sentence starts in s (after the end punctuation and
 * the spaces). CJK full stops need no space after them. */
static void sentence_starts(const char *s, size_t n, segs_t *out)
{
    size_t word_start = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) { /* 。！？ */
            size_t j = i + adv;
            /* closing brackets stay with their sentence */
            while (j < n) {
                size_t a2;
                uint32_t c2 = utf8_decode(s + j, n - j, &a2);
                if (!utf8_no_break_before(c2))
                    break;
                j += a2;
            }
            while (j < n && is_space(s[j]))
                j++;
            if (j < n)
                segs_push(out, j, 0);
            i = j;
            word_start = i;
            continue;
        }
        if (cp == '.' || cp == '!' || cp == '?') {
            size_t j = i + 1;
            while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '.' || s[j] == '!' ||
                             s[j] == '?'))
                j++;
            /* closing curly quotes */
            while (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
                   ((unsigned char)s[j + 2] == 0x9D || (unsigned char)s[j + 2] == 0x99))
                j += 3;
            if (j < n && is_space(s[j])) {
                size_t k = j;
                while (k < n && is_space(s[k]))
                    k++;
                bool lower_next = k < n && s[k] >= 'a' && s[k] <= 'z';
                if (k < n && !lower_next && !(cp == '.' && is_abbrev(s, word_start, i)))
                    segs_push(out, k, 0);
            }
            i = j;
            continue;
        }
        if (is_space(s[i]))
            word_start = i + 1;
        i += adv;
    }
}

static void word_starts(const char *s, size_t n, segs_t *out)
{
    for (size_t i = 1; i < n; i++)
        if (!is_space(s[i]) && is_space(s[i - 1]))
            segs_push(out, i, 0);
}

/* ---- packing ------------------------------------------------------------- */

typedef struct {
    items_t items;
    int used;      /* height used by items (heading excluded) */
    int groups;    /* timeline months begun on this page */
} page_t;

typedef struct {
    page_t *v;
    size_t n, cap;
    int word_splits;  /* pieces broken mid-sentence (only when a sentence cannot fit) */
} pack_t;

static void pack_free(pack_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        items_free(&p->v[i].items);
    free(p->v);
    memset(p, 0, sizeof *p);
}

static page_t *pack_new_page(pack_t *p)
{
    xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
    page_t *pg = &p->v[p->n++];
    memset(pg, 0, sizeof *pg);
    return pg;
}

typedef struct {
    lay_t *L;
    const char *head0, *headc;   /* headings of the first and of later pages */
    const deck_item_t *units;
    size_t nunits;
    const int *group;            /* per unit (timeline months) or NULL */
    int max_groups;
    bool fill_pages;             /* split a long block to fill the rest of a page */
} pack_in_t;

static int page_avail(const pack_in_t *in, size_t page_index, int s)
{
    const char *h = page_index == 0 ? in->head0 : in->headc;
    return in->L->geo.content.h - heading_height(in->L, h, s);
}

/* Height page would use with `it` added. */
static int page_with(lay_t *L, const page_t *pg, const deck_item_t *it, int h_it, int s)
{
    if (pg->items.n == 0)
        return h_it;
    return pg->used + item_gap(&pg->items.v[pg->items.n - 1], it, s) + h_it;
}

static void page_add(lay_t *L, page_t *pg, const deck_item_t *proto, char *text, bool continued, int s)
{
    deck_item_t tmp = *proto;
    tmp.text = text;
    tmp.continued = continued;
    int h = item_height(L, &tmp, s);
    pg->used = page_with(L, pg, &tmp, h, s);
    items_push(&pg->items, proto->kind, text, proto->label, proto->level, proto->block, continued);
}

/* The furthest boundary b in starts (or the end n) such that the piece
 * text[pos..b) fits in avail on page pg. Returns pos when none fits. */
static size_t fit_prefix(lay_t *L, const page_t *pg, const deck_item_t *proto, const char *text, size_t n,
                         size_t pos, bool continued, const segs_t *starts, int avail, int s)
{
    size_t best = pos;
    for (size_t k = 0; k <= starts->n; k++) {
        size_t b = k < starts->n ? starts->v[k].off : n;
        if (b <= pos)
            continue;
        deck_item_t tmp = *proto;
        tmp.text = trim_dup(text, pos, b);
        tmp.continued = continued;
        int h = item_height(L, &tmp, s);
        int used = page_with(L, pg, &tmp, h, s);
        free(tmp.text);
        if (used > avail)
            break;
        best = b;
    }
    return best;
}

/* Split a unit that does not fit over as many pages as needed, starting on
 * the current page. Sentence ends first; between words only when one
 * sentence does not fit an empty page. */
static void pack_split(const pack_in_t *in, pack_t *p, const deck_item_t *u, int s)
{
    lay_t *L = in->L;
    const char *text = u->text;
    size_t n = strlen(text);
    segs_t sent = {0}, words = {0};
    sentence_starts(text, n, &sent);
    word_starts(text, n, &words);
    size_t pos = 0;
    bool continued = u->continued;
    while (pos < n) {
        page_t *pg = &p->v[p->n - 1];
        int avail = page_avail(in, p->n - 1, s);
        size_t b = fit_prefix(L, pg, u, text, n, pos, continued, &sent, avail, s);
        if (b == pos) {
            if (pg->items.n > 0) {
                pack_new_page(p);
                continue;
            }
            b = fit_prefix(L, pg, u, text, n, pos, continued, &words, avail, s);
            if (b == pos) {
                /* Not even one word fits an empty page at this size: take
                 * one word anyway; the caller will try a smaller size. */
                b = n;
                for (size_t k = 0; k < words.n; k++)
                    if (words.v[k].off > pos) {
                        b = words.v[k].off;
                        break;
                    }
            }
            p->word_splits++;
        }
        page_add(L, pg, u, trim_dup(text, pos, b), continued, s);
        continued = true;
        pos = b;
        while (pos < n && is_space(text[pos]))
            pos++;
        if (pos < n)
            pack_new_page(p);
    }
    free(sent.v);
    free(words.v);
}

/* Greedy packing of the units at body size s. */
static void pack_run(const pack_in_t *in, int s, pack_t *p)
{
    lay_t *L = in->L;
    memset(p, 0, sizeof *p);
    pack_new_page(p);
    for (size_t i = 0; i < in->nunits; i++) {
        const deck_item_t *u = &in->units[i];
        page_t *pg = &p->v[p->n - 1];
        if (in->group && (i == 0 || in->group[i] != in->group[i - 1])) {
            /* A new month: keep it on one page when it fits one. */
            size_t j = i;
            page_t trial = {.used = pg->used};
            int total_empty = 0;
            const deck_item_t *prev = pg->items.n ? &pg->items.v[pg->items.n - 1] : NULL;
            for (j = i; j < in->nunits && in->group[j] == in->group[i]; j++) {
                int h = item_height(L, &in->units[j], s);
                trial.used = (prev ? trial.used + item_gap(prev, &in->units[j], s) : trial.used) + h;
                total_empty += (j > i ? item_gap(&in->units[j - 1], &in->units[j], s) : 0) + h;
                prev = &in->units[j];
            }
            bool fits_here = trial.used <= page_avail(in, p->n - 1, s);
            bool fits_empty = total_empty <= page_avail(in, p->n, s);
            if (pg->items.n > 0 && (pg->groups >= in->max_groups || (!fits_here && fits_empty)))
                pg = pack_new_page(p);
            pg->groups++;
        }
        int h = item_height(L, u, s);
        int need = h;
        /* A subheading, or a paragraph that introduces what follows
         * ("For your reference:"), keeps at least one line of it. */
        size_t tl = strlen(u->text);
        bool lead_in = u->kind == DECK_ITEM_SUBHEAD || (u->kind == DECK_ITEM_PARA && tl && u->text[tl - 1] == ':');
        if (lead_in && i + 1 < in->nunits)
            need += round_px(s * 0.2) + line_skip(L, &(font_t){s, FONT_REGULAR, false});
        int avail = page_avail(in, p->n - 1, s);
        if (page_with(L, pg, u, need, s) <= avail) {
            page_add(L, pg, u, xstrdup(u->text), u->continued, s);
            continue;
        }
        int avail_next = page_avail(in, p->n, s);
        bool fits_empty = need <= avail_next;
        bool short_unit = lead_in || u->kind == DECK_ITEM_ROW || u->kind == DECK_ITEM_BIG ||
                          u->kind == DECK_ITEM_META;
        /* A page more than 60 % full is not worth filling with the first
         * sentences of a block that would fit whole on the next one. */
        if (pg->items.n > 0 && fits_empty && (short_unit || !in->fill_pages || pg->used * 5 >= avail * 3)) {
            pg = pack_new_page(p);
            page_add(L, pg, u, xstrdup(u->text), u->continued, s);
            continue;
        }
        if (pg->items.n > 0 && short_unit) {
            pg = pack_new_page(p);
        }
        pack_split(in, p, u, s);
    }
    /* Never end on an empty page. */
    if (p->n > 1 && p->v[p->n - 1].items.n == 0) {
        items_free(&p->v[p->n - 1].items);
        p->n--;
    }
    /* A lead-in left at the foot of a page while what it introduces
     * starts the next one moves over to it, when it fits there. */
    for (size_t k = 0; k + 1 < p->n; k++) {
        items_t *a = &p->v[k].items, *b = &p->v[k + 1].items;
        if (a->n < 2 || b->n == 0 || b->v[0].continued)
            continue;
        const deck_item_t *last = &a->v[a->n - 1];
        size_t tl = strlen(last->text);
        if (!(last->kind == DECK_ITEM_SUBHEAD || (last->kind == DECK_ITEM_PARA && tl && last->text[tl - 1] == ':')))
            continue;
        int h = item_height(L, last, s) + item_gap(last, &b->v[0], s) + p->v[k + 1].used;
        if (h > page_avail(in, k + 1, s))
            continue;
        xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
        memmove(b->v + 1, b->v, b->n * sizeof *b->v);
        b->v[0] = a->v[--a->n];
        b->n++;
        p->v[k + 1].used = h;
    }
    /* A word wider than the line (a long web address) is broken between
     * characters: count it like a sentence broken between words, so that
     * a size at which it fits whole wins. */
    for (size_t k = 0; k < p->n; k++) {
        const char *h = k == 0 ? in->head0 : in->headc;
        bool broke = false;
        if (h && *h) {
            font_t hf = heading_font(s);
            wrap_text_b(L->g, &hf, h, strlen(h), L->geo.content.w, NULL, &broke);
            p->word_splits += broke;
        }
        for (size_t i = 0; i < p->v[k].items.n; i++) {
            const deck_item_t *it = &p->v[k].items.v[i];
            font_t f = item_font(it, s);
            int x, w;
            item_box(L, it, s, &x, &w);
            wrap_text_b(L->g, &f, it->text, strlen(it->text), w, NULL, &broke);
            p->word_splits += broke;
        }
    }
}

/* Pack at the largest size that needs no more pages (and no more
 * mid-sentence breaks) than packing at the target size. */
static int pack_best(const pack_in_t *in, pack_t *out)
{
    deck_geom_t *geo = &in->L->geo;
    int lo = geo->target_px;
    pack_t p;
    pack_run(in, lo, &p);
    if (p.word_splits > 0 && lo > geo->floor_px) {
        /* A sentence does not fit at the target: go down towards the
         * floor until it does (or the floor is reached). */
        pack_t pf;
        pack_run(in, geo->floor_px, &pf);
        int ws = pf.word_splits;
        pack_free(&pf);
        int a = geo->floor_px, b = lo; /* a satisfies ws, b does not */
        while (b - a > 1) {
            int m = (a + b) / 2;
            pack_t pm;
            pack_run(in, m, &pm);
            bool ok = pm.word_splits <= ws;
            pack_free(&pm);
            if (ok)
                a = m;
            else
                b = m;
        }
        lo = a;
        pack_free(&p);
        pack_run(in, lo, &p);
    }
    size_t pages = p.n;
    int ws = p.word_splits;
    int a = lo, b = geo->ceil_px + 1;
    while (b - a > 1) {
        int m = (a + b) / 2;
        pack_t pm;
        pack_run(in, m, &pm);
        bool ok = pm.n <= pages && pm.word_splits <= ws;
        pack_free(&pm);
        if (ok)
            a = m;
        else
            b = m;
    }
    if (a != lo) {
        pack_free(&p);
        pack_run(in, a, &p);
    }
    *out = p;
    return a;
}

/* ---- deck assembly --------------------------------------------------------- */

typedef struct {
    deck_slide_t *v;
    size_t n, cap;
} slides_t;

static deck_slide_t *slides_push(slides_t *sl, slide_kind_t kind, size_t spec, const char *notes)
{
    xgrow((void **)&sl->v, &sl->cap, sl->n + 1, sizeof *sl->v);
    deck_slide_t *s = &sl->v[sl->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->spec = spec;
    s->section = -1;
    s->chart = -1;
    s->nparts = 1;
    s->notes = notes && *notes ? xstrdup(notes) : NULL;
    return s;
}

/* The language slides are written in (kiosk.ini language). */
static const char *deck_lang = "en";

/* A UI string from strings/LANG.ini, or def when the content lacks it. */
static const char *text_or(const content_t *c, const char *key, const char *def)
{
    if (!c || c->nlangs == 0)
        return def;
    const char *t = content_text(c, deck_lang, key);
    if (!t || !*t || strcmp(t, key) == 0)
        return def;
    return t;
}

/* Pack units into one or more slides of kind at the best size and append
 * them. */
static void add_packed(slides_t *sl, lay_t *L, slide_kind_t kind, size_t spec, const char *notes, int section,
                       const char *heading, const deck_item_t *units, size_t n, const int *group, bool centered,
                       const content_t *c)
{
    char *headc = NULL;
    if (heading && *heading)
        headc = xasprintf("%s %s", heading, text_or(c, "slides.continued", "(continued)"));
    pack_in_t in = {L, heading, headc ? headc : heading, units, n, group, 3, kind == SLIDE_SECTION || kind == SLIDE_TEXT};
    pack_t p;
    int s = pack_best(&in, &p);
    for (size_t i = 0; i < p.n; i++) {
        deck_slide_t *d = slides_push(sl, kind, spec, notes);
        d->part = (int)i;
        d->nparts = (int)p.n;
        d->section = section;
        d->centered = centered;
        d->heading = xstrdup(i == 0 ? heading : in.headc);
        d->items = p.v[i].items.v;
        d->nitems = p.v[i].items.n;
        p.v[i].items.v = NULL;
        p.v[i].items.n = 0;
        layout_text(L, d->heading, d->items, d->nitems, s, centered, &d->layout);
    }
    pack_free(&p);
    free(headc);
}

static char *block_text(const block_t *b)
{
    strbuf_t sb = {0};
    for (size_t i = 0; i < b->nspans; i++)
        if (b->spans[i].text)
            sb_append(&sb, b->spans[i].text);
    char *t = sb.s ? trim_dup(sb.s, 0, sb.len) : xstrdup("");
    sb_free(&sb);
    return t;
}

static void add_section(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp,
                        int si)
{
    const section_t *sec = &c->report.sections[si];
    items_t units = {0};
    for (size_t i = 0; i < sec->nblocks; i++) {
        const block_t *b = &sec->blocks[i];
        char *t = block_text(b);
        if (!*t) {
            free(t);
            continue;
        }
        switch (b->kind) {
        case BLOCK_HEADING:
            items_push(&units, DECK_ITEM_SUBHEAD, t, NULL, 1, (int)i, false);
            break;
        case BLOCK_ITEM: {
            char num[16];
            if (b->number > 0)
                snprintf(num, sizeof num, "%d.", b->number);
            else
                snprintf(num, sizeof num, "\xe2\x80\xa2");
            items_push(&units, DECK_ITEM_BULLET, t, num, b->level > 0 ? b->level : 1, (int)i, false);
            break;
        }
        case BLOCK_QUOTE:
            items_push(&units, DECK_ITEM_QUOTE, t, NULL, 1, (int)i, false);
            break;
        default:
            items_push(&units, DECK_ITEM_PARA, t, NULL, 1, (int)i, false);
            break;
        }
    }
    const char *heading = sp && sp->heading && *sp->heading ? sp->heading : sec->title;
    add_packed(sl, L, SLIDE_SECTION, spec, sp ? sp->notes : NULL, si, heading, units.v, units.n, NULL, false, c);
    items_free(&units);
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_full[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};

static const char *mon(int m) { return m >= 1 && m <= 12 ? month_abbr[m - 1] : "?"; }

/* "3 Feb 2012", "3-5 Feb 2012", "30 Jan - 2 Feb 2012", "Feb 2012". */
static char *tl_date(const tl_event_t *e)
{
    char a[32], b[32];
    if (e->day > 0)
        snprintf(a, sizeof a, "%d %s", e->day, mon(e->month));
    else
        snprintf(a, sizeof a, "%s", mon(e->month));
    if (e->end_year <= 0)
        return xasprintf("%s %d", a, e->year);
    if (e->end_year == e->year && e->end_month == e->month && e->day > 0 && e->end_day > 0)
        return xasprintf("%d\xe2\x80\x93%d %s %d", e->day, e->end_day, mon(e->month), e->year);
    if (e->end_day > 0)
        snprintf(b, sizeof b, "%d %s", e->end_day, mon(e->end_month));
    else
        snprintf(b, sizeof b, "%s", mon(e->end_month));
    if (e->end_year == e->year)
        return xasprintf("%s \xe2\x80\x93 %s %d", a, b, e->year);
    return xasprintf("%s %d \xe2\x80\x93 %s %d", a, e->year, b, e->end_year);
}

static void add_timeline(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    if (c->ntimeline == 0)
        return;
    items_t units = {0};
    int *group = xcalloc(c->ntimeline, sizeof *group);
    for (size_t i = 0; i < c->ntimeline; i++) {
        const tl_event_t *e = &c->timeline[i];
        char *date = tl_date(e);
        items_push(&units, DECK_ITEM_ROW, xstrdup(e->title ? e->title : ""), date, 1, -1, false);
        free(date);
        group[i] = e->year * 12 + e->month;
    }
    const char *base = sp && sp->heading && *sp->heading ? sp->heading : text_or(c, "slides.timeline_heading", "Timeline");
    size_t first = sl->n;
    L->rows = units.v;
    L->nrows = units.n;
    L->rows_s = 0;
    add_packed(sl, L, SLIDE_TIMELINE, spec, sp ? sp->notes : NULL, -1, base, units.v, units.n, group, false, c);
    /* Headings name the months each page covers. */
    size_t k = 0;
    for (size_t i = first; i < sl->n; i++) {
        deck_slide_t *d = &sl->v[i];
        if (d->nitems == 0)
            continue;
        const tl_event_t *e0 = &c->timeline[k], *e1 = &c->timeline[k + d->nitems - 1];
        k += d->nitems;
        char *h;
        if (e0->year == e1->year && e0->month == e1->month)
            h = xasprintf("%s: %s %d", base, month_full[AGM_CLAMP(e0->month, 1, 12) - 1], e0->year);
        else if (e0->year == e1->year)
            h = xasprintf("%s: %s \xe2\x80\x93 %s %d", base, mon(e0->month), mon(e1->month), e0->year);
        else
            h = xasprintf("%s: %s %d \xe2\x80\x93 %s %d", base, mon(e0->month), e0->year, mon(e1->month), e1->year);
        int s = d->layout.px;
        /* Keep the longer heading only if the page still fits with it. */
        if (layout_text(L, h, d->items, d->nitems, s, false, NULL) <= L->geo.content.h) {
            free(d->heading);
            d->heading = h;
            deck_layout_free(&d->layout);
            layout_text(L, d->heading, d->items, d->nitems, s, false, &d->layout);
        } else {
            free(h);
        }
    }
    L->rows = NULL;
    L->nrows = 0;
    L->rows_s = 0;
    items_free(&units);
    free(group);
}

static void add_title(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    const event_t *ev = &c->event;
    items_t units = {0};
    const char *title = sp && sp->heading && *sp->heading ? sp->heading : ev->title;
    if (!title || !*title)
        title = c->report.title && *c->report.title ? c->report.title : "";
    if (*title)
        items_push(&units, DECK_ITEM_BIG, xstrdup(title), NULL, 1, -1, false);
    if (ev->subtitle && *ev->subtitle)
        items_push(&units, DECK_ITEM_PARA, xstrdup(ev->subtitle), NULL, 1, -1, false);
    strbuf_t meta = {0};
    int y, m, d;
    if (ev->date && sscanf(ev->date, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && c->nlangs > 0) {
        char buf[128];
        content_format_date(c, deck_lang, "date.full", y, m, d, buf, sizeof buf);
        sb_append(&meta, buf);
    } else if (ev->date && sscanf(ev->date, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        sb_printf(&meta, "%d %s %d", d, month_full[m - 1], y);
    else if (ev->date && *ev->date)
        sb_append(&meta, ev->date);
    if (ev->place && *ev->place) {
        if (meta.len)
            sb_append(&meta, " \xc2\xb7 ");
        sb_append(&meta, ev->place);
    }
    if (meta.len)
        items_push(&units, DECK_ITEM_META, sb_steal(&meta), NULL, 1, -1, false);
    sb_free(&meta);
    if (ev->organizer && *ev->organizer)
        items_push(&units, DECK_ITEM_META, xstrdup(ev->organizer), NULL, 1, -1, false);
    if (units.n == 0)
        return; /* nothing to put on a title slide */
    add_packed(sl, L, SLIDE_TITLE, spec, sp ? sp->notes : NULL, -1, NULL, units.v, units.n, NULL, true, c);
    items_free(&units);
}

/* Body text of slides.ini: lines, blank lines between paragraphs, "- " for
 * bullets. */
static void body_items(items_t *units, const char *body)
{
    if (!body)
        return;
    strbuf_t para = {0};
    const char *p = body;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *line = trim_dup(p, 0, n);
        bool bullet = line[0] == '-' && line[1] == ' ';
        if ((!*line || bullet) && para.len) {
            items_push(units, DECK_ITEM_PARA, sb_steal(&para), NULL, 1, -1, false);
        }
        if (bullet) {
            items_push(units, DECK_ITEM_BULLET, trim_dup(line, 2, strlen(line)), "\xe2\x80\xa2", 1, -1, false);
        } else if (*line) {
            if (para.len)
                sb_appendc(&para, ' ');
            sb_append(&para, line);
        }
        free(line);
        if (!e)
            break;
        p = e + 1;
    }
    if (para.len)
        items_push(units, DECK_ITEM_PARA, sb_steal(&para), NULL, 1, -1, false);
    sb_free(&para);
}

static void add_text(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    items_t units = {0};
    body_items(&units, sp->body);
    add_packed(sl, L, SLIDE_TEXT, spec, sp->notes, -1, sp->heading, units.v, units.n, NULL, false, c);
    items_free(&units);
}

static void add_closing(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    items_t units = {0};
    const char *h = sp && sp->heading && *sp->heading ? sp->heading
                                                      : text_or(c, "slides.closing_heading", "Questions?");
    items_push(&units, DECK_ITEM_BIG, xstrdup(h), NULL, 1, -1, false);
    if (sp && sp->body && *sp->body) {
        body_items(&units, sp->body);
    } else {
        items_push(&units, DECK_ITEM_PARA,
                   xstrdup(text_or(c, "slides.closing_body",
                                   "Leave your question at the kiosk. We answer as many as we can today.")),
                   NULL, 1, -1, false);
    }
    if (c->event.url && *c->event.url) {
        /* "www.example.org" reads better from a hall than "http://...org/" */
        const char *u = c->event.url;
        if (strncmp(u, "https://", 8) == 0)
            u += 8;
        else if (strncmp(u, "http://", 7) == 0)
            u += 7;
        size_t n = strlen(u);
        items_push(&units, DECK_ITEM_META, xstrndup(u, n > 1 && u[n - 1] == '/' ? n - 1 : n), NULL, 1, -1, false);
    }
    add_packed(sl, L, SLIDE_CLOSING, spec, sp ? sp->notes : NULL, -1, NULL, units.v, units.n, NULL, true, c);
    items_free(&units);
}

/* The chart's source and the section it comes from, for the line under
 * tiles (chart.c writes its own under bar charts). */
static char *chart_source(const content_t *c, const chart_t *ch)
{
    if (!ch->source || !*ch->source)
        return NULL;
    return xasprintf("%s %s", text_or(c, "slides.source", "Source:"), ch->source);
}

int deck_chart_min_px(int floor_px) { return (floor_px * 5 + 3) / 4; }

/* A chart slide: heading on top, the source (tiles) at the bottom, the
 * chart in between. Returns the chart's rectangle in the layout. */
static void layout_chart_frame(lay_t *L, deck_slide_t *d, int s, deck_layout_t *out)
{
    memset(out, 0, sizeof *out);
    layout_text(L, d->heading, NULL, 0, s, false, out);
    int top = 0;
    for (size_t i = 0; i < out->nlines; i++) {
        int ls = line_skip(L, &out->lines[i].font);
        top = AGM_MAX(top, out->lines[i].y + ls - L->geo.content.y);
    }
    if (d->heading && *d->heading)
        top += round_px(s * 0.8);
    int bottom = L->geo.content.h;
    if (d->nitems > 0 && d->items[0].text && *d->items[0].text) {
        deck_layout_t src = {0};
        int hsrc = layout_text(L, NULL, d->items, d->nitems, s, false, &src);
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

chart_style_t deck_chart_style(const content_t *c, const char *lang, int px)
{
    chart_style_t st = chart_style_dark(c, lang, px);
    st.show_title = false; /* the slide's heading is the title */
    st.tile_bg = color_mix(c->theme.slide_bg, c->theme.slide_text, 0.08f);
    return st;
}

/* Lines of s at f wrapped to w. */
static int lines_at(gfx_t *g, font_t f, const char *s, int w)
{
    if (!s || !*s)
        return 0;
    return wrap_text(g, &f, s, strlen(s), w, NULL);
}

/* chart.c cuts a tile's label, note and section line after three lines
 * (with an ellipsis): a tile width at which that would happen is too
 * narrow for a slide. */
static bool tile_whole(gfx_t *g, const content_t *c, const char *lang, const stat_t *s, int tw, int px)
{
    int pad = (px * 4) / 5, w = tw - 2 * pad;
    font_t fl = {px, FONT_BOLD, false}, fs = {AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), FONT_REGULAR, false};
    if (lines_at(g, fl, s->label, w) > 3 || lines_at(g, fs, s->note, w) > 3)
        return false;
    if (s->section && *s->section) {
        char buf[512];
        const char *args[] = {s->section};
        content_text_args(c, lang, "stats.section", args, 1, buf, sizeof buf);
        if (lines_at(g, fs, buf, w) > 3)
            return false;
    }
    return true;
}

/* Pages of tiles at body size px and cols columns in a w x h area: fills
 * starts (the first figure of each page) and returns the page count, or 0
 * when one row is taller than a whole page (it would be cut). */
static size_t tiles_pages(gfx_t *g, const content_t *c, const char *lang, const stat_t **st, size_t n, int px,
                          int cols, int w, int h, size_t *starts)
{
    chart_style_t cs = deck_chart_style(c, lang, px);
    int gap = px;
    int tw = (w - (cols - 1) * gap) / cols;
    if (tw < px * 4)
        return 0;
    size_t pages = 1;
    starts[0] = 0;
    int used = 0;
    for (size_t i = 0; i < n; i += (size_t)cols) {
        int rh = 0;
        for (size_t k = i; k < n && k < i + (size_t)cols; k++) {
            if (!tile_whole(g, c, lang, st[k], tw, px))
                return 0;
            rh = AGM_MAX(rh, chart_tile_height(g, st[k], tw, &cs));
        }
        if (rh > h)
            return 0;
        int need = used ? used + gap + rh : rh;
        if (need > h && used > 0) {
            starts[pages++] = i;
            used = rh;
        } else {
            used = need;
        }
    }
    return pages;
}

/* The body size of a bar chart: the largest in [lo, hi] at which chart.c
 * says it is readable in r; 0 when not even lo is. */
static int bars_px(gfx_t *g, const content_t *c, const char *lang, const chart_t *ch, rect_t r, int lo, int hi)
{
    for (int p = hi; p >= lo; p--) {
        chart_style_t cs = deck_chart_style(c, lang, p);
        if (chart_bar_height(g, ch, r.w, &cs) <= r.h)
            return p;
    }
    return 0;
}

static void add_chart(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp, int ci)
{
    const chart_t *ch = &c->charts[ci];
    const char *heading = sp && sp->heading && *sp->heading ? sp->heading : (ch->title ? ch->title : ch->id);
    /* The heading at the target size, smaller when it would take more
     * than a third of the slide. */
    int s = L->geo.target_px;
    while (s > L->geo.floor_px && heading_height(L, heading, s) * 3 > L->geo.content.h)
        s--;
    int lo = deck_chart_min_px(L->geo.floor_px), hi = AGM_MAX(lo, L->geo.target_px);
    deck_slide_t tmp = {.heading = (char *)heading};
    char *src = ch->kind == CHART_TILES ? chart_source(c, ch) : NULL;
    deck_item_t src_item = {DECK_ITEM_META, src, NULL, 1, -1, false};
    if (src) {
        tmp.items = &src_item;
        tmp.nitems = 1;
    }
    deck_layout_t frame;
    layout_chart_frame(L, &tmp, s, &frame);
    rect_t r = frame.chart;
    deck_layout_free(&frame);
    if (ch->kind != CHART_TILES) {
        deck_slide_t *d = slides_push(sl, SLIDE_CHART, spec, sp ? sp->notes : NULL);
        d->chart = ci;
        d->heading = xstrdup(heading);
        int px = bars_px(L->g, c, L->lang, ch, r, lo, hi);
        if (px == 0) {
            /* compact bars: chart.c's footer is not drawn, so the slide
             * names the source itself */
            char *src2 = chart_source(c, ch);
            if (src2) {
                d->items = xcalloc(1, sizeof *d->items);
                d->items[0] = (deck_item_t){DECK_ITEM_META, src2, NULL, 1, -1, false};
                d->nitems = 1;
            }
        }
        layout_chart_frame(L, d, s, &d->layout);
        d->layout.chart_px = px ? px : s;
        d->layout.chart_own = px == 0;
        free(src);
        return;
    }
    /* Tiles: as many slides as the figures need at a readable size. */
    size_t n = content_group_stats(c, ch->id, NULL, 0);
    const stat_t **st = xcalloc(n ? n : 1, sizeof *st);
    n = chart_stats(c, ch->id, st, n);
    /* one slide at least, even for a chart without figures: pages + 1 entries */
    size_t *starts = xcalloc(AGM_MAX(n, (size_t)1) + 1, sizeof *starts);
    /* The fewest slides at the smallest readable size, over 1 to 4
     * columns; then the largest size that needs no more. */
    size_t pages = 0;
    int cols = 1;
    for (int k = 1; k <= 4 && (size_t)k <= AGM_MAX(n, (size_t)1); k++) {
        size_t p = tiles_pages(L->g, c, L->lang, st, n, lo, k, r.w, r.h, starts);
        if (p && (!pages || p < pages)) {
            pages = p;
            cols = k;
        }
    }
    int px = lo;
    if (!pages) {
        /* not even one tile fits a slide: one per slide, one column */
        pages = AGM_MAX(n, (size_t)1);
        for (size_t k = 0; k < n; k++)
            starts[k] = k;
    } else {
        for (int p = hi; p > lo; p--) {
            int best = 0;
            for (int k = 1; k <= 4 && (size_t)k <= n; k++) {
                size_t q = tiles_pages(L->g, c, L->lang, st, n, p, k, r.w, r.h, starts);
                if (q && q <= pages) {
                    best = k;
                    break;
                }
            }
            if (best) {
                px = p;
                cols = best;
                break;
            }
        }
        pages = tiles_pages(L->g, c, L->lang, st, n, px, cols, r.w, r.h, starts);
    }
    starts[pages] = n;
    char *headc = xasprintf("%s %s", heading, text_or(c, "slides.continued", "(continued)"));
    for (size_t k = 0; k < pages; k++) {
        deck_slide_t *d = slides_push(sl, SLIDE_CHART, spec, sp ? sp->notes : NULL);
        d->chart = ci;
        d->part = (int)k;
        d->nparts = (int)pages;
        d->stat0 = starts[k];
        d->nstat = starts[k + 1] - starts[k];
        d->heading = xstrdup(k == 0 ? heading : headc);
        if (src) {
            d->items = xcalloc(1, sizeof *d->items);
            d->items[0] = (deck_item_t){DECK_ITEM_META, xstrdup(src), NULL, 1, -1, false};
            d->nitems = 1;
        }
        layout_chart_frame(L, d, s, &d->layout);
        d->layout.chart_px = px;
        d->layout.chart_cols = cols;
    }
    free(headc);
    free(starts);
    free(st);
    free(src);
}

static int find_section(const content_t *c, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < c->report.nsections; i++)
        if (c->report.sections[i].id && strcmp(c->report.sections[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int find_chart(const content_t *c, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < c->ncharts; i++)
        if (c->charts[i].id && strcmp(c->charts[i].id, id) == 0)
            return (int)i;
    return -1;
}

static void add_spec(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    switch (sp->kind) {
    case SLIDE_TITLE: add_title(sl, L, c, spec, sp); break;
    case SLIDE_SECTION: {
        int si = find_section(c, sp->ref);
        if (si < 0) {
            log_warn("slideshow", "slides.ini:%d: no report section \"%s\"; slide skipped", sp->line,
                     sp->ref ? sp->ref : "");
            return;
        }
        add_section(sl, L, c, spec, sp, si);
        break;
    }
    case SLIDE_TIMELINE: add_timeline(sl, L, c, spec, sp); break;
    case SLIDE_CHART: {
        int ci = find_chart(c, sp->ref);
        if (ci < 0) {
            log_warn("slideshow", "slides.ini:%d: no chart \"%s\"; slide skipped", sp->line, sp->ref ? sp->ref : "");
            return;
        }
        add_chart(sl, L, c, spec, sp, ci);
        break;
    }
    case SLIDE_TEXT: add_text(sl, L, c, spec, sp); break;
    case SLIDE_CLOSING: add_closing(sl, L, c, spec, sp); break;
    }
}

void deck_build(deck_t *d, const content_t *c, const config_t *cfg, gfx_t *g, int w, int h)
{
    memset(d, 0, sizeof *d);
    d->content = c;
    deck_lang = cfg && cfg->language && *cfg->language ? cfg->language : "en";
    d->w = AGM_MAX(1, w);
    d->h = AGM_MAX(1, h);
    snprintf(d->lang, sizeof d->lang, "%s", deck_lang);
    lay_t L = {g, deck_geom(cfg, d->w, d->h), NULL, 0, 0, 0, d->lang};
    d->floor_px = L.geo.floor_px;
    d->ceil_px = L.geo.ceil_px;
    slides_t sl = {0};
    if (c && c->nslides > 0) {
        for (size_t i = 0; i < c->nslides; i++)
            add_spec(&sl, &L, c, i, &c->slides[i]);
    } else if (c) {
        add_title(&sl, &L, c, NO_SPEC, NULL);
        for (size_t i = 0; i < c->report.nsections; i++)
            add_section(&sl, &L, c, NO_SPEC, NULL, (int)i);
        add_timeline(&sl, &L, c, NO_SPEC, NULL);
        for (size_t i = 0; i < c->ncharts; i++)
            add_chart(&sl, &L, c, NO_SPEC, NULL, (int)i);
    }
    bool has_closing = false;
    for (size_t i = 0; i < sl.n; i++)
        has_closing |= sl.v[i].kind == SLIDE_CLOSING;
    if (!has_closing) {
        static const content_t empty;
        add_closing(&sl, &L, c ? c : &empty, NO_SPEC, NULL);
    }
    d->slides = sl.v;
    d->nslides = sl.n;
}

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

void deck_relayout(const deck_t *d, size_t i, gfx_t *g, int w, int h, deck_layout_t *out)
{
    memset(out, 0, sizeof *out);
    if (!d || i >= d->nslides || w < 1 || h < 1)
        return;
    const deck_slide_t *s = &d->slides[i];
    config_t cfg = {0};
    /* A preview keeps the audience slide's proportions of type to slide. */
    cfg.slide_min_text_pct10 = 1;
    lay_t L = {g, deck_geom(&cfg, w, h), NULL, 0, 0, 0, d->lang};
    int want = (int)lround((double)s->layout.px * h / d->h);
    if (want < 1)
        want = 1;
    if (s->kind == SLIDE_CHART) {
        deck_slide_t tmp = *s;
        layout_chart_frame(&L, &tmp, want, out);
        out->chart_px = AGM_MAX(1, (int)lround((double)s->layout.chart_px * h / d->h));
        out->chart_own = s->layout.chart_own;
        out->chart_cols = s->layout.chart_cols;
        return;
    }
    if (s->kind == SLIDE_TIMELINE) {
        /* the date column of this page only: close enough for a preview */
        L.rows = s->items;
        L.nrows = s->nitems;
    }
    int px = want;
    while (px > 1 && layout_text(&L, s->heading, s->items, s->nitems, px, s->centered, NULL) > L.geo.content.h)
        px--;
    layout_text(&L, s->heading, s->items, s->nitems, px, s->centered, out);
}
