/* formview_draw.c - drawing the form view: fields with their cursor and
 * the syllable being composed, choices, consent, the footer with the
 * primary action, the thank-you card and the sliding keyboard. */
#include "formview.h"
#include "formview_internal.h"

#include <string.h>

#include "../core/util.h"
#include "../ui/text.h"

static const rgba_t FV_WHITE = {255, 255, 255, 255};

/* A thick line segment as two triangles. */
static void fv_segment(gfx_t *g, float x0, float y0, float x1, float y1, float t, rgba_t c)
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = dx * dx + dy * dy;
    if (len <= 0)
        return;
    float inv = 1.0f / __builtin_sqrtf(len);
    float nx = -dy * inv * t / 2, ny = dx * inv * t / 2;
    float v[12] = {x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny,
                   x0 + nx, y0 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny};
    gfx_triangles(g, v, 6, c);
}

static void fv_check_mark(gfx_t *g, rect_t b, rgba_t c)
{
    float t = AGM_MAX(2.0f, b.w / 7.0f);
    float x = (float)b.x, y = (float)b.y, w = (float)b.w, h = (float)b.h;
    fv_segment(g, x + w * 0.22f, y + h * 0.52f, x + w * 0.43f, y + h * 0.72f, t, c);
    fv_segment(g, x + w * 0.40f, y + h * 0.74f, x + w * 0.80f, y + h * 0.28f, t, c);
}

/* A check box (square) or an option (round) at b. */
static void fv_draw_box(ui_t *ui, gfx_t *g, rect_t b, bool on, bool round, bool pressed)
{
    const theme_t *t = ui->theme;
    int lt = AGM_MAX(2, ui->m.line * 2);
    int rad = round ? b.w / 2 : AGM_MAX(2, ui->m.radius / 2);
    rgba_t edge = pressed ? t->accent : t->muted;
    if (on) {
        gfx_round(g, b, rad, t->accent);
        if (round) {
            int d = b.w / 3;
            gfx_round(g, (rect_t){b.x + (b.w - d) / 2, b.y + (b.h - d) / 2, d, d}, d / 2, t->accent_text);
        } else {
            fv_check_mark(g, b, t->accent_text);
        }
    } else {
        gfx_round(g, b, rad, FV_WHITE);
        gfx_stroke(g, b, rad, lt, edge);
    }
}

static void fv_draw_label_row(ui_t *ui, gfx_t *g, const formview_item_t *it, int x, int y, int w,
                              const fv_style_t *st)
{
    const theme_t *t = ui->theme;
    int aside_w = 0;
    if (it->aside && *it->aside) {
        aside_w = gfx_text_width(g, &st->small, it->aside);
        font_metrics_t fm = gfx_metrics(g, &st->small);
        font_metrics_t lm = gfx_metrics(g, &st->label);
        gfx_text(g, &st->small, x + w - aside_w, y + lm.ascent - fm.ascent, it->aside,
                 it->aside_alert ? t->danger : t->muted);
    }
    text_draw_box(g, &st->label, t->text, it->label ? it->label : "",
                  (rect_t){x, y, w - aside_w - (aside_w ? ui->m.u * 2 : 0), st->lh}, TEXT_LEFT, st->lh);
}

/* Where the cursor is in a laid-out text (see formview_internal.h). */
void fv_cursor_pos(gfx_t *g, const text_layout_t *l, const char *s, size_t cb, int *line, int *x)
{
    *line = 0;
    *x = 0;
    const text_run_t *prev = NULL;
    for (size_t i = 0; i < l->nruns; i++) {
        const text_run_t *r = &l->runs[i];
        if (r->s < s || r->s > s + strlen(s))
            continue;   /* an ellipsis, not part of the text */
        size_t start = (size_t)(r->s - s);
        if (start > cb)
            break;
        prev = r;
    }
    if (!prev) {
        /* Before the first run: count the newlines before the cursor. */
        for (size_t i = 0; i < cb; i++)
            if (s[i] == '\n')
                (*line)++;
        return;
    }
    size_t start = (size_t)(prev->s - s), end = start + prev->n;
    if (cb <= end) {
        *line = prev->line;
        *x = prev->x + gfx_text_width_n(g, &prev->font, prev->s, cb - start);
        return;
    }
    /* Past the run: spaces that ended its line, or newlines. */
    size_t nl = 0, after = end;
    for (size_t i = end; i < cb; i++)
        if (s[i] == '\n') {
            nl++;
            after = i + 1;
        }
    if (nl) {
        *line = prev->line + (int)nl;
        *x = gfx_text_width_n(g, &prev->font, s + after, cb - after);
    } else {
        *line = prev->line;
        *x = prev->x + prev->w + gfx_text_width_n(g, &prev->font, s + end, cb - end);
    }
}

