/* The presenter's state machine on a fake clock: navigation, go to slide N,
 * blackout and whiteout, pause, loop, auto-advance, transitions, touch,
 * reload with good and with broken content, and the slideshow screen
 * driven through the app. No SDL, no display. */
#include "test.h"
#include "testcontent.h"

#include "config/config.h"
#include "content/content.h"
#include "core/ini.h"
#include "core/util.h"
#include "slideshow/show.h"
#include "slideshow/slide_draw.h"
#include "slideshow/slideshow.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define W 1280
#define H 720

static char *bundled_dir(void)
{
    return test_repo_path("content");
}

/* Copy the files of src (one level of folders) into dst. */
static void copy_tree(const char *src, const char *dst)
{
    DIR *d = opendir(src);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *sp = path_join(src, e->d_name), *dp = path_join(dst, e->d_name);
        struct stat st;
        if (stat(sp, &st) == 0 && S_ISDIR(st.st_mode)) {
            mkdir_p(dp, 0755);
            copy_tree(sp, dp);
        } else {
            size_t n;
            char *text = file_read_all(sp, &n);
            if (text)
                free(test_write_file(dst, e->d_name, text));
            free(text);
        }
        free(sp);
        free(dp);
    }
    closedir(d);
}

/* A temporary copy of the bundled content. Returns the folder (static
 * lifetime, see test_tmpdir). */
static char *content_copy(void)
{
    const char *tmp = test_tmpdir();
    char *dst = path_join(tmp, "content");
    mkdir_p(dst, 0755);
    char *src = bundled_dir();
    copy_tree(src, dst);
    free(src);
    return dst;
}

static void append_file(const char *dir, const char *name, const char *text)
{
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "a");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

typedef struct {
    config_t cfg;
    content_t content;
    diag_list_t diags;
    gfx_record_t *rec;
    gfx_t g;
    show_t *s;
    char *dir;
    bool ok;
} fx_t;

/* Load dir (the bundled content when NULL) and make a show laid out at W x H. */
static void fx_open(fx_t *f, const char *dir, void (*tune)(config_t *))
{
    memset(f, 0, sizeof *f);
    config_defaults(&f->cfg);
    if (tune)
        tune(&f->cfg);
    f->dir = dir ? xstrdup(dir) : bundled_dir();
    f->ok = content_load(f->dir, &f->content, &f->diags);
    f->rec = gfx_record_create(W, H);
    f->g = gfx_record_gfx(f->rec);
    f->s = show_create(&f->cfg, &f->content, 1000);
    show_resize(f->s, W, H);
    show_layout(f->s, &f->g);
}

static void fx_close(fx_t *f)
{
    show_destroy(f->s);
    gfx_record_destroy(f->rec);
    content_free(&f->content);
    diag_free(&f->diags);
    config_free(&f->cfg);
    free(f->dir);
}

static ui_event_t key(int k, uint64_t t)
{
    ui_event_t e = {.type = UI_EV_KEY_DOWN, .time_ms = t, .key = k};
    return e;
}

static void press(show_t *s, int k, uint64_t t)
{
    ui_event_t e = key(k, t);
    show_event(s, &e);
}

static void tap(show_t *s, int x, int y, uint64_t t)
{
    ui_event_t d = {.type = UI_EV_POINTER_DOWN, .time_ms = t, .x = x, .y = y, .pointer = 1};
    ui_event_t u = d;
    u.type = UI_EV_POINTER_UP;
    u.time_ms = t + 80;
    show_event(s, &d);
    show_event(s, &u);
}

static void swipe(show_t *s, int x0, int x1, uint64_t t)
{
    ui_event_t d = {.type = UI_EV_POINTER_DOWN, .time_ms = t, .x = x0, .y = H / 2, .pointer = 1};
    ui_event_t m = d, u = d;
    m.type = UI_EV_POINTER_MOVE;
    m.x = (x0 + x1) / 2;
    m.time_ms = t + 50;
    u.type = UI_EV_POINTER_UP;
    u.x = x1;
    u.time_ms = t + 100;
    show_event(s, &d);
    show_event(s, &m);
    show_event(s, &u);
}

/* ---- navigation ----------------------------------------------------------- */

static void test_keys_navigate(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    CHECK(f.ok);
    size_t n = show_count(f.s);
    CHECK(n > 10);
    CHECK_INT(show_index(f.s), 0);
    static const int next_keys[] = {UI_KEY_RIGHT, UI_KEY_DOWN, UI_KEY_PAGEDOWN, UI_KEY_SPACE, UI_KEY_ENTER};
    for (size_t i = 0; i < AGM_ARRAY_LEN(next_keys); i++) {
        press(f.s, next_keys[i], 2000 + i);
        CHECK_INT(show_index(f.s), i + 1);
    }
    static const int prev_keys[] = {UI_KEY_LEFT, UI_KEY_UP, UI_KEY_PAGEUP, UI_KEY_BACKSPACE};
    for (size_t i = 0; i < AGM_ARRAY_LEN(prev_keys); i++) {
        press(f.s, prev_keys[i], 3000 + i);
        CHECK_INT(show_index(f.s), 4 - i);
    }
    press(f.s, UI_KEY_END, 4000);
    CHECK_INT(show_index(f.s), n - 1);
    press(f.s, UI_KEY_RIGHT, 4001); /* not looping: stays on the last */
    CHECK_INT(show_index(f.s), n - 1);
    CHECK(show_at_end(f.s));
    press(f.s, UI_KEY_HOME, 4002);
    CHECK_INT(show_index(f.s), 0);
    press(f.s, UI_KEY_LEFT, 4003); /* and on the first */
    CHECK_INT(show_index(f.s), 0);
    /* Shift+Space goes back */
    press(f.s, UI_KEY_RIGHT, 4004);
    ui_event_t e = key(UI_KEY_SPACE, 4005);
    e.mods = UI_MOD_SHIFT;
    show_event(f.s, &e);
    CHECK_INT(show_index(f.s), 0);
    /* Escape is not the show's: the app may leave */
    e = key(UI_KEY_ESCAPE, 4006);
    CHECK(!show_event(f.s, &e));
    fx_close(&f);
}

