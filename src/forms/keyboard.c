#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include "../core/util.h"

/* ---- the layout tables ---------------------------------------------------
 * Each row's spans add up to the layout's width in tenths of a key (100 for
 * the letter layouts, 50 for the phone pad), so every row lines up with the
 * others after centring. */

#define K(t) {KB_KEY_CHAR, t, NULL, 10, 0}
#define KW(t, w) {KB_KEY_CHAR, t, NULL, w, 0}
#define KL(t, l, w) {KB_KEY_CHAR, t, l, w, 0}
#define SHIFT(w) {KB_KEY_SHIFT, NULL, "shift", w, 0}
#define BKSP(w) {KB_KEY_BACKSPACE, NULL, "backspace", w, 0}
#define SPACE(w) {KB_KEY_SPACE, " ", "space", w, 0}
#define ENTER(w) {KB_KEY_ENTER, NULL, "enter", w, 0}
#define HIDE(w) {KB_KEY_HIDE, NULL, "hide", w, 0}
#define TO(l, name, w) {KB_KEY_LAYOUT, NULL, name, w, l}

static const kb_key_def_t lower1[] = {K("q"), K("w"), K("e"), K("r"), K("t"), K("y"), K("u"), K("i"), K("o"), K("p")};
static const kb_key_def_t lower2[] = {K("a"), K("s"), K("d"), K("f"), K("g"), K("h"), K("j"), K("k"), K("l")};
static const kb_key_def_t lower3[] = {SHIFT(15), K("z"), K("x"), K("c"), K("v"), K("b"), K("n"), K("m"), BKSP(15)};
static const kb_key_def_t lower4[] = {TO(KB_LAYOUT_SYMBOLS, "?123", 15), K(","), SPACE(40), K("."), HIDE(10), ENTER(15)};

static const kb_key_def_t upper1[] = {K("Q"), K("W"), K("E"), K("R"), K("T"), K("Y"), K("U"), K("I"), K("O"), K("P")};
static const kb_key_def_t upper2[] = {K("A"), K("S"), K("D"), K("F"), K("G"), K("H"), K("J"), K("K"), K("L")};
static const kb_key_def_t upper3[] = {SHIFT(15), K("Z"), K("X"), K("C"), K("V"), K("B"), K("N"), K("M"), BKSP(15)};
static const kb_key_def_t upper4[] = {TO(KB_LAYOUT_SYMBOLS, "?123", 15), K(","), SPACE(40), K("."), HIDE(10), ENTER(15)};

static const kb_key_def_t sym1[] = {K("1"), K("2"), K("3"), K("4"), K("5"), K("6"), K("7"), K("8"), K("9"), K("0")};
static const kb_key_def_t sym2[] = {K("-"), K("/"), K(":"), K(";"), K("("), K(")"), K("&"), K("@"), K("\""), K("'")};
static const kb_key_def_t sym3[] = {K("#"), K("%"), K("+"), K("="), K("?"), K("!"), K("_"), K("*"), BKSP(20)};
static const kb_key_def_t sym4[] = {TO(KB_LAYOUT_LOWER, "ABC", 15), K(","), SPACE(40), K("."), HIDE(10), ENTER(15)};

static const kb_key_def_t mail4[] = {TO(KB_LAYOUT_SYMBOLS, "?123", 15), K("@"), K("-"), K("_"), K("."), KW(".com", 20), HIDE(10), ENTER(15)};

static const kb_key_def_t phone1[] = {K("1"), K("2"), K("3"), K("+"), BKSP(10)};
static const kb_key_def_t phone2[] = {K("4"), K("5"), K("6"), K("-"), SPACE(10)};
static const kb_key_def_t phone3[] = {K("7"), K("8"), K("9"), K("("), K(")")};
static const kb_key_def_t phone4[] = {K("0"), K("."), HIDE(10), ENTER(20)};

#define N(a) ((int)(sizeof a / sizeof a[0]))
#define ROWS4(a, b, c, d) {a, b, c, d}, {N(a), N(b), N(c), N(d)}

typedef struct {
    const char *name;
    const kb_key_def_t *rows[KB_ROWS];
    int lens[KB_ROWS];
    int width;           /* in tenths of a key */
    kb_layout_t shifted; /* what shift shows (itself when shift means nothing) */
    kb_layout_t unshifted;
} kb_layout_def_t;

