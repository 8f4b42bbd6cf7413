/* store.c - durable storage of questions and sign-ups (see store.h).
 *
 * One connection, one thread. Every submission is one BEGIN IMMEDIATE ...
 * COMMIT transaction on statements prepared once at open; the caller hears
 * STORE_OK only after COMMIT returned, with journal_mode=WAL and
 * synchronous=FULL verified at open. Any failure rolls the transaction back
 * so that no partial row remains and the next call starts clean. */
#include "store.h"
#include "store_internal.h"
#include "../core/log.h"
#include "../core/textnorm.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const stmt_sql[ST_N] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_GET_SEQ] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_seq'",
    [ST_SET_SEQ] = "INSERT INTO meta(key, value) VALUES('next_seq', ?1) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    /* "new": in no finished batch (a pending or failed one does not count) */
    [ST_COUNT_Q] = "SELECT count(*), count(*) FILTER (WHERE export_batch IS NULL OR export_batch NOT IN "
                   "(SELECT id FROM export_batches WHERE state = 'done')) FROM questions",
    [ST_COUNT_S] = "SELECT count(*), count(*) FILTER (WHERE export_batch IS NULL OR export_batch NOT IN "
                   "(SELECT id FROM export_batches WHERE state = 'done')) FROM signups",
    [ST_LAST_BATCH] = "SELECT id, created_at, covered_all FROM export_batches WHERE state = 'done' "
                      "ORDER BY id DESC LIMIT 1",
    [ST_COUNT_BATCHES] = "SELECT count(*) FILTER (WHERE state = 'pending'),"
                         " count(*) FILTER (WHERE state = 'done' AND NOT verified) FROM export_batches",
};

/* ---- schema ------------------------------------------------------------ */

