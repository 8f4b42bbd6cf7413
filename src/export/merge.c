#include "merge.h"
#include "csvw.h"
#include "export.h"
#include "../core/util.h"
#include "../store/store.h"

#include <csv.h>
#include <sodium.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_HEADER_COLS 32

/* ---- an arena: every cell of every file, freed at once ---------------- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    _Alignas(max_align_t) char data[];
} arena_block_t;

typedef struct {
    arena_block_t *head;
} arena_t;

static void *arena_alloc(arena_t *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        arena_block_t *b = xmalloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void arena_free(arena_t *a)
{
    while (a->head) {
        arena_block_t *n = a->head->next;
        /* cells are personal data (opened ones plain text): wiped */
        sodium_memzero(a->head->data, a->head->used);
        free(a->head);
        a->head = n;
    }
}

/* ---- rows of one kind, deduplicated by uuid ---------------------------- */

typedef struct {
    char **cell;       /* ncols cells in export order (arena) */
    int64_t seq;
    uint32_t file, line;
} mrow_t;

typedef struct {
    int ncols;
    const char **cols;  /* the CSV headers of the record description */
    int iu, is, ik, ic; /* where uuid, seq, kiosk_id and created_at are */
    int ikey;           /* sealed_to (STORE_F_KEY), -1 if none */
    int istatus;        /* questions: status, which moderation changes (not
                           a conflict when two copies differ in it); -1 */
    bool optional[MAX_HEADER_COLS]; /* may be missing from a file's header:
                                       columns added later (sealed_to, an
                                       opt-in): blank in files made before */
    int noptional;
    mrow_t *rows;
    size_t n, cap;
    uint32_t *slot;    /* open addressing, 2 words a slot: row index + 1
                          (0 = empty) and the uuid's hash, so that probing
                          rarely touches the rows themselves */
    size_t nslot;
    bool present;      /* some file of this kind was read */
} kindset_t;

typedef struct {
    const char *const *files;
    size_t nfiles;
    const merge_opts_t *o;
    arena_t arena;
    kindset_t kind[MERGE_KINDS];
    merge_result_t *res;
    strbuf_t errs, report, damage;
} merge_t;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void kind_rehash(kindset_t *k)
{
    free(k->slot);
    k->nslot = k->nslot ? k->nslot * 2 : 1024;
    k->slot = xcalloc(k->nslot * 2, sizeof *k->slot);
    for (size_t i = 0; i < k->n; i++) {
        uint64_t h = hash_str(k->rows[i].cell[k->iu]);
        size_t j = h & (k->nslot - 1);
        while (k->slot[2 * j])
            j = (j + 1) & (k->nslot - 1);
        k->slot[2 * j] = (uint32_t)(i + 1);
        k->slot[2 * j + 1] = (uint32_t)(h >> 32);
    }
}

static bool rows_equal(const kindset_t *k, const mrow_t *a, const mrow_t *b)
{
    for (int i = 0; i < k->ncols; i++)
        if (i != k->istatus && strcmp(a->cell[i], b->cell[i]) != 0)
            return false;
    return true;
}

/* Add a row unless its uuid is known; counts duplicates and conflicts. */
static void kind_add(merge_t *m, kindset_t *k, const mrow_t *row)
{
    if ((k->n + 1) * 2 > k->nslot)
        kind_rehash(k);
    uint64_t h = hash_str(row->cell[k->iu]);
    size_t j = h & (k->nslot - 1);
    while (k->slot[2 * j]) {
        const mrow_t *old = &k->rows[k->slot[2 * j] - 1];
        if (k->slot[2 * j + 1] == (uint32_t)(h >> 32) && strcmp(old->cell[k->iu], row->cell[k->iu]) == 0) {
            if (rows_equal(k, old, row)) {
                m->res->duplicates++;
            } else {
                m->res->conflicts++;
                sb_printf(&m->report, "conflict: uuid %s: %s:%u differs from %s:%u\n", row->cell[k->iu],
                          m->files[row->file], row->line, m->files[old->file], old->line);
            }
            return;
        }
        j = (j + 1) & (k->nslot - 1);
    }
    xgrow((void **)&k->rows, &k->cap, k->n + 1, sizeof *k->rows);
    k->rows[k->n] = *row;
    k->slot[2 * j] = (uint32_t)(++k->n);
    k->slot[2 * j + 1] = (uint32_t)(h >> 32);
}

