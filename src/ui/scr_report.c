/* scr_report.c - the report: "report" lists the sections (two columns in
 * landscape, filled row by row; one in portrait); "reader" lays out one section's blocks
 * (headings, paragraphs with bold and italic, lists, quotes) in a reading
 * column that scrolls by drag with momentum, with Previous / Next section
 * always at the bottom and swipes left/right doing the same. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "screen.h"
#include "widgets.h"

/* ---- the list of sections ---------------------------------------------- */

typedef struct {
    scroll_t sc;
    rect_t *rows;          /* content coordinates */
    char (*ids)[40];
    size_t nrows;
    rect_t title_box;
    int row_px;
} rlist_t;

static void *rlist_create(ui_t *ui) { return xcalloc(1, sizeof(rlist_t)); }

static void rlist_destroy(void *st)
{
    rlist_t *l = st;
    if (!l)
        return;
    free(l->rows);
    free(l->ids);
    free(l);
}

static const char *rlist_title(ui_t *ui, void *st) { return ui_str(ui, "report.title"); }

static void rlist_layout(ui_t *ui, void *st)
{
    rlist_t *l = st;
    const ui_metrics_t *m = &ui->m;
    const report_t *rep = &ui->content->report;
    free(l->rows);
    free(l->ids);
    l->nrows = rep->nsections;
    l->rows = xcalloc(l->nrows + 1, sizeof *l->rows);
    l->ids = xcalloc(l->nrows + 1, sizeof *l->ids);
    rect_t view = ui->body;
    int cols = m->portrait ? 1 : 2;
    int x = m->margin, w = m->w - 2 * m->margin;
    int colw = (w - (cols - 1) * m->gap) / cols;
    l->row_px = m->px_body;
    font_t tf = ui_font(m->px_h2, true);
    l->title_box = (rect_t){x, m->margin, w, 0};
    l->title_box.h = rep->title ? text_height(ui->gfx, &tf, rep->title, w, (int)(m->px_h2 * 1.2)) : 0;
    int y = l->title_box.y + l->title_box.h + (l->title_box.h ? m->gap : 0);
    /* Rows: the title wraps to at most three lines; every row of a pair is as tall as the taller. */
    font_t rf = ui_font(l->row_px, true);
    int pad = m->u * 2;
    int chevron = m->px_body;
    /* Filled row by row, in the report's order (left to right, then down). */
    size_t per_col = (l->nrows + (size_t)cols - 1) / (size_t)cols;
    int *h = xcalloc(per_col + 1, sizeof *h);
    for (size_t i = 0; i < l->nrows; i++) {
        size_t r = i / (size_t)cols;
        text_opts_t o = {colw - 2 * pad - chevron - m->u, m->body_line, 3, TEXT_LEFT};
        text_layout_t tl;
        text_layout_str(ui->gfx, &rf, RGBA(0, 0, 0, 255), rep->sections[i].title, &o, &tl);
        h[r] = AGM_MAX(h[r], AGM_MAX(m->button_h, tl.ink_h + 2 * pad));
        text_layout_free(&tl);
    }
    int ry = y;
    int *rowy = xcalloc(per_col + 1, sizeof *rowy);
    for (size_t r = 0; r < per_col; r++) {
        rowy[r] = ry;
        ry += h[r] + m->gap;
    }
    for (size_t i = 0; i < l->nrows; i++) {
        size_t c = i % (size_t)cols, r = i / (size_t)cols;
        l->rows[i] = (rect_t){x + (int)c * (colw + m->gap), rowy[r], colw, h[r]};
        snprintf(l->ids[i], sizeof l->ids[i], "report.section.%zu", i);
    }
    free(h);
    free(rowy);
    scroll_set_content(&l->sc, view, ry - m->gap + m->margin);
}