/* Each entry takes the schema from version i to i + 1. Entry 0 is the
 * schema of the first kiosks (v1); never edit a shipped entry, append. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    /* v0 -> v1: the first schema */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE questions(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
    " kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,"
    " text TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',"
    " topic TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'new');"
    "CREATE TABLE signups(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
    " kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,"
    " name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',"
    " interests TEXT NOT NULL DEFAULT '', languages TEXT NOT NULL DEFAULT '',"
    " message TEXT NOT NULL DEFAULT '', consent_version TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'new');"
    "INSERT INTO meta(key, value) VALUES('next_seq', '1');"
    "INSERT INTO meta(key, value) VALUES('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
    /* v1 -> v2: export batches */
    "CREATE TABLE export_batches(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
    " questions INTEGER NOT NULL, signups INTEGER NOT NULL,"
    " files TEXT NOT NULL, covered_all INTEGER NOT NULL DEFAULT 0);"
    "ALTER TABLE questions ADD COLUMN export_batch INTEGER REFERENCES export_batches(id);"
    "ALTER TABLE signups ADD COLUMN export_batch INTEGER REFERENCES export_batches(id);"
    "CREATE INDEX questions_export_batch ON questions(export_batch);"
    "CREATE INDEX signups_export_batch ON signups(export_batch);",
    /* v2 -> v3: a batch is claimed before its files are written and
     * finished after they were read back; batches of v2 were finished
     * (but never read back) */
    "ALTER TABLE export_batches ADD COLUMN state TEXT NOT NULL DEFAULT 'done';"
    "ALTER TABLE export_batches ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE export_batches ADD COLUMN max_seq INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE export_batches ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;",
    /* v3 -> v4: sealed rows carry the fingerprint of their key */
    "ALTER TABLE questions ADD COLUMN sealed_to TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE signups ADD COLUMN sealed_to TEXT NOT NULL DEFAULT '';",
    /* v4 -> v5: live Q&A. The asker's opt-in to show the question in the
     * room; questions imported from other kiosks' exports (opted-in ones,
     * without the name) in a table of their own, so their seq (the other
     * kiosk's) never meets this kiosk's; moderation states are the existing
     * status column, the question on screen now is meta 'qa_shown' */
    "ALTER TABLE questions ADD COLUMN may_show TEXT NOT NULL DEFAULT 'no';"
    "CREATE TABLE imported_questions(uuid TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,"
    " seq INTEGER NOT NULL, created_at TEXT NOT NULL, lang TEXT NOT NULL,"
    " topic TEXT NOT NULL DEFAULT '', text TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'new', imported_at TEXT NOT NULL,"
    " UNIQUE(kiosk_id, seq));"
    "CREATE INDEX questions_may_show ON questions(may_show, status);",
    /* v5 -> v6: what attendees looked at, as counts summed per hour (UTC):
     * visits, screens and report sections opened, and the seconds spent;
     * nothing per person, no finer time */
    "CREATE TABLE usage_counts(hour TEXT NOT NULL, kind TEXT NOT NULL,"
    " name TEXT NOT NULL DEFAULT '', opened INTEGER NOT NULL DEFAULT 0,"
    " spent_s INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(hour, kind, name)) WITHOUT ROWID;",
    /* v6 -> v7: moderation changes in the exports. Each change of a
     * question's state (this kiosk's or an imported one's) is a row of
     * moderation_log (its own uuid, a seq that is never reused), claimed by
     * the next export batch like a submission and written to the batch's
     * moderation file; a batch records the highest change it knew
     * (max_mod_seq; NULL for batches claimed before v7), and its questions
     * file shows each question's state as of that change. The states set
     * before v7 become the first changes, so the next export carries them. */
    "CREATE TABLE moderation_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,"
    " kiosk_id TEXT NOT NULL, changed_at TEXT NOT NULL, question_uuid TEXT NOT NULL, status TEXT NOT NULL,"
    " export_batch INTEGER REFERENCES export_batches(id));"
    "CREATE INDEX moderation_log_batch ON moderation_log(export_batch);"
    "CREATE INDEX moderation_log_question ON moderation_log(question_uuid, seq);"
    "ALTER TABLE export_batches ADD COLUMN max_mod_seq INTEGER;"
    "ALTER TABLE export_batches ADD COLUMN moderation INTEGER NOT NULL DEFAULT 0;"
    "INSERT INTO moderation_log(uuid, kiosk_id, changed_at, question_uuid, status)"
    " SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'"
    " || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1)"
    " || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),"
    " COALESCE((SELECT value FROM meta WHERE key = 'kiosk_id'), ''), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), uuid, status"
    " FROM (SELECT uuid, status, 0 AS imp, seq FROM questions WHERE status != 'new'"
    " UNION ALL SELECT uuid, status, 1, seq FROM imported_questions WHERE status != 'new') ORDER BY imp, seq;",
    /* v7 -> v8: the general meeting. The attendance register (check-ins
     * and their undos, never changed or deleted) and the hand-counts of
     * the resolutions (a correction is a new row); both take seq from the
     * kiosk's one counter */
    "CREATE TABLE attendance(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
    " kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, kind TEXT NOT NULL,"
    " member_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',"
    " proxy_to TEXT NOT NULL DEFAULT '', undoes TEXT NOT NULL DEFAULT '',"
    " sealed_to TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX attendance_undoes ON attendance(undoes);"
    "CREATE TABLE votes(uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
    " kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, resolution TEXT NOT NULL,"
    " majority TEXT NOT NULL, votes_for INTEGER NOT NULL, votes_against INTEGER NOT NULL,"
    " votes_abstain INTEGER NOT NULL, attending INTEGER NOT NULL, quorum TEXT NOT NULL,"
    " result TEXT NOT NULL);"
    "CREATE INDEX votes_resolution ON votes(resolution, seq);",
};

const char *store_schema_sql(int from_version)
{
    if (from_version < 0 || from_version >= STORE_SCHEMA_VERSION)
        return NULL;
    return migrations[from_version];
}

