#include "session.h"

#include "../admin/privacy.h"
#include "../core/log.h"
#include "../core/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t wall_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void log_diags(const char *tag, const diag_list_t *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag_t *x = &d->v[i];
        log_msg(x->severity == DIAG_ERROR ? LOG_ERROR : LOG_WARN, tag, "%s:%d: %s", x->file, x->line, x->msg);
    }
}

static bool open_session(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now,
                         bool defer);

bool session_open(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now)
{
    return open_session(s, cfg, mode, db_path, now, false);
}

bool session_open_first(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now)
{
    return open_session(s, cfg, mode, db_path, now, true);
}

static void open_store(session_t *s, const config_t *cfg, const char *db_path)
{
    char *err = NULL;
    s->store = store_open(db_path, cfg->kiosk_id, &s->store_notice, &err);
    if (!s->store)
        log_error("db", "%s: %s; questions and sign-ups are off", db_path, err ? err : "cannot open");
    if (s->store_notice)
        log_warn("db", "%s", s->store_notice);
    privacy_apply(cfg, s->store, NULL); /* seal personal fields, or refuse when the key is bad */
    free(err);
}

void session_finish(session_t *s)
{
    diag_list_t d = {0};
    bool grown = !content_complete(&s->content);
    content_finish(&s->content, &d);
    log_diags("content", &d);
    diag_free(&d);
    if (grown)
        app_content_finished(s->app);
    if (s->db_later) {
        open_store(s, s->cfg, s->db_later);
        free(s->db_later);
        s->db_later = NULL;
        app_set_store(s->app, s->store, s->store_notice);
    }
}

/* The language the first screen is shown in. */
static const char *first_lang(const config_t *cfg, app_mode_t mode)
{
    if (mode == APP_MODE_SLIDESHOW && cfg->slide_language && *cfg->slide_language)
        return cfg->slide_language;
    return cfg->language && *cfg->language ? cfg->language : "en";
}

static bool open_session(session_t *s, const config_t *cfg, app_mode_t mode, const char *db_path, uint64_t now,
                         bool defer)
{
    memset(s, 0, sizeof *s);
    diag_list_t d = {0};
    s->fonts = fonts_load(cfg->fonts_dir, &d);
    log_diags("fonts", &d);
    diag_free(&d);
    if (!s->fonts) {
        fprintf(stderr, "agmkiosk: no font could be loaded; see the messages above (fonts folder: %s)\n",
                cfg->fonts_dir ? cfg->fonts_dir : "(none)");
        return false;
    }
    /* Bad content never stops the kiosk: what loaded is shown. The kiosk's
     * first screen, the attract loop, shows the event and the invitation
     * in every language: the rest, and the database, come after it. */
    bool attract = defer && mode == APP_MODE_KIOSK;
    s->cfg = cfg;
    char *dir = config_content_path(cfg); /* a folder loaded from a stick, else the bundled one */
    if (defer)
        content_load_first(dir, &s->content, &d, first_lang(cfg, mode), attract);
    else
        content_load(dir, &s->content, &d);
    free(dir);
    log_diags("content", &d);
    diag_free(&d);
    if (db_path && cfg->collect) {
        if (attract)
            s->db_later = xstrdup(db_path);
        else
            open_store(s, cfg, db_path);
    }
    app_init_t init = {
        .cfg = cfg,
        .content = &s->content,
        .store = s->store,
        .store_notice = s->store_notice,
        .mode = mode,
        .now_ms = now,
        .wall_ms = wall_now_ms(),
    };
    s->app = app_create(&init);
    return true;
}

void session_close(session_t *s)
{
    if (!s)
        return;
    app_destroy(s->app);
    store_close(s->store);
    free(s->db_later);
    content_free(&s->content);
    fonts_free(s->fonts);
    free(s->store_notice);
    memset(s, 0, sizeof *s);
}
