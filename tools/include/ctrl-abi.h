/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control interface the toolstack speaks to the hypervisor: hypercall
 * numbers, the domctl/sysctl subset of Xen 4.17 (interface version 0x15),
 * memory_op, event channel, grant table and mmuext structures used on other
 * domains, and the PV start-of-day structures a domain builder writes.
 *
 * x86-64 only. The layouts are facts of the Xen ABI; the text is ours. The
 * unit test tests/toolstack/unit/test-abi.c compares every size and offset
 * with Debian's libxen-dev headers.
 */
#ifndef CTRL_ABI_H
#define CTRL_ABI_H

#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Hypercall numbers (issued through privcmd from dom0).              */
/* ------------------------------------------------------------------ */
#define XABI_HC_memory_op	  12
#define XABI_HC_xen_version	  17
#define XABI_HC_console_io	  18
#define XABI_HC_grant_table_op	  20
#define XABI_HC_mmuext_op	  26
#define XABI_HC_event_channel_op  32
#define XABI_HC_sysctl		  35
#define XABI_HC_domctl		  36

#define XABI_DOMID_SELF		  0x7ff0U
#define XABI_DOMID_FIRST_RESERVED 0x7ff0U

#define XABI_PAGE_SHIFT 12
#define XABI_PAGE_SIZE	(1UL << XABI_PAGE_SHIFT)

/* Alignment that Xen's uint64_aligned_t forces on 32-bit tools too. */
#define XABI_A8 __attribute__((aligned(8)))

/* ------------------------------------------------------------------ */
/* domctl                                                              */
/* ------------------------------------------------------------------ */
#define XABI_DOMCTL_VERSION 0x15

enum {
	XABI_DOMCTL_createdomain = 1,
	XABI_DOMCTL_destroydomain = 2,
	XABI_DOMCTL_pausedomain = 3,
	XABI_DOMCTL_unpausedomain = 4,
	XABI_DOMCTL_getdomaininfo = 5,
	XABI_DOMCTL_max_mem = 11,
	XABI_DOMCTL_setvcpucontext = 12,
	XABI_DOMCTL_getvcpucontext = 13,
	XABI_DOMCTL_getvcpuinfo = 14,
	XABI_DOMCTL_max_vcpus = 15,
	XABI_DOMCTL_setdomainhandle = 17,
	XABI_DOMCTL_hypercall_init = 22,
	XABI_DOMCTL_settimeoffset = 24,
	XABI_DOMCTL_set_address_size = 35,
	XABI_DOMCTL_get_address_size = 36,
};

/* createdomain.flags */
#define XABI_CDF_hvm	    (1U << 0)
#define XABI_CDF_hap	    (1U << 1)
#define XABI_CDF_s3_integrity (1U << 2)
#define XABI_CDF_oos_off    (1U << 3)
#define XABI_CDF_xs_domain  (1U << 4)
#define XABI_CDF_iommu	    (1U << 5)
#define XABI_CDF_nested_virt (1U << 6)
#define XABI_CDF_vpmu	    (1U << 7)

/* x86 arch part of createdomain: PV guests emulate nothing. */
struct xabi_arch_domainconfig {
	uint32_t emulation_flags;
	uint32_t misc_flags;
};

/*
 * XEN_DOMCTL_createdomain. IN: everything; the domctl's domain field is
 * IN/OUT (0 or >= DOMID_FIRST_RESERVED asks the hypervisor to pick one).
 * max_grant_frames / max_maptrack_frames < 0 mean "hypervisor default".
 * grant_opts: low 4 bits = highest grant table version allowed.
 */
struct xabi_createdomain {
	uint32_t ssidref;
	uint8_t handle[16];
	uint32_t flags;
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;
	int32_t max_maptrack_frames;
	uint32_t grant_opts;
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xabi_arch_domainconfig arch;
};

/* getdomaininfo.flags */
#define XABI_DOMINF_dying    (1U << 0)
#define XABI_DOMINF_hvm	     (1U << 1)
#define XABI_DOMINF_shutdown (1U << 2)
#define XABI_DOMINF_paused   (1U << 3)
#define XABI_DOMINF_blocked  (1U << 4)
#define XABI_DOMINF_running  (1U << 5)
#define XABI_DOMINF_debugged (1U << 6)
#define XABI_DOMINF_xs_domain (1U << 7)
#define XABI_DOMINF_hap	     (1U << 8)
#define XABI_DOMINF_SHUTDOWN_SHIFT 16
#define XABI_DOMINF_SHUTDOWN_MASK  0xff

