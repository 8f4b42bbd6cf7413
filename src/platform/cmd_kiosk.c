/* cmd_kiosk.c - the kiosk (or slideshow) in a window: SDL set-up, the event
 * loop, rotation, systemd notification, clean exit on SIGTERM.
 *
 * The loop sleeps until an event or the app's next timer
 * (app_wait_ms), so a static screen costs no CPU; it draws only when
 * app_update says the screen changed; with vsync, animations run at the
 * display's rate. */
#include "../cli/cli.h"
#include "../core/ini.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../ui/rotate.h"
#include "gfx_sdl.h"
#include "replay.h"
#include "sdl_input.h"
#include "session.h"
#include "../slideshow/slideshow.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#define MAX_WAKE_FDS 32

typedef struct {
    const config_t *cfg;
    session_t ss;
    SDL_Window *win;
    SDL_Renderer *ren;
    gfx_sdl_t *gfx;
    gfx_t measure;
    SDL_Texture *target;     /* the logical picture, when rotated */
    int rotation;
    int pw, ph, lw, lh;      /* panel and logical sizes */
    sdl_input_t input;
    bool native_wait;        /* the video driver can sleep until an event */
    struct pollfd fds[MAX_WAKE_FDS];
    int nfds;
    bool notify;
    uint64_t wd_ms, wd_last; /* watchdog ping interval, last ping */
    bool fullscreen;
    /* the presenter view on a second display (slideshow mode) */
    SDL_Window *pwin;
    SDL_Renderer *pren;
    gfx_sdl_t *pgfx;
    uint64_t plast;          /* last presenter frame (its clock shows seconds) */
    int frame_ms;            /* the display's frame period */
    uint64_t last_frame;     /* when the last frame was drawn */
    uint64_t frames;         /* frames drawn, reported at the end */
} kiosk_t;

#define PRESENTER_TICK_MS 1000

/* ---- signals: SIGTERM / SIGINT end the kiosk cleanly ---------------------- */

static SDL_atomic_t g_stop;
static int g_wake_pipe[2] = {-1, -1};
static Uint32 g_wake_event = (Uint32)-1;
static sigset_t g_sigs;

/* All signals of interest are blocked in every thread and taken here with
 * sigwait, where it is safe to push an SDL event (which wakes a sleeping
 * SDL_WaitEventTimeout) and to write to the pipe (which wakes poll). */
static void *signal_thread(void *arg)
{
    (void)arg;
    for (;;) {
        int sig = 0;
        if (sigwait(&g_sigs, &sig) != 0)
            continue;
        if (sig == SIGUSR2) /* sent by signals_stop */
            return NULL;
        SDL_AtomicSet(&g_stop, 1);
        if (g_wake_event != (Uint32)-1) {
            SDL_Event e;
            memset(&e, 0, sizeof e);
            e.type = g_wake_event;
            SDL_PushEvent(&e);
        }
        if (g_wake_pipe[1] >= 0 && write(g_wake_pipe[1], "x", 1) < 0) {
            /* the pipe is full: a wake-up is pending anyway */
        }
    }
}

