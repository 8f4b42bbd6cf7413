/* scr_timeline.c - the year's activities in date order, grouped by month.
 * Landscape: the month stands in a left column beside its activities.
 * Portrait: the month is a heading above them. Tapping an activity opens its
 * detail in a panel (from the right in landscape, from the bottom in
 * portrait); Close, Back or a tap outside the panel closes it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "screen.h"
#include "widgets.h"

#define TL_SHEET_MS 260

typedef struct {
    rect_t r;            /* content coordinates (the touch target) */
    char id[40];
    char *date;          /* "Sept. 7 – Sept. 8" */
    size_t ev;           /* index in content->timeline */
} tl_row_t;

typedef struct {
    rect_t r;            /* content coordinates */
    char *text;
} tl_month_t;

typedef struct {
    scroll_t sc;
    tl_row_t *rows;
    size_t nrows;
    tl_month_t *months;
    size_t nmonths;
    int date_w, pad;
    bool stacked;        /* portrait: the date above the title, not beside it */
    /* the detail panel */
    bool open, closing;
    size_t sel;
    uint64_t t0;
    rect_t panel, close_r;
    scroll_t dsc;
    char *dates;         /* the full date (range) of the selected activity */
} tl_t;

static void *tl_create(ui_t *ui) { return xcalloc(1, sizeof(tl_t)); }

static void tl_clear(tl_t *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        free(t->rows[i].date);
    for (size_t i = 0; i < t->nmonths; i++)
        free(t->months[i].text);
    free(t->rows);
    free(t->months);
    t->rows = NULL;
    t->months = NULL;
    t->nrows = t->nmonths = 0;
    free(t->dates);
    t->dates = NULL;
}

static void tl_destroy(void *st)
{
    if (!st)
        return;
    tl_clear(st);
    free(st);
}

static const char *tl_title(ui_t *ui, void *st) { return ui_str(ui, "timeline.title"); }

static char *tl_date_range(ui_t *ui, const tl_event_t *e, const char *key)
{
    const char *a = ui_date(ui, key, e->year, e->month, e->day);
    if (!e->end_year)
        return xstrdup(a);
    const char *b = ui_date(ui, key, e->end_year, e->end_month, e->end_day);
    return xasprintf("%s \xE2\x80\x93 %s", a, b); /* en dash */
}

static const char *tl_category(ui_t *ui, const tl_event_t *e)
{
    static char key[64];
    snprintf(key, sizeof key, "category.%s", e->category && *e->category ? e->category : "other");
    return ui_str(ui, key);
}

/* Widths inside a row: date column, then the title and category. */
static int tl_text_w(const tl_t *t, int roww)
{
    return t->stacked ? roww - 2 * t->pad : roww - 2 * t->pad - t->date_w - t->pad;
}

/* Where the title starts inside a row, relative to the row's top. */
static int tl_title_dy(ui_t *ui, const tl_t *t)
{
    font_t df = ui_font(ui->m.px_body, true);
    font_metrics_t dm = gfx_metrics(ui->gfx, &df);
    return t->pad + (t->stacked ? dm.ascent + dm.descent + ui->m.u : 0);
}

