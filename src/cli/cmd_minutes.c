/* agmkiosk minutes: the draft minutes of the general meeting from the
 * kiosk's records - the event (event.ini), the attendance register with
 * the counts the quorum rule uses, each resolution of resolutions.ini with
 * its latest hand-count, its result and its corrections, the questions
 * received and answered, and blank lines for the signatures. Markdown by
 * default, plain text with --text; in the organizers' language ([admin]
 * language in kiosk.ini, or --lang), times in their time zone. The
 * database is opened read-only. */
#include "cli.h"
#include "../content/content.h"
#include "../core/log.h"
#include "../core/meeting.h"
#include "../core/tz.h"
#include "../core/util.h"
#include "../store/store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write the file under a temporary name (mode 0600), fsync it and rename it
 * into place: a half-written draft never takes the name. */
static bool write_file(const char *path, const char *data, size_t n, char **err)
{
    char *tmp = xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = false;
    if (fd < 0) {
        *err = xasprintf("cannot create %s: %s", tmp, strerror(errno));
        goto out;
    }
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            *err = xasprintf("cannot write %s: %s", path, strerror(errno));
            goto out;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, 0600) != 0 || fsync(fd) != 0) {
        *err = xasprintf("cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        *err = xasprintf("cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        *err = xasprintf("cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto out;
    }
    ok = true;
out:
    if (fd >= 0)
        close(fd);
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok;
}

typedef struct {
    const content_t *c;   /* in the minutes' language */
    const char *lang;
    bool text;            /* plain text, else Markdown */
    strbuf_t out;
} mn_t;

static const char *T(mn_t *m, const char *key) { return content_text(m->c, m->lang, key); }

/* T(key) with its %s filled in order (up to six). */
static const char *F(mn_t *m, const char *key, const char *a, const char *b, const char *c, const char *d,
                     const char *e, const char *f)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    const char *args[6] = {a, b, c, d, e, f};
    content_subst(T(m, key), args, 6, buf[k], sizeof buf[k]);
    return buf[k];
}

static const char *N(mn_t *m, int64_t v)
{
    static char buf[8][32];
    static int k;
    k = (k + 1) % 8;
    content_format_number(m->c, m->lang, (double)v, buf[k], sizeof buf[k]);
    return buf[k];
}

/* Terminal columns of s: CJK and Hangul two, the rest one. */
static size_t columns(const char *s)
{
    size_t cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols += *p >= 0xE1 ? 2 : 1;
    return cols;
}

/* A heading: "# x" / "## x" in Markdown; underlined in plain text. */
static void heading(mn_t *m, int level, const char *s)
{
    if (!m->text) {
        sb_printf(&m->out, "%.*s %s\n\n", level, "###", s);
        return;
    }
    sb_printf(&m->out, "%s\n", s);
    size_t cols = columns(s);
    for (size_t i = 0; i < cols; i++)
        sb_append(&m->out, level == 1 ? "=" : "-");
    sb_append(&m->out, "\n\n");
}

/* "label: value" as a list item. */
static void item(mn_t *m, const char *label, const char *value)
{
    if (m->text)
        sb_printf(&m->out, "  %s: %s\n", label, value);
    else
        sb_printf(&m->out, "- **%s:** %s\n", label, value);
}

static void para(mn_t *m, const char *s) { sb_printf(&m->out, "%s\n\n", s); }

static void strong_para(mn_t *m, const char *s)
{
    if (m->text)
        sb_printf(&m->out, "%s\n\n", s);
    else
        sb_printf(&m->out, "**%s**\n\n", s);
}

/* "10:32" of a stored UTC time in the organizers' time zone. */
static void hm(const config_t *cfg, const char *utc, char *out, size_t n)
{
    char full[64] = "";
    tz_format_utc(utc, cfg->time_zone, full, sizeof full);
    snprintf(out, n, "%s", full);
}

