/* Deck building: splitting sections at natural breaks, the largest type
 * that fits, the timeline paged by months, and the bundled content laid out
 * at three sizes with nothing outside its slide, nothing below the floor and
 * no text lost by splitting. Drawn with gfx_record (fake font, exact). */
#include "test.h"
#include "testcontent.h"

#include "config/config.h"
#include "content/content.h"
#include "core/util.h"
#include "slideshow/deck.h"
#include "slideshow/deck_internal.h"
#include "slideshow/slide_draw.h"
#include "ui/gfx_record.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- hand-made content ------------------------------------------------- */

static void add_block(section_t *s, block_kind_t kind, int number, const char *text)
{
    s->blocks = xrealloc(s->blocks, (s->nblocks + 1) * sizeof *s->blocks);
    block_t *b = &s->blocks[s->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = kind == BLOCK_HEADING ? 3 : 1;
    b->number = number;
    b->spans = xcalloc(1, sizeof *b->spans);
    b->spans[0].text = xstrdup(text);
    b->nspans = 1;
}

static section_t *add_section(content_t *c, const char *id, const char *title)
{
    c->report.sections = xrealloc(c->report.sections, (c->report.nsections + 1) * sizeof(section_t));
    section_t *s = &c->report.sections[c->report.nsections++];
    memset(s, 0, sizeof *s);
    s->id = xstrdup(id);
    s->title = xstrdup(title);
    return s;
}

static void add_spec(content_t *c, slide_kind_t kind, const char *ref, const char *heading, const char *body,
                     const char *notes)
{
    c->slides = xrealloc(c->slides, (c->nslides + 1) * sizeof *c->slides);
    slide_spec_t *s = &c->slides[c->nslides++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->ref = xstrdup(ref);
    s->heading = xstrdup(heading);
    s->body = xstrdup(body);
    s->notes = xstrdup(notes);
}

static void add_event(content_t *c, int y, int m, int d, const char *title)
{
    c->timeline = xrealloc(c->timeline, (c->ntimeline + 1) * sizeof *c->timeline);
    tl_event_t *e = &c->timeline[c->ntimeline++];
    memset(e, 0, sizeof *e);
    e->year = y, e->month = m, e->day = d;
    e->title = xstrdup(title);
    e->id = xasprintf("e%zu", c->ntimeline);
    e->detail = xstrdup("");
    e->category = xstrdup("event");
}

/* Frees what the helpers above made (not a loaded content). */
static void free_made(content_t *c)
{
    for (size_t i = 0; i < c->report.nsections; i++) {
        section_t *s = &c->report.sections[i];
        for (size_t k = 0; k < s->nblocks; k++) {
            free(s->blocks[k].spans[0].text);
            free(s->blocks[k].spans);
        }
        free(s->blocks);
        free(s->id);
        free(s->title);
    }
    free(c->report.sections);
    for (size_t i = 0; i < c->nslides; i++) {
        free(c->slides[i].ref);
        free(c->slides[i].heading);
        free(c->slides[i].body);
        free(c->slides[i].notes);
    }
    free(c->slides);
    for (size_t i = 0; i < c->ntimeline; i++) {
        free(c->timeline[i].id);
        free(c->timeline[i].title);
        free(c->timeline[i].detail);
        free(c->timeline[i].category);
    }
    free(c->timeline);
    free(c->event.title);
    memset(c, 0, sizeof *c);
}

static const char *const sentences[] = {
    "The association rescued eight people this year.",
    "Three of them reached a safe zone in February, after a long journey through China.",
    "Five more followed in August.",
    "Each rescue needs months of preparation by volunteers on both sides of the border.",
    "The costs are carried by donations from supporters in Japan and abroad.",
    "We thank every one of them for their trust.",
    "Mr. Kato and Dr. Lee of the U.S. office helped with the papers, e.g. the travel documents.",
};

/* A paragraph of n sentences taken in turn from the list above. */
static char *para(int n, int shift)
{
    strbuf_t sb = {0};
    for (int i = 0; i < n; i++) {
        if (i)
            sb_appendc(&sb, ' ');
        sb_append(&sb, sentences[(i + shift) % (int)AGM_ARRAY_LEN(sentences)]);
    }
    return sb_steal(&sb);
}

/* ---- checks ------------------------------------------------------------------ */

/* s without any white space. Caller frees. */
static char *squash(const char *s)
{
    char *o = xmalloc(strlen(s) + 1), *p = o;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            *p++ = *s;
    *p = '\0';
    return o;
}

static char *section_text(const section_t *s)
{
    strbuf_t sb = {0};
    for (size_t k = 0; k < s->nblocks; k++)
        for (size_t j = 0; j < s->blocks[k].nspans; j++)
            sb_append(&sb, s->blocks[k].spans[j].text);
    char *q = squash(sb.s ? sb.s : "");
    sb_free(&sb);
    return q;
}

/* What the deck drew for section si: its slides' body lines in order. */
static char *deck_section_lines(const deck_t *d, int si)
{
    strbuf_t sb = {0};
    for (size_t i = 0; i < d->nslides; i++) {
        const deck_slide_t *s = &d->slides[i];
        if (s->section != si)
            continue;
        for (size_t k = 0; k < s->layout.nlines; k++)
            if (s->layout.lines[k].role == DECK_LINE_BODY)
                sb_append(&sb, s->layout.lines[k].text);
    }
    char *q = squash(sb.s ? sb.s : "");
    sb_free(&sb);
    return q;
}

/* Every slide drawn into a recorder: every text inside the slide and not
 * below the floor. Returns the number of problems (and prints them). */
static int check_drawn(const deck_t *d, const char *what)
{
    int bad = 0;
    gfx_record_t *rec = gfx_record_create(d->w, d->h);
    gfx_t g = gfx_record_gfx(rec);
    rect_t slide = {0, 0, d->w, d->h};
    for (size_t i = 0; i < d->nslides; i++) {
        gfx_record_clear(rec);
        slide_draw(&g, d, i, NULL, 0, 0, d->w, d->h, slide);
        size_t ntext = 0;
        for (size_t k = 0; k < gfx_record_count(rec); k++) {
            const rec_item_t *it = gfx_record_item(rec, k);
            if (it->kind != REC_TEXT)
                continue;
            ntext++;
            /* a clip that cuts a line means text was lost */
            if (!rect_inside(it->r, it->clip)) {
                fprintf(stderr, "  %s %dx%d slide %zu: \"%s\" at %d,%d %dx%d is cut by its clip\n", what, d->w, d->h,
                        i + 1, it->text, it->r.x, it->r.y, it->r.w, it->r.h);
                bad++;
            }
            if (!rect_inside(it->r, slide)) {
                fprintf(stderr, "  %s %dx%d slide %zu: \"%s\" at %d,%d %dx%d is outside\n", what, d->w, d->h, i + 1,
                        it->text, it->r.x, it->r.y, it->r.w, it->r.h);
                bad++;
            }
            if (it->font.px < d->floor_px) {
                fprintf(stderr, "  %s %dx%d slide %zu: \"%s\" at %d px < floor %d\n", what, d->w, d->h, i + 1,
                        it->text, it->font.px, d->floor_px);
                bad++;
            }
        }
        if (ntext == 0) {
            fprintf(stderr, "  %s %dx%d slide %zu draws no text\n", what, d->w, d->h, i + 1);
            bad++;
        }
        if (gfx_record_clip_depth(rec) != 0 || gfx_record_clip_underflows(rec) != 0)
            bad++;
    }
    gfx_record_destroy(rec);
    return bad;
}

static config_t cfg_default(void)
{
    config_t cfg;
    config_defaults(&cfg);
    return cfg;
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_geometry(void)
{
    config_t cfg = cfg_default();
    deck_geom_t g = deck_geom(&cfg, 1920, 1080);
    CHECK_INT(cfg.slide_min_text_pct10, 35);
    CHECK_INT(g.floor_px, 38); /* 3.5 % of 1080 = 37.8, rounded up */
    CHECK(g.ceil_px > g.target_px && g.target_px > g.floor_px);
    CHECK(rect_inside(g.content, (rect_t){0, 0, 1920, 1080}));
    g = deck_geom(&cfg, 800, 480);
    CHECK_INT(g.floor_px, 17);
    cfg.slide_min_text_pct10 = 50;
    g = deck_geom(&cfg, 720, 1280);
    CHECK_INT(g.floor_px, 64);
    CHECK(g.ceil_px >= g.floor_px);
    config_free(&cfg);
}

static void test_short_section_largest_type(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "short", "A short section");
    add_block(s, BLOCK_PARAGRAPH, 0, "Eight people reached safety.");
    add_spec(&c, SLIDE_SECTION, "short", NULL, NULL, "say hello");
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(1920, 1080);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 1920, 1080);
    /* the section and the closing slide added at the end */
    CHECK_INT(d.nslides, 2);
    CHECK_INT(d.slides[0].kind, SLIDE_SECTION);
    CHECK_INT(d.slides[1].kind, SLIDE_CLOSING);
    CHECK_INT(d.slides[0].layout.px, d.ceil_px);
    CHECK_STR(d.slides[0].heading, "A short section");
    CHECK_STR(d.slides[0].notes, "say hello");
    CHECK_INT(check_drawn(&d, "short"), 0);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

static void test_long_section_splits_at_breaks(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "long", "Rescuing refugees who wish to resettle in Japan");
    for (int i = 0; i < 6; i++) {
        char *p = para(5 + i % 3, i);
        add_block(s, BLOCK_PARAGRAPH, 0, p);
        free(p);
        if (i == 2) {
            add_block(s, BLOCK_HEADING, 0, "Rescue operations");
            add_block(s, BLOCK_ITEM, 0, "Dragon 0201: three people in February.");
            add_block(s, BLOCK_ITEM, 0, "Dragon 0802: five people in August.");
        }
    }
    add_spec(&c, SLIDE_SECTION, "long", NULL, NULL, NULL);
    config_t cfg = cfg_default();
    static const int sizes[][2] = {{800, 480}, {1920, 1080}, {720, 1280}};
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, w, h);
        size_t n = d.nslides - 1; /* without the closing slide */
        CHECK_MSG(n >= 2, "%dx%d: %zu slides", w, h, n);
        for (size_t i = 0; i < n; i++) {
            const deck_slide_t *sl = &d.slides[i];
            CHECK_INT(sl->part, (int)i);
            CHECK_INT(sl->nparts, (int)n);
            if (i == 0)
                CHECK_STR(sl->heading, "Rescuing refugees who wish to resettle in Japan");
            else
                CHECK_STR(sl->heading, "Rescuing refugees who wish to resettle in Japan (continued)");
            /* every slide of the section has the same size, at least the floor */
            CHECK_INT(sl->layout.px, d.slides[0].layout.px);
            CHECK(sl->layout.px >= d.floor_px);
            for (size_t k = 0; k < sl->nitems; k++) {
                const deck_item_t *it = &sl->items[k];
                /* a piece of a split paragraph ends at a sentence end */
                size_t len = strlen(it->text);
                if (it->kind == DECK_ITEM_PARA)
                    CHECK_MSG(len > 0 && strchr(".!?", it->text[len - 1]), "%dx%d slide %zu ends \"%s\"", w, h,
                              i, it->text);
                /* and a continued piece starts a sentence */
                if (it->continued)
                    CHECK_MSG(isupper((unsigned char)it->text[0]), "\"%s\"", it->text);
            }
            /* a subheading never ends a slide */
            CHECK(sl->nitems > 0 && sl->items[sl->nitems - 1].kind != DECK_ITEM_SUBHEAD);
        }
        char *want = section_text(s), *got = deck_section_lines(&d, 0);
        CHECK_STR(got, want);
        free(want);
        free(got);
        CHECK_INT(check_drawn(&d, "long"), 0);
        deck_free(&d);
        gfx_record_destroy(rec);
    }
    free_made(&c);
    config_free(&cfg);
}

