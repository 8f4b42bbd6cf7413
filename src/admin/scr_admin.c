/* scr_admin.c - the organizers' admin screen (see admin_screen.h).
 *
 * Layout: a header with the title and Close; the facts (label / value rows,
 * then problems, then the last action's outcome) in a column; the four
 * actions as large buttons - a column at the right in landscape, a stack at
 * the bottom in portrait. In slideshow mode the second action returns to
 * kiosk mode instead (a touch screen has no Escape key). Choosing a USB
 * stick and the two confirmations of a deletion are cards over a dimmed
 * screen: while one is open, only its buttons can be touched. The second
 * confirmation puts its Delete where the first had Cancel, so two quick
 * taps on one spot never delete.
 *
 * Nothing collected is shown, only counts. */
#include <stdlib.h>
#include <string.h>

#include "../content/content.h"
#include "../core/tz.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../ui/usage.h"
#include "../ui/widgets.h"
#include "admin_internal.h"
#include "admin_job.h"
#include "admin_media.h"
#include "admin_screen.h"
#include "privacy.h"
#include "status.h"

/* Control ids, which are also the keys of their labels in strings/LANG.ini,
 * top to bottom. */
const char *const admin_action_ids[ADMIN_ACTIONS] = {"admin.export", "admin.usb", "admin.slideshow",
                                                     "admin.moderate", "admin.quit", "admin.wipe"};

static bool (*test_hook)(export_fault_t, void *);
static void *test_hook_ctx;

void admin_test_set_export_hook(bool (*hook)(export_fault_t at, void *ctx), void *ctx)
{
    test_hook = hook;
    test_hook_ctx = ctx;
}

void admin_unlock(ui_t *ui)
{
    admin_t *a = ui_screen_state(ui, "admin");
    if (a)
        a->unlocked = true;
}

void admin_lang_enter(ui_t *ui, char saved[16])
{
    const char *al = ui->cfg ? ui->cfg->admin_language : NULL;
    saved[0] = 0;
    if (al && strcmp(al, ui->lang) != 0 && content_lang(ui->content, al)) {
        snprintf(saved, 16, "%s", ui->lang);
        ui_set_lang(ui, al);
    }
}

void admin_lang_leave(ui_t *ui, char saved[16])
{
    if (saved[0]) {
        ui_set_lang(ui, saved);
        saved[0] = 0;
    }
}

static void *admin_create(ui_t *ui) { return xcalloc(1, sizeof(admin_t)); }

static void admin_destroy(void *st)
{
    admin_t *a = st;
    if (!a)
        return;
    admin_job_free(a->job); /* waits for a task still running */
    admin_media_free(&a->media);
    admin_status_free(&a->st);
    sb_free(&a->problems);
    sb_free(&a->note);
    free(a);
}

static void set_note(admin_t *a, note_kind_t k, const char *text)
{
    sb_clear(&a->note);
    sb_append(&a->note, text ? text : "");
    a->note_kind = k;
}

static void fmt_int(char *buf, size_t n, long long v) { snprintf(buf, n, "%lld", v); }

/* ---- the stick of the last export -------------------------------------------
 * After an export the screen watches its stick: "finishing" while its file
 * system is still mounted (an automount is unmounted after its idle time,
 * and only then is a FAT stick clean), "safe to remove" once it is unmounted
 * (or, mounted the ordinary way, once its files were synced), nothing once
 * it is pulled. Looked up in the mount table every 500 ms, never by opening
 * the folder (which would mount it again). */

static void eject_forget(admin_t *a)
{
    a->eject_path[0] = a->eject_label[0] = a->eject_text[0] = 0;
    a->eject = EJECT_NONE;
    a->eject_synced = false;
}

/* True when what the screen says about the stick changed. */
static bool eject_poll(ui_t *ui, admin_t *a)
{
    a->eject_polled = ui->now;
    if (!a->eject_path[0] || !a->live)
        return false;
    admin_medium_state_t s = admin_media_state(a->eject_path);
    eject_t e = s == ADMIN_MEDIUM_GONE     ? EJECT_NONE
                : s == ADMIN_MEDIUM_MOUNTED ? EJECT_WAIT
                : s == ADMIN_MEDIUM_IDLE    ? EJECT_SAFE
                : a->eject_synced           ? EJECT_SAFE
                                            : EJECT_NONE; /* plain, and the sync failed: nothing to promise */
    if (e == a->eject)
        return false;
    if (e == EJECT_NONE) {
        if (s == ADMIN_MEDIUM_GONE)
            log_info("admin", "%s was removed", a->eject_label);
        eject_forget(a);
    } else {
        a->eject = e;
        if (e == EJECT_SAFE)
            log_info("admin", "%s is safe to remove (%s)", a->eject_label,
                     s == ADMIN_MEDIUM_IDLE ? "unmounted after the export" : "its files are synced");
        else
            log_info("admin", "%s: waiting for its file system to be unmounted", a->eject_label);
    }
    return true;
}

/* Watch the stick of the export that just ended. */
static void eject_watch(ui_t *ui, admin_t *a, const char *path, const char *label, bool synced)
{
    eject_forget(a);
    snprintf(a->eject_path, sizeof a->eject_path, "%s", path);
    snprintf(a->eject_label, sizeof a->eject_label, "%s", label);
    a->eject_synced = synced;
    eject_poll(ui, a);
}

/* "3 h 10 min" in the screen's language */
static const char *fmt_duration(ui_t *ui, int64_t secs)
{
    char h[24], m[24];
    fmt_int(h, sizeof h, secs / 3600);
    fmt_int(m, sizeof m, secs % 3600 / 60);
    return secs >= 3600 ? ui_fmt(ui, "admin.duration_hm", h, m, (const char *)NULL)
                        : ui_fmt(ui, "admin.duration_m", m, (const char *)NULL);
}

