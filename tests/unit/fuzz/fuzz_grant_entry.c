/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the grant-entry rules of common/grant/entry.c
 * (unchanged, included below: the fuzz build links only the lib).
 *
 * Input: a header byte (bit 0: table version 2; bits 1-2: maptrack frame
 * limit 0-3; bits 3-4: how many maptrack frames the allocator will give),
 * then operations, one code byte and its argument bytes each:
 *   0 set_status on random contents, checked against the rules;
 *   1 reduce_status on random contents, checked likewise;
 *   2 pin_incr / pin_overflows on random flags and counters;
 *   3 start a use of one entry, as map.c's pin_for_map() or copy.c's
 *     acquire_grant() do (set_status when the entry is not pinned or for a
 *     first write use, then the pin counters), including their failure
 *     paths (bad frame, entry changed under a read-only pin, transitive);
 *   4 end (part of) a use, as unmap_one() / release_end() do;
 *   5 the granter rewrites its entry (v1: not the in-use bits);
 *   6 maptrack_get, 7 maptrack_put of a handle in use.
 * After every operation: GTF_reading is set in the use word (v1 flags, v2
 * status) exactly while the entry is pinned, GTF_writing exactly while a
 * write use is pinned; the pin counters are the sum of the live uses and
 * none passes 128; every live use is by the pinning domain; the hypervisor
 * changed nothing of the entry but those two bits (v1) or nothing at all
 * (v2); maptrack hands out exactly the handles a model free list (taken at
 * the head, given back at the tail, a new frame's records in front, the
 * last record held back) predicts, never one in use. Violations abort.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib-rename.h"
#include "../../../hypervisor/common/grant/entry.c"
#include "lib-unrename.h"
#include "fuzz_seeds.h"

#define GRANTED_TO 7			/* the domain the entry names */
#define INUSE (GTF_reading | GTF_writing)

static void fail(const char *what)
{
	fprintf(stderr, "grant-entry invariant broken: %s\n", what);
	abort();
}
#define REQUIRE(c) do { if (!(c)) fail(#c); } while (0)

struct in {
	const uint8_t *p;
	size_t n;
};

static bool take(struct in *in, void *out, size_t k)
{
	if (in->n < k)
		return false;
	memcpy(out, in->p, k);
	in->p += k;
	in->n -= k;
	return true;
}

/* ---- Stateless checks on random contents ---- */

static bool type_ok(uint16_t flags, bool v2, bool mapping)
{
	uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);

	if ((flags & mask) == GTF_permit_access)
		return true;
	return v2 && !mapping && (flags & mask) == GTF_transitive;
}

static void check_set_status(struct in *in)
{
	struct {
		uint16_t flags, domid, status, ldomid;
		uint32_t pin;
		uint8_t bits;
	} r;
	/* Aligned as in a shared frame: v1 updates flags and domid as one word. */
	struct grant_entry_header h __attribute__((aligned(8)));
	struct active_grant act = { 0 };
	grant_status_t st;
	bool ro, mapping, v2, want;
	int rc;

	if (!take(in, &r, sizeof(r)))
		return;
	ro = r.bits & 1;
	mapping = r.bits & 2;
	v2 = r.bits & 4;
	act.pin = r.bits & 8 ? r.pin : 0;
	/* The contract: a pinned entry is only asked for a (first) write use. */
	if (act.pin)
		ro = false;
	if (r.bits & 16)
		r.ldomid = r.domid;
	h = (struct grant_entry_header){ .flags = r.flags, .domid = r.domid };
	st = r.status;
	rc = gnttab_set_status(&h, v2 ? &st : NULL, &act, ro, mapping, r.ldomid);
	REQUIRE(rc == GNTST_okay || rc == GNTST_general_error);
	/* Owner and type are checked only for a first use; a write never on a read-only entry. */
	want = (act.pin || (type_ok(r.flags, v2, mapping) && r.domid == r.ldomid)) &&
	       (ro || !(r.flags & GTF_readonly));
	REQUIRE((rc == GNTST_okay) == want);
	REQUIRE(h.domid == r.domid);
	if (v2) {
		REQUIRE(h.flags == r.flags);
		REQUIRE(st == (rc ? r.status : r.status | GTF_reading | (ro ? 0 : GTF_writing)));
	} else {
		REQUIRE(st == r.status);
		REQUIRE(h.flags == (rc ? r.flags : r.flags | GTF_reading | (ro ? 0 : GTF_writing)));
	}
	/* A map never starts on a sub-page grant, nor on a transitive one. */
	if (rc == GNTST_okay && mapping && !act.pin)
		REQUIRE((r.flags & (GTF_type_mask | GTF_sub_page)) == GTF_permit_access);
}

