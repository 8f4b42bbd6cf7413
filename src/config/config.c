#include "config.h"

#include "../core/tz.h"
#include "../core/ini.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef AGM_PREFIX
#define AGM_PREFIX "/usr/local"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void config_set(char **field, const char *value)
{
    free(*field);
    *field = xstrdup(value);
}

void config_defaults(config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->content_dir = xstrdup(is_dir("content") ? "content" : AGM_PREFIX "/share/agmkiosk/content");
    cfg->fonts_dir = xstrdup(is_dir("fonts") ? "fonts" : AGM_PREFIX "/share/agmkiosk/fonts");
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        cfg->data_dir = xasprintf("%s/agmkiosk", xdg);
    else if (home && *home)
        cfg->data_dir = xasprintf("%s/.local/share/agmkiosk", home);
    else
        cfg->data_dir = xstrdup("/var/lib/agmkiosk");
    char host[256] = "kiosk";
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
        strcpy(host, "kiosk");
    host[sizeof host - 1] = '\0';
    cfg->kiosk_id = xstrdup(host);
    cfg->idle_timeout_s = 90;
    cfg->attract_interval_s = 10;
    cfg->language = xstrdup("en");
    cfg->collect = true;
    cfg->fullscreen = true;
    cfg->width = 1280;
    cfg->height = 800;
    cfg->rotation = 0;
    cfg->output = xstrdup("auto");
    cfg->slide_interval_s = 0;
    cfg->slide_loop = false;
    cfg->transition = TRANSITION_FADE;
    cfg->transition_ms = 300;
    cfg->slide_progress = true;
    cfg->slide_min_text_pct10 = 35;
    cfg->presenter_display = -1;
    cfg->talk_duration_s = 0;
    cfg->talk_end_min = -1;
    cfg->speaking_s = 0;
    cfg->clock_amber_s = 300;
    cfg->clock_red_s = 60;
    cfg->slide_language = xstrdup("");
    cfg->seal_question_name = true;
    cfg->seal_question_text = true;
}

bool config_parse_size(const char *s, int *w, int *h)
{
    int a, b;
    char tail;
    if (sscanf(s, "%dx%d%c", &a, &b, &tail) != 2 || a < CONFIG_MIN_SIZE || b < CONFIG_MIN_SIZE || a > 16384 ||
        b > 16384)
        return false;
    *w = a;
    *h = b;
    return true;
}

const char *config_kiosk_id_problem(const char *id)
{
    size_t n = id ? strlen(id) : 0, i = 0, chars = 0;
    if (n == 0)
        return "it is empty";
    if (!utf8_valid(id, n, NULL))
        return "it is not valid UTF-8";
    while (i < n) {
        size_t adv;
        uint32_t cp = utf8_decode(id + i, n - i, &adv);
        /* every row carries the id: the store refuses what it refuses here */
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || utf8_is_forbidden_control(cp))
            return "it contains a control character";
        if (cp == ' ' || cp == '/' || cp == '\\' || cp == ',' || cp == '"')
            return "it contains a space, slash, backslash, comma or quote";
        i += adv;
        chars++;
    }
    if (chars > CONFIG_KIOSK_ID_MAX_CHARS)
        return "it is longer than 64 characters";
    return NULL;
}

/* A path setting: "~" and "~/..." are the home folder of the user running
 * the program ($HOME). Returns the path (caller frees) or NULL with *why. */
static char *expand_path(const char *v, const char **why)
{
    if (!*v) {
        *why = "a folder (it is empty)";
        return NULL;
    }
    if (v[0] != '~')
        return xstrdup(v);
    if (v[1] && v[1] != '/') {
        *why = "a folder; only ~ and ~/... (the home folder, $HOME) are expanded, not ~user";
        return NULL;
    }
    const char *home = getenv("HOME");
    if (!home || !*home) {
        *why = "a folder; ~ cannot be expanded because HOME is not set";
        return NULL;
    }
    return xasprintf("%s%s", home, v + 1);
}

typedef struct {
    config_t *cfg;
    const char *shown;
    diag_list_t *d;
} load_ctx_t;

