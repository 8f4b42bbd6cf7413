/* Gestures from raw pointer events with a fake clock, and the scroll view
 * (drag, fling, keys, the wheel). */
#include "test.h"
#include "ui/gesture.h"
#include "ui/widgets.h"

static ui_input_t got[64];
static int ngot;

static void emit(void *ctx, const ui_input_t *in)
{
    if (ngot < 64)
        got[ngot++] = *in;
}

static void ev(gesture_t *gs, ui_ev_type_t type, int x, int y, uint64_t t, int pointer)
{
    ui_event_t e = {0};
    e.type = type;
    e.x = x;
    e.y = y;
    e.time_ms = t;
    e.pointer = pointer;
    gesture_event(gs, &e, emit, NULL);
}

static int count(ui_input_kind_t k)
{
    int n = 0;
    for (int i = 0; i < ngot; i++)
        n += got[i].kind == k;
    return n;
}

static const ui_input_t *find(ui_input_kind_t k)
{
    for (int i = 0; i < ngot; i++)
        if (got[i].kind == k)
            return &got[i];
    return NULL;
}

static void test_tap(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 1000, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 104, 103, 1050, 1); /* within slop */
    ev(&gs, UI_EV_POINTER_UP, 104, 103, 1100, 1);
    CHECK_INT(ngot, 3);
    CHECK_INT(got[0].kind, IN_PRESS);
    CHECK_INT(got[1].kind, IN_TAP);
    CHECK_INT(got[1].x, 100);
    CHECK_INT(got[2].kind, IN_RELEASE);
}

/* A finger that goes away with its touch screen: no tap (however long it
 * was held), no fling; the next press is followed again. */
static void test_lost_pointer_taps_nothing(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 1000, 1);
    ev(&gs, UI_EV_POINTER_CANCEL, 100, 100, 4000, 1);
    CHECK_INT(count(IN_TAP), 0);
    CHECK_INT(count(IN_RELEASE), 0);
    CHECK_INT(count(IN_LOST), 1);
    CHECK(!gs.down);
    /* a drag that was flying when its screen went: it ends, with no fling */
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 5000, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 100, 160, 5020, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 100, 260, 5040, 1);
    ev(&gs, UI_EV_POINTER_CANCEL, 100, 260, 5050, 1);
    CHECK_INT(count(IN_DRAG_END), 1);
    CHECK(find(IN_DRAG_END) && find(IN_DRAG_END)->vy == 0.0f);
    CHECK_INT(count(IN_FLING), 0);
    CHECK_INT(count(IN_TAP), 0);
    /* another pointer's cancel is not this press's */
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 300, 300, 6000, 1);
    ev(&gs, UI_EV_POINTER_CANCEL, 10, 10, 6010, 2);
    CHECK(gs.down);
    ev(&gs, UI_EV_POINTER_UP, 300, 300, 6100, 1);
    CHECK_INT(count(IN_TAP), 1);
    CHECK_INT(count(IN_LOST), 0);
}

static void test_mouse_and_finger_same_path(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 10, 10, 0, 0); /* mouse */
    ev(&gs, UI_EV_POINTER_UP, 10, 10, 50, 0);
    CHECK_INT(count(IN_TAP), 1);
    /* A second finger while the first is down is ignored. */
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 10, 10, 100, 1);
    ev(&gs, UI_EV_POINTER_DOWN, 300, 300, 110, 2);
    ev(&gs, UI_EV_POINTER_UP, 300, 300, 120, 2);
    ev(&gs, UI_EV_POINTER_UP, 10, 10, 130, 1);
    CHECK_INT(count(IN_PRESS), 1);
    CHECK_INT(count(IN_TAP), 1);
    CHECK_INT(find(IN_TAP)->x, 10);
}

static void test_long_press(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 50, 50, 1000, 1);
    CHECK_INT(gesture_wait_ms(&gs, 1000), GESTURE_LONG_PRESS_MS);
    gesture_update(&gs, 1000 + GESTURE_LONG_PRESS_MS - 1, emit, NULL);
    CHECK_INT(count(IN_LONG_PRESS), 0);
    gesture_update(&gs, 1000 + GESTURE_LONG_PRESS_MS, emit, NULL);
    CHECK_INT(count(IN_LONG_PRESS), 1);
    CHECK_INT(count(IN_CANCEL), 0); /* a slow press is still a press */
    CHECK_INT(gesture_wait_ms(&gs, 2000), -1);
    ev(&gs, UI_EV_POINTER_UP, 50, 50, 4800, 1);
    CHECK_INT(count(IN_TAP), 1); /* released where it began: a tap, however long */
    CHECK_INT(find(IN_TAP)->x, 50);
    CHECK_INT(count(IN_RELEASE), 1);
}

