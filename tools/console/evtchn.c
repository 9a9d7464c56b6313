// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels through /dev/xen/evtchn, one open file per guest so that
 * a guest's notifications wake only its own poll slot and a throttled or
 * broken guest is silenced by not re-enabling (or closing) its file. The
 * driver masks a port when it fires and queues it for read(); writing the
 * port number back unmasks it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/types.h>
/* The UAPI header uses this Xen type without defining it. */
typedef __u16 domid_t;
#include <xen/evtchn.h>

#include "xenio-impl.h"

int evtchn_bind(struct xenio *io, unsigned int domid,
		unsigned int remote_port, struct xenio_chan *c)
{
	struct ioctl_evtchn_bind_interdomain bind = {
		.remote_domain = domid, .remote_port = remote_port,
	};
	int fd, rc;

	(void)io;
	fd = open("/dev/xen/evtchn", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (rc < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	c->fd = fd;
	c->local_port = (unsigned int)rc;
	c->domid = domid;
	return 0;
}

void evtchn_unbind(struct xenio *io, struct xenio_chan *c)
{
	struct ioctl_evtchn_unbind unbind = { .port = c->local_port };

	(void)io;
	if (c->fd < 0)
		return;
	ioctl(c->fd, IOCTL_EVTCHN_UNBIND, &unbind);
	close(c->fd);
	c->fd = -1;
}

int evtchn_notify(struct xenio *io, struct xenio_chan *c)
{
	struct ioctl_evtchn_notify notify = { .port = c->local_port };

	(void)io;
	return ioctl(c->fd, IOCTL_EVTCHN_NOTIFY, &notify) ? -errno : 0;
}

int evtchn_pending(struct xenio *io, struct xenio_chan *c)
{
	unsigned int ports[16];
	ssize_t n;
	int any = 0;

	(void)io;
	/* Only our one port is bound to this file; drain whatever is queued. */
	while ((n = read(c->fd, ports, sizeof(ports))) > 0)
		any = 1;
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		return -errno;
	return any;
}

int evtchn_unmask(struct xenio *io, struct xenio_chan *c)
{
	unsigned int port = c->local_port;

	(void)io;
	if (write(c->fd, &port, sizeof(port)) != sizeof(port))
		return -errno;
	return 0;
}
