// SPDX-License-Identifier: GPL-2.0-only
/*
 * `xl console`: locate a domain's console pty through xenstore and copy
 * between it and the user's terminal. The tty node lives in the guest's
 * own xenstore area, so it is trusted only when dom0 owns it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "pty.h"
#include "xs.h"

void console_client_defaults(struct console_client_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->wait_ms = 10000;
	o->escape = CONSOLE_ESCAPE_DEFAULT;
	o->in_fd = 0;
	o->out_fd = 1;
}

static bool valid_pts(const char *p)
{
	const char *d = p + strlen("/dev/pts/");

	if (strncmp(p, "/dev/pts/", strlen("/dev/pts/")) || !*d)
		return false;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return false;
	return true;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* 1 with the path copied if the node holds a usable tty, 0 if not yet. */
static int try_tty(struct cxs *x, const char *node, char *path, size_t len)
{
	unsigned int owner;
	char *val;
	int rc = cxs_read(x, node, &val, NULL);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	if (!*val) {
		free(val); /* created empty by the toolstack, not filled yet */
		return 0;
	}
	rc = cxs_owner(x, node, &owner);
	if (!rc && (owner != 0 || !valid_pts(val)))
		rc = -EPERM;
	if (!rc && strlen(val) >= len)
		rc = -ENAMETOOLONG;
	if (!rc) {
		strcpy(path, val);
		rc = 1;
	}
	free(val);
	return rc;
}

int console_client_tty(unsigned int domid,
		       const struct console_client_opts *o, char *path,
		       size_t len)
{
	char node[64], dir[48], *val;
	struct timespec t0;
	struct cxs *x;
	int rc;

	rc = cxs_open(o->xs_path ? o->xs_path : cxs_default_path(), &x);
	if (rc)
		return rc;
	snprintf(dir, sizeof(dir), "/local/domain/%u", domid);
	snprintf(node, sizeof(node), "%s/console/tty", dir);
	rc = cxs_read(x, dir, &val, NULL);
	if (rc)
		goto out;
	free(val);
	rc = try_tty(x, node, path, len);
	if (rc || !o->wait_ms)
		goto out;
	/* Not there yet: the domain is being built. Watch for it. */
	rc = cxs_watch(x, node, "tty");
	if (rc)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = cxs_fd(x), .events = POLLIN };
		const char *ep, *et;
		long left = o->wait_ms < 0 ? -1 : o->wait_ms - elapsed_ms(&t0);

		rc = try_tty(x, node, path, len);
		if (rc)
			break;
		if (o->wait_ms >= 0 && left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		if (o->stop && *o->stop) {
			rc = -EINTR;
			break;
		}
		/* Events queued during our reads need no poll. */
		rc = cxs_next_event(x, false, &ep, &et);
		if (rc < 0)
			break;
		if (rc == 0 && poll(&p, 1, left < 0 || left > 1000 ? 1000
								 : (int)left) < 0 &&
		    errno != EINTR) {
			rc = -errno;
			break;
		}
	}
out:
	cxs_close(x);
	return rc < 0 ? rc : 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct session {
	int tty, in, out, escape;
	bool interactive, in_open;
	char pending[4096]; /* input not yet taken by the pty */
	size_t plen, poff;
};

/* Console output to the user. 1: the console closed. */
static int from_tty(struct session *s)
{
	char buf[4096];
	ssize_t n = read(s->tty, buf, sizeof(buf));

	if (n > 0)
		return write_all(s->out, buf, (size_t)n);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return 1; /* EIO: the daemon closed the pty; 0: end of file */
}

/* User input to the console. 1: detach. */
static int from_user(struct session *s)
{
	ssize_t n = read(s->in, s->pending, sizeof(s->pending));
	char *esc;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		s->in_open = false;
		return 0;
	}
	s->plen = (size_t)n;
	s->poff = 0;
	if (s->interactive && s->escape >= 0) {
		esc = memchr(s->pending, s->escape, s->plen);
		if (esc) {
			/* What came before the escape still goes out. */
			s->plen = (size_t)(esc - s->pending);
			fcntl(s->tty, F_SETFL, fcntl(s->tty, F_GETFL) & ~O_NONBLOCK);
			write_all(s->tty, s->pending, s->plen);
			return 1;
		}
	}
	return 0;
}

static int to_tty(struct session *s)
{
	ssize_t n = write(s->tty, s->pending + s->poff, s->plen - s->poff);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : 1;
	s->poff += (size_t)n;
	if (s->poff == s->plen)
		s->plen = s->poff = 0;
	return 0;
}

static int session_loop(struct session *s, volatile sig_atomic_t *stop)
{
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = s->tty, .events = POLLIN },
			{ .fd = -1, .events = POLLIN },
		};
		int rc;

		if (s->plen)
			p[0].events |= POLLOUT;
		else if (s->in_open)
			p[1].fd = s->in;
		if (stop && *stop)
			return 0;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			rc = from_tty(s);
			if (rc)
				return rc > 0 ? 0 : rc;
		}
		if ((p[0].revents & POLLOUT) && to_tty(s))
			return 0;
		if (p[1].revents) {
			rc = from_user(s);
			if (rc)
				return 0;
		}
	}
}

int console_client_attach_tty(const char *tty,
			      const struct console_client_opts *o)
{
	struct session s = {
		.in = o->in_fd, .out = o->out_fd, .escape = o->escape,
		.in_open = true,
	};
	struct termios saved;
	int rc;

	s.tty = open(tty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (s.tty < 0)
		return -errno;
	rc = cpty_make_raw(s.tty, NULL);
	if (rc)
		goto out;
	s.interactive = isatty(s.in) && !cpty_make_raw(s.in, &saved);
	rc = session_loop(&s, o->stop);
	if (s.interactive)
		tcsetattr(s.in, TCSADRAIN, &saved);
out:
	close(s.tty);
	return rc;
}

/* Two clients on one pty would each get part of the output. */
static int lock_console(unsigned int domid, const char *dir)
{
	char path[256];
	int fd;

	if (!dir)
		dir = "/run/xen";
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/console-%u.lock", dir, domid);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return -EBUSY;
	}
	return fd;
}

int console_client_attach(unsigned int domid,
			  const struct console_client_opts *o)
{
	char tty[64];
	int lock, rc = console_client_tty(domid, o, tty, sizeof(tty));

	if (rc)
		return rc;
	lock = lock_console(domid, o->lock_dir);
	if (lock < 0)
		return lock;
	rc = console_client_attach_tty(tty, o);
	close(lock);
	return rc;
}
