// SPDX-License-Identifier: GPL-2.0-only
/*
 * `syscall` from a PV guest: in guest-kernel mode it is a hypercall
 * (number in %rax, arguments in %rdi %rsi %rdx %r10 %r8, result in %rax);
 * in guest-user mode it is a system call bounced to the guest kernel.
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/hypercall.h>
#include <hv/softirq.h>
#include <hv/timer.h>
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

bool hypercall_can_continue(void)
{
	return !current->arch.pv.in_multicall;
}

long hypercall_continue(unsigned int nr)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	regs->rip -= 2;		/* syscall is 0f 05 */
	return nr;
}

long hypercall_continue_args(unsigned int nr, unsigned long a0, unsigned long a1)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();

	regs->rdi = a0;
	regs->rsi = a1;
	return hypercall_continue(nr);
}

bool hypercall_preempt_check(void)
{
	if (!hypercall_can_continue())
		return false;
	return softirq_pending() || timer_check_due() || local_events_need_delivery(current);
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

/*
 * Hypercall page: entry i at 32*i saves rcx and r11, loads the number and
 * makes the `syscall`; iret (23) never returns to its caller, so its entry
 * pushes rax for the frame and does not return.
 */
void pv_write_hypercall_page(void *page)
{
	static const uint8_t iret_stub[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, HYPERCALL_iret, 0, 0, 0,
					     0x0f, 0x05 };

	memset(page, 0xcc, PAGE_SIZE);
	for (unsigned int i = 0; i < PAGE_SIZE / 32; i++) {
		uint8_t *p = (uint8_t *)page + i * 32;
		const uint8_t stub[] = { 0x51, 0x41, 0x53, 0xb8, (uint8_t)i, 0, 0, 0,
					 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };

		if (i == HYPERCALL_iret)
			memcpy(p, iret_stub, sizeof(iret_stub));
		else
			memcpy(p, stub, sizeof(stub));
	}
}