/* The row whose uuid is uuid, or NULL. */
static mrow_t *kind_find(kindset_t *k, const char *uuid)
{
    if (!k->nslot)
        return NULL;
    uint64_t h = hash_str(uuid);
    size_t j = h & (k->nslot - 1);
    while (k->slot[2 * j]) {
        mrow_t *r = &k->rows[k->slot[2 * j] - 1];
        if (k->slot[2 * j + 1] == (uint32_t)(h >> 32) && strcmp(r->cell[k->iu], uuid) == 0)
            return r;
        j = (j + 1) & (k->nslot - 1);
    }
    return NULL;
}

/* ---- parsing one file -------------------------------------------------- */

typedef struct {
    merge_t *m;
    uint32_t file;
    const char *path;
    unsigned line, rec_line;     /* physical line being fed; first line of the record */
    bool in_record, failed;
    int kind;                    /* -1 until the header was read */
    int ncells;                  /* cells in the current record */
    char *cell[MAX_HEADER_COLS];
    int map[MAX_HEADER_COLS];    /* file column -> export column */
    int nheader;
    bool raw;                    /* the header says raw: cells are byte-exact */
} parse_t;

static void parse_error(parse_t *p, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void parse_error(parse_t *p, unsigned line, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    sb_printf(&p->m->errs, "%s:%u: ", p->path, line);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&p->m->errs, fmt, ap);
    va_end(ap);
    sb_appendc(&p->m->errs, '\n');
}

static int never_space(unsigned char c)
{
    (void)c;
    return 0; /* keep leading/trailing spaces and tabs: cells are data */
}

static void on_cell(void *s, size_t len, void *data)
{
    parse_t *p = data;
    if (p->failed)
        return;
    /* no export holds a NUL (the store refuses control characters); zero
     * bytes are what a failing medium reads back, and would cut the cell */
    if (s && memchr(s, '\0', len)) {
        parse_error(p, p->line, "a NUL byte inside a cell: the file is damaged (a failing medium?); use another copy");
        return;
    }
    if (p->ncells < MAX_HEADER_COLS)
        p->cell[p->ncells] = arena_strndup(&p->m->arena, s ? s : "", s ? len : 0);
    p->ncells++;
}

static const char *const kind_names[MERGE_KINDS] = {"questions", "sign-ups", "moderation changes"};

static void read_header(parse_t *p)
{
    int kind = 0;
    for (int i = 0; i < p->ncells && i < MAX_HEADER_COLS; i++) {
        bool raw;
        if (strcmp(p->cell[i], "email") == 0)
            kind = 1;
        else if (csvw_header_cell_is(p->cell[i], "question_uuid", &raw))
            kind = 2;
    }
    kindset_t *k = &p->m->kind[kind];
    if (p->ncells > MAX_HEADER_COLS || p->ncells > k->ncols || p->ncells < k->ncols - k->noptional) {
        parse_error(p, p->rec_line, "the header has %d columns; an export of %s has %d (is this an agmkiosk export?)",
                    p->ncells, kind_names[kind], k->ncols);
        return;
    }
    bool seen[MAX_HEADER_COLS] = {0};
    for (int i = 0; i < p->ncells; i++) {
        int c = -1;
        for (int j = 0; j < k->ncols; j++) {
            bool raw = false;
            if (csvw_header_cell_is(p->cell[i], k->cols[j], &raw)) {
                c = j;
                p->raw |= raw;
            }
        }
        if (c < 0 || seen[c]) {
            if (c < 0)
                parse_error(p, p->rec_line, "unknown column '%s' in the header (is this an agmkiosk export?)", p->cell[i]);
            else
                parse_error(p, p->rec_line, "column '%s' appears twice in the header", p->cell[i]);
            return;
        }
        seen[c] = true;
        p->map[i] = c;
    }
    /* a column added later (sealed_to, an opt-in) is blank in files made before it */
    for (int j = 0; j < k->ncols; j++)
        if (!seen[j] && !k->optional[j]) {
            parse_error(p, p->rec_line, "column '%s' is missing from the header (is this an agmkiosk export?)",
                        k->cols[j]);
            return;
        }
    p->kind = kind;
    p->nheader = p->ncells;
    k->present = true;
}

