/* tz.h - times shown to organizers in their own time zone. Stored times
 * stay UTC ("2026-10-08T10:15:00Z"); only what is shown is converted. */
#ifndef AGM_TZ_H
#define AGM_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when name is a time zone this system knows ("Asia/Tokyo", "UTC"). */
bool tz_valid(const char *name);

/* "2026-10-08T10:15:00Z" as "2026-10-08 19:15 JST" in zone tz (NULL or
 * empty: "2026-10-08 10:15 UTC"). Returns false, with the text as given
 * (or empty), when it is not such a time. The UI thread only (it sets TZ
 * for the conversion and puts it back). */
bool tz_format_utc(const char *iso_utc, const char *tz, char *out, size_t n);

/* The moment (ms since the epoch) of the time of day minutes (0..1439) in
 * zone tz (NULL or empty: UTC) nearest to wall_ms: today's, or the next or
 * previous day's when that is within 12 hours (an end time of 00:30 seen
 * at 23:50 is 40 minutes ahead). The UI thread only (it sets TZ). */
int64_t tz_time_of_day_near(int64_t wall_ms, const char *tz, int minutes);

#endif
