/* backend.h - what the kiosk's loop (kiosk_loop.h) needs from a display
 * system, as one table of operations, like raylib's rcore_<platform>.c:
 * a window (or a whole screen, or a picture in memory), its input as
 * ui_event_t, a clock, and frames drawn through gfx_t.
 *
 * Implementations: src/platform/backend_sdl.c (the kiosk's window: SDL
 * video, rotation, the presenter's second window), src/platform/headless.c
 * (a picture in memory on a virtual clock), and the fake of
 * tests/unit/test_loop.c. No SDL here: a port to another display system
 * writes one backend_ops_t, a gfx_t (src/ui/gfx.h) and its fonts.
 *
 * Every operation takes the backend's own state (be). The loop calls open
 * once, then the others, then close (also after a failed open). */
#ifndef AGM_APP_BACKEND_H
#define AGM_APP_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "../ui/gfx.h"
#include "../ui/input.h"

typedef struct {
    const char *title;   /* the window's title */
    int w, h;            /* the window's size when not fullscreen */
    bool fullscreen;     /* the whole display, no pointer shown */
    int rotation;        /* 0, 90, 180, 270: how the panel is turned (the
                          * backend turns the picture and maps the input) */
    int display;         /* the display to open on; 0 (or -1) the first: a
                          * backend that cannot place a window on another
                          * display says so and uses the first */
} backend_cfg_t;

typedef enum {
    BACKEND_VIEW_MAIN,      /* what attendees see */
    BACKEND_VIEW_PRESENTER, /* the presenter's view on a second display */
} backend_view_t;

typedef enum {
    BACKEND_EV_INPUT,     /* ui holds input for app_event (logical pixels) */
    BACKEND_EV_REDRAW,    /* the picture was uncovered or lost: draw it again */
    BACKEND_EV_RESIZE,    /* the logical size changed (measure() has it):
                           * lay out again and draw */
    BACKEND_EV_PRESENTER, /* the presenter's view wants drawing again */
} backend_ev_type_t;

typedef struct {
    backend_ev_type_t type;
    ui_event_t ui;        /* BACKEND_EV_INPUT */
} backend_event_t;

typedef struct backend_ops {
    /* Open the main view as cfg says. Returns false with *err set (the
     * caller frees it; it reads after "agmkiosk: ") when it cannot. */
    bool (*open)(void *be, const backend_cfg_t *cfg, char **err);
    /* Close every view. Accepts a backend whose open failed. */
    void (*close)(void *be);
    /* Open the presenter's view on display n when n is another display;
     * otherwise log why not (the show goes on without it). */
    void (*open_presenter)(void *be, int n);
    /* A gfx_t to measure text with between frames (app_set_measure), of
     * the main view's logical size (after rotation): w and h. Valid until
     * the next BACKEND_EV_RESIZE or close. */
    gfx_t *(*measure)(void *be);
    /* The main display's refresh rate in Hz; 0 when unknown. */
    int (*refresh_hz)(void *be);
    /* The clock in ms, the one input events are stamped with. */
    uint64_t (*now)(void *be);
    /* Wait at most timeout_ms (-1 without limit, 0 not at all) for an event
     * into *out. Returns false on timeout, after wake(), or when what came
     * was only for the backend itself (the presenter's window closed, ...). */
    bool (*wait_event)(void *be, int timeout_ms, backend_event_t *out);
    /* From any thread (a signal's): end a wait_event now or the next one. */
    void (*wake)(void *be);
    /* Whether view is open now (the presenter's may close by itself). */
    bool (*has_view)(void *be, backend_view_t view);
    /* Begin a frame of view into *g. False when there is no such view now
     * (no presenter's view, or it was closed). */
    bool (*begin_frame)(void *be, backend_view_t view, gfx_t *g);
    /* Show the frame begun on view. */
    void (*present)(void *be, backend_view_t view);
    /* True once the display said the picture cannot be shown (a video mode
     * or a page flip failed: a black screen); NULL for a backend that
     * cannot fail so. The loop then ends with a failure. */
    bool (*display_failed)(void *be);
    /* Between a window and the whole display (F11, the slideshow's key). */
    void (*toggle_fullscreen)(void *be);
} backend_ops_t;

#endif