static bool open_row(parse_t *p, const kindset_t *k, mrow_t *row);

static void on_record(int term, void *data)
{
    (void)term;
    parse_t *p = data;
    p->in_record = false;
    if (p->failed)
        return;
    if (p->kind < 0) {
        read_header(p);
    } else if (p->ncells != p->nheader) {
        parse_error(p, p->rec_line, "%d cells, the header has %d", p->ncells, p->nheader);
    } else {
        kindset_t *k = &p->m->kind[p->kind];
        mrow_t row = {.file = p->file, .line = p->rec_line};
        row.cell = arena_alloc(&p->m->arena, sizeof(char *) * (size_t)k->ncols);
        static char empty[] = "";
        for (int j = 0; j < k->ncols; j++)
            row.cell[j] = empty; /* an optional column the file lacks */
        for (int i = 0; i < p->ncells; i++) {
            char *c = p->cell[i];
            row.cell[p->map[i]] = p->raw ? c : c + csv_cell_unneutralize(c, strlen(c));
        }
        char *end;
        errno = 0;
        row.seq = strtoll(row.cell[k->is], &end, 10);
        if (!row.cell[k->iu][0])
            parse_error(p, p->rec_line, "the uuid is empty");
        else if (!row.cell[k->is][0] || *end || errno)
            parse_error(p, p->rec_line, "seq '%s' is not a whole number", row.cell[k->is]);
        else if (!p->m->o->nkeys || open_row(p, k, &row)) {
            kind_add(p->m, k, &row);
            p->m->res->rows_in[p->kind]++;
        }
    }
    p->ncells = 0;
}

/* ---- opening sealed rows (agmkiosk open) -------------------------------- */

static void damaged(parse_t *p, const mrow_t *row, const kindset_t *k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void damaged(parse_t *p, const mrow_t *row, const kindset_t *k, const char *fmt, ...)
{
    sb_printf(&p->m->damage, "%s:%u: uuid %s: ", p->path, row->line, row->cell[k->iu]);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&p->m->damage, fmt, ap);
    va_end(ap);
    sb_appendc(&p->m->damage, '\n');
    p->m->res->damaged++;
}

/* Open every sealed cell of a row sealed to a key (sealed_to) with that
 * key. False (the row is named in the damage list and left out) when the
 * key was not given or a cell does not open; the other rows go on. */
static bool open_row(parse_t *p, const kindset_t *k, mrow_t *row)
{
    const char *id = k->ikey >= 0 ? row->cell[k->ikey] : "";
    if (!*id)
        return true; /* saved without a key: nothing is sealed */
    const seal_key_t *key = NULL;
    for (size_t i = 0; i < p->m->o->nkeys && !key; i++)
        if (strcmp(p->m->o->keys[i]->pub.id, id) == 0)
            key = p->m->o->keys[i];
    if (!key) {
        char pretty[SEAL_ID_PRETTY + 1];
        seal_id_pretty(id, pretty);
        damaged(p, row, k, "sealed to the key with fingerprint %s, which none of the --key files is (wrong key)", pretty);
        return false;
    }
    for (int i = 0; i < k->ncols; i++) {
        const char *c = row->cell[i];
        size_t n = strlen(c);
        if (!seal_is_sealed(c, n))
            continue;
        char *plain = NULL;
        size_t plen = 0;
        seal_cell_rc_t rc = seal_cell_open(key, c, n, &plain, &plen);
        if (rc != SEAL_CELL_OK) {
            damaged(p, row, k, "%s: %s", k->cols[i], seal_cell_strerror(rc));
            return false;
        }
        if (memchr(plain, '\0', plen)) {
            damaged(p, row, k, "%s: opened, but holds a NUL byte", k->cols[i]);
            sodium_memzero(plain, plen);
            free(plain);
            return false;
        }
        row->cell[i] = arena_strndup(&p->m->arena, plain, plen);
        sodium_memzero(plain, plen);
        free(plain);
    }
    return true;
}

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

