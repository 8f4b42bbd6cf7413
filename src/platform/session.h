/* session.h - what every way of running the app needs: the content folder,
 * the database, the fonts, and the app itself. Shared by the kiosk window,
 * `render` and `--replay` so they show the same thing. */
#ifndef AGM_PLATFORM_SESSION_H
#define AGM_PLATFORM_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "../config/config.h"
#include "../content/content.h"
#include "../store/store.h"
#include "../ui/app.h"
#include "fonts.h"

typedef struct {
    content_t content;
    store_t *store;        /* NULL when collection is off or the database failed */
    char *store_notice;
    fonts_t *fonts;
    app_t *app;
    const config_t *cfg;
    char *db_later;        /* the database session_finish() opens, or NULL */
} session_t;

/* Load the content (problems are logged: the screens show what did load),
 * open the database at db_path when it is not NULL and cfg->collect (a
 * failure is logged, the kiosk runs without collection), load the fonts (a
 * missing file is logged by name), and create the app at clock now.
 * Returns false, after printing why on stderr, only when no font at all
 * can be loaded. session_close accepts a zeroed or failed session. */
bool session_open(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now);

/* session_open() for the kiosk's window: only what the first screen needs
 * (content_load_first): of the content in other languages, and in the
 * kiosk's own mode, whose first screen is the attract loop, of the content
 * only what its first card shows; the database is then opened later too.
 * session_finish() loads the rest, logging its problems, and opens the
 * database once the first frame is shown. */
bool session_open_first(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now);
void session_finish(session_t *s);
void session_close(session_t *s);

#endif
