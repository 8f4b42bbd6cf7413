/* A content folder from a "USB stick" made the kiosk's content
 * (content_install.h): a clean folder replaces DATA/content in one rename
 * and the one before is kept for undo (undo twice is a redo, and the first
 * undo after the bundled content goes back to it); a folder with errors is
 * refused with its FILE:LINE messages named as on the stick and nothing
 * changes; a copy that fails midway (a read error, a file that vanished:
 * AGM_FAULT_COPY) leaves the content in use intact and no temporary folder;
 * hidden files and links are not copied; a copy left by a power cut is
 * removed; config_content_path() picks DATA/content unless --content was
 * given. */
#include "test.h"
#include "testcontent.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "content/content.h"
#include "content/content_install.h"
#include "core/log.h"
#include "core/util.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

/* A copy of the bundled content at dir/name, title added to its event title. */
static char *make_folder(const char *dir, const char *name, const char *title)
{
    char *src = test_repo_path("content"), *dst = path_join(dir, name);
    mkdir_p(dir, 0755);
    char *cmd = xasprintf("cp -r '%s' '%s'", src, dst);
    int rc = system(cmd);
    free(cmd);
    free(src);
    if (rc != 0)
        fprintf(stderr, "  cp failed\n");
    if (title) {
        char *ev = path_join(dst, "event.ini");
        size_t n = 0;
        char *text = file_read_all(ev, &n);
        strbuf_t b = {0};
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (strncmp(line, "title =", 7) == 0)
                sb_printf(&b, "%s %s\n", line, title); /* the same figures as its translations */
            else
                sb_printf(&b, "%s\n", line);
        }
        free(test_write_file(dst, "event.ini", b.s));
        sb_free(&b);
        free(text);
        free(ev);
    }
    return dst;
}

/* The event title of the folder DATA/sub ("" when it does not load). */
static char *title_of(const char *data, const char *sub)
{
    char *p = path_join(data, sub);
    content_t c;
    diag_list_t d = {0};
    log_level_t saved = log_get_level();
    log_set_level(LOG_QUIET);
    content_load(p, &c, &d);
    log_set_level(saved);
    /* the word added by make_folder */
    const char *sp = c.event.title ? strrchr(c.event.title, ' ') : NULL;
    char *t = xstrdup(sp ? sp + 1 : "");
    content_free(&c);
    diag_free(&d);
    free(p);
    return t;
}

static int temp_folders(const char *data)
{
    DIR *d = opendir(data);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, CONTENT_TMP_PREFIX, strlen(CONTENT_TMP_PREFIX)) == 0)
            n++;
    if (d)
        closedir(d);
    return n;
}

static content_install_rc_t install(const char *src, const char *shown, const char *data, diag_list_t *d, char **err)
{
    log_level_t saved = log_get_level();
    log_set_level(LOG_QUIET);
    content_install_rc_t rc = content_install(src, shown, data, d, NULL, err);
    log_set_level(saved);
    return rc;
}

static void test_install_then_undo_and_redo(void)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A"), *b = make_folder(stick, "agm-b", "B");
    diag_list_t d = {0};
    char *err = NULL;
    CHECK(!content_install_can_undo(data));
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    char *t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "A");
    free(t);
    char *ja = path_join(data, "content/strings/ja.ini");
    CHECK(exists(ja)); /* subfolders are copied */
    free(ja);
    char *prev = path_join(data, CONTENT_PREVIOUS);
    CHECK(!exists(prev)); /* the previous one is the bundled content */
    CHECK(content_install_can_undo(data));

    CHECK_INT(install(b, "STICK/agm-b", data, &d, &err), CONTENT_INSTALL_OK);
    t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "B");
    free(t);
    t = title_of(data, CONTENT_PREVIOUS);
    CHECK_STR(t, "A");
    free(t);
    CHECK_INT(temp_folders(data), 0);

    /* undo: A again; undo again: B (a redo) */
    CHECK_MSG(content_install_undo(data, &err), "%s", err);
    t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "A");
    free(t);
    CHECK(content_install_undo(data, &err));
    t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "B");
    free(t);
    free(prev);
    diag_free(&d);
    free(a);
    free(b);
    free(stick);
    free(data);
}

