/* app.h - the whole kiosk and slideshow as a state machine with no SDL.
 *
 * The platform layer (or a test, or the replay interpreter) owns the clock
 * and the loop:
 *
 *     app_t *a = app_create(&init);
 *     app_resize(a, w, h);
 *     for (;;) {
 *         wait for an event, at most app_wait_ms(a, now) ms (-1 = forever)
 *         app_event(a, &ev);                 for each event
 *         if (app_update(a, now)) { app_draw(a, &gfx); present; }
 *         if (app_quit_requested(a)) break;
 *     }
 *
 * A static screen therefore costs no CPU: app_wait_ms returns -1 or the
 * time to the next timer (idle timeout, attract cycle, auto-advance), and
 * 0 only while something animates. */
#ifndef AGM_APP_H
#define AGM_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config.h"
#include "../content/content.h"
#include "../store/store.h"
#include "gfx.h"
#include "input.h"

/* APP_MODE_MODERATE: `agmkiosk moderate`, the moderation screen in a window
 * of its own: it starts on the PIN pad, the PIN opens the moderation
 * screen, back (or Escape) locks it again; no idle timeout; closing the
 * window ends it. */
typedef enum { APP_MODE_KIOSK, APP_MODE_SLIDESHOW, APP_MODE_MODERATE } app_mode_t;

typedef struct {
    const config_t *cfg;
    content_t *content;       /* borrowed; the app may swap it on reload via content_load */
    store_t *store;           /* borrowed; NULL when collection is unavailable */
    const char *store_notice; /* a start-up message for organizers (admin screen), or NULL */
    app_mode_t mode;
    uint64_t now_ms;          /* clock at creation */
    int64_t wall_ms;          /* the wall clock (ms since the epoch, UTC) at now_ms;
                                 0 unknown: the usage counts' hours then follow
                                 the system's, the presenter's end time is off */
} app_init_t;

typedef struct app app_t;

app_t *app_create(const app_init_t *init);
void app_destroy(app_t *a); /* accepts NULL */

/* The logical screen size (after rotation). Layout is recomputed from it. */
void app_resize(app_t *a, int w, int h);
void app_event(app_t *a, const ui_event_t *ev);
/* Advance timers and animations to now. Returns true when the screen must
 * be redrawn. */
bool app_update(app_t *a, uint64_t now_ms);
/* How long the loop may sleep: -1 forever, 0 animate at the display rate. */
int app_wait_ms(const app_t *a, uint64_t now_ms);
void app_draw(app_t *a, gfx_t *g);
/* True while a screen (the current one, or one left while it ran) awaits
 * work running in another thread
 * (screen_def_t.pending). The kiosk's loop needs nothing of it (the screen
 * polls through app_wait_ms); a virtual clock (replays, tests) waits in
 * real time until it is false before moving on, as that work takes no
 * virtual time. */
bool app_pending(const app_t *a);
bool app_quit_requested(const app_t *a);

/* The backend to measure text with outside app_draw (layout after an event,
 * app_controls). It must stay valid until it is replaced or the app is
 * destroyed; NULL returns to the built-in fake font. app_draw always lays
 * out with the gfx it is given, so this only makes layouts between events
 * and draws exact. */
void app_set_measure(app_t *a, gfx_t *g);
/* The wall clock reads wall_ms (ms since the epoch) at app time now (a
 * replay's virtual clock sets it; the kiosk reads it at start). */
void app_set_wall_clock(app_t *a, uint64_t now, int64_t wall_ms);

/* While nothing moves (the loop is about to wait): let the current screen
 * draw out of sight what it is likely to show next (screen_def_t.rehearse),
 * with g, which must be the backend frames are drawn with (its measuring
 * gfx), so the first frame that shows it finds its text ready. Returns true
 * when it drew something; false when there is nothing to do (or g cannot
 * rehearse). Costs a frame's worth of rasterizing at most once per change. */
bool app_rehearse(app_t *a, gfx_t *g);

/* The content given at creation was loaded the rest of the way
 * (content_finish() after content_load_first() for the attract screen):
 * every screen but the current one is made anew on it, and the current one
 * is laid out again. */
void app_content_finished(app_t *a);
/* The database, opened after the app was created (the kiosk opens it
 * after its first frame): store may be NULL (unavailable), notice as
 * app_init_t's. Both borrowed. */
void app_set_store(app_t *a, store_t *store, const char *notice);

/* Larger text and the high-contrast theme, as the home screen's buttons
 * set them (for render and tests). */
void app_set_look(app_t *a, bool large_text, bool high_contrast);

/* Screens by name, for `render --screen NAME`, replays and tests. */
size_t app_screen_count(void);
const char *app_screen_name(size_t i);
bool app_show_screen(app_t *a, const char *name);
const char *app_current_screen(const app_t *a);
/* The state a registered screen created (what its create() returned), for
 * the few callers outside the app that need one screen's own API, such as
 * slideshow_render_count(). NULL when there is no such screen. */
void *app_screen_state(app_t *a, const char *name);

/* The touch targets now on screen, for layout tests: fills up to max and
 * returns how many there are. */
typedef struct {
    rect_t r;
    const char *id;     /* stable name, e.g. "home.report", "nav.back" */
} app_control_t;
size_t app_controls(app_t *a, app_control_t *out, size_t max);

#endif