/*
 * OUT record of XEN_DOMCTL_getdomaininfo and the array element of
 * XEN_SYSCTL_getdomaininfolist. Note that 4.17's domctl answers with the
 * next existing domain >= the one asked for: callers compare `domain`.
 */
struct xabi_dominfo {
	uint16_t domain;
	uint16_t pad1;
	uint32_t flags;
	uint64_t tot_pages XABI_A8;
	uint64_t max_pages XABI_A8;
	uint64_t outstanding_pages XABI_A8;
	uint64_t shr_pages XABI_A8;
	uint64_t paged_pages XABI_A8;
	uint64_t shared_info_frame XABI_A8; /* MFN for PV guests */
	uint64_t cpu_time XABI_A8;	    /* ns */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	uint8_t handle[16];
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xabi_arch_domainconfig arch_config;
};

/* XEN_DOMCTL_getvcpuinfo */
struct xabi_getvcpuinfo {
	uint32_t vcpu; /* IN */
	uint8_t online, blocked, running;
	uint64_t cpu_time XABI_A8;
	uint32_t cpu;
};

/* XEN_DOMCTL_{set,get}vcpucontext: ctxt points at a vcpu_guest_context. */
struct xabi_vcpucontext {
	uint32_t vcpu;
	uint64_t ctxt XABI_A8; /* guest handle (a user pointer in dom0) */
};

struct xabi_domctl {
	uint32_t cmd;
	uint32_t interface_version;
	uint16_t domain;
	uint16_t pad[3];
	union {
		struct xabi_createdomain createdomain;
		struct xabi_dominfo getdomaininfo;
		struct {
			uint64_t max_memkb XABI_A8;
		} max_mem;
		struct xabi_vcpucontext vcpucontext;
		struct xabi_getvcpuinfo getvcpuinfo;
		struct {
			uint32_t max;
		} max_vcpus;
		struct {
			uint8_t handle[16];
		} setdomainhandle;
		struct {
			uint64_t gmfn XABI_A8;
		} hypercall_init;
		struct {
			int64_t time_offset_seconds XABI_A8;
		} settimeoffset;
		struct {
			uint32_t size;
		} address_size;
		uint8_t pad[128];
	} u;
};

/* ------------------------------------------------------------------ */
/* sysctl                                                              */
/* ------------------------------------------------------------------ */
#define XABI_SYSCTL_VERSION 0x15

enum {
	XABI_SYSCTL_readconsole = 1,
	XABI_SYSCTL_physinfo = 3,
	XABI_SYSCTL_sched_id = 4,
	XABI_SYSCTL_getdomaininfolist = 6,
};

/* Scheduler ids reported by sched_id. */
#define XABI_SCHED_CREDIT   5
#define XABI_SCHED_CREDIT2  6
#define XABI_SCHED_ARINC653 7
#define XABI_SCHED_RTDS	    8
#define XABI_SCHED_NULL	    9

/* physinfo.capabilities */
#define XABI_PHYSCAP_hvm	 (1U << 0)
#define XABI_PHYSCAP_pv		 (1U << 1)
#define XABI_PHYSCAP_directio	 (1U << 2)
#define XABI_PHYSCAP_hap	 (1U << 3)
#define XABI_PHYSCAP_shadow	 (1U << 4)
#define XABI_PHYSCAP_iommu_hap_pt_share (1U << 5)
#define XABI_PHYSCAP_vmtrace	 (1U << 6)
#define XABI_PHYSCAP_gnttab_v1	 (1U << 7)
#define XABI_PHYSCAP_gnttab_v2	 (1U << 8)

struct xabi_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages XABI_A8;
	uint64_t free_pages XABI_A8;
	uint64_t scrub_pages XABI_A8;
	uint64_t outstanding_pages XABI_A8;
	uint64_t max_mfn XABI_A8;
	uint32_t hw_cap[8];
};

/*
 * XEN_SYSCTL_readconsole: copies the hypervisor's console ring. With
 * incremental, `index` is where to start and comes back as where it ended.
 * count: IN buffer size, OUT bytes written.
 */
