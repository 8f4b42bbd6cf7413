/* formview.c - the form view's layout, focus, input and controls (see
 * formview.h); its drawing is in formview_draw.c. */
#include "formview.h"
#include "formview_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "../core/util.h"
#include "../ui/text.h"

void formview_init(formview_t *fv, fv_build_fn build, fv_blur_fn blur, fv_changed_fn changed, void *owner)
{
    memset(fv, 0, sizeof *fv);
    fv->build = build;
    fv->blur = blur;
    fv->changed = changed;
    fv->owner = owner;
    fv->focus = -1;
    fv->dirty = true;
    keyboard_init(&fv->kb);
}

void formview_invalidate(formview_t *fv)
{
    fv->dirty = true;
}

const char *formview_str(const ui_t *ui, const char *key, const char *fallback)
{
    const char *s = ui_str(ui, key);
    return s && strcmp(s, key) != 0 ? s : fallback;
}

const char *formview_choice_label(const ui_t *ui, const choice_t *c)
{
    char key[128];
    snprintf(key, sizeof key, "choice.%s", c->id ? c->id : "");
    return formview_str(ui, key, c->label ? c->label : (c->id ? c->id : ""));
}

int formview_find(const formview_t *fv, const char *id)
{
    for (int i = 0; i < fv->nitems; i++)
        if (fv->items[i].id && strcmp(fv->items[i].id, id) == 0)
            return i;
    return -1;
}

/* The footer holds the primary action, always in view while the keyboard
 * is down: the button and, beside it, why it is disabled or why the last
 * attempt failed. */
int fv_submit_index(const formview_t *fv)
{
    for (int i = 0; i < fv->nitems; i++)
        if (fv->items[i].kind == FV_SUBMIT)
            return i;
    return -1;
}

rect_t formview_footer(const formview_t *fv, const ui_t *ui)
{
    if (fv_submit_index(fv) < 0)
        return (rect_t){ui->body.x, ui->body.y + ui->body.h, ui->body.w, 0};
    int h = ui->m.button_h + 2 * ui->m.gap;
    return (rect_t){ui->body.x, ui->body.y + ui->body.h - h, ui->body.w, h};
}

rect_t formview_viewport(const formview_t *fv, const ui_t *ui)
{
    rect_t v = ui->body;
    /* The viewport ends where the keyboard begins, so nothing the attendee
     * needs to see is under it. */
    if (fv->kb_shown && fv->kb.nkeys && fv->kb.area.y < v.y + v.h)
        v.h = AGM_MAX(0, fv->kb.area.y - v.y);
    else
        v.h = AGM_MAX(0, formview_footer(fv, ui).y - v.y);
    return v;
}

/* ---- layout ------------------------------------------------------------- */

fv_style_t fv_style(const ui_t *ui)
{
    const ui_metrics_t *m = &ui->m;
    fv_style_t s;
    s.label = ui_font(m->px_body, true);
    s.body = ui_font(m->px_body, false);
    s.small = ui_font(m->px_small, false);
    s.lh = m->body_line;
    /* A single-line box is at least a touch target high. */
    s.pad = AGM_MAX(2 * m->u, (m->target - s.lh + 1) / 2);
    s.box_s = AGM_MAX(m->px_body + m->px_body / 4, m->target / 2);
    return s;
}

int fv_text_h(ui_t *ui, const font_t *f, const char *s, int w, int lh)
{
    if (!s || !*s)
        return 0;
    return text_height(ui->gfx, f, s, w, lh);
}

int fv_line_pad(gfx_t *g, const fv_style_t *st)
{
    font_metrics_t fm = gfx_metrics(g, &st->body);
    return (st->lh - (fm.ascent + fm.descent)) / 2;
}

int fv_option_text_w(const ui_t *ui, const fv_style_t *st, int cw)
{
    /* The box sits one unit in, its label two units after it and ends one
     * unit before the option's edge. */
    return cw - st->box_s - 4 * ui->m.u;
}

