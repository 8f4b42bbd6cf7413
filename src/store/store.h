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
 *       export_batch INTEGER REFERENCES export_batches(id),
 *       sealed_to TEXT NOT NULL DEFAULT '', may_show TEXT NOT NULL DEFAULT 'no')
 *   imported_questions(uuid TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
 *       seq INTEGER NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,
 *       topic TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,
 *       status TEXT NOT NULL DEFAULT 'new', imported_at TEXT NOT NULL,
 *       UNIQUE(kiosk_id, seq))
 *   signups(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,
 *       name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
 *       interests TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '',
 *       message TEXT NOT NULL DEFAULT '', consent_version TEXT NOT NULL,
 *       status TEXT NOT NULL DEFAULT 'new',
 *       export_batch INTEGER REFERENCES export_batches(id),
 *       sealed_to TEXT NOT NULL DEFAULT '')
 *   attendance(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, kind TEXT NOT NULL,
 *       member_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
 *       proxy_to TEXT NOT NULL DEFAULT '', undoes TEXT NOT NULL DEFAULT '',
 *       sealed_to TEXT NOT NULL DEFAULT '')
 *   votes(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL,
 *       resolution TEXT NOT NULL, majority TEXT NOT NULL,
 *       votes_for, votes_against, votes_abstain, attending INTEGER NOT NULL,
 *       quorum TEXT NOT NULL, result TEXT NOT NULL)
 *   export_batches(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
 *       questions INTEGER NOT NULL, signups INTEGER NOT NULL,
 *       files TEXT NOT NULL, covered_all INTEGER NOT NULL DEFAULT 0,
 *       state TEXT NOT NULL DEFAULT 'done', verified INTEGER NOT NULL DEFAULT 0,
 *       max_seq INTEGER NOT NULL DEFAULT 0, flags INTEGER NOT NULL DEFAULT 0,
 *       max_mod_seq INTEGER, moderation INTEGER NOT NULL DEFAULT 0)
 *   moderation_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,
 *       kiosk_id TEXT NOT NULL, changed_at TEXT NOT NULL,
 *       question_uuid TEXT NOT NULL, status TEXT NOT NULL,
 *       export_batch INTEGER REFERENCES export_batches(id))
 *   usage_counts(hour TEXT NOT NULL, kind TEXT NOT NULL,
 *       name TEXT NOT NULL DEFAULT '', opened INTEGER NOT NULL DEFAULT 0,
 *       spent_s INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(hour, kind, name))
 *       what attendees looked at, summed per hour (store_usage_add)
 *
 * seq is one per-kiosk counter shared by the four tables (order of submission,
 * independent of the wall clock, which on a Pi can go backwards). uuid is a
 * random UUIDv4 from /dev/urandom (getrandom). created_at is UTC ISO-8601.
 * interests and languages are choice ids joined by ';'.
 *
 * Sealing (store_set_seal): with a public key set, each personal field
 * (STORE_F_PERSONAL, minus those the seal leaves plain) is cleaned and
 * checked as plain text, then sealed (core/seal.h: crypto_box_seal,
 * stored as "sealed:v1:" + base64) before it is bound to the INSERT, so
 * its plain text never reaches the database, its WAL or its journal.
 * sealed_to holds the key's fingerprint (32 hex digits), "" for a row
 * saved without a key. In a sealed row every cell that begins with
 * "sealed:v1:" is sealed: typed text that begins so is sealed as well. The
 * text of a question whose asker opted in to be shown (may_show) stays
 * readable (store_field_stays_clear); its name is sealed all the same.
 *
 * Live Q&A (store_qa.c): may_show is the asker's opt-in, 'yes' or 'no'.
 * A question's status is its moderation state: new, approved, hidden or
 * answered; meta 'qa_shown' holds the uuid of the question on the screen
 * now (absent: none). imported_questions holds opted-in questions of other
 * kiosks (`agmkiosk import`), kiosk id and seq as they were there (a seq
 * space of their own: they never take this kiosk's seq and are never in
 * its export batches); they carry no name.
 *
 * Moderation in the exports: every change of a question's state (a
 * store_qa_set that changed it, on this kiosk's question or an imported
 * one) appends a row to moderation_log in the same transaction (its seq
 * never reused, also after a wipe). An export batch claims the changes no
 * batch holds, as it claims rows, and writes them to its third file
 * (store_moderation_record); max_mod_seq is the highest change when the
 * batch was claimed, and the batch's questions file shows each question's
 * state as of that change (so a batch's files are the same bytes however
 * often they are written). A change made after a question was exported is
 * thus in the next batch, once, and merge takes the latest change. */
