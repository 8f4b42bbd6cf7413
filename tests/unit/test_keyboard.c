/* The on-screen keyboard: tables, geometry, shift and caps, repeat timing,
 * scripts (Latin, kana, Hangul), Hangul composition in the field, the kana
 * keys, and the table in pages on narrow screens. */
#include "test.h"

#include "core/utf8.h"
#include "forms/kana.h"
#include "forms/keyboard.h"
#include "ui/gfx_record.h"

static uint64_t clk = 1000;   /* the fake clock */

/* A whole tap on key id at the fake clock, 40 ms long. */
static int tap(keyboard_t *kb, const char *id)
{
    int i = keyboard_find(kb, id);
    if (i < 0) {
        fprintf(stderr, "  no key %s in layout %s\n", id, keyboard_layout_name(kb->layout));
        return -1;
    }
    rect_t r = kb->keys[i].r;
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    int out = keyboard_pointer_down(kb, x, y, clk);
    clk += 40;
    out |= keyboard_update(kb, clk);
    out |= keyboard_pointer_up(kb, x, y, clk);
    clk += 200;
    return out;
}

static void type(keyboard_t *kb, const char *ids[], int n)
{
    for (int i = 0; i < n; i++)
        tap(kb, ids[i]);
}

static bool is_letter_layout(int l)
{
    return l == KB_LAYOUT_LOWER || l == KB_LAYOUT_UPPER || l == KB_LAYOUT_EMAIL || l == KB_LAYOUT_EMAIL_UPPER ||
           l == KB_LAYOUT_HANGUL || l == KB_LAYOUT_HANGUL_SHIFT;
}

static void test_tables_are_consistent(void)
{
    for (int l = 0; l < KB_LAYOUT_COUNT; l++) {
        const kb_key_def_t **rows;
        const int *lens;
        int nrows = keyboard_layout_rows((kb_layout_t)l, &rows, &lens);
        bool kana = keyboard_layout_script((kb_layout_t)l) == KB_SCRIPT_KANA;
        CHECK_INT(nrows, kana ? 5 : KB_LETTER_ROWS);
        int width = -1;
        for (int r = 0; r < nrows; r++) {
            int sum = 0;
            CHECK(lens[r] > 0);
            for (int k = 0; k < lens[r]; k++) {
                CHECK(rows[r][k].span >= 10);
                if (rows[r][k].kind == KB_KEY_CHAR)
                    CHECK(rows[r][k].text && rows[r][k].text[0]);
                sum += rows[r][k].span;
            }
            /* The home row of the letter layouts is half a key short on each side. */
            if (r != 1 || !is_letter_layout(l)) {
                if (width < 0)
                    width = sum;
                CHECK_MSG(sum == width, "layout %s row %d is %d wide, not %d", keyboard_layout_name(l), r, sum, width);
            }
        }
    }
    CHECK_INT(keyboard_layout_rows(KB_LAYOUT_COUNT, NULL, NULL), 0);
    CHECK_STR(keyboard_layout_name(KB_LAYOUT_COUNT), "?");
}

/* The text of key (row, col) of layout l, or "" when it types nothing. */
static const char *key_text(kb_layout_t l, int row, int col)
{
    const kb_key_def_t **rows;
    const int *lens;
    keyboard_layout_rows(l, &rows, &lens);
    const kb_key_def_t *d = &rows[row][col];
    return d->kind == KB_KEY_CHAR ? d->text : "";
}

static uint32_t cp_of(const char *s)
{
    size_t adv;
    return utf8_decode(s, strlen(s), &adv);
}

/* The katakana tables are the hiragana ones letter for letter, and the two
 * pages are the left and right halves of the whole table. */
static void test_kana_tables_agree(void)
{
    static const kb_layout_t page[2][2] = {{KB_LAYOUT_HIRAGANA_A, KB_LAYOUT_HIRAGANA_B},
                                           {KB_LAYOUT_KATAKANA_A, KB_LAYOUT_KATAKANA_B}};
    const char *gojuon = "あかさたなはまやらわいきしちにひみ、りをうくすつぬふむゆるんえけせてねへめ。れーおこそとのほもよろ・";
    for (int row = 0, i = 0; row < 5; row++)
        for (int col = 0; col < 10; col++, i += 3) {
            const char *h = key_text(KB_LAYOUT_HIRAGANA, row, col), *k = key_text(KB_LAYOUT_KATAKANA, row, col);
            CHECK_MSG(strncmp(h, gojuon + i, 3) == 0, "row %d column %d is %s", row, col, h);
            CHECK_INT(cp_of(k), kana_to_katakana(cp_of(h)));
            for (int kata = 0; kata < 2; kata++) {
                const char *whole = kata ? k : h;
                const char *p = key_text(page[kata][col / 5], row, col % 5);
                CHECK_MSG(strcmp(p, whole) == 0, "page %d row %d: %s, not %s", col / 5, row, p, whole);
            }
        }
}