/* Abbreviations do not end sentences: "Mr. Kato", "U.S. office", "e.g. the". */
static void test_abbreviations_not_split(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "abbr", "Abbreviations");
    strbuf_t sb = {0};
    for (int i = 0; i < 12; i++) {
        if (i)
            sb_appendc(&sb, ' ');
        sb_append(&sb, sentences[6]);
    }
    add_block(s, BLOCK_PARAGRAPH, 0, sb.s);
    sb_free(&sb);
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 800, 480); /* no slides.ini: the default order */
    CHECK(d.nslides >= 3);
    for (size_t i = 0; i < d.nslides; i++) {
        const deck_slide_t *sl = &d.slides[i];
        if (sl->kind != SLIDE_SECTION)
            continue;
        for (size_t k = 0; k < sl->nitems; k++) {
            CHECK_MSG(strncmp(sl->items[k].text, "Mr. Kato", 8) == 0, "piece starts \"%.30s\"", sl->items[k].text);
            CHECK_MSG(strstr(sl->items[k].text, "documents.") != NULL, "piece \"%s\"", sl->items[k].text);
        }
    }
    char *want = section_text(s), *got = deck_section_lines(&d, 0);
    CHECK_STR(got, want);
    free(want);
    free(got);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

/* One sentence too long for a slide even at the floor: split between
 * words, nothing cut, nothing below the floor. */
