#include "question.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

void forms_free_wiped(char *s)
{
    if (!s)
        return;
    volatile char *v = s;
    while (*v)
        *v++ = 0;
    free(s);
}

/* White space at the edges: ASCII space, TAB, CR, LF and the ideographic
 * space a Japanese keyboard types (E3 80 80). */
static size_t trim_lead(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        else if (i + 3 <= n && memcmp(s + i, "\xe3\x80\x80", 3) == 0)
            i += 3;
        else
            return i;
    }
}

static size_t trim_tail(const char *s, size_t n, size_t start)
{
    for (;;) {
        if (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        else if (n >= start + 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            return n;
    }
}

char *forms_trim_dup(const char *s)
{
    size_t n = strlen(s);
    size_t a = trim_lead(s, n);
    size_t b = trim_tail(s, n, a);
    return xstrndup(s + a, b - a);
}

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
}

void question_form_clear(question_form_t *q)
{
    textfield_clear(&q->text);
    textfield_clear(&q->name);
    q->topic = -1;
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
    char *text = forms_trim_dup(textfield_text(&q->text));
    char *name = forms_trim_dup(textfield_text(&q->name));
    question_in_t in = {
        .text = text,
        .name = name,
        .topic = question_form_topic_id(q),
        .lang = lang && *lang ? lang : "en",
    };
    store_receipt_t rec;
    store_rc_t rc = store_add_question(s, &in, out ? out : &rec);
    forms_free_wiped(text);
    forms_free_wiped(name);
    /* Cleared only once the row is committed: on any failure the attendee
     * keeps the text and can ask a staff member. */
    if (rc == STORE_OK)
        question_form_clear(q);
    return rc;
}
