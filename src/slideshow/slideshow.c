/* slideshow.c - the "slideshow" screen: glue between the app's screen
 * interface (screen.h) and the show state machine. See slideshow.h. */
#include "slideshow.h"

#include "../core/util.h"
#include "../ui/screen.h"
#include "slide_draw.h"

#include <stdlib.h>

typedef struct {
    show_t *show;
    const gfx_ops_t *built_ops; /* the backend the deck was last laid out with */
    bool press_unblanked;       /* this press ended a blackout: its tap does nothing else */
    slide_presenter_t pv;
} ss_t;

static void *ss_create(ui_t *ui)
{
    ss_t *s = xcalloc(1, sizeof *s);
    s->show = show_create(ui->cfg, ui->content, ui->now);
    return s;
}

static void ss_destroy(void *st)
{
    ss_t *s = st;
    if (!s)
        return;
    slide_presenter_free(&s->pv);
    show_destroy(s->show);
    free(s);
}

static void ss_layout(ui_t *ui, void *st)
{
    ss_t *s = st;
    show_resize(s->show, ui->m.w, ui->m.h);
    /* Layout between draws measures with whatever the app has; the real
     * backend lays the deck out again at the first draw (ss_draw). */
    if (!show_deck(s->show) && ui->gfx) {
        show_layout(s->show, ui->gfx);
        s->built_ops = ui->gfx->ops;
    }
}

static bool ss_event(ui_t *ui, void *st, const ui_input_t *in)
{
    ss_t *s = st;
    show_t *sh = s->show;
    switch (in->kind) {
    case IN_KEY: {
        ui_event_t ev = {.type = UI_EV_KEY_DOWN, .time_ms = in->t, .key = in->key, .mods = in->mods,
                         .repeat = in->repeat};
        return show_event(sh, &ev);
    }
    case IN_PRESS:
        if (show_blank(sh) != SHOW_BLANK_NONE) {
            show_set_blank(sh, SHOW_BLANK_NONE, in->t);
            s->press_unblanked = true;
            return true;
        }
        s->press_unblanked = false;
        return false;
    case IN_TAP:
        if (s->press_unblanked)
            return false;
        show_tap(sh, in->x, in->t);
        return true;
    case IN_DRAG_END: {
        if (s->press_unblanked)
            return false;
        int dx = in->x - in->x0, dy = in->y - in->y0;
        int min = AGM_MAX(24, ui->m.w * 8 / 100);
        /* a mostly horizontal move far enough, fast or slow */
        if (abs(dx) >= min && abs(dx) * 2 > abs(dy) * 3) {
            show_swipe(sh, dx, in->t);
            return true;
        }
        return false;
    }
    default:
        return false;
    }
}

static bool ss_update(ui_t *ui, void *st)
{
    ss_t *s = st;
    bool redraw = show_update(s->show, ui->now);
    if (redraw)
        ui_invalidate(ui);
    return show_transition(s->show).active;
}

static int ss_wait_ms(ui_t *ui, void *st)
{
    ss_t *s = st;
    return show_wait_ms(s->show, ui->now);
}

static void ss_draw(ui_t *ui, void *st, gfx_t *g)
{
    ss_t *s = st;
    if (g->ops != s->built_ops) {
        /* the first draw with this backend: measure with it */
        show_invalidate(s->show);
        s->built_ops = g->ops;
    }
    slide_draw_show(g, s->show);
}

const screen_def_t screen_slideshow = {
    .name = "slideshow",
    .bar_title = NULL, /* slides fill the screen */
    .no_idle = true,
    .create = ss_create,
    .destroy = ss_destroy,
    .layout = ss_layout,
    .event = ss_event,
    .update = ss_update,
    .wait_ms = ss_wait_ms,
    .draw = ss_draw,
};

static ss_t *state_of(app_t *a) { return a ? app_screen_state(a, "slideshow") : NULL; }

show_t *slideshow_show(app_t *a)
{
    ss_t *s = state_of(a);
    return s ? s->show : NULL;
}

size_t slideshow_render_count(app_t *a, gfx_t *g)
{
    ss_t *s = state_of(a);
    if (!s)
        return 0;
    show_resize(s->show, g->w, g->h);
    if (g->ops != s->built_ops)
        show_invalidate(s->show);
    show_layout(s->show, g);
    s->built_ops = g->ops;
    return show_count(s->show);
}

bool slideshow_render_select(app_t *a, size_t i)
{
    ss_t *s = state_of(a);
    if (!s || i >= show_count(s->show))
        return false;
    show_jump(s->show, i);
    return true;
}

void slideshow_draw_presenter(app_t *a, gfx_t *g)
{
    ss_t *s = state_of(a);
    if (!s)
        return;
    slide_draw_presenter(g, s->show, &s->pv, show_now(s->show));
}

bool slideshow_take_fullscreen_request(app_t *a)
{
    ss_t *s = state_of(a);
    return s && show_take_fullscreen_request(s->show);
}
