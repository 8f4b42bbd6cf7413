/* The one text normalizer (core/textnorm.h) and the store applying it to
 * every field: CR/CRLF, one-line fields, trimming of ASCII white space and
 * U+3000 at both ends, refused controls, code point counts. */
#include "test.h"
#include "testdb.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "core/textnorm.h"
#include "core/util.h"
#include "forms/textfield.h"
#include "store/store.h"

#define IDSP "\xe3\x80\x80" /* U+3000 IDEOGRAPHIC SPACE */

/* textnorm() of a C string with flags; the text, or NULL when refused. */
static char *norm(const char *s, unsigned flags, textnorm_t *t)
{
    textnorm_rc_t rc = textnorm(s, strlen(s), flags, t);
    if (rc != TEXTNORM_OK && t->text)
        return (char *)"(text despite an error)";
    return t->text;
}

static void test_line_breaks(void)
{
    textnorm_t t;
    char *s = norm("a\r\nb\rc\nd\te", 0, &t);
    CHECK_STR(s, "a\nb\nc\nd\te");
    CHECK_INT(t.len, 9);
    CHECK_INT(t.chars, 9);
    textnorm_free(s);
    s = norm("a\r\nb\rc\nd\te", TEXTNORM_ONE_LINE, &t);
    CHECK_STR(s, "a b c d e");
    textnorm_free(s);
    /* A CR LF at the very end is one break, then trimmed away. */
    s = norm("end\r\n", 0, &t);
    CHECK_STR(s, "end");
    textnorm_free(s);
}

static void test_trim(void)
{
    textnorm_t t;
    char *s = norm(IDSP " \t\n山田" IDSP "花子 \r\n" IDSP, TEXTNORM_ONE_LINE, &t);
    CHECK_STR(s, "山田" IDSP "花子");   /* the space inside stays */
    CHECK_INT(t.chars, 5);
    CHECK_INT(t.len, 15);
    textnorm_free(s);
    /* Multi-line text is trimmed at both ends, its inner lines kept. */
    s = norm("\n\n  first\n\n  second  \n" IDSP, 0, &t);
    CHECK_STR(s, "first\n\n  second");
    textnorm_free(s);
    s = norm(IDSP IDSP, 0, &t);
    CHECK_STR(s, "");
    CHECK_INT(t.len, 0);
    CHECK_INT(t.chars, 0);
    textnorm_free(s);
    /* Half of an ideographic space's bytes is not white space. */
    s = norm(" \xe3\x80\x81 ", TEXTNORM_ONE_LINE, &t);   /* U+3001 IDEOGRAPHIC COMMA */
    CHECK_STR(s, "\xe3\x80\x81");
    textnorm_free(s);
    s = norm("  kept  ", TEXTNORM_KEEP_EDGES, &t);
    CHECK_STR(s, "  kept  ");
    textnorm_free(s);
}

static void test_refused(void)
{
    textnorm_t t;
    static const struct { const char *in; uint32_t cp; } controls[] = {
        {"a\x01" "b", 0x01}, {"a\x7f", 0x7f}, {"\xc2\x85" "x", 0x85}, {"abc\xe2\x80\xae" "d", 0x202E},
        {"\x1b[2J", 0x1b}, {"tail \x0c", 0x0c},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(controls); i++) {
        CHECK_INT(textnorm(controls[i].in, strlen(controls[i].in), 0, &t), TEXTNORM_CONTROL);
        CHECK(t.text == NULL);
        CHECK_INT(t.bad_cp, controls[i].cp);
    }
    CHECK_INT(textnorm("ok\xff" "no", 5, 0, &t), TEXTNORM_BAD_UTF8);
    CHECK(t.text == NULL);
    CHECK_INT(t.bad_offset, 2);
    CHECK_INT(textnorm("\xe3\x80", 2, 0, &t), TEXTNORM_BAD_UTF8);   /* a cut U+3000 */
    CHECK_INT(t.bad_offset, 0);
    /* Dropping instead of refusing. */
    char *s = norm("a\x01" "b\xff" "c\xe2\x80\xae", TEXTNORM_DROP, &t);
    CHECK_STR(s, "abc");
    textnorm_free(s);
}

