/* The kiosk's loop (src/app/kiosk_loop.c) on a fake display backend with a
 * virtual clock: frames paced at the display's rate, a static screen that
 * sleeps, the quit request and the stop (SIGTERM) that end the loop, the
 * idle timeout reached while asleep, the watchdog pinged while asleep, the
 * presenter's clock, the fullscreen key, a resize, an open that fails.
 * Then the same loop on the headless backend (src/platform/headless.c),
 * drawing with the real fonts into a picture in memory. */
#include "test.h"
#include "testcontent.h"
#include "app/backend.h"
#include "app/kiosk_loop.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/diag.h"
#include "core/util.h"
#include "platform/fonts.h"
#include "platform/headless.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#include <stdlib.h>
#include <string.h>

#define T0 5000
#define MAX_Q 16
#define MAX_LOG 4096
#define LIMIT_MS (600 * 1000) /* virtual time after which a test gives up */
#define LIMIT_WAITS 100000    /* waits after which a test gives up (a busy loop) */

typedef struct {
    uint64_t at;
    backend_event_t ev;
} timed_ev_t;

typedef struct {
    uint64_t now;
    int w, h, hz;
    bool fail_open, presenter_ok;
    gfx_record_t *rec;
    gfx_t measure;
    /* what the loop will get, in time order */
    timed_ev_t q[MAX_Q];
    size_t nq, next;
    uint64_t stop_at;            /* the "signal" (0: none) */
    const char *probe_screen;    /* app_current_screen at probe_at */
    uint64_t probe_at;
    app_t *app;
    /* what the loop did */
    int opens, closes, toggles, presenter_opens, waits, forever_waits, hung;
    bool presenter;
    uint64_t presents[MAX_LOG];
    size_t npresents, npresenter;
    uint64_t longest_wait;
} fake_t;

static fake_t F;
static bool g_stop;
static char g_notes[MAX_LOG][16];
static uint64_t g_note_at[MAX_LOG];
static size_t g_nnotes;

static bool f_open(void *be, const backend_cfg_t *cfg, char **err)
{
    fake_t *f = be;
    f->opens++;
    if (f->fail_open) {
        *err = xasprintf("no display (fake)");
        return false;
    }
    f->w = cfg->w;
    f->h = cfg->h;
    f->rec = gfx_record_create(f->w, f->h);
    f->measure = gfx_record_gfx(f->rec);
    return true;
}

static void f_close(void *be)
{
    fake_t *f = be;
    f->closes++;
    gfx_record_destroy(f->rec);
    f->rec = NULL;
    f->presenter = false;
}

static void f_open_presenter(void *be, int n)
{
    fake_t *f = be;
    f->presenter_opens++;
    f->presenter = f->presenter_ok && n == 1;
}

static gfx_t *f_measure(void *be) { return &((fake_t *)be)->measure; }
static int f_refresh_hz(void *be) { return ((fake_t *)be)->hz; }
static uint64_t f_now(void *be) { return ((fake_t *)be)->now; }

/* Move the virtual clock to t, taking the probe on the way. */
static void advance(fake_t *f, uint64_t t)
{
    if (f->probe_at && !f->probe_screen && t >= f->probe_at)
        f->probe_screen = app_current_screen(f->app);
    if (t > f->now)
        f->now = t;
}

static bool f_wait_event(void *be, int timeout, backend_event_t *out)
{
    fake_t *f = be;
    f->waits++;
    if (f->now > T0 + LIMIT_MS || f->waits > LIMIT_WAITS) { /* the loop did not end: end the test */
        f->hung++;
        g_stop = true;
        return false;
    }
    if (timeout < 0)
        f->forever_waits++;
    else if ((uint64_t)timeout > f->longest_wait)
        f->longest_wait = (uint64_t)timeout;
    uint64_t until = timeout < 0 ? UINT64_MAX : f->now + (uint64_t)timeout;
    uint64_t ev_at = f->next < f->nq ? f->q[f->next].at : UINT64_MAX;
    uint64_t stop_at = f->stop_at && !g_stop ? f->stop_at : UINT64_MAX;
    if (ev_at <= until && ev_at <= stop_at && ev_at != UINT64_MAX) {
        advance(f, ev_at);
        *out = f->q[f->next++].ev;
        if (out->type == BACKEND_EV_RESIZE) { /* the panel turned: portrait */
            gfx_record_destroy(f->rec);
            f->rec = gfx_record_create(f->h, f->w);
            f->measure = gfx_record_gfx(f->rec);
        }
        out->ui.time_ms = f->now;
        return true;
    }
    if (stop_at <= until && stop_at != UINT64_MAX) {
        advance(f, stop_at);
        g_stop = true; /* a signal arrived: the backend was woken */
        return false;
    }
    if (until == UINT64_MAX) { /* nothing will ever come: end the test */
        f->hung++;
        g_stop = true;
        return false;
    }
    advance(f, until);
    return false;
}