/* Run every statement of a constant SQL script (never user text) as
 * prepared statements. Returns an SQLite result code. */
int store_exec_script(sqlite3 *db, const char *sql)
{
    int rc = SQLITE_OK;
    const char *tail = sql;
    while (rc == SQLITE_OK && tail && *tail) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
        if (rc != SQLITE_OK || !st)
            break; /* an error, or only whitespace/comments left */
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        sqlite3_finalize(st);
    }
    return rc;
}

/* Read one integer from a constant single-row query; -1 on failure with
 * *rc set. */
static int64_t query_int(sqlite3 *db, const char *sql, int *rc)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    *rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (*rc != SQLITE_OK)
        goto out;
    *rc = sqlite3_step(st);
    if (*rc == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
        *rc = SQLITE_OK;
    } else if (*rc == SQLITE_DONE) {
        *rc = SQLITE_ERROR;
    }
out:
    sqlite3_finalize(st);
    return v;
}

/* Same for a text result, copied into buf ("" for NULL); no row at all is
 * SQLITE_ERROR. */
int store_query_text(sqlite3 *db, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto out;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        snprintf(buf, n, "%s", t ? t : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_ERROR;
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* Bring db from its user_version up to STORE_SCHEMA_VERSION, one
 * transaction per step so that a crash leaves a whole version behind.
 * Another process may be migrating the same file at the same moment (the
 * kiosk and the slideshow started together on a new data folder): each
 * step reads the version again once it holds the write lock and goes on
 * from there. */
static bool migrate(sqlite3 *db, int version, const char *kiosk_id, char **err)
{
    for (int v = version; v < STORE_SCHEMA_VERSION; v++) {
        int rc = store_exec_script(db, "BEGIN IMMEDIATE");
        if (rc != SQLITE_OK)
            goto fail;
        int64_t now = query_int(db, "PRAGMA user_version", &rc);
        if (rc != SQLITE_OK)
            goto fail;
        if (now != v) {
            store_exec_script(db, "ROLLBACK");
            if (now < v || now > STORE_SCHEMA_VERSION) {
                *err = xasprintf("db: the schema version changed from %d to %lld while it was being migrated", v,
                                 (long long)now);
                return false;
            }
            v = (int)now - 1; /* migrated by another process up to now */
            continue;
        }
        rc = store_exec_script(db, migrations[v]);
        if (rc == SQLITE_OK && v == 0) {
            sqlite3_stmt *st = NULL;
            rc = sqlite3_prepare_v2(db, "INSERT INTO meta(key, value) VALUES('kiosk_id', ?1)", -1, &st, NULL);
            if (rc == SQLITE_OK)
                rc = sqlite3_bind_text(st, 1, kiosk_id, -1, SQLITE_TRANSIENT);
            if (rc == SQLITE_OK)
                rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
            sqlite3_finalize(st);
        }
        if (rc == SQLITE_OK) {
            /* the version is a constant of this program, not user text */
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
            rc = store_exec_script(db, sql);
        }
        if (rc == SQLITE_OK)
            rc = store_exec_script(db, "COMMIT");
        if (rc == SQLITE_OK) {
            if (version > 0) /* not for a database being created */
                log_info("db", "migrated the database from schema version %d to %d", v, v + 1);
            continue;
        }
    fail:
        *err = xasprintf("db: could not migrate the database from schema version %d to %d: %s",
                         v, v + 1, sqlite3_errmsg(db));
        if (!sqlite3_get_autocommit(db))
            store_exec_script(db, "ROLLBACK");
        return false;
    }
    return true;
}

/* ---- opening ------------------------------------------------------------- */

/* " (<strerror>)" for the OS error behind the last SQLite failure, or "";
 * SQLite's own text ("unable to open database file") does not say why. */
static const char *sys_reason(sqlite3 *db)
{
    static char buf[128];
    int e = db ? sqlite3_system_errno(db) : 0;
    if (e == 0)
        return "";
    snprintf(buf, sizeof buf, " (%s)", strerror(e));
    return buf;
}

/* True for result codes that say the file is not a usable database (as
 * opposed to a lock or a permission problem, which moving it would not fix). */
static bool rc_is_corrupt(int rc)
{
    int p = rc & 0xff;
    return p == SQLITE_NOTADB || p == SQLITE_CORRUPT || rc == SQLITE_IOERR_READ ||
           rc == SQLITE_IOERR_SHORT_READ;
}

/* Open path and make it a usable store database in s->db. OPEN_CORRUPT
 * means the file should be moved aside (*why says why); OPEN_FATAL sets
 * *err. On anything but OPEN_OK s->db is closed. */
open_rc_t store_open_db_as(store_t *s, const store_opts_t *o, const char *name, bool uri, char **why, char **err)
{
    int flags = (o->read_only ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | (o->existing_only ? 0 : SQLITE_OPEN_CREATE)) |
                SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
    const char *vfs = NULL;
    const char *env = getenv("AGM_COUNT_SYNCS");
    if (o->count_syncs || (env && *env && strcmp(env, "0") != 0))
        vfs = store_vfs_register();
    s->via_vfs = vfs != NULL;
    open_rc_t res = OPEN_FATAL;
    int rc = sqlite3_open_v2(name, &s->db, flags, vfs);
    if (rc != SQLITE_OK) {
        *err = xasprintf("db: cannot open %s: %s%s", s->path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc),
                         sys_reason(s->db));
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    /* Until the file is known good, closing must not checkpoint: that would
     * write WAL frames into (and then delete the WAL of) a file that is
     * about to be moved aside untouched. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : STORE_BUSY_TIMEOUT_MS);
    s->read_only = sqlite3_db_readonly(s->db, "main") == 1;

    char check[256] = "ok";
    rc = o->skip_check ? SQLITE_OK : store_query_text(s->db, "PRAGMA quick_check", check, sizeof check);
    if (rc_is_corrupt(rc)) {
        *why = xstrdup(sqlite3_errmsg(s->db));
        res = OPEN_CORRUPT;
        goto out;
    }
    if (rc != SQLITE_OK) {
        *err = xasprintf("db: cannot read %s: %s%s", s->path, sqlite3_errmsg(s->db), sys_reason(s->db));
        goto out;
    }
    if (strcmp(check, "ok") != 0) {
        *why = xasprintf("quick_check: %s", check);
        res = OPEN_CORRUPT;
        goto out;
    }

    int64_t version = query_int(s->db, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK) {
        *err = xasprintf("db: cannot read the schema version of %s: %s", s->path, sqlite3_errmsg(s->db));
        goto out;
    }
    if (version > STORE_SCHEMA_VERSION || version < 0) {
        *err = xasprintf("db: %s has schema version %" PRId64 ", newer than this program knows (%d); "
                         "use a newer agmkiosk or another data folder", s->path, version, STORE_SCHEMA_VERSION);
        goto out;
    }

    char mode[32];
    if (!s->read_only) {
        /* Switching a new file to WAL needs it exclusively, and SQLite does
         * not wait for that through the busy timeout when this connection
         * already reads it: another process opening it at the same moment
         * gives SQLITE_BUSY at once, so wait here as the busy timeout would. */
        int waited = 0, limit = o->busy_timeout_ms > 0 ? o->busy_timeout_ms : STORE_BUSY_TIMEOUT_MS;
        while ((rc = store_query_text(s->db, "PRAGMA journal_mode = WAL", mode, sizeof mode)) == SQLITE_BUSY &&
               waited < limit) {
            sqlite3_sleep(10);
            waited += 10;
        }
        if (rc != SQLITE_OK || strcmp(mode, "wal") != 0) {
            *err = xasprintf("db: cannot switch %s to WAL journal mode (%s): %s", s->path,
                             mode, sqlite3_errmsg(s->db));
            goto out;
        }
    }
    rc = store_exec_script(s->db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                                  " PRAGMA secure_delete = ON;");
    int64_t sync = rc == SQLITE_OK ? query_int(s->db, "PRAGMA synchronous", &rc) : -1;
    int64_t fk = rc == SQLITE_OK ? query_int(s->db, "PRAGMA foreign_keys", &rc) : -1;
    if (rc != SQLITE_OK || sync != 2 || fk != 1) {
        *err = xasprintf("db: cannot set synchronous=FULL and foreign_keys on %s: %s", s->path,
                         sqlite3_errmsg(s->db));
        goto out;
    }

    if (s->read_only || o->existing_only) {
        if (version != STORE_SCHEMA_VERSION) {
            *err = xasprintf("db: %s is %s and has schema version %" PRId64 "; it needs version %d",
                             s->path, s->read_only ? "read-only" : "not migrated yet", version,
                             STORE_SCHEMA_VERSION);
            goto out;
        }
    } else if (!migrate(s->db, (int)version, s->kiosk_id, err)) {
        goto out;
    }

    for (int i = 0; i < ST_N; i++) {
        rc = sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
        if (rc != SQLITE_OK) {
            *err = xasprintf("db: cannot prepare a statement on %s: %s", s->path, sqlite3_errmsg(s->db));
            goto out;
        }
    }
    if ((rc = store_prepare_inserts(s)) != SQLITE_OK) {
        *err = xasprintf("db: cannot prepare the inserts on %s: %s", s->path, sqlite3_errmsg(s->db));
        goto out;
    }
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, (int *)NULL);
    res = OPEN_OK;
out:
    if (res != OPEN_OK) {
        for (int i = 0; i < ST_N; i++) {
            sqlite3_finalize(s->st[i]);
            s->st[i] = NULL;
        }
        for (int k = 0; k < STORE_KINDS; k++) {
            sqlite3_finalize(s->ins[k]);
            s->ins[k] = NULL;
        }
        sqlite3_close_v2(s->db);
        s->db = NULL;
    }
    return res;
}

