/* The question and sign-up form models: validation, submit enabling,
 * clearing, and submitting to a real store (and failing ones). */
#include "store/store_internal.h"
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "core/util.h"
#include "forms/question.h"
#include "forms/signup.h"

static choice_t topics[] = {{"opening", "Opening address"}, {"rescue", "Rescue work"}};
static choice_t interests[] = {{"events", "Volunteer at events"}, {"translate", "Translation"}, {"donate", "Donate"}};
static choice_t languages[] = {{"en", "English"}, {"ja", "Japanese"}, {"ko", "Korean"}};

static void fixture(content_t *c)
{
    memset(c, 0, sizeof *c);
    c->forms.topics = topics;
    c->forms.ntopics = 2;
    c->forms.interests = interests;
    c->forms.ninterests = 3;
    c->forms.languages = languages;
    c->forms.nlanguages = 3;
    c->forms.consent_text = "I agree that my details are kept for contact about volunteering.";
    c->forms.consent_version = "2026-1";
}

static store_t *open_store(const char *dir, const char *name, const store_opts_t *opts)
{
    char *path = path_join(dir ? dir : test_tmpdir(), name);
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "kiosk-7", opts, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open %s: %s\n", path, err ? err : "?");
    free(notice);
    free(err);
    free(path);
    return s;
}

/* The single text value of a one-row, one-column query (caller frees), or NULL. */
static char *query1(store_t *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        out = xstrdup(t ? (const char *)t : "");
    }
    sqlite3_finalize(st);
    return out;
}