static void signals_block(void)
{
    sigemptyset(&g_sigs);
    sigaddset(&g_sigs, SIGTERM);
    sigaddset(&g_sigs, SIGINT);
    sigaddset(&g_sigs, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &g_sigs, NULL);
    if (pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        g_wake_pipe[0] = g_wake_pipe[1] = -1;
}

static void signals_release(void)
{
    for (int i = 0; i < 2; i++)
        if (g_wake_pipe[i] >= 0) {
            close(g_wake_pipe[i]);
            g_wake_pipe[i] = -1;
        }
    pthread_sigmask(SIG_UNBLOCK, &g_sigs, NULL);
}

static void signals_stop(pthread_t th)
{
    pthread_kill(th, SIGUSR2);
    pthread_join(th, NULL);
    signals_release();
}

/* ---- waiting ------------------------------------------------------------------- */

/* Drivers without a real wait (KMSDRM, dummy) make SDL_WaitEventTimeout
 * poll every millisecond. There the kiosk sleeps in poll() on the input
 * devices SDL reads (its own descriptors: both get every event) and on the
 * signal pipe instead. */
static void wake_fds_open(kiosk_t *k)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    k->native_wait = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0 ||
                             strcmp(drv, "windows") == 0 || strcmp(drv, "cocoa") == 0);
    k->nfds = 0;
    if (k->native_wait)
        return;
    if (g_wake_pipe[0] >= 0)
        k->fds[k->nfds++] = (struct pollfd){.fd = g_wake_pipe[0], .events = POLLIN};
    glob_t gl;
    if (glob("/dev/input/event*", 0, NULL, &gl) == 0) {
        for (size_t i = 0; i < gl.gl_pathc && k->nfds < MAX_WAKE_FDS; i++) {
            int fd = open(gl.gl_pathv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0)
                k->fds[k->nfds++] = (struct pollfd){.fd = fd, .events = POLLIN};
        }
        globfree(&gl);
    }
    log_info("kiosk", "video driver %s: waiting on %d input device%s", drv ? drv : "?", k->nfds - (g_wake_pipe[0] >= 0),
             k->nfds - (g_wake_pipe[0] >= 0) == 1 ? "" : "s");
}

static void wake_fds_close(kiosk_t *k)
{
    for (int i = 0; i < k->nfds; i++)
        if (k->fds[i].fd != g_wake_pipe[0])
            close(k->fds[i].fd);
    k->nfds = 0;
}

/* Wait at most timeout ms (-1 forever) for an event into *ev. */
static bool wait_event(kiosk_t *k, int timeout, SDL_Event *ev)
{
    if (SDL_PollEvent(ev))
        return true;
    if (timeout == 0 || SDL_AtomicGet(&g_stop))
        return false;
    if (k->native_wait)
        return timeout < 0 ? SDL_WaitEvent(ev) == 1 : SDL_WaitEventTimeout(ev, timeout) == 1;
    if (poll(k->fds, (nfds_t)k->nfds, timeout) > 0) {
        char buf[512];
        for (int i = 0; i < k->nfds; i++) {
            if (k->fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
                k->fds[i].fd = -1; /* an unplugged device: poll skips negative fds */
                continue;
            }
            if (k->fds[i].revents & POLLIN)
                while (read(k->fds[i].fd, buf, sizeof buf) > 0) {
                }
        }
    }
    return SDL_PollEvent(ev);
}

/* ---- systemd -------------------------------------------------------------------- */

static void watchdog_setup(kiosk_t *k)
{
    k->notify = getenv("NOTIFY_SOCKET") != NULL;
    uint64_t usec = 0;
    if (k->notify && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        /* Ping at least every WATCHDOG_USEC/2: sleep at most a quarter. */
        k->wd_ms = usec / 1000 / 4;
        if (k->wd_ms < 1)
            k->wd_ms = 1;
    }
}

static void watchdog_ping(kiosk_t *k, uint64_t now)
{
    if (k->wd_ms && now - k->wd_last >= k->wd_ms) {
        sd_notify(0, "WATCHDOG=1");
        k->wd_last = now;
    }
}

/* ---- window, sizes, drawing ----------------------------------------------------- */

static bool setup_size(kiosk_t *k)
{
    int pw = 0, ph = 0;
    if (SDL_GetRendererOutputSize(k->ren, &pw, &ph) != 0 || pw < 1 || ph < 1)
        SDL_GetWindowSize(k->win, &pw, &ph);
    k->pw = pw;
    k->ph = ph;
    rotate_logical_size(k->rotation, pw, ph, &k->lw, &k->lh);
    k->input.rotation = k->rotation;
    k->input.panel_w = pw;
    k->input.panel_h = ph;
    if (k->target) {
        SDL_DestroyTexture(k->target);
        k->target = NULL;
    }
    if (k->rotation) {
        k->target = SDL_CreateTexture(k->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, k->lw, k->lh);
        if (!k->target) {
            log_error("kiosk", "rotation %d: cannot make a %dx%d picture to turn (%s); drawing unrotated",
                      k->rotation, k->lw, k->lh, SDL_GetError());
            k->rotation = 0;
            return setup_size(k);
        }
    }
    k->measure = gfx_sdl_begin_frame(k->gfx, k->lw, k->lh);
    app_set_measure(k->ss.app, &k->measure);
    app_resize(k->ss.app, k->lw, k->lh);
    return true;
}

