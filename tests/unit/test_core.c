/* Core helpers: UTF-8, INI reading with line numbers, settings, colours. */
#include "test.h"
#include "core/color.h"
#include "core/diag.h"
#include "core/ini.h"
#include "core/textnorm.h"
#include "core/utf8.h"
#include "core/util.h"
#include "config/config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_utf8_decode(void)
{
    size_t adv;
    CHECK_INT(utf8_decode("A", 1, &adv), 'A');
    CHECK_INT(utf8_decode("\xE6\x97\xA5", 3, &adv), 0x65E5); /* 日 */
    CHECK_INT(adv, 3);
    CHECK_INT(utf8_decode("\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
    CHECK_INT(utf8_decode("\xC0\xAF", 2, &adv), UTF8_INVALID); /* overlong */
    CHECK_INT(adv, 1);
    CHECK_INT(utf8_decode("\xED\xA0\x80", 3, &adv), UTF8_INVALID); /* surrogate */
    CHECK_INT(utf8_decode("\xE6\x97", 2, &adv), UTF8_INVALID);     /* truncated */
}

static void test_utf8_valid(void)
{
    size_t bad = 99;
    CHECK(utf8_valid("한국어 日本語 abc", strlen("한국어 日本語 abc"), NULL));
    CHECK(!utf8_valid("ab\xFF" "cd", 5, &bad));
    CHECK_INT(bad, 2);
    CHECK_INT(utf8_count("日本", 6), 2);
    CHECK_INT(utf8_prev("a日", 4), 1);
}

/* Dropping malformed bytes and controls is one mode of the normalizer
 * (core/textnorm.h), which also does the rest of the cleaning. */
static char *utf8_sanitize(const char *s, size_t n, bool allow_newline)
{
    textnorm_t t;
    unsigned flags = TEXTNORM_DROP | TEXTNORM_KEEP_EDGES | (allow_newline ? 0 : TEXTNORM_ONE_LINE);
    return textnorm(s, n, flags, &t) == TEXTNORM_OK ? t.text : NULL;
}

static void test_utf8_sanitize(void)
{
    const char in[] = "a\x01" "b\r\nc\x7f\xFF" "d\xE2\x80\xAE" "e";
    char *s = utf8_sanitize(in, sizeof in - 1, true);
    CHECK_STR(s, "ab\ncde");
    free(s);
    s = utf8_sanitize("x\ny\tz", 5, false);
    CHECK_STR(s, "x y z");
    free(s);
}

static void test_utf8_breaks(void)
{
    CHECK(utf8_is_cjk_breakable(0x65E5));   /* 日 */
    CHECK(utf8_is_cjk_breakable(0xD55C));   /* 한 */
    CHECK(!utf8_is_cjk_breakable('a'));
    CHECK(utf8_no_break_before(0x3002));    /* 。 */
    /* the quick answers for ASCII and below the lists' other entries are
     * the lists' own */
    {
        static const uint32_t before[] = {
            0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x30FC, 0x300D, 0x300F, 0x3011,
            0xFF09, 0x3009, 0x300B, 0x3015, 0xFF3D, 0xFF5D, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063,
            0x3083, 0x3085, 0x3087, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7,
            0x30FB, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x3005, ',', '.', ':', ';', '!', '?', ')', ']', '}',
            0x2019, 0x201D,
        };
        static const uint32_t after[] = {0x300C, 0x300E, 0x3010, 0xFF08, 0x3008, 0x300A, 0x3014,
                                         0xFF3B, 0xFF5B, '(', '[', '{', 0x2018, 0x201C};
        int bad = 0;
        for (uint32_t cp = 0; cp < 0x20000; cp++) {
            bool b = false, a = false;
            for (size_t i = 0; i < sizeof before / sizeof before[0]; i++)
                b |= before[i] == cp;
            for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
                a |= after[i] == cp;
            bad += utf8_no_break_before(cp) != b || utf8_no_break_after(cp) != a;
            bool cjk = (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
                       (cp >= 0x3000 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
            bad += utf8_is_cjk_breakable(cp) != cjk;
        }
        CHECK_INT(bad, 0);
    }
    CHECK(utf8_no_break_after(0x300C));     /* 「 */
}

typedef struct { strbuf_t seen; } ini_seen_t;

static bool seen_cb(void *u, const char *sec, const char *key, const char *v, int line)
{
    ini_seen_t *s = u;
    sb_printf(&s->seen, "%d:[%s]%s=%s;", line, sec, key, v);
    return true;
}

static void test_ini_lines_and_continuations(void)
{
    const char *text = "\xEF\xBB\xBF# comment\r\n[a]\r\nk = one\r\n  two\r\n\r\nm = 3\r\n";
    ini_seen_t s = {0};
    diag_list_t d = {0};
    CHECK(ini_load_text(text, strlen(text), "t.ini", seen_cb, &s, &d));
    CHECK_STR(s.seen.s, "3:[a]k=one two;6:[a]m=3;");
    CHECK_INT(d.n, 0);
    sb_free(&s.seen);
}

static void test_ini_errors_have_lines(void)
{
    strbuf_t long_line = {0};
    sb_append(&long_line, "[a]\nok = 1\nthis line has no equals\nk = ");
    for (int i = 0; i < 300; i++)
        sb_appendc(&long_line, 'x');
    sb_append(&long_line, "\n[broken\n");
    ini_seen_t s = {0};
    diag_list_t d = {0};
    CHECK(!ini_load_text(long_line.s, long_line.len, "t.ini", seen_cb, &s, &d));
    CHECK_INT(d.n, 3);
    CHECK_INT(d.v[0].line, 3);
    CHECK_INT(d.v[1].line, 4);
    CHECK_CONTAINS(d.v[1].msg, "longer than");
    CHECK_INT(d.v[2].line, 5);
    CHECK_STR(s.seen.s, "2:[a]ok=1;");
    diag_free(&d);
    sb_free(&s.seen);
    sb_free(&long_line);
}

static void test_ini_invalid_utf8(void)
{
    const char text[] = "[a]\nk = ok\nv = \xC3\x28\n";
    ini_seen_t s = {0};
    diag_list_t d = {0};
    CHECK(!ini_load_text(text, sizeof text - 1, "t.ini", seen_cb, &s, &d));
    CHECK_INT(d.n, 1);
    CHECK_INT(d.v[0].line, 3);
    CHECK_CONTAINS(d.v[0].msg, "UTF-8");
    diag_free(&d);
    sb_free(&s.seen);
}

static void test_config_defaults_and_file(void)
{
    const char *dir = test_tmpdir();
    char *p = test_write_file(dir, "kiosk.ini",
                              "[kiosk]\nid = hall-a\nidle_timeout = 120\n[display]\nrotation = 90\noutput = DSI-1\n"
                              "[slideshow]\ntransition = slide\nmin_text = 4.5\n");
    config_t cfg;
    config_defaults(&cfg);
    CHECK_INT(cfg.idle_timeout_s, 90);
    CHECK_STR(cfg.output, "auto");
    diag_list_t d = {0};
    CHECK(config_load(&cfg, p, true, &d));
    CHECK_STR(cfg.output, "DSI-1");
    CHECK_STR(cfg.kiosk_id, "hall-a");
    CHECK_INT(cfg.idle_timeout_s, 120);
    CHECK_INT(cfg.rotation, 90);
    CHECK_INT(cfg.transition, TRANSITION_SLIDE);
    CHECK_INT(cfg.slide_min_text_pct10, 45);
    config_free(&cfg);
    free(p);
}

static void test_config_bad_values(void)
{
    const char *dir = test_tmpdir();
    char *p = test_write_file(dir, "kiosk.ini",
                              "[kiosk]\nidle_timeout = soon\ncolour = blue\n[display]\nrotation = 45\noutput = HDMI 1\n");
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    CHECK(!config_load(&cfg, p, true, &d));
    CHECK_INT(d.n, 4);
    CHECK_INT(d.v[0].line, 2);
    CHECK_CONTAINS(d.v[0].msg, "idle_timeout");
    CHECK_INT(d.v[1].line, 3);
    CHECK_CONTAINS(d.v[1].msg, "unknown setting 'colour'");
    CHECK_INT(d.v[2].line, 5);
    CHECK_INT(d.v[3].line, 6);
    CHECK_CONTAINS(d.v[3].msg, "connector name");
    CHECK_INT(cfg.idle_timeout_s, 90); /* the bad value left the default */
    CHECK_STR(cfg.output, "auto");
    diag_free(&d);
    config_free(&cfg);
    free(p);
}

static void test_config_missing_file(void)
{
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    CHECK(config_load(&cfg, "/nonexistent/kiosk.ini", false, &d));
    CHECK(!config_load(&cfg, "/nonexistent/kiosk.ini", true, &d));
    CHECK_INT(d.n, 1);
    CHECK_CONTAINS(d.v[0].msg, "cannot read");
    diag_free(&d);
    config_free(&cfg);
}

/* Issue 12: the kiosk id counted in characters and free of control
 * characters at the first check; "~" in paths; empty paths refused; a folder
 * where the settings file should be named as such. */
static void test_config_kiosk_id_paths_folder(void)
{
    const char *dir = test_tmpdir();
    strbuf_t ok64 = {0}, long65 = {0};
    for (int i = 0; i < 64; i++)
        sb_append(&ok64, "é"); /* 64 characters, 128 bytes */
    sb_printf(&long65, "%sé", ok64.s);
    CHECK(config_kiosk_id_problem(ok64.s) == NULL);
    CHECK(config_kiosk_id_problem("会場-1") == NULL);
    CHECK_CONTAINS(config_kiosk_id_problem(long65.s), "longer than 64 characters");
    CHECK_CONTAINS(config_kiosk_id_problem("k\x1b"), "control character");
    CHECK_CONTAINS(config_kiosk_id_problem("k\x7f"), "control character");
    CHECK_CONTAINS(config_kiosk_id_problem("k\xc2\x85"), "control character");
    CHECK_CONTAINS(config_kiosk_id_problem("k\xE2\x80\xAE"), "control character");
    CHECK_CONTAINS(config_kiosk_id_problem("hall a"), "space");
    CHECK_CONTAINS(config_kiosk_id_problem(""), "empty");
    CHECK_CONTAINS(config_kiosk_id_problem("k\xff"), "UTF-8");

    char *text = xasprintf("[paths]\ndata = ~/agm-data\ncontent = ~\n[kiosk]\nid = %s\n", ok64.s);
    char *p = test_write_file(dir, "home.ini", text);
    free(text);
    const char *home = getenv("HOME");
    setenv("HOME", "/home/organizer", 1);
    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    bool loaded = config_load(&cfg, p, true, &d);
    if (home)
        setenv("HOME", home, 1);
    CHECK(loaded);
    CHECK_STR(cfg.data_dir, "/home/organizer/agm-data");
    CHECK_STR(cfg.content_dir, "/home/organizer");
    CHECK_STR(cfg.kiosk_id, ok64.s);
    config_free(&cfg);
    free(p);

    p = test_write_file(dir, "bad.ini", "[paths]\ndata =\nfonts = ~other/fonts\n[kiosk]\nid = k\x1b\n");
    config_defaults(&cfg);
    CHECK(!config_load(&cfg, p, true, &d));
    CHECK_INT(d.n, 3);
    CHECK_INT(d.v[0].line, 2);
    CHECK_CONTAINS(d.v[0].msg, "empty");
    CHECK_INT(d.v[1].line, 3);
    CHECK_CONTAINS(d.v[1].msg, "~user");
    CHECK_INT(d.v[2].line, 5);
    CHECK_CONTAINS(d.v[2].msg, "control character");
    diag_free(&d);
    config_free(&cfg);
    free(p);

    /* a folder given as the settings file */
    config_defaults(&cfg);
    CHECK(!config_load(&cfg, dir, true, &d));
    CHECK_INT(d.n, 1);
    CHECK_CONTAINS(d.v[0].msg, "is a folder, expected a file");
    diag_free(&d);
    config_free(&cfg);
    sb_free(&ok64);
    sb_free(&long65);
}

static void test_color(void)
{
    rgba_t c;
    CHECK(color_parse("#1B2A3A", &c));
    CHECK_INT(c.r, 0x1B);
    CHECK_INT(c.a, 255);
    CHECK(!color_parse("1B2A3A", &c));
    CHECK(!color_parse("#12345", &c));
    double white_black = color_contrast(RGBA(255, 255, 255, 255), RGBA(0, 0, 0, 255));
    CHECK(white_black > 20.9 && white_black < 21.1);
}


static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xcalloc(256, 1);
    size_t n = fread(buf, 1, 255, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_write_file_replace(void)
{
    const char *dir = test_tmpdir();
    char *sub = path_join(dir, "new/folder");
    char *path = path_join(sub, "file");
    char *err = NULL;
    /* the folder is made, the file is 0600 */
    CHECK(write_file_replace(sub, path, "one\n", 4, &err));
    char *got = slurp(path);
    CHECK_STR(got, "one\n");
    free(got);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
    /* a second write replaces it whole, even a 0644 file */
    chmod(path, 0644);
    CHECK(write_file_replace(sub, path, "two", 3, &err));
    got = slurp(path);
    CHECK_STR(got, "two");
    free(got);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    /* a link planted at the temporary name is not followed */
    char *victim = test_write_file(dir, "victim", "keep");
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    CHECK(symlink(victim, tmp) == 0);
    CHECK(!write_file_replace(sub, path, "three", 5, &err));
    CHECK_CONTAINS(err, "could not create");
    free(err);
    err = NULL;
    got = slurp(victim);
    CHECK_STR(got, "keep");
    free(got);
    got = slurp(path);
    CHECK_STR(got, "two");
    free(got);
    /* a folder that cannot be made names the step and the folder */
    char *blocked = path_join(victim, "sub");
    char *bp = path_join(blocked, "file");
    CHECK(!write_file_replace(blocked, bp, "x", 1, &err));
    CHECK_CONTAINS(err, "could not create the folder");
    CHECK_CONTAINS(err, blocked);
    free(err);
    free(blocked);
    free(bp);
    unlink(tmp);
    free(tmp);
    free(victim);
    free(path);
    free(sub);
}

int main(void)
{
    RUN(test_utf8_decode);
    RUN(test_utf8_valid);
    RUN(test_utf8_sanitize);
    RUN(test_utf8_breaks);
    RUN(test_ini_lines_and_continuations);
    RUN(test_ini_errors_have_lines);
    RUN(test_ini_invalid_utf8);
    RUN(test_config_defaults_and_file);
    RUN(test_config_bad_values);
    RUN(test_config_missing_file);
    RUN(test_config_kiosk_id_paths_folder);
    RUN(test_color);
    RUN(test_write_file_replace);
    return test_summary();
}
