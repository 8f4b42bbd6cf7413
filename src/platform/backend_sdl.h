/* backend_sdl.h - the kiosk's window on SDL video, as a backend_ops_t for
 * the loop (src/app/backend.h): the window and its renderer (fullscreen
 * or not), the picture turned for a rotated panel, SDL events mapped by
 * sdl_input.c, sleeping until an event (or, on drivers that cannot, in
 * poll() on the input devices), the presenter's window on a second
 * display. */
#ifndef AGM_PLATFORM_BACKEND_SDL_H
#define AGM_PLATFORM_BACKEND_SDL_H

#include <stdbool.h>

#include "../app/backend.h"
#include "fonts.h"

typedef struct backend_sdl backend_sdl_t;

extern const backend_ops_t backend_sdl_ops;

/* Start SDL's video (call signals_block() first: SDL starts threads).
 * Returns NULL with *err set (the caller frees it; it reads after
 * "agmkiosk: ") when there is no display to show the kiosk on. */
backend_sdl_t *backend_sdl_init(char **err);
/* Whether libdbus finds a session bus without starting one: an address in
 * DBUS_SESSION_BUS_ADDRESS (address), or the user's bus socket
 * runtime_dir/bus ($XDG_RUNTIME_DIR). Where it does not (the kiosk's
 * service, plain X started by hand), backend_sdl_init() says there is none,
 * so that SDL's input-method and screen-saver code do not have libdbus
 * "autolaunch" one: a fork and an exec of dbus-launch along the whole PATH
 * at every start, or a new bus left running where dbus-x11 is installed,
 * for a bus with nothing on it. */
bool backend_sdl_session_bus_known(const char *address, const char *runtime_dir);
/* The fonts to draw with (borrowed); set before the loop opens it. */
void backend_sdl_set_fonts(backend_sdl_t *b, fonts_t *fs);
/* Stop SDL and free b (accepts NULL). After the loop closed it. */
void backend_sdl_quit(backend_sdl_t *b);

#endif
