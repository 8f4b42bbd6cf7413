#include "fonts.h"
#include "font_file.h"

#include "../core/ini.h"
#include "../core/log.h"
#include "../core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

/* Used when fonts_dir has no fonts.ini: the same chain as the shipped file. */
static const char default_ini[] =
    "[search]\n"
    "dirs = /usr/share/fonts/truetype/noto, /usr/share/fonts/opentype/noto\n"
    "[regular]\nfonts = NotoSans-Regular.ttf, NotoSansCJK-Regular.ttc:0\n"
    "[bold]\nfonts = NotoSans-Bold.ttf, NotoSansCJK-Bold.ttc:0\n"
    "[italic]\nfonts = NotoSans-Italic.ttf, NotoSansCJK-Regular.ttc:0\n"
    "[bold_italic]\nfonts = NotoSans-BoldItalic.ttf, NotoSansCJK-Bold.ttc:0\n";

static const char *const default_dirs[] = {"/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"};

static const char *const style_names[FONTS_STYLES] = {"regular", "bold", "italic", "bold_italic"};

typedef struct {
    char *name;      /* as written in fonts.ini */
    char *path;      /* resolved */
    long index;      /* face in a collection */
    int synth_style; /* TTF_STYLE_* to add when a style falls back to another's files */
    bool broken;     /* failed to open once: skipped from then on */
    /* For measuring, asking for glyphs and drawing: one font moved to
     * whatever size is asked (TTF_SetFontSize gives the same widths,
     * metrics and glyphs as a font opened at that size), so fitting text
     * over a range of sizes opens the file once instead of once per size
     * tried. Closed by fonts_trim() when unused for a while. */
    TTF_Font *measure;
    int measure_px;
    unsigned used;   /* fonts_t.epoch when last asked for */
} face_t;

typedef struct {
    int px;
    font_metrics_t m;
} metrics_entry_t;

typedef struct {
    face_t faces[FONTS_MAX_CHAIN];
    int n;
    metrics_entry_t *metrics; /* by pixel size, filled as sizes are asked for */
    size_t nmetrics, mcap;
} chain_t;

/* Each font file opened once and shared by every face and size that uses
 * it: mapped, or read a window at a time when it is large (font_file.h). */
#define FONTS_MAX_FILES 16

struct fonts {
    chain_t chains[FONTS_STYLES];
    size_t open_count;
    font_file_t *files[FONTS_MAX_FILES];
    int nfiles;
    unsigned epoch;  /* fonts_trim() calls so far */
};

typedef struct {
    char *dirs[16];
    int ndirs;
    bool seen_search;
    char *lists[FONTS_STYLES]; /* raw comma lists */
    int lines[FONTS_STYLES];
    const char *shown;
    diag_list_t *d;
} ini_state_t;

static bool on_key(void *user, const char *section, const char *key, const char *value, int line)
{
    ini_state_t *st = user;
    if (strcmp(section, "search") == 0 && strcmp(key, "dirs") == 0) {
        st->seen_search = true;
        char *copy = xstrdup(value), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ' || *t == '\t') t++;
            size_t n = strlen(t);
            while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) t[--n] = '\0';
            if (n && st->ndirs < (int)AGM_ARRAY_LEN(st->dirs))
                st->dirs[st->ndirs++] = xstrdup(t);
        }
        free(copy);
        return true;
    }
    for (int s = 0; s < FONTS_STYLES; s++)
        if (strcmp(section, style_names[s]) == 0 && strcmp(key, "fonts") == 0) {
            free(st->lists[s]);
            st->lists[s] = xstrdup(value);
            st->lines[s] = line;
            return true;
        }
    diag_warn(st->d, st->shown, line, "unknown setting [%s] %s (expected [search] dirs or [regular|bold|italic|bold_italic] fonts)",
              section, key);
    return false;
}

static bool is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Check the first bytes: TrueType, OpenType (CFF), a collection. A font
 * file that cannot be read or is something else is reported here rather
 * than when text is first drawn. */
static bool check_font_file(const char *path, char *why, size_t nwhy)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(why, nwhy, "cannot be read (%s)", strerror(errno));
        return false;
    }
    unsigned char m[4] = {0};
    size_t got = fread(m, 1, 4, fp);
    fclose(fp);
    if (got == 4 && ((m[0] == 0 && m[1] == 1 && m[2] == 0 && m[3] == 0) || memcmp(m, "OTTO", 4) == 0 ||
                     memcmp(m, "ttcf", 4) == 0 || memcmp(m, "true", 4) == 0))
        return true;
    snprintf(why, nwhy, "is not a TrueType/OpenType font");
    return false;
}

