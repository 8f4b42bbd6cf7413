#include "phrase.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <unicode/uvernum.h>

#include "log.h"

/* ICU is loaded when Japanese text is first broken into lines, not at
 * start: with the C++ runtime it needs it is a megabyte and a half of
 * resident pages and most of the dynamic loader's relocations, and only
 * Japanese text uses it. The names are the versioned ones the headers
 * build against (ubrk_open is ubrk_open_72 for ICU 72), so a library of
 * another ICU version is never mixed with these headers. */
#define PHRASE_STR2(x) #x
#define PHRASE_STR(x) PHRASE_STR2(x)
#define ICU_UC_LIB "libicuuc.so." PHRASE_STR(U_ICU_VERSION_MAJOR_NUM)

static struct {
    __typeof__(ubrk_open) *open;
    __typeof__(ubrk_setText) *set_text;
    __typeof__(ubrk_first) *first;
    __typeof__(ubrk_next) *next;
    __typeof__(u_errorName) *error_name;
} icu;

/* One iterator, opened at first use (loading the phrase dictionary takes a
 * moment) and kept: a layout only gives it new text. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *iter;
static bool failed;
static void *icu_lib;
static const char *icu_name = ICU_UC_LIB;

const char *phrase_library(void)
{
    return icu_name;
}

void phrase_use_library(const char *soname)
{
    pthread_mutex_lock(&lock);
    icu_name = soname ? soname : ICU_UC_LIB;
    failed = false;
    pthread_mutex_unlock(&lock);
}

bool phrase_loaded(void)
{
    pthread_mutex_lock(&lock);
    bool loaded = icu_lib != NULL;
    pthread_mutex_unlock(&lock);
    return loaded;
}

/* With lock held: ICU's functions, or false (reported once) when the
 * library or one of them is missing. */
static bool load_icu(void)
{
    if (icu_lib)
        return true;
    void *h = dlopen(icu_name, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        log_warn("text", "Japanese phrase line breaking unavailable: cannot load ICU's %s (%s; Debian's package "
                 "libicu%d has it); breaking by character", icu_name, why ? why : "not found", U_ICU_VERSION_MAJOR_NUM);
        return false;
    }
    static const char *const names[] = {PHRASE_STR(ubrk_open), PHRASE_STR(ubrk_setText), PHRASE_STR(ubrk_first),
                                        PHRASE_STR(ubrk_next), PHRASE_STR(u_errorName)};
    void *fn[5];
    for (size_t i = 0; i < 5; i++) {
        fn[i] = dlsym(h, names[i]);
        if (!fn[i]) {
            log_warn("text", "Japanese phrase line breaking unavailable: %s has no %s (built for ICU %s); "
                     "breaking by character", icu_name, names[i], U_ICU_VERSION);
            dlclose(h);
            return false;
        }
    }
    /* POSIX: a function pointer has the representation dlsym returns. */
    memcpy(&icu.open, &fn[0], sizeof fn[0]);
    memcpy(&icu.set_text, &fn[1], sizeof fn[1]);
    memcpy(&icu.first, &fn[2], sizeof fn[2]);
    memcpy(&icu.next, &fn[3], sizeof fn[3]);
    memcpy(&icu.error_name, &fn[4], sizeof fn[4]);
    icu_lib = h;
    return true;
}

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
        if (!load_icu()) {
            failed = true;
        } else {
            iter = icu.open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &e);
            if (U_FAILURE(e)) {
                log_warn("text", "Japanese phrase line breaking unavailable (ICU: %s); breaking by character",
                         icu.error_name(e));
                iter = NULL;
                failed = true;
            }
        }
    }
    if (iter) {
        e = U_ZERO_ERROR;
        icu.set_text(iter, u, len, &e);
        if (U_SUCCESS(e)) {
            for (size_t i = 0; i < n; i++)
                brk[i] = false;
            for (int32_t p = icu.first(iter); p != UBRK_DONE; p = icu.next(iter))
                if (p > 0 && p < len)
                    brk[at[p]] = true;
            ok = true;
        }
        static const UChar empty[1] = {0};
        e = U_ZERO_ERROR;
        icu.set_text(iter, empty, 0, &e); /* the text is freed below */
    }
    pthread_mutex_unlock(&lock);
    free(u);
    free(at);
    return ok;
}
