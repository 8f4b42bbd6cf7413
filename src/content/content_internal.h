/* content_internal.h - shared by the files of src/content/, not part of the
 * public contract (content.h is). Each part loader reads one file of the
 * folder, appends problems to d as "shown:line: message" and returns false
 * when it added an error. What it fills is owned by the content_t and is
 * released by content_free(), also after a partial load. */
#ifndef AGM_CONTENT_INTERNAL_H
#define AGM_CONTENT_INTERNAL_H

#include "content.h"
#include "parse.h"

#include <stdbool.h>
#include <stddef.h>

/* A section's id from its title: "3. Distribution of food and medicines"
 * -> "distribution-of-food-and-medicines" (see report.c). Caller frees. */
char *content_slug(const char *title);

/* report.md */
bool content_load_report(const char *path, const char *shown, report_t *r, diag_list_t *d);
void content_free_report(report_t *r);

/* timeline.csv and stats.csv (stats' groups are checked against charts by
 * content_load afterwards). */
bool content_load_timeline(const char *path, const char *shown, content_t *c, diag_list_t *d);
bool content_load_stats(const char *path, const char *shown, content_t *c, diag_list_t *d);

/* the INI files */
bool content_load_event(const char *path, const char *shown, event_t *e, diag_list_t *d);
bool content_load_charts(const char *path, const char *shown, content_t *c, diag_list_t *d);
bool content_load_slides(const char *path, const char *shown, content_t *c, diag_list_t *d);
bool content_load_forms(const char *path, const char *shown, forms_t *f, diag_list_t *d);
/* *t holds the built-in palette; the colours of theme.ini replace it, a
 * missing one keeps it (a warning). */
bool content_load_theme(const char *path, const char *shown, theme_t *t, diag_list_t *d);

/* members.csv and resolutions.ini: optional files (absent: nothing, no
 * problem). */
bool content_load_members(const char *path, const char *shown, content_t *c, diag_list_t *d);
bool content_load_resolutions(const char *path, const char *shown, content_t *c, diag_list_t *d);

/* strings/: every LANG.ini, en first. dir is the content folder. Checks
 * the other languages against en (warnings) and the translated choices and
 * consent against forms (needs c->forms loaded). */
bool content_load_strings(const char *dir, content_t *c, diag_list_t *d);
/* The same in two steps. First: en and lang (may be NULL) read and checked
 * in full; of every other language only [language] and the sections of
 * keys (NULL-terminated), with no problem reported. Finish: the other
 * languages read in full, every check of content_load_strings() (forms and
 * timeline loaded by then), c->langs as it gives them (the strings of en and
 * lang stay where they are). */
typedef struct strings_pending strings_pending_t;
bool content_load_strings_first(const char *dir, content_t *c, const char *lang, const char *const *keys,
                                diag_list_t *d);
bool content_load_strings_finish(const char *dir, content_t *c, diag_list_t *d);
void content_strings_pending_free(content_t *c);

/* Release the strings of one slide spec (settings.c). */
void content_free_slide(slide_spec_t *s);

/* ---- translations (content_i18n.c) ---- */

/* "title.ja" -> field "title" (into field, n bytes), *lang "ja": true when
 * key is a field name followed by '.' and a language code (2 to 8 ASCII
 * letters, digits or '-'). */
bool content_tr_split(const char *key, char *field, size_t n, const char **lang);
/* Add a translation; false (nothing added) when t already has field in lang. */
bool content_tr_add(trs_t *t, const char *field, const char *lang, const char *text, int line);
/* The translation of field in lang, or NULL. */
const tr_t *content_tr_find(const trs_t *t, const char *field, const char *lang);
void content_tr_free(trs_t *t);
/* After everything else loaded (strings too): read report.LANG.md for each
 * language, build one view per language of strings/ but en, and report
 * what is missing (warnings) and figures that differ from the English
 * (errors). Returns false when it added an error. */
bool content_build_views(const char *dir, content_t *c, diag_list_t *d);
/* The view of lang alone (with its report.LANG.md), as far as what is
 * loaded goes (its problems are not reported): content_finish() builds it
 * again with the rest. */
void content_build_first_view(content_t *c, const char *lang);
/* content_finish() of a load that deferred only the other languages' views. */
bool content_finish_views(content_t *c, diag_list_t *d);
/* Free the views and translated reports of a base. */
void content_free_views(content_t *c);

/* Sort a language's kv by key so lookups can bisect (content_text.c). */
void content_sort_strings(strings_t *s);

#endif
