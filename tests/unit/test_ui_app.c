/* The app as a state machine with a fake clock: idle timeout and language
 * reset, timers of static screens (app_wait_ms), the attract cycle,
 * navigation (Back, Home, Escape), pressed state, drag and fling scrolling,
 * the mouse wheel, and the reset hook after idle. */
#include "test.h"
#include "testcontent.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "ui/app.h"
#include "ui/gfx_record.h"
#include "ui/widgets.h"
#include "core/qr.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static content_t content;
static bool loaded;
static config_t cfg;
static uint64_t T;
static gfx_record_t *rec;

static void load(void)
{
    if (loaded)
        return;
    loaded = test_load_bundled(&content);
}

static app_t *open_app(int idle_s, int attract_s)
{
    load();
    config_free(&cfg);
    config_defaults(&cfg);
    cfg.idle_timeout_s = idle_s;
    cfg.attract_interval_s = attract_s;
    cfg.collect = true;
    T = 5000;
    app_init_t init = {&cfg, &content, NULL, NULL, APP_MODE_KIOSK, T, 0};
    app_t *a = app_create(&init);
    app_resize(a, 800, 480);
    gfx_record_destroy(rec);
    rec = gfx_record_create(800, 480);
    return a;
}

/* Run the loop as the platform does until time t: sleep as long as the app
 * allows, update, draw when asked. Returns the number of frames drawn. */
static int run_until(app_t *a, uint64_t t)
{
    int frames = 0;
    while (T < t) {
        int w = app_wait_ms(a, T);
        uint64_t step = w < 0 ? t - T : w == 0 ? 16 : (uint64_t)w;
        T = T + step > t ? t : T + step;
        if (app_update(a, T)) {
            gfx_record_clear(rec);
            gfx_t g = gfx_record_gfx(rec);
            app_draw(a, &g);
            frames++;
        }
    }
    return frames;
}

static void draw(app_t *a)
{
    gfx_record_clear(rec);
    gfx_t g = gfx_record_gfx(rec);
    app_draw(a, &g);
}

static void pointer(app_t *a, ui_ev_type_t type, int x, int y)
{
    ui_event_t e = {0};
    e.type = type;
    e.pointer = 1;
    e.x = x;
    e.y = y;
    e.time_ms = T;
    app_event(a, &e);
}

static bool find_control(app_t *a, const char *id, rect_t *r)
{
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0) {
            *r = c[i].r;
            return true;
        }
    return false;
}

static bool tap(app_t *a, const char *id)
{
    rect_t r;
    if (!find_control(a, id, &r))
        return false;
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    T += 50;
    pointer(a, UI_EV_POINTER_UP, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 500);
    return true;
}

static void key(app_t *a, int k)
{
    ui_event_t e = {0};
    e.type = UI_EV_KEY_DOWN;
    e.key = k;
    e.time_ms = T;
    app_event(a, &e);
    run_until(a, T + 300);
}

static void test_starts_on_attract_and_touch_goes_home(void)
{
    app_t *a = open_app(90, 10);
    CHECK(loaded);
    CHECK_STR(app_current_screen(a), "attract");
    run_until(a, T + 100);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Touch to begin") != NULL);
    CHECK(gfx_record_find_text(rec, "\xED\x99\x94") != NULL || gfx_record_find_text(rec, "\xE3\x82") != NULL);
    CHECK(tap(a, "attract.begin"));
    CHECK_STR(app_current_screen(a), "home");
    app_destroy(a);
}

static void test_static_screen_sleeps(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000); /* the transition is over */
    int w = app_wait_ms(a, T);
    /* Only the idle timer remains: the "still there?" card about 69 s
     * away (20 s before the reset), never 0 (no polling). */
    CHECK_MSG(w > 65000 && w <= 70000, "wait %d", w);
    CHECK(!app_update(a, T + 10)); /* nothing to redraw */
    /* Without an idle timeout the home screen sleeps forever. */
    app_destroy(a);
    a = open_app(0, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    CHECK_INT(app_wait_ms(a, T), -1);
    /* A static minute costs no frames at all. */
    CHECK_INT(run_until(a, T + 60000), 0);
    app_destroy(a);
}

static void test_attract_cycles_with_a_fade(void)
{
    app_t *a = open_app(90, 10);
    run_until(a, T + 100);
    int w = app_wait_ms(a, T);
    CHECK_MSG(w > 9000 && w <= 10000, "wait %d", w);
    draw(a);
    CHECK(gfx_record_find_text(rec, "LFNKR") != NULL); /* the event card first */
    /* The fade lasts 200-400 ms: it animates (wait 0), then sleeps again. */
    uint64_t t_switch = T + (uint64_t)w;
    int frames = run_until(a, t_switch + 1000);
    CHECK_MSG(frames >= 10 && frames <= 40, "frames %d", frames);
    w = app_wait_ms(a, T);
    CHECK_MSG(w > 8000 && w <= 9000, "wait %d", w);
    draw(a);
    CHECK(gfx_record_find_text(rec, "LFNKR 15th") == NULL); /* moved on */
    /* A whole cycle of static seconds costs only the fades. */
    frames = run_until(a, T + 60000);
    CHECK_MSG(frames < 6 * 40, "frames %d", frames);
    app_destroy(a);
}

