/* cmd_render.c - `agmkiosk render`: every screen as a PNG, with no display
 * and no video driver (a software renderer on a surface). */
#include "../cli/cli.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../slideshow/slideshow.h"
#include "headless.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RENDER_T0 1000
#define RENDER_SETTLE_MS 3000  /* at most this much virtual time for a screen to come to rest */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk render --out DIR [--size WxH] [--screen NAME [--tap ID]...] [--lang CODE] [--controls]\n"
            "       agmkiosk render --slides --out DIR [--size WxH] [--presenter] [--lang CODE]\n"
            "       agmkiosk render --list\n"
            "Writes DIR/NAME.png for every screen (or the one named) and\n"
            "DIR/slide-NN.png for every slide of the slideshow (with no --screen,\n"
            "or --screen slideshow; only the slides with --slides), drawn at WxH\n"
            "pixels (default 1280x800) with no display needed. --presenter adds\n"
            "presenter-NN.png, the presenter view of each slide. --lang draws the\n"
            "screens and slides in that language (en, ja, ko; default: the settings').\n"
            "--controls also writes DIR/NAME.controls: a line \"ID X Y W H\" per\n"
            "touch target on the screen (for tests that tap it from outside).\n"
            "--tap ID (with --screen, repeatable) taps that control first, in order,\n"
            "and draws the screen as it then is (a confirmation card, say).\n"
            "--list names the screens.\n");
}

/* Let entrance transitions and animations finish on a virtual clock, so a
 * picture never shows a screen half-way in. */
static uint64_t settle(app_t *a, uint64_t now)
{
    uint64_t end = now + RENDER_SETTLE_MS;
    app_update(a, now);
    while (now < end && app_wait_ms(a, now) == 0) {
        now += 16;
        app_update(a, now);
    }
    return now;
}

#define RENDER_MAX_TAPS 8

/* A tap at the middle of the control named id on the current screen, as a
 * finger gives it; false when the screen has no such control. */
static bool tap_control(app_t *app, const char *id, uint64_t *now)
{
    app_control_t c[256];
    size_t n = app_controls(app, c, 256);
    for (size_t i = 0; i < n && i < 256; i++) {
        if (strcmp(c[i].id, id) != 0)
            continue;
        ui_event_t e = {0};
        e.type = UI_EV_POINTER_DOWN;
        e.pointer = 1;
        e.x = c[i].r.x + c[i].r.w / 2;
        e.y = c[i].r.y + c[i].r.h / 2;
        e.time_ms = *now;
        app_event(app, &e);
        *now += 50;
        e.type = UI_EV_POINTER_UP;
        e.time_ms = *now;
        app_event(app, &e);
        *now = settle(app, *now);
        return true;
    }
    return false;
}

/* Draw with draw_fn and write DIR/FILE; counts what was written. */
static int write_picture_with(headless_t *hl, app_t *app, void (*draw_fn)(app_t *, gfx_t *), const char *dir,
                              const char *file, int *written)
{
    gfx_t g = headless_begin(hl);
    draw_fn(app, &g);
    headless_end(hl);
    char *path = path_join(dir, file), *err = NULL;
    int rc = 0;
    if (!headless_save_png(hl, path, &err)) {
        fprintf(stderr, "render: %s\n", err);
        free(err);
        rc = 1;
    } else
        (*written)++;
    free(path);
    return rc;
}

static int write_picture(headless_t *hl, app_t *app, const char *dir, const char *file, int *written)
{
    return write_picture_with(hl, app, app_draw, dir, file, written);
}

