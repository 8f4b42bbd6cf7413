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