static void test_idle_timeout_resets_language_and_screens(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "lang.ja"));
    draw(a);
    CHECK(gfx_record_find_text(rec, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") != NULL);
    CHECK(tap(a, "home.report"));
    CHECK_STR(app_current_screen(a), "report");
    CHECK(tap(a, "report.section.2"));
    CHECK_STR(app_current_screen(a), "reader");
    key(a, UI_KEY_END);
    draw(a);
    CHECK(gfx_record_find_text(rec, "3") != NULL);
    uint64_t last = T;
    run_until(a, last + 89000);
    CHECK_STR(app_current_screen(a), "reader"); /* not yet */
    run_until(a, last + 90500);
    CHECK_STR(app_current_screen(a), "attract");
    /* Back to the configured language and the reader forgot its place. */
    CHECK(tap(a, "attract.begin"));
    draw(a);
    CHECK(gfx_record_find_text(rec, "Timeline") != NULL);
    app_show_screen(a, "reader");
    run_until(a, T + 500);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Section 1 of") != NULL);
    app_destroy(a);
}

static void test_input_postpones_idle(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.timeline"));
    for (int i = 0; i < 5; i++) {
        run_until(a, T + 60000);
        key(a, UI_KEY_DOWN);
    }
    CHECK_STR(app_current_screen(a), "timeline");
    app_destroy(a);
}

static void test_back_home_escape(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.report"));
    CHECK(tap(a, "report.section.0"));
    CHECK_STR(app_current_screen(a), "reader");
    CHECK(tap(a, "nav.back"));
    CHECK_STR(app_current_screen(a), "report");
    CHECK(tap(a, "report.section.1"));
    key(a, UI_KEY_ESCAPE);
    CHECK_STR(app_current_screen(a), "report");
    key(a, UI_KEY_ESCAPE);
    CHECK_STR(app_current_screen(a), "home");
    CHECK(tap(a, "home.stats"));
    CHECK(tap(a, "nav.home"));
    CHECK_STR(app_current_screen(a), "home");
    /* the timeline detail closes with Back before Back leaves the screen */
    CHECK(tap(a, "home.timeline"));
    CHECK(tap(a, "timeline.event.0"));
    rect_t r;
    CHECK(find_control(a, "timeline.close", &r));
    CHECK(tap(a, "nav.back"));
    CHECK_STR(app_current_screen(a), "timeline");
    CHECK(!find_control(a, "timeline.close", &r));
    CHECK(tap(a, "nav.back"));
    CHECK_STR(app_current_screen(a), "home");
    app_destroy(a);
}

/* The fill drawn exactly at r, or NULL. */
static const rec_item_t *fill_at(rect_t r)
{
    for (size_t i = 0; i < gfx_record_count(rec); i++) {
        const rec_item_t *it = gfx_record_item(rec, i);
        if (it->kind == REC_FILL && it->r.x == r.x && it->r.y == r.y && it->r.w == r.w && it->r.h == r.h)
            return it;
    }
    return NULL;
}

static void test_pressed_state_is_immediate(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r;
    CHECK(find_control(a, "home.timeline", &r));
    draw(a);
    const rec_item_t *f = fill_at(r);
    CHECK(f != NULL);
    rgba_t before = f->color;
    pointer(a, UI_EV_POINTER_DOWN, r.x + 10, r.y + 10);
    CHECK(app_update(a, T)); /* redraw at once, no waiting for the release */
    draw(a);
    f = fill_at(r);
    CHECK(f != NULL);
    CHECK(f->color.r != before.r || f->color.g != before.g || f->color.b != before.b);
    /* sliding off the tile cancels: no navigation */
    T += 20;
    pointer(a, UI_EV_POINTER_MOVE, r.x + r.w + 10, r.y + 10);
    T += 20;
    pointer(a, UI_EV_POINTER_UP, r.x + r.w + 10, r.y + 10);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "home");
    app_destroy(a);
}

/* The y of the first text item containing s, or -100000. */
static int text_y(const char *s)
{
    const rec_item_t *it = gfx_record_find_text(rec, s);
    return it ? it->r.y : -100000;
}

static void test_drag_and_fling_scroll_the_reader(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "reader");
    for (int i = 0; i < 7; i++) /* a long section */
        key(a, UI_KEY_RIGHT);
    run_until(a, T + 1000);
    draw(a);
    const char *mark = "Section 8 of";
    int y0 = text_y(mark);
    CHECK(y0 > 0);
    /* drag up by 40 px: the text follows the finger */
    pointer(a, UI_EV_POINTER_DOWN, 400, 300);
    for (int i = 1; i <= 5; i++) {
        T += 30;
        pointer(a, UI_EV_POINTER_MOVE, 400, 300 - 8 * i);
    }
    T += 200; /* rest before lifting: no fling */
    pointer(a, UI_EV_POINTER_UP, 400, 260);
    CHECK(app_update(a, T));
    draw(a);
    CHECK_INT(text_y(mark), y0 - 40);
    CHECK(app_wait_ms(a, T) != 0);
    /* a quick flick keeps moving after the finger lifts, then stops */
    pointer(a, UI_EV_POINTER_DOWN, 400, 350);
    for (int i = 1; i <= 5; i++) {
        T += 10;
        pointer(a, UI_EV_POINTER_MOVE, 400, 350 - 20 * i);
    }
    pointer(a, UI_EV_POINTER_UP, 400, 250);
    app_update(a, T);
    CHECK_INT(app_wait_ms(a, T), 0); /* animating */
    draw(a);
    const rec_item_t *it = gfx_record_find_text(rec, "Tie-up");
    int y_lift = it ? it->r.y : 0;
    int frames = run_until(a, T + 3000);
    CHECK_MSG(frames > 10, "frames %d", frames);
    draw(a);
    it = gfx_record_find_text(rec, "Tie-up");
    CHECK(y_lift == 0 || !it || it->r.y < y_lift);
    CHECK(text_y(mark) == -100000); /* scrolled well past the top */
    CHECK(app_wait_ms(a, T) != 0); /* came to rest */
    app_destroy(a);
}

