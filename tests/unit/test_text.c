/* Text layout with the recorder's fake font: Latin advances px/2, CJK px. */
#include "test.h"
#include "core/util.h"
#include "core/utf8.h"
#include <stdlib.h>
#include <string.h>
#include "ui/gfx_record.h"
#include "ui/text.h"

#include <stdlib.h>

static gfx_record_t *rec;
static gfx_t g;
static const font_t F20 = {20, FONT_REGULAR, false}; /* Latin 10 px, CJK 20 px */

static void setup(void)
{
    gfx_record_destroy(rec);
    rec = gfx_record_create(800, 480);
    g = gfx_record_gfx(rec);
}

/* The text of line li, concatenated from its runs, into buf. */
static const char *line_text(const text_layout_t *l, int li, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < l->nruns; i++)
        if (l->runs[i].line == li && len + l->runs[i].n < n) {
            memcpy(buf + len, l->runs[i].s, l->runs[i].n);
            len += l->runs[i].n;
            buf[len] = 0;
        }
    return buf;
}

/* A font measured like a real one: every string's width is its advances
 * (5.7 px a character) rounded down, so pieces measured apart add up to
 * less than the line measured whole. */
static long measures, measured; /* calls, and bytes measured */

static int rounding_width(void *ctx, const font_t *f, const char *s, size_t n)
{
    (void)ctx;
    (void)f;
    (void)s;
    measures++;
    measured += (long)n;
    return (int)(n * 57 / 10);
}

static void rounding_metrics(void *ctx, const font_t *f, font_metrics_t *out)
{
    (void)ctx;
    *out = (font_metrics_t){f->px * 8 / 10, f->px * 2 / 10, f->px * 12 / 10};
}

/* No line is wider than the limit measured whole, even when the widths of
 * its words and spaces add up to less. */
static void test_wrap_measures_the_whole_line(void)
{
    static const gfx_ops_t ops = {.text_width = rounding_width, .font_metrics = rounding_metrics};
    gfx_t rg = {.ops = &ops, .w = 800, .h = 480};
    const char *text = "ab ab ab ab ab ab ab ab ab ab abc abcd ab ab a ab ab";
    CHECK_INT(gfx_text_width(&rg, &F20, "ab ab ab ab ab"), 79);
    CHECK(5 * gfx_text_width(&rg, &F20, "ab") + 4 * gfx_text_width(&rg, &F20, " ") < 79);
    for (int max_w = 30; max_w <= 200; max_w++) {
        text_opts_t o = {max_w, 0, 0, TEXT_LEFT};
        text_layout_t l;
        text_layout_str(&rg, &F20, RGBA(0, 0, 0, 255), text, &o, &l);
        for (int li = 0; li < l.nlines; li++) {
            char b[256];
            line_text(&l, li, b, sizeof b);
            CHECK_MSG(gfx_text_width(&rg, &F20, b) <= max_w, "max_w %d: '%s' is %d wide", max_w, b,
                      gfx_text_width(&rg, &F20, b));
        }
        CHECK_MSG(l.width <= max_w, "max_w %d: width %d", max_w, l.width);
        CHECK(!l.broke_word);
        text_layout_free(&l);
    }
}

/* Lines that begin with spaces (a paragraph's indent, or an attendee's
 * typing after a new line) are no wider than the limit either, also when a
 * word has to be broken by character; and a run with no break at all, as
 * long as a held-down key makes it, is wrapped with a few measures a line,
 * not a measure of the whole rest of it for every line. */