static void check_reduce_status(struct in *in)
{
	struct {
		uint32_t pin;
		uint16_t word;
		uint8_t bits;
	} r;
	struct active_grant act = { 0 };
	uint16_t w;
	bool ro;

	if (!take(in, &r, sizeof(r)))
		return;
	ro = r.bits & 1;
	act.pin = r.bits & 2 ? r.pin : r.bits & 4 ? (r.pin & 0xff00ff00U) : 0;
	w = r.word;
	gnttab_reduce_status(&act, &w, ro);
	REQUIRE((w & ~r.word) == 0);			/* only clears */
	REQUIRE((w & ~INUSE) == (r.word & ~INUSE));	/* only the in-use bits */
	REQUIRE(!act.pin ? !(w & GTF_reading) : (w & GTF_reading) == (r.word & GTF_reading));
	if (act.pin & GNTPIN_write_mask)
		REQUIRE((w & GTF_writing) == (r.word & GTF_writing));
	else if (!ro)
		REQUIRE(!(w & GTF_writing));
	else
		REQUIRE((w & GTF_writing) == (r.word & GTF_writing)); /* a read use ended */
	gnttab_reduce_status(&act, NULL, ro);		/* no word: nothing to do */
}

static void check_pins(struct in *in)
{
	struct {
		uint32_t flags, pin;
	} r;
	struct active_grant act;
	uint32_t incr, want = 0;
	bool ro;

	if (!take(in, &r, sizeof(r)))
		return;
	ro = r.flags & GNTMAP_readonly;
	incr = gnttab_pin_incr(r.flags);
	if (r.flags & GNTMAP_device_map)
		want += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
	if (r.flags & GNTMAP_host_map)
		want += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	REQUIRE(incr == want);
	act.pin = r.pin;
	/* Refused exactly when a counter it would increment has reached 128. */
	bool over = false;
	for (unsigned int s = 0; s < 32; s += 8)
		if (((incr >> s) & 0xff) && ((r.pin >> s) & 0x80))
			over = true;
	REQUIRE(gnttab_pin_overflows(&act, incr) == over);
	if (!over)
		for (unsigned int s = 0; s < 32; s += 8)
			REQUIRE(((r.pin >> s) & 0xff) + ((incr >> s) & 0xff) <= 0xff);
}

/* ---- One entry through a sequence of uses ---- */

#define MAX_USES 300

static struct {
	bool v2;
	struct grant_entry_header hdr __attribute__((aligned(8)));	/* the shared entry */
	grant_status_t status;		/* v2 status word */
	struct grant_entry_header guest;	/* what the granter last wrote */
	struct active_grant act;
	struct {
		uint32_t incr;
		bool ro;
		domid_t ld;
	} use[MAX_USES];
	unsigned int nuses;
} E;

static uint16_t *use_word(void)
{
	return E.v2 ? &E.status : &E.hdr.flags;
}

static void check_entry(void)
{
	uint32_t sum = 0;
	uint16_t w = *use_word();

	for (unsigned int i = 0; i < E.nuses; i++) {
		sum += E.use[i].incr;
		REQUIRE(E.use[i].ld == E.act.domid);
	}
	REQUIRE(E.act.pin == sum);
	for (unsigned int s = 0; s < 32; s += 8)
		REQUIRE(((E.act.pin >> s) & 0xff) <= 128);
	REQUIRE(!!(w & GTF_reading) == !!E.act.pin);
	REQUIRE(!!(w & GTF_writing) == !!(E.act.pin & GNTPIN_write_mask));
	REQUIRE(E.hdr.domid == E.guest.domid);
	if (E.v2)
		REQUIRE(E.hdr.flags == E.guest.flags);
	else
		REQUIRE((E.hdr.flags & ~INUSE) == (E.guest.flags & ~INUSE));
}

