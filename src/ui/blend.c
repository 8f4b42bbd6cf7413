/* blend.c - corner masks and coverage spans for a direct 32-bit target.
 * See blend.h. */
#include "blend.h"

#include "../core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* v as read from memory on a little-endian machine (x86-64 and the Pi's
 * AArch64 are; a big-endian one would swap the bytes). */
static inline uint64_t le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

/* Zero runs at least this long end a span; shorter ones stay inside it. */
#define SPAN_GAP 6

static float clamp01(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

void blend_corner_mask(uint8_t *cov, int rad, int t)
{
    for (int j = 0; j < rad; j++)
        for (int i = 0; i < rad; i++) {
            float dx = (float)rad - ((float)i + 0.5f), dy = (float)rad - ((float)j + 0.5f);
            float d = sqrtf(dx * dx + dy * dy);
            float c = clamp01((float)rad + 0.5f - d);
            if (t > 0)
                c = fminf(c, clamp01(d - (float)(rad - t) + 0.5f));
            cov[(size_t)j * (size_t)rad + (size_t)i] = (uint8_t)(c * 255.0f + 0.5f);
        }
}


/* The same from a plane of 8-bit coverage (one byte a pixel): what
 * SDL_ttf's shaded rendering gives, eight pixels a load. The first inked
 * pixel of row[from..w), or w. */
static int next_inked8(const uint8_t *row, int from, int w)
{
    int x = from;
    while (x + 32 <= w) { /* long blank stretches */
        uint64_t v[4];
        memcpy(v, row + x, 32);
        if (v[0] | v[1] | v[2] | v[3])
            break;
        x += 32;
    }
    while (x + 8 <= w) {
        uint64_t v;
        memcpy(&v, row + x, 8);
        if (v) /* the lowest byte is the first pixel (little-endian) */
            return x + __builtin_ctzll(le64(v)) / 8;
        x += 8;
    }
    while (x < w && !row[x])
        x++;
    return x;
}

/* The first blank pixel of row[from..end), or end. */
static int next_blank8(const uint8_t *row, int from, int end)
{
    int x = from;
    while (x + 8 <= end) {
        uint64_t v;
        memcpy(&v, row + x, 8);
        v = le64(v);
        /* a bit set above each zero byte; the lowest one is exact */
        uint64_t z = (v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull;
        if (z)
            return x + __builtin_ctzll(z) / 8;
        x += 8;
    }
    while (x < end && row[x])
        x++;
    return x;
}

bool blend_spans_of8(const uint8_t *pixels, size_t pitch, int w, int h, blend_spans_t *out)
{
    *out = (blend_spans_t){0};
    int *first = xmalloc(sizeof *first * (size_t)(h > 0 ? 2 * h : 1)), *last = first + h;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = pixels + (size_t)y * pitch;
        int a = next_inked8(row, 0, w), b = -1;
        if (a < w) {
            b = w - 1;
            while (b - 7 > a) { /* the last inked pixel, eight at a time from the end */
                uint64_t v;
                memcpy(&v, row + b - 7, 8);
                if (v)
                    break;
                b -= 8;
            }
            while (!row[b])
                b--;
            if (a < x0) x0 = a;
            if (b > x1) x1 = b;
            if (y < y0) y0 = y;
            y1 = y;
        }
        first[y] = a;
        last[y] = b;
    }
    if (x1 - x0 > 0xFFFE)
        x1 = x0 + 0xFFFE;
    if (x1 < 0) {
        free(first);
        return false;
    }
    int ew = x1 - x0 + 1, eh = y1 - y0 + 1;
    /* The spans (start, length) found once, then written into a block of
     * their final size. */
    int *sp = NULL;
    size_t nsp = 0, cap = 0, n = 0;
    int *row_end = xmalloc(sizeof *row_end * (size_t)eh);
    for (int y = 0; y < eh; y++) {
        const uint8_t *row = pixels + (size_t)(y + y0) * pitch + x0;
        int x = first[y + y0] - x0, end = AGM_MIN(last[y + y0] - x0 + 1, ew);
        while (x < end) {
            /* x is inked: the span goes on while no more than SPAN_GAP
             * pixels in a row are blank */
            int start = x, lst, nx;
            for (;;) {
                x = next_blank8(row, x, end);
                lst = x - 1;
                nx = next_inked8(row, x, end);
                if (nx >= end || nx - lst > SPAN_GAP)
                    break;
                x = nx;
            }
            xgrow((void **)&sp, &cap, nsp + 2, sizeof *sp);
            sp[nsp++] = start;
            sp[nsp++] = lst - start + 1;
            n += 4 + (size_t)(lst - start + 1);
            x = nx;
        }
        row_end[y] = (int)nsp;
    }
    size_t head = ((size_t)eh + 1) * sizeof(uint32_t);
    uint8_t *buf = xmalloc(head + n);
    uint32_t *rows = (uint32_t *)buf;
    uint8_t *o = buf + head;
    size_t k = 0, at = 0;
    for (int y = 0; y < eh; y++) {
        const uint8_t *row = pixels + (size_t)(y + y0) * pitch + x0;
        rows[y] = (uint32_t)at;
        for (; k < (size_t)row_end[y]; k += 2) {
            int start = sp[k], len = sp[k + 1];
            o[at] = (uint8_t)(start & 0xFF);
            o[at + 1] = (uint8_t)(start >> 8);
            o[at + 2] = (uint8_t)(len & 0xFF);
            o[at + 3] = (uint8_t)(len >> 8);
            memcpy(o + at + 4, row + start, (size_t)len);
            at += 4 + (size_t)len;
        }
    }
    rows[eh] = (uint32_t)at;
    free(sp);
    free(row_end);
    free(first);
    *out = (blend_spans_t){buf, head + n, x0, y0, ew, eh};
    return true;
}

/* Pixels in 16-bit lanes, one lane a channel (GCC's vector extensions:
 * SSE2 on x86-64, NEON on the Pi), computing exactly what blend_ink_px()
 * does: blend_px() gives the pixel itself at coverage 0 and the solid ink
 * at 255, so no pixel needs a branch. Eight pixels a step, four at the
 * end of a run. */
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));

