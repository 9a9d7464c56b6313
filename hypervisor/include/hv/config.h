/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's virtual memory layout. Everything lives in L4 slots
 * 256-271, the range the PV64 ABI reserves, so that it is present in every
 * guest address space without colliding with guest mappings.
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/* Slot 256, first 256 GiB: the machine-to-phys table, read-only to guests. */
#define RO_MPT_VIRT_START   0xffff800000000000UL
#define RO_MPT_VIRT_END     0xffff804000000000UL
/* Slot 260: per-domain mappings (GDT/LDT shadows). */
#define PERDOMAIN_VIRT_START 0xffff820000000000UL
/* Slot 261: the writable M2P, then the hypervisor image. */
#define RDWR_MPT_VIRT_START 0xffff828000000000UL
#define RDWR_MPT_VIRT_END   0xffff82c000000000UL
#define HV_VIRT_OFFSET      0xffff82d040000000UL /* image VA - PA */
#define HV_LOAD_PHYS        0x200000UL
/* Slots 262-271: the direct map of machine memory (5 TiB). */
#define DIRECTMAP_VIRT_START 0xffff830000000000UL
#define DIRECTMAP_VIRT_END   0xffff880000000000UL

#define HV_L4_FIRST_SLOT 256
#define HV_L4_LAST_SLOT  271

#define STACK_ORDER 3
#define STACK_SIZE  (PAGE_SIZE << STACK_ORDER)
#define NR_CPUS     8
/* struct cpu_info at the top of each hypervisor stack; see hv/current.h. */
#define CPU_INFO_SIZE 256

/* Selectors in the reserved top of every GDT (guest frames sit below 0xe000). */
#define FIRST_RESERVED_GDT_BYTE 0xe000
#define HV_CS     0xe008
#define HV_DS     0xe010
#define HV_CS32   0xe038
#define TSS_SEL   0xe040
#define LDT_SEL   0xe050
#define GDT_PAGES 16

#ifndef __ASSEMBLY__
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

static inline void *maddr_to_virt(uint64_t ma)
{
	return (void *)(DIRECTMAP_VIRT_START + ma);
}

static inline uint64_t virt_to_maddr(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END)
		return v - DIRECTMAP_VIRT_START;
	return v - HV_VIRT_OFFSET;
}

#define mfn_to_virt(mfn) maddr_to_virt((uint64_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(va)  (virt_to_maddr(va) >> PAGE_SHIFT)
#endif

#endif