static void test_goto_digits(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    size_t n = show_count(f.s);
    press(f.s, '1', 2000);
    press(f.s, '2', 2100);
    CHECK_STR(show_digits(f.s), "12");
    CHECK_INT(show_index(f.s), 0); /* nothing moves before Enter */
    press(f.s, UI_KEY_ENTER, 2200);
    CHECK_INT(show_index(f.s), 11);
    CHECK_STR(show_digits(f.s), "");
    /* past the end: the last slide */
    press(f.s, '9', 3000);
    press(f.s, '9', 3001);
    press(f.s, '9', 3002);
    press(f.s, UI_KEY_ENTER, 3003);
    CHECK_INT(show_index(f.s), n - 1);
    /* 0 goes to the first */
    press(f.s, '0', 3100);
    press(f.s, UI_KEY_ENTER, 3101);
    CHECK_INT(show_index(f.s), 0);
    /* Backspace edits the number, Escape drops it */
    press(f.s, '3', 3200);
    press(f.s, '4', 3201);
    press(f.s, UI_KEY_BACKSPACE, 3202);
    CHECK_STR(show_digits(f.s), "3");
    press(f.s, UI_KEY_ESCAPE, 3203);
    CHECK_STR(show_digits(f.s), "");
    press(f.s, UI_KEY_ENTER, 3204); /* a plain Enter is next again */
    CHECK_INT(show_index(f.s), 1);
    /* digits time out */
    press(f.s, '5', 5000);
    CHECK(show_wait_ms(f.s, 5000) <= SHOW_DIGITS_MS);
    CHECK(show_update(f.s, 5000 + SHOW_DIGITS_MS));
    CHECK_STR(show_digits(f.s), "");
    press(f.s, UI_KEY_ENTER, 9500);
    CHECK_INT(show_index(f.s), 2);
    fx_close(&f);
}

static void test_blackout_whiteout(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    press(f.s, UI_KEY_RIGHT, 2000);
    press(f.s, 'b', 2100);
    CHECK_INT(show_blank(f.s), SHOW_BLANK_BLACK);
    press(f.s, UI_KEY_RIGHT, 2200); /* any key returns, and does only that */
    CHECK_INT(show_blank(f.s), SHOW_BLANK_NONE);
    CHECK_INT(show_index(f.s), 1);
    press(f.s, '.', 2300);
    CHECK_INT(show_blank(f.s), SHOW_BLANK_BLACK);
    press(f.s, 'x', 2400);
    CHECK_INT(show_blank(f.s), SHOW_BLANK_NONE);
    press(f.s, 'w', 2500);
    CHECK_INT(show_blank(f.s), SHOW_BLANK_WHITE);
    /* drawn as a plain white screen with no text */
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    CHECK(gfx_record_count(f.rec) >= 1);
    const rec_item_t *it = gfx_record_item(f.rec, 0);
    CHECK(it->kind == REC_FILL && it->color.r == 255 && it->color.g == 255 && it->r.w == W);
    for (size_t i = 0; i < gfx_record_count(f.rec); i++)
        CHECK(gfx_record_item(f.rec, i)->kind != REC_TEXT);
    /* a tap returns too, without moving on */
    tap(f.s, W - 10, H / 2, 2600);
    CHECK_INT(show_blank(f.s), SHOW_BLANK_NONE);
    CHECK_INT(show_index(f.s), 1);
    press(f.s, 'b', 2700);
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    it = gfx_record_item(f.rec, 0);
    CHECK(it->kind == REC_FILL && it->color.r == 0 && it->color.g == 0 && it->color.b == 0);
    fx_close(&f);
}

static void tune_auto(config_t *c)
{
    c->slide_interval_s = 10;
    c->transition = TRANSITION_NONE;
}

static void test_auto_advance_and_pause(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_auto);
    CHECK_INT(show_interval(f.s), 10);
    CHECK_INT(show_wait_ms(f.s, 1000), 10000);
    CHECK(!show_update(f.s, 10999));
    CHECK_INT(show_index(f.s), 0);
    CHECK(show_update(f.s, 11000));
    CHECK_INT(show_index(f.s), 1);
    /* a manual move restarts the interval */
    press(f.s, UI_KEY_RIGHT, 15000);
    CHECK_INT(show_index(f.s), 2);
    show_update(f.s, 24999);
    CHECK_INT(show_index(f.s), 2);
    show_update(f.s, 25000);
    CHECK_INT(show_index(f.s), 3);
    /* paused: nothing moves, and the loop may sleep */
    press(f.s, 'p', 26000);
    CHECK(show_paused(f.s));
    CHECK_INT(show_wait_ms(f.s, 26000), -1);
    show_update(f.s, 100000);
    CHECK_INT(show_index(f.s), 3);
    /* resumed: a full interval from now */
    press(f.s, 'p', 100000);
    CHECK(!show_paused(f.s));
    show_update(f.s, 109999);
    CHECK_INT(show_index(f.s), 3);
    show_update(f.s, 110000);
    CHECK_INT(show_index(f.s), 4);
    /* blacked out: held */
    press(f.s, 'b', 111000);
    show_update(f.s, 200000);
    CHECK_INT(show_index(f.s), 4);
    press(f.s, 'b', 200000); /* returns */
    show_update(f.s, 210000);
    CHECK_INT(show_index(f.s), 5);
    /* without loop it stops on the last slide */
    size_t n = show_count(f.s);
    press(f.s, UI_KEY_END, 300000);
    CHECK_INT(show_wait_ms(f.s, 300000), -1);
    show_update(f.s, 400000);
    CHECK_INT(show_index(f.s), n - 1);
    /* --interval overrides the setting */
    show_set_interval(f.s, 3);
    press(f.s, UI_KEY_HOME, 500000);
    show_update(f.s, 503000);
    CHECK_INT(show_index(f.s), 1);
    fx_close(&f);
}

