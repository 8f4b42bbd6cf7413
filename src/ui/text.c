#include "text.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "../core/phrase.h"
#include "../core/utf8.h"
#include "../core/util.h"

/* Atoms of a run without a break measured at first (see the wrapping). */
#define SEGMENT_PROBE 256

static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* … */

/* One code point of the input. */
typedef struct {
    int span;
    size_t off;       /* byte offset in the span */
    uint8_t len;      /* bytes */
    uint32_t cp;
} atom_t;

typedef struct {
    size_t a, b;      /* atoms [a, b) drawn on the line (trailing spaces excluded) */
    bool ellipsis;
} line_t;

static bool is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

static bool is_letter(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0; }

static bool is_hangul(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0xA960 && cp <= 0xA97F)
        || (cp >= 0xAC00 && cp <= 0xD7FF);
}

/* May a line break between code points p and c (neither a space)?
 * Korean separates words with spaces and is set "keep-all": a line breaks
 * at a space, never inside a word, unless the word alone is wider than the
 * line (then the caller breaks it by character). Japanese and Chinese have
 * no spaces and break between characters, with kinsoku. */
static bool can_break_between(uint32_t p, uint32_t c, uint32_t after_c)
{
    if (utf8_no_break_before(c) || utf8_no_break_after(p))
        return false;
    if (is_hangul(p) && is_hangul(c))
        return false;
    bool pc = utf8_is_cjk_breakable(p), cc = utf8_is_cjk_breakable(c);
    if (pc || cc) {
        /* Keep numbers and Latin words glued to the CJK counter next to them. */
        if (cc && is_ascii_alnum(p))
            return false;
        return true;
    }
    return p == '-' && is_letter(c) && after_c != 0;
}

static bool is_kanji(uint32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }
static bool is_hiragana(uint32_t cp) { return cp >= 0x3041 && cp <= 0x309F; }
static bool honorific(uint32_t cp) { return cp == 0x304A || cp == 0x3054; } /* お ご before a word */

/* Japanese breaks between phrases (ICU's "ja@lw=phrase"), with kinsoku and
 * the rules above still applied on top; *ja says whether the text is
 * Japanese. A kanji and the hiragana after it stay together as well
 * (構いません, 出席しました: a word and its inflection, which the phrase
 * data sometimes splits), and so do the prefixes お and ご with the word
 * they honour (ご協力). allow[i]: a line may break between atoms i-1
 * and i when neither is a space. */
static bool *break_opportunities(const atom_t *at, size_t nat, bool *ja)
{
    bool *allow = xcalloc(nat + 1, sizeof *allow);
    *ja = false;
    for (size_t i = 0; i < nat && !*ja; i++)
        *ja = phrase_is_japanese(at[i].cp);
    bool *phrase = NULL;
    if (*ja) {
        uint32_t *cps = xcalloc(nat, sizeof *cps);
        for (size_t i = 0; i < nat; i++)
            cps[i] = at[i].cp;
        phrase = xcalloc(nat, sizeof *phrase);
        if (!phrase_breaks_ja(cps, nat, phrase)) {
            free(phrase);
            phrase = NULL;
        }
        free(cps);
    }
    for (size_t i = 1; i < nat; i++) {
        allow[i] = can_break_between(at[i - 1].cp, at[i].cp, i + 1 < nat ? at[i + 1].cp : 0);
        if (phrase && (utf8_is_cjk_breakable(at[i - 1].cp) || utf8_is_cjk_breakable(at[i].cp)))
            allow[i] = allow[i] && phrase[i] && !(is_kanji(at[i - 1].cp) && is_hiragana(at[i].cp))
                    && !(honorific(at[i - 1].cp) && is_kanji(at[i].cp) && (i < 2 || !is_kanji(at[i - 2].cp)));
    }
    free(phrase);
    return allow;
}

/* Width of atoms [a, b) measured per span piece. */
static int atoms_width(gfx_t *g, const text_span_t *sp, const atom_t *at, size_t a, size_t b)
{
    int w = 0;
    while (a < b) {
        size_t e = a + 1;
        while (e < b && at[e].span == at[a].span && at[e].off == at[e - 1].off + at[e - 1].len)
            e++;
        const text_span_t *s = &sp[at[a].span];
        size_t end = at[e - 1].off + at[e - 1].len;
        w += gfx_text_width_n(g, &s->font, s->s + at[a].off, end - at[a].off);
        a = e;
    }
    return w;
}

