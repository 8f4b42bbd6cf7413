/* The "ask" and "signup" screens driven through the app with simulated
 * taps on the on-screen keyboard, drawn into the recording backend (fake
 * font): layout at four sizes with the keyboard open, submitting to a real
 * store, failures that keep the text, clearing on submit, leave and idle. */
#include "store/store_internal.h"
#include "test.h"
#include "testcontent.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "config/config.h"
#include "content/content.h"
#include "core/utf8.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/app.h"
#include "ui/gfx_record.h"
#include "ui/widgets.h"

#define MAXC 256

static content_t content;
static bool content_ok;
static config_t cfg;

typedef struct {
    app_t *app;
    gfx_record_t *rec;
    gfx_t g;
    uint64_t now;
    int w, h;
    store_t *store;
} rig_t;

static void rig_open(rig_t *r, int w, int h, store_t *store)
{
    memset(r, 0, sizeof *r);
    r->w = w;
    r->h = h;
    r->now = 10000;
    r->store = store;
    app_init_t init = {.cfg = &cfg, .content = &content, .store = store, .mode = APP_MODE_KIOSK, .now_ms = r->now};
    r->app = app_create(&init);
    app_resize(r->app, w, h);
    r->rec = gfx_record_create(w, h);
    r->g = gfx_record_gfx(r->rec);
}

static void rig_close(rig_t *r)
{
    app_destroy(r->app);
    gfx_record_destroy(r->rec);
}

/* Let time pass in 20 ms frames, drawing each one that changed. */
static void rig_run(rig_t *r, int ms)
{
    for (int t = 0; t <= ms; t += 20) {
        r->now += 20;
        if (app_update(r->app, r->now)) {
            gfx_record_clear(r->rec);
            app_draw(r->app, &r->g);
        }
    }
}

static void rig_draw(rig_t *r)
{
    gfx_record_clear(r->rec);
    app_draw(r->app, &r->g);
}

static bool rig_find(rig_t *r, const char *id, rect_t *out)
{
    app_control_t c[MAXC];
    size_t n = app_controls(r->app, c, MAXC);
    for (size_t i = 0; i < n && i < MAXC; i++)
        if (strcmp(c[i].id, id) == 0) {
            *out = c[i].r;
            return true;
        }
    return false;
}

static void rig_pointer(rig_t *r, ui_ev_type_t type, int x, int y)
{
    ui_event_t ev = {.type = type, .time_ms = r->now, .x = x, .y = y, .pointer = 1};
    app_event(r->app, &ev);
}

/* Tap the control id (60 ms press); false when it is not on screen. */
static bool tap(rig_t *r, const char *id)
{
    rect_t c;
    if (!rig_find(r, id, &c)) {
        fprintf(stderr, "  no control %s on %s\n", id, app_current_screen(r->app));
        return false;
    }
    int x = c.x + c.w / 2, y = c.y + c.h / 2;
    rig_pointer(r, UI_EV_POINTER_DOWN, x, y);
    rig_run(r, 60);
    rig_pointer(r, UI_EV_POINTER_UP, x, y);
    rig_run(r, 60);
    return true;
}

static void tap_at(rig_t *r, int x, int y)
{
    rig_pointer(r, UI_EV_POINTER_DOWN, x, y);
    rig_run(r, 60);
    rig_pointer(r, UI_EV_POINTER_UP, x, y);
    rig_run(r, 60);
}

/* Type ASCII text on the on-screen keyboard, switching layouts as needed. */
static bool type_osk(rig_t *r, const char *s)
{
    for (; *s; s++) {
        char id[16];
        rect_t c;
        if (*s == ' ')
            snprintf(id, sizeof id, "kb.space");
        else if (*s == '\n')
            snprintf(id, sizeof id, "kb.enter");
        else
            snprintf(id, sizeof id, "kb.%c", *s);
        if (!rig_find(r, id, &c)) {
            /* Upper case or symbols: shift, or the other layout. */
            if (*s >= 'A' && *s <= 'Z' && rig_find(r, "kb.shift", &c)) {
                tap(r, "kb.shift");
            } else if (rig_find(r, "kb.symbols", &c)) {
                tap(r, "kb.symbols");
            } else if (rig_find(r, "kb.letters", &c)) {
                tap(r, "kb.letters");
            }
            if (!rig_find(r, id, &c)) {
                tap(r, "kb.letters");
                if (!rig_find(r, id, &c) && rig_find(r, "kb.shift", &c))
                    tap(r, "kb.shift");
            }
        }
        if (!tap(r, id))
            return false;
    }
    return true;
}

