/* The GL path: the kiosk's renderer backend (gfx_sdl) on SDL's OpenGL and
 * OpenGL ES 2 renderers, in an X window (Xvfb with Mesa here), checked
 * against the software path: text drawn through textures equals the
 * software picture within a small tolerance, and every screen lays out the
 * same with either backend measuring. Also the choice of renderer: where
 * the only OpenGL is a software one, the window gets SDL's software
 * renderer and the log line says why.
 *
 * Needs an X server: $DISPLAY, or an Xvfb started here. Without one (or
 * without an OpenGL the X server can give), the GL tests print "skipped:"
 * and why, and count neither passed nor failed. */
#include "test.h"
#include "testcontent.h"
#include "config/config.h"
#include "content/content.h"
#include "core/diag.h"
#include "core/util.h"
#include "platform/fonts.h"
#include "platform/gfx_sdl.h"
#include "platform/headless.h"
#include "platform/renderer_choice.h"
#include "ui/app.h"
#include "ui/text.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t xvfb = -1;
static fonts_t *fs;

enum { W = 480, H = 200 };

/* An X display: the one in $DISPLAY, else an Xvfb of our own. */
static bool x_display(void)
{
    if (getenv("DISPLAY") && *getenv("DISPLAY"))
        return true;
    char disp[16], sock[64];
    int n = 150 + (int)(getpid() % 80);
    snprintf(disp, sizeof disp, ":%d", n);
    snprintf(sock, sizeof sock, "/tmp/.X11-unix/X%d", n);
    pid_t p = fork();
    if (p == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execlp("Xvfb", "Xvfb", disp, "-screen", "0", "1280x800x24", "-nolisten", "tcp", (char *)NULL);
        _exit(127);
    }
    if (p < 0)
        return false;
    xvfb = p;
    for (int i = 0; i < 100; i++) {
        struct stat st;
        if (stat(sock, &st) == 0) {
            setenv("DISPLAY", disp, 1);
            return true;
        }
        int status;
        if (waitpid(p, &status, WNOHANG) == p) { /* no Xvfb, or it failed */
            xvfb = -1;
            return false;
        }
        usleep(50000);
    }
    return false;
}

/* A line of text in several scripts and sizes on white, drawn by gfx. */
static void scene(gfx_t *g)
{
    g->ops->fill_rect(g->ctx, (rect_t){0, 0, W, H}, RGBA(255, 255, 255, 255));
    static const char *const lines[] = {"Annual general meeting 2012: Wa fi AV", "日本語の報告書 한국어 보고서", "Ask a question →"};
    static const int px[] = {18, 26, 40};
    int y = 4;
    for (int i = 0; i < 3; i++) {
        font_t f = {px[i], i == 2 ? FONT_BOLD : FONT_REGULAR, false};
        gfx_text(g, &f, 6, y, lines[i], RGBA(20, 30, 40, 255));
        y += px[i] * 3 / 2;
    }
    gfx_text(g, &(font_t){22, FONT_REGULAR, false}, 6, y, "translucent", RGBA(200, 40, 40, 128));
}

typedef struct {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *target;
    gfx_sdl_t *gs;
} glctx_t;

static bool gl_open(glctx_t *c, const char *driver, char *why, size_t nwhy)
{
    memset(c, 0, sizeof *c);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, driver);
    c->win = SDL_CreateWindow("gl test", 0, 0, W, H, SDL_WINDOW_HIDDEN | SDL_WINDOW_OPENGL);
    c->ren = c->win ? SDL_CreateRenderer(c->win, -1, SDL_RENDERER_ACCELERATED) : NULL;
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "");
    SDL_RendererInfo info;
    if (!c->ren || SDL_GetRendererInfo(c->ren, &info) != 0 || strcmp(info.name, driver) != 0) {
        snprintf(why, nwhy, "no %s renderer here (%s)", driver, c->ren ? info.name : SDL_GetError());
        if (c->ren)
            SDL_DestroyRenderer(c->ren);
        if (c->win)
            SDL_DestroyWindow(c->win);
        return false;
    }
    /* Into a target texture (a framebuffer object): every pixel is ours to
     * read back, whatever the window system does with a hidden window. */
    c->target = SDL_CreateTexture(c->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, W, H);
    c->gs = gfx_sdl_create(c->ren, fs);
    return c->target != NULL;
}

