/* keyboard.h - a data-driven on-screen keyboard (no SDL).
 *
 * Each layout is a table of key rows (keyboard.c): letters lower and upper,
 * numbers and symbols, an email layout with @ . - _ and ".com" at hand (and
 * its upper case), and a phone pad. Key widths are given in tenths of a
 * letter key, so the geometry for any screen is computed from the table:
 * keys at least 48 px high at 800x480 with about 2 mm between them, rows
 * centred, the whole keyboard docked at the bottom of the screen.
 *
 * The keyboard is bound to one text field and sends its edits there. Shift
 * capitalises one letter; a second tap on shift within KB_DOUBLE_TAP_MS
 * locks capitals (caps lock) until shift is tapped again. Backspace deletes
 * at once when pressed, then repeats after KB_REPEAT_DELAY_MS every
 * KB_REPEAT_INTERVAL_MS while held, driven by the clock the caller passes
 * (keyboard_update), so tests use a fake clock. Other keys act when the
 * finger lifts, on the key under it (sliding to a neighbour corrects a
 * miss); the pressed key is highlighted at once.
 *
 * Ownership: the keyboard borrows the bound field; it owns nothing on the
 * heap, so it needs no free. */
#ifndef AGM_KEYBOARD_H
#define AGM_KEYBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "../ui/gfx.h"
#include "textfield.h"

#define KB_REPEAT_DELAY_MS 500
#define KB_REPEAT_INTERVAL_MS 70
#define KB_DOUBLE_TAP_MS 400
#define KB_MAX_KEYS 48
#define KB_ROWS 4

typedef enum {
    KB_KEY_CHAR,       /* inserts its text */
    KB_KEY_SHIFT,
    KB_KEY_BACKSPACE,
    KB_KEY_SPACE,
    KB_KEY_ENTER,
    KB_KEY_LAYOUT,     /* switches to layout `target` */
    KB_KEY_HIDE,       /* puts the keyboard away */
} kb_key_kind_t;

typedef enum {
    KB_LAYOUT_LOWER,
    KB_LAYOUT_UPPER,
    KB_LAYOUT_SYMBOLS,
    KB_LAYOUT_EMAIL,
    KB_LAYOUT_EMAIL_UPPER,
    KB_LAYOUT_PHONE,
    KB_LAYOUT_COUNT
} kb_layout_t;

typedef struct {
    kb_key_kind_t kind;
    const char *text;    /* KB_KEY_CHAR: what it inserts (also its label) */
    const char *label;   /* shown instead of text when not NULL */
    int span;            /* width in tenths of a letter key (10 = one key) */
    int target;          /* KB_KEY_LAYOUT: the kb_layout_t it switches to */
} kb_key_def_t;

typedef struct {
    rect_t r;
    const kb_key_def_t *def;
    char id[24];         /* stable control id: "kb.a", "kb.A", "kb.@", "kb.shift" ... */
} kb_key_t;

/* What an input did; a bit mask. */
enum {
    KB_CHANGED = 1,      /* the keyboard looks different (pressed key, layout, shift) */
    KB_EDITED = 2,       /* the bound field's text or cursor changed */
    KB_ENTER = 4,        /* enter on a single-line field: the form moves on */
    KB_LIMIT = 8,        /* the field refused input: it is full */
    KB_HIDE = 16,        /* the attendee asked to put the keyboard away */
};

typedef struct {
    rgba_t bg, key, key_special, key_pressed, key_active, label, label_pressed, line;
    font_t font;         /* key labels */
    font_t font_small;   /* labels of several letters ("?123", ".com") */
    int radius;
} kb_style_t;

typedef struct {
    textfield_t *field;  /* borrowed; NULL when nothing is bound */
    kb_layout_t layout;
    kb_layout_t base;    /* the letters the bound field asked for */
    bool shift;          /* one capital, then back to lower case */
    bool caps;           /* capitals until shift is tapped again */
    uint64_t last_shift_ms;
    int screen_w, screen_h;
    int key_h, gap, unit_w;
    rect_t area;         /* the keyboard's background, docked at the bottom */
    kb_key_t keys[KB_MAX_KEYS];
    int nkeys;
    int pressed;         /* index into keys, -1 none */
    uint64_t repeat_at;  /* next backspace repeat, 0 = none */
} keyboard_t;

/* The layout tables, for tests and documentation. */
int keyboard_layout_rows(kb_layout_t l, const kb_key_def_t **rows[], const int **lens);
const char *keyboard_layout_name(kb_layout_t l);

/* Zero state, no field, lower case letters, no geometry yet. */
void keyboard_init(keyboard_t *kb);

/* Compute the geometry for a screen of w x h logical pixels: the keyboard is
 * docked at the bottom, full width; keys are laid out for the current
 * layout. Returns the keyboard's height. */
int keyboard_set_screen(keyboard_t *kb, int w, int h);
/* The height keyboard_set_screen() would give, without a keyboard. */
int keyboard_height_for(int w, int h);

/* Bind to f (NULL unbinds): the layout follows the field's kind (text:
 * letters, capitalised first when the field is empty; email; phone). */
void keyboard_bind(keyboard_t *kb, textfield_t *f);
void keyboard_set_layout(keyboard_t *kb, kb_layout_t l);

/* Pointer input in screen coordinates and the app clock; return KB_* bits.
 * Down outside the keyboard returns 0 and does nothing. */
int keyboard_pointer_down(keyboard_t *kb, int x, int y, uint64_t now);
int keyboard_pointer_move(keyboard_t *kb, int x, int y, uint64_t now);
int keyboard_pointer_up(keyboard_t *kb, int x, int y, uint64_t now);
/* Drop a press without acting (the keyboard is being hidden). */
void keyboard_cancel(keyboard_t *kb);

/* Run backspace repeats due by now; returns KB_* bits. */
int keyboard_update(keyboard_t *kb, uint64_t now);
/* Milliseconds until the next repeat, -1 when none is pending. */
int keyboard_wait_ms(const keyboard_t *kb, uint64_t now);

/* The key at (x, y), or -1 (gaps between keys belong to no key). */
int keyboard_hit(const keyboard_t *kb, int x, int y);
/* The key whose id is id ("kb.a"), or -1. */
int keyboard_find(const keyboard_t *kb, const char *id);

/* Draw the keyboard with its top-left moved down by dy (slide-in). */
void keyboard_draw(const keyboard_t *kb, gfx_t *g, const kb_style_t *st, int dy);

#endif