static store_t *open_store(const char *dir, const store_opts_t *o)
{
    char *path = path_join(dir, "kiosk.db");
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "k1", o, &notice, &err);
    if (!s)
        fprintf(stderr, "  store: %s\n", err ? err : "?");
    free(path);
    free(notice);
    free(err);
    return s;
}

static char *query1(store_t *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        out = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    return out;
}

/* Drag the form up (content moves up) until id is on screen; false if it
 * never appears. */
static bool reach(rig_t *r, const char *id)
{
    rect_t c;
    for (int i = 0; i < 12; i++) {
        if (rig_find(r, id, &c))
            return true;
        int x = r->w / 2, y0 = r->h / 2, d = r->h / 4;
        rig_pointer(r, UI_EV_POINTER_DOWN, x, y0);
        for (int k = 1; k <= 10; k++) {
            r->now += 16;
            rig_pointer(r, UI_EV_POINTER_MOVE, x, y0 - k * d / 10);
        }
        r->now += 200;   /* held still: no fling */
        rig_pointer(r, UI_EV_POINTER_MOVE, x, y0 - d);
        rig_pointer(r, UI_EV_POINTER_UP, x, y0 - d);
        rig_run(r, 100);
    }
    return rig_find(r, id, &c);
}

static bool drawn_text_contains(rig_t *r, const char *needle)
{
    rig_draw(r);
    return gfx_record_find_text(r->rec, needle) != NULL;
}

/* ---- layout ------------------------------------------------------------- */

static const char *ask_fields[] = {"ask.text", "ask.name"};
static const char *signup_fields[] = {"signup.name", "signup.email", "signup.phone", "signup.message"};

/* With field_id focused and the keyboard up: every control is a whole
 * touch target on the screen, nothing overlaps, the field and the rest of
 * the form stay above the keyboard, and nothing is drawn off the screen. */
static void check_keyboard_up(rig_t *r, int w, int h, const char *screen, const char *field_id, const char *layout)
{
    int min_target = 48;
    app_control_t c[MAXC];
    size_t n = app_controls(r->app, c, MAXC);
    CHECK(n < MAXC);
    rect_t field = {0}, kb = {0, h, 0, 0};
    bool have_field = false;
    int nkeys = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(c[i].id, field_id) == 0) {
            field = c[i].r;
            have_field = true;
        }
        if (strncmp(c[i].id, "kb.", 3) == 0) {
            nkeys++;
            if (c[i].r.y < kb.y)
                kb.y = c[i].r.y;
        }
    }
    CHECK_MSG(nkeys >= 10, "%dx%d %s %s %s: keyboard has %d keys", w, h, screen, field_id, layout, nkeys);
    CHECK_MSG(have_field, "%dx%d %s %s: focused %s not visible with the keyboard up", w, h, screen, layout, field_id);
    CHECK_MSG(field.y + field.h <= kb.y, "%dx%d %s %s: %s (bottom %d) under the keyboard (top %d)", w, h, screen,
              layout, field_id, field.y + field.h, kb.y);
    CHECK(field.y >= 0);
    for (size_t i = 0; i < n; i++) {
        rect_t a = c[i].r;
        CHECK_MSG(rect_inside(a, (rect_t){0, 0, w, h}), "%dx%d %s %s: %s off screen", w, h, screen, layout, c[i].id);
        CHECK_MSG(a.w >= min_target && a.h >= min_target, "%dx%d %s %s: %s is %dx%d", w, h, screen, layout, c[i].id,
                  a.w, a.h);
        for (size_t j = i + 1; j < n; j++)
            CHECK_MSG(!rect_overlaps(a, c[j].r), "%dx%d %s %s: %s overlaps %s", w, h, screen, layout, c[i].id, c[j].id);
        /* Form controls stay above the keyboard. */
        if (strncmp(c[i].id, "kb.", 3) != 0 && strncmp(c[i].id, "nav.", 4) != 0)
            CHECK_MSG(a.y + a.h <= kb.y, "%dx%d %s %s: %s under the keyboard", w, h, screen, layout, c[i].id);
    }
    /* Back and Home stay visible. */
    rect_t nav;
    CHECK_MSG(rig_find(r, "nav.home", &nav), "%dx%d %s: no Home", w, h, screen);
    CHECK_MSG(rig_find(r, "nav.back", &nav), "%dx%d %s: no Back", w, h, screen);
    /* The focused box (its accent frame) is whole above the keyboard. */
    rig_draw(r);
    int frames = 0;
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind == REC_STROKE && memcmp(&it->color, &content.theme.accent, sizeof it->color) == 0 &&
            it->r.w > w / 3) {
            frames++;
            CHECK_MSG(it->r.y >= 0 && it->r.y + it->r.h <= kb.y && rect_overlaps(it->r, field),
                      "%dx%d %s %s: focused frame %d+%d vs keyboard top %d", w, h, screen, layout, it->r.y, it->r.h,
                      kb.y);
        }
    }
    CHECK_INT(frames, 1);
    /* Nothing drawn beyond the screen's right edge. */
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind != REC_TEXT)
            continue;
        rect_t vis = rect_intersect(it->r, it->clip);
        CHECK_MSG(vis.x + vis.w <= w, "%dx%d %s %s: text \"%s\" runs off the screen", w, h, screen, layout, it->text);
    }
}

