/* cli.h - the subcommands of agmkiosk. Each takes the settings after
 * kiosk.ini and the global flags were applied, and its own argv (argv[0] is
 * the subcommand's name). Each returns the process exit status: 0 success,
 * 1 a problem found or an operation failed, 2 bad usage. Errors go to
 * stderr with the subcommand's tag. */
#ifndef AGM_CLI_H
#define AGM_CLI_H

#include "../config/config.h"

int cmd_kiosk(config_t *cfg, int argc, char **argv);
int cmd_moderate(config_t *cfg, int argc, char **argv); /* src/platform: moderation in its own window */    /* src/platform: the kiosk / slideshow */
int cmd_render(config_t *cfg, int argc, char **argv);   /* src/platform: screens to PNG */
int cmd_check(config_t *cfg, int argc, char **argv);    /* content validation */
int cmd_export(config_t *cfg, int argc, char **argv);   /* CSV export */
int cmd_merge(config_t *cfg, int argc, char **argv);    /* merge CSV exports */
int cmd_import(config_t *cfg, int argc, char **argv);   /* other kiosks' questions in */
int cmd_status(config_t *cfg, int argc, char **argv);   /* counts and health */
int cmd_set_pin(config_t *cfg, int argc, char **argv);  /* admin PIN */
int cmd_keygen(config_t *cfg, int argc, char **argv);   /* key pair for sealed records */
int cmd_open(config_t *cfg, int argc, char **argv);     /* sealed exports to plain CSV */
int cmd_minutes(config_t *cfg, int argc, char **argv);  /* draft minutes of the general meeting */

#endif
