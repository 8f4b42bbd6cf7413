/* deck_pack.c - word wrap, sentence and word boundaries, and packing a
 * run of items onto as few slides as they need at the largest type that
 * fits (see deck.h). */
#include "deck_internal.h"

#include "../core/util.h"
#include "../core/utf8.h"
#include "../ui/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- word wrap -------------------------------------------------------------- */

void deck_segs_push(segs_t *s, size_t off, size_t len)
{
    xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = (seg_t){off, len};
}

/* Wrap s[0..n) into lines no wider than maxw at f with the UI's line
 * breaker (text.h: spaces, CJK with kinsoku, never cutting a word, only
 * breaking one that is wider than the line). Appends the lines to out when
 * it is not NULL; returns their count. */
int deck_wrap_text_b(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out, bool *broke)
{
    text_span_t sp = {s, n, *f, RGBA(0, 0, 0, 255)};
    text_opts_t o = {.max_w = maxw};
    text_layout_t l;
    text_layout(g, &sp, 1, &o, &l);
    if (broke)
        *broke = l.broke_word;
    int lines = 0;
    for (size_t r = 0; r < l.nruns;) {
        /* the runs of one line are contiguous bytes of s */
        size_t a = (size_t)(l.runs[r].s - s), e = a + l.runs[r].n;
        int line = l.runs[r].line;
        for (r++; r < l.nruns && l.runs[r].line == line; r++)
            e = (size_t)(l.runs[r].s - s) + l.runs[r].n;
        /* leading spaces of a paragraph are not slide text */
        while (a < e && is_space(s[a]))
            a++;
        if (out)
            deck_segs_push(out, a, e - a);
        lines++;
    }
    text_layout_free(&l);
    return lines;
}

int deck_wrap_text(gfx_t *g, const font_t *f, const char *s, size_t n, int maxw, segs_t *out)
{
    return deck_wrap_text_b(g, f, s, n, maxw, out, NULL);
}

/* ---- line counts remembered for one build ---------------------------------- */

bool deck_no_shortcuts = false;

typedef struct memo_entry {
    struct memo_entry *next;
    uint32_t hash;
    font_t f;
    int maxw, lines;
    bool broke;
    size_t n;
    char text[]; /* n bytes */
} memo_entry_t;

struct deck_memo {
    memo_entry_t **b;
    size_t nb, count;
};

deck_memo_t *deck_memo_new(void)
{
    deck_memo_t *m = xcalloc(1, sizeof *m);
    m->nb = 1024;
    m->b = xcalloc(m->nb, sizeof *m->b);
    return m;
}

void deck_memo_free(deck_memo_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nb; i++)
        for (memo_entry_t *e = m->b[i], *nx; e; e = nx) {
            nx = e->next;
            free(e);
        }
    free(m->b);
    free(m);
}

static uint32_t memo_hash(const font_t *f, const char *s, size_t n, int maxw)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    uint32_t k[4] = {(uint32_t)f->px, (uint32_t)f->weight, (uint32_t)f->italic, (uint32_t)maxw};
    for (int i = 0; i < 4; i++)
        h = (h ^ k[i]) * 16777619u;
    return h;
}

static void memo_grow(deck_memo_t *m)
{
    size_t nb = m->nb * 2;
    memo_entry_t **b = xcalloc(nb, sizeof *b);
    for (size_t i = 0; i < m->nb; i++)
        for (memo_entry_t *e = m->b[i], *nx; e; e = nx) {
            nx = e->next;
            e->next = b[e->hash & (nb - 1)];
            b[e->hash & (nb - 1)] = e;
        }
    free(m->b);
    m->b = b;
    m->nb = nb;
}