#ifndef AGM_STORE_H
#define AGM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/meeting.h"
#include "../core/seal.h"

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
    bool may_show;          /* the asker lets the question be shown during
                             * Q&A, without the name (off by default) */
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
    int64_t questions_new, signups_new;         /* in no finished export batch */
    int64_t last_batch;                         /* last finished batch; 0 = never */
    char last_export_at[32];                    /* "" if never */
    bool last_covered_all;                      /* it left no row unexported */
    int64_t unfinished_batches;                 /* claimed by an export that did
                                                   not finish (killed, failed) */
    int64_t unverified_batches;                 /* finished but never read back
                                                   (written by version 0.1) */
} store_counts_t;

/* Open (creating if needed, mode 0600, parent folder 0700) the database at
 * path, run quick_check and migrations. A corrupt or unreadable file is
 * renamed to "<path>.corrupt-<UTC time>" (never deleted) with its -wal/-shm,
 * a fresh database is created and *notice receives a message for the
 * organizers (caller frees; NULL when nothing happened). So is a symbolic
 * link, folder or special file at path or at its -wal, -shm or -journal
 * (the link itself is renamed; its target is never opened or changed). A
 * database that can only be opened read-only (read-only medium) is opened
 * so, with a notice ("read-only storage" when the file system is mounted
 * read-only: then a WAL database is read without creating anything on the
 * medium, its committed WAL rows included; store_read_only_storage()), and
 * every store_add_*() then returns STORE_READONLY. Refused with
 * *err, never moved: a schema newer than this program, a lock or permission
 * problem, a kiosk id that is not 1..64 characters of clean UTF-8 (NULL or
 * "" means the id recorded in the database). Returns NULL with *err set
 * (caller frees) when no usable database can be had. */
store_t *store_open(const char *path, const char *kiosk_id, char **notice, char **err);
void store_close(store_t *s); /* accepts NULL */

/* Validate and save one submission in one transaction; out (may be NULL)
 * receives uuid and seq on STORE_OK and is emptied otherwise. Input rules
 * (core/textnorm.h, the one place text is cleaned): invalid UTF-8 and
 * forbidden control characters (utf8_is_forbidden_control) are refused with
 * STORE_INVALID, never silently dropped; CR and CRLF become LF; one-line
 * fields (all but text and message) turn LF/TAB into spaces; every field
 * loses surrounding white space (ASCII and U+3000, the ideographic space);
 * lengths are code points after that: text and
 * message STORE_MAX_*_CHARS, interests and languages
 * STORE_MAX_MESSAGE_CHARS, the rest STORE_MAX_FIELD_CHARS. Required: text
 * and lang (questions); name, email, consent_version and lang (sign-ups);
 * blank counts as missing. store_errfield() names the refused field. */
store_rc_t store_add_question(store_t *s, const question_in_t *q, store_receipt_t *out);
store_rc_t store_add_signup(store_t *s, const signup_in_t *q, store_receipt_t *out);

/* The last failure's message, for the log (never shown to attendees). */
const char *store_errmsg(const store_t *s);

bool store_counts(store_t *s, store_counts_t *out);

/* Would store_add_*() accept value in the stored field named field (the
 * names of store_errfield(), e.g. "consent_version", "topic", "interests")?
 * True, or false with the store's own message in why (e.g. "consent_version
 * is too long (201 characters, at most 200)"). `agmkiosk check` applies it
 * to everything content puts into stored rows, so that no form content can
 * make every submission fail. */
