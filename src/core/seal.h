/* seal.h - sealed records: the organizers' key pair, its files, and the
 * sealed cells the kiosk stores in place of personal text.
 *
 * Crypto (libsodium):
 *  - a key pair is X25519 (crypto_box_keypair);
 *  - a cell is crypto_box_seal(): an ephemeral X25519 key per cell,
 *    XSalsa20-Poly1305, anonymous sender; only the secret key opens it and
 *    any change to it is detected (Poly1305);
 *  - the secret key file is protected by a passphrase: Argon2id
 *    (crypto_pwhash, random 16-byte salt, its cost in the file) gives the
 *    key of XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf, random
 *    24-byte nonce) that encrypts the 32-byte secret key, with every line
 *    before it as associated data, so no line can be changed unnoticed;
 *  - the fingerprint of a public key is BLAKE2b-128 of its 32 bytes
 *    (crypto_generichash), 32 hex digits; shown in groups of four.
 *
 * Files (UTF-8 text, LF; CR before LF is accepted):
 *
 *   NAME.pub                              NAME.key (mode 0600)
 *   agmkiosk public key v1                agmkiosk secret key v1
 *   key: <base64, 32 bytes>               public: <base64, 32 bytes>
 *   fingerprint: 1a2b 3c4d ... (8 groups) fingerprint: 1a2b 3c4d ...
 *                                         kdf: argon2id13 ops=N mem=BYTES
 *                                         salt: <base64, 16 bytes>
 *                                         nonce: <base64, 24 bytes>
 *                                         secret: <base64, 32 + 16 bytes>
 *                                         check: <BLAKE2b-128 of the lines
 *                                                 above, hex>
 *
 * The check line tells a damaged file apart from a wrong passphrase (it
 * is no secret: anyone can recompute it; the AEAD is what protects).
 *
 * A sealed cell is SEAL_MARK followed by the standard base64 (with
 * padding) of crypto_box_seal's output: "sealed:v1:" + base64(32-byte
 * ephemeral public key + ciphertext + 16-byte tag). */
#ifndef AGM_SEAL_H
#define AGM_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEAL_PK_BYTES 32
#define SEAL_SK_BYTES 32
#define SEAL_ID_HEX 32                      /* fingerprint: 16 bytes in hex */
#define SEAL_ID_PRETTY (SEAL_ID_HEX + 7)    /* "1a2b 3c4d ..." */
#define SEAL_MARK "sealed:v1:"
#define SEAL_MARK_LEN 10
#define SEAL_PUB_MAGIC "agmkiosk public key v1"
#define SEAL_KEY_MAGIC "agmkiosk secret key v1"
#define SEAL_PASS_MIN 8                     /* characters (code points) */
#define SEAL_PASS_MAX 1024

typedef struct {
    uint8_t pk[SEAL_PK_BYTES];
    char id[SEAL_ID_HEX + 1];               /* fingerprint, hex */
} seal_pub_t;

/* A secret key read from its file; locked (unusable) until
 * seal_key_unlock(). Wipe with seal_key_free(). */
typedef struct {
    char *path;
    seal_pub_t pub;
    unsigned long long ops;
    size_t mem;
    uint8_t salt[16], nonce[24], box[SEAL_SK_BYTES + 16];
    char *ad;                               /* the lines the AEAD covers */
    size_t adlen;
    bool unlocked;
    uint8_t sk[SEAL_SK_BYTES];
} seal_key_t;

typedef enum {
    SEAL_KDF_INTERACTIVE = 0, /* libsodium's interactive limits (64 MiB) */
    SEAL_KDF_MODERATE,        /* moderate (256 MiB, a second or so): default */
    SEAL_KDF_SENSITIVE,       /* sensitive (1 GiB, several seconds) */
} seal_kdf_t;

/* sodium_init() once; false when libsodium cannot start. */
bool seal_init(void);

/* The fingerprint of pk as 32 hex digits, and as "1a2b 3c4d ..." groups. */
void seal_fingerprint(const uint8_t pk[SEAL_PK_BYTES], char id[SEAL_ID_HEX + 1]);
void seal_id_pretty(const char *id, char out[SEAL_ID_PRETTY + 1]);

/* Create NAME.pub and NAME.key (base = NAME) with a new key pair, the
 * secret one protected by pass. Neither file may exist: an existing file
 * is never replaced (O_EXCL; then nothing is written). Both are mode
 * 0600, written to a temporary name, fsynced and linked into place. pub
 * receives the public key. False with *err (caller frees). */
bool seal_keygen(const char *base, const char *pass, size_t passlen, seal_kdf_t kdf, seal_pub_t *pub, char **err);

/* Read a public key file. False with *err naming the file and what is
 * wrong: missing, a secret key file, not a public key file, damaged. */
bool seal_pub_load(const char *path, seal_pub_t *out, char **err);

/* Why path cannot be opened: mode lets group or others read or write it
 * (the secret key file must be 0600 or stricter). */
typedef enum {
    SEAL_KEY_OK = 0,
    SEAL_KEY_UNREADABLE,  /* missing, unreadable */
    SEAL_KEY_MODE,        /* group or others may read or write it */
    SEAL_KEY_IS_PUBLIC,   /* a public key file was given */
    SEAL_KEY_NOT_A_KEY,   /* not an agmkiosk key file */
    SEAL_KEY_DAMAGED,     /* a line is missing or malformed, or the check fails */
    SEAL_KEY_WRONG_PASS,  /* the passphrase does not open it */
    SEAL_KEY_MISMATCH,    /* opened, but its secret does not belong to its public key */
} seal_key_rc_t;

/* Read a secret key file (not yet unlocked). *err names file and problem. */
seal_key_rc_t seal_key_read(const char *path, seal_key_t *k, char **err);
/* Derive the key from pass and open the secret. */
seal_key_rc_t seal_key_unlock(seal_key_t *k, const char *pass, size_t passlen, char **err);
void seal_key_free(seal_key_t *k); /* wipes; accepts a zeroed value */

/* True when the n bytes at s begin with SEAL_MARK. */
bool seal_is_sealed(const char *s, size_t n);

/* Seal n bytes of plain to pub: a new string SEAL_MARK + base64 (caller
 * frees), or NULL when out of memory or without randomness. */
char *seal_cell(const seal_pub_t *pub, const char *plain, size_t n);

typedef enum {
    SEAL_CELL_OK = 0,
    SEAL_CELL_NOT_SEALED,  /* no SEAL_MARK */
    SEAL_CELL_BAD_BASE64,  /* not base64 after the mark (cut short, changed) */
    SEAL_CELL_TOO_SHORT,   /* fewer bytes than any sealed cell has */
    SEAL_CELL_FAILED,      /* authentication failed: altered, or another key */
} seal_cell_rc_t;

/* Open a sealed cell with an unlocked key: *out (caller frees, wipe with
 * seal_wipe_free if it matters) holds *outlen bytes plus a NUL. */
seal_cell_rc_t seal_cell_open(const seal_key_t *k, const char *cell, size_t n, char **out, size_t *outlen);
const char *seal_cell_strerror(seal_cell_rc_t rc);

#endif
