/* The text field model: limits, filtering, cursor, wiping. */
#include "test.h"

#include "forms/textfield.h"

static void test_insert_and_cursor(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 20, false);
    CHECK(textfield_empty(&f));
    CHECK_STR(textfield_text(&f), "");
    CHECK_INT(textfield_insert(&f, "helo", (size_t)-1), 0);
    CHECK_INT(f.cursor, 4);
    CHECK(textfield_left(&f));
    CHECK(textfield_left(&f));
    CHECK_INT(textfield_insert(&f, "l", 1), 0);
    CHECK_STR(textfield_text(&f), "hello");
    CHECK_INT(f.cursor, 3);
    CHECK(textfield_home(&f));
    CHECK(!textfield_left(&f));
    CHECK(!textfield_backspace(&f));
    CHECK(textfield_delete(&f));
    CHECK_STR(textfield_text(&f), "ello");
    CHECK(textfield_end(&f));
    CHECK_INT(f.cursor, 4);
    CHECK(!textfield_right(&f));
    CHECK(!textfield_delete(&f));
    CHECK(textfield_backspace(&f));
    CHECK_STR(textfield_text(&f), "ell");
    textfield_set_cursor(&f, 99);
    CHECK_INT(f.cursor, 3);
    textfield_free(&f);
    CHECK(f.buf == NULL);
    textfield_free(&f); /* twice is fine */
}

static void test_max_length_stops_input(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 5, false);
    CHECK_INT(textfield_insert(&f, "abc", (size_t)-1), 0);
    int r = textfield_insert(&f, "defgh", (size_t)-1);
    CHECK(r & TF_INS_FULL);
    CHECK(f.hit_limit);
    CHECK_STR(textfield_text(&f), "abcde");
    CHECK_INT(textfield_count(&f), 5);
    /* One more key does nothing. */
    CHECK(textfield_insert(&f, "x", 1) & TF_INS_FULL);
    CHECK_STR(textfield_text(&f), "abcde");
    /* Deleting makes room again and clears the flag. */
    CHECK(textfield_backspace(&f));
    CHECK(!f.hit_limit);
    CHECK_INT(textfield_insert(&f, "z", 1), 0);
    CHECK_STR(textfield_text(&f), "abcdz");
    textfield_free(&f);
}

static void test_max_length_counts_code_points(void)
{
    /* 1000 CJK characters are 3000 bytes: the limit is in characters. */
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 1000, true);
    for (int i = 0; i < 999; i++)
        CHECK_INT(textfield_insert(&f, "質", (size_t)-1), 0);
    CHECK_INT(textfield_insert(&f, "問", (size_t)-1), 0);
    CHECK_INT(textfield_count(&f), 1000);
    CHECK_INT(f.len, 3000);
    CHECK(textfield_insert(&f, "a", 1) & TF_INS_FULL);
    CHECK_INT(textfield_count(&f), 1000);
    textfield_free(&f);
}

static void test_invalid_utf8_rejected(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 50, true);
    CHECK_INT(textfield_insert(&f, "ok", 2), 0);
    static const char *bad[] = {
        "\xff", "a\xc3", "\xc0\xaf", /* overlong '/' */
        "\xed\xa0\x80",              /* surrogate */
        "\xf4\x90\x80\x80",          /* above U+10FFFF */
        "x\x80y",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(textfield_insert(&f, bad[i], (size_t)-1), TF_INS_INVALID);
    CHECK_STR(textfield_text(&f), "ok");
    CHECK_INT(textfield_count(&f), 2);
    textfield_free(&f);
}

static void test_controls_dropped(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 50, false);
    int r = textfield_insert(&f, "a\x01" "b\x1b[31mc\x7f" "d\xc2\x85" "e\xe2\x80\xae" "f\n\tg", (size_t)-1);
    CHECK(r & TF_INS_FILTERED);
    CHECK(!(r & TF_INS_INVALID));
    CHECK_STR(textfield_text(&f), "ab[31mcdefg");
    textfield_free(&f);

    /* Multi-line: newlines stay (CR LF and CR become LF), TAB becomes a space. */
    textfield_init(&f, TF_KIND_TEXT, 50, true);
    CHECK_INT(textfield_insert(&f, "1\r\n2\r3\n4\t5", (size_t)-1), 0);
    CHECK_STR(textfield_text(&f), "1\n2\n3\n4 5");
    textfield_free(&f);
}

