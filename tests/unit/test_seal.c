/* Sealed records: key files, sealed cells, the store writing no plain
 * personal text (database file and -wal searched byte by byte), export,
 * merge and open, and each failure with its own message. */
#include "test.h"
#include "test_export_fixture.h"

#include "admin/privacy.h"
#include "config/config.h"
#include "core/seal.h"
#include "core/util.h"
#include "export/export.h"
#include "export/merge.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PASS "correct horse battery staple"

/* The typed values the raw bytes must never contain. */
static const char *const secrets[] = {
    "Kim Hidden-Name", "hidden.person@example.org", "+82 10-5555-0199", "Please keep my family safe",
    "=HYPERLINK(\"x\") what happens to \"defectors\"?\nSecond line", "김비밀", "ひみつのなまえ",
};

/* A key pair in dir (cheap Argon2id: tests make many). */
static char *make_keys(const char *dir, const char *name, seal_pub_t *pub)
{
    char *base = path_join(dir, name), *err = NULL;
    if (!seal_keygen(base, PASS, strlen(PASS), SEAL_KDF_INTERACTIVE, pub, &err)) {
        fprintf(stderr, "  keygen: %s\n", err);
        free(err);
    }
    return base;
}

static bool file_has(const char *path, const char *needle)
{
    size_t n = 0;
    char *b = file_read_all(path, &n);
    bool has = b && memmem(b, n, needle, strlen(needle)) != NULL;
    free(b);
    return has;
}

/* Any of the secrets (or a 6-byte piece of one: no fragment either) in path. */
static const char *leaked(const char *path)
{
    size_t n = 0;
    char *b = file_read_all(path, &n);
    const char *hit = NULL;
    for (size_t i = 0; b && !hit && i < AGM_ARRAY_LEN(secrets); i++) {
        size_t m = strlen(secrets[i]);
        for (size_t off = 0; !hit && off + 6 <= m; off += 3)
            if (memmem(b, n, secrets[i] + off, 6))
                hit = secrets[i];
    }
    free(b);
    return hit;
}

