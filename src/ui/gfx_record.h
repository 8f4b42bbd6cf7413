/* gfx_record.h - a headless gfx backend that records every draw call.
 *
 * Layout tests draw a screen into a recorder and then check what was drawn:
 * every text line with its box and the clip in effect, every rectangle. The
 * recorder has a fake font with fixed advances so that widths are exact and
 * known in advance:
 *
 *   a code point for which utf8_is_cjk_breakable() holds (CJK, kana, Hangul,
 *   full-width forms) advances px, any other code point px / 2;
 *   a string's width is the sum rounded up to a whole pixel;
 *   ascent = 0.8 px, descent = 0.2 px, line_skip = 1.2 px (rounded).
 *
 * Bold and italic have the same advances as regular, so a test's result does
 * not depend on the weight.
 *
 * Coordinates: set_offset() moves what is drawn after it, clip rectangles
 * pushed after it included (the rule the SDL backend follows).
 *
 * Ownership: the recorder owns its items and their text; items stay valid
 * until gfx_record_clear() or gfx_record_destroy(). */
#ifndef AGM_GFX_RECORD_H
#define AGM_GFX_RECORD_H

#include <stdio.h>
#include "gfx.h"

typedef enum {
    REC_FILL,       /* fill_rect and fill_round_rect */
    REC_STROKE,     /* stroke_round_rect */
    REC_TRIANGLES,  /* fill_triangles: r is the bounding box */
    REC_TEXT,
} rec_kind_t;

typedef struct {
    rec_kind_t kind;
    rect_t r;         /* where it lands on screen (offset applied); text: x, y, width, ascent+descent */
    rect_t clip;      /* the effective clip at the time (the screen when none) */
    rgba_t color;
    float opacity;    /* the opacity in effect */
    int radius;
    font_t font;      /* REC_TEXT only */
    char *text;       /* REC_TEXT only: the line, NUL-terminated */
} rec_item_t;

typedef struct gfx_record gfx_record_t;

/* A recorder for a w x h screen. Never NULL. */
gfx_record_t *gfx_record_create(int w, int h);
void gfx_record_destroy(gfx_record_t *r); /* accepts NULL */

/* Measure text with another backend's real fonts instead of the fake font
 * (fonts must outlive its use; NULL goes back to the fake font). Text items
 * then carry the real width and ascent + descent, so layout checks see what
 * the kiosk will draw. */
void gfx_record_measure_with(gfx_record_t *r, const gfx_t *fonts);

/* A gfx_t that draws into r (valid while r lives). */
gfx_t gfx_record_gfx(gfx_record_t *r);

/* Forget the items; also resets clip stack, opacity and offset. */
void gfx_record_clear(gfx_record_t *r);

size_t gfx_record_count(const gfx_record_t *r);
const rec_item_t *gfx_record_item(const gfx_record_t *r, size_t i);

/* The first text item containing needle, or NULL. */
const rec_item_t *gfx_record_find_text(const gfx_record_t *r, const char *needle);

/* Depth of the clip stack now (0 after balanced push/pop). */
int gfx_record_clip_depth(const gfx_record_t *r);

/* Number of pop_clip calls made on an empty stack (a bug in the caller). */
int gfx_record_clip_underflows(const gfx_record_t *r);

/* How many times the app said a new screen was drawn (gfx_t screen_changed:
 * the SDL backend closes the fonts unused since the screen before). */
int gfx_record_screen_changes(const gfx_record_t *r);

/* One line per item, for looking at a layout without a display. */
void gfx_record_dump(const gfx_record_t *r, FILE *out);

/* A gfx that only measures, with the fake font, and draws nothing. Its ops
 * are static, so it stays valid for the whole program. */
gfx_t gfx_record_measurer(int w, int h);

/* The fake font's width of s[0..n) at f, as text_width returns it. */
int gfx_record_text_width(const font_t *f, const char *s, size_t n);

#endif
