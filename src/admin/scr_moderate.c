/* scr_moderate.c - the moderation screen, reached from the admin screen
 * (after the PIN): the questions whose asker opted in to be shown during
 * Q&A, newest first, each with Approve, Hide, Answered and Show now, and
 * the counts per state. Never the asker's name (the store does not read
 * it). Every change goes to the store at once (one durable transaction).
 *
 * Touch: the buttons of each card (ids mod.approve.N, mod.hide.N,
 * mod.answer.N, mod.show.N; N counts from the newest), mod.unshow to take
 * the question off the screen. Keyboard: Up/Down choose a question, A
 * approve, H hide, D answered (done), S show now, C clear the screen,
 * PageUp/PageDown scroll, Escape back. The list follows the store (another
 * kiosk process, an import) with a poll of its change counter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "../ui/widgets.h"
#include "admin_screen.h"

#define MOD_POLL_MS 250
#define MOD_MAX_CARDS 200 /* newest first: older ones wait for a decision on these */

enum { ACT_APPROVE, ACT_HIDE, ACT_ANSWER, ACT_SHOW, ACTS };
static const char *const act_key[ACTS] = {"moderate.approve", "moderate.hide", "moderate.answer", "moderate.show"};
static const char *const act_id[ACTS] = {"mod.approve", "mod.hide", "mod.answer", "mod.show"};
static const store_qa_action_t act_do[ACTS] = {STORE_QA_APPROVE, STORE_QA_HIDE, STORE_QA_ANSWER,
                                               STORE_QA_SHOW_NOW};

typedef struct {
    store_qa_list_t list;
    uint64_t version;
    bool have;
    uint64_t polled;
    int sel;                  /* the question the keys act on */
    scroll_t scroll;
    rect_t counts, unshow, hint;
    int ncards;
    rect_t card[MOD_MAX_CARDS];        /* content coordinates */
    rect_t btn[MOD_MAX_CARDS][ACTS];   /* content coordinates */
    char ids[MOD_MAX_CARDS][ACTS][24];
    int text_lines;
    char counts_text[256];
    char note[256];
} mod_t;

static void *mod_create(ui_t *ui)
{
    (void)ui;
    return xcalloc(1, sizeof(mod_t));
}

static void mod_destroy(void *st)
{
    mod_t *m = st;
    if (!m)
        return;
    store_qa_list_free(&m->list);
    free(m);
}

/* Read the list again (and keep the selection on the same question). */
static void mod_reload(ui_t *ui, mod_t *m)
{
    char keep[37] = "";
    if (m->sel >= 0 && (size_t)m->sel < m->list.n)
        snprintf(keep, sizeof keep, "%s", m->list.v[m->sel].uuid);
    store_qa_list_free(&m->list);
    m->have = false;
    if (!ui->store)
        return;
    m->version = store_qa_version(ui->store);
    if (store_qa_list(ui->store, STORE_QA_ANY, true, &m->list) != STORE_OK) {
        log_warn("moderate", "%s", store_errmsg(ui->store));
        return;
    }
    m->have = true;
    m->sel = m->list.n ? AGM_MIN(AGM_MAX(m->sel, 0), (int)m->list.n - 1) : -1;
    for (size_t i = 0; keep[0] && i < m->list.n; i++)
        if (strcmp(m->list.v[i].uuid, keep) == 0)
            m->sel = (int)i;
    char n[STORE_QA_STATES][24];
    for (int k = 0; k < STORE_QA_STATES; k++)
        snprintf(n[k], sizeof n[k], "%lld", (long long)m->list.count[k]);
    snprintf(m->counts_text, sizeof m->counts_text, "%s",
             ui_fmt(ui, "moderate.counts", n[STORE_QA_NEW], n[STORE_QA_APPROVED], n[STORE_QA_HIDDEN],
                    n[STORE_QA_ANSWERED], (const char *)NULL));
}

static void mod_enter(ui_t *ui, void *st)
{
    mod_t *m = st;
    m->sel = 0;
    m->note[0] = '\0';
    scroll_to(&m->scroll, 0);
    mod_reload(ui, m);
    m->polled = ui->now;
    ui_relayout(ui);
}