bool store_field_ok(const char *field, const char *value, char *why, size_t whylen);

/* True for a plausible address: one '@', non-empty local part, a domain
 * with a dot, no spaces or controls, at most 254 bytes. */
bool store_email_valid(const char *email);

/* Fill out with a random UUIDv4 string. Returns false if no randomness. */
bool store_uuid4(char out[37]);

/* ---- records: one description per kind --------------------------------- */

typedef enum { STORE_QUESTIONS = 0, STORE_SIGNUPS, STORE_ATTENDANCE, STORE_VOTES, STORE_KINDS } store_kind_t;

enum {
    STORE_F_SYSTEM = 1,    /* set by the store (uuid, seq, time ...), not typed */
    STORE_F_REQUIRED = 2,  /* blank is refused */
    STORE_F_MULTILINE = 4, /* keeps LF and TAB */
    STORE_F_PERSONAL = 8,  /* identifies or describes a person */
    STORE_F_KEY = 16,      /* with STORE_F_SYSTEM: the fingerprint of the key
                            * the row is sealed to, "" when it is not */
    STORE_F_OPTIN = 32,    /* a yes/no choice of the person ("yes", "no"; blank
                            * is "no"); exports made before it lack the column */
    STORE_F_SHOWABLE = 64, /* may be shown in the room, and stays readable in a
                            * sealed record, when the row's STORE_F_OPTIN field
                            * is "yes" (store_field_stays_clear) */
};

typedef struct {
    const char *column;    /* SQL column */
    const char *header;    /* CSV header cell */
    unsigned flags;        /* STORE_F_* */
    size_t max_chars;      /* code points after cleaning; 0 for system fields */
} store_field_t;

typedef struct {
    const char *table;     /* SQL table */
    const char *what;      /* "question", for messages */
    const store_field_t *fields; /* in CSV order */
    size_t nfields;
} store_record_t;

/* The row's opt-in (its STORE_F_OPTIN field, values in description order)
 * is "yes". False when the description has no such field. */
bool store_record_opted_in(const store_record_t *r, const char *const *values);
/* Whether field i of a row may stay readable when the row's personal fields
 * are sealed: true for a field that is not personal, and for a
 * STORE_F_SHOWABLE field (the question's text) of a row that opted in;
 * false for every other personal field (the name, and the text of a
 * question whose asker did not opt in). The sealing of records asks this
 * for each field before the INSERT. */
bool store_field_stays_clear(const store_record_t *r, size_t i, const char *const *values);

/* The description of kind k (a static table). */
const store_record_t *store_record(store_kind_t k);
/* The description s uses for kind k (store_opts_t.records, else the above). */
const store_record_t *store_record_of(const store_t *s, store_kind_t k);
/* The index of the field whose CSV header is header, or -1. */
int store_record_find(const store_record_t *r, const char *header);
/* The index of the field whose SQL column is column, or -1. */
int store_record_column(const store_record_t *r, const char *column);

/* Validate and save one record of kind k in one transaction; values[i] is
 * field i's text (NULL = "", ignored for STORE_F_SYSTEM fields), cleaned and
 * checked by the field's flags and limit as store_add_question() says. The
 * adds below are this with their struct's members put in place. */
store_rc_t store_add_record(store_t *s, store_kind_t k, const char *const *values, store_receipt_t *out);

/* Options for store_open_ex(); a zeroed value gives store_open(). */
typedef struct {
    bool read_only;       /* open SQLITE_OPEN_READONLY: no schema change, every
                           * store_add_*() returns STORE_READONLY (status and
                           * the read-only tests use it) */
    bool count_syncs;     /* route file I/O through the sync-counting VFS (see
                           * store_vfs_sync_count); also on when the
                           * environment has AGM_COUNT_SYNCS=1 */
    int busy_timeout_ms;  /* 0 = STORE_BUSY_TIMEOUT_MS */
    bool skip_check;      /* no PRAGMA quick_check at open (it reads the whole
                           * file): for `agmkiosk export`, whose full read
                           * fails cleanly on a damaged file anyway */
    bool existing_only;   /* never create, move aside or migrate: a second
                           * handle to a database another handle opened */
    const store_record_t *records[STORE_KINDS]; /* NULL: store_record(k). A
                           * description with another field (a new form
                           * field) needs its column added by a migration */
} store_opts_t;

