// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory before the page allocator exists: frames are taken top-down from
 * RAM below 4 GiB (covered by the boot page tables), avoiding everything
 * the loader placed and the image itself. Whatever bootmem hands out stays
 * allocated forever (frame table, early page tables).
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/boot.h>
#include <hv/bootmem.h>

static struct boot_info *binfo;
static struct boot_range taken[32];
static unsigned int nr_taken;

void bootmem_init(struct boot_info *bi)
{
	extern char __image_start[], __image_end[];

	binfo = bi;
	/* The image, and the first MiB (BIOS data, real-mode leftovers). */
	bootmem_reserve(virt_to_maddr(__image_start), virt_to_maddr(__image_end));
	bootmem_reserve(0, 1UL << 20);
	for (unsigned int i = 0; i < bi->nr_used; i++)
		bootmem_reserve(ROUNDDOWN(bi->used[i].start, PAGE_SIZE),
				ROUNDUP(bi->used[i].end, PAGE_SIZE));
}

void bootmem_reserve(uint64_t start, uint64_t end)
{
	if (nr_taken >= ARRAY_SIZE(taken))
		panic("bootmem: too many reserved ranges");
	taken[nr_taken].start = start;
	taken[nr_taken].end = end;
	nr_taken++;
}

bool bootmem_overlaps(uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < nr_taken; i++)
		if (start < taken[i].end && taken[i].start < end)
			return true;
	/* Non-RAM anywhere in the range also counts as taken. */
	for (unsigned int i = 0; i < binfo->nr_ranges; i++) {
		const struct boot_range *r = &binfo->ranges[i];

		if (r->type != 1 && start < r->end && r->start < end)
			return true;
	}
	return false;
}

static bool in_ram(uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < binfo->nr_ranges; i++) {
		const struct boot_range *r = &binfo->ranges[i];

		if (r->type == 1 && r->start <= start && end <= r->end)
			return true;
	}
	return false;
}

/* Returns the machine address of `pages` contiguous zeroed frames. */
uint64_t bootmem_alloc(unsigned long pages)
{
	uint64_t size = pages * PAGE_SIZE;

	for (unsigned int i = 0; i < binfo->nr_ranges; i++) {
		const struct boot_range *r = &binfo->ranges[i];
		uint64_t top;

		if (r->type != 1)
			continue;
		top = ROUNDDOWN(min(r->end, 4UL << 30), PAGE_SIZE);
		while (top >= r->start + size && top >= size) {
			uint64_t start = top - size;

			if (in_ram(start, top) && !bootmem_overlaps(start, top)) {
				bootmem_reserve(start, top);
				memset(maddr_to_virt(start), 0, size);
				return start;
			}
			top -= PAGE_SIZE;
		}
	}
	panic("bootmem: no room for %lu pages", pages);
}

void *bootmem_alloc_pt(void)
{
	return maddr_to_virt(bootmem_alloc(1));
}

/* Give every RAM frame not taken to the page allocator. */
void bootmem_release_to_heap(void (*add)(unsigned long mfn, unsigned long nr))
{
	for (unsigned int i = 0; i < binfo->nr_ranges; i++) {
		const struct boot_range *r = &binfo->ranges[i];
		uint64_t pa = ROUNDUP(r->start, PAGE_SIZE);
		uint64_t end = ROUNDDOWN(r->end, PAGE_SIZE);
		uint64_t run_start = 0;
		bool in_run = false;

		if (r->type != 1)
			continue;
		for (; pa < end; pa += PAGE_SIZE) {
			bool free = !bootmem_overlaps(pa, pa + PAGE_SIZE);

			if (free && !in_run) {
				run_start = pa;
				in_run = true;
			} else if (!free && in_run) {
				add(run_start >> PAGE_SHIFT, (pa - run_start) >> PAGE_SHIFT);
				in_run = false;
			}
		}
		if (in_run)
			add(run_start >> PAGE_SHIFT, (end - run_start) >> PAGE_SHIFT);
	}
}
