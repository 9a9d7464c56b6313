// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buddy allocator over the frame table. Free blocks are naturally aligned
 * runs of 2^order frames; the head frame carries PGC_free and the order.
 * Pure bookkeeping on struct page_info: no hardware access, so the host
 * unit tests run it on an array of their own.
 *
 * Locking: callers run with interrupts disabled on the one CPU that
 * allocates (see domain.h); the SMP work puts a heap lock here.
 */
#include <hv/lib.h>
#include <hv/mm.h>

struct page_info *frame_table;
unsigned long max_page;

static struct list_head free_lists[MAX_ORDER + 1];
static unsigned long nr_free;

void page_alloc_init(struct page_info *table, unsigned long nr_frames)
{
	frame_table = table;
	max_page = nr_frames;
	nr_free = 0;
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_lists[o]);
	for (unsigned long i = 0; i < nr_frames; i++) {
		table[i].count_info = PGC_reserved;
		table[i].type_info = 0;
		table[i].owner = NULL;
		table[i].order = 0;
	}
}

static bool buddy_is_free(unsigned long mfn, unsigned int order)
{
	const struct page_info *pg;

	if (mfn >= max_page)
		return false;
	pg = &frame_table[mfn];
	return (pg->count_info & PGC_free) && pg->order == order;
}

static void free_block(unsigned long mfn, unsigned int order)
{
	while (order < MAX_ORDER) {
		unsigned long buddy = mfn ^ (1UL << order);

		if (!buddy_is_free(buddy, order))
			break;
		list_del(&frame_table[buddy].list);
		frame_table[buddy].count_info &= ~PGC_free;
		mfn &= ~(1UL << order);
		order++;
	}
	frame_table[mfn].count_info = PGC_free;
	frame_table[mfn].order = order;
	list_add(&frame_table[mfn].list, &free_lists[order]);
}

/* Hand a run of frames to the allocator: split into aligned blocks. */
void page_alloc_add_range(unsigned long mfn, unsigned long nr)
{
	unsigned long end = mfn + nr;

	if (end > max_page)
		end = max_page;
	while (mfn < end) {
		unsigned int order = 0;

		while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
		       mfn + (2UL << order) <= end)
			order++;
		for (unsigned long i = 0; i < (1UL << order); i++) {
			frame_table[mfn + i].count_info = 0;
			frame_table[mfn + i].type_info = 0;
			frame_table[mfn + i].owner = NULL;
		}
		nr_free += 1UL << order;
		free_block(mfn, order);
		mfn += 1UL << order;
	}
}

struct page_info *alloc_pages(unsigned int order)
{
	unsigned int o;
	unsigned long mfn;

	if (order > MAX_ORDER)
		return NULL;
	for (o = order; o <= MAX_ORDER; o++)
		if (!list_empty(&free_lists[o]))
			break;
	if (o > MAX_ORDER)
		return NULL;
	mfn = page_to_mfn(list_first_entry(&free_lists[o], struct page_info, list));
	list_del(&frame_table[mfn].list);
	frame_table[mfn].count_info &= ~PGC_free;
	/* Return the upper halves while splitting down to the asked order. */
	while (o > order) {
		o--;
		unsigned long half = mfn + (1UL << o);

		frame_table[half].count_info = PGC_free;
		frame_table[half].order = o;
		list_add(&frame_table[half].list, &free_lists[o]);
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		frame_table[mfn + i].count_info = 0;
		frame_table[mfn + i].type_info = 0;
		frame_table[mfn + i].owner = NULL;
	}
	nr_free -= 1UL << order;
	return &frame_table[mfn];
}

void free_pages(struct page_info *pg, unsigned int order)
{
	unsigned long mfn = page_to_mfn(pg);

	BUG_ON(order > MAX_ORDER || mfn + (1UL << order) > max_page);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		BUG_ON(frame_table[mfn + i].count_info & (PGC_free | PGC_reserved));
		frame_table[mfn + i].count_info = 0;
		frame_table[mfn + i].type_info = 0;
		frame_table[mfn + i].owner = NULL;
	}
	nr_free += 1UL << order;
	free_block(mfn, order);
}

unsigned long page_alloc_free_count(void)
{
	return nr_free;
}