static void test_undo_to_bundled_and_path(void)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A");
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.data_dir, data);
    char *bundled = test_repo_path("content");
    config_set(&cfg.content_dir, bundled);
    char *p = config_content_path(&cfg);
    CHECK_STR(p, bundled); /* nothing loaded yet: the bundled content */
    free(p);
    diag_list_t d = {0};
    char *err = NULL;
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    char *cur = path_join(data, CONTENT_INSTALLED);
    p = config_content_path(&cfg);
    CHECK_STR(p, cur);
    free(p);
    cfg.content_given = true; /* --content wins */
    p = config_content_path(&cfg);
    CHECK_STR(p, bundled);
    free(p);
    cfg.content_given = false;
    /* undo after the first load: back to the bundled content */
    CHECK(content_install_undo(data, &err));
    CHECK(!exists(cur));
    p = config_content_path(&cfg);
    CHECK_STR(p, bundled);
    free(p);
    CHECK(content_install_can_undo(data));
    CHECK(content_install_undo(data, &err)); /* and forward again */
    char *t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "A");
    free(t);
    /* a second load while the bundled content is in use: undo goes to the bundled one */
    CHECK(content_install_undo(data, &err));
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    char *prev = path_join(data, CONTENT_PREVIOUS);
    CHECK(!exists(prev));
    free(prev);
    /* nothing to undo at all */
    char *empty = path_join(tmp, "empty");
    CHECK(!content_install_undo(empty, &err));
    CHECK_CONTAINS(err, "no earlier content");
    free(err);
    free(empty);
    free(cur);
    free(bundled);
    config_free(&cfg);
    diag_free(&d);
    free(a);
    free(stick);
    free(data);
}

static void test_bad_folder_refused(void)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A"), *bad = make_folder(stick, "agm-bad", "Bad");
    diag_list_t d = {0};
    char *err = NULL;
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    diag_free(&d);
    /* a slide naming a section that does not exist, and a broken figure */
    char *slides = path_join(bad, "slides.ini");
    size_t n = 0;
    char *text = file_read_all(slides, &n);
    char *more = xasprintf("%s\n[slide]\nshow = section no-such-section\n", text);
    free(test_write_file(bad, "slides.ini", more));
    free(more);
    free(text);
    free(slides);
    char *stats = path_join(bad, "stats.csv");
    text = file_read_all(stats, &n);
    more = xasprintf("%sbroken-row,aid,Label,not-a-number,,,,\n", text);
    free(test_write_file(bad, "stats.csv", more));
    free(more);
    free(text);
    free(stats);

    CHECK_INT(install(bad, "STICK/agm-bad", data, &d, &err), CONTENT_INSTALL_REFUSED);
    CHECK(diag_count(&d, DIAG_ERROR) >= 2);
    bool saw_slides = false, saw_stats = false;
    for (size_t i = 0; i < d.n; i++) {
        CHECK_MSG(strncmp(d.v[i].file, "STICK/agm-bad/", 14) == 0, "%s", d.v[i].file); /* named as on the stick */
        CHECK_MSG(!strstr(d.v[i].msg, CONTENT_TMP_PREFIX), "%s", d.v[i].msg);
        if (strcmp(d.v[i].file, "STICK/agm-bad/slides.ini") == 0 && d.v[i].line > 0)
            saw_slides = true;
        if (strcmp(d.v[i].file, "STICK/agm-bad/stats.csv") == 0 && d.v[i].line > 0)
            saw_stats = true;
    }
    CHECK(saw_slides);
    CHECK(saw_stats);
    char *t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "A"); /* unchanged */
    free(t);
    char *prev = path_join(data, CONTENT_PREVIOUS);
    CHECK(!exists(prev)); /* and the undo still goes where it went */
    free(prev);
    CHECK_INT(temp_folders(data), 0);
    diag_free(&d);
    free(a);
    free(bad);
    free(stick);
    free(data);
}

