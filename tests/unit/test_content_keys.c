/* Every UI string key the code asks for exists in the bundled
 * strings/en.ini, so no screen ever shows a raw key such as "nav.home".
 * The code is scanned for string literals passed as the key argument of
 * the text lookups (ui_str, ui_fmt, content_text, content_text_args, tr,
 * formview_str), and for the counts (ui_count, content_text_count) the
 * key's KEY_other form; keys built at run time (choice.<id>, month.<n>)
 * are covered by `check` instead. */
#include "test.h"
#include "testcontent.h"
#include "content/content.h"
#include "core/util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const lookups[] = {"ui_str", "ui_fmt", "content_text", "content_text_args", "tr", "formview_str",
                                      "ui_count", "content_text_count"};
#define FIRST_COUNT_LOOKUP 6 /* lookups from here on name a count: KEY_one / KEY_other */

typedef struct {
    const content_t *c;
    int checked, missing;
} scan_t;

static bool is_ident(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* The key literal of each lookup call in text. */
static void scan_text(const char *path, const char *text, scan_t *s)
{
    for (const char *p = text; (p = strchr(p, '(')); p++) {
        const char *e = p, *b = p;
        while (b > text && is_ident(b[-1]))
            b--;
        bool match = false;
        size_t which = 0;
        for (size_t i = 0; i < AGM_ARRAY_LEN(lookups) && !match; i++) {
            match = strlen(lookups[i]) == (size_t)(e - b) && strncmp(b, lookups[i], (size_t)(e - b)) == 0;
            which = i;
        }
        if (!match || (b > text && is_ident(b[-1])))
            continue; /* another function, or a longer name ending the same way */
        /* skip the first argument (no nested commas expected in it) */
        int depth = 0;
        const char *q = p + 1;
        for (; *q && !(depth == 0 && (*q == ',' || *q == ')')); q++) {
            if (*q == '(') depth++;
            if (*q == ')') depth--;
        }
        if (*q != ',')
            continue;
        q++;
        while (*q == ' ' || *q == '\n' || *q == '\t')
            q++;
        if (*q != '"')
            continue;
        const char *end = strchr(q + 1, '"');
        if (!end)
            continue;
        char *key = xstrndup(q + 1, (size_t)(end - q - 1));
        if (which >= FIRST_COUNT_LOOKUP) {
            /* every language falls back to the English KEY_other */
            char *other = xasprintf("%s_other", key);
            free(key);
            key = other;
        }
        /* a key is section.name; forms.ini supplies consent.* and choice.* */
        if (strchr(key, '.') && !strchr(key, '%') && strncmp(key, "consent.", 8) != 0 &&
            strncmp(key, "choice.", 7) != 0) {
            s->checked++;
            const strings_t *en = content_lang(s->c, "en");
            bool found = false;
            for (size_t i = 0; en && i < en->nkv && !found; i++)
                found = strcmp(en->kv[i].key, key) == 0;
            if (!found) {
                fprintf(stderr, "  %s: key '%s' is not in content/strings/en.ini\n", path, key);
                s->missing++;
            }
        }
        free(key);
    }
}

static void scan_dir(const char *dir, scan_t *s)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    for (struct dirent *e; (e = readdir(dp));) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            scan_dir(p, s);
        } else {
            size_t n = strlen(e->d_name);
            if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0) {
                size_t len;
                char *text = file_read_all(p, &len);
                if (text)
                    scan_text(p, text, s);
                free(text);
            }
        }
        free(p);
    }
    closedir(dp);
}

static void test_every_used_key_is_in_en(void)
{
    char *root = xstrdup(test_root());
    char *content = path_join(root, "content");
    char *src = path_join(root, "src");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(content, &c, &d));
    scan_t s = {.c = &c};
    scan_dir(src, &s);
    content_free(&c);
    diag_free(&d);
    free(content);
    free(src);
    free(root);
    if (getenv("AGM_TEST_VERBOSE"))
        fprintf(stderr, "  %d key lookups checked\n", s.checked);
    CHECK_MSG(s.checked > 0, "no lookups found in src/");
    CHECK_INT(s.missing, 0);
}

/* The scanner itself finds a missing key (so the test above can fail). */
static void test_scanner_finds_missing(void)
{
    content_t c;
    memset(&c, 0, sizeof c);
    scan_t s = {.c = &c};
    scan_text("x.c", "const char *a = ui_str(ui, \"nav.nowhere\"); b = tr(u,\n  \"nav.x\");"
                     " c = content_text(c, lang, key); d = ui_str(ui, \"consent.text\");"
                     " e = ui_count(ui, \"admin.n_rows\", n); f = ui_fmt(ui, \"admin.nope\", x);", &s);
    CHECK_INT(s.checked, 4);
    CHECK_INT(s.missing, 4);
}

int main(void)
{
    RUN(test_every_used_key_is_in_en);
    RUN(test_scanner_finds_missing);
    return test_summary();
}