/* Japanese: a paragraph's last line of one or two characters (a lone
 * "ん。") takes the last phrase of the line before with it, when the two
 * then fit on that last line and the line before keeps three or more. */
static void no_short_last_line(gfx_t *g, const text_span_t *sp, const atom_t *at, const bool *allow, line_t *lines,
                               size_t nlines, int max_w)
{
    line_t *prev = &lines[nlines - 2], *last = &lines[nlines - 1];
    if (last->b - last->a > 2 || last->b == last->a || prev->b != last->a)
        return; /* long enough, empty, or spaces between the two (a space is a break of its own) */
    for (size_t k = prev->b - 1; k > prev->a + 2; k--) {
        if (!allow[k] || is_space(at[k].cp) || is_space(at[k - 1].cp))
            continue;
        if (atoms_width(g, sp, at, k, last->b) > max_w)
            return;
        prev->b = k;
        last->a = k;
        return;
    }
}

static void push_run(text_layout_t *l, const text_run_t *r)
{
    xgrow((void **)&l->runs, &l->cap, l->nruns + 1, sizeof *l->runs);
    l->runs[l->nruns++] = *r;
}

void text_layout_free(text_layout_t *l)
{
    if (!l)
        return;
    free(l->runs);
    memset(l, 0, sizeof *l);
}

/* text_layout(); with single_only, only a layout of one line is made:
 * when the text is not one line that fits, *out is left with no lines and
 * *whole_w is the width of the text measured whole (-1 when it has a line
 * break). */
