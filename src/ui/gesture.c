#include "gesture.h"

#include <math.h>
#include <string.h>

void gesture_init(gesture_t *gs, int shorter)
{
    memset(gs, 0, sizeof *gs);
    if (shorter < 100)
        shorter = 100;
    gs->slop = shorter / 40;                  /* 12 px at 480: about 2.3 mm on a 7" panel */
    gs->fling_speed = (float)shorter * 0.6f;  /* 288 px/s at 480 */
    gs->swipe_min = shorter / 8;              /* 60 px at 480 */
}

void gesture_cancel(gesture_t *gs)
{
    gs->down = gs->dragging = gs->long_fired = gs->no_tap = false;
    gs->nhist = 0;
}

static void hist_add(gesture_t *gs, int x, int y, uint64_t t)
{
    int cap = (int)(sizeof gs->hist / sizeof gs->hist[0]);
    if (gs->nhist == cap) {
        memmove(gs->hist, gs->hist + 1, sizeof gs->hist[0] * (size_t)(cap - 1));
        gs->nhist--;
    }
    gs->hist[gs->nhist].x = x;
    gs->hist[gs->nhist].y = y;
    gs->hist[gs->nhist].t = t;
    gs->nhist++;
}

/* Velocity over the last GESTURE_VELOCITY_WINDOW_MS before t. A finger held
 * still before lifting gives zero, so a drag that stopped does not fling. */
static void velocity(const gesture_t *gs, uint64_t t, float *vx, float *vy)
{
    *vx = *vy = 0;
    if (gs->nhist < 2)
        return;
    int last = gs->nhist - 1;
    if (t - gs->hist[last].t > GESTURE_VELOCITY_WINDOW_MS / 2)
        return; /* it rested before lifting */
    int first = last;
    while (first > 0 && gs->hist[last].t - gs->hist[first - 1].t <= GESTURE_VELOCITY_WINDOW_MS)
        first--;
    if (first == last)
        first = last - 1;
    uint64_t dt = gs->hist[last].t - gs->hist[first].t;
    if (dt == 0)
        dt = 1;
    *vx = (float)(gs->hist[last].x - gs->hist[first].x) * 1000.0f / (float)dt;
    *vy = (float)(gs->hist[last].y - gs->hist[first].y) * 1000.0f / (float)dt;
}

static ui_input_t mk(ui_input_kind_t k, const gesture_t *gs, int x, int y, uint64_t t)
{
    ui_input_t in;
    memset(&in, 0, sizeof in);
    in.kind = k;
    in.t = t;
    in.x = x;
    in.y = y;
    in.x0 = gs->x0;
    in.y0 = gs->y0;
    return in;
}

