#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

bool qr_make(const char *text, qr_t *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text)
        return false;
    QRcode *c = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!c)
        return false;
    out->dark = malloc((size_t)c->width * (size_t)c->width);
    if (!out->dark) {
        QRcode_free(c);
        return false;
    }
    out->size = c->width;
    for (int i = 0; i < c->width * c->width; i++)
        out->dark[i] = c->data[i] & 1;
    QRcode_free(c);
    return true;
}

void qr_free(qr_t *q)
{
    if (!q)
        return;
    free(q->dark);
    memset(q, 0, sizeof *q);
}
