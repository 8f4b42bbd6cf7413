/* scr_admin_pin.c - the PIN pad in front of the admin screen (see
 * admin_screen.h). A 3 x 4 pad of large keys (1-9, Delete, 0, Open): a PIN
 * has 4 to 12 digits, so Open submits rather than a fixed length. The PIN
 * is never drawn, only one dot per digit, and is wiped from memory after
 * each attempt. Landscape: title, dots, message and Cancel at the left, the
 * pad at the right; portrait: the same stacked, the pad under them.
 *
 * The check itself (Argon2id) runs in a worker thread (pin_check.h): the
 * pad says "Checking…", ignores digits and a second Open until the answer
 * is there, and keeps drawing and taking Cancel meanwhile. An answer that
 * arrives after the pad was left (Cancel, the idle timeout) opens nothing,
 * but a wrong PIN still counts towards the lock: leaving the pad is no way
 * around it. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../ui/widgets.h"
#include "admin_screen.h"
#include "pin.h"
#include "pin_check.h"

#define PAD_KEYS 12
#define PAD_DEL 9
#define PAD_ZERO 10
#define PAD_OPEN 11
/* How often the pad looks for the answer of a running check; the wait is a
 * cheap atomic load, and the answer is on screen at most this late. */
#define PAD_POLL_MS 15
/* The "Checking…" dots step this often (a calm pace, few redraws). */
#define PAD_DOTS_MS 300

typedef enum { MSG_NONE, MSG_WRONG, MSG_LOCKED, MSG_ERROR, MSG_CHECKING } pad_msg_t;

typedef struct {
    pin_guard_t guard;
    bool have_dir;          /* settings with a data folder: a PIN can exist */
    char digits[PIN_MAX_DIGITS + 1];
    int n;
    pad_msg_t msg;
    bool not_set;           /* no PIN file: explain, do not open */
    pin_check_t *check;     /* the check running, or NULL */
    bool discard;           /* the pad was left since: the answer only counts */
    uint64_t dots_phase;    /* the busy dots' step shown (PAD_DOTS_MS steps of the app clock) */
    /* layout */
    rect_t title, prompt, dots, msg_box, cancel;
    rect_t keys[PAD_KEYS];
    int key_px;
} pinpad_t;

static const char *const key_ids[PAD_KEYS] = {"pin.1", "pin.2", "pin.3", "pin.4", "pin.5", "pin.6",
                                              "pin.7", "pin.8", "pin.9", "pin.del", "pin.0", "pin.ok"};

/* The lockout runs on the app clock, so tests drive it with a fake one. */
static uint64_t pad_clock(void *ctx) { return ((const ui_t *)ctx)->now; }

static void pad_clear(pinpad_t *p)
{
    /* the digits are a secret: do not leave them in memory */
    memset(p->digits, 0, sizeof p->digits);
    p->n = 0;
}

static void *pad_create(ui_t *ui)
{
    pinpad_t *p = xcalloc(1, sizeof *p);
    p->have_dir = ui->cfg && ui->cfg->data_dir && *ui->cfg->data_dir;
    pin_guard_init(&p->guard, p->have_dir ? ui->cfg->data_dir : ".", pad_clock, ui);
    return p;
}

static void pad_destroy(void *st)
{
    pinpad_t *p = st;
    if (!p)
        return;
    pad_clear(p);
    pin_check_free(p->check); /* waits for a check still running: well under a second */
    pin_guard_free(&p->guard);
    free(p);
}

static void pad_finish(ui_t *ui, pinpad_t *p);

/* The pad is left or reset while a check runs: its answer must not open
 * the admin screen later. Taken now when it is already there. */
static void pad_abandon(ui_t *ui, pinpad_t *p)
{
    if (!p->check)
        return;
    p->discard = true;
    if (pin_check_done(p->check))
        pad_finish(ui, p);
}