static const char *kinds_text(mn_t *m, unsigned counts)
{
    static char buf[256];
    static const char *const keys[3] = {"minutes.kind_present", "minutes.kind_written", "minutes.kind_proxy"};
    buf[0] = '\0';
    for (int k = 0; k < 3; k++)
        if (counts & MEET_BIT(k)) {
            size_t n = strlen(buf);
            /* "," takes a space after it ("present, proxies"); "・" does not */
            const char *sep = T(m, "minutes.list_sep");
            snprintf(buf + n, sizeof buf - n, "%s%s%s", n ? sep : "", n && strcmp(sep, ",") == 0 ? " " : "",
                     T(m, keys[k]));
        }
    return buf;
}

static const char *majority_text(mn_t *m, meet_majority_t maj)
{
    static const char *const keys[MEET_MAJORITIES] = {"slides.majority_simple", "slides.majority_attending",
                                                      "slides.majority_two_thirds",
                                                      "slides.majority_two_thirds_attending",
                                                      "slides.majority_unanimous"};
    return T(m, keys[(unsigned)maj < MEET_MAJORITIES ? maj : 0]);
}

static const char *outcome_text(mn_t *m, meet_outcome_t o)
{
    return T(m, o == MEET_PASSED ? "minutes.passed" : o == MEET_REJECTED ? "minutes.rejected" : "minutes.no_quorum");
}

