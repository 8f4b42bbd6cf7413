/* The SDL backend (src/platform): fonts and their fallback chain, the text
 * texture cache, shapes, clipping, PNG output. Everything draws with a
 * software renderer on a surface: no display, no video driver. */
#include "test.h"
#include "testcontent.h"
#include "core/diag.h"
#include "core/util.h"
#include "platform/fonts.h"
#include "platform/gfx_sdl.h"
#include "platform/headless.h"
#include "platform/png.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const rgba_t BG = {255, 255, 255, 255};
static const rgba_t INK = {20, 30, 40, 255};

static char *repo_fonts_dir(void)
{
    return test_repo_path("fonts");
}

static fonts_t *load_repo_fonts(diag_list_t *d)
{
    char *dir = repo_fonts_dir();
    fonts_t *fs = fonts_load(dir, d);
    free(dir);
    return fs;
}

static uint32_t pixel(headless_t *hl, int x, int y)
{
    const uint32_t *row = (const uint32_t *)((const uint8_t *)hl->surf->pixels + (size_t)y * (size_t)hl->surf->pitch);
    return row[x] & 0xFFFFFF;
}

/* Pixels in r that differ from the background colour. */
static int inked(headless_t *hl, rect_t r)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            if (x >= 0 && y >= 0 && x < hl->w && y < hl->h && pixel(hl, x, y) != 0xFFFFFF)
                n++;
    return n;
}

static gfx_t frame(headless_t *hl)
{
    gfx_t g = headless_begin(hl);
    gfx_fill(&g, (rect_t){0, 0, hl->w, hl->h}, BG);
    return g;
}

static void test_default_chain_loads(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_print(&d, stderr);
    CHECK(fs != NULL);
    CHECK_INT(diag_count(&d, DIAG_WARNING) + diag_count(&d, DIAG_ERROR), 0);
    font_t reg = {24, FONT_REGULAR, false}, bold = {24, FONT_BOLD, false};
    CHECK_INT(fonts_chain_len(fs, &reg), 2);
    CHECK_INT(fonts_chain_len(fs, &bold), 2);
    CHECK_CONTAINS(fonts_path(fs, 0, 0), "NotoSans-Regular.ttf");
    CHECK_CONTAINS(fonts_path(fs, 1, 1), "NotoSansCJK-Bold.ttc");
    /* Nothing is opened before it is needed. */
    CHECK_INT(fonts_open_count(fs), 0);
    /* Latin in font 0; Japanese and Hangul only in font 1. */
    CHECK(fonts_has_glyph(fs, &reg, 0, 'A'));
    CHECK(!fonts_has_glyph(fs, &reg, 0, 0x65E5));  /* 日 */
    CHECK(fonts_has_glyph(fs, &reg, 1, 0x65E5));
    CHECK(fonts_has_glyph(fs, &reg, 1, 0xD55C));   /* 한 */
    CHECK(fonts_has_glyph(fs, &reg, 1, 0x3042));   /* あ */
    CHECK_INT(fonts_open_count(fs), 2); /* one measuring font per face */
    /* Measuring at any size, and metrics, open nothing more: the measuring
     * font changes size, with the widths of a font opened at that size. */
    font_t big = {40, FONT_REGULAR, false};
    for (int px = 10; px < 60; px += 7) {
        font_t f = {px, FONT_REGULAR, false};
        CHECK(fonts_get_measure(fs, &f, 0) != NULL);
        font_metrics_t fm;
        fonts_metrics(fs, &f, &fm);
        CHECK(fm.line_skip > px);
    }
    CHECK_INT(fonts_open_count(fs), 2);
    int mw = 0, dw = 0, h = 0;
    CHECK(TTF_SizeUTF8(fonts_get_measure(fs, &big, 0), "Wa fi AV 2012", &mw, &h) == 0);
    /* Drawing uses the same font per face, at the size asked: nothing
     * more is opened, and its widths and metrics are those of the size. */
    CHECK(fonts_get(fs, &reg, 0) == fonts_get(fs, &big, 0));
    CHECK_INT(fonts_open_count(fs), 2);
    CHECK(TTF_SizeUTF8(fonts_get(fs, &big, 0), "Wa fi AV 2012", &dw, &h) == 0);
    CHECK_INT(mw, dw);
    font_metrics_t m;
    fonts_metrics(fs, &reg, &m);
    CHECK(m.ascent > 0 && m.descent > 0 && m.line_skip >= m.ascent + m.descent - 2);
    CHECK_INT(m.ascent, TTF_FontAscent(fonts_get(fs, &reg, 0)));
    /* A trim keeps what was used since the one before (everything, the
     * first time); the next closes the CJK face, unused since, and it
     * opens again, with the same glyphs, when next asked for. */
    fonts_trim(fs);
    CHECK(fonts_get(fs, &reg, 0) != NULL);
    fonts_trim(fs);
    CHECK_INT(fonts_open_count(fs), 2);
    CHECK(fonts_has_glyph(fs, &reg, 0, 'A'));
    CHECK(fonts_has_glyph(fs, &reg, 1, 0xD55C));   /* 한: the CJK face opens again */
    CHECK_INT(fonts_open_count(fs), 3);
    int w1 = 0, w2 = 0;
    CHECK(TTF_SizeUTF8(fonts_get(fs, &big, 0), "Wa fi AV 2012", &w1, &h) == 0);
    CHECK_INT(w1, mw);                              /* the Latin face stayed open, its pages read again */
    CHECK(TTF_SizeUTF8(fonts_get(fs, &big, 1), "\xED\x95\x9C\xEA\xB8\x80", &w2, &h) == 0);
    CHECK(w2 > 0);
    fonts_free(fs);
    diag_free(&d);
}

