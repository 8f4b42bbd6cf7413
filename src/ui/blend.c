/* blend.c - corner masks and coverage spans for a direct 32-bit target.
 * See blend.h. */
#include "blend.h"

#include "../core/util.h"

#include <math.h>

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

bool blend_spans_of(const void *pixels, size_t pitch, int w, int h, blend_spans_t *out)
{
    *out = (blend_spans_t){0};
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = argb_row(pixels, pitch, y);
        for (int x = 0; x < w; x++)
            if (row[x] >> 24) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                y1 = y;
            }
    }
    if (x1 - x0 > 0xFFFE)
        x1 = x0 + 0xFFFE; /* spans count in 16 bits; no line on any screen is this long */
    if (x1 < 0)
        return false;
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
            int x = 0;
            while (x < ew) {
                while (x < ew && !(row[x] >> 24))
                    x++;
                if (x == ew)
                    break;
                int start = x, last = x;
                for (; x < ew && x - last <= SPAN_GAP; x++)
                    if (row[x] >> 24)
                        last = x;
                int len = last - start + 1;
                if (o_base) {
                    uint8_t *o = o_base + n;
                    o[0] = (uint8_t)(start & 0xFF);
                    o[1] = (uint8_t)(start >> 8);
                    o[2] = (uint8_t)(len & 0xFF);
                    o[3] = (uint8_t)(len >> 8);
                    for (int i = 0; i < len; i++)
                        o[4 + i] = (uint8_t)(row[start + i] >> 24);
                }
                n += 4 + (size_t)len;
                x = last + 1;
            }
        }
        if (o_base)
            rows[eh] = (uint32_t)n;
    }
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
