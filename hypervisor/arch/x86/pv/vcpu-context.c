// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading a whole vCPU context into a vCPU that is not running
 * (VCPUOP_initialise; later the toolstack's setvcpucontext). Every check
 * is made, and the top-level tables referenced, before anything changes;
 * the guest cannot get more privilege than a PV kernel has (RPL 3, IF on,
 * no real IOPL: the context's IOPL becomes the vCPU's virtual one, as
 * PHYSDEVOP_set_iopl would set it). vCPU 0's first context also sets the
 * domain's vm_assist.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/config.h>
#include <hv/mm.h>
#include <hv/domain.h>
#include <hv/page.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <public/arch-x86_64.h>

BUILD_BUG_ON(sizeof(struct xen_cpu_user_regs) != 200);
BUILD_BUG_ON(sizeof(struct vcpu_guest_context) != 5168);
BUILD_BUG_ON(offsetof(struct vcpu_guest_context, trap_ctxt) != 720);
BUILD_BUG_ON(offsetof(struct vcpu_guest_context, gs_base_user) != 5160);

static bool addresses_ok(const struct vcpu_guest_context *c)
{
	if (!is_canonical(c->user_regs.rip) || !is_canonical(c->user_regs.rsp) ||
	    !is_canonical(c->kernel_sp) || !is_canonical(c->event_callback_eip) ||
	    !is_canonical(c->failsafe_callback_eip) || !is_canonical(c->syscall_callback_eip))
		return false;
	for (unsigned int i = 0; i < 256; i++)
		if (!is_canonical(c->trap_ctxt[i].address))
			return false;
	return true;
}

static void load_regs(struct cpu_user_regs *r, const struct xen_cpu_user_regs *u)
{
	memset(r, 0, sizeof(*r));
	r->r15 = u->r15; r->r14 = u->r14; r->r13 = u->r13; r->r12 = u->r12;
	r->rbp = u->rbp; r->rbx = u->rbx; r->r11 = u->r11; r->r10 = u->r10;
	r->r9 = u->r9; r->r8 = u->r8; r->rax = u->rax; r->rcx = u->rcx;
	r->rdx = u->rdx; r->rsi = u->rsi; r->rdi = u->rdi;
	r->rip = u->rip;
	r->cs = u->cs | 3;
	r->rflags = (u->rflags | X86_EFLAGS_IF | X86_EFLAGS_MBS) &
		    ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM | X86_EFLAGS_NT);
	r->rsp = u->rsp;
	r->ss = u->ss | 3;
}

int pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	unsigned long cr3 = c->ctrlreg[3] >> PAGE_SHIFT;
	unsigned long ucr3 = c->ctrlreg[1] >> PAGE_SHIFT;
	struct pv_cpu_context cc = {
		.fxsave = (c->flags & VGCF_i387_valid) ? c->fpu_ctxt : NULL,
		.ldt_base = c->ldt_base, .ldt_ents = c->ldt_ents,
		.gdt_frames = (const unsigned long *)c->gdt_frames, .gdt_ents = c->gdt_ents,
		.cr0 = c->ctrlreg[0], .cr4 = c->ctrlreg[4],
		.debugreg = (const unsigned long *)c->debugreg,
		.fs_base = c->fs_base, .gs_base_kernel = c->gs_base_kernel,
		.gs_base_user = c->gs_base_user,
		.ds = c->user_regs.ds, .es = c->user_regs.es,
		.fs = c->user_regs.fs, .gs = c->user_regs.gs,
	};
	bool was_initialised = vcpu_is_initialised(v);
	int rc;

	if (!addresses_ok(c) || !cr3)
		return -EINVAL;
	/* vCPU 0's context carries the domain's vm_assist (see below). */
	if (v->vcpu_id == 0 && (c->vm_assist & ~PV64_VM_ASSIST_MASK))
		return -EINVAL;
	/* A vCPU starting in user mode needs the user page tables to run on. */
	if (!ucr3 && !(c->flags & VGCF_in_kernel))
		return -EINVAL;
	rc = get_page_and_type(cr3, d, PGT_l4_page_table);
	if (rc)
		return -EINVAL;
	if (ucr3 && get_page_and_type(ucr3, d, PGT_l4_page_table)) {
		rc = -EINVAL;
		goto err_put_cr3;
	}
	rc = pv_cpu_set_context(v, &cc);
	if (rc)
		goto err_put_ucr3;

	for (unsigned int i = 0; i < 256; i++)
		v->arch.trap_ctxt[i] = c->trap_ctxt[i];
	v->arch.kernel_ss = c->kernel_ss | 3;
	v->arch.kernel_sp = c->kernel_sp;
	v->arch.event_callback = (struct pv_callback){ c->event_callback_eip, false };
	v->arch.failsafe_callback = (struct pv_callback){
		c->failsafe_callback_eip, c->flags & VGCF_failsafe_disables_events };
	v->arch.syscall_callback = (struct pv_callback){
		c->syscall_callback_eip, c->flags & VGCF_syscall_disables_events };
	if (v->arch.guest_table)
		put_page_and_type(mfn_to_page(v->arch.guest_table));
	if (v->arch.guest_table_user)
		put_page_and_type(mfn_to_page(v->arch.guest_table_user));
	v->arch.guest_table = cr3;
	v->arch.guest_table_user = ucr3;
	v->arch.flags = (c->flags & VGCF_in_kernel) ? TF_kernel_mode : 0;
	/*
	 * IOPL is virtualised (Xen 4.17 does the same): Linux starts its
	 * secondary vCPUs with IOPL 1 here instead of calling set_iopl on
	 * each, and a dom0 vCPU without it faults on the VGA console's ports.
	 */
	v->arch.iopl = (c->user_regs.rflags & X86_EFLAGS_IOPL) >> 12;
	load_regs(&v->regs, &c->user_regs);
	/*
	 * VGCF_online marks the vCPU up without waking it (as Xen 4.17): it
	 * runs once something wakes it, e.g. the domain being unpaused.
	 */
	if (c->flags & VGCF_online)
		v->pause_flags &= ~VPF_down;
	else
		v->pause_flags |= VPF_down;
	/*
	 * As Xen 4.17: the first context loaded into vCPU 0 sets the domain's
	 * vm_assist (a restore brings it back this way); the other vCPUs'
	 * contexts, and a reload of vCPU 0, leave it alone.
	 */
	if (v->vcpu_id == 0 && !was_initialised)
		d->vm_assist = c->vm_assist;
	return 0;

err_put_ucr3:
	if (ucr3)
		put_page_and_type(mfn_to_page(ucr3));
err_put_cr3:
	put_page_and_type(mfn_to_page(cr3));
	return rc;
}

/*
 * A context as getvcpucontext reports it (Xen 4.17's fields for a 64-bit
 * PV vCPU that is not running): the saved registers, tables, callbacks
 * and control state; VGCF_online unless the vCPU is down.
 */
