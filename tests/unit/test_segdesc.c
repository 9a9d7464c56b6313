// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypervisor/lib/segdesc.c: a table of descriptors with the verdict and
 * the adjusted value Xen 4.17 gives a 64-bit PV guest, and a whole-table
 * check that stops at the first refused entry.
 */
#include <hv/lib/segdesc.h>
#include "hvlib.h"
#include "runner.h"

/* base 0, limit 0xfffff; access byte and flags nibble as given. */
#define SEG(acc, fl) (0xffffULL | ((uint64_t)(acc) << 40) | (0xfULL << 48) | \
		      ((uint64_t)(fl) << 52))
/* A call gate's low half: selector, offset 0x12345678, access byte. */
#define GATE(sel, acc) (0x5678ULL | ((uint64_t)(sel) << 16) | \
			((uint64_t)(acc) << 40) | (0x1234ULL << 48))

TEST(segdesc, table)
{
	static const struct {
		uint64_t in;
		bool ok;
		uint64_t out;
	} cases[] = {
		{ 0, true, 0 },					/* null */
		{ 0x00007f1234567890ULL, true, 0x00007f1234567890ULL }, /* not present */
		{ SEG(0xfa, 0xa), true, SEG(0xfa, 0xa) },	/* code DPL 3 */
		{ SEG(0x9a, 0xa), true, SEG(0xfa, 0xa) },	/* code DPL 0 -> 3 */
		{ SEG(0xb2, 0xc), true, SEG(0xf2, 0xc) },	/* data DPL 1 -> 3 */
		{ SEG(0xd2, 0xc), true, SEG(0xf2, 0xc) },	/* data DPL 2 -> 3 */
		{ SEG(0x9e, 0xc), true, SEG(0xfe, 0xc) },	/* conforming code */
		{ 0x0000800000000000ULL, true, 0x0000800000000000ULL }, /* type 0 */
		{ SEG(0x89, 0), false, 0 },			/* 64-bit TSS */
		{ SEG(0x8b, 0), false, 0 },			/* busy TSS */
		{ SEG(0x82, 0), false, 0 },			/* LDT */
		{ GATE(0xe033, 0xec), true, GATE(0xe033, 0x8c) },	/* gate DPL3 -> 0 */
		{ GATE(0xe033, 0x8c), true, GATE(0xe033, 0x8c) },	/* DPL 0 -> RPL 3 */
		{ GATE(0x0008, 0xec), true, GATE(0x000b, 0x8c) },	/* guest GDT target */
		{ GATE(0xdff8, 0xec), true, GATE(0xdffb, 0x8c) },	/* last guest entry */
		{ GATE(0xe000, 0xec), false, 0 },		/* reserved area */
		{ GATE(0xe008, 0xec), false, 0 },		/* hypervisor CS */
		{ GATE(0xe02b, 0xec), false, 0 },		/* flat data */
		{ GATE(0xe023, 0xec), false, 0 },		/* flat 32-bit code */
		{ GATE(0xe00c, 0xec), true, GATE(0xe00f, 0x8c) },	/* LDT selector */
		{ GATE(0xe033, 0xec) | (1ULL << 32), false, 0 },	/* param count */
		{ GATE(0xe033, 0xec) | (0x80ULL << 32), false, 0 },	/* reserved bit */
		{ GATE(0xe033, 0xee), false, 0 },		/* interrupt gate */
		{ GATE(0xe033, 0xef), false, 0 },		/* trap gate */
		{ GATE(0xe033, 0xe4), false, 0 },		/* 16-bit call gate */
		{ GATE(0xe008, 0x6c), true, GATE(0xe008, 0x6c) },	/* not present */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t d = cases[i].in;
		bool ok = segdesc_check(&d);

		CHECKF(ok == cases[i].ok, "row %zu: ok %d", i, ok);
		if (ok && cases[i].ok)
			CHECKF(d == cases[i].out, "row %zu: %#llx want %#llx", i,
			       (unsigned long long)d, (unsigned long long)cases[i].out);
		if (!ok)
			CHECKF(d == cases[i].in, "row %zu: changed on refusal", i);
	}
}

TEST(segdesc, whole_table)
{
	uint64_t t[512] = { 0 };

	t[1] = SEG(0x9a, 0xa);
	t[300] = SEG(0x89, 0);
	t[301] = SEG(0x92, 0xc);
	CHECK_EQ(segdesc_check_table(t, 512), 300);
	CHECK_EQ(t[1], SEG(0xfa, 0xa));		/* fixed before the refusal */
	CHECK_EQ(t[301], SEG(0x92, 0xc));	/* never reached */
	t[300] = 0;
	CHECK_EQ(segdesc_check_table(t, 512), 512);
	CHECK_EQ(t[301], SEG(0xf2, 0xc));
}