static void test_giant_sentence_split_not_cut(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "giant", "One long sentence");
    strbuf_t sb = {0};
    for (int i = 0; i < 400; i++)
        sb_printf(&sb, "%sword%d", i ? " " : "", i);
    sb_append(&sb, ".");
    add_block(s, BLOCK_PARAGRAPH, 0, sb.s);
    sb_free(&sb);
    add_spec(&c, SLIDE_SECTION, "giant", NULL, NULL, NULL);
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 800, 480);
    CHECK(d.nslides >= 3);
    CHECK(d.slides[0].layout.px >= d.floor_px);
    CHECK(d.slides[0].layout.px < d.ceil_px);
    char *want = section_text(s), *got = deck_section_lines(&d, 0);
    CHECK_STR(got, want);
    free(want);
    free(got);
    CHECK_INT(check_drawn(&d, "giant"), 0);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

/* Japanese text has no spaces: it wraps between characters and splits at 。 */
static void test_cjk_section(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "ja", "日本語教育センター");
    strbuf_t sb = {0};
    for (int i = 0; i < 40; i++)
        sb_append(&sb, "脱北者のための日本語教室を開きました。");
    add_block(s, BLOCK_PARAGRAPH, 0, sb.s);
    sb_free(&sb);
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(1920, 1080);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 1920, 1080);
    CHECK(d.nslides >= 3);
    CHECK_INT(d.slides[0].kind, SLIDE_SECTION); /* no title slide without a title */
    for (size_t i = 0; i + 1 < d.nslides; i++)
        for (size_t k = 0; k < d.slides[i].nitems; k++) {
            const char *t = d.slides[i].items[k].text;
            size_t n = strlen(t);
            CHECK_MSG(n >= 3 && strcmp(t + n - 3, "。") == 0, "piece ends \"%s\"", t + (n > 12 ? n - 12 : 0));
        }
    char *want = section_text(s), *got = deck_section_lines(&d, 0);
    CHECK_STR(got, want);
    free(want);
    free(got);
    CHECK_INT(check_drawn(&d, "cjk"), 0);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

static void test_timeline_paged_by_months(void)
{
    content_t c = {0};
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 1 + m % 3; k++) {
            char *t = xasprintf("Activity %d of month %d", k + 1, m + 1);
            add_event(&c, 2011 + (m + 8) / 12, (m + 8) % 12 + 1, 3 + k, t);
            free(t);
        }
    add_spec(&c, SLIDE_TIMELINE, NULL, "Timeline", NULL, "the year");
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(1920, 1080);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 1920, 1080);
    size_t rows = 0, pages = 0;
    for (size_t i = 0; i < d.nslides; i++) {
        const deck_slide_t *sl = &d.slides[i];
        if (sl->kind != SLIDE_TIMELINE)
            continue;
        pages++;
        /* at most three months on a page */
        int months[16], nm = 0;
        for (size_t k = 0; k < sl->nitems; k++, rows++) {
            const tl_event_t *e = &c.timeline[rows];
            int key = e->year * 12 + e->month;
            if (nm == 0 || months[nm - 1] != key)
                months[nm++] = key;
            CHECK_STR(sl->items[k].text, e->title);
        }
        CHECK_MSG(nm <= 3, "page %zu has %d months", pages, nm);
        CHECK_CONTAINS(sl->heading, "Timeline: ");
        CHECK_STR(sl->notes, "the year");
    }
    CHECK_INT(rows, c.ntimeline);
    CHECK_INT(pages, 4);
    CHECK_STR(d.slides[0].heading, "Timeline: Sep \xe2\x80\x93 Nov 2011");
    CHECK(gfx_record_find_text(rec, "x") == NULL);
    CHECK_INT(check_drawn(&d, "timeline"), 0);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

