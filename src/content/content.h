/* content.h - everything an organizer edits, loaded from a content folder
 * into plain structures. No SDL here.
 *
 * The folder (see content/README.md for the organizer's view):
 *   event.ini       [event] title, subtitle, date (YYYY-MM-DD), place, organizer, url
 *   report.md       the annual report in Markdown: "# Title", "## Section", "### Subsection",
 *                   paragraphs, "-" / "1." lists, *emphasis*, **strong**
 *   timeline.csv    id,date,end_date,title,detail,category
 *   stats.csv       id,group,label,value,unit,approx,section,note
 *   charts.ini      one [group] per chart or tile group: kind = bar|tiles, title, unit, source
 *   slides.ini      one [slide] per slide in order: show = title | section ID | timeline |
 *                   chart ID | text | closing; optional heading, body, notes
 *   forms.ini       [topics] [interests] [languages] as "id = English label",
 *                   [consent] version, text
 *   theme.ini       [theme] palette (#RRGGBB), so an event can be restyled; missing
 *                   colours keep the built-in palette; contrast is checked
 *   members.csv     optional: id,name,kind[,reading] - the members for the
 *                   attendance register (kind regular: a voting member)
 *   resolutions.ini optional: one [ID] per resolution: title, text, majority
 *   strings/LANG.ini  UI text per language: [language] code, name; then [section]
 *                   key = text, looked up as "section.key" (en is the fallback)
 *
 * Translations of the content (see content_in()): report.LANG.md beside
 * report.md (sections matched by "{#id}" after the heading, else by
 * position); a column TEXT.LANG beside a text column of timeline.csv and
 * stats.csv ("title.ja"); a key KEY.LANG beside a text key of event.ini,
 * charts.ini and slides.ini ("title.ja = ..."). LANG is a language of
 * strings/. Each is kept with the element it translates (tr_t).
 *
 * Every string is well-formed UTF-8 without a BOM; every element remembers
 * the line it came from so later checks can point at it.
 *
 * Ownership: content_load() fills a content_t that owns all its strings and
 * arrays; content_free() releases them and accepts a zeroed or half-loaded
 * value. */
#ifndef AGM_CONTENT_H
#define AGM_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/color.h"
#include "../core/diag.h"
#include "../core/meeting.h"

/* ---- translations -------------------------------------------------------- */

/* One translated text of an element: which of its fields ("title"), the
 * language, the text, and the line it was written on (in the element's
 * own file: a CSV row or an INI key). */
typedef struct {
    char *field;
    char *lang;
    char *text;
    int line;
} tr_t;

typedef struct {
    tr_t *v;
    size_t n, cap;
} trs_t;

/* ---- report.md --------------------------------------------------------- */

enum {
    SPAN_REGULAR = 0,
    SPAN_BOLD = 1,    /* **strong** */
    SPAN_ITALIC = 2,  /* *emphasis* */
    SPAN_LINK = 4,    /* link text (URL is not followed on a kiosk) */
};

typedef struct {
    char *text;   /* UTF-8, no newlines (soft breaks become spaces) */
    int style;    /* SPAN_* bits */
} span_t;

typedef enum {
    BLOCK_HEADING,   /* level 3+ headings inside a section (subsections) */
    BLOCK_PARAGRAPH,
    BLOCK_ITEM,      /* one list item; number > 0 for ordered lists */
    BLOCK_QUOTE,     /* a paragraph inside a block quote */
} block_kind_t;

typedef struct {
    block_kind_t kind;
    int level;       /* heading level (3..6), list nesting depth (1..) */
    int number;      /* ordered list item number, 0 for bullets */
    span_t *spans;
    size_t nspans;
    int line;        /* line in report.md */
} block_t;

typedef struct {
    char *id;        /* slug of the title: "distribution-of-food-and-medicines" */
    char *title;     /* the "## " heading text */
    block_t *blocks;
    size_t nblocks;
    int line;
} section_t;

typedef struct {
    char *title;         /* the "# " heading */
    int title_line;
    block_t *intro;      /* blocks before the first section */
    size_t nintro;
    section_t *sections;
    size_t nsections;
} report_t;

/* ---- timeline.csv ------------------------------------------------------ */

typedef struct {
    char *id;
    int year, month, day;          /* start date */
    int end_year, end_month, end_day; /* 0 when the activity is one day */
    char *title;
    char *detail;                  /* may be empty */
    char *category;                /* rescue, education, advocacy, event, aid, ... */
    int line;
    trs_t tr;                      /* title.LANG, detail.LANG */
} tl_event_t;

/* ---- stats.csv + charts.ini ------------------------------------------- */

typedef enum {
    APPROX_EXACT = 0,       /* "" or "exact" */
    APPROX_ABOUT,           /* "about": shown as "about 1,000" */
    APPROX_MORE_THAN,       /* "more_than": "more than 1,300" */
    APPROX_AT_LEAST,        /* "at_least" */
} approx_t;