static void test_missing_font_named_and_others_load(void)
{
    const char *dir = test_tmpdir();
    free(test_write_file(dir, "fonts.ini",
                         "[search]\ndirs = /usr/share/fonts/truetype/noto\n"
                         "[regular]\nfonts = Missing-Regular.ttf, NotoSans-Regular.ttf\n"
                         "[bold]\nfonts = Broken.ttf\n"));
    free(test_write_file(dir, "Broken.ttf", "this is not a font at all"));
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    CHECK_INT(diag_count(&d, DIAG_ERROR), 0);
    CHECK_INT(diag_count(&d, DIAG_WARNING), 2);
    CHECK_CONTAINS(d.v[0].msg, "Missing-Regular.ttf");
    CHECK_CONTAINS(d.v[0].msg, "not found");
    CHECK_CONTAINS(d.v[1].msg, "Broken.ttf");
    CHECK_CONTAINS(d.v[1].msg, "not a TrueType");
    CHECK_CONTAINS(d.v[0].file, "fonts.ini");
    CHECK_INT(d.v[0].line, 4);
    /* Regular still works; bold borrows the regular file (synthetic bold). */
    font_t reg = {20, FONT_REGULAR, false}, bold = {20, FONT_BOLD, false};
    CHECK_INT(fonts_chain_len(fs, &reg), 1);
    CHECK_INT(fonts_chain_len(fs, &bold), 1);
    CHECK(fonts_get(fs, &bold, 0) != NULL);
    /* And text draws. */
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 200, 60, fs, &err));
    gfx_t g = frame(&hl);
    gfx_text(&g, &bold, 5, 5, "Bold", INK);
    headless_end(&hl);
    int ink = inked(&hl, (rect_t){0, 0, 200, 60});
    headless_close(&hl);
    fonts_free(fs);
    diag_free(&d);
    CHECK(ink > 20);
}

static void test_unreadable_font_named(void)
{
    if (geteuid() == 0)
        return; /* root reads anything; the not-a-font case covers the path */
    const char *dir = test_tmpdir();
    free(test_write_file(dir, "fonts.ini", "[search]\ndirs = /usr/share/fonts/truetype/noto\n"
                                           "[regular]\nfonts = Locked.ttf, NotoSans-Regular.ttf\n"));
    char *p = test_write_file(dir, "Locked.ttf", "\x00\x01\x00\x00 pretend");
    chmod(p, 0);
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    CHECK_INT(diag_count(&d, DIAG_WARNING), 1);
    CHECK_CONTAINS(d.v[0].msg, "Locked.ttf");
    CHECK_CONTAINS(d.v[0].msg, "cannot be read");
    fonts_free(fs);
    diag_free(&d);
    free(p);
}

static void test_no_font_at_all_is_a_clear_error(void)
{
    const char *dir = test_tmpdir();
    free(test_write_file(dir, "fonts.ini", "[search]\ndirs = /nonexistent\n[regular]\nfonts = A.ttf, B.ttc:1\n"));
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs == NULL);
    CHECK_INT(diag_count(&d, DIAG_ERROR), 1);
    CHECK_INT(diag_count(&d, DIAG_WARNING), 2);
    CHECK_CONTAINS(d.v[0].msg, "A.ttf");
    CHECK_CONTAINS(d.v[1].msg, "B.ttc");
    CHECK_CONTAINS(d.v[2].msg, "no font could be loaded");
    diag_free(&d);
    /* A backend without fonts measures and draws nothing, and does not crash. */
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 50, 50, NULL, &err));
    gfx_t g = frame(&hl);
    font_t f = {20, FONT_REGULAR, false};
    CHECK_INT(gfx_text_width(&g, &f, "abc"), 0);
    CHECK(gfx_metrics(&g, &f).line_skip > 0);
    gfx_text(&g, &f, 0, 0, "abc", INK);
    headless_end(&hl);
    CHECK_INT(inked(&hl, (rect_t){0, 0, 50, 50}), 0);
    headless_close(&hl);
}

static void test_fonts_ini_missing_uses_builtin_chain(void)
{
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(test_tmpdir(), &d);
    CHECK(fs != NULL);
    font_t reg = {20, FONT_REGULAR, true};
    CHECK_INT(fonts_chain_len(fs, &reg), 2);
    CHECK_CONTAINS(fonts_path(fs, 2, 0), "NotoSans-Italic.ttf");
    fonts_free(fs);
    diag_free(&d);
}

