// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV vCPU's segment and control state across context switches, and
 * set_segment_base.
 *
 * Segments: the hypervisor never loads %ds/%es/%fs/%gs while a guest runs
 * (it needs none of them in 64-bit mode), so they hold the guest's values
 * whenever the guest is interrupted. Switching away records the selectors
 * and the three bases (FS, the active GS and the inactive one swapgs
 * brings in on the next guest-mode change); switching back loads them in
 * that order, selectors first since a load rewrites the hidden base. A
 * selector the CPU refuses (the guest changed its descriptor meanwhile)
 * is replaced by NUL and the guest's failsafe callback told, with the
 * refused values in the frame, as Xen does.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/softirq.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>

#define X86_CR4_TSD     0x4UL
#define X86_CR4_DE      0x8UL
#define X86_CR4_OSXSAVE 0x40000UL
#define DR6_DEFAULT     0xffff0ff0UL
#define DR7_DEFAULT     0x00000400UL

#define read_sreg(s) ({ uint16_t v_; __asm__ __volatile__("mov %%" #s ", %0" : "=r"(v_)); v_; })

/* Load a selector; on a fault load NUL and clear *ok. */
#define TRY_LOAD_SEG(seg, val, ok)					\
	__asm__ __volatile__("1: mov %k[v], %%" #seg "\n\t"		\
			     "jmp 3f\n"					\
			     "2: xor %k[o], %k[o]\n\t"			\
			     "mov %k[o], %%" #seg "\n"			\
			     "3:\n\t"					\
			     ".pushsection .ex_table, \"a\"\n\t"	\
			     ".balign 8\n\t"				\
			     ".quad 1b, 2b\n\t"				\
			     ".popsection"				\
			     : [o] "+r"(ok) : [v] "r"((unsigned int)(val)) : "memory")

int pv_cpu_init(struct vcpu *v)
{
	struct pv_cpu *p = &v->arch.pv;

	p->cr4 = PV_CR4_VISIBLE;
	p->dr6 = DR6_DEFAULT;
	p->dr7 = DR7_DEFAULT;
	return fpu_vcpu_init(v);
}

void pv_cpu_destroy(struct vcpu *v)
{
	pv_destroy_ldt(v);
	pv_destroy_gdt(v);
	pv_desc_area_destroy(v);
	fpu_vcpu_destroy(v);
}

/* The guest's CR4 choices that reach the hardware: TSD, FSGSBASE. */
void pv_write_hw_cr4(const struct vcpu *v)
{
	unsigned long cr4 = read_cr4(), want;

	want = (cr4 & ~(X86_CR4_TSD | X86_CR4_FSGSBASE)) |
	       (v->arch.pv.cr4 & (X86_CR4_TSD | X86_CR4_FSGSBASE));
	if (want != cr4)
		write_cr4(want);
}

/* A CR4 value written by the guest, as it will read it back. */
unsigned long pv_guest_cr4_fixup(unsigned long cr4)
{
	unsigned long allowed = X86_CR4_TSD;

	if (cpuid_pv_has_de())
		allowed |= X86_CR4_DE;
	if (cpuid_pv_has_fsgsbase())
		allowed |= X86_CR4_FSGSBASE;
	if (cpuid_policy_has_xsave())
		allowed |= X86_CR4_OSXSAVE;
	return (cr4 & allowed) | PV_CR4_VISIBLE;
}

void pv_save_segments(struct vcpu *v)
{
	unsigned long active = rdmsr(MSR_GS_BASE), inactive = rdmsr(MSR_SHADOW_GS_BASE);

	v->arch.ds_sel = read_sreg(ds);
	v->arch.es_sel = read_sreg(es);
	v->arch.fs_sel = read_sreg(fs);
	v->arch.gs_sel = read_sreg(gs);
	v->arch.fs_base = rdmsr(MSR_FS_BASE);
	v->arch.gs_base_kernel = guest_kernel_mode(v) ? active : inactive;
	v->arch.gs_base_user = guest_kernel_mode(v) ? inactive : active;
}

/* A selector could not be reloaded: enter the failsafe callback. */
static void load_segments_failsafe(struct vcpu *v)
{
	struct cpu_user_regs *regs = guest_cpu_user_regs();
	uint8_t mask = v->vcpu_info ? v->vcpu_info->evtchn_upcall_mask : 1;
	unsigned long rsp, rflags;
	uint64_t frame[11];

	if (!v->arch.failsafe_callback.eip) {
		domain_crash(v->domain, "segment reload failed, no failsafe callback");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return;
	}
	rsp = (guest_kernel_mode(v) ? regs->rsp : v->arch.kernel_sp) & ~0xfUL;
	rflags = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		 (mask ? 0 : X86_EFLAGS_IF);
	if (!guest_kernel_mode(v))
		toggle_guest_mode(v);
	else
		regs->cs &= ~3UL;
	frame[0] = regs->rcx;
	frame[1] = regs->r11;
	frame[2] = v->arch.ds_sel;
	frame[3] = v->arch.es_sel;
	frame[4] = v->arch.fs_sel;
	frame[5] = v->arch.gs_sel;
	frame[6] = regs->rip;
	frame[7] = (regs->cs & 0xffff) | ((uint64_t)mask << 32);
	frame[8] = rflags;
	frame[9] = regs->rsp;
	frame[10] = regs->ss;
	rsp -= sizeof(frame);
	if (copy_to_guest(rsp, frame, sizeof(frame))) {
		gprintk(LOG_ERR, "cannot write a failsafe frame at %#lx\n", rsp);
		domain_crash(v->domain, "unwritable guest kernel stack");
		raise_softirq(SCHEDULE_SOFTIRQ);
		return;
	}
	if (v->arch.failsafe_callback.mask_events && v->vcpu_info)
		v->vcpu_info->evtchn_upcall_mask = 1;
	regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT |
			  X86_EFLAGS_IOPL | X86_EFLAGS_TF);
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = rsp;
	regs->cs = FLAT_KERNEL_CS;
	regs->rip = v->arch.failsafe_callback.eip;
}

