#include "gfx_sdl.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/textrun.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLIP_DEPTH 32
#define TEXT_BUCKETS 1024      /* power of two */
#define WIDTH_BUCKETS 2048     /* power of two */
#define WIDTH_MAX 8192         /* width cache entries before it is emptied */
#define DEFAULT_CACHE_BYTES ((size_t)12 << 20)
/* With a direct target a line costs about a byte for every three pixels of
 * its ink box (spans of 8-bit coverage), not four bytes a pixel of its line
 * box: one byte per screen pixel holds a full screen of text and the next
 * (a section being scrolled, a screen being pushed in), and no less than
 * this floor for small screens. */
#define DIRECT_CACHE_FLOOR ((size_t)1 << 20)

typedef struct text_entry {
    char *text;
    size_t len;
    uint32_t hash;
    int px, style;
    uint8_t r, g, b;
    SDL_Texture *tex;       /* NULL when the text has no pixels (e.g. spaces only) */
    uint8_t *cov;           /* direct target: the line's coverage as spans (see coverage_of) instead of tex */
    int w, h, dx, dy;       /* size; (dx, dy) = top left relative to the line box */
    size_t bytes;
    uint64_t frame;         /* last frame that drew it */
    struct text_entry *hnext, *prev, *next;
} text_entry_t;

typedef struct width_entry {
    char *text;
    size_t len;
    uint32_t hash;
    int px, style, width;
    struct width_entry *hnext;
} width_entry_t;

struct gfx_sdl {
    SDL_Renderer *ren;
    /* A software renderer's own surface: text is blended straight into it
     * from 8-bit coverage (see gfx_sdl_set_direct_target). NULL: textures. */
    SDL_Surface *direct;
    bool limit_set;         /* the cache bound was set by the caller */
    fonts_t *fs;
    int w, h;
    int dx, dy;
    float opacity;
    rect_t clips[CLIP_DEPTH];
    int nclips, clip_overflow;
    /* text texture cache: hash buckets + LRU list (head = most recent) */
    text_entry_t *buckets[TEXT_BUCKETS];
    text_entry_t *lru_head, *lru_tail;
    size_t cache_bytes, cache_limit, cache_entries;
    uint64_t frame;
    width_entry_t *wbuckets[WIDTH_BUCKETS];
    size_t wcount;
    gfx_sdl_stats_t st;
    /* scratch */
    SDL_Vertex *verts;
    size_t nverts, vcap;
    int *idx;
    size_t nidx, icap;
    SDL_FPoint *path_a, *path_b;
    size_t path_cap;
    /* direct target: anti-aliased corner masks by radius and thickness */
    struct corner_mask *corners;
    int ncorners;
};

typedef struct corner_mask {
    int rad, t;             /* t = 0: a filled corner; else a ring of that thickness */
    uint8_t *cov;           /* rad x rad coverage of the top-left corner */
    struct corner_mask *next;
} corner_mask_t;

static const gfx_ops_t sdl_ops;

/* ---- helpers ------------------------------------------------------------ */

static uint32_t hash_text(const char *s, size_t n, int px, int style, uint32_t rgb)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    h = (h ^ (uint32_t)px) * 16777619u;
    h = (h ^ (uint32_t)style) * 16777619u;
    h = (h ^ rgb) * 16777619u;
    return h;
}

static int style_of(const font_t *f)
{
    return (f->weight == FONT_BOLD ? 1 : 0) + (f->italic ? 2 : 0);
}

static uint8_t alpha_of(const gfx_sdl_t *g, uint8_t a)
{
    float v = (float)a * g->opacity;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5f);
}

static rect_t current_clip(const gfx_sdl_t *g)
{
    return g->nclips ? g->clips[g->nclips - 1] : (rect_t){0, 0, g->w, g->h};
}

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

static void entry_free(text_entry_t *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->cov);
    free(e->text);
    free(e);
}

