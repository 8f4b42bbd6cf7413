/* Replay scripts: parsing and the messages for bad lines
 * (src/platform/replay_script.c). Running them is covered end to end by
 * tests/e2e/replay.sh. */
#include "test.h"
#include "core/diag.h"
#include "platform/replay.h"
#include "ui/input.h"

#include <string.h>

static bool parse(const char *text, replay_script_t *s, diag_list_t *d)
{
    return replay_parse(text, strlen(text), "visit.replay", s, d);
}

static void test_every_command(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    CHECK(parse("# a comment\n"
                "size 800x480\n"
                "\n"
                "tap 10 20\n"
                "   press 30 40 800   \n"
                "drag 1 2 3 4 250\n"
                "fling 5 6 7 8 90\r\n"
                "key pagedown\n"
                "key A\n"
                "text Hello 日本語 한국어\n"
                "wait 90000\n"
                "screenshot out/home.png\n"
                "expect-screen home\n"
                "show report\n"
                "size 720 1280\n",
                &s, &d));
    CHECK_INT(d.n, 0);
    CHECK_INT(s.n, 13);
    CHECK_INT(s.cmds[0].op, REPLAY_SIZE);
    CHECK_INT(s.cmds[0].v[0], 800);
    CHECK_INT(s.cmds[0].v[1], 480);
    CHECK_INT(s.cmds[0].line, 2);
    CHECK_INT(s.cmds[1].op, REPLAY_TAP);
    CHECK_INT(s.cmds[1].v[1], 20);
    CHECK_INT(s.cmds[1].line, 4);
    CHECK_INT(s.cmds[2].op, REPLAY_PRESS);
    CHECK_INT(s.cmds[2].v[2], 800);
    CHECK_INT(s.cmds[3].op, REPLAY_DRAG);
    CHECK_INT(s.cmds[3].v[4], 250);
    CHECK_INT(s.cmds[4].op, REPLAY_FLING);
    CHECK_INT(s.cmds[4].v[4], 90);
    CHECK_INT(s.cmds[5].key, UI_KEY_PAGEDOWN);
    CHECK_INT(s.cmds[6].key, 'a');
    CHECK_INT(s.cmds[6].mods, UI_MOD_SHIFT);
    CHECK_STR(s.cmds[7].str, "Hello 日本語 한국어");
    CHECK_INT(s.cmds[8].v[0], 90000);
    CHECK_STR(s.cmds[9].str, "out/home.png");
    CHECK_INT(s.cmds[10].op, REPLAY_EXPECT_SCREEN);
    CHECK_STR(s.cmds[10].str, "home");
    CHECK_INT(s.cmds[11].op, REPLAY_SHOW);
    CHECK_INT(s.cmds[12].v[0], 720);
    CHECK_INT(s.cmds[12].v[1], 1280);
    replay_free(&s);
    diag_free(&d);
}

static void test_bad_lines_named_with_line_numbers(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    CHECK(!parse("tap 1\n"           /* 1: too few */
                 "tap 1 2 3\n"       /* 2: too many */
                 "tap x 2\n"         /* 3: not a number */
                 "jump 1 2\n"        /* 4: unknown command */
                 "key hyper\n"       /* 5: unknown key */
                 "wait -1\n"         /* 6: negative */
                 "size 4x4\n"        /* 7: too small */
                 "drag 1 2 3 4 0\n"  /* 8: zero time */
                 "screenshot\n"      /* 9: missing argument */
                 "text \xff\xfe\n"   /* 10: bad UTF-8 */
                 "tap 5 6\n",        /* 11: fine */
                 &s, &d));
    CHECK_INT(d.n, 10);
    for (size_t i = 0; i < d.n; i++) {
        CHECK_STR(d.v[i].file, "visit.replay");
        CHECK_INT(d.v[i].line, (int)i + 1);
        CHECK_INT(d.v[i].severity, DIAG_ERROR);
    }
    CHECK_CONTAINS(d.v[0].msg, "needs 2 numbers");
    CHECK_CONTAINS(d.v[1].msg, "too many");
    CHECK_CONTAINS(d.v[2].msg, "not a whole number");
    CHECK_CONTAINS(d.v[3].msg, "unknown command 'jump'");
    CHECK_CONTAINS(d.v[4].msg, "unknown key 'hyper'");
    CHECK_CONTAINS(d.v[5].msg, "negative");
    CHECK_CONTAINS(d.v[6].msg, "4x4");
    CHECK_CONTAINS(d.v[7].msg, "1 to 60000 ms");
    CHECK_CONTAINS(d.v[8].msg, "needs an argument");
    CHECK_CONTAINS(d.v[9].msg, "UTF-8");
    CHECK_INT(s.n, 1);  /* the good line is kept, but the script does not run */
    replay_free(&s);
    diag_free(&d);
}

