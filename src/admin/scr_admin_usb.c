/* scr_admin_usb.c - "admin_usb": loading a content folder or the sealing
 * key from a USB stick, reached from the admin screen after the PIN.
 *
 * What it shows: the content in use (its event title; loaded from a stick
 * or the bundled content) and what Undo goes back to; three actions (Load
 * content folder, Undo content change, Install sealing key); and the
 * outcome of the last one in a panel that scrolls (drag, wheel, arrow
 * keys), where a refused folder lists every problem as FILE:LINE: message,
 * named as on the stick.
 *
 * A content folder on a stick is a folder at its top that holds event.ini
 * (e.g. STICK/agm-2013/). One found on one stick is loaded at once;
 * several: a card lists them (at most ADMIN_USB_CHOICES). The copy and the
 * check run in a worker thread (content_install.h) while the screen keeps
 * drawing; a clean folder replaces the content in use atomically and the
 * app reloads it (ui_reload_content: every other screen starts again on the
 * new content, no restart). Undo swaps back, and again (a redo).
 *
 * Shown without the admin screen's unlock (`render --screen admin_usb`,
 * `show` in a replay) it is a preview with a sample outcome whose buttons
 * do nothing. */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../content/content_install.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../ui/screen.h"
#include "../ui/widgets.h"
#include "admin_media.h"
#include "admin_screen.h"
#include "privacy.h"

#define ADMIN_USB_CHOICES 6
enum { U_LOAD, U_UNDO, U_KEY, U_ACTIONS };
static const char *const u_ids[U_ACTIONS] = {"usb.load", "usb.undo", "usb.key"};
static const char *const u_keys[U_ACTIONS] = {"admin.usb_load", "admin.usb_undo", "admin.install_key"};

typedef enum { NOTE_PLAIN, NOTE_GOOD, NOTE_BAD } unote_t;

/* The copy and check in a worker thread. */
typedef struct {
    pthread_t th;
    atomic_int done;
    char *src, *shown, *data_dir;
    content_install_rc_t rc;
    diag_list_t diags;
    content_install_stats_t stats;
    char *err;
} ujob_t;

typedef struct {
    char *path;   /* the folder on the stick */
    char *shown;  /* STICK/folder */
} uchoice_t;

typedef struct {
    bool unlocked, live;
    ujob_t *job;
    uchoice_t choice[ADMIN_USB_CHOICES];
    int nchoice;
    bool picking;            /* the card listing the folders is open */
    /* what is in use */
    char info[768];
    /* the outcome: a headline and its lines */
    strbuf_t head;
    unote_t head_kind;
    strbuf_t lines;          /* FILE:LINE: message, one a line */
    /* layout */
    rect_t info_box, head_box, actions[U_ACTIONS];
    scroll_t scroll;
    int lines_h;
    rect_t card, card_text, cbtn[ADMIN_USB_CHOICES + 1];
    char cbtn_id[ADMIN_USB_CHOICES + 1][24];
    int ncbtn;
} usb_t;

/* ---- the worker ------------------------------------------------------------ */

static void *job_main(void *arg)
{
    ujob_t *j = arg;
    j->rc = content_install(j->src, j->shown, j->data_dir, &j->diags, &j->stats, &j->err);
    atomic_store(&j->done, 1);
    return NULL;
}

static void job_free(ujob_t *j)
{
    if (!j)
        return;
    pthread_join(j->th, NULL);
    free(j->src);
    free(j->shown);
    free(j->data_dir);
    diag_free(&j->diags);
    free(j->err);
    free(j);
}

/* ---- state ------------------------------------------------------------------ */

static void clear_choices(usb_t *u)
{
    for (int i = 0; i < u->nchoice; i++) {
        free(u->choice[i].path);
        free(u->choice[i].shown);
    }
    u->nchoice = 0;
    u->picking = false;
}

static void *usb_create(ui_t *ui) { return xcalloc(1, sizeof(usb_t)); }

static void usb_destroy(void *st)
{
    usb_t *u = st;
    if (!u)
        return;
    job_free(u->job);
    clear_choices(u);
    sb_free(&u->head);
    sb_free(&u->lines);
    free(u);
}

void admin_usb_unlock(ui_t *ui)
{
    usb_t *u = ui_screen_state(ui, "admin_usb");
    if (u)
        u->unlocked = true;
}

static void set_head(usb_t *u, unote_t k, const char *text)
{
    sb_clear(&u->head);
    sb_append(&u->head, text ? text : "");
    u->head_kind = k;
    sb_clear(&u->lines);
    scroll_to(&u->scroll, 0);
}

