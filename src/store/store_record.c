/* store_record.c - the description of each record kind (see store.h): its
 * fields in CSV order, their SQL column, CSV header, whether the store sets
 * them, whether they are personal, one- or multi-line, and their limits.
 * The export's header and SELECT and merge's column lookup come from here. */
#include "store.h"

#include <string.h>

#define SYS STORE_F_SYSTEM
#define REQ STORE_F_REQUIRED
#define ML STORE_F_MULTILINE
#define PER STORE_F_PERSONAL
#define OPT STORE_F_OPTIN
#define SHOW STORE_F_SHOWABLE

static const store_field_t question_fields[] = {
    {"uuid", "uuid", SYS, 0},
    {"seq", "seq", SYS, 0},
    {"kiosk_id", "kiosk_id", SYS, 0},
    {"created_at", "created_at", SYS, 0},
    {"lang", "lang", REQ, STORE_MAX_FIELD_CHARS},
    {"status", "status", SYS, 0},
    {"topic", "topic", 0, STORE_MAX_FIELD_CHARS},
    {"name", "name", PER, STORE_MAX_FIELD_CHARS},
    {"text", "text", REQ | ML | PER | SHOW, STORE_MAX_QUESTION_CHARS},
    /* "You may show my question on the screen during Q&A (without my name)" */
    {"may_show", "may_show", OPT, 3},
    {"sealed_to", "sealed_to", SYS | STORE_F_KEY, 0},
};

static const store_field_t signup_fields[] = {
    {"uuid", "uuid", SYS, 0},
    {"seq", "seq", SYS, 0},
    {"kiosk_id", "kiosk_id", SYS, 0},
    {"created_at", "created_at", SYS, 0},
    {"lang", "lang", REQ, STORE_MAX_FIELD_CHARS},
    {"status", "status", SYS, 0},
    {"name", "name", REQ | PER, STORE_MAX_FIELD_CHARS},
    {"email", "email", REQ | PER, STORE_MAX_FIELD_CHARS},
    {"phone", "phone", PER, STORE_MAX_FIELD_CHARS},
    /* choice ids joined by ';': longer than one field */
    {"interests", "interests", 0, STORE_MAX_MESSAGE_CHARS},
    {"languages", "languages", 0, STORE_MAX_MESSAGE_CHARS},
    {"message", "message", ML | PER, STORE_MAX_MESSAGE_CHARS},
    {"consent_version", "consent_version", REQ, STORE_MAX_FIELD_CHARS},
    {"sealed_to", "sealed_to", SYS | STORE_F_KEY, 0},
};

/* The attendance register: one row per check-in, and one per undo (kind
 * "undo", undoes = the uuid of the check-in taken back); nothing is ever
 * changed or deleted, so the register keeps its history. kind is present,
 * written, proxy (voting members) or guest (walk-ins and members without a
 * vote); member_id is the row of members.csv ("" for a walk-in). The name
 * and the proxy holder are personal: sealed when records are sealed, while
 * kind and member_id stay readable so the counts do. */
static const store_field_t attendance_fields[] = {
    {"uuid", "uuid", SYS, 0},
    {"seq", "seq", SYS, 0},
    {"kiosk_id", "kiosk_id", SYS, 0},
    {"created_at", "created_at", SYS, 0},
    {"kind", "kind", REQ, 16},
    {"member_id", "member_id", 0, 64},
    {"name", "name", PER, STORE_MAX_FIELD_CHARS},
    {"proxy_to", "proxy_to", PER, STORE_MAX_FIELD_CHARS},
    {"undoes", "undoes", 0, 36},
    {"sealed_to", "sealed_to", SYS | STORE_F_KEY, 0},
};

/* A resolution's hand-count: every entry and correction is a new row (the
 * latest one per resolution counts), with the attendance and the quorum at
 * that moment and the result they gave under the resolution's majority. */
static const store_field_t vote_fields[] = {
    {"uuid", "uuid", SYS, 0},
    {"seq", "seq", SYS, 0},
    {"kiosk_id", "kiosk_id", SYS, 0},
    {"created_at", "created_at", SYS, 0},
    {"resolution", "resolution", REQ, 64},
    {"majority", "majority", REQ, 32},
    {"votes_for", "votes_for", REQ, 12},
    {"votes_against", "votes_against", REQ, 12},
    {"votes_abstain", "votes_abstain", REQ, 12},
    {"attending", "attending", REQ, 12},
    {"quorum", "quorum", REQ, 8},
    {"result", "result", REQ, 16},
};

static const store_record_t records[STORE_KINDS] = {
    [STORE_QUESTIONS] = {"questions", "question", question_fields,
                         sizeof question_fields / sizeof question_fields[0]},
    [STORE_SIGNUPS] = {"signups", "sign-up", signup_fields, sizeof signup_fields / sizeof signup_fields[0]},
    [STORE_ATTENDANCE] = {"attendance", "check-in", attendance_fields,
                          sizeof attendance_fields / sizeof attendance_fields[0]},
    [STORE_VOTES] = {"votes", "hand-count", vote_fields, sizeof vote_fields / sizeof vote_fields[0]},
};

static const store_field_t moderation_fields[] = {
    {"uuid", "uuid", SYS, 0},
    {"seq", "seq", SYS, 0},
    {"kiosk_id", "kiosk_id", SYS, 0},
    {"changed_at", "changed_at", SYS, 0},
    {"question_uuid", "question_uuid", SYS, 0},
    {"status", "status", SYS, 0},
};

static const store_record_t moderation_record = {"moderation_log", "moderation change", moderation_fields,
                                                 sizeof moderation_fields / sizeof moderation_fields[0]};

const store_record_t *store_moderation_record(void) { return &moderation_record; }

const store_record_t *store_record(store_kind_t k)
{
    return (unsigned)k < STORE_KINDS ? &records[k] : NULL;
}

int store_record_column(const store_record_t *r, const char *column)
{
    for (size_t i = 0; r && column && i < r->nfields; i++)
        if (strcmp(r->fields[i].column, column) == 0)
            return (int)i;
    return -1;
}

int store_record_find(const store_record_t *r, const char *header)
{
    for (size_t i = 0; r && header && i < r->nfields; i++)
        if (strcmp(r->fields[i].header, header) == 0)
            return (int)i;
    return -1;
}

bool store_record_opted_in(const store_record_t *r, const char *const *values)
{
    for (size_t i = 0; r && values && i < r->nfields; i++)
        if ((r->fields[i].flags & STORE_F_OPTIN) && values[i] && strcmp(values[i], "yes") == 0)
            return true;
    return false;
}

bool store_field_stays_clear(const store_record_t *r, size_t i, const char *const *values)
{
    if (!r || i >= r->nfields)
        return false;
    unsigned f = r->fields[i].flags;
    if (!(f & STORE_F_PERSONAL))
        return true;
    return (f & STORE_F_SHOWABLE) && store_record_opted_in(r, values);
}