/* Columns of a choice grid: as many as fit options of about 14 body
 * characters, at most 3. */
static int fv_choice_cols(const ui_t *ui, int col_w)
{
    int min_w = ui->m.px_body * 14;
    return AGM_CLAMP(col_w / AGM_MAX(1, min_w), 1, 3);
}

/* Lines a multi-line field may show: its own number, or fewer when the
 * keyboard leaves less room (label and box must fit above it). */
static int fv_field_lines(formview_t *fv, ui_t *ui, int i, const fv_style_t *st)
{
    const formview_item_t *it = &fv->items[i];
    int lines = AGM_MAX(1, it->lines);
    if (lines == 1 || !(fv->kb_shown && fv->focus == i))
        return lines;
    rect_t v = formview_viewport(fv, ui);
    int room = v.h - 2 * ui->m.gap - st->lh - ui->m.u - 2 * st->pad;
    int fit = room / AGM_MAX(1, st->lh);
    return AGM_CLAMP(fit, 1, lines);
}

static void fv_layout_items(formview_t *fv, ui_t *ui)
{
    const ui_metrics_t *m = &ui->m;
    fv_style_t st = fv_style(ui);
    rect_t body = ui->body;
    fv->col_w = AGM_MIN(body.w - 2 * m->margin, m->measure);
    fv->col_x = body.x + (body.w - fv->col_w) / 2;
    int x = fv->col_x, w = fv->col_w;
    int y = m->margin;
    fv->nopt = 0;
    for (int i = 0; i < fv->nitems; i++) {
        formview_item_t *it = &fv->items[i];
        int y0 = y;
        fv->box_r[i] = (rect_t){x, y, 0, 0};
        switch (it->kind) {
        case FV_NOTE: {
            int inset = it->notice ? st.pad + m->u : 0;
            int h = fv_text_h(ui, &st.body, it->label, w - 2 * inset, st.lh) + 2 * (it->notice ? st.pad : 0);
            y += h;
            break;
        }
        case FV_FIELD: {
            y += st.lh + m->u;
            int lines = fv_field_lines(fv, ui, i, &st);
            fv->field_lines[i] = lines;
            int bh = lines * st.lh + 2 * st.pad;
            fv->box_r[i] = (rect_t){x, y, w, bh};
            y += bh;
            if (it->error)
                y += m->u + fv_text_h(ui, &st.body, it->error, w, st.lh);
            break;
        }
        case FV_CHOICES: {
            y += st.lh + m->u;
            int cols = fv_choice_cols(ui, w);
            int cw = (w - (cols - 1) * m->gap) / cols;
            int tw = fv_option_text_w(ui, &st, cw);
            for (int k = 0; k < it->nopts; k += cols) {
                int row_h = m->target;
                for (int c = 0; c < cols && k + c < it->nopts; c++)
                    row_h = AGM_MAX(row_h, fv_text_h(ui, &st.body, it->opts[k + c], tw, st.lh) + 2 * m->u);
                for (int c = 0; c < cols && k + c < it->nopts && fv->nopt < FV_MAX_OPTS; c++) {
                    int o = fv->nopt++;
                    fv->opt_r[o] = (rect_t){x + c * (cw + m->gap), y, cw, row_h};
                    fv->opt_item[o] = i;
                    fv->opt_index[o] = k + c;
                    snprintf(fv->opt_id[o], sizeof fv->opt_id[o], "%s.%d", it->id, k + c);
                }
                y += row_h + m->gap;
            }
            y -= m->gap;
            break;
        }
        case FV_CONSENT: {
            y += st.lh + m->u;
            int th = fv_text_h(ui, &st.body, it->text, w - 2 * st.pad, st.lh);
            int row_y = y + st.pad + th + m->u;
            fv->box_r[i] = (rect_t){x + st.pad / 2, row_y, w - st.pad, AGM_MAX(m->target, st.lh + 2 * m->u)};
            y = row_y + fv->box_r[i].h + st.pad / 2;
            break;
        }
        case FV_SUBMIT: {
            /* In the footer, in screen coordinates; takes no room here. */
            rect_t foot = formview_footer(fv, ui);
            int bw = AGM_MIN(w / 2, AGM_MAX(ui_button_width(ui, it->label, m->px_body), w / 3));
            fv->box_r[i] = (rect_t){x + w - bw, foot.y + (foot.h - m->button_h) / 2, bw, m->button_h};
            fv->item_r[i] = (rect_t){x, foot.y, w, foot.h};
            continue;
        }
        }
        fv->item_r[i] = (rect_t){x, y0, w, y - y0};
        y += 2 * m->gap;
    }
    y += m->margin - 2 * m->gap + m->gap;
    scroll_set_content(&fv->scroll, formview_viewport(fv, ui), y);
}

