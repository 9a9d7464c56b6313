/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op (hypercall 20): one domain lets another use some of its
 * frames. The granting domain writes entries into its grant table, frames
 * the hypervisor shares with it; the grantee names an entry by its index
 * (a grant reference) to map the frame, or asks the hypervisor to copy
 * to or from it. Numbers and layouts are Xen 4.17's; the text is ours.
 *
 * Hypercall: grant_table_op(cmd, uop, count). cmd and count are 32-bit;
 * count must not have bit 31 set (-EINVAL), cmd must have no bits above
 * bit 11 (-EINVAL). uop points at an array of count structures of the
 * sub-op's type; a uop inside the hypervisor's range is -EFAULT before
 * anything is done, a fault on one element is -EFAULT after the elements
 * before it were done. Per-element errors go into the element's status
 * (GNTST_*), and the call returns 0.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include <stdint.h>
#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/*
 * Version 1 entry, 8 bytes, 512 per frame. The granting guest fills domid
 * and frame, then (after a write barrier) flags with GTF_permit_access.
 * The hypervisor sets GTF_reading / GTF_writing while the grantee holds a
 * read / write use of the frame; the granter must not reuse the entry
 * until both are clear. For a PV granter, frame is a machine frame.
 */
struct grant_entry_v1 {
	uint16_t flags;    /* GTF_*: type in bits 0-1, then flags */
	domid_t domid;     /* who may use the entry */
	uint32_t frame;    /* the frame granted */
};

/* Entries 0-7 are kept for the toolstack (console ring, xenstore ring). */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type (flags bits 0-1). */
#define GTF_invalid          (0U << 0)
#define GTF_permit_access    (1U << 0)  /* domid may map or copy the frame */
#define GTF_accept_transfer  (2U << 0)  /* domid may transfer a frame here */
#define GTF_transitive       (3U << 0)  /* v2 only: forwards another grant */
#define GTF_type_mask        (3U << 0)

/* Flags of a GTF_permit_access entry. */
#define _GTF_readonly        2
#define GTF_readonly         (1U << _GTF_readonly)  /* granter: no writes */
#define _GTF_reading         3
#define GTF_reading          (1U << _GTF_reading)   /* hypervisor: in use */
#define _GTF_writing         4
#define GTF_writing          (1U << _GTF_writing)   /* hypervisor: written */
#define _GTF_PWT             5
#define GTF_PWT              (1U << _GTF_PWT)       /* cache attributes, */
#define _GTF_PCD             6
#define GTF_PCD              (1U << _GTF_PCD)       /* honoured for I/O */
#define _GTF_PAT             7
#define GTF_PAT              (1U << _GTF_PAT)       /* frames only */
#define _GTF_sub_page        8
#define GTF_sub_page         (1U << _GTF_sub_page)  /* v2: part of a page */

/* Flags of a GTF_accept_transfer entry. */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/*
 * Version 2 entry, 16 bytes, 256 per frame. The flags that the hypervisor
 * writes (GTF_reading, GTF_writing) move to a separate array of 16-bit
 * status words in status frames (GNTTABOP_get_status_frames).
 */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};