static void test_wheel_lines(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    CHECK(parse("wheel 400 300 3\n"
                "wheel 10 20 -1\n"
                "  wheel\t0 0 0.25  \n"
                "wheel 5 6 -0.5\n"
                "wheel 5 6 +2.05\n"
                "wheel 5 6 100\n",
                &s, &d));
    CHECK_INT(d.n, 0);
    CHECK_INT(s.n, 6);
    CHECK_INT(s.cmds[0].op, REPLAY_WHEEL);
    CHECK_INT(s.cmds[0].v[0], 400);
    CHECK_INT(s.cmds[0].v[1], 300);
    CHECK_INT(s.cmds[0].v[2], 3 * UI_WHEEL_NOTCH);
    CHECK_INT(s.cmds[1].v[1], 20);
    CHECK_INT(s.cmds[1].v[2], -UI_WHEEL_NOTCH);
    CHECK_INT(s.cmds[2].line, 3);
    CHECK_INT(s.cmds[2].v[2], 25);
    CHECK_INT(s.cmds[3].v[2], -50);
    CHECK_INT(s.cmds[4].v[2], 205);
    CHECK_INT(s.cmds[5].v[2], 100 * UI_WHEEL_NOTCH);
    replay_free(&s);
    CHECK(!parse("wheel 400 300\n"         /* 1: too few */
                 "wheel 400 300 1 2\n"     /* 2: too many */
                 "wheel 400 300 down\n"    /* 3: not a number */
                 "wheel 400 300 0\n"       /* 4: no turn */
                 "wheel 400 300 0.125\n"   /* 5: finer than a hundredth */
                 "wheel 400 300 101\n"     /* 6: too far */
                 "wheel x 300 1\n"         /* 7: bad position */
                 "wheel 400 300 1.\n"      /* 8: no decimals after the point */
                 "wheel 400 300 3\n",      /* 9: fine */
                 &s, &d));
    CHECK_INT(d.n, 8);
    for (size_t i = 0; i < d.n; i++) {
        CHECK_STR(d.v[i].file, "visit.replay");
        CHECK_INT(d.v[i].line, (int)i + 1);
        CHECK_INT(d.v[i].severity, DIAG_ERROR);
        CHECK_CONTAINS(d.v[i].msg, "wheel");
    }
    CHECK_CONTAINS(d.v[0].msg, "needs 3 numbers (wheel X Y NOTCHES)");
    CHECK_CONTAINS(d.v[1].msg, "too many");
    CHECK_CONTAINS(d.v[2].msg, "'down' is not a number of notches");
    CHECK_CONTAINS(d.v[3].msg, "0.01 to 100 notches");
    CHECK_CONTAINS(d.v[4].msg, "'0.125' is not a number of notches");
    CHECK_CONTAINS(d.v[5].msg, "0.01 to 100 notches");
    CHECK_CONTAINS(d.v[6].msg, "'x 300 1' is not a whole number");
    CHECK_CONTAINS(d.v[7].msg, "'1.' is not a number of notches");
    CHECK_INT(s.n, 1);
    replay_free(&s);
    diag_free(&d);
    /* The list of commands in the message names it. */
    d = (diag_list_t){0};
    CHECK(!parse("scroll 1 2 3\n", &s, &d));
    CHECK_CONTAINS(d.v[0].msg, "wheel");
    replay_free(&s);
    diag_free(&d);
}

static void test_bom_and_empty_script(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    CHECK(parse("\xEF\xBB\xBFtap 1 2\n", &s, &d));
    CHECK_INT(s.n, 1);
    replay_free(&s);
    CHECK(parse("", &s, &d));
    CHECK_INT(s.n, 0);
    replay_free(&s);
    CHECK(parse("# only\n   # comments\n\n", &s, &d));
    CHECK_INT(s.n, 0);
    replay_free(&s);
    replay_free(NULL);
    CHECK_INT(d.n, 0);
    diag_free(&d);
}

static void test_key_names(void)
{
    int key, mods;
    CHECK(replay_key_name("escape", &key, &mods));
    CHECK_INT(key, UI_KEY_ESCAPE);
    CHECK(replay_key_name("backspace", &key, &mods));
    CHECK_INT(key, UI_KEY_BACKSPACE);
    CHECK(replay_key_name("7", &key, &mods));
    CHECK_INT(key, '7');
    CHECK_INT(mods, 0);
    CHECK(replay_key_name("Z", &key, &mods));
    CHECK_INT(key, 'z');
    CHECK_INT(mods, UI_MOD_SHIFT);
    CHECK(!replay_key_name("Left", &key, &mods));
    CHECK(!replay_key_name("ab", &key, &mods));
    CHECK(!replay_key_name("", &key, &mods));
}

/* A drag or fling of a huge duration overflowed the move arithmetic. */
static void test_drag_duration_bounded(void)
{
    replay_script_t s;
    diag_list_t d = {0};
    CHECK(!parse("drag 0 0 800 480 60000\n"
                 "drag 0 0 800 480 100000000\n"
                 "fling 0 0 800 480 60001\n",
                 &s, &d));
    CHECK_INT(d.n, 2);
    CHECK_INT(d.v[0].line, 2);
    CHECK_CONTAINS(d.v[0].msg, "drag: the time must be 1 to 60000 ms");
    CHECK_INT(d.v[1].line, 3);
    CHECK_CONTAINS(d.v[1].msg, "fling: the time must be 1 to 60000 ms");
    replay_free(&s);
    diag_free(&d);
}

int main(void)
{
    RUN(test_every_command);
    RUN(test_bad_lines_named_with_line_numbers);
    RUN(test_drag_duration_bounded);
    RUN(test_wheel_lines);
    RUN(test_bom_and_empty_script);
    RUN(test_key_names);
    return test_summary();
}
