#include "phrase.h"

#include <pthread.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "log.h"

/* One iterator, opened at first use (loading the phrase dictionary takes a
 * moment) and kept: a layout only gives it new text. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *iter;
static bool failed;

bool phrase_is_japanese(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF)      /* hiragana, katakana */
        || (cp >= 0x31F0 && cp <= 0x31FF)      /* katakana extension */
        || (cp >= 0x3400 && cp <= 0x4DBF)      /* CJK ext A */
        || (cp >= 0x4E00 && cp <= 0x9FFF)      /* CJK unified ideographs */
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFF66 && cp <= 0xFF9F)      /* half-width katakana */
        || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool phrase_breaks_ja(const uint32_t *cps, size_t n, bool *brk)
{
    if (n == 0)
        return true;
    if (n > (size_t)INT32_MAX / 2)
        return false;
    UChar *u = malloc(sizeof *u * 2 * n);
    size_t *at = malloc(sizeof *at * (2 * n + 1)); /* UTF-16 index -> code point index */
    if (!u || !at) {
        free(u);
        free(at);
        return false;
    }
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i] <= 0x10FFFF && (cps[i] < 0xD800 || cps[i] > 0xDFFF) ? cps[i] : 0xFFFD;
        at[len] = i;
        if (c > 0xFFFF) {
            u[len++] = U16_LEAD(c);
            at[len] = i;
            u[len++] = U16_TRAIL(c);
        } else {
            u[len++] = (UChar)c;
        }
    }
    at[len] = n;
    bool ok = false;
    pthread_mutex_lock(&lock);
    UErrorCode e = U_ZERO_ERROR;
    if (!iter && !failed) {
        iter = ubrk_open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &e);
        if (U_FAILURE(e)) {
            log_warn("text", "Japanese phrase line breaking unavailable (ICU: %s); breaking by character",
                     u_errorName(e));
            iter = NULL;
            failed = true;
        }
    }
    if (iter) {
        e = U_ZERO_ERROR;
        ubrk_setText(iter, u, len, &e);
        if (U_SUCCESS(e)) {
            for (size_t i = 0; i < n; i++)
                brk[i] = false;
            for (int32_t p = ubrk_first(iter); p != UBRK_DONE; p = ubrk_next(iter))
                if (p > 0 && p < len)
                    brk[at[p]] = true;
            ok = true;
        }
        static const UChar empty[1] = {0};
        e = U_ZERO_ERROR;
        ubrk_setText(iter, empty, 0, &e); /* the text is freed below */
    }
    pthread_mutex_unlock(&lock);
    free(u);
    free(at);
    return ok;
}