#define STORE_SCHEMA_VERSION 8
#define STORE_BUSY_TIMEOUT_MS 2000

/* store_open() with options (opts may be NULL). Same ownership rules. */
store_t *store_open_ex(const char *path, const char *kiosk_id, const store_opts_t *opts,
                       char **notice, char **err);

/* The field the last STORE_INVALID was about ("text", "name", "email",
 * "phone", "topic", "interests", "languages", "message", "lang",
 * "consent_version"), or "" after any other outcome. For inline messages. */
const char *store_errfield(const store_t *s);

/* xSync calls made through the sync-counting VFS since the process started
 * (only stores opened with count_syncs / AGM_COUNT_SYNCS go through it).
 * For `make bench` and the tests: one commit in WAL+FULL costs one sync. */
uint64_t store_vfs_sync_count(void);

/* TEST HOOK, not for the kiosk: cap the database at pages pages
 * (PRAGMA max_page_count, this connection only) to simulate a full disk.
 * Returns the limit now in effect (SQLite never sets it below the current
 * size), or -1 on error. */
int64_t store_test_set_max_pages(store_t *s, int64_t pages);

/* TEST HOOK, not for the kiosk: make every xWrite (STORE_TEST_FAIL_WRITE)
 * and/or xSync (STORE_TEST_FAIL_SYNC) of stores opened through the
 * sync-counting VFS fail, reporting the OS error err (EROFS, ENOSPC, EIO).
 * ops = 0 ends the fault. */
#define STORE_TEST_FAIL_WRITE 1
#define STORE_TEST_FAIL_SYNC 2
void store_test_vfs_fail(int ops, int err);

/* TEST HOOK, not for the kiosk: files opened through the sync-counting VFS
 * while this is on keep their writes in process memory until xSync, so a
 * SIGKILL loses exactly the writes a power cut would lose. */
void store_test_vfs_lose_unsynced(bool on);

/* ---- usage counts (store_usage.c) --------------------------------------- */

/* What attendees looked at, without watching anyone: counts summed per hour
 * and nothing per person (no visit's own row, no time finer than the hour,
 * no order of screens). kind is "visit" (name ""), "screen" (a screen's
 * name) or "section" (a report section's id); opened counts how often it
 * was begun or opened, seconds the time spent in it. */
#define STORE_USAGE_NAME_MAX 64
typedef struct {
    char hour[24];      /* "2012-10-08T10:00Z" (UTC); "" in summed rows */
    char kind[12];
    char name[STORE_USAGE_NAME_MAX];
    int64_t opened, seconds;
} store_usage_t;

/* "YYYY-MM-DDTHH:00Z" of the UTC hour that holds t into out. */
void store_usage_hour(int64_t t, char out[24]);

/* Add n rows to the counts (the same hour, kind and name add up) in one
 * transaction. Counts are cheap to lose and the kiosk writes them seldom:
 * this commit does not wait for the medium (synchronous=NORMAL for it), so
 * a power cut may take back the counts added since the last row that did
 * (a question, a sign-up, a checkpoint); it never damages another row.
 * STORE_INVALID for a bad row (unknown kind, bad hour, name too long or not
 * clean UTF-8, a negative count), nothing added. */
store_rc_t store_usage_add(store_t *s, const store_usage_t *rows, size_t n);

/* Every row in hour, kind, name order (summed: one row per kind and name
 * over all hours, most opened first, hour ""). *rows is malloc'ed (caller
 * frees; NULL when there are none). A database without the table (opened
 * read-only at an older schema) has none. */
store_rc_t store_usage_read(store_t *s, bool summed, store_usage_t **rows, size_t *n);

/* ---- sealing ------------------------------------------------------------- */

