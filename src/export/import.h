/* import.h - bring questions exported by other kiosks into this device's
 * database (`agmkiosk import FILE...`), so a projector device shows the
 * questions of every kiosk in the room after a USB stick round.
 *
 * The files are read as merge reads them (merge.h: any kiosk, any batch,
 * BOM or not, neutralized or raw, every problem named by file:line, nothing
 * imported when one file is bad); only questions whose asker opted in to
 * be shown (may_show = yes) are taken, without the name; sign-up files
 * are ignored. The store dedups by uuid and keeps kiosk id and seq in
 * their own space (store_qa_import). The rows stay in memory (wiped when
 * freed): nothing of the files, sign-ups and names included, is written
 * anywhere on this device but the opted-in questions' rows. */
#ifndef AGM_IMPORT_H
#define AGM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../store/store.h"

typedef struct {
    size_t read;         /* question rows in the files (after merge's dedup) */
    size_t opted_in;     /* of them, opted in: offered to the store */
    store_qa_import_result_t store;
    size_t merge_conflicts;
    char *report;        /* merge's conflict lines (caller frees), may be "" */
} import_result_t;

bool import_questions(store_t *s, const char *const *files, size_t n, import_result_t *r, char **err);

#endif
