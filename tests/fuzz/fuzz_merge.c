/* merge's CSV input (src/export/merge.c): exports of several kiosks. The
 * input stands for up to FUZZ_MAX_PARTS files given to `agmkiosk merge`,
 * one per "@@file NAME" part (the names are not used: the files are
 * in-1.csv, in-2.csv, ...), and the outputs go to the temporary folder.
 * The input's length picks --raw and --excel, so every mode is reached. */
#include "common.h"
#include "core/util.h"
#include "export/merge.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_clear();
    fuzz_part_t parts[FUZZ_MAX_PARTS];
    size_t n = fuzz_split(data, size, parts);
    char *files[FUZZ_MAX_PARTS];
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "in-%zu.csv", i + 1);
        files[i] = fuzz_write(name, parts[i].data, parts[i].len);
    }
    char *out = path_join(fuzz_dir(), "out");
    merge_opts_t o = {.out = out, .raw = size & 1, .excel = (size >> 1) & 1};
    merge_result_t r;
    char *err = NULL;
    if (merge_run((const char *const *)files, n, &o, &r, &err)) {
        fputs(r.report, fuzz_null());
        merge_result_free(&r);
    }
    if (err)
        fputs(err, fuzz_null());
    free(err);
    free(out);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    return 0;
}
