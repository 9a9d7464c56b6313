// SPDX-License-Identifier: GPL-2.0-only
/*
 * map_grant_ref and unmap_grant_ref for PV callers: pin a grant of some
 * domain (possibly the caller itself), take the frame references the
 * mapping needs, install a host mapping in the caller's page tables and
 * record the mapping under a maptrack handle; and undo it all by handle.
 * Checks follow Xen's order, so a bad operation gets Xen's status.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include <hv/pv.h>
#include "grant-priv.h"

#define GNTMAP_kept (GNTMAP_device_map | GNTMAP_host_map | GNTMAP_readonly | \
		     GNTMAP_application_map | GNTMAP_contains_pte)

/* Grant mappings are data: never executable where the CPU can say so. */
static pte_t grant_nx_bit(void)
{
	static int has_nx = -1;

	if (has_nx < 0)
		has_nx = !!(rdmsr(MSR_EFER) & EFER_NXE);
	return has_nx ? _PAGE_NX : 0;
}

static pte_t grant_pte(unsigned long mfn, unsigned int flags)
{
	pte_t e = pte_from_mfn(mfn, _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY) |
		  grant_nx_bit();

	if (flags & GNTMAP_application_map)
		e |= _PAGE_USER;
	if (!(flags & GNTMAP_readonly))
		e |= _PAGE_RW;
	/* Guest-available map flag bits 16-18 land in PTE bits 9-11. */
	e |= ((pte_t)(flags >> _GNTMAP_guest_avail0) << 9) & _PAGE_AVAIL;
	return adjust_guest_l1e(e);
}

/*
 * The L1 entry a host mapping names: by virtual address in the current
 * page tables, or (GNTMAP_contains_pte) by the entry's machine address,
 * which must lie in an L1 table of the caller. *va is the address to
 * flush, 0 when only a full flush will do.
 */
static pte_t *host_slot(struct domain *d, uint64_t addr, unsigned int flags,
			unsigned long *va)
{
	struct page_info *l1pg;

	*va = 0;
	if (flags & GNTMAP_contains_pte) {
		unsigned long mfn = addr >> PAGE_SHIFT;

		if ((addr & (sizeof(pte_t) - 1)) || !mfn_valid(mfn))
			return NULL;
		l1pg = mfn_to_page(mfn);
		/* An L1 table of the caller's that is in use (validated, referenced). */
		if (l1pg->owner != d || (l1pg->count_info & (PGC_free | PGC_reserved)) ||
		    (l1pg->type_info & PGT_type_mask) != PGT_l1_page_table ||
		    !(l1pg->type_info & PGT_validated) || !(l1pg->type_info & PGT_count_mask))
			return NULL;
		return (pte_t *)((char *)mfn_to_virt(mfn) + (addr & ~PAGE_MASK));
	}
	if (!gnttab_guest_handle_ok(addr) || !is_canonical(addr))
		return NULL;
	*va = addr;
	return pv_find_l1e(d, read_cr3() >> PAGE_SHIFT, addr, &l1pg);
}

static void flush_host(unsigned long va)
{
	if (va)
		invlpg(va);
	else
		flush_tlb_local();
}

/*
 * Write the mapping's entry. The entry then holds the general reference
 * and (if writable) the writable-type reference the caller took for it;
 * the entry it replaces gives its own back.
 */
static int16_t create_host_mapping(struct domain *d, uint64_t addr, unsigned long mfn,
				   unsigned int flags)
{
	unsigned long va;
	pte_t *slot = host_slot(d, addr, flags, &va);
	pte_t old;

	if (!slot)
		return GNTST_general_error;
	old = READ_ONCE(*slot);
	WRITE_ONCE(*slot, grant_pte(mfn, flags));
	flush_host(va);
	put_page_from_l1e(old, d);
	return GNTST_okay;
}

/*
 * Clear the mapping's entry, which must still map the frame present and
 * with the grant's access; its references then go with the mapping's.
 */
static int16_t remove_host_mapping(struct domain *d, uint64_t addr, unsigned long mfn,
				   unsigned int flags)
{
	pte_t want = _PAGE_PRESENT | (flags & GNTMAP_readonly ? 0 : _PAGE_RW);
	unsigned long va;
	pte_t *slot = host_slot(d, addr, flags, &va);
	pte_t old;

	if (!slot)
		return GNTST_general_error;
	old = READ_ONCE(*slot);
	if (pte_mfn(old) != mfn || ((old ^ want) & (_PAGE_PRESENT | _PAGE_RW))) {
		gprintk(LOG_WARN, "grant unmap: entry %#lx at %#lx does not map mfn %#lx\n",
			(unsigned long)old, (unsigned long)addr, mfn);
		return GNTST_general_error;
	}
	WRITE_ONCE(*slot, 0);
	flush_host(va);
	return GNTST_okay;
}

