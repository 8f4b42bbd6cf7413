/* Status facts for `agmkiosk status` and the admin screen: a missing
 * database, counts before and after an export, an unusable database,
 * content problems and the PIN flag. */
#include "test.h"
#include "admin/pin.h"
#include "admin/status.h"
#include "config/config.h"
#include "core/log.h"
#include "core/util.h"
#include "export/export.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

static char *print_status(const admin_status_t *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    admin_status_print(st, f);
    fclose(f);
    return buf;
}

static void test_status_lifecycle(void)
{
    const char *dir = test_tmpdir();
    config_t cfg;
    config_defaults(&cfg);
    char *data = path_join(dir, "data"), *content = path_join(dir, "no-content");
    config_set(&cfg.data_dir, data);
    config_set(&cfg.content_dir, content);
    config_set(&cfg.kiosk_id, "hall-a");
    admin_status_t st;

    /* No database yet: said so, nothing created. */
    admin_status_collect(&cfg, NULL, NULL, &st);
    CHECK_INT(st.db_state, ADMIN_DB_MISSING);
    CHECK(!st.pin_set);
    CHECK(st.space_known && st.total_bytes > 0);
    CHECK(st.content_errors > 0);
    char *text = print_status(&st);
    CHECK_CONTAINS(text, "missing: nothing collected yet");
    CHECK_CONTAINS(text, "kiosk id:     hall-a");
    CHECK_CONTAINS(text, "not set (run: agmkiosk set-pin)");
    char want[64];
    snprintf(want, sizeof want, "%zu %s, 0 warnings in ", st.content_errors,
             st.content_errors == 1 ? "error" : "errors");
    CHECK_CONTAINS(text, want);
    free(text);
    admin_status_free(&st);
    char *db_path = path_join(data, "agmkiosk.db");
    CHECK(access(db_path, F_OK) != 0);

    /* Rows, then an export, then one more row. */
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(db_path, "hall-a", &notice, &err);
    CHECK_MSG(s, "%s", err);
    free(notice);
    store_receipt_t rec;
    question_in_t q = {.text = "Where is the report?", .lang = "en"};
    signup_in_t su = {.name = "Ann", .email = "ann@example.org", .lang = "en", .consent_version = "v1"};
    CHECK_INT(store_add_question(s, &q, &rec), STORE_OK);
    CHECK_INT(store_add_question(s, &q, &rec), STORE_OK);
    CHECK_INT(store_add_signup(s, &su, &rec), STORE_OK);
    admin_status_collect(&cfg, NULL, NULL, &st);
    CHECK_INT(st.db_state, ADMIN_DB_OK);
    CHECK_INT(st.counts.questions, 2);
    CHECK_INT(st.counts.questions_new, 2);
    CHECK_INT(st.counts.signups_new, 1);
    text = print_status(&st);
    CHECK_CONTAINS(text, "questions:    2 new / 2 total");
    CHECK_CONTAINS(text, "last export:  never");
    free(text);
    admin_status_free(&st);

    char *out = path_join(dir, "usb");
    export_opts_t o = {.out_dir = out, .now = 1349691300};
    export_result_t r;
    CHECK_MSG(export_run(s, &o, &r, &err), "%s", err);
    export_result_free(&r);
    diag_list_t given = {0};
    diag_warn(&given, "content/report.md", 3, "a warning");
    admin_status_collect(&cfg, s, &given, &st);
    CHECK(st.last_covered_all);
    CHECK_INT(st.counts.last_batch, 1);
    CHECK_INT(st.content_errors, 0);
    CHECK_INT(st.content_warnings, 1);
    text = print_status(&st);
    CHECK_CONTAINS(text, "questions:    0 new / 2 total");
    CHECK_CONTAINS(text, "last export:  batch 1 at 2012-10-08T10:15:00Z (every row exported)");
    CHECK_CONTAINS(text, "0 errors, 1 warning in");
    free(text);
    admin_status_free(&st);
    diag_free(&given);

    CHECK_INT(store_add_question(s, &q, &rec), STORE_OK);
    CHECK(pin_set(data, "1234", &err));
    admin_status_collect(&cfg, s, NULL, &st);
    CHECK(st.pin_set);
    text = print_status(&st);
    CHECK_CONTAINS(text, "questions:    1 new / 3 total");
    CHECK(!strstr(text, "every row exported"));
    CHECK_CONTAINS(text, "admin PIN:    set");
    free(text);
    admin_status_free(&st);
    store_close(s);

    /* A file that is no database: reported, not repaired, not moved. */
    char *junk_dir = path_join(dir, "junk");
    char *junk = test_write_file(junk_dir, "agmkiosk.db", "this is not a database, just text that is long enough");
    config_set(&cfg.data_dir, junk_dir);
    admin_status_collect(&cfg, NULL, NULL, &st);
    CHECK_INT(st.db_state, ADMIN_DB_UNUSABLE);
    CHECK(st.db_problem && *st.db_problem);
    CHECK(access(junk, F_OK) == 0);
    admin_status_free(&st);
    admin_status_free(&st);

    free(junk);
    free(junk_dir);
    free(out);
    free(db_path);
    free(data);
    free(content);
    config_free(&cfg);
}

