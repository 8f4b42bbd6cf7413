/* replay_script.c - reading replay scripts (see replay.h). */
#include "replay.h"

#include "../core/ini.h"
#include "../core/log.h"
#include "../core/utf8.h"
#include "../core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int key;
} key_names[] = {
    {"left", UI_KEY_LEFT}, {"right", UI_KEY_RIGHT}, {"up", UI_KEY_UP}, {"down", UI_KEY_DOWN},
    {"pageup", UI_KEY_PAGEUP}, {"pagedown", UI_KEY_PAGEDOWN}, {"home", UI_KEY_HOME}, {"end", UI_KEY_END},
    {"space", UI_KEY_SPACE}, {"enter", UI_KEY_ENTER}, {"backspace", UI_KEY_BACKSPACE},
    {"escape", UI_KEY_ESCAPE}, {"tab", UI_KEY_TAB}, {"delete", UI_KEY_DELETE},
    {"f1", UI_KEY_F1}, {"f5", UI_KEY_F5}, {"f11", UI_KEY_F11},
};

bool replay_key_name(const char *name, int *key, int *mods)
{
    *mods = 0;
    for (size_t i = 0; i < AGM_ARRAY_LEN(key_names); i++)
        if (strcmp(name, key_names[i].name) == 0) {
            *key = key_names[i].key;
            return true;
        }
    if (name[0] > 32 && name[0] < 127 && name[1] == '\0') {
        char c = name[0];
        if (c >= 'A' && c <= 'Z') {
            *key = c - 'A' + 'a';
            *mods = UI_MOD_SHIFT;
        } else
            *key = c;
        return true;
    }
    return false;
}

static const struct {
    const char *name;
    replay_op_t op;
    int nums;       /* numbers expected; -1 = one string argument */
} ops[] = {
    {"size", REPLAY_SIZE, 2},       {"tap", REPLAY_TAP, 2},
    {"press", REPLAY_PRESS, 3},     {"drag", REPLAY_DRAG, 5},
    {"fling", REPLAY_FLING, 5},     {"key", REPLAY_KEY, -1},
    {"text", REPLAY_TEXT, -1},      {"wait", REPLAY_WAIT, 1},
    {"screenshot", REPLAY_SCREENSHOT, -1}, {"expect-screen", REPLAY_EXPECT_SCREEN, -1},
    {"show", REPLAY_SHOW, -1},      {"wheel", REPLAY_WHEEL, 3},
    {"clock", REPLAY_CLOCK, -1},    {"presenter-screenshot", REPLAY_PRESENTER_SHOT, -1},
    {"wait-real", REPLAY_WAIT_REAL, 1}, {"mark", REPLAY_MARK, -1},
};

static const char *usage_of(replay_op_t op)
{
    switch (op) {
    case REPLAY_SIZE: return "size WxH";
    case REPLAY_TAP: return "tap X Y";
    case REPLAY_TAP_ID: return "tap CONTROL-ID";
    case REPLAY_PRESS: return "press X Y MS";
    case REPLAY_DRAG: return "drag X1 Y1 X2 Y2 MS";
    case REPLAY_FLING: return "fling X1 Y1 X2 Y2 MS";
    case REPLAY_KEY: return "key NAME";
    case REPLAY_TEXT: return "text UTF-8 TEXT";
    case REPLAY_WAIT: return "wait MS";
    case REPLAY_SCREENSHOT: return "screenshot PATH";
    case REPLAY_EXPECT_SCREEN: return "expect-screen NAME";
    case REPLAY_SHOW: return "show NAME";
    case REPLAY_WHEEL: return "wheel X Y NOTCHES";
    case REPLAY_CLOCK: return "clock HH:MM[:SS]";
    case REPLAY_PRESENTER_SHOT: return "presenter-screenshot PATH";
    case REPLAY_WAIT_REAL: return "wait-real MS";
    case REPLAY_MARK: return "mark NAME";
    }
    return "";
}

/* A wheel amount in notches, whole or with up to two decimals ("3", "-1",
 * "0.25" for a touchpad's small step), as hundredths of a notch. Returns
 * the end of the number, or NULL when s does not start with one. */
