/* cli_files.h - what `merge` and `open` share: the command line
 * "FILE... -o OUT [--raw] [--excel]" (and `open`'s --key) and the summary
 * printed after merge_run. */
#ifndef AGM_CLI_FILES_H
#define AGM_CLI_FILES_H

#include "../export/merge.h"

#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *tag;             /* "merge", "open": prefix of every message */
    void (*usage)(FILE *out);
    bool takes_keys;             /* -k/--key NAME.key, repeatable */
} cli_files_spec_t;

typedef struct {
    const char **files; /* the inputs, in argument order */
    size_t nfiles;
    const char **keys;  /* key files (takes_keys only) */
    size_t nkeys;
} cli_files_t;

/* Parses argv into *o (out, raw, excel) and *f. Returns -1 to go on, or the
 * exit status to return now (0 after --help, 2 on bad usage, its message
 * and the usage already on stderr). f's arrays are freed by
 * cli_files_free whatever it returned. */
int cli_files_parse(const cli_files_spec_t *spec, int argc, char **argv, merge_opts_t *o, cli_files_t *f);
void cli_files_free(cli_files_t *f);

/* "TAG: wrote N questions to FILE (M read)" per output, the conflict
 * report, and the one-line summary with the time since t0 (now_ms()). */
void cli_files_report(const char *tag, const merge_result_t *r, size_t nfiles, uint64_t t0);

#endif
