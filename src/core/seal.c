/* seal.c - key files and sealed cells (see seal.h). */
#include "seal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_MAX 65536
#define MEM_MAX ((size_t)4 << 30) /* refuse a file asking for more than 4 GiB */

bool seal_init(void)
{
    return sodium_init() >= 0;
}

static void to_hex(const uint8_t *b, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, b, n);
}

void seal_fingerprint(const uint8_t pk[SEAL_PK_BYTES], char id[SEAL_ID_HEX + 1])
{
    uint8_t h[SEAL_ID_HEX / 2];
    crypto_generichash(h, sizeof h, pk, SEAL_PK_BYTES, NULL, 0);
    to_hex(h, sizeof h, id);
}

void seal_id_pretty(const char *id, char out[SEAL_ID_PRETTY + 1])
{
    size_t o = 0;
    for (size_t i = 0; id[i] && i < SEAL_ID_HEX; i++) {
        if (i && i % 4 == 0)
            out[o++] = ' ';
        out[o++] = id[i];
    }
    out[o] = '\0';
}

static char *b64(const uint8_t *b, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *s = xmalloc(cap);
    sodium_bin2base64(s, cap, b, n, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

/* Decode base64 of exactly n bytes; false otherwise. */
static bool unb64(const char *s, uint8_t *out, size_t n)
{
    size_t got = 0;
    const char *end = NULL;
    size_t len = strlen(s);
    if (sodium_base642bin(out, n, s, len, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == n && end == s + len;
}

/* ---- reading a key file -------------------------------------------------- */

#define MAX_LINES 16

typedef struct {
    char *text;                 /* the file, lines NUL-terminated in place */
    char *line[MAX_LINES];
    size_t start[MAX_LINES];    /* byte offset of each line in the original */
    size_t end[MAX_LINES];      /* offset just after its LF */
    int n;
    char *raw;                  /* an untouched copy, for the AD and check */
    size_t len;
} lines_t;

static void lines_free(lines_t *l)
{
    if (l->text)
        sodium_memzero(l->text, l->len);
    free(l->text);
    free(l->raw);
    memset(l, 0, sizeof *l);
}

/* Read path (at most KEYFILE_MAX bytes) and split it into lines. *mode gets
 * the file's mode. False with errno set. */
static bool lines_read(const char *path, lines_t *l, mode_t *mode)
{
    memset(l, 0, sizeof *l);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno ? errno : EINVAL;
        close(fd);
        errno = e;
        return false;
    }
    if (mode)
        *mode = st.st_mode;
    l->text = xmalloc(KEYFILE_MAX + 1);
    size_t got = 0;
    ssize_t r;
    while (got < KEYFILE_MAX && (r = read(fd, l->text + got, KEYFILE_MAX - got)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            lines_free(l);
            errno = e;
            return false;
        }
        got += (size_t)r;
    }
    close(fd);
    l->len = got;
    l->text[got] = '\0';
    l->raw = xmalloc(got + 1);
    memcpy(l->raw, l->text, got + 1);
    char *p = l->text;
    while (*p && l->n < MAX_LINES) {
        char *nl = strchr(p, '\n');
        l->start[l->n] = (size_t)(p - l->text);
        l->end[l->n] = nl ? (size_t)(nl + 1 - l->text) : got;
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[n - 1] = '\0';
        l->line[l->n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    return true;
}

/* The value of line i if it is "name: value", else NULL. */
static const char *field(const lines_t *l, int i, const char *name)
{
    if (i >= l->n)
        return NULL;
    size_t n = strlen(name);
    const char *s = l->line[i];
    if (strncmp(s, name, n) != 0 || s[n] != ':')
        return NULL;
    s += n + 1;
    while (*s == ' ')
        s++;
    return s;
}

static bool has_magic(const lines_t *l, const char *magic)
{
    /* a UTF-8 BOM from an editor is tolerated */
    const char *s = l->n ? l->line[0] : "";
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    return strcmp(s, magic) == 0;
}

/* The fingerprint line, if any, must match the key: a copy damaged on the
 * way is caught here rather than sealing to a key nobody holds. */
static bool fingerprint_ok(const char *line, const char *id)
{
    char want[SEAL_ID_PRETTY + 1];
    seal_id_pretty(id, want);
    return strcmp(line, want) == 0 || strcmp(line, id) == 0;
}

bool seal_pub_load(const char *path, seal_pub_t *out, char **err)
{
    memset(out, 0, sizeof *out);
    *err = NULL;
    if (!seal_init()) {
        *err = xstrdup("libsodium could not start");
        return false;
    }
    lines_t l;
    if (!lines_read(path, &l, NULL)) {
        *err = xasprintf("%s: cannot read the public key file: %s", path, strerror(errno));
        return false;
    }
    const char *k, *fp;
    bool ok = false;
    if (has_magic(&l, SEAL_KEY_MAGIC))
        *err = xasprintf("%s is a SECRET key file; the kiosk needs the public key (the .pub file). Never copy the "
                         ".key file onto a kiosk or a USB stick",
                         path);
    else if (!has_magic(&l, SEAL_PUB_MAGIC))
        *err = xasprintf("%s is not an agmkiosk public key (its first line should be '%s'; make one with "
                         "agmkiosk keygen)",
                         path, SEAL_PUB_MAGIC);
    else if (!(k = field(&l, 1, "key")) || !unb64(k, out->pk, SEAL_PK_BYTES))
        *err = xasprintf("%s: the public key file is damaged (line 2 should be 'key: ' and 44 characters of base64)",
                         path);
    else {
        seal_fingerprint(out->pk, out->id);
        if ((fp = field(&l, 2, "fingerprint")) && !fingerprint_ok(fp, out->id))
            *err = xasprintf("%s: the public key file is damaged (the key does not match its fingerprint line)", path);
        else
            ok = true;
    }
    lines_free(&l);
    if (!ok)
        memset(out, 0, sizeof *out);
    return ok;
}

/* ---- the secret key file ------------------------------------------------------ */

static const char *kdf_name = "argon2id13";

void seal_key_free(seal_key_t *k)
{
    if (!k)
        return;
    free(k->path);
    free(k->ad);
    sodium_memzero(k, sizeof *k);
}

static seal_key_rc_t key_fail(seal_key_rc_t rc, char **err, char *msg)
{
    *err = msg;
    return rc;
}

seal_key_rc_t seal_key_read(const char *path, seal_key_t *k, char **err)
{
    memset(k, 0, sizeof *k);
    *err = NULL;
    if (!seal_init())
        return key_fail(SEAL_KEY_UNREADABLE, err, xstrdup("libsodium could not start"));
    lines_t l;
    mode_t mode = 0;
    if (!lines_read(path, &l, &mode))
        return key_fail(SEAL_KEY_UNREADABLE, err,
                        xasprintf("%s: cannot read the key file: %s", path, strerror(errno)));
    seal_key_rc_t rc = SEAL_KEY_DAMAGED;
    const char *v[7];
    static const char *const names[7] = {"public", "fingerprint", "kdf", "salt", "nonce", "secret", "check"};
    if (has_magic(&l, SEAL_PUB_MAGIC)) {
        rc = key_fail(SEAL_KEY_IS_PUBLIC, err,
                      xasprintf("%s is a public key file; opening needs the secret key file (NAME.key) made with it",
                                path));
        goto out;
    }
    if (!has_magic(&l, SEAL_KEY_MAGIC)) {
        rc = key_fail(SEAL_KEY_NOT_A_KEY, err,
                      xasprintf("%s is not an agmkiosk secret key file (its first line should be '%s')", path,
                                SEAL_KEY_MAGIC));
        goto out;
    }
    if (mode & 077) {
        rc = key_fail(SEAL_KEY_MODE, err,
                      xasprintf("%s can be read or written by other users (mode %04o); it must be private to you: "
                                "chmod 600 %s (refused)",
                                path, (unsigned)(mode & 07777), path));
        goto out;
    }
    for (int i = 0; i < 7; i++)
        if (!(v[i] = field(&l, i + 1, names[i]))) {
            rc = key_fail(SEAL_KEY_DAMAGED, err,
                          xasprintf("%s: the key file is damaged (line %d should start with '%s:')", path, i + 2,
                                    names[i]));
            goto out;
        }
    /* the check covers every byte before the check line */
    uint8_t h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const uint8_t *)l.raw, l.start[7], NULL, 0);
    to_hex(h, sizeof h, hex);
    unsigned long long ops = 0;
    unsigned long long mem = 0;
    char kname[16] = "";
    char tail;
    if (strcmp(v[6], hex) != 0 || !unb64(v[0], k->pub.pk, SEAL_PK_BYTES) ||
        sscanf(v[2], "%15s ops=%llu mem=%llu%c", kname, &ops, &mem, &tail) != 3 || strcmp(kname, kdf_name) != 0 ||
        ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX || mem < crypto_pwhash_MEMLIMIT_MIN ||
        mem > MEM_MAX || !unb64(v[3], k->salt, sizeof k->salt) || !unb64(v[4], k->nonce, sizeof k->nonce) ||
        !unb64(v[5], k->box, sizeof k->box)) {
        rc = key_fail(SEAL_KEY_DAMAGED, err,
                      xasprintf("%s: the key file is damaged or was changed (its check line does not match its "
                                "contents); use a backup copy",
                                path));
        goto out;
    }
    seal_fingerprint(k->pub.pk, k->pub.id);
    if (!fingerprint_ok(v[1], k->pub.id)) {
        rc = key_fail(SEAL_KEY_DAMAGED, err, xasprintf("%s: the key file is damaged (fingerprint line)", path));
        goto out;
    }
    k->ops = ops;
    k->mem = (size_t)mem;
    k->adlen = l.start[6]; /* magic .. nonce */
    k->ad = xmalloc(k->adlen + 1);
    memcpy(k->ad, l.raw, k->adlen);
    k->path = xstrdup(path);
    rc = SEAL_KEY_OK;
out:
    lines_free(&l);
    if (rc != SEAL_KEY_OK)
        seal_key_free(k);
    return rc;
}

static bool derive(uint8_t key[32], const char *pass, size_t passlen, const uint8_t salt[16], unsigned long long ops,
                   size_t mem)
{
    return crypto_pwhash(key, 32, pass, passlen, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

seal_key_rc_t seal_key_unlock(seal_key_t *k, const char *pass, size_t passlen, char **err)
{
    *err = NULL;
    uint8_t key[32];
    if (!derive(key, pass, passlen, k->salt, k->ops, k->mem)) {
        *err = xasprintf("%s: the passphrase could not be derived (not enough memory for %zu MiB?)", k->path,
                         k->mem >> 20);
        return SEAL_KEY_UNREADABLE;
    }
    unsigned long long n = 0;
    int r = crypto_aead_xchacha20poly1305_ietf_decrypt(k->sk, &n, NULL, k->box, sizeof k->box, (const uint8_t *)k->ad,
                                                       k->adlen, k->nonce, key);
    sodium_memzero(key, sizeof key);
    if (r != 0 || n != SEAL_SK_BYTES) {
        sodium_memzero(k->sk, sizeof k->sk);
        *err = xasprintf("%s: wrong passphrase", k->path);
        return SEAL_KEY_WRONG_PASS;
    }
    uint8_t pk[SEAL_PK_BYTES];
    crypto_scalarmult_base(pk, k->sk);
    if (sodium_memcmp(pk, k->pub.pk, sizeof pk) != 0) {
        sodium_memzero(k->sk, sizeof k->sk);
        *err = xasprintf("%s: the secret key does not belong to the public key in the same file (the file was "
                         "changed)",
                         k->path);
        return SEAL_KEY_MISMATCH;
    }
    k->unlocked = true;
    return SEAL_KEY_OK;
}

/* Write text to a new file tmp (0600, O_EXCL), fsync, then link it to
 * path, which must not exist. */
static bool write_new(const char *path, const char *text, char **err)
{
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    const char *step = "cannot create";
    const char *where = tmp;
    bool ok = false, made = false;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        goto out;
    made = true;
    size_t n = strlen(text);
    step = "cannot write";
    if (fchmod(fd, 0600) != 0 || write(fd, text, n) != (ssize_t)n)
        goto out;
    step = "cannot fsync";
    if (fsync(fd) != 0)
        goto out;
    int f = fd;
    fd = -1;
    step = "cannot close";
    if (close(f) != 0)
        goto out;
    step = "will not replace";
    where = path;
    if (link(tmp, path) != 0)
        goto out;
    ok = true;
out:
    if (!ok)
        *err = xasprintf("%s %s: %s", step, where, strerror(errno ? errno : EIO));
    if (fd >= 0)
        close(fd);
    if (made)
        unlink(tmp);
    free(tmp);
    return ok;
}

static void sync_dir_of(const char *path)
{
    char *d = xstrdup(path);
    char *slash = strrchr(d, '/');
    if (slash)
        slash == d ? (void)(slash[1] = '\0') : (void)(*slash = '\0');
    int fd = open(slash ? d : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

bool seal_keygen(const char *base, const char *pass, size_t passlen, seal_kdf_t kdf, seal_pub_t *pub, char **err)
{
    *err = NULL;
    memset(pub, 0, sizeof *pub);
    if (!seal_init()) {
        *err = xstrdup("libsodium could not start");
        return false;
    }
    char *ppath = xasprintf("%s.pub", base), *kpath = xasprintf("%s.key", base);
    uint8_t sk[SEAL_SK_BYTES], salt[16], nonce[24], box[SEAL_SK_BYTES + 16], key[32];
    strbuf_t t = {0}, p = {0};
    bool ok = false;
    struct stat st;
    if (lstat(ppath, &st) == 0 || lstat(kpath, &st) == 0) {
        *err = xasprintf("%s already exists; nothing written (choose another NAME, or move the old files away)",
                         lstat(kpath, &st) == 0 ? kpath : ppath);
        goto out;
    }
    unsigned long long ops = kdf == SEAL_KDF_INTERACTIVE ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                             : kdf == SEAL_KDF_SENSITIVE ? crypto_pwhash_OPSLIMIT_SENSITIVE
                                                         : crypto_pwhash_OPSLIMIT_MODERATE;
    size_t mem = kdf == SEAL_KDF_INTERACTIVE ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                 : kdf == SEAL_KDF_SENSITIVE ? crypto_pwhash_MEMLIMIT_SENSITIVE
                                             : crypto_pwhash_MEMLIMIT_MODERATE;
    crypto_box_keypair(pub->pk, sk);
    seal_fingerprint(pub->pk, pub->id);
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    if (!derive(key, pass, passlen, salt, ops, mem)) {
        *err = xstrdup("the passphrase could not be derived (not enough memory?)");
        goto out;
    }
    char pretty[SEAL_ID_PRETTY + 1];
    seal_id_pretty(pub->id, pretty);
    char *s;
    sb_printf(&t, "%s\npublic: %s\n", SEAL_KEY_MAGIC, s = b64(pub->pk, SEAL_PK_BYTES));
    free(s);
    sb_printf(&t, "fingerprint: %s\nkdf: %s ops=%llu mem=%zu\n", pretty, kdf_name, ops, mem);
    sb_printf(&t, "salt: %s\n", s = b64(salt, sizeof salt));
    free(s);
    sb_printf(&t, "nonce: %s\n", s = b64(nonce, sizeof nonce));
    free(s);
    unsigned long long blen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(box, &blen, sk, sizeof sk, (const uint8_t *)t.s, t.len, NULL, nonce,
                                               key);
    sb_printf(&t, "secret: %s\n", s = b64(box, sizeof box));
    free(s);
    uint8_t h[16];
    char hex[33];
    crypto_generichash(h, sizeof h, (const uint8_t *)t.s, t.len, NULL, 0);
    to_hex(h, sizeof h, hex);
    sb_printf(&t, "check: %s\n", hex);
    sb_printf(&p, "%s\nkey: %s\n", SEAL_PUB_MAGIC, s = b64(pub->pk, SEAL_PK_BYTES));
    free(s);
    sb_printf(&p, "fingerprint: %s\n", pretty);
    if (!write_new(kpath, t.s, err))
        goto out;
    if (!write_new(ppath, p.s, err)) {
        unlink(kpath); /* made a moment ago by this run */
        goto out;
    }
    sync_dir_of(kpath);
    ok = true;
out:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(key, sizeof key);
    sb_free(&t);
    sb_free(&p);
    free(ppath);
    free(kpath);
    return ok;
}

/* ---- cells ----------------------------------------------------------------------- */

bool seal_is_sealed(const char *s, size_t n)
{
    return s && n >= SEAL_MARK_LEN && memcmp(s, SEAL_MARK, SEAL_MARK_LEN) == 0;
}

char *seal_cell(const seal_pub_t *pub, const char *plain, size_t n)
{
    size_t clen = n + crypto_box_SEALBYTES;
    uint8_t *c = xmalloc(clen);
    if (crypto_box_seal(c, (const uint8_t *)plain, n, pub->pk) != 0) {
        free(c);
        return NULL;
    }
    size_t cap = sodium_base64_ENCODED_LEN(clen, sodium_base64_VARIANT_ORIGINAL);
    char *out = xmalloc(SEAL_MARK_LEN + cap);
    memcpy(out, SEAL_MARK, SEAL_MARK_LEN);
    sodium_bin2base64(out + SEAL_MARK_LEN, cap, c, clen, sodium_base64_VARIANT_ORIGINAL);
    free(c);
    return out;
}

seal_cell_rc_t seal_cell_open(const seal_key_t *k, const char *cell, size_t n, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (!seal_is_sealed(cell, n))
        return SEAL_CELL_NOT_SEALED;
    const char *b = cell + SEAL_MARK_LEN;
    size_t bn = n - SEAL_MARK_LEN;
    size_t cap = bn / 4 * 3 + 3;
    uint8_t *c = xmalloc(cap + 1);
    size_t clen = 0;
    const char *end = NULL;
    if (sodium_base642bin(c, cap, b, bn, NULL, &clen, &end, sodium_base64_VARIANT_ORIGINAL) != 0 || end != b + bn) {
        free(c);
        return SEAL_CELL_BAD_BASE64;
    }
    if (clen < crypto_box_SEALBYTES) {
        free(c);
        return SEAL_CELL_TOO_SHORT;
    }
    size_t mlen = clen - crypto_box_SEALBYTES;
    char *m = xmalloc(mlen + 1);
    if (!k->unlocked || crypto_box_seal_open((uint8_t *)m, c, clen, k->pub.pk, k->sk) != 0) {
        free(c);
        free(m);
        return SEAL_CELL_FAILED;
    }
    free(c);
    m[mlen] = '\0';
    *out = m;
    *outlen = mlen;
    return SEAL_CELL_OK;
}

const char *seal_cell_strerror(seal_cell_rc_t rc)
{
    switch (rc) {
    case SEAL_CELL_OK: return "opened";
    case SEAL_CELL_NOT_SEALED: return "not a sealed cell";
    case SEAL_CELL_BAD_BASE64: return "the sealed text is damaged (not base64: cut short or changed)";
    case SEAL_CELL_TOO_SHORT: return "the sealed text is damaged (too short to be a sealed cell: cut short)";
    case SEAL_CELL_FAILED: return "the sealed text does not open (altered or damaged: authentication failed)";
    }
    return "?";
}
