/* agmkiosk status: the admin screen's facts, for a terminal. */
#include "cli.h"
#include "../admin/status.h"

#include <stdio.h>
#include <string.h>

int cmd_status(config_t *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: agmkiosk status\n"
                   "\n"
                   "Prints the kiosk id, the database, questions and sign-ups (new since the\n"
                   "last export / total), the last export, the usage counts (visits, screens\n"
                   "and report sections opened, time spent; a running kiosk saves an hour's\n"
                   "counts when it is over), free space in the data folder,\n"
                   "the settings file in use, problems in the content folder (counts;\n"
                   "`agmkiosk check` lists them) and whether an admin PIN is set. Reads the\n"
                   "database read-only. Exit status: 0, or 1 when the database exists but\n"
                   "cannot be read.\n");
            return 0;
        }
        fprintf(stderr, "status: unexpected argument '%s'\n", argv[i]);
        return 2;
    }
    admin_status_t st;
    admin_status_collect(cfg, NULL, NULL, &st);
    admin_status_print(&st, stdout);
    int rc = st.db_state == ADMIN_DB_UNUSABLE ? 1 : 0;
    admin_status_free(&st);
    return rc;
}