static void draw_frame(kiosk_t *k)
{
    if (k->target)
        SDL_SetRenderTarget(k->ren, k->target);
    gfx_sdl_follow_window(k->gfx, k->ren, k->target ? NULL : k->win);
    gfx_t g = gfx_sdl_begin_frame(k->gfx, k->lw, k->lh);
    app_draw(k->ss.app, &g);
    if (k->target) {
        SDL_SetRenderTarget(k->ren, NULL);
        SDL_RenderSetClipRect(k->ren, NULL);
        SDL_SetRenderDrawColor(k->ren, 0, 0, 0, 255);
        SDL_RenderClear(k->ren);
        /* The logical picture, centred on the panel and turned clockwise. */
        SDL_FRect dst = {(float)(k->pw - k->lw) * 0.5f, (float)(k->ph - k->lh) * 0.5f, (float)k->lw, (float)k->lh};
        SDL_RenderCopyExF(k->ren, k->target, NULL, &dst, (double)k->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(k->ren);
}

static SDL_Renderer *make_renderer(SDL_Window *win)
{
    /* vsync always: without it SDL takes an async page-flip path on the
     * Pi's KMSDRM that garbles or fails. */
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (r)
        return r;
    log_warn("kiosk", "no accelerated renderer (%s); using the software renderer", SDL_GetError());
    r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_PRESENTVSYNC);
    return r ? r : SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
}

/* Open the presenter view on display cfg->presenter_display when that is
 * a second display; otherwise say why not and go on without it. */
static void presenter_open(kiosk_t *k)
{
    int want = k->cfg->presenter_display;
    if (want < 0)
        return;
    int n = SDL_GetNumVideoDisplays();
    int mine = SDL_GetWindowDisplayIndex(k->win);
    if (want >= n || want == mine) {
        log_warn("kiosk", "presenter view: no second display %d found (%d display%s connected, the slides are on display %d); "
                 "continuing without the presenter view", want, n, n == 1 ? "" : "s", mine);
        return;
    }
    k->pwin = SDL_CreateWindow("agmkiosk presenter", SDL_WINDOWPOS_CENTERED_DISPLAY(want),
                               SDL_WINDOWPOS_CENTERED_DISPLAY(want), 1280, 800,
                               SDL_WINDOW_SHOWN | (k->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE));
    k->pren = k->pwin ? make_renderer(k->pwin) : NULL;
    if (!k->pren) {
        log_warn("kiosk", "presenter view on display %d: %s; continuing without it", want, SDL_GetError());
        if (k->pwin)
            SDL_DestroyWindow(k->pwin);
        k->pwin = NULL;
        return;
    }
    k->pgfx = gfx_sdl_create(k->pren, k->ss.fonts);
    log_info("kiosk", "presenter view on display %d", want);
}

static void presenter_close(kiosk_t *k)
{
    gfx_sdl_destroy(k->pgfx);
    if (k->pren)
        SDL_DestroyRenderer(k->pren);
    if (k->pwin)
        SDL_DestroyWindow(k->pwin);
    k->pgfx = NULL;
    k->pren = NULL;
    k->pwin = NULL;
}

static void presenter_draw(kiosk_t *k, uint64_t now)
{
    if (!k->pwin)
        return;
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(k->pren, &w, &h) != 0 || w < 1 || h < 1)
        SDL_GetWindowSize(k->pwin, &w, &h);
    gfx_sdl_follow_window(k->pgfx, k->pren, k->pwin);
    gfx_t g = gfx_sdl_begin_frame(k->pgfx, w, h);
    slideshow_draw_presenter(k->ss.app, &g);
    SDL_RenderPresent(k->pren);
    k->plast = now;
}