/* A pinned frame's page: frames get pinned only after a successful get_page. */
static struct page_info *act_page(const struct active_grant *act)
{
	return mfn_to_page(act->mfn);
}

/*
 * Pin the entry for ld's use, or find it already pinned by ld: the entry
 * is checked (and the frame looked up) only on the first use and on the
 * first write use. On success *pg_ref tells whether a general reference
 * on the frame was taken on the way.
 */
static int16_t pin_for_map(struct grant_table *rgt, grant_ref_t ref, struct domain *rd,
			   domid_t ldomid, unsigned int flags, bool *pg_ref)
{
	struct active_grant *act = gnttab_active(rgt, ref);
	uint32_t incr = gnttab_pin_incr(flags);
	bool ro = flags & GNTMAP_readonly;
	int16_t rc;

	*pg_ref = false;
	if (act->pin && (act->domid != ldomid || gnttab_pin_overflows(act, incr) ||
			 act->is_sub_page))
		return GNTST_general_error;
	if (!act->pin || (!ro && !(act->pin & GNTPIN_write_mask))) {
		rc = gnttab_set_status(gnttab_shared_header(rgt, ref), gnttab_status_word(rgt, ref),
				       act, ro, true, ldomid);
		if (rc)
			return rc;
		if (!act->pin) {
			uint64_t frame = gnttab_entry_frame(rgt, ref);

			if (!mfn_valid(frame) || !get_page(mfn_to_page(frame), rd)) {
				gnttab_reduce_status(act, gnttab_use_word(rgt, ref), ro);
				return GNTST_bad_page;
			}
			*pg_ref = true;
			act->domid = ldomid;
			act->mfn = frame;
			act->is_sub_page = false;
			act->start = 0;
			act->length = PAGE_SIZE;
		}
	}
	act->pin += incr;
	return GNTST_okay;
}

static int16_t map_one(struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current->domain, *rd;
	struct grant_table *lgt, *rgt;
	struct active_grant *act;
	struct page_info *pg;
	unsigned int refs = 0, types = 0;
	bool ro = op->flags & GNTMAP_readonly, pg_ref;
	grant_handle_t handle;
	struct grant_mapping *mt;
	int16_t rc;

	if (!gnttab_pin_incr(op->flags))
		return GNTST_bad_gntref;
	rd = gnttab_domain_by_id(op->dom);
	if (!rd)
		return GNTST_bad_domain;
	lgt = gnttab_get(ld);
	rgt = gnttab_get(rd);
	if (!lgt || !rgt)
		return GNTST_general_error;
	handle = maptrack_get(lgt, gnttab_alloc_maptrack_frame);
	if (handle == MAPTRACK_TAIL)
		return GNTST_no_space;
	if (op->ref >= gnttab_nr_entries(rgt)) {
		rc = GNTST_bad_gntref;
		goto put_handle;
	}
	rc = pin_for_map(rgt, op->ref, rd, ld->domain_id, op->flags, &pg_ref);
	if (rc)
		goto put_handle;
	act = gnttab_active(rgt, op->ref);
	pg = act_page(act);
	refs = pg_ref;

	/* Device use: a general reference, and the writable type if writable. */
	rc = GNTST_general_error;
	if (!refs) {
		if (!get_page(pg, rd))
			goto undo;
		refs++;
	}
	if ((op->flags & GNTMAP_device_map) && !ro) {
		if (!get_page_type(pg, PGT_writable_page))
			goto undo;
		types++;
	}
	/* Host use: the same again, to be held by the page-table entry. */
	if (op->flags & GNTMAP_host_map) {
		if (op->flags & GNTMAP_device_map) {
			if (!get_page(pg, rd))
				goto undo;
			refs++;
		}
		if (!ro) {
			if (!get_page_type(pg, PGT_writable_page))
				goto undo;
			types++;
		}
		rc = create_host_mapping(ld, op->host_addr, act->mfn, op->flags);
		if (rc)
			goto undo;
	}

	mt = maptrack_entry(lgt, handle);
	mt->domid = op->dom;
	mt->ref = op->ref;
	mt->flags = op->flags & GNTMAP_kept;
	op->dev_bus_addr = (uint64_t)act->mfn << PAGE_SHIFT;
	op->handle = handle;
	return GNTST_okay;

undo:
	while (types--)
		put_page_type(pg);
	while (refs--)
		put_page(pg);
	act->pin -= gnttab_pin_incr(op->flags);
	gnttab_reduce_status(act, gnttab_use_word(rgt, op->ref), ro);
put_handle:
	maptrack_put(lgt, handle);
	return rc;
}