static const kb_layout_def_t layouts[KB_LAYOUT_COUNT] = {
    [KB_LAYOUT_LOWER] = {"lower", ROWS4(lower1, lower2, lower3, lower4), 100,
                         KB_LAYOUT_UPPER, KB_LAYOUT_LOWER},
    [KB_LAYOUT_UPPER] = {"upper", ROWS4(upper1, upper2, upper3, upper4), 100,
                         KB_LAYOUT_UPPER, KB_LAYOUT_LOWER},
    [KB_LAYOUT_SYMBOLS] = {"symbols", ROWS4(sym1, sym2, sym3, sym4), 100,
                           KB_LAYOUT_SYMBOLS, KB_LAYOUT_SYMBOLS},
    [KB_LAYOUT_EMAIL] = {"email", ROWS4(lower1, lower2, lower3, mail4), 100,
                         KB_LAYOUT_EMAIL_UPPER, KB_LAYOUT_EMAIL},
    [KB_LAYOUT_EMAIL_UPPER] = {"email-upper", ROWS4(upper1, upper2, upper3, mail4), 100,
                               KB_LAYOUT_EMAIL_UPPER, KB_LAYOUT_EMAIL},
    [KB_LAYOUT_PHONE] = {"phone", ROWS4(phone1, phone2, phone3, phone4), 50,
                         KB_LAYOUT_PHONE, KB_LAYOUT_PHONE},
};

#undef N
#undef ROWS4

int keyboard_layout_rows(kb_layout_t l, const kb_key_def_t **rows[], const int **lens)
{
    if ((int)l < 0 || l >= KB_LAYOUT_COUNT)
        return 0;
    /* The tables are const, the caller only reads them. */
    *rows = (const kb_key_def_t **)layouts[l].rows;
    *lens = layouts[l].lens;
    return KB_ROWS;
}

const char *keyboard_layout_name(kb_layout_t l)
{
    return (int)l >= 0 && l < KB_LAYOUT_COUNT ? layouts[l].name : "?";
}

/* ---- geometry ----------------------------------------------------------- */

/* Sizes from the shorter screen side s: a key is a tenth of it and never
 * under 48 px (9 mm on the 7" 800x480 panel, about 5.3 px/mm); the gap is
 * 2.2 % of it and never under 10 px (2 mm there). */
static int kb_key_h(int s) { return AGM_MAX(48, (s + 9) / 10); }
static int kb_gap(int s) { return AGM_MAX(10, (s * 22 + 999) / 1000); }

int keyboard_height_for(int w, int h)
{
    int s = w < h ? w : h;
    int kh = kb_key_h(s), g = kb_gap(s);
    /* Half a gap above the first row and below the last. */
    return KB_ROWS * kh + (KB_ROWS - 1) * g + g;
}

static void kb_key_id(kb_key_t *k)
{
    const kb_key_def_t *d = k->def;
    switch (d->kind) {
    case KB_KEY_CHAR:
        snprintf(k->id, sizeof k->id, "kb.%s", d->text);
        break;
    case KB_KEY_LAYOUT:
        snprintf(k->id, sizeof k->id, "kb.%s", d->target == KB_LAYOUT_SYMBOLS ? "symbols" : "letters");
        break;
    default:
        snprintf(k->id, sizeof k->id, "kb.%s", d->label);
        break;
    }
}

static void kb_layout_keys(keyboard_t *kb)
{
    kb->nkeys = 0;
    if (kb->screen_w <= 0 || kb->screen_h <= 0)
        return;
    const kb_layout_def_t *L = &layouts[kb->layout];
    int pitch = kb->unit_w + kb->gap;             /* one key plus one gap */
    int row_w = L->width * pitch / 10 - kb->gap;
    int x0 = kb->area.x + (kb->area.w - row_w) / 2;
    int y = kb->area.y + kb->gap / 2;
    for (int r = 0; r < KB_ROWS; r++) {
        int span_total = 0;
        for (int i = 0; i < L->lens[r]; i++)
            span_total += L->rows[r][i].span;
        /* Rows narrower than the layout (the home row) are centred. */
        int rx = x0 + (L->width - span_total) * pitch / 20;
        int c = 0;
        for (int i = 0; i < L->lens[r] && kb->nkeys < KB_MAX_KEYS; i++) {
            const kb_key_def_t *d = &L->rows[r][i];
            int left = rx + c * pitch / 10;
            c += d->span;
            int right = rx + c * pitch / 10 - kb->gap;
            kb_key_t *k = &kb->keys[kb->nkeys++];
            k->def = d;
            k->r = (rect_t){left, y, right - left, kb->key_h};
            kb_key_id(k);
        }
        y += kb->key_h + kb->gap;
    }
}

