/* scr_votes.c - the resolutions' hand-counts, reached from the attendance
 * register (after the PIN): pick a resolution of resolutions.ini, enter
 * for / against / abstain on a number pad, see what the counts give under
 * its majority with the attendance of this moment, and save. A correction
 * is entered the same way and saved as a new row: the history stays, the
 * latest entry counts (the slide and the minutes show it).
 *
 * Controls: votes.res.N (resolution N of the file), votes.field.for,
 * votes.field.against, votes.field.abstain, votes.key.0 .. votes.key.9,
 * votes.key.del, votes.key.clear, votes.key.next, votes.save. Keyboard:
 * digits, Backspace, Tab (next field), Up/Down (resolution), Enter (save),
 * Escape (back). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../core/log.h"
#include "../core/tz.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "../ui/text.h"
#include "../ui/widgets.h"
#include "admin_screen.h"

#define V_POLL_MS 500
#define V_MAX_RES 12
#define V_KEYS 14

static const char *const field_id[3] = {"votes.field.for", "votes.field.against", "votes.field.abstain"};
static const char *const field_key[3] = {"votes.for", "votes.against", "votes.abstain"};
/* the pad, row by row: three columns, and a fourth with delete and save */
static const char *const key_id[V_KEYS] = {"votes.key.1", "votes.key.2", "votes.key.3", "votes.key.4",
                                           "votes.key.5", "votes.key.6", "votes.key.7", "votes.key.8",
                                           "votes.key.9", "votes.key.clear", "votes.key.0", "votes.key.next",
                                           "votes.key.del", "votes.save"};

typedef struct {
    int sel;                  /* resolution */
    int field;                /* 0 for, 1 against, 2 abstain */
    char digits[3][12];
    store_votes_t votes;
    meet_attendance_t att;
    bool have;
    uint64_t version, polled;
    rect_t res_btn[V_MAX_RES];
    char res_id[V_MAX_RES][24];
    int nres;
    rect_t status;
    rect_t fbox[3], flabel[3];
    rect_t keys[V_KEYS];
    char note[256];
    bool note_error;
    char saved_lang[16];      /* the attendee's language while the organizers' is shown */
} votes_t;

static void *v_create(ui_t *ui) { return xcalloc(1, sizeof(votes_t)); }

static void v_destroy(void *st)
{
    votes_t *v = st;
    if (!v)
        return;
    store_votes_free(&v->votes);
    free(v);
}

static const char *v_title(ui_t *ui, void *st)
{
    (void)st;
    return ui_str(ui, "votes.title");
}

static const resolution_t *sel_res(ui_t *ui, const votes_t *v)
{
    const content_t *c = content_in(ui->content, ui->lang);
    return c && v->sel >= 0 && (size_t)v->sel < c->nresolutions ? &c->resolutions[v->sel] : NULL;
}

/* The fields show the latest entry of the resolution chosen. */
static void load_fields(ui_t *ui, votes_t *v)
{
    memset(v->digits, 0, sizeof v->digits);
    const resolution_t *r = sel_res(ui, v);
    const store_vote_t *e = r ? store_votes_latest(&v->votes, r->id, NULL) : NULL;
    if (e) {
        snprintf(v->digits[0], sizeof v->digits[0], "%" PRId64, e->votes_for);
        snprintf(v->digits[1], sizeof v->digits[1], "%" PRId64, e->against);
        snprintf(v->digits[2], sizeof v->digits[2], "%" PRId64, e->abstain);
    }
    v->field = 0;
}

static void v_reload(ui_t *ui, votes_t *v)
{
    store_votes_free(&v->votes);
    v->have = false;
    if (!ui->store)
        return;
    v->version = store_data_version(ui->store);
    if (store_votes(ui->store, &v->votes) == STORE_OK && store_attendance_counts(ui->store, &v->att) == STORE_OK)
        v->have = true;
    else
        log_warn("votes", "%s", store_errmsg(ui->store));
}