static open_rc_t open_db(store_t *s, const store_opts_t *o, char **why, char **err)
{
    return store_open_db_as(s, o, s->path, false, why, err);
}

/* fsync the folder holding path so that a created or renamed entry is
 * durable. Best effort: failures only matter on exotic file systems. */
static void sync_parent(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(copy);
}

/* Rename path (and its -wal and -shm) to "<path>.corrupt-<UTC time>[-n]".
 * Returns the new name (caller frees) or NULL with *err set. */
static char *move_aside(const char *path, char **err)
{
    char stamp[32];
    now_utc_compact(stamp, sizeof stamp);
    char *dest = NULL;
    struct stat st;
    for (int n = 0; n < 1000; n++) {
        free(dest);
        dest = n ? xasprintf("%s.corrupt-%s-%d", path, stamp, n) : xasprintf("%s.corrupt-%s", path, stamp);
        if (lstat(dest, &st) != 0 && errno == ENOENT)
            break;
    }
    /* no database file but a bad side file: the side files still move */
    if (rename(path, dest) != 0 && errno != ENOENT) {
        *err = xasprintf("db: %s is unusable and could not be moved aside to %s: %s", path, dest, strerror(errno));
        free(dest);
        return NULL;
    }
    static const char *const sfx[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(sfx); i++) {
        char *from = xasprintf("%s%s", path, sfx[i]);
        char *to = xasprintf("%s%s", dest, sfx[i]);
        if (rename(from, to) != 0 && errno != ENOENT)
            log_warn("db", "could not move %s aside to %s: %s", from, to, strerror(errno));
        free(from);
        free(to);
    }
    sync_parent(path);
    return dest;
}

