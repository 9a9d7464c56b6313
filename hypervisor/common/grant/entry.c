// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules of a grant entry and of the bookkeeping around it: whether a
 * domain may start using an entry (type, domid, read-only), the in-use
 * flags the hypervisor keeps in it, pin counts, and the maptrack free
 * list. Pure logic on memory it is handed: no page tables, no hardware.
 */
#include <hv/lib.h>
#include "grant-priv.h"

/*
 * A guest may rewrite its entry while we look at it: update flags and
 * domid together with one compare-and-exchange, and give up on an entry
 * that keeps changing rather than spin for the guest.
 */
#define SET_STATUS_RETRIES 5

static inline uint32_t header_word(uint16_t flags, domid_t domid)
{
	return flags | ((uint32_t)domid << 16);
}

static int set_status_v1(struct grant_entry_header *shah, const struct active_grant *act,
			 bool readonly, bool mapping, domid_t ldomid)
{
	/* Version 1 has no sub-page grants, but a map still refuses the bit. */
	uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
	uint32_t *raw = (uint32_t *)shah;
	uint32_t cur = __atomic_load_n(raw, __ATOMIC_RELAXED);

	for (unsigned int tries = 0;; tries++) {
		uint16_t flags = (uint16_t)cur, domid = (uint16_t)(cur >> 16);
		uint32_t want;

		/* An entry already pinned was checked when it was pinned. */
		if (!act->pin && ((flags & mask) != GTF_permit_access || domid != ldomid))
			return GNTST_general_error;
		want = header_word(flags | GTF_reading, domid);
		if (!readonly) {
			if (flags & GTF_readonly)
				return GNTST_general_error;
			want |= GTF_writing;
		}
		if (__atomic_compare_exchange_n(raw, &cur, want, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return GNTST_okay;
		if (tries + 1 == SET_STATUS_RETRIES)
			return GNTST_general_error;
	}
}

/* Maps take only whole-page access grants; copies also transitive ones. */
static bool v2_type_ok(uint16_t flags, bool mapping)
{
	uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);

	if ((flags & mask) == GTF_permit_access)
		return true;
	return !mapping && (flags & mask) == GTF_transitive;
}

/*
 * Version 2 keeps the in-use flags in a separate word: set them first,
 * then look at the entry again, so that a granter who checks the status
 * word before revoking cannot miss a use that is starting.
 */
static int set_status_v2(struct grant_entry_header *shah, grant_status_t *status,
			 const struct active_grant *act, bool readonly, bool mapping,
			 domid_t ldomid)
{
	uint16_t flags = READ_ONCE(shah->flags);
	domid_t domid = READ_ONCE(shah->domid);

	if (!act->pin && (!v2_type_ok(flags, mapping) || domid != ldomid))
		return GNTST_general_error;
	if (readonly) {
		__atomic_fetch_or(status, (uint16_t)GTF_reading, __ATOMIC_SEQ_CST);
	} else {
		if (flags & GTF_readonly)
			return GNTST_general_error;
		__atomic_fetch_or(status, (uint16_t)(GTF_reading | GTF_writing),
				  __ATOMIC_SEQ_CST);
	}
	flags = READ_ONCE(shah->flags);
	domid = READ_ONCE(shah->domid);
	if (!act->pin) {
		if (!v2_type_ok(flags, mapping) || domid != ldomid ||
		    (!readonly && (flags & GTF_readonly))) {
			__atomic_fetch_and(status, (uint16_t)~(GTF_reading | GTF_writing),
					   __ATOMIC_SEQ_CST);
			return GNTST_general_error;
		}
	} else if (flags & GTF_readonly) {
		__atomic_fetch_and(status, (uint16_t)~GTF_writing, __ATOMIC_SEQ_CST);
		return GNTST_general_error;
	}
	return GNTST_okay;
}

/*
 * Mark the entry in use for a read (or write) by ldomid. Called when the
 * entry is not pinned yet, or for a write use when it is pinned for
 * reading only. status is NULL for version 1. mapping: a map operation,
 * which may not use sub-page (or transitive) grants.
 */
int gnttab_set_status(struct grant_entry_header *shah, grant_status_t *status,
		      const struct active_grant *act, bool readonly, bool mapping,
		      domid_t ldomid)
{
	if (!status)
		return set_status_v1(shah, act, readonly, mapping, ldomid);
	return set_status_v2(shah, status, act, readonly, mapping, ldomid);
}

/*
 * After a use ends (or failed to start): clear GTF_reading when nothing
 * is pinned, GTF_writing when no write use is left. word is the entry's
 * flags (v1) or its status word (v2).
 */
void gnttab_reduce_status(const struct active_grant *act, uint16_t *word, bool readonly)
{
	uint16_t clear = act->pin ? 0 : GTF_reading;

	if (!word)
		return;
	if (!readonly && !(act->pin & GNTPIN_write_mask))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(word, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

/* The pin counters a map operation with these GNTMAP_* flags increments. */
uint32_t gnttab_pin_incr(unsigned int flags)
{
	uint32_t incr = 0;
	bool ro = flags & GNTMAP_readonly;

	if (flags & GNTMAP_device_map)
		incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
	if (flags & GNTMAP_host_map)
		incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	return incr;
}

bool gnttab_pin_overflows(const struct active_grant *act, uint32_t pin_incr)
{
	return act->pin & GNTPIN_overflow_mask(pin_incr);
}

struct grant_mapping *maptrack_entry(struct grant_table *lgt, grant_handle_t handle)
{
	return &lgt->maptrack[handle / MAPTRACK_PER_FRAME][handle % MAPTRACK_PER_FRAME];
}

/*
 * A free handle, or MAPTRACK_TAIL when the limit is reached or no frame
 * can be had. A new frame's records go in front of the list; its first
 * one is handed out.
 */
grant_handle_t maptrack_get(struct grant_table *lgt, void *(*alloc_frame)(void))
{
	struct grant_mapping *frame;
	grant_handle_t h = lgt->maptrack_head;

	if (h != MAPTRACK_TAIL && maptrack_entry(lgt, h)->ref != MAPTRACK_TAIL) {
		lgt->maptrack_head = maptrack_entry(lgt, h)->ref;
		return h;
	}
	if (lgt->maptrack_limit / MAPTRACK_PER_FRAME >= lgt->max_maptrack_frames)
		return MAPTRACK_TAIL;
	frame = alloc_frame();
	if (!frame)
		return MAPTRACK_TAIL;
	h = lgt->maptrack_limit;
	for (unsigned int i = 0; i < MAPTRACK_PER_FRAME; i++) {
		frame[i].ref = h + i + 1;
		frame[i].flags = 0;
	}
	frame[MAPTRACK_PER_FRAME - 1].ref = lgt->maptrack_head;
	if (lgt->maptrack_tail == MAPTRACK_TAIL)
		lgt->maptrack_tail = h + MAPTRACK_PER_FRAME - 1;
	lgt->maptrack[h / MAPTRACK_PER_FRAME] = frame;
	lgt->maptrack_limit += MAPTRACK_PER_FRAME;
	lgt->maptrack_head = h + 1;
	return h;
}

void maptrack_put(struct grant_table *lgt, grant_handle_t handle)
{
	struct grant_mapping *mt = maptrack_entry(lgt, handle);

	mt->flags = 0;
	mt->ref = MAPTRACK_TAIL;
	maptrack_entry(lgt, lgt->maptrack_tail)->ref = handle;
	lgt->maptrack_tail = handle;
}
