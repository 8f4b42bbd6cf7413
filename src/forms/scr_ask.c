/* scr_ask.c - the "Ask a question" screen: question text with a counter,
 * an optional name (anonymous by default), an optional topic, and Send.
 * "Thank you" appears only after the store committed the row; a failure
 * keeps the text and asks the attendee to see a staff member. */
#include <stdio.h>
#include <stdlib.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "formview.h"
#include "question.h"

/* The formview comes first: the FORMVIEW_SCREEN_HOOKS find it there. */
typedef struct {
    formview_t fv;
    question_form_t form;
    const content_t *content;    /* the content the topic list was built from */
    char counter[96];
    const char *topic_labels[FV_MAX_OPTS];
    bool topic_on[FV_MAX_OPTS];
    bool failed;                 /* the last submit did not save */
    const char *show_label[1];
    bool show_on[1];
    long long asked;             /* questions on this kiosk (public), -1 unknown */
    char so_far[160];
} ask_t;

/* The public count of questions: read when the screen opens and after a
 * submit, never per frame. Nothing else of anyone's question is shown. */
static void ask_recount(ui_t *ui, ask_t *a)
{
    a->asked = ui->store ? (long long)store_question_count(ui->store) : -1;
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
    if (a->asked > 0) {
        it = &fv->items[fv->nitems++];
        snprintf(a->so_far, sizeof a->so_far, "%s", ui_count(ui, "ask.so_far", a->asked));
        *it = (formview_item_t){.kind = FV_NOTE, .id = "ask.so_far", .label = a->so_far};
    }

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
            a->topic_labels[i] = formview_choice_label(ui, &forms->topics[i]);
            a->topic_on[i] = q->topic == i;
        }
        it = &fv->items[fv->nitems++];
        *it = (formview_item_t){.kind = FV_CHOICES, .id = "ask.topic", .label = ui_str(ui, "ask.topic"),
            .opts = a->topic_labels, .on = a->topic_on, .nopts = ntopics, .single = true};
    }

    a->show_label[0] = ui_str(ui, "ask.may_show");
    a->show_on[0] = q->may_show;
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_CHOICES, .id = "ask.show", .label = ui_str(ui, "ask.may_show_title"),
        .opts = a->show_label, .on = a->show_on, .nopts = 1};

    bool valid = question_form_valid(q);
    it = &fv->items[fv->nitems++];
    *it = (formview_item_t){.kind = FV_SUBMIT, .id = "ask.submit", .label = ui_str(ui, "ask.submit"),
        .enabled = ui->store && valid,
        .status = a->failed ? ui_str(ui, "error.save_failed") : NULL,
        .hint = !ui->store ? formview_str(ui, "error.store_unavailable_short", "Saving is not available.")
                : !valid ? ui_str(ui, "error.question_required") : NULL};
}

static void ask_submit(ui_t *ui, ask_t *a)
{
    store_receipt_t rec;
    store_rc_t rc = question_form_submit(&a->form, ui->store, ui->lang, &rec);
    if (rc == STORE_OK) {
        log_info("forms", "question saved (seq %lld)", (long long)rec.seq);
        a->failed = false;
        ask_recount(ui, a);
        formview_thanks(&a->fv, ui, ui_str(ui, "ask.thanks_title"), ui_str(ui, "ask.thanks"));
    } else {
        /* The attendee's text stays in the form; the reason goes to the log only. */
        log_warn("forms", "question not saved: %s", ui->store ? store_errmsg(ui->store) : "no database");
        a->failed = true;
    }
}

/* The view toggled a topic (topic_on, one at most) or Send was tapped. */
static void ask_changed(ui_t *ui, void *owner, const formview_item_t *it)
{
    ask_t *a = owner;
    if (it->kind == FV_SUBMIT) {
        ask_submit(ui, a);
        return;
    }
    if (it->on == a->show_on) {
        a->form.may_show = a->show_on[0];
        return;
    }
    a->form.topic = -1;
    for (int i = 0; i < it->nopts; i++)
        if (it->on[i])
            a->form.topic = i;
}

static void *ask_create(ui_t *ui)
{
    ask_t *a = xcalloc(1, sizeof *a);
    a->content = ui->content;
    question_form_init(&a->form, ui->content);
    ask_recount(ui, a);
    formview_init(&a->fv, ask_build, NULL, ask_changed, a);
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

/* Forget the attendee: every field wiped, nothing of theirs on screen. */
static void ask_forget(ui_t *ui, void *st)
{
    ask_t *a = st;
    question_form_clear(&a->form);
    a->failed = false;
    ask_recount(ui, a);
    formview_reset(&a->fv);
    if (a->content != ui->content) {
        a->content = ui->content;
        question_form_set_content(&a->form, ui->content);
    }
}

const screen_def_t screen_ask = {
    .name = "ask",
    .bar_title = ask_title,
    .show_back = true,
    .show_home = true,
    .create = ask_create,
    .destroy = ask_destroy,
    .enter = ask_forget,
    .leave = ask_forget,
    .reset = ask_forget,
    FORMVIEW_SCREEN_HOOKS,
};
