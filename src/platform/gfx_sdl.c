/* gfx_sdl.c - the gfx_t backend on an SDL_Renderer: life cycle, shapes and
 * clip (text is in gfx_sdl_text.c, the direct target's pixel arithmetic in
 * src/ui/blend.c). See gfx_sdl.h. */
#include "gfx_sdl_internal.h"

#include "../core/util.h"
#include "../ui/blend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const gfx_ops_t sdl_ops;

/* ---- life cycle ----------------------------------------------------------- */

gfx_sdl_t *gfx_sdl_create(SDL_Renderer *ren, fonts_t *fs)
{
    gfx_sdl_t *g = xcalloc(1, sizeof *g);
    g->ren = ren;
    g->fs = fs;
    g->opacity = 1.0f;
    g->cache_limit = DEFAULT_CACHE_BYTES;
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    return g;
}

static void corners_clear(gfx_sdl_t *g)
{
    while (g->corners) {
        corner_mask_t *n = g->corners->next;
        free(g->corners->cov);
        free(g->corners);
        g->corners = n;
    }
    g->ncorners = 0;
}

void gfx_sdl_destroy(gfx_sdl_t *g)
{
    if (!g)
        return;
    gfx_sdl_clear_cache(g);
    gfx_sdl_width_cache_clear(g);
    free(g->verts);
    free(g->idx);
    free(g->path_a);
    free(g->path_b);
    corners_clear(g);
    free(g);
}

bool gfx_sdl_follow_window(gfx_sdl_t *g, SDL_Renderer *ren, SDL_Window *win)
{
    SDL_RendererInfo info;
    bool sw = win && SDL_GetRendererInfo(ren, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
    return gfx_sdl_set_direct_target(g, sw ? SDL_GetWindowSurface(win) : NULL);
}

gfx_t gfx_sdl_begin_frame(gfx_sdl_t *g, int w, int h)
{
    g->w = w;
    g->h = h;
    g->dx = g->dy = 0;
    g->opacity = 1.0f;
    g->nclips = g->clip_overflow = 0;
    g->frame++;
    if (g->direct && !g->limit_set)
        g->cache_limit = AGM_MAX(DIRECT_CACHE_FLOOR, (size_t)w * (size_t)h);
    SDL_RenderSetClipRect(g->ren, NULL);
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
    return (gfx_t){.ops = &sdl_ops, .ctx = g, .w = w, .h = h};
}

void gfx_sdl_set_cache_limit(gfx_sdl_t *g, size_t bytes)
{
    g->cache_limit = bytes;
    g->limit_set = true;
}

bool gfx_sdl_set_direct_target(gfx_sdl_t *g, SDL_Surface *s)
{
    /* 0xAARRGGBB or 0x00RRGGBB in a 32-bit word: what the blend below writes */
    bool ok = s && (s->format->format == SDL_PIXELFORMAT_ARGB8888 || s->format->format == SDL_PIXELFORMAT_RGB888);
    SDL_Surface *want = ok ? s : NULL;
    if ((want != NULL) != (g->direct != NULL))
        gfx_sdl_clear_cache(g); /* entries hold textures or coverage, not both */
    g->direct = want;
    if (!g->limit_set && !g->direct)
        g->cache_limit = DEFAULT_CACHE_BYTES; /* a direct target's follows the frame size */
    return ok;
}

void gfx_sdl_stats(const gfx_sdl_t *g, gfx_sdl_stats_t *out)
{
    *out = g->st;
    out->cache_entries = g->cache_entries;
    out->cache_bytes = g->cache_bytes;
}

/* ---- rectangles and geometry ---------------------------------------------- */

/* A rectangle in target pixels (offset applied), colour with final alpha a.
 * Opaque fills are drawn without blending: the software renderer blends
 * every pixel otherwise, even at full alpha, which costs whole frames. */
static void fill_px(gfx_sdl_t *g, int x, int y, int w, int h, rgba_t c, uint8_t a)
{
    if (w <= 0 || h <= 0)
        return;
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, a);
    if (a == 255)
        SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
    SDL_RenderFillRect(g->ren, &(SDL_Rect){x, y, w, h});
    if (a == 255)
        SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
}

