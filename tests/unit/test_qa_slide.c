/* The Q&A slide: a long question in English, Japanese and Korean at
 * 800x480, 1280x800 and 1920x1080 is set at the largest size that fits and
 * never below the slide text floor; one too long for the slide at the floor
 * goes over pages whose lines all fit; every text drawn lies inside the
 * slide and no text item is smaller than the floor. */
#include "test.h"
#include "config/config.h"
#include "core/util.h"
#include "slideshow/deck.h"
#include "slideshow/qa_slide.h"
#include "ui/gfx_record.h"
#include "ui/text.h"

#include <stdlib.h>
#include <string.h>

static char *repeat(const char *s, size_t chars_max)
{
    strbuf_t b = {0};
    while (b.len < chars_max * 3)
        sb_append(&b, s);
    /* cut at a code point boundary, about chars_max code points */
    size_t n = 0, i = 0;
    for (; b.s[i] && n < chars_max; i++)
        if (((unsigned char)b.s[i] & 0xC0) != 0x80)
            n++;
    while (b.s[i] && ((unsigned char)b.s[i] & 0xC0) == 0x80)
        i++;
    b.s[i] = '\0';
    return b.s;
}

static const char *const samples[3] = {
    "Given that the number of refugees reaching safety has changed so much, could you explain how the "
    "organization decides whom to help first and how the costs are covered? ",
    "北朝鮮から逃れてきた人々が日本に着いたあと、住まいや仕事、日本語の勉強について、どのような支援が受けられるのでしょうか。",
    "탈북자들이 일본에 도착한 뒤에 주거와 일자리, 일본어 공부에 관해 어떤 지원을 받을 수 있는지 자세히 알고 싶습니다. ",
};

static void test_fit_sizes(void)
{
    static const int sizes[3][2] = {{800, 480}, {1280, 800}, {1920, 1080}};
    config_t cfg;
    config_defaults(&cfg);
    for (int z = 0; z < 3; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        deck_geom_t geo = deck_geom(&cfg, w, h);
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        for (int l = 0; l < 3; l++) {
            for (int len = 0; len < 2; len++) {
                char *q = len ? repeat(samples[l], 1000) : xstrdup(samples[l]);
                rect_t box = {40, 80, w - 80, h - 160};
                qa_fit_t f;
                qa_slide_fit(&g, q, box, geo.floor_px, geo.floor_px * 3, 0, &f);
                CHECK_MSG(f.px >= geo.floor_px, "%dx%d lang %d: %d px below the floor %d", w, h, l, f.px, geo.floor_px);
                for (int p = 0; p < f.npages; p++) {
                    qa_fit_t fp;
                    qa_slide_fit(&g, q, box, f.px, f.px, p, &fp);
                    CHECK(fp.nlines >= 1);
                    CHECK_MSG((fp.nlines - 1) * fp.line_h + fp.px <= box.h + fp.px / 2,
                              "%dx%d page %d: %d lines of %d px do not fit %d", w, h, p, fp.nlines, fp.line_h, box.h);
                }
                if (!len) /* a short question is larger than the floor and on one page */
                    CHECK(f.npages == 1 && f.px > geo.floor_px);
                /* the whole slide: nothing drawn outside, nothing below the floor */
                qa_view_t v = {.text = q, .index = 2, .count = 12, .speak_left_ms = -1};
                gfx_record_clear(rec);
                qa_slide_draw(&g, NULL, "en", NULL, &v, w, h, geo.floor_px, RGBA(255, 255, 255, 255),
                              RGBA(200, 200, 200, 255), RGBA(255, 200, 100, 255));
                CHECK(gfx_record_find_text(rec, "Question 3 of 12") != NULL);
                for (size_t i = 0; i < gfx_record_count(rec); i++) {
                    const rec_item_t *it = gfx_record_item(rec, i);
                    if (it->kind != REC_TEXT)
                        continue;
                    CHECK_MSG(it->font.px >= geo.floor_px, "text '%s' at %d px", it->text, it->font.px);
                    CHECK(it->r.x >= 0 && it->r.y >= 0 && it->r.x + it->r.w <= w && it->r.y + it->r.h <= h);
                }
                free(q);
            }
        }
        gfx_record_destroy(rec);
    }
    config_free(&cfg);
}

static void test_invitation(void)
{
    gfx_record_t *rec = gfx_record_create(1280, 800);
    gfx_t g = gfx_record_gfx(rec);
    qa_slide_draw(&g, NULL, "en", NULL, NULL, 1280, 800, 28, RGBA(255, 255, 255, 255), RGBA(200, 200, 200, 255),
                  RGBA(255, 200, 100, 255));
    CHECK(gfx_record_find_text(rec, "kiosk") != NULL);
    CHECK(gfx_record_find_text(rec, "Question ") == NULL);
    gfx_record_destroy(rec);
}