struct xabi_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	uint64_t buffer XABI_A8;
	uint32_t count;
};

struct xabi_getdomaininfolist {
	uint16_t first_domain;
	uint32_t max_domains;
	uint64_t buffer XABI_A8; /* struct xabi_dominfo[max_domains] */
	uint32_t num_domains;	 /* OUT */
};

struct xabi_sysctl {
	uint32_t cmd;
	uint32_t interface_version;
	union {
		struct xabi_readconsole readconsole;
		struct xabi_physinfo physinfo;
		struct {
			uint32_t sched_id;
		} sched_id;
		struct xabi_getdomaininfolist getdomaininfolist;
		uint8_t pad[128];
	} u XABI_A8;
};

/* ------------------------------------------------------------------ */
/* xen_version                                                         */
/* ------------------------------------------------------------------ */
#define XABI_XENVER_version	      0 /* returns major << 16 | minor */
#define XABI_XENVER_extraversion      1 /* char[16] */
#define XABI_XENVER_capabilities      3 /* char[1024] */
#define XABI_XENVER_changeset	      4 /* char[64] */
#define XABI_XENVER_platform_parameters 5 /* unsigned long virt_start */
#define XABI_XENVER_pagesize	      7
#define XABI_XENVER_commandline	      9 /* char[1024] */

/* ------------------------------------------------------------------ */
/* memory_op                                                           */
/* ------------------------------------------------------------------ */
#define XABI_XENMEM_decrease_reservation 1
#define XABI_XENMEM_current_reservation	 3
#define XABI_XENMEM_maximum_reservation	 4
#define XABI_XENMEM_populate_physmap	 6
#define XABI_XENMEM_acquire_resource	 28

#define XABI_XENMEM_resource_grant_table 1
#define XABI_XENMEM_resource_grant_table_id_shared 0

/*
 * populate_physmap on a PV domain: IN the pfns, OUT the MFNs now backing
 * them (the hypervisor also sets the M2P). Returns the number of extents
 * done.
 */
struct xabi_memory_reservation {
	uint64_t extent_start; /* xen_pfn_t * */
	uint64_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;
	uint16_t domid;
};

/* ------------------------------------------------------------------ */
/* mmuext_op                                                           */
/* ------------------------------------------------------------------ */
#define XABI_MMUEXT_PIN_L4_TABLE 3
#define XABI_MMUEXT_UNPIN_TABLE	 4

struct xabi_mmuext_op {
	uint32_t cmd;
	uint64_t arg1 XABI_A8; /* mfn */
	uint64_t arg2;
};

/* ------------------------------------------------------------------ */
/* Event channels                                                      */
/* ------------------------------------------------------------------ */
#define XABI_EVTCHNOP_close	   3
#define XABI_EVTCHNOP_alloc_unbound 6

/* dom: the domain that gets the port; remote_dom: who may bind it. */
struct xabi_evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port; /* OUT */
};

/* ------------------------------------------------------------------ */
/* Grant tables (v1)                                                   */
/* ------------------------------------------------------------------ */
#define XABI_GNTTABOP_setup_table 2
#define XABI_GTF_permit_access	  (1U << 0)
#define XABI_GNTTAB_RESERVED_CONSOLE  0
#define XABI_GNTTAB_RESERVED_XENSTORE 1

struct xabi_grant_entry_v1 {
	uint16_t flags;
	uint16_t domid;
	uint32_t frame;
};

struct xabi_gnttab_setup_table {
	uint16_t dom;
	uint32_t nr_frames;
	int16_t status; /* OUT */
	uint64_t frame_list XABI_A8; /* OUT: xen_pfn_t[nr_frames] */
};

/* ------------------------------------------------------------------ */
/* PV start of day                                                     */
/* ------------------------------------------------------------------ */
#define XABI_SIF_PRIVILEGED   (1U << 0)
#define XABI_SIF_INITDOMAIN   (1U << 1)
#define XABI_SIF_MOD_START_PFN (1U << 3)
#define XABI_MAX_GUEST_CMDLINE 1024

