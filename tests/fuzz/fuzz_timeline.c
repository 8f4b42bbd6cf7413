/* timeline.csv of a content folder (src/content/tables.c: libcsv, strict), read from a file;
 * every date is then formatted as the timeline shows it. */
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
    char *path = fuzz_write("timeline.csv", data, size);
    content_t c = {0};
    diag_list_t d = {0};
    content_load_timeline(path, "timeline.csv", &c, &d);
    char buf[96];
    for (size_t i = 0; i < c.ntimeline; i++) {
        const tl_event_t *e = &c.timeline[i];
        content_format_date(&c, "en", "date.full", e->year, e->month, e->day, buf, sizeof buf);
        if (e->end_year)
            content_format_date(&c, "en", "date.short", e->end_year, e->end_month, e->end_day, buf, sizeof buf);
    }
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    free(path);
    return 0;
}
