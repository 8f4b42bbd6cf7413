/* The kiosk's start in two steps (session_open_first, session_finish):
 * the attract screen's first frame from the event, the files its cards
 * come from and the strings, then the rest of the content and the
 * database after it. The first frame, and every screen first shown after
 * that, is the picture a whole load gives, byte for byte, in every
 * language (the first frame's row of dots counts every card). */
#include "test.h"
#include "testcontent.h"
#include "config/config.h"
#include "core/util.h"
#include "platform/gfx_sdl.h"
#include "platform/headless.h"
#include "platform/session.h"

#include <stdlib.h>
#include <string.h>

#define W 1280
#define H 800
#define T0 1000

typedef struct {
    config_t cfg;
    session_t ss;
    headless_t hl;
    gfx_t measure;
    uint64_t now;
} kiosk_t;

/* The content folder the kiosks open (NULL: the bundled one). */
static const char *content_dir;

static bool kiosk_open_mode(kiosk_t *k, const char *lang, bool first, app_mode_t mode)
{
    memset(k, 0, sizeof *k);
    config_defaults(&k->cfg);
    char *content = content_dir ? xstrdup(content_dir) : test_repo_path("content"), *fonts = test_repo_path("fonts");
    config_set(&k->cfg.content_dir, content);
    config_set(&k->cfg.fonts_dir, fonts);
    config_set(&k->cfg.data_dir, test_tmpdir());
    config_set(&k->cfg.language, lang);
    config_set(&k->cfg.kiosk_id, "hall-a");
    k->cfg.collect = true;
    free(content);
    free(fonts);
    char *db = config_db_path(&k->cfg);
    k->now = T0;
    bool ok = first ? session_open_first(&k->ss, &k->cfg, mode, db, k->now)
                    : session_open(&k->ss, &k->cfg, mode, db, k->now);
    free(db);
    char *err = NULL;
    if (!ok || !headless_open(&k->hl, W, H, k->ss.fonts, &err)) {
        fprintf(stderr, "  cannot open: %s\n", err ? err : "session");
        free(err);
        return false;
    }
    k->measure = headless_begin(&k->hl);
    app_set_measure(k->ss.app, &k->measure);
    app_set_wall_clock(k->ss.app, k->now, 1349654400000LL); /* 2012-10-08 */
    app_resize(k->ss.app, W, H);
    return true;
}

static bool kiosk_open(kiosk_t *k, const char *lang, bool first)
{
    return kiosk_open_mode(k, lang, first, APP_MODE_KIOSK);
}

static void kiosk_close(kiosk_t *k)
{
    app_set_measure(k->ss.app, NULL);
    headless_close(&k->hl);
    session_close(&k->ss);
    config_free(&k->cfg);
}

/* Update until still, then draw. */
static void draw(kiosk_t *k)
{
    uint64_t end = k->now + 3000;
    app_update(k->ss.app, k->now);
    while (k->now < end && app_wait_ms(k->ss.app, k->now) == 0) {
        k->now += 16;
        app_update(k->ss.app, k->now);
    }
    gfx_t g = headless_begin(&k->hl);
    app_draw(k->ss.app, &g);
    headless_end(&k->hl);
}

/* Rows of the two pictures that differ: the first in *first_row (-1 none). */
static int rows_differing(kiosk_t *a, kiosk_t *b, int *first_row)
{
    int n = 0;
    *first_row = -1;
    for (int y = 0; y < H; y++) {
        const uint8_t *ra = (const uint8_t *)a->hl.surf->pixels + (size_t)y * (size_t)a->hl.surf->pitch;
        const uint8_t *rb = (const uint8_t *)b->hl.surf->pixels + (size_t)y * (size_t)b->hl.surf->pitch;
        if (memcmp(ra, rb, W * 4) != 0) {
            if (*first_row < 0)
                *first_row = y;
            n++;
        }
    }
    return n;
}