static void check_fault(const char *fault, const char *want)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A"), *b = make_folder(stick, "agm-b", "B");
    diag_list_t d = {0};
    char *err = NULL;
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    setenv(CONTENT_FAULT_ENV, fault, 1);
    content_install_rc_t rc = install(b, "STICK/agm-b", data, &d, &err);
    unsetenv(CONTENT_FAULT_ENV);
    CHECK_INT(rc, CONTENT_INSTALL_FAILED);
    CHECK_CONTAINS(err, want);
    CHECK_CONTAINS(err, "STICK/agm-b/"); /* the file named as on the stick */
    free(err);
    char *t = title_of(data, CONTENT_INSTALLED);
    CHECK_STR(t, "A");
    free(t);
    CHECK_INT(temp_folders(data), 0);
    /* the same folder without the fault loads */
    CHECK_INT(install(b, "STICK/agm-b", data, &d, &err), CONTENT_INSTALL_OK);
    diag_free(&d);
    free(a);
    free(b);
    free(stick);
    free(data);
}

static void test_read_error_midway(void) { check_fault("eio:5", "Input/output error"); }
static void test_file_vanishes(void) { check_fault("vanish:3", "No such file"); }

static void test_hidden_and_links_skipped(void)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A");
    free(test_write_file(a, ".DS_Store", "junk"));
    char *secret = test_write_file(tmp, "outside.txt", "not to be copied");
    char *link = path_join(a, "link.txt");
    CHECK(symlink(secret, link) == 0);
    diag_list_t d = {0};
    char *err = NULL;
    content_install_stats_t st;
    log_level_t saved = log_get_level();
    log_set_level(LOG_QUIET);
    content_install_rc_t rc = content_install(a, "STICK/agm-a", data, &d, &st, &err);
    log_set_level(saved);
    CHECK_INT(rc, CONTENT_INSTALL_OK);
    CHECK_INT(st.skipped, 2);
    CHECK(st.files > 10);
    char *p1 = path_join(data, "content/.DS_Store"), *p2 = path_join(data, "content/link.txt");
    CHECK(!exists(p1));
    CHECK(!exists(p2));
    free(p1);
    free(p2);
    free(link);
    free(secret);
    diag_free(&d);
    free(a);
    free(stick);
    free(data);
}

static void test_power_cut_leftovers(void)
{
    const char *tmp = test_tmpdir();
    char *stick = path_join(tmp, "stick"), *data = path_join(tmp, "data");
    char *a = make_folder(stick, "agm-a", "A");
    /* a copy a power cut interrupted: half a folder beside DATA/content */
    char *half = path_join(data, CONTENT_TMP_PREFIX "Xy12ab");
    free(test_write_file(half, "event.ini", "[event]\ntitle = half"));
    config_t cfg;
    config_defaults(&cfg);
    config_set(&cfg.data_dir, data);
    char *p = config_content_path(&cfg);
    CHECK_STR(p, cfg.content_dir); /* never the half copy */
    free(p);
    diag_list_t d = {0};
    char *err = NULL;
    CHECK_INT(install(a, "STICK/agm-a", data, &d, &err), CONTENT_INSTALL_OK);
    CHECK(!exists(half)); /* removed by the next load */
    CHECK_INT(temp_folders(data), 0);
    free(test_write_file(half, "event.ini", "x"));
    log_level_t saved = log_get_level();
    log_set_level(LOG_QUIET);
    CHECK_INT(content_install_cleanup(data), 1);
    log_set_level(saved);
    config_free(&cfg);
    free(half);
    diag_free(&d);
    free(a);
    free(stick);
    free(data);
}

static void test_not_a_folder(void)
{
    const char *tmp = test_tmpdir();
    char *data = path_join(tmp, "data"), *nowhere = path_join(tmp, "nowhere");
    diag_list_t d = {0};
    char *err = NULL;
    CHECK_INT(install(nowhere, "STICK/nowhere", data, &d, &err), CONTENT_INSTALL_FAILED);
    CHECK_CONTAINS(err, "STICK/nowhere");
    free(err);
    CHECK(!is_dir(nowhere));
    free(data);
    free(nowhere);
}

int main(void)
{
    RUN(test_install_then_undo_and_redo);
    RUN(test_undo_to_bundled_and_path);
    RUN(test_bad_folder_refused);
    RUN(test_read_error_midway);
    RUN(test_file_vanishes);
    RUN(test_hidden_and_links_skipped);
    RUN(test_power_cut_leftovers);
    RUN(test_not_a_folder);
    return test_summary();
}
