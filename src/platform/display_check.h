/* display_check.h - decisions about the display that SDL 2's KMSDRM leaves
 * to the program: when a presenter view on a second display can work, which
 * of SDL's log messages mean the picture never reached the screen, and when
 * a portrait panel is probably mounted the wrong way. */
#ifndef AGM_PLATFORM_DISPLAY_CHECK_H
#define AGM_PLATFORM_DISPLAY_CHECK_H

#include <stdbool.h>

/* SDL before 2.30.10 draws every KMSDRM window on the first display's CRTC
 * (SDL pull request 10535): a second window there cannot work. Other video
 * drivers (X11, Wayland) place windows themselves. */
bool display_presenter_possible(const char *video_driver, int major, int minor, int patch);

/* True for SDL's video log messages that mean the mode could not be set or
 * a frame could not be shown (another program holds the display): the
 * screen stays black while SDL carries on. */
bool display_failure_message(bool video_category, const char *msg);

/* A portrait panel (taller than wide) at rotation 0: Touch Display 2 is
 * natively 720x1280, and mounted landscape it needs rotation 90 or 270. */
bool display_portrait_unrotated(int panel_w, int panel_h, int rotation);

#endif
