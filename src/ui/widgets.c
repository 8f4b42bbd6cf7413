#include "widgets.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/qr.h"
#include "../core/util.h"

void ui_metrics_compute(ui_metrics_t *m, int w, int h) { ui_metrics_compute_scaled(m, w, h, 1.0f); }

void ui_metrics_compute_scaled(ui_metrics_t *m, int w, int h, float text_scale)
{
    memset(m, 0, sizeof *m);
    int s = AGM_MAX(AGM_MIN(w, h), 200);
    m->w = w;
    m->h = h;
    m->portrait = h > w;
    m->u = AGM_MAX(2, (s + 50) / 100);
    m->margin = 3 * m->u;
    /* 2 mm on the 7" panel (5.2 px/mm) is 10.4 px; keep that proportion. */
    m->gap = AGM_MAX(2 * m->u, (int)lround(s * 0.022));
    m->target = (int)ceil(s * 0.1);
    m->button_h = (int)lround(s * 0.12);
    m->radius = AGM_MAX(3, (m->u * 3) / 2);
    m->bar_h = m->button_h + 2 * m->u;
    m->line = AGM_MAX(1, s / 480);
    /* Type: body 1/24 of the shorter side (20 px on the 480 px panel). */
    int body = (int)lround(AGM_MAX(20, (int)lround(s / 24.0)) * (text_scale > 0 ? text_scale : 1.0f));
    m->px_body = body;
    m->px_small = AGM_MAX(18, (int)lround(body / 1.25));
    m->px_h3 = (int)lround(body * 1.25);
    m->px_h2 = (int)lround(body * 1.5625);
    m->px_h1 = (int)lround(body * 1.953125);
    m->px_display = (int)lround(body * 3.0517578);
    m->body_line = (int)lround(body * 1.45);
    m->measure = body * 34;
}

font_t ui_font(int px, bool bold)
{
    return (font_t){px, bold ? FONT_BOLD : FONT_REGULAR, false};
}

bool ui_is_pressed(const ui_t *ui, const char *id)
{
    return ui->pressed && id && strcmp(ui->pressed, id) == 0;
}

float ui_ease(uint64_t t0, uint64_t now, int ms)
{
    if (ms <= 0 || now >= t0 + (uint64_t)ms)
        return 1.0f;
    if (now <= t0)
        return 0.0f;
    float t = (float)(now - t0) / (float)ms;
    /* ease in-out (cubic) */
    return t < 0.5f ? 4 * t * t * t : 1 - powf(-2 * t + 2, 3) / 2;
}

void ui_draw_icon(gfx_t *g, int icon, rect_t b, rgba_t c)
{
    float x = (float)b.x, y = (float)b.y, w = (float)b.w, h = (float)b.h;
    float t = fmaxf(2.0f, w * 0.16f); /* stroke */
    if (icon == '<' || icon == '>') {
        /* A chevron of two quads (four triangles). */
        float cx = x + w * 0.5f, cy = y + h * 0.5f, s = fminf(w, h) * 0.38f;
        float d = icon == '<' ? 1.0f : -1.0f;
        float tip = cx - d * s * 0.5f, end = cx + d * s * 0.5f;
        float v[] = {
            tip, cy, end, cy - s, end + d * t, cy - s,
            tip, cy, end + d * t, cy - s, tip + d * t, cy,
            tip, cy, end, cy + s, end + d * t, cy + s,
            tip, cy, end + d * t, cy + s, tip + d * t, cy,
        };
        gfx_triangles(g, v, 12, c);
    } else if (icon == 'h') {
        /* A house: roof triangle and a body with a door cut out. */
        float cx = x + w * 0.5f, top = y + h * 0.14f, eave = y + h * 0.48f, bot = y + h * 0.86f;
        float hw = w * 0.40f, bw = w * 0.28f, dw = w * 0.08f, dt = y + h * 0.62f;
        float v[] = {
            cx, top, cx - hw, eave, cx + hw, eave,
            /* left wall */
            cx - bw, eave, cx - dw, eave, cx - dw, bot,
            cx - bw, eave, cx - dw, bot, cx - bw, bot,
            /* right wall */
            cx + dw, eave, cx + bw, eave, cx + bw, bot,
            cx + dw, eave, cx + bw, bot, cx + dw, bot,
            /* above the door */
            cx - dw, eave, cx + dw, eave, cx + dw, dt,
            cx - dw, eave, cx + dw, dt, cx - dw, dt,
        };
        gfx_triangles(g, v, 21, c);
    } else if (icon == 'x') {
        float cx = x + w * 0.5f, cy = y + h * 0.5f, s = fminf(w, h) * 0.32f, k = t * 0.5f;
        float v[] = {
            cx - s - k, cy - s + k, cx - s + k, cy - s - k, cx + s + k, cy + s - k,
            cx - s - k, cy - s + k, cx + s + k, cy + s - k, cx + s - k, cy + s + k,
            cx + s - k, cy - s - k, cx + s + k, cy - s + k, cx - s + k, cy + s + k,
            cx + s - k, cy - s - k, cx - s + k, cy + s + k, cx - s - k, cy + s - k,
        };
        gfx_triangles(g, v, 12, c);
    }
}

