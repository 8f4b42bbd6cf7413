/* strings.c - strings/LANG.ini: the UI text per language. en.ini is
 * required and is the reference: other languages are compared with it
 * (a missing key is a warning, the English text is shown), and every
 * language's placeholders must match English so no value goes missing or
 * lands in the wrong place. */
#include "content_internal.h"
#include "../core/ini.h"
#include "../core/util.h"
#include "../store/store.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys by hash: a language file has a few hundred keys, each looked up
 * several times (twice given? in English? in the other language?) ---------- */

typedef struct {
    uint32_t *slot;   /* kv index + 1, 0 empty; a power of two long */
    size_t mask;
} key_index_t;

static uint32_t key_hash(const char *k)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (uint8_t)*k) * 16777619u;
    return h;
}

/* The kv index of key, or -1. */
static long index_find(const key_index_t *x, const kv_t *kv, const char *key)
{
    if (!x->slot)
        return -1;
    for (size_t i = key_hash(key) & x->mask;; i = (i + 1) & x->mask) {
        uint32_t v = x->slot[i];
        if (!v)
            return -1;
        if (strcmp(kv[v - 1].key, key) == 0)
            return (long)v - 1;
    }
}

/* Room for n keys (at most half full), keeping those of kv[0..n). */
static void index_reserve(key_index_t *x, const kv_t *kv, size_t n)
{
    if (x->slot && n * 2 <= x->mask + 1)
        return;
    size_t size = 64;
    while (size < n * 2)
        size *= 2;
    free(x->slot);
    x->slot = xcalloc(size, sizeof *x->slot);
    x->mask = size - 1;
    for (size_t k = 0; k + 1 < n; k++) {
        size_t i = key_hash(kv[k].key) & x->mask;
        while (x->slot[i])
            i = (i + 1) & x->mask;
        x->slot[i] = (uint32_t)k + 1;
    }
}

/* Index kv[k] (a key not indexed yet); index_reserve() made room. */
static void index_add(key_index_t *x, const kv_t *kv, size_t k)
{
    size_t i = key_hash(kv[k].key) & x->mask;
    while (x->slot[i])
        i = (i + 1) & x->mask;
    x->slot[i] = (uint32_t)k + 1;
}

typedef struct {
    strings_t *s;
    const char *shown;
    diag_list_t *d;
    size_t cap;
    int *lines;     /* line of each kv */
    int code_line;
    key_index_t index;
} lang_ctx_t;

static bool lang_cb(void *user, const char *section, const char *key, const char *value, int line)
{
    lang_ctx_t *x = user;
    if (!*section) {
        diag_error(x->d, x->shown, line, "'%s' is outside a section; keys are written under [section]", key);
        return false;
    }
    if (strcmp(section, "language") == 0) {
        if (strcmp(key, "code") == 0) {
            x->code_line = line;
            free(x->s->lang);
            x->s->lang = xstrdup(value);
        } else if (strcmp(key, "name") == 0) {
            free(x->s->name);
            x->s->name = xstrdup(value);
        } else
            diag_warn(x->d, x->shown, line, "unknown key '%s' in [language] is ignored (known: code, name)", key);
        return true;
    }
    size_t ls = strlen(section), lk = strlen(key);
    char *full = xmalloc(ls + lk + 2);
    memcpy(full, section, ls);
    full[ls] = '.';
    memcpy(full + ls + 1, key, lk + 1);
    long dup = index_find(&x->index, x->s->kv, full);
    if (dup >= 0) {
        diag_error(x->d, x->shown, line, "'%s' is given twice (first on line %d)", key, x->lines[dup]);
        free(full);
        return false;
    }
    size_t old = x->cap;
    xgrow((void **)&x->s->kv, &x->cap, x->s->nkv + 1, sizeof *x->s->kv);
    if (old != x->cap)
        x->lines = xrealloc(x->lines, x->cap * sizeof *x->lines);
    char *v = xstrdup(value);
    content_fix_cjk_joins(v);
    x->lines[x->s->nkv] = line;
    x->s->kv[x->s->nkv++] = (kv_t){full, v};
    index_reserve(&x->index, x->s->kv, x->s->nkv);
    index_add(&x->index, x->s->kv, x->s->nkv - 1);
    return true;
}

/* Placeholders: "%s" and "%%" only; returns the number of "%s", or -1
 * for anything else after a '%'. */
static int count_placeholders(const char *v)
{
    int n = 0;
    for (const char *p = v; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == 's')
            n++;
        else if (p[1] != '%')
            return -1;
        p++;
    }
    return n;
}

/* A parsed language file with each key's line, for the comparison. */
typedef struct {
    strings_t s;
    int *lines;
    char *shown;
    key_index_t index;
} lang_file_t;