void pv_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct cpu_user_regs *r = &v->regs;
	struct xen_cpu_user_regs *u = &c->user_regs;

	memset(c, 0, sizeof(*c));
	if (v->arch.pv.fpu_initialised && v->arch.pv.fpu_area) {
		memcpy(c->fpu_ctxt, v->arch.pv.fpu_area, sizeof(c->fpu_ctxt));
		c->flags |= VGCF_i387_valid;
	}
	if (guest_kernel_mode(v))
		c->flags |= VGCF_in_kernel;
	if (!(v->pause_flags & VPF_down))
		c->flags |= VGCF_online;
	if (v->arch.failsafe_callback.mask_events)
		c->flags |= VGCF_failsafe_disables_events;
	if (v->arch.syscall_callback.mask_events)
		c->flags |= VGCF_syscall_disables_events;
	u->r15 = r->r15; u->r14 = r->r14; u->r13 = r->r13; u->r12 = r->r12;
	u->rbp = r->rbp; u->rbx = r->rbx; u->r11 = r->r11; u->r10 = r->r10;
	u->r9 = r->r9; u->r8 = r->r8; u->rax = r->rax; u->rcx = r->rcx;
	u->rdx = r->rdx; u->rsi = r->rsi; u->rdi = r->rdi;
	u->rip = r->rip;
	u->cs = (uint16_t)r->cs;
	u->rflags = r->rflags | ((unsigned long)v->arch.iopl << 12);
	u->rsp = r->rsp;
	u->ss = (uint16_t)r->ss;
	u->ds = v->arch.ds_sel;
	u->es = v->arch.es_sel;
	u->fs = v->arch.fs_sel;
	u->gs = v->arch.gs_sel;
	for (unsigned int i = 0; i < 256; i++)
		c->trap_ctxt[i] = v->arch.trap_ctxt[i];
	c->ldt_ents = v->arch.pv.ldt_ents;
	c->ldt_base = v->arch.pv.ldt_ents ? v->arch.pv.ldt_base : 0;
	for (unsigned int i = 0; i < PV_GDT_GUEST_PAGES; i++)
		c->gdt_frames[i] = v->arch.pv.gdt_frames[i];
	c->gdt_ents = v->arch.pv.gdt_ents;
	c->kernel_ss = v->arch.kernel_ss;
	c->kernel_sp = v->arch.kernel_sp;
	c->ctrlreg[0] = X86_CR0_PE | X86_CR0_PG | (v->arch.pv.cr0_ts ? X86_CR0_TS : 0);
	c->ctrlreg[2] = v->arch.cr2;
	c->ctrlreg[3] = v->arch.guest_table << PAGE_SHIFT;
	c->ctrlreg[1] = v->arch.guest_table_user << PAGE_SHIFT;
	c->ctrlreg[4] = v->arch.pv.cr4;
	for (unsigned int i = 0; i < 4; i++)
		c->debugreg[i] = v->arch.pv.dr[i];
	c->debugreg[6] = v->arch.pv.dr6;
	c->debugreg[7] = v->arch.pv.dr7 | v->arch.pv.dr7_emul;
	c->event_callback_eip = v->arch.event_callback.eip;
	c->failsafe_callback_eip = v->arch.failsafe_callback.eip;
	c->syscall_callback_eip = v->arch.syscall_callback.eip;
	c->vm_assist = v->domain->vm_assist;
	c->fs_base = v->arch.fs_base;
	c->gs_base_kernel = v->arch.gs_base_kernel;
	c->gs_base_user = v->arch.gs_base_user;
}

/*
 * Back to a vCPU that was never initialised (setvcpucontext with no
 * context, and teardown): its tables, descriptor frames and callbacks let
 * go, and down. The caller takes it off the CPU first.
 */
void pv_vcpu_reset(struct vcpu *v)
{
	pv_destroy_ldt(v);
	pv_destroy_gdt(v);
	if (v->arch.guest_table)
		put_page_and_type(mfn_to_page(v->arch.guest_table));
	if (v->arch.guest_table_user)
		put_page_and_type(mfn_to_page(v->arch.guest_table_user));
	v->arch.guest_table = 0;
	v->arch.guest_table_user = 0;
	memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
	v->arch.event_callback = (struct pv_callback){ 0, false };
	v->arch.failsafe_callback = (struct pv_callback){ 0, false };
	v->arch.syscall_callback = (struct pv_callback){ 0, false };
	v->arch.kernel_ss = 0;
	v->arch.kernel_sp = 0;
	v->arch.flags = 0;
	memset(&v->regs, 0, sizeof(v->regs));
	v->pause_flags |= VPF_down;
}
