/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The slice of Xen 4.17's control ABI (domctl and sysctl, interface
 * version 0x15) and of memory_op, mmu_update and mmuext_op on other
 * domains that the domctl kernel uses, plus its helpers (ctl.c). Layouts
 * are ABI facts; sizes are checked below.
 */
#ifndef TK_CTL_H
#define TK_CTL_H

#include <stdint.h>
#include "lib.h"
#include "hypercall.h"

#define HYPERCALL_mmu_update        1
#define HYPERCALL_memory_op        12
#define HYPERCALL_mmuext_op        26
#define HYPERCALL_event_channel_op 32
#define HYPERCALL_sysctl           35
#define HYPERCALL_domctl           36

#define DOMCTL_VERSION 0x15
#define SYSCTL_VERSION 0x15

#define EEXIST   17
#define EACCES   13
#define ENOMEM   12
#define E2BIG     7
#define ENODATA  61
#define EOPNOTSUPP 95
#define DOMID_SELF 0x7ff0
#define DOMID_FIRST_RESERVED 0x7ff0
#define INVALID_MAX_VCPU_ID 0xffffffffu

enum {
	DOMCTL_createdomain = 1, DOMCTL_destroydomain = 2, DOMCTL_pausedomain = 3,
	DOMCTL_unpausedomain = 4, DOMCTL_getdomaininfo = 5, DOMCTL_max_mem = 11,
	DOMCTL_setvcpucontext = 12, DOMCTL_getvcpucontext = 13, DOMCTL_getvcpuinfo = 14,
	DOMCTL_max_vcpus = 15, DOMCTL_setdomainhandle = 17, DOMCTL_hypercall_init = 22,
	DOMCTL_settimeoffset = 24, DOMCTL_set_address_size = 35,
	DOMCTL_get_address_size = 36,
	DOMCTL_set_max_evtchn = 70,   /* gone in 4.17: moved into createdomain */
};

enum {
	SYSCTL_readconsole = 1, SYSCTL_physinfo = 3, SYSCTL_sched_id = 4,
	SYSCTL_getdomaininfolist = 6,
};

#define DOMINF_dying    (1u << 0)
#define DOMINF_hvm      (1u << 1)
#define DOMINF_shutdown (1u << 2)
#define DOMINF_paused   (1u << 3)
#define DOMINF_blocked  (1u << 4)
#define DOMINF_running  (1u << 5)
#define DOMINF_SHUTDOWN_SHIFT 16

#define PHYSCAP_pv (1u << 1)

struct createdomain {
	uint32_t ssidref;
	uint8_t handle[16];
	uint32_t flags, iommu_opts, max_vcpus, max_evtchn_port;
	int32_t max_grant_frames, max_maptrack_frames;
	uint32_t grant_opts, vmtrace_size, cpupool_id;
	uint32_t emulation_flags, misc_flags;
};

struct dominfo {
	uint16_t domain, pad1;
	uint32_t flags;
	uint64_t tot_pages, max_pages, outstanding_pages, shr_pages, paged_pages;
	uint64_t shared_info_frame, cpu_time;
	uint32_t nr_online_vcpus, max_vcpu_id, ssidref;
	uint8_t handle[16];
	uint32_t cpupool;
	uint8_t gpaddr_bits, pad2[7];
	uint32_t emulation_flags, misc_flags;
};

struct getvcpuinfo {
	uint32_t vcpu;
	uint8_t online, blocked, running;
	uint64_t cpu_time __attribute__((aligned(8)));
	uint32_t cpu;
};

struct domctl {
	uint32_t cmd, interface_version;
	uint16_t domain, pad[3];
	union {
		struct createdomain create;
		struct dominfo info;
		struct { uint64_t max_memkb; } max_mem;
		struct { uint32_t vcpu; uint64_t ctxt __attribute__((aligned(8))); } vcpuctx;
		struct getvcpuinfo vcpuinfo;
		struct { uint32_t max; } max_vcpus;
		struct { uint8_t handle[16]; } handle;
		struct { uint64_t gmfn; } hcall_init;
		struct { int64_t seconds; } timeoffset;
		struct { uint32_t size; } address_size;
		uint8_t pad[128];
	} u;
};

struct physinfo {
	uint32_t threads_per_core, cores_per_socket, nr_cpus, max_cpu_id;
	uint32_t nr_nodes, max_node_id, cpu_khz, capabilities;
	uint32_t arch_capabilities, pad;
	uint64_t total_pages, free_pages, scrub_pages, outstanding_pages, max_mfn;
	uint32_t hw_cap[8];
};

struct readconsole {
	uint8_t clear, incremental, pad0, pad1;
	uint32_t index;
	uint64_t buffer;
	uint32_t count;
};

struct domaininfolist {
	uint16_t first_domain;
	uint32_t max_domains;
	uint64_t buffer;
	uint32_t num_domains;
};

struct sysctl {
	uint32_t cmd, interface_version;
	union {
		struct readconsole console;
		struct physinfo physinfo;
		struct { uint32_t sched_id; } sched_id;
		struct domaininfolist list;
		uint8_t pad[128];
	} u __attribute__((aligned(8)));
};