/* The start of a use, as pin_for_map() (mapping) or acquire_grant() (copy). */
static void start_use(struct in *in)
{
	uint8_t f;
	bool dev, host, ro, copy, bad_frame, changed, mapping, sub;
	uint32_t incr;
	uint16_t before = *use_word(), flags;
	domid_t ld;
	int rc;

	if (!take(in, &f, 1) || E.nuses == MAX_USES)
		return;
	dev = f & 1;
	host = f & 2;
	ro = f & 4;
	copy = f & 8;
	bad_frame = f & 16;
	changed = f & 32;
	ld = f & 64 ? GRANTED_TO + 1 : GRANTED_TO;
	mapping = !copy;
	if (copy)
		incr = ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	else
		incr = gnttab_pin_incr((dev ? GNTMAP_device_map : 0) | (host ? GNTMAP_host_map : 0) |
				       (ro ? GNTMAP_readonly : 0));
	if (!incr)
		return;				/* map_one(): GNTST_bad_gntref */
	if (E.act.pin && (E.act.domid != ld || gnttab_pin_overflows(&E.act, incr) ||
			  (mapping && E.act.is_sub_page)))
		return;
	flags = E.hdr.flags;
	if (copy && E.v2 && (flags & GTF_type_mask) == GTF_transitive) {
		/* Not followed: status set and cleared again. */
		if (!E.act.pin || (!ro && !(E.act.pin & GNTPIN_write_mask))) {
			if (gnttab_set_status(&E.hdr, E.v2 ? &E.status : NULL, &E.act, ro, false, ld))
				return;
		}
		gnttab_reduce_status(&E.act, use_word(), ro);
		REQUIRE(*use_word() == before);
		return;
	}
	if (!E.act.pin || (!ro && !(E.act.pin & GNTPIN_write_mask))) {
		rc = gnttab_set_status(&E.hdr, E.v2 ? &E.status : NULL, &E.act, ro, mapping, ld);
		if (rc) {
			REQUIRE(*use_word() == before);	/* a refusal leaves no trace */
			return;
		}
		/* What a first use needs of the entry. */
		if (!E.act.pin) {
			REQUIRE(E.hdr.domid == ld);
			REQUIRE(type_ok(flags, E.v2, mapping));
		}
		REQUIRE(ro || !(flags & GTF_readonly));
		if (!E.act.pin && bad_frame) {
			gnttab_reduce_status(&E.act, use_word(), ro);
			REQUIRE(*use_word() == before);
			return;
		}
		if (E.act.pin && copy && changed) {
			/* acquire_grant(): the entry changed under a read-only pin. */
			gnttab_reduce_status(&E.act, use_word(), ro);
			REQUIRE(*use_word() == before);
			return;
		}
		if (!E.act.pin) {
			sub = copy && E.v2 && (flags & GTF_sub_page);
			E.act.domid = ld;
			E.act.is_sub_page = sub;
		}
	}
	E.act.pin += incr;
	E.use[E.nuses].incr = incr;
	E.use[E.nuses].ro = ro;
	E.use[E.nuses].ld = ld;
	E.nuses++;
}

/* The end of a use, or of its host or device part (unmap_one()). */
static void end_use(struct in *in)
{
	uint8_t b[2];
	unsigned int i;
	uint32_t part, host, dev;

	if (!take(in, b, 2) || !E.nuses)
		return;
	i = b[0] % E.nuses;
	host = E.use[i].incr & (GNTPIN_hstw_mask | GNTPIN_hstr_mask);
	dev = E.use[i].incr & (GNTPIN_devw_mask | GNTPIN_devr_mask);
	part = b[1] % 3 == 0 ? host : b[1] % 3 == 1 ? dev : E.use[i].incr;
	if (!part)
		part = E.use[i].incr;
	E.act.pin -= part;
	E.use[i].incr -= part;
	gnttab_reduce_status(&E.act, use_word(), E.use[i].ro);
	if (!E.use[i].incr)
		E.use[i] = E.use[--E.nuses];
}

static void guest_edit(struct in *in)
{
	struct {
		uint16_t flags;
		uint8_t dom;
	} r;

	if (!take(in, &r, sizeof(r)))
		return;
	E.guest.flags = r.flags;
	E.guest.domid = r.dom & 1 ? GRANTED_TO : r.dom;
	E.hdr.domid = E.guest.domid;
	if (E.v2)
		E.hdr.flags = r.flags;
	else
		E.hdr.flags = (r.flags & ~INUSE) | (E.hdr.flags & INUSE);
}

/* ---- Maptrack against a model free list ---- */

#define MT_MAX (3 * MAPTRACK_PER_FRAME)

static struct grant_table *gt;
static unsigned int frames_left, frames_given;
static void *frames[4];
static grant_handle_t q[MT_MAX + 1];	/* the model's free list */
static unsigned int qh, qn;		/* head index, length (ring) */
static bool in_use[MT_MAX];
static grant_handle_t used[MT_MAX];
static unsigned int nused;

static void *mt_frame(void)
{
	if (!frames_left)
		return NULL;
	frames_left--;
	frames[frames_given] = calloc(1, PAGE_SIZE);
	return frames[frames_given++];
}

static void q_push_back(grant_handle_t h)
{
	q[(qh + qn++) % (MT_MAX + 1)] = h;
}

