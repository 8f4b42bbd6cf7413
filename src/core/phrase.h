/* phrase.h - where Japanese text may break a line: between phrases
 * (bunsetsu), never inside a word, from ICU's line break iterator with
 * the locale "ja@lw=phrase" (ICU 72 and later). The text layout asks it
 * for Japanese paragraphs and keeps its own kinsoku rules on top. ICU is
 * loaded (dlopen) at the first Japanese paragraph, not at start. */
#ifndef AGM_PHRASE_H
#define AGM_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cps: n code points. Sets brk[i] (0 < i < n) true where a line may break
 * before cps[i] and false elsewhere (brk[0] is false). Returns false, with
 * brk untouched, when ICU cannot do it (no data, out of memory): the
 * caller then breaks as it would without it. Thread-safe. */
bool phrase_breaks_ja(const uint32_t *cps, size_t n, bool *brk);

/* True when cp is kana or a CJK ideograph: text with one of them is
 * treated as Japanese for line breaking. */
bool phrase_is_japanese(uint32_t cp);

/* The ICU library loaded at first use: "libicuuc.so.72" for ICU 72 (the
 * major version of the headers built against). */
const char *phrase_library(void);

/* True once ICU has been loaded (by a phrase_breaks_ja call). */
bool phrase_loaded(void);

/* Tests: load soname instead (NULL: the default) at the next call; has an
 * effect only while ICU is not loaded yet. */
void phrase_use_library(const char *soname);

#endif
