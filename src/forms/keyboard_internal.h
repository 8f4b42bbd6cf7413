/* keyboard_internal.h - the layout tables (keyboard_layouts.c) as the
 * keyboard's code (keyboard.c) reads them; for src/forms/ only. */
#ifndef AGM_FORMS_KEYBOARD_INTERNAL_H
#define AGM_FORMS_KEYBOARD_INTERNAL_H

#include "keyboard.h"

typedef struct {
    const char *name;
    const kb_key_def_t *rows[KB_MAX_ROWS];
    int lens[KB_MAX_ROWS];
    int nrows;
    int width;           /* in tenths of a key */
    int fit;             /* keys across the screen a key's width is taken from */
    kb_layout_t shifted; /* what shift shows (itself when shift means nothing) */
    kb_layout_t unshifted;
    kb_script_t script;
} kb_layout_def_t;

extern const kb_layout_def_t kb_layouts[KB_LAYOUT_COUNT];

#endif
