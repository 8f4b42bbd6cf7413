/* Layout of the PIN pad and the admin screen at 800x480, 1280x800,
 * 1920x1080 and 720x1280, in English, Japanese and Korean, drawn into the
 * recorder (fake font). In every state (pad: empty, locked, no PIN set;
 * admin: live with a result, preview, choosing among USB sticks, both
 * deletion confirmations):
 *   - every control on the screen, at least a tenth of the shorter side
 *     (48 px at 800x480), none overlapping another;
 *   - every text on the screen, inside its clip horizontally, not below the
 *     smallest size (18 px at 800x480, scaled);
 *   - a text that starts inside a control stays inside it and is not cut
 *     with an ellipsis; other text does not run under a control;
 *   - the pad's digit keys are at least as large as the minimum target,
 *     clips balanced. */
#include "test.h"
#include "testcontent.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "admin/admin_media.h"
#include "admin/pin.h"
#include "admin/pin_check.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#define PIN "135790"
#define MAXC 64

static content_t content;
static bool content_ok;
static char failure[768];

static const struct { int w, h; } sizes[] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};

typedef struct {
    config_t cfg;
    app_t *app;
    gfx_record_t *rec;
    uint64_t now;
    int w, h;
    store_t *store;
    char *media;
} rig_t;

static void sleep_ms(int ms)
{
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* While set, frames do not wait for a PIN check held by the test. */
static bool frames_no_wait;

/* Let ms pass in 20 ms frames; a PIN check (a worker thread) takes no time
 * on the fake clock: each frame waits for it in real time. */
static void rig_run(rig_t *r, int ms)
{
    for (int t = 0; t < ms; t += 20) {
        r->now += 20;
        app_update(r->app, r->now);
        for (int i = 0; !frames_no_wait && i < 30000 && app_pending(r->app); i++) {
            sleep_ms(1);
            app_update(r->app, r->now);
        }
    }
}

static atomic_bool hold_check;

static void hold_hook(bool done, void *ctx)
{
    for (int i = 0; !done && i < 5000 && atomic_load(&hold_check); i++)
        sleep_ms(2);
}

static void rig_draw(rig_t *r)
{
    gfx_record_clear(r->rec);
    gfx_t g = gfx_record_gfx(r->rec);
    app_draw(r->app, &g);
}

static void rig_ev(rig_t *r, ui_ev_type_t t, int x, int y)
{
    ui_event_t e = {.type = t, .x = x, .y = y, .pointer = 1, .time_ms = r->now};
    app_event(r->app, &e);
}

static bool rig_tap(rig_t *r, const char *id)
{
    app_control_t c[MAXC];
    size_t n = app_controls(r->app, c, MAXC);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0) {
            int x = c[i].r.x + c[i].r.w / 2, y = c[i].r.y + c[i].r.h / 2;
            r->now += 10;
            rig_ev(r, UI_EV_POINTER_DOWN, x, y);
            r->now += 60;
            rig_ev(r, UI_EV_POINTER_UP, x, y);
            rig_run(r, 300);
            return true;
        }
    return false;
}

static void rig_open(rig_t *r, int w, int h, const char *lang, bool pin, bool store)
{
    memset(r, 0, sizeof *r);
    if (!content_ok) {
        content_ok = test_load_bundled(&content);
    }
    config_defaults(&r->cfg);
    const char *dir = test_tmpdir();
    config_set(&r->cfg.data_dir, dir);
    config_set(&r->cfg.language, lang);
    config_set(&r->cfg.kiosk_id, "entrance-hall-kiosk-2");
    r->media = path_join(dir, "media");
    mkdir_p(r->media, 0755);
    setenv(ADMIN_MEDIA_ENV, r->media, 1);
    if (pin) {
        char *err = NULL;
        pin_set(dir, PIN, &err);
        free(err);
    }
    if (store) {
        char *db = path_join(dir, "agmkiosk.db"), *err = NULL;
        char *notice = NULL;
        r->store = store_open(db, "entrance-hall-kiosk-2", &notice, &err);
        free(notice);
        free(err);
        free(db);
        question_in_t q = {.text = "q", .lang = "en"};
        for (int i = 0; i < 12; i++)
            store_add_question(r->store, &q, NULL);
    }
    r->w = w;
    r->h = h;
    r->now = 50000;
    app_init_t init = {.cfg = &r->cfg,
                       .content = &content,
                       .store = r->store,
                       .store_notice = store ? "db: the database was unreadable and was moved to "
                                               "/var/lib/agmkiosk/agmkiosk.db.corrupt-20261008T101500Z; "
                                               "a new one was started" : NULL,
                       .mode = APP_MODE_KIOSK,
                       .now_ms = r->now};
    r->app = app_create(&init);
    app_resize(r->app, w, h);
    r->rec = gfx_record_create(w, h);
}

