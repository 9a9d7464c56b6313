/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The slice of the Xen 4.17 public guest ABI (x86-64 PV) that the test
 * kernels use: hypercall numbers, sub-ops, errno values and the layouts of
 * start_info, shared_info, trap_info and the iret frame. Numbers are ABI
 * facts; the text is ours. Sizes are checked with _Static_assert below.
 */
#ifndef TK_ABI_H
#define TK_ABI_H

/* Hypercall numbers (rax for `syscall` from guest-kernel mode). */
#define HYPERCALL_set_trap_table     0
#define HYPERCALL_mmu_update         1
#define HYPERCALL_stack_switch       3
#define HYPERCALL_set_callbacks      4
#define HYPERCALL_update_va_mapping 14
#define HYPERCALL_xen_version       17
#define HYPERCALL_console_io        18
#define HYPERCALL_vm_assist         21
#define HYPERCALL_iret              23
#define HYPERCALL_sched_op          29
#define HYPERCALL_callback_op       30

/* Flat selectors Xen provides in its reserved GDT area. */
#define FLAT_KERNEL_CS   0xe033	/* == FLAT_RING3_CS64 */
#define FLAT_KERNEL_SS   0xe02b	/* == FLAT_RING3_DS64 */
#define FLAT_USER_CS     0xe033
#define FLAT_USER_SS     0xe02b

/* Start of the hypervisor-reserved hole in every PV64 address space. */
#define HYPERVISOR_VIRT_START 0xffff800000000000UL
#define HYPERVISOR_VIRT_END   0xffff880000000000UL

/* XENFEAT_* bit numbers (submap 0). */
#define XENFEAT_writable_page_tables       0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap    2
#define XENFEAT_supervisor_mode_kernel     3
#define XENFEAT_pae_pgdir_above_4gb        4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist             6
#define XENFEAT_gnttab_map_avail_bits      7
#define XENFEAT_dom0                      11

/* Guest-visible errno values (positive; hypercalls return the negation). */
#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EFAULT  14
#define EBUSY   16
#define EINVAL  22
#define ENOSPC  28
#define ENOSYS  38

#ifndef __ASSEMBLER__
#include <stdint.h>

/* xen_version sub-ops */
#define XENVER_version             0
#define XENVER_extraversion        1
#define XENVER_compile_info        2
#define XENVER_capabilities        3
#define XENVER_changeset           4
#define XENVER_platform_parameters 5
#define XENVER_get_features        6
#define XENVER_pagesize            7
#define XENVER_guest_handle        8
#define XENVER_commandline         9

#define XEN_EXTRAVERSION_LEN  16
#define XEN_CAPABILITIES_LEN  1024

struct xen_feature_info {
	uint32_t submap_idx;	/* IN: which 32-bit submap */
	uint32_t submap;	/* OUT */
};

struct xen_platform_parameters {
	uint64_t virt_start;
};

/* console_io commands */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* sched_op commands and shutdown reasons */
#define SCHEDOP_yield         0
#define SCHEDOP_block         1
#define SCHEDOP_shutdown      2
#define SCHEDOP_poll          3
#define SCHEDOP_shutdown_code 5
#define SCHEDOP_watchdog      6

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5

struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;	/* seconds; 0 frees the slot */
};

struct sched_shutdown {
	uint32_t reason;
};

/* vm_assist */
#define VMASST_CMD_enable  0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_architectural_iopl  4

/* callback_op */
#define CALLBACKOP_register   0
#define CALLBACKOP_unregister 1
#define CALLBACKTYPE_event    0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall  2
#define CALLBACKF_mask_events (1 << 0)

struct callback_register {
	uint16_t type;
	uint16_t flags;
	uint32_t pad;
	uint64_t address;
};

struct callback_unregister {
	uint16_t type;
	uint16_t unused;
};

/* update_va_mapping flags */
#define UVMF_NONE      0
#define UVMF_TLB_FLUSH 1
#define UVMF_INVLPG    2

/* PTE bits */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL

/* #PF error-code bits */
#define PFEC_present  0x01
#define PFEC_write    0x02
#define PFEC_user     0x04
#define PFEC_rsvd     0x08
#define PFEC_insn     0x10

/*
 * set_trap_table entry. flags[1:0] = DPL (the lowest privilege that may
 * raise the vector with `int $n`), flags[2] = mask events on entry.
 * A table ends with an entry whose address is 0.
 */
struct trap_info {
	uint8_t vector;
	uint8_t flags;
	uint16_t cs;
	uint32_t pad;
	uint64_t address;
};
#define TI_DPL(d)          ((d) & 3)
#define TI_EVENTS_MASKED   4

/*
 * HYPERVISOR_iret frame, lowest address first: the guest's RSP points at
 * rax when it makes the hypercall. flags bit 8 (VGCF_in_syscall) means
 * "return with sysret semantics: rcx/r11 not restored".
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};
#define VGCF_in_syscall (1 << 8)

/* start_info (1168 bytes) */
#define SIF_PRIVILEGED     (1 << 0)
#define SIF_INITDOMAIN     (1 << 1)
#define SIF_MOD_START_PFN  (1 << 3)
#define MAX_GUEST_CMDLINE  1024

struct start_info {
	char magic[32];			/* "xen-3.0-x86_64" */
	uint64_t nr_pages;
	uint64_t shared_info;		/* machine address */
	uint32_t flags;
	uint32_t pad0;
	uint64_t store_mfn;
	uint32_t store_evtchn;
	uint32_t pad1;
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
	uint64_t pt_base;
	uint64_t nr_pt_frames;
	uint64_t mfn_list;
	uint64_t mod_start;
	uint64_t mod_len;
	char cmd_line[MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn;
	uint64_t nr_p2m_frames;
};

struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad[6];
	uint64_t evtchn_pending_sel;
	uint64_t cr2;			/* arch.cr2: #PF address */
	uint64_t arch_pad;
	struct vcpu_time_info time;
};

#define XEN_LEGACY_MAX_VCPUS 32

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	/* arch_shared_info follows */
};

_Static_assert(sizeof(struct trap_info) == 16, "trap_info");
_Static_assert(sizeof(struct iret_context) == 72, "iret_context");
_Static_assert(sizeof(struct start_info) == 1168, "start_info");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info");
_Static_assert(sizeof(struct callback_register) == 16, "callback_register");
_Static_assert(__builtin_offsetof(struct start_info, pt_base) == 88, "pt");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "cmd");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072,
	       "wc_version");
#endif /* !__ASSEMBLER__ */

#endif /* TK_ABI_H */
