#include "ini.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* inih's line buffer on Debian is 200 bytes including the newline. */
#define INI_LINE_LIMIT 190

typedef struct {
    const char *p, *end;
    int line;            /* line number of the line last handed to inih */
    bool continuation;   /* that line was indented, i.e. continues a value */
    const char *shown;
    diag_list_t *d;
    ini_key_cb cb;
    void *user;
    bool ok;
    /* the key whose value may still grow by continuation lines */
    char *p_section, *p_key;
    strbuf_t p_value;
    int p_line;
    bool pending;
} reader_t;

static void flush(reader_t *r)
{
    if (!r->pending)
        return;
    if (!r->cb(r->user, r->p_section, r->p_key, r->p_value.s ? r->p_value.s : "", r->p_line))
        r->ok = false;
    free(r->p_section);
    free(r->p_key);
    r->p_section = r->p_key = NULL;
    sb_free(&r->p_value);
    r->pending = false;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
    reader_t *r = user;
    if (r->continuation && r->pending && strcmp(key, r->p_key) == 0) {
        if (r->p_value.len)
            sb_appendc(&r->p_value, ' ');
        sb_append(&r->p_value, value);
        return 1;
    }
    flush(r);
    r->p_section = xstrdup(section);
    r->p_key = xstrdup(key);
    sb_append(&r->p_value, value);
    r->p_line = r->line;
    r->pending = true;
    return 1;
}

static bool blank_or_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n || s[i] == '#' || s[i] == ';';
}

/* Hands inih one line at a time so we know the line number, and checks
 * each line before inih sees it so every problem is reported, not only the
 * first. */
static char *reader(char *buf, int num, void *stream)
{
    reader_t *r = stream;
    if (r->p >= r->end)
        return NULL;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *eol = nl ? nl : r->end;
    size_t n = (size_t)(eol - r->p);
    if (n && r->p[n - 1] == '\r')
        n--;
    r->line++;
    const char *s = r->p;
    r->p = nl ? nl + 1 : r->end;

    r->continuation = n > 0 && (s[0] == ' ' || s[0] == '\t') && !blank_or_comment(s, n);
    bool bad = false;
    if (n > INI_LINE_LIMIT || (int)n >= num - 2) {
        diag_error(r->d, r->shown, r->line,
                   "line is longer than %d bytes; continue a long value on indented lines",
                   INI_LINE_LIMIT);
        bad = true;
    } else if (!blank_or_comment(s, n)) {
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (s[i] == '[') {
            if (!memchr(s + i, ']', n - i)) {
                diag_error(r->d, r->shown, r->line, "section header has no closing ']'");
                bad = true;
            }
        } else if (r->continuation && r->pending) {
            /* inih passes an indented line to the handler under the last key */
        } else if (!memchr(s, '=', n)) {
            diag_error(r->d, r->shown, r->line, "expected 'key = value' or '[section]'");
            bad = true;
        } else if (s[i] == '=') {
            diag_error(r->d, r->shown, r->line, "a key is missing before '='");
            bad = true;
        }
    }
    if (bad) {
        r->ok = false;
        r->continuation = false;
        buf[0] = '\n';
        buf[1] = '\0';
        return buf;
    }
    if (!r->continuation)
        flush(r);
    memcpy(buf, s, n);
    buf[n] = '\n';
    buf[n + 1] = '\0';
    return buf;
}

bool ini_load_text(const char *text, size_t len, const char *shown, ini_key_cb cb, void *user,
                   diag_list_t *d)
{
    size_t bad;
    if (!utf8_valid(text, len, &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diag_error(d, shown, line, "invalid UTF-8 (byte %zu); save the file as UTF-8", bad + 1);
        return false;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    reader_t r = {.p = text, .end = text + len, .shown = shown, .d = d, .cb = cb, .user = user, .ok = true};
    int rc = ini_parse_stream(reader, &r, on_key, &r);
    flush(&r);
    if (rc > 0 && r.ok) {
        diag_error(d, shown, rc, "cannot parse this line");
        r.ok = false;
    } else if (rc < 0) {
        diag_error(d, shown, 0, "cannot be read (out of memory)");
        r.ok = false;
    }
    return r.ok;
}

bool ini_load_file(const char *path, const char *shown, ini_key_cb cb, void *user, diag_list_t *d)
{
    size_t len;
    char *text = file_read_all(path, &len);
    if (!text) {
        diag_error(d, shown, 0, "cannot read: %s", file_strerror(errno));
        return false;
    }
    bool ok = ini_load_text(text, len, shown, cb, user, d);
    free(text);
    return ok;
}

bool ini_parse_bool(const char *v, bool *out)
{
    static const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) { *out = true; return true; }
        if (strcasecmp(v, no[i]) == 0) { *out = false; return true; }
    }
    return false;
}

bool ini_parse_int(const char *v, long min, long max, long *out)
{
    if (!*v)
        return false;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || x < min || x > max)
        return false;
    *out = x;
    return true;
}

bool ini_parse_duration(const char *s, int *seconds)
{
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    if (strcmp(s, "0") == 0) {
        *seconds = 0;
        return true;
    }
    static const char units[] = "hms";
    static const int mult[] = {3600, 60, 1};
    long total = 0;
    int next = 0; /* the first unit still allowed */
    bool any = false;
    while (*s) {
        if (*s == ' ' || *s == '\t') {
            s++;
            continue;
        }
        if (*s < '0' || *s > '9')
            return false;
        long n = 0;
        while (*s >= '0' && *s <= '9') {
            n = n * 10 + (*s++ - '0');
            if (n > 100000)
                return false;
        }
        const char *u = *s ? strchr(units, *s) : NULL;
        if (!u || (int)(u - units) < next)
            return false;
        next = (int)(u - units) + 1;
        total += n * mult[u - units];
        any = true;
        s++;
    }
    if (!any || total > 24 * 3600)
        return false;
    *seconds = (int)total;
    return true;
}

bool ini_parse_time_of_day(const char *s, int *minutes)
{
    if (!s)
        return false;
    if (!*s) {
        *minutes = -1;
        return true;
    }
    int h = 0, m = 0;
    if (!(s[0] >= '0' && s[0] <= '9'))
        return false;
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9' && i < 2)
        h = h * 10 + (s[i++] - '0');
    if (s[i] != ':' || !(s[i + 1] >= '0' && s[i + 1] <= '9') || !(s[i + 2] >= '0' && s[i + 2] <= '9') || s[i + 3])
        return false;
    m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    if (h > 23 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}
