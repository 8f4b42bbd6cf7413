/* agmkiosk export: write the collected rows as CSV (see export/export.h). */
#include "cli.h"
#include "../core/util.h"
#include "../export/export.h"
#include "../store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void print_help(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk export [--out DIR] [--all | --batch N] [--excel] [--raw]\n"
            "       agmkiosk export --usage [--out DIR] [--excel]\n"
            "\n"
            "Writes two CSV files (RFC 4180, UTF-8, header row) into DIR (default:\n"
            "DATA/exports):\n"
            "  agm-KIOSK-questions-b0007-20121008T101500Z.csv\n"
            "  agm-KIOSK-signups-b0007-20121008T101500Z.csv\n"
            "By default only the rows no earlier export holds; they become the next\n"
            "numbered batch, recorded in the database before any file is written.\n"
            "Files are written under temporary names, synced, renamed (never over an\n"
            "existing file) and read back from the medium before the batch counts as\n"
            "exported, so a failure (full disk, stick pulled) exports nothing and the\n"
            "next export picks the rows up again; an export killed midway is finished\n"
            "by the next one. One export at a time: a second one says \"another export\n"
            "is running\". File names carry the kiosk id the database was created with.\n"
            "\n"
            "  --out DIR   where to write (created if missing)\n"
            "  --all       every row, as a snapshot named ...-all-...; this does not\n"
            "              record a batch or change what counts as exported\n"
            "  --batch N   batch N's rows again (new file names); read back, after which\n"
            "              the batch counts as verified\n"
            "  --excel     start each file with a UTF-8 BOM so Excel (also on Japanese\n"
            "              Windows) reads the text as UTF-8\n"
            "  --raw       write every cell byte-exact. Without it, a cell that begins\n"
            "              with = + - @ TAB or CR (or apostrophes before one of\n"
            "              those) gets a leading apostrophe so spreadsheets do not run\n"
            "              it as a formula; `agmkiosk merge` removes it again. Raw\n"
            "              files end in -raw.csv and name their first column\n"
            "              'uuid (raw)', so merge reads them byte-exact\n"
            "  --usage     instead, the usage counts: agm-KIOSK-usage-STAMP.csv with\n"
            "              hour (UTC), kind (visit, screen, section), name, opened and\n"
            "              seconds spent, summed per hour and nothing per person; every\n"
            "              count so far each time (not a batch). The hour in progress is\n"
            "              in the database once it is over (or the kiosk stopped)\n"
            "\n"
            "Sign-ups are personal data: files are created with mode 0600.\n"
            "Exit status: 0 exported (or nothing new), 1 failed (nothing exported),\n"
            "2 bad usage.\n");
}

static bool parse_batch(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < 1)
        return false;
    *out = v;
    return true;
}