static void f_wake(void *be) { (void)be; }

static bool f_has_view(void *be, backend_view_t v)
{
    fake_t *f = be;
    return v == BACKEND_VIEW_MAIN ? f->rec != NULL : f->presenter;
}

static bool f_begin_frame(void *be, backend_view_t v, gfx_t *g)
{
    fake_t *f = be;
    if (!f_has_view(f, v))
        return false;
    gfx_record_clear(f->rec);
    *g = gfx_record_gfx(f->rec);
    return true;
}

static void f_present(void *be, backend_view_t v)
{
    fake_t *f = be;
    if (v == BACKEND_VIEW_PRESENTER)
        f->npresenter++;
    else if (f->npresents < MAX_LOG)
        f->presents[f->npresents++] = f->now;
}

static void f_toggle_fullscreen(void *be) { ((fake_t *)be)->toggles++; }

static const backend_ops_t fake_ops = {
    .open = f_open,
    .close = f_close,
    .open_presenter = f_open_presenter,
    .measure = f_measure,
    .refresh_hz = f_refresh_hz,
    .now = f_now,
    .wait_event = f_wait_event,
    .wake = f_wake,
    .has_view = f_has_view,
    .begin_frame = f_begin_frame,
    .present = f_present,
    .toggle_fullscreen = f_toggle_fullscreen,
};

static bool stop_requested(void) { return g_stop; }

static void note(void *ctx, const char *state)
{
    fake_t *f = ctx;
    if (g_nnotes < MAX_LOG) {
        snprintf(g_notes[g_nnotes], sizeof g_notes[0], "%s", state);
        g_note_at[g_nnotes++] = f->now;
    }
}

/* ---- set-up ------------------------------------------------------------------- */

static content_t content;
static bool loaded;
static config_t cfg;

static app_t *new_app(app_mode_t mode, int idle_s, int attract_s)
{
    if (!loaded)
        loaded = test_load_bundled(&content);
    config_free(&cfg);
    config_defaults(&cfg);
    cfg.idle_timeout_s = idle_s;
    cfg.attract_interval_s = attract_s;
    cfg.slide_interval_s = 0;
    memset(&F, 0, sizeof F);
    F.now = T0;
    F.hz = 60;
    g_stop = false;
    g_nnotes = 0;
    app_init_t init = {.cfg = &cfg, .content = &content, .mode = mode, .now_ms = T0};
    F.app = app_create(&init);
    return F.app;
}

/* The home screen with no timer at all (no idle timeout, no attract
 * cycle), for a loop that runs until the "signal" at T0 + ms. */
static app_t *static_home(uint64_t ms)
{
    app_t *a = new_app(APP_MODE_KIOSK, 0, 0);
    app_show_screen(a, "home");
    F.stop_at = T0 + ms;
    return a;
}

static kiosk_loop_t loop_for(app_t *a)
{
    return (kiosk_loop_t){
        .app = a,
        .ops = &fake_ops,
        .be = &F,
        .window = {.title = "test", .w = 800, .h = 480},
        .presenter_display = -1,
        .stop_requested = stop_requested,
    };
}

static void push(uint64_t at, backend_ev_type_t type, ui_ev_type_t ui, int x, int y, int key)
{
    timed_ev_t *t = &F.q[F.nq++];
    memset(t, 0, sizeof *t);
    t->at = at;
    t->ev.type = type;
    t->ev.ui.type = ui;
    t->ev.ui.x = x;
    t->ev.ui.y = y;
    t->ev.ui.key = key;
    t->ev.ui.pointer = 1;
}