static void test_layout_follows_field(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t text, mail, phone;
    textfield_init(&text, TF_KIND_TEXT, 100, true);
    textfield_init(&mail, TF_KIND_EMAIL, 100, false);
    textfield_init(&phone, TF_KIND_PHONE, 30, false);
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);   /* an empty text field starts with a capital */
    CHECK(kb.shift);
    keyboard_bind(&kb, &mail);
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL);
    CHECK(keyboard_find(&kb, "kb.@") >= 0);
    CHECK(keyboard_find(&kb, "kb..com") >= 0);
    CHECK(keyboard_find(&kb, "kb._") >= 0);
    CHECK(keyboard_find(&kb, "kb.-") >= 0);
    CHECK(keyboard_find(&kb, "kb.space") < 0);
    keyboard_bind(&kb, &phone);
    CHECK_INT(kb.layout, KB_LAYOUT_PHONE);
    CHECK(keyboard_find(&kb, "kb.0") >= 0);
    CHECK(keyboard_find(&kb, "kb.a") < 0);
    textfield_insert(&text, "x", 1);
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_LOWER);   /* not empty: no automatic capital */
    textfield_free(&text);
    textfield_free(&mail);
    textfield_free(&phone);
}

static void test_typing_shift_caps(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, false);
    keyboard_bind(&kb, &f);
    const char *hi[] = {"kb.H", "kb.i", "kb.space"};
    type(&kb, hi, 3);
    CHECK_STR(textfield_text(&f), "Hi ");
    CHECK_INT(kb.layout, KB_LAYOUT_LOWER);
    /* Shift once: one capital. */
    CHECK(tap(&kb, "kb.shift") & KB_CHANGED);
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);
    CHECK(!kb.caps);
    const char *ab[] = {"kb.A", "kb.b"};
    type(&kb, ab, 2);
    CHECK_STR(textfield_text(&f), "Hi Ab");
    /* Shift tapped twice quickly: caps lock for several letters. */
    tap(&kb, "kb.shift");
    clk -= 200 - 100;   /* the second tap comes 140 ms after the first */
    tap(&kb, "kb.shift");
    CHECK(kb.caps);
    const char *un[] = {"kb.U", "kb.N"};
    type(&kb, un, 2);
    CHECK_STR(textfield_text(&f), "Hi AbUN");
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);
    tap(&kb, "kb.shift");
    CHECK(!kb.caps);
    CHECK(!kb.shift);
    CHECK_INT(kb.layout, KB_LAYOUT_LOWER);
    /* Shift on, then shift again after a pause: off again, nothing locked. */
    tap(&kb, "kb.shift");
    clk += 1000;
    tap(&kb, "kb.shift");
    CHECK(!kb.shift && !kb.caps);
    CHECK_INT(kb.layout, KB_LAYOUT_LOWER);
    /* Numbers and symbols, and back. */
    tap(&kb, "kb.symbols");
    CHECK_INT(kb.layout, KB_LAYOUT_SYMBOLS);
    const char *num[] = {"kb.4", "kb.2", "kb.!"};
    type(&kb, num, 3);
    tap(&kb, "kb.letters");
    CHECK_INT(kb.layout, KB_LAYOUT_LOWER);
    CHECK_STR(textfield_text(&f), "Hi AbUN42!");
    /* Enter on a single-line field asks the form to move on. */
    CHECK(tap(&kb, "kb.enter") & KB_ENTER);
    CHECK_STR(textfield_text(&f), "Hi AbUN42!");
    CHECK(tap(&kb, "kb.hide") & KB_HIDE);
    textfield_free(&f);
}

static void test_email_and_phone(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 1280, 800);
    textfield_t f;
    textfield_init(&f, TF_KIND_EMAIL, 100, false);
    keyboard_bind(&kb, &f);
    const char *mail[] = {"kb.a", "kb._", "kb.b", "kb.@", "kb.e", "kb.x", "kb..com"};
    type(&kb, mail, 7);
    CHECK_STR(textfield_text(&f), "a_b@ex.com");
    /* Shift on the email layout keeps @ and .com at hand. */
    tap(&kb, "kb.shift");
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL_UPPER);
    CHECK(keyboard_find(&kb, "kb.@") >= 0);
    tap(&kb, "kb.Q");
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL);
    /* From the symbols, "ABC" returns to the email letters. */
    tap(&kb, "kb.symbols");
    tap(&kb, "kb.7");
    tap(&kb, "kb.letters");
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL);
    CHECK_STR(textfield_text(&f), "a_b@ex.comQ7");
    textfield_free(&f);

    textfield_init(&f, TF_KIND_PHONE, 20, false);
    keyboard_bind(&kb, &f);
    const char *tel[] = {"kb.+", "kb.8", "kb.2", "kb.space", "kb.1", "kb.0", "kb.-"};
    type(&kb, tel, 7);
    CHECK_STR(textfield_text(&f), "+82 10-");
    CHECK(tap(&kb, "kb.hide") & KB_HIDE);
    textfield_free(&f);
}

static void test_multiline_enter_and_limit(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 3, true);
    keyboard_bind(&kb, &f);
    CHECK(tap(&kb, "kb.O") & KB_EDITED);
    CHECK(tap(&kb, "kb.enter") & KB_EDITED);
    CHECK(tap(&kb, "kb.k") & KB_EDITED);
    CHECK_STR(textfield_text(&f), "O\nk");
    /* Full: the key does nothing and says so. */
    int r = tap(&kb, "kb.x");
    CHECK(r & KB_LIMIT);
    CHECK(!(r & KB_EDITED));
    CHECK_STR(textfield_text(&f), "O\nk");
    textfield_free(&f);
}