/* Make sure the folder exists (0700 when created here) and the database
 * file exists with mode 0600 whatever the umask. Returns false with *err. */
static bool prepare_file(const char *path, bool read_only, char **err)
{
    char *copy = xstrdup(path);
    char *dir = dirname(copy);
    struct stat st;
    bool ok = false;
    if (stat(dir, &st) != 0) {
        /* created here: made 0700 whatever the umask, through its own
         * descriptor so that nothing a name points to is changed */
        int dfd = -1;
        if (read_only || mkdir_p(dir, 0700) != 0 ||
            (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fchmod(dfd, 0700) != 0) {
            *err = xasprintf("db: cannot create the data folder %s: %s", dir, strerror(errno));
            if (dfd >= 0)
                close(dfd);
            goto out;
        }
        close(dfd);
    }
    if (read_only) {
        ok = true;
        goto out;
    }
    /* O_NOFOLLOW: a symbolic link put where the database belongs is never
     * followed (its target's mode must not become 0600); store_open_ex()
     * has set such a link aside already, this closes the race. */
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP) {
            *err = xasprintf("db: %s is a symbolic link; it is not opened", path);
            goto out;
        }
        if ((e == EROFS || e == EACCES || e == EPERM) && access(path, F_OK) == 0) {
            /* SQLite may still open it read-only; store_add_* then reports it */
            ok = true;
            goto out;
        }
        *err = xasprintf("db: cannot create %s: %s", path, strerror(e));
        goto out;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0)
        log_warn("db", "cannot set mode 0600 on %s: %s", path, strerror(errno));
    close(fd);
    sync_parent(path);
    ok = true;
