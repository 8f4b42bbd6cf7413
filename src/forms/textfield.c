#include "textfield.h"

#include <stdlib.h>
#include <string.h>

#include "../core/textnorm.h"
#include "../core/utf8.h"
#include "../core/util.h"

/* memset through a volatile pointer so the compiler cannot drop the wipe of
 * a buffer that is about to be freed. */
static void tf_wipe(char *p, size_t n)
{
    volatile char *v = p;
    while (n--)
        *v++ = 0;
}

void textfield_init(textfield_t *f, tf_kind_t kind, size_t max_chars, bool multiline)
{
    if (max_chars < 1)
        max_chars = 1;
    memset(f, 0, sizeof *f);
    /* The whole capacity at once: the buffer never moves, so no stale copy
     * of personal text is left behind by a realloc. */
    f->buf = xcalloc(max_chars * 4 + 1, 1);
    f->max_chars = max_chars;
    f->kind = kind;
    f->multiline = multiline;
}

void textfield_free(textfield_t *f)
{
    if (!f)
        return;
    if (f->buf) {
        tf_wipe(f->buf, f->max_chars * 4 + 1);
        free(f->buf);
    }
    memset(f, 0, sizeof *f);
}

void textfield_clear(textfield_t *f)
{
    if (!f->buf)
        return;
    tf_wipe(f->buf, f->max_chars * 4 + 1);
    f->len = f->count = f->cursor = f->compose = 0;
    f->hit_limit = false;
}

bool textfield_accepts(tf_kind_t kind, bool multiline, uint32_t cp)
{
    if (cp == '\n')
        return multiline && kind == TF_KIND_TEXT;
    if (utf8_is_forbidden_control(cp))
        return false;
    switch (kind) {
    case TF_KIND_TEXT:
        return cp != '\t';
    case TF_KIND_EMAIL:
        /* Internationalised addresses may hold any letters; what can never
         * be in an address is white space (including the wide ones). */
        return cp > ' ' && cp != 0x3000 && cp != 0xA0 && !(cp >= 0x2000 && cp <= 0x200B);
    case TF_KIND_PHONE:
        return (cp >= '0' && cp <= '9') || cp == ' ' || cp == '+' || cp == '-' ||
               cp == '(' || cp == ')' || cp == '.';
    }
    return false;
}

size_t textfield_byte_of(const textfield_t *f, size_t i)
{
    size_t off = 0;
    while (i > 0 && off < f->len) {
        size_t adv;
        utf8_decode(f->buf + off, f->len - off, &adv);
        off += adv;
        i--;
    }
    return off;
}

size_t textfield_cursor_byte(const textfield_t *f)
{
    return textfield_byte_of(f, f->cursor);
}

int textfield_insert(textfield_t *f, const char *s, size_t n)
{
    if (!f->buf || !s)
        return 0;
    if (n == (size_t)-1)
        n = strlen(s);
    if (!utf8_valid(s, n, NULL))
        return TF_INS_INVALID;
    int res = 0;
    f->hit_limit = false;
    f->compose = 0;
    size_t at = textfield_cursor_byte(f);
    size_t i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        i += adv;
        /* What the field can hold, not what is stored (the store cleans
         * on its own, core/textnorm.h): pasted or physical-keyboard text
         * may bring CR or TAB. The field keeps its lines as LF only, so
         * the cursor, the line moves and the layout see one kind of break,
         * and a multi-line text takes a TAB as a space (it would draw as
         * nothing). */
        if (cp == '\r') {
            /* CR LF and a lone CR both mean one line break. */
            if (i < n && s[i] == '\n')
                i++;
            cp = '\n';
        }
        if (cp == '\t' && f->multiline && f->kind == TF_KIND_TEXT)
            cp = ' ';
        if (!textfield_accepts(f->kind, f->multiline, cp)) {
            res |= TF_INS_FILTERED;
            continue;
        }
        if (f->count >= f->max_chars) {
            res |= TF_INS_FULL;
            f->hit_limit = true;
            break;
        }
        char enc[4];
        size_t k = utf8_encode(cp, enc);
        memmove(f->buf + at + k, f->buf + at, f->len - at);
        memcpy(f->buf + at, enc, k);
        at += k;
        f->len += k;
        f->buf[f->len] = '\0';
        f->count++;
        f->cursor++;
    }
    return res;
}

/* Code points in s; -1 when s is malformed, -2 when it holds one the
 * field would drop. */
static long tf_accepted_count(const textfield_t *f, const char *s)
{
    size_t n = strlen(s);
    if (!utf8_valid(s, n, NULL))
        return -1;
    long count = 0;
    for (size_t i = 0; i < n; count++) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        i += adv;
        if (cp == '\r' || cp == '\t' || !textfield_accepts(f->kind, f->multiline, cp))
            return -2;
    }
    return count;
}

