/* meeting_slide.h - the general meeting's slides: `show = attendance` (who
 * attends, present / written / proxy, against the voting members, and
 * whether the quorum is met) and `show = resolution ID` (the resolution's
 * title and text, and once counted its hand-count and whether it passed
 * under its majority).
 *
 * Plain data and drawing only: the slideshow screen (slideshow.c) reads
 * the register and the hand-counts from the store while such a slide is up
 * (polling its change counter, as the Q&A slide does) and fills a
 * meeting_view_t; slide_draw.c draws the slide from it. */
#ifndef AGM_MEETING_SLIDE_H
#define AGM_MEETING_SLIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../content/content.h"
#include "../core/meeting.h"
#include "../ui/gfx.h"

typedef struct {
    bool known;                /* the counts were read from the store */
    meet_attendance_t att;     /* check-ins not undone, per kind */
    /* the resolution slide: the latest hand-count of `resolution` */
    char resolution[72];
    bool counted;
    int64_t votes_for, against, abstain, attending;
    bool quorum_then;
    meet_majority_t majority;
    meet_outcome_t outcome;
    size_t entries;            /* 1 + corrections */
} meeting_view_t;

typedef struct {
    rgba_t text, muted, accent, bg;
} meeting_colors_t;

/* Draw the attendance slide (its background is drawn) of w x h; floor_px
 * is the smallest text size. v may be NULL (no register: dashes). */
void meeting_slide_attendance(gfx_t *g, const content_t *c, const char *lang, const char *heading,
                              const meeting_view_t *v, int w, int h, int floor_px, meeting_colors_t col);

/* Draw resolution res_id's slide (c in the slide's language). v may be NULL
 * or of another resolution: then "not yet counted". */
void meeting_slide_resolution(gfx_t *g, const content_t *c, const char *lang, const char *heading, const char *res_id,
                              const meeting_view_t *v, int w, int h, int floor_px, meeting_colors_t col);

#endif
