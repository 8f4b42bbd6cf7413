/* admin_screen.h - the organizers' screens (registered in screens.def):
 *
 *   "admin_pin"  the PIN pad. The app opens it when a press is held for 3 s
 *                in the top-left corner of any screen (app.c). Large digit
 *                keys, the PIN shown as dots, Delete, Open and Cancel. The
 *                lockout of pin.h applies (5 wrong PINs: 60 s refused), on
 *                the app clock. The check runs in a worker thread
 *                (pin_check.h) while the pad says "Checking…" and keeps
 *                drawing. Without a PIN file it explains how to set one
 *                (`agmkiosk set-pin`) and never opens the admin screen.
 *   "admin"      the admin screen: counts (new since the last export /
 *                total), last export, free space, kiosk id, content and
 *                database problems; Export to USB stick, Switch to
 *                slideshow, Leave the kiosk, Delete collected data. It acts
 *                only when the PIN pad unlocked it; shown any other way
 *                (`render --screen admin`, replays) it is a preview with
 *                sample figures whose buttons do nothing. It locks again
 *                whenever it is left, and the idle timeout closes it.
 *
 *   "admin_usb"  reached from the admin screen's "Load from USB stick":
 *                a content folder from a stick, checked and put in place
 *                atomically with one undo (content_install.h), the content
 *                then reloaded without a restart (ui_reload_content), or
 *                the sealing key (privacy.h). See scr_admin_usb.c.
 *
 * Export writes EXPORT_NEW (only rows not exported before) with the UTF-8
 * BOM (excel) and formula neutralization, in a worker thread (admin_job.h),
 * into the USB stick chosen (admin_media.h). */
#ifndef AGM_ADMIN_SCREEN_H
#define AGM_ADMIN_SCREEN_H

#include <stdbool.h>

#include "../export/export.h"
#include "../ui/screen.h"

/* The PIN pad calls this after a right PIN: the admin screen, when entered
 * next, acts for real. */
void admin_unlock(ui_t *ui);
/* The admin screen calls this before it opens "admin_usb" (loading content
 * or the sealing key from a USB stick): that screen then acts for real. */
void admin_usb_unlock(ui_t *ui);

/* The organizers' screens reached from the admin screen (the attendance
 * register, the hand-counts) speak the organizers' language too ([admin]
 * language): switch to it on entering (the language shown before goes to
 * saved) and back on leaving. */
void admin_lang_enter(ui_t *ui, char saved[16]);
void admin_lang_leave(ui_t *ui, char saved[16]);

/* TEST HOOK, not for the kiosk: passed as export_opts_t.hook to every
 * export the admin screen starts (e.g. to hold the worker until the test
 * has seen the UI keep drawing). NULL ends it. */
void admin_test_set_export_hook(bool (*hook)(export_fault_t at, void *ctx), void *ctx);

#endif
