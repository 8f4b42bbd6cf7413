/* utf8.h - the few UTF-8 operations the kiosk needs; no locale involved. */
#ifndef AGM_UTF8_H
#define AGM_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define UTF8_INVALID 0xFFFD

/* Decode one code point at s (n bytes available). Stores its byte length in
 * *adv (always >= 1 when n > 0). Malformed, overlong or surrogate sequences
 * decode as UTF8_INVALID with *adv = 1. */
uint32_t utf8_decode(const char *s, size_t n, size_t *adv);

/* Encode cp into out (4 bytes room). Returns the byte count (0 if cp is not
 * a Unicode scalar value). */
size_t utf8_encode(uint32_t cp, char out[4]);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). If
 * not, *bad_offset (may be NULL) receives the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* Number of code points in a valid string. */
size_t utf8_count(const char *s, size_t n);

/* Byte offset of the code point before offset off (0 at the start). */
size_t utf8_prev(const char *s, size_t off);

/* A control character that must never be stored: C0 except TAB and LF,
 * DEL, C1, and the bidi overrides/isolates that can disguise text. */
bool utf8_is_forbidden_control(uint32_t cp);

/* True for code points that may break a line before or after themselves
 * without a space: CJK ideographs, kana, Hangul syllables and similar. */
bool utf8_is_cjk_breakable(uint32_t cp);

/* Characters that must not start a line (closing punctuation, small kana:
 * Japanese kinsoku) and that must not end one (opening brackets). */
bool utf8_no_break_before(uint32_t cp);
bool utf8_no_break_after(uint32_t cp);

#endif