static bool bad(load_ctx_t *c, int line, const char *sec, const char *key, const char *v, const char *want)
{
    diag_error(c->d, c->shown, line, "[%s] %s = '%s': expected %s", sec, key, v, want);
    return false;
}

static bool on_key(void *user, const char *sec, const char *key, const char *v, int line)
{
    load_ctx_t *c = user;
    config_t *cfg = c->cfg;
    long n;
    bool b;
#define IS(s, k) (strcmp(sec, s) == 0 && strcmp(key, k) == 0)
    if (IS("paths", "content") || IS("paths", "data") || IS("paths", "fonts")) {
        const char *why = NULL;
        char *p = expand_path(v, &why);
        if (!p)
            return bad(c, line, sec, key, v, why);
        char **field = IS("paths", "content") ? &cfg->content_dir : IS("paths", "data") ? &cfg->data_dir : &cfg->fonts_dir;
        free(*field);
        *field = p;
    } else if (IS("kiosk", "id")) {
        const char *why = config_kiosk_id_problem(v);
        if (why) {
            diag_error(c->d, c->shown, line, "[%s] %s: %s; expected %s", sec, key, why, CONFIG_KIOSK_ID_RULE);
            return false;
        }
        config_set(&cfg->kiosk_id, v);
    } else if (IS("kiosk", "idle_timeout")) {
        if (!ini_parse_int(v, 10, 86400, &n)) return bad(c, line, sec, key, v, "seconds from 10 to 86400");
        cfg->idle_timeout_s = (int)n;
    } else if (IS("kiosk", "attract_interval")) {
        if (!ini_parse_int(v, 3, 600, &n)) return bad(c, line, sec, key, v, "seconds from 3 to 600");
        cfg->attract_interval_s = (int)n;
    } else if (IS("kiosk", "language")) {
        if (strlen(v) < 2 || strlen(v) > 8) return bad(c, line, sec, key, v, "a language code such as en, ja or ko");
        config_set(&cfg->language, v);
    } else if (IS("admin", "language")) {
        if (strlen(v) < 2 || strlen(v) > 8) return bad(c, line, sec, key, v, "a language code such as en, ja or ko");
        config_set(&cfg->admin_language, v);
    } else if (IS("admin", "time_zone")) {
        if (!tz_valid(v)) return bad(c, line, sec, key, v, "a time zone such as Asia/Tokyo or UTC");
        config_set(&cfg->time_zone, v);
    } else if (IS("kiosk", "collect")) {
        if (!ini_parse_bool(v, &b)) return bad(c, line, sec, key, v, "true or false");
        cfg->collect = b;
    } else if (IS("display", "fullscreen")) {
        if (!ini_parse_bool(v, &b)) return bad(c, line, sec, key, v, "true or false");
        cfg->fullscreen = b;
    } else if (IS("display", "size")) {
        if (!config_parse_size(v, &cfg->width, &cfg->height)) return bad(c, line, sec, key, v, "WIDTHxHEIGHT, e.g. 1280x800");
    } else if (IS("display", "rotation")) {
        if (!ini_parse_int(v, 0, 270, &n) || n % 90) return bad(c, line, sec, key, v, "0, 90, 180 or 270");
        cfg->rotation = (int)n;
    } else if (IS("display", "output")) {
        /* auto, dsi, hdmi or a connector's name as the kernel gives it
         * (HDMI-A-1, DSI-1): the launcher picks the card and waits for it */
        size_t len = strlen(v);
        if (len == 0 || len > 32 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != len)
            return bad(c, line, sec, key, v, "auto, dsi, hdmi or a connector name such as HDMI-A-1 or DSI-1");
        config_set(&cfg->output, v);
    } else if (IS("slideshow", "interval")) {
        if (!ini_parse_int(v, 0, 3600, &n)) return bad(c, line, sec, key, v, "seconds from 0 (manual) to 3600");
        cfg->slide_interval_s = (int)n;
    } else if (IS("slideshow", "loop")) {
        if (!ini_parse_bool(v, &b)) return bad(c, line, sec, key, v, "true or false");
        cfg->slide_loop = b;
    } else if (IS("slideshow", "transition")) {
        if (strcmp(v, "fade") == 0) cfg->transition = TRANSITION_FADE;
        else if (strcmp(v, "slide") == 0) cfg->transition = TRANSITION_SLIDE;
        else if (strcmp(v, "none") == 0) cfg->transition = TRANSITION_NONE;
        else return bad(c, line, sec, key, v, "fade, slide or none");
    } else if (IS("slideshow", "transition_ms")) {
        if (!ini_parse_int(v, 0, 2000, &n)) return bad(c, line, sec, key, v, "milliseconds from 0 to 2000");
        cfg->transition_ms = (int)n;
    } else if (IS("slideshow", "progress")) {
        if (!ini_parse_bool(v, &b)) return bad(c, line, sec, key, v, "true or false");
        cfg->slide_progress = b;
    } else if (IS("slideshow", "min_text")) {
        char *end;
        double x = strtod(v, &end);
        if (*end || end == v || x < 1.0 || x > 20.0) return bad(c, line, sec, key, v, "a percentage of the slide height from 1 to 20");
        cfg->slide_min_text_pct10 = (int)(x * 10 + 0.5);
    } else if (IS("slideshow", "language")) {
        if (*v && (strlen(v) < 2 || strlen(v) > 8))
            return bad(c, line, sec, key, v, "a language code such as en, ja or ko, or nothing for the kiosk's");
        config_set(&cfg->slide_language, v);
    } else if (IS("slideshow", "presenter_display")) {
        if (!ini_parse_int(v, -1, 16, &n)) return bad(c, line, sec, key, v, "a display number, or -1 for none");
        cfg->presenter_display = (int)n;
    } else if (IS("slideshow", "duration")) {
        int d;
        if (!ini_parse_duration(v, &d)) return bad(c, line, sec, key, v, INI_DURATION_RULE);
        cfg->talk_duration_s = d;
    } else if (IS("slideshow", "end_time")) {
        int m;
        if (!ini_parse_time_of_day(v, &m)) return bad(c, line, sec, key, v, INI_TIME_OF_DAY_RULE);
        cfg->talk_end_min = m;
    } else if (IS("slideshow", "speaking_time")) {
        int d;
        if (!ini_parse_duration(v, &d)) return bad(c, line, sec, key, v, INI_DURATION_RULE);
        cfg->speaking_s = d;
    } else if (IS("slideshow", "clock_amber") || IS("slideshow", "clock_red")) {
        int d;
        if (!ini_parse_duration(v, &d)) return bad(c, line, sec, key, v, INI_DURATION_RULE);
        *(strcmp(key, "clock_red") == 0 ? &cfg->clock_red_s : &cfg->clock_amber_s) = d;
    } else if (IS("privacy", "public_key")) {
        if (!*v) {
            free(cfg->public_key);
            cfg->public_key = NULL;
        } else {
            const char *why = NULL;
            char *p = expand_path(v, &why);
            if (!p)
                return bad(c, line, sec, key, v, "a public key file (agmkiosk keygen makes one)");
            free(cfg->public_key);
            cfg->public_key = p;
        }
    } else if (IS("privacy", "seal_questions")) {
        bool name = false, text = false, none = false, ok = true;
        char *copy = xstrdup(v), *save = NULL;
        for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
            if (strcmp(t, "name") == 0) name = true;
            else if (strcmp(t, "text") == 0) text = true;
            else if (strcmp(t, "none") == 0) none = true;
            else ok = false;
        }
        free(copy);
        if (!ok || (none && (name || text)) || (!none && !name && !text))
            return bad(c, line, sec, key, v, "name, text, both (name, text) or none");
        cfg->seal_question_name = name;
        cfg->seal_question_text = text;
    } else {
        diag_error(c->d, c->shown, line, "unknown setting '%s' in [%s]", key, sec);
        return false;
    }