/* ---- the mouse wheel ------------------------------------------------- */

static void wheel(app_t *a, int x, int y, int amount)
{
    ui_event_t e = {0};
    e.type = UI_EV_WHEEL;
    e.x = x;
    e.y = y;
    e.wheel = amount;
    e.time_ms = T;
    app_event(a, &e);
}

/* What one notch should scroll at 800x480: three lines of body text. */
static int notch_px(void)
{
    ui_metrics_t m;
    ui_metrics_compute(&m, 800, 480);
    return 3 * m.body_line;
}

/* The y of the text item that is exactly s, or -100000. */
static int line_y(const char *s)
{
    for (size_t i = 0; i < gfx_record_count(rec); i++) {
        const rec_item_t *it = gfx_record_item(rec, i);
        if (it->kind == REC_TEXT && strcmp(it->text, s) == 0)
            return it->r.y;
    }
    return -100000;
}

/* A line of scrolled text (drawn inside a clip smaller than the screen)
 * near the middle of the screen, copied into buf; returns its y, or -100000
 * when there is none. */
static int middle_line(char *buf, size_t n)
{
    const rec_item_t *best = NULL;
    for (size_t i = 0; i < gfx_record_count(rec); i++) {
        const rec_item_t *it = gfx_record_item(rec, i);
        if (it->kind != REC_TEXT || it->clip.h >= 480 || strlen(it->text) < 8)
            continue;
        if (!best || abs(it->r.y - 240) < abs(best->r.y - 240))
            best = it;
    }
    if (!best)
        return -100000;
    snprintf(buf, n, "%s", best->text);
    return best->r.y;
}

/* The reader on a long section, drawn, with "Section 8 of" at *y0. */
static app_t *open_long_section(int *y0)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "reader");
    for (int i = 0; i < 7; i++)
        key(a, UI_KEY_RIGHT);
    run_until(a, T + 1000);
    draw(a);
    *y0 = text_y("Section 8 of");
    return a;
}

static void test_wheel_scrolls_the_reader(void)
{
    int y0;
    app_t *a = open_long_section(&y0);
    const char *mark = "Section 8 of";
    CHECK(y0 > 0);
    int step = notch_px();
    CHECK(step > 0);
    /* Up at the top: nothing moves, nothing to redraw. */
    wheel(a, 400, 300, -UI_WHEEL_NOTCH);
    CHECK(!app_update(a, T));
    draw(a);
    CHECK_INT(text_y(mark), y0);
    /* One notch down: three lines, at once (no animation to wait for). */
    wheel(a, 400, 300, UI_WHEEL_NOTCH);
    CHECK(app_update(a, T));
    CHECK(app_wait_ms(a, T) != 0);
    draw(a);
    CHECK_INT(text_y(mark), y0 - step);
    /* One more, then two back: the top again. */
    wheel(a, 400, 300, UI_WHEEL_NOTCH);
    wheel(a, 400, 300, -2 * UI_WHEEL_NOTCH);
    CHECK(app_update(a, T));
    draw(a);
    CHECK_INT(text_y(mark), y0);
    /* A touchpad's quarter notches add up to the same distance. */
    for (int i = 0; i < 4; i++)
        wheel(a, 400, 300, UI_WHEEL_NOTCH / 4);
    CHECK(app_update(a, T));
    draw(a);
    CHECK_INT(text_y(mark), y0 - step);
    /* Over the bottom bar (not the text) the wheel does nothing, and it
     * never presses the button under it. */
    rect_t next;
    CHECK(find_control(a, "reader.next", &next));
    wheel(a, next.x + next.w / 2, next.y + next.h / 2, UI_WHEEL_NOTCH);
    CHECK(!app_update(a, T));
    run_until(a, T + 500);
    draw(a);
    CHECK_INT(text_y(mark), y0 - step);
    CHECK_STR(app_current_screen(a), "reader");
    app_destroy(a);
}

static void test_wheel_clamps_at_the_bottom(void)
{
    int y0;
    app_t *a = open_long_section(&y0);
    CHECK(y0 > 0);
    int step = notch_px();
    wheel(a, 400, 300, 100 * UI_WHEEL_NOTCH);
    CHECK(app_update(a, T));
    draw(a);
    CHECK(text_y("Section 8 of") == -100000); /* far down */
    char line[256];
    int y1 = middle_line(line, sizeof line);
    CHECK(y1 > 0);
    /* That is the end: End does not move it, nor does another notch. */
    key(a, UI_KEY_END);
    draw(a);
    CHECK_INT(line_y(line), y1);
    wheel(a, 400, 300, UI_WHEEL_NOTCH);
    CHECK(!app_update(a, T));
    draw(a);
    CHECK_INT(line_y(line), y1);
    /* And a notch up comes back by exactly one step (the offset was not
     * left beyond the end). */
    wheel(a, 400, 300, -UI_WHEEL_NOTCH);
    CHECK(app_update(a, T));
    draw(a);
    CHECK_INT(line_y(line), y1 + step);
    app_destroy(a);
}