static void test_backspace_repeat_timing(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, false);
    textfield_insert(&f, "abcdefghijklmnopqrstuvwxyz", (size_t)-1);
    keyboard_bind(&kb, &f);
    int i = keyboard_find(&kb, "kb.backspace");
    CHECK(i >= 0);
    rect_t r = kb.keys[i].r;
    int x = r.x + 5, y = r.y + 5;
    uint64_t t0 = 50000;
    CHECK(keyboard_pointer_down(&kb, x, y, t0) & KB_EDITED);   /* deletes at once */
    CHECK_INT(textfield_count(&f), 25);
    CHECK_INT(keyboard_wait_ms(&kb, t0), KB_REPEAT_DELAY_MS);
    CHECK_INT(keyboard_update(&kb, t0 + 499), 0);
    CHECK_INT(textfield_count(&f), 25);
    CHECK_INT(keyboard_wait_ms(&kb, t0 + 499), 1);
    CHECK(keyboard_update(&kb, t0 + 500) & KB_EDITED);
    CHECK_INT(textfield_count(&f), 24);
    CHECK_INT(keyboard_wait_ms(&kb, t0 + 500), KB_REPEAT_INTERVAL_MS);
    CHECK_INT(keyboard_update(&kb, t0 + 569), 0);
    CHECK_INT(textfield_count(&f), 24);
    keyboard_update(&kb, t0 + 570);
    CHECK_INT(textfield_count(&f), 23);
    /* A late update catches up: held until t0 + 1000 is 1 + 1 + 7 deletions. */
    keyboard_update(&kb, t0 + 1000);
    CHECK_INT(textfield_count(&f), 26 - 1 - 1 - (1000 - 500) / 70);
    CHECK_STR(textfield_text(&f), "abcdefghijklmnopq");
    /* Lifting the finger stops the repeat, and does not delete again. */
    CHECK(!(keyboard_pointer_up(&kb, x, y, t0 + 1010) & KB_EDITED));
    CHECK_INT(keyboard_wait_ms(&kb, t0 + 1010), -1);
    CHECK_INT(keyboard_update(&kb, t0 + 5000), 0);
    CHECK_STR(textfield_text(&f), "abcdefghijklmnopq");
    /* Sliding off backspace stops the repeat too. */
    keyboard_pointer_down(&kb, x, y, t0 + 6000);
    int j = keyboard_find(&kb, "kb.m");
    keyboard_pointer_move(&kb, kb.keys[j].r.x + 3, kb.keys[j].r.y + 3, t0 + 6100);
    CHECK_INT(keyboard_update(&kb, t0 + 7000), 0);
    CHECK_STR(textfield_text(&f), "abcdefghijklmnop");
    /* Held on an empty field: nothing breaks. */
    textfield_clear(&f);
    keyboard_pointer_down(&kb, x, y, t0 + 8000);
    keyboard_update(&kb, t0 + 9000);
    keyboard_pointer_up(&kb, x, y, t0 + 9000);
    CHECK_INT(textfield_count(&f), 0);
    textfield_free(&f);
}

static void test_press_feedback_and_slide(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t f;
    textfield_init(&f, TF_KIND_TEXT, 100, false);
    textfield_insert(&f, "x", 1);
    keyboard_bind(&kb, &f);
    int g = keyboard_find(&kb, "kb.g"), h = keyboard_find(&kb, "kb.h");
    rect_t rg = kb.keys[g].r, rh = kb.keys[h].r;
    CHECK(keyboard_pointer_down(&kb, rg.x + 2, rg.y + 2, 100) & KB_CHANGED);
    CHECK_INT(kb.pressed, g);
    CHECK_STR(textfield_text(&f), "x");        /* nothing until the finger lifts */
    CHECK(keyboard_pointer_move(&kb, rh.x + 2, rh.y + 2, 120) & KB_CHANGED);
    CHECK_INT(kb.pressed, h);
    CHECK(keyboard_pointer_up(&kb, rh.x + 2, rh.y + 2, 140) & KB_EDITED);
    CHECK_INT(kb.pressed, -1);
    CHECK_STR(textfield_text(&f), "xh");
    /* Sliding off the keyboard cancels the key. */
    keyboard_pointer_down(&kb, rg.x + 2, rg.y + 2, 200);
    keyboard_pointer_move(&kb, rg.x + 2, kb.area.y - 30, 220);
    CHECK_INT(kb.pressed, -1);
    CHECK_INT(keyboard_pointer_up(&kb, rg.x + 2, kb.area.y - 30, 240), 0);
    CHECK_STR(textfield_text(&f), "xh");
    /* A press above the keyboard is not the keyboard's. */
    CHECK_INT(keyboard_pointer_down(&kb, 400, kb.area.y - 1, 300), 0);
    textfield_free(&f);
}