struct xabi_start_info {
	char magic[32];		/* "xen-3.0-x86_64" */
	uint64_t nr_pages;
	uint64_t shared_info;	/* machine address */
	uint32_t flags;
	uint64_t store_mfn;
	uint32_t store_evtchn;
	union {
		struct {
			uint64_t mfn;
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off;
			uint32_t info_size;
		} dom0;
	} console;
	uint64_t pt_base;	/* VA of the L4 */
	uint64_t nr_pt_frames;
	uint64_t mfn_list;	/* VA of the p2m */
	uint64_t mod_start;	/* VA (or pfn with SIF_MOD_START_PFN) */
	uint64_t mod_len;
	int8_t cmd_line[XABI_MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn;
	uint64_t nr_p2m_frames;
};

/* vcpu_info slots at the start of shared_info: 32 of 64 bytes each. */
#define XABI_LEGACY_MAX_VCPUS	   32
#define XABI_VCPU_INFO_SIZE	   64
#define XABI_VCPU_INFO_UPCALL_MASK 1 /* byte offset of evtchn_upcall_mask */

/* Flat selectors Xen provides to 64-bit PV kernels. */
#define XABI_FLAT_KERNEL_CS64 0xe033
#define XABI_FLAT_KERNEL_DS64 0x0000 /* null: flat 64-bit data needs none */
#define XABI_FLAT_KERNEL_SS64 0xe02b

#define XABI_VGCF_in_kernel (1UL << 2)
#define XABI_VGCF_online    (1UL << 5)

struct xabi_cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	uint64_t rip;
	uint16_t cs, pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t pad1[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss, pad2[3];
	uint16_t es, pad3[3];
	uint16_t ds, pad4[3];
	uint16_t fs, pad5[3];
	uint16_t gs, pad6[3];
};

struct xabi_trap_info {
	uint8_t vector;
	uint8_t flags;
	uint16_t cs;
	uint64_t address;
};

/* The x86-64 PV vCPU context of XEN_DOMCTL_{set,get}vcpucontext. */
struct xabi_vcpu_guest_context {
	uint8_t fpu_ctxt[512];
	uint64_t flags; /* XABI_VGCF_* */
	struct xabi_cpu_user_regs user_regs;
	struct xabi_trap_info trap_ctxt[256];
	uint64_t ldt_base, ldt_ents;
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;
	uint64_t ctrlreg[8]; /* cr3 = mfn << 12; user L4 in ctrlreg[1] */
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};

/* Shutdown reasons, in getdomaininfo.flags >> 16 once XABI_DOMINF_shutdown. */
#define XABI_SHUTDOWN_poweroff	 0
#define XABI_SHUTDOWN_reboot	 1
#define XABI_SHUTDOWN_suspend	 2
#define XABI_SHUTDOWN_crash	 3
#define XABI_SHUTDOWN_watchdog	 4
#define XABI_SHUTDOWN_soft_reset 5

/* ------------------------------------------------------------------ */
/* ELF notes of PV kernels (owner "Xen")                               */
/* ------------------------------------------------------------------ */
enum {
	XABI_ELFNOTE_ENTRY = 1,
	XABI_ELFNOTE_HYPERCALL_PAGE = 2,
	XABI_ELFNOTE_VIRT_BASE = 3,
	XABI_ELFNOTE_PADDR_OFFSET = 4,
	XABI_ELFNOTE_XEN_VERSION = 5,
	XABI_ELFNOTE_GUEST_OS = 6,
	XABI_ELFNOTE_GUEST_VERSION = 7,
	XABI_ELFNOTE_LOADER = 8,
	XABI_ELFNOTE_PAE_MODE = 9,
	XABI_ELFNOTE_FEATURES = 10,
	XABI_ELFNOTE_BSD_SYMTAB = 11,
	XABI_ELFNOTE_HV_START_LOW = 12,
	XABI_ELFNOTE_L1_MFN_VALID = 13,
	XABI_ELFNOTE_SUSPEND_CANCEL = 14,
	XABI_ELFNOTE_INIT_P2M = 15,
	XABI_ELFNOTE_MOD_START_PFN = 16,
	XABI_ELFNOTE_SUPPORTED_FEATURES = 17,
	XABI_ELFNOTE_PHYS32_ENTRY = 18,
};

/* ------------------------------------------------------------------ */
/* Console ring of a domU (shared with the console daemon)             */
/* ------------------------------------------------------------------ */
struct xabi_xencons_interface {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};

#endif /* CTRL_ABI_H */
