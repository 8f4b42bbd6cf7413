/* stats.csv of a content folder (src/content/tables.c: libcsv, strict), read from a file;
 * every figure is then formatted as the screens show it. */
#include "common.h"
#include "content/content_internal.h"
#include "core/diag.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("stats.csv", data, size);
    content_t c = {0};
    diag_list_t d = {0};
    content_load_stats(path, "stats.csv", &c, &d);
    /* every figure as the screens write it, also into a buffer too small */
    char buf[96], small[8];
    for (size_t i = 0; i < c.nstats; i++) {
        content_format_value(&c, "en", &c.stats[i], buf, sizeof buf);
        content_format_value(&c, "en", &c.stats[i], small, sizeof small);
    }
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    free(path);
    return 0;
}
