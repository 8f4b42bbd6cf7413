/* Content loading: one test per class of bad input (each names the file
 * and line and says what is wrong, and loading fails without a crash or a
 * leak), the bundled content with the figures of the 2012 report, and the
 * text and number formatting the UI uses. */
#include "test.h"
#include "testcontent.h"
#include "content/content.h"
#include "core/util.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a small valid folder, with one file replaced per test ---------------- */

typedef struct { const char *name, *text; } file_t;

static const file_t base_files[] = {
    {"event.ini", "[event]\ntitle = Test Meeting\ndate = 2012-10-08\nplace = Tokyo\norganizer = Org\n"},
    {"report.md", "# Report\n\nIntro *text*.\n\n## 1. First part\n\nOne **bold** line\nwrapped.\n\n"
                  "### 1-1. Sub\n\n- a\n- b\n\n## Second part\n\n1. x\n2. y\n"},
    {"timeline.csv", "id,date,end_date,title,detail,category\n"
                     "b,2012-02-02,,Second,,rescue\n"
                     "a,2011-09-07,2011-09-08,First,\"Detail, with comma\",advocacy\n"},
    {"stats.csv", "id,group,label,value,unit,approx,section,note\n"
                  "s1,g,2011,2737,people,exact,1. First part,\n"
                  "s2,g,2012,1300,people,more_than,First part,\n"},
    {"charts.ini", "[g]\nkind = bar\ntitle = G\nunit = people\nsource = Somewhere\n"},
    {"slides.ini", "[slide]\nshow = title\nnotes = hello\n\n[slide]\nshow = section first-part\n\n"
                   "[slide]\nshow = chart g\n\n[slide]\nshow = closing\n"},
    {"forms.ini", "[topics]\nt1 = Topic\n[interests]\ni1 = Interest\n[languages]\nl1 = Lang\n"
                  "[consent]\nversion = 1\ntext = I agree.\n"},
    {"theme.ini", "[theme]\nslide_bg = #13223A\nslide_text = #F6F2EA\nslide_muted = #B9C3D3\n"
                  "slide_accent = #E8A872\nsurface = #FAF7F1\nsurface_alt = #EFE9DD\ntext = #1D2430\n"
                  "muted = #4F5662\nline = #CFC6B6\naccent = #9A4A22\naccent_text = #FFFFFF\n"
                  "danger = #A3261F\nsuccess = #2D6A3E\n"},
    {"strings/en.ini", "[language]\ncode = en\nname = English\n[nav]\nhome = Home\nback = Back\n"
                       "[approx]\nabout = about %s\nmore_than = more than %s\nat_least = at least %s\n"
                       "[category]\nrescue = Rescue\nadvocacy = Advocacy\n[slides]\nslide_of = Slide %s of %s\n"},
    {"strings/ja.ini", "[language]\ncode = ja\nname = 日本語\n[nav]\nhome = ホーム\nback = 戻る\n"
                       "[approx]\nabout = 約%s\nmore_than = %s以上\nat_least = 少なくとも%s\n"
                       "[category]\nrescue = 救出\nadvocacy = 啓発\n[slides]\nslide_of = スライド %s / %s\n"
                       "[choice]\nt1 = テーマ\ni1 = 関心\nl1 = 言語\n[consent]\nversion = 1\ntext = 同意します。\n"},
};

/* A fresh folder holding base_files, except name replaced by text (a NULL
 * text leaves the file out). Returns the folder (static lifetime). */
static const char *folder_with(const char *name, const char *text)
{
    const char *dir = test_tmpdir();
    for (size_t i = 0; i < AGM_ARRAY_LEN(base_files); i++) {
        if (name && strcmp(base_files[i].name, name) == 0)
            continue;
        free(test_write_file(dir, base_files[i].name, base_files[i].text));
    }
    if (name && text)
        free(test_write_file(dir, name, text));
    return dir;
}

/* True when d holds a diagnostic of severity sev for DIR/name at line whose
 * message contains msg. Prints the list when it does not, to see why. */
static bool has_diag(const diag_list_t *d, diag_severity_t sev, const char *dir, const char *name, int line,
                     const char *msg)
{
    char *file = path_join(dir, name);
    bool found = false;
    for (size_t i = 0; i < d->n && !found; i++)
        found = d->v[i].severity == sev && strcmp(d->v[i].file, file) == 0 && d->v[i].line == line &&
                strstr(d->v[i].msg, msg) != NULL;
    if (!found) {
        fprintf(stderr, "  wanted %s:%d: %s%s\n  got:\n", file, line, sev == DIAG_WARNING ? "warning: " : "", msg);
        diag_print(d, stderr);
    }
    free(file);
    return found;
}

/* Load name replaced by text; expects failure with an error at line
 * containing msg. */
static bool load_fails_with(const char *name, const char *text, const char *file, int line, const char *msg)
{
    const char *dir = folder_with(name, text);
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    bool found = has_diag(&d, DIAG_ERROR, dir, file ? file : name, line, msg);
    if (ok)
        fprintf(stderr, "  content_load returned true\n");
    content_free(&c);
    diag_free(&d);
    return !ok && found;
}

static void test_base_folder_loads(void)
{
    const char *dir = folder_with(NULL, NULL);
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    if (d.n)
        diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(d.n, 0);
    CHECK_STR(c.event.title, "Test Meeting");
    CHECK_STR(c.event.subtitle, ""); /* optional: empty, never NULL */
    CHECK_STR(c.report.title, "Report");
    CHECK_INT(c.report.nsections, 2);
    CHECK_INT(c.report.nintro, 1);
    CHECK_INT(c.ntimeline, 2);
    CHECK_STR(c.timeline[0].id, "a"); /* sorted by date */
    CHECK_INT(c.timeline[0].end_day, 8);
    CHECK_STR(c.timeline[0].detail, "Detail, with comma");
    CHECK_INT(c.timeline[0].line, 3);
    CHECK_INT(c.nstats, 2);
    CHECK_INT(c.stats[1].approx, APPROX_MORE_THAN);
    CHECK_INT(c.ncharts, 1);
    CHECK_INT(c.charts[0].kind, CHART_BAR);
    CHECK_INT(c.nslides, 4);
    CHECK_INT(c.slides[0].kind, SLIDE_TITLE);
    CHECK_STR(c.slides[0].notes, "hello");
    CHECK_INT(c.slides[1].kind, SLIDE_SECTION);
    CHECK_STR(c.slides[1].ref, "first-part");
    CHECK_INT(c.slides[1].line, 6);
    CHECK_INT(c.slides[3].kind, SLIDE_CLOSING);
    CHECK_INT(c.forms.ntopics, 1);
    CHECK_STR(c.forms.consent_version, "1");
    CHECK_INT(c.nlangs, 2);
    CHECK_STR(c.langs[0].lang, "en");
    CHECK_STR(c.langs[1].name, "日本語");
    CHECK_INT(c.theme.slide_bg.r, 0x13);
    content_free(&c);
    diag_free(&d);
}

