/* admin_job.h - the admin screen's long tasks, run beside the UI: an export
 * to a USB stick, or the deletion of the collected rows (seconds on a Pi
 * for a large database).
 *
 * admin_job_start() / admin_job_start_wipe() start a worker thread that
 * opens its own handle to the store's database (store_open_again), runs
 * one export (export.h) or store_wipe() and closes the handle; the
 * UI thread keeps drawing and asks
 * admin_job_state() on each update. Nothing of the job is touched by both
 * threads except its state, which is an atomic published after the result:
 * once admin_job_state() says DONE or FAILED, result and error may be read.
 *
 * Ownership: the job owns its copies of the options' strings, the result
 * and the error. admin_job_free() waits for the thread (an export is short;
 * the kiosk only frees a job that finished, or at exit). */
#ifndef AGM_ADMIN_JOB_H
#define AGM_ADMIN_JOB_H

#include <stdbool.h>

#include "../export/export.h"
#include "../store/store.h"

typedef enum { ADMIN_JOB_RUNNING, ADMIN_JOB_DONE, ADMIN_JOB_FAILED } admin_job_state_t;

typedef struct admin_job admin_job_t;

/* Start exporting s's database into out_dir with o's mode and flags (its
 * out_dir is replaced by out_dir; strings are copied). Returns NULL with
 * *err set (caller frees) when no thread could be started. */
admin_job_t *admin_job_start(store_t *s, const char *out_dir, const export_opts_t *o, char **err);
/* Start store_wipe_conn() on s's database; same rules. When it succeeds,
 * the export files in exports_dir (may be NULL: none) are deleted too
 * (export_remove_local). */
admin_job_t *admin_job_start_wipe(store_t *s, const char *exports_dir, char **err);
/* DONE of a wipe: how many export files it deleted from exports_dir. */
int admin_job_wipe_files(const admin_job_t *j);

/* True for a wipe job, false for an export. */
bool admin_job_is_wipe(const admin_job_t *j);
/* DONE or FAILED of a wipe: store_wipe_conn()'s answer and counts. */
store_rc_t admin_job_wipe_result(const admin_job_t *j, store_wipe_result_t *out);

admin_job_state_t admin_job_state(const admin_job_t *j);
/* DONE: the export's result (files, counts, nothing_new). */
const export_result_t *admin_job_result(const admin_job_t *j);
/* FAILED: the message naming what failed (a wipe: also DONE with a note
 * when the clean-up after the deletion did not finish, else NULL). */
const char *admin_job_error(const admin_job_t *j);

/* An export's folder (the stick). */
const char *admin_job_out_dir(const admin_job_t *j);
/* A finished export (done or failed) whose stick's file system was synced
 * (syncfs) after the export closed its files. */
bool admin_job_synced(const admin_job_t *j);

/* A failed export failed only because another export was running. */
bool admin_job_export_busy(const admin_job_t *j);

void admin_job_free(admin_job_t *j); /* accepts NULL; joins the thread */

#endif
