/* gfx_sdl.h - the gfx_t backend on an SDL_Renderer (the kiosk's window,
 * or a software renderer on a surface for `render`, replays and tests).
 *
 * Shapes: rounded rectangles with anti-aliased edges and triangles via
 * SDL_RenderGeometry. Text: SDL_ttf through the fallback chain of fonts.h,
 * rasterized at the exact pixel size asked for with TTF_RenderUTF8_Blended,
 * and cached as textures keyed by (text, px, weight, italic, colour rgb) in
 * an LRU bounded by bytes; opacity is applied with SDL_SetTextureAlphaMod so
 * fading text costs no rasterizing. Text entries used in the current frame
 * are never evicted, so a frame that draws the same text again rasterizes
 * nothing even when the frame alone needs more than the bound. */
#ifndef AGM_PLATFORM_GFX_SDL_H
#define AGM_PLATFORM_GFX_SDL_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "../ui/gfx.h"
#include "fonts.h"

typedef struct gfx_sdl gfx_sdl_t;

typedef struct {
    uint64_t rasterized;     /* strings rasterized (TTF_Render*) since creation */
    uint64_t cache_hits;     /* draw_text calls served from the texture cache */
    uint64_t culled;         /* draw_text calls skipped as outside the clip */
    uint64_t evicted;        /* textures dropped by the LRU */
    size_t cache_entries, cache_bytes;
} gfx_sdl_stats_t;

/* A backend drawing with ren (borrowed; it must outlive the backend) and
 * the fonts fs (borrowed, may be NULL: text is then measured as zero and
 * not drawn). Caller destroys with gfx_sdl_destroy (accepts NULL). */
gfx_sdl_t *gfx_sdl_create(SDL_Renderer *ren, fonts_t *fs);
void gfx_sdl_destroy(gfx_sdl_t *g);

/* Start a frame on a target of w x h logical pixels: resets clip, offset
 * and opacity. Returns the gfx_t the core draws with (valid until the
 * backend is destroyed). */
gfx_t gfx_sdl_begin_frame(gfx_sdl_t *g, int w, int h);

/* Draw text straight into s, the surface a software renderer draws on
 * (SDL_CreateSoftwareRenderer(s), or a window's surface under SDL's software
 * renderer): cached lines are kept as spans of 8-bit coverage cropped to
 * their ink (a tenth of a texture's bytes, typically) and blended
 * in by the backend, after flushing the renderer so order is kept. Takes a
 * 32-bit ARGB8888 or RGB888 surface; returns false (and keeps textures) for
 * any other, or for NULL. Empties the text cache when the mode changes
 * (textures or coverage), not when only the surface does (a resize). */
bool gfx_sdl_set_direct_target(gfx_sdl_t *g, SDL_Surface *s);

/* For a backend drawing to win through ren: when ren is SDL's software
 * renderer, it draws straight into the window's surface, so text is blended
 * into that surface too (as above); otherwise, or with win NULL (drawing
 * into a texture, e.g. to turn the picture), textures. Call it before each
 * frame: a resize replaces the window's surface. Returns whether text goes
 * straight into the surface. */
bool gfx_sdl_follow_window(gfx_sdl_t *g, SDL_Renderer *ren, SDL_Window *win);

/* Bound the text cache (bytes of cached pixels; default 12 MiB of
 * textures; with a direct target, one byte per pixel of the frame and at
 * least 1 MiB of coverage). */
void gfx_sdl_set_cache_limit(gfx_sdl_t *g, size_t bytes);
/* Drop every cached texture (e.g. before the renderer is destroyed). */
void gfx_sdl_clear_cache(gfx_sdl_t *g);
void gfx_sdl_stats(const gfx_sdl_t *g, gfx_sdl_stats_t *out);

#endif