int deck_wrap_count(lay_t *L, const font_t *f, const char *s, size_t n, int maxw, bool *broke)
{
    deck_memo_t *m = L->memo;
    if (!m)
        return deck_wrap_text_b(L->g, f, s, n, maxw, NULL, broke);
    uint32_t h = memo_hash(f, s, n, maxw);
    for (memo_entry_t *e = m->b[h & (m->nb - 1)]; e; e = e->next)
        if (e->hash == h && e->n == n && e->maxw == maxw && e->f.px == f->px && e->f.weight == f->weight &&
            e->f.italic == f->italic && memcmp(e->text, s, n) == 0) {
            if (broke)
                *broke = e->broke;
            return e->lines;
        }
    bool b = false;
    int lines = deck_wrap_text_b(L->g, f, s, n, maxw, NULL, &b);
    if (m->count >= m->nb)
        memo_grow(m);
    memo_entry_t *e = xmalloc(sizeof *e + n);
    *e = (memo_entry_t){NULL, h, *f, maxw, lines, b, n};
    memcpy(e->text, s, n);
    e->next = m->b[h & (m->nb - 1)];
    m->b[h & (m->nb - 1)] = e;
    m->count++;
    if (broke)
        *broke = b;
    return lines;
}


/* ---- sentence and word boundaries ----------------------------------------- */

static bool is_abbrev(const char *s, size_t word_start, size_t dot)
{
    static const char *const abbr[] = {"Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "vs", "etc", "e.g", "i.e",
                                       "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                                       "Nov", "Dec", "approx", "ca", "cf", "Fig", "Inc", "Ltd", "Co", "Jr", "Sr"};
    size_t n = dot - word_start;
    if (n == 1 && s[word_start] >= 'A' && s[word_start] <= 'Z')
        return true; /* an initial: "J. Smith", "U.S." */
    for (size_t i = 0; i < AGM_ARRAY_LEN(abbr); i++)
        if (strlen(abbr[i]) == n && strncmp(s + word_start, abbr[i], n) == 0)
            return true;
    /* "U.S." and "a.m.": a dot inside the word */
    for (size_t i = word_start; i < dot; i++)
        if (s[i] == '.')
            return true;
    return false;
}

/* Offsets where a new sentence starts in s (after the end punctuation and
 * the spaces). CJK full stops need no space after them. */
static void sentence_starts(const char *s, size_t n, segs_t *out)
{
    size_t word_start = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) { /* 。！？ */
            size_t j = i + adv;
            /* closing brackets stay with their sentence */
            while (j < n) {
                size_t a2;
                uint32_t c2 = utf8_decode(s + j, n - j, &a2);
                if (!utf8_no_break_before(c2))
                    break;
                j += a2;
            }
            while (j < n && is_space(s[j]))
                j++;
            if (j < n)
                deck_segs_push(out, j, 0);
            i = j;
            word_start = i;
            continue;
        }
        if (cp == '.' || cp == '!' || cp == '?') {
            size_t j = i + 1;
            while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '.' || s[j] == '!' ||
                             s[j] == '?'))
                j++;
            /* closing curly quotes */
            while (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
                   ((unsigned char)s[j + 2] == 0x9D || (unsigned char)s[j + 2] == 0x99))
                j += 3;
            if (j < n && is_space(s[j])) {
                size_t k = j;
                while (k < n && is_space(s[k]))
                    k++;
                bool lower_next = k < n && s[k] >= 'a' && s[k] <= 'z';
                if (k < n && !lower_next && !(cp == '.' && is_abbrev(s, word_start, i)))
                    deck_segs_push(out, k, 0);
            }
            i = j;
            continue;
        }
        if (is_space(s[i]))
            word_start = i + 1;
        i += adv;
    }
}

static void word_starts(const char *s, size_t n, segs_t *out)
{
    for (size_t i = 1; i < n; i++)
        if (!is_space(s[i]) && is_space(s[i - 1]))
            deck_segs_push(out, i, 0);
}

/* ---- packing ------------------------------------------------------------- */


void deck_pack_free(pack_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        deck_items_free(&p->v[i].items);
    free(p->v);
    memset(p, 0, sizeof *p);
}

static page_t *pack_new_page(pack_t *p)
{
    xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
    page_t *pg = &p->v[p->n++];
    memset(pg, 0, sizeof *pg);
    return pg;
}

static int page_avail(const pack_in_t *in, size_t page_index, int s)
{
    const char *h = page_index == 0 ? in->head0 : in->headc;
    return in->L->geo.content.h - deck_heading_height(in->L, h, s);
}

