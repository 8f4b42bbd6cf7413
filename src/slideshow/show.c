/* show.c - the presenter's state machine. See show.h. */
#include "show.h"

#include "../core/tz.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/widgets.h"

#include <stdlib.h>
#include <string.h>

struct show {
    qa_view_t *qa;          /* the Q&A slide's question (borrowed), or NULL */
    meeting_view_t *meeting; /* the meeting slides' figures (borrowed), or NULL */
    const config_t *cfg;
    content_t *content;
    bool owns_content;      /* loaded by a reload: ours to free */
    deck_t deck;
    bool deck_built;
    bool deck_stale;        /* size or content changed since the build */
    unsigned gen;
    int w, h;
    size_t index;
    size_t want_spec;       /* position to restore after a rebuild */
    int want_part;
    bool restore_by_spec;   /* resize: same spec; reload: same index */

    uint64_t now;
    uint64_t started;
    /* the presenter's clock */
    bool wall_known;
    uint64_t wall_mono;     /* the show's clock when wall_ms was read */
    int64_t wall_ms;
    bool speaking;
    uint64_t speak_from;
    uint64_t shown_at;      /* when the current slide appeared (auto-advance) */
    int interval_s;
    bool loop;
    bool paused;
    show_blank_t blank;

    char digits[8];
    uint64_t digits_at;

    show_transition_t tr;
    uint64_t tr_start;
    int tr_ms;

    diag_list_t errors;
    uint64_t errors_until;

    bool fullscreen_req;
    char lang[16];          /* the slides' language (L switches it) */

    /* pointer gesture */
    bool down;
    int down_x, down_y;
    bool down_consumed;     /* the press ended a blackout: ignore its release */
};

show_t *show_create(const config_t *cfg, content_t *content, uint64_t now)
{
    show_t *s = xcalloc(1, sizeof *s);
    s->cfg = cfg;
    s->content = content;
    s->now = now;
    s->started = now;
    s->shown_at = now;
    s->interval_s = cfg ? AGM_MAX(0, cfg->slide_interval_s) : 0;
    s->loop = cfg ? cfg->slide_loop : false;
    s->tr_ms = cfg ? cfg->transition_ms : 300;
    s->deck_stale = true;
    s->w = cfg && cfg->width > 0 ? cfg->width : 1280;
    s->h = cfg && cfg->height > 0 ? cfg->height : 800;
    const char *lang = cfg && cfg->slide_language && *cfg->slide_language ? cfg->slide_language
                       : cfg && cfg->language && *cfg->language ? cfg->language : "en";
    if (!content_lang(content, lang))
        lang = "en";
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    return s;
}

const char *show_lang(const show_t *s) { return s->lang; }

bool show_set_lang(show_t *s, const char *lang)
{
    if (!lang || !content_lang(s->content, lang))
        return false;
    if (strcmp(lang, s->lang) != 0) {
        snprintf(s->lang, sizeof s->lang, "%s", lang);
        show_invalidate(s);
        s->deck_stale = true;
    }
    return true;
}

/* The next language of the content after the slides' own, in strings/ order. */
static void next_lang(show_t *s)
{
    const content_t *c = s->content;
    if (!c || c->nlangs < 2)
        return;
    size_t i = 0;
    while (i < c->nlangs && strcmp(c->langs[i].lang, s->lang) != 0)
        i++;
    show_set_lang(s, c->langs[i < c->nlangs ? (i + 1) % c->nlangs : 0].lang);
    log_info("slideshow", "slides in %s", s->lang);
}

void show_destroy(show_t *s)
{
    if (!s)
        return;
    deck_free(&s->deck);
    if (s->owns_content) {
        content_free(s->content);
        free(s->content);
    }
    diag_free(&s->errors);
    free(s);
}

void show_set_interval(show_t *s, int seconds) { s->interval_s = AGM_MAX(0, seconds); }

void show_resize(show_t *s, int w, int h)
{
    if (w < 1 || h < 1 || (w == s->w && h == s->h))
        return;
    s->w = w;
    s->h = h;
    s->deck_stale = true;
    s->restore_by_spec = true;
}