static void test_missing_refs_skipped_and_closing(void)
{
    content_t c = {0};
    c.event.title = xstrdup("General Meeting");
    add_spec(&c, SLIDE_TITLE, NULL, NULL, NULL, NULL);
    add_spec(&c, SLIDE_SECTION, "no-such-section", NULL, NULL, NULL);
    add_spec(&c, SLIDE_CHART, "no-such-chart", NULL, NULL, NULL);
    add_spec(&c, SLIDE_TEXT, NULL, "Thank you", "To our donors.\n\n- Japan\n- Korea", NULL);
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 800, 480);
    CHECK_INT(d.nslides, 3);
    CHECK_INT(d.slides[0].kind, SLIDE_TITLE);
    CHECK_STR(d.slides[0].items[0].text, "General Meeting");
    CHECK(d.slides[0].centered);
    CHECK_INT(d.slides[1].kind, SLIDE_TEXT);
    CHECK_INT(d.slides[1].nitems, 3);
    CHECK_INT(d.slides[1].items[1].kind, DECK_ITEM_BULLET);
    CHECK_STR(d.slides[1].items[2].text, "Korea");
    CHECK_INT(d.slides[2].kind, SLIDE_CLOSING);
    CHECK_STR(d.slides[2].items[0].text, "Questions?");
    CHECK_INT(check_drawn(&d, "refs"), 0);
    /* deck_find keeps a position across rebuilds */
    CHECK_INT(deck_find(&d, 3, 0), 1);
    CHECK_INT(deck_find(&d, 0, 5), 0);
    deck_free(&d);
    deck_free(&d); /* a freed deck may be freed again */
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

/* A chart that charts.ini names but stats.csv gives no rows: `check` warns
 * and the deck must still build (issue 12: add_chart wrote past its
 * allocation for a tiles chart without figures). */
static void test_chart_without_rows(void)
{
    static const chart_kind_t kinds[] = {CHART_TILES, CHART_BAR};
    for (size_t k = 0; k < AGM_ARRAY_LEN(kinds); k++) {
        content_t c = {0};
        chart_t ch = {.id = "empty", .kind = kinds[k], .title = "No figures yet"};
        c.charts = &ch;
        c.ncharts = 1;
        add_spec(&c, SLIDE_CHART, "empty", NULL, NULL, NULL);
        config_t cfg = cfg_default();
        gfx_record_t *rec = gfx_record_create(800, 480);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, 800, 480);
        CHECK_INT(d.nslides, 2);
        CHECK_INT(d.slides[0].kind, SLIDE_CHART);
        CHECK_STR(d.slides[0].heading, "No figures yet");
        CHECK_INT(d.slides[0].nstat, 0);
        CHECK_INT(check_drawn(&d, "empty chart"), 0);
        deck_free(&d);
        gfx_record_destroy(rec);
        c.charts = NULL;
        c.ncharts = 0;
        free_made(&c);
        config_free(&cfg);
    }
}

/* A bigger floor gives bigger text (and so more slides), never smaller. */
static void test_floor_from_config(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "long", "Floor");
    for (int i = 0; i < 5; i++) {
        char *p = para(6, i);
        add_block(s, BLOCK_PARAGRAPH, 0, p);
        free(p);
    }
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(1920, 1080);
    gfx_t g = gfx_record_gfx(rec);
    deck_t a, b;
    deck_build(&a, &c, &cfg, &g, 1920, 1080);
    cfg.slide_min_text_pct10 = 70;
    deck_build(&b, &c, &cfg, &g, 1920, 1080);
    CHECK_INT(b.floor_px, 76);
    CHECK(b.nslides > a.nslides);
    CHECK(b.slides[0].layout.px >= 76);
    CHECK_INT(check_drawn(&b, "floor"), 0);
    deck_free(&a);
    deck_free(&b);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}

/* A preview (presenter view) keeps the split and fits a smaller box. */
static void test_relayout_preview(void)
{
    content_t c = {0};
    section_t *s = add_section(&c, "long", "Preview");
    for (int i = 0; i < 4; i++) {
        char *p = para(5, i);
        add_block(s, BLOCK_PARAGRAPH, 0, p);
        free(p);
    }
    config_t cfg = cfg_default();
    gfx_record_t *rec = gfx_record_create(1920, 1080);
    gfx_t g = gfx_record_gfx(rec);
    deck_t d;
    deck_build(&d, &c, &cfg, &g, 1920, 1080);
    deck_layout_t l;
    deck_relayout(&d, 1, &g, 480, 270, &l);
    CHECK(l.nlines > 0);
    CHECK(l.px < d.slides[1].layout.px);
    for (size_t k = 0; k < l.nlines; k++) {
        CHECK(l.lines[k].x >= 0 && l.lines[k].x + l.lines[k].w <= 480);
        CHECK(l.lines[k].y >= 0 && l.lines[k].y + l.lines[k].font.px <= 270);
    }
    deck_layout_free(&l);
    deck_layout_free(&l);
    deck_free(&d);
    gfx_record_destroy(rec);
    free_made(&c);
    config_free(&cfg);
}


/* A tall, narrow window (200x3000): a timeline row too long for a page is
 * split over two slides, so a slide's items are no longer one per event;
 * naming the months of each page read past the end of the timeline (a
 * heap overflow under ASan, a crash or a wrong heading without). Every
 * event is shown, each page's heading names the months of its rows. */
