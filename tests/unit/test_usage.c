/* Usage counts: the in-memory counts (split at the hour, handed over only
 * when their hour is over), the store's table (sums, refusals, no fsync,
 * the wipe), and the app counting a visit through the real screens with a
 * fake clock: nothing reaches the database before the hour is over, and
 * what does holds only sums per hour. */
#include "test.h"
#include "testcontent.h"
#include "testdb.h"
#include "config/config.h"
#include "content/content.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "ui/app.h"
#include "ui/gfx_record.h"
#include "ui/usage.h"

#include <stdlib.h>
#include <string.h>

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL
/* 2012-10-08T09:00:00Z */
#define H9 (1349686800LL * 1000)

static const store_usage_t *find(const store_usage_t *r, size_t n, const char *hour, const char *kind,
                                 const char *name)
{
    for (size_t i = 0; i < n; i++)
        if ((!hour || strcmp(r[i].hour, hour) == 0) && strcmp(r[i].kind, kind) == 0 && strcmp(r[i].name, name) == 0)
            return &r[i];
    return NULL;
}

static void test_hour_format(void)
{
    char h[24];
    store_usage_hour(H9 / 1000 + 59 * 60 + 59, h);
    CHECK_STR(h, "2012-10-08T09:00Z");
    store_usage_hour(H9 / 1000 + 3600, h);
    CHECK_STR(h, "2012-10-08T10:00Z");
}

/* A visit across 10:00 is counted once, its time split at the hour. */
static void test_split_at_the_hour(void)
{
    usage_t *u = usage_create();
    int64_t t = H9 + 59 * MIN_MS + 30000; /* 09:59:30 */
    usage_visit_begin(u, t);
    usage_screen(u, "report", t);
    usage_visit_begin(u, t + 1000); /* already in a visit: not a second one */
    usage_section(u, "rescue", t + 10000);
    store_usage_t *rows = NULL;
    CHECK(!usage_due(u, t + 20000));
    CHECK_INT(usage_take(u, t + 20000, false, &rows), 0); /* 09:00 is not over */
    CHECK(usage_due(u, t + 60000));
    usage_visit_end(u, t + 60000); /* 10:00:30 */
    size_t n = usage_take(u, t + 60000, false, &rows);
    /* only the hour that is over */
    const store_usage_t *v = find(rows, n, "2012-10-08T09:00Z", "visit", "");
    CHECK(v && v->opened == 1 && v->seconds == 30);
    const store_usage_t *s = find(rows, n, "2012-10-08T09:00Z", "section", "rescue");
    CHECK(s && s->opened == 1 && s->seconds == 20);
    CHECK(find(rows, n, "2012-10-08T10:00Z", "visit", "") == NULL);
    free(rows);
    n = usage_take(u, t + 60000, true, &rows);
    v = find(rows, n, "2012-10-08T10:00Z", "visit", "");
    CHECK(v && v->opened == 0 && v->seconds == 30);
    s = find(rows, n, "2012-10-08T10:00Z", "screen", "report");
    CHECK(s && s->opened == 0 && s->seconds == 30);
    free(rows);
    CHECK_INT(usage_take(u, t + 60000, true, &rows), 0); /* taken: gone from memory */
    usage_destroy(u);
}

/* The summary adds what is still in memory to the store's sums, most
 * opened first within each kind. */
static void test_summary_merges(void)
{
    usage_t *u = usage_create();
    usage_visit_begin(u, H9);
    usage_screen(u, "stats", H9);
    usage_screen(u, "report", H9 + 5000);
    usage_screen(u, "stats", H9 + 7000);
    store_usage_t stored[] = {{"", "visit", "", 3, 100}, {"", "screen", "report", 3, 60}};
    store_usage_t *sum = NULL;
    size_t n = usage_summary(u, H9 + 10000, stored, 2, &sum);
    const store_usage_t *v = find(sum, n, "", "visit", "");
    CHECK(v && v->opened == 4 && v->seconds == 110);
    const store_usage_t *r = find(sum, n, "", "screen", "report");
    CHECK(r && r->opened == 4 && r->seconds == 62);
    CHECK(n == 3 && strcmp(sum[0].kind, "visit") == 0 && strcmp(sum[1].name, "report") == 0);
    free(sum);
    usage_forget(u, H9 + 10000);
    n = usage_summary(u, H9 + 10000, NULL, 0, &sum);
    CHECK_INT(n, 0);
    free(sum);
    usage_destroy(u);
}

static store_t *open_db(const char *path, bool count_syncs)
{
    store_opts_t o = {.count_syncs = count_syncs};
    char *notice = NULL, *err = NULL;
    store_t *s = store_open_ex(path, "kiosk-1", &o, &notice, &err);
    if (!s)
        fprintf(stderr, "  store_open: %s\n", err);
    free(notice);
    free(err);
    return s;
}