static void tune_loop(config_t *c)
{
    c->slide_interval_s = 5;
    c->slide_loop = true;
    c->transition = TRANSITION_NONE;
}

static void test_loop(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_loop);
    size_t n = show_count(f.s);
    uint64_t t = 1000;
    for (size_t i = 1; i < n; i++) {
        t += 5000;
        show_update(f.s, t);
        CHECK_INT(show_index(f.s), i);
    }
    t += 5000;
    show_update(f.s, t); /* round again */
    CHECK_INT(show_index(f.s), 0);
    press(f.s, UI_KEY_LEFT, t + 1); /* and backwards over the start */
    CHECK_INT(show_index(f.s), n - 1);
    press(f.s, UI_KEY_RIGHT, t + 2);
    CHECK_INT(show_index(f.s), 0);
    fx_close(&f);
}

static void test_transition_progress(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL); /* defaults: fade, 300 ms */
    CHECK_INT(f.cfg.transition, TRANSITION_FADE);
    press(f.s, UI_KEY_RIGHT, 2000);
    show_transition_t tr = show_transition(f.s);
    CHECK(tr.active);
    CHECK_INT(tr.from, 0);
    CHECK_INT(tr.to, 1);
    CHECK_INT(tr.dir, 1);
    CHECK_INT(show_wait_ms(f.s, 2000), 0);
    show_update(f.s, 2075);
    float a = show_transition(f.s).t;
    show_update(f.s, 2150);
    float b = show_transition(f.s).t;
    show_update(f.s, 2225);
    float c = show_transition(f.s).t;
    /* eased: slow, fast, slow; half way at half time */
    CHECK(a > 0.0f && a < 0.25f);
    CHECK(b > 0.45f && b < 0.55f);
    CHECK(c > 0.75f && c < 1.0f);
    CHECK(b - a > a);
    /* both slides drawn, the new one fading in */
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    bool half = false;
    for (size_t i = 0; i < gfx_record_count(f.rec); i++)
        half |= gfx_record_item(f.rec, i)->opacity > 0.6f && gfx_record_item(f.rec, i)->opacity < 0.95f;
    CHECK(half);
    show_update(f.s, 2300);
    CHECK(!show_transition(f.s).active);
    CHECK_INT(show_wait_ms(f.s, 2300), -1);
    press(f.s, UI_KEY_LEFT, 3000);
    CHECK_INT(show_transition(f.s).dir, -1);
    fx_close(&f);
}

/* What two slides share (e.g. the heading of a slide and of its
 * continuation, or a source line) stays still through a fade: drawn once,
 * at full opacity, while the rest of the old slide fades out. */
static bool same_line(const deck_line_t *a, const deck_line_t *b)
{
    return a->x == b->x && a->y == b->y && a->font.px == b->font.px && a->font.weight == b->font.weight &&
           strcmp(a->text, b->text) == 0;
}

static void test_fade_keeps_shared_lines_still(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    const deck_t *d = show_deck(f.s);
    size_t pair = (size_t)-1, shared = 0, gone = 0;
    for (size_t i = 0; d && i + 1 < d->nslides && pair == (size_t)-1; i++) {
        const deck_layout_t *a = &d->slides[i].layout, *b = &d->slides[i + 1].layout;
        bool any_shared = false, any_gone = false;
        for (size_t k = 0; k < a->nlines; k++) {
            bool in_b = false;
            for (size_t m = 0; m < b->nlines && !in_b; m++)
                in_b = same_line(&a->lines[k], &b->lines[m]);
            if (in_b && !any_shared) {
                any_shared = true;
                shared = k;
            }
            if (!in_b && !any_gone) {
                any_gone = true;
                gone = k;
            }
        }
        if (any_shared && any_gone)
            pair = i;
    }
    CHECK_MSG(pair != (size_t)-1, "no two slides in a row share a line in the bundled deck");
    if (pair != (size_t)-1) {
        uint64_t t = 2000;
        for (size_t i = 0; i < pair; i++, t += 1000)
            press(f.s, UI_KEY_RIGHT, t);
        show_update(f.s, t);
        CHECK_INT(show_index(f.s), pair);
        press(f.s, UI_KEY_RIGHT, t + 1000);
        show_update(f.s, t + 1150); /* half way */
        gfx_record_clear(f.rec);
        slide_draw_show(&f.g, f.s);
        const char *keep = d->slides[pair].layout.lines[shared].text;
        const char *old = d->slides[pair].layout.lines[gone].text;
        int n_keep = 0, n_old = 0;
        for (size_t i = 0; i < gfx_record_count(f.rec); i++) {
            const rec_item_t *it = gfx_record_item(f.rec, i);
            if (it->kind != REC_TEXT)
                continue;
            if (strcmp(it->text, keep) == 0) {
                n_keep++;
                CHECK_MSG(it->opacity > 0.99f, "\"%s\" at opacity %.2f", keep, it->opacity);
            }
            if (strcmp(it->text, old) == 0 && strcmp(old, keep) != 0) {
                n_old++;
                CHECK_MSG(it->opacity > 0.2f && it->opacity < 0.8f, "\"%s\" at opacity %.2f", old, it->opacity);
            }
        }
        CHECK_INT(n_keep, 1);
        CHECK(n_old >= 1);
    }
    fx_close(&f);
}

static void tune_slide_tr(config_t *c) { c->transition = TRANSITION_SLIDE; }

