// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_update: a batch of writes to page-table entries (by machine address)
 * and M2P entries. Each request is copied in, checked and applied in
 * order; the first failure stops the batch, and `done` tells the guest how
 * many went through.
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

static int pt_update(struct domain *d, struct domain *pg_owner, uint64_t ptr, uint64_t val,
		     bool preserve_ad)
{
	unsigned long mfn = ptr >> PAGE_SHIFT;
	struct page_info *pg;
	unsigned long type;
	pte_t *slot;
	int rc;

	if ((ptr & 7) || !mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	type = pg->type_info & PGT_type_mask;
	slot = (pte_t *)((char *)mfn_to_virt(mfn) + (ptr & (PAGE_SIZE - 1) & ~7UL));
	if (is_pt_type(type) && (pg->type_info & PGT_validated)) {
		unsigned int level = pt_level(type);

		if (level == 4 && !is_guest_l4_slot(((ptr & (PAGE_SIZE - 1)) >> 3))) {
			rc = -EINVAL;
		} else if (!get_page_type(pg, type)) {
			rc = -EINVAL;
		} else {
			rc = pv_mod_entry(slot, level, val, d, pg_owner, preserve_ad);
			put_page_type(pg);
		}
	} else if (get_page_type(pg, PGT_writable_page)) {
		/* Not a page table: a plain write to a page the guest could write anyway. */
		WRITE_ONCE(*slot, val);
		put_page_type(pg);
		rc = 0;
	} else {
		rc = -EINVAL;
	}
	put_page(pg);
	return rc;
}

static int m2p_update(struct domain *pg_owner, uint64_t ptr, uint64_t pfn)
{
	unsigned long mfn = ptr >> PAGE_SHIFT;
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, pg_owner))
		return -EINVAL;
	set_gpfn_from_mfn(mfn, pfn);
	put_page(pg);
	return 0;
}

/*
 * The upper half of foreigndom names whose page tables are written (its
 * id plus one; 0: the caller's own), the lower half whose frames the new
 * entries may map. Whether the caller may name them is checked per
 * request, as Xen does: a domU naming another domain gets -EPERM from
 * its first request, with done written back.
 */
long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom)
{
	struct domain *curr = current->domain, *pt_owner = curr, *pg_owner;
	uint32_t pt_dom = (uint32_t)foreigndom >> 16;
	unsigned int done = 0;
	long rc = 0;

	if (count > (1u << 30))
		return -EINVAL;
	if (pt_dom) {
		pt_owner = domain_by_id((domid_t)(pt_dom - 1));
		if (!pt_owner)
			return -ESRCH;
	}
	if (pt_owner != curr && !pt_owner->vcpu[0])
		rc = -EINVAL;
	else
		rc = pv_lookup_pg_owner((domid_t)foreigndom, &pg_owner);
	for (; !rc && done < count; done++) {
		struct mmu_update req;
		bool foreign;

		if (copy_from_guest(&req, ureqs + done * sizeof(req), sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		switch (req.ptr & 3) {
		case MMU_NORMAL_PT_UPDATE:
		case MMU_PT_UPDATE_PRESERVE_AD:
			foreign = pt_owner != curr || pg_owner != curr;
			if (foreign && !curr->is_privileged)
				rc = -EPERM;
			else
				rc = pt_update(pt_owner, pg_owner, req.ptr & ~3UL, req.val,
					       (req.ptr & 3) == MMU_PT_UPDATE_PRESERVE_AD);
			break;
		case MMU_MACHPHYS_UPDATE:
			if (pg_owner != curr && !curr->is_privileged)
				rc = -EPERM;
			else
				rc = m2p_update(pg_owner, req.ptr & ~3UL, req.val);
			break;
		default:
			rc = -ENOSYS;
			break;
		}
		if (rc)
			break;
	}
	if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
		rc = rc ? rc : -EFAULT;
	return rc;
}