/* The x86-64 PV vCPU context (5168 bytes). */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, entry_vector;
	uint64_t rip;
	uint16_t cs, pad0;
	uint8_t saved_upcall_mask, pad1[3];
	uint64_t rflags, rsp;
	uint16_t ss, pad2[3], es, pad3[3], ds, pad4[3], fs, pad5[3], gs, pad6[3];
};

struct vcpu_context {
	uint8_t fpu_ctxt[512];
	uint64_t flags;
	struct cpu_regs user_regs;
	struct trap_info trap_ctxt[256];
	uint64_t ldt_base, ldt_ents, gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp, ctrlreg[8], debugreg[8];
	uint64_t event_callback_eip, failsafe_callback_eip, syscall_callback_eip;
	uint64_t vm_assist, fs_base, gs_base_kernel, gs_base_user;
};
#define VGCF_in_kernel (1u << 2)
#define VGCF_online    (1u << 5)

_Static_assert(sizeof(struct createdomain) == 64, "createdomain");
_Static_assert(sizeof(struct dominfo) == 112, "dominfo");
_Static_assert(sizeof(struct domctl) == 144, "domctl");
_Static_assert(sizeof(struct sysctl) == 136, "sysctl");
_Static_assert(sizeof(struct physinfo) == 112, "physinfo");
_Static_assert(sizeof(struct readconsole) == 24, "readconsole");
_Static_assert(sizeof(struct domaininfolist) == 24, "getdomaininfolist");
_Static_assert(sizeof(struct getvcpuinfo) == 24, "getvcpuinfo");
_Static_assert(sizeof(struct cpu_regs) == 200, "cpu_user_regs");
_Static_assert(sizeof(struct vcpu_context) == 5168, "vcpu_guest_context");
_Static_assert(__builtin_offsetof(struct vcpu_context, ctrlreg) == 4984, "ctrlreg");

/* memory_op */
enum {
	XENMEM_increase = 0, XENMEM_decrease = 1, XENMEM_maximum_ram_page = 2,
	XENMEM_current = 3, XENMEM_maximum = 4, XENMEM_populate = 6,
};

struct reservation {
	uint64_t extent_start, nr_extents;
	uint32_t extent_order, mem_flags;
	uint16_t domid, pad[3];
};

/* memory_op XENMEM_acquire_resource */
#define XENMEM_acquire_resource 28
enum { RESOURCE_ioreq_server = 0, RESOURCE_grant_table = 1, RESOURCE_vmtrace_buf = 2 };
enum { RESOURCE_grant_shared = 0, RESOURCE_grant_status = 1 };

struct acquire_resource {
	uint16_t domid, type;
	uint32_t id, nr_frames, pad;
	uint64_t frame, frame_list;
};
_Static_assert(sizeof(struct acquire_resource) == 32, "xen_mem_acquire_resource");

struct mmu_update {
	uint64_t ptr, val;
};

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};
#define MMUEXT_PIN_L4_TABLE 3
#define MMUEXT_UNPIN_TABLE  4

/* --- ctl.c ------------------------------------------------------------- */

long domctl(struct domctl *op);
long sysctl(struct sysctl *op);
/* A domctl with the right version, on `dom`, with the union zeroed. */
void domctl_init(struct domctl *op, uint32_t cmd, uint16_t dom);
long dom_create(uint16_t want, uint32_t max_vcpus, const uint8_t handle[16], uint16_t *got);
/* The same with grant_opts (the highest grant-table version allowed) given. */
long dom_create_opts(uint16_t want, uint32_t max_vcpus, const uint8_t handle[16],
		     uint32_t grant_opts, uint16_t *got);
long dom_simple(uint32_t cmd, uint16_t dom);
long dom_info(uint16_t dom, struct dominfo *out);
long dom_max_mem(uint16_t dom, uint64_t kb);
long dom_max_vcpus(uint16_t dom, uint32_t max);
long dom_destroy(uint16_t dom);
long physinfo(struct physinfo *out);
/* free_pages once it equals `want`, or after a second of sleeping. */
uint64_t free_pages_settled(uint64_t want);

long memory_op(unsigned long cmd, void *arg);
long reservation(unsigned int op, uint16_t dom, uint64_t *frames, unsigned long n,
		 unsigned int order);
long mmu_update(const struct mmu_update *req, unsigned int n, unsigned int *done,
		uint32_t foreigndom);
long mmuext(unsigned int cmd, uint64_t arg1, uint32_t foreigndom);

/*
 * A page of our own address space whose mapping the tests repoint at
 * other domains' frames: map `mfn` (writable or not) with foreign
 * domain `fd`, or put our own frame back.
 */
extern char window[PAGE_SIZE];
long window_map(uint64_t mfn, bool writable, uint32_t fd);
long window_restore(void);

/*
 * How far free_pages may stay below where it was once every domain made
 * since is gone. Xen 4.17 keeps a page or so per domain in its allocator
 * pools (1 after the first domains, 6 to 9 after ten more cycles); a domain's
 * own memory (hundreds of pages here) must all come back.
 */
#define FREE_PAGES_SLACK 32

static inline void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

#endif /* TK_CTL_H */
