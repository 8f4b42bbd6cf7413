/* slide_draw.h - painting slides, the audience screen and the presenter
 * view through gfx_t. Layout comes from deck.c; nothing here decides what
 * goes on which slide.
 *
 * Colours come from the content's theme: slide_bg behind slides,
 * slide_text for headings and body, slide_muted for dates and sources,
 * accent for bullets, bars and the progress indicator. */
#ifndef AGM_SLIDE_DRAW_H
#define AGM_SLIDE_DRAW_H

#include <stdint.h>

#include "../ui/gfx.h"
#include "deck.h"
#include "show.h"

/* Draw slide i of d with layout l (d's own layout when l is NULL) so that
 * its top-left lands at (ox, oy), clipped to clip (screen coordinates).
 * The slide background fills the slide's box. */
void slide_draw(gfx_t *g, const deck_t *d, size_t i, const deck_layout_t *l, int ox, int oy, int w, int h,
                rect_t clip);

/* The audience screen: the current slide (both slides during a
 * transition), black or white screens, the progress bar, a pending "go to"
 * number and the reload error banner. Lays the deck out first. */
void slide_draw_show(gfx_t *g, show_t *s);
/* Slide i as slide_draw_show() draws it when it is the current one, for a
 * rehearsing g (gfx_set_rehearsal). False when there is no slide i. */
bool slide_rehearse(gfx_t *g, show_t *s, size_t i);

/* The presenter view: current slide, next slide, speaker notes, "slide 3 /
 * 24" and the elapsed time, on one gfx_t. The previews are laid out again
 * at their own size and cached in pv between frames.
 *
 * Long notes get smaller, never below SLIDE_NOTES_MIN_PX (nor below three
 * quarters of the view's text size); notes too long even then show what
 * fits and end with SLIDE_NOTES_CONTINUED on the last line of the box. */
#define SLIDE_NOTES_MIN_PX 16
#define SLIDE_NOTES_CONTINUED "\xE2\x80\xA6" "continued (the notes are too long to show in full)"

typedef struct {
    size_t index[2];       /* slides cached: current, next */
    int w[2], h[2];
    unsigned gen;          /* show_generation() of the deck the cache belongs to */
    deck_layout_t l[2];
    bool valid[2];
    rect_t notes_box;      /* where the last frame put the notes (layout tests) */
    /* the notes' fitted size: notes_px for notes_for in a box of notes_w x
     * notes_h between notes_lo and notes_hi (fitting takes several layouts;
     * the presenter view redraws every second) */
    const char *notes_for;
    const void *notes_ops; /* the measuring backend it was fitted with */
    int notes_w, notes_h, notes_lo, notes_hi, notes_px;
    /* the clocks the last frame drew (tests): time left, speaking time;
     * y -1 when not drawn */
    int clock_y[2];
    show_clock_level_t clock_level[2];
} slide_presenter_t;

void slide_draw_presenter(gfx_t *g, show_t *s, slide_presenter_t *pv, uint64_t now);
void slide_presenter_free(slide_presenter_t *pv); /* accepts a zeroed value */

/* Draw the chart of chart slide i of d laid out as l: bar charts with
 * chart.c (or compact bars at a size in [min_px, ...] when chart.c has no
 * room), tiles with chart.c's tiles for the slide's share of the figures. */
void slide_draw_chart(gfx_t *g, const deck_t *d, size_t i, const deck_layout_t *l, int min_px);

#endif
