/* deck.h - the slideshow deck: the content folder turned into slides laid
 * out for one slide size.
 *
 * deck_build() walks slides.ini (or, when it lists nothing, a default order:
 * title, every report section, the timeline, every chart, closing) and makes
 * slides. Text is set in the largest size that fits the slide, between a
 * ceiling and the floor cfg->slide_min_text_pct10 (tenths of a percent of
 * the slide height), the way suckless sent picks its font. What does not fit
 * at a readable size is split over several slides: a report section at block
 * boundaries first, then at sentence ends (never mid-sentence, unless a
 * single sentence cannot fit even at the floor, and then between words:
 * split, never cut); the timeline a few months per slide.
 *
 * Layout needs a gfx_t only to measure text; the result is plain data
 * (positioned lines in slide coordinates, 0,0 at the slide's top-left) that
 * slide_draw.c paints. The deck depends on the size, so it is rebuilt when
 * the slide size changes.
 *
 * Ownership: a deck owns its slides, their text and lines; it borrows the
 * content_t it was built from (for charts and stats), which must outlive it.
 * deck_free() accepts a zeroed deck. */
#ifndef AGM_DECK_H
#define AGM_DECK_H

#include <stdbool.h>
#include <stddef.h>

#include "../config/config.h"
#include "../content/content.h"
#include "../ui/chart.h"
#include "../ui/gfx.h"

/* What a piece of slide text is, for the layout and the colours. */
typedef enum {
    DECK_ITEM_PARA,     /* a paragraph */
    DECK_ITEM_BULLET,   /* a list item; label is "•" or "3." */
    DECK_ITEM_SUBHEAD,  /* a subsection heading inside a section */
    DECK_ITEM_QUOTE,    /* a block quote paragraph */
    DECK_ITEM_ROW,      /* a timeline row: label is the date */
    DECK_ITEM_BIG,      /* the title slide's title */
    DECK_ITEM_META,     /* quieter lines: date and place, a chart's source */
} deck_item_kind_t;

typedef struct {
    deck_item_kind_t kind;
    char *text;         /* owned UTF-8, no newlines */
    char *label;        /* owned: bullet, number or date; NULL for none */
    int level;          /* list nesting depth, 1 for a top-level item */
    int block;          /* section slides: index of the source block;
                           timeline slides: index of the event; else -1 */
    bool continued;     /* this piece continues a block begun on the previous slide */
} deck_item_t;

/* The role of a laid-out line picks its colour. */
typedef enum {
    DECK_LINE_HEADING,
    DECK_LINE_BODY,
    DECK_LINE_LABEL,    /* bullet, number, timeline date */
    DECK_LINE_MUTED,
} deck_line_role_t;

typedef struct {
    int x, y, w;        /* top-left of the line box in slide coordinates; w = text width */
    font_t font;
    deck_line_role_t role;
    int item;           /* index into the slide's items, -1 for the heading */
    char *text;         /* owned, one line, no newline */
} deck_line_t;

/* A slide laid out at one size. */
typedef struct {
    deck_line_t *lines;
    size_t nlines;
    int px;             /* body text size chosen */
    rect_t chart;       /* chart slides: the chart's area; zero otherwise */
    int chart_px;       /* chart slides: body size of the chart (chart_style_t.px) */
    bool chart_own;     /* bar charts too tall for chart.c at the floor: compact bars */
    int chart_cols;     /* tile slides: columns of tiles */
    rect_t qr;          /* closing slide: the QR code of event.ini's url; zero otherwise */
} deck_layout_t;

typedef struct {
    slide_kind_t kind;
    size_t spec;        /* index into content->slides; (size_t)-1 for the default order */
    int part, nparts;   /* this slide is part `part` (0-based) of nparts of its spec */
    int section;        /* report section index, -1 when not a section slide */
    int chart;          /* content->charts index, -1 when not a chart slide */
    size_t stat0, nstat; /* tile slides: the chart's figures [stat0, stat0 + nstat) */
    bool centered;      /* title and closing slides: centred both ways */
    char *heading;      /* owned, may be NULL (title slide) */
    deck_item_t *items;
    size_t nitems;
    char *notes;        /* owned speaker notes, NULL when none */
    deck_layout_t layout; /* at the deck's size */
} deck_slide_t;

typedef struct {
    const content_t *content; /* borrowed */
    int w, h;                 /* slide size the layout is for */
    int floor_px, ceil_px;    /* text size limits at this size */
    char lang[16];            /* the language of the slides' own words */
    deck_slide_t *slides;
    size_t nslides;
} deck_t;

/* Geometry shared by the deck and the renderer for a w x h slide. */
typedef struct {
    int unit;           /* spacing unit: 1/100 of the shorter side, at least 1 */
    rect_t content;     /* where text may go */
    int floor_px;       /* smallest text size allowed */
    int ceil_px;        /* largest body text size */
    int target_px;      /* size long sections are packed at before growing */
} deck_geom_t;

deck_geom_t deck_geom(const config_t *cfg, int w, int h);

/* The smallest chart body size whose smallest text (4/5 of it in chart.c)
 * is not below floor_px. */
int deck_chart_min_px(int floor_px);
/* chart.c's dark style as slides use it: no title (the slide heading is
 * one), tiles on a faint card. */
chart_style_t deck_chart_style(const content_t *c, const char *lang, int px);

/* Build the deck for a w x h slide, measuring with g. *d need not be
 * initialised; on return it holds at least the closing slide. Problems
 * (a slides.ini entry naming a missing section or chart) are logged with
 * the tag "slideshow" and the entry is skipped. Never fails. */
void deck_build(deck_t *d, const content_t *c, const config_t *cfg, gfx_t *g, int w, int h);
void deck_free(deck_t *d);

/* The slide that best matches (spec, part) in d: the same spec with the part
 * clamped, else the nearest earlier slide; 0 for an empty deck. Used to keep
 * the position when the deck is rebuilt at another size. */
size_t deck_find(const deck_t *d, size_t spec, int part);

/* Lay slide i out again for a different w x h (the presenter view's
 * previews) with the same split. The floor does not apply: a preview may be
 * smaller than the audience slide. out is overwritten; free with
 * deck_layout_free(). */
void deck_relayout(const deck_t *d, size_t i, gfx_t *g, int w, int h, deck_layout_t *out);
void deck_layout_free(deck_layout_t *l);

#endif