static void pad_enter(ui_t *ui, void *st)
{
    pinpad_t *p = st;
    pad_clear(p);
    pad_abandon(ui, p); /* normally done on leaving already */
    p->not_set = !p->have_dir || !pin_is_set(ui->cfg->data_dir);
    /* an abandoned check still running: shown as checking until it is counted */
    p->msg = p->check ? MSG_CHECKING : pin_guard_locked_ms(&p->guard) > 0 ? MSG_LOCKED : MSG_NONE;
    ui_relayout(ui);
}

static void pad_leave(ui_t *ui, void *st)
{
    pad_abandon(ui, st);
}

static void pad_reset(ui_t *ui, void *st)
{
    pinpad_t *p = st;
    pad_clear(p);
    pad_abandon(ui, p);
    if (p->msg != MSG_LOCKED && p->msg != MSG_CHECKING)
        p->msg = MSG_NONE; /* the lock itself lives in the guard and outlasts the idle reset */
}

static void pad_layout(ui_t *ui, void *st)
{
    pinpad_t *p = st;
    const ui_metrics_t *m = &ui->m;
    int M = m->margin;
    /* the pad: keys a little larger than ordinary buttons, never below the target */
    int kh, kw, pad_x, pad_y, info_w;
    int cancel_w = AGM_MAX(ui_button_width(ui, ui_str(ui, "admin.cancel"), m->px_body), m->target * 2);
    if (!m->portrait) {
        int pad_w = AGM_MIN((m->w - 2 * M - m->gap * 3) / 2, m->target * 9);
        kh = AGM_MIN((m->h - 2 * M - 3 * m->gap) / 4, m->target * 2);
        kw = AGM_MIN((pad_w - 2 * m->gap) / 3, kh * 2);
        pad_w = 3 * kw + 2 * m->gap;
        pad_x = m->w - M - pad_w;
        pad_y = (m->h - (4 * kh + 3 * m->gap)) / 2;
        info_w = pad_x - M - m->gap * 3;
        p->title = (rect_t){M, M, info_w, m->px_h2 * 5 / 4};
        p->prompt = (rect_t){M, p->title.y + p->title.h + m->u, info_w, m->body_line};
        p->dots = (rect_t){M, p->prompt.y + p->prompt.h + m->u * 2, info_w, m->target};
        p->cancel = (rect_t){M, m->h - M - m->button_h, AGM_MIN(cancel_w, info_w), m->button_h};
        int my = p->dots.y + p->dots.h + m->u * 2;
        p->msg_box = (rect_t){M, my, info_w, AGM_MAX(0, p->cancel.y - m->gap - my)};
    } else {
        int w = m->w - 2 * M;
        p->title = (rect_t){M, M, w, m->px_h2 * 5 / 4};
        p->prompt = (rect_t){M, p->title.y + p->title.h + m->u, w, m->body_line};
        p->dots = (rect_t){M, p->prompt.y + p->prompt.h + m->u * 2, w, m->target};
        int my = p->dots.y + p->dots.h + m->u * 2;
        p->msg_box = (rect_t){M, my, w, m->body_line * 3};
        p->cancel = (rect_t){M, m->h - M - m->button_h, w, m->button_h};
        int top = p->msg_box.y + p->msg_box.h + m->gap;
        int avail = p->cancel.y - m->gap * 2 - top;
        kh = AGM_MIN((avail - 3 * m->gap) / 4, m->target * 2);
        kw = AGM_MIN((w - 2 * m->gap) / 3, kh * 2);
        pad_x = (m->w - (3 * kw + 2 * m->gap)) / 2;
        pad_y = top + (avail - (4 * kh + 3 * m->gap)) / 2;
    }
    for (int i = 0; i < PAD_KEYS; i++)
        p->keys[i] = (rect_t){pad_x + (i % 3) * (kw + m->gap), pad_y + (i / 3) * (kh + m->gap), kw, kh};
    p->key_px = AGM_MIN(m->px_h1, kh / 2);
    if (p->not_set) {
        /* only the explanation and Cancel */
        int w = AGM_MIN(m->w - 2 * M, m->measure);
        p->title.x = (m->w - w) / 2; /* title and explanation in one centred column */
        p->title.w = w;
        p->msg_box = (rect_t){p->title.x, p->prompt.y, w, AGM_MAX(0, m->h - M - m->button_h - m->gap - p->prompt.y)};
        p->cancel = (rect_t){(m->w - AGM_MIN(cancel_w * 2, w)) / 2, m->h - M - m->button_h,
                             AGM_MIN(cancel_w * 2, w), m->button_h};
    }
}