static void op_fill_rect(void *ctx, rect_t r, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    if (g->rehearsal)
        return;
    uint8_t a = alpha_of(g, c.a);
    if (!a)
        return;
    fill_px(g, r.x + g->dx, r.y + g->dy, r.w, r.h, c, a);
}

static void geo_reset(gfx_sdl_t *g)
{
    g->nverts = g->nidx = 0;
}

static int geo_vert(gfx_sdl_t *g, float x, float y, rgba_t c, uint8_t a)
{
    xgrow((void **)&g->verts, &g->vcap, g->nverts + 1, sizeof *g->verts);
    g->verts[g->nverts] = (SDL_Vertex){{x, y}, {c.r, c.g, c.b, a}, {0, 0}};
    return (int)g->nverts++;
}

static void geo_tri(gfx_sdl_t *g, int a, int b, int c)
{
    xgrow((void **)&g->idx, &g->icap, g->nidx + 3, sizeof *g->idx);
    g->idx[g->nidx++] = a;
    g->idx[g->nidx++] = b;
    g->idx[g->nidx++] = c;
}

static void geo_flush(gfx_sdl_t *g)
{
    if (g->nidx)
        SDL_RenderGeometry(g->ren, NULL, g->verts, (int)g->nverts, g->idx, (int)g->nidx);
    geo_reset(g);
}

static int corner_segments(float radius)
{
    int n = (int)(radius / 2.5f) + 3;
    return n < 3 ? 3 : n > 16 ? 16 : n;
}

/* One corner arc: centre (cx, cy), radius r, from angle a0 over a quarter
 * turn, segs + 1 points into out. */
static void arc_points(float cx, float cy, float r, float a0, int segs, SDL_FPoint *out)
{
    if (r < 0)
        r = 0;
    for (int i = 0; i <= segs; i++) {
        float t = a0 + (float)M_PI * 0.5f * (float)i / (float)segs;
        out[i] = (SDL_FPoint){cx + r * cosf(t), cy + r * sinf(t)};
    }
}

/* Triangles between two polylines of n points (not closed), alphas aa, ab. */
static void geo_band(gfx_sdl_t *g, const SDL_FPoint *pa, uint8_t aa, const SDL_FPoint *pb, uint8_t ab, int n, rgba_t c)
{
    int base = (int)g->nverts;
    for (int i = 0; i < n; i++) {
        geo_vert(g, pa[i].x, pa[i].y, c, aa);
        geo_vert(g, pb[i].x, pb[i].y, c, ab);
    }
    for (int i = 0; i + 1 < n; i++) {
        int a0 = base + 2 * i, b0 = a0 + 1, a1 = a0 + 2, b1 = a0 + 3;
        geo_tri(g, a0, b0, a1);
        geo_tri(g, a1, b0, b1);
    }
}

static void paths_reserve(gfx_sdl_t *g, size_t n)
{
    if (n > g->path_cap) {
        g->path_a = xrealloc(g->path_a, n * sizeof *g->path_a);
        g->path_b = xrealloc(g->path_b, n * sizeof *g->path_b);
        g->path_cap = n;
    }
}

static int clamp_radius(rect_t r, int radius)
{
    int m = (r.w < r.h ? r.w : r.h) / 2;
    return radius > m ? m : radius < 0 ? 0 : radius;
}

/* The corners of a rounded rectangle: centre of the arc and start angle,
 * clockwise from the top left. */
