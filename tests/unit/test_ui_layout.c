/* Layout checks of every screen on the bundled content at 800x480,
 * 1280x800, 1920x1080 and 720x1280, drawn into the recorder, once with its
 * fake font (exact, known widths) and once measured with the real fonts of
 * fonts/ (what the kiosk draws: Noto's widths and line heights in three
 * scripts):
 *   - no text outside the screen, none wider than its clip, none below the
 *     smallest size (18 px at 800x480, scaled elsewhere);
 *   - no control off-screen, no two controls overlapping, every control at
 *     least a tenth of the shorter side (48 px at 800x480, ~9 mm);
 *   - clips balanced.
 * The reader is checked for every section (top and scrolled to the end),
 * the timeline with the detail panel of every activity. */
#include "test.h"
#include "testcontent.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "ui/app.h"
#include "ui/gfx_record.h"
#include "platform/fonts.h"
#include "platform/headless.h"

#include <stdlib.h>

static content_t content;
static config_t cfg;
static bool loaded;
static char failure[512];
/* Set while a check runs with the real fonts: their measuring backend. */
static gfx_t *real;

static const struct { int w, h; } sizes[] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};

static void load(void)
{
    if (loaded)
        return;
    loaded = test_load_bundled(&content);
    config_defaults(&cfg);
    cfg.collect = true;
}

/* Check the frame now in rec and the controls of a; returns false with
 * failure[] describing the first problem. */
static bool check_frame(app_t *a, gfx_record_t *rec, int w, int h, const char *what)
{
    rect_t screen = {0, 0, w, h};
    int shorter = w < h ? w : h;
    int min_px = 18;
    if (shorter > 480)
        min_px = 18 * shorter / 480 * 85 / 100; /* the 18 px floor, scaled, with rounding latitude */
    for (size_t i = 0; i < gfx_record_count(rec); i++) {
        const rec_item_t *it = gfx_record_item(rec, i);
        if (it->kind != REC_TEXT)
            continue;
        rect_t vis = rect_intersect(it->r, it->clip);
        if (vis.w == 0 || vis.h == 0)
            continue; /* scrolled out of its view: not seen */
        if (!rect_inside(it->clip, screen) && !rect_inside(vis, screen)) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" at %d,%d %dx%d off the screen", what, w, h,
                     it->text, it->r.x, it->r.y, it->r.w, it->r.h);
            return false;
        }
        /* Never cut at the side; cut at the top or bottom only by a scrolling view's edge. */
        if (it->r.x < it->clip.x || it->r.x + it->r.w > it->clip.x + it->clip.w) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" at x %d..%d outside its clip x %d..%d", what, w, h,
                     it->text, it->r.x, it->r.x + it->r.w, it->clip.x, it->clip.x + it->clip.w);
            return false;
        }
        if (!rect_inside(it->r, screen) && rect_inside(it->r, it->clip)) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" outside the screen", what, w, h, it->text);
            return false;
        }
        if (it->font.px < min_px) {
            snprintf(failure, sizeof failure, "%s %dx%d: text \"%s\" at %d px (min %d)", what, w, h, it->text,
                     it->font.px, min_px);
            return false;
        }
    }
    if (gfx_record_clip_depth(rec) != 0 || gfx_record_clip_underflows(rec) != 0) {
        snprintf(failure, sizeof failure, "%s %dx%d: clips unbalanced (%d, %d)", what, w, h,
                 gfx_record_clip_depth(rec), gfx_record_clip_underflows(rec));
        return false;
    }
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    int min_side = (shorter + 9) / 10;
    for (size_t i = 0; i < n; i++) {
        if (!rect_inside(c[i].r, screen)) {
            snprintf(failure, sizeof failure, "%s %dx%d: control %s at %d,%d %dx%d off-screen", what, w, h, c[i].id,
                     c[i].r.x, c[i].r.y, c[i].r.w, c[i].r.h);
            return false;
        }
        if (c[i].r.w < min_side || c[i].r.h < min_side) {
            snprintf(failure, sizeof failure, "%s %dx%d: control %s is %dx%d (min %d)", what, w, h, c[i].id, c[i].r.w,
                     c[i].r.h, min_side);
            return false;
        }
        for (size_t k = 0; k < i; k++)
            if (rect_overlaps(c[i].r, c[k].r)) {
                snprintf(failure, sizeof failure, "%s %dx%d: controls %s and %s overlap", what, w, h, c[i].id,
                         c[k].id);
                return false;
            }
    }
    return true;
}