static void test_drag_and_velocity(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 200, 400, 0, 1);
    /* 30 px per 10 ms upwards = 3000 px/s */
    for (int i = 1; i <= 10; i++)
        ev(&gs, UI_EV_POINTER_MOVE, 200, 400 - 30 * i, (uint64_t)(10 * i), 1);
    ev(&gs, UI_EV_POINTER_UP, 200, 100, 100, 1);
    CHECK_INT(count(IN_DRAG_BEGIN), 1);
    CHECK_INT(count(IN_CANCEL), 1);
    CHECK_INT(count(IN_TAP), 0);
    int total = 0;
    for (int i = 0; i < ngot; i++)
        if (got[i].kind == IN_DRAG)
            total += got[i].dy;
    CHECK_INT(total, -300); /* the content follows the finger exactly, slop included */
    const ui_input_t *end = find(IN_DRAG_END);
    CHECK(end != NULL);
    CHECK_MSG(end->vy < -2900 && end->vy > -3100, "vy = %f", end->vy);
    CHECK(find(IN_FLING) != NULL);
    const ui_input_t *sw = find(IN_SWIPE);
    CHECK(sw != NULL);
    CHECK_INT(sw->dir, SWIPE_UP);
}

static void test_slow_drag_is_not_a_fling(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 0, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 160, 100, 100, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 220, 100, 200, 1);
    /* held still 300 ms before lifting */
    ev(&gs, UI_EV_POINTER_UP, 220, 100, 500, 1);
    CHECK(find(IN_DRAG_END) != NULL);
    CHECK(find(IN_DRAG_END)->vx == 0);
    CHECK_INT(count(IN_FLING), 0);
    CHECK_INT(count(IN_SWIPE), 0);
}

static void test_swipe_left(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 400, 200, 0, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 350, 205, 20, 1);
    ev(&gs, UI_EV_POINTER_MOVE, 280, 210, 40, 1);
    ev(&gs, UI_EV_POINTER_UP, 250, 210, 50, 1);
    const ui_input_t *sw = find(IN_SWIPE);
    CHECK(sw != NULL);
    CHECK_INT(sw->dir, SWIPE_LEFT);
}

static void test_keys_pass_through(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ui_event_t e = {0};
    e.type = UI_EV_KEY_DOWN;
    e.key = UI_KEY_PAGEDOWN;
    gesture_event(&gs, &e, emit, NULL);
    e.type = UI_EV_TEXT;
    strcpy(e.text, "日");
    gesture_event(&gs, &e, emit, NULL);
    CHECK_INT(ngot, 2);
    CHECK_INT(got[0].kind, IN_KEY);
    CHECK_INT(got[0].key, UI_KEY_PAGEDOWN);
    CHECK_STR(got[1].text, "日");
}

static void test_scroll_drag_fling_clamp(void)
{
    scroll_t s = {0};
    scroll_set_content(&s, (rect_t){0, 100, 400, 300}, 2000);
    CHECK_INT(scroll_max(&s), 1700);
    ui_input_t in = {0};
    in.kind = IN_DRAG_BEGIN;
    in.x0 = 50, in.y0 = 200;
    CHECK(scroll_input(&s, &in, 30));
    in.kind = IN_DRAG;
    in.dy = -120;
    scroll_input(&s, &in, 30);
    CHECK(s.offset == 120);
    in.kind = IN_DRAG_END;
    in.vy = -2000;
    in.t = 1000;
    scroll_input(&s, &in, 30);
    CHECK(scroll_moving(&s));
    uint64_t t = 1000;
    float last = s.offset;
    int frames = 0;
    while (scroll_update(&s, t += 16) && frames < 1000) {
        CHECK(s.offset >= last); /* keeps going the same way, slowing down */
        last = s.offset;
        frames++;
    }
    CHECK(!scroll_moving(&s));
    /* 2000 px/s with a 325 ms time constant travels about 650 px. */
    CHECK_MSG(s.offset > 650 && s.offset < 850, "offset %f", s.offset);
    CHECK_MSG(frames > 20 && frames < 200, "frames %d", frames);
    /* A fling past the end stops at the end (the speed is capped at 8 views/s). */
    scroll_to(&s, 1500);
    in.kind = IN_DRAG_BEGIN;
    scroll_input(&s, &in, 30);
    in.kind = IN_DRAG_END;
    in.vy = -20000;
    in.t = t;
    scroll_input(&s, &in, 30);
    for (int i = 0; i < 500 && scroll_update(&s, t += 16); i++)
        ;
    CHECK(s.offset == 1700);
    /* Keys */
    in.kind = IN_KEY;
    in.key = UI_KEY_HOME;
    scroll_input(&s, &in, 30);
    CHECK(s.offset == 0);
    in.key = UI_KEY_PAGEDOWN;
    scroll_input(&s, &in, 30);
    CHECK(s.offset == 240);
    in.key = UI_KEY_UP;
    scroll_input(&s, &in, 30);
    CHECK(s.offset == 210);
    /* Content shorter than the view does not scroll. */
    scroll_set_content(&s, (rect_t){0, 0, 400, 300}, 200);
    CHECK(s.offset == 0);
    in.kind = IN_DRAG_BEGIN;
    CHECK(!scroll_input(&s, &in, 30));
}