/* The layout the keyboard shows now, by a key only it has. */
static const char *layout_now(rig_t *r)
{
    static const char *const probe[][2] = {
        {"kb.あ", "hiragana"}, {"kb.ア", "katakana"}, {"kb.ㅂ", "hangul"}, {"kb.@", "email"},
        {"kb.0", "phone/symbols"}, {"kb.a", "lower"}, {"kb.A", "upper"},
    };
    rect_t c;
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++)
        if (rig_find(r, probe[i][0], &c))
            return probe[i][1];
    return "?";
}

static void check_layout(int w, int h, const char *screen, const char **fields, int nfields)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, w, h, s);
    CHECK(app_show_screen(r.app, screen));
    rig_run(&r, 400);
    for (int f = 0; f < nfields; f++) {
        /* Scroll the field into view the way an attendee would reach it:
         * Tab from the previous field moves the focus and reveals it. */
        rect_t fr;
        if (!rig_find(&r, fields[f], &fr)) {
            ui_event_t tab = {.type = UI_EV_KEY_DOWN, .time_ms = r.now, .key = UI_KEY_TAB};
            app_event(r.app, &tab);
            rig_run(&r, 40);
        }
        CHECK_MSG(tap(&r, fields[f]), "%dx%d %s: field %s not reachable", w, h, screen, fields[f]);
        rig_run(&r, 400);   /* the keyboard slides in */
        check_keyboard_up(&r, w, h, screen, fields[f], layout_now(&r));
        if (test_cur_failed)
            break;
        /* Every script of a text field, and the other page of the kana
         * table where it has pages; three turns of the globe come back to
         * the first script. */
        rect_t k;
        for (int turn = 0; turn < 3 && rig_find(&r, "kb.globe", &k); turn++) {
            CHECK(tap(&r, "kb.globe"));
            rig_run(&r, 100);
            check_keyboard_up(&r, w, h, screen, fields[f], layout_now(&r));
            if (rig_find(&r, "kb.page", &k)) {
                CHECK(tap(&r, "kb.page"));
                rig_run(&r, 100);
                check_keyboard_up(&r, w, h, screen, fields[f], "hiragana, second page");
                CHECK(tap(&r, "kb.page"));
            }
            if (test_cur_failed)
                break;
        }
        if (test_cur_failed)
            break;
    }
    CHECK_INT(gfx_record_clip_depth(r.rec), 0);
    CHECK_INT(gfx_record_clip_underflows(r.rec), 0);
    rig_close(&r);
    store_close(s);
}

static void test_layout_ask_800x480(void) { check_layout(800, 480, "ask", ask_fields, 2); }
static void test_layout_ask_1280x800(void) { check_layout(1280, 800, "ask", ask_fields, 2); }
static void test_layout_ask_1920x1080(void) { check_layout(1920, 1080, "ask", ask_fields, 2); }
static void test_layout_ask_720x1280(void) { check_layout(720, 1280, "ask", ask_fields, 2); }
static void test_layout_signup_800x480(void) { check_layout(800, 480, "signup", signup_fields, 4); }
static void test_layout_signup_1280x800(void) { check_layout(1280, 800, "signup", signup_fields, 4); }
static void test_layout_signup_1920x1080(void) { check_layout(1920, 1080, "signup", signup_fields, 4); }
static void test_layout_signup_720x1280(void) { check_layout(720, 1280, "signup", signup_fields, 4); }

/* Japanese and Korean labels are longer or wrap differently: same checks. */
static void test_layout_ja_ko_800x480(void)
{
    char *old = cfg.language;
    cfg.language = "ja";
    check_layout(800, 480, "signup", signup_fields, 4);
    check_layout(800, 480, "ask", ask_fields, 2);
    cfg.language = "ko";
    check_layout(800, 480, "signup", signup_fields, 4);
    cfg.language = old;
}

/* A long Japanese question: the box scrolls its text so the cursor line
 * stays inside it, above the keyboard. */