int keyboard_set_screen(keyboard_t *kb, int w, int h)
{
    kb->screen_w = w;
    kb->screen_h = h;
    int s = w < h ? w : h;
    kb->key_h = kb_key_h(s);
    kb->gap = kb_gap(s);
    /* Letter keys share the width; on wide screens they stop at 1.5 times
     * their height, and the keyboard is centred, so the hands travel less. */
    int unit = (w - 2 * kb->gap - 9 * kb->gap) / 10;
    int cap = kb->key_h * 3 / 2;
    kb->unit_w = unit < cap ? unit : cap;
    int height = keyboard_height_for(w, h);
    kb->area = (rect_t){0, h - height, w, height};
    kb->pressed = -1;
    kb->repeat_at = 0;
    kb_layout_keys(kb);
    return height;
}

/* ---- state -------------------------------------------------------------- */

void keyboard_init(keyboard_t *kb)
{
    memset(kb, 0, sizeof *kb);
    kb->layout = kb->base = KB_LAYOUT_LOWER;
    kb->pressed = -1;
}

void keyboard_set_layout(keyboard_t *kb, kb_layout_t l)
{
    if ((int)l < 0 || l >= KB_LAYOUT_COUNT)
        return;
    kb->layout = l;
    kb->pressed = -1;
    kb->repeat_at = 0;
    kb_layout_keys(kb);
}

void keyboard_bind(keyboard_t *kb, textfield_t *f)
{
    kb->field = f;
    kb->shift = kb->caps = false;
    kb->base = KB_LAYOUT_LOWER;
    if (f && f->kind == TF_KIND_EMAIL)
        kb->base = KB_LAYOUT_EMAIL;
    else if (f && f->kind == TF_KIND_PHONE)
        kb->base = KB_LAYOUT_PHONE;
    kb_layout_t l = kb->base;
    /* Names and sentences start with a capital. */
    if (f && f->kind == TF_KIND_TEXT && textfield_empty(f)) {
        kb->shift = true;
        l = KB_LAYOUT_UPPER;
    }
    keyboard_set_layout(kb, l);
}

void keyboard_cancel(keyboard_t *kb)
{
    kb->pressed = -1;
    kb->repeat_at = 0;
}

int keyboard_hit(const keyboard_t *kb, int x, int y)
{
    for (int i = 0; i < kb->nkeys; i++)
        if (rect_contains(kb->keys[i].r, x, y))
            return i;
    return -1;
}

int keyboard_find(const keyboard_t *kb, const char *id)
{
    for (int i = 0; i < kb->nkeys; i++)
        if (strcmp(kb->keys[i].id, id) == 0)
            return i;
    return -1;
}

static int kb_insert(keyboard_t *kb, const char *s)
{
    if (!kb->field)
        return 0;
    size_t before = kb->field->count;
    int r = textfield_insert(kb->field, s, (size_t)-1);
    int out = kb->field->count != before ? KB_EDITED : 0;
    if (r & TF_INS_FULL)
        out |= KB_LIMIT;
    return out;
}

static int kb_backspace(keyboard_t *kb)
{
    return kb->field && textfield_backspace(kb->field) ? KB_EDITED : 0;
}

static int kb_shift(keyboard_t *kb, uint64_t now)
{
    const kb_layout_def_t *L = &layouts[kb->layout];
    if (kb->caps) {
        kb->caps = kb->shift = false;
        keyboard_set_layout(kb, L->unshifted);
    } else if (kb->shift && now - kb->last_shift_ms <= KB_DOUBLE_TAP_MS) {
        kb->caps = true;
    } else if (kb->shift) {
        kb->shift = false;
        keyboard_set_layout(kb, L->unshifted);
    } else {
        kb->shift = true;
        keyboard_set_layout(kb, L->shifted);
    }
    kb->last_shift_ms = now;
    return KB_CHANGED;
}