int cmd_export(config_t *cfg, int argc, char **argv)
{
    export_opts_t o = {.mode = EXPORT_NEW};
    const char *out = NULL;
    int modes = 0;
    bool usage = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_help(stdout);
            return 0;
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--batch") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "export: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--batch") == 0) {
                if (!parse_batch(v, &o.batch)) {
                    fprintf(stderr, "export: --batch '%s': give a batch number (1, 2, ...)\n", v);
                    return 2;
                }
                o.mode = EXPORT_BATCH;
                modes++;
            } else {
                out = v;
            }
        } else if (strncmp(a, "--out=", 6) == 0) {
            out = a + 6;
        } else if (strncmp(a, "--batch=", 8) == 0) {
            if (!parse_batch(a + 8, &o.batch)) {
                fprintf(stderr, "export: %s: give a batch number (1, 2, ...)\n", a);
                return 2;
            }
            o.mode = EXPORT_BATCH;
            modes++;
        } else if (strcmp(a, "--all") == 0) {
            o.mode = EXPORT_ALL;
            modes++;
        } else if (strcmp(a, "--excel") == 0) {
            o.excel = true;
        } else if (strcmp(a, "--raw") == 0) {
            o.raw = true;
        } else if (strcmp(a, "--usage") == 0) {
            usage = true;
        } else {
            fprintf(stderr, "export: unknown argument '%s' (see agmkiosk export --help)\n", a);
            return 2;
        }
    }
    if (usage && (modes || o.raw)) {
        fprintf(stderr, "export: --usage takes only --out and --excel\n");
        return 2;
    }
    if (modes > 1) {
        fprintf(stderr, "export: give at most one of --all and --batch N\n");
        return 2;
    }
    if (out && !*out) {
        fprintf(stderr, "export: --out needs a folder\n");
        return 2;
    }

    char *db_path = config_db_path(cfg);
    char *def_out = path_join(cfg->data_dir, "exports");
    o.out_dir = out ? out : def_out;
    int rc = 1;
    store_t *s = NULL;
    struct stat sb;
    if (stat(db_path, &sb) != 0) {
        fprintf(stderr, "export: no database at %s: %s (nothing collected yet, or another --data folder?)\n",
                db_path, strerror(errno));
        goto out;
    }
    char *notice = NULL, *err = NULL;
    /* The export reads every row: a damaged file fails it with a clear
     * message, so the open need not read the whole file first. */
    store_opts_t so = {.skip_check = true};
    s = store_open_ex(db_path, cfg->kiosk_id, &so, &notice, &err);
    if (notice) {
        fprintf(stderr, "%s\n", notice);
        free(notice);
    }
    if (!s) {
        fprintf(stderr, "%s\nexport: nothing exported\n", err);
        free(err);
        goto out;
    }
    if (usage) {
        char *file = NULL;
        size_t n = 0;
        if (!export_usage(s, o.out_dir, o.excel, 0, &file, &n, &err)) {
            fprintf(stderr, "export: %s\nexport: nothing written\n", err);
            free(err);
            goto out;
        }
        printf("export: usage counts: %zu %s -> %s\n", n, plural_en((long long)n, "row", "rows"), file);
        free(file);
        rc = 0;
        goto out;
    }
    if (store_read_only_storage(s) && o.mode == EXPORT_NEW) {
        fprintf(stderr, "export: %s is on read-only storage: a new batch cannot be recorded in it; "
                        "take every row off with: agmkiosk export --all --out DIR\nexport: nothing exported\n",
                db_path);
        goto out;
    }
    export_result_t r;
    uint64_t t0 = now_ms();
    if (!export_run(s, &o, &r, &err)) {
        fprintf(stderr, "export: %s\n", err);
        if (o.mode == EXPORT_NEW)
            fprintf(stderr, "export: nothing exported; the rows stay unexported and the next export writes them\n");
        else
            fprintf(stderr, "export: nothing written\n");
        free(err);
        goto out;
    }
    double secs = (double)(now_ms() - t0) / 1000.0;
    if (r.resumed)
        printf("export: finished batch %lld, which an interrupted export had left (%lld %s)\n",
               (long long)r.resumed_batch, (long long)r.resumed, plural_en(r.resumed, "batch", "batches"));
    if (r.nothing_new) {
        store_counts_t c;
        if (store_counts(s, &c))
            printf("export: nothing new since batch %lld (%lld %s and %lld %s, all exported); "
                   "--all writes everything again\n", (long long)c.last_batch, (long long)c.questions,
                   plural_en(c.questions, "question", "questions"), (long long)c.signups,
                   plural_en(c.signups, "sign-up", "sign-ups"));
        else
            printf("export: nothing new to export\n");
        rc = 0;
        goto out;
    }
    char what[32];
    if (o.mode == EXPORT_ALL)
        snprintf(what, sizeof what, "all rows");
    else
        snprintf(what, sizeof what, "batch %lld%s", (long long)r.batch, o.mode == EXPORT_BATCH ? " again" : "");
    printf("export: %s: %lld %s -> %s\n", what, (long long)r.questions, plural_en(r.questions, "question", "questions"),
           r.files[0]);
    printf("export: %s: %lld %s -> %s\n", what, (long long)r.signups, plural_en(r.signups, "sign-up", "sign-ups"),
           r.files[1]);
    if (r.files[2])
        printf("export: %s: %lld %s -> %s\n", what, (long long)r.moderation,
               plural_en(r.moderation, "moderation change", "moderation changes"), r.files[2]);
    if (o.mode == EXPORT_NEW)
        printf("export: batch %lld recorded%s (%.2f s)\n", (long long)r.batch,
               r.covered_all ? "; every row is exported" : "; rows that arrived meanwhile wait for the next export",
               secs);
    else
        printf("export: done (%.2f s)\n", secs);
    export_result_free(&r);
    rc = 0;
out:
    store_close(s);
    free(db_path);
    free(def_out);
    return rc;
}
