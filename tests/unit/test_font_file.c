/* How font files are read (src/platform/font_file.h): small ones mapped,
 * large ones read a few pages at a time; every read of a reader gives the
 * file's bytes, across windows, at the end and past it; a large CJK
 * collection in use is not mapped into the process. */
#include "test.h"
#include "testcontent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
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


/* Files that are no font file: none is opened, and none blocks (a FIFO
 * opened for reading waits for a writer; the alarm ends the test there). */
static void test_odd_files(void)
{
    const char *dir = test_tmpdir();
    char *fifo = path_join(dir, "fifo.ttf"), *empty = path_join(dir, "empty.ttf");
    CHECK(mkfifo(fifo, 0600) == 0);
    free(test_write_file(dir, "empty.ttf", ""));
    alarm(20);
    errno = 0;
    CHECK(font_file_open(fifo, FONT_FILE_MAP_MAX) == NULL);
    CHECK(errno != 0);
    CHECK(font_file_open(fifo, 0) == NULL);
    CHECK(font_file_open(dir, FONT_FILE_MAP_MAX) == NULL); /* a folder */
    CHECK(font_file_open(dir, 0) == NULL);
    CHECK(font_file_open(empty, FONT_FILE_MAP_MAX) == NULL);
    alarm(0);
    free(fifo);
    free(empty);
}

/* A font file replaced by a FIFO or a folder after start: the face is
 * reported and left out (the text falls back to the other fonts), and
 * nothing waits for a writer. */
static void test_font_replaced_after_start(void)
{
    const char *dir = test_tmpdir();
    char *src = path_join("/usr/share/fonts/truetype/noto", "NotoSans-Regular.ttf");
    if (access(src, R_OK) != 0) {
        free(src);
        return;
    }
    char *a = path_join(dir, "a.ttf"), *b = path_join(dir, "b.ttf");
    char *cmd = xasprintf("cp '%s' '%s' && cp '%s' '%s'", src, a, src, b);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(test_write_file(dir, "fonts.ini", "[search]\ndirs = /nonexistent\n[regular]\nfonts = a.ttf, b.ttf\n"));
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    CHECK_INT(d.n, 0);
    if (fs) {
        CHECK(unlink(a) == 0 && mkfifo(a, 0600) == 0);
        CHECK(unlink(b) == 0 && mkdir(b, 0700) == 0);
        alarm(20);
        font_t reg = {.px = 30};
        CHECK(fonts_get(fs, &reg, 0) == NULL);
        CHECK(fonts_get(fs, &reg, 1) == NULL);
        alarm(0);
        fonts_free(fs);
    }
    diag_free(&d);
    free(a);
    free(b);
    free(src);
}

/* A large collection truncated, then emptied, while its faces are open
 * (the mapped file gave SIGBUS here): glyphs not read yet fail, nothing
 * crashes, and every face of the collection shares the one file. */