typedef struct {
    char *id;
    char *group;      /* a [group] of charts.ini */
    char *label;      /* "2011", "Food supplied" */
    double value;
    char *unit;       /* "defectors", "tons"; may be empty */
    approx_t approx;
    char *section;    /* the report section it comes from (title as written) */
    char *note;       /* optional short context, e.g. "3 in February, 5 in August" */
    int line;
    trs_t tr;         /* label.LANG, unit.LANG, note.LANG */
} stat_t;

typedef enum { CHART_BAR, CHART_TILES } chart_kind_t;

typedef struct {
    char *id;         /* the [group] name */
    chart_kind_t kind;
    char *title;
    char *unit;       /* axis unit for bar charts */
    char *source;     /* e.g. "South Korea Ministry of Unification" */
    int line;
    trs_t tr;         /* title.LANG, unit.LANG, source.LANG */
} chart_t;

/* ---- event.ini, slides.ini -------------------------------------------- */

typedef struct {
    char *title, *subtitle, *date, *place, *organizer, *url;
    int lines[6];     /* the line of each key above, in that order (0: not given) */
    trs_t tr;         /* title.LANG, subtitle.LANG, place.LANG, organizer.LANG */
    /* [quorum]: share, rule (at_least | more_than), counts, members. Without
     * the section: at least half of the members, all three kinds counted. */
    meet_quorum_t quorum;
    int quorum_line;  /* the [quorum] header, 0 when absent */
} event_t;

/* ---- members.csv, resolutions.ini (the general meeting) ---------------- */

typedef struct {
    char *id;         /* unique; stored with a check-in */
    char *name;       /* as written (kanji, Hangul, Latin) */
    char *reading;    /* optional: how it is typed when searched (kana, Latin) */
    char *kind;       /* regular, supporting or honorary */
    bool voting;      /* kind regular: a vote, counted for the quorum */
    int line;
} member_t;

typedef struct {
    char *id;         /* the [ID] header; `show = resolution ID` */
    char *title;
    char *text;       /* may be empty */
    meet_majority_t majority;
    int line;
    trs_t tr;         /* title.LANG, text.LANG */
} resolution_t;

typedef enum {
    SLIDE_TITLE,     /* from event.ini */
    SLIDE_SECTION,   /* a report section (may be split over several slides) */
    SLIDE_TIMELINE,  /* the timeline, paged */
    SLIDE_CHART,     /* one charts.ini group */
    SLIDE_TEXT,      /* free heading + body given in slides.ini */
    SLIDE_CLOSING,   /* invitation to ask questions at the kiosk */
    SLIDE_QUESTIONS, /* live Q&A: the approved questions, one at a time */
    SLIDE_ATTENDANCE,/* the attendance and the quorum, live from the register */
    SLIDE_RESOLUTION,/* a resolution of resolutions.ini and its hand-count, live */
} slide_kind_t;

typedef struct {
    slide_kind_t kind;
    char *ref;       /* section id, chart id, resolution id, or NULL */
    char *heading;   /* SLIDE_TEXT / SLIDE_CLOSING / SLIDE_QUESTIONS override, may be NULL */
    char *body;      /* SLIDE_TEXT body, may be NULL */
    char *notes;     /* speaker notes, may be NULL */
    int line;
    trs_t tr;        /* heading.LANG, body.LANG, notes.LANG */
} slide_spec_t;

/* slides.ini [timing]: the presenter's clock for this deck (over kiosk.ini's
 * [slideshow] settings); -1 where not given. */
typedef struct {
    int duration_s;  /* duration = 45m */
    int end_min;     /* end_time = 15:30, minutes of the day */
    int speaking_s;  /* speaking_time = 2m, per question on the Q&A slide */
} timing_t;

/* ---- forms.ini --------------------------------------------------------- */

typedef struct {
    char *id;        /* stored in the database */
    char *label;     /* English label; translated by strings "choice.<id>" */
} choice_t;

typedef struct {
    choice_t *topics;     size_t ntopics;     /* question topic or speaker */
    choice_t *interests;  size_t ninterests;  /* sign-up checkboxes */
    choice_t *languages;  size_t nlanguages;  /* languages spoken */
    char *consent_text;   /* English; strings "consent.text" translates */
    char *consent_version;
} forms_t;

/* ---- theme.ini --------------------------------------------------------- */

typedef struct {
    rgba_t slide_bg, slide_text, slide_muted;   /* dark slides */
    rgba_t slide_accent;                        /* highlights and big numbers on slides */
    rgba_t surface, surface_alt, text, muted;   /* warm reading surfaces */
    rgba_t accent, accent_text, danger, success, line;
} theme_t;

