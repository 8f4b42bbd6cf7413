/* How font files are read (src/platform/font_file.h): small ones mapped,
 * large ones read a few pages at a time; every read of a reader gives the
 * file's bytes, across windows, at the end and past it; a large CJK
 * collection in use is not mapped into the process. */
#include "test.h"
#include "testcontent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "platform/font_file.h"
#include "platform/fonts.h"

#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"

/* A file of n pseudo-random bytes in the test's folder; its bytes in *out. */
static char *random_file(size_t n, unsigned char **out)
{
    unsigned char *b = xmalloc(n);
    unsigned s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        b[i] = (unsigned char)(s >> 16);
    }
    char *path = path_join(test_tmpdir(), "font.bin");
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b, 1, n, f) == n;
    if (f)
        ok = fclose(f) == 0 && ok;
    *out = b;
    return ok ? path : (free(path), NULL);
}

/* Reads at offsets and lengths that start and end inside windows, span
 * several, and run past the end: always the file's bytes. */
static void check_reads(font_file_t *ff, const unsigned char *want, size_t n)
{
    SDL_RWops *rw = font_file_rw(ff);
    CHECK(rw != NULL);
    if (!rw)
        return;
    CHECK_INT(SDL_RWsize(rw), (long long)n);
    CHECK_INT(SDL_RWseek(rw, 0, RW_SEEK_END), (long long)n);
    unsigned char *buf = xmalloc(n + 100);
    static const size_t lens[] = {1, 2, 3, 4, 7, 100, 4095, 4096, 4097, 9000, 16384, 16385, 70000};
    unsigned s = 7;
    for (int k = 0; k < 400; k++) {
        s = s * 1103515245u + 12345u;
        size_t off = (s >> 8) % n, len = lens[k % (sizeof lens / sizeof lens[0])];
        if (k % 50 == 0)
            off = n - 5; /* the end: a short read */
        CHECK_INT(SDL_RWseek(rw, (Sint64)off, RW_SEEK_SET), (long long)off);
        size_t got = SDL_RWread(rw, buf, 1, len);
        size_t expect = len < n - off ? len : n - off;
        CHECK_INT(got, expect);
        CHECK_MSG(memcmp(buf, want + off, expect) == 0, "bytes %zu+%zu", off, expect);
        CHECK_INT(SDL_RWtell(rw), (long long)(off + got));
    }
    /* whole records: objects of 4 bytes, as many as fit */
    SDL_RWseek(rw, (Sint64)n - 10, RW_SEEK_SET);
    CHECK_INT(SDL_RWread(rw, buf, 4, 10), 2);
    CHECK(memcmp(buf, want + n - 10, 8) == 0);
    /* relative seeks, and past either end */
    SDL_RWseek(rw, 100, RW_SEEK_SET);
    CHECK_INT(SDL_RWseek(rw, 50, RW_SEEK_CUR), 150);
    CHECK_INT(SDL_RWseek(rw, -8, RW_SEEK_END), (long long)n - 8);
    /* kept within the file, as SDL's reader of memory does */
    CHECK_INT(SDL_RWseek(rw, -1, RW_SEEK_SET), 0);
    CHECK_INT(SDL_RWseek(rw, (Sint64)n + 10, RW_SEEK_SET), (long long)n);
    CHECK_INT(SDL_RWread(rw, buf, 1, 10), 0);
    CHECK_INT(SDL_RWwrite(rw, buf, 1, 1), 0);
    free(buf);
    SDL_RWclose(rw);
}

static void test_read_and_mapped_give_the_same_bytes(void)
{
    size_t n = 300 * 1000 + 17;
    unsigned char *want;
    char *path = random_file(n, &want);
    CHECK(path != NULL);
    font_file_t *read = font_file_open(path, 0); /* everything above 0 bytes: read */
    font_file_t *mapped = font_file_open(path, FONT_FILE_MAP_MAX);
    CHECK(read && mapped);
    if (read && mapped) {
        CHECK(!font_file_mapped(read));
        CHECK(font_file_mapped(mapped));
        check_reads(read, want, n);
        unsigned long reads = font_file_reads(read);
        CHECK(reads > 0);
        /* windows are kept between readers: the same small read again costs no pread */
        SDL_RWops *rw = font_file_rw(read);
        unsigned char b[8];
        SDL_RWseek(rw, 1000, RW_SEEK_SET);
        SDL_RWread(rw, b, 1, 8);
        unsigned long after_first = font_file_reads(read);
        SDL_RWseek(rw, 1004, RW_SEEK_SET);
        SDL_RWread(rw, b, 1, 4);
        CHECK_INT(font_file_reads(read), after_first);
        CHECK(memcmp(b, want + 1004, 4) == 0);
        /* a trim lets the windows go; the bytes are read again */
        font_file_trim(read);
        SDL_RWseek(rw, 1004, RW_SEEK_SET);
        SDL_RWread(rw, b, 1, 4);
        CHECK_INT(font_file_reads(read), after_first + 1);
        CHECK(memcmp(b, want + 1004, 4) == 0);
        SDL_RWclose(rw);
        check_reads(mapped, want, n);
        font_file_trim(mapped); /* the mapping's pages go, its bytes stay */
        check_reads(mapped, want, n);
        CHECK_INT(font_file_reads(mapped), 0);
    }
    font_file_close(read);
    font_file_close(mapped);
    CHECK(font_file_open("/nonexistent/font.ttf", 0) == NULL);
    free(want);
    free(path);
}

