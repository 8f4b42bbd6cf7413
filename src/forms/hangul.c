#include "hangul.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "../core/util.h"

#define JAMO_FIRST 0x3131u      /* ㄱ */
#define JAMO_LAST_CONS 0x314Eu  /* ㅎ */
#define JAMO_FIRST_VOWEL 0x314Fu /* ㅏ */
#define JAMO_LAST 0x3163u       /* ㅣ */
#define SYL_FIRST 0xAC00u
#define SYL_LAST 0xD7A3u

/* Indexes into the syllable block of each compatibility consonant
 * (U+3131 ㄱ ... U+314E ㅎ), -1 where it cannot stand in that place. */
static const signed char initial_index[30] = {
    0, 1, -1, 2, -1, -1, 3, 4, 5, -1, -1, -1, -1, -1, -1, -1,
    6, 7, 8, -1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
static const signed char final_index[30] = {
    1, 2, 3, 4, 5, 6, 7, -1, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, -1, 18, 19, 20, 21, 22, -1, 23, 24, 25, 26, 27};

/* Two jamo typed one after the other that make one. */
typedef struct {
    uint32_t a, b, ab;
} pair_t;

static const pair_t vowel_pairs[] = {
    {0x3157, 0x314F, 0x3158}, /* ㅗ ㅏ ㅘ */
    {0x3157, 0x3150, 0x3159}, /* ㅗ ㅐ ㅙ */
    {0x3157, 0x3163, 0x315A}, /* ㅗ ㅣ ㅚ */
    {0x315C, 0x3153, 0x315D}, /* ㅜ ㅓ ㅝ */
    {0x315C, 0x3154, 0x315E}, /* ㅜ ㅔ ㅞ */
    {0x315C, 0x3163, 0x315F}, /* ㅜ ㅣ ㅟ */
    {0x3161, 0x3163, 0x3162}, /* ㅡ ㅣ ㅢ */
};

static const pair_t final_pairs[] = {
    {0x3131, 0x3145, 0x3133}, /* ㄱ ㅅ ㄳ */
    {0x3134, 0x3148, 0x3135}, /* ㄴ ㅈ ㄵ */
    {0x3134, 0x314E, 0x3136}, /* ㄴ ㅎ ㄶ */
    {0x3139, 0x3131, 0x313A}, /* ㄹ ㄱ ㄺ */
    {0x3139, 0x3141, 0x313B}, /* ㄹ ㅁ ㄻ */
    {0x3139, 0x3142, 0x313C}, /* ㄹ ㅂ ㄼ */
    {0x3139, 0x3145, 0x313D}, /* ㄹ ㅅ ㄽ */
    {0x3139, 0x314C, 0x313E}, /* ㄹ ㅌ ㄾ */
    {0x3139, 0x314D, 0x313F}, /* ㄹ ㅍ ㄿ */
    {0x3139, 0x314E, 0x3140}, /* ㄹ ㅎ ㅀ */
    {0x3142, 0x3145, 0x3144}, /* ㅂ ㅅ ㅄ */
};

static uint32_t combine(const pair_t *p, size_t n, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].a == a && p[i].b == b)
            return p[i].ab;
    return 0;
}

bool hangul_is_consonant(uint32_t cp) { return cp >= JAMO_FIRST && cp <= JAMO_LAST_CONS; }
bool hangul_is_vowel(uint32_t cp) { return cp >= JAMO_FIRST_VOWEL && cp <= JAMO_LAST; }
bool hangul_is_jamo(uint32_t cp) { return cp >= JAMO_FIRST && cp <= JAMO_LAST; }
bool hangul_is_syllable(uint32_t cp) { return cp >= SYL_FIRST && cp <= SYL_LAST; }

static bool can_begin(uint32_t c) { return hangul_is_consonant(c) && initial_index[c - JAMO_FIRST] >= 0; }
static bool can_end(uint32_t c) { return hangul_is_consonant(c) && final_index[c - JAMO_FIRST] >= 0; }

uint32_t hangul_syllable(uint32_t initial, uint32_t vowel, uint32_t final)
{
    if (!can_begin(initial) || !hangul_is_vowel(vowel) || (final && !can_end(final)))
        return 0;
    uint32_t i = (uint32_t)initial_index[initial - JAMO_FIRST];
    uint32_t v = vowel - JAMO_FIRST_VOWEL;
    uint32_t f = final ? (uint32_t)final_index[final - JAMO_FIRST] : 0;
    return SYL_FIRST + (i * 21 + v) * 28 + f;
}

