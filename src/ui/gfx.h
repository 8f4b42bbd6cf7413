/* gfx.h - the small drawing interface between the core and a backend.
 *
 * The core (screens, widgets, slides, charts) draws only through gfx_t.
 * Backends: the SDL renderer (src/platform/), and gfx_record (src/ui/),
 * a headless recorder with a fake font of fixed advances used by layout
 * tests. Coordinates are logical pixels of the (possibly rotated) screen;
 * text is rasterized by the backend at the pixel size asked for, never
 * scaled afterwards. */
#ifndef AGM_GFX_H
#define AGM_GFX_H

#include <stdbool.h>
#include <stddef.h>
#include "../core/color.h"

typedef struct { int x, y, w, h; } rect_t;

typedef enum { FONT_REGULAR = 0, FONT_BOLD = 1 } font_weight_t;

typedef struct {
    int px;               /* pixel size as TTF_OpenFont takes it */
    font_weight_t weight;
    bool italic;
} font_t;

typedef struct {
    int ascent, descent;  /* descent is positive (below the baseline) */
    int line_skip;        /* recommended distance between baselines */
} font_metrics_t;

typedef struct gfx_ops {
    void (*fill_rect)(void *ctx, rect_t r, rgba_t c);
    /* radius 0 is a plain rectangle */
    void (*fill_round_rect)(void *ctx, rect_t r, int radius, rgba_t c);
    void (*stroke_round_rect)(void *ctx, rect_t r, int radius, int thickness, rgba_t c);
    /* n vertices, 2 floats each, every 3 make a triangle */
    void (*fill_triangles)(void *ctx, const float *xy, int n, rgba_t c);
    /* One line of UTF-8 text (no line breaks); the backend picks a font from
     * its fallback chain per run of characters. */
    int (*text_width)(void *ctx, const font_t *f, const char *s, size_t n);
    void (*font_metrics)(void *ctx, const font_t *f, font_metrics_t *out);
    /* (x, y) is the top-left of the line box (y + ascent is the baseline). */
    void (*draw_text)(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c);
    /* Clip rectangles nest; the effective clip is the intersection. */
    void (*push_clip)(void *ctx, rect_t r);
    void (*pop_clip)(void *ctx);
    /* Multiplies the alpha of everything drawn after it (transitions). */
    void (*set_opacity)(void *ctx, float a);
    /* Adds (dx, dy) to everything drawn after it (transitions, scrolling). */
    void (*set_offset)(void *ctx, int dx, int dy);
    /* Optional (may be NULL): a screen other than the one before has just
     * been drawn; a backend may let go of what only earlier screens used. */
    void (*screen_changed)(void *ctx);
    /* Optional (may be NULL): while on, nothing is drawn, but what would be
     * drawn is made ready (a backend may rasterize its text into its cache),
     * so drawing it later costs only putting it on the picture. */
    void (*set_rehearsal)(void *ctx, bool on);
} gfx_ops_t;

typedef struct gfx {
    const gfx_ops_t *ops;
    void *ctx;
    int w, h;             /* logical size of the screen being drawn */
    /* Added by gfx_set_offset to the offset a screen asks for, so a whole
     * screen can be moved (screen transitions) while it scrolls its own
     * content. Zero unless gfx_set_base_offset set it. */
    int base_dx, base_dy;
} gfx_t;

/* Convenience wrappers (gfx.c). */
void gfx_fill(gfx_t *g, rect_t r, rgba_t c);
void gfx_round(gfx_t *g, rect_t r, int radius, rgba_t c);
void gfx_stroke(gfx_t *g, rect_t r, int radius, int thickness, rgba_t c);
void gfx_triangles(gfx_t *g, const float *xy, int n, rgba_t c);
int gfx_text_width(gfx_t *g, const font_t *f, const char *s);
int gfx_text_width_n(gfx_t *g, const font_t *f, const char *s, size_t n);
font_metrics_t gfx_metrics(gfx_t *g, const font_t *f);
void gfx_text(gfx_t *g, const font_t *f, int x, int y, const char *s, rgba_t c);
void gfx_text_n(gfx_t *g, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c);
void gfx_push_clip(gfx_t *g, rect_t r);
void gfx_pop_clip(gfx_t *g);
void gfx_set_opacity(gfx_t *g, float a);
void gfx_set_offset(gfx_t *g, int dx, int dy);
/* Rehearsal (gfx_ops_t.set_rehearsal): false, and nothing changed, when
 * the backend has none. */
bool gfx_set_rehearsal(gfx_t *g, bool on);
/* Moves everything drawn after it, including what sets its own offset. */
void gfx_set_base_offset(gfx_t *g, int dx, int dy);

/* Rectangle helpers. */
bool rect_contains(rect_t r, int x, int y);
bool rect_overlaps(rect_t a, rect_t b);
bool rect_inside(rect_t inner, rect_t outer);
rect_t rect_intersect(rect_t a, rect_t b);
rect_t rect_inset(rect_t r, int d);

#endif
