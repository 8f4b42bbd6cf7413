/* screen.h - the screen interface, the shared UI context, and the registry.
 *
 * A screen is a table of functions (screen_def_t) plus a state it creates
 * per app. Screens live in their own files (src/ui/scr_*.c or elsewhere) and
 * are registered with one line in src/ui/screens.def:
 *
 *     SCREEN(ask)          refers to   const screen_def_t screen_ask = {...};
 *
 * The app owns navigation (a history of screen names for Back), the idle
 * timeout, the UI language, the standard top bar (Back, Home, title) and
 * gestures; a screen lays itself out from ui->m (metrics derived from the
 * pixel size), draws, lists its touch targets and reacts to input.
 *
 * Order of calls on a screen: create once per app; layout whenever the size
 * or the language changed (and before the first draw); enter / leave when it
 * becomes or stops being the current screen; reset when the kiosk returns
 * to the attract loop after the idle timeout (every screen, current or not:
 * forget everything an attendee typed or chose); destroy at the end.
 * Every function pointer except draw may be NULL. */
#ifndef AGM_SCREEN_H
#define AGM_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "gesture.h"

/* Layout metrics, recomputed from the pixel size on every resize. All
 * lengths are pixels. */
typedef struct {
    int w, h;
    bool portrait;       /* h > w */
    int u;               /* spacing unit: the shorter side / 100, rounded */
    int margin;          /* outer margin of a screen */
    int gap;             /* between touch targets: at least 2 mm on a 7" panel */
    int target;          /* minimum touch target side: shorter side / 10 (48 at 800x480) */
    int button_h;        /* height of ordinary buttons (> target) */
    int radius;          /* corner radius of buttons and cards */
    int bar_h;           /* the top bar */
    int line;            /* hairline thickness */
    /* Type scale, ratio 1.25 from body; body is never below 20 px. */
    int px_small, px_body, px_h3, px_h2, px_h1, px_display;
    int body_line;       /* line distance for reading text (1.45 x body) */
    int measure;         /* the widest comfortable text column */
} ui_metrics_t;

typedef struct ui {
    const config_t *cfg;
    content_t *content;
    store_t *store;           /* NULL when collection is unavailable */
    const char *store_notice;
    app_mode_t mode;
    const theme_t *theme;     /* = &content->theme */
    char lang[16];            /* the UI language now */
    ui_metrics_t m;
    rect_t body;              /* the screen minus the top bar (all of it when there is no bar) */
    uint64_t now;             /* the app clock at the last event or update */
    int64_t wall_ms;          /* the wall clock (ms since the epoch) at wall_mono; 0 unknown */
    uint64_t wall_mono;
    /* What layout measures text with: the backend being drawn with during
     * layout and draw, otherwise the one given to app_set_measure (or the
     * fake font of gfx_record). Never keep this pointer. */
    gfx_t *gfx;
    const char *pressed;      /* the control id under a finger that is down, or NULL */
    /* What an attendee chose on the home screen (back to false at the idle
     * reset): larger text, and the high-contrast theme (theme then points
     * to it). */
    bool large_text, high_contrast;
    struct app *app;
} ui_t;

typedef struct screen_def {
    const char *name;           /* stable: "home", "report", "ask" ... */
    /* The top bar: bar_title returns its title (NULL = no bar at all);
     * show_back / show_home say which buttons it has. */
    const char *(*bar_title)(ui_t *ui, void *st);
    bool show_back, show_home;
    bool no_idle;               /* the idle timeout does not apply (slideshow, admin) */
    /* Window-close requests quit the kiosk on this screen (the admin
     * screen); elsewhere in kiosk mode they are ignored. The corner gesture
     * does not open the PIN pad from such a screen. */
    bool allows_quit;

    void *(*create)(ui_t *ui);
    void (*destroy)(void *st);
    void (*layout)(ui_t *ui, void *st);
    void (*enter)(ui_t *ui, void *st);
    void (*leave)(ui_t *ui, void *st);
    void (*reset)(ui_t *ui, void *st);
    /* A control of this screen was tapped (the id it listed). Return true
     * when handled; "nav.back" may be handled here (e.g. close a detail)
     * before the app goes back in its history. */
    bool (*activate)(ui_t *ui, void *st, const char *id);
    /* Every other input (presses, drags, flings, wheel turns, keys, text).
     * Return true when the screen must be redrawn. A screen that does not
     * scroll ignores IN_WHEEL. */
    bool (*event)(ui_t *ui, void *st, const ui_input_t *in);
    /* True when the screen takes a press or tap at (x, y) through event
     * alone (e.g. an on-screen keyboard with its own keys): the app then
     * does not hit-test its controls there, and nothing shows as pressed
     * through ui->pressed. */
    bool (*claims)(ui_t *ui, void *st, int x, int y);
    /* Advance animations to ui->now. Return true while animating (the app
     * then redraws and asks to be called again at the display rate). */
    bool (*update)(ui_t *ui, void *st);
    /* Milliseconds until this screen's next timer (e.g. an attract cycle),
     * -1 for none. Not needed for animations reported by update. */
    int (*wait_ms)(ui_t *ui, void *st);
    /* True while the screen awaits the answer of work in another thread
     * (the PIN check): what it shows next depends on that work, not on
     * the app clock. It polls through wait_ms meanwhile; replays and tests
     * wait for it in real time so that they stay deterministic. */
    bool (*pending)(ui_t *ui, void *st);
    void (*draw)(ui_t *ui, void *st, gfx_t *g);
    /* Optional: while nothing moves, draw what is likely to be shown next
     * (a slideshow: the slides beside the current one) with g rehearsing
     * (gfx_set_rehearsal), so its first frame finds its text ready. Return
     * true when it drew something, false when all is ready. */
    bool (*rehearse)(ui_t *ui, void *st, gfx_t *g);
    size_t (*controls)(ui_t *ui, void *st, app_control_t *out, size_t max);
} screen_def_t;