static void test_wheel_stops_a_fling(void)
{
    int y0;
    app_t *a = open_long_section(&y0);
    CHECK(y0 > 0);
    pointer(a, UI_EV_POINTER_DOWN, 400, 350);
    for (int i = 1; i <= 5; i++) {
        T += 10;
        pointer(a, UI_EV_POINTER_MOVE, 400, 350 - 20 * i);
    }
    pointer(a, UI_EV_POINTER_UP, 400, 250);
    app_update(a, T);
    CHECK_INT(app_wait_ms(a, T), 0); /* moving on its own */
    run_until(a, T + 100);
    CHECK_INT(app_wait_ms(a, T), 0); /* still moving */
    draw(a);
    char line[256];
    int y1 = middle_line(line, sizeof line);
    CHECK(y1 > 0);
    wheel(a, 400, 300, UI_WHEEL_NOTCH);
    CHECK(app_update(a, T));
    CHECK(app_wait_ms(a, T) != 0); /* at rest */
    draw(a);
    CHECK_INT(line_y(line), y1 - notch_px());
    CHECK_INT(run_until(a, T + 2000), 0); /* no momentum left */
    draw(a);
    CHECK_INT(line_y(line), y1 - notch_px());
    app_destroy(a);
}

/* The report list, the timeline and the figures scroll by the same step. */
static void test_wheel_scrolls_list_timeline_and_stats(void)
{
    const char *screens[] = {"report", "timeline", "stats"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(screens); i++) {
        app_t *a = open_app(90, 10);
        app_show_screen(a, screens[i]);
        run_until(a, T + 1000);
        draw(a);
        char line[256];
        int y0 = middle_line(line, sizeof line);
        CHECK_MSG(y0 > 0, "%s: no scrolled text", screens[i]);
        wheel(a, 400, 300, UI_WHEEL_NOTCH);
        CHECK_MSG(app_update(a, T), "%s: no redraw", screens[i]);
        draw(a);
        CHECK_MSG(line_y(line) == y0 - notch_px(), "%s: '%s' at %d, was %d", screens[i], line, line_y(line), y0);
        wheel(a, 400, 300, -UI_WHEEL_NOTCH);
        app_update(a, T);
        draw(a);
        CHECK_MSG(line_y(line) == y0, "%s: back up: %d, was %d", screens[i], line_y(line), y0);
        app_destroy(a);
    }
}

static char *dump(void)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    gfx_record_dump(rec, f);
    fclose(f);
    return buf;
}

/* Home does not scroll: the wheel changes nothing there, draws nothing,
 * and is never a tap on the tile under it; nor does it wake the attract
 * loop (a touch does that). */
static void test_wheel_over_home_changes_nothing(void)
{
    app_t *a = open_app(90, 10);
    wheel(a, 400, 240, UI_WHEEL_NOTCH);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "attract");
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    draw(a);
    char *before = dump();
    CHECK(before != NULL);
    rect_t r;
    CHECK(find_control(a, "home.report", &r));
    wheel(a, r.x + r.w / 2, r.y + r.h / 2, UI_WHEEL_NOTCH);
    wheel(a, r.x + r.w / 2, r.y + r.h / 2, -3 * UI_WHEEL_NOTCH);
    wheel(a, 5, 5, 100 * UI_WHEEL_NOTCH);
    bool redraw = app_update(a, T);
    run_until(a, T + 1000);
    draw(a);
    char *after = dump();
    bool same = after && strcmp(before, after) == 0;
    free(before);
    free(after);
    CHECK(!redraw);
    CHECK(same);
    CHECK_STR(app_current_screen(a), "home");
    app_destroy(a);
}

/* The wheel is activity, like a touch: even where it moves nothing, it
 * starts the idle timeout again. */
static void test_wheel_postpones_idle(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK_STR(app_current_screen(a), "home");
    run_until(a, T + 60000);
    wheel(a, 400, 240, UI_WHEEL_NOTCH);
    uint64_t turned = T;
    run_until(a, turned + 89000);
    CHECK_STR(app_current_screen(a), "home"); /* 149 s after the tap */
    run_until(a, turned + 90500);
    CHECK_STR(app_current_screen(a), "attract");
    app_destroy(a);
}

/* The wheel turned while the button is held: the release is no tap (the
 * row under the pointer may have changed). */
static void test_wheel_during_a_press_is_no_tap(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "report");
    run_until(a, T + 1000);
    rect_t r;
    CHECK(find_control(a, "report.section.4", &r));
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    T += 30;
    wheel(a, x, y, UI_WHEEL_NOTCH);
    T += 30;
    pointer(a, UI_EV_POINTER_UP, x, y);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "report");
    /* The same press without the wheel opens the section. */
    CHECK(tap(a, "report.section.4"));
    CHECK_STR(app_current_screen(a), "reader");
    app_destroy(a);
}

static void test_reader_swipe_changes_section(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "reader");
    run_until(a, T + 1000);
    pointer(a, UI_EV_POINTER_DOWN, 600, 250);
    for (int i = 1; i <= 4; i++) {
        T += 15;
        pointer(a, UI_EV_POINTER_MOVE, 600 - 60 * i, 252);
    }
    pointer(a, UI_EV_POINTER_UP, 360, 252);
    run_until(a, T + 500);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Section 2 of") != NULL);
    key(a, UI_KEY_LEFT);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Section 1 of") != NULL);
    app_destroy(a);
}

/* The left edge of the first text containing needle in the last frame, or
 * INT_MIN when it was not drawn. */
static int text_x(const char *needle)
{
    const rec_item_t *it = gfx_record_find_text(rec, needle);
    return it ? it->r.x : INT_MIN;
}

