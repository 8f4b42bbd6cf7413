/* input.h - neutral input events. The platform layer turns SDL's finger,
 * mouse, wheel, keyboard and text events into these (already mapped to
 * logical, rotated coordinates); the replay interpreter and tests make them
 * directly. The core never sees SDL. */
#ifndef AGM_INPUT_H
#define AGM_INPUT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    UI_EV_POINTER_DOWN,   /* finger or left mouse button */
    UI_EV_POINTER_MOVE,
    UI_EV_POINTER_UP,
    UI_EV_KEY_DOWN,
    UI_EV_KEY_UP,
    UI_EV_TEXT,           /* committed UTF-8 text from a physical keyboard */
    UI_EV_QUIT_REQUEST,   /* window close / SIGTERM: the app decides */
    UI_EV_WHEEL,          /* mouse wheel or touchpad scroll: wheel, at (x, y) */
    UI_EV_POINTER_CANCEL, /* a finger gone without a lift (its touch screen was
                           * unplugged while touched): whatever it pressed is let
                           * go, nothing is tapped; (x, y) where it was last */
} ui_ev_type_t;

/* UI_EV_WHEEL amounts are in hundredths of a wheel notch, so a notched
 * wheel (one notch = 100) and a touchpad's small smooth steps (a few
 * hundredths each) share one integer. Positive moves the reading position
 * further down the content (the text slides up, as a wheel turned towards
 * the reader does); negative goes back towards the top. */
#define UI_WHEEL_NOTCH 100

/* Keys: printable keys are their lowercase ASCII code ('a', '0', '.');
 * others use these codes. */
enum {
    UI_KEY_NONE = 0,
    UI_KEY_BACKSPACE = 8,
    UI_KEY_TAB = 9,
    UI_KEY_ENTER = 13,
    UI_KEY_ESCAPE = 27,
    UI_KEY_SPACE = 32,
    UI_KEY_DELETE = 127,
    UI_KEY_LEFT = 0x1000, UI_KEY_RIGHT, UI_KEY_UP, UI_KEY_DOWN,
    UI_KEY_PAGEUP, UI_KEY_PAGEDOWN, UI_KEY_HOME, UI_KEY_END,
    UI_KEY_F1, UI_KEY_F5, UI_KEY_F11,
};

enum { UI_MOD_SHIFT = 1, UI_MOD_CTRL = 2, UI_MOD_ALT = 4, UI_MOD_GUI = 8 };

typedef struct {
    ui_ev_type_t type;
    uint64_t time_ms;     /* the app clock, same base as app_update's now */
    int x, y;             /* pointer and wheel events: logical pixels */
    int pointer;          /* 0 = mouse, 1.. = finger */
    int key;              /* key events: UI_KEY_* or lowercase ASCII */
    int mods;             /* UI_MOD_* */
    bool repeat;          /* key auto-repeat */
    char text[32];        /* UI_EV_TEXT: NUL-terminated UTF-8 */
    int wheel;            /* UI_EV_WHEEL: hundredths of a notch, see UI_WHEEL_NOTCH */
} ui_event_t;

#endif