static void test_slide_transition_draws_inside(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_slide_tr);
    press(f.s, UI_KEY_RIGHT, 2000);
    show_update(f.s, 2150);
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    /* the old slide moves out to the left, the new one comes in: every item
     * is clipped to the screen */
    bool left = false, right = false;
    for (size_t i = 0; i < gfx_record_count(f.rec); i++) {
        const rec_item_t *it = gfx_record_item(f.rec, i);
        CHECK(rect_inside(it->clip, (rect_t){0, 0, W, H}));
        if (it->kind == REC_FILL && it->r.w == W && it->r.h == H) {
            left |= it->r.x < 0;
            right |= it->r.x > 0;
        }
    }
    CHECK(left && right);
    CHECK_INT(gfx_record_clip_depth(f.rec), 0);
    fx_close(&f);
}

static void test_touch(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    tap(f.s, W - 20, H / 2, 2000); /* right third */
    CHECK_INT(show_index(f.s), 1);
    tap(f.s, W / 2, H / 2, 3000); /* middle: nothing */
    CHECK_INT(show_index(f.s), 1);
    tap(f.s, 20, H / 2, 4000); /* left third */
    CHECK_INT(show_index(f.s), 0);
    swipe(f.s, W * 3 / 4, W / 4, 5000); /* swipe left = next */
    CHECK_INT(show_index(f.s), 1);
    swipe(f.s, W / 4, W * 3 / 4, 6000); /* swipe right = previous */
    CHECK_INT(show_index(f.s), 0);
    /* a short drag is neither a tap nor a swipe */
    swipe(f.s, W * 3 / 4, W * 3 / 4 - 70, 7000);
    CHECK_INT(show_index(f.s), 0);
    fx_close(&f);
}

static void test_fullscreen_request(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    CHECK(!show_take_fullscreen_request(f.s));
    press(f.s, 'f', 2000);
    CHECK(show_take_fullscreen_request(f.s));
    CHECK(!show_take_fullscreen_request(f.s)); /* once */
    press(f.s, UI_KEY_F11, 2100);
    CHECK(show_take_fullscreen_request(f.s));
    fx_close(&f);
}

/* ---- reload ----------------------------------------------------------------- */

static void test_reload_good(void)
{
    char *dir = content_copy();
    fx_t f;
    fx_open(&f, dir, NULL);
    CHECK(f.ok);
    press(f.s, '5', 2000);
    press(f.s, UI_KEY_ENTER, 2001);
    CHECK_INT(show_index(f.s), 4);
    /* the organizer edits the event title (keeping its figures, which the
     * translations must state too) */
    char *ev = path_join(dir, "event.ini");
    size_t n;
    char *text = file_read_all(ev, &n);
    CHECK(text != NULL);
    char *p = strstr(text, "title = ");
    CHECK(p != NULL);
    strbuf_t sb = {0};
    sb_appendn(&sb, text, (size_t)(p - text));
    sb_append(&sb, "title = Edited 15th Meeting Title\n");
    sb_append(&sb, strchr(p, '\n') + 1);
    free(test_write_file(dir, "event.ini", sb.s));
    sb_free(&sb);
    free(text);
    free(ev);
    press(f.s, 'r', 3000);
    CHECK(show_errors(f.s) == NULL);
    show_layout(f.s, &f.g);
    CHECK_INT(show_index(f.s), 4); /* the position stays */
    const deck_t *d = show_deck(f.s);
    CHECK(d != NULL);
    CHECK_STR(d->slides[0].items[0].text, "Edited 15th Meeting Title");
    CHECK(show_content(f.s) != &f.content);
    /* a reload that shortens the deck clamps the position */
    free(test_write_file(dir, "slides.ini", "[slide]\nshow = title\n\n[slide]\nshow = closing\n"));
    press(f.s, UI_KEY_END, 3500);
    CHECK(show_reload(f.s, 4000));
    show_layout(f.s, &f.g);
    CHECK_INT(show_count(f.s), 2);
    CHECK_INT(show_index(f.s), 1);
    fx_close(&f);
    free(dir);
}

static void test_reload_broken_keeps_deck(void)
{
    char *dir = content_copy();
    fx_t f;
    fx_open(&f, dir, NULL);
    CHECK(f.ok);
    size_t n = show_count(f.s);
    press(f.s, UI_KEY_RIGHT, 2000);
    press(f.s, UI_KEY_RIGHT, 2001);
    const deck_t *before = show_deck(f.s);
    char *title = xstrdup(before->slides[0].items[0].text);
    append_file(dir, "stats.csv", "broken-row,defectors,2013,not-a-number,defectors,exact,Nowhere,\n");
    press(f.s, 'r', 3000);
    const diag_list_t *errs = show_errors(f.s);
    CHECK(errs != NULL);
    CHECK(errs->n >= 1);
    CHECK_CONTAINS(errs->v[0].file, "stats.csv");
    CHECK(errs->v[0].line > 1);
    /* the old deck stays, where it was */
    show_layout(f.s, &f.g);
    CHECK_INT(show_count(f.s), n);
    CHECK_INT(show_index(f.s), 2);
    CHECK_STR(show_deck(f.s)->slides[0].items[0].text, title);
    CHECK(show_content(f.s) == &f.content);
    /* the banner names the problem on screen */
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    CHECK(gfx_record_find_text(f.rec, "Content not reloaded") != NULL);
    CHECK(gfx_record_find_text(f.rec, "stats.csv:") != NULL);
    /* for a few seconds */
    CHECK(show_wait_ms(f.s, 3000) <= SHOW_ERROR_MS);
    CHECK(show_update(f.s, 3000 + SHOW_ERROR_MS));
    CHECK(show_errors(f.s) == NULL);
    gfx_record_clear(f.rec);
    slide_draw_show(&f.g, f.s);
    CHECK(gfx_record_find_text(f.rec, "Content not reloaded") == NULL);
    /* navigation still works on the old deck */
    press(f.s, UI_KEY_RIGHT, 20000);
    CHECK_INT(show_index(f.s), 3);
    /* a missing file is an error too */
    char *slides = path_join(dir, "report.md");
    CHECK(remove(slides) == 0);
    free(slides);
    CHECK(!show_reload(f.s, 21000));
    CHECK(show_errors(f.s) != NULL);
    free(title);
    fx_close(&f);
    free(dir);
}