/* Rows add up per hour, kind and name; bad rows are refused whole; the
 * commit does not wait for the medium; the wipe deletes them. */
static void test_store_table(void)
{
    char *path = path_join(test_tmpdir(), "data/agmkiosk.db");
    store_t *s = open_db(path, true);
    CHECK(s);
    if (!s) {
        free(path);
        return;
    }
    store_usage_t a[] = {{"2012-10-08T09:00Z", "visit", "", 2, 300}, {"2012-10-08T09:00Z", "section", "rescue", 1, 40}};
    uint64_t syncs = store_vfs_sync_count();
    CHECK_INT(store_usage_add(s, a, 2), STORE_OK);
    CHECK_INT(store_usage_add(s, a, 1), STORE_OK);
    CHECK_INT(store_vfs_sync_count() - syncs, 0);
    /* ... while a question still waits for the medium */
    question_in_t q = {.text = "A question", .lang = "en"};
    CHECK_INT(store_add_question(s, &q, NULL), STORE_OK);
    CHECK(store_vfs_sync_count() - syncs >= 1);
    CHECK_INT(q_int(store_sqlite(s), "PRAGMA synchronous"), 2);
    CHECK_INT(q_int(store_sqlite(s), "SELECT opened FROM usage_counts WHERE kind = 'visit'"), 4);
    CHECK_INT(q_int(store_sqlite(s), "SELECT spent_s FROM usage_counts WHERE kind = 'visit'"), 600);
    /* the table holds sums per hour and nothing else */
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM pragma_table_info('usage_counts')"), 5);

    store_usage_t bad[] = {{"2012-10-08T09:00Z", "visit", "", 1, 1}, {"2012-10-08T09:30Z", "visit", "", 1, 1}};
    CHECK_INT(store_usage_add(s, bad, 2), STORE_INVALID);
    store_usage_t bad2 = {"2012-10-08T09:00Z", "person", "", 1, 1};
    CHECK_INT(store_usage_add(s, &bad2, 1), STORE_INVALID);
    store_usage_t bad3 = {"2012-10-08T09:00Z", "screen", "home", -1, 1};
    CHECK_INT(store_usage_add(s, &bad3, 1), STORE_INVALID);
    CHECK_INT(q_int(store_sqlite(s), "SELECT sum(opened) FROM usage_counts"), 5);

    store_usage_t b = {"2012-10-08T10:00Z", "visit", "", 1, 50};
    CHECK_INT(store_usage_add(s, &b, 1), STORE_OK);
    store_usage_t *rows = NULL;
    size_t n = 0;
    CHECK_INT(store_usage_read(s, false, &rows, &n), STORE_OK);
    CHECK_INT(n, 3);
    CHECK(n == 3 && strcmp(rows[0].hour, "2012-10-08T09:00Z") == 0 && strcmp(rows[2].hour, "2012-10-08T10:00Z") == 0);
    free(rows);
    CHECK_INT(store_usage_read(s, true, &rows, &n), STORE_OK);
    CHECK_INT(n, 2);
    CHECK(n == 2 && strcmp(rows[0].kind, "visit") == 0 && rows[0].opened == 5 && rows[0].seconds == 650 &&
          rows[0].hour[0] == 0);
    free(rows);

    /* the wipe (nothing unexported is refused: export the question first) */
    sqlite3 *db = store_sqlite(s);
    CHECK(store_exec_script(db, "INSERT INTO export_batches(id, created_at, questions, signups, files, state,"
                                " verified) VALUES(1, '2012-10-08T11:00:00Z', 1, 0, 'q;s', 'done', 1);"
                                "UPDATE questions SET export_batch = 1") == SQLITE_OK);
    store_wipe_result_t w;
    char *err = NULL;
    CHECK_INT(store_wipe(s, &w, &err), STORE_OK);
    free(err);
    CHECK_INT(w.usage_rows, 3);
    CHECK_INT(q_int(store_sqlite(s), "SELECT count(*) FROM usage_counts"), 0);
    store_close(s);
    free(path);
}

/* ---- the app, with a fake clock ---- */

static content_t content;
static config_t cfg;
static uint64_t T;
static gfx_record_t *rec;

static void run_until(app_t *a, uint64_t t)
{
    while (T < t) {
        int w = app_wait_ms(a, T);
        uint64_t step = w < 0 ? t - T : w == 0 ? 16 : (uint64_t)w;
        if (step > 1000)
            step = 1000;
        T = T + step > t ? t : T + step;
        if (app_update(a, T)) {
            gfx_record_clear(rec);
            gfx_t g = gfx_record_gfx(rec);
            app_draw(a, &g);
        }
    }
}