static const char *pad_message(ui_t *ui, pinpad_t *p, rgba_t *c)
{
    *c = ui->theme->danger;
    switch (p->msg) {
    case MSG_WRONG:
        return ui_count(ui, "admin.pin_tries_left", pin_guard_attempts_left(&p->guard));
    case MSG_LOCKED: {
        uint64_t ms = pin_guard_locked_ms(&p->guard);
        return ui_count(ui, "admin.locked", (long long)((ms + 999) / 1000));
    }
    case MSG_ERROR:
        return ui_str(ui, "admin.pin_error");
    case MSG_CHECKING:
        *c = ui->theme->muted; /* calm: nothing is wrong */
        return ui_str(ui, "admin.pin_checking");
    default:
        return NULL;
    }
}

static void draw_key(ui_t *ui, pinpad_t *p, gfx_t *g, int i)
{
    const char *label;
    char d[2] = {0, 0};
    if (i == PAD_DEL)
        label = ui_str(ui, "admin.pin_delete");
    else if (i == PAD_OPEN)
        label = ui_str(ui, "admin.pin_open");
    else {
        d[0] = (char)(i == PAD_ZERO ? '0' : '1' + i);
        label = d;
    }
    int px = d[0] ? p->key_px : ui->m.px_body;
    /* a word key (Delete, Open) shrinks to the small size before its label would be cut */
    font_t f = ui_font(px, true);
    while (!d[0] && px > ui->m.px_small && gfx_text_width(g, &f, label) > p->keys[i].w - ui->m.u * 4)
        f.px = --px;
    /* while locked or checking, Open does not look like the way forward */
    bool primary = i == PAD_OPEN && p->msg != MSG_LOCKED && p->msg != MSG_CHECKING;
    ui_draw_button(ui, g, p->keys[i], key_ids[i], label, px, primary ? BTN_PRIMARY : BTN_SECONDARY, 0);
}

/* Three small dots under "Checking…", one of them darker, stepping slowly. */
static void draw_busy(ui_t *ui, gfx_t *g, pinpad_t *p, rect_t box)
{
    int d = AGM_MAX(4, ui->m.u * 2);
    int k = (int)(p->dots_phase % 3);
    rgba_t on = ui->theme->muted, off = on;
    off.a = 70;
    int y = box.y + ui->m.body_line + ui->m.u;
    for (int i = 0; i < 3; i++)
        gfx_round(g, (rect_t){box.x + i * (d * 2), y, d, d}, d / 2, i == k ? on : off);
}