void show_layout(show_t *s, gfx_t *g)
{
    if (s->deck_built && !s->deck_stale)
        return;
    size_t spec = 0;
    int part = 0;
    bool by_spec = s->deck_built && s->restore_by_spec && s->index < s->deck.nslides;
    if (by_spec) {
        spec = s->deck.slides[s->index].spec;
        part = s->deck.slides[s->index].part;
    }
    deck_free(&s->deck);
    /* the slides in their language: its texts, and the words of the deck */
    config_t cfg = {0};
    if (s->cfg)
        cfg = *s->cfg;
    cfg.language = s->lang;
    deck_build(&s->deck, content_in(s->content, s->lang), &cfg, g, s->w, s->h);
    if (by_spec)
        s->index = deck_find(&s->deck, spec, part);
    if (s->index >= s->deck.nslides)
        s->index = s->deck.nslides ? s->deck.nslides - 1 : 0;
    /* A transition between slides of the old deck means nothing now. */
    s->tr.active = false;
    s->deck_built = true;
    s->deck_stale = false;
    s->gen++;
    s->restore_by_spec = false;
}

void show_invalidate(show_t *s)
{
    if (!s->deck_built)
        return;
    s->deck_stale = true;
    s->restore_by_spec = true;
}

/* ---- navigation --------------------------------------------------------- */

static transition_t transition_kind(const show_t *s)
{
    return s->cfg ? s->cfg->transition : TRANSITION_FADE;
}

static void go(show_t *s, size_t to, uint64_t now)
{
    s->now = now;
    size_t n = show_count(s);
    if (n == 0)
        return;
    if (to >= n)
        to = n - 1;
    s->shown_at = now;
    if (to == s->index)
        return;
    transition_t k = transition_kind(s);
    if (k != TRANSITION_NONE && s->tr_ms > 0) {
        s->tr = (show_transition_t){true, s->index, to, to > s->index ? 1 : -1, k, 0.0f};
        s->tr_start = now;
    } else {
        s->tr.active = false;
    }
    s->index = to;
}

void show_next(show_t *s, uint64_t now)
{
    size_t n = show_count(s);
    if (n == 0)
        return;
    if (s->index + 1 < n)
        go(s, s->index + 1, now);
    else if (s->loop)
        go(s, 0, now);
    else
        s->shown_at = now;
}

void show_prev(show_t *s, uint64_t now)
{
    size_t n = show_count(s);
    if (n == 0)
        return;
    if (s->index > 0)
        go(s, s->index - 1, now);
    else if (s->loop)
        go(s, n - 1, now);
}

void show_first(show_t *s, uint64_t now) { go(s, 0, now); }
void show_last(show_t *s, uint64_t now) { go(s, show_count(s) ? show_count(s) - 1 : 0, now); }
void show_goto(show_t *s, size_t index, uint64_t now) { go(s, index, now); }

void show_jump(show_t *s, size_t index)
{
    size_t n = show_count(s);
    s->index = n == 0 ? 0 : index < n ? index : n - 1;
    s->tr.active = false;
}

void show_set_blank(show_t *s, show_blank_t b, uint64_t now)
{
    s->now = now;
    if (s->blank != SHOW_BLANK_NONE && b == SHOW_BLANK_NONE)
        s->shown_at = now; /* a full interval after coming back */
    s->blank = b;
}

void show_toggle_pause(show_t *s, uint64_t now)
{
    s->now = now;
    s->paused = !s->paused;
    if (!s->paused)
        s->shown_at = now;
}

bool show_reload(show_t *s, uint64_t now)
{
    s->now = now;
    const char *dir = s->content && s->content->dir ? s->content->dir : s->cfg ? s->cfg->content_dir : NULL;
    if (!dir) {
        diag_free(&s->errors);
        diag_error(&s->errors, "content", 0, "no content folder to reload");
        s->errors_until = now + SHOW_ERROR_MS;
        return false;
    }
    char *dir_copy = xstrdup(dir); /* dir may belong to the content we free */
    content_t *nc = xcalloc(1, sizeof *nc);
    diag_list_t d = {0};
    bool ok = content_load(dir_copy, nc, &d);
    if (!ok) {
        size_t nerr = diag_count(&d, DIAG_ERROR);
        log_warn("slideshow", "reload of %s failed with %zu %s; the old deck stays", dir_copy, nerr,
                 plural_en((long long)nerr, "error", "errors"));
        content_free(nc);
        free(nc);
        diag_free(&s->errors);
        /* Only the errors: warnings would crowd the banner. */
        for (size_t i = 0; i < d.n; i++)
            if (d.v[i].severity == DIAG_ERROR)
                diag_add(&s->errors, DIAG_ERROR, d.v[i].file, d.v[i].line, "%s", d.v[i].msg);
        diag_free(&d);
        s->errors_until = now + SHOW_ERROR_MS;
        free(dir_copy);
        return false;
    }
    diag_free(&d);
    diag_free(&s->errors);
    deck_free(&s->deck); /* it borrows the old content */
    s->deck_built = false;
    if (s->owns_content) {
        content_free(s->content);
        free(s->content);
    }
    s->content = nc;
    s->owns_content = true;
    s->deck_stale = true;
    s->restore_by_spec = false;
    s->tr.active = false;
    s->shown_at = now;
    log_info("slideshow", "reloaded %s", dir_copy);
    free(dir_copy);
    return true;
}