typedef struct {
    seal_pub_t key;
    uint64_t plain[STORE_KINDS]; /* bit i: personal field i of kind k stays
                                    plain (e.g. a question's text) */
} store_seal_t;

/* Seal the personal fields of every row saved from now on to seal->key
 * (copied), or save them plain again with NULL. Rows already saved keep
 * what they have. Clears store_seal_refuse(). */
void store_set_seal(store_t *s, const store_seal_t *seal);
/* A key was meant to be used but cannot be (its file is missing or bad):
 * every store_add_*() is refused with STORE_IOERR and this message (copied)
 * until store_set_seal() is called, so that nothing is saved unsealed by
 * mistake. */
void store_seal_refuse(store_t *s, const char *why);
/* The fingerprint new rows are sealed to, or NULL when they are saved
 * plain (or refused). */
const char *store_seal_id(const store_t *s);

const char *store_path(const store_t *s);
/* The kiosk id new rows carry (the configured one). */
const char *store_kiosk_id(const store_t *s);
/* True when the database sits on read-only storage and was opened for
 * reading only (see store_open()). */
bool store_read_only_storage(const store_t *s);
/* The kiosk id recorded when the database was created: stable for the
 * database's life, so export file names use it. */
const char *store_db_kiosk_id(const store_t *s);

/* A second handle to s's database for another thread of the same process
 * (the admin screen's export and wipe run beside the UI): an existing
 * database only, same settings, never moved aside or migrated. NULL with
 * *err set (caller frees). Close it with store_close(). */
store_t *store_open_again(const store_t *s, char **err);

/* ---- reading rows for export (store_batch.c) ---------------------------- */

typedef struct store_rows store_rows_t;

/* Begin/end one read transaction so that several store_rows_open() see
 * one snapshot. */
store_rc_t store_read_begin(store_t *s);
void store_read_end(store_t *s);

/* Rows of kind k in seq order, every field of store_record(k) in its order:
 * batch > 0: batch's rows (a question's status as of the batch's
 * max_mod_seq); batch == 0: every row as it is now. NULL with the message
 * in store_errmsg(s). */
store_rows_t *store_rows_open(store_t *s, store_kind_t k, int64_t batch);
/* The moderation changes, in seq order, fields of store_moderation_record():
 * batch > 0: the batch's; 0: every one. */
store_rows_t *store_mod_rows_open(store_t *s, int64_t batch);
/* The moderation file's columns: uuid (of the change), seq, kiosk_id (the
 * kiosk where it was made), changed_at, question_uuid, status. */
const store_record_t *store_moderation_record(void);
/* Moderation changes no export batch holds, and all of them. */
store_rc_t store_mod_counts(store_t *s, int64_t *unexported, int64_t *total);
/* The next row; false at the end or on an error (store_rows_close says). */
bool store_rows_next(store_rows_t *r);
/* Field i of the current row (never NULL; "" for NULL) and its length. */
const char *store_rows_cell(store_rows_t *r, size_t i, size_t *len);
/* STORE_OK when every row was read; accepts NULL (then STORE_IOERR). */
store_rc_t store_rows_close(store_rows_t *r);

/* ---- export batches (store_batch.c) ------------------------------------ */

#define STORE_BATCH_RAW 1      /* files written byte-exact */
#define STORE_BATCH_EXCEL 2    /* files start with a UTF-8 BOM */
#define STORE_BATCH_NAME_MAX 256

typedef enum { STORE_BATCH_PENDING = 0, STORE_BATCH_DONE, STORE_BATCH_FAILED } store_batch_state_t;

typedef struct {
    int64_t id;
    store_batch_state_t state;
    char created_at[32];
    int64_t max_seq;           /* the rows claimed: unexported, seq <= max_seq */
    int64_t questions, signups;/* rows (as written, once done) */
    unsigned flags;            /* STORE_BATCH_* */
    bool verified;             /* its files were read back from the medium */
    bool covered_all;
    int64_t moderation;        /* moderation changes in the batch */
    int64_t max_mod_seq;       /* the highest change at the claim; -1: a
                                  batch claimed before moderation was exported */
    char files[3][STORE_BATCH_NAME_MAX]; /* questions, sign-ups and moderation
                                  file names (the last "" when the batch
                                  holds no moderation change) */
} store_batch_t;