static void parse_file(merge_t *m, uint32_t idx)
{
    const char *path = m->files[idx];
    parse_t p = {.m = m, .file = idx, .path = path, .kind = -1};
    size_t len = 0;
    char *text = file_read_all(path, &len);
    if (!text) {
        sb_printf(&m->errs, "%s: cannot read: %s\n", path, file_strerror(errno));
        return;
    }
    struct csv_parser cp;
    csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&cp, never_space);
    const char *s = text, *e = text + len;
    /* A BOM before the first field would become part of it. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    /* Fed one physical line at a time so that errors can name the line. */
    while (s < e && !p.failed) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(e - s);
        p.line++;
        if (!p.in_record && !blank_line(s, n)) {
            p.in_record = true;
            p.rec_line = p.line;
        }
        if (csv_parse(&cp, s, n, on_cell, on_record, &p) != n && !p.failed)
            parse_error(&p, p.line, "bad quoting (%s): a quote inside an unquoted cell, or text after a closing quote",
                        csv_strerror(csv_error(&cp)));
        s += n;
    }
    if (!p.failed && csv_fini(&cp, on_cell, on_record, &p) != 0)
        parse_error(&p, p.rec_line, "unterminated quote: a quoted cell of the record starting here never ends");
    if (!p.failed && p.kind < 0)
        sb_printf(&m->errs, "%s: empty file, no header row\n", path);
    csv_free(&cp);
    sodium_memzero(text, len);
    free(text);
}

/* ---- moderation ----------------------------------------------------------- */

typedef struct {
    const kindset_t *k;
    int iq;
} modcmp_t;