/* Press and release a control, then let time run to the middle of the
 * screen transition it starts. */
static bool tap_mid_transition(app_t *a, const char *id)
{
    rect_t r;
    if (!find_control(a, id, &r))
        return false;
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    T += 50;
    pointer(a, UI_EV_POINTER_UP, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 110);
    draw(a);
    return true;
}

static void test_transitions_push_the_way_the_attendee_goes(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    draw(a);
    int home_rest = text_x("LFNKR 15th");
    CHECK(home_rest != INT_MIN);

    /* Going deeper: home leaves to the left, the report list comes from the right. */
    CHECK(tap_mid_transition(a, "home.report"));
    int home_mid = text_x("LFNKR 15th");
    int list_mid = text_x("Distribution of food");
    CHECK_INT(gfx_record_clip_depth(rec), 0);
    CHECK_INT(gfx_record_clip_underflows(rec), 0);
    run_until(a, T + 1000);
    draw(a);
    CHECK_STR(app_current_screen(a), "report");
    CHECK(gfx_record_find_text(rec, "LFNKR 15th") == NULL); /* the old screen is gone */
    int list_rest = text_x("Distribution of food");
    int bar_rest = text_x("Back");
    CHECK(list_rest != INT_MIN && bar_rest != INT_MIN);
    CHECK_MSG(home_mid != INT_MIN && home_mid < home_rest - 100, "home at %d, rests at %d", home_mid, home_rest);
    CHECK_MSG(list_mid != INT_MIN && list_mid > list_rest + 100, "list at %d, rests at %d", list_mid, list_rest);

    /* Between two screens with the top bar, the bar stays and the content moves. */
    CHECK(tap_mid_transition(a, "report.section.2"));
    CHECK_INT(text_x("Back"), bar_rest);
    CHECK_MSG(text_x("Distribution of food") < list_rest - 100, "list at %d", text_x("Distribution of food"));
    run_until(a, T + 1000);
    CHECK_STR(app_current_screen(a), "reader");

    /* Going back: the list comes back from the left, the reader leaves to the right. */
    draw(a);
    int reader_rest = text_x("Previous section");
    CHECK(reader_rest != INT_MIN);
    CHECK(tap_mid_transition(a, "nav.back"));
    CHECK_MSG(text_x("Previous section") > reader_rest + 100, "reader at %d", text_x("Previous section"));
    int list_back = text_x("Distribution of food");
    CHECK_MSG(list_back != INT_MIN && list_back < list_rest - 100, "list at %d", list_back);
    CHECK_INT(gfx_record_clip_depth(rec), 0);
    run_until(a, T + 1000);
    CHECK_STR(app_current_screen(a), "report");
    app_destroy(a);
}

/* A tap while the screens are still moving (an impatient second tap) does
 * nothing: it is not passed to a control of the incoming screen that
 * happens to rest under the finger. Once the screens rest, taps work. */
static void test_tap_during_a_transition_does_nothing(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r;
    CHECK(find_control(a, "home.report", &r));
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    T += 50;
    pointer(a, UI_EV_POINTER_UP, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 60); /* the report list is sliding in */
    CHECK_STR(app_current_screen(a), "report");
    rect_t row;
    CHECK(find_control(a, "report.section.1", &row)); /* where it will rest */
    int x = row.x + row.w / 2, y = row.y + row.h / 2;
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    T += 40;
    pointer(a, UI_EV_POINTER_UP, x, y);
    run_until(a, T + 600);
    CHECK_STR(app_current_screen(a), "report");
    /* at rest, the same tap opens the section */
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    T += 40;
    pointer(a, UI_EV_POINTER_UP, x, y);
    run_until(a, T + 600);
    CHECK_STR(app_current_screen(a), "reader");
    app_destroy(a);
}

static void test_screens_by_name(void)
{
    app_t *a = open_app(90, 10);
    const char *want[] = {"attract", "home", "report", "reader", "timeline", "stats"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(want); i++) {
        CHECK(app_show_screen(a, want[i]));
        CHECK_STR(app_current_screen(a), want[i]);
    }
    CHECK(!app_show_screen(a, "no-such-screen"));
    size_t n = app_screen_count();
    CHECK(n >= AGM_ARRAY_LEN(want));
    for (size_t i = 0; i < n; i++)
        CHECK(app_screen_name(i) != NULL);
    CHECK(app_screen_name(n) == NULL);
    app_destroy(a);
}

static void test_portrait_home_is_a_column(void)
{
    app_t *a = open_app(90, 10);
    app_resize(a, 720, 1280);
    gfx_record_destroy(rec);
    rec = gfx_record_create(720, 1280); /* app_draw follows the size it is given */
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r1, r2, r3;
    CHECK(find_control(a, "home.report", &r1));
    CHECK(find_control(a, "home.timeline", &r2));
    CHECK(find_control(a, "home.stats", &r3));
    CHECK(r1.x == r2.x && r2.x == r3.x);
    CHECK(r1.y < r2.y && r2.y < r3.y);
    app_resize(a, 800, 480);
    gfx_record_destroy(rec);
    rec = gfx_record_create(800, 480);
    CHECK(find_control(a, "home.report", &r1));
    CHECK(find_control(a, "home.timeline", &r2));
    CHECK(r1.y == r2.y && r1.x < r2.x); /* a row in landscape */
    app_destroy(a);
}

/* A slow press is a tap: held 2 s on a tile, or wobbling a little more
 * than the slop on it, it still opens what it was released on. */