/* Remove the temporary database folder (the database and its -wal/-shm). */
static void remove_tmp(char *dir, char *db)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; db && i < AGM_ARRAY_LEN(suffix); i++) {
        char *p = xasprintf("%s%s", db, suffix[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    free(db);
    free(dir);
}

/* DIR/NAME.controls: the screen's touch targets, one "ID X Y W H" a line. */
static int write_controls(app_t *app, const char *dir, const char *name)
{
    app_control_t c[256];
    size_t n = app_controls(app, c, 256);
    char *file = xasprintf("%s/%s.controls", dir, name);
    FILE *f = fopen(file, "w");
    if (!f) {
        fprintf(stderr, "render: %s: %s\n", file, strerror(errno));
        free(file);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s %d %d %d %d\n", c[i].id, c[i].r.x, c[i].r.y, c[i].r.w, c[i].r.h);
    int rc = fclose(f) == 0 ? 0 : 1;
    if (rc)
        fprintf(stderr, "render: %s: %s\n", file, strerror(errno));
    free(file);
    return rc;
}

int cmd_render(config_t *cfg, int argc, char **argv)
{
    const char *out = NULL, *only = NULL;
    int w = 1280, h = 800;
    bool list = false, slides = false, presenter = false, controls = false;
    const char *taps[RENDER_MAX_TAPS];
    int ntaps = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--tap") == 0 && i + 1 < argc) {
            if (ntaps == RENDER_MAX_TAPS) {
                fprintf(stderr, "render: at most %d --tap\n", RENDER_MAX_TAPS);
                return 2;
            }
            taps[ntaps++] = argv[++i];
        } else if (strcmp(a, "--list") == 0)
            list = true;
        else if (strcmp(a, "--slides") == 0)
            slides = true;
        else if (strcmp(a, "--controls") == 0)
            controls = true;
        else if (strcmp(a, "--presenter") == 0)
            presenter = slides = true;
        else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strlen(v) < 2 || strlen(v) > 8) {
                fprintf(stderr, "render: --lang %s: use a language code such as en, ja or ko\n", v);
                return 2;
            }
            free(cfg->language);
            cfg->language = xstrdup(v);
            free(cfg->slide_language);
            cfg->slide_language = xstrdup(v);
        } else if ((strcmp(a, "--out") == 0 || strcmp(a, "--size") == 0 || strcmp(a, "--screen") == 0) && i + 1 < argc) {
            const char *v = argv[++i];
            if (a[2] == 'o')
                out = v;
            else if (a[2] == 's' && a[3] == 'c')
                only = v;
            else if (!config_parse_size(v, &w, &h) || w < CONFIG_MIN_SIZE || h < CONFIG_MIN_SIZE || w > 8192 ||
                     h > 8192) {
                fprintf(stderr, "render: --size %s: use WxH, %d..8192 pixels each way (e.g. 1280x800)\n", v,
                        CONFIG_MIN_SIZE);
                return 2;
            }
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "render: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (list) {
        for (size_t i = 0; i < app_screen_count(); i++)
            printf("%s\n", app_screen_name(i));
        return 0;
    }
    if (!out) {
        fprintf(stderr, "render: --out DIR is required\n");
        usage(stderr);
        return 2;
    }
    if (ntaps > 0 && (!only || slides)) {
        fprintf(stderr, "render: --tap needs --screen NAME (the screen whose controls are tapped)\n");
        usage(stderr);
        return 2;
    }
    if (only) {
        bool known = false;
        for (size_t i = 0; i < app_screen_count(); i++)
            known = known || strcmp(app_screen_name(i), only) == 0;
        if (!known) {
            fprintf(stderr, "render: --screen %s: no such screen (render --list names them)\n", only);
            return 2;
        }
    }
    if (mkdir_p(out, 0755) != 0) {
        fprintf(stderr, "render: %s: cannot create the folder: %s\n", out, strerror(errno));
        return 1;
    }
    uint64_t now = RENDER_T0;
    /* A database of its own in a temporary folder: the forms look as they
     * do on a working kiosk, and no real database is created or touched. */
    const char *tmpbase = getenv("TMPDIR");
    char *tmpdir = xasprintf("%s/agmkiosk-render-XXXXXX", tmpbase && *tmpbase ? tmpbase : "/tmp");
    char *db = NULL;
    if (mkdtemp(tmpdir))
        db = path_join(tmpdir, "render.db");
    else
        log_warn("render", "%s: %s; the forms are drawn without a database", tmpdir, strerror(errno));
    session_t ss;
    if (!session_open(&ss, cfg, APP_MODE_KIOSK, db, now)) {
        session_close(&ss);
        remove_tmp(tmpdir, db);
        return 1;
    }
    headless_t hl;
    char *err = NULL;
    if (!headless_open(&hl, w, h, ss.fonts, &err)) {
        fprintf(stderr, "render: %s\n", err);
        free(err);
        session_close(&ss);
        remove_tmp(tmpdir, db);
        return 1;
    }
    gfx_t measure = headless_begin(&hl);
    app_set_measure(ss.app, &measure);
    app_resize(ss.app, w, h);
    int rc = 0, written = 0;
    for (size_t i = 0; i < app_screen_count() && rc == 0 && !slides; i++) {
        const char *name = app_screen_name(i);
        if (only && strcmp(name, only) != 0)
            continue;
        if (!app_show_screen(ss.app, name)) {
            fprintf(stderr, "render: screen %s cannot be shown on its own; skipped\n", name);
            continue;
        }
        now = settle(ss.app, now);
        for (int t = 0; t < ntaps && rc == 0; t++)
            if (!tap_control(ss.app, taps[t], &now)) {
                fprintf(stderr, "render: --tap %s: screen %s (after the taps before it) has no such control "
                        "(render --controls lists them)\n", taps[t], name);
                rc = 1;
            }
        if (rc != 0)
            break;
        char *file = xasprintf("%s.png", name);
        rc = write_picture(&hl, ss.app, out, file, &written);
        free(file);
        if (rc == 0 && controls)
            rc = write_controls(ss.app, out, name);
    }
    /* Every slide as the audience sees it, laid out with the real fonts at
     * this size. */
    if (rc == 0 && (slides || !only || strcmp(only, "slideshow") == 0) && app_show_screen(ss.app, "slideshow")) {
        now = settle(ss.app, now);
        size_t n = slideshow_render_count(ss.app, &measure);
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (!slideshow_render_select(ss.app, i))
                break;
            now = settle(ss.app, now);
            char *file = xasprintf("slide-%02zu.png", i + 1);
            rc = write_picture(&hl, ss.app, out, file, &written);
            free(file);
            if (presenter && rc == 0) {
                file = xasprintf("presenter-%02zu.png", i + 1);
                rc = write_picture_with(&hl, ss.app, slideshow_draw_presenter, out, file, &written);
                free(file);
            }
        }
    }
    app_set_measure(ss.app, NULL);
    headless_close(&hl);
    session_close(&ss);
    remove_tmp(tmpdir, db);
    if (rc == 0)
        log_info("render", "%d picture%s at %dx%d in %s", written, written == 1 ? "" : "s", w, h, out);
    return rc;
}