static void fv_draw_field(formview_t *fv, ui_t *ui, gfx_t *g, int i, const fv_style_t *st)
{
    const formview_item_t *it = &fv->items[i];
    const theme_t *t = ui->theme;
    const ui_metrics_t *m = &ui->m;
    rect_t b = fv->box_r[i];
    bool focused = fv->focus == i;
    bool pressed = ui_is_pressed(ui, it->id);
    fv_draw_label_row(ui, g, it, fv->item_r[i].x, fv->item_r[i].y, fv->item_r[i].w, st);
    gfx_round(g, b, m->radius, FV_WHITE);
    int lt = AGM_MAX(1, m->line);
    /* Focus shows as a thicker accent frame, not colour alone. */
    gfx_stroke(g, b, m->radius, focused || pressed ? lt * 3 : lt, focused || pressed ? t->accent : t->muted);
    rect_t in = fv_field_inner(fv, ui, i);
    const char *s = textfield_text(it->field);
    int cx = 0, cline = 0, ux = 0;
    bool composing = focused && it->field->compose > 0 && it->field->compose <= it->field->cursor;
    /* Clip to the box on screen (clips are not moved by the offset). */
    rect_t clip = fv_on_screen(fv, rect_inset(b, lt));
    /* The two backends disagree on whether the offset moves a clip, so the
     * clip is pushed with no offset in effect. */
    int dy = fv->scroll.view.y - (int)fv->scroll.offset;
    gfx_set_offset(g, 0, 0);
    gfx_push_clip(g, rect_intersect(clip, fv->scroll.view));
    gfx_set_offset(g, 0, dy);
    if (textfield_empty(it->field)) {
        if (it->placeholder && !focused)
            text_draw_box(g, &st->body, t->muted, it->placeholder, in, TEXT_LEFT, st->lh);
    } else if (it->lines <= 1) {
        int tw = gfx_text_width(g, &st->body, s);
        cx = gfx_text_width_n(g, &st->body, s, textfield_cursor_byte(it->field));
        /* Long single lines scroll so the cursor stays in the box. */
        int shift = cx > in.w - 2 ? cx - (in.w - 2) : 0;
        if (!focused && tw > in.w)
            shift = 0;
        fv->text_shift[i] = shift;
        gfx_text(g, &st->body, in.x - shift, in.y + fv_line_pad(g, st), s, t->text);
        cx -= shift;
        if (composing)
            ux = gfx_text_width_n(g, &st->body, s, textfield_byte_of(it->field, it->field->cursor - it->field->compose)) - shift;
    } else {
        text_layout_t l;
        text_opts_t o = {.max_w = in.w, .line_h = st->lh};
        text_layout_str(g, &st->body, t->text, s, &o, &l);
        fv_cursor_pos(g, &l, s, textfield_cursor_byte(it->field), &cline, &cx);
        if (composing) {
            int uline;
            fv_cursor_pos(g, &l, s, textfield_byte_of(it->field, it->field->cursor - it->field->compose), &uline, &ux);
            composing = uline == cline;   /* a syllable is never split over lines */
        }
        int vis = AGM_MAX(1, fv->field_lines[i]);
        int first = fv->text_first[i];
        if (cline < first)
            first = cline;
        if (cline >= first + vis)
            first = cline - vis + 1;
        /* A box that grew (the keyboard went away) shows from the start
         * again as far as the caret allows: no empty rows under the text. */
        first = AGM_MAX(0, AGM_MIN(first, l.nlines - vis));
        if (cline >= first + vis)
            first = cline - vis + 1;
        fv->text_first[i] = first;
        /* Whole lines only: the rows above and below the box's lines are
         * clipped away rather than shown cut in half. */
        gfx_set_offset(g, 0, 0);
        gfx_push_clip(g, rect_intersect(rect_intersect(clip, fv->scroll.view),
                                        fv_on_screen(fv, (rect_t){b.x, in.y, b.w, vis * st->lh + fv_line_pad(g, st)})));
        gfx_set_offset(g, 0, dy);
        text_layout_draw(g, &l, in.x, in.y + fv_line_pad(g, st) - first * st->lh);
        gfx_set_offset(g, 0, 0);
        gfx_pop_clip(g);
        gfx_set_offset(g, 0, dy);
        text_layout_free(&l);
        cline -= first;
    }
    if (focused && composing && ux < cx) {
        /* The syllable being composed is underlined, as in any input method. */
        int ut = AGM_MAX(2, m->line * 2);
        gfx_fill(g, (rect_t){in.x + ux, in.y + cline * st->lh + st->lh - m->u / 2 - ut, cx - ux, ut}, t->text);
    }
    if (focused) {
        int cw = AGM_MAX(2, m->line * 2);
        gfx_fill(g, (rect_t){in.x + AGM_MIN(cx, in.w - cw), in.y + cline * st->lh + m->u / 2, cw, st->lh - m->u}, t->accent);
    }
    gfx_pop_clip(g);
    if (it->error) {
        int y = b.y + b.h + m->u;
        text_draw_box(g, &st->body, t->danger, it->error, (rect_t){b.x, y, b.w, fv->item_r[i].y + fv->item_r[i].h - y},
                      TEXT_LEFT, st->lh);
    }
}