/* A finger held on a tile when its touch screen is unplugged: the tile is
 * not tapped (its lift never came), it no longer shows pressed, and the
 * next touch taps as usual. */
static void test_finger_lost_with_its_screen_taps_nothing(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r;
    CHECK(find_control(a, "home.signup", &r));
    draw(a);
    rgba_t idle = fill_at(r) ? fill_at(r)->color : RGBA(0, 0, 0, 0);
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 3000);
    pointer(a, UI_EV_POINTER_CANCEL, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "home");
    draw(a);
    CHECK(fill_at(r) != NULL && fill_at(r)->color.r == idle.r);
    CHECK(tap(a, "home.report"));
    CHECK_STR(app_current_screen(a), "report");
    app_destroy(a);
}

static void test_slow_press_is_a_tap(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r;
    CHECK(find_control(a, "home.report", &r));
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    run_until(a, T + 2000);
    CHECK_STR(app_current_screen(a), "home");
    pointer(a, UI_EV_POINTER_UP, x, y);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "report");
    /* a wobbly press on a tile of a screen that does not scroll */
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    CHECK(find_control(a, "home.timeline", &r));
    x = r.x + r.w / 2, y = r.y + r.h / 2;
    draw(a);
    CHECK(fill_at(r) != NULL);
    rgba_t idle = fill_at(r) ? fill_at(r)->color : RGBA(0, 0, 0, 0);
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    T += 300;
    pointer(a, UI_EV_POINTER_MOVE, x + 25, y + 20);
    run_until(a, T + 300);
    draw(a);
    CHECK(fill_at(r) != NULL && fill_at(r)->color.r != idle.r); /* still shown pressed */
    pointer(a, UI_EV_POINTER_UP, x + 25, y + 20);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "timeline");
    /* released on another control: nothing */
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    rect_t r2;
    CHECK(find_control(a, "home.report", &r));
    CHECK(find_control(a, "home.stats", &r2));
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    T += 300;
    pointer(a, UI_EV_POINTER_MOVE, r2.x + r2.w / 2, r2.y + r2.h / 2);
    T += 300;
    pointer(a, UI_EV_POINTER_UP, r2.x + r2.w / 2, r2.y + r2.h / 2);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "home");
    /* a drag that scrolls the report list opens no section */
    app_show_screen(a, "report");
    run_until(a, T + 1000);
    CHECK(find_control(a, "report.section.3", &r));
    x = r.x + r.w / 2, y = r.y + r.h / 2;
    pointer(a, UI_EV_POINTER_DOWN, x, y);
    for (int i = 1; i <= 6; i++) {
        T += 40;
        pointer(a, UI_EV_POINTER_MOVE, x, y - 8 * i);
    }
    T += 300;
    pointer(a, UI_EV_POINTER_MOVE, x, y);
    T += 200;
    pointer(a, UI_EV_POINTER_UP, x, y);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "report");
    /* held 4 s on a report row: opens it */
    CHECK(find_control(a, "report.section.1", &r));
    pointer(a, UI_EV_POINTER_DOWN, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 4000);
    pointer(a, UI_EV_POINTER_UP, r.x + r.w / 2, r.y + r.h / 2);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "reader");
    app_destroy(a);
}

/* The corner keeps its 3 s hold: a press there held 3 s opens the PIN
 * pad, and its release taps nothing on the new screen. */
static void test_corner_hold_still_opens_the_pin_pad(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "home");
    run_until(a, T + 1000);
    pointer(a, UI_EV_POINTER_DOWN, 5, 5);
    run_until(a, T + 2900);
    CHECK_STR(app_current_screen(a), "home");
    run_until(a, T + 200);
    CHECK_STR(app_current_screen(a), "admin_pin");
    pointer(a, UI_EV_POINTER_UP, 5, 5);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "admin_pin");
    app_destroy(a);
}

/* "Are you still there?" 20 s before the idle reset, counting down; any
 * touch (or More time) gives more time and taps nothing beneath. */
static void test_idle_card_warns_before_the_reset(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.report"));
    uint64_t last = T - 500; /* the last input: tap() ran 500 ms after it */
    run_until(a, last + 69500);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Are you still there?") == NULL);
    rect_t r;
    CHECK(!find_control(a, "idle.more", &r));
    run_until(a, last + 70100);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Are you still there?") != NULL);
    CHECK(gfx_record_find_text(rec, "starts over in 20 seconds") != NULL);
    CHECK(find_control(a, "idle.more", &r));
    CHECK(!find_control(a, "report.section.0", &r)); /* the card covers the screen */
    int w = app_wait_ms(a, T);
    CHECK_MSG(w > 0 && w <= 1000, "wait %d", w); /* wakes for each second */
    run_until(a, last + 85100);
    draw(a);
    CHECK(gfx_record_find_text(rec, "starts over in 5 seconds") != NULL);
    CHECK(tap(a, "idle.more"));
    draw(a);
    CHECK(gfx_record_find_text(rec, "Are you still there?") == NULL);
    CHECK_STR(app_current_screen(a), "report");
    /* a touch elsewhere while it shows: more time, and no section opens */
    last = T - 500;
    run_until(a, last + 71000);
    CHECK(find_control(a, "idle.more", &r));
    pointer(a, UI_EV_POINTER_DOWN, 400, 300);
    T += 50;
    pointer(a, UI_EV_POINTER_UP, 400, 300);
    run_until(a, T + 500);
    CHECK_STR(app_current_screen(a), "report");
    CHECK(!find_control(a, "idle.more", &r));
    /* left alone, the reset comes as before */
    last = T - 500;
    run_until(a, last + 90500);
    CHECK_STR(app_current_screen(a), "attract");
    CHECK(!find_control(a, "idle.more", &r));
    app_destroy(a);
}