/* Scroll so the focused field's label and box are inside the viewport. */
static void fv_reveal(formview_t *fv, ui_t *ui)
{
    if (fv->focus < 0 || fv->focus >= fv->nitems)
        return;
    const ui_metrics_t *m = &ui->m;
    rect_t v = fv->scroll.view;
    int top = fv->item_r[fv->focus].y - m->gap;
    int bottom = fv->box_r[fv->focus].y + fv->box_r[fv->focus].h + m->gap;
    if (bottom - top > v.h)
        top = bottom - v.h;
    int off = (int)fv->scroll.offset;
    if (top < off)
        off = top;
    else if (bottom > off + v.h)
        off = bottom - v.h;
    scroll_to(&fv->scroll, off);
}

void formview_layout(formview_t *fv, ui_t *ui)
{
    if (!fv->dirty && fv->laid_w == ui->m.w && fv->laid_h == ui->m.h)
        return;
    if (fv->laid_w != ui->m.w || fv->laid_h != ui->m.h) {
        keyboard_set_screen(&fv->kb, ui->m.w, ui->m.h);
        if (fv->focus >= 0 && fv->focus < fv->nitems)
            fv->kb.field = fv->items[fv->focus].field;
    }
    fv->laid_w = ui->m.w;
    fv->laid_h = ui->m.h;
    fv->dirty = false;
    fv->nitems = 0;
    fv->build(ui, fv->owner, fv);
    if (fv->focus >= fv->nitems || (fv->focus >= 0 && fv->items[fv->focus].kind != FV_FIELD))
        fv->focus = -1;
    fv_layout_items(fv, ui);
    fv_reveal(fv, ui);
}

/* ---- focus -------------------------------------------------------------- */

void formview_focus(formview_t *fv, ui_t *ui, int i, bool show_keyboard)
{
    formview_layout(fv, ui);
    if (i >= fv->nitems || (i >= 0 && fv->items[i].kind != FV_FIELD))
        i = -1;
    if (fv->focus != i && fv->focus >= 0 && fv->blur)
        fv->blur(ui, fv->owner, fv->items[fv->focus].field);
    /* Rebinding picks the layout (and the first capital) afresh. */
    bool rebind = fv->focus != i || (show_keyboard && !fv->kb_shown);
    fv->focus = i;
    if (i < 0)
        show_keyboard = false;
    if (rebind) {
        /* A text field starts in the script of the UI language. */
        keyboard_set_language(&fv->kb, ui->lang);
        keyboard_bind(&fv->kb, i >= 0 ? fv->items[i].field : NULL);
    }
    if (show_keyboard != fv->kb_shown) {
        fv->kb_shown = show_keyboard;
        fv->kb_t0 = ui->now;
        keyboard_cancel(&fv->kb);
    }
    fv->dirty = true;
    formview_layout(fv, ui);
}

/* The next field after item i (wrapping to none). */
static int fv_next_field(const formview_t *fv, int i, int dir)
{
    for (int k = i + dir; k >= 0 && k < fv->nitems; k += dir)
        if (fv->items[k].kind == FV_FIELD)
            return k;
    return -1;
}

