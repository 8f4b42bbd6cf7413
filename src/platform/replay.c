/* replay.c - running replay scripts against the real app, headless, on a
 * virtual clock (see replay.h). */
#include "replay.h"

#include "../cli/cli.h"
#include "../core/log.h"
#include "../core/tz.h"
#include "../slideshow/slideshow.h"
#include "../core/utf8.h"
#include "../core/util.h"
#include "headless.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPLAY_T0 1000          /* the virtual clock's start (ms) */
#define REPLAY_FRAME_MS 16      /* step while something animates */
#define REPLAY_TAP_MS 50        /* finger down to up for a tap */
#define REPLAY_DRAG_HOLD_MS 120 /* a drag rests before lifting: no fling */
#define REPLAY_DEFAULT_W 1280
#define REPLAY_DEFAULT_H 800
#define REPLAY_PENDING_MAX_MS 60000 /* real time to wait for work in another thread */

/* ---- running ----------------------------------------------------------------- */

typedef struct {
    session_t ss;
    headless_t hl;
    gfx_t measure;
    uint64_t now;
    bool dirty;
    const char *file;
    FILE *stats;        /* --frame-stats: draw every frame and time it */
    uint64_t frames;
    const config_t *cfg;
    char qa_seen[37];   /* the question last drawn on the Q&A slide */
} runner_t;

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void run_draw(runner_t *r)
{
    gfx_t g = headless_begin(&r->hl);
    app_draw(r->ss.app, &g);
    headless_end(&r->hl);
    r->dirty = false;
    /* a question that reached the Q&A slide, with the real time it was drawn
     * (the two-process test and make bench read these lines) */
    const char *q = slideshow_qa_current(r->ss.app);
    if (strcmp(q ? q : "", r->qa_seen) != 0) {
        snprintf(r->qa_seen, sizeof r->qa_seen, "%s", q ? q : "");
        if (q) {
            printf("question-shown %s %lld\n", q, (long long)wall_ms());
            fflush(stdout);
        }
    }
}

/* Draw when the app asked for it, so layout done while drawing is current
 * before the next input, as in the real loop. */
static void settle_draw(runner_t *r)
{
    if (r->dirty)
        run_draw(r);
}

/* Work in another thread that the screen awaits (the PIN check) takes no
 * virtual time: wait for it in real time, so that a script sees the same
 * screens on a fast and on a slow machine. */
static void settle_pending(runner_t *r)
{
    uint64_t t0 = now_ms();
    while (app_pending(r->ss.app)) {
        if (now_ms() - t0 > REPLAY_PENDING_MAX_MS) {
            log_warn("replay", "the screen still awaits work after %d s; going on", REPLAY_PENDING_MAX_MS / 1000);
            return;
        }
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
        if (app_update(r->ss.app, r->now))
            r->dirty = true;
    }
}

static void run_update(runner_t *r)
{
    uint64_t t0 = r->stats ? now_ns() : 0;
    if (app_update(r->ss.app, r->now))
        r->dirty = true;
    settle_pending(r);
    if (r->stats && r->dirty) {
        run_draw(r);
        fprintf(r->stats, "%llu\n", (unsigned long long)((now_ns() - t0) / 1000));
        r->frames++;
    }
}

/* Advance the virtual clock to target, stepping through the app's timers
 * and animation frames. */
static void advance_to(runner_t *r, uint64_t target)
{
    run_update(r);
    while (r->now < target) {
        int w = app_wait_ms(r->ss.app, r->now);
        /* nothing moves: as the kiosk's loop does before it waits (not a frame) */
        if (w != 0 && !r->dirty)
            app_rehearse(r->ss.app, &r->measure);
        uint64_t step = w < 0 ? target - r->now : w == 0 ? REPLAY_FRAME_MS : (uint64_t)w;
        r->now = r->now + step > target ? target : r->now + step;
        run_update(r);
    }
}

