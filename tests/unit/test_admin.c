/* The organizers' screens driven through the app on a fake clock and drawn
 * into the recording backend: the hidden corner gesture (3 s, not 2.9 s),
 * the PIN pad (right PIN, lockout after 5 wrong ones for 60 s, no PIN set),
 * export to a temporary "USB stick" in a worker thread while the UI keeps
 * updating, the wipe with its two confirmations, the quit rules, the idle
 * timeout and the preview. Layouts are in test_admin_layout.c. */
#include "store/store_internal.h"
#include "test.h"
#include "core/tz.h"
#include "testcontent.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <unistd.h>

#include "admin/admin_media.h"
#include "admin/admin_screen.h"
#include "admin/pin.h"
#include "admin/pin_check.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#define MAXC 64
#define PIN "2468"

static content_t content;
static bool content_ok;

typedef struct {
    config_t cfg;
    app_t *app;
    gfx_record_t *rec;
    gfx_t g;
    uint64_t now;
    store_t *store;
    char *dir;      /* data folder */
    char *media;    /* AGMKIOSK_MEDIA */
} rig_t;

static void load_content(void)
{
    if (content_ok)
        return;
    content_ok = test_load_bundled(&content);
}

/* An app on a fresh data folder; with_store opens a database there,
 * with_pin sets PIN. */
static void rig_open(rig_t *r, bool with_store, bool with_pin, app_mode_t mode)
{
    memset(r, 0, sizeof *r);
    load_content();
    config_defaults(&r->cfg);
    r->dir = xstrdup(test_tmpdir());
    config_set(&r->cfg.data_dir, r->dir);
    config_set(&r->cfg.kiosk_id, "hall-a");
    r->cfg.collect = true;
    r->media = path_join(r->dir, "media");
    mkdir_p(r->media, 0755);
    setenv(ADMIN_MEDIA_ENV, r->media, 1);
    if (with_pin) {
        char *err = NULL;
        if (!pin_set(r->dir, PIN, &err))
            fprintf(stderr, "  pin_set: %s\n", err);
        free(err);
    }
    if (with_store) {
        char *db = path_join(r->dir, "agmkiosk.db"), *err = NULL;
        r->store = store_open(db, "hall-a", NULL, &err);
        if (!r->store)
            fprintf(stderr, "  store_open: %s\n", err);
        free(err);
        free(db);
    }
    r->now = 100000;
    app_init_t init = {.cfg = &r->cfg, .content = &content, .store = r->store, .mode = mode, .now_ms = r->now};
    r->app = app_create(&init);
    app_resize(r->app, 800, 480);
    /* Start where an attendee would be (the attract loop wakes on any drag). */
    if (mode == APP_MODE_KIOSK)
        app_show_screen(r->app, "home");
    r->rec = gfx_record_create(800, 480);
    r->g = gfx_record_gfx(r->rec);
}

static void rig_close(rig_t *r)
{
    app_destroy(r->app);
    gfx_record_destroy(r->rec);
    store_close(r->store);
    config_free(&r->cfg);
    free(r->dir);
    free(r->media);
    unsetenv(ADMIN_MEDIA_ENV);
}

static void rig_draw(rig_t *r)
{
    gfx_record_clear(r->rec);
    app_draw(r->app, &r->g);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Let ms pass in 20 ms frames. The PIN check runs in a worker thread and
 * takes no time on the fake clock: each frame first waits for it in real
 * time (as replays do), so a typed PIN is answered within the frame. */
static void rig_frames(rig_t *r, int ms, bool wait_pending)
{
    for (int t = 0; t < ms; t += 20) {
        r->now += 20;
        if (app_update(r->app, r->now))
            rig_draw(r);
        for (int i = 0; wait_pending && i < 30000 && app_pending(r->app); i++) {
            sleep_ms(1);
            if (app_update(r->app, r->now))
                rig_draw(r);
        }
    }
}

static void rig_run(rig_t *r, int ms) { rig_frames(r, ms, true); }

static void rig_event(rig_t *r, ui_ev_type_t type, int x, int y, int key, int mods)
{
    ui_event_t e = {0};
    e.type = type;
    e.x = x;
    e.y = y;
    e.pointer = 1;
    e.key = key;
    e.mods = mods;
    e.time_ms = r->now;
    app_event(r->app, &e);
}

static bool rig_find(rig_t *r, const char *id, rect_t *out)
{
    app_control_t c[MAXC];
    size_t n = app_controls(r->app, c, MAXC);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0) {
            if (out)
                *out = c[i].r;
            return true;
        }
    return false;
}

static bool rig_tap_ex(rig_t *r, const char *id, bool wait_pending)
{
    rect_t b;
    if (!rig_find(r, id, &b))
        return false;
    r->now += 10;
    rig_event(r, UI_EV_POINTER_DOWN, b.x + b.w / 2, b.y + b.h / 2, 0, 0);
    r->now += 60;
    rig_event(r, UI_EV_POINTER_UP, b.x + b.w / 2, b.y + b.h / 2, 0, 0);
    rig_frames(r, 300, wait_pending); /* past the screen transition */
    return true;
}

static bool rig_tap(rig_t *r, const char *id) { return rig_tap_ex(r, id, true); }
/* A tap that does not wait for a PIN check it starts (the worker may be held). */
static bool rig_tap_now(rig_t *r, const char *id) { return rig_tap_ex(r, id, false); }

static void rig_key(rig_t *r, int key, int mods)
{
    r->now += 10;
    rig_event(r, UI_EV_KEY_DOWN, 0, 0, key, mods);
    r->now += 10;
    rig_event(r, UI_EV_KEY_UP, 0, 0, key, mods);
    rig_run(r, 40);
}

/* Hold the top-left corner for ms, then lift. */
static void rig_hold_corner(rig_t *r, int ms)
{
    rig_event(r, UI_EV_POINTER_DOWN, 8, 8, 0, 0);
    rig_run(r, ms);
    rig_event(r, UI_EV_POINTER_UP, 8, 8, 0, 0);
    rig_run(r, 300);
}

/* The same without waiting for a PIN check (a held one may still run). */
static void rig_hold_corner_now(rig_t *r, int ms)
{
    rig_event(r, UI_EV_POINTER_DOWN, 8, 8, 0, 0);
    rig_frames(r, ms, false);
    rig_event(r, UI_EV_POINTER_UP, 8, 8, 0, 0);
    rig_frames(r, 300, false);
}

static bool rig_type_pin(rig_t *r, const char *pin)
{
    for (const char *p = pin; *p; p++) {
        char id[8] = "pin.";
        id[4] = *p;
        id[5] = 0;
        if (!rig_tap(r, id))
            return false;
    }
    return rig_tap(r, "pin.ok");
}

