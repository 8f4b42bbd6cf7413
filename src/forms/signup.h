/* signup.h - the "Sign up" form model (no drawing).
 *
 * Name (required), email (required, store_email_valid), phone (optional),
 * interests and languages as check boxes from content->forms, a free
 * message (optional), and an explicit consent check box whose version
 * (content->forms.consent_version) is stored with the row. Submit is
 * possible only with a name, a valid email and consent.
 *
 * Sign-up data may belong to people at risk: the form wipes its memory when
 * cleared, and is cleared after a saved submission and when the kiosk goes
 * idle (the screen does that).
 *
 * Ownership: the form owns its fields and check box arrays; the content is
 * borrowed. */
#ifndef AGM_SIGNUP_H
#define AGM_SIGNUP_H

#include <stdbool.h>
#include <stddef.h>

#include "../content/content.h"
#include "../store/store.h"
#include "textfield.h"

typedef enum {
    SIGNUP_READY = 0,
    SIGNUP_NEED_NAME,
    SIGNUP_NEED_EMAIL,
    SIGNUP_BAD_EMAIL,
    SIGNUP_NEED_CONSENT,
    SIGNUP_NO_CONSENT_TEXT,     /* the content has no consent version: cannot sign up */
} signup_problem_t;

typedef struct {
    const content_t *content;   /* borrowed; may be NULL */
    textfield_t name;           /* STORE_MAX_FIELD_CHARS */
    textfield_t email;          /* STORE_MAX_FIELD_CHARS, TF_KIND_EMAIL */
    textfield_t phone;          /* 40, TF_KIND_PHONE */
    textfield_t message;        /* STORE_MAX_MESSAGE_CHARS, multi-line */
    bool *interests;            /* one per content->forms.interests */
    size_t ninterests;
    bool *languages;            /* one per content->forms.languages */
    size_t nlanguages;
    bool consent;
    bool email_checked;         /* the email was left or submit tried: show its error */
} signup_form_t;

void signup_form_init(signup_form_t *f, const content_t *c);
void signup_form_free(signup_form_t *f);      /* wipes; accepts a zeroed form */
void signup_form_clear(signup_form_t *f);     /* forget everything, wiping memory */
void signup_form_set_content(signup_form_t *f, const content_t *c);

void signup_form_toggle_interest(signup_form_t *f, size_t i);  /* out of range ignored */
void signup_form_toggle_language(signup_form_t *f, size_t i);

/* The first thing that keeps the form from being sent. */
signup_problem_t signup_form_problem(const signup_form_t *f);
bool signup_form_valid(const signup_form_t *f);

/* The strings key of the inline message under the email field, or NULL
 * when none is to be shown: "error.email_invalid" once the attendee has
 * left a non-empty, invalid email (email_checked). */
const char *signup_form_email_error(const signup_form_t *f);

/* The chosen ids joined by ';' (caller frees). */
char *signup_form_interests(const signup_form_t *f);
char *signup_form_languages(const signup_form_t *f);

/* Save the sign-up in UI language lang: STORE_INVALID (and email_checked
 * set, so the error shows) when the form is not valid, STORE_IOERR when s
 * is NULL, else what store_add_signup returned. Cleared only on STORE_OK. */
store_rc_t signup_form_submit(signup_form_t *f, store_t *s, const char *lang, store_receipt_t *out);

#endif