static void write_minutes(mn_t *m, const config_t *cfg, const meet_attendance_t *att, const store_votes_t *votes,
                          int64_t received, int64_t answered)
{
    const content_t *c = m->c;
    const event_t *e = &c->event;
    heading(m, 1, F(m, "minutes.title", e->title, 0, 0, 0, 0, 0));
    para(m, T(m, "minutes.draft_note"));
    int y, mo, d;
    char date[128];
    if (sscanf(e->date, "%4d-%2d-%2d", &y, &mo, &d) == 3)
        content_format_date(c, m->lang, "date.full", y, mo, d, date, sizeof date);
    else
        snprintf(date, sizeof date, "%s", e->date);
    item(m, T(m, "minutes.date"), date);
    item(m, T(m, "minutes.place"), e->place);
    item(m, T(m, "minutes.organizer"), e->organizer);
    sb_append(&m->out, "\n");

    /* attendance */
    heading(m, 2, T(m, "minutes.attendance"));
    const meet_quorum_t *q = &e->quorum;
    int64_t members = content_voting_members(c), attending = meet_attending(q, att);
    struct { const char *label; int64_t n; bool strong; } rows[] = {
        {T(m, "minutes.present"), att->n[MEET_PRESENT], false},
        {T(m, "minutes.written"), att->n[MEET_WRITTEN], false},
        {T(m, "minutes.proxy"), att->n[MEET_PROXY], false},
        {F(m, "minutes.attending", kinds_text(m, q->counts), 0, 0, 0, 0, 0), attending, true},
        {T(m, "minutes.guests"), att->n[MEET_GUEST], false},
    };
    if (members > 0)
        para(m, F(m, "minutes.voting_members", N(m, members), 0, 0, 0, 0, 0));
    else
        para(m, T(m, "minutes.members_unknown"));
    if (m->text) {
        size_t w = 0;
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            w = AGM_MAX(w, columns(rows[i].label));
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            sb_printf(&m->out, "  %s%*s %6s\n", rows[i].label, (int)(w - columns(rows[i].label)), "",
                      N(m, rows[i].n));
        sb_append(&m->out, "\n");
    } else {
        sb_printf(&m->out, "| %s | %s |\n|---|---:|\n", T(m, "minutes.col_attendance"), T(m, "minutes.col_count"));
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            sb_printf(&m->out, rows[i].strong ? "| **%s** | **%s** |\n" : "| %s | %s |\n", rows[i].label,
                      N(m, rows[i].n));
        sb_append(&m->out, "\n");
    }
    char share[32];
    snprintf(share, sizeof share, "%d/%d", q->num, q->den);
    int64_t need = meet_quorum_needed(q, members);
    para(m, F(m, q->more_than ? "minutes.quorum_rule_more" : "minutes.quorum_rule", share, kinds_text(m, q->counts),
              N(m, need), 0, 0, 0));
    if (members <= 0)
        strong_para(m, T(m, "minutes.quorum_unknown"));
    else
        strong_para(m, F(m, attending >= need ? "minutes.quorum_met" : "minutes.quorum_not_met", N(m, attending),
                         N(m, need), 0, 0, 0, 0));

    /* resolutions */
    heading(m, 2, T(m, "minutes.resolutions"));
    if (c->nresolutions == 0)
        para(m, T(m, "minutes.no_resolutions"));
    for (size_t i = 0; i < c->nresolutions; i++) {
        const resolution_t *r = &c->resolutions[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        heading(m, 3, F(m, "minutes.resolution", no, r->title, 0, 0, 0, 0));
        if (r->text && *r->text)
            para(m, r->text);
        size_t entries = 0;
        const store_vote_t *v = store_votes_latest(votes, r->id, &entries);
        if (!v) {
            item(m, T(m, "minutes.majority"), majority_text(m, r->majority));
            item(m, T(m, "minutes.result"), T(m, "minutes.not_voted"));
            sb_append(&m->out, "\n");
            continue;
        }
        meet_result_t res;
        meet_decide(v->majority, v->votes_for, v->against, v->abstain, v->attending, v->quorum, &res);
        item(m, T(m, "minutes.majority"), majority_text(m, v->majority));
        item(m, T(m, "minutes.votes"),
             F(m, "minutes.votes_line", N(m, v->votes_for), N(m, v->against), N(m, v->abstain), N(m, v->attending),
               0, 0));
        const char *result = v->outcome == MEET_NO_QUORUM
                                 ? outcome_text(m, v->outcome)
                                 : F(m, "minutes.result_line", outcome_text(m, v->outcome), N(m, res.needed), 0, 0, 0, 0);
        if (m->text)
            item(m, T(m, "minutes.result"), result);
        else
            sb_printf(&m->out, "- **%s:** **%s**\n", T(m, "minutes.result"), result);
        if (entries > 1) {
            char when[64], n[24];
            hm(cfg, v->created_at, when, sizeof when);
            snprintf(n, sizeof n, "%zu", entries - 1);
            item(m, T(m, "minutes.corrections"), F(m, "minutes.corrections_line", n, when, 0, 0, 0, 0));
            for (size_t j = 0; j < votes->n; j++) {
                const store_vote_t *x = &votes->v[j];
                if (strcmp(x->resolution, r->id) != 0 || x == v)
                    continue;
                hm(cfg, x->created_at, when, sizeof when);
                sb_printf(&m->out, "%s%s\n", m->text ? "    - " : "  - ",
                          F(m, "minutes.earlier", when, N(m, x->votes_for), N(m, x->against), N(m, x->abstain),
                            outcome_text(m, x->outcome), 0));
            }
        }
        sb_append(&m->out, "\n");
    }

    /* questions */
    heading(m, 2, T(m, "minutes.questions"));
    para(m, F(m, "minutes.questions_line", N(m, received), N(m, answered), 0, 0, 0, 0));

    /* signatures */
    heading(m, 2, T(m, "minutes.signatures"));
    static const char *const who[3] = {"minutes.chair", "minutes.signer", "minutes.signer"};
    for (int i = 0; i < 3; i++)
        sb_printf(&m->out, "%s: ______________________________    %s: ______________%s\n", T(m, who[i]),
                  T(m, "minutes.sign_date"), m->text ? "" : "  ");
    sb_append(&m->out, "\n");
    char now[32], shown[64];
    now_utc_iso8601(now, sizeof now);
    tz_format_utc(now, cfg->time_zone, shown, sizeof shown);
    sb_printf(&m->out, "%s%s%s\n", m->text ? "" : "*", F(m, "minutes.footer", shown, 0, 0, 0, 0, 0), m->text ? "" : "*");
}

int cmd_minutes(config_t *cfg, int argc, char **argv)
{
    const char *out_path = NULL, *lang = NULL;
    bool text = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: agmkiosk minutes [-o FILE] [--text] [--lang CODE]\n"
                   "\n"
                   "Writes the draft minutes of the general meeting from this kiosk's records:\n"
                   "the event (event.ini), the attendance with the counts the quorum rule uses\n"
                   "(event.ini [quorum]), each resolution of resolutions.ini with its latest\n"
                   "hand-count, its result and its corrections, the questions received and\n"
                   "answered, and blank lines for the signatures. Markdown, or plain text with\n"
                   "--text; to standard output or FILE (mode 0600: it may name people). In the\n"
                   "organizers' language ([admin] language in kiosk.ini) unless --lang says\n"
                   "otherwise. The database is only read.\n");
            return 0;
        }
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--out") == 0) {
            if (++i >= argc) {
                fprintf(stderr, "minutes: %s needs a file name\n", argv[i - 1]);
                return 2;
            }
            out_path = argv[i];
        } else if (strcmp(argv[i], "--text") == 0) {
            text = true;
        } else if (strcmp(argv[i], "--lang") == 0) {
            if (++i >= argc) {
                fprintf(stderr, "minutes: --lang needs a language code (en, ja, ko)\n");
                return 2;
            }
            lang = argv[i];
        } else {
            fprintf(stderr, "minutes: unexpected argument '%s' (see agmkiosk minutes --help)\n", argv[i]);
            return 2;
        }
    }
    int rc = 1;
    content_t content;
    diag_list_t d = {0};
    store_t *s = NULL;
    store_votes_t votes = {0};
    mn_t m = {0};
    char *db_path = config_db_path(cfg);
    if (!content_load(cfg->content_dir, &content, &d) && diag_count(&d, DIAG_ERROR)) {
        diag_print(&d, stderr);
        fprintf(stderr, "minutes: the content folder %s has problems (listed above); the minutes use what loaded\n",
                cfg->content_dir);
    }
    if (!lang)
        lang = cfg->admin_language && *cfg->admin_language ? cfg->admin_language : cfg->language;
    if (!lang || !content_lang(&content, lang)) {
        if (lang)
            fprintf(stderr, "minutes: no strings/%s.ini: the minutes are in English\n", lang);
        lang = "en";
    }
    struct stat sb;
    meet_attendance_t att = {{0}};
    int64_t received = 0, answered = 0;
    if (stat(db_path, &sb) != 0) {
        fprintf(stderr, "minutes: no database at %s: %s (nothing recorded yet, or another --data folder?)\n", db_path,
                strerror(errno));
        goto out;
    }
    char *err = NULL;
    store_opts_t so = {.read_only = true};
    /* opened read-only on purpose: the store's warning about it is noise here */
    log_level_t level = log_get_level();
    if (level < LOG_ERROR)
        log_set_level(LOG_ERROR);
    s = store_open_ex(db_path, cfg->kiosk_id, &so, NULL, &err);
    log_set_level(level);
    if (!s) {
        fprintf(stderr, "minutes: %s\n", err ? err : "cannot open the database");
        free(err);
        goto out;
    }
    if (store_attendance_counts(s, &att) != STORE_OK || store_votes(s, &votes) != STORE_OK ||
        store_question_tally(s, &received, &answered) != STORE_OK) {
        fprintf(stderr, "minutes: %s\n", store_errmsg(s));
        goto out;
    }
    m.c = content_in(&content, lang);
    m.lang = lang;
    m.text = text;
    write_minutes(&m, cfg, &att, &votes, received, answered);
    if (!out_path) {
        fputs(m.out.s, stdout);
        rc = fflush(stdout) == 0 ? 0 : 1;
    } else {
        char *werr = NULL;
        if (!write_file(out_path, m.out.s, m.out.len, &werr)) {
            fprintf(stderr, "minutes: %s\n", werr ? werr : "cannot write the file");
            free(werr);
            goto out;
        }
        fprintf(stderr, "minutes: wrote %s\n", out_path);
        rc = 0;
    }
out:
    if (m.out.s)
        explicit_bzero(m.out.s, m.out.len);
    sb_free(&m.out);
    store_votes_free(&votes);
    store_close(s);
    content_free(&content);
    diag_free(&d);
    free(db_path);
    return rc;
}
