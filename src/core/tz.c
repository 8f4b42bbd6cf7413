#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util.h"

bool tz_valid(const char *name)
{
    if (!name || !*name || strstr(name, "..") || name[0] == '/' || strlen(name) > 64)
        return false;
    if (strcmp(name, "UTC") == 0)
        return true;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool tz_format_utc(const char *iso, const char *tz, char *out, size_t n)
{
    if (n == 0)
        return false;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (!end || (*end != 'Z' && *end != 0)) {
        snprintf(out, n, "%s", iso ? iso : "");
        return false;
    }
    time_t t = timegm(&tm);
    if (!tz || !*tz || strcmp(tz, "UTC") == 0) {
        strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm);
        return true;
    }
    char *saved = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    struct tm lt;
    localtime_r(&t, &lt);
    strftime(out, n, "%Y-%m-%d %H:%M %Z", &lt);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    return true;
}

int64_t tz_time_of_day_near(int64_t wall_ms, const char *tz, int minutes)
{
    bool utc = !tz || !*tz || strcmp(tz, "UTC") == 0;
    char *saved = NULL;
    if (!utc) {
        saved = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
        setenv("TZ", tz, 1);
        tzset();
    }
    time_t now = (time_t)(wall_ms / 1000);
    struct tm lt;
    if (utc)
        gmtime_r(&now, &lt);
    else
        localtime_r(&now, &lt);
    lt.tm_hour = minutes / 60;
    lt.tm_min = minutes % 60;
    lt.tm_sec = 0;
    lt.tm_isdst = -1;
    int64_t best = 0;
    bool have = false;
    for (int day = -1; day <= 1; day++) {
        struct tm t = lt;
        t.tm_mday += day;
        t.tm_isdst = -1;
        time_t at = utc ? timegm(&t) : mktime(&t);
        int64_t ms = (int64_t)at * 1000;
        int64_t d = ms - wall_ms, bd = best - wall_ms;
        if (!have || (d < 0 ? -d : d) < (bd < 0 ? -bd : bd)) {
            best = ms;
            have = true;
        }
    }
    if (!utc) {
        if (saved)
            setenv("TZ", saved, 1);
        else
            unsetenv("TZ");
        tzset();
        free(saved);
    }
    return best;
}
