/* The direct target's pixel arithmetic (src/ui/blend.c): blending at a
 * coverage, an ink at an alpha, rounded-corner masks and coverage spans. */
#include "test.h"
#include "ui/blend.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The per-channel rule blend_px promises: (c * k + p * (255 - k)) / 255,
 * rounded to nearest. */
static unsigned ref_channel(unsigned c, unsigned p, unsigned k)
{
    return (c * k + p * (255 - k) + 127) / 255;
}

static uint32_t ref_blend(uint32_t p, uint32_t argb, unsigned k)
{
    uint32_t out = 0;
    for (int sh = 0; sh < 32; sh += 8)
        out |= (uint32_t)ref_channel((argb >> sh) & 0xFF, (p >> sh) & 0xFF, k) << sh;
    return out;
}

static void test_mul255_rounds(void)
{
    for (unsigned x = 0; x < 256; x++)
        for (unsigned y = 0; y < 256; y++) {
            unsigned want = (x * y * 2 + 255) / 510; /* x*y/255 rounded half up */
            CHECK_MSG(blend_mul255(x, y) == want, "%u * %u: %u, want %u", x, y, blend_mul255(x, y), want);
        }
}

/* Every coverage against the per-channel rule, on a spread of colours and
 * backgrounds, the extremes included. */
static void test_blend_px_matches_channel_rule(void)
{
    static const uint8_t v[] = {0, 1, 2, 17, 64, 127, 128, 129, 200, 254, 255};
    const size_t nv = sizeof v;
    for (size_t a = 0; a < nv; a++)
        for (size_t b = 0; b < nv; b++) {
            rgba_t c = {v[a], v[b], v[(a + b) % nv], 255};
            blend_ink_t ink = blend_ink(c, 255);
            uint32_t p = 0xFF000000u | (uint32_t)v[b] << 16 | (uint32_t)v[(a * 3) % nv] << 8 | v[a];
            for (unsigned k = 1; k < 255; k++) {
                uint32_t got = blend_px(p, ink.c_rb, ink.c_ag, k);
                uint32_t want = ref_blend(p, ink.solid, k);
                CHECK_MSG(got == want, "p %08x c %08x k %u: %08x, want %08x", p, ink.solid, k, got, want);
            }
        }
}

static void test_ink_px(void)
{
    rgba_t red = {255, 0, 0, 255};
    blend_ink_t ink = blend_ink(red, 255);
    CHECK_INT(ink.solid, 0xFFFF0000u);
    uint32_t px = 0xFF0000FFu;
    blend_ink_px(&px, &ink, 0); /* no coverage: untouched */
    CHECK_INT(px, 0xFF0000FFu);
    blend_ink_px(&px, &ink, 255); /* full coverage: the colour */
    CHECK_INT(px, 0xFFFF0000u);
    px = 0xFF000000u;
    blend_ink_px(&px, &ink, 128);
    CHECK_INT(px, ref_blend(0xFF000000u, 0xFFFF0000u, 128));
    /* Half alpha at full coverage is half coverage. */
    blend_ink_t half = blend_ink(red, 128);
    px = 0xFF000000u;
    blend_ink_px(&px, &half, 255);
    CHECK_INT(px, ref_blend(0xFF000000u, 0xFFFF0000u, 128));
    /* An alpha that rounds coverage to zero leaves the pixel alone. */
    blend_ink_t faint = blend_ink(red, 1);
    px = 0xFF123456u;
    blend_ink_px(&px, &faint, 100);
    CHECK_INT(px, 0xFF123456u);
}

static double mask_area(const uint8_t *cov, int rad)
{
    double sum = 0;
    for (int i = 0; i < rad * rad; i++)
        sum += cov[i] / 255.0;
    return sum;
}

/* A filled corner covers the square minus the quarter disc outside the
 * arc; a ring of thickness t the quarter annulus. Both to within a
 * fraction of a pixel per pixel of arc. */
