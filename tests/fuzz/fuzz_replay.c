/* Replay scripts (src/platform/replay_script.c, `agmkiosk --replay FILE`):
 * the whole script is parsed and checked as the program does before it
 * runs anything. Running a script draws the app and may write screenshots
 * anywhere, so only the reading is fuzzed. */
#include "common.h"
#include "core/diag.h"
#include "platform/replay.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    replay_script_t s;
    diag_list_t d = {0};
    replay_parse((const char *)data, size, "fuzz.replay", &s, &d);
    replay_free(&s);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    return 0;
}
