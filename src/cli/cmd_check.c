/* cmd_check.c - `agmkiosk check [DIR]`: validate a content folder. */
#include "cli.h"
#include "../content/content.h"
#include "../core/diag.h"
#include "../core/log.h"
#include "../core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk check [--ids] [DIR]\n"
            "\n"
            "Validates the content folder DIR (default: the content folder from the\n"
            "settings or --content). Prints one line per problem as\n"
            "  FILE:LINE: message            (an error)\n"
            "  FILE:LINE: warning: message   (shown, but the content still works)\n"
            "on standard output, LINE 0 meaning the file as a whole. Without errors\n"
            "it prints a summary of what the folder holds.\n"
            "\n"
            "  --ids      also list the ids of the report's sections and of the charts\n"
            "             (what slides.ini refers to)\n"
            "  -h, --help this help\n"
            "\n"
            "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.\n");
}

int cmd_check(config_t *cfg, int argc, char **argv)
{
    const char *dir = NULL;
    bool ids = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            check_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--ids") == 0) {
            ids = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "check: unknown option '%s'\n", argv[i]);
            check_usage(stderr);
            return 2;
        } else if (dir) {
            fprintf(stderr, "check: only one folder may be given\n");
            return 2;
        } else {
            dir = argv[i];
        }
    }
    char *in_use = NULL;
    if (!dir)
        dir = in_use = config_content_path(cfg); /* the folder the kiosk shows */
    if (!dir || !*dir) {
        fprintf(stderr, "check: no content folder given\n");
        free(in_use);
        return 2;
    }
    /* the findings are this command's output; no log lines in between */
    log_level_t saved = log_get_level();
    log_set_level(LOG_ERROR);
    content_t c;
    diag_list_t d = {0};
    bool ok = content_load(dir, &c, &d);
    log_set_level(saved);
    diag_print(&d, stdout);
    size_t warnings = diag_count(&d, DIAG_WARNING), errors = diag_count(&d, DIAG_ERROR);
    if (ids) {
        printf("sections:\n");
        for (size_t i = 0; i < c.report.nsections; i++)
            printf("  %-40s %s\n", c.report.sections[i].id, c.report.sections[i].title);
        printf("charts:\n");
        for (size_t i = 0; i < c.ncharts; i++)
            printf("  %-40s %s\n", c.charts[i].id, c.charts[i].title);
    }
    if (ok) {
        static const char *const what[][2] = {{"section", "sections"}, {"timeline event", "timeline events"},
                                              {"figure", "figures"},   {"chart", "charts"},
                                              {"slide", "slides"},     {"language", "languages"}};
        size_t n[] = {c.report.nsections, c.ntimeline, c.nstats, c.ncharts, c.nslides, c.nlangs};
        printf("content:");
        for (size_t i = 0; i < AGM_ARRAY_LEN(n); i++)
            printf("%s %zu %s", i ? "," : "", n[i], plural_en((long long)n[i], what[i][0], what[i][1]));
        if (warnings)
            printf(" (%zu %s)", warnings, plural_en((long long)warnings, "warning", "warnings"));
        printf("\n");
        /* the general meeting, when the folder has any of it */
        if (c.nresolutions || c.nmembers || c.event.quorum.set) {
            const meet_quorum_t *q = &c.event.quorum;
            printf("meeting: %zu %s, ", c.nresolutions, plural_en((long long)c.nresolutions, "resolution", "resolutions"));
            if (c.nmembers)
                printf("%zu %s (%lld voting)", c.nmembers, plural_en((long long)c.nmembers, "member", "members"),
                       (long long)content_voting_members(&c));
            else if (q->members)
                printf("%lld voting members", (long long)q->members);
            else
                printf("no members.csv");
            printf("; quorum %s %d/%d counting", q->more_than ? "more than" : "at least", q->num, q->den);
            for (int k = MEET_PRESENT; k <= MEET_PROXY; k++)
                if (q->counts & MEET_BIT(k))
                    printf(" %s", meet_kind_name((meet_kind_t)k));
            printf("\n");
        }
        /* how much of the content each language it is translated into has
         * in its own words (a language with its interface only is not listed) */
        for (size_t i = 0; i < c.nviews; i++) {
            const content_t *v = &c.views[i];
            if (!v->tr_count)
                continue;
            const strings_t *s = content_lang(&c, v->lang);
            size_t all = v->tr_count + v->tr_missing;
            printf("  %s (%s): %zu of %zu texts translated", v->lang, s && s->name ? s->name : v->lang,
                   v->tr_count, all);
            if (v->tr_missing)
                printf(" (the English is shown for the other %zu, listed above)", v->tr_missing);
            printf("\n");
        }
    } else {
        fprintf(stderr, "check: %s: %zu %s, %zu %s\n", dir, errors, plural_en((long long)errors, "error", "errors"),
                warnings, plural_en((long long)warnings, "warning", "warnings"));
    }
    diag_free(&d);
    content_free(&c);
    free(in_use);
    return ok ? 0 : 1;
}
