/* config.h - kiosk.ini settings with documented defaults; command-line
 * flags override the file. See kiosk.ini at the top of the tree for the
 * documented file. */
#ifndef AGM_CONFIG_H
#define AGM_CONFIG_H

#include <stdbool.h>
#include "../core/diag.h"

typedef enum { TRANSITION_NONE, TRANSITION_FADE, TRANSITION_SLIDE } transition_t;

typedef struct {
    /* [paths] */
    char *content_dir;        /* content    default: ./content, else PREFIX/share/agmkiosk/content
                                 (the bundled content; a folder loaded from a USB stick on the
                                 admin screen, DATA/content, comes first: config_content_path) */
    bool content_given;       /* --content on the command line: that folder, never DATA/content */
    char *data_dir;           /* data       default: $XDG_DATA_HOME/agmkiosk or ~/.local/share/agmkiosk */
    char *fonts_dir;          /* fonts      default: ./fonts, else PREFIX/share/agmkiosk/fonts */
    /* [kiosk] */
    char *kiosk_id;           /* id         default: the host name */
    int idle_timeout_s;       /* idle_timeout = 90: back to the attract loop */
    int attract_interval_s;   /* attract_interval = 10 */
    char *language;           /* language = en: the UI language at start and after idle */
    bool collect;             /* collect = true: show Ask a question and Sign up */
    /* [admin] */
    char *admin_language;     /* language = (the kiosk's): the admin screen's language */
    char *time_zone;          /* time_zone = UTC: times on the admin screen (rows stay UTC) */
    /* [display] */
    bool fullscreen;          /* fullscreen = true */
    int width, height;        /* window size when not fullscreen: 1280x800 */
    int rotation;             /* rotation = 0|90|180|270 */
    char *output;             /* output = auto|dsi|hdmi|CONNECTOR: read by rpi/agmkiosk-launch */
    /* [slideshow] */
    int slide_interval_s;     /* interval = 0 (manual) */
    bool slide_loop;          /* loop = false */
    transition_t transition;  /* transition = fade|slide|none */
    int transition_ms;        /* transition_ms = 300 */
    bool slide_progress;      /* progress = true */
    int slide_min_text_pct10; /* min_text = 3.5: % of the slide height, stored x10 */
    int presenter_display;    /* presenter_display = -1 (none) */
    char *slide_language;     /* language = (empty): the slides' language; empty = [kiosk] language */
    /* the presenter's clock (slides.ini [timing] comes first) */
    int talk_duration_s;      /* duration = 0 (none): time left counts down from it */
    int talk_end_min;         /* end_time = (none): HH:MM in [admin] time_zone, minutes; -1 */
    int speaking_s;           /* speaking_time = 0 (off): a countdown per question on the Q&A slide */
    int clock_amber_s;        /* clock_amber = 5m: time left turns amber */
    int clock_red_s;          /* clock_red = 1m: and red */
    /* [privacy] */
    char *public_key;         /* public_key = (none): a public key file made by
                                 agmkiosk keygen; personal fields are then
                                 sealed to it (a key installed on the admin
                                 screen, DATA/sealing-key.pub, comes first) */
    bool seal_question_name;  /* seal_questions = name, text: which question */
    bool seal_question_text;  /* fields are sealed (sign-ups: every personal one) */
    /* where the settings came from, for messages */
    char *config_path;        /* NULL when no file was read */
} config_t;

/* Fill cfg with the defaults. */
void config_defaults(config_t *cfg);

/* Read path into cfg (over what it holds). Unknown keys, bad values and
 * syntax errors are added to d with file and line; returns false then.
 * A missing file is an error only when required is true. */
bool config_load(config_t *cfg, const char *path, bool required, diag_list_t *d);

/* Find the config file to use when --config is not given: $AGMKIOSK_CONFIG,
 * ./kiosk.ini, /etc/agmkiosk/kiosk.ini. Returns NULL if none exists.
 * Caller frees. */
char *config_find(void);

/* Why id cannot be a kiosk id ("it contains a control character"), or NULL
 * when it can: 1 to CONFIG_KIOSK_ID_MAX_CHARS characters (code points) of
 * valid UTF-8 without spaces, slashes, backslashes, commas, quotes or control
 * characters. Every stored row carries it, so this is at least as strict as
 * the store's own check. */
const char *config_kiosk_id_problem(const char *id);
#define CONFIG_KIOSK_ID_MAX_CHARS 64
#define CONFIG_KIOSK_ID_RULE "1 to 64 characters without spaces, slashes, commas, quotes or control characters"

/* Replace a string setting (frees the old one). */
void config_set(char **field, const char *value);

/* Parse "WxH". */
bool config_parse_size(const char *s, int *w, int *h);
#define CONFIG_MIN_SIZE 160 /* the smallest width or height config_parse_size() takes */

/* The database path inside cfg->data_dir. Caller frees. */
char *config_db_path(const config_t *cfg);

/* The content folder in use (caller frees): DATA/content when a folder was
 * loaded from a USB stick there (content_install.h) and --content was not
 * given, else content_dir (the bundled content, the fallback). */
char *config_content_path(const config_t *cfg);

/* Print the settings in kiosk.ini form (for `agmkiosk status` and tests). */
void config_print(const config_t *cfg, FILE *out);

void config_free(config_t *cfg); /* accepts a zeroed value */

#endif
