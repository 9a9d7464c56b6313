// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl: what the toolstack asks about the whole machine (Xen 4.17,
 * interface version 0x15): physinfo, the scheduler's id, the list of
 * domains and the hypervisor's console ring. Copy in once, check version
 * and privilege, one worker per command, copy the struct back.
 *
 * Locking: one CPU with interrupts off in the hypervisor; with SMP a
 * sysctl lock (trylock, else a continuation) as in Xen.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/boot.h>
#include <hv/console.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <public/sysctl.h>

BUILD_BUG_ON(sizeof(struct xen_sysctl) != 8 + 128);
BUILD_BUG_ON(sizeof(struct xen_sysctl_physinfo) != 112);
BUILD_BUG_ON(sizeof(struct xen_sysctl_readconsole) != 24);
BUILD_BUG_ON(offsetof(struct xen_sysctl_getdomaininfolist, buffer) != 8);

static uint64_t ram_pages(void)
{
	const struct boot_info *bi = boot_info_get();
	uint64_t n = 0;

	for (unsigned int i = 0; i < bi->nr_ranges; i++)
		if (bi->ranges[i].type == 1)
			n += (bi->ranges[i].end - bi->ranges[i].start) >> PAGE_SHIFT;
	return n;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	uint32_t a, b, c, d;

	memset(pi, 0, sizeof(*pi));
	/* One CPU runs guests for now; one NUMA node. */
	pi->threads_per_core = 1;
	pi->cores_per_socket = 1;
	pi->nr_cpus = 1;
	pi->max_cpu_id = 0;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = (uint32_t)cpu_khz;
	pi->total_pages = ram_pages();
	pi->free_pages = page_alloc_free_count();
	pi->max_mfn = max_page - 1;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1 |
			   XEN_SYSCTL_PHYSCAP_gnttab_v2;
	/* Xen's first feature words: leaf 1 edx, ecx, leaf 0x80000001 edx, ecx. */
	cpuid(1, &a, &b, &c, &d);
	pi->hw_cap[0] = d;
	pi->hw_cap[1] = c;
	cpuid(0x80000001, &a, &b, &c, &d);
	pi->hw_cap[2] = d;
	pi->hw_cap[3] = c;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	struct domain *d;
	uint32_t n = 0;

	list_for_each_entry(d, &domain_list, domain_list) {
		if (d->domain_id < l->first_domain)
			continue;
		if (n == l->max_domains)
			break;
		domain_get_info(d, &info);
		if (copy_to_guest(l->buffer + n * sizeof(info), &info, sizeof(info)))
			return -EFAULT;
		n++;
	}
	l->num_domains = n;
	return 0;
}

long do_sysctl(unsigned long arg)
{
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;
	switch (op.cmd) {
	case XEN_SYSCTL_readconsole: {
		struct xen_sysctl_readconsole *r = &op.u.readconsole;

		rc = console_ring_read(r->buffer, &r->count, &r->index, r->incremental, r->clear);
		break;
	}
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		rc = 0;
		break;
	case XEN_SYSCTL_sched_id:
		op.u.sched_id.sched_id = sched_id();
		rc = 0;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		break;
	default:
		return -ENOSYS;
	}
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
