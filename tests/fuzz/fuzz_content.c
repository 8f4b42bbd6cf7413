/* A whole content folder through the real loader (content_load), then
 * what the kiosk does with it: every figure and date formatted in every
 * language, slide references looked up and, when the input has settings,
 * the slideshow deck laid out and every kiosk screen drawn once (measured
 * with the fake font of gfx_record, drawn into its recorder).
 *
 * The input stands for the folder: "@@file NAME" parts named event.ini,
 * report.md, timeline.csv, charts.ini, stats.csv, slides.ini, forms.ini,
 * theme.ini or strings/LANG.ini become those files (a file without a part
 * is missing). A part "@@file kiosk.ini" is the settings file: the deck and
 * the screens are made, at its [display] size with its other settings,
 * only for small inputs that have one, so most inputs stay fast. Other
 * parts and the text before the first marker are ignored. */
#include "common.h"
#include "config/config.h"
#include "content/content.h"
#include "core/diag.h"
#include "core/util.h"
#include "slideshow/deck.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

static bool content_name(const char *name)
{
    static const char *const names[] = {"event.ini",  "report.md",  "timeline.csv", "charts.ini",
                                        "stats.csv",  "slides.ini", "forms.ini",    "theme.ini"};
    for (size_t i = 0; i < AGM_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    size_t l = strlen(name);
    return strncmp(name, "strings/", 8) == 0 && l > 12 && strcmp(name + l - 4, ".ini") == 0 &&
           !strchr(name + 8, '/');
}

/* Laying out a deck fits every paragraph at many sizes (about a second
 * for the bundled content under the sanitizers), so it and the screens
 * are done for small folders only: inputs of at most this many bytes. */
#define DECK_MAX_INPUT 8192

static void use_content(const content_t *c, const config_t *cfg, bool deck)
{
    char buf[128];
    for (size_t l = 0; l < c->nlangs; l++) {
        const char *lang = c->langs[l].lang;
        for (size_t i = 0; i < c->nstats; i++)
            content_format_value(c, lang, &c->stats[i], buf, sizeof buf);
        for (size_t i = 0; i < c->ntimeline; i++) {
            const tl_event_t *e = &c->timeline[i];
            content_format_date(c, lang, "date.full", e->year, e->month, e->day, buf, sizeof buf);
            content_text(c, lang, e->category);
        }
        content_consent_text(c, lang);
    }
    for (size_t i = 0; i < c->nslides; i++)
        if (c->slides[i].ref) {
            content_section(c, c->slides[i].ref);
            content_chart(c, c->slides[i].ref);
        }
    for (size_t i = 0; i < c->nstats; i++)
        content_stat(c, c->stats[i].id);

    if (!deck)
        return;
    /* the size the settings give, within what a slideshow screen has */
    int w = AGM_MIN(cfg->width, 2560), h = AGM_MIN(cfg->height, 2560);
    gfx_t g = gfx_record_measurer(w, h);
    deck_t d;
    deck_build(&d, c, cfg, &g, w, h);
    if (d.nslides > 1) {
        deck_layout_t l;
        deck_relayout(&d, d.nslides / 2, &g, 320, 200, &l);
        deck_layout_free(&l);
    }
    deck_free(&d);

    /* every screen of the kiosk drawn once, as `agmkiosk render` does */
    content_t *cc = (content_t *)c;
    app_init_t init = {cfg, cc, NULL, NULL, APP_MODE_KIOSK, 1000, 0};
    app_t *a = app_create(&init);
    app_resize(a, w, h);
    gfx_record_t *rec = gfx_record_create(w, h);
    gfx_t rg = gfx_record_gfx(rec);
    for (size_t i = 0; i < app_screen_count(); i++) {
        if (!app_show_screen(a, app_screen_name(i)))
            continue;
        gfx_record_clear(rec);
        app_draw(a, &rg);
    }
    gfx_record_destroy(rec);
    app_destroy(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_clear();
    fuzz_part_t parts[FUZZ_MAX_PARTS];
    size_t n = fuzz_split(data, size, parts);
    config_t cfg;
    config_defaults(&cfg);
    cfg.width = 800;
    cfg.height = 480;
    diag_list_t d = {0};
    bool settings = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(parts[i].name, "kiosk.ini") == 0 && !settings) {
            settings = true;
            char *path = fuzz_write("kiosk.ini", parts[i].data, parts[i].len);
            config_load(&cfg, path, true, &d);
            free(path);
        } else if (content_name(parts[i].name)) {
            char *rel = xasprintf("content/%s", parts[i].name);
            free(fuzz_write(rel, parts[i].data, parts[i].len));
            free(rel);
        }
    }
    char *dir = path_join(fuzz_dir(), "content");
    mkdir_p(dir, 0700);
    content_t c;
    content_load(dir, &c, &d);
    use_content(&c, &cfg, settings && size <= DECK_MAX_INPUT);
    diag_print(&d, fuzz_null());
    diag_free(&d);
    content_free(&c);
    config_free(&cfg);
    free(dir);
    return 0;
}
