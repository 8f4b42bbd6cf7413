#include "sdl_input.h"

#include "../core/util.h"
#include "../ui/rotate.h"

#include <math.h>
#include <string.h>

/* The largest wheel step passed on, in hundredths of a notch: a driver's
 * absurd value must not overflow the int (nothing scrolls that far anyway). */
#define SDL_INPUT_WHEEL_MAX (100 * UI_WHEEL_NOTCH)

int sdl_input_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_RETURN: case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_ESCAPE: case SDLK_AC_BACK: return UI_KEY_ESCAPE;
    case SDLK_SPACE: return UI_KEY_SPACE;
    case SDLK_DELETE: return UI_KEY_DELETE;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_PAGEUP: return UI_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGEDOWN;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_F1: return UI_KEY_F1;
    case SDLK_F5: return UI_KEY_F5;
    case SDLK_F11: return UI_KEY_F11;
    default: break;
    }
    if (k > 32 && k < 127)
        return k >= 'A' && k <= 'Z' ? k - 'A' + 'a' : (int)k;
    return UI_KEY_NONE;
}

static int mods_of(uint16_t m)
{
    return (m & KMOD_SHIFT ? UI_MOD_SHIFT : 0) | (m & KMOD_CTRL ? UI_MOD_CTRL : 0) |
           (m & KMOD_ALT ? UI_MOD_ALT : 0) | (m & KMOD_GUI ? UI_MOD_GUI : 0);
}

static void to_logical(const sdl_input_t *in, int px, int py, ui_event_t *out)
{
    px = AGM_CLAMP(px, 0, in->panel_w - 1);
    py = AGM_CLAMP(py, 0, in->panel_h - 1);
    rotate_panel_to_logical(in->rotation, in->panel_w, in->panel_h, px, py, &out->x, &out->y);
}

/* A wheel event's vertical amount as input.h counts it: hundredths of a
 * notch, positive towards the end of the content. SDL's y is positive away
 * from the user (back towards the top), hence the minus. preciseY keeps a
 * touchpad's fractions of a notch; y serves drivers that leave it at 0.
 *
 * SDL_MOUSEWHEEL_FLIPPED says the system has already turned the values
 * round for "natural" scrolling (macOS, some Wayland desktops): they are
 * used as given, so the kiosk scrolls the way every other program on that
 * computer does. Multiplying by -1, as SDL suggests for games that want the
 * physical direction, would undo the user's own setting. */
static int wheel_amount(const SDL_MouseWheelEvent *w)
{
    float dy = w->preciseY != 0.0f ? w->preciseY : (float)w->y;
    if (isnan(dy))
        return 0;
    float v = AGM_CLAMP(-dy * (float)UI_WHEEL_NOTCH, (float)-SDL_INPUT_WHEEL_MAX, (float)SDL_INPUT_WHEEL_MAX);
    return (int)lroundf(v);
}

/* The pointer number of a finger: a small stable slot while it is down. */
static int finger_slot(sdl_input_t *in, SDL_FingerID id, bool down)
{
    for (int i = 0; i < SDL_INPUT_FINGERS; i++)
        if (in->used[i] && in->fingers[i] == id)
            return i;
    if (!down)
        return -1;
    for (int i = 0; i < SDL_INPUT_FINGERS; i++)
        if (!in->used[i]) {
            in->used[i] = true;
            in->fingers[i] = id;
            return i;
        }
    return -1;
}

bool sdl_input_lost_finger(sdl_input_t *in, const SDL_TouchID *present, int npresent, uint64_t now,
                           ui_event_t *out)
{
    for (int i = 0; i < SDL_INPUT_FINGERS; i++) {
        if (!in->used[i])
            continue;
        bool there = false;
        for (int j = 0; j < npresent && !there; j++)
            there = present[j] == in->touch[i];
        if (there)
            continue;
        memset(out, 0, sizeof *out);
        out->time_ms = now;
        out->type = UI_EV_POINTER_CANCEL;
        out->pointer = i + 1;
        out->x = in->last_x[i];
        out->y = in->last_y[i];
        in->used[i] = false;
        return true;
    }
    return false;
}

bool sdl_input_map(sdl_input_t *in, const SDL_Event *e, uint64_t now, ui_event_t *out)
{
    memset(out, 0, sizeof *out);
    out->time_ms = now;
    switch (e->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
        int slot = finger_slot(in, e->tfinger.fingerId, e->type == SDL_FINGERDOWN);
        if (slot < 0)
            return false; /* an 11th finger, or a move of a finger never seen down */
        out->type = e->type == SDL_FINGERDOWN ? UI_EV_POINTER_DOWN
                  : e->type == SDL_FINGERUP ? UI_EV_POINTER_UP : UI_EV_POINTER_MOVE;
        out->pointer = slot + 1;
        to_logical(in, (int)(e->tfinger.x * (float)in->panel_w), (int)(e->tfinger.y * (float)in->panel_h), out);
        in->touch[slot] = e->tfinger.touchId;
        in->last_x[slot] = out->x;
        in->last_y[slot] = out->y;
        if (e->type == SDL_FINGERUP)
            in->used[slot] = false;
        return true;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        out->type = e->type == SDL_MOUSEBUTTONDOWN ? UI_EV_POINTER_DOWN : UI_EV_POINTER_UP;
        to_logical(in, e->button.x, e->button.y, out);
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
            return false;
        out->type = UI_EV_POINTER_MOVE;
        to_logical(in, e->motion.x, e->motion.y, out);
        return true;
    case SDL_MOUSEWHEEL: {
        if (e->wheel.which == SDL_TOUCH_MOUSEID)
            return false;
        out->wheel = wheel_amount(&e->wheel);
        if (out->wheel == 0)
            return false; /* sideways only, or less than a hundredth of a notch */
        /* The event's x and y are the amounts turned, not where the pointer
         * is: ask SDL for that (window pixels, like a button's x and y). */
        int mx = 0, my = 0;
        SDL_GetMouseState(&mx, &my);
        out->type = UI_EV_WHEEL;
        to_logical(in, mx, my, out);
        return true;
    }
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        out->key = sdl_input_key(e->key.keysym.sym);
        if (out->key == UI_KEY_NONE)
            return false;
        out->type = e->type == SDL_KEYDOWN ? UI_EV_KEY_DOWN : UI_EV_KEY_UP;
        out->mods = mods_of(e->key.keysym.mod);
        out->repeat = e->key.repeat != 0;
        return true;
    case SDL_TEXTINPUT:
        out->type = UI_EV_TEXT;
        /* both buffers are 32 bytes; keep the terminator */
        memcpy(out->text, e->text.text, sizeof out->text - 1);
        out->text[sizeof out->text - 1] = '\0';
        return out->text[0] != '\0';
    case SDL_QUIT:
        out->type = UI_EV_QUIT_REQUEST;
        return true;
    case SDL_WINDOWEVENT:
        if (e->window.event != SDL_WINDOWEVENT_CLOSE)
            return false;
        out->type = UI_EV_QUIT_REQUEST;
        return true;
    default:
        return false;
    }
}