/* Height page would use with `it` added. */
static int page_with(lay_t *L, const page_t *pg, const deck_item_t *it, int h_it, int s)
{
    if (pg->items.n == 0)
        return h_it;
    return pg->used + deck_item_gap(&pg->items.v[pg->items.n - 1], it, s) + h_it;
}

static void page_add(lay_t *L, page_t *pg, const deck_item_t *proto, char *text, bool continued, int s)
{
    deck_item_t tmp = *proto;
    tmp.text = text;
    tmp.continued = continued;
    int h = deck_item_height(L, &tmp, s);
    pg->used = page_with(L, pg, &tmp, h, s);
    deck_items_push(&pg->items, proto->kind, text, proto->label, proto->level, proto->block, continued);
}

/* The furthest boundary b in starts (or the end n) such that the piece
 * text[pos..b) fits in avail on page pg. Returns pos when none fits. */
static size_t fit_prefix(lay_t *L, const page_t *pg, const deck_item_t *proto, const char *text, size_t n,
                         size_t pos, bool continued, const segs_t *starts, int avail, int s)
{
    size_t best = pos;
    for (size_t k = 0; k <= starts->n; k++) {
        size_t b = k < starts->n ? starts->v[k].off : n;
        if (b <= pos)
            continue;
        deck_item_t tmp = *proto;
        tmp.text = deck_trim_dup(text, pos, b);
        tmp.continued = continued;
        int h = deck_item_height(L, &tmp, s);
        int used = page_with(L, pg, &tmp, h, s);
        free(tmp.text);
        if (used > avail)
            break;
        best = b;
    }
    return best;
}

static bool is_lead_in(const deck_item_t *it)
{
    size_t tl = strlen(it->text);
    return it->kind == DECK_ITEM_SUBHEAD || (it->kind == DECK_ITEM_PARA && tl && it->text[tl - 1] == ':');
}

/* A new page begins with unit u while the page before ends on a lead-in (a
 * subheading, "For example:"): the lead-in moves over with u, when the two
 * fit the new page together (or, with split, whenever: u is then split
 * from there on), so that no heading ends a slide without its text.
 * Returns the new page. */
static page_t *new_page_for(const pack_in_t *in, pack_t *p, const deck_item_t *u, int need, int s, bool split)
{
    lay_t *L = in->L;
    page_t *prev = &p->v[p->n - 1];
    deck_item_t carry = {0};
    bool carried = false;
    if (prev->items.n >= 2 && is_lead_in(&prev->items.v[prev->items.n - 1]) &&
        !prev->items.v[prev->items.n - 1].continued) {
        const deck_item_t *last = &prev->items.v[prev->items.n - 1];
        int h = deck_item_height(L, last, s) + deck_item_gap(last, u, s) + need;
        if (h <= page_avail(in, p->n, s) || split) {
            carry = prev->items.v[--prev->items.n];
            carried = true;
            /* what the page before now uses */
            prev->used = 0;
            for (size_t k = 0; k < prev->items.n; k++) {
                const deck_item_t *it = &prev->items.v[k];
                int ih = deck_item_height(L, it, s);
                prev->used = k == 0 ? ih : prev->used + deck_item_gap(&prev->items.v[k - 1], it, s) + ih;
            }
        }
    }
    page_t *pg = pack_new_page(p);
    if (carried) {
        page_add(L, pg, &carry, carry.text, carry.continued, s); /* the page takes over its text */
        free(carry.label); /* (the label is copied) */
    }
    return pg;
}

/* Split a unit that does not fit over as many pages as needed, starting on
 * the current page. Sentence ends first; between words only when one
 * sentence does not fit an empty page. */
