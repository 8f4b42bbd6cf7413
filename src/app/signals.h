/* signals.h - SIGTERM and SIGINT end the kiosk cleanly.
 *
 * signals_block() blocks them in the calling thread and in every thread
 * started after it (call it first, before a display system starts its
 * own threads); signals_start() starts the one thread that takes them with
 * sigwait. There a signal sets the flag signals_stop_requested() reads and
 * calls wake(ctx) (a backend's wake: it must be safe from another thread),
 * so that a loop asleep in a wait ends it. */
#ifndef AGM_APP_SIGNALS_H
#define AGM_APP_SIGNALS_H

#include <stdbool.h>

void signals_block(void);
/* Start the thread. Returns false (errno set) when it cannot be started;
 * signals_release() then unblocks the signals. */
bool signals_start(void (*wake)(void *ctx), void *ctx);
bool signals_stop_requested(void);
/* End the thread started by signals_start, then signals_release(). */
void signals_stop(void);
void signals_release(void);

#endif
