/* main.c - the command line: global options, kiosk.ini, and dispatch to a
 * subcommand. See `agmkiosk --help`. */
#include "cli/cli.h"
#include "config/config.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

typedef struct {
    const char *name;
    int (*fn)(config_t *, int, char **);
    const char *summary;
} command_t;

static const command_t commands[] = {
    {"check", cmd_check, "validate a content folder"},
    {"render", cmd_render, "write every screen and slide as PNG, no display needed"},
    {"export", cmd_export, "write the collected questions and sign-ups as CSV"},
    {"merge", cmd_merge, "merge CSV exports of several kiosks"},
    {"import", cmd_import, "bring other kiosks' questions in for the Q&A slide"},
    {"moderate", cmd_moderate, "the Q&A moderation screen in a window of its own (with the PIN)"},
    {"status", cmd_status, "counts, last export, free space and problems"},
    {"set-pin", cmd_set_pin, "set the organizers' admin PIN"},
    {"keygen", cmd_keygen, "make the organizers' key pair for sealed records"},
    {"open", cmd_open, "open sealed exports with the secret key into plain CSV"},
    {"minutes", cmd_minutes, "write the draft minutes of the general meeting (Markdown or text)"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: agmkiosk [GLOBAL OPTIONS] [KIOSK OPTIONS]\n"
            "       agmkiosk [GLOBAL OPTIONS] COMMAND [ARGS]\n"
            "\n"
            "Without a command, starts the kiosk (fullscreen). Kiosk options:\n"
            "  --windowed WxH        run in a window of that size\n"
            "  --slideshow           present the deck instead of the kiosk\n"
            "  --interval SECONDS    slideshow auto-advance (0 = manual)\n"
            "  --lang CODE           the slideshow's language (en, ja, ko; L switches)\n"
            "  --presenter-display N show the presenter view on display N\n"
            "  --replay FILE         drive the program from a script, headless\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < AGM_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "Global options (every command):\n"
            "  --config FILE    settings file (default: $AGMKIOSK_CONFIG, ./kiosk.ini,\n"
            "                   /etc/agmkiosk/kiosk.ini; built-in defaults otherwise)\n"
            "  --content DIR    content folder\n"
            "  --data DIR       where the database and exports live\n"
            "  --kiosk-id ID    this kiosk's name in exported rows\n"
            "  --version        print the version\n"
            "  -h, --help       this help; COMMAND --help for a command's own\n");
}

/* Take "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *bad)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "agmkiosk: %s needs a value\n", name);
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

/* What attendees type (before it is sealed or saved), the rows open
 * writes in plain text and the organizers' unlocked secret key are in this
 * process's memory: a crash must not write them into a core file (or hand
 * them to a crash reporter such as systemd-coredump), and no other process
 * of the same user may read them through ptrace or /proc/PID/mem. */
static void no_core_dumps(void)
{
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        log_warn("main", "could not turn core dumps off: %s", strerror(errno));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        log_warn("main", "could not make the process not dumpable: %s", strerror(errno));
}

int main(int argc, char **argv)
{
    no_core_dumps();
#ifdef __GLIBC__
    /* A kiosk runs for days: big short-lived buffers (a line of text being
     * rasterized, a picture being saved) go straight back to the system
     * instead of growing the heap. A fixed threshold also stops glibc from
     * raising it after the first such buffer is freed. */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
    const char *config_file = NULL, *content = NULL, *data = NULL, *kiosk_id = NULL;
    bool bad = false;
    /* Global options may stand anywhere; the rest is kept in order. */
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = opt_value(argc, argv, &i, "--config", &bad))) config_file = v;
        else if ((v = opt_value(argc, argv, &i, "--content", &bad))) content = v;
        else if ((v = opt_value(argc, argv, &i, "--data", &bad))) data = v;
        else if ((v = opt_value(argc, argv, &i, "--kiosk-id", &bad))) kiosk_id = v;
        else if (bad) break;
        else if (strcmp(argv[i], "--version") == 0) {
            printf("agmkiosk %s\n", AGM_VERSION);
            free(rest);
            return 0;
        } else
            rest[nrest++] = argv[i];
    }
    /* "--data=" would put the database at /agmkiosk.db */
    static const char *const names[] = {"--config", "--content", "--data"};
    const char *vals[] = {config_file, content, data};
    for (size_t i = 0; !bad && i < AGM_ARRAY_LEN(names); i++)
        if (vals[i] && !*vals[i]) {
            fprintf(stderr, "agmkiosk: %s is empty: give a %s\n", names[i], i == 0 ? "file" : "folder");
            bad = true;
        }
    if (bad) {
        free(rest);
        return 2;
    }
    if (nrest > 1 && (strcmp(rest[1], "-h") == 0 || strcmp(rest[1], "--help") == 0)) {
        usage(stdout);
        free(rest);
        return 0;
    }

    config_t cfg;
    config_defaults(&cfg);
    diag_list_t d = {0};
    char *found = config_file ? xstrdup(config_file) : config_find();
    if (found && !config_load(&cfg, found, config_file != NULL, &d)) {
        diag_print(&d, stderr);
        fprintf(stderr, "agmkiosk: fix the settings in %s (see kiosk.ini in the source for every setting)\n", found);
        diag_free(&d);
        free(found);
        config_free(&cfg);
        free(rest);
        return 2;
    }
    free(found);
    diag_free(&d);
    if (content) {
        config_set(&cfg.content_dir, content);
        cfg.content_given = true;
    }
    if (data) config_set(&cfg.data_dir, data);
    if (kiosk_id) {
        const char *why = config_kiosk_id_problem(kiosk_id);
        if (why) {
            fprintf(stderr, "agmkiosk: --kiosk-id: %s; use %s\n", why, CONFIG_KIOSK_ID_RULE);
            config_free(&cfg);
            free(rest);
            return 2;
        }
        config_set(&cfg.kiosk_id, kiosk_id);
    }

    int rc = -1;
    if (nrest > 1 && rest[1][0] != '-') {
        for (size_t i = 0; i < AGM_ARRAY_LEN(commands); i++)
            if (strcmp(rest[1], commands[i].name) == 0)
                rc = commands[i].fn(&cfg, nrest - 1, rest + 1);
        if (rc == -1) {
            fprintf(stderr, "agmkiosk: unknown command '%s' (see agmkiosk --help)\n", rest[1]);
            rc = 2;
        }
    } else {
        rest[0] = "agmkiosk";
        rc = cmd_kiosk(&cfg, nrest, rest);
    }
    config_free(&cfg);
    free(rest);
    return rc;
}