/* Nothing of the list stays in memory once the screen is left. */
static void mod_leave(ui_t *ui, void *st)
{
    (void)ui;
    mod_t *m = st;
    store_qa_list_free(&m->list);
    m->have = false;
    m->ncards = 0;
}

static const char *mod_title(ui_t *ui, void *st)
{
    (void)st;
    return ui_str(ui, "moderate.title");
}

static void mod_layout(ui_t *ui, void *st)
{
    mod_t *m = st;
    const ui_metrics_t *mt = &ui->m;
    int M = mt->margin, y = ui->body.y + mt->gap;
    int uw = AGM_MAX(ui_button_width(ui, ui_str(ui, "moderate.unshow"), mt->px_body), mt->target * 2);
    m->unshow = (rect_t){mt->w - M - uw, y, uw, mt->button_h};
    m->counts = (rect_t){M, y, m->unshow.x - mt->gap - M, mt->button_h};
    /* the keys line: whole, over two lines on a narrow screen */
    int hint_line = mt->px_small * 3 / 2;
    font_t sf = ui_font(mt->px_small, false);
    int hint_h = text_height(ui->gfx, &sf, ui_str(ui, "moderate.keys"), mt->w - 2 * M, hint_line);
    hint_h = AGM_MIN(AGM_MAX(hint_h, hint_line), 2 * hint_line);
    m->hint = (rect_t){M, mt->h - M / 2 - hint_h, mt->w - 2 * M, hint_h};
    rect_t view = {0, y + mt->button_h + mt->gap, mt->w, m->hint.y - mt->gap / 2 - (y + mt->button_h + mt->gap)};
    /* a card: meta line, the text (up to text_lines lines), the buttons */
    int cw = mt->w - 2 * M, pad = mt->u * 2;
    m->text_lines = mt->portrait ? 4 : 3;
    int bw = (cw - 2 * pad - (ACTS - 1) * mt->gap) / ACTS;
    int ch = pad + mt->body_line + m->text_lines * mt->body_line + mt->gap + mt->button_h + pad;
    m->ncards = (int)AGM_MIN(m->list.n, (size_t)MOD_MAX_CARDS);
    int cy = 0;
    for (int i = 0; i < m->ncards; i++) {
        m->card[i] = (rect_t){M, cy, cw, ch};
        for (int k = 0; k < ACTS; k++) {
            m->btn[i][k] = (rect_t){M + pad + k * (bw + mt->gap), cy + ch - pad - mt->button_h, bw, mt->button_h};
            snprintf(m->ids[i][k], sizeof m->ids[i][k], "%s.%d", act_id[k], i);
        }
        cy += ch + mt->gap;
    }
    scroll_set_content(&m->scroll, view, cy);
}

static void keep_visible(mod_t *m)
{
    if (m->sel < 0 || m->sel >= m->ncards)
        return;
    rect_t c = m->card[m->sel];
    int off = (int)m->scroll.offset;
    if (c.y < off)
        scroll_to(&m->scroll, c.y);
    else if (c.y + c.h > off + m->scroll.view.h)
        scroll_to(&m->scroll, c.y + c.h - m->scroll.view.h);
}

static void act(ui_t *ui, mod_t *m, int i, store_qa_action_t a)
{
    if (!ui->store || (a != STORE_QA_UNSHOW && (i < 0 || (size_t)i >= m->list.n)))
        return;
    store_rc_t rc = store_qa_set(ui->store, a == STORE_QA_UNSHOW ? NULL : m->list.v[i].uuid, a);
    if (rc != STORE_OK) {
        log_warn("moderate", "%s", store_errmsg(ui->store));
        snprintf(m->note, sizeof m->note, "%s", ui_str(ui, "moderate.failed"));
    } else {
        m->note[0] = '\0';
    }
    if (i >= 0)
        m->sel = i;
    mod_reload(ui, m);
    ui_relayout(ui);
    ui_invalidate(ui);
}

