/* backend_sdl.c - the kiosk's window on SDL video (see backend_sdl.h): SDL
 * set-up, waiting for events, rotation, the presenter's window. The loop
 * itself is src/app/kiosk_loop.c. */
#include "backend_sdl.h"
#include "renderer_choice.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/rotate.h"
#include "display_check.h"
#include "gfx_sdl.h"
#include "sdl_input.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_WAKE_FDS 32

struct backend_sdl {
    fonts_t *fonts;          /* borrowed */
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
    dev_t devs[MAX_WAKE_FDS]; /* the input device behind each of fds (0: none) */
    int nfds;
    int hotplug_fd;          /* udev's announcements, or -1 */
    int wake_pipe[2];        /* wake() writes, poll() wakes */
    Uint32 wake_event;       /* wake() pushes it, SDL_WaitEvent wakes */
    SDL_atomic_t woken;
    bool fullscreen;
    bool no_wm;              /* plain X with no window manager: fullscreen is a borderless window */
    SDL_Rect windowed;       /* place and size before F made it fullscreen (w 0: none) */
    /* the presenter view on a second display (slideshow mode) */
    SDL_Window *pwin;
    SDL_Renderer *pren;
    gfx_sdl_t *pgfx;
    ui_event_t pending[8];   /* lifts of fingers lost with an unplugged screen */
    int npending;
};

/* SDL 2 only logs that it could not set the video mode or show a frame
 * (another program holding the display) and carries on with a black
 * screen: note it, so the kiosk exits with a failure systemd acts on. */
static SDL_atomic_t g_display_failed;
static SDL_LogOutputFunction g_log_prev;
static void *g_log_prev_data;

static void log_hook(void *data, int category, SDL_LogPriority prio, const char *msg)
{
    (void)data;
    if (display_failure_message(category == SDL_LOG_CATEGORY_VIDEO, msg))
        SDL_AtomicSet(&g_display_failed, 1);
    if (g_log_prev)
        g_log_prev(g_log_prev_data, category, prio, msg);
}

/* ---- waking --------------------------------------------------------------------- */

/* From the signal thread: push an SDL event (which wakes a sleeping
 * SDL_WaitEventTimeout) and write to the pipe (which wakes poll). */
static void sdl_wake(void *be)
{
    backend_sdl_t *k = be;
    SDL_AtomicSet(&k->woken, 1);
    if (k->wake_event != (Uint32)-1) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = k->wake_event;
        SDL_PushEvent(&e);
    }
    if (k->wake_pipe[1] >= 0 && write(k->wake_pipe[1], "x", 1) < 0) {
        /* the pipe is full: a wake-up is pending anyway */
    }
}

/* ---- waiting ------------------------------------------------------------------- */

/* Drivers without a real wait (KMSDRM, dummy) make SDL_WaitEventTimeout
 * poll every millisecond. There the kiosk sleeps in poll() on the input
 * devices SDL reads (its own descriptors: both get every event) and on the
 * signal pipe instead. */
static void wake_fd_add(backend_sdl_t *k, int fd, dev_t dev)
{
    int slot = k->nfds;
    for (int i = 0; i < k->nfds; i++)
        if (k->fds[i].fd < 0) { /* a device unplugged earlier */
            slot = i;
            break;
        }
    if (slot == MAX_WAKE_FDS) {
        close(fd);
        return;
    }
    k->fds[slot] = (struct pollfd){.fd = fd, .events = POLLIN};
    k->devs[slot] = dev;
    if (slot == k->nfds)
        k->nfds++;
}

/* Open the input devices not yet waited on; returns how many were added. */
static int wake_fds_scan(backend_sdl_t *k)
{
    int added = 0;
    glob_t gl;
    if (glob("/dev/input/event*", 0, NULL, &gl) != 0)
        return 0;
    for (size_t i = 0; i < gl.gl_pathc; i++) {
        struct stat st;
        if (stat(gl.gl_pathv[i], &st) != 0 || !S_ISCHR(st.st_mode))
            continue;
        bool known = false;
        for (int j = 0; j < k->nfds && !known; j++)
            known = k->fds[j].fd >= 0 && k->devs[j] == st.st_rdev;
        if (known)
            continue;
        int fd = open(gl.gl_pathv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            wake_fd_add(k, fd, st.st_rdev);
            added++;
        }
    }
    globfree(&gl);
    return added;
}