/* What keys[0..n) make: an optional initial, an optional vowel (one or two
 * keys), a final (one or two keys) only after both. True when every key
 * found its place, i.e. the keys are one syllable or one lone jamo. */
static bool parse(const uint32_t *keys, int n, uint32_t *ini, uint32_t *vow, uint32_t *fin)
{
    int i = 0;
    *ini = *vow = *fin = 0;
    if (i < n && hangul_is_consonant(keys[i]))
        *ini = keys[i++];
    if (i < n && hangul_is_vowel(keys[i])) {
        *vow = keys[i++];
        uint32_t two = i < n ? combine(vowel_pairs, AGM_ARRAY_LEN(vowel_pairs), *vow, keys[i]) : 0;
        if (two) {
            *vow = two;
            i++;
        }
    }
    /* A final needs a syllable to end: no finals after a lone vowel, and
     * ㄸ ㅃ ㅉ are never finals. */
    if (*ini && *vow && i < n && can_end(keys[i])) {
        *fin = keys[i++];
        uint32_t two = i < n ? combine(final_pairs, AGM_ARRAY_LEN(final_pairs), *fin, keys[i]) : 0;
        if (two) {
            *fin = two;
            i++;
        }
    }
    /* Two consonants with no vowel (ㄱㄱ) are two letters; ㄳ alone is a
     * letter, but begins no syllable. */
    if (*ini && ((!*vow && n > 1) || (*vow && !can_begin(*ini))))
        return false;
    return n > 0 && i == n;
}

void hangul_reset(hangul_t *h)
{
    memset(h, 0, sizeof *h);
}

bool hangul_composing(const hangul_t *h)
{
    return h->n > 0;
}

uint32_t hangul_current(const hangul_t *h)
{
    uint32_t ini, vow, fin;
    if (!parse(h->keys, h->n, &ini, &vow, &fin))
        return 0;
    if (ini && vow)
        return hangul_syllable(ini, vow, fin);
    return ini ? ini : vow;
}

uint32_t hangul_feed(hangul_t *h, uint32_t jamo)
{
    if (!hangul_is_jamo(jamo))
        return 0;
    uint32_t ini, vow, fin;
    if (h->n < HANGUL_MAX_KEYS) {
        h->keys[h->n] = jamo;
        if (parse(h->keys, h->n + 1, &ini, &vow, &fin)) {
            h->n++;
            return 0;
        }
    }
    uint32_t done;
    /* A vowel after a final: the final's last consonant begins the next
     * syllable (한 + ㅏ = 하 나, 닭 + ㅣ = 달 기). */
    if (hangul_is_vowel(jamo) && parse(h->keys, h->n, &ini, &vow, &fin) && fin && can_begin(h->keys[h->n - 1])) {
        uint32_t moved = h->keys[--h->n];
        done = hangul_current(h);
        h->keys[0] = moved;
        h->keys[1] = jamo;
        h->n = 2;
        return done;
    }
    done = hangul_current(h);
    h->keys[0] = jamo;
    h->n = 1;
    return done;
}

bool hangul_backspace(hangul_t *h)
{
    if (h->n == 0)
        return false;
    h->n--;
    return true;
}

size_t hangul_compose_str(const char *in, char *out, size_t cap)
{
    size_t len = strlen(in);
    /* Never more characters out than bytes in. */
    uint32_t *cps = xmalloc((len + 1) * sizeof *cps);
    size_t n = 0;
    hangul_t h;
    hangul_reset(&h);
    for (size_t i = 0; i < len;) {
        size_t adv;
        uint32_t cp = utf8_decode(in + i, len - i, &adv);
        i += adv;
        bool was = hangul_composing(&h);
        if (was)
            n--;   /* the composing character is rewritten below */
        if (hangul_is_jamo(cp)) {
            uint32_t done = hangul_feed(&h, cp);
            if (done)
                cps[n++] = done;
        } else if (cp == '\b') {
            if (!hangul_backspace(&h) && n > 0)
                n--;
        } else {
            if (was)
                n++;   /* kept as it is */
            hangul_reset(&h);
            cps[n++] = cp;
            continue;
        }
        uint32_t cur = hangul_current(&h);
        if (cur)
            cps[n++] = cur;
    }
    size_t need = 0, used = 0;
    bool full = false;
    for (size_t i = 0; i < n; i++) {
        char enc[4];
        size_t k = utf8_encode(cps[i], enc);
        /* Stop at a whole character. */
        full = full || !cap || need + k >= cap;
        if (!full) {
            memcpy(out + need, enc, k);
            used = need + k;
        }
        need += k;
    }
    if (cap)
        out[used] = '\0';
    free(cps);
    return need;
}