static char *rig_all_text(rig_t *r);

/* needle anywhere in what is drawn (lines joined with a space). */
static bool rig_has_text(rig_t *r, const char *needle)
{
    char *all = rig_all_text(r);
    bool found = strstr(all, needle) != NULL;
    free(all);
    return found;
}

/* The whole text drawn, concatenated, for messages that wrap. */
static char *rig_all_text(rig_t *r)
{
    rig_draw(r);
    strbuf_t b = {0};
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind == REC_TEXT) {
            sb_append(&b, it->text);
            sb_append(&b, " ");
        }
    }
    return b.s ? b.s : xstrdup("");
}

static bool rig_open_admin(rig_t *r)
{
    rig_hold_corner(r, 3100);
    if (strcmp(app_current_screen(r->app), "admin_pin") != 0)
        return false;
    return rig_type_pin(r, PIN) && strcmp(app_current_screen(r->app), "admin") == 0;
}

static void add_rows(rig_t *r, int nq, int ns)
{
    for (int i = 0; i < nq; i++) {
        char t[64];
        snprintf(t, sizeof t, "=question %d, \"quoted\" 日本語", i);
        question_in_t q = {.text = t, .lang = "ja"};
        store_add_question(r->store, &q, NULL);
    }
    for (int i = 0; i < ns; i++) {
        signup_in_t s = {.name = "김민지", .email = "m@example.kr", .lang = "ko", .consent_version = "1"};
        store_add_signup(r->store, &s, NULL);
    }
}

static long long q_int(store_t *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- the hidden gesture -------------------------------------------------- */

static void test_corner_needs_three_seconds(void)
{
    rig_t r;
    rig_open(&r, false, true, APP_MODE_KIOSK);
    const char *start = app_current_screen(r.app);
    /* 2.9 s is not enough */
    rig_hold_corner(&r, 2900);
    CHECK_STR(app_current_screen(r.app), start);
    /* while held, the app asks to be woken for the deadline, not later */
    rig_event(&r, UI_EV_POINTER_DOWN, 8, 8, 0, 0);
    rig_run(&r, 1000);
    int w = app_wait_ms(r.app, r.now);
    CHECK_MSG(w >= 0 && w <= 2000, "wait %d", w);
    rig_run(&r, 2000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    rig_event(&r, UI_EV_POINTER_UP, 8, 8, 0, 0);
    rig_run(&r, 300);
    CHECK_STR(app_current_screen(r.app), "admin_pin"); /* lifting the finger does not tap a key */
    CHECK(rig_tap(&r, "pin.cancel"));
    CHECK_STR(app_current_screen(r.app), start);
    /* 3 s elsewhere on the screen, or a press that slides out of the corner, do nothing */
    rig_event(&r, UI_EV_POINTER_DOWN, 400, 240, 0, 0);
    rig_run(&r, 3500);
    CHECK_STR(app_current_screen(r.app), start);
    rig_event(&r, UI_EV_POINTER_UP, 400, 240, 0, 0);
    rig_run(&r, 300);
    /* (its release taps what is there: a slow press is a tap) */
    CHECK(strcmp(app_current_screen(r.app), "admin_pin") != 0);
    app_show_screen(r.app, start);
    rig_run(&r, 300);
    rig_event(&r, UI_EV_POINTER_DOWN, 8, 8, 0, 0);
    rig_run(&r, 500);
    rig_event(&r, UI_EV_POINTER_MOVE, 300, 200, 0, 0);
    rig_run(&r, 3000);
    rig_event(&r, UI_EV_POINTER_UP, 300, 200, 0, 0);
    rig_run(&r, 300);
    CHECK_STR(app_current_screen(r.app), start);
    /* exactly 3 s opens it */
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    rig_close(&r);
}

/* The attract loop wakes on the press, and the held corner still opens the pad. */
static void test_corner_on_attract(void)
{
    rig_t r;
    rig_open(&r, false, true, APP_MODE_KIOSK);
    if (!app_show_screen(r.app, "attract")) {
        CHECK(app_show_screen(r.app, "home")); /* no attract loop in this build */
    }
    rig_run(&r, 300);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_tap(&r, "pin.cancel"));
    CHECK(strcmp(app_current_screen(r.app), "admin_pin") != 0);
    rig_close(&r);
}

/* ---- the PIN pad ----------------------------------------------------------- */

static void test_right_pin_opens(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 3, 2);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    /* the digits show as dots, never as text */
    CHECK(rig_tap(&r, "pin.2"));
    CHECK(rig_tap(&r, "pin.4"));
    CHECK(!rig_has_text(&r, "24"));
    CHECK(rig_tap(&r, "pin.del"));
    CHECK(rig_tap(&r, "pin.4"));
    CHECK(rig_tap(&r, "pin.6"));
    CHECK(rig_tap(&r, "pin.8"));
    CHECK(rig_tap(&r, "pin.ok"));
    CHECK_STR(app_current_screen(r.app), "admin");
    CHECK(rig_has_text(&r, "3 new / 3 in all"));
    CHECK(rig_has_text(&r, "2 new / 2 in all"));
    CHECK(rig_has_text(&r, "hall-a"));
    CHECK(rig_has_text(&r, "Never"));
    CHECK(!rig_has_text(&r, "Preview"));
    CHECK(!rig_has_text(&r, "김민지")); /* counts only, nothing collected */
    CHECK(!rig_has_text(&r, "question 1"));
    /* Close locks: the next visit needs the PIN again */
    CHECK(rig_tap(&r, "admin.close"));
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    CHECK(rig_has_text(&r, "Preview"));
    rig_close(&r);
}

static void test_keyboard_pin_entry(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    for (const char *p = PIN; *p; p++)
        rig_key(&r, *p, 0);
    rig_key(&r, UI_KEY_ENTER, 0);
    CHECK_STR(app_current_screen(r.app), "admin");
    rig_key(&r, UI_KEY_ESCAPE, 0); /* Escape closes the admin screen, never quits */
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(!app_quit_requested(r.app));
    rig_close(&r);
}