/* The first of the places name may be that is a file; NULL when none is,
 * with *odd set to the first that exists but is something else (a folder,
 * a FIFO), or NULL. */
static char *resolve(const char *fonts_dir, const ini_state_t *st, const char *name, char **odd)
{
    *odd = NULL;
    int n = st->ndirs + 1;
    for (int i = name[0] == '/' ? -1 : 0; i < n; i++) {
        char *p = i < 0 ? xstrdup(name) : i == 0 ? (fonts_dir ? path_join(fonts_dir, name) : NULL)
                                                 : path_join(st->dirs[i - 1], name);
        if (!p)
            continue;
        if (is_file(p)) {
            free(*odd);
            *odd = NULL;
            return p;
        }
        struct stat sb;
        if (!*odd && stat(p, &sb) == 0)
            *odd = p;
        else
            free(p);
        if (i < 0)
            break;
    }
    return NULL;
}

/* Fill chain from "a.ttf, b.ttc:0"; entries that do not resolve are
 * reported and left out. */
static void parse_chain(fonts_t *fs, chain_t *c, const char *list, const char *fonts_dir,
                        const ini_state_t *st, int line, diag_list_t *d)
{
    char *copy = xstrdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ' || *t == '\t') t++;
        size_t n = strlen(t);
        while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) t[--n] = '\0';
        if (!n)
            continue;
        long index = 0;
        char *colon = strrchr(t, ':');
        if (colon && colon[1]) {
            char *end;
            long v = strtol(colon + 1, &end, 10);
            if (*end == '\0' && v >= 0 && v < 1000) {
                index = v;
                *colon = '\0';
            }
        }
        if (c->n >= FONTS_MAX_CHAIN) {
            diag_warn(d, st->shown, line, "%s: more than %d fonts in one chain; ignored", t, FONTS_MAX_CHAIN);
            continue;
        }
        char *odd;
        char *path = resolve(fonts_dir, st, t, &odd);
        char why[160];
        if (!path && odd) {
            struct stat sb;
            bool dir = stat(odd, &sb) == 0 && S_ISDIR(sb.st_mode);
            diag_warn(d, st->shown, line, "font file %s: %s is %s, not a font file; skipped", t, odd,
                      dir ? "a folder" : "a FIFO, socket or device");
            free(odd);
            continue;
        }
        if (!path) {
            diag_warn(d, st->shown, line, "font file %s: not found in %s or the [search] folders; skipped", t,
                      fonts_dir ? fonts_dir : "(no fonts folder)");
            continue;
        }
        if (!check_font_file(path, why, sizeof why)) {
            diag_warn(d, st->shown, line, "font file %s %s; skipped", path, why);
            free(path);
            continue;
        }
        face_t *f = &c->faces[c->n++];
        memset(f, 0, sizeof *f);
        f->name = xstrdup(t);
        f->path = path;
        f->index = index;
    }
    free(copy);
    (void)fs;
}

static void chain_copy(chain_t *dst, const chain_t *src, int synth_style)
{
    for (int i = 0; i < src->n; i++) {
        face_t *f = &dst->faces[i];
        memset(f, 0, sizeof *f);
        f->name = xstrdup(src->faces[i].name);
        f->path = xstrdup(src->faces[i].path);
        f->index = src->faces[i].index;
        f->synth_style = synth_style;
    }
    dst->n = src->n;
}

