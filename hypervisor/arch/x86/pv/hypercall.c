// SPDX-License-Identifier: GPL-2.0-only
/*
 * `syscall` from a PV guest: in guest-kernel mode it is a hypercall
 * (number in %rax, arguments in %rdi %rsi %rdx %r10 %r8, result in %rax);
 * in guest-user mode it is a system call bounced to the guest kernel.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/pv.h>
#include <public/xen.h>

void pv_hypercall(struct cpu_user_regs *regs)
{
	unsigned long nr = regs->rax;
	const struct hypercall_entry *e = hypercall_lookup(nr);
	unsigned long args[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8 };

	if (!e) {
		regs->rax = -ENOSYS;
		return;
	}
	hypercall_counts[nr]++;
	regs->rax = e->fn(args);
}

void do_syscall(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	if (guest_kernel_mode(v)) {
		pv_hypercall(regs);
		return;
	}
	if (!v->arch.syscall_callback.eip) {
		/* No handler: #UD at the syscall instruction, as hardware would. */
		regs->rip -= 2;
		pv_inject_trap(v, X86_EXC_UD, -1);
		return;
	}
	pv_create_bounce_frame(v, regs, v->arch.syscall_callback.eip, -1,
			       v->arch.syscall_callback.mask_events);
}