static void pack_split(const pack_in_t *in, pack_t *p, const deck_item_t *u, int s)
{
    lay_t *L = in->L;
    const char *text = u->text;
    size_t n = strlen(text);
    segs_t sent = {0}, words = {0};
    sentence_starts(text, n, &sent);
    word_starts(text, n, &words);
    size_t pos = 0;
    bool continued = u->continued;
    while (pos < n) {
        page_t *pg = &p->v[p->n - 1];
        int avail = page_avail(in, p->n - 1, s);
        size_t b = fit_prefix(L, pg, u, text, n, pos, continued, &sent, avail, s);
        if (b == pos) {
            if (pg->items.n > 0) {
                /* (a lead-in ending the page comes along: its text starts here) */
                if (pos == 0)
                    new_page_for(in, p, u, deck_item_height(L, u, s), s, true);
                else
                    pack_new_page(p);
                continue;
            }
            b = fit_prefix(L, pg, u, text, n, pos, continued, &words, avail, s);
            if (b == pos) {
                /* Not even one word fits an empty page at this size: take
                 * one word anyway; the caller will try a smaller size. */
                b = n;
                for (size_t k = 0; k < words.n; k++)
                    if (words.v[k].off > pos) {
                        b = words.v[k].off;
                        break;
                    }
            }
            p->word_splits++;
        }
        page_add(L, pg, u, deck_trim_dup(text, pos, b), continued, s);
        continued = true;
        pos = b;
        while (pos < n && is_space(text[pos]))
            pos++;
        if (pos < n)
            pack_new_page(p);
    }
    free(sent.v);
    free(words.v);
}

/* The height a page that uses `used` below `prev` (NULL: an empty page)
 * uses with units u[a..b) added. */
static int run_used(lay_t *L, const deck_item_t *prev, int used, const deck_item_t *u, size_t a, size_t b, int s)
{
    for (size_t k = a; k < b; k++) {
        int h = deck_item_height(L, &u[k], s);
        used = prev ? used + deck_item_gap(prev, &u[k], s) + h : h;
        prev = &u[k];
    }
    return used;
}

/* An even split of n items into k parts (the first n % k one larger):
 * where part `part` begins. */
static size_t part_start(size_t n, size_t k, size_t part)
{
    size_t base = n / k, extra = n % k;
    return part * base + AGM_MIN(part, extra);
}

/* The page ends on a lead-in that would move over with what follows it. */
static bool carries_lead_in(const page_t *pg)
{
    return pg->items.n >= 2 && is_lead_in(&pg->items.v[pg->items.n - 1]) && !pg->items.v[pg->items.n - 1].continued;
}

/* Whether the even split of u[a..b) into k parts fits: the first part on
 * the page now (here) or on a new one, each other part on a page of its own. */
static bool split_fits(const pack_in_t *in, const pack_t *p, const deck_item_t *u, size_t a, size_t b, size_t k,
                       bool here, int s)
{
    lay_t *L = in->L;
    size_t n = b - a;
    const page_t *pg = &p->v[p->n - 1];
    for (size_t part = 0; part < k; part++) {
        size_t x = a + part_start(n, k, part), y = a + part_start(n, k, part + 1);
        if (part == 0 && here) {
            const deck_item_t *last = pg->items.n ? &pg->items.v[pg->items.n - 1] : NULL;
            if (run_used(L, last, pg->used, u, x, y, s) > page_avail(in, p->n - 1, s))
                return false;
        } else if (part == 0 && carries_lead_in(pg)) {
            /* the lead-in ending this page moves over with the first part */
            const deck_item_t *lead = &pg->items.v[pg->items.n - 1];
            if (run_used(L, lead, deck_item_height(L, lead, s), u, x, y, s) > page_avail(in, p->n, s))
                return false;
        } else if (run_used(L, NULL, 0, u, x, y, s) > page_avail(in, p->n + part - (here ? 1 : 0), s)) {
            return false;
        }
    }
    return true;
}

/* A list (consecutive list items u[a..b)): whole where it fits, else whole
 * on the next page (a lead-in ending this page comes along), else split
 * into the fewest even parts (their lengths differ by one item at most),
 * beginning on this page when that takes no more pages. False when not
 * even an even split fits (an item taller than a page): the caller packs
 * item by item. */