static void test_counts(void)
{
    textnorm_t t;
    char *s = norm("日本語 한국어 😀", 0, &t);
    CHECK_INT(t.chars, 9);
    CHECK_INT(t.len, strlen("日本語 한국어 😀"));
    textnorm_free(s);
    s = norm("", 0, &t);
    CHECK_STR(s, "");
    CHECK_INT(t.chars, 0);
    textnorm_free(s);
    textnorm_free(NULL);
}

static void test_blank(void)
{
    CHECK(textnorm_blank("", 0));
    CHECK(textnorm_blank(" \t\r\n" IDSP, 7));
    CHECK(!textnorm_blank(IDSP "a", 4));
    CHECK(!textnorm_blank("\xe3\x80", 2));
    CHECK(!textnorm_blank("_", 1));
    /* The form enables Send by the same rule. */
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, true);
    textfield_insert(&f, IDSP "\n" IDSP " ", (size_t)-1);
    CHECK(!textfield_empty(&f));
    CHECK(!textfield_has_content(&f));
    textfield_insert(&f, "?", (size_t)-1);
    CHECK(textfield_has_content(&f));
    textfield_free(&f);
}

static store_t *open_store(const char *path)
{
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "kiosk-n", NULL, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open %s: %s\n", path, err ? err : "?");
    free(notice);
    free(err);
    return s;
}

/* The store is the authority: text given to it directly is cleaned by the
 * same rule, ideographic spaces included. */
static void test_store_applies_it(void)
{
    char *path = path_join(test_tmpdir(), "norm.db");
    store_t *s = open_store(path);
    CHECK(s);
    store_receipt_t r;
    question_in_t q = {.text = IDSP " Where is the report?\r\n" IDSP, .name = IDSP "山田" IDSP "花子 " IDSP,
                       .topic = "", .lang = "ja"};
    CHECK_INT(store_add_question(s, &q, &r), STORE_OK);
    signup_in_t u = {.name = IDSP "김민지" IDSP, .email = "minji@example.kr", .phone = " 010 ",
                     .message = "\r\n" IDSP "hello\r\nthere " IDSP "\n", .lang = "ko", .consent_version = "v1"};
    CHECK_INT(store_add_signup(s, &u, &r), STORE_OK);
    /* Only ideographic spaces: blank, so a required field is refused. */
    question_in_t blank = {.text = IDSP "\n" IDSP, .lang = "en"};
    CHECK_INT(store_add_question(s, &blank, &r), STORE_INVALID);
    CHECK_CONTAINS(store_errmsg(s), "text is required");
    /* The limit counts what is left after trimming. */
    strbuf_t b = {0};
    sb_append(&b, IDSP);
    for (int i = 0; i < STORE_MAX_FIELD_CHARS; i++)
        sb_append(&b, "あ");
    sb_append(&b, IDSP);
    question_in_t full = {.text = "ok", .name = b.s, .lang = "en"};
    CHECK_INT(store_add_question(s, &full, &r), STORE_OK);
    sb_free(&b);
    store_close(s);

    sqlite3 *db = NULL;
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    char *v = q_text(db, "SELECT text || '|' || name FROM questions ORDER BY seq LIMIT 1");
    CHECK_STR(v, "Where is the report?|山田" IDSP "花子");
    free(v);
    v = q_text(db, "SELECT name || '|' || phone || '|' || message FROM signups");
    CHECK_STR(v, "김민지|010|hello\nthere");
    free(v);
    CHECK_INT(q_int(db, "SELECT count(*) FROM questions"), 2);
    CHECK_INT(q_int(db, "SELECT length(name) FROM questions ORDER BY seq DESC LIMIT 1"), STORE_MAX_FIELD_CHARS);
    sqlite3_close(db);
    free(path);
}

int main(void)
{
    RUN(test_line_breaks);
    RUN(test_trim);
    RUN(test_refused);
    RUN(test_counts);
    RUN(test_blank);
    RUN(test_store_applies_it);
    return test_summary();
}
