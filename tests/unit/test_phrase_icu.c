/* ICU is not linked: it is loaded at the first Japanese paragraph
 * (core/phrase.h), with a clear message when it is missing. */
#include "test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/phrase.h"
#include "ui/gfx_record.h"
#include "ui/text.h"

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

/* Japanese paragraphs laid out after the failed load: broken by character,
 * each line within the width, and the failure not told again. */
static int laid_lines;
static bool laid_fit;
static void layout_after_missing(void *arg)
{
    gfx_record_t *rec = gfx_record_create(400, 400);
    gfx_t g = gfx_record_gfx(rec);
    font_t f = {.px = 20};
    laid_lines = 0;
    laid_fit = true;
    for (int i = 0; i < 3; i++) {
        text_layout_t l;
        text_opts_t o = {.max_w = 90 + 40 * i};
        text_layout_str(&g, &f, RGBA(0, 0, 0, 255), "北朝鮮から逃れた人々が日本で暮らし始めるための日本語教室を開いています。", &o, &l);
        laid_lines += l.nlines;
        laid_fit = laid_fit && l.width <= o.max_w && l.nlines > 1;
        text_layout_free(&l);
    }
    gfx_record_destroy(rec);
    (void)arg;
}

static void test_layout_after_missing_library(void)
{
    capture_stderr(layout_after_missing, NULL);
    CHECK(laid_lines > 6);
    CHECK(laid_fit);
    CHECK_MSG(captured[0] == '\0', "told again: %s", captured);
    CHECK(!phrase_loaded());
}

/* Several threads breaking lines at once share the one iterator: each gets
 * the breaks of its own text. */
typedef struct {
    const char *text;
    bool want[64];
    size_t n;
    int wrong;
} job_t;

static void *break_many(void *arg)
{
    job_t *j = arg;
    uint32_t cps[64];
    decode(j->text, cps, 64);
    for (int k = 0; k < 300; k++) {
        bool brk[64];
        if (!phrase_breaks_ja(cps, j->n, brk) || memcmp(brk, j->want, j->n) != 0)
            j->wrong++;
    }
    return NULL;
}

static void test_threads(void)
{
    static const char *const texts[] = {"今日は良い天気です", "北朝鮮から逃れた人々が日本で暮らしています",
                                        "日本語教室を開いています", "食料と医薬品を届けました"};
    job_t jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        uint32_t cps[64];
        jobs[i] = (job_t){.text = texts[i]};
        jobs[i].n = decode(texts[i], cps, 64);
        CHECK(phrase_breaks_ja(cps, jobs[i].n, jobs[i].want));
    }
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&th[i], NULL, break_many, &jobs[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK_MSG(jobs[i].wrong == 0, "%s: %d wrong", texts[i], jobs[i].wrong);
    }
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
    RUN(test_layout_after_missing_library);
    RUN(test_loaded_at_first_use);
    RUN(test_threads);
    return test_summary();
}