/* A fullscreen window is made as large as its display from the start: on
 * plain X with no window manager nobody honours the fullscreen request,
 * and a window left at its windowed size would show part of a picture
 * laid out for the whole display. */
static void display_bounds(int display, int *x, int *y, int *w, int *h)
{
    SDL_Rect r;
    if (display < 0 || SDL_GetDisplayBounds(display, &r) != 0 || r.w < 1 || r.h < 1)
        return;
    *x = r.x;
    *y = r.y;
    *w = r.w;
    *h = r.h;
}

static void toggle_fullscreen(kiosk_t *k)
{
    k->fullscreen = !k->fullscreen;
    if (k->fullscreen) {
        int x = 0, y = 0, w = 0, h = 0;
        display_bounds(SDL_GetWindowDisplayIndex(k->win), &x, &y, &w, &h);
        if (w > 0) {
            SDL_SetWindowPosition(k->win, x, y);
            SDL_SetWindowSize(k->win, w, h);
        }
    }
    if (SDL_SetWindowFullscreen(k->win, k->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0) {
        log_warn("kiosk", "fullscreen: %s", SDL_GetError());
        k->fullscreen = !k->fullscreen;
        return;
    }
    SDL_ShowCursor(k->fullscreen ? SDL_DISABLE : SDL_ENABLE);
}

/* The window an event belongs to (0 when it has none). */
static Uint32 event_window(const SDL_Event *e)
{
    switch (e->type) {
    case SDL_WINDOWEVENT: return e->window.windowID;
    case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP: return e->button.windowID;
    case SDL_MOUSEMOTION: return e->motion.windowID;
    case SDL_MOUSEWHEEL: return e->wheel.windowID;
    case SDL_FINGERDOWN: case SDL_FINGERUP: case SDL_FINGERMOTION: return e->tfinger.windowID;
    default: return 0;
    }
}

static void handle_event(kiosk_t *k, const SDL_Event *e, bool *redraw)
{
    if (k->pwin && event_window(e) == SDL_GetWindowID(k->pwin)) {
        /* The presenter's window: pointer positions there mean nothing to
         * the slides; closing it closes only the presenter view. Keys
         * (a clicker) still reach the show below. */
        if (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_CLOSE)
            presenter_close(k);
        else if (e->type == SDL_WINDOWEVENT)
            k->plast = 0;
        return;
    }
    if (e->type == g_wake_event)
        return;
    if (e->type == SDL_WINDOWEVENT) {
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
            setup_size(k);
            *redraw = true;
            return;
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SHOWN:
        case SDL_WINDOWEVENT_RESTORED:
            *redraw = true;
            return;
        default:
            break;
        }
    }
    if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET) {
        /* the GPU lost its textures: make them again */
        gfx_sdl_clear_cache(k->gfx);
        setup_size(k);
        *redraw = true;
        return;
    }
    ui_event_t ev;
    if (sdl_input_map(&k->input, e, now_ms(), &ev))
        app_event(k->ss.app, &ev);
}

/* SDL falls back to its "offscreen" (EGL) or "dummy" drivers when nothing
 * else works: a kiosk nobody can see. Those count as a display only when
 * asked for by name (tests use SDL_VIDEODRIVER=dummy). */
static bool real_display(void)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    const char *asked = getenv("SDL_VIDEODRIVER");
    if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0) && !(asked && *asked)) {
        SDL_SetError("only the %s video driver is available", drv);
        return false;
    }
    return true;
}