static void test_corner_mask_area(void)
{
    for (int rad = 2; rad <= 40; rad += 3) {
        uint8_t *cov = malloc((size_t)rad * rad);
        blend_corner_mask(cov, rad, 0);
        double want = M_PI * rad * rad / 4.0;
        double got = mask_area(cov, rad);
        CHECK_MSG(fabs(got - want) < 0.1 * rad + 0.5, "rad %d: %.2f, want %.2f", rad, got, want);
        /* inside the arc is solid, the outer corner empty */
        CHECK_INT(cov[(size_t)(rad - 1) * rad + (size_t)(rad - 1)], 255);
        if (rad >= 4)
            CHECK_INT(cov[0], 0);
        for (int t = 1; t < rad; t += 2) {
            blend_corner_mask(cov, rad, t);
            double ring = M_PI * ((double)rad * rad - (double)(rad - t) * (rad - t)) / 4.0;
            got = mask_area(cov, rad);
            CHECK_MSG(fabs(got - ring) < 0.1 * rad + 0.5, "rad %d t %d: %.2f, want %.2f", rad, t, got, ring);
            if (rad >= 4)
                CHECK_INT(cov[0], 0);
        }
        free(cov);
    }
}

/* The mask is symmetric about the diagonal (the corner is round). */
static void test_corner_mask_symmetric(void)
{
    int rad = 13;
    uint8_t cov[13 * 13];
    blend_corner_mask(cov, rad, 0);
    for (int j = 0; j < rad; j++)
        for (int i = 0; i < rad; i++)
            CHECK_INT(cov[j * rad + i], cov[i * rad + j]);
}

/* Spans of a picture, blended in white over black, give back its alpha
 * inside the ink box, and only there. */
static void test_spans_round_trip(void)
{
    enum { W = 90, H = 7 };
    uint32_t pic[H][W];
    memset(pic, 0, sizeof pic);
    /* two glyph-like blobs with a gap wider than a span's, and one narrow gap */
    for (int y = 2; y < 6; y++) {
        for (int x = 10; x < 14; x++)
            pic[y][x] = (uint32_t)(40 * y + x) << 24 | 0xFFFFFF;
        pic[y][16] = 0x80FFFFFFu;
        for (int x = 60; x < 63; x++)
            pic[y][x] = 0xFFFFFFFFu;
    }
    blend_spans_t sp;
    CHECK(blend_spans_of(pic, sizeof pic[0], W, H, &sp));
    CHECK_INT(sp.x, 10);
    CHECK_INT(sp.y, 2);
    CHECK_INT(sp.w, 53);
    CHECK_INT(sp.h, 4);
    /* smaller than the ink box as plain bytes */
    CHECK(sp.bytes < (size_t)(sp.w * sp.h) + (sp.h + 1) * 4);
    blend_ink_t white = blend_ink((rgba_t){255, 255, 255, 255}, 255);
    for (int ry = 0; ry < sp.h; ry++) {
        uint32_t row[53];
        for (int i = 0; i < 53; i++)
            row[i] = 0xFF000000u;
        blend_spans_row(sp.cov, sp.h, ry, row, 0, sp.w, &white);
        for (int i = 0; i < sp.w; i++) {
            unsigned a = pic[ry + sp.y][i + sp.x] >> 24;
            CHECK_MSG((row[i] & 0xFF) == a, "row %d col %d: %u, want %u", ry, i, row[i] & 0xFF, a);
        }
    }
    /* A clip that keeps columns 2..44: nothing outside is touched. */
    uint32_t row[53];
    for (int i = 0; i < 53; i++)
        row[i] = 0xFF000000u;
    blend_spans_row(sp.cov, sp.h, 1, row, 2, 45, &white);
    for (int i = 0; i < 43; i++)
        CHECK_INT(row[i] & 0xFF, pic[3][i + 2 + sp.x] >> 24);
    for (int i = 43; i < 53; i++)
        CHECK_INT(row[i], 0xFF000000u);
    free(sp.cov);
}

static void test_spans_of_empty(void)
{
    uint32_t pic[3][4] = {{0x00FFFFFFu, 0, 0, 0}, {0}, {0}};
    blend_spans_t sp;
    CHECK(!blend_spans_of(pic, sizeof pic[0], 4, 3, &sp));
    CHECK(sp.cov == NULL);
    CHECK_INT(sp.w, 0);
}