static void send(runner_t *r, ui_ev_type_t type, int x, int y)
{
    ui_event_t e = {.type = type, .time_ms = r->now, .x = x, .y = y, .pointer = 1};
    app_event(r->ss.app, &e);
    run_update(r);
}

/* One turn of the wheel (or a touchpad's scroll) at (x, y); the mouse's
 * pointer number, as a real wheel has no finger. */
static void send_wheel(runner_t *r, int x, int y, int hundredths)
{
    ui_event_t e = {.type = UI_EV_WHEEL, .time_ms = r->now, .x = x, .y = y, .wheel = hundredths};
    app_event(r->ss.app, &e);
    run_update(r);
}

static void send_key(runner_t *r, int key, int mods)
{
    ui_event_t e = {.type = UI_EV_KEY_DOWN, .time_ms = r->now, .key = key, .mods = mods};
    app_event(r->ss.app, &e);
    run_update(r);
    e.type = UI_EV_KEY_UP;
    app_event(r->ss.app, &e);
    run_update(r);
}

static void send_text(runner_t *r, const char *s)
{
    /* In pieces that fit ui_event_t.text, never splitting a character. */
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ui_event_t e = {.type = UI_EV_TEXT, .time_ms = r->now};
        size_t take = 0;
        while (off + take < n) {
            size_t adv;
            utf8_decode(s + off + take, n - off - take, &adv);
            if (take + adv > sizeof e.text - 1)
                break;
            take += adv;
        }
        memcpy(e.text, s + off, take);
        off += take;
        app_event(r->ss.app, &e);
        run_update(r);
    }
}

static void move_along(runner_t *r, const int *v, bool fling)
{
    int x1 = v[0], y1 = v[1], x2 = v[2], y2 = v[3], ms = v[4];
    settle_draw(r);
    send(r, UI_EV_POINTER_DOWN, x1, y1);
    uint64_t t0 = r->now;
    int steps = ms / REPLAY_FRAME_MS;
    if (steps < 1)
        steps = 1;
    for (int i = 1; i <= steps; i++) {
        advance_to(r, t0 + (uint64_t)ms * (uint64_t)i / (uint64_t)steps);
        send(r, UI_EV_POINTER_MOVE, (int)(x1 + (int64_t)(x2 - x1) * i / steps),
             (int)(y1 + (int64_t)(y2 - y1) * i / steps));
    }
    if (!fling) { /* rest so the release carries no speed */
        advance_to(r, r->now + REPLAY_DRAG_HOLD_MS);
        send(r, UI_EV_POINTER_MOVE, x2, y2);
    }
    send(r, UI_EV_POINTER_UP, x2, y2);
}

