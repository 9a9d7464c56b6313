// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory: memory_op for a PV domain. ABI rules checked:
 *  - current_reservation is the domain's page count; maximum_reservation
 *    is at least that; maximum_ram_page covers every frame we own;
 *  - machphys_mapping says where the read-only M2P is, and reading it at
 *    an owned frame gives that frame's pfn; machphys_mfn_list names the
 *    M2P's frames;
 *  - machine_memory_map (privileged) returns a sorted E820 with RAM;
 *  - decrease_reservation gives frames back (the count drops),
 *    populate_physmap takes pfns and returns new machine frames with the
 *    M2P pointing at those pfns, increase_reservation returns frames;
 *    frames the domain does not own, or oversized extents, are not done;
 *  - exchange trades frames for a contiguous extent under an address limit;
 *  - add_to_physmap is refused to a PV (untranslated) guest with -EACCES;
 *  - an unreadable reservation is "0 extents done"; other bad pointers
 *    give -EFAULT; unknown sub-ops -ENOSYS.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "memory";

#define HYPERCALL_memory_op 12
#define RO_M2P ((const unsigned long *)0xffff800000000000UL)
#define DOMID_SELF 0x7ff0

enum {
	INCREASE = 0, DECREASE = 1, MAX_RAM_PAGE = 2, CURRENT_RES = 3, MAXIMUM_RES = 4,
	MFN_LIST = 5, POPULATE = 6, MACHINE_MAP = 10, EXCHANGE = 11, MAPPING = 12,
};

struct reservation {
	uint64_t extent_start, nr_extents;
	uint32_t extent_order, mem_flags;
	uint16_t domid, pad[3];
};

struct exchange {
	struct reservation in, out;
	uint64_t nr_exchanged;
};

struct mfn_list {
	uint32_t max_extents, pad;
	uint64_t extent_start;
	uint32_t nr_extents, pad2;
};

struct mapping {
	uint64_t v_start, v_end, max_mfn;
};

struct memory_map {
	uint32_t nr_entries, pad;
	uint64_t buffer;
};

