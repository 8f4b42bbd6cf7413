/* Corrections of the bundled content and strings after a line-by-line
 * check against the 2012 report: each test states what the report says (or
 * what the language needs) and reads it from the loaded content. */
#include "test.h"
#include "testcontent.h"
#include "content/content.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static content_t c;
static bool loaded;

static void load(void)
{
    if (!loaded)
        loaded = test_load_bundled(&c);
    CHECK(loaded);
}

static const tl_event_t *event(const char *id)
{
    for (size_t i = 0; i < c.ntimeline; i++)
        if (strcmp(c.timeline[i].id, id) == 0)
            return &c.timeline[i];
    return NULL;
}

/* The raw value of key in one language (no fallback to English). */
static const char *own(const char *lang, const char *key)
{
    const strings_t *s = content_lang(&c, lang);
    for (size_t i = 0; s && i < s->nkv; i++)
        if (strcmp(s->kv[i].key, key) == 0)
            return s->kv[i].value;
    return NULL;
}

/* The report says three people reached safe zones in February 2012, not
 * that they were the three of "Dragon 0201" (the Feb. 9 operation could be
 * theirs): the sentence is not tied to that row. */
static void test_dragon_0201_not_tied_to_february_safety(void)
{
    load();
    const tl_event_t *e = event("dragon-0201");
    CHECK(e != NULL);
    if (!e)
        return;
    CHECK_MSG(!strstr(e->detail, "safe zone"), "dragon-0201 detail: %s", e->detail);
    for (size_t i = 0; i < c.nlangs; i++) {
        const content_t *v = content_in(&c, c.langs[i].lang);
        for (size_t k = 0; k < v->ntimeline; k++)
            if (strcmp(v->timeline[k].id, "dragon-0201") == 0)
                CHECK_MSG(!*v->timeline[k].detail || !strstr(v->timeline[k].detail, "2012"),
                          "%s: %s", c.langs[i].lang, v->timeline[k].detail);
    }
}

/* "LFNKR helped 8 of those defectors reach safe zones" is in "North Korean
 * defectors still flowing out"; the five defectors at the meeting are no
 * donors or supporters. */
static void test_figures_in_their_sections_and_groups(void)
{
    load();
    const stat_t *s = content_stat(&c, "helped-to-safety");
    CHECK(s != NULL);
    if (s)
        CHECK_STR(s->section, "North Korean defectors still flowing out");
    s = content_stat(&c, "defectors-at-meeting");
    CHECK(s != NULL);
    if (s) {
        CHECK(strcmp(s->group, "support") != 0);
        const chart_t *ch = content_chart(&c, s->group);
        CHECK(ch != NULL);
        if (ch)
            CHECK_MSG(!strstr(ch->title, "onor") && !strstr(ch->title, "upporter"), "%s", ch->title);
    }
}

/* The Ministry of Unification is the source of 2002-07 only, and
 * "resettled in South Korea" is said of 2011 only; the half-year bar says
 * on itself that it is half a year. */
static void test_defectors_chart_wording(void)
{
    load();
    const chart_t *ch = content_chart(&c, "defectors");
    CHECK(ch != NULL);
    if (!ch)
        return;
    CHECK_MSG(!strstr(ch->title, "resettled"), "title: %s", ch->title);
    CHECK_MSG(strcmp(ch->source, "South Korea Ministry of Unification") != 0, "source: %s", ch->source);
    CHECK_MSG(strstr(ch->source, "2002") && strstr(ch->source, "Ministry of Unification"), "source: %s", ch->source);
    const stat_t *h1 = content_stat(&c, "defectors-2012-h1");
    CHECK(h1 != NULL);
    if (h1)
        CHECK_MSG(strstr(h1->label, "Jan.") && strstr(h1->label, "June"), "label: %s", h1->label);
    /* what the slide's notes say of the chart agrees */
    for (size_t i = 0; i < c.nslides; i++)
        if (c.slides[i].kind == SLIDE_CHART && strcmp(c.slides[i].ref, "defectors") == 0 && c.slides[i].notes)
            CHECK_MSG(!strstr(c.slides[i].notes, "Figures from the South Korea Ministry of Unification."), "%s",
                      c.slides[i].notes);
}