static void layout(gfx_t *g, const text_span_t *sp, size_t nspans, const text_opts_t *o, text_layout_t *out,
                   bool single_only, int *whole_w)
{
    memset(out, 0, sizeof *out);
    int max_w = o->max_w > 0 ? o->max_w : 1 << 29;

    /* Decode everything once. */
    atom_t *at = NULL;
    size_t nat = 0, cap = 0;
    int line_skip = 0, ascent = 0, descent = 0;
    for (size_t i = 0; i < nspans; i++) {
        font_metrics_t m = gfx_metrics(g, &sp[i].font);
        line_skip = AGM_MAX(line_skip, m.line_skip);
        ascent = AGM_MAX(ascent, m.ascent);
        descent = AGM_MAX(descent, m.descent);
        size_t off = 0;
        while (off < sp[i].n) {
            size_t adv;
            uint32_t cp = utf8_decode(sp[i].s + off, sp[i].n - off, &adv);
            if (cp != '\r') {
                xgrow((void **)&at, &cap, nat + 1, sizeof *at);
                at[nat++] = (atom_t){(int)i, off, (uint8_t)adv, cp};
            }
            off += adv;
        }
    }
    out->line_h = o->line_h > 0 ? o->line_h : line_skip;

    line_t *lines = NULL;
    size_t nlines = 0, lcap = 0;
    size_t i = 0;
    bool ja = false;
    bool *allow = NULL;

    /* Most text is one line that fits as a whole (labels, buttons, short
     * headings): measured whole, it is laid as the greedy wrapping below
     * would lay it (every piece fits, so nothing wraps), without looking
     * for break opportunities (for Japanese that means starting ICU's
     * phrase dictionary). */
    size_t ink_end = nat;
    while (ink_end > 0 && is_space(at[ink_end - 1].cp))
        ink_end--;
    bool one_line = ink_end > 0 && (single_only || nat <= SEGMENT_PROBE);
    /* (not tried where even the narrowest letters, a fifth of the size
     * each, could not fit: a paragraph is not measured whole for nothing) */
    for (size_t k = 0; one_line && !single_only && k < nspans; k++)
        one_line = (long)nat * sp[k].font.px / 5 <= max_w;
    for (size_t k = 0; one_line && k < nat; k++)
        one_line = at[k].cp != '\n';
    int w_all = one_line ? atoms_width(g, sp, at, 0, ink_end) : -1;
    if (single_only)
        *whole_w = ink_end ? w_all : 0;
    if (one_line && w_all <= max_w) {
        xgrow((void **)&lines, &lcap, 1, sizeof *lines);
        lines[nlines++] = (line_t){0, ink_end, false};
        i = nat;
    } else if (single_only) {
        i = nat;
    } else {
        allow = break_opportunities(at, nat, &ja);
    }

    /* Segments end at break opportunities; lay them greedily. */
    size_t para = 0;                    /* the first line of the paragraph being laid */
    while (i < nat) {
        size_t ls = i;                  /* line start */
        size_t le = ls;                 /* end of drawn content so far */
        int lw = 0, npieces = 0;
        bool hard = false;
        while (i < nat) {
            if (at[i].cp == '\n') {
                i++;
                hard = true;
                break;
            }
            /* The next segment: non-space atoms up to a break opportunity, then spaces. */
            size_t ws = i, we = i;
            while (we < nat && !is_space(at[we].cp) && at[we].cp != '\n') {
                we++;
                if (we < nat && !is_space(at[we].cp) && at[we].cp != '\n' && allow[we])
                    break;
            }
            size_t se = we;
            while (se < nat && is_space(at[se].cp))
                se++;
            int gap = le > ls ? atoms_width(g, sp, at, le, ws) : 0; /* spaces between */
            if (le == ls && ws > ls) /* leading spaces of a paragraph are kept */
                gap = atoms_width(g, sp, at, ls, ws);
            /* A long run without a break (a pasted link, a key held down) is
             * measured only as far as it could fit: past that its width
             * does not matter, and measuring the rest again for every line
             * it wraps to would cost time growing with its square. */
            size_t probe = we - ws > SEGMENT_PROBE ? ws + SEGMENT_PROBE : we;
            int ww = atoms_width(g, sp, at, ws, probe);
            if (probe < we && lw + gap + ww <= max_w) {
                probe = we;
                ww = atoms_width(g, sp, at, ws, we);
            }
            int nw = lw + gap + ww;
            npieces += 2;
            /* Pieces measured apart add up to a little more or a little less
             * than the line measured whole (each piece is rounded to a pixel,
             * pairs across pieces are kerned): near the limit, or over it,
             * measure the line whole, so that no line is drawn wider than
             * max_w. Far from it the sum is good enough. */
            if (probe == we && (le > ls || ws > ls) && nw > max_w - 2 * npieces && nw <= max_w + 2 * npieces)
                nw = atoms_width(g, sp, at, ls, we);
            if (nw <= max_w) {
                lw = nw;
                le = we;
                i = se;
                continue;
            }
            if (le > ls)
                break;                  /* the segment goes to the next line */
            /* A word wider than the line: break it by character, as many as
             * fit with what precedes them on the line (measured whole; found
             * by halving, so a long word costs a few measures a line). */
            size_t lo = ws, hi = probe; /* ls..lo fits; past hi does not (or hi is the word's end) */
            while (lo < hi) {
                size_t mid = lo + (hi - lo + 1) / 2;
                if (atoms_width(g, sp, at, ls, mid) <= max_w)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            size_t k = lo;
            if (k == ws) {              /* not even one character: drop the indent, */
                ls = ws;                /* and at least one character per line */
                k = ws + 1;
            }
            out->broke_word = true;
            le = k;
            i = k;
            break;
        }
        xgrow((void **)&lines, &lcap, nlines + 1, sizeof *lines);
        lines[nlines++] = (line_t){ls, le, false};
        /* A wrapped line's trailing spaces belong to no line. */
        while (!hard && i < nat && is_space(at[i].cp))
            i++;
        if (ja && (hard || i == nat) && nlines >= para + 2)
            no_short_last_line(g, sp, at, allow, lines, nlines, max_w);
        if (hard || i == nat)
            para = nlines;
        if (hard && i == nat) { /* a final '\n' still makes an empty last line */
            xgrow((void **)&lines, &lcap, nlines + 1, sizeof *lines);
            lines[nlines++] = (line_t){nat, nat, false};
        }
        if (o->max_lines > 0 && (int)nlines == o->max_lines && i < nat) {
            /* Cut here: the last line keeps what fits with the ellipsis. */
            line_t *last = &lines[nlines - 1];
            const text_span_t *es = &sp[at[last->b > last->a ? last->b - 1 : last->a].span];
            int ew = gfx_text_width(g, &es->font, ELLIPSIS);
            size_t b = last->b;
            while (b > last->a && atoms_width(g, sp, at, last->a, b) + ew > max_w)
                b--;
            while (b > last->a && is_space(at[b - 1].cp))
                b--;
            last->b = b;
            last->ellipsis = true;
            out->ellipsized = true;
            break;
        }
    }

    /* Turn lines into runs. */
    for (size_t li = 0; li < nlines; li++) {
        size_t first = out->nruns;
        int x = 0, y = (int)li * out->line_h;
        size_t a = lines[li].a;
        while (a < lines[li].b) {
            size_t e = a + 1;
            while (e < lines[li].b && at[e].span == at[a].span && at[e].off == at[e - 1].off + at[e - 1].len)
                e++;
            const text_span_t *s = &sp[at[a].span];
            size_t n = at[e - 1].off + at[e - 1].len - at[a].off;
            font_metrics_t m = gfx_metrics(g, &s->font);
            text_run_t r = {s->s + at[a].off, n, s->font, s->color, x, y + ascent - m.ascent,
                            gfx_text_width_n(g, &s->font, s->s + at[a].off, n), m.ascent + m.descent, (int)li};
            push_run(out, &r);
            x += r.w;
            a = e;
        }
        if (lines[li].ellipsis) {
            const text_span_t *s = &sp[at[lines[li].b > lines[li].a ? lines[li].b - 1 : lines[li].a].span];
            font_metrics_t m = gfx_metrics(g, &s->font);
            text_run_t r = {ELLIPSIS, strlen(ELLIPSIS), s->font, s->color, x, y + ascent - m.ascent,
                            gfx_text_width(g, &s->font, ELLIPSIS), m.ascent + m.descent, (int)li};
            push_run(out, &r);
            x += r.w;
        }
        out->width = AGM_MAX(out->width, x);
        if (o->align != TEXT_LEFT && o->max_w > 0) {
            int shift = o->align == TEXT_CENTER ? (o->max_w - x) / 2 : o->max_w - x;
            for (size_t r = first; r < out->nruns; r++)
                out->runs[r].x += AGM_MAX(shift, 0);
        }
    }
    out->nlines = (int)nlines;
    out->height = (int)nlines * out->line_h;
    out->ink_h = nlines ? (int)(nlines - 1) * out->line_h + ascent + descent : 0;
    free(lines);
    free(allow);
    free(at);
}

void text_layout(gfx_t *g, const text_span_t *sp, size_t nspans, const text_opts_t *o, text_layout_t *out)
{
    layout(g, sp, nspans, o, out, false, NULL);
}

void text_layout_str(gfx_t *g, const font_t *f, rgba_t c, const char *s, const text_opts_t *o, text_layout_t *out)
{
    text_span_t sp = {s ? s : "", s ? strlen(s) : 0, *f, c};
    text_layout(g, &sp, 1, o, out);
}

void text_layout_draw(gfx_t *g, const text_layout_t *l, int x, int y)
{
    for (size_t i = 0; i < l->nruns; i++) {
        const text_run_t *r = &l->runs[i];
        gfx_text_n(g, &r->font, x + r->x, y + r->y, r->s, r->n, r->color);
    }
}

int text_draw_box(gfx_t *g, const font_t *f, rgba_t c, const char *s, rect_t box, text_align_t align, int line_h)
{
    font_metrics_t m = gfx_metrics(g, f);
    int lh = line_h > 0 ? line_h : m.line_skip;
    /* The last line needs only its glyph box, not the full line height. */
    int fit = lh > 0 ? 1 + (box.h - (m.ascent + m.descent)) / lh : 1;
    text_opts_t o = {box.w, lh, AGM_MAX(fit, 1), align};
    text_layout_t l;
    text_layout_str(g, f, c, s, &o, &l);
    text_layout_draw(g, &l, box.x, box.y);
    int h = l.height;
    text_layout_free(&l);
    return h;
}

int text_height(gfx_t *g, const font_t *f, const char *s, int max_w, int line_h)
{
    text_opts_t o = {max_w, line_h, 0, TEXT_LEFT};
    text_layout_t l;
    text_layout_str(g, f, RGBA(0, 0, 0, 255), s, &o, &l);
    int h = l.height;
    text_layout_free(&l);
    return h;
}

/* 1 fits without breaking words, 2 fits only by breaking words, 0 too big.
 * *w, *h: the layout's widest line and ink height. */
static int fits_at(gfx_t *g, const char *s, font_weight_t weight, rect_t box, int px, float line_factor, int *w,
                   int *h)
{
    font_t f = {px, weight, false};
    int lh = (int)(px * line_factor + 0.5f);
    text_opts_t o = {box.w, lh, 0, TEXT_LEFT};
    text_layout_t l;
    text_span_t sp = {s ? s : "", s ? strlen(s) : 0, f, RGBA(0, 0, 0, 255)};
    font_metrics_t m = gfx_metrics(g, &f);
    if (lh + m.ascent + m.descent > box.h) {
        /* Two lines are taller than the box: the text fits only as one
         * line, so where it would break does not matter. */
        int whole;
        layout(g, &sp, 1, &o, &l, true, &whole);
        if (!l.nlines) {
            *w = whole >= 0 ? whole : box.w;
            *h = whole >= 0 ? m.ascent + m.descent : lh + m.ascent + m.descent;
            return 0;
        }
    } else {
        layout(g, &sp, 1, &o, &l, false, NULL);
    }
    int r = l.ink_h > box.h || l.width > box.w ? 0 : l.broke_word ? 2 : 1;
    *w = l.width;
    *h = l.ink_h;
    text_layout_free(&l);
    return r;
}

/* fits_at() of one text over a range of sizes, each size laid out once
 * however often the searches below ask for it. */
#define FIT_MEMO 256

typedef struct {
    gfx_t *g;
    const char *s;
    font_weight_t weight;
    rect_t box;
    float line_factor;
    int px_min;
    int w, h;                   /* the last layout's width and ink height */
    signed char memo[FIT_MEMO]; /* -1 unknown, else fits_at's answer */
} fit_search_t;

static int fit_probe(fit_search_t *fs, int px)
{
    int k = px - fs->px_min;
    if (k >= 0 && k < FIT_MEMO && fs->memo[k] >= 0)
        return fs->memo[k];
    int w, h;
    int r = fits_at(fs->g, fs->s, fs->weight, fs->box, px, fs->line_factor, &w, &h);
    fs->w = w;
    fs->h = h;
    if (k >= 0 && k < FIT_MEMO)
        fs->memo[k] = (signed char)r;
    return r;
}

int text_fit_px(gfx_t *g, const char *s, font_weight_t weight, rect_t box, int px_min, int px_max,
                float line_factor)
{
    if (px_max < px_min)
        px_max = px_min;
    fit_search_t fs = {g, s, weight, box, line_factor, px_min, 0, 0, {0}};
    memset(fs.memo, -1, sizeof fs.memo);
    /* Most text fits at the largest size asked for: one layout then. */
    if (fit_probe(&fs, px_max) == 1)
        return px_max;
    /* Fitting is monotone enough in px for a search (wrapping can make it
     * non-monotone by a pixel or two, never by more than a line). Start
     * near where the size at px_max says the answer is (the ink height
     * grows about with the square of the size once text wraps, a single
     * line's width with the size), then step to it: two or three layouts
     * where halving the range takes five or more, each at a size whose
     * glyphs must be loaded. */
    int lo = px_min, hi = px_max - 1, best_clean = 0;
    if (lo <= hi && fs.w > 0 && fs.h > 0) {
        double kh = (double)box.h / fs.h, kw = (double)box.w / fs.w;
        double k = kh < 1 ? sqrt(kh) : 1;
        if (kw < k)
            k = kw;
        int est = (int)(px_max * k);
        est = est < lo ? lo : est > hi ? hi : est;
        if (fit_probe(&fs, est) == 1) {
            lo = est + 1; /* walk up while it fits */
            best_clean = est;
            for (int n = 0; n < 3 && lo <= hi && fit_probe(&fs, lo) == 1; n++)
                best_clean = lo++;
            if (lo <= hi && fit_probe(&fs, lo) != 1)
                return best_clean;
        } else {
            hi = est - 1; /* walk down until it fits */
            for (int n = 0; n < 3 && lo <= hi; n++, hi--)
                if (fit_probe(&fs, hi) == 1)
                    return hi;
        }
    }
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (fit_probe(&fs, mid) == 1) {
            best_clean = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best_clean)
        return best_clean;
    lo = px_min, hi = px_max;
    int best = px_min;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (fit_probe(&fs, mid)) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

size_t text_fit_bytes(gfx_t *g, const font_t *f, const char *s, size_t n, int max_w)
{
    size_t fit = 0, off = 0;
    while (off < n) {
        size_t adv;
        utf8_decode(s + off, n - off, &adv);
        if (gfx_text_width_n(g, f, s, off + adv) > max_w)
            break;
        off += adv;
        fit = off;
    }
    return fit;
}
