/* util.h - allocation that never returns NULL, growable strings, clocks.
 *
 * Allocation failure on a kiosk is not recoverable in any useful way, so the
 * x* functions print a tagged message and abort instead of returning NULL
 * (the sent/ecalloc convention). Everything else in the core may therefore
 * treat allocation as infallible. */
#ifndef AGM_UTIL_H
#define AGM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdbool.h>

#define AGM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define AGM_MIN(a, b) ((a) < (b) ? (a) : (b))
#define AGM_MAX(a, b) ((a) > (b) ? (a) : (b))
#define AGM_CLAMP(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);             /* xstrdup(NULL) returns NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *v (element size esz) so that it holds at least need elements. */
void xgrow(void **v, size_t *cap, size_t need, size_t esz);

/* A growable NUL-terminated byte string. Zero-initialise to start;
 * sb_free() accepts an empty value. */
typedef struct {
    char *s;
    size_t len, cap;
} strbuf_t;

void sb_append(strbuf_t *b, const char *s);
void sb_appendn(strbuf_t *b, const char *s, size_t n);
void sb_appendc(strbuf_t *b, char c);
void sb_printf(strbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sb_clear(strbuf_t *b);
char *sb_steal(strbuf_t *b);               /* caller owns the result; b is emptied */
void sb_free(strbuf_t *b);

/* The English word for a count in program output (command lines, logs;
 * the screens use ui_count and the strings files): one for exactly 1,
 * other for every other count.
 *   printf("%lld %s", n, plural_en(n, "question", "questions"));  */
const char *plural_en(long long n, const char *one, const char *other);

/* Milliseconds from a monotonic clock (never goes backwards). */
uint64_t now_ms(void);
/* Nanoseconds from a monotonic clock, for benchmarks. */
uint64_t now_ns(void);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void now_utc_iso8601(char *buf, size_t n);
/* Current UTC time as "YYYYMMDDTHHMMSSZ" (safe in file names). */
void now_utc_compact(char *buf, size_t n);

/* Read a whole file into a NUL-terminated buffer. Returns NULL and sets errno
 * on failure (EISDIR a folder, ENODEV a device, EFBIG more than
 * FILE_READ_MAX bytes: see file_strerror); *len receives the size without
 * the terminator. Caller frees. */
#define FILE_READ_MAX ((size_t)1 << 30)
char *file_read_all(const char *path, size_t *len);
/* strerror(e), except for EISDIR (file_read_all() given a folder):
 * "is a folder, expected a file". */
const char *file_strerror(int e);

/* Join a directory and a file name with one '/'. Caller frees. */
char *path_join(const char *dir, const char *name);

/* Create a directory and its parents (like mkdir -p) with the given mode.
 * Returns 0 or -1 with errno set. */
int mkdir_p(const char *path, unsigned mode);
/* Replace path (in the folder dir, created 0700 if missing) with n bytes,
 * mode 0600, through a temporary sibling: write, fsync, rename, folder
 * fsync. Never follows a link at the temporary name. False with *err set
 * ("STEP PATH: reason") when it failed; path is then as it was. */
bool write_file_replace(const char *dir, const char *path, const void *bytes, size_t n, char **err);

#endif
