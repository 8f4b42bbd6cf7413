/* The command line and summary shared by `merge` and `open`. */
#include "cli_files.h"
#include "../core/util.h"

#include <stdlib.h>
#include <string.h>

static int bad_usage(const cli_files_spec_t *spec, const char *what)
{
    fprintf(stderr, "%s: %s\n", spec->tag, what);
    spec->usage(stderr);
    return 2;
}

int cli_files_parse(const cli_files_spec_t *spec, int argc, char **argv, merge_opts_t *o, cli_files_t *f)
{
    f->files = xcalloc((size_t)argc + 1, sizeof *f->files);
    f->keys = xcalloc((size_t)argc + 1, sizeof *f->keys);
    f->nfiles = f->nkeys = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool is_out = strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0;
        bool is_key = spec->takes_keys && (strcmp(a, "-k") == 0 || strcmp(a, "--key") == 0);
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            spec->usage(stdout);
            return 0;
        } else if (is_out || is_key) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: %s needs a value\n", spec->tag, a);
                return 2;
            }
            if (is_out)
                o->out = argv[++i];
            else
                f->keys[f->nkeys++] = argv[++i];
        } else if (strncmp(a, "--out=", 6) == 0) {
            o->out = a + 6;
        } else if (spec->takes_keys && strncmp(a, "--key=", 6) == 0) {
            f->keys[f->nkeys++] = a + 6;
        } else if (strcmp(a, "--raw") == 0) {
            o->raw = true;
        } else if (strcmp(a, "--excel") == 0) {
            o->excel = true;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                f->files[f->nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s' (see agmkiosk %s --help)\n", spec->tag, a, spec->tag);
            return 2;
        } else {
            f->files[f->nfiles++] = a;
        }
    }
    if (spec->takes_keys && !f->nkeys)
        return bad_usage(spec, "no --key NAME.key given");
    if (!f->nfiles)
        return bad_usage(spec, "no input files given");
    if (!o->out || !*o->out)
        return bad_usage(spec, "no output given: add -o OUT");
    return -1;
}

void cli_files_free(cli_files_t *f)
{
    free(f->files);
    free(f->keys);
    f->files = f->keys = NULL;
}

void cli_files_report(const char *tag, const merge_result_t *r, size_t nfiles, uint64_t t0)
{
    static const char *const kinds[MERGE_KINDS][2] = {
        {"question", "questions"}, {"sign-up", "sign-ups"}, {"moderation change", "moderation changes"}};
    for (int k = 0; k < MERGE_KINDS; k++)
        if (r->files[k])
            printf("%s: wrote %zu %s to %s (%zu read)\n", tag, r->rows_out[k],
                   plural_en((long long)r->rows_out[k], kinds[k][0], kinds[k][1]), r->files[k], r->rows_in[k]);
    if (r->moderated)
        printf("%s: %zu %s took the state of their latest moderation change (%zu changed by it)\n", tag,
               r->moderated, plural_en((long long)r->moderated, "question", "questions"), r->restated);
    if (r->moderation_elsewhere)
        printf("%s: %zu %s moderated but not in these files (their changes are kept)\n", tag,
               r->moderation_elsewhere, plural_en((long long)r->moderation_elsewhere, "question", "questions"));
    fputs(r->report, stdout);
    printf("%s: %zu input %s, %zu exact %s dropped, %zu %s, %.2f s\n", tag, nfiles,
           plural_en((long long)nfiles, "file", "files"), r->duplicates,
           plural_en((long long)r->duplicates, "duplicate", "duplicates"), r->conflicts,
           plural_en((long long)r->conflicts, "conflict", "conflicts"), (double)(now_ms() - t0) / 1000.0);
}