out:
    free(copy);
    return ok;
}

/* A kiosk id goes into every row: same rules as any stored text. */
static bool kiosk_id_ok(const char *id)
{
    size_t n = strlen(id), i = 0, chars = 0;
    if (!utf8_valid(id, n, NULL))
        return false;
    while (i < n) {
        size_t adv;
        uint32_t cp = utf8_decode(id + i, n - i, &adv);
        if (utf8_is_forbidden_control(cp) || cp == '\n' || cp == '\t')
            return false;
        i += adv;
        chars++;
    }
    return chars <= 64;
}

store_t *store_open(const char *path, const char *kiosk_id, char **notice, char **err)
{
    return store_open_ex(path, kiosk_id, NULL, notice, err);
}

store_t *store_open_ex(const char *path, const char *kiosk_id, const store_opts_t *opts,
                       char **notice, char **err)
{
    static const store_opts_t defaults = {0};
    const store_opts_t *o = opts ? opts : &defaults;
    if (notice)
        *notice = NULL;
    *err = NULL;
    if (!path || !*path) {
        *err = xstrdup("db: no database path given");
        return NULL;
    }
    store_t *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->kiosk_id = xstrdup(kiosk_id && *kiosk_id ? kiosk_id : "kiosk");
    s->errfield = "";
    for (int k = 0; k < STORE_KINDS; k++)
        s->rec[k] = o->records[k] ? o->records[k] : store_record((store_kind_t)k);

    struct stat st;
    char *why = NULL, *moved = NULL;
    if (kiosk_id && !kiosk_id_ok(kiosk_id)) {
        *err = xstrdup("db: the kiosk id must be 1 to 64 characters of valid UTF-8 without control characters");
        goto fail;
    }
    if (o->existing_only) {
        open_rc_t r = open_db(s, o, &why, err);
        if (r == OPEN_OK)
            goto opened;
        if (r == OPEN_CORRUPT)
            *err = xasprintf("db: %s is unusable (%s)", path, why);
        goto fail;
    }
    /* A folder, device or symbolic link where the file should be is as
     * unusable as garbage: set aside (a link is renamed, its target is never
     * opened or changed). The same for the side files SQLite opens, creates,
     * truncates and chmods itself: a -shm linked to another file would be
     * truncated through the link. */
    {
        static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < AGM_ARRAY_LEN(sfx) && !why; i++) {
            char *f = xasprintf("%s%s", path, sfx[i]);
            if (lstat(f, &st) == 0 && !S_ISREG(st.st_mode))
                why = xasprintf("%s is %s, not a regular file", f,
                                S_ISLNK(st.st_mode) ? "a symbolic link" : S_ISDIR(st.st_mode) ? "a folder" : "a special file");
            free(f);
        }
        if (why && o->read_only) {
            *err = xasprintf("db: %s; not opened", why);
            goto fail;
        }
        if (why)
            goto aside;
    }
    /* SQLite deletes the WAL of an empty database file; a WAL with content
     * next to an empty file is damage to keep, not to throw away */
    if (!o->read_only && lstat(path, &st) == 0 && st.st_size == 0) {
        char *wal = xasprintf("%s-wal", path);
        struct stat ws;
        bool stray = lstat(wal, &ws) == 0 && ws.st_size > 0;
        free(wal);
        if (stray) {
            why = xstrdup("the database file is empty but its WAL is not");
            goto aside;
        }
    }
    if (!prepare_file(path, o->read_only, err))
        goto fail;
    open_rc_t r = open_db(s, o, &why, err);
    if (r == OPEN_FATAL && store_storage_read_only(path) && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        char *first = *err;
        *err = NULL;
        r = store_open_on_read_only_storage(s, o, &why, err);
        if (r == OPEN_OK) {
            s->ro_storage = true;
            free(first);
        } else if (!*err) {
            *err = first;
        } else {
            free(first);
        }
    }
    if (r == OPEN_FATAL)
        goto fail;
    if (r == OPEN_OK)
        goto opened;
    if (o->read_only) {
        *err = xasprintf("db: %s is unusable (%s) and is opened read-only", path, why);
        goto fail;
    }
