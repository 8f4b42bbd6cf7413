/* SDL events to ui_event_t (src/platform/sdl_input.c): one path for touch,
 * mouse and keys; rotated panels; touch-emulated mouse events dropped. */
#include "test.h"
#include "platform/sdl_input.h"

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

int main(void)
{
    RUN(test_finger_to_pixels);
    RUN(test_rotated_touch);
    RUN(test_mouse_from_touch_is_dropped);
    RUN(test_keys_text_and_quit);
    return test_summary();
}