static void test_bad_fonts_ini_line_reported(void)
{
    const char *dir = test_tmpdir();
    /* no [search]: the Debian folders are searched */
    free(test_write_file(dir, "fonts.ini", "[regular]\nfonts = NotoSans-Regular.ttf\nfont = typo\n"));
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    fonts_free(fs);
    CHECK(diag_count(&d, DIAG_WARNING) >= 1);
    bool named = false;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].line == 3 && strstr(d.v[i].msg, "font"))
            named = true;
    diag_free(&d);
    CHECK(named);
}

/* Latin, Japanese and Korean each produce pixels, inside the line box. */
static void test_scripts_render_pixels(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 600, 200, fs, &err));
    static const char *const samples[] = {"Annual Report 2012", "年次報告書と活動", "탈북자 지원 활동", "Mixed 日本語 한국어 text"};
    font_t f = {32, FONT_REGULAR, false};
    for (size_t i = 0; i < AGM_ARRAY_LEN(samples); i++) {
        gfx_t g = frame(&hl);
        int w = gfx_text_width(&g, &f, samples[i]);
        font_metrics_t m = gfx_metrics(&g, &f);
        gfx_text(&g, &f, 10, 20, samples[i], INK);
        headless_end(&hl);
        CHECK_MSG(w > 32 * 3, "%s: width %d", samples[i], w);
        int in = inked(&hl, (rect_t){10, 20, w + 2, m.line_skip});
        int all = inked(&hl, (rect_t){0, 0, 600, 200});
        CHECK_MSG(in > 200, "%s: %d pixels inked", samples[i], in);
        CHECK_MSG(all - in < all / 50 + 5, "%s: %d of %d pixels outside the box", samples[i], all - in, all);
    }
    headless_close(&hl);
    fonts_free(fs);
}

/* CJK glyphs are not drawn as the Latin font's missing-glyph boxes: the
 * CJK text's pixels differ from the box drawn for an unassigned code point. */
static void test_cjk_uses_fallback_font(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 200, 80, fs, &err));
    font_t f = {40, FONT_REGULAR, false};
    gfx_t g = frame(&hl);
    gfx_text(&g, &f, 0, 0, "日", INK);
    headless_end(&hl);
    int kanji = inked(&hl, (rect_t){0, 0, 200, 80});
    g = frame(&hl);
    gfx_text(&g, &f, 0, 0, "\xEE\x80\x80", INK); /* U+E000, private use: no font has it */
    headless_end(&hl);
    int box = inked(&hl, (rect_t){0, 0, 200, 80});
    /* 日 at 40 px has many more inked pixels than a thin outline box */
    CHECK_MSG(kanji > box + 50, "kanji %d, box %d", kanji, box);
    headless_close(&hl);
    fonts_free(fs);
}

/* textures: the GPU renderer's way (SDL textures); otherwise coverage blended
 * into the surface, as every software target does. */
static void test_text_cache_second_frame_rasterizes_nothing_in(bool textures)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 400, 300, fs, &err));
    if (textures)
        gfx_sdl_set_direct_target(hl.gfx, NULL);
    font_t f = {24, FONT_REGULAR, false}, b = {24, FONT_BOLD, false};
    static const char *const lines[] = {"Home", "Report", "Timeline", "統計", "질문하기"};
    gfx_sdl_stats_t s0, s1, s2, s3;
    for (int fr = 0; fr < 3; fr++) {
        if (fr == 1)
            gfx_sdl_stats(hl.gfx, &s0);
        gfx_t g = frame(&hl);
        for (size_t i = 0; i < AGM_ARRAY_LEN(lines); i++)
            gfx_text(&g, i % 2 ? &b : &f, 10, 10 + 40 * (int)i, lines[i], INK);
        headless_end(&hl);
    }
    gfx_sdl_stats(hl.gfx, &s1);
    CHECK_INT(s0.rasterized, 5);           /* the first frame rasterized each line once */
    CHECK_INT(s1.rasterized, 5);           /* two more frames: nothing */
    CHECK_INT(s1.cache_hits - s0.cache_hits, 10);
    /* Opacity is an alpha modulation of the same texture: no rasterizing. */
    gfx_t g = frame(&hl);
    gfx_set_opacity(&g, 0.5f);
    gfx_text(&g, &f, 10, 10, "Home", INK);
    gfx_text(&g, &f, 10, 10, "Home", (rgba_t){20, 30, 40, 128});
    headless_end(&hl);
    gfx_sdl_stats(hl.gfx, &s2);
    CHECK_INT(s2.rasterized, 5);
    /* A different size, weight or text is rasterized anew; a different
     * colour too for textures, which carry it, but not for coverage, which
     * takes its colour when blended. */
    g = frame(&hl);
    gfx_text(&g, &f, 10, 10, "Home", (rgba_t){200, 0, 0, 255});
    gfx_text(&g, &(font_t){25, FONT_REGULAR, false}, 10, 10, "Home", INK);
    gfx_text(&g, &b, 10, 10, "Home", INK);
    gfx_text(&g, &(font_t){24, FONT_REGULAR, true}, 10, 10, "Home", INK);
    gfx_text(&g, &f, 10, 10, "Home!", INK);
    headless_end(&hl);
    gfx_sdl_stats(hl.gfx, &s3);
    CHECK_INT(s3.rasterized, textures ? 10 : 9);
    headless_close(&hl);
    fonts_free(fs);
}

