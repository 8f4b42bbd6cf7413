/* SDL events to ui_event_t (src/platform/sdl_input.c): one path for touch,
 * mouse, wheel and keys; rotated panels; touch-emulated mouse events
 * dropped. */
#include "test.h"
#include "platform/sdl_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static SDL_Event finger(Uint32 type, SDL_FingerID id, float x, float y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.fingerId = id;
    e.tfinger.x = x;
    e.tfinger.y = y;
    return e;
}

static void test_finger_to_pixels(void)
{
    sdl_input_t in = {.rotation = 0, .panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    SDL_Event e = finger(SDL_FINGERDOWN, 77, 0.5f, 0.25f);
    CHECK(sdl_input_map(&in, &e, 1234, &ev));
    CHECK_INT(ev.type, UI_EV_POINTER_DOWN);
    CHECK_INT(ev.x, 400);
    CHECK_INT(ev.y, 120);
    CHECK_INT(ev.pointer, 1);
    CHECK_INT(ev.time_ms, 1234);
    /* A second finger gets its own pointer number; the first keeps its. */
    e = finger(SDL_FINGERDOWN, 99, 0.1f, 0.1f);
    CHECK(sdl_input_map(&in, &e, 1240, &ev));
    CHECK_INT(ev.pointer, 2);
    e = finger(SDL_FINGERMOTION, 77, 1.0f, 1.0f);  /* the edge stays on the panel */
    CHECK(sdl_input_map(&in, &e, 1250, &ev));
    CHECK_INT(ev.type, UI_EV_POINTER_MOVE);
    CHECK_INT(ev.pointer, 1);
    CHECK_INT(ev.x, 799);
    CHECK_INT(ev.y, 479);
    e = finger(SDL_FINGERUP, 77, 1.0f, 1.0f);
    CHECK(sdl_input_map(&in, &e, 1260, &ev));
    CHECK_INT(ev.type, UI_EV_POINTER_UP);
    CHECK_INT(ev.pointer, 1);
    /* A move of a finger never seen down is dropped. */
    e = finger(SDL_FINGERMOTION, 5, 0.5f, 0.5f);
    CHECK(!sdl_input_map(&in, &e, 1270, &ev));
}

/* A finger down on a touch screen that is then unplugged never lifts: the
 * next touch on another device first cancels it where it was last (a
 * cancel, not a lift: a lift there would tap what it was held on). */
static void test_lost_finger(void)
{
    sdl_input_t in = {.rotation = 0, .panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    SDL_Event e = finger(SDL_FINGERDOWN, 1, 0.5f, 0.5f);
    e.tfinger.touchId = 24;
    CHECK(sdl_input_map(&in, &e, 100, &ev));
    e = finger(SDL_FINGERMOTION, 1, 0.25f, 0.5f);
    e.tfinger.touchId = 24;
    CHECK(sdl_input_map(&in, &e, 110, &ev));
    SDL_TouchID both[2] = {10, 24}, one[1] = {10};
    /* still plugged in: nothing is lost */
    CHECK(!sdl_input_lost_finger(&in, both, 2, 120, &ev));
    /* unplugged: one lift, at the last position, then nothing */
    CHECK(sdl_input_lost_finger(&in, one, 1, 130, &ev));
    CHECK_INT(ev.type, UI_EV_POINTER_CANCEL);
    CHECK_INT(ev.pointer, 1);
    CHECK_INT(ev.x, 200);
    CHECK_INT(ev.y, 240);
    CHECK_INT(ev.time_ms, 130);
    CHECK(!sdl_input_lost_finger(&in, one, 1, 140, &ev));
    /* the next touch on the remaining screen is the first finger again */
    e = finger(SDL_FINGERDOWN, 1, 0.1f, 0.1f);
    e.tfinger.touchId = 10;
    CHECK(sdl_input_map(&in, &e, 150, &ev));
    CHECK_INT(ev.pointer, 1);
    CHECK(!sdl_input_lost_finger(&in, one, 1, 160, &ev));
}

static void test_rotated_touch(void)
{
    /* Panel 800x480 mounted so the picture is turned 90 degrees clockwise:
     * the layout is 480x800 and the panel's top-right corner shows the
     * layout's top-left. */
    sdl_input_t in = {.rotation = 90, .panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    SDL_Event e = finger(SDL_FINGERDOWN, 1, 0.99999f, 0.0f);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.x, 0);
    CHECK_INT(ev.y, 0);
    in.rotation = 180;
    e = finger(SDL_FINGERDOWN, 2, 0.0f, 0.0f);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.x, 799);
    CHECK_INT(ev.y, 479);
    /* The mouse goes through the same mapping. */
    in.rotation = 270;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.which = 0;
    e.button.x = 0;
    e.button.y = 479;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.x, 0);
    CHECK_INT(ev.y, 0);
    CHECK_INT(ev.pointer, 0);
}

static void test_mouse_from_touch_is_dropped(void)
{
    sdl_input_t in = {.panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.which = SDL_TOUCH_MOUSEID;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    e.button.which = 0;
    e.button.button = SDL_BUTTON_RIGHT;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    /* Moves without the button held are not passed (nothing to wake for). */
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = 10;
    e.motion.y = 10;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    e.motion.state = SDL_BUTTON_LMASK;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_POINTER_MOVE);
    e.motion.which = SDL_TOUCH_MOUSEID;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
}

