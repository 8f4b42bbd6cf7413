/* sdl_input.h - SDL events to ui_event_t: the one path for touch, mouse,
 * wheel and keyboard.
 *
 * Fingers: SDL gives 0..1 coordinates of the panel; they become panel
 * pixels, then logical pixels through rotate.h. The mouse: only real mice
 * (events SDL synthesised from touch carry SDL_TOUCH_MOUSEID and are
 * dropped, so a touch is never counted twice); moves are passed only while
 * the left button is down. The wheel (and a touchpad's two-finger scroll):
 * UI_EV_WHEEL in hundredths of a notch, at the pointer's position mapped
 * like the mouse's. Keys: input.h codes; text: UI_EV_TEXT. */
#ifndef AGM_PLATFORM_SDL_INPUT_H
#define AGM_PLATFORM_SDL_INPUT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "../ui/input.h"

#define SDL_INPUT_FINGERS 10

typedef struct {
    int rotation;          /* 0, 90, 180, 270 */
    int panel_w, panel_h;  /* the window's size in pixels */
    SDL_FingerID fingers[SDL_INPUT_FINGERS]; /* slot -> SDL id; pointer = slot + 1 */
    SDL_TouchID touch[SDL_INPUT_FINGERS];    /* the device each finger is on */
    int last_x[SDL_INPUT_FINGERS], last_y[SDL_INPUT_FINGERS]; /* where it was last */
    bool used[SDL_INPUT_FINGERS];
} sdl_input_t;

/* Map e to *out with time_ms = now. Returns false for events that are not
 * input (or are dropped). Window close and quit map to UI_EV_QUIT_REQUEST. */
bool sdl_input_map(sdl_input_t *in, const SDL_Event *e, uint64_t now, ui_event_t *out);

/* A finger held on a touch device that is no longer among the present
 * ones (unplugged while touched: its lift never comes, and until it did
 * every later touch would count as a second finger). Returns true with
 * *out = that finger's UI_EV_POINTER_CANCEL where it was last (not a lift:
 * a press released on its control is a tap however long it was held, and
 * a finger that never lifted must tap nothing), and forgets it;
 * call until it returns false. */
bool sdl_input_lost_finger(sdl_input_t *in, const SDL_TouchID *present, int npresent, uint64_t now,
                           ui_event_t *out);

/* The input.h key code for an SDL key (UI_KEY_NONE when not mapped). */
int sdl_input_key(SDL_Keycode k);

#endif