/* A resize rebuilds the deck and keeps the same part of the same entry. */
static void test_resize_keeps_place(void)
{
    fx_t f;
    fx_open(&f, NULL, NULL);
    size_t n = show_count(f.s);
    /* some slide in the middle that is not split */
    const deck_t *d = show_deck(f.s);
    size_t target = 0;
    for (size_t i = n / 2; i < n; i++)
        if (d->slides[i].nparts == 1) {
            target = i;
            break;
        }
    size_t spec = d->slides[target].spec;
    show_goto(f.s, target, 2000);
    gfx_record_t *rec = gfx_record_create(720, 1280);
    gfx_t g = gfx_record_gfx(rec);
    show_resize(f.s, 720, 1280);
    show_layout(f.s, &g);
    d = show_deck(f.s);
    CHECK_INT(d->w, 720);
    CHECK_INT(d->slides[show_index(f.s)].spec, spec);
    gfx_record_destroy(rec);
    fx_close(&f);
}

/* ---- long speaker notes in the presenter view ------------------------------- */

/* Notes of n words "k0001 k0002 ...", with a full stop now and then. */
static char *long_notes(int n)
{
    strbuf_t b = {0};
    for (int i = 1; i <= n; i++)
        sb_printf(&b, "%sk%04d%s", i > 1 ? " " : "", i, i % 9 ? "" : ".");
    return sb_steal(&b);
}

static bool inside(rect_t in, rect_t box)
{
    return in.x >= box.x && in.y >= box.y && in.x + in.w <= box.x + box.w && in.y + in.h <= box.y + box.h;
}

typedef struct {
    int lines;         /* notes lines drawn */
    bool all;          /* every character of the notes drawn */
    bool marker;       /* SLIDE_NOTES_CONTINUED drawn */
    int px;            /* their size */
} notes_seen_t;

/* What the presenter view drew of notes: every line of them (a line is a
 * piece of the notes) and the marker must lie inside the notes box and its
 * clip, in order, from the first word on, at SLIDE_NOTES_MIN_PX or more. */
static bool check_notes(const gfx_record_t *rec, const char *notes, rect_t box, notes_seen_t *seen)
{
    memset(seen, 0, sizeof *seen);
    size_t at = 0, len = strlen(notes);
    int last_y = -1;
    for (size_t k = 0; k < gfx_record_count(rec); k++) {
        const rec_item_t *it = gfx_record_item(rec, k);
        if (it->kind != REC_TEXT)
            continue;
        bool is_marker = strstr(it->text, "continued (the notes") != NULL;
        if (!is_marker && (!*it->text || !strstr(notes, it->text)))
            continue; /* not the notes */
        if (!inside(it->r, box) || !inside(it->clip, box)) {
            fprintf(stderr, "  '%s' at %d,%d %dx%d (clip %d,%d %dx%d) outside the notes box %d,%d %dx%d\n", it->text,
                    it->r.x, it->r.y, it->r.w, it->r.h, it->clip.x, it->clip.y, it->clip.w, it->clip.h, box.x, box.y,
                    box.w, box.h);
            return false;
        }
        if (it->font.px < SLIDE_NOTES_MIN_PX || it->r.y <= last_y) {
            fprintf(stderr, "  '%s': %d px at y %d (after %d)\n", it->text, it->font.px, it->r.y, last_y);
            return false;
        }
        last_y = it->r.y;
        if (is_marker) {
            seen->marker = true;
            continue;
        }
        if (seen->marker) {
            fprintf(stderr, "  notes after the marker: %s\n", it->text);
            return false;
        }
        /* the next piece of the notes, nothing skipped */
        while (at < len && notes[at] == ' ')
            at++;
        size_t n = strlen(it->text);
        if (strncmp(notes + at, it->text, n) != 0) {
            fprintf(stderr, "  line '%s' is not what follows in the notes: '%.40s'\n", it->text, notes + at);
            return false;
        }
        at += n;
        seen->lines++;
        seen->px = it->font.px;
    }
    seen->all = at == len;
    return true;
}

/* Long notes shrink to fit their box, down to a readable floor; notes too
 * long even then show what fits and say they go on. Never outside the
 * box, never lost without a word; short notes keep their size. */
