/* agmkiosk keygen: make the organizers' key pair for sealed records. */
#include "cli.h"
#include "cli_secret.h"
#include "../core/utf8.h"
#include "../core/seal.h"
#include "../core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void keygen_usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk keygen --out NAME [--kdf interactive|moderate|sensitive]\n"
            "\n"
            "Makes a new key pair for sealed records, on the organizers' own computer:\n"
            "  NAME.pub  the public key: install it on every kiosk ([privacy] public_key\n"
            "            in kiosk.ini, or from a USB stick on the admin screen). It can\n"
            "            only seal, never open.\n"
            "  NAME.key  the secret key, protected by a passphrase (Argon2id, then\n"
            "            XChaCha20-Poly1305), mode 0600. Only it, with the passphrase,\n"
            "            opens what kiosks sealed (agmkiosk open). Keep it and a backup\n"
            "            off the kiosks and off the USB sticks that carry exports.\n"
            "The passphrase (at least %d characters) is asked twice, without echo, or\n"
            "read from standard input (two lines). Existing files are never replaced.\n"
            "The fingerprint printed at the end is what status and the admin screen\n"
            "show for the key.\n"
            "\n"
            "  --kdf LEVEL   Argon2id cost: interactive (64 MiB), moderate (256 MiB,\n"
            "                the default), sensitive (1 GiB); kept in NAME.key\n",
            SEAL_PASS_MIN);
}

int cmd_keygen(config_t *cfg, int argc, char **argv)
{
    (void)cfg;
    const char *out = NULL;
    seal_kdf_t kdf = SEAL_KDF_MODERATE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            keygen_usage(stdout);
            return 0;
        } else if ((strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) && i + 1 < argc) {
            out = argv[++i];
        } else if (strncmp(a, "--out=", 6) == 0) {
            out = a + 6;
        } else if (strcmp(a, "--kdf") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "interactive") == 0) kdf = SEAL_KDF_INTERACTIVE;
            else if (strcmp(v, "moderate") == 0) kdf = SEAL_KDF_MODERATE;
            else if (strcmp(v, "sensitive") == 0) kdf = SEAL_KDF_SENSITIVE;
            else {
                fprintf(stderr, "keygen: --kdf '%s': expected interactive, moderate or sensitive\n", v);
                return 2;
            }
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--kdf") == 0) {
            fprintf(stderr, "keygen: %s needs a value (see agmkiosk keygen --help)\n", a);
            return 2;
        } else {
            fprintf(stderr, "keygen: unexpected argument '%s' (see agmkiosk keygen --help)\n", a);
            return 2;
        }
    }
    if (!out || !*out) {
        fprintf(stderr, "keygen: no --out NAME given\n");
        keygen_usage(stderr);
        return 2;
    }
    char a[SEAL_PASS_MAX + 1], b[SEAL_PASS_MAX + 1];
    int rc = 1;
    long na = cli_read_secret("Passphrase for the new secret key: ", a, sizeof a), nb = -1;
    if (na == -1) {
        fprintf(stderr, "keygen: no passphrase given (type it, or give it twice on standard input)\n");
        goto out;
    }
    if (na < 0 || na > SEAL_PASS_MAX) {
        fprintf(stderr, "keygen: the passphrase is longer than %d bytes; nothing written\n", SEAL_PASS_MAX);
        goto out;
    }
    if (!utf8_valid(a, (size_t)na, NULL)) {
        fprintf(stderr, "keygen: the passphrase is not valid UTF-8 text (check the terminal's encoding); nothing written\n");
        goto out;
    }
    /* Characters, not bytes: a passphrase of three kana is nine bytes. */
    if (utf8_count(a, (size_t)na) < SEAL_PASS_MIN) {
        fprintf(stderr, "keygen: the passphrase must be at least %d characters; nothing written\n", SEAL_PASS_MIN);
        goto out;
    }
    nb = cli_read_secret("The same passphrase again: ", b, sizeof b);
    if (nb == -1) {
        fprintf(stderr, "keygen: the passphrase was given once; give it twice (two lines); nothing written\n");
        goto out;
    }
    if (nb != na || sodium_memcmp(a, b, (size_t)na) != 0) {
        fprintf(stderr, "keygen: the two passphrases differ; nothing written\n");
        goto out;
    }
    seal_pub_t pub;
    char *err = NULL;
    if (!seal_keygen(out, a, (size_t)na, kdf, &pub, &err)) {
        fprintf(stderr, "keygen: %s\n", err);
        free(err);
        goto out;
    }
    char pretty[SEAL_ID_PRETTY + 1];
    seal_id_pretty(pub.id, pretty);
    printf("keygen: wrote %s.pub (the public key: install it on the kiosks)\n"
           "keygen: wrote %s.key (the secret key, mode 0600: keep it and a backup on the organizers' computer;\n"
           "        without it and its passphrase nothing sealed can ever be read)\n"
           "fingerprint: %s\n",
           out, out, pretty);
    rc = 0;
out:
    sodium_memzero(a, sizeof a);
    sodium_memzero(b, sizeof b);
    return rc;
}
