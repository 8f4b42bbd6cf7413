/* formview_internal.h - shared by formview.c (layout, focus, input,
 * controls) and formview_draw.c; not part of the form view's interface. */
#ifndef AGM_FORMVIEW_INTERNAL_H
#define AGM_FORMVIEW_INTERNAL_H

#include "../ui/text.h"
#include "formview.h"

/* Fonts and sizes of a form, from the UI metrics. */
typedef struct {
    font_t label, body, small;
    int lh;        /* body line distance */
    int pad;       /* inside boxes */
    int box_s;     /* check box side */
} fv_style_t;

fv_style_t fv_style(const ui_t *ui);
/* Height of s wrapped at w (0 for NULL or ""). */
int fv_text_h(ui_t *ui, const font_t *f, const char *s, int w, int lh);
/* A line of body text is centred on its line distance by this much. */
int fv_line_pad(gfx_t *g, const fv_style_t *st);
/* Width of an option's label beside its box, in an option cw wide. */
int fv_option_text_w(const ui_t *ui, const fv_style_t *st, int cw);

/* The submit item, or -1. */
int fv_submit_index(const formview_t *fv);
/* A rectangle in content coordinates, where it is on screen now. */
rect_t fv_on_screen(const formview_t *fv, rect_t r);
/* The text area inside field i's box (content coordinates). */
rect_t fv_field_inner(const formview_t *fv, const ui_t *ui, int i);
/* The thank-you card and its button. */
rect_t fv_thanks_button(const formview_t *fv, const ui_t *ui, rect_t *card);
/* Where the cursor is in a laid-out text: the line and x of byte offset cb. */
void fv_cursor_pos(gfx_t *g, const text_layout_t *l, const char *s, size_t cb, int *line, int *x);

#endif
