#include "gfx_record.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "../core/util.h"

#define REC_MAX_CLIPS 32

struct gfx_record {
    int w, h;
    rec_item_t *items;
    size_t n, cap;
    rect_t clips[REC_MAX_CLIPS];
    int nclips;         /* may exceed REC_MAX_CLIPS; deeper clips are ignored */
    int underflows;
    float opacity;
    int dx, dy;
    const gfx_t *fonts;  /* real fonts for measuring, or NULL: the fake font */
    int screen_changes;  /* screen_changed calls (kept by gfx_record_clear) */
};

int gfx_record_text_width(const font_t *f, const char *s, size_t n)
{
    /* Sum in half pixels so that Latin at an odd px stays exact. */
    long half = 0;
    size_t i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        half += utf8_is_cjk_breakable(cp) ? 2L * f->px : f->px;
        i += adv;
    }
    return (int)((half + 1) / 2);
}

static rect_t rec_clip_now(const gfx_record_t *r)
{
    rect_t c = {0, 0, r->w, r->h};
    int n = r->nclips < REC_MAX_CLIPS ? r->nclips : REC_MAX_CLIPS;
    for (int i = 0; i < n; i++)
        c = rect_intersect(c, r->clips[i]);
    return c;
}

static rec_item_t *rec_add(gfx_record_t *r, rec_kind_t kind, rect_t box, rgba_t c)
{
    xgrow((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items);
    rec_item_t *it = &r->items[r->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->r = (rect_t){box.x + r->dx, box.y + r->dy, box.w, box.h};
    it->clip = rec_clip_now(r);
    it->color = c;
    it->opacity = r->opacity;
    return it;
}

static void rec_fill_rect(void *ctx, rect_t box, rgba_t c) { rec_add(ctx, REC_FILL, box, c); }

static void rec_fill_round(void *ctx, rect_t box, int radius, rgba_t c)
{
    rec_add(ctx, REC_FILL, box, c)->radius = radius;
}

static void rec_stroke_round(void *ctx, rect_t box, int radius, int t, rgba_t c)
{
    rec_add(ctx, REC_STROKE, box, c)->radius = radius;
}

static void rec_triangles(void *ctx, const float *xy, int n, rgba_t c)
{
    if (n <= 0)
        return;
    float x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
    for (int i = 1; i < n; i++) {
        x0 = fminf(x0, xy[2 * i]);
        x1 = fmaxf(x1, xy[2 * i]);
        y0 = fminf(y0, xy[2 * i + 1]);
        y1 = fmaxf(y1, xy[2 * i + 1]);
    }
    rect_t b = {(int)floorf(x0), (int)floorf(y0), (int)ceilf(x1 - floorf(x0)), (int)ceilf(y1 - floorf(y0))};
    rec_add(ctx, REC_TRIANGLES, b, c);
}

static void fake_metrics(void *ctx, const font_t *f, font_metrics_t *m)
{
    m->ascent = (int)lround(f->px * 0.8);
    m->descent = (int)lround(f->px * 0.2);
    m->line_skip = (int)lround(f->px * 1.2);
}

static int fake_text_width(void *ctx, const font_t *f, const char *s, size_t n)
{
    return gfx_record_text_width(f, s, n);
}

static void rec_metrics(void *ctx, const font_t *f, font_metrics_t *m)
{
    const gfx_t *real = ((gfx_record_t *)ctx)->fonts;
    if (real)
        real->ops->font_metrics(real->ctx, f, m);
    else
        fake_metrics(ctx, f, m);
}

static int rec_text_width(void *ctx, const font_t *f, const char *s, size_t n)
{
    const gfx_t *real = ((gfx_record_t *)ctx)->fonts;
    return real ? real->ops->text_width(real->ctx, f, s, n) : gfx_record_text_width(f, s, n);
}

static void rec_draw_text(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c)
{
    font_metrics_t m;
    rec_metrics(ctx, f, &m);
    rect_t box = {x, y, rec_text_width(ctx, f, s, n), m.ascent + m.descent};
    rec_item_t *it = rec_add(ctx, REC_TEXT, box, c);
    it->font = *f;
    it->text = xstrndup(s, n);
}

static void rec_push_clip(void *ctx, rect_t c)
{
    gfx_record_t *r = ctx;
    c.x += r->dx; /* like the SDL backend: the offset moves clips too */
    c.y += r->dy;
    if (r->nclips < REC_MAX_CLIPS)
        r->clips[r->nclips] = c;
    r->nclips++;
}

static void rec_pop_clip(void *ctx)
{
    gfx_record_t *r = ctx;
    if (r->nclips == 0)
        r->underflows++;
    else
        r->nclips--;
}

static void rec_set_opacity(void *ctx, float a) { ((gfx_record_t *)ctx)->opacity = a; }

static void rec_set_offset(void *ctx, int dx, int dy)
{
    gfx_record_t *r = ctx;
    r->dx = dx;
    r->dy = dy;
}

static void rec_screen_changed(void *ctx) { ((gfx_record_t *)ctx)->screen_changes++; }

int gfx_record_screen_changes(const gfx_record_t *r)
{
    return r->screen_changes;
}

static const gfx_ops_t rec_ops = {
    .fill_rect = rec_fill_rect,
    .fill_round_rect = rec_fill_round,
    .stroke_round_rect = rec_stroke_round,
    .fill_triangles = rec_triangles,
    .text_width = rec_text_width,
    .font_metrics = rec_metrics,
    .draw_text = rec_draw_text,
    .push_clip = rec_push_clip,
    .pop_clip = rec_pop_clip,
    .set_opacity = rec_set_opacity,
    .set_offset = rec_set_offset,
    .screen_changed = rec_screen_changed,
};

gfx_record_t *gfx_record_create(int w, int h)
{
    gfx_record_t *r = xcalloc(1, sizeof *r);
    r->w = w;
    r->h = h;
    r->opacity = 1.0f;
    return r;
}

void gfx_record_clear(gfx_record_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].text);
    r->n = 0;
    r->nclips = 0;
    r->underflows = 0;
    r->opacity = 1.0f;
    r->dx = r->dy = 0;
}

