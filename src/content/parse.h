/* parse.h - helpers the part loaders of src/content/ share (parse.c):
 * below the loaders, which are below content.c; nothing here calls up. Not
 * part of the public contract (content.h is). */
#ifndef AGM_CONTENT_PARSE_H
#define AGM_CONTENT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/diag.h"

/* Read a whole content file as text: reports a missing/unreadable file
 * (line 0), an empty one (line 0), invalid UTF-8 and control characters
 * other than TAB, LF and CR (with their line).
 * A UTF-8 BOM is skipped: *body points past it inside the returned buffer.
 * Returns NULL after reporting; caller frees the returned buffer. */
char *content_read_text(const char *path, const char *shown, diag_list_t *d,
                        const char **body, size_t *len);

/* True for an id made of ASCII letters, digits, '_' and '-'. */
bool content_id_valid(const char *s);

/* Section headers of an INI text, so that repeated [slide] headers and
 * sections without keys can be told apart (inih reports keys only). */
typedef struct { char *name; int line; } ini_header_t;
typedef struct { ini_header_t *v; size_t n, cap; } ini_headers_t;
void content_ini_headers(const char *text, size_t len, ini_headers_t *out);
/* The header a key on line belongs to (the last header before it), or NULL. */
const ini_header_t *content_ini_header_for(const ini_headers_t *h, int line);
void content_ini_headers_free(ini_headers_t *h);

/* An INI value joined from indented lines gets a space at each join; in
 * Japanese and Chinese text that space is wrong. Removes a single space
 * between two ideographs, kana or fullwidth punctuation (not Hangul, where
 * spaces separate words). Works in place. */
void content_fix_cjk_joins(char *s);

/* Parse "YYYY-MM-DD" into a real calendar date. */
bool content_parse_date(const char *s, int *y, int *m, int *day);

#endif