/* The usage counts (the store's and those still in memory): the visits,
 * and a line each of the screens and report sections opened most. */
static void usage_lines(ui_t *ui, const store_usage_t *u, size_t n, strbuf_t *out)
{
    int64_t nv = 0, secs = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(u[i].kind, "visit") == 0) {
            nv = u[i].opened;
            secs = u[i].seconds;
        }
    char c[24];
    fmt_int(c, sizeof c, nv);
    sb_append(out, ui_fmt(ui, "admin.visits_line", c, fmt_duration(ui, secs), (const char *)NULL));
    const content_t *base = content_in(ui->content, NULL);
    for (int k = 0; k < 2; k++) {
        const char *kind = k == 0 ? "screen" : "section";
        char list[512] = "";
        int shown = 0;
        for (size_t i = 0; i < n && shown < 3; i++) {
            /* home opens with every visit: it says nothing the visits do not */
            if (strcmp(u[i].kind, kind) != 0 || u[i].opened == 0 || strcmp(u[i].name, "home") == 0)
                continue;
            char key[96], name[STORE_USAGE_NAME_MAX], item[160];
            fmt_int(c, sizeof c, u[i].opened);
            if (k == 0) {
                snprintf(key, sizeof key, "admin.screen_%s", u[i].name);
                snprintf(name, sizeof name, "%s", ui_str(ui, key));
            } else {
                snprintf(name, sizeof name, "%s", u[i].name);
                for (size_t j = 0; base && j < base->report.nsections; j++)
                    if (strcmp(base->report.sections[j].id, u[i].name) == 0)
                        snprintf(name, sizeof name, "%zu", j + 1);
            }
            snprintf(item, sizeof item, "%s",
                     ui_fmt(ui, k == 0 ? "admin.screen_count" : "admin.section_count", name, c, (const char *)NULL));
            if (shown == 0)
                snprintf(list, sizeof list, "%s", item);
            else
                snprintf(list, sizeof list, "%s", ui_fmt(ui, "admin.list_join", list, item, (const char *)NULL));
            shown++;
        }
        if (shown)
            sb_printf(out, "%s%s", out->len ? "\n" : "",
                      ui_fmt(ui, k == 0 ? "admin.most_opened" : "admin.most_read", list, (const char *)NULL));
    }
}

/* The attendance row: those attending as the quorum rule counts them (the
 * screen polls the store, so it follows the register while it is shown). */
static void attendance_row(ui_t *ui, admin_t *a)
{
    const content_t *ct = ui->content;
    const meet_quorum_t *q = ct ? &ct->event.quorum : NULL;
    meet_attendance_t att = {{0}};
    int64_t members = content_voting_members(ct);
    if (!a->live) {
        att = (meet_attendance_t){{32, 5, 8, 3}};
        members = members > 0 ? members : 80;
    } else if (!ui->store || store_attendance_counts(ui->store, &att) != STORE_OK) {
        memset(&att, 0, sizeof att);
    }
    char t[24], m[24], need[24];
    fmt_int(t, sizeof t, meet_attending(q, &att));
    fmt_int(m, sizeof m, members);
    fmt_int(need, sizeof need, meet_quorum_needed(q, members));
    snprintf(a->rows[5][0], sizeof a->rows[5][0], "%s", ui_str(ui, "admin.attendance"));
    if (members > 0)
        snprintf(a->rows[5][1], sizeof a->rows[5][1], "%s",
                 ui_fmt(ui, meet_quorum_met(q, &att, members) ? "admin.attendance_met" : "admin.attendance_not_met",
                        t, m, need, (const char *)NULL));
    else
        snprintf(a->rows[5][1], sizeof a->rows[5][1], "%s",
                 ui_fmt(ui, "admin.attendance_no_members", t, (const char *)NULL));
    if (a->live && ui->store)
        a->meet_version = store_data_version(ui->store);
}