int ui_button_width(ui_t *ui, const char *label, int px)
{
    font_t f = ui_font(px, true);
    int w = gfx_text_width(ui->gfx, &f, label) + 2 * (px + ui->m.u);
    return AGM_MAX(w, ui->m.target);
}

void ui_draw_button(ui_t *ui, gfx_t *g, rect_t r, const char *id, const char *label, int px, btn_style_t style,
                    int icon)
{
    const theme_t *t = ui->theme;
    bool pressed = ui_is_pressed(ui, id);
    rgba_t fg;
    int lt = AGM_MAX(2, ui->m.line * 2);
    switch (style) {
    case BTN_PRIMARY:
        gfx_round(g, r, ui->m.radius, pressed ? color_mix(t->accent, RGBA(0, 0, 0, 255), 0.3f) : t->accent);
        fg = t->accent_text;
        break;
    case BTN_SELECTED:
        gfx_round(g, r, ui->m.radius, pressed ? color_mix(t->text, RGBA(0, 0, 0, 255), 0.3f) : t->text);
        fg = t->surface;
        break;
    case BTN_QUIET:
        if (pressed)
            gfx_round(g, r, ui->m.radius, color_mix(t->surface_alt, t->line, 0.6f));
        fg = t->accent;
        break;
    default:
        gfx_round(g, r, ui->m.radius, pressed ? color_mix(t->surface_alt, t->line, 0.7f) : t->surface);
        gfx_stroke(g, r, ui->m.radius, lt, pressed ? t->accent : t->line);
        fg = t->text;
        break;
    }
    if (pressed) /* a second cue besides colour: the face sinks a little */
        r.y += AGM_MAX(1, ui->m.u / 3);
    font_t f = ui_font(px, true);
    font_metrics_t fm = gfx_metrics(g, &f);
    int is = icon ? (fm.ascent * 9) / 10 : 0;
    int ig = icon && label && *label ? px / 3 : 0;
    int pad = ui->m.u * 2;
    int avail = r.w - 2 * pad - is - ig;
    size_t n = label ? strlen(label) : 0;
    int lw = n ? gfx_text_width_n(g, &f, label, n) : 0;
    const char *ell = NULL;
    if (lw > avail && n) { /* last resort: cut with an ellipsis */
        ell = "\xE2\x80\xA6";
        n = text_fit_bytes(g, &f, label, n, avail - gfx_text_width(g, &f, ell));
        lw = gfx_text_width_n(g, &f, label, n) + gfx_text_width(g, &f, ell);
    }
    int total = is + ig + lw;
    int x = r.x + (r.w - total) / 2;
    int ty = r.y + (r.h - (fm.ascent + fm.descent)) / 2;
    bool icon_after = icon == '>';
    if (icon && !icon_after) {
        ui_draw_icon(g, icon, (rect_t){x, ty + (fm.ascent - is) / 2 + fm.descent / 2, is, is}, fg);
        x += is + ig;
    }
    if (n) {
        gfx_text_n(g, &f, x, ty, label, n, fg);
        x += gfx_text_width_n(g, &f, label, n);
        if (ell) {
            gfx_text(g, &f, x, ty, ell, fg);
            x += gfx_text_width(g, &f, ell);
        }
    }
    if (icon && icon_after)
        ui_draw_icon(g, icon, (rect_t){x + ig, ty + (fm.ascent - is) / 2 + fm.descent / 2, is, is}, fg);
}

/* ---- scroll view ----------------------------------------------------- */

#define SCROLL_FRICTION_MS 325.0f   /* time constant of the momentum decay */
#define SCROLL_STOP_SPEED 12.0f     /* px/s below which a fling stops */

int scroll_max(const scroll_t *s) { return AGM_MAX(0, s->content_h - s->view.h); }

static void scroll_clamp(scroll_t *s)
{
    float mx = (float)scroll_max(s);
    if (s->offset < 0) {
        s->offset = 0;
        s->velocity = 0;
    } else if (s->offset > mx) {
        s->offset = mx;
        s->velocity = 0;
    }
}

void scroll_set_content(scroll_t *s, rect_t view, int content_h)
{
    s->view = view;
    s->content_h = content_h;
    scroll_clamp(s);
}

void scroll_to(scroll_t *s, int offset)
{
    s->offset = (float)offset;
    s->velocity = 0;
    scroll_clamp(s);
}

