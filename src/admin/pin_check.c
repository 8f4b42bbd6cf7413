/* pin_check.c - a PIN check in a worker thread (see pin_check.h). */
#include "pin_check.h"
#include "../core/log.h"
#include "../core/util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct pin_check {
    pthread_t thread;
    bool threaded;             /* false: checked in pin_check_start */
    char *data_dir;
    char pin[PIN_MAX_DIGITS + 1];
    void (*hook)(bool done, void *ctx);
    void *hook_ctx;
    pin_result_t result;
    atomic_bool done;          /* published last */
};

static void (*test_hook)(bool done, void *ctx);
static void *test_hook_ctx;

void pin_check_test_set_hook(void (*hook)(bool done, void *ctx), void *ctx)
{
    test_hook = hook;
    test_hook_ctx = ctx;
}

static void check_run(pin_check_t *c)
{
    /* the hook is copied while starting: the worker never reads the globals */
    void (*hook)(bool done, void *ctx) = c->hook;
    void *ctx = c->hook_ctx;
    if (hook)
        hook(false, ctx);
    c->result = pin_verify(c->data_dir, c->pin);
    sodium_memzero(c->pin, sizeof c->pin); /* the PIN is a secret */
    atomic_store_explicit(&c->done, true, memory_order_release);
    /* from here the UI thread may take the answer and free the job (it joins first) */
    if (hook)
        hook(true, ctx);
}

static void *check_main(void *arg)
{
    check_run(arg);
    return NULL;
}

pin_check_t *pin_check_start(const char *data_dir, const char *pin)
{
    pin_check_t *c = xcalloc(1, sizeof *c);
    c->data_dir = xstrdup(data_dir);
    /* A longer "PIN" is wrong anyway: keep it wrong rather than cut it to a right one. */
    if (strlen(pin) < sizeof c->pin)
        memcpy(c->pin, pin, strlen(pin) + 1);
    else
        memcpy(c->pin, "x", 2);
    c->hook = test_hook;
    c->hook_ctx = test_hook_ctx;
    c->result = PIN_ERROR;
    atomic_init(&c->done, false);
    int rc = pthread_create(&c->thread, NULL, check_main, c);
    c->threaded = rc == 0;
    if (!c->threaded) {
        log_warn("admin", "cannot start the PIN check beside the screen (%s): checking here", strerror(rc));
        check_run(c);
    }
    return c;
}

bool pin_check_done(const pin_check_t *c)
{
    return atomic_load_explicit(&((pin_check_t *)c)->done, memory_order_acquire);
}

pin_result_t pin_check_result(const pin_check_t *c)
{
    return pin_check_done(c) ? c->result : PIN_ERROR;
}

void pin_check_free(pin_check_t *c)
{
    if (!c)
        return;
    if (c->threaded)
        pthread_join(c->thread, NULL);
    sodium_memzero(c->pin, sizeof c->pin);
    free(c->data_dir);
    free(c);
}
