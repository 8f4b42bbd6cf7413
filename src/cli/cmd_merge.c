/* agmkiosk merge: merge CSV exports of several kiosks or batches. */
#include "cli.h"
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
    merge_opts_t o = {0};
    const char **files = xcalloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            merge_usage(stdout);
            rc = 0;
            goto out;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "merge: %s needs a value\n", a);
                goto out;
            }
            o.out = argv[++i];
        } else if (strncmp(a, "--out=", 6) == 0) {
            o.out = a + 6;
        } else if (strcmp(a, "--raw") == 0) {
            o.raw = true;
        } else if (strcmp(a, "--excel") == 0) {
            o.excel = true;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                files[n++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "merge: unknown option '%s' (see agmkiosk merge --help)\n", a);
            goto out;
        } else {
            files[n++] = a;
        }
    }
    if (!n || !o.out || !*o.out) {
        fprintf(stderr, "merge: %s\n", !n ? "no input files given" : "no output given: add -o OUT");
        merge_usage(stderr);
        goto out;
    }
    merge_result_t r;
    char *err = NULL;
    uint64_t t0 = now_ms();
    if (!merge_run(files, n, &o, &r, &err)) {
        fputs(err, stderr);
        free(err);
        rc = 1;
        goto out;
    }
    static const char *const kinds[MERGE_KINDS][2] = {
        {"question", "questions"}, {"sign-up", "sign-ups"}, {"moderation change", "moderation changes"}};
    for (int k = 0; k < MERGE_KINDS; k++)
        if (r.files[k])
            printf("merge: wrote %zu %s to %s (%zu read)\n", r.rows_out[k],
                   plural_en((long long)r.rows_out[k], kinds[k][0], kinds[k][1]), r.files[k], r.rows_in[k]);
    if (r.moderated)
        printf("merge: %zu %s took the state of their latest moderation change (%zu changed by it)\n", r.moderated,
               plural_en((long long)r.moderated, "question", "questions"), r.restated);
    if (r.moderation_elsewhere)
        printf("merge: %zu %s moderated but not in these files (their changes are kept)\n", r.moderation_elsewhere,
               plural_en((long long)r.moderation_elsewhere, "question", "questions"));
    fputs(r.report, stdout);
    printf("merge: %zu input %s, %zu exact %s dropped, %zu %s, %.2f s\n", n, plural_en((long long)n, "file", "files"),
           r.duplicates, plural_en((long long)r.duplicates, "duplicate", "duplicates"), r.conflicts,
           plural_en((long long)r.conflicts, "conflict", "conflicts"), (double)(now_ms() - t0) / 1000.0);
    merge_result_free(&r);
    rc = 0;
out:
    free(files);
    return rc;
}