static void test_wrap_leading_spaces_and_long_runs(void)
{
    static const gfx_ops_t ops = {.text_width = rounding_width, .font_metrics = rounding_metrics};
    gfx_t rg = {.ops = &ops, .w = 800, .h = 480};
    static const char *const texts[] = {"  WAVEform ab", "   W", "ab\n   abcdefghij ab", "  abcdefghijklmnop",
                                        "      abc"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (int max_w = 6; max_w <= 90; max_w++) {
            text_opts_t o = {max_w, 0, 0, TEXT_LEFT};
            text_layout_t l;
            text_layout_str(&rg, &F20, RGBA(0, 0, 0, 255), texts[t], &o, &l);
            for (int li = 0; li < l.nlines; li++) {
                char b[256];
                line_text(&l, li, b, sizeof b);
                CHECK_MSG(gfx_text_width(&rg, &F20, b) <= max_w, "\"%s\" max_w %d: '%s' is %d wide", texts[t], max_w, b,
                          gfx_text_width(&rg, &F20, b));
            }
            text_layout_free(&l);
        }
    /* 20,000 characters without a break */
    enum { N = 20000 };
    char *run = malloc(N + 1);
    memset(run, 'a', N);
    run[N] = '\0';
    text_opts_t o = {300, 0, 0, TEXT_LEFT};
    text_layout_t l;
    measures = measured = 0;
    text_layout_str(&rg, &F20, RGBA(0, 0, 0, 255), run, &o, &l);
    CHECK(l.broke_word);
    CHECK_INT(l.nlines, (N + 51) / 52); /* 52 characters fit in 300 px at 5.7 px */
    CHECK_MSG(measures < 40L * l.nlines, "%ld measures for %d lines", measures, l.nlines);
    CHECK_MSG(measured < 2000L * l.nlines, "%ld bytes measured for %d lines", measured, l.nlines);
    text_layout_free(&l);
    free(run);
}

static void test_fake_font_widths(void)
{
    setup();
    CHECK_INT(gfx_text_width(&g, &F20, "abc"), 30);
    CHECK_INT(gfx_text_width(&g, &F20, "日本語"), 60);
    CHECK_INT(gfx_text_width(&g, &F20, "한국"), 40);
    CHECK_INT(gfx_text_width(&g, &F20, "a日"), 30);
    font_t f21 = {21, FONT_BOLD, false};
    CHECK_INT(gfx_text_width(&g, &f21, "a"), 11);   /* 10.5 rounds up */
    CHECK_INT(gfx_text_width(&g, &f21, "ab"), 21);
    font_metrics_t m = gfx_metrics(&g, &F20);
    CHECK_INT(m.ascent, 16);
    CHECK_INT(m.descent, 4);
    CHECK_INT(m.line_skip, 24);
}

static void test_wrap_words(void)
{
    setup();
    char b[256];
    text_layout_t l;
    /* 10 px per letter: "hello world foo" at 120 px: "hello world" is 110. */
    text_opts_t o = {120, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "hello world foo bar", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "hello world");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "foo bar");
    CHECK_INT(l.width, 110);
    CHECK_INT(l.line_h, 24);
    CHECK_INT(l.height, 48);
    CHECK(!l.broke_word);
    CHECK(!l.ellipsized);
    text_layout_free(&l);
    /* Exactly the width fits; one pixel less does not. */
    o.max_w = 110;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "hello world", &o, &l);
    CHECK_INT(l.nlines, 1);
    text_layout_free(&l);
    o.max_w = 109;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "hello world", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 1, b, sizeof b), "world");
    text_layout_free(&l);
}

static void test_newlines_and_spaces(void)
{
    setup();
    char b[64];
    text_layout_t l;
    text_opts_t o = {1000, 30, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "one\ntwo   three", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "one");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "two   three");
    CHECK_INT(l.height, 60);
    /* The glyph box sits at the line top; the leading goes below. */
    CHECK_INT(l.runs[0].y, 0);
    CHECK_INT(l.runs[1].y, 30);
    CHECK_INT(l.ink_h, 50);
    text_layout_free(&l);
    /* Spaces at a wrap are dropped from both lines. */
    o.max_w = 50;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "aaaa     bbbb", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "aaaa");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "bbbb");
    CHECK_INT(l.runs[1].x, 0);
    text_layout_free(&l);
}

