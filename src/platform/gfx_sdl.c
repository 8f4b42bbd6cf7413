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
#define CORNER_CACHE 64        /* (radius, thickness) corner sets kept */
#define CORNER_MAX 256         /* larger corners use the triangle path */

typedef struct text_entry {
    char *text;
    size_t len;
    uint32_t hash;
    int px, style;
    uint8_t r, g, b;
    SDL_Texture *tex;       /* NULL when the text has no pixels (e.g. spaces only) */
    int w, h, dy;           /* size; dy = top relative to the line box */
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

/* The four anti-aliased corners of a rounded rectangle (filled when
 * thickness is 0, else an outline), white with coverage in alpha, tinted
 * at draw time. */
typedef struct {
    int size, radius, thickness;
    SDL_Texture *tex[4];    /* top-left, top-right, bottom-right, bottom-left */
} corner_set_t;

struct gfx_sdl {
    SDL_Renderer *ren;
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
    corner_set_t corners[CORNER_CACHE];
    int ncorners, corner_next;
    int blend;              /* the renderer's draw blend mode as last set, -1 unknown */
};

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

/* Opaque fills go without blending: the software renderer blends every
 * pixel of a blended fill even at full alpha, which made full-screen fills
 * the largest cost of a frame. Geometry always blends (its edges fade). */
static void set_blend(gfx_sdl_t *g, bool blend)
{
    int mode = blend ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE;
    if (g->blend != mode) {
        SDL_SetRenderDrawBlendMode(g->ren, (SDL_BlendMode)mode);
        g->blend = mode;
    }
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
    g->blend = SDL_BLENDMODE_BLEND;
    return g;
}

static void entry_free(text_entry_t *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
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
    for (int i = 0; i < g->ncorners; i++)
        for (int k = 0; k < 4; k++)
            if (g->corners[i].tex[k])
                SDL_DestroyTexture(g->corners[i].tex[k]);
    g->ncorners = g->corner_next = 0;
}

void gfx_sdl_destroy(gfx_sdl_t *g)
{
    if (!g)
        return;
    gfx_sdl_clear_cache(g);
    corners_clear(g);
    width_cache_clear(g);
    free(g->verts);
    free(g->idx);
    free(g->path_a);
    free(g->path_b);
    free(g);
}

gfx_t gfx_sdl_begin_frame(gfx_sdl_t *g, int w, int h)
{
    g->w = w;
    g->h = h;
    g->dx = g->dy = 0;
    g->opacity = 1.0f;
    g->nclips = g->clip_overflow = 0;
    g->frame++;
    SDL_RenderSetClipRect(g->ren, NULL);
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
    g->blend = SDL_BLENDMODE_BLEND;
    return (gfx_t){.ops = &sdl_ops, .ctx = g, .w = w, .h = h};
}

void gfx_sdl_set_cache_limit(gfx_sdl_t *g, size_t bytes)
{
    g->cache_limit = bytes;
}

void gfx_sdl_stats(const gfx_sdl_t *g, gfx_sdl_stats_t *out)
{
    *out = g->st;
    out->cache_entries = g->cache_entries;
    out->cache_bytes = g->cache_bytes;
}

/* ---- rectangles and geometry ---------------------------------------------- */

static void op_fill_rect(void *ctx, rect_t r, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    uint8_t a = alpha_of(g, c.a);
    if (!a || r.w <= 0 || r.h <= 0)
        return;
    set_blend(g, a < 255);
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, a);
    SDL_RenderFillRect(g->ren, &(SDL_Rect){r.x + g->dx, r.y + g->dy, r.w, r.h});
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
    set_blend(g, true);
    if (g->nidx)
        SDL_RenderGeometry(g->ren, NULL, g->verts, (int)g->nverts, g->idx, (int)g->nidx);
    geo_reset(g);
}

static int corner_segments(float radius)
{
    int n = (int)(radius / 2.5f) + 3;
    return n < 3 ? 3 : n > 16 ? 16 : n;
}

/* The outline of rounded rect (x, y, w, h, radius) moved inwards by d (d < 0:
 * outwards), clockwise, segs + 1 points per corner, into out. The corners
 * keep their centres so outlines at different d are parallel curves; once
 * d passes the radius the corner becomes square. */
static void round_path(float x, float y, float w, float h, float radius, float d, int segs, SDL_FPoint *out)
{
    float inset = radius > d ? radius : d;
    float rr = radius - d > 0 ? radius - d : 0;
    const float cx[4] = {x + inset, x + w - inset, x + w - inset, x + inset};
    const float cy[4] = {y + inset, y + inset, y + h - inset, y + h - inset};
    const float start[4] = {(float)M_PI, 1.5f * (float)M_PI, 0.0f, 0.5f * (float)M_PI};
    int k = 0;
    for (int c = 0; c < 4; c++)
        for (int i = 0; i <= segs; i++) {
            float a = start[c] + (float)M_PI * 0.5f * (float)i / (float)segs;
            out[k++] = (SDL_FPoint){cx[c] + rr * cosf(a), cy[c] + rr * sinf(a)};
        }
}