static int run_cmd(runner_t *r, const replay_cmd_t *c)
{
    char *err = NULL;
    switch (c->op) {
    case REPLAY_SIZE:
        if (!headless_resize(&r->hl, c->v[0], c->v[1], &err)) {
            fprintf(stderr, "%s:%d: %s\n", r->file, c->line, err);
            free(err);
            return 1;
        }
        r->measure = headless_begin(&r->hl);
        app_set_measure(r->ss.app, &r->measure);
        app_resize(r->ss.app, c->v[0], c->v[1]);
        run_update(r);
        r->dirty = true;
        break;
    case REPLAY_TAP:
        settle_draw(r);
        send(r, UI_EV_POINTER_DOWN, c->v[0], c->v[1]);
        advance_to(r, r->now + REPLAY_TAP_MS);
        send(r, UI_EV_POINTER_UP, c->v[0], c->v[1]);
        break;
    case REPLAY_TAP_ID: {
        settle_draw(r);
        app_control_t ctl[256];
        size_t n = app_controls(r->ss.app, ctl, AGM_ARRAY_LEN(ctl));
        const app_control_t *hit = NULL;
        for (size_t i = 0; i < n && i < AGM_ARRAY_LEN(ctl); i++)
            if (strcmp(ctl[i].id, c->str) == 0)
                hit = &ctl[i];
        if (!hit) {
            const char *cur = app_current_screen(r->ss.app);
            fprintf(stderr, "%s:%d: tap %s: no such control on screen '%s' now (virtual time %llu ms)\n", r->file,
                    c->line, c->str, cur ? cur : "(none)", (unsigned long long)(r->now - REPLAY_T0));
            return 1;
        }
        int x = hit->r.x + hit->r.w / 2, y = hit->r.y + hit->r.h / 2;
        send(r, UI_EV_POINTER_DOWN, x, y);
        advance_to(r, r->now + REPLAY_TAP_MS);
        send(r, UI_EV_POINTER_UP, x, y);
        break;
    }
    case REPLAY_PRESS:
        settle_draw(r);
        send(r, UI_EV_POINTER_DOWN, c->v[0], c->v[1]);
        advance_to(r, r->now + (uint64_t)c->v[2]);
        send(r, UI_EV_POINTER_UP, c->v[0], c->v[1]);
        break;
    case REPLAY_DRAG:
    case REPLAY_FLING:
        move_along(r, c->v, c->op == REPLAY_FLING);
        break;
    case REPLAY_WHEEL:
        settle_draw(r);
        send_wheel(r, c->v[0], c->v[1], c->v[2]);
        break;
    case REPLAY_KEY:
        send_key(r, c->key, c->mods);
        break;
    case REPLAY_TEXT:
        send_text(r, c->str);
        break;
    case REPLAY_WAIT:
        advance_to(r, r->now + (uint64_t)c->v[0]);
        break;
    case REPLAY_CLOCK: {
        /* the wall clock reads HH:MM:SS today in [admin] time_zone */
        int64_t now = wall_ms();
        int64_t at = tz_time_of_day_near(now, r->cfg->time_zone, c->v[0]) + (int64_t)c->v[1] * 1000;
        app_set_wall_clock(r->ss.app, r->now, at);
        run_update(r);
        r->dirty = true;
        break;
    }
    case REPLAY_WAIT_REAL: {
        /* the virtual clock follows the real one: what another process
         * writes into the database is seen as it comes */
        uint64_t t0 = now_ms(), v0 = r->now;
        for (;;) {
            run_update(r);
            if (r->dirty)
                run_draw(r);
            uint64_t el = now_ms() - t0;
            if (el >= (uint64_t)c->v[0])
                break;
            int w = app_wait_ms(r->ss.app, r->now);
            uint64_t step = w < 0 || w > 10 ? 10 : w == 0 ? 5 : (uint64_t)w;
            step = AGM_MIN(step, (uint64_t)c->v[0] - el);
            struct timespec ts = {0, (long)step * 1000000L};
            nanosleep(&ts, NULL);
            r->now = v0 + (now_ms() - t0);
        }
        r->now = v0 + (now_ms() - t0);
        break;
    }
    case REPLAY_MARK:
        run_update(r);
        printf("mark %s %lld\n", c->str, (long long)wall_ms());
        fflush(stdout);
        break;
    case REPLAY_PRESENTER_SHOT:
        run_update(r);
        {
            gfx_t g = headless_begin(&r->hl);
            slideshow_draw_presenter(r->ss.app, &g);
            headless_end(&r->hl);
            r->dirty = true; /* the main view is drawn again before it is shown */
        }
        if (!headless_save_png(&r->hl, c->str, &err)) {
            fprintf(stderr, "%s:%d: presenter-screenshot %s\n", r->file, c->line, err);
            free(err);
            return 1;
        }
        break;
    case REPLAY_SCREENSHOT:
        run_update(r);
        run_draw(r);
        if (!headless_save_png(&r->hl, c->str, &err)) {
            fprintf(stderr, "%s:%d: screenshot %s\n", r->file, c->line, err);
            free(err);
            return 1;
        }
        break;
    case REPLAY_EXPECT_SCREEN: {
        run_update(r);
        const char *cur = app_current_screen(r->ss.app);
        if (!cur || strcmp(cur, c->str) != 0) {
            fprintf(stderr, "%s:%d: expect-screen %s: the app shows '%s' (virtual time %llu ms)\n", r->file, c->line,
                    c->str, cur ? cur : "(none)", (unsigned long long)(r->now - REPLAY_T0));
            return 1;
        }
        break;
    }
    case REPLAY_SHOW:
        if (!app_show_screen(r->ss.app, c->str)) {
            fprintf(stderr, "%s:%d: show %s: no such screen (agmkiosk render --list names them)\n", r->file, c->line, c->str);
            return 1;
        }
        run_update(r);
        r->dirty = true;
        break;
    }
    return 0;
}

