// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mapping a guest's console page into the daemon. The domain builder grants
 * the page to dom0 as grant reference 0 (GNTTAB_RESERVED_CONSOLE), which
 * /dev/xen/gntdev maps without any privilege over the guest; a builder that
 * set up no grant leaves the foreign mapping of the frame number published
 * in console/ring-ref, through /dev/xen/privcmd (IOCTL_PRIVCMD_MMAPBATCH_V2).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>
/* The UAPI header uses these Xen types without defining them. */
typedef __u16 domid_t;
typedef __u32 grant_ref_t;
#include <xen/gntdev.h>

#include "ring.h"
#include "xenio-impl.h"

#define PAGE_SIZE 4096

/* privcmd's batch mapping ioctl (Linux UAPI; the installed kernel header
 * is not usable from user space on its own). */
struct privcmd_mmapbatch_v2 {
	unsigned int num;
	__u16 dom;
	__u64 addr;
	const __u64 *arr;
	int *err;
};
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))

int gnt_map_grant(struct xenio *io, unsigned int domid, struct xenio_map *m)
{
	struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
	void *p;
	int rc;

	if (io->gntdev_fd < 0)
		return -ENODEV;
	map.refs[0].domid = domid;
	map.refs[0].ref = GNTTAB_RESERVED_CONSOLE;
	if (ioctl(io->gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map))
		return -errno;
	/* The grant is only checked here: a bad one fails the mmap. */
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 io->gntdev_fd, (off_t)map.index);
	if (p == MAP_FAILED) {
		rc = -errno;
		unmap.index = map.index;
		ioctl(io->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
		return rc;
	}
	m->page = p;
	m->kind = MAP_GNTDEV;
	m->index = map.index;
	return 0;
}

int gnt_map_foreign(struct xenio *io, unsigned int domid, uint64_t frame,
		    struct xenio_map *m)
{
	__u64 gfn = frame;
	int err = 0;
	struct privcmd_mmapbatch_v2 batch = {
		.num = 1, .dom = (__u16)domid, .arr = &gfn, .err = &err,
	};
	void *p;

	if (io->privcmd_fd < 0)
		return -ENODEV;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 io->privcmd_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	batch.addr = (__u64)(unsigned long)p;
	if (ioctl(io->privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) || err) {
		/* Per-frame errors are negative errnos in err[]. */
		int rc = err ? err : -errno;

		munmap(p, PAGE_SIZE);
		return rc < 0 ? rc : -EIO;
	}
	m->page = p;
	m->kind = MAP_PRIVCMD;
	return 0;
}

void gnt_unmap(struct xenio *io, struct xenio_map *m)
{
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };

	if (m->kind == MAP_NONE)
		return;
	munmap(m->page, PAGE_SIZE);
	if (m->kind == MAP_GNTDEV) {
		/* After munmap, as gntdev requires. */
		unmap.index = m->index;
		ioctl(io->gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
	}
	m->page = NULL;
	m->kind = MAP_NONE;
}
