/* kiosk_loop.h - the kiosk's (or the slideshow's) event loop, on any
 * display backend (backend.h).
 *
 * The loop sleeps until an event or the app's next timer (app_wait_ms), so
 * a static screen costs no CPU; it draws only when app_update says the
 * screen changed, at most once per refresh of the display (with vsync,
 * animations run at the display's rate; without it, the loop paces them
 * itself). It pings a service manager's watchdog often enough while it
 * sleeps, redraws the presenter's view (its clock shows seconds), and ends
 * when the app asks to quit or stop_requested() says so (a signal). */
#ifndef AGM_APP_KIOSK_LOOP_H
#define AGM_APP_KIOSK_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "../ui/app.h"
#include "backend.h"

#define KIOSK_PRESENTER_TICK_MS 1000

typedef struct {
    app_t *app;                 /* borrowed; created, not yet sized */
    const backend_ops_t *ops;
    void *be;                   /* the backend's state, passed to ops */
    backend_cfg_t window;       /* how to open the main view */
    int presenter_display;      /* open the presenter's view there; -1 not */
    uint64_t t_start;           /* the program's start on ops->now's clock
                                 * (for "first frame after"); 0: the loop's */
    /* A service manager (systemd): notify(notify_ctx, "READY=1") after the
     * first frame, "WATCHDOG=1" at least every watchdog_ms (0: no
     * watchdog), "STOPPING=1" at the end. NULL: none. */
    void (*notify)(void *notify_ctx, const char *state);
    void *notify_ctx;
    uint64_t watchdog_ms;
    /* True once the loop must end (SIGTERM); NULL: never. A backend's
     * wake() must follow the change so that a wait ends. */
    bool (*stop_requested)(void);
    /* Called once, right after the first frame is shown (start-up work
     * the first screen does not need); NULL: nothing. */
    void (*after_first_frame)(void *after_ctx);
    void *after_ctx;
} kiosk_loop_t;

/* Open the backend, run until the app quits or a stop is requested, close
 * the backend. Returns 0, or 1 when the backend could not be opened (why
 * is printed on stderr) or said the picture cannot be shown. Logs the first frame's time and the frames drawn. */
int kiosk_loop_run(const kiosk_loop_t *l);

#endif
