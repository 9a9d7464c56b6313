/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validation of guest page tables. A frame becomes an Ln table only after
 * every entry in it has been checked and has taken the references it
 * needs (an L2 entry a type reference on an L1 frame, and so on); it stops
 * being one (devalidation drops those references) only when nothing holds
 * a type reference on it any more and another type is asked for.
 */
#ifndef HV_PT_VALIDATE_H
#define HV_PT_VALIDATE_H

#include <stdbool.h>
#include <hv/mm.h>
#include <hv/page.h>

struct domain;

static inline bool is_pt_type(unsigned long type)
{
	type &= PGT_type_mask;
	return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

/* 1..4 for PGT_l1..l4. */
static inline unsigned int pt_level(unsigned long type)
{
	return (unsigned int)((type & PGT_type_mask) >> 60);
}

static inline unsigned long pt_type_of_level(unsigned int level)
{
	return (unsigned long)level << 60;
}

/* L4 slots a PV guest owns (the hypervisor's 256-271 are filled by us). */
static inline bool is_guest_l4_slot(unsigned int slot)
{
	return slot < 256 || slot > 271;
}

int get_page_from_entry(pte_t e, unsigned int level, struct domain *pg_owner);
void put_page_from_entry(pte_t e, unsigned int level, struct domain *pg_owner);
int validate_table(struct page_info *pg, unsigned long type);
void devalidate_table(struct page_info *pg, unsigned long type);

/* Get a page and a type reference at once (as for CR3 or a pin). */
int get_page_and_type(unsigned long mfn, struct domain *d, unsigned long type);
void put_page_and_type(struct page_info *pg);

#endif