static void test_report_structure(void)
{
    const char *dir = folder_with("report.md",
                                  "# T\n\n## 3. Food and medicines\n\nA *b* **c**\nd.\n\n### 5-1. Sub\n\n"
                                  "1. one\n2. two\n   - nested\n\n> quoted\n\n<!-- a comment -->\n\n"
                                  "## LFNKR’s Year\n\ntext\n\n## LFNKR’s Year\n\nagain\n\n## 日本語\n\nx\n");
    content_t c;
    diag_list_t d = {0};
    content_load(dir, &c, &d);
    CHECK_INT(c.report.nsections, 4);
    const section_t *s = &c.report.sections[0];
    CHECK_STR(s->id, "food-and-medicines");
    CHECK_STR(s->title, "3. Food and medicines");
    CHECK_INT(s->line, 3);
    CHECK_INT(s->nblocks, 6);
    CHECK_INT(s->blocks[0].kind, BLOCK_PARAGRAPH);
    CHECK_INT(s->blocks[0].nspans, 5);
    CHECK_STR(s->blocks[0].spans[0].text, "A ");
    CHECK_INT(s->blocks[0].spans[1].style, SPAN_ITALIC);
    CHECK_INT(s->blocks[0].spans[3].style, SPAN_BOLD);
    CHECK_STR(s->blocks[0].spans[4].text, " d."); /* the soft break became a space */
    CHECK_INT(s->blocks[1].kind, BLOCK_HEADING);
    CHECK_INT(s->blocks[1].level, 3);
    CHECK_INT(s->blocks[1].line, 8);
    CHECK_INT(s->blocks[2].kind, BLOCK_ITEM);
    CHECK_INT(s->blocks[2].number, 1);
    CHECK_INT(s->blocks[3].number, 2);
    CHECK_INT(s->blocks[4].kind, BLOCK_ITEM);
    CHECK_INT(s->blocks[4].level, 2);
    CHECK_INT(s->blocks[4].number, 0);
    CHECK_INT(s->blocks[5].kind, BLOCK_QUOTE);
    CHECK_STR(c.report.sections[1].id, "lfnkrs-year");
    CHECK_STR(c.report.sections[2].id, "lfnkrs-year-2"); /* ids stay unique */
    CHECK_STR(c.report.sections[3].id, "section-4");     /* no ASCII in the title */
    CHECK(content_section(&c, "lfnkrs-year-2") == &c.report.sections[2]);
    CHECK(content_section(&c, "nope") == NULL);
    content_free(&c);
    diag_free(&d);
}

/* ---- one test per bad input class ---------------------------------------- */

static void test_missing_folder(void)
{
    content_t c;
    diag_list_t d = {0};
    CHECK(!content_load("/nonexistent/agm-content", &c, &d));
    CHECK_INT(d.n, 1);
    CHECK_STR(d.v[0].file, "/nonexistent/agm-content");
    CHECK_CONTAINS(d.v[0].msg, "not found");
    content_free(&c);
    diag_free(&d);
}

static void test_missing_file(void)
{
    CHECK(load_fails_with("stats.csv", NULL, NULL, 0, "file not found"));
    CHECK(load_fails_with("report.md", NULL, NULL, 0, "file not found"));
    CHECK(load_fails_with("strings/en.ini", NULL, NULL, 0, "file not found"));
    CHECK(load_fails_with("theme.ini", NULL, NULL, 0, "file not found"));
}

static void test_empty_file(void)
{
    CHECK(load_fails_with("timeline.csv", "", NULL, 0, "empty"));
    CHECK(load_fails_with("report.md", "\n  \n", NULL, 0, "empty"));
    CHECK(load_fails_with("slides.ini", "", NULL, 0, "empty"));
}

static void test_invalid_utf8(void)
{
    CHECK(load_fails_with("timeline.csv",
                          "id,date,end_date,title,detail,category\na,2011-09-07,,ok,,rescue\nb,2012-01-01,,bad \xFF,,rescue\n",
                          NULL, 3, "invalid UTF-8"));
    CHECK(load_fails_with("report.md", "# T\n\n## S\n\n\xC3\x28\n", NULL, 5, "invalid UTF-8"));
    CHECK(load_fails_with("strings/ja.ini", "[language]\ncode = ja\nname = \xE6\x97\n", NULL, 3, "invalid UTF-8"));
    /* well-formed, but a control character that would disguise or cut text */
    CHECK(load_fails_with("report.md", "# T\n\n## S\n\nx \x1B[31m red\n", NULL, 5, "control character U+001B"));
    CHECK(load_fails_with("forms.ini", "[topics]\nt1 = A\xE2\x80\xAE" "B\n", NULL, 2, "control character U+202E"));
}

static void test_bom_accepted(void)
{
    const char *dir = folder_with("stats.csv", "\xEF\xBB\xBF" "id,group,label,value,unit,approx,section,note\n"
                                               "s1,g,2011,2737,people,,First part,\n");
    free(test_write_file(dir, "event.ini", "\xEF\xBB\xBF[event]\ntitle = T\ndate = 2012-10-08\nplace = P\norganizer = O\n"));
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(d.n, 0);
    CHECK_INT(c.nstats, 1);
    CHECK_STR(c.stats[0].id, "s1"); /* the header's first column was found despite the BOM */
    CHECK_INT(c.stats[0].line, 2);
    CHECK_STR(c.event.title, "T");
    content_free(&c);
    diag_free(&d);
}

static void test_crlf_accepted(void)
{
    /* a quoted field spanning lines 2-3, then a bad row on line 4 */
    const char *text = "id,date,end_date,title,detail,category\r\n"
                       "a,2011-09-07,,First,\"two\r\nlines\",rescue\r\n"
                       "b,2011-13-01,,Bad,,rescue\r\n";
    CHECK(load_fails_with("timeline.csv", text, NULL, 4, "unknown date format '2011-13-01'"));
    const char *dir = folder_with("timeline.csv", "id,date,end_date,title,detail,category\r\n"
                                                  "a,2011-09-07,,First,\"two\r\nlines\",rescue\r\n"
                                                  "b,2011-10-01,,Second,,rescue\r\n");
    free(test_write_file(dir, "event.ini", "[event]\r\ntitle = T\r\ndate = 2012-10-08\r\nplace = P\r\norganizer = O\r\n"));
    free(test_write_file(dir, "report.md", "# T\r\n\r\n## First part\r\n\r\nline one\r\nline two\r\n"));
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(c.ntimeline, 2);
    CHECK_STR(c.timeline[0].detail, "two\nlines");
    CHECK_INT(c.timeline[1].line, 4);
    CHECK_STR(c.event.organizer, "O");
    CHECK_INT(c.report.sections[0].line, 3);
    CHECK_STR(c.report.sections[0].title, "First part");
    CHECK_STR(c.report.sections[0].blocks[0].spans[0].text, "line one line two");
    content_free(&c);
    diag_free(&d);
}

static void test_unterminated_quote(void)
{
    CHECK(load_fails_with("timeline.csv",
                          "id,date,end_date,title,detail,category\na,2011-09-07,,ok,,rescue\n"
                          "b,2012-01-01,,\"never closed,,rescue\nc,2012-01-02,,x,,rescue\n",
                          NULL, 3, "unterminated quote"));
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,\"x\"y,1,,,First part,\n",
                          NULL, 2, "badly quoted"));
}