static void test_timeline_narrow_split_rows(void)
{
    content_t c = {0};
    char *long_title = para(6, 0);
    for (int m = 1; m <= 6; m++)
        add_event(&c, 2012, m, 3, m % 2 ? long_title : "Short");
    free(long_title);
    add_spec(&c, SLIDE_TIMELINE, NULL, "Timeline", NULL, NULL);
    config_t cfg = cfg_default();
    static const int sizes[][2] = {{200, 3000}, {160, 8192}, {8192, 160}};
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, w, h);
        size_t events = 0;
        for (size_t i = 0; i < d.nslides; i++) {
            const deck_slide_t *sl = &d.slides[i];
            if (sl->kind != SLIDE_TIMELINE)
                continue;
            for (size_t k = 0; k < sl->nitems; k++)
                events += !sl->items[k].continued;
            CHECK_CONTAINS(sl->heading, "Timeline");
            CHECK_MSG(!strstr(sl->heading, "?"), "%dx%d: heading %s", w, h, sl->heading);
        }
        CHECK_INT(events, c.ntimeline);
        deck_free(&d);
        gfx_record_destroy(rec);
    }
    free_made(&c);
    config_free(&cfg);
}

/* ---- the bundled content ------------------------------------------------------- */

static char *bundled_dir(void)
{
    return test_repo_path("content");
}

static void test_bundled_deck_three_sizes(void)
{
    char *dir = bundled_dir();
    content_t c;
    diag_list_t diags = {0};
    bool ok = content_load(dir, &c, &diags);
    if (!ok)
        diag_print(&diags, stderr);
    CHECK(ok);
    config_t cfg = cfg_default();
    static const int sizes[][2] = {{800, 480}, {1920, 1080}, {720, 1280}};
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, w, h);
        CHECK(d.nslides >= c.nslides);
        CHECK_INT(d.slides[0].kind, SLIDE_TITLE);
        CHECK_INT(d.slides[d.nslides - 1].kind, SLIDE_CLOSING);
        int bad = check_drawn(&d, "bundled");
        CHECK_MSG(bad == 0, "%dx%d: %d problems", w, h, bad);
        /* every section shown is shown whole */
        for (size_t si = 0; si < c.report.nsections; si++) {
            bool shown = false;
            for (size_t i = 0; i < d.nslides; i++)
                shown |= d.slides[i].section == (int)si;
            if (!shown)
                continue;
            char *want = section_text(&c.report.sections[si]), *got = deck_section_lines(&d, (int)si);
            CHECK_MSG(strcmp(want, got) == 0, "%dx%d section %s lost text", w, h, c.report.sections[si].id);
            free(want);
            free(got);
        }
        /* every timeline event is on a slide */
        size_t rows = 0;
        for (size_t i = 0; i < d.nslides; i++)
            if (d.slides[i].kind == SLIDE_TIMELINE)
                rows += d.slides[i].nitems;
        CHECK_INT(rows, c.ntimeline);
        if (getenv("AGM_TEST_VERBOSE"))
            fprintf(stderr, "  %dx%d: %zu slides, floor %d px\n", w, h, d.nslides, d.floor_px);
        deck_free(&d);
        gfx_record_destroy(rec);
    }
    content_free(&c);
    diag_free(&diags);
    config_free(&cfg);
    free(dir);
}

/* The closing slide shows event.ini's url as a QR code beside its text
 * (under it in portrait), large enough to read from the hall: at least
 * two fifths of the slide's height at 1920x1080, clear of every line. */
static void test_closing_slide_qr_code(void)
{
    static const int sz[3][2] = {{1920, 1080}, {800, 480}, {720, 1280}};
    for (int k = 0; k < 3; k++) {
        content_t c = {0};
        section_t *s = add_section(&c, "short", "A short section");
        add_block(s, BLOCK_PARAGRAPH, 0, "Eight people reached safety.");
        add_spec(&c, SLIDE_SECTION, "short", NULL, NULL, NULL);
        c.event.url = xstrdup("http://www.northkoreanrefugees.com/");
        config_t cfg = cfg_default();
        gfx_record_t *rec = gfx_record_create(sz[k][0], sz[k][1]);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, sz[k][0], sz[k][1]);
        const deck_slide_t *cl = &d.slides[d.nslides - 1];
        CHECK_INT(cl->kind, SLIDE_CLOSING);
        rect_t q = cl->layout.qr;
        int side = q.w < q.h ? q.w : q.h;
        CHECK_MSG(side * 5 >= sz[k][1] * 2 || (sz[k][1] > sz[k][0] && side * 5 >= sz[k][0] * 2),
                  "%dx%d: code area %dx%d", sz[k][0], sz[k][1], q.w, q.h);
        for (size_t i = 0; i < cl->layout.nlines; i++) {
            const deck_line_t *ln = &cl->layout.lines[i];
            rect_t lr = {ln->x, ln->y, ln->w, ln->font.px};
            CHECK_MSG(!rect_overlaps(lr, q), "%dx%d: '%s' over the code", sz[k][0], sz[k][1], ln->text);
        }
        deck_free(&d);
        gfx_record_destroy(rec);
        free(c.event.url);
        c.event.url = NULL;
        free_made(&c);
        config_free(&cfg);
    }
}

/* No slide ends on a subheading (or a lead-in ending in ':') whose text
 * went to the next slide: the bundled deck at many sizes. */
static void test_no_heading_ends_a_slide(void)
{
    char *dir = bundled_dir();
    content_t c;
    diag_list_t diags = {0};
    CHECK(content_load(dir, &c, &diags));
    config_t cfg = cfg_default();
    static const int sizes[][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}, {1024, 600}, {1366, 768},
                                   {1600, 900}, {1080, 1920}, {640, 480}, {1280, 720}};
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        deck_t d;
        deck_build(&d, &c, &cfg, &g, w, h);
        for (size_t i = 0; i + 1 < d.nslides; i++) {
            const deck_slide_t *sl = &d.slides[i];
            if (sl->nitems < 2 || d.slides[i + 1].section != sl->section || sl->section < 0)
                continue;
            const deck_item_t *last = &sl->items[sl->nitems - 1];
            CHECK_MSG(last->kind != DECK_ITEM_SUBHEAD, "%dx%d: slide %zu ends on '%s'", w, h, i + 1, last->text);
        }
        deck_free(&d);
        gfx_record_destroy(rec);
    }
    content_free(&c);
    diag_free(&diags);
    config_free(&cfg);
    free(dir);
}

