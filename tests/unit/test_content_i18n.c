/* The content in several languages: the figures a text states, loading
 * translations (report.LANG.md, TEXT.LANG columns, KEY.LANG keys), the
 * views content_in() gives with the English item by item where a
 * translation is missing, what check reports (missing translations as
 * warnings, differing figures as errors, both with file and line), the
 * slideshow's language, and a tap on the attract loop's Japanese line. */
#include "test.h"
#include "testcontent.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "slideshow/show.h"
#include "ui/app.h"
#include "ui/gfx_record.h"

#include <stdlib.h>
#include <string.h>

/* ---- the figures of a text ----------------------------------------------- */

static bool numbers_are(const char *text, const double *want, size_t n)
{
    double got[32];
    size_t k = content_text_numbers(text, got, 32);
    bool ok = k == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = got[i] == want[i];
    if (!ok) {
        fprintf(stderr, "  \"%s\": got", text);
        for (size_t i = 0; i < k && i < 32; i++)
            fprintf(stderr, " %g", got[i]);
        fprintf(stderr, "\n");
    }
    return ok;
}

static void test_numbers(void)
{
    CHECK(numbers_are("In 2011 alone, 2,737 defectors", (double[]){2011, 2737}, 2));
    CHECK(numbers_are("2011年だけで２，７３７人", (double[]){2011, 2737}, 2));
    CHECK(numbers_are("more than 1,300 and 0.5", (double[]){1300, 0.5}, 2));
    CHECK(numbers_are("約1万人、2.5万件、3億", (double[]){10000, 25000, 3e8}, 3));
    CHECK(numbers_are("1만 명", (double[]){10000}, 1));
    /* a comma before a space is no thousands separator */
    CHECK(numbers_are("June 29, 2012", (double[]){6, 29, 2012}, 3));
    CHECK(numbers_are("2012年6月29日", (double[]){2012, 6, 29}, 3));
    CHECK(numbers_are("Sept. 7~8", (double[]){9, 7, 8}, 3));
    CHECK(numbers_are("10/8/2012", (double[]){10, 8, 2012}, 3));
    CHECK(numbers_are("five defectors and twenty children, twice", (double[]){5, 20, 2}, 3));
    CHECK(numbers_are("the second term", (double[]){2}, 1));
    /* "one", "first" and kanji numerals are not compared */
    CHECK(numbers_are("One of the first, 一人", NULL, 0));
    /* "May" and "March" are months only beside a number */
    CHECK(numbers_are("they may march; May 4; March 2012", (double[]){5, 4, 3, 2012}, 4));
    CHECK(numbers_are("which starts in September", (double[]){9}, 1));
    CHECK(numbers_are("Dragon 0201, 5-1, 60hrs.", (double[]){201, 5, 1, 60}, 4));
    CHECK(numbers_are("Mayor Junes", NULL, 0));
    /* the longest and shortest number words, any case; near misses are none */
    CHECK(numbers_are("SEVENTEENTH, Twelfth, six, Dec.", (double[]){17, 12, 6, 12}, 4));
    CHECK(numbers_are("seventeenths sixes tens tenths Decs Jan", NULL, 0));
    CHECK(numbers_are("X two, Zebra three", (double[]){2, 3}, 2));
}

/* ---- a copy of the bundled content to change ----------------------------- */