static inline u16x8 mul255_16(u16x8 x, u16x8 y)
{
    u16x8 t = x * y + 128;
    return (t + (t >> 8)) >> 8;
}

/* The low (high) eight bytes of v, each in a 16-bit lane. */
static inline u16x8 widen_lo(u8x16 v)
{
    const u8x16 z = {0};
    return (u16x8)__builtin_shufflevector(v, z, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

static inline u16x8 widen_hi(u8x16 v)
{
    const u8x16 z = {0};
    return (u16x8)__builtin_shufflevector(v, z, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

/* Two pixels' channels (p) at their coverages (k, one a pixel in its four
 * lanes) under ink c: (c * k + p * (255 - k)) / 255 rounded, per channel. */
static inline u16x8 mix2(u16x8 p, u16x8 k, u16x8 c)
{
    u16x8 t = c * k + p * (255 - k) + 128;
    return (t + (t >> 8)) >> 8;
}

/* Channels (each at most 255) back into bytes: lo's pixels, then hi's. */
static inline u8x16 narrow(u16x8 lo, u16x8 hi)
{
    return __builtin_shufflevector((u8x16)lo, (u8x16)hi, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28,
                                   30);
}

/* Coverages k (one a lane) as the coverage of pixels 0, 1 (2, 3) in all four
 * lanes of each. */
static inline u16x8 spread01(u16x8 k)
{
    u16x8 kk = __builtin_shufflevector(k, k, 0, 8, 1, 9, 2, 10, 3, 11);
    return (u16x8)__builtin_shufflevector((u32x4)kk, (u32x4)kk, 0, 4, 1, 5);
}

static inline u16x8 spread23(u16x8 k)
{
    u16x8 kk = __builtin_shufflevector(k, k, 0, 8, 1, 9, 2, 10, 3, 11);
    return (u16x8)__builtin_shufflevector((u32x4)kk, (u32x4)kk, 2, 6, 3, 7);
}

/* Four pixels at p4 at coverages k (lanes 0..3, already faded). */
static inline void blend4(uint32_t *p4, u16x8 k, u16x8 c)
{
    u8x16 p;
    memcpy(&p, p4, 16);
    u8x16 out = narrow(mix2(widen_lo(p), spread01(k), c), mix2(widen_hi(p), spread23(k), c));
    memcpy(p4, &out, 16);
}

/* Eight coverages (the first in the lowest byte, as a little-endian load
 * gives them: x86-64 and the Pi are, and the pixels' channels above are
 * taken in that order too) in 16-bit lanes, faded by a when faded. */
static inline u16x8 coverages(uint64_t cv, u16x8 a, bool faded)
{
    u8x16 b = (u8x16)(u32x4){(uint32_t)cv, (uint32_t)(cv >> 32), 0, 0};
    u16x8 k = widen_lo(b);
    return faded ? mul255_16(k, a) : k;
}

/* An ink as blend_run() takes it: its channels as they lie in memory
 * (blue, green, red, alpha) for two pixels, and its alpha in every lane. */
typedef struct {
    u16x8 c, a;
    bool faded;
    const blend_ink_t *ink;
} ink_lanes_t;

static ink_lanes_t ink_lanes(const blend_ink_t *ink)
{
    const uint16_t cb = ink->solid & 0xFF, cg = (ink->solid >> 8) & 0xFF, cr = (ink->solid >> 16) & 0xFF;
    const uint16_t a1 = (uint16_t)ink->a;
    return (ink_lanes_t){{cb, cg, cr, 255, cb, cg, cr, 255}, {a1, a1, a1, a1, a1, a1, a1, a1}, ink->a != 255, ink};
}

/* Blend n pixels at d at coverages v; d[n..room) may be rewritten with
 * what they hold (the clip's columns after the run). */
static inline void blend_run(uint32_t *d, const uint8_t *v, int n, int room, const ink_lanes_t *il)
{
    const u16x8 c = il->c, a = il->a;
    const bool faded = il->faded;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t cv8;
        memcpy(&cv8, v + i, 8);
        if (!cv8) /* a blank stretch of the span */
            continue;
        u16x8 k = coverages(cv8, a, faded);
        blend4(d + i, k, c);
        blend4(d + i + 4, __builtin_shufflevector(k, k, 4, 5, 6, 7, 0, 1, 2, 3), c);
    }
    if (i + 4 <= n) {
        uint32_t cv4;
        memcpy(&cv4, v + i, 4);
        if (cv4)
            blend4(d + i, coverages(cv4, a, faded), c);
        i += 4;
    }
    if (i < n && i + 4 <= room) {
        /* the last one to three pixels as four, the others at coverage 0
         * (which leaves a pixel as it is) */
        uint64_t cv4 = v[i];
        if (i + 1 < n)
            cv4 |= (uint64_t)v[i + 1] << 8;
        if (i + 2 < n)
            cv4 |= (uint64_t)v[i + 2] << 16;
        if (cv4)
            blend4(d + i, coverages(cv4, a, faded), c);
        return;
    }
    for (; i < n; i++) /* at the clip's edge: one at a time */
        blend_ink_px(&d[i], il->ink, v[i]);
}

void blend_spans_row(const uint8_t *cov, int h, int ry, uint32_t *dp, int lo, int hi, const blend_ink_t *ink)
{
    const uint32_t *rows = (const uint32_t *)cov;
    const uint8_t *data = cov + ((size_t)h + 1) * sizeof(uint32_t);
    const uint8_t *sp = data + rows[ry], *end = data + rows[ry + 1];
    const ink_lanes_t il = ink_lanes(ink);
    while (sp < end) {
        int sx = sp[0] | sp[1] << 8, len = sp[2] | sp[3] << 8;
        const uint8_t *cv = sp + 4; /* cv[i - sx]: coverage of column i */
        sp += 4 + len;
        int i0 = sx > lo ? sx : lo, i1 = sx + len < hi ? sx + len : hi;
        if (i1 > i0)
            blend_run(dp + (i0 - lo), cv + (i0 - sx), i1 - i0, hi - i0, &il);
    }
}

bool blend_spans_of(const void *pixels, size_t pitch, int w, int h, blend_spans_t *out)
{
    /* the alpha plane, then the same scan as 8-bit coverage */
    size_t n = (size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1);
    uint8_t *alpha = xmalloc(n);
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)pixels + (size_t)y * pitch);
        for (int x = 0; x < w; x++)
            alpha[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)(row[x] >> 24);
    }
    bool any = blend_spans_of8(alpha, (size_t)(w > 0 ? w : 1), w, h, out);
    free(alpha);
    return any;
}
