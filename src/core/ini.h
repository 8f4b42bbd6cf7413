/* ini.h - INI files read with inih, with what inih alone lacks here:
 * the line number of every key (for "file:line: message"), values that
 * continue on indented lines (Debian's inih stops at 200 bytes a line),
 * a UTF-8 check, and BOM / CRLF tolerance.
 *
 *   [section]
 *   key = value
 *   long = first part of a long value
 *     continues here            ; joined to the value with one space
 *   # or ; start a comment line */
#ifndef AGM_INI_H
#define AGM_INI_H

#include <stdbool.h>
#include "diag.h"

/* Called once per key with the whole (joined) value. Return false after
 * adding a diagnostic when the key or value is bad; reading continues. */
typedef bool (*ini_key_cb)(void *user, const char *section, const char *key,
                           const char *value, int line);

/* Read path, reporting problems under the name shown. Returns false when
 * the file could not be read at all or any problem was reported (by this
 * reader or by cb). A missing file is reported as "shown:0: ...". */
bool ini_load_file(const char *path, const char *shown, ini_key_cb cb, void *user,
                   diag_list_t *d);

/* The same for text already in memory (tests). */
bool ini_load_text(const char *text, size_t len, const char *shown, ini_key_cb cb,
                   void *user, diag_list_t *d);

/* Value helpers: parse with a diagnostic naming the key on failure. */
bool ini_parse_bool(const char *v, bool *out);
bool ini_parse_int(const char *v, long min, long max, long *out);

/* A length of time: "45m", "1h30m", "90s", "1h 5m 30s" (h, m and s in
 * that order, each at most once), or "0" for none; at most 24 h. */
bool ini_parse_duration(const char *s, int *seconds);
#define INI_DURATION_RULE "a length of time such as 45m, 1h30m or 90s (0 for none)"
/* A time of day "HH:MM" (24-hour, 00:00 to 23:59), or "" for none (-1). */
bool ini_parse_time_of_day(const char *s, int *minutes);
#define INI_TIME_OF_DAY_RULE "a time of day as HH:MM (24-hour, e.g. 15:30), or nothing for none"

#endif
