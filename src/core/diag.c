#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_add(diag_list_t *d, diag_severity_t sev, const char *file, int line, const char *fmt, ...)
{
    xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = xstrdup("(message lost: out of memory)");
    va_end(ap);
    d->v[d->n++] = (diag_t){sev, xstrdup(file ? file : "?"), line, msg};
}

size_t diag_count(const diag_list_t *d, diag_severity_t sev)
{
    size_t c = 0;
    for (size_t i = 0; i < d->n; i++)
        c += d->v[i].severity == sev;
    return c;
}

void diag_print(const diag_list_t *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag_t *e = &d->v[i];
        fprintf(out, "%s:%d: %s%s\n", e->file, e->line,
                e->severity == DIAG_WARNING ? "warning: " : "", e->msg);
    }
}

void diag_move(diag_list_t *dst, diag_list_t *src)
{
    for (size_t i = 0; i < src->n; i++) {
        xgrow((void **)&dst->v, &dst->cap, dst->n + 1, sizeof *dst->v);
        dst->v[dst->n++] = src->v[i];
    }
    free(src->v);
    src->v = NULL;
    src->n = src->cap = 0;
}

void diag_free(diag_list_t *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
