/* tz.h - times shown to organizers in their own time zone. Stored times
 * stay UTC ("2026-10-08T10:15:00Z"); only what is shown is converted. */
#ifndef AGM_TZ_H
#define AGM_TZ_H

#include <stdbool.h>
#include <stddef.h>

/* True when name is a time zone this system knows ("Asia/Tokyo", "UTC"). */
bool tz_valid(const char *name);

/* "2026-10-08T10:15:00Z" as "2026-10-08 19:15 JST" in zone tz (NULL or
 * empty: "2026-10-08 10:15 UTC"). Returns false, with the text as given
 * (or empty), when it is not such a time. The UI thread only (it sets TZ
 * for the conversion and puts it back). */
bool tz_format_utc(const char *iso_utc, const char *tz, char *out, size_t n);

#endif