static void test_cjk_question_cursor_visible(void)
{
    CHECK(content_ok);
    rig_t r;
    rig_open(&r, 800, 480, NULL);
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 400);
    ui_event_t ev = {.type = UI_EV_TEXT};
    for (int i = 0; i < 40; i++) {
        ev.time_ms = r.now;
        snprintf(ev.text, sizeof ev.text, "%s", i % 7 == 6 ? "。\n" : "日本語の質問");
        app_event(r.app, &ev);
    }
    rig_run(&r, 100);
    rect_t box;
    CHECK(rig_find(&r, "ask.text", &box));
    rig_draw(&r);
    /* The cursor is the accent bar drawn inside the box. */
    const theme_t *t = &content.theme;
    int cursors = 0, texts = 0;
    for (size_t i = 0; i < gfx_record_count(r.rec); i++) {
        const rec_item_t *it = gfx_record_item(r.rec, i);
        if (it->kind == REC_FILL && it->r.w <= 4 && it->r.h > 10 && memcmp(&it->color, &t->accent, sizeof t->accent) == 0 &&
            rect_inside(it->r, box)) {
            cursors++;
            /* On the last visible line of the box: the text was scrolled. */
            CHECK_MSG(it->r.y + it->r.h > box.y + box.h / 2, "cursor at %d in box %d+%d", it->r.y, box.y, box.h);
        }
        if (it->kind == REC_TEXT && strstr(it->text, "日本語") && rect_overlaps(it->r, box))
            texts++;
    }
    CHECK_INT(cursors, 1);
    CHECK(texts > 0);
    CHECK(drawn_text_contains(&r, "1000"));
    rig_close(&r);
}

/* ---- behaviour ----------------------------------------------------------- */

/* A tap inside the text moves the cursor there (fake font: 10 px per
 * Latin character at 800x480; the text starts 15 px inside the box). */
static void test_tap_positions_cursor(void)
{
    CHECK(content_ok);
    rig_t r;
    rig_open(&r, 800, 480, NULL);
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 400);
    ui_event_t ev = {.type = UI_EV_TEXT, .time_ms = r.now};
    snprintf(ev.text, sizeof ev.text, "Helo\ncd");
    app_event(r.app, &ev);
    rig_run(&r, 100);
    rect_t box;
    CHECK(rig_find(&r, "ask.text", &box));
    tap_at(&r, box.x + 15 + 21, box.y + 10 + 10);         /* between "He" and "lo" */
    snprintf(ev.text, sizeof ev.text, "l");
    ev.time_ms = r.now;
    app_event(r.app, &ev);
    rig_run(&r, 100);
    tap_at(&r, box.x + 15 + 9, box.y + 10 + 29 + 10);     /* second line, after "c" */
    snprintf(ev.text, sizeof ev.text, "X");
    ev.time_ms = r.now;
    app_event(r.app, &ev);
    rig_run(&r, 100);
    CHECK(drawn_text_contains(&r, "Hello"));
    CHECK(drawn_text_contains(&r, "cXd"));
    rig_close(&r);
}

static void test_ask_submit_on_keyboard(void)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, 800, 480, s);
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    rect_t c;
    CHECK(!rig_find(&r, "ask.submit", &c));      /* disabled while empty */
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "How can I help?"));
    CHECK(drawn_text_contains(&r, "15 / 1000"));
    CHECK(tap(&r, "kb.enter"));                  /* a new line in the question */
    CHECK(type_osk(&r, "ok"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(!rig_find(&r, "kb.a", &c));
    CHECK(tap(&r, "ask.submit"));
    rig_run(&r, 100);
    char *v = query1(s, "SELECT text || '|' || name || '|' || lang FROM questions");
    CHECK_STR(v, "How can I help?\nok||en");
    free(v);
    CHECK(drawn_text_contains(&r, "Thank you"));
    CHECK(!drawn_text_contains(&r, "How can I help"));
    /* Home after a few seconds. */
    rig_run(&r, 7000);
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(!drawn_text_contains(&r, "How can I help"));
    CHECK(drawn_text_contains(&r, "0 / 1000"));
    rig_close(&r);
    store_close(s);
}

static void test_ask_topic_and_name_physical_keyboard(void)
{
    CHECK(content_ok);
    CHECK(content.forms.ntopics > 1);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, 1280, 800, s);
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    /* Typing on a USB keyboard goes to the question without the on-screen one. */
    ui_event_t ev = {.type = UI_EV_TEXT, .time_ms = r.now};
    snprintf(ev.text, sizeof ev.text, "Wo");
    app_event(r.app, &ev);
    snprintf(ev.text, sizeof ev.text, "\x01rdx");     /* a control character is dropped */
    app_event(r.app, &ev);
    ui_event_t bs = {.type = UI_EV_KEY_DOWN, .time_ms = r.now, .key = UI_KEY_BACKSPACE};
    app_event(r.app, &bs);
    rig_run(&r, 100);
    rect_t c;
    CHECK(!rig_find(&r, "kb.a", &c));
    ui_event_t tab = {.type = UI_EV_KEY_DOWN, .time_ms = r.now, .key = UI_KEY_TAB};
    app_event(r.app, &tab);
    snprintf(ev.text, sizeof ev.text, "Jun");
    ev.time_ms = r.now;
    app_event(r.app, &ev);
    rig_run(&r, 100);
    ui_event_t esc = {.type = UI_EV_KEY_DOWN, .time_ms = r.now, .key = UI_KEY_ESCAPE};
    app_event(r.app, &esc);
    rig_run(&r, 300);
    CHECK_STR(app_current_screen(r.app), "ask");   /* Escape only put the focus away */
    /* Scroll down to the topics if needed and pick the second one. */
    CHECK(reach(&r, "ask.topic.1"));
    CHECK(tap(&r, "ask.topic.1"));
    CHECK(reach(&r, "ask.submit"));
    CHECK(tap(&r, "ask.submit"));
    char *v = query1(s, "SELECT text || '|' || name || '|' || topic FROM questions");
    char want[256];
    snprintf(want, sizeof want, "Word|Jun|%s", content.forms.topics[1].id);
    CHECK_STR(v, want);
    free(v);
    rig_close(&r);
    store_close(s);
}

