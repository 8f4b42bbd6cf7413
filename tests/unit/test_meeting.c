/* The general meeting's arithmetic (core/meeting.h): the quorum (shares,
 * at least / more than, which kinds count, zero members and zero
 * attendance) and each majority rule at its edges (ties, two thirds just
 * reached or just missed, abstentions, nobody voting, no quorum), the
 * parsers of the content's rules, and the name search (case, spaces,
 * katakana, a Hangul syllable still being composed). */
#include "test.h"
#include "core/meeting.h"

static meet_attendance_t att(int64_t p, int64_t w, int64_t x, int64_t g)
{
    meet_attendance_t a = {{p, w, x, g}};
    return a;
}

static void test_quorum_needed(void)
{
    meet_quorum_t q;
    meet_quorum_default(&q);
    CHECK_INT(meet_quorum_needed(&q, 80), 40);   /* at least half of 80 */
    CHECK_INT(meet_quorum_needed(&q, 81), 41);   /* 40.5 rounds up */
    CHECK_INT(meet_quorum_needed(&q, 1), 1);
    CHECK_INT(meet_quorum_needed(&q, 0), 1);     /* nobody is never a quorum */
    q.more_than = true;
    CHECK_INT(meet_quorum_needed(&q, 80), 41);   /* more than half */
    CHECK_INT(meet_quorum_needed(&q, 81), 41);
    q.more_than = false;
    q.num = 2;
    q.den = 3;
    CHECK_INT(meet_quorum_needed(&q, 9), 6);
    CHECK_INT(meet_quorum_needed(&q, 10), 7);    /* 6.67 rounds up */
    q.members = 30;                              /* event.ini's number wins */
    CHECK_INT(meet_quorum_needed(&q, 9), 20);
}

static void test_quorum_counts(void)
{
    meet_quorum_t q;
    meet_quorum_default(&q);
    meet_attendance_t a = att(30, 6, 4, 50);     /* guests never count */
    CHECK_INT(meet_attending(&q, &a), 40);
    CHECK(meet_quorum_met(&q, &a, 80));
    CHECK(!meet_quorum_met(&q, &a, 81));
    q.counts = MEET_BIT(MEET_PRESENT);           /* in person only */
    CHECK_INT(meet_attending(&q, &a), 30);
    CHECK(!meet_quorum_met(&q, &a, 80));
    meet_attendance_t none = att(0, 0, 0, 0);
    meet_quorum_default(&q);
    CHECK(!meet_quorum_met(&q, &none, 80));
    CHECK(!meet_quorum_met(&q, &none, 0));       /* zero members, zero attending */
}