/* Act on a key that was released (backspace acted when pressed). */
static int kb_act(keyboard_t *kb, const kb_key_def_t *d, uint64_t now)
{
    int out = KB_CHANGED;
    switch (d->kind) {
    case KB_KEY_CHAR:
        out |= kb_insert(kb, d->text);
        if (kb->shift && !kb->caps) {
            kb->shift = false;
            keyboard_set_layout(kb, layouts[kb->layout].unshifted);
        }
        break;
    case KB_KEY_SPACE:
        out |= kb_insert(kb, " ");
        break;
    case KB_KEY_ENTER:
        if (kb->field && kb->field->multiline)
            out |= kb_insert(kb, "\n");
        else
            out |= KB_ENTER;
        break;
    case KB_KEY_SHIFT:
        out |= kb_shift(kb, now);
        break;
    case KB_KEY_LAYOUT:
        kb->shift = kb->caps = false;
        /* "ABC" goes back to the letters this field asked for. */
        keyboard_set_layout(kb, d->target == KB_LAYOUT_LOWER ? kb->base : (kb_layout_t)d->target);
        break;
    case KB_KEY_HIDE:
        out |= KB_HIDE;
        break;
    case KB_KEY_BACKSPACE:
        break;
    }
    return out;
}

int keyboard_pointer_down(keyboard_t *kb, int x, int y, uint64_t now)
{
    int i = keyboard_hit(kb, x, y);
    if (i < 0)
        return 0;
    kb->pressed = i;
    kb->repeat_at = 0;
    if (kb->keys[i].def->kind == KB_KEY_BACKSPACE) {
        kb->repeat_at = now + KB_REPEAT_DELAY_MS;
        return KB_CHANGED | kb_backspace(kb);
    }
    return KB_CHANGED;
}

int keyboard_pointer_move(keyboard_t *kb, int x, int y, uint64_t now)
{
    (void)now;
    if (kb->pressed < 0)
        return 0;
    if (!rect_contains(kb->area, x, y)) {
        keyboard_cancel(kb);
        return KB_CHANGED;
    }
    int i = keyboard_hit(kb, x, y);
    /* In a gap the last key stays pressed, so the highlight does not flicker. */
    if (i < 0 || i == kb->pressed)
        return 0;
    kb->pressed = i;
    kb->repeat_at = 0;   /* sliding onto backspace does not start deleting */
    return KB_CHANGED;
}

int keyboard_pointer_up(keyboard_t *kb, int x, int y, uint64_t now)
{
    if (kb->pressed < 0)
        return 0;
    int out = keyboard_pointer_move(kb, x, y, now);
    if (kb->pressed < 0)
        return out;
    const kb_key_def_t *d = kb->keys[kb->pressed].def;
    kb->pressed = -1;
    kb->repeat_at = 0;
    return out | kb_act(kb, d, now);
}

int keyboard_update(keyboard_t *kb, uint64_t now)
{
    int out = 0;
    /* Catch up on every repeat that fell due, so the number deleted
     * depends only on how long the key was held, not on how often the
     * loop ran. */
    while (kb->repeat_at && now >= kb->repeat_at) {
        int r = kb_backspace(kb);
        out |= r;
        if (!r) {
            kb->repeat_at = now + KB_REPEAT_INTERVAL_MS; /* nothing left: stop catching up */
            break;
        }
        kb->repeat_at += KB_REPEAT_INTERVAL_MS;
    }
    return out ? out | KB_CHANGED : 0;
}

int keyboard_wait_ms(const keyboard_t *kb, uint64_t now)
{
    if (!kb->repeat_at)
        return -1;
    return kb->repeat_at > now ? (int)(kb->repeat_at - now) : 0;
}

/* ---- drawing ------------------------------------------------------------ */

static void kb_tri(gfx_t *g, float ax, float ay, float bx, float by, float cx, float cy, rgba_t c)
{
    float xy[6] = {ax, ay, bx, by, cx, cy};
    gfx_triangles(g, xy, 3, c);
}

