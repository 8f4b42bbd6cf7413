/* admin_media.h - USB sticks the admin screen can export to.
 *
 * A stick is a mounted file system under /media/NAME, /media/USER/NAME or
 * /run/media/USER/NAME (where udisks, usbmount and desktop automounters put
 * them): a folder there counts when it is a mount point (its device differs
 * from its parent's) and is writable.
 *
 * The environment variable AGMKIOSK_MEDIA=DIR replaces those places: then
 * every writable folder directly in DIR counts, mounted or not. Tests use it
 * to export into a temporary folder; a kiosk whose sticks are mounted
 * elsewhere can use it too.
 *
 * Automount points (rpi/agmkiosk-usb-mount: systemd-mount --automount with
 * an idle timeout) are opened while looking, which mounts the stick's file
 * system; the service manager unmounts it again once nothing is open there
 * for the idle time, and only then is a FAT stick clean to pull
 * (admin_media_state). */
#ifndef AGM_ADMIN_MEDIA_H
#define AGM_ADMIN_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#define ADMIN_MEDIA_MAX 4
#define ADMIN_MEDIA_ENV "AGMKIOSK_MEDIA"

typedef struct {
    char *path;     /* the mount point (where the files go) */
    char *label;    /* its last path component, for the button */
} admin_medium_t;

typedef struct {
    admin_medium_t v[ADMIN_MEDIA_MAX];
    size_t n;       /* at most ADMIN_MEDIA_MAX, sorted by path */
} admin_media_t;

/* Fill *out (overwritten; release with admin_media_free) with the sticks
 * found now. */
void admin_media_find(admin_media_t *out);
/* The same for reading from them (content, a key): a stick that is
 * mounted read-only counts too. */
void admin_media_find_readable(admin_media_t *out);
void admin_media_free(admin_media_t *m); /* accepts a zeroed value */

/* What the stick mounted at path is doing now, looked up without mounting
 * it (the mount table, not the folder):
 *   GONE     nothing mounted there any more: the stick was pulled (with
 *            AGMKIOSK_MEDIA: the folder is gone)
 *   MOUNTED  an automount point with the file system mounted on it: it is
 *            unmounted after its idle time; wait
 *   IDLE     an automount point whose file system was unmounted: clean
 *   PLAIN    mounted the ordinary way (no automount), or a folder under
 *            AGMKIOSK_MEDIA: nothing will unmount it; once its files are
 *            synced this is as safe as it gets */
typedef enum { ADMIN_MEDIUM_GONE, ADMIN_MEDIUM_MOUNTED, ADMIN_MEDIUM_IDLE, ADMIN_MEDIUM_PLAIN } admin_medium_state_t;
admin_medium_state_t admin_media_state(const char *path);
/* The same from a mount table in mountinfo's format (tests): media_root is
 * what AGMKIOSK_MEDIA would be, or NULL. */
admin_medium_state_t admin_media_state_in(const char *mountinfo, const char *media_root, const char *path);
/* Tests: admin_media_state reads this file instead of /proc/self/mountinfo
 * (NULL: the real one again). */
void admin_media_test_set_mountinfo(const char *path);
/* The file system type mounted on top at path in mountinfo, into type (""
 * when none); true when found. For tests and the log. */
bool admin_media_top_fstype(const char *mountinfo, const char *path, char *type, size_t n);

#endif