static void v_enter(ui_t *ui, void *st)
{
    votes_t *v = st;
    admin_lang_enter(ui, v->saved_lang);
    v->note[0] = '\0';
    if (v->sel < 0)
        v->sel = 0;
    v_reload(ui, v);
    v->polled = ui->now;
    load_fields(ui, v);
    ui_relayout(ui);
}

static void v_leave(ui_t *ui, void *st)
{
    votes_t *v = st;
    admin_lang_leave(ui, v->saved_lang);
    store_votes_free(&v->votes);
    v->have = false;
}

static void v_layout(ui_t *ui, void *st)
{
    votes_t *v = st;
    const ui_metrics_t *m = &ui->m;
    const content_t *c = ui->content;
    int M = m->margin, top = ui->body.y + m->gap, bottom = m->h - M;
    v->nres = c ? (int)AGM_MIN(c->nresolutions, (size_t)V_MAX_RES) : 0;
    rect_t left, right;
    if (!m->portrait) {
        int lw = (m->w - 2 * M - m->gap * 2) * 42 / 100;
        left = (rect_t){M, top, lw, bottom - top};
        right = (rect_t){M + lw + m->gap * 2, top, m->w - 2 * M - lw - m->gap * 2, bottom - top};
    } else {
        left = (rect_t){M, top, m->w - 2 * M, 0};
        right = (rect_t){M, 0, m->w - 2 * M, 0};
    }
    int bh = v->nres ? AGM_MAX(m->target, AGM_MIN(m->button_h, (left.h ? left.h / 2 : m->button_h * v->nres) / v->nres))
                     : 0;
    bh = AGM_MIN(bh, m->button_h);
    int y = left.y;
    for (int i = 0; i < v->nres; i++) {
        v->res_btn[i] = (rect_t){left.x, y, left.w, bh};
        snprintf(v->res_id[i], sizeof v->res_id[i], "votes.res.%d", i);
        y += bh + m->gap / 2;
    }
    int line_s = m->px_small * 3 / 2;
    if (!m->portrait) {
        v->status = (rect_t){left.x, y + m->gap, left.w, bottom - y - m->gap};
    } else {
        v->status = (rect_t){left.x, y + m->gap, left.w, line_s * 7};
        right.y = v->status.y + v->status.h + m->gap;
        right.h = bottom - right.y;
    }
    /* the three fields */
    int fw = (right.w - 2 * m->gap) / 3;
    for (int k = 0; k < 3; k++) {
        v->flabel[k] = (rect_t){right.x + k * (fw + m->gap), right.y, fw, m->body_line};
        v->fbox[k] = (rect_t){v->flabel[k].x, right.y + m->body_line, fw, m->button_h};
    }
    int py = right.y + m->body_line + m->button_h + m->gap * 2;
    int kg = AGM_MAX(m->gap / 2, 6);
    int kh = AGM_MAX(m->target, (right.y + right.h - py - 3 * kg) / 4);
    kh = AGM_MIN(kh, m->button_h * 2);
    int kw = (right.w - 3 * kg) / 4;
    for (int i = 0; i < 12; i++)
        v->keys[i] = (rect_t){right.x + (i % 3) * (kw + kg), py + (i / 3) * (kh + kg), kw, kh};
    v->keys[12] = (rect_t){right.x + 3 * (kw + kg), py, kw, kh};
    v->keys[13] = (rect_t){right.x + 3 * (kw + kg), py + kh + kg, kw, 3 * kh + 2 * kg};
}

static int64_t value_of(const char *d) { return *d ? strtoll(d, NULL, 10) : 0; }