/* A new visitor starts at the top of every list: the report list, the
 * timeline and the figures scrolled down by one visitor are back at the
 * start after the idle reset, and so is the language. */
static void test_idle_reset_scrolls_back_to_the_start(void)
{
    const char *screens[] = {"report", "timeline", "stats"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(screens); i++) {
        app_t *a = open_app(90, 10);
        CHECK(tap(a, "attract.begin"));
        app_show_screen(a, screens[i]);
        run_until(a, T + 1000);
        draw(a);
        char line[256];
        int y0 = middle_line(line, sizeof line);
        CHECK_MSG(y0 > 0, "%s: no scrolled text", screens[i]);
        wheel(a, 400, 300, 3 * UI_WHEEL_NOTCH);
        run_until(a, T + 500);
        draw(a);
        CHECK_MSG(line_y(line) != y0, "%s: did not scroll", screens[i]);
        run_until(a, T + 91000);
        CHECK_STR(app_current_screen(a), "attract");
        CHECK(tap(a, "attract.begin"));
        app_show_screen(a, screens[i]);
        run_until(a, T + 1000);
        draw(a);
        CHECK_MSG(line_y(line) == y0, "%s: '%s' at %d after the reset, was %d", screens[i], line, line_y(line), y0);
        app_destroy(a);
    }
}

/* The report list reads row by row in the report's order: sections 1 and
 * 2 side by side in the first row in landscape, one under the other in
 * portrait. */
static void test_report_list_is_filled_row_by_row(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "report");
    run_until(a, T + 1000);
    rect_t r0, r1, r2;
    CHECK(find_control(a, "report.section.0", &r0));
    CHECK(find_control(a, "report.section.1", &r1));
    CHECK(find_control(a, "report.section.2", &r2));
    CHECK_INT(r1.y, r0.y);
    CHECK(r1.x > r0.x);
    CHECK(r2.y > r0.y);
    CHECK_INT(r2.x, r0.x);
    app_resize(a, 720, 1280);
    gfx_record_destroy(rec);
    rec = gfx_record_create(720, 1280); /* what run_until draws on */
    run_until(a, T + 100);
    CHECK(find_control(a, "report.section.0", &r0));
    CHECK(find_control(a, "report.section.1", &r1));
    CHECK_MSG(r1.y > r0.y, "portrait: %d,%d %dx%d then %d,%d", r0.x, r0.y, r0.w, r0.h, r1.x, r1.y);
    CHECK_INT(r1.x, r0.x);
    app_destroy(a);
}

/* An activity of two days shows both in the timeline's list. */
static void test_timeline_shows_both_days(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "timeline");
    run_until(a, T + 1000);
    draw(a);
    CHECK(gfx_record_find_text(rec, "Sept. 7") != NULL);
    CHECK(gfx_record_find_text(rec, "Sept. 8") != NULL); /* ICNK conference, Sept. 7 to 8 */
    app_destroy(a);
}

/* "From the report: ..." under a figure opens that section in the reader. */
static void test_figure_opens_its_report_section(void)
{
    app_t *a = open_app(90, 10);
    app_show_screen(a, "stats");
    run_until(a, T + 1000);
    draw(a);
    app_control_t c[256];
    size_t n = 0;
    const char *link = NULL;
    /* scrolled a notch at a time until a link is whole on screen */
    for (int tries = 0; !link && tries < 40; tries++) {
        n = app_controls(a, c, 256);
        for (size_t i = 0; i < n; i++)
            if (strncmp(c[i].id, "stats.link.", 11) == 0) {
                link = c[i].id;
                CHECK_MSG(c[i].r.h >= 48, "link target %d px high", c[i].r.h);
                break;
            }
        if (!link) {
            wheel(a, 400, 300, tries < 20 ? -100 : 100);
            run_until(a, T + 2000 + tries * 500);
            draw(a);
        }
    }
    CHECK(link != NULL);
    if (link) {
        CHECK(tap(a, link));
        CHECK_STR(app_current_screen(a), "reader");
        draw(a);
        /* the first figures come from "North Korean defectors still flowing out" */
        CHECK(gfx_record_find_text(rec, "North Korean defectors") != NULL);
        CHECK(tap(a, "nav.back"));
        CHECK_STR(app_current_screen(a), "stats");
    }
    app_destroy(a);
}

/* A+ and high contrast on home: bigger body text, the high-contrast
 * colours; the next visitor (after the idle reset) gets the usual ones. */
static void test_text_size_and_contrast_reset_at_idle(void)
{
    app_t *a = open_app(90, 10);
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.report"));
    draw(a);
    const rec_item_t *it = gfx_record_find_text(rec, "Annual Report Released");
    int px0 = it ? it->font.px : 0;
    CHECK(px0 > 0);
    CHECK(tap(a, "nav.home"));
    CHECK(tap(a, "home.text.large"));
    CHECK(tap(a, "home.contrast"));
    rect_t r;
    CHECK(find_control(a, "home.stats", &r));
    draw(a);
    CHECK(fill_at(r) && fill_at(r)->color.r == 255 && fill_at(r)->color.b == 255); /* white cards */
    CHECK(tap(a, "home.report")); /* the look follows the visitor */
    draw(a);
    it = gfx_record_find_text(rec, "Annual Report Released");
    CHECK(it && it->color.r == 0 && it->color.g == 0 && it->font.px * 100 >= px0 * 120);
    run_until(a, T + 91000);
    CHECK_STR(app_current_screen(a), "attract");
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.report"));
    draw(a);
    it = gfx_record_find_text(rec, "Annual Report Released");
    CHECK(it && it->font.px == px0 && it->color.r != 0);
    app_destroy(a);
}