static void gl_close(glctx_t *c)
{
    gfx_sdl_destroy(c->gs);
    if (c->target)
        SDL_DestroyTexture(c->target);
    SDL_DestroyRenderer(c->ren);
    SDL_DestroyWindow(c->win);
}

static int skipped;

static void skip(const char *why)
{
    printf("skipped: %s\n", why);
    skipped++;
}

static bool have_x;

static void text_through_textures_equals_software(const char *driver)
{
    if (!have_x) {
        skip("no X server for OpenGL (no $DISPLAY, and Xvfb could not be started)");
        return;
    }
    glctx_t c;
    char why[256];
    if (!gl_open(&c, driver, why, sizeof why)) {
        skip(why);
        return;
    }
    SDL_SetRenderTarget(c.ren, c.target);
    gfx_sdl_follow_window(c.gs, c.ren, NULL);
    gfx_t g = gfx_sdl_begin_frame(c.gs, W, H);
    scene(&g);
    uint32_t *px = xcalloc((size_t)W * H, 4);
    int rc = SDL_RenderReadPixels(c.ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, W * 4);
    SDL_SetRenderTarget(c.ren, NULL);
    gfx_sdl_stats_t st;
    gfx_sdl_stats(c.gs, &st);
    gl_close(&c);
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, W, H, fs, &err));
    g = headless_begin(&hl);
    scene(&g);
    headless_end(&hl);
    int worst = 0, off = 0, ink = 0;
    for (int y = 0; y < H; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)hl.surf->pixels + (size_t)y * (size_t)hl.surf->pitch);
        for (int x = 0; x < W; x++) {
            uint32_t a = row[x], b = px[(size_t)y * W + x];
            if ((a & 0xFFFFFF) != 0xFFFFFF)
                ink++;
            for (int sh = 0; sh < 24; sh += 8) {
                int d = abs((int)((a >> sh) & 255) - (int)((b >> sh) & 255));
                worst = d > worst ? d : worst;
                off += d > 2;
            }
        }
    }
    headless_close(&hl);
    free(px);
    CHECK_INT(rc, 0);
    CHECK_MSG(ink > 3000, "only %d pixels inked", ink);
    CHECK_MSG(st.cache_entries == 4 && st.cache_bytes > 0, "%zu text textures, %zu bytes", st.cache_entries, st.cache_bytes);
    /* The GPU's blend rounds a little differently from SDL's own. */
    CHECK_MSG(worst <= 6 && off <= ink / 50, "%s: largest difference %d, %d channels off by more than 2 (%d inked)",
              driver, worst, off, ink);
}

static void test_text_opengl(void) { text_through_textures_equals_software("opengl"); }
static void test_text_opengles2(void) { text_through_textures_equals_software("opengles2"); }

/* Every screen at 800x480 in three languages: the same layout (every
 * control's rectangle) measured by the GL backend as by the software one,
 * so the software path's layout checks hold for the GL path too. */
static void test_layout_same_on_gl(void)
{
    if (!have_x) {
        skip("no X server for OpenGL (no $DISPLAY, and Xvfb could not be started)");
        return;
    }
    glctx_t c;
    char why[256];
    if (!gl_open(&c, "opengl", why, sizeof why) && !gl_open(&c, "opengles2", why, sizeof why)) {
        skip(why);
        return;
    }
    content_t content;
    CHECK(test_load_bundled(&content));
    headless_t hl;
    char *err = NULL;
    CHECK(headless_open(&hl, 800, 480, fs, &err));
    static const char *const langs[] = {"en", "ja", "ko"};
    char fail[256] = "";
    for (int l = 0; l < 3 && !*fail; l++) {
        config_t cfg;
        config_defaults(&cfg);
        config_set(&cfg.language, langs[l]);
        for (size_t i = 0; i < app_screen_count() && !*fail; i++) {
            static app_control_t ca[256], cb[256];
            static char ida[256][48], idb[256][48]; /* ids belong to the app */
            size_t na = 0, nb = 0;
            for (int k = 0; k < 2; k++) {
                app_init_t init = {.cfg = &cfg, .content = &content, .mode = APP_MODE_KIOSK, .now_ms = 1000};
                app_t *a = app_create(&init);
                gfx_t m = k ? gfx_sdl_begin_frame(c.gs, 800, 480) : headless_begin(&hl);
                app_set_measure(a, &m);
                app_resize(a, 800, 480);
                app_show_screen(a, app_screen_name(i));
                for (uint64_t t = 1000; t < 4000; t += 16)
                    app_update(a, t);
                app_control_t *cs = k ? cb : ca;
                size_t n = app_controls(a, cs, 256);
                for (size_t j = 0; j < n && j < 256; j++)
                    snprintf(k ? idb[j] : ida[j], 48, "%s", cs[j].id);
                *(k ? &nb : &na) = n;
                app_set_measure(a, NULL);
                app_destroy(a);
            }
            if (na != nb)
                snprintf(fail, sizeof fail, "[%s] %s: %zu controls, %zu on GL", langs[l], app_screen_name(i), na, nb);
            for (size_t j = 0; j < na && j < 256 && !*fail; j++)
                if (strcmp(ida[j], idb[j]) != 0 || memcmp(&ca[j].r, &cb[j].r, sizeof ca[j].r) != 0)
                    snprintf(fail, sizeof fail, "[%s] %.40s: control %.47s at %d,%d %dx%d, on GL %.47s at %d,%d %dx%d",
                             langs[l], app_screen_name(i), ida[j], ca[j].r.x, ca[j].r.y, ca[j].r.w, ca[j].r.h,
                             idb[j], cb[j].r.x, cb[j].r.y, cb[j].r.w, cb[j].r.h);
        }
        config_free(&cfg);
    }
    headless_close(&hl);
    gl_close(&c);
    content_free(&content);
    CHECK_MSG(!*fail, "%s", fail);
}