static void test_five_wrong_lock_for_a_minute(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    for (int i = 0; i < 4; i++) {
        CHECK(rig_type_pin(&r, "1111"));
        CHECK_STR(app_current_screen(r.app), "admin_pin");
        char *all = rig_all_text(&r);
        char want[64];
        snprintf(want, sizeof want, "%d more %s before", 4 - i, 4 - i == 1 ? "try" : "tries");
        CHECK_CONTAINS(all, want);
        free(all);
    }
    CHECK(rig_type_pin(&r, "9999"));
    char *all = rig_all_text(&r);
    CHECK_CONTAINS(all, "Try again in 60 seconds");
    free(all);
    /* locked: even the right PIN is refused */
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    /* the countdown moves with the clock; the lock survives leaving the pad */
    rig_run(&r, 20000);
    all = rig_all_text(&r);
    CHECK_MSG(strstr(all, "Try again in 3") && !strstr(all, "in 3 seconds"), "%s", all); /* 30-39 s left */
    free(all);
    CHECK(rig_tap(&r, "pin.cancel"));
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_has_text(&r, "Try again in"));
    rig_run(&r, 30000);
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin_pin"); /* 57 s after the lock: still refused */
    rig_run(&r, 4000);
    CHECK(!rig_has_text(&r, "Try again in"));
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin");
    rig_close(&r);
}

static void test_no_pin_set(void)
{
    rig_t r;
    rig_open(&r, true, false, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    char *all = rig_all_text(&r);
    CHECK_CONTAINS(all, "No admin PIN is set");
    CHECK_CONTAINS(all, "agmkiosk set-pin");
    free(all);
    CHECK(!rig_find(&r, "pin.1", NULL)); /* no pad to type into */
    CHECK(!rig_find(&r, "pin.ok", NULL));
    rig_key(&r, '1', 0);
    rig_key(&r, UI_KEY_ENTER, 0);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_tap(&r, "pin.cancel"));
    CHECK_STR(app_current_screen(r.app), "home");
    rig_close(&r);
}

/* ---- the PIN check in a worker thread ---------------------------------------- */

static atomic_bool hold_check;
static atomic_int checks_started, checks_done;

static void check_hook(bool done, void *ctx)
{
    if (done) {
        atomic_fetch_add(&checks_done, 1);
        return;
    }
    atomic_fetch_add(&checks_started, 1);
    /* held at most 10 s: a check run on the UI thread fails the test instead of hanging it */
    for (int i = 0; i < 5000 && atomic_load(&hold_check); i++)
        sleep_ms(2);
}

static void hold_checks(void)
{
    atomic_store(&hold_check, true);
    atomic_store(&checks_started, 0);
    atomic_store(&checks_done, 0);
    pin_check_test_set_hook(check_hook, NULL);
}

/* Wait in real time (at most 30 s) until *counter reaches n. */
static bool wait_count(atomic_int *counter, int n)
{
    for (int i = 0; i < 15000 && atomic_load(counter) < n; i++)
        sleep_ms(2);
    return atomic_load(counter) >= n;
}

/* Type digits (no check runs yet), then Open without waiting for the answer. */
static bool rig_submit_held(rig_t *r, const char *pin)
{
    for (const char *p = pin; *p; p++) {
        char id[8] = "pin.";
        id[4] = *p;
        id[5] = 0;
        if (!rig_tap_now(r, id))
            return false;
    }
    return rig_tap_now(r, "pin.ok");
}

/* While the check runs the pad keeps updating and drawing, says so, and
 * takes neither digits nor a second Open or Enter. */
static void test_pin_check_keeps_ui_alive(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    hold_checks();
    CHECK(rig_submit_held(&r, "1111"));
    CHECK(wait_count(&checks_started, 1));
    CHECK(app_pending(r.app));
    CHECK(rig_has_text(&r, "Checking"));
    /* every update returns at once, and the loop is asked to come back soon
     * (a poll for the answer), not to sleep until the next input */
    int redraws = 0;
    for (int i = 0; i < 100; i++) {
        r.now += 16;
        uint64_t t0 = now_ms();
        if (app_update(r.app, r.now)) {
            redraws++;
            rig_draw(&r);
        }
        CHECK_MSG(now_ms() - t0 < 250, "update %d took %llu ms", i, (unsigned long long)(now_ms() - t0));
        int w = app_wait_ms(r.app, r.now);
        CHECK_MSG(w >= 0 && w <= 50, "wait %d", w);
    }
    CHECK_MSG(redraws >= 3, "%d redraws in 1.6 s: the busy dots stand still", redraws);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    /* a second Open, Enter, and the right PIN typed meanwhile: all ignored */
    CHECK(rig_tap_now(&r, "pin.ok"));
    rig_event(&r, UI_EV_KEY_DOWN, 0, 0, UI_KEY_ENTER, 0);
    rig_event(&r, UI_EV_KEY_UP, 0, 0, UI_KEY_ENTER, 0);
    CHECK(rig_submit_held(&r, PIN));
    for (const char *p = PIN; *p; p++)
        rig_event(&r, UI_EV_KEY_DOWN, 0, 0, *p, 0);
    rig_frames(&r, 100, false);
    CHECK(app_pending(r.app));
    atomic_store(&hold_check, false);
    rig_run(&r, 100); /* waits for the answer */
    CHECK(!app_pending(r.app));
    CHECK_INT(atomic_load(&checks_started), 1);
    char *all = rig_all_text(&r);
    CHECK_CONTAINS(all, "4 more tries"); /* one attempt counted, not two */
    CHECK(!strstr(all, "Checking"));
    free(all);
    /* nothing typed during the check was kept: Open has nothing to check */
    CHECK(rig_tap(&r, "pin.ok"));
    CHECK_INT(atomic_load(&checks_started), 1);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin");
    CHECK_INT(atomic_load(&checks_started), 2);
    pin_check_test_set_hook(NULL, NULL);
    rig_close(&r);
}

/* The right PIN, then the idle timeout before the answer: the answer
 * arrives on the attract loop and opens nothing. */
static void test_pin_answer_after_idle_is_discarded(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    r.cfg.idle_timeout_s = 30;
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    hold_checks();
    CHECK(rig_submit_held(&r, PIN));
    CHECK(wait_count(&checks_started, 1));
    CHECK(app_pending(r.app));
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    rig_frames(&r, 31000, false);
    const char *gone = app_current_screen(r.app);
    CHECK(strcmp(gone, "admin_pin") != 0 && strcmp(gone, "admin") != 0);
    atomic_store(&hold_check, false);
    CHECK(wait_count(&checks_done, 1));
    rig_run(&r, 1000);
    CHECK_STR(app_current_screen(r.app), gone);
    /* not unlocked: the admin screen is only its preview */
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    CHECK(rig_has_text(&r, "Preview"));
    CHECK(app_show_screen(r.app, "home"));
    /* the pad is clean and works */
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    char *all = rig_all_text(&r);
    CHECK(!strstr(all, "Checking") && !strstr(all, "Wrong PIN"));
    free(all);
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin");
    pin_check_test_set_hook(NULL, NULL);
    rig_close(&r);
}

/* Leaving the pad before the answer is no way around the lock: the fifth
 * wrong PIN still locks it. Then the app ends while a check is held, and
 * its thread is waited for (ASan/LSan: nothing leaks, nothing is used
 * after it is freed). */
