/* Admin PIN: stored only as a hash (mode 0600), verified, replaced, and the
 * 5-wrong-PINs lockout on a fake clock. */
#include "test.h"
#include "admin/pin.h"
#include "admin/pin_check.h"
#include "core/util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    uint64_t now;
} fake_clock_t;

static uint64_t fake_now(void *p)
{
    return ((fake_clock_t *)p)->now;
}

static void test_pin_format(void)
{
    const char *good[] = {"1234", "000000", "123456789012"};
    const char *bad[] = {"", "123", "1234567890123", "12a4", " 1234", "1234\n", "１２３４", "-1234"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(good); i++)
        CHECK_MSG(pin_format_ok(good[i]), "%s", good[i]);
    for (size_t i = 0; i < AGM_ARRAY_LEN(bad); i++)
        CHECK_MSG(!pin_format_ok(bad[i]), "%s", bad[i]);
    CHECK(!pin_format_ok(NULL));
    const char *dir = test_tmpdir();
    char *err = NULL;
    CHECK(!pin_set(dir, "12a4", &err));
    CHECK_CONTAINS(err, "4 to 12 digits");
    free(err);
    CHECK(!pin_is_set(dir));
}

static void test_pin_set_and_verify(void)
{
    const char *dir = test_tmpdir();
    char *data = path_join(dir, "data/nested");
    CHECK(!pin_is_set(data));
    CHECK_INT(pin_verify(data, "1234"), PIN_NOT_SET);
    char *err = NULL;
    CHECK_MSG(pin_set(data, "20121008", &err), "%s", err);
    CHECK(pin_is_set(data));
    CHECK_INT(pin_verify(data, "20121008"), PIN_OK);
    CHECK_INT(pin_verify(data, "20121009"), PIN_WRONG);
    CHECK_INT(pin_verify(data, "2012100"), PIN_WRONG);
    CHECK_INT(pin_verify(data, ""), PIN_WRONG);

    /* On disk: an Argon2id hash string, not the PIN, mode 0600. */
    char *path = pin_file_path(data);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    size_t len;
    char *text = file_read_all(path, &len);
    CHECK(text);
    CHECK(strncmp(text, "$argon2id$", 10) == 0);
    CHECK(!strstr(text, "20121008"));
    CHECK(len > 60 && text[len - 1] == '\n');
    free(text);

    /* A new PIN replaces the old one; a second hash of the same PIN differs
     * (random salt). */
    char *first = file_read_all(path, NULL);
    CHECK_MSG(pin_set(data, "9876", &err), "%s", err);
    CHECK_INT(pin_verify(data, "20121008"), PIN_WRONG);
    CHECK_INT(pin_verify(data, "9876"), PIN_OK);
    CHECK_MSG(pin_set(data, "20121008", &err), "%s", err);
    char *second = file_read_all(path, NULL);
    CHECK(first && second && strcmp(first, second) != 0);
    free(first);
    free(second);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

    /* A damaged file is an error, never an open door. */
    char *junk = test_write_file(data, "admin-pin", "20121008\n");
    free(junk);
    CHECK(!pin_is_set(data));
    CHECK_INT(pin_verify(data, "20121008"), PIN_ERROR);
    free(path);
    free(data);
}

static void test_pin_unwritable(void)
{
    const char *dir = test_tmpdir();
    char *file = test_write_file(dir, "blocker", "x");
    char *data = path_join(file, "data");
    char *err = NULL;
    CHECK(!pin_set(data, "1234", &err));
    CHECK_CONTAINS(err, "could not create the folder");
    CHECK_CONTAINS(err, data);
    free(err);
    free(data);
    free(file);
}