/* The spans as first written: a bounding box pass over every pixel, then a
 * plain scan per row; the encoding blend.h describes, byte for byte. */
static size_t reference_spans(const uint32_t *pic, int w, int h, uint8_t *out, int *bx, int *by, int *bw, int *bh)
{
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (pic[y * w + x] >> 24) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                y1 = y;
            }
    if (x1 < 0)
        return 0;
    int ew = x1 - x0 + 1, eh = y1 - y0 + 1;
    uint32_t *rows = (uint32_t *)out;
    uint8_t *o = out + (size_t)(eh + 1) * 4;
    size_t n = 0;
    for (int y = 0; y < eh; y++) {
        const uint32_t *row = pic + (size_t)(y + y0) * w + x0;
        rows[y] = (uint32_t)n;
        int x = 0;
        while (x < ew) {
            while (x < ew && !(row[x] >> 24))
                x++;
            if (x == ew)
                break;
            int start = x, last = x;
            for (; x < ew && x - last <= 6; x++)
                if (row[x] >> 24)
                    last = x;
            int len = last - start + 1;
            o[n] = (uint8_t)(start & 0xFF);
            o[n + 1] = (uint8_t)(start >> 8);
            o[n + 2] = (uint8_t)(len & 0xFF);
            o[n + 3] = (uint8_t)(len >> 8);
            for (int i = 0; i < len; i++)
                o[n + 4 + i] = (uint8_t)(row[start + i] >> 24);
            n += 4 + (size_t)len;
            x = last + 1;
        }
    }
    rows[eh] = (uint32_t)n;
    *bx = x0, *by = y0, *bw = ew, *bh = eh;
    return (size_t)(eh + 1) * 4 + n;
}

/* Random pictures (sparse and dense ink, odd widths, gaps around the span
 * limit): the same bytes as the plain scan. */
static void test_spans_match_reference(void)
{
    enum { MW = 301, MH = 23 };
    static uint32_t pic[MW * MH];
    static uint8_t want[MW * MH * 5 + 1024];
    uint32_t seed = 12345;
    for (int round = 0; round < 300; round++) {
        int w = 1 + (int)(seed % MW), h = 1 + (int)((seed >> 9) % MH);
        int density = (int)((seed >> 17) % 100);
        for (int i = 0; i < w * h; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            pic[i] = r < (unsigned)density / 3 ? ((seed >> 8) & 0xFF) << 24 | 0xFFFFFF : 0x00FFFFFFu * (r & 1);
        }
        if (round % 7 == 0) /* blank rows and columns around the ink */
            for (int i = 0; i < w * h; i++)
                if (i / w < h / 3 || i % w > w * 2 / 3)
                    pic[i] &= 0x00FFFFFFu;
        int bx = 0, by = 0, bw = 0, bh = 0;
        size_t wn = reference_spans(pic, w, h, want, &bx, &by, &bw, &bh);
        blend_spans_t sp;
        bool any = blend_spans_of(pic, (size_t)w * 4, w, h, &sp);
        CHECK_MSG(any == (wn > 0), "round %d: inked %d, want %d", round, any, wn > 0);
        /* the same spans from the alpha alone, one byte a pixel (as shaded text gives it) */
        static uint8_t plane[MW * MH];
        for (int i = 0; i < w * h; i++)
            plane[i] = (uint8_t)(pic[i] >> 24);
        blend_spans_t sp8;
        bool any8 = blend_spans_of8(plane, (size_t)w, w, h, &sp8);
        CHECK_MSG(any8 == any, "round %d: 8-bit inked %d, want %d", round, any8, any);
        if (any8 && any)
            CHECK_MSG(sp8.x == sp.x && sp8.y == sp.y && sp8.w == sp.w && sp8.h == sp.h && sp8.bytes == sp.bytes &&
                          memcmp(sp8.cov, sp.cov, sp.bytes) == 0,
                      "round %d (%dx%d): the 8-bit spans differ", round, w, h);
        free(sp8.cov);
        if (any && wn) {
            CHECK_MSG(sp.x == bx && sp.y == by && sp.w == bw && sp.h == bh, "round %d: box %d,%d %dx%d want %d,%d %dx%d",
                      round, sp.x, sp.y, sp.w, sp.h, bx, by, bw, bh);
            CHECK_MSG(sp.bytes == wn && memcmp(sp.cov, want, wn) == 0, "round %d (%dx%d): the spans differ", round, w, h);
        }
        free(sp.cov);
        seed = seed * 1103515245u + 12345u;
    }
}