static char *parse_notches(char *s, int *hundredths)
{
    char *p = s;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    long whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if (whole < 1000000)
            whole = whole * 10 + (*p - '0');
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, fdigits++)
            if (fdigits < 2)
                frac = frac * 10 + (*p - '0');
        if (fdigits == 0 || fdigits > 2)
            return NULL;
        if (fdigits == 1)
            frac *= 10;
    }
    if (digits == 0 && fdigits == 0)
        return NULL;
    long v = whole * UI_WHEEL_NOTCH + frac;
    *hundredths = (int)(neg ? -AGM_MIN(v, 100000000L) : AGM_MIN(v, 100000000L));
    return p;
}

/* Parse one non-comment line into c; false with a message in d. */
static bool parse_line(char *s, int line, const char *file, replay_cmd_t *c, diag_list_t *d)
{
    char *word = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    char *rest = s;
    size_t rl = strlen(rest);
    while (rl && (rest[rl - 1] == ' ' || rest[rl - 1] == '\t'))
        rest[--rl] = '\0';
    memset(c, 0, sizeof *c);
    c->line = line;
    int k = -1;
    for (size_t i = 0; i < AGM_ARRAY_LEN(ops); i++)
        if (strcmp(word, ops[i].name) == 0)
            k = (int)i;
    if (k < 0) {
        diag_error(d, file, line, "unknown command '%s' (size, tap, press, drag, fling, wheel, key, text, wait, "
                   "wait-real, screenshot, presenter-screenshot, expect-screen, show, clock, mark)", word);
        return false;
    }
    c->op = ops[k].op;
    /* "tap ID" names a control instead of a point (screens list their
     * controls by id, e.g. "ask.submit", "kb.a"): a script then survives
     * layout changes. */
    if (c->op == REPLAY_TAP && *rest && !(rest[0] >= '0' && rest[0] <= '9') && rest[0] != '-' &&
        !strpbrk(rest, " \t")) {
        if (!utf8_valid(rest, strlen(rest), NULL)) {
            diag_error(d, file, line, "tap: the control id is not valid UTF-8");
            return false;
        }
        c->op = REPLAY_TAP_ID;
        c->str = xstrdup(rest);
        return true;
    }
    if (ops[k].nums < 0) {
        if (!*rest) {
            diag_error(d, file, line, "%s needs an argument: %s", word, usage_of(c->op));
            return false;
        }
        if (c->op == REPLAY_KEY) {
            if (!replay_key_name(rest, &c->key, &c->mods)) {
                diag_error(d, file, line, "unknown key '%s' (left right up down pageup pagedown home end space enter backspace escape tab delete f1 f5 f11, or one character)", rest);
                return false;
            }
        }
        if (!utf8_valid(rest, strlen(rest), NULL)) {
            diag_error(d, file, line, "%s: the argument is not valid UTF-8", word);
            return false;
        }
        if (c->op == REPLAY_CLOCK) {
            /* HH:MM or HH:MM:SS: v[0] the minutes of the day, v[1] the seconds */
            char hm[6];
            int sec = 0, m = -1;
            size_t len = strlen(rest);
            bool ok = (len == 5 || (len == 8 && rest[5] == ':' && rest[6] >= '0' && rest[6] <= '5' &&
                                    rest[7] >= '0' && rest[7] <= '9'));
            if (ok) {
                memcpy(hm, rest, 5);
                hm[5] = '\0';
                ok = ini_parse_time_of_day(hm, &m) && m >= 0;
                if (len == 8)
                    sec = (rest[6] - '0') * 10 + (rest[7] - '0');
            }
            if (!ok) {
                diag_error(d, file, line, "clock '%s': expected a time of day as HH:MM or HH:MM:SS (24-hour)", rest);
                return false;
            }
            c->v[0] = m;
            c->v[1] = sec;
        }
        c->str = xstrdup(rest);
        return true;
    }
    /* numbers; size also accepts WxH */
    if (c->op == REPLAY_SIZE) {
        char *x = strchr(rest, 'x');
        if (x)
            *x = ' ';
    }
    int n = 0;
    char *p = rest;
    while (*p) {
        char *end;
        errno = 0;
        long v;
        if (c->op == REPLAY_WHEEL && n == 2) {
            /* the amount: notches, fractions allowed */
            int h = 0;
            end = parse_notches(p, &h);
            if (!end || (*end && *end != ' ' && *end != '\t')) {
                diag_error(d, file, line, "wheel: '%s' is not a number of notches such as 3, -1 or 0.25 (%s)", p,
                           usage_of(c->op));
                return false;
            }
            v = h;
        } else {
            v = strtol(p, &end, 10);
            if (end == p || errno || v < -100000 || v > 100000000 || (*end && *end != ' ' && *end != '\t')) {
                diag_error(d, file, line, "%s: '%s' is not a whole number (%s)", word, p, usage_of(c->op));
                return false;
            }
        }
        if (n == ops[k].nums) {
            diag_error(d, file, line, "%s: too many numbers (%s)", word, usage_of(c->op));
            return false;
        }
        c->v[n++] = (int)v;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    if (n != ops[k].nums) {
        diag_error(d, file, line, "%s: needs %d number%s (%s)", word, ops[k].nums, ops[k].nums == 1 ? "" : "s", usage_of(c->op));
        return false;
    }
    bool ok = true;
    switch (c->op) {
    case REPLAY_SIZE:
        ok = c->v[0] >= 16 && c->v[1] >= 16 && c->v[0] <= 8192 && c->v[1] <= 8192;
        if (!ok) diag_error(d, file, line, "size %dx%d: use 16..8192 pixels each way", c->v[0], c->v[1]);
        break;
    case REPLAY_WAIT_REAL:
        ok = c->v[0] >= 0 && c->v[0] <= 600000;
        if (!ok) diag_error(d, file, line, "wait-real: 0 to 600000 ms");
        break;
    case REPLAY_PRESS: case REPLAY_WAIT:
        ok = c->v[ops[k].nums - 1] >= 0;
        if (!ok) diag_error(d, file, line, "%s: the time cannot be negative", word);
        break;
    case REPLAY_DRAG: case REPLAY_FLING:
        /* one move every 16 ms: an hour-long drag is no gesture */
        ok = c->v[4] > 0 && c->v[4] <= REPLAY_MAX_MOVE_MS;
        if (!ok) diag_error(d, file, line, "%s: the time must be 1 to %d ms", word, REPLAY_MAX_MOVE_MS);
        break;
    case REPLAY_WHEEL:
        ok = c->v[2] != 0 && c->v[2] >= -100 * UI_WHEEL_NOTCH && c->v[2] <= 100 * UI_WHEEL_NOTCH;
        if (!ok) diag_error(d, file, line, "wheel: turn it by 0.01 to 100 notches, positive down or negative up (%s)",
                            usage_of(c->op));
        break;
    default:
        break;
    }
    return ok;
}

bool replay_parse(const char *text, size_t len, const char *file, replay_script_t *s, diag_list_t *d)
{
    memset(s, 0, sizeof *s);
    size_t errors_before = diag_count(d, DIAG_ERROR);
    const char *p = text, *end = text + len;
    int line = 0;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        char *l = xstrndup(p, (size_t)(eol - p));
        size_t n = strlen(l);
        if (n != (size_t)(eol - p))
            diag_error(d, file, line, "the line contains a NUL byte");
        while (n && (l[n - 1] == '\r' || l[n - 1] == ' ' || l[n - 1] == '\t'))
            l[--n] = '\0';
        char *t = l;
        if (line == 1 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB && (unsigned char)t[2] == 0xBF)
            t += 3;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t && *t != '#') {
            replay_cmd_t c;
            if (parse_line(t, line, file, &c, d)) {
                xgrow((void **)&s->cmds, &s->cap, s->n + 1, sizeof *s->cmds);
                s->cmds[s->n++] = c;
            }
        }
        free(l);
        p = nl ? nl + 1 : end;
    }
    return diag_count(d, DIAG_ERROR) == errors_before;
}

void replay_free(replay_script_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->cmds[i].str);
    free(s->cmds);
    memset(s, 0, sizeof *s);
}

