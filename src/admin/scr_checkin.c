/* scr_checkin.c - the attendance register, reached from the admin screen
 * (after the PIN): check a member in as present, by written vote or by
 * proxy (and to whom), a walk-in as a guest, and undo a check-in. The
 * counts and whether the quorum is met are on top, live.
 *
 * The members come from members.csv (content folder); a search field with
 * the on-screen keyboard (Latin letters, kana or Hangul, as on the forms)
 * narrows them by name or reading. The name typed is also offered as a
 * walk-in (a guest, without a vote); without members.csv it can be checked
 * in as a member in any of the three ways. A proxy asks for its holder
 * next: a member picked from the list, the name typed, or the chair.
 *
 * Every check-in and undo is one durable row in the store (store_checkin),
 * the names sealed when records are sealed; a sealed walk-in's name is not
 * readable here, only that there is one.
 *
 * Controls (stable ids for replays): ci.search (the field), ci.votes (the
 * resolutions' hand-counts), ci.present.ID, ci.written.ID, ci.proxy.ID,
 * ci.guest.ID for member ID (and ID "typed" for the name typed),
 * ci.undo.ID for member ID and ci.undo.SEQ for the check-in SEQ of a name
 * not on the list, ci.holder.ID / ci.holder.typed and
 * ci.chair while a proxy's holder is asked, ci.cancel; the keyboard's keys
 * as kb.* while it is up. Escape puts the keyboard away, cancels a proxy,
 * then goes back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../core/log.h"
#include "../core/seal.h"
#include "../core/tz.h"
#include "../core/util.h"
#include "../forms/keyboard.h"
#include "../forms/textfield.h"
#include "../ui/screen.h"
#include "../ui/text.h"
#include "../ui/widgets.h"
#include "admin_screen.h"

#define CI_POLL_MS 500
#define CI_MAX_ROWS 400
#define CI_MAX_BTNS 4

enum { A_PRESENT, A_WRITTEN, A_PROXY, A_GUEST, A_UNDO, A_HOLDER, A_N };
static const char *const act_word[A_N] = {"present", "written", "proxy", "guest", "undo", "holder"};
static const char *const act_key[A_N] = {"checkin.present", "checkin.written", "checkin.proxy", "checkin.guest",
                                         "checkin.undo", "checkin.holder"};

typedef enum { ROW_TYPED, ROW_MEMBER, ROW_WALKIN } row_kind_t;

typedef struct {
    row_kind_t kind;
    int member;     /* content member index, -1 */
    int checkin;    /* index into list.v of its active check-in, -1 */
    int nbtn;
    int act[CI_MAX_BTNS];
    char id[CI_MAX_BTNS][96];
    rect_t btn[CI_MAX_BTNS];   /* content coordinates */
    rect_t card;
} ci_row_t;

typedef struct {
    textfield_t search;
    keyboard_t kb;
    bool kb_shown;
    store_checkins_t list;
    bool have;
    uint64_t version, polled;
    /* a proxy being given: whose (member index, or the name typed) */
    bool proxy_mode;
    int proxy_member;
    char proxy_name[512];
    scroll_t scroll;
    rect_t top, votes_btn, chair_btn, cancel_btn, field, hint;
    ci_row_t rows[CI_MAX_ROWS];
    int nrows;
    bool two_line;
    bool compact;             /* laid out for the keyboard being up */
    char summary[320];
    char note[320];
    bool note_error;
    char saved_lang[16];      /* the attendee's language while the organizers' is shown */
} ci_t;

static void *ci_create(ui_t *ui)
{
    ci_t *c = xcalloc(1, sizeof *c);
    textfield_init(&c->search, TF_KIND_TEXT, 100, false);
    keyboard_init(&c->kb);
    return c;
}

static void ci_destroy(void *st)
{
    ci_t *c = st;
    if (!c)
        return;
    textfield_free(&c->search);
    store_checkins_free(&c->list);
    explicit_bzero(c->proxy_name, sizeof c->proxy_name);
    free(c);
}

static const content_t *content_of(ui_t *ui) { return ui->content; }

/* The active check-in of member id, or -1. */
static int checkin_of(const ci_t *c, const char *id)
{
    for (size_t i = 0; c->have && i < c->list.n; i++)
        if (c->list.v[i].member_id[0] && strcmp(c->list.v[i].member_id, id) == 0)
            return (int)i;
    return -1;
}

/* A name from a row of the register: readable, or a word saying it is
 * sealed. */
static const char *readable(ui_t *ui, const char *s)
{
    if (!s || !*s)
        return "";
    return seal_is_sealed(s, strlen(s)) ? ui_str(ui, "checkin.sealed_name") : s;
}

