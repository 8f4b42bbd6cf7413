#include "cli.h"
#include <stdio.h>

int cmd_set_pin(config_t *cfg, int argc, char **argv)
{
    fprintf(stderr, "agmkiosk: '%s' is not built in this version\n", argv[0]);
    return 2;
}
