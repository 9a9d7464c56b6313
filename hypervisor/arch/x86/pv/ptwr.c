// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writable page tables: a 64-bit PV guest kernel may store into its own L1
 * tables through their read-only mappings (VMASST_TYPE_writable_pagetables
 * is always in effect for 64-bit PV, as in Xen 4.17, whatever vm_assist
 * says). The
 * write faults; here the faulting instruction is decoded (a pure decoder,
 * hv/lib/x86-pte-decode.h), the value it would store is computed, checked
 * like any L1 update and written, and the guest continues after the
 * instruction with the registers the instruction would have left.
 * Anything else (not an L1 of the domain, an instruction we do not
 * handle, an entry that fails validation) is left to bounce as a #PF.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/lib/x86-pte-decode.h>

static void regs_to_pte(const struct cpu_user_regs *r, struct pte_regs *p)
{
	p->gpr[PTE_RAX] = r->rax;
	p->gpr[PTE_RCX] = r->rcx;
	p->gpr[PTE_RDX] = r->rdx;
	p->gpr[PTE_RBX] = r->rbx;
	p->gpr[PTE_RSP] = r->rsp;
	p->gpr[PTE_RBP] = r->rbp;
	p->gpr[PTE_RSI] = r->rsi;
	p->gpr[PTE_RDI] = r->rdi;
	p->gpr[PTE_R8] = r->r8;
	p->gpr[PTE_R9] = r->r9;
	p->gpr[PTE_R10] = r->r10;
	p->gpr[PTE_R11] = r->r11;
	p->gpr[PTE_R12] = r->r12;
	p->gpr[PTE_R13] = r->r13;
	p->gpr[PTE_R14] = r->r14;
	p->gpr[PTE_R15] = r->r15;
	p->rip = r->rip;
	p->rflags = r->rflags;
}

static void pte_to_regs(const struct pte_regs *p, uint64_t mask, struct cpu_user_regs *r)
{
	uint64_t *dst[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
	};

	for (unsigned int i = 0; i < 16; i++)
		if (mask & PTE_UPD_GPR(i))
			*dst[i] = p->gpr[i];
	if (mask & PTE_UPD_RIP)
		r->rip = p->rip;
	if (mask & PTE_UPD_RFLAGS)
		r->rflags = (r->rflags & ~(uint64_t)PTE_FL_ARITH) | (p->rflags & PTE_FL_ARITH);
}

/* Copy up to 15 instruction bytes, stopping early at an unreadable page. */
static size_t fetch_insn(unsigned long rip, uint8_t *buf)
{
	size_t n = PTE_INSN_MAX;

	if (!copy_from_guest(buf, rip, n))
		return n;
	n = PAGE_SIZE - (rip & (PAGE_SIZE - 1));
	if (n < PTE_INSN_MAX && !copy_from_guest(buf, rip, n))
		return n;
	return 0;
}

bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, unsigned long cr2,
		   uint32_t ec)
{
	struct domain *d = v->domain;
	struct page_info *l1pg, *target;
	struct pte_write_insn insn;
	struct pte_regs pr, out;
	uint8_t bytes[PTE_INSN_MAX];
	uint64_t old, nval, mask;
	pte_t *map, *slot;
	size_t n;

	if ((ec & (PFEC_present | PFEC_write | PFEC_reserved | PFEC_insn_fetch)) !=
	    (PFEC_present | PFEC_write) || !guest_kernel_mode(v))
		return false;
	/* The faulting address is mapped read-only onto one of the domain's L1s. */
	map = pv_find_l1e(d, read_cr3() >> PAGE_SHIFT, cr2, &l1pg);
	if (!map || !(*map & _PAGE_PRESENT) || (*map & _PAGE_RW) || !mfn_valid(pte_mfn(*map)))
		return false;
	target = mfn_to_page(pte_mfn(*map));
	if (target->owner != d || (target->type_info & (PGT_type_mask | PGT_validated)) !=
	    (PGT_l1_page_table | PGT_validated))
		return false;

	n = fetch_insn(regs->rip, bytes);
	if (!n)
		return false;
	regs_to_pte(regs, &pr);
	if (pte_decode(bytes, n, &pr, v->arch.fs_base, v->arch.gs_base_kernel, &insn))
		return false;
	/* The instruction must write the entry that faulted (bytes may have changed). */
	if ((insn.linear & ~7UL) != (cr2 & ~7UL))
		return false;
	slot = (pte_t *)((char *)mfn_to_virt(pte_mfn(*map)) + (cr2 & (PAGE_SIZE - 8)));
	old = READ_ONCE(*slot);
	if (pte_apply(&insn, old, &pr, &nval, &mask, &out))
		return false;
	if (nval != old && pv_mod_entry(slot, 1, nval, d, d, false))
		return false;
	pte_to_regs(&out, mask, regs);
	return true;
}
