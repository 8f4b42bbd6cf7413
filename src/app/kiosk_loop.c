/* kiosk_loop.c - the event loop on a display backend (see kiosk_loop.h). */
#include "kiosk_loop.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../slideshow/slideshow.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    const kiosk_loop_t *l;
    const backend_ops_t *ops;
    void *be;
    uint64_t wd_last;        /* last watchdog ping */
    uint64_t plast;          /* last presenter frame (its clock shows seconds) */
    int frame_ms;            /* the display's frame period */
    uint64_t last_frame;     /* when the last frame was drawn */
    uint64_t frames;         /* frames drawn, reported at the end */
} loop_t;

static bool stop_requested(const loop_t *k)
{
    return k->l->stop_requested && k->l->stop_requested();
}

/* ---- systemd -------------------------------------------------------------------- */

static void watchdog_ping(loop_t *k, uint64_t now)
{
    if (k->l->notify && k->l->watchdog_ms && now - k->wd_last >= k->l->watchdog_ms) {
        k->l->notify(k->l->notify_ctx, "WATCHDOG=1");
        k->wd_last = now;
    }
}

/* ---- sizes, drawing ------------------------------------------------------------- */

static void setup_size(loop_t *k)
{
    gfx_t *m = k->ops->measure(k->be);
    app_set_measure(k->l->app, m);
    app_resize(k->l->app, m->w, m->h);
}

static void draw_frame(loop_t *k)
{
    gfx_t g;
    if (!k->ops->begin_frame(k->be, BACKEND_VIEW_MAIN, &g))
        return;
    app_draw(k->l->app, &g);
    k->ops->present(k->be, BACKEND_VIEW_MAIN);
}

static void presenter_draw(loop_t *k, uint64_t now)
{
    gfx_t g;
    if (!k->ops->begin_frame(k->be, BACKEND_VIEW_PRESENTER, &g))
        return;
    slideshow_draw_presenter(k->l->app, &g);
    k->ops->present(k->be, BACKEND_VIEW_PRESENTER);
    k->plast = now;
}

static void handle_event(loop_t *k, const backend_event_t *e, bool *redraw)
{
    switch (e->type) {
    case BACKEND_EV_INPUT:
        app_event(k->l->app, &e->ui);
        break;
    case BACKEND_EV_REDRAW:
        *redraw = true;
        break;
    case BACKEND_EV_RESIZE:
        setup_size(k);
        *redraw = true;
        break;
    case BACKEND_EV_PRESENTER:
        k->plast = 0;
        break;
    }
}

/* ---- the loop ------------------------------------------------------------------- */

/* Returns 0, or 1 when the display said the picture cannot be shown. */
static int run(loop_t *k, uint64_t t_start)
{
    app_t *app = k->l->app;
    bool redraw = true, first = true;
    for (;;) {
        uint64_t now = k->ops->now(k->be);
        if (app_update(app, now))
            redraw = true;
        bool presenter = k->ops->has_view(k->be, BACKEND_VIEW_PRESENTER);
        /* Input is handled as it comes; the picture follows at most once a
         * refresh (an event arriving mid-animation does not add a frame). */
        bool draw_now = redraw && (first || now >= k->last_frame + (uint64_t)k->frame_ms);
        if (draw_now || (presenter && now - k->plast >= KIOSK_PRESENTER_TICK_MS))
            presenter_draw(k, now);
        if (draw_now) {
            k->last_frame = now;
            k->frames++;
            draw_frame(k);
            redraw = false;
            if (k->ops->display_failed && k->ops->display_failed(k->be)) {
                log_error("kiosk", "the picture cannot be shown: the display refused the video mode or a frame "
                          "(another program, such as a desktop, holds the display); exiting with a failure");
                return 1;
            }
            if (first) {
                first = false;
                log_info("kiosk", "first frame after %llu ms", (unsigned long long)(k->ops->now(k->be) - t_start));
                if (k->l->notify)
                    k->l->notify(k->l->notify_ctx, "READY=1");
                if (k->l->after_first_frame)
                    k->l->after_first_frame(k->l->after_ctx);
            }
        }
        if (app_quit_requested(app) || stop_requested(k))
            break;
        now = k->ops->now(k->be);
        watchdog_ping(k, now);
        int wait = redraw ? 0 : app_wait_ms(app, now);
        /* About to wait with nothing moving: what the screen is likely to
         * show next is made ready now rather than in its first frame. */
        if (!redraw && wait != 0 && k->ops->measure && app_rehearse(app, k->ops->measure(k->be)))
            continue; /* look at the clock and the events again */
        if (wait == 0 && now < k->last_frame + (uint64_t)k->frame_ms) /* the next frame is due then */
            wait = (int)(k->last_frame + (uint64_t)k->frame_ms - now);
        uint64_t wd_ms = k->l->notify ? k->l->watchdog_ms : 0;
        if (wd_ms && (wait < 0 || (uint64_t)wait > wd_ms))
            wait = (int)wd_ms;
        if (k->ops->has_view(k->be, BACKEND_VIEW_PRESENTER) && (wait < 0 || wait > KIOSK_PRESENTER_TICK_MS))
            wait = KIOSK_PRESENTER_TICK_MS; /* the presenter's clock */
        backend_event_t e;
        if (k->ops->wait_event(k->be, wait, &e)) {
            do
                handle_event(k, &e, &redraw);
            while (k->ops->wait_event(k->be, 0, &e));
        }
        if (slideshow_take_fullscreen_request(app)) {
            k->ops->toggle_fullscreen(k->be);
            redraw = true;
        }
        if (stop_requested(k))
            break;
    }
    return 0;
}

int kiosk_loop_run(const kiosk_loop_t *l)
{
    loop_t k = {.l = l, .ops = l->ops, .be = l->be};
    uint64_t t_start = l->t_start ? l->t_start : l->ops->now(l->be);
    char *err = NULL;
    if (!k.ops->open(k.be, &l->window, &err)) {
        fprintf(stderr, "agmkiosk: %s\n", err ? err : "cannot open the display");
        free(err);
        k.ops->close(k.be);
        return 1;
    }
    setup_size(&k);
    if (l->presenter_display >= 0)
        k.ops->open_presenter(k.be, l->presenter_display);
    /* Animations run at the display's rate: vsync paces them where the
     * renderer has it; a software renderer without it would otherwise
     * draw as fast as it can (a busy loop for every fade). */
    int hz = k.ops->refresh_hz(k.be);
    hz = hz >= 20 ? hz : 60;
    k.frame_ms = AGM_MAX(1, 1000 / AGM_MIN(hz, 240));
    int rc = run(&k, t_start);
    if (l->notify)
        l->notify(l->notify_ctx, "STOPPING=1");
    if (stop_requested(&k))
        log_info("kiosk", "stopped by a signal");
    if (k.frames)
        log_info("kiosk", "%llu frames drawn in %.1f s", (unsigned long long)k.frames,
                 (double)(k.ops->now(k.be) - t_start) / 1000.0);
    app_set_measure(l->app, NULL);
    k.ops->close(k.be);
    return rc;
}
