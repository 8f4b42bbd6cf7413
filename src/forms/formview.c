#include "formview.h"

#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "../core/utf8.h"
#include "../core/util.h"
#include "../ui/text.h"

static const rgba_t FV_WHITE = {255, 255, 255, 255};

void formview_init(formview_t *fv, fv_build_fn build, fv_blur_fn blur, void *owner)
{
    memset(fv, 0, sizeof *fv);
    fv->build = build;
    fv->blur = blur;
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
static int fv_submit_index(const formview_t *fv)
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

typedef struct {
    font_t label, body, small;
    int lh;        /* body line distance */
    int pad;       /* inside boxes */
    int box_s;     /* check box side */
} fv_style_t;

static fv_style_t fv_style(const ui_t *ui)
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

static int fv_text_h(ui_t *ui, const font_t *f, const char *s, int w, int lh)
{
    if (!s || !*s)
        return 0;
    return text_height(ui->gfx, f, s, w, lh);
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
            int tw = cw - st.box_s - 3 * m->u - m->u;
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

static rect_t fv_on_screen(const formview_t *fv, rect_t r);
static void fv_cursor_pos(gfx_t *g, const text_layout_t *l, const char *s, size_t cb, int *line, int *x);

/* The text area inside field i's box (content coordinates), as drawn. */
static rect_t fv_field_inner(const formview_t *fv, const ui_t *ui, int i)
{
    fv_style_t st = fv_style(ui);
    rect_t in = rect_inset(fv->box_r[i], st.pad);
    in.x += ui->m.u;
    in.w -= 2 * ui->m.u;
    return in;
}

/* Put field i's cursor at the code point boundary nearest to the screen
 * point (x, y), so a tap in the text corrects a typo without deleting
 * everything after it. */
static void fv_cursor_to_point(formview_t *fv, ui_t *ui, int i, int x, int y)
{
    textfield_t *f = fv->items[i].field;
    const char *s = textfield_text(f);
    if (!*s)
        return;
    fv_style_t st = fv_style(ui);
    rect_t in = fv_on_screen(fv, fv_field_inner(fv, ui, i));
    gfx_t *g = ui->gfx;
    size_t best = f->count, idx = 0;
    int best_d = -1;
    if (fv->items[i].lines <= 1) {
        int tx = x - in.x + fv->text_shift[i];
        for (size_t b = 0;; idx++) {
            int d = abs(gfx_text_width_n(g, &st.body, s, b) - tx);
            if (best_d < 0 || d < best_d) {
                best_d = d;
                best = idx;
            }
            if (b >= f->len)
                break;
            size_t adv;
            utf8_decode(s + b, f->len - b, &adv);
            b += adv;
        }
    } else {
        text_layout_t l;
        text_opts_t o = {.max_w = in.w, .line_h = st.lh};
        text_layout_str(g, &st.body, ui->theme->text, s, &o, &l);
        int want = fv->text_first[i] + (y - in.y) / AGM_MAX(1, st.lh);
        int tx = x - in.x;
        int last_line = 0;
        for (size_t b = 0;; idx++) {
            int line, cx;
            fv_cursor_pos(g, &l, s, b, &line, &cx);
            last_line = AGM_MAX(last_line, line);
            if (line == want) {
                int d = abs(cx - tx);
                if (best_d < 0 || d < best_d) {
                    best_d = d;
                    best = idx;
                }
            }
            if (b >= f->len)
                break;
            size_t adv;
            utf8_decode(s + b, f->len - b, &adv);
            b += adv;
        }
        text_layout_free(&l);
        if (best_d < 0 && want < 0)
            best = 0;
    }
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
    return false;
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

rect_t formview_box_on_screen(const formview_t *fv, const ui_t *ui, int i)
{
    (void)ui;
    rect_t r = fv->box_r[i];
    r.y = fv->scroll.view.y + r.y - (int)fv->scroll.offset;
    return r;
}

static rect_t fv_on_screen(const formview_t *fv, rect_t r)
{
    r.y = fv->scroll.view.y + r.y - (int)fv->scroll.offset;
    return r;
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

static rect_t fv_thanks_button(const formview_t *fv, const ui_t *ui, rect_t *card)
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

/* ---- drawing ------------------------------------------------------------ */

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

/* Where the cursor is in a laid-out text: the line and x of byte offset cb. */
static void fv_cursor_pos(gfx_t *g, const text_layout_t *l, const char *s, size_t cb, int *line, int *x)
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
    rect_t in = rect_inset(b, st->pad);
    in.x += m->u;
    in.w -= 2 * m->u;
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
        gfx_text(g, &st->body, in.x - shift, in.y + (st->lh - (gfx_metrics(g, &st->body).ascent +
                 gfx_metrics(g, &st->body).descent)) / 2, s, t->text);
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
        int vis = fv->field_lines[i];
        int first = fv->text_first[i];
        if (cline < first)
            first = cline;
        if (cline >= first + vis)
            first = cline - vis + 1;
        fv->text_first[i] = first;
        int top_pad = (st->lh - (gfx_metrics(g, &st->body).ascent + gfx_metrics(g, &st->body).descent)) / 2;
        text_layout_draw(g, &l, in.x, in.y + top_pad - first * st->lh);
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
            int tw = c.x + c.w - tx - m->u;
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
