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