/* ---- strings/LANG.ini -------------------------------------------------- */

typedef struct { char *key, *value; } kv_t;

typedef struct {
    char *lang;      /* "en", "ja", "ko" */
    char *name;      /* its own name: "English", "日本語", "한국어" */
    kv_t *kv;
    size_t nkv;
} strings_t;

/* ---- the whole folder --------------------------------------------------- */

/* A translated report: report.LANG.md as loaded. */
typedef struct {
    char *lang;
    char *shown;     /* its file name, for messages */
    report_t report;
} tr_report_t;

typedef struct content {
    char *dir;
    event_t event;
    report_t report;
    tl_event_t *timeline; size_t ntimeline;  /* sorted by date, then file order */
    stat_t *stats;        size_t nstats;      /* file order */
    chart_t *charts;      size_t ncharts;     /* charts.ini order */
    slide_spec_t *slides; size_t nslides;
    timing_t timing;      /* slides.ini [timing] */
    forms_t forms;
    theme_t theme;
    strings_t *langs;     size_t nlangs;      /* langs[0] is "en" */
    member_t *members;    size_t nmembers;    /* members.csv order; none without the file */
    resolution_t *resolutions; size_t nresolutions; /* resolutions.ini order */
    /* Translations (content_i18n.c). lang is the language of the texts
     * above: "en" for the folder as loaded, which owns everything; a view
     * (see content_in) is a copy of it whose texts are in another
     * language, pointing into its base. */
    char lang[16];
    tr_report_t *tr_reports; size_t ntr_reports;
    struct content *views; size_t nviews;     /* one per language of strings/ but en */
    /* content_load_first(): the one language whose view is built at once
     * ("" none), and whether content_finish() has yet to build the others */
    char views_first[16];
    bool views_pending;
    /* content_load_first() for the attract screen: only event.ini, theme.ini
     * and the strings it needs are loaded; content_finish() loads the rest */
    bool parts_pending;
    struct strings_pending *strings_pending;
    const struct content *base;               /* a view's base; NULL in the base */
    size_t tr_count, tr_missing;              /* in a view: texts translated, texts left in English */
} content_t;

/* Load the folder dir into *c (which need not be initialised). Problems go
 * to diags as "file:line: message", with file names relative to dir's
 * parent as the user typed them. Returns true when no DIAG_ERROR was added;
 * on false *c holds whatever did load (possibly nothing) and must still be
 * freed. Never exits, never crashes on bad input. */
bool content_load(const char *dir, content_t *c, diag_list_t *diags);

/* content_load() less what the first screen does not need: of the content
 * in other languages, only the view of lang (its translated report, its
 * texts and their checks) is built. content_finish() builds the others,
 * with their checks; until then content_in() gives the English content
 * for them. The kiosk calls it right after its first frame.
 *
 * With attract, the first screen is the attract loop on its first card
 * (the event), with a dot for each of its cards: only event.ini,
 * theme.ini, the files the cards come from (report.md, timeline.csv,
 * charts.ini, stats.csv), the UI text of en and lang, and of the other
 * languages their [language] and [nav] (the invitation to touch) are
 * loaded, and lang's view of them. content_finish() loads
 * the rest as content_load() does, with every check, and builds every view
 * again: pointers into the views (content_in) and c->langs are stale after
 * it, and every screen must be made anew (app_content_finished). Problems
 * with the parts loaded later are reported by content_finish(), together
 * with those a whole load reports. */
bool content_load_first(const char *dir, content_t *c, diag_list_t *diags, const char *lang, bool attract);
bool content_finish(content_t *c, diag_list_t *diags);
/* False while content_load_first(..., attract) has parts to load: the
 * slides, forms and meeting files are empty until content_finish() (the
 * report, timeline, figures and charts, which the attract screen's cards
 * and their count come from, are loaded first). c may be a view. */
bool content_complete(const content_t *c);
void content_free(content_t *c);
/* Move a loaded folder from src into dst (which holds nothing: freed or
 * zeroed): its translated views follow it. src is left zeroed. */
void content_move(content_t *dst, content_t *src);

/* The content in lang: the view whose report, timeline, figures, charts,
 * event and slides are in lang wherever a translation was given, English
 * item by item where not. Ids, dates, values, categories, the forms, the
 * theme and the strings are the same in every view. c may be the base or
 * any view; lang "en", NULL or a language without strings gives the base.
 * Never NULL when c is not; valid as long as the base is loaded. */
const content_t *content_in(const content_t *c, const char *lang);

