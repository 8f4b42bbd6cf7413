/* text.h - line breaking and text fitting, measured through gfx text_width.
 *
 * A layout takes spans (runs of UTF-8 text, each with a font and colour) and
 * breaks them into lines no wider than a width:
 *   - at spaces (spaces at the end of a line are not drawn, not counted);
 *   - between CJK characters (utf8_is_cjk_breakable), and between a CJK
 *     character and other text, except where Japanese kinsoku forbids it
 *     (utf8_no_break_before / utf8_no_break_after), and except between an
 *     ASCII letter or digit and a CJK character ("2011年" stays together);
 *   - after a hyphen between letters;
 *   - always at '\n';
 *   - inside a word only when the word alone is wider than the line (the
 *     layout then reports broke_word, which fitting uses to pick a smaller
 *     size before breaking words).
 * With max_lines set, text beyond the last line is cut and the last line
 * ends in an ellipsis: a last resort, reported as ellipsized.
 *
 * Ownership: the layout's runs point into the caller's span text (borrowed:
 * keep the text alive while the layout is used) or to a static ellipsis;
 * text_layout_free() releases the run array and accepts a zeroed layout. */
#ifndef AGM_TEXT_H
#define AGM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "gfx.h"

typedef struct {
    const char *s;     /* UTF-8, borrowed */
    size_t n;          /* bytes */
    font_t font;
    rgba_t color;
} text_span_t;

typedef enum { TEXT_LEFT = 0, TEXT_CENTER, TEXT_RIGHT } text_align_t;

typedef struct {
    int max_w;           /* the line width; <= 0 means unlimited (one line per '\n') */
    int line_h;          /* distance between line tops; 0 = the largest line_skip */
    int max_lines;       /* 0 = unlimited; otherwise cut with an ellipsis */
    text_align_t align;
} text_opts_t;

typedef struct {
    const char *s;       /* borrowed: into a span's text, or a static "…" */
    size_t n;
    font_t font;
    rgba_t color;
    int x, y, w, h;      /* relative to the layout's top-left; y = line top (glyph box top,
                          * the leading goes below the line); h = ascent + descent */
    int line;
} text_run_t;

typedef struct {
    text_run_t *runs;
    size_t nruns, cap;
    int nlines;
    int line_h;
    int width;           /* the widest line */
    int height;          /* nlines * line_h */
    int ink_h;           /* top of the first line to the bottom of the last glyph box */
    bool broke_word;     /* a word was wider than the line and was broken */
    bool ellipsized;     /* text was cut at max_lines */
} text_layout_t;

/* Lay spans out; *out is overwritten (free it first if it held a layout). */
void text_layout(gfx_t *g, const text_span_t *spans, size_t nspans, const text_opts_t *o, text_layout_t *out);
/* One span convenience. */
void text_layout_str(gfx_t *g, const font_t *f, rgba_t c, const char *s, const text_opts_t *o, text_layout_t *out);
void text_layout_free(text_layout_t *l);

/* Draw the layout with its top-left at (x, y). */
void text_layout_draw(gfx_t *g, const text_layout_t *l, int x, int y);

/* Wrap s into box (left/center/right) starting at its top, at most as many
 * lines as fit in box.h (the last one ellipsized if text remains). Returns
 * the height used. */
int text_draw_box(gfx_t *g, const font_t *f, rgba_t c, const char *s, rect_t box, text_align_t align, int line_h);

/* The height s takes wrapped to max_w (line_h 0 = the font's line_skip). */
int text_height(gfx_t *g, const font_t *f, const char *s, int max_w, int line_h);

/* The largest pixel size in [px_min, px_max] at which s, wrapped to box.w
 * with lines line_factor * px apart, fits box.h without breaking a word.
 * Falls back to the largest size that fits when words must break, and to
 * px_min when nothing fits (the caller then lays out with max_lines, so the
 * ellipsis is the last resort). */
int text_fit_px(gfx_t *g, const char *s, font_weight_t weight, rect_t box, int px_min, int px_max,
                float line_factor);

/* How many bytes of s[0..n) fit in max_w on one line, cut at a code point. */
size_t text_fit_bytes(gfx_t *g, const font_t *f, const char *s, size_t n, int max_w);

#endif
