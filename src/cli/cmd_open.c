/* agmkiosk open: turn sealed exports into plain CSV with the secret key. */
#include "cli.h"
#include "cli_files.h"
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
    static const cli_files_spec_t spec = {"open", open_usage, true};
    merge_opts_t o = {0};
    cli_files_t f = {0};
    seal_key_t *keys = NULL;
    const seal_key_t **kp = NULL;
    passes_t pw = {0};
    int rc = cli_files_parse(&spec, argc, argv, &o, &f);
    if (rc >= 0)
        goto out;
    rc = 1;
    keys = xcalloc(f.nkeys, sizeof *keys);
    kp = xcalloc(f.nkeys, sizeof *kp);
    /* every key file is checked before any passphrase is asked */
    for (size_t i = 0; i < f.nkeys; i++) {
        char *err = NULL;
        if (seal_key_read(f.keys[i], &keys[i], &err) != SEAL_KEY_OK) {
            fprintf(stderr, "open: %s\n", err);
            free(err);
            goto out;
        }
        kp[i] = &keys[i];
    }
    for (size_t i = 0; i < f.nkeys; i++)
        if (!unlock(&keys[i], &pw)) {
            fprintf(stderr, "open: nothing written\n");
            goto out;
        }
    o.keys = kp;
    o.nkeys = f.nkeys;
    merge_result_t r;
    char *err = NULL;
    uint64_t t0 = now_ms();
    if (!merge_run(f.files, f.nfiles, &o, &r, &err)) {
        fputs(err, stderr);
        free(err);
        goto out;
    }
    cli_files_report("open", &r, f.nfiles, t0);
    if (r.damaged) {
        fputs(r.damage, stderr);
        fprintf(stderr, "open: %zu %s could not be opened and %s left out (listed above); every other row was "
                        "written\n",
                r.damaged, plural_en((long long)r.damaged, "row", "rows"), r.damaged == 1 ? "is" : "are");
    }
    rc = r.damaged ? 1 : 0;
    merge_result_free(&r);
out:
    for (size_t i = 0; keys && i < f.nkeys; i++)
        seal_key_free(&keys[i]);
    for (int i = 0; i < pw.count; i++)
        sodium_free(pw.v[i]);
    free(keys);
    free(kp);
    cli_files_free(&f);
    return rc;
}
