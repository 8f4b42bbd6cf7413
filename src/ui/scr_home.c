/* scr_home.c - the home screen: the event, a language switch that is always
 * in view, and large tiles for Report, Timeline, Statistics and (when
 * collection is on and those screens exist) Ask a question and Sign up.
 * Landscape: three reading tiles in a row, the two collection tiles below.
 * Portrait: one column of tiles, the language switch under the title.
 * Beside the event line (under the languages in portrait): the text size,
 * A or A+, and high contrast. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "screen.h"
#include "widgets.h"

#define HOME_MAX_TILES 5
#define HOME_MAX_LANGS 8

typedef struct {
    const char *id;       /* control id */
    const char *screen;   /* where it goes */
    const char *title_key, *desc_key;
    rect_t r;
    bool primary;
} tile_t;

typedef struct {
    tile_t tiles[HOME_MAX_TILES];
    int ntiles;
    rect_t title_box;
    int title_px;
    rect_t sub_box;
    rect_t lang[HOME_MAX_LANGS];
    char lang_id[HOME_MAX_LANGS][24];
    int nlang;
    rect_t look[3];       /* A, A+ (the text size), High contrast */
    qr_t qr;              /* event.ini's url, when there is one */
    char *qr_text;        /* what qr encodes */
    rect_t qr_card;       /* zero size: no room, or no url */
} home_t;

static const char *const look_id[3] = {"home.text.normal", "home.text.large", "home.contrast"};
static const char *const look_key[3] = {"home.text_normal", "home.text_large", "home.contrast"};

/* The three look buttons laid in a row ending at x_end; returns the row's width. */
static int home_look_row(ui_t *ui, home_t *h, int x_end, int y)
{
    const ui_metrics_t *m = &ui->m;
    int bw[3], total = 0;
    for (int i = 0; i < 3; i++) {
        bw[i] = ui_button_width(ui, ui_str(ui, look_key[i]), m->px_body);
        total += bw[i] + (i ? (i == 2 ? m->gap * 2 : m->gap) : 0);
    }
    int x = x_end - total;
    for (int i = 0; i < 3; i++) {
        x += i ? (i == 2 ? m->gap * 2 : m->gap) : 0;
        h->look[i] = (rect_t){x, y, bw[i], m->button_h};
        x += bw[i];
    }
    return total;
}

static void *home_create(ui_t *ui) { return xcalloc(1, sizeof(home_t)); }

static void home_destroy(void *st)
{
    home_t *h = st;
    if (!h)
        return;
    qr_free(&h->qr);
    free(h->qr_text);
    free(h);
}

/* The QR code of the organization's site, made again when the url changed. */
static void home_qr(ui_t *ui, home_t *h)
{
    const char *url = ui->content->event.url;
    if (url && h->qr_text && strcmp(url, h->qr_text) == 0)
        return;
    qr_free(&h->qr);
    free(h->qr_text);
    h->qr_text = url ? xstrdup(url) : NULL;
    if (url)
        qr_make(url, &h->qr);
}

static void home_tiles(ui_t *ui, home_t *h)
{
    static const tile_t all[] = {
        {"home.report", "report", "nav.report", "home.report", {0, 0, 0, 0}, true},
        {"home.timeline", "timeline", "nav.timeline", "home.timeline", {0, 0, 0, 0}, false},
        {"home.stats", "stats", "nav.statistics", "home.statistics", {0, 0, 0, 0}, false},
        {"home.ask", "ask", "nav.ask", "home.ask", {0, 0, 0, 0}, false},
        {"home.signup", "signup", "nav.signup", "home.signup", {0, 0, 0, 0}, false},
    };
    h->ntiles = 0;
    for (size_t i = 0; i < AGM_ARRAY_LEN(all); i++) {
        bool collect = i >= 3;
        if (!ui_has_screen(ui, all[i].screen))
            continue;
        if (collect && (!ui->cfg || !ui->cfg->collect || ui->mode != APP_MODE_KIOSK))
            continue;
        h->tiles[h->ntiles++] = all[i];
    }
}

