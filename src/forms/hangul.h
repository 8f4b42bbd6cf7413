/* hangul.h - Korean syllable composition for the 2-set (dubeolsik)
 * keyboard (no SDL, no drawing).
 *
 * The keys send Hangul compatibility jamo (U+3131..U+3163: ㄱ ... ㅎ, ㅏ ...
 * ㅣ). Typed one after another they combine, as on any Korean phone
 * keyboard, into a precomposed syllable (U+AC00..U+D7A3): an initial
 * consonant, a vowel (ㅗ+ㅏ = ㅘ, ㅗ+ㅐ = ㅙ, ㅗ+ㅣ = ㅚ, ㅜ+ㅓ = ㅝ, ㅜ+ㅔ =
 * ㅞ, ㅜ+ㅣ = ㅟ, ㅡ+ㅣ = ㅢ) and an optional final consonant (ㄱ+ㅅ = ㄳ,
 * ㄴ+ㅈ = ㄵ, ㄴ+ㅎ = ㄶ, ㄹ+ㄱ = ㄺ, ㄹ+ㅁ = ㄻ, ㄹ+ㅂ = ㄼ, ㄹ+ㅅ = ㄽ, ㄹ+ㅌ =
 * ㄾ, ㄹ+ㅍ = ㄿ, ㄹ+ㅎ = ㅀ, ㅂ+ㅅ = ㅄ). A vowel after a final consonant
 * takes that consonant (the last half of a compound one) as its initial:
 * 한 + ㅏ = 하나, 닭 + ㅣ = 달기. What cannot combine stays plain jamo
 * (ㅏ, ㄱㄱ, ㅏㄴ).
 *
 * The state is the list of keys typed for the syllable being composed, so
 * backspace takes back exactly the last key (한 -> 하 -> ㅎ, 와 -> 오)
 * rather than the whole syllable. Whatever comes that is not a jamo (a
 * space, punctuation, another layout, another field) ends the composition;
 * the syllable then simply stays as it is.
 *
 * Usage:
 *     hangul_t h;
 *     hangul_reset(&h);
 *     uint32_t done = hangul_feed(&h, 0x314E);  // ㅎ: done = 0, current ㅎ
 *     done = hangul_feed(&h, 0x314F);           // ㅏ: current 하
 *     ... hangul_current(&h) ...
 */
#ifndef AGM_HANGUL_H
#define AGM_HANGUL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Initial, two vowel halves, two final halves. */
#define HANGUL_MAX_KEYS 5

typedef struct {
    uint32_t keys[HANGUL_MAX_KEYS];   /* the jamo typed for the current syllable */
    int n;
} hangul_t;

/* Compatibility jamo: consonants U+3131..U+314E, vowels U+314F..U+3163. */
bool hangul_is_consonant(uint32_t cp);
bool hangul_is_vowel(uint32_t cp);
bool hangul_is_jamo(uint32_t cp);
/* A precomposed syllable U+AC00..U+D7A3. */
bool hangul_is_syllable(uint32_t cp);

/* Nothing composing. */
void hangul_reset(hangul_t *h);
bool hangul_composing(const hangul_t *h);

/* The syllable (or lone jamo) being composed; 0 when nothing is. */
uint32_t hangul_current(const hangul_t *h);

/* Type one jamo. Returns the character it finished (to be kept as it is,
 * before the one now composing), or 0 when it joined the current one. A
 * code point that is not a jamo changes nothing and returns 0. */
uint32_t hangul_feed(hangul_t *h, uint32_t jamo);

/* Take back the last jamo typed; false when nothing was composing. */
bool hangul_backspace(hangul_t *h);

/* The syllable of initial, vowel and final compatibility jamo (final 0 for
 * none), or 0 when they do not make one (ㄸ, ㅃ, ㅉ are never finals). */
uint32_t hangul_syllable(uint32_t initial, uint32_t vowel, uint32_t final);

/* Run a whole string through a composer, as typed into an empty field:
 * jamo compose, '\b' is backspace (one jamo while composing, else the last
 * character), anything else ends the composition and is copied. Writes at
 * most cap - 1 bytes and a NUL; returns the length it needed. */
size_t hangul_compose_str(const char *in, char *out, size_t cap);

#endif