static void test_simple_majority(void)
{
    meet_result_t r;
    meet_decide(MEET_SIMPLE, 10, 9, 30, 49, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);           /* abstentions do not count */
    meet_decide(MEET_SIMPLE, 10, 10, 0, 20, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* a tie does not pass */
    CHECK_INT(r.needed, 11);
    meet_decide(MEET_SIMPLE, 0, 0, 5, 5, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* nobody for */
    meet_decide(MEET_SIMPLE, 10, 1, 0, 11, false, &r);
    CHECK_INT(r.outcome, MEET_NO_QUORUM);        /* no quorum, no decision */
}

static void test_attending_majority(void)
{
    meet_result_t r;
    /* more than half of those attending: abstentions count against */
    meet_decide(MEET_ATTENDING, 20, 5, 15, 40, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* 20 of 40 is half, not more */
    CHECK_INT(r.needed, 21);
    meet_decide(MEET_ATTENDING, 21, 5, 14, 40, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);
    meet_decide(MEET_ATTENDING, 0, 0, 0, 0, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* zero attendance */
    CHECK(!r.over);
    meet_decide(MEET_ATTENDING, 30, 20, 0, 45, true, &r);
    CHECK(r.over);                               /* more votes than attending */
}

static void test_two_thirds(void)
{
    meet_result_t r;
    meet_decide(MEET_TWO_THIRDS, 20, 10, 7, 37, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);           /* exactly two thirds of 30 */
    CHECK_INT(r.needed, 20);
    meet_decide(MEET_TWO_THIRDS, 19, 10, 0, 29, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* 19 of 29 is 65.5 % */
    CHECK_INT(r.needed, 20);                     /* 19.33 rounds up */
    meet_decide(MEET_TWO_THIRDS, 2, 1, 0, 3, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);
    meet_decide(MEET_TWO_THIRDS, 0, 0, 4, 4, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* 0 >= 0 is not a decision */
    meet_decide(MEET_TWO_THIRDS_ATTENDING, 20, 0, 10, 31, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);         /* 20 of 31 attending */
    CHECK_INT(r.needed, 21);
    meet_decide(MEET_TWO_THIRDS_ATTENDING, 21, 0, 10, 31, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);
}

static void test_unanimous(void)
{
    meet_result_t r;
    meet_decide(MEET_UNANIMOUS, 12, 0, 3, 15, true, &r);
    CHECK_INT(r.outcome, MEET_PASSED);
    meet_decide(MEET_UNANIMOUS, 12, 1, 0, 13, true, &r);
    CHECK_INT(r.outcome, MEET_REJECTED);
}

static void test_parsers(void)
{
    int n = 0, d = 0;
    CHECK(meet_share_parse("1/2", &n, &d) && n == 1 && d == 2);
    CHECK(meet_share_parse("two_thirds", &n, &d) && n == 2 && d == 3);
    CHECK(!meet_share_parse("3/2", &n, &d));     /* more than all */
    CHECK(!meet_share_parse("0/2", &n, &d));
    CHECK(!meet_share_parse("50%", &n, &d));
    CHECK(!meet_share_parse("1/", &n, &d));
    unsigned c = 0;
    CHECK(meet_counts_parse("present, written proxy", &c) && c == MEET_COUNTS_ALL);
    CHECK(meet_counts_parse("present", &c) && c == MEET_BIT(MEET_PRESENT));
    CHECK(!meet_counts_parse("present, guest", &c));
    CHECK(!meet_counts_parse(" , ", &c));
    meet_majority_t m;
    CHECK(meet_majority_parse("two_thirds_attending", &m) && m == MEET_TWO_THIRDS_ATTENDING);
    CHECK(!meet_majority_parse("most", &m));
    CHECK_STR(meet_majority_name(MEET_ATTENDING), "attending");
    CHECK_STR(meet_outcome_name(MEET_NO_QUORUM), "no_quorum");
}

static void test_name_search(void)
{
    CHECK(meet_name_matches("Anna Becker", ""));
    CHECK(meet_name_matches("Anna Becker", "becker"));
    CHECK(meet_name_matches("Anna Becker", "annabe"));       /* spaces ignored */
    CHECK(meet_name_matches("Anna Becker", "ＢＥＣ"));          /* full-width Latin */
    CHECK(!meet_name_matches("Anna Becker", "bek"));
    CHECK(meet_name_matches("たなか はなこ", "タナカ"));        /* katakana finds hiragana */
    CHECK(meet_name_matches("タナカ ハナコ", "はなこ"));
    CHECK(meet_name_matches("김민수", "김"));
    CHECK(meet_name_matches("김민수", "ㄱ"));                  /* an initial being typed */
    CHECK(meet_name_matches("김민수", "기"));                  /* a syllable being composed */
    CHECK(meet_name_matches("김민수", "김미"));
    CHECK(!meet_name_matches("김민수", "미김"));
    CHECK(!meet_name_matches("박지영", "김"));
    CHECK(!meet_name_matches("김민수", "긱"));                 /* a final that is not there */
}

int main(void)
{
    RUN(test_quorum_needed);
    RUN(test_quorum_counts);
    RUN(test_simple_majority);
    RUN(test_attending_majority);
    RUN(test_two_thirds);
    RUN(test_unanimous);
    RUN(test_parsers);
    RUN(test_name_search);
    return test_summary();
}
