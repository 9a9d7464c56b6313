/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The client side of `xl console`: find a domain's console pty (written by
 * xenconsoled to /local/domain/N/console/tty) and copy between it and the
 * caller's terminal. Link $(O)/libconsole-client.a; it needs nothing but
 * libc. Every function returns 0 or a negative errno and never exits.
 *
 *   struct console_client_opts o;
 *   console_client_defaults(&o);
 *   rc = console_client_attach(domid, &o);
 */
#ifndef CONSOLE_CLIENT_H
#define CONSOLE_CLIENT_H

#include <signal.h>
#include <stddef.h>

#define CONSOLE_ESCAPE_DEFAULT 0x1d /* ^] */

struct console_client_opts {
	const char *xs_path; /* xenstored socket; NULL: $XENSTORED_PATH or
				the default */
	int wait_ms;	     /* wait this long for the tty node to appear
				(the domain is still being built); -1 forever */
	int escape;	     /* byte that detaches an interactive session;
				-1: none */
	int in_fd, out_fd;   /* normally 0 and 1 */
	const char *lock_dir; /* one client per console: a lock file here
				 (NULL: /run/xen) */
	/* Set (e.g. by a signal handler) to end the session. */
	volatile sig_atomic_t *stop;
};

void console_client_defaults(struct console_client_opts *o);

/*
 * The tty path of domain domid, checked: the node must be owned by dom0
 * (a guest cannot have written it) and name a /dev/pts/<n> device.
 * -ENOENT: no such domain; -ETIMEDOUT: its console never appeared.
 */
int console_client_tty(unsigned int domid,
		       const struct console_client_opts *o, char *path,
		       size_t len);

/*
 * Copy between the pty and in_fd/out_fd until the console closes (the
 * domain died), the escape byte is typed (in_fd is a terminal: it is put
 * in raw mode for the session and restored), or *stop is set. When in_fd
 * is not a terminal, its bytes are sent as they are and its end of file
 * leaves the output running. Returns 0 in all those cases.
 */
int console_client_attach_tty(const char *tty,
			      const struct console_client_opts *o);

/*
 * console_client_tty(), then the lock that keeps a second client off the
 * same console (-EBUSY), then console_client_attach_tty().
 */
int console_client_attach(unsigned int domid,
			  const struct console_client_opts *o);

#endif /* CONSOLE_CLIENT_H */
