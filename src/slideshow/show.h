/* show.h - the presenter's state machine: which slide is on screen, what
 * the clicker, keyboard and touch do, auto-advance, blackout, transitions
 * and reload. No SDL and no clock of its own: every call carries the time
 * (events carry ui_event_t.time_ms), so tests drive it with a fake clock.
 *
 * Keys (input.h codes):
 *   Right Down PageDown Space Enter   next slide
 *   Left Up PageUp Backspace          previous slide
 *   Home / End                        first / last
 *   digits then Enter                 go to slide N (1-based); Escape clears
 *   B or .   black screen, W white screen; any key or tap returns
 *   P        pause / resume auto-advance
 *   R        reload the content folder
 *   L        the next language of the content (the slides' words and texts)
 *   F, F11   ask the platform to toggle fullscreen (show_take_fullscreen_request)
 * Touch and mouse: a tap on the right third = next, left third = previous;
 * a swipe left = next, right = previous.
 *
 * The deck is laid out lazily: show_resize() marks it stale and the next
 * show_layout() (slide_draw calls it) rebuilds it with the gfx it is given,
 * keeping the position on the same part of the same slides.ini entry.
 *
 * Ownership: the content passed at creation is borrowed and must outlive
 * the show unless a reload replaces it; content loaded by show_reload() is
 * owned by the show and freed with it. */
#ifndef AGM_SHOW_H
#define AGM_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config.h"
#include "../content/content.h"
#include "../core/diag.h"
#include "../ui/gfx.h"
#include "../ui/input.h"
#include "deck.h"
#include "meeting_slide.h"
#include "qa_slide.h"

/* How long reload errors stay on screen. */
#define SHOW_ERROR_MS 8000
/* Pending "go to" digits are forgotten after this long without Enter. */
#define SHOW_DIGITS_MS 4000

typedef enum { SHOW_BLANK_NONE, SHOW_BLANK_BLACK, SHOW_BLANK_WHITE } show_blank_t;

typedef struct {
    bool active;
    size_t from, to;     /* slide indexes */
    int dir;             /* +1 forward, -1 backward */
    transition_t kind;   /* TRANSITION_FADE or TRANSITION_SLIDE */
    float t;             /* eased progress 0..1 */
} show_transition_t;

typedef struct show show_t;

/* A show of content, settings from cfg (interval, loop, transition, floor),
 * started at now. cfg and content are borrowed. Never NULL. */
show_t *show_create(const config_t *cfg, content_t *content, uint64_t now);
void show_destroy(show_t *s); /* accepts NULL */

/* Auto-advance interval in seconds (0 = manual); overrides cfg (--interval). */
void show_set_interval(show_t *s, int seconds);

/* The slide (audience screen) size. */
void show_resize(show_t *s, int w, int h);
/* Build the deck if the size or the content changed, measuring with g. */
void show_layout(show_t *s, gfx_t *g);
/* Lay the deck out again at the next show_layout (the measuring backend
 * changed); the position stays on the same part of the same entry. */
void show_invalidate(show_t *s);

/* Handle one input event; returns true when it was used (so the caller
 * does not treat it as its own, e.g. Escape to leave). */
bool show_event(show_t *s, const ui_event_t *ev);
/* Advance timers to now: auto-advance, transition, digit and error
 * timeouts. Returns true when the screen must be redrawn. */
bool show_update(show_t *s, uint64_t now);
/* How long the caller may sleep: -1 forever, 0 while animating. */
int show_wait_ms(const show_t *s, uint64_t now);

/* Navigation (what the keys do), at time now. Out-of-range requests are
 * clamped; next on the last slide wraps only when looping. */
void show_next(show_t *s, uint64_t now);
void show_prev(show_t *s, uint64_t now);
void show_first(show_t *s, uint64_t now);
void show_last(show_t *s, uint64_t now);
void show_goto(show_t *s, size_t index, uint64_t now);
/* Put slide index on screen at once: no transition, timers untouched
 * (`render` writing every slide). */
void show_jump(show_t *s, size_t index);
void show_set_blank(show_t *s, show_blank_t b, uint64_t now);
void show_toggle_pause(show_t *s, uint64_t now);
/* Touch already recognised by the caller (the app's gesture recogniser):
 * a tap at x on a slide w wide, or a horizontal swipe (dx < 0 = left). */