void formview_reset(formview_t *fv)
{
    fv->focus = -1;
    fv->kb_shown = false;
    fv->kb_t0 = 0;
    keyboard_bind(&fv->kb, NULL);
    keyboard_forget_script(&fv->kb);   /* the next attendee starts afresh */
    fv->thanks = false;
    scroll_to(&fv->scroll, 0);
    fv->scroll.velocity = 0;
    fv->scroll.dragging = fv->scroll.grabbed = false;
    fv->dirty = true;
}

void formview_thanks(formview_t *fv, ui_t *ui, const char *title, const char *text)
{
    formview_focus(fv, ui, -1, false);
    fv->thanks = true;
    fv->thanks_t0 = ui->now;
    fv->thanks_title = title;
    fv->thanks_text = text;
    scroll_to(&fv->scroll, 0);
}

/* ---- input -------------------------------------------------------------- */

static bool fv_keyboard_animating(const formview_t *fv, const ui_t *ui)
{
    return fv->kb_t0 && ui->now < fv->kb_t0 + FV_KB_ANIM_MS;
}

/* React to what the keyboard reported. */
static bool fv_after_keys(formview_t *fv, ui_t *ui, int r)
{
    if (r & KB_HIDE)
        formview_focus(fv, ui, fv->focus, false);
    if (r & KB_ENTER) {
        int next = fv_next_field(fv, fv->focus, 1);
        formview_focus(fv, ui, next, next >= 0);
    }
    /* A layout with another number of rows moves the keyboard's top: the
     * viewport follows and the field is revealed again above it. */
    if (r & (KB_EDITED | KB_LIMIT | KB_RESIZED)) {
        fv->dirty = true;
        formview_layout(fv, ui);
    }
    return r != 0;
}

/* ---- text geometry ------------------------------------------------------ */

rect_t fv_field_inner(const formview_t *fv, const ui_t *ui, int i)
{
    fv_style_t st = fv_style(ui);
    rect_t in = rect_inset(fv->box_r[i], st.pad);
    in.x += ui->m.u;
    in.w -= 2 * ui->m.u;
    return in;
}

/* Put field i's cursor at the code point boundary nearest to the screen
 * point (x, y), so a tap in the text corrects a typo without deleting
 * everything after it. A tap above a multi-line text goes to its start,
 * below it to its end. */
static void fv_cursor_to_point(formview_t *fv, ui_t *ui, int i, int x, int y)
{
    textfield_t *f = fv->items[i].field;
    const char *s = textfield_text(f);
    if (!*s)
        return;
    fv_style_t st = fv_style(ui);
    rect_t in = fv_on_screen(fv, fv_field_inner(fv, ui, i));
    gfx_t *g = ui->gfx;
    bool multi = fv->items[i].lines > 1;
    text_layout_t l;
    int want = 0, tx = x - in.x;
    if (multi) {
        text_opts_t o = {.max_w = in.w, .line_h = st.lh};
        text_layout_str(g, &st.body, ui->theme->text, s, &o, &l);
        want = fv->text_first[i] + (y - in.y) / AGM_MAX(1, st.lh);
    } else {
        tx += fv->text_shift[i];
    }
    size_t best = f->count, idx = 0;
    int best_d = -1;
    for (size_t b = 0;; idx++) {
        int line = 0, cx;
        if (multi)
            fv_cursor_pos(g, &l, s, b, &line, &cx);
        else
            cx = gfx_text_width_n(g, &st.body, s, b);
        int d = abs(cx - tx);
        if (line == want && (best_d < 0 || d < best_d)) {
            best_d = d;
            best = idx;
        }
        if (b >= f->len)
            break;
        size_t adv;
        utf8_decode(s + b, f->len - b, &adv);
        b += adv;
    }
    if (multi)
        text_layout_free(&l);
    if (best_d < 0 && want < 0)
        best = 0;
    textfield_set_cursor(f, best);
}