static void wheel_ev(gesture_t *gs, int x, int y, int amount, uint64_t t)
{
    ui_event_t e = {0};
    e.type = UI_EV_WHEEL;
    e.x = x;
    e.y = y;
    e.wheel = amount;
    e.time_ms = t;
    gesture_event(gs, &e, emit, NULL);
}

static void test_wheel_passes_through(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    wheel_ev(&gs, 120, 340, -250, 500);
    CHECK_INT(ngot, 1);
    CHECK_INT(got[0].kind, IN_WHEEL);
    CHECK_INT(got[0].x, 120);
    CHECK_INT(got[0].y, 340);
    CHECK_INT(got[0].wheel, -250);
    CHECK_INT(got[0].t, 500);
}

/* The wheel turned while the button is held: the content may have moved
 * under the pointer, so the release is no tap (and no long press follows). */
static void test_wheel_during_press_is_no_tap(void)
{
    gesture_t gs;
    gesture_init(&gs, 480);
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 1000, 0);
    wheel_ev(&gs, 100, 100, 100, 1050);
    CHECK_INT(gesture_wait_ms(&gs, 1050), -1);
    gesture_update(&gs, 1000 + GESTURE_LONG_PRESS_MS + 10, emit, NULL);
    ev(&gs, UI_EV_POINTER_UP, 100, 100, 2000, 0);
    CHECK_INT(count(IN_PRESS), 1);
    CHECK_INT(count(IN_CANCEL), 1);
    CHECK_INT(count(IN_WHEEL), 1);
    CHECK_INT(count(IN_TAP), 0);
    CHECK_INT(count(IN_LONG_PRESS), 0);
    CHECK_INT(count(IN_RELEASE), 1);
    CHECK_INT(got[1].kind, IN_CANCEL); /* before the wheel reaches the screen */
    /* The next press taps as usual. */
    ngot = 0;
    ev(&gs, UI_EV_POINTER_DOWN, 100, 100, 3000, 0);
    ev(&gs, UI_EV_POINTER_UP, 100, 100, 3050, 0);
    CHECK_INT(count(IN_TAP), 1);
}

static ui_input_t wheel_in(int x, int y, int amount)
{
    ui_input_t in = {0};
    in.kind = IN_WHEEL;
    in.x = x;
    in.y = y;
    in.wheel = amount;
    return in;
}

/* A notch is one and a half line steps (three lines of body text for the
 * usual two-line step), a touchpad's hundredths move in proportion, and the
 * offset stays within the content. */