static void pad_draw(ui_t *ui, void *st, gfx_t *g)
{
    pinpad_t *p = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, (rect_t){0, 0, m->w, m->h}, t->surface);
    font_t tf = ui_font(m->px_h2, true), bf = ui_font(m->px_body, false);
    text_draw_box(g, &tf, t->text, ui_str(ui, "admin.title"), p->title, TEXT_LEFT, p->title.h);
    if (p->not_set) {
        text_draw_box(g, &bf, t->text, ui_str(ui, "admin.pin_not_set"), p->msg_box, TEXT_LEFT, m->body_line);
        ui_draw_button(ui, g, p->cancel, "pin.cancel", ui_str(ui, "admin.cancel"), m->px_body, BTN_PRIMARY, 0);
        return;
    }
    text_draw_box(g, &bf, t->muted, ui_str(ui, "admin.pin"), p->prompt, TEXT_LEFT, m->body_line);
    /* the entry: one dot per digit in a field */
    gfx_round(g, p->dots, m->radius, t->surface_alt);
    gfx_stroke(g, p->dots, m->radius, AGM_MAX(1, m->line), t->line);
    int d = p->dots.h * 2 / 5, step = d + d / 2;
    int x = p->dots.x + m->u * 3;
    for (int i = 0; i < p->n && x + d <= p->dots.x + p->dots.w - m->u; i++, x += step)
        gfx_round(g, (rect_t){x, p->dots.y + (p->dots.h - d) / 2, d, d}, d / 2, t->text);
    rgba_t mc;
    const char *msg = pad_message(ui, p, &mc);
    if (msg && p->msg_box.h > 0) {
        /* wrapped a little narrower than the clip: a shaped line can be wider than its words measured */
        rect_t in = p->msg_box;
        in.w -= AGM_MIN(m->u * 2, in.w / 10);
        gfx_push_clip(g, p->msg_box);
        text_draw_box(g, &bf, mc, msg, in, TEXT_LEFT, m->body_line);
        if (p->msg == MSG_CHECKING)
            draw_busy(ui, g, p, in);
        gfx_pop_clip(g);
    }
    for (int i = 0; i < PAD_KEYS; i++)
        draw_key(ui, p, g, i);
    ui_draw_button(ui, g, p->cancel, "pin.cancel", ui_str(ui, "admin.cancel"), m->px_body, BTN_SECONDARY, 0);
}

/* Take the answer of the finished check: count it, then act on it unless
 * the pad was left meanwhile. */
static void pad_finish(ui_t *ui, pinpad_t *p)
{
    pin_result_t r = pin_guard_end(&p->guard, pin_check_result(p->check));
    pin_check_free(p->check);
    p->check = NULL;
    ui_invalidate(ui);
    if (p->discard) {
        p->discard = false;
        p->msg = pin_guard_locked_ms(&p->guard) > 0 ? MSG_LOCKED : MSG_NONE;
        return;
    }
    switch (r) {
    case PIN_OK:
        p->msg = MSG_NONE;
        admin_unlock(ui);
        ui_go(ui, ui->mode == APP_MODE_MODERATE ? "moderate" : "admin");
        return;
    case PIN_WRONG:
        p->msg = pin_guard_locked_ms(&p->guard) > 0 ? MSG_LOCKED : MSG_WRONG;
        break;
    case PIN_LOCKED:
        p->msg = MSG_LOCKED;
        break;
    case PIN_NOT_SET:
        p->not_set = true;
        ui_relayout(ui);
        break;
    default:
        p->msg = MSG_ERROR;
        break;
    }
}

static void pad_submit(ui_t *ui, pinpad_t *p)
{
    if (p->check || p->n == 0)
        return; /* one check at a time; an empty Open is a slip, not an attempt */
    if (pin_guard_begin(&p->guard) == PIN_LOCKED) {
        pad_clear(p);
        p->msg = MSG_LOCKED;
        return;
    }
    p->check = pin_check_start(p->guard.data_dir, p->digits);
    pad_clear(p);
    p->discard = false;
    p->msg = MSG_CHECKING;
    if (pin_check_done(p->check)) /* checked in place: no thread */
        pad_finish(ui, p);
}

static void pad_digit(pinpad_t *p, char c)
{
    if (p->check || p->n >= PIN_MAX_DIGITS)
        return; /* the PIN being checked is gone from the pad; the next one starts after */
    p->digits[p->n++] = c;
    p->digits[p->n] = 0;
    if (p->msg == MSG_WRONG || p->msg == MSG_ERROR)
        p->msg = MSG_NONE;
}