fonts_t *fonts_load(const char *fonts_dir, diag_list_t *d)
{
    /* TTF_Init counts its callers; fonts_free balances it with TTF_Quit. */
    if (TTF_Init() != 0) {
        diag_error(d, "fonts", 0, "SDL_ttf cannot start: %s", TTF_GetError());
        return NULL;
    }
    fonts_t *fs = xcalloc(1, sizeof *fs);
    ini_state_t st = {0};
    char *ini_path = fonts_dir ? path_join(fonts_dir, "fonts.ini") : NULL;
    st.d = d;
    if (ini_path && is_file(ini_path)) {
        st.shown = ini_path;
        ini_load_file(ini_path, ini_path, on_key, &st, d);
    } else {
        st.shown = "fonts.ini (built-in)";
        ini_load_text(default_ini, sizeof default_ini - 1, st.shown, on_key, &st, d);
    }
    if (!st.seen_search) /* a fonts.ini without [search] still finds the packages' files */
        for (size_t i = 0; i < AGM_ARRAY_LEN(default_dirs); i++)
            st.dirs[st.ndirs++] = xstrdup(default_dirs[i]);
    for (int s = 0; s < FONTS_STYLES; s++)
        if (st.lists[s])
            parse_chain(fs, &fs->chains[s], st.lists[s], fonts_dir, &st, st.lines[s], d);
    /* A style with no usable file borrows the nearest one's files and asks
     * SDL_ttf to fake the style, rather than showing no text. */
    static const int fallback[FONTS_STYLES][3] = {{1, 2, 3}, {0, 3, 2}, {0, 1, 3}, {1, 2, 0}};
    static const int synth[FONTS_STYLES] = {TTF_STYLE_NORMAL, TTF_STYLE_BOLD, TTF_STYLE_ITALIC,
                                            TTF_STYLE_BOLD | TTF_STYLE_ITALIC};
    bool any = false;
    for (int s = 0; s < FONTS_STYLES; s++)
        any = any || fs->chains[s].n > 0;
    if (any)
        for (int s = 0; s < FONTS_STYLES; s++) {
            if (fs->chains[s].n)
                continue;
            for (int k = 0; k < 3; k++) {
                int from = fallback[s][k];
                /* copy only from a style that has its own files */
                if (fs->chains[from].n && fs->chains[from].faces[0].synth_style == 0) {
                    chain_copy(&fs->chains[s], &fs->chains[from], synth[s] & ~synth[from]);
                    break;
                }
            }
        }
    for (int i = 0; i < st.ndirs; i++)
        free(st.dirs[i]);
    for (int s = 0; s < FONTS_STYLES; s++)
        free(st.lists[s]);
    if (!any) {
        diag_error(d, ini_path ? ini_path : "fonts", 0,
                   "no font could be loaded (install fonts-noto-core and fonts-noto-cjk, or put the files named in fonts.ini into %s)",
                   fonts_dir ? fonts_dir : "the fonts folder");
        free(ini_path);
        fonts_free(fs);
        return NULL;
    }
    free(ini_path);
    return fs;
}

/* The file at path, opened on first use; NULL when it cannot be opened
 * (errno set), or with *full when there are too many files to keep (the
 * caller then opens it by name). */
static font_file_t *font_file_of(fonts_t *fs, const char *path, bool *full)
{
    *full = false;
    for (int i = 0; i < fs->nfiles; i++)
        if (strcmp(font_file_path(fs->files[i]), path) == 0)
            return fs->files[i];
    if (fs->nfiles == FONTS_MAX_FILES) {
        *full = true;
        return NULL;
    }
    font_file_t *ff = font_file_open(path, FONT_FILE_MAP_MAX);
    if (ff)
        fs->files[fs->nfiles++] = ff;
    return ff;
}

void fonts_free(fonts_t *fs)
{
    if (!fs)
        return;
    for (int s = 0; s < FONTS_STYLES; s++)
        for (int i = 0; i < fs->chains[s].n; i++) {
            face_t *f = &fs->chains[s].faces[i];
            if (f->measure)
                TTF_CloseFont(f->measure);
            free(f->name);
            free(f->path);
        }
    for (int s = 0; s < FONTS_STYLES; s++)
        free(fs->chains[s].metrics);
    for (int i = 0; i < fs->nfiles; i++) /* after every font that reads them is closed */
        font_file_close(fs->files[i]);
    free(fs);
    TTF_Quit();
}

static int style_of(const font_t *f)
{
    return (f->weight == FONT_BOLD ? 1 : 0) + (f->italic ? 2 : 0);
}

int fonts_chain_len(fonts_t *fs, const font_t *f)
{
    return fs ? fs->chains[style_of(f)].n : 0;
}

static int clamp_px(int px)
{
    return px < 1 ? 1 : px > 2000 ? 2000 : px;
}

static face_t *face_of(fonts_t *fs, const font_t *f, int i)
{
    if (!fs)
        return NULL;
    chain_t *c = &fs->chains[style_of(f)];
    if (i < 0 || i >= c->n || c->faces[i].broken)
        return NULL;
    c->faces[i].used = fs->epoch;
    return &c->faces[i];
}

/* Open face at px with the kiosk's settings; NULL (reported, the face
 * marked broken) when it cannot be opened. */
