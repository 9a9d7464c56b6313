/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs for the test kernels: the 64-bit PV vcpu_guest_context
 * that VCPUOP_initialise takes (layout of Xen 4.17's public
 * arch-x86/xen-x86_64.h; the text is ours), and starting an AP at a C
 * function (lib/smp.c, lib/smp.S).
 *
 * What an AP gets from smp_ap_context():
 *  - guest-kernel mode (VGCF_in_kernel), our L4 (start_info->pt_base) as
 *    CR3, no user L4, no GDT/LDT of its own (Xen's reserved selectors);
 *  - CS/SS = FLAT_KERNEL_CS/SS, RFLAGS.IF, RSP and kernel_ss/kernel_sp at
 *    the top of its own 16 KiB stack in our .bss;
 *  - the library's event callback and a copy of vCPU 0's trap table;
 *  - RDI = its vCPU id, RSI = the function, RDX = its smp_ap_entry record.
 * VGCF_online stays clear: the vCPU is down until VCPUOP_up.
 *
 * The library's event handling and exception reporting serve vCPU 0 (they
 * read vcpu_info[0]): an AP keeps its events masked and waits with
 * SCHEDOP_poll. Each AP's entry stub records what it started with in
 * smp_ap_entry[vcpu] before calling the function; if the function returns,
 * the AP takes itself down (VCPUOP_down) for good.
 */
#ifndef TK_SMP_H
#define TK_SMP_H

#include <stdint.h>
#include "lib.h"
#include "evtchn.h"

#define SMP_MAX_VCPUS 8			/* the APs we have stacks for, + vCPU 0 */
#define SMP_AP_STACK_SIZE 16384

/* vcpu_guest_context.flags */
#define VGCF_i387_valid               (1 << 0)
#define VGCF_in_kernel                (1 << 2)
#define VGCF_failsafe_disables_events (1 << 3)
#define VGCF_syscall_disables_events  (1 << 4)
#define VGCF_online                   (1 << 5)

/* Registers as Xen's 64-bit struct cpu_user_regs lays them out. */
struct xen_cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;		/* private to the hypervisor */
	uint32_t entry_vector;		/* private to the hypervisor */
	uint64_t rip;
	uint16_t cs, pad0;
	uint8_t saved_upcall_mask, pad1[3];
	uint64_t rflags;		/* IF is forced on, IOPL is virtualised */
	uint64_t rsp;
	uint16_t ss, pad2[3];
	uint16_t es, pad3[3];
	uint16_t ds, pad4[3];
	uint16_t fs, pad5[3];
	uint16_t gs, pad6[3];
};

/*
 * VCPUOP_initialise's argument (also the toolstack's setvcpucontext).
 * Frame numbers are machine frames; CR3 values are frame << 12.
 */
struct vcpu_guest_context {
	uint8_t fpu_ctxt[512];		/* FXSAVE image, if VGCF_i387_valid */
	uint64_t flags;			/* VGCF_* */
	struct xen_cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256]; /* virtual IDT, indexed by vector */
	uint64_t ldt_base, ldt_ents;	/* linear address, entries */
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;	/* stack for user -> kernel bounces */
	uint64_t ctrlreg[8];		/* [3] kernel L4, [1] user L4 (or 0) */
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;		/* VMASST_TYPE_* bits (vCPU 0 only) */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
};

_Static_assert(sizeof(struct xen_cpu_user_regs) == 200, "cpu_user_regs");
_Static_assert(sizeof(struct vcpu_guest_context) == VCPU_GUEST_CONTEXT_SIZE,
	       "vcpu_guest_context");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, trap_ctxt) == 720,
	       "trap_ctxt");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, kernel_ss) == 4968,
	       "kernel_ss");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, gs_base_user) == 5160,
	       "gs_base_user");

/* What an AP's entry stub saw, before anything else ran on it. */
struct smp_ap_entry {
	uint64_t rsp, rflags, cs, ss;
	uint64_t rbx, r12, r15;		/* as the context gave them */
	uint64_t started;		/* set last */
};
extern volatile struct smp_ap_entry smp_ap_entry[SMP_MAX_VCPUS];

typedef void (*ap_fn_t)(unsigned int vcpu);

/* The vCPUs the domain has: the first id VCPUOP_is_up calls absent. */
unsigned int smp_nr_vcpus(void);

/* Top of the AP's stack (16-byte aligned). */
uint64_t smp_ap_stack_top(unsigned int vcpu);

/*
 * Fill *c to start `vcpu` (1 .. SMP_MAX_VCPUS - 1) at fn(vcpu) as described
 * above. Callers may then change fields, e.g. to make hostile contexts.
 */
void smp_ap_context(struct vcpu_guest_context *c, unsigned int vcpu, ap_fn_t fn);

/*
 * Mask the AP's events in its vcpu_info (as Linux does before bring-up),
 * VCPUOP_initialise it with smp_ap_context() and VCPUOP_up it. Returns 0,
 * or the failing hypercall's result (an initialise error is returned as
 * is, an up error too: the caller cannot tell them apart, so check
 * VCPUOP_is_up if it matters).
 */
long smp_start_ap(unsigned int vcpu, ap_fn_t fn);

/* Machine frame of one of our own virtual addresses (1:1 pfn layout). */
static inline uint64_t smp_mfn_of(const void *va)
{
	unsigned long pfn = ((unsigned long)va - 0xffffffff80000000UL) >> 12;

	return ((const unsigned long *)start_info->mfn_list)[pfn];
}

#endif /* TK_SMP_H */