/* The lines of a check, as `agmkiosk check` prints them: errors first. */
static void add_diags(usb_t *u, const diag_list_t *d)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n; i++) {
            const diag_t *x = &d->v[i];
            if ((x->severity == DIAG_ERROR) != (pass == 0))
                continue;
            sb_printf(&u->lines, "%s%s:%d: %s%s", u->lines.len ? "\n" : "", x->file ? x->file : "?", x->line,
                      x->severity == DIAG_WARNING ? "warning: " : "", x->msg ? x->msg : "");
        }
}

/* What is in use and what Undo goes back to. */
static void refresh_info(ui_t *ui, usb_t *u)
{
    const char *title = ui->content && ui->content->event.title ? ui->content->event.title : "";
    const config_t *cfg = ui->cfg;
    const char *in_use, *undo;
    if (!u->live) {
        in_use = ui_fmt(ui, "admin.usb_in_use_loaded", title, (const char *)NULL);
        undo = ui_str(ui, "admin.usb_undo_bundled");
    } else if (!cfg || cfg->content_given) {
        in_use = ui_fmt(ui, "admin.usb_in_use_given", title, (const char *)NULL);
        undo = "";
    } else {
        bool loaded = content_install_present(cfg->data_dir);
        in_use = ui_fmt(ui, loaded ? "admin.usb_in_use_loaded" : "admin.usb_in_use_bundled", title, (const char *)NULL);
        char *prev = path_join(cfg->data_dir, CONTENT_PREVIOUS);
        struct stat st;
        bool has_prev = stat(prev, &st) == 0 && S_ISDIR(st.st_mode);
        free(prev);
        undo = ui_str(ui, has_prev ? "admin.usb_undo_previous" : loaded ? "admin.usb_undo_bundled" : "admin.usb_undo_none");
    }
    snprintf(u->info, sizeof u->info, "%s%s%s", in_use, *undo ? "\n" : "", undo);
}

static void usb_enter(ui_t *ui, void *st)
{
    usb_t *u = st;
    u->live = u->unlocked;
    clear_choices(u);
    if (!u->live) {
        /* the preview: a folder refused, as it would be listed */
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.usb_refused", "STICK/agm-2013", ui_count(ui, "admin.n_errors", 3),
                                     (const char *)NULL));
        sb_append(&u->lines, "STICK/agm-2013/stats.csv:14: value 'about 1,000' is not a number (write 1000 and "
                             "approx = about)\n"
                             "STICK/agm-2013/slides.ini:22: unknown section 'food-aid'; did you mean 'food-and-aid'?\n"
                             "STICK/agm-2013/strings/ja.ini:0: missing: the file cannot be read\n"
                             "STICK/agm-2013/report.ja.md:40: warning: no translation of section 'rescue'");
    } else if (!u->job && !u->head.len) {
        set_head(u, NOTE_PLAIN, ui_str(ui, "admin.usb_help"));
    }
    refresh_info(ui, u);
    ui_relayout(ui);
}

static void usb_leave(ui_t *ui, void *st)
{
    usb_t *u = st;
    u->unlocked = false;
    u->live = false;
    clear_choices(u);
    if (!u->job) {
        sb_clear(&u->head);
        sb_clear(&u->lines);
    }
}

static void usb_reset(ui_t *ui, void *st) { usb_leave(ui, st); }

static const char *usb_title(ui_t *ui, void *st) { return ui_str(ui, "admin.usb_title"); }

/* ---- layout ------------------------------------------------------------------ */

