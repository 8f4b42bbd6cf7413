/* meeting.c - quorum and majority arithmetic (see meeting.h). Integers
 * only: two thirds is tested as 3 * for >= 2 * base, never with a rounded
 * fraction. */
#include "meeting.h"
#include "utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void meet_quorum_default(meet_quorum_t *q)
{
    memset(q, 0, sizeof *q);
    q->num = 1;
    q->den = 2;
    q->counts = MEET_COUNTS_ALL;
}

int64_t meet_attending(const meet_quorum_t *q, const meet_attendance_t *a)
{
    unsigned counts = q ? q->counts : MEET_COUNTS_ALL;
    int64_t n = 0;
    for (int k = MEET_PRESENT; k <= MEET_PROXY; k++)
        if ((counts & MEET_BIT(k)) && a->n[k] > 0)
            n += a->n[k];
    return n;
}

int64_t meet_quorum_needed(const meet_quorum_t *q, int64_t members)
{
    meet_quorum_t d;
    if (!q) {
        meet_quorum_default(&d);
        q = &d;
    }
    if (q->members > 0)
        members = q->members;
    if (members < 0)
        members = 0;
    int num = q->num > 0 ? q->num : 1, den = q->den > 0 ? q->den : 2;
    int64_t need = q->more_than ? members * num / den + 1 : (members * num + den - 1) / den;
    return need < 1 ? 1 : need;
}

bool meet_quorum_met(const meet_quorum_t *q, const meet_attendance_t *a, int64_t members)
{
    return meet_attending(q, a) >= meet_quorum_needed(q, members);
}

void meet_decide(meet_majority_t m, int64_t yes, int64_t no, int64_t abstain, int64_t attending, bool quorum,
                 meet_result_t *out)
{
    memset(out, 0, sizeof *out);
    yes = yes < 0 ? 0 : yes;
    no = no < 0 ? 0 : no;
    abstain = abstain < 0 ? 0 : abstain;
    attending = attending < 0 ? 0 : attending;
    int64_t cast = yes + no;
    out->over = yes + no + abstain > attending;
    bool pass = false;
    switch (m) {
    case MEET_SIMPLE:
        out->base = cast;
        out->needed = cast / 2 + 1;
        pass = yes > no;
        break;
    case MEET_ATTENDING:
        out->base = attending;
        out->needed = attending / 2 + 1;
        pass = yes * 2 > attending;
        break;
    case MEET_TWO_THIRDS:
        out->base = cast;
        out->needed = (cast * 2 + 2) / 3;
        pass = yes * 3 >= cast * 2;
        break;
    case MEET_TWO_THIRDS_ATTENDING:
        out->base = attending;
        out->needed = (attending * 2 + 2) / 3;
        pass = yes * 3 >= attending * 2;
        break;
    case MEET_UNANIMOUS:
    default:
        out->base = cast;
        out->needed = cast;
        pass = no == 0;
        break;
    }
    if (out->needed < 1)
        out->needed = 1;
    if (yes < 1)
        pass = false;
    out->outcome = !quorum ? MEET_NO_QUORUM : pass ? MEET_PASSED : MEET_REJECTED;
}

static const char *const majority_names[MEET_MAJORITIES] = {"simple", "attending", "two_thirds",
                                                             "two_thirds_attending", "unanimous"};

const char *meet_majority_name(meet_majority_t m)
{
    return (unsigned)m < MEET_MAJORITIES ? majority_names[m] : "simple";
}

bool meet_majority_parse(const char *s, meet_majority_t *out)
{
    for (int i = 0; s && i < MEET_MAJORITIES; i++)
        if (strcmp(s, majority_names[i]) == 0) {
            *out = (meet_majority_t)i;
            return true;
        }
    return false;
}

const char *meet_outcome_name(meet_outcome_t o)
{
    return o == MEET_PASSED ? "passed" : o == MEET_REJECTED ? "rejected" : "no_quorum";
}

static const char *const kind_names[MEET_KINDS] = {"present", "written", "proxy", "guest"};

const char *meet_kind_name(meet_kind_t k) { return (unsigned)k < MEET_KINDS ? kind_names[k] : "guest"; }

