/* png.h - write an SDL surface as a PNG file with libpng. */
#ifndef AGM_PLATFORM_PNG_H
#define AGM_PLATFORM_PNG_H

#include <SDL.h>
#include <stdbool.h>

/* Write s (any format; the alpha channel is dropped: screens are opaque)
 * to path as an 8-bit RGB PNG. The file is written to path.tmp and renamed,
 * so a reader never sees half a file. Returns false with *err set (caller
 * frees) naming the path on failure. */
bool png_write_surface(const char *path, SDL_Surface *s, char **err);

/* Read back a PNG's size (for tests and the e2e checks). */
bool png_read_size(const char *path, int *w, int *h);

#endif