long gnttab_map_grant_ref(unsigned long uop, unsigned int count)
{
	struct gnttab_map_grant_ref op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = map_one(&op);
		if (copy_to_guest(uop, &op, sizeof(op)))
			return -EFAULT;
	}
	return 0;
}

/* Drop what one use (device or host) of a pinned grant held. */
static void end_use(struct grant_table *rgt, grant_ref_t ref, unsigned int use, bool ro)
{
	struct active_grant *act = gnttab_active(rgt, ref);
	struct page_info *pg = act_page(act);

	if (!ro)
		put_page_type(pg);
	put_page(pg);
	act->pin -= gnttab_pin_incr(use | (ro ? GNTMAP_readonly : 0));
}

/*
 * Undo the named parts of one mapping. On success the parts are done
 * with; the record goes when no part is left.
 */
static int16_t unmap_one(const struct gnttab_unmap_grant_ref *op)
{
	struct domain *ld = current->domain, *rd;
	struct grant_table *lgt = ld->grant_table, *rgt;
	struct grant_mapping *mt;
	struct active_grant *act;
	unsigned int flags, done = 0;
	bool ro;
	int16_t rc;

	if (!lgt || op->handle >= lgt->maptrack_limit)
		return GNTST_bad_handle;
	mt = maptrack_entry(lgt, op->handle);
	flags = mt->flags;
	if (!flags)
		return GNTST_bad_handle;
	rd = gnttab_domain_by_id(mt->domid);
	if (!rd || !rd->grant_table) {
		/* Xen's reaction to a mapping whose granter is gone. */
		domain_crash(ld, "grant unmap of a vanished domain's grant");
		return op->status;
	}
	rgt = rd->grant_table;
	if (mt->ref >= gnttab_nr_entries(rgt))
		return GNTST_bad_handle;
	act = gnttab_active(rgt, mt->ref);
	ro = flags & GNTMAP_readonly;

	if (op->dev_bus_addr && (flags & GNTMAP_device_map) &&
	    op->dev_bus_addr != (uint64_t)act->mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	if (op->host_addr && (flags & GNTMAP_host_map)) {
		rc = remove_host_mapping(ld, op->host_addr, act->mfn, flags);
		if (rc)
			return rc;
		done |= GNTMAP_host_map;
	}
	if (op->dev_bus_addr && (flags & GNTMAP_device_map))
		done |= GNTMAP_device_map;
	if (!done)
		return GNTST_okay;

	if (done & GNTMAP_device_map)
		end_use(rgt, mt->ref, GNTMAP_device_map, ro);
	if (done & GNTMAP_host_map)
		end_use(rgt, mt->ref, GNTMAP_host_map, ro);
	gnttab_reduce_status(act, gnttab_use_word(rgt, mt->ref), ro);
	mt->flags &= ~done;
	if (!(mt->flags & (GNTMAP_device_map | GNTMAP_host_map)))
		maptrack_put(lgt, op->handle);
	return GNTST_okay;
}

long gnttab_unmap_grant_ref(unsigned long uop, unsigned int count)
{
	struct gnttab_unmap_grant_ref op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = unmap_one(&op);
		if (copy_to_guest(uop + offsetof(struct gnttab_unmap_grant_ref, status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/*
 * A dying domain's mappings of grants: each ends as an unmap would,
 * except that host mappings leave their frame references to the page
 * tables that hold them (torn down with the domain).
 */
void gnttab_release_mappings(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	if (!gt)
		return;
	for (grant_handle_t h = 0; h < gt->maptrack_limit; h++) {
		struct grant_mapping *mt = maptrack_entry(gt, h);
		struct domain *rd;
		struct active_grant *act;
		bool ro = mt->flags & GNTMAP_readonly;

		if (!(mt->flags & (GNTMAP_device_map | GNTMAP_host_map)))
			continue;
		rd = gnttab_domain_by_id(mt->domid);
		if (rd && rd->grant_table && mt->ref < gnttab_nr_entries(rd->grant_table)) {
			act = gnttab_active(rd->grant_table, mt->ref);
			if (mt->flags & GNTMAP_device_map)
				end_use(rd->grant_table, mt->ref, GNTMAP_device_map, ro);
			if (mt->flags & GNTMAP_host_map)
				act->pin -= gnttab_pin_incr(GNTMAP_host_map |
							    (ro ? GNTMAP_readonly : 0));
			gnttab_reduce_status(act, gnttab_use_word(rd->grant_table, mt->ref), ro);
		}
		mt->flags = 0;
	}
	for (unsigned int i = 0; i < gt->maptrack_limit / MAPTRACK_PER_FRAME; i++) {
		free_xenheap_page(gt->maptrack[i]);
		gt->maptrack[i] = NULL;
	}
	gt->maptrack_limit = 0;
	gt->maptrack_head = gt->maptrack_tail = MAPTRACK_TAIL;
}
