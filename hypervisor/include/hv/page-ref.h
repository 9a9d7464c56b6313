/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * References on frames. A general reference (count_info) keeps a frame
 * owned by its domain; a type reference (type_info) pins its use, and a
 * frame changes type only when its type count is zero. Every mapping a
 * guest installs holds a general reference, and a writable one also a
 * writable-type reference, so a page table can never be mapped writable.
 */
#ifndef HV_PAGE_REF_H
#define HV_PAGE_REF_H

#include <stdbool.h>
#include <hv/mm.h>
#include <hv/page.h>

struct domain;

bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);
bool get_page_type(struct page_info *pg, unsigned long type);
/* As get_page_type, with the reason: -EINVAL (type conflict) or validation's error. */
int get_page_type_rc(struct page_info *pg, unsigned long type);
/* Drop every TLB entry a guest could still use (arch/x86/mm/paging.c). */
void flush_tlb_for_type_change(void);
void put_page_type(struct page_info *pg);

/*
 * Flag bits a PV guest may not set in an L1 entry. None, as in Xen 4.17:
 * cacheability bits only affect its own frames, bits 52-62 are ignored by
 * the CPU (protection keys stay off), and the global bit is inert because
 * the hypervisor never enables CR4.PGE.
 */
#define L1_DISALLOW_MASK 0UL

int get_page_from_l1e(pte_t e, const struct domain *d);
void put_page_from_l1e(pte_t e, const struct domain *d);
pte_t adjust_guest_l1e(pte_t e);
/* L2-L4 entries get the user bit too, or ring-3 guest kernels could not use them. */
static inline pte_t adjust_guest_upper(pte_t e)
{
	return (e & _PAGE_PRESENT) ? e | _PAGE_USER : e;
}

#endif
