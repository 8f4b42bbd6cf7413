#include "testdb.h"
#include "../../src/core/util.h"

#include <stdlib.h>

char *q_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        out = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    return out ? out : xstrdup("");
}

long long q_int(sqlite3 *db, const char *sql)
{
    char *t = q_text(db, sql);
    long long v = *t ? atoll(t) : -1;
    free(t);
    return v;
}
