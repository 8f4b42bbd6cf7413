/* The display decisions of src/platform/display_check.c: the presenter view
 * on KMSDRM only from SDL 2.30.10 on; SDL's messages that mean a black
 * screen; a portrait panel left at rotation 0. */
#include "test.h"
#include "platform/display_check.h"

static void test_presenter(void)
{
    CHECK(!display_presenter_possible("KMSDRM", 2, 26, 5));  /* bookworm */
    CHECK(!display_presenter_possible("KMSDRM", 2, 30, 9));
    CHECK(display_presenter_possible("KMSDRM", 2, 30, 10));
    CHECK(display_presenter_possible("KMSDRM", 2, 32, 4));   /* trixie */
    CHECK(display_presenter_possible("KMSDRM", 3, 0, 0));
    CHECK(display_presenter_possible("x11", 2, 26, 5));
    CHECK(display_presenter_possible("wayland", 2, 26, 5));
    CHECK(display_presenter_possible(NULL, 2, 26, 5));
}

static void test_failure_messages(void)
{
    CHECK(display_failure_message(true, "Could not set videomode on CRTC."));
    CHECK(display_failure_message(true, "Could not queue pageflip: -13"));
    CHECK(!display_failure_message(false, "Could not queue pageflip: -13"));
    CHECK(!display_failure_message(true, "Using EGL to create context"));
    CHECK(!display_failure_message(true, NULL));
}

static void test_portrait(void)
{
    CHECK(display_portrait_unrotated(720, 1280, 0));   /* Touch Display 2, unturned */
    CHECK(!display_portrait_unrotated(720, 1280, 90));
    CHECK(!display_portrait_unrotated(720, 1280, 270));
    CHECK(!display_portrait_unrotated(1280, 800, 0));
    CHECK(!display_portrait_unrotated(800, 800, 0));
}

int main(void)
{
    RUN(test_presenter);
    RUN(test_failure_messages);
    RUN(test_portrait);
    return test_summary();
}
