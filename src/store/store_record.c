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

static const store_record_t records[STORE_KINDS] = {
    [STORE_QUESTIONS] = {"questions", "question", question_fields,
                         sizeof question_fields / sizeof question_fields[0]},
    [STORE_SIGNUPS] = {"signups", "sign-up", signup_fields, sizeof signup_fields / sizeof signup_fields[0]},
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
