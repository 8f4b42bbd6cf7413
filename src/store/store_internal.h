/* store_internal.h - pieces of the store shared between its own files and
 * its tests; not part of the public contract. */
#ifndef AGM_STORE_INTERNAL_H
#define AGM_STORE_INTERNAL_H

#include <sqlite3.h>

/* Register (once) the sync-counting VFS and return its name for
 * sqlite3_open_v2(), or NULL if it could not be registered. */
const char *store_vfs_register(void);

/* The OS error (errno) of the last failed write/sync/truncate through that
 * VFS, 0 if none since store_vfs_clear_errno(). */
int store_vfs_last_errno(void);
void store_vfs_clear_errno(void);

/* The SQL that takes a database from schema from_version to
 * from_version + 1 (NULL past the last). Tests build old databases with it. */
const char *store_schema_sql(int from_version);

/* Run a constant multi-statement SQL script as prepared statements
 * (never user text). Returns an SQLite result code. */
int store_exec_script(sqlite3 *db, const char *sql);

#endif
