/* deck_internal.h - shared by the files of src/slideshow/ that build the
 * deck (deck.c: geometry, item metrics, line layout and the API;
 * deck_pack.c: word wrap, sentence boundaries, packing at the best size;
 * deck_build.c: one add_<kind> per slide kind). Not part of the slideshow's
 * interface. */
#ifndef AGM_DECK_INTERNAL_H
#define AGM_DECK_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "deck.h"

#define NO_SPEC ((size_t)-1)

/* Type scale (ratio 1.25, as the design brief suggests). */
#define HEADING_SCALE 1.25
#define BIG_SCALE 1.5625

typedef struct deck_memo deck_memo_t;

typedef struct {
    gfx_t *g;
    deck_geom_t geo;
    /* timeline slides: the rows whose date labels set the date column */
    const deck_item_t *rows;
    size_t nrows;
    int rows_s, rows_w;  /* cache: widest label at size rows_s */
    const char *lang;    /* the slides' language */
    deck_memo_t *memo;   /* line counts already found in this build, or NULL */
} lay_t;

typedef struct { size_t off, len; } seg_t;

typedef struct {
    seg_t *v;
    size_t n, cap;
} segs_t;

typedef struct {
    deck_item_t *v;
    size_t n, cap;
} items_t;

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


typedef struct {
    lay_t *L;
    const char *head0, *headc;   /* headings of the first and of later pages */
    const deck_item_t *units;
    size_t nunits;
    const int *group;            /* per unit (timeline months) or NULL */
    int max_groups;
    bool fill_pages;             /* split a long block to fill the rest of a page */
} pack_in_t;

static inline int round_px(double v) { return (int)lround(v); }

static inline font_t font_make(int px, font_weight_t w, bool italic)
{
    font_t f = {px < 1 ? 1 : px, w, italic};
    return f;
}

static inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* deck.c */
/* The closing slide with a QR code: the text's part of content and the
 * code's (the right two fifths in landscape, the lower part in portrait). */
void deck_closing_split(rect_t content, int unit, rect_t *text, rect_t *qr);
int deck_line_skip(lay_t *L, const font_t *f);
/* Copy s[a..b) with surrounding white space removed. */
char *deck_trim_dup(const char *s, size_t a, size_t b);
void deck_items_push(items_t *it, deck_item_kind_t kind, char *text, const char *label, int level, int block,
                     bool continued);
void deck_items_free(items_t *it);
font_t deck_item_font(const deck_item_t *it, int s);
font_t deck_heading_font(int s);
/* The x offset and width of an item's text inside the content box. */
void deck_item_box(lay_t *L, const deck_item_t *it, int s, int *x, int *w);
int deck_item_height(lay_t *L, const deck_item_t *it, int s);
/* Space above cur when it follows prev on the same slide. */
int deck_item_gap(const deck_item_t *prev, const deck_item_t *cur, int s);
/* Height of the heading plus the gap below it; 0 without a heading. */
int deck_heading_height(lay_t *L, const char *heading, int s);
/* Lay out a heading and items at body size s into out (slide coordinates;
 * NULL: measure only). Returns the height used. */
int deck_layout_text(lay_t *L, const char *heading, const deck_item_t *items, size_t n, int s, bool centered,
                     deck_layout_t *out);
/* A chart slide's frame: heading on top, the source at the bottom, the
 * chart's rectangle in between. */
void deck_layout_chart_frame(lay_t *L, deck_slide_t *d, int s, deck_layout_t *out);

/* deck_pack.c */
void deck_segs_push(segs_t *s, size_t off, size_t len);
/* Wrap s[0..n) into lines no wider than maxw at f; appends the lines to out
 * when it is not NULL and returns their count. *broke (when not NULL) says
 * whether a word wider than the line was broken. */
int deck_wrap_text_b(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out, bool *broke);
int deck_wrap_text(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out);
/* The line count of deck_wrap_text_b (and *broke when not NULL), found once
 * per text, font and width in a build: packing tries each size more than
 * once and measures the same items on every try. Without L->memo it wraps
 * every time. */
int deck_wrap_count(lay_t *L, const font_t *f, const char *s, size_t n, int maxw, bool *broke);
deck_memo_t *deck_memo_new(void);
void deck_memo_free(deck_memo_t *m);
/* Build without the shortcuts (remembered line counts, trial packings and
 * tile counts stopped once they cannot fit): every trial in full, as the
 * search is defined. For tests, which check that both give the same deck;
 * false unless a test sets it. */
extern bool deck_no_shortcuts;
/* Pack at the largest size that needs no more pages (and no more
 * mid-sentence breaks) than packing at the target size; returns it. */
int deck_pack_best(const pack_in_t *in, pack_t *out);
void deck_pack_free(pack_t *p);

#endif
