/* import.c - questions of other kiosks' exports into this database (see
 * import.h). */
#include "import.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"
#include "csvw.h"
#include "merge.h"

typedef struct {
    char **cell;
    size_t n, cap;
    int col[9];          /* uuid kiosk_id seq created_at lang topic text status may_show */
    bool header_done;
    store_qa_import_t *rows;
    size_t nrows, caprows;
    char **keep;         /* strings the rows point to */
    size_t nkeep, capkeep;
    bool bad;
} rd_t;

static const char *const want[9] = {"uuid", "kiosk_id", "seq", "created_at", "lang", "topic", "text", "status",
                                    "may_show"};

static int never_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void on_cell(void *s, size_t len, void *data)
{
    rd_t *r = data;
    xgrow((void **)&r->cell, &r->cap, r->n + 1, sizeof *r->cell);
    r->cell[r->n++] = xstrndup(s ? s : "", s ? len : 0);
}

static const char *cell(rd_t *r, int k)
{
    int c = r->col[k];
    return c >= 0 && (size_t)c < r->n ? r->cell[c] : "";
}

static void on_record(int term, void *data)
{
    (void)term;
    rd_t *r = data;
    if (!r->header_done) {
        for (int k = 0; k < 9; k++) {
            r->col[k] = -1;
            for (size_t i = 0; i < r->n; i++) {
                bool raw = false;
                if (csvw_header_cell_is(r->cell[i], want[k], &raw))
                    r->col[k] = (int)i;
            }
        }
        r->header_done = true;
        r->bad = r->col[0] < 0 || r->col[6] < 0;
    } else if (strcmp(cell(r, 8), "yes") == 0) {
        xgrow((void **)&r->rows, &r->caprows, r->nrows + 1, sizeof *r->rows);
        store_qa_import_t *q = &r->rows[r->nrows++];
        q->uuid = cell(r, 0);
        q->kiosk_id = cell(r, 1);
        q->seq = strtoll(cell(r, 2), NULL, 10);
        q->created_at = cell(r, 3);
        q->lang = cell(r, 4);
        q->topic = cell(r, 5);
        q->text = cell(r, 6);
        q->status = cell(r, 7);
        /* the row keeps its cells; the name is never among what it uses */
        xgrow((void **)&r->keep, &r->capkeep, r->nkeep + r->n, sizeof *r->keep);
        for (size_t i = 0; i < r->n; i++)
            r->keep[r->nkeep++] = r->cell[i];
        r->n = 0;
        return;
    }
    for (size_t i = 0; i < r->n; i++) {
        explicit_bzero(r->cell[i], strlen(r->cell[i]));
        free(r->cell[i]);
    }
    r->n = 0;
}

static void rd_free(rd_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cell[i]);
    for (size_t i = 0; i < r->nkeep; i++) {
        explicit_bzero(r->keep[i], strlen(r->keep[i]));
        free(r->keep[i]);
    }
    free(r->cell);
    free(r->keep);
    free(r->rows);
}

/* Remove every file of dir (written by merge) and dir itself. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char *p = path_join(dir, e->d_name);
                unlink(p);
                free(p);
            }
        closedir(d);
    }
    rmdir(dir);
}

bool import_questions(store_t *s, const char *const *files, size_t n, import_result_t *r, char **err)
{
    memset(r, 0, sizeof *r);
    *err = NULL;
    bool ok = false;
    char *base = xstrdup(store_path(s));
    char *slash = strrchr(base, '/');
    if (slash)
        *slash = '\0';
    char *tmpl = path_join(slash ? base : ".", ".import-XXXXXX");
    char *dir = mkdtemp(tmpl);
    char *text = NULL;
    rd_t rd = {0};
    merge_result_t mr = {0};
    if (!dir) {
        *err = xasprintf("import: cannot make a private folder beside the database: %s", strerror(errno));
        goto out;
    }
    char *out = xasprintf("%s/", dir);
    merge_opts_t mo = {.out = out, .raw = true};
    bool merged = merge_run(files, n, &mo, &mr, err);
    free(out);
    if (!merged)
        goto out;
    r->merge_conflicts = mr.conflicts;
    r->report = xstrdup(mr.report ? mr.report : "");
    if (!mr.files[0]) {
        ok = true; /* no questions file among them */
        goto out;
    }
    size_t len = 0;
    text = file_read_all(mr.files[0], &len);
    if (!text) {
        *err = xasprintf("import: cannot read %s: %s", mr.files[0], strerror(errno));
        goto out;
    }
    struct csv_parser cp;
    csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&cp, never_space);
    bool parsed = csv_parse(&cp, text, len, on_cell, on_record, &rd) == len && csv_fini(&cp, on_cell, on_record, &rd) == 0;
    csv_free(&cp);
    if (!parsed || rd.bad) {
        *err = xstrdup("import: the merged questions could not be read back");
        goto out;
    }
    r->read = mr.rows_out[0];
    r->opted_in = rd.nrows;
    store_rc_t rc = store_qa_import(s, rd.rows, rd.nrows, &r->store);
    if (rc != STORE_OK) {
        *err = xasprintf("import: %s", store_errmsg(s));
        goto out;
    }
    ok = true;
out:
    if (text) {
        explicit_bzero(text, strlen(text));
        free(text);
    }
    rd_free(&rd);
    merge_result_free(&mr);
    if (dir)
        remove_dir(dir);
    free(tmpl);
    free(base);
    if (!ok) {
        free(r->report);
        r->report = NULL;
    }
    return ok;
}
