/* content_install.h - replacing the content folder with one from a USB
 * stick, atomically, with the previous one kept for one undo.
 *
 * The folders, all in the data folder (one file system, so renames are
 * atomic):
 *   DATA/content            the folder loaded from a stick, when there is one;
 *                           it comes before [paths] content (the bundled
 *                           content), which is never written to
 *   DATA/content.previous   the folder it replaced, for one undo
 *   DATA/.content-new.XXXXXX  a copy in progress (removed by the next install)
 * With DATA/content but no DATA/content.previous, the previous content is
 * the bundled one: undo then moves DATA/content to DATA/content.previous
 * and the kiosk shows the bundled content again. Undo twice is a redo.
 *
 * content_install() copies the folder from the stick into a new temporary
 * folder beside DATA/content (regular files and folders only: hidden names
 * such as .DS_Store and symbolic links are skipped), fsyncs every file and
 * folder, checks the copy exactly as `agmkiosk check` does (content_load),
 * and only when it has no error renames it into place: renameat2
 * RENAME_EXCHANGE swaps it with DATA/content in one step, then the old
 * folder becomes DATA/content.previous, and the data folder is fsynced. A
 * read error, a file that vanishes or changes size while being copied (a
 * stick pulled), a full disk, or errors in the folder leave DATA/content as
 * it was; the temporary copy is removed. A power cut at any moment leaves
 * either the old folder or the new one complete in DATA/content, never a
 * part of one (at worst a stale temporary folder, removed next time, and
 * an undo that goes back to the folder before the previous one).
 *
 * Test hook: the environment variable AGM_FAULT_COPY=eio:N or vanish:N
 * makes the Nth file copied fail (eio: a read error after half of it;
 * vanish: the file is gone when opened), as a pulled stick would. */
#ifndef AGM_CONTENT_INSTALL_H
#define AGM_CONTENT_INSTALL_H

#include <stdbool.h>

#include "../core/diag.h"

#define CONTENT_INSTALLED "content"
#define CONTENT_PREVIOUS "content.previous"
#define CONTENT_TMP_PREFIX ".content-new."
#define CONTENT_FAULT_ENV "AGM_FAULT_COPY"

/* Limits of what is copied: a stick's folder larger than this is not a
 * content folder. */
#define CONTENT_INSTALL_MAX_FILES 2000
#define CONTENT_INSTALL_MAX_BYTES (256ull << 20)
#define CONTENT_INSTALL_MAX_DEPTH 6

typedef enum {
    CONTENT_INSTALL_OK,       /* the folder is now DATA/content */
    CONTENT_INSTALL_REFUSED,  /* the folder has errors (in diags, as file:line) */
    CONTENT_INSTALL_FAILED,   /* copying or renaming failed (*err says what) */
} content_install_rc_t;

typedef struct {
    long files;               /* files copied */
    unsigned long long bytes; /* their bytes */
    long skipped;             /* hidden names, links and special files left out */
} content_install_stats_t;

/* Copy src (a folder on a stick), check it and make it DATA/content as
 * described above. shown is how src is named in messages (e.g.
 * "STICK/agm-2013"): every diagnostic of the check names its files as
 * shown/FILE. Warnings of a folder that is installed are added to diags
 * too. *err (caller frees) is set on FAILED; stats may be NULL. */
content_install_rc_t content_install(const char *src, const char *shown, const char *data_dir, diag_list_t *diags,
                                     content_install_stats_t *stats, char **err);

/* Swap back to the previous content (see above). False with *err when
 * there is nothing to undo or a rename failed (nothing changed then). */
bool content_install_undo(const char *data_dir, char **err);

/* What is there: DATA/content is a folder; an undo is possible (either
 * folder exists). */
bool content_install_present(const char *data_dir);
bool content_install_can_undo(const char *data_dir);

/* Remove stale temporary copies left by a power cut. Returns how many. */
int content_install_cleanup(const char *data_dir);

/* Remove a folder and everything in it (without following links). */
int content_rm_rf(const char *path);

#endif