/* The exporter's lock, a file beside the database held with flock(): one
 * export of a database at a time, in any process. STORE_BUSY when another
 * export holds it (the message says "another export is running"). */
typedef struct store_lock store_lock_t;
store_rc_t store_export_lock(store_t *s, store_lock_t **out);
void store_export_unlock(store_lock_t *l); /* accepts NULL */

/* Claim the next batch in one transaction, before any file is written: the
 * batch number (never used before, by any state), the rows (every row in no
 * batch, up to the highest seq now) and the moderation changes in no batch
 * marked with it, and the file names, made by namer from the number (all
 * three; the moderation file's is kept only when the batch has a change),
 * recorded. *nothing_new when there was no such row or change (nothing
 * recorded). The batch is PENDING until
 * store_batch_finish() or store_batch_release(). */
typedef void (*store_batch_namer_t)(store_batch_t *b, void *ctx);
store_rc_t store_batch_claim(store_t *s, const char *created_at, unsigned flags, store_batch_namer_t namer,
                             void *ctx, store_batch_t *out, bool *nothing_new);
/* The oldest PENDING batch (an export that did not finish). *found false if
 * none. Call with the export lock held, else it may be another's live run. */
store_rc_t store_batch_unfinished(store_t *s, store_batch_t *out, bool *found);
/* Batch id (any state). *found false if there is none. */
store_rc_t store_batch_get(store_t *s, int64_t id, store_batch_t *out, bool *found);
/* How many questions and sign-ups this database holds of batch id now
 * (fewer than it was written with once rows were deleted, by the wipe). */
store_rc_t store_batch_rows_now(store_t *s, int64_t id, int64_t *questions, int64_t *signups);
/* A PENDING batch's files hold its rows and were read back: record it as
 * DONE and verified with the row counts; *covered_all (may be NULL) gets
 * whether no row was left unexported at that moment. The counts must be
 * the batch's rows, else STORE_INVALID and nothing changes. */
store_rc_t store_batch_finish(store_t *s, int64_t id, int64_t questions, int64_t signups, bool *covered_all);
/* A PENDING batch that left no file under a final name: its rows are
 * unexported again. With forget the record goes and the next export takes
 * the number again; without (a file may have been left somewhere, e.g. on a
 * stick pulled before it could be removed) the number is retired (FAILED),
 * never reused, so two different files can never carry one batch number. */
store_rc_t store_batch_release(store_t *s, int64_t id, bool forget);
/* A DONE batch's files were written again and read back (export --batch). */
store_rc_t store_batch_set_verified(store_t *s, int64_t id);

/* ---- live Q&A: moderation and the room (store_qa.c) -------------------- */

/* A question's moderation state, stored in its status column. */
typedef enum {
    STORE_QA_NEW = 0, STORE_QA_APPROVED, STORE_QA_HIDDEN, STORE_QA_ANSWERED, STORE_QA_STATES
} store_qa_state_t;
#define STORE_QA_BIT(st) (1u << (st))
#define STORE_QA_ANY 0xFu

/* "new", "approved", "hidden", "answered". */
const char *store_qa_state_name(store_qa_state_t st);
/* The state named name; false for anything else. */
bool store_qa_state_parse(const char *name, store_qa_state_t *out);

typedef enum {
    STORE_QA_APPROVE,   /* approved: may be shown */
    STORE_QA_HIDE,      /* hidden: never shown (and off the screen) */
    STORE_QA_ANSWER,    /* answered (and off the screen) */
    STORE_QA_SHOW_NOW,  /* approved and the question on the screen now */
    STORE_QA_UNSHOW,    /* no question on the screen (uuid ignored) */
} store_qa_action_t;