static bool tap(app_t *a, const char *id)
{
    app_control_t c[256];
    size_t n = app_controls(a, c, 256);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(c[i].id, id) != 0)
            continue;
        ui_event_t e = {.type = UI_EV_POINTER_DOWN, .pointer = 1, .x = c[i].r.x + c[i].r.w / 2,
                        .y = c[i].r.y + c[i].r.h / 2, .time_ms = T};
        app_event(a, &e);
        T += 50;
        e.type = UI_EV_POINTER_UP;
        e.time_ms = T;
        app_event(a, &e);
        run_until(a, T + 500);
        return true;
    }
    return false;
}

static void test_app_counts_a_visit(void)
{
    CHECK(test_load_bundled(&content));
    config_defaults(&cfg);
    cfg.idle_timeout_s = 90;
    char *path = path_join(test_tmpdir(), "data/agmkiosk.db");
    store_t *s = open_db(path, false);
    CHECK(s);
    if (!s) {
        free(path);
        return;
    }
    sqlite3 *db = store_sqlite(s);
    T = 5000;
    /* 09:55 */
    app_init_t init = {.cfg = &cfg, .content = &content, .store = s, .mode = APP_MODE_KIOSK, .now_ms = T,
                       .wall_ms = H9 + 55 * MIN_MS};
    app_t *a = app_create(&init);
    app_resize(a, 1280, 800);
    rec = gfx_record_create(1280, 800);
    run_until(a, T + 1000);
    CHECK(tap(a, "attract.begin"));
    CHECK_STR(app_current_screen(a), "home");
    CHECK(tap(a, "home.report"));
    CHECK_STR(app_current_screen(a), "report");
    CHECK(tap(a, "report.section.2"));
    CHECK_STR(app_current_screen(a), "reader");
    run_until(a, T + 20000);
    CHECK(tap(a, "reader.next"));
    run_until(a, T + 10000);
    CHECK(tap(a, "nav.home"));
    /* the idle reset ends the visit; nothing is saved yet (its hour goes on) */
    run_until(a, T + 95000);
    CHECK_STR(app_current_screen(a), "attract");
    CHECK_INT(q_int(db, "SELECT count(*) FROM usage_counts"), 0);
    /* past 10:00: the 09:00 hour is saved */
    run_until(a, 5000 + 6 * MIN_MS);
    CHECK_INT(q_int(db, "SELECT opened FROM usage_counts WHERE hour = '2012-10-08T09:00Z' AND kind = 'visit'"), 1);
    long long vs = q_int(db, "SELECT spent_s FROM usage_counts WHERE kind = 'visit'");
    CHECK_MSG(vs >= 30 && vs <= 35, "visit seconds %lld (the wait before the idle reset not counted)", vs);
    CHECK_INT(q_int(db, "SELECT opened FROM usage_counts WHERE kind = 'screen' AND name = 'report'"), 1);
    CHECK_INT(q_int(db, "SELECT opened FROM usage_counts WHERE kind = 'screen' AND name = 'reader'"), 1);
    char *sql = xasprintf("SELECT opened FROM usage_counts WHERE kind = 'section' AND name = '%s'",
                          content.report.nsections > 3 ? content.report.sections[2].id : "?");
    CHECK_INT(q_int(db, sql), 1);
    free(sql);
    sql = xasprintf("SELECT spent_s FROM usage_counts WHERE kind = 'section' AND name = '%s'",
                    content.report.nsections > 3 ? content.report.sections[2].id : "?");
    long long ss = q_int(db, sql);
    CHECK_MSG(ss >= 20 && ss <= 22, "section seconds %lld", ss);
    free(sql);
    CHECK_INT(q_int(db, "SELECT count(*) FROM usage_counts WHERE kind = 'section'"), 2);
    CHECK_INT(q_int(db, "SELECT count(*) FROM usage_counts WHERE kind = 'screen' AND name IN ('attract', 'admin')"),
              0);
    /* a second visit in the 10:00 hour is saved at exit */
    CHECK(tap(a, "attract.begin"));
    CHECK(tap(a, "home.stats"));
    run_until(a, T + 5000);
    CHECK_INT(q_int(db, "SELECT count(*) FROM usage_counts WHERE hour = '2012-10-08T10:00Z'"), 0);
    app_destroy(a);
    CHECK_INT(q_int(db, "SELECT opened FROM usage_counts WHERE hour = '2012-10-08T10:00Z' AND kind = 'visit'"), 1);
    gfx_record_destroy(rec);
    store_close(s);
    content_free(&content);
    config_free(&cfg);
    free(path);
}

int main(void)
{
    RUN(test_hour_format);
    RUN(test_split_at_the_hour);
    RUN(test_summary_merges);
    RUN(test_store_table);
    RUN(test_app_counts_a_visit);
    return test_summary();
}
