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
 * receives uuid and seq on STORE_OK and is emptied otherwise. Input rules:
 * invalid UTF-8 and forbidden control characters (utf8_is_forbidden_control)
 * are refused with STORE_INVALID, never silently dropped; CR and CRLF become
 * LF; one-line fields (all but text and message) turn LF/TAB into spaces and
 * lose surrounding spaces; lengths are code points after that: text and
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
} store_opts_t;

#define STORE_SCHEMA_VERSION 2
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

/* The raw handle, for export and status (same process, same thread). */
sqlite3 *store_db(store_t *s);
const char *store_path(const store_t *s);
const char *store_kiosk_id(const store_t *s);
/* True when the database sits on read-only storage and was opened for
 * reading only (see store_open()). */
bool store_read_only_storage(const store_t *s);

/* ---- organizers: wiping and a second connection (store_wipe.c) ----------- */

typedef struct {
    int64_t questions, signups;   /* rows deleted */
    int64_t questions_left, signups_left; /* STORE_INVALID: rows no export batch holds */
    bool wal_truncated;           /* the WAL was checkpointed and truncated to 0 bytes */
} store_wipe_result_t;

/* Delete every question and sign-up, but only when every row is in an
 * export batch (export_batch IS NOT NULL): the check and the deletion are one
 * BEGIN IMMEDIATE transaction, so a row saved meanwhile is never lost.
 * secure_delete is on, so the freed pages are zeroed; then the WAL is
 * checkpointed with TRUNCATE, the file is rebuilt with VACUUM and the WAL
 * truncated again, so no deleted text stays in the database file or its
 * -wal. export_batches and meta (batch numbers, next seq) are kept, so later
 * exports never reuse a batch number. Returns STORE_OK with *out filled;
 * STORE_INVALID (nothing deleted) when some row is not exported yet, with
 * out->*_left; STORE_READONLY / STORE_BUSY / STORE_IOERR on failure (nothing
 * deleted unless the COMMIT succeeded: then STORE_OK and wal_truncated
 * tells whether the clean-up finished). *err (may be NULL) receives a
 * message for the organizers on any failure (caller frees). */
store_rc_t store_wipe(store_t *s, store_wipe_result_t *out, char **err);
/* store_wipe() on a connection from store_connect(), for a worker thread
 * (a large deletion and VACUUM take seconds on a Pi). */
store_rc_t store_wipe_conn(sqlite3 *db, store_wipe_result_t *out, char **err);

/* A second connection to s's database for another thread of the same
 * process (the admin screen's export runs beside the UI): opened
 * read-write without creating, with the busy timeout, synchronous=FULL,
 * foreign_keys and secure_delete like the store's own. NULL with *err set
 * (caller frees) on failure. Close it with store_disconnect(). */
sqlite3 *store_connect(const store_t *s, char **err);
void store_disconnect(sqlite3 *db); /* accepts NULL */

#endif
