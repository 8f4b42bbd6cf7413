/* cli_secret.c - see cli_secret.h. */
#include "cli_secret.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

bool cli_secret_tty(void)
{
    return isatty(STDIN_FILENO) != 0;
}

long cli_read_secret(const char *prompt, char *buf, size_t cap)
{
    struct termios old, quiet;
    bool restore = false, tty = cli_secret_tty();
    if (tty) {
        /* echo off before the prompt appears, as getpass does */
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            quiet.c_lflag |= ECHONL;
            restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
        fputs(prompt, stderr);
        fflush(stderr);
    }
    /* one byte at a time: nothing after the line stays in a stdio buffer */
    size_t n = 0;
    bool over = false, got = false;
    char c;
    ssize_t r;
    while ((r = read(STDIN_FILENO, &c, 1)) == 1) {
        got = true;
        if (c == '\n')
            break;
        if (n + 1 < cap)
            buf[n++] = c;
        else
            over = true;
    }
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    c = 0;
    if (n && buf[n - 1] == '\r')
        n--;
    if (cap)
        buf[n] = '\0';
    if (!got || over) {
        sodium_memzero(buf, cap);
        return !got ? -1 : -2;
    }
    return (long)n;
}