#undef IS
    return true;
}

bool config_load(config_t *cfg, const char *path, bool required, diag_list_t *d)
{
    if (!required && access(path, F_OK) != 0)
        return true;
    load_ctx_t c = {cfg, path, d};
    bool ok = ini_load_file(path, path, on_key, &c, d);
    config_set(&cfg->config_path, path);
    return ok;
}

char *config_find(void)
{
    const char *env = getenv("AGMKIOSK_CONFIG");
    if (env && *env)
        return xstrdup(env);
    if (access("kiosk.ini", F_OK) == 0)
        return xstrdup("kiosk.ini");
    if (access("/etc/agmkiosk/kiosk.ini", F_OK) == 0)
        return xstrdup("/etc/agmkiosk/kiosk.ini");
    return NULL;
}

void config_print(const config_t *cfg, FILE *out)
{
    static const char *tr[] = {"none", "fade", "slide"};
    fprintf(out, "[paths]\ncontent = %s\ndata = %s\nfonts = %s\n\n", cfg->content_dir, cfg->data_dir, cfg->fonts_dir);
    fprintf(out, "[kiosk]\nid = %s\nidle_timeout = %d\nattract_interval = %d\nlanguage = %s\ncollect = %s\n\n",
            cfg->kiosk_id, cfg->idle_timeout_s, cfg->attract_interval_s, cfg->language, cfg->collect ? "true" : "false");
    fprintf(out, "[admin]\nlanguage = %s\ntime_zone = %s\n\n", cfg->admin_language ? cfg->admin_language : cfg->language,
            cfg->time_zone ? cfg->time_zone : "UTC");
    fprintf(out, "[display]\nfullscreen = %s\nsize = %dx%d\nrotation = %d\noutput = %s\n\n",
            cfg->fullscreen ? "true" : "false", cfg->width, cfg->height, cfg->rotation, cfg->output);
    fprintf(out, "[slideshow]\ninterval = %d\nloop = %s\ntransition = %s\ntransition_ms = %d\nprogress = %s\nmin_text = %d.%d\npresenter_display = %d\nlanguage = %s\n",
            cfg->slide_interval_s, cfg->slide_loop ? "true" : "false", tr[cfg->transition], cfg->transition_ms,
            cfg->slide_progress ? "true" : "false", cfg->slide_min_text_pct10 / 10, cfg->slide_min_text_pct10 % 10,
            cfg->presenter_display, cfg->slide_language ? cfg->slide_language : "");
    fprintf(out, "duration = %ds\nend_time = ", cfg->talk_duration_s);
    if (cfg->talk_end_min >= 0)
        fprintf(out, "%02d:%02d", cfg->talk_end_min / 60, cfg->talk_end_min % 60);
    fprintf(out, "\nspeaking_time = %ds\nclock_amber = %ds\nclock_red = %ds\n", cfg->speaking_s, cfg->clock_amber_s,
            cfg->clock_red_s);
    const char *sq = cfg->seal_question_name && cfg->seal_question_text ? "name, text"
                     : cfg->seal_question_name                          ? "name"
                     : cfg->seal_question_text                          ? "text"
                                                                        : "none";
    fprintf(out, "\n[privacy]\npublic_key = %s\nseal_questions = %s\n", cfg->public_key ? cfg->public_key : "", sq);
}

void config_free(config_t *cfg)
{
    free(cfg->content_dir);
    free(cfg->data_dir);
    free(cfg->fonts_dir);
    free(cfg->kiosk_id);
    free(cfg->language);
    free(cfg->slide_language);
    free(cfg->output);
    free(cfg->admin_language);
    free(cfg->time_zone);
    free(cfg->config_path);
    free(cfg->public_key);
    memset(cfg, 0, sizeof *cfg);
}

char *config_db_path(const config_t *cfg)
{
    return path_join(cfg->data_dir, "agmkiosk.db");
}

char *config_content_path(const config_t *cfg)
{
    if (!cfg->content_given && cfg->data_dir && *cfg->data_dir) {
        char *p = path_join(cfg->data_dir, "content");
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            return p;
        free(p);
    }
    return xstrdup(cfg->content_dir);
}