static void test_text_cache_second_frame_rasterizes_nothing(void) { test_text_cache_second_frame_rasterizes_nothing_in(false); }
static void test_text_cache_second_frame_rasterizes_nothing_with_textures(void) { test_text_cache_second_frame_rasterizes_nothing_in(true); }

/* One scene with text over colours, clipped, faded and offset, on a w-wide
 * picture. */
static void draw_scene_on(gfx_t *g, int w, int h)
{
    font_t f = {22, FONT_REGULAR, false}, b = {30, FONT_BOLD, false};
    gfx_fill(g, (rect_t){0, 0, w, h}, BG);
    gfx_fill(g, (rect_t){0, 60, w, 60}, (rgba_t){150, 70, 30, 255});
    gfx_text(g, &b, 8, 4, "Annual report", INK);
    gfx_text(g, &f, 8, 70, "Next section", (rgba_t){255, 255, 255, 255});
    gfx_push_clip(g, (rect_t){40, 125, 120, 20}); /* cuts the line through its glyphs */
    gfx_text(g, &f, 8, 122, "Clipped line of text", INK);
    gfx_pop_clip(g);
    gfx_set_opacity(g, 0.5f);
    gfx_text(g, &f, 8, 150, "Half faded 統計 질문", (rgba_t){200, 20, 20, 255});
    gfx_set_opacity(g, 1.0f);
    gfx_text(g, &f, 8, 180, "Translucent ink", (rgba_t){20, 30, 40, 120});
    gfx_set_offset(g, -30, 0); /* partly off the left edge */
    gfx_text(g, &b, 0, 205, "Off the edge", INK);
    gfx_set_offset(g, 0, 0);
}

static void draw_text_scene(headless_t *hl)
{
    gfx_t g = headless_begin(hl);
    draw_scene_on(&g, hl->w, hl->h);
    headless_end(hl);
}

/* Channels of the 24-bit colour in a and b that differ by more than 2, and
 * the largest difference. */
static int surface_diff(SDL_Surface *a, SDL_Surface *b, int *worst)
{
    int differ = 0;
    *worst = 0;
    for (int y = 0; y < a->h && y < b->h; y++)
        for (int x = 0; x < a->w && x < b->w; x++) {
            uint32_t p = ((const uint32_t *)((const uint8_t *)a->pixels + (size_t)y * (size_t)a->pitch))[x];
            uint32_t q = ((const uint32_t *)((const uint8_t *)b->pixels + (size_t)y * (size_t)b->pitch))[x];
            for (int sh = 0; sh < 24; sh += 8) {
                int dv = abs((int)((p >> sh) & 0xFF) - (int)((q >> sh) & 0xFF));
                if (dv > *worst)
                    *worst = dv;
                if (dv > 2)
                    differ++;
            }
        }
    return differ;
}

/* The direct path (coverage blended into the renderer's surface) draws what
 * SDL's textures draw, to within rounding, and keeps a quarter of the bytes
 * or less. */
static void test_direct_text_matches_textures(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t a, t;
    char *err = NULL;
    CHECK(headless_open(&a, 320, 240, fs, &err));
    CHECK(headless_open(&t, 320, 240, fs, &err));
    CHECK(gfx_sdl_set_direct_target(t.gfx, NULL) == false); /* t draws text with textures */
    draw_text_scene(&a);
    draw_text_scene(&t);
    int worst = 0, differ = surface_diff(a.surf, t.surf, &worst), ink = inked(&a, (rect_t){0, 0, 320, 240});
    /* SDL rounds its blend a little differently: a few levels here and there */
    CHECK_MSG(worst <= 4 && differ <= 50, "largest difference %d in a channel, %d channels off by more than 2", worst,
              differ);
    CHECK_MSG(ink > 2000, "only %d pixels drawn", ink);
    /* The clip holds: nothing of the clipped line outside its rectangle. */
    CHECK_INT(inked(&a, (rect_t){0, 122, 40, 26}), 0);
    CHECK(inked(&a, (rect_t){40, 125, 120, 20}) > 50);
    gfx_sdl_stats_t sa, st;
    gfx_sdl_stats(a.gfx, &sa);
    gfx_sdl_stats(t.gfx, &st);
    CHECK_INT(sa.cache_entries, st.cache_entries);
    CHECK_MSG(sa.cache_bytes * 4 <= st.cache_bytes, "coverage %zu bytes, textures %zu", sa.cache_bytes, st.cache_bytes);
    /* Only 32-bit surfaces are drawn into directly. */
    SDL_Surface *s16 = SDL_CreateRGBSurfaceWithFormat(0, 8, 8, 16, SDL_PIXELFORMAT_RGB565);
    CHECK(s16 && !gfx_sdl_set_direct_target(t.gfx, s16));
    SDL_FreeSurface(s16);
    CHECK(gfx_sdl_set_direct_target(t.gfx, t.surf));
    headless_close(&a);
    headless_close(&t);
    fonts_free(fs);
}