static void home_layout(ui_t *ui, void *st)
{
    home_t *h = st;
    const ui_metrics_t *m = &ui->m;
    home_tiles(ui, h);
    home_qr(ui, h);
    h->qr_card = (rect_t){0, 0, 0, 0};

    /* The language switch: one button per language, each named in itself. */
    h->nlang = 0;
    int lw = 0;
    for (size_t i = 0; i < ui->content->nlangs && h->nlang < HOME_MAX_LANGS; i++) {
        const strings_t *s = &ui->content->langs[i];
        snprintf(h->lang_id[h->nlang], sizeof h->lang_id[0], "lang.%s", s->lang);
        int bw = ui_button_width(ui, s->name ? s->name : s->lang, m->px_body);
        lw = AGM_MAX(lw, bw);
        h->nlang++;
    }
    int langs_w = h->nlang * lw + (h->nlang - 1) * m->gap;
    int x = m->margin, y = m->margin, w = m->w - 2 * m->margin;
    if (!m->portrait) {
        /* Title at the left, the languages at the right of the same band. */
        int lx = m->w - m->margin - langs_w;
        for (int i = 0; i < h->nlang; i++)
            h->lang[i] = (rect_t){lx + i * (lw + m->gap), y, lw, m->button_h};
        h->title_box = (rect_t){x, y, lx - m->gap * 2 - x, m->px_h1 * 2};
    } else {
        /* Portrait: the title and the event line, then the languages as one row. */
        h->title_box = (rect_t){x, y + m->u * 2, w, m->px_h1 * 2 + m->px_h1 / 2};
    }
    const char *title = ui->content->event.title ? ui->content->event.title : ui_str(ui, "app.name");
    h->title_px = text_fit_px(ui->gfx, title, FONT_BOLD, h->title_box, m->px_h3, m->px_h1, 1.15f);
    int header_h;
    {
        /* The band is as tall as the title needs (at least a button). */
        font_t tf = ui_font(h->title_px, true);
        text_opts_t o = {h->title_box.w, (int)(h->title_px * 1.15f), 0, TEXT_LEFT};
        text_layout_t l;
        text_layout_str(ui->gfx, &tf, RGBA(0, 0, 0, 255), title, &o, &l);
        h->title_box.h = m->portrait ? AGM_MAX(l.ink_h, m->px_h1) : AGM_MAX(l.ink_h, m->button_h);
        header_h = m->portrait ? h->title_box.h + m->u * 2 : h->title_box.h;
        text_layout_free(&l);
    }
    int sub_y = y + header_h + m->u;
    int ty;
    if (m->portrait) {
        h->sub_box = (rect_t){x, sub_y, w, m->body_line * 2};
        ty = h->sub_box.y + h->sub_box.h + m->gap + m->u;
        int bw = (w - (h->nlang - 1) * m->gap) / AGM_MAX(h->nlang, 1);
        for (int i = 0; i < h->nlang; i++)
            h->lang[i] = (rect_t){x + i * (bw + m->gap), ty, bw, m->button_h};
        ty += m->button_h + m->gap;
        home_look_row(ui, h, x + w, ty);
        ty += m->button_h + m->gap * 2;
    } else {
        /* The event line at the left, the text size and contrast at the right. */
        int row_h = AGM_MAX(m->button_h, m->body_line * 2);
        int lw2 = home_look_row(ui, h, x + w, sub_y + (row_h - m->button_h) / 2);
        int lines = (row_h / m->body_line);
        h->sub_box = (rect_t){x, sub_y + (row_h - m->body_line * lines) / 2, w - lw2 - m->gap * 2, m->body_line * lines};
        ty = sub_y + row_h + m->gap + m->u;
    }
    int th = m->h - m->margin - ty;

    if (m->portrait) {
        int n = AGM_MAX(h->ntiles, 1);
        int each = (th - (n - 1) * m->gap) / n;
        each = AGM_MIN(each, m->button_h * 4);
        for (int i = 0; i < h->ntiles; i++)
            h->tiles[i].r = (rect_t){x, ty + i * (each + m->gap), w, each};
        /* The QR card under the tiles when they leave room for it. */
        int qy = ty + h->ntiles * (each + m->gap) + m->gap;
        int qh = m->h - m->margin - qy;
        if (h->qr.size && qh >= m->target * 3)
            h->qr_card = (rect_t){x, qy, w, qh};
        else if (h->qr.size && h->ntiles > 2) {
            /* or each tile gives up a little height */
            int want = m->target * 3 + m->gap * 2;
            each = (th - want - (n - 1) * m->gap) / n;
            if (each >= m->button_h * 9 / 10) {
                for (int i = 0; i < h->ntiles; i++)
                    h->tiles[i].r = (rect_t){x, ty + i * (each + m->gap), w, each};
                qy = ty + h->ntiles * (each + m->gap) + m->gap;
                h->qr_card = (rect_t){x, qy, w, m->h - m->margin - qy};
            }
        }
        return;
    }
    int nread = 0, ncol = 0;
    for (int i = 0; i < h->ntiles; i++)
        (strcmp(h->tiles[i].screen, "ask") == 0 || strcmp(h->tiles[i].screen, "signup") == 0) ? ncol++ : nread++;
    int row1 = ncol ? (th - m->gap) * 58 / 100 : th;
    int row2 = th - row1 - m->gap;
    /* The QR card closes the second row (or the only one), about square. */
    int qw = 0;
    if (h->qr.size) {
        int qrow = ncol ? row2 : row1;
        qw = AGM_MIN(qrow + m->u * 8, w / 4);
        if (qrow < m->target * 2)
            qw = 0;
        else
            h->qr_card = (rect_t){x + w - qw, ncol ? ty + row1 + m->gap : ty, qw, qrow};
    }
    int k1 = 0, k2 = 0;
    for (int i = 0; i < h->ntiles; i++) {
        bool second = strcmp(h->tiles[i].screen, "ask") == 0 || strcmp(h->tiles[i].screen, "signup") == 0;
        int n = second ? ncol : nread, k = second ? k2++ : k1++;
        int rw = w - ((second || !ncol) && qw ? qw + m->gap : 0);
        int tw = (rw - (n - 1) * m->gap) / AGM_MAX(n, 1);
        h->tiles[i].r = (rect_t){x + k * (tw + m->gap), second ? ty + row1 + m->gap : ty, tw, second ? row2 : row1};
    }
}