/* Icons drawn from shapes, so they do not depend on a font's symbols. */
static void kb_icon(gfx_t *g, const kb_key_t *k, int s, bool filled_bar, rgba_t c)
{
    float cx = k->r.x + k->r.w / 2.0f, cy = k->r.y + k->r.h / 2.0f;
    float u = s / 2.0f;  /* half the icon size */
    int t = s / 8 > 2 ? s / 8 : 2;
    switch (k->def->kind) {
    case KB_KEY_SHIFT:
        kb_tri(g, cx, cy - u, cx - u, cy, cx + u, cy, c);
        gfx_fill(g, (rect_t){(int)(cx - u / 2), (int)cy, (int)u, (int)(u * 0.6f)}, c);
        if (filled_bar)   /* caps lock: a bar under the arrow */
            gfx_fill(g, (rect_t){(int)(cx - u / 2), (int)(cy + u * 0.8f), (int)u, t}, c);
        break;
    case KB_KEY_BACKSPACE:
        kb_tri(g, cx - u, cy, cx - u / 3, cy - u * 0.6f, cx - u / 3, cy + u * 0.6f, c);
        gfx_fill(g, (rect_t){(int)(cx - u / 3), (int)(cy - u * 0.6f), (int)(u * 1.3f), (int)(u * 1.2f)}, c);
        break;
    case KB_KEY_ENTER:
        gfx_fill(g, (rect_t){(int)(cx + u * 0.6f) - t, (int)(cy - u * 0.7f), t, (int)(u * 0.7f) + t / 2}, c);
        gfx_fill(g, (rect_t){(int)(cx - u * 0.4f), (int)cy - t / 2, (int)(u * 1.0f), t}, c);
        kb_tri(g, cx - u, cy, cx - u * 0.4f, cy - u * 0.4f, cx - u * 0.4f, cy + u * 0.4f, c);
        break;
    case KB_KEY_HIDE:
        /* a small keyboard over a downward chevron */
        for (int r = 0; r < 2; r++)
            for (int i = 0; i < 4; i++)
                gfx_fill(g, (rect_t){(int)(cx - u + i * u / 2), (int)(cy - u + r * u / 3), (int)(u / 3), (int)(u / 4)}, c);
        kb_tri(g, cx - u / 2, cy + u / 4, cx + u / 2, cy + u / 4, cx, cy + u * 0.8f, c);
        break;
    default:
        break;
    }
}

void keyboard_draw(const keyboard_t *kb, gfx_t *g, const kb_style_t *st, int dy)
{
    if (kb->nkeys == 0)
        return;
    gfx_set_offset(g, 0, dy);
    gfx_fill(g, kb->area, st->bg);
    gfx_fill(g, (rect_t){kb->area.x, kb->area.y, kb->area.w, 1}, st->line);
    for (int i = 0; i < kb->nkeys; i++) {
        const kb_key_t *k = &kb->keys[i];
        const kb_key_def_t *d = k->def;
        bool pressed = i == kb->pressed;
        bool special = d->kind != KB_KEY_CHAR && d->kind != KB_KEY_SPACE;
        bool active = d->kind == KB_KEY_SHIFT && (kb->shift || kb->caps);
        rgba_t fill = pressed ? st->key_pressed : active ? st->key_active : special ? st->key_special : st->key;
        rgba_t ink = pressed ? st->label_pressed : st->label;
        gfx_round(g, k->r, st->radius, fill);
        if (d->kind == KB_KEY_SHIFT || d->kind == KB_KEY_BACKSPACE || d->kind == KB_KEY_ENTER ||
            d->kind == KB_KEY_HIDE) {
            kb_icon(g, k, kb->key_h * 2 / 5, kb->caps, ink);
            continue;
        }
        if (d->kind == KB_KEY_SPACE)
            continue;   /* a wide blank bar is the universal space key */
        const char *lab = d->label ? d->label : d->text;
        const font_t *f = strlen(lab) > 1 ? &st->font_small : &st->font;
        font_metrics_t m = gfx_metrics(g, f);
        int tw = gfx_text_width(g, f, lab);
        int th = m.ascent + m.descent;
        gfx_text(g, f, k->r.x + (k->r.w - tw) / 2, k->r.y + (k->r.h - th) / 2, lab, ink);
    }
    gfx_set_offset(g, 0, 0);
}