static void test_presenter_long_notes(void)
{
    config_t cfg;
    config_defaults(&cfg);
    char *dir = bundled_dir();
    content_t c;
    diag_list_t dl = {0};
    CHECK(content_load(dir, &c, &dl));
    /* notes of four lengths on the title, two sections and the closing slide
     * (words no slide has, so that the notes' lines are told from the rest) */
    CHECK(c.nslides > 5);
    size_t s_short = 0, s_mid = 2, s_huge = 4, s_ja = c.nslides - 1;
    char *shrt = long_notes(8), *mid = long_notes(110), *huge = long_notes(1500);
    strbuf_t ja = {0};
    for (int i = 1; i <= 60; i++)
        sb_printf(&ja, "項目%d：本日はお集まりいただきありがとうございます。", i);
    const char *want[4] = {shrt, mid, huge, ja.s};
    size_t specs[4] = {s_short, s_mid, s_huge, s_ja};
    for (int k = 0; k < 4; k++) {
        free(c.slides[specs[k]].notes);
        c.slides[specs[k]].notes = xstrdup(want[k]);
    }
    show_t *sh = show_create(&cfg, &c, 1000);
    static const int sizes[][2] = {{1920, 1080}, {1280, 800}, {800, 480}, {1080, 1920}, {640, 360}};
    for (size_t z = 0; z < AGM_ARRAY_LEN(sizes); z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        show_resize(sh, w, h);
        show_layout(sh, &g);
        slide_presenter_t pv = {0};
        notes_seen_t seen[4];
        for (int k = 0; k < 4; k++) {
            size_t i = deck_find(show_deck(sh), specs[k], 0);
            CHECK_INT(show_deck(sh)->slides[i].spec, specs[k]);
            show_goto(sh, i, 2000);
            gfx_record_clear(rec);
            slide_draw_presenter(&g, sh, &pv, 2000);
            CHECK_INT(gfx_record_clip_depth(rec), 0);
            CHECK(pv.notes_box.w > 0 && pv.notes_box.h > 0);
            CHECK_MSG(check_notes(rec, want[k], pv.notes_box, &seen[k]), "%dx%d, notes %d", w, h, k);
            /* not silently lost: everything, or the marker */
            CHECK_MSG(seen[k].all || seen[k].marker, "%dx%d, notes %d: %d lines, no marker", w, h, k, seen[k].lines);
        }
        /* the short notes: whole, at the full size; the medium ones smaller but whole
         * on a wide view; the huge ones cut with the marker after as many lines as fit */
        CHECK_MSG(seen[0].all && !seen[0].marker, "%dx%d", w, h);
        CHECK_MSG(seen[2].marker && !seen[2].all && seen[2].lines > 0, "%dx%d: %d lines", w, h, seen[2].lines);
        CHECK_MSG(seen[2].px <= seen[0].px, "%dx%d", w, h);
        if (w >= 1280 && h >= 800) {
            CHECK_MSG(seen[1].all && !seen[1].marker, "%dx%d: medium notes cut", w, h);
            CHECK_MSG(seen[1].px < seen[0].px, "%dx%d: %d px, not smaller than %d", w, h, seen[1].px, seen[0].px);
            CHECK_MSG(seen[2].lines >= 8, "%dx%d: only %d lines of the long notes", w, h, seen[2].lines);
        }
        slide_presenter_free(&pv);
        gfx_record_destroy(rec);
    }
    show_destroy(sh);
    free(shrt);
    free(mid);
    free(huge);
    sb_free(&ja);
    content_free(&c);
    diag_free(&dl);
    config_free(&cfg);
    free(dir);
}

/* ---- the screen in the app ---------------------------------------------------- */

static void test_app_slideshow_screen(void)
{
    config_t cfg;
    config_defaults(&cfg);
    cfg.transition = TRANSITION_NONE;
    char *dir = bundled_dir();
    content_t c;
    diag_list_t dl = {0};
    CHECK(content_load(dir, &c, &dl));
    app_init_t init = {.cfg = &cfg, .content = &c, .mode = APP_MODE_SLIDESHOW, .now_ms = 1000};
    app_t *a = app_create(&init);
    app_resize(a, W, H);
    CHECK_STR(app_current_screen(a), "slideshow");
    gfx_record_t *rec = gfx_record_create(W, H);
    gfx_t g = gfx_record_gfx(rec);
    size_t n = slideshow_render_count(a, &g);
    CHECK(n > 10);
    app_draw(a, &g);
    CHECK(gfx_record_find_text(rec, "LFNKR") != NULL);
    /* clicker keys through the app */
    ui_event_t e = key(UI_KEY_PAGEDOWN, 2000);
    app_event(a, &e);
    app_update(a, 2000);
    CHECK_INT(show_index(slideshow_show(a)), 1);
    e.type = UI_EV_KEY_UP;
    app_event(a, &e);
    /* a tap on the right third */
    ui_event_t d = {.type = UI_EV_POINTER_DOWN, .time_ms = 3000, .x = W - 30, .y = H / 2, .pointer = 1};
    app_event(a, &d);
    d.type = UI_EV_POINTER_UP;
    d.time_ms = 3050;
    app_event(a, &d);
    app_update(a, 3100);
    CHECK_INT(show_index(slideshow_show(a)), 2);
    /* render every slide */
    for (size_t i = 0; i < n; i++) {
        CHECK(slideshow_render_select(a, i));
        gfx_record_clear(rec);
        app_draw(a, &g);
        size_t texts = 0;
        for (size_t k = 0; k < gfx_record_count(rec); k++)
            texts += gfx_record_item(rec, k)->kind == REC_TEXT;
        CHECK_MSG(texts > 0, "slide %zu", i + 1);
    }
    CHECK(!slideshow_render_select(a, n));
    /* the presenter view */
    gfx_record_t *prec = gfx_record_create(1280, 800);
    gfx_t pg = gfx_record_gfx(prec);
    slideshow_render_select(a, 0);
    slideshow_draw_presenter(a, &pg);
    char buf[64];
    snprintf(buf, sizeof buf, "Slide 1 / %zu", n);
    CHECK(gfx_record_find_text(prec, buf) != NULL);
    CHECK(gfx_record_find_text(prec, "Welcome everyone") != NULL); /* the notes */
    CHECK(gfx_record_find_text(prec, "00:00:0") != NULL);
    CHECK_INT(gfx_record_clip_depth(prec), 0);
    gfx_record_destroy(prec);
    /* F asks for fullscreen */
    e = key('f', 4000);
    app_event(a, &e);
    CHECK(slideshow_take_fullscreen_request(a));
    gfx_record_destroy(rec);
    app_destroy(a);
    content_free(&c);
    diag_free(&dl);
    config_free(&cfg);
    free(dir);
}


/* ---- the presenter's clock ---------------------------------------------------- */