void gfx_record_destroy(gfx_record_t *r)
{
    if (!r)
        return;
    gfx_record_clear(r);
    free(r->items);
    free(r);
}

void gfx_record_measure_with(gfx_record_t *r, const gfx_t *fonts) { r->fonts = fonts; }

gfx_t gfx_record_gfx(gfx_record_t *r)
{
    return (gfx_t){.ops = &rec_ops, .ctx = r, .w = r->w, .h = r->h};
}

size_t gfx_record_count(const gfx_record_t *r) { return r->n; }

const rec_item_t *gfx_record_item(const gfx_record_t *r, size_t i) { return i < r->n ? &r->items[i] : NULL; }

const rec_item_t *gfx_record_find_text(const gfx_record_t *r, const char *needle)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].kind == REC_TEXT && strstr(r->items[i].text, needle))
            return &r->items[i];
    return NULL;
}

int gfx_record_clip_depth(const gfx_record_t *r) { return r->nclips; }
int gfx_record_clip_underflows(const gfx_record_t *r) { return r->underflows; }

void gfx_record_dump(const gfx_record_t *r, FILE *out)
{
    static const char *kinds[] = {"fill", "stroke", "tri", "text"};
    for (size_t i = 0; i < r->n; i++) {
        const rec_item_t *it = &r->items[i];
        fprintf(out, "%-6s %5d %5d %5d %5d  clip %d %d %d %d", kinds[it->kind], it->r.x, it->r.y, it->r.w,
                it->r.h, it->clip.x, it->clip.y, it->clip.w, it->clip.h);
        if (it->kind == REC_TEXT)
            fprintf(out, "  %dpx%s%s \"%s\"", it->font.px, it->font.weight == FONT_BOLD ? " bold" : "",
                    it->font.italic ? " italic" : "", it->text);
        fputc('\n', out);
    }
}

static void nop_fill(void *ctx, rect_t r, rgba_t c) {}
static void nop_round(void *ctx, rect_t r, int radius, rgba_t c) {}
static void nop_stroke(void *ctx, rect_t r, int radius, int t, rgba_t c) {}
static void nop_tri(void *ctx, const float *xy, int n, rgba_t c) {}
static void nop_text(void *ctx, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c) {}
static void nop_push(void *ctx, rect_t r) {}
static void nop_pop(void *ctx) {}
static void nop_opacity(void *ctx, float a) {}
static void nop_offset(void *ctx, int dx, int dy) {}

static const gfx_ops_t measure_ops = {
    .fill_rect = nop_fill,
    .fill_round_rect = nop_round,
    .stroke_round_rect = nop_stroke,
    .fill_triangles = nop_tri,
    .text_width = fake_text_width,
    .font_metrics = fake_metrics,
    .draw_text = nop_text,
    .push_clip = nop_push,
    .pop_clip = nop_pop,
    .set_opacity = nop_opacity,
    .set_offset = nop_offset,
};

gfx_t gfx_record_measurer(int w, int h)
{
    return (gfx_t){.ops = &measure_ops, .ctx = NULL, .w = w, .h = h};
}
