#include "question.h"

#include <stdio.h>
#include <string.h>

#include "../core/util.h"

void question_form_init(question_form_t *q, const content_t *c)
{
    memset(q, 0, sizeof *q);
    q->content = c;
    q->topic = -1;
    textfield_init(&q->text, TF_KIND_TEXT, STORE_MAX_QUESTION_CHARS, true);
    textfield_init(&q->name, TF_KIND_TEXT, STORE_MAX_FIELD_CHARS, false);
}

void question_form_free(question_form_t *q)
{
    if (!q)
        return;
    textfield_free(&q->text);
    textfield_free(&q->name);
    q->topic = -1;
    q->may_show = false;
}

void question_form_clear(question_form_t *q)
{
    textfield_clear(&q->text);
    textfield_clear(&q->name);
    q->topic = -1;
    q->may_show = false;
}

void question_form_set_content(question_form_t *q, const content_t *c)
{
    q->content = c;
    q->topic = -1;
}

void question_form_toggle_topic(question_form_t *q, int i)
{
    size_t n = q->content ? q->content->forms.ntopics : 0;
    if (i < -1 || (i >= 0 && (size_t)i >= n))
        return;
    q->topic = q->topic == i ? -1 : i;
}

const char *question_form_topic_id(const question_form_t *q)
{
    if (q->topic < 0 || !q->content || (size_t)q->topic >= q->content->forms.ntopics)
        return "";
    const char *id = q->content->forms.topics[q->topic].id;
    return id ? id : "";
}

bool question_form_valid(const question_form_t *q)
{
    return textfield_has_content(&q->text);
}

void question_form_counter(const question_form_t *q, char *buf, size_t n)
{
    snprintf(buf, n, "%zu / %zu", textfield_count(&q->text), q->text.max_chars);
}

store_rc_t question_form_submit(question_form_t *q, store_t *s, const char *lang, store_receipt_t *out)
{
    if (!question_form_valid(q))
        return STORE_INVALID;
    if (!s)
        return STORE_IOERR;
    /* The store cleans and trims what it is given (core/textnorm.h). */
    question_in_t in = {
        .text = textfield_text(&q->text),
        .name = textfield_text(&q->name),
        .topic = question_form_topic_id(q),
        .lang = lang && *lang ? lang : "en",
        .may_show = q->may_show,
    };
    store_receipt_t rec;
    store_rc_t rc = store_add_question(s, &in, out ? out : &rec);
    /* Cleared only once the row is committed: on any failure the attendee
     * keeps the text and can ask a staff member. */
    if (rc == STORE_OK)
        question_form_clear(q);
    return rc;
}
