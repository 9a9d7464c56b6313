// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor access for xenstored through Linux's /dev/xen devices. Only
 * exercised on a real (or our own) hypervisor; on a plain host
 * xen_backend_open() fails and the daemon runs socket-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>
/* Linux's UAPI headers use these Xen types without defining them. */
typedef __u16 domid_t;
typedef __u32 grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>

#include "xen-backend.h"

#define PAGE_SIZE 4096
#define VIRQ_DOM_EXC 3

/* privcmd ioctls (Linux UAPI facts; the kernel header is not usable from
 * user space as installed). */
struct privcmd_hypercall {
	__u64 op;
	__u64 arg[5];
};
struct privcmd_mmapbatch_v2 {
	unsigned int num;
	__u16 dom;
	__u64 addr;
	const __u64 *arr;
	int *err;
};
#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))
/* /dev/xen/xenbus_backend: dom0's own store event channel. */
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)

/* XEN_DOMCTL_getdomaininfo, control interface 0x15 (Xen 4.17). */
#define HYPERVISOR_domctl 36
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_INTERFACE_VERSION 0x15
#define XEN_DOMINF_dying (1u << 0)
#define XEN_DOMINF_shutdown (1u << 2)

struct domctl_getdomaininfo {
	__u32 cmd;
	__u32 interface_version;
	__u16 domain;
	__u16 pad[3];
	/* union u: only the leading fields of getdomaininfo are read */
	__u16 info_domain;
	__u16 info_pad1;
	__u32 info_flags;
	__u8 rest[120];
};
_Static_assert(sizeof(struct domctl_getdomaininfo) == 144,
	       "struct xen_domctl is 16 + 128 bytes");

enum map_kind { MAP_GNTDEV, MAP_PRIVCMD, MAP_DOM0 };

struct mapping {
	struct mapping *next;
	void *addr;
	enum map_kind kind;
	__u64 gntdev_index;
};

struct xen_be {
	struct xs_backend be;
	int evtchn_fd, gntdev_fd, privcmd_fd, xenbus_fd;
	unsigned int virq_port;
	struct mapping *maps;
};

static struct xen_be *xb(struct xs_backend *be)
{
	return (struct xen_be *)be;
}

static int map_gntdev(struct xen_be *x, unsigned int domid, void **addr,
		      __u64 *index)
{
	struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
	void *p;

	if (x->gntdev_fd < 0)
		return ENODEV;
	map.refs[0].domid = domid;
	map.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
	if (ioctl(x->gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map))
		return errno;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 x->gntdev_fd, (off_t)map.index);
	if (p == MAP_FAILED) {
		int rc = errno;

		unmap.index = map.index;
		ioctl(x->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
		return rc;
	}
	*addr = p;
	*index = map.index;
	return 0;
}

static int map_privcmd(struct xen_be *x, unsigned int domid, uint64_t gfn,
		       void **addr)
{
	__u64 frame = gfn;
	int err = 0;
	struct privcmd_mmapbatch_v2 batch = {
		.num = 1, .dom = (__u16)domid, .arr = &frame, .err = &err,
	};
	void *p;

	if (x->privcmd_fd < 0)
		return ENODEV;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 x->privcmd_fd, 0);
	if (p == MAP_FAILED)
		return errno;
	batch.addr = (__u64)(unsigned long)p;
	if (ioctl(x->privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) || err) {
		int rc = err ? -err : errno;

		munmap(p, PAGE_SIZE);
		return rc ? rc : EIO;
	}
	*addr = p;
	return 0;
}

/* Dom0's page: the xenbus_backend device, else xenfs's xsd_kva. */
static int map_dom0(struct xen_be *x, void **addr)
{
	int fd = x->xenbus_fd;
	void *p;

	if (fd < 0)
		fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd != x->xenbus_fd)
		close(fd);
	if (p == MAP_FAILED)
		return errno;
	*addr = p;
	return 0;
}

static int be_map(struct xs_backend *be, unsigned int domid, uint64_t gfn,
		  struct xenstore_domain_interface **intf)
{
	struct xen_be *x = xb(be);
	struct mapping *m = calloc(1, sizeof(*m));
	int rc;

	if (!m)
		return ENOMEM;
	if (domid == 0) {
		m->kind = MAP_DOM0;
		rc = map_dom0(x, &m->addr);
	} else {
		/* The reserved grant first (what Xen's toolstack sets up),
		 * the frame number as the fallback. */
		m->kind = MAP_GNTDEV;
		rc = map_gntdev(x, domid, &m->addr, &m->gntdev_index);
		if (rc) {
			m->kind = MAP_PRIVCMD;
			rc = map_privcmd(x, domid, gfn, &m->addr);
		}
	}
	if (rc) {
		free(m);
		return rc;
	}
	m->next = x->maps;
	x->maps = m;
	*intf = m->addr;
	return 0;
}

static void be_unmap(struct xs_backend *be, unsigned int domid,
		     struct xenstore_domain_interface *intf)
{
	struct xen_be *x = xb(be);
	struct mapping **pm, *m;