static bool load_lang(const char *path, const char *shown, const char *stem, lang_file_t *out, diag_list_t *d)
{
    memset(out, 0, sizeof *out);
    out->shown = xstrdup(shown);
    const char *body;
    size_t len;
    char *text = content_read_text(path, shown, d, &body, &len);
    if (!text)
        return false;
    lang_ctx_t x = {.s = &out->s, .shown = shown, .d = d};
    bool ok = ini_load_text(body, len, shown, lang_cb, &x, d);
    free(text);
    out->lines = x.lines;
    out->index = x.index;
    if (!out->s.lang || !*out->s.lang) {
        diag_error(d, shown, 0, "missing required field 'code' in [language] (it should be '%s')", stem);
        ok = false;
    } else if (strcmp(out->s.lang, stem) != 0) {
        diag_error(d, shown, x.code_line, "code '%s' does not match the file name %s.ini", out->s.lang, stem);
        ok = false;
    } else {
        /* every row saved while this language is on screen stores it */
        char why[256];
        if (!store_field_ok("lang", out->s.lang, why, sizeof why)) {
            diag_error(d, shown, x.code_line, "code: %s; every question and sign-up would fail to save", why);
            ok = false;
        }
    }
    if (!out->s.name || !*out->s.name) {
        diag_error(d, shown, 0, "missing required field 'name' in [language] (the language's own name, e.g. 日本語)");
        ok = false;
    }
    for (size_t i = 0; i < out->s.nkv; i++)
        if (count_placeholders(out->s.kv[i].value) < 0) {
            diag_error(d, shown, out->lines[i], "'%s': only %%s (a value) and %%%% (a percent sign) may follow '%%'",
                       out->s.kv[i].key);
            ok = false;
        }
    return ok;
}

static int line_of(const lang_file_t *f, const char *key)
{
    long i = index_find(&f->index, f->s.kv, key);
    return i >= 0 ? f->lines[i] : -1;
}

static const char *value_of(const lang_file_t *f, const char *key)
{
    long i = index_find(&f->index, f->s.kv, key);
    return i >= 0 ? f->s.kv[i].value : NULL;
}

static bool is_choice_id(const forms_t *f, const char *id)
{
    const choice_t *lists[] = {f->topics, f->interests, f->languages};
    size_t counts[] = {f->ntopics, f->ninterests, f->nlanguages};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < counts[l]; i++)
            if (strcmp(lists[l][i].id, id) == 0)
                return true;
    return false;
}

/* True when key ends in suffix; *stem_len is then the length before it. */
static bool has_suffix(const char *key, const char *suffix, size_t *stem_len)
{
    size_t k = strlen(key), n = strlen(suffix);
    if (k <= n || strcmp(key + k - n, suffix) != 0)
        return false;
    *stem_len = k - n;
    return true;
}

/* KEY_other in f for key = KEY_one, or NULL when key is no such form. */
static const char *other_form(const lang_file_t *f, const char *key)
{
    size_t stem;
    if (!has_suffix(key, "_one", &stem))
        return NULL;
    char *k = xasprintf("%.*s_other", (int)stem, key);
    const char *v = value_of(f, k);
    free(k);
    return v;
}

/* English gives both forms of a count (KEY_one and KEY_other): KEY_other
 * is what every language falls back to. */
static bool check_plural_forms(const lang_file_t *en, diag_list_t *d)
{
    bool ok = true;
    for (size_t i = 0; i < en->s.nkv; i++) {
        const char *key = en->s.kv[i].key;
        size_t stem;
        if (strncmp(key, "choice.", 7) == 0 || !has_suffix(key, "_one", &stem) || other_form(en, key))
            continue;
        diag_error(d, en->shown, en->lines[i],
                   "'%s' has no '%.*s_other': a count needs the form for every other number as well", key, (int)stem,
                   key);
        ok = false;
    }
    return ok;
}