/* Needs v's page tables and descriptor tables loaded. */
void pv_load_segments(struct vcpu *v)
{
	unsigned int ok = 1;
	bool kernel = guest_kernel_mode(v);

	TRY_LOAD_SEG(fs, v->arch.fs_sel, ok);
	TRY_LOAD_SEG(gs, v->arch.gs_sel, ok);
	TRY_LOAD_SEG(ds, v->arch.ds_sel, ok);
	TRY_LOAD_SEG(es, v->arch.es_sel, ok);
	wrmsr(MSR_FS_BASE, v->arch.fs_base);
	wrmsr(MSR_GS_BASE, kernel ? v->arch.gs_base_kernel : v->arch.gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, kernel ? v->arch.gs_base_user : v->arch.gs_base_kernel);
	if (!ok)
		load_segments_failsafe(v);
}

int pv_cpu_set_context(struct vcpu *v, const struct pv_cpu_context *c)
{
	unsigned long ldt_base = c->ldt_base;
	int rc;

	if (!is_canonical(c->fs_base) || !is_canonical(c->gs_base_kernel) ||
	    !is_canonical(c->gs_base_user) || (c->ldt_ents && !is_canonical(ldt_base)))
		return -EINVAL;
	if ((ldt_base >= (1UL << 47) && ldt_base < HYPERVISOR_VIRT_END) ||
	    (ldt_base & ~PAGE_MASK) || c->ldt_ents > 8192)
		return -EINVAL;
	if ((c->gdt_ents + 511) / 512 > 16)
		return -EINVAL;
	ASSERT(v != current);
	rc = pv_set_gdt(v, c->gdt_frames, (unsigned int)c->gdt_ents);
	if (rc)
		return rc;
	pv_destroy_ldt(v);
	v->arch.pv.ldt_ents = (unsigned int)c->ldt_ents;
	v->arch.pv.ldt_base = c->ldt_ents ? ldt_base : 0;
	fpu_load_image(v, c->fxsave);
	v->arch.pv.cr0_ts = c->cr0 & X86_CR0_TS;
	v->arch.pv.cr4 = pv_guest_cr4_fixup(c->cr4);
	/* As Xen: back to the defaults, then each register as set_debugreg would. */
	memset(v->arch.pv.dr, 0, sizeof(v->arch.pv.dr));
	v->arch.pv.dr6 = DR6_DEFAULT;
	v->arch.pv.dr7 = DR7_DEFAULT;
	v->arch.pv.dr7_emul = 0;
	for (unsigned int i = 0; i < 4; i++)
		pv_set_debugreg(v, i, c->debugreg[i]);
	pv_set_debugreg(v, 6, c->debugreg[6]);
	pv_set_debugreg(v, 7, c->debugreg[7]);
	v->arch.fs_base = c->fs_base;
	v->arch.gs_base_kernel = c->gs_base_kernel;
	v->arch.gs_base_user = c->gs_base_user;
	v->arch.ds_sel = c->ds;
	v->arch.es_sel = c->es;
	v->arch.fs_sel = c->fs;
	v->arch.gs_sel = c->gs;
	return 0;
}

/* Leaving v: save what the hardware holds for it. */
void pv_cpu_ctxt_switch_from(struct vcpu *v)
{
	pv_save_segments(v);
	fpu_save(v);
	if (v->arch.pv.dr7 & 0xff)
		__asm__ __volatile__("mov %0, %%db7" : : "r"(0UL));
}

/* Entering v (its page tables already loaded). */
void pv_cpu_ctxt_switch_to(struct vcpu *v)
{
	pv_load_descriptor_tables(v);
	pv_write_hw_cr4(v);
	fpu_ctxt_switch_to(v);
	pv_load_debugregs(v);
	pv_load_segments(v);
}

/*
 * set_segment_base. Hypercalls come from guest-kernel mode, so the
 * active GS base is the kernel's and the inactive one the user's.
 * GS_USER_SEL loads a user %gs selector between two swapgs; if the CPU
 * refuses it, NUL is loaded instead and the call still succeeds (Linux
 * depends on that; a caller can re-read %gs).
 */
long do_set_segment_base(unsigned long which, unsigned long base)
{
	struct vcpu *v = current;
	unsigned int sel;

	switch ((unsigned int)which) {
	case SEGBASE_FS:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_SHADOW_GS_BASE, base);
		v->arch.gs_base_user = base;
		return 0;
	case SEGBASE_GS_KERNEL:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		sel = (uint16_t)base;
		if (sel > 3)
			sel |= 3;
		__asm__ __volatile__(
			"swapgs\n\t"
			"cmp $3, %k[sel]\n\t"
			"ja 1f\n\t"
			/* Some CPUs keep the old base on a NUL load: flatten it first. */
			"mov %k[flat], %%gs\n"
			"1: mov %k[sel], %%gs\n\t"
			"jmp 3f\n"
			"2: mov %k[flat], %%gs\n\t"
			"xor %k[sel], %k[sel]\n\t"
			"jmp 1b\n"
			"3:\n\t"
			".pushsection .ex_table, \"a\"\n\t"
			".balign 8\n\t"
			".quad 1b, 2b\n\t"
			".popsection"
			: [sel] "+r"(sel) : [flat] "r"((unsigned int)FLAT_RING3_DS32)
			: "cc", "memory");
		v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
		__asm__ __volatile__("swapgs" ::: "memory");
		return 0;
	default:
		return -EINVAL;
	}
}