typedef struct {
    char uuid[37];
    char kiosk_id[72];
    char created_at[32];
    char lang[16];
    char *text;             /* owned; wiped by store_qa_list_free */
    store_qa_state_t state;
    bool shown;             /* the question on the screen now */
    bool imported;          /* from another kiosk's export */
} store_qa_item_t;

typedef struct {
    store_qa_item_t *v;
    size_t n;
    int64_t count[STORE_QA_STATES]; /* opted-in questions per state (all of them) */
    char shown[37];         /* uuid of the question on the screen now, "" none */
} store_qa_list_t;

/* The questions whose asker opted in (this kiosk's and imported ones) whose
 * state is in mask (STORE_QA_BIT), newest first or oldest first (by time,
 * kiosk, seq), read in one snapshot with the counts per state. Never the
 * name: it is not read. *out is overwritten; free with store_qa_list_free. */
store_rc_t store_qa_list(store_t *s, unsigned mask, bool newest_first, store_qa_list_t *out);
void store_qa_list_free(store_qa_list_t *l); /* accepts a zeroed list */

/* Moderate question uuid (an opted-in one; STORE_INVALID for any other):
 * one BEGIN IMMEDIATE ... COMMIT, durable like a submission (WAL,
 * synchronous=FULL), so the change is on disk before this returns. */
store_rc_t store_qa_set(store_t *s, const char *uuid, store_qa_action_t a);

/* A number that changes whenever a question or its moderation changed,
 * through this handle or another process (PRAGMA data_version and this
 * connection's changes): cheap enough to poll every frame. */
uint64_t store_qa_version(store_t *s);

/* Every question on this kiosk (the public count, "23 questions so far");
 * -1 on failure. */
int64_t store_question_count(store_t *s);

/* One row of another kiosk's export, for store_qa_import(). */
typedef struct {
    const char *uuid, *kiosk_id, *created_at, *lang, *topic, *text, *status;
    int64_t seq;
} store_qa_import_t;

typedef struct {
    size_t added;       /* new rows */
    size_t duplicates;  /* uuid already here (imported before): kept as it is */
    size_t own;         /* this database's own questions: skipped */
    size_t conflicts;   /* kiosk id and seq already taken by another uuid */
    size_t invalid;     /* refused by the store's rules (bad UTF-8, too long) */
} store_qa_import_result_t;

/* Bring n opted-in questions of other kiosks in, in one transaction: dedup
 * by uuid (against imported and own rows), kiosk id and seq kept as they
 * were (their own seq space: imported_questions), text cleaned and checked
 * like a submission, status kept when it is a state name (else new).
 * *res (may be NULL) is filled on STORE_OK; on failure nothing is added. */
store_rc_t store_qa_import(store_t *s, const store_qa_import_t *rows, size_t n, store_qa_import_result_t *res);

/* ---- the general meeting: attendance and hand-counts (store_meeting.c) --- */

/* One check-in: a voting member present, by written vote or by proxy
 * (proxy_to: the holder, required), or a guest (a walk-in, member_id "",
 * or a member without a vote). name is required (a member's name from
 * members.csv, or the name typed for a walk-in). */
typedef struct {
    meet_kind_t kind;
    const char *member_id;
    const char *name;
    const char *proxy_to;
} store_checkin_in_t;

/* Save a check-in (one durable transaction, like a submission; the name and
 * proxy holder sealed when records are sealed). STORE_INVALID when a field
 * is refused or the member already has a check-in not undone (the message
 * says so). */
store_rc_t store_checkin(store_t *s, const store_checkin_in_t *in, store_receipt_t *out);
/* Take back check-in uuid with an undo row; STORE_INVALID when uuid is no
 * check-in or was undone already. */
store_rc_t store_checkin_undo(store_t *s, const char *uuid, store_receipt_t *out);

typedef struct {
    char uuid[37];
    int64_t seq;
    char created_at[32];
    meet_kind_t kind;
    char member_id[72];
    char *name;      /* as stored: a sealed cell when the row is sealed */
    char *proxy_to;  /* the same */
} store_checkin_t;

