/* question.h - the "Ask a question" form model (no drawing).
 *
 * The question text is required (1..STORE_MAX_QUESTION_CHARS code points,
 * several lines); the name is optional (empty = anonymous, the default);
 * the topic is optional, one of content->forms.topics. Submit is possible
 * when the text holds something other than white space.
 *
 * Ownership: the form owns its text fields; the content is borrowed and
 * must outlive the form (or be replaced with question_form_set_content). */
#ifndef AGM_QUESTION_H
#define AGM_QUESTION_H

#include <stdbool.h>
#include <stddef.h>

#include "../content/content.h"
#include "../store/store.h"
#include "textfield.h"

typedef struct {
    const content_t *content;   /* borrowed; may be NULL (no topics) */
    textfield_t text;           /* multi-line, STORE_MAX_QUESTION_CHARS */
    textfield_t name;           /* single line, STORE_MAX_FIELD_CHARS */
    int topic;                  /* index into content->forms.topics, -1 = none */
    bool may_show;              /* "you may show my question on the screen during
                                 * Q&A (without my name)"; off by default */
} question_form_t;

void question_form_init(question_form_t *q, const content_t *c);
/* Wipes every field; accepts a zeroed form. */
void question_form_free(question_form_t *q);
/* Forget everything typed or chosen (wiping the memory). */
void question_form_clear(question_form_t *q);
/* Use another content (after a reload): the topic choice is reset. */
void question_form_set_content(question_form_t *q, const content_t *c);

/* Choose topic i (-1 = none); choosing the chosen topic again unchooses it.
 * Out of range is ignored. */
void question_form_toggle_topic(question_form_t *q, int i);
/* The chosen topic's id, or "" for none. */
const char *question_form_topic_id(const question_form_t *q);

/* True when the question may be sent: the text is not only white space
 * (the store's rule, textnorm_blank). */
bool question_form_valid(const question_form_t *q);

/* "123 / 1000" into buf (n bytes). */
void question_form_counter(const question_form_t *q, char *buf, size_t n);

/* Save the question in UI language lang (the store trims the text and the
 * name of surrounding white space, see core/textnorm.h). Returns STORE_INVALID without touching the store when
 * the form is not valid, STORE_IOERR when s is NULL, else what
 * store_add_question returned. Only on STORE_OK is the form cleared;
 * otherwise every field keeps what the attendee typed. */
store_rc_t question_form_submit(question_form_t *q, store_t *s, const char *lang, store_receipt_t *out);

#endif
