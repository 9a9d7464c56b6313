// SPDX-License-Identifier: GPL-2.0-only
/*
 * GNTTABOP_copy: the hypervisor copies bytes between two frames, each
 * named by a grant reference of some domain or by a frame of the caller.
 * A grant is pinned (as a host read or write use) only for the length of
 * the one operation. Checks follow Xen's order: the domains, the source,
 * the destination, then the byte ranges.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/page-ref.h>
#include "grant-priv.h"

/* One end of a copy while it is held. */
struct copy_end {
	struct domain *d;
	bool readonly;          /* the source */
	bool have_grant;        /* pinned grant ref */
	bool have_type;         /* writable-type reference */
	grant_ref_t ref;
	struct page_info *pg;   /* general reference held when set */
	unsigned long mfn;
	uint16_t start, length; /* bytes of the frame the grant covers */
};

/*
 * Pin grant ref of rd for a copy by ldomid and take a general reference
 * on its frame. A transitive (version 2) grant is refused: this
 * hypervisor does not follow them yet.
 */
static int16_t acquire_grant(struct copy_end *e, grant_ref_t ref, domid_t ldomid)
{
	struct grant_table *rgt = gnttab_get(e->d);
	struct active_grant *act;
	uint32_t incr = e->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	struct grant_entry_header *shah;
	int16_t rc;

	if (!rgt)
		return GNTST_general_error;
	if (ref >= gnttab_nr_entries(rgt))
		return GNTST_bad_gntref;
	act = gnttab_active(rgt, ref);
	shah = gnttab_shared_header(rgt, ref);
	if (act->pin && (act->domid != ldomid || gnttab_pin_overflows(act, incr)))
		return GNTST_general_error;

	if (rgt->version == 2 && (READ_ONCE(shah->flags) & GTF_type_mask) == GTF_transitive) {
		if (!act->pin || (!e->readonly && !(act->pin & GNTPIN_write_mask))) {
			rc = gnttab_set_status(shah, gnttab_status_word(rgt, ref), act,
					       e->readonly, false, ldomid);
			if (rc)
				return rc;
		}
		rc = GNTST_general_error;
		goto clear;
	}
	if (!act->pin || (!e->readonly && !(act->pin & GNTPIN_write_mask))) {
		union grant_entry_v2 *v2 = (union grant_entry_v2 *)shah;
		uint64_t frame = gnttab_entry_frame(rgt, ref);
		bool sub = rgt->version == 2 && (READ_ONCE(shah->flags) & GTF_sub_page);
		uint16_t start = sub ? READ_ONCE(v2->sub_page.page_off) : 0;
		uint16_t length = sub ? READ_ONCE(v2->sub_page.length) : PAGE_SIZE;

		rc = gnttab_set_status(shah, gnttab_status_word(rgt, ref), act, e->readonly,
				       false, ldomid);
		if (rc)
			return rc;
		if (!mfn_valid(frame) || !get_page(mfn_to_page(frame), e->d)) {
			rc = GNTST_bad_page;
			goto clear;
		}
		e->pg = mfn_to_page(frame);
		if (!act->pin) {
			act->domid = ldomid;
			act->mfn = frame;
			act->is_sub_page = sub;
			act->start = start;
			act->length = length;
		} else if (act->mfn != frame || (act->is_sub_page && (!sub ||
			   act->start != start || act->length != length))) {
			/* The entry changed under a read-only pin. */
			put_page(e->pg);
			e->pg = NULL;
			rc = GNTST_general_error;
			goto clear;
		}
	} else {
		if (!get_page(mfn_to_page(act->mfn), e->d))
			return GNTST_bad_domain;
		e->pg = mfn_to_page(act->mfn);
	}
	act->pin += incr;
	e->have_grant = true;
	e->ref = ref;
	e->mfn = act->mfn;
	e->start = act->start;
	e->length = act->length;
	return GNTST_okay;

clear:
	gnttab_reduce_status(act, gnttab_use_word(rgt, ref), e->readonly);
	return rc;
}

static void release_end(struct copy_end *e)
{
	if (e->have_grant) {
		struct grant_table *rgt = e->d->grant_table;
		struct active_grant *act = gnttab_active(rgt, e->ref);

		act->pin -= e->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
		gnttab_reduce_status(act, gnttab_use_word(rgt, e->ref), e->readonly);
		e->have_grant = false;
	}
	if (e->have_type) {
		put_page_type(e->pg);
		e->have_type = false;
	}
	if (e->pg) {
		put_page(e->pg);
		e->pg = NULL;
	}
}

/*
 * Both domains are looked up first; then only the caller itself, as
 * DOMID_SELF, may be named by frame rather than by grant. (Xen 4.17's
 * source checks the DOMID_SELF rule first for each end, but Debian's
 * 4.17.7 build answers GNTST_bad_domain for an unknown domain at either
 * end before GNTST_permission_denied at the other: the oracle wins.)
 */
static int16_t find_domains(struct copy_end *src, struct copy_end *dst,
			    const struct gnttab_copy *op)
{
	src->d = gnttab_domain_by_any_id(op->source.domid);
	dst->d = gnttab_domain_by_any_id(op->dest.domid);
	if (!src->d || !dst->d)
		return GNTST_bad_domain;
	if ((op->source.domid != DOMID_SELF && !(op->flags & GNTCOPY_source_gref)) ||
	    (op->dest.domid != DOMID_SELF && !(op->flags & GNTCOPY_dest_gref)))
		return GNTST_permission_denied;
	return GNTST_okay;
}

static int16_t claim_end(struct copy_end *e, const struct gnttab_copy_ptr *p, bool by_gref)
{
	int16_t rc;

	if (by_gref) {
		rc = acquire_grant(e, p->u.ref, current->domain->domain_id);
		if (rc)
			return rc;
	} else {
		if (!mfn_valid(p->u.gmfn) || !get_page(mfn_to_page(p->u.gmfn), e->d))
			return GNTST_bad_page;
		e->pg = mfn_to_page(p->u.gmfn);
		e->mfn = p->u.gmfn;
		e->start = 0;
		e->length = PAGE_SIZE;
	}
	if (!e->readonly) {
		if (!get_page_type(e->pg, PGT_writable_page))
			return GNTST_general_error;
		e->have_type = true;
	}
	return GNTST_okay;
}

static bool within(const struct copy_end *e, uint16_t offset, uint16_t len)
{
	return offset >= e->start && offset + len <= e->start + e->length;
}

static int16_t copy_one(const struct gnttab_copy *op)
{
	struct copy_end src = { .readonly = true }, dst = { .readonly = false };
	int16_t rc;

	rc = find_domains(&src, &dst, op);
	if (!rc)
		rc = claim_end(&src, &op->source, op->flags & GNTCOPY_source_gref);
	if (!rc)
		rc = claim_end(&dst, &op->dest, op->flags & GNTCOPY_dest_gref);
	if (rc)
		goto out;
	if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE) {
		rc = GNTST_bad_copy_arg;
	} else if (!within(&src, op->source.offset, op->len) ||
		   !within(&dst, op->dest.offset, op->len)) {
		rc = GNTST_general_error;
	} else {
		memmove((char *)mfn_to_virt(dst.mfn) + op->dest.offset,
			(const char *)mfn_to_virt(src.mfn) + op->source.offset, op->len);
	}
out:
	release_end(&dst);
	release_end(&src);
	return rc;
}

long gnttab_copy(unsigned long uop, unsigned int count)
{
	struct gnttab_copy op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = copy_one(&op);
		if (copy_to_guest(uop + offsetof(struct gnttab_copy, status), &op.status,
				  sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}
