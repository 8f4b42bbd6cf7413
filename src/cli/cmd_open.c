/* agmkiosk open: turn sealed exports into plain CSV with the secret key. */
#include "cli.h"
#include "cli_secret.h"
#include "../core/seal.h"
#include "../core/util.h"
#include "../export/merge.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPEN_TRIES 3 /* passphrase attempts per key at a terminal */

static void open_usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk open --key NAME.key [--key OTHER.key ...] FILE... -o OUT\n"
            "                     [--raw] [--excel]\n"
            "\n"
            "Opens sealed exports (agmkiosk export files of any kiosks and batches,\n"
            "or merges of them) with the secret key(s) and writes the same plain CSV\n"
            "files as agmkiosk merge: OUT-questions.csv and OUT-signups.csv (or\n"
            "OUT/merged-*.csv when OUT is a folder), deduplicated by uuid, ordered by\n"
            "created_at, kiosk_id, seq, cells neutralized against formulas unless\n"
            "--raw, with the UTF-8 BOM with --excel. Each row is opened with the key\n"
            "whose fingerprint its sealed_to column names; rows saved without a key\n"
            "are copied as they are. Give one --key per key pair the kiosks used.\n"
            "\n"
            "The passphrase of each key is asked without echo, or read from standard\n"
            "input (one line per key; a passphrase that opened an earlier key is\n"
            "tried first). A key file that other users can read or write (not mode\n"
            "0600) is refused: chmod 600 it first.\n"
            "\n"
            "A row that cannot be opened (sealed to a key not given, cut short or\n"
            "altered) is named as FILE:LINE: uuid U: reason and left out; every other\n"
            "row is written.\n"
            "\n"
            "Exit status: 0 every row opened, 1 a key could not be used, an input is\n"
            "not a valid export, or some rows could not be opened (the others are\n"
            "written), 2 bad usage.\n");
}

typedef struct {
    char *v[16];
    long n[16];
    int count;
} passes_t;

/* Unlock k: earlier passphrases first, then ask. */
static bool unlock(seal_key_t *k, passes_t *pw)
{
    char *err = NULL;
    for (int i = 0; i < pw->count; i++)
        if (seal_key_unlock(k, pw->v[i], (size_t)pw->n[i], &err) == SEAL_KEY_OK)
            return true;
        else {
            free(err);
            err = NULL;
        }
    char pretty[SEAL_ID_PRETTY + 1];
    seal_id_pretty(k->pub.id, pretty);
    char *prompt = xasprintf("Passphrase for %s (%s): ", k->path, pretty);
    int tries = cli_secret_tty() ? OPEN_TRIES : 1;
    bool ok = false;
    for (int t = 0; t < tries && !ok; t++) {
        char *buf = sodium_malloc(SEAL_PASS_MAX + 1);
        long n = buf ? cli_read_secret(prompt, buf, SEAL_PASS_MAX + 1) : -1;
        if (n == -1) {
            fprintf(stderr, "open: %s: no passphrase given (type it, or one line per key on standard input)\n",
                    k->path);
            sodium_free(buf);
            break;
        }
        if (n < 0) {
            fprintf(stderr, "open: %s: wrong passphrase (longer than any passphrase)\n", k->path);
            sodium_free(buf);
            continue;
        }
        seal_key_rc_t rc = seal_key_unlock(k, buf, (size_t)n, &err);
        if (rc == SEAL_KEY_OK) {
            ok = true;
            if (pw->count < 16) {
                pw->v[pw->count] = buf;
                pw->n[pw->count++] = n;
                buf = NULL;
            }
        } else {
            fprintf(stderr, "open: %s\n", err);
            free(err);
            err = NULL;
            if (rc != SEAL_KEY_WRONG_PASS)
                t = tries;
        }
        sodium_free(buf);
    }
    free(prompt);
    return ok;
}