static void test_software_gl_names(void)
{
    CHECK(renderer_gl_is_software("llvmpipe (LLVM 15.0.6, 256 bits)"));
    CHECK(renderer_gl_is_software("softpipe"));
    CHECK(renderer_gl_is_software("Mesa DRI swrast"));
    CHECK(renderer_gl_is_software("Software Rasterizer"));
    CHECK(!renderer_gl_is_software("V3D 4.2"));
    CHECK(!renderer_gl_is_software("VC4 V3D 2.1"));
    CHECK(!renderer_gl_is_software("Mali-G52 r1p0"));
    CHECK(!renderer_gl_is_software(NULL));
}

/* A window on a machine whose only OpenGL is Mesa's software rasterizer:
 * the kiosk draws with SDL's software renderer and says why. */
static void test_no_gpu_gets_software_renderer(void)
{
    if (!have_x) {
        skip("no X server (no $DISPLAY, and Xvfb could not be started)");
        return;
    }
    SDL_Window *win = SDL_CreateWindow("choice", 0, 0, 320, 200, SDL_WINDOW_HIDDEN);
    CHECK(win != NULL);
    char why[200];
    SDL_Renderer *r = renderer_choose(win, why, sizeof why);
    CHECK(r != NULL);
    SDL_RendererInfo info;
    CHECK(SDL_GetRendererInfo(r, &info) == 0);
    bool gpu = strncmp(why, "GPU:", 4) == 0;
    if (gpu) {
        printf("note: %s renderer (%s): this machine has a GPU\n", info.name, why);
    } else {
        CHECK_STR(info.name, "software");
        CHECK_CONTAINS(why, "no GPU");
    }
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
}

int main(void)
{
    unsetenv("SDL_RENDER_DRIVER");
    have_x = x_display();
    if (have_x) {
        setenv("SDL_VIDEODRIVER", "x11", 1);
        if (SDL_Init(SDL_INIT_VIDEO) != 0) {
            printf("skipped: X display %s: %s\n", getenv("DISPLAY"), SDL_GetError());
            have_x = false;
        }
    }
    diag_list_t d = {0};
    char *dir = test_repo_path("fonts");
    fs = fonts_load(dir, &d);
    free(dir);
    diag_free(&d);
    RUN(test_software_gl_names);
    RUN(test_text_opengl);
    RUN(test_text_opengles2);
    RUN(test_layout_same_on_gl);
    RUN(test_no_gpu_gets_software_renderer);
    fonts_free(fs);
    /* No SDL_Quit: it unloads Mesa's driver, whose allocations would then
     * show as leaks from an unknown module. The process ends here anyway. */
    if (xvfb > 0) {
        kill(xvfb, SIGTERM);
        waitpid(xvfb, NULL, 0);
    }
    if (skipped)
        printf("GL: %d check%s skipped (see the lines above)\n", skipped, skipped == 1 ? "" : "s");
    return test_summary();
}
