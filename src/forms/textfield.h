/* textfield.h - the model of one editable text field (no drawing, no SDL).
 *
 * A field owns its UTF-8 text, a cursor counted in code points, a maximum
 * length in code points and a class of accepted characters. Everything that
 * enters it goes through textfield_insert(), which rejects malformed UTF-8
 * and forbidden controls (core/utf8.h) and stops at the maximum, so what a
 * form hands to the store is always well-formed and within bounds.
 *
 * Privacy: the buffer is allocated once at its full capacity and never moved,
 * and textfield_clear()/textfield_free() overwrite it with zeros, so no copy
 * of what an attendee typed is left behind in freed or reused memory.
 *
 * Usage:
 *     textfield_t f;
 *     textfield_init(&f, TF_KIND_EMAIL, 200, false);
 *     textfield_insert(&f, "ann@example.org", (size_t)-1);
 *     ... textfield_text(&f) ...
 *     textfield_free(&f);
 */
#ifndef AGM_TEXTFIELD_H
#define AGM_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which characters a field accepts, and therefore which on-screen keyboard
 * layout it asks for. */
typedef enum {
    TF_KIND_TEXT = 0,  /* any printable text (names, questions, messages) */
    TF_KIND_EMAIL,     /* no spaces or controls: letters, digits, @ . - _ + ... */
    TF_KIND_PHONE,     /* digits, space, + - ( ) . */
} tf_kind_t;

/* Result bits of textfield_insert(). 0 means everything went in. */
enum {
    TF_INS_INVALID = 1,   /* malformed UTF-8: nothing was inserted */
    TF_INS_FILTERED = 2,  /* forbidden controls or characters the kind refuses were dropped */
    TF_INS_FULL = 4,      /* the maximum length stopped the input */
};

typedef struct {
    char *buf;           /* NUL-terminated UTF-8, capacity max_chars * 4 + 1 */
    size_t len;          /* bytes used */
    size_t count;        /* code points used */
    size_t cursor;       /* code point index, 0..count */
    size_t max_chars;    /* maximum length in code points */
    tf_kind_t kind;
    bool multiline;      /* accepts '\n' (and keeps TAB as a space) */
    bool hit_limit;      /* the last insert was stopped by max_chars */
    size_t compose;      /* code points just before the cursor still being
                          * composed (a Hangul syllable); any edit or cursor
                          * move other than textfield_compose() ends it */
} textfield_t;

/* Prepare an empty field. max_chars must be >= 1. */
void textfield_init(textfield_t *f, tf_kind_t kind, size_t max_chars, bool multiline);
/* Wipe and release the buffer; accepts a zeroed or already freed field. */
void textfield_free(textfield_t *f);

/* Empty the field and overwrite every byte it held with zeros. */
void textfield_clear(textfield_t *f);

/* Insert s[0..n) at the cursor (n == (size_t)-1: up to the NUL) and move the
 * cursor past it. Malformed UTF-8 rejects the whole insert (a keyboard
 * never sends it; a broken one must not leave half a character). Forbidden
 * controls and characters the kind does not accept are dropped; CR LF and
 * lone CR become LF; in a single-line field LF and TAB are dropped, in a
 * multi-line one TAB becomes a space. Input stops at max_chars. Returns a
 * mask of TF_INS_* bits (0 = all of it went in). */
int textfield_insert(textfield_t *f, const char *s, size_t n);

/* Replace the code points being composed (just before the cursor) with
 * done, then preedit, which is marked as being composed in turn; either may
 * be "". All or nothing: when the result would not fit max_chars
 * (TF_INS_FULL) or holds malformed UTF-8 or a character the kind refuses,
 * the field is left as it was. Returns TF_INS_* bits (0 = done). */
int textfield_compose(textfield_t *f, const char *done, const char *preedit);
/* Keep what is being composed as it is: it becomes ordinary text. */
void textfield_end_compose(textfield_t *f);

/* Whether one code point may enter a field of this kind (ignoring length). */
bool textfield_accepts(tf_kind_t kind, bool multiline, uint32_t cp);

/* Delete the code point before the cursor / at the cursor. Return false
 * when there was nothing to delete. */
bool textfield_backspace(textfield_t *f);
bool textfield_delete(textfield_t *f);

/* Cursor moves; all return true when the cursor moved. Up and down move
 * between logical lines (separated by '\n') keeping the column. */
bool textfield_left(textfield_t *f);
bool textfield_right(textfield_t *f);
bool textfield_home(textfield_t *f);   /* start of the current line */
bool textfield_end(textfield_t *f);    /* end of the current line */
bool textfield_up(textfield_t *f);
bool textfield_down(textfield_t *f);
/* Put the cursor at code point index i (clamped to 0..count). */
void textfield_set_cursor(textfield_t *f, size_t i);

/* The text (never NULL, valid until the next change) and its sizes. */
const char *textfield_text(const textfield_t *f);
size_t textfield_count(const textfield_t *f);
bool textfield_empty(const textfield_t *f);
/* True when the text holds something other than white space (the store's
 * rule: textnorm_blank). */
bool textfield_has_content(const textfield_t *f);
/* Byte offset of the cursor in textfield_text(). */
size_t textfield_cursor_byte(const textfield_t *f);
/* Byte offset of code point index i (clamped to the end). */
size_t textfield_byte_of(const textfield_t *f, size_t i);

#endif