static void test_clock_parsing(void)
{
    int v = -5;
    CHECK(ini_parse_duration("45m", &v) && v == 2700);
    CHECK(ini_parse_duration("1h30m", &v) && v == 5400);
    CHECK(ini_parse_duration("1h 5m 30s", &v) && v == 3930);
    CHECK(ini_parse_duration("90s", &v) && v == 90);
    CHECK(ini_parse_duration("0", &v) && v == 0);
    CHECK(!ini_parse_duration("45", &v));     /* minutes or seconds? say which */
    CHECK(!ini_parse_duration("5m1h", &v));   /* out of order */
    CHECK(!ini_parse_duration("m", &v));
    CHECK(!ini_parse_duration("25h", &v));
    CHECK(!ini_parse_duration("", &v));
    CHECK(ini_parse_time_of_day("15:30", &v) && v == 930);
    CHECK(ini_parse_time_of_day("9:05", &v) && v == 545);
    CHECK(ini_parse_time_of_day("", &v) && v == -1);
    CHECK(!ini_parse_time_of_day("24:00", &v));
    CHECK(!ini_parse_time_of_day("15:3", &v));
    CHECK(!ini_parse_time_of_day("3pm", &v));
    char out[32];
    show_clock_format(65000, out, sizeof out);
    CHECK_STR(out, "1:05");
    show_clock_format(1, out, sizeof out);
    CHECK_STR(out, "0:01");
    show_clock_format(-42000, out, sizeof out);
    CHECK_STR(out, "+0:42");
    show_clock_format(3723000, out, sizeof out);
    CHECK_STR(out, "1:02:03");

    /* kiosk.ini: bad values are named with file and line */
    char *ini = test_write_file(test_tmpdir(), "clock.ini", "[slideshow]\nduration = 45m\nend_time = 25:00\n"
                                                             "speaking_time = 2\n");
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    CHECK(!config_load(&cfg, ini, true, &d));
    CHECK_INT(cfg.talk_duration_s, 2700);
    CHECK_INT(d.n, 2);
    CHECK(d.n == 2 && d.v[0].line == 3 && strstr(d.v[0].msg, "HH:MM"));
    CHECK(d.n == 2 && d.v[1].line == 4 && strstr(d.v[1].msg, "45m"));
    diag_free(&d);
    config_free(&cfg);
    free(ini);
}

static void tune_clock(config_t *c)
{
    c->talk_duration_s = 600;
    c->speaking_s = 120;
}

static void test_clock_duration_levels(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_clock);
    uint64_t t0 = 1000; /* the show's start */
    show_clock_t c = show_clock(f.s, t0 + 4 * 60000);
    CHECK(c.target && c.end_min == -1);
    CHECK_INT(c.left_ms, 6 * 60000);
    CHECK_INT(c.level, SHOW_CLOCK_NORMAL);
    c = show_clock(f.s, t0 + 5 * 60000 + 30000);
    CHECK_INT(c.level, SHOW_CLOCK_AMBER);
    c = show_clock(f.s, t0 + 9 * 60000 + 30000);
    CHECK_INT(c.level, SHOW_CLOCK_RED);
    c = show_clock(f.s, t0 + 11 * 60000);
    CHECK_INT(c.left_ms, -60000);
    CHECK_INT(c.level, SHOW_CLOCK_RED);
    /* the speaking time runs only while a question is up */
    CHECK(!c.speaking);
    show_speaking_start(f.s, t0 + 60000);
    c = show_clock(f.s, t0 + 120000);
    CHECK(c.speaking && c.speak_left_ms == 60000 && c.speak_level == SHOW_CLOCK_NORMAL);
    c = show_clock(f.s, t0 + 60000 + 100000);
    CHECK_INT(c.speak_level, SHOW_CLOCK_AMBER);
    c = show_clock(f.s, t0 + 60000 + 130000);
    CHECK(c.speak_left_ms == -10000 && c.speak_level == SHOW_CLOCK_RED);
    show_speaking_start(f.s, t0 + 200000); /* the next question: from the start again */
    c = show_clock(f.s, t0 + 200000);
    CHECK_INT(c.speak_left_ms, 120000);
    show_speaking_stop(f.s);
    CHECK(!show_clock(f.s, t0 + 210000).speaking);

    /* slides.ini [timing] comes before kiosk.ini */
    f.content.timing = (timing_t){.duration_s = 1800, .end_min = -1, .speaking_s = 0};
    c = show_clock(f.s, t0 + 60000);
    CHECK_INT(c.left_ms, 29 * 60000);
    show_speaking_start(f.s, t0);
    CHECK(!show_clock(f.s, t0 + 1000).speaking); /* speaking_time = 0 there: off */
    fx_close(&f);
}

static void tune_end(config_t *c)
{
    c->talk_end_min = 15 * 60 + 30;
    c->talk_duration_s = 3600; /* end_time comes first */
    config_set(&c->time_zone, "Asia/Tokyo");
}

static void test_clock_end_time(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_end);
    /* no wall clock: an end time cannot be told */
    CHECK(!show_clock(f.s, 2000).target);
    /* 2012-10-08 06:00 UTC is 15:00 in Tokyo */
    int64_t wall = 1349676000000LL;
    show_set_wall_clock(f.s, 2000, wall);
    show_clock_t c = show_clock(f.s, 2000);
    CHECK(c.target);
    CHECK_INT(c.end_min, 930);
    CHECK_INT(c.left_ms, 30 * 60000);
    CHECK_INT(show_clock(f.s, 2000 + 26 * 60000).level, SHOW_CLOCK_AMBER);
    c = show_clock(f.s, 2000 + 32 * 60000);
    CHECK(c.left_ms == -2 * 60000 && c.level == SHOW_CLOCK_RED);
    /* past midnight: 00:30 seen at 23:50 is 40 minutes ahead */
    f.cfg.talk_end_min = 30;
    show_set_wall_clock(f.s, 2000, 1349704200000LL); /* 2012-10-08 13:50 UTC = 22:50 JST */
    c = show_clock(f.s, 2000 + 60 * 60000);
    CHECK_INT(c.left_ms, 40 * 60000);
    fx_close(&f);
}