static void fmt_n(char *b, size_t n, long long v) { snprintf(b, n, "%lld", v); }

static void make_summary(ui_t *ui, ci_t *c)
{
    const content_t *ct = content_of(ui);
    const meet_quorum_t *q = ct ? &ct->event.quorum : NULL;
    meet_attendance_t a = c->have ? c->list.counts : (meet_attendance_t){{0}};
    int64_t members = content_voting_members(ct), att = meet_attending(q, &a);
    char p[24], w[24], x[24], g[24], t[24], m[24], need[24];
    fmt_n(p, sizeof p, a.n[MEET_PRESENT]);
    fmt_n(w, sizeof w, a.n[MEET_WRITTEN]);
    fmt_n(x, sizeof x, a.n[MEET_PROXY]);
    fmt_n(g, sizeof g, a.n[MEET_GUEST]);
    fmt_n(t, sizeof t, att);
    fmt_n(m, sizeof m, members);
    fmt_n(need, sizeof need, meet_quorum_needed(q, members));
    strbuf_t s = {0};
    sb_append(&s, ui_fmt(ui, "checkin.counts", p, w, x, g, (const char *)NULL));
    sb_append(&s, "\n");
    if (members > 0)
        sb_append(&s, ui_fmt(ui, meet_quorum_met(q, &a, members) ? "checkin.quorum_met" : "checkin.quorum_not_met", t,
                             m, need, (const char *)NULL));
    else
        sb_append(&s, ui_fmt(ui, "checkin.attending_no_members", t, (const char *)NULL));
    snprintf(c->summary, sizeof c->summary, "%s", s.s ? s.s : "");
    sb_free(&s);
}

static void ci_reload(ui_t *ui, ci_t *c)
{
    store_checkins_free(&c->list);
    c->have = false;
    if (ui->store) {
        c->version = store_data_version(ui->store);
        if (store_checkins(ui->store, &c->list) == STORE_OK)
            c->have = true;
        else
            log_warn("checkin", "%s", store_errmsg(ui->store));
    }
    make_summary(ui, c);
}

static void ci_enter(ui_t *ui, void *st)
{
    ci_t *c = st;
    admin_lang_enter(ui, c->saved_lang);
    textfield_clear(&c->search);
    c->kb_shown = false;
    keyboard_bind(&c->kb, NULL);
    c->proxy_mode = false;
    c->note[0] = '\0';
    scroll_to(&c->scroll, 0);
    ci_reload(ui, c);
    c->polled = ui->now;
    ui_relayout(ui);
}

/* Names leave memory with the screen. */
static void ci_leave(ui_t *ui, void *st)
{
    ci_t *c = st;
    admin_lang_leave(ui, c->saved_lang);
    textfield_clear(&c->search);
    keyboard_bind(&c->kb, NULL);
    c->kb_shown = false;
    c->proxy_mode = false;
    explicit_bzero(c->proxy_name, sizeof c->proxy_name);
    store_checkins_free(&c->list);
    c->have = false;
    c->nrows = 0;
}

/* The idle reset: the app puts the language back itself. */
static void ci_reset(ui_t *ui, void *st)
{
    ci_t *c = st;
    c->saved_lang[0] = 0;
    ci_leave(ui, st);
}

static const char *ci_title(ui_t *ui, void *st)
{
    (void)st;
    return ui_str(ui, "checkin.title");
}

/* ---- rows ------------------------------------------------------------------ */

static bool member_matches(const member_t *m, const char *q)
{
    return meet_name_matches(m->name, q) || (m->reading && meet_name_matches(m->reading, q)) ||
           meet_name_matches(m->id, q);
}

static void add_btn(ci_row_t *r, int act, const char *suffix)
{
    if (r->nbtn >= CI_MAX_BTNS)
        return;
    r->act[r->nbtn] = act;
    snprintf(r->id[r->nbtn], sizeof r->id[0], "ci.%s.%s", act_word[act], suffix);
    r->nbtn++;
}