static void test_wrong_column_count(void)
{
    CHECK(load_fails_with("stats.csv",
                          "id,group,label,value,unit,approx,section,note\ns1,g,x,1,,,First part,\n"
                          "s2,g,Averaged 1,000 a year,1000,,about,First part,\n",
                          NULL, 3, "wrong column count: 9 fields, the header has 8"));
}

static void test_non_numeric_value(void)
{
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,x,\"1,300\",,,First part,\n",
                          NULL, 2, "value '1,300' is not a number"));
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,x,about 20,,,First part,\n",
                          NULL, 2, "is not a number"));
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,x,inf,,,First part,\n",
                          NULL, 2, "is not a number"));
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,x,5,,roughly,First part,\n",
                          NULL, 2, "unknown approx 'roughly'"));
}

static void test_unknown_date_format(void)
{
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,title,detail,category\na,Sept. 7 2011,,x,,rescue\n",
                          NULL, 2, "unknown date format 'Sept. 7 2011'"));
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,title,detail,category\na,2012-02-30,,x,,rescue\n",
                          NULL, 2, "unknown date format"));
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,title,detail,category\na,2012-02-03,3/2/2012,x,,rescue\n",
                          NULL, 2, "end_date"));
    CHECK(load_fails_with("event.ini", "[event]\ntitle = T\ndate = 10/8/2012\nplace = P\norganizer = O\n",
                          NULL, 3, "unknown date format '10/8/2012'"));
}

static void test_end_before_start(void)
{
    CHECK(load_fails_with("timeline.csv",
                          "id,date,end_date,title,detail,category\na,2011-09-08,2011-09-07,x,,rescue\n",
                          NULL, 2, "end_date 2011-09-07 is before date 2011-09-08"));
}

static void test_duplicate_ids(void)
{
    CHECK(load_fails_with("timeline.csv",
                          "id,date,end_date,title,detail,category\na,2011-09-07,,x,,rescue\nb,2011-09-08,,y,,rescue\n"
                          "a,2011-09-09,,z,,rescue\n",
                          NULL, 4, "duplicate id 'a' (first used on line 2)"));
    CHECK(load_fails_with("stats.csv",
                          "id,group,label,value,unit,approx,section,note\ns1,g,x,1,,,First part,\ns1,g,y,2,,,First part,\n",
                          NULL, 3, "duplicate id 's1'"));
    CHECK(load_fails_with("forms.ini", "[topics]\nt1 = A\n[interests]\nt1 = B\n[consent]\nversion = 1\ntext = x\n",
                          NULL, 4, "duplicate choice id 't1'"));
    CHECK(load_fails_with("charts.ini", "[g]\nkind = bar\ntitle = G\n[g]\nkind = tiles\n", NULL, 4, "[g] is given twice"));
    CHECK(load_fails_with("charts.ini", "[g]\nkind = bar\ntitle = G\n[g]\nkind = tiles\n", NULL, 4,
                          "[g] is given twice (first on line 1)"));
    CHECK(load_fails_with("resolutions.ini", "[r]\ntitle = R\nmajority = simple\n\n[r]\ntitle = again\n", NULL, 5,
                          "[r] is given twice (first on line 1)"));
    CHECK(load_fails_with("strings/en.ini", "[language]\ncode = en\nname = English\n[nav]\nhome = Home\nhome = Again\n",
                          NULL, 6, "'home' is given twice"));
    /* many keys (the lookup grows as they come): a key given again far
     * below is still found, with the line it was first given on */
    strbuf_t many = {0};
    sb_append(&many, "[language]\ncode = en\nname = English\n[nav]\nhome = Home\n[many]\n");
    for (int i = 0; i < 500; i++)
        sb_printf(&many, "k%d = value %d\n", i, i);
    sb_append(&many, "k123 = again\n");
    CHECK(load_fails_with("strings/en.ini", many.s, NULL, 507, "'k123' is given twice (first on line 130)"));
    sb_free(&many);
}

static void test_unknown_chart_group(void)
{
    CHECK(load_fails_with("stats.csv",
                          "id,group,label,value,unit,approx,section,note\ns1,g,x,1,,,First part,\ns2,nope,y,2,,,First part,\n",
                          NULL, 3, "unknown chart group 'nope'; add a [nope] section"));
    CHECK(load_fails_with("charts.ini", "[g]\nkind = pie\ntitle = G\n", NULL, 2, "unknown kind 'pie'"));
    CHECK(load_fails_with("charts.ini", "[g]\nkind = bar\ntitle = G\n\n[empty]\n", NULL, 5, "[empty] has no 'kind'"));
}

static void test_unknown_category_is_ok(void)
{
    const char *dir = folder_with("timeline.csv",
                                  "id,date,end_date,title,detail,category\na,2011-09-07,,x,,fundraising\n");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK_INT(diag_count(&d, DIAG_ERROR), 0);
    CHECK(has_diag(&d, DIAG_WARNING, dir, "timeline.csv", 2, "category 'fundraising' has no label"));
    CHECK_STR(c.timeline[0].category, "fundraising");
    content_free(&c);
    diag_free(&d);
}

static void test_empty_required_field(void)
{
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,title,detail,category\na,2011-09-07,,,,rescue\n",
                          NULL, 2, "required field 'title' is empty"));
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,title,detail,category\na,2011-09-07,,x,,\n",
                          NULL, 2, "required field 'category' is empty"));
    CHECK(load_fails_with("stats.csv", "id,group,label,value,unit,approx,section,note\ns1,g,x,,,,First part,\n",
                          NULL, 2, "required field 'value' is empty"));
}

static void test_missing_required_field(void)
{
    CHECK(load_fails_with("timeline.csv", "id,date,end_date,detail,category\na,2011-09-07,,,rescue\n",
                          NULL, 1, "missing required column 'title'"));
    CHECK(load_fails_with("event.ini", "[event]\ndate = 2012-10-08\nplace = P\norganizer = O\n",
                          NULL, 0, "missing required field 'title'"));
    CHECK(load_fails_with("forms.ini", "[topics]\nt1 = A\n[consent]\nversion = 1\n", NULL, 0,
                          "missing required field 'text' in [consent]"));
    CHECK(load_fails_with("strings/ja.ini", "[language]\nname = 日本語\n", NULL, 0, "missing required field 'code'"));
    CHECK(load_fails_with("report.md", "Just text.\n\n## S\n\nx\n", NULL, 1, "no title"));
    CHECK(load_fails_with("report.md", "# T\n\nOnly an intro.\n", NULL, 0, "no sections"));
}

