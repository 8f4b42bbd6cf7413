/* kiosk.ini, the settings file (src/config/config.c), read from a file as
 * the program reads it, then printed back as `agmkiosk status` does. */
#include "common.h"
#include "config/config.h"
#include "core/diag.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("kiosk.ini", data, size);
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    config_load(&cfg, path, true, &d);
    config_print(&cfg, fuzz_null());
    diag_print(&d, fuzz_null());
    diag_free(&d);
    config_free(&cfg);
    free(path);
    return 0;
}
