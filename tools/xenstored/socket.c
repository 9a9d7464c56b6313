// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unix-socket listening and the socket transport of connections.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"
#include "socket.h"

static int sock_read(struct xs_conn *c, void *buf, unsigned int len)
{
	ssize_t n = recv(c->fd, buf, len, 0);

	if (n > 0)
		return (int)n;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	c->dead = true; /* EOF or error: the client is gone */
	return -1;
}

static int sock_write(struct xs_conn *c, const void *buf, unsigned int len)
{
	ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	c->dead = true;
	return -1;
}

static bool sock_can(struct xs_conn *c)
{
	(void)c;
	return true; /* poll() decides */
}

static void sock_close(struct xs_conn *c)
{
	close(c->fd);
}

static const struct xs_conn_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.can_read = sock_can,
	.can_write = sock_can,
	.close = sock_close,
};

static void mkdir_parents(const char *path)
{
	char buf[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
}

int xs_socket_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	mkdir_parents(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(path, 0600) || listen(fd, 64)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int xs_socket_accept(struct xsd *d, int lfd)
{
	struct xs_caller who = { .domid = 0, .privileged = true, .target = -1 };
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return errno;
	if (!xs_conn_new(d, &sock_ops, NULL, fd, &who)) {
		close(fd);
		return ENOMEM;
	}
	return 0;
}
