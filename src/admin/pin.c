#include "pin.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT (crypto_pwhash_MEMLIMIT_INTERACTIVE / 4)

bool pin_format_ok(const char *pin)
{
    size_t n = 0;
    if (!pin)
        return false;
    for (; pin[n]; n++)
        if (pin[n] < '0' || pin[n] > '9')
            return false;
    return n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS;
}

char *pin_file_path(const char *data_dir)
{
    return path_join(data_dir, PIN_FILE_NAME);
}

static bool sodium_ready(void)
{
    return sodium_init() >= 0; /* 1 = already initialised: fine */
}

/* Read the stored hash into out (NUL-terminated). 0 ok, ENOENT no file,
 * another errno value otherwise (EINVAL: not a hash). */
static int read_hash(const char *data_dir, char out[crypto_pwhash_STRBYTES])
{
    char *path = pin_file_path(data_dir);
    size_t len = 0;
    char *text = file_read_all(path, &len);
    int e = text ? 0 : errno;
    free(path);
    if (!text)
        return e ? e : EIO;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (len == 0 || len >= crypto_pwhash_STRBYTES || strncmp(text, "$argon2", 7) != 0)
        e = EINVAL;
    else
        memcpy(out, text, len + 1);
    sodium_memzero(text, len);
    free(text);
    return e;
}

bool pin_is_set(const char *data_dir)
{
    char h[crypto_pwhash_STRBYTES];
    return read_hash(data_dir, h) == 0;
}

pin_result_t pin_verify(const char *data_dir, const char *pin)
{
    char h[crypto_pwhash_STRBYTES];
    int e = read_hash(data_dir, h);
    if (e == ENOENT)
        return PIN_NOT_SET;
    if (e != 0 || !sodium_ready())
        return PIN_ERROR;
    if (!pin_format_ok(pin))
        return PIN_WRONG;
    return crypto_pwhash_str_verify(h, pin, strlen(pin)) == 0 ? PIN_OK : PIN_WRONG;
}

bool pin_set(const char *data_dir, const char *pin, char **err)
{
    *err = NULL;
    if (!pin_format_ok(pin)) {
        *err = xasprintf("the PIN must be %d to %d digits (0-9) and nothing else", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return false;
    }
    if (!sodium_ready()) {
        *err = xstrdup("libsodium could not start (no randomness?)");
        return false;
    }
    char h[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(h, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0) {
        *err = xstrdup("hashing the PIN failed (out of memory?)");
        return false;
    }
    char *path = pin_file_path(data_dir);
    size_t n = strlen(h);
    h[n] = '\n';
    bool ok = write_file_replace(data_dir, path, h, n + 1, err);
    sodium_memzero(h, sizeof h);
    free(path);
    return ok;
}

/* ---- lockout ------------------------------------------------------------ */

static uint64_t default_clock(void *ctx)
{
    (void)ctx;
    return now_ms();
}

void pin_guard_init(pin_guard_t *g, const char *data_dir, pin_clock_fn clock, void *clock_ctx)
{
    memset(g, 0, sizeof *g);
    g->data_dir = xstrdup(data_dir);
    g->clock = clock ? clock : default_clock;
    g->clock_ctx = clock_ctx;
}

void pin_guard_free(pin_guard_t *g)
{
    if (!g)
        return;
    free(g->data_dir);
    memset(g, 0, sizeof *g);
}

uint64_t pin_guard_locked_ms(pin_guard_t *g)
{
    if (!g->locked_until)
        return 0;
    uint64_t now = g->clock(g->clock_ctx);
    if (now >= g->locked_until) {
        /* The lock is over: a fresh set of attempts. */
        g->locked_until = 0;
        g->failures = 0;
        return 0;
    }
    return g->locked_until - now;
}

int pin_guard_attempts_left(const pin_guard_t *g)
{
    return PIN_MAX_FAILURES - g->failures;
}

pin_result_t pin_guard_begin(pin_guard_t *g)
{
    return pin_guard_locked_ms(g) ? PIN_LOCKED : PIN_OK;
}

pin_result_t pin_guard_end(pin_guard_t *g, pin_result_t r)
{
    if (r == PIN_OK) {
        g->failures = 0;
    } else if (r == PIN_WRONG && ++g->failures >= PIN_MAX_FAILURES) {
        /* A clock value of 0 means "not locked", so never store 0. */
        g->locked_until = g->clock(g->clock_ctx) + PIN_LOCK_MS;
        if (!g->locked_until)
            g->locked_until = 1;
    }
    return r;
}

pin_result_t pin_guard_try(pin_guard_t *g, const char *pin)
{
    if (pin_guard_begin(g) == PIN_LOCKED)
        return PIN_LOCKED;
    return pin_guard_end(g, pin_verify(g->data_dir, pin));
}