static void test_slide_refs(void)
{
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = title\n\n[slide]\nshow = section no-such-part\n",
                          NULL, 5, "unknown section 'no-such-part'"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = chart nope\n", NULL, 2, "unknown chart 'nope'"));
    /* a likely typo or an edited title gets a suggestion */
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = section frist-part\n", NULL, 2,
                          "unknown section 'frist-part'; did you mean 'first-part'?"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = chart G\n", NULL, 2, "did you mean 'g'?"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = video x\n", NULL, 2, "unknown slide 'video x'"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = title\n\n[slide]\nnotes = forgot show\n",
                          NULL, 4, "has no 'show = ...' line"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = title\n[slide]\n", NULL, 3, "has no 'show = ...' line"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = text\nheading = H\n", NULL, 2, "needs both 'heading' and 'body'"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = section\n", NULL, 2, "needs the section's id"));
    /* a bad show line is reported once, not again as an incomplete text slide */
    const char *dir = folder_with("slides.ini", "[slide]\nshow = video\n");
    content_t c;
    diag_list_t d = {0};
    CHECK(!content_load(dir, &c, &d));
    CHECK_INT(diag_count(&d, DIAG_ERROR), 1);
    CHECK_INT(c.nslides, 0);
    content_free(&c);
    diag_free(&d);
    /* what is wrong is left out; the rest of the deck stays usable */
    dir = folder_with("slides.ini", "[slide]\nshow = title\n[slide]\nshow = section nowhere\n[slide]\nshow = text\n"
                                    "[slide]\nshow = chart g\n[slide]\n[slide]\nshow = closing\n");
    CHECK(!content_load(dir, &c, &d));
    CHECK_INT(diag_count(&d, DIAG_ERROR), 3);
    CHECK_INT(c.nslides, 3);
    CHECK_INT(c.slides[0].kind, SLIDE_TITLE);
    CHECK_INT(c.slides[1].kind, SLIDE_CHART);
    CHECK_INT(c.slides[2].kind, SLIDE_CLOSING);
    content_free(&c);
    diag_free(&d);
}

/* Issue 12: `check` applies every limit the store applies to what content
 * puts into stored rows (the consent version, topic ids, interest and
 * language ids joined by ';'), and what it accepts the store really saves.
 * Lines are at most 190 bytes, so long values continue on indented lines
 * (joined with a space). */
static char *repeat_char(char ch, int n)
{
    char *s = xmalloc((size_t)n + 1);
    memset(s, ch, (size_t)n);
    s[n] = '\0';
    return s;
}

/* forms.ini with the consent version written as head, then tail on an
 * indented line (the value is "head tail"), one topic and interest ids. */
static char *forms_text(const char *head, const char *tail, const char *topic, const char *const *interests,
                        int ninterests)
{
    strbuf_t b = {0};
    sb_printf(&b, "[topics]\n%s = Topic\n[interests]\n", topic);
    for (int i = 0; i < ninterests; i++)
        sb_printf(&b, "%s = Interest %d\n", interests[i], i);
    sb_printf(&b, "[languages]\nl1 = Lang\n[consent]\nversion = %s\n  %s\ntext = I agree.\n", head, tail);
    return sb_steal(&b);
}

static void test_store_limits_checked(void)
{
    char *h100 = repeat_char('v', 100), *t100 = repeat_char('w', 100), *t99 = repeat_char('w', 99);
    char *topic = repeat_char('t', 180);
    /* ten interest ids joined by ';': 9 x 100 + 91 + 9 separators = 1000 characters */
    char *ids[10];
    const char *idp[10];
    for (int i = 0; i < 10; i++)
        idp[i] = ids[i] = repeat_char((char)('a' + i), i == 9 ? 91 : 100);

    /* one over each limit: an error naming file, line and the store's limit */
    char *f = forms_text(h100, t100, "t1", idp, 1);
    CHECK(load_fails_with("forms.ini", f, NULL, 8, "consent_version is too long (201 characters, at most 200)"));
    free(f);
    char *longer = xasprintf("%sz", ids[9]); /* 92: the joined ids become 1001 */
    idp[9] = longer;
    f = forms_text("1", "", "t1", idp, 10);
    CHECK(load_fails_with("forms.ini", f, NULL, 13, "interests is too long (1001 characters, at most 1000)"));
    free(f);
    idp[9] = ids[9];

    /* exactly at every limit: check passes, and a sign-up ticking every
     * interest with that consent version is saved, as is a question with
     * the long topic */
    f = forms_text(h100, t99, topic, idp, 10);
    const char *dir = folder_with("forms.ini", f);
    char *ja = xasprintf("[language]\ncode = ja\nname = 日本語\n[consent]\nversion = %s\n  %s\ntext = 同意します。\n", h100, t99);
    free(test_write_file(dir, "strings/ja.ini", ja));
    free(ja);
    free(f);
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    if (!ok)
        diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(strlen(c.forms.consent_version), STORE_MAX_FIELD_CHARS);
    CHECK_INT(c.forms.ninterests, 10);
    strbuf_t all = {0};
    for (size_t i = 0; i < c.forms.ninterests; i++)
        sb_printf(&all, "%s%s", i ? ";" : "", c.forms.interests[i].id);
    CHECK_INT(all.len, STORE_MAX_MESSAGE_CHARS);
    char *db = path_join(dir, "agmkiosk.db");
    char *notice = NULL, *err = NULL;
    store_t *s = store_open(db, "k", &notice, &err);
    CHECK_MSG(s, "%s", err);
    signup_in_t in = {.name = "Ann", .email = "ann@example.org", .interests = all.s, .languages = "l1",
                      .lang = "ja", .consent_version = c.forms.consent_version};
    CHECK_MSG(store_add_signup(s, &in, NULL) == STORE_OK, "%s", store_errmsg(s));
    question_in_t q = {.text = "?", .topic = c.forms.topics[0].id, .lang = "ja"};
    CHECK_MSG(store_add_question(s, &q, NULL) == STORE_OK, "%s", store_errmsg(s));
    store_close(s);
    free(db);
    sb_free(&all);
    content_free(&c);
    diag_free(&d);
    free(longer);
    for (int i = 0; i < 10; i++)
        free(ids[i]);
    free(topic);
    free(t99);
    free(t100);
    free(h100);
}

static void test_ini_long_line(void)
{
    char line[400];
    memset(line, 'x', sizeof line);
    memcpy(line, "notes = ", 8);
    line[sizeof line - 1] = '\0';
    char *text = xasprintf("[slide]\nshow = title\n%s\n", line);
    CHECK(load_fails_with("slides.ini", text, NULL, 3, "longer than"));
    free(text);
}

static void test_strings_against_en(void)
{
    /* a missing key is a warning: the English text is shown */
    const char *dir = folder_with("strings/ja.ini",
                                  "[language]\ncode = ja\nname = 日本語\n[nav]\nhome = ホーム\n"
                                  "[approx]\nabout = 約%s\nmore_than = %s以上\nat_least = 少なくとも%s\n"
                                  "[category]\nrescue = 救出\nadvocacy = 啓発\n[slides]\nslide_of = スライド %s / %s\n"
                                  "[choice]\nt1 = テーマ\ni1 = 関心\nl1 = 言語\n[consent]\nversion = 1\ntext = 同意\n");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK(has_diag(&d, DIAG_WARNING, dir, "strings/ja.ini", 0, "missing 'nav.back'"));
    CHECK_STR(content_text(&c, "ja", "nav.back"), "Back");
    content_free(&c);
    diag_free(&d);
    /* placeholders must match English */
    CHECK(load_fails_with("strings/ja.ini",
                          "[language]\ncode = ja\nname = 日本語\n[approx]\nabout = 約\n", NULL, 5,
                          "'approx.about' has 0 %s but English has 1"));
    CHECK(load_fails_with("strings/en.ini",
                          "[language]\ncode = en\nname = English\n[approx]\nabout = about %d\n", NULL, 5,
                          "only %s"));
    CHECK(load_fails_with("strings/ja.ini", "[language]\ncode = jp\nname = 日本語\n", NULL, 2,
                          "does not match the file name ja.ini"));
    /* a translated consent must be of the current version */
    CHECK(load_fails_with("strings/ja.ini",
                          "[language]\ncode = ja\nname = 日本語\n[consent]\nversion = 0\ntext = 古い\n", NULL, 5,
                          "translates version '0' but forms.ini has version '1'"));
}

