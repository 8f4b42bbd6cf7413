#include "kana.h"

#include <stdbool.h>

#include "../core/util.h"

#define HIRA_FIRST 0x3041u
#define HIRA_LAST 0x3096u
#define KATA_SHIFT 0x60u   /* katakana sit 0x60 after the same hiragana */

/* Kana that take a dakuten only: the voiced one is the next code point. */
static const uint16_t voiced[] = {
    0x304B, 0x304D, 0x304F, 0x3051, 0x3053,   /* か き く け こ */
    0x3055, 0x3057, 0x3059, 0x305B, 0x305D,   /* さ し す せ そ */
    0x305F, 0x3061, 0x3064, 0x3066, 0x3068,   /* た ち つ て と */
};
/* は ひ ふ へ ほ: dakuten next, handakuten after that. */
static const uint16_t voiced2[] = {0x306F, 0x3072, 0x3075, 0x3078, 0x307B};

/* Plain and small: あ ぁ, い ぃ, う ぅ, え ぇ, お ぉ, つ っ, や ゃ, ゆ ゅ, よ ょ, わ ゎ. */
static const uint16_t small_pairs[][2] = {
    {0x3042, 0x3041}, {0x3044, 0x3043}, {0x3046, 0x3045}, {0x3048, 0x3047}, {0x304A, 0x3049},
    {0x3064, 0x3063}, {0x3084, 0x3083}, {0x3086, 0x3085}, {0x3088, 0x3087}, {0x308F, 0x308E},
};

/* Work on hiragana; remember whether to give katakana back. */
static uint32_t to_hira(uint32_t cp, bool *kata)
{
    *kata = cp >= HIRA_FIRST + KATA_SHIFT && cp <= HIRA_LAST + KATA_SHIFT;
    return *kata ? cp - KATA_SHIFT : cp;
}

static uint32_t back(uint32_t cp, bool kata)
{
    return cp && kata ? cp + KATA_SHIFT : cp;
}

uint32_t kana_to_katakana(uint32_t cp)
{
    return cp >= HIRA_FIRST && cp <= HIRA_LAST ? cp + KATA_SHIFT : cp;
}

uint32_t kana_dakuten(uint32_t cp)
{
    bool kata;
    uint32_t h = to_hira(cp, &kata), out = 0;
    for (size_t i = 0; i < AGM_ARRAY_LEN(voiced) && !out; i++) {
        if (h == voiced[i])
            out = h + 1;
        else if (h == voiced[i] + 1u)
            out = h - 1;
    }
    for (size_t i = 0; i < AGM_ARRAY_LEN(voiced2) && !out; i++)
        if (h >= voiced2[i] && h <= voiced2[i] + 2u)
            out = h == voiced2[i] + 2u ? voiced2[i] : h + 1;
    if (h == 0x3046)        /* う -> ゔ */
        out = 0x3094;
    else if (h == 0x3094)
        out = 0x3046;
    return back(out, kata);
}

uint32_t kana_small(uint32_t cp)
{
    bool kata;
    uint32_t h = to_hira(cp, &kata);
    for (size_t i = 0; i < AGM_ARRAY_LEN(small_pairs); i++) {
        if (h == small_pairs[i][0])
            return back(small_pairs[i][1], kata);
        if (h == small_pairs[i][1])
            return back(small_pairs[i][0], kata);
    }
    return 0;
}