static void rig_close(rig_t *r)
{
    app_destroy(r->app);
    gfx_record_destroy(r->rec);
    store_close(r->store);
    config_free(&r->cfg);
    free(r->media);
    unsetenv(ADMIN_MEDIA_ENV);
}

static void rig_corner(rig_t *r)
{
    rig_ev(r, UI_EV_POINTER_DOWN, 2, 2);
    rig_run(r, 3100);
    rig_ev(r, UI_EV_POINTER_UP, 2, 2);
    rig_run(r, 300);
}

static bool rig_unlock(rig_t *r)
{
    rig_corner(r);
    for (const char *p = PIN; *p; p++) {
        char id[8] = {'p', 'i', 'n', '.', *p, 0};
        if (!rig_tap(r, id))
            return false;
    }
    return rig_tap(r, "pin.ok") && strcmp(app_current_screen(r->app), "admin") == 0;
}

/* Check the frame in r->rec and the controls; false with failure[] set. */
static bool check_frame(rig_t *r, const char *what)
{
    int w = r->w, h = r->h;
    rect_t screen = {0, 0, w, h};
    int shorter = w < h ? w : h;
    int min_px = 18;
    if (shorter > 480)
        min_px = 18 * shorter / 480 * 85 / 100;
    app_control_t c[MAXC];
    size_t n = app_controls(r->app, c, MAXC);
    int min_side = (shorter + 9) / 10;
    for (size_t i = 0; i < n; i++) {
        if (!rect_inside(c[i].r, screen)) {
            snprintf(failure, sizeof failure, "%s %dx%d: control %s at %d,%d %dx%d off-screen", what, w, h, c[i].id,
                     c[i].r.x, c[i].r.y, c[i].r.w, c[i].r.h);
            return false;
        }
        if (c[i].r.w < min_side || c[i].r.h < min_side) {
            snprintf(failure, sizeof failure, "%s %dx%d: control %s is %dx%d (min %d)", what, w, h, c[i].id,
                     c[i].r.w, c[i].r.h, min_side);
            return false;
        }
        for (size_t k = 0; k < i; k++)
            if (rect_overlaps(c[i].r, c[k].r)) {
                snprintf(failure, sizeof failure, "%s %dx%d: controls %s and %s overlap", what, w, h, c[i].id,
                         c[k].id);
                return false;
            }
    }
    /* what is on top: from the last fill that covers the whole screen (a card's dimming) */
    size_t first = 0;
    for (size_t i = 0; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind == REC_FILL && it->r.x <= 0 && it->r.y <= 0 && it->r.w >= w && it->r.h >= h)
            first = i;
    }
    int texts = 0;
    for (size_t i = first; i < gfx_record_count(r->rec); i++) {
        const rec_item_t *it = gfx_record_item(r->rec, i);
        if (it->kind != REC_TEXT)
            continue;
        texts++;
        if (!rect_inside(it->r, screen)) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" at %d,%d %dx%d off the screen", what, w, h,
                     it->text, it->r.x, it->r.y, it->r.w, it->r.h);
            return false;
        }
        if (it->r.x < it->clip.x || it->r.x + it->r.w > it->clip.x + it->clip.w) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" outside its clip", what, w, h, it->text);
            return false;
        }
        if (it->font.px < min_px) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" at %d px (min %d)", what, w, h, it->text,
                     it->font.px, min_px);
            return false;
        }
        for (size_t k = 0; k < n; k++) {
            bool starts_in = rect_contains(c[k].r, it->r.x, it->r.y + it->r.h / 2);
            if (starts_in && !rect_inside(it->r, c[k].r)) {
                snprintf(failure, sizeof failure, "%s %dx%d: label \"%s\" (%d,%d %dx%d) leaves control %s", what, w,
                         h, it->text, it->r.x, it->r.y, it->r.w, it->r.h, c[k].id);
                return false;
            }
            if (starts_in && strstr(it->text, "\xE2\x80\xA6")) {
                snprintf(failure, sizeof failure, "%s %dx%d: label \"%s\" of %s is cut", what, w, h, it->text,
                         c[k].id);
                return false;
            }
            if (!starts_in && rect_overlaps(rect_intersect(it->r, it->clip), c[k].r)) {
                snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" runs under control %s", what, w, h, it->text,
                         c[k].id);
                return false;
            }
        }
    }
    if (texts == 0) {
        snprintf(failure, sizeof failure, "%s %dx%d: no text drawn", what, w, h);
        return false;
    }
    if (gfx_record_clip_depth(r->rec) != 0 || gfx_record_clip_underflows(r->rec) != 0) {
        snprintf(failure, sizeof failure, "%s %dx%d: clips unbalanced", what, w, h);
        return false;
    }
    return true;
}