/* The figures a text states, for comparing a translation with its English:
 * numbers written in digits (ASCII or full-width; "2,737" and "2，737" are
 * one number, a decimal point is kept; "1万", "1만" multiply by 10,000,
 * 億/억 by 100,000,000, 千/천 by 1,000), and in English words the numbers two
 * to twenty, the tens, "twice", the ordinals "second" to "twentieth", and
 * month names (January..December and Jan. Feb. ... Sept. Oct.; "May" and
 * "March" only beside a number) as their number, so "Sept. 7, 2011" and
 * "2011年9月7日" state the same figures. Stores up to max numbers in out in
 * the order found and returns how many the text has. */
size_t content_text_numbers(const char *text, double *out, size_t max);

/* Lookups; return NULL when absent. */
const section_t *content_section(const content_t *c, const char *id);
const chart_t *content_chart(const content_t *c, const char *id);
const stat_t *content_stat(const content_t *c, const char *id);
/* The stats of one chart group in file order: stores up to max pointers
 * (into c) in out and returns how many the group has (which may be more
 * than max). out may be NULL with max 0 to count. */
size_t content_group_stats(const content_t *c, const char *group, const stat_t **out, size_t max);
const strings_t *content_lang(const content_t *c, const char *lang);
const resolution_t *content_resolution(const content_t *c, const char *id);
const member_t *content_member(const content_t *c, const char *id);
/* The voting members: event.ini [quorum] members when given, else the
 * regular members of members.csv. */
int64_t content_voting_members(const content_t *c);

/* UI text for key in lang, falling back to "en", then (for "choice.<id>",
 * "consent.text" and "consent.version") to forms.ini, then to the key itself
 * (so a missing string is visible, never a crash). Never NULL. The result
 * may contain "%s": fill it with content_subst(), never use it as a printf
 * format. */
const char *content_text(const content_t *c, const char *lang, const char *key);

/* Text that says a count, in the form for n: the strings files give such
 * a key in two forms, KEY_one (exactly 1) and KEY_other (every other
 * count, and the only form in languages without a plural, such as Japanese
 * and Korean). Returns lang's KEY_one when n is 1 and it exists, else
 * lang's KEY_other; a language with neither form takes English's by the
 * same rule; with no form anywhere, key itself. Never NULL; "%s" in the
 * result is filled as with content_text(). */
const char *content_text_count(const content_t *c, const char *lang, const char *key, long long n);

/* Format a stat's value with thousands separators and its approximation
 * marker in the UI language, from strings "approx.about" = "about %s",
 * "approx.more_than", "approx.at_least": "about 1,000", "more than 1,300",
 * "2,737", "50". Writes at most n bytes (always NUL-terminated). */
void content_format_value(const content_t *c, const char *lang, const stat_t *s, char *buf, size_t n);

/* A number with the language's thousands separator ("number.thousands_sep")
 * and decimal point, at most two decimals: 2737 -> "2,737", 0.5 -> "0.5". */
void content_format_number(const content_t *c, const char *lang, double v, char *buf, size_t n);

/* The one template engine: in tmpl each "%s" takes the next of args (missing
 * or NULL ones are empty), "%%" is a percent sign, and "{name}" the value of
 * the var of that name ("{...}" naming none of vars stays as written);
 * nothing else is interpreted, so text from the content folder is never
 * used as a printf format. Writes at most n - 1 bytes into buf (buf may be
 * NULL with n 0, to measure), never cutting a UTF-8 sequence, and always
 * terminates it when n > 0. Returns the length the whole result needs. */
typedef struct { const char *name, *value; } content_var_t;
size_t content_subst_vars(const char *tmpl, const char *const *args, size_t nargs, const content_var_t *vars,
                          size_t nvars, char *buf, size_t n);
/* The same with no {name} vars. */
void content_subst(const char *tmpl, const char *const *args, size_t nargs, char *buf, size_t n);
/* How many "%s" tmpl takes (as content_subst_vars counts them). */
size_t content_subst_nargs(const char *tmpl);
/* content_text(c, lang, key) filled with content_subst(): "Slide %s of %s". */
void content_text_args(const content_t *c, const char *lang, const char *key,
                       const char *const *args, size_t nargs, char *buf, size_t n);

/* A date through the template key ("date.full", "date.short",
 * "date.month_year"), whose {year} {month} {day} {month_name} {month_short}
 * are filled from the numbers and the strings "month.M" / "month_short.M":
 * en "October 8, 2012", ja "2012年10月8日". Writes into buf as
 * content_subst_vars() does and returns the length the whole date needs. */
size_t content_format_date(const content_t *c, const char *lang, const char *key,
                           int y, int m, int d, char *buf, size_t n);

/* A form choice's label in lang ("choice.<id>"), else its forms.ini label.
 * Never NULL. */
const char *content_choice_label(const content_t *c, const char *lang, const choice_t *ch);

/* The consent text to show in lang: the translation only when it was made
 * for the same consent version as forms.ini, else the English text. Never
 * NULL. Store forms.consent_version with a sign-up either way. */
const char *content_consent_text(const content_t *c, const char *lang);

#endif