static void fv_draw_item(formview_t *fv, ui_t *ui, gfx_t *g, int i, const fv_style_t *st)
{
    const formview_item_t *it = &fv->items[i];
    const theme_t *t = ui->theme;
    const ui_metrics_t *m = &ui->m;
    rect_t r = fv->item_r[i];
    switch (it->kind) {
    case FV_NOTE:
        if (it->notice) {
            gfx_round(g, r, m->radius, t->surface_alt);
            gfx_fill(g, (rect_t){r.x, r.y + m->radius, AGM_MAX(3, m->u), r.h - 2 * m->radius}, t->accent);
            text_draw_box(g, &st->body, t->text, it->label,
                          (rect_t){r.x + st->pad + m->u, r.y + st->pad, r.w - 2 * (st->pad + m->u), r.h}, TEXT_LEFT, st->lh);
        } else {
            text_draw_box(g, &st->body, t->text, it->label, r, TEXT_LEFT, st->lh);
        }
        break;
    case FV_FIELD:
        fv_draw_field(fv, ui, g, i, st);
        break;
    case FV_CHOICES:
        fv_draw_label_row(ui, g, it, r.x, r.y, r.w, st);
        for (int o = 0; o < fv->nopt; o++) {
            if (fv->opt_item[o] != i)
                continue;
            rect_t c = fv->opt_r[o];
            int k = fv->opt_index[o];
            bool on = it->on[k];
            bool pressed = ui_is_pressed(ui, fv->opt_id[o]);
            gfx_round(g, c, m->radius, pressed ? color_mix(t->surface_alt, t->line, 0.6f) : on ? t->surface_alt : t->surface);
            rect_t box = {c.x + m->u, c.y + (c.h - st->box_s) / 2, st->box_s, st->box_s};
            fv_draw_box(ui, g, box, on, it->single, pressed);
            int tx = box.x + box.w + 2 * m->u;
            int tw = fv_option_text_w(ui, st, c.w);
            /* Centre the ink (the last line has no leading below it). */
            int th = fv_text_h(ui, &st->body, it->opts[k], tw, st->lh);
            font_metrics_t fm = gfx_metrics(g, &st->body);
            int ink = th - st->lh + fm.ascent + fm.descent;
            text_draw_box(g, on ? &st->label : &st->body, t->text, it->opts[k],
                          (rect_t){tx, c.y + (c.h - ink) / 2, tw, th + st->lh}, TEXT_LEFT, st->lh);
        }
        break;
    case FV_CONSENT: {
        fv_draw_label_row(ui, g, it, r.x, r.y, r.w, st);
        rect_t frame = {r.x, r.y + st->lh + m->u, r.w, r.y + r.h - (r.y + st->lh + m->u)};
        gfx_round(g, frame, m->radius, t->surface_alt);
        text_draw_box(g, &st->body, t->text, it->text,
                      (rect_t){frame.x + st->pad, frame.y + st->pad, frame.w - 2 * st->pad, fv->box_r[i].y - frame.y},
                      TEXT_LEFT, st->lh);
        rect_t row = fv->box_r[i];
        bool pressed = ui_is_pressed(ui, it->id);
        gfx_round(g, row, m->radius, pressed ? color_mix(t->surface, t->line, 0.6f) : t->surface);
        gfx_stroke(g, row, m->radius, AGM_MAX(1, m->line), *it->checked ? t->accent : t->line);
        rect_t box = {row.x + m->u * 2, row.y + (row.h - st->box_s) / 2, st->box_s, st->box_s};
        fv_draw_box(ui, g, box, *it->checked, false, pressed);
        int tx = box.x + box.w + 2 * m->u;
        font_metrics_t fm = gfx_metrics(g, &st->label);
        text_draw_box(g, &st->label, t->text, it->check_label ? it->check_label : "",
                      (rect_t){tx, row.y + (row.h - fm.ascent - fm.descent) / 2, row.x + row.w - tx - m->u, st->lh},
                      TEXT_LEFT, st->lh);
        break;
    }
    case FV_SUBMIT:
        break;   /* drawn in the footer */
    }
}