/* More PayPal donations, but the total amount did not exceed the previous
 * year's: both the tiles and the slide say so. */
static void test_donations_say_the_total_did_not_grow(void)
{
    load();
    const stat_t *s = content_stat(&c, "paypal-donations");
    CHECK(s != NULL);
    if (s)
        CHECK_MSG(strstr(s->note, "total amount"), "note: %s", s->note);
    bool slide = false;
    for (size_t i = 0; i < c.nslides; i++)
        if (c.slides[i].kind == SLIDE_CHART && strcmp(c.slides[i].ref, "support") == 0) {
            slide = true;
            CHECK_MSG(c.slides[i].notes && strstr(c.slides[i].notes, "total amount"), "%s",
                      c.slides[i].notes ? c.slides[i].notes : "(no notes)");
        }
    CHECK(slide);
}

/* Japanese: a list of things one can do takes the ～たり～たり form. */
static void test_ja_intro_tari(void)
{
    load();
    const char *v = own("ja", "home.intro");
    CHECK(v != NULL);
    if (!v)
        return;
    int n = 0;
    for (const char *p = v; (p = strstr(p, "たり")); p += 6)
        n++;
    CHECK_MSG(n >= 2, "%s", v);
    CHECK_MSG(!strstr(v, "などができます"), "%s", v);
}

/* The thank-you says the question reaches the organizers, not that it was
 * saved "for" them. */
static void test_thanks_reach_the_organizers(void)
{
    load();
    const char *ja = own("ja", "ask.thanks"), *ko = own("ko", "ask.thanks");
    CHECK(ja && ko);
    if (!ja || !ko)
        return;
    CHECK_MSG(!strstr(ja, "のために"), "%s", ja);
    CHECK_MSG(strstr(ja, "主催者に"), "%s", ja);
    CHECK_MSG(!strstr(ko, "위해"), "%s", ko);
    CHECK_MSG(strstr(ko, "전달"), "%s", ko);
}

/* Language pairs are spelled out: no 韓日 / 日英 in Japanese, no 일영 in Korean. */
static void test_language_pairs_spelled_out(void)
{
    load();
    static const struct { const char *lang, *bad; } bad[] = {
        {"ja", "韓日"}, {"ja", "日英"}, {"ja", "韓英"}, {"ko", "일영"}, {"ko", "한일"}, {"ko", "일한"},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(bad); i++) {
        const strings_t *s = content_lang(&c, bad[i].lang);
        for (size_t k = 0; s && k < s->nkv; k++)
            CHECK_MSG(!strstr(s->kv[k].value, bad[i].bad), "%s %s: %s", bad[i].lang, s->kv[k].key, s->kv[k].value);
    }
}

/* "回" alone is no column label. */
static void test_ja_batch_label(void)
{
    load();
    const char *v = own("ja", "admin.batch");
    CHECK(v != NULL);
    if (v)
        CHECK_MSG(strcmp(v, "回") != 0 && strlen(v) > 3, "%s", v);
}

/* Japanese writes its colons full-width. */
static void test_ja_colons_full_width(void)
{
    load();
    const strings_t *s = content_lang(&c, "ja");
    CHECK(s != NULL);
    for (size_t k = 0; s && k < s->nkv; k++)
        CHECK_MSG(!strchr(s->kv[k].value, ':'), "ja %s: %s", s->kv[k].key, s->kv[k].value);
}

/* Advocacy holds petitions and the court network, not only raising awareness. */
static void test_ko_advocacy(void)
{
    load();
    const char *v = own("ko", "category.advocacy");
    CHECK(v != NULL);
    if (v)
        CHECK_MSG(!strstr(v, "알리기"), "%s", v);
}