static void check_geometry(int w, int h)
{
    keyboard_t kb;
    keyboard_init(&kb);
    int height = keyboard_set_screen(&kb, w, h);
    CHECK_INT(height, keyboard_height_for(w, h));
    CHECK(rect_inside(kb.area, (rect_t){0, 0, w, h}));
    CHECK_INT(kb.area.y + kb.area.h, h);
    CHECK_MSG(height * 100 / h <= 52, "%dx%d: keyboard takes %d%% of the height", w, h, height * 100 / h);
    /* The whole 50-sound table where its keys are still as wide as high. */
    CHECK_INT(kb.kana_paged, w < h);
    int seen = 0;
    for (int l = 0; l < KB_LAYOUT_COUNT; l++) {
        keyboard_set_layout(&kb, (kb_layout_t)l);
        if ((int)kb.layout != l)
            continue;   /* the whole table on a narrow screen: its pages instead */
        seen++;
        const char *name = keyboard_layout_name(l);
        CHECK(kb.nkeys > 0);
        CHECK(rect_inside(kb.area, (rect_t){0, 0, w, h}));
        CHECK_INT(kb.area.y + kb.area.h, h);
        /* The 50-sound table is one row taller than the letters. */
        int extra = keyboard_layout_script((kb_layout_t)l) == KB_SCRIPT_KANA ? kb.key_h + kb.gap : 0;
        CHECK_MSG(kb.area.h == keyboard_height_for(w, h) + extra, "%dx%d %s: %d high", w, h, name, kb.area.h);
        for (int i = 0; i < kb.nkeys; i++) {
            rect_t a = kb.keys[i].r;
            CHECK_MSG(a.w >= 48 && a.h >= 48, "%dx%d %s %s is %dx%d", w, h, name, kb.keys[i].id, a.w, a.h);
            /* Kana keys are never narrower than letter keys are high. */
            if (extra)
                CHECK_MSG(a.w >= a.h, "%dx%d %s %s is %dx%d", w, h, name, kb.keys[i].id, a.w, a.h);
            CHECK_MSG(rect_inside(a, kb.area), "%dx%d %s %s outside", w, h, name, kb.keys[i].id);
            /* Hit testing finds each key at its centre and corners. */
            CHECK_INT(keyboard_hit(&kb, a.x + a.w / 2, a.y + a.h / 2), i);
            CHECK_INT(keyboard_hit(&kb, a.x, a.y), i);
            CHECK_INT(keyboard_hit(&kb, a.x + a.w - 1, a.y + a.h - 1), i);
            for (int j = i + 1; j < kb.nkeys; j++) {
                rect_t b = kb.keys[j].r;
                CHECK_MSG(!rect_overlaps(a, b), "%s overlaps %s", kb.keys[i].id, kb.keys[j].id);
                /* At least the gap between keys (2 mm at 800x480). */
                int dx = b.x >= a.x + a.w ? b.x - (a.x + a.w) : a.x >= b.x + b.w ? a.x - (b.x + b.w) : -1;
                int dy = b.y >= a.y + a.h ? b.y - (a.y + a.h) : a.y >= b.y + b.h ? a.y - (b.y + b.h) : -1;
                CHECK_MSG((dx >= 10) || (dy >= 10), "%s and %s only %d/%d px apart", kb.keys[i].id, kb.keys[j].id, dx, dy);
                CHECK_MSG(strcmp(kb.keys[i].id, kb.keys[j].id) != 0, "%s %s twice", name, kb.keys[i].id);
            }
        }
        /* Gaps belong to no key. */
        rect_t a = kb.keys[0].r;
        CHECK_INT(keyboard_hit(&kb, a.x + a.w + kb.gap / 2, a.y + a.h / 2), -1);
    }
    /* Every layout but the two whole tables, or but the four pages. */
    CHECK_INT(seen, KB_LAYOUT_COUNT - (kb.kana_paged ? 2 : 4));
}

static void test_geometry_800x480(void) { check_geometry(800, 480); }
static void test_geometry_1280x800(void) { check_geometry(1280, 800); }
static void test_geometry_1920x1080(void) { check_geometry(1920, 1080); }
static void test_geometry_720x1280(void) { check_geometry(720, 1280); }

static void test_geometry_exact_800x480(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    CHECK_INT(keyboard_set_screen(&kb, 800, 480), 4 * 48 + 4 * 11);
    CHECK_INT(kb.unit_w, 67);
    CHECK_INT(kb.key_h, 48);
    CHECK_INT(kb.gap, 11);
    int q = keyboard_find(&kb, "kb.q"), p = keyboard_find(&kb, "kb.p");
    int a = keyboard_find(&kb, "kb.a");
    /* The home row is offset by half a key, as on a real keyboard. */
    CHECK_INT(kb.keys[a].r.x - kb.keys[q].r.x, (kb.unit_w + kb.gap) / 2);
    /* The top row is centred. */
    int left = kb.keys[q].r.x, right = 800 - (kb.keys[p].r.x + kb.keys[p].r.w);
    CHECK_MSG(left - right >= -1 && left - right <= 1, "margins %d and %d", left, right);
    /* The whole 50-sound table: twelve keys across, 54 px wide, a row more. */
    keyboard_set_layout(&kb, KB_LAYOUT_HIRAGANA);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    CHECK_INT(kb.area.h, 5 * 48 + 5 * 11);
    CHECK_INT(kb.unit_w, 54);
    int ka = keyboard_find(&kb, "kb.あ"), n = keyboard_find(&kb, "kb.enter");
    CHECK(ka >= 0 && n >= 0);
    left = kb.keys[ka].r.x;
    right = 800 - (kb.keys[n].r.x + kb.keys[n].r.w);
    CHECK_MSG(left >= 11 && left - right >= -1 && left - right <= 1, "margins %d and %d", left, right);
}

/* ---- scripts ---------------------------------------------------------------- */

