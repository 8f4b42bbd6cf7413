#include "color.h"

#include <math.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool color_parse(const char *s, rgba_t *out)
{
    if (!s || s[0] != '#')
        return false;
    size_t n = strlen(s + 1);
    if (n != 6 && n != 8)
        return false;
    int v[8];
    for (size_t i = 0; i < n; i++)
        if ((v[i] = hexval(s[1 + i])) < 0)
            return false;
    out->r = (uint8_t)(v[0] * 16 + v[1]);
    out->g = (uint8_t)(v[2] * 16 + v[3]);
    out->b = (uint8_t)(v[4] * 16 + v[5]);
    out->a = n == 8 ? (uint8_t)(v[6] * 16 + v[7]) : 255;
    return true;
}

static double lin(uint8_t c)
{
    double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(rgba_t c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double color_contrast(rgba_t a, rgba_t b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}

rgba_t color_mix(rgba_t a, rgba_t b, float t)
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    return (rgba_t){
        (uint8_t)(a.r + (b.r - a.r) * t + 0.5f),
        (uint8_t)(a.g + (b.g - a.g) * t + 0.5f),
        (uint8_t)(a.b + (b.b - a.b) * t + 0.5f),
        (uint8_t)(a.a + (b.a - a.a) * t + 0.5f),
    };
}