/* udev's announcements (netlink group 2, what libudev's monitor and so SDL
 * receive). SDL opens an input device plugged in later only when its events
 * are pumped: without this wake-up a touch screen connected after the start
 * would be read only when the loop next woke for another reason (up to the
 * watchdog's interval), and its first touches would be lost. */
static int hotplug_open(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
    if (fd < 0)
        return -1;
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = 2};
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void wake_fds_open(backend_sdl_t *k)
{
    const char *drv = SDL_GetCurrentVideoDriver();
    k->native_wait = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0 ||
                             strcmp(drv, "windows") == 0 || strcmp(drv, "cocoa") == 0);
    k->nfds = 0;
    k->hotplug_fd = -1;
    if (k->native_wait)
        return;
    if (k->wake_pipe[0] >= 0)
        wake_fd_add(k, k->wake_pipe[0], 0);
    if (drv && strcmp(drv, "KMSDRM") == 0 && (k->hotplug_fd = hotplug_open()) >= 0)
        wake_fd_add(k, k->hotplug_fd, 0);
    int n = wake_fds_scan(k);
    log_info("kiosk", "video driver %s: waiting on %d input device%s%s", drv ? drv : "?", n, n == 1 ? "" : "s",
             k->hotplug_fd >= 0 ? " and on devices plugged in later" : "");
}

static void wake_fds_close(backend_sdl_t *k)
{
    for (int i = 0; i < k->nfds; i++)
        if (k->fds[i].fd != k->wake_pipe[0] && k->fds[i].fd >= 0)
            close(k->fds[i].fd);
    k->nfds = 0;
    k->hotplug_fd = -1;
}