static void v_save(ui_t *ui, votes_t *v)
{
    const resolution_t *r = sel_res(ui, v);
    if (!r || !ui->store) {
        snprintf(v->note, sizeof v->note, "%s", ui_str(ui, "votes.failed"));
        v->note_error = true;
        return;
    }
    if (!v->digits[0][0] && !v->digits[1][0] && !v->digits[2][0]) {
        snprintf(v->note, sizeof v->note, "%s", ui_str(ui, "votes.empty"));
        v->note_error = true;
        return;
    }
    const content_t *c = ui->content;
    meet_attendance_t att;
    if (store_attendance_counts(ui->store, &att) != STORE_OK)
        memset(&att, 0, sizeof att);
    int64_t members = content_voting_members(c);
    store_vote_in_t in = {
        .resolution = r->id,
        .majority = r->majority,
        .votes_for = value_of(v->digits[0]),
        .against = value_of(v->digits[1]),
        .abstain = value_of(v->digits[2]),
        .attending = meet_attending(&c->event.quorum, &att),
        .quorum = members > 0 && meet_quorum_met(&c->event.quorum, &att, members),
    };
    size_t before = 0;
    store_votes_latest(&v->votes, r->id, &before);
    store_rc_t rc = store_vote_add(ui->store, &in, NULL);
    if (rc != STORE_OK) {
        log_warn("votes", "%s", store_errmsg(ui->store));
        snprintf(v->note, sizeof v->note, "%s", ui_str(ui, "votes.failed"));
        v->note_error = true;
    } else {
        meet_result_t res;
        meet_decide(in.majority, in.votes_for, in.against, in.abstain, in.attending, in.quorum, &res);
        static const char *const word[3] = {"votes.passed", "votes.rejected", "votes.no_quorum"};
        snprintf(v->note, sizeof v->note, "%s",
                 ui_fmt(ui, before ? "votes.saved_correction" : "votes.saved", ui_str(ui, word[res.outcome]),
                        (const char *)NULL));
        v->note_error = false;
    }
    v_reload(ui, v);
    ui_invalidate(ui);
}

static void type_digit(votes_t *v, char d)
{
    char *f = v->digits[v->field];
    size_t n = strlen(f);
    if (n == 1 && f[0] == '0')
        n = 0; /* no leading zero */
    if (n < 9) {
        f[n] = d;
        f[n + 1] = '\0';
    }
}

static void pick_res(ui_t *ui, votes_t *v, int i)
{
    if (i < 0 || i >= v->nres)
        return;
    v->sel = i;
    v->note[0] = '\0';
    load_fields(ui, v);
}

static bool v_activate(ui_t *ui, void *st, const char *id)
{
    votes_t *v = st;
    if (strncmp(id, "votes.res.", 10) == 0) {
        pick_res(ui, v, atoi(id + 10));
        return true;
    }
    for (int k = 0; k < 3; k++)
        if (strcmp(id, field_id[k]) == 0) {
            v->field = k;
            return true;
        }
    if (strcmp(id, "votes.save") == 0) {
        v_save(ui, v);
        return true;
    }
    if (strcmp(id, "votes.key.del") == 0) {
        size_t n = strlen(v->digits[v->field]);
        if (n)
            v->digits[v->field][n - 1] = '\0';
        return true;
    }
    if (strcmp(id, "votes.key.clear") == 0) {
        v->digits[v->field][0] = '\0';
        return true;
    }
    if (strcmp(id, "votes.key.next") == 0) {
        v->field = (v->field + 1) % 3;
        return true;
    }
    if (strncmp(id, "votes.key.", 10) == 0 && id[10] >= '0' && id[10] <= '9' && !id[11]) {
        type_digit(v, id[10]);
        return true;
    }
    return false;
}

static bool v_event(ui_t *ui, void *st, const ui_input_t *in)
{
    votes_t *v = st;
    if (in->kind == IN_TEXT && in->text) {
        for (const char *p = in->text; *p; p++)
            if (*p >= '0' && *p <= '9')
                type_digit(v, *p);
        return true;
    }
    if (in->kind != IN_KEY)
        return false;
    switch (in->key) {
    case UI_KEY_ESCAPE: ui_back(ui); return true;
    case UI_KEY_TAB: v->field = (v->field + ((in->mods & UI_MOD_SHIFT) ? 2 : 1)) % 3; return true;
    case UI_KEY_BACKSPACE: return v_activate(ui, v, "votes.key.del");
    case UI_KEY_ENTER: v_save(ui, v); return true;
    case UI_KEY_UP: pick_res(ui, v, v->sel - 1); return true;
    case UI_KEY_DOWN: pick_res(ui, v, v->sel + 1); return true;
    default: return false;
    }
}

