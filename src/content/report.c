/* report.c - report.md read with libcmark and flattened into sections of
 * blocks of styled spans (content.h). Markdown never fails to parse; what
 * is reported here is what the kiosk cannot show: no title, no sections,
 * empty sections. */
#include "content_internal.h"
#include "../core/util.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    block_t *v;
    size_t n, cap;
} blocks_t;

typedef struct {
    span_t *v;
    size_t n, cap;
} spans_t;

/* Add text with a style, merging with the previous span of the same style. */
static void spans_add(spans_t *s, const char *text, int style)
{
    if (!text || !*text)
        return;
    if (s->n && s->v[s->n - 1].style == style) {
        span_t *last = &s->v[s->n - 1];
        char *joined = xasprintf("%s%s", last->text, text);
        free(last->text);
        last->text = joined;
        return;
    }
    xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = (span_t){xstrdup(text), style};
}

static void spans_free(spans_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].text);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Inline children of node as spans; newlines inside text become spaces. */
static void collect_inlines(cmark_node *node, int style, spans_t *out)
{
    for (cmark_node *ch = cmark_node_first_child(node); ch; ch = cmark_node_next(ch)) {
        switch (cmark_node_get_type(ch)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            char *t = xstrdup(cmark_node_get_literal(ch));
            for (char *p = t; *p; p++)
                if (*p == '\n' || *p == '\r' || *p == '\t')
                    *p = ' ';
            spans_add(out, t, style);
            free(t);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            spans_add(out, " ", style);
            break;
        case CMARK_NODE_EMPH:
            collect_inlines(ch, style | SPAN_ITALIC, out);
            break;
        case CMARK_NODE_STRONG:
            collect_inlines(ch, style | SPAN_BOLD, out);
            break;
        case CMARK_NODE_LINK:
            collect_inlines(ch, style | SPAN_LINK, out);
            break;
        case CMARK_NODE_IMAGE:
            /* the kiosk shows no images; the alt text still says what was there */
            collect_inlines(ch, style, out);
            break;
        default: /* inline HTML and the like: nothing to show */
            break;
        }
    }
}

/* The plain text of an inline container (headings). Caller frees. */
static char *plain_text(cmark_node *node)
{
    spans_t s = {0};
    collect_inlines(node, 0, &s);
    strbuf_t b = {0};
    for (size_t i = 0; i < s.n; i++)
        sb_append(&b, s.v[i].text);
    spans_free(&s);
    char *t = b.s ? sb_steal(&b) : xstrdup("");
    /* trim */
    size_t n = strlen(t);
    while (n && t[n - 1] == ' ')
        t[--n] = '\0';
    size_t lead = strspn(t, " ");
    memmove(t, t + lead, n - lead + 1);
    return t;
}

static void blocks_add(blocks_t *b, block_kind_t kind, int level, int number, spans_t *spans, int line)
{
    if (!spans->n) {
        spans_free(spans);
        return;
    }
    xgrow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
    b->v[b->n++] = (block_t){kind, level, number, spans->v, spans->n, line};
    memset(spans, 0, sizeof *spans);
}

static void walk_block(cmark_node *node, int depth, blocks_t *out);

static void walk_list(cmark_node *list, int depth, blocks_t *out)
{
    bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int number = ordered ? cmark_node_get_list_start(list) : 0;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        /* The item's paragraphs form one block; nested lists follow it. */
        spans_t s = {0};
        for (cmark_node *ch = cmark_node_first_child(item); ch; ch = cmark_node_next(ch)) {
            cmark_node_type t = cmark_node_get_type(ch);
            if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
                if (s.n)
                    spans_add(&s, " ", s.v[s.n - 1].style);
                collect_inlines(ch, 0, &s);
            }
        }
        if (!s.n) /* an empty item still keeps its number */
            spans_add(&s, " ", 0);
        blocks_add(out, BLOCK_ITEM, depth, ordered ? number : 0, &s, cmark_node_get_start_line(item));
        for (cmark_node *ch = cmark_node_first_child(item); ch; ch = cmark_node_next(ch))
            if (cmark_node_get_type(ch) == CMARK_NODE_LIST)
                walk_list(ch, depth + 1, out);
        if (ordered)
            number++;
    }
}

static void walk_block(cmark_node *node, int depth, blocks_t *out)
{
    spans_t s = {0};
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
        collect_inlines(node, 0, &s);
        blocks_add(out, depth ? BLOCK_QUOTE : BLOCK_PARAGRAPH, 0, 0, &s, cmark_node_get_start_line(node));
        break;
    case CMARK_NODE_HEADING: {
        int level = cmark_node_get_heading_level(node);
        collect_inlines(node, 0, &s);
        blocks_add(out, BLOCK_HEADING, level < 3 ? 3 : level, 0, &s, cmark_node_get_start_line(node));
        break;
    }
    case CMARK_NODE_LIST:
        walk_list(node, 1, out);
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        for (cmark_node *ch = cmark_node_first_child(node); ch; ch = cmark_node_next(ch))
            walk_block(ch, depth + 1, out);
        break;
    case CMARK_NODE_CODE_BLOCK: {
        /* shown as a plain paragraph: a kiosk reader has no code font */
        char *t = xstrdup(cmark_node_get_literal(node));
        size_t n = strlen(t);
        while (n && (t[n - 1] == '\n' || t[n - 1] == '\r'))
            t[--n] = '\0';
        for (char *p = t; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        spans_add(&s, t, 0);
        free(t);
        blocks_add(out, depth ? BLOCK_QUOTE : BLOCK_PARAGRAPH, 0, 0, &s, cmark_node_get_start_line(node));
        break;
    }
    default: /* HTML blocks (comments for editors), thematic breaks */
        break;
    }
}