void show_tap(show_t *s, int x, uint64_t now);
void show_swipe(show_t *s, int dx, uint64_t now);

/* The slides' language: [slideshow] language, else [kiosk] language, else
 * en. show_set_lang changes it (false when the content has no strings in
 * lang); the deck is laid out again in it, on the same part of the same
 * slides.ini entry. The texts come from content_in(content, lang). */
const char *show_lang(const show_t *s);
bool show_set_lang(show_t *s, const char *lang);

/* Load the content folder again. On success the new deck replaces the old
 * one (built at the next show_layout, position kept, clamped) and true is
 * returned. On errors the old deck stays, the problems are kept for
 * show_errors() for SHOW_ERROR_MS, and false is returned. */
bool show_reload(show_t *s, uint64_t now);

/* The Q&A slide's state (owned by the caller, who keeps it up to date from
 * the store; NULL: the slide invites questions). */
void show_set_qa(show_t *s, qa_view_t *qa);
qa_view_t *show_qa(const show_t *s);
/* The same for the attendance and resolution slides. */
void show_set_meeting(show_t *s, meeting_view_t *m);
meeting_view_t *show_meeting(const show_t *s);

/* ---- state, for the renderer and tests ------------------------------------ */
const deck_t *show_deck(const show_t *s);       /* NULL before the first show_layout */
unsigned show_generation(const show_t *s);      /* changes whenever the deck is rebuilt */
const content_t *show_content(const show_t *s); /* the content now shown */
size_t show_index(const show_t *s);
size_t show_count(const show_t *s);
show_blank_t show_blank(const show_t *s);
bool show_paused(const show_t *s);
int show_interval(const show_t *s);             /* seconds, 0 = manual */
bool show_progress_enabled(const show_t *s);    /* cfg->slide_progress */
bool show_at_end(const show_t *s);              /* on the last slide, not looping */
const char *show_digits(const show_t *s);       /* pending "go to" digits, "" when none */
show_transition_t show_transition(const show_t *s);
/* Reload problems to show, or NULL when there are none (or they expired). */
const diag_list_t *show_errors(const show_t *s);
/* True once after F was pressed: the platform toggles fullscreen. */
bool show_take_fullscreen_request(show_t *s);
uint64_t show_elapsed_ms(const show_t *s, uint64_t now);

/* ---- the presenter's clock ------------------------------------------------
 * Time left against a target: slides.ini [timing] end_time, else its
 * duration, else [slideshow] end_time, else duration in kiosk.ini. An
 * end time is a time of day in [admin] time_zone and needs the wall clock
 * (show_set_wall_clock); a duration counts from the start of the show.
 * Amber at clock_amber left, red at clock_red and after the end.
 * The speaking time (speaking_time) counts down from when a question came
 * onto the Q&A slide (show_speaking_start): amber at a quarter left, red
 * when it is used up. No clock of its own: now is the caller's. */
typedef enum { SHOW_CLOCK_NORMAL = 0, SHOW_CLOCK_AMBER, SHOW_CLOCK_RED } show_clock_level_t;
typedef struct {
    bool target;                 /* a duration or end time is set (and usable) */
    int64_t left_ms;             /* time left; negative: over by that much */
    show_clock_level_t level;
    int end_min;                 /* the end time of day, -1 for a duration */
    bool speaking;               /* the Q&A slide's countdown runs */
    int64_t speak_left_ms;
    show_clock_level_t speak_level;
} show_clock_t;
show_clock_t show_clock(const show_t *s, uint64_t now);
/* The wall clock (ms since the epoch) at time now: end times need it. */
void show_set_wall_clock(show_t *s, uint64_t now, int64_t wall_ms);
/* A question came onto the Q&A slide at now (the countdown starts again);
 * stop: no question is up. */
void show_speaking_start(show_t *s, uint64_t now);
void show_speaking_stop(show_t *s);
/* "12:05", "1:02:03"; over time with a leading "+" ("+0:42"). */
void show_clock_format(int64_t left_ms, char *out, size_t n);
/* The latest time seen in an event or update. */
uint64_t show_now(const show_t *s);
/* Time until the next auto-advance in ms, or -1 when none is due. */
int64_t show_advance_in_ms(const show_t *s, uint64_t now);

#endif
