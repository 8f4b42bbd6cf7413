#include "textrun.h"

#include "../core/utf8.h"

void textrun_begin(textrun_iter_t *it, const char *s, size_t n, int nfonts,
                   textrun_has_glyph_fn has_glyph, void *user)
{
    it->s = s;
    it->n = s ? n : 0;
    it->pos = 0;
    it->nfonts = nfonts < 1 ? 1 : nfonts;
    it->has_glyph = has_glyph;
    it->user = user;
}

bool textrun_is_sticky(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x00A0 || cp == 0x3000  /* spaces incl. ideographic */
        || (cp >= 0x2000 && cp <= 0x200A)                          /* typographic spaces */
        || cp == 0x200C || cp == 0x200D                            /* ZWNJ, ZWJ */
        || (cp >= 0x0300 && cp <= 0x036F)                          /* combining diacritics */
        || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF)
        || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F)
        || (cp >= 0x3099 && cp <= 0x309A)                          /* combining (han)dakuten */
        || (cp >= 0xFE00 && cp <= 0xFE0F)                          /* variation selectors */
        || (cp >= 0xE0100 && cp <= 0xE01EF);
}

int textrun_font_for(const textrun_iter_t *it, uint32_t cp)
{
    if (!it->has_glyph)
        return 0;
    for (int f = 0; f < it->nfonts; f++)
        if (it->has_glyph(it->user, f, cp))
            return f;
    return 0;
}

static bool has(const textrun_iter_t *it, int font, uint32_t cp)
{
    return it->has_glyph && it->has_glyph(it->user, font, cp);
}

bool textrun_next(textrun_iter_t *it, textrun_t *out)
{
    if (it->pos >= it->n)
        return false;
    size_t adv;
    uint32_t cp = utf8_decode(it->s + it->pos, it->n - it->pos, &adv);
    int font = textrun_font_for(it, cp);
    size_t start = it->pos, end = it->pos + adv;
    while (end < it->n) {
        cp = utf8_decode(it->s + end, it->n - end, &adv);
        /* Spaces and marks prefer the run they are in: fewer runs, and a
         * mark drawn by another font than its base letter would not attach. */
        if (!(textrun_is_sticky(cp) && has(it, font, cp)) && textrun_font_for(it, cp) != font)
            break;
        end += adv;
    }
    out->off = start;
    out->len = end - start;
    out->font = font;
    it->pos = end;
    return true;
}