static bool pack_list(const pack_in_t *in, pack_t *p, const deck_item_t *u, size_t a, size_t b, int s)
{
    lay_t *L = in->L;
    page_t *pg = &p->v[p->n - 1];
    const deck_item_t *last = pg->items.n ? &pg->items.v[pg->items.n - 1] : NULL;
    size_t n = b - a, k = 1;
    bool here = true;
    /* a page that holds only a lead-in keeps the list's start: moving it
     * would leave the lead-in alone */
    bool movable = pg->items.n >= 2 || (pg->items.n == 1 && !is_lead_in(&pg->items.v[0]));
    if (run_used(L, last, pg->used, u, a, b, s) > page_avail(in, p->n - 1, s)) {
        size_t k_here = 0, k_new = 0;
        for (size_t t = 1; t <= n && !(k_here && k_new); t++) {
            if (!k_here && (t > 1 || pg->items.n == 0) && split_fits(in, p, u, a, b, t, true, s))
                k_here = t;
            if (!k_new && movable && split_fits(in, p, u, a, b, t, false, s))
                k_new = t;
            if (k_here && !movable)
                break;
        }
        if (!k_here && !k_new)
            return false;
        /* a list that fits a page of its own is not split; otherwise here
         * uses k_here - 1 new pages, a new start k_new */
        here = k_here && (!k_new || (k_new > 1 && k_here - 1 <= k_new));
        k = here ? k_here : k_new;
    }
    if (!here)
        pg = new_page_for(in, p, &u[a], run_used(L, NULL, 0, u, a, a + part_start(n, k, 1), s), s, true);
    for (size_t part = 0; part < k; part++) {
        if (part > 0)
            pg = pack_new_page(p);
        for (size_t i = a + part_start(n, k, part); i < a + part_start(n, k, part + 1); i++)
            page_add(L, pg, &u[i], xstrdup(u[i].text), u[i].continued, s);
    }
    return true;
}

/* Whether a packing under way will end with more than max_pages pages or
 * more than max_ws word splits, whatever the units still to come do: a page
 * that has an item never loses its last one (a lead-in moves on only from
 * a page with two or more), only an empty last page is dropped, and word
 * splits are only added. */
static bool pack_over(const pack_t *p, size_t max_pages, int max_ws)
{
    return (p->n > max_pages && p->v[max_pages].items.n > 0) || p->word_splits > max_ws;
}

/* Greedy packing of the units at body size s. With a limit (pack_try),
 * it stops as soon as the packing is sure to need more than max_pages
 * pages or max_ws word splits, and returns false; the pages are then
 * incomplete and only to be freed. */
