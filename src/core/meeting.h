/* meeting.h - the arithmetic of a general meeting: whether the attendance
 * makes a quorum, and whether a resolution passed under its majority. Plain
 * integers, no I/O: the content folder gives the rules (event.ini [quorum],
 * resolutions.ini majority), the store gives the counts, and the check-in
 * screen, the slides and `agmkiosk minutes` all ask these functions, so
 * they always agree.
 *
 * Attendance counts only voting members (walk-ins and non-voting members
 * are counted apart, as guests). A member attends in person (present),
 * by written vote, or by proxy; the quorum rule says which of the three
 * count (Japanese NPO practice: all three count as attendance). */
#ifndef AGM_MEETING_H
#define AGM_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ways a voting member attends, and the guests (not counted). */
typedef enum {
    MEET_PRESENT = 0, MEET_WRITTEN, MEET_PROXY, MEET_GUEST, MEET_KINDS
} meet_kind_t;

#define MEET_BIT(k) (1u << (k))
#define MEET_COUNTS_ALL (MEET_BIT(MEET_PRESENT) | MEET_BIT(MEET_WRITTEN) | MEET_BIT(MEET_PROXY))

typedef struct {
    int64_t n[MEET_KINDS];   /* active check-ins per kind */
} meet_attendance_t;

/* event.ini [quorum]: at least (or more than) num/den of the members,
 * counting the kinds in `counts`. members 0 means "the voting members of
 * members.csv" (meet_quorum_needed then takes the caller's number). */
typedef struct {
    bool set;                /* a [quorum] section was given */
    int num, den;            /* the share, 1/2 by default */
    bool more_than;          /* "more than" the share (else "at least") */
    unsigned counts;         /* MEET_BIT()s of the kinds that count */
    int64_t members;         /* given in event.ini; 0 = from members.csv */
} meet_quorum_t;

/* The rule a resolution passes by (resolutions.ini `majority`). */
typedef enum {
    MEET_SIMPLE = 0,         /* more for than against; abstentions do not count */
    MEET_ATTENDING,          /* more than half of those attending vote for */
    MEET_TWO_THIRDS,         /* at least two thirds of the votes cast (for + against) */
    MEET_TWO_THIRDS_ATTENDING, /* at least two thirds of those attending */
    MEET_UNANIMOUS,          /* every vote cast is for, and there is one */
    MEET_MAJORITIES
} meet_majority_t;

typedef enum {
    MEET_PASSED = 0,
    MEET_REJECTED,
    MEET_NO_QUORUM,          /* the quorum was not met: no valid decision */
} meet_outcome_t;

typedef struct {
    meet_outcome_t outcome;
    int64_t needed;          /* votes for the resolution needed to pass */
    int64_t base;            /* what the majority is of (votes cast or attending) */
    bool over;               /* more votes than attending: the count needs checking */
} meet_result_t;

/* The default rule: at least 1/2 of the members, all three kinds counted. */
void meet_quorum_default(meet_quorum_t *q);

/* Those attending as the rule counts them (the kinds in q->counts). */
int64_t meet_attending(const meet_quorum_t *q, const meet_attendance_t *a);

/* The number attending needed for the quorum with `members` voting
 * members: ceil(members * num / den) at least, or floor(...) + 1 for "more
 * than"; never below 1 (a meeting of nobody decides nothing). */
int64_t meet_quorum_needed(const meet_quorum_t *q, int64_t members);

/* Whether a is a quorum of members. */
bool meet_quorum_met(const meet_quorum_t *q, const meet_attendance_t *a, int64_t members);

/* The result of a vote (for, against, abstain) under rule m, with
 * `attending` attending at that moment and whether the quorum was met then.
 * Without quorum nothing passes. A rule never passes with no vote for. */
void meet_decide(meet_majority_t m, int64_t votes_for, int64_t against, int64_t abstain, int64_t attending,
                 bool quorum, meet_result_t *out);

/* "simple", "attending", "two_thirds", "two_thirds_attending", "unanimous". */
const char *meet_majority_name(meet_majority_t m);
bool meet_majority_parse(const char *s, meet_majority_t *out);
/* "passed", "rejected", "no_quorum". */
const char *meet_outcome_name(meet_outcome_t o);
/* "present", "written", "proxy", "guest". */
const char *meet_kind_name(meet_kind_t k);
bool meet_kind_parse(const char *s, meet_kind_t *out);

/* "1/2", "2/3", "half", "one_third" ...: a share 0 < num/den <= 1 with a
 * denominator up to 1000. */
bool meet_share_parse(const char *s, int *num, int *den);
/* "present, written, proxy" (comma or space separated, at least one). */
bool meet_counts_parse(const char *s, unsigned *out);

/* Whether query, as typed so far, is in name: case and spaces ignored,
 * full-width Latin as ASCII, katakana as hiragana, and a Hangul syllable
 * still being composed at the end matches the syllables it can become
 * (ㅎ: 한, 하: 한). An empty query matches every name. */
bool meet_name_matches(const char *name, const char *query);

#endif
