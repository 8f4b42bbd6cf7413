/* qa_slide.h - the Q&A slide (`show = questions` in slides.ini): the
 * question being shown in the largest type that fits, never below the
 * slide text floor, with "Question 3 of 12"; an invitation to ask at the
 * kiosk when nothing is approved.
 *
 * Plain data and drawing only: the slideshow screen (slideshow.c) reads the
 * approved questions from the store and fills a qa_view_t; slide_draw.c
 * draws a SLIDE_QUESTIONS slide from it. A question too long for the slide
 * at the floor is shown in pages (the presenter's next key turns them). */
#ifndef AGM_QA_SLIDE_H
#define AGM_QA_SLIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../content/content.h"
#include "../ui/gfx.h"

/* Line distance of the question's text, in multiples of its size. */
#define QA_LINE_FACTOR 1.3f

typedef struct {
    /* set by the slideshow screen */
    const char *text;        /* the question on screen (borrowed); NULL: none approved */
    size_t index, count;     /* 0-based position among count approved questions */
    int page;                /* the page of a question that needs several */
    int64_t speak_left_ms;   /* speaking-time countdown, -1 when off */
    /* written by qa_slide_fit (a cache; also tells navigation the pages) */
    int npages;
    const char *fit_text;
    const void *fit_ops;
    int fit_w, fit_h, fit_lo, fit_hi, fit_px;
    /* written by qa_slide_draw for the invitation (layout tests) */
    rect_t qr;               /* the QR code's square; w 0 when none */
    int url_px, url_lines;   /* the address under it */
} qa_view_t;

/* The fitted text: the size and the lines of one page. */
typedef struct {
    int px;          /* text size */
    int npages;
    int first, nlines; /* lines of the page asked for */
    int line_h;
} qa_fit_t;

/* event.ini's url as shown under its QR code: without "http(s)://" and a
 * trailing slash. */
void qa_url_shown(const char *url, char *out, size_t n);

/* The address s in lines at most w wide: at px_hi when it fits, smaller
 * down to px_lo, then broken before a dot or hyphen or after a slash (at
 * a character only when a part has none); never cut. */
#define QA_URL_MAX_LINES 8
typedef struct {
    int px, nlines;
    size_t start[QA_URL_MAX_LINES], len[QA_URL_MAX_LINES];
} qa_url_t;
void qa_url_fit(gfx_t *g, const char *s, int w, int px_lo, int px_hi, qa_url_t *out);

/* Fit text into box between px_lo (the floor) and px_hi: the largest size
 * at which it fits whole; when it does not fit even at px_lo, px_lo and as
 * many pages as needed. page is clamped to the pages. */
void qa_slide_fit(gfx_t *g, const char *text, rect_t box, int px_lo, int px_hi, int page, qa_fit_t *out);

/* Draw the Q&A content of a w x h slide (its background is drawn): the
 * heading, the question (or the invitation) and its position. floor_px is
 * the smallest text size (the deck's floor; 1 for a preview). v may be
 * NULL (the invitation). */
void qa_slide_draw(gfx_t *g, const content_t *c, const char *lang, const char *heading, qa_view_t *v, int w, int h,
                   int floor_px, rgba_t text, rgba_t muted, rgba_t accent);

#endif
