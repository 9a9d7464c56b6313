// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant-entry rules (hypervisor/common/grant/entry.c) on entries and
 * tables of the test's own: who may start using an entry and what the
 * in-use flags become, pin counters and their limit, and the maptrack
 * free list (limit, one record held back, reuse order).
 */
#include <stdlib.h>
#include <string.h>
#include "runner.h"
#include "../../hypervisor/common/grant/grant-priv.h"

static struct grant_entry_header hdr(uint16_t flags, domid_t domid)
{
	return (struct grant_entry_header){ .flags = flags, .domid = domid };
}

/* First use of a v1 entry by domain 7: { entry flags, domid, readonly, mapping } -> result. */
TEST(grant, set_status_v1_table)
{
	static const struct {
		uint16_t flags;
		domid_t domid;
		bool ro, mapping;
		int rc;
		uint16_t after;
	} t[] = {
		{ GTF_permit_access, 7, false, true, GNTST_okay,
		  GTF_permit_access | GTF_reading | GTF_writing },
		{ GTF_permit_access, 7, true, true, GNTST_okay, GTF_permit_access | GTF_reading },
		{ GTF_permit_access | GTF_readonly, 7, false, true, GNTST_general_error,
		  GTF_permit_access | GTF_readonly },
		{ GTF_permit_access | GTF_readonly, 7, true, false, GNTST_okay,
		  GTF_permit_access | GTF_readonly | GTF_reading },
		{ GTF_permit_access, 8, true, true, GNTST_general_error, GTF_permit_access },
		{ GTF_invalid, 7, true, true, GNTST_general_error, GTF_invalid },
		{ GTF_accept_transfer, 7, true, false, GNTST_general_error, GTF_accept_transfer },
		{ GTF_transitive, 7, true, false, GNTST_general_error, GTF_transitive },
		/* The sub-page bit blocks maps, not copies. */
		{ GTF_permit_access | GTF_sub_page, 7, true, true, GNTST_general_error,
		  GTF_permit_access | GTF_sub_page },
		{ GTF_permit_access | GTF_sub_page, 7, true, false, GNTST_okay,
		  GTF_permit_access | GTF_sub_page | GTF_reading },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		struct grant_entry_header h = hdr(t[i].flags, t[i].domid);
		struct active_grant act = { 0 };
		int rc = gnttab_set_status(&h, NULL, &act, t[i].ro, t[i].mapping, 7);

		CHECKF(rc == t[i].rc, "row %u: rc %d", i, rc);
		CHECKF(h.flags == t[i].after && h.domid == t[i].domid, "row %u: flags %#x", i,
		       h.flags);
	}
}

TEST(grant, set_status_pinned_skips_owner_checks)
{
	struct grant_entry_header h = hdr(GTF_permit_access | GTF_reading, 9);
	struct active_grant act = { .pin = GNTPIN_hstr_inc, .domid = 7 };

	/* Pinned: domid no longer looked at, only GTF_readonly for a write use. */
	CHECK(gnttab_set_status(&h, NULL, &act, false, true, 7) == GNTST_okay);
	CHECK_EQ(h.flags, GTF_permit_access | GTF_reading | GTF_writing);
	h = hdr(GTF_permit_access | GTF_readonly | GTF_reading, 9);
	CHECK(gnttab_set_status(&h, NULL, &act, false, true, 7) == GNTST_general_error);
}

TEST(grant, set_status_v2)
{
	struct grant_entry_header h = hdr(GTF_permit_access, 7);
	struct active_grant act = { 0 };
	grant_status_t st = 0;

	CHECK(gnttab_set_status(&h, &st, &act, false, true, 7) == GNTST_okay);
	CHECK_EQ(st, GTF_reading | GTF_writing);
	CHECK_EQ(h.flags, GTF_permit_access);
	st = 0;
	h = hdr(GTF_permit_access | GTF_readonly, 7);
	CHECK(gnttab_set_status(&h, &st, &act, false, true, 7) == GNTST_general_error);
	CHECK_EQ(st, 0);
	h = hdr(GTF_transitive, 7);
	CHECK(gnttab_set_status(&h, &st, &act, true, true, 7) == GNTST_general_error);
	CHECK(gnttab_set_status(&h, &st, &act, true, false, 7) == GNTST_okay);
	CHECK_EQ(st, GTF_reading);
}