static void layout_card(ui_t *ui, usb_t *u)
{
    const ui_metrics_t *m = &ui->m;
    u->ncbtn = 0;
    if (!u->picking)
        return;
    int cw = AGM_MIN(m->w - 2 * m->margin, AGM_MAX(m->measure * 2 / 3, m->target * 12));
    int pad = m->u * 4, inner = cw - 2 * pad;
    font_t bf = ui_font(m->px_body, false);
    int th = text_height(ui->gfx, &bf, ui_str(ui, "admin.usb_choose"), inner - AGM_MIN(m->u * 2, inner / 10),
                         m->body_line);
    for (int i = 0; i < u->nchoice; i++)
        snprintf(u->cbtn_id[u->ncbtn++], sizeof u->cbtn_id[0], "usb.folder.%d", i);
    snprintf(u->cbtn_id[u->ncbtn++], sizeof u->cbtn_id[0], "admin.cancel");
    int rows = (u->ncbtn + 1) / 2, bh = m->button_h;
    int buttons_h = rows * bh + (rows - 1) * m->gap;
    th = AGM_MIN(th, m->h - 2 * m->margin - 2 * pad - m->gap * 2 - buttons_h);
    int ch = pad + th + m->gap * 2 + buttons_h + pad;
    u->card = (rect_t){(m->w - cw) / 2, (m->h - ch) / 2, cw, ch};
    u->card_text = (rect_t){u->card.x + pad, u->card.y + pad, inner, AGM_MAX(th, 0)};
    int by = u->card_text.y + u->card_text.h + m->gap * 2, bw = (inner - m->gap) / 2;
    for (int i = 0; i < u->ncbtn; i++)
        u->cbtn[i] = (rect_t){u->card_text.x + (i % 2) * (bw + m->gap), by + (i / 2) * (bh + m->gap), bw, bh};
    if (u->ncbtn % 2 == 1)
        u->cbtn[u->ncbtn - 1].w = inner; /* Cancel alone on its row */
}

static int lines_width(ui_t *ui, rect_t view) { return view.w - ui->m.u * 7; }

static void usb_layout(ui_t *ui, void *st)
{
    usb_t *u = st;
    const ui_metrics_t *m = &ui->m;
    int M = m->margin, y0 = ui->body.y + m->gap;
    rect_t col;
    refresh_info(ui, u); /* also after the content was reloaded (the app lays out again) */
    if (!m->portrait) {
        int rw = (m->w - 2 * M - m->gap * 2) * 2 / 5;
        int bh = AGM_MIN(m->button_h * 3 / 2, (m->h - y0 - M - (U_ACTIONS - 1) * m->gap) / U_ACTIONS);
        for (int i = 0; i < U_ACTIONS; i++)
            u->actions[i] = (rect_t){m->w - M - rw, y0 + i * (bh + m->gap), rw, bh};
        col = (rect_t){M, y0, m->w - 2 * M - rw - m->gap * 2, m->h - M - y0};
    } else {
        int bh = m->button_h * 5 / 4;
        int top = m->h - M - (U_ACTIONS * bh + (U_ACTIONS - 1) * m->gap);
        for (int i = 0; i < U_ACTIONS; i++)
            u->actions[i] = (rect_t){M, top + i * (bh + m->gap), m->w - 2 * M, bh};
        col = (rect_t){M, y0, m->w - 2 * M, top - m->gap * 2 - y0};
    }
    font_t bf = ui_font(m->px_body, false), hf = ui_font(m->px_body, true), sf = ui_font(m->px_small, false);
    int wrap = col.w - AGM_MIN(m->u * 2, col.w / 10);
    int ih = AGM_MIN(text_height(ui->gfx, &bf, u->info, wrap, m->body_line), col.h / 3);
    u->info_box = (rect_t){col.x, col.y, col.w, ih};
    int y = col.y + ih + m->gap * 2;
    const font_t *headf = u->head_kind == NOTE_PLAIN ? &bf : &hf; /* an outcome in bold, help plain */
    int hh = u->head.len ? text_height(ui->gfx, headf, u->head.s, wrap, m->body_line) : 0;
    /* with lines below, the headline keeps at most half of the room */
    hh = AGM_MIN(hh, u->lines.len ? (col.y + col.h - y) / 2 : col.y + col.h - y);
    hh -= hh % m->body_line;
    u->head_box = (rect_t){col.x, y, col.w, hh};
    y += hh + (hh ? m->gap : 0);
    int line_s = m->px_small * 3 / 2;
    rect_t view = {col.x, y, col.w, AGM_MAX(0, col.y + col.h - y)};
    /* the lines inside the panel: padding on the left, room for the indicator on the right */
    u->lines_h = u->lines.len ? text_height(ui->gfx, &sf, u->lines.s, lines_width(ui, view), line_s) + m->u * 2 : 0;
    scroll_set_content(&u->scroll, view, u->lines_h);
    layout_card(ui, u);
}

/* ---- actions ------------------------------------------------------------------ */

static bool has_event_ini(const char *dir)
{
    char *p = path_join(dir, "event.ini");
    struct stat st;
    bool r = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return r;
}

static int by_shown(const void *a, const void *b)
{
    return strcmp(((const uchoice_t *)a)->shown, ((const uchoice_t *)b)->shown);
}

/* The content folders at the top of the sticks. *at_top: a stick holds
 * event.ini at its top (the files are not in a folder). */
