/* deck_build.c - the deck assembled from the content: one add_<kind> per
 * kind of slide (title, section, timeline, text, closing, chart and tiles),
 * and deck_build() walking slides.ini. See deck.h. */
#include "deck_internal.h"

#include "../core/util.h"
#include "../core/log.h"
#include "../ui/chart.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deck assembly --------------------------------------------------------- */

typedef struct {
    deck_slide_t *v;
    size_t n, cap;
} slides_t;

static deck_slide_t *slides_push(slides_t *sl, slide_kind_t kind, size_t spec, const char *notes)
{
    xgrow((void **)&sl->v, &sl->cap, sl->n + 1, sizeof *sl->v);
    deck_slide_t *s = &sl->v[sl->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->spec = spec;
    s->section = -1;
    s->chart = -1;
    s->nparts = 1;
    s->notes = notes && *notes ? xstrdup(notes) : NULL;
    return s;
}

/* The language slides are written in (kiosk.ini language). */
static const char *deck_lang = "en";

/* A UI string from strings/LANG.ini, or def when the content lacks it. */
static const char *text_or(const content_t *c, const char *key, const char *def)
{
    if (!c || c->nlangs == 0)
        return def;
    const char *t = content_text(c, deck_lang, key);
    if (!t || !*t || strcmp(t, key) == 0)
        return def;
    return t;
}

/* Pack units into one or more slides of kind at the best size and append
 * them. */
static void add_packed(slides_t *sl, lay_t *L, slide_kind_t kind, size_t spec, const char *notes, int section,
                       const char *heading, const deck_item_t *units, size_t n, const int *group, bool centered,
                       const content_t *c)
{
    char *headc = NULL;
    if (heading && *heading)
        headc = xasprintf("%s %s", heading, text_or(c, "slides.continued", "(continued)"));
    pack_in_t in = {L, heading, headc ? headc : heading, units, n, group, 3, kind == SLIDE_SECTION || kind == SLIDE_TEXT};
    pack_t p;
    int s = deck_pack_best(&in, &p);
    for (size_t i = 0; i < p.n; i++) {
        deck_slide_t *d = slides_push(sl, kind, spec, notes);
        d->part = (int)i;
        d->nparts = (int)p.n;
        d->section = section;
        d->centered = centered;
        d->heading = xstrdup(i == 0 ? heading : in.headc);
        d->items = p.v[i].items.v;
        d->nitems = p.v[i].items.n;
        p.v[i].items.v = NULL;
        p.v[i].items.n = 0;
        deck_layout_text(L, d->heading, d->items, d->nitems, s, centered, &d->layout);
    }
    deck_pack_free(&p);
    free(headc);
}

static char *block_text(const block_t *b)
{
    strbuf_t sb = {0};
    for (size_t i = 0; i < b->nspans; i++)
        if (b->spans[i].text)
            sb_append(&sb, b->spans[i].text);
    char *t = sb.s ? deck_trim_dup(sb.s, 0, sb.len) : xstrdup("");
    sb_free(&sb);
    return t;
}

static void add_section(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp,
                        int si)
{
    const section_t *sec = &c->report.sections[si];
    items_t units = {0};
    for (size_t i = 0; i < sec->nblocks; i++) {
        const block_t *b = &sec->blocks[i];
        char *t = block_text(b);
        if (!*t) {
            free(t);
            continue;
        }
        switch (b->kind) {
        case BLOCK_HEADING:
            deck_items_push(&units, DECK_ITEM_SUBHEAD, t, NULL, 1, (int)i, false);
            break;
        case BLOCK_ITEM: {
            char num[16];
            if (b->number > 0)
                snprintf(num, sizeof num, "%d.", b->number);
            else
                snprintf(num, sizeof num, "\xe2\x80\xa2");
            deck_items_push(&units, DECK_ITEM_BULLET, t, num, b->level > 0 ? b->level : 1, (int)i, false);
            break;
        }
        case BLOCK_QUOTE:
            deck_items_push(&units, DECK_ITEM_QUOTE, t, NULL, 1, (int)i, false);
            break;
        default:
            deck_items_push(&units, DECK_ITEM_PARA, t, NULL, 1, (int)i, false);
            break;
        }
    }
    const char *heading = sp && sp->heading && *sp->heading ? sp->heading : sec->title;
    add_packed(sl, L, SLIDE_SECTION, spec, sp ? sp->notes : NULL, si, heading, units.v, units.n, NULL, false, c);
    deck_items_free(&units);
}

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_full[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};

static const char *mon(int m) { return m >= 1 && m <= 12 ? month_abbr[m - 1] : "?"; }

/* "3 Feb 2012", "3-5 Feb 2012", "30 Jan - 2 Feb 2012", "Feb 2012". */
static char *tl_date(const tl_event_t *e)
{
    char a[32], b[32];
    if (e->day > 0)
        snprintf(a, sizeof a, "%d %s", e->day, mon(e->month));
    else
        snprintf(a, sizeof a, "%s", mon(e->month));
    if (e->end_year <= 0)
        return xasprintf("%s %d", a, e->year);
    if (e->end_year == e->year && e->end_month == e->month && e->day > 0 && e->end_day > 0)
        return xasprintf("%d\xe2\x80\x93%d %s %d", e->day, e->end_day, mon(e->month), e->year);
    if (e->end_day > 0)
        snprintf(b, sizeof b, "%d %s", e->end_day, mon(e->end_month));
    else
        snprintf(b, sizeof b, "%s", mon(e->end_month));
    if (e->end_year == e->year)
        return xasprintf("%s \xe2\x80\x93 %s %d", a, b, e->year);
    return xasprintf("%s %d \xe2\x80\x93 %s %d", a, e->year, b, e->end_year);
}

static void add_timeline(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    if (c->ntimeline == 0)
        return;
    items_t units = {0};
    int *group = xcalloc(c->ntimeline, sizeof *group);
    for (size_t i = 0; i < c->ntimeline; i++) {
        const tl_event_t *e = &c->timeline[i];
        char *date = tl_date(e);
        /* block: the event's index, carried by every piece of its row */
        deck_items_push(&units, DECK_ITEM_ROW, xstrdup(e->title ? e->title : ""), date, 1, (int)i, false);
        free(date);
        group[i] = e->year * 12 + e->month;
    }
    const char *base = sp && sp->heading && *sp->heading ? sp->heading : text_or(c, "slides.timeline_heading", "Timeline");
    size_t first = sl->n;
    L->rows = units.v;
    L->nrows = units.n;
    L->rows_s = 0;
    add_packed(sl, L, SLIDE_TIMELINE, spec, sp ? sp->notes : NULL, -1, base, units.v, units.n, group, false, c);
    /* Headings name the months each page covers: those of its first and
     * last rows (a row too long for a page goes on over the next one, so
     * a page's items are not one per event). */
    for (size_t i = first; i < sl->n; i++) {
        deck_slide_t *d = &sl->v[i];
        if (d->nitems == 0)
            continue;
        int b0 = d->items[0].block, b1 = d->items[d->nitems - 1].block;
        if (b0 < 0 || b1 < 0 || (size_t)b0 >= c->ntimeline || (size_t)b1 >= c->ntimeline)
            continue;
        const tl_event_t *e0 = &c->timeline[b0], *e1 = &c->timeline[b1];
        char *h;
        if (e0->year == e1->year && e0->month == e1->month)
            h = xasprintf("%s: %s %d", base, month_full[AGM_CLAMP(e0->month, 1, 12) - 1], e0->year);
        else if (e0->year == e1->year)
            h = xasprintf("%s: %s \xe2\x80\x93 %s %d", base, mon(e0->month), mon(e1->month), e0->year);
        else
            h = xasprintf("%s: %s %d \xe2\x80\x93 %s %d", base, mon(e0->month), e0->year, mon(e1->month), e1->year);
        int s = d->layout.px;
        /* Keep the longer heading only if the page still fits with it. */
        if (deck_layout_text(L, h, d->items, d->nitems, s, false, NULL) <= L->geo.content.h) {
            free(d->heading);
            d->heading = h;
            deck_layout_free(&d->layout);
            deck_layout_text(L, d->heading, d->items, d->nitems, s, false, &d->layout);
        } else {
            free(h);
        }
    }
    L->rows = NULL;
    L->nrows = 0;
    L->rows_s = 0;
    deck_items_free(&units);
    free(group);
}

static void add_title(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    const event_t *ev = &c->event;
    items_t units = {0};
    const char *title = sp && sp->heading && *sp->heading ? sp->heading : ev->title;
    if (!title || !*title)
        title = c->report.title && *c->report.title ? c->report.title : "";
    if (*title)
        deck_items_push(&units, DECK_ITEM_BIG, xstrdup(title), NULL, 1, -1, false);
    if (ev->subtitle && *ev->subtitle)
        deck_items_push(&units, DECK_ITEM_PARA, xstrdup(ev->subtitle), NULL, 1, -1, false);
    strbuf_t meta = {0};
    int y, m, d;
    if (ev->date && sscanf(ev->date, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && c->nlangs > 0) {
        char buf[128];
        content_format_date(c, deck_lang, "date.full", y, m, d, buf, sizeof buf);
        sb_append(&meta, buf);
    } else if (ev->date && sscanf(ev->date, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        sb_printf(&meta, "%d %s %d", d, month_full[m - 1], y);
    else if (ev->date && *ev->date)
        sb_append(&meta, ev->date);
    if (ev->place && *ev->place) {
        if (meta.len)
            sb_append(&meta, " \xc2\xb7 ");
        sb_append(&meta, ev->place);
    }
    if (meta.len)
        deck_items_push(&units, DECK_ITEM_META, sb_steal(&meta), NULL, 1, -1, false);
    sb_free(&meta);
    if (ev->organizer && *ev->organizer)
        deck_items_push(&units, DECK_ITEM_META, xstrdup(ev->organizer), NULL, 1, -1, false);
    if (units.n == 0)
        return; /* nothing to put on a title slide */
    add_packed(sl, L, SLIDE_TITLE, spec, sp ? sp->notes : NULL, -1, NULL, units.v, units.n, NULL, true, c);
    deck_items_free(&units);
}

/* Body text of slides.ini: lines, blank lines between paragraphs, "- " for
 * bullets. */
static void body_items(items_t *units, const char *body)
{
    if (!body)
        return;
    strbuf_t para = {0};
    const char *p = body;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *line = deck_trim_dup(p, 0, n);
        bool bullet = line[0] == '-' && line[1] == ' ';
        if ((!*line || bullet) && para.len) {
            deck_items_push(units, DECK_ITEM_PARA, sb_steal(&para), NULL, 1, -1, false);
        }
        if (bullet) {
            deck_items_push(units, DECK_ITEM_BULLET, deck_trim_dup(line, 2, strlen(line)), "\xe2\x80\xa2", 1, -1, false);
        } else if (*line) {
            if (para.len)
                sb_appendc(&para, ' ');
            sb_append(&para, line);
        }
        free(line);
        if (!e)
            break;
        p = e + 1;
    }
    if (para.len)
        deck_items_push(units, DECK_ITEM_PARA, sb_steal(&para), NULL, 1, -1, false);
    sb_free(&para);
}

static void add_text(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    items_t units = {0};
    body_items(&units, sp->body);
    add_packed(sl, L, SLIDE_TEXT, spec, sp->notes, -1, sp->heading, units.v, units.n, NULL, false, c);
    deck_items_free(&units);
}

static void add_closing(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    items_t units = {0};
    const char *h = sp && sp->heading && *sp->heading ? sp->heading
                                                      : text_or(c, "slides.closing_heading", "Questions?");
    deck_items_push(&units, DECK_ITEM_BIG, xstrdup(h), NULL, 1, -1, false);
    if (sp && sp->body && *sp->body) {
        body_items(&units, sp->body);
    } else {
        deck_items_push(&units, DECK_ITEM_PARA,
                   xstrdup(text_or(c, "slides.closing_body",
                                   "Leave your question at the kiosk. We answer as many as we can today.")),
                   NULL, 1, -1, false);
    }
    if (c->event.url && *c->event.url) {
        /* "www.example.org" reads better from a hall than "http://...org/" */
        const char *u = c->event.url;
        if (strncmp(u, "https://", 8) == 0)
            u += 8;
        else if (strncmp(u, "http://", 7) == 0)
            u += 7;
        size_t n = strlen(u);
        deck_items_push(&units, DECK_ITEM_META, xstrndup(u, n > 1 && u[n - 1] == '/' ? n - 1 : n), NULL, 1, -1, false);
    }
    /* The site as a QR code beside the text (under it on a portrait
     * screen), as large as its part of the slide allows. */
    deck_geom_t geo = L->geo;
    rect_t qr = {0, 0, 0, 0};
    if (c->event.url && *c->event.url) {
        rect_t text;
        deck_closing_split(geo.content, geo.unit, &text, &qr);
        L->geo.content = text;
    }
    size_t first = sl->n;
    add_packed(sl, L, SLIDE_CLOSING, spec, sp ? sp->notes : NULL, -1, NULL, units.v, units.n, NULL, true, c);
    for (size_t i = first; i < sl->n; i++)
        sl->v[i].layout.qr = qr;
    L->geo = geo;
    deck_items_free(&units);
}

/* The Q&A slide: one slide whose question comes from the store while it is
 * shown (qa_slide.c draws it); the deck holds no text of it. */
static void add_questions(slides_t *sl, size_t spec, const slide_spec_t *sp)
{
    slides_push(sl, SLIDE_QUESTIONS, spec, sp ? sp->notes : NULL);
}

/* The chart's source and the section it comes from, for the line under
 * tiles (chart.c writes its own under bar charts). */
static char *chart_source(const content_t *c, const chart_t *ch)
{
    if (!ch->source || !*ch->source)
        return NULL;
    return xasprintf("%s %s", text_or(c, "slides.source", "Source:"), ch->source);
}

/* Lines a tile's label or note may take on a slide (chart.c cuts more). */
#define DECK_TILE_LINES 5

int deck_chart_min_px(int floor_px) { return (floor_px * 5 + 3) / 4; }


chart_style_t deck_chart_style(const content_t *c, const char *lang, int px)
{
    chart_style_t st = chart_style_dark(c, lang, px);
    st.show_title = false; /* the slide's heading is the title */
    /* the deck shows the report's sections themselves: a tile on a slide
     * gives its figure, label and note only */
    st.hide_section = true;
    st.tile_lines = DECK_TILE_LINES;
    st.tile_bg = color_mix(c->theme.slide_bg, c->theme.slide_text, 0.08f);
    return st;
}

/* Lines of s at f wrapped to w. */
static int lines_at(gfx_t *g, font_t f, const char *s, int w)
{
    if (!s || !*s)
        return 0;
    return deck_wrap_text(g, &f, s, strlen(s), w, NULL);
}

/* chart.c cuts a tile's label and note after DECK_TILE_LINES lines on a
 * slide (with an ellipsis): a tile width at which that would happen is too
 * narrow for a slide. */
static bool tile_whole(gfx_t *g, const content_t *c, const char *lang, const stat_t *s, int tw, int px)
{
    int pad = (px * 4) / 5, w = tw - 2 * pad;
    font_t fl = {px, FONT_BOLD, false}, fs = {AGM_MAX((px * 4) / 5, AGM_MIN(px, 18)), FONT_REGULAR, false};
    if (lines_at(g, fl, s->label, w) > DECK_TILE_LINES || lines_at(g, fs, s->note, w) > DECK_TILE_LINES)
        return false;
    /* the figure on one line at its smallest (chart.c: 1.4 body sizes), never cut */
    char val[64];
    content_format_value(c, lang, s, val, sizeof val);
    font_t fv = {(px * 7) / 5, FONT_BOLD, false};
    if (gfx_text_width(g, &fv, val) > w)
        return false;
    if (s->section && *s->section && !deck_chart_style(c, lang, px).hide_section) {
        char buf[512];
        const char *args[] = {s->section};
        content_text_args(c, lang, "stats.section", args, 1, buf, sizeof buf);
        if (lines_at(g, fs, buf, w) > 3)
            return false;
    }
    return true;
}

/* Pages of tiles at body size px and cols columns in a w x h area: fills
 * starts (the first figure of each page) and returns the page count, or 0
 * when one row is taller than a whole page (it would be cut). Stops at
 * max + 1 pages (returning that): more than max is all the caller asks. */
static size_t tiles_pages(gfx_t *g, const content_t *c, const char *lang, const stat_t **st, size_t n, int px,
                          int cols, int w, int h, size_t *starts, size_t max)
{
    chart_style_t cs = deck_chart_style(c, lang, px);
    if (deck_no_shortcuts)
        max = SIZE_MAX;
    int gap = px;
    int tw = (w - (cols - 1) * gap) / cols;
    if (tw < px * 4)
        return 0;
    size_t pages = 1;
    starts[0] = 0;
    int used = 0;
    for (size_t i = 0; i < n; i += (size_t)cols) {
        int rh = 0;
        for (size_t k = i; k < n && k < i + (size_t)cols; k++) {
            if (!tile_whole(g, c, lang, st[k], tw, px))
                return 0;
            rh = AGM_MAX(rh, chart_tile_height(g, st[k], tw, &cs));
        }
        if (rh > h)
            return 0;
        int need = used ? used + gap + rh : rh;
        if (need > h && used > 0) {
            if (pages == max)
                return max + 1;
            starts[pages++] = i;
            used = rh;
        } else {
            used = need;
        }
    }
    return pages;
}

static void add_chart(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp, int ci)
{
    const chart_t *ch = &c->charts[ci];
    const char *heading = sp && sp->heading && *sp->heading ? sp->heading : (ch->title ? ch->title : ch->id);
    /* The heading at the target size, smaller when it would take more
     * than a third of the slide. */
    int s = L->geo.target_px;
    while (s > L->geo.floor_px && deck_heading_height(L, heading, s) * 3 > L->geo.content.h)
        s--;
    int lo = deck_chart_min_px(L->geo.floor_px), hi = AGM_MAX(lo, L->geo.target_px);
    deck_slide_t tmp = {.heading = (char *)heading};
    char *src = ch->kind == CHART_TILES ? chart_source(c, ch) : NULL;
    deck_item_t src_item = {DECK_ITEM_META, src, NULL, 1, -1, false};
    if (src) {
        tmp.items = &src_item;
        tmp.nitems = 1;
    }
    deck_layout_t frame;
    deck_layout_chart_frame(L, &tmp, s, &frame);
    rect_t r = frame.chart;
    deck_layout_free(&frame);
    if (ch->kind != CHART_TILES) {
        deck_slide_t *d = slides_push(sl, SLIDE_CHART, spec, sp ? sp->notes : NULL);
        d->chart = ci;
        d->heading = xstrdup(heading);
        /* One chart style on every slide: horizontal bars from zero, the
         * label on the left and the value after the bar (slide_draw.c), as
         * large as fits the slide (never below the floor). chart.c's footer is not drawn, so the
         * slide names the source itself. */
        char *src2 = chart_source(c, ch);
        if (src2) {
            d->items = xcalloc(1, sizeof *d->items);
            d->items[0] = (deck_item_t){DECK_ITEM_META, src2, NULL, 1, -1, false};
            d->nitems = 1;
        }
        deck_layout_chart_frame(L, d, s, &d->layout);
        d->layout.chart_px = L->geo.ceil_px;
        d->layout.chart_own = true;
        free(src);
        return;
    }
    /* Tiles: as many slides as the figures need at a readable size. */
    size_t n = content_group_stats(c, ch->id, NULL, 0);
    const stat_t **st = xcalloc(n ? n : 1, sizeof *st);
    n = chart_stats(c, ch->id, st, n);
    /* one slide at least, even for a chart without figures: pages + 1 entries */
    size_t *starts = xcalloc(AGM_MAX(n, (size_t)1) + 1, sizeof *starts);
    /* The fewest slides at the smallest readable size, over 1 to 4
     * columns; then the largest size that needs no more. */
    /* Up to three tiles in a row. The fewest slides at the smallest
     * readable size; then the largest size that needs no more, with the
     * columns that leave the fewest empty places in the last row (the
     * most columns on a tie: three figures side by side, four as two by
     * two). */
    size_t pages = 0;
    int cols = 1;
    for (int k = 1; k <= 3 && (size_t)k <= AGM_MAX(n, (size_t)1); k++) {
        /* (only fewer pages than the best so far can win) */
        size_t p = tiles_pages(L->g, c, L->lang, st, n, lo, k, r.w, r.h, starts, pages ? pages - 1 : SIZE_MAX);
        if (p && (!pages || p < pages)) {
            pages = p;
            cols = k;
        }
    }
    int px = lo;
    if (!pages) {
        /* not even one tile fits a slide: one per slide, one column */
        pages = AGM_MAX(n, (size_t)1);
        for (size_t k = 0; k < n; k++)
            starts[k] = k;
    } else {
        for (int p = hi; p >= lo; p--) {
            int best = 0, best_empty = 0;
            for (int k = 1; k <= 3 && (size_t)k <= n; k++) {
                size_t q = tiles_pages(L->g, c, L->lang, st, n, p, k, r.w, r.h, starts, pages);
                if (!q || q > pages)
                    continue;
                int empty = (int)((size_t)k - n % (size_t)k) % k;
                if (!best || empty <= best_empty) {
                    best = k;
                    best_empty = empty;
                }
            }
            if (best) {
                px = p;
                cols = best;
                break;
            }
        }
        pages = tiles_pages(L->g, c, L->lang, st, n, px, cols, r.w, r.h, starts, SIZE_MAX);
    }
    starts[pages] = n;
    char *headc = xasprintf("%s %s", heading, text_or(c, "slides.continued", "(continued)"));
    for (size_t k = 0; k < pages; k++) {
        deck_slide_t *d = slides_push(sl, SLIDE_CHART, spec, sp ? sp->notes : NULL);
        d->chart = ci;
        d->part = (int)k;
        d->nparts = (int)pages;
        d->stat0 = starts[k];
        d->nstat = starts[k + 1] - starts[k];
        d->heading = xstrdup(k == 0 ? heading : headc);
        if (src) {
            d->items = xcalloc(1, sizeof *d->items);
            d->items[0] = (deck_item_t){DECK_ITEM_META, xstrdup(src), NULL, 1, -1, false};
            d->nitems = 1;
        }
        deck_layout_chart_frame(L, d, s, &d->layout);
        d->layout.chart_px = px;
        d->layout.chart_cols = cols;
    }
    free(headc);
    free(starts);
    free(st);
    free(src);
}

static int find_section(const content_t *c, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < c->report.nsections; i++)
        if (c->report.sections[i].id && strcmp(c->report.sections[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int find_chart(const content_t *c, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < c->ncharts; i++)
        if (c->charts[i].id && strcmp(c->charts[i].id, id) == 0)
            return (int)i;
    return -1;
}

static void add_spec(slides_t *sl, lay_t *L, const content_t *c, size_t spec, const slide_spec_t *sp)
{
    switch (sp->kind) {
    case SLIDE_TITLE: add_title(sl, L, c, spec, sp); break;
    case SLIDE_SECTION: {
        int si = find_section(c, sp->ref);
        if (si < 0) {
            log_warn("slideshow", "slides.ini:%d: no report section \"%s\"; slide skipped", sp->line,
                     sp->ref ? sp->ref : "");
            return;
        }
        add_section(sl, L, c, spec, sp, si);
        break;
    }
    case SLIDE_TIMELINE: add_timeline(sl, L, c, spec, sp); break;
    case SLIDE_CHART: {
        int ci = find_chart(c, sp->ref);
        if (ci < 0) {
            log_warn("slideshow", "slides.ini:%d: no chart \"%s\"; slide skipped", sp->line, sp->ref ? sp->ref : "");
            return;
        }
        add_chart(sl, L, c, spec, sp, ci);
        break;
    }
    case SLIDE_TEXT: add_text(sl, L, c, spec, sp); break;
    case SLIDE_CLOSING: add_closing(sl, L, c, spec, sp); break;
    case SLIDE_QUESTIONS: add_questions(sl, spec, sp); break;
    /* drawn live from the store (meeting_slide.c), like the Q&A slide */
    case SLIDE_ATTENDANCE: slides_push(sl, SLIDE_ATTENDANCE, spec, sp ? sp->notes : NULL); break;
    case SLIDE_RESOLUTION: slides_push(sl, SLIDE_RESOLUTION, spec, sp ? sp->notes : NULL); break;
    }
}

void deck_build(deck_t *d, const content_t *c, const config_t *cfg, gfx_t *g, int w, int h)
{
    memset(d, 0, sizeof *d);
    d->content = c;
    deck_lang = cfg && cfg->language && *cfg->language ? cfg->language : "en";
    d->w = AGM_MAX(1, w);
    d->h = AGM_MAX(1, h);
    snprintf(d->lang, sizeof d->lang, "%s", deck_lang);
    lay_t L = {g, deck_geom(cfg, d->w, d->h), NULL, 0, 0, 0, d->lang, deck_no_shortcuts ? NULL : deck_memo_new()};
    d->floor_px = L.geo.floor_px;
    d->ceil_px = L.geo.ceil_px;
    slides_t sl = {0};
    if (c && c->nslides > 0) {
        for (size_t i = 0; i < c->nslides; i++)
            add_spec(&sl, &L, c, i, &c->slides[i]);
    } else if (c) {
        add_title(&sl, &L, c, NO_SPEC, NULL);
        for (size_t i = 0; i < c->report.nsections; i++)
            add_section(&sl, &L, c, NO_SPEC, NULL, (int)i);
        add_timeline(&sl, &L, c, NO_SPEC, NULL);
        for (size_t i = 0; i < c->ncharts; i++)
            add_chart(&sl, &L, c, NO_SPEC, NULL, (int)i);
    }
    bool has_closing = false;
    for (size_t i = 0; i < sl.n; i++)
        has_closing |= sl.v[i].kind == SLIDE_CLOSING;
    if (!has_closing) {
        static const content_t empty;
        add_closing(&sl, &L, c ? c : &empty, NO_SPEC, NULL);
    }
    deck_memo_free(L.memo);
    d->slides = sl.v;
    d->nslides = sl.n;
}