static void test_cjk_breaks(void)
{
    setup();
    char b[256];
    text_layout_t l;
    /* 20 px per character, 100 px: 5 characters per line. */
    text_opts_t o = {100, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "日本語の文章は空白がない", &o, &l);
    /* Between phrases (日本語の|文章は|空白が|ない), not inside a word. */
    CHECK_INT(l.nlines, 3);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "日本語の");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "文章は");
    CHECK_STR(line_text(&l, 2, b, sizeof b), "空白がない");
    CHECK(!l.broke_word); /* breaking between phrases is normal */
    text_layout_free(&l);
    /* Korean wraps at spaces and keeps each word whole ("keep-all"). */
    o.max_w = 160;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "화면을 눌러 시작하세요", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "화면을 눌러");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "시작하세요");
    CHECK(!l.broke_word);
    text_layout_free(&l);
    /* Only a word wider than the line is broken between syllables. */
    o.max_w = 60;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "한국어로된문장", &o, &l);
    CHECK_INT(l.nlines, 3);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "한국어");
    CHECK(l.broke_word);
    text_layout_free(&l);
}

static void test_kinsoku(void)
{
    setup();
    char b[256];
    text_layout_t l;
    /* "。" must not start a line: the break moves one character back. */
    text_opts_t o = {100, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "日本語の文。次", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "日本語の");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "文。次");
    text_layout_free(&l);
    /* "「" must not end a line. */
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "日本語の「文」", &o, &l);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "日本語の");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "「文」");
    text_layout_free(&l);
}

static void test_mixed_latin_cjk(void)
{
    setup();
    char b[256];
    text_layout_t l;
    /* "2011年" stays together; "NGO" is a word inside Japanese. */
    text_opts_t o = {120, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "脱北者は2011年にNGOへ", &o, &l);
    /* widths: 脱北者は = 80, 2011年 = 60 -> does not fit after 80 */
    CHECK_STR(line_text(&l, 0, b, sizeof b), "脱北者は");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "2011年に");
    CHECK_STR(line_text(&l, 2, b, sizeof b), "NGOへ");
    CHECK_INT(l.nlines, 3);
    text_layout_free(&l);
    /* Latin with spaces next to Japanese. */
    o.max_w = 110;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "Hello 世界 world", &o, &l);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "Hello 世界");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "world");
    text_layout_free(&l);
    /* 世界 is one word: not split to fill a line */
    o.max_w = 90;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "Hello 世界 world", &o, &l);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "Hello");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "世界");
    text_layout_free(&l);
}

static void test_long_word_broken_by_character(void)
{
    setup();
    char b[256];
    text_layout_t l;
    text_opts_t o = {50, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "ab abcdefghijkl", &o, &l);
    CHECK(l.broke_word);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "ab");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "abcde");
    CHECK_STR(line_text(&l, 2, b, sizeof b), "fghij");
    CHECK_STR(line_text(&l, 3, b, sizeof b), "kl");
    for (size_t i = 0; i < l.nruns; i++)
        CHECK(l.runs[i].x + l.runs[i].w <= 50);
    text_layout_free(&l);
    /* Narrower than one character: one character per line, no endless loop. */
    o.max_w = 5;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "abc", &o, &l);
    CHECK_INT(l.nlines, 3);
    text_layout_free(&l);
}

static void test_hyphen_break(void)
{
    setup();
    char b[64];
    text_layout_t l;
    text_opts_t o = {80, 0, 0, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "well-known", &o, &l);
    CHECK_STR(line_text(&l, 0, b, sizeof b), "well-");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "known");
    CHECK(!l.broke_word);
    text_layout_free(&l);
}

static void test_spans_keep_fonts(void)
{
    setup();
    char b[256];
    font_t bold = {20, FONT_BOLD, false}, it = {20, FONT_REGULAR, true};
    text_span_t sp[] = {
        {"plain ", 6, F20, RGBA(0, 0, 0, 255)},
        {"bold", 4, bold, RGBA(0, 0, 0, 255)},
        {", italic words", 14, it, RGBA(0, 0, 0, 255)},
    };
    text_layout_t l;
    text_opts_t o = {130, 0, 0, TEXT_LEFT};
    text_layout(&g, sp, 3, &o, &l);
    /* "plain bold," is 110 px: the comma stays glued to "bold". */
    CHECK_STR(line_text(&l, 0, b, sizeof b), "plain bold,");
    CHECK_STR(line_text(&l, 1, b, sizeof b), "italic words");
    CHECK_INT(l.runs[0].font.weight, FONT_REGULAR);
    CHECK_INT(l.runs[1].font.weight, FONT_BOLD);
    CHECK_INT(l.runs[1].x, 60);
    CHECK(l.runs[2].font.italic);
    CHECK_INT(l.runs[2].x, 100);
    text_layout_free(&l);
}

