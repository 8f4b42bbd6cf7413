/* Rotated panels through the real app: for each rotation (0, 90, 180, 270)
 * and panel (the official 7" DSI 800x480, a 1280x800 HDMI screen, Touch
 * Display 2, natively portrait 720x1280), the app
 * is laid out at the rotated logical size with the bundled content; every
 * control on every screen is taken at its centre and at four points inset
 * from its corners, each point is shown at a panel pixel
 * (rotate_logical_to_panel), and a tap at that panel pixel, mapped back with
 * rotate_panel_to_logical, must hit the same control (the topmost one there,
 * as the app's hit test decides). Off-centre points catch a mirrored axis
 * that a centred control would hide. On the home screen the tap is also
 * sent to the app through the mapping and must do what a tap on the control
 * itself does. */
#include "test.h"
#include "testcontent.h"

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "content/content.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/app.h"
#include "ui/rotate.h"

#define MAXC 128

static content_t content;
static bool content_ok;
static config_t cfg;
static store_t *store;

static const int rotations[] = {0, 90, 180, 270};
static const struct { int w, h; } panels[] = {{800, 480}, {1280, 800}, {720, 1280}};

/* A kiosk app on the given screen, laid out for a pw x ph panel turned by
 * rotation. The caller destroys it. */
static app_t *open_app(int rotation, int pw, int ph, const char *screen)
{
    app_init_t init = {.cfg = &cfg, .content = &content, .store = store, .mode = APP_MODE_KIOSK, .now_ms = 10000};
    app_t *a = app_create(&init);
    int lw, lh;
    rotate_logical_size(rotation, pw, ph, &lw, &lh);
    app_resize(a, lw, lh);
    if (screen)
        app_show_screen(a, screen);
    return a;
}

/* The control a tap at logical (x, y) hits: the last one in the list that
 * contains the point, as in the app's hit test. NULL if none. */
static const char *control_at(const app_control_t *c, size_t n, int x, int y)
{
    for (size_t i = n; i-- > 0;)
        if (rect_contains(c[i].r, x, y))
            return c[i].id;
    return NULL;
}

/* The panel pixel (px, py) showing logical (lx, ly), and the logical point
 * (tx, ty) a tap there arrives at. Returns false when the panel pixel is
 * off the panel. */
static bool through_panel(int rotation, int pw, int ph, int lx, int ly, int *px, int *py, int *tx, int *ty)
{
    rotate_logical_to_panel(rotation, pw, ph, lx, ly, px, py);
    if (*px < 0 || *py < 0 || *px >= pw || *py >= ph)
        return false;
    rotate_panel_to_logical(rotation, pw, ph, *px, *py, tx, ty);
    return true;
}

static void check_screen(app_t *a, const char *screen, int rotation, int pw, int ph, int *probes)
{
    app_control_t c[MAXC];
    size_t n = app_controls(a, c, MAXC);
    for (size_t i = 0; i < n; i++) {
        rect_t r = c[i].r;
        if (r.w <= 0 || r.h <= 0)
            continue;
        const int pts[5][2] = {
            {r.x + r.w / 2, r.y + r.h / 2},
            {r.x + r.w / 4, r.y + r.h / 4},
            {r.x + r.w - 1 - r.w / 4, r.y + r.h / 4},
            {r.x + r.w / 4, r.y + r.h - 1 - r.h / 4},
            {r.x + r.w - 1 - r.w / 4, r.y + r.h - 1 - r.h / 4},
        };
        for (int k = 0; k < 5; k++) {
            const char *drawn = control_at(c, n, pts[k][0], pts[k][1]);
            int px, py, tx, ty;
            CHECK_MSG(through_panel(rotation, pw, ph, pts[k][0], pts[k][1], &px, &py, &tx, &ty),
                      "%s, rotation %d: logical (%d,%d) is shown at (%d,%d), off the %dx%d panel", screen, rotation,
                      pts[k][0], pts[k][1], px, py, pw, ph);
            const char *hit = control_at(c, n, tx, ty);
            CHECK_MSG(drawn && hit && strcmp(drawn, hit) == 0,
                      "%s, rotation %d, %dx%d panel: %s at logical (%d,%d), a tap at panel (%d,%d) arrives at (%d,%d) and hits %s",
                      screen, rotation, pw, ph, drawn ? drawn : "(nothing)", pts[k][0], pts[k][1], px, py, tx, ty,
                      hit ? hit : "(nothing)");
            (*probes)++;
        }
    }
}

