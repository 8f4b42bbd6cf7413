#include "cli.h"
#include "../core/util.h"

char *cli_db_path(const config_t *cfg)
{
    return path_join(cfg->data_dir, "agmkiosk.db");
}
