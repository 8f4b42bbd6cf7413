/* admin_job.c - an export or a wipe in a worker thread (see admin_job.h). */
#include "admin_job.h"
#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct admin_job {
    pthread_t thread;
    bool wipe;                 /* a wipe job, else an export */
    store_rc_t wipe_rc;
    store_wipe_result_t wipe_res;
    int files_removed;         /* a wipe's: export files deleted from the data folder */
    atomic_int state;          /* admin_job_state_t, published last */
    store_t *ws;               /* the worker's own handle */
    char *out_dir;
    export_opts_t opts;
    export_result_t result;
    char *error;
    bool synced;               /* the stick's file system synced afterwards */
};

/* The stick's folder stays open for the whole export, so an automount
 * (rpi/agmkiosk-usb-mount) is never unmounted half-way; afterwards the
 * whole file system is synced (syncfs), not only the files the export
 * fsynced, and the folder is closed so the automount can let go. */
static int hold_folder(const char *dir)
{
    return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static bool release_folder(int fd, const char *dir)
{
    if (fd < 0)
        return false;
    bool ok = syncfs(fd) == 0;
    if (!ok)
        log_warn("admin", "could not sync the file system of %s: %s", dir, strerror(errno));
    close(fd);
    return ok;
}

static void *job_main(void *arg)
{
    admin_job_t *j = arg;
    int dir_fd = j->wipe ? -1 : hold_folder(j->out_dir);
    bool ok = j->wipe ? (j->wipe_rc = store_wipe(j->ws, &j->wipe_res, &j->error)) == STORE_OK
                      : export_run(j->ws, &j->opts, &j->result, &j->error);
    if (!j->wipe)
        j->synced = release_folder(dir_fd, j->out_dir);
    if (j->wipe && ok && j->out_dir) {
        /* the plain copies `agmkiosk export` left in the data folder go too */
        char *ferr = NULL;
        if (!export_remove_local(j->out_dir, &j->files_removed, &ferr)) {
            log_warn("admin", "wipe: %s", ferr);
            if (!j->error)
                j->error = ferr;
            else
                free(ferr);
        }
        if (j->files_removed)
            log_info("admin", "wipe: deleted %d export %s from %s", j->files_removed,
                     plural_en(j->files_removed, "file", "files"), j->out_dir);
    }
    store_close(j->ws);
    j->ws = NULL;
    if (j->wipe)
        ; /* the wipe logs its own outcome */
    else if (ok)
        log_info("admin", "exported batch %lld to %s: %lld %s, %lld %s%s", (long long)j->result.batch, j->out_dir,
                 (long long)j->result.questions, plural_en(j->result.questions, "question", "questions"),
                 (long long)j->result.signups, plural_en(j->result.signups, "sign-up", "sign-ups"),
                 j->result.nothing_new ? " (nothing new)" : "");
    else
        log_warn("admin", "export to %s failed: %s", j->out_dir, j->error ? j->error : "?");
    atomic_store_explicit(&j->state, ok ? ADMIN_JOB_DONE : ADMIN_JOB_FAILED, memory_order_release);
    return NULL;
}

/* Start j's thread on its own connection to s; what names the work in the
 * message should the thread not start. Frees j and returns NULL then. */
static admin_job_t *job_launch(admin_job_t *j, store_t *s, const char *what, char **err)
{
    *err = NULL;
    if (!(j->ws = store_open_again(s, err))) {
        free(j->out_dir);
        free(j);
        return NULL;
    }
    atomic_init(&j->state, ADMIN_JOB_RUNNING);
    int rc = pthread_create(&j->thread, NULL, job_main, j);
    if (rc != 0) {
        *err = xasprintf("cannot start %s: %s", what, strerror(rc));
        store_close(j->ws);
        free(j->out_dir);
        free(j);
        return NULL;
    }
    return j;
}

admin_job_t *admin_job_start(store_t *s, const char *out_dir, const export_opts_t *o, char **err)
{
    admin_job_t *j = xcalloc(1, sizeof *j);
    j->out_dir = xstrdup(out_dir);
    j->opts = *o;
    j->opts.out_dir = j->out_dir;
    return job_launch(j, s, "the export", err);
}

admin_job_t *admin_job_start_wipe(store_t *s, const char *exports_dir, char **err)
{
    admin_job_t *j = xcalloc(1, sizeof *j);
    j->wipe = true;
    j->out_dir = exports_dir ? xstrdup(exports_dir) : NULL;
    return job_launch(j, s, "deleting", err);
}

bool admin_job_is_wipe(const admin_job_t *j) { return j->wipe; }

store_rc_t admin_job_wipe_result(const admin_job_t *j, store_wipe_result_t *out)
{
    if (admin_job_state(j) == ADMIN_JOB_RUNNING) {
        memset(out, 0, sizeof *out);
        return STORE_BUSY;
    }
    *out = j->wipe_res;
    return j->wipe_rc;
}

int admin_job_wipe_files(const admin_job_t *j)
{
    return admin_job_state(j) == ADMIN_JOB_RUNNING ? 0 : j->files_removed;
}

admin_job_state_t admin_job_state(const admin_job_t *j)
{
    return (admin_job_state_t)atomic_load_explicit(&((admin_job_t *)j)->state, memory_order_acquire);
}

const export_result_t *admin_job_result(const admin_job_t *j)
{
    return admin_job_state(j) == ADMIN_JOB_DONE ? &j->result : NULL;
}

const char *admin_job_error(const admin_job_t *j)
{
    admin_job_state_t s = admin_job_state(j);
    if (s == ADMIN_JOB_FAILED)
        return j->error ? j->error : "unknown error";
    return s == ADMIN_JOB_DONE && j->wipe ? j->error : NULL;
}

const char *admin_job_out_dir(const admin_job_t *j) { return j->out_dir; }

bool admin_job_synced(const admin_job_t *j) { return !j->wipe && admin_job_state(j) != ADMIN_JOB_RUNNING && j->synced; }

bool admin_job_export_busy(const admin_job_t *j)
{
    return !j->wipe && admin_job_state(j) == ADMIN_JOB_FAILED && j->result.busy;
}

void admin_job_free(admin_job_t *j)
{
    if (!j)
        return;
    pthread_join(j->thread, NULL);
    export_result_free(&j->result);
    free(j->error);
    free(j->out_dir);
    free(j);
}
