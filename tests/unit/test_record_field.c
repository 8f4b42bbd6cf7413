/* One description per record kind: a field added to a copy of the sign-up
 * description (plus its migration) is stored, exported and merged with no
 * other change; merge finds columns by header name, in any order. */
#include "test.h"
#include "test_export_fixture.h"
#include "core/log.h"
#include "export/export.h"
#include "export/merge.h"
#include "store/store.h"
#include "store/store_internal.h"

#define T0 ((time_t)1349691300)

/* The bundled sign-up description with one more field before message. */
static store_field_t fields[32];
static store_record_t with_pronouns;

static void make_description(void)
{
    const store_record_t *base = store_record(STORE_SIGNUPS);
    size_t n = 0;
    for (size_t i = 0; i < base->nfields; i++) {
        if (strcmp(base->fields[i].column, "message") == 0)
            fields[n++] = (store_field_t){"pronouns", "pronouns", STORE_F_PERSONAL, 40};
        fields[n++] = base->fields[i];
    }
    with_pronouns = *base;
    with_pronouns.fields = fields;
    with_pronouns.nfields = n;
}

static int field_index(const char *col)
{
    return store_record_column(&with_pronouns, col);
}

static void test_added_field_stored_exported_merged(void)
{
    make_description();
    const char *dir = test_tmpdir();
    char *path = path_join(dir, "agm.db");
    char *err = NULL;
    /* the migration that goes with the new field */
    store_t *s = store_open(path, "hall-a", NULL, &err);
    CHECK_MSG(s, "%s", err);
    CHECK(sqlite3_exec(store_sqlite(s), "ALTER TABLE signups ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''", NULL,
                       NULL, NULL) == SQLITE_OK);
    store_close(s);
    store_opts_t o = {.records = {NULL, &with_pronouns}};
    s = store_open_ex(path, "hall-a", &o, NULL, &err);
    CHECK_MSG(s, "%s", err);
    CHECK(store_record_of(s, STORE_SIGNUPS) == &with_pronouns);

    const char *v[32] = {0};
    v[field_index("name")] = "Ann";
    v[field_index("email")] = "ann@example.org";
    v[field_index("lang")] = "en";
    v[field_index("consent_version")] = "v1";
    v[field_index("pronouns")] = "  they/them ";
    v[field_index("message")] = "=hello";
    store_receipt_t rec;
    CHECK_INT(store_add_record(s, STORE_SIGNUPS, v, &rec), STORE_OK);
    /* cleaned and limited by its description like any field */
    v[field_index("pronouns")] = "a very long text that is more than forty characters";
    CHECK_INT(store_add_record(s, STORE_SIGNUPS, v, NULL), STORE_INVALID);
    CHECK_STR(store_errfield(s), "pronouns");
    /* the struct-based add still works and leaves the new field empty */
    signup_in_t su = {.name = "Bo", .email = "bo@example.org", .lang = "ja", .consent_version = "v1"};
    CHECK_INT(store_add_signup(s, &su, NULL), STORE_OK);

    sqlite3 *db = store_sqlite(s);
    CHECK_INT(fx_int(db, "SELECT count(*) FROM signups WHERE pronouns = 'they/them' AND name = 'Ann'"), 1);
    CHECK_INT(fx_int(db, "SELECT count(*) FROM signups WHERE pronouns = '' AND name = 'Bo'"), 1);

    /* export: the header and the cells come from the description */
    char *out = path_join(dir, "usb");
    export_opts_t eo = {.out_dir = out, .now = T0};
    export_result_t r;
    CHECK_MSG(export_run(s, &eo, &r, &err), "%s", err);
    fx_table_t t;
    CHECK(fx_csv_read(r.files[1], &t));
    int pc = -1;
    for (int c = 0; c < t.ncols; c++)
        if (strcmp(fx_at(&t, 0, c), "pronouns") == 0)
            pc = c;
    CHECK_INT(pc, field_index("pronouns"));
    CHECK_INT(t.ncols, (int)with_pronouns.nfields);
    CHECK_INT(t.nrows, 3);
    CHECK_STR(fx_at(&t, 1, pc), "they/them");
    fx_table_free(&t);

    /* merge with the same description: the field comes through */
    char *prefix = path_join(dir, "merged");
    merge_opts_t mo = {.out = prefix, .records = {NULL, &with_pronouns}};
    merge_result_t mr;
    const char *files[2] = {r.files[0], r.files[1]};
    CHECK_MSG(merge_run(files, 2, &mo, &mr, &err), "%s", err);
    CHECK_INT(mr.rows_out[1], 2);
    CHECK(fx_csv_read(mr.files[1], &t));
    CHECK_STR(fx_at(&t, 0, pc), "pronouns");
    CHECK_STR(fx_at(&t, 1, pc), "they/them");
    fx_table_free(&t);
    merge_result_free(&mr);
    /* the bundled description does not know the column: said, by name */
    merge_opts_t plain = {.out = prefix};
    CHECK(!merge_run(files, 2, &plain, &mr, &err));
    CHECK_CONTAINS(err, "the header has 15 columns; an export of sign-ups has 14");
    free(err);
    export_result_free(&r);
    store_close(s);
    free(prefix);
    free(out);
    free(path);
}

/* Columns are found by their header names: a file whose columns are in
 * another order merges the same. */
static void test_merge_by_header_name(void)
{
    const char *dir = test_tmpdir();
    char *a = test_write_file(dir, "a.csv",
                              "uuid,seq,kiosk_id,created_at,lang,status,topic,name,text\r\n"
                              "11111111-1111-4111-8111-111111111111,1,k,2012-10-08T09:00:00Z,en,new,,,first\r\n");
    char *b = test_write_file(dir, "b.csv",
                              "text,name,topic,status,lang,created_at,kiosk_id,seq,uuid\r\n"
                              "second,,,new,en,2012-10-08T08:00:00Z,k,2,22222222-2222-4222-8222-222222222222\r\n"
                              "first,,,new,en,2012-10-08T09:00:00Z,k,1,11111111-1111-4111-8111-111111111111\r\n");
    char *prefix = path_join(dir, "m");
    merge_opts_t mo = {.out = prefix};
    merge_result_t mr;
    char *err = NULL;
    const char *files[2] = {a, b};
    CHECK_MSG(merge_run(files, 2, &mo, &mr, &err), "%s", err);
    CHECK_INT(mr.rows_out[0], 2);
    CHECK_INT(mr.duplicates, 1);
    CHECK_INT(mr.conflicts, 0);
    fx_table_t t;
    CHECK(fx_csv_read(mr.files[0], &t));
    CHECK_STR(fx_at(&t, 0, 8), "text");
    CHECK_STR(fx_at(&t, 1, 8), "second"); /* ordered by created_at */
    CHECK_STR(fx_at(&t, 2, 1), "1");
    fx_table_free(&t);
    merge_result_free(&mr);
    free(a);
    free(b);
    free(prefix);
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_added_field_stored_exported_merged);
    RUN(test_merge_by_header_name);
    return test_summary();
}