TEST(grant, reduce_status)
{
	struct active_grant act = { .pin = GNTPIN_devr_inc };
	uint16_t w = GTF_permit_access | GTF_reading | GTF_writing;

	gnttab_reduce_status(&act, &w, false);      /* only a read use left */
	CHECK_EQ(w, GTF_permit_access | GTF_reading);
	w |= GTF_writing;
	gnttab_reduce_status(&act, &w, true);       /* a read use ended: writing kept */
	CHECK_EQ(w, GTF_permit_access | GTF_reading | GTF_writing);
	act.pin = 0;
	gnttab_reduce_status(&act, &w, true);
	CHECK_EQ(w, GTF_permit_access | GTF_writing);
	gnttab_reduce_status(&act, &w, false);
	CHECK_EQ(w, GTF_permit_access);
	gnttab_reduce_status(&act, NULL, false);    /* no word: nothing to do */
}

TEST(grant, pins)
{
	struct active_grant act = { 0 };

	CHECK_EQ(gnttab_pin_incr(0), 0);
	CHECK_EQ(gnttab_pin_incr(GNTMAP_readonly), 0);
	CHECK_EQ(gnttab_pin_incr(GNTMAP_host_map), GNTPIN_hstw_inc);
	CHECK_EQ(gnttab_pin_incr(GNTMAP_host_map | GNTMAP_readonly), GNTPIN_hstr_inc);
	CHECK_EQ(gnttab_pin_incr(GNTMAP_device_map | GNTMAP_host_map),
		 GNTPIN_devw_inc | GNTPIN_hstw_inc);
	for (unsigned int i = 0; i < 128; i++) {
		CHECKF(!gnttab_pin_overflows(&act, GNTPIN_devw_inc), "use %u", i);
		act.pin += GNTPIN_devw_inc;
	}
	CHECK(gnttab_pin_overflows(&act, GNTPIN_devw_inc));
	CHECK(gnttab_pin_overflows(&act, GNTPIN_devw_inc | GNTPIN_hstw_inc));
	CHECK(!gnttab_pin_overflows(&act, GNTPIN_devr_inc | GNTPIN_hstw_inc));
}

static unsigned int frames_given, frame_budget;

static void *test_frame(void)
{
	if (frames_given == frame_budget)
		return NULL;
	frames_given++;
	return calloc(1, 4096);
}

static struct grant_table *new_table(unsigned int max_frames, unsigned int budget)
{
	struct grant_table *gt = calloc(1, sizeof(*gt));

	gt->max_maptrack_frames = max_frames;
	gt->maptrack_head = gt->maptrack_tail = MAPTRACK_TAIL;
	frames_given = 0;
	frame_budget = budget;
	return gt;
}

static void free_table(struct grant_table *gt)
{
	for (unsigned int i = 0; i < gt->maptrack_limit / MAPTRACK_PER_FRAME; i++)
		free(gt->maptrack[i]);
	free(gt);
}

TEST(grant, maptrack_limit_and_reuse)
{
	struct grant_table *gt = new_table(2, 100);
	unsigned int n = 0, last = MAPTRACK_PER_FRAME - 1;
	grant_handle_t h;

	/* The first frame's last record is held back while the second is used. */
	while ((h = maptrack_get(gt, test_frame)) != MAPTRACK_TAIL) {
		CHECKF(h == (n < last ? n : n + 1), "handle %u for request %u", h, n);
		maptrack_entry(gt, h)->flags = GNTMAP_host_map;
		n++;
	}
	CHECK_EQ(n, 2 * MAPTRACK_PER_FRAME - 1);
	CHECK_EQ(frames_given, 2);
	/* Freed handles queue up behind the held-back record, in order. */
	maptrack_put(gt, 5);
	maptrack_put(gt, 3);
	CHECK_EQ(maptrack_get(gt, test_frame), last);
	CHECK_EQ(maptrack_get(gt, test_frame), 5);
	CHECK_EQ(maptrack_get(gt, test_frame), MAPTRACK_TAIL); /* 3 is held back now */
	maptrack_put(gt, 7);
	CHECK_EQ(maptrack_get(gt, test_frame), 3);
	CHECK_EQ(maptrack_get(gt, test_frame), MAPTRACK_TAIL);
	CHECK_EQ(frames_given, 2);
	free_table(gt);
}

TEST(grant, maptrack_out_of_memory)
{
	struct grant_table *gt = new_table(1024, 0);

	CHECK_EQ(maptrack_get(gt, test_frame), MAPTRACK_TAIL);
	CHECK_EQ(gt->maptrack_limit, 0);
	free_table(gt);
	gt = new_table(0, 10);
	CHECK_EQ(maptrack_get(gt, test_frame), MAPTRACK_TAIL);
	free_table(gt);
}