static void find_folders(usb_t *u, const admin_media_t *md, bool *at_top)
{
    clear_choices(u);
    *at_top = false;
    for (size_t s = 0; s < md->n; s++) {
        if (has_event_ini(md->v[s].path))
            *at_top = true;
        DIR *d = opendir(md->v[s].path);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) && u->nchoice < ADMIN_USB_CHOICES) {
            if (e->d_name[0] == '.')
                continue;
            char *p = path_join(md->v[s].path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && has_event_ini(p)) {
                u->choice[u->nchoice].path = p;
                u->choice[u->nchoice].shown = xasprintf("%s/%s", md->v[s].label, e->d_name);
                u->nchoice++;
            } else {
                free(p);
            }
        }
        closedir(d);
    }
    if (u->nchoice > 1)
        qsort(u->choice, (size_t)u->nchoice, sizeof u->choice[0], by_shown);
}

static void start_load(ui_t *ui, usb_t *u, int i)
{
    ujob_t *j = xcalloc(1, sizeof *j);
    j->src = xstrdup(u->choice[i].path);
    j->shown = xstrdup(u->choice[i].shown);
    j->data_dir = xstrdup(ui->cfg->data_dir);
    if (pthread_create(&j->th, NULL, job_main, j) != 0) {
        free(j->src);
        free(j->shown);
        free(j->data_dir);
        free(j);
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.usb_failed", u->choice[i].shown, "no thread", (const char *)NULL));
        return;
    }
    u->job = j;
    set_head(u, NOTE_PLAIN, ui_fmt(ui, "admin.usb_loading_from", j->shown, (const char *)NULL));
    log_info("admin", "loading the content folder %s", j->src);
}

static void do_load(ui_t *ui, usb_t *u)
{
    if (!ui->cfg || ui->cfg->content_given) {
        set_head(u, NOTE_BAD, ui_str(ui, "admin.usb_off"));
        return;
    }
    admin_media_t md;
    admin_media_find_readable(&md);
    bool at_top = false;
    find_folders(u, &md, &at_top);
    size_t nsticks = md.n;
    admin_media_free(&md);
    if (nsticks == 0)
        set_head(u, NOTE_BAD, ui_str(ui, "admin.no_usb"));
    else if (u->nchoice == 0)
        set_head(u, NOTE_BAD, ui_str(ui, at_top ? "admin.usb_at_top" : "admin.usb_no_folder"));
    else if (u->nchoice == 1)
        start_load(ui, u, 0);
    else
        u->picking = true;
}

static void do_undo(ui_t *ui, usb_t *u)
{
    if (!ui->cfg || ui->cfg->content_given) {
        set_head(u, NOTE_BAD, ui_str(ui, "admin.usb_off"));
        return;
    }
    if (!content_install_can_undo(ui->cfg->data_dir)) {
        set_head(u, NOTE_PLAIN, ui_str(ui, "admin.usb_undo_none"));
        return;
    }
    char *err = NULL;
    if (!content_install_undo(ui->cfg->data_dir, &err)) {
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.usb_undo_failed", err ? err : "?", (const char *)NULL));
    } else {
        set_head(u, NOTE_GOOD, ui_str(ui, "admin.usb_undone"));
        ui_reload_content(ui);
    }
    free(err);
}

/* The sealing key: the one NAME.pub at the top of a stick (privacy.h). */
static void do_key(ui_t *ui, usb_t *u)
{
    admin_media_t md;
    admin_media_find_readable(&md);
    if (md.n == 0) {
        set_head(u, NOTE_BAD, ui_str(ui, "admin.no_usb"));
        return;
    }
    /* the stick that holds a .pub (the first, by name, when several do) */
    size_t pick = 0;
    for (size_t s = 0; s < md.n; s++) {
        DIR *d = opendir(md.v[s].path);
        bool has = false;
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".pub") == 0)
                has = true;
        if (d)
            closedir(d);
        if (has) {
            pick = s;
            break;
        }
    }
    seal_pub_t k;
    char *secret = NULL, *err = NULL;
    if (!privacy_install(ui->cfg, md.v[pick].path, &k, &secret, &err)) {
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.key_failed", err ? err : "?", (const char *)NULL));
    } else {
        privacy_apply(ui->cfg, ui->store, NULL);
        char pretty[SEAL_ID_PRETTY + 1];
        seal_id_pretty(k.id, pretty);
        set_head(u, secret ? NOTE_BAD : NOTE_GOOD, ui_fmt(ui, "admin.key_installed", pretty, (const char *)NULL));
        if (secret)
            sb_printf(&u->lines, "%s", ui_fmt(ui, "admin.key_secret_on_stick", secret, (const char *)NULL));
    }
    free(secret);
    free(err);
    admin_media_free(&md);
}

