// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmuext_op: pinning and unpinning page tables, switching the kernel and
 * user top-level tables, TLB and cache maintenance, and page clear/copy.
 * Like mmu_update, a batch stops at the first failure and reports `done`.
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
 * LDT support lives with the descriptor-table code; until it is linked in,
 * MMUEXT_SET_LDT reports the operation as unsupported.
 */
__attribute__((weak)) int pv_set_ldt(struct vcpu *v, unsigned long linear, unsigned int nr_ents)
{
	(void)v;
	(void)linear;
	(void)nr_ents;
	return -ENOSYS;
}

static int pin_table(struct domain *d, unsigned long mfn, unsigned long type)
{
	struct page_info *pg;
	int rc = get_page_and_type(mfn, d, type);

	if (rc) {
		if (mfn_valid(mfn))
			gprintk(LOG_DEBUG, "pin mfn %#lx as L%u: error %d (count %#lx type %#lx)\n",
				mfn, pt_level(type), rc, mfn_to_page(mfn)->count_info,
				mfn_to_page(mfn)->type_info);
		return rc;
	}
	pg = mfn_to_page(mfn);
	if (pg->type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	/* A dying domain's teardown may have passed this page already. */
	if (!d->is_dying)
		pg->type_info |= PGT_pinned;
	else
		put_page_and_type(pg);
	return 0;
}

static int unpin_table(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d || !(pg->type_info & PGT_pinned))
		return -EINVAL;
	pg->type_info &= ~PGT_pinned;
	put_page_and_type(pg);
	return 0;
}

/* Switch the kernel (or user) top-level table; the old one's reference goes. */
static int new_baseptr(struct vcpu *v, unsigned long mfn, bool user)
{
	unsigned long *slot = user ? &v->arch.guest_table_user : &v->arch.guest_table;
	unsigned long old = *slot;
	int rc;

	if (user && mfn == 0) {
		*slot = 0;
	} else {
		if (mfn == old)
			return 0;
		rc = get_page_and_type(mfn, v->domain, PGT_l4_page_table);
		if (rc)
			return rc;
		*slot = mfn;
	}
	if (guest_kernel_mode(v) != user)
		write_cr3(vcpu_cr3(v));
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

static int writable_frame(struct domain *d, unsigned long mfn, struct page_info **out)
{
	if (!mfn_valid(mfn) || get_page_and_type(mfn, d, PGT_writable_page))
		return -EINVAL;
	*out = mfn_to_page(mfn);
	return 0;
}

static int do_one(struct vcpu *v, struct domain *pg_owner, const struct mmuext_op *op)
{
	struct domain *d = v->domain;
	struct page_info *dst, *src;
	unsigned long mask;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(pg_owner, op->arg1.mfn,
				 pt_type_of_level(op->cmd - MMUEXT_PIN_L1_TABLE + 1));
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(pg_owner, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		if (pg_owner != d)
			return -EINVAL;
		return new_baseptr(v, op->arg1.mfn, false);
	case MMUEXT_NEW_USER_BASEPTR:
		if (pg_owner != d)
			return -EINVAL;
		return new_baseptr(v, op->arg1.mfn, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_TLB_FLUSH_ALL:
		flush_tlb_local();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_ALL:
		if (guest_range_ok(op->arg1.linear_addr, 1) && is_canonical(op->arg1.linear_addr))
			invlpg(op->arg1.linear_addr);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		/* The vCPU mask must be readable; one CPU runs guests, so flush here. */
		if (copy_from_guest(&mask, op->arg2.vcpumask, sizeof(mask)))
			return -EINVAL;
		if (op->cmd == MMUEXT_TLB_FLUSH_MULTI)
			flush_tlb_local();
		else if (guest_range_ok(op->arg1.linear_addr, 1) &&
			 is_canonical(op->arg1.linear_addr))
			invlpg(op->arg1.linear_addr);
		return 0;
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		if (!d->is_privileged)
			return -EACCES;
		__asm__ __volatile__("wbinvd" ::: "memory");
		return 0;
	case MMUEXT_SET_LDT:
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	case MMUEXT_CLEAR_PAGE:
		if (writable_frame(d, op->arg1.mfn, &dst))
			return -EINVAL;
		memset(mfn_to_virt(op->arg1.mfn), 0, PAGE_SIZE);
		put_page_and_type(dst);
		return 0;
	case MMUEXT_COPY_PAGE:
		if (!mfn_valid(op->arg2.src_mfn))
			return -EINVAL;
		src = mfn_to_page(op->arg2.src_mfn);
		if (!get_page(src, d))
			return -EINVAL;
		if (writable_frame(d, op->arg1.mfn, &dst)) {
			put_page(src);
			return -EINVAL;
		}
		memcpy(mfn_to_virt(op->arg1.mfn), mfn_to_virt(op->arg2.src_mfn), PAGE_SIZE);
		put_page_and_type(dst);
		put_page(src);
		return 0;
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
	default:
		return -ENOSYS;
	}
}

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom)
{
	struct vcpu *v = current;
	struct domain *pg_owner;
	unsigned int done = 0;
	long rc = 0;

	if (count > (1u << 30))
		return -EINVAL;
	rc = pv_get_pg_owner((domid_t)foreigndom, &pg_owner);
	if (rc)
		return rc;
	for (; done < count; done++) {
		struct mmuext_op op;

		if (copy_from_guest(&op, uops + done * sizeof(op), sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		rc = do_one(v, pg_owner, &op);
		if (rc)
			break;
	}
	if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
		rc = rc ? rc : -EFAULT;
	return rc;
}
