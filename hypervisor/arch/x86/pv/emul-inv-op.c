// SPDX-License-Identifier: GPL-2.0-only
/*
 * Xen's forced-emulation prefix: a PV guest gets the CPUID view the
 * hypervisor gives it (rather than the hardware's, which a plain cpuid in
 * ring 3 returns) by executing `ud2; .ascii "xen"; cpuid`. The #UD lands
 * here; with the 7-byte signature the cpuid is emulated and the guest
 * resumes after it. Any other #UD is the guest's.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>

#define DR6_BS 0x4000UL

/* True if handled (emulated, or a fault fetching it reflected). */
bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs)
{
	static const uint8_t sig[5] = { 0x0f, 0x0b, 'x', 'e', 'n' };
	static const uint8_t op[2] = { 0x0f, 0xa2 };
	struct vcpu *v = current;
	unsigned long rip = regs->rip;
	struct cpuid_leaf res;
	uint8_t buf[5];
	size_t left;

	left = copy_from_guest(buf, rip, sizeof(sig));
	if (left) {
		pv_inject_page_fault(v, rip + sizeof(sig) - left, 0);
		return true;
	}
	if (memcmp(buf, sig, sizeof(sig)))
		return false;
	left = copy_from_guest(buf, rip + sizeof(sig), sizeof(op));
	if (left) {
		pv_inject_page_fault(v, rip + sizeof(sig) + sizeof(op) - left, 0);
		return true;
	}
	if (memcmp(buf, op, sizeof(op)))
		return false;
	pv_cpuid(v, (uint32_t)regs->rax, (uint32_t)regs->rcx, true, &res);
	regs->rax = res.a;
	regs->rbx = res.b;
	regs->rcx = res.c;
	regs->rdx = res.d;
	regs->rip = rip + sizeof(sig) + sizeof(op);
	regs->rflags &= ~X86_EFLAGS_RF;
	if (regs->rflags & X86_EFLAGS_TF) {
		v->arch.pv.dr6 |= DR6_BS;
		pv_inject_trap(v, X86_EXC_DB, -1);
	}
	return true;
}