/* The bundled deck at w x h, measured with the fake font. */
static bool bundled_deck(content_t *c, deck_t *d, gfx_record_t **rec, int w, int h)
{
    char *dir = bundled_dir();
    diag_list_t diags = {0};
    bool ok = content_load(dir, c, &diags);
    diag_free(&diags);
    free(dir);
    config_t cfg = cfg_default();
    *rec = gfx_record_create(w, h);
    gfx_t g = gfx_record_gfx(*rec);
    deck_build(d, c, &cfg, &g, w, h);
    config_free(&cfg);
    return ok;
}

static void bundled_free(content_t *c, deck_t *d, gfx_record_t *rec)
{
    deck_free(d);
    gfx_record_destroy(rec);
    content_free(c);
}

static const int deck_sizes[][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}, {1024, 600},
                                    {1366, 768}, {1600, 900}, {1080, 1920}, {640, 480}, {1280, 720}};

/* A list split over slides splits evenly (its parts differ by one item at
 * most), and a list of three items or fewer is never split. */
static void test_lists_split_evenly(void)
{
    for (size_t z = 0; z < AGM_ARRAY_LEN(deck_sizes); z++) {
        int w = deck_sizes[z][0], h = deck_sizes[z][1];
        content_t c;
        deck_t d;
        gfx_record_t *rec;
        CHECK(bundled_deck(&c, &d, &rec, w, h));
        /* walk the lists: consecutive list items (blocks in a row) of one section */
        int counts[64], nparts = 0, total = 0, last_block = -2, section = -2;
        bool whole = true; /* no item of it broken between slides */
        for (size_t i = 0; i <= d.nslides; i++) {
            const deck_slide_t *sl = i < d.nslides ? &d.slides[i] : NULL;
            for (size_t k = 0; k <= (sl ? sl->nitems : 0); k++) {
                const deck_item_t *it = sl && k < sl->nitems ? &sl->items[k] : NULL;
                if (sl && k == sl->nitems)
                    break; /* the slide ends: the list may go on */
                bool goes_on = it && it->kind == DECK_ITEM_BULLET && sl->section == section &&
                               it->block == last_block + 1 && total > 0;
                if (goes_on) {
                    if (k == 0)
                        counts[nparts < 63 ? ++nparts : nparts] = 0;
                    counts[nparts]++;
                    total++;
                    whole &= !it->continued;
                    last_block = it->block;
                    continue;
                }
                /* the list before ends here */
                if (total > 0 && nparts > 0 && whole) {
                    int lo = counts[0], hi = counts[0];
                    for (int q = 1; q <= nparts; q++) {
                        lo = AGM_MIN(lo, counts[q]);
                        hi = AGM_MAX(hi, counts[q]);
                    }
                    CHECK_MSG(hi - lo <= 1, "%dx%d: a list of %d items ending on slide %zu split unevenly (%d to %d)",
                              w, h, total, i, lo, hi);
                    /* (on a landscape slide, where three items always fit one) */
                    CHECK_MSG(total > 3 || w < h, "%dx%d: a list of %d items split (ending on slide %zu)", w, h, total,
                              i);
                }
                total = 0;
                nparts = 0;
                whole = true;
                if (it && it->kind == DECK_ITEM_BULLET && sl->section >= 0) {
                    counts[0] = 1;
                    total = 1;
                    whole = !it->continued;
                    last_block = it->block;
                    section = sl->section;
                } else {
                    last_block = -2;
                }
                if (!sl)
                    break;
            }
        }
        bundled_free(&c, &d, rec);
    }
}

/* At 1920x1080 a report section takes one or two slides; more only in
 * the smaller half of the allowed text sizes, and never more than four. */
static void test_sections_in_few_slides(void)
{
    content_t c;
    deck_t d;
    gfx_record_t *rec;
    CHECK(bundled_deck(&c, &d, &rec, 1920, 1080));
    for (size_t i = 0; i < d.nslides; i++) {
        const deck_slide_t *sl = &d.slides[i];
        if (sl->kind != SLIDE_SECTION || sl->part != 0)
            continue;
        int target = d.floor_px + (d.ceil_px - d.floor_px) * 2 / 5;
        CHECK_MSG(sl->nparts <= 2 || sl->layout.px * 2 < d.floor_px + target,
                  "section %d: %d slides at %d px (floor %d, target %d)", sl->section, sl->nparts, sl->layout.px,
                  d.floor_px, target);
        CHECK_MSG(sl->nparts <= 4, "section %d: %d slides", sl->section, sl->nparts);
    }
    bundled_free(&c, &d, rec);
}

