/* Bad content never crashes the loader: the bundled files, mutated in
 * many ways (bytes flipped, lines cut, quotes and brackets inserted,
 * truncated), are loaded under the sanitizers. Deterministic: a fixed seed,
 * so a failure can be replayed. */
#include "test.h"
#include "testcontent.h"
#include "content/content.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const files[] = {
    "event.ini", "report.md", "timeline.csv", "stats.csv", "charts.ini",
    "slides.ini", "forms.ini", "theme.ini", "strings/en.ini", "strings/ja.ini",
};

static uint32_t rng = 12345;
static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* One mutation of text (len bytes) into a new buffer. Caller frees. */
static char *mutate(const char *text, size_t len, size_t *out_len)
{
    static const char *const inserts[] = {"\"", ",", "\n", "\r\n", "[", "]", "=", "\xFF", "\xEF\xBB\xBF",
                                          "%n", "%s%s%s", "## ", "# ", "- ", "[slide]\n", "\xE6\x97", "\t",
                                          "show = section x\n", "\0"};
    char *out = xmalloc(len + 64);
    size_t pos = len ? next() % len : 0;
    size_t n = 0;
    switch (next() % 5) {
    case 0: /* flip a byte */
        memcpy(out, text, len);
        n = len;
        if (n)
            out[pos] = (char)(next() & 0xFF);
        break;
    case 1: /* truncate */
        memcpy(out, text, pos);
        n = pos;
        break;
    case 2: { /* insert a troublesome token */
        const char *ins = inserts[next() % AGM_ARRAY_LEN(inserts)];
        size_t il = strlen(ins);
        memcpy(out, text, pos);
        memcpy(out + pos, ins, il);
        memcpy(out + pos + il, text + pos, len - pos);
        n = len + il;
        break;
    }
    case 3: { /* delete a run */
        size_t run = next() % 40;
        if (pos + run > len)
            run = len - pos;
        memcpy(out, text, pos);
        memcpy(out + pos, text + pos + run, len - pos - run);
        n = len - run;
        break;
    }
    default: { /* duplicate a line */
        const char *ls = text + pos;
        while (ls > text && ls[-1] != '\n')
            ls--;
        const char *le = memchr(text + pos, '\n', len - pos);
        size_t ll = le ? (size_t)(le - ls) + 1 : (size_t)(text + len - ls);
        if (ll > 60)
            ll = 60;
        memcpy(out, text, (size_t)(ls - text));
        memcpy(out + (ls - text), ls, ll);
        memcpy(out + (ls - text) + ll, ls, len - (size_t)(ls - text));
        n = len + ll;
        break;
    }
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static void write_bytes(const char *dir, const char *name, const char *data, size_t n)
{
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
    free(p);
}

static void test_mutations_never_crash(void)
{
    char *src = test_repo_path("content");
    const char *dir = test_tmpdir();
    char *sdir = path_join(dir, "strings");
    mkdir_p(sdir, 0755);
    free(sdir);
    /* the originals */
    char *orig[AGM_ARRAY_LEN(files)];
    size_t olen[AGM_ARRAY_LEN(files)];
    for (size_t i = 0; i < AGM_ARRAY_LEN(files); i++) {
        char *p = path_join(src, files[i]);
        orig[i] = file_read_all(p, &olen[i]);
        free(p);
        CHECK_MSG(orig[i] != NULL, "cannot read %s", files[i]);
        write_bytes(dir, files[i], orig[i], olen[i]);
    }
    int loads = 0, failures = 0;
    for (int round = 0; round < 40; round++) {
        for (size_t i = 0; i < AGM_ARRAY_LEN(files); i++) {
            /* two stacked mutations of one file, the others intact */
            size_t n1, n2;
            char *m1 = mutate(orig[i], olen[i], &n1);
            char *m2 = mutate(m1, n1, &n2);
            write_bytes(dir, files[i], m2, n2);
            content_t c;
            diag_list_t d = {0};
            bool ok = content_load(dir, &c, &d);
            loads++;
            failures += !ok;
            /* every problem names a file of the folder and a sane line */
            for (size_t k = 0; k < d.n; k++) {
                CHECK(strncmp(d.v[k].file, dir, strlen(dir)) == 0);
                CHECK(d.v[k].line >= 0 && d.v[k].line < 100000);
                CHECK(d.v[k].msg && *d.v[k].msg);
            }
            /* what did load can be used */
            char buf[64];
            for (size_t k = 0; k < c.nstats; k++)
                content_format_value(&c, "ja", &c.stats[k], buf, sizeof buf);
            (void)content_text(&c, "ko", "nav.home");
            content_free(&c);
            diag_free(&d);
            free(m1);
            free(m2);
            write_bytes(dir, files[i], orig[i], olen[i]);
        }
    }
    CHECK(loads == 40 * (int)AGM_ARRAY_LEN(files));
    CHECK(failures > loads / 4); /* the mutations do break things */
    for (size_t i = 0; i < AGM_ARRAY_LEN(files); i++)
        free(orig[i]);
    free(src);
}

int main(void)
{
    RUN(test_mutations_never_crash);
    return test_summary();
}
