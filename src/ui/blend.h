/* blend.h - the pixel arithmetic of drawing straight into a 32-bit target
 * (0xAARRGGBB or 0x00RRGGBB words), with no SDL: a colour blended at 8-bit
 * coverage, the coverage of an anti-aliased rounded corner, and a line of
 * text kept as spans of coverage. The SDL backend (src/platform/gfx_sdl*.c)
 * uses it for its direct target; tests/unit/test_blend.c checks it.
 *
 * Nothing here allocates except blend_spans_of() and blend_spans_of8(), whose result the caller
 * frees with free(). */
#ifndef AGM_BLEND_H
#define AGM_BLEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/color.h"

/* (x * y) / 255, rounded, for x, y in 0..255 */
static inline unsigned blend_mul255(unsigned x, unsigned y)
{
    unsigned t = x * y + 128;
    return (t + (t >> 8)) >> 8;
}

/* c over p at coverage k (1..254), per channel (c * k + p * (255 - k)) / 255
 * rounded: red with blue and alpha with green, two lanes of 16 bits at a
 * time (the sums stay under 65536, so no lane spills into the next). c_rb
 * and c_ag are the colour's lanes as blend_ink() makes them. */
static inline uint32_t blend_px(uint32_t p, uint32_t c_rb, uint32_t c_ag, unsigned k)
{
    unsigned ik = 255 - k;
    uint32_t rb = c_rb * k + (p & 0x00FF00FFu) * ik + 0x00800080u;
    rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    uint32_t ag = c_ag * k + ((p >> 8) & 0x00FF00FFu) * ik + 0x00800080u;
    ag = (ag + ((ag >> 8) & 0x00FF00FFu)) & 0xFF00FF00u;
    return rb | ag;
}

/* One colour at alpha a, ready to blend at any coverage. */
typedef struct {
    uint32_t solid, c_rb, c_ag;
    unsigned a;
} blend_ink_t;

static inline blend_ink_t blend_ink(rgba_t c, uint8_t a)
{
    uint32_t r = c.r, gg = c.g, b = c.b;
    return (blend_ink_t){0xFF000000u | (r << 16) | (gg << 8) | b, (r << 16) | b, (0xFFu << 16) | gg, a};
}

/* Put the ink at coverage k (0..255) on *dp. */
static inline void blend_ink_px(uint32_t *dp, const blend_ink_t *ink, unsigned k)
{
    if (!k)
        return;
    if (ink->a != 255)
        k = blend_mul255(k, ink->a);
    if (k == 255)
        *dp = ink->solid;
    else if (k)
        *dp = blend_px(*dp, ink->c_rb, ink->c_ag, k);
}

/* The coverage of a top-left corner of radius rad (filled with t = 0, or a
 * ring of thickness t) into cov[rad * rad], row by row: the same shape the
 * SDL backend's triangles draw, a solid arc half a pixel inside the true
 * edge and a one-pixel fade across it, computed per pixel. The other three
 * corners are this one mirrored. */
void blend_corner_mask(uint8_t *cov, int rad, int t);

/* A line of text as coverage spans, cropped to its ink box.
 *
 * Most of a line is the space between and around its glyphs, so coverage is
 * kept as spans: h + 1 row offsets (uint32_t, into the bytes after them),
 * then for each row its spans, each a little-endian uint16 x and length and
 * that many coverage bytes. About a third of a plain 8-bit copy, and the
 * blend skips the gaps without looking at them. */
typedef struct {
    uint8_t *cov;   /* owned (free()); NULL when nothing is inked */
    size_t bytes;   /* size of cov */
    int x, y;       /* the ink box's top left in the source picture */
    int w, h;       /* the ink box's size */
} blend_spans_t;

/* The spans of the alpha of a w x h ARGB8888 picture (rows pitch bytes
 * apart). Returns false, with out->cov NULL, when no pixel is inked. */
bool blend_spans_of(const void *pixels, size_t pitch, int w, int h, blend_spans_t *out);
/* The same from 8-bit coverage, one byte a pixel (rows pitch bytes apart):
 * the same spans as the alpha of the same line in ARGB8888. */
bool blend_spans_of8(const uint8_t *pixels, size_t pitch, int w, int h, blend_spans_t *out);

/* Blend row ry of spans cov (of a line h rows high) in ink onto dp, where
 * dp[0] is the pixel under the line's column lo; only columns lo..hi-1 are
 * touched (the clip, in the line's columns). */
void blend_spans_row(const uint8_t *cov, int h, int ry, uint32_t *dp, int lo, int hi, const blend_ink_t *ink);

#endif
