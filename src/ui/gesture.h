/* gesture.h - one recogniser for finger and mouse: raw pointer events in,
 * press / tap / long press / drag / fling / swipe out. Wheel turns pass
 * through as IN_WHEEL; one during a press means the press was not a tap
 * (the content may have moved under the pointer).
 *
 * Only the first pointer that goes down is followed until it lifts (a
 * second finger is ignored), so a mouse and a finger behave the same and
 * nothing is counted twice. Thresholds scale with the screen (slop is
 * given in pixels by the caller). All times come from the events and from
 * gesture_update's now, never from a real clock, so tests use a fake one. */
#ifndef AGM_GESTURE_H
#define AGM_GESTURE_H

#include <stdbool.h>
#include <stdint.h>
#include "input.h"

typedef enum {
    IN_PRESS,        /* pointer down at (x, y) */
    IN_RELEASE,      /* pointer up at (x, y), after whatever it did */
    IN_CANCEL,       /* the press will not become a tap (a drag began, the wheel turned) */
    IN_TAP,          /* down and up within slop, however long it was held */
    IN_LONG_PRESS,   /* held still for GESTURE_LONG_PRESS_MS (a notice: the release still taps) */
    IN_DRAG_BEGIN,   /* moved beyond slop: (x0, y0) is where it went down */
    IN_DRAG,         /* (dx, dy) since the previous drag event; (x, y) now */
    IN_DRAG_END,     /* (vx, vy): release velocity in px/s (0 when held still) */
    IN_FLING,        /* after DRAG_END when the speed exceeds the fling threshold */
    IN_SWIPE,        /* a quick mostly-horizontal or vertical fling: dir */
    IN_KEY,          /* key, mods, repeat */
    IN_TEXT,         /* text */
    IN_WHEEL,        /* wheel at (x, y): wheel hundredths of a notch (input.h) */
    IN_LOST,         /* the pointer went away without a lift (UI_EV_POINTER_CANCEL):
                      * what it pressed is let go; no tap, no release, no fling */
} ui_input_kind_t;

typedef enum { SWIPE_LEFT, SWIPE_RIGHT, SWIPE_UP, SWIPE_DOWN } swipe_dir_t;

typedef struct {
    ui_input_kind_t kind;
    uint64_t t;
    int x, y;            /* pointer position */
    int x0, y0;          /* where the pointer went down */
    int dx, dy;          /* IN_DRAG: movement since the last IN_DRAG */
    float vx, vy;        /* IN_DRAG_END / IN_FLING / IN_SWIPE: px per second */
    swipe_dir_t dir;     /* IN_SWIPE */
    int key, mods;       /* IN_KEY */
    bool repeat;
    const char *text;    /* IN_TEXT: borrowed from the event */
    int wheel;           /* IN_WHEEL: positive goes further down the content */
} ui_input_t;

#define GESTURE_LONG_PRESS_MS 600
#define GESTURE_VELOCITY_WINDOW_MS 100

typedef struct {
    int slop;            /* px of movement before a press becomes a drag */
    float fling_speed;   /* px/s above which a release is a fling */
    int swipe_min;       /* px a swipe must travel */
    /* state */
    bool down, dragging;
    bool long_fired;     /* IN_LONG_PRESS was sent for this press */
    bool no_tap;         /* the press can no longer tap: the wheel turned during it */
    int pointer;
    int x0, y0, lx, ly;
    uint64_t t0;
    struct { int x, y; uint64_t t; } hist[8];
    int nhist;
} gesture_t;

/* Set thresholds from the screen's shorter side in pixels (slop about
 * 2.5 mm on a 7" panel); resets the state. */
void gesture_init(gesture_t *gs, int shorter_side);

/* Feed one event; calls emit for each input it produces, in order. */
typedef void (*gesture_emit_fn)(void *ctx, const ui_input_t *in);
void gesture_event(gesture_t *gs, const ui_event_t *ev, gesture_emit_fn emit, void *ctx);

/* Fire the long press when its time came (call from the update loop). */
void gesture_update(gesture_t *gs, uint64_t now, gesture_emit_fn emit, void *ctx);

/* Milliseconds until gesture_update has something to do, -1 for never. */
int gesture_wait_ms(const gesture_t *gs, uint64_t now);

/* Forget a press in progress (e.g. the screen changed under it). */
void gesture_cancel(gesture_t *gs);

#endif
