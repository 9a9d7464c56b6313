/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state lives at the top of each CPU's hypervisor stack, so it is
 * found from %rsp alone: guests own %gs, so the hypervisor never uses it.
 * The guest's register frame sits at a fixed place inside it because the
 * TSS's RSP0 points just above it.
 */
#ifndef HV_CURRENT_H
#define HV_CURRENT_H

#include <hv/config.h>
#include <hv/regs.h>

struct vcpu;

struct cpu_info {
	uint64_t pad_align;              /* puts the end of guest_regs on 16 bytes */
	struct cpu_user_regs guest_regs; /* RSP0 points just past it */
	struct vcpu *curr_vcpu;
	unsigned int processor_id;
	unsigned int pad0;
	unsigned long softirq_pending;
	/* Scratch for the syscall entry, which arrives on the guest stack. */
	unsigned long syscall_scratch_rsp;
	unsigned long pad[(CPU_INFO_SIZE - sizeof(struct cpu_user_regs)) / 8 - 5];
};

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPU_INFO_SIZE);
}

#define current (get_cpu_info()->curr_vcpu)
#define smp_processor_id() (get_cpu_info()->processor_id)
#define guest_cpu_user_regs() (&get_cpu_info()->guest_regs)

#endif
