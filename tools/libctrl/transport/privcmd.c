// SPDX-License-Identifier: GPL-2.0-only
/*
 * The real transport over Linux's Xen devices: hypercalls and foreign
 * mappings through /dev/xen/privcmd, hypercall buffers from
 * /dev/xen/hypercall (or locked anonymous memory), event channels through
 * /dev/xen/evtchn and grant mappings through /dev/xen/gntdev. This is the
 * only file in the toolstack that issues ioctls on those devices.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "transport.h"

#define PAGE 4096UL

/* privcmd ioctl arguments (Linux UAPI, include/uapi/xen/privcmd.h). */
struct pc_hypercall {
	__u64 op;
	__u64 arg[5];
};

struct pc_mmapbatch_v2 {
	unsigned int num;
	__u16 dom;
	__u64 addr;
	const __u64 *arr;
	int *err;
};

struct pc_mmap_resource {
	__u16 dom;
	__u32 type;
	__u32 id;
	__u32 idx;
	__u64 num;
	__u64 addr;
};

#define PC_IOCTL_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct pc_hypercall))
#define PC_IOCTL_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct pc_mmapbatch_v2))
#define PC_IOCTL_MMAP_RESOURCE \
	_IOC(_IOC_NONE, 'P', 7, sizeof(struct pc_mmap_resource))

struct gnt_map {
	struct gnt_map *next;
	void *addr;
	size_t n;
	__u64 index;
};

struct xen_transport {
	struct ctrl_transport t;
	int privcmd;
	int hcall;  /* /dev/xen/hypercall, or -1 */
	int evtchn; /* opened on first use */
	int gntdev;
	struct gnt_map *gmaps;
};

static struct xen_transport *xt(struct ctrl_transport *t)
{
	return (struct xen_transport *)t;
}

static long x_hypercall(struct ctrl_transport *t, unsigned int op,
			const uint64_t arg[5])
{
	struct pc_hypercall hc = { .op = op };
	long rc;

	memcpy(hc.arg, arg, sizeof(hc.arg));
	rc = ioctl(xt(t)->privcmd, PC_IOCTL_HYPERCALL, &hc);
	return rc < 0 ? -errno : rc;
}

static size_t round_pages(size_t len)
{
	return (len + PAGE - 1) & ~(PAGE - 1);
}

static void *x_buf_alloc(struct ctrl_transport *t, size_t len)
{
	struct xen_transport *x = xt(t);
	size_t sz = round_pages(len ? len : 1);
	void *p = MAP_FAILED;

	if (x->hcall >= 0)
		p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, x->hcall,
			 0);
	if (p == MAP_FAILED) {
		/*
		 * Locked and populated so the hypervisor never faults on it;
		 * not inherited by a fork, so it never becomes copy-on-write
		 * (read-only) under the hypervisor's feet.
		 */
		p = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED | MAP_POPULATE,
			 -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		madvise(p, sz, MADV_DONTFORK);
	}
	memset(p, 0, sz);
	return p;
}

static void x_buf_free(struct ctrl_transport *t, void *p, size_t len)
{
	(void)t;
	if (p)
		munmap(p, round_pages(len ? len : 1));
}

static void *x_map_foreign(struct ctrl_transport *t, uint16_t dom, int prot,
			   const uint64_t *frames, int *errs, size_t n)
{
	struct xen_transport *x = xt(t);
	struct pc_mmapbatch_v2 b = { .num = (unsigned int)n, .dom = dom,
				     .arr = (const __u64 *)frames };
	int *e = errs ? errs : calloc(n, sizeof(int));
	void *p;
	size_t i;
	int rc = 0;

	if (!n || n > 0x7fffffff / PAGE) {
		errno = EINVAL;
		return NULL;
	}
	if (!e)
		return NULL;
	p = mmap(NULL, n * PAGE, prot, MAP_SHARED, x->privcmd, 0);
	if (p == MAP_FAILED) {
		rc = errno;
		goto out;
	}
	b.addr = (__u64)(uintptr_t)p;
	b.err = e;
	if (ioctl(x->privcmd, PC_IOCTL_MMAPBATCH_V2, &b) < 0)
		rc = errno;
	for (i = 0; !rc && i < n; i++)
		if (e[i])
			rc = e[i] < 0 ? -e[i] : e[i];
	if (rc) {
		munmap(p, n * PAGE);
		p = NULL;
	}
out:
	if (e != errs)
		free(e);
	if (rc) {
		errno = rc;
		return NULL;
	}
	return p;
}

static void *x_map_resource(struct ctrl_transport *t, uint16_t dom,
			    unsigned int type, unsigned int id,
			    unsigned int idx, size_t n, int prot)
{
	struct xen_transport *x = xt(t);
	struct pc_mmap_resource r = { .dom = dom, .type = type, .id = id,
				      .idx = idx, .num = n };
	void *p = mmap(NULL, n * PAGE, prot, MAP_SHARED, x->privcmd, 0);
	int rc;

	if (p == MAP_FAILED)
		return NULL;
	r.addr = (__u64)(uintptr_t)p;
	if (ioctl(x->privcmd, PC_IOCTL_MMAP_RESOURCE, &r) < 0) {
		rc = errno;
		munmap(p, n * PAGE);
		errno = rc;
		return NULL;
	}
	return p;
}

static int x_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	(void)t;
	return munmap(addr, n * PAGE) ? -errno : 0;
}

static int evtchn_dev(struct xen_transport *x)
{
	if (x->evtchn < 0)
		x->evtchn = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	return x->evtchn < 0 ? -errno : x->evtchn;
}