/* A window under SDL's software renderer (here on the dummy video driver,
 * as on a machine without a GPU): text goes straight into the window's
 * surface, the picture is the one `render` makes, and after a resize the
 * new surface is followed. Drawing into a texture keeps textures. */
static void test_window_without_gpu_blends_text_into_its_surface(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    CHECK_MSG(SDL_InitSubSystem(SDL_INIT_VIDEO) == 0, "%s", SDL_GetError());
    SDL_Window *win = SDL_CreateWindow("text", 0, 0, 320, 240, SDL_WINDOW_HIDDEN);
    CHECK_MSG(win != NULL, "%s", SDL_GetError());
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    CHECK_MSG(ren != NULL, "%s", SDL_GetError());
    gfx_sdl_t *gs = gfx_sdl_create(ren, fs);
    CHECK(!gfx_sdl_follow_window(gs, ren, NULL)); /* into a texture: textures */
    CHECK(gfx_sdl_follow_window(gs, ren, win));
    gfx_t g = gfx_sdl_begin_frame(gs, 320, 240);
    draw_scene_on(&g, 320, 240);
    SDL_RenderFlush(ren);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 320, 240, fs, &err));
    draw_text_scene(&hl);
    SDL_Surface *ws = SDL_GetWindowSurface(win);
    int worst = 0;
    int differ = surface_diff(ws, hl.surf, &worst);
    CHECK_MSG(differ == 0, "%d channels differ from render's picture (largest %d)", differ, worst);
    gfx_sdl_stats_t st;
    gfx_sdl_stats(gs, &st);
    CHECK(st.cache_entries >= 6);
    /* A bigger window: a new surface, drawn into in full. */
    SDL_SetWindowSize(win, 400, 300);
    SDL_PumpEvents();
    SDL_RenderPresent(ren);
    CHECK(gfx_sdl_follow_window(gs, ren, win));
    g = gfx_sdl_begin_frame(gs, 400, 300);
    draw_scene_on(&g, 400, 300);
    font_t f = {22, FONT_REGULAR, false};
    gfx_text(&g, &f, 300, 270, "Corner", INK);
    SDL_RenderFlush(ren);
    ws = SDL_GetWindowSurface(win);
    CHECK_INT(ws->w, 400);
    gfx_sdl_stats_t st2;
    gfx_sdl_stats(gs, &st2);
    CHECK_INT(st2.rasterized, st.rasterized + 1); /* the cached lines outlived the old surface; only "Corner" is new */
    int ink = 0;
    for (int y = 265; y < 300; y++)
        for (int x = 300; x < 400; x++)
            if ((((const uint32_t *)((const uint8_t *)ws->pixels + (size_t)y * (size_t)ws->pitch))[x] & 0xFFFFFF) != 0xFFFFFF)
                ink++;
    CHECK_MSG(ink > 30, "%d pixels of text in the new corner", ink);
    gfx_sdl_destroy(gs);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    headless_close(&hl);
    fonts_free(fs);
}

static void test_text_cache_lru_bound_in(bool textures)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 400, 400, fs, &err));
    if (textures)
        gfx_sdl_set_direct_target(hl.gfx, NULL);
    font_t f = {20, FONT_REGULAR, false};
    gfx_sdl_set_cache_limit(hl.gfx, 64 * 1024);
    gfx_sdl_stats_t s;
    char buf[64];
    /* 200 frames of different text: the cache stays near its bound. */
    for (int i = 0; i < 200; i++) {
        gfx_t g = frame(&hl);
        snprintf(buf, sizeof buf, "Line number %d of a long list", i);
        gfx_text(&g, &f, 0, 0, buf, INK);
        headless_end(&hl);
        gfx_sdl_stats(hl.gfx, &s);
        CHECK_MSG(s.cache_bytes <= 64 * 1024 + 20000, "cache %zu bytes", s.cache_bytes);
    }
    CHECK(s.evicted > 100);
    CHECK_INT(s.rasterized, 200);
    /* The most recent text is still cached, the oldest is not. */
    gfx_t g = frame(&hl);
    gfx_text(&g, &f, 0, 0, "Line number 199 of a long list", INK);
    gfx_sdl_stats(hl.gfx, &s);
    CHECK_INT(s.rasterized, 200);
    gfx_text(&g, &f, 0, 0, "Line number 0 of a long list", INK);
    gfx_sdl_stats(hl.gfx, &s);
    CHECK_INT(s.rasterized, 201);
    /* A frame needing more than the bound keeps all its text: drawing the
     * frame's lines again in the same frame rasterizes nothing. */
    gfx_sdl_set_cache_limit(hl.gfx, 1);
    g = frame(&hl);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 15; i++) {
            snprintf(buf, sizeof buf, "Paragraph line %d", i);
            gfx_text(&g, &f, 0, 20 * i, buf, INK);
        }
    headless_end(&hl);
    gfx_sdl_stats(hl.gfx, &s);
    CHECK_INT(s.rasterized, 201 + 15);
    headless_close(&hl);
    fonts_free(fs);
}