/* "3. Distribution of food and medicines" -> "distribution-of-food-and-medicines":
 * a leading number such as "3." or "5-1." is dropped so that renumbering the
 * report keeps slide references working; ASCII letters and digits are kept,
 * everything else becomes one '-'. Caller frees. */
char *content_slug(const char *title)
{
    const char *p = title;
    const char *q = p;
    while ((*q >= '0' && *q <= '9') || *q == '-')
        q++;
    if (q > p && *q == '.' && q[1] == ' ')
        p = q + 2;
    strbuf_t b = {0};
    bool dash = false;
    for (; *p; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && b.len)
                sb_appendc(&b, '-');
            sb_appendc(&b, ch);
            dash = false;
        } else if (strncmp(p, "\xE2\x80\x99", 3) == 0) {
            p += 2; /* a typographic apostrophe joins words like ' does */
        } else if (*p != '\'') {
            /* apostrophes join words: "LFNKR's" -> "lfnkrs" */
            dash = true;
        }
    }
    return b.s ? sb_steal(&b) : xstrdup("");
}

bool content_load_report(const char *path, const char *shown, report_t *r, diag_list_t *d)
{
    memset(r, 0, sizeof *r);
    const char *body;
    size_t len;
    char *text = content_read_text(path, shown, d, &body, &len);
    if (!text)
        return false;
    bool ok = true;
    cmark_node *doc = cmark_parse_document(body, len, CMARK_OPT_DEFAULT);
    free(text);
    if (!doc) {
        diag_error(d, shown, 0, "cannot be parsed (out of memory)");
        return false;
    }
    blocks_t intro = {0}, cur = {0};
    section_t *sec = NULL;
    size_t cap = 0;
    int title_line = 0;
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        int line = cmark_node_get_start_line(n);
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2) {
            int level = cmark_node_get_heading_level(n);
            char *t = plain_text(n);
            if (level == 1 && !r->title) {
                r->title = t;
                title_line = line;
                r->title_line = line;
                continue;
            }
            if (level == 1)
                diag_warn(d, shown, line, "a second '# ' title; use '## ' for a section");
            if (!*t) {
                diag_error(d, shown, line, "a section heading without text");
                ok = false;
            }
            /* close the section before */
            if (sec) {
                sec->blocks = cur.v;
                sec->nblocks = cur.n;
                memset(&cur, 0, sizeof cur);
            }
            xgrow((void **)&r->sections, &cap, r->nsections + 1, sizeof *r->sections);
            sec = &r->sections[r->nsections++];
            char *id = content_slug(t);
            if (!*id) {
                free(id);
                id = xasprintf("section-%zu", r->nsections);
            }
            *sec = (section_t){.id = id, .title = t, .line = line};
            continue;
        }
        walk_block(n, 0, sec ? &cur : &intro);
    }
    if (sec) {
        sec->blocks = cur.v;
        sec->nblocks = cur.n;
    }
    r->intro = intro.v;
    r->nintro = intro.n;
    cmark_node_free(doc);

    /* unique ids: a repeated title gets "-2", "-3" */
    for (size_t i = 1; i < r->nsections; i++) {
        for (int k = 2;; k++) {
            bool dup = false;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcmp(r->sections[j].id, r->sections[i].id) == 0;
            if (!dup)
                break;
            char *base = r->sections[i].id;
            size_t bl = strlen(base);
            /* strip a suffix added in an earlier round */
            char *dash = strrchr(base, '-');
            if (k > 2 && dash)
                bl = (size_t)(dash - base);
            char *nid = xasprintf("%.*s-%d", (int)bl, base, k);
            free(base);
            r->sections[i].id = nid;
        }
    }

    if (!r->title) {
        diag_error(d, shown, 1, "no title: the report must start with a '# ' heading");
        ok = false;
    } else if (!*r->title) {
        diag_error(d, shown, title_line, "the '# ' title has no text");
        ok = false;
    }
    if (!r->nsections) {
        diag_error(d, shown, 0, "no sections: give each part of the report a '## ' heading");
        ok = false;
    }
    for (size_t i = 0; i < r->nsections; i++)
        if (!r->sections[i].nblocks)
            diag_warn(d, shown, r->sections[i].line, "section '%s' has no text", r->sections[i].title);
    return ok;
}
