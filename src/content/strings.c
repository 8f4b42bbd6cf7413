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

/* The languages of strings/ but en, sorted by name. */
static char **list_stems(const char *sdir, size_t *nstems)
{
    char **stems = NULL;
    size_t cap = 0;
    *nstems = 0;
    DIR *dp = opendir(sdir);
    if (!dp)
        return NULL;
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".ini") == 0 && strcmp(e->d_name, "en.ini") != 0 &&
            e->d_name[0] != '.') {
            xgrow((void **)&stems, &cap, *nstems + 1, sizeof *stems);
            stems[(*nstems)++] = xstrndup(e->d_name, n - 4);
        }
    }
    closedir(dp);
    if (*nstems) /* English alone: no array to sort (qsort wants one) */
        qsort(stems, *nstems, sizeof *stems, cmp_str);
    return stems;
}

static void strings_free(strings_t *s)
{
    free(s->lang);
    free(s->name);
    for (size_t j = 0; j < s->nkv; j++) {
        free(s->kv[j].key);
        free(s->kv[j].value);
    }
    free(s->kv);
    memset(s, 0, sizeof *s);
}

/* The checks of every language against English and forms.ini, and of
 * English's plural forms and the timeline's categories. */
static bool check_langs(const char *dir, const lang_file_t *files, size_t nfiles, const content_t *c, diag_list_t *d)
{
    bool ok = true;
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
    return ok;
}

/* A language file that loaded well enough to be shown (its code and name). */
static bool usable(const strings_t *s) { return s->lang && s->name; }

/* Hand a usable language over to c (sorted, for content_text's bisection);
 * free one that is not. */
static void hand_over(content_t *c, strings_t *s)
{
    if (usable(s)) {
        if (!s->kv) /* an empty language is still a language */
            s->nkv = 0;
        content_sort_strings(s);
        c->langs[c->nlangs++] = *s;
    } else {
        strings_free(s);
    }
}

bool content_load_strings(const char *dir, content_t *c, diag_list_t *d)
{
    char *sdir = path_join(dir, "strings");
    char *en_path = path_join(sdir, "en.ini");
    bool ok = true;
    /* the languages: en first, then the others by name */
    DIR *dp = opendir(sdir);
    if (!dp) {
        diag_error(d, sdir, 0, "folder not found; it holds the UI text, at least en.ini");
        free(sdir);
        free(en_path);
        return false;
    }
    closedir(dp);
    size_t nstems;
    char **stems = list_stems(sdir, &nstems);

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
    ok &= check_langs(dir, files, nfiles, c, d);

    /* hand the languages over: en first, only those that loaded */
    c->langs = xcalloc(nfiles, sizeof *c->langs);
    for (size_t i = 0; i < nfiles; i++) {
        hand_over(c, &files[i].s);
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

/* ---- in two steps: the first screen's text, then the rest ------------------- */

/* Between content_load_strings_first() and content_load_strings_finish():
 * the files read in full (en and the first screen's language), with the
 * order their keys were read in, for the checks. */
struct strings_pending {
    lang_file_t *files;   /* [0] en, then the languages by name; read in full where full[i] */
    bool *full;
    size_t nfiles;
    char **stems;         /* files[i + 1] is stems[i] */
};

/* The sections of a strings file that lang_keys() keeps. */
static bool wanted_section(const char *name, size_t n, const char *const *keys)
{
    if (n == 8 && memcmp(name, "language", 8) == 0)
        return true;
    for (size_t i = 0; keys && keys[i]; i++) {
        const char *dot = strchr(keys[i], '.');
        if (dot && (size_t)(dot - keys[i]) == n && memcmp(keys[i], name, n) == 0)
            return true;
    }
    return false;
}

/* Of a strings file, only [language] and the sections of keys: their lines
 * as written, given to the same INI reader, so each of their values is what
 * the whole file gives. Problems are not reported here: the whole file is
 * read and checked by content_load_strings_finish(). */
static void lang_keys(const char *path, const char *stem, const char *const *keys, strings_t *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    char *text = file_read_all(path, &n);
    if (!text)
        return;
    const char *p = text, *end = text + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    strbuf_t kept = {0};
    bool keep = false;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s < eol && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(eol - s));
            const char *a = s + 1, *b = close ? close : s + 1;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            keep = close && wanted_section(a, (size_t)(b - a), keys);
        }
        if (keep)
            sb_appendn(&kept, p, (size_t)(eol - p) + (nl ? 1 : 0));
        p = nl ? nl + 1 : end;
    }
    free(text);
    diag_list_t quiet = {0};
    lang_ctx_t x = {.s = out, .shown = path, .d = &quiet};
    if (kept.len)
        ini_load_text(kept.s, kept.len, path, lang_cb, &x, &quiet);
    sb_free(&kept);
    free(x.lines);
    free(x.index.slot);
    diag_free(&quiet);
    if (!out->lang || strcmp(out->lang, stem) != 0) /* the whole file says why */
        strings_free(out);
}