static uint64_t now_t;

static void settle(app_t *a)
{
    for (int i = 0; i < 400; i++) {
        now_t += 16;
        app_update(a, now_t);
        if (app_wait_ms(a, now_t) != 0)
            break;
    }
}

static void draw(app_t *a, gfx_record_t *rec)
{
    gfx_record_clear(rec);
    gfx_t g = gfx_record_gfx(rec);
    app_draw(a, &g);
}

static bool tap_control(app_t *a, const char *id)
{
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].id, id) == 0) {
            ui_event_t e = {0};
            e.type = UI_EV_POINTER_DOWN;
            e.pointer = 1;
            e.x = c[i].r.x + c[i].r.w / 2;
            e.y = c[i].r.y + c[i].r.h / 2;
            e.time_ms = now_t += 10;
            app_event(a, &e);
            e.type = UI_EV_POINTER_UP;
            e.time_ms = now_t += 60;
            app_event(a, &e);
            settle(a);
            return true;
        }
    return false;
}

static void key(app_t *a, int k)
{
    ui_event_t e = {0};
    e.type = UI_EV_KEY_DOWN;
    e.key = k;
    e.time_ms = now_t += 10;
    app_event(a, &e);
    settle(a);
}

static app_t *make_app(int w, int h, gfx_record_t **rec, const char *lang)
{
    app_init_t init = {&cfg, &content, NULL, NULL, APP_MODE_KIOSK, now_t, 0};
    free(cfg.language);
    cfg.language = xstrdup(lang);
    app_t *a = app_create(&init);
    *rec = gfx_record_create(w, h);
    if (real) {
        app_set_measure(a, real);
        gfx_record_measure_with(*rec, real);
    }
    app_resize(a, w, h);
    return a;
}

static bool look_large, look_contrast; /* the home screen's A+ and high contrast */

static void check_screens_in(const char *lang)
{
    load();
    CHECK(loaded);
    for (size_t s = 0; s < AGM_ARRAY_LEN(sizes); s++) {
        int w = sizes[s].w, h = sizes[s].h;
        for (size_t i = 0; i < app_screen_count(); i++) {
            gfx_record_t *rec;
            app_t *a = make_app(w, h, &rec, lang);
            app_set_look(a, look_large, look_contrast);
            const char *name = app_screen_name(i);
            bool shown = app_show_screen(a, name);
            settle(a);
            draw(a, rec);
            bool ok = shown && check_frame(a, rec, w, h, name);
            /* and scrolled to the end */
            if (ok) {
                key(a, UI_KEY_END);
                draw(a, rec);
                ok = check_frame(a, rec, w, h, name);
            }
            app_destroy(a);
            gfx_record_destroy(rec);
            CHECK_MSG(ok, "[%s] %s", lang, failure);
        }
    }
}

static void test_every_screen_en(void) { check_screens_in("en"); }
static void test_every_screen_ja(void) { check_screens_in("ja"); }
static void test_every_screen_ko(void) { check_screens_in("ko"); }
/* Larger text and high contrast, as an attendee sets them on home. */
static void check_screens_large(const char *lang)
{
    look_large = look_contrast = true;
    check_screens_in(lang);
    look_large = look_contrast = false;
}
static void test_every_screen_large_en(void) { check_screens_large("en"); }
static void test_every_screen_large_ja(void) { check_screens_large("ja"); }
static void test_every_screen_large_ko(void) { check_screens_large("ko"); }

