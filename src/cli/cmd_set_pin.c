/* agmkiosk set-pin: set the organizers' admin PIN from standard input. */
#include "cli.h"
#include "../admin/pin.h"
#include "../core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Read one line from fp into buf (without the line end). With a terminal,
 * echo is off while reading. Returns false at end of input or overlong. */
static bool read_secret(FILE *fp, const char *prompt, char *buf, size_t cap, bool tty)
{
    struct termios old, quiet;
    bool restore = false;
    if (tty) {
        /* Echo off before the prompt (as getpass does), so nothing typed
         * after the prompt appears is echoed or thrown away. */
        if (tcgetattr(fileno(fp), &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            quiet.c_lflag |= ECHONL;
            restore = tcsetattr(fileno(fp), TCSAFLUSH, &quiet) == 0;
        }
        fputs(prompt, stderr);
        fflush(stderr);
    }
    bool ok = fgets(buf, (int)cap, fp) != NULL;
    if (restore)
        tcsetattr(fileno(fp), TCSAFLUSH, &old);
    if (!ok)
        return false;
    size_t n = strlen(buf);
    bool whole = n && buf[n - 1] == '\n';
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    if (!whole && !feof(fp)) {
        /* Longer than any PIN: keep it from being mistaken for a short one. */
        buf[0] = 'x';
        buf[1] = '\0';
    }
    return true;
}

int cmd_set_pin(config_t *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: agmkiosk set-pin < PINFILE   (or type it: asked twice, not shown)\n"
                   "\n"
                   "Sets the PIN that opens the admin screen: %d to %d digits, read from\n"
                   "standard input (the first line). Only a salted Argon2id hash is stored,\n"
                   "in DATA/%s (mode 0600); the PIN itself is kept nowhere. Running it\n"
                   "again replaces the PIN.\n",
                   PIN_MIN_DIGITS, PIN_MAX_DIGITS, PIN_FILE_NAME);
            return 0;
        }
        fprintf(stderr, "set-pin: unexpected argument '%s' (the PIN is read from standard input)\n", argv[i]);
        return 2;
    }
    bool tty = isatty(STDIN_FILENO);
    char a[64] = "", b[64] = "";
    int rc = 1;
    if (!read_secret(stdin, "New admin PIN (4-12 digits): ", a, sizeof a, tty)) {
        fprintf(stderr, "set-pin: no PIN on standard input (give %d to %d digits on the first line)\n",
                PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        goto out;
    }
    if (!pin_format_ok(a)) {
        fprintf(stderr, "set-pin: the PIN must be %d to %d digits (0-9) and nothing else; nothing changed\n",
                PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        goto out;
    }
    if (tty && (!read_secret(stdin, "Same PIN again: ", b, sizeof b, tty) || strcmp(a, b) != 0)) {
        fprintf(stderr, "set-pin: the two PINs differ; nothing changed\n");
        goto out;
    }
    char *err = NULL;
    if (!pin_set(cfg->data_dir, a, &err)) {
        fprintf(stderr, "set-pin: %s; nothing changed\n", err);
        free(err);
        goto out;
    }
    char *path = pin_file_path(cfg->data_dir);
    printf("set-pin: admin PIN stored as a hash in %s\n", path);
    free(path);
    rc = 0;
out:
    /* Do not leave the PIN in memory longer than needed. */
    explicit_bzero(a, sizeof a);
    explicit_bzero(b, sizeof b);
    return rc;
}