static void test_ask_failure_keeps_text(void)
{
    CHECK(content_ok);
    const char *dir = test_tmpdir();
    store_t *w = open_store(dir, NULL);
    CHECK(w);
    store_close(w);
    store_opts_t ro = {.read_only = true};
    store_t *s = open_store(dir, &ro);
    CHECK(s);
    rig_t r;
    rig_open(&r, 800, 480, s);
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "Keep me"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "ask.submit"));
    rig_run(&r, 100);
    CHECK_STR(app_current_screen(r.app), "ask");
    CHECK(drawn_text_contains(&r, "Could not save."));
    CHECK(drawn_text_contains(&r, "Keep me"));
    CHECK(!drawn_text_contains(&r, "Thank you"));
    char *n = query1(s, "SELECT count(*) FROM questions");
    CHECK_STR(n, "0");
    free(n);
    /* Still usable: try again is possible and the kiosk keeps running. */
    rect_t c;
    CHECK(rig_find(&r, "ask.submit", &c));
    rig_close(&r);
    store_close(s);
}

static void test_no_store(void)
{
    CHECK(content_ok);
    rig_t r;
    rig_open(&r, 800, 480, NULL);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    rig_draw(&r);
    CHECK(gfx_record_find_text(r.rec, "cannot be saved") || gfx_record_find_text(r.rec, "not available"));
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "Ann"));
    rect_t c;
    CHECK(!rig_find(&r, "signup.submit", &c));
    rig_close(&r);
}

static void test_idle_and_leave_clear(void)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, 800, 480, s);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "Secret person"));
    CHECK(drawn_text_contains(&r, "Secret person"));
    /* Idle: back to the attract loop, everything forgotten. */
    rig_run(&r, cfg.idle_timeout_s * 1000 + 500);
    CHECK(strcmp(app_current_screen(r.app), "signup") != 0);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(!drawn_text_contains(&r, "Secret"));
    /* Leaving with Home forgets too. */
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "Other"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "nav.home"));
    rig_run(&r, 500);
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(!drawn_text_contains(&r, "Other"));
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(!drawn_text_contains(&r, "Other"));
    rig_close(&r);
    store_close(s);
}

static void rig_wheel(rig_t *r, int x, int y, int amount)
{
    ui_event_t ev = {.type = UI_EV_WHEEL, .time_ms = r->now, .x = x, .y = y, .wheel = amount};
    app_event(r->app, &ev);
}

/* A form control wholly on screen in the lower half (so one notch up keeps
 * it below the bar): its id into id, its rectangle into *out. */
static bool lower_control(rig_t *r, char *id, size_t n, rect_t *out)
{
    app_control_t c[MAXC];
    size_t k = app_controls(r->app, c, MAXC);
    for (size_t i = 0; i < k && i < MAXC; i++)
        if (strncmp(c[i].id, "signup.", 7) == 0 && c[i].r.y >= r->h / 2 && c[i].r.y + c[i].r.h < r->h) {
            snprintf(id, n, "%s", c[i].id);
            *out = c[i].r;
            return true;
        }
    return false;
}

