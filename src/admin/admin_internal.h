/* admin_internal.h - the admin screen's state, shared by its logic
 * (scr_admin.c) and its drawing (scr_admin_draw.c); for src/admin/ only. */
#ifndef AGM_ADMIN_INTERNAL_H
#define AGM_ADMIN_INTERNAL_H

#include "../core/util.h"
#include "../ui/widgets.h"
#include "admin_job.h"
#include "admin_media.h"
#include "status.h"

#define ADMIN_ROWS 6
#define ADMIN_ACTIONS 6
#define ADMIN_CONTENT_LINES 3   /* content problems listed by file:line */
#define ADMIN_MODAL_BTNS (ADMIN_MEDIA_MAX + 1)

typedef enum { MODAL_NONE, MODAL_MEDIA, MODAL_WIPE1, MODAL_WIPE2, MODAL_QUIT } modal_t;
typedef enum { NOTE_INFO, NOTE_OK, NOTE_ERROR } note_kind_t;
/* The stick of the last export: nothing to say (none, or pulled), still
 * being finished (an automount not yet unmounted), or safe to remove. */
typedef enum { EJECT_NONE, EJECT_WAIT, EJECT_SAFE } eject_t;

/* Control ids, which are also the keys of their labels in strings/LANG.ini. */
extern const char *const admin_action_ids[ADMIN_ACTIONS];
enum { ACT_EXPORT, ACT_USB, ACT_SLIDESHOW, ACT_MODERATE, ACT_QUIT, ACT_WIPE };

typedef struct {
    bool unlocked;          /* set by the PIN pad; cleared whenever the screen is left */
    bool live;              /* entered unlocked: real figures, real actions */
    /* the facts */
    admin_status_t st;
    bool have_st;
    char rows[ADMIN_ROWS][2][256];  /* label, value */
    strbuf_t problems;
    strbuf_t note;          /* the outcome of the last action */
    note_kind_t note_kind;
    /* the export running, if any */
    admin_job_t *job;
    char job_label[128];
    admin_media_t media;
    /* the stick of the last export, watched until it is pulled */
    char eject_path[512];
    char eject_label[128];
    char eject_text[384];
    bool eject_synced;      /* its file system was synced after the export */
    eject_t eject;
    uint64_t eject_polled;
    modal_t modal;
    char modal_text[512];
    char saved_lang[16];    /* the attendee's language while the organizers' is shown */
    uint64_t meet_version, meet_polled; /* the store's change counter, for the attendance row */
    /* layout */
    rect_t title, close, meeting;
    rect_t row_label[ADMIN_ROWS], row_value[ADMIN_ROWS];
    int row_line;              /* the rows' line height (tighter on a small screen) */
    int spacing10;             /* the lines below them: line height in tenths of the size */
    rect_t problems_box, note_box, eject_box;
    rect_t actions[ADMIN_ACTIONS];
    rect_t card, card_text;
    rect_t mbtn[ADMIN_MODAL_BTNS];
    char mbtn_id[ADMIN_MODAL_BTNS][40];
    const char *mbtn_label[ADMIN_MODAL_BTNS];
    bool mbtn_danger[ADMIN_MODAL_BTNS];
    int nmbtn;
} admin_t;

/* The screen's draw hook (scr_admin_draw.c). */
void admin_draw(ui_t *ui, void *st, gfx_t *g);

#endif