static void fv_draw_footer(formview_t *fv, ui_t *ui, gfx_t *g, const fv_style_t *st)
{
    int i = fv_submit_index(fv);
    if (i < 0)
        return;
    const formview_item_t *it = &fv->items[i];
    const theme_t *t = ui->theme;
    const ui_metrics_t *m = &ui->m;
    rect_t foot = formview_footer(fv, ui);
    gfx_fill(g, foot, t->surface_alt);
    gfx_fill(g, (rect_t){foot.x, foot.y, foot.w, AGM_MAX(1, m->line)}, t->line);
    rect_t b = fv->box_r[i];
    if (it->enabled) {
        ui_draw_button(ui, g, b, it->id, it->label, m->px_body, BTN_PRIMARY, 0);
    } else {
        /* Disabled: a quiet outline with muted text; the words beside it say why. */
        gfx_round(g, b, m->radius, t->surface);
        gfx_stroke(g, b, m->radius, AGM_MAX(1, m->line), t->line);
        font_t f = ui_font(m->px_body, true);
        font_metrics_t fm = gfx_metrics(g, &f);
        int tw = gfx_text_width(g, &f, it->label);
        gfx_text(g, &f, b.x + (b.w - tw) / 2, b.y + (b.h - fm.ascent - fm.descent) / 2, it->label, t->muted);
    }
    const char *msg = it->status ? it->status : it->hint;
    if (!msg)
        return;
    int x = fv->col_x;
    if (it->status) {
        /* A failure: a round "!" mark, then the calm message. */
        int d = m->px_body + m->u;
        rect_t mark = {x, foot.y + (foot.h - d) / 2, d, d};
        gfx_round(g, mark, d / 2, t->danger);
        font_t bf = ui_font(m->px_body, true);
        font_metrics_t fm = gfx_metrics(g, &bf);
        int ew = gfx_text_width(g, &bf, "!");
        gfx_text(g, &bf, mark.x + (d - ew) / 2, mark.y + (d - fm.ascent - fm.descent) / 2, "!", t->accent_text);
        x += d + 2 * m->u;
    }
    int tw = b.x - m->gap - x;
    int th = AGM_MIN(fv_text_h(ui, &st->body, msg, tw, st->lh), foot.h - 2 * m->u);
    text_draw_box(g, &st->body, it->status ? t->danger : t->muted, msg,
                  (rect_t){x, foot.y + (foot.h - th) / 2, tw, th}, TEXT_LEFT, st->lh);
}