/* Fill the rows and the problems from the status (or sample figures). */
static void admin_refresh(ui_t *ui, admin_t *a)
{
    admin_status_free(&a->st);
    a->have_st = false;
    store_counts_t c = {0};
    char free_s[32] = "", total_s[32] = "";
    const char *kiosk = "";
    bool space = false;
    /* the content files as they are on disk now (they may have been edited) */
    diag_list_t d = {0};
    if (a->live && ui->content && ui->content->dir) {
        content_t tmp;
        memset(&tmp, 0, sizeof tmp);
        content_load(ui->content->dir, &tmp, &d);
        content_free(&tmp);
    }
    if (a->live && ui->cfg) {
        admin_status_collect(ui->cfg, ui->store, &d, &a->st);
        a->have_st = true;
        c = a->st.counts;
        kiosk = a->st.kiosk_id ? a->st.kiosk_id : "";
        space = a->st.space_known;
        if (space) {
            admin_format_bytes(a->st.free_bytes, free_s, sizeof free_s);
            admin_format_bytes(a->st.total_bytes, total_s, sizeof total_s);
        }
    } else if (!a->live) {
        /* the preview (render): plausible figures, no disk read */
        c = (store_counts_t){.questions = 148, .signups = 41, .questions_new = 12, .signups_new = 3,
                             .last_batch = 4, .last_export_at = "2026-10-08T10:15:00Z"};
        kiosk = "lobby-1";
        space = true;
        snprintf(free_s, sizeof free_s, "12.4 GB");
        snprintf(total_s, sizeof total_s, "29.7 GB");
    }
    char n1[32], n2[32];
    snprintf(a->rows[0][0], sizeof a->rows[0][0], "%s", ui_str(ui, "admin.questions"));
    fmt_int(n1, sizeof n1, c.questions_new);
    fmt_int(n2, sizeof n2, c.questions);
    snprintf(a->rows[0][1], sizeof a->rows[0][1], "%s", ui_fmt(ui, "admin.new_total", n1, n2, (const char *)NULL));
    snprintf(a->rows[1][0], sizeof a->rows[1][0], "%s", ui_str(ui, "admin.signups"));
    fmt_int(n1, sizeof n1, c.signups_new);
    fmt_int(n2, sizeof n2, c.signups);
    snprintf(a->rows[1][1], sizeof a->rows[1][1], "%s", ui_fmt(ui, "admin.new_total", n1, n2, (const char *)NULL));
    snprintf(a->rows[2][0], sizeof a->rows[2][0], "%s", ui_str(ui, "admin.last_export"));
    if (c.last_batch > 0) {
        fmt_int(n1, sizeof n1, c.last_batch);
        /* "2026-10-08T10:15:00Z" reads as "2026-10-08 19:15 JST" in the
         * organizers' time zone (kiosk.ini [admin] time_zone; UTC without) */
        char when[48];
        tz_format_utc(c.last_export_at, ui->cfg ? ui->cfg->time_zone : NULL, when, sizeof when);
        snprintf(a->rows[2][1], sizeof a->rows[2][1], "%s",
                 ui_fmt(ui, "admin.last_export_at", n1, when, (const char *)NULL));
    } else {
        snprintf(a->rows[2][1], sizeof a->rows[2][1], "%s", ui_str(ui, "admin.never"));
    }
    snprintf(a->rows[3][0], sizeof a->rows[3][0], "%s", ui_str(ui, "admin.free_space"));
    snprintf(a->rows[3][1], sizeof a->rows[3][1], "%s",
             space ? ui_fmt(ui, "admin.free_of", free_s, total_s, (const char *)NULL) : ui_str(ui, "admin.unknown"));
    snprintf(a->rows[4][0], sizeof a->rows[4][0], "%s", ui_str(ui, "admin.kiosk_id"));
    snprintf(a->rows[4][1], sizeof a->rows[4][1], "%s", *kiosk ? kiosk : ui_str(ui, "admin.unknown"));
    attendance_row(ui, a);

    /* Problems: whether personal data is sealed first (it matters most), then
     * the content files, then the database. */
    sb_clear(&a->problems);
    {
        char pretty[SEAL_ID_PRETTY + 1] = "1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d";
        const privacy_t *pv = a->have_st ? &a->st.privacy : NULL;
        if (pv && pv->configured && pv->ok)
            seal_id_pretty(pv->key.id, pretty);
        const char *v = !a->live || (pv && pv->configured && pv->ok) ? ui_fmt(ui, "admin.sealed_to", pretty, (const char *)NULL)
                        : pv && pv->configured ? ui_str(ui, "admin.seal_problem_short")
                                               : ui_str(ui, "admin.not_sealed");
        sb_printf(&a->problems, "%s: %s\n", ui_str(ui, "admin.sealing"), v);
    }
    size_t nprob = d.n;
    strbuf_t cl = {0}, db = {0}; /* the content's lines, the database's */
    if (nprob) {
        sb_append(&cl, ui_count(ui, "admin.content_problems", (long long)nprob));
        for (size_t i = 0; i < d.n && i < ADMIN_CONTENT_LINES; i++)
            sb_printf(&cl, "\n%s:%d: %s", d.v[i].file ? d.v[i].file : "?", d.v[i].line,
                      d.v[i].msg ? d.v[i].msg : "");
    }
    diag_free(&d);
    if (a->live && !ui->store)
        sb_append(&db, ui_str(ui, "admin.saving_unavailable"));
    if (a->live && ui->store_notice && *ui->store_notice)
        sb_printf(&db, "%s%s", db.len ? "\n" : "", ui->store_notice);
    if (a->have_st && a->st.db_state == ADMIN_DB_UNUSABLE && a->st.db_problem)
        sb_printf(&db, "%s%s", db.len ? "\n" : "", a->st.db_problem);
    if (a->have_st && a->st.privacy.configured && !a->st.privacy.ok)
        sb_printf(&db, "%s%s", db.len ? "\n" : "",
                  ui_fmt(ui, "admin.seal_problem", a->st.privacy.problem ? a->st.privacy.problem : "?",
                         (const char *)NULL));
    if (a->have_st && a->st.volatile_fs)
        sb_printf(&db, "%s%s", db.len ? "\n" : "",
                  ui_fmt(ui, "admin.data_in_memory", a->st.volatile_fs, (const char *)NULL));
    if (!cl.len && !db.len) {
        /* both fine: one line for the two, so more room for the rest */
        sb_append(&a->problems, ui_str(ui, "admin.all_ok"));
    } else {
        if (cl.len)
            sb_append(&a->problems, cl.s);
        else
            sb_printf(&a->problems, "%s: %s", ui_str(ui, "admin.content"), ui_str(ui, "admin.no_problems"));
        if (db.len)
            sb_printf(&a->problems, "\n%s", db.s);
        else
            sb_printf(&a->problems, "\n%s: %s", ui_str(ui, "admin.database"), ui_str(ui, "admin.no_problems"));
    }
    sb_free(&cl);
    sb_free(&db);
    /* what attendees looked at: last, so a small screen cuts it before the problems */
    {
        store_usage_t *sum = NULL;
        size_t ns = 0;
        if (a->live) {
            int64_t t = 0;
            const usage_t *u = ui_usage(ui, &t);
            ns = usage_summary(u, t, a->have_st ? a->st.usage : NULL, a->have_st ? a->st.nusage : 0, &sum);
        } else {
            static const store_usage_t sample[] = {
                {"", "visit", "", 57, 15120},         {"", "screen", "home", 57, 3000},
                {"", "screen", "report", 41, 6100},   {"", "screen", "stats", 23, 2300},
                {"", "screen", "timeline", 12, 1400}, {"", "section", "", 14, 2000},
            };
            ns = AGM_ARRAY_LEN(sample);
            sum = xmalloc(sizeof sample);
            memcpy(sum, sample, sizeof sample);
            /* the sample's section: the report's third, whatever its id */
            const content_t *base = content_in(ui->content, NULL);
            if (base && base->report.nsections > 2)
                snprintf(sum[ns - 1].name, sizeof sum[ns - 1].name, "%s", base->report.sections[2].id);
        }
        strbuf_t lines = {0};
        usage_lines(ui, sum, ns, &lines);
        if (lines.len)
            sb_printf(&a->problems, "\n%s", lines.s);
        sb_free(&lines);
        free(sum);
    }
    ui_relayout(ui);
}