static void test_script_follows_language(void)
{
    CHECK_INT(keyboard_script_for_lang("ja"), KB_SCRIPT_KANA);
    CHECK_INT(keyboard_script_for_lang("ko"), KB_SCRIPT_HANGUL);
    CHECK_INT(keyboard_script_for_lang("ko-KR"), KB_SCRIPT_HANGUL);
    CHECK_INT(keyboard_script_for_lang("ja_JP"), KB_SCRIPT_KANA);
    CHECK_INT(keyboard_script_for_lang("en"), KB_SCRIPT_LATIN);
    CHECK_INT(keyboard_script_for_lang("jav"), KB_SCRIPT_LATIN);   /* Javanese is not Japanese */
    CHECK_INT(keyboard_script_for_lang(""), KB_SCRIPT_LATIN);
    CHECK_INT(keyboard_script_for_lang(NULL), KB_SCRIPT_LATIN);
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 800, 480);
    textfield_t text, mail, phone;
    textfield_init(&text, TF_KIND_TEXT, 100, false);
    textfield_init(&mail, TF_KIND_EMAIL, 100, false);
    textfield_init(&phone, TF_KIND_PHONE, 30, false);
    keyboard_set_language(&kb, "ja");
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    CHECK(!kb.shift);
    CHECK(keyboard_find(&kb, "kb.あ") >= 0);
    keyboard_bind(&kb, &mail);                /* email and phone keep theirs */
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL);
    CHECK(keyboard_find(&kb, "kb.globe") < 0);
    keyboard_bind(&kb, &phone);
    CHECK_INT(kb.layout, KB_LAYOUT_PHONE);
    keyboard_set_language(&kb, "ko");
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);
    CHECK(keyboard_find(&kb, "kb.ㅂ") >= 0);
    keyboard_set_language(&kb, "en");
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);
    /* On a portrait screen the table comes in pages. */
    keyboard_set_screen(&kb, 720, 1280);
    keyboard_set_language(&kb, "ja");
    keyboard_bind(&kb, &text);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA_A);
    textfield_free(&text);
    textfield_free(&mail);
    textfield_free(&phone);
}

static void test_globe_cycles_scripts(void)
{
    keyboard_t kb;
    keyboard_init(&kb);
    keyboard_set_screen(&kb, 1280, 800);
    textfield_t a, b;
    textfield_init(&a, TF_KIND_TEXT, 100, false);
    textfield_init(&b, TF_KIND_TEXT, 100, true);
    keyboard_bind(&kb, &a);
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);
    int r = tap(&kb, "kb.globe");
    CHECK(r & KB_CHANGED);
    CHECK(r & KB_RESIZED);                    /* five rows now */
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    CHECK_INT(kb.script, KB_SCRIPT_KANA);
    r = tap(&kb, "kb.globe");
    CHECK(r & KB_RESIZED);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);
    /* The script picked stays for the next text field ... */
    keyboard_bind(&kb, &b);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);
    r = tap(&kb, "kb.globe");
    CHECK(!(r & KB_RESIZED));                 /* four rows, as Hangul */
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);    /* Latin in an empty field: a capital first */
    CHECK(kb.shift);
    tap(&kb, "kb.globe");
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    keyboard_bind(&kb, &a);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    /* ... until the form starts over. */
    keyboard_forget_script(&kb);
    keyboard_bind(&kb, &a);
    CHECK_INT(kb.layout, KB_LAYOUT_UPPER);
    /* Symbols and back return to the script's letters. */
    keyboard_set_script(&kb, KB_SCRIPT_HANGUL);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);
    tap(&kb, "kb.symbols");
    CHECK_INT(kb.layout, KB_LAYOUT_SYMBOLS);
    CHECK(keyboard_find(&kb, "kb.globe") < 0);
    tap(&kb, "kb.letters");
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);
    /* An email field keeps its letters; the next text field gets the script. */
    textfield_t mail;
    textfield_init(&mail, TF_KIND_EMAIL, 100, false);
    keyboard_bind(&kb, &mail);
    keyboard_set_script(&kb, KB_SCRIPT_KANA);
    CHECK_INT(kb.layout, KB_LAYOUT_EMAIL);
    keyboard_bind(&kb, &a);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    textfield_free(&mail);
    textfield_free(&a);
    textfield_free(&b);
}

/* ---- Hangul ------------------------------------------------------------------ */

static void hangul_field(keyboard_t *kb, textfield_t *f, size_t max)
{
    keyboard_init(kb);
    keyboard_set_screen(kb, 800, 480);
    keyboard_set_language(kb, "ko");
    textfield_init(f, TF_KIND_TEXT, max, false);
    keyboard_bind(kb, f);
}

