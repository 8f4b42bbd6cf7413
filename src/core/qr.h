/* qr.h - a QR code of a short text (the organization's web address), from
 * libqrencode: error correction level M, the smallest version that holds
 * it. No drawing here: the UI draws the modules. */
#ifndef AGM_QR_H
#define AGM_QR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int size;           /* modules per side (21 for version 1), 0 when empty */
    uint8_t *dark;      /* size * size, row by row: 1 for a dark module */
} qr_t;

/* Encode text (UTF-8, as bytes). Returns false (and an empty code) when
 * text is empty or too long for a QR code. */
bool qr_make(const char *text, qr_t *out);
void qr_free(qr_t *q); /* accepts an empty code */

/* The quiet zone the standard asks around a code, in modules. */
#define QR_QUIET 4

#endif