static int run_window(config_t *cfg, app_mode_t mode, int ww, int wh, bool fullscreen)
{
    kiosk_t k = {.cfg = cfg, .rotation = rotate_normalise(cfg->rotation)};
    uint64_t t_start = now_ms();
    signals_block();
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || SDL_GetNumVideoDisplays() < 1 || !real_display()) {
        fprintf(stderr,
                "agmkiosk: no display (%s): set DISPLAY, run on the Pi console with SDL_VIDEODRIVER=kmsdrm, "
                "or use `agmkiosk render`\n", SDL_GetError());
        SDL_Quit();
        signals_release();
        return 1;
    }
    g_wake_event = SDL_RegisterEvents(1);
    pthread_t sig_th;
    if (pthread_create(&sig_th, NULL, signal_thread, NULL) != 0) {
        fprintf(stderr, "agmkiosk: cannot start: %s\n", strerror(errno));
        SDL_Quit();
        signals_release();
        return 1;
    }
    int rc = 1;
    char *db = config_db_path(cfg);
    bool opened = session_open(&k.ss, cfg, mode, db, now_ms());
    free(db);
    if (!opened)
        goto out;
    Uint32 flags = SDL_WINDOW_SHOWN | (fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    int wx = SDL_WINDOWPOS_CENTERED_DISPLAY(0), wy = SDL_WINDOWPOS_CENTERED_DISPLAY(0);
    if (fullscreen)
        display_bounds(0, &wx, &wy, &ww, &wh);
    k.win = SDL_CreateWindow(mode == APP_MODE_SLIDESHOW ? "agmkiosk slideshow" : "agmkiosk", wx, wy, ww, wh, flags);
    if (!k.win) {
        fprintf(stderr,
                "agmkiosk: no display (%s): set DISPLAY, run on the Pi console with SDL_VIDEODRIVER=kmsdrm, "
                "or use `agmkiosk render`\n", SDL_GetError());
        goto out;
    }
    k.ren = make_renderer(k.win);
    if (!k.ren) {
        fprintf(stderr, "agmkiosk: cannot draw on the display: %s\n", SDL_GetError());
        goto out;
    }
    k.fullscreen = fullscreen;
    if (fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    k.gfx = gfx_sdl_create(k.ren, k.ss.fonts);
    setup_size(&k);
    wake_fds_open(&k);
    watchdog_setup(&k);
    if (mode == APP_MODE_SLIDESHOW)
        presenter_open(&k);
    else if (cfg->presenter_display >= 0)
        log_info("kiosk", "presenter view: only with --slideshow");
    {
        SDL_RendererInfo info;
        if (SDL_GetRendererInfo(k.ren, &info) == 0)
            log_info("kiosk", "%s renderer on %s, %dx%d panel, %dx%d layout, rotation %d", info.name,
                     SDL_GetCurrentVideoDriver(), k.pw, k.ph, k.lw, k.lh, k.rotation);
    }
    {
        /* Animations run at the display's rate: vsync paces them where the
         * renderer has it; a software renderer without it would otherwise
         * draw as fast as it can (a busy loop for every fade). */
        SDL_DisplayMode dm;
        int hz = SDL_GetWindowDisplayMode(k.win, &dm) == 0 && dm.refresh_rate >= 20 ? dm.refresh_rate : 60;
        k.frame_ms = AGM_MAX(1, 1000 / AGM_MIN(hz, 240));
    }
    bool redraw = true, first = true;
    rc = 0;
    for (;;) {
        uint64_t now = now_ms();
        if (app_update(k.ss.app, now))
            redraw = true;
        /* Input is handled as it comes; the picture follows at most once a
         * refresh (an event arriving mid-animation does not add a frame). */
        bool draw_now = redraw && (first || now >= k.last_frame + (uint64_t)k.frame_ms);
        if (draw_now || (k.pwin && now - k.plast >= PRESENTER_TICK_MS))
            presenter_draw(&k, now);
        if (draw_now) {
            k.last_frame = now;
            k.frames++;
            draw_frame(&k);
            redraw = false;
            if (first) {
                first = false;
                log_info("kiosk", "first frame after %llu ms", (unsigned long long)(now_ms() - t_start));
                if (k.notify)
                    sd_notify(0, "READY=1");
            }
        }
        if (app_quit_requested(k.ss.app) || SDL_AtomicGet(&g_stop))
            break;
        now = now_ms();
        watchdog_ping(&k, now);
        int wait = redraw ? 0 : app_wait_ms(k.ss.app, now);
        if (wait == 0 && now < k.last_frame + (uint64_t)k.frame_ms) /* the next frame is due then */
            wait = (int)(k.last_frame + (uint64_t)k.frame_ms - now);
        if (k.wd_ms && (wait < 0 || (uint64_t)wait > k.wd_ms))
            wait = (int)k.wd_ms;
        if (k.pwin && (wait < 0 || wait > PRESENTER_TICK_MS)) /* the presenter's clock */
            wait = PRESENTER_TICK_MS;
        SDL_Event e;
        if (wait_event(&k, wait, &e)) {
            do
                handle_event(&k, &e, &redraw);
            while (SDL_PollEvent(&e));
        }
        if (slideshow_take_fullscreen_request(k.ss.app)) {
            toggle_fullscreen(&k);
            redraw = true;
        }
        if (SDL_AtomicGet(&g_stop))
            break;
    }
    if (k.notify)
        sd_notify(0, "STOPPING=1");
    if (SDL_AtomicGet(&g_stop))
        log_info("kiosk", "stopped by a signal");
    if (k.frames)
        log_info("kiosk", "%llu frames drawn in %.1f s", (unsigned long long)k.frames,
                 (double)(now_ms() - t_start) / 1000.0);
out:
    wake_fds_close(&k);
    presenter_close(&k);
    if (k.ss.app)
        app_set_measure(k.ss.app, NULL);
    gfx_sdl_destroy(k.gfx);
    if (k.target)
        SDL_DestroyTexture(k.target);
    if (k.ren)
        SDL_DestroyRenderer(k.ren);
    if (k.win)
        SDL_DestroyWindow(k.win);
    session_close(&k.ss);
    signals_stop(sig_th);
    SDL_Quit();
    return rc;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk [--windowed WxH] [--slideshow] [--interval SECONDS]\n"
            "                [--presenter-display N] [--replay FILE [--frame-stats FILE]]\n");
}