bool scroll_moving(const scroll_t *s) { return s->velocity != 0 && !s->grabbed; }

static float scroll_wheel_step(int line_step) { return (float)line_step * 1.5f; }

bool scroll_input(scroll_t *s, const ui_input_t *in, int line_step)
{
    float before = s->offset;
    switch (in->kind) {
    case IN_PRESS:
        if (rect_contains(s->view, in->x, in->y) && s->velocity != 0) {
            s->velocity = 0; /* a touch stops a fling where it is */
            return true;
        }
        return false;
    case IN_DRAG_BEGIN:
        s->grabbed = rect_contains(s->view, in->x0, in->y0) && scroll_max(s) > 0;
        if (s->grabbed)
            s->velocity = 0;
        return s->grabbed;
    case IN_DRAG:
        if (!s->grabbed)
            return false;
        s->offset -= (float)in->dy;
        scroll_clamp(s);
        return true;
    case IN_DRAG_END:
        if (!s->grabbed)
            return false;
        s->grabbed = false;
        s->velocity = -in->vy;
        {
            float cap = (float)AGM_MAX(s->view.h, 100) * 8.0f;
            s->velocity = AGM_CLAMP(s->velocity, -cap, cap);
        }
        if (fabsf(s->velocity) < SCROLL_STOP_SPEED * 4)
            s->velocity = 0;
        s->last_t = in->t;
        scroll_clamp(s);
        return true;
    case IN_WHEEL: {
        /* Only the view under the pointer scrolls. */
        if (!rect_contains(s->view, in->x, in->y))
            return false;
        bool flung = s->velocity != 0;
        s->velocity = 0; /* the wheel takes over from a fling */
        s->offset += scroll_wheel_step(line_step) * (float)in->wheel / (float)UI_WHEEL_NOTCH;
        scroll_clamp(s);
        return s->offset != before || flung;
    }
    case IN_KEY: {
        int page = AGM_MAX(line_step, s->view.h - 2 * line_step);
        switch (in->key) {
        case UI_KEY_DOWN: s->offset += (float)line_step; break;
        case UI_KEY_UP: s->offset -= (float)line_step; break;
        case UI_KEY_PAGEDOWN: case UI_KEY_SPACE: s->offset += (float)page; break;
        case UI_KEY_PAGEUP: s->offset -= (float)page; break;
        case UI_KEY_HOME: s->offset = 0; break;
        case UI_KEY_END: s->offset = (float)scroll_max(s); break;
        default: return false;
        }
        s->velocity = 0;
        scroll_clamp(s);
        return s->offset != before || scroll_max(s) > 0;
    }
    default:
        return false;
    }
}

bool scroll_update(scroll_t *s, uint64_t now)
{
    if (!scroll_moving(s)) {
        s->last_t = now;
        return false;
    }
    uint64_t dt_ms = now > s->last_t ? now - s->last_t : 0;
    if (dt_ms > 100)
        dt_ms = 100; /* a stalled frame must not jump */
    s->last_t = now;
    float dt = (float)dt_ms;
    s->offset += s->velocity * dt / 1000.0f;
    s->velocity *= expf(-dt / SCROLL_FRICTION_MS);
    if (fabsf(s->velocity) < SCROLL_STOP_SPEED)
        s->velocity = 0;
    scroll_clamp(s);
    return s->velocity != 0 || dt_ms > 0;
}

void scroll_draw_indicator(const scroll_t *s, gfx_t *g, rgba_t c, int th)
{
    int mx = scroll_max(s);
    if (mx <= 0 || s->content_h <= 0)
        return;
    int track = s->view.h - 2 * th;
    int len = AGM_MAX(th * 4, (int)((long)track * s->view.h / s->content_h));
    int pos = (int)((float)(track - len) * s->offset / (float)mx);
    gfx_round(g, (rect_t){s->view.x + s->view.w - 2 * th, s->view.y + th + pos, th, len}, th / 2, c);
}

bool scroll_visible(const scroll_t *s, rect_t cr, int min_h, rect_t *out)
{
    rect_t on = {cr.x, s->view.y + cr.y - (int)lroundf(s->offset), cr.w, cr.h};
    rect_t vis = rect_intersect(on, s->view);
    if (out)
        *out = vis;
    return vis.h >= min_h && vis.h > 0 && vis.w > 0;
}

/* ---- the top bar ---------------------------------------------------- */