static bool mod_activate(ui_t *ui, void *st, const char *id)
{
    mod_t *m = st;
    if (strcmp(id, "nav.back") == 0) {
        if (ui->mode == APP_MODE_MODERATE) {
            /* its own window: back locks it (the PIN pad) */
            ui_go(ui, "admin_pin");
            return true;
        }
        /* back to the admin screen, which the PIN opened */
        admin_unlock(ui);
        return false;
    }
    if (strcmp(id, "mod.unshow") == 0) {
        act(ui, m, -1, STORE_QA_UNSHOW);
        return true;
    }
    for (int k = 0; k < ACTS; k++) {
        size_t n = strlen(act_id[k]);
        if (strncmp(id, act_id[k], n) == 0 && id[n] == '.') {
            act(ui, m, atoi(id + n + 1), act_do[k]);
            return true;
        }
    }
    return false;
}

static bool mod_event(ui_t *ui, void *st, const ui_input_t *in)
{
    mod_t *m = st;
    if (in->kind == IN_KEY) {
        switch (in->key) {
        case UI_KEY_ESCAPE:
            if (ui->mode == APP_MODE_MODERATE) {
                ui_go(ui, "admin_pin");
                return true;
            }
            admin_unlock(ui);
            ui_back(ui);
            return true;
        case UI_KEY_UP:
        case UI_KEY_DOWN:
            if (m->list.n) {
                m->sel = AGM_MIN(AGM_MAX(m->sel + (in->key == UI_KEY_UP ? -1 : 1), 0), m->ncards - 1);
                keep_visible(m);
            }
            return true;
        case 'a': act(ui, m, m->sel, STORE_QA_APPROVE); return true;
        case 'h': act(ui, m, m->sel, STORE_QA_HIDE); return true;
        case 'd': act(ui, m, m->sel, STORE_QA_ANSWER); return true;
        case 's': act(ui, m, m->sel, STORE_QA_SHOW_NOW); return true;
        case 'c': act(ui, m, -1, STORE_QA_UNSHOW); return true;
        default: break;
        }
    }
    return scroll_input(&m->scroll, in, ui->m.body_line * 2);
}

static bool mod_update(ui_t *ui, void *st)
{
    mod_t *m = st;
    if (ui->store && ui->now - m->polled >= MOD_POLL_MS) {
        m->polled = ui->now;
        if (store_qa_version(ui->store) != m->version) {
            mod_reload(ui, m);
            ui_relayout(ui);
            ui_invalidate(ui);
        }
    }
    bool moving = scroll_update(&m->scroll, ui->now);
    if (moving)
        ui_invalidate(ui);
    return moving;
}

static int mod_wait_ms(ui_t *ui, void *st)
{
    mod_t *m = st;
    if (!ui->store)
        return -1;
    uint64_t since = ui->now - m->polled;
    return since >= MOD_POLL_MS ? 0 : (int)(MOD_POLL_MS - since);
}

static rect_t on_screen(const mod_t *m, rect_t r)
{
    return (rect_t){r.x, r.y - (int)m->scroll.offset + m->scroll.view.y, r.w, r.h};
}