/* Triangles between two outlines of n points (a ring), with alphas aa, ab. */
static void geo_ring(gfx_sdl_t *g, const SDL_FPoint *pa, uint8_t aa, const SDL_FPoint *pb, uint8_t ab, int n, rgba_t c)
{
    int base = (int)g->nverts;
    for (int i = 0; i < n; i++) {
        geo_vert(g, pa[i].x, pa[i].y, c, aa);
        geo_vert(g, pb[i].x, pb[i].y, c, ab);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        int a0 = base + 2 * i, b0 = a0 + 1, a1 = base + 2 * j, b1 = a1 + 1;
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

static float clamp_radius(rect_t r, int radius)
{
    float m = (float)(r.w < r.h ? r.w : r.h) * 0.5f;
    return radius > m ? m : (float)radius;
}

/* ---- rounded rectangles as nine patches -----------------------------------
 * Large shapes drawn as triangles are slow in the software renderer (every
 * pixel is interpolated), and cards fill most of the screen. So a rounded
 * rectangle is four small cached corner textures plus plain rectangles for
 * the straight parts: no piece overlaps another, so translucent drawing
 * (fades) blends each pixel once, and the straight edges are pixel-aligned. */

/* Coverage (0..1) of pixel (px, py) of a size x size top-left corner of a
 * shape with outer radius rad, minus the hole inset by t (t = 0: filled).
 * 4 x 4 samples per pixel. */
static float corner_coverage(int px, int py, int rad, int t)
{
    int inside = 0;
    float ri = rad > t ? (float)(rad - t) : 0.0f;
    for (int sy = 0; sy < 4; sy++)
        for (int sx = 0; sx < 4; sx++) {
            float x = (float)px + (sx + 0.5f) / 4.0f, y = (float)py + (sy + 0.5f) / 4.0f;
            bool in = true;
            if (x < rad && y < rad) {
                float ddx = (float)rad - x, ddy = (float)rad - y;
                in = ddx * ddx + ddy * ddy <= (float)rad * (float)rad;
            }
            if (in && t > 0 && x >= t && y >= t) {
                bool hole = true;
                float cx = (float)t + ri, cy = (float)t + ri;
                if (x < cx && y < cy) {
                    float ddx = cx - x, ddy = cy - y;
                    hole = ddx * ddx + ddy * ddy <= ri * ri;
                }
                in = !hole;
            }
            inside += in;
        }
    return (float)inside / 16.0f;
}

static const corner_set_t *corner_get(gfx_sdl_t *g, int size, int rad, int t)
{
    for (int i = 0; i < g->ncorners; i++)
        if (g->corners[i].size == size && g->corners[i].radius == rad && g->corners[i].thickness == t)
            return &g->corners[i];
    SDL_Surface *sf = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!sf)
        return NULL;
    corner_set_t set = {size, rad, t, {NULL, NULL, NULL, NULL}};
    uint8_t *cov = xmalloc((size_t)size * (size_t)size);
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
            cov[y * size + x] = (uint8_t)(corner_coverage(x, y, rad, t) * 255.0f + 0.5f);
    bool ok = true;
    for (int k = 0; k < 4 && ok; k++) {
        SDL_LockSurface(sf);
        for (int y = 0; y < size; y++) {
            uint32_t *row = (uint32_t *)((uint8_t *)sf->pixels + y * sf->pitch);
            for (int x = 0; x < size; x++) {
                /* k: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left */
                int sx = (k == 1 || k == 2) ? size - 1 - x : x;
                int sy = (k >= 2) ? size - 1 - y : y;
                row[x] = ((uint32_t)cov[sy * size + sx] << 24) | 0x00FFFFFFu;
            }
        }
        SDL_UnlockSurface(sf);
        set.tex[k] = SDL_CreateTextureFromSurface(g->ren, sf);
        ok = set.tex[k] && SDL_SetTextureBlendMode(set.tex[k], SDL_BLENDMODE_BLEND) == 0;
    }
    free(cov);
    SDL_FreeSurface(sf);
    if (!ok) {
        for (int k = 0; k < 4; k++)
            if (set.tex[k])
                SDL_DestroyTexture(set.tex[k]);
        return NULL;
    }
    int slot;
    if (g->ncorners < CORNER_CACHE) {
        slot = g->ncorners++;
    } else { /* round robin: corner sizes change only with the window size */
        slot = g->corner_next;
        g->corner_next = (g->corner_next + 1) % CORNER_CACHE;
        for (int k = 0; k < 4; k++)
            SDL_DestroyTexture(g->corners[slot].tex[k]);
    }
    g->corners[slot] = set;
    return &g->corners[slot];
}

static void rect_fill_px(gfx_sdl_t *g, int x, int y, int w, int h)
{
    if (w > 0 && h > 0)
        SDL_RenderFillRect(g->ren, &(SDL_Rect){x, y, w, h});
}

/* Draws the shape as nine patches; false when it must take the triangle
 * path (corner too large, or no texture could be made). */
static bool round_rect_patches(gfx_sdl_t *g, rect_t r, int radius, int t, rgba_t c, uint8_t a)
{
    int rad = radius;
    int m = (r.w < r.h ? r.w : r.h) / 2;
    if (rad > m)
        rad = m;
    int cs = t > rad ? t : rad;
    if (rad <= 0 || cs > CORNER_MAX || 2 * cs > r.w || 2 * cs > r.h)
        return false;
    const corner_set_t *set = corner_get(g, cs, rad, t);
    if (!set)
        return false;
    int x = r.x + g->dx, y = r.y + g->dy, w = r.w, h = r.h;
    const SDL_Rect dst[4] = {{x, y, cs, cs}, {x + w - cs, y, cs, cs}, {x + w - cs, y + h - cs, cs, cs},
                             {x, y + h - cs, cs, cs}};
    for (int k = 0; k < 4; k++) {
        SDL_SetTextureColorMod(set->tex[k], c.r, c.g, c.b);
        SDL_SetTextureAlphaMod(set->tex[k], a);
        SDL_RenderCopy(g->ren, set->tex[k], NULL, &dst[k]);
    }
    set_blend(g, a < 255);
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, a);
    if (t == 0) {
        rect_fill_px(g, x + cs, y, w - 2 * cs, h);
        rect_fill_px(g, x, y + cs, cs, h - 2 * cs);
        rect_fill_px(g, x + w - cs, y + cs, cs, h - 2 * cs);
    } else {
        rect_fill_px(g, x + cs, y, w - 2 * cs, t);
        rect_fill_px(g, x + cs, y + h - t, w - 2 * cs, t);
        rect_fill_px(g, x, y + cs, t, h - 2 * cs);
        rect_fill_px(g, x + w - t, y + cs, t, h - 2 * cs);
    }
    return true;
}

