/* Font fallback runs (src/ui/textrun.c) with fake fonts:
 *   font 0 "latin": ASCII, Latin-1, combining diacritics
 *   font 1 "cjk":   ASCII space, kana, CJK ideographs, ideographic space
 *   font 2 "hangul": Hangul syllables and space */
#include "test.h"
#include "ui/textrun.h"

#include <stdio.h>
#include <string.h>

static int g_calls;

static bool fake_has_glyph(void *user, int font, uint32_t cp)
{
    g_calls++;
    (void)user;
    switch (font) {
    case 0: return cp < 0x250 || (cp >= 0x300 && cp <= 0x36F);
    case 1: return cp == ' ' || cp == 0x3000 || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF);
    case 2: return cp == ' ' || (cp >= 0xAC00 && cp <= 0xD7AF);
    default: return false;
    }
}

/* Runs as "font:text|font:text|..." for compact comparisons. */
static const char *runs_of(const char *s, int nfonts)
{
    static char buf[512];
    textrun_iter_t it;
    textrun_t r;
    size_t used = 0, covered = 0;
    buf[0] = '\0';
    textrun_begin(&it, s, strlen(s), nfonts, fake_has_glyph, NULL);
    while (textrun_next(&it, &r)) {
        if (r.off != covered || r.len == 0)
            return "(gap or empty run)";
        covered = r.off + r.len;
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%d:%.*s", used ? "|" : "",
                                 r.font, (int)r.len, s + r.off);
    }
    if (covered != strlen(s))
        return "(not covered)";
    return buf;
}

static void test_latin_is_one_run(void)
{
    CHECK_STR(runs_of("Annual report 2012", 3), "0:Annual report 2012");
}

static void test_empty_string_has_no_runs(void)
{
    textrun_iter_t it;
    textrun_t r;
    textrun_begin(&it, "", 0, 3, fake_has_glyph, NULL);
    CHECK(!textrun_next(&it, &r));
    textrun_begin(&it, NULL, 5, 3, fake_has_glyph, NULL);
    CHECK(!textrun_next(&it, &r));
}

static void test_japanese_and_latin_split(void)
{
    CHECK_STR(runs_of("2012年 活動報告", 3), "0:2012|1:年 活動報告");
    CHECK_STR(runs_of("日本語とEnglish", 3), "1:日本語と|0:English");
}

static void test_korean_goes_to_third_font(void)
{
    CHECK_STR(runs_of("탈북자 지원 NGO", 3), "2:탈북자 지원 |0:NGO");
    CHECK_STR(runs_of("A한B", 3), "0:A|2:한|0:B");
}

static void test_space_stays_with_current_run(void)
{
    /* A space after Latin stays Latin; after CJK stays CJK. */
    CHECK_STR(runs_of("ab 日本 cd", 3), "0:ab |1:日本 |0:cd");
    /* The ideographic space is only in the CJK font: it starts a CJK run
     * after Latin, and joins a CJK run. */
    CHECK_STR(runs_of("a\u3000b", 3), "0:a|1:\u3000|0:b");
}

static void test_combining_mark_stays_with_base(void)
{
    /* e + U+0301: font 0 has both: one run. */
    CHECK_STR(runs_of("Cafe\xCC\x81", 3), "0:Cafe\xCC\x81");
    /* After a CJK letter the mark is not in font 1: it goes to font 0
     * (the first font that has it), as a separate run. */
    CHECK_STR(runs_of("日\xCC\x81", 3), "1:日|0:\xCC\x81");
}

static void test_missing_glyph_goes_to_font_zero(void)
{
    /* U+1F600 is in no font: font 0 draws its missing-glyph box. */
    CHECK_STR(runs_of("日\xF0\x9F\x98\x80日", 3), "1:日|0:\xF0\x9F\x98\x80|1:日");
}

static void test_malformed_bytes_are_covered(void)
{
    /* 0xFF decodes as U+FFFD (in no fake font) -> font 0, merged with Latin. */
    CHECK_STR(runs_of("a\xFF" "b", 3), "0:a\xFF" "b");
    /* A truncated sequence at the end is covered too. */
    CHECK_STR(runs_of("日\xE6\x97", 3), "1:日|0:\xE6\x97");
}

static void test_single_font_chain(void)
{
    /* With only font 0 everything is one run, even text it cannot draw. */
    CHECK_STR(runs_of("ab日本한", 1), "0:ab日本한");
    /* No callback at all: one run in font 0. */
    textrun_iter_t it;
    textrun_t r;
    textrun_begin(&it, "日本", 6, 0, NULL, NULL);
    CHECK(textrun_next(&it, &r));
    CHECK_INT(r.font, 0);
    CHECK_INT(r.len, 6);
    CHECK(!textrun_next(&it, &r));
}

static void test_font_order_decides(void)
{
    /* Both fonts 1 and 2 have ' ': a leading space goes to the first font
     * that has it (font 0), and the Hangul after it starts a new run. */
    CHECK_STR(runs_of(" 한", 3), "0: |2:한");
    CHECK_INT(textrun_font_for(&(textrun_iter_t){.nfonts = 3, .has_glyph = fake_has_glyph}, 0x4E00), 1);
    CHECK_INT(textrun_font_for(&(textrun_iter_t){.nfonts = 3, .has_glyph = fake_has_glyph}, 0xAC00), 2);
    CHECK_INT(textrun_font_for(&(textrun_iter_t){.nfonts = 3, .has_glyph = fake_has_glyph}, 0x1F600), 0);
}

static void test_sticky_classes(void)
{
    CHECK(textrun_is_sticky(' '));
    CHECK(textrun_is_sticky(0x0301));
    CHECK(textrun_is_sticky(0xFE0F));
    CHECK(textrun_is_sticky(0x200D));
    CHECK(!textrun_is_sticky('a'));
    CHECK(!textrun_is_sticky(0x65E5));
}

int main(void)
{
    RUN(test_latin_is_one_run);
    RUN(test_empty_string_has_no_runs);
    RUN(test_japanese_and_latin_split);
    RUN(test_korean_goes_to_third_font);
    RUN(test_space_stays_with_current_run);
    RUN(test_combining_mark_stays_with_base);
    RUN(test_missing_glyph_goes_to_font_zero);
    RUN(test_malformed_bytes_are_covered);
    RUN(test_single_font_chain);
    RUN(test_font_order_decides);
    RUN(test_sticky_classes);
    (void)g_calls;
    return test_summary();
}