static void rlist_draw(ui_t *ui, void *st, gfx_t *g)
{
    rlist_t *l = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    const report_t *rep = &ui->content->report;
    gfx_push_clip(g, l->sc.view);
    int oy = l->sc.view.y - (int)lroundf(l->sc.offset);
    if (rep->title && l->title_box.h) {
        font_t tf = ui_font(m->px_h2, true);
        text_opts_t o = {l->title_box.w, (int)(m->px_h2 * 1.2), 0, TEXT_LEFT};
        text_layout_t tl;
        text_layout_str(g, &tf, t->text, rep->title, &o, &tl);
        text_layout_draw(g, &tl, l->title_box.x, oy + l->title_box.y);
        text_layout_free(&tl);
    }
    font_t rf = ui_font(l->row_px, true);
    int pad = m->u * 2, chevron = m->px_body;
    for (size_t i = 0; i < l->nrows; i++) {
        rect_t r = l->rows[i];
        r.y += oy;
        if (r.y > l->sc.view.y + l->sc.view.h || r.y + r.h < l->sc.view.y)
            continue;
        bool pressed = ui_is_pressed(ui, l->ids[i]);
        gfx_round(g, r, m->radius, pressed ? color_mix(t->surface_alt, t->line, 0.7f) : t->surface_alt);
        if (pressed)
            gfx_stroke(g, r, m->radius, AGM_MAX(2, m->line * 2), t->accent);
        text_opts_t o = {r.w - 2 * pad - chevron - m->u, m->body_line, 3, TEXT_LEFT};
        text_layout_t tl;
        text_layout_str(g, &rf, t->text, rep->sections[i].title, &o, &tl);
        text_layout_draw(g, &tl, r.x + pad, r.y + (r.h - tl.ink_h) / 2);
        text_layout_free(&tl);
        ui_draw_icon(g, '>', (rect_t){r.x + r.w - pad - chevron, r.y + (r.h - chevron) / 2, chevron, chevron},
                     t->accent);
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&l->sc, g, t->line, AGM_MAX(3, m->u));
}

static bool rlist_event(ui_t *ui, void *st, const ui_input_t *in)
{
    rlist_t *l = st;
    return scroll_input(&l->sc, in, ui->m.body_line * 2);
}

static bool rlist_update(ui_t *ui, void *st)
{
    rlist_t *l = st;
    return scroll_update(&l->sc, ui->now);
}

static size_t rlist_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    rlist_t *l = st;
    size_t n = 0;
    for (size_t i = 0; i < l->nrows; i++) {
        rect_t on;
        if (scroll_visible(&l->sc, l->rows[i], ui->m.target, &on))
            n = ui_control_add(out, n, max, on, l->ids[i]);
    }
    return n;
}

void reader_open(ui_t *ui, size_t section);

static bool rlist_activate(ui_t *ui, void *st, const char *id)
{
    if (strncmp(id, "report.section.", 15) != 0)
        return false;
    reader_open(ui, (size_t)strtoul(id + 15, NULL, 10));
    return true;
}

static void rlist_reset(ui_t *ui, void *st) { scroll_to(&((rlist_t *)st)->sc, 0); }

const screen_def_t screen_report = {
    .name = "report",
    .bar_title = rlist_title,
    .show_back = true,
    .show_home = true,
    .create = rlist_create,
    .destroy = rlist_destroy,
    .layout = rlist_layout,
    .reset = rlist_reset,
    .activate = rlist_activate,
    .event = rlist_event,
    .update = rlist_update,
    .draw = rlist_draw,
    .controls = rlist_controls,
};

/* ---- the reader ------------------------------------------------------- */

typedef struct {
    text_layout_t l;
    int x, y;               /* content coordinates */
    char marker[16];        /* list bullet or number */
    int mx;
    font_t mf;
    bool rule;              /* a quote's rule at the left */
    int rule_x;
    char *own;              /* text the layout points into, when not the content's */
} rblock_t;

typedef struct {
    size_t section;
    scroll_t sc;
    rblock_t *blocks;
    size_t nblocks;
    int content_h;
    rect_t prev_r, next_r;
    bool has_prev, has_next;
    rect_t bottom;          /* the bar with Previous / Next */
    size_t laid_section;
} reader_t;

static void *reader_create(ui_t *ui)
{
    reader_t *r = xcalloc(1, sizeof *r);
    r->laid_section = (size_t)-1;
    return r;
}

static void reader_clear(reader_t *r)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        text_layout_free(&r->blocks[i].l);
        free(r->blocks[i].own);
    }
    free(r->blocks);
    r->blocks = NULL;
    r->nblocks = 0;
}

static void reader_destroy(void *st)
{
    if (!st)
        return;
    reader_clear(st);
    free(st);
}

static const section_t *reader_section(ui_t *ui, reader_t *r)
{
    const report_t *rep = &ui->content->report;
    if (rep->nsections == 0)
        return NULL;
    if (r->section >= rep->nsections)
        r->section = rep->nsections - 1;
    return &rep->sections[r->section];
}

/* The section's own title opens the page in large type; the bar names the report. */
static const char *reader_title(ui_t *ui, void *st) { return ui_str(ui, "report.title"); }

static rblock_t *reader_add(reader_t *r, size_t *cap)
{
    xgrow((void **)&r->blocks, cap, r->nblocks + 1, sizeof *r->blocks);
    rblock_t *b = &r->blocks[r->nblocks++];
    memset(b, 0, sizeof *b);
    return b;
}

