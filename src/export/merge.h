/* merge.h - merge CSV exports of several kiosks or batches.
 *
 * Reads export files (with or without the UTF-8 BOM, neutralized or raw),
 * finds each file's kind from its header row (the column names of
 * export.h, in any order), and writes one file per kind found:
 * deduplicated by uuid, ordered by created_at, then kiosk_id, then seq
 * (numerically), with the columns in export order.
 *
 * Cells of neutralized files are un-neutralized on reading (csvw.h: a cell
 * that begins with apostrophes followed by = + - @ TAB or CR loses one
 * apostrophe); a raw file, known by CSVW_RAW_MARK on its first header cell,
 * is read byte-exact. So a raw and a neutralized export of the same row are
 * the same row, also when a cell really begins with "'=". (A raw export
 * made before raw files were marked is read as neutralized.) With raw, the
 * outputs are marked the same way.
 *
 * A row whose uuid was seen before is an exact duplicate when all its
 * cells are equal (counted, dropped) and a conflict otherwise: the first
 * version read (in argument order) is kept and the conflict is reported
 * with the uuid and both places (file:line).
 *
 * Moderation files (export.h; their header has question_uuid) are merged
 * like the others (deduplicated by the change's uuid, ordered by
 * changed_at, kiosk, seq) into OUT-moderation.csv, and each question
 * written takes the state of its latest change: within one kiosk the
 * highest seq (its clock may have gone backwards), between kiosks the
 * later changed_at, then the greater kiosk id. Two copies of a question
 * that differ only in status (exported before and after a change) are
 * duplicates, not a conflict.
 *
 * A file may lack the sealed_to column (exports made before sealing):
 * its rows count as saved without a key. Sealed cells ("sealed:v1:...")
 * are merged as they are; rows are still deduplicated by uuid (two
 * exports of one sealed row hold the same bytes).
 *
 * Any unreadable file, bad header, unterminated quote, wrong number of
 * cells, empty uuid or non-numeric seq is an error naming file:line; then
 * nothing is written. Outputs are written like exports: every output goes
 * to a temporary sibling (created here, never an existing file), all are
 * fsynced, and only then are they renamed over OUT-*.csv and the folder
 * fsynced; so a failure while writing (a full stick) leaves every existing
 * file as it was, including an earlier merge given as an input. Nothing this
 * run did not create is ever removed. */
#ifndef AGM_MERGE_H
#define AGM_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "../store/store.h"

/* Failure injection for tests: the merge fails (as if with EIO) at the
 * named point of writing. MERGE_FAULT_NONE in normal use. */
typedef enum {
    MERGE_FAULT_NONE = 0,
    MERGE_FAULT_AFTER_FIRST_TEMP,  /* the first output's temporary written and
                                      synced, the second not yet created */
    MERGE_FAULT_AFTER_SYNC,        /* every temporary synced, nothing renamed */
    MERGE_FAULT_COUNT
} merge_fault_t;

typedef struct {
    const char *out;   /* OUT: an existing folder (or a path ending in '/')
                          receives merged-questions.csv / merged-signups.csv;
                          otherwise OUT-questions.csv / OUT-signups.csv */
    bool raw;          /* write cells byte-exact */
    bool excel;        /* start each file with the UTF-8 BOM */
    merge_fault_t fault; /* fail at this point (tests) */
    /* Called at each point of merge_fault_t; returning false fails the
     * merge there, like fault. NULL in normal use. */
    bool (*hook)(merge_fault_t at, void *ctx);
    void *hook_ctx;
    /* The columns of each kind: NULL for store_record(k). Columns are found
     * by their header names, in any order; uuid, seq, kiosk_id and
     * created_at must be there. */
    const store_record_t *records[2];
    /* agmkiosk open: unlocked secret keys (core/seal.h). A row whose
     * sealed_to names one of them has its sealed cells opened as it is read,
     * before deduplication; a row sealed to no key given, or with a cell
     * that does not open, is left out and named in merge_result_t.damage.
     * nkeys 0: sealed cells are carried as they are (merge). */
    const seal_key_t *const *keys;
    size_t nkeys;
    /* When set, nothing is written and out is not used: every row kept
     * (deduplicated and ordered as above) is handed to on_row, its cells in
     * the columns of records[kind] (kind 0 questions, 1 sign-ups), valid
     * only during the call. agmkiosk import uses it so that the rows never
     * pass through a file. On failure *err has no "nothing written" line. */
    void (*on_row)(int kind, const char *const *cells, void *ctx);
    void *on_row_ctx;
} merge_opts_t;

/* Questions, sign-ups, moderation changes. */
#define MERGE_KINDS 3

typedef struct {
    size_t rows_in[MERGE_KINDS];  /* rows read: questions, sign-ups, moderation changes */
    size_t rows_out[MERGE_KINDS]; /* rows written */
    size_t moderated;       /* questions whose state came from a moderation change */
    size_t restated;        /* ... of them, with another state than their row had */
    size_t moderation_elsewhere; /* questions with changes but no row in these files */
    size_t duplicates;      /* exact duplicates dropped */
    size_t conflicts;       /* rows with a known uuid but other content */
    char *report;           /* one line per conflict:
                               "conflict: uuid U: FILE:LINE differs from FILE:LINE" */
    char *files[MERGE_KINDS]; /* paths written (NULL for a kind not present) */
    size_t damaged;         /* rows left out because they could not be opened */
    char *damage;           /* one line per such row:
                               "FILE:LINE: uuid U: what is wrong" */
} merge_result_t;

/* Merge the n files. Returns true with *r filled (release with
 * merge_result_free), or false with *err holding every problem found, one
 * per line, its last line saying what was written (caller frees). After a
 * failure no output was created or replaced, except when renaming the
 * second output failed after the first was renamed: the first then holds
 * its complete merge and the last line names it. */
bool merge_run(const char *const *files, size_t n, const merge_opts_t *o, merge_result_t *r, char **err);

void merge_result_free(merge_result_t *r); /* accepts a zeroed value */

#endif