/* The centre of control id, laid out at 800x480 as the loop will. */
static bool control_centre(app_t *a, const char *id, int *x, int *y)
{
    gfx_record_t *r = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(r);
    app_set_measure(a, &g);
    app_resize(a, 800, 480);
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    bool found = false;
    for (size_t i = 0; i < n && i < 256; i++)
        if (strcmp(c[i].id, id) == 0) {
            *x = c[i].r.x + c[i].r.w / 2;
            *y = c[i].r.y + c[i].r.h / 2;
            found = true;
        }
    app_set_measure(a, NULL);
    gfx_record_destroy(r);
    return found;
}

/* ---- the tests ---------------------------------------------------------------- */

static void test_quit_request_ends_the_loop(void)
{
    app_t *a = new_app(APP_MODE_SLIDESHOW, 90, 10);
    CHECK(loaded);
    push(T0 + 5000, BACKEND_EV_INPUT, UI_EV_QUIT_REQUEST, 0, 0, 0);
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK(app_quit_requested(a));
    CHECK_INT(F.opens, 1);
    CHECK_INT(F.closes, 1);
    CHECK_INT(F.hung, 0);
    CHECK(F.npresents >= 1);
    CHECK_INT(F.presents[0], T0); /* the first frame at once */
    CHECK_INT(F.now, T0 + 5000);  /* ended on the request, not later */
    /* A static slide (manual interval) sleeps: a handful of waits, not one
     * per millisecond, and nothing drawn after the slide settled. */
    CHECK_MSG(F.waits < 100, "%d waits", F.waits);
    CHECK_MSG(F.npresents < 40, "%zu frames", F.npresents);
    app_destroy(a);
}

static void test_stop_request_ends_a_sleeping_loop(void)
{
    app_t *a = static_home(60000);
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_INT(F.now, T0 + 60000);
    CHECK_INT(F.closes, 1);
    /* No timer at all: it slept without a limit until the signal. */
    CHECK(F.forever_waits >= 1);
    CHECK_MSG(F.waits < 100, "%d waits", F.waits);
    app_destroy(a);
}

static void test_frames_are_paced(void)
{
    /* Two attract fades in 7 s at 60 Hz: a few dozen frames, each at least
     * a refresh after the one before. */
    app_t *a = new_app(APP_MODE_KIOSK, 90, 3);
    F.stop_at = T0 + 7000;
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_MSG(F.npresents >= 20 && F.npresents <= 80, "%zu frames", F.npresents);
    for (size_t i = 1; i < F.npresents; i++)
        CHECK_MSG(F.presents[i] >= F.presents[i - 1] + 16, "frame %zu at %llu, %llu after the one before", i,
                  (unsigned long long)F.presents[i], (unsigned long long)(F.presents[i] - F.presents[i - 1]));
    size_t at60 = F.npresents;
    app_destroy(a);

    /* At 30 Hz the same fades take about half the frames. */
    a = new_app(APP_MODE_KIOSK, 90, 3);
    F.hz = 30;
    F.stop_at = T0 + 7000;
    l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    for (size_t i = 1; i < F.npresents; i++)
        CHECK_MSG(F.presents[i] >= F.presents[i - 1] + 33, "frame %zu: %llu ms after the one before", i,
                  (unsigned long long)(F.presents[i] - F.presents[i - 1]));
    CHECK_MSG(F.npresents * 3 <= at60 * 2, "%zu frames at 30 Hz, %zu at 60 Hz", F.npresents, at60);
    app_destroy(a);
}

static void test_input_is_drawn_at_most_once_a_refresh(void)
{
    /* A burst of wheel turns within one refresh (each scrolls the
     * timeline) adds no frames: the picture follows at the display's rate. */
    app_t *a = new_app(APP_MODE_KIOSK, 90, 0);
    app_show_screen(a, "timeline");
    for (int i = 0; i < 10; i++) {
        push(T0 + 2000 + 2 * (uint64_t)i, BACKEND_EV_INPUT, UI_EV_WHEEL, 400, 300, 0);
        F.q[F.nq - 1].ev.ui.wheel = UI_WHEEL_NOTCH / 4;
    }
    F.stop_at = T0 + 2500;
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    size_t during = 0;
    for (size_t i = 0; i < F.npresents; i++)
        during += F.presents[i] >= T0 + 2000 && F.presents[i] < T0 + 2020;
    CHECK_MSG(during >= 1 && during <= 2, "%zu frames drawn in the 20 ms of the burst", during);
    for (size_t i = 1; i < F.npresents; i++)
        CHECK_MSG(F.presents[i] >= F.presents[i - 1] + 16, "frame %zu: %llu ms after the one before", i,
                  (unsigned long long)(F.presents[i] - F.presents[i - 1]));
    app_destroy(a);
}

