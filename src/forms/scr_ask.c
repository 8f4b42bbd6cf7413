/* scr_ask.c - the "Ask a question" screen: question text with a counter,
 * an optional name (anonymous by default), an optional topic, and Send.
 * "Thank you" appears only after the store committed the row; a failure
 * keeps the text and asks the attendee to see a staff member. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "formview.h"
#include "question.h"

typedef struct {
    question_form_t form;
    formview_t fv;
    const content_t *content;    /* the content the topic list was built from */
    char counter[96];
    const char *topic_labels[FV_MAX_OPTS];
    bool topic_on[FV_MAX_OPTS];
    bool failed;                 /* the last submit did not save */
} ask_t;

/* A choice's label in the UI language ("choice.<id>"), else its own. */
static const char *ask_choice_label(const ui_t *ui, const choice_t *c)
{
    char key[128];
    snprintf(key, sizeof key, "choice.%s", c->id ? c->id : "");
    return formview_str(ui, key, c->label ? c->label : (c->id ? c->id : ""));
}

static void ask_build(ui_t *ui, void *owner, formview_t *fv)
{
    ask_t *a = owner;
    question_form_t *q = &a->form;
    formview_item_t *it;
    if (!ui->store) {
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_NOTE, .id = "ask.unavailable", .notice = true,
            .label = formview_str(ui, "error.store_unavailable",
                                  "Questions cannot be saved on this kiosk at the moment. Please ask a staff member.")};
    }
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_NOTE, .id = "ask.intro", .label = ui_str(ui, "ask.intro")};

    char n[24], mx[24];
    snprintf(n, sizeof n, "%zu", textfield_count(&q->text));
    snprintf(mx, sizeof mx, "%zu", q->text.max_chars);
    bool full = textfield_count(&q->text) >= q->text.max_chars;
    const char *count = ui_fmt(ui, "ask.counter", n, mx, (const char *)NULL);
    if (full)
        snprintf(a->counter, sizeof a->counter, "%s, %s", count,
                 formview_str(ui, "ask.limit", "the limit"));
    else
        snprintf(a->counter, sizeof a->counter, "%s", count);
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "ask.text", .label = ui_str(ui, "ask.question"),
        .aside = a->counter, .aside_alert = full, .field = &q->text, .lines = ui->m.portrait ? 7 : 4,
        .placeholder = ui_str(ui, "ask.question_hint")};

    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_FIELD, .id = "ask.name", .label = ui_str(ui, "ask.name"),
        .field = &q->name, .lines = 1, .placeholder = ui_str(ui, "ask.anonymous")};

    const forms_t *forms = a->content ? &a->content->forms : NULL;
    int ntopics = forms ? (int)AGM_MIN(forms->ntopics, (size_t)FV_MAX_OPTS / 2) : 0;
    if (ntopics > 0) {
        for (int i = 0; i < ntopics; i++) {
            a->topic_labels[i] = ask_choice_label(ui, &forms->topics[i]);
            a->topic_on[i] = q->topic == i;
        }
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_CHOICES, .id = "ask.topic", .label = ui_str(ui, "ask.topic"),
            .opts = a->topic_labels, .on = a->topic_on, .nopts = ntopics, .single = true};
    }

    bool valid = question_form_valid(q);
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_SUBMIT, .id = "ask.submit", .label = ui_str(ui, "ask.submit"),
        .enabled = ui->store && valid,
        .status = a->failed ? ui_str(ui, "error.save_failed") : NULL,
        .hint = !ui->store ? formview_str(ui, "error.store_unavailable_short", "Saving is not available.")
                : !valid ? ui_str(ui, "error.question_required") : NULL};
}

static void *ask_create(ui_t *ui)
{
    ask_t *a = xcalloc(1, sizeof *a);
    a->content = ui->content;
    question_form_init(&a->form, ui->content);
    formview_init(&a->fv, ask_build, NULL, a);
    return a;
}

static void ask_destroy(void *st)
{
    ask_t *a = st;
    if (!a)
        return;
    question_form_free(&a->form);
    free(a);
}

static const char *ask_title(ui_t *ui, void *st)
{
    (void)st;
    return ui_str(ui, "ask.title");
}

static void ask_layout(ui_t *ui, void *st)
{
    (void)ui;
    formview_invalidate(&((ask_t *)st)->fv);
}

/* Forget the attendee: every field wiped, nothing of theirs on screen. */
static void ask_forget(ui_t *ui, void *st)
{
    ask_t *a = st;
    question_form_clear(&a->form);
    a->failed = false;
    formview_reset(&a->fv);
    if (a->content != ui->content) {
        a->content = ui->content;
        question_form_set_content(&a->form, ui->content);
    }
}

static void ask_enter(ui_t *ui, void *st)
{
    ask_forget(ui, st);
}

static void ask_submit(ui_t *ui, ask_t *a)
{
    store_receipt_t rec;
    store_rc_t rc = question_form_submit(&a->form, ui->store, ui->lang, &rec);
    if (rc == STORE_OK) {
        log_info("forms", "question saved (seq %lld)", (long long)rec.seq);
        a->failed = false;
        formview_thanks(&a->fv, ui, ui_str(ui, "ask.thanks_title"), ui_str(ui, "ask.thanks"));
    } else {
        /* The attendee's text stays in the form; the reason goes to the log only. */
        log_warn("forms", "question not saved: %s", ui->store ? store_errmsg(ui->store) : "no database");
        a->failed = true;
    }
    formview_invalidate(&a->fv);
}

static bool ask_activate(ui_t *ui, void *st, const char *id)
{
    ask_t *a = st;
    if (formview_activate(&a->fv, ui, id))
        return true;
    if (strncmp(id, "ask.topic.", 10) == 0) {
        question_form_toggle_topic(&a->form, atoi(id + 10));
        formview_invalidate(&a->fv);
        return true;
    }
    if (strcmp(id, "ask.submit") == 0) {
        ask_submit(ui, a);
        return true;
    }
    return false;
}

static bool ask_event(ui_t *ui, void *st, const ui_input_t *in)
{
    return formview_event(&((ask_t *)st)->fv, ui, in);
}

static bool ask_update(ui_t *ui, void *st)
{
    return formview_update(&((ask_t *)st)->fv, ui);
}

static int ask_wait_ms(ui_t *ui, void *st)
{
    return formview_wait_ms(&((ask_t *)st)->fv, ui);
}

static void ask_draw(ui_t *ui, void *st, gfx_t *g)
{
    formview_draw(&((ask_t *)st)->fv, ui, g);
}

static size_t ask_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    return formview_controls(&((ask_t *)st)->fv, ui, out, max);
}

const screen_def_t screen_ask = {
    .name = "ask",
    .bar_title = ask_title,
    .show_back = true,
    .show_home = true,
    .create = ask_create,
    .destroy = ask_destroy,
    .layout = ask_layout,
    .enter = ask_enter,
    .leave = ask_forget,
    .reset = ask_forget,
    .activate = ask_activate,
    .event = ask_event,
    .update = ask_update,
    .wait_ms = ask_wait_ms,
    .draw = ask_draw,
    .controls = ask_controls,
};
