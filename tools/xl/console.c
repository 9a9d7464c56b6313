// SPDX-License-Identifier: GPL-2.0-only
/*
 * xl console: the console daemon publishes each guest's pty in
 * /local/domain/<id>/console/tty; we open it and copy both ways (Ctrl-]
 * detaches) on a terminal, or copy the console to stdout when there is no
 * terminal, until the domain or its pty goes away.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"

#define ESCAPE_CHAR 0x1d /* Ctrl-] */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The pty path, waiting for the daemon to publish it. */
static int tty_path(struct ctrl_ctx *c, uint32_t domid, int wait_ms,
		    char **path)
{
	long long end = now_ms() + wait_ms;
	char node[96];
	bool watching;
	int rc;

	snprintf(node, sizeof(node), "/local/domain/%u/console/tty", domid);
	watching = !ctrl_xs_watch(c->xs, node, "xl-console");
	for (;;) {
		struct ctrl_dominfo info;
		char *p = NULL, *t = NULL;

		rc = ctrl_xs_read(c->xs, 0, node, path, NULL);
		if (!rc && (*path)[0])
			break;
		if (!rc)
			free(*path);
		if (ctrl_dom_getinfo(c->t, domid, &info) == -ESRCH) {
			rc = -ESRCH;
			break;
		}
		if (now_ms() >= end) {
			rc = -ETIMEDOUT;
			break;
		}
		if (watching) {
			if (ctrl_xs_read_watch(c->xs, 200, &p, &t) > 0) {
				free(p);
				free(t);
			}
		} else {
			usleep(100000);
		}
	}
	if (watching)
		ctrl_xs_unwatch(c->xs, node, "xl-console");
	return rc;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			poll(&p, 1, 1000);
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Copy until the pty closes (the daemon dropped the guest), the domain
 * is gone, the user detaches, or a signal arrives.
 */
static int pump(struct ctrl_ctx *c, uint32_t domid, int pty, bool tty_in)
{
	char buf[4096];
	bool in_open = true;
	long long next_check = now_ms() + 1000;

	while (!stop) {
		struct pollfd p[2] = {
			{ .fd = pty, .events = POLLIN },
			{ .fd = in_open ? 0 : -1, .events = POLLIN },
		};
		int n = poll(p, 2, 500);
		ssize_t r;

		if (n < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= next_check) {
			struct ctrl_dominfo info;

			next_check = now_ms() + 1000;
			if (ctrl_dom_getinfo(c->t, domid, &info) == -ESRCH)
				return 0;
		}
		if (n <= 0)
			continue;
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = read(pty, buf, sizeof(buf));
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r <= 0)
				return 0; /* EIO: the other side closed */
			if (write_all(1, buf, (size_t)r))
				return -EPIPE;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = read(0, buf, sizeof(buf));
			if (r <= 0) {
				in_open = false; /* no more input: output only */
				continue;
			}
			if (tty_in && memchr(buf, ESCAPE_CHAR, (size_t)r))
				return 0;
			if (write_all(pty, buf, (size_t)r))
				return -EIO;
		}
	}
	return 0;
}

int xl_console_attach(struct ctrl_ctx *c, uint32_t domid, int wait_ms)
{
	struct termios old, raw;
	bool tty_in = isatty(0);
	char *path = NULL;
	int pty, rc;

	if (!c->xs) {
		xl_err("xenstored is not running");
		return -ENOTCONN;
	}
	rc = tty_path(c, domid, wait_ms, &path);
	if (rc == -ETIMEDOUT) {
		xl_err("domain %u has no console pty after %d s (is the console "
		       "daemon running?)", domid, wait_ms / 1000);
		return rc;
	}
	if (rc) {
		xl_err("domain %u: %s", domid, rc == -ESRCH ? "does not exist"
							   : strerror(-rc));
		return rc;
	}
	pty = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (pty < 0) {
		rc = -errno;
		xl_err("%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	/* The guest's bytes as they are: no echo, no line editing. */
	if (!tcgetattr(pty, &raw)) {
		cfmakeraw(&raw);
		tcsetattr(pty, TCSANOW, &raw);
	}
	if (tty_in && !tcgetattr(0, &old)) {
		raw = old;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	} else {
		tty_in = false;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	rc = pump(c, domid, pty, tty_in);
	if (tty_in)
		tcsetattr(0, TCSANOW, &old);
	close(pty);
	free(path);
	return rc;
}

int main_console(int argc, char **argv)
{
	struct ctrl_ctx c;
	uint32_t domid;
	int opt, rc;

	while ((opt = getopt(argc, argv, "+t:n:")) != -1) {
		switch (opt) {
		case 't':
			if (strcmp(optarg, "pv")) {
				xl_err("only the pv console is supported");
				return XL_FAIL;
			}
			break;
		case 'n':
			if (strcmp(optarg, "0")) {
				xl_err("only console 0 is supported");
				return XL_FAIL;
			}
			break;
		default:
			return xl_usage("console");
		}
	}
	if (optind != argc - 1)
		return xl_usage("console");
	if (xl_open(&c, true))
		return XL_FAIL;
	rc = xl_domid(&c, argv[optind], &domid);
	if (!rc)
		rc = xl_console_attach(&c, domid, 10000);
	ctrl_ctx_close(&c);
	return rc ? XL_FAIL : XL_OK;
}
