// SPDX-License-Identifier: GPL-2.0-only
/*
 * The start-of-day layout of a 64-bit PV domU, as a pure computation:
 * one region mapped 1:1 from VIRT_BASE (pfn 0 upwards) holding, in
 * order, the kernel image, the initrd, the p2m, start_info, the xenstore
 * and console rings, the bootstrap page tables (L4, L3s, L2s, L1s) and a
 * boot stack, padded to a 4 MiB boundary with at least 512 KiB to spare;
 * and the page tables that map it (page-table frames read-only).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "build.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)
#define PTE_P	   (1ULL << 0)
#define PTE_RW	   (1ULL << 1)
#define PTE_US	   (1ULL << 2)
#define PTE_A	   (1ULL << 5)
#define PTE_D	   (1ULL << 6)
#define L1_PROT	   (PTE_P | PTE_RW | PTE_A)
#define UPPER_PROT (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define SLACK	   (512ULL << 10)
#define ALIGN_4M   (4ULL << 20)
/* Linux keeps one L2 of the boot mapping: the first GiB above the base. */
#define LINUX_BOOT_MAP_LIMIT (1ULL << 30)

static int lerr(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int lerr(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static uint64_t pages_of(uint64_t bytes)
{
	return (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Distinct tables at a level covering [start, end): shift 39/30/21. */
static unsigned int tables(uint64_t start, uint64_t end, unsigned int shift)
{
	return (unsigned int)(((end - 1) >> shift) - (start >> shift) + 1);
}

/* Round the end of `pfns` pages up to 4 MiB, with the slack. */
static uint64_t mapped_pages(uint64_t pfns)
{
	uint64_t bytes = (pfns << PAGE_SHIFT) + SLACK;

	return ((bytes + ALIGN_4M - 1) & ~(ALIGN_4M - 1)) >> PAGE_SHIFT;
}

int ctrl_pv_layout(const struct ctrl_pv_kernel *k, uint64_t ramdisk_len,
		   uint64_t nr_pages, struct ctrl_pv_layout *l, char *err,
		   size_t errlen)
{
	uint64_t pfn, npt;

	memset(l, 0, sizeof(*l));
	l->virt_base = k->virt_base;
	l->nr_pages = nr_pages;
	l->kernel_pfn = (k->virt_kstart - k->virt_base) >> PAGE_SHIFT;
	pfn = pages_of(k->virt_kend - k->virt_base);
	l->kernel_pages = pfn - l->kernel_pfn;
	l->ramdisk_pages = pages_of(ramdisk_len);
	l->ramdisk_pfn = pfn;
	pfn += l->ramdisk_pages;
	l->p2m_pages = pages_of(nr_pages * 8);
	for (;;) {
		uint64_t p = pfn;

		l->p2m_pfn = p;
		p += l->p2m_pages;
		l->start_info_pfn = p++;
		l->store_pfn = p++;
		l->console_pfn = p++;
		l->pt_pfn = p;
		/*
		 * The tables map the region they live in: grow their count
		 * until it covers itself (it settles within a few rounds).
		 */
		for (npt = 4;; npt++) {
			uint64_t map = mapped_pages(l->pt_pfn + npt + 1);
			uint64_t end = l->virt_base + (map << PAGE_SHIFT);

			if (map > (64ULL << 30) >> PAGE_SHIFT ||
			    end <= l->virt_base)
				return lerr(err, errlen, -E2BIG,
					    "the kernel does not fit below the "
					    "top of the address space");
			l->nr_l3 = tables(l->virt_base, end, 39);
			l->nr_l2 = tables(l->virt_base, end, 30);
			l->nr_l1 = tables(l->virt_base, end, 21);
			if (1 + l->nr_l3 + l->nr_l2 + l->nr_l1 <= npt)
				break;
		}
		l->nr_pt = npt;
		l->stack_pfn = l->pt_pfn + npt;
		l->map_pages = mapped_pages(l->stack_pfn + 1);
		if (l->ramdisk_unmapped || !l->ramdisk_pages ||
		    (l->map_pages << PAGE_SHIFT) <= LINUX_BOOT_MAP_LIMIT ||
		    !k->mod_start_pfn)
			break;
		/*
		 * Too big for Linux's boot mapping: pass the initrd by pfn
		 * after the mapped region instead (SIF_MOD_START_PFN).
		 */
		l->ramdisk_unmapped = true;
		pfn = l->ramdisk_pfn;
	}
	if (l->ramdisk_unmapped)
		l->ramdisk_pfn = l->map_pages;
	if ((l->map_pages << PAGE_SHIFT) > LINUX_BOOT_MAP_LIMIT)
		return lerr(err, errlen, -E2BIG,
			    "kernel and initrd need %llu MiB of boot mapping; "
			    "Linux takes over at most 1024 MiB",
			    (unsigned long long)(l->map_pages >> 8));
	if (l->map_pages + (l->ramdisk_unmapped ? l->ramdisk_pages : 0) >
	    nr_pages)
		return lerr(err, errlen, -ENOMEM,
			    "%llu MiB of memory is too small for this kernel "
			    "and initrd (they need %llu MiB)",
			    (unsigned long long)(nr_pages >> 8),
			    (unsigned long long)((l->map_pages +
						  (l->ramdisk_unmapped
							   ? l->ramdisk_pages
							   : 0) +
						  255) >> 8));
	return 0;
}

static uint64_t pte(uint64_t mfn, uint64_t prot)
{
	return (mfn << PAGE_SHIFT) | prot;
}

void ctrl_pv_write_pagetables(const struct ctrl_pv_layout *l,
			      const uint64_t *p2m, uint8_t *pt)
{
	uint64_t base = l->virt_base, end = base + (l->map_pages << PAGE_SHIFT);
	uint64_t l3_first = l->pt_pfn + 1;
	uint64_t l2_first = l3_first + l->nr_l3;
	uint64_t l1_first = l2_first + l->nr_l2;
	uint64_t va, pfn;

	memset(pt, 0, l->nr_pt << PAGE_SHIFT);
#define TABLE(pfn_) ((uint64_t *)(pt + (((pfn_) - l->pt_pfn) << PAGE_SHIFT)))
	for (va = base; va < end; va += PAGE_SIZE) {
		uint64_t i3 = (va >> 39) - (base >> 39);
		uint64_t i2 = (va >> 30) - (base >> 30);
		uint64_t i1 = (va >> 21) - (base >> 21);
		uint64_t prot = L1_PROT;

		pfn = (va - base) >> PAGE_SHIFT;
		TABLE(l->pt_pfn)[(va >> 39) & 511] =
			pte(p2m[l3_first + i3], UPPER_PROT);
		TABLE(l3_first + i3)[(va >> 30) & 511] =
			pte(p2m[l2_first + i2], UPPER_PROT);
		TABLE(l2_first + i2)[(va >> 21) & 511] =
			pte(p2m[l1_first + i1], UPPER_PROT);
		if (pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt)
			prot &= ~PTE_RW; /* page tables are never writable */
		TABLE(l1_first + i1)[(va >> 12) & 511] = pte(p2m[pfn], prot);
	}
#undef TABLE
}
