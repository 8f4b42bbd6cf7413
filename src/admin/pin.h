/* pin.h - the organizers' admin PIN and the lockout in front of it.
 *
 * The PIN (4 to 12 digits) is never stored: DATA_DIR/admin-pin holds only
 * libsodium's crypto_pwhash_str() of it (Argon2id, random salt, the cost
 * parameters inside the string), one line, mode 0600, replaced atomically
 * (temporary file, fsync, rename, folder fsync). The cost is libsodium's
 * interactive operations limit with a quarter of its memory limit (16 MiB),
 * so that a check stays well under a second on a Raspberry Pi and the kiosk
 * does not need 64 MiB for it.
 *
 * pin_guard_t is the lockout state machine the admin screen uses: after
 * PIN_MAX_FAILURES wrong PINs in a row, every attempt is refused without
 * checking for PIN_LOCK_MS; when the lock ends the count starts again; a
 * right PIN resets the count. Its clock is injectable for tests.
 *
 * A check takes about 0.1 s (more on a Raspberry Pi), so the PIN pad runs
 * it in a worker thread (pin_check.h) between pin_guard_begin() and
 * pin_guard_end(); pin_guard_try() is the same done in one call. */
#ifndef AGM_PIN_H
#define AGM_PIN_H

#include <stdbool.h>
#include <stdint.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
#define PIN_MAX_FAILURES 5
#define PIN_LOCK_MS 60000u
#define PIN_FILE_NAME "admin-pin"

typedef enum {
    PIN_OK = 0,      /* right PIN */
    PIN_WRONG,       /* wrong PIN (or not 4-12 digits) */
    PIN_LOCKED,      /* refused without checking: too many wrong PINs */
    PIN_NOT_SET,     /* no PIN file: run `agmkiosk set-pin` */
    PIN_ERROR,       /* the PIN file is unreadable or damaged */
} pin_result_t;

/* True for 4 to 12 ASCII digits and nothing else. */
bool pin_format_ok(const char *pin);

/* The path of the PIN file in data_dir. Caller frees. */
char *pin_file_path(const char *data_dir);

/* Hash pin and store it in data_dir (created 0700 if missing). Returns
 * false with *err set (caller frees) for a PIN that is not 4-12 digits or
 * when the file cannot be written; then the old file, if any, is intact. */
bool pin_set(const char *data_dir, const char *pin, char **err);

/* True when data_dir holds a PIN file with a hash in it. */
bool pin_is_set(const char *data_dir);

/* Check pin against the stored hash (read from disk each time). */
pin_result_t pin_verify(const char *data_dir, const char *pin);

typedef uint64_t (*pin_clock_fn)(void *ctx); /* milliseconds, monotonic */

typedef struct {
    char *data_dir;
    pin_clock_fn clock;
    void *clock_ctx;
    int failures;               /* wrong PINs in a row */
    uint64_t locked_until;      /* clock value; 0 = not locked */
} pin_guard_t;

/* clock NULL = now_ms(). Copies data_dir. Release with pin_guard_free(). */
void pin_guard_init(pin_guard_t *g, const char *data_dir, pin_clock_fn clock, void *clock_ctx);
void pin_guard_free(pin_guard_t *g); /* accepts a zeroed value */

/* One attempt: PIN_LOCKED while locked (not checked, not counted);
 * otherwise pin_verify()'s answer, counting PIN_WRONG towards the lock. */
pin_result_t pin_guard_try(pin_guard_t *g, const char *pin);

/* The two halves of pin_guard_try() around a check run elsewhere:
 * pin_guard_begin() returns PIN_LOCKED while locked (nothing is checked or
 * counted), otherwise PIN_OK meaning "go ahead and check"; pin_guard_end()
 * takes the check's answer, counts a PIN_WRONG towards the lock (which
 * starts then, on the guard's clock) and returns the answer. */
pin_result_t pin_guard_begin(pin_guard_t *g);
pin_result_t pin_guard_end(pin_guard_t *g, pin_result_t r);

/* Milliseconds left of the lock, 0 when attempts are allowed. */
uint64_t pin_guard_locked_ms(pin_guard_t *g);

/* Wrong attempts left before the lock (PIN_MAX_FAILURES when none failed). */
int pin_guard_attempts_left(const pin_guard_t *g);

#endif