static void home_draw(ui_t *ui, void *st, gfx_t *g)
{
    home_t *h = st;
    const ui_metrics_t *m = &ui->m;
    const theme_t *t = ui->theme;

    const char *title = ui->content->event.title ? ui->content->event.title : ui_str(ui, "app.name");
    font_t tf = ui_font(h->title_px, true);
    text_opts_t o = {h->title_box.w, (int)(h->title_px * 1.15f), 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, &tf, t->text, title, &o, &l);
    int ty = h->title_box.y + (h->title_box.h - l.ink_h) / 2;
    gfx_push_clip(g, h->title_box);
    text_layout_draw(g, &l, h->title_box.x, AGM_MAX(ty, h->title_box.y));
    gfx_pop_clip(g);
    text_layout_free(&l);

    const char *sub = ui->content->event.subtitle;
    if (sub && *sub) {
        font_t sf = ui_font(m->px_body, false);
        text_draw_box(g, &sf, t->muted, sub, h->sub_box, TEXT_LEFT, m->body_line);
    }

    for (int i = 0; i < h->nlang; i++) {
        const strings_t *s = &ui->content->langs[i];
        bool sel = strcmp(s->lang, ui->lang) == 0;
        ui_draw_button(ui, g, h->lang[i], h->lang_id[i], s->name ? s->name : s->lang, m->px_body,
                       sel ? BTN_SELECTED : BTN_SECONDARY, 0);
    }

    for (int i = 0; i < 3; i++) {
        bool on = i == 0 ? !ui->large_text : i == 1 ? ui->large_text : ui->high_contrast;
        ui_draw_button(ui, g, h->look[i], look_id[i], ui_str(ui, look_key[i]), i == 1 ? m->px_h3 : m->px_body,
                       on ? BTN_SELECTED : BTN_SECONDARY, 0);
    }

    if (h->qr_card.w > 0) {
        /* "Our website" above a code a phone can read at arm's length. */
        rect_t r = h->qr_card;
        gfx_round(g, r, m->radius * 2, t->surface_alt);
        gfx_stroke(g, r, m->radius * 2, AGM_MAX(1, m->line), t->line);
        font_t cf = ui_font(m->px_small, true);
        int pad = m->u * 2;
        rect_t in = rect_inset(r, pad);
        const char *cap = ui_str(ui, "home.website");
        if (m->portrait) {
            rect_t code = {in.x, in.y, in.h, in.h};
            rect_t sq = ui_draw_qr(g, &h->qr, code, RGBA(0, 0, 0, 255), RGBA(255, 255, 255, 255));
            int tx = sq.x + sq.w + m->gap;
            font_t uf = ui_font(m->px_small, false);
            int ch = text_draw_box(g, &cf, t->text, cap, (rect_t){tx, in.y, in.x + in.w - tx, in.h / 2}, TEXT_LEFT, 0);
            text_draw_box(g, &uf, t->muted, h->qr_text, (rect_t){tx, in.y + ch + m->u, in.x + in.w - tx,
                          in.h - ch - m->u}, TEXT_LEFT, 0);
        } else {
            int ch = text_draw_box(g, &cf, t->text, cap, (rect_t){in.x, in.y, in.w, in.h / 3}, TEXT_CENTER, 0);
            ui_draw_qr(g, &h->qr, (rect_t){in.x, in.y + ch, in.w, in.h - ch}, RGBA(0, 0, 0, 255),
                       RGBA(255, 255, 255, 255));
        }
    }

    for (int i = 0; i < h->ntiles; i++) {
        const tile_t *tl = &h->tiles[i];
        rect_t r = tl->r;
        bool pressed = ui_is_pressed(ui, tl->id);
        rgba_t bg = tl->primary ? t->accent : t->surface_alt;
        rgba_t fg = tl->primary ? t->accent_text : t->text;
        rgba_t fg2 = tl->primary ? t->accent_text : t->muted;
        if (pressed)
            bg = color_mix(bg, RGBA(0, 0, 0, 255), tl->primary ? 0.3f : 0.12f);
        gfx_round(g, r, m->radius * 2, bg);
        if (!tl->primary)
            gfx_stroke(g, r, m->radius * 2, AGM_MAX(1, m->line), pressed ? t->accent : t->line);
        int pad = m->u * 3;
        rect_t in = rect_inset(r, pad);
        if (pressed)
            in.y += AGM_MAX(1, m->u / 3);
        int icon = m->px_h2;
        gfx_push_clip(g, r);
        const char *tt = ui_str(ui, tl->title_key);
        int px = text_fit_px(g, tt, FONT_BOLD, (rect_t){0, 0, in.w - icon - m->u, m->px_h2 * 2}, m->px_body,
                             m->px_h2, 1.15f);
        font_t f = ui_font(px, true);
        font_metrics_t fm = gfx_metrics(g, &f);
        int used = text_draw_box(g, &f, fg, tt, (rect_t){in.x, in.y, in.w - icon - m->u, fm.ascent + fm.descent +
                                 (int)(px * 1.15f)}, TEXT_LEFT, (int)(px * 1.15f));
        ui_draw_icon(g, '>', (rect_t){in.x + in.w - icon, in.y, icon, icon}, fg);
        font_t bf = ui_font(m->px_body, false);
        int dy = in.y + used + m->u;
        if (in.y + in.h - dy >= m->body_line)
            text_draw_box(g, &bf, fg2, ui_str(ui, tl->desc_key), (rect_t){in.x, dy, in.w, in.y + in.h - dy},
                          TEXT_LEFT, m->body_line);
        gfx_pop_clip(g);
    }
}