static void test_kinds(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_EMAIL, 100, false);
    CHECK(textfield_insert(&f, "ann lee@ex ample.org", (size_t)-1) & TF_INS_FILTERED);
    CHECK_STR(textfield_text(&f), "annlee@example.org");
    textfield_free(&f);

    textfield_init(&f, TF_KIND_PHONE, 30, false);
    CHECK(textfield_insert(&f, "+82 (2) 555-0100 ext.9a", (size_t)-1) & TF_INS_FILTERED);
    CHECK_STR(textfield_text(&f), "+82 (2) 555-0100 .9");
    textfield_free(&f);

    CHECK(textfield_accepts(TF_KIND_TEXT, false, 0xD55C)); /* Hangul */
    CHECK(!textfield_accepts(TF_KIND_TEXT, false, '\n'));
    CHECK(textfield_accepts(TF_KIND_TEXT, true, '\n'));
    CHECK(!textfield_accepts(TF_KIND_EMAIL, false, 0x3000));
    CHECK(!textfield_accepts(TF_KIND_PHONE, false, 'a'));
}

static void test_cjk_cursor(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, false);
    CHECK_INT(textfield_insert(&f, "日本語", (size_t)-1), 0);
    CHECK_INT(textfield_count(&f), 3);
    CHECK_INT(f.cursor, 3);
    CHECK_INT(textfield_cursor_byte(&f), 9);
    CHECK(textfield_left(&f));
    CHECK_INT(textfield_cursor_byte(&f), 6);
    CHECK_INT(textfield_insert(&f, "한", (size_t)-1), 0);
    CHECK_STR(textfield_text(&f), "日本한語");
    CHECK(textfield_backspace(&f));
    CHECK(textfield_backspace(&f));
    CHECK_STR(textfield_text(&f), "日語");
    CHECK_INT(f.cursor, 1);
    CHECK_INT(textfield_byte_of(&f, 1), 3);
    /* An emoji outside the BMP is one code point of four bytes. */
    CHECK_INT(textfield_insert(&f, "\xf0\x9f\x98\x80", 4), 0);
    CHECK_INT(textfield_count(&f), 3);
    CHECK(textfield_backspace(&f));
    CHECK_STR(textfield_text(&f), "日語");
    textfield_free(&f);
}

static void test_lines(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, true);
    textfield_insert(&f, "abcdef\nxy\nlonger line", (size_t)-1);
    CHECK_INT(f.cursor, 21);
    CHECK(textfield_home(&f));
    CHECK_INT(f.cursor, 10);
    textfield_set_cursor(&f, 15);       /* column 5 of line 3 */
    CHECK(textfield_up(&f));
    CHECK_INT(f.cursor, 9);             /* clamped to the end of "xy" */
    CHECK(textfield_up(&f));
    CHECK_INT(f.cursor, 2);             /* column 2 of line 1 */
    CHECK(!textfield_up(&f));
    CHECK(textfield_down(&f));
    CHECK_INT(f.cursor, 9);
    CHECK(textfield_down(&f));
    CHECK_INT(f.cursor, 12);
    CHECK(!textfield_down(&f));
    CHECK(textfield_end(&f));
    CHECK_INT(f.cursor, 21);
    textfield_free(&f);
}