static void reader_every_section_in(const char *lang)
{
    load();
    CHECK(loaded);
    CHECK(content.report.nsections > 0);
    for (size_t s = 0; s < AGM_ARRAY_LEN(sizes); s++) {
        int w = sizes[s].w, h = sizes[s].h;
        gfx_record_t *rec;
        app_t *a = make_app(w, h, &rec, lang);
        app_show_screen(a, "report");
        settle(a);
        for (size_t k = 0; k < content.report.nsections; k++) {
            char id[48];
            snprintf(id, sizeof id, "report.section.%zu", k);
            /* the list scrolls: bring the row into view with the keyboard if needed */
            bool found = false;
            key(a, UI_KEY_HOME);
            for (int tries = 0; tries < 40 && !found; tries++) {
                draw(a, rec);
                found = tap_control(a, id);
                if (!found)
                    key(a, UI_KEY_DOWN);
            }
            CHECK_MSG(found, "[%s] %dx%d: no control %s", lang, w, h, id);
            CHECK_STR(app_current_screen(a), "reader");
            draw(a, rec);
            CHECK_MSG(check_frame(a, rec, w, h, id), "[%s] %s", lang, failure);
            const rec_item_t *cut = gfx_record_find_text(rec, "\xE2\x80\xA6");
            CHECK_MSG(cut == NULL, "[%s] %dx%d %s: ellipsized: %s", lang, w, h, id, cut->text);
            key(a, UI_KEY_END);
            draw(a, rec);
            CHECK_MSG(check_frame(a, rec, w, h, id), "[%s] %s (end)", lang, failure);
            CHECK(tap_control(a, "nav.back"));
            CHECK_STR(app_current_screen(a), "report");
        }
        app_destroy(a);
        gfx_record_destroy(rec);
    }
}

static void test_reader_every_section(void)
{
    reader_every_section_in("en");
    reader_every_section_in("ja");
    reader_every_section_in("ko");
}

static void test_reader_next_previous(void)
{
    load();
    CHECK(loaded);
    gfx_record_t *rec;
    app_t *a = make_app(800, 480, &rec, "en");
    app_show_screen(a, "reader");
    settle(a);
    draw(a, rec);
    CHECK(gfx_record_find_text(rec, "Section 1 of") != NULL);
    CHECK(tap_control(a, "reader.next"));
    draw(a, rec);
    const rec_item_t *t = gfx_record_find_text(rec, "Section 2 of");
    CHECK(t != NULL);
    CHECK(tap_control(a, "reader.prev"));
    draw(a, rec);
    CHECK(gfx_record_find_text(rec, "Section 1 of") != NULL);
    /* No Previous on the first section. */
    CHECK(!tap_control(a, "reader.prev"));
    app_destroy(a);
    gfx_record_destroy(rec);
}

static void timeline_every_detail_in(const char *lang)
{
    load();
    CHECK(loaded);
    CHECK(content.ntimeline > 0);
    for (size_t s = 0; s < AGM_ARRAY_LEN(sizes); s++) {
        int w = sizes[s].w, h = sizes[s].h;
        gfx_record_t *rec;
        app_t *a = make_app(w, h, &rec, lang);
        app_show_screen(a, "timeline");
        settle(a);
        for (size_t k = 0; k < content.ntimeline; k++) {
            char id[48];
            snprintf(id, sizeof id, "timeline.event.%zu", k);
            bool found = false;
            for (int tries = 0; tries < 80 && !found; tries++) {
                found = tap_control(a, id);
                if (!found)
                    key(a, UI_KEY_DOWN);
            }
            CHECK_MSG(found, "[%s] %dx%d: no control %s", lang, w, h, id);
            draw(a, rec);
            CHECK_MSG(check_frame(a, rec, w, h, id), "[%s] %s", lang, failure);
            const rec_item_t *cut = gfx_record_find_text(rec, "\xE2\x80\xA6");
            if (cut && getenv("AGM_DUMP"))
                gfx_record_dump(rec, stderr);
            CHECK_MSG(cut == NULL, "[%s] %dx%d %s: ellipsized: %s", lang, w, h, id, cut->text);
            CHECK(tap_control(a, "timeline.close"));
            CHECK_STR(app_current_screen(a), "timeline");
        }
        app_destroy(a);
        gfx_record_destroy(rec);
    }
}

static void test_timeline_every_detail(void)
{
    timeline_every_detail_in("en");
    timeline_every_detail_in("ja");
    timeline_every_detail_in("ko");
}