static void test_ellipsis_last_resort(void)
{
    setup();
    char b[256];
    text_layout_t l;
    text_opts_t o = {100, 0, 2, TEXT_LEFT};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "one two three four five six seven", &o, &l);
    CHECK_INT(l.nlines, 2);
    CHECK(l.ellipsized);
    line_text(&l, 1, b, sizeof b);
    CHECK_CONTAINS(b, "\xE2\x80\xA6");
    for (size_t i = 0; i < l.nruns; i++)
        CHECK(l.runs[i].x + l.runs[i].w <= 100);
    text_layout_free(&l);
    /* No ellipsis when it fits. */
    o.max_lines = 4;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "one two three four five six seven", &o, &l);
    CHECK(!l.ellipsized);
    text_layout_free(&l);
}

static void test_align_center(void)
{
    setup();
    text_layout_t l;
    text_opts_t o = {100, 0, 0, TEXT_CENTER};
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "abcd", &o, &l);
    CHECK_INT(l.runs[0].x, 30);
    text_layout_free(&l);
    o.align = TEXT_RIGHT;
    text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), "abcd", &o, &l);
    CHECK_INT(l.runs[0].x, 60);
    text_layout_free(&l);
}

static void test_fit_px(void)
{
    setup();
    /* "ab cd" one line at px: width 2.5 px, height px (glyph box). Box 100x40:
     * one line needs 2.5*px <= 100 -> px 40; two lines ("ab"/"cd") need
     * px <= 50 wide and 1.2px + px <= 40 -> 18. Largest = 40. */
    int px = text_fit_px(&g, "ab cd", FONT_BOLD, (rect_t){0, 0, 100, 40}, 10, 200, 1.2f);
    CHECK_INT(px, 40);
    /* A tall box: two lines, round(1.2 px) + px <= 200 -> 91 (109 + 91),
     * "ab" is 91 px wide; at 92 the lines need 110 + 92 = 202. */
    px = text_fit_px(&g, "ab cd", FONT_BOLD, (rect_t){0, 0, 100, 200}, 10, 200, 1.2f);
    CHECK_INT(px, 91);
    /* Words are not broken while a smaller size avoids it. */
    px = text_fit_px(&g, "abcdefghij", FONT_BOLD, (rect_t){0, 0, 100, 400}, 10, 200, 1.2f);
    CHECK_INT(px, 20);
    /* Nothing fits: the minimum. */
    px = text_fit_px(&g, "abcdefghij abcdefghij", FONT_BOLD, (rect_t){0, 0, 20, 10}, 10, 200, 1.2f);
    CHECK_INT(px, 10);
}

static void test_draw_box_stays_inside(void)
{
    setup();
    rect_t box = {10, 10, 100, 50};
    text_draw_box(&g, &F20, RGBA(0, 0, 0, 255), "one two three four five six seven eight", box, TEXT_LEFT, 0);
    CHECK(gfx_record_count(rec) >= 2);
    for (size_t i = 0; i < gfx_record_count(rec); i++) {
        const rec_item_t *it = gfx_record_item(rec, i);
        CHECK_MSG(rect_inside(it->r, box), "\"%s\" at %d,%d %dx%d", it->text, it->r.x, it->r.y, it->r.w, it->r.h);
    }
    CHECK(gfx_record_find_text(rec, "\xE2\x80\xA6") != NULL);
    /* "one two" / "three four" / "five six" / "seven" / "eight" */
    CHECK_INT(text_height(&g, &F20, "one two three four five six seven eight", 100, 0), 5 * 24);
}

static void test_fit_bytes(void)
{
    setup();
    CHECK_INT(text_fit_bytes(&g, &F20, "abcdef", 6, 35), 3);
    CHECK_INT(text_fit_bytes(&g, &F20, "日本語", 9, 45), 6);
    CHECK_INT(text_fit_bytes(&g, &F20, "abc", 3, 5), 0);
}

