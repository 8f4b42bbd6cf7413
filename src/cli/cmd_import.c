/* agmkiosk import: questions exported by other kiosks into this database. */
#include "cli.h"
#include "../core/util.h"
#include "../export/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void import_usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk import FILE...\n"
            "\n"
            "Brings the questions of other kiosks' exports (agmkiosk export or merge\n"
            "files, any batch, with or without the Excel BOM, neutralized or raw)\n"
            "into this device's database, so its slideshow can show the questions of\n"
            "every kiosk in the room during Q&A. Only questions whose asker allowed\n"
            "them to be shown are taken, and never the name; sign-up files are\n"
            "ignored. A question already here (the same uuid) is skipped, so the\n"
            "same files can be imported again after each USB stick round; its\n"
            "moderation here is kept. Imported questions keep their kiosk id and\n"
            "seq, in a space of their own: they never take this kiosk's numbers and\n"
            "are not part of its exports. They appear on the moderation screen.\n"
            "\n"
            "Exit status: 0 imported, 1 a file could not be read or is not a valid\n"
            "export (the problems are listed as FILE:LINE: ...; nothing is imported)\n"
            "or the database could not be written, 2 bad usage.\n");
}

int cmd_import(config_t *cfg, int argc, char **argv)
{
    const char **files = xcalloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    int rc = 2;
    store_t *s = NULL;
    char *db = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            import_usage(stdout);
            rc = 0;
            goto out;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                files[n++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "import: unknown option '%s' (see agmkiosk import --help)\n", a);
            goto out;
        } else {
            files[n++] = a;
        }
    }
    if (!n) {
        fprintf(stderr, "import: no input files given\n");
        import_usage(stderr);
        goto out;
    }
    rc = 1;
    db = config_db_path(cfg);
    char *notice = NULL, *err = NULL;
    s = store_open(db, cfg->kiosk_id, &notice, &err);
    if (notice)
        fprintf(stderr, "import: %s\n", notice);
    free(notice);
    if (!s) {
        fprintf(stderr, "import: %s: %s\n", db, err ? err : "cannot open");
        free(err);
        goto out;
    }
    import_result_t r;
    if (!import_questions(s, files, n, &r, &err)) {
        fputs(err, stderr);
        if (err[0] && err[strlen(err) - 1] != '\n')
            fputc('\n', stderr);
        free(err);
        goto out;
    }
    fputs(r.report, stdout);
    printf("import: %zu %s read, %zu may be shown: %zu new, %zu already here, %zu this kiosk's own,"
           " %zu with a kiosk id and seq taken by another question, %zu refused\n",
           r.read, plural_en((long long)r.read, "question", "questions"), r.opted_in, r.store.added,
           r.store.duplicates, r.store.own, r.store.conflicts, r.store.invalid);
    free(r.report);
    rc = 0;
out:
    store_close(s);
    free(db);
    free(files);
    return rc;
}