static void test_home_tiles(void)
{
    load();
    CHECK(loaded);
    gfx_record_t *rec;
    app_t *a = make_app(800, 480, &rec, "en");
    app_show_screen(a, "home");
    settle(a);
    draw(a, rec);
    app_control_t c[64];
    size_t n = app_controls(a, c, 64);
    bool rep = false, tl = false, st = false, en = false, ja = false, ko = false;
    for (size_t i = 0; i < n; i++) {
        rep |= strcmp(c[i].id, "home.report") == 0;
        tl |= strcmp(c[i].id, "home.timeline") == 0;
        st |= strcmp(c[i].id, "home.stats") == 0;
        en |= strcmp(c[i].id, "lang.en") == 0;
        ja |= strcmp(c[i].id, "lang.ja") == 0;
        ko |= strcmp(c[i].id, "lang.ko") == 0;
    }
    CHECK(rep && tl && st && en && ja && ko);
    CHECK(gfx_record_find_text(rec, "日本語") != NULL);
    CHECK(gfx_record_find_text(rec, "한국어") != NULL);
    CHECK(tap_control(a, "home.stats"));
    CHECK_STR(app_current_screen(a), "stats");
    draw(a, rec);
    /* The bar chart writes its values, in words when approximate, and its source. */
    CHECK(gfx_record_find_text(rec, "2,737") != NULL);
    CHECK(gfx_record_find_text(rec, "about") != NULL);
    CHECK(gfx_record_find_text(rec, "Ministry of Unification") != NULL);
    app_destroy(a);
    gfx_record_destroy(rec);
}

/* Run a check with text measured by the real fonts (a small headless SDL
 * backend does the measuring; nothing is drawn with it). */
static void with_real_fonts(void (*check)(void))
{
    char *dir = test_repo_path("fonts");
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    diag_print(&d, stderr);
    diag_free(&d);
    free(dir);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 16, 16, fs, &err));
    gfx_t g = headless_begin(&hl);
    real = &g;
    check();
    real = NULL;
    headless_close(&hl);
    fonts_free(fs);
}

/* The real fonts are what the checks measure: Noto's width of the event
 * title, not the fake font's. */
static void real_widths_differ(void)
{
    load();
    gfx_record_t *rec;
    app_t *a = make_app(800, 480, &rec, "en");
    app_show_screen(a, "home");
    settle(a);
    draw(a, rec);
    const rec_item_t *t = gfx_record_find_text(rec, "LFNKR");
    CHECK(t != NULL);
    if (t) {
        int fake = gfx_record_text_width(&t->font, t->text, strlen(t->text));
        CHECK_MSG(t->r.w > 0 && t->r.w != fake, "width %d, fake font %d", t->r.w, fake);
    }
    app_destroy(a);
    gfx_record_destroy(rec);
}

static void test_real_fonts_are_measured(void) { with_real_fonts(real_widths_differ); }
static void test_every_screen_en_real_fonts(void) { with_real_fonts(test_every_screen_en); }
static void test_every_screen_ja_real_fonts(void) { with_real_fonts(test_every_screen_ja); }
static void test_every_screen_ko_real_fonts(void) { with_real_fonts(test_every_screen_ko); }
static void test_every_screen_large_en_real_fonts(void) { with_real_fonts(test_every_screen_large_en); }
static void test_every_screen_large_ja_real_fonts(void) { with_real_fonts(test_every_screen_large_ja); }
static void test_every_screen_large_ko_real_fonts(void) { with_real_fonts(test_every_screen_large_ko); }
static void test_reader_every_section_real_fonts(void) { with_real_fonts(test_reader_every_section); }
static void test_timeline_every_detail_real_fonts(void) { with_real_fonts(test_timeline_every_detail); }

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_every_screen_large_en);
    RUN(test_every_screen_large_ja);
    RUN(test_every_screen_large_ko);
    RUN(test_every_screen_large_en_real_fonts);
    RUN(test_every_screen_large_ja_real_fonts);
    RUN(test_every_screen_large_ko_real_fonts);
    RUN(test_every_screen_en);
    RUN(test_every_screen_ja);
    RUN(test_every_screen_ko);
    RUN(test_reader_every_section);
    RUN(test_reader_next_previous);
    RUN(test_timeline_every_detail);
    RUN(test_home_tiles);
    RUN(test_real_fonts_are_measured);
    RUN(test_every_screen_en_real_fonts);
    RUN(test_every_screen_ja_real_fonts);
    RUN(test_every_screen_ko_real_fonts);
    RUN(test_reader_every_section_real_fonts);
    RUN(test_timeline_every_detail_real_fonts);
    content_free(&content);
    config_free(&cfg);
    return test_summary();
}