static void reader_layout(ui_t *ui, void *st)
{
    reader_t *r = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    reader_clear(r);
    r->laid_section = r->section;
    const section_t *sec = reader_section(ui, r);
    const report_t *rep = &ui->content->report;

    /* Previous / Next at the bottom, always in the same place. */
    int bh = m->bar_h;
    r->bottom = (rect_t){0, m->h - bh, m->w, bh};
    int by = r->bottom.y + (bh - m->button_h) / 2;
    int bw = (m->w - 2 * m->margin - m->gap) / 2;
    r->has_prev = sec && r->section > 0;
    r->has_next = sec && r->section + 1 < rep->nsections;
    r->prev_r = (rect_t){m->margin, by, bw, m->button_h};
    r->next_r = (rect_t){m->w - m->margin - bw, by, bw, m->button_h};
    rect_t view = {0, ui->body.y, m->w, r->bottom.y - ui->body.y};

    /* The reading column: never wider than a comfortable measure. */
    int colw = AGM_MIN(m->w - 2 * m->margin - 2 * m->u, m->measure);
    int x0 = (m->w - colw) / 2;
    int y = m->margin + m->u;
    size_t cap = 0;
    if (!sec) {
        scroll_set_content(&r->sc, view, 0);
        return;
    }
    /* Section title and its place in the report. */
    font_t hf = ui_font(m->px_h1, true);
    text_span_t tsp = {sec->title, strlen(sec->title), hf, t->text};
    rblock_t *b = reader_add(r, &cap);
    text_opts_t o = {colw, (int)(m->px_h1 * 1.2), 0, TEXT_LEFT};
    text_layout(ui->gfx, &tsp, 1, &o, &b->l);
    b->x = x0;
    b->y = y;
    y += b->l.ink_h + m->u * 2;
    char a1[16], a2[16];
    snprintf(a1, sizeof a1, "%zu", r->section + 1);
    snprintf(a2, sizeof a2, "%zu", rep->nsections);
    const char *of = ui_fmt(ui, "report.section_of", a1, a2, (const char *)NULL);
    font_t sf = ui_font(m->px_small, false);
    b = reader_add(r, &cap);
    b->own = xstrdup(of); /* ui_fmt's text lasts a frame; the layout points into it */
    text_span_t osp = {b->own, strlen(b->own), sf, t->muted};
    text_opts_t oo = {colw, 0, 0, TEXT_LEFT};
    text_layout(ui->gfx, &osp, 1, &oo, &b->l);
    b->x = x0;
    b->y = y;
    y += b->l.ink_h + m->gap * 2;

    text_span_t *sp = NULL;
    size_t spcap = 0;
    for (size_t i = 0; i < sec->nblocks; i++) {
        const block_t *bl = &sec->blocks[i];
        int px = m->px_body, indent = 0, line = m->body_line;
        bool bold_all = false, italic_all = false;
        rgba_t col = t->text;
        if (bl->kind == BLOCK_HEADING) {
            px = bl->level <= 3 ? m->px_h2 : m->px_h3;
            line = (int)(px * 1.25);
            bold_all = true;
            y += m->gap;
        } else if (bl->kind == BLOCK_ITEM) {
            indent = m->px_body * 2 * AGM_MAX(bl->level, 1);
        } else if (bl->kind == BLOCK_QUOTE) {
            indent = m->px_body * 2;
            italic_all = true;
        }
        xgrow((void **)&sp, &spcap, bl->nspans + 1, sizeof *sp);
        for (size_t k = 0; k < bl->nspans; k++) {
            const span_t *s = &bl->spans[k];
            font_t f = {px, (bold_all || (s->style & SPAN_BOLD)) ? FONT_BOLD : FONT_REGULAR,
                        italic_all || (s->style & SPAN_ITALIC)};
            sp[k] = (text_span_t){s->text ? s->text : "", s->text ? strlen(s->text) : 0, f,
                                  (s->style & SPAN_LINK) ? t->accent : col};
        }
        b = reader_add(r, &cap);
        text_opts_t bo = {colw - indent, line, 0, TEXT_LEFT};
        text_layout(ui->gfx, sp, bl->nspans, &bo, &b->l);
        b->x = x0 + indent;
        b->y = y;
        if (bl->kind == BLOCK_ITEM) {
            if (bl->number > 0)
                snprintf(b->marker, sizeof b->marker, "%d.", bl->number);
            else
                snprintf(b->marker, sizeof b->marker, "%s", "\xE2\x80\xA2"); /* • */
            b->mf = ui_font(px, bl->number > 0);
            b->mx = b->x - m->px_body / 2 - gfx_text_width(ui->gfx, &b->mf, b->marker);
        }
        if (bl->kind == BLOCK_QUOTE) {
            b->rule = true;
            b->rule_x = x0 + m->u;
        }
        bool next_is_item = i + 1 < sec->nblocks && sec->blocks[i + 1].kind == BLOCK_ITEM;
        y += AGM_MAX(b->l.height, line);
        y += bl->kind == BLOCK_HEADING ? m->u : (bl->kind == BLOCK_ITEM && next_is_item) ? m->u : m->gap + m->u;
    }
    free(sp);
    r->content_h = y + m->margin;
    scroll_set_content(&r->sc, view, r->content_h);
}

