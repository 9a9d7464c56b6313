/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking a 64-bit PV guest's segment descriptors (hypervisor/lib/
 * segdesc.c) before a frame may serve as its GDT or LDT, or one descriptor
 * is written into such a frame. Both guest kernel and user run in ring 3,
 * so what the guest writes is adjusted as Xen 4.17 adjusts it:
 *
 *  - not present: accepted as it is (loading it faults anyway);
 *  - code or data (S=1), any type, base or limit: accepted with DPL raised
 *    to 3;
 *  - system type 0 (the upper half of a 16-byte gate): accepted as it is;
 *  - call gate (type 0xc): accepted if its target selector is a guest GDT
 *    entry (index below 7168), FLAT_KERNEL_CS (0xe033) or an LDT selector,
 *    and the parameter-count/reserved bits (high dword, bits 0-7) are 0;
 *    stored with DPL 0, so that using it traps, and the guest's DPL
 *    (after raising to 3) in the target selector's RPL;
 *  - any other system descriptor (TSS, LDT, interrupt or trap gate):
 *    refused.
 *
 * Pure: no hypervisor state, unit-tested on the host.
 */
#ifndef HV_LIB_SEGDESC_H
#define HV_LIB_SEGDESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEGDESC_FIRST_RESERVED_ENTRY 7168	/* 0xe000 / 8 */
#define SEGDESC_FLAT_KERNEL_CS       0xe033

/* Check one descriptor; on success *d may have been adjusted. */
bool segdesc_check(uint64_t *d);

/*
 * Check n descriptors in place, stopping at the first refused one.
 * Returns the number accepted (n when all are), adjusting each.
 */
size_t segdesc_check_table(uint64_t *t, size_t n);

#endif