static TTF_Font *face_open(fonts_t *fs, face_t *face, int px)
{
    TTF_Font *font = NULL;
    bool full;
    font_file_t *ff = font_file_of(fs, face->path, &full);
    if (!ff && full && !is_file(face->path))
        errno = ENODEV, full = false;
    if (!ff && !full) {
        /* gone, emptied or replaced by something else since start (not
         * opened by name: a FIFO would block) */
        log_warn("fonts", "%s: cannot be opened (%s); text falls back to the other fonts", face->path,
                 strerror(errno));
        face->broken = true;
        return NULL;
    }
    SDL_RWops *rw = ff ? font_file_rw(ff) : NULL;
    if (rw)
        font = TTF_OpenFontIndexRW(rw, 1, px, face->index);
    else
        font = TTF_OpenFontIndex(face->path, px, face->index);
    if (!font) {
        log_warn("fonts", "%s: cannot be opened (%s); text falls back to the other fonts", face->path, TTF_GetError());
        face->broken = true;
        return NULL;
    }
    if (face->synth_style)
        TTF_SetFontStyle(font, face->synth_style);
    /* Light hinting keeps the shapes of the design at small sizes. */
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    fs->open_count++;
    return font;
}

/* The face's measuring font, at px when px > 0 (as it is when px is 0). */
static TTF_Font *measure_font(fonts_t *fs, face_t *face, int px);

TTF_Font *fonts_get(fonts_t *fs, const font_t *f, int i)
{
    /* Drawing uses the face's one font too, moved to the size asked for:
     * lines are cached once rasterized, so a glyph cache per size saves
     * little, and each open face of a CJK collection holds a megabyte. */
    face_t *face = face_of(fs, f, i);
    return face ? measure_font(fs, face, clamp_px(f->px)) : NULL;
}

/* The face's measuring font, at px when px > 0 (as it is when px is 0). */
static TTF_Font *measure_font(fonts_t *fs, face_t *face, int px)
{
    if (!face->measure) {
        face->measure = face_open(fs, face, px > 0 ? px : 16);
        if (!face->measure)
            return NULL;
        face->measure_px = px > 0 ? px : 16;
    }
    if (px > 0 && face->measure_px != px) {
        if (TTF_SetFontSize(face->measure, px) != 0)
            return NULL;
        face->measure_px = px;
    }
    return face->measure;
}

TTF_Font *fonts_get_measure(fonts_t *fs, const font_t *f, int i)
{
    face_t *face = face_of(fs, f, i);
    return face ? measure_font(fs, face, clamp_px(f->px)) : NULL;
}

bool fonts_has_glyph(fonts_t *fs, const font_t *f, int i, uint32_t cp)
{
    /* The character map is the same at every size. */
    face_t *face = face_of(fs, f, i);
    TTF_Font *font = face ? measure_font(fs, face, face->measure ? 0 : clamp_px(f->px)) : NULL;
    return font && TTF_GlyphIsProvided32(font, cp);
}

void fonts_metrics(fonts_t *fs, const font_t *f, font_metrics_t *out)
{
    memset(out, 0, sizeof *out);
    if (!fs)
        return;
    chain_t *c = &fs->chains[style_of(f)];
    int px = clamp_px(f->px);
    for (size_t k = 0; k < c->nmetrics; k++)
        if (c->metrics[k].px == px) {
            *out = c->metrics[k].m;
            return;
        }
    for (int i = 0; i < c->n; i++) {
        TTF_Font *font = fonts_get_measure(fs, f, i);
        if (font) {
            out->ascent = TTF_FontAscent(font);
            out->descent = -TTF_FontDescent(font);
            out->line_skip = TTF_FontLineSkip(font);
            xgrow((void **)&c->metrics, &c->mcap, c->nmetrics + 1, sizeof *c->metrics);
            c->metrics[c->nmetrics++] = (metrics_entry_t){px, *out};
            return;
        }
    }
}

void fonts_trim(fonts_t *fs)
{
    if (!fs)
        return;
    for (int s = 0; s < FONTS_STYLES; s++)
        for (int i = 0; i < fs->chains[s].n; i++) {
            face_t *f = &fs->chains[s].faces[i];
            if (f->measure && f->used != fs->epoch) {
                TTF_CloseFont(f->measure);
                f->measure = NULL;
            }
        }
    /* The files' pages and read windows: read again as they are needed. */
    for (int i = 0; i < fs->nfiles; i++)
        font_file_trim(fs->files[i]);
    fs->epoch++;
}

size_t fonts_open_count(const fonts_t *fs)
{
    return fs ? fs->open_count : 0;
}

const char *fonts_path(const fonts_t *fs, int style, int i)
{
    if (!fs || style < 0 || style >= FONTS_STYLES || i < 0 || i >= fs->chains[style].n)
        return "";
    return fs->chains[style].faces[i].path;
}
