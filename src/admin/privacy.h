/* privacy.h - which key the kiosk seals personal fields to, and installing
 * one from a USB stick.
 *
 * The key in use is the first of: DATA/sealing-key.pub (installed on the
 * admin screen), [privacy] public_key in kiosk.ini. With neither, personal
 * data is stored unencrypted (and status and the admin screen say so).
 * With a key named but unusable (missing, not a public key, damaged), the
 * store refuses every submission (store_seal_refuse) rather than save
 * anything in plain text, and the problem is shown to the organizers. */
#ifndef AGM_ADMIN_PRIVACY_H
#define AGM_ADMIN_PRIVACY_H

#include <stdbool.h>

#include "../config/config.h"
#include "../core/seal.h"
#include "../store/store.h"

#define PRIVACY_KEY_FILE "sealing-key.pub"

typedef struct {
    bool configured;   /* a key is meant to be used */
    bool ok;           /* ... and it loaded: key is valid */
    bool installed;    /* path is the key installed in the data folder */
    char *path;        /* the key file in use or meant (NULL: none) */
    seal_pub_t key;
    char *problem;     /* configured && !ok: why */
} privacy_t;

/* Find and read the key cfg asks for. Always fills *out. */
void privacy_load(const config_t *cfg, privacy_t *out);
void privacy_free(privacy_t *p); /* accepts a zeroed value */

/* The store's sealing for pv's key and cfg's seal_questions. */
void privacy_seal_of(const config_t *cfg, const privacy_t *pv, store_seal_t *out);

/* privacy_load(), then seal s's new rows to the key, or store plain when
 * none is configured, or refuse every submission when it is unusable.
 * out (may be NULL) receives what was found (release with privacy_free). */
void privacy_apply(const config_t *cfg, store_t *s, privacy_t *out);

/* Install the one public key file (*.pub, a file of SEAL_PUB_MAGIC) found
 * at the top of the folder dir (a USB stick) as DATA/sealing-key.pub
 * (mode 0600, temporary file, fsync, rename over an older key, folder
 * fsync). *out receives the key. *secret_name (may be NULL; caller
 * frees) receives the name of a secret key file lying on the stick too
 * (it should not be there: the organizers are told). False with *err when
 * there is no such file, several, or it is not a valid public key. */
bool privacy_install(const config_t *cfg, const char *dir, seal_pub_t *out, char **secret_name, char **err);

#endif