static void close_modal(admin_t *a)
{
    a->modal = MODAL_NONE;
    admin_media_free(&a->media);
}

static void admin_enter(ui_t *ui, void *st)
{
    admin_t *a = st;
    /* In the organizers' language (kiosk.ini [admin] language), whatever
     * the attendee before them chose; put back when the screen is left. */
    const char *al = ui->cfg ? ui->cfg->admin_language : NULL;
    a->saved_lang[0] = 0;
    if (al && strcmp(al, ui->lang) != 0 && content_lang(ui->content, al)) {
        snprintf(a->saved_lang, sizeof a->saved_lang, "%s", ui->lang);
        ui_set_lang(ui, al);
    }
    a->live = a->unlocked;
    close_modal(a);
    eject_forget(a);
    if (!a->job)
        set_note(a, NOTE_INFO, a->live ? "" : ui_str(ui, "admin.preview"));
    admin_refresh(ui, a);
}

/* Leaving locks: the next visit needs the PIN again. */
static void admin_leave(ui_t *ui, void *st)
{
    admin_t *a = st;
    a->unlocked = false;
    a->live = false;
    close_modal(a);
    eject_forget(a);
    if (a->saved_lang[0]) {
        ui_set_lang(ui, a->saved_lang);
        a->saved_lang[0] = 0;
    }
}

static void admin_reset(ui_t *ui, void *st)
{
    admin_t *a = st;
    a->unlocked = false;
    a->live = false;
    close_modal(a);
    eject_forget(a);
    if (!a->job)
        set_note(a, NOTE_INFO, "");
}

/* ---- layout -------------------------------------------------------------- */

static int label_width(ui_t *ui, admin_t *a)
{
    font_t f = ui_font(ui->m.px_body, true);
    int w = 0;
    for (int i = 0; i < ADMIN_ROWS; i++)
        w = AGM_MAX(w, gfx_text_width(ui->gfx, &f, a->rows[i][0]));
    return w;
}

static void layout_modal(ui_t *ui, admin_t *a)
{
    const ui_metrics_t *m = &ui->m;
    a->nmbtn = 0;
    if (a->modal == MODAL_NONE)
        return;
    int cw = AGM_MIN(m->w - 2 * m->margin, AGM_MAX(m->measure * 2 / 3, m->target * 12));
    int pad = m->u * 4;
    int inner = cw - 2 * pad;
    font_t bf = ui_font(m->px_body, false);
    const char *text = a->modal_text;
    int th = text_height(ui->gfx, &bf, text, inner - AGM_MIN(m->u * 2, inner / 10), m->body_line);
    int bh = m->button_h;
    int rows;
    if (a->modal == MODAL_MEDIA) {
        for (size_t i = 0; i < a->media.n; i++) {
            snprintf(a->mbtn_id[a->nmbtn], sizeof a->mbtn_id[0], "admin.media.%zu", i);
            a->mbtn_label[a->nmbtn] = a->media.v[i].label;
            a->mbtn_danger[a->nmbtn] = false;
            a->nmbtn++;
        }
        snprintf(a->mbtn_id[a->nmbtn], sizeof a->mbtn_id[0], "admin.cancel");
        a->mbtn_label[a->nmbtn] = ui_str(ui, "admin.cancel");
        a->mbtn_danger[a->nmbtn] = false;
        a->nmbtn++;
        rows = (a->nmbtn + 1) / 2;
    } else if (a->modal == MODAL_QUIT) {
        /* [Cancel] [Leave] */
        snprintf(a->mbtn_id[0], sizeof a->mbtn_id[0], "admin.cancel");
        a->mbtn_label[0] = ui_str(ui, "admin.cancel");
        a->mbtn_danger[0] = false;
        snprintf(a->mbtn_id[1], sizeof a->mbtn_id[0], "admin.quit_yes");
        a->mbtn_label[1] = ui_str(ui, "admin.quit_yes");
        a->mbtn_danger[1] = true;
        a->nmbtn = 2;
        rows = 1;
    } else {
        /* WIPE1: [Cancel] [Delete]; WIPE2: [Yes, delete everything] [Cancel] */
        bool second = a->modal == MODAL_WIPE2;
        const char *yes = ui_str(ui, second ? "admin.wipe_yes_again" : "admin.wipe_yes");
        int iy = second ? 0 : 1, ic = second ? 1 : 0;
        snprintf(a->mbtn_id[iy], sizeof a->mbtn_id[0], "%s", second ? "admin.wipe_yes2" : "admin.wipe_yes");
        a->mbtn_label[iy] = yes;
        a->mbtn_danger[iy] = true;
        snprintf(a->mbtn_id[ic], sizeof a->mbtn_id[0], "admin.cancel");
        a->mbtn_label[ic] = ui_str(ui, "admin.cancel");
        a->mbtn_danger[ic] = false;
        a->nmbtn = 2;
        rows = 1;
    }
    int ch_max = m->h - 2 * m->margin;
    int buttons_h = rows * bh + (rows - 1) * m->gap;
    th = AGM_MIN(th, ch_max - 2 * pad - m->gap * 2 - buttons_h);
    int ch = pad + th + m->gap * 2 + buttons_h + pad;
    a->card = (rect_t){(m->w - cw) / 2, (m->h - ch) / 2, cw, ch};
    a->card_text = (rect_t){a->card.x + pad, a->card.y + pad, inner, AGM_MAX(th, 0)};
    int by = a->card_text.y + a->card_text.h + m->gap * 2;
    int bw = (inner - m->gap) / 2;
    for (int i = 0; i < a->nmbtn; i++)
        a->mbtn[i] = (rect_t){a->card_text.x + (i % 2) * (bw + m->gap), by + (i / 2) * (bh + m->gap), bw, bh};
    if (a->modal == MODAL_MEDIA && a->nmbtn % 2 == 1) {
        /* Cancel alone on its row: full width, so it does not look like a stick */
        a->mbtn[a->nmbtn - 1].w = inner;
    }
}

