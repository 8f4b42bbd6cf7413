/* slideshow.h - the "slideshow" screen (registered in src/ui/screens.def)
 * and what the platform layer needs from it: writing every slide with
 * `render`, the presenter view on a second display, fullscreen requests.
 *
 * The screen wraps a show_t (show.h) created from the app's content and
 * settings. In APP_MODE_SLIDESHOW the app starts on it. */
#ifndef AGM_SLIDESHOW_H
#define AGM_SLIDESHOW_H

#include <stdbool.h>
#include <stddef.h>

#include "../ui/app.h"
#include "../ui/gfx.h"
#include "show.h"

/* The show behind app a's slideshow screen (NULL if none is registered). */
show_t *slideshow_show(app_t *a);

/* `render`: the number of slides at g's size, laying the deck out with g
 * (call after app_resize to that size). */
size_t slideshow_render_count(app_t *a, gfx_t *g);
/* `render`: show slide i (0-based) at once, without a transition; the next
 * app_draw draws it. Returns false when i is out of range. */
bool slideshow_render_select(app_t *a, size_t i);

/* The presenter view (current and next slide, notes, slide number,
 * elapsed time) into g, for a second window (--presenter-display). */
void slideshow_draw_presenter(app_t *a, gfx_t *g);
/* The uuid of the question on the Q&A slide now (the slide is up and shows
 * one), or NULL. */
const char *slideshow_qa_current(app_t *a);

/* True once after F / F11: the platform toggles fullscreen. */
bool slideshow_take_fullscreen_request(app_t *a);

#endif
