#include "png.h"

#include "../core/util.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char msg[200];
} png_err_t;

static void on_error(png_structp png, png_const_charp msg)
{
    png_err_t *e = png_get_error_ptr(png);
    snprintf(e->msg, sizeof e->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Encode s (ARGB8888 or RGB888) to fp. Kept apart from the file handling so
 * that nothing set before setjmp is modified after it. */
static bool encode(FILE *fp, SDL_Surface *s, png_err_t *pe)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, pe, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *row = xmalloc((size_t)s->w * 3);
    bool ok = false;
    if (!png || !info) {
        snprintf(pe->msg, sizeof pe->msg, "out of memory");
        goto done;
    }
    if (setjmp(png_jmpbuf(png)))
        goto done;
    png_init_io(png, fp);
    /* Fast settings: screens are large flat areas that compress well even
     * at a low level, and `render` is timed. */
    png_set_compression_level(png, 2);
    png_set_filter(png, 0, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < s->h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++) {
            uint32_t p = src[x]; /* ARGB8888 / XRGB8888: 0xAARRGGBB */
            row[3 * x] = (uint8_t)(p >> 16);
            row[3 * x + 1] = (uint8_t)(p >> 8);
            row[3 * x + 2] = (uint8_t)p;
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    ok = true;
done:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(row);
    return ok;
}

bool png_write_surface(const char *path, SDL_Surface *s, char **err)
{
    SDL_Surface *conv = NULL;
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888 && s->format->format != SDL_PIXELFORMAT_RGB888) {
        conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        if (!conv) {
            *err = xasprintf("%s: cannot convert the picture: %s", path, SDL_GetError());
            return false;
        }
        s = conv;
    }
    char *tmp = xasprintf("%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        *err = xasprintf("%s: cannot write: %s", tmp, strerror(errno));
        free(tmp);
        SDL_FreeSurface(conv);
        return false;
    }
    png_err_t pe = {{0}};
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    bool ok = encode(fp, s, &pe);
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
    if (fclose(fp) != 0 && ok) {
        snprintf(pe.msg, sizeof pe.msg, "%s", strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path) != 0) {
        snprintf(pe.msg, sizeof pe.msg, "cannot rename into place: %s", strerror(errno));
        ok = false;
    }
    if (!ok) {
        remove(tmp);
        *err = xasprintf("%s: %s", path, pe.msg);
    }
    free(tmp);
    SDL_FreeSurface(conv);
    return ok;
}

bool png_read_size(const char *path, int *w, int *h)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    uint8_t b[24];
    size_t n = fread(b, 1, sizeof b, fp);
    fclose(fp);
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < 24 || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
        return false;
    *w = (int)((uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 | (uint32_t)b[18] << 8 | b[19]);
    *h = (int)((uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 | (uint32_t)b[22] << 8 | b[23]);
    return true;
}