/* The facts column: the label / value rows, then the problems, sealing and
 * usage lines, then the note. Returns by how many pixels the lines below
 * the rows still do not fit (0 when they do). */
static int layout_facts(ui_t *ui, admin_t *a, rect_t facts)
{
    const ui_metrics_t *m = &ui->m;
    /* label / value rows: the label column as wide as the widest label, at most 45% */
    int lw = AGM_MIN(label_width(ui, a) + m->u * 2, facts.w * 45 / 100);
    int vw = facts.w - lw;
    font_t sf = ui_font(m->px_small, false);
    int line_s = m->px_small * 3 / 2;
    int wrap_w = facts.w - AGM_MIN(m->u * 2, facts.w / 10); /* as draw_wrapped wraps */
    int note_h = a->note.len ? text_height(ui->gfx, &sf, a->note.s, wrap_w, line_s) : 0;
    int prob_need = text_height(ui->gfx, &sf, a->problems.s ? a->problems.s : "", wrap_w, line_s);
    int bottom = facts.y + facts.h;
    /* the stick's state, when there is one, at the bottom: the last thing
     * the organizer needs before walking away with it */
    a->eject_text[0] = 0;
    a->eject_box = (rect_t){facts.x, bottom, facts.w, 0};
    if (a->eject != EJECT_NONE) {
        snprintf(a->eject_text, sizeof a->eject_text, "%s",
                 ui_fmt(ui, a->eject == EJECT_SAFE ? "admin.stick_safe" : "admin.stick_wait", a->eject_label,
                        (const char *)NULL));
        /* one line of small bold type in a tinted band: the smallest
         * screen keeps room for the export's outcome above it */
        int dot = m->px_small * 2 / 3;
        font_t ef = ui_font(m->px_small, true);
        int tw = facts.w - 3 * m->u - dot - m->u * 2;
        tw -= AGM_MIN(m->u * 2, tw / 10); /* as draw_wrapped wraps */
        int eh = text_height(ui->gfx, &ef, a->eject_text, tw, line_s) + m->u;
        eh = AGM_MIN(eh, AGM_MAX(0, facts.h / 2));
        a->eject_box = (rect_t){facts.x, bottom - eh, facts.w, eh};
        bottom -= eh + m->u;
    }
    /* The rows at their usual spacing; where that leaves too little room
     * for the lines below (a small screen with a note), tighter, down to
     * 1.25 lines a row, so the problems, the sealing and the usage lines
     * are not cut. */
    int row_line = m->body_line, row_gap = m->u, spacing10 = 15, still_short = 0;
    for (int pass = 0; pass < 2; pass++) {
        int y = facts.y;
        for (int i = 0; i < ADMIN_ROWS; i++) {
            font_t vf = ui_font(m->px_body, false), lf = ui_font(m->px_body, true);
            int lines_h = AGM_MIN(text_height(ui->gfx, &vf, a->rows[i][1], vw, row_line), row_line * 2);
            int lh = AGM_MIN(text_height(ui->gfx, &lf, a->rows[i][0], lw - m->u * 2, row_line), row_line * 2);
            int h = AGM_MAX(AGM_MAX(lines_h, lh), row_line);
            /* the last line's ink, where the line height is tighter than the font */
            font_metrics_t fm = gfx_metrics(ui->gfx, &vf);
            h += AGM_MAX(0, fm.ascent + fm.descent - row_line);
            a->row_label[i] = (rect_t){facts.x, y, lw - m->u * 2, h};
            a->row_value[i] = (rect_t){facts.x + lw, y, vw, h};
            y += h + row_gap;
        }
        y += m->gap;
        int want = prob_need + (note_h ? note_h + m->gap : 0);
        int short_by = want - (bottom - y);
        if (pass == 0 && short_by > 0) {
            int tight = AGM_MAX(m->px_body * 5 / 4, m->body_line - (short_by + ADMIN_ROWS - 1) / ADMIN_ROWS);
            if (tight < m->body_line) {
                row_line = tight;
                row_gap = m->u / 2;
                /* and the lines below at 1.3 rather than 1.5 */
                spacing10 = 13;
                line_s = m->px_small * spacing10 / 10;
                note_h = a->note.len ? text_height(ui->gfx, &sf, a->note.s, wrap_w, line_s) : 0;
                prob_need = text_height(ui->gfx, &sf, a->problems.s ? a->problems.s : "", wrap_w, line_s);
                continue;
            }
        }
        /* a box of n lines is (n - 1) lines and the last line's ink */
        font_metrics_t sm = gfx_metrics(ui->gfx, &sf);
        int ink = AGM_MAX(0, sm.ascent + sm.descent - line_s);
        int rest = AGM_MAX(0, bottom - y - ink);
        still_short = AGM_MAX(0, prob_need + (note_h ? note_h + m->gap + ink : 0) - rest);
        /* the outcome of the last action comes first; the problems keep two lines at least */
        note_h = AGM_MIN(note_h, rest - ink - m->gap - AGM_MIN(prob_need, line_s * 2));
        note_h = AGM_MAX(note_h, 0);
        note_h -= note_h % line_s;
        int prob_h = rest - note_h - (note_h ? m->gap + ink : 0);
        prob_h -= prob_h % line_s;
        a->problems_box = (rect_t){facts.x, y, facts.w, AGM_MAX(prob_h, 0) + ink};
        a->note_box = (rect_t){facts.x, bottom - note_h - (note_h ? ink : 0), facts.w, note_h + (note_h ? ink : 0)};
        break;
    }
    a->row_line = row_line;
    a->spacing10 = spacing10;
    return still_short;
}

