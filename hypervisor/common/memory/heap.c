// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor heap: whole zeroed pages reached through the direct map, and
 * xmalloc for small objects. Small sizes come from power-of-two classes
 * carved out of pages; each block carries a header with its class so
 * xfree needs no size. The frame of a class page counts its blocks in use
 * (page_info.order, unused while a frame is allocated) and remembers its
 * class (page_info.pad): when the last block is freed the page goes back
 * to the heap, so what was made for a domain leaves nothing behind.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/config.h>

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = alloc_pages(order);
	void *va;

	if (!pg)
		return NULL;
	for (unsigned long i = 0; i < (1UL << order); i++)
		pg[i].count_info = PGC_xen_heap | 1;
	va = mfn_to_virt(page_to_mfn(pg));
	memset(va, 0, PAGE_SIZE << order);
	return va;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	if (va)
		free_pages(mfn_to_page(virt_to_mfn(va)), order);
}

#define XMALLOC_MAGIC 0x786d616cU
#define MIN_CLASS 5                 /* 32 bytes */
#define MAX_CLASS 11                /* 2048 bytes; bigger sizes take pages */

struct xmalloc_hdr {
	uint32_t magic;
	uint32_t cls;                   /* size class, or 64 + page order */
	uint64_t pad;
};

struct free_block {
	struct free_block *next;
};

static struct free_block *class_free[MAX_CLASS + 1];

static struct page_info *block_page(const void *b)
{
	return mfn_to_page(virt_to_mfn(b));
}

static void *class_alloc(unsigned int cls)
{
	struct free_block *b = class_free[cls];

	if (!b) {
		char *page = alloc_xenheap_page();
		size_t sz = 1UL << cls;

		if (!page)
			return NULL;
		block_page(page)->order = 0;
		block_page(page)->pad = cls;
		for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
			struct free_block *nb = (struct free_block *)(page + off);

			nb->next = class_free[cls];
			class_free[cls] = nb;
		}
		b = class_free[cls];
	}
	class_free[cls] = b->next;
	block_page(b)->order++;
	return b;
}

/* The page's last block came back: take all its blocks off the list. */
static void class_release_page(unsigned int cls, struct page_info *pg)
{
	struct free_block **pp = &class_free[cls];

	while (*pp) {
		if (block_page(*pp) == pg)
			*pp = (*pp)->next;
		else
			pp = &(*pp)->next;
	}
	free_xenheap_page(mfn_to_virt(page_to_mfn(pg)));
}

static void class_free_block(unsigned int cls, struct free_block *b)
{
	struct page_info *pg = block_page(b);

	BUG_ON(pg->pad != cls || pg->order == 0);
	b->next = class_free[cls];
	class_free[cls] = b;
	if (--pg->order == 0)
		class_release_page(cls, pg);
}

void *xmalloc_bytes(size_t size)
{
	size_t need = size + sizeof(struct xmalloc_hdr);
	struct xmalloc_hdr *h;

	if (size > (1UL << 30))
		return NULL;
	if (need <= (1UL << MAX_CLASS)) {
		unsigned int cls = MIN_CLASS;

		while ((1UL << cls) < need)
			cls++;
		h = class_alloc(cls);
		if (!h)
			return NULL;
		h->cls = cls;
	} else {
		unsigned int order = 0;

		while ((PAGE_SIZE << order) < need)
			order++;
		h = alloc_xenheap_pages(order);
		if (!h)
			return NULL;
		h->cls = 64 + order;
	}
	h->magic = XMALLOC_MAGIC;
	return h + 1;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	struct xmalloc_hdr *h;

	if (!p)
		return;
	h = (struct xmalloc_hdr *)p - 1;
	BUG_ON(h->magic != XMALLOC_MAGIC);
	h->magic = 0;
	if (h->cls >= 64) {
		free_xenheap_pages(h, h->cls - 64);
	} else {
		/* The free-list link overlays the header: read the class first. */
		class_free_block(h->cls, (struct free_block *)h);
	}
}
