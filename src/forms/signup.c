#include "signup.h"

#include <stdlib.h>
#include <string.h>

#include "../core/textnorm.h"
#include "../core/util.h"

#define SIGNUP_MAX_PHONE 40

static void signup_alloc_choices(signup_form_t *f)
{
    free(f->interests);
    free(f->languages);
    f->ninterests = f->content ? f->content->forms.ninterests : 0;
    f->nlanguages = f->content ? f->content->forms.nlanguages : 0;
    /* One extra so an empty list is still a valid allocation. */
    f->interests = xcalloc(f->ninterests + 1, sizeof *f->interests);
    f->languages = xcalloc(f->nlanguages + 1, sizeof *f->languages);
}

void signup_form_init(signup_form_t *f, const content_t *c)
{
    memset(f, 0, sizeof *f);
    f->content = c;
    textfield_init(&f->name, TF_KIND_TEXT, STORE_MAX_FIELD_CHARS, false);
    textfield_init(&f->email, TF_KIND_EMAIL, STORE_MAX_FIELD_CHARS, false);
    textfield_init(&f->phone, TF_KIND_PHONE, SIGNUP_MAX_PHONE, false);
    textfield_init(&f->message, TF_KIND_TEXT, STORE_MAX_MESSAGE_CHARS, true);
    signup_alloc_choices(f);
}

void signup_form_free(signup_form_t *f)
{
    if (!f)
        return;
    textfield_free(&f->name);
    textfield_free(&f->email);
    textfield_free(&f->phone);
    textfield_free(&f->message);
    free(f->interests);
    free(f->languages);
    f->interests = f->languages = NULL;
    f->ninterests = f->nlanguages = 0;
    f->consent = f->email_checked = false;
}

void signup_form_clear(signup_form_t *f)
{
    textfield_clear(&f->name);
    textfield_clear(&f->email);
    textfield_clear(&f->phone);
    textfield_clear(&f->message);
    if (f->interests)
        memset(f->interests, 0, f->ninterests * sizeof *f->interests);
    if (f->languages)
        memset(f->languages, 0, f->nlanguages * sizeof *f->languages);
    f->consent = false;
    f->email_checked = false;
}

void signup_form_set_content(signup_form_t *f, const content_t *c)
{
    f->content = c;
    signup_alloc_choices(f);
}

void signup_form_toggle_interest(signup_form_t *f, size_t i)
{
    if (i < f->ninterests)
        f->interests[i] = !f->interests[i];
}

void signup_form_toggle_language(signup_form_t *f, size_t i)
{
    if (i < f->nlanguages)
        f->languages[i] = !f->languages[i];
}

signup_problem_t signup_form_problem(const signup_form_t *f)
{
    if (!f->content || !f->content->forms.consent_version || !*f->content->forms.consent_version)
        return SIGNUP_NO_CONSENT_TEXT;
    if (!textfield_has_content(&f->name))
        return SIGNUP_NEED_NAME;
    if (textfield_empty(&f->email))
        return SIGNUP_NEED_EMAIL;
    if (!store_email_valid(textfield_text(&f->email)))
        return SIGNUP_BAD_EMAIL;
    if (!f->consent)
        return SIGNUP_NEED_CONSENT;
    return SIGNUP_READY;
}

bool signup_form_valid(const signup_form_t *f)
{
    return signup_form_problem(f) == SIGNUP_READY;
}

const char *signup_form_email_error(const signup_form_t *f)
{
    if (!f->email_checked || textfield_empty(&f->email))
        return NULL;
    return store_email_valid(textfield_text(&f->email)) ? NULL : "error.email_invalid";
}

static char *signup_join(const choice_t *choices, const bool *on, size_t n)
{
    strbuf_t b = {0};
    sb_append(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (!on[i] || !choices[i].id)
            continue;
        if (b.len)
            sb_appendc(&b, ';');
        sb_append(&b, choices[i].id);
    }
    return sb_steal(&b);
}

char *signup_form_interests(const signup_form_t *f)
{
    return signup_join(f->content ? f->content->forms.interests : NULL, f->interests, f->ninterests);
}

char *signup_form_languages(const signup_form_t *f)
{
    return signup_join(f->content ? f->content->forms.languages : NULL, f->languages, f->nlanguages);
}

store_rc_t signup_form_submit(signup_form_t *f, store_t *s, const char *lang, store_receipt_t *out)
{
    if (!signup_form_valid(f)) {
        f->email_checked = true;
        return STORE_INVALID;
    }
    if (!s)
        return STORE_IOERR;
    char *interests = signup_form_interests(f);
    char *languages = signup_form_languages(f);
    /* The store cleans and trims what it is given (core/textnorm.h). */
    signup_in_t in = {
        .name = textfield_text(&f->name),
        .email = textfield_text(&f->email),
        .phone = textfield_text(&f->phone),
        .interests = interests,
        .languages = languages,
        .message = textfield_text(&f->message),
        .lang = lang && *lang ? lang : "en",
        .consent_version = f->content->forms.consent_version,
    };
    store_receipt_t rec;
    store_rc_t rc = store_add_signup(s, &in, out ? out : &rec);
    textnorm_free(interests);
    textnorm_free(languages);
    if (rc == STORE_OK)
        signup_form_clear(f);
    return rc;
}
