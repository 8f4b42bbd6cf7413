/* ICU is not linked: it is loaded at the first Japanese paragraph
 * (core/phrase.h), with a clear message when it is missing. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/phrase.h"

/* True when a mapping of this process names a file containing needle. */
static bool mapped(const char *needle)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

/* The code points of UTF-8 s into cps; their count. */
static size_t decode(const char *s, uint32_t *cps, size_t cap)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < cap) {
        uint32_t c = *p;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
        p++;
        for (int i = 0; i < extra && *p; i++, p++)
            c = (c << 6) | (*p & 0x3F);
        cps[n++] = c;
    }
    return n;
}

/* stderr of fn() in a buffer (the log writes there). */
static char captured[4096];
static void capture_stderr(void (*fn)(void *), void *arg)
{
    char path[] = "/tmp/agm-test-stderr-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    fflush(stderr);
    log_level_t level = log_get_level();
    log_set_level(LOG_INFO);
    int saved = dup(2);
    dup2(fd, 2);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    log_set_level(level);
    ssize_t n = pread(fd, captured, sizeof captured - 1, 0);
    captured[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
}

/* Loaded at start: neither ICU nor the C++ runtime it brings. */
static void test_not_linked(void)
{
    CHECK_MSG(!mapped("libicuuc"), "ICU is loaded before any Japanese text");
#ifndef __SANITIZE_ADDRESS__ /* the sanitizers' runtime brings its own libstdc++ */
    CHECK_MSG(!mapped("libstdc++"), "the C++ runtime is loaded at start");
#endif
    CHECK(!phrase_loaded());
    CHECK_CONTAINS(phrase_library(), "libicuuc.so.");
}

static bool missing_ok;
static void break_with_missing(void *arg)
{
    uint32_t cps[64];
    size_t n = decode("今日は良い天気です", cps, 64);
    bool brk[64];
    memset(brk, 1, sizeof brk);
    missing_ok = phrase_breaks_ja(cps, n, brk);
    CHECK(brk[3]); /* untouched on failure */
    (void)arg;
}

/* A missing library: the caller breaks by character, the log says which
 * file was missing and which package has it. */
static void test_missing_library(void)
{
    phrase_use_library("libicuuc-missing.so.0");
    capture_stderr(break_with_missing, NULL);
    CHECK(!missing_ok);
    CHECK(!phrase_loaded());
    CHECK_CONTAINS(captured, "libicuuc-missing.so.0");
    CHECK_CONTAINS(captured, "breaking by character");
    CHECK_CONTAINS(captured, "libicu");
    CHECK(!mapped("libicuuc"));
}

/* Then the real library, loaded at the first call: phrases, not characters. */
static void test_loaded_at_first_use(void)
{
    phrase_use_library(NULL);
    uint32_t cps[64];
    const char *text = "今日は良い天気です"; /* 今日は|良い|天気です */
    size_t n = decode(text, cps, 64);
    bool brk[64];
    CHECK(phrase_breaks_ja(cps, n, brk));
    CHECK(phrase_loaded());
    CHECK(mapped(phrase_library()));
    CHECK(!brk[0]);
    CHECK(!brk[1]); /* never inside 今日 */
    CHECK(brk[3]);  /* before 良い */
    CHECK(!brk[4]);
    int breaks = 0;
    for (size_t i = 0; i < n; i++)
        breaks += brk[i];
    CHECK_MSG(breaks >= 2 && breaks <= 3, "%d breaks", breaks);
    /* Again, with the iterator kept. */
    bool brk2[64];
    CHECK(phrase_breaks_ja(cps, n, brk2));
    CHECK(memcmp(brk, brk2, n) == 0);
}

int main(void)
{
    RUN(test_not_linked);
    RUN(test_missing_library);
    RUN(test_loaded_at_first_use);
    return test_summary();
}