void reader_open(ui_t *ui, size_t section)
{
    reader_t *r = ui_screen_state(ui, "reader");
    if (!r)
        return;
    r->section = section;
    scroll_to(&r->sc, 0);
    r->laid_section = (size_t)-1;
    ui_go(ui, "reader");
}

static void reader_enter(ui_t *ui, void *st)
{
    reader_t *r = st;
    if (r->laid_section != r->section)
        ui_relayout(ui);
    ui_usage_section(ui, r->section);
}

static void reader_show(ui_t *ui, reader_t *r, size_t section)
{
    r->section = section;
    ui_usage_section(ui, section);
    scroll_to(&r->sc, 0);
    ui_relayout(ui);
}

static void reader_draw(ui_t *ui, void *st, gfx_t *g)
{
    reader_t *r = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_push_clip(g, r->sc.view);
    int oy = r->sc.view.y - (int)lroundf(r->sc.offset);
    for (size_t i = 0; i < r->nblocks; i++) {
        const rblock_t *b = &r->blocks[i];
        int top = oy + b->y, bot = top + AGM_MAX(b->l.height, b->l.ink_h);
        if (bot < r->sc.view.y || top > r->sc.view.y + r->sc.view.h)
            continue; /* only what shows is drawn: a long section scrolls at the display rate */
        if (b->rule)
            gfx_fill(g, (rect_t){b->rule_x, top, AGM_MAX(3, m->u / 2), b->l.ink_h}, t->line);
        if (b->marker[0])
            gfx_text(g, &b->mf, b->mx, top, b->marker, t->muted);
        text_layout_draw(g, &b->l, b->x, top);
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&r->sc, g, t->line, AGM_MAX(3, m->u));
    /* Bottom bar. */
    gfx_fill(g, r->bottom, t->surface_alt);
    gfx_fill(g, (rect_t){0, r->bottom.y, m->w, m->line}, t->line);
    if (r->has_prev)
        ui_draw_button(ui, g, r->prev_r, "reader.prev", ui_str(ui, "nav.previous_section"), m->px_body,
                       BTN_SECONDARY, '<');
    if (r->has_next)
        ui_draw_button(ui, g, r->next_r, "reader.next", ui_str(ui, "nav.next_section"), m->px_body, BTN_PRIMARY,
                       '>');
}

static bool reader_activate(ui_t *ui, void *st, const char *id)
{
    reader_t *r = st;
    if (strcmp(id, "reader.prev") == 0 && r->has_prev) {
        reader_show(ui, r, r->section - 1);
        return true;
    }
    if (strcmp(id, "reader.next") == 0 && r->has_next) {
        reader_show(ui, r, r->section + 1);
        return true;
    }
    return false;
}

static bool reader_event(ui_t *ui, void *st, const ui_input_t *in)
{
    reader_t *r = st;
    if (in->kind == IN_SWIPE && (in->dir == SWIPE_LEFT || in->dir == SWIPE_RIGHT)) {
        if (in->dir == SWIPE_LEFT && r->has_next)
            reader_show(ui, r, r->section + 1);
        else if (in->dir == SWIPE_RIGHT && r->has_prev)
            reader_show(ui, r, r->section - 1);
        return true;
    }
    if (in->kind == IN_KEY && (in->key == UI_KEY_LEFT || in->key == UI_KEY_RIGHT)) {
        return reader_activate(ui, st, in->key == UI_KEY_LEFT ? "reader.prev" : "reader.next");
    }
    return scroll_input(&r->sc, in, ui->m.body_line * 2);
}

static bool reader_update(ui_t *ui, void *st)
{
    reader_t *r = st;
    return scroll_update(&r->sc, ui->now);
}

static size_t reader_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    reader_t *r = st;
    size_t n = 0;
    if (r->has_prev)
        n = ui_control_add(out, n, max, r->prev_r, "reader.prev");
    if (r->has_next)
        n = ui_control_add(out, n, max, r->next_r, "reader.next");
    return n;
}

static void reader_reset(ui_t *ui, void *st)
{
    reader_t *r = st;
    r->section = 0;
    r->laid_section = (size_t)-1;
    scroll_to(&r->sc, 0);
}

const screen_def_t screen_reader = {
    .name = "reader",
    .bar_title = reader_title,
    .show_back = true,
    .show_home = true,
    .create = reader_create,
    .destroy = reader_destroy,
    .layout = reader_layout,
    .enter = reader_enter,
    .reset = reader_reset,
    .activate = reader_activate,
    .event = reader_event,
    .update = reader_update,
    .draw = reader_draw,
    .controls = reader_controls,
};