static void admin_layout(ui_t *ui, void *st)
{
    admin_t *a = st;
    const ui_metrics_t *m = &ui->m;
    int M = m->margin;
    int close_w = AGM_MAX(ui_button_width(ui, ui_str(ui, "admin.close"), m->px_body), m->target * 2);
    a->close = (rect_t){m->w - M - close_w, M, close_w, m->button_h};
    /* the attendance register and the hand-counts, beside Close */
    int meet_w = AGM_MAX(ui_button_width(ui, ui_str(ui, "admin.meeting"), m->px_body), m->target * 2);
    meet_w = AGM_MIN(meet_w, (a->close.x - M - m->gap * 2) / 2);
    a->meeting = (rect_t){a->close.x - m->gap - meet_w, M, meet_w, m->button_h};
    a->title = (rect_t){M, M, a->meeting.x - m->gap - M, m->button_h};
    int y0 = M + m->button_h + m->gap;
    rect_t facts;
    if (!m->portrait) {
        int rw = (m->w - 2 * M - m->gap * 2) * 2 / 5;
        int bh = AGM_MIN(m->button_h * 3 / 2, (m->h - y0 - M - (ADMIN_ACTIONS - 1) * m->gap) / ADMIN_ACTIONS);
        for (int i = 0; i < ADMIN_ACTIONS; i++)
            a->actions[i] = (rect_t){m->w - M - rw, y0 + i * (bh + m->gap), rw, bh};
        facts = (rect_t){M, y0, m->w - 2 * M - rw - m->gap * 2, m->h - M - y0};
        layout_facts(ui, a, facts);
    } else {
        /* the buttons less tall when the facts would not fit otherwise */
        for (int bh = m->button_h * 5 / 4;; bh = m->button_h) {
            int top = m->h - M - (ADMIN_ACTIONS * bh + (ADMIN_ACTIONS - 1) * m->gap);
            for (int i = 0; i < ADMIN_ACTIONS; i++)
                a->actions[i] = (rect_t){M, top + i * (bh + m->gap), m->w - 2 * M, bh};
            facts = (rect_t){M, y0, m->w - 2 * M, top - m->gap * 2 - y0};
            if (layout_facts(ui, a, facts) == 0 || bh == m->button_h)
                break;
        }
    }
    layout_modal(ui, a);
}

/* ---- actions ------------------------------------------------------------- */

static void start_export(ui_t *ui, admin_t *a, const admin_medium_t *md)
{
    export_opts_t o = {
        .mode = EXPORT_NEW,
        .excel = true,       /* BOM: Excel on Japanese Windows reads UTF-8 */
        .raw = false,        /* formula neutralization on; merge undoes it */
        .hook = test_hook,
        .hook_ctx = test_hook_ctx,
    };
    char *err = NULL;
    a->job = admin_job_start(ui->store, md->path, &o, &err);
    if (!a->job) {
        set_note(a, NOTE_ERROR, ui_fmt(ui, "admin.export_failed", err ? err : "?", (const char *)NULL));
        free(err);
    } else {
        snprintf(a->job_label, sizeof a->job_label, "%s", md->label);
        eject_forget(a); /* the stick before is not watched any more */
        set_note(a, NOTE_INFO, ui_fmt(ui, "admin.exporting_to", md->label, (const char *)NULL));
        log_info("admin", "exporting to %s", md->path);
    }
    ui_relayout(ui);
}

/* True (with a note) while a task runs: one at a time. */
static bool busy(ui_t *ui, admin_t *a)
{
    if (!a->job)
        return false;
    set_note(a, NOTE_INFO, ui_str(ui, admin_job_is_wipe(a->job) ? "admin.busy_deleting" : "admin.busy_exporting"));
    return true;
}

static void do_export(ui_t *ui, admin_t *a)
{
    if (busy(ui, a))
        return;
    if (!ui->store) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.saving_unavailable"));
        return;
    }
    admin_media_free(&a->media);
    admin_media_find(&a->media);
    if (a->media.n == 0) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.no_usb"));
    } else if (a->media.n == 1) {
        start_export(ui, a, &a->media.v[0]);
        admin_media_free(&a->media);
    } else {
        a->modal = MODAL_MEDIA;
        snprintf(a->modal_text, sizeof a->modal_text, "%s", ui_str(ui, "admin.choose_usb"));
    }
}

static void do_wipe_ask(ui_t *ui, admin_t *a)
{
    if (busy(ui, a))
        return;
    if (!ui->store) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.saving_unavailable"));
        return;
    }
    store_counts_t c;
    if (!store_counts(ui->store, &c)) {
        set_note(a, NOTE_ERROR, ui_fmt(ui, "admin.wipe_failed", store_errmsg(ui->store), (const char *)NULL));
        return;
    }
    if (c.questions + c.signups == 0) {
        set_note(a, NOTE_INFO, ui_str(ui, "admin.nothing_to_wipe"));
        return;
    }
    if (c.questions_new + c.signups_new > 0) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.wipe_need_export"));
        return;
    }
    snprintf(a->modal_text, sizeof a->modal_text, "%s",
             ui_fmt(ui, "admin.wipe_confirm_counts", ui_count(ui, "admin.n_questions", c.questions),
                    ui_count(ui, "admin.n_signups", c.signups), (const char *)NULL));
    a->modal = MODAL_WIPE1;
}

