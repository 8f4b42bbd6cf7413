/* pin_check.h - one PIN check (pin_verify, Argon2id: about 0.1 s, longer on
 * a Raspberry Pi) in a worker thread, so that the PIN pad keeps drawing and
 * taking touches meanwhile. The style of admin_job.h:
 *
 * pin_check_start() copies the folder and the PIN into the job and starts
 * the thread; the UI thread asks pin_check_done() on its updates. Nothing
 * of the job is touched by both threads except its state, an atomic
 * published after the result: once pin_check_done() says true, the result
 * may be read. The worker wipes its copy of the PIN after the check.
 *
 * The job holds no pointer to the screen or the app, so the screen may stop
 * caring at any time: it keeps the job until it is done (or frees it, which
 * waits for the thread: one check, well under a second). */
#ifndef AGM_PIN_CHECK_H
#define AGM_PIN_CHECK_H

#include <stdbool.h>

#include "pin.h"

typedef struct pin_check pin_check_t;

/* Start checking pin against data_dir's PIN file. Never NULL: when no
 * thread can be started, the check runs here and is done on return. */
pin_check_t *pin_check_start(const char *data_dir, const char *pin);

/* True once the answer is there. */
bool pin_check_done(const pin_check_t *c);
/* pin_verify()'s answer; PIN_ERROR while not done. */
pin_result_t pin_check_result(const pin_check_t *c);

void pin_check_free(pin_check_t *c); /* accepts NULL; joins the thread */

/* TEST HOOK, not for the kiosk: for each check started after it is set,
 * called in the worker with done false before checking (e.g. to hold the
 * worker until a test has seen the UI keep drawing) and with done true
 * once the answer is published. NULL ends it. */
void pin_check_test_set_hook(void (*hook)(bool done, void *ctx), void *ctx);

#endif
