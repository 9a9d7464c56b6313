// SPDX-License-Identifier: GPL-2.0-only
/*
 * HYPERVISOR_iret: return from a bounced trap or event. The frame is read
 * once from the guest stack; the privilege level is forced to 3 whatever
 * the guest asks, and IOPL/VM are never granted.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/softirq.h>
#include <hv/pv.h>

void toggle_guest_mode(struct vcpu *v);

long do_iret(void)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	struct vcpu *v = current;
	struct iret_context ic;

	if (copy_from_guest(&ic, regs->rsp, sizeof(ic))) {
		gprintk(LOG_ERR, "iret frame at %#lx unreadable\n", regs->rsp);
		domain_crash(v->domain, "bad iret frame");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return 0;
	}
	if ((ic.cs & 3) == 3 && guest_kernel_mode(v)) {
		if (!v->arch.guest_table_user) {
			gprintk(LOG_ERR, "iret to user mode with no user page tables\n");
			domain_crash(v->domain, "iret to user mode without user tables");
			raise_softirq(SCHEDULE_SOFTIRQ);
			return 0;
		}
		toggle_guest_mode(v);
	}
	regs->rip = ic.rip;
	regs->cs = ic.cs | 3;
	regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
	regs->rsp = ic.rsp;
	regs->ss = ic.ss | 3;
	if (!(ic.flags & VGCF_in_syscall)) {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	return ic.rax;
}
