#include "csvw.h"
#include "../core/util.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A cell a spreadsheet would read as a formula: one that begins with = + - @
 * (or tab or carriage return), in ASCII or as the full-width forms ＝ ＋ － ＠
 * (U+FF1D, U+FF0B, U+FF0D, U+FF20), which Japanese Excel turns into the
 * ASCII ones as it reads a cell. */
static bool is_formula_start(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
        return true;
    return n >= 3 && c == 0xEF && s[1] == 0xBC && (s[2] == 0x9D || s[2] == 0x8B || s[2] == 0x8D || s[2] == 0xA0);
}

bool csv_cell_needs_neutralizing(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    return i < n && is_formula_start((const unsigned char *)s + i, n - i);
}

size_t csv_cell_unneutralize(const char *s, size_t n)
{
    return (n >= 2 && s[0] == '\'' && csv_cell_needs_neutralizing(s + 1, n - 1)) ? 1 : 0;
}

void csvw_begin(csvw_t *w, FILE *fp, bool neutralize, bool bom)
{
    memset(w, 0, sizeof *w);
    w->fp = fp;
    w->neutralize = neutralize;
    w->iobuf = xmalloc(CSVW_IOBUF);
    setvbuf(fp, w->iobuf, _IOFBF, CSVW_IOBUF);
    w->cap = 4096;
    w->scratch = xmalloc(w->cap);
    /* One lock for the whole file instead of one per write call. */
    flockfile(fp);
    w->locked = true;
    if (bom)
        fwrite_unlocked("\xEF\xBB\xBF", 1, 3, fp);
}

void csvw_field(csvw_t *w, const char *s, size_t n)
{
    if (w->row_started)
        putc_unlocked(',', w->fp);
    w->row_started = true;
    size_t need = csv_write(w->scratch, w->cap, s, n);
    if (need > w->cap) {
        /* Grows only for a field longer than any before: no per-row cost. */
        while (w->cap < need)
            w->cap *= 2;
        w->scratch = xrealloc(w->scratch, w->cap);
        need = csv_write(w->scratch, w->cap, s, n);
    }
    if (w->neutralize && csv_cell_needs_neutralizing(s, n)) {
        /* csv_write output is always "...": put the apostrophe inside. */
        fwrite_unlocked("\"'", 1, 2, w->fp);
        fwrite_unlocked(w->scratch + 1, 1, need - 1, w->fp);
    } else {
        fwrite_unlocked(w->scratch, 1, need, w->fp);
    }
}

void csvw_header(csvw_t *w, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++) {
        if (i == 0 && !w->neutralize) {
            char *c = xasprintf("%s%s", cols[i], CSVW_RAW_MARK);
            csvw_str(w, c);
            free(c);
        } else {
            csvw_str(w, cols[i]);
        }
    }
    csvw_end_row(w);
}

const char *csvw_raw_suffix(bool raw)
{
    return raw ? "-raw" : "";
}

bool csvw_header_cell_is(const char *h, const char *name, bool *raw)
{
    size_t n = strlen(name);
    *raw = false;
    if (strncmp(h, name, n) != 0)
        return false;
    if (!h[n])
        return true;
    *raw = strcmp(h + n, CSVW_RAW_MARK) == 0;
    return *raw;
}

void csvw_end_row(csvw_t *w)
{
    fwrite_unlocked("\r\n", 1, 2, w->fp);
    w->row_started = false;
}

int csvw_finish(csvw_t *w)
{
    int rc = 0;
    if (w->fp) {
        if (fflush_unlocked(w->fp) != 0 || ferror_unlocked(w->fp)) {
            if (!errno)
                errno = EIO;
            rc = -1;
        }
        if (w->locked)
            funlockfile(w->fp);
        w->locked = false;
    }
    free(w->scratch);
    w->scratch = NULL;
    w->cap = 0;
    return rc;
}

void csvw_release(csvw_t *w)
{
    free(w->scratch);
    free(w->iobuf);
    w->scratch = NULL;
    w->iobuf = NULL;
    w->fp = NULL;
}