int replay_run_file(const config_t *cfg, const char *path, app_mode_t mode, const char *frame_stats)
{
    size_t len;
    char *text = file_read_all(path, &len);
    if (!text) {
        fprintf(stderr, "agmkiosk: --replay %s: %s\n", path, file_strerror(errno));
        return 2;
    }
    replay_script_t s;
    diag_list_t d = {0};
    bool ok = replay_parse(text, len, path, &s, &d);
    free(text);
    if (!ok) {
        diag_print(&d, stderr);
        diag_free(&d);
        replay_free(&s);
        return 2;
    }
    diag_free(&d);
    runner_t r = {.now = REPLAY_T0, .file = path, .cfg = cfg};
    if (frame_stats && !(r.stats = fopen(frame_stats, "w"))) {
        fprintf(stderr, "agmkiosk: --frame-stats %s: %s\n", frame_stats, strerror(errno));
        replay_free(&s);
        return 2;
    }
    char *db = config_db_path(cfg);
    bool opened = session_open(&r.ss, cfg, mode, db, r.now);
    free(db);
    if (!opened) {
        session_close(&r.ss);
        replay_free(&s);
        if (r.stats)
            fclose(r.stats);
        return 1;
    }
    /* The first "size" decides the size when it comes before any input. */
    int w = REPLAY_DEFAULT_W, h = REPLAY_DEFAULT_H;
    if (s.n && s.cmds[0].op == REPLAY_SIZE) {
        w = s.cmds[0].v[0];
        h = s.cmds[0].v[1];
    }
    char *err = NULL;
    if (!headless_open(&r.hl, w, h, r.ss.fonts, &err)) {
        fprintf(stderr, "agmkiosk: --replay %s: %s\n", path, err);
        free(err);
        session_close(&r.ss);
        replay_free(&s);
        if (r.stats)
            fclose(r.stats);
        return 1;
    }
    r.measure = headless_begin(&r.hl);
    app_set_measure(r.ss.app, &r.measure);
    app_resize(r.ss.app, w, h);
    run_update(&r);
    r.dirty = true;
    int rc = 0;
    for (size_t i = 0; i < s.n && rc == 0; i++) {
        rc = run_cmd(&r, &s.cmds[i]);
        if (rc == 0 && app_quit_requested(r.ss.app)) {
            log_info("replay", "%s:%d: the app asked to quit; the rest of the script is skipped", path, s.cmds[i].line);
            break;
        }
    }
    app_set_measure(r.ss.app, NULL);
    gfx_sdl_stats_t ts;
    gfx_sdl_stats(r.hl.gfx, &ts);
    headless_close(&r.hl);
    session_close(&r.ss);
    replay_free(&s);
    if (r.stats) {
        if (fclose(r.stats) != 0 && rc == 0) {
            fprintf(stderr, "agmkiosk: --frame-stats %s: %s\n", frame_stats, strerror(errno));
            rc = 1;
        }
        log_info("replay", "%llu frames timed into %s", (unsigned long long)r.frames, frame_stats);
        log_info("replay", "text cache: %llu lines rasterized, %llu drawn from the cache, %llu evicted; %zu lines in %zu KiB at the end",
                 (unsigned long long)ts.rasterized, (unsigned long long)ts.cache_hits, (unsigned long long)ts.evicted,
                 ts.cache_entries, ts.cache_bytes / 1024);
    }
    return rc;
}