static void test_pin_leaving_does_not_dodge_the_lock(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    for (int i = 0; i < 4; i++)
        CHECK(rig_type_pin(&r, "1111"));
    CHECK(rig_has_text(&r, "1 more try"));
    hold_checks();
    CHECK(rig_submit_held(&r, "9999"));
    CHECK(wait_count(&checks_started, 1));
    CHECK(rig_tap_now(&r, "pin.cancel"));
    CHECK_STR(app_current_screen(r.app), "home");
    atomic_store(&hold_check, false);
    CHECK(wait_count(&checks_done, 1));
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_has_text(&r, "Try again in")); /* locked since the answer came, during the hold */
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK_INT(atomic_load(&checks_started), 1); /* refused without a check */
    /* back again while the check still runs: it shows as checking and still counts */
    rig_run(&r, 61000);
    CHECK(!rig_has_text(&r, "Try again in"));
    atomic_store(&hold_check, true);
    CHECK(rig_submit_held(&r, "1111"));
    CHECK(wait_count(&checks_started, 2));
    CHECK(rig_tap_now(&r, "pin.cancel"));
    rig_hold_corner_now(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(app_pending(r.app));
    CHECK(rig_has_text(&r, "Checking"));
    atomic_store(&hold_check, false);
    rig_run(&r, 100);
    CHECK(!app_pending(r.app));
    char *all = rig_all_text(&r);
    CHECK(!strstr(all, "Checking") && !strstr(all, "Wrong PIN")); /* counted, not shown */
    free(all);
    CHECK(rig_type_pin(&r, "1111"));
    CHECK(rig_has_text(&r, "3 more tries")); /* the left one counted */
    /* a check held while the app ends */
    atomic_store(&hold_check, true);
    CHECK(rig_submit_held(&r, "1111"));
    CHECK(wait_count(&checks_started, 4));
    atomic_store(&hold_check, false); /* app_destroy waits for the thread */
    pin_check_test_set_hook(NULL, NULL);
    rig_close(&r);
    CHECK(wait_count(&checks_done, 4));
}

/* A check abandoned by leaving the pad is counted when its answer comes,
 * not when the pad is next opened: the fifth wrong PIN's lock runs from
 * then, and has half run out 30 s later. */
static void test_pin_abandoned_check_counted_when_answered(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    rig_hold_corner(&r, 3000);
    for (int i = 0; i < 4; i++)
        CHECK(rig_type_pin(&r, "1111"));
    hold_checks();
    CHECK(rig_submit_held(&r, "9999"));
    CHECK(wait_count(&checks_started, 1));
    CHECK(rig_tap_now(&r, "pin.cancel"));
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(app_pending(r.app)); /* the left pad's check still runs */
    atomic_store(&hold_check, false);
    CHECK(wait_count(&checks_done, 1));
    rig_run(&r, 100);
    CHECK(!app_pending(r.app)); /* counted from the home screen */
    rig_run(&r, 30000);
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_has_text(&r, "Try again in"));
    CHECK(!rig_has_text(&r, "Try again in 60 seconds"));
    pin_check_test_set_hook(NULL, NULL);
    rig_close(&r);
}

/* ---- export -------------------------------------------------------------- */

static bool run_until_text(rig_t *r, const char *needle);

static atomic_bool hold_export;
static atomic_int hook_calls;

static bool slow_hook(export_fault_t at, void *ctx)
{
    atomic_fetch_add(&hook_calls, 1);
    while (atomic_load(&hold_export)) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return true;
}

static int count_csv(const char *dir, bool *bom_ok)
{
    DIR *d = opendir(dir);
    int n = 0;
    *bom_ok = true;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".csv") != 0)
            continue;
        n++;
        char *p = path_join(dir, e->d_name);
        size_t len = 0;
        char *b = file_read_all(p, &len);
        if (!b || len < 3 || memcmp(b, "\xEF\xBB\xBF", 3) != 0)
            *bom_ok = false;
        free(b);
        free(p);
    }
    closedir(d);
    return n;
}

static void test_export_to_stick_keeps_ui_alive(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 3, 2);
    char *stick = path_join(r.media, "STICK");
    mkdir_p(stick, 0755);
    CHECK(rig_open_admin(&r));
    atomic_store(&hold_export, true);
    atomic_store(&hook_calls, 0);
    admin_test_set_export_hook(slow_hook, NULL);
    CHECK(rig_tap(&r, "admin.export"));
    /* the worker is held inside the export: the UI goes on drawing */
    int frames = 0;
    for (int i = 0; i < 50; i++) {
        r.now += 16;
        if (app_update(r.app, r.now))
            frames++;
        CHECK_INT(app_wait_ms(r.app, r.now), 0);
    }
    CHECK_INT(frames, 50);
    CHECK(rig_has_text(&r, "Exporting to STICK"));
    for (int i = 0; i < 500 && atomic_load(&hook_calls) == 0; i++) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    CHECK(atomic_load(&hook_calls) > 0);
    /* a second tap while it runs is refused politely */
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_has_text(&r, "An export is running"));
    atomic_store(&hold_export, false);
    char *all = NULL;
    for (int i = 0; i < 2000; i++) {
        rig_run(&r, 20);
        free(all);
        all = rig_all_text(&r);
        if (strstr(all, "Exported"))
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    admin_test_set_export_hook(NULL, NULL);
    CHECK_CONTAINS(all, "Exported 3 questions and 2 sign-ups to STICK (batch 1)");
    CHECK_CONTAINS(all, "STICK is safe to remove.");
    CHECK_CONTAINS(all, "0 new / 3 in all"); /* the counts were refreshed */
    CHECK_CONTAINS(all, "Batch 1,");
    free(all);
    /* pulled, the line about it goes and the files' names have its room
     * (at 800x480 the stick's line takes the place of one of them) */
    char *away = path_join(r.dir, "STICK-taken");
    CHECK(rename(stick, away) == 0);
    rig_run(&r, 600);
    CHECK(!rig_has_text(&r, "safe to remove"));
    CHECK(rig_has_text(&r, "agm-hall-a-questions-b0001-"));
    CHECK(rename(away, stick) == 0); /* and in again */
    free(away);
    bool bom = false;
    CHECK_INT(count_csv(stick, &bom), 2);
    CHECK(bom); /* --excel style: Excel on Japanese Windows reads UTF-8 */
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions WHERE export_batch IS NULL"), 0);
    /* nothing new: said so, no more files */
    CHECK(rig_tap(&r, "admin.export"));
    all = NULL;
    for (int i = 0; i < 2000; i++) {
        rig_run(&r, 20);
        free(all);
        all = rig_all_text(&r);
        if (strstr(all, "Nothing new"))
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    CHECK_CONTAINS(all, "Nothing new to export since batch 1");
    free(all);
    CHECK_INT(count_csv(stick, &bom), 2);
    free(stick);
    rig_close(&r);
}

static void test_export_no_stick_and_several(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 1, 0);
    CHECK(rig_open_admin(&r));
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_has_text(&r, "Insert one"));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM export_batches"), 0);
    char *a = path_join(r.media, "ALPHA"), *b = path_join(r.media, "BRAVO");
    mkdir_p(a, 0755);
    mkdir_p(b, 0755);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_has_text(&r, "Choose one"));
    CHECK(rig_has_text(&r, "ALPHA"));
    CHECK(rig_has_text(&r, "BRAVO"));
    CHECK(!rig_find(&r, "admin.wipe", NULL)); /* only the card's buttons while it is open */
    CHECK(rig_tap(&r, "admin.cancel"));
    CHECK(!rig_find(&r, "admin.media.0", NULL));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM export_batches"), 0);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_tap(&r, "admin.media.1"));
    char *all = NULL;
    for (int i = 0; i < 2000; i++) {
        rig_run(&r, 20);
        free(all);
        all = rig_all_text(&r);
        if (strstr(all, "Exported") || strstr(all, "failed"))
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    CHECK_CONTAINS(all, "Exported 1 question and 0 sign-ups to BRAVO");
    free(all);
    bool bom;
    CHECK_INT(count_csv(b, &bom), 2);
    CHECK_INT(count_csv(a, &bom), 0);
    free(a);
    free(b);
    rig_close(&r);
}

