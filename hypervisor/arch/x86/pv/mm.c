// SPDX-License-Identifier: GPL-2.0-only
/*
 * Changing one entry of a guest page table, the common step of mmu_update,
 * update_va_mapping and writable-page-table emulation: the new entry is
 * validated and takes its references before the old one gives back its
 * own, so a failed update changes nothing.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <public/mm.h>

/*
 * The L1 entry mapping va in the given top-level table, or NULL if any
 * level is absent, a superpage, or the L1 is not an L1-typed frame of d.
 */
pte_t *pv_find_l1e(const struct domain *d, unsigned long l4_mfn, unsigned long va,
		   struct page_info **l1pg)
{
	pte_t *t = mfn_to_virt(l4_mfn);
	pte_t e = 0;
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

int pv_lookup_pg_owner(domid_t domid, struct domain **out)
{
	struct domain *curr = current->domain, *d;

	if (domid == DOMID_SELF) {
		*out = curr;
		return 0;
	}
	if (domid == curr->domain_id)
		return -ESRCH;
	d = domain_by_id(domid);
	if (!d)
		return -ESRCH;
	*out = d;
	return 0;
}

int pv_get_pg_owner(domid_t domid, struct domain **out)
{
	int rc = pv_lookup_pg_owner(domid, out);

	if (!rc && *out != current->domain && !current->domain->is_privileged)
		return -EPERM;
	return rc;
}

/*
 * Replace *slot, an entry of a validated table of the given level owned by
 * d, with nval. pg_owner owns the frames the new entry may reference.
 */
int pv_mod_entry(pte_t *slot, unsigned int level, pte_t nval, struct domain *d,
		 struct domain *pg_owner, bool preserve_ad)
{
	pte_t old = READ_ONCE(*slot);
	int rc;

	if (level > 1)
		nval = adjust_guest_upper(nval);
	if (level == 1) {
		nval = adjust_guest_l1e(nval);
		if (preserve_ad)
			nval = (nval & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) |
			       (old & (_PAGE_ACCESSED | _PAGE_DIRTY));
	}
	/* Same frame and flags other than A/D: no references change. */
	if (((old ^ nval) & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) == 0 && (old & _PAGE_PRESENT)) {
		WRITE_ONCE(*slot, nval);
		return 0;
	}
	rc = get_page_from_entry(nval, level, pg_owner);
	if (rc)
		return rc;
	WRITE_ONCE(*slot, nval);
	put_page_from_entry(old, level, level == 1 ? d : pg_owner);
	return 0;
}

static long update_va_mapping(unsigned long va, unsigned long val, unsigned long flags,
			      struct domain *pg_owner)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct page_info *l1pg;
	pte_t *slot;
	int rc;

	if (!guest_range_ok(va, 1) || !is_canonical(va))
		return -EINVAL;
	slot = pv_find_l1e(d, read_cr3() >> PAGE_SHIFT, va, &l1pg);
	if (!slot)
		return -EINVAL;
	rc = pv_mod_entry(slot, 1, val, d, pg_owner, false);
	if (rc)
		return rc;

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
	/* Only one physical CPU runs guests: the local flush covers any mask. */
	return 0;
}

long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags)
{
	return update_va_mapping(va, val, flags, current->domain);
}

/*
 * The same with the new entry's frame owned by another domain, which only
 * the control domain may name (-EPERM for others once the domain exists).
 */
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid)
{
	struct domain *pg_owner;
	int rc = pv_get_pg_owner((domid_t)domid, &pg_owner);

	if (rc)
		return rc;
	return update_va_mapping(va, val, flags, pg_owner);
}