/* The mouse wheel scrolls a form three lines a notch, not past its top;
 * over the on-screen keyboard it does not scroll the form. */
static void test_wheel_scrolls_the_form(void)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, 800, 480, s);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    ui_metrics_t m;
    ui_metrics_compute(&m, 800, 480);
    char id[64];
    rect_t c0, c1;
    CHECK(lower_control(&r, id, sizeof id, &c0));
    rig_wheel(&r, 400, 300, -UI_WHEEL_NOTCH); /* at the top already */
    rig_run(&r, 40);
    CHECK(rig_find(&r, id, &c1));
    CHECK_INT(c1.y, c0.y);
    rig_wheel(&r, 400, 300, UI_WHEEL_NOTCH);
    rig_run(&r, 40);
    CHECK(rig_find(&r, id, &c1));
    CHECK_MSG(c1.y == c0.y - 3 * m.body_line, "%s at %d, was %d, body line %d", id, c1.y, c0.y, m.body_line);
    rig_wheel(&r, 400, 300, -UI_WHEEL_NOTCH);
    rig_run(&r, 40);
    CHECK(rig_find(&r, id, &c1));
    CHECK_INT(c1.y, c0.y);
    /* With the keyboard up, a turn over a key does nothing at all. */
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 400);
    rect_t name0, name1, key = {0};
    CHECK(rig_find(&r, "signup.name", &name0));
    app_control_t c[MAXC];
    size_t k = app_controls(r.app, c, MAXC);
    for (size_t i = 0; i < k && i < MAXC && !key.w; i++)
        if (strncmp(c[i].id, "kb.", 3) == 0)
            key = c[i].r;
    CHECK(key.w > 0);
    rig_wheel(&r, key.x + key.w / 2, key.y + key.h / 2, UI_WHEEL_NOTCH);
    rig_run(&r, 200);
    CHECK(rig_find(&r, "signup.name", &name1));
    CHECK_INT(name1.y, name0.y);
    rig_close(&r);
    store_close(s);
}

static void test_signup_flow(void)
{
    CHECK(content_ok);
    CHECK(content.forms.ninterests > 1 && content.forms.nlanguages > 1);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    rig_t r;
    rig_open(&r, 720, 1280, s);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 300);
    CHECK(type_osk(&r, "Ann Lee"));
    CHECK(tap(&r, "kb.enter"));                  /* on to the email, email layout */
    rig_run(&r, 300);
    rect_t c;
    CHECK(rig_find(&r, "kb.@", &c));
    CHECK(type_osk(&r, "ann@example"));
    CHECK(tap(&r, "kb.enter"));                  /* leaving the email checks it */
    rig_run(&r, 300);
    CHECK(drawn_text_contains(&r, "Please check the email address"));
    CHECK(tap(&r, "signup.email"));
    rig_run(&r, 300);
    CHECK(tap(&r, "kb..com"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(!drawn_text_contains(&r, "Please check the email address"));
    CHECK(tap(&r, "signup.interest.0"));
    CHECK(tap(&r, "signup.interest.1"));
    CHECK(tap(&r, "signup.interest.0"));     /* and off again */
    CHECK(reach(&r, "signup.language.1"));
    CHECK(tap(&r, "signup.language.1"));
    /* Without consent there is no Submit. */
    CHECK(!rig_find(&r, "signup.submit", &c));
    CHECK(reach(&r, "signup.consent"));
    CHECK(tap(&r, "signup.consent"));
    CHECK(reach(&r, "signup.submit"));
    CHECK(tap(&r, "signup.submit"));
    rig_run(&r, 100);
    char *v = query1(s, "SELECT name || '|' || email || '|' || interests || '|' || languages || '|' || consent_version "
                        "FROM signups");
    char want[256];
    snprintf(want, sizeof want, "Ann Lee|ann@example.com|%s|%s|%s", content.forms.interests[1].id,
             content.forms.languages[1].id, content.forms.consent_version);
    CHECK_STR(v, want);
    free(v);
    CHECK(drawn_text_contains(&r, "Thank you"));
    CHECK(!drawn_text_contains(&r, "Ann Lee"));
    rig_close(&r);
    store_close(s);
}

/* Tap the key of each character of s in turn ("ㄱㅏ" taps kb.ㄱ, kb.ㅏ). */
static bool tap_keys(rig_t *r, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t adv;
        utf8_decode(s + i, n - i, &adv);
        char id[16];
        snprintf(id, sizeof id, "kb.%.*s", (int)adv, s + i);
        if (!tap(r, id))
            return false;
        i += adv;
    }
    return true;
}