static void op_fill_round_rect(void *ctx, rect_t r, int radius, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    if (radius <= 0) {
        op_fill_rect(ctx, r, c);
        return;
    }
    uint8_t a = alpha_of(g, c.a);
    if (!a || r.w <= 0 || r.h <= 0)
        return;
    if (round_rect_patches(g, r, radius, 0, c, a))
        return;
    float x = (float)(r.x + g->dx), y = (float)(r.y + g->dy), w = (float)r.w, h = (float)r.h;
    float rad = clamp_radius(r, radius);
    int segs = corner_segments(rad);
    int n = 4 * (segs + 1);
    paths_reserve(g, (size_t)n);
    geo_reset(g);
    /* Solid inside the outline moved in by half a pixel, then a one-pixel
     * ring fading to transparent across the true edge: anti-aliasing that
     * works the same in every renderer, the software one included. */
    round_path(x, y, w, h, rad, 0.5f, segs, g->path_a);
    round_path(x, y, w, h, rad, -0.5f, segs, g->path_b);
    int centre = geo_vert(g, x + w * 0.5f, y + h * 0.5f, c, a);
    int first = (int)g->nverts;
    for (int i = 0; i < n; i++)
        geo_vert(g, g->path_a[i].x, g->path_a[i].y, c, a);
    for (int i = 0; i < n; i++)
        geo_tri(g, centre, first + i, first + (i + 1) % n);
    geo_ring(g, g->path_a, a, g->path_b, 0, n, c);
    geo_flush(g);
}

static void op_stroke_round_rect(void *ctx, rect_t r, int radius, int thickness, rgba_t c)
{
    gfx_sdl_t *g = ctx;
    uint8_t a = alpha_of(g, c.a);
    if (!a || r.w <= 0 || r.h <= 0 || thickness <= 0)
        return;
    float t = (float)thickness;
    if (2 * t >= (float)r.w || 2 * t >= (float)r.h) { /* nothing left inside: a filled shape */
        op_fill_round_rect(ctx, r, radius, c);
        return;
    }
    if (radius > 0 && round_rect_patches(g, r, radius, thickness, c, a))
        return;
    float x = (float)(r.x + g->dx), y = (float)(r.y + g->dy), w = (float)r.w, h = (float)r.h;
    float rad = radius > 0 ? clamp_radius(r, radius) : 0;
    int segs = rad > 0 ? corner_segments(rad) : 1;
    int n = 4 * (segs + 1);
    paths_reserve(g, (size_t)n * 2);
    SDL_FPoint *p0 = g->path_a, *p1 = g->path_a + n, *p2 = g->path_b, *p3 = g->path_b + n;
    geo_reset(g);
    /* outer feather, solid band, inner feather */
    round_path(x, y, w, h, rad, -0.5f, segs, p0);
    round_path(x, y, w, h, rad, 0.5f, segs, p1);
    round_path(x, y, w, h, rad, t - 0.5f, segs, p2);
    round_path(x, y, w, h, rad, t + 0.5f, segs, p3);
    geo_ring(g, p0, 0, p1, a, n, c);
    if (t > 1.0f)
        geo_ring(g, p1, a, p2, a, n, c);
    geo_ring(g, t > 1.0f ? p2 : p1, a, p3, 0, n, c);
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
    set_blend(g, true);
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

static text_entry_t *cache_get(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, rgba_t c)
{
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
    if (surf) {
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