static bool fail_hook(export_fault_t at, void *ctx)
{
    return at != EXPORT_FAULT_AFTER_RENAME_FIRST; /* as if the stick were pulled half-way */
}

static bool run_until_text(rig_t *r, const char *needle);

static void test_export_failure_shown(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 2, 1);
    char *stick = path_join(r.media, "PULLED");
    mkdir_p(stick, 0755);
    CHECK(rig_open_admin(&r));
    admin_test_set_export_hook(fail_hook, NULL);
    CHECK(rig_tap(&r, "admin.export"));
    char *all = NULL;
    for (int i = 0; i < 2000; i++) {
        rig_run(&r, 20);
        free(all);
        all = rig_all_text(&r);
        if (strstr(all, "Exported") || strstr(all, "failed"))
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    admin_test_set_export_hook(NULL, NULL);
    CHECK_CONTAINS(all, "Export failed:");
    CHECK_CONTAINS(all, "2 new / 2 in all"); /* nothing was marked */
    free(all);
    bool bom;
    CHECK_INT(count_csv(stick, &bom), 0); /* no file under a final name */
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions WHERE export_batch IS NULL"), 2);
    /* and the next try works */
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Exported 2 questions and 1 sign-up "));
    CHECK_INT(count_csv(stick, &bom), 2);
    free(stick);
    rig_close(&r);
}

/* Another export of the same database running (the CLI, say): the admin
 * screen says so in words, nothing is marked, and later it works. */
static void test_export_busy_shown(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 2, 1);
    char *stick = path_join(r.media, "STICK");
    mkdir_p(stick, 0755);
    CHECK(rig_open_admin(&r));
    store_lock_t *lock = NULL;
    CHECK_INT(store_export_lock(r.store, &lock), STORE_OK);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Another export is running."));
    store_export_unlock(lock);
    bool bom;
    CHECK_INT(count_csv(stick, &bom), 0);
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions WHERE export_batch IS NULL"), 2);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Exported 2 questions and 1 sign-up "));
    CHECK_INT(count_csv(stick, &bom), 2);
    free(stick);
    rig_close(&r);
}


/* ---- the stick after an export: safe to remove ------------------------------ */

/* The mount table as the kiosk reads it: an automount point alone is idle
 * (clean), with a file system on top it is still mounted, an ordinary mount
 * is plain, nothing there is gone; paths with spaces come escaped. */
static void test_media_state_from_mountinfo(void)
{
    const char *dir = test_tmpdir();
    char *mi = test_write_file(dir, "mountinfo",
        "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
        "40 22 0:35 / /media/AGM-A rw,relatime shared:20 - autofs systemd-1 rw,fd=45,pgrp=1,timeout=2,direct\n"
        "41 40 8:0 / /media/AGM-A rw,nosuid,nodev,noexec,relatime shared:21 - vfat /dev/sda rw,uid=999,gid=999,fmask=0177,dmask=0077\n"
        "42 22 0:36 / /media/AGM-B rw,relatime shared:22 - autofs systemd-1 rw,fd=46,pgrp=1,timeout=2,direct\n"
        "43 22 8:17 / /media/OLD\\040STICK rw,relatime - vfat /dev/sdb1 rw\n"
        "44 22 8:33 / /run/media/pi/CARD rw,relatime master:3 - exfat /dev/sdc1 rw\n");
    CHECK_INT(admin_media_state_in(mi, NULL, "/media/AGM-A"), ADMIN_MEDIUM_MOUNTED);
    CHECK_INT(admin_media_state_in(mi, NULL, "/media/AGM-B"), ADMIN_MEDIUM_IDLE);
    CHECK_INT(admin_media_state_in(mi, NULL, "/media/OLD STICK"), ADMIN_MEDIUM_PLAIN);
    CHECK_INT(admin_media_state_in(mi, NULL, "/run/media/pi/CARD"), ADMIN_MEDIUM_PLAIN);
    CHECK_INT(admin_media_state_in(mi, NULL, "/media/AGM-C"), ADMIN_MEDIUM_GONE);
    CHECK_INT(admin_media_state_in(mi, NULL, "/media"), ADMIN_MEDIUM_GONE);
    char t[32];
    CHECK(admin_media_top_fstype(mi, "/media/AGM-A", t, sizeof t));
    CHECK_STR(t, "vfat");
    CHECK(admin_media_top_fstype(mi, "/media/AGM-B", t, sizeof t));
    CHECK_STR(t, "autofs");
    CHECK(!admin_media_top_fstype(mi, "/media/AGM-C", t, sizeof t));
    CHECK_STR(t, "");
    /* no mount table at all: nothing is mounted */
    char *none = path_join(dir, "no-such-mountinfo");
    CHECK_INT(admin_media_state_in(none, NULL, "/media/AGM-A"), ADMIN_MEDIUM_GONE);
    /* AGMKIOSK_MEDIA: a folder there is plain while it exists */
    char *root = path_join(dir, "media"), *stick = path_join(root, "STICK");
    mkdir_p(stick, 0755);
    CHECK_INT(admin_media_state_in(mi, root, stick), ADMIN_MEDIUM_PLAIN);
    rmdir(stick);
    CHECK_INT(admin_media_state_in(mi, root, stick), ADMIN_MEDIUM_GONE);
    /* the real table of this process: its root is mounted, never an automount */
    CHECK_INT(admin_media_state_in("/proc/self/mountinfo", NULL, "/"), ADMIN_MEDIUM_PLAIN);
    free(root);
    free(stick);
    free(none);
    free(mi);
}

