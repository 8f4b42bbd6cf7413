/* event.ini of a content folder (src/content/settings.c), read from a file. */
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
    char *path = fuzz_write("event.ini", data, size);
    content_t c = {0};
    diag_list_t d = {0};
    content_load_event(path, "event.ini", &c.event, &d);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    free(path);
    return 0;
}
