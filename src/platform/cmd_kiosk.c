/* cmd_kiosk.c - the kiosk (or slideshow) in a window: the flags, and the
 * loop (src/app/kiosk_loop.c) run on SDL video (backend_sdl.c), with
 * systemd notification and a clean exit on SIGTERM. */
#include "../app/kiosk_loop.h"
#include "../admin/status.h"
#include "../app/signals.h"
#include "../cli/cli.h"
#include "../core/ini.h"
#include "../core/log.h"
#include "../core/util.h"
#include "backend_sdl.h"
#include "replay.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

/* ---- systemd -------------------------------------------------------------------- */

static void notify_systemd(void *ctx, const char *state)
{
    (void)ctx;
    sd_notify(0, state);
}

/* With NOTIFY_SOCKET set: systemd's notification, and the watchdog's ping
 * interval in *wd_ms (0 without a watchdog). */
static bool watchdog_setup(uint64_t *wd_ms)
{
    bool notify = getenv("NOTIFY_SOCKET") != NULL;
    uint64_t usec = 0;
    *wd_ms = 0;
    if (notify && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        /* Ping at least every WATCHDOG_USEC/2: sleep at most a quarter. */
        *wd_ms = usec / 1000 / 4;
        if (*wd_ms < 1)
            *wd_ms = 1;
    }
    return notify;
}

/* ---- the window ----------------------------------------------------------------- */

static void finish_session(void *ctx) { session_finish(ctx); }

static int run_window(config_t *cfg, app_mode_t mode, int ww, int wh, bool fullscreen, int display)
{
    uint64_t t_start = now_ms();
    signals_block();
    char *err = NULL;
    backend_sdl_t *be = backend_sdl_init(&err);
    if (!be) {
        fprintf(stderr, "agmkiosk: %s\n", err);
        free(err);
        signals_release();
        return 1;
    }
    if (!signals_start(backend_sdl_ops.wake, be)) {
        fprintf(stderr, "agmkiosk: cannot start: %s\n", strerror(errno));
        backend_sdl_quit(be);
        signals_release();
        return 1;
    }
    int rc = 1;
    session_t ss;
    char *db = config_db_path(cfg);
    bool opened = session_open_first(&ss, cfg, mode, db, now_ms());
    free(db);
    const char *in_memory = cfg->collect ? admin_volatile_fs(cfg->data_dir) : NULL;
    if (in_memory)
        log_warn("db", "the data folder %s is on %s, in memory: questions and sign-ups are lost at power-off "
                       "(mount the data partition there; the admin screen says so too)", cfg->data_dir, in_memory);
    if (opened) {
        backend_sdl_set_fonts(be, ss.fonts);
        kiosk_loop_t loop = {
            .app = ss.app,
            .ops = &backend_sdl_ops,
            .be = be,
            .window = {.title = mode == APP_MODE_SLIDESHOW   ? "agmkiosk slideshow"
                                : mode == APP_MODE_MODERATE ? "agmkiosk moderation"
                                                            : "agmkiosk",
                       .w = ww, .h = wh, .fullscreen = fullscreen,
                       .rotation = mode == APP_MODE_MODERATE ? 0 : cfg->rotation, .display = display},
            .presenter_display = mode == APP_MODE_SLIDESHOW ? cfg->presenter_display : -1,
            .t_start = t_start,
            .stop_requested = signals_stop_requested,
            .after_first_frame = finish_session,
            .after_ctx = &ss,
        };
        if (watchdog_setup(&loop.watchdog_ms))
            loop.notify = notify_systemd;
        if (mode != APP_MODE_SLIDESHOW && cfg->presenter_display >= 0)
            log_info("kiosk", "presenter view: only with --slideshow");
        rc = kiosk_loop_run(&loop);
    }
    session_close(&ss);
    signals_stop();
    backend_sdl_quit(be);
    return rc;
}

/* The display the launcher (rpi/agmkiosk-launch) chose for `[display]
 * output`: SDL's number of that connector on its card, in AGM_SDL_DISPLAY.
 * 0 (SDL's first display) when it is not set. */
static int launcher_display(void)
{
    const char *v = getenv("AGM_SDL_DISPLAY");
    long n = 0;
    if (!v || !*v)
        return 0;
    if (!ini_parse_int(v, 0, 63, &n)) {
        log_warn("kiosk", "AGM_SDL_DISPLAY=%s: not a display number (0 to 63); opening on the first display", v);
        return 0;
    }
    return (int)n;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk [--windowed WxH] [--slideshow] [--interval SECONDS] [--lang CODE]\n"
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
        } else if (strcmp(a, "--lang") == 0 && v) {
            if (strlen(v) < 2 || strlen(v) > 8) {
                fprintf(stderr, "agmkiosk: --lang %s: use a language code such as en, ja or ko\n", v);
                return 2;
            }
            free(cfg->slide_language);
            cfg->slide_language = xstrdup(v);
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
    return run_window(cfg, mode, ww, wh, fullscreen, launcher_display());
}

int cmd_moderate(config_t *cfg, int argc, char **argv)
{
    bool fullscreen = false;
    int ww = cfg->width, wh = cfg->height, display = 0;
    const char *replay = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: agmkiosk moderate [--windowed WxH | --fullscreen] [--display N] [--replay FILE]\n"
                   "The moderation screen in a window of its own, over this kiosk's database\n"
                   "(another process may run the kiosk or the slideshow on it): the admin PIN\n"
                   "opens it, back or Escape locks it again, closing the window ends it.\n"
                   "--display N opens it on display N where the platform can (a desktop; on\n"
                   "the Pi's console SDL 2.30.10 or later); default a 1280x800 window.\n");
            return 0;
        } else if (strcmp(a, "--windowed") == 0 && v) {
            if (!config_parse_size(v, &ww, &wh) || ww < 16 || wh < 16 || ww > 16384 || wh > 16384) {
                fprintf(stderr, "agmkiosk moderate: --windowed %s: use WxH, e.g. 1280x800\n", v);
                return 2;
            }
            fullscreen = false;
            i++;
        } else if (strcmp(a, "--fullscreen") == 0) {
            fullscreen = true;
        } else if (strcmp(a, "--display") == 0 && v) {
            long n;
            if (!ini_parse_int(v, 0, 63, &n)) {
                fprintf(stderr, "agmkiosk moderate: --display %s: use a display number, 0 to 63\n", v);
                return 2;
            }
            display = (int)n;
            i++;
        } else if (strcmp(a, "--replay") == 0 && v) {
            replay = v;
            i++;
        } else {
            fprintf(stderr, "agmkiosk moderate: unknown or incomplete option '%s' (see agmkiosk moderate --help)\n", a);
            return 2;
        }
    }
    if (replay)
        return replay_run_file(cfg, replay, APP_MODE_MODERATE, NULL);
    return run_window(cfg, APP_MODE_MODERATE, ww, wh, fullscreen, display);
}