static void write_mountinfo(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Export, then the stick: "finishing" while its automount still has the
 * file system mounted, "safe to remove" (its name in it) once unmounted,
 * nothing once pulled; a second stick plugged in then is exported to
 * without leaving the screen. */
static void test_export_then_safe_to_remove(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 2, 1);
    char *stick = path_join(r.media, "AGM-A");
    mkdir_p(stick, 0755);
    char *mi = path_join(r.dir, "mountinfo");
    char *mounted = xasprintf("1 0 0:1 / / rw - ext4 /dev/vda rw\n"
                              "2 1 0:35 / %s rw - autofs systemd-1 rw,direct\n"
                              "3 2 8:0 / %s rw - vfat /dev/sda rw\n", stick, stick);
    char *idle = xasprintf("1 0 0:1 / / rw - ext4 /dev/vda rw\n"
                           "2 1 0:35 / %s rw - autofs systemd-1 rw,direct\n", stick);
    write_mountinfo(mi, mounted);
    admin_media_test_set_mountinfo(mi);
    CHECK(rig_open_admin(&r));
    CHECK(!rig_has_text(&r, "safe to remove"));
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Finishing with AGM-A. Do not remove it yet."));
    CHECK(rig_has_text(&r, "Exported 2 questions and 1 sign-up to AGM-A (batch 1)"));
    CHECK(!rig_has_text(&r, "safe to remove"));
    /* the automount lets go after its idle time */
    write_mountinfo(mi, idle);
    rig_run(&r, 600);
    CHECK(rig_has_text(&r, "AGM-A is safe to remove."));
    CHECK(!rig_has_text(&r, "Finishing"));
    /* pulled: the note about it goes, the export's outcome stays */
    write_mountinfo(mi, "1 0 0:1 / / rw - ext4 /dev/vda rw\n");
    char *away = path_join(r.dir, "AGM-A-taken");
    CHECK(rename(stick, away) == 0);
    bool bom;
    CHECK_INT(count_csv(away, &bom), 2);
    free(away);
    rig_run(&r, 600);
    CHECK(!rig_has_text(&r, "AGM-A is safe"));
    CHECK(!rig_has_text(&r, "Finishing"));
    CHECK(rig_has_text(&r, "Exported 2 questions"));
    CHECK_STR(app_current_screen(r.app), "admin");
    /* a second stick, mounted the ordinary way: safe once its files are synced */
    admin_media_test_set_mountinfo(NULL);
    char *second = path_join(r.media, "AGM-B");
    mkdir_p(second, 0755);
    add_rows(&r, 1, 0);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "AGM-B is safe to remove."));
    CHECK(rig_has_text(&r, "Exported 1 question and 0 sign-ups to AGM-B (batch 2)"));
    CHECK_INT(count_csv(second, &bom), 2);
    /* closing the screen forgets the stick: the next visit starts plain */
    CHECK(rig_tap(&r, "admin.close"));
    CHECK(rig_open_admin(&r));
    CHECK(!rig_has_text(&r, "safe to remove"));
    free(second);
    free(mounted);
    free(idle);
    free(mi);
    free(stick);
    rig_close(&r);
}

/* The preview's Export (render --screen admin --tap admin.export): a sample
 * export and its stick safe to remove, nothing written. */
static void test_preview_export_sample(void)
{
    rig_t r;
    rig_open(&r, false, true, APP_MODE_KIOSK);
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_has_text(&r, "Exported 12 questions and 3 sign-ups to AGM-2012 (batch 5)"));
    CHECK(rig_has_text(&r, "AGM-2012 is safe to remove."));
    rig_run(&r, 1200); /* the preview's stick is not looked up: it stays */
    CHECK(rig_has_text(&r, "AGM-2012 is safe to remove."));
    rig_close(&r);
}

/* ---- wipe ------------------------------------------------------------------ */

