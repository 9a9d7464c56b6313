/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-frame metadata (the frame table) and the page allocator.
 *
 * count_info: general reference count (low bits) plus allocation flags.
 * type_info: the frame's current use (writable, L1-L4 table, descriptor
 * table), a type reference count, and validated/pinned flags. A frame may
 * change type only when its type count is zero; that is what stops a guest
 * from holding a writable mapping of its own page tables.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <hv/list.h>

struct domain;

struct page_info {
	struct list_head list;  /* free list, or the owner's page list */
	unsigned long count_info;
	unsigned long type_info;
	struct domain *owner;
	uint32_t order;         /* buddy order while free */
	uint32_t pad;
};

/* count_info */
#define PGC_count_mask   0x00ffffffffffffffUL
#define PGC_allocated    (1UL << 63)  /* owner holds its allocation reference */
#define PGC_free         (1UL << 62)  /* in the buddy allocator; order valid on the head */
#define PGC_reserved     (1UL << 61)  /* not RAM, or owned by the hypervisor image */
#define PGC_xen_heap     (1UL << 60)  /* hypervisor heap page */
#define PGC_iomem        (1UL << 59)  /* not RAM: device or firmware memory */

/* type_info */
#define PGT_none         (0UL << 60)
#define PGT_l1_page_table (1UL << 60)
#define PGT_l2_page_table (2UL << 60)
#define PGT_l3_page_table (3UL << 60)
#define PGT_l4_page_table (4UL << 60)
#define PGT_seg_desc_page (5UL << 60)
#define PGT_writable_page (7UL << 60)
#define PGT_type_mask    (7UL << 60)
#define PGT_pinned       (1UL << 59)
#define PGT_validated    (1UL << 58)
#define PGT_validating   (1UL << 57)  /* being (de)validated: no other type meanwhile */
#define PGT_count_mask   ((1UL << 40) - 1)

extern struct page_info *frame_table;
extern unsigned long max_page;       /* one past the highest machine frame */

static inline struct page_info *mfn_to_page(unsigned long mfn)
{
	return &frame_table[mfn];
}
static inline unsigned long page_to_mfn(const struct page_info *pg)
{
	return (unsigned long)(pg - frame_table);
}
static inline bool mfn_valid(unsigned long mfn)
{
	return mfn < max_page;
}

#define MAX_ORDER 20

/* Buddy allocator over the frame table (common/memory/page_alloc.c). */
void page_alloc_init(struct page_info *table, unsigned long nr_frames);
void page_alloc_add_range(unsigned long first_mfn, unsigned long nr);
struct page_info *alloc_pages(unsigned int order);
void free_pages(struct page_info *pg, unsigned int order);
unsigned long page_alloc_free_count(void);

/* Hypervisor heap pages, zeroed, addressed through the direct map. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
static inline void *alloc_xenheap_page(void) { return alloc_xenheap_pages(0); }
static inline void free_xenheap_page(void *va) { free_xenheap_pages(va, 0); }

/* Small allocations (common/memory/xmalloc.c). */
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))

long do_memory_op(unsigned long cmd, unsigned long arg);
/* XENMEM_acquire_resource (common/memory/resource.c); start from cmd. */
long memory_acquire_resource(unsigned long arg, unsigned long start);

/* Domain pages. */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
void free_domheap_pages(struct page_info *pg, unsigned int order);
void free_domheap_page(struct page_info *pg);
int domain_release_page(struct page_info *pg);
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);

/* Machine-to-phys table (writable view). */
#define M2P_INVALID (~0UL)
extern unsigned long *machine_to_phys;
static inline void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
	machine_to_phys[mfn] = pfn;
}

#endif