int textfield_compose(textfield_t *f, const char *done, const char *preedit)
{
    if (!f->buf)
        return 0;
    long nd = tf_accepted_count(f, done ? done : ""), np = tf_accepted_count(f, preedit ? preedit : "");
    if (nd == -1 || np == -1)
        return TF_INS_INVALID;
    if (nd < 0 || np < 0)
        return TF_INS_FILTERED;
    size_t old = AGM_MIN(f->compose, f->cursor);
    if (f->count - old + (size_t)nd + (size_t)np > f->max_chars) {
        f->hit_limit = true;
        return TF_INS_FULL;
    }
    while (old--)
        textfield_backspace(f);
    textfield_insert(f, done ? done : "", (size_t)-1);
    textfield_insert(f, preedit ? preedit : "", (size_t)-1);
    f->compose = (size_t)np;
    return 0;
}

void textfield_end_compose(textfield_t *f)
{
    f->compose = 0;
}

/* Remove the code point that starts at byte off. */
static void tf_remove_at(textfield_t *f, size_t off)
{
    size_t adv;
    utf8_decode(f->buf + off, f->len - off, &adv);
    memmove(f->buf + off, f->buf + off + adv, f->len - off - adv);
    f->len -= adv;
    /* Zero the tail that the move left behind. */
    tf_wipe(f->buf + f->len, adv);
    f->count--;
}

bool textfield_backspace(textfield_t *f)
{
    if (!f->buf || f->cursor == 0)
        return false;
    f->cursor--;
    tf_remove_at(f, textfield_cursor_byte(f));
    f->hit_limit = false;
    f->compose = 0;
    return true;
}

bool textfield_delete(textfield_t *f)
{
    if (!f->buf || f->cursor >= f->count)
        return false;
    tf_remove_at(f, textfield_cursor_byte(f));
    f->hit_limit = false;
    f->compose = 0;
    return true;
}

bool textfield_left(textfield_t *f)
{
    f->compose = 0;
    if (f->cursor == 0)
        return false;
    f->cursor--;
    return true;
}

bool textfield_right(textfield_t *f)
{
    f->compose = 0;
    if (f->cursor >= f->count)
        return false;
    f->cursor++;
    return true;
}

void textfield_set_cursor(textfield_t *f, size_t i)
{
    f->compose = 0;
    f->cursor = i > f->count ? f->count : i;
}

/* The code point index of the start of the line holding index i, and the
 * code point at index k. Text is at most a few thousand code points, so a
 * linear walk is fine. */
static uint32_t tf_cp_at(const textfield_t *f, size_t k)
{
    size_t off = textfield_byte_of(f, k), adv;
    if (off >= f->len)
        return 0;
    return utf8_decode(f->buf + off, f->len - off, &adv);
}

static size_t tf_line_start(const textfield_t *f, size_t i)
{
    while (i > 0 && tf_cp_at(f, i - 1) != '\n')
        i--;
    return i;
}

static size_t tf_line_end(const textfield_t *f, size_t i)
{
    while (i < f->count && tf_cp_at(f, i) != '\n')
        i++;
    return i;
}

bool textfield_home(textfield_t *f)
{
    f->compose = 0;
    size_t s = tf_line_start(f, f->cursor);
    bool moved = s != f->cursor;
    f->cursor = s;
    return moved;
}

bool textfield_end(textfield_t *f)
{
    f->compose = 0;
    size_t e = tf_line_end(f, f->cursor);
    bool moved = e != f->cursor;
    f->cursor = e;
    return moved;
}

bool textfield_up(textfield_t *f)
{
    f->compose = 0;
    size_t s = tf_line_start(f, f->cursor);
    if (s == 0)
        return false;
    size_t col = f->cursor - s;
    size_t ps = tf_line_start(f, s - 1);
    size_t plen = (s - 1) - ps;
    f->cursor = ps + (col < plen ? col : plen);
    return true;
}

bool textfield_down(textfield_t *f)
{
    f->compose = 0;
    size_t s = tf_line_start(f, f->cursor);
    size_t e = tf_line_end(f, f->cursor);
    if (e >= f->count)
        return false;
    size_t col = f->cursor - s;
    size_t ns = e + 1;
    size_t nlen = tf_line_end(f, ns) - ns;
    f->cursor = ns + (col < nlen ? col : nlen);
    return true;
}

const char *textfield_text(const textfield_t *f)
{
    return f->buf ? f->buf : "";
}

size_t textfield_count(const textfield_t *f)
{
    return f->count;
}

bool textfield_empty(const textfield_t *f)
{
    return f->count == 0;
}

bool textfield_has_content(const textfield_t *f)
{
    /* Blank by the store's rule, so Send is never offered for a text the
     * store would refuse as empty. */
    return !textnorm_blank(textfield_text(f), f->len);
}
