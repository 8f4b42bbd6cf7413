/* content_text.c - the UI's text from the content: strings per language
 * with their fallbacks, plural forms, templates, and number, value and date
 * formatting. See content.h. */
#include "content_internal.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- strings ------------------------------------------------------------- */

const strings_t *content_lang(const content_t *c, const char *lang)
{
    if (!c || !lang)
        return NULL;
    for (size_t i = 0; i < c->nlangs; i++)
        if (strcmp(c->langs[i].lang, lang) == 0)
            return &c->langs[i];
    return NULL;
}

static int kv_cmp(const void *a, const void *b)
{
    return strcmp(((const kv_t *)a)->key, ((const kv_t *)b)->key);
}

/* The value of key in one language (its kv are sorted by key), or NULL. */
static const char *lang_get(const strings_t *s, const char *key)
{
    if (!s || !s->nkv)
        return NULL;
    kv_t k = {(char *)key, NULL};
    const kv_t *hit = bsearch(&k, s->kv, s->nkv, sizeof *s->kv, kv_cmp);
    return hit ? hit->value : NULL;
}

static const char *forms_fallback(const content_t *c, const char *key)
{
    if (strcmp(key, "consent.text") == 0)
        return c->forms.consent_text;
    if (strcmp(key, "consent.version") == 0)
        return c->forms.consent_version;
    if (strncmp(key, "choice.", 7) == 0) {
        const char *id = key + 7;
        const choice_t *lists[] = {c->forms.topics, c->forms.interests, c->forms.languages};
        size_t counts[] = {c->forms.ntopics, c->forms.ninterests, c->forms.nlanguages};
        for (size_t l = 0; l < 3; l++)
            for (size_t i = 0; i < counts[l]; i++)
                if (strcmp(lists[l][i].id, id) == 0)
                    return lists[l][i].label;
    }
    return NULL;
}

const char *content_text(const content_t *c, const char *lang, const char *key)
{
    if (!key)
        return "";
    if (!c)
        return key;
    const char *v = lang_get(content_lang(c, lang), key);
    if (!v)
        v = lang_get(content_lang(c, "en"), key);
    if (!v)
        v = forms_fallback(c, key);
    return v ? v : key;
}

/* key's form for n in one language: KEY_one for exactly 1 when there is
 * one, else KEY_other; NULL when the language has neither. */
static const char *count_form(const strings_t *s, const char *key, long long n)
{
    char k[160];
    const char *v = NULL;
    if (n == 1) {
        snprintf(k, sizeof k, "%s_one", key);
        v = lang_get(s, k);
    }
    if (!v) {
        snprintf(k, sizeof k, "%s_other", key);
        v = lang_get(s, k);
    }
    return v;
}

const char *content_text_count(const content_t *c, const char *lang, const char *key, long long n)
{
    if (!key)
        return "";
    const char *v = c ? count_form(content_lang(c, lang), key, n) : NULL;
    if (!v && c)
        v = count_form(content_lang(c, "en"), key, n);
    /* Neither form anywhere: a strings file from before counts had forms
     * may still have the plain key (one wording for every count); else the
     * key itself, visible, as content_text does. */
    return v ? v : c ? content_text(c, lang, key) : key;
}

const char *content_choice_label(const content_t *c, const char *lang, const choice_t *ch)
{
    if (!ch)
        return "";
    char key[160];
    snprintf(key, sizeof key, "choice.%s", ch->id);
    const char *v = lang_get(content_lang(c, lang), key);
    return v ? v : ch->label;
}

const char *content_consent_text(const content_t *c, const char *lang)
{
    if (!c)
        return "";
    const strings_t *s = content_lang(c, lang);
    const char *v = lang_get(s, "consent.text"), *ver = lang_get(s, "consent.version");
    /* A translation of another version of the text must not be agreed to. */
    if (v && ver && c->forms.consent_version && strcmp(ver, c->forms.consent_version) == 0)
        return v;
    return c->forms.consent_text ? c->forms.consent_text : "";
}

void content_sort_strings(strings_t *s)
{
    if (s->nkv > 1)
        qsort(s->kv, s->nkv, sizeof *s->kv, kv_cmp);
}

/* ---- formatting ------------------------------------------------------------- */

/* Append src to buf (size n) at *w, never past n - 1; *need counts the
 * whole length. */