void ui_bar_layout(ui_t *ui, bool has_back, bool has_home, ui_bar_t *b)
{
    const ui_metrics_t *m = &ui->m;
    b->has_back = has_back;
    b->has_home = has_home;
    int y = (m->bar_h - m->button_h) / 2;
    int x = m->margin;
    int wb = AGM_MAX(ui_button_width(ui, ui_str(ui, "nav.back"), m->px_body) + m->px_body, m->target);
    int wh = AGM_MAX(ui_button_width(ui, ui_str(ui, "nav.home"), m->px_body) + m->px_body, m->target);
    /* On narrow screens the buttons keep their icons only when the words do not fit. */
    int cap = m->w / 4;
    wb = AGM_MIN(wb, cap);
    wh = AGM_MIN(wh, cap);
    b->back = (rect_t){x, y, wb, m->button_h};
    if (b->has_back)
        x += wb + m->gap;
    b->home = (rect_t){x, y, wh, m->button_h};
}

void ui_draw_bar(ui_t *ui, gfx_t *g, const ui_bar_t *bar, const char *title, ui_bar_fit_t *fit)
{
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, (rect_t){0, 0, m->w, m->bar_h}, t->surface_alt);
    gfx_fill(g, (rect_t){0, m->bar_h - m->line, m->w, m->line}, t->line);
    int left = m->margin;
    if (bar->has_back) {
        bool words = bar->back.w > ui_button_width(ui, ui_str(ui, "nav.back"), m->px_body);
        ui_draw_button(ui, g, bar->back, "nav.back", words ? ui_str(ui, "nav.back") : "", m->px_body,
                       BTN_SECONDARY, '<');
        left = bar->back.x + bar->back.w + m->gap;
    }
    if (bar->has_home) {
        bool words = bar->home.w > ui_button_width(ui, ui_str(ui, "nav.home"), m->px_body);
        ui_draw_button(ui, g, bar->home, "nav.home", words ? ui_str(ui, "nav.home") : "", m->px_body,
                       BTN_SECONDARY, 'h');
        left = bar->home.x + bar->home.w + m->gap;
    }
    if (!title || !*title)
        return;
    /* Centred on the screen at the title size when that clears the buttons;
     * otherwise beside them, as large as fits on up to two lines. */
    font_t f = ui_font(m->px_h3, true);
    int tw = gfx_text_width(g, &f, title);
    rect_t box = {left + m->u, m->u, m->w - left - m->u - m->margin, m->bar_h - 2 * m->u};
    text_align_t al = TEXT_LEFT;
    if ((m->w - tw) / 2 >= left + m->u) {
        box.x = (m->w - tw) / 2;
        box.w = tw;
        al = TEXT_CENTER;
    } else {
        if (strcmp(fit->text, title) != 0 || fit->ops != g->ops || fit->w != box.w || fit->h != box.h) {
            snprintf(fit->text, sizeof fit->text, "%s", title);
            fit->ops = g->ops;
            fit->w = box.w;
            fit->h = box.h;
            fit->px = text_fit_px(g, title, FONT_BOLD, box, m->px_body, m->px_h3, 1.1f);
        }
        f.px = fit->px;
    }
    font_metrics_t fm = gfx_metrics(g, &f);
    int lh = (int)(f.px * 1.1f + 0.5f);
    int lines = AGM_MAX(1, 1 + (box.h - (fm.ascent + fm.descent)) / lh);
    text_opts_t o = {box.w, lh, lines, al};
    text_layout_t l;
    text_layout_str(g, &f, t->text, title, &o, &l);
    gfx_push_clip(g, (rect_t){left, 0, m->w - left, m->bar_h});
    text_layout_draw(g, &l, box.x, (m->bar_h - l.ink_h) / 2);
    text_layout_free(&l);
    gfx_pop_clip(g);
}

/* ---- QR codes ---------------------------------------------------------- */

int ui_qr_side(const qr_t *q, rect_t box)
{
    if (!q || q->size <= 0)
        return 0;
    int n = q->size + 2 * QR_QUIET;
    int mod = AGM_MIN(box.w, box.h) / n;
    return mod >= 1 ? mod * n : 0;
}

rect_t ui_draw_qr(gfx_t *g, const qr_t *q, rect_t box, rgba_t dark, rgba_t light)
{
    int side = ui_qr_side(q, box);
    if (!side)
        return (rect_t){box.x, box.y, 0, 0};
    int mod = side / (q->size + 2 * QR_QUIET);
    rect_t sq = {box.x + (box.w - side) / 2, box.y + (box.h - side) / 2, side, side};
    gfx_fill(g, sq, light);
    int x0 = sq.x + QR_QUIET * mod, y0 = sq.y + QR_QUIET * mod;
    for (int y = 0; y < q->size; y++) {
        /* one rectangle per run of dark modules on a row */
        for (int x = 0; x < q->size;) {
            if (!q->dark[y * q->size + x]) {
                x++;
                continue;
            }
            int e = x;
            while (e < q->size && q->dark[y * q->size + e])
                e++;
            gfx_fill(g, (rect_t){x0 + x * mod, y0 + y * mod, (e - x) * mod, mod}, dark);
            x = e;
        }
    }
    return sq;
}
