// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory_op on another domain from dom0: populate_physmap returns the
 * machine frames now backing the pfns asked for, increase/decrease work
 * on machine frames, the reservation queries answer for the domain
 * named, and allocations stop at its max_pages (the extents done so far
 * are returned, as for any partial batch).
 */
#include "ctl.h"
#include "tests.h"

uint64_t d1_p2m[D1_PFNS];

static long reservation_query(unsigned int op, uint16_t dom)
{
	uint16_t d = dom;

	return memory_op(op, &d);
}

static long tot_pages(uint16_t dom)
{
	struct dominfo i;

	return dom_info(dom, &i) ? -1 : (long)i.tot_pages;
}

static void test_populate(uint16_t d1, uint64_t free0)
{
	long max_ram = memory_op(XENMEM_maximum_ram_page, NULL);
	struct physinfo pi;
	bool distinct = true, in_range = true;

	check("maximum_ram_page", max_ram > 0, "%ld", max_ram);
	expect_rc("current_reservation.foreign", reservation_query(XENMEM_current, d1), 0);
	expect_rc("maximum_reservation.foreign", reservation_query(XENMEM_maximum, d1), 256);

	for (unsigned int i = 0; i < D1_PFNS; i++)
		d1_p2m[i] = i;
	expect_rc("populate.foreign", reservation(XENMEM_populate, d1, d1_p2m, 32, 0), 32);
	for (unsigned int i = 0; i < 32; i++) {
		in_range &= d1_p2m[i] != 0 && d1_p2m[i] < (uint64_t)max_ram;
		for (unsigned int j = 0; j < i; j++)
			distinct &= d1_p2m[i] != d1_p2m[j];
	}
	check("populate.frames", distinct && in_range, "first mfn %#lx distinct %d in range %d",
	      (unsigned long)d1_p2m[0], distinct, in_range);
	check_eq("populate.tot_pages", tot_pages(d1), 32);
	expect_rc("populate.current_reservation", reservation_query(XENMEM_current, d1), 32);
	physinfo(&pi);
	check("populate.free_pages", pi.free_pages + 32 <= free0, "free %lu start %lu",
	      (unsigned long)pi.free_pages, (unsigned long)free0);
}

/* max_pages is a hard limit: a batch stops at it with the count done. */
static void test_max_pages(uint16_t d1, uint16_t d42)
{
	uint64_t f;

	expect_rc("max_mem.lower", dom_max_mem(d1, 40 * 4), 0);
	expect_rc("populate.past_max", reservation(XENMEM_populate, d1, d1_p2m + 32, 16, 0), 8);
	check_eq("populate.past_max.tot_pages", tot_pages(d1), 40);
	f = 100;
	expect_rc("populate.at_max", reservation(XENMEM_populate, d1, &f, 1, 0), 0);
	expect_rc("increase.at_max", reservation(XENMEM_increase, d1, &f, 1, 0), 0);

	f = d1_p2m[39];
	expect_rc("decrease.foreign", reservation(XENMEM_decrease, d1, &f, 1, 0), 1);
	check_eq("decrease.tot_pages", tot_pages(d1), 39);
	expect_rc("decrease.twice", reservation(XENMEM_decrease, d1, &f, 1, 0), 0);
	f = d1_p2m[0];
	expect_rc("decrease.wrong_domain", reservation(XENMEM_decrease, d42, &f, 1, 0), 0);
	f = 0;
	expect_rc("increase.foreign", reservation(XENMEM_increase, d1, &f, 1, 0), 1);
	check("increase.frame", f != 0, "mfn %#lx", (unsigned long)f);
	d1_p2m[39] = f;
	check_eq("increase.tot_pages", tot_pages(d1), 40);
	expect_rc("max_mem.raise", dom_max_mem(d1, 1024), 0);

	f = 0;
	expect_rc("populate.no_max_mem", reservation(XENMEM_populate, d42, &f, 1, 0), 0);
	f = 512;
	expect_rc("populate.order9_past_max", reservation(XENMEM_populate, d1, &f, 1, 9), 0);
	/* Xen: an unknown domain means no extent done, not -ESRCH. */
	f = 0;
	expect_rc("populate.unknown_domain", reservation(XENMEM_populate, 0x7000, &f, 1, 0), 0);
	expect_rc("current_reservation.unknown", reservation_query(XENMEM_current, 0x7000),
		  -ESRCH);
	expect_rc("maximum_reservation.unknown", reservation_query(XENMEM_maximum, 0x7000),
		  -ESRCH);
}

void test_memory(uint16_t d1, uint16_t d42, uint64_t free0)
{
	test_populate(d1, free0);
	test_max_pages(d1, d42);
}
