/* kana.h - the marks a Japanese kana keyboard adds to the character before
 * the cursor (no SDL, no drawing).
 *
 * Without an input method the 50-sound table only has the plain kana; the
 * voiced and small ones come from two keys that change the last one typed,
 * as on Japanese phones and ticket machines:
 *
 *   - dakuten / handakuten: か -> が -> か, は -> ば -> ぱ -> は, う -> ゔ -> う;
 *   - small kana: つ -> っ -> つ, や -> ゃ, あ -> ぁ, わ -> ゎ ...
 *
 * Both work the same on hiragana and katakana (カ -> ガ, ウ -> ヴ, ツ -> ッ).
 * Each returns the character to put in place of cp, or 0 when the key means
 * nothing for cp (a kanji, a Latin letter, ん). */
#ifndef AGM_KANA_H
#define AGM_KANA_H

#include <stdint.h>

uint32_t kana_dakuten(uint32_t cp);
uint32_t kana_small(uint32_t cp);
/* Hiragana U+3041..U+3096 to the same katakana; anything else unchanged. */
uint32_t kana_to_katakana(uint32_t cp);

#endif
