/* The INI reader every settings file goes through (src/core/ini.c): inih
 * fed line by line, continuation lines, the UTF-8 check, BOM and CRLF. The
 * input is handed over as it is, without a terminating NUL. */
#include "common.h"
#include "core/diag.h"
#include "core/ini.h"

#include <string.h>

typedef struct {
    size_t keys, bytes;
} seen_t;

static bool on_key(void *user, const char *section, const char *key, const char *value, int line)
{
    seen_t *s = user;
    s->keys++;
    s->bytes += strlen(section) + strlen(key) + strlen(value) + (size_t)(line > 0);
    bool b;
    long n;
    ini_parse_bool(value, &b);
    ini_parse_int(value, -1000000, 1000000, &n);
    /* a callback that rejects a key now and then, as the loaders do */
    return s->keys % 5 != 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list_t d = {0};
    seen_t s = {0};
    ini_load_text((const char *)data, size, "fuzz.ini", on_key, &s, &d);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    return 0;
}
