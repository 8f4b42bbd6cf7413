/* cli_secret.h - reading a passphrase for keygen and open. */
#ifndef AGM_CLI_SECRET_H
#define AGM_CLI_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Read one line of standard input into buf (without its line end). From a
 * terminal the prompt goes to stderr and nothing typed is echoed. Returns
 * the length, or -1 at the end of input, or -2 for a line of cap bytes or
 * more (the rest of it is read and dropped). buf is wiped on failure. */
long cli_read_secret(const char *prompt, char *buf, size_t cap);

/* True when standard input is a terminal. */
bool cli_secret_tty(void);

#endif