static void test_first_frame_then_every_screen(void)
{
    static const char *const langs[] = {"en", "ja", "ko"};
    for (size_t li = 0; li < 3; li++) {
        kiosk_t full, first;
        if (!kiosk_open(&full, langs[li], false) || !kiosk_open(&first, langs[li], true)) {
            CHECK(false);
            kiosk_close(&full);
            kiosk_close(&first);
            continue;
        }
        /* before the first frame: no database, the content still loading */
        CHECK(first.ss.store == NULL);
        CHECK(!content_complete(&first.ss.content));
        CHECK_STR(app_current_screen(first.ss.app), "attract");
        draw(&full);
        draw(&first);
        /* the first frame: the final picture, its row of dots included */
        int at, n = rows_differing(&full, &first, &at);
        CHECK_MSG(n == 0, "%s: %d rows differ from row %d", langs[li], n, at);
        session_finish(&first.ss);
        CHECK(first.ss.store != NULL);
        CHECK(content_complete(&first.ss.content));
        CHECK_STR(app_current_screen(first.ss.app), "attract");
        /* every screen, the attract screen again first */
        for (size_t i = 0; i < app_screen_count(); i++) {
            const char *name = app_screen_name(i);
            if (i && (!app_show_screen(full.ss.app, name) || !app_show_screen(first.ss.app, name)))
                continue;
            draw(&full);
            draw(&first);
            n = rows_differing(&full, &first, &at);
            CHECK_MSG(n == 0, "%s %s: %d rows differ from row %d", langs[li], name, n, at);
        }
        kiosk_close(&full);
        kiosk_close(&first);
    }
}


/* The same with a folder full of mistakes: in the files the cards come
 * from (a timeline row with a bad date, a figure that is no number, a
 * chart of an unknown kind, a heading given twice, one without text), in the
 * translations (a figure that differs, a report missing) and in the files
 * loaded after the first frame (slides, forms). */
static void test_first_frame_of_broken_content(void)
{
    const char *dir = test_tmpdir();
    char *src = test_repo_path("content");
    char *cmd = xasprintf("cp -r '%s'/. '%s' && cd '%s' && "
                          "sed -i 's/2011-10-09/2011-13-09/' timeline.csv && "
                          "sed -i 's/,1000,/,lots,/' stats.csv && "
                          "sed -i '0,/kind = bar/s//kind = pie/' charts.ini && "
                          "sed -i 's/\\*\\*1,300\\*\\*/**1,200**/' report.ja.md && "
                          "printf '\\n## Problems remaining to be solved\\n\\nThe same heading again, with a passage long enough for a card of its own.\\n\\n##\\n\\n<div>html</div>\\n' >> report.md && "
                          "rm -f report.ko.md forms.ini && printf '[slide\\nbroken\\n' > slides.ini",
                          src, dir, dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(src);
    content_dir = dir;
    test_first_frame_then_every_screen();
    content_dir = NULL;
}

static uint64_t rasterized(kiosk_t *k)
{
    gfx_sdl_stats_t st;
    gfx_sdl_stats(k->hl.gfx, &st);
    return st.rasterized;
}

static void press(kiosk_t *k, int key)
{
    ui_event_t e = {.type = UI_EV_KEY_DOWN, .time_ms = k->now, .key = key};
    app_event(k->ss.app, &e);
    e.type = UI_EV_KEY_UP;
    app_event(k->ss.app, &e);
}

/* The slideshow, while nothing moves, makes the slides beside the current
 * one ready (app_rehearse): nothing is drawn, and the frames of the next
 * transition rasterize no text. */
static void test_slideshow_rehearses_the_next_slide(void)
{
    kiosk_t k;
    if (!kiosk_open_mode(&k, "en", true, APP_MODE_SLIDESHOW)) {
        CHECK(false);
        kiosk_close(&k);
        return;
    }
    draw(&k);
    size_t bytes = (size_t)k.hl.surf->pitch * H;
    uint8_t *before = xmalloc(bytes);
    memcpy(before, k.hl.surf->pixels, bytes);
    uint64_t r0 = rasterized(&k);
    CHECK(app_rehearse(k.ss.app, &k.measure));
    CHECK(rasterized(&k) > r0);                    /* the next slide's text */
    CHECK(memcmp(before, k.hl.surf->pixels, bytes) == 0); /* and nothing drawn */
    CHECK(!app_rehearse(k.ss.app, &k.measure));   /* once */
    uint64_t r1 = rasterized(&k);
    press(&k, UI_KEY_RIGHT);
    int frames = 0;
    for (int i = 0; i < 200 && app_update(k.ss.app, k.now); i++) {
        gfx_t g = headless_begin(&k.hl);
        app_draw(k.ss.app, &g);
        headless_end(&k.hl);
        k.now += 16;
        frames++;
    }
    CHECK(frames > 3);
    CHECK_INT((long long)rasterized(&k), (long long)r1);
    /* the slide after it is made ready next, and the one before */
    CHECK(app_rehearse(k.ss.app, &k.measure));
    free(before);
    kiosk_close(&k);
}

int main(void)
{
    RUN(test_first_frame_then_every_screen);
    RUN(test_first_frame_of_broken_content);
    RUN(test_slideshow_rehearses_the_next_slide);
    return test_summary();
}
