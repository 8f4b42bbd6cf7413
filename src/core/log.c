#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static log_level_t g_level = LOG_INFO;

void log_set_level(log_level_t level) { g_level = level; }
log_level_t log_get_level(void) { return g_level; }

void log_msg(log_level_t level, const char *tag, const char *fmt, ...)
{
    if (level < g_level)
        return;
    static const char *names[] = {"debug", "info", "warning", "error"};
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: %s: ", tag, names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