typedef struct {
    store_checkin_t *v;          /* check-ins not undone, newest first */
    size_t n;
    meet_attendance_t counts;    /* the same, counted per kind */
    int64_t undone;              /* check-ins taken back */
} store_checkins_t;

store_rc_t store_checkins(store_t *s, store_checkins_t *out);
void store_checkins_free(store_checkins_t *l); /* wipes the names; accepts a zeroed list */
/* Only the counts (cheap: for the slides and the admin screen). */
store_rc_t store_attendance_counts(store_t *s, meet_attendance_t *out);

/* A hand-count entered for a resolution: the store computes the result
 * with meet_decide() from the counts, the attendance and the quorum given
 * (those of the moment it is entered) and keeps all of it in the row. */
typedef struct {
    const char *resolution;      /* its id in resolutions.ini */
    meet_majority_t majority;
    int64_t votes_for, against, abstain;
    int64_t attending;
    bool quorum;
} store_vote_in_t;

typedef struct {
    char uuid[37];
    int64_t seq;
    char created_at[32];
    char resolution[72];
    meet_majority_t majority;
    int64_t votes_for, against, abstain, attending;
    bool quorum;
    meet_outcome_t outcome;
} store_vote_t;

typedef struct {
    store_vote_t *v;             /* every entry, oldest first (seq order) */
    size_t n;
} store_votes_t;

/* Counts must be 0..1,000,000,000. */
store_rc_t store_vote_add(store_t *s, const store_vote_in_t *in, store_receipt_t *out);
store_rc_t store_votes(store_t *s, store_votes_t *out);
void store_votes_free(store_votes_t *l); /* accepts a zeroed list */
/* The entry that counts for resolution (the latest), or NULL; *entries
 * (may be NULL) receives how many there are (1 + corrections). */
const store_vote_t *store_votes_latest(const store_votes_t *l, const char *resolution, size_t *entries);

/* Questions received (this kiosk's and imported ones) and those marked
 * answered by the moderators, for the minutes. */
store_rc_t store_question_tally(store_t *s, int64_t *received, int64_t *answered);

/* A number that changes whenever the database changed, through this handle
 * or another process (store_qa_version): the slides poll it. */
uint64_t store_data_version(store_t *s);

/* ---- organizers: wiping and a second connection (store_wipe.c) ----------- */

typedef struct {
    int64_t questions, signups;   /* rows deleted */
    int64_t questions_left, signups_left; /* STORE_INVALID: rows no export batch holds */
    bool wal_truncated;           /* the WAL was checkpointed and truncated to 0 bytes */
    int64_t usage_rows;           /* hourly usage counts deleted with them */
    int64_t attendance_rows, vote_rows; /* the meeting's register and hand-counts deleted */
} store_wipe_result_t;

/* Delete every question and sign-up (and the usage counts, which need no
 * export first: they describe no one), but only when every row is in a
 * finished export batch whose files were read back from the medium when
 * they were written: the check and the deletion are one BEGIN IMMEDIATE
 * transaction, so a row saved meanwhile is never lost.
 * secure_delete is on, so the freed pages are zeroed; then the WAL is
 * checkpointed with TRUNCATE, the file is rebuilt with VACUUM and the WAL
 * truncated again, so no deleted text stays in the database file or its
 * -wal; a read transaction of another connection that keeps a checkpoint
 * from finishing is waited for (up to a minute). export_batches and meta (batch numbers, next seq) are kept, so later
 * exports never reuse a batch number. Returns STORE_OK with *out filled;
 * STORE_INVALID (nothing deleted) when some row is not exported yet, with
 * out->*_left, or is in a batch never read back (the message names the
 * batches to write again with `agmkiosk export --batch N`); STORE_READONLY / STORE_BUSY / STORE_IOERR on failure (nothing
 * deleted unless the COMMIT succeeded: then STORE_OK and wal_truncated
 * tells whether the clean-up finished). *err (may be NULL) receives a
 * message for the organizers on any failure (caller frees). */
store_rc_t store_wipe(store_t *s, store_wipe_result_t *out, char **err);

#endif
