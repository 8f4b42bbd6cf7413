/* fonts/fonts.ini, the font fallback chains (src/platform/fonts.c), read
 * from a fonts folder as the program reads it. The font files it names
 * are looked up and their first bytes checked (regular files only, read,
 * never written); none is opened as a font. */
#include "common.h"
#include "core/diag.h"
#include "core/util.h"
#include "platform/fonts.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("fonts/fonts.ini", data, size);
    char *dir = path_join(fuzz_dir(), "fonts");
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    for (int s = 0; fs && s < FONTS_STYLES; s++) {
        font_t f = {.px = 16, .weight = s & 1 ? FONT_BOLD : FONT_REGULAR, .italic = s & 2};
        int n = fonts_chain_len(fs, &f);
        for (int i = 0; i < n; i++)
            fonts_path(fs, s, i);
    }
    fonts_free(fs);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    free(dir);
    free(path);
    return 0;
}
