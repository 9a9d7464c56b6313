/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor side of the console daemon: mapping a guest's console page
 * (gnt.c: grant through /dev/xen/gntdev, else foreign frame through
 * /dev/xen/privcmd) and its event channel (evtchn.c: /dev/xen/evtchn). A
 * test backend (fake.c) puts files and FIFOs in their place so the whole
 * daemon can run on a plain host. Functions return 0 or a negative errno.
 */
#ifndef CONSOLE_XENIO_H
#define CONSOLE_XENIO_H

#include <stdbool.h>
#include <stdint.h>

enum xenio_map_kind { MAP_NONE, MAP_GNTDEV, MAP_PRIVCMD, MAP_FAKE };

struct xenio_map {
	void *page;
	enum xenio_map_kind kind;
	uint64_t index; /* gntdev offset */
};

struct xenio_chan {
	int fd; /* poll for POLLIN: a notification is pending */
	unsigned int local_port;
	unsigned int domid;
};

struct xenio;

struct xenio_ops {
	/* Map the console page of domid (grant ref 0 first, then frame). */
	int (*map)(struct xenio *io, unsigned int domid, uint64_t frame,
		   struct xenio_map *m);
	void (*unmap)(struct xenio *io, struct xenio_map *m);
	/* Bind to the guest's port; c->fd becomes readable on events. */
	int (*bind)(struct xenio *io, unsigned int domid,
		    unsigned int remote_port, struct xenio_chan *c);
	void (*unbind)(struct xenio *io, struct xenio_chan *c);
	int (*notify)(struct xenio *io, struct xenio_chan *c);
	/* Consume pending notifications: 1 if there were any, 0 if not. The
	 * channel stays masked until unmask(). */
	int (*pending)(struct xenio *io, struct xenio_chan *c);
	int (*unmask)(struct xenio *io, struct xenio_chan *c);
};

struct xenio {
	const struct xenio_ops *ops;
	int gntdev_fd, privcmd_fd; /* -1 when absent */
	char *fake_dir;
	bool verbose;
};

/* /dev/xen: fails (-ENODEV) only when neither mapping device opens. */
int xenio_open_real(struct xenio *io);
/*
 * Test backend in dir: the page of domain N is the file domN.ring (mapped
 * shared), its event channel the FIFO domN.evtchn (the "guest" writes a
 * byte to notify), and our notifications are bytes written to the FIFO
 * domN.notify when it has a reader.
 */
int xenio_open_fake(struct xenio *io, const char *dir);
void xenio_close(struct xenio *io);

#endif /* CONSOLE_XENIO_H */