int cmd_open(config_t *cfg, int argc, char **argv)
{
    (void)cfg;
    merge_opts_t o = {0};
    const char **files = xcalloc((size_t)argc + 1, sizeof *files);
    const char **keyfiles = xcalloc((size_t)argc + 1, sizeof *keyfiles);
    size_t n = 0, nk = 0;
    int rc = 2;
    seal_key_t *keys = NULL;
    const seal_key_t **kp = NULL;
    passes_t pw = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            open_usage(stdout);
            rc = 0;
            goto out;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0 || strcmp(a, "--key") == 0 ||
                   strcmp(a, "-k") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "open: %s needs a value\n", a);
                goto out;
            }
            if (a[1] == 'o' || a[2] == 'o')
                o.out = argv[++i];
            else
                keyfiles[nk++] = argv[++i];
        } else if (strncmp(a, "--out=", 6) == 0) {
            o.out = a + 6;
        } else if (strncmp(a, "--key=", 6) == 0) {
            keyfiles[nk++] = a + 6;
        } else if (strcmp(a, "--raw") == 0) {
            o.raw = true;
        } else if (strcmp(a, "--excel") == 0) {
            o.excel = true;
        } else if (strcmp(a, "--") == 0) {
            while (++i < argc)
                files[n++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "open: unknown option '%s' (see agmkiosk open --help)\n", a);
            goto out;
        } else {
            files[n++] = a;
        }
    }
    if (!nk || !n || !o.out || !*o.out) {
        fprintf(stderr, "open: %s\n", !nk  ? "no --key NAME.key given"
                                      : !n ? "no input files given"
                                           : "no output given: add -o OUT");
        open_usage(stderr);
        goto out;
    }
    rc = 1;
    keys = xcalloc(nk, sizeof *keys);
    kp = xcalloc(nk, sizeof *kp);
    /* every key file is checked before any passphrase is asked */
    for (size_t i = 0; i < nk; i++) {
        char *err = NULL;
        if (seal_key_read(keyfiles[i], &keys[i], &err) != SEAL_KEY_OK) {
            fprintf(stderr, "open: %s\n", err);
            free(err);
            goto out;
        }
        kp[i] = &keys[i];
    }
    for (size_t i = 0; i < nk; i++)
        if (!unlock(&keys[i], &pw)) {
            fprintf(stderr, "open: nothing written\n");
            goto out;
        }
    o.keys = kp;
    o.nkeys = nk;
    merge_result_t r;
    char *err = NULL;
    uint64_t t0 = now_ms();
    if (!merge_run(files, n, &o, &r, &err)) {
        fputs(err, stderr);
        free(err);
        goto out;
    }
    static const char *const kinds[MERGE_KINDS][2] = {
        {"question", "questions"}, {"sign-up", "sign-ups"}, {"moderation change", "moderation changes"}};
    for (int k = 0; k < MERGE_KINDS; k++)
        if (r.files[k])
            printf("open: wrote %zu %s to %s (%zu read)\n", r.rows_out[k],
                   plural_en((long long)r.rows_out[k], kinds[k][0], kinds[k][1]), r.files[k], r.rows_in[k]);
    if (r.moderated)
        printf("open: %zu %s took the state of their latest moderation change (%zu changed by it)\n", r.moderated,
               plural_en((long long)r.moderated, "question", "questions"), r.restated);
    if (r.moderation_elsewhere)
        printf("open: %zu %s moderated but not in these files (their changes are kept)\n", r.moderation_elsewhere,
               plural_en((long long)r.moderation_elsewhere, "question", "questions"));
    fputs(r.report, stdout);
    printf("open: %zu input %s, %zu exact %s dropped, %zu %s, %.2f s\n", n, plural_en((long long)n, "file", "files"),
           r.duplicates, plural_en((long long)r.duplicates, "duplicate", "duplicates"), r.conflicts,
           plural_en((long long)r.conflicts, "conflict", "conflicts"), (double)(now_ms() - t0) / 1000.0);
    if (r.damaged) {
        fputs(r.damage, stderr);
        fprintf(stderr, "open: %zu %s could not be opened and %s left out (listed above); every other row was "
                        "written\n",
                r.damaged, plural_en((long long)r.damaged, "row", "rows"), r.damaged == 1 ? "is" : "are");
    }
    rc = r.damaged ? 1 : 0;
    merge_result_free(&r);
out:
    for (size_t i = 0; keys && i < nk; i++)
        seal_key_free(&keys[i]);
    for (int i = 0; i < pw.count; i++)
        sodium_free(pw.v[i]);
    free(keys);
    free(kp);
    free(files);
    free(keyfiles);
    return rc;
}