static void corner_centres(int x, int y, int w, int h, int rad, float cx[4], float cy[4], float a0[4])
{
    const float l = (float)(x + rad), r = (float)(x + w - rad), t = (float)(y + rad), b = (float)(y + h - rad);
    cx[0] = l; cy[0] = t; a0[0] = (float)M_PI;
    cx[1] = r; cy[1] = t; a0[1] = 1.5f * (float)M_PI;
    cx[2] = r; cy[2] = b; a0[2] = 0.0f;
    cx[3] = l; cy[3] = b; a0[3] = 0.5f * (float)M_PI;
}

/* ---- drawing straight into a direct target ------------------------------- */

bool gfx_sdl_direct_begin(gfx_sdl_t *g, rect_t r, rect_t *out)
{
    SDL_Surface *s = g->direct;
    *out = rect_intersect(r, rect_intersect(current_clip(g), (rect_t){0, 0, s->w, s->h}));
    if (out->w <= 0 || out->h <= 0)
        return false;
    SDL_RenderFlush(g->ren); /* what was queued before lands first */
    return !SDL_MUSTLOCK(s) || SDL_LockSurface(s) == 0;
}

void gfx_sdl_direct_end(gfx_sdl_t *g)
{
    if (SDL_MUSTLOCK(g->direct))
        SDL_UnlockSurface(g->direct);
}

uint32_t *gfx_sdl_direct_row(gfx_sdl_t *g, int y)
{
    return (uint32_t *)((uint8_t *)g->direct->pixels + (size_t)y * (size_t)g->direct->pitch);
}

/* The coverage of a top-left corner of radius rad (filled, or a ring of
 * thickness t), from blend_corner_mask(), kept by radius and thickness. */
static const uint8_t *corner_mask(gfx_sdl_t *g, int rad, int t)
{
    for (corner_mask_t *m = g->corners; m; m = m->next)
        if (m->rad == rad && m->t == t)
            return m->cov;
    if (g->ncorners >= 64) /* a handful of radii are in use; this is a bound, not a cache policy */
        corners_clear(g);
    corner_mask_t *m = xmalloc(sizeof *m);
    m->rad = rad;
    m->t = t;
    m->cov = xmalloc((size_t)rad * (size_t)rad);
    blend_corner_mask(m->cov, rad, t);
    m->next = g->corners;
    g->corners = m;
    g->ncorners++;
    return m->cov;
}

/* The four corners of the rectangle (x, y, w, h) in target pixels, from the
 * top-left mask mirrored into place. */
static void direct_corners(gfx_sdl_t *g, int x, int y, int w, int h, int rad, int t, rgba_t c, uint8_t a)
{
    const uint8_t *mask = corner_mask(g, rad, t);
    blend_ink_t ink = blend_ink(c, a);
    for (int k = 0; k < 4; k++) {
        bool right = k == 1 || k == 2, bottom = k >= 2;
        rect_t box = {right ? x + w - rad : x, bottom ? y + h - rad : y, rad, rad}, d;
        if (!gfx_sdl_direct_begin(g, box, &d))
            continue;
        for (int py = d.y; py < d.y + d.h; py++) {
            int my = py - box.y;
            if (bottom)
                my = rad - 1 - my;
            uint32_t *row = gfx_sdl_direct_row(g, py);
            const uint8_t *mrow = mask + (size_t)my * (size_t)rad;
            for (int px = d.x; px < d.x + d.w; px++) {
                int mx = px - box.x;
                blend_ink_px(&row[px], &ink, mrow[right ? rad - 1 - mx : mx]);
            }
        }
        gfx_sdl_direct_end(g);
    }
}

/* Rounded rectangles are drawn as up to three plain rectangles (fast in
 * every renderer, and exact: their edges lie on whole pixels) plus four
 * small corner pieces: a fan to the arc half a pixel inside the true edge,
 * and a one-pixel band fading to transparent across it (anti-aliasing that
 * works the same in every renderer, the software one included). The pieces
 * do not overlap, so translucent shapes blend once everywhere. */
