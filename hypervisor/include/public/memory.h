/* SPDX-License-Identifier: MIT */
/* memory_op (hypercall 12): reservations, maps and the M2P's location. */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include <stdint.h>

#define XENMEM_increase_reservation  0
#define XENMEM_decrease_reservation  1
#define XENMEM_maximum_ram_page      2
#define XENMEM_current_reservation   3
#define XENMEM_maximum_reservation   4
#define XENMEM_machphys_mfn_list     5
#define XENMEM_populate_physmap      6
#define XENMEM_add_to_physmap        7
#define XENMEM_memory_map            9
#define XENMEM_machine_memory_map   10
#define XENMEM_exchange             11
#define XENMEM_machphys_mapping     12
#define XENMEM_set_memory_map       13
#define XENMEM_maximum_gpfn         14
#define XENMEM_acquire_resource     28

/* The sub-op is the low bits of cmd; the rest is where to continue. */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1u << MEMOP_EXTENT_SHIFT) - 1)

/*
 * A batch of extents (2^extent_order frames each). For a PV guest,
 * populate_physmap takes pfns in extent_start and returns the machine frames
 * there; increase_reservation returns machine frames; decrease_reservation
 * takes machine frames. The result is the number of extents done.
 */
struct xen_memory_reservation {
	uint64_t extent_start;   /* guest pointer to xen_pfn_t[] */
	uint64_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;      /* bits 0-7: address bits (0 = any) */
	uint16_t domid;
	uint16_t pad[3];
};
#define XENMEMF_address_bits(f) ((f) & 0xff)

struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	uint64_t nr_exchanged;   /* OUT */
};

struct xen_machphys_mfn_list {
	uint32_t max_extents;
	uint32_t pad;
	uint64_t extent_start;   /* OUT: first frame of each 2 MiB of the M2P */
	uint32_t nr_extents;     /* OUT */
	uint32_t pad2;
};

struct xen_machphys_mapping {
	uint64_t v_start, v_end;
	uint64_t max_mfn;
};

/* A map is an array of E820 entries (20 bytes, packed). */
struct xen_memory_map {
	uint32_t nr_entries;     /* IN: room; OUT: entries written */
	uint32_t pad;
	uint64_t buffer;
};

struct e820entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

/*
 * XENMEM_acquire_resource: the frames of a resource of another domain, for
 * a privileged caller to map. For a PV caller they come back as machine
 * frames in frame_list, to be mapped with mmu_update naming `domid` as the
 * foreign domain.
 *  - frame_list NULL and nr_frames 0 (and no continuation): the size of
 *    the whole resource comes back in nr_frames;
 *  - otherwise frames [frame, frame + nr_frames) are written to frame_list;
 *    a grant table grows to hold the last one if its limit allows.
 * Errors: pad not 0, frame or frame + nr_frames not below 2^32, a bad id,
 * an empty resource (ioreq servers and vmtrace buffers of a PV domain),
 * frames past the end: -EINVAL; no such domain: -ESRCH; the caller itself
 * or an unprivileged caller: -EPERM; an unknown type: -EOPNOTSUPP.
 * Continuations carry the frames done in cmd, as reservations do.
 */
struct xen_mem_acquire_resource {
	uint16_t domid;          /* IN */
	uint16_t type;           /* IN: XENMEM_resource_* */
	uint32_t id;             /* IN: type-specific, 0 unless said below */
	uint32_t nr_frames;      /* IN; OUT for a size query */
	uint32_t pad;            /* must be 0 (once an OUT flags field) */
	uint64_t frame;          /* IN: first frame of the resource wanted */
	uint64_t frame_list;     /* guest pointer to xen_pfn_t[]: OUT for PV */
};

#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table  1
#define XENMEM_resource_vmtrace_buf  2

/* Grant table ids: the entries, or (version 2) the status frames. */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

#endif
