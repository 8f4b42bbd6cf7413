/* testdb.h - reading single values from a database in tests. */
#ifndef AGM_TESTDB_H
#define AGM_TESTDB_H

#include <sqlite3.h>

/* First column of the first row of a constant query as text ("" if no
 * row). Caller frees. */
char *q_text(sqlite3 *db, const char *sql);
/* The same as a number; -1 when there is no row. */
long long q_int(sqlite3 *db, const char *sql);

#endif
