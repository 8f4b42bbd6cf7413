/* font_file.h - how a font file is read: mapped, or read a window at a time.
 *
 * A small file (a Latin font, half a megabyte) is mapped once and shared by
 * every face and size that uses it: FreeType reads it from memory, and most
 * of its pages are used anyway. A large one (a CJK collection, 19 MiB of
 * which a screen uses a few glyphs) is read with pread into a few small
 * windows instead: mapped, every page FreeType touches brings the kernel's
 * fault-around of up to 64 KiB into the process's resident memory, several
 * megabytes for one line of Japanese; read, only what FreeType keeps is
 * resident, and the file's pages stay in the page cache.
 *
 * A file that shrinks while open (copied over in place) ends nothing: a read
 * file's reads come up short, a mapped file's mapping becomes zeros (the
 * SIGBUS such a read raises is handled here); either way its text is left
 * out and the file is named once in the log. */
#ifndef AGM_PLATFORM_FONT_FILE_H
#define AGM_PLATFORM_FONT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <SDL.h>

/* Files larger than this are read, not mapped. */
#define FONT_FILE_MAP_MAX ((size_t)4 << 20)

typedef struct font_file font_file_t;

/* Open path: mapped when it is at most map_max bytes, read otherwise. NULL
 * when it cannot be opened, is empty or is no regular file (errno set;
 * never waits, as opening a FIFO would). */
font_file_t *font_file_open(const char *path, size_t map_max);

/* A new reader of the whole file at offset 0, for TTF_OpenFontIndexRW (which
 * closes it with the font); NULL when out of memory. The file must outlive
 * its readers. */
SDL_RWops *font_file_rw(font_file_t *ff);

/* Let go of the resident pages (mapped) or read windows: read again as
 * needed. */
void font_file_trim(font_file_t *ff);

bool font_file_mapped(const font_file_t *ff);
const char *font_file_path(const font_file_t *ff);

/* pread calls so far (for tests and measurements). */
unsigned long font_file_reads(const font_file_t *ff);

/* After every reader is closed; accepts NULL. */
void font_file_close(font_file_t *ff);

#endif