static void put(char *buf, size_t n, size_t *w, size_t *need, const char *src, size_t len)
{
    *need += len;
    if (!n || *w + 1 >= n)
        return;
    size_t room = n - 1 - *w;
    if (len > room) {
        len = room;
        /* never cut a UTF-8 sequence in half */
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(buf + *w, src, len);
    *w += len;
    buf[*w] = '\0';
}

/* The var named at p ("{name}..."), or NULL. */
static const content_var_t *var_at(const char *p, const content_var_t *vars, size_t nvars)
{
    const char *e = strchr(p, '}');
    if (!e)
        return NULL;
    size_t l = (size_t)(e - p - 1);
    for (size_t i = 0; i < nvars; i++)
        if (strlen(vars[i].name) == l && strncmp(p + 1, vars[i].name, l) == 0)
            return &vars[i];
    return NULL;
}

size_t content_subst_vars(const char *tmpl, const char *const *args, size_t nargs, const content_var_t *vars,
                          size_t nvars, char *buf, size_t n)
{
    size_t w = 0, need = 0, next = 0;
    if (buf && n)
        buf[0] = '\0';
    else
        n = 0;
    for (const char *p = tmpl ? tmpl : ""; *p;) {
        const content_var_t *v;
        if (p[0] == '%' && p[1] == 's') {
            const char *a = next < nargs && args[next] ? args[next] : "";
            next++;
            put(buf, n, &w, &need, a, strlen(a));
            p += 2;
        } else if (p[0] == '%' && p[1] == '%') {
            put(buf, n, &w, &need, "%", 1);
            p += 2;
        } else if (p[0] == '{' && (v = var_at(p, vars, nvars)) != NULL) {
            const char *val = v->value ? v->value : "";
            put(buf, n, &w, &need, val, strlen(val));
            p += strlen(v->name) + 2;
        } else {
            const char *q = p + 1;
            while (*q && *q != '%' && *q != '{')
                q++;
            put(buf, n, &w, &need, p, (size_t)(q - p));
            p = q;
        }
    }
    return need;
}

void content_subst(const char *tmpl, const char *const *args, size_t nargs, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    content_subst_vars(tmpl, args, nargs, NULL, 0, buf, n);
}

size_t content_subst_nargs(const char *tmpl)
{
    size_t k = 0;
    for (const char *p = tmpl ? tmpl : ""; *p; p++)
        if (p[0] == '%' && (p[1] == 's' || p[1] == '%'))
            k += p[1] == 's', p++;
    return k;
}

void content_text_args(const content_t *c, const char *lang, const char *key,
                       const char *const *args, size_t nargs, char *buf, size_t n)
{
    content_subst(content_text(c, lang, key), args, nargs, buf, n);
}

void content_format_number(const content_t *c, const char *lang, double v, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    const char *sep = content_text(c, lang, "number.thousands_sep");
    const char *dot = content_text(c, lang, "number.decimal_point");
    if (strcmp(sep, "number.thousands_sep") == 0)
        sep = ",";
    if (strcmp(dot, "number.decimal_point") == 0)
        dot = ".";
    char digits[64];
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, n, "%g", v);
        return;
    }
    /* at most two decimals, trailing zeros dropped: 2737, 1.5, 0.25 */
    snprintf(digits, sizeof digits, "%.2f", fabs(v));
    char *point = strchr(digits, '.');
    char *frac = NULL;
    if (point) {
        *point = '\0';
        frac = point + 1;
        size_t fl = strlen(frac);
        while (fl > 0 && frac[fl - 1] == '0')
            frac[--fl] = '\0';
        if (!fl)
            frac = NULL;
    }
    bool neg = v < 0 && (strcmp(digits, "0") != 0 || frac);
    size_t w = 0, need = 0;
    buf[0] = '\0';
    if (neg)
        put(buf, n, &w, &need, "-", 1);
    size_t il = strlen(digits);
    for (size_t i = 0; i < il; i++) {
        if (i > 0 && (il - i) % 3 == 0)
            put(buf, n, &w, &need, sep, strlen(sep));
        put(buf, n, &w, &need, digits + i, 1);
    }
    if (frac) {
        put(buf, n, &w, &need, dot, strlen(dot));
        put(buf, n, &w, &need, frac, strlen(frac));
    }
}

void content_format_value(const content_t *c, const char *lang, const stat_t *s, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    if (!s) {
        buf[0] = '\0';
        return;
    }
    char num[96];
    content_format_number(c, lang, s->value, num, sizeof num);
    const char *key = s->approx == APPROX_ABOUT       ? "approx.about"
                      : s->approx == APPROX_MORE_THAN ? "approx.more_than"
                      : s->approx == APPROX_AT_LEAST  ? "approx.at_least"
                                                      : NULL;
    if (!key) {
        size_t w = 0, need = 0;
        buf[0] = '\0';
        put(buf, n, &w, &need, num, strlen(num));
        return;
    }
    const char *tmpl = content_text(c, lang, key);
    if (strcmp(tmpl, key) == 0 || !strstr(tmpl, "%s")) {
        /* No usable marker text: still never show an approximate figure as exact. */
        static const char *const fallback[] = {"", "about %s", "more than %s", "at least %s"};
        tmpl = fallback[s->approx];
    }
    const char *args[] = {num};
    content_subst(tmpl, args, 1, buf, n);
}

size_t content_format_date(const content_t *c, const char *lang, const char *key,
                           int y, int m, int d, char *buf, size_t n)
{
    const char *tmpl = content_text(c, lang, key);
    if (strcmp(tmpl, key) == 0)
        tmpl = "{year}-{month}-{day}";
    char mkey[32], skey[32], ys[16], ms[16], ds[16];
    snprintf(mkey, sizeof mkey, "month.%d", m);
    snprintf(skey, sizeof skey, "month_short.%d", m);
    snprintf(ys, sizeof ys, "%d", y);
    snprintf(ms, sizeof ms, "%d", m);
    snprintf(ds, sizeof ds, "%d", d);
    const content_var_t vars[] = {
        {"year", ys}, {"month", ms}, {"day", ds},
        {"month_name", content_text(c, lang, mkey)}, {"month_short", content_text(c, lang, skey)},
    };
    return content_subst_vars(tmpl, NULL, 0, vars, AGM_ARRAY_LEN(vars), buf, n);
}
