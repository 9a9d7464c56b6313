// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference-count and page-type state machine. Pure bookkeeping on the
 * frame table: no page-table walks, no hardware access.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/domain.h>
#include <hv/pt-validate.h>
#include <hv/pv-cpu.h>

bool get_page(struct page_info *pg, const struct domain *d)
{
	unsigned long c = pg->count_info;

	if (pg->owner != d || (c & (PGC_free | PGC_reserved)))
		return false;
	if (!(c & (PGC_allocated | PGC_xen_heap)))
		return false;
	if ((c & PGC_count_mask) == PGC_count_mask || (c & PGC_count_mask) == 0)
		return false;
	pg->count_info = c + 1;
	return true;
}

void put_page(struct page_info *pg)
{
	struct domain *owner = pg->owner;

	BUG_ON((pg->count_info & PGC_count_mask) == 0);
	pg->count_info--;
	/* A domain page nobody holds any more (given back, last mapping gone). */
	if ((pg->count_info & (PGC_count_mask | PGC_allocated | PGC_xen_heap)) == 0 && owner)
		free_domheap_page(pg);
	/* A torn-down domain waits for its frames to be let go. */
	if (owner && owner->is_dying == DOMDYING_dead)
		domain_kick_reaper();
}

/*
 * Take a type reference. At type count 0 the frame may change type: a
 * page table that is no longer referenced gives back its entries'
 * references first (devalidation), and a frame becoming a page table is
 * validated. While that runs the frame is marked, so a table that
 * (directly or not) references itself cannot take a second type.
 */
int get_page_type_rc(struct page_info *pg, unsigned long type)
{
	unsigned long t = pg->type_info;
	unsigned long count = t & PGT_count_mask;
	int rc;

	if (count == PGT_count_mask || (t & PGT_validating))
		return -EINVAL;
	if (count == 0 && ((t & PGT_type_mask) != type || !(t & PGT_validated))) {
		if ((t & PGT_validated) && is_pt_type(t)) {
			pg->type_info = (t & PGT_type_mask) | PGT_validating;
			devalidate_table(pg, t & PGT_type_mask);
		}
		/*
		 * A frame that was writable may still be writable through a
		 * stale TLB entry (the guest may drop a mapping without a
		 * flush). Before it becomes a table or descriptor page, flush.
		 */
		if (type != PGT_writable_page)
			flush_tlb_for_type_change();
		pg->type_info = type | PGT_validating;
		if (is_pt_type(type) && (rc = validate_table(pg, type))) {
			pg->type_info = PGT_none;
			return rc;
		}
		/* Descriptor tables: every descriptor checked (pv/descriptor-tables.c). */
		if (type == PGT_seg_desc_page && (rc = pv_validate_segdesc_page(pg))) {
			pg->type_info = PGT_none;
			return rc;
		}
		t = type | PGT_validated;
	} else if ((t & PGT_type_mask) != type) {
		return -EINVAL;
	}
	pg->type_info = (t & ~PGT_count_mask) | (count + 1);
	return 0;
}

bool get_page_type(struct page_info *pg, unsigned long type)
{
	return get_page_type_rc(pg, type) == 0;
}

/*
 * Drop a type reference. A page table whose last type reference goes is
 * devalidated at once: its entries give back the references they hold,
 * so a table nobody uses can never keep frames from changing type.
 */
void put_page_type(struct page_info *pg)
{
	unsigned long t = pg->type_info;

	BUG_ON((t & PGT_count_mask) == 0);
	t--;
	if ((t & PGT_count_mask) == 0 && is_pt_type(t) && (t & PGT_validated)) {
		pg->type_info = (t & PGT_type_mask) | PGT_validating;
		devalidate_table(pg, t & PGT_type_mask);
		pg->type_info = PGT_none;
		return;
	}
	pg->type_info = t;
}

pte_t adjust_guest_l1e(pte_t e)
{
	/* Guest kernel and user both run in ring 3: their mappings must be user. */
	if (e & _PAGE_PRESENT)
		e |= _PAGE_USER;
	return e;
}

/*
 * Device and firmware memory the hardware domain may map (no reference
 * counting: these frames are never allocated). The local APIC and I/O
 * APIC pages stay the hypervisor's.
 */
static bool iomem_permitted(const struct domain *d, unsigned long mfn)
{
	if (!d->is_privileged)
		return false;
	if (mfn == 0xfee00 || mfn == 0xfec00)
		return false;
	if (mfn >> (52 - 12))
		return false;
	return !mfn_valid(mfn) || (mfn_to_page(mfn)->count_info & PGC_iomem);
}

int get_page_from_l1e(pte_t e, const struct domain *d)
{
	unsigned long mfn = pte_mfn(e);
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & L1_DISALLOW_MASK)
		return -EINVAL;
	if (iomem_permitted(d, mfn))
		return 0;
	/* Device memory the domain may not map: -EPERM, as Xen. */
	if (!mfn_valid(mfn) || (mfn_to_page(mfn)->count_info & PGC_iomem))
		return -EPERM;
	pg = mfn_to_page(mfn);
	/* Not d's (or not allocated): Xen's "could not pin", -EBUSY. */
	if (!get_page(pg, d))
		return -EBUSY;
	/* The frame is in use as a table or descriptor page. */
	if ((e & _PAGE_RW) && !get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EBUSY;
	}
	return 0;
}

/* Gives back what get_page_from_l1e took, on whichever domain owns the frame. */
void put_page_from_l1e(pte_t e, const struct domain *d)
{
	struct page_info *pg;

	(void)d;
	if (!(e & _PAGE_PRESENT) || !mfn_valid(pte_mfn(e)))
		return;
	pg = mfn_to_page(pte_mfn(e));
	if (pg->count_info & (PGC_free | PGC_reserved))
		return;
	if (e & _PAGE_RW)
		put_page_type(pg);
	put_page(pg);
}
