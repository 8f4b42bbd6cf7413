#include "utf8.h"
#include "util.h"

#include <string.h>

uint32_t utf8_decode(const char *str, size_t n, size_t *adv)
{
    const unsigned char *s = (const unsigned char *)str;
    *adv = 1;
    if (n == 0) {
        *adv = 0;
        return UTF8_INVALID;
    }
    unsigned c = s[0];
    if (c < 0x80)
        return c;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return UTF8_INVALID;
    }
    if (n < len)
        return UTF8_INVALID;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return UTF8_INVALID;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return UTF8_INVALID;
    *adv = len;
    return cp;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    size_t i = 0;
    while (i < n) {
        if (!((unsigned char)s[i] & 0x80)) { /* ASCII, eight bytes at a time where it can */
            uint64_t w;
            while (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)))
                i += 8;
            while (i < n && !((unsigned char)s[i] & 0x80))
                i++;
            continue;
        }
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        if (cp == UTF8_INVALID && !(adv == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += adv;
    }
    return true;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

size_t utf8_prev(const char *s, size_t off)
{
    if (off == 0)
        return 0;
    off--;
    while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80)
        off--;
    return off;
}

bool utf8_is_forbidden_control(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return false;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return true;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return true;
    return cp == UTF8_INVALID;
}

bool utf8_is_cjk_breakable(uint32_t cp)
{
    if (cp < 0x1100) /* Latin text: at once */
        return false;
    return (cp >= 0x1100 && cp <= 0x11FF)      /* Hangul Jamo */
        || (cp >= 0x2E80 && cp <= 0x2FDF)      /* CJK radicals */
        || (cp >= 0x3000 && cp <= 0x303F)      /* CJK symbols and punctuation */
        || (cp >= 0x3040 && cp <= 0x30FF)      /* Hiragana, Katakana */
        || (cp >= 0x3100 && cp <= 0x31FF)      /* Bopomofo, Hangul compat jamo, Katakana ext */
        || (cp >= 0x3200 && cp <= 0x4DBF)      /* enclosed CJK, CJK ext A */
        || (cp >= 0x4E00 && cp <= 0x9FFF)      /* CJK unified ideographs */
        || (cp >= 0xAC00 && cp <= 0xD7AF)      /* Hangul syllables */
        || (cp >= 0xF900 && cp <= 0xFAFF)      /* CJK compatibility ideographs */
        || (cp >= 0xFF00 && cp <= 0xFFEF)      /* half/full width forms */
        || (cp >= 0x20000 && cp <= 0x3FFFF);   /* CJK ext B.. */
}

bool utf8_no_break_before(uint32_t cp)
{
    /* most text is ASCII, and nothing below U+2019 but ASCII is listed */
    if (cp < 0x80)
        return cp == ',' || cp == '.' || cp == ':' || cp == ';' || cp == '!' || cp == '?' || cp == ')' ||
               cp == ']' || cp == '}';
    if (cp < 0x2019)
        return false;
    static const uint32_t list[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x30FC, /* 、。，．：；？！ー */
        0x300D, 0x300F, 0x3011, 0xFF09, 0x3009, 0x300B, 0x3015, 0xFF3D, 0xFF5D, /* closing brackets */
        0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, /* small hiragana */
        0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, /* small katakana */
        0x30FB, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x3005,
        ',', '.', ':', ';', '!', '?', ')', ']', '}', 0x2019, 0x201D,
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(list); i++)
        if (list[i] == cp)
            return true;
    return false;
}

bool utf8_no_break_after(uint32_t cp)
{
    if (cp < 0x80)
        return cp == '(' || cp == '[' || cp == '{';
    if (cp < 0x2018)
        return false;
    static const uint32_t list[] = {
        0x300C, 0x300E, 0x3010, 0xFF08, 0x3008, 0x300A, 0x3014, 0xFF3B, 0xFF5B,
        '(', '[', '{', 0x2018, 0x201C,
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(list); i++)
        if (list[i] == cp)
            return true;
    return false;
}
