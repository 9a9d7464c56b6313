// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reflecting traps and events into a PV guest. The frame written on the
 * guest kernel stack is, from low to high address: RCX, R11, [error code],
 * RIP, CS (bits 32-39 hold the saved upcall mask), RFLAGS (IF mirrors the
 * saved mask), RSP, SS. The guest returns with HYPERVISOR_iret.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/softirq.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/page.h>

void toggle_guest_mode(struct vcpu *v)
{
	v->arch.flags ^= TF_kernel_mode;
	__asm__ __volatile__("swapgs");
	write_cr3(vcpu_cr3(v));
}

int pv_create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
			   unsigned long eip, int64_t error_code, bool mask_events)
{
	struct vcpu_info *vi = v->vcpu_info;
	uint8_t saved_mask = vi->evtchn_upcall_mask;
	bool from_user = !guest_kernel_mode(v);
	uint64_t frame[8];
	unsigned int n = 0;
	unsigned long rsp;

	/* set_callbacks stores addresses unchecked: catch them here. */
	if (!is_canonical(eip)) {
		gprintk(LOG_ERR, "callback address %#lx is not canonical\n", eip);
		domain_crash(v->domain, "non-canonical callback");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return -EINVAL;
	}
	if (from_user) {
		toggle_guest_mode(v);
		rsp = v->arch.kernel_sp;
	} else {
		rsp = regs->rsp;
	}
	rsp &= ~0xfUL;

	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (error_code >= 0)
		frame[n++] = (uint32_t)error_code;
	frame[n++] = regs->rip;
	frame[n++] = ((regs->cs & 0xffff) & ~3UL) | (from_user ? 3 : 0) |
		     ((uint64_t)saved_mask << 32);
	frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	rsp -= n * 8;
	if (copy_to_guest(rsp, frame, n * 8)) {
		gprintk(LOG_ERR, "cannot write a bounce frame at %#lx\n", rsp);
		domain_crash(v->domain, "unwritable guest kernel stack");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return -EFAULT;
	}
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rip = eip;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = rsp;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT);
	regs->entry_vector = 0;
	return 0;
}

void pv_inject_trap(struct vcpu *v, unsigned int vec, int64_t error_code)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	const struct trap_info *ti = &v->arch.trap_ctxt[vec];

	if (!ti->address) {
		gprintk(LOG_ERR, "unhandled trap %u (error %#lx) at %#lx\n", vec,
			(unsigned long)error_code, regs->rip);
		domain_crash(v->domain, "trap with no handler");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return;
	}
	pv_create_bounce_frame(v, regs, ti->address, error_code, TI_GET_IF(ti));
}

void pv_inject_page_fault(struct vcpu *v, unsigned long cr2, uint32_t error_code)
{
	/* Both guest modes run at CPL 3: U tells the guest which one faulted. */
	error_code &= ~PFEC_user;
	if (!guest_kernel_mode(v))
		error_code |= PFEC_user;
	v->arch.cr2 = cr2;
	if (v->vcpu_info)
		v->vcpu_info->arch.cr2 = cr2;
	pv_inject_trap(v, X86_EXC_PF, error_code);
}

/* `int N` for a vector the IDT does not open to ring 3 arrives as #GP. */
static bool permit_softint(const struct vcpu *v, unsigned int vec)
{
	unsigned int dpl = TI_GET_DPL(&v->arch.trap_ctxt[vec]);

	if (!v->arch.trap_ctxt[vec].address || dpl == 0)
		return false;
	return dpl >= (guest_kernel_mode(v) ? 1 : 3);
}

void pv_handle_exception(struct cpu_user_regs *regs, unsigned int vec)
{
	struct vcpu *v = current;
	uint32_t ec = regs->error_code;

	switch (vec) {
	case X86_EXC_PF: {
		unsigned long cr2 = read_cr2();

		if (pv_ldt_fault(regs, cr2) || pv_ptwr_fault(v, regs, cr2, ec))
			return;
		pv_inject_page_fault(v, cr2, ec);
		return;
	}
	case X86_EXC_UD:
		if (pv_emulate_forced_cpuid(regs))
			return;
		pv_inject_trap(v, vec, -1);
		return;
	case X86_EXC_NM:
		pv_device_not_available(regs);
		return;
	case X86_EXC_DB:
		pv_debug_trap(regs);
		return;
	case X86_EXC_GP:
		/* IDT-sourced, not external: a software interrupt. */
		if ((ec & 3) == 2) {
			unsigned int n = ec >> 3;

			if (permit_softint(v, n)) {
				regs->rip += 2;
				pv_inject_trap(v, n, -1);
				return;
			}
		}
		/* A privileged instruction the guest kernel may use? */
		if (ec == 0 && pv_emulate_privileged_op(regs))
			return;
		pv_inject_trap(v, vec, ec);
		return;
	default:
		pv_inject_trap(v, vec, (X86_EXC_HAVE_EC & (1u << vec)) ? (int64_t)ec : -1);
		return;
	}
}

void pv_deliver_events(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (!vi || !vi->evtchn_upcall_pending || vi->evtchn_upcall_mask)
		return;
	if (!v->arch.event_callback.eip)
		return;
	pv_create_bounce_frame(v, regs, v->arch.event_callback.eip, -1, true);
}

/*
 * The final iretq rejected a guest-chosen frame (bad selector, non-canonical
 * RIP). The guest's failsafe callback gets it if there is one, with the
 * segment selectors in the frame; otherwise the domain dies.
 */
void pv_iret_faulted(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned long rsp;
	uint64_t frame[11];
	uint16_t sel;

	if (!v->arch.failsafe_callback.eip || !is_canonical(v->arch.failsafe_callback.eip))
		domain_crash_current("iret to an invalid guest frame");
	rsp = v->arch.kernel_sp && !guest_kernel_mode(v) ? v->arch.kernel_sp : regs->rsp;
	if (!guest_kernel_mode(v))
		toggle_guest_mode(v);
	rsp = (rsp & ~0xfUL) - sizeof(frame);
	frame[0] = regs->rcx;
	frame[1] = regs->r11;
	__asm__("mov %%ds, %0" : "=r"(sel));
	frame[2] = sel;
	__asm__("mov %%es, %0" : "=r"(sel));
	frame[3] = sel;
	__asm__("mov %%fs, %0" : "=r"(sel));
	frame[4] = sel;
	__asm__("mov %%gs, %0" : "=r"(sel));
	frame[5] = sel;
	frame[6] = regs->rip;
	frame[7] = regs->cs & 0xffff;
	frame[8] = regs->rflags;
	frame[9] = regs->rsp;
	frame[10] = regs->ss;
	if (copy_to_guest(rsp, frame, sizeof(frame)))
		domain_crash_current("failsafe frame unwritable");
	if (v->arch.failsafe_callback.mask_events)
		v->vcpu_info->evtchn_upcall_mask = 1;
	regs->rip = v->arch.failsafe_callback.eip;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = rsp;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
}

void prepare_return_to_guest(struct cpu_user_regs *regs)
{
	local_irq_disable();
	while (softirq_pending())
		do_softirqs();   /* may switch vCPU: then it never returns here */
	pv_deliver_events(current, regs);
	/* Guests always run with interrupts on and no I/O privilege. */
	regs->rflags = (regs->rflags | X86_EFLAGS_IF | X86_EFLAGS_MBS) & ~X86_EFLAGS_IOPL;
	regs->cs |= 3;
	regs->ss |= 3;
}