static bool home_activate(ui_t *ui, void *st, const char *id)
{
    home_t *h = st;
    if (strncmp(id, "lang.", 5) == 0) {
        ui_set_lang(ui, id + 5);
        return true;
    }
    if (strcmp(id, look_id[0]) == 0 || strcmp(id, look_id[1]) == 0) {
        ui_set_look(ui, strcmp(id, look_id[1]) == 0, ui->high_contrast);
        return true;
    }
    if (strcmp(id, look_id[2]) == 0) {
        ui_set_look(ui, ui->large_text, !ui->high_contrast);
        return true;
    }
    for (int i = 0; i < h->ntiles; i++)
        if (strcmp(id, h->tiles[i].id) == 0)
            return ui_go(ui, h->tiles[i].screen);
    return false;
}

static size_t home_controls(ui_t *ui, void *st, app_control_t *out, size_t max)
{
    home_t *h = st;
    size_t n = 0;
    for (int i = 0; i < h->nlang; i++)
        n = ui_control_add(out, n, max, h->lang[i], h->lang_id[i]);
    for (int i = 0; i < 3; i++)
        n = ui_control_add(out, n, max, h->look[i], look_id[i]);
    for (int i = 0; i < h->ntiles; i++)
        n = ui_control_add(out, n, max, h->tiles[i].r, h->tiles[i].id);
    return n;
}

const screen_def_t screen_home = {
    .name = "home",
    .create = home_create,
    .destroy = home_destroy,
    .layout = home_layout,
    .draw = home_draw,
    .activate = home_activate,
    .controls = home_controls,
};