static ci_row_t *new_row(ci_t *c, row_kind_t k, int member, int checkin)
{
    if (c->nrows >= CI_MAX_ROWS)
        return NULL;
    ci_row_t *r = &c->rows[c->nrows++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    r->member = member;
    r->checkin = checkin;
    return r;
}

static void build_rows(ui_t *ui, ci_t *c)
{
    const content_t *ct = content_of(ui);
    const char *q = textfield_text(&c->search);
    bool typed = textfield_has_content(&c->search);
    bool members = ct && ct->nmembers > 0;
    c->nrows = 0;
    for (size_t i = 0; ct && i < ct->nmembers; i++) {
        const member_t *m = &ct->members[i];
        if (!member_matches(m, q))
            continue;
        if (c->proxy_mode && (int)i == c->proxy_member)
            continue;
        int ck = checkin_of(c, m->id);
        ci_row_t *r = new_row(c, ROW_MEMBER, (int)i, ck);
        if (!r)
            break;
        if (c->proxy_mode) {
            add_btn(r, A_HOLDER, m->id);
        } else if (ck >= 0) {
            add_btn(r, A_UNDO, m->id);
        } else if (m->voting) {
            add_btn(r, A_PRESENT, m->id);
            add_btn(r, A_WRITTEN, m->id);
            add_btn(r, A_PROXY, m->id);
        } else {
            add_btn(r, A_GUEST, m->id);
        }
    }
    /* check-ins of names not on the list (walk-ins), newest first */
    for (size_t i = 0; !c->proxy_mode && c->have && i < c->list.n; i++) {
        const store_checkin_t *k = &c->list.v[i];
        if (k->member_id[0] && content_member(ct, k->member_id))
            continue;
        const char *name = readable(ui, k->name);
        if (typed && !meet_name_matches(name, q))
            continue;
        ci_row_t *r = new_row(c, ROW_WALKIN, -1, (int)i);
        if (!r)
            break;
        char seq[24];
        fmt_n(seq, sizeof seq, (long long)k->seq);
        add_btn(r, A_UNDO, seq);
    }
    /* the name as typed comes last: the members it matches come first */
    if (typed && c->nrows < CI_MAX_ROWS) {
        ci_row_t *r = new_row(c, ROW_TYPED, -1, -1);
        if (c->proxy_mode) {
            add_btn(r, A_HOLDER, "typed");
        } else if (!members) {
            add_btn(r, A_PRESENT, "typed");
            add_btn(r, A_WRITTEN, "typed");
            add_btn(r, A_PROXY, "typed");
            add_btn(r, A_GUEST, "typed");
        } else {
            add_btn(r, A_GUEST, "typed");
        }
    }
}

static int btn_width(ui_t *ui)
{
    int w = ui->m.target * 2;
    for (int a = 0; a < A_N; a++)
        w = AGM_MAX(w, ui_button_width(ui, ui_str(ui, act_key[a]), ui->m.px_body));
    return w;
}

static void ci_layout(ui_t *ui, void *st)
{
    ci_t *c = st;
    const ui_metrics_t *m = &ui->m;
    int M = m->margin, y = ui->body.y + m->gap;
    if (c->kb.field)
        keyboard_set_screen(&c->kb, m->w, m->h);
    int bottom = c->kb_shown ? c->kb.area.y : m->h - M / 2 - m->px_small * 3 / 2;
    c->hint = (rect_t){M, m->h - M / 2 - m->px_small * 3 / 2, m->w - 2 * M, m->px_small * 3 / 2};
    /* the top row: the counts (or the proxy's question) and its buttons */
    c->votes_btn = c->chair_btn = c->cancel_btn = (rect_t){0, 0, 0, 0};
    int top_h = AGM_MAX(m->button_h, m->body_line * 2);
    if (!c->kb_shown || c->proxy_mode) {
        int right = m->w - M;
        /* as many lines as the counts (or the proxy's question) take, up to four */
        int bw = AGM_MAX(ui_button_width(ui, ui_str(ui, c->proxy_mode ? "checkin.chair" : "checkin.votes"), m->px_body),
                         m->target * 2) * (c->proxy_mode ? 2 : 1) + m->gap * (c->proxy_mode ? 2 : 1);
        font_t bf = ui_font(m->px_body, true);
        const char *top_text = c->summary;
        if (c->proxy_mode) {
            const content_t *ct = content_of(ui);
            top_text = ui_fmt(ui, "checkin.proxy_prompt",
                              c->proxy_member >= 0 && ct ? ct->members[c->proxy_member].name : c->proxy_name,
                              (const char *)NULL);
        }
        int th = text_height(ui->gfx, &bf, top_text, m->w - 2 * M - bw, m->body_line);
        top_h = AGM_MAX(m->button_h, AGM_MIN(th, m->body_line * 4));
        if (c->proxy_mode) {
            int cw = AGM_MAX(ui_button_width(ui, ui_str(ui, "checkin.cancel"), m->px_body), m->target * 2);
            int hw = AGM_MAX(ui_button_width(ui, ui_str(ui, "checkin.chair"), m->px_body), m->target * 2);
            c->cancel_btn = (rect_t){right - cw, y + (top_h - m->button_h) / 2, cw, m->button_h};
            c->chair_btn = (rect_t){c->cancel_btn.x - m->gap - hw, c->cancel_btn.y, hw, m->button_h};
            right = c->chair_btn.x - m->gap;
        } else {
            int vw = AGM_MAX(ui_button_width(ui, ui_str(ui, "checkin.votes"), m->px_body), m->target * 2);
            c->votes_btn = (rect_t){right - vw, y + (top_h - m->button_h) / 2, vw, m->button_h};
            right = c->votes_btn.x - m->gap;
        }
        c->top = (rect_t){M, y, right - M, top_h};
        y += top_h + m->gap;
    } else {
        c->top = (rect_t){M, y, 0, 0};
    }
    /* with the keyboard up everything is as compact as a touch allows, so
     * that a row of matches fits above even the 50-sound table */
    bool compact = c->kb_shown;
    int bh = compact ? m->target : m->button_h, gap = compact ? m->u : m->gap;
    if (compact && !c->proxy_mode)
        y = ui->body.y + m->u;
    c->field = (rect_t){M, y, m->w - 2 * M, bh};
    y += bh + gap;
    rect_t view = {0, y, m->w, AGM_MAX(0, bottom - m->u / 2 - y)};
    build_rows(ui, c);
    int bw = btn_width(ui), pad = compact ? m->u / 2 : m->u * 2;
    int cw = m->w - 2 * M;
    int maxb = 0;
    for (int i = 0; i < c->nrows; i++)
        maxb = AGM_MAX(maxb, c->rows[i].nbtn);
    maxb = AGM_MAX(maxb, 3);
    int name_w = cw - 2 * pad - maxb * (bw + m->gap);
    c->two_line = name_w < cw * 3 / 10;
    int text_h = m->body_line + m->px_small * 3 / 2;
    /* compact rows keep the name on one line beside the buttons */
    if (compact && c->two_line)
        text_h = 0;
    int ch = c->two_line && !compact ? pad + text_h + m->gap + bh + pad : pad + AGM_MAX(compact ? 0 : text_h, bh) + pad;
    c->compact = compact;
    int cy = 0;
    for (int i = 0; i < c->nrows; i++) {
        ci_row_t *r = &c->rows[i];
        r->card = (rect_t){M, cy, cw, ch};
        int by = c->two_line && !compact ? cy + pad + text_h + m->gap : cy + (ch - bh) / 2;
        int bwi = c->two_line ? AGM_MIN(bw, (cw - 2 * pad - (maxb - 1) * m->gap) / maxb) : bw;
        for (int k = 0; k < r->nbtn; k++) {
            /* right-aligned, the last action at the edge */
            int x = M + cw - pad - (r->nbtn - k) * bwi - (r->nbtn - 1 - k) * m->gap;
            r->btn[k] = (rect_t){x, by, bwi, bh};
        }
        cy += ch + gap;
    }
    scroll_set_content(&c->scroll, view, cy);
}

/* ---- actions --------------------------------------------------------------- */

static void set_note(ci_t *c, bool error, const char *s)
{
    snprintf(c->note, sizeof c->note, "%s", s ? s : "");
    c->note_error = error;
}

static void after_change(ui_t *ui, ci_t *c)
{
    ci_reload(ui, c);
    ui_relayout(ui);
    ui_invalidate(ui);
}

static void end_search(ui_t *ui, ci_t *c)
{
    textfield_clear(&c->search);
    keyboard_bind(&c->kb, c->kb_shown ? &c->search : NULL);
    scroll_to(&c->scroll, 0);
}

static void failed(ui_t *ui, ci_t *c, store_rc_t rc)
{
    log_warn("checkin", "%s", store_errmsg(ui->store));
    set_note(c, true, rc == STORE_INVALID ? ui_fmt(ui, "checkin.refused", store_errmsg(ui->store), (const char *)NULL)
                                          : ui_str(ui, "checkin.failed"));
}

static void save(ui_t *ui, ci_t *c, meet_kind_t kind, const member_t *m, const char *name, const char *holder)
{
    if (!ui->store) {
        set_note(c, true, ui_str(ui, "checkin.failed"));
        return;
    }
    store_checkin_in_t in = {.kind = kind, .member_id = m ? m->id : "", .name = m ? m->name : name,
                             .proxy_to = holder};
    store_rc_t rc = store_checkin(ui->store, &in, NULL);
    if (rc != STORE_OK) {
        failed(ui, c, rc);
        return;
    }
    static const char *const done[MEET_KINDS] = {"checkin.done_present", "checkin.done_written", "checkin.done_proxy",
                                                 "checkin.done_guest"};
    set_note(c, false, ui_fmt(ui, done[kind], m ? m->name : name, holder ? holder : "", (const char *)NULL));
    c->proxy_mode = false;
    end_search(ui, c);
    after_change(ui, c);
}

static void undo(ui_t *ui, ci_t *c, int checkin)
{
    if (!ui->store || checkin < 0 || (size_t)checkin >= c->list.n)
        return;
    const store_checkin_t *k = &c->list.v[checkin];
    const member_t *m = k->member_id[0] ? content_member(content_of(ui), k->member_id) : NULL;
    char name[256];
    snprintf(name, sizeof name, "%s", m ? m->name : readable(ui, k->name));
    store_rc_t rc = store_checkin_undo(ui->store, k->uuid, NULL);
    if (rc != STORE_OK)
        failed(ui, c, rc);
    else
        set_note(c, false, ui_fmt(ui, "checkin.done_undo", name, (const char *)NULL));
    explicit_bzero(name, sizeof name);
    after_change(ui, c);
}

static void begin_proxy(ui_t *ui, ci_t *c, int member, const char *typed)
{
    c->proxy_mode = true;
    c->proxy_member = member;
    snprintf(c->proxy_name, sizeof c->proxy_name, "%s", typed ? typed : "");
    set_note(c, false, "");
    end_search(ui, c);
    ui_relayout(ui);
}

static void give_proxy(ui_t *ui, ci_t *c, const char *holder)
{
    const content_t *ct = content_of(ui);
    const member_t *m = c->proxy_member >= 0 && ct && (size_t)c->proxy_member < ct->nmembers
                            ? &ct->members[c->proxy_member] : NULL;
    save(ui, c, MEET_PROXY, m, c->proxy_name, holder);
    explicit_bzero(c->proxy_name, sizeof c->proxy_name);
}

static void cancel_proxy(ui_t *ui, ci_t *c)
{
    c->proxy_mode = false;
    explicit_bzero(c->proxy_name, sizeof c->proxy_name);
    end_search(ui, c);
    ui_relayout(ui);
}

static void show_keyboard(ui_t *ui, ci_t *c, bool on)
{
    c->kb_shown = on;
    if (on) {
        keyboard_set_language(&c->kb, ui->lang);
        keyboard_bind(&c->kb, &c->search);
        keyboard_set_screen(&c->kb, ui->m.w, ui->m.h);
    } else {
        keyboard_bind(&c->kb, NULL);
    }
    ui_relayout(ui);
}

static bool ci_activate(ui_t *ui, void *st, const char *id)
{
    ci_t *c = st;
    if (strcmp(id, "nav.back") == 0) {
        if (c->proxy_mode) {
            cancel_proxy(ui, c);
            return true;
        }
        admin_unlock(ui); /* back to the admin screen, which the PIN opened */
        return false;
    }
    if (strcmp(id, "ci.search") == 0) {
        show_keyboard(ui, c, true);
        return true;
    }
    if (strcmp(id, "ci.votes") == 0) {
        ui_go(ui, "votes");
        return true;
    }
    if (strcmp(id, "ci.cancel") == 0) {
        cancel_proxy(ui, c);
        return true;
    }
    if (strcmp(id, "ci.chair") == 0 && c->proxy_mode) {
        give_proxy(ui, c, ui_str(ui, "checkin.chair_name"));
        return true;
    }
    for (int i = 0; i < c->nrows; i++) {
        ci_row_t *r = &c->rows[i];
        for (int k = 0; k < r->nbtn; k++) {
            if (strcmp(id, r->id[k]) != 0)
                continue;
            const content_t *ct = content_of(ui);
            const member_t *m = r->member >= 0 ? &ct->members[r->member] : NULL;
            char typed[512];
            snprintf(typed, sizeof typed, "%s", textfield_text(&c->search));
            switch (r->act[k]) {
            case A_PRESENT: save(ui, c, MEET_PRESENT, m, typed, NULL); break;
            case A_WRITTEN: save(ui, c, MEET_WRITTEN, m, typed, NULL); break;
            case A_GUEST: save(ui, c, MEET_GUEST, m, typed, NULL); break;
            case A_PROXY: begin_proxy(ui, c, r->member, m ? NULL : typed); break;
            case A_HOLDER: give_proxy(ui, c, m ? m->name : typed); break;
            case A_UNDO: undo(ui, c, r->checkin); break;
            default: break;
            }
            explicit_bzero(typed, sizeof typed);
            return true;
        }
    }
    return false;
}

static bool after_keys(ui_t *ui, ci_t *c, int r)
{
    if (r & KB_HIDE)
        show_keyboard(ui, c, false);
    if (r & (KB_EDITED | KB_RESIZED)) {
        scroll_to(&c->scroll, 0);
        ui_relayout(ui);
    }
    if (r & KB_ENTER)
        show_keyboard(ui, c, false);
    return r != 0;
}

static bool ci_event(ui_t *ui, void *st, const ui_input_t *in)
{
    ci_t *c = st;
    bool on_kb = c->kb_shown && c->kb.nkeys;
    switch (in->kind) {
    case IN_PRESS:
        if (on_kb && rect_contains(c->kb.area, in->x, in->y))
            return after_keys(ui, c, keyboard_pointer_down(&c->kb, in->x, in->y, in->t) | KB_CHANGED);
        break;
    case IN_DRAG_BEGIN:
    case IN_DRAG:
        if (c->kb.pressed >= 0)
            return keyboard_pointer_move(&c->kb, in->x, in->y, in->t) != 0;
        break;
    case IN_RELEASE:
        if (c->kb.pressed >= 0)
            return after_keys(ui, c, keyboard_pointer_up(&c->kb, in->x, in->y, in->t) | KB_CHANGED);
        break;
    case IN_CANCEL:
        if (c->kb.pressed >= 0)
            return false;
        break;
    case IN_TAP:
        if (on_kb && rect_contains(c->kb.area, in->x, in->y))
            return true;
        break;
    case IN_TEXT:
        textfield_insert(&c->search, in->text ? in->text : "", (size_t)-1);
        scroll_to(&c->scroll, 0);
        ui_relayout(ui);
        return true;
    case IN_KEY:
        switch (in->key) {
        case UI_KEY_ESCAPE:
            if (c->kb_shown)
                show_keyboard(ui, c, false);
            else if (c->proxy_mode)
                cancel_proxy(ui, c);
            else {
                admin_unlock(ui);
                ui_back(ui);
            }
            return true;
        case UI_KEY_BACKSPACE:
            textfield_backspace(&c->search);
            ui_relayout(ui);
            return true;
        case UI_KEY_LEFT: textfield_left(&c->search); return true;
        case UI_KEY_RIGHT: textfield_right(&c->search); return true;
        default: break;
        }
        break;
    default:
        break;
    }
    if (c->kb.pressed >= 0)
        return false;
    return scroll_input(&c->scroll, in, ui->m.body_line * 2);
}

static bool ci_claims(ui_t *ui, void *st, int x, int y)
{
    ci_t *c = st;
    return c->kb_shown && c->kb.nkeys && rect_contains(c->kb.area, x, y);
}

static bool ci_update(ui_t *ui, void *st)
{
    ci_t *c = st;
    int r = keyboard_update(&c->kb, ui->now);
    if (r) {
        after_keys(ui, c, r);
        ui_invalidate(ui);
    }
    if (ui->store && ui->now - c->polled >= CI_POLL_MS) {
        c->polled = ui->now;
        if (store_data_version(ui->store) != c->version) {
            after_change(ui, c);
        }
    }
    bool moving = scroll_update(&c->scroll, ui->now);
    if (moving)
        ui_invalidate(ui);
    return moving;
}

static int ci_wait_ms(ui_t *ui, void *st)
{
    ci_t *c = st;
    int w = keyboard_wait_ms(&c->kb, ui->now);
    if (ui->store) {
        uint64_t since = ui->now - c->polled;
        int p = since >= CI_POLL_MS ? 0 : (int)(CI_POLL_MS - since);
        w = w < 0 ? p : AGM_MIN(w, p);
    }
    return w;
}

/* ---- drawing --------------------------------------------------------------- */

static rect_t on_screen(const ci_t *c, rect_t r)
{
    return (rect_t){r.x, r.y - (int)c->scroll.offset + c->scroll.view.y, r.w, r.h};
}

/* "10:32" of a stored UTC time in the organizers' time zone. */
static void time_of(ui_t *ui, const char *utc, char *out, size_t n)
{
    char full[64];
    out[0] = '\0';
    if (!tz_format_utc(utc, ui->cfg ? ui->cfg->time_zone : NULL, full, sizeof full))
        return;
    const char *sp = strchr(full, ' ');
    snprintf(out, n, "%.5s", sp ? sp + 1 : full);
}

/* The row's name and its second line (reading, kind, state). */
static void row_text(ui_t *ui, const ci_t *c, const ci_row_t *r, const char **name, char *detail, size_t n)
{
    const content_t *ct = content_of(ui);
    detail[0] = '\0';
    const store_checkin_t *k = r->checkin >= 0 ? &c->list.v[r->checkin] : NULL;
    strbuf_t d = {0};
    if (r->kind == ROW_TYPED) {
        *name = textfield_text(&c->search);
        sb_append(&d, ui_str(ui, c->proxy_mode ? "checkin.typed_holder"
                                 : ct && ct->nmembers ? "checkin.typed_guest" : "checkin.typed"));
    } else if (r->kind == ROW_MEMBER) {
        const member_t *m = &ct->members[r->member];
        *name = m->name;
        if (m->reading && *m->reading)
            sb_printf(&d, "%s  ", m->reading);
        sb_printf(&d, "%s", m->id);
        if (!m->voting)
            sb_printf(&d, "  %s", ui_str(ui, "checkin.no_vote"));
    } else {
        *name = readable(ui, k->name);
        if (k->kind == MEET_GUEST)
            sb_append(&d, ui_str(ui, "checkin.walkin"));
    }
    if (k) {
        char t[16];
        time_of(ui, k->created_at, t, sizeof t);
        static const char *const state[MEET_KINDS] = {"checkin.is_present", "checkin.is_written", "checkin.is_proxy",
                                                      "checkin.is_guest"};
        sb_printf(&d, "%s%s", d.len ? "  \xC2\xB7  " : "",
                  ui_fmt(ui, state[k->kind], t, readable(ui, k->proxy_to), (const char *)NULL));
    }
    snprintf(detail, n, "%s", d.s ? d.s : "");
    sb_free(&d);
}

static void ci_draw(ui_t *ui, void *st, gfx_t *g)
{
    ci_t *c = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, ui->body, t->surface_alt);
    font_t bf = ui_font(m->px_body, true), rf = ui_font(m->px_body, false), sf = ui_font(m->px_small, false);
    if (c->top.h > 0) {
        const char *top = c->summary;
        char prompt[400];
        if (c->proxy_mode) {
            const content_t *ct = content_of(ui);
            const char *who = c->proxy_member >= 0 ? ct->members[c->proxy_member].name : c->proxy_name;
            snprintf(prompt, sizeof prompt, "%s", ui_fmt(ui, "checkin.proxy_prompt", who, (const char *)NULL));
            top = prompt;
        }
        text_draw_box(g, &bf, t->text, top, c->top, TEXT_LEFT, m->body_line);
        if (c->votes_btn.w)
            ui_draw_button(ui, g, c->votes_btn, "ci.votes", ui_str(ui, "checkin.votes"), m->px_body, BTN_SECONDARY, 0);
        if (c->chair_btn.w) {
            ui_draw_button(ui, g, c->chair_btn, "ci.chair", ui_str(ui, "checkin.chair"), m->px_body, BTN_PRIMARY, 0);
            ui_draw_button(ui, g, c->cancel_btn, "ci.cancel", ui_str(ui, "checkin.cancel"), m->px_body, BTN_SECONDARY,
                           0);
        }
    }
    /* the search field */
    int lt = AGM_MAX(1, m->line);
    gfx_round(g, c->field, m->radius, RGBA(255, 255, 255, 255));
    gfx_stroke(g, c->field, m->radius, c->kb_shown ? lt * 3 : lt, c->kb_shown ? t->accent : t->muted);
    rect_t in = {c->field.x + m->u * 2, c->field.y, c->field.w - m->u * 4, c->field.h};
    font_metrics_t fm = gfx_metrics(g, &rf);
    int ty = in.y + (in.h - (fm.ascent + fm.descent)) / 2;
    gfx_push_clip(g, c->field);
    if (textfield_empty(&c->search)) {
        if (!c->kb_shown)
            text_draw_box(g, &rf, t->muted,
                          ui_str(ui, c->proxy_mode ? "checkin.holder_placeholder" : "checkin.placeholder"),
                          (rect_t){in.x, ty, in.w, fm.ascent + fm.descent}, TEXT_LEFT, fm.ascent + fm.descent);
    } else {
        gfx_text(g, &rf, in.x, ty, textfield_text(&c->search), t->text);
    }
    if (c->kb_shown) {
        int cx = gfx_text_width_n(g, &rf, textfield_text(&c->search), textfield_cursor_byte(&c->search));
        gfx_fill(g, (rect_t){in.x + AGM_MIN(cx, in.w - 2), ty, AGM_MAX(2, m->line * 2), fm.ascent + fm.descent},
                 t->accent);
    }
    gfx_pop_clip(g);
    /* the rows */
    gfx_push_clip(g, c->scroll.view);
    if (c->nrows == 0) {
        rect_t r = {m->margin, c->scroll.view.y + m->gap, m->w - 2 * m->margin, m->body_line * 3};
        const content_t *ct = content_of(ui);
        text_draw_box(g, &rf, t->muted,
                      ui_str(ui, !ui->store ? "checkin.unavailable"
                                 : ct && ct->nmembers ? "checkin.no_match" : "checkin.no_members"),
                      r, TEXT_LEFT, m->body_line);
    }
    int pad = c->compact ? m->u / 2 : m->u * 2;
    for (int i = 0; i < c->nrows; i++) {
        const ci_row_t *r = &c->rows[i];
        rect_t cr = on_screen(c, r->card);
        if (cr.y + cr.h < c->scroll.view.y || cr.y > c->scroll.view.y + c->scroll.view.h)
            continue;
        bool in_now = r->checkin >= 0;
        gfx_round(g, cr, m->radius, in_now ? color_mix(t->surface, t->success, 0.12f) : t->surface);
        const char *name = "";
        char detail[400];
        row_text(ui, c, r, &name, detail, sizeof detail);
        bool beside = !c->two_line || c->compact; /* the name beside the buttons */
        int text_w = beside && r->nbtn ? on_screen(c, r->btn[0]).x - m->gap - cr.x - pad : cr.w - 2 * pad;
        int text_h = c->compact ? m->body_line : m->body_line + m->px_small * 3 / 2;
        int tyo = beside ? cr.y + (cr.h - text_h) / 2 : cr.y + pad;
        rect_t nb = {cr.x + pad, tyo, AGM_MAX(0, text_w), m->body_line};
        gfx_push_clip(g, rect_intersect(nb, c->scroll.view));
        text_draw_box(g, &bf, t->text, name, nb, TEXT_LEFT, m->body_line);
        gfx_pop_clip(g);
        rect_t db = {nb.x, nb.y + m->body_line, nb.w, m->px_small * 3 / 2};
        if (!c->compact)
            text_draw_box(g, &sf, in_now ? t->success : t->muted, detail, db, TEXT_LEFT, db.h);
        for (int k = 0; k < r->nbtn; k++) {
            int a = r->act[k];
            btn_style_t s = a == A_PRESENT || a == A_HOLDER ? BTN_PRIMARY : BTN_SECONDARY;
            ui_draw_button(ui, g, on_screen(c, r->btn[k]), r->id[k], ui_str(ui, act_key[a]), m->px_body, s, 0);
        }
    }
    gfx_pop_clip(g);
    scroll_draw_indicator(&c->scroll, g, t->muted, AGM_MAX(2, m->u / 2));
    if (c->kb_shown && c->kb.nkeys) {
        kb_style_t ks = {
            .bg = t->surface_alt,
            .key = RGBA(255, 255, 255, 255),
            .key_special = color_mix(t->surface_alt, t->line, 0.55f),
            .key_pressed = t->accent,
            .key_active = color_mix(t->surface_alt, t->accent, 0.25f),
            .label = t->text,
            .label_pressed = t->accent_text,
            .line = t->line,
            .font = ui_font(m->px_h3, false),
            .font_small = ui_font(m->px_body, true),
            .radius = AGM_MAX(3, m->radius),
        };
        ks.word[KB_WORD_SYMBOLS] = ui_str(ui, "keyboard.symbols");
        ks.word[KB_WORD_LATIN] = ui_str(ui, "keyboard.letters");
        ks.word[KB_WORD_HIRAGANA] = ui_str(ui, "keyboard.hiragana");
        ks.word[KB_WORD_KATAKANA] = ui_str(ui, "keyboard.katakana");
        ks.word[KB_WORD_HANGUL] = ui_str(ui, "keyboard.hangul");
        keyboard_draw(&c->kb, g, &ks, 0);
    } else {
        text_draw_box(g, &sf, c->note_error ? t->danger : c->note[0] ? t->success : t->muted,
                      c->note[0] ? c->note : ui_str(ui, "checkin.keys"), c->hint, TEXT_LEFT, c->hint.h);
    }
}

