/* scr_admin_draw.c - drawing the organizers' admin screen (see
 * scr_admin.c for its layout and behaviour). */
#include "admin_internal.h"

/* ---- drawing ------------------------------------------------------------- */

static void draw_danger_button(ui_t *ui, gfx_t *g, rect_t r, const char *id, const char *label)
{
    const theme_t *t = ui->theme;
    bool pressed = ui_is_pressed(ui, id);
    gfx_round(g, r, ui->m.radius, pressed ? color_mix(t->danger, RGBA(0, 0, 0, 255), 0.3f) : t->danger);
    if (pressed)
        r.y += AGM_MAX(1, ui->m.u / 3);
    rect_t in = {r.x + ui->m.u * 2, r.y + ui->m.u, r.w - ui->m.u * 4, r.h - ui->m.u * 2}; /* room for two lines */
    int px = text_fit_px(ui->gfx, label, FONT_BOLD, in, AGM_MIN(ui->m.px_small, ui->m.px_body), ui->m.px_body, 1.15f);
    font_t f = ui_font(px, true);
    int lh = (int)(px * 1.15f + 0.5f);
    int h = AGM_MIN(text_height(g, &f, label, in.w, lh), in.h);
    gfx_push_clip(g, r);
    text_draw_box(g, &f, RGBA(255, 255, 255, 255), label, (rect_t){in.x, in.y + (in.h - h) / 2, in.w, h},
                  TEXT_CENTER, lh);
    gfx_pop_clip(g);
}

/* Wrapped text clipped to box. It wraps a little narrower than the clip:
 * a line's shaped width can exceed the sum its words were measured at. */
static void draw_wrapped(ui_t *ui, gfx_t *g, const font_t *f, rgba_t c, const char *s, rect_t box, int line_h)
{
    rect_t in = box;
    in.w -= AGM_MIN(ui->m.u * 2, box.w / 10);
    gfx_push_clip(g, box);
    text_draw_box(g, f, c, s, in, TEXT_LEFT, line_h);
    gfx_pop_clip(g);
}

/* A little sign of life while the export runs: three dots that take turns. */
static void draw_busy(ui_t *ui, gfx_t *g, rect_t r)
{
    int d = AGM_MAX(4, ui->m.u * 2);
    int k = (int)((ui->now / 300) % 3);
    rgba_t on = ui->theme->accent_text, off = on;
    off.a = 90; /* drawn on the primary button */
    for (int i = 0; i < 3; i++) {
        rgba_t c = i == k ? on : off;
        gfx_round(g, (rect_t){r.x + i * (d * 2), r.y, d, d}, d / 2, c);
    }
}

/* The stick of the last export: a calm panel, green once it may be pulled,
 * grey while its file system is being finished. */
static void draw_eject(ui_t *ui, gfx_t *g, const admin_t *a)
{
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    bool safe = a->eject == EJECT_SAFE;
    rgba_t mark = safe ? t->success : t->muted;
    rect_t r = a->eject_box;
    gfx_round(g, r, m->radius, color_mix(t->surface, mark, 0.14f));
    int line_s = m->px_small * 3 / 2, dot = m->px_small * 2 / 3, pad = m->u * 2;
    font_t f = ui_font(m->px_small, true);
    rect_t tb = {r.x + pad + dot + m->u * 2, r.y + m->u / 2, r.w - pad - dot - m->u * 2 - m->u, r.h - m->u};
    /* the dot beside the first line */
    int dy = tb.y + (line_s - dot) / 2;
    if (safe) {
        gfx_round(g, (rect_t){r.x + pad, dy, dot, dot}, dot / 2, mark);
    } else {
        /* a ring: not yet */
        int w = AGM_MAX(2, dot / 6);
        gfx_round(g, (rect_t){r.x + pad, dy, dot, dot}, dot / 2, mark);
        gfx_round(g, (rect_t){r.x + pad + w, dy + w, dot - 2 * w, dot - 2 * w}, dot / 2 - w,
                  color_mix(t->surface, mark, 0.14f));
    }
    draw_wrapped(ui, g, &f, t->text, a->eject_text, tb, line_s);
}

