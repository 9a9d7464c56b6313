/* SPDX-License-Identifier: MIT */
/*
 * sysctl (hypercall 35): questions about the whole machine, from the
 * privileged domain. Xen 4.17's layouts, interface version 0x15; the
 * subset this hypervisor implements. The text is this project's own.
 *
 * One struct xen_sysctl per call; results are written back into it.
 * -EACCES for a wrong interface_version, -EPERM for an unprivileged
 * caller, -ENOSYS for an unknown command, -EFAULT for an unreadable
 * struct or an unwritable buffer.
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include <stdint.h>
#include "xen.h"
#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x15

#define XEN_SYSCTL_readconsole        1
#define XEN_SYSCTL_physinfo           3
#define XEN_SYSCTL_sched_id           4
#define XEN_SYSCTL_getdomaininfolist  6

/*
 * XEN_SYSCTL_readconsole: copy out the hypervisor's console ring (its own
 * messages; the hardware domain's console writes are not kept).
 *   incremental: start at `index` if it lies in the ring's live part, else
 *   at the oldest byte; OUT `index`: where the copy stopped (pass it back
 *   to get only newer text).
 *   count: IN the buffer's size, OUT the bytes written.
 *   clear: afterwards, forget what was copied.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	uint64_t buffer;
	uint32_t count;
	uint32_t pad2;
};

/* XEN_SYSCTL_physinfo: OUT only. */
#define XEN_SYSCTL_PHYSCAP_hvm        (1u << 0)
#define XEN_SYSCTL_PHYSCAP_pv         (1u << 1)
#define XEN_SYSCTL_PHYSCAP_directio   (1u << 2)
#define XEN_SYSCTL_PHYSCAP_hap        (1u << 3)
#define XEN_SYSCTL_PHYSCAP_shadow     (1u << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace    (1u << 6)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1  (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2  (1u << 8)

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;             /* online */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;        /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8];           /* CPUID feature words */
};

/* Scheduler ids (XEN_SYSCTL_sched_id). */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_sysctl_sched_id {
	uint32_t sched_id;
};

/*
 * XEN_SYSCTL_getdomaininfolist: the domains from first_domain up, in id
 * order (dying ones too), at most max_domains of them, into `buffer` (an
 * array of struct xen_domctl_getdomaininfo). OUT: num_domains.
 */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;
	uint16_t pad;
	uint32_t max_domains;
	uint64_t buffer;
	uint32_t num_domains;
	uint32_t pad2;
};

struct xen_sysctl {
	uint32_t cmd;
	uint32_t interface_version;
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		uint8_t pad[128];
	} u;
};

#endif
