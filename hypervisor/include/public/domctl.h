/* SPDX-License-Identifier: MIT */
/*
 * domctl (hypercall 36): the toolstack's control of domains, from the
 * privileged domain. Xen 4.17's layouts, interface version 0x15; the
 * subset this hypervisor implements. The text is this project's own.
 *
 * Every call is one struct xen_domctl: a header (cmd, interface_version,
 * the domain acted on) and a 128-byte union of per-command arguments. A
 * command that returns data writes the whole struct back. Common answers:
 *   -EACCES  interface_version is not XEN_DOMCTL_INTERFACE_VERSION;
 *   -EFAULT  the struct cannot be read (or written back);
 *   -ESRCH   no domain with that id (checked before privilege);
 *   -EPERM   the caller is not the privileged (control) domain;
 *   -ENOSYS  an unknown or unimplemented command;
 *   -EINVAL  an operation that would pause the caller on itself.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include <stdint.h>
#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x15

#define XEN_DOMCTL_createdomain       1
#define XEN_DOMCTL_destroydomain      2
#define XEN_DOMCTL_pausedomain        3
#define XEN_DOMCTL_unpausedomain      4
#define XEN_DOMCTL_getdomaininfo      5
#define XEN_DOMCTL_max_mem           11
#define XEN_DOMCTL_setvcpucontext    12
#define XEN_DOMCTL_getvcpucontext    13
#define XEN_DOMCTL_getvcpuinfo       14
#define XEN_DOMCTL_max_vcpus         15
#define XEN_DOMCTL_setdomainhandle   17
#define XEN_DOMCTL_hypercall_init    22
#define XEN_DOMCTL_settimeoffset     24
#define XEN_DOMCTL_set_address_size  35
#define XEN_DOMCTL_get_address_size  36
/* 70 (set_max_evtchn) and 80 (set_gnttab_limits) moved into createdomain. */

typedef uint8_t xen_domain_handle_t[16];

/* x86: what a domain has emulated; PV domains: nothing (or the PIT). */
struct xen_arch_domainconfig {
	uint32_t emulation_flags;
	uint32_t misc_flags;      /* XEN_X86_MSR_RELAXED only */
};
#define XEN_X86_EMU_PIT       (1u << 5)
#define XEN_X86_MSR_RELAXED   (1u << 0)

/*
 * XEN_DOMCTL_createdomain. IN: everything below. `domain` in the header is
 * IN/OUT: 1..DOMID_FIRST_RESERVED-1 asks for that id (-EEXIST if taken);
 * 0 or a reserved id lets the hypervisor pick the next free one after the
 * last it picked. The new domain is paused once (by the "controller"), has
 * no vCPUs (XEN_DOMCTL_max_vcpus makes them) and no memory; max_pages is 0
 * until XEN_DOMCTL_max_mem.
 * -EINVAL: unknown flags, HAP without HVM, max_vcpus 0 or too many, grant
 * version 0 or above the supported one, grant/maptrack limits out of range,
 * IOMMU options without an IOMMU. -EOPNOTSUPP: emulation flags a PV domain
 * cannot have.
 */
#define XEN_DOMCTL_CDF_hvm          (1u << 0)
#define XEN_DOMCTL_CDF_hap          (1u << 1)
#define XEN_DOMCTL_CDF_s3_integrity (1u << 2)
#define XEN_DOMCTL_CDF_oos_off      (1u << 3)
#define XEN_DOMCTL_CDF_xs_domain    (1u << 4)
#define XEN_DOMCTL_CDF_iommu        (1u << 5)
#define XEN_DOMCTL_CDF_nested_virt  (1u << 6)
#define XEN_DOMCTL_CDF_vpmu         (1u << 7)
#define XEN_DOMCTL_CDF_MASK         0xffu
#define XEN_DOMCTL_GRANT_version_mask 0xfu

struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t flags;               /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;     /* highest port the domain may use */
	int32_t max_grant_frames;     /* < 0: the hypervisor's default */
	int32_t max_maptrack_frames;  /* < 0: the hypervisor's default */
	uint32_t grant_opts;          /* low 4 bits: highest grant version */
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

/*
 * XEN_DOMCTL_getdomaininfo (and the element of sysctl getdomaininfolist).
 * OUT only. If no domain has the id asked for, 4.17 answers with the next
 * domain up (callers compare `domain`); -ESRCH past the last one, -EINVAL
 * for a reserved id.
 *   flags: dying once destruction has finished but frames are still held
 *   elsewhere; shutdown with the reason in bits 16-31 (all ones when none
 *   was given); paused by the controller; blocked when every online vCPU
 *   is blocked; running when one is on a CPU (blocked/running only with a
 *   vCPU online).
 *   max_vcpu_id: XEN_INVALID_MAX_VCPU_ID before max_vcpus.
 */
#define XEN_DOMINF_dying      (1u << 0)
#define XEN_DOMINF_hvm_guest  (1u << 1)
#define XEN_DOMINF_shutdown   (1u << 2)
#define XEN_DOMINF_paused     (1u << 3)
#define XEN_DOMINF_blocked    (1u << 4)
#define XEN_DOMINF_running    (1u << 5)
#define XEN_DOMINF_debugged   (1u << 6)
#define XEN_DOMINF_xs_domain  (1u << 7)
#define XEN_DOMINF_hap        (1u << 8)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID (~0u)

struct xen_domctl_getdomaininfo {
	domid_t domain;
	uint16_t pad1;
	uint32_t flags;
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame;   /* PV: machine frame */
	uint64_t cpu_time;            /* ns, all vCPUs */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};

/* XEN_DOMCTL_max_mem. IN: the new limit in KiB (may be below tot_pages). */
struct xen_domctl_max_mem {
	uint64_t max_memkb;
};

/*
 * XEN_DOMCTL_setvcpucontext / getvcpucontext. `ctxt` points at a struct
 * vcpu_guest_context (public/arch-x86_64.h). set: the checks of
 * VCPUOP_initialise, -EINVAL for a vCPU that does not exist or on
 * oneself; VGCF_online brings the vCPU up, a null ctxt resets it (offline,
 * tables let go). get: -ENODATA before a context was set.
 */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	uint32_t pad;
	uint64_t ctxt;
};

/* XEN_DOMCTL_getvcpuinfo. IN: vcpu (-EINVAL beyond max_vcpus). */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;
	uint8_t online, blocked, running;
	uint8_t pad;
	uint64_t cpu_time;            /* ns running */
	uint32_t cpu;
	uint32_t pad2;
};

/* XEN_DOMCTL_max_vcpus: must equal createdomain's max_vcpus; makes them. */
struct xen_domctl_max_vcpus {
	uint32_t max;
};

/* XEN_DOMCTL_setdomainhandle */
struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};

/*
 * XEN_DOMCTL_hypercall_init: fill the frame with the hypercall page.
 * -EINVAL: not the domain's; -EPERM: in use as something not writable.
 */
struct xen_domctl_hypercall_init {
	uint64_t gmfn;
};

/* XEN_DOMCTL_settimeoffset: seconds added to the domain's wall clock. */
struct xen_domctl_settimeoffset {
	int64_t time_offset_seconds;
};

/* XEN_DOMCTL_{set,get}_address_size: PV guests are 64-bit here (-EINVAL else). */
struct xen_domctl_address_size {
	uint32_t size;
};

struct xen_domctl {
	uint32_t cmd;
	uint32_t interface_version;
	domid_t domain;
	uint16_t pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_address_size address_size;
		uint8_t pad[128];
	} u;
};

#endif