/* Every control of every screen the app can show, at every rotation. */
static void test_every_control_every_rotation(void)
{
    CHECK(content_ok);
    CHECK(app_screen_count() > 0);
    int probes = 0, home_controls = 0;
    for (size_t p = 0; p < AGM_ARRAY_LEN(panels); p++)
        for (size_t k = 0; k < AGM_ARRAY_LEN(rotations); k++) {
            app_t *a = open_app(rotations[k], panels[p].w, panels[p].h, NULL);
            for (size_t s = 0; s < app_screen_count(); s++) {
                const char *name = app_screen_name(s);
                if (!app_show_screen(a, name) || strcmp(app_current_screen(a), name) != 0)
                    continue;
                app_control_t c[MAXC];
                if (strcmp(name, "home") == 0)
                    home_controls += (int)app_controls(a, c, MAXC);
                check_screen(a, name, rotations[k], panels[p].w, panels[p].h, &probes);
            }
            app_destroy(a);
        }
    /* The home screen has controls at every rotation and size, so the loop
     * above checked something. */
    CHECK_MSG(home_controls >= (int)(AGM_ARRAY_LEN(panels) * AGM_ARRAY_LEN(rotations)),
              "only %d controls on the home screens", home_controls);
    CHECK_MSG(probes >= 5 * home_controls, "only %d taps checked", probes);
}

static void run_frames(app_t *a, uint64_t *now, int ms)
{
    for (int t = 0; t < ms; t += 20)
        app_update(a, *now += 20);
}

static void tap(app_t *a, uint64_t *now, int x, int y)
{
    ui_event_t e = {.type = UI_EV_POINTER_DOWN, .x = x, .y = y, .pointer = 1, .time_ms = *now};
    app_event(a, &e);
    run_frames(a, now, 60);
    e.type = UI_EV_POINTER_UP;
    e.time_ms = *now;
    app_event(a, &e);
    run_frames(a, now, 1000); /* let a screen change animate out */
}

/* Through the app itself: on the home screen of the 7" panel, a tap at the
 * panel pixel showing a control (off its centre) leads where a tap on the
 * control in logical coordinates leads, at every rotation; at least one
 * control leaves the home screen, so the taps are seen. */
static void test_home_taps_through_rotation(void)
{
    CHECK(content_ok);
    const int pw = 800, ph = 480;
    for (size_t k = 0; k < AGM_ARRAY_LEN(rotations); k++) {
        int rot = rotations[k];
        app_t *probe = open_app(rot, pw, ph, "home");
        CHECK_STR(app_current_screen(probe), "home");
        app_control_t c[MAXC];
        size_t n = app_controls(probe, c, MAXC);
        CHECK_MSG(n > 0, "rotation %d: no controls on the home screen", rot);
        int moved = 0;
        for (size_t i = 0; i < n; i++) {
            /* A point a third into the control: not symmetric on any axis. */
            int lx = c[i].r.x + c[i].r.w / 3, ly = c[i].r.y + c[i].r.h / 3;
            if (control_at(c, n, lx, ly) != c[i].id)
                continue; /* covered by another control there */
            char id[64];
            snprintf(id, sizeof id, "%s", c[i].id);

            uint64_t now = 10000;
            app_t *direct = open_app(rot, pw, ph, "home");
            tap(direct, &now, lx, ly);
            char want[64];
            snprintf(want, sizeof want, "%s", app_current_screen(direct));
            app_destroy(direct);

            int px, py, tx, ty;
            CHECK_MSG(through_panel(rot, pw, ph, lx, ly, &px, &py, &tx, &ty), "rotation %d: %s off the panel", rot, id);
            now = 10000;
            app_t *rotated = open_app(rot, pw, ph, "home");
            tap(rotated, &now, tx, ty);
            CHECK_MSG(strcmp(app_current_screen(rotated), want) == 0,
                      "rotation %d: a tap on %s through the panel led to %s, on the control itself to %s", rot, id,
                      app_current_screen(rotated), want);
            if (strcmp(want, "home") != 0)
                moved++;
            app_destroy(rotated);
        }
        CHECK_MSG(moved > 0, "rotation %d: no control on the home screen leads anywhere", rot);
        app_destroy(probe);
    }
}

int main(void)
{
    content_ok = test_load_bundled(&content);
    config_defaults(&cfg);
    config_set(&cfg.data_dir, test_tmpdir());
    char *db = path_join(test_tmpdir(), "agmkiosk.db"), *notice = NULL, *err = NULL;
    store = store_open(db, "rotation-test", &notice, &err);
    if (!store)
        fprintf(stderr, "store: %s\n", err ? err : "?");
    free(notice);
    free(err);
    free(db);

    RUN(test_every_control_every_rotation);
    RUN(test_home_taps_through_rotation);

    store_close(store);
    content_free(&content);
    config_free(&cfg);
    return test_summary();
}