/* Tiles share slides, at most three in a row; bar charts all in one style. */
static void test_tiles_share_slides_one_chart_style(void)
{
    for (size_t z = 0; z < 3; z++) {
        int w = deck_sizes[z][0], h = deck_sizes[z][1];
        content_t c;
        deck_t d;
        gfx_record_t *rec;
        CHECK(bundled_deck(&c, &d, &rec, w, h));
        for (size_t i = 0; i < d.nslides; i++) {
            const deck_slide_t *sl = &d.slides[i];
            if (sl->kind != SLIDE_CHART)
                continue;
            const chart_t *ch = &c.charts[sl->chart];
            if (ch->kind != CHART_TILES) {
                CHECK_MSG(sl->layout.chart_own, "%dx%d: chart %s not in the slides' bar style", w, h, ch->id);
                continue;
            }
            CHECK(sl->layout.chart_cols >= 1 && sl->layout.chart_cols <= 3);
            size_t n = content_group_stats(&c, ch->id, NULL, 0);
            if (sl->part == 0 && n >= 2)
                CHECK_MSG((size_t)sl->nparts < n, "%dx%d: chart %s: %zu figures on %d slides", w, h, ch->id, n,
                          sl->nparts);
            if (sl->part == 0 && n == 3 && w >= 1280)
                CHECK_MSG(sl->nparts == 1, "%dx%d: chart %s: three figures on %d slides", w, h, ch->id, sl->nparts);
        }
        bundled_free(&c, &d, rec);
    }
}

/* ---- the build's shortcuts change nothing ------------------------------------ */

static bool same_str(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

/* Where decks a and b differ (as "slide N: what"), or NULL when they are
 * the same in every slide, item and laid-out line. */
static char *deck_diff(const deck_t *a, const deck_t *b)
{
    if (a->nslides != b->nslides || a->floor_px != b->floor_px || a->ceil_px != b->ceil_px)
        return xasprintf("%zu slides against %zu", a->nslides, b->nslides);
    for (size_t i = 0; i < a->nslides; i++) {
        const deck_slide_t *x = &a->slides[i], *y = &b->slides[i];
        const deck_layout_t *lx = &x->layout, *ly = &y->layout;
        if (x->kind != y->kind || x->spec != y->spec || x->part != y->part || x->nparts != y->nparts ||
            x->section != y->section || x->chart != y->chart || x->stat0 != y->stat0 || x->nstat != y->nstat ||
            x->centered != y->centered || !same_str(x->heading, y->heading) || !same_str(x->notes, y->notes))
            return xasprintf("slide %zu: kind, entry, part or heading", i + 1);
        if (x->nitems != y->nitems)
            return xasprintf("slide %zu: %zu items against %zu", i + 1, x->nitems, y->nitems);
        for (size_t k = 0; k < x->nitems; k++)
            if (x->items[k].kind != y->items[k].kind || !same_str(x->items[k].text, y->items[k].text) ||
                !same_str(x->items[k].label, y->items[k].label) || x->items[k].continued != y->items[k].continued)
                return xasprintf("slide %zu: item %zu", i + 1, k + 1);
        if (lx->px != ly->px || lx->chart_px != ly->chart_px || lx->chart_cols != ly->chart_cols ||
            lx->chart_own != ly->chart_own || memcmp(&lx->chart, &ly->chart, sizeof lx->chart) != 0 ||
            memcmp(&lx->qr, &ly->qr, sizeof lx->qr) != 0)
            return xasprintf("slide %zu: text size %d against %d, or the chart's place", i + 1, lx->px, ly->px);
        if (lx->nlines != ly->nlines)
            return xasprintf("slide %zu: %zu lines against %zu", i + 1, lx->nlines, ly->nlines);
        for (size_t k = 0; k < lx->nlines; k++) {
            const deck_line_t *p = &lx->lines[k], *q = &ly->lines[k];
            if (p->x != q->x || p->y != q->y || p->w != q->w || p->font.px != q->font.px ||
                p->font.weight != q->font.weight || p->font.italic != q->font.italic || p->role != q->role ||
                p->item != q->item || !same_str(p->text, q->text))
                return xasprintf("slide %zu: line %zu \"%s\"", i + 1, k + 1, p->text);
        }
    }
    return NULL;
}

/* The deck's build remembers line counts and stops trial packings (and
 * tile counts) as soon as they cannot fit: the bundled content in every
 * language, at five sizes and two text floors, comes out the same as with
 * every trial packed in full. */
static void test_shortcuts_same_deck(void)
{
    char *dir = bundled_dir();
    content_t c;
    diag_list_t diags = {0};
    CHECK(content_load(dir, &c, &diags));
    static const int sizes[][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}, {1024, 1024}};
    static const char *const langs[] = {"en", "ja", "ko"};
    static const int floors[] = {35, 50};
    int decks = 0;
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++)
        for (size_t l = 0; l < AGM_ARRAY_LEN(langs); l++)
            for (size_t f = 0; f < AGM_ARRAY_LEN(floors); f++) {
                int w = sizes[z][0], h = sizes[z][1];
                config_t cfg = cfg_default();
                char *lang0 = cfg.language;
                cfg.language = (char *)langs[l];
                cfg.slide_min_text_pct10 = floors[f];
                const content_t *cv = content_in(&c, langs[l]);
                gfx_record_t *rec = gfx_record_create(w, h);
                gfx_t g = gfx_record_gfx(rec);
                deck_t fast, full;
                deck_build(&fast, cv, &cfg, &g, w, h);
                deck_no_shortcuts = true;
                deck_build(&full, cv, &cfg, &g, w, h);
                deck_no_shortcuts = false;
                char *diff = deck_diff(&fast, &full);
                CHECK_MSG(!diff, "%dx%d %s floor %d: %s", w, h, langs[l], floors[f], diff ? diff : "");
                free(diff);
                decks += fast.nslides > 2;
                deck_free(&fast);
                deck_free(&full);
                gfx_record_destroy(rec);
                cfg.language = lang0;
                config_free(&cfg);
            }
    CHECK_INT(decks, (int)(AGM_ARRAY_LEN(sizes) * AGM_ARRAY_LEN(langs) * AGM_ARRAY_LEN(floors)));
    content_free(&c);
    diag_free(&diags);
    free(dir);
}

static int rnd(unsigned *r, size_t n)
{
    *r = *r * 1103515245u + 12345u;
    return (int)((*r >> 16) % (unsigned)n);
}

