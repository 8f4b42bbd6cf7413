/* csvw.h - the RFC 4180 CSV writer shared by export and merge.
 *
 * Every field goes through libcsv's csv_write(), which quotes it and doubles
 * its quotes; this module adds the ',' between fields and "\r\n" after each
 * row. Text is written byte for byte (the database holds UTF-8).
 *
 * Formula injection (OWASP "CSV Injection"): spreadsheets run a cell that
 * begins with = + - @ TAB or CR as a formula. With neutralize on, such a
 * cell is written with a leading apostrophe ('), which spreadsheets show as
 * text. So that the apostrophe can be taken off again without guessing, a
 * cell that already begins with one or more apostrophes followed by one of
 * those characters gets one more apostrophe too. Reading back, a cell that
 * begins with one or more apostrophes followed by = + - @ TAB or CR loses
 * exactly one apostrophe (csv_cell_unneutralize); that is how neutralized
 * cells are recognised, and it restores every cell exactly.
 *
 * Speed: fields are formatted into one reusable scratch buffer and copied
 * into a large stdio buffer with the stream lock taken once per file, so a
 * row costs no allocation and no system call. */
#ifndef AGM_CSVW_H
#define AGM_CSVW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CSVW_IOBUF (1u << 20)
/* Raw files (neutralize off) say so in their header: the first column's
 * name carries this mark ("uuid (raw)"), so that merge reads their cells
 * byte-exact instead of taking an apostrophe off. Export also puts "-raw"
 * into a raw file's name (csvw_raw_suffix) for the people handling them. */
#define CSVW_RAW_MARK " (raw)"

typedef struct {
    FILE *fp;            /* not owned: the caller closes it */
    char *scratch;       /* csv_write output for one field, grown as needed */
    size_t cap;
    char *iobuf;         /* the stdio buffer given to fp (CSVW_IOBUF bytes) */
    bool neutralize;
    bool row_started;
    bool locked;         /* holds fp's stdio lock (csvw_begin .. csvw_finish) */
} csvw_t;

/* Start writing CSV to fp (opened for writing, nothing written yet): sets a
 * CSVW_IOBUF stdio buffer, and with bom writes the UTF-8 byte order mark
 * EF BB BF first (for Excel). fp must stay open until csvw_finish(). */
void csvw_begin(csvw_t *w, FILE *fp, bool neutralize, bool bom);

/* Append one field of n bytes to the current row. */
void csvw_field(csvw_t *w, const char *s, size_t n);
static inline void csvw_str(csvw_t *w, const char *s);

/* Write the header row: the column names, the first one marked with
 * CSVW_RAW_MARK when the file is raw (neutralize off). */
void csvw_header(csvw_t *w, const char *const *cols, int n);

/* "-raw" for a raw file's name (before ".csv"), "" otherwise. */
const char *csvw_raw_suffix(bool raw);

/* True when the header cell h is name followed by CSVW_RAW_MARK; *raw is
 * set to whether the mark was there. False when h is neither form. */
bool csvw_header_cell_is(const char *h, const char *name, bool *raw);

/* End the current row with "\r\n". */
void csvw_end_row(csvw_t *w);

/* Flush stdio. Returns 0, or -1 with errno set when any write failed
 * (stdio's error flag is sticky, so one check covers every row). Does not
 * close fp; frees the scratch buffer. A second call only flushes again. The stdio buffer stays attached to fp
 * and is freed by csvw_release() after the caller has closed fp. */
int csvw_finish(csvw_t *w);

/* Free what csvw_begin() allocated. Call after fclose(fp). Accepts a
 * zeroed value and may be called twice. */
void csvw_release(csvw_t *w);

/* True when a cell of n bytes would be written with an apostrophe in front. */
bool csv_cell_needs_neutralizing(const char *s, size_t n);

/* How many leading bytes to drop to undo neutralization: 1 for a cell that
 * begins with apostrophes followed by = + - @ TAB or CR, else 0. */
size_t csv_cell_unneutralize(const char *s, size_t n);

static inline void csvw_str(csvw_t *w, const char *s)
{
    csvw_field(w, s ? s : "", s ? __builtin_strlen(s) : 0);
}

#endif
