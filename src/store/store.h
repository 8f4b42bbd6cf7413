/* store.h - durable storage of questions and sign-ups in SQLite.
 *
 * Durability contract: a store_add_*() call that returns STORE_OK has
 * committed its row with journal_mode=WAL and synchronous=FULL, so the row
 * survives a pulled plug (as far as the medium honours fsync). Only then may
 * the UI say "saved". Any other return leaves nothing of the row behind.
 *
 * Schema (current version in PRAGMA user_version; see store.c for the
 * migration from every earlier version):
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
 *       kiosk_id, next_seq, created_at
 *   questions(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,
 *       text TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
 *       topic TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new',
 *       export_batch INTEGER REFERENCES export_batches(id))
 *   signups(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,
 *       name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
 *       interests TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '',
 *       message TEXT NOT NULL DEFAULT '', consent_version TEXT NOT NULL,
 *       status TEXT NOT NULL DEFAULT 'new',
 *       export_batch INTEGER REFERENCES export_batches(id))
 *   export_batches(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
 *       questions INTEGER NOT NULL, signups INTEGER NOT NULL,
 *       files TEXT NOT NULL, covered_all INTEGER NOT NULL DEFAULT 0)
 *
 * seq is one per-kiosk counter shared by both tables (order of submission,
 * independent of the wall clock, which on a Pi can go backwards). uuid is a
 * random UUIDv4 from /dev/urandom (getrandom). created_at is UTC ISO-8601.
 * interests and languages are choice ids joined by ';'. */
#ifndef AGM_STORE_H
#define AGM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct store store_t;

typedef enum {
    STORE_OK = 0,
    STORE_INVALID,   /* the input was rejected (empty required field, bad UTF-8 ...) */
    STORE_FULL,      /* disk or database full */
    STORE_READONLY,  /* read-only file or file system */
    STORE_BUSY,      /* locked by another process past the busy timeout */
    STORE_IOERR,     /* any other I/O or SQLite failure */
} store_rc_t;

#define STORE_MAX_QUESTION_CHARS 1000
#define STORE_MAX_FIELD_CHARS 200
#define STORE_MAX_MESSAGE_CHARS 1000

typedef struct {
    const char *text;       /* required, 1..1000 code points */
    const char *name;       /* optional, "" = anonymous */
    const char *topic;      /* optional choice id */
    const char *lang;       /* UI language at the time: "en", "ja", "ko" */
} question_in_t;

typedef struct {
    const char *name;       /* required */
    const char *email;      /* required, validated with store_email_valid() */
    const char *phone;      /* optional */
    const char *interests;  /* choice ids joined by ';' */
    const char *languages;  /* choice ids joined by ';' */
    const char *message;    /* optional */
    const char *lang;
    const char *consent_version; /* required: consent was given to this text */
} signup_in_t;

typedef struct {
    char uuid[37];
    int64_t seq;
} store_receipt_t;

typedef struct {
    int64_t questions, signups;                 /* totals */
    int64_t questions_new, signups_new;         /* not yet in any export batch */
    int64_t last_batch;                         /* 0 = never exported */
    char last_export_at[32];                    /* "" if never */
} store_counts_t;

/* Open (creating if needed, mode 0600, parent folder 0700) the database at
 * path, run quick_check and migrations. A corrupt or unreadable file is
 * renamed to "<path>.corrupt-<UTC time>" (never deleted) with its -wal/-shm,
 * a fresh database is created and *notice receives a message for the
 * organizers (caller frees; NULL when nothing happened). Returns NULL with
 * *err set (caller frees) when no usable database can be had. */
store_t *store_open(const char *path, const char *kiosk_id, char **notice, char **err);
void store_close(store_t *s); /* accepts NULL */

store_rc_t store_add_question(store_t *s, const question_in_t *q, store_receipt_t *out);
store_rc_t store_add_signup(store_t *s, const signup_in_t *q, store_receipt_t *out);

/* The last failure's message, for the log (never shown to attendees). */
const char *store_errmsg(const store_t *s);

bool store_counts(store_t *s, store_counts_t *out);

/* True for a plausible address: one '@', non-empty local part, a domain
 * with a dot, no spaces or controls, at most 254 bytes. */
bool store_email_valid(const char *email);

/* Fill out with a random UUIDv4 string. Returns false if no randomness. */
bool store_uuid4(char out[37]);

/* The raw handle, for export and status (same process, same thread). */
sqlite3 *store_db(store_t *s);
const char *store_path(const store_t *s);
const char *store_kiosk_id(const store_t *s);

#endif
