/* slideshow.c - the "slideshow" screen: glue between the app's screen
 * interface (screen.h) and the show state machine. See slideshow.h. */
#include "slideshow.h"

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "slide_draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* While the Q&A slide is up the store's change counter is read this often,
 * so a question approved at the moderation screen (in this or another
 * process) is on the projector within a second. */
#define SS_QA_POLL_MS 250

typedef struct {
    show_t *show;
    const gfx_ops_t *built_ops; /* the backend the deck was last laid out with */
    bool press_unblanked;       /* this press ended a blackout: its tap does nothing else */
    slide_presenter_t pv;
    /* the Q&A slide */
    qa_view_t qa;
    store_qa_list_t approved;   /* oldest first */
    char current[37];           /* uuid of the question on the slide */
    char seen_shown[37];        /* the moderators' "show now" last followed */
    uint64_t qa_version, qa_polled;
    bool qa_loaded;
    char speak_for[37];         /* the question the speaking time runs for */
    /* the attendance and resolution slides */
    meeting_view_t meeting;
    uint64_t meet_version, meet_polled;
    bool meet_loaded;
    size_t meet_slide;          /* the slide the view was read for */
    /* the slides beside this one made ready (ss_rehearse) */
    bool rehearsed;
    size_t rehearsed_index;
    unsigned rehearsed_gen;
    int rehearsed_w, rehearsed_h;
} ss_t;

/* The current slide's kind, and its spec's ref (resolution id). */
static bool on_meeting_slide(ss_t *s, const char **ref)
{
    const deck_t *d = show_deck(s->show);
    size_t i = show_index(s->show);
    if (!d || i >= d->nslides)
        return false;
    const deck_slide_t *sl = &d->slides[i];
    if (sl->kind != SLIDE_ATTENDANCE && sl->kind != SLIDE_RESOLUTION)
        return false;
    const content_t *c = d->content;
    *ref = sl->kind == SLIDE_RESOLUTION && c && sl->spec < c->nslides ? c->slides[sl->spec].ref : NULL;
    return true;
}

/* Read the counts (and the resolution's latest hand-count) again. */
static void meet_reload(ui_t *ui, ss_t *s, const char *ref)
{
    s->meet_version = store_data_version(ui->store);
    meeting_view_t v;
    memset(&v, 0, sizeof v);
    if (store_attendance_counts(ui->store, &v.att) != STORE_OK) {
        log_warn("slideshow", "%s", store_errmsg(ui->store));
        return;
    }
    v.known = true;
    if (ref) {
        store_votes_t votes;
        if (store_votes(ui->store, &votes) == STORE_OK) {
            const store_vote_t *e = store_votes_latest(&votes, ref, &v.entries);
            snprintf(v.resolution, sizeof v.resolution, "%s", ref);
            if (e) {
                v.counted = true;
                v.votes_for = e->votes_for;
                v.against = e->against;
                v.abstain = e->abstain;
                v.attending = e->attending;
                v.quorum_then = e->quorum;
                v.majority = e->majority;
                v.outcome = e->outcome;
            }
            store_votes_free(&votes);
        } else {
            log_warn("slideshow", "%s", store_errmsg(ui->store));
        }
    }
    s->meeting = v;
    s->meet_loaded = true;
    s->meet_slide = show_index(s->show);
    ui_invalidate(ui);
}

static bool on_qa_slide(ss_t *s)
{
    const deck_t *d = show_deck(s->show);
    size_t i = show_index(s->show);
    return d && i < d->nslides && d->slides[i].kind == SLIDE_QUESTIONS;
}

/* Point the view at approved question i (clamped), first page. */
static void qa_select(ss_t *s, size_t i)
{
    s->qa.page = 0;
    s->qa.count = s->approved.n;
    if (s->approved.n == 0) {
        s->qa.text = NULL;
        s->qa.index = 0;
        s->current[0] = '\0';
        return;
    }
    if (i >= s->approved.n)
        i = s->approved.n - 1;
    s->qa.index = i;
    s->qa.text = s->approved.v[i].text;
    snprintf(s->current, sizeof s->current, "%s", s->approved.v[i].uuid);
}

/* Read the approved questions again; stay on the same question, or follow
 * the moderators when they chose another one to show now. */
static void qa_reload(ui_t *ui, ss_t *s)
{
    store_qa_list_t l;
    s->qa_version = store_qa_version(ui->store);
    if (store_qa_list(ui->store, STORE_QA_BIT(STORE_QA_APPROVED), false, &l) != STORE_OK) {
        log_warn("slideshow", "%s", store_errmsg(ui->store));
        return;
    }
    store_qa_list_free(&s->approved);
    s->approved = l;
    s->qa_loaded = true;
    size_t pos = 0;
    int page = s->qa.page;
    bool found = false;
    if (l.shown[0] && strcmp(l.shown, s->seen_shown) != 0) {
        for (size_t i = 0; i < l.n && !found; i++)
            if (strcmp(l.v[i].uuid, l.shown) == 0) {
                pos = i;
                found = true;
                page = 0;
            }
    }
    snprintf(s->seen_shown, sizeof s->seen_shown, "%s", l.shown);
    for (size_t i = 0; i < l.n && !found && s->current[0]; i++)
        if (strcmp(l.v[i].uuid, s->current) == 0) {
            pos = i;
            found = true;
        }
    if (!found && s->current[0])
        page = 0, pos = AGM_MIN(s->qa.index, l.n ? l.n - 1 : 0);
    qa_select(s, pos);
    s->qa.page = page;
    ui_invalidate(ui);
}

