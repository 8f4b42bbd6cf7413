/* parse.c - helpers the part loaders share: reading a content file as
 * checked text, ids, the INI header scanner, joins in CJK text and dates.
 * See parse.h. */
#include "parse.h"

#include "../core/utf8.h"
#include "../core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- helpers shared by the part loaders -------------------------------- */

char *content_read_text(const char *path, const char *shown, diag_list_t *d,
                        const char **body, size_t *len)
{
    size_t n;
    char *text = file_read_all(path, &n);
    if (!text) {
        if (errno == ENOENT)
            diag_error(d, shown, 0, "file not found");
        else
            diag_error(d, shown, 0, "cannot read: %s", file_strerror(errno));
        return NULL;
    }
    const char *p = text;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        /* Accepted: editors on Windows add it. */
        p += 3;
        n -= 3;
    }
    size_t bad;
    if (!utf8_valid(p, n, &bad)) {
        int line = 1;
        size_t line_start = 0;
        for (size_t i = 0; i < bad; i++)
            if (p[i] == '\n') {
                line++;
                line_start = i + 1;
            }
        diag_error(d, shown, line, "invalid UTF-8 (byte %zu of the line); save the file as UTF-8",
                   bad - line_start + 1);
        free(text);
        return NULL;
    }
    /* Control characters (NUL, escape codes, bidi overrides) would end a
     * string early or disguise text on screen; CR is allowed for CRLF. */
    int line = 1;
    size_t line_start = 0;
    for (size_t k = 0; k < n;) {
        unsigned char c = (unsigned char)p[k];
        if (c >= 0x20 && c < 0x7F) { /* most bytes: printable ASCII */
            k++;
            continue;
        }
        size_t adv;
        uint32_t cp = utf8_decode(p + k, n - k, &adv);
        if (cp != '\r' && utf8_is_forbidden_control(cp)) {
            diag_error(d, shown, line, "control character U+%04X (byte %zu of the line); remove it", (unsigned)cp,
                       k - line_start + 1);
            free(text);
            return NULL;
        }
        if (cp == '\n') {
            line++;
            line_start = k + 1;
        }
        k += adv;
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i == n) {
        diag_error(d, shown, 0, "the file is empty");
        free(text);
        return NULL;
    }
    *body = p;
    *len = n;
    return text;
}

bool content_id_valid(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

void content_ini_headers(const char *text, size_t len, ini_headers_t *out)
{
    const char *p = text, *end = text + len;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        line++;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s < eol && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(eol - s));
            if (close) {
                const char *a = s + 1, *b = close;
                while (a < b && (*a == ' ' || *a == '\t'))
                    a++;
                while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                    b--;
                xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
                out->v[out->n++] = (ini_header_t){xstrndup(a, (size_t)(b - a)), line};
            }
        }
        p = nl ? nl + 1 : end;
    }
}

const ini_header_t *content_ini_header_for(const ini_headers_t *h, int line)
{
    const ini_header_t *best = NULL;
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].line < line)
            best = &h->v[i];
    return best;
}

void content_ini_headers_free(ini_headers_t *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].name);
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

/* Ideographs, kana and fullwidth punctuation: scripts written without
 * spaces between words. Hangul is left out on purpose. */
static bool no_space_script(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3000 && cp <= 0x30FF) ||
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

void content_fix_cjk_joins(char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), w = 0;
    for (size_t r = 0; r < n;) {
        if (s[r] == ' ' && w > 0 && r + 1 < n && s[r + 1] != ' ') {
            size_t pb = utf8_prev(s, w), adv;
            uint32_t before = utf8_decode(s + pb, w - pb, &adv);
            uint32_t after = utf8_decode(s + r + 1, n - r - 1, &adv);
            if (no_space_script(before) && no_space_script(after)) {
                r++;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
}

bool content_parse_date(const char *s, int *y, int *m, int *day)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int yy = atoi(s), mm = atoi(s + 5), dd = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (yy < 1900 || mm < 1 || mm > 12 || dd < 1)
        return false;
    int maxd = mdays[mm - 1];
    if (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0))
        maxd = 29;
    if (dd > maxd)
        return false;
    *y = yy;
    *m = mm;
    *day = dd;
    return true;
}