static bool run_until_text(rig_t *r, const char *needle)
{
    for (int i = 0; i < 2000; i++) {
        rig_run(r, 20);
        char *all = rig_all_text(r);
        bool found = strstr(all, needle) != NULL;
        free(all);
        if (found)
            return true;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return false;
}

static void test_wipe_needs_export_and_two_confirmations(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    add_rows(&r, 3, 2);
    /* usage counts of an hour that is over, and the visit going on now */
    store_usage_t u[] = {{"2012-10-08T09:00Z", "visit", "", 3, 300}, {"2012-10-08T09:00Z", "screen", "stats", 2, 60}};
    CHECK_INT(store_usage_add(r.store, u, 2), STORE_OK);
    char *stick = path_join(r.media, "STICK");
    mkdir_p(stick, 0755);
    CHECK(rig_open_admin(&r));
    CHECK(rig_has_text(&r, "Visits: 4, 5 min in all"));
    CHECK(rig_has_text(&r, "Opened most: Figures (2)"));
    /* before an export: refused, nothing asked */
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(!rig_find(&r, "admin.wipe_yes", NULL));
    CHECK(rig_has_text(&r, "Export every row first"));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 3);
    /* export, then one more question arrives: still refused */
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Exported"));
    add_rows(&r, 1, 0);
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(rig_has_text(&r, "Export every row first"));
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(run_until_text(&r, "Exported 1 question "));
    /* now asked twice; Cancel at either step keeps everything */
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(rig_has_text(&r, "Delete everything collected on this kiosk (4 questions and 2 sign-ups, the attendance register, the hand-counts and the usage counts)? Write the minutes first."));
    rect_t yes1, cancel1, yes2, cancel2;
    CHECK(rig_find(&r, "admin.wipe_yes", &yes1));
    CHECK(rig_find(&r, "admin.cancel", &cancel1));
    CHECK(rig_tap(&r, "admin.cancel"));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 4);
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(rig_tap(&r, "admin.wipe_yes"));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 4); /* one confirmation is not enough */
    CHECK(rig_has_text(&r, "Really delete?"));
    CHECK(rig_find(&r, "admin.wipe_yes2", &yes2));
    CHECK(rig_find(&r, "admin.cancel", &cancel2));
    CHECK(!rig_find(&r, "admin.wipe_yes", NULL));
    /* the second Delete is not where the first one was: a double tap cannot confirm both */
    CHECK(!rect_overlaps(yes1, yes2));
    CHECK(rect_overlaps(yes1, cancel2));
    CHECK(rig_tap(&r, "admin.cancel"));
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 4);
    /* plain copies `agmkiosk export` wrote into the data folder, a
     * temporary an interrupted one left, and a file that is not the kiosk's */
    char *exports = path_join(r.dir, "exports");
    mkdir_p(exports, 0700);
    const char *own[] = {"agm-hall-questions-b0001-20121008T101500Z.csv", "agm-hall-signups-all-20121008T101500Z.csv",
                         ".agm-hall-questions-b0002-20121008T101600Z.csv.tmp-123"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(own); i++) {
        char *p = path_join(exports, own[i]);
        CHECK(write_file_replace(exports, p, "uuid,name\n1,Kim\n", 16, NULL));
        free(p);
    }
    char *foreign = path_join(exports, "notes.txt");
    CHECK(write_file_replace(exports, foreign, "keep", 4, NULL));
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(rig_tap(&r, "admin.wipe_yes"));
    CHECK(rig_tap(&r, "admin.wipe_yes2"));
    CHECK(run_until_text(&r, "Collected data deleted."));
    CHECK(rig_has_text(&r, "The 3 export files in the data folder were deleted too."));
    for (size_t i = 0; i < AGM_ARRAY_LEN(own); i++) {
        char *p = path_join(exports, own[i]);
        CHECK_MSG(access(p, F_OK) != 0, "%s is still there", own[i]);
        free(p);
    }
    CHECK(access(foreign, F_OK) == 0);
    free(foreign);
    free(exports);
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 0);
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM signups"), 0);
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
    CHECK(rig_has_text(&r, "(4 / 2)"));
    CHECK(rig_has_text(&r, "0 new / 0 in all"));
    /* the usage counts went too, also those not saved yet (shown once the
     * stick is pulled: at 800x480 its line takes the usage counts' room) */
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM usage_counts"), 0);
    CHECK(rig_has_text(&r, "STICK is safe to remove."));
    char *away = path_join(r.dir, "STICK-taken");
    CHECK(rename(stick, away) == 0);
    rig_run(&r, 600);
    free(away);
    CHECK(rig_has_text(&r, "Visits: 0, 0 min in all"));
    /* and again: nothing to delete */
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(rig_has_text(&r, "There is nothing to delete."));
    /* the kiosk still collects */
    add_rows(&r, 1, 0);
    CHECK_INT(q_int(r.store, "SELECT count(*) FROM questions"), 1);
    free(stick);
    rig_close(&r);
}

/* ---- quitting -------------------------------------------------------------- */

static void test_quit_only_from_admin(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    /* window close, Escape, Ctrl+Q, Alt+F4-like keys, Ctrl+W: all ignored on attendee screens */
    const char *screens[] = {"home", "ask", "signup", "admin_pin"};
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        if (!app_show_screen(r.app, screens[i]))
            continue;
        rig_run(&r, 300);
        rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
        rig_key(&r, UI_KEY_ESCAPE, 0);
        rig_key(&r, 'q', UI_MOD_CTRL);
        rig_key(&r, 'w', UI_MOD_CTRL);
        rig_key(&r, UI_KEY_F5, UI_MOD_ALT);
        rig_run(&r, 100);
        CHECK_MSG(!app_quit_requested(r.app), "quit on %s", screens[i]);
    }
    /* the preview of the admin screen (no PIN) shows Leave's question
     * (render --tap admin.quit draws it), and its Leave does not leave */
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    CHECK(rig_tap(&r, "admin.quit"));
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_tap(&r, "admin.quit_yes"));
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_has_text(&r, "Preview with sample figures."));
    CHECK(rig_tap(&r, "admin.close"));
    /* the unlocked admin screen: Leave asks once more, Cancel keeps the
     * kiosk running, Leave on the card quits */
    CHECK(rig_open_admin(&r));
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_tap(&r, "admin.quit"));
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_tap(&r, "admin.cancel"));
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_tap(&r, "admin.quit"));
    CHECK(rig_tap(&r, "admin.quit_yes"));
    CHECK(app_quit_requested(r.app));
    rig_close(&r);
    /* a window close on the admin screen is honoured too */
    rig_open(&r, true, true, APP_MODE_KIOSK);
    CHECK(rig_open_admin(&r));
    rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
    CHECK(app_quit_requested(r.app));
    rig_close(&r);
}

/* `agmkiosk moderate`: its own window starts on the PIN pad (Cancel stays
 * there: nothing is behind it), the PIN opens the moderation screen (not
 * the admin screen), back and Escape lock it again, no idle timeout sends
 * it anywhere, and closing the window ends it. */
static void test_moderate_mode(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_MODERATE);
    rig_run(&r, 300);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_tap(&r, "pin.cancel"));
    rig_run(&r, 300);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(!rig_type_pin(&r, "0000") || strcmp(app_current_screen(r.app), "admin_pin") == 0);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "moderate");
    rig_run(&r, 200000); /* longer than any idle timeout */
    CHECK_STR(app_current_screen(r.app), "moderate");
    CHECK(rig_tap(&r, "nav.back"));
    rig_run(&r, 400);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(rig_type_pin(&r, PIN));
    CHECK_STR(app_current_screen(r.app), "moderate");
    rig_key(&r, UI_KEY_ESCAPE, 0);
    rig_run(&r, 400);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    CHECK(!app_quit_requested(r.app));
    rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
    CHECK(app_quit_requested(r.app));
    rig_close(&r);
}

static void test_slideshow_switch_and_escape(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    CHECK(rig_open_admin(&r));
    bool has_show = app_show_screen(r.app, "slideshow");
    CHECK(app_show_screen(r.app, "home"));
    rig_run(&r, 300);
    CHECK(rig_open_admin(&r));
    CHECK(rig_tap(&r, "admin.slideshow"));
    if (!has_show) {
        /* no slideshow in this build: the admin screen stays */
        CHECK_STR(app_current_screen(r.app), "admin");
        rig_close(&r);
        return;
    }
    CHECK_STR(app_current_screen(r.app), "slideshow");
    rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
    CHECK(!app_quit_requested(r.app)); /* still the kiosk's hardware */
    rig_run(&r, 100);
    rig_key(&r, UI_KEY_ESCAPE, 0);
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(!app_quit_requested(r.app));
    rig_close(&r);
    /* started as a slideshow: Escape and window close end it */
    rig_open(&r, false, false, APP_MODE_SLIDESHOW);
    CHECK_STR(app_current_screen(r.app), "slideshow");
    rig_key(&r, UI_KEY_ESCAPE, 0);
    CHECK(app_quit_requested(r.app));
    rig_close(&r);
    rig_open(&r, false, false, APP_MODE_SLIDESHOW);
    rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
    CHECK(app_quit_requested(r.app));
    rig_close(&r);
}

