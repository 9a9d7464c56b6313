// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test backend: the daemon's hypervisor operations on plain files, so the
 * host test (tests/console/run.sh) can play a guest against the real
 * daemon, xenstored and ptys. Never used on a hypervisor.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xenio.h"

#define PAGE_SIZE 4096

static int fake_path(struct xenio *io, unsigned int domid, const char *what,
		     char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/dom%u.%s", io->fake_dir, domid, what);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int fake_map(struct xenio *io, unsigned int domid, uint64_t frame,
		    struct xenio_map *m)
{
	char path[PATH_MAX];
	void *p;
	int fd, rc;

	(void)frame;
	rc = fake_path(io, domid, "ring", path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	rc = p == MAP_FAILED ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	m->page = p;
	m->kind = MAP_FAKE;
	return 0;
}

static void fake_unmap(struct xenio *io, struct xenio_map *m)
{
	(void)io;
	if (m->kind != MAP_NONE)
		munmap(m->page, PAGE_SIZE);
	m->page = NULL;
	m->kind = MAP_NONE;
}

static int fake_bind(struct xenio *io, unsigned int domid,
		     unsigned int remote_port, struct xenio_chan *c)
{
	char path[PATH_MAX];
	int rc = fake_path(io, domid, "evtchn", path, sizeof(path));

	if (rc)
		return rc;
	/* Read-write so that the FIFO never reports end of file. */
	c->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0)
		return -errno;
	c->local_port = remote_port;
	c->domid = domid;
	return 0;
}

static void fake_unbind(struct xenio *io, struct xenio_chan *c)
{
	(void)io;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int fake_notify(struct xenio *io, struct xenio_chan *c)
{
	char path[PATH_MAX];
	int fd;

	if (fake_path(io, c->domid, "notify", path, sizeof(path)))
		return 0;
	/* No reader (or no FIFO) is a guest that does not listen: fine. */
	fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, "!", 1) < 0) {
		/* a full FIFO already carries a notification */
	}
	close(fd);
	return 0;
}

static int fake_pending(struct xenio *io, struct xenio_chan *c)
{
	char buf[64];
	ssize_t n;
	int any = 0;

	(void)io;
	while ((n = read(c->fd, buf, sizeof(buf))) > 0)
		any = 1;
	return any;
}

static int fake_unmask(struct xenio *io, struct xenio_chan *c)
{
	(void)io;
	(void)c;
	return 0;
}

static const struct xenio_ops fake_ops = {
	.map = fake_map,
	.unmap = fake_unmap,
	.bind = fake_bind,
	.unbind = fake_unbind,
	.notify = fake_notify,
	.pending = fake_pending,
	.unmask = fake_unmask,
};

int xenio_open_fake(struct xenio *io, const char *dir)
{
	io->ops = &fake_ops;
	io->gntdev_fd = io->privcmd_fd = -1;
	io->fake_dir = strdup(dir);
	return io->fake_dir ? 0 : -ENOMEM;
}