/* Counts: English gives KEY_one and KEY_other; a language without plural
 * forms gives only KEY_other, which serves every number. */
static void test_count_forms(void)
{
    static const char en_base[] = "[language]\ncode = en\nname = English\n[nav]\nhome = Home\nback = Back\n"
                                  "[approx]\nabout = about %s\nmore_than = more than %s\nat_least = at least %s\n"
                                  "[category]\nrescue = Rescue\nadvocacy = Advocacy\n"
                                  "[slides]\nslide_of = Slide %s of %s\n";
    static const char ja_base[] = "[language]\ncode = ja\nname = 日本語\n[nav]\nhome = ホーム\nback = 戻る\n"
                                  "[approx]\nabout = 約%s\nmore_than = %s以上\nat_least = 少なくとも%s\n"
                                  "[category]\nrescue = 救出\nadvocacy = 啓発\n[slides]\nslide_of = スライド %s / %s\n"
                                  "[choice]\nt1 = テーマ\ni1 = 関心\nl1 = 言語\n[consent]\nversion = 1\ntext = 同意\n";
    char *en = xasprintf("%s[count]\nrows_one = %%s row\nrows_other = %%s rows\n", en_base);
    char *ja = xasprintf("%s[count]\nrows_other = %%s行\n", ja_base);
    const char *dir = folder_with("strings/en.ini", en);
    free(test_write_file(dir, "strings/ja.ini", ja));
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK_INT(diag_count(&d, DIAG_WARNING), 0); /* no _one asked of Japanese */
    CHECK_STR(content_text_count(&c, "en", "count.rows", 0), "%s rows");
    CHECK_STR(content_text_count(&c, "en", "count.rows", 1), "%s row");
    CHECK_STR(content_text_count(&c, "en", "count.rows", 2), "%s rows");
    CHECK_STR(content_text_count(&c, "ja", "count.rows", 1), "%s行");
    CHECK_STR(content_text_count(&c, "ja", "count.rows", 2), "%s行");
    CHECK_STR(content_text_count(&c, "ko", "count.rows", 1), "%s row"); /* no such language: English */
    CHECK_STR(content_text_count(&c, "en", "count.none", 1), "count.none");
    content_free(&c);
    diag_free(&d);
    free(ja);

    /* a language with neither form: warned about, English shown */
    ja = xasprintf("%s", ja_base);
    dir = folder_with("strings/en.ini", en);
    free(test_write_file(dir, "strings/ja.ini", ja));
    CHECK(content_load(dir, &c, &d));
    CHECK(has_diag(&d, DIAG_WARNING, dir, "strings/ja.ini", 0, "missing 'count.rows_other'"));
    CHECK(has_diag(&d, DIAG_WARNING, dir, "strings/ja.ini", 0, "missing 'count.rows_one'"));
    CHECK_STR(content_text_count(&c, "ja", "count.rows", 1), "%s row");
    content_free(&c);
    diag_free(&d);
    free(ja);
    free(en);

    /* English must give the form for every other number */
    en = xasprintf("%s[count]\nrows_one = %%s row\n", en_base);
    CHECK(load_fails_with("strings/en.ini", en, NULL, 17, "'count.rows_one' has no 'count.rows_other'"));
    free(en);
}

static void test_contrast(void)
{
    const char *theme = "[theme]\nslide_bg = #13223A\nslide_text = #5A6A80\nslide_muted = #B9C3D3\n"
                        "slide_accent = #E8A872\nsurface = #FAF7F1\nsurface_alt = #EFE9DD\ntext = #1D2430\n"
                        "muted = #4F5662\nline = #CFC6B6\naccent = #9A4A22\naccent_text = #FFFFFF\n"
                        "danger = #A3261F\nsuccess = #2D6A3E\n";
    CHECK(load_fails_with("theme.ini", theme, NULL, 3, "slide_text on slide_bg has contrast"));
    const char *theme2 = "[theme]\nslide_bg = #13223A\nslide_text = #F6F2EA\nslide_muted = #B9C3D3\n"
                         "slide_accent = #E8A872\nsurface = #FAF7F1\nsurface_alt = #EFE9DD\ntext = #1D2430\n"
                         "muted = #AAAAAA\nline = #CFC6B6\naccent = #9A4A22\naccent_text = #FFFFFF\n"
                         "danger = #A3261F\nsuccess = #2D6A3E\n";
    CHECK(load_fails_with("theme.ini", theme2, NULL, 9, "muted on surface has contrast"));
    CHECK(load_fails_with("theme.ini", "[theme]\nslide_bg = navy\n", NULL, 2, "'navy' is not a colour"));
    /* a built-in colour that clashes with the one given is still checked */
    CHECK(load_fails_with("theme.ini", "[theme]\nslide_bg = #EEEEEE\n", NULL, 2, "slide_text on slide_bg"));
    /* a missing colour keeps the built-in one */
    const char *dir = folder_with("theme.ini", "[theme]\nslide_bg = #000000\n");
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK(has_diag(&d, DIAG_WARNING, dir, "theme.ini", 0, "missing colour 'surface': the built-in #FAF7F1 is used"));
    CHECK_INT(c.theme.slide_bg.r, 0);
    CHECK_INT(c.theme.surface.r, 0xFA);
    content_free(&c);
    diag_free(&d);
    /* no theme.ini at all: an error, but the kiosk still has colours */
    dir = folder_with("theme.ini", NULL);
    CHECK(!content_load(dir, &c, &d));
    CHECK_INT(c.theme.slide_text.r, 0xF6);
    CHECK_INT(c.theme.slide_text.a, 0xFF);
    content_free(&c);
    diag_free(&d);
}

static void test_free_accepts_empty(void)
{
    content_t c;
    memset(&c, 0, sizeof c);
    content_free(&c);
    content_free(&c); /* twice: content_free leaves a zeroed value */
    content_free(NULL);
    CHECK_STR(content_text(NULL, "en", "nav.home"), "nav.home");
    CHECK_STR(content_text(&c, "en", "nav.home"), "nav.home");
    CHECK(content_section(&c, "x") == NULL);
    CHECK(content_chart(&c, "x") == NULL);
    CHECK(content_lang(&c, "en") == NULL);
}

