/* fonts.h - the font fallback chain (fonts/fonts.ini) opened with SDL_ttf.
 *
 * One chain per style (regular, bold, italic, bold italic). Each entry is
 * a file (and a face index for .ttc collections). Files are checked when
 * the chain is loaded (missing or unreadable ones are reported by name and
 * skipped); a (face, pixel size) pair is opened on first use and kept until
 * fonts_free(). Measuring, metrics and glyph questions go through one font
 * per face that changes size (fonts_get_measure), so trying many sizes
 * does not open the file many times. */
#ifndef AGM_PLATFORM_FONTS_H
#define AGM_PLATFORM_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <SDL_ttf.h>

#include "../core/diag.h"
#include "../ui/gfx.h"

#define FONTS_STYLES 4     /* regular, bold, italic, bold italic */
#define FONTS_MAX_CHAIN 8

typedef struct fonts fonts_t;

/* Read fonts_dir/fonts.ini (the built-in default chain when that file does
 * not exist) and check every file named. Problems (a file not found in
 * fonts_dir or the search folders, unreadable, not a font, a bad line in
 * fonts.ini) are added to d as warnings naming the file. Returns NULL,
 * with an error added to d, when no font at all could be loaded. Calls
 * TTF_Init. The caller frees with fonts_free (accepts NULL). */
fonts_t *fonts_load(const char *fonts_dir, diag_list_t *d);
void fonts_free(fonts_t *f);

/* Number of fonts in the chain for f's style (>= 1 when loaded). */
int fonts_chain_len(fonts_t *fs, const font_t *f);

/* The TTF_Font for chain entry i at f->px, opened on first use; NULL when
 * that file cannot be opened (reported once). The font stays owned by fs. */
TTF_Font *fonts_get(fonts_t *fs, const font_t *f, int i);

/* Chain entry i's font for measuring at f->px: one font per entry moved to
 * the size asked (same widths and metrics as fonts_get's), valid until the
 * next call for that entry. NULL when the file cannot be opened. */
TTF_Font *fonts_get_measure(fonts_t *fs, const font_t *f, int i);

/* Whether chain entry i has a glyph for cp (false if it cannot be opened). */
bool fonts_has_glyph(fonts_t *fs, const font_t *f, int i, uint32_t cp);

/* Metrics of the first font of the chain that opens (zeros if none). */
void fonts_metrics(fonts_t *fs, const font_t *f, font_metrics_t *out);

/* Close the faces not asked for since the last call, and let go of the
 * pages of the font files read so far (they are read again as needed): a
 * screen in one script does not keep the others' memory. The faces open
 * again when next asked for. */
void fonts_trim(fonts_t *fs);

/* How many (face, size) pairs were opened so far (for tests and stats). */
size_t fonts_open_count(const fonts_t *fs);

/* The resolved path of chain entry i for a style ("" when skipped). */
const char *fonts_path(const fonts_t *fs, int style, int i);

#endif