/* The presenter's next/previous on the Q&A slide: pages of a long
 * question, then the approved questions; false at either end (the show
 * then moves to the next or previous slide). */
static bool qa_step(ss_t *s, int dir)
{
    if (dir > 0) {
        if (s->qa.text && s->qa.page + 1 < s->qa.npages) {
            s->qa.page++;
            return true;
        }
        if (s->qa.index + 1 < s->approved.n) {
            qa_select(s, s->qa.index + 1);
            return true;
        }
        return false;
    }
    if (s->qa.page > 0) {
        s->qa.page--;
        return true;
    }
    if (s->qa.text && s->qa.index > 0) {
        qa_select(s, s->qa.index - 1);
        return true;
    }
    return false;
}

static void *ss_create(ui_t *ui)
{
    ss_t *s = xcalloc(1, sizeof *s);
    s->show = show_create(ui->cfg, ui->content, ui->now);
    s->qa.speak_left_ms = -1;
    show_set_qa(s->show, &s->qa);
    show_set_meeting(s->show, &s->meeting);
    return s;
}

static void ss_destroy(void *st)
{
    ss_t *s = st;
    if (!s)
        return;
    slide_presenter_free(&s->pv);
    show_destroy(s->show);
    store_qa_list_free(&s->approved);
    free(s);
}

static void ss_layout(ui_t *ui, void *st)
{
    ss_t *s = st;
    show_resize(s->show, ui->m.w, ui->m.h);
    /* Layout between draws measures with whatever the app has; the real
     * backend lays the deck out again at the first draw (ss_draw). */
    if (!show_deck(s->show) && ui->gfx) {
        show_layout(s->show, ui->gfx);
        s->built_ops = ui->gfx->ops;
    }
}

static bool ss_event(ui_t *ui, void *st, const ui_input_t *in)
{
    ss_t *s = st;
    show_t *sh = s->show;
    switch (in->kind) {
    case IN_KEY: {
        if (on_qa_slide(s) && !show_transition(sh).active && show_blank(sh) == SHOW_BLANK_NONE && !show_digits(sh)[0]) {
            int k = in->key;
            int dir = k == UI_KEY_RIGHT || k == UI_KEY_DOWN || k == UI_KEY_PAGEDOWN || k == UI_KEY_SPACE ||
                              k == UI_KEY_ENTER
                          ? 1
                      : k == UI_KEY_LEFT || k == UI_KEY_UP || k == UI_KEY_PAGEUP || k == UI_KEY_BACKSPACE ? -1
                                                                                                          : 0;
            if (dir && qa_step(s, dir)) {
                ui_invalidate(ui);
                return true;
            }
        }
        ui_event_t ev = {.type = UI_EV_KEY_DOWN, .time_ms = in->t, .key = in->key, .mods = in->mods,
                         .repeat = in->repeat};
        return show_event(sh, &ev);
    }
    case IN_PRESS:
        if (show_blank(sh) != SHOW_BLANK_NONE) {
            show_set_blank(sh, SHOW_BLANK_NONE, in->t);
            s->press_unblanked = true;
            return true;
        }
        s->press_unblanked = false;
        return false;
    case IN_TAP:
        if (s->press_unblanked)
            return false;
        show_tap(sh, in->x, in->t);
        return true;
    case IN_DRAG_END: {
        if (s->press_unblanked)
            return false;
        int dx = in->x - in->x0, dy = in->y - in->y0;
        int min = AGM_MAX(24, ui->m.w * 8 / 100);
        /* a mostly horizontal move far enough, fast or slow */
        if (abs(dx) >= min && abs(dx) * 2 > abs(dy) * 3) {
            show_swipe(sh, dx, in->t);
            return true;
        }
        return false;
    }
    default:
        return false;
    }
}