static size_t ci_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    ci_t *c = st;
    size_t n = 0;
    if (c->votes_btn.w)
        n = ui_control_add(out, n, max, c->votes_btn, "ci.votes");
    if (c->chair_btn.w) {
        n = ui_control_add(out, n, max, c->chair_btn, "ci.chair");
        n = ui_control_add(out, n, max, c->cancel_btn, "ci.cancel");
    }
    n = ui_control_add(out, n, max, c->field, "ci.search");
    for (int i = 0; i < c->nrows; i++)
        for (int k = 0; k < c->rows[i].nbtn; k++) {
            rect_t r;
            if (scroll_visible(&c->scroll, c->rows[i].btn[k], ui->m.target, &r))
                n = ui_control_add(out, n, max, r, c->rows[i].id[k]);
        }
    if (c->kb_shown)
        for (int k = 0; k < c->kb.nkeys; k++)
            n = ui_control_add(out, n, max, c->kb.keys[k].r, c->kb.keys[k].id);
    return n;
}

const screen_def_t screen_checkin = {
    .name = "checkin",
    .bar_title = ci_title,
    .show_back = true,
    .create = ci_create,
    .destroy = ci_destroy,
    .layout = ci_layout,
    .enter = ci_enter,
    .leave = ci_leave,
    .reset = ci_reset,
    .activate = ci_activate,
    .event = ci_event,
    .claims = ci_claims,
    .update = ci_update,
    .wait_ms = ci_wait_ms,
    .draw = ci_draw,
    .controls = ci_controls,
};
