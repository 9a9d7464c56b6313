/* SPDX-License-Identifier: GPL-2.0-only */
/* x86-64 4-level page-table entries and index helpers. */
#ifndef HV_PAGE_H
#define HV_PAGE_H

#include <stdint.h>

#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define _PAGE_PAT      0x080UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_AVAIL    0xe00UL
#define _PAGE_NX       (1UL << 63)
#define PADDR_MASK     0x000ffffffffff000UL

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define ENTRIES_PER_TABLE 512

#define l1_table_offset(va) (((va) >> L1_SHIFT) & 511)
#define l2_table_offset(va) (((va) >> L2_SHIFT) & 511)
#define l3_table_offset(va) (((va) >> L3_SHIFT) & 511)
#define l4_table_offset(va) (((va) >> L4_SHIFT) & 511)

typedef uint64_t pte_t;

static inline unsigned long pte_mfn(pte_t e)
{
	return (e & PADDR_MASK) >> 12;
}
static inline pte_t pte_from_mfn(unsigned long mfn, uint64_t flags)
{
	return ((uint64_t)mfn << 12) | flags;
}

static inline int is_canonical(uint64_t va)
{
	return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

#endif