/* In slideshow mode the admin screen offers the way back to the kiosk
 * (touch screens have no Escape). */
static void test_back_to_kiosk_mode(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_SLIDESHOW);
    CHECK(app_show_screen(r.app, "home"));
    rig_run(&r, 300);
    CHECK(!rig_find(&r, "home.ask", NULL)); /* slideshow mode: no collection */
    CHECK(rig_open_admin(&r));
    CHECK(rig_has_text(&r, "Back to kiosk mode"));
    CHECK(!rig_has_text(&r, "Switch to slideshow"));
    CHECK(rig_tap(&r, "admin.slideshow"));
    CHECK_STR(app_current_screen(r.app), "home");
    CHECK(rig_find(&r, "home.ask", NULL)); /* kiosk mode again */
    /* and now a kiosk: close requests are ignored */
    rig_event(&r, UI_EV_QUIT_REQUEST, 0, 0, 0, 0);
    CHECK(!app_quit_requested(r.app));
    CHECK(rig_open_admin(&r));
    CHECK(rig_has_text(&r, "Switch to slideshow"));
    rig_close(&r);
}

/* ---- idle and preview ------------------------------------------------------ */

static void test_idle_closes_admin(void)
{
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    r.cfg.idle_timeout_s = 30;
    CHECK(rig_open_admin(&r));
    rig_run(&r, 29000);
    CHECK_STR(app_current_screen(r.app), "admin");
    rig_run(&r, 1500);
    CHECK(strcmp(app_current_screen(r.app), "admin") != 0);
    CHECK(strcmp(app_current_screen(r.app), "admin_pin") != 0);
    /* locked again */
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    CHECK(rig_has_text(&r, "Preview"));
    /* the PIN pad also times out */
    CHECK(app_show_screen(r.app, "home"));
    rig_hold_corner(&r, 3000);
    CHECK_STR(app_current_screen(r.app), "admin_pin");
    rig_run(&r, 31000);
    CHECK(strcmp(app_current_screen(r.app), "admin_pin") != 0);
    rig_close(&r);
}

static void test_preview_and_problems(void)
{
    rig_t r;
    rig_open(&r, false, true, APP_MODE_KIOSK);
    /* shown without the PIN (render): sample figures, actions inert */
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    char *all = rig_all_text(&r);
    CHECK_CONTAINS(all, "12 new / 148 in all");
    CHECK_CONTAINS(all, "Preview with sample figures");
    /* content and database fine: one line says so for both */
    CHECK_CONTAINS(all, "Content and database: no problems found");
    CHECK(!strstr(all, "Database: No problems found"));
    free(all);
    CHECK(rig_tap(&r, "admin.wipe"));
    CHECK(!rig_find(&r, "admin.wipe_yes", NULL));
    CHECK(rig_tap(&r, "admin.close"));
    /* unlocked without a store: saving unavailable */
    CHECK(rig_open_admin(&r));
    all = rig_all_text(&r);
    CHECK_CONTAINS(all, "Saving unavailable");
    CHECK_CONTAINS(all, "Content: No problems found");
    free(all);
    CHECK(rig_tap(&r, "admin.export"));
    CHECK(rig_has_text(&r, "Saving unavailable"));
    rig_close(&r);
}

/* The admin screen in the organizers' language and time zone (kiosk.ini
 * [admin]), whatever the attendee before them chose; the attendee's
 * language is back when it closes. Stored times stay UTC. */
static void test_admin_language_and_time_zone(void)
{
    char out[64];
    CHECK(tz_format_utc("2026-10-08T10:15:00Z", "Asia/Tokyo", out, sizeof out));
    CHECK_STR(out, "2026-10-08 19:15 JST");
    CHECK(tz_format_utc("2026-10-08T10:15:00Z", NULL, out, sizeof out));
    CHECK_STR(out, "2026-10-08 10:15 UTC");
    CHECK(!tz_format_utc("yesterday", "Asia/Tokyo", out, sizeof out));
    CHECK(tz_valid("Asia/Tokyo") && tz_valid("UTC") && !tz_valid("Mars/Olympus") && !tz_valid("../../etc/passwd"));
    CHECK(getenv("TZ") == NULL || strcmp(getenv("TZ"), "Asia/Tokyo") != 0); /* put back */
    rig_t r;
    rig_open(&r, true, true, APP_MODE_KIOSK);
    config_set(&r.cfg.admin_language, "ja");
    config_set(&r.cfg.time_zone, "Asia/Tokyo");
    app_show_screen(r.app, "home");
    rig_run(&r, 300);
    CHECK(rig_tap(&r, "lang.ko"));
    /* the preview (no PIN) shows a sample export time */
    CHECK(app_show_screen(r.app, "admin"));
    rig_run(&r, 300);
    rig_draw(&r);
    CHECK(gfx_record_find_text(r.rec, "\xE8\xB3\xAA\xE5\x95\x8F") != NULL); /* 質問 */
    CHECK(gfx_record_find_text(r.rec, "19:15 JST") != NULL);
    CHECK(rig_tap(&r, "admin.close"));
    rig_run(&r, 300);
    rig_draw(&r);
    CHECK(gfx_record_find_text(r.rec, "\xEC\x97\xB0\xEB\xA1\x80") != NULL); /* 연례: Korean again */
    rig_close(&r);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_admin_language_and_time_zone);
    RUN(test_corner_needs_three_seconds);
    RUN(test_corner_on_attract);
    RUN(test_right_pin_opens);
    RUN(test_keyboard_pin_entry);
    RUN(test_five_wrong_lock_for_a_minute);
    RUN(test_no_pin_set);
    RUN(test_pin_check_keeps_ui_alive);
    RUN(test_pin_answer_after_idle_is_discarded);
    RUN(test_pin_leaving_does_not_dodge_the_lock);
    RUN(test_pin_abandoned_check_counted_when_answered);
    RUN(test_export_to_stick_keeps_ui_alive);
    RUN(test_export_no_stick_and_several);
    RUN(test_export_failure_shown);
    RUN(test_export_busy_shown);
    RUN(test_media_state_from_mountinfo);
    RUN(test_export_then_safe_to_remove);
    RUN(test_preview_export_sample);
    RUN(test_wipe_needs_export_and_two_confirmations);
    RUN(test_quit_only_from_admin);
    RUN(test_slideshow_switch_and_escape);
    RUN(test_moderate_mode);
    RUN(test_back_to_kiosk_mode);
    RUN(test_idle_closes_admin);
    RUN(test_preview_and_problems);
    content_free(&content);
    return test_summary();
}
