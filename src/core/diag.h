/* diag.h - a list of problems, each with a file, a line and a message.
 * Loaders append to a diag_list_t instead of printing, so that `check`, the
 * kiosk log, the admin screen and the slideshow's reload banner can all show
 * the same findings. Line 0 means "the file as a whole". */
#ifndef AGM_DIAG_H
#define AGM_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR = 0, DIAG_WARNING = 1 } diag_severity_t;

typedef struct {
    diag_severity_t severity;
    char *file;   /* as shown to the user, e.g. "content/stats.csv" */
    int line;     /* 1-based; 0 = whole file */
    char *msg;
} diag_t;

typedef struct {
    diag_t *v;
    size_t n, cap;
} diag_list_t;

void diag_add(diag_list_t *d, diag_severity_t sev, const char *file, int line,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define diag_error(d, file, line, ...) diag_add((d), DIAG_ERROR, (file), (line), __VA_ARGS__)
#define diag_warn(d, file, line, ...) diag_add((d), DIAG_WARNING, (file), (line), __VA_ARGS__)

size_t diag_count(const diag_list_t *d, diag_severity_t sev);
/* Print "file:line: message" (or "file:line: warning: message") one per line. */
void diag_print(const diag_list_t *d, FILE *out);
/* Move all of src's entries to the end of dst; src is left empty. */
void diag_move(diag_list_t *dst, diag_list_t *src);
void diag_free(diag_list_t *d); /* accepts an empty list */

#endif
