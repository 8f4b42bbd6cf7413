/* renderer_choice.c - the window's renderer: GPU or SDL's software one
 * (see renderer_choice.h). */
#include "renderer_choice.h"

#include <glob.h>
#include <stdio.h>
#include <string.h>

#define GL_RENDERER_ENUM 0x1F01

bool renderer_gl_is_software(const char *s)
{
    if (!s)
        return false;
    static const char *const soft[] = {"llvmpipe", "softpipe", "swrast", "Software Rasterizer", "SWR "};
    for (size_t i = 0; i < sizeof soft / sizeof *soft; i++)
        if (strstr(s, soft[i]))
            return true;
    return false;
}

const char *renderer_gl_name(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (!ren || SDL_GetRendererInfo(ren, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return NULL;
    /* SDL's GL renderers leave their context current once made. */
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    get_string_fn get = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    return get ? (const char *)get(GL_RENDERER_ENUM) : NULL;
}

/* Whether the machine has a GPU device at all (a DRM card or render node). */
static bool have_gpu_device(void)
{
    glob_t gl;
    bool any = glob("/dev/dri/card*", 0, NULL, &gl) == 0 && gl.gl_pathc > 0;
    globfree(&gl);
    if (!any) {
        any = glob("/dev/dri/renderD*", 0, NULL, &gl) == 0 && gl.gl_pathc > 0;
        globfree(&gl);
    }
    return any;
}

static SDL_Renderer *software(SDL_Window *win)
{
    /* Into the window system's own image of the window (an X11 shared
     * memory image), not through a GL texture of it. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_PRESENTVSYNC);
    return r ? r : SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
}

SDL_Renderer *renderer_choose(SDL_Window *win, char *why, size_t nwhy)
{
    snprintf(why, nwhy, "%s", "");
    const char *asked = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    const char *drv = SDL_GetCurrentVideoDriver();
    bool windowed = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
    if (asked && *asked) {
        snprintf(why, nwhy, "asked for by SDL_RENDER_DRIVER=%s", asked);
    } else if (windowed && !have_gpu_device()) {
        snprintf(why, nwhy, "no GPU: no /dev/dri device");
        return software(win);
    }
    /* vsync always: without it SDL takes an async page-flip path on the
     * Pi's KMSDRM that garbles or fails. */
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!r) {
        snprintf(why, nwhy, "no accelerated renderer: %s", SDL_GetError());
        return software(win);
    }
    const char *gl = renderer_gl_name(r);
    /* Only a window system gives the software renderer a surface to draw
     * on; on the console (KMSDRM) the GL renderer stays, software or not. */
    if (gl && renderer_gl_is_software(gl) && !windowed) {
        snprintf(why, nwhy, "OpenGL is %s, kept: no other way to draw on %s", gl, drv ? drv : "this driver");
        return r;
    }
    if (gl && renderer_gl_is_software(gl)) {
        if (asked && *asked) {
            size_t n = strlen(why);
            snprintf(why + n, nwhy - n, "; OpenGL is %s, no GPU", gl);
            return r;
        }
        snprintf(why, nwhy, "no GPU: OpenGL is %s", gl);
        SDL_DestroyRenderer(r);
        return software(win);
    }
    if (gl && !(asked && *asked))
        snprintf(why, nwhy, "GPU: %s", gl);
    return r;
}
