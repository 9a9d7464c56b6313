// SPDX-License-Identifier: GPL-2.0-only
/* Opening the /dev/xen backend and its table of operations. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "xenio-impl.h"

static int real_map(struct xenio *io, unsigned int domid, uint64_t frame,
		    struct xenio_map *m)
{
	int rc = gnt_map_grant(io, domid, m);

	if (rc)
		rc = gnt_map_foreign(io, domid, frame, m);
	return rc;
}

static const struct xenio_ops real_ops = {
	.map = real_map,
	.unmap = gnt_unmap,
	.bind = evtchn_bind,
	.unbind = evtchn_unbind,
	.notify = evtchn_notify,
	.pending = evtchn_pending,
	.unmask = evtchn_unmask,
};

int xenio_open_real(struct xenio *io)
{
	io->ops = &real_ops;
	io->fake_dir = NULL;
	io->gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	io->privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (io->gntdev_fd < 0 && io->privcmd_fd < 0)
		return -ENODEV;
	return 0;
}

void xenio_close(struct xenio *io)
{
	if (io->gntdev_fd >= 0)
		close(io->gntdev_fd);
	if (io->privcmd_fd >= 0)
		close(io->privcmd_fd);
	io->gntdev_fd = io->privcmd_fd = -1;
	free(io->fake_dir);
	io->fake_dir = NULL;
}