static void test_format_bytes(void)
{
    char b[32];
    admin_format_bytes(5, b, sizeof b);
    CHECK_STR(b, "5 bytes");
    admin_format_bytes(12345, b, sizeof b);
    CHECK_STR(b, "12 kB");
    admin_format_bytes(340000000, b, sizeof b);
    CHECK_STR(b, "340 MB");
    admin_format_bytes(1234567890, b, sizeof b);
    CHECK_STR(b, "1.2 GB");
}

/* A data folder in memory (tmpfs, ramfs, a read-only root's overlay) is
 * named in status, so sign-ups are not collected into RAM unnoticed. */
static void test_data_folder_in_memory(void)
{
    CHECK_STR(admin_volatile_fs_kind(0x01021994UL), "tmpfs");
    CHECK_STR(admin_volatile_fs_kind(0x858458f6UL), "ramfs");
    CHECK_STR(admin_volatile_fs_kind(0x794c7630UL), "overlay");
    CHECK(admin_volatile_fs_kind(0xEF53UL) == NULL); /* ext4 */
    CHECK(admin_volatile_fs_kind(0x4d44UL) == NULL); /* FAT */
    /* the test's own folder is on the disk here: no warning */
    const char *dir = test_tmpdir();
    const char *kind = admin_volatile_fs(dir);
    config_t cfg;
    config_defaults(&cfg);
    char *data = path_join(dir, "data");
    config_set(&cfg.data_dir, data);
    config_set(&cfg.content_dir, dir);
    admin_status_t st;
    admin_status_collect(&cfg, NULL, NULL, &st);
    char *text = print_status(&st);
    if (kind)
        CHECK_CONTAINS(text, "questions and sign-ups are LOST at power-off");
    else
        CHECK(strstr(text, "LOST at power-off") == NULL);
    free(text);
    admin_status_free(&st);
    free(data);
    config_free(&cfg);
    /* /dev/shm is a tmpfs on Linux: a data folder not made yet under it */
    struct statfs f;
    if (statfs("/dev/shm", &f) == 0 && (unsigned long)f.f_type == 0x01021994UL) {
        CHECK_STR(admin_volatile_fs("/dev/shm/agm-no-such/data"), "tmpfs");
        config_defaults(&cfg);
        config_set(&cfg.data_dir, "/dev/shm/agm-no-such/data");
        config_set(&cfg.content_dir, dir);
        admin_status_collect(&cfg, NULL, NULL, &st);
        CHECK_STR(st.volatile_fs, "tmpfs");
        text = print_status(&st);
        CHECK_CONTAINS(text, "WARNING:      the data folder /dev/shm/agm-no-such/data is on tmpfs");
        free(text);
        admin_status_free(&st);
        config_free(&cfg);
    } else {
        printf("note: /dev/shm is not a tmpfs here; the tmpfs case is checked by f_type only\n");
    }
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_status_lifecycle);
    RUN(test_format_bytes);
    RUN(test_data_folder_in_memory);
    return test_summary();
}