static bool v_update(ui_t *ui, void *st)
{
    votes_t *v = st;
    if (ui->store && ui->now - v->polled >= V_POLL_MS) {
        v->polled = ui->now;
        if (store_data_version(ui->store) != v->version) {
            v_reload(ui, v);
            ui_invalidate(ui);
        }
    }
    return false;
}

static int v_wait_ms(ui_t *ui, void *st)
{
    votes_t *v = st;
    if (!ui->store)
        return -1;
    uint64_t since = ui->now - v->polled;
    return since >= V_POLL_MS ? 0 : (int)(V_POLL_MS - since);
}

static const char *majority_key(meet_majority_t m)
{
    static const char *const keys[MEET_MAJORITIES] = {"slides.majority_simple", "slides.majority_attending",
                                                      "slides.majority_two_thirds",
                                                      "slides.majority_two_thirds_attending",
                                                      "slides.majority_unanimous"};
    return keys[(unsigned)m < MEET_MAJORITIES ? m : 0];
}

/* What the selected resolution's panel says: the rule, the attendance now
 * and what the counts typed would give, then the entries saved. */
static void status_text(ui_t *ui, votes_t *v, strbuf_t *s)
{
    const resolution_t *r = sel_res(ui, v);
    const content_t *c = ui->content;
    if (!r) {
        sb_append(s, ui_str(ui, "votes.none"));
        return;
    }
    int64_t members = content_voting_members(c);
    int64_t att = meet_attending(&c->event.quorum, &v->att);
    bool quorum = members > 0 && meet_quorum_met(&c->event.quorum, &v->att, members);
    char a[24], need[24];
    snprintf(a, sizeof a, "%" PRId64, att);
    sb_printf(s, "%s \xC2\xB7 %s\n", ui_str(ui, majority_key(r->majority)),
              ui_fmt(ui, quorum ? "votes.now_quorum" : "votes.now_no_quorum", a, (const char *)NULL));
    meet_result_t res;
    meet_decide(r->majority, value_of(v->digits[0]), value_of(v->digits[1]), value_of(v->digits[2]), att, quorum,
                &res);
    snprintf(need, sizeof need, "%" PRId64, res.needed);
    static const char *const word[3] = {"votes.passed", "votes.rejected", "votes.no_quorum"};
    sb_printf(s, "%s\n", ui_fmt(ui, "votes.would", ui_str(ui, word[res.outcome]), need, (const char *)NULL));
    if (res.over)
        sb_printf(s, "%s\n", ui_str(ui, "votes.over"));
    size_t n = 0;
    for (size_t i = 0; i < v->votes.n; i++) {
        const store_vote_t *e = &v->votes.v[i];
        if (strcmp(e->resolution, r->id) != 0)
            continue;
        char t[64] = "", f[24], g[24], h[24];
        tz_format_utc(e->created_at, ui->cfg ? ui->cfg->time_zone : NULL, t, sizeof t);
        const char *sp = strchr(t, ' ');
        char hm[8];
        snprintf(hm, sizeof hm, "%.5s", sp ? sp + 1 : t);
        snprintf(f, sizeof f, "%" PRId64, e->votes_for);
        snprintf(g, sizeof g, "%" PRId64, e->against);
        snprintf(h, sizeof h, "%" PRId64, e->abstain);
        sb_printf(s, "%s\n", ui_fmt(ui, n ? "votes.entry_correction" : "votes.entry", hm, f, g, h,
                                    ui_str(ui, word[e->outcome]), (const char *)NULL));
        n++;
    }
    if (!n)
        sb_append(s, ui_str(ui, "votes.not_counted"));
}

