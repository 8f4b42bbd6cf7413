/* idle_card.c - "Are you still there?": the card the app shows over any
 * screen shortly before the idle reset, with the seconds left and a
 * "More time" button (any touch counts as more time; see app.c). */
#include <stdio.h>

#include "../core/util.h"
#include "widgets.h"

void ui_idle_card_layout(ui_t *ui, ui_idle_card_t *c, int seconds)
{
    const ui_metrics_t *m = &ui->m;
    int w = AGM_MIN(m->w - 2 * m->margin, m->px_body * 26);
    int pad = m->u * 4;
    int inner = w - 2 * pad;
    font_t tf = ui_font(m->px_h2, true), bf = ui_font(m->px_body, false);
    int th = text_height(ui->gfx, &tf, ui_str(ui, "idle.still_there"), inner, (int)(m->px_h2 * 1.2));
    int bh = text_height(ui->gfx, &bf, ui_count(ui, "idle.countdown", seconds), inner, m->body_line);
    int hh = text_height(ui->gfx, &bf, ui_str(ui, "idle.hint"), inner, m->body_line);
    int btn_w = AGM_MIN(inner, AGM_MAX(ui_button_width(ui, ui_str(ui, "idle.more_time"), m->px_h3), m->target * 4));
    int h = pad + th + m->u * 2 + bh + m->u + hh + m->gap * 2 + m->button_h + pad;
    c->card = (rect_t){(m->w - w) / 2, AGM_MAX(m->margin, (m->h - h) / 2), w, h};
    int y = c->card.y + pad;
    c->title = (rect_t){c->card.x + pad, y, inner, th};
    y += th + m->u * 2;
    c->text = (rect_t){c->card.x + pad, y, inner, bh};
    y += bh + m->u;
    c->hint = (rect_t){c->card.x + pad, y, inner, hh};
    y += hh + m->gap * 2;
    c->button = (rect_t){c->card.x + (w - btn_w) / 2, y, btn_w, m->button_h};
}

void ui_idle_card_draw(ui_t *ui, gfx_t *g, const ui_idle_card_t *c, int seconds)
{
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    /* The screen stays visible, dimmed: the attendee sees where they were. */
    gfx_fill(g, (rect_t){0, 0, m->w, m->h}, RGBA(t->text.r, t->text.g, t->text.b, 150));
    gfx_round(g, c->card, m->radius * 2, t->surface);
    gfx_stroke(g, c->card, m->radius * 2, AGM_MAX(1, m->line), t->line);
    font_t tf = ui_font(m->px_h2, true), bf = ui_font(m->px_body, false);
    text_draw_box(g, &tf, t->text, ui_str(ui, "idle.still_there"), c->title, TEXT_LEFT, (int)(m->px_h2 * 1.2));
    text_draw_box(g, &bf, t->text, ui_count(ui, "idle.countdown", seconds), c->text, TEXT_LEFT, m->body_line);
    text_draw_box(g, &bf, t->muted, ui_str(ui, "idle.hint"), c->hint, TEXT_LEFT, m->body_line);
    ui_draw_button(ui, g, c->button, "idle.more", ui_str(ui, "idle.more_time"), m->px_h3, BTN_PRIMARY, 0);
}
