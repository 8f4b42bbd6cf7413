/* test.h - a small test harness in the spirit of Redis' testhelp.h.
 *
 *   static void test_wraps(void) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(test_wraps); return test_summary(); }
 *
 * A failed CHECK prints file:line and the expression and ends that test
 * function; test_summary() prints "N passed, N failed" as the last line and
 * returns the exit status. */
#ifndef AGM_TEST_H
#define AGM_TEST_H

#include <stdio.h>
#include <string.h>

extern int test_passed, test_failed, test_cur_failed;
extern const char *test_cur_name;

#define CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "  FAIL %s (%s:%d): %s\n", test_cur_name, __FILE__, __LINE__, #cond); \
        test_cur_failed = 1; return; \
    } } while (0)

#define CHECK_MSG(cond, ...) do { \
    if (!(cond)) { \
        fprintf(stderr, "  FAIL %s (%s:%d): %s: ", test_cur_name, __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); \
        test_cur_failed = 1; return; \
    } } while (0)

#define CHECK_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
    CHECK_MSG(_a == _b, "%lld != %lld", _a, _b); } while (0)

#define CHECK_STR(a, b) do { const char *_a = (a), *_b = (b); \
    CHECK_MSG(_a && _b && strcmp(_a, _b) == 0, "\"%s\" != \"%s\"", _a ? _a : "(null)", _b ? _b : "(null)"); } while (0)

#define CHECK_CONTAINS(hay, needle) do { const char *_h = (hay), *_n = (needle); \
    CHECK_MSG(_h && _n && strstr(_h, _n), "\"%s\" does not contain \"%s\"", _h ? _h : "(null)", _n ? _n : "(null)"); } while (0)

#define RUN(fn) test_run(#fn, fn)

void test_run(const char *name, void (*fn)(void));
int test_summary(void);

/* A fresh empty folder under $TMPDIR (removed by test_summary unless
 * AGM_KEEP_TMP is set). Returns a static-lifetime path. */
const char *test_tmpdir(void);
/* Write text to dir/name (creating dir); returns the path (caller frees). */
char *test_write_file(const char *dir, const char *name, const char *text);

#endif
