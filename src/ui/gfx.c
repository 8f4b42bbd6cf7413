#include "gfx.h"

#include <string.h>

void gfx_fill(gfx_t *g, rect_t r, rgba_t c) { g->ops->fill_rect(g->ctx, r, c); }
void gfx_round(gfx_t *g, rect_t r, int radius, rgba_t c) { g->ops->fill_round_rect(g->ctx, r, radius, c); }
void gfx_stroke(gfx_t *g, rect_t r, int radius, int t, rgba_t c) { g->ops->stroke_round_rect(g->ctx, r, radius, t, c); }
void gfx_triangles(gfx_t *g, const float *xy, int n, rgba_t c) { g->ops->fill_triangles(g->ctx, xy, n, c); }
int gfx_text_width(gfx_t *g, const font_t *f, const char *s) { return g->ops->text_width(g->ctx, f, s, strlen(s)); }
int gfx_text_width_n(gfx_t *g, const font_t *f, const char *s, size_t n) { return g->ops->text_width(g->ctx, f, s, n); }
void gfx_text(gfx_t *g, const font_t *f, int x, int y, const char *s, rgba_t c) { g->ops->draw_text(g->ctx, f, x, y, s, strlen(s), c); }
void gfx_text_n(gfx_t *g, const font_t *f, int x, int y, const char *s, size_t n, rgba_t c) { g->ops->draw_text(g->ctx, f, x, y, s, n, c); }
void gfx_push_clip(gfx_t *g, rect_t r) { g->ops->push_clip(g->ctx, r); }
void gfx_pop_clip(gfx_t *g) { g->ops->pop_clip(g->ctx); }
void gfx_set_opacity(gfx_t *g, float a) { g->ops->set_opacity(g->ctx, a); }
void gfx_set_offset(gfx_t *g, int dx, int dy) { g->ops->set_offset(g->ctx, dx + g->base_dx, dy + g->base_dy); }

void gfx_set_base_offset(gfx_t *g, int dx, int dy)
{
    g->base_dx = dx;
    g->base_dy = dy;
    g->ops->set_offset(g->ctx, dx, dy);
}

font_metrics_t gfx_metrics(gfx_t *g, const font_t *f)
{
    font_metrics_t m;
    g->ops->font_metrics(g->ctx, f, &m);
    return m;
}

bool rect_contains(rect_t r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool rect_overlaps(rect_t a, rect_t b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rect_inside(rect_t in, rect_t out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

rect_t rect_intersect(rect_t a, rect_t b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 < x0) x1 = x0;
    if (y1 < y0) y1 = y0;
    return (rect_t){x0, y0, x1 - x0, y1 - y0};
}

rect_t rect_inset(rect_t r, int d)
{
    return (rect_t){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}

bool gfx_set_rehearsal(gfx_t *g, bool on)
{
    if (!g->ops->set_rehearsal)
        return false;
    g->ops->set_rehearsal(g->ctx, on);
    return true;
}