static bool ss_update(ui_t *ui, void *st)
{
    ss_t *s = st;
    if (ui->store && on_qa_slide(s)) {
        if (!s->qa_loaded || ui->now - s->qa_polled >= SS_QA_POLL_MS) {
            s->qa_polled = ui->now;
            if (!s->qa_loaded || store_qa_version(ui->store) != s->qa_version)
                qa_reload(ui, s);
        }
    } else if (s->qa_loaded) {
        /* off the slide: forget the texts until it comes back */
        store_qa_list_free(&s->approved);
        s->qa.text = NULL;
        s->qa_loaded = false;
    }
    /* the presenter's clock: the wall clock for an end time, and the
     * speaking time, which starts again with each question put up */
    show_set_wall_clock(s->show, ui->wall_mono, ui->wall_ms);
    if (on_qa_slide(s) && s->qa.text && s->current[0]) {
        if (strcmp(s->current, s->speak_for) != 0) {
            snprintf(s->speak_for, sizeof s->speak_for, "%s", s->current);
            show_speaking_start(s->show, ui->now);
        }
    } else if (s->speak_for[0]) {
        s->speak_for[0] = '\0';
        show_speaking_stop(s->show);
    }
    const char *ref = NULL;
    if (ui->store && on_meeting_slide(s, &ref)) {
        if (!s->meet_loaded || s->meet_slide != show_index(s->show) || ui->now - s->meet_polled >= SS_QA_POLL_MS) {
            s->meet_polled = ui->now;
            if (!s->meet_loaded || s->meet_slide != show_index(s->show) ||
                store_data_version(ui->store) != s->meet_version)
                meet_reload(ui, s, ref);
        }
    } else if (s->meet_loaded) {
        memset(&s->meeting, 0, sizeof s->meeting);
        s->meet_loaded = false;
    }
    bool redraw = show_update(s->show, ui->now);
    if (redraw)
        ui_invalidate(ui);
    return show_transition(s->show).active;
}

static int ss_wait_ms(ui_t *ui, void *st)
{
    ss_t *s = st;
    int w = show_wait_ms(s->show, ui->now);
    const char *ref = NULL;
    if (ui->store && on_meeting_slide(s, &ref)) {
        uint64_t since = ui->now - s->meet_polled;
        int poll = since >= SS_QA_POLL_MS ? 0 : (int)(SS_QA_POLL_MS - since);
        w = w < 0 ? poll : AGM_MIN(w, poll);
    }
    if (ui->store && on_qa_slide(s)) {
        uint64_t since = ui->now - s->qa_polled;
        int poll = since >= SS_QA_POLL_MS ? 0 : (int)(SS_QA_POLL_MS - since);
        w = w < 0 ? poll : AGM_MIN(w, poll);
    }
    return w;
}

static void ss_draw(ui_t *ui, void *st, gfx_t *g)
{
    ss_t *s = st;
    if (g->ops != s->built_ops) {
        /* the first draw with this backend: measure with it */
        show_invalidate(s->show);
        s->built_ops = g->ops;
    }
    slide_draw_show(g, s->show);
}

/* The slides beside the current one, next first, once per slide shown
 * (and again when the deck is built anew). */
static bool ss_rehearse(ui_t *ui, void *st, gfx_t *g)
{
    ss_t *s = st;
    if (show_transition(s->show).active || g->ops != s->built_ops)
        return false;
    size_t cur = show_index(s->show);
    unsigned gen = show_generation(s->show);
    if (s->rehearsed && s->rehearsed_index == cur && s->rehearsed_gen == gen && s->rehearsed_w == g->w &&
        s->rehearsed_h == g->h)
        return false;
    s->rehearsed = true;
    s->rehearsed_index = cur;
    s->rehearsed_gen = gen;
    s->rehearsed_w = g->w;
    s->rehearsed_h = g->h;
    slide_rehearse(g, s->show, cur + 1);
    if (cur > 0)
        slide_rehearse(g, s->show, cur - 1);
    return true;
}

const screen_def_t screen_slideshow = {
    .name = "slideshow",
    .bar_title = NULL, /* slides fill the screen */
    .no_idle = true,
    .create = ss_create,
    .destroy = ss_destroy,
    .layout = ss_layout,
    .event = ss_event,
    .update = ss_update,
    .wait_ms = ss_wait_ms,
    .draw = ss_draw,
    .rehearse = ss_rehearse,
};

static ss_t *state_of(app_t *a) { return a ? app_screen_state(a, "slideshow") : NULL; }

show_t *slideshow_show(app_t *a)
{
    ss_t *s = state_of(a);
    return s ? s->show : NULL;
}

size_t slideshow_render_count(app_t *a, gfx_t *g)
{
    ss_t *s = state_of(a);
    if (!s)
        return 0;
    show_resize(s->show, g->w, g->h);
    if (g->ops != s->built_ops)
        show_invalidate(s->show);
    show_layout(s->show, g);
    s->built_ops = g->ops;
    return show_count(s->show);
}

bool slideshow_render_select(app_t *a, size_t i)
{
    ss_t *s = state_of(a);
    if (!s || i >= show_count(s->show))
        return false;
    show_jump(s->show, i);
    return true;
}

void slideshow_draw_presenter(app_t *a, gfx_t *g)
{
    ss_t *s = state_of(a);
    if (!s)
        return;
    slide_draw_presenter(g, s->show, &s->pv, show_now(s->show));
}

bool slideshow_take_fullscreen_request(app_t *a)
{
    ss_t *s = state_of(a);
    return s && show_take_fullscreen_request(s->show);
}

const char *slideshow_qa_current(app_t *a)
{
    ss_t *s = state_of(a);
    if (!s || !app_current_screen(a) || strcmp(app_current_screen(a), "slideshow") != 0 || !on_qa_slide(s) ||
        !s->qa.text || !s->current[0] || show_transition(s->show).active)
        return NULL;
    return s->current;
}
