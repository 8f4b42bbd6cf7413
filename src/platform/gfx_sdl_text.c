/* gfx_sdl_text.c - text for the SDL backend: measuring with a width cache,
 * rasterizing through the font chain, and the LRU cache of lines (textures,
 * or coverage spans for a direct target). See gfx_sdl.h. */
#include "gfx_sdl_internal.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/blend.h"
#include "../ui/textrun.h"

#include <stdlib.h>
#include <string.h>

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


static void entry_free(text_entry_t *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->cov);
    free(e->text);
    free(e);
}

void gfx_sdl_width_cache_clear(gfx_sdl_t *g)
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

/* The measuring font of a run: its own, or the first of the chain that opens. */
static TTF_Font *run_measure_font(gfx_sdl_t *g, const font_t *f, int want)
{
    TTF_Font *font = fonts_get_measure(g->fs, f, want);
    for (int i = 0; !font && i < fonts_chain_len(g->fs, f); i++)
        font = fonts_get_measure(g->fs, f, i);
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
        TTF_Font *font = run_measure_font(g, f, run.font);
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

int gfx_sdl_op_text_width(void *ctx, const font_t *f, const char *s, size_t n)
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
        gfx_sdl_width_cache_clear(g);
    width_entry_t *e = xmalloc(sizeof *e);
    *e = (width_entry_t){xstrndup(s, n), n, h, f->px, style, w, NULL};
    e->hnext = g->wbuckets[h & (WIDTH_BUCKETS - 1)];
    g->wbuckets[h & (WIDTH_BUCKETS - 1)] = e;
    g->wcount++;
    return w;
}

void gfx_sdl_op_font_metrics(void *ctx, const font_t *f, font_metrics_t *out)
{
    gfx_sdl_t *g = ctx;
    fonts_metrics(g->fs, f, out);
    if (!out->line_skip) { /* no font: plausible numbers so layout still works */
        out->ascent = f->px * 8 / 10;
        out->descent = f->px * 2 / 10;
        out->line_skip = f->px * 12 / 10;
    }
}

/* A line rendered run by run with the fallback chain: one surface a run,
 * placed side by side on the first font's baseline (runs do not overlap). */
enum { MAX_RUNS = 64 };
typedef struct {
    SDL_Surface *parts[MAX_RUNS];
    int xs[MAX_RUNS], ys[MAX_RUNS], n;
    int w, top, bottom; /* the whole line's width, and its extent about the line box's top */
} runs_t;

/* Render s[0..n)'s runs: blended in col (ARGB), or shaded (8-bit coverage,
 * the alpha the blended rendering gives) when shaded. A run that renders
 * to nothing (a lone control character) is skipped; past MAX_RUNS runs
 * (an absurdly mixed line) what fits is kept. Caller frees the parts. */
static void render_runs(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, bool shaded, SDL_Color col,
                        runs_t *r)
{
    r->n = r->w = r->top = r->bottom = 0;
    font_metrics_t m;
    fonts_metrics(g->fs, f, &m);
    glyph_ctx_t gc = {g, f};
    textrun_iter_t it;
    textrun_t run;
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
        SDL_Surface *part = shaded ? TTF_RenderUTF8_Shaded(font, tmp, (SDL_Color){255, 255, 255, 255},
                                                           (SDL_Color){0, 0, 0, 0})
                                   : TTF_RenderUTF8_Blended(font, tmp, col);
        if (!part)
            continue;
        if (r->n == MAX_RUNS || (shaded && part->format->BytesPerPixel != 1)) {
            SDL_FreeSurface(part);
            break;
        }
        int y = m.ascent - asc;
        r->parts[r->n] = part;
        r->xs[r->n] = r->w;
        r->ys[r->n] = y;
        if (y < r->top) r->top = y;
        if (y + part->h > r->bottom) r->bottom = y + part->h;
        r->w += part->w;
        r->n++;
    }
    free(tmp);
    g->st.rasterized++;
}

/* Rasterize s[0..n) with the fallback chain into one ARGB surface whose top
 * is *dy pixels below the line box's top (runs are aligned on the first
 * font's baseline). Caller frees the surface. NULL when nothing to draw. */
