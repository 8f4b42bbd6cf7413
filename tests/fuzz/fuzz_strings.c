/* strings/LANG.ini (src/content/strings.c). The input stands for the files
 * of a content folder's strings/ folder: the text before the first
 * "@@file NAME" line is en.ini, each "@@file LANG.ini" part is another
 * language, and a part "@@file forms.ini" is the folder's forms.ini (the
 * translated choices and consent are checked against it). Every language
 * that loads is then used as the screens use it: lookups, counts, filled
 * templates, numbers, figures and dates. */
#include "common.h"
#include "content/content_internal.h"
#include "core/diag.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

static void use_lang(const content_t *c, const char *lang)
{
    static const char *const keys[] = {"home.title", "stats.source", "approx.about", "consent.text",
                                       "choice.rescue", "number.thousands_sep", "no.such.key"};
    static const long long counts[] = {0, 1, 2, 1000, -1};
    const char *args[] = {"A", "1,000", "%s"};
    char buf[128], small[6];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        content_text_args(c, lang, keys[i], args, 3, buf, sizeof buf);
        content_text_args(c, lang, keys[i], args, 1, small, sizeof small);
    }
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        content_subst(content_text_count(c, lang, "stats.figures", counts[i]), args, 2, buf, sizeof buf);
    /* every text of the language, filled the way screens fill them */
    const strings_t *s = content_lang(c, lang);
    for (size_t i = 0; s && i < s->nkv; i++) {
        content_text_args(c, lang, s->kv[i].key, args, 2, buf, sizeof buf);
        content_subst(s->kv[i].value, args, 3, small, sizeof small);
    }
    static const double values[] = {0, -0.5, 2737, 1234567.891, -1e14, 1e15, 1e300};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        content_format_number(c, lang, values[i], buf, sizeof buf);
        stat_t st = {.value = values[i], .approx = (approx_t)(i % 4)};
        content_format_value(c, lang, &st, buf, sizeof buf);
        content_format_value(c, lang, &st, small, sizeof small);
    }
    static const char *const dates[] = {"date.full", "date.short", "date.month_year"};
    for (size_t i = 0; i < 3; i++) {
        content_format_date(c, lang, dates[i], 2012, 10, 8, buf, sizeof buf);
        content_format_date(c, lang, dates[i], 2012, 2, 29, small, sizeof small);
    }
    content_consent_text(c, lang);
    const choice_t *lists[] = {c->forms.topics, c->forms.interests, c->forms.languages};
    size_t nlists[] = {c->forms.ntopics, c->forms.ninterests, c->forms.nlanguages};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < nlists[l]; i++)
            content_choice_label(c, lang, &lists[l][i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_clear();
    fuzz_part_t parts[FUZZ_MAX_PARTS];
    size_t n = fuzz_split(data, size, parts);
    char *forms = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *name = parts[i].name;
        size_t l = strlen(name);
        char *rel = NULL;
        if (!*name)
            rel = xstrdup("strings/en.ini");
        else if (strcmp(name, "forms.ini") == 0)
            rel = xstrdup(name);
        else if (l > 4 && strcmp(name + l - 4, ".ini") == 0 && !strchr(name, '/'))
            rel = xasprintf("strings/%s", name);
        if (!rel)
            continue;
        char *path = fuzz_write(rel, parts[i].data, parts[i].len);
        if (strcmp(rel, "forms.ini") == 0 && !forms)
            forms = path;
        else
            free(path);
        free(rel);
    }
    content_t c = {0};
    diag_list_t d = {0};
    if (forms)
        content_load_forms(forms, "forms.ini", &c.forms, &d);
    content_load_strings(fuzz_dir(), &c, &d);
    for (size_t i = 0; i < c.nlangs; i++)
        use_lang(&c, c.langs[i].lang);
    use_lang(&c, "xx");
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    free(forms);
    return 0;
}