/* ---- input -------------------------------------------------------------- */

static bool key_down(show_t *s, const ui_event_t *ev)
{
    uint64_t now = ev->time_ms;
    int k = ev->key;
    if (s->blank != SHOW_BLANK_NONE) {
        if (!ev->repeat)
            show_set_blank(s, SHOW_BLANK_NONE, now);
        return true; /* any key returns, and does nothing else */
    }
    if (k >= '0' && k <= '9') {
        size_t n = strlen(s->digits);
        if (n + 1 < sizeof s->digits)
            s->digits[n] = (char)k, s->digits[n + 1] = '\0';
        s->digits_at = now;
        return true;
    }
    if (s->digits[0]) {
        if (k == UI_KEY_ENTER) {
            long n = strtol(s->digits, NULL, 10);
            s->digits[0] = '\0';
            go(s, n > 0 ? (size_t)(n - 1) : 0, now);
            return true;
        }
        if (k == UI_KEY_BACKSPACE) {
            s->digits[strlen(s->digits) - 1] = '\0';
            s->digits_at = now;
            return true;
        }
        if (k == UI_KEY_ESCAPE) {
            s->digits[0] = '\0';
            return true;
        }
        s->digits[0] = '\0'; /* any other key abandons the number */
    }
    switch (k) {
    case UI_KEY_RIGHT:
    case UI_KEY_DOWN:
    case UI_KEY_PAGEDOWN:
    case UI_KEY_ENTER:
        show_next(s, now);
        return true;
    case UI_KEY_SPACE:
        if (ev->mods & UI_MOD_SHIFT)
            show_prev(s, now);
        else
            show_next(s, now);
        return true;
    case UI_KEY_LEFT:
    case UI_KEY_UP:
    case UI_KEY_PAGEUP:
    case UI_KEY_BACKSPACE:
        show_prev(s, now);
        return true;
    case UI_KEY_HOME:
        show_first(s, now);
        return true;
    case UI_KEY_END:
        show_last(s, now);
        return true;
    case 'b':
    case '.':
        if (!ev->repeat)
            show_set_blank(s, SHOW_BLANK_BLACK, now);
        return true;
    case 'w':
        if (!ev->repeat)
            show_set_blank(s, SHOW_BLANK_WHITE, now);
        return true;
    case 'p':
        if (!ev->repeat)
            show_toggle_pause(s, now);
        return true;
    case 'l':
        if (!ev->repeat)
            next_lang(s);
        return true;
    case 'r':
        if (!ev->repeat)
            show_reload(s, now);
        return true;
    case 'f':
    case UI_KEY_F11:
        if (!ev->repeat)
            s->fullscreen_req = true;
        return true;
    default:
        return false;
    }
}

static bool pointer(show_t *s, const ui_event_t *ev)
{
    uint64_t now = ev->time_ms;
    if (ev->type == UI_EV_POINTER_DOWN) {
        s->down = true;
        s->down_x = ev->x;
        s->down_y = ev->y;
        s->down_consumed = false;
        if (s->blank != SHOW_BLANK_NONE) {
            show_set_blank(s, SHOW_BLANK_NONE, now);
            s->down_consumed = true;
        }
        return true;
    }
    if (ev->type == UI_EV_POINTER_MOVE)
        return s->down;
    /* pointer up */
    if (!s->down)
        return false;
    s->down = false;
    if (s->down_consumed)
        return true;
    int dx = ev->x - s->down_x, dy = ev->y - s->down_y;
    int adx = abs(dx), ady = abs(dy);
    int swipe = AGM_MAX(24, s->w * 8 / 100);
    if (adx >= swipe && adx * 2 > ady * 3) {
        show_swipe(s, dx, now);
        return true;
    }
    if (adx < swipe / 2 && ady < swipe / 2)
        show_tap(s, ev->x, now);
    return true; /* a drag that is neither: nothing */
}