static bool frame_ok(rig_t *r, const char *what)
{
    rig_run(r, 300);
    rig_draw(r);
    bool ok = check_frame(r, what);
    if (!ok && getenv("AGM_DUMP"))
        gfx_record_dump(r->rec, stderr);
    return ok;
}

static void check_pad(const char *lang)
{
    for (size_t s = 0; s < AGM_ARRAY_LEN(sizes); s++) {
        rig_t r;
        rig_open(&r, sizes[s].w, sizes[s].h, lang, true, false);
        rig_corner(&r);
        CHECK_STR(app_current_screen(r.app), "admin_pin");
        CHECK(rig_tap(&r, "pin.1"));
        CHECK(rig_tap(&r, "pin.2"));
        CHECK_MSG(frame_ok(&r, "pad"), "[%s] %s", lang, failure);
        app_control_t c[MAXC];
        size_t n = app_controls(r.app, c, MAXC);
        CHECK_INT(n, 13);
        /* while a PIN is checked */
        atomic_store(&hold_check, true);
        pin_check_test_set_hook(hold_hook, NULL);
        frames_no_wait = true;
        CHECK(rig_tap(&r, "pin.7"));
        CHECK(rig_tap(&r, "pin.7"));
        CHECK(rig_tap(&r, "pin.7"));
        CHECK(rig_tap(&r, "pin.7"));
        CHECK(rig_tap(&r, "pin.ok"));
        CHECK(app_pending(r.app));
        bool checking_ok = frame_ok(&r, "pad checking");
        frames_no_wait = false;
        atomic_store(&hold_check, false);
        pin_check_test_set_hook(NULL, NULL);
        rig_run(&r, 100);
        CHECK_MSG(checking_ok, "[%s] %s", lang, failure);
        for (int i = 0; i < 4; i++) {
            CHECK(rig_tap(&r, "pin.7"));
            CHECK(rig_tap(&r, "pin.7"));
            CHECK(rig_tap(&r, "pin.7"));
            CHECK(rig_tap(&r, "pin.7"));
            CHECK(rig_tap(&r, "pin.ok"));
        }
        CHECK_MSG(frame_ok(&r, "pad locked"), "[%s] %s", lang, failure);
        rig_close(&r);

        rig_open(&r, sizes[s].w, sizes[s].h, lang, false, false);
        rig_corner(&r);
        CHECK_STR(app_current_screen(r.app), "admin_pin");
        CHECK_MSG(frame_ok(&r, "pad without a PIN"), "[%s] %s", lang, failure);
        rig_close(&r);
    }
}