static void v_draw(ui_t *ui, void *st, gfx_t *g)
{
    votes_t *v = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    const content_t *c = content_in(ui->content, ui->lang);
    gfx_fill(g, ui->body, t->surface_alt);
    font_t bf = ui_font(m->px_body, true), sf = ui_font(m->px_small, false), bigf = ui_font(m->px_h2, true);
    if (v->nres == 0) {
        rect_t r = {m->margin, ui->body.y + m->gap, m->w - 2 * m->margin, m->body_line * 3};
        text_draw_box(g, &sf, t->muted, ui_str(ui, "votes.none"), r, TEXT_LEFT, m->body_line);
    }
    for (int i = 0; i < v->nres; i++) {
        char label[300];
        snprintf(label, sizeof label, "%d. %s", i + 1, c->resolutions[i].title);
        ui_draw_button(ui, g, v->res_btn[i], v->res_id[i], label, m->px_body, i == v->sel ? BTN_SELECTED : BTN_SECONDARY,
                       0);
    }
    strbuf_t s = {0};
    status_text(ui, v, &s);
    int line_s = m->px_small * 3 / 2;
    rect_t sb = v->status;
    if (v->note[0]) {
        font_t nf = ui_font(m->px_small, true);
        int h = text_draw_box(g, &nf, v->note_error ? t->danger : t->success, v->note, sb, TEXT_LEFT, line_s);
        sb.y += h + m->u;
        sb.h -= h + m->u;
    }
    gfx_push_clip(g, v->status);
    text_draw_box(g, &sf, t->text, s.s ? s.s : "", sb, TEXT_LEFT, line_s);
    gfx_pop_clip(g);
    sb_free(&s);
    int lt = AGM_MAX(1, m->line);
    for (int k = 0; k < 3; k++) {
        text_draw_box(g, &bf, t->muted, ui_str(ui, field_key[k]), v->flabel[k], TEXT_LEFT, v->flabel[k].h);
        bool on = k == v->field;
        gfx_round(g, v->fbox[k], m->radius, RGBA(255, 255, 255, 255));
        gfx_stroke(g, v->fbox[k], m->radius, on ? lt * 3 : lt, on ? t->accent : t->muted);
        font_metrics_t fm = gfx_metrics(g, &bigf);
        const char *d = v->digits[k][0] ? v->digits[k] : "0";
        int tw = gfx_text_width(g, &bigf, d);
        gfx_text(g, &bigf, v->fbox[k].x + v->fbox[k].w - tw - m->u * 3,
                 v->fbox[k].y + (v->fbox[k].h - fm.ascent - fm.descent) / 2, d, v->digits[k][0] ? t->text : t->muted);
    }
    static const char *const labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "\xE2\x86\x92"};
    for (int i = 0; i < 12; i++)
        ui_draw_button(ui, g, v->keys[i], key_id[i], labels[i], m->px_h3, BTN_SECONDARY, 0);
    ui_draw_button(ui, g, v->keys[12], key_id[12], ui_str(ui, "votes.delete"), m->px_body, BTN_SECONDARY, 0);
    ui_draw_button(ui, g, v->keys[13], key_id[13], ui_str(ui, "votes.save"), m->px_body, BTN_PRIMARY, 0);
}

static size_t v_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    votes_t *v = st;
    size_t n = 0;
    for (int i = 0; i < v->nres; i++)
        n = ui_control_add(out, n, max, v->res_btn[i], v->res_id[i]);
    for (int k = 0; k < 3; k++)
        n = ui_control_add(out, n, max, v->fbox[k], field_id[k]);
    for (int i = 0; i < V_KEYS; i++)
        n = ui_control_add(out, n, max, v->keys[i], key_id[i]);
    return n;
}

const screen_def_t screen_votes = {
    .name = "votes",
    .bar_title = v_title,
    .show_back = true,
    .create = v_create,
    .destroy = v_destroy,
    .layout = v_layout,
    .enter = v_enter,
    .leave = v_leave,
    .activate = v_activate,
    .event = v_event,
    .update = v_update,
    .wait_ms = v_wait_ms,
    .draw = v_draw,
    .controls = v_controls,
};