void show_tap(show_t *s, int x, uint64_t now)
{
    if (s->blank != SHOW_BLANK_NONE) {
        show_set_blank(s, SHOW_BLANK_NONE, now);
        return;
    }
    if (x * 3 >= s->w * 2)
        show_next(s, now);
    else if (x * 3 < s->w)
        show_prev(s, now);
}

void show_swipe(show_t *s, int dx, uint64_t now)
{
    if (s->blank != SHOW_BLANK_NONE) {
        show_set_blank(s, SHOW_BLANK_NONE, now);
        return;
    }
    if (dx < 0)
        show_next(s, now);
    else if (dx > 0)
        show_prev(s, now);
}

bool show_event(show_t *s, const ui_event_t *ev)
{
    if (ev->time_ms > s->now)
        s->now = ev->time_ms;
    switch (ev->type) {
    case UI_EV_KEY_DOWN: return key_down(s, ev);
    case UI_EV_POINTER_DOWN:
    case UI_EV_POINTER_MOVE:
    case UI_EV_POINTER_UP: return pointer(s, ev);
    case UI_EV_POINTER_CANCEL: {
        /* a finger gone with its touch screen: no tap, no swipe */
        bool was = s->down;
        s->down = false;
        return was;
    }
    default: return false;
    }
}

/* ---- time --------------------------------------------------------------- */

static bool advancing(const show_t *s)
{
    return s->interval_s > 0 && !s->paused && s->blank == SHOW_BLANK_NONE && show_count(s) > 0 &&
           (s->loop || s->index + 1 < show_count(s));
}

int64_t show_advance_in_ms(const show_t *s, uint64_t now)
{
    if (!advancing(s))
        return -1;
    uint64_t due = s->shown_at + (uint64_t)s->interval_s * 1000;
    return due > now ? (int64_t)(due - now) : 0;
}

bool show_update(show_t *s, uint64_t now)
{
    bool redraw = false;
    if (now > s->now)
        s->now = now;
    if (s->tr.active) {
        uint64_t el = now - s->tr_start;
        if (now < s->tr_start || el >= (uint64_t)s->tr_ms) {
            s->tr.active = false;
            s->tr.t = 1.0f;
        } else {
            s->tr.t = ui_ease(s->tr_start, now, s->tr_ms);
        }
        redraw = true;
    }
    if (show_advance_in_ms(s, now) == 0) {
        show_next(s, now);
        redraw = true;
    }
    if (s->digits[0] && now - s->digits_at >= SHOW_DIGITS_MS) {
        s->digits[0] = '\0';
        redraw = true;
    }
    if (s->errors.n && now >= s->errors_until) {
        diag_free(&s->errors);
        redraw = true;
    }
    return redraw;
}

int show_wait_ms(const show_t *s, uint64_t now)
{
    if (s->tr.active)
        return 0;
    int64_t best = -1;
    int64_t a = show_advance_in_ms(s, now);
    if (a >= 0)
        best = a;
    if (s->digits[0]) {
        uint64_t due = s->digits_at + SHOW_DIGITS_MS;
        int64_t d = due > now ? (int64_t)(due - now) : 0;
        if (best < 0 || d < best)
            best = d;
    }
    if (s->errors.n) {
        int64_t d = s->errors_until > now ? (int64_t)(s->errors_until - now) : 0;
        if (best < 0 || d < best)
            best = d;
    }
    return best > 0x7fffffff ? 0x7fffffff : (int)best;
}

/* ---- state -------------------------------------------------------------- */

const deck_t *show_deck(const show_t *s) { return s->deck_built ? &s->deck : NULL; }
unsigned show_generation(const show_t *s) { return s->gen; }
const content_t *show_content(const show_t *s) { return content_in(s->content, s->lang); }
void show_set_qa(show_t *s, qa_view_t *qa) { s->qa = qa; }
qa_view_t *show_qa(const show_t *s) { return s->qa; }
void show_set_meeting(show_t *s, meeting_view_t *m) { s->meeting = m; }
meeting_view_t *show_meeting(const show_t *s) { return s->meeting; }
size_t show_index(const show_t *s) { return s->index; }
size_t show_count(const show_t *s) { return s->deck_built ? s->deck.nslides : 0; }
show_blank_t show_blank(const show_t *s) { return s->blank; }
bool show_paused(const show_t *s) { return s->paused; }
int show_interval(const show_t *s) { return s->interval_s; }
bool show_progress_enabled(const show_t *s) { return s->cfg ? s->cfg->slide_progress : true; }
bool show_at_end(const show_t *s) { return !s->loop && show_count(s) > 0 && s->index + 1 >= show_count(s); }
const char *show_digits(const show_t *s) { return s->digits; }