static void test_collection_truncated_while_open(void)
{
    char *copy = path_join(test_tmpdir(), "cjk.ttc");
    char *cmd = xasprintf("cp '%s' '%s'", CJK, copy);
    CHECK(system(cmd) == 0);
    free(cmd);
    font_file_t *ff = font_file_open(copy, FONT_FILE_MAP_MAX);
    CHECK(ff && !font_file_mapped(ff));
    if (!ff) {
        free(copy);
        return;
    }
    TTF_Init();
    TTF_Font *faces[10] = {0};
    int nfaces = 0;
    for (int i = 0; i < 10; i++) {
        SDL_RWops *rw = font_file_rw(ff);
        faces[i] = rw ? TTF_OpenFontIndexRW(rw, 1, 40, i) : NULL;
        if (faces[i])
            nfaces++;
    }
    CHECK_MSG(nfaces >= 4, "%d faces", nfaces); /* JP, KR, SC, TC, HK ... */
    SDL_RWops *rw99 = font_file_rw(ff); /* a face the collection does not have */
    CHECK(rw99 && TTF_OpenFontIndexRW(rw99, 1, 40, 99) == NULL);
    const char *ja = "\xE7\x94\xBB\xE9\x9D\xA2"; /* 画面 */
    for (int i = 0; i < 10; i++)
        if (faces[i]) {
            SDL_Surface *s = TTF_RenderUTF8_Blended(faces[i], ja, (SDL_Color){0, 0, 0, 255});
            CHECK(s != NULL);
            SDL_FreeSurface(s);
        }
    /* other glyphs, after the file lost its end, then everything */
    const char *more[] = {"\xE9\xAC\xB1\xE9\xBE\x98\xE9\xBD\x89", "\xEA\xB0\x80\xEB\x82\x98\xED\x9E\xA3",
                          "\xE4\xB8\x80\xE4\xBA\x8C"};
    /* the log (stderr) into a file meanwhile */
    char *logp = path_join(test_tmpdir(), "stderr.txt");
    int logfd = open(logp, O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(logfd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(logfd, 2);
    log_level_t level = log_get_level();
    log_set_level(LOG_WARN);
    for (int round = 0; round < 2; round++) {
        CHECK(truncate(copy, round == 0 ? 1 << 20 : 0) == 0);
        for (int i = 0; i < 10; i++)
            if (faces[i])
                for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
                    int w = 0, h = 0;
                    TTF_SizeUTF8(faces[i], more[k], &w, &h);
                    SDL_Surface *s = TTF_RenderUTF8_Blended(faces[i], more[k], (SDL_Color){0, 0, 0, 255});
                    SDL_FreeSurface(s);
                }
        /* a new face of the emptied file is refused, not read past its end */
        SDL_RWops *rw = font_file_rw(ff);
        TTF_Font *late = rw ? TTF_OpenFontIndexRW(rw, 1, 40, 7) : NULL;
        if (round == 1)
            CHECK(late == NULL);
        if (late)
            TTF_CloseFont(late);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    log_set_level(level);
    char logtext[2048] = "";
    ssize_t got = pread(logfd, logtext, sizeof logtext - 1, 0);
    logtext[got > 0 ? got : 0] = '\0';
    close(logfd);
    /* told once, with the file's name */
    CHECK_CONTAINS(logtext, "cjk.ttc: cannot be read at byte");
    const char *first = strstr(logtext, "cannot be read");
    CHECK(first && !strstr(first + 1, "cannot be read"));
    free(logp);
    for (int i = 0; i < 10; i++)
        if (faces[i])
            TTF_CloseFont(faces[i]);
    TTF_Quit();
    font_file_close(ff);
    free(copy);
}

/* fonts.ini naming a folder, a FIFO, an empty file and a large file that
 * only starts like a collection: each reported by name (the folder and the
 * FIFO as what they are), the good font after them used, and the broken
 * collection left out when text asks for it. */
static void test_odd_entries_in_fonts_ini(void)
{
    const char *dir = test_tmpdir();
    const char *src = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    if (access(src, R_OK) != 0)
        return;
    char *cmd = xasprintf("cd '%s' && mkdir folder.ttf && mkfifo fifo.ttf && : > empty.ttf && "
                          "{ printf 'ttcf\\000\\002\\000\\000\\000\\000\\000\\001\\000\\000\\000\\020'; "
                          "head -c 6000000 /dev/zero; } > broken.ttc && cp '%s' good.ttf",
                          dir, src);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(test_write_file(dir, "fonts.ini", "[search]\ndirs = /nonexistent\n[regular]\n"
                                           "fonts = folder.ttf, fifo.ttf, empty.ttf, good.ttf, broken.ttc\n"));
    alarm(20);
    diag_list_t d = {0};
    fonts_t *fs = fonts_load(dir, &d);
    CHECK(fs != NULL);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    diag_print(&d, m);
    fclose(m);
    CHECK_CONTAINS(out, "folder.ttf is a folder, not a font file");
    CHECK_CONTAINS(out, "fifo.ttf is a FIFO, socket or device, not a font file");
    CHECK_CONTAINS(out, "empty.ttf is not a TrueType/OpenType font");
    CHECK_INT(d.n, 3);
    free(out);
    if (fs) {
        font_t reg = {.px = 30};
        CHECK_CONTAINS(fonts_path(fs, 0, 0), "good.ttf");
        CHECK(fonts_get(fs, &reg, 0) != NULL);
        CHECK(fonts_get(fs, &reg, 1) == NULL); /* the broken collection */
        CHECK(fonts_get(fs, &reg, 1) == NULL);
        fonts_free(fs);
    }
    alarm(0);
    diag_free(&d);
}

/* A small (mapped) font file emptied in place while open, as cp over it
 * does: reading its mapping past the new end raised SIGBUS and ended the
 * kiosk. Its text is now left out, the file named once in the log. */
static void test_mapped_file_emptied_while_open(void)
{
    const char *src = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    if (access(src, R_OK) != 0)
        return;
    char *copy = path_join(test_tmpdir(), "latin.ttf");
    char *cmd = xasprintf("cp '%s' '%s'", src, copy);
    CHECK(system(cmd) == 0);
    free(cmd);
    font_file_t *ff = font_file_open(copy, FONT_FILE_MAP_MAX);
    CHECK(ff && font_file_mapped(ff));
    if (!ff) {
        free(copy);
        return;
    }
    TTF_Init();
    SDL_RWops *rw = font_file_rw(ff);
    TTF_Font *f = rw ? TTF_OpenFontIndexRW(rw, 1, 40, 0) : NULL;
    CHECK(f != NULL);
    SDL_Surface *s = f ? TTF_RenderUTF8_Blended(f, "Aa", (SDL_Color){0, 0, 0, 255}) : NULL;
    CHECK(s != NULL);
    SDL_FreeSurface(s);
    char *logp = path_join(test_tmpdir(), "stderr-mapped.txt");
    int logfd = open(logp, O_RDWR | O_CREAT | O_TRUNC, 0600);
    fflush(stderr);
    int saved = dup(2);
    dup2(logfd, 2);
    log_level_t level = log_get_level();
    log_set_level(LOG_WARN);
    CHECK(truncate(copy, 0) == 0);
    static const char *const more[] = {"Quizzical", "jumping WOLVES", "0123456789", "\xC3\xA9\xC3\xB8\xC3\x9F"};
    for (int round = 0; round < 2 && f; round++)
        for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
            int w = 0, h = 0;
            TTF_SizeUTF8(f, more[k], &w, &h);
            SDL_FreeSurface(TTF_RenderUTF8_Blended(f, more[k], (SDL_Color){0, 0, 0, 255}));
        }
    font_file_trim(ff); /* a screen change: what happened is told */
    SDL_RWops *rw2 = font_file_rw(ff);
    TTF_Font *late = rw2 ? TTF_OpenFontIndexRW(rw2, 1, 30, 0) : NULL;
    CHECK(late == NULL); /* its bytes are gone */
    font_file_trim(ff);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    log_set_level(level);
    char logtext[2048] = "";
    ssize_t got = pread(logfd, logtext, sizeof logtext - 1, 0);
    logtext[got > 0 ? got : 0] = '\0';
    close(logfd);
    CHECK_CONTAINS(logtext, "latin.ttf: shrank while in use");
    const char *first = strstr(logtext, "shrank");
    CHECK(first && !strstr(first + 1, "shrank"));
    if (f)
        TTF_CloseFont(f);
    TTF_Quit();
    font_file_close(ff);
    free(logp);
    free(copy);
}

int main(void)
{
    RUN(test_read_and_mapped_give_the_same_bytes);
    RUN(test_odd_files);
    RUN(test_font_replaced_after_start);
    RUN(test_odd_entries_in_fonts_ini);
    RUN(test_mapped_file_emptied_while_open);
    if (access(CJK, R_OK) == 0) {
        RUN(test_cjk_collection_is_read_not_mapped);
        RUN(test_collection_truncated_while_open);
    }
    return test_summary();
}
