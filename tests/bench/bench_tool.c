/* bench_tool - the in-process measurements behind `make bench`.
 *
 *   bench_tool gen-db DB KIOSK N        make a database with N questions and N/10 sign-ups
 *                                       (one transaction; realistic mixed-script text)
 *   bench_tool submit DB N [PUB]        N submissions through the store API, one at a time,
 *                                       as the kiosk makes them; prints latency p50/p99 and
 *                                       fsyncs per submit. With PUB (a public key file) the
 *                                       personal fields are sealed to it, as on a kiosk with
 *                                       [privacy] public_key
 *   bench_tool gen-db DB KIOSK N PUB    the same database with its personal fields sealed
 *
 *   bench_tool gl-frames CONTENT WxH    the slideshow in a window through SDL's OpenGL renderer
 *                                       (SDL_RENDER_DRIVER picks opengl or opengles2): eight
 *                                       slide transitions, each frame timed up to glFinish;
 *                                       prints frame p50/p99, the text textures' bytes and
 *                                       the GL_RENDERER string
 *
 * Output lines are "key value" pairs that tests/bench/bench.sh reads. */
#include "store/store_internal.h"
#include "core/seal.h"
#include "config/config.h"
#include "core/util.h"
#include "platform/gfx_sdl.h"
#include "platform/renderer_choice.h"
#include "platform/session.h"
#include "store/store.h"
#include "ui/app.h"

#include <SDL.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *texts[] = {
    "How can volunteers with Korean-Japanese skills help the rescue work?",
    "日本語教室は来年も続きますか？ 参加するにはどうすればよいですか。",
    "탈북자 지원 활동에 자원봉사자로 참여하고 싶습니다. 어떻게 하면 되나요?",
    "What happened to the tie-up with the medical aid NGO, and is there a new partner?",
    "=SUM(A1:A9) is not a formula here, \"quoted\", with, commas\nand a second line",
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* With a key, the cell sealed to it (kept in *keep until the next call). */
static const char *maybe_seal(const seal_pub_t *pub, const char *plain, char **keep)
{
    free(*keep);
    *keep = NULL;
    if (!pub)
        return plain;
    return *keep = seal_cell(pub, plain, strlen(plain));
}

