/* color.h - an 8-bit RGBA colour, shared by the theme and the draw interface. */
#ifndef AGM_COLOR_H
#define AGM_COLOR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct { uint8_t r, g, b, a; } rgba_t;

#define RGBA(r, g, b, a) ((rgba_t){(r), (g), (b), (a)})

/* Parse "#RRGGBB" or "#RRGGBBAA". Returns false on anything else. */
bool color_parse(const char *s, rgba_t *out);

/* WCAG 2 contrast ratio between two opaque colours (1.0 .. 21.0). */
double color_contrast(rgba_t a, rgba_t b);

/* Linear mix: t = 0 gives a, t = 1 gives b. */
rgba_t color_mix(rgba_t a, rgba_t b, float t);

#endif
