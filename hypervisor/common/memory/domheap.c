// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pages owned by domains. An allocated page carries PGC_allocated and one
 * reference for it; the domain gives the page back by dropping that
 * reference, and the page returns to the heap when the last reference
 * (mappings, grants) is gone, never before.
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/mm.h>
#include <hv/domain.h>
#include <hv/page-ref.h>

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
	unsigned long n = 1UL << order;
	struct page_info *pg;

	if (d && (d->tot_pages + n > d->max_pages || d->is_dying))
		return NULL;
	pg = alloc_pages(order);
	if (!pg)
		return NULL;
	for (unsigned long i = 0; i < n; i++) {
		memset(mfn_to_virt(page_to_mfn(pg + i)), 0, PAGE_SIZE);
		pg[i].owner = d;
		pg[i].count_info = PGC_allocated | 1;
		pg[i].type_info = PGT_none;
		set_gpfn_from_mfn(page_to_mfn(pg + i), M2P_INVALID);
		if (d)
			list_add_tail(&pg[i].list, &d->page_list);
	}
	if (d)
		d->tot_pages += n;
	return pg;
}

/* The last reference to a domain page went: back to the heap. */
void free_domheap_page(struct page_info *pg)
{
	struct domain *d = pg->owner;

	if (d) {
		list_del(&pg->list);
		d->tot_pages--;
	}
	set_gpfn_from_mfn(page_to_mfn(pg), M2P_INVALID);
	pg->count_info = 0;
	free_pages(pg, 0);
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		domain_release_page(pg + i);
}

/*
 * A hypervisor page the guest may map (shared_info): owned by the domain
 * for reference checks, with a permanent writable-type reference so that
 * it can never be validated as a page table or descriptor page, which
 * would turn the hypervisor's own writes into page-table writes.
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
	pg->owner = d;
	pg->type_info = PGT_writable_page | PGT_validated | 1;
}

/* The domain gives the page up: drop the allocation reference. */
int domain_release_page(struct page_info *pg)
{
	if (!(pg->count_info & PGC_allocated))
		return -EINVAL;
	pg->count_info &= ~PGC_allocated;
	put_page(pg);
	return 0;
}
