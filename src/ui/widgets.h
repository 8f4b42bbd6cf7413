/* widgets.h - metrics, fonts, buttons, tiles and the scroll view shared by
 * every screen. Widgets are immediate: a screen keeps the rectangles it
 * computed in layout() and draws and lists them; the pressed state comes from
 * ui->pressed (the app sets it the moment a finger goes down on a control). */
#ifndef AGM_WIDGETS_H
#define AGM_WIDGETS_H

#include "../core/qr.h"
#include "screen.h"
#include "text.h"

/* Derive every length from the pixel size (see ui_metrics_t). */
void ui_metrics_compute(ui_metrics_t *m, int w, int h);
/* The same with the type scale multiplied by text_scale (the larger text
 * an attendee can ask for on the home screen); spacing and targets stay. */
void ui_metrics_compute_scaled(ui_metrics_t *m, int w, int h, float text_scale);
/* The larger text's scale. */
#define UI_LARGE_TEXT_SCALE 1.25f

font_t ui_font(int px, bool bold);

typedef enum {
    BTN_PRIMARY,     /* accent fill: the one main action */
    BTN_SECONDARY,   /* outlined on the surface */
    BTN_QUIET,       /* text only until pressed */
    BTN_SELECTED,    /* a chosen option (language): filled dark */
} btn_style_t;

/* Width a button needs for label at the body size (padding included),
 * at least the touch target. */
int ui_button_width(ui_t *ui, const char *label, int px);

/* Draw a button whose id is id (pressed when ui->pressed equals it). The
 * label is centred, on one line, ellipsized only if it cannot fit. icon:
 * 0 none, '<' a back chevron, '>' a forward chevron, 'h' a house. */
void ui_draw_button(ui_t *ui, gfx_t *g, rect_t r, const char *id, const char *label, int px, btn_style_t style,
                    int icon);

/* True when id is the control under a finger now. */
bool ui_is_pressed(const ui_t *ui, const char *id);

/* Small vector icons drawn with triangles, inside box (square-ish). */
void ui_draw_icon(gfx_t *g, int icon, rect_t box, rgba_t c);

/* Eased progress of an animation: 0 at t0, 1 at t0 + ms (ease in-out). */
float ui_ease(uint64_t t0, uint64_t now, int ms);

/* ---- a vertical scroll view with drag and momentum ----------------------
 * The view's content is drawn at y - offset inside the viewport (clipped).
 * Drag moves it with the finger; a release with speed continues with
 * friction (a fling); the wheel and the keys move it in steps; the offset
 * is always clamped to the content. */
typedef struct {
    rect_t view;          /* viewport on screen */
    int content_h;        /* height of the content */
    float offset;         /* 0 .. max(0, content_h - view.h) */
    float velocity;       /* px/s, positive scrolls the content up (offset grows) */
    bool dragging;
    bool grabbed;         /* the drag began inside the view */
    uint64_t last_t;
} scroll_t;

int scroll_max(const scroll_t *s);
void scroll_set_content(scroll_t *s, rect_t view, int content_h); /* keeps the offset clamped */
void scroll_to(scroll_t *s, int offset);
/* Feed input; returns true when the view moved or the input belongs to it.
 * line_step is what the arrow keys move (two lines of body text on most
 * screens); a wheel notch over the view moves one and a half of those,
 * about three lines, and stops a fling. */
bool scroll_input(scroll_t *s, const ui_input_t *in, int line_step);
/* Advance momentum to now; returns true while moving. */
bool scroll_update(scroll_t *s, uint64_t now);
bool scroll_moving(const scroll_t *s);
/* A thin position indicator at the right edge of the view (when it scrolls). */
void scroll_draw_indicator(const scroll_t *s, gfx_t *g, rgba_t c, int thickness);
/* Is a content rectangle (content coordinates) visible enough to be touched:
 * returns its on-screen rectangle clipped to the view in *out, and true when
 * that is at least min_h tall. */
bool scroll_visible(const scroll_t *s, rect_t content_r, int min_h, rect_t *out);

/* The top bar: Back and Home buttons on the left, the screen's title
 * centred when it clears them, else beside them. */
typedef struct {
    rect_t back, home;
    bool has_back, has_home;
} ui_bar_t;

/* A bar title too wide to centre: the size it was fitted at, for that text
 * in a box of that size (fitting takes several layouts a frame). */
typedef struct {
    char text[160];
    const void *ops;
    int w, h, px;
} ui_bar_fit_t;

/* The buttons' rectangles for a bar with these buttons. */
void ui_bar_layout(ui_t *ui, bool has_back, bool has_home, ui_bar_t *out);
/* Draw the bar (title may be NULL or empty); fit caches the title's size. */
void ui_draw_bar(ui_t *ui, gfx_t *g, const ui_bar_t *bar, const char *title, ui_bar_fit_t *fit);

/* A QR code (src/core/qr.h) as large as fits in box, on a light square
 * with its quiet zone, centred; modules are whole pixels. Returns the
 * square drawn (zero size when the code is empty or does not fit). */
rect_t ui_draw_qr(gfx_t *g, const qr_t *qr, rect_t box, rgba_t dark, rgba_t light);
/* The side of the square ui_draw_qr would draw in box. */
int ui_qr_side(const qr_t *qr, rect_t box);

/* "Are you still there?" before the idle reset (idle_card.c): the card and
 * its parts for a countdown of seconds; the button's id is "idle.more". */
typedef struct {
    rect_t card, title, text, hint, button;
} ui_idle_card_t;
void ui_idle_card_layout(ui_t *ui, ui_idle_card_t *c, int seconds);
void ui_idle_card_draw(ui_t *ui, gfx_t *g, const ui_idle_card_t *c, int seconds);

#endif
