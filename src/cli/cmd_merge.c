/* agmkiosk merge: merge CSV exports of several kiosks or batches. */
#include "cli.h"
#include "cli_files.h"
#include "../core/util.h"
#include "../export/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void merge_usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk merge FILE... -o OUT [--raw] [--excel]\n"
            "\n"
            "Merges exports (agmkiosk export files, any kiosk, any batch, with or\n"
            "without the Excel BOM) into one file per kind found in the inputs:\n"
            "  OUT-questions.csv and OUT-signups.csv, or, when OUT is an existing\n"
            "  folder (or ends in '/'), OUT/merged-questions.csv and\n"
            "  OUT/merged-signups.csv. Existing outputs are replaced, but only\n"
            "  once every output was written and synced under a temporary name.\n"
            "Rows are deduplicated by uuid and ordered by created_at, kiosk_id, seq.\n"
            "A uuid seen twice with different content is a conflict: the first\n"
            "version (in the order of the FILE arguments) is kept and each conflict\n"
            "is listed with its files and lines. Conflicts do not fail the merge.\n"
            "\n"
            "Cells that begin with = + - @ TAB or CR are written with a leading\n"
            "apostrophe so spreadsheets do not run them as formulas. Reading a\n"
            "neutralized file, a cell that begins with apostrophes followed by one\n"
            "of those characters loses one apostrophe. Raw files (export --raw, whose\n"
            "first column is named 'uuid (raw)') are read byte-exact.\n"
            "\n"
            "  -o, --out OUT  where to write (required)\n"
            "  --raw          write cells byte-exact, without the apostrophe (the\n"
            "                 header then says 'uuid (raw)')\n"
            "  --excel        start each file with a UTF-8 BOM (EF BB BF) for Excel\n"
            "\n"
            "Exit status: 0 merged, 1 a file could not be read or is not a valid\n"
            "export (the problems are listed as FILE:LINE: ...; nothing is written),\n"
            "2 bad usage.\n");
}

int cmd_merge(config_t *cfg, int argc, char **argv)
{
    (void)cfg;
    static const cli_files_spec_t spec = {"merge", merge_usage, false};
    merge_opts_t o = {0};
    cli_files_t f = {0};
    int rc = cli_files_parse(&spec, argc, argv, &o, &f);
    if (rc >= 0)
        goto out;
    merge_result_t r;
    char *err = NULL;
    uint64_t t0 = now_ms();
    if (!merge_run(f.files, f.nfiles, &o, &r, &err)) {
        fputs(err, stderr);
        free(err);
        rc = 1;
        goto out;
    }
    cli_files_report("merge", &r, f.nfiles, t0);
    merge_result_free(&r);
    rc = 0;
out:
    cli_files_free(&f);
    return rc;
}
