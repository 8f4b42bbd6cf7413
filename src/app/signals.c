/* signals.c - SIGTERM / SIGINT end the kiosk cleanly (see signals.h). */
#include "signals.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

static atomic_int g_stop;
static sigset_t g_sigs;
static pthread_t g_thread;
static bool g_running;
static void (*g_wake)(void *ctx);
static void *g_wake_ctx;

/* All signals of interest are blocked in every thread and taken here with
 * sigwait, where it is safe to wake the loop (a backend pushes an event
 * or writes to a pipe). */
static void *signal_thread(void *arg)
{
    (void)arg;
    for (;;) {
        int sig = 0;
        if (sigwait(&g_sigs, &sig) != 0)
            continue;
        if (sig == SIGUSR2) /* sent by signals_stop */
            return NULL;
        atomic_store(&g_stop, 1);
        if (g_wake)
            g_wake(g_wake_ctx);
    }
}

void signals_block(void)
{
    sigemptyset(&g_sigs);
    sigaddset(&g_sigs, SIGTERM);
    sigaddset(&g_sigs, SIGINT);
    sigaddset(&g_sigs, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &g_sigs, NULL);
}

bool signals_start(void (*wake)(void *ctx), void *ctx)
{
    g_wake = wake;
    g_wake_ctx = ctx;
    g_running = pthread_create(&g_thread, NULL, signal_thread, NULL) == 0;
    return g_running;
}

bool signals_stop_requested(void)
{
    return atomic_load(&g_stop) != 0;
}

void signals_release(void)
{
    pthread_sigmask(SIG_UNBLOCK, &g_sigs, NULL);
}

void signals_stop(void)
{
    if (g_running) {
        pthread_kill(g_thread, SIGUSR2);
        pthread_join(g_thread, NULL);
        g_running = false;
    }
    g_wake = NULL;
    g_wake_ctx = NULL;
    signals_release();
}
