// SPDX-License-Identifier: GPL-2.0-only
/*
 * update_va_mapping: replace the L1 entry that maps one guest virtual
 * address, found by walking the vCPU's current page tables. The new entry
 * is validated (ownership, reserved bits, never a writable mapping of a
 * typed frame) before the old one is released and the write is made.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include <hv/pv.h>

#define UVMF_NONE        0
#define UVMF_TLB_FLUSH   1
#define UVMF_INVLPG      2
#define UVMF_FLUSHTYPE_MASK 3
#define UVMF_MULTI       0
#define UVMF_LOCAL       0
#define UVMF_ALL         4

/*
 * The L1 entry mapping va in the given top-level table, or NULL if any
 * level is absent, a superpage, or the L1 is not an L1-typed frame of d.
 */
pte_t *pv_find_l1e(const struct domain *d, unsigned long l4_mfn, unsigned long va,
			struct page_info **l1pg)
{
	pte_t *t = mfn_to_virt(l4_mfn);
	pte_t e;
	static const unsigned int shifts[3] = { L4_SHIFT, L3_SHIFT, L2_SHIFT };

	for (unsigned int lvl = 0; lvl < 3; lvl++) {
		e = t[(va >> shifts[lvl]) & 511];
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) || !mfn_valid(pte_mfn(e)))
			return NULL;
		t = mfn_to_virt(pte_mfn(e));
	}
	*l1pg = mfn_to_page(pte_mfn(e));
	if ((*l1pg)->owner != d || ((*l1pg)->type_info & PGT_type_mask) != PGT_l1_page_table)
		return NULL;
	return &t[l1_table_offset(va)];
}

long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct page_info *l1pg;
	pte_t *slot, old, new = adjust_guest_l1e(val);
	int rc;

	if (!guest_range_ok(va, 1) || !is_canonical(va))
		return -EINVAL;
	slot = pv_find_l1e(d, read_cr3() >> PAGE_SHIFT, va, &l1pg);
	if (!slot)
		return -EINVAL;
	rc = get_page_from_l1e(new, d);
	if (rc)
		return rc;
	old = *slot;
	WRITE_ONCE(*slot, new);
	put_page_from_l1e(old, d);

	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
		flush_tlb_local();
		break;
	case UVMF_INVLPG:
		invlpg(va);
		break;
	default:
		break;
	}
	return 0;
}