static void test_text_cache_lru_bound(void) { test_text_cache_lru_bound_in(false); }
static void test_text_cache_lru_bound_with_textures(void) { test_text_cache_lru_bound_in(true); }

static void test_offscreen_text_is_not_rasterized(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 300, 300, fs, &err));
    font_t f = {20, FONT_REGULAR, false};
    gfx_t g = frame(&hl);
    gfx_push_clip(&g, (rect_t){0, 100, 300, 100});
    gfx_text(&g, &f, 0, 0, "above the clip", INK);
    gfx_text(&g, &f, 0, 260, "below the clip", INK);
    gfx_text(&g, &f, 310, 150, "right of it", INK);
    gfx_text(&g, &f, 0, 150, "inside", INK);
    gfx_pop_clip(&g);
    headless_end(&hl);
    gfx_sdl_stats_t s;
    gfx_sdl_stats(hl.gfx, &s);
    CHECK_INT(s.rasterized, 1);
    CHECK_INT(s.culled, 3);
    headless_close(&hl);
    fonts_free(fs);
}

static void test_width_matches_drawing(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 800, 100, fs, &err));
    font_t f = {30, FONT_BOLD, false};
    const char *s = "Report 報告 보고서";
    gfx_t g = frame(&hl);
    int w = gfx_text_width(&g, &f, s);
    CHECK_INT(gfx_text_width_n(&g, &f, s, strlen(s)), w);
    CHECK_INT(gfx_text_width_n(&g, &f, s, 0), 0);
    CHECK(gfx_text_width_n(&g, &f, s, 6) < w);
    gfx_text(&g, &f, 100, 10, s, INK);
    headless_end(&hl);
    /* Ink starts near x = 100 and ends near 100 + w. */
    int minx = 800, maxx = 0;
    for (int y = 0; y < 100; y++)
        for (int x = 0; x < 800; x++)
            if (pixel(&hl, x, y) != 0xFFFFFF) {
                if (x < minx) minx = x;
                if (x > maxx) maxx = x;
            }
    CHECK_MSG(minx >= 100 && minx <= 106, "first ink at %d", minx);
    CHECK_MSG(maxx <= 100 + w && maxx >= 100 + w - 12, "last ink at %d, width %d", maxx, w);
    headless_close(&hl);
    fonts_free(fs);
}

