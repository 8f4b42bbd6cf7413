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
 * elsewhere can use it too. */
#ifndef AGM_ADMIN_MEDIA_H
#define AGM_ADMIN_MEDIA_H

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

#endif
