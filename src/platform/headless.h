/* headless.h - a software renderer on an SDL_Surface: drawing with no
 * display and no video driver (render, replays, tests). */
#ifndef AGM_PLATFORM_HEADLESS_H
#define AGM_PLATFORM_HEADLESS_H

#include <SDL.h>
#include <stdbool.h>

#include "../app/backend.h"
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

/* ---- as a display backend for the kiosk loop (src/app/backend.h) ---------------
 * The picture in memory, on a virtual clock that jumps over every wait:
 * the loop runs as fast as it can and draws the frames it would draw on
 * a display. Input comes from events[], each at its time; at `until` (or
 * when the loop would sleep without a limit) the backend is done and
 * wakes the loop for good: give the loop a stop_requested that reads
 * headless_backend_done. No presenter's view; fullscreen does nothing. */
typedef struct {
    uint64_t at;
    ui_event_t ev;
} headless_input_t;

typedef struct {
    headless_t hl;
    fonts_t *fonts;                  /* borrowed */
    int hz;                          /* the refresh rate to report */
    uint64_t now, until;             /* the virtual clock and its end */
    const headless_input_t *events;  /* borrowed, in time order */
    size_t n_events, next;
    gfx_t measure;
    uint64_t frames;                 /* frames presented */
    bool done;
} headless_backend_t;

extern const backend_ops_t headless_backend_ops;
bool headless_backend_done(const headless_backend_t *hb);

#endif
