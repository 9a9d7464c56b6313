/* SPDX-License-Identifier: MIT */
/*
 * The guest-visible ABI: hypercall numbers, start_info, shared_info and the
 * per-vCPU info block. Numbers and layouts are Xen 4.17's so that unmodified
 * PV kernels run; the text is this project's own.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stdint.h>
#include "arch-x86_64.h"

/* Hypercall numbers (%rax on the `syscall` that enters the hypervisor). */
#define HYPERCALL_set_trap_table       0
#define HYPERCALL_mmu_update           1
#define HYPERCALL_set_gdt              2
#define HYPERCALL_stack_switch         3
#define HYPERCALL_set_callbacks        4
#define HYPERCALL_fpu_taskswitch       5
#define HYPERCALL_sched_op_compat      6
#define HYPERCALL_platform_op          7
#define HYPERCALL_set_debugreg         8
#define HYPERCALL_get_debugreg         9
#define HYPERCALL_update_descriptor   10
#define HYPERCALL_memory_op           12
#define HYPERCALL_multicall           13
#define HYPERCALL_update_va_mapping   14
#define HYPERCALL_set_timer_op        15
#define HYPERCALL_event_channel_op_compat 16
#define HYPERCALL_xen_version         17
#define HYPERCALL_console_io          18
#define HYPERCALL_physdev_op_compat   19
#define HYPERCALL_grant_table_op      20
#define HYPERCALL_vm_assist           21
#define HYPERCALL_update_va_mapping_otherdomain 22
#define HYPERCALL_iret                23
#define HYPERCALL_vcpu_op             24
#define HYPERCALL_set_segment_base    25
#define HYPERCALL_mmuext_op           26
#define HYPERCALL_xsm_op              27
#define HYPERCALL_nmi_op              28
#define HYPERCALL_sched_op            29
#define HYPERCALL_callback_op         30
#define HYPERCALL_xenoprof_op         31
#define HYPERCALL_event_channel_op    32
#define HYPERCALL_physdev_op          33
#define HYPERCALL_hvm_op              34
#define HYPERCALL_sysctl              35
#define HYPERCALL_domctl              36
#define HYPERCALL_kexec_op            37
#define HYPERCALL_argo_op             39
#define HYPERCALL_xenpmu_op           40
#define HYPERCALL_dm_op               41
#define HYPERCALL_hypfs_op            42
#define HYPERCALL_mca                 48
#define NR_HYPERCALLS                 64

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* vm_assist commands and types. */
#define VMASST_CMD_enable  0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments          0
#define VMASST_TYPE_4gb_segments_notify   1
#define VMASST_TYPE_writable_pagetables   2
#define VMASST_TYPE_pae_extended_cr3      3
#define VMASST_TYPE_architectural_iopl    4
#define VMASST_TYPE_runstate_update_flag  5
#define VMASST_TYPE_m2p_strict           32

/* Domain identifiers with a special meaning. */
typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED 0x7ff0U
#define DOMID_SELF           0x7ff0U
#define DOMID_IO             0x7ff1U
#define DOMID_XEN            0x7ff2U
#define DOMID_COW            0x7ff3U
#define DOMID_INVALID        0x7ff4U
#define DOMID_IDLE           0x7fffU

/*
 * Per-vCPU time information. The writer bumps `version` to odd before an
 * update and back to even after it; readers retry while it is odd or changed.
 * system_time(now) = system_time + ((rdtsc() - tsc_timestamp) scaled by
 * tsc_shift then multiplied by tsc_to_system_mul >> 32), in nanoseconds.
 */
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
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/*
 * Per-vCPU block, 64 bytes: the event upcall flags (the PV guest's
 * "interrupt flag" is evtchn_upcall_mask), the 2-level selector, the fault
 * address of the last bounced #PF, and the time block.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[6];
	unsigned long evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};

#define XEN_LEGACY_MAX_VCPUS 32

/* The page shared between the hypervisor and each domain. */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	unsigned long evtchn_pending[64];
	unsigned long evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};

/*
 * What a PV guest finds at %rsi when it starts. `shared_info` is a machine
 * address; pt_base, mfn_list and (unless SIF_MOD_START_PFN) mod_start are
 * virtual addresses inside the initial mapping.
 */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
	char magic[32];
	unsigned long nr_pages;
	unsigned long shared_info;
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
	unsigned long pt_base;
	unsigned long nr_pt_frames;
	unsigned long mfn_list;
	unsigned long mod_start;
	unsigned long mod_len;
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;
	unsigned long nr_p2m_frames;
};
#define SIF_PRIVILEGED      (1 << 0)
#define SIF_INITDOMAIN      (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2)
#define SIF_MOD_START_PFN   (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK         (0xff << 8)

/*
 * multicall: an array of these, run in order; each call's return value is
 * written to its `result`, nothing else in the entry is written. op is a
 * hypercall number, args its arguments (args[5] unused on x86-64).
 */
struct multicall_entry {
	unsigned long op;
	unsigned long result;
	unsigned long args[6];
};

#endif