bool meet_kind_parse(const char *s, meet_kind_t *out)
{
    for (int i = 0; s && i < MEET_KINDS; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (meet_kind_t)i;
            return true;
        }
    return false;
}

bool meet_share_parse(const char *s, int *num, int *den)
{
    static const struct { const char *w; int n, d; } words[] = {
        {"half", 1, 2}, {"one_half", 1, 2}, {"one_third", 1, 3}, {"two_thirds", 2, 3},
        {"one_quarter", 1, 4}, {"three_quarters", 3, 4}, {"all", 1, 1},
    };
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i].w) == 0) {
            *num = words[i].n;
            *den = words[i].d;
            return true;
        }
    const char *p = s;
    long n = 0, d = 0;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p) && n <= 1000)
        n = n * 10 + (*p++ - '0');
    if (*p++ != '/' || !isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p) && d <= 1000)
        d = d * 10 + (*p++ - '0');
    if (*p || n < 1 || d < 1 || d > 1000 || n > d)
        return false;
    *num = (int)n;
    *den = (int)d;
    return true;
}

bool meet_counts_parse(const char *s, unsigned *out)
{
    unsigned bits = 0;
    if (!s)
        return false;
    const char *p = s;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ' && *e != '\t')
            e++;
        char w[16];
        size_t n = (size_t)(e - p);
        if (n >= sizeof w)
            return false;
        memcpy(w, p, n);
        w[n] = '\0';
        meet_kind_t k;
        if (!meet_kind_parse(w, &k) || k == MEET_GUEST)
            return false;
        bits |= MEET_BIT(k);
        p = e;
    }
    if (!bits)
        return false;
    *out = bits;
    return true;
}

/* ---- searching a name as it is typed ------------------------------------- */


/* One code point folded for searching: ASCII and full-width Latin to lower
 * case, katakana to hiragana; 0 for what is skipped (spaces, the middle
 * dot, hyphens and the long-vowel mark's neighbours stay). */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0; /* full-width ASCII */
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c == ' ' || c == '\t' || c == 0x3000 || c == 0x30FB || c == 0xB7 || c == '.' || c == ',' || c == 0x3001)
        return 0;
    if (c >= 0x30A1 && c <= 0x30F6)
        return c - 0x60; /* katakana -> hiragana */
    return c;
}

static size_t fold_all(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0, len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len && n < max;) {
        size_t adv = 1;
        uint32_t c = fold(utf8_decode(s + i, len - i, &adv));
        i += adv ? adv : 1;
        if (c)
            out[n++] = c;
    }
    return n;
}

/* The initial consonant (0..18) of a Hangul compatibility jamo, or -1. */
static int jamo_initial(uint32_t c)
{
    static const uint16_t cho[19] = {0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
                                     0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};
    for (int i = 0; i < 19; i++)
        if (cho[i] == c)
            return i;
    return -1;
}

/* The last code point typed may be a Hangul syllable still being composed:
 * ㅎ matches any syllable that starts with it, 하 any of 하 학 한 할 ... */
static bool last_matches(uint32_t q, uint32_t h)
{
    if (q == h)
        return true;
    if (h < 0xAC00 || h > 0xD7A3)
        return false;
    uint32_t hs = h - 0xAC00;
    int j = jamo_initial(q);
    if (j >= 0)
        return (int)(hs / (21 * 28)) == j;
    if (q >= 0xAC00 && q <= 0xD7A3 && (q - 0xAC00) % 28 == 0)
        return (q - 0xAC00) / 28 == hs / 28;
    return false;
}

bool meet_name_matches(const char *name, const char *query)
{
    uint32_t h[256], q[64];
    size_t nq = fold_all(query, q, 64);
    if (nq == 0)
        return true;
    size_t nh = fold_all(name, h, 256);
    for (size_t i = 0; i + nq <= nh; i++) {
        size_t k = 0;
        while (k + 1 < nq && h[i + k] == q[k])
            k++;
        if (k + 1 == nq && last_matches(q[k], h[i + k]))
            return true;
    }
    return false;
}