/* Wait at most timeout ms (-1 forever) for an event into *ev. */
static bool wait_event(backend_sdl_t *k, int timeout, SDL_Event *ev)
{
    if (SDL_PollEvent(ev))
        return true;
    if (timeout == 0 || SDL_AtomicGet(&k->woken))
        return false;
    if (k->native_wait)
        return timeout < 0 ? SDL_WaitEvent(ev) == 1 : SDL_WaitEventTimeout(ev, timeout) == 1;
    if (poll(k->fds, (nfds_t)k->nfds, timeout) > 0) {
        char buf[512];
        for (int i = 0; i < k->nfds; i++) {
            if (k->fds[i].fd == k->hotplug_fd && k->fds[i].revents) {
                /* something was plugged in or out: SDL hears of it in the
                 * SDL_PollEvent below; wait on new input devices too */
                while (recv(k->hotplug_fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {
                }
                /* (an overflow, ENOBUFS, shows as POLLERR: reading clears it) */
                if (wake_fds_scan(k) > 0)
                    log_info("kiosk", "an input device was plugged in");
                continue;
            }
            if (k->fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
                if (k->fds[i].fd != k->wake_pipe[0])
                    close(k->fds[i].fd);
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

/* ---- window, sizes, drawing ----------------------------------------------------- */

static bool setup_size(backend_sdl_t *k)
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
    return true;
}

static void draw_frame_begin(backend_sdl_t *k, gfx_t *g)
{
    if (k->target)
        SDL_SetRenderTarget(k->ren, k->target);
    gfx_sdl_follow_window(k->gfx, k->ren, k->target ? NULL : k->win);
    *g = gfx_sdl_begin_frame(k->gfx, k->lw, k->lh);
}

static void draw_frame_present(backend_sdl_t *k)
{
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

/* The GPU renderer where a GPU drives the display, SDL's software renderer
 * where the only OpenGL is a software one (renderer_choice.h); why says
 * which and why. */
static SDL_Renderer *make_renderer(SDL_Window *win, char *why, size_t nwhy)
{
    /* vsync always: without it SDL takes an async page-flip path on the
     * Pi's KMSDRM that garbles or fails. The hint at override priority: an
     * SDL_RENDER_VSYNC=0 in the environment cannot turn it off. */
    SDL_SetHintWithPriority(SDL_HINT_RENDER_VSYNC, "1", SDL_HINT_OVERRIDE);
    return renderer_choose(win, why, nwhy);
}

static void display_bounds(int display, int *x, int *y, int *w, int *h);

/* True on X11 with no window manager running (nothing has set
 * _NET_SUPPORTING_WM_CHECK on the root window). Asking SDL 2 for
 * fullscreen there costs a tenth of a second at every start and exit: it
 * sends the request to the window manager and waits 100 ms for an answer
 * nobody gives. Xlib is reached through the copy SDL already loaded, so
 * the program does not link it. */
static bool x11_without_wm(SDL_Window *w)
{
#ifndef SDL_VIDEO_DRIVER_X11
    (void)w;
    return false; /* an SDL built without X11 */
#else
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(w, &info) || info.subsystem != SDL_SYSWM_X11 || !info.info.x11.display)
        return false;
    void *x11 = dlopen("libX11.so.6", RTLD_LAZY | RTLD_NOLOAD);
    if (!x11)
        return false;
    Atom (*intern)(Display *, const char *, Bool) = (Atom(*)(Display *, const char *, Bool))dlsym(x11, "XInternAtom");
    int (*getprop)(Display *, Window, Atom, long, long, Bool, Atom, Atom *, int *, unsigned long *, unsigned long *,
                   unsigned char **) =
        (int (*)(Display *, Window, Atom, long, long, Bool, Atom, Atom *, int *, unsigned long *, unsigned long *,
                 unsigned char **))dlsym(x11, "XGetWindowProperty");
    int (*xfree)(void *) = (int (*)(void *))dlsym(x11, "XFree");
    bool none = false;
    if (intern && getprop && xfree) {
        Display *d = info.info.x11.display;
        Atom check = intern(d, "_NET_SUPPORTING_WM_CHECK", False), type = None;
        int format = 0;
        unsigned long n = 0, after = 0;
        unsigned char *data = NULL;
        none = getprop(d, DefaultRootWindow(d), check, 0, 1, False, AnyPropertyType, &type, &format, &n, &after,
                       &data) == Success && (type == None || n == 0);
        if (data)
            xfree(data);
    }
    dlclose(x11);
    return none;
#endif
}

/* A window for the kiosk or the presenter view: fullscreen on the display
 * whose bounds x, y, w, h are (see display_bounds), else resizable. It is
 * made hidden and shown once it is fullscreen; on X with no window manager
 * a borderless window the display's size takes fullscreen's place. */
static SDL_Window *window_open(const char *title, int x, int y, int w, int h, bool fullscreen, bool *no_wm)
{
    *no_wm = false;
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!fullscreen || !driver || strcmp(driver, "x11") != 0)
        return SDL_CreateWindow(title, x, y, w, h,
                                SDL_WINDOW_SHOWN | (fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE));
    SDL_Window *win = SDL_CreateWindow(title, x, y, w, h, SDL_WINDOW_HIDDEN | SDL_WINDOW_BORDERLESS);
    if (!win)
        return NULL;
    if (x11_without_wm(win)) {
        *no_wm = true;
    } else {
        SDL_SetWindowBordered(win, SDL_TRUE);
        SDL_SetWindowResizable(win, SDL_TRUE);
        /* still hidden: SDL sets the window's state without waiting */
        if (SDL_SetWindowFullscreen(win, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
            log_warn("kiosk", "fullscreen: %s", SDL_GetError());
    }
    SDL_ShowWindow(win);
    return win;
}

/* Open the presenter view on display want when that is a second display;
 * otherwise say why not and go on without it. */
static void presenter_open(void *be, int want)
{
    backend_sdl_t *k = be;
    if (want < 0)
        return;
    SDL_version v;
    SDL_GetVersion(&v);
    if (!display_presenter_possible(SDL_GetCurrentVideoDriver(), v.major, v.minor, v.patch)) {
        log_warn("kiosk", "presenter view: SDL %d.%d.%d's KMSDRM draws every window on the first display (a second "
                 "display needs SDL 2.30.10 or later); continuing without the presenter view", v.major, v.minor, v.patch);
        return;
    }
    int n = SDL_GetNumVideoDisplays();
    int mine = SDL_GetWindowDisplayIndex(k->win);
    if (want >= n || want == mine) {
        log_warn("kiosk", "presenter view: no second display %d found (%d display%s connected, the slides are on display %d); "
                 "continuing without the presenter view", want, n, n == 1 ? "" : "s", mine);
        return;
    }
    /* fullscreen: the whole of that display from the start (see display_bounds) */
    int px = SDL_WINDOWPOS_CENTERED_DISPLAY(want), py = SDL_WINDOWPOS_CENTERED_DISPLAY(want), pw = 1280, ph = 800;
    if (k->fullscreen)
        display_bounds(want, &px, &py, &pw, &ph);
    bool no_wm = false;
    k->pwin = window_open("agmkiosk presenter", px, py, pw, ph, k->fullscreen, &no_wm);
    char pwhy[160];
    k->pren = k->pwin ? make_renderer(k->pwin, pwhy, sizeof pwhy) : NULL;
    if (!k->pren) {
        log_warn("kiosk", "presenter view on display %d: %s; continuing without it", want, SDL_GetError());
        if (k->pwin)
            SDL_DestroyWindow(k->pwin);
        k->pwin = NULL;
        return;
    }
    k->pgfx = gfx_sdl_create(k->pren, k->fonts);
    log_info("kiosk", "presenter view on display %d", want);
}

/* Destroy a window's drawing, renderer and window (each may be NULL). */
static void view_destroy(gfx_sdl_t **gfx, SDL_Renderer **ren, SDL_Window **win)
{
    gfx_sdl_destroy(*gfx); /* textures first, while the renderer exists */
    if (*ren)
        SDL_DestroyRenderer(*ren);
    if (*win)
        SDL_DestroyWindow(*win);
    *gfx = NULL;
    *ren = NULL;
    *win = NULL;
}

static void presenter_close(backend_sdl_t *k)
{
    view_destroy(&k->pgfx, &k->pren, &k->pwin);
}

static void presenter_draw_begin(backend_sdl_t *k, gfx_t *g)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(k->pren, &w, &h) != 0 || w < 1 || h < 1)
        SDL_GetWindowSize(k->pwin, &w, &h);
    gfx_sdl_follow_window(k->pgfx, k->pren, k->pwin);
    *g = gfx_sdl_begin_frame(k->pgfx, w, h);
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

static void toggle_fullscreen(void *be)
{
    backend_sdl_t *k = be;
    bool on = !k->fullscreen;
    /* SDL ignores a size set while the window is fullscreen (it keeps it for
     * later): the window takes the display's size before it goes fullscreen,
     * and its windowed place and size again after it leaves. */
    if (on) {
        SDL_GetWindowPosition(k->win, &k->windowed.x, &k->windowed.y);
        SDL_GetWindowSize(k->win, &k->windowed.w, &k->windowed.h);
        int x = 0, y = 0, w = 0, h = 0;
        display_bounds(SDL_GetWindowDisplayIndex(k->win), &x, &y, &w, &h);
        if (w > 0) {
            SDL_SetWindowPosition(k->win, x, y);
            SDL_SetWindowSize(k->win, w, h);
        }
    }
    if (k->no_wm) {
        /* no window manager: a borderless window the display's size (above) */
        SDL_SetWindowBordered(k->win, on ? SDL_FALSE : SDL_TRUE);
        SDL_SetWindowResizable(k->win, on ? SDL_FALSE : SDL_TRUE);
    } else if (SDL_SetWindowFullscreen(k->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0) {
        log_warn("kiosk", "fullscreen: %s", SDL_GetError());
        return;
    }
    k->fullscreen = on;
    if (!on && k->windowed.w > 0) {
        SDL_SetWindowSize(k->win, k->windowed.w, k->windowed.h);
        SDL_SetWindowPosition(k->win, k->windowed.x, k->windowed.y);
    }
    SDL_ShowCursor(k->fullscreen ? SDL_DISABLE : SDL_ENABLE);
}

/* ---- events --------------------------------------------------------------------- */

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

/* e as the loop sees it into *out; false when it is not for the loop. */
static bool handle_event(backend_sdl_t *k, const SDL_Event *e, backend_event_t *out)
{
    if (k->pwin && event_window(e) == SDL_GetWindowID(k->pwin)) {
        /* The presenter's window: pointer positions there mean nothing to
         * the slides; closing it closes only the presenter view. Keys
         * (a clicker) still reach the show below. */
        if (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_CLOSE)
            presenter_close(k);
        else if (e->type == SDL_WINDOWEVENT) {
            out->type = BACKEND_EV_PRESENTER;
            return true;
        }
        return false;
    }
    if (e->type == k->wake_event)
        return false;
    if (e->type == SDL_WINDOWEVENT) {
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
            setup_size(k);
            out->type = BACKEND_EV_RESIZE;
            return true;
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SHOWN:
        case SDL_WINDOWEVENT_RESTORED:
            out->type = BACKEND_EV_REDRAW;
            return true;
        default:
            break;
        }
    }
    if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET) {
        /* the GPU lost its textures: make them again */
        gfx_sdl_clear_cache(k->gfx);
        setup_size(k);
        out->type = BACKEND_EV_RESIZE;
        return true;
    }
    out->type = BACKEND_EV_INPUT;
    if (e->type == SDL_FINGERDOWN) {
        /* a finger left down on a touch screen that was unplugged: lift it
         * first (else every later touch counts as a second finger) */
        SDL_TouchID present[16];
        int n = AGM_MIN(SDL_GetNumTouchDevices(), 16);
        for (int i = 0; i < n; i++)
            present[i] = SDL_GetTouchDevice(i);
        ui_event_t lift;
        while (k->npending < (int)AGM_ARRAY_LEN(k->pending) &&
               sdl_input_lost_finger(&k->input, present, n, now_ms(), &lift))
            k->pending[k->npending++] = lift;
        if (k->npending > 0 && k->npending < (int)AGM_ARRAY_LEN(k->pending) &&
            sdl_input_map(&k->input, e, now_ms(), &k->pending[k->npending]))
            k->npending++;
        if (k->npending > 0) {
            out->ui = k->pending[0];
            memmove(k->pending, k->pending + 1, sizeof k->pending[0] * (size_t)--k->npending);
            return true;
        }
    }
    return sdl_input_map(&k->input, e, now_ms(), &out->ui);
}

static bool sdl_wait_event(void *be, int timeout_ms, backend_event_t *out)
{
    backend_sdl_t *k = be;
    if (k->npending > 0) {
        out->type = BACKEND_EV_INPUT;
        out->ui = k->pending[0];
        memmove(k->pending, k->pending + 1, sizeof k->pending[0] * (size_t)--k->npending);
        return true;
    }
    SDL_Event e;
    if (!wait_event(k, timeout_ms, &e))
        return false;
    do
        if (handle_event(k, &e, out))
            return true;
    while (SDL_PollEvent(&e));
    return false;
}

/* ---- the operations ------------------------------------------------------------- */

static char *no_display(void)
{
    return xasprintf("no display (%s): set DISPLAY, run on the Pi console with SDL_VIDEODRIVER=kmsdrm, "
                     "or use `agmkiosk render`", SDL_GetError());
}

static bool sdl_open(void *be, const backend_cfg_t *cfg, char **err)
{
    backend_sdl_t *k = be;
    k->rotation = rotate_normalise(cfg->rotation);
    int disp = cfg->display > 0 ? cfg->display : 0;
    int ndisp = SDL_GetNumVideoDisplays();
    if (disp >= ndisp) {
        log_warn("kiosk", "display %d: there %s only %d; opening on the first display", disp,
                 ndisp == 1 ? "is" : "are", ndisp);
        disp = 0;
    }
    /* SDL before 2.30.10 moves every new KMSDRM window to (0, 0), its first
     * display, and then draws it on that display's CRTC (SDL pull request
     * 10535): there the window is made on its display without fullscreen,
     * put back in place, and only then made fullscreen there. */
    SDL_version v;
    SDL_GetVersion(&v);
    bool put_back = disp > 0 && !display_presenter_possible(SDL_GetCurrentVideoDriver(), v.major, v.minor, v.patch);
    int wx = SDL_WINDOWPOS_CENTERED_DISPLAY(disp), wy = SDL_WINDOWPOS_CENTERED_DISPLAY(disp), ww = cfg->w,
        wh = cfg->h;
    if (cfg->fullscreen)
        display_bounds(disp, &wx, &wy, &ww, &wh);
    k->win = window_open(cfg->title, wx, wy, ww, wh, cfg->fullscreen && !put_back, &k->no_wm);
    if (!k->win) {
        *err = no_display();
        return false;
    }
    if (put_back) {
        SDL_SetWindowPosition(k->win, wx, wy);
        if (cfg->fullscreen && SDL_SetWindowFullscreen(k->win, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
            log_warn("kiosk", "display %d: fullscreen: %s", disp, SDL_GetError());
    }
    if (disp > 0) {
        int got = SDL_GetWindowDisplayIndex(k->win);
        if (got != disp)
            log_warn("kiosk", "display %d: SDL %d.%d.%d put the window on display %d", disp, v.major, v.minor,
                     v.patch, got);
        else
            log_info("kiosk", "on display %d of %d", disp, ndisp);
    }
    char why[200] = "";
    k->ren = make_renderer(k->win, why, sizeof why);
    if (!k->ren) {
        *err = xasprintf("cannot draw on the display: %s", SDL_GetError());
        return false;
    }
    k->fullscreen = cfg->fullscreen;
    if (cfg->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    if (k->no_wm)
        log_info("kiosk", "fullscreen: no window manager, so a borderless window the display's size");
    k->gfx = gfx_sdl_create(k->ren, k->fonts);
    setup_size(k);
    wake_fds_open(k);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(k->ren, &info) == 0)
        log_info("kiosk", "%s renderer%s%s%s on %s, %dx%d panel, %dx%d layout, rotation %d, vsync %s", info.name,
                 *why ? " (" : "", why, *why ? ")" : "", SDL_GetCurrentVideoDriver(), k->pw, k->ph, k->lw, k->lh,
                 k->rotation, info.flags & SDL_RENDERER_PRESENTVSYNC ? "on" : "off");
    if (cfg->fullscreen && display_portrait_unrotated(k->pw, k->ph, k->rotation))
        log_warn("kiosk", "a portrait panel (%dx%d) at rotation 0: a panel mounted landscape, such as Touch "
                 "Display 2 (natively 720x1280), needs rotation = 90 or 270 in kiosk.ini", k->pw, k->ph);
    return true;
}

/* SDL said the picture cannot be shown (video mode, page flip). */
static bool sdl_display_failed(void *be)
{
    (void)be;
    return SDL_AtomicGet(&g_display_failed) != 0;
}

static void sdl_close(void *be)
{
    backend_sdl_t *k = be;
    wake_fds_close(k);
    presenter_close(k);
    if (k->target)
        SDL_DestroyTexture(k->target);
    k->target = NULL;
    view_destroy(&k->gfx, &k->ren, &k->win);
}

static gfx_t *sdl_measure(void *be)
{
    return &((backend_sdl_t *)be)->measure;
}

static int sdl_refresh_hz(void *be)
{
    SDL_DisplayMode dm;
    return SDL_GetWindowDisplayMode(((backend_sdl_t *)be)->win, &dm) == 0 ? dm.refresh_rate : 0;
}

static uint64_t sdl_now(void *be)
{
    return now_ms();
}

static bool sdl_has_view(void *be, backend_view_t view)
{
    backend_sdl_t *k = be;
    return view == BACKEND_VIEW_MAIN ? k->win != NULL : k->pwin != NULL;
}

static bool sdl_begin_frame(void *be, backend_view_t view, gfx_t *g)
{
    backend_sdl_t *k = be;
    if (!sdl_has_view(k, view))
        return false;
    if (view == BACKEND_VIEW_MAIN)
        draw_frame_begin(k, g);
    else
        presenter_draw_begin(k, g);
    return true;
}

static void sdl_present(void *be, backend_view_t view)
{
    backend_sdl_t *k = be;
    if (view == BACKEND_VIEW_MAIN)
        draw_frame_present(k);
    else if (k->pren)
        SDL_RenderPresent(k->pren);
}

const backend_ops_t backend_sdl_ops = {
    .open = sdl_open,
    .close = sdl_close,
    .open_presenter = presenter_open,
    .measure = sdl_measure,
    .refresh_hz = sdl_refresh_hz,
    .now = sdl_now,
    .wait_event = sdl_wait_event,
    .wake = sdl_wake,
    .has_view = sdl_has_view,
    .begin_frame = sdl_begin_frame,
    .present = sdl_present,
    .display_failed = sdl_display_failed,
    .toggle_fullscreen = toggle_fullscreen,
};

/* ---- SDL itself ----------------------------------------------------------------- */

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

bool backend_sdl_session_bus_known(const char *address, const char *runtime_dir)
{
    if (address && *address)
        return true;
    if (!runtime_dir || runtime_dir[0] != '/')
        return false;
    char *bus = path_join(runtime_dir, "bus");
    struct stat st;
    bool ok = stat(bus, &st) == 0 && S_ISSOCK(st.st_mode);
    free(bus);
    return ok;
}

backend_sdl_t *backend_sdl_init(char **err)
{
    if (!backend_sdl_session_bus_known(getenv("DBUS_SESSION_BUS_ADDRESS"), getenv("XDG_RUNTIME_DIR")))
        setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_LogGetOutputFunction(&g_log_prev, &g_log_prev_data);
    SDL_LogSetOutputFunction(log_hook, NULL);
    /* SDL drops its video errors unless asked for them (its default for
     * that category is "critical" only): they say why a screen is black. */
    if (SDL_LogGetPriority(SDL_LOG_CATEGORY_VIDEO) > SDL_LOG_PRIORITY_ERROR)
        SDL_LogSetPriority(SDL_LOG_CATEGORY_VIDEO, SDL_LOG_PRIORITY_ERROR);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || SDL_GetNumVideoDisplays() < 1 || !real_display()) {
        *err = no_display();
        SDL_Quit();
        return NULL;
    }
    backend_sdl_t *k = xcalloc(1, sizeof *k);
    k->wake_event = SDL_RegisterEvents(1);
    if (pipe2(k->wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        k->wake_pipe[0] = k->wake_pipe[1] = -1;
    return k;
}

void backend_sdl_set_fonts(backend_sdl_t *b, fonts_t *fs)
{
    b->fonts = fs;
}

void backend_sdl_quit(backend_sdl_t *b)
{
    if (!b)
        return;
    for (int i = 0; i < 2; i++)
        if (b->wake_pipe[i] >= 0)
            close(b->wake_pipe[i]);
    free(b);
    SDL_Quit();
    SDL_LogSetOutputFunction(g_log_prev, g_log_prev_data);
}