/* ---- the registry (screens.def) --------------------------------------- */
size_t screen_count(void);
const screen_def_t *screen_get(size_t i);
const screen_def_t *screen_find(const char *name);

/* ---- what screens may ask of the app ------------------------------------ */

/* Show screen name (pushes the current one on the Back history). Returns
 * false when no such screen is registered. */
bool ui_go(ui_t *ui, const char *name);
/* Back in the history (home when it is empty). */
void ui_back(ui_t *ui);
/* Home, clearing the history. */
void ui_home(ui_t *ui);
/* Change the UI language (re-lays out every screen). */
void ui_set_lang(ui_t *ui, const char *lang);
/* Larger text and high contrast on or off (every screen lays out again). */
void ui_set_look(ui_t *ui, bool large_text, bool high_contrast);
/* The state of another screen (e.g. home asks whether "ask" exists). */
bool ui_has_screen(const ui_t *ui, const char *name);
/* The current screen's layout is out of date (its state changed in a way
 * that moves things): layout() runs again before the next draw, hit test or
 * controls list. */
void ui_relayout(ui_t *ui);
/* The state another screen created (NULL when there is no such screen):
 * lets e.g. the report list open a section in the reader. */
void *ui_screen_state(ui_t *ui, const char *name);
/* Ask for a redraw on the next update (e.g. after a timer inside a screen). */
void ui_invalidate(ui_t *ui);
/* The report section now read (its index in the report; (size_t)-1: none),
 * for the usage counts (usage.h). */
void ui_usage_section(ui_t *ui, size_t section);
/* The usage counts still in memory and the clock they use (UTC ms), for
 * the admin screen; NULL when nothing is counted (slideshow, no database). */
const struct usage *ui_usage(const ui_t *ui, int64_t *t_ms);
/* The collected data was deleted: forget the counts held in memory too. */
void ui_usage_forget(ui_t *ui);
/* End the program: app_quit_requested() becomes true (the admin screen's
 * Leave button; nothing an attendee can reach calls it). */
void ui_quit(ui_t *ui);
/* Switch between kiosk and slideshow mode (ui->mode): every screen lays out
 * again and the Back history is cleared; the caller then shows the screen
 * it wants. */
void ui_set_mode(ui_t *ui, app_mode_t mode);

/* The content folder in use changed on disk (a folder loaded from a USB
 * stick, or an undo): at the end of this update the app loads
 * config_content_path() again and, when it loads without errors, puts it
 * in place of the content it shows, then makes every screen but the
 * current one anew (nothing of an attendee's visit survives: the kiosk
 * starts again from its attract loop when the organizers leave). With
 * errors the content shown stays. Call from the UI thread. */
void ui_reload_content(ui_t *ui);
/* How many times the content was replaced so (0 at start). */
unsigned ui_content_generation(const ui_t *ui);

/* UI text for key in the current language (never NULL), borrowed from the
 * content (valid while it is loaded). */
const char *ui_str(const ui_t *ui, const char *key);

/* Formatted UI text (ui_text.c). All three return a string that stays valid
 * until the next frame is drawn (app_draw calls ui_text_frame_reset()):
 * copy what must last longer. They fill templates with the one engine,
 * content_subst_vars(). The UI thread only. */

/* ui_str with each "%s" replaced in turn by the arguments (NULL ends the
 * list; "%%" is a percent sign). */
const char *ui_fmt(const ui_t *ui, const char *key, ...);

/* A count in words, in the form for n (content_text_count: KEY_one for
 * exactly 1, KEY_other otherwise) with its "%s" replaced by n:
 * ui_count(ui, "admin.n_questions", 1) = "1 question". Two counts can be
 * the arguments of one ui_fmt(). */
const char *ui_count(const ui_t *ui, const char *key, long long n);

/* Dates in the UI language from strings [date] (content_format_date()):
 * full ("September 7, 2011"), short ("Sept. 7"), month_year
 * ("September 2011"). */
const char *ui_date(const ui_t *ui, const char *fmt_key, int year, int month, int day);

/* Free the formatted strings of the frame before (app_draw does it). */
void ui_text_frame_reset(void);
/* Free them and the list itself (app_destroy). */
void ui_text_free(void);

/* Add a control to a list being filled by a screen's controls(): returns the
 * new count (drops it when the list is full). */
size_t ui_control_add(app_control_t *out, size_t n, size_t max, rect_t r, const char *id);

#endif