static void q_push_front(grant_handle_t h)
{
	qh = (qh + MT_MAX) % (MT_MAX + 1);
	q[qh] = h;
	qn++;
}

static grant_handle_t q_pop(void)
{
	grant_handle_t h = q[qh];

	qh = (qh + 1) % (MT_MAX + 1);
	qn--;
	return h;
}

static void mt_get(void)
{
	unsigned int limit = gt->maptrack_limit, frames_before = frames_given;
	grant_handle_t want = MAPTRACK_TAIL, h;

	if (qn >= 2) {
		want = q_pop();
	} else if (limit / MAPTRACK_PER_FRAME < gt->max_maptrack_frames && frames_left) {
		for (unsigned int i = MAPTRACK_PER_FRAME - 1; i >= 1; i--)
			q_push_front(limit + i);
		want = limit;
	}
	h = maptrack_get(gt, mt_frame);
	REQUIRE(h == want);
	if (h == MAPTRACK_TAIL) {
		/* Full: nothing was added, and only the held-back record is free. */
		REQUIRE(gt->maptrack_limit == limit && frames_given == frames_before);
		REQUIRE(limit == 0 || nused == limit - 1);
		return;
	}
	REQUIRE(h < gt->maptrack_limit && !in_use[h]);
	REQUIRE(maptrack_entry(gt, h)->flags == 0);
	in_use[h] = true;
	used[nused++] = h;
	maptrack_entry(gt, h)->flags = GNTMAP_host_map;
}

static void mt_put(struct in *in)
{
	uint8_t b[2];
	unsigned int i;
	grant_handle_t h;

	if (!take(in, b, 2) || !nused)
		return;
	i = (b[0] | b[1] << 8) % nused;
	h = used[i];
	used[i] = used[--nused];
	in_use[h] = false;
	maptrack_put(gt, h);
	REQUIRE(maptrack_entry(gt, h)->flags == 0);
	q_push_back(h);
}

static void mt_setup(unsigned int max_frames, unsigned int budget)
{
	gt = calloc(1, sizeof(*gt));
	if (!gt)
		abort();
	gt->max_maptrack_frames = max_frames;
	gt->maptrack_head = gt->maptrack_tail = MAPTRACK_TAIL;
	frames_left = budget;
	frames_given = 0;
	qh = qn = 0;
	nused = 0;
	memset(in_use, 0, sizeof(in_use));
}

static void mt_teardown(void)
{
	for (unsigned int i = 0; i < frames_given; i++)
		free(frames[i]);
	free(gt);
	gt = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	uint8_t hdr, code;

	if (!take(&in, &hdr, 1))
		return 0;
	memset(&E, 0, sizeof(E));
	E.v2 = hdr & 1;
	E.guest = (struct grant_entry_header){ .flags = GTF_permit_access, .domid = GRANTED_TO };
	E.hdr = E.guest;
	mt_setup((hdr >> 1) & 3, (hdr >> 3) & 3);
	while (take(&in, &code, 1)) {
		switch (code & 7) {
		case 0:
			check_set_status(&in);
			break;
		case 1:
			check_reduce_status(&in);
			break;
		case 2:
			check_pins(&in);
			break;
		case 3:
			start_use(&in);
			break;
		case 4:
			end_use(&in);
			break;
		case 5:
			guest_edit(&in);
			break;
		case 6:
			mt_get();
			break;
		default:
			mt_put(&in);
			break;
		}
		check_entry();
	}
	mt_teardown();
	return 0;
}

static const uint8_t seed_uses[] = {
	0x00, 3, 0x02, 3, 0x06, 3, 0x01, 4, 0, 0, 3, 0x0c, 4, 1, 2, 5, 0x05, 0, 7, 3, 0x02,
	4, 0, 2, 4, 0, 2,
};
static const uint8_t seed_v2[] = {
	0x01, 3, 0x0e, 3, 0x08, 5, 0x04, 0x01, 7, 3, 0x02, 3, 0x28, 4, 0, 2, 4, 0, 2, 5,
	0x03, 0, 7, 3, 0x08,
};
static const uint8_t seed_maptrack[] = {
	0x1e, 6, 6, 6, 7, 0, 0, 6, 7, 1, 0, 6, 6, 6,
};

static const struct fuzz_seed seeds[] = {
	{ "uses", seed_uses, sizeof(seed_uses) },
	{ "v2", seed_v2, sizeof(seed_v2) },
	{ "maptrack", seed_maptrack, sizeof(seed_maptrack) },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_write_seeds(*argc, *argv, seeds, sizeof(seeds) / sizeof(seeds[0]));
	return 0;
}