/* The deletion runs in the worker too: on a large database it takes seconds. */
static void do_wipe(ui_t *ui, admin_t *a)
{
    close_modal(a);
    if (busy(ui, a))
        return;
    char *err = NULL;
    char *exports = ui->cfg && ui->cfg->data_dir && *ui->cfg->data_dir ? path_join(ui->cfg->data_dir, "exports") : NULL;
    a->job = admin_job_start_wipe(ui->store, exports, &err);
    free(exports);
    if (!a->job)
        set_note(a, NOTE_ERROR, ui_fmt(ui, "admin.wipe_failed", err ? err : "?", (const char *)NULL));
    else
        set_note(a, NOTE_INFO, ui_str(ui, "admin.deleting"));
    free(err);
}

/* The outcome of a finished wipe job as the note. */
static void wipe_done(ui_t *ui, admin_t *a)
{
    store_wipe_result_t r;
    store_rc_t rc = admin_job_wipe_result(a->job, &r);
    const char *err = admin_job_error(a->job);
    if (rc == STORE_OK) {
        /* the usage counts went with the rows: those not saved yet go too */
        ui_usage_forget(ui);
        char q[32], s[32];
        fmt_int(q, sizeof q, r.questions);
        fmt_int(s, sizeof s, r.signups);
        set_note(a, err ? NOTE_ERROR : NOTE_OK, ui_str(ui, "admin.wiped"));
        sb_printf(&a->note, " (%s / %s)", q, s);
        int files = admin_job_wipe_files(a->job);
        if (files > 0)
            sb_printf(&a->note, "\n%s", ui_count(ui, "admin.n_export_files_deleted", files));
        if (err)
            sb_printf(&a->note, "\n%s", err);
    } else if (rc == STORE_INVALID) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.wipe_need_export"));
    } else {
        set_note(a, NOTE_ERROR, ui_fmt(ui, "admin.wipe_failed", err ? err : "?", (const char *)NULL));
    }
}

/* The preview's Export (render --screen admin --tap admin.export): what a
 * finished export to a stick looks like, the stick safe to remove. */
static void preview_export(ui_t *ui, admin_t *a)
{
    static const char label[] = "AGM-2012";
    set_note(a, NOTE_OK, ui_fmt(ui, "admin.export_done_to", ui_count(ui, "admin.n_questions", 12),
                                ui_count(ui, "admin.n_signups", 3), label, "5", (const char *)NULL));
    sb_append(&a->note, "\nagm-lobby-1-questions-b0005-20261008T101500Z.csv"
                        "\nagm-lobby-1-signups-b0005-20261008T101500Z.csv");
    eject_forget(a);
    snprintf(a->eject_path, sizeof a->eject_path, "/media/%s", label);
    snprintf(a->eject_label, sizeof a->eject_label, "%s", label);
    a->eject = EJECT_SAFE;
}

static void admin_close(ui_t *ui, admin_t *a)
{
    a->unlocked = false;
    ui_home(ui);
}

static bool admin_activate(ui_t *ui, void *st, const char *id)
{
    admin_t *a = st;
    if (a->modal != MODAL_NONE) {
        if (strcmp(id, "admin.cancel") == 0) {
            close_modal(a);
        } else if (strcmp(id, "admin.wipe_yes") == 0 && a->modal == MODAL_WIPE1) {
            a->modal = MODAL_WIPE2;
            snprintf(a->modal_text, sizeof a->modal_text, "%s", ui_str(ui, "admin.wipe_confirm_again"));
        } else if (strcmp(id, "admin.wipe_yes2") == 0 && a->modal == MODAL_WIPE2) {
            do_wipe(ui, a);
        } else if (strcmp(id, "admin.quit_yes") == 0 && a->modal == MODAL_QUIT) {
            close_modal(a);
            if (a->live)
                ui_quit(ui);
            else
                set_note(a, NOTE_INFO, ui_str(ui, "admin.preview"));
        } else if (strncmp(id, "admin.media.", 12) == 0 && a->modal == MODAL_MEDIA) {
            size_t i = (size_t)atoi(id + 12);
            if (i < a->media.n)
                start_export(ui, a, &a->media.v[i]);
            close_modal(a);
        } else {
            return false;
        }
        ui_relayout(ui);
        return true;
    }
    if (strcmp(id, "admin.close") == 0) {
        admin_close(ui, a);
        return true;
    }
    if (strcmp(id, "admin.meeting") == 0) {
        if (!a->live) {
            set_note(a, NOTE_INFO, ui_str(ui, "admin.preview"));
            ui_relayout(ui);
            return true;
        }
        /* the PIN opened this screen: the register keeps it open on the way back */
        ui_go(ui, "checkin");
        return true;
    }
    int k = -1;
    for (int i = 0; i < ADMIN_ACTIONS; i++)
        if (strcmp(id, admin_action_ids[i]) == 0)
            k = i;
    if (k < 0)
        return false;
    if (!a->live && k == ACT_EXPORT) { /* the preview shows a finished export, and writes nothing */
        preview_export(ui, a);
        ui_relayout(ui);
        return true;
    }
    if (!a->live && k != ACT_QUIT) { /* the preview shows Leave's question, and does not leave */
        set_note(a, NOTE_INFO, ui_str(ui, "admin.preview"));
        ui_relayout(ui);
        return true;
    }
    switch (k) {
    case ACT_EXPORT:
        do_export(ui, a);
        break;
    case ACT_USB:
        /* content or the sealing key from a stick: the PIN opened this screen,
         * so that one acts too (and Back returns here unlocked) */
        admin_usb_unlock(ui);
        ui_go(ui, "admin_usb");
        return true;
    case ACT_SLIDESHOW:
        if (ui->mode == APP_MODE_SLIDESHOW) {
            /* a touch screen has no Escape: this is the way back */
            a->unlocked = false;
            ui_set_mode(ui, APP_MODE_KIOSK);
            ui_home(ui);
            return true;
        }
        if (ui_has_screen(ui, "slideshow")) {
            a->unlocked = false;
            ui_set_mode(ui, APP_MODE_SLIDESHOW);
            ui_home(ui);
            ui_go(ui, "slideshow");
            return true;
        }
        break;
    case ACT_QUIT: /* asked once more: under the service the kiosk then stays off */
        snprintf(a->modal_text, sizeof a->modal_text, "%s", ui_str(ui, "admin.quit_confirm"));
        a->modal = MODAL_QUIT;
        break;
    case ACT_MODERATE:
        /* the PIN opened this screen: moderation keeps it open on the way back */
        ui_go(ui, "moderate");
        return true;
    default:
        do_wipe_ask(ui, a);
        break;
    }
    ui_relayout(ui);
    return true;
}