static void width_cache_clear(gfx_sdl_t *g)
{
    for (size_t b = 0; b < WIDTH_BUCKETS; b++) {
        width_entry_t *e = g->wbuckets[b];
        while (e) {
            width_entry_t *n = e->hnext;
            free(e->text);
            free(e);
            e = n;
        }
        g->wbuckets[b] = NULL;
    }
    g->wcount = 0;
}

void gfx_sdl_clear_cache(gfx_sdl_t *g)
{
    if (!g)
        return;
    text_entry_t *e = g->lru_head;
    while (e) {
        text_entry_t *n = e->next;
        entry_free(e);
        e = n;
    }
    memset(g->buckets, 0, sizeof g->buckets);
    g->lru_head = g->lru_tail = NULL;
    g->cache_bytes = g->cache_entries = 0;
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
    width_cache_clear(g);
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

/* (x * y) / 255, rounded, for x, y in 0..255 */
static inline unsigned mul255(unsigned x, unsigned y)
{
    unsigned t = x * y + 128;
    return (t + (t >> 8)) >> 8;
}

/* c over p at coverage k (1..254), per channel (c * k + p * (255 - k)) / 255
 * rounded: red with blue and alpha with green, two lanes of 16 bits at a
 * time (the sums stay under 65536, so no lane spills into the next). */
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
} ink_t;

static ink_t ink_of(rgba_t c, uint8_t a)
{
    uint32_t r = c.r, gg = c.g, b = c.b;
    return (ink_t){0xFF000000u | (r << 16) | (gg << 8) | b, (r << 16) | b, (0xFFu << 16) | gg, a};
}

/* Put the ink at coverage k (0..255) on *dp. */
static inline void ink_px(uint32_t *dp, const ink_t *ink, unsigned k)
{
    if (!k)
        return;
    if (ink->a != 255)
        k = mul255(k, ink->a);
    if (k == 255)
        *dp = ink->solid;
    else if (k)
        *dp = blend_px(*dp, ink->c_rb, ink->c_ag, k);
}

/* The part of r the direct target may be drawn on now (clip and surface),
 * with the renderer flushed and the surface locked; false: nothing to do. */
static bool direct_begin(gfx_sdl_t *g, rect_t r, rect_t *out)
{
    SDL_Surface *s = g->direct;
    *out = rect_intersect(r, rect_intersect(current_clip(g), (rect_t){0, 0, s->w, s->h}));
    if (out->w <= 0 || out->h <= 0)
        return false;
    SDL_RenderFlush(g->ren); /* what was queued before lands first */
    return !SDL_MUSTLOCK(s) || SDL_LockSurface(s) == 0;
}

static void direct_end(gfx_sdl_t *g)
{
    if (SDL_MUSTLOCK(g->direct))
        SDL_UnlockSurface(g->direct);
}

static uint32_t *direct_row(gfx_sdl_t *g, int y)
{
    return (uint32_t *)((uint8_t *)g->direct->pixels + (size_t)y * (size_t)g->direct->pitch);
}