/* Every file broken at once: nothing crashes, every file is named. */
static void test_everything_broken(void)
{
    const char *dir = test_tmpdir();
    for (size_t i = 0; i < AGM_ARRAY_LEN(base_files); i++)
        free(test_write_file(dir, base_files[i].name, "\"\xFF,=[\n\"\n"));
    content_t c;
    diag_list_t d = {0};
    CHECK(!content_load(dir, &c, &d));
    for (size_t i = 0; i < AGM_ARRAY_LEN(base_files); i++) {
        char *file = path_join(dir, base_files[i].name);
        bool named = false;
        for (size_t j = 0; j < d.n && !named; j++)
            named = strcmp(d.v[j].file, file) == 0;
        CHECK_MSG(named, "%s is not named", file);
        free(file);
    }
    content_free(&c);
    diag_free(&d);
}

/* ---- the bundled content --------------------------------------------------- */

static const char *root(void)
{
    return test_root();
}

typedef struct {
    const char *id, *group;
    double value;
    approx_t approx;
} want_stat_t;

static void test_bundled_content(void)
{
    char *dir = path_join(root(), "content");
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(diag_count(&d, DIAG_ERROR), 0);
    CHECK_INT(diag_count(&d, DIAG_WARNING), 0);
    /* the figures issue 2 names, as the report states them */
    static const want_stat_t want[] = {
        {"defectors-2002-06", "defectors", 1000, APPROX_ABOUT},
        {"defectors-2007", "defectors", 2000, APPROX_ABOUT},
        {"defectors-2011", "defectors", 2737, APPROX_EXACT},
        {"defectors-2012-h1", "defectors", 1300, APPROX_MORE_THAN},
        {"helped-to-safety", "rescue", 8, APPROX_EXACT},
        {"safety-february", "rescue", 3, APPROX_EXACT},
        {"safety-august", "rescue", 5, APPROX_EXACT},
        {"food", "aid", 50, APPROX_EXACT},
        {"homeless-children-fed", "aid", 20, APPROX_EXACT},
        {"medical-kits", "aid", 600, APPROX_EXACT},
        {"foster-children", "education", 20, APPROX_EXACT},
        {"paypal-donations", "support", 342, APPROX_EXACT},
        {"paypal-increase", "support", 100, APPROX_MORE_THAN},
        {"translated-previous", "translations", 19, APPROX_EXACT},
        {"translated-2012", "translations", 34, APPROX_EXACT},
        {"icnk-ngos", "cooperation", 43, APPROX_EXACT},
        {"icnk-nations", "cooperation", 15, APPROX_EXACT},
        {"spanish-court-ngos", "cooperation", 18, APPROX_EXACT},
        {"japanese-terms", "education", 3, APPROX_EXACT},
        {"japanese-hours", "education", 180, APPROX_EXACT},
        {"japanese-hours-per-term", "education", 60, APPROX_EXACT},
        {"partner-ngos", "cooperation", 20, APPROX_MORE_THAN},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(want); i++) {
        const stat_t *s = content_stat(&c, want[i].id);
        CHECK_MSG(s != NULL, "no figure '%s'", want[i].id);
        CHECK_STR(s->group, want[i].group);
        CHECK_MSG(s->value == want[i].value, "%s = %g, want %g", want[i].id, s->value, want[i].value);
        CHECK_MSG(s->approx == want[i].approx, "%s approx %d, want %d", want[i].id, (int)s->approx, (int)want[i].approx);
        CHECK(content_chart(&c, s->group) != NULL);
    }
    CHECK_STR(content_stat(&c, "helped-to-safety")->note, "3 in February, 5 in August");
    CHECK_STR(content_stat(&c, "defectors-2002-06")->label, "2002-06 (yearly average)");
    CHECK_CONTAINS(content_stat(&c, "paypal-donations")->note, "slightly more than 100");
    CHECK_INT(content_chart(&c, "defectors")->kind, CHART_BAR);
    const stat_t *bars[8];
    CHECK_INT(content_group_stats(&c, "defectors", bars, 8), 4);
    CHECK_STR(bars[0]->id, "defectors-2002-06"); /* file order */
    CHECK_STR(bars[3]->id, "defectors-2012-h1");
    CHECK_INT(content_group_stats(&c, "defectors", bars, 2), 4); /* counts past max */
    CHECK_INT(content_group_stats(&c, "defectors", NULL, 0), 4);
    CHECK_INT(content_group_stats(&c, "nope", bars, 8), 0);
    CHECK_STR(content_chart(&c, "defectors")->source,
              "2002–2007: South Korea Ministry of Unification; 2011 and 2012: LFNKR 2012 Annual Report");

    /* event, report and timeline */
    CHECK_STR(c.event.title, "LFNKR 15th General Meeting");
    CHECK_STR(c.event.date, "2012-10-08");
    CHECK_STR(c.event.place, "Tokyo");
    CHECK_CONTAINS(c.event.organizer, "Life Funds for North Korean Refugees");
    CHECK_STR(c.report.title, "LFNKR’s 2012 Annual Report");
    CHECK(c.report.nsections >= 11);
    CHECK(content_section(&c, "distribution-of-food-and-medicines") != NULL);
    CHECK(content_section(&c, "problems-remaining-to-be-solved") != NULL);
    CHECK_INT(c.ntimeline, 17);
    CHECK_INT(c.timeline[0].year, 2011);
    CHECK_INT(c.timeline[0].month, 9);
    CHECK_INT(c.timeline[0].day, 7);
    CHECK_INT(c.timeline[0].end_day, 8);
    CHECK_INT(c.timeline[c.ntimeline - 1].year, 2012);
    CHECK_INT(c.timeline[c.ntimeline - 1].month, 8);
    CHECK_INT(c.timeline[c.ntimeline - 1].day, 23);
    for (size_t i = 0; i < c.ntimeline; i++) {
        const tl_event_t *e = &c.timeline[i];
        long k = e->year * 10000L + e->month * 100 + e->day;
        CHECK_MSG(k >= 20110901 && k <= 20120831, "%s is outside the fiscal year", e->id);
    }
    /* the slides open with the title and end with the invitation */
    CHECK(c.nslides >= 10);
    CHECK_INT(c.slides[0].kind, SLIDE_TITLE);
    CHECK_INT(c.slides[c.nslides - 1].kind, SLIDE_CLOSING);
    /* forms: the interests issue 5 lists, and the consent */
    CHECK_INT(c.forms.ninterests, 6);
    CHECK_STR(c.forms.interests[0].label, "Volunteer at events");
    CHECK_CONTAINS(c.forms.consent_text, "only on this kiosk");
    CHECK(*c.forms.consent_version);
    /* three languages, each with its own name */
    CHECK_INT(c.nlangs, 3);
    CHECK_STR(content_lang(&c, "ja")->name, "日本語");
    CHECK_STR(content_lang(&c, "ko")->name, "한국어");
    CHECK_STR(content_text(&c, "en", "error.save_failed"), "Could not save. Please ask a staff member.");
    CHECK_STR(content_text(&c, "en", "approx.about"), "about %s");
    /* Japanese continuation lines are joined without a stray space */
    CHECK(strstr(content_consent_text(&c, "ja"), "、 ") == NULL);
    char buf[64];
    content_format_value(&c, "en", content_stat(&c, "defectors-2002-06"), buf, sizeof buf);
    CHECK_STR(buf, "about 1,000");
    content_format_value(&c, "en", content_stat(&c, "defectors-2012-h1"), buf, sizeof buf);
    CHECK_STR(buf, "more than 1,300");
    content_format_value(&c, "ja", content_stat(&c, "defectors-2012-h1"), buf, sizeof buf);
    CHECK_STR(buf, "1,300超");
    content_free(&c);
    diag_free(&d);
    free(dir);
}