static void test_shapes_clip_offset_opacity(void)
{
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 200, 200, NULL, &err));
    gfx_t g = frame(&hl);
    rgba_t red = {255, 0, 0, 255};
    /* rounded rect: centre filled, corner pixel left alone, edge softened */
    gfx_round(&g, (rect_t){10, 10, 80, 60}, 20, red);
    headless_end(&hl);
    CHECK_INT(pixel(&hl, 50, 40), 0xFF0000);
    CHECK_INT(pixel(&hl, 10, 10), 0xFFFFFF);
    CHECK_INT(pixel(&hl, 50, 10), 0xFF0000);     /* top edge, straight part */
    CHECK(pixel(&hl, 50, 9) != 0xFF0000);        /* the edge pixel is at most partly covered */
    CHECK_INT(pixel(&hl, 50, 8), 0xFFFFFF);
    int soft = 0;                                /* anti-aliased pixels on the arc */
    for (int y = 10; y < 30; y++)
        for (int x = 10; x < 30; x++) {
            uint32_t p = pixel(&hl, x, y);
            if (p != 0xFFFFFF && p != 0xFF0000)
                soft++;
        }
    CHECK_MSG(soft >= 10, "%d soft pixels", soft);

    /* nested clip: only the intersection is drawn */
    g = frame(&hl);
    gfx_push_clip(&g, (rect_t){0, 0, 100, 100});
    gfx_push_clip(&g, (rect_t){50, 50, 100, 100});
    gfx_fill(&g, (rect_t){0, 0, 200, 200}, red);
    gfx_pop_clip(&g);
    gfx_fill(&g, (rect_t){0, 0, 10, 10}, red); /* outer clip again */
    gfx_pop_clip(&g);
    gfx_fill(&g, (rect_t){190, 190, 10, 10}, red); /* no clip */
    headless_end(&hl);
    CHECK_INT(inked(&hl, (rect_t){0, 0, 200, 200}), 50 * 50 + 100 + 100);
    CHECK_INT(pixel(&hl, 75, 75), 0xFF0000);
    CHECK_INT(pixel(&hl, 120, 75), 0xFFFFFF);

    /* offset moves drawing and clips; opacity blends */
    g = frame(&hl);
    gfx_set_offset(&g, 100, 50);
    gfx_push_clip(&g, (rect_t){0, 0, 20, 20});
    gfx_fill(&g, (rect_t){0, 0, 50, 50}, red);
    gfx_pop_clip(&g);
    gfx_set_offset(&g, 0, 0);
    gfx_set_opacity(&g, 0.5f);
    gfx_fill(&g, (rect_t){0, 0, 10, 10}, (rgba_t){0, 0, 0, 255});
    headless_end(&hl);
    CHECK_INT(inked(&hl, (rect_t){100, 50, 100, 150}), 400);
    CHECK_INT(pixel(&hl, 100, 50), 0xFF0000);
    uint32_t grey = pixel(&hl, 5, 5);
    CHECK_MSG(((grey >> 16) & 0xFF) >= 120 && ((grey >> 16) & 0xFF) <= 135, "half black on white: %06x", grey);

    /* triangles and a stroke */
    g = frame(&hl);
    float tri[] = {0, 0, 100, 0, 0, 100};
    gfx_triangles(&g, tri, 3, red);
    gfx_stroke(&g, (rect_t){110, 110, 80, 80}, 12, 3, red);
    headless_end(&hl);
    CHECK_INT(pixel(&hl, 20, 20), 0xFF0000);
    CHECK_INT(pixel(&hl, 90, 90), 0xFFFFFF);
    CHECK_INT(pixel(&hl, 150, 111), 0xFF0000);   /* the stroke's top side */
    CHECK_INT(pixel(&hl, 150, 150), 0xFFFFFF);   /* hollow inside */
    CHECK_INT(pixel(&hl, 150, 107), 0xFFFFFF);
    /* zero-sized and fully transparent shapes draw nothing */
    g = frame(&hl);
    gfx_round(&g, (rect_t){10, 10, 0, 50}, 5, red);
    gfx_stroke(&g, (rect_t){10, 10, 50, 50}, 5, 0, red);
    gfx_fill(&g, (rect_t){10, 10, 50, 50}, (rgba_t){255, 0, 0, 0});
    headless_end(&hl);
    CHECK_INT(inked(&hl, (rect_t){0, 0, 200, 200}), 0);
    headless_close(&hl);
}

/* Rounded rectangles and strokes on a direct target take their corners
 * from per-pixel masks: the four corners mirror each other exactly, the
 * inked area is the true shape's (coverage summed), a ring is hollow, and
 * the clip holds. */
static double coverage_sum(headless_t *hl, rect_t r)
{
    /* how much of each pixel is ink, from its red channel (ink red 0, paper 255) */
    double sum = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            sum += (255 - (int)((pixel(hl, x, y) >> 16) & 0xFF)) / 255.0;
    return sum;
}

static void test_direct_corners(void)
{
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 320, 200, NULL, &err));
    rgba_t ink = {0, 0, 0, 255};
    gfx_t g = frame(&hl);
    gfx_round(&g, (rect_t){10, 10, 120, 70}, 18, ink);
    gfx_stroke(&g, (rect_t){150, 10, 120, 70}, 16, 4, ink);
    gfx_push_clip(&g, (rect_t){20, 110, 40, 30});
    gfx_round(&g, (rect_t){10, 100, 90, 60}, 24, ink);
    gfx_pop_clip(&g);
    headless_end(&hl);
    /* mirror images, pixel for pixel */
    int asym = 0;
    for (int y = 10; y < 80; y++)
        for (int x = 10; x < 130; x++)
            asym += pixel(&hl, x, y) != pixel(&hl, 139 - x, y) || pixel(&hl, x, y) != pixel(&hl, x, 89 - y);
    CHECK_INT(asym, 0);
    /* the area of a rounded rectangle: w h - (4 - pi) r^2 */
    double want = 120.0 * 70.0 - (4.0 - M_PI) * 18.0 * 18.0, got = coverage_sum(&hl, (rect_t){5, 5, 130, 80});
    CHECK_MSG(fabs(got - want) < 6.0, "filled area %.1f, the shape's %.1f", got, want);
    /* a ring 4 px thick: its area, hollow inside, solid on its sides */
    double ring = (120.0 * 70.0 - (4.0 - M_PI) * 16.0 * 16.0) - ((120.0 - 8) * (70.0 - 8) - (4.0 - M_PI) * 12.0 * 12.0);
    got = coverage_sum(&hl, (rect_t){145, 5, 130, 80});
    CHECK_MSG(fabs(got - ring) < 6.0, "ring area %.1f, the shape's %.1f", got, ring);
    CHECK_INT(pixel(&hl, 210, 45), 0xFFFFFF);
    CHECK_INT(pixel(&hl, 210, 11), 0x000000);
    /* at 45 degrees through a corner the ring is 4 px thick too (within the fade) */
    int across = 0;
    for (int i = 0; i < 16; i++)
        across += ((pixel(&hl, 150 + i, 10 + i) >> 16) & 0xFF) < 128;
    CHECK_MSG(across >= 2 && across <= 4, "%d dark pixels across the corner diagonal", across);
    /* the clip: nothing outside, the corner inside */
    CHECK_INT(inked(&hl, (rect_t){0, 95, 20, 70}), 0);
    CHECK_INT(inked(&hl, (rect_t){60, 95, 60, 70}), 0);
    CHECK(inked(&hl, (rect_t){20, 110, 40, 30}) > 1000);
    headless_close(&hl);
}