static void test_hangul_composes_in_the_field(void)
{
    keyboard_t kb;
    textfield_t f;
    hangul_field(&kb, &f, 100);
    CHECK(tap(&kb, "kb.ㄱ") & KB_EDITED);
    CHECK_STR(textfield_text(&f), "ㄱ");
    CHECK_INT(f.compose, 1);
    const char *kim[] = {"kb.ㅣ", "kb.ㅁ"};
    type(&kb, kim, 2);
    CHECK_STR(textfield_text(&f), "김");
    CHECK_INT(f.compose, 1);
    CHECK_INT(f.cursor, 1);
    /* The next consonant does not join: 김 is done, ㅁ composes. */
    tap(&kb, "kb.ㅁ");
    CHECK_STR(textfield_text(&f), "김ㅁ");
    CHECK_INT(f.compose, 1);
    const char *minsu[] = {"kb.ㅣ", "kb.ㄴ", "kb.ㅅ", "kb.ㅜ"};
    type(&kb, minsu, 4);
    CHECK_STR(textfield_text(&f), "김민수");
    CHECK_INT(f.compose, 1);
    CHECK_INT(f.cursor, 3);
    /* Backspace takes back one jamo of the syllable being composed. */
    CHECK(tap(&kb, "kb.backspace") & KB_EDITED);
    CHECK_STR(textfield_text(&f), "김민ㅅ");
    tap(&kb, "kb.backspace");
    CHECK_STR(textfield_text(&f), "김민");
    CHECK_INT(f.compose, 0);
    tap(&kb, "kb.backspace");                 /* 민 was finished: it goes whole */
    CHECK_STR(textfield_text(&f), "김");
    /* A final moves to the next syllable with a vowel: 한 + ㅏ = 하나. */
    textfield_clear(&f);
    const char *hana[] = {"kb.ㅎ", "kb.ㅏ", "kb.ㄴ"};
    type(&kb, hana, 3);
    CHECK_STR(textfield_text(&f), "한");
    tap(&kb, "kb.ㅏ");
    CHECK_STR(textfield_text(&f), "하나");
    CHECK_INT(f.compose, 1);
    textfield_free(&f);
}

static void test_hangul_shift_keeps_composing(void)
{
    keyboard_t kb;
    textfield_t f;
    hangul_field(&kb, &f, 100);
    const char *i[] = {"kb.ㅇ", "kb.ㅣ", "kb.shift"};
    type(&kb, i, 3);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL_SHIFT);
    CHECK_INT(f.compose, 1);                  /* shift did not end 이 */
    CHECK(tap(&kb, "kb.ㅆ") & KB_EDITED);
    CHECK_INT(kb.layout, KB_LAYOUT_HANGUL);   /* one shifted letter */
    const char *eoyo[] = {"kb.ㅇ", "kb.ㅓ", "kb.ㅇ", "kb.ㅛ"};
    type(&kb, eoyo, 4);
    CHECK_STR(textfield_text(&f), "있어요");
    /* ㅒ and ㅖ are on the shifted layer too. */
    textfield_clear(&f);
    const char *ye[] = {"kb.ㅇ", "kb.shift", "kb.ㅖ"};
    type(&kb, ye, 3);
    CHECK_STR(textfield_text(&f), "예");
    textfield_free(&f);
}

static void test_hangul_commit_points(void)
{
    keyboard_t kb;
    textfield_t f, g;
    hangul_field(&kb, &f, 100);
    textfield_init(&g, TF_KIND_TEXT, 100, false);
    /* Space ends the syllable: the next vowel does not reach back over it. */
    const char *a[] = {"kb.ㅎ", "kb.ㅏ", "kb.ㄴ", "kb.space", "kb.ㅏ"};
    type(&kb, a, 5);
    CHECK_STR(textfield_text(&f), "한 ㅏ");
    /* Punctuation too. */
    textfield_clear(&f);
    const char *b[] = {"kb.ㄱ", "kb.ㅏ", "kb.ㄴ", "kb..", "kb.ㅏ"};
    type(&kb, b, 5);
    CHECK_STR(textfield_text(&f), "간.ㅏ");
    /* A layout change: after the symbols, a vowel starts anew. */
    textfield_clear(&f);
    const char *c[] = {"kb.ㄱ", "kb.ㅏ", "kb.ㄴ", "kb.symbols"};
    type(&kb, c, 4);
    CHECK_INT(f.compose, 0);
    tap(&kb, "kb.letters");
    tap(&kb, "kb.ㅏ");
    CHECK_STR(textfield_text(&f), "간ㅏ");
    /* Another field: the first keeps its syllable, unmarked. */
    textfield_clear(&f);
    const char *d[] = {"kb.ㄱ", "kb.ㅏ"};
    type(&kb, d, 2);
    CHECK_INT(f.compose, 1);
    keyboard_bind(&kb, &g);
    CHECK_INT(f.compose, 0);
    CHECK_STR(textfield_text(&f), "가");
    tap(&kb, "kb.ㄴ");
    CHECK_STR(textfield_text(&g), "ㄴ");
    CHECK_STR(textfield_text(&f), "가");
    /* An edit from elsewhere (a USB keyboard) ends it as well. */
    keyboard_bind(&kb, &f);
    tap(&kb, "kb.ㄱ");
    textfield_insert(&f, "x", 1);
    tap(&kb, "kb.ㅏ");
    CHECK_STR(textfield_text(&f), "가ㄱxㅏ");
    /* Enter on a single-line field and hide end it too. */
    textfield_clear(&f);
    tap(&kb, "kb.ㄱ");
    CHECK(tap(&kb, "kb.enter") & KB_ENTER);
    CHECK_INT(f.compose, 0);
    tap(&kb, "kb.ㅏ");
    CHECK_STR(textfield_text(&f), "ㄱㅏ");
    CHECK(tap(&kb, "kb.hide") & KB_HIDE);
    CHECK_INT(f.compose, 0);
    textfield_free(&f);
    textfield_free(&g);
}