static long long count_rows(store_t *s, const char *table)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    char *v = query1(s, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

static void test_question_validation(void)
{
    content_t c;
    fixture(&c);
    question_form_t q;
    question_form_init(&q, &c);
    char buf[32];
    question_form_counter(&q, buf, sizeof buf);
    CHECK_STR(buf, "0 / 1000");
    CHECK(!question_form_valid(&q));
    textfield_insert(&q.text, " \n  ", (size_t)-1);
    CHECK(!question_form_valid(&q));          /* white space only */
    CHECK_INT(question_form_submit(&q, NULL, "en", NULL), STORE_INVALID);
    textfield_insert(&q.text, "Why?", (size_t)-1);
    CHECK(question_form_valid(&q));
    question_form_counter(&q, buf, sizeof buf);
    CHECK_STR(buf, "8 / 1000");
    /* Topics: one at a time, again to unchoose, out of range ignored. */
    CHECK_STR(question_form_topic_id(&q), "");
    question_form_toggle_topic(&q, 1);
    CHECK_STR(question_form_topic_id(&q), "rescue");
    question_form_toggle_topic(&q, 0);
    CHECK_STR(question_form_topic_id(&q), "opening");
    question_form_toggle_topic(&q, 0);
    CHECK_STR(question_form_topic_id(&q), "");
    question_form_toggle_topic(&q, 2);
    question_form_toggle_topic(&q, -5);
    CHECK_INT(q.topic, -1);
    /* No store: nothing saved, the text stays. */
    CHECK_INT(question_form_submit(&q, NULL, "en", NULL), STORE_IOERR);
    CHECK_STR(textfield_text(&q.text), " \n  Why?");
    question_form_clear(&q);
    CHECK(textfield_empty(&q.text));
    question_form_free(&q);
}

static void test_question_submit_writes_row(void)
{
    content_t c;
    fixture(&c);
    store_t *s = open_store(NULL, "q.db", NULL);
    CHECK(s);
    question_form_t q;
    question_form_init(&q, &c);
    textfield_insert(&q.text, "  どうやって手伝えますか？\nThanks  \n", (size_t)-1);
    textfield_insert(&q.name, " Kim Min-ji ", (size_t)-1);
    question_form_toggle_topic(&q, 1);
    store_receipt_t rec;
    CHECK_INT(question_form_submit(&q, s, "ja", &rec), STORE_OK);
    /* Saved: every field is empty again. */
    CHECK(textfield_empty(&q.text));
    CHECK(textfield_empty(&q.name));
    CHECK_INT(q.topic, -1);
    CHECK_INT(count_rows(s, "questions"), 1);
    char *v = query1(s, "SELECT text || '|' || name || '|' || topic || '|' || lang || '|' || kiosk_id || '|' || status FROM questions");
    CHECK_STR(v, "どうやって手伝えますか？\nThanks|Kim Min-ji|rescue|ja|kiosk-7|new");
    free(v);
    v = query1(s, "SELECT uuid FROM questions");
    CHECK_STR(v, rec.uuid);
    free(v);
    /* Anonymous by default. */
    textfield_insert(&q.text, "Second", (size_t)-1);
    CHECK_INT(question_form_submit(&q, s, "en", NULL), STORE_OK);
    v = query1(s, "SELECT name || '|' || topic FROM questions WHERE text = 'Second'");
    CHECK_STR(v, "|");
    free(v);
    question_form_free(&q);
    store_close(s);
}

static void fill_signup(signup_form_t *f)
{
    textfield_insert(&f->name, "Ann Lee", (size_t)-1);
    textfield_insert(&f->email, "ann@example.org", (size_t)-1);
    textfield_insert(&f->phone, "+82 10-1234", (size_t)-1);
    textfield_insert(&f->message, "Weekends only.", (size_t)-1);
    signup_form_toggle_interest(f, 0);
    signup_form_toggle_interest(f, 2);
    signup_form_toggle_language(f, 1);
    signup_form_toggle_language(f, 2);
    f->consent = true;
}

static void test_signup_validation(void)
{
    content_t c;
    fixture(&c);
    signup_form_t f;
    signup_form_init(&f, &c);
    CHECK_INT(f.ninterests, 3);
    CHECK_INT(f.nlanguages, 3);
    CHECK_INT(signup_form_problem(&f), SIGNUP_NEED_NAME);
    textfield_insert(&f.name, "  ", (size_t)-1);
    CHECK_INT(signup_form_problem(&f), SIGNUP_NEED_NAME);
    textfield_insert(&f.name, "Ann", (size_t)-1);
    CHECK_INT(signup_form_problem(&f), SIGNUP_NEED_EMAIL);
    textfield_insert(&f.email, "ann@example", (size_t)-1);
    CHECK_INT(signup_form_problem(&f), SIGNUP_BAD_EMAIL);
    /* The inline error appears only once the attendee has left the field. */
    CHECK(signup_form_email_error(&f) == NULL);
    f.email_checked = true;
    CHECK_STR(signup_form_email_error(&f), "error.email_invalid");
    textfield_insert(&f.email, ".org", (size_t)-1);
    CHECK(signup_form_email_error(&f) == NULL);
    CHECK_INT(signup_form_problem(&f), SIGNUP_NEED_CONSENT);
    CHECK(!signup_form_valid(&f));
    f.consent = true;
    CHECK(signup_form_valid(&f));
    /* Choices joined in content order. */
    signup_form_toggle_interest(&f, 2);
    signup_form_toggle_interest(&f, 0);
    signup_form_toggle_interest(&f, 7);
    char *s = signup_form_interests(&f);
    CHECK_STR(s, "events;donate");
    free(s);
    s = signup_form_languages(&f);
    CHECK_STR(s, "");
    free(s);
    /* Without a consent version in the content nobody can sign up. */
    c.forms.consent_version = "";
    CHECK_INT(signup_form_problem(&f), SIGNUP_NO_CONSENT_TEXT);
    c.forms.consent_version = "2026-1";
    /* Submit without a store keeps everything. */
    CHECK_INT(signup_form_submit(&f, NULL, "en", NULL), STORE_IOERR);
    CHECK_STR(textfield_text(&f.email), "ann@example.org");
    CHECK(f.consent);
    /* Clearing forgets everything, choices included. */
    signup_form_clear(&f);
    CHECK(textfield_empty(&f.name) && textfield_empty(&f.email));
    CHECK(!f.consent && !f.interests[0] && !f.interests[2] && !f.email_checked);
    /* An invalid submit marks the email for its inline error. */
    textfield_insert(&f.name, "Ann", (size_t)-1);
    textfield_insert(&f.email, "nope", (size_t)-1);
    CHECK_INT(signup_form_submit(&f, NULL, "en", NULL), STORE_INVALID);
    CHECK_STR(signup_form_email_error(&f), "error.email_invalid");
    signup_form_free(&f);
}

static void test_signup_submit_writes_row(void)
{
    content_t c;
    fixture(&c);
    store_t *s = open_store(NULL, "s.db", NULL);
    CHECK(s);
    signup_form_t f;
    signup_form_init(&f, &c);
    fill_signup(&f);
    CHECK_INT(signup_form_submit(&f, s, "ko", NULL), STORE_OK);
    CHECK(textfield_empty(&f.name) && textfield_empty(&f.email) && textfield_empty(&f.phone) &&
          textfield_empty(&f.message));
    CHECK(!f.consent && !f.interests[0] && !f.languages[1]);
    char *v = query1(s, "SELECT name || '|' || email || '|' || phone || '|' || interests || '|' || languages || '|' || "
                        "message || '|' || lang || '|' || consent_version || '|' || status FROM signups");
    CHECK_STR(v, "Ann Lee|ann@example.org|+82 10-1234|events;donate|ja;ko|Weekends only.|ko|2026-1|new");
    free(v);
    signup_form_free(&f);
    store_close(s);
}

static void test_readonly_store_keeps_text(void)
{
    content_t c;
    fixture(&c);
    const char *dir = test_tmpdir();
    store_t *w = open_store(dir, "ro.db", NULL);   /* create it */
    CHECK(w);
    store_close(w);
    store_opts_t ro = {.read_only = true};
    store_t *s = open_store(dir, "ro.db", &ro);
    CHECK(s);
    question_form_t q;
    question_form_init(&q, &c);
    textfield_insert(&q.text, "Will this be saved?", (size_t)-1);
    CHECK_INT(question_form_submit(&q, s, "en", NULL), STORE_READONLY);
    CHECK_STR(textfield_text(&q.text), "Will this be saved?");
    signup_form_t f;
    signup_form_init(&f, &c);
    fill_signup(&f);
    CHECK_INT(signup_form_submit(&f, s, "en", NULL), STORE_READONLY);
    CHECK_STR(textfield_text(&f.name), "Ann Lee");
    CHECK_STR(textfield_text(&f.email), "ann@example.org");
    CHECK(f.consent && f.interests[0]);
    CHECK_INT(count_rows(s, "questions"), 0);
    CHECK_INT(count_rows(s, "signups"), 0);
    question_form_free(&q);
    signup_form_free(&f);
    store_close(s);
}

static void test_full_store_keeps_text(void)
{
    content_t c;
    fixture(&c);
    store_t *s = open_store(NULL, "full.db", NULL);
    CHECK(s);
    CHECK(store_test_set_max_pages(s, 1) > 0);   /* no room beyond what exists */
    question_form_t q;
    question_form_init(&q, &c);
    /* Long enough to need new pages. */
    for (int i = 0; i < 90; i++)
        textfield_insert(&q.text, "Full disk? ", (size_t)-1);
    size_t before = textfield_count(&q.text);
    store_rc_t rc = STORE_OK;
    for (int i = 0; i < 50 && rc == STORE_OK; i++) {
        rc = question_form_submit(&q, s, "en", NULL);
        if (rc == STORE_OK)   /* the first few may still fit: type it again */
            for (int k = 0; k < 90; k++)
                textfield_insert(&q.text, "Full disk? ", (size_t)-1);
    }
    CHECK_INT(rc, STORE_FULL);
    CHECK_INT(textfield_count(&q.text), before);
    CHECK_CONTAINS(textfield_text(&q.text), "Full disk? Full disk?");
    long long rows = count_rows(s, "questions");
    /* Nothing partial: the store still works for reading and holds only whole rows. */
    char *v = query1(s, "SELECT count(*) FROM questions WHERE length(text) = 989");
    CHECK(v);
    CHECK_INT(atoll(v), rows);
    free(v);
    question_form_free(&q);
    store_close(s);
}

static void test_locked_store_keeps_text(void)
{
    content_t c;
    fixture(&c);
    const char *dir = test_tmpdir();
    store_opts_t quick = {.busy_timeout_ms = 50};
    store_t *s = open_store(dir, "busy.db", &quick);
    CHECK(s);
    /* Another process holds the write lock. */
    char *path = path_join(dir, "busy.db");
    sqlite3 *other = NULL;
    CHECK_INT(sqlite3_open(path, &other), SQLITE_OK);
    free(path);
    CHECK_INT(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    signup_form_t f;
    signup_form_init(&f, &c);
    fill_signup(&f);
    CHECK_INT(signup_form_submit(&f, s, "en", NULL), STORE_BUSY);
    CHECK_STR(textfield_text(&f.name), "Ann Lee");
    CHECK(f.consent);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    /* Once the lock is gone the same form saves. */
    CHECK_INT(signup_form_submit(&f, s, "en", NULL), STORE_OK);
    CHECK(textfield_empty(&f.name));
    CHECK_INT(count_rows(s, "signups"), 1);
    signup_form_free(&f);
    store_close(s);
}

int main(void)
{
    RUN(test_question_validation);
    RUN(test_question_submit_writes_row);
    RUN(test_signup_validation);
    RUN(test_signup_submit_writes_row);
    RUN(test_readonly_store_keeps_text);
    RUN(test_full_store_keeps_text);
    RUN(test_locked_store_keeps_text);
    return test_summary();
}
