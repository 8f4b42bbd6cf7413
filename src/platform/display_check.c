#include "display_check.h"

#include <string.h>

bool display_presenter_possible(const char *video_driver, int major, int minor, int patch)
{
    if (!video_driver || strcmp(video_driver, "KMSDRM") != 0)
        return true;
    long v = (long)major * 1000000L + (long)minor * 1000L + patch;
    return v >= 2030010L;
}

bool display_failure_message(bool video_category, const char *msg)
{
    if (!video_category || !msg)
        return false;
    return strstr(msg, "Could not set videomode") != NULL || strstr(msg, "Could not queue pageflip") != NULL ||
           strstr(msg, "Could not set CRTC") != NULL;
}

bool display_portrait_unrotated(int panel_w, int panel_h, int rotation)
{
    return rotation == 0 && panel_h > panel_w;
}