static void test_hangul_field_full(void)
{
    keyboard_t kb;
    textfield_t f;
    hangul_field(&kb, &f, 2);
    const char *a[] = {"kb.ㅎ", "kb.ㅏ", "kb.ㄴ", "kb.ㅏ", "kb.ㄴ"};
    type(&kb, a, 5);
    CHECK_STR(textfield_text(&f), "하난");
    CHECK_INT(f.compose, 1);
    /* The vowel would need a third character: refused, nothing changes. */
    int r = tap(&kb, "kb.ㅏ");
    CHECK(r & KB_LIMIT);
    CHECK(!(r & KB_EDITED));
    CHECK_STR(textfield_text(&f), "하난");
    /* Still composing as before: a jamo that joins is fine. */
    tap(&kb, "kb.ㅎ");
    CHECK_STR(textfield_text(&f), "하낞");
    tap(&kb, "kb.backspace");
    tap(&kb, "kb.backspace");
    CHECK_STR(textfield_text(&f), "하나");
    textfield_free(&f);
}

static void test_hangul_backspace_repeat(void)
{
    keyboard_t kb;
    textfield_t f;
    hangul_field(&kb, &f, 100);
    const char *a[] = {"kb.ㄱ", "kb.ㅏ", "kb.ㅂ", "kb.ㅅ", "kb.ㅇ", "kb.ㅗ", "kb.ㅏ", "kb.ㄴ"};
    type(&kb, a, 8);
    CHECK_STR(textfield_text(&f), "값완");
    int i = keyboard_find(&kb, "kb.backspace");
    rect_t r = kb.keys[i].r;
    uint64_t t0 = 90000;
    keyboard_pointer_down(&kb, r.x + 5, r.y + 5, t0);            /* 완 -> 와 */
    CHECK_STR(textfield_text(&f), "값와");
    keyboard_update(&kb, t0 + KB_REPEAT_DELAY_MS);                /* 와 -> 오 */
    CHECK_STR(textfield_text(&f), "값오");
    keyboard_update(&kb, t0 + KB_REPEAT_DELAY_MS + 2 * KB_REPEAT_INTERVAL_MS);   /* ㅇ, then nothing */
    CHECK_STR(textfield_text(&f), "값");
    keyboard_update(&kb, t0 + KB_REPEAT_DELAY_MS + 3 * KB_REPEAT_INTERVAL_MS);   /* 값 was finished */
    CHECK_STR(textfield_text(&f), "");
    keyboard_pointer_up(&kb, r.x + 5, r.y + 5, t0 + 2000);
    textfield_free(&f);
}

/* ---- kana --------------------------------------------------------------------- */

static void kana_field(keyboard_t *kb, textfield_t *f, int w, int h)
{
    keyboard_init(kb);
    keyboard_set_screen(kb, w, h);
    keyboard_set_language(kb, "ja");
    textfield_init(f, TF_KIND_TEXT, 100, false);
    keyboard_bind(kb, f);
}

static void test_kana_typing_and_marks(void)
{
    keyboard_t kb;
    textfield_t f;
    kana_field(&kb, &f, 800, 480);
    CHECK_INT(tap(&kb, "kb.dakuten") & KB_EDITED, 0);   /* nothing to mark yet */
    const char *yamada[] = {"kb.や", "kb.ま", "kb.た", "kb.dakuten"};
    type(&kb, yamada, 4);
    CHECK_STR(textfield_text(&f), "やまだ");
    tap(&kb, "kb.dakuten");                              /* and back */
    CHECK_STR(textfield_text(&f), "やまた");
    textfield_clear(&f);
    /* は -> ば -> ぱ -> は */
    tap(&kb, "kb.は");
    tap(&kb, "kb.dakuten");
    CHECK_STR(textfield_text(&f), "ば");
    tap(&kb, "kb.dakuten");
    CHECK_STR(textfield_text(&f), "ぱ");
    tap(&kb, "kb.dakuten");
    CHECK_STR(textfield_text(&f), "は");
    /* Small kana: きって, きゃ. */
    textfield_clear(&f);
    const char *kitte[] = {"kb.き", "kb.つ", "kb.small", "kb.て"};
    type(&kb, kitte, 4);
    CHECK_STR(textfield_text(&f), "きって");
    CHECK_INT(tap(&kb, "kb.small") & KB_EDITED, 0);     /* て has no small form */
    /* The mark acts on the character before the cursor, not the last one. */
    textfield_set_cursor(&f, 2);
    tap(&kb, "kb.small");
    CHECK_STR(textfield_text(&f), "きつて");
    textfield_free(&f);
}

static void test_kana_katakana_and_symbols(void)
{
    keyboard_t kb;
    textfield_t f;
    kana_field(&kb, &f, 1280, 800);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    tap(&kb, "kb.kana");
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA);
    const char *kohi[] = {"kb.コ", "kb.ー", "kb.ヒ", "kb.dakuten", "kb.dakuten", "kb.ー"};
    type(&kb, kohi, 6);
    CHECK_STR(textfield_text(&f), "コーピー");
    /* Symbols and back: katakana again, and the keyboard changed height both ways. */
    CHECK(tap(&kb, "kb.symbols") & KB_RESIZED);
    CHECK_INT(kb.layout, KB_LAYOUT_SYMBOLS);
    CHECK(tap(&kb, "kb.letters") & KB_RESIZED);
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA);
    tap(&kb, "kb.kana");
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA);
    const char *ha[] = {"kb.space", "kb.は", "kb.？"};
    type(&kb, ha, 3);
    CHECK_STR(textfield_text(&f), "コーピー は？");
    textfield_free(&f);
}