static void test_keys_text_and_quit(void)
{
    sdl_input_t in = {.panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_PAGEDOWN;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_KEY_DOWN);
    CHECK_INT(ev.key, UI_KEY_PAGEDOWN);
    e.key.keysym.sym = SDLK_a;
    e.key.keysym.mod = KMOD_LSHIFT | KMOD_RCTRL;
    e.key.repeat = 1;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.key, 'a');
    CHECK_INT(ev.mods, UI_MOD_SHIFT | UI_MOD_CTRL);
    CHECK(ev.repeat);
    e.type = SDL_KEYUP;
    e.key.keysym.sym = SDLK_RETURN;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_KEY_UP);
    CHECK_INT(ev.key, UI_KEY_ENTER);
    e.key.keysym.sym = SDLK_CAPSLOCK; /* not mapped */
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    strcpy(e.text.text, "日本");
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_TEXT);
    CHECK_STR(ev.text, "日本");
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_CLOSE;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_QUIT_REQUEST);
    e.window.event = SDL_WINDOWEVENT_MOVED;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    e.type = SDL_QUIT;
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.type, UI_EV_QUIT_REQUEST);
}

static SDL_Event wheel(float precise_y, int y, Uint32 direction)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.preciseY = precise_y;
    e.wheel.y = y;
    e.wheel.direction = direction;
    return e;
}

/* The wheel: hundredths of a notch, positive towards the end of the
 * content (SDL counts away from the user as positive), at the pointer's
 * position, which SDL knows (the event's x and y are amounts). The pointer
 * is put there with SDL's dummy video driver. */
static void test_wheel(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    CHECK_MSG(SDL_InitSubSystem(SDL_INIT_VIDEO) == 0, "%s", SDL_GetError());
    SDL_Window *w = SDL_CreateWindow("wheel", 0, 0, 800, 480, SDL_WINDOW_HIDDEN);
    CHECK_MSG(w != NULL, "%s", SDL_GetError());
    SDL_WarpMouseInWindow(w, 123, 45);
    SDL_PumpEvents();
    sdl_input_t in = {.rotation = 0, .panel_w = 800, .panel_h = 480};
    ui_event_t ev;
    /* A notch towards the user: one notch down the content. */
    SDL_Event e = wheel(-1.0f, -1, SDL_MOUSEWHEEL_NORMAL);
    bool mapped = sdl_input_map(&in, &e, 777, &ev);
    SDL_DestroyWindow(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    CHECK(mapped);
    CHECK_INT(ev.type, UI_EV_WHEEL);
    CHECK_INT(ev.wheel, UI_WHEEL_NOTCH);
    CHECK_INT(ev.x, 123);
    CHECK_INT(ev.y, 45);
    CHECK_INT(ev.pointer, 0);
    CHECK_INT(ev.time_ms, 777);
    /* A touchpad's smooth step keeps its fraction; away from the user is up. */
    e = wheel(0.25f, 0, SDL_MOUSEWHEEL_NORMAL);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.wheel, -25);
    e = wheel(-0.004f, 0, SDL_MOUSEWHEEL_NORMAL); /* under a hundredth: nothing */
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    /* A driver that fills only y. */
    e = wheel(0.0f, -2, SDL_MOUSEWHEEL_NORMAL);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.wheel, 2 * UI_WHEEL_NOTCH);
    /* "Natural" scrolling: the system has already turned the values round
     * and says so with FLIPPED; they are taken as they come, so the kiosk
     * follows the user's setting like every other program. */
    e = wheel(1.0f, 1, SDL_MOUSEWHEEL_FLIPPED);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.wheel, -UI_WHEEL_NOTCH);
    /* Sideways only, or from a touch screen's emulation: not passed on. */
    e = wheel(0.0f, 0, SDL_MOUSEWHEEL_NORMAL);
    e.wheel.x = 1;
    e.wheel.preciseX = 1.0f;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    e = wheel(-1.0f, -1, SDL_MOUSEWHEEL_NORMAL);
    e.wheel.which = SDL_TOUCH_MOUSEID;
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
    /* Absurd values are bounded; a NaN is dropped. */
    e = wheel(-1e30f, 0, SDL_MOUSEWHEEL_NORMAL);
    CHECK(sdl_input_map(&in, &e, 0, &ev));
    CHECK_INT(ev.wheel, 100 * UI_WHEEL_NOTCH);
    e = wheel(NAN, 0, SDL_MOUSEWHEEL_NORMAL);
    CHECK(!sdl_input_map(&in, &e, 0, &ev));
}

/* The wheel's position goes through the rotation like the mouse's: on an
 * 800x480 panel turned 90 degrees the panel's top-right corner is the
 * layout's top-left. */
static void test_wheel_rotated(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    CHECK_MSG(SDL_InitSubSystem(SDL_INIT_VIDEO) == 0, "%s", SDL_GetError());
    SDL_Window *w = SDL_CreateWindow("wheel", 0, 0, 800, 480, SDL_WINDOW_HIDDEN);
    CHECK_MSG(w != NULL, "%s", SDL_GetError());
    SDL_WarpMouseInWindow(w, 799, 0);
    SDL_PumpEvents();
    sdl_input_t in = {.rotation = 90, .panel_w = 800, .panel_h = 480};
    ui_event_t ev, ev180;
    SDL_Event e = wheel(-1.0f, -1, SDL_MOUSEWHEEL_NORMAL);
    bool mapped = sdl_input_map(&in, &e, 0, &ev);
    in.rotation = 180;
    bool mapped180 = sdl_input_map(&in, &e, 0, &ev180);
    SDL_DestroyWindow(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    CHECK(mapped && mapped180);
    CHECK_INT(ev.x, 0);
    CHECK_INT(ev.y, 0);
    CHECK_INT(ev180.x, 0);
    CHECK_INT(ev180.y, 479);
}

int main(void)
{
    RUN(test_finger_to_pixels);
    RUN(test_lost_finger);
    RUN(test_rotated_touch);
    RUN(test_mouse_from_touch_is_dropped);
    RUN(test_keys_text_and_quit);
    RUN(test_wheel);
    RUN(test_wheel_rotated);
    return test_summary();
}