static void mod_draw(ui_t *ui, void *st, gfx_t *g)
{
    mod_t *m = st;
    const ui_metrics_t *mt = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, ui->body, t->surface_alt);
    font_t bf = ui_font(mt->px_body, true), rf = ui_font(mt->px_body, false), sf = ui_font(mt->px_small, false),
           sb = ui_font(mt->px_small, true);
    text_draw_box(g, &bf, t->text, m->have ? m->counts_text : ui_str(ui, "moderate.unavailable"), m->counts,
                  TEXT_LEFT, mt->body_line);
    ui_draw_button(ui, g, m->unshow, "mod.unshow", ui_str(ui, "moderate.unshow"), mt->px_body, BTN_SECONDARY, 0);
    gfx_push_clip(g, m->scroll.view);
    if (m->have && m->list.n == 0) {
        rect_t r = {mt->margin, m->scroll.view.y + mt->gap, mt->w - 2 * mt->margin, mt->body_line * 3};
        text_draw_box(g, &rf, t->muted, ui_str(ui, "moderate.empty"), r, TEXT_LEFT, mt->body_line);
    }
    int pad = mt->u * 2;
    for (int i = 0; i < m->ncards; i++) {
        rect_t c = on_screen(m, m->card[i]);
        if (c.y + c.h < m->scroll.view.y || c.y > m->scroll.view.y + m->scroll.view.h)
            continue;
        const store_qa_item_t *q = &m->list.v[i];
        gfx_round(g, c, mt->radius, q->shown ? color_mix(t->surface, t->accent, 0.18f) : t->surface);
        if (i == m->sel)
            gfx_stroke(g, c, mt->radius, AGM_MAX(2, mt->u / 2), t->accent);
        char meta[200];
        const char *state = ui_str(ui, q->state == STORE_QA_APPROVED ? "moderate.state_approved"
                                       : q->state == STORE_QA_HIDDEN ? "moderate.state_hidden"
                                       : q->state == STORE_QA_ANSWERED ? "moderate.state_answered"
                                                                       : "moderate.state_new");
        /* the time as HH:MM of the UTC stamp, the kiosk, the state */
        snprintf(meta, sizeof meta, "%.5s  %s  %s%s%s", strlen(q->created_at) >= 16 ? q->created_at + 11 : "",
                 q->kiosk_id, state, q->shown ? "  " : "", q->shown ? ui_str(ui, "moderate.on_screen") : "");
        rect_t mr = {c.x + pad, c.y + pad, c.w - 2 * pad, mt->body_line};
        text_draw_box(g, q->shown ? &sb : &sf, q->shown ? t->accent : t->muted, meta, mr, TEXT_LEFT, mt->body_line);
        rect_t tr = {c.x + pad, mr.y + mt->body_line, c.w - 2 * pad, m->text_lines * mt->body_line};
        text_draw_box(g, &rf, q->state == STORE_QA_HIDDEN ? t->muted : t->text, q->text, tr, TEXT_LEFT,
                      mt->body_line);
        for (int k = 0; k < ACTS; k++) {
            bool current = (k == ACT_APPROVE && q->state == STORE_QA_APPROVED && !q->shown) ||
                           (k == ACT_HIDE && q->state == STORE_QA_HIDDEN) ||
                           (k == ACT_ANSWER && q->state == STORE_QA_ANSWERED) || (k == ACT_SHOW && q->shown);
            ui_draw_button(ui, g, on_screen(m, m->btn[i][k]), m->ids[i][k], ui_str(ui, act_key[k]), mt->px_body,
                           current ? BTN_SELECTED : k == ACT_SHOW ? BTN_PRIMARY : BTN_SECONDARY, 0);
        }
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&m->scroll, g, t->muted, AGM_MAX(2, mt->u / 2));
    text_draw_box(g, &sf, m->note[0] ? t->danger : t->muted, m->note[0] ? m->note : ui_str(ui, "moderate.keys"),
                  m->hint, TEXT_LEFT, mt->px_small * 3 / 2);
}

static size_t mod_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    mod_t *m = st;
    size_t n = 0;
    if (ui->store)
        n = ui_control_add(out, n, max, m->unshow, "mod.unshow");
    for (int i = 0; i < m->ncards; i++)
        for (int k = 0; k < ACTS; k++) {
            rect_t r;
            if (scroll_visible(&m->scroll, m->btn[i][k], ui->m.target, &r))
                n = ui_control_add(out, n, max, r, m->ids[i][k]);
        }
    return n;
}

const screen_def_t screen_moderate = {
    .name = "moderate",
    .bar_title = mod_title,
    .show_back = true,
    .create = mod_create,
    .destroy = mod_destroy,
    .layout = mod_layout,
    .enter = mod_enter,
    .leave = mod_leave,
    .activate = mod_activate,
    .event = mod_event,
    .update = mod_update,
    .wait_ms = mod_wait_ms,
    .draw = mod_draw,
    .controls = mod_controls,
};