static void test_clear_wipes(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 40, true);
    textfield_insert(&f, "secret address 12", (size_t)-1);
    char *buf = f.buf;
    textfield_clear(&f);
    CHECK(f.buf == buf);
    CHECK_INT(f.len, 0);
    CHECK_INT(f.count, 0);
    CHECK_INT(f.cursor, 0);
    for (size_t i = 0; i < 40 * 4 + 1; i++)
        CHECK_MSG(buf[i] == 0, "byte %zu not wiped", i);
    /* Deleting also leaves no stale tail bytes. */
    textfield_insert(&f, "abcdef", (size_t)-1);
    textfield_set_cursor(&f, 3);
    CHECK(textfield_backspace(&f));
    CHECK(textfield_backspace(&f));
    CHECK_STR(textfield_text(&f), "adef");
    for (size_t i = f.len; i < 40 * 4 + 1; i++)
        CHECK_MSG(buf[i] == 0, "byte %zu not wiped", i);
    CHECK(textfield_has_content(&f));
    textfield_clear(&f);
    textfield_insert(&f, "  \n ", (size_t)-1);
    CHECK(!textfield_empty(&f));
    CHECK(!textfield_has_content(&f));
    textfield_free(&f);
}

/* What is being composed (a Hangul syllable) is replaced as a whole, all
 * or nothing, and any other edit or cursor move ends it. */
static void test_compose(void)
{
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 4, false);
    textfield_insert(&f, "a", 1);
    CHECK_INT(textfield_compose(&f, "", "ㅎ"), 0);
    CHECK_STR(textfield_text(&f), "aㅎ");
    CHECK_INT(f.compose, 1);
    CHECK_INT(textfield_compose(&f, "", "하"), 0);
    CHECK_STR(textfield_text(&f), "a하");
    CHECK_INT(textfield_compose(&f, "하", "나"), 0);
    CHECK_STR(textfield_text(&f), "a하나");
    CHECK_INT(f.compose, 1);
    CHECK_INT(f.cursor, 3);
    /* Would not fit: nothing changes, the mark stays. */
    CHECK_INT(textfield_compose(&f, "난", "다"), 0);
    CHECK_STR(textfield_text(&f), "a하난다");
    CHECK(textfield_compose(&f, "다", "ㄹx") & TF_INS_FULL);
    CHECK(f.hit_limit);
    CHECK_STR(textfield_text(&f), "a하난다");
    CHECK_INT(f.compose, 1);
    /* Malformed or refused text: nothing changes either. */
    CHECK_INT(textfield_compose(&f, "\xff", ""), TF_INS_INVALID);
    CHECK_INT(textfield_compose(&f, "", "\x01"), TF_INS_FILTERED);
    CHECK_STR(textfield_text(&f), "a하난다");
    /* Emptying the composition removes it and the mark. */
    CHECK_INT(textfield_compose(&f, "", ""), 0);
    CHECK_STR(textfield_text(&f), "a하난");
    CHECK_INT(f.compose, 0);
    /* Edits and moves end it; the text stays. */
    textfield_compose(&f, "", "ㄱ");
    CHECK_INT(f.compose, 1);
    textfield_left(&f);
    CHECK_INT(f.compose, 0);
    textfield_end(&f);
    textfield_compose(&f, "", "가");
    textfield_backspace(&f);
    CHECK_INT(f.compose, 0);
    CHECK_STR(textfield_text(&f), "a하난");
    textfield_compose(&f, "", "가");
    textfield_set_cursor(&f, 4);
    CHECK_INT(f.compose, 0);
    CHECK_INT(textfield_compose(&f, "", ""), 0);   /* nothing marked: 가 stays */
    CHECK_STR(textfield_text(&f), "a하난가");
    textfield_clear(&f);
    CHECK_INT(f.compose, 0);
    CHECK_INT(textfield_compose(&f, "", "가"), 0);
    textfield_end_compose(&f);
    CHECK_INT(f.compose, 0);
    CHECK_STR(textfield_text(&f), "가");
    textfield_free(&f);
}

int main(void)
{
    RUN(test_insert_and_cursor);
    RUN(test_max_length_stops_input);
    RUN(test_max_length_counts_code_points);
    RUN(test_invalid_utf8_rejected);
    RUN(test_controls_dropped);
    RUN(test_kinds);
    RUN(test_cjk_cursor);
    RUN(test_lines);
    RUN(test_clear_wipes);
    RUN(test_compose);
    return test_summary();
}
