/* Counts in words: every message of the strings files that says a number
 * of things, in English for 0, 1 and 2 (KEY_one for exactly 1, KEY_other
 * otherwise), and in Japanese and Korean (only KEY_other, no plural) still
 * filled; and the English of the command line (status, export, merge,
 * check) through plural_en(). */
#include "test.h"
#include "testcontent.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "admin/status.h"
#include "cli/cli.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "store/store.h"
#include "ui/screen.h"

static content_t content;
static bool content_ok;

static void load_content(void)
{
    if (content_ok)
        return;
    content_ok = test_load_bundled(&content);
}

/* A UI context that is enough for ui_str / ui_fmt / ui_count. */
static ui_t ui_in(const char *lang)
{
    ui_t ui;
    memset(&ui, 0, sizeof ui);
    ui.content = &content;
    snprintf(ui.lang, sizeof ui.lang, "%s", lang);
    return ui;
}

static void test_plural_en_helper(void)
{
    CHECK_STR(plural_en(0, "file", "files"), "files");
    CHECK_STR(plural_en(1, "file", "files"), "file");
    CHECK_STR(plural_en(2, "file", "files"), "files");
    CHECK_STR(plural_en(-1, "file", "files"), "files");
}

/* Each single-count message in English for 0, 1 and 2. */
static void test_english_counts(void)
{
    load_content();
    CHECK(content_ok);
    ui_t ui = ui_in("en");
    static const struct {
        const char *key, *want[3];
    } cases[] = {
        {"admin.locked",
         {"Too many wrong PINs. Try again in 0 seconds.", "Too many wrong PINs. Try again in 1 second.",
          "Too many wrong PINs. Try again in 2 seconds."}},
        {"admin.pin_tries_left",
         {"Wrong PIN. 0 more tries before a one-minute lock.", "Wrong PIN. 1 more try before a one-minute lock.",
          "Wrong PIN. 2 more tries before a one-minute lock."}},
        {"admin.content_problems",
         {"0 problems in the content files:", "1 problem in the content files:", "2 problems in the content files:"}},
        {"admin.n_questions", {"0 questions", "1 question", "2 questions"}},
        {"admin.n_signups", {"0 sign-ups", "1 sign-up", "2 sign-ups"}},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(cases); i++)
        for (int n = 0; n < 3; n++)
            CHECK_STR(ui_count(&ui, cases[i].key, n), cases[i].want[n]);
    CHECK_STR(ui_count(&ui, "admin.n_questions", 1234), "1234 questions");
}

/* The messages with two counts, for every pair of 0, 1 and 2. */
static void test_english_two_counts(void)
{
    load_content();
    CHECK(content_ok);
    ui_t ui = ui_in("en");
    static const char *const q[3] = {"0 questions", "1 question", "2 questions"};
    static const char *const s[3] = {"0 sign-ups", "1 sign-up", "2 sign-ups"};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            char want[256];
            const char *nq = ui_count(&ui, "admin.n_questions", a), *ns = ui_count(&ui, "admin.n_signups", b);
            snprintf(want, sizeof want, "Exported %s and %s.", q[a], s[b]);
            CHECK_STR(ui_fmt(&ui, "admin.export_done", nq, ns, (const char *)NULL), want);
            snprintf(want, sizeof want, "Exported %s and %s to STICK (batch 3):", q[a], s[b]);
            CHECK_STR(ui_fmt(&ui, "admin.export_done_to", nq, ns, "STICK", "3", (const char *)NULL), want);
            snprintf(want, sizeof want, "Delete everything collected on this kiosk (%s and %s, the attendance register, the hand-counts and the usage counts)? Write the minutes first.", q[a], s[b]);
            CHECK_STR(ui_fmt(&ui, "admin.wipe_confirm_counts", nq, ns, (const char *)NULL), want);
        }
}

/* Japanese and Korean have one form: the same sentence for every number,
 * and the number always in it. */
