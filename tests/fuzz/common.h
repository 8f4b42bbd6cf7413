/* common.h - shared by the libFuzzer targets in tests/fuzz/fuzz_*.c.
 *
 * A target runs millions of times in one process, so each one: keeps the
 * program quiet (log level LOG_QUIET, messages printed to /dev/null),
 * frees everything it loads, and writes only inside its own temporary
 * folder (fuzz_dir(): made at the first call under $AGM_FUZZ_TMP,
 * /dev/shm or $TMPDIR, removed at exit; folders that crashed processes
 * left behind are removed by the next start).
 *
 * Loaders that read a folder or a path get the input written to files
 * there. Inputs that stand for several files use lines "@@file NAME" to
 * start each one (fuzz_split); the text before the first such line is a
 * part with an empty name. */
#ifndef AGM_FUZZ_COMMON_H
#define AGM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Quiet logs; every target's LLVMFuzzerInitialize calls it. */
void fuzz_init(void);

/* The process's temporary folder (absolute path, no trailing slash). */
const char *fuzz_dir(void);
/* Remove everything inside fuzz_dir(), keeping the folder. */
void fuzz_clear(void);
/* Write n bytes to fuzz_dir()/rel, creating the folders on the way.
 * Returns the full path (caller frees). */
char *fuzz_write(const char *rel, const void *data, size_t n);

/* /dev/null opened once, for output nobody reads (diag_print, ...). */
FILE *fuzz_null(void);

#define FUZZ_MAX_PARTS 16
#define FUZZ_NAME_MAX 64
typedef struct {
    char name[FUZZ_NAME_MAX]; /* "" for the text before the first marker;
                                 only [A-Za-z0-9._-] and '/', no ".." */
    const char *data;         /* points into the input */
    size_t len;
} fuzz_part_t;

/* Split data at lines "@@file NAME" into at most FUZZ_MAX_PARTS parts
 * (further markers stay inside the last part's text). A name with other
 * characters than those above keeps only the allowed ones. Returns the
 * number of parts; an empty prefix before the first marker is dropped. */
size_t fuzz_split(const uint8_t *data, size_t size, fuzz_part_t *parts);

#endif