static bool admin_event(ui_t *ui, void *st, const ui_input_t *in)
{
    admin_t *a = st;
    if (in->kind == IN_KEY && in->key == UI_KEY_ESCAPE) {
        if (a->modal != MODAL_NONE) {
            close_modal(a);
            ui_relayout(ui);
        } else {
            admin_close(ui, a);
        }
        return true;
    }
    return false;
}

/* Poll the running task; animate the busy dots while it runs. */
static bool admin_update(ui_t *ui, void *st)
{
    admin_t *a = st;
    if (a->eject_path[0] && !a->job && ui->now - a->eject_polled >= 500 && eject_poll(ui, a)) {
        ui_relayout(ui);
        ui_invalidate(ui);
    }
    if (a->live && ui->store && !a->job && ui->now - a->meet_polled >= 500) {
        a->meet_polled = ui->now;
        if (store_data_version(ui->store) != a->meet_version) {
            attendance_row(ui, a);
            ui_relayout(ui);
            ui_invalidate(ui);
        }
    }
    if (!a->job)
        return false;
    admin_job_state_t s = admin_job_state(a->job);
    if (s == ADMIN_JOB_RUNNING)
        return true;
    if (admin_job_is_wipe(a->job)) {
        wipe_done(ui, a);
    } else if (s == ADMIN_JOB_DONE) {
        const export_result_t *r = admin_job_result(a->job);
        char b[32];
        fmt_int(b, sizeof b, r->batch);
        if (r->nothing_new) {
            fmt_int(b, sizeof b, a->have_st ? a->st.counts.last_batch : 0);
            set_note(a, NOTE_OK, ui_fmt(ui, "admin.export_nothing_new", b, (const char *)NULL));
        } else {
            set_note(a, NOTE_OK, ui_fmt(ui, "admin.export_done_to", ui_count(ui, "admin.n_questions", r->questions),
                                        ui_count(ui, "admin.n_signups", r->signups), a->job_label, b,
                                        (const char *)NULL));
            for (int i = 0; i < 3; i++)
                if (r->files[i]) {
                    const char *slash = strrchr(r->files[i], '/');
                    sb_printf(&a->note, "\n%s", slash ? slash + 1 : r->files[i]);
                }
        }
    } else if (admin_job_export_busy(a->job)) {
        set_note(a, NOTE_ERROR, ui_str(ui, "admin.export_busy"));
    } else {
        set_note(a, NOTE_ERROR, ui_fmt(ui, "admin.export_failed", admin_job_error(a->job), (const char *)NULL));
    }
    /* done or failed, the stick may be taken away: say when that is safe */
    if (!admin_job_is_wipe(a->job) && !admin_job_export_busy(a->job))
        eject_watch(ui, a, admin_job_out_dir(a->job), a->job_label, admin_job_synced(a->job));
    admin_job_free(a->job);
    a->job = NULL;
    if (a->live)
        admin_refresh(ui, a);
    ui_relayout(ui);
    ui_invalidate(ui);
    return false;
}

/* Wake for the next look at the attendance and the stick (live only). */
static int admin_wait_ms(ui_t *ui, void *st)
{
    admin_t *a = st;
    if (!a->live || a->job || (!ui->store && !a->eject_path[0]))
        return -1;
    uint64_t since = ui->now - AGM_MIN(ui->store ? a->meet_polled : UINT64_MAX, a->eject_path[0] ? a->eject_polled : UINT64_MAX);
    return since >= 500 ? 0 : (int)(500 - since);
}

static size_t admin_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    admin_t *a = st;
    size_t n = 0;
    if (a->modal != MODAL_NONE) {
        for (int i = 0; i < a->nmbtn; i++)
            n = ui_control_add(out, n, max, a->mbtn[i], a->mbtn_id[i]);
        return n;
    }
    n = ui_control_add(out, n, max, a->close, "admin.close");
    n = ui_control_add(out, n, max, a->meeting, "admin.meeting");
    for (int i = 0; i < ADMIN_ACTIONS; i++)
        n = ui_control_add(out, n, max, a->actions[i], admin_action_ids[i]);
    return n;
}

const screen_def_t screen_admin = {
    .name = "admin",
    .allows_quit = true,
    .create = admin_create,
    .destroy = admin_destroy,
    .layout = admin_layout,
    .enter = admin_enter,
    .leave = admin_leave,
    .reset = admin_reset,
    .activate = admin_activate,
    .event = admin_event,
    .update = admin_update,
    .wait_ms = admin_wait_ms,
    .draw = admin_draw,
    .controls = admin_controls,
};