static void test_kana_pages(void)
{
    keyboard_t kb;
    textfield_t f;
    kana_field(&kb, &f, 720, 1280);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA_A);
    CHECK(keyboard_find(&kb, "kb.や") < 0);
    CHECK(keyboard_find(&kb, "kb.？") < 0);
    CHECK(tap(&kb, "kb.page") & KB_CHANGED);
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA_B);
    const char *yama[] = {"kb.や", "kb.ま", "kb.page", "kb.た", "kb.dakuten"};
    type(&kb, yama, 5);
    CHECK_STR(textfield_text(&f), "やまだ");
    CHECK_INT(kb.layout, KB_LAYOUT_HIRAGANA_A);
    /* Katakana keeps the page; the symbols return to it. */
    tap(&kb, "kb.page");
    tap(&kb, "kb.kana");
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA_B);
    tap(&kb, "kb.symbols");
    tap(&kb, "kb.letters");
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA_B);
    /* Turned to landscape: the whole table, in the same kana. */
    keyboard_set_screen(&kb, 1280, 800);
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA);
    CHECK(keyboard_find(&kb, "kb.page") < 0);
    keyboard_set_screen(&kb, 720, 1280);
    CHECK_INT(kb.layout, KB_LAYOUT_KATAKANA_A);
    textfield_free(&f);
}

/* Labels that are words come from the caller's strings; the letters key
 * names the letters it returns to. */
static void test_labels(void)
{
    keyboard_t kb;
    textfield_t f;
    kana_field(&kb, &f, 800, 480);
    gfx_record_t *rec = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(rec);
    kb_style_t st = {.font = {24, FONT_REGULAR, false}, .font_small = {20, FONT_BOLD, false}, .radius = 4};
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "あ"));
    CHECK(gfx_record_find_text(rec, "カナ"));
    CHECK(gfx_record_find_text(rec, "?123"));
    tap(&kb, "kb.symbols");
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "かな"));      /* back to hiragana */
    CHECK(!gfx_record_find_text(rec, "ABC"));
    st.word[KB_WORD_HIRAGANA] = "ひらがな";
    st.word[KB_WORD_SYMBOLS] = "記号";
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "ひらがな"));
    tap(&kb, "kb.letters");
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "記号"));
    keyboard_set_script(&kb, KB_SCRIPT_HANGUL);
    tap(&kb, "kb.symbols");
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "한글"));
    keyboard_set_script(&kb, KB_SCRIPT_LATIN);
    tap(&kb, "kb.symbols");
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    CHECK(gfx_record_find_text(rec, "ABC"));
    gfx_record_destroy(rec);
    textfield_free(&f);
}

/* Hangul jamo sit small in their em square: their keycaps are drawn in a
 * larger size, so that ㅂ looks as large as Q at 800x480. */
static void test_hangul_keycaps_match_latin(void)
{
    keyboard_t kb;
    textfield_t f;
    kana_field(&kb, &f, 800, 480);
    gfx_record_t *rec = gfx_record_create(800, 480);
    gfx_t g = gfx_record_gfx(rec);
    kb_style_t st = {.font = {25, FONT_REGULAR, false}, .font_small = {20, FONT_BOLD, false}, .radius = 4};
    keyboard_set_script(&kb, KB_SCRIPT_LATIN);
    keyboard_draw(&kb, &g, &st, 0);
    const rec_item_t *q = gfx_record_find_text(rec, "q");
    if (!q)
        q = gfx_record_find_text(rec, "Q");
    CHECK(q != NULL);
    int latin_px = q ? q->font.px : 0;
    keyboard_set_script(&kb, KB_SCRIPT_HANGUL);
    gfx_record_clear(rec);
    keyboard_draw(&kb, &g, &st, 0);
    const rec_item_t *b = gfx_record_find_text(rec, "\xE3\x85\x82"); /* ㅂ */
    CHECK(b != NULL);
    if (b && q) {
        CHECK_MSG(b->font.px * 10 >= latin_px * 14, "jamo %d px, Latin %d px", b->font.px, latin_px);
        CHECK_MSG(b->font.px * 4 <= kb.key_h * 3, "jamo %d px in a key %d px high", b->font.px, kb.key_h);
    }
    gfx_record_destroy(rec);
    textfield_free(&f);
}

int main(void)
{
    RUN(test_tables_are_consistent);
    RUN(test_hangul_keycaps_match_latin);
    RUN(test_kana_tables_agree);
    RUN(test_layout_follows_field);
    RUN(test_typing_shift_caps);
    RUN(test_email_and_phone);
    RUN(test_multiline_enter_and_limit);
    RUN(test_backspace_repeat_timing);
    RUN(test_press_feedback_and_slide);
    RUN(test_geometry_800x480);
    RUN(test_geometry_1280x800);
    RUN(test_geometry_1920x1080);
    RUN(test_geometry_720x1280);
    RUN(test_geometry_exact_800x480);
    RUN(test_script_follows_language);
    RUN(test_globe_cycles_scripts);
    RUN(test_hangul_composes_in_the_field);
    RUN(test_hangul_shift_keeps_composing);
    RUN(test_hangul_commit_points);
    RUN(test_hangul_field_full);
    RUN(test_hangul_backspace_repeat);
    RUN(test_kana_typing_and_marks);
    RUN(test_kana_katakana_and_symbols);
    RUN(test_kana_pages);
    RUN(test_labels);
    return test_summary();
}