static SDL_Surface *rasterize(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, SDL_Color col, int *dy)
{
    runs_t r;
    render_runs(g, f, s, n, false, col, &r);
    if (!r.n)
        return NULL;
    if (r.n == 1 && r.ys[0] == 0) {
        *dy = 0;
        return r.parts[0];
    }
    SDL_Surface *all = SDL_CreateRGBSurfaceWithFormat(0, r.w, r.bottom - r.top, 32, SDL_PIXELFORMAT_ARGB8888);
    if (all)
        SDL_FillRect(all, NULL, 0);
    for (int i = 0; i < r.n; i++) {
        if (all) {
            /* copy the pixels with their alpha: runs do not overlap */
            SDL_SetSurfaceBlendMode(r.parts[i], SDL_BLENDMODE_NONE);
            SDL_BlitSurface(r.parts[i], NULL, all, &(SDL_Rect){r.xs[i], r.ys[i] - r.top, r.parts[i]->w, r.parts[i]->h});
        }
        SDL_FreeSurface(r.parts[i]);
    }
    *dy = r.top;
    return all;
}

/* The coverage of s[0..n) with the fallback chain, as coverage spans in
 * e->cov (blend.h; NULL when nothing is inked), e->dx, e->dy at the ink
 * box's top left. Each run is rendered shaded: 8-bit, its pixel the
 * glyphs' coverage, the alpha the blended rendering gives (the same
 * glyph pixels, a quarter of the bytes to look through). Runs are placed
 * as rasterize() places them. */
static void rasterize_coverage(gfx_sdl_t *g, const font_t *f, const char *s, size_t n, text_entry_t *e)
{
    runs_t r;
    render_runs(g, f, s, n, true, (SDL_Color){0, 0, 0, 0}, &r);
    if (!r.n)
        return;
    blend_spans_t sp;
    bool any, alone = r.n == 1 && r.ys[0] == 0;
    if (alone) {
        any = blend_spans_of8(r.parts[0]->pixels, (size_t)r.parts[0]->pitch, r.parts[0]->w, r.parts[0]->h, &sp);
    } else {
        /* the runs side by side in one plane (they do not overlap) */
        int w = r.w, h = r.bottom - r.top;
        uint8_t *all = xcalloc((size_t)w * (size_t)(h > 0 ? h : 1), 1);
        for (int i = 0; i < r.n; i++)
            for (int y = 0; y < r.parts[i]->h; y++)
                memcpy(all + (size_t)(r.ys[i] - r.top + y) * (size_t)w + (size_t)r.xs[i],
                       (const uint8_t *)r.parts[i]->pixels + (size_t)y * (size_t)r.parts[i]->pitch,
                       (size_t)r.parts[i]->w);
        any = blend_spans_of8(all, (size_t)w, w, h, &sp);
        free(all);
    }
    for (int i = 0; i < r.n; i++)
        SDL_FreeSurface(r.parts[i]);
    e->dy = alone ? 0 : r.top;
    if (any) {
        e->w = sp.w;
        e->h = sp.h;
        e->cov = sp.cov;
        e->bytes = sp.bytes;
        e->dx = sp.x;
        e->dy += sp.y;
    }
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
    SDL_Surface *surf = g->direct ? NULL : rasterize(g, f, e->text, n, (SDL_Color){c.r, c.g, c.b, 255}, &e->dy);
    if (g->direct) {
        rasterize_coverage(g, f, e->text, n, e);
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
    if (!gfx_sdl_direct_begin(g, (rect_t){x, y, e->w, e->h}, &d))
        return;
    blend_ink_t ink = blend_ink(c, a);
    const int lo = d.x - x, hi = d.x + d.w - x; /* the clip, in the line's columns */
    for (int j = 0; j < d.h; j++)
        blend_spans_row(e->cov, e->h, d.y - y + j, gfx_sdl_direct_row(g, d.y + j) + d.x, lo, hi, &ink);
    gfx_sdl_direct_end(g);
}

void gfx_sdl_op_draw_text(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c)
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
    if (g->rehearsal)
        return; /* ready for when it is drawn */
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