static void fv_draw_thanks(formview_t *fv, ui_t *ui, gfx_t *g)
{
    const theme_t *t = ui->theme;
    const ui_metrics_t *m = &ui->m;
    rect_t card;
    rect_t btn = fv_thanks_button(fv, ui, &card);
    gfx_fill(g, ui->body, t->surface);
    gfx_round(g, card, m->radius * 2, t->surface_alt);
    int icon = m->target;
    rect_t ib = {card.x + m->margin, card.y + m->margin, icon, icon};
    gfx_round(g, ib, icon / 2, t->success);
    fv_check_mark(g, rect_inset(ib, icon / 6), t->accent_text);
    font_t h = ui_font(m->px_h2, true);
    font_t b = ui_font(m->px_body, false);
    int tx = ib.x + icon + 2 * m->u;
    int tw = card.x + card.w - m->margin - tx;
    font_metrics_t hm = gfx_metrics(g, &h);
    text_draw_box(g, &h, t->text, fv->thanks_title ? fv->thanks_title : "",
                  (rect_t){tx, ib.y + (icon - hm.ascent - hm.descent) / 2, tw, hm.line_skip * 2}, TEXT_LEFT, 0);
    int ty = ib.y + icon + 2 * m->u;
    text_draw_box(g, &b, t->text, fv->thanks_text ? fv->thanks_text : "",
                  (rect_t){card.x + m->margin, ty, card.w - 2 * m->margin, btn.y - ty - m->u}, TEXT_LEFT, m->body_line);
    ui_draw_button(ui, g, btn, "form.done", ui_str(ui, "nav.home"), m->px_body, BTN_PRIMARY, 'h');
}

void formview_draw(formview_t *fv, ui_t *ui, gfx_t *g)
{
    formview_layout(fv, ui);
    const theme_t *t = ui->theme;
    gfx_fill(g, ui->body, t->surface);
    if (fv->thanks) {
        fv_draw_thanks(fv, ui, g);
        return;
    }
    fv_style_t st = fv_style(ui);
    rect_t v = fv->scroll.view;
    gfx_push_clip(g, v);
    gfx_set_offset(g, 0, v.y - (int)fv->scroll.offset);
    for (int i = 0; i < fv->nitems; i++) {
        rect_t r = fv_on_screen(fv, fv->item_r[i]);
        if (r.y + r.h < v.y || r.y > v.y + v.h)
            continue;   /* off screen */
        fv_draw_item(fv, ui, g, i, &st);
    }
    gfx_set_offset(g, 0, 0);
    scroll_draw_indicator(&fv->scroll, g, t->muted, AGM_MAX(3, ui->m.u));
    gfx_pop_clip(g);
    fv_draw_footer(fv, ui, g, &st);
    /* The keyboard slides up from the bottom edge (and back down). */
    float p = fv->kb_t0 ? ui_ease(fv->kb_t0, ui->now, FV_KB_ANIM_MS) : 1.0f;
    float shown = fv->kb_shown ? p : 1.0f - p;
    if (shown > 0.0f && fv->kb.nkeys) {
        kb_style_t ks = {
            .bg = t->surface_alt,
            .key = FV_WHITE,
            .key_special = color_mix(t->surface_alt, t->line, 0.55f),
            .key_pressed = t->accent,
            .key_active = color_mix(t->surface_alt, t->accent, 0.25f),
            .label = t->text,
            .label_pressed = t->accent_text,
            .line = t->line,
            .font = ui_font(ui->m.px_h3, false),
            .font_small = ui_font(ui->m.px_body, true),
            .radius = AGM_MAX(3, ui->m.radius),
        };
        ks.word[KB_WORD_SYMBOLS] = formview_str(ui, "keyboard.symbols", NULL);
        ks.word[KB_WORD_LATIN] = formview_str(ui, "keyboard.letters", NULL);
        ks.word[KB_WORD_HIRAGANA] = formview_str(ui, "keyboard.hiragana", NULL);
        ks.word[KB_WORD_KATAKANA] = formview_str(ui, "keyboard.katakana", NULL);
        ks.word[KB_WORD_HANGUL] = formview_str(ui, "keyboard.hangul", NULL);
        keyboard_draw(&fv->kb, g, &ks, (int)((1.0f - shown) * fv->kb.area.h));
    }
}
