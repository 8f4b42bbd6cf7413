#include "textnorm.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

/* Bytes of trimmable white space at s[0..n) (0 if none). */
static size_t space_at(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
        return 1;
    if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

/* Bytes of trimmable white space ending at s[n) (0 if none). */
static size_t space_before(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
        return 3;
    return n >= 1 && space_at(s + n - 1, 1) ? 1 : 0;
}

bool textnorm_blank(const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n && (k = space_at(s + i, n - i)))
        i += k;
    return i == n;
}

textnorm_rc_t textnorm(const char *s, size_t n, unsigned flags, textnorm_t *out)
{
    memset(out, 0, sizeof *out);
    bool drop = flags & TEXTNORM_DROP;
    if (!drop && !utf8_valid(s, n, &out->bad_offset))
        return TEXTNORM_BAD_UTF8;
    /* Nothing here makes the text longer, so n + 1 bytes are enough. */
    char *o = xmalloc(n + 1);
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        if (cp == '\r') {
            cp = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                adv = 2;
        }
        i += adv;
        if ((flags & TEXTNORM_ONE_LINE) && (cp == '\n' || cp == '\t'))
            cp = ' ';
        if (utf8_is_forbidden_control(cp)) {
            if (drop)
                continue;
            out->bad_cp = cp;
            explicit_bzero(o, n + 1);
            free(o);
            return TEXTNORM_CONTROL;
        }
        len += utf8_encode(cp, o + len);
    }
    size_t start = 0, end = len, k;
    if (!(flags & TEXTNORM_KEEP_EDGES)) {
        while (start < end && (k = space_at(o + start, end - start)))
            start += k;
        while (end > start && (k = space_before(o + start, end - start)))
            end -= k;
    }
    memmove(o, o + start, end - start);
    explicit_bzero(o + (end - start), n + 1 - (end - start));
    out->text = o;
    out->len = end - start;
    out->chars = utf8_count(o, out->len);
    return TEXTNORM_OK;
}

void textnorm_free(char *s)
{
    if (!s)
        return;
    explicit_bzero(s, strlen(s));
    free(s);
}
