/* blend.c - corner masks and coverage spans for a direct 32-bit target.
 * See blend.h. */
#include "blend.h"

#include "../core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static const uint32_t *argb_row(const void *pixels, size_t pitch, int y)
{
    return (const uint32_t *)((const uint8_t *)pixels + (size_t)y * pitch);
}

/* Is pixel x of row inked (alpha not 0)? */
static inline bool inked(const uint32_t *row, int x) { return row[x] >> 24; }

/* The first inked pixel of row[from..w), or w; two pixels a load where it can. */
static int next_inked(const uint32_t *row, int from, int w)
{
    int x = from;
    while (x + 2 <= w) {
        uint64_t v;
        memcpy(&v, row + x, 8);
        if (v & 0xFF000000FF000000ull)
            break;
        x += 2;
    }
    while (x < w && !inked(row, x))
        x++;
    return x;
}

bool blend_spans_of(const void *pixels, size_t pitch, int w, int h, blend_spans_t *out)
{
    *out = (blend_spans_t){0};
    /* Each row's first and last inked pixel: empty rows are skipped two
     * pixels a load, and a row's spans are looked for only between them. */
    int *first = xmalloc(sizeof *first * (size_t)(h > 0 ? 2 * h : 1)), *last = first + h;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = argb_row(pixels, pitch, y);
        int a = next_inked(row, 0, w), b = -1;
        if (a < w) {
            b = w - 1;
            while (!inked(row, b))
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
        x1 = x0 + 0xFFFE; /* spans count in 16 bits; no line on any screen is this long */
    if (x1 < 0) {
        free(first);
        return false;
    }
    int ew = x1 - x0 + 1, eh = y1 - y0 + 1;
    size_t head = ((size_t)eh + 1) * sizeof(uint32_t);
    /* Two passes, counting then writing, so the block is allocated at
     * its final size: shrinking a larger one leaves holes in the heap. */
    uint8_t *buf = NULL;
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            buf = xmalloc(head + n);
        uint32_t *rows = (uint32_t *)buf;
        uint8_t *o_base = buf ? buf + head : NULL;
        n = 0;
        for (int y = 0; y < eh; y++) {
            const uint32_t *row = argb_row(pixels, pitch, y + y0) + x0;
            if (o_base)
                rows[y] = (uint32_t)n;
            int x = first[y + y0] - x0, end = AGM_MIN(last[y + y0] - x0 + 1, ew);
            while (x < end) {
                /* x is inked: the span goes on while no more than SPAN_GAP
                 * pixels in a row are blank */
                int start = x, lst = x;
                for (x++; x < end && x - lst <= SPAN_GAP; x++)
                    if (inked(row, x))
                        lst = x;
                int len = lst - start + 1;
                if (o_base) {
                    uint8_t *o = o_base + n;
                    o[0] = (uint8_t)(start & 0xFF);
                    o[1] = (uint8_t)(start >> 8);
                    o[2] = (uint8_t)(len & 0xFF);
                    o[3] = (uint8_t)(len >> 8);
                    const uint32_t *src = row + start;
                    for (int i = 0; i < len; i++)
                        o[4 + i] = (uint8_t)(src[i] >> 24);
                }
                n += 4 + (size_t)len;
                x = next_inked(row, lst + 1, end);
            }
        }
        if (o_base)
            rows[eh] = (uint32_t)n;
    }
    free(first);
    *out = (blend_spans_t){buf, head + n, x0, y0, ew, eh};
    return true;
}

void blend_spans_row(const uint8_t *cov, int h, int ry, uint32_t *dp, int lo, int hi, const blend_ink_t *ink)
{
    const uint32_t *rows = (const uint32_t *)cov;
    const uint8_t *data = cov + ((size_t)h + 1) * sizeof(uint32_t);
    const uint8_t *sp = data + rows[ry], *end = data + rows[ry + 1];
    while (sp < end) {
        int sx = sp[0] | sp[1] << 8, len = sp[2] | sp[3] << 8;
        const uint8_t *cv = sp + 4; /* cv[i - sx]: coverage of column i */
        sp += 4 + len;
        int i0 = sx > lo ? sx : lo, i1 = sx + len < hi ? sx + len : hi;
        for (int i = i0; i < i1; i++)
            blend_ink_px(&dp[i - lo], ink, cv[i - sx]);
    }
}
