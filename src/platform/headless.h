/* headless.h - a software renderer on an SDL_Surface: drawing with no
 * display and no video driver (render, replays, tests). */
#ifndef AGM_PLATFORM_HEADLESS_H
#define AGM_PLATFORM_HEADLESS_H

#include <SDL.h>
#include <stdbool.h>

#include "gfx_sdl.h"

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    gfx_sdl_t *gfx;
    fonts_t *fonts;   /* borrowed */
    int w, h;
} headless_t;

/* Open a w x h target drawing with fonts fs (borrowed). Returns false with
 * *err set (caller frees). headless_close accepts a zeroed or failed value. */
bool headless_open(headless_t *hl, int w, int h, fonts_t *fs, char **err);
void headless_close(headless_t *hl);

/* Change the size (a new surface and renderer; the text cache starts over). */
bool headless_resize(headless_t *hl, int w, int h, char **err);

/* Begin a frame: returns the gfx_t to draw with. */
gfx_t headless_begin(headless_t *hl);
/* Finish drawing (flush the renderer into the surface). */
void headless_end(headless_t *hl);

bool headless_save_png(headless_t *hl, const char *path, char **err);

#endif