/* Blending spans gives what blend_ink_px() gives pixel by pixel: every
 * coverage, at full alpha and in fades, over varied backgrounds. */
static void test_spans_row_matches_ink_px(void)
{
    enum { W = 256 };
    static uint32_t pic[W];
    for (int x = 0; x < W; x++)
        pic[x] = (uint32_t)x << 24 | 0xFFFFFF; /* coverage x in column x */
    blend_spans_t sp;
    CHECK(blend_spans_of(pic, sizeof pic, W, 1, &sp));
    CHECK_INT(sp.x, 1);
    static const uint8_t alphas[] = {255, 254, 200, 128, 77, 3, 1};
    static const rgba_t inks[] = {{255, 255, 255, 255}, {0, 0, 0, 255}, {0x1D, 0x24, 0x30, 255}, {200, 13, 250, 255}};
    uint32_t seed = 7;
    int bad = 0;
    for (size_t ai = 0; ai < sizeof alphas; ai++)
        for (size_t ci = 0; ci < sizeof inks / sizeof inks[0]; ci++) {
            blend_ink_t ink = blend_ink(inks[ci], alphas[ai]);
            uint32_t got[W], want[W];
            for (int i = 0; i < W; i++) {
                seed = seed * 1103515245u + 12345u;
                got[i] = want[i] = seed ^ (seed >> 13) << 7;
            }
            blend_spans_row(sp.cov, sp.h, 0, got, 0, sp.w, &ink);
            for (int i = 0; i < sp.w; i++)
                blend_ink_px(&want[i], &ink, (unsigned)(i + sp.x));
            for (int i = 0; i < sp.w; i++)
                if (got[i] != want[i] && bad++ < 5)
                    CHECK_MSG(false, "alpha %u ink %zu coverage %d: %08x, want %08x", alphas[ai], ci, i + sp.x,
                              got[i], want[i]);
        }
    CHECK_INT(bad, 0);
    free(sp.cov);
    /* spans of every length 1..21 (eight pixels a step, four, and the
     * rest), with clip room after them or none: the pixels after a span
     * are left as they are */
    for (int len = 1; len <= 21; len++)
        for (int room = 0; room <= 4; room++) {
            uint32_t line[32] = {0};
            for (int x = 0; x < len; x++)
                line[x] = (uint32_t)(37 * x + 90) << 24;
            CHECK(blend_spans_of(line, sizeof line, 32, 1, &sp));
            blend_ink_t ink = blend_ink((rgba_t){10, 200, 30, 255}, 150);
            uint32_t got[32], want[32];
            for (int i = 0; i < 32; i++)
                got[i] = want[i] = 0xFF102030u + (uint32_t)i * 0x010203u;
            blend_spans_row(sp.cov, sp.h, 0, got, 0, len + room, &ink);
            for (int i = 0; i < len; i++)
                blend_ink_px(&want[i], &ink, line[i] >> 24);
            CHECK_MSG(memcmp(got, want, sizeof got) == 0, "span of %d, room %d", len, room);
            free(sp.cov);
        }
}

int main(void)
{
    RUN(test_spans_row_matches_ink_px);
    RUN(test_spans_match_reference);
    RUN(test_mul255_rounds);
    RUN(test_blend_px_matches_channel_rule);
    RUN(test_ink_px);
    RUN(test_corner_mask_area);
    RUN(test_corner_mask_symmetric);
    RUN(test_spans_round_trip);
    RUN(test_spans_of_empty);
    return test_summary();
}
