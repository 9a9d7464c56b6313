/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest frame the hypervisor keeps writing for a long time (a registered
 * vcpu_info, FIFO control blocks and event arrays). A PV guest names it by
 * machine frame. While the hypervisor uses it, the frame holds a general
 * reference (so it stays the guest's) and a writable-type reference (so it
 * can never become a page table or descriptor table); it is reached through
 * the direct map.
 */
#ifndef HV_GUEST_FRAME_H
#define HV_GUEST_FRAME_H

#include <hv/lib.h>
#include <hv/config.h>
#include <hv/mm.h>
#include <hv/page-ref.h>

/* The frame's address, or NULL if d may not have it written (-EINVAL). */
static inline void *guest_frame_get_writable(const struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return NULL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return NULL;
	if (!get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return NULL;
	}
	return mfn_to_virt(mfn);
}

/* Drop what guest_frame_get_writable() took; `va` may point inside the page. */
static inline void guest_frame_put_writable(const void *va)
{
	struct page_info *pg;

	if (!va)
		return;
	pg = mfn_to_page(virt_to_mfn((void *)((unsigned long)va & PAGE_MASK)));
	put_page_type(pg);
	put_page(pg);
}

#endif