static void op_fill_round_rect(void *ctx, rect_t r, int radius, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    if (g->rehearsal)
        return;
    uint8_t a = alpha_of(g, c.a);
    if (!a || r.w <= 0 || r.h <= 0)
        return;
    int rad = clamp_radius(r, radius);
    int x = r.x + g->dx, y = r.y + g->dy;
    if (rad < 1) {
        fill_px(g, x, y, r.w, r.h, c, a);
        return;
    }
    fill_px(g, x, y + rad, r.w, r.h - 2 * rad, c, a);
    fill_px(g, x + rad, y, r.w - 2 * rad, rad, c, a);
    fill_px(g, x + rad, y + r.h - rad, r.w - 2 * rad, rad, c, a);
    if (g->direct) {
        direct_corners(g, x, y, r.w, r.h, rad, 0, c, a);
        return;
    }
    int segs = corner_segments((float)rad);
    paths_reserve(g, (size_t)segs + 1);
    float cx[4], cy[4], a0[4];
    corner_centres(x, y, r.w, r.h, rad, cx, cy, a0);
    geo_reset(g);
    for (int k = 0; k < 4; k++) {
        arc_points(cx[k], cy[k], (float)rad - 0.5f, a0[k], segs, g->path_a);
        arc_points(cx[k], cy[k], (float)rad + 0.5f, a0[k], segs, g->path_b);
        int centre = geo_vert(g, cx[k], cy[k], c, a);
        int first = (int)g->nverts;
        for (int i = 0; i <= segs; i++)
            geo_vert(g, g->path_a[i].x, g->path_a[i].y, c, a);
        for (int i = 0; i < segs; i++)
            geo_tri(g, centre, first + i, first + i + 1);
        geo_band(g, g->path_a, a, g->path_b, 0, segs + 1, c);
    }
    geo_flush(g);
}

static void op_stroke_round_rect(void *ctx, rect_t r, int radius, int thickness, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    if (g->rehearsal)
        return;
    uint8_t a = alpha_of(g, c.a);
    if (!a || r.w <= 0 || r.h <= 0 || thickness <= 0)
        return;
    int t = thickness;
    if (2 * t >= r.w || 2 * t >= r.h) { /* nothing left inside: a filled shape */
        op_fill_round_rect(ctx, r, radius, c);
        return;
    }
    int rad = clamp_radius(r, radius);
    if (rad < t) /* the corner pieces need the side bands to end at the arc */
        rad = rad < 1 ? 0 : t;
    int x = r.x + g->dx, y = r.y + g->dy, w = r.w, h = r.h;
    if (rad < 1) { /* square corners: top and bottom full width, sides between */
        fill_px(g, x, y, w, t, c, a);
        fill_px(g, x, y + h - t, w, t, c, a);
        fill_px(g, x, y + t, t, h - 2 * t, c, a);
        fill_px(g, x + w - t, y + t, t, h - 2 * t, c, a);
        return;
    }
    /* the four sides, between the corners */
    fill_px(g, x + rad, y, w - 2 * rad, t, c, a);
    fill_px(g, x + rad, y + h - t, w - 2 * rad, t, c, a);
    fill_px(g, x, y + rad, t, h - 2 * rad, c, a);
    fill_px(g, x + w - t, y + rad, t, h - 2 * rad, c, a);
    if (g->direct) {
        direct_corners(g, x, y, w, h, rad, t, c, a);
        return;
    }
    int segs = corner_segments((float)rad);
    paths_reserve(g, 2 * ((size_t)segs + 1));
    SDL_FPoint *p0 = g->path_a, *p1 = g->path_a + segs + 1, *p2 = g->path_b, *p3 = g->path_b + segs + 1;
    float cx[4], cy[4], a0[4];
    corner_centres(x, y, w, h, rad, cx, cy, a0);
    float ft = (float)t;
    geo_reset(g);
    for (int k = 0; k < 4; k++) {
        /* outer feather, solid band, inner feather */
        arc_points(cx[k], cy[k], (float)rad + 0.5f, a0[k], segs, p0);
        arc_points(cx[k], cy[k], (float)rad - 0.5f, a0[k], segs, p1);
        arc_points(cx[k], cy[k], (float)rad - ft + 0.5f, a0[k], segs, p2);
        arc_points(cx[k], cy[k], (float)rad - ft - 0.5f, a0[k], segs, p3);
        geo_band(g, p0, 0, p1, a, segs + 1, c);
        if (ft > 1.0f)
            geo_band(g, p1, a, p2, a, segs + 1, c);
        geo_band(g, ft > 1.0f ? p2 : p1, a, p3, 0, segs + 1, c);
    }
    geo_flush(g);
}