static bool pack_run_lim(const pack_in_t *in, int s, pack_t *p, size_t max_pages, int max_ws)
{
    lay_t *L = in->L;
    memset(p, 0, sizeof *p);
    pack_new_page(p);
    for (size_t i = 0; i < in->nunits; i++) {
        if (pack_over(p, max_pages, max_ws))
            return false;
        const deck_item_t *u = &in->units[i];
        if (u->kind == DECK_ITEM_BULLET && !in->group && (i == 0 || in->units[i - 1].kind != DECK_ITEM_BULLET)) {
            size_t j = i + 1;
            while (j < in->nunits && in->units[j].kind == DECK_ITEM_BULLET)
                j++;
            if (j - i >= 2 && pack_list(in, p, in->units, i, j, s)) {
                i = j - 1;
                continue;
            }
        }
        page_t *pg = &p->v[p->n - 1];
        if (in->group && (i == 0 || in->group[i] != in->group[i - 1])) {
            /* A new month: keep it on one page when it fits one. */
            size_t j = i;
            page_t trial = {.used = pg->used};
            int total_empty = 0;
            const deck_item_t *prev = pg->items.n ? &pg->items.v[pg->items.n - 1] : NULL;
            for (j = i; j < in->nunits && in->group[j] == in->group[i]; j++) {
                int h = deck_item_height(L, &in->units[j], s);
                trial.used = (prev ? trial.used + deck_item_gap(prev, &in->units[j], s) : trial.used) + h;
                total_empty += (j > i ? deck_item_gap(&in->units[j - 1], &in->units[j], s) : 0) + h;
                prev = &in->units[j];
            }
            bool fits_here = trial.used <= page_avail(in, p->n - 1, s);
            bool fits_empty = total_empty <= page_avail(in, p->n, s);
            if (pg->items.n > 0 && (pg->groups >= in->max_groups || (!fits_here && fits_empty)))
                pg = pack_new_page(p);
            pg->groups++;
        }
        int h = deck_item_height(L, u, s);
        int need = h;
        /* A subheading, or a paragraph that introduces what follows
         * ("For your reference:"), keeps at least one line of it. */
        size_t tl = strlen(u->text);
        bool lead_in = u->kind == DECK_ITEM_SUBHEAD || (u->kind == DECK_ITEM_PARA && tl && u->text[tl - 1] == ':');
        if (lead_in && i + 1 < in->nunits)
            need += round_px(s * 0.2) + deck_line_skip(L, &(font_t){s, FONT_REGULAR, false});
        int avail = page_avail(in, p->n - 1, s);
        if (page_with(L, pg, u, need, s) <= avail) {
            page_add(L, pg, u, xstrdup(u->text), u->continued, s);
            continue;
        }
        int avail_next = page_avail(in, p->n, s);
        bool fits_empty = need <= avail_next;
        bool short_unit = lead_in || u->kind == DECK_ITEM_ROW || u->kind == DECK_ITEM_BIG ||
                          u->kind == DECK_ITEM_META;
        /* A page more than 60 % full is not worth filling with the first
         * sentences of a block that would fit whole on the next one. */
        /* After a lead-in that cannot come along to the next page, the
         * unit begins here (its first sentences) rather than leave the
         * lead-in at the foot of the page alone. */
        bool stranded = false;
        if (pg->items.n > 0 && is_lead_in(&pg->items.v[pg->items.n - 1]) && !short_unit && u->kind != DECK_ITEM_SUBHEAD) {
            const deck_item_t *last = &pg->items.v[pg->items.n - 1];
            stranded = deck_item_height(L, last, s) + deck_item_gap(last, u, s) + need > avail_next;
        }
        if (pg->items.n > 0 && fits_empty && !stranded &&
            (short_unit || !in->fill_pages || pg->used * 5 >= avail * 3)) {
            pg = new_page_for(in, p, u, need, s, false);
            page_add(L, pg, u, xstrdup(u->text), u->continued, s);
            continue;
        }
        if (pg->items.n > 0 && short_unit) {
            pg = new_page_for(in, p, u, need, s, false);
        }
        pack_split(in, p, u, s);
    }
    /* Never end on an empty page. */
    if (p->n > 1 && p->v[p->n - 1].items.n == 0) {
        deck_items_free(&p->v[p->n - 1].items);
        p->n--;
    }
    /* A lead-in left at the foot of a page while what it introduces
     * starts the next one moves over to it, when it fits there. */
    for (size_t k = 0; k + 1 < p->n; k++) {
        items_t *a = &p->v[k].items, *b = &p->v[k + 1].items;
        if (a->n < 2 || b->n == 0 || b->v[0].continued)
            continue;
        const deck_item_t *last = &a->v[a->n - 1];
        size_t tl = strlen(last->text);
        if (!(last->kind == DECK_ITEM_SUBHEAD || (last->kind == DECK_ITEM_PARA && tl && last->text[tl - 1] == ':')))
            continue;
        int h = deck_item_height(L, last, s) + deck_item_gap(last, &b->v[0], s) + p->v[k + 1].used;
        if (h > page_avail(in, k + 1, s))
            continue;
        xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
        memmove(b->v + 1, b->v, b->n * sizeof *b->v);
        b->v[0] = a->v[--a->n];
        b->n++;
        p->v[k + 1].used = h;
    }
    /* A word wider than the line (a long web address) is broken between
     * characters: count it like a sentence broken between words, so that
     * a size at which it fits whole wins. */
    for (size_t k = 0; k < p->n; k++) {
        const char *h = k == 0 ? in->head0 : in->headc;
        bool broke = false;
        if (h && *h) {
            font_t hf = deck_heading_font(s);
            deck_wrap_count(L, &hf, h, strlen(h), L->geo.content.w, &broke);
            p->word_splits += broke;
        }
        for (size_t i = 0; i < p->v[k].items.n; i++) {
            const deck_item_t *it = &p->v[k].items.v[i];
            font_t f = deck_item_font(it, s);
            int x, w;
            deck_item_box(L, it, s, &x, &w);
            deck_wrap_count(L, &f, it->text, strlen(it->text), w, &broke);
            p->word_splits += broke;
        }
    }
    return !pack_over(p, max_pages, max_ws);
}

