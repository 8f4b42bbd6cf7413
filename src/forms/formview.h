/* formview.h - the touch form shared by "Ask a question" and "Sign up".
 *
 * A screen describes its form as a list of items (formview_item_t: a note,
 * a text field with its label, a group of choices, a consent check box, the
 * submit button) and rebuilds that list from its model whenever something
 * changed (fv_build callback). The view lays the items out in one column
 * from the UI metrics, scrolls it, draws it, lists its touch targets, moves
 * the focus between fields, and drives the on-screen keyboard. It also
 * works the items' state itself: a tap on an option flips its `on` flag
 * (one at most for a .single group), a tap on the consent box flips
 * `*checked`; it then calls the screen's fv_changed callback, which is
 * also what a tap on an enabled submit button calls. The screen only
 * declares items and reacts to that one callback:
 *
 *   - tapping a field focuses it and slides the keyboard up (250 ms, eased);
 *     the viewport then ends at the keyboard's top and the form scrolls so
 *     the focused field (label and box) stays fully visible above it; a
 *     multi-line box shrinks to fit that space and scrolls its own text so
 *     the cursor line shows;
 *   - Enter on a single-line field moves to the next field; the keyboard's
 *     hide key, a tap outside the fields, or Escape put it away;
 *   - a physical keyboard types into the focused field (UI_EV_TEXT) and
 *     edits with Backspace, Delete, arrows, Home, End, Enter, Tab.
 *
 * The view owns its keyboard and layout; the items' text and state are the
 * screen's (borrowed for the duration of one build). */
#ifndef AGM_FORMVIEW_H
#define AGM_FORMVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "../ui/screen.h"
#include "../ui/widgets.h"
#include "keyboard.h"
#include "textfield.h"

#define FV_MAX_ITEMS 16
#define FV_MAX_OPTS 48
#define FV_KB_ANIM_MS 250
#define FV_THANKS_MS 6000

typedef enum {
    FV_NOTE,      /* a paragraph: intro, or a notice (notice = true) */
    FV_FIELD,     /* label, text box, inline error */
    FV_CHOICES,   /* label and check boxes (multi) or options (single) */
    FV_CONSENT,   /* a heading, the consent text, one large check box */
    FV_SUBMIT,    /* status message, the primary button, a hint when disabled */
} fv_kind_t;

typedef struct {
    fv_kind_t kind;
    const char *id;           /* control id ("ask.text", "signup.submit") */
    const char *label;        /* field label, choices label, note text, button label */
    const char *aside;        /* right of the label: counter or "Optional"; may be NULL */
    bool aside_alert;         /* the aside is a warning (limit reached) */
    bool notice;              /* FV_NOTE: a framed notice rather than plain intro text */
    /* FV_FIELD */
    textfield_t *field;
    int lines;                /* visible lines (1 = single line) */
    const char *placeholder;  /* shown muted when the field is empty; may be NULL */
    const char *error;        /* inline message under the box, or NULL */
    /* FV_CHOICES */
    const char **opts;        /* option labels */
    bool *on;                 /* per option */
    int nopts;
    bool single;              /* pick one (topics) rather than any (interests) */
    /* FV_CONSENT */
    const char *text;         /* the consent text */
    const char *check_label;  /* beside the check box ("I agree") */
    bool *checked;
    /* FV_SUBMIT */
    bool enabled;
    const char *status;       /* a message above the button (save failed), or NULL */
    const char *hint;         /* why it is disabled, or NULL */
} formview_item_t;

typedef struct formview formview_t;
/* Fill fv->items / fv->nitems from the screen's model (called before every
 * layout; strings must stay valid until the next build). */
typedef void (*fv_build_fn)(ui_t *ui, void *owner, formview_t *fv);
/* A field lost the focus (e.g. to check an email). */
typedef void (*fv_blur_fn)(ui_t *ui, void *owner, textfield_t *f);
/* The view changed an item's state (an option of it->on, or *it->checked),
 * or the attendee tapped the enabled submit button (it->kind == FV_SUBMIT).
 * The view rebuilds the form afterwards. */
typedef void (*fv_changed_fn)(ui_t *ui, void *owner, const formview_item_t *it);

struct formview {
    fv_build_fn build;
    fv_blur_fn blur;
    fv_changed_fn changed;
    void *owner;

