/* formview_screen.c - the screen hooks of a form screen whose state begins
 * with its formview_t (FORMVIEW_SCREEN_HOOKS in formview.h). */
#include "formview.h"

void formview_screen_layout(ui_t *ui, void *st)
{
    (void)ui;
    formview_invalidate(st);
}

bool formview_screen_activate(ui_t *ui, void *st, const char *id)
{
    return formview_activate(st, ui, id);
}

bool formview_screen_event(ui_t *ui, void *st, const ui_input_t *in)
{
    return formview_event(st, ui, in);
}

bool formview_screen_claims(ui_t *ui, void *st, int x, int y)
{
    (void)ui;
    return formview_claims(st, x, y);
}

bool formview_screen_update(ui_t *ui, void *st)
{
    return formview_update(st, ui);
}

int formview_screen_wait_ms(ui_t *ui, void *st)
{
    return formview_wait_ms(st, ui);
}

void formview_screen_draw(ui_t *ui, void *st, gfx_t *g)
{
    formview_draw(st, ui, g);
}

size_t formview_screen_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    return formview_controls(st, ui, out, max);
}