/* One English phrase, one translation: "Please ask a staff member." */
static void test_staff_member_phrase_one_way(void)
{
    load();
    static const struct { const char *lang, *phrase; } want[] = {
        {"ja", "お手数ですが、係の者にお声がけください。"},
        {"ko", "직원에게 문의해 주세요."},
    };
    const strings_t *en = content_lang(&c, "en");
    CHECK(en != NULL);
    for (size_t w = 0; w < AGM_ARRAY_LEN(want); w++) {
        int n = 0;
        for (size_t k = 0; en && k < en->nkv; k++) {
            if (!strstr(en->kv[k].value, "Please ask a staff member."))
                continue;
            const char *v = own(want[w].lang, en->kv[k].key);
            CHECK(v != NULL);
            n++;
            if (v)
                CHECK_MSG(strstr(v, want[w].phrase), "%s %s: %s", want[w].lang, en->kv[k].key, v);
        }
        CHECK(n >= 3);
    }
}

/* "more than" is more than: not 以上 / 이상, which read as "or more". */
static void test_more_than(void)
{
    load();
    const char *ja = own("ja", "approx.more_than"), *ko = own("ko", "approx.more_than");
    CHECK(ja && ko);
    if (ja)
        CHECK_MSG(!strstr(ja, "以上"), "%s", ja);
    if (ko)
        CHECK_MSG(!strstr(ko, "이상"), "%s", ko);
    const char *jn = own("ja", "stats.approx_note"), *kn = own("ko", "stats.approx_note");
    if (jn)
        CHECK_MSG(!strstr(jn, "以上"), "%s", jn);
    if (kn)
        CHECK_MSG(!strstr(kn, "이상"), "%s", kn);
}

/* One name for the kiosk in each language: 端末 in Japanese (キオスク is a
 * newsstand), 키오스크 in Korean. */
static void test_one_name_for_the_kiosk(void)
{
    load();
    static const struct { const char *lang, *other; } names[] = {{"ja", "キオスク"}, {"ko", "단말기"}};
    for (size_t i = 0; i < AGM_ARRAY_LEN(names); i++) {
        const strings_t *s = content_lang(&c, names[i].lang);
        for (size_t k = 0; s && k < s->nkv; k++)
            CHECK_MSG(!strstr(s->kv[k].value, names[i].other), "%s %s: %s", names[i].lang, s->kv[k].key,
                      s->kv[k].value);
    }
}

/* "Clear" (everything) and "Delete" (one character) never share a label;
 * both delete keys say the same. */
static void test_clear_and_delete_labels(void)
{
    load();
    static const struct { const char *lang, *all, *one; } w[] = {
        {"ja", "すべて", "1文字"}, {"ko", "모두", "1자"},
    };
    for (size_t i = 0; i < AGM_ARRAY_LEN(w); i++) {
        const char *clear = own(w[i].lang, "form.clear"), *bs = own(w[i].lang, "keyboard.backspace"),
                   *pin = own(w[i].lang, "admin.pin_delete");
        CHECK(clear && bs && pin);
        if (!clear || !bs || !pin)
            continue;
        CHECK_MSG(strcmp(clear, bs) != 0 && strcmp(clear, pin) != 0, "%s: %s / %s / %s", w[i].lang, clear, bs, pin);
        CHECK_MSG(strstr(clear, w[i].all), "%s clear: %s", w[i].lang, clear);
        CHECK_MSG(strstr(bs, w[i].one) && strstr(pin, w[i].one), "%s: %s / %s", w[i].lang, bs, pin);
    }
}

int main(void)
{
    RUN(test_dragon_0201_not_tied_to_february_safety);
    RUN(test_figures_in_their_sections_and_groups);
    RUN(test_defectors_chart_wording);
    RUN(test_donations_say_the_total_did_not_grow);
    RUN(test_ja_intro_tari);
    RUN(test_thanks_reach_the_organizers);
    RUN(test_language_pairs_spelled_out);
    RUN(test_ja_batch_label);
    RUN(test_ja_colons_full_width);
    RUN(test_ko_advocacy);
    RUN(test_staff_member_phrase_one_way);
    RUN(test_more_than);
    RUN(test_one_name_for_the_kiosk);
    RUN(test_clear_and_delete_labels);
    if (loaded)
        content_free(&c);
    return test_summary();
}