/* A folder of another organization: other categories, charts, columns in
 * another order, a Japanese report, two languages. */
static void test_other_folder(void)
{
    char *dir = path_join(root(), "tests/data/content-other");
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    diag_print(&d, stderr);
    CHECK(ok);
    CHECK_INT(d.n, 0);
    CHECK_STR(c.report.title, "2013年 活動報告");
    CHECK_STR(c.report.sections[0].id, "section-1");
    CHECK_STR(c.timeline[0].id, "talk");
    CHECK_STR(c.timeline[1].category, "fundraising");
    CHECK_STR(content_text(&c, "ja", "category.fundraising"), "募金");
    CHECK_STR(c.slides[2].body, "本日はご来場いただき、ありがとうございます。");
    char buf[64];
    content_format_value(&c, "en", content_stat(&c, "raised-2013"), buf, sizeof buf);
    CHECK_STR(buf, "1.25");
    content_format_value(&c, "ja", content_stat(&c, "volunteers"), buf, sizeof buf);
    CHECK_STR(buf, "35以上");
    CHECK_STR(content_consent_text(&c, "ja"),
              "お名前とメールアドレスを、連絡のためだけに、書き出すまでこの端末に保存します。いつでも削除を申し出ることができます。");
    content_free(&c);
    diag_free(&d);
    free(dir);
}

/* ---- formatting and text lookup ------------------------------------------ */

static void test_format_value(void)
{
    const char *dir = folder_with(NULL, NULL);
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    char buf[64];
    stat_t s = {.value = 2737, .approx = APPROX_EXACT};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "2,737");
    s = (stat_t){.value = 1000, .approx = APPROX_ABOUT};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "about 1,000");
    content_format_value(&c, "ja", &s, buf, sizeof buf);
    CHECK_STR(buf, "約1,000");
    s = (stat_t){.value = 1300, .approx = APPROX_MORE_THAN};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "more than 1,300");
    content_format_value(&c, "ko", &s, buf, sizeof buf); /* no ko here: English */
    CHECK_STR(buf, "more than 1,300");
    s = (stat_t){.value = 20, .approx = APPROX_AT_LEAST};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "at least 20");
    s = (stat_t){.value = 50};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "50");
    s = (stat_t){.value = 1234567.5};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "1,234,567.5");
    s = (stat_t){.value = -1000.25};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "-1,000.25");
    s = (stat_t){.value = 0};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "0");
    s = (stat_t){.value = 999};
    content_format_value(&c, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "999");
    /* a small buffer is cut, terminated, and never mid-character */
    s = (stat_t){.value = 1000, .approx = APPROX_ABOUT};
    char small[4];
    content_format_value(&c, "en", &s, small, sizeof small);
    CHECK_STR(small, "abo");
    content_format_value(&c, "ja", &s, small, sizeof small);
    CHECK_STR(small, "約");
    content_format_value(&c, "en", NULL, buf, sizeof buf);
    CHECK_STR(buf, "");
    /* without any strings, approximate figures are still marked */
    content_t empty;
    memset(&empty, 0, sizeof empty);
    s = (stat_t){.value = 1300, .approx = APPROX_MORE_THAN};
    content_format_value(&empty, "en", &s, buf, sizeof buf);
    CHECK_STR(buf, "more than 1,300");
    content_free(&c);
    diag_free(&d);
}

static void test_text_fallback(void)
{
    const char *dir = folder_with(NULL, NULL);
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK_STR(content_text(&c, "ja", "nav.home"), "ホーム");
    CHECK_STR(content_text(&c, "en", "nav.home"), "Home");
    CHECK_STR(content_text(&c, "fr", "nav.home"), "Home");      /* unknown language: English */
    CHECK_STR(content_text(&c, NULL, "nav.back"), "Back");
    CHECK_STR(content_text(&c, "ja", "no.such_key"), "no.such_key"); /* visible, not a crash */
    CHECK_STR(content_text(&c, "en", "choice.t1"), "Topic");     /* from forms.ini */
    CHECK_STR(content_text(&c, "ja", "choice.t1"), "テーマ");
    CHECK_STR(content_choice_label(&c, "ja", &c.forms.interests[0]), "関心");
    CHECK_STR(content_choice_label(&c, "en", &c.forms.interests[0]), "Interest");
    CHECK_STR(content_consent_text(&c, "ja"), "同意します。");
    CHECK_STR(content_consent_text(&c, "en"), "I agree.");
    CHECK_STR(content_consent_text(&c, "ko"), "I agree.");
    char buf[64];
    const char *args[] = {"3", "21"};
    content_text_args(&c, "en", "slides.slide_of", args, 2, buf, sizeof buf);
    CHECK_STR(buf, "Slide 3 of 21");
    content_text_args(&c, "ja", "slides.slide_of", args, 1, buf, sizeof buf);
    CHECK_STR(buf, "スライド 3 / ");
    content_subst("100%% %d %s", args, 1, buf, sizeof buf);
    CHECK_STR(buf, "100% %d 3"); /* only %s and %% are interpreted */
    content_format_date(&c, "en", "date.full", 2012, 10, 8, buf, sizeof buf);
    CHECK_STR(buf, "2012-10-8"); /* no date.full in this folder: a plain fallback */
    content_free(&c);
    diag_free(&d);

    char *bdir = path_join(root(), "content");
    CHECK(content_load(bdir, &c, &d));
    content_format_date(&c, "en", "date.full", 2012, 10, 8, buf, sizeof buf);
    CHECK_STR(buf, "October 8, 2012");
    content_format_date(&c, "ja", "date.full", 2012, 10, 8, buf, sizeof buf);
    CHECK_STR(buf, "2012年10月8日");
    content_format_date(&c, "ko", "date.short", 2012, 2, 4, buf, sizeof buf);
    CHECK_STR(buf, "2월 4일");
    content_free(&c);
    diag_free(&d);
    free(bdir);
}

/* ---- the general meeting: members.csv, resolutions.ini, [quorum] ---------- */

/* The base folder plus one more file. */
static const char *folder_plus(const char *name, const char *text, const char *name2, const char *text2)
{
    const char *dir = folder_with(NULL, NULL);
    free(test_write_file(dir, name, text));
    if (name2)
        free(test_write_file(dir, name2, text2));
    return dir;
}

static bool plus_fails_with(const char *name, const char *text, const char *name2, const char *text2,
                            const char *file, int line, const char *msg)
{
    const char *dir = folder_plus(name, text, name2, text2);
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    bool found = has_diag(&d, DIAG_ERROR, dir, file, line, msg);
    content_free(&c);
    diag_free(&d);
    return !ok && found;
}