union grant_entry_v2 {
	struct grant_entry_header hdr;
	/* GTF_permit_access without GTF_sub_page, or GTF_accept_transfer. */
	struct {
		struct grant_entry_header hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	/* GTF_permit_access with GTF_sub_page: bytes [page_off, +length). */
	struct {
		struct grant_entry_header hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	/* GTF_transitive: domid may use grant gref of trans_domid as if its own. */
	struct {
		struct grant_entry_header hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t spacer[4];
};

typedef uint16_t grant_status_t;

/* Sub-operations (cmd). */
#define GNTTABOP_map_grant_ref        0
#define GNTTABOP_unmap_grant_ref      1
#define GNTTABOP_setup_table          2
#define GNTTABOP_dump_table           3
#define GNTTABOP_transfer             4
#define GNTTABOP_copy                 5
#define GNTTABOP_query_size           6
#define GNTTABOP_unmap_and_replace    7
#define GNTTABOP_set_version          8
#define GNTTABOP_get_status_frames    9
#define GNTTABOP_get_version         10
#define GNTTABOP_swap_grant_ref      11
#define GNTTABOP_cache_flush         12

/*
 * map_grant_ref: map grant ref of domain dom (a real domain id, not
 * DOMID_SELF) for the caller. GNTMAP_host_map installs a page-table entry
 * at host_addr (a virtual address of the caller's current page tables,
 * whose L1 must exist; with GNTMAP_contains_pte the machine address of the
 * entry itself). GNTMAP_device_map asks for a bus address (for a PV
 * caller, the machine address). OUT: status, handle (for unmap) and
 * dev_bus_addr (the frame's machine address, whatever the flags).
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;   /* IN */
	uint32_t flags;       /* IN: GNTMAP_* */
	grant_ref_t ref;      /* IN */
	domid_t dom;          /* IN: the granting domain */
	int16_t status;       /* OUT: GNTST_* */
	grant_handle_t handle;  /* OUT */
	uint64_t dev_bus_addr;  /* OUT */
};

/*
 * unmap_grant_ref: undo the parts of mapping handle that are named: the
 * host mapping if host_addr is non-zero (it must still map the frame with
 * the same access), the device mapping if dev_bus_addr is non-zero (it
 * must be the address map returned). Only status is written back.
 */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;     /* IN */
	uint64_t dev_bus_addr;  /* IN */
	grant_handle_t handle;  /* IN */
	int16_t status;         /* OUT */
};

/*
 * setup_table: grow domain dom's table to at least nr_frames frames and
 * write the first nr_frames frame numbers (machine frames for PV, which
 * then map them with update_va_mapping) to frame_list. count must be 1.
 * Only status is written back.
 */
struct gnttab_setup_table {
	domid_t dom;            /* IN */
	uint32_t nr_frames;     /* IN */
	int16_t status;         /* OUT */
	uint64_t frame_list;    /* IN: guest address of nr_frames uint64_t */
};

struct gnttab_dump_table {
	domid_t dom;
	int16_t status;
};

struct gnttab_transfer {
	uint64_t mfn;
	domid_t domid;
	grant_ref_t ref;
	int16_t status;
};

/*
 * copy: copy len bytes between two frames, each named by a grant ref of
 * domid (flag GNTCOPY_*_gref) or by a frame number of the caller
 * (domid must then be DOMID_SELF). Neither offset + len may pass the end of
 * the page. Only status is written back.
 */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		uint64_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source;  /* IN */
	struct gnttab_copy_ptr dest;    /* IN */
	uint16_t len;                   /* IN */
	uint16_t flags;                 /* IN: GNTCOPY_* */
	int16_t status;                 /* OUT */
};

/* query_size: current and largest table size of dom. count must be 1. */
struct gnttab_query_size {
	domid_t dom;            /* IN */
	uint32_t nr_frames;     /* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;         /* OUT */
};

struct gnttab_unmap_and_replace {
	uint64_t host_addr;
	uint64_t new_addr;
	grant_handle_t handle;
	int16_t status;
};

/*
 * set_version: switch the caller's table format (1 or 2; else -EINVAL).
 * Refused with -EBUSY while any entry from 8 up is in use. The table's
 * contents are cleared except the reserved entries 0-7. OUT: the version
 * in force afterwards, written back even on failure.
 */
struct gnttab_set_version {
	uint32_t version;       /* IN/OUT */
};

/* get_status_frames (version 2): like setup_table, for the status frames. */
struct gnttab_get_status_frames {
	uint32_t nr_frames;     /* IN */
	domid_t dom;            /* IN */
	int16_t status;         /* OUT */
	uint64_t frame_list;    /* IN: guest address of nr_frames uint64_t */
};

/* get_version: the table format of dom. Only version is written back. */
struct gnttab_get_version {
	domid_t dom;            /* IN */
	uint16_t pad;
	uint32_t version;       /* OUT */
};

/* swap_grant_ref: exchange two entries of the caller's table. */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;      /* IN */
	grant_ref_t ref_b;      /* IN */
	int16_t status;         /* OUT */
};

struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;
	uint16_t length;
#define GNTTAB_CACHE_CLEAN       (1U << 0)
#define GNTTAB_CACHE_INVAL       (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31)
	uint32_t op;
};

/* map_grant_ref flags. */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
/* Host mapping usable from guest user mode too (PTE gets the user bit). */
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
/* host_addr is the machine address of the PTE to write. */
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
/* Bits 16 and up go to the PTE's software-available bits 9-11. */
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-operation status. */
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

#endif
