// SPDX-License-Identifier: GPL-2.0-only
/*
 * fpu_taskswitch, set_debugreg and get_debugreg, with Xen 4.17's rules for
 * a 64-bit PV guest, and the #DB path that keeps the guest's DR6.
 *
 * Debug registers are per vCPU. DR0-3 may only hold addresses outside the
 * hypervisor's hole, so a breakpoint can never fire on hypervisor code;
 * a data breakpoint on a guest buffer the hypervisor reads during a
 * hypercall does fire in hypervisor context, and is then ignored. The
 * hardware registers hold the running vCPU's values while its DR7 enables
 * anything, and DR7 is cleared when it is switched out.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>

#define DR6_DEFAULT          0xffff0ff0UL
#define DR7_DEFAULT          0x00000400UL
#define DR6_RESERVED_ZERO    (~0xffffefffUL)	/* bit 12 (and 32-63, refused) */
#define DR6_RESERVED_ONE     0xffff0ff0UL
#define DR7_RESERVED_ZERO    (~0xffff27ffUL)	/* bits 11, 12, 14, 15 */
#define DR7_RESERVED_ONE     0x00000400UL
#define DR7_GENERAL_DETECT   0x00002000UL
#define DR7_ACTIVE_MASK      0xffUL		/* L0-3 and G0-3 */
#define DR7_RW_IO            2
#define X86_CR4_DE           0x8UL

#define write_dr(n, v) __asm__ __volatile__("mov %0, %%db" #n : : "r"((unsigned long)(v)))
#define read_dr(n) ({ unsigned long v_; __asm__ __volatile__("mov %%db" #n ", %0" : "=r"(v_)); v_; })

long do_fpu_taskswitch(unsigned long set)
{
	struct vcpu *v = current;

	if ((int)set) {
		v->arch.pv.cr0_ts = true;
		fpu_set_ts(true);
	} else {
		v->arch.pv.cr0_ts = false;
		if (v->arch.pv.fpu_dirtied)
			fpu_set_ts(false);
	}
	return 0;
}

static bool breakpoint_addr_ok(unsigned long a)
{
	return a < (1UL << 47) || a >= HYPERVISOR_VIRT_END;
}

static void write_dr_n(unsigned int n, unsigned long val)
{
	switch (n) {
	case 0: write_dr(0, val); break;
	case 1: write_dr(1, val); break;
	case 2: write_dr(2, val); break;
	case 3: write_dr(3, val); break;
	case 6: write_dr(6, val); break;
	case 7: write_dr(7, val); break;
	}
}

/* Load v's debug registers; only when its DR7 enables something. */
void pv_load_debugregs(const struct vcpu *v)
{
	const struct pv_cpu *p = &v->arch.pv;

	if (!(p->dr7 & DR7_ACTIVE_MASK))
		return;
	for (unsigned int i = 0; i < 4; i++)
		write_dr_n(i, p->dr[i]);
	write_dr(6, p->dr6);
	write_dr(7, p->dr7);
}

/*
 * Shared by the hypercall and emulated `mov %reg, %drN`:
 * -ENODEV (#UD), -EINVAL (reserved bits: #GP), -EPERM (not allowed: #GP).
 */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
	struct pv_cpu *p = &v->arch.pv;
	bool cur = v == current;
	unsigned long io = 0;

	switch (reg) {
	case 0: case 1: case 2: case 3:
		if (!breakpoint_addr_ok(value))
			return -EPERM;
		p->dr[reg] = value;
		if (cur)
			write_dr_n(reg, value);
		return 0;
	case 4:
		if (p->cr4 & X86_CR4_DE)
			return -ENODEV;
		/* DR4 is DR6 without CR4.DE */
		__attribute__((fallthrough));
	case 6:
		if (value != (uint32_t)value)
			return -EINVAL;
		value = (value & ~DR6_RESERVED_ZERO) | DR6_RESERVED_ONE;
		p->dr6 = value;
		if (cur)
			write_dr(6, value);
		return 0;
	case 5:
		if (p->cr4 & X86_CR4_DE)
			return -ENODEV;
		/* DR5 is DR7 without CR4.DE */
		__attribute__((fallthrough));
	case 7:
		if (value != (uint32_t)value)
			return -EINVAL;
		value = (value & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
		if (value & DR7_GENERAL_DETECT)
			return -EPERM;
		if (value & DR7_ACTIVE_MASK) {
			for (unsigned int i = 0; i < 4; i++) {
				if (((value >> (16 + 4 * i)) & 3) != DR7_RW_IO)
					continue;
				/* I/O breakpoints need CR4.DE and are emulated. */
				if (!(p->cr4 & X86_CR4_DE))
					return -EPERM;
				io |= value & (3UL << (2 * i));
			}
			p->dr7_emul = io;
			value &= ~io;
			/* Were they off, DR0-3 were never loaded: load them now. */
			if (cur && !(p->dr7 & DR7_ACTIVE_MASK))
				for (unsigned int i = 0; i < 4; i++)
					write_dr_n(i, p->dr[i]);
		} else {
			p->dr7_emul = 0;
		}
		p->dr7 = value;
		if (cur)
			write_dr(7, value);
		return 0;
	default:
		return -ENODEV;
	}
}

int pv_get_debugreg(struct vcpu *v, unsigned int reg, unsigned long *value)
{
	const struct pv_cpu *p = &v->arch.pv;

	switch (reg) {
	case 0: case 1: case 2: case 3:
		*value = p->dr[reg];
		return 0;
	case 4:
		if (p->cr4 & X86_CR4_DE)
			return -ENODEV;
		/* fall through */
	case 6:
		*value = p->dr6;
		return 0;
	case 5:
		if (p->cr4 & X86_CR4_DE)
			return -ENODEV;
		/* fall through */
	case 7:
		*value = p->dr7 | p->dr7_emul;
		return 0;
	default:
		return -ENODEV;
	}
}

long do_set_debugreg(unsigned long reg, unsigned long value)
{
	return pv_set_debugreg(current, (unsigned int)reg, value);
}

long do_get_debugreg(unsigned long reg)
{
	unsigned long v;
	int rc = pv_get_debugreg(current, (unsigned int)reg, &v);

	return rc ? rc : (long)v;
}

/*
 * #DB. The hardware's DR6 is read and reset to its default. From the
 * guest: its DR6 gains the new status bits and the trap is reflected.
 * In the hypervisor: a guest watchpoint on a buffer a hypercall touched;
 * the access has completed, so carry on.
 */
void pv_debug_trap(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	unsigned long dr6 = read_dr(6);

	write_dr(6, DR6_DEFAULT);
	if (!regs_from_guest(regs)) {
		gprintk(LOG_DEBUG, "#DB in the hypervisor at %#lx, dr6 %#lx\n", regs->rip, dr6);
		return;
	}
	v->arch.pv.dr6 |= dr6 & ~DR6_DEFAULT;
	v->arch.pv.dr6 &= dr6 | ~DR6_DEFAULT;
	pv_inject_trap(v, X86_EXC_DB, -1);
}