/* The same with made-up text meant to trip the shortcuts: sections from a
 * few words to many paragraphs, long bullet lists, words wider than a
 * line, Japanese without spaces, the same sentence repeated (one memo
 * entry, measured at every size and width), and paragraphs that differ
 * only in their last byte. */
static void test_shortcuts_same_deck_made_up_text(void)
{
    const char *dir = test_tmpdir();
    char *src = bundled_dir();
    char *cmd = xasprintf("cp -r '%s'/. '%s' && rm -f '%s'/report.ja.md '%s'/report.ko.md", src, dir, dir, dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(src);
    static const char *const words[] = {"a", "of", "the", "refugee", "support", "international", "NGO",
                                         "2,737", "Tokyo", "resettlement", "is", "and", "children"};
    static const char *const ja[] = {"北朝鮮", "の", "難民", "を", "支援", "します", "。", "、", "日本語", "教室"};
    strbuf_t md = {0}, sl = {0};
    sb_append(&md, "# Made up\n\n");
    unsigned r = 99;
    for (int sec = 0; sec < 14; sec++) {
        sb_printf(&md, "## Part %d\n\n", sec);
        sb_printf(&sl, "[slide]\nshow = section part-%d\n\n", sec);
        int paras = 1 + rnd(&r, sec < 4 ? 2 : 7);
        for (int p = 0; p < paras; p++) {
            int kind = rnd(&r, 5);
            if (kind == 0) { /* a bullet list */
                int n = 2 + rnd(&r, 12);
                for (int b = 0; b < n; b++) {
                    sb_append(&md, "- ");
                    for (int w = rnd(&r, 30); w >= 0; w--)
                        sb_printf(&md, "%s ", words[rnd(&r, AGM_ARRAY_LEN(words))]);
                    sb_append(&md, "\n");
                }
            } else if (kind == 1) { /* Japanese, no spaces */
                for (int w = 5 + rnd(&r, 80); w >= 0; w--)
                    sb_append(&md, ja[rnd(&r, AGM_ARRAY_LEN(ja))]);
                sb_append(&md, "\n");
            } else if (kind == 2) { /* a word wider than any line */
                sb_append(&md, "See ");
                for (int k = 40 + rnd(&r, 60); k >= 0; k--)
                    sb_appendc(&md, (char)('a' + rnd(&r, 26)));
                sb_append(&md, " for details.\n");
            } else if (kind == 3) { /* the same sentence, then one that differs in its last byte */
                sb_append(&md, "The same sentence given again in several sections of the report, word for word.\n\n");
                sb_printf(&md, "The same sentence given again in several sections of the report, word for word%c\n",
                          "!?;"[rnd(&r, 3)]);
            } else {
                for (int w = rnd(&r, sec < 4 ? 20 : 200); w >= 0; w--)
                    sb_printf(&md, "%s%s", words[rnd(&r, AGM_ARRAY_LEN(words))], rnd(&r, 9) ? " " : ". ");
                sb_append(&md, "\n");
            }
            sb_append(&md, "\n");
        }
    }
    sb_append(&sl, "[slide]\nshow = chart defectors\n\n[slide]\nshow = closing\n");
    free(test_write_file(dir, "report.md", md.s));
    free(test_write_file(dir, "slides.ini", sl.s));
    sb_free(&md);
    sb_free(&sl);
    content_t c;
    diag_list_t diags = {0};
    content_load(dir, &c, &diags);
    CHECK_INT(c.nslides, 16);
    static const int sizes[][2] = {{800, 480}, {1280, 800}, {720, 1280}, {1000, 333}};
    static const int floors[] = {20, 35, 60};
    int slides = 0;
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++)
        for (size_t f = 0; f < AGM_ARRAY_LEN(floors); f++) {
            int w = sizes[z][0], h = sizes[z][1];
            config_t cfg = cfg_default();
            cfg.slide_min_text_pct10 = floors[f];
            gfx_record_t *rec = gfx_record_create(w, h);
            gfx_t g = gfx_record_gfx(rec);
            deck_t fast, full;
            deck_build(&fast, &c, &cfg, &g, w, h);
            deck_no_shortcuts = true;
            deck_build(&full, &c, &cfg, &g, w, h);
            deck_no_shortcuts = false;
            char *diff = deck_diff(&fast, &full);
            CHECK_MSG(!diff, "%dx%d floor %d: %s", w, h, floors[f], diff ? diff : "");
            free(diff);
            slides += (int)fast.nslides;
            deck_free(&fast);
            deck_free(&full);
            gfx_record_destroy(rec);
            config_free(&cfg);
        }
    CHECK_MSG(slides > 12 * 30, "%d slides", slides); /* many sections over several slides */
    content_free(&c);
    diag_free(&diags);
}

int main(void)
{
    RUN(test_shortcuts_same_deck);
    RUN(test_shortcuts_same_deck_made_up_text);
    RUN(test_lists_split_evenly);
    RUN(test_sections_in_few_slides);
    RUN(test_tiles_share_slides_one_chart_style);
    RUN(test_no_heading_ends_a_slide);
    RUN(test_closing_slide_qr_code);
    RUN(test_geometry);
    RUN(test_short_section_largest_type);
    RUN(test_long_section_splits_at_breaks);
    RUN(test_abbreviations_not_split);
    RUN(test_giant_sentence_split_not_cut);
    RUN(test_cjk_section);
    RUN(test_timeline_paged_by_months);
    RUN(test_timeline_narrow_split_rows);
    RUN(test_missing_refs_skipped_and_closing);
    RUN(test_chart_without_rows);
    RUN(test_floor_from_config);
    RUN(test_relayout_preview);
    RUN(test_bundled_deck_three_sizes);
    return test_summary();
}
