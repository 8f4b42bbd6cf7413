/* The on-screen keyboard: tables, geometry, shift and caps, repeat timing. */
#include "test.h"

#include "forms/keyboard.h"

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

static void test_tables_are_consistent(void)
{
    for (int l = 0; l < KB_LAYOUT_COUNT; l++) {
        const kb_key_def_t **rows;
        const int *lens;
        CHECK_INT(keyboard_layout_rows((kb_layout_t)l, &rows, &lens), KB_ROWS);
        int width = -1;
        for (int r = 0; r < KB_ROWS; r++) {
            int sum = 0;
            CHECK(lens[r] > 0);
            for (int k = 0; k < lens[r]; k++) {
                CHECK(rows[r][k].span >= 10);
                if (rows[r][k].kind == KB_KEY_CHAR)
                    CHECK(rows[r][k].text && rows[r][k].text[0]);
                sum += rows[r][k].span;
            }
            /* The home row of the letter layouts is half a key short on each side. */
            if (r != 1 || l == KB_LAYOUT_SYMBOLS || l == KB_LAYOUT_PHONE) {
                if (width < 0)
                    width = sum;
                CHECK_MSG(sum == width, "layout %s row %d is %d wide, not %d", keyboard_layout_name(l), r, sum, width);
            }
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
    for (int l = 0; l < KB_LAYOUT_COUNT; l++) {
        keyboard_set_layout(&kb, (kb_layout_t)l);
        CHECK(kb.nkeys > 0);
        for (int i = 0; i < kb.nkeys; i++) {
            rect_t a = kb.keys[i].r;
            CHECK_MSG(a.w >= 48 && a.h >= 48, "%dx%d %s %s is %dx%d", w, h, keyboard_layout_name(l), kb.keys[i].id, a.w, a.h);
            CHECK_MSG(rect_inside(a, kb.area), "%dx%d %s %s outside", w, h, keyboard_layout_name(l), kb.keys[i].id);
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
                CHECK(strcmp(kb.keys[i].id, kb.keys[j].id) != 0);
            }
        }
        /* Gaps belong to no key. */
        rect_t a = kb.keys[0].r;
        CHECK_INT(keyboard_hit(&kb, a.x + a.w + kb.gap / 2, a.y + a.h / 2), -1);
    }
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
    CHECK_INT(kb.key_h, 48);
    CHECK_INT(kb.gap, 11);
    int q = keyboard_find(&kb, "kb.q"), p = keyboard_find(&kb, "kb.p");
    int a = keyboard_find(&kb, "kb.a");
    /* The home row is offset by half a key, as on a real keyboard. */
    CHECK_INT(kb.keys[a].r.x - kb.keys[q].r.x, (kb.unit_w + kb.gap) / 2);
    /* The top row is centred. */
    int left = kb.keys[q].r.x, right = 800 - (kb.keys[p].r.x + kb.keys[p].r.w);
    CHECK_MSG(left - right >= -1 && left - right <= 1, "margins %d and %d", left, right);
}

int main(void)
{
    RUN(test_tables_are_consistent);
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
    return test_summary();
}