static void test_scroll_wheel_steps_and_clamps(void)
{
    scroll_t s = {0};
    scroll_set_content(&s, (rect_t){0, 100, 400, 300}, 2000); /* max 1700 */
    ui_input_t in = wheel_in(200, 250, -UI_WHEEL_NOTCH);
    CHECK(!scroll_input(&s, &in, 30)); /* up at the top: nothing to do */
    CHECK(s.offset == 0);
    in = wheel_in(200, 250, UI_WHEEL_NOTCH);
    CHECK(scroll_input(&s, &in, 30));
    CHECK_MSG(s.offset == 45, "offset %f", s.offset);
    in.wheel = 3 * UI_WHEEL_NOTCH;
    CHECK(scroll_input(&s, &in, 30));
    CHECK_MSG(s.offset == 180, "offset %f", s.offset);
    in.wheel = -UI_WHEEL_NOTCH;
    CHECK(scroll_input(&s, &in, 30));
    CHECK_MSG(s.offset == 135, "offset %f", s.offset);
    in.wheel = 20; /* a touchpad's small step: a fifth of a notch */
    CHECK(scroll_input(&s, &in, 30));
    CHECK_MSG(s.offset == 144, "offset %f", s.offset);
    /* Outside the view the wheel belongs to someone else. */
    in = wheel_in(200, 50, UI_WHEEL_NOTCH);
    CHECK(!scroll_input(&s, &in, 30));
    in = wheel_in(450, 250, UI_WHEEL_NOTCH);
    CHECK(!scroll_input(&s, &in, 30));
    CHECK_MSG(s.offset == 144, "offset %f", s.offset);
    /* At the bottom it stops at the end of the content. */
    in = wheel_in(200, 250, 100 * UI_WHEEL_NOTCH);
    CHECK(scroll_input(&s, &in, 30));
    CHECK(s.offset == 1700);
    in.wheel = UI_WHEEL_NOTCH;
    CHECK(!scroll_input(&s, &in, 30));
    CHECK(s.offset == 1700);
    in.wheel = -UI_WHEEL_NOTCH;
    CHECK(scroll_input(&s, &in, 30));
    CHECK(s.offset == 1655);
    /* Content that fits does not scroll. */
    scroll_set_content(&s, (rect_t){0, 100, 400, 300}, 200);
    in.wheel = UI_WHEEL_NOTCH;
    CHECK(!scroll_input(&s, &in, 30));
    CHECK(s.offset == 0);
}

static void test_scroll_wheel_stops_a_fling(void)
{
    scroll_t s = {0};
    scroll_set_content(&s, (rect_t){0, 100, 400, 300}, 4000);
    ui_input_t in = {0};
    in.kind = IN_DRAG_BEGIN;
    in.x0 = 50, in.y0 = 200;
    CHECK(scroll_input(&s, &in, 30));
    in.kind = IN_DRAG_END;
    in.vy = -2000;
    in.t = 1000;
    scroll_input(&s, &in, 30);
    CHECK(scroll_moving(&s));
    scroll_update(&s, 1016);
    scroll_update(&s, 1032);
    CHECK(scroll_moving(&s));
    float at = s.offset;
    in = wheel_in(200, 250, UI_WHEEL_NOTCH);
    CHECK(scroll_input(&s, &in, 30));
    CHECK(!scroll_moving(&s));
    CHECK_MSG(s.offset == at + 45, "offset %f, was %f", s.offset, at);
    CHECK(!scroll_update(&s, 1048));
    CHECK(s.offset == at + 45);
    /* A turn that moves nothing (at the top) still stops a fling: the
     * reader asked the view to hold still. */
    scroll_to(&s, 0);
    s.velocity = -500;
    s.last_t = 1048;
    in.wheel = -UI_WHEEL_NOTCH;
    CHECK(scroll_input(&s, &in, 30));
    CHECK(!scroll_moving(&s));
    CHECK(s.offset == 0);
}

static void test_scroll_visible(void)
{
    scroll_t s = {0};
    scroll_set_content(&s, (rect_t){0, 100, 400, 300}, 2000);
    scroll_to(&s, 50);
    rect_t on;
    CHECK(scroll_visible(&s, (rect_t){0, 60, 400, 60}, 48, &on));
    CHECK_INT(on.y, 110);
    CHECK(!scroll_visible(&s, (rect_t){0, 20, 400, 60}, 48, &on)); /* only 30 px show */
    CHECK_INT(on.h, 30);
}

int main(void)
{
    RUN(test_tap);
    RUN(test_lost_pointer_taps_nothing);
    RUN(test_mouse_and_finger_same_path);
    RUN(test_long_press);
    RUN(test_drag_and_velocity);
    RUN(test_slow_drag_is_not_a_fling);
    RUN(test_swipe_left);
    RUN(test_keys_pass_through);
    RUN(test_scroll_drag_fling_clamp);
    RUN(test_scroll_visible);
    RUN(test_wheel_passes_through);
    RUN(test_wheel_during_press_is_no_tap);
    RUN(test_scroll_wheel_steps_and_clamps);
    RUN(test_scroll_wheel_stops_a_fling);
    return test_summary();
}
