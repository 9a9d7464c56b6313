/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine memory map (hypervisor/lib/memmap.c): ranges of physical
 * address space with an E820 type, collected from the boot loader,
 * sanitized into a sorted list without overlaps, then carved so that what
 * remains as RAM can be handed to the page allocator.
 *
 * Typical boot use, with both maps static (each is about 3 KiB):
 *
 *	memmap_init(&raw);
 *	memmap_add_mb1(&raw, mbi_mmap, mbi_mmap_length);
 *	memmap_sanitize(&machine, &raw);	machine map, e.g. for dom0
 *	free = machine;
 *	memmap_carve(&free, hv_start, hv_end);	and each boot module
 *	for_each_memmap_ram(&free, r)
 *		give [r->start, r->end) to the allocator
 *
 * Ranges are [start, end): end is exclusive, so a range cannot include the
 * last byte of the 64-bit address space; one that would is clipped.
 */
#ifndef HV_LIB_MEMMAP_H
#define HV_LIB_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* E820 / multiboot types; anything else is stored as MEMMAP_RESERVED. */
enum memmap_type {
	MEMMAP_RAM	= 1,
	MEMMAP_RESERVED	= 2,
	MEMMAP_ACPI	= 3,	/* ACPI tables, reclaimable once parsed */
	MEMMAP_NVS	= 4,	/* ACPI non-volatile storage */
	MEMMAP_UNUSABLE	= 5,	/* bad memory */
};

#define MEMMAP_MAX_RANGES	128
#define MEMMAP_PAGE_SIZE	4096ULL

struct memmap_range {
	uint64_t start;
	uint64_t end;		/* exclusive */
	uint32_t type;		/* enum memmap_type */
};

struct memmap {
	unsigned int nr;
	struct memmap_range map[MEMMAP_MAX_RANGES];
};

/* Visits the RAM ranges of @m in order, with @rp a range pointer. */
#define for_each_memmap_ram(m, rp)					\
	for ((rp) = (m)->map; (rp) < (m)->map + (m)->nr; (rp)++)	\
		if ((rp)->type != MEMMAP_RAM) {} else

void memmap_init(struct memmap *m);

/*
 * Appends [start, start + len) as given (no sorting or merging). Empty
 * ranges are ignored. -ENOSPC when the map is full.
 */
int memmap_add(struct memmap *m, uint64_t start, uint64_t len, uint32_t type);

/*
 * Appends the entries of a multiboot1 memory map (mmap_addr/mmap_length):
 * each is {u32 size; u64 addr; u64 len; u32 type}, packed, and the next one
 * starts size + 4 bytes further. The whole buffer is checked first (every
 * entry at least 20 bytes and inside @length): -EINVAL if malformed and
 * -ENOSPC if the entries do not fit, and then nothing is added.
 */
int memmap_add_mb1(struct memmap *m, const void *mmap, size_t length);

/*
 * Appends the entries of a multiboot2 memory map tag (type 6): @tag points
 * at the tag header and @avail is how many bytes may be read from there.
 * Same all-or-nothing checks as memmap_add_mb1().
 */
int memmap_add_mb2(struct memmap *m, const void *tag, size_t avail);

/*
 * Writes into @out (not @in) the sorted, non-overlapping form of @in: where
 * ranges overlap the higher type wins, so any non-RAM type wins over RAM;
 * touching ranges of one type merge; RAM ranges then shrink inward to page
 * boundaries (and vanish if no whole page is left). -ENOSPC if the result
 * needs more than MEMMAP_MAX_RANGES ranges, -EINVAL if @out == @in.
 */
int memmap_sanitize(struct memmap *out, const struct memmap *in);

/*
 * Removes [start, end), widened to page boundaries, from the RAM ranges of
 * a sanitized map (other types are left alone). Splitting a range takes a
 * slot: -ENOSPC, with @m unchanged, if there is none.
 */
int memmap_carve(struct memmap *m, uint64_t start, uint64_t end);

/* Sum of the RAM ranges' sizes. */
uint64_t memmap_total_ram(const struct memmap *m);

/* Whether all of [start, end) is RAM in a sanitized map (false if empty). */
bool memmap_is_ram(const struct memmap *m, uint64_t start, uint64_t end);

/* "RAM", "reserved", "ACPI", "NVS", "unusable". */
const char *memmap_type_name(uint32_t type);

#endif /* HV_LIB_MEMMAP_H */
