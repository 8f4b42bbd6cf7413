/* chart.h - charts drawn from stats.csv and charts.ini, for the kiosk's
 * statistics screen and for statistics slides.
 *
 *   chart_style_t st = chart_style_light(content, "en", 20);   (or _dark for slides)
 *   chart_draw(g, content_chart(content, "defectors"), (rect_t){x, y, w, h}, &st);
 *
 * Bar charts: the values are written on the bars (with "about" / "more than"
 * in words), the axis starts at zero, the unit and the source (charts.ini
 * source and the report section) are written under the chart. A rectangle
 * wider than tall gets vertical columns; a tall one horizontal bars.
 * Tile groups: one tile per figure with the big number, its label, its note
 * and its report section.
 * Everything is drawn inside the rectangle (text wraps, sizes step down,
 * an ellipsis only as a last resort). Nothing is kept between calls. */
#ifndef AGM_CHART_H
#define AGM_CHART_H

#include "../content/content.h"
#include "gfx.h"

typedef struct {
    const content_t *content;
    const char *lang;     /* for "about %s", "Source: %s" ... */
    rgba_t bg;            /* what the chart is drawn on */
    rgba_t text, muted, line;
    rgba_t bar;           /* exact figures */
    rgba_t bar_approx;    /* approximate figures (also marked in words) */
    rgba_t tile_bg;       /* tile cards; alpha 0 for none */
    int px;               /* body size: labels, values and titles scale from it */
    bool show_title;      /* draw charts.ini's title above the chart */
    /* When on_section is set, each "From the report: ..." line is a link:
     * drawn in link, underlined, and reported with the rectangle it was
     * drawn in (section as stats.csv names it). */
    rgba_t link;
    void (*on_section)(void *ctx, const char *section, rect_t r);
    void *ctx;
    bool hide_section;    /* no "From the report: ..." line under a tile (slides) */
    int tile_lines;       /* lines a tile's label or note may take (0: 3); more
                           * are cut with an ellipsis */
} chart_style_t;

/* Styles from content->theme: light for the kiosk, dark for slides. */
chart_style_t chart_style_light(const content_t *c, const char *lang, int px);
chart_style_t chart_style_dark(const content_t *c, const char *lang, int px);
/* The light style in the colours of theme t (the high-contrast theme). */
chart_style_t chart_style_themed(const content_t *c, const theme_t *t, const char *lang, int px);

/* The figures of a group, in file order: fills up to max, returns the count. */
size_t chart_stats(const content_t *c, const char *group, const stat_t **out, size_t max);

/* Draw chart (bar or tiles) into r. */
void chart_draw(gfx_t *g, const chart_t *chart, rect_t r, const chart_style_t *st);

/* One big-number tile into r. */
void chart_draw_tile(gfx_t *g, const stat_t *s, rect_t r, const chart_style_t *st);

/* The height a tile needs at width w (number, label, note, section). */
int chart_tile_height(gfx_t *g, const stat_t *s, int w, const chart_style_t *st);

/* The height a bar chart needs to be readable at width w (used by scrolling
 * screens to size the chart's card). */
int chart_bar_height(gfx_t *g, const chart_t *chart, int w, const chart_style_t *st);

/* The height a tile group needs at width w (title and every row). */
int chart_tiles_height(gfx_t *g, const chart_t *chart, int w, const chart_style_t *st);

#endif
