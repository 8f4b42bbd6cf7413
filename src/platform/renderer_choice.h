/* renderer_choice.h - which SDL renderer draws the kiosk's window.
 *
 * A GPU renderer (SDL's OpenGL ES 2 or OpenGL) where a real GPU drives it,
 * as on the Pi; SDL's software renderer, drawing straight into the
 * window's own framebuffer (no framebuffer acceleration), where the only
 * OpenGL is a software one (Mesa's llvmpipe, softpipe or swrast): there a
 * GL renderer costs hundreds of milliseconds of shader compiling at start
 * and tens of MiB of memory, and draws no faster than SDL's own code.
 *
 * The order of checks: a renderer named in SDL_RENDER_DRIVER is used as
 * asked; with no GPU device (/dev/dri has no card or render node) under a
 * window system, the software renderer is taken without starting OpenGL;
 * otherwise the accelerated renderer is made and, when its GL_RENDERER
 * names a software rasterizer, replaced by the software renderer. Every
 * renderer has vsync asked for (see PLATFORM-NOTES: the Pi needs it). */
#ifndef AGM_PLATFORM_RENDERER_CHOICE_H
#define AGM_PLATFORM_RENDERER_CHOICE_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

/* Make the renderer for win; why gets a few words for the log line that
 * names the renderer ("no GPU: OpenGL is llvmpipe"). NULL with SDL's error
 * set when no renderer at all can be made. */
SDL_Renderer *renderer_choose(SDL_Window *win, char *why, size_t nwhy);

/* Whether a GL_RENDERER string names a software rasterizer. */
bool renderer_gl_is_software(const char *gl_renderer);

/* The GL_RENDERER string of ren's context when ren is an OpenGL (ES)
 * renderer, else NULL. */
const char *renderer_gl_name(SDL_Renderer *ren);

#endif
