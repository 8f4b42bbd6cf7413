/* ui_text.c - the UI's strings: ui_str (borrowed from the content) and the
 * formatted ones (ui_fmt, ui_count, ui_date), which all live in one scratch
 * list until the next frame is drawn. See screen.h. */
#include "screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/util.h"

/* Formatted strings of the current frame: freed by ui_text_frame_reset()
 * (app_draw, before a frame is drawn). The UI thread only. */
static struct {
    char **v;
    size_t n, cap;
} scratch;

void ui_text_frame_reset(void)
{
    for (size_t i = 0; i < scratch.n; i++)
        free(scratch.v[i]);
    scratch.n = 0;
}

void ui_text_free(void)
{
    ui_text_frame_reset();
    free(scratch.v);
    scratch.v = NULL;
    scratch.cap = 0;
}

/* s (allocated) kept until the next frame. */
static const char *scratch_keep(char *s)
{
    xgrow((void **)&scratch.v, &scratch.cap, scratch.n + 1, sizeof *scratch.v);
    scratch.v[scratch.n++] = s;
    return s;
}

/* tmpl filled by the one template engine (content_subst_vars), kept until
 * the next frame. */
static const char *scratch_subst(const char *tmpl, const char *const *args, size_t nargs)
{
    size_t len = content_subst_vars(tmpl, args, nargs, NULL, 0, NULL, 0);
    char *s = xmalloc(len + 1);
    content_subst_vars(tmpl, args, nargs, NULL, 0, s, len + 1);
    return scratch_keep(s);
}

const char *ui_str(const ui_t *ui, const char *key) { return content_text(ui->content, ui->lang, key); }

const char *ui_fmt(const ui_t *ui, const char *key, ...)
{
    enum { MAX_ARGS = 16 };
    const char *t = ui_str(ui, key), *args[MAX_ARGS];
    /* Read only as many arguments as the text takes, and none after a NULL. */
    size_t want = content_subst_nargs(t), n = 0;
    va_list ap;
    va_start(ap, key);
    while (n < want && n < MAX_ARGS && (args[n] = va_arg(ap, const char *)) != NULL)
        n++;
    va_end(ap);
    return scratch_subst(t, args, n);
}

const char *ui_count(const ui_t *ui, const char *key, long long n)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", n);
    const char *args[] = {num};
    return scratch_subst(content_text_count(ui->content, ui->lang, key, n), args, 1);
}

const char *ui_date(const ui_t *ui, const char *fmt_key, int year, int month, int day)
{
    size_t len = content_format_date(ui->content, ui->lang, fmt_key, year, month, day, NULL, 0);
    char *s = xmalloc(len + 1);
    content_format_date(ui->content, ui->lang, fmt_key, year, month, day, s, len + 1);
    return scratch_keep(s);
}