static int x_evtchn_bind_interdomain(struct ctrl_transport *t, uint16_t dom,
				     uint32_t remote_port)
{
	struct ioctl_evtchn_bind_interdomain b = { .remote_domain = dom,
						   .remote_port = remote_port };
	int fd = evtchn_dev(xt(t)), rc;

	if (fd < 0)
		return fd;
	rc = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
	return rc < 0 ? -errno : rc;
}

static int x_evtchn_bind_virq(struct ctrl_transport *t, uint32_t virq)
{
	struct ioctl_evtchn_bind_virq b = { .virq = virq };
	int fd = evtchn_dev(xt(t)), rc;

	if (fd < 0)
		return fd;
	rc = ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &b);
	return rc < 0 ? -errno : rc;
}

static int x_evtchn_unbind(struct ctrl_transport *t, uint32_t port)
{
	struct ioctl_evtchn_unbind u = { .port = port };
	int fd = evtchn_dev(xt(t));

	if (fd < 0)
		return fd;
	return ioctl(fd, IOCTL_EVTCHN_UNBIND, &u) < 0 ? -errno : 0;
}

static int x_evtchn_notify(struct ctrl_transport *t, uint32_t port)
{
	struct ioctl_evtchn_notify nt = { .port = port };
	int fd = evtchn_dev(xt(t));

	if (fd < 0)
		return fd;
	return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &nt) < 0 ? -errno : 0;
}

static int x_evtchn_fd(struct ctrl_transport *t)
{
	return evtchn_dev(xt(t));
}

static int x_evtchn_pending(struct ctrl_transport *t, uint32_t *port)
{
	int fd = evtchn_dev(xt(t));
	uint32_t p;
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, &p, sizeof(p));
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n != sizeof(p))
		return 0;
	/* Writing the port back unmasks it. */
	if (write(fd, &p, sizeof(p)) != sizeof(p))
		return -EIO;
	*port = p;
	return 1;
}

static void *x_gnt_map(struct ctrl_transport *t, uint16_t dom,
		       const uint32_t *refs, size_t n, int prot)
{
	struct xen_transport *x = xt(t);
	struct ioctl_gntdev_map_grant_ref *m;
	struct ioctl_gntdev_unmap_grant_ref u = { 0 };
	struct gnt_map *g;
	void *p = NULL;
	size_t i;
	int rc = 0;

	if (x->gntdev < 0)
		x->gntdev = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (x->gntdev < 0 || !n)
		return NULL;
	m = calloc(1, sizeof(*m) + n * sizeof(m->refs[0]));
	g = calloc(1, sizeof(*g));
	if (!m || !g) {
		rc = ENOMEM;
		goto out;
	}
	m->count = (__u32)n;
	for (i = 0; i < n; i++) {
		m->refs[i].domid = dom;
		m->refs[i].ref = refs[i];
	}
	if (ioctl(x->gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, m) < 0) {
		rc = errno;
		goto out;
	}
	p = mmap(NULL, n * PAGE, prot, MAP_SHARED, x->gntdev, (off_t)m->index);
	if (p == MAP_FAILED) {
		rc = errno;
		p = NULL;
		u.index = m->index;
		u.count = (__u32)n;
		ioctl(x->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
		goto out;
	}
	g->addr = p;
	g->n = n;
	g->index = m->index;
	g->next = x->gmaps;
	x->gmaps = g;
	g = NULL;
out:
	free(m);
	free(g);
	if (rc)
		errno = rc;
	return p;
}

static int x_gnt_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	struct xen_transport *x = xt(t);
	struct gnt_map **pg, *g;
	struct ioctl_gntdev_unmap_grant_ref u = { 0 };
	int rc = 0;

	for (pg = &x->gmaps; (g = *pg); pg = &g->next)
		if (g->addr == addr && g->n == n)
			break;
	if (!g)
		return -EINVAL;
	*pg = g->next;
	if (munmap(addr, n * PAGE))
		rc = -errno;
	u.index = g->index;
	u.count = (__u32)n;
	if (ioctl(x->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u) < 0 && !rc)
		rc = -errno;
	free(g);
	return rc;
}

static void x_close(struct ctrl_transport *t)
{
	struct xen_transport *x = xt(t);

	while (x->gmaps)
		x_gnt_unmap(t, x->gmaps->addr, x->gmaps->n);
	if (x->evtchn >= 0)
		close(x->evtchn);
	if (x->gntdev >= 0)
		close(x->gntdev);
	if (x->hcall >= 0)
		close(x->hcall);
	close(x->privcmd);
	free(x);
}

static const struct ctrl_transport_ops xen_ops = {
	.hypercall = x_hypercall,
	.buf_alloc = x_buf_alloc,
	.buf_free = x_buf_free,
	.map_foreign = x_map_foreign,
	.map_resource = x_map_resource,
	.unmap = x_unmap,
	.evtchn_bind_interdomain = x_evtchn_bind_interdomain,
	.evtchn_bind_virq = x_evtchn_bind_virq,
	.evtchn_unbind = x_evtchn_unbind,
	.evtchn_notify = x_evtchn_notify,
	.evtchn_fd = x_evtchn_fd,
	.evtchn_pending = x_evtchn_pending,
	.gnt_map = x_gnt_map,
	.gnt_unmap = x_gnt_unmap,
	.close = x_close,
};

struct ctrl_transport *ctrl_transport_open(void)
{
	struct xen_transport *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->t.ops = &xen_ops;
	x->evtchn = x->gntdev = -1;
	x->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (x->privcmd < 0)
		x->privcmd = open("/proc/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (x->privcmd < 0) {
		int e = errno;

		free(x);
		errno = e;
		return NULL;
	}
	x->hcall = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	return &x->t;
}

void ctrl_transport_close(struct ctrl_transport *t)
{
	if (t)
		t->ops->close(t);
}