static void op_fill_triangles(void *ctx, const float *xy, int n, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    if (g->rehearsal)
        return;
    uint8_t a = alpha_of(g, c.a);
    if (!a || n < 3)
        return;
    geo_reset(g);
    n -= n % 3;
    for (int i = 0; i < n; i++)
        geo_vert(g, xy[2 * i] + (float)g->dx, xy[2 * i + 1] + (float)g->dy, c, a);
    SDL_RenderGeometry(g->ren, NULL, g->verts, n, NULL, 0);
    geo_reset(g);
}

/* ---- clip, opacity, offset ------------------------------------------------ */

static void apply_clip(gfx_sdl_t *g)
{
    if (!g->nclips) {
        SDL_RenderSetClipRect(g->ren, NULL);
        return;
    }
    rect_t c = g->clips[g->nclips - 1];
    SDL_RenderSetClipRect(g->ren, &(SDL_Rect){c.x, c.y, c.w, c.h});
}

static void op_push_clip(void *ctx, rect_t r)
{
    gfx_sdl_t *g = ctx;
    if (g->nclips == CLIP_DEPTH) {
        /* Deeper nesting than any screen uses: keep the innermost clip and
         * count the overflow so pops stay balanced. */
        g->clip_overflow++;
        return;
    }
    r.x += g->dx;
    r.y += g->dy;
    g->clips[g->nclips] = rect_intersect(r, current_clip(g));
    g->nclips++;
    apply_clip(g);
}

static void op_pop_clip(void *ctx)
{
    gfx_sdl_t *g = ctx;
    if (g->clip_overflow) {
        g->clip_overflow--;
        return;
    }
    if (g->nclips)
        g->nclips--;
    apply_clip(g);
}

static void op_set_opacity(void *ctx, float a)
{
    gfx_sdl_t *g = ctx;
    g->opacity = a < 0 ? 0 : a > 1 ? 1 : a;
}

static void op_set_offset(void *ctx, int dx, int dy)
{
    gfx_sdl_t *g = ctx;
    g->dx = dx;
    g->dy = dy;
}

/* While rehearsing nothing is drawn; text is made ready in the cache
 * (gfx_sdl_op_draw_text). */
static void op_set_rehearsal(void *ctx, bool on)
{
    gfx_sdl_t *g = ctx;
    g->rehearsal = on;
}

/* A new screen has been drawn: fonts not used since the screen before are
 * closed and the font files' pages let go (fonts_trim). */
static void op_screen_changed(void *ctx)
{
    gfx_sdl_t *g = ctx;
    fonts_trim(g->fs);
}

static const gfx_ops_t sdl_ops = {
    .fill_rect = op_fill_rect,
    .fill_round_rect = op_fill_round_rect,
    .stroke_round_rect = op_stroke_round_rect,
    .fill_triangles = op_fill_triangles,
    .text_width = gfx_sdl_op_text_width,
    .font_metrics = gfx_sdl_op_font_metrics,
    .draw_text = gfx_sdl_op_draw_text,
    .screen_changed = op_screen_changed,
    .push_clip = op_push_clip,
    .pop_clip = op_pop_clip,
    .set_opacity = op_set_opacity,
    .set_offset = op_set_offset,
    .set_rehearsal = op_set_rehearsal,
};
