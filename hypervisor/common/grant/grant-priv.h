/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * State shared by the grant-table files. A domain's struct grant_table
 * has two halves: the granting side (its shared entries, and an active
 * entry per grant reference that records who has it pinned and which
 * frame) and the mapping side (maptrack: one record per mapping this
 * domain holds of some domain's grant, named by a handle).
 *
 * References held while a grant is used (rd grants, ld maps):
 *  - device mapping: one general reference on the frame, plus a
 *    writable-type reference unless read-only; held by the maptrack
 *    record, dropped by unmap or gnttab_release_mappings();
 *  - host mapping: the same, held by the page-table entry exactly as
 *    get_page_from_l1e() would hold it, so whoever removes the entry
 *    (unmap, or the guest overwriting it, or page-table teardown) drops
 *    them once, through put_page_from_l1e() or unmap;
 *  - copy: the same for the duration of the one operation.
 * The pin counts in the active entry count the uses; the entry's
 * GTF_reading / GTF_writing (v2: the status word) follow them.
 *
 * Locking: none yet (one CPU, interrupts off in the hypervisor). With SMP
 * each table gets a lock; an operation on two domains takes them in
 * domain-id order through one helper, and the active entry is only
 * changed under its table's lock.
 */
#ifndef GRANT_PRIV_H
#define GRANT_PRIV_H

#include <stdint.h>
#include <stdbool.h>
#include <hv/config.h>
#include <hv/grant.h>
#include <public/arch-x86_64.h>
#include <public/grant_table.h>

struct domain;

#define GNTTAB_INITIAL_FRAMES       1

#define GNTTAB_V1_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_V2_PER_FRAME (PAGE_SIZE / sizeof(union grant_entry_v2))
#define GNTTAB_STATUS_PER_FRAME (PAGE_SIZE / sizeof(grant_status_t))

/*
 * Pin counts: four 8-bit counters of host/device, read/write uses. A
 * counter that has reached 128 refuses further uses, so none overflows.
 */
#define GNTPIN_hstw_inc  (1U << 0)
#define GNTPIN_hstr_inc  (1U << 8)
#define GNTPIN_devw_inc  (1U << 16)
#define GNTPIN_devr_inc  (1U << 24)
#define GNTPIN_hstw_mask (0xffU << 0)
#define GNTPIN_hstr_mask (0xffU << 8)
#define GNTPIN_devw_mask (0xffU << 16)
#define GNTPIN_devr_mask (0xffU << 24)
#define GNTPIN_write_mask (GNTPIN_hstw_mask | GNTPIN_devw_mask)
/* The bit a counter sets when it reaches 128. */
#define GNTPIN_overflow_mask(inc) ((inc) << 7)

struct active_grant {
	uint32_t pin;           /* GNTPIN_* counters; 0 = not in use */
	domid_t domid;          /* who holds the pins */
	bool is_sub_page;       /* v2: only [start, start + length) usable */
	uint16_t start;
	uint16_t length;
	unsigned long mfn;      /* the frame pinned */
};

/* Active entries come in chunks of one v1 frame's worth of references. */
#define ACTIVE_PER_CHUNK GNTTAB_V1_PER_FRAME

/* One mapping of a grant; flags 0 = free (ref then links the free list). */
struct grant_mapping {
	grant_ref_t ref;
	uint16_t flags;         /* GNTMAP_device_map | host_map | readonly */
	domid_t domid;          /* the granting domain */
	uint64_t pad;
};

#define MAPTRACK_PER_FRAME (PAGE_SIZE / sizeof(struct grant_mapping))
#define MAPTRACK_TAIL      (~0U)

struct grant_table {
	struct domain *domain;
	unsigned int version;           /* 1 or 2 */
	unsigned int nr_frames;         /* shared frames in use */
	unsigned int nr_status_frames;  /* version 2 */
	void *shared[GNTTAB_MAX_FRAMES];
	grant_status_t *status[(GNTTAB_MAX_FRAMES * GNTTAB_V2_PER_FRAME +
				GNTTAB_STATUS_PER_FRAME - 1) / GNTTAB_STATUS_PER_FRAME];
	/* Chunk i holds references [i * ACTIVE_PER_CHUNK, (i + 1) * ...). */
	struct active_grant *active[GNTTAB_MAX_FRAMES];

	/*
	 * Mapping side: a free list through the free records, taken at the
	 * head and given back at the tail. Its last record is never handed
	 * out, so a table of n frames holds n * MAPTRACK_PER_FRAME - 1
	 * mappings, as Xen's per-vCPU lists do for a one-vCPU domain.
	 */
	unsigned int maptrack_limit;      /* handles below this exist */
	unsigned int maptrack_head, maptrack_tail;
	unsigned int max_maptrack_frames;
	struct grant_mapping *maptrack[GNTTAB_MAX_MAPTRACK_FRAMES];
};

/*
 * Xen checks only where a guest array starts: one in the hypervisor's
 * range is refused at once, one running into unmapped memory faults at
 * the first element it cannot reach.
 */
static inline bool gnttab_guest_handle_ok(unsigned long va)
{
	return va < 0x0000800000000000UL || va >= HYPERVISOR_VIRT_END;
}

/* table.c */
struct grant_table *gnttab_get(struct domain *d);
struct domain *gnttab_domain_by_id(domid_t id);
struct domain *gnttab_domain_by_any_id(domid_t id);
bool gnttab_may_control(const struct domain *cur, const struct domain *d);
unsigned int gnttab_nr_entries(const struct grant_table *gt);
struct active_grant *gnttab_active(struct grant_table *gt, grant_ref_t ref);
struct grant_entry_header *gnttab_shared_header(struct grant_table *gt, grant_ref_t ref);
grant_status_t *gnttab_status_word(struct grant_table *gt, grant_ref_t ref);
uint16_t *gnttab_use_word(struct grant_table *gt, grant_ref_t ref);
uint64_t gnttab_entry_frame(struct grant_table *gt, grant_ref_t ref);
void *gnttab_alloc_maptrack_frame(void);

/* entry.c: rules on entries and pins, no hardware access. */
int gnttab_set_status(struct grant_entry_header *shah, grant_status_t *status,
		      const struct active_grant *act, bool readonly, bool mapping,
		      domid_t ldomid);
void gnttab_reduce_status(const struct active_grant *act, uint16_t *word, bool readonly);
uint32_t gnttab_pin_incr(unsigned int gntmap_flags);
bool gnttab_pin_overflows(const struct active_grant *act, uint32_t pin_incr);
grant_handle_t maptrack_get(struct grant_table *lgt, void *(*alloc_frame)(void));
void maptrack_put(struct grant_table *lgt, grant_handle_t handle);
struct grant_mapping *maptrack_entry(struct grant_table *lgt, grant_handle_t handle);

/* map.c */
long gnttab_map_grant_ref(unsigned long uop, unsigned int count);
long gnttab_unmap_grant_ref(unsigned long uop, unsigned int count);

/* copy.c */
long gnttab_copy(unsigned long uop, unsigned int count);

#endif