struct e820 {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static long memory_op(unsigned long cmd, void *arg)
{
	return hypercall2(HYPERCALL_memory_op, cmd, arg);
}

static unsigned long *p2m(void)
{
	return (unsigned long *)start_info->mfn_list;
}

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static long reservation(unsigned int op, uint64_t *frames, unsigned long n,
			unsigned int order, unsigned int bits)
{
	struct reservation r = {
		.extent_start = (uint64_t)frames, .nr_extents = n,
		.extent_order = order, .mem_flags = bits, .domid = DOMID_SELF,
	};

	return memory_op(op, &r);
}

static void test_info(void)
{
	uint16_t self = DOMID_SELF;
	long cur = memory_op(CURRENT_RES, &self);
	long max = memory_op(MAXIMUM_RES, &self);
	long maxram = memory_op(MAX_RAM_PAGE, NULL);
	unsigned long top = 0;
	struct mapping m;
	struct mfn_list l;
	uint64_t chunk = 0;

	check("current_reservation", cur == (long)start_info->nr_pages, "%ld, nr_pages %lu",
	      cur, start_info->nr_pages);
	check("maximum_reservation", max >= cur, "%ld", max);
	for (unsigned long i = 0; i < start_info->nr_pages; i++)
		if (p2m()[i] > top)
			top = p2m()[i];
	check("maximum_ram_page", maxram > (long)top, "%ld, top mfn %#lx", maxram, top);

	expect_rc("machphys_mapping", memory_op(MAPPING, &m), 0);
	check_eq("machphys_mapping.v_start", m.v_start, 0xffff800000000000UL);
	check("machphys_mapping.max_mfn", m.max_mfn >= top && m.v_end > m.v_start,
	      "max_mfn %#lx v_end %#lx", m.max_mfn, m.v_end);
	check("m2p.reads_back", RO_M2P[p2m()[5]] == 5 && RO_M2P[p2m()[100]] == 100,
	      "%#lx %#lx", RO_M2P[p2m()[5]], RO_M2P[p2m()[100]]);

	l.max_extents = 1;
	l.extent_start = (uint64_t)&chunk;
	expect_rc("machphys_mfn_list", memory_op(MFN_LIST, &l), 0);
	check("machphys_mfn_list.one", l.nr_extents == 1 && chunk != 0, "n %u mfn %#lx",
	      l.nr_extents, (unsigned long)chunk);
}

static void test_machine_map(void)
{
	static struct e820 map[64];
	struct memory_map mm = { .nr_entries = 64, .buffer = (uint64_t)map };
	bool sorted = true, ram = false;

	expect_rc("machine_memory_map", memory_op(MACHINE_MAP, &mm), 0);
	for (unsigned int i = 0; i < mm.nr_entries && i < 64; i++) {
		ram |= map[i].type == 1 && map[i].size >= (1UL << 20);
		if (i && map[i].addr < map[i - 1].addr + map[i - 1].size)
			sorted = false;
	}
	check("machine_memory_map.entries", mm.nr_entries >= 2 && ram && sorted,
	      "n %u ram %d sorted %d", mm.nr_entries, ram, sorted);
	mm.buffer = (uint64_t)guard_page;
	expect_rc("machine_memory_map.bad_buffer", memory_op(MACHINE_MAP, &mm), -EFAULT);
}

static void test_reservations(void)
{
	/* pfns far beyond the initial mapping: nothing maps them. */
	unsigned long pfn = start_info->nr_pages - 10;
	uint16_t self = DOMID_SELF;
	long before = memory_op(CURRENT_RES, &self);
	uint64_t f;

	f = p2m()[pfn];
	expect_rc("decrease", reservation(DECREASE, &f, 1, 0, 0), 1);
	check_eq("decrease.count", memory_op(CURRENT_RES, &self), before - 1);
	expect_rc("decrease.twice", reservation(DECREASE, &f, 1, 0, 0), 0);

	f = pfn;
	expect_rc("populate", reservation(POPULATE, &f, 1, 0, 0), 1);
	check("populate.m2p", RO_M2P[f] == pfn, "mfn %#lx m2p %#lx", (unsigned long)f, RO_M2P[f]);
	p2m()[pfn] = f;
	check_eq("populate.count", memory_op(CURRENT_RES, &self), before);

	f = p2m()[pfn];
	expect_rc("decrease.again", reservation(DECREASE, &f, 1, 0, 0), 1);
	expect_rc("increase", reservation(INCREASE, &f, 1, 0, 0), 1);
	check_eq("increase.count", memory_op(CURRENT_RES, &self), before);
	p2m()[pfn] = f;
	f = 0;
	expect_rc("decrease.not_owned", reservation(DECREASE, &f, 1, 0, 0), 0);
	f = pfn;
	expect_rc("populate.huge_order", reservation(POPULATE, &f, 1, 40, 0), 0);
	expect_rc("populate.bad_array", reservation(POPULATE, (void *)guard_page, 1, 0, 0), 0);
	/* An unreadable argument is "no extents done", not an error. */
	expect_rc("reservation.bad_struct", memory_op(POPULATE, (void *)guard_page), 0);
	expect_rc("unknown", memory_op(63, NULL), -ENOSYS);
}

static void test_exchange(void)
{
	unsigned long pfn = start_info->nr_pages - 20;
	uint64_t in[2] = { p2m()[pfn], p2m()[pfn + 1] };
	uint64_t out = pfn;
	struct exchange x = {
		.in = { (uint64_t)in, 2, 0, 0, DOMID_SELF, { 0 } },
		.out = { (uint64_t)&out, 1, 1, 32, DOMID_SELF, { 0 } },
	};

	expect_rc("exchange", memory_op(EXCHANGE, &x), 0);
	check_eq("exchange.nr_exchanged", x.nr_exchanged, 2);
	check("exchange.contiguous", (out & 1) == 0 && out < (1UL << 20) &&
	      RO_M2P[out] == pfn && RO_M2P[out + 1] == pfn + 1,
	      "mfn %#lx m2p %#lx %#lx", (unsigned long)out, RO_M2P[out], RO_M2P[out + 1]);
	p2m()[pfn] = out;
	p2m()[pfn + 1] = out + 1;
	x.nr_exchanged = 0;
	x.in.extent_start = (uint64_t)in;    /* the frames given away: no longer ours */
	expect_rc("exchange.stale", memory_op(EXCHANGE, &x) < 0 ? -1 : 0, -1);
	check_eq("exchange.stale.nr", x.nr_exchanged, 0);
}

/* add_to_physmap is for translated guests; a PV guest is refused. */
static void test_add_to_physmap(void)
{
	struct { uint16_t domid, size; uint32_t space; uint64_t idx, gpfn; } a = {
		.domid = DOMID_SELF, .space = 0 /* shared_info */, .idx = 0,
		.gpfn = start_info->nr_pages - 30,
	};

	expect_rc("add_to_physmap.shared_info", memory_op(7 /* add_to_physmap */, &a), -13);
	a.space = 1;                    /* grant table frame */
	expect_rc("add_to_physmap.grant_table", memory_op(7, &a), -13);
	expect_rc("add_to_physmap.bad_struct", memory_op(7, (void *)guard_page), -EFAULT);
}

void test_main(void)
{
	test_info();
	test_machine_map();
	test_reservations();
	test_exchange();
	test_add_to_physmap();
}
