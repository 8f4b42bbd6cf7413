/* Replay scripts may tap a control by its id ("tap kb.a"), which is how the
 * forms end-to-end test types on the on-screen keyboard. */
#include "test.h"

#include "platform/replay.h"

static void test_tap_by_id(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    const char *text = "tap ask.text\ntap kb.@\ntap kb..com\ntap 10 20\ntap kb.\xff\ntap kb.ㄱ\ntap kb.が\n";
    CHECK(!replay_parse(text, strlen(text), "f.replay", &s, &d));
    CHECK_INT(s.n, 6);
    CHECK_INT(s.cmds[0].op, REPLAY_TAP_ID);
    CHECK_STR(s.cmds[0].str, "ask.text");
    CHECK_INT(s.cmds[1].op, REPLAY_TAP_ID);
    CHECK_STR(s.cmds[1].str, "kb.@");
    CHECK_STR(s.cmds[2].str, "kb..com");
    CHECK_INT(s.cmds[3].op, REPLAY_TAP);
    CHECK_INT(s.cmds[3].v[0], 10);
    CHECK_INT(s.cmds[3].v[1], 20);
    /* Hangul and kana keys by their letters. */
    CHECK_INT(s.cmds[4].op, REPLAY_TAP_ID);
    CHECK_STR(s.cmds[4].str, "kb.ㄱ");
    CHECK_STR(s.cmds[5].str, "kb.が");
    /* The bad id is named with its line. */
    CHECK_INT(d.n, 1);
    CHECK_INT(d.v[0].line, 5);
    CHECK_CONTAINS(d.v[0].msg, "UTF-8");
    replay_free(&s);
    diag_free(&d);
}

static void test_tap_two_words_is_still_numbers(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    const char *text = "tap x 2\n";
    CHECK(!replay_parse(text, strlen(text), "f.replay", &s, &d));
    CHECK_INT(d.n, 1);
    CHECK_CONTAINS(d.v[0].msg, "not a whole number");
    replay_free(&s);
    diag_free(&d);
}

int main(void)
{
    RUN(test_tap_by_id);
    RUN(test_tap_two_words_is_still_numbers);
    return test_summary();
}
