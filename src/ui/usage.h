/* usage.h - what attendees look at, counted in memory and handed to the
 * store a whole hour at a time (store.h, "usage counts").
 *
 * Nothing per person: a visit adds to the counts of the hour it falls in
 * (visits begun, screens and report sections opened, milliseconds spent)
 * and is then indistinguishable from the others. The counts stay in
 * memory until their hour is over, so the database (and its write-ahead
 * log) only ever holds sums per hour, never one visit's own additions;
 * usage_take() gives the hours that are over (or all of them, at exit).
 * What a power cut loses is therefore the counts of the hour in progress
 * (and of the hour before when they were not on the medium yet): only
 * counts, never a question or a sign-up.
 *
 * Times are milliseconds of UTC wall-clock time; an interval running when
 * its hour ends is split at the hour. */
#ifndef AGM_UI_USAGE_H
#define AGM_UI_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"

typedef struct usage usage_t;

usage_t *usage_create(void);
void usage_destroy(usage_t *u); /* accepts NULL */

/* A visit begins (a no-op while one is going on) or ends (closing the
 * screen and section open in it). */
void usage_visit_begin(usage_t *u, int64_t t_ms);
void usage_visit_end(usage_t *u, int64_t t_ms);
bool usage_in_visit(const usage_t *u);
/* The screen now shown (NULL: none that counts); closes the section. */
void usage_screen(usage_t *u, const char *name, int64_t t_ms);
/* The report section now read (its id; NULL: none). */
void usage_section(usage_t *u, const char *id, int64_t t_ms);

/* The counts of the hours before t_ms's hour (all: also of the hour in
 * progress, whose running intervals are counted up to t_ms and go on), as
 * store rows (seconds rounded); removed from memory. *rows is malloc'ed
 * (caller frees; NULL when there are none). */
size_t usage_take(usage_t *u, int64_t t_ms, bool all, store_usage_t **rows);
/* Put rows the store did not take back (a failed save), to be tried again. */
void usage_give_back(usage_t *u, const store_usage_t *rows, size_t n);
/* Whether an hour before t_ms's hour holds counts (usage_take has work). */
bool usage_due(const usage_t *u, int64_t t_ms);
/* Forget every count held in memory (the collected data was deleted); a
 * visit going on goes on from t_ms. */
void usage_forget(usage_t *u, int64_t t_ms);

/* Totals per kind and name (hour ""): the store's summed rows (may be
 * NULL, n 0) with the counts still in memory added, most opened first
 * within each kind (visit, screen, section). Returns a malloc'ed array. */
size_t usage_summary(const usage_t *u, int64_t t_ms, const store_usage_t *stored, size_t n, store_usage_t **out);

#endif
