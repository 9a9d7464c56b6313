/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pseudo-terminals: the daemon gives each guest console a pty whose slave
 * side xl console (or any terminal program) opens.
 */
#ifndef CONSOLE_PTY_H
#define CONSOLE_PTY_H

#include <stddef.h>

struct cpty {
	int master; /* non-blocking; ours */
	int slave;  /* kept open so the master never sees a hang-up */
	char path[64];
};

/* Open a pty with its slave in raw mode. Returns 0 or -errno. */
int cpty_open(struct cpty *p);
void cpty_close(struct cpty *p);
/* Raw mode (no echo, no line editing, no signals, 8 bits) on a tty;
 * *saved (if given) receives the previous settings. */
struct termios;
int cpty_make_raw(int fd, struct termios *saved);

#endif /* CONSOLE_PTY_H */
