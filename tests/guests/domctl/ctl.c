// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers of the domctl kernel: domctl/sysctl calls with the interface
 * version filled in, memory_op/mmu_update/mmuext_op on other domains, and
 * a window page whose mapping is pointed at other domains' frames.
 */
#include "ctl.h"
#include "evtchn.h"
#include "gnttab.h"

#define MMUEXT_INVLPG_LOCAL 7

char window[PAGE_SIZE] __aligned(PAGE_SIZE);

long domctl(struct domctl *op)
{
	return hypercall1(HYPERCALL_domctl, op);
}

long sysctl(struct sysctl *op)
{
	return hypercall1(HYPERCALL_sysctl, op);
}

void domctl_init(struct domctl *op, uint32_t cmd, uint16_t dom)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = DOMCTL_VERSION;
	op->domain = dom;
}

long dom_create(uint16_t want, uint32_t max_vcpus, const uint8_t handle[16], uint16_t *got)
{
	return dom_create_opts(want, max_vcpus, handle, 1, got);
}

long dom_create_opts(uint16_t want, uint32_t max_vcpus, const uint8_t handle[16],
		     uint32_t grant_opts, uint16_t *got)
{
	struct domctl op;
	long rc;

	domctl_init(&op, DOMCTL_createdomain, want);
	op.u.create.max_vcpus = max_vcpus;
	op.u.create.max_evtchn_port = 1023;
	op.u.create.max_grant_frames = 4;
	op.u.create.max_maptrack_frames = 16;
	op.u.create.grant_opts = grant_opts;
	if (handle)
		memcpy(op.u.create.handle, handle, 16);
	rc = domctl(&op);
	if (!rc && got)
		*got = op.domain;
	return rc;
}

long dom_simple(uint32_t cmd, uint16_t dom)
{
	struct domctl op;

	domctl_init(&op, cmd, dom);
	return domctl(&op);
}

long dom_info(uint16_t dom, struct dominfo *out)
{
	struct domctl op;
	long rc;

	domctl_init(&op, DOMCTL_getdomaininfo, dom);
	rc = domctl(&op);
	if (!rc)
		*out = op.u.info;
	return rc;
}

long dom_max_mem(uint16_t dom, uint64_t kb)
{
	struct domctl op;

	domctl_init(&op, DOMCTL_max_mem, dom);
	op.u.max_mem.max_memkb = kb;
	return domctl(&op);
}

long dom_max_vcpus(uint16_t dom, uint32_t max)
{
	struct domctl op;

	domctl_init(&op, DOMCTL_max_vcpus, dom);
	op.u.max_vcpus.max = max;
	return domctl(&op);
}

long dom_destroy(uint16_t dom)
{
	return dom_simple(DOMCTL_destroydomain, dom);
}

long physinfo(struct physinfo *out)
{
	struct sysctl op = { .cmd = SYSCTL_physinfo, .interface_version = SYSCTL_VERSION };
	long rc = sysctl(&op);

	if (!rc)
		*out = op.u.physinfo;
	return rc;
}

/*
 * A hypervisor may free part of a dead domain a little later (Xen frees
 * the domain structure after an RCU grace period, which needs its idle
 * loop to run): sleep in steps, up to a second.
 */
uint64_t free_pages_settled(uint64_t want)
{
	uint64_t deadline = now_ns() + 1000000000ULL;
	struct physinfo pi = { 0 };

	for (;;) {
		if (physinfo(&pi))
			return 0;
		if (pi.free_pages == want || now_ns() > deadline)
			return pi.free_pages;
		/* Sleep, so that the hypervisor's idle work can run. */
		hv_poll(NULL, 0, now_ns() + 200000000ULL);
	}
}

long memory_op(unsigned long cmd, void *arg)
{
	return hypercall2(HYPERCALL_memory_op, cmd, arg);
}

long reservation(unsigned int op, uint16_t dom, uint64_t *frames, unsigned long n,
		 unsigned int order)
{
	struct reservation r = {
		.extent_start = (uint64_t)frames, .nr_extents = n,
		.extent_order = order, .domid = dom,
	};

	return memory_op(op, &r);
}

long mmu_update(const struct mmu_update *req, unsigned int n, unsigned int *done,
		uint32_t foreigndom)
{
	return hypercall5(HYPERCALL_mmu_update, (unsigned long)req, n, (unsigned long)done,
			  foreigndom, 0);
}

long mmuext(unsigned int cmd, uint64_t arg1, uint32_t foreigndom)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };
	unsigned int done = 0;

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1, (unsigned long)&done,
			  foreigndom, 0);
}

static long set_window(uint64_t val, uint32_t fd)
{
	struct mmu_update req = { 0, val };
	unsigned int done = 0;
	long rc;

	tk_l1e((uint64_t)window, &req.ptr);
	rc = mmu_update(&req, 1, &done, fd);

	mmuext(MMUEXT_INVLPG_LOCAL, (unsigned long)window, DOMID_SELF);
	return rc;
}

long window_map(uint64_t mfn, bool writable, uint32_t fd)
{
	uint64_t flags = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED |
			 (writable ? _PAGE_RW | _PAGE_DIRTY : 0);

	return set_window((mfn << 12) | flags, fd);
}

long window_restore(void)
{
	return window_map(ev_mfn_of(window), true, DOMID_SELF);
}