/* Fills in the text colour inside box: the underline of a syllable being
 * composed (the text itself is REC_TEXT, the cursor is in the accent). */
static int underlines(rig_t *r, rect_t box)
{
    rig_draw(r);
    int n = 0;
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind == REC_FILL && it->r.h <= 4 && it->r.w >= 4 && rect_inside(it->r, box) &&
            memcmp(&it->color, &content.theme.text, sizeof it->color) == 0)
            n++;
    }
    return n;
}

/* A Korean attendee (Korean UI) types a question and a name on the Hangul
 * keyboard: syllables compose as on a phone, the one being composed is
 * underlined, and what is stored is precomposed Hangul. */
static void test_korean_question_on_hangul_keyboard(void)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    char *old = cfg.language;
    cfg.language = "ko";
    rig_t r;
    rig_open(&r, 800, 480, s);
    cfg.language = old;
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 400);
    rect_t box, c;
    CHECK(rig_find(&r, "kb.ㅂ", &c));                /* Hangul by default */
    CHECK(tap_keys(&r, "ㄱㅏㅁㅅㅏㅎㅏㅂㄴㅣㄷㅏ"));
    CHECK(drawn_text_contains(&r, "감사합니다"));
    CHECK(rig_find(&r, "ask.text", &box));
    CHECK_INT(underlines(&r, box), 1);                /* 다 is still being composed */
    CHECK(tap(&r, "kb.backspace"));                   /* one jamo: 다 -> ㄷ */
    CHECK(drawn_text_contains(&r, "감사합니ㄷ"));
    CHECK(tap_keys(&r, "ㅏ"));
    CHECK(tap(&r, "kb.symbols"));                     /* ends the syllable */
    CHECK_INT(underlines(&r, box), 0);
    CHECK(tap(&r, "kb.?"));
    CHECK(tap(&r, "kb.letters"));
    CHECK(rig_find(&r, "kb.ㅂ", &c));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "ask.name"));
    rig_run(&r, 400);
    CHECK(tap_keys(&r, "ㄱㅣㅁㅁㅣㄴㅅㅜ"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "ask.submit"));
    rig_run(&r, 100);
    char *v = query1(s, "SELECT text || '|' || name || '|' || lang FROM questions");
    CHECK_STR(v, "감사합니다?|김민수|ko");
    free(v);
    rig_close(&r);
    store_close(s);
}

/* A Japanese attendee on a portrait screen: the 50-sound table in two
 * pages, dakuten and small kana, katakana; an English-UI attendee reaches
 * kana with the globe key. */
static void test_japanese_name_on_kana_keyboard(void)
{
    CHECK(content_ok);
    store_t *s = open_store(test_tmpdir(), NULL);
    CHECK(s);
    char *old = cfg.language;
    cfg.language = "ja";
    rig_t r;
    rig_open(&r, 720, 1280, s);
    cfg.language = old;
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 400);
    rect_t c;
    CHECK(rig_find(&r, "kb.あ", &c));                 /* kana by default, first page */
    CHECK(!rig_find(&r, "kb.は", &c));
    /* きっぷは？ : き つ small, page, は dakuten twice, page back. */
    CHECK(tap_keys(&r, "きつ"));
    CHECK(tap(&r, "kb.small"));
    CHECK(tap(&r, "kb.page"));
    CHECK(tap_keys(&r, "ふ"));
    CHECK(tap(&r, "kb.dakuten"));
    CHECK(tap(&r, "kb.dakuten"));
    CHECK(tap_keys(&r, "は"));
    CHECK(tap(&r, "kb.symbols"));
    CHECK(tap(&r, "kb.?"));
    CHECK(tap(&r, "kb.letters"));
    CHECK(rig_find(&r, "kb.は", &c));                 /* the page it was on */
    CHECK(tap(&r, "kb.enter"));                       /* a new line in the question */
    CHECK(tap(&r, "kb.kana"));
    CHECK(tap_keys(&r, "ミ"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "ask.name"));
    rig_run(&r, 400);
    /* The next field starts again in hiragana, on the first page. */
    CHECK(rig_find(&r, "kb.あ", &c));
    CHECK(tap(&r, "kb.page"));
    CHECK(tap_keys(&r, "やま"));
    CHECK(tap(&r, "kb.page"));
    CHECK(tap_keys(&r, "た"));
    CHECK(tap(&r, "kb.dakuten"));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "ask.submit"));
    rig_run(&r, 100);
    char *v = query1(s, "SELECT text || '|' || name || '|' || lang FROM questions");
    CHECK_STR(v, "きっぷは?\nミ|やまだ|ja");
    free(v);
    rig_close(&r);
    store_close(s);
}

