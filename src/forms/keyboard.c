#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"
#include "../core/util.h"
#include "kana.h"
#include "keyboard_internal.h"

/* ---- geometry ----------------------------------------------------------- */

/* Sizes from the shorter screen side s: a key is a tenth of it and never
 * under 48 px (9 mm on the 7" 800x480 panel, about 5.3 px/mm); the gap is
 * 2.2 % of it and never under 10 px (2 mm there). */
static int kb_key_h(int s) { return AGM_MAX(48, (s + 9) / 10); }
static int kb_gap(int s) { return AGM_MAX(10, (s * 22 + 999) / 1000); }

static int kb_rows_height(int rows, int kh, int g)
{
    /* Half a gap above the first row and below the last. */
    return rows * kh + (rows - 1) * g + g;
}

int keyboard_height_for(int w, int h)
{
    int s = w < h ? w : h;
    return kb_rows_height(KB_LETTER_ROWS, kb_key_h(s), kb_gap(s));
}

/* The width of one key when fit keys share the screen's width; on wide
 * screens keys stop at 1.5 times their height, and the keyboard is
 * centred, so the hands travel less. */
static int kb_unit(const keyboard_t *kb, int fit)
{
    int unit = (kb->screen_w - 2 * kb->gap - (fit - 1) * kb->gap) / fit;
    int cap = kb->key_h * 3 / 2;
    return unit < cap ? unit : cap;
}

