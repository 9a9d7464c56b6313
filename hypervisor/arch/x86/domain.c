// SPDX-License-Identifier: GPL-2.0-only
/*
 * Switching the CPU between vCPUs: the guest frame at the top of the stack
 * is saved into the outgoing vCPU and the incoming one's copied in, then
 * the page tables and segment bases follow. Never returns: the stack is
 * reset and execution goes to the guest-return path or the idle loop.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/paging.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/time.h>
#include <hv/vcpu-op.h>

extern void __noreturn reset_stack_and_jump_asm(void (*fn)(void), unsigned long rsp);
extern void return_to_guest(void);

/* Selectors, segment bases, FPU and debug state (pv/cpu-state.c). */
static void save_segments(struct vcpu *v)
{
	pv_cpu_ctxt_switch_from(v);
}

/* Also the GDT/LDT and CR4; after CR3, since a selector may need the LDT. */
static void load_segments(struct vcpu *v)
{
	pv_cpu_ctxt_switch_to(v);
}

unsigned long vcpu_cr3(const struct vcpu *v)
{
	unsigned long mfn = guest_kernel_mode(v) || !v->arch.guest_table_user ?
			    v->arch.guest_table : v->arch.guest_table_user;

	return mfn << PAGE_SHIFT;
}

void __noreturn context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_info *ci = get_cpu_info();

	if (!prev->is_idle) {
		prev->regs = ci->guest_regs;
		save_segments(prev);
		vcpu_switch_out(prev);   /* runstate area: prev's tables still loaded */
	}
	prev->is_running = false;
	ci->curr_vcpu = next;
	next->is_running = true;
	if (next->is_idle) {
		pv_cpu_switch_to_idle();
		write_cr3(virt_to_maddr(idle_pg_table));
		reset_stack_and_jump_asm(idle_loop, (unsigned long)&ci->guest_regs);
	}
	ci->guest_regs = next->regs;
	write_cr3(vcpu_cr3(next));
	load_segments(next);
	pv_update_vcpu_time(next);
	vcpu_switch_in(next);
	reset_stack_and_jump_asm(return_to_guest, (unsigned long)&ci->guest_regs);
}
