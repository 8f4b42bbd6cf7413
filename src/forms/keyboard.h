/* keyboard.h - a data-driven on-screen keyboard (no SDL).
 *
 * Each layout is a table of key rows (keyboard.c): letters lower and upper,
 * numbers and symbols, an email layout with @ . - _ and ".com" at hand (and
 * its upper case), a phone pad, Korean 2-set (dubeolsik) Hangul with its
 * shifted row (ㅃ ㅉ ㄸ ㄲ ㅆ ㅒ ㅖ), and Japanese kana as the 50-sound table
 * in hiragana and katakana. Key widths are given in tenths of a letter key,
 * so the geometry for any screen is computed from the table: keys at least
 * 48 px high at 800x480 with about 2 mm between them, rows centred, the
 * whole keyboard docked at the bottom of the screen. The letter layouts
 * have four rows; the 50-sound table needs five (あ い う え お), so the
 * keyboard is a row taller there. Where its ten columns would make keys
 * narrower than they are high (portrait screens), the table is shown in two
 * pages, あ-な and は-ん, with a key to turn between them.
 *
 * Scripts: text fields start in the script of the UI language (ja: kana,
 * ko: Hangul, else Latin); the globe key cycles Latin -> kana -> Hangul,
 * and the script picked that way stays for the next text fields until
 * keyboard_forget_script(). Email and phone fields keep their layouts.
 * Hangul jamo compose into syllables as they are typed (hangul.h): the
 * syllable being composed is in the field already, marked as composing
 * (textfield_t.compose), and backspace takes back one jamo of it. Any other
 * key except shift, a layout change, or binding another field ends the
 * composition. Kana have a dakuten key (か -> が, は -> ば -> ぱ) and a
 * small-kana key (つ -> っ) acting on the character before the cursor
 * (kana.h), and a hiragana/katakana key. There is no kanji conversion.
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
#include "hangul.h"
#include "textfield.h"

#define KB_REPEAT_DELAY_MS 500
#define KB_REPEAT_INTERVAL_MS 70
#define KB_DOUBLE_TAP_MS 400
#define KB_MAX_KEYS 64
#define KB_MAX_ROWS 5
#define KB_LETTER_ROWS 4   /* the Latin, Hangul, symbol, email and phone layouts */

typedef enum {
    KB_KEY_CHAR,       /* inserts its text */
    KB_KEY_SHIFT,
    KB_KEY_BACKSPACE,
    KB_KEY_SPACE,
    KB_KEY_ENTER,
    KB_KEY_LAYOUT,     /* switches to layout `target` */
    KB_KEY_HIDE,       /* puts the keyboard away */
    KB_KEY_GLOBE,      /* the next script: Latin -> kana -> Hangul */
    KB_KEY_DAKUTEN,    /* か -> が, は -> ば -> ぱ on the character before the cursor */
    KB_KEY_SMALL,      /* つ -> っ, や -> ゃ on the character before the cursor */
} kb_key_kind_t;

typedef enum {
    KB_LAYOUT_LOWER,
    KB_LAYOUT_UPPER,
    KB_LAYOUT_SYMBOLS,
    KB_LAYOUT_EMAIL,
    KB_LAYOUT_EMAIL_UPPER,
    KB_LAYOUT_PHONE,
    KB_LAYOUT_HANGUL,
    KB_LAYOUT_HANGUL_SHIFT,
    KB_LAYOUT_HIRAGANA,      /* the whole 50-sound table */
    KB_LAYOUT_KATAKANA,
    KB_LAYOUT_HIRAGANA_A,    /* the table in two pages: あ-な */
    KB_LAYOUT_HIRAGANA_B,    /* は-ん */
    KB_LAYOUT_KATAKANA_A,
    KB_LAYOUT_KATAKANA_B,
    KB_LAYOUT_COUNT
} kb_layout_t;

typedef enum {
    KB_SCRIPT_LATIN,
    KB_SCRIPT_KANA,
    KB_SCRIPT_HANGUL,
    KB_SCRIPT_COUNT
} kb_script_t;

/* Key labels that are words, taken from the UI strings when the caller
 * has them (kb_style_t.word); the tables hold a fallback. */
typedef enum {
    KB_WORD_NONE,
    KB_WORD_SYMBOLS,     /* "?123" */
    KB_WORD_LATIN,       /* "ABC" */
    KB_WORD_HIRAGANA,    /* "かな" */
    KB_WORD_KATAKANA,    /* "カナ" */
    KB_WORD_HANGUL,      /* "한글" */
    KB_WORD_COUNT
} kb_word_t;