bool formview_activate(formview_t *fv, ui_t *ui, const char *id)
{
    formview_layout(fv, ui);
    if (fv->thanks) {
        if (strcmp(id, "form.done") == 0) {
            fv->thanks = false;
            ui_home(ui);
        }
        return strcmp(id, "nav.back") != 0 && strcmp(id, "nav.home") != 0;
    }
    /* Keys act on press and release (see formview_event); the tap that
     * follows is already done. */
    if (strncmp(id, "kb.", 3) == 0)
        return true;
    int i = formview_find(fv, id);
    if (i >= 0 && fv->items[i].kind == FV_FIELD) {
        /* A tap in the text puts the cursor there; a first tap in a field
         * (or below its text) puts it at the end. The keyboard comes back
         * if it was put away. */
        if (fv->focus == i) {
            keyboard_commit(&fv->kb);   /* the syllable being composed stays as it is */
            fv_cursor_to_point(fv, ui, i, fv->press_x, fv->press_y);
        }
        else
            textfield_set_cursor(fv->items[i].field, (size_t)-1);
        formview_focus(fv, ui, i, true);
        return true;
    }
    /* Any other control takes the focus away, so the keyboard goes. */
    if (fv->focus >= 0 && strncmp(id, "nav.", 4) != 0)
        formview_focus(fv, ui, -1, false);
    formview_item_t *it = NULL;
    for (int o = 0; o < fv->nopt && !it; o++) {
        if (strcmp(id, fv->opt_id[o]) != 0)
            continue;
        it = &fv->items[fv->opt_item[o]];
        int k = fv->opt_index[o];
        bool on = !it->on[k];
        /* One at most in a single choice; choosing the chosen one again
         * unchooses it. */
        if (it->single)
            for (int j = 0; j < it->nopts; j++)
                it->on[j] = false;
        it->on[k] = on;
    }
    if (!it && i >= 0 && fv->items[i].kind == FV_CONSENT) {
        it = &fv->items[i];
        *it->checked = !*it->checked;
    }
    if (!it && i >= 0 && fv->items[i].kind == FV_SUBMIT && fv->items[i].enabled)
        it = &fv->items[i];
    if (!it)
        return false;
    if (fv->changed)
        fv->changed(ui, fv->owner, it);
    formview_invalidate(fv);
    return true;
}

bool formview_claims(const formview_t *fv, int x, int y)
{
    return !fv->thanks && fv->kb_shown && fv->kb.nkeys && rect_contains(fv->kb.area, x, y);
}

static bool fv_physical_key(formview_t *fv, ui_t *ui, const ui_input_t *in)
{
    textfield_t *f = fv->focus >= 0 ? fv->items[fv->focus].field : NULL;
    bool edited = false;
    switch (in->key) {
    case UI_KEY_TAB: {
        int dir = (in->mods & UI_MOD_SHIFT) ? -1 : 1;
        int next = fv_next_field(fv, fv->focus < 0 && dir < 0 ? fv->nitems : fv->focus, dir);
        formview_focus(fv, ui, next, fv->kb_shown);
        return true;
    }
    case UI_KEY_ESCAPE:
        if (fv->focus < 0)
            return false;   /* nothing to put away: the app goes back */
        formview_focus(fv, ui, -1, false);
        return true;
    default:
        break;
    }
    if (!f)
        return false;
    switch (in->key) {
    case UI_KEY_BACKSPACE: edited = textfield_backspace(f); break;
    case UI_KEY_DELETE: edited = textfield_delete(f); break;
    case UI_KEY_LEFT: edited = textfield_left(f); break;
    case UI_KEY_RIGHT: edited = textfield_right(f); break;
    case UI_KEY_UP: edited = textfield_up(f); break;
    case UI_KEY_DOWN: edited = textfield_down(f); break;
    case UI_KEY_HOME: edited = textfield_home(f); break;
    case UI_KEY_END: edited = textfield_end(f); break;
    case UI_KEY_ENTER:
        if (f->multiline)
            edited = textfield_insert(f, "\n", 1) == 0;
        else
            return fv_after_keys(fv, ui, KB_ENTER);
        break;
    default:
        /* Printable keys arrive as UI_EV_TEXT as well; handle them there. */
        return false;
    }
    fv->dirty = true;
    formview_layout(fv, ui);
    (void)edited;
    return true;
}