static const char *copy_bundled(void)
{
    const char *dir = test_tmpdir();
    char *src = test_repo_path("content");
    char *cmd = xasprintf("cp -r '%s'/. '%s'", src, dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  %s failed\n", cmd);
    free(cmd);
    free(src);
    return dir;
}

static char *read_in(const char *dir, const char *name)
{
    char *p = path_join(dir, name);
    char *t = file_read_all(p, NULL);
    free(p);
    return t;
}

/* Replace the first from in DIR/name by to. */
static void edit(const char *dir, const char *name, const char *from, const char *to)
{
    char *t = read_in(dir, name);
    CHECK(t != NULL);
    char *at = t ? strstr(t, from) : NULL;
    CHECK_MSG(at != NULL, "%s: no '%s'", name, from);
    if (at) {
        char *n = xasprintf("%.*s%s%s", (int)(at - t), t, to, at + strlen(from));
        free(test_write_file(dir, name, n));
        free(n);
    }
    free(t);
}

/* The line of the first line of DIR/name that contains s (1-based), or 0. */
static int line_of(const char *dir, const char *name, const char *s)
{
    char *t = read_in(dir, name);
    int line = 0;
    char *at = t ? strstr(t, s) : NULL;
    if (at) {
        line = 1;
        for (char *p = t; p < at; p++)
            line += *p == '\n';
    }
    free(t);
    return line;
}

static bool has(const diag_list_t *d, diag_severity_t sev, const char *dir, const char *name, int line,
                const char *msg)
{
    char *file = path_join(dir, name);
    bool found = false;
    for (size_t i = 0; i < d->n && !found; i++)
        found = d->v[i].severity == sev && strcmp(d->v[i].file, file) == 0 && d->v[i].line == line &&
                strstr(d->v[i].msg, msg) != NULL;
    if (!found) {
        fprintf(stderr, "  wanted %s:%d: %s\n  got:\n", file, line, msg);
        diag_print(d, stderr);
    }
    free(file);
    return found;
}

/* ---- loading each language -------------------------------------------------- */

static void test_bundled_in_each_language(void)
{
    content_t c;
    CHECK(test_load_bundled(&c));
    const content_t *ja = content_in(&c, "ja"), *ko = content_in(&c, "ko");
    CHECK(content_in(&c, "en") == &c);
    CHECK(content_in(&c, NULL) == &c);
    CHECK(content_in(&c, "fr") == &c); /* no such language: the English */
    CHECK(ja != &c && ko != &c && ja != ko);
    CHECK(content_in(ja, "ko") == ko && content_in(ko, "en") == &c);
    CHECK_STR(ja->lang, "ja");
    /* a space between full-width letters and kanji is dropped as a line join */
    CHECK_STR(ja->event.title, "ＬＦＮＫＲ第15回総会");
    CHECK_STR(ko->event.title, "LFNKR 제15차 총회");
    CHECK_STR(ja->event.date, c.event.date);
    /* the report: same sections and ids, translated titles */
    CHECK_INT(ja->report.nsections, c.report.nsections);
    for (size_t i = 0; i < c.report.nsections; i++) {
        CHECK_STR(ja->report.sections[i].id, c.report.sections[i].id);
        CHECK(strcmp(ja->report.sections[i].title, c.report.sections[i].title) != 0);
        CHECK(strcmp(ko->report.sections[i].title, c.report.sections[i].title) != 0);
    }
    CHECK_STR(content_section(ja, "the-situation-in-north-korea")->title, "北朝鮮の状況");
    CHECK_STR(content_section(ko, "the-situation-in-north-korea")->title, "북한의 상황");
    /* timeline, figures, charts, slides */
    CHECK_INT(ja->ntimeline, c.ntimeline);
    CHECK_STR(ja->timeline[0].id, c.timeline[0].id);
    CHECK_STR(ja->timeline[0].title, "ICNKの国際会議に出席");
    CHECK_STR(content_stat(ko, "food")->label, "보낸 식량");
    CHECK(content_stat(ko, "food")->value == 50);
    CHECK_STR(content_chart(ja, "defectors")->title, "脱北者の数");
    /* a figure's "From the report" names the section in the language */
    CHECK_STR(content_stat(ja, "food")->section, "3. 食料と医薬品の配布");
    bool notes = false;
    for (size_t i = 0; i < ja->nslides; i++)
        notes |= ja->slides[i].notes && strstr(ja->slides[i].notes, "ようこそ");
    CHECK(notes);
    /* the forms, theme and strings are shared */
    CHECK(ja->forms.topics == c.forms.topics);
    CHECK_STR(content_text(ja, "ja", "nav.home"), "ホーム");
    content_free(&c);
}

/* A text without translation is English in the view; the rest stays translated. */
static void test_fallback_item_by_item(void)
{
    const char *dir = copy_bundled();
    edit(dir, "event.ini", "title.ja = ＬＦＮＫＲ 第15回総会\n", "");
    edit(dir, "report.ja.md", "## 北朝鮮の状況 {#the-situation-in-north-korea}", "## 北朝鮮の状況 {#no-such-section}");
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    CHECK(ok);
    const content_t *ja = content_in(&c, "ja");
    CHECK_STR(ja->event.title, "LFNKR 15th General Meeting");
    CHECK_STR(ja->event.place, "東京");
    const section_t *s = content_section(ja, "the-situation-in-north-korea");
    CHECK(s && strcmp(s->title, "The situation in North Korea") == 0);
    CHECK_STR(content_section(ja, "north-korean-defectors-still-flowing-out")->title, "続く脱北者の流出");
    /* the missing texts are warnings at the English text's line */
    CHECK(has(&d, DIAG_WARNING, dir, "event.ini", line_of(dir, "event.ini", "title = LFNKR"),
              "ja: no translation: title.ja is missing"));
    CHECK(has(&d, DIAG_WARNING, dir, "report.md", line_of(dir, "report.md", "## The situation in North Korea"),
              "ja: no translation: the section 'the-situation-in-north-korea'"));
    CHECK(has(&d, DIAG_WARNING, dir, "report.ja.md", line_of(dir, "report.ja.md", "{#no-such-section}"),
              "'{#no-such-section}' is not the id of a section"));
    /* Korean is untouched */
    CHECK_STR(content_in(&c, "ko")->event.title, "LFNKR 제15차 총회");
    content_free(&c);
    diag_free(&d);
}

static void test_missing_translations_are_warnings(void)
{
    const char *dir = copy_bundled();
    /* drop the Korean detail of one timeline row and a Japanese unit */
    edit(dir, "timeline.csv", ",\"이 프로그램은 일본 정부 문화청의 요청에 따라 실시했습니다(제1기 60시간, 제2기 60시간 추가).\",", ",,");
    edit(dir, "charts.ini", "unit.ja = 団体\n", "");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK(has(&d, DIAG_WARNING, dir, "timeline.csv", line_of(dir, "timeline.csv", "language-term-2,"),
              "ko: no translation: detail.ko is missing (the English is shown)"));
    CHECK(has(&d, DIAG_WARNING, dir, "charts.ini", line_of(dir, "charts.ini", "[cooperation]"),
              "ja: no translation: [cooperation] unit.ja is missing"));
    CHECK_INT(diag_count(&d, DIAG_WARNING), 2);
    CHECK_INT(content_in(&c, "ko")->tr_missing, 1);
    CHECK_INT(content_in(&c, "ja")->tr_missing, 1);
    content_free(&c);
    diag_free(&d);
}

/* content_load_first: only the first language's view at once; the others,
 * and their problems, come with content_finish. */
static void test_load_first_then_finish(void)
{
    const char *dir = copy_bundled();
    edit(dir, "report.ko.md", "총 **50톤**의 식량", "총 **5톤**의 식량");
    edit(dir, "report.ja.md", "2012年上半期の脱北者は**1,300**人を超えました。", "2012年上半期の脱北者は**1,200**人を超えました。");
    content_t c;
    diag_list_t d = {0};
    content_load_first(dir, &c, &d, "ja", false);
    CHECK_INT(c.nviews, 1);
    CHECK_STR(content_in(&c, "ja")->lang, "ja");
    CHECK(content_in(&c, "ko") == &c); /* English until finished */
    CHECK(has(&d, DIAG_ERROR, dir, "report.ja.md", line_of(dir, "report.ja.md", "**1,200**"), "1200 not in the English"));
    CHECK(!has(&d, DIAG_ERROR, dir, "report.ko.md", line_of(dir, "report.ko.md", "**5톤**"), "the English states 50"));
    size_t before = d.n;
    diag_list_t d2 = {0};
    CHECK(!content_finish(&c, &d2));
    CHECK_INT(d.n, before);
    CHECK_INT(c.nviews, 2);
    CHECK_STR(content_in(&c, "ko")->lang, "ko");
    CHECK_STR(content_in(&c, "ja")->lang, "ja");
    CHECK(has(&d2, DIAG_ERROR, dir, "report.ko.md", line_of(dir, "report.ko.md", "**5톤**"), "the English states 50"));
    CHECK(!has(&d2, DIAG_ERROR, dir, "report.ja.md", line_of(dir, "report.ja.md", "**1,200**"), "1200"));
    CHECK(content_finish(&c, &d2)); /* once only */
    /* the same problems, all told, as a full load */
    content_t full;
    diag_list_t df = {0};
    content_load(dir, &full, &df);
    CHECK_INT(df.n, d.n + d2.n);
    content_free(&full);
    diag_free(&df);
    content_free(&c);
    diag_free(&d);
    diag_free(&d2);
}

/* content_load_first for the attract screen: event.ini, theme.ini, the
 * files its cards come from (report, timeline, figures, charts) and the
 * strings it needs at once; everything else, and its problems (with file
 * and line), with content_finish, which leaves the content as a whole load
 * gives it. */
static void test_load_first_attract_then_finish(void)
{
    const char *dir = copy_bundled();
    edit(dir, "report.ko.md", "총 **50톤**의 식량", "총 **5톤**의 식량");
    edit(dir, "stats.csv", "2002～06年平均", "2002～2006年（年平均）");
    edit(dir, "strings/ko.ini", "[home]\n", "[home]\nbroken line without an equals sign\n");
    edit(dir, "strings/en.ini", "[home]\n", "[home]\nwelcome = Twice\n");
    edit(dir, "event.ini", "title.ja = ＬＦＮＫＲ", "title.ja = 第ＬＦＮＫＲ");
    const char *langs[] = {"en", "ja"};
    for (size_t li = 0; li < 2; li++) {
        content_t c;
        diag_list_t d = {0};
        content_load_first(dir, &c, &d, langs[li], true);
        CHECK(!content_complete(&c));
        CHECK(!content_complete(content_in(&c, "ja")));
        content_t full;
        diag_list_t df = {0};
        content_load(dir, &full, &df);
        /* the event, the cards' files and the strings; no slides, forms or
         * meeting files yet */
        CHECK(c.report.nsections > 0);
        CHECK_INT(c.report.nsections, full.report.nsections);
        CHECK_INT(c.nstats, full.nstats);
        CHECK_INT(c.ntimeline, full.ntimeline);
        CHECK_INT(c.ncharts, full.ncharts);
        CHECK_INT(c.nslides + c.forms.ntopics + c.nresolutions, 0);
        CHECK_INT(c.nlangs, 3);
        CHECK_STR(c.event.title, "LFNKR 15th General Meeting");
        /* the first language's event and cards (its own report), and every
         * language's invitation */
        if (li == 1) {
            const content_t *ja = content_in(&c, "ja"), *jaf = content_in(&full, "ja");
            CHECK(strncmp(ja->event.title, "第", strlen("第")) == 0);
            CHECK_INT(ja->report.nsections, jaf->report.nsections);
            for (size_t i = 0; i < ja->report.nsections && i < jaf->report.nsections; i++)
                CHECK_STR(ja->report.sections[i].title, jaf->report.sections[i].title);
            CHECK(ja->ntimeline > 0 && ja->ntimeline == jaf->ntimeline);
            for (size_t i = 0; i < ja->ntimeline && i < jaf->ntimeline; i++)
                CHECK_STR(ja->timeline[i].title, jaf->timeline[i].title);
            CHECK(ja->ncharts > 0 && ja->ncharts == jaf->ncharts);
            for (size_t i = 0; i < ja->ncharts && i < jaf->ncharts; i++)
                CHECK_STR(ja->charts[i].title, jaf->charts[i].title);
        } else {
            CHECK(content_in(&c, "ja") == &c);
        }
        for (size_t i = 0; i < 3; i++)
            CHECK_STR(content_text(&c, full.langs[i].lang, "nav.touch_to_begin"),
                      content_text(&full, full.langs[i].lang, "nav.touch_to_begin"));
        /* en.ini's problem now; the others later */
        int twice = line_of(dir, "strings/en.ini", "welcome = Twice");
        char *first_on = xasprintf("given twice (first on line %d)", twice);
        CHECK(has(&d, DIAG_ERROR, dir, "strings/en.ini", twice + 1, first_on));
        free(first_on);
        CHECK(!has(&d, DIAG_ERROR, dir, "report.ko.md", line_of(dir, "report.ko.md", "**5톤**"), "50"));
        size_t before = d.n;
        diag_list_t d2 = {0};
        CHECK(!content_finish(&c, &d2));
        CHECK_INT(d.n, before);
        CHECK(content_complete(&c));
        CHECK(content_complete(content_in(&c, "ko")));
        CHECK(has(&d2, DIAG_ERROR, dir, "report.ko.md", line_of(dir, "report.ko.md", "**5톤**"), "the English states 50"));
        CHECK(has(&d2, DIAG_ERROR, dir, "strings/ko.ini", line_of(dir, "strings/ko.ini", "broken line"),
                  "expected 'key = value'"));
        CHECK(has(&d2, DIAG_ERROR, dir, "stats.csv", line_of(dir, "stats.csv", "2002～2006年"), ""));
        CHECK(content_finish(&c, &d2)); /* once only */
        /* the same problems, all told, as a whole load, and the same content */
        CHECK_INT(df.n, d.n + d2.n);
        CHECK_INT(c.report.nsections, full.report.nsections);
        CHECK_INT(c.nstats, full.nstats);
        CHECK_INT(c.ntimeline, full.ntimeline);
        CHECK_INT(c.nslides, full.nslides);
        CHECK_INT(c.forms.ntopics, full.forms.ntopics);
        CHECK_INT(c.nviews, full.nviews);
        CHECK_INT(c.nlangs, full.nlangs);
        for (size_t i = 0; i < full.nlangs && i < c.nlangs; i++) {
            CHECK_STR(c.langs[i].lang, full.langs[i].lang);
            CHECK_INT(c.langs[i].nkv, full.langs[i].nkv);
            for (size_t k = 0; k < full.langs[i].nkv && k < c.langs[i].nkv; k++)
                if (strcmp(c.langs[i].kv[k].key, full.langs[i].kv[k].key) != 0 ||
                    strcmp(c.langs[i].kv[k].value, full.langs[i].kv[k].value) != 0) {
                    CHECK_MSG(false, "%s: %s differs", c.langs[i].lang, full.langs[i].kv[k].key);
                    break;
                }
        }
        const content_t *ko = content_in(&c, "ko"), *kof = content_in(&full, "ko");
        CHECK_STR(ko->lang, "ko");
        CHECK_STR(ko->event.title, kof->event.title);
        CHECK_STR(ko->report.sections[0].title, kof->report.sections[0].title);
        CHECK_STR(content_in(&c, "ja")->event.title, content_in(&full, "ja")->event.title);
        CHECK_INT(content_in(&c, "ja")->tr_missing, content_in(&full, "ja")->tr_missing);
        content_free(&full);
        diag_free(&df);
        content_free(&c);
        diag_free(&d);
        diag_free(&d2);
    }
    /* freed before it was finished: nothing leaks (the sanitizer's check) */
    content_t c;
    content_load_first(dir, &c, NULL, "ja", true);
    content_free(&c);
}

/* Every figure of a translation must be the English text's. */
static void test_differing_figures_are_errors(void)
{
    const char *dir = copy_bundled();
    edit(dir, "report.ja.md", "2012年上半期の脱北者は**1,300**人を超えました。", "2012年上半期の脱北者は**1,200**人を超えました。");
    edit(dir, "report.ko.md", "총 **50톤**의 식량", "총 **5톤**의 식량");
    edit(dir, "timeline.csv", "ICNK 변호사 그룹, 유엔 인권 관련 12개 기관", "ICNK 변호사 그룹, 유엔 인권 관련 13개 기관");
    edit(dir, "stats.csv", "2002～06年平均", "2002～2006年（年平均）");
    edit(dir, "slides.ini", "notes.ja = 2012年度：2011年9月1日", "notes.ja = 2012年度：2011年10月1日");
    edit(dir, "event.ini", "title.ko = LFNKR 제15차 총회", "title.ko = LFNKR 제16차 총회");
    /* a date written the Japanese way is the same figures */
    edit(dir, "report.ja.md", "*2012年10月8日*", "*2012年10月8日（月）*");
    content_t c;
    diag_list_t d = {0};
    CHECK(!content_load(dir, &c, &d));
    int l = line_of(dir, "report.ja.md", "**1,200**");
    CHECK(has(&d, DIAG_ERROR, dir, "report.ja.md", l, "the English states 1300, missing here; 1200 not in the English"));
    CHECK(has(&d, DIAG_ERROR, dir, "report.ko.md", line_of(dir, "report.ko.md", "**5톤**"), "the English states 50"));
    CHECK(has(&d, DIAG_ERROR, dir, "timeline.csv", line_of(dir, "timeline.csv", "icnk-petition,"), "ko: title.ko"));
    CHECK(has(&d, DIAG_ERROR, dir, "stats.csv", line_of(dir, "stats.csv", "defectors-2002-06,"),
              "ja: label.ja: the figures differ from the English: the English states 6, missing here; 2006 not"));
    CHECK(has(&d, DIAG_ERROR, dir, "slides.ini", line_of(dir, "slides.ini", "2011年10月1日"), "ja: notes.ja"));
    CHECK(has(&d, DIAG_ERROR, dir, "event.ini", line_of(dir, "event.ini", "제16차"), "16 not in the English"));
    CHECK_INT(diag_count(&d, DIAG_ERROR), 6);
    content_free(&c);
    diag_free(&d);
}

/* Translation keys and columns: a language without strings, a text that
 * cannot be translated, a key given twice. */
static void test_translation_keys(void)
{
    const char *dir = copy_bundled();
    edit(dir, "event.ini", "place = Tokyo\n", "place = Tokyo\nplace.fr = Tokyo\ndate.ja = 2012年10月8日\n");
    edit(dir, "charts.ini", "title.ja = 食料と医薬品\n", "title.ja = 食料と医薬品\ntitle.ja = 食料\n");
    free(test_write_file(dir, "report.fr.md", "# Rapport\n\n## Une partie\n\nTexte.\n"));
    content_t c;
    diag_list_t d = {0};
    CHECK(!content_load(dir, &c, &d));
    CHECK(has(&d, DIAG_WARNING, dir, "event.ini", line_of(dir, "event.ini", "place.fr"),
              "'place.fr' is ignored: there is no strings/fr.ini"));
    CHECK(has(&d, DIAG_WARNING, dir, "event.ini", line_of(dir, "event.ini", "date.ja"),
              "'date.ja' is ignored: only title, subtitle, place, organizer can be translated"));
    CHECK(has(&d, DIAG_ERROR, dir, "charts.ini", line_of(dir, "charts.ini", "title.ja = 食料\n"), "is given twice"));
    CHECK(has(&d, DIAG_WARNING, dir, "report.fr.md", 0, "there is no strings/fr.ini"));
    content_free(&c);
    diag_free(&d);
}

/* ---- the slideshow's language ---------------------------------------------- */

static bool deck_has(const deck_t *dk, const char *s)
{
    for (size_t i = 0; i < dk->nslides; i++) {
        if (dk->slides[i].heading && strstr(dk->slides[i].heading, s))
            return true;
        for (size_t k = 0; k < dk->slides[i].nitems; k++)
            if (dk->slides[i].items[k].text && strstr(dk->slides[i].items[k].text, s))
                return true;
    }
    return false;
}

static void test_slideshow_language(void)
{
    content_t c;
    CHECK(test_load_bundled(&c));
    config_t cfg;
    config_defaults(&cfg);
    free(cfg.slide_language);
    cfg.slide_language = xstrdup("ja");
    gfx_record_t *rec = gfx_record_create(1280, 800);
    gfx_t g = gfx_record_gfx(rec);
    show_t *s = show_create(&cfg, &c, 0);
    show_resize(s, 1280, 800);
    show_layout(s, &g);
    CHECK_STR(show_lang(s), "ja");
    CHECK(deck_has(show_deck(s), "北朝鮮の状況"));
    CHECK(!deck_has(show_deck(s), "The situation in North Korea"));
    CHECK_STR(show_content(s)->lang, "ja");
    /* L: the next language, on the same entry of slides.ini */
    show_goto(s, 3, 10);
    size_t spec = show_deck(s)->slides[show_index(s)].spec;
    ui_event_t ev = {.type = UI_EV_KEY_DOWN, .key = 'l', .time_ms = 20};
    CHECK(show_event(s, &ev));
    show_layout(s, &g);
    CHECK_STR(show_lang(s), "ko");
    CHECK(deck_has(show_deck(s), "북한의 상황"));
    CHECK_INT(show_deck(s)->slides[show_index(s)].spec, spec);
    ev.time_ms = 30;
    show_event(s, &ev);
    show_layout(s, &g);
    CHECK_STR(show_lang(s), "en");
    CHECK(deck_has(show_deck(s), "The situation in North Korea"));
    CHECK(!show_set_lang(s, "fr"));
    show_destroy(s);
    /* without [slideshow] language: the kiosk's */
    free(cfg.slide_language);
    cfg.slide_language = xstrdup("");
    free(cfg.language);
    cfg.language = xstrdup("ko");
    s = show_create(&cfg, &c, 0);
    CHECK_STR(show_lang(s), "ko");
    show_destroy(s);
    gfx_record_destroy(rec);
    config_free(&cfg);
    content_free(&c);
}

static void test_slide_language_setting(void)
{
    const char *dir = test_tmpdir();
    char *p = test_write_file(dir, "kiosk.ini", "[slideshow]\nlanguage = ja\n");
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    CHECK(config_load(&cfg, p, true, &d));
    CHECK_STR(cfg.slide_language, "ja");
    config_free(&cfg);
    free(p);
    p = test_write_file(dir, "kiosk.ini", "[slideshow]\nlanguage = x\n");
    config_defaults(&cfg);
    CHECK(!config_load(&cfg, p, true, &d));
    config_free(&cfg);
    free(p);
    diag_free(&d);
}

/* ---- the attract loop --------------------------------------------------------- */

static uint64_t now_t = 1000;

static bool tap(app_t *a, const char *id)
{
    app_control_t c[64];
    size_t n = app_controls(a, c, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        if (strcmp(c[i].id, id) == 0) {
            ui_event_t e = {.type = UI_EV_POINTER_DOWN, .pointer = 1, .x = c[i].r.x + c[i].r.w / 2,
                            .y = c[i].r.y + c[i].r.h / 2, .time_ms = now_t += 10};
            app_event(a, &e);
            e.type = UI_EV_POINTER_UP;
            e.time_ms = now_t += 60;
            app_event(a, &e);
            for (int k = 0; k < 60; k++)
                app_update(a, now_t += 16);
            return true;
        }
    return false;
}

static void attract_tap_starts_in(const char *lang, const char *want_text, int w, int h)
{
    content_t c;
    CHECK(test_load_bundled(&c));
    config_t cfg;
    config_defaults(&cfg);
    app_init_t init = {&cfg, &c, NULL, NULL, APP_MODE_KIOSK, now_t, 0};
    app_t *a = app_create(&init);
    app_resize(a, w, h);
    gfx_record_t *rec = gfx_record_create(w, h);
    gfx_t g = gfx_record_gfx(rec);
    app_draw(a, &g);
    CHECK_STR(app_current_screen(a), "attract");
    char id[32];
    snprintf(id, sizeof id, "attract.lang.%s", lang);
    CHECK_MSG(tap(a, id), "%dx%d: no control %s", w, h, id);
    CHECK_STR(app_current_screen(a), "home");
    gfx_record_clear(rec);
    g = gfx_record_gfx(rec);
    app_draw(a, &g);
    CHECK_MSG(gfx_record_find_text(rec, want_text) != NULL, "%dx%d %s: no '%s'", w, h, lang, want_text);
    /* and the report is in that language */
    CHECK(tap(a, "home.report"));
    gfx_record_clear(rec);
    g = gfx_record_gfx(rec);
    app_draw(a, &g);
    CHECK_MSG(gfx_record_find_text(rec, strcmp(lang, "ja") == 0 ? "北朝鮮の状況" : "북한의 상황") != NULL,
              "%dx%d %s: report list not translated", w, h, lang);
    app_destroy(a);
    gfx_record_destroy(rec);
    config_free(&cfg);
    content_free(&c);
}

static void test_attract_tap_starts_in_language(void)
{
    attract_tap_starts_in("ja", "年次報告を読む", 800, 480);
    attract_tap_starts_in("ko", "연례 보고서 읽기", 800, 480);
    attract_tap_starts_in("ja", "年次報告", 720, 1280); /* the tile may wrap between phrases there */
    attract_tap_starts_in("ko", "연례 보고서 읽기", 1920, 1080);
}

/* A tap elsewhere on the attract loop starts in the configured language. */
static void test_attract_tap_elsewhere(void)
{
    content_t c;
    CHECK(test_load_bundled(&c));
    config_t cfg;
    config_defaults(&cfg);
    app_init_t init = {&cfg, &c, NULL, NULL, APP_MODE_KIOSK, now_t, 0};
    app_t *a = app_create(&init);
    app_resize(a, 1280, 800);
    gfx_record_t *rec = gfx_record_create(1280, 800);
    gfx_t g = gfx_record_gfx(rec);
    app_draw(a, &g);
    CHECK(tap(a, "attract.begin"));
    CHECK_STR(app_current_screen(a), "home");
    gfx_record_clear(rec);
    g = gfx_record_gfx(rec);
    app_draw(a, &g);
    CHECK(gfx_record_find_text(rec, "Timeline") != NULL);
    app_destroy(a);
    gfx_record_destroy(rec);
    config_free(&cfg);
    content_free(&c);
}


/* ---- a broken folder loaded for the attract screen ------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The problems of d1 and d2 together, one string each, sorted. */
static char **problems(const diag_list_t *d1, const diag_list_t *d2, size_t *n)
{
    *n = d1->n + (d2 ? d2->n : 0);
    char **v = xcalloc(*n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        const diag_t *x = i < d1->n ? &d1->v[i] : &d2->v[i - d1->n];
        v[i] = xasprintf("%s:%d: %s%s", x->file, x->line, x->severity == DIAG_WARNING ? "warning: " : "", x->msg);
    }
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void free_problems(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Everything a whole load reports, told once, with file and line, by the
 * attract screen's first load and content_finish() together; and the same
 * cards (report sections, timeline, figures, charts) in the first language
 * before and after content_finish(). */
static void check_attract_load_of(const char *dir, const char *what)
{
    content_t full;
    diag_list_t df = {0};
    content_load(dir, &full, &df);
    size_t nf;
    char **pf = problems(&df, NULL, &nf);
    CHECK_MSG(nf > 0, "%s: no problem found", what);
    static const char *const langs[] = {"en", "ja", "ko"};
    for (size_t li = 0; li < 3; li++) {
        content_t c;
        diag_list_t d = {0}, d2 = {0};
        content_load_first(dir, &c, &d, langs[li], true);
        const content_t *v = content_in(&c, langs[li]);
        size_t ns = v->report.nsections, nt = v->ntimeline, nst = v->nstats, nch = v->ncharts;
        char *sec0 = xstrdup(ns ? v->report.sections[0].title : "");
        content_finish(&c, &d2);
        v = content_in(&c, langs[li]);
        const content_t *vf = content_in(&full, langs[li]);
        CHECK_MSG(ns == v->report.nsections && ns == vf->report.nsections, "%s, %s: %zu sections first, %zu after, %zu whole",
                  what, langs[li], ns, v->report.nsections, vf->report.nsections);
        CHECK_MSG(nt == v->ntimeline && nt == vf->ntimeline, "%s, %s: timeline %zu / %zu", what, langs[li], nt, vf->ntimeline);
        CHECK_MSG(nst == v->nstats && nst == vf->nstats, "%s, %s: figures %zu / %zu", what, langs[li], nst, vf->nstats);
        CHECK_MSG(nch == v->ncharts && nch == vf->ncharts, "%s, %s: charts %zu / %zu", what, langs[li], nch, vf->ncharts);
        if (ns && vf->report.nsections)
            CHECK_STR(sec0, vf->report.sections[0].title);
        free(sec0);
        size_t n;
        char **p = problems(&d, &d2, &n);
        bool same = n == nf;
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(p[i], pf[i]) == 0;
        CHECK_MSG(same, "%s, first language %s: %zu problems (whole load: %zu)", what, langs[li], n, nf);
        if (!same) {
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "    split: %s\n", p[i]);
            for (size_t i = 0; i < nf; i++)
                fprintf(stderr, "    whole: %s\n", pf[i]);
        }
        free_problems(p, n);
        content_free(&c);
        diag_free(&d);
        diag_free(&d2);
    }
    free_problems(pf, nf);
    content_free(&full);
    diag_free(&df);
}

static void test_attract_load_of_broken_folders(void)
{
    /* errors in the files the cards come from, and in the translations */
    const char *dir = copy_bundled();
    edit(dir, "report.md", "2012", "20\xff" "12");
    edit(dir, "timeline.csv", "2011-10-09", "2011-13-09");
    edit(dir, "stats.csv", ",1000,", ",lots,");
    edit(dir, "charts.ini", "kind = bar", "kind = pie");
    edit(dir, "report.ja.md", "2012年上半期の脱北者は**1,300**人を超えました。", "2012年上半期の脱北者は**1,200**人を超えました。");
    edit(dir, "report.ko.md", "총 **50톤**의 식량", "총 **5톤**의 식량");
    check_attract_load_of(dir, "errors");
    /* a translated report that is not UTF-8, one that is empty */
    dir = copy_bundled();
    edit(dir, "report.ja.md", "2012", "20\xfe" "12");
    free(test_write_file(dir, "report.ko.md", ""));
    check_attract_load_of(dir, "bad translations");
    /* the cards' files missing */
    dir = copy_bundled();
    char *cmd = xasprintf("cd '%s' && rm -f report.md timeline.csv stats.csv report.ja.md", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    check_attract_load_of(dir, "missing files");
    /* a language without its strings, one whose strings are broken */
    dir = copy_bundled();
    cmd = xasprintf("cd '%s' && rm -f strings/ja.ini && printf '[nav\\ntouch_to_begin\\n\\377\\n' > strings/ko.ini", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    check_attract_load_of(dir, "strings");
}

int main(void)
{
    log_set_level(LOG_QUIET);
    RUN(test_numbers);
    RUN(test_bundled_in_each_language);
    RUN(test_fallback_item_by_item);
    RUN(test_missing_translations_are_warnings);
    RUN(test_differing_figures_are_errors);
    RUN(test_load_first_then_finish);
    RUN(test_load_first_attract_then_finish);
    RUN(test_attract_load_of_broken_folders);
    RUN(test_translation_keys);
    RUN(test_slideshow_language);
    RUN(test_slide_language_setting);
    RUN(test_attract_tap_starts_in_language);
    RUN(test_attract_tap_elsewhere);
    return test_summary();
}
