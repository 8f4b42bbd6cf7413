/* textrun.h - split one line of UTF-8 text into runs that a single font of
 * a fallback chain can draw.
 *
 * SDL2_ttf has no font fallback, so the backend draws each run with the
 * first font of its chain that has the run's glyphs. The splitting lives
 * here, without SDL, so it can be tested with fake fonts.
 *
 * Rules, per code point:
 *  - it goes to the first font (lowest index) whose has_glyph says yes;
 *  - whitespace, combining marks, variation selectors and joiners stay in
 *    the current run when that run's font has them (so "日本 語" is one run
 *    and an accent is never drawn apart from its letter);
 *  - a code point no font has goes to font 0 (which draws its "missing
 *    glyph" box) so that nothing silently disappears;
 *  - malformed bytes decode as U+FFFD and follow the same rules.
 *
 *     textrun_iter_t it;
 *     textrun_t run;
 *     textrun_begin(&it, s, n, nfonts, has_glyph, user);
 *     while (textrun_next(&it, &run)) draw(s + run.off, run.len, run.font);
 */
#ifndef AGM_TEXTRUN_H
#define AGM_TEXTRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether font font_index (0 .. nfonts-1) has a glyph for cp. */
typedef bool (*textrun_has_glyph_fn)(void *user, int font_index, uint32_t cp);

typedef struct {
    size_t off, len;  /* byte range in the string */
    int font;         /* index into the chain */
} textrun_t;

typedef struct {
    const char *s;
    size_t n, pos;
    int nfonts;
    textrun_has_glyph_fn has_glyph;
    void *user;
} textrun_iter_t;

/* Start iterating over s[0..n). The string and user must outlive the
 * iterator; nothing is allocated. nfonts < 1 is treated as 1. */
void textrun_begin(textrun_iter_t *it, const char *s, size_t n, int nfonts,
                   textrun_has_glyph_fn has_glyph, void *user);

/* The next run; false at the end. Runs are non-empty, in order, and cover
 * the whole string. */
bool textrun_next(textrun_iter_t *it, textrun_t *out);

/* The font a single code point goes to when it starts a run (the first
 * font that has it, else 0). */
int textrun_font_for(const textrun_iter_t *it, uint32_t cp);

/* True for code points that join the current run when its font has them
 * (spaces, combining marks, variation selectors, ZWJ/ZWNJ). */
bool textrun_is_sticky(uint32_t cp);

#endif