bool content_load_strings_first(const char *dir, content_t *c, const char *lang, const char *const *keys,
                                diag_list_t *d)
{
    char *sdir = path_join(dir, "strings");
    DIR *dp = opendir(sdir);
    if (!dp) { /* nothing to defer: say so now */
        free(sdir);
        return content_load_strings(dir, c, d);
    }
    closedir(dp);
    bool ok = true;
    strings_pending_t *pd = xcalloc(1, sizeof *pd);
    size_t nstems;
    pd->stems = list_stems(sdir, &nstems);
    pd->nfiles = nstems + 1;
    pd->files = xcalloc(pd->nfiles, sizeof *pd->files);
    pd->full = xcalloc(pd->nfiles, sizeof *pd->full);
    c->langs = xcalloc(pd->nfiles, sizeof *c->langs);
    for (size_t i = 0; i < pd->nfiles; i++) {
        const char *stem = i ? pd->stems[i - 1] : "en";
        char *name = xasprintf("%s.ini", stem);
        char *path = path_join(sdir, name);
        if (i == 0 || (lang && strcmp(stem, lang) == 0)) {
            pd->full[i] = true;
            if (!load_lang(path, path, stem, &pd->files[i], d))
                ok = false;
            /* c gets its keys sorted; the file keeps them in reading order */
            strings_t s = pd->files[i].s;
            s.lang = s.lang ? xstrdup(s.lang) : NULL;
            s.name = s.name ? xstrdup(s.name) : NULL;
            if (s.nkv) {
                s.kv = xmalloc(s.nkv * sizeof *s.kv);
                memcpy(s.kv, pd->files[i].s.kv, s.nkv * sizeof *s.kv);
            }
            if (usable(&s)) {
                content_sort_strings(&s);
                c->langs[c->nlangs++] = s;
            } else {
                free(s.lang);
                free(s.name);
                free(s.kv);
            }
        } else {
            strings_t s;
            lang_keys(path, stem, keys, &s);
            hand_over(c, &s);
        }
        free(name);
        free(path);
    }
    if (!c->nlangs || strcmp(c->langs[0].lang, "en") != 0)
        ok = false; /* en.ini missing or broken: reported above */
    c->strings_pending = pd;
    free(sdir);
    return ok;
}

/* The strings of v[0..n) whose language is lang, or NULL. */
static strings_t *held(strings_t *v, size_t n, const char *lang)
{
    for (size_t i = 0; lang && i < n; i++)
        if (v[i].lang && strcmp(v[i].lang, lang) == 0)
            return &v[i];
    return NULL;
}

/* Free a file of pd: one read in full at first and handed over shares its
 * texts with c. */
static void pending_file_free(strings_pending_t *pd, size_t i)
{
    lang_file_t *f = &pd->files[i];
    if (pd->full[i] && usable(&f->s)) {
        free(f->s.kv);
        free(f->s.lang);
        free(f->s.name);
        memset(&f->s, 0, sizeof f->s);
    } else {
        strings_free(&f->s);
    }
    lang_file_free(f);
}

static void pending_free(strings_pending_t *pd)
{
    free(pd->files);
    free(pd->full);
    for (size_t i = 0; i + 1 < pd->nfiles; i++)
        free(pd->stems[i]);
    free(pd->stems);
    free(pd);
}

bool content_load_strings_finish(const char *dir, content_t *c, diag_list_t *d)
{
    strings_pending_t *pd = c->strings_pending;
    if (!pd)
        return true;
    c->strings_pending = NULL;
    bool ok = true;
    char *sdir = path_join(dir, "strings");
    for (size_t i = 1; i < pd->nfiles; i++) {
        if (pd->full[i])
            continue;
        char *name = xasprintf("%s.ini", pd->stems[i - 1]);
        char *path = path_join(sdir, name);
        if (!load_lang(path, path, pd->stems[i - 1], &pd->files[i], d))
            ok = false;
        free(name);
        free(path);
    }
    ok &= check_langs(dir, pd->files, pd->nfiles, c, d);
    /* the languages as a whole load gives them: those read in full at
     * first stay as they are (their text may be in use), the others
     * replace what was read of them */
    strings_t *old = c->langs;
    size_t nold = c->nlangs;
    c->langs = xcalloc(pd->nfiles, sizeof *c->langs);
    c->nlangs = 0;
    for (size_t i = 0; i < pd->nfiles; i++) {
        lang_file_t *f = &pd->files[i];
        if (pd->full[i]) {
            strings_t *h = usable(&f->s) ? held(old, nold, f->s.lang) : NULL;
            if (h) {
                c->langs[c->nlangs++] = *h;
                memset(h, 0, sizeof *h);
            }
            pending_file_free(pd, i);
        } else {
            hand_over(c, &f->s);
            lang_file_free(f);
        }
    }
    for (size_t i = 0; i < nold; i++)
        strings_free(&old[i]); /* what was read of the others */
    free(old);
    if (!c->nlangs || strcmp(c->langs[0].lang, "en") != 0)
        ok = false;
    pending_free(pd);
    free(sdir);
    return ok;
}

void content_strings_pending_free(content_t *c)
{
    strings_pending_t *pd = c->strings_pending;
    if (!pd)
        return;
    for (size_t i = 0; i < pd->nfiles; i++)
        pending_file_free(pd, i);
    pending_free(pd);
    c->strings_pending = NULL;
}
