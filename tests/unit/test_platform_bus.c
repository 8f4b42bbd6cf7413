/* backend_sdl_session_bus_known: the kiosk leaves a session bus that can be
 * found alone, and says there is none where libdbus would start one. */
#include "test.h"
#include "core/util.h"
#include "platform/backend_sdl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void test_an_address_is_kept(void)
{
    CHECK(backend_sdl_session_bus_known("unix:path=/run/user/1000/bus", NULL));
    CHECK(backend_sdl_session_bus_known("disabled:", "/nonexistent"));
}

static void test_the_user_bus_socket(void)
{
    const char *dir = test_tmpdir();
    /* no socket yet: nothing to find */
    CHECK(!backend_sdl_session_bus_known(NULL, dir));
    CHECK(!backend_sdl_session_bus_known("", dir));
    /* a plain file named bus is not a bus */
    char *bus = path_join(dir, "bus");
    FILE *f = fopen(bus, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK(!backend_sdl_session_bus_known(NULL, dir));
    unlink(bus);
    /* a socket is */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    CHECK(strlen(bus) < sizeof sa.sun_path);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", bus);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    CHECK(backend_sdl_session_bus_known(NULL, dir));
    close(fd);
    unlink(bus);
    free(bus);
    /* no runtime folder, or a relative one */
    CHECK(!backend_sdl_session_bus_known(NULL, NULL));
    CHECK(!backend_sdl_session_bus_known(NULL, ""));
    CHECK(!backend_sdl_session_bus_known(NULL, "run/user/1000"));
}

int main(void)
{
    RUN(test_an_address_is_kept);
    RUN(test_the_user_bus_socket);
    return test_summary();
}