    formview_item_t items[FV_MAX_ITEMS];
    int nitems;
    /* layout, in content coordinates (y = 0 at the top of the content) */
    rect_t item_r[FV_MAX_ITEMS];    /* whole item */
    rect_t box_r[FV_MAX_ITEMS];     /* text box, button, consent check row */
    int field_lines[FV_MAX_ITEMS];  /* visible lines of each field box now */
    int text_first[FV_MAX_ITEMS];   /* first visible line inside a multi-line box */
    int text_shift[FV_MAX_ITEMS];   /* px a long single line is scrolled left */
    int press_x, press_y;           /* where the last press went down */
    rect_t opt_r[FV_MAX_OPTS];
    char opt_id[FV_MAX_OPTS][48];
    int opt_item[FV_MAX_OPTS];      /* which item an option belongs to */
    int opt_index[FV_MAX_OPTS];
    int nopt;
    int col_x, col_w;
    scroll_t scroll;
    bool dirty;                     /* rebuild and relayout before the next use */
    int laid_w, laid_h;

    /* focus and keyboard */
    int focus;                      /* item index of the focused field, -1 none */
    bool kb_shown;                  /* where the keyboard is going */
    uint64_t kb_t0;                 /* start of its slide */
    keyboard_t kb;

    /* thank-you overlay */
    bool thanks;
    uint64_t thanks_t0;
    const char *thanks_title, *thanks_text;
};

/* blur may be NULL. */
void formview_init(formview_t *fv, fv_build_fn build, fv_blur_fn blur, fv_changed_fn changed, void *owner);

/* The model changed: rebuild and lay out again before the next use. */
void formview_invalidate(formview_t *fv);
/* Rebuild and lay out now if needed (measuring through ui->gfx). */
void formview_layout(formview_t *fv, ui_t *ui);

/* Focus item i (a field; -1 = none) and show or hide the keyboard. */
void formview_focus(formview_t *fv, ui_t *ui, int i, bool show_keyboard);
/* Forget focus, keyboard, scroll and overlay (leave and idle reset). */
void formview_reset(formview_t *fv);

/* Show the thank-you card (until a tap or FV_THANKS_MS). */
void formview_thanks(formview_t *fv, ui_t *ui, const char *title, const char *text);

/* Screen hooks. activate returns true when the view handled id (field
 * focus, options, consent, submit, keys, the overlay). claims is true for
 * a point the view takes through event alone: the keyboard while it is up,
 * so the app does not hit-test its keys (they are still listed by
 * controls, for replays and tests to find by id). */
bool formview_activate(formview_t *fv, ui_t *ui, const char *id);
bool formview_event(formview_t *fv, ui_t *ui, const ui_input_t *in);
bool formview_claims(const formview_t *fv, int x, int y);
bool formview_update(formview_t *fv, ui_t *ui);
int formview_wait_ms(formview_t *fv, ui_t *ui);
void formview_draw(formview_t *fv, ui_t *ui, gfx_t *g);
size_t formview_controls(formview_t *fv, ui_t *ui, app_control_t *out, size_t max);

/* The same hooks as screen_def_t functions, for a form screen whose state
 * begins with its formview_t: such a screen declares
 *     .layout = ..., FORMVIEW_SCREEN_HOOKS
 * and writes only create, destroy, enter/leave/reset and its callbacks. */
void formview_screen_layout(ui_t *ui, void *st);
bool formview_screen_activate(ui_t *ui, void *st, const char *id);
bool formview_screen_event(ui_t *ui, void *st, const ui_input_t *in);
bool formview_screen_claims(ui_t *ui, void *st, int x, int y);
bool formview_screen_update(ui_t *ui, void *st);
int formview_screen_wait_ms(ui_t *ui, void *st);
void formview_screen_draw(ui_t *ui, void *st, gfx_t *g);
size_t formview_screen_controls(ui_t *ui, void *st, app_control_t *out, size_t max);
#define FORMVIEW_SCREEN_HOOKS                                                                           \
    .layout = formview_screen_layout, .activate = formview_screen_activate,                            \
    .event = formview_screen_event, .claims = formview_screen_claims, .update = formview_screen_update, \
    .wait_ms = formview_screen_wait_ms, .draw = formview_screen_draw, .controls = formview_screen_controls

/* The footer with the primary action (height 0 without one). */
rect_t formview_footer(const formview_t *fv, const ui_t *ui);
/* The viewport now (the body above the footer, or above the keyboard when
 * it is up). */
rect_t formview_viewport(const formview_t *fv, const ui_t *ui);
/* Where item i's box is on screen now (after scrolling). */
rect_t formview_box_on_screen(const formview_t *fv, const ui_t *ui, int i);
/* UI text for key, or fallback when the strings lack it (ui_str would show
 * the key itself). */
const char *formview_str(const ui_t *ui, const char *key, const char *fallback);
/* A choice's label in the UI language ("choice.<id>"), else its own label,
 * else its id. */
const char *formview_choice_label(const ui_t *ui, const choice_t *c);

/* The item whose id is id, or -1. */
int formview_find(const formview_t *fv, const char *id);

#endif