static void kb_key_id(kb_key_t *k)
{
    const kb_key_def_t *d = k->def;
    if (d->id) {
        snprintf(k->id, sizeof k->id, "kb.%s", d->id);
        return;
    }
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

/* Lay out the keys of the current layout; returns KB_RESIZED when the
 * keyboard's height changed with it. */
static int kb_layout_keys(keyboard_t *kb)
{
    kb->nkeys = 0;
    if (kb->screen_w <= 0 || kb->screen_h <= 0)
        return 0;
    const kb_layout_def_t *L = &kb_layouts[kb->layout];
    int old_h = kb->area.h;
    int height = kb_rows_height(L->nrows, kb->key_h, kb->gap);
    kb->area = (rect_t){0, kb->screen_h - height, kb->screen_w, height};
    kb->unit_w = kb_unit(kb, L->fit);
    int pitch = kb->unit_w + kb->gap;             /* one key plus one gap */
    int row_w = L->width * pitch / 10 - kb->gap;
    int x0 = kb->area.x + (kb->area.w - row_w) / 2;
    int y = kb->area.y + kb->gap / 2;
    for (int r = 0; r < L->nrows; r++) {
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
    return height != old_h ? KB_RESIZED : 0;
}

/* The form of a kana layout this screen shows: the whole table, or its
 * page (the first one for the whole table). */
static kb_layout_t kb_fit(const keyboard_t *kb, kb_layout_t l)
{
    if (kb->kana_paged) {
        if (l == KB_LAYOUT_HIRAGANA)
            return KB_LAYOUT_HIRAGANA_A;
        if (l == KB_LAYOUT_KATAKANA)
            return KB_LAYOUT_KATAKANA_A;
    } else {
        if (l == KB_LAYOUT_HIRAGANA_A || l == KB_LAYOUT_HIRAGANA_B)
            return KB_LAYOUT_HIRAGANA;
        if (l == KB_LAYOUT_KATAKANA_A || l == KB_LAYOUT_KATAKANA_B)
            return KB_LAYOUT_KATAKANA;
    }
    return l;
}

int keyboard_set_screen(keyboard_t *kb, int w, int h)
{
    kb->screen_w = w;
    kb->screen_h = h;
    int s = w < h ? w : h;
    kb->key_h = kb_key_h(s);
    kb->gap = kb_gap(s);
    /* The whole 50-sound table when its keys are still at least as wide
     * as high; two pages otherwise (portrait screens), rather than keys
     * too narrow to hit. */
    kb->kana_paged = kb_unit(kb, kb_layouts[KB_LAYOUT_HIRAGANA].fit) < kb->key_h;
    kb->layout = kb_fit(kb, kb->layout);
    kb->base = kb_fit(kb, kb->base);
    kb->letters = kb_fit(kb, kb->letters);
    kb->pressed = -1;
    kb->repeat_at = 0;
    kb_layout_keys(kb);
    return kb->area.h;
}

/* ---- state -------------------------------------------------------------- */

void keyboard_init(keyboard_t *kb)
{
    memset(kb, 0, sizeof *kb);
    kb->layout = kb->base = kb->letters = KB_LAYOUT_LOWER;
    kb->script = kb->prefer = KB_SCRIPT_LATIN;
    kb->pressed = -1;
}

void keyboard_commit(keyboard_t *kb)
{
    if (kb->field)
        textfield_end_compose(kb->field);
    hangul_reset(&kb->hangul);
}

static int kb_switch(keyboard_t *kb, kb_layout_t l)
{
    if ((int)l < 0 || l >= KB_LAYOUT_COUNT)
        return 0;
    /* Shift keeps a syllable going (ㅆ, ㅃ); any other layout ends it. */
    if (keyboard_layout_script(l) != KB_SCRIPT_HANGUL)
        keyboard_commit(kb);
    kb->layout = kb_fit(kb, l);
    kb->pressed = -1;
    kb->repeat_at = 0;
    return kb_layout_keys(kb);
}

void keyboard_set_layout(keyboard_t *kb, kb_layout_t l)
{
    keyboard_commit(kb);
    kb_switch(kb, l);
}

kb_script_t keyboard_script_for_lang(const char *lang)
{
    if (!lang)
        return KB_SCRIPT_LATIN;
    if (strncmp(lang, "ja", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
        return KB_SCRIPT_KANA;
    if (strncmp(lang, "ko", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
        return KB_SCRIPT_HANGUL;
    return KB_SCRIPT_LATIN;
}

void keyboard_set_language(keyboard_t *kb, const char *lang)
{
    kb->prefer = keyboard_script_for_lang(lang);
}

void keyboard_forget_script(keyboard_t *kb)
{
    kb->picked = false;
    kb->script = kb->prefer;
}

static kb_layout_t kb_script_letters(const keyboard_t *kb, kb_script_t s)
{
    switch (s) {
    case KB_SCRIPT_KANA: return kb_fit(kb, KB_LAYOUT_HIRAGANA);
    case KB_SCRIPT_HANGUL: return KB_LAYOUT_HANGUL;
    default: return KB_LAYOUT_LOWER;
    }
}

/* Show the letters kb->base; Latin starts with a capital in an empty
 * text field (names and sentences do). */
static int kb_show_letters(keyboard_t *kb)
{
    kb->shift = kb->caps = false;
    kb->letters = kb->base;
    kb_layout_t l = kb->base;
    textfield_t *f = kb->field;
    if (f && f->kind == TF_KIND_TEXT && textfield_empty(f) && l == KB_LAYOUT_LOWER) {
        kb->shift = true;
        l = KB_LAYOUT_UPPER;
    }
    return kb_switch(kb, l);
}

static int kb_to_script(keyboard_t *kb, kb_script_t s)
{
    kb->script = s;
    kb->base = kb_script_letters(kb, s);
    return kb_show_letters(kb);
}

void keyboard_set_script(keyboard_t *kb, kb_script_t s)
{
    if ((int)s < 0 || s >= KB_SCRIPT_COUNT)
        return;
    kb->picked = true;
    keyboard_commit(kb);
    /* Email and phone keep their layouts; the script waits for a text field. */
    if (kb->field && kb->field->kind != TF_KIND_TEXT)
        kb->script = s;
    else
        kb_to_script(kb, s);
}

void keyboard_bind(keyboard_t *kb, textfield_t *f)
{
    keyboard_commit(kb);
    kb->field = f;
    kb->base = KB_LAYOUT_LOWER;
    if (f && f->kind == TF_KIND_EMAIL)
        kb->base = KB_LAYOUT_EMAIL;
    else if (f && f->kind == TF_KIND_PHONE)
        kb->base = KB_LAYOUT_PHONE;
    else if (f) {
        if (!kb->picked)
            kb->script = kb->prefer;
        kb->base = kb_script_letters(kb, kb->script);
    }
    kb_show_letters(kb);
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
    keyboard_commit(kb);
    size_t before = kb->field->count;
    int r = textfield_insert(kb->field, s, (size_t)-1);
    int out = kb->field->count != before ? KB_EDITED : 0;
    if (r & TF_INS_FULL)
        out |= KB_LIMIT;
    return out;
}

/* The field's composing mark is the truth: an edit made elsewhere (a USB
 * keyboard, a tap moving the cursor) ended the composition. */
static void kb_sync(keyboard_t *kb)
{
    if (hangul_composing(&kb->hangul) && (!kb->field || kb->field->compose == 0))
        hangul_reset(&kb->hangul);
}

static void kb_utf8(uint32_t cp, char out[5])
{
    size_t n = cp ? utf8_encode(cp, out) : 0;
    out[n] = '\0';
}

/* Put the composer's state into the field; on refusal (the field is full)
 * the composer goes back to what it was. */
static int kb_show_compose(keyboard_t *kb, uint32_t done, const hangul_t *before)
{
    char d[5], p[5];
    kb_utf8(done, d);
    kb_utf8(hangul_current(&kb->hangul), p);
    int r = textfield_compose(kb->field, d, p);
    if (r) {
        kb->hangul = *before;
        return r & TF_INS_FULL ? KB_LIMIT : 0;
    }
    return KB_EDITED;
}

static int kb_jamo(keyboard_t *kb, uint32_t jamo)
{
    if (!kb->field)
        return 0;
    kb_sync(kb);
    hangul_t before = kb->hangul;
    uint32_t done = hangul_feed(&kb->hangul, jamo);
    return kb_show_compose(kb, done, &before);
}

static int kb_backspace(keyboard_t *kb)
{
    if (!kb->field)
        return 0;
    kb_sync(kb);
    hangul_t before = kb->hangul;
    if (hangul_backspace(&kb->hangul))
        return kb_show_compose(kb, 0, &before);
    return textfield_backspace(kb->field) ? KB_EDITED : 0;
}

/* Dakuten and small kana: replace the character before the cursor. */
static int kb_mark(keyboard_t *kb, uint32_t (*change)(uint32_t))
{
    textfield_t *f = kb->field;
    if (!f || f->cursor == 0)
        return 0;
    keyboard_commit(kb);
    size_t off = textfield_byte_of(f, f->cursor - 1), adv;
    uint32_t to = change(utf8_decode(f->buf + off, f->len - off, &adv));
    if (!to)
        return 0;
    char s[5];
    kb_utf8(to, s);
    textfield_backspace(f);
    textfield_insert(f, s, (size_t)-1);
    return KB_EDITED;
}

static int kb_shift(keyboard_t *kb, uint64_t now)
{
    const kb_layout_def_t *L = &kb_layouts[kb->layout];
    int out = KB_CHANGED;
    if (kb->caps) {
        kb->caps = kb->shift = false;
        out |= kb_switch(kb, L->unshifted);
    } else if (kb->shift && now - kb->last_shift_ms <= KB_DOUBLE_TAP_MS) {
        kb->caps = true;
    } else if (kb->shift) {
        kb->shift = false;
        out |= kb_switch(kb, L->unshifted);
    } else {
        kb->shift = true;
        out |= kb_switch(kb, L->shifted);
    }
    kb->last_shift_ms = now;
    return out;
}

/* The code point of a key that types one Hangul jamo, else 0. */
static uint32_t kb_key_jamo(const char *text)
{
    size_t n = strlen(text), adv;
    uint32_t cp = utf8_decode(text, n, &adv);
    return adv == n && hangul_is_jamo(cp) ? cp : 0;
}

/* Act on a key that was released (backspace acted when pressed). */
static int kb_act(keyboard_t *kb, const kb_key_def_t *d, uint64_t now)
{
    int out = KB_CHANGED;
    switch (d->kind) {
    case KB_KEY_CHAR: {
        uint32_t jamo = kb_key_jamo(d->text);
        out |= jamo ? kb_jamo(kb, jamo) : kb_insert(kb, d->text);
        if (kb->shift && !kb->caps) {
            kb->shift = false;
            out |= kb_switch(kb, kb_layouts[kb->layout].unshifted);
        }
        break;
    }
    case KB_KEY_SPACE:
        out |= kb_insert(kb, " ");
        break;
    case KB_KEY_ENTER:
        if (kb->field && kb->field->multiline)
            out |= kb_insert(kb, "\n");
        else {
            keyboard_commit(kb);
            out |= KB_ENTER;
        }
        break;
    case KB_KEY_SHIFT:
        out |= kb_shift(kb, now);
        break;
    case KB_KEY_LAYOUT: {
        kb->shift = kb->caps = false;
        kb_layout_t to = (kb_layout_t)d->target;
        if (to == KB_LAYOUT_LOWER)           /* "ABC" / "かな": back to the letters */
            to = kb->letters;
        else if (to == KB_LAYOUT_SYMBOLS)
            kb->letters = kb_layouts[kb->layout].unshifted;
        else                                  /* hiragana <-> katakana, the other page */
            kb->letters = to;
        keyboard_commit(kb);
        out |= kb_switch(kb, to);
        break;
    }
    case KB_KEY_GLOBE:
        keyboard_commit(kb);
        kb->picked = true;
        out |= kb_to_script(kb, (kb_script_t)((kb->script + 1) % KB_SCRIPT_COUNT));
        break;
    case KB_KEY_DAKUTEN:
        out |= kb_mark(kb, kana_dakuten);
        break;
    case KB_KEY_SMALL:
        out |= kb_mark(kb, kana_small);
        break;
    case KB_KEY_HIDE:
        keyboard_commit(kb);
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
    case KB_KEY_SPACE:
        /* an open box, the sign for a space on keys too narrow to be a bar */
        /* (tall sides: a flat bar would read as the long vowel ー) */
        gfx_fill(g, (rect_t){(int)(cx - u), (int)(cy + u * 0.4f) - t, (int)(2 * u), t}, c);
        gfx_fill(g, (rect_t){(int)(cx - u), (int)(cy - u * 0.3f), t, (int)(u * 0.7f)}, c);
        gfx_fill(g, (rect_t){(int)(cx + u) - t, (int)(cy - u * 0.3f), t, (int)(u * 0.7f)}, c);
        break;
    case KB_KEY_GLOBE: {
        /* a globe: a ring, a meridian, the equator and two parallels */
        int d = (int)(2 * u) | 1;
        rect_t o = {(int)(cx - d / 2.0f), (int)(cy - d / 2.0f), d, d};
        int lt = AGM_MAX(2, t * 2 / 3);
        gfx_stroke(g, o, d / 2, lt, c);
        rect_t m = {(int)(cx - d / 4.0f), o.y, d / 2, d};
        gfx_stroke(g, m, d / 4, lt, c);
        gfx_fill(g, (rect_t){o.x, (int)cy - lt / 2, d, lt}, c);
        gfx_fill(g, (rect_t){(int)cx - lt / 2, o.y, lt, d}, c);
        gfx_fill(g, (rect_t){o.x + d / 7, (int)(cy - d * 0.27f), d - 2 * (d / 7), lt}, c);
        gfx_fill(g, (rect_t){o.x + d / 7, (int)(cy + d * 0.27f) - lt + 1, d - 2 * (d / 7), lt}, c);
        break;
    }
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

/* The label of a key: a word from the UI strings where it is one, else
 * the table's label or text. The letters key names the letters it goes
 * back to ("ABC", "かな", "カナ", "한글"). */
static const char *kb_label(const keyboard_t *kb, const kb_key_def_t *d, const kb_style_t *st)
{
    kb_word_t w = d->word;
    const char *fallback = d->label ? d->label : d->text;
    if (d->kind == KB_KEY_LAYOUT && d->target == KB_LAYOUT_LOWER) {
        switch (kb->letters) {
        case KB_LAYOUT_HANGUL: case KB_LAYOUT_HANGUL_SHIFT:
            w = KB_WORD_HANGUL;
            fallback = "한글";
            break;
        case KB_LAYOUT_HIRAGANA: case KB_LAYOUT_HIRAGANA_A: case KB_LAYOUT_HIRAGANA_B:
            w = KB_WORD_HIRAGANA;
            fallback = "かな";
            break;
        case KB_LAYOUT_KATAKANA: case KB_LAYOUT_KATAKANA_A: case KB_LAYOUT_KATAKANA_B:
            w = KB_WORD_KATAKANA;
            fallback = "カナ";
            break;
        default:
            w = KB_WORD_LATIN;
            break;
        }
    }
    const char *word = w > KB_WORD_NONE && w < KB_WORD_COUNT ? st->word[w] : NULL;
    return word && *word ? word : fallback;
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
        /* A space key as wide as a letter is not recognisable as a blank
         * bar: it gets the open-box sign. */
        bool narrow_space = d->kind == KB_KEY_SPACE && k->r.w < 2 * k->r.h;
        if (d->kind == KB_KEY_SHIFT || d->kind == KB_KEY_BACKSPACE || d->kind == KB_KEY_ENTER ||
            d->kind == KB_KEY_HIDE || d->kind == KB_KEY_GLOBE || narrow_space) {
            kb_icon(g, k, kb->key_h * 2 / 5, kb->caps, ink);
            continue;
        }
        if (d->kind == KB_KEY_SPACE)
            continue;   /* a wide blank bar is the universal space key */
        const char *lab = kb_label(kb, d, st);
        /* One character (a letter, a jamo, a kana) in the large type;
         * several ("?123", ".com", "かな") in the smaller bold one. */
        bool marks = d->kind == KB_KEY_DAKUTEN;
        const font_t *f = utf8_count(lab, strlen(lab)) > 1 && !marks ? &st->font_small : &st->font;
        /* A compatibility jamo fills about half the height of its em square,
         * a Latin capital about three quarters: 1.5 times the size makes
         * ㅂ as large as Q (within three quarters of the key). */
        font_t jamo = st->font;
        size_t adv;
        uint32_t cp0 = utf8_decode(lab, strlen(lab), &adv);
        if (f == &st->font && cp0 >= 0x3131 && cp0 <= 0x318E && lab[adv] == 0) {
            jamo.px = AGM_MIN(st->font.px * 3 / 2, k->r.h * 3 / 4);
            f = &jamo;
        }
        font_metrics_t m = gfx_metrics(g, f);
        int tw = gfx_text_width(g, f, lab);
        int th = m.ascent + m.descent;
        /* ゛ and ゜ sit at the top of their em square: lowered a quarter, in
         * the large type, they show in the middle of the key. */
        int y = k->r.y + (k->r.h - th) / 2 + (marks ? th / 4 : 0);
        gfx_text(g, f, k->r.x + (k->r.w - tw) / 2, y, lab, ink);
    }
    gfx_set_offset(g, 0, 0);
}