	(void)domid;
	for (pm = &x->maps; (m = *pm); pm = &m->next)
		if (m->addr == (void *)intf)
			break;
	if (!m)
		return;
	*pm = m->next;
	munmap(m->addr, PAGE_SIZE);
	if (m->kind == MAP_GNTDEV) {
		struct ioctl_gntdev_unmap_grant_ref unmap = {
			.index = m->gntdev_index, .count = 1,
		};

		ioctl(x->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
	}
	free(m);
}

static int be_bind(struct xs_backend *be, unsigned int domid,
		   unsigned int remote, unsigned int *local)
{
	struct ioctl_evtchn_bind_interdomain bind = {
		.remote_domain = domid, .remote_port = remote,
	};
	int port = ioctl(xb(be)->evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN,
			 &bind);

	if (port < 0)
		return errno;
	*local = (unsigned int)port;
	return 0;
}

static void be_unbind(struct xs_backend *be, unsigned int local)
{
	struct ioctl_evtchn_unbind unbind = { .port = local };

	ioctl(xb(be)->evtchn_fd, IOCTL_EVTCHN_UNBIND, &unbind);
}

static void be_notify(struct xs_backend *be, unsigned int local)
{
	struct ioctl_evtchn_notify notify = { .port = local };

	ioctl(xb(be)->evtchn_fd, IOCTL_EVTCHN_NOTIFY, &notify);
}

/* Used only on a real hypervisor, from the VIRQ_DOM_EXC handler. */
static int be_state(struct xs_backend *be, unsigned int domid, bool *exists,
		    bool *shutdown, bool *dying)
{
	struct xen_be *x = xb(be);
	struct domctl_getdomaininfo *dc;
	struct privcmd_hypercall hc = { .op = HYPERVISOR_domctl };
	int rc = 0;

	if (x->privcmd_fd < 0)
		return ENODEV;
	/* The hypervisor copies to and from this page: keep it resident. */
	dc = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (dc == MAP_FAILED)
		return errno;
	dc->cmd = XEN_DOMCTL_getdomaininfo;
	dc->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc->domain = (__u16)domid;
	hc.arg[0] = (__u64)(unsigned long)dc;
	if (ioctl(x->privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &hc) < 0) {
		if (errno != ESRCH)
			rc = errno;
		*exists = false;
	} else {
		/* 4.17 may answer with the next domain up. */
		*exists = dc->info_domain == domid;
	}
	*shutdown = *exists && (dc->info_flags & XEN_DOMINF_shutdown);
	*dying = *exists && (dc->info_flags & XEN_DOMINF_dying);
	munmap(dc, PAGE_SIZE);
	return rc;
}

static const struct xs_backend_ops xen_ops = {
	.map = be_map,
	.unmap = be_unmap,
	.bind = be_bind,
	.unbind = be_unbind,
	.notify = be_notify,
	.state = be_state,
};

struct xs_backend *xen_backend_open(void)
{
	struct xen_be *x = calloc(1, sizeof(*x));
	struct ioctl_evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC };
	int port, saved;

	if (!x)
		return NULL;
	x->be.ops = &xen_ops;
	x->be.priv = x;
	x->gntdev_fd = x->privcmd_fd = x->xenbus_fd = -1;
	/* Non-blocking: the event loop drains it until EAGAIN. */
	x->evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (x->evtchn_fd < 0)
		goto fail;
	x->gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	x->privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	x->xenbus_fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
	if (x->gntdev_fd < 0 && x->privcmd_fd < 0) {
		errno = ENODEV;
		goto fail;
	}
	port = ioctl(x->evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &virq);
	if (port < 0)
		goto fail;
	x->virq_port = (unsigned int)port;
	return &x->be;
fail:
	saved = errno;
	xen_backend_close(&x->be);
	errno = saved;
	return NULL;
}

void xen_backend_close(struct xs_backend *be)
{
	struct xen_be *x = xb(be);

	if (!x)
		return;
	while (x->maps)
		be_unmap(be, 0, (void *)x->maps->addr);
	if (x->evtchn_fd >= 0)
		close(x->evtchn_fd);
	if (x->gntdev_fd >= 0)
		close(x->gntdev_fd);
	if (x->privcmd_fd >= 0)
		close(x->privcmd_fd);
	if (x->xenbus_fd >= 0)
		close(x->xenbus_fd);
	free(x);
}

int xen_backend_fd(struct xs_backend *be)
{
	return xb(be)->evtchn_fd;
}

int xen_backend_pending(struct xs_backend *be, unsigned int *port,
			bool *is_virq)
{
	struct xen_be *x = xb(be);
	__u32 p;
	ssize_t n = read(x->evtchn_fd, &p, sizeof(p));

	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	if (n != sizeof(p))
		return 0;
	/* Writing the port back unmasks it. */
	if (write(x->evtchn_fd, &p, sizeof(p)) != sizeof(p))
		return -1;
	*port = p;
	*is_virq = p == x->virq_port;
	return 1;
}

int xen_backend_dom0_port(struct xs_backend *be)
{
	struct xen_be *x = xb(be);
	char buf[32];
	ssize_t n;
	int fd, port;

	if (x->xenbus_fd >= 0) {
		port = ioctl(x->xenbus_fd, IOCTL_XENBUS_BACKEND_EVTCHN);
		if (port >= 0)
			return port;
	}
	fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	port = atoi(buf);
	return port > 0 ? port : -EIO;
}