static bool overlap(rect_t a, rect_t b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Nothing approved, a url in event.ini: the QR code beside the invitation
 * (under it on a tall slide), the address under the code whole (its lines
 * put together give it back), never below the floor, nothing outside the
 * slide, no text over the code. */
static void test_invitation_qr(void)
{
    static const int sizes[4][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};
    static const char *const urls[2][2] = {
        {"http://www.northkoreanrefugees.com/", "www.northkoreanrefugees.com"},
        {"https://www.life-funds-for-north-korean-refugees.example.org/general-meeting/2012/questions",
         "www.life-funds-for-north-korean-refugees.example.org/general-meeting/2012/questions"},
    };
    config_t cfg;
    config_defaults(&cfg);
    for (int z = 0; z < 4; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        deck_geom_t geo = deck_geom(&cfg, w, h);
        for (int k = 0; k < 2; k++) {
            content_t c;
            memset(&c, 0, sizeof c);
            c.event.url = (char *)urls[k][0];
            gfx_record_t *rec = gfx_record_create(w, h);
            gfx_t g = gfx_record_gfx(rec);
            qa_view_t v = {.speak_left_ms = -1};
            qa_slide_draw(&g, &c, "en", NULL, &v, w, h, geo.floor_px, RGBA(255, 255, 255, 255),
                          RGBA(200, 200, 200, 255), RGBA(255, 200, 100, 255));
            CHECK_MSG(v.qr.w > 0 && v.qr.w == v.qr.h, "%dx%d: no QR code", w, h);
            CHECK(v.qr.x >= 0 && v.qr.y >= 0 && v.qr.x + v.qr.w <= w && v.qr.y + v.qr.h <= h);
            /* big enough to read from the hall: a fifth of the shorter side at least */
            CHECK_MSG(v.qr.w * 5 >= AGM_MIN(w, h), "%dx%d: QR code %d px", w, h, v.qr.w);
            if (h > w)
                CHECK_MSG(v.qr.y > h / 3, "%dx%d: the code is not under the text", w, h);
            else
                CHECK_MSG(v.qr.x > w / 2, "%dx%d: the code is not beside the text", w, h);
            CHECK(v.url_px >= geo.floor_px);
            strbuf_t joined = {0};
            int under = 0;
            for (size_t i = 0; i < gfx_record_count(rec); i++) {
                const rec_item_t *it = gfx_record_item(rec, i);
                if (it->kind != REC_TEXT)
                    continue;
                CHECK_MSG(it->r.x >= 0 && it->r.y >= 0 && it->r.x + it->r.w <= w && it->r.y + it->r.h <= h,
                          "%dx%d: '%s' outside the slide", w, h, it->text);
                CHECK_MSG(!overlap(it->r, v.qr), "%dx%d: '%s' over the QR code", w, h, it->text);
                CHECK(it->font.px >= geo.floor_px);
                if (it->r.y >= v.qr.y + v.qr.h && it->r.x >= v.qr.x - v.qr.w && it->font.px == v.url_px) {
                    sb_append(&joined, it->text);
                    under++;
                }
            }
            CHECK_MSG(joined.s && strcmp(joined.s, urls[k][1]) == 0, "%dx%d: the address under the code reads '%s'",
                      w, h, joined.s ? joined.s : "");
            CHECK(under == v.url_lines);
            if (k == 1 && h > w) /* too long for one line in portrait: broken at a dot or slash */
                CHECK(v.url_lines > 1);
            sb_free(&joined);
            gfx_record_destroy(rec);
        }
    }
    config_free(&cfg);
}

/* Breaks fall before a dot or hyphen or after a slash. */
static void test_url_breaks(void)
{
    gfx_record_t *rec = gfx_record_create(400, 400);
    gfx_t g = gfx_record_gfx(rec);
    const char *u = "www.northkoreanrefugees.com/meeting/2012";
    qa_url_t ul;
    font_t f = {20, FONT_REGULAR, false};
    int w = gfx_text_width(&g, &f, "www.northkoreanrefugees") + 2;
    qa_url_fit(&g, u, w, 20, 20, &ul);
    CHECK(ul.nlines >= 2);
    size_t total = 0;
    for (int i = 0; i < ul.nlines; i++) {
        CHECK(gfx_text_width_n(&g, &f, u + ul.start[i], ul.len[i]) <= w);
        if (i > 0)
            CHECK_MSG(u[ul.start[i]] == '.' || u[ul.start[i]] == '-' || u[ul.start[i] - 1] == '/',
                      "line %d starts at '%s'", i, u + ul.start[i]);
        total += ul.len[i];
    }
    CHECK(total == strlen(u));
    char shown[64];
    qa_url_shown("https://example.org/", shown, sizeof shown);
    CHECK_STR(shown, "example.org");
    gfx_record_destroy(rec);
}

int main(void)
{
    RUN(test_invitation_qr);
    RUN(test_url_breaks);
    RUN(test_fit_sizes);
    RUN(test_invitation);
    return test_summary();
}
