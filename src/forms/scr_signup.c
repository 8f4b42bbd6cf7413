/* scr_signup.c - the "Sign up" screen: name, email (checked inline), phone,
 * interests, languages, a message, and explicit consent to a versioned
 * text. Submit is enabled only with a name, a valid email and consent;
 * "Thank you" appears only after the store committed the row. */
#include <stdlib.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "formview.h"
#include "signup.h"

#define SU_MAX_CHOICES (FV_MAX_OPTS / 2)

/* The formview comes first: the FORMVIEW_SCREEN_HOOKS find it there. */
typedef struct {
    formview_t fv;
    signup_form_t form;
    const content_t *content;
    const char *interest_labels[SU_MAX_CHOICES];
    const char *language_labels[SU_MAX_CHOICES];
    bool failed;
} signup_t;

static const char *su_hint(const ui_t *ui, signup_problem_t p)
{
    switch (p) {
    case SIGNUP_NEED_NAME: return ui_str(ui, "error.name_required");
    case SIGNUP_NEED_EMAIL: return ui_str(ui, "error.email_required");
    case SIGNUP_BAD_EMAIL: return ui_str(ui, "error.email_invalid");
    case SIGNUP_NEED_CONSENT: return ui_str(ui, "error.consent_required");
    case SIGNUP_NO_CONSENT_TEXT: return ui_str(ui, "error.content");
    case SIGNUP_READY: break;
    }
    return NULL;
}

static void su_build(ui_t *ui, void *owner, formview_t *fv)
{
    signup_t *s = owner;
    signup_form_t *f = &s->form;
    const forms_t *forms = s->content ? &s->content->forms : NULL;
    const char *req = ui_str(ui, "form.required");
    formview_item_t *it;
    if (!ui->store) {
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_NOTE, .id = "signup.unavailable", .notice = true,
            .label = formview_str(ui, "error.store_unavailable",
                                  "Sign-ups cannot be saved on this kiosk at the moment. Please ask a staff member.")};
    }
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_NOTE, .id = "signup.intro", .label = ui_str(ui, "signup.intro")};

    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "signup.name", .label = ui_str(ui, "signup.name"),
        .aside = req, .field = &f->name, .lines = 1};
    const char *err = signup_form_email_error(f);
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "signup.email", .label = ui_str(ui, "signup.email"),
        .aside = req, .field = &f->email, .lines = 1, .placeholder = "name@example.org",
        .error = err ? ui_str(ui, err) : NULL};
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "signup.phone", .label = ui_str(ui, "signup.phone"),
        .field = &f->phone, .lines = 1};

    int ni = (int)AGM_MIN(f->ninterests, (size_t)SU_MAX_CHOICES);
    if (ni > 0) {
        for (int i = 0; i < ni; i++)
            s->interest_labels[i] = formview_choice_label(ui, &forms->interests[i]);
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_CHOICES, .id = "signup.interest", .label = ui_str(ui, "signup.interests"),
            .opts = s->interest_labels, .on = f->interests, .nopts = ni};
    }
    int nl = (int)AGM_MIN(f->nlanguages, (size_t)SU_MAX_CHOICES);
    if (nl > 0) {
        for (int i = 0; i < nl; i++)
            s->language_labels[i] = formview_choice_label(ui, &forms->languages[i]);
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_CHOICES, .id = "signup.language", .label = ui_str(ui, "signup.languages"),
            .opts = s->language_labels, .on = f->languages, .nopts = nl};
    }
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "signup.message", .label = ui_str(ui, "signup.message"),
        .field = &f->message, .lines = 3};

    /* A translation made for an older consent version is not shown as if it
     * said what the person now agrees to: content_consent_text falls back to
     * the current English text then. */
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_CONSENT, .id = "signup.consent", .label = ui_str(ui, "signup.consent_title"),
        .aside = req, .text = content_consent_text(ui->content, ui->lang), .check_label = ui_str(ui, "signup.consent"),
        .checked = &f->consent};

    signup_problem_t p = signup_form_problem(f);
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_SUBMIT, .id = "signup.submit", .label = ui_str(ui, "signup.submit"),
        .enabled = ui->store && p == SIGNUP_READY,
        .status = s->failed ? ui_str(ui, "error.save_failed") : NULL,
        .hint = ui->store ? su_hint(ui, p) : formview_str(ui, "error.store_unavailable_short", "Saving is not available.")};
}

static void su_blur(ui_t *ui, void *owner, textfield_t *f)
{
    (void)ui;
    signup_t *s = owner;
    /* The email is checked once the attendee moves on from it, not while
     * they are still typing it. */
    if (f == &s->form.email)
        s->form.email_checked = true;
}

static void su_submit(ui_t *ui, signup_t *s)
{
    store_receipt_t rec;
    store_rc_t rc = signup_form_submit(&s->form, ui->store, ui->lang, &rec);
    if (rc == STORE_OK) {
        log_info("forms", "sign-up saved (seq %lld)", (long long)rec.seq);
        s->failed = false;
        formview_thanks(&s->fv, ui, ui_str(ui, "signup.thanks_title"), ui_str(ui, "signup.thanks"));
    } else if (rc != STORE_INVALID || signup_form_valid(&s->form)) {
        log_warn("forms", "sign-up not saved: %s", ui->store ? store_errmsg(ui->store) : "no database");
        s->failed = true;
    }
}

/* The view toggled an interest, a language or the consent in the form's
 * own flags; only Send needs the screen. */
static void su_changed(ui_t *ui, void *owner, const formview_item_t *it)
{
    if (it->kind == FV_SUBMIT)
        su_submit(ui, owner);
}

static void *su_create(ui_t *ui)
{
    signup_t *s = xcalloc(1, sizeof *s);
    s->content = ui->content;
    signup_form_init(&s->form, ui->content);
    formview_init(&s->fv, su_build, su_blur, su_changed, s);
    return s;
}

static void su_destroy(void *st)
{
    signup_t *s = st;
    if (!s)
        return;
    signup_form_free(&s->form);
    free(s);
}

static const char *su_title(ui_t *ui, void *st)
{
    (void)st;
    return ui_str(ui, "signup.title");
}

static void su_forget(ui_t *ui, void *st)
{
    signup_t *s = st;
    signup_form_clear(&s->form);
    s->failed = false;
    formview_reset(&s->fv);
    if (s->content != ui->content) {
        s->content = ui->content;
        signup_form_set_content(&s->form, ui->content);
    }
}

const screen_def_t screen_signup = {
    .name = "signup",
    .bar_title = su_title,
    .show_back = true,
    .show_home = true,
    .create = su_create,
    .destroy = su_destroy,
    .enter = su_forget,
    .leave = su_forget,
    .reset = su_forget,
    FORMVIEW_SCREEN_HOOKS,
};