/* Resident KiB of the mappings of this process whose line names needle. */
static long mapped_kib(const char *needle)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[1024];
    bool in = false;
    long kib = 0, v;
    while (fgets(line, sizeof line, f)) {
        if (strchr(line, '-') && strchr(line, '-') < strchr(line, ' ') && strstr(line, " r"))
            in = strstr(line, needle) != NULL;
        else if (in && sscanf(line, "Rss: %ld", &v) == 1)
            kib += v;
    }
    fclose(f);
    return kib;
}

/* Japanese text measured and drawn with the collection: the same widths as
 * a font SDL_ttf opens by name, and none of the collection's 19 MiB mapped. */
static void test_cjk_collection_is_read_not_mapped(void)
{
    char *dir = test_repo_path("fonts");
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    if (!fs) {
        free(dir);
        return;
    }
    font_t bold = {.px = 45, .weight = FONT_BOLD};
    CHECK_CONTAINS(fonts_path(fs, 1, 1), "NotoSansCJK-Bold.ttc");
    TTF_Font *f = fonts_get(fs, &bold, 1);
    CHECK(f != NULL);
    const char *ja = "\xE7\x94\xBB\xE9\x9D\xA2\xE3\x81\xAB\xE8\xA7\xA6\xE3\x82\x8C\xE3\x81\xA6"; /* 画面に触れて */
    int w = 0, h = 0, w2 = 0, h2 = 0;
    CHECK(f && TTF_SizeUTF8(f, ja, &w, &h) == 0);
    SDL_Surface *s = f ? TTF_RenderUTF8_Blended(f, ja, (SDL_Color){0, 0, 0, 255}) : NULL;
    CHECK(s != NULL);
    CHECK_INT(mapped_kib("NotoSansCJK"), 0);
    /* the same face opened by SDL_ttf itself */
    TTF_Font *ref = TTF_OpenFontIndex(fonts_path(fs, 1, 1), 45, 0);
    CHECK(ref != NULL);
    if (ref) {
        TTF_SetFontHinting(ref, TTF_HINTING_LIGHT);
        CHECK(TTF_SizeUTF8(ref, ja, &w2, &h2) == 0);
        CHECK_INT(w, w2);
        CHECK_INT(h, h2);
        SDL_Surface *s2 = TTF_RenderUTF8_Blended(ref, ja, (SDL_Color){0, 0, 0, 255});
        CHECK(s && s2 && s->w == s2->w && s->h == s2->h);
        if (s && s2 && s->w == s2->w && s->h == s2->h)
            for (int y = 0; y < s->h; y++)
                CHECK(memcmp((char *)s->pixels + y * s->pitch, (char *)s2->pixels + y * s2->pitch, (size_t)s->w * 4) == 0);
        SDL_FreeSurface(s2);
        TTF_CloseFont(ref);
    }
    SDL_FreeSurface(s);
    /* the Latin file is small: mapped, and its pages let go by a trim */
    font_t reg = {.px = 30};
    CHECK(fonts_get(fs, &reg, 0) != NULL);
    CHECK(mapped_kib("NotoSans-Regular") > 0);
    fonts_trim(fs);
    CHECK_INT(mapped_kib("NotoSans-Regular"), 0);
    fonts_free(fs);
    diag_free(&d);
    free(dir);
}

int main(void)
{
    RUN(test_read_and_mapped_give_the_same_bytes);
    if (access(CJK, R_OK) == 0)
        RUN(test_cjk_collection_is_read_not_mapped);
    return test_summary();
}