bool formview_event(formview_t *fv, ui_t *ui, const ui_input_t *in)
{
    formview_layout(fv, ui);
    if (fv->thanks) {
        /* A tap anywhere on the card ends it early. */
        if (in->kind == IN_TAP) {
            fv->thanks = false;
            ui_home(ui);
        }
        return true;
    }
    bool on_kb = fv->kb_shown && !fv_keyboard_animating(fv, ui) && fv->focus >= 0;
    switch (in->kind) {
    case IN_PRESS:
        fv->press_x = in->x;
        fv->press_y = in->y;
        if (on_kb && rect_contains(fv->kb.area, in->x, in->y))
            return fv_after_keys(fv, ui, keyboard_pointer_down(&fv->kb, in->x, in->y, in->t) | KB_CHANGED);
        break;
    case IN_DRAG_BEGIN:
    case IN_DRAG:
        if (fv->kb.pressed >= 0)
            return keyboard_pointer_move(&fv->kb, in->x, in->y, in->t) != 0;
        break;
    case IN_RELEASE:
        if (fv->kb.pressed >= 0)
            return fv_after_keys(fv, ui, keyboard_pointer_up(&fv->kb, in->x, in->y, in->t) | KB_CHANGED);
        break;
    case IN_LOST:
        /* The finger went with its touch screen: the key it held types nothing. */
        if (fv->kb.pressed >= 0) {
            keyboard_cancel(&fv->kb);
            return true;
        }
        break;
    case IN_CANCEL:
        /* A drag on the keyboard still ends on a key (sliding corrects a miss). */
        if (fv->kb.pressed >= 0)
            return false;
        break;
    case IN_TAP:
        /* A tap on the form outside any control puts the keyboard away. */
        if (fv->kb_shown && !rect_contains(fv->kb.area, in->x, in->y)) {
            formview_focus(fv, ui, -1, false);
            return true;
        }
        if (rect_contains(fv->kb.area, in->x, in->y) && fv->kb_shown)
            return true;
        break;
    case IN_KEY:
        return fv_physical_key(fv, ui, in);
    case IN_TEXT: {
        if (fv->focus < 0) {
            /* Typing on a physical keyboard with nothing focused goes to the
             * first field, without the on-screen keyboard. */
            int first = fv_next_field(fv, -1, 1);
            if (first < 0)
                return false;
            formview_focus(fv, ui, first, false);
        }
        textfield_t *f = fv->items[fv->focus].field;
        textfield_insert(f, in->text ? in->text : "", (size_t)-1);
        fv->dirty = true;
        formview_layout(fv, ui);
        return true;
    }
    default:
        break;
    }
    if (in->kind == IN_PRESS && fv->kb_shown && rect_contains(fv->kb.area, in->x, in->y))
        return true;   /* a press on the sliding keyboard belongs to nobody */
    if (fv->kb.pressed >= 0)
        return false;
    /* The arrow keys move a form one line at a time; the wheel moves it as
     * far as on every other screen (its step is taken from two lines). */
    int step = in->kind == IN_WHEEL ? 2 * ui->m.body_line : ui->m.body_line;
    return scroll_input(&fv->scroll, in, step);
}