static void test_idle_timeout_while_asleep(void)
{
    app_t *a = new_app(APP_MODE_KIOSK, 90, 10);
    int x = 0, y = 0;
    CHECK(control_centre(a, "attract.begin", &x, &y));
    push(T0 + 1000, BACKEND_EV_INPUT, UI_EV_POINTER_DOWN, x, y, 0);
    push(T0 + 1050, BACKEND_EV_INPUT, UI_EV_POINTER_UP, x, y, 0);
    F.probe_at = T0 + 1050 + 89000;
    F.stop_at = T0 + 1050 + 92000;
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_STR(F.probe_screen, "home");            /* not yet */
    CHECK_STR(app_current_screen(a), "attract");  /* then back to the attract loop */
    /* It slept towards the timeout instead of polling. */
    CHECK_MSG(F.longest_wait > 60000, "longest wait %llu ms", (unsigned long long)F.longest_wait);
    CHECK_MSG(F.waits < 400, "%d waits", F.waits);
    app_destroy(a);
}

/* after_first_frame: once, after the first frame and its READY=1 */
static void after_first(void *ctx)
{
    note(ctx, "AFTER-FIRST");
}

static void test_watchdog_and_notifications(void)
{
    app_t *a = static_home(60000);
    kiosk_loop_t l = loop_for(a);
    l.notify = note;
    l.notify_ctx = &F;
    l.after_first_frame = after_first;
    l.after_ctx = &F;
    l.watchdog_ms = 5000;
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK(g_nnotes >= 3);
    CHECK_STR(g_notes[0], "READY=1");
    CHECK_INT(g_note_at[0], T0);
    CHECK_STR(g_notes[1], "AFTER-FIRST");
    CHECK_STR(g_notes[g_nnotes - 1], "STOPPING=1");
    /* A static screen with no timer still wakes for the watchdog. */
    CHECK_INT(F.forever_waits, 0);
    CHECK_MSG(F.longest_wait <= 5000, "longest wait %llu ms", (unsigned long long)F.longest_wait);
    size_t pings = 0;
    uint64_t last = T0;
    for (size_t i = 2; i + 1 < g_nnotes; i++) {
        CHECK_STR(g_notes[i], "WATCHDOG=1");
        CHECK_MSG(g_note_at[i] - last <= 5000, "ping %zu %llu ms after the last", i,
                  (unsigned long long)(g_note_at[i] - last));
        last = g_note_at[i];
        pings++;
    }
    CHECK_MSG(pings >= 11 && pings <= 13, "%zu pings in 60 s", pings);
    app_destroy(a);

    /* Without a service manager: no notification, no watchdog wake-ups. */
    a = static_home(60000);
    l = loop_for(a);
    l.watchdog_ms = 5000;
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_INT(g_nnotes, 0);
    CHECK(F.forever_waits >= 1);
    app_destroy(a);
}

static void test_presenter_clock_and_fullscreen_key(void)
{
    app_t *a = new_app(APP_MODE_SLIDESHOW, 90, 10);
    F.presenter_ok = true;
    push(T0 + 2000, BACKEND_EV_INPUT, UI_EV_KEY_DOWN, 0, 0, 'f');
    push(T0 + 2100, BACKEND_EV_INPUT, UI_EV_KEY_UP, 0, 0, 'f');
    F.stop_at = T0 + 10500;
    kiosk_loop_t l = loop_for(a);
    l.presenter_display = 1;
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_INT(F.presenter_opens, 1);
    CHECK_INT(F.toggles, 1);
    /* The presenter's clock shows seconds: drawn about once a second while
     * the slide itself is static. */
    CHECK_MSG(F.npresenter >= 10 && F.npresenter <= 40, "%zu presenter frames", F.npresenter);
    CHECK_MSG(F.longest_wait <= KIOSK_PRESENTER_TICK_MS, "longest wait %llu", (unsigned long long)F.longest_wait);
    app_destroy(a);

    /* No presenter's view: no ticks. */
    a = new_app(APP_MODE_SLIDESHOW, 90, 10);
    F.stop_at = T0 + 10500;
    l = loop_for(a);
    l.presenter_display = 1;
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    CHECK_INT(F.npresenter, 0);
    CHECK(F.forever_waits >= 1);
    app_destroy(a);
}