static void test_cjk_counts(void)
{
    load_content();
    CHECK(content_ok);
    static const char *const keys[] = {"admin.locked", "admin.pin_tries_left", "admin.content_problems",
                                       "admin.n_questions", "admin.n_signups"};
    static const char *const langs[] = {"ja", "ko"};
    for (size_t l = 0; l < 2; l++) {
        ui_t ui = ui_in(langs[l]);
        for (size_t k = 0; k < AGM_ARRAY_LEN(keys); k++) {
            char forms[3][256];
            for (int n = 0; n < 3; n++) {
                snprintf(forms[n], sizeof forms[n], "%s", ui_count(&ui, keys[k], n));
                char num[4] = {(char)('0' + n), 0};
                CHECK_MSG(strstr(forms[n], num) && !strstr(forms[n], "%s") && !strstr(forms[n], "admin."),
                          "%s %s %d: %s", langs[l], keys[k], n, forms[n]);
                /* their own text, not English */
                CHECK_MSG(!strstr(forms[n], "question") && !strstr(forms[n], "sign-up") &&
                              !strstr(forms[n], "Wrong") && !strstr(forms[n], "Try"),
                          "%s %s: %s", langs[l], keys[k], forms[n]);
            }
            /* one sentence for every number: the language's own KEY_other */
            const char *f1 = content_text_count(&content, langs[l], keys[k], 1);
            CHECK_STR(f1, content_text_count(&content, langs[l], keys[k], 2));
            CHECK_STR(f1, content_text_count(&content, langs[l], keys[k], 0));
            char other[80];
            snprintf(other, sizeof other, "%s_other", keys[k]);
            CHECK_STR(f1, content_text(&content, langs[l], other));
            CHECK(strcmp(f1, content_text(&content, "en", other)) != 0);
        }
    }
    ui_t ja = ui_in("ja"), ko = ui_in("ko");
    CHECK_STR(ui_count(&ja, "admin.locked", 1), "入力の誤りが続いたため、1秒後にもう一度お試しください。");
    CHECK_STR(ui_fmt(&ja, "admin.export_done_to", ui_count(&ja, "admin.n_questions", 1),
                     ui_count(&ja, "admin.n_signups", 2), "STICK", "3", (const char *)NULL),
              "質問1件と申し込み2件を STICK に書き出しました（第3回）：");
    CHECK_STR(ui_fmt(&ja, "admin.wipe_confirm_counts", ui_count(&ja, "admin.n_questions", 0),
                     ui_count(&ja, "admin.n_signups", 1), (const char *)NULL),
              "この端末から質問0件と申し込み1件、出席簿、採決の記録、利用状況の集計をすべて削除しますか。議事録は先に作成してください。");
    CHECK_STR(ui_count(&ko, "admin.pin_tries_left", 1), "PIN이 틀렸습니다. 1번 더 틀리면 1분 동안 잠깁니다.");
    CHECK_STR(ui_fmt(&ko, "admin.export_done_to", ui_count(&ko, "admin.n_questions", 2),
                     ui_count(&ko, "admin.n_signups", 1), "STICK", "3", (const char *)NULL),
              "질문 2건과 신청 1건을 STICK(으)로 내보냈습니다(3회차):");
    /* a language without the strings falls back to English, forms and all */
    ui_t fr = ui_in("fr");
    CHECK_STR(ui_count(&fr, "admin.n_signups", 1), "1 sign-up");
    CHECK_STR(ui_count(&fr, "admin.n_signups", 2), "2 sign-ups");
    /* no such count: the key shows, never a crash */
    CHECK_STR(ui_count(&fr, "admin.no_such_count", 2), "admin.no_such_count");
}

/* ---- the command line --------------------------------------------------- */

