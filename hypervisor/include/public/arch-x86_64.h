/* SPDX-License-Identifier: MIT */
/*
 * x86-64 specifics of the guest ABI: the flat selectors a PV guest runs
 * with, the virtual range the hypervisor reserves, the iret frame, and the
 * register block used by vCPU contexts.
 */
#ifndef PUBLIC_ARCH_X86_64_H
#define PUBLIC_ARCH_X86_64_H

#include <stdint.h>

/* Both guest kernel and guest user run in ring 3 on these selectors. */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS64 0xe02b
#define FLAT_KERNEL_CS  FLAT_RING3_CS64
#define FLAT_KERNEL_SS  FLAT_RING3_SS64
#define FLAT_KERNEL_DS  FLAT_RING3_DS64
#define FLAT_USER_CS    FLAT_RING3_CS64
#define FLAT_USER_SS    FLAT_RING3_SS64
#define FLAT_USER_CS32  FLAT_RING3_CS32

/* Virtual range owned by the hypervisor in every address space (L4 256-271). */
#define HYPERVISOR_VIRT_START 0xffff800000000000UL
#define HYPERVISOR_VIRT_END   0xffff880000000000UL
/* Read-only machine-to-phys table mapped for guests at its start. */
#define MACH2PHYS_VIRT_START  0xffff800000000000UL
#define MACH2PHYS_VIRT_END    0xffff804000000000UL

/* set_segment_base targets. */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

/*
 * HYPERVISOR_iret: the guest pushes this frame (lowest address first) and
 * makes hypercall 23 with %rsp pointing at it. With VGCF_in_syscall the
 * return has sysret semantics and rcx/r11 are not restored.
 */
#define VGCF_in_syscall (1 << 8)
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/* Trap table entry (set_trap_table); a zero address ends the table. */
struct trap_info {
	uint8_t vector;
	uint8_t flags; /* bits 0-1: DPL allowed to `int N`; bit 2: mask events */
	uint16_t cs;
	unsigned long address;
};
#define TI_GET_DPL(ti) ((ti)->flags & 3)
#define TI_GET_IF(ti)  ((ti)->flags & 4)

struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad;
};

struct arch_shared_info {
	unsigned long max_pfn;
	unsigned long pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
	unsigned long p2m_cr3;
	unsigned long p2m_vaddr;
	unsigned long p2m_generation;
};

/*
 * The register block of a vCPU context (VCPUOP_initialise, domctl
 * get/setvcpucontext). 200 bytes.
 */
struct xen_cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, entry_vector;
	uint64_t rip;
	uint16_t cs, pad0;
	uint8_t saved_upcall_mask, pad1[3];
	uint64_t rflags, rsp;
	uint16_t ss, pad2[3];
	uint16_t es, pad3[3];
	uint16_t ds, pad4[3];
	uint16_t fs, pad5[3];
	uint16_t gs, pad6[3];
};

/* A whole vCPU's state, 5168 bytes. ctrlreg[3] / ctrlreg[1] hold the
 * kernel / user top-level tables as frame << 12. */
#define VGCF_i387_valid                 (1 << 0)
#define VGCF_in_kernel                  (1 << 2)
#define VGCF_failsafe_disables_events   (1 << 3)
#define VGCF_syscall_disables_events    (1 << 4)
#define VGCF_online                     (1 << 5)
struct vcpu_guest_context {
	uint8_t fpu_ctxt[512];
	uint64_t flags;
	struct xen_cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];
	uint64_t ldt_base, ldt_ents;
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;
	uint64_t ctrlreg[8];
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
};

/* Platform parameters (XENVER_platform_parameters). */
struct xen_platform_parameters {
	unsigned long virt_start;
};

#endif