/* By question, then kiosk, then seq. */
static int mod_cmp(const void *a, const void *b, void *ctx)
{
    const modcmp_t *c = ctx;
    const mrow_t *x = &c->k->rows[*(const size_t *)a], *y = &c->k->rows[*(const size_t *)b];
    int r = strcmp(x->cell[c->iq], y->cell[c->iq]);
    if (r)
        return r;
    if ((r = strcmp(x->cell[c->k->ik], y->cell[c->k->ik])))
        return r;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Give each question the state of its latest moderation change: a
 * kiosk's own order is its seq (its clock may have gone back); between
 * kiosks (a projector moderating imported questions) the later changed_at,
 * then the kiosk id. Changes of questions not in these files are kept in
 * the moderation output and counted. */
static void apply_moderation(merge_t *m)
{
    kindset_t *mk = &m->kind[2], *qk = &m->kind[0];
    if (!mk->n)
        return;
    modcmp_t c = {mk, -1};
    for (int i = 0; i < mk->ncols; i++)
        if (strcmp(mk->cols[i], "question_uuid") == 0)
            c.iq = i;
    int ist = -1;
    for (int i = 0; i < mk->ncols; i++)
        if (strcmp(mk->cols[i], "status") == 0)
            ist = i;
    if (c.iq < 0 || ist < 0)
        return;
    size_t *ix = xmalloc(mk->n * sizeof *ix);
    for (size_t i = 0; i < mk->n; i++)
        ix[i] = i;
    if (mk->n > 1)
        qsort_r(ix, mk->n, sizeof *ix, mod_cmp, &c);
    for (size_t i = 0; i < mk->n;) {
        const char *qu = mk->rows[ix[i]].cell[c.iq];
        const mrow_t *best = NULL;
        size_t j = i;
        while (j < mk->n && strcmp(mk->rows[ix[j]].cell[c.iq], qu) == 0) {
            /* the last of this kiosk's changes is its latest */
            size_t e = j;
            while (e + 1 < mk->n && strcmp(mk->rows[ix[e + 1]].cell[c.iq], qu) == 0 &&
                   strcmp(mk->rows[ix[e + 1]].cell[mk->ik], mk->rows[ix[j]].cell[mk->ik]) == 0)
                e++;
            const mrow_t *last = &mk->rows[ix[e]];
            int t = best ? strcmp(last->cell[mk->ic], best->cell[mk->ic]) : 1;
            if (t > 0 || (t == 0 && strcmp(last->cell[mk->ik], best->cell[mk->ik]) > 0))
                best = last;
            j = e + 1;
        }
        mrow_t *q = qk->istatus >= 0 ? kind_find(qk, qu) : NULL;
        if (q) {
            if (strcmp(q->cell[qk->istatus], best->cell[ist]) != 0)
                m->res->restated++;
            q->cell[qk->istatus] = best->cell[ist];
            m->res->moderated++;
        } else {
            m->res->moderation_elsewhere++;
        }
        i = j;
    }
    free(ix);
}

/* ---- ordering and writing ---------------------------------------------- */

static int row_cmp(const void *a, const void *b, void *kp)
{
    const mrow_t *x = a, *y = b;
    const kindset_t *k = kp;
    int c = strcmp(x->cell[k->ic], y->cell[k->ic]); /* created_at */
    if (c)
        return c;
    if ((c = strcmp(x->cell[k->ik], y->cell[k->ik]))) /* kiosk_id */
        return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int fsync_parent(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash == dir ? (void)(slash[1] = '\0') : (void)(*slash = '\0');
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd < 0 ? -1 : fsync(fd);
    if (rc != 0 && (errno == EINVAL || errno == ENOTSUP))
        rc = 0;
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}

/* Write the rows of k into a new temporary sibling of path (created here,
 * mode 0600, never an existing file), then flush, fsync and close it.
 * Returns the temporary's name (caller frees), or NULL with the error in
 * m->errs and nothing left behind. */
/* A finished output before its rename: unnamed (O_TMPFILE, fd open) where
 * the file system allows, so a run killed before it ends leaves no file
 * behind (an opened file holds plain text); else a named temporary. */
typedef struct {
    char *name; /* the named temporary, or NULL */
    int fd;     /* the unnamed file, or -1 */
} temp_t;

/* An unnamed file in path's folder, or -1 (no O_TMPFILE there, no /proc). */
static int open_unnamed(const char *path)
{
    if (access("/proc/self/fd", X_OK) != 0)
        return -1;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    free(dir);
    return fd;
}

static bool write_temp(merge_t *m, kindset_t *k, const char *path, temp_t *t)
{
    t->name = NULL;
    t->fd = open_unnamed(path);
    char *tmp = NULL;
    const char *step = "could not create a temporary file beside";
    int fd = t->fd >= 0 ? dup(t->fd) : -1;
    if (t->fd < 0) {
        tmp = xasprintf("%s.tmp-XXXXXX", path);
        fd = mkostemp(tmp, O_CLOEXEC);
    }
    FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bool ok = false, created = fd >= 0;
    csvw_t w = {0};
    if (!fp)
        goto out;
    csvw_begin(&w, fp, !m->o->raw, m->o->excel);
    csvw_header(&w, k->cols, k->ncols);
    for (size_t r = 0; r < k->n; r++) {
        for (int i = 0; i < k->ncols; i++)
            csvw_str(&w, k->rows[r].cell[i]);
        csvw_end_row(&w);
    }
    step = "could not write";
    if (csvw_finish(&w) != 0)
        goto out;
    step = "could not fsync";
    if (fsync(fileno(fp)) != 0)
        goto out;
    step = "could not close";
    FILE *f = fp;
    fp = NULL;
    fd = -1;
    if (fclose(f) != 0)
        goto out;
    ok = true;
out:
    if (!ok) {
        int e = errno ? errno : EIO;
        sb_printf(&m->errs, "%s %s: %s\n", step, created && tmp ? tmp : path, strerror(e));
        if (fp) {
            csvw_finish(&w);
            fclose(fp);
        } else if (fd >= 0) {
            close(fd);
        }
        if (created && tmp)
            unlink(tmp); /* made by this run a moment ago */
        if (t->fd >= 0)
            close(t->fd);
        t->fd = -1;
        free(tmp);
        tmp = NULL;
    }
    csvw_release(&w);
    t->name = tmp;
    return ok;
}

/* Give a finished temporary its final name, replacing what is there. An
 * unnamed one is linked under a temporary name first (link cannot
 * replace), then renamed: a name of its own only for that moment. */
static bool temp_publish(temp_t *t, const char *path)
{
    if (t->fd < 0)
        return rename(t->name, path) == 0;
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", t->fd);
    for (int i = 0; i < 100; i++) {
        char *name = xasprintf("%s.tmp-%ld-%d", path, (long)getpid(), i);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
            bool ok = rename(name, path) == 0;
            int e = errno;
            if (!ok)
                unlink(name);
            free(name);
            errno = e;
            return ok;
        }
        int e = errno;
        free(name);
        if (e != EEXIST) {
            errno = e;
            return false;
        }
    }
    errno = EEXIST;
    return false;
}

/* Drop a temporary that was not published. */
static void temp_drop(temp_t *t)
{
    if (t->name)
        unlink(t->name); /* this run's own temporary */
    if (t->fd >= 0)
        close(t->fd);
    free(t->name);
    t->name = NULL;
    t->fd = -1;
}

static bool fault(const merge_opts_t *o, merge_fault_t f)
{
    if (o->fault != f && (!o->hook || o->hook(f, o->hook_ctx)))
        return false;
    errno = EIO;
    return true;
}

static char *output_path(const char *out, const char *kind)
{
    struct stat st;
    size_t n = strlen(out);
    if ((n && out[n - 1] == '/') || (stat(out, &st) == 0 && S_ISDIR(st.st_mode))) {
        char *name = xasprintf("merged-%s.csv", kind);
        char *p = path_join(out, name);
        free(name);
        return p;
    }
    return xasprintf("%s-%s.csv", out, kind);
}

/* Write every kind present: all temporaries first, each synced; then the
 * renames, then the folder fsyncs. A failure before the first rename
 * removes only the temporaries this run created, so every existing file
 * (an earlier merge given as an input, too) stays as it was. */
static void write_outputs(merge_t *m)
{
    const merge_opts_t *o = m->o;
    merge_result_t *r = m->res;
    char *path[MERGE_KINDS] = {0};
    temp_t tmp[MERGE_KINDS];
    for (int k = 0; k < MERGE_KINDS; k++)
        tmp[k] = (temp_t){NULL, -1};
    bool have[MERGE_KINDS] = {false};
    int done = 0, renamed = 0;
    for (int k = 0; k < MERGE_KINDS; k++) {
        kindset_t *ks = &m->kind[k];
        if (!ks->present)
            continue;
        if (ks->n > 1) /* qsort must not see the NULL of an empty set */
            qsort_r(ks->rows, ks->n, sizeof *ks->rows, row_cmp, ks);
        static const char *const outs[MERGE_KINDS] = {"questions", "signups", "moderation"};
        path[k] = output_path(o->out, outs[k]);
        /* Opening sealed files never writes the plain text over one of
         * them: the sealed copy would be gone. */
        struct stat ost, ist;
        for (size_t i = 0; o->nkeys && i < m->nfiles && stat(path[k], &ost) == 0; i++)
            if (stat(m->files[i], &ist) == 0 && ist.st_dev == ost.st_dev && ist.st_ino == ost.st_ino) {
                sb_printf(&m->errs, "%s is one of the files being opened: the plain text would replace it; give "
                          "another -o\n", path[k]);
                goto out;
            }
        if (done && fault(o, MERGE_FAULT_AFTER_FIRST_TEMP)) {
            sb_printf(&m->errs, "could not create a temporary file beside %s: %s\n", path[k], strerror(errno));
            goto out;
        }
        if (!write_temp(m, ks, path[k], &tmp[k]))
            goto out;
        have[k] = true;
        done++;
    }
    if (fault(o, MERGE_FAULT_AFTER_SYNC)) {
        sb_printf(&m->errs, "could not write %s: %s\n", path[1] ? path[1] : path[0] ? path[0] : o->out,
                  strerror(errno));
        goto out;
    }
    for (int k = 0; k < MERGE_KINDS; k++) {
        if (!have[k])
            continue;
        if (!temp_publish(&tmp[k], path[k])) {
            sb_printf(&m->errs, "could not rename the temporary file to %s: %s\n", path[k], strerror(errno));
            goto out;
        }
        have[k] = false;
        if (tmp[k].fd >= 0)
            close(tmp[k].fd);
        free(tmp[k].name);
        tmp[k] = (temp_t){NULL, -1};
        r->files[k] = path[k];
        path[k] = NULL;
        r->rows_out[k] = m->kind[k].n;
        renamed++;
    }
    for (int k = 0; k < MERGE_KINDS; k++)
        if (r->files[k] && fsync_parent(r->files[k]) != 0)
            sb_printf(&m->errs, "could not fsync the folder of %s: %s\n", r->files[k], strerror(errno));
out:
    for (int k = 0; k < MERGE_KINDS; k++) {
        temp_drop(&tmp[k]);
        free(path[k]);
    }
    if (m->errs.len) {
        if (!renamed) {
            sb_append(&m->errs, "merge: nothing written\n");
        } else {
            /* a complete merge, renamed before a later step failed */
            sb_append(&m->errs, "merge: written before the failure (complete, maybe not yet on the medium):");
            for (int k = 0; k < MERGE_KINDS; k++)
                if (r->files[k])
                    sb_printf(&m->errs, " %s", r->files[k]);
            sb_appendc(&m->errs, '\n');
        }
    }
}

/* o->on_row: every row kept, ordered, to the caller instead of a file. */
static void hand_rows(merge_t *m)
{
    for (int k = 0; k < 2; k++) {
        kindset_t *ks = &m->kind[k];
        if (!ks->present)
            continue;
        if (ks->n > 1)
            qsort_r(ks->rows, ks->n, sizeof *ks->rows, row_cmp, ks);
        for (size_t r = 0; r < ks->n; r++)
            m->o->on_row(k, (const char *const *)ks->rows[r].cell, m->o->on_row_ctx);
        m->res->rows_out[k] = ks->n;
    }
}

void merge_result_free(merge_result_t *r)
{
    if (!r)
        return;
    free(r->report);
    free(r->damage);
    for (int k = 0; k < MERGE_KINDS; k++)
        free(r->files[k]);
    memset(r, 0, sizeof *r);
}

bool merge_run(const char *const *files, size_t n, const merge_opts_t *o, merge_result_t *r, char **err)
{
    merge_t m = {.files = files, .nfiles = n, .o = o, .res = r};
    memset(r, 0, sizeof *r);
    *err = NULL;
    /* columns by their header names, from the record descriptions */
    for (int k = 0; k < MERGE_KINDS; k++) {
        const store_record_t *rec = k == 2          ? store_moderation_record()
                                    : o->records[k] ? o->records[k]
                                                    : store_record((store_kind_t)k);
        kindset_t *ks = &m.kind[k];
        ks->ncols = (int)rec->nfields;
        ks->cols = xcalloc(rec->nfields, sizeof *ks->cols);
        for (size_t i = 0; i < rec->nfields; i++)
            ks->cols[i] = rec->fields[i].header;
        ks->iu = store_record_find(rec, "uuid");
        ks->is = store_record_find(rec, "seq");
        ks->ik = store_record_find(rec, "kiosk_id");
        ks->ic = store_record_find(rec, k == 2 ? "changed_at" : "created_at");
        ks->istatus = k == 0 ? store_record_find(rec, "status") : -1;
        ks->ikey = -1;
        for (size_t i = 0; i < rec->nfields && i < MAX_HEADER_COLS; i++)
            if (rec->fields[i].flags & (STORE_F_KEY | STORE_F_OPTIN)) {
                ks->optional[i] = true;
                ks->noptional++;
                if (rec->fields[i].flags & STORE_F_KEY)
                    ks->ikey = (int)i;
            }
        if (ks->iu < 0 || ks->is < 0 || ks->ik < 0 || ks->ic < 0 || ks->ncols > MAX_HEADER_COLS) {
            *err = xstrdup("merge: a record description lacks uuid, seq, kiosk_id or created_at");
            for (int j = 0; j <= k; j++)
                free(m.kind[j].cols);
            return false;
        }
    }

    if (!o->on_row && (!o->out || !*o->out))
        sb_append(&m.errs, "no output given (-o OUT)\n");
    for (size_t i = 0; i < n; i++)
        parse_file(&m, (uint32_t)i);
    if (!m.errs.len)
        apply_moderation(&m); /* each question takes its latest moderation change */
    if (m.errs.len && !o->on_row)
        sb_append(&m.errs, "merge: nothing written\n");
    else if (o->on_row && !m.errs.len)
        hand_rows(&m);
    else if (!m.errs.len)
        write_outputs(&m);
    bool ok = m.errs.len == 0;
    if (!ok) {
        /* Nothing is removed here: an output already renamed holds a
         * complete merge and may have replaced an input (the message says). */
        merge_result_free(r);
        *err = sb_steal(&m.errs);
    } else {
        r->report = m.report.s ? sb_steal(&m.report) : xstrdup("");
        r->damage = m.damage.s ? sb_steal(&m.damage) : xstrdup("");
    }
    sb_free(&m.damage);
    sb_free(&m.errs);
    sb_free(&m.report);
    for (int k = 0; k < MERGE_KINDS; k++) {
        free(m.kind[k].rows);
        free(m.kind[k].slot);
        free(m.kind[k].cols);
    }
    arena_free(&m.arena);
    return ok;
}