static void test_png_written_and_errors_named(void)
{
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 64, 32, NULL, &err));
    gfx_t g = frame(&hl);
    gfx_fill(&g, (rect_t){0, 0, 32, 32}, (rgba_t){0, 0, 255, 255});
    headless_end(&hl);
    char *path = path_join(test_tmpdir(), "shot.png");
    CHECK(headless_save_png(&hl, path, &err));
    int w = 0, h = 0;
    CHECK(png_read_size(path, &w, &h));
    CHECK_INT(w, 64);
    CHECK_INT(h, 32);
    free(path);
    CHECK(!headless_save_png(&hl, "/nonexistent-dir/x.png", &err));
    CHECK_CONTAINS(err, "/nonexistent-dir/x.png");
    free(err);
    err = NULL;
    headless_close(&hl);
    CHECK(!headless_open(&hl, 0, 10, NULL, &err));
    CHECK_CONTAINS(err, "0x10");
    free(err);
    headless_close(&hl);
}

/* A sample picture of everything the backend draws, kept when AGM_KEEP_TMP
 * is set (to look at). Checks only that it is written. */
static void test_sample_picture(void)
{
    diag_list_t d = {0};
    fonts_t *fs = load_repo_fonts(&d);
    diag_free(&d);
    CHECK(fs != NULL);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 800, 480, fs, &err));
    gfx_t g = frame(&hl);
    rgba_t accent = {28, 84, 120, 255}, warm = {246, 241, 232, 255};
    gfx_fill(&g, (rect_t){0, 0, 800, 480}, warm);
    gfx_text(&g, &(font_t){40, FONT_BOLD, false}, 40, 30, "Annual Report 2012", INK);
    gfx_text(&g, &(font_t){24, FONT_REGULAR, false}, 40, 90, "年次報告 2012 · 연례 보고서 · Café naïve", INK);
    gfx_text(&g, &(font_t){24, FONT_REGULAR, true}, 40, 130, "Italic text, 日本語 in italic chain", INK);
    for (int i = 0; i < 3; i++) {
        rect_t r = {40 + 250 * i, 190, 220, 120};
        gfx_round(&g, r, 18, accent);
        gfx_text(&g, &(font_t){28, FONT_BOLD, false}, r.x + 20, r.y + 40, (const char *[]){"Report", "タイムライン", "통계"}[i],
                 (rgba_t){255, 255, 255, 255});
    }
    gfx_stroke(&g, (rect_t){40, 340, 220, 100}, 24, 2, accent);
    gfx_set_opacity(&g, 0.4f);
    gfx_round(&g, (rect_t){290, 340, 220, 100}, 50, accent);
    gfx_set_opacity(&g, 1.0f);
    float tri[] = {560, 440, 660, 340, 760, 440};
    gfx_triangles(&g, tri, 3, (rgba_t){180, 60, 40, 255});
    headless_end(&hl);
    char *path = path_join(test_tmpdir(), "sample.png");
    CHECK(headless_save_png(&hl, path, &err));
    if (getenv("AGM_KEEP_TMP"))
        fprintf(stderr, "sample picture: %s\n", path);
    free(path);
    headless_close(&hl);
    fonts_free(fs);
}

int main(void)
{
    RUN(test_default_chain_loads);
    RUN(test_missing_font_named_and_others_load);
    RUN(test_unreadable_font_named);
    RUN(test_no_font_at_all_is_a_clear_error);
    RUN(test_fonts_ini_missing_uses_builtin_chain);
    RUN(test_bad_fonts_ini_line_reported);
    RUN(test_scripts_render_pixels);
    RUN(test_cjk_uses_fallback_font);
    RUN(test_text_cache_second_frame_rasterizes_nothing);
    RUN(test_text_cache_second_frame_rasterizes_nothing_with_textures);
    RUN(test_direct_text_matches_textures);
    RUN(test_window_without_gpu_blends_text_into_its_surface);
    RUN(test_text_cache_lru_bound);
    RUN(test_text_cache_lru_bound_with_textures);
    RUN(test_offscreen_text_is_not_rasterized);
    RUN(test_width_matches_drawing);
    RUN(test_shapes_clip_offset_opacity);
    RUN(test_direct_corners);
    RUN(test_png_written_and_errors_named);
    RUN(test_sample_picture);
    return test_summary();
}