void admin_draw(ui_t *ui, void *st, gfx_t *g)
{
    admin_t *a = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, (rect_t){0, 0, m->w, m->h}, t->surface);
    font_t tf = ui_font(text_fit_px(g, ui_str(ui, "admin.title"), FONT_BOLD, a->title, m->px_body, m->px_h2, 1.1f), true);
    font_metrics_t tm = gfx_metrics(g, &tf);
    rect_t tb = a->title;
    tb.y += (tb.h - (tm.ascent + tm.descent)) / 2;
    tb.h = tm.ascent + tm.descent;
    text_draw_box(g, &tf, t->text, ui_str(ui, "admin.title"), tb, TEXT_LEFT, tb.h);
    ui_draw_button(ui, g, a->close, "admin.close", ui_str(ui, "admin.close"), m->px_body, BTN_SECONDARY, 0);
    ui_draw_button(ui, g, a->meeting, "admin.meeting", ui_str(ui, "admin.meeting"), m->px_body, BTN_SECONDARY, 0);

    font_t lf = ui_font(m->px_body, true), vf = ui_font(m->px_body, false), sf = ui_font(m->px_small, false);
    for (int i = 0; i < ADMIN_ROWS; i++) {
        text_draw_box(g, &lf, t->muted, a->rows[i][0], a->row_label[i], TEXT_LEFT, a->row_line);
        text_draw_box(g, &vf, t->text, a->rows[i][1], a->row_value[i], TEXT_LEFT, a->row_line);
    }
    int line_s = m->px_small * a->spacing10 / 10;
    if (a->problems_box.h >= line_s) {
        /* the problems, the sealing and the usage lines: a little smaller
         * when they are many, rather than cut */
        const char *ps = a->problems.s ? a->problems.s : "";
        rect_t in = a->problems_box;
        in.w -= AGM_MIN(m->u * 2, in.w / 10);
        int shorter = AGM_MIN(m->w, m->h);
        int floor_px = AGM_MIN(m->px_small, AGM_MAX(18, 18 * shorter / 480 * 85 / 100)); /* the text floor */
        int px = text_fit_px(g, ps, FONT_REGULAR, in, floor_px, m->px_small, (float)a->spacing10 / 10.0f);
        font_t pf = ui_font(px, false);
        draw_wrapped(ui, g, &pf, t->text, ps, a->problems_box, px * a->spacing10 / 10);
    }
    if (a->note.len && a->note_box.h >= line_s) {
        rgba_t c = a->note_kind == NOTE_ERROR ? t->danger : a->note_kind == NOTE_OK ? t->success : t->muted;
        draw_wrapped(ui, g, &sf, c, a->note.s, a->note_box, line_s);
    }
    if (a->eject != EJECT_NONE && a->eject_box.h > 0)
        draw_eject(ui, g, a);
    for (int i = 0; i < ADMIN_ACTIONS; i++) {
        const char *key = admin_action_ids[i];
        if (i == ACT_EXPORT && a->job && !admin_job_is_wipe(a->job))
            key = "admin.exporting";
        else if (i == ACT_WIPE && a->job && admin_job_is_wipe(a->job))
            key = "admin.deleting";
        else if (i == ACT_SLIDESHOW && ui->mode == APP_MODE_SLIDESHOW)
            key = "admin.kiosk_mode";
        const char *label = ui_str(ui, key);
        if (i == ACT_WIPE)
            draw_danger_button(ui, g, a->actions[i], admin_action_ids[i], label);
        else
            ui_draw_button(ui, g, a->actions[i], admin_action_ids[i], label, m->px_body, i == ACT_EXPORT ? BTN_PRIMARY : BTN_SECONDARY,
                           0);
    }
    if (a->job) {
        rect_t r = a->actions[admin_job_is_wipe(a->job) ? ACT_WIPE : ACT_EXPORT];
        int d = AGM_MAX(4, m->u * 2);
        draw_busy(ui, g, (rect_t){r.x + r.w - d * 6, r.y + r.h - d * 2, d * 6, d});
    }
    if (a->modal != MODAL_NONE) {
        gfx_fill(g, (rect_t){0, 0, m->w, m->h}, RGBA(0, 0, 0, 150));
        gfx_round(g, a->card, m->radius * 2, t->surface);
        draw_wrapped(ui, g, &vf, t->text, a->modal_text, a->card_text, m->body_line);
        for (int i = 0; i < a->nmbtn; i++) {
            if (a->mbtn_danger[i])
                draw_danger_button(ui, g, a->mbtn[i], a->mbtn_id[i], a->mbtn_label[i]);
            else
                ui_draw_button(ui, g, a->mbtn[i], a->mbtn_id[i], a->mbtn_label[i], m->px_body, BTN_SECONDARY, 0);
        }
    }
}
