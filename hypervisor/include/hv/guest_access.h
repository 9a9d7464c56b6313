/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Access to guest virtual memory through the guest's own page tables (which
 * are loaded whenever the guest's hypercall or trap is being handled).
 * A range is accepted only if it lies wholly outside the hypervisor's
 * reserved hole and is canonical; a fault during the copy is caught by the
 * exception table, never trusted. CR0.WP makes read-only guest mappings
 * read-only for the hypervisor too, so a guest cannot make us write its
 * page tables. Each returns the number of bytes NOT copied (0 = success).
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <public/arch-x86_64.h>

size_t raw_copy_from_guest(void *dst, const void *src, size_t n);
size_t raw_copy_to_guest(void *dst, const void *src, size_t n);
size_t raw_clear_guest(void *dst, size_t n);

static inline bool guest_range_ok(unsigned long va, size_t n)
{
	unsigned long end = va + n;

	if (end < va)
		return false;
	if (n == 0)
		return true;
	/* Lower canonical half. */
	if (end <= 0x0000800000000000UL)
		return true;
	/* Upper canonical half, above the hypervisor's slots. */
	if (va >= HYPERVISOR_VIRT_END)
		return true;
	return false;
}

static inline size_t copy_from_guest(void *dst, unsigned long src, size_t n)
{
	if (!guest_range_ok(src, n))
		return n;
	return raw_copy_from_guest(dst, (const void *)src, n);
}

static inline size_t copy_to_guest(unsigned long dst, const void *src, size_t n)
{
	if (!guest_range_ok(dst, n))
		return n;
	return raw_copy_to_guest((void *)dst, src, n);
}

static inline size_t clear_guest(unsigned long dst, size_t n)
{
	if (!guest_range_ok(dst, n))
		return n;
	return raw_clear_guest((void *)dst, n);
}

/* Fixup records for instructions allowed to fault on guest addresses. */
struct ex_table_entry {
	unsigned long insn;
	unsigned long fixup;
};
unsigned long search_exception_table(unsigned long rip);

#endif
