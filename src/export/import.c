/* import.c - questions of other kiosks' exports into this database (see
 * import.h). */
#include "import.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "merge.h"

/* The columns taken, by their header names; the name is never among them. */
enum { C_UUID, C_KIOSK, C_SEQ, C_CREATED, C_LANG, C_TOPIC, C_TEXT, C_STATUS, C_MAY_SHOW, C_COUNT };
static const char *const want[C_COUNT] = {"uuid", "kiosk_id", "seq", "created_at", "lang", "topic", "text", "status",
                                          "may_show"};

typedef struct {
    int col[C_COUNT];
    store_qa_import_t *rows;
    size_t nrows, caprows;
    char **keep;         /* strings the rows point to */
    size_t nkeep, capkeep;
} rd_t;

static const char *keep(rd_t *r, const char *s)
{
    xgrow((void **)&r->keep, &r->capkeep, r->nkeep + 1, sizeof *r->keep);
    return r->keep[r->nkeep++] = xstrdup(s);
}

/* merge's on_row: an opted-in question, copied without its name. */
static void on_row(int kind, const char *const *cells, void *ctx)
{
    rd_t *r = ctx;
    if (kind != STORE_QUESTIONS || r->col[C_MAY_SHOW] < 0 || strcmp(cells[r->col[C_MAY_SHOW]], "yes") != 0)
        return;
    xgrow((void **)&r->rows, &r->caprows, r->nrows + 1, sizeof *r->rows);
    store_qa_import_t *q = &r->rows[r->nrows++];
    q->uuid = keep(r, cells[r->col[C_UUID]]);
    q->kiosk_id = keep(r, cells[r->col[C_KIOSK]]);
    q->seq = strtoll(cells[r->col[C_SEQ]], NULL, 10);
    q->created_at = keep(r, cells[r->col[C_CREATED]]);
    q->lang = keep(r, cells[r->col[C_LANG]]);
    q->topic = keep(r, cells[r->col[C_TOPIC]]);
    q->text = keep(r, cells[r->col[C_TEXT]]);
    q->status = keep(r, cells[r->col[C_STATUS]]);
}

static void rd_free(rd_t *r)
{
    for (size_t i = 0; i < r->nkeep; i++) {
        sodium_memzero(r->keep[i], strlen(r->keep[i]));
        free(r->keep[i]);
    }
    free(r->keep);
    free(r->rows);
}

bool import_questions(store_t *s, const char *const *files, size_t n, import_result_t *r, char **err)
{
    memset(r, 0, sizeof *r);
    *err = NULL;
    bool ok = false;
    rd_t rd = {0};
    merge_result_t mr = {0};
    const store_record_t *rec = store_record(STORE_QUESTIONS);
    for (int k = 0; k < C_COUNT; k++)
        if ((rd.col[k] = store_record_find(rec, want[k])) < 0 && k != C_MAY_SHOW) {
            *err = xasprintf("import: the question record has no column %s", want[k]);
            return false;
        }
    merge_opts_t mo = {.on_row = on_row, .on_row_ctx = &rd};
    char *merr = NULL;
    if (!merge_run(files, n, &mo, &mr, &merr)) {
        size_t len = strlen(merr);
        *err = xasprintf("%s%simport: nothing imported\n", merr, len && merr[len - 1] != '\n' ? "\n" : "");
        free(merr);
        goto out;
    }
    r->merge_conflicts = mr.conflicts;
    r->report = xstrdup(mr.report ? mr.report : "");
    r->read = mr.rows_out[STORE_QUESTIONS];
    r->opted_in = rd.nrows;
    store_rc_t rc = store_qa_import(s, rd.rows, rd.nrows, &r->store);
    if (rc != STORE_OK) {
        *err = xasprintf("import: %s", store_errmsg(s));
        goto out;
    }
    ok = true;
out:
    rd_free(&rd);
    merge_result_free(&mr);
    if (!ok) {
        free(r->report);
        r->report = NULL;
    }
    return ok;
}