static void test_meeting_files_load(void)
{
    const char *dir = folder_plus("members.csv",
                                  "id,name,kind,reading\nM1,田中 花子,regular,たなか はなこ\nM2,Ann,supporting,\n"
                                  "M3,Bo,regular,\n",
                                  "resolutions.ini",
                                  "[r1]\ntitle = Approve the report\ntitle.ja = 報告の承認\ntext = That we approve.\n"
                                  "majority = two_thirds\n\n[r2]\ntitle = Second\nmajority = attending\n");
    free(test_write_file(dir, "event.ini",
                         "[event]\ntitle = T\ndate = 2012-10-08\nplace = Tokyo\norganizer = Org\n"
                         "[quorum]\nshare = 1/3\nrule = more_than\ncounts = present, proxy\n"));
    content_t c;
    diag_list_t d = {0};
    CHECK(content_load(dir, &c, &d));
    CHECK_INT(c.nmembers, 3);
    CHECK_STR(c.members[0].reading, "たなか はなこ");
    CHECK(c.members[0].voting && !c.members[1].voting);
    CHECK_INT(content_voting_members(&c), 2);
    CHECK_INT(c.nresolutions, 2);
    CHECK_INT(c.resolutions[0].majority, MEET_TWO_THIRDS);
    CHECK_STR(content_resolution(content_in(&c, "ja"), "r1")->title, "報告の承認");
    CHECK_STR(content_resolution(content_in(&c, "ja"), "r2")->title, "Second"); /* English where untranslated */
    CHECK(c.event.quorum.set && c.event.quorum.num == 1 && c.event.quorum.den == 3 && c.event.quorum.more_than);
    CHECK_INT(c.event.quorum.counts, MEET_BIT(MEET_PRESENT) | MEET_BIT(MEET_PROXY));
    CHECK_INT(meet_quorum_needed(&c.event.quorum, content_voting_members(&c)), 1);
    content_free(&c);
    diag_free(&d);
    /* without the files: no members, no resolutions, the default rule, no problem */
    dir = folder_with(NULL, NULL);
    CHECK(content_load(dir, &c, &d));
    CHECK_INT(c.nmembers + c.nresolutions, 0);
    CHECK(!c.event.quorum.set && c.event.quorum.num == 1 && c.event.quorum.den == 2);
    content_free(&c);
    diag_free(&d);
}

static void test_meeting_files_errors(void)
{
    CHECK(plus_fails_with("members.csv", "id,name,kind\nM1,A,regular\nM2,B,chair\n", NULL, NULL, "members.csv", 3,
                          "unknown kind 'chair'"));
    CHECK(plus_fails_with("members.csv", "id,name,kind\nM1,A,regular\nM1,B,regular\n", NULL, NULL, "members.csv", 3,
                          "duplicate id 'M1' (first used on line 2)"));
    CHECK(plus_fails_with("members.csv", "id,name\nM1,A\n", NULL, NULL, "members.csv", 1,
                          "missing required column 'kind'"));
    CHECK(plus_fails_with("members.csv", "id,name,kind\nM 1,A,regular\n", NULL, NULL, "members.csv", 2,
                          "member id 'M 1'"));
    CHECK(plus_fails_with("resolutions.ini", "[r1]\ntitle = A\nmajority = most\n", NULL, NULL, "resolutions.ini", 3,
                          "unknown majority 'most'"));
    CHECK(plus_fails_with("resolutions.ini", "[r1]\ntext = no title\nmajority = simple\n", NULL, NULL,
                          "resolutions.ini", 1, "[r1] has no 'title'"));
    CHECK(plus_fails_with("resolutions.ini", "[r1]\ntitle = A\n\n[r1]\ntitle = B\n", NULL, NULL, "resolutions.ini",
                          4, "[r1] is given twice"));
    CHECK(load_fails_with("event.ini",
                          "[event]\ntitle = T\ndate = 2012-10-08\nplace = P\norganizer = O\n[quorum]\nshare = 3/2\n",
                          NULL, 7, "share '3/2'"));
    CHECK(load_fails_with("event.ini",
                          "[event]\ntitle = T\ndate = 2012-10-08\nplace = P\norganizer = O\n[quorum]\n"
                          "counts = present, guest\n",
                          NULL, 7, "counts 'present, guest'"));
    CHECK(load_fails_with("event.ini",
                          "[event]\ntitle = T\ndate = 2012-10-08\nplace = P\norganizer = O\n[quorum]\nmembers = 0\n",
                          NULL, 7, "members '0'"));
    /* a slide naming a resolution that is not there */
    CHECK(plus_fails_with("resolutions.ini", "[approve-report]\ntitle = A\nmajority = simple\n", "slides.ini",
                          "[slide]\nshow = title\n\n[slide]\nshow = resolution approve-reprot\n", "slides.ini", 5,
                          "unknown resolution 'approve-reprot'; did you mean 'approve-report'?"));
    CHECK(load_fails_with("slides.ini", "[slide]\nshow = attendance now\n", NULL, 2,
                          "'show = attendance' takes nothing after it"));
}

static void test_bundled_meeting(void)
{
    content_t c;
    CHECK(test_load_bundled(&c));
    CHECK_INT(c.nresolutions, 3);
    CHECK(content_resolution(&c, "approve-report") && content_resolution(&c, "approve-accounts") &&
          content_resolution(&c, "approve-plan"));
    for (size_t i = 0; i < c.nresolutions; i++) {
        CHECK(c.resolutions[i].majority == MEET_ATTENDING);
        CHECK(strcmp(content_in(&c, "ja")->resolutions[i].title, c.resolutions[i].title) != 0);
        CHECK(strcmp(content_in(&c, "ko")->resolutions[i].text, c.resolutions[i].text) != 0);
    }
    CHECK(c.event.quorum.set && c.event.quorum.counts == MEET_COUNTS_ALL);
    CHECK_INT(c.nmembers, 0); /* no invented member list */
    size_t kinds = 0;
    for (size_t i = 0; i < c.nslides; i++)
        kinds += c.slides[i].kind == SLIDE_ATTENDANCE || c.slides[i].kind == SLIDE_RESOLUTION;
    CHECK_INT(kinds, 4);
    content_free(&c);
}

int main(void)
{
    RUN(test_meeting_files_load);
    RUN(test_meeting_files_errors);
    RUN(test_bundled_meeting);
    RUN(test_base_folder_loads);
    RUN(test_report_structure);
    RUN(test_missing_folder);
    RUN(test_missing_file);
    RUN(test_empty_file);
    RUN(test_invalid_utf8);
    RUN(test_bom_accepted);
    RUN(test_crlf_accepted);
    RUN(test_unterminated_quote);
    RUN(test_wrong_column_count);
    RUN(test_non_numeric_value);
    RUN(test_unknown_date_format);
    RUN(test_end_before_start);
    RUN(test_duplicate_ids);
    RUN(test_unknown_chart_group);
    RUN(test_unknown_category_is_ok);
    RUN(test_empty_required_field);
    RUN(test_missing_required_field);
    RUN(test_slide_refs);
    RUN(test_store_limits_checked);
    RUN(test_ini_long_line);
    RUN(test_strings_against_en);
    RUN(test_count_forms);
    RUN(test_contrast);
    RUN(test_free_accepts_empty);
    RUN(test_everything_broken);
    RUN(test_bundled_content);
    RUN(test_other_folder);
    RUN(test_format_value);
    RUN(test_text_fallback);
    return test_summary();
}