static void pad_delete(pinpad_t *p)
{
    if (!p->check && p->n > 0)
        p->digits[--p->n] = 0;
}

static void pad_cancel(ui_t *ui, pinpad_t *p)
{
    pad_clear(p);
    if (ui->mode != APP_MODE_MODERATE) /* the moderation window has nothing behind its pad */
        ui_back(ui);
}

static bool pad_activate(ui_t *ui, void *st, const char *id)
{
    pinpad_t *p = st;
    if (strcmp(id, "pin.cancel") == 0) {
        pad_cancel(ui, p);
        return true;
    }
    if (p->not_set)
        return false;
    if (strcmp(id, "pin.ok") == 0)
        pad_submit(ui, p);
    else if (strcmp(id, "pin.del") == 0)
        pad_delete(p);
    else if (strncmp(id, "pin.", 4) == 0 && id[4] >= '0' && id[4] <= '9' && !id[5])
        pad_digit(p, id[4]);
    else
        return false;
    return true;
}

/* A physical keyboard works too: digits, Backspace, Enter, Escape. */
static bool pad_event(ui_t *ui, void *st, const ui_input_t *in)
{
    pinpad_t *p = st;
    if (in->kind != IN_KEY)
        return false;
    if (in->key == UI_KEY_ESCAPE) {
        pad_cancel(ui, p);
        return true;
    }
    if (p->not_set)
        return false;
    if (in->key >= '0' && in->key <= '9' && !(in->mods & (UI_MOD_CTRL | UI_MOD_ALT)))
        pad_digit(p, (char)in->key);
    else if (in->key == UI_KEY_BACKSPACE)
        pad_delete(p);
    else if (in->key == UI_KEY_ENTER && !in->repeat)
        pad_submit(ui, p);
    else
        return false;
    return true;
}

/* The check's answer, once there; the busy dots' steps; the lock's
 * countdown: redraw when the shown number of seconds changes, and drop the
 * message when the lock ends. */
static bool pad_update(ui_t *ui, void *st)
{
    pinpad_t *p = st;
    if (p->check) {
        if (pin_check_done(p->check))
            pad_finish(ui, p);
        else if (!p->discard && ui->now / PAD_DOTS_MS != p->dots_phase) { /* dots only while shown */
            p->dots_phase = ui->now / PAD_DOTS_MS;
            ui_invalidate(ui);
        }
        return false;
    }
    if (p->msg == MSG_LOCKED) {
        if (pin_guard_locked_ms(&p->guard) == 0)
            p->msg = MSG_NONE;
        ui_invalidate(ui);
    }
    return false;
}

static int pad_wait_ms(ui_t *ui, void *st)
{
    pinpad_t *p = st;
    if (p->check)
        return PAD_POLL_MS;
    if (p->msg != MSG_LOCKED)
        return -1;
    uint64_t ms = pin_guard_locked_ms(&p->guard);
    return ms == 0 ? 0 : (int)((ms - 1) % 1000 + 1);
}

static bool pad_pending(ui_t *ui, void *st)
{
    const pinpad_t *p = st;
    return p->check != NULL;
}

static size_t pad_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    pinpad_t *p = st;
    size_t n = 0;
    if (!p->not_set)
        for (int i = 0; i < PAD_KEYS; i++)
            n = ui_control_add(out, n, max, p->keys[i], key_ids[i]);
    return ui_control_add(out, n, max, p->cancel, "pin.cancel");
}

const screen_def_t screen_admin_pin = {
    .name = "admin_pin",
    .create = pad_create,
    .destroy = pad_destroy,
    .layout = pad_layout,
    .enter = pad_enter,
    .leave = pad_leave,
    .reset = pad_reset,
    .activate = pad_activate,
    .event = pad_event,
    .update = pad_update,
    .wait_ms = pad_wait_ms,
    .pending = pad_pending,
    .draw = pad_draw,
    .controls = pad_controls,
};