static void pack_run(const pack_in_t *in, int s, pack_t *p)
{
    pack_run_lim(in, s, p, SIZE_MAX - 1, INT_MAX);
}

/* Whether the units pack at size s into at most max_pages pages with at
 * most max_ws word splits (packing only as far as it takes to tell). */
static bool pack_try(const pack_in_t *in, int s, size_t max_pages, int max_ws)
{
    pack_t pm;
    bool done = deck_no_shortcuts ? pack_run_lim(in, s, &pm, SIZE_MAX - 1, INT_MAX)
                                  : pack_run_lim(in, s, &pm, max_pages, max_ws);
    bool fits = done && pm.n <= max_pages && pm.word_splits <= max_ws;
    deck_pack_free(&pm);
    return fits;
}
/* The largest text size in [a, b) at which the text packs into at most
 * max_pages slides with at most ws word splits, where size a does and size
 * b does not (a bisection: each size tried is packed once). */
static int largest_fitting(const pack_in_t *in, int a, int b, size_t max_pages, int ws)
{
    while (b - a > 1) {
        int m = (a + b) / 2;
        if (pack_try(in, m, max_pages, ws))
            a = m;
        else
            b = m;
    }
    return a;
}


/* Pack at the largest size that needs no more pages (and no more
 * mid-sentence breaks) than packing at the target size. */
int deck_pack_best(const pack_in_t *in, pack_t *out)
{
    deck_geom_t *geo = &in->L->geo;
    int lo = geo->target_px;
    pack_t p;
    pack_run(in, lo, &p);
    if (p.word_splits > 0 && lo > geo->floor_px) {
        /* A sentence does not fit at the target: go down towards the
         * floor until it does (or the floor is reached). */
        pack_t pf;
        pack_run(in, geo->floor_px, &pf);
        int ws = pf.word_splits;
        deck_pack_free(&pf);
        lo = largest_fitting(in, geo->floor_px, lo, SIZE_MAX, ws); /* the floor satisfies ws, lo does not */
        deck_pack_free(&p);
        pack_run(in, lo, &p);
    }
    size_t pages = p.n;
    int ws = p.word_splits;
    if (pages == 2 && in->fill_pages && lo > geo->floor_px) {
        /* Two slides at the target size: one, when the text fits it at a
         * size still in the larger half of the allowed ones. */
        int mid = (geo->floor_px + lo + 1) / 2;
        if (pack_try(in, mid, 1, ws)) {
            lo = largest_fitting(in, mid, lo, 1, ws); /* mid fits one page, lo does not */
            deck_pack_free(&p);
            pack_run(in, lo, &p);
            pages = p.n;
            ws = p.word_splits;
        }
    }
    if (pages > 2 && in->fill_pages && lo > geo->floor_px) {
        /* A long section: one or two slides when the text stays above the
         * floor that way, else as few as the floor allows (more smaller
         * slides rather than many half-full large ones). */
        pack_t pf;
        pack_run(in, geo->floor_px, &pf);
        size_t want = AGM_MAX((size_t)2, pf.n);
        bool ok = pf.word_splits <= ws && want < pages;
        deck_pack_free(&pf);
        if (ok) {
            lo = largest_fitting(in, geo->floor_px, lo, want, ws); /* the floor needs at most want pages, lo more */
            deck_pack_free(&p);
            pack_run(in, lo, &p);
            pages = p.n;
            ws = p.word_splits;
        }
    }
    int a = lo, b = geo->ceil_px + 1;
    while (b - a > 1) {
        int m = (a + b) / 2;
        if (pack_try(in, m, pages, ws))
            a = m;
        else
            b = m;
    }
    if (a != lo) {
        deck_pack_free(&p);
        pack_run(in, a, &p);
    }
    *out = p;
    return a;
}