typedef struct {
    kb_key_kind_t kind;
    const char *text;    /* KB_KEY_CHAR: what it inserts (also its label) */
    const char *label;   /* shown instead of text when not NULL */
    int span;            /* width in tenths of a letter key (10 = one key) */
    int target;          /* KB_KEY_LAYOUT: the kb_layout_t it switches to */
    const char *id;      /* the control id after "kb." when not derived from text or label */
    kb_word_t word;      /* a label that is a word (KB_WORD_NONE: label or text) */
} kb_key_def_t;

typedef struct {
    rect_t r;
    const kb_key_def_t *def;
    char id[24];         /* stable control id: "kb.a", "kb.A", "kb.@", "kb.ㅂ", "kb.あ", "kb.shift" ... */
} kb_key_t;

/* What an input did; a bit mask. */
enum {
    KB_CHANGED = 1,      /* the keyboard looks different (pressed key, layout, shift) */
    KB_EDITED = 2,       /* the bound field's text or cursor changed */
    KB_ENTER = 4,        /* enter on a single-line field: the form moves on */
    KB_LIMIT = 8,        /* the field refused input: it is full */
    KB_HIDE = 16,        /* the attendee asked to put the keyboard away */
    KB_RESIZED = 32,     /* the keyboard's height changed (a layout with more or fewer rows) */
};

typedef struct {
    rgba_t bg, key, key_special, key_pressed, key_active, label, label_pressed, line;
    font_t font;         /* key labels */
    font_t font_small;   /* labels of several letters ("?123", ".com") */
    int radius;
    const char *word[KB_WORD_COUNT];   /* labels that are words; NULL: the table's */
} kb_style_t;

typedef struct {
    textfield_t *field;  /* borrowed; NULL when nothing is bound */
    kb_layout_t layout;
    kb_layout_t base;    /* the letters the bound field asked for */
    kb_layout_t letters; /* where the letters key of the symbols goes back to */
    kb_script_t script;  /* the script of text fields now */
    kb_script_t prefer;  /* the script of the UI language */
    bool picked;         /* the attendee chose script with the globe key */
    bool kana_paged;     /* the 50-sound table is shown in two pages */
    hangul_t hangul;     /* the syllable being composed */
    bool shift;          /* one capital, then back to lower case */
    bool caps;           /* capitals until shift is tapped again */
    uint64_t last_shift_ms;
    int screen_w, screen_h;
    int key_h, gap, unit_w;  /* unit_w: a one-key width in the current layout */
    rect_t area;         /* the keyboard's background, docked at the bottom */
    kb_key_t keys[KB_MAX_KEYS];
    int nkeys;
    int pressed;         /* index into keys, -1 none */
    uint64_t repeat_at;  /* next backspace repeat, 0 = none */
} keyboard_t;

/* The layout tables, for tests and documentation: the number of rows. */
int keyboard_layout_rows(kb_layout_t l, const kb_key_def_t **rows[], const int **lens);
const char *keyboard_layout_name(kb_layout_t l);
/* The script a layout types (Latin for symbols, email and phone). */
kb_script_t keyboard_layout_script(kb_layout_t l);

/* Zero state, no field, lower case letters, no geometry yet. */
void keyboard_init(keyboard_t *kb);

/* Compute the geometry for a screen of w x h logical pixels: the keyboard is
 * docked at the bottom, full width; keys are laid out for the current
 * layout. Returns the keyboard's height. */
int keyboard_set_screen(keyboard_t *kb, int w, int h);
/* The height of the letter layouts (KB_LETTER_ROWS rows) on a w x h
 * screen, without a keyboard; the 50-sound table is one row more. */
int keyboard_height_for(int w, int h);

/* Bind to f (NULL unbinds), ending a composition in the field bound
 * before: the layout follows the field's kind (text: the letters of the
 * script, Latin capitalised first when the field is empty; email; phone). */
void keyboard_bind(keyboard_t *kb, textfield_t *f);
/* Show layout l (a kana layout is put in the one- or two-page form this
 * screen needs). Ends a composition. */
void keyboard_set_layout(keyboard_t *kb, kb_layout_t l);

/* The script text fields start in for UI language lang ("ja", "ko-KR"). */
kb_script_t keyboard_script_for_lang(const char *lang);
/* Text fields bound from now on start in the script of lang, unless the
 * attendee picked one with the globe key. */
void keyboard_set_language(keyboard_t *kb, const char *lang);
/* Switch the bound text field to script s, as the globe key does (an
 * email or phone field keeps its layout; text fields bound later get s). */
void keyboard_set_script(keyboard_t *kb, kb_script_t s);
/* Forget the script the attendee picked (the form starts over). */
void keyboard_forget_script(keyboard_t *kb);
/* End a composition: the syllable stays in the field as it is. */
void keyboard_commit(keyboard_t *kb);

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