static void add_secret_rows(store_t *s)
{
    question_in_t q = {.text = secrets[4], .name = secrets[0], .lang = "en"};
    signup_in_t u = {.name = secrets[5], .email = secrets[1], .phone = secrets[2], .message = secrets[3],
                     .lang = "ko", .consent_version = "2012-1"};
    question_in_t q2 = {.text = "質問です", .name = secrets[6], .lang = "ja"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    CHECK_INT(store_add_signup(s, &u, NULL), STORE_OK);
    CHECK_INT(store_add_question(s, &q2, NULL), STORE_OK);
}

static void test_keygen_files(void)
{
    const char *dir = test_tmpdir();
    seal_pub_t pub;
    char *base = make_keys(dir, "org", &pub);
    char *pp = xasprintf("%s.pub", base), *kp = xasprintf("%s.key", base);
    struct stat st;
    CHECK(stat(kp, &st) == 0);
    CHECK_INT(st.st_mode & 0777, 0600);
    CHECK(stat(pp, &st) == 0);
    CHECK(file_has(pp, SEAL_PUB_MAGIC "\nkey: "));
    CHECK(file_has(kp, SEAL_KEY_MAGIC "\npublic: "));
    CHECK_INT(strlen(pub.id), SEAL_ID_HEX);
    char pretty[SEAL_ID_PRETTY + 1];
    seal_id_pretty(pub.id, pretty);
    CHECK(file_has(pp, pretty));
    seal_pub_t again;
    char *err = NULL;
    CHECK_MSG(seal_pub_load(pp, &again, &err), "%s", err);
    CHECK_STR(again.id, pub.id);
    /* never over an existing file */
    size_t n0 = 0;
    char *before = file_read_all(kp, &n0);
    seal_pub_t other;
    CHECK(!seal_keygen(base, PASS, strlen(PASS), SEAL_KDF_INTERACTIVE, &other, &err));
    CHECK_CONTAINS(err, "already exists");
    free(err);
    CHECK(file_has(kp, before));
    free(before);
    seal_key_t k;
    CHECK_INT(seal_key_read(kp, &k, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&k, PASS, strlen(PASS), &err), SEAL_KEY_OK);
    CHECK_STR(k.pub.id, pub.id);
    seal_key_free(&k);
    free(pp);
    free(kp);
    free(base);
}

/* Each failure has its own message. */
static void test_key_failures(void)
{
    const char *dir = test_tmpdir();
    seal_pub_t pub;
    char *base = make_keys(dir, "org", &pub);
    char *pp = xasprintf("%s.pub", base), *kp = xasprintf("%s.key", base);
    seal_key_t k;
    char *err = NULL;
    /* wrong passphrase */
    CHECK_INT(seal_key_read(kp, &k, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&k, "not the passphrase", 18, &err), SEAL_KEY_WRONG_PASS);
    CHECK_CONTAINS(err, "wrong passphrase");
    CHECK(!k.unlocked);
    free(err);
    seal_key_free(&k);
    /* readable by others: refused */
    chmod(kp, 0644);
    CHECK_INT(seal_key_read(kp, &k, &err), SEAL_KEY_MODE);
    CHECK_CONTAINS(err, "mode 0644");
    CHECK_CONTAINS(err, "chmod 600");
    free(err);
    chmod(kp, 0600);
    /* the public key where the secret one belongs */
    CHECK_INT(seal_key_read(pp, &k, &err), SEAL_KEY_IS_PUBLIC);
    CHECK_CONTAINS(err, "is a public key file");
    free(err);
    /* not a key at all */
    char *junk = test_write_file(dir, "notes.txt", "hello\n");
    CHECK_INT(seal_key_read(junk, &k, &err), SEAL_KEY_NOT_A_KEY);
    CHECK_CONTAINS(err, "is not an agmkiosk secret key file");
    free(err);
    /* one character of the salt changed: damaged, not "wrong passphrase" */
    size_t n = 0;
    char *text = file_read_all(kp, &n);
    char *salt = strstr(text, "salt: ") + 6;
    *salt = *salt == 'A' ? 'B' : 'A';
    char *bad = test_write_file(dir, "bad.key", text);
    chmod(bad, 0600);
    CHECK_INT(seal_key_read(bad, &k, &err), SEAL_KEY_DAMAGED);
    CHECK_CONTAINS(err, "damaged");
    free(err);
    free(text);
    /* public key loading: a secret key file, junk, a damaged key line */
    seal_pub_t p2;
    CHECK(!seal_pub_load(kp, &p2, &err));
    CHECK_CONTAINS(err, "is a SECRET key file");
    free(err);
    CHECK(!seal_pub_load(junk, &p2, &err));
    CHECK_CONTAINS(err, "is not an agmkiosk public key");
    free(err);
    text = file_read_all(pp, &n);
    char *kl = strstr(text, "key: ") + 8;
    *kl = *kl == 'A' ? 'B' : 'A';
    char *badpub = test_write_file(dir, "bad.pub", text);
    CHECK(!seal_pub_load(badpub, &p2, &err));
    CHECK_CONTAINS(err, "damaged");
    free(err);
    free(text);
    char *missing = path_join(dir, "missing.pub");
    CHECK(!seal_pub_load(missing, &p2, &err));
    CHECK_CONTAINS(err, "cannot read");
    free(err);
    free(missing);
    free(junk);
    free(bad);
    free(badpub);
    free(pp);
    free(kp);
    free(base);
}

static void test_cells(void)
{
    const char *dir = test_tmpdir();
    seal_pub_t pub, pub2;
    char *base = make_keys(dir, "a", &pub), *base2 = make_keys(dir, "b", &pub2);
    char *kp = xasprintf("%s.key", base), *kp2 = xasprintf("%s.key", base2), *err = NULL;
    seal_key_t k, k2;
    CHECK_INT(seal_key_read(kp, &k, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&k, PASS, strlen(PASS), &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_read(kp2, &k2, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&k2, PASS, strlen(PASS), &err), SEAL_KEY_OK);
    const char *texts[] = {"", "a", secrets[4], "🎉 한국어 にほんご \"q\" ,;\r\n"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(texts); i++) {
        char *c = seal_cell(&pub, texts[i], strlen(texts[i]));
        CHECK(c && seal_is_sealed(c, strlen(c)));
        CHECK(strlen(texts[i]) < 6 || !strstr(c, texts[i]));
        char *out = NULL;
        size_t n = 0;
        CHECK_INT(seal_cell_open(&k, c, strlen(c), &out, &n), SEAL_CELL_OK);
        CHECK_INT(n, strlen(texts[i]));
        CHECK_STR(out, texts[i]);
        free(out);
        /* another key */
        CHECK_INT(seal_cell_open(&k2, c, strlen(c), &out, &n), SEAL_CELL_FAILED);
        /* altered: one base64 character in the middle changed */
        size_t len = strlen(c);
        char *alt = xstrdup(c);
        char *mid = alt + SEAL_MARK_LEN + (len - SEAL_MARK_LEN) / 2;
        *mid = *mid == 'A' ? 'B' : 'A';
        CHECK_INT(seal_cell_open(&k, alt, len, &out, &n), SEAL_CELL_FAILED);
        /* truncated: not base64 any more, or too short */
        CHECK_INT(seal_cell_open(&k, c, len - 3, &out, &n), SEAL_CELL_BAD_BASE64);
        CHECK_INT(seal_cell_open(&k, c, SEAL_MARK_LEN + 8, &out, &n), SEAL_CELL_TOO_SHORT);
        free(alt);
        free(c);
    }
    /* two seals of one text differ (a new ephemeral key each) */
    char *c1 = seal_cell(&pub, "same", 4), *c2 = seal_cell(&pub, "same", 4);
    CHECK(strcmp(c1, c2) != 0);
    free(c1);
    free(c2);
    seal_key_free(&k);
    seal_key_free(&k2);
    free(kp);
    free(kp2);
    free(base);
    free(base2);
}

static store_t *open_sealed(const char *dir, const seal_pub_t *pub, uint64_t plain_q)
{
    char *db = path_join(dir, "agmkiosk.db"), *err = NULL;
    store_t *s = store_open(db, "hall-a", NULL, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    free(err);
    free(db);
    if (s && pub) {
        store_seal_t seal = {.key = *pub};
        seal.plain[STORE_QUESTIONS] = plain_q;
        store_set_seal(s, &seal);
    }
    return s;
}

/* The database file and its -wal hold no byte sequence of anything typed
 * (while the store is open: the -wal is there), counts and batches work,
 * and the export files hold none either; the same rows without a key do
 * show up (so the search can find them). */
static void test_store_writes_no_plain_text(void)
{
    for (int sealed = 1; sealed >= 0; sealed--) {
        const char *dir = test_tmpdir();
        seal_pub_t pub;
        char *base = make_keys(dir, "org", &pub);
        store_t *s = open_sealed(dir, sealed ? &pub : NULL, 0);
        CHECK(s);
        CHECK(sealed ? store_seal_id(s) && strcmp(store_seal_id(s), pub.id) == 0 : store_seal_id(s) == NULL);
        add_secret_rows(s);
        char *db = path_join(dir, "agmkiosk.db"), *wal = xasprintf("%s-wal", db);
        struct stat st;
        CHECK(stat(wal, &st) == 0 && st.st_size > 0);
        const char *hit_db = leaked(db), *hit_wal = leaked(wal);
        if (sealed) {
            CHECK_MSG(!hit_db, "the database holds '%s'", hit_db);
            CHECK_MSG(!hit_wal, "the -wal holds '%s'", hit_wal);
        } else {
            CHECK_MSG(hit_db || hit_wal, "unsealed rows were not found: the search cannot work");
        }
        store_counts_t c;
        CHECK(store_counts(s, &c));
        CHECK_INT(c.questions, 2);
        CHECK_INT(c.signups, 1);
        char *usb = path_join(dir, "usb");
        export_opts_t o = {.out_dir = usb, .excel = true};
        export_result_t r;
        char *err = NULL;
        CHECK_MSG(export_run(s, &o, &r, &err), "%s", err);
        CHECK_INT(r.batch, 1);
        CHECK_INT(r.questions, 2);
        for (int k = 0; k < 2; k++) {
            const char *hit = leaked(r.files[k]);
            if (sealed) {
                CHECK_MSG(!hit, "%s holds '%s'", r.files[k], hit);
                CHECK(file_has(r.files[k], "\"sealed_to\""));
                CHECK(file_has(r.files[k], pub.id));
                CHECK(file_has(r.files[k], SEAL_MARK));
            }
        }
        CHECK(store_counts(s, &c));
        CHECK_INT(c.questions_new + c.signups_new, 0);
        store_wipe_result_t w;
        CHECK_INT(store_wipe(s, &w, &err), STORE_OK);
        CHECK_INT(w.questions, 2);
        export_result_free(&r);
        store_close(s);
        free(usb);
        free(db);
        free(wal);
        free(base);
    }
}

/* export -> merge (with an --all export of the same rows) -> open gives
 * back exactly what was saved; damaged rows are named and left out. */
static void test_export_merge_open(void)
{
    const char *dir = test_tmpdir();
    seal_pub_t pub, other;
    char *base = make_keys(dir, "org", &pub), *obase = make_keys(dir, "other", &other);
    store_t *s = open_sealed(dir, &pub, 0);
    CHECK(s);
    add_secret_rows(s);
    /* a row saved before the key was set stays plain and opens as it is */
    store_set_seal(s, NULL);
    question_in_t plain = {.text = "asked before the key", .lang = "en"};
    CHECK_INT(store_add_question(s, &plain, NULL), STORE_OK);
    char *usb = path_join(dir, "usb"), *err = NULL;
    export_opts_t o = {.out_dir = usb};
    export_result_t r1, r2;
    CHECK_MSG(export_run(s, &o, &r1, &err), "%s", err);
    export_opts_t all = {.out_dir = usb, .mode = EXPORT_ALL, .raw = true, .now = 1};
    CHECK_MSG(export_run(s, &all, &r2, &err), "%s", err);
    /* merge carries sealed cells and dedups by uuid */
    char *mout = path_join(dir, "merged");
    const char *files[4] = {r1.files[0], r1.files[1], r2.files[0], r2.files[1]};
    merge_opts_t mo = {.out = mout};
    merge_result_t mr;
    CHECK_MSG(merge_run(files, 4, &mo, &mr, &err), "%s", err);
    CHECK_INT(mr.rows_out[0], 3);
    CHECK_INT(mr.rows_out[1], 1);
    CHECK_INT(mr.duplicates, 4);
    CHECK_INT(mr.conflicts, 0);
    CHECK(!leaked(mr.files[0]) && !leaked(mr.files[1]));
    char *mq = xstrdup(mr.files[0]), *ms = xstrdup(mr.files[1]);
    merge_result_free(&mr);
    /* open the merge and the exports together */
    char *kp = xasprintf("%s.key", base);
    seal_key_t k;
    CHECK_INT(seal_key_read(kp, &k, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&k, PASS, strlen(PASS), &err), SEAL_KEY_OK);
    const seal_key_t *keys[1] = {&k};
    char *pout = path_join(dir, "plain");
    const char *in[4] = {mq, ms, r1.files[0], r1.files[1]};
    merge_opts_t po = {.out = pout, .raw = true, .keys = keys, .nkeys = 1};
    CHECK_MSG(merge_run(in, 4, &po, &mr, &err), "%s", err);
    CHECK_INT(mr.damaged, 0);
    CHECK_INT(mr.rows_out[0], 3);
    CHECK_INT(mr.rows_out[1], 1);
    CHECK_INT(mr.conflicts, 0);
    fx_table_t t;
    CHECK(fx_csv_read(mr.files[0], &t));
    const store_record_t *qr = store_record(STORE_QUESTIONS);
    int ti = store_record_column(qr, "text"), ni = store_record_column(qr, "name");
    bool found[3] = {0};
    for (size_t row = 1; row <= 3; row++) {
        const char *text = fx_at(&t, row, ti), *name = fx_at(&t, row, ni);
        if (strcmp(text, secrets[4]) == 0 && strcmp(name, secrets[0]) == 0)
            found[0] = true;
        if (strcmp(text, "質問です") == 0 && strcmp(name, secrets[6]) == 0)
            found[1] = true;
        if (strcmp(text, "asked before the key") == 0)
            found[2] = true;
    }
    CHECK(found[0] && found[1] && found[2]);
    fx_table_free(&t);
    CHECK(fx_csv_read(mr.files[1], &t));
    const store_record_t *sr = store_record(STORE_SIGNUPS);
    CHECK_STR(fx_at(&t, 1, store_record_column(sr, "name")), secrets[5]);
    CHECK_STR(fx_at(&t, 1, store_record_column(sr, "email")), secrets[1]);
    CHECK_STR(fx_at(&t, 1, store_record_column(sr, "phone")), secrets[2]);
    CHECK_STR(fx_at(&t, 1, store_record_column(sr, "message")), secrets[3]);
    CHECK_STR(fx_at(&t, 1, store_record_column(sr, "consent_version")), "2012-1");
    fx_table_free(&t);
    merge_result_free(&mr);

    /* the wrong key: the sealed rows are named, the plain row still opens */
    char *okp = xasprintf("%s.key", obase);
    seal_key_t ok2;
    CHECK_INT(seal_key_read(okp, &ok2, &err), SEAL_KEY_OK);
    CHECK_INT(seal_key_unlock(&ok2, PASS, strlen(PASS), &err), SEAL_KEY_OK);
    const seal_key_t *wrong[1] = {&ok2};
    merge_opts_t wo = {.out = pout, .keys = wrong, .nkeys = 1};
    const char *one[1] = {r1.files[0]};
    CHECK_MSG(merge_run(one, 1, &wo, &mr, &err), "%s", err);
    CHECK_INT(mr.damaged, 2);
    CHECK_INT(mr.rows_out[0], 1);
    CHECK_CONTAINS(mr.damage, "(wrong key)");
    CHECK_CONTAINS(mr.damage, r1.files[0]);
    merge_result_free(&mr);

    /* one cell altered, another cut short: each row named (file, line,
     * uuid, column), every other row opens */
    size_t n = 0;
    char *text = file_read_all(r1.files[0], &n);
    char *c1 = strstr(text, SEAL_MARK), *c2 = strstr(strstr(c1, "\r\n"), SEAL_MARK); /* rows 2 and 3 */
    c1[SEAL_MARK_LEN + 20] = c1[SEAL_MARK_LEN + 20] == 'A' ? 'B' : 'A';
    char *end2 = strchr(c2, '"');
    memmove(c2 + 16, end2, strlen(end2) + 1); /* keep the mark and 6 characters */
    char *damaged = test_write_file(dir, "damaged.csv", text);
    free(text);
    const char *dfiles[1] = {damaged};
    merge_opts_t dopt = {.out = pout, .keys = keys, .nkeys = 1};
    CHECK_MSG(merge_run(dfiles, 1, &dopt, &mr, &err), "%s", err);
    CHECK_INT(mr.damaged, 2);
    CHECK_INT(mr.rows_out[0], 1);
    char *where = xasprintf("%s:2: uuid ", damaged);
    CHECK_CONTAINS(mr.damage, where);
    free(where);
    CHECK_CONTAINS(mr.damage, "authentication failed");
    CHECK_CONTAINS(mr.damage, "cut short");
    merge_result_free(&mr);

    seal_key_free(&k);
    seal_key_free(&ok2);
    export_result_free(&r1);
    export_result_free(&r2);
    store_close(s);
    free(damaged);
    free(okp);
    free(kp);
    free(pout);
    free(mq);
    free(ms);
    free(mout);
    free(usb);
    free(base);
    free(obase);
}

/* seal_questions: a question's text may stay plain (for the projector),
 * its name is still sealed; validation still sees the plain text. */
static void test_question_text_plain_setting(void)
{
    const char *dir = test_tmpdir();
    seal_pub_t pub;
    char *base = make_keys(dir, "org", &pub);
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.data_dir, dir);
    cfg.seal_question_text = false;
    privacy_t pv = {.configured = true, .ok = true, .key = pub};
    store_seal_t seal;
    privacy_seal_of(&cfg, &pv, &seal);
    store_t *s = open_sealed(dir, NULL, 0);
    store_set_seal(s, &seal);
    question_in_t q = {.text = "shown on the projector", .name = secrets[0], .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    /* typed text that looks sealed is sealed too: never mistaken for a cell */
    question_in_t q2 = {.text = SEAL_MARK "AAAA", .lang = "en"};
    CHECK_INT(store_add_question(s, &q2, NULL), STORE_OK);
    /* limits are checked on the plain text */
    char *longtext = xmalloc(STORE_MAX_QUESTION_CHARS + 2);
    memset(longtext, 'x', STORE_MAX_QUESTION_CHARS + 1);
    longtext[STORE_MAX_QUESTION_CHARS + 1] = '\0';
    question_in_t q3 = {.text = longtext, .lang = "en"};
    CHECK_INT(store_add_question(s, &q3, NULL), STORE_INVALID);
    signup_in_t bad = {.name = "A", .email = "not-an-address", .lang = "en", .consent_version = "1"};
    CHECK_INT(store_add_signup(s, &bad, NULL), STORE_INVALID);
    CHECK_STR(store_errfield(s), "email");
    free(longtext);
    char *db = path_join(dir, "agmkiosk.db"), *wal = xasprintf("%s-wal", db);
    CHECK(file_has(wal, "shown on the projector"));
    CHECK(!file_has(wal, secrets[0]) && !file_has(db, secrets[0]));
    CHECK(!file_has(wal, SEAL_MARK "AAAA"));
    store_close(s);
    config_free(&cfg);
    free(db);
    free(wal);
    free(base);
}

/* A key installed from a stick is used for new rows; a secret key lying on
 * the stick is named; a configured key that is not one makes the store
 * refuse every row rather than save plain text. */
static void test_install_and_refuse(void)
{
    const char *dir = test_tmpdir();
    char *stick = path_join(dir, "stick"), *data = path_join(dir, "data");
    mkdir_p(stick, 0700);
    seal_pub_t pub;
    char *base = make_keys(stick, "org", &pub);
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.data_dir, data);
    seal_pub_t got;
    char *secret = NULL, *err = NULL;
    CHECK_MSG(privacy_install(&cfg, stick, &got, &secret, &err), "%s", err);
    CHECK_STR(got.id, pub.id);
    CHECK_STR(secret, "org.key");
    free(secret);
    store_t *s = open_sealed(data, NULL, 0);
    privacy_t pv;
    privacy_apply(&cfg, s, &pv);
    CHECK(pv.configured && pv.ok && pv.installed);
    CHECK_STR(store_seal_id(s), pub.id);
    privacy_free(&pv);
    /* two .pub files: which one is meant? */
    seal_pub_t p2;
    char *b2 = make_keys(stick, "second", &p2);
    CHECK(!privacy_install(&cfg, stick, &got, NULL, &err));
    CHECK_CONTAINS(err, "2 .pub files");
    free(err);
    /* a bad key configured: every row is refused */
    char *inst = path_join(data, PRIVACY_KEY_FILE);
    unlink(inst);
    char *junk = test_write_file(dir, "junk.pub", "not a key\n");
    config_set(&cfg.public_key, junk);
    privacy_apply(&cfg, s, &pv);
    CHECK(pv.configured && !pv.ok);
    privacy_free(&pv);
    question_in_t q = {.text = "refused", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_IOERR);
    CHECK_CONTAINS(store_errmsg(s), "sealing key cannot be used");
    /* no key at all: plain, and said so */
    free(cfg.public_key);
    cfg.public_key = NULL;
    privacy_apply(&cfg, s, &pv);
    CHECK(!pv.configured);
    CHECK(store_seal_id(s) == NULL);
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    store_close(s);
    config_free(&cfg);
    free(inst);
    free(junk);
    free(b2);
    free(base);
    free(stick);
    free(data);
}

int main(void)
{
    if (!seal_init())
        return 1;
    RUN(test_keygen_files);
    RUN(test_key_failures);
    RUN(test_cells);
    RUN(test_store_writes_no_plain_text);
    RUN(test_export_merge_open);
    RUN(test_question_text_plain_setting);
    RUN(test_install_and_refuse);
    return test_summary();
}
