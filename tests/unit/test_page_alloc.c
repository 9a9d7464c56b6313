// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator (hypervisor/common/memory/page_alloc.c) on a frame
 * table of the test's own: alignment, no frame handed out twice, frames
 * outside the given ranges never handed out, coalescing back to the
 * largest blocks once everything is freed, and a seeded random workload
 * checked against a shadow bitmap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runner.h"
#include <hv/mm.h>

/* The allocator's only dependency outside itself. */
void bug_at(const char *file, int line, const char *what)
{
	fprintf(stderr, "BUG in the allocator: %s at %s:%d\n", what, file, line);
	abort();
}

#define NR_FRAMES 8192

static struct page_info *new_table(void)
{
	struct page_info *t = calloc(NR_FRAMES, sizeof(*t));

	page_alloc_init(t, NR_FRAMES);
	return t;
}

TEST(page_alloc, empty_and_limits)
{
	struct page_info *t = new_table();

	CHECK(page_alloc_free_count() == 0);
	CHECK(alloc_pages(0) == NULL);
	page_alloc_add_range(0, NR_FRAMES);
	CHECK(alloc_pages(MAX_ORDER + 1) == NULL);
	CHECK(alloc_pages(14) == NULL);            /* 16384 frames: more than there are */
	free(t);
}

TEST(page_alloc, coalesces_back)
{
	struct page_info *t = new_table();
	struct page_info *pg[NR_FRAMES + 1];
	unsigned long n = 0;

	page_alloc_add_range(0, NR_FRAMES);
	CHECK(page_alloc_free_count() == NR_FRAMES);
	while ((pg[n] = alloc_pages(0)) != NULL)
		n++;
	CHECK(n == NR_FRAMES);
	CHECK(page_alloc_free_count() == 0);
	for (unsigned long i = 0; i < n; i += 2)
		free_pages(pg[i], 0);
	for (unsigned long i = 1; i < n; i += 2)
		free_pages(pg[i], 0);
	CHECK(page_alloc_free_count() == NR_FRAMES);
	/* Every single frame freed in any order: one 2^13 block again. */
	pg[0] = alloc_pages(13);
	CHECK(pg[0] != NULL && page_to_mfn(pg[0]) == 0);
	free(t);
}

TEST(page_alloc, ranges_and_alignment)
{
	struct page_info *t = new_table();
	unsigned char *used = calloc(NR_FRAMES, 1);
	struct page_info *p;
	unsigned long got = 0;

	/* Two odd ranges; everything else must stay untouched. */
	page_alloc_add_range(3, 1000);
	page_alloc_add_range(5000, 777);
	CHECK(page_alloc_free_count() == 1777);
	for (unsigned int order = 6;; ) {
		p = alloc_pages(order);
		if (!p) {
			if (order == 0)
				break;
			order--;
			continue;
		}
		unsigned long mfn = page_to_mfn(p);

		CHECKF((mfn & ((1UL << order) - 1)) == 0, "order %u block at %lu unaligned", order, mfn);
		for (unsigned long i = 0; i < (1UL << order); i++) {
			unsigned long f = mfn + i;

			CHECKF((f >= 3 && f < 1003) || (f >= 5000 && f < 5777),
			       "frame %lu outside the ranges given", f);
			CHECKF(!used[f], "frame %lu handed out twice", f);
			used[f] = 1;
			got++;
		}
	}
	CHECK(got == 1777);
	CHECK(mfn_to_page(0)->count_info & PGC_reserved);
	free(used);
	free(t);
}

TEST(page_alloc, random_workload)
{
	struct page_info *t = new_table();
	unsigned char *used = calloc(NR_FRAMES, 1);
	struct { struct page_info *pg; unsigned int order; } live[4096];
	unsigned int nlive = 0;
	unsigned long in_use = 0;

	srand(0x5eed);
	page_alloc_add_range(1, NR_FRAMES - 1);
	for (int step = 0; step < 200000; step++) {
		if (nlive < 4096 && (rand() & 1)) {
			unsigned int order = rand() % 6;
			struct page_info *p = alloc_pages(order);

			if (!p)
				continue;
			unsigned long mfn = page_to_mfn(p);

			for (unsigned long i = 0; i < (1UL << order); i++) {
				CHECKF(!used[mfn + i], "step %d: frame %lu handed out twice", step, mfn + i);
				used[mfn + i] = 1;
			}
			in_use += 1UL << order;
			live[nlive].pg = p;
			live[nlive].order = order;
			nlive++;
		} else if (nlive) {
			unsigned int k = rand() % nlive;
			unsigned long mfn = page_to_mfn(live[k].pg);

			for (unsigned long i = 0; i < (1UL << live[k].order); i++)
				used[mfn + i] = 0;
			in_use -= 1UL << live[k].order;
			free_pages(live[k].pg, live[k].order);
			live[k] = live[--nlive];
		}
		if (page_alloc_free_count() + in_use != NR_FRAMES - 1) {
			CHECKF(0, "step %d: free count %lu + in use %lu != %d", step,
			       page_alloc_free_count(), in_use, NR_FRAMES - 1);
			break;
		}
	}
	while (nlive) {
		nlive--;
		free_pages(live[nlive].pg, live[nlive].order);
	}
	CHECK(page_alloc_free_count() == NR_FRAMES - 1);
	free(used);
	free(t);
}