static float clamp01(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* The coverage of a top-left corner of radius rad (filled, or a ring of
 * thickness t): the same shape the triangles draw, a solid arc half a pixel
 * inside the true edge and a one-pixel fade across it, computed per pixel. */
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
    for (int j = 0; j < rad; j++)
        for (int i = 0; i < rad; i++) {
            float dx = (float)rad - ((float)i + 0.5f), dy = (float)rad - ((float)j + 0.5f);
            float d = sqrtf(dx * dx + dy * dy);
            float cov = clamp01((float)rad + 0.5f - d);
            if (t > 0)
                cov = fminf(cov, clamp01(d - (float)(rad - t) + 0.5f));
            m->cov[(size_t)j * (size_t)rad + (size_t)i] = (uint8_t)(cov * 255.0f + 0.5f);
        }
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
    ink_t ink = ink_of(c, a);
    for (int k = 0; k < 4; k++) {
        bool right = k == 1 || k == 2, bottom = k >= 2;
        rect_t box = {right ? x + w - rad : x, bottom ? y + h - rad : y, rad, rad}, d;
        if (!direct_begin(g, box, &d))
            continue;
        for (int py = d.y; py < d.y + d.h; py++) {
            int my = py - box.y;
            if (bottom)
                my = rad - 1 - my;
            uint32_t *row = direct_row(g, py);
            const uint8_t *mrow = mask + (size_t)my * (size_t)rad;
            for (int px = d.x; px < d.x + d.w; px++) {
                int mx = px - box.x;
                ink_px(&row[px], &ink, mrow[right ? rad - 1 - mx : mx]);
            }
        }
        direct_end(g);
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

/* ---- text -------------------------------------------------------------------- */

typedef struct {
    gfx_sdl_t *g;
    const font_t *f;
} glyph_ctx_t;

static bool has_glyph(void *user, int font_index, uint32_t cp)
{
    glyph_ctx_t *gc = user;
    return fonts_has_glyph(gc->g->fs, gc->f, font_index, cp);
}

/* The font that draws a run: its own, or the first of the chain that opens
 * when that one cannot. */
static TTF_Font *run_font(gfx_sdl_t *g, const font_t *f, int want, int *ascent)
{
    TTF_Font *font = fonts_get(g->fs, f, want);
    for (int i = 0; !font && i < fonts_chain_len(g->fs, f); i++)
        font = fonts_get(g->fs, f, i);
    if (font && ascent)
        *ascent = TTF_FontAscent(font);
    return font;
}

static int measure(gfx_sdl_t *g, const font_t *f, const char *s, size_t n)
{
    if (!g->fs || !n)
        return 0;
    glyph_ctx_t gc = {g, f};
    textrun_iter_t it;
    textrun_t run;
    int total = 0;
    textrun_begin(&it, s, n, fonts_chain_len(g->fs, f), has_glyph, &gc);
    char *tmp = NULL;
    while (textrun_next(&it, &run)) {
        TTF_Font *font = run_font(g, f, run.font, NULL);
        if (!font)
            continue;
        tmp = xrealloc(tmp, run.len + 1);
        memcpy(tmp, s + run.off, run.len);
        tmp[run.len] = '\0';
        int w = 0, h = 0;
        if (TTF_SizeUTF8(font, tmp, &w, &h) == 0)
            total += w;
    }
    free(tmp);
    return total;
}

static int op_text_width(void *ctx, const font_t *f, const char *s, size_t n)
{
    gfx_sdl_t *g = ctx;
    if (!n || !g->fs)
        return 0;
    int style = style_of(f);
    uint32_t h = hash_text(s, n, f->px, style, 0);
    width_entry_t **b = &g->wbuckets[h & (WIDTH_BUCKETS - 1)];
    for (width_entry_t *e = *b; e; e = e->hnext)
        if (e->hash == h && e->len == n && e->px == f->px && e->style == style && memcmp(e->text, s, n) == 0)
            return e->width;
    int w = measure(g, f, s, n);
    /* Layout measures the same words over and over; the cache is simply
     * emptied when it grows past its bound (cheap, rare). */
    if (g->wcount >= WIDTH_MAX)
        width_cache_clear(g);
    width_entry_t *e = xmalloc(sizeof *e);
    *e = (width_entry_t){xstrndup(s, n), n, h, f->px, style, w, NULL};
    e->hnext = g->wbuckets[h & (WIDTH_BUCKETS - 1)];
    g->wbuckets[h & (WIDTH_BUCKETS - 1)] = e;
    g->wcount++;
    return w;
}

static void op_font_metrics(void *ctx, const font_t *f, font_metrics_t *out)
{
    gfx_sdl_t *g = ctx;
    fonts_metrics(g->fs, f, out);
    if (!out->line_skip) { /* no font: plausible numbers so layout still works */
        out->ascent = f->px * 8 / 10;
        out->descent = f->px * 2 / 10;
        out->line_skip = f->px * 12 / 10;
    }
}

/* Rasterize s[0..n) with the fallback chain into one ARGB surface whose top
 * is *dy pixels below the line box's top (runs are aligned on the first
 * font's baseline). Caller frees the surface. NULL when nothing to draw. */
static SDL_Surface *rasterize(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, SDL_Color col, int *dy)
{
    enum { MAX_RUNS = 64 };
    SDL_Surface *parts[MAX_RUNS];
    int xs[MAX_RUNS], ys[MAX_RUNS], nparts = 0;
    font_metrics_t m;
    fonts_metrics(g->fs, f, &m);
    glyph_ctx_t gc = {g, f};
    textrun_iter_t it;
    textrun_t run;
    int x = 0, top = 0, bottom = 0;
    textrun_begin(&it, s, n, fonts_chain_len(g->fs, f), has_glyph, &gc);
    char *tmp = NULL;
    while (textrun_next(&it, &run)) {
        int asc = 0;
        TTF_Font *font = run_font(g, f, run.font, &asc);
        if (!font)
            continue;
        tmp = xrealloc(tmp, run.len + 1);
        memcpy(tmp, s + run.off, run.len);
        tmp[run.len] = '\0';
        SDL_Surface *part = TTF_RenderUTF8_Blended(font, tmp, col);
        if (!part)
            continue; /* zero width (e.g. a lone control character) */
        if (nparts == MAX_RUNS) { /* absurdly mixed line: draw what fits */
            SDL_FreeSurface(part);
            break;
        }
        parts[nparts] = part;
        xs[nparts] = x;
        ys[nparts] = m.ascent - asc;
        if (ys[nparts] < top) top = ys[nparts];
        if (ys[nparts] + part->h > bottom) bottom = ys[nparts] + part->h;
        x += part->w;
        nparts++;
    }
    free(tmp);
    g->st.rasterized++;
    if (!nparts)
        return NULL;
    if (nparts == 1 && ys[0] == 0) {
        *dy = 0;
        return parts[0];
    }
    SDL_Surface *all = SDL_CreateRGBSurfaceWithFormat(0, x, bottom - top, 32, SDL_PIXELFORMAT_ARGB8888);
    if (all)
        SDL_FillRect(all, NULL, 0);
    for (int i = 0; i < nparts; i++) {
        if (all) {
            /* copy the pixels with their alpha: runs do not overlap */
            SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
            SDL_BlitSurface(parts[i], NULL, all, &(SDL_Rect){xs[i], ys[i] - top, parts[i]->w, parts[i]->h});
        }
        SDL_FreeSurface(parts[i]);
    }
    *dy = top;
    return all;
}

static void lru_unlink(gfx_sdl_t *g, text_entry_t *e)
{
    if (e->prev) e->prev->next = e->next; else g->lru_head = e->next;
    if (e->next) e->next->prev = e->prev; else g->lru_tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(gfx_sdl_t *g, text_entry_t *e)
{
    e->prev = NULL;
    e->next = g->lru_head;
    if (g->lru_head) g->lru_head->prev = e;
    g->lru_head = e;
    if (!g->lru_tail) g->lru_tail = e;
}

static void cache_remove(gfx_sdl_t *g, text_entry_t *e)
{
    text_entry_t **pp = &g->buckets[e->hash & (TEXT_BUCKETS - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    lru_unlink(g, e);
    g->cache_bytes -= e->bytes;
    g->cache_entries--;
    entry_free(e);
}

/* Evict least recently used entries over the bound, but never one drawn in
 * the current frame. */
static void cache_trim(gfx_sdl_t *g)
{
    while (g->cache_bytes > g->cache_limit && g->lru_tail && g->lru_tail->frame != g->frame) {
        cache_remove(g, g->lru_tail);
        g->st.evicted++;
    }
}

/* Zero runs at least this long end a span; shorter ones stay inside it. */
#define SPAN_GAP 6

/* The alpha of an ARGB8888 line, cropped to its ink, into e->cov (left NULL
 * when nothing is inked); e->dx, e->dy move to the ink box's top left.
 *
 * Most of a line is the space between and around its glyphs, so coverage is
 * kept as spans: e->h + 1 row offsets (uint32_t, into the bytes after them),
 * then for each row its spans, each a little-endian uint16 x and length and
 * that many coverage bytes. About a third of a plain 8-bit copy, and the
 * blend skips the gaps without looking at them. */
static void coverage_of(SDL_Surface *surf, text_entry_t *e)
{
    SDL_Surface *conv = NULL;
    if (surf->format->format != SDL_PIXELFORMAT_ARGB8888) {
        conv = SDL_ConvertSurfaceFormat(surf, SDL_PIXELFORMAT_ARGB8888, 0);
        if (!conv) {
            log_warn("gfx", "text %dx%d: %s", surf->w, surf->h, SDL_GetError());
            return;
        }
        surf = conv;
    }
    if (SDL_MUSTLOCK(surf))
        SDL_LockSurface(surf);
    int x0 = surf->w, y0 = surf->h, x1 = -1, y1 = -1;
    for (int y = 0; y < surf->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)surf->pixels + (size_t)y * (size_t)surf->pitch);
        for (int x = 0; x < surf->w; x++)
            if (row[x] >> 24) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                y1 = y;
            }
    }
    if (x1 - x0 > 0xFFFE)
        x1 = x0 + 0xFFFE; /* spans count in 16 bits; no line on any screen is this long */
    if (x1 >= 0) {
        e->w = x1 - x0 + 1;
        e->h = y1 - y0 + 1;
        size_t head = ((size_t)e->h + 1) * sizeof(uint32_t);
        /* Two passes, counting then writing, so the block is allocated at
         * its final size: shrinking a larger one leaves holes in the heap. */
        uint8_t *buf = NULL;
        size_t n = 0;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1)
                buf = xmalloc(head + n);
            uint32_t *rows = (uint32_t *)buf;
            uint8_t *out = buf ? buf + head : NULL;
            n = 0;
            for (int y = 0; y < e->h; y++) {
                const uint32_t *row = (const uint32_t *)((const uint8_t *)surf->pixels + (size_t)(y + y0) * (size_t)surf->pitch) + x0;
                if (out)
                    rows[y] = (uint32_t)n;
                int x = 0;
                while (x < e->w) {
                    while (x < e->w && !(row[x] >> 24))
                        x++;
                    if (x == e->w)
                        break;
                    int start = x, last = x;
                    for (; x < e->w && x - last <= SPAN_GAP; x++)
                        if (row[x] >> 24)
                            last = x;
                    int len = last - start + 1;
                    if (out) {
                        uint8_t *o = out + n;
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
            if (out)
                rows[e->h] = (uint32_t)n;
        }
        e->cov = buf;
        e->bytes = head + n;
        e->dx = x0;
        e->dy += y0;
        e->bytes = head + n;
    }
    if (SDL_MUSTLOCK(surf))
        SDL_UnlockSurface(surf);
    SDL_FreeSurface(conv);
}

static text_entry_t *cache_get(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, rgba_t c)
{
    /* Coverage is the same in every colour (the colour is applied when it is
     * blended): one entry serves a line in all its colours, e.g. a button's
     * label as it is pressed. Textures carry their colour. */
    if (g->direct)
        c = (rgba_t){255, 255, 255, 255};
    int style = style_of(f);
    uint32_t rgb = ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
    uint32_t h = hash_text(s, n, f->px, style, rgb);
    text_entry_t **b = &g->buckets[h & (TEXT_BUCKETS - 1)];
    for (text_entry_t *e = *b; e; e = e->hnext)
        if (e->hash == h && e->len == n && e->px == f->px && e->style == style && e->r == c.r &&
            e->g == c.g && e->b == c.b && memcmp(e->text, s, n) == 0) {
            lru_unlink(g, e);
            lru_push_front(g, e);
            e->frame = g->frame;
            g->st.cache_hits++;
            return e;
        }
    text_entry_t *e = xcalloc(1, sizeof *e);
    e->text = xstrndup(s, n);
    e->len = n;
    e->hash = h;
    e->px = f->px;
    e->style = style;
    e->r = c.r;
    e->g = c.g;
    e->b = c.b;
    e->frame = g->frame;
    SDL_Surface *surf = rasterize(g, f, e->text, n, (SDL_Color){c.r, c.g, c.b, 255}, &e->dy);
    if (surf && g->direct) {
        coverage_of(surf, e);
        SDL_FreeSurface(surf);
    } else if (surf) {
        e->tex = SDL_CreateTextureFromSurface(g->ren, surf);
        if (e->tex) {
            SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
            e->w = surf->w;
            e->h = surf->h;
            e->bytes = (size_t)surf->w * (size_t)surf->h * 4;
        } else {
            log_warn("gfx", "text texture %dx%d: %s", surf->w, surf->h, SDL_GetError());
        }
        SDL_FreeSurface(surf);
    }
    e->hnext = *b;
    *b = e;
    lru_push_front(g, e);
    g->cache_bytes += e->bytes;
    g->cache_entries++;
    cache_trim(g);
    return e;
}

/* Blend a cached line's coverage in colour c at alpha a into the direct
 * target at (x, y), inside the clip. What SDL's blended copy of the same
 * line in that colour computes (dst = src * k + dst * (1 - k)), without a
 * 32-bit copy of the line, and only over the spans the glyphs touch. */
static void composite(gfx_sdl_t *g, const text_entry_t *e, int x, int y, rgba_t c, uint8_t a)
{
    rect_t d;
    if (!direct_begin(g, (rect_t){x, y, e->w, e->h}, &d))
        return;
    ink_t ink = ink_of(c, a);
    const uint32_t *rows = (const uint32_t *)e->cov;
    const uint8_t *data = e->cov + ((size_t)e->h + 1) * sizeof(uint32_t);
    const int lo = d.x - x, hi = d.x + d.w - x; /* the clip, in the line's columns */
    for (int j = 0; j < d.h; j++) {
        int ry = d.y - y + j;
        uint32_t *dp = direct_row(g, d.y + j) + d.x; /* dp[i - lo]: the pixel under column i */
        const uint8_t *sp = data + rows[ry], *end = data + rows[ry + 1];
        while (sp < end) {
            int sx = sp[0] | sp[1] << 8, len = sp[2] | sp[3] << 8;
            const uint8_t *cv = sp + 4; /* cv[i - sx]: coverage of column i */
            sp += 4 + len;
            int i0 = sx > lo ? sx : lo, i1 = sx + len < hi ? sx + len : hi;
            for (int i = i0; i < i1; i++)
                ink_px(&dp[i - lo], &ink, cv[i - sx]);
        }
    }
    direct_end(g);
}

static void op_draw_text(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    uint8_t a = alpha_of(g, c.a);
    if (!n || !a || !g->fs || f->px <= 0)
        return;
    x += g->dx;
    y += g->dy;
    /* Lines outside the clip (a long report scrolled away) are neither
     * rasterized nor drawn. The margin covers glyphs reaching out of the
     * line box. */
    rect_t clip = current_clip(g);
    font_metrics_t m;
    fonts_metrics(g->fs, f, &m);
    int margin = f->px;
    if (clip.w <= 0 || clip.h <= 0 || y + m.line_skip + margin <= clip.y || y - margin >= clip.y + clip.h ||
        x >= clip.x + clip.w) {
        g->st.culled++;
        return;
    }
    text_entry_t *e = cache_get(g, f, s, n, c);
    if (g->direct) {
        if (e->cov)
            composite(g, e, x + e->dx, y + e->dy, c, a);
        return;
    }
    if (!e->tex)
        return;
    SDL_SetTextureAlphaMod(e->tex, a);
    SDL_RenderCopy(g->ren, e->tex, NULL, &(SDL_Rect){x, y + e->dy, e->w, e->h});
}

static const gfx_ops_t sdl_ops = {
    .fill_rect = op_fill_rect,
    .fill_round_rect = op_fill_round_rect,
    .stroke_round_rect = op_stroke_round_rect,
    .fill_triangles = op_fill_triangles,
    .text_width = op_text_width,
    .font_metrics = op_font_metrics,
    .draw_text = op_draw_text,
    .push_clip = op_push_clip,
    .pop_clip = op_pop_clip,
    .set_opacity = op_set_opacity,
    .set_offset = op_set_offset,
};