/* slides.ini [timing]: read, and bad values named with file and line. */
static void test_clock_slides_ini(void)
{
    char *src = bundled_dir();
    char *dir = path_join(test_tmpdir(), "content-timing");
    mkdir_p(dir, 0755);
    copy_tree(src, dir);
    append_file(dir, "slides.ini", "\n[timing]\nduration = 50m\nspeaking_time = 90s\n");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK_INT(c.timing.duration_s, 3000);
    CHECK_INT(c.timing.speaking_s, 90);
    CHECK_INT(c.timing.end_min, -1);
    content_free(&c);
    diag_free(&d);
    append_file(dir, "slides.ini", "end_time = 7pm\nlength = 3m\n");
    CHECK(!content_load(dir, &c, &d));
    bool end_named = false, unknown_named = false;
    for (size_t i = 0; i < d.n; i++) {
        if (strstr(d.v[i].file, "slides.ini") && d.v[i].line > 0 && strstr(d.v[i].msg, "end_time"))
            end_named = true;
        if (strstr(d.v[i].file, "slides.ini") && strstr(d.v[i].msg, "'length'"))
            unknown_named = true;
    }
    CHECK(end_named && unknown_named);
    content_free(&c);
    diag_free(&d);
    free(dir);
    free(src);
}

/* The presenter view: time left on an amber, then red band; the speaking
 * time beside it on the Q&A slide; at four sizes nothing leaves the view. */
static void test_clock_presenter_view(void)
{
    fx_t f;
    fx_open(&f, NULL, tune_clock);
    const deck_t *d = show_deck(f.s);
    size_t qa = d->nslides;
    for (size_t i = 0; i < d->nslides; i++)
        if (d->slides[i].kind == SLIDE_QUESTIONS)
            qa = i;
    CHECK(qa < d->nslides);
    static const int sizes[4][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {720, 1280}};
    static const struct { uint64_t at; show_clock_level_t level; } when[3] = {
        {1000 + 60000, SHOW_CLOCK_NORMAL}, {1000 + 6 * 60000, SHOW_CLOCK_AMBER}, {1000 + 11 * 60000, SHOW_CLOCK_RED}};
    for (int z = 0; z < 4; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        gfx_record_t *rec = gfx_record_create(w, h);
        gfx_t g = gfx_record_gfx(rec);
        slide_presenter_t pv = {0};
        show_goto(f.s, qa, 1000);
        show_speaking_start(f.s, 1000);
        for (int k = 0; k < 3; k++) {
            gfx_record_clear(rec);
            slide_draw_presenter(&g, f.s, &pv, when[k].at);
            CHECK_MSG(pv.clock_y[0] >= 0 && pv.clock_level[0] == when[k].level, "%dx%d at %d", w, h, k);
            CHECK(pv.clock_y[1] >= 0);
            bool band = false;
            char left[32];
            show_clock_format(show_clock(f.s, when[k].at).left_ms, left, sizeof left);
            const rec_item_t *txt = gfx_record_find_text(rec, left);
            CHECK_MSG(txt != NULL, "%dx%d: '%s' not drawn", w, h, left);
            for (size_t i = 0; i < gfx_record_count(rec); i++) {
                const rec_item_t *it = gfx_record_item(rec, i);
                if (it->kind == REC_FILL && txt && it->r.y <= txt->r.y && it->r.y + it->r.h >= txt->r.y + txt->r.h &&
                    it->r.x <= txt->r.x) {
                    bool red = it->color.r > 200 && it->color.g < 80;
                    bool amber = it->color.r > 200 && it->color.g > 150 && it->color.b < 80;
                    band |= (when[k].level == SHOW_CLOCK_RED && red) || (when[k].level == SHOW_CLOCK_AMBER && amber);
                }
                if (it->kind == REC_TEXT)
                    CHECK_MSG(it->clip.w > 0 && it->r.x >= 0 && it->r.x < w && it->r.y >= 0 && it->r.y < h,
                              "%dx%d: '%s' outside", w, h, it->text);
            }
            CHECK_MSG(band == (when[k].level != SHOW_CLOCK_NORMAL), "%dx%d level %d: band %d", w, h, k, band);
            /* the figure is big and not cut by the info box */
            CHECK(txt && txt->r.x + txt->r.w <= txt->clip.x + txt->clip.w && txt->r.y + txt->r.h <= txt->clip.y + txt->clip.h);
        }
        CHECK(gfx_record_find_text(rec, "Time left") || gfx_record_find_text(rec, "Over time"));
        CHECK(gfx_record_find_text(rec, "Speaking time") != NULL);
        show_speaking_stop(f.s);
        gfx_record_clear(rec);
        slide_draw_presenter(&g, f.s, &pv, 2000);
        CHECK(pv.clock_y[1] == -1 && gfx_record_find_text(rec, "Speaking time") == NULL);
        slide_presenter_free(&pv);
        gfx_record_destroy(rec);
    }
    fx_close(&f);
}

int main(void)
{
    RUN(test_clock_parsing);
    RUN(test_clock_duration_levels);
    RUN(test_clock_end_time);
    RUN(test_clock_slides_ini);
    RUN(test_clock_presenter_view);
    RUN(test_keys_navigate);
    RUN(test_goto_digits);
    RUN(test_blackout_whiteout);
    RUN(test_auto_advance_and_pause);
    RUN(test_loop);
    RUN(test_transition_progress);
    RUN(test_fade_keeps_shared_lines_still);
    RUN(test_slide_transition_draws_inside);
    RUN(test_touch);
    RUN(test_fullscreen_request);
    RUN(test_reload_good);
    RUN(test_reload_broken_keeps_deck);
    RUN(test_resize_keeps_place);
    RUN(test_presenter_long_notes);
    RUN(test_app_slideshow_screen);
    return test_summary();
}