static void test_recorder_clip_and_offset(void)
{
    setup();
    gfx_push_clip(&g, (rect_t){0, 0, 100, 100});
    gfx_push_clip(&g, (rect_t){50, 50, 100, 100});
    gfx_set_offset(&g, 5, 7);
    gfx_text(&g, &F20, 60, 60, "hi", RGBA(1, 2, 3, 255));
    gfx_pop_clip(&g);
    gfx_pop_clip(&g);
    gfx_pop_clip(&g);
    const rec_item_t *it = gfx_record_find_text(rec, "hi");
    CHECK(it != NULL);
    CHECK_INT(it->r.x, 65);
    CHECK_INT(it->r.y, 67);
    CHECK_INT(it->r.w, 20);
    CHECK_INT(it->r.h, 20);
    CHECK_INT(it->clip.x, 50);
    CHECK_INT(it->clip.w, 50);
    CHECK_INT(gfx_record_clip_depth(rec), 0);
    CHECK_INT(gfx_record_clip_underflows(rec), 1);
}

/* Japanese breaks between phrases, never inside a word, and never leaves
 * a line of one or two characters (月ごと/に, 構いませ/ん。, 申し/込み,
 * インター/ン were seen on the kiosk). */
static void test_japanese_phrases(void)
{
    setup();
    static const char *const texts[] = {
        "寄付は月ごとにお申し込みいただけます。金額はいくらでも構いません。",
        "インターンとボランティアを募集しています。申し込みは受付でどうぞ。",
        "毎月ごとに申し込みを受け付けます。構いません。",
        "ボランティア・インターン・翻訳でご協力ください。お問い合わせは受付へ。",
    };
    static const char *const words[] = {"ごとに", "構いません", "申し込み", "インターン", "受け付け", "募集", "ご協力", "お問い"};
    for (size_t t = 0; t < AGM_ARRAY_LEN(texts); t++) {
        for (int w = 240; w <= 600; w += 20) { /* 12 to 30 characters a line */
            text_opts_t o = {w, 0, 0, TEXT_LEFT};
            text_layout_t l;
            text_layout_str(&g, &F20, RGBA(0, 0, 0, 255), texts[t], &o, &l);
            char joined[1024] = "";
            for (int i = 0; i < l.nlines; i++) {
                char b[256];
                line_text(&l, i, b, sizeof b);
                size_t n = utf8_count(b, strlen(b));
                CHECK_MSG(l.nlines == 1 || n >= 3, "text %zu at %d px: line %d is '%s'", t, w, i, b);
                strncat(joined, b, sizeof joined - strlen(joined) - 2);
                strcat(joined, "|");
            }
            for (size_t k = 0; k < AGM_ARRAY_LEN(words); k++) {
                /* the word split by a line end shows as word with a '|' inside */
                const char *wd = words[k];
                size_t wl = strlen(wd);
                for (size_t cut = 1; cut < wl; cut++) {
                    if ((wd[cut] & 0xC0) == 0x80)
                        continue;
                    char split[64];
                    snprintf(split, sizeof split, "%.*s|%s", (int)cut, wd, wd + cut);
                    CHECK_MSG(strstr(joined, split) == NULL, "text %zu at %d px: %s", t, w, joined);
                }
            }
            text_layout_free(&l);
        }
    }
}

int main(void)
{
    RUN(test_fake_font_widths);
    RUN(test_wrap_words);
    RUN(test_wrap_measures_the_whole_line);
    RUN(test_wrap_leading_spaces_and_long_runs);
    RUN(test_newlines_and_spaces);
    RUN(test_cjk_breaks);
    RUN(test_japanese_phrases);
    RUN(test_kinsoku);
    RUN(test_mixed_latin_cjk);
    RUN(test_long_word_broken_by_character);
    RUN(test_hyphen_break);
    RUN(test_spans_keep_fonts);
    RUN(test_ellipsis_last_resort);
    RUN(test_align_center);
    RUN(test_fit_px);
    RUN(test_draw_box_stays_inside);
    RUN(test_fit_bytes);
    RUN(test_recorder_clip_and_offset);
    gfx_record_destroy(rec);
    return test_summary();
}