/* Run fn with stdout and stderr going to one file; returns what it wrote. */
static char *capture(int (*fn)(config_t *, int, char **), config_t *cfg, int argc, char **argv, int *rc)
{
    char *path = path_join(test_tmpdir(), "out.txt");
    fflush(stdout);
    fflush(stderr);
    int o = dup(1), e = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    *rc = fn(cfg, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(o, 1);
    dup2(e, 2);
    close(o);
    close(e);
    char *text = file_read_all(path, NULL);
    free(path);
    return text ? text : xstrdup("");
}

static void add(store_t *s, int nq, int ns)
{
    for (int i = 0; i < nq; i++) {
        question_in_t q = {.text = "a question", .lang = "en"};
        store_add_question(s, &q, NULL);
    }
    for (int i = 0; i < ns; i++) {
        signup_in_t u = {.name = "A. Person", .email = "a@example.org", .lang = "en", .consent_version = "1"};
        store_add_signup(s, &u, NULL);
    }
}

static void test_cli_counts(void)
{
    const char *dir = test_tmpdir();
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.data_dir, dir);
    config_set(&cfg.kiosk_id, "hall-a");
    char *db = config_db_path(&cfg), *err = NULL, *out_dir = path_join(dir, "out");
    store_t *s = store_open(db, "hall-a", NULL, &err);
    CHECK_MSG(s, "%s", err);
    int rc;
    char *argv[] = {"export", "--out", out_dir, NULL, NULL};

    add(s, 0, 1);
    char *t = capture(cmd_export, &cfg, 3, argv, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(t, "batch 1: 0 questions -> ");
    CHECK_CONTAINS(t, "batch 1: 1 sign-up -> ");
    free(t);
    add(s, 1, 1);
    t = capture(cmd_export, &cfg, 3, argv, &rc);
    CHECK_CONTAINS(t, "batch 2: 1 question -> ");
    CHECK_CONTAINS(t, "batch 2: 1 sign-up -> ");
    free(t);
    t = capture(cmd_export, &cfg, 3, argv, &rc);
    CHECK_CONTAINS(t, "nothing new since batch 2 (1 question and 2 sign-ups, all exported)");
    free(t);
    add(s, 1, 0);
    argv[3] = "--all";
    t = capture(cmd_export, &cfg, 4, argv, &rc);
    CHECK_CONTAINS(t, "all rows: 2 questions -> ");
    CHECK_CONTAINS(t, "all rows: 2 sign-ups -> ");
    free(t);

    /* merge: one file, then two (the questions of batch 1 and of the snapshot) */
    char *q1 = NULL, *qall = NULL, *s1 = NULL;
    DIR *d = opendir(out_dir);
    CHECK(d);
    for (struct dirent *e; (e = readdir(d));) {
        char **slot = strstr(e->d_name, "questions-b0001") ? &q1 : strstr(e->d_name, "questions-all") ? &qall
                      : strstr(e->d_name, "signups-b0001") ? &s1 : NULL;
        if (slot)
            *slot = path_join(out_dir, e->d_name);
    }
    closedir(d);
    CHECK(q1 && qall && s1);
    char *merged = path_join(dir, "m");
    char *m1[] = {"merge", s1, "-o", merged, NULL};
    t = capture(cmd_merge, &cfg, 4, m1, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(t, "wrote 1 sign-up to ");
    CHECK_CONTAINS(t, "(1 read)");
    CHECK_CONTAINS(t, "merge: 1 input file, 0 exact duplicates dropped, 0 conflicts,");
    free(t);
    char *m2[] = {"merge", q1, qall, "-o", merged, NULL};
    t = capture(cmd_merge, &cfg, 5, m2, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(t, "wrote 2 questions to "); /* 0 from batch 1, 2 from the snapshot */
    CHECK_CONTAINS(t, "merge: 2 input files, 0 exact duplicates dropped, 0 conflicts,");
    free(t);
    char *m3[] = {"merge", qall, qall, "-o", merged, NULL};
    t = capture(cmd_merge, &cfg, 5, m3, &rc);
    CHECK_CONTAINS(t, "2 exact duplicates dropped");
    free(t);
    free(merged);
    free(q1);
    free(qall);
    free(s1);

    /* status: content problems counted in words */
    admin_status_t st;
    memset(&st, 0, sizeof st);
    st.db_state = ADMIN_DB_MISSING;
    st.db_path = "x.db";
    st.data_dir = "data";
    st.content_dir = "content";
    static const struct {
        size_t e, w;
        const char *want;
    } sc[] = {{1, 0, "1 error, 0 warnings in content"}, {0, 1, "0 errors, 1 warning in content"},
              {2, 2, "2 errors, 2 warnings in content"}};
    for (size_t i = 0; i < AGM_ARRAY_LEN(sc); i++) {
        st.content_errors = sc[i].e;
        st.content_warnings = sc[i].w;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        admin_status_print(&st, f);
        fclose(f);
        CHECK_CONTAINS(buf, sc[i].want);
        free(buf);
    }
    store_close(s);
    config_free(&cfg);
    free(db);
    free(out_dir);
}

/* check: one error and one warning, then two of each. */
static void test_check_counts(void)
{
    char *src = test_repo_path("content");
    const char *dir = test_tmpdir();
    char *cmd = xasprintf("cp -r '%s' '%s/c'", src, dir);
    CHECK(system(cmd) == 0);
    char *c = path_join(dir, "c");
    config_t cfg;
    config_defaults(&cfg);
    int rc;
    /* English only: "1 language" */
    char *c1 = path_join(dir, "c1"), *cp1 = xasprintf("cp -r '%s' '%s' && rm '%s/strings/ja.ini' '%s/strings/ko.ini'",
                                                       src, c1, c1, c1);
    CHECK(system(cp1) == 0);
    char *argv1[] = {"check", c1, NULL};
    char *t = capture(cmd_check, &cfg, 2, argv1, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(t, " slides, 1 language"); /* (the translations into ja and ko: warnings) */
    free(t);
    free(cp1);
    free(c1);
    /* each bad key is an error (%d is no placeholder) and a warning (not in en.ini) */
    char *ja = path_join(c, "strings/ja.ini");
    char *text = file_read_all(ja, NULL);
    CHECK(text);
    char *one = xasprintf("%s\n[extra]\nbad = %%d\n", text);
    free(test_write_file(c, "strings/ja.ini", one));
    char *argv[] = {"check", c, NULL};
    t = capture(cmd_check, &cfg, 2, argv, &rc);
    CHECK_INT(rc, 1);
    CHECK_CONTAINS(t, ": 1 error, 1 warning");
    free(t);
    char *two = xasprintf("%s\n[extra]\nbad = %%d\nworse = %%d\n", text);
    free(test_write_file(c, "strings/ja.ini", two));
    t = capture(cmd_check, &cfg, 2, argv, &rc);
    CHECK_CONTAINS(t, ": 2 errors, 2 warnings");
    free(t);
    free(one);
    free(two);
    free(text);
    free(ja);
    config_free(&cfg);
    free(c);
    free(cmd);
    free(src);
}

/* Strings files from before counts had forms (one plain key for every
 * count) still read right: the plain wording, never the key's name. */
static void test_plain_key_still_read(void)
{
    char *src = test_repo_path("content");
    char *c = path_join(test_tmpdir(), "old");
    char *cmd = xasprintf("cp -r '%s' '%s' && sed -i -e '/^locked_one =/d' -e 's/^locked_other =/locked =/' "
                          "'%s/strings/en.ini' '%s/strings/ja.ini'",
                          src, c, c, c);
    CHECK(system(cmd) == 0);
    content_t old;
    diag_list_t d = {0};
    CHECK(content_load(c, &old, &d));
    const char *en = content_text_count(&old, "en", "admin.locked", 5);
    CHECK_STR(en, "Too many wrong PINs. Try again in %s seconds.");
    const char *ja = content_text_count(&old, "ja", "admin.locked", 1);
    CHECK_CONTAINS(ja, "%s");
    CHECK(strcmp(ja, "admin.locked") != 0);
    /* a key with no wording anywhere is still shown as itself */
    CHECK_STR(content_text_count(&old, "en", "admin.no_such_count", 2), "admin.no_such_count");
    content_free(&old);
    diag_free(&d);
    free(cmd);
    free(c);
    free(src);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_plural_en_helper);
    RUN(test_plain_key_still_read);
    RUN(test_english_counts);
    RUN(test_english_two_counts);
    RUN(test_cjk_counts);
    RUN(test_cli_counts);
    RUN(test_check_counts);
    content_free(&content);
    return test_summary();
}
