// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checking every entry of a guest page table before the frame may be used
 * as one. Entries are read through the direct map; an L1 entry is adjusted
 * in place (user bit) as it is accepted, and an L4's hypervisor slots are
 * overwritten with the hypervisor's own. A table that fails validation
 * gives back every reference taken for it and keeps no type.
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/mm.h>
#include <hv/domain.h>
#include <hv/page-ref.h>
#include <hv/paging.h>
#include <hv/pt-validate.h>

/* Bits a guest may not set in an L2/L3/L4 entry: superpages, reserved high bits. */
#define UPPER_DISALLOW_MASK (_PAGE_PSE | 0x7ff0000000000000UL)

int get_page_from_entry(pte_t e, unsigned int level, struct domain *pg_owner)
{
	struct page_info *pg;
	unsigned long mfn;
	int rc;

	if (level == 1)
		return get_page_from_l1e(e, pg_owner);
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & UPPER_DISALLOW_MASK)
		return -EINVAL;
	mfn = pte_mfn(e);
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, pg_owner))
		return -EINVAL;
	rc = get_page_type_rc(pg, pt_type_of_level(level - 1));
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_from_entry(pte_t e, unsigned int level, struct domain *pg_owner)
{
	struct page_info *pg;

	if (level == 1) {
		put_page_from_l1e(e, pg_owner);
		return;
	}
	if (!(e & _PAGE_PRESENT) || !mfn_valid(pte_mfn(e)))
		return;
	pg = mfn_to_page(pte_mfn(e));
	put_page_type(pg);
	put_page(pg);
}

int validate_table(struct page_info *pg, unsigned long type)
{
	unsigned int level = pt_level(type);
	struct domain *d = pg->owner;
	pte_t *t = mfn_to_virt(page_to_mfn(pg));
	unsigned int i;
	int rc = 0;

	for (i = 0; i < ENTRIES_PER_TABLE; i++) {
		if (level == 4 && !is_guest_l4_slot(i))
			continue;
		rc = get_page_from_entry(t[i], level, d);
		if (rc)
			break;
		t[i] = level == 1 ? adjust_guest_l1e(t[i]) : adjust_guest_upper(t[i]);
	}
	if (rc) {
		gprintk(LOG_DEBUG, "L%u table %#lx: entry %u (%#lx) refused (%d)\n", level,
			page_to_mfn(pg), i, t[i], rc);
		while (i-- > 0)
			if (level != 4 || is_guest_l4_slot(i))
				put_page_from_entry(t[i], level, d);
		return rc;
	}
	if (level == 4)
		init_guest_l4_slots(t);
	return 0;
}

void devalidate_table(struct page_info *pg, unsigned long type)
{
	unsigned int level = pt_level(type);
	pte_t *t = mfn_to_virt(page_to_mfn(pg));

	for (unsigned int i = 0; i < ENTRIES_PER_TABLE; i++)
		if (level != 4 || is_guest_l4_slot(i))
			put_page_from_entry(t[i], level, pg->owner);
}

int get_page_and_type(unsigned long mfn, struct domain *d, unsigned long type)
{
	struct page_info *pg;
	int rc;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type_rc(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}