/* The English UI: Latin first; the globe reaches kana, the field is
 * revealed above the taller keyboard, and the next attendee starts over in
 * Latin. */
static void test_globe_on_english_form(void)
{
    CHECK(content_ok);
    rig_t r;
    rig_open(&r, 800, 480, NULL);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 400);
    rect_t c, name;
    CHECK(rig_find(&r, "kb.A", &c));
    CHECK(tap(&r, "kb.globe"));
    CHECK(rig_find(&r, "kb.あ", &c));
    CHECK(rig_find(&r, "signup.name", &name));
    CHECK(name.y + name.h <= c.y);
    CHECK(tap_keys(&r, "やまた"));
    CHECK(tap(&r, "kb.dakuten"));
    CHECK(drawn_text_contains(&r, "やまだ"));
    CHECK(tap(&r, "kb.enter"));                       /* the email: Latin letters */
    rig_run(&r, 300);
    CHECK(rig_find(&r, "kb.@", &c));
    CHECK(!rig_find(&r, "kb.globe", &c));
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 300);
    CHECK(tap(&r, "nav.home"));
    rig_run(&r, 500);
    CHECK(app_show_screen(r.app, "signup"));
    rig_run(&r, 400);
    CHECK(tap(&r, "signup.name"));
    rig_run(&r, 400);
    CHECK(rig_find(&r, "kb.A", &c));
    rig_close(&r);
}

/* The kana keyboard shrinks the question box to a line or two; when it
 * hides, the box shows the question from its start again, and no line is
 * ever drawn cut by the box's edge. */
static void check_question_lines_whole(rig_t *r, const char *what)
{
    rect_t box;
    CHECK(rig_find(r, "ask.text", &box));
    rig_draw(r);
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind != REC_TEXT || !rect_overlaps(it->r, box) || !rect_overlaps(it->r, it->clip))
            continue;
        rect_t vis = rect_intersect(it->r, it->clip);
        CHECK_MSG(vis.h == it->r.h, "%s: '%s' cut: %d of %d px shown", what, it->text, vis.h, it->r.h);
    }
}

static void test_question_scrolls_back_after_kana_keyboard(void)
{
    CHECK(content_ok);
    char *old = cfg.language;
    cfg.language = "ja";
    rig_t r;
    rig_open(&r, 800, 480, NULL);
    cfg.language = old;
    CHECK(app_show_screen(r.app, "ask"));
    rig_run(&r, 400);
    CHECK(tap(&r, "ask.text"));
    rig_run(&r, 400);
    CHECK(tap_keys(&r, "あい"));
    for (int i = 0; i < 2; i++) { /* three lines: more than the box shows above the keyboard */
        CHECK(tap(&r, "kb.enter"));
        CHECK(tap_keys(&r, "う"));
    }
    rig_run(&r, 300);
    check_question_lines_whole(&r, "keyboard up");
    CHECK(tap(&r, "kb.hide"));
    rig_run(&r, 600);
    check_question_lines_whole(&r, "keyboard hidden");
    /* the start of the question is back in view */
    rect_t box;
    CHECK(rig_find(&r, "ask.text", &box));
    rig_draw(&r);
    const rec_item_t *first = gfx_record_find_text(r.rec, "あい");
    CHECK(first && rect_inside(first->r, first->clip) && rect_inside(first->r, box));
    rig_close(&r);
}

int main(void)
{
    content_ok = test_load_bundled(&content);
    config_defaults(&cfg);
    RUN(test_question_scrolls_back_after_kana_keyboard);
    RUN(test_layout_ask_800x480);
    RUN(test_layout_ask_1280x800);
    RUN(test_layout_ask_1920x1080);
    RUN(test_layout_ask_720x1280);
    RUN(test_layout_signup_800x480);
    RUN(test_layout_signup_1280x800);
    RUN(test_layout_signup_1920x1080);
    RUN(test_layout_signup_720x1280);
    RUN(test_layout_ja_ko_800x480);
    RUN(test_cjk_question_cursor_visible);
    RUN(test_tap_positions_cursor);
    RUN(test_ask_submit_on_keyboard);
    RUN(test_ask_topic_and_name_physical_keyboard);
    RUN(test_ask_failure_keeps_text);
    RUN(test_no_store);
    RUN(test_idle_and_leave_clear);
    RUN(test_signup_flow);
    RUN(test_wheel_scrolls_the_form);
    RUN(test_korean_question_on_hangul_keyboard);
    RUN(test_japanese_name_on_kana_keyboard);
    RUN(test_globe_on_english_form);
    content_free(&content);
    config_free(&cfg);
    return test_summary();
}