static void test_pin_lockout(void)
{
    const char *dir = test_tmpdir();
    char *err = NULL;
    CHECK_MSG(pin_set(dir, "4321", &err), "%s", err);
    fake_clock_t clk = {.now = 1000};
    pin_guard_t g;
    pin_guard_init(&g, dir, fake_now, &clk);
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_OK);

    /* A right PIN resets the count. */
    for (int i = 0; i < 4; i++)
        CHECK_INT(pin_guard_try(&g, "0000"), PIN_WRONG);
    CHECK_INT(pin_guard_attempts_left(&g), 1);
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_OK);
    CHECK_INT(pin_guard_attempts_left(&g), 5);

    /* Five wrong in a row lock for 60 s, even against the right PIN. */
    for (int i = 0; i < 5; i++) {
        CHECK_INT(pin_guard_locked_ms(&g), 0);
        CHECK_INT(pin_guard_try(&g, "1111"), PIN_WRONG);
    }
    CHECK_INT(pin_guard_locked_ms(&g), 60000);
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_LOCKED);
    clk.now += 59999;
    CHECK_INT(pin_guard_locked_ms(&g), 1);
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_LOCKED);
    clk.now += 1;
    CHECK_INT(pin_guard_locked_ms(&g), 0);
    CHECK_INT(pin_guard_attempts_left(&g), 5);
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_OK);

    /* After a lock, wrong PINs lock again after five more. */
    for (int i = 0; i < 5; i++)
        CHECK_INT(pin_guard_try(&g, "2222"), PIN_WRONG);
    CHECK_INT(pin_guard_try(&g, "2222"), PIN_LOCKED);
    clk.now += 60000;
    CHECK_INT(pin_guard_try(&g, "4321"), PIN_OK);
    pin_guard_free(&g);
    pin_guard_free(&g); /* idempotent */

    /* No PIN set: the guard says so and never locks. */
    const char *empty = test_tmpdir();
    pin_guard_init(&g, empty, fake_now, &clk);
    for (int i = 0; i < 7; i++)
        CHECK_INT(pin_guard_try(&g, "1234"), PIN_NOT_SET);
    pin_guard_free(&g);
}

/* The guard in two halves around a check made elsewhere (the PIN pad's
 * worker thread): the same lock as pin_guard_try. */
static void test_pin_guard_halves(void)
{
    fake_clock_t clk = {.now = 5000};
    pin_guard_t g;
    pin_guard_init(&g, test_tmpdir(), fake_now, &clk);
    CHECK_INT(pin_guard_begin(&g), PIN_OK);
    CHECK_INT(pin_guard_end(&g, PIN_OK), PIN_OK);
    for (int i = 0; i < 4; i++) {
        CHECK_INT(pin_guard_begin(&g), PIN_OK);
        CHECK_INT(pin_guard_end(&g, PIN_WRONG), PIN_WRONG);
    }
    CHECK_INT(pin_guard_attempts_left(&g), 1);
    CHECK_INT(pin_guard_begin(&g), PIN_OK);
    clk.now += 700; /* the check took a while: the lock starts with its answer */
    CHECK_INT(pin_guard_end(&g, PIN_WRONG), PIN_WRONG);
    CHECK_INT(pin_guard_locked_ms(&g), 60000);
    CHECK_INT(pin_guard_begin(&g), PIN_LOCKED);
    CHECK_INT(pin_guard_attempts_left(&g), 0);
    clk.now += 60000;
    CHECK_INT(pin_guard_begin(&g), PIN_OK);
    CHECK_INT(pin_guard_attempts_left(&g), 5);
    /* an unreadable file is neither right nor counted */
    CHECK_INT(pin_guard_end(&g, PIN_ERROR), PIN_ERROR);
    CHECK_INT(pin_guard_attempts_left(&g), 5);
    pin_guard_free(&g);
}

static pin_result_t check_wait(const char *dir, const char *pin)
{
    pin_check_t *c = pin_check_start(dir, pin);
    for (int i = 0; i < 30000 && !pin_check_done(c); i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    pin_result_t r = pin_check_done(c) ? pin_check_result(c) : (pin_result_t)-1;
    pin_check_free(c);
    return r;
}

/* The check in a worker thread gives pin_verify's answers, keeps its own
 * copy of the PIN, and can be freed while it runs. */
static void test_pin_check_thread(void)
{
    const char *dir = test_tmpdir();
    char *err = NULL;
    CHECK_INT(check_wait(dir, "4321"), PIN_NOT_SET);
    CHECK_MSG(pin_set(dir, "4321", &err), "%s", err);
    CHECK_INT(check_wait(dir, "4321"), PIN_OK);
    CHECK_INT(check_wait(dir, "4322"), PIN_WRONG);
    CHECK_INT(check_wait(dir, "12"), PIN_WRONG);
    CHECK_INT(check_wait(dir, "4321432143214321"), PIN_WRONG); /* too long: never cut to a right one */
    /* the caller's buffer may be wiped at once */
    char buf[8] = "4321";
    pin_check_t *c = pin_check_start(dir, buf);
    memset(buf, 0, sizeof buf);
    for (int i = 0; i < 30000 && !pin_check_done(c); i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    CHECK_INT(pin_check_result(c), PIN_OK);
    pin_check_free(c);
    /* freed while running: waits for the thread, nothing leaks */
    pin_check_free(pin_check_start(dir, "4321"));
    pin_check_free(NULL);
}

int main(void)
{
    RUN(test_pin_format);
    RUN(test_pin_set_and_verify);
    RUN(test_pin_unwritable);
    RUN(test_pin_lockout);
    RUN(test_pin_guard_halves);
    RUN(test_pin_check_thread);
    return test_summary();
}