/* The worker finished: its outcome, and the content reloaded when it was
 * replaced. */
static void finish_job(ui_t *ui, usb_t *u)
{
    ujob_t *j = u->job;
    u->job = NULL;
    pthread_join(j->th, NULL);
    char files[32];
    snprintf(files, sizeof files, "%ld", j->stats.files);
    size_t nerr = diag_count(&j->diags, DIAG_ERROR), nwarn = diag_count(&j->diags, DIAG_WARNING);
    if (j->rc == CONTENT_INSTALL_OK) {
        set_head(u, NOTE_GOOD, ui_fmt(ui, "admin.usb_loaded", j->shown, ui_count(ui, "admin.n_files", j->stats.files),
                                      (const char *)NULL));
        if (nwarn)
            sb_printf(&u->lines, "%s\n", ui_count(ui, "admin.n_warnings", (long long)nwarn));
        add_diags(u, &j->diags);
        ui_reload_content(ui);
    } else if (j->rc == CONTENT_INSTALL_REFUSED) {
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.usb_refused", j->shown, ui_count(ui, "admin.n_errors", (long long)nerr),
                                     (const char *)NULL));
        add_diags(u, &j->diags);
        for (size_t i = 0; i < j->diags.n; i++)
            log_warn("admin", "%s:%d: %s%s", j->diags.v[i].file, j->diags.v[i].line,
                     j->diags.v[i].severity == DIAG_WARNING ? "warning: " : "", j->diags.v[i].msg);
    } else {
        set_head(u, NOTE_BAD, ui_fmt(ui, "admin.usb_failed", j->shown, j->err ? j->err : "?", (const char *)NULL));
    }
    free(j->src);
    free(j->shown);
    free(j->data_dir);
    diag_free(&j->diags);
    free(j->err);
    free(j);
    refresh_info(ui, u);
    ui_relayout(ui);
    ui_invalidate(ui);
}

static bool usb_activate(ui_t *ui, void *st, const char *id)
{
    usb_t *u = st;
    if (u->picking) {
        if (strncmp(id, "usb.folder.", 11) == 0) {
            int i = atoi(id + 11);
            u->picking = false;
            if (i >= 0 && i < u->nchoice && u->live && !u->job)
                start_load(ui, u, i);
        } else if (strcmp(id, "admin.cancel") == 0) {
            u->picking = false;
        } else {
            return false;
        }
        ui_relayout(ui);
        return true;
    }
    if (strcmp(id, "nav.back") == 0) {
        admin_unlock(ui); /* back to the admin screen, which the PIN opened */
        return false;
    }
    int k = -1;
    for (int i = 0; i < U_ACTIONS; i++)
        if (strcmp(id, u_ids[i]) == 0)
            k = i;
    if (k < 0)
        return false;
    if (!u->live) {
        set_head(u, NOTE_PLAIN, ui_str(ui, "admin.preview"));
    } else if (u->job) {
        set_head(u, NOTE_PLAIN, ui_str(ui, "admin.usb_busy"));
    } else if (k == U_LOAD) {
        do_load(ui, u);
    } else if (k == U_UNDO) {
        do_undo(ui, u);
    } else {
        do_key(ui, u);
    }
    refresh_info(ui, u);
    ui_relayout(ui);
    return true;
}

static bool usb_event(ui_t *ui, void *st, const ui_input_t *in)
{
    usb_t *u = st;
    if (in->kind == IN_KEY && in->key == UI_KEY_ESCAPE) {
        if (u->picking) {
            u->picking = false;
            ui_relayout(ui);
        } else {
            admin_unlock(ui);
            ui_back(ui);
        }
        return true;
    }
    if (u->picking)
        return false;
    return scroll_input(&u->scroll, in, ui->m.body_line * 2);
}

static bool usb_update(ui_t *ui, void *st)
{
    usb_t *u = st;
    if (u->job && atomic_load(&u->job->done))
        finish_job(ui, u);
    bool moving = scroll_update(&u->scroll, ui->now);
    return moving || u->job != NULL; /* the busy dots while it runs */
}

static bool usb_pending(ui_t *ui, void *st)
{
    usb_t *u = st;
    return u->job != NULL;
}

