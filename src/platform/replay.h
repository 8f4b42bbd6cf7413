/* replay.h - scripted input driving the real app headless, on a virtual
 * clock (`agmkiosk --replay FILE`; the format is in README.md, "Replay
 * scripts").
 *
 * The script is read and checked as a whole before anything runs; every
 * problem is reported as "FILE:LINE: message". */
#ifndef AGM_PLATFORM_REPLAY_H
#define AGM_PLATFORM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "../config/config.h"
#include "../core/diag.h"
#include "../ui/app.h"

#define REPLAY_MAX_MOVE_MS 60000 /* the longest drag or fling */

typedef enum {
    REPLAY_SIZE,          /* size W H */
    REPLAY_TAP,           /* tap X Y */
    REPLAY_PRESS,         /* press X Y MS */
    REPLAY_DRAG,          /* drag X1 Y1 X2 Y2 MS */
    REPLAY_FLING,         /* fling X1 Y1 X2 Y2 MS */
    REPLAY_KEY,           /* key NAME */
    REPLAY_TEXT,          /* text UTF8 */
    REPLAY_WAIT,          /* wait MS */
    REPLAY_SCREENSHOT,    /* screenshot PATH */
    REPLAY_EXPECT_SCREEN, /* expect-screen NAME */
    REPLAY_SHOW,          /* show NAME: jump to a screen (app_show_screen) */
    REPLAY_TAP_ID,        /* tap ID: the centre of the control listed as ID */
    REPLAY_WHEEL,         /* wheel X Y AMOUNT: v[2] in hundredths of a notch */
    REPLAY_CLOCK,         /* clock HH:MM[:SS]: the wall clock reads that now ([admin] time_zone) */
    REPLAY_PRESENTER_SHOT,/* presenter-screenshot PATH: the presenter view */
    REPLAY_WAIT_REAL,     /* wait-real MS: the clock follows the real one for MS */
    REPLAY_MARK,          /* mark NAME: print "mark NAME MS" (real time, ms since the epoch) */
} replay_op_t;

typedef struct {
    replay_op_t op;
    int v[5];             /* numbers in script order */
    int key, mods;        /* REPLAY_KEY */
    char *str;            /* TEXT, SCREENSHOT, EXPECT_SCREEN, SHOW, TAP_ID */
    int line;
} replay_cmd_t;

typedef struct {
    replay_cmd_t *cmds;
    size_t n, cap;
} replay_script_t;

/* Parse the text of a script (shown as file in messages) into s. Problems
 * go to d as errors with their line; returns true when there are none.
 * replay_free accepts a zeroed or half-parsed script. */
bool replay_parse(const char *text, size_t len, const char *file, replay_script_t *s, diag_list_t *d);
void replay_free(replay_script_t *s);

/* The key code for a replay key name ("left", "enter", "a", "A" = 'a' with
 * shift). Returns false for an unknown name. */
bool replay_key_name(const char *name, int *key, int *mods);

/* Run the script file: `agmkiosk --replay FILE`. Returns the exit status
 * (0 done, 1 an expectation failed or a screenshot could not be written,
 * 2 the script has errors or cannot be read). With frame_stats (a file
 * path, or NULL), every frame the app asks for is drawn as the window loop
 * would, and the time each took (app_update + app_draw + rasterizing, in
 * microseconds) is written to that file, one per line. */
int replay_run_file(const config_t *cfg, const char *path, app_mode_t mode, const char *frame_stats);

#endif