void gesture_event(gesture_t *gs, const ui_event_t *ev, gesture_emit_fn emit, void *ctx)
{
    ui_input_t in;
    switch (ev->type) {
    case UI_EV_POINTER_DOWN:
        if (gs->down)
            return; /* a second finger: ignored */
        gs->down = true;
        gs->dragging = gs->long_fired = gs->no_tap = false;
        gs->pointer = ev->pointer;
        gs->x0 = gs->lx = ev->x;
        gs->y0 = gs->ly = ev->y;
        gs->t0 = ev->time_ms;
        gs->nhist = 0;
        hist_add(gs, ev->x, ev->y, ev->time_ms);
        in = mk(IN_PRESS, gs, ev->x, ev->y, ev->time_ms);
        emit(ctx, &in);
        break;
    case UI_EV_POINTER_MOVE:
        if (!gs->down || ev->pointer != gs->pointer)
            return;
        hist_add(gs, ev->x, ev->y, ev->time_ms);
        if (!gs->dragging) {
            int dx = ev->x - gs->x0, dy = ev->y - gs->y0;
            if (dx * dx + dy * dy <= gs->slop * gs->slop)
                return;
            gs->dragging = true;
            if (!gs->no_tap) {
                in = mk(IN_CANCEL, gs, ev->x, ev->y, ev->time_ms);
                emit(ctx, &in);
            }
            in = mk(IN_DRAG_BEGIN, gs, ev->x, ev->y, ev->time_ms);
            emit(ctx, &in);
            /* The first drag step covers the slop, so content follows the finger exactly. */
            gs->lx = gs->x0;
            gs->ly = gs->y0;
        }
        in = mk(IN_DRAG, gs, ev->x, ev->y, ev->time_ms);
        in.dx = ev->x - gs->lx;
        in.dy = ev->y - gs->ly;
        gs->lx = ev->x;
        gs->ly = ev->y;
        emit(ctx, &in);
        break;
    case UI_EV_POINTER_UP:
        if (!gs->down || ev->pointer != gs->pointer)
            return;
        gs->down = false;
        if (gs->dragging) {
            if (ev->x != gs->lx || ev->y != gs->ly) {
                hist_add(gs, ev->x, ev->y, ev->time_ms);
                in = mk(IN_DRAG, gs, ev->x, ev->y, ev->time_ms);
                in.dx = ev->x - gs->lx;
                in.dy = ev->y - gs->ly;
                emit(ctx, &in);
            }
            in = mk(IN_DRAG_END, gs, ev->x, ev->y, ev->time_ms);
            velocity(gs, ev->time_ms, &in.vx, &in.vy);
            emit(ctx, &in);
            float speed = sqrtf(in.vx * in.vx + in.vy * in.vy);
            if (speed >= gs->fling_speed) {
                in.kind = IN_FLING;
                emit(ctx, &in);
                int dx = ev->x - gs->x0, dy = ev->y - gs->y0;
                int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
                /* A swipe goes mostly one way (within about 30 degrees). */
                if ((adx >= gs->swipe_min && adx > 2 * ady) || (ady >= gs->swipe_min && ady > 2 * adx)) {
                    in.kind = IN_SWIPE;
                    in.dir = adx > ady ? (dx < 0 ? SWIPE_LEFT : SWIPE_RIGHT) : (dy < 0 ? SWIPE_UP : SWIPE_DOWN);
                    emit(ctx, &in);
                }
            }
        } else if (!gs->no_tap) {
            /* However long it was held: older hands press slowly. */
            in = mk(IN_TAP, gs, gs->x0, gs->y0, ev->time_ms);
            emit(ctx, &in);
        }
        in = mk(IN_RELEASE, gs, ev->x, ev->y, ev->time_ms);
        emit(ctx, &in);
        gs->dragging = gs->long_fired = gs->no_tap = false;
        break;
    case UI_EV_POINTER_CANCEL:
        /* Its lift will never come: a press however long is a tap only
         * when the finger really lifts on the control, so this one taps
         * nothing. A drag ends where it was, without a fling. */
        if (!gs->down || ev->pointer != gs->pointer)
            return;
        gs->down = false;
        if (gs->dragging) {
            in = mk(IN_DRAG_END, gs, gs->lx, gs->ly, ev->time_ms);
            emit(ctx, &in);
        }
        in = mk(IN_LOST, gs, ev->x, ev->y, ev->time_ms);
        emit(ctx, &in);
        gs->dragging = gs->long_fired = gs->no_tap = false;
        gs->nhist = 0;
        break;
    case UI_EV_KEY_DOWN:
        in = mk(IN_KEY, gs, 0, 0, ev->time_ms);
        in.key = ev->key;
        in.mods = ev->mods;
        in.repeat = ev->repeat;
        emit(ctx, &in);
        break;
    case UI_EV_TEXT:
        in = mk(IN_TEXT, gs, 0, 0, ev->time_ms);
        in.text = ev->text;
        emit(ctx, &in);
        break;
    case UI_EV_WHEEL:
        /* The wheel turned with the button held: whatever was under the
         * press may have scrolled away, so the release must not tap it.
         * It ends the press's chance of a tap (and of a long press). */
        if (gs->down && !gs->dragging && !gs->no_tap) {
            gs->no_tap = gs->long_fired = true;
            in = mk(IN_CANCEL, gs, ev->x, ev->y, ev->time_ms);
            emit(ctx, &in);
        }
        in = mk(IN_WHEEL, gs, ev->x, ev->y, ev->time_ms);
        in.wheel = ev->wheel;
        emit(ctx, &in);
        break;
    default:
        break;
    }
}

void gesture_update(gesture_t *gs, uint64_t now, gesture_emit_fn emit, void *ctx)
{
    if (gs->down && !gs->dragging && !gs->long_fired && now >= gs->t0 + GESTURE_LONG_PRESS_MS) {
        gs->long_fired = true;
        /* Only a notice: the press stays a press and its release a tap. */
        ui_input_t in = mk(IN_LONG_PRESS, gs, gs->x0, gs->y0, now);
        emit(ctx, &in);
    }
}

int gesture_wait_ms(const gesture_t *gs, uint64_t now)
{
    if (!gs->down || gs->dragging || gs->long_fired)
        return -1;
    uint64_t due = gs->t0 + GESTURE_LONG_PRESS_MS;
    return now >= due ? 0 : (int)(due - now);
}