static int usb_wait_ms(ui_t *ui, void *st)
{
    usb_t *u = st;
    return u->job ? 50 : -1;
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_wrapped(ui_t *ui, gfx_t *g, const font_t *f, rgba_t c, const char *s, rect_t box, int line_h)
{
    rect_t in = box;
    in.w -= AGM_MIN(ui->m.u * 2, box.w / 10);
    gfx_push_clip(g, box);
    text_draw_box(g, f, c, s, in, TEXT_LEFT, line_h);
    gfx_pop_clip(g);
}

static void usb_draw(ui_t *ui, void *st, gfx_t *g)
{
    usb_t *u = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;
    gfx_fill(g, ui->body, t->surface);
    font_t bf = ui_font(m->px_body, false), hf = ui_font(m->px_body, true), sf = ui_font(m->px_small, false);
    draw_wrapped(ui, g, &bf, t->muted, u->info, u->info_box, m->body_line);
    if (u->head.len && u->head_box.h > 0) {
        rgba_t c = u->head_kind == NOTE_BAD ? t->danger : u->head_kind == NOTE_GOOD ? t->success : t->text;
        draw_wrapped(ui, g, u->head_kind == NOTE_PLAIN ? &bf : &hf, c, u->head.s, u->head_box, m->body_line);
    }
    if (u->lines.len && u->scroll.view.h > 0) {
        rect_t v = u->scroll.view;
        gfx_fill(g, v, t->surface_alt);
        gfx_push_clip(g, v);
        int line_s = m->px_small * 3 / 2;
        rect_t box = {v.x + m->u * 2, v.y + m->u - (int)u->scroll.offset, lines_width(ui, v), u->lines_h + line_s};
        text_draw_box(g, &sf, t->text, u->lines.s, box, TEXT_LEFT, line_s);
        gfx_pop_clip(g);
        scroll_draw_indicator(&u->scroll, g, t->muted, AGM_MAX(3, m->u));
    }
    for (int i = 0; i < U_ACTIONS; i++) {
        const char *label = ui_str(ui, i == U_LOAD && u->job ? "admin.usb_loading" : u_keys[i]);
        ui_draw_button(ui, g, u->actions[i], u_ids[i], label, m->px_body, i == U_LOAD ? BTN_PRIMARY : BTN_SECONDARY,
                       0);
    }
    if (u->job) {
        rect_t r = u->actions[U_LOAD];
        int d = AGM_MAX(4, m->u * 2), k = (int)((ui->now / 300) % 3);
        for (int i = 0; i < 3; i++) {
            rgba_t c = t->accent_text;
            if (i != k)
                c.a = 90;
            gfx_round(g, (rect_t){r.x + r.w - d * 6 + i * d * 2, r.y + r.h - d * 2, d, d}, d / 2, c);
        }
    }
    if (u->picking) {
        gfx_fill(g, (rect_t){0, 0, m->w, m->h}, RGBA(0, 0, 0, 150));
        gfx_round(g, u->card, m->radius * 2, t->surface);
        draw_wrapped(ui, g, &bf, t->text, ui_str(ui, "admin.usb_choose"), u->card_text, m->body_line);
        for (int i = 0; i < u->ncbtn; i++) {
            const char *label = i < u->nchoice ? u->choice[i].shown : ui_str(ui, "admin.cancel");
            ui_draw_button(ui, g, u->cbtn[i], u->cbtn_id[i], label, m->px_body, BTN_SECONDARY, 0);
        }
    }
}

static size_t usb_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    usb_t *u = st;
    size_t n = 0;
    if (u->picking) {
        for (int i = 0; i < u->ncbtn; i++)
            n = ui_control_add(out, n, max, u->cbtn[i], u->cbtn_id[i]);
        return n;
    }
    for (int i = 0; i < U_ACTIONS; i++)
        n = ui_control_add(out, n, max, u->actions[i], u_ids[i]);
    return n;
}

const screen_def_t screen_admin_usb = {
    .name = "admin_usb",
    .bar_title = usb_title,
    .show_back = true,
    .create = usb_create,
    .destroy = usb_destroy,
    .layout = usb_layout,
    .enter = usb_enter,
    .leave = usb_leave,
    .reset = usb_reset,
    .activate = usb_activate,
    .event = usb_event,
    .update = usb_update,
    .pending = usb_pending,
    .wait_ms = usb_wait_ms,
    .draw = usb_draw,
    .controls = usb_controls,
};