/* The organization's site (event.ini url) as a QR code on home: black
 * modules on a white square with its quiet zone, at every size. */
static void test_home_shows_the_site_as_a_qr_code(void)
{
    qr_t q;
    CHECK(qr_make("http://www.northkoreanrefugees.com/", &q));
    CHECK(q.size >= 21 && (q.size - 17) % 4 == 0);
    /* the three finder patterns: dark corners, light inside their ring */
    CHECK(q.dark[0] && q.dark[q.size - 1] && q.dark[(q.size - 1) * q.size]);
    CHECK(!q.dark[1 * q.size + 1] && q.dark[3 * q.size + 3]);
    qr_free(&q);
    CHECK(!qr_make("", &q) && q.size == 0);
    static const int sz[4][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};
    for (int k = 0; k < 4; k++) {
        app_t *a = open_app(90, 10);
        gfx_record_destroy(rec);
        rec = gfx_record_create(sz[k][0], sz[k][1]);
        app_resize(a, sz[k][0], sz[k][1]);
        app_show_screen(a, "home");
        run_until(a, T + 1000);
        draw(a);
        const rec_item_t *cap = gfx_record_find_text(rec, "Our website");
        CHECK_MSG(cap != NULL, "%dx%d: no QR card", sz[k][0], sz[k][1]);
        int black = 0, white_side = 0;
        for (size_t i = 0; i < gfx_record_count(rec); i++) {
            const rec_item_t *it = gfx_record_item(rec, i);
            if (it->kind != REC_FILL)
                continue;
            if (it->color.r == 0 && it->color.g == 0 && it->color.b == 0)
                black++;
            else if (it->color.r == 255 && it->color.g == 255 && it->color.b == 255 && it->r.w == it->r.h)
                white_side = it->r.w;
        }
        CHECK_MSG(black > 50, "%dx%d: %d dark runs", sz[k][0], sz[k][1], black);
        /* at least 2 px a module (37 modules with the quiet zone) */
        CHECK_MSG(white_side >= 2 * 37, "%dx%d: code %d px", sz[k][0], sz[k][1], white_side);
        app_destroy(a);
    }
    gfx_record_destroy(rec);
    rec = gfx_record_create(800, 480);
}

/* The backend hears of every screen drawn, the first one included (it then
 * closes the fonts unused since the screen before: the CJK faces that only
 * the attract loop's line in Japanese and Korean asked for at start). */
static void test_each_new_screen_drawn_is_reported_once(void)
{
    app_t *a = open_app(90, 10);
    CHECK_INT(gfx_record_screen_changes(rec), 0);
    draw(a);
    CHECK_STR(app_current_screen(a), "attract");
    CHECK_INT(gfx_record_screen_changes(rec), 1);
    draw(a);
    CHECK_INT(gfx_record_screen_changes(rec), 1);
    app_show_screen(a, "report");
    draw(a);
    CHECK_INT(gfx_record_screen_changes(rec), 2);
    run_until(a, T + 1000);
    CHECK_INT(gfx_record_screen_changes(rec), 2);
    app_show_screen(a, "reader");
    draw(a);
    CHECK_INT(gfx_record_screen_changes(rec), 3);
    app_destroy(a);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_starts_on_attract_and_touch_goes_home);
    RUN(test_static_screen_sleeps);
    RUN(test_attract_cycles_with_a_fade);
    RUN(test_idle_timeout_resets_language_and_screens);
    RUN(test_input_postpones_idle);
    RUN(test_back_home_escape);
    RUN(test_pressed_state_is_immediate);
    RUN(test_drag_and_fling_scroll_the_reader);
    RUN(test_reader_swipe_changes_section);
    RUN(test_transitions_push_the_way_the_attendee_goes);
    RUN(test_wheel_scrolls_the_reader);
    RUN(test_wheel_clamps_at_the_bottom);
    RUN(test_wheel_stops_a_fling);
    RUN(test_wheel_scrolls_list_timeline_and_stats);
    RUN(test_wheel_over_home_changes_nothing);
    RUN(test_wheel_postpones_idle);
    RUN(test_wheel_during_a_press_is_no_tap);
    RUN(test_tap_during_a_transition_does_nothing);
    RUN(test_screens_by_name);
    RUN(test_portrait_home_is_a_column);
    RUN(test_slow_press_is_a_tap);
    RUN(test_finger_lost_with_its_screen_taps_nothing);
    RUN(test_idle_card_warns_before_the_reset);
    RUN(test_idle_reset_scrolls_back_to_the_start);
    RUN(test_report_list_is_filled_row_by_row);
    RUN(test_timeline_shows_both_days);
    RUN(test_figure_opens_its_report_section);
    RUN(test_text_size_and_contrast_reset_at_idle);
    RUN(test_home_shows_the_site_as_a_qr_code);
    RUN(test_corner_hold_still_opens_the_pin_pad);
    RUN(test_each_new_screen_drawn_is_reported_once);
    gfx_record_destroy(rec);
    content_free(&content);
    config_free(&cfg);
    return test_summary();
}
