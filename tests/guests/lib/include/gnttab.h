/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables for the test kernels: the slice of Xen 4.17's
 * grant_table_op ABI the gnttab kernels use (numbers and layouts are ABI
 * facts, the text is ours), the hypercall wrapper, and helpers to find
 * the machine frame and page-table entry behind one of our own virtual
 * addresses.
 */
#ifndef TK_GNTTAB_H
#define TK_GNTTAB_H

#include <stdint.h>
#include "lib.h"
#include "hypercall.h"

#define HYPERCALL_grant_table_op 20

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;
typedef uint16_t domid_t;

#define DOMID_FIRST_RESERVED 0x7ff0
#define DOMID_SELF 0x7ff0
#define DOMID_XEN  0x7ff2

struct grant_entry_v1 {
	uint16_t flags;
	domid_t domid;
	uint32_t frame;
};

union grant_entry_v2 {
	struct {
		uint16_t flags;
		domid_t domid;
	} hdr;
	struct {
		uint16_t flags;
		domid_t domid;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		uint16_t flags;
		domid_t domid;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		uint16_t flags;
		domid_t domid;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t spacer[4];
};

#define GTF_invalid         0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_transitive      3
#define GTF_readonly        (1 << 2)
#define GTF_reading         (1 << 3)
#define GTF_writing         (1 << 4)
#define GTF_sub_page        (1 << 8)

#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6
#define GNTTABOP_unmap_and_replace  7
#define GNTTABOP_set_version        8
#define GNTTABOP_get_status_frames  9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

#define GNTMAP_device_map      (1 << 0)
#define GNTMAP_host_map        (1 << 1)
#define GNTMAP_readonly        (1 << 2)
#define GNTMAP_application_map (1 << 3)
#define GNTMAP_contains_pte    (1 << 4)
#define _GNTMAP_guest_avail0   16

#define GNTCOPY_source_gref (1 << 0)
#define GNTCOPY_dest_gref   (1 << 1)

#define GNTST_okay               0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg     (-10)
#define GNTST_address_too_big  (-11)
#define GNTST_eagain           (-12)
#define GNTST_no_space         (-13)

struct gnttab_map_grant_ref {
	uint64_t host_addr;
	uint32_t flags;
	grant_ref_t ref;
	domid_t dom;
	int16_t status;
	grant_handle_t handle;
	uint64_t dev_bus_addr;
};

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;
};

struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;
	uint64_t frame_list;
};

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		uint64_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source, dest;
	uint16_t len;
	uint16_t flags;
	int16_t status;
};

struct gnttab_query_size {
	domid_t dom;
	uint32_t nr_frames;
	uint32_t max_nr_frames;
	int16_t status;
};

struct gnttab_set_version {
	uint32_t version;
};

struct gnttab_get_status_frames {
	uint32_t nr_frames;
	domid_t dom;
	int16_t status;
	uint64_t frame_list;
};

struct gnttab_get_version {
	domid_t dom;
	uint16_t pad;
	uint32_t version;
};

struct gnttab_swap_grant_ref {
	grant_ref_t ref_a, ref_b;
	int16_t status;
};

_Static_assert(sizeof(struct grant_entry_v1) == 8, "v1 entry");
_Static_assert(sizeof(union grant_entry_v2) == 16, "v2 entry");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "setup");
_Static_assert(sizeof(struct gnttab_copy) == 40, "copy");
_Static_assert(sizeof(struct gnttab_query_size) == 16, "query");
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "status");
_Static_assert(sizeof(struct gnttab_get_version) == 8, "version");
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12, "swap");

static inline long hv_grant_table_op(unsigned long cmd, void *uop,
				     unsigned long count)
{
	return hypercall3(HYPERCALL_grant_table_op, cmd, uop, count);
}

/* Our kernel and its bootstrap structures are mapped from here (pfn 0). */
#define TK_VIRT_BASE 0xffffffff80000000UL
/* The read-only machine-to-phys table every PV guest sees. */
#define TK_M2P ((const uint64_t *)0xffff800000000000UL)
#define TK_PTE_MFN(e) (((e) & 0x000ffffffffff000UL) >> 12)
#define TK_PAGE_NX (1UL << 63)

/* Machine frame behind a virtual address of the bootstrap map. */
static inline uint64_t tk_virt_to_mfn(const void *va)
{
	uint64_t pfn = ((uint64_t)va - TK_VIRT_BASE) >> 12;

	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

/* Where a machine frame of ours is mapped (its pfn in the bootstrap map). */
static inline void *tk_mfn_to_virt(uint64_t mfn)
{
	return (void *)(TK_VIRT_BASE + (TK_M2P[mfn] << 12));
}

/*
 * The L1 entry that maps va, read through the bootstrap map of our page
 * tables (which are mapped read-only), or NULL if a level is missing.
 * *pte_maddr gets its machine address.
 */
static inline const uint64_t *tk_l1e(uint64_t va, uint64_t *pte_maddr)
{
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	uint64_t mfn = tk_virt_to_mfn(t);
	unsigned int shift = 39;

	for (;;) {
		unsigned int idx = (va >> shift) & 511;

		if (shift == 12) {
			if (pte_maddr)
				*pte_maddr = (mfn << 12) | (idx * 8);
			return &t[idx];
		}
		if (!(t[idx] & _PAGE_PRESENT))
			return NULL;
		mfn = TK_PTE_MFN(t[idx]);
		t = tk_mfn_to_virt(mfn);
		shift -= 9;
	}
}

static inline uint64_t tk_pte(const void *va)
{
	const uint64_t *e = tk_l1e((uint64_t)va, NULL);

	return e ? *e : 0;
}

#endif /* TK_GNTTAB_H */
