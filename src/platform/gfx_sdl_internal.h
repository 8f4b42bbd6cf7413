/* gfx_sdl_internal.h - shared by gfx_sdl.c (life cycle, shapes, clip) and
 * gfx_sdl_text.c (measuring, rasterizing and the text caches). Not part of
 * the backend's interface (gfx_sdl.h). */
#ifndef AGM_PLATFORM_GFX_SDL_INTERNAL_H
#define AGM_PLATFORM_GFX_SDL_INTERNAL_H

#include "gfx_sdl.h"

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
    bool rehearsal;         /* gfx_set_rehearsal: text into the cache, nothing drawn */
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


static inline uint8_t alpha_of(const gfx_sdl_t *g, uint8_t a)
{
    float v = (float)a * g->opacity;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5f);
}

static inline rect_t current_clip(const gfx_sdl_t *g)
{
    return g->nclips ? g->clips[g->nclips - 1] : (rect_t){0, 0, g->w, g->h};
}

/* gfx_sdl.c: the direct target. The part of r that may be drawn on now
 * (clip and surface), with the renderer flushed and the surface locked;
 * false: nothing to do. Then rows by direct_row(), and direct_end(). */
bool gfx_sdl_direct_begin(gfx_sdl_t *g, rect_t r, rect_t *out);
void gfx_sdl_direct_end(gfx_sdl_t *g);
uint32_t *gfx_sdl_direct_row(gfx_sdl_t *g, int y);

/* gfx_sdl_text.c */
void gfx_sdl_width_cache_clear(gfx_sdl_t *g);
int gfx_sdl_op_text_width(void *ctx, const font_t *f, const char *s, size_t n);
void gfx_sdl_op_font_metrics(void *ctx, const font_t *f, font_metrics_t *out);
void gfx_sdl_op_draw_text(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c);

#endif