static int gen_db(const char *path, const char *kiosk, long n, const char *pubfile)
{
    seal_pub_t pubv, *pub = NULL;
    char *kept[4] = {0};
    if (pubfile) {
        char *e = NULL;
        if (!seal_pub_load(pubfile, &pubv, &e)) {
            fprintf(stderr, "bench: %s\n", e);
            free(e);
            return 1;
        }
        pub = &pubv;
    }
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, kiosk, &notice, &err);
    if (!s) {
        fprintf(stderr, "bench: %s\n", err);
        free(err);
        return 1;
    }
    free(notice);
    sqlite3 *db = store_sqlite(s);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_stmt *q = NULL, *g = NULL;
    int rc = sqlite3_prepare_v2(db,
        "INSERT INTO questions(uuid, seq, kiosk_id, created_at, lang, text, name, topic, sealed_to) "
        "VALUES(?1, ?2, ?3, ?4, 'en', ?5, ?6, 'other', ?7)", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
            "INSERT INTO signups(uuid, seq, kiosk_id, created_at, lang, name, email, interests, consent_version,"
            " sealed_to, phone, message) VALUES(?1, ?2, ?3, ?4, 'ja', ?5, ?6, 'newsletter;translator', '1', ?7, ?8, ?9)",
            -1, &g, NULL);
    int64_t seq = 1;
    for (long i = 0; rc == SQLITE_OK && i < n; i++) {
        char uuid[37], ts[32], name[64];
        store_uuid4(uuid);
        snprintf(ts, sizeof ts, "2012-10-08T%02ld:%02ld:%02ldZ", 9 + (i / 3600) % 10, (i / 60) % 60, i % 60);
        snprintf(name, sizeof name, "Attendee %ld", i);
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 2, seq++);
        sqlite3_bind_text(q, 3, kiosk, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, ts, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, maybe_seal(pub, texts[i % 5], &kept[0]), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 6, maybe_seal(pub, i % 3 ? "" : name, &kept[1]), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 7, pub ? pub->id : "", -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = SQLITE_ERROR;
        sqlite3_reset(q);
        if (i % 10 == 0 && rc == SQLITE_OK) {
            char email[64];
            store_uuid4(uuid);
            snprintf(email, sizeof email, "attendee%ld@example.org", i);
            sqlite3_bind_text(g, 1, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(g, 2, seq++);
            sqlite3_bind_text(g, 3, kiosk, -1, SQLITE_STATIC);
            sqlite3_bind_text(g, 4, ts, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(g, 5, maybe_seal(pub, name, &kept[0]), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(g, 6, maybe_seal(pub, email, &kept[1]), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(g, 7, pub ? pub->id : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(g, 8, maybe_seal(pub, "", &kept[2]), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(g, 9, maybe_seal(pub, "", &kept[3]), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(g) != SQLITE_DONE)
                rc = SQLITE_ERROR;
            sqlite3_reset(g);
        }
    }
    if (rc == SQLITE_OK) {
        char next[32];
        snprintf(next, sizeof next, "%lld", (long long)seq);
        sqlite3_stmt *m = NULL;
        if (sqlite3_prepare_v2(db, "UPDATE meta SET value = ?1 WHERE key = 'next_seq'", -1, &m, NULL) == SQLITE_OK) {
            sqlite3_bind_text(m, 1, next, -1, SQLITE_TRANSIENT);
            sqlite3_step(m);
        }
        sqlite3_finalize(m);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(g);
    for (int i = 0; i < 4; i++)
        free(kept[i]);
    if (rc != SQLITE_OK || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench: could not fill %s: %s\n", path, sqlite3_errmsg(db));
        store_close(s);
        return 1;
    }
    store_close(s);
    printf("rows %ld\n", n);
    return 0;
}

static int submit(const char *path, long n, const char *pubfile)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(path, "bench", &notice, &err);
    if (!s) {
        fprintf(stderr, "bench: %s\n", err);
        free(err);
        return 1;
    }
    free(notice);
    if (pubfile) {
        store_seal_t seal = {0};
        if (!seal_pub_load(pubfile, &seal.key, &err)) {
            fprintf(stderr, "bench: %s\n", err);
            free(err);
            store_close(s);
            return 1;
        }
        store_set_seal(s, &seal);
    }
    uint64_t *lat = xcalloc((size_t)n, sizeof *lat);
    long syncs_before = store_vfs_sync_count();
    for (long i = 0; i < n; i++) {
        question_in_t q = {.text = texts[i % 4], .name = "", .topic = "", .lang = "en"};
        store_receipt_t r;
        uint64_t t0 = now_ns();
        store_rc_t rc = store_add_question(s, &q, &r);
        lat[i] = now_ns() - t0;
        if (rc != STORE_OK) {
            fprintf(stderr, "bench: submit %ld failed: %s\n", i, store_errmsg(s));
            free(lat);
            store_close(s);
            return 1;
        }
    }
    long syncs = store_vfs_sync_count() - syncs_before;
    store_close(s);
    qsort(lat, (size_t)n, sizeof *lat, cmp_u64);
    printf("submit_p50_ms %.3f\n", lat[n / 2] / 1e6);
    printf("submit_p99_ms %.3f\n", lat[(size_t)((n - 1) * 0.99)] / 1e6);
    printf("fsyncs_per_submit %.2f\n", (double)syncs / (double)n);
    free(lat);
    return 0;
}

static int gl_frames(const char *content, int w, int h)
{
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.content_dir, content);
    cfg.collect = false;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "bench: no display: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win = SDL_CreateWindow("bench", 0, 0, w, h, SDL_WINDOW_SHOWN | SDL_WINDOW_OPENGL);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED) : NULL;
    const char *gl = renderer_gl_name(ren);
    if (!gl) {
        fprintf(stderr, "bench: no OpenGL renderer: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    typedef void (*finish_fn)(void);
    finish_fn finish = (finish_fn)SDL_GL_GetProcAddress("glFinish");
    session_t ss;
    uint64_t now = 1000;
    if (!session_open(&ss, &cfg, APP_MODE_SLIDESHOW, NULL, now)) {
        SDL_Quit();
        return 1;
    }
    gfx_sdl_t *gs = gfx_sdl_create(ren, ss.fonts);
    gfx_t measure = gfx_sdl_begin_frame(gs, w, h);
    app_set_measure(ss.app, &measure);
    app_resize(ss.app, w, h);
    size_t cap = 4096, n = 0;
    uint64_t *ft = xcalloc(cap, sizeof *ft);
    for (int k = 0; k < 9; k++) {
        if (k > 0) { /* a key press, then the transition's frames */
            ui_event_t e = {.type = UI_EV_KEY_DOWN, .time_ms = now, .key = UI_KEY_RIGHT};
            app_event(ss.app, &e);
            e.type = UI_EV_KEY_UP;
            app_event(ss.app, &e);
        }
        for (int f = 0; f < 40; f++, now += 16) {
            bool dirty = app_update(ss.app, now);
            if (!dirty && f > 0)
                continue;
            uint64_t t0 = now_ns();
            gfx_t g = gfx_sdl_begin_frame(gs, w, h);
            app_draw(ss.app, &g);
            SDL_RenderPresent(ren);
            if (finish)
                finish();
            if (k > 0 && n < cap)
                ft[n++] = now_ns() - t0;
        }
    }
    gfx_sdl_stats_t st;
    gfx_sdl_stats(gs, &st);
    qsort(ft, n, sizeof *ft, cmp_u64);
    printf("gl_renderer %s\n", gl);
    printf("frames %zu\n", n);
    printf("frame_p50_ms %.3f\n", n ? ft[n / 2] / 1e6 : 0.0);
    printf("frame_p99_ms %.3f\n", n ? ft[(size_t)((n - 1) * 0.99)] / 1e6 : 0.0);
    printf("text_texture_mib %.2f\n", (double)st.cache_bytes / (1024.0 * 1024.0));
    printf("frame_buffer_mib %.2f\n", (double)w * h * 4 * 2 / (1024.0 * 1024.0));
    free(ft);
    app_set_measure(ss.app, NULL);
    gfx_sdl_destroy(gs);
    session_close(&ss);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    config_free(&cfg);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gl-frames") == 0) {
        int w = 0, h = 0;
        if (sscanf(argv[3], "%dx%d", &w, &h) != 2 || w < 16 || h < 16)
            return 2;
        return gl_frames(argv[2], w, h);
    }
    if (!seal_init())
        return 1;
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "gen-db") == 0)
        return gen_db(argv[2], argv[3], atol(argv[4]), argc == 6 ? argv[5] : NULL);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "submit") == 0)
        return submit(argv[2], atol(argv[3]), argc == 5 ? argv[4] : NULL);
    fprintf(stderr, "usage: bench_tool gen-db DB KIOSK N [PUB] | submit DB N [PUB] | gl-frames CONTENT WxH\n");
    return 2;
}