/* Compare a language with English and with forms.ini. */
static bool compare_lang(const lang_file_t *en, const lang_file_t *l, const content_t *c, diag_list_t *d)
{
    bool ok = true;
    for (size_t i = 0; i < en->s.nkv; i++) {
        const char *key = en->s.kv[i].key;
        const char *v = value_of(l, key);
        if (!v) {
            /* a language without plural forms gives only KEY_other */
            if (l != en && other_form(l, key))
                continue;
            diag_warn(d, l->shown, 0, "missing '%s' (the English text is shown)", key);
            continue;
        }
        int want = count_placeholders(en->s.kv[i].value), have = count_placeholders(v);
        if (want >= 0 && have >= 0 && want != have) {
            diag_error(d, l->shown, line_of(l, key), "'%s' has %d %%s but English has %d", key, have, want);
            ok = false;
        }
    }
    for (size_t i = 0; i < l->s.nkv; i++) {
        const char *key = l->s.kv[i].key;
        if (strncmp(key, "choice.", 7) == 0) {
            if (!is_choice_id(&c->forms, key + 7))
                diag_warn(d, l->shown, l->lines[i], "'%s' is not a choice of forms.ini", key + 7);
        } else if (strcmp(key, "consent.text") == 0 || strcmp(key, "consent.version") == 0) {
            /* checked below */
        } else if (!value_of(en, key) && !other_form(en, key)) {
            diag_warn(d, l->shown, l->lines[i], "'%s' is not in strings/en.ini and is never shown", key);
        }
    }
    if (l == en)
        return ok;
    /* translated form choices and consent */
    const choice_t *lists[] = {c->forms.topics, c->forms.interests, c->forms.languages};
    size_t counts[] = {c->forms.ntopics, c->forms.ninterests, c->forms.nlanguages};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            char *key = xasprintf("choice.%s", lists[k][i].id);
            if (!value_of(l, key))
                diag_warn(d, l->shown, 0, "missing '%s' under [choice] (the English label is shown)", lists[k][i].id);
            free(key);
        }
    const char *ctext = value_of(l, "consent.text"), *cver = value_of(l, "consent.version");
    if (!ctext) {
        diag_warn(d, l->shown, 0, "no [consent] text: the English consent text is shown");
    } else if (!cver) {
        diag_error(d, l->shown, line_of(l, "consent.text"),
                   "the consent text has no 'version'; give the forms.ini version it translates");
        ok = false;
    } else if (c->forms.consent_version && strcmp(cver, c->forms.consent_version) != 0) {
        diag_error(d, l->shown, line_of(l, "consent.version"),
                   "the consent text translates version '%s' but forms.ini has version '%s'; "
                   "update the translation (the English text is shown until then)",
                   cver, c->forms.consent_version);
        ok = false;
    }
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lang_file_free(lang_file_t *f)
{
    free(f->index.slot);
    f->index.slot = NULL;
    free(f->lines);
    free(f->shown);
    f->lines = NULL;
    f->shown = NULL;
}

bool content_load_strings(const char *dir, content_t *c, diag_list_t *d)
{
    char *sdir = path_join(dir, "strings");
    char *en_path = path_join(sdir, "en.ini");
    bool ok = true;
    /* the languages: en first, then the others by name */
    char **stems = NULL;
    size_t nstems = 0, cap = 0;
    DIR *dp = opendir(sdir);
    if (!dp) {
        diag_error(d, sdir, 0, "folder not found; it holds the UI text, at least en.ini");
        free(sdir);
        free(en_path);
        return false;
    }
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".ini") == 0 && strcmp(e->d_name, "en.ini") != 0 &&
            e->d_name[0] != '.') {
            xgrow((void **)&stems, &cap, nstems + 1, sizeof *stems);
            stems[nstems++] = xstrndup(e->d_name, n - 4);
        }
    }
    closedir(dp);
    if (nstems) /* English alone: no array to sort (qsort wants one) */
        qsort(stems, nstems, sizeof *stems, cmp_str);

    lang_file_t *files = xcalloc(nstems + 1, sizeof *files);
    size_t nfiles = 0;
    if (!load_lang(en_path, en_path, "en", &files[0], d))
        ok = false;
    nfiles = 1;
    for (size_t i = 0; i < nstems; i++) {
        char *name = xasprintf("%s.ini", stems[i]);
        char *path = path_join(sdir, name);
        if (!load_lang(path, path, stems[i], &files[nfiles], d))
            ok = false;
        nfiles++;
        free(name);
        free(path);
    }
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].s.lang && (i == 0 || files[0].s.nkv))
            ok &= compare_lang(&files[0], &files[i], c, d);
    ok &= check_plural_forms(&files[0], d);

    /* timeline categories are shown through [category]; a missing one is shown as written */
    for (size_t i = 0; i < c->ntimeline; i++) {
        char *key = xasprintf("category.%s", c->timeline[i].category);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(c->timeline[j].category, c->timeline[i].category) == 0;
        if (!seen && files[0].s.nkv && !value_of(&files[0], key)) {
            char *tl = path_join(dir, "timeline.csv");
            diag_warn(d, tl, c->timeline[i].line,
                      "category '%s' has no label in strings/en.ini [category]; it is shown as written",
                      c->timeline[i].category);
            free(tl);
        }
        free(key);
    }

    /* hand the languages over: en first, only those that loaded */
    c->langs = xcalloc(nfiles, sizeof *c->langs);
    for (size_t i = 0; i < nfiles; i++) {
        if (files[i].s.lang && files[i].s.name) {
            if (!files[i].s.kv) /* an empty language is still a language */
                files[i].s.nkv = 0;
            content_sort_strings(&files[i].s);
            c->langs[c->nlangs++] = files[i].s;
        } else {
            strings_t *s = &files[i].s;
            free(s->lang);
            free(s->name);
            for (size_t j = 0; j < s->nkv; j++) {
                free(s->kv[j].key);
                free(s->kv[j].value);
            }
            free(s->kv);
        }
        lang_file_free(&files[i]);
    }
    if (!c->nlangs || strcmp(c->langs[0].lang, "en") != 0)
        ok = false; /* en.ini missing or broken: reported above */
    free(files);
    for (size_t i = 0; i < nstems; i++)
        free(stems[i]);
    free(stems);
    free(sdir);
    free(en_path);
    return ok;
}