static void check_admin(const char *lang)
{
    for (size_t s = 0; s < AGM_ARRAY_LEN(sizes); s++) {
        rig_t r;
        rig_open(&r, sizes[s].w, sizes[s].h, lang, true, true);
        CHECK(rig_unlock(&r));
        CHECK_MSG(frame_ok(&r, "admin"), "[%s] %s", lang, failure);
        /* a result to show: the refusal to delete before an export */
        CHECK(rig_tap(&r, "admin.wipe"));
        CHECK_MSG(frame_ok(&r, "admin with a note"), "[%s] %s", lang, failure);
        /* three sticks to choose from */
        const char *sticks[] = {"KINGSTON-32GB", "SANDISK", "ORGANIZERS"};
        for (int i = 0; i < 3; i++) {
            char *p = path_join(r.media, sticks[i]);
            mkdir_p(p, 0755);
            free(p);
        }
        CHECK(rig_tap(&r, "admin.export"));
        app_control_t cc[MAXC];
        CHECK_INT(app_controls(r.app, cc, MAXC), 4); /* three sticks and Cancel */
        CHECK_MSG(frame_ok(&r, "admin choosing a stick"), "[%s] %s", lang, failure);
        CHECK(rig_tap(&r, "admin.media.0"));
        for (int i = 0; i < 3000; i++) {
            rig_run(&r, 20);
            store_counts_t c;
            if (store_counts(r.store, &c) && c.questions_new == 0)
                break;
        }
        /* the export thread is done when the screen stops animating */
        for (int i = 0; i < 3000 && app_wait_ms(r.app, r.now) == 0; i++) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
            rig_run(&r, 20);
        }
        CHECK_MSG(frame_ok(&r, "admin after an export"), "[%s] %s", lang, failure);
        /* that frame has the stick's line: safe to remove, its name in it */
        rig_draw(&r);
        const char *safe = strcmp(lang, "ja") == 0   ? "KINGSTON-32GB \xE3\x81\xAF\xE5\xAE\x89\xE5\x85\xA8" /* は安全 */
                           : strcmp(lang, "ko") == 0 ? "KINGSTON-32GB\xEC\x9D\x84(\xEB\xA5\xBC)" /* 을(를) */
                                                     : "KINGSTON-32GB is safe to remove.";
        CHECK_MSG(gfx_record_find_text(r.rec, safe) != NULL, "[%s %dx%d] no line about the stick", lang, sizes[s].w,
                  sizes[s].h);
        CHECK(rig_tap(&r, "admin.wipe"));
        CHECK(rig_tap(&r, "admin.wipe") == false); /* the card is open: only its buttons */
        CHECK_MSG(frame_ok(&r, "admin first confirmation"), "[%s] %s", lang, failure);
        CHECK(rig_tap(&r, "admin.wipe_yes"));
        CHECK_MSG(frame_ok(&r, "admin second confirmation"), "[%s] %s", lang, failure);
        CHECK(rig_tap(&r, "admin.cancel"));
        CHECK(rig_tap(&r, "admin.close"));
        /* the preview */
        CHECK(app_show_screen(r.app, "admin"));
        CHECK_MSG(frame_ok(&r, "admin preview"), "[%s] %s", lang, failure);
        rig_close(&r);
    }
}

static void test_pad_en(void) { check_pad("en"); }
static void test_pad_ja(void) { check_pad("ja"); }
static void test_pad_ko(void) { check_pad("ko"); }
static void test_admin_en(void) { check_admin("en"); }
static void test_admin_ja(void) { check_admin("ja"); }
static void test_admin_ko(void) { check_admin("ko"); }

/* The digit keys are large: at 800x480 at least 1.5 touch targets high. */
static void test_pad_keys_large(void)
{
    rig_t r;
    rig_open(&r, 800, 480, "en", true, false);
    rig_corner(&r);
    app_control_t c[MAXC];
    size_t n = app_controls(r.app, c, MAXC);
    int keys = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(c[i].id, "pin.", 4) == 0 && c[i].id[4] >= '0' && c[i].id[4] <= '9') {
            keys++;
            CHECK_MSG(c[i].r.h >= 72 && c[i].r.w >= 72, "%s %dx%d", c[i].id, c[i].r.w, c[i].r.h);
        }
    CHECK_INT(keys, 10);
    rig_close(&r);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_pad_keys_large);
    RUN(test_pad_en);
    RUN(test_pad_ja);
    RUN(test_pad_ko);
    RUN(test_admin_en);
    RUN(test_admin_ja);
    RUN(test_admin_ko);
    content_free(&content);
    return test_summary();
}