static void test_resize_lays_out_again(void)
{
    app_t *a = new_app(APP_MODE_KIOSK, 90, 10);
    app_show_screen(a, "home");
    push(T0 + 1000, BACKEND_EV_RESIZE, UI_EV_POINTER_DOWN, 0, 0, 0);
    push(T0 + 3000, BACKEND_EV_REDRAW, UI_EV_POINTER_DOWN, 0, 0, 0);
    F.stop_at = T0 + 4000;
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(F.hung, 0);
    bool after_resize = false, after_redraw = false;
    for (size_t i = 0; i < F.npresents; i++) {
        after_resize |= F.presents[i] >= T0 + 1000 && F.presents[i] < T0 + 1100;
        after_redraw |= F.presents[i] >= T0 + 3000 && F.presents[i] < T0 + 3100;
    }
    CHECK(after_resize);
    CHECK(after_redraw);
    /* Laid out again for 480x800: every control inside the narrow width. */
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    CHECK(n > 0);
    bool tall = false;
    for (size_t i = 0; i < n && i < 256; i++) {
        CHECK_MSG(c[i].r.x + c[i].r.w <= 480, "%s ends at x %d", c[i].id, c[i].r.x + c[i].r.w);
        tall |= c[i].r.y + c[i].r.h > 480;
    }
    CHECK(tall);
    app_destroy(a);
}

static void test_open_failure(void)
{
    app_t *a = new_app(APP_MODE_KIOSK, 90, 10);
    F.fail_open = true;
    kiosk_loop_t l = loop_for(a);
    CHECK_INT(kiosk_loop_run(&l), 1);
    CHECK_INT(F.opens, 1);
    CHECK_INT(F.closes, 1);
    CHECK_INT(F.npresents, 0);
    CHECK_INT(F.waits, 0);
    app_destroy(a);
}

/* ---- the headless backend ------------------------------------------------------ */

static headless_backend_t *g_hb;
static bool headless_done(void) { return headless_backend_done(g_hb); }

static void test_headless_backend_runs_the_kiosk(void)
{
    char *dir = test_repo_path("fonts");
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    diag_free(&d);
    free(dir);
    CHECK(fs != NULL);
    app_t *a = new_app(APP_MODE_KIOSK, 90, 3);
    int x = 0, y = 0;
    CHECK(control_centre(a, "attract.begin", &x, &y));
    headless_input_t in[2] = {
        {T0 + 4000, {.type = UI_EV_POINTER_DOWN, .x = x, .y = y, .pointer = 1}},
        {T0 + 4050, {.type = UI_EV_POINTER_UP, .x = x, .y = y, .pointer = 1}},
    };
    headless_backend_t hb = {.fonts = fs, .hz = 60, .now = T0, .until = T0 + 7000, .events = in, .n_events = 2};
    g_hb = &hb;
    kiosk_loop_t l = loop_for(a);
    l.ops = &headless_backend_ops;
    l.be = &hb;
    l.stop_requested = headless_done;
    CHECK_INT(kiosk_loop_run(&l), 0);
    CHECK_INT(hb.now, T0 + 7000);
    CHECK_INT(hb.next, 2);
    /* The attract fade, the tap and the way home: a few dozen frames. */
    CHECK_MSG(hb.frames >= 10 && hb.frames <= 80, "%llu frames", (unsigned long long)hb.frames);
    CHECK_STR(app_current_screen(a), "home");
    CHECK(hb.hl.surf == NULL); /* closed */
    app_destroy(a);
    fonts_free(fs);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_quit_request_ends_the_loop);
    RUN(test_stop_request_ends_a_sleeping_loop);
    RUN(test_frames_are_paced);
    RUN(test_input_is_drawn_at_most_once_a_refresh);
    RUN(test_idle_timeout_while_asleep);
    RUN(test_watchdog_and_notifications);
    RUN(test_presenter_clock_and_fullscreen_key);
    RUN(test_resize_lays_out_again);
    RUN(test_open_failure);
    RUN(test_headless_backend_runs_the_kiosk);
    content_free(&content);
    config_free(&cfg);
    return test_summary();
}