bool formview_update(formview_t *fv, ui_t *ui)
{
    formview_layout(fv, ui);
    bool anim = false;
    int r = keyboard_update(&fv->kb, ui->now);
    if (r) {
        fv_after_keys(fv, ui, r);
        ui_invalidate(ui);
    }
    if (fv_keyboard_animating(fv, ui))
        anim = true;
    else if (fv->kb_t0) {
        fv->kb_t0 = 0;
        ui_invalidate(ui);
    }
    if (scroll_update(&fv->scroll, ui->now))
        anim = true;
    if (fv->thanks && ui->now >= fv->thanks_t0 + FV_THANKS_MS) {
        fv->thanks = false;
        ui_home(ui);
    }
    return anim;
}

int formview_wait_ms(formview_t *fv, ui_t *ui)
{
    int w = keyboard_wait_ms(&fv->kb, ui->now);
    if (fv->thanks) {
        uint64_t due = fv->thanks_t0 + FV_THANKS_MS;
        int t = ui->now >= due ? 0 : (int)(due - ui->now);
        w = w < 0 ? t : AGM_MIN(w, t);
    }
    return w;
}

/* ---- controls ----------------------------------------------------------- */

rect_t fv_on_screen(const formview_t *fv, rect_t r)
{
    r.y = fv->scroll.view.y + r.y - (int)fv->scroll.offset;
    return r;
}

rect_t formview_box_on_screen(const formview_t *fv, const ui_t *ui, int i)
{
    (void)ui;
    return fv_on_screen(fv, fv->box_r[i]);
}

/* A control scrolled partly out of view is listed with its visible part,
 * as long as that part is still a whole touch target high. */
static size_t fv_add(const formview_t *fv, const ui_t *ui, app_control_t *out, size_t n, size_t max,
                     rect_t content_r, const char *id)
{
    rect_t r = rect_intersect(fv_on_screen(fv, content_r), fv->scroll.view);
    if (r.h < AGM_MIN(ui->m.target, content_r.h) || r.w <= 0)
        return n;
    return ui_control_add(out, n, max, r, id);
}

rect_t fv_thanks_button(const formview_t *fv, const ui_t *ui, rect_t *card)
{
    const ui_metrics_t *m = &ui->m;
    rect_t b = ui->body;
    int cw = AGM_MIN(b.w - 2 * m->margin, m->measure);
    int ch = AGM_MIN(b.h - 2 * m->margin, m->target * 5);
    *card = (rect_t){b.x + (b.w - cw) / 2, b.y + (b.h - ch) / 2, cw, ch};
    int bw = AGM_MIN(cw - 2 * m->margin, AGM_MAX(m->target * 4, cw / 2));
    (void)fv;
    return (rect_t){card->x + (cw - bw) / 2, card->y + ch - m->margin - m->button_h, bw, m->button_h};
}

size_t formview_controls(formview_t *fv, ui_t *ui, app_control_t *out, size_t max)
{
    formview_layout(fv, ui);
    size_t n = 0;
    if (fv->thanks) {
        rect_t card;
        return ui_control_add(out, n, max, fv_thanks_button(fv, ui, &card), "form.done");
    }
    for (int i = 0; i < fv->nitems; i++) {
        const formview_item_t *it = &fv->items[i];
        switch (it->kind) {
        case FV_FIELD:
        case FV_CONSENT:
            n = fv_add(fv, ui, out, n, max, fv->box_r[i], it->id);
            break;
        case FV_SUBMIT:
            /* The footer is under the keyboard while that is up. */
            if (it->enabled && !fv->kb_shown)
                n = ui_control_add(out, n, max, fv->box_r[i], it->id);
            break;
        default:
            break;
        }
    }
    for (int o = 0; o < fv->nopt; o++)
        n = fv_add(fv, ui, out, n, max, fv->opt_r[o], fv->opt_id[o]);
    if (fv->kb_shown && !fv_keyboard_animating(fv, ui))
        for (int k = 0; k < fv->kb.nkeys; k++)
            n = ui_control_add(out, n, max, fv->kb.keys[k].r, fv->kb.keys[k].id);
    return n;
}

