/* textnorm.h - the one rule for cleaning text a person typed before it is
 * stored: the store applies it to every field (store.c clean_field), so
 * what is stored does not depend on where the text came from (the forms,
 * the command line, a test).
 *
 *   - the text must be well-formed UTF-8;
 *   - CR and CR LF become LF;
 *   - on a one-line field, LF and TAB become a space;
 *   - white space at both ends goes: ASCII space, TAB, LF and U+3000 (the
 *     ideographic space a Japanese or Korean keyboard types);
 *   - a forbidden control character (utf8_is_forbidden_control: C0 but TAB
 *     and LF, DEL, C1, bidi overrides) is refused, not silently dropped, so
 *     what is stored is what the person saw;
 *   - the result's code points are counted (limits are in characters).
 *
 * Flags give the variants other callers need: TEXTNORM_KEEP_EDGES keeps
 * the white space at the ends; TEXTNORM_DROP drops malformed bytes and
 * forbidden controls instead of refusing the text. */
#ifndef AGM_TEXTNORM_H
#define AGM_TEXTNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TEXTNORM_ONE_LINE = 1,     /* LF and TAB become a space */
    TEXTNORM_KEEP_EDGES = 2,   /* do not trim */
    TEXTNORM_DROP = 4,         /* drop what would be refused */
};

typedef enum {
    TEXTNORM_OK = 0,
    TEXTNORM_BAD_UTF8,   /* bad_offset: the first malformed byte */
    TEXTNORM_CONTROL,    /* bad_cp: the forbidden control character */
} textnorm_rc_t;

typedef struct {
    char *text;          /* the cleaned text (NUL-terminated), NULL unless OK */
    size_t len;          /* its bytes */
    size_t chars;        /* its code points */
    size_t bad_offset;
    uint32_t bad_cp;
} textnorm_t;

/* Clean s[0..n) by the rule above. On TEXTNORM_OK out->text is a new
 * string the caller frees with textnorm_free (it wipes); otherwise
 * out->text is NULL and nothing stays allocated. */
textnorm_rc_t textnorm(const char *s, size_t n, unsigned flags, textnorm_t *out);

/* True when s[0..n) holds nothing but the white space the rule trims
 * (an empty text included): what a required field may not be. */
bool textnorm_blank(const char *s, size_t n);

/* Overwrite a string with zeros and free it (typed text may be personal);
 * accepts NULL. */
void textnorm_free(char *s);

#endif