aside:
    moved = move_aside(path, err);
    if (!moved)
        goto fail;
    log_warn("db", "the database %s was unreadable (%s) and was moved to %s; a new one was started",
             path, why, moved);
    if (notice)
        *notice = xasprintf("db: the database was unreadable and was moved to %s; a new one was started", moved);
    if (!prepare_file(path, false, err))
        goto fail;
    free(why);
    why = NULL;
    if (open_db(s, o, &why, err) != OPEN_OK) {
        if (!*err)
            *err = xasprintf("db: a fresh database at %s is unusable too: %s", path, why ? why : "?");
        goto fail;
    }
opened:
    free(why);
    free(moved);
    if (s->ro_storage) {
        log_warn("db", "%s is on read-only storage: opened for reading only; submissions cannot be saved", path);
        if (notice && !*notice)
            *notice = xasprintf("db: the database %s is on read-only storage; it can be exported (export --all) "
                                "but questions and sign-ups cannot be saved", path);
    } else if (s->read_only) {
        log_warn("db", "%s is read-only: submissions cannot be saved", path);
        if (notice && !*notice)
            *notice = xasprintf("db: the database %s is read-only; questions and sign-ups cannot be saved", path);
    }
    {
        /* the first kiosk id stays in meta; rows carry the configured one */
        char id[256];
        if (store_query_text(s->db, "SELECT value FROM meta WHERE key = 'kiosk_id'", id, sizeof id) == SQLITE_OK && *id)
            s->db_kiosk_id = xstrdup(id);
        else
            s->db_kiosk_id = xstrdup(s->kiosk_id);
        if (!(kiosk_id && *kiosk_id) && *id) {
            free(s->kiosk_id);
            s->kiosk_id = xstrdup(id);
        }
    }
    return s;
fail:
    free(why);
    free(moved);
    if (notice) {
        free(*notice);
        *notice = NULL;
    }
    if (!*err)
        *err = xasprintf("db: cannot open %s", path);
    store_close(s);
    return NULL;
}

