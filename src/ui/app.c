/* app.c - the kiosk as a state machine: screens, navigation history, the top
 * bar, gestures, the idle timeout and screen transitions. No SDL. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/util.h"
#include "gfx_record.h"
#include "screen.h"
#include "usage.h"
#include "widgets.h"

/* ---- the registry ---------------------------------------------------- */

#define SCREEN(n) extern const screen_def_t screen_##n;
#include "screens.def"
#undef SCREEN

static const screen_def_t *const registry[] = {
#define SCREEN(n) &screen_##n,
#include "screens.def"
#undef SCREEN
};

size_t screen_count(void) { return AGM_ARRAY_LEN(registry); }
const screen_def_t *screen_get(size_t i) { return i < screen_count() ? registry[i] : NULL; }

const screen_def_t *screen_find(const char *name)
{
    for (size_t i = 0; name && i < screen_count(); i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

static int screen_index(const char *name)
{
    for (size_t i = 0; name && i < screen_count(); i++)
        if (strcmp(registry[i]->name, name) == 0)
            return (int)i;
    return -1;
}

size_t app_screen_count(void) { return screen_count(); }
const char *app_screen_name(size_t i) { return i < screen_count() ? registry[i]->name : NULL; }

/* ---- the app --------------------------------------------------------- */

#define APP_HISTORY 16
#define APP_TRANSITION_MS 240
#define APP_MAX_CONTROLS 256
/* The organizers' hidden gesture: a press held still this long in the
 * top-left corner (a square of 1.5 touch targets) opens the PIN pad. */
#define APP_CORNER_HOLD_MS 3000
#define APP_ADMIN_PIN_SCREEN "admin_pin"
/* "Are you still there?" shows this long before the idle reset (at most
 * half the timeout). */
#define APP_IDLE_WARN_MS 20000

struct app {
    ui_t ui;
    void **states;
    struct { unsigned gen; const void *ops, *ctx; } *laid; /* what each screen was laid out for */
    unsigned gen;
    int cur, prev;
    int history[APP_HISTORY];
    int nhist;
    gesture_t gs;
    uint64_t last_input;
    bool dirty, animating, quit;
    bool transition;
    uint64_t trans_t0;
    int trans_dir;           /* +1: the new screen comes in from the right (deeper); -1: from the left (back) */
    bool swallow;            /* a press began while screens were moving: ignored until it is released */
    char pressed[64];
    /* The control the press in progress began on ("" none), kept through a
     * drag the screen does not use (a hand that wobbles on a tile): released
     * on that control, the press is still its tap. */
    char press_id[64];
    bool press_dragged, drag_used;
    gfx_t measure;           /* given by app_set_measure, or the fake font */
    bool creating;           /* in app_create: the first screen is not laid out yet */
    int drawn;               /* the screen drawn last (-1 none yet) */
    ui_bar_t bar;            /* the current screen's top bar */
    ui_bar_fit_t title_fit;  /* a bar title too wide to centre: its fitted size */
    app_mode_t start_mode;   /* the mode the app was created in */
    int card_secs;           /* the idle card's countdown now on screen (0: no card) */
    bool card_press;         /* the pointer went down while the idle card showed */
    ui_idle_card_t card;
    theme_t contrast;        /* the high-contrast theme, from the content's */
    usage_t *usage;          /* what attendees look at (kiosk mode with a database), else NULL */
    int64_t wall0;           /* UTC ms at creation ... */
    uint64_t now0;           /* ... and the app clock then */
    content_t *base;         /* the content given at creation (replaced in place by a reload) */
    bool reload_pending;     /* ui_reload_content() was called */
    unsigned content_gen;    /* reloads done */
    bool corner_down;        /* a press is being held in the top-left corner */
    int corner_pointer;
    uint64_t corner_t0;
};

static const screen_def_t *cur_def(const app_t *a) { return registry[a->cur]; }
static void *cur_state(const app_t *a) { return a->states[a->cur]; }

static void set_body(app_t *a, const screen_def_t *d)
{
    const ui_metrics_t *m = &a->ui.m;
    a->ui.body = d->bar_title ? (rect_t){0, m->bar_h, m->w, m->h - m->bar_h} : (rect_t){0, 0, m->w, m->h};
}

/* Lay out screen i when its size, language or measuring backend changed. */
static void ensure_layout(app_t *a, int i)
{
    gfx_t *g = a->ui.gfx;
    const screen_def_t *d = registry[i];
    set_body(a, d);
    if (a->laid[i].gen == a->gen && a->laid[i].ops == g->ops && a->laid[i].ctx == g->ctx)
        return;
    a->laid[i].gen = a->gen;
    a->laid[i].ops = g->ops;
    a->laid[i].ctx = g->ctx;
    if (d->layout)
        d->layout(&a->ui, a->states[i]);
}

static void bar_for(app_t *a, int i, ui_bar_t *b)
{
    const screen_def_t *d = registry[i];
    ui_bar_layout(&a->ui, d->bar_title && d->show_back, d->bar_title && d->show_home, b);
}

static void layout_bar(app_t *a) { bar_for(a, a->cur, &a->bar); }

static int attract_index(void);
static theme_t theme_high_contrast(const theme_t *t);

/* ---- usage counts ---- */

static int64_t wall_now(const app_t *a) { return a->wall0 + (int64_t)(a->ui.now - a->now0); }

/* Screens an attendee looks at (not the attract loop, the organizers'
 * screens or the slideshow). */
static bool usage_counts_screen(const char *name)
{
    static const char *const not[] = {"attract", "admin_pin", "admin", "moderate", "slideshow"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(not); i++)
        if (strcmp(name, not[i]) == 0)
            return false;
    return true;
}

static void usage_track(app_t *a, int i)
{
    if (!a->usage)
        return;
    const char *name = registry[i]->name;
    int64_t t = wall_now(a);
    if (a->ui.mode != APP_MODE_KIOSK || strcmp(name, "attract") == 0) {
        usage_visit_end(a->usage, t);
    } else if (usage_counts_screen(name)) {
        usage_visit_begin(a->usage, t);
        usage_screen(a->usage, name, t);
    } else {
        usage_screen(a->usage, NULL, t);
    }
}

/* Hand the hours that are over (all: every count, at exit) to the store.
 * A failed save is logged and its counts dropped: they are only counts, and
 * a retry at every frame would cost more than they are worth. */
static void usage_flush(app_t *a, bool all)
{
    if (!a->usage)
        return;
    store_usage_t *rows = NULL;
    size_t n = usage_take(a->usage, wall_now(a), all, &rows);
    if (n > 0) {
        store_rc_t rc = store_usage_add(a->ui.store, rows, n);
        if (rc != STORE_OK)
            log_warn("ui", "usage counts of %s not saved: %s", rows[0].hour, store_errmsg(a->ui.store));
    }
    free(rows);
}

void ui_usage_section(ui_t *ui, size_t section)
{
    app_t *a = ui->app;
    if (!a->usage || !usage_in_visit(a->usage))
        return;
    const content_t *base = content_in(ui->content, NULL);
    const char *id = base && section < base->report.nsections ? base->report.sections[section].id : NULL;
    usage_section(a->usage, id, wall_now(a));
}

const struct usage *ui_usage(const ui_t *ui, int64_t *t_ms)
{
    *t_ms = wall_now(ui->app);
    return ui->app->usage;
}

void ui_usage_forget(ui_t *ui)
{
    if (ui->app->usage)
        usage_forget(ui->app->usage, wall_now(ui->app));
}

/* dir: +1 going deeper (the new screen pushes in from the right), -1 going
 * back. Leaving the attract loop always goes forward. */
static void enter_screen(app_t *a, int i, int dir)
{
    if (a->cur == i)
        return;
    usage_track(a, i);
    if (a->cur >= 0 && a->cur == attract_index())
        dir = 1;
    if (a->cur >= 0 && cur_def(a)->leave)
        cur_def(a)->leave(&a->ui, cur_state(a));
    a->prev = a->cur;
    a->cur = i;
    a->pressed[0] = 0;
    a->press_id[0] = 0;
    a->ui.pressed = NULL;
    gesture_cancel(&a->gs);
    /* The first screen is laid out when first drawn or touched, with the
     * display's measures rather than the stand-in ones it is created with. */
    if (a->creating)
        set_body(a, registry[i]);
    else
        ensure_layout(a, i);
    if (cur_def(a)->enter)
        cur_def(a)->enter(&a->ui, cur_state(a));
    if (!a->creating)
        ensure_layout(a, i);
    layout_bar(a);
    if (a->prev >= 0) {
        a->transition = true;
        a->trans_t0 = a->ui.now;
        a->trans_dir = dir;
    }
    a->dirty = true;
}

static int home_index(void)
{
    int h = screen_index("home");
    return h >= 0 ? h : 0;
}

static int attract_index(void) { return screen_index("attract"); }

static void go_attract(app_t *a)
{
    int i = screen_index(a->ui.mode == APP_MODE_SLIDESHOW   ? "slideshow"
                         : a->ui.mode == APP_MODE_MODERATE ? "admin_pin"
                                                           : "attract");
    enter_screen(a, i >= 0 ? i : home_index(), -1);
}

bool ui_go(ui_t *ui, const char *name)
{
    app_t *a = ui->app;
    int i = screen_index(name);
    if (i < 0) {
        log_warn("ui", "no screen named '%s'", name ? name : "(null)");
        return false;
    }
    if (i == a->cur)
        return true;
    if (a->cur >= 0) {
        if (a->nhist == APP_HISTORY) {
            memmove(a->history, a->history + 1, sizeof a->history[0] * (APP_HISTORY - 1));
            a->nhist--;
        }
        a->history[a->nhist++] = a->cur;
    }
    enter_screen(a, i, 1);
    return true;
}

void ui_back(ui_t *ui)
{
    app_t *a = ui->app;
    int to = a->nhist > 0 ? a->history[--a->nhist] : home_index();
    enter_screen(a, to, -1);
}

void ui_home(ui_t *ui)
{
    app_t *a = ui->app;
    a->nhist = 0;
    enter_screen(a, home_index(), -1);
}

/* The content in the UI language: its report, timeline, figures, event and
 * slides translated where the folder translates them (content_in). */
static void follow_lang(ui_t *ui)
{
    ui->content = (content_t *)content_in(ui->content, ui->lang);
}

void ui_set_lang(ui_t *ui, const char *lang)
{
    if (!lang || !content_lang(ui->content, lang)) {
        log_warn("ui", "no strings for language '%s'", lang ? lang : "(null)");
        return;
    }
    snprintf(ui->lang, sizeof ui->lang, "%s", lang);
    follow_lang(ui);
    ui->app->gen++;
    ui->app->dirty = true;
    ensure_layout(ui->app, ui->app->cur);
    layout_bar(ui->app);
}

/* Black on white with black rules: every text colour well above 7:1. */
static theme_t theme_high_contrast(const theme_t *t)
{
    theme_t c = *t;
    c.surface = RGBA(255, 255, 255, 255);
    c.surface_alt = RGBA(255, 255, 255, 255);
    c.text = RGBA(0, 0, 0, 255);
    c.muted = RGBA(0x1A, 0x1A, 0x1A, 255);
    c.line = RGBA(0, 0, 0, 255);
    c.accent = color_mix(t->accent, RGBA(0, 0, 0, 255), 0.35f);
    c.accent_text = RGBA(255, 255, 255, 255);
    c.danger = color_mix(t->danger, RGBA(0, 0, 0, 255), 0.3f);
    c.success = color_mix(t->success, RGBA(0, 0, 0, 255), 0.3f);
    return c;
}

void ui_set_look(ui_t *ui, bool large_text, bool high_contrast)
{
    app_t *a = ui->app;
    if (ui->large_text == large_text && ui->high_contrast == high_contrast)
        return;
    ui->large_text = large_text;
    ui->high_contrast = high_contrast;
    ui->theme = high_contrast ? &a->contrast : &ui->content->theme;
    ui_metrics_compute_scaled(&ui->m, ui->m.w, ui->m.h, large_text ? UI_LARGE_TEXT_SCALE : 1.0f);
    a->gen++;
    a->dirty = true;
    ensure_layout(a, a->cur);
    layout_bar(a);
}

void app_set_look(app_t *a, bool large_text, bool high_contrast) { ui_set_look(&a->ui, large_text, high_contrast); }

bool ui_has_screen(const ui_t *ui, const char *name) { return screen_index(name) >= 0; }

void ui_relayout(ui_t *ui)
{
    ui->app->laid[ui->app->cur].gen = 0;
    ui->app->dirty = true;
}

void *ui_screen_state(ui_t *ui, const char *name)
{
    int i = screen_index(name);
    return i >= 0 ? ui->app->states[i] : NULL;
}

void ui_invalidate(ui_t *ui) { ui->app->dirty = true; }

size_t ui_control_add(app_control_t *out, size_t n, size_t max, rect_t r, const char *id)
{
    if (n < max) {
        out[n].r = r;
        out[n].id = id;
    }
    return n + 1;
}

app_t *app_create(const app_init_t *init)
{
    app_t *a = xcalloc(1, sizeof *a);
    a->ui.cfg = init->cfg;
    a->ui.content = init->content;
    a->base = init->content;
    a->ui.store = init->store;
    a->ui.store_notice = init->store_notice;
    a->ui.mode = init->mode;
    a->start_mode = init->mode;
    a->ui.theme = &init->content->theme;
    a->ui.now = init->now_ms;
    a->ui.wall_ms = init->wall_ms;
    a->ui.wall_mono = init->now_ms;
    a->ui.app = a;
    const char *lang = init->cfg && init->cfg->language ? init->cfg->language : "en";
    snprintf(a->ui.lang, sizeof a->ui.lang, "%s", content_lang(init->content, lang) ? lang : "en");
    follow_lang(&a->ui);
    a->measure = gfx_record_measurer(1280, 800);
    a->ui.gfx = &a->measure;
    a->states = xcalloc(screen_count(), sizeof *a->states);
    a->laid = xcalloc(screen_count(), sizeof *a->laid);
    a->gen = 1;
    a->cur = a->prev = a->drawn = -1;
    a->last_input = init->now_ms;
    a->now0 = init->now_ms;
    a->wall0 = init->wall_ms ? init->wall_ms : (int64_t)time(NULL) * 1000;
    if (init->mode == APP_MODE_KIOSK && init->store)
        a->usage = usage_create();
    ui_metrics_compute(&a->ui.m, 1280, 800);
    a->contrast = theme_high_contrast(&init->content->theme);
    gesture_init(&a->gs, 800);
    for (size_t i = 0; i < screen_count(); i++)
        a->states[i] = registry[i]->create ? registry[i]->create(&a->ui) : NULL;
    a->creating = true;
    go_attract(a);
    a->creating = false;
    a->transition = false;
    return a;
}

void app_destroy(app_t *a)
{
    if (!a)
        return;
    usage_flush(a, true); /* at exit: the hour in progress too */
    usage_destroy(a->usage);
    for (size_t i = 0; i < screen_count(); i++)
        if (registry[i]->destroy)
            registry[i]->destroy(a->states[i]);
    free(a->states);
    free(a->laid);
    free(a);
    ui_text_free();
}

void app_set_measure(app_t *a, gfx_t *g)
{
    a->measure = g ? *g : gfx_record_measurer(a->ui.m.w, a->ui.m.h);
    a->ui.gfx = &a->measure;
    a->gen++;
    a->dirty = true;
}

void app_resize(app_t *a, int w, int h)
{
    if (w <= 0 || h <= 0)
        return;
    ui_metrics_compute_scaled(&a->ui.m, w, h, a->ui.large_text ? UI_LARGE_TEXT_SCALE : 1.0f);
    gesture_init(&a->gs, AGM_MIN(w, h));
    a->measure.w = w;
    a->measure.h = h;
    a->gen++;
    a->dirty = true;
    /* the current screen is laid out again when next drawn or touched */
    set_body(a, cur_def(a));
    layout_bar(a);
}

/* The control at (x, y) (topmost: the last listed), or NULL. */
static const char *hit_test(app_t *a, int x, int y)
{
    app_control_t c[APP_MAX_CONTROLS];
    size_t n = app_controls(a, c, APP_MAX_CONTROLS);
    if (n > APP_MAX_CONTROLS)
        n = APP_MAX_CONTROLS;
    for (size_t i = n; i-- > 0;)
        if (rect_contains(c[i].r, x, y))
            return c[i].id;
    return NULL;
}

static void activate(app_t *a, const char *id)
{
    const screen_def_t *d = cur_def(a);
    if (d->activate && d->activate(&a->ui, cur_state(a), id)) {
        a->dirty = true;
        return;
    }
    if (strcmp(id, "nav.back") == 0)
        ui_back(&a->ui);
    else if (strcmp(id, "nav.home") == 0)
        ui_home(&a->ui);
    a->dirty = true;
}

static void leave_slideshow(app_t *a);

/* A drag of the press in progress: a screen that uses it (scrolls, turns a
 * page) takes the press; otherwise the control it began on shows pressed
 * while the pointer is still on it, and the release there taps it. */
static void drag_follow(app_t *a, const ui_input_t *in, bool used)
{
    a->press_dragged = true;
    if (used)
        a->drag_used = true;
    if (a->drag_used || !a->press_id[0]) {
        if (a->ui.pressed)
            a->dirty = true;
        a->ui.pressed = NULL;
        return;
    }
    const char *id = hit_test(a, in->x, in->y);
    bool on = id && strcmp(id, a->press_id) == 0;
    if (on != (a->ui.pressed != NULL))
        a->dirty = true;
    snprintf(a->pressed, sizeof a->pressed, "%s", on ? a->press_id : "");
    a->ui.pressed = on ? a->pressed : NULL;
}

static void on_input(void *ctx, const ui_input_t *in)
{
    app_t *a = ctx;
    int before = a->cur;
    /* While a transition moves the screens, nothing under the finger is
     * where it will rest: a press then (an impatient second tap) does
     * nothing, to its release, rather than hit a control of the new screen
     * it was not aimed at. Releases still clear the pressed state. */
    /* A press that dismissed the idle card does nothing else either. */
    if (in->kind == IN_PRESS) { /* every press starts afresh, so nothing stays swallowed */
        a->swallow = a->transition || a->card_press;
        a->card_press = false;
    }
    if (in->kind == IN_WHEEL && a->transition)
        return;
    if (a->swallow) {
        if (in->kind == IN_RELEASE || in->kind == IN_LOST)
            a->swallow = false;
        if (in->kind != IN_RELEASE && in->kind != IN_CANCEL && in->kind != IN_LOST)
            return;
    }
    const screen_def_t *d = cur_def(a);
    bool claimed = (in->kind == IN_PRESS || in->kind == IN_TAP) && d->claims &&
                   d->claims(&a->ui, cur_state(a), in->x, in->y);
    switch (in->kind) {
    case IN_PRESS: {
        const char *id = claimed ? NULL : hit_test(a, in->x, in->y);
        snprintf(a->pressed, sizeof a->pressed, "%s", id ? id : "");
        snprintf(a->press_id, sizeof a->press_id, "%s", id ? id : "");
        a->press_dragged = a->drag_used = false;
        a->ui.pressed = id ? a->pressed : NULL;
        a->dirty = true;
        break;
    }
    case IN_WHEEL:
        if (a->gs.down)
            a->press_id[0] = 0; /* the content may have moved under the press */
        break;
    case IN_CANCEL:
        /* A drag began (the screen may still not use it: see drag_follow)
         * or the wheel turned. */
        if (a->ui.pressed)
            a->dirty = true;
        a->pressed[0] = 0;
        a->ui.pressed = NULL;
        break;
    case IN_LOST:
        /* The finger went with its touch screen: let go, tap nothing. */
        if (a->ui.pressed)
            a->dirty = true;
        a->pressed[0] = 0;
        a->ui.pressed = NULL;
        a->press_id[0] = 0;
        break;
    case IN_RELEASE: {
        if (a->ui.pressed)
            a->dirty = true;
        a->pressed[0] = 0;
        a->ui.pressed = NULL;
        bool tap = a->press_dragged && !a->drag_used && a->press_id[0];
        const char *id = tap ? hit_test(a, in->x, in->y) : NULL;
        if (id && strcmp(id, a->press_id) == 0) {
            char copy[64];
            snprintf(copy, sizeof copy, "%s", id);
            a->press_id[0] = 0;
            activate(a, copy);
            return; /* released on the control it began on: its tap */
        }
        a->press_id[0] = 0;
        break;
    }
    case IN_TAP: {
        const char *id = claimed ? NULL : hit_test(a, in->x, in->y);
        if (id) {
            char copy[64];
            snprintf(copy, sizeof copy, "%s", id);
            activate(a, copy);
            return; /* the tap was the control's */
        }
        break;
    }
    default:
        break;
    }
    if (a->cur != before)
        return;
    d = cur_def(a);
    bool used = d->event && d->event(&a->ui, cur_state(a), in);
    if (used)
        a->dirty = true;
    if (in->kind >= IN_DRAG_BEGIN && in->kind <= IN_SWIPE)
        drag_follow(a, in, used);
    if (!used && in->kind == IN_KEY && in->key == UI_KEY_ESCAPE && a->cur == before) {
        if (a->ui.mode == APP_MODE_SLIDESHOW && strcmp(cur_def(a)->name, "slideshow") == 0)
            leave_slideshow(a);
        else
            activate(a, "nav.back"); /* never quits: see quit_allowed */
    }
}

/* Window-close requests quit only where an organizer may leave: in a
 * slideshow started as one (--slideshow), or on a screen that allows it
 * (the admin screen). In kiosk mode anything else is ignored, so an
 * attendee cannot close the kiosk; SIGTERM is the platform's business. */
static bool quit_allowed(const app_t *a)
{
    if (a->ui.mode == APP_MODE_SLIDESHOW && a->start_mode == APP_MODE_SLIDESHOW)
        return true;
    if (a->start_mode == APP_MODE_MODERATE) /* the organizers' own window */
        return true;
    return cur_def(a)->allows_quit;
}

static rect_t corner_rect(const app_t *a)
{
    int side = a->ui.m.target * 3 / 2;
    return (rect_t){0, 0, side, side};
}

/* Follow the hidden corner press on raw events (before the gesture
 * recogniser, which may turn it into a long press or a drag). */
static void corner_event(app_t *a, const ui_event_t *ev)
{
    switch (ev->type) {
    case UI_EV_POINTER_DOWN:
        if (a->corner_down)
            break; /* a second finger: the first one decides */
        if (rect_contains(corner_rect(a), ev->x, ev->y) && screen_index(APP_ADMIN_PIN_SCREEN) >= 0 &&
            !cur_def(a)->allows_quit && strcmp(cur_def(a)->name, APP_ADMIN_PIN_SCREEN) != 0) {
            a->corner_down = true;
            a->corner_pointer = ev->pointer;
            a->corner_t0 = ev->time_ms;
        }
        break;
    case UI_EV_POINTER_MOVE:
        if (a->corner_down && ev->pointer == a->corner_pointer && !rect_contains(corner_rect(a), ev->x, ev->y))
            a->corner_down = false;
        break;
    case UI_EV_POINTER_UP:
    case UI_EV_POINTER_CANCEL:
        if (ev->pointer == a->corner_pointer)
            a->corner_down = false;
        break;
    default:
        break;
    }
}

static void corner_update(app_t *a)
{
    if (!a->corner_down || a->ui.now < a->corner_t0 + APP_CORNER_HOLD_MS)
        return;
    a->corner_down = false;
    log_info("ui", "corner held for %d s: the organizers' PIN pad", APP_CORNER_HOLD_MS / 1000);
    ui_go(&a->ui, APP_ADMIN_PIN_SCREEN);
}

static bool idle_applies(const app_t *a);

static uint64_t idle_due(const app_t *a) { return a->last_input + (uint64_t)a->ui.cfg->idle_timeout_s * 1000; }

static uint64_t idle_warn_ms(const app_t *a)
{
    return AGM_MIN((uint64_t)APP_IDLE_WARN_MS, (uint64_t)a->ui.cfg->idle_timeout_s * 500);
}

/* The seconds left before the idle reset while the idle card shows, else 0. */
static int idle_card_secs(const app_t *a)
{
    if (!idle_applies(a))
        return 0;
    uint64_t due = idle_due(a);
    if (a->ui.now + idle_warn_ms(a) < due || a->ui.now >= due)
        return 0;
    return (int)((due - a->ui.now + 999) / 1000);
}

void app_event(app_t *a, const ui_event_t *ev)
{
    if (ev->time_ms > a->ui.now)
        a->ui.now = ev->time_ms;
    if (ev->type == UI_EV_QUIT_REQUEST) {
        if (quit_allowed(a))
            a->quit = true;
        else
            log_info("ui", "close request ignored in kiosk mode (organizers leave from the admin screen)");
        return;
    }
    corner_event(a, ev);
    if (ev->type == UI_EV_POINTER_DOWN && a->card_secs > 0 && !a->gs.down)
        a->card_press = true; /* any touch is "more time"; it taps nothing beneath */
    if (ev->type != UI_EV_KEY_UP) {
        a->last_input = a->ui.now;
        if (a->card_secs > 0) {
            log_info("ui", "idle card: more time");
            a->card_secs = 0;
            a->dirty = true;
        }
    }
    ensure_layout(a, a->cur);
    gesture_event(&a->gs, ev, on_input, a);
}

static bool idle_applies(const app_t *a)
{
    const char *n = cur_def(a)->name;
    return a->ui.cfg && a->ui.cfg->idle_timeout_s > 0 && !cur_def(a)->no_idle && strcmp(n, "attract") != 0
        && a->ui.mode != APP_MODE_MODERATE
        && !(a->ui.mode == APP_MODE_SLIDESHOW && strcmp(n, "slideshow") == 0);
}

/* Back to the attract loop: every screen forgets the attendee, and the
 * language returns to the configured one. */
static void idle_reset(app_t *a)
{
    log_info("ui", "idle for %d s: back to the attract loop", a->ui.cfg->idle_timeout_s);
    /* the visit ended with its last touch, not with the wait after it */
    if (a->usage)
        usage_visit_end(a->usage, a->wall0 + (int64_t)(a->last_input - a->now0));
    for (size_t i = 0; i < screen_count(); i++)
        if (registry[i]->reset)
            registry[i]->reset(&a->ui, a->states[i]);
    const char *lang = a->ui.cfg->language && content_lang(a->ui.content, a->ui.cfg->language)
                           ? a->ui.cfg->language : "en";
    if (strcmp(lang, a->ui.lang) != 0) {
        snprintf(a->ui.lang, sizeof a->ui.lang, "%s", lang);
        follow_lang(&a->ui);
        a->gen++;
    }
    ui_set_look(&a->ui, false, false); /* the next visitor sees the usual text and colours */
    a->nhist = 0;
    go_attract(a);
    a->last_input = a->ui.now;
}

/* Screen i has work of its own still running (see screen_def_t.pending). */
static bool screen_pending(const app_t *a, size_t i)
{
    const screen_def_t *d = registry[i];
    return d->pending && d->pending((ui_t *)&a->ui, a->states[i]);
}

/* Work a screen left behind still runs (a PIN check abandoned by leaving
 * the pad) is collected as soon as it ends, not when the screen is shown
 * again: a wrong PIN's lock then starts when it was counted. */
static void update_left_behind(app_t *a)
{
    for (size_t i = 0; i < screen_count(); i++)
        if ((int)i != a->cur && registry[i]->update && screen_pending(a, i))
            registry[i]->update(&a->ui, a->states[i]);
}

void ui_reload_content(ui_t *ui)
{
    ui->app->reload_pending = true;
    ui->app->dirty = true;
}

unsigned ui_content_generation(const ui_t *ui) { return ui->app->content_gen; }

static void destroy_others(app_t *a);
static void content_changed(app_t *a);

/* See ui_reload_content(). */
static void reload_content(app_t *a)
{
    a->reload_pending = false;
    const config_t *cfg = a->ui.cfg;
    if (!cfg)
        return;
    char *dir = config_content_path(cfg);
    content_t fresh;
    diag_list_t d = {0};
    bool ok = content_load(dir, &fresh, &d);
    if (!ok) {
        for (size_t i = 0; i < d.n; i++)
            log_error("content", "%s:%d: %s", d.v[i].file, d.v[i].line, d.v[i].msg);
        log_error("content", "%s does not load; the content shown stays", dir);
        content_free(&fresh);
        diag_free(&d);
        free(dir);
        return;
    }
    diag_free(&d);
    destroy_others(a);
    content_free(a->base);
    content_move(a->base, &fresh);
    a->ui.content = a->base;
    content_changed(a);
    log_info("content", "now showing %s", dir);
    free(dir);
}

/* Every screen but the current one is made anew on the content (the
 * current one keeps its state and lays out again): first destroyed, before
 * the content changes under them... */
static void destroy_others(app_t *a)
{
    for (size_t i = 0; i < screen_count(); i++)
        if ((int)i != a->cur && registry[i]->destroy) {
            registry[i]->destroy(a->states[i]);
            a->states[i] = NULL;
        }
}

/* ...then made on the new content. */
static void content_changed(app_t *a)
{
    if (!content_lang(a->ui.content, a->ui.lang))
        snprintf(a->ui.lang, sizeof a->ui.lang, "en");
    follow_lang(&a->ui);
    a->contrast = theme_high_contrast(&a->base->theme);
    a->ui.theme = a->ui.high_contrast ? &a->contrast : &a->ui.content->theme;
    for (size_t i = 0; i < screen_count(); i++) {
        if ((int)i == a->cur)
            continue;
        a->states[i] = registry[i]->create ? registry[i]->create(&a->ui) : NULL;
        a->laid[i].gen = 0;
    }
    a->prev = -1;
    a->transition = false;
    a->gen++;
    a->dirty = true;
    a->content_gen++;
    ensure_layout(a, a->cur);
    layout_bar(a);
}

void app_content_finished(app_t *a)
{
    destroy_others(a);
    a->ui.content = a->base; /* the views were built anew */
    content_changed(a);
}

void app_set_store(app_t *a, store_t *store, const char *notice)
{
    a->ui.store = store;
    a->ui.store_notice = notice;
    if (a->start_mode == APP_MODE_KIOSK && store && !a->usage)
        a->usage = usage_create();
    /* screens made without it (a form counts what it holds) are made anew */
    destroy_others(a);
    content_changed(a);
}

bool app_update(app_t *a, uint64_t now)
{
    if (now > a->ui.now)
        a->ui.now = now;
    gesture_update(&a->gs, a->ui.now, on_input, a);
    corner_update(a);
    if (idle_applies(a) && a->ui.now >= idle_due(a))
        idle_reset(a);
    if (a->usage && usage_due(a->usage, wall_now(a)))
        usage_flush(a, false);
    int secs = idle_card_secs(a);
    if (secs != a->card_secs) {
        if (a->card_secs == 0)
            log_info("ui", "idle card: %d s before the reset", secs);
        a->card_secs = secs;
        a->dirty = true;
    }
    update_left_behind(a);
    ensure_layout(a, a->cur);
    bool anim = cur_def(a)->update && cur_def(a)->update(&a->ui, cur_state(a));
    if (a->transition && a->ui.now >= a->trans_t0 + APP_TRANSITION_MS) {
        a->transition = false;
        a->dirty = true;
    }
    if (a->reload_pending)
        reload_content(a);
    a->animating = anim || a->transition;
    bool redraw = a->dirty || a->animating;
    a->dirty = false;
    return redraw;
}

int app_wait_ms(const app_t *a, uint64_t now)
{
    if (a->dirty || a->animating || a->transition || a->quit)
        return 0;
    int w = gesture_wait_ms(&a->gs, now);
    if (a->corner_down) {
        uint64_t due = a->corner_t0 + APP_CORNER_HOLD_MS;
        int t = now >= due ? 0 : (int)(due - now);
        w = w < 0 ? t : AGM_MIN(w, t);
    }
    if (idle_applies(a)) {
        /* the reset, the idle card before it, and each second of its countdown */
        uint64_t due = idle_due(a), warn = due - idle_warn_ms(a);
        uint64_t next = now < warn ? warn : now < due ? now + (due - now - 1) % 1000 + 1 : now;
        int t = (int)AGM_MIN(next - now, (uint64_t)1 << 30);
        w = w < 0 ? t : AGM_MIN(w, t);
    }
    for (size_t i = 0; i < screen_count(); i++) {
        const screen_def_t *d = registry[i];
        if (!d->wait_ms || ((int)i != a->cur && !screen_pending(a, i)))
            continue;
        int t = d->wait_ms((ui_t *)&a->ui, a->states[i]);
        if (t >= 0)
            w = w < 0 ? t : AGM_MIN(w, t);
    }
    return w;
}

bool app_pending(const app_t *a)
{
    for (size_t i = 0; i < screen_count(); i++)
        if (screen_pending(a, i))
            return true;
    return false;
}

/* Screen i's top bar (the current screen's, or the one a transition moves out). */
static void draw_bar(app_t *a, int i, gfx_t *g)
{
    ui_bar_t other, *bar = &a->bar;
    if (i != a->cur)
        bar_for(a, i, bar = &other);
    ui_draw_bar(&a->ui, g, bar, registry[i]->bar_title(&a->ui, a->states[i]), &a->title_fit);
}

static void draw_screen(app_t *a, int i, gfx_t *g, bool bar)
{
    const screen_def_t *d = registry[i];
    ensure_layout(a, i);
    d->draw(&a->ui, a->states[i], g);
    if (bar && d->bar_title)
        draw_bar(a, i, g);
}

/* A screen transition: the new screen pushes the old one out sideways, the
 * way a page turns (from the right going deeper, from the left going back).
 * Both are drawn opaque and clipped to their part of the screen, so a
 * transition frame costs about what a still one does, even on a renderer
 * without a GPU; a cross-fade would blend every pixel twice. When both
 * screens have the top bar, the bar stays put and only the content moves. */
static void draw_transition(app_t *a, gfx_t *g)
{
    const ui_metrics_t *m = &a->ui.m;
    float t = ui_ease(a->trans_t0, a->ui.now, APP_TRANSITION_MS);
    int shift = (int)(t * (float)m->w + 0.5f);
    bool keep_bar = registry[a->prev]->bar_title && registry[a->cur]->bar_title;
    rect_t area = keep_bar ? (rect_t){0, m->bar_h, m->w, m->h - m->bar_h} : (rect_t){0, 0, m->w, m->h};
    const int screens[2] = {a->prev, a->cur};
    const int xs[2] = {-a->trans_dir * shift, a->trans_dir * (m->w - shift)};
    for (int k = 0; k < 2; k++) {
        if (xs[k] <= -m->w || xs[k] >= m->w)
            continue;
        gfx_set_base_offset(g, xs[k], 0);
        gfx_push_clip(g, area);
        gfx_fill(g, area, a->ui.theme->surface);
        draw_screen(a, screens[k], g, !keep_bar);
        gfx_pop_clip(g);
    }
    gfx_set_base_offset(g, 0, 0);
    /* a hairline where the two meet */
    int seam = AGM_MAX(xs[0], xs[1]);
    if (seam > 0 && seam < m->w)
        gfx_fill(g, (rect_t){seam - m->line / 2, area.y, AGM_MAX(1, m->line), area.h}, a->ui.theme->line);
    ensure_layout(a, a->cur); /* the current screen's body for what follows */
    if (keep_bar)
        draw_bar(a, a->cur, g);
}

void app_draw(app_t *a, gfx_t *g)
{
    ui_text_frame_reset(); /* the formatted strings of the frame before */
    gfx_t *saved = a->ui.gfx;
    a->ui.gfx = g;
    if (g->w != a->ui.m.w || g->h != a->ui.m.h)
        app_resize(a, g->w, g->h);
    ensure_layout(a, a->cur);
    layout_bar(a);
    gfx_set_opacity(g, 1.0f);
    if (a->transition && a->prev >= 0) {
        draw_transition(a, g);
    } else {
        gfx_fill(g, (rect_t){0, 0, a->ui.m.w, a->ui.m.h}, a->ui.theme->surface);
        draw_screen(a, a->cur, g, true);
    }
    if (a->card_secs > 0) {
        ui_idle_card_layout(&a->ui, &a->card, a->card_secs);
        ui_idle_card_draw(&a->ui, g, &a->card, a->card_secs);
    }
    /* Fonts that only the screens before used can go (a visitor who reads
     * in English does not keep the CJK fonts' memory). The first screen
     * drawn counts as a change too: what was measured before it (the
     * attract loop's line in every language, laid out at start) is kept
     * only while a screen after it still asks for it. */
    if (a->cur != a->drawn && g->ops->screen_changed) {
        g->ops->screen_changed(g->ctx);
        a->drawn = a->cur;
    }
    a->ui.gfx = saved;
}

bool app_rehearse(app_t *a, gfx_t *g)
{
    const screen_def_t *d = cur_def(a);
    if (!d->rehearse || a->transition || a->animating || a->dirty || !g)
        return false;
    if (!gfx_set_rehearsal(g, true))
        return false;
    gfx_t *saved = a->ui.gfx;
    a->ui.gfx = g;
    gfx_set_opacity(g, 1.0f);
    gfx_set_offset(g, 0, 0);
    bool did = d->rehearse(&a->ui, cur_state(a), g);
    gfx_set_offset(g, 0, 0);
    gfx_set_rehearsal(g, false);
    a->ui.gfx = saved;
    return did;
}

bool app_quit_requested(const app_t *a) { return a->quit; }

void ui_quit(ui_t *ui)
{
    log_info("ui", "leaving at the organizers' request");
    ui->app->quit = true;
}

void ui_set_mode(ui_t *ui, app_mode_t mode)
{
    app_t *a = ui->app;
    if (ui->mode == mode)
        return;
    log_info("ui", "switching to %s mode", mode == APP_MODE_SLIDESHOW ? "slideshow" : "kiosk");
    ui->mode = mode;
    a->gen++; /* screens that depend on the mode (home's tiles) lay out again */
    a->nhist = 0;
    a->dirty = true;
}

/* Escape on the slideshow in slideshow mode: a show started with
 * --slideshow ends (a presenter at a laptop); one switched to from the admin
 * screen returns to the kiosk. */
static void leave_slideshow(app_t *a)
{
    if (a->start_mode == APP_MODE_SLIDESHOW) {
        log_info("ui", "Escape: leaving the slideshow");
        a->quit = true;
        return;
    }
    ui_set_mode(&a->ui, APP_MODE_KIOSK);
    ui_home(&a->ui);
}

bool app_show_screen(app_t *a, const char *name)
{
    int i = screen_index(name);
    if (i < 0)
        return false;
    if (i == home_index() || strcmp(name, "attract") == 0)
        a->nhist = 0;
    else if (a->cur != i && a->cur >= 0) {
        a->nhist = 0;
        a->history[a->nhist++] = home_index();
    }
    enter_screen(a, i, 1);
    a->transition = false;
    return true;
}

const char *app_current_screen(const app_t *a) { return cur_def(a)->name; }

void *app_screen_state(app_t *a, const char *name) { return ui_screen_state(&a->ui, name); }

size_t app_controls(app_t *a, app_control_t *out, size_t max)
{
    ensure_layout(a, a->cur);
    layout_bar(a);
    size_t n = 0;
    if (a->card_secs > 0) { /* the idle card covers the screen */
        ui_idle_card_layout(&a->ui, &a->card, a->card_secs);
        n = ui_control_add(out, n, max, a->card.button, "idle.more");
        return n > max ? max : n;
    }
    if (a->bar.has_back)
        n = ui_control_add(out, n, max, a->bar.back, "nav.back");
    if (a->bar.has_home)
        n = ui_control_add(out, n, max, a->bar.home, "nav.home");
    const screen_def_t *d = cur_def(a);
    if (d->controls) {
        size_t k = d->controls(&a->ui, cur_state(a), out + AGM_MIN(n, max), max > n ? max - n : 0);
        n += k;
    }
    return n > max ? max : n;
}

void app_set_wall_clock(app_t *a, uint64_t now, int64_t wall_ms)
{
    if (!a)
        return;
    a->ui.wall_ms = wall_ms;
    a->ui.wall_mono = now;
}
