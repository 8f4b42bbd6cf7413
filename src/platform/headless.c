#include "headless.h"

#include "../core/util.h"
#include "png.h"

#include <string.h>

bool headless_open(headless_t *hl, int w, int h, fonts_t *fs, char **err)
{
    memset(hl, 0, sizeof *hl);
    hl->fonts = fs;
    if (w < 1 || h < 1 || w > 16384 || h > 16384) {
        *err = xasprintf("size %dx%d: use 1..16384 pixels each way", w, h);
        return false;
    }
    hl->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!hl->surf) {
        *err = xasprintf("cannot make a %dx%d picture: %s", w, h, SDL_GetError());
        return false;
    }
    hl->ren = SDL_CreateSoftwareRenderer(hl->surf);
    if (!hl->ren) {
        *err = xasprintf("software renderer: %s", SDL_GetError());
        headless_close(hl);
        return false;
    }
    hl->gfx = gfx_sdl_create(hl->ren, fs);
    gfx_sdl_set_direct_target(hl->gfx, hl->surf);
    hl->w = w;
    hl->h = h;
    return true;
}

void headless_close(headless_t *hl)
{
    if (!hl)
        return;
    gfx_sdl_destroy(hl->gfx); /* textures first, while the renderer exists */
    if (hl->ren)
        SDL_DestroyRenderer(hl->ren);
    if (hl->surf)
        SDL_FreeSurface(hl->surf);
    memset(hl, 0, sizeof *hl);
}

bool headless_resize(headless_t *hl, int w, int h, char **err)
{
    if (hl->surf && w == hl->w && h == hl->h)
        return true;
    fonts_t *fs = hl->fonts;
    headless_close(hl);
    return headless_open(hl, w, h, fs, err);
}

gfx_t headless_begin(headless_t *hl)
{
    return gfx_sdl_begin_frame(hl->gfx, hl->w, hl->h);
}

void headless_end(headless_t *hl)
{
    SDL_RenderFlush(hl->ren);
}

bool headless_save_png(headless_t *hl, const char *path, char **err)
{
    SDL_RenderFlush(hl->ren);
    return png_write_surface(path, hl->surf, err);
}

/* ---- as a display backend --------------------------------------------------- */

static bool hb_open(void *be, const backend_cfg_t *cfg, char **err)
{
    headless_backend_t *hb = be;
    if (!headless_open(&hb->hl, cfg->w, cfg->h, hb->fonts, err))
        return false;
    hb->measure = headless_begin(&hb->hl);
    return true;
}

static void hb_close(void *be)
{
    headless_close(&((headless_backend_t *)be)->hl);
}

static void hb_open_presenter(void *be, int n)
{
    (void)be;
    (void)n;
}

static gfx_t *hb_measure(void *be)
{
    return &((headless_backend_t *)be)->measure;
}

static int hb_refresh_hz(void *be)
{
    return ((headless_backend_t *)be)->hz;
}

static uint64_t hb_now(void *be)
{
    return ((headless_backend_t *)be)->now;
}

static bool hb_wait_event(void *be, int timeout_ms, backend_event_t *out)
{
    headless_backend_t *hb = be;
    uint64_t limit = timeout_ms < 0 ? hb->until : hb->now + (uint64_t)timeout_ms;
    if (limit > hb->until)
        limit = hb->until;
    if (hb->next < hb->n_events && hb->events[hb->next].at <= limit) {
        const headless_input_t *in = &hb->events[hb->next++];
        if (in->at > hb->now)
            hb->now = in->at;
        out->type = BACKEND_EV_INPUT;
        out->ui = in->ev;
        out->ui.time_ms = hb->now;
        return true;
    }
    if (limit > hb->now)
        hb->now = limit;
    if (hb->now >= hb->until)
        hb->done = true;
    return false;
}

static void hb_wake(void *be)
{
    ((headless_backend_t *)be)->done = true;
}

static bool hb_has_view(void *be, backend_view_t view)
{
    return view == BACKEND_VIEW_MAIN && ((headless_backend_t *)be)->hl.surf != NULL;
}

static bool hb_begin_frame(void *be, backend_view_t view, gfx_t *g)
{
    headless_backend_t *hb = be;
    if (!hb_has_view(hb, view))
        return false;
    *g = headless_begin(&hb->hl);
    return true;
}

static void hb_present(void *be, backend_view_t view)
{
    headless_backend_t *hb = be;
    headless_end(&hb->hl);
    hb->frames++;
}

static void hb_toggle_fullscreen(void *be)
{
    (void)be;
}

const backend_ops_t headless_backend_ops = {
    .open = hb_open,
    .close = hb_close,
    .open_presenter = hb_open_presenter,
    .measure = hb_measure,
    .refresh_hz = hb_refresh_hz,
    .now = hb_now,
    .wait_event = hb_wait_event,
    .wake = hb_wake,
    .has_view = hb_has_view,
    .begin_frame = hb_begin_frame,
    .present = hb_present,
    .toggle_fullscreen = hb_toggle_fullscreen,
};

bool headless_backend_done(const headless_backend_t *hb)
{
    return hb->done;
}