static int tl_row_h(ui_t *ui, const tl_t *t, const tl_event_t *e, int roww)
{
    const ui_metrics_t *m = &ui->m;
    font_t f = ui_font(m->px_body, false);
    font_t sf = ui_font(m->px_small, false);
    text_opts_t o = {tl_text_w(t, roww), m->body_line, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(ui->gfx, &f, RGBA(0, 0, 0, 255), e->title, &o, &l);
    font_metrics_t sm = gfx_metrics(ui->gfx, &sf);
    int h = tl_title_dy(ui, t) + l.ink_h + m->u + sm.ascent + sm.descent + t->pad;
    text_layout_free(&l);
    return AGM_MAX(h, m->button_h);
}

static void tl_layout(ui_t *ui, void *st)
{
    tl_t *t = st;
    const ui_metrics_t *m = &ui->m;
    const content_t *c = ui->content;
    tl_clear(t);
    t->pad = m->u * 2;
    t->stacked = m->portrait;
    t->rows = xcalloc(c->ntimeline + 1, sizeof *t->rows);
    t->months = xcalloc(c->ntimeline + 1, sizeof *t->months);
    font_t bf = ui_font(m->px_body, true);
    t->date_w = 0;
    for (size_t i = 0; i < c->ntimeline; i++) {
        const tl_event_t *e = &c->timeline[i];
        char *a = xstrdup(ui_date(ui, "date.short", e->year, e->month, e->day));
        if (!e->end_year) {
            t->rows[i].date = a;
            t->date_w = AGM_MAX(t->date_w, gfx_text_width(ui->gfx, &bf, a));
            continue;
        }
        /* An activity of several days shows them all ("Sept. 7 to Sept. 8"),
         * on two lines in the date column: the column is as wide as the
         * wider half. */
        char *b = xstrdup(ui_date(ui, "date.short", e->end_year, e->end_month, e->end_day));
        t->rows[i].date = xstrdup(ui_fmt(ui, "date.range", a, b));
        const char *halves[2] = {ui_fmt(ui, "date.range", a, ""), ui_fmt(ui, "date.range", "", b)};
        for (int k = 0; k < 2; k++) {
            char *h = xstrdup(halves[k]);
            char *p = h;
            while (*p == ' ')
                p++;
            size_t n = strlen(p);
            while (n && p[n - 1] == ' ')
                p[--n] = 0;
            t->date_w = AGM_MAX(t->date_w, gfx_text_width(ui->gfx, &bf, p));
            free(h);
        }
        free(a);
        free(b);
    }
    int x = m->margin, w = m->w - 2 * m->margin - m->u * 2; /* room for the scroll indicator */
    int gutter = 0;
    font_t mf = ui_font(m->px_h3, true);
    if (!m->portrait) {
        for (size_t i = 0; i < c->ntimeline; i++) {
            const char *s = ui_date(ui, "date.month_year", c->timeline[i].year, c->timeline[i].month, 1);
            gutter = AGM_MAX(gutter, gfx_text_width(ui->gfx, &mf, s));
        }
        gutter = AGM_MIN(gutter + m->gap * 2, w / 4);
    }
    if (!t->stacked)
        t->date_w = AGM_MIN(t->date_w, (w - gutter) / 3);
    int roww = w - gutter;
    int y = m->margin;
    int py = -1, pm = -1;
    font_metrics_t mm = gfx_metrics(ui->gfx, &mf);
    for (size_t i = 0; i < c->ntimeline; i++) {
        const tl_event_t *e = &c->timeline[i];
        if (e->year != py || e->month != pm) {
            tl_month_t *mo = &t->months[t->nmonths++];
            if (i)
                y += m->gap * 2;
            mo->text = xstrdup(ui_date(ui, "date.month_year", e->year, e->month, 1));
            mo->r = (rect_t){x, y, m->portrait ? w : gutter - m->gap, mm.ascent + mm.descent};
            if (m->portrait)
                y += mo->r.h + m->u * 2;
            else
                mo->r.y = y + (m->button_h - mo->r.h) / 2 > y ? y + t->pad : y;
            py = e->year;
            pm = e->month;
        }
        tl_row_t *r = &t->rows[t->nrows++];
        int h = tl_row_h(ui, t, e, roww);
        if (!t->stacked) /* the date column may take two lines */
            h = AGM_MAX(h, 2 * t->pad + text_height(ui->gfx, &bf, r->date, t->date_w, 0));
        r->r = (rect_t){x + gutter, y, roww, h};
        r->ev = i;
        snprintf(r->id, sizeof r->id, "timeline.event.%zu", i);
        y += h + m->gap;
    }
    scroll_set_content(&t->sc, ui->body, y - m->gap + m->margin);

    /* The detail panel and its Close button. */
    rect_t b = ui->body;
    if (m->portrait)
        t->panel = (rect_t){0, b.y + b.h * 3 / 10, m->w, b.h - b.h * 3 / 10};
    else
        t->panel = (rect_t){m->w * 2 / 5, b.y, m->w - m->w * 2 / 5, b.h};
    int cw = ui_button_width(ui, ui_str(ui, "nav.close"), m->px_body) + m->px_body;
    cw = AGM_MIN(cw, t->panel.w - 2 * m->margin);
    t->close_r = (rect_t){t->panel.x + t->panel.w - m->margin - cw, t->panel.y + m->margin, cw, m->button_h};
    if (t->open)
        free(t->dates), t->dates = tl_date_range(ui, &c->timeline[t->sel], "date.full");
    rect_t dv = {t->panel.x, t->close_r.y + t->close_r.h + m->u, t->panel.w,
                 t->panel.y + t->panel.h - (t->close_r.y + t->close_r.h + m->u)};
    int dh = 0;
    if (t->open) {
        const tl_event_t *e = &c->timeline[t->sel];
        int tw = t->panel.w - 2 * m->margin - m->u * 2;
        font_t sf = ui_font(m->px_small, true), hf = ui_font(m->px_h2, true), pf = ui_font(m->px_body, false);
        dh = m->u;
        dh += text_height(ui->gfx, &sf, t->dates, tw, 0) + m->u;
        dh += text_height(ui->gfx, &hf, e->title, tw, (int)(m->px_h2 * 1.2)) + m->gap;
        const char *d = e->detail && *e->detail ? e->detail : ui_str(ui, "timeline.no_detail");
        dh += text_height(ui->gfx, &pf, d, tw, m->body_line) + m->margin;
    }
    scroll_set_content(&t->dsc, dv, dh);
}

/* 0 closed .. 1 open. */
static float tl_sheet(const tl_t *t, uint64_t now)
{
    if (!t->open)
        return 0;
    float e = ui_ease(t->t0, now, TL_SHEET_MS);
    return t->closing ? 1 - e : e;
}

static void tl_draw_detail(ui_t *ui, tl_t *t, gfx_t *g, float k)
{
    const ui_metrics_t *m = &ui->m;
    const theme_t *th = ui->theme;
    const tl_event_t *e = &ui->content->timeline[t->sel];
    /* A scrim dims the list behind the panel. */
    gfx_fill(g, ui->body, RGBA(th->text.r, th->text.g, th->text.b, (uint8_t)(90 * k)));
    int dx = m->portrait ? 0 : (int)lroundf((1 - k) * (float)t->panel.w);
    int dy = m->portrait ? (int)lroundf((1 - k) * (float)t->panel.h) : 0;
    rect_t p = {t->panel.x + dx, t->panel.y + dy, t->panel.w, t->panel.h};
    gfx_fill(g, p, th->surface);
    if (m->portrait)
        gfx_fill(g, (rect_t){p.x, p.y, p.w, m->line * 2}, th->line);
    else
        gfx_fill(g, (rect_t){p.x, p.y, m->line * 2, p.h}, th->line);
    rect_t cr = {t->close_r.x + dx, t->close_r.y + dy, t->close_r.w, t->close_r.h};
    ui_draw_button(ui, g, cr, "timeline.close", ui_str(ui, "nav.close"), m->px_body, BTN_SECONDARY, 'x');
    /* The category sits beside the Close button. */
    font_t cf = ui_font(m->px_small, true);
    font_metrics_t cm = gfx_metrics(g, &cf);
    rect_t catbox = {p.x + m->margin, cr.y + (cr.h - (cm.ascent + cm.descent)) / 2, cr.x - p.x - m->margin - m->gap,
                     cm.ascent + cm.descent};
    if (catbox.w > 0)
        text_draw_box(g, &cf, th->accent, tl_category(ui, e), catbox, TEXT_LEFT, 0);
    rect_t v = {t->dsc.view.x + dx, t->dsc.view.y + dy, t->dsc.view.w, t->dsc.view.h};
    gfx_push_clip(g, v);
    int tw = t->panel.w - 2 * m->margin - m->u * 2;
    int x = v.x + m->margin, y = v.y - (int)lroundf(t->dsc.offset) + m->u;
    font_t sf = ui_font(m->px_small, true), hf = ui_font(m->px_h2, true), pf = ui_font(m->px_body, false);
    text_opts_t o = {tw, 0, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &sf, th->muted, t->dates, &o, &l);
    text_layout_draw(g, &l, x, y);
    y += l.height + m->u;
    text_layout_free(&l);
    o.line_h = (int)(m->px_h2 * 1.2);
    text_layout_str(g, &hf, th->text, e->title, &o, &l);
    text_layout_draw(g, &l, x, y);
    y += l.height + m->gap;
    text_layout_free(&l);
    const char *d = e->detail && *e->detail ? e->detail : ui_str(ui, "timeline.no_detail");
    o.line_h = m->body_line;
    text_layout_str(g, &pf, e->detail && *e->detail ? th->text : th->muted, d, &o, &l);
    text_layout_draw(g, &l, x, y);
    text_layout_free(&l);
    gfx_pop_clip(g);
    scroll_draw_indicator(&t->dsc, g, th->line, AGM_MAX(3, m->u));
}

static void tl_draw(ui_t *ui, void *st, gfx_t *g)
{
    tl_t *t = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *th = ui->theme;
    const content_t *c = ui->content;
    gfx_push_clip(g, t->sc.view);
    int oy = t->sc.view.y - (int)lroundf(t->sc.offset);
    font_t mf = ui_font(m->px_h3, true);
    for (size_t i = 0; i < t->nmonths; i++) {
        rect_t r = t->months[i].r;
        r.y += oy;
        if (r.y + r.h < t->sc.view.y || r.y > t->sc.view.y + t->sc.view.h)
            continue;
        text_draw_box(g, &mf, th->accent, t->months[i].text, (rect_t){r.x, r.y, r.w, r.h * 3}, TEXT_LEFT, 0);
    }
    if (c->ntimeline == 0) {
        font_t f = ui_font(m->px_body, false);
        text_draw_box(g, &f, th->muted, ui_str(ui, "timeline.empty"), rect_inset(t->sc.view, m->margin), TEXT_LEFT,
                      0);
    }
    font_t df = ui_font(m->px_body, true), tf = ui_font(m->px_body, false), sf = ui_font(m->px_small, false);
    for (size_t i = 0; i < t->nrows; i++) {
        const tl_row_t *row = &t->rows[i];
        const tl_event_t *e = &c->timeline[row->ev];
        rect_t r = row->r;
        r.y += oy;
        if (r.y + r.h < t->sc.view.y || r.y > t->sc.view.y + t->sc.view.h)
            continue;
        bool pressed = ui_is_pressed(ui, row->id) || (t->open && t->sel == row->ev);
        gfx_round(g, r, m->radius, pressed ? color_mix(th->surface_alt, th->line, 0.7f) : th->surface_alt);
        if (pressed)
            gfx_stroke(g, r, m->radius, AGM_MAX(2, m->line * 2), th->accent);
        font_metrics_t dm = gfx_metrics(g, &df);
        text_draw_box(g, &df, t->stacked ? th->accent : th->text, row->date,
                      (rect_t){r.x + t->pad, r.y + t->pad, t->stacked ? r.w - 2 * t->pad : t->date_w,
                               t->stacked ? dm.ascent + dm.descent : r.h - 2 * t->pad}, TEXT_LEFT, 0);
        int tx = t->stacked ? r.x + t->pad : r.x + t->pad + t->date_w + t->pad;
        int ty = r.y + tl_title_dy(ui, t);
        text_opts_t o = {tl_text_w(t, r.w), m->body_line, 0, TEXT_LEFT};
        text_layout_t l;
        text_layout_str(g, &tf, th->text, e->title, &o, &l);
        text_layout_draw(g, &l, tx, ty);
        int cy = ty + l.ink_h + m->u;
        text_layout_free(&l);
        font_metrics_t sm = gfx_metrics(g, &sf);
        text_draw_box(g, &sf, th->muted, tl_category(ui, e), (rect_t){tx, cy, tl_text_w(t, r.w), sm.ascent + sm.descent},
                      TEXT_LEFT, 0);
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&t->sc, g, th->line, AGM_MAX(3, m->u));
    float k = tl_sheet(t, ui->now);
    if (t->open && k > 0)
        tl_draw_detail(ui, t, g, k);
}

static void tl_open(ui_t *ui, tl_t *t, size_t ev)
{
    t->open = true;
    t->closing = false;
    t->sel = ev;
    t->t0 = ui->now;
    scroll_to(&t->dsc, 0);
    ui_relayout(ui);
}

static void tl_close(ui_t *ui, tl_t *t)
{
    if (!t->open || t->closing)
        return;
    t->closing = true;
    t->t0 = ui->now;
    ui_invalidate(ui);
}

static bool tl_activate(ui_t *ui, void *st, const char *id)
{
    tl_t *t = st;
    if (t->open && (strcmp(id, "timeline.close") == 0 || strcmp(id, "nav.back") == 0)) {
        tl_close(ui, t);
        return true;
    }
    if (strncmp(id, "timeline.event.", 15) == 0) {
        size_t i = (size_t)strtoul(id + 15, NULL, 10);
        if (i < ui->content->ntimeline)
            tl_open(ui, t, i);
        return true;
    }
    return false;
}

static bool tl_event(ui_t *ui, void *st, const ui_input_t *in)
{
    tl_t *t = st;
    if (t->open) {
        if (in->kind == IN_TAP && !rect_contains(t->panel, in->x, in->y) && in->y >= ui->body.y) {
            tl_close(ui, t);
            return true;
        }
        if (in->kind == IN_KEY && in->key == UI_KEY_ESCAPE) {
            tl_close(ui, t);
            return true;
        }
        return scroll_input(&t->dsc, in, ui->m.body_line * 2);
    }
    return scroll_input(&t->sc, in, ui->m.body_line * 2);
}

static bool tl_update(ui_t *ui, void *st)
{
    tl_t *t = st;
    bool anim = false;
    if (t->open && ui->now < t->t0 + TL_SHEET_MS)
        anim = true;
    else if (t->open && t->closing) {
        t->open = t->closing = false;
        ui_invalidate(ui);
    }
    anim |= scroll_update(&t->sc, ui->now);
    anim |= scroll_update(&t->dsc, ui->now);
    return anim;
}

static size_t tl_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    tl_t *t = st;
    size_t n = 0;
    if (t->open && !t->closing)
        return ui_control_add(out, n, max, t->close_r, "timeline.close");
    for (size_t i = 0; i < t->nrows; i++) {
        rect_t on;
        if (scroll_visible(&t->sc, t->rows[i].r, ui->m.target, &on))
            n = ui_control_add(out, n, max, on, t->rows[i].id);
    }
    return n;
}

static void tl_reset(ui_t *ui, void *st)
{
    tl_t *t = st;
    t->open = t->closing = false;
    scroll_to(&t->sc, 0);
    scroll_to(&t->dsc, 0);
}

static void tl_leave(ui_t *ui, void *st)
{
    tl_t *t = st;
    t->open = t->closing = false;
}

const screen_def_t screen_timeline = {
    .name = "timeline",
    .bar_title = tl_title,
    .show_back = true,
    .show_home = true,
    .create = tl_create,
    .destroy = tl_destroy,
    .layout = tl_layout,
    .leave = tl_leave,
    .reset = tl_reset,
    .activate = tl_activate,
    .event = tl_event,
    .update = tl_update,
    .draw = tl_draw,
    .controls = tl_controls,
};
