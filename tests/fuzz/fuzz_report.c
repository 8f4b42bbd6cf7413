/* report.md of a content folder (src/content/report.c: cmark, flattened into sections, blocks and spans), read from a file. */
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
    char *path = fuzz_write("report.md", data, size);
    content_t c = {0};
    diag_list_t d = {0};
    content_load_report(path, "report.md", &c.report, &d);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    free(path);
    return 0;
}