show_transition_t show_transition(const show_t *s)
{
    show_transition_t t = s->tr;
    if (!t.active)
        t.t = 1.0f;
    return t;
}

const diag_list_t *show_errors(const show_t *s)
{
    return s->errors.n && s->now < s->errors_until ? &s->errors : NULL;
}

bool show_take_fullscreen_request(show_t *s)
{
    bool r = s->fullscreen_req;
    s->fullscreen_req = false;
    return r;
}

uint64_t show_now(const show_t *s) { return s->now; }
uint64_t show_elapsed_ms(const show_t *s, uint64_t now) { return now > s->started ? now - s->started : 0; }

/* ---- the presenter's clock ------------------------------------------------ */

void show_set_wall_clock(show_t *s, uint64_t now, int64_t wall_ms)
{
    s->wall_known = wall_ms > 0;
    s->wall_mono = now;
    s->wall_ms = wall_ms;
}

void show_speaking_start(show_t *s, uint64_t now)
{
    s->speaking = true;
    s->speak_from = now;
}

void show_speaking_stop(show_t *s) { s->speaking = false; }

show_clock_t show_clock(const show_t *s, uint64_t now)
{
    show_clock_t c = {.end_min = -1};
    const config_t *cfg = s->cfg;
    timing_t t = s->content ? s->content->timing : (timing_t){-1, -1, -1};
    int end = -1, dur = 0;
    if (t.end_min >= 0 || t.duration_s >= 0) {
        end = t.end_min;
        dur = t.duration_s > 0 ? t.duration_s : 0;
    } else if (cfg) {
        end = cfg->talk_end_min;
        dur = cfg->talk_duration_s;
    }
    if (end >= 0 && s->wall_known) {
        int64_t wall = s->wall_ms + (int64_t)now - (int64_t)s->wall_mono;
        c.left_ms = tz_time_of_day_near(wall, cfg ? cfg->time_zone : NULL, end) - wall;
        c.end_min = end;
        c.target = true;
    } else if (end < 0 && dur > 0) {
        c.left_ms = (int64_t)dur * 1000 - (int64_t)show_elapsed_ms(s, now);
        c.target = true;
    }
    if (c.target) {
        int64_t amber = (int64_t)(cfg ? cfg->clock_amber_s : 300) * 1000;
        int64_t red = (int64_t)(cfg ? cfg->clock_red_s : 60) * 1000;
        c.level = c.left_ms <= red || c.left_ms < 0 ? SHOW_CLOCK_RED
                  : c.left_ms <= amber              ? SHOW_CLOCK_AMBER
                                                    : SHOW_CLOCK_NORMAL;
    }
    int speak = t.speaking_s >= 0 ? t.speaking_s : cfg ? cfg->speaking_s : 0;
    if (speak > 0 && s->speaking) {
        c.speaking = true;
        c.speak_left_ms = (int64_t)speak * 1000 - (int64_t)(now > s->speak_from ? now - s->speak_from : 0);
        c.speak_level = c.speak_left_ms <= 0                     ? SHOW_CLOCK_RED
                        : c.speak_left_ms * 4 <= (int64_t)speak * 1000 ? SHOW_CLOCK_AMBER
                                                                 : SHOW_CLOCK_NORMAL;
    }
    return c;
}

void show_clock_format(int64_t left_ms, char *out, size_t n)
{
    bool over = left_ms < 0;
    /* time left rounds up (0:01 until it is gone), time over down */
    int64_t sec = over ? -left_ms / 1000 : (left_ms + 999) / 1000;
    int64_t h = sec / 3600, m = sec / 60 % 60, x = sec % 60;
    if (h)
        snprintf(out, n, "%s%lld:%02lld:%02lld", over ? "+" : "", (long long)h, (long long)m, (long long)x);
    else
        snprintf(out, n, "%s%lld:%02lld", over ? "+" : "", (long long)m, (long long)x);
}