int cmd_kiosk(config_t *cfg, int argc, char **argv)
{
    bool slideshow = false, fullscreen = cfg->fullscreen;
    int ww = cfg->width, wh = cfg->height;
    const char *replay = NULL, *frame_stats = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--slideshow") == 0)
            slideshow = true;
        else if (strcmp(a, "--windowed") == 0 && v) {
            if (!config_parse_size(v, &ww, &wh) || ww < 16 || wh < 16 || ww > 16384 || wh > 16384) {
                fprintf(stderr, "agmkiosk: --windowed %s: use WxH, e.g. 1280x800\n", v);
                return 2;
            }
            fullscreen = false;
            i++;
        } else if (strcmp(a, "--interval") == 0 && v) {
            long n;
            if (!ini_parse_int(v, 0, 86400, &n)) {
                fprintf(stderr, "agmkiosk: --interval %s: use whole seconds, 0 (manual) to 86400\n", v);
                return 2;
            }
            cfg->slide_interval_s = (int)n;
            i++;
        } else if (strcmp(a, "--presenter-display") == 0 && v) {
            long n;
            if (!ini_parse_int(v, 0, 63, &n)) {
                fprintf(stderr, "agmkiosk: --presenter-display %s: use a display number, 0 to 63\n", v);
                return 2;
            }
            cfg->presenter_display = (int)n;
            i++;
        } else if (strcmp(a, "--replay") == 0 && v) {
            replay = v;
            i++;
        } else if (strcmp(a, "--frame-stats") == 0 && v) {
            frame_stats = v;
            i++;
        } else {
            fprintf(stderr, "agmkiosk: unknown or incomplete option '%s' (see agmkiosk --help)\n", a);
            usage(stderr);
            return 2;
        }
    }
    app_mode_t mode = slideshow ? APP_MODE_SLIDESHOW : APP_MODE_KIOSK;
    if (frame_stats && !replay) {
        fprintf(stderr, "agmkiosk: --frame-stats works with --replay only\n");
        return 2;
    }
    if (replay)
        return replay_run_file(cfg, replay, mode, frame_stats);
    return run_window(cfg, mode, ww, wh, fullscreen);
}