void store_close(store_t *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_N; i++)
        sqlite3_finalize(s->st[i]);
    for (int k = 0; k < STORE_KINDS; k++)
        sqlite3_finalize(s->ins[k]);
    if (s->db && sqlite3_close(s->db) != SQLITE_OK)
        log_warn("db", "closing %s: %s", s->path, sqlite3_errmsg(s->db));
    store_remove_rescue_dir(s);
    free(s->path);
    free(s->kiosk_id);
    free(s->db_kiosk_id);
    free(s->seal_refused);
    free(s);
}

/* ---- reading ----------------------------------------------------------- */

bool store_counts(store_t *s, store_counts_t *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !s->db)
        return false;
    int rc = sqlite3_step(s->st[ST_COUNT_Q]);
    if (rc == SQLITE_ROW) {
        out->questions = sqlite3_column_int64(s->st[ST_COUNT_Q], 0);
        out->questions_new = sqlite3_column_int64(s->st[ST_COUNT_Q], 1);
        rc = sqlite3_step(s->st[ST_COUNT_S]);
    }
    if (rc == SQLITE_ROW) {
        out->signups = sqlite3_column_int64(s->st[ST_COUNT_S], 0);
        out->signups_new = sqlite3_column_int64(s->st[ST_COUNT_S], 1);
        rc = sqlite3_step(s->st[ST_LAST_BATCH]);
    }
    if (rc == SQLITE_ROW) {
        out->last_batch = sqlite3_column_int64(s->st[ST_LAST_BATCH], 0);
        const char *t = (const char *)sqlite3_column_text(s->st[ST_LAST_BATCH], 1);
        snprintf(out->last_export_at, sizeof out->last_export_at, "%s", t ? t : "");
        out->last_covered_all = sqlite3_column_int(s->st[ST_LAST_BATCH], 2) != 0;
        rc = SQLITE_DONE;
    }
    if (rc == SQLITE_DONE && (rc = sqlite3_step(s->st[ST_COUNT_BATCHES])) == SQLITE_ROW) {
        out->unfinished_batches = sqlite3_column_int64(s->st[ST_COUNT_BATCHES], 0);
        out->unverified_batches = sqlite3_column_int64(s->st[ST_COUNT_BATCHES], 1);
        rc = SQLITE_DONE;
    }
    if (rc != SQLITE_DONE)
        store_set_err(s, NULL, "db: cannot count the rows: %s", sqlite3_errmsg(s->db));
    sqlite3_reset(s->st[ST_COUNT_Q]);
    sqlite3_reset(s->st[ST_COUNT_S]);
    sqlite3_reset(s->st[ST_LAST_BATCH]);
    sqlite3_reset(s->st[ST_COUNT_BATCHES]);
    return rc == SQLITE_DONE;
}

const char *store_errmsg(const store_t *s) { return s ? s->errmsg : "no store"; }
const char *store_errfield(const store_t *s) { return s ? s->errfield : ""; }
const char *store_path(const store_t *s) { return s ? s->path : NULL; }
const char *store_kiosk_id(const store_t *s) { return s ? s->kiosk_id : NULL; }
const char *store_db_kiosk_id(const store_t *s) { return s ? s->db_kiosk_id : NULL; }

store_t *store_open_again(const store_t *s, char **err)
{
    *err = NULL;
    if (!s || !s->path) {
        *err = xstrdup("db: no database is open");
        return NULL;
    }
    store_opts_t o = {.skip_check = true, .existing_only = true, .read_only = s->read_only,
                      .count_syncs = s->via_vfs, .records = {s->rec[0], s->rec[1], s->rec[2], s->rec[3]}};
    return store_open_ex(s->path, s->kiosk_id, &o, NULL, err);
}
bool store_read_only_storage(const store_t *s) { return s && s->ro_storage; }

int64_t store_test_set_max_pages(store_t *s, int64_t pages)
{
    if (!s || !s->db || pages < 0)
        return -1;
    char sql[64];
    /* an integer from the caller, not user text */
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %" PRId64, pages);
    int rc;
    int64_t v = query_int(s->db, sql, &rc);
    return rc == SQLITE_OK ? v : -1;
}
