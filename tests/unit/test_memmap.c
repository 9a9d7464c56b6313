/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/memmap.c: sanitize tables ({input ranges, expected
 * ranges}), carving, multiboot1/2 buffers including malformed ones, the
 * capacity limits, and a seeded random check of the sanitize invariants.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/memmap.h>
#include "elfgen.h"	/* put32/put64 */
#include "hvlib.h"
#include "runner.h"

#define RAM	MEMMAP_RAM
#define RES	MEMMAP_RESERVED
#define ACPI	MEMMAP_ACPI
#define NVS	MEMMAP_NVS
#define BAD	MEMMAP_UNUSABLE
#define K	0x400ULL
#define M	0x100000ULL
#define G	0x40000000ULL

struct rng {
	uint64_t start, end;
	uint32_t type;
};

static void build(struct memmap *m, const struct rng *r, size_t n)
{
	size_t i;

	memmap_init(m);
	for (i = 0; i < n && (r[i].start || r[i].end || r[i].type); i++)
		CHECK(memmap_add(m, r[i].start, r[i].end - r[i].start, r[i].type) == 0);
}

static bool same(const struct memmap *m, const struct rng *r, size_t n)
{
	size_t i, want = 0;

	while (want < n && (r[want].start || r[want].end || r[want].type))
		want++;
	if (m->nr != want)
		return false;
	for (i = 0; i < want; i++) {
		if (m->map[i].start != r[i].start || m->map[i].end != r[i].end ||
		    m->map[i].type != r[i].type)
			return false;
	}
	return true;
}

#define MAXR 6

static const struct {
	const char *name;
	struct rng in[MAXR], out[MAXR];
} sanitize_cases[] = {
	{ "empty", { { 0 } }, { { 0 } } },
	{ "one aligned RAM", { { 0, 640 * K, RAM } }, { { 0, 640 * K, RAM } } },
	{ "RAM shrinks to pages", { { 0x100, 0x3f00, RAM } }, { { 0x1000, 0x3000, RAM } } },
	{ "RAM under a page vanishes", { { 0x1100, 0x1f00, RAM }, { 0x5000, 0x6000, RES } },
	  { { 0x5000, 0x6000, RES } } },
	{ "reserved keeps bytes", { { 0x100, 0x3f00, RES } }, { { 0x100, 0x3f00, RES } } },
	{ "unsorted input", { { 1 * M, 2 * M, RAM }, { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES } },
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 2 * M, RAM } } },
	{ "adjacent RAM merges", { { 0, 4 * K, RAM }, { 4 * K, 8 * K, RAM }, { 8 * K, 16 * K, RAM } },
	  { { 0, 16 * K, RAM } } },
	{ "unaligned adjacent RAM merges first", { { 0x1000, 0x1800, RAM }, { 0x1800, 0x3000, RAM } },
	  { { 0x1000, 0x3000, RAM } } },
	{ "adjacent different types stay", { { 0, 4 * K, RAM }, { 4 * K, 8 * K, ACPI } },
	  { { 0, 4 * K, RAM }, { 4 * K, 8 * K, ACPI } } },
	{ "reserved inside RAM splits it", { { 0, 16 * M, RAM }, { 1 * M, 2 * M, RES } },
	  { { 0, 1 * M, RAM }, { 1 * M, 2 * M, RES }, { 2 * M, 16 * M, RAM } } },
	{ "RAM inside reserved vanishes", { { 1 * M, 2 * M, RAM }, { 0, 16 * M, NVS } },
	  { { 0, 16 * M, NVS } } },
	{ "partial overlap, non-RAM wins", { { 0, 8 * K + 0x10, RAM }, { 6 * K, 12 * K, RES } },
	  { { 0, 4 * K, RAM }, { 6 * K, 12 * K, RES } } },
	{ "higher type wins among non-RAM", { { 0, 8 * K, RES }, { 4 * K, 12 * K, ACPI } },
	  { { 0, 4 * K, RES }, { 4 * K, 12 * K, ACPI } } },
	{ "unknown type is reserved", { { 0, 8 * K, 7 }, { 8 * K, 12 * K, 0 } },
	  { { 0, 12 * K, RES } } },
	{ "duplicates", { { 0, 8 * K, RAM }, { 0, 8 * K, RAM }, { 0, 8 * K, RAM } },
	  { { 0, 8 * K, RAM } } },
	{ "hole between ranges", { { 0, 4 * K, RAM }, { 8 * K, 12 * K, RAM } },
	  { { 0, 4 * K, RAM }, { 8 * K, 12 * K, RAM } } },
	{ "top of the address space", { { 0xfffffffffffff000ULL, UINT64_MAX, RES } },
	  { { 0xfffffffffffff000ULL, UINT64_MAX, RES } } },
	{ "RAM at the top", { { 4 * G, UINT64_MAX, RAM } },
	  { { 4 * G, 0xfffffffffffff000ULL, RAM } } },
	{ "bad memory inside RAM", { { 0, 1 * G, RAM }, { 0x1234000, 0x1235000, BAD } },
	  { { 0, 0x1234000, RAM }, { 0x1234000, 0x1235000, BAD }, { 0x1235000, 1 * G, RAM } } },
};

TEST(memmap, sanitize_table)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanitize_cases); i++) {
		static struct memmap in, out;
		unsigned int k;

		build(&in, sanitize_cases[i].in, MAXR);
		CHECKF(memmap_sanitize(&out, &in) == 0, "%s", sanitize_cases[i].name);
		CHECKF(same(&out, sanitize_cases[i].out, MAXR), "%s: got %u ranges",
		       sanitize_cases[i].name, out.nr);
		if (!same(&out, sanitize_cases[i].out, MAXR))
			for (k = 0; k < out.nr; k++)
				test_note("  [%#llx, %#llx) %s",
					  (unsigned long long)out.map[k].start,
					  (unsigned long long)out.map[k].end,
					  memmap_type_name(out.map[k].type));
	}
	{
		static struct memmap m;

		memmap_init(&m);
		CHECK(memmap_sanitize(&m, &m) == -EINVAL);
	}
}

TEST(memmap, add_limits)
{
	static struct memmap m;
	unsigned int i;

	memmap_init(&m);
	CHECK(memmap_add(&m, 5, 0, RAM) == 0 && m.nr == 0);	/* empty: ignored */
	CHECK(memmap_add(&m, UINT64_MAX - 10, 100, RES) == 0);	/* clipped */
	CHECK_EQ(m.map[0].end, UINT64_MAX);
	memmap_init(&m);
	for (i = 0; i < MEMMAP_MAX_RANGES; i++)
		CHECK(memmap_add(&m, i * 2 * 4096ULL, 4096, RAM) == 0);
	CHECK(memmap_add(&m, 1ULL << 40, 4096, RAM) == -ENOSPC);
	CHECK_EQ(m.nr, MEMMAP_MAX_RANGES);
}

TEST(memmap, sanitize_capacity)
{
	static struct memmap in, out;
	unsigned int i;

	/* 64 holes in one RAM range: 65 RAM + 64 reserved = 129 ranges. */
	memmap_init(&in);
	CHECK(memmap_add(&in, 0, 1 * G, RAM) == 0);
	for (i = 0; i < 64; i++)
		CHECK(memmap_add(&in, (i + 1) * 2 * M, 4 * K, RES) == 0);
	CHECK(memmap_sanitize(&out, &in) == -ENOSPC);
	/* One hole less fits exactly. */
	in.nr--;
	CHECK(memmap_sanitize(&out, &in) == 0);
	CHECK_EQ(out.nr, MEMMAP_MAX_RANGES - 1);
	CHECK_EQ(memmap_total_ram(&out), 1 * G - 63 * 4 * K);
}

static const struct {
	const char *name;
	uint64_t start, end;
	int rc;
	struct rng out[MAXR];
} carve_cases[] = {
	/* The map: RAM [0,640K) RES [640K,1M) RAM [1M,64M) ACPI [64M,65M) RAM [65M,128M) */
	{ "nothing", 5 * M, 5 * M, 0,
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 64 * M, RAM },
	    { 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM } } },
	{ "middle splits", 2 * M, 3 * M, 0,
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 2 * M, RAM },
	    { 3 * M, 64 * M, RAM }, { 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM } } },
	{ "head of a range", 1 * M, 2 * M, 0,
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 2 * M, 64 * M, RAM },
	    { 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM } } },
	{ "widened to pages", 2 * M + 1, 3 * M - 1, 0,
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 2 * M, RAM },
	    { 3 * M, 64 * M, RAM }, { 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM } } },
	{ "across non-RAM", 32 * M, 96 * M, 0,
	  { { 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 32 * M, RAM },
	    { 64 * M, 65 * M, ACPI }, { 96 * M, 128 * M, RAM } } },
	{ "everything", 0, UINT64_MAX, 0,
	  { { 640 * K, 1 * M, RES }, { 64 * M, 65 * M, ACPI } } },
	{ "whole ranges", 0, 64 * M, 0,
	  { { 640 * K, 1 * M, RES }, { 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM } } },
};

TEST(memmap, carve_table)
{
	static const struct rng base[] = {
		{ 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 64 * M, RAM },
		{ 64 * M, 65 * M, ACPI }, { 65 * M, 128 * M, RAM },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(carve_cases); i++) {
		static struct memmap raw, m;

		build(&raw, base, ARRAY_SIZE(base));
		CHECK(memmap_sanitize(&m, &raw) == 0);
		CHECKF(memmap_carve(&m, carve_cases[i].start, carve_cases[i].end) ==
		       carve_cases[i].rc, "%s", carve_cases[i].name);
		CHECKF(same(&m, carve_cases[i].out, MAXR), "%s: %u ranges",
		       carve_cases[i].name, m.nr);
	}
}

TEST(memmap, carve_full_map)
{
	static struct memmap m, before;
	unsigned int i;

	memmap_init(&m);
	for (i = 0; i < MEMMAP_MAX_RANGES; i++)
		CHECK(memmap_add(&m, i * 1 * M, 512 * K, RAM) == 0);
	before = m;
	CHECK(memmap_carve(&m, 4 * K, 8 * K) == -ENOSPC);	/* needs a split */
	CHECK(!memcmp(&m, &before, sizeof(m)));
	CHECK(memmap_carve(&m, 0, 4 * K) == 0);			/* a trim needs none */
	CHECK_EQ(m.map[0].start, 4 * K);
}

TEST(memmap, queries)
{
	static const struct rng base[] = {
		{ 0, 640 * K, RAM }, { 640 * K, 1 * M, RES }, { 1 * M, 64 * M, RAM },
	};
	static struct memmap raw, m;
	const struct memmap_range *r;
	unsigned int n = 0;

	build(&raw, base, ARRAY_SIZE(base));
	CHECK(memmap_sanitize(&m, &raw) == 0);
	CHECK_EQ(memmap_total_ram(&m), 640 * K + 63 * M);
	for_each_memmap_ram(&m, r)
		n++;
	CHECK_EQ(n, 2);
	CHECK(memmap_is_ram(&m, 0, 640 * K));
	CHECK(!memmap_is_ram(&m, 0, 640 * K + 1));
	CHECK(memmap_is_ram(&m, 2 * M, 3 * M));
	CHECK(!memmap_is_ram(&m, 63 * M, 65 * M));
	CHECK(!memmap_is_ram(&m, 5, 5));
	CHECK(!memmap_is_ram(&m, 800 * K, 900 * K));
	/* Touching RAM ranges (as carving can leave) count as one. */
	CHECK(memmap_add(&m, 64 * M, 1 * M, RAM) == 0);
	CHECK(memmap_is_ram(&m, 63 * M, 65 * M));
	CHECK(!strcmp(memmap_type_name(RAM), "RAM"));
	CHECK(!strcmp(memmap_type_name(NVS), "NVS"));
	CHECK(!strcmp(memmap_type_name(0), "unknown"));
	CHECK(!strcmp(memmap_type_name(99), "unknown"));
}

/* ---- multiboot ---- */

/* Appends a multiboot1 entry whose size field is @size (20 is normal). */
static size_t mb1_entry(unsigned char *buf, size_t off, uint32_t size,
			uint64_t addr, uint64_t len, uint32_t type)
{
	put32(buf, off, size);
	put64(buf, off + 4, addr);
	put64(buf, off + 12, len);
	put32(buf, off + 20, type);
	return off + 4 + size;
}

TEST(memmap, multiboot1)
{
	static struct memmap m;
	unsigned char buf[256];
	unsigned char *exact;
	size_t len;

	memset(buf, 0, sizeof(buf));
	len = mb1_entry(buf, 0, 20, 0, 0x9fc00, 1);
	len = mb1_entry(buf, len, 24, 0x9fc00, 0x400, 2);	/* a 4-byte larger entry */
	len = mb1_entry(buf, len, 20, 0x100000, 0x1ff00000, 1);
	len = mb1_entry(buf, len, 20, 0xfffc0000, 0x40000, 2);

	/* Parse from an exact-size heap copy at an odd address. */
	exact = malloc(len + 1);
	memcpy(exact + 1, buf, len);
	memmap_init(&m);
	CHECK(memmap_add_mb1(&m, exact + 1, len) == 0);
	CHECK_EQ(m.nr, 4);
	CHECK_EQ(m.map[1].start, 0x9fc00);
	CHECK_EQ(m.map[1].end, 0xa0000);
	CHECK_EQ(m.map[2].type, RAM);
	CHECK_EQ(m.map[3].end, 0x100000000ULL);

	/* Malformed buffers add nothing. */
	memmap_init(&m);
	CHECK(memmap_add_mb1(&m, exact + 1, len - 1) == -EINVAL);	/* last entry cut */
	CHECK(memmap_add_mb1(&m, exact + 1, len + 1 - 1 - 2) == -EINVAL);
	CHECK_EQ(m.nr, 0);
	CHECK(memmap_add_mb1(&m, exact + 1, 0) == 0 && m.nr == 0);
	free(exact);

	memset(buf, 0, sizeof(buf));
	len = mb1_entry(buf, 0, 19, 0, 4096, 1);			/* size < 20 */
	CHECK(memmap_add_mb1(&m, buf, len + 1) == -EINVAL);
	mb1_entry(buf, 0, 0xffffffff, 0, 4096, 1);			/* size huge */
	CHECK(memmap_add_mb1(&m, buf, 24) == -EINVAL);
	mb1_entry(buf, 0, 0xfffffffc, 0, 4096, 1);			/* 4 + size wraps 32 bits */
	CHECK(memmap_add_mb1(&m, buf, 24) == -EINVAL);
	CHECK(memmap_add_mb1(&m, buf, 3) == -EINVAL);			/* no room for size */
	CHECK_EQ(m.nr, 0);

	/* All or nothing when the entries do not fit. */
	{
		size_t n = 0, i;
		unsigned char *big = calloc(MEMMAP_MAX_RANGES + 1, 24);

		for (i = 0; i <= MEMMAP_MAX_RANGES; i++)
			n = mb1_entry(big, n, 20, i * 8192, 4096, 1);
		CHECK(memmap_add_mb1(&m, big, n) == -ENOSPC);
		CHECK_EQ(m.nr, 0);
		CHECK(memmap_add(&m, 1ULL << 40, 4096, RES) == 0);
		CHECK(memmap_add_mb1(&m, big, n - 24) == -ENOSPC);	/* 128 + 1 */
		CHECK_EQ(m.nr, 1);
		free(big);
	}
}

static size_t mb2_tag(unsigned char *buf, uint32_t entry_size, unsigned int n)
{
	unsigned int i;
	size_t size = 16 + (size_t)n * entry_size;

	memset(buf, 0, size);
	put32(buf, 0, 6);
	put32(buf, 4, (uint32_t)size);
	put32(buf, 8, entry_size);
	for (i = 0; i < n; i++) {
		unsigned char *e = buf + 16 + (size_t)i * entry_size;

		put64(e, 0, (uint64_t)i * M);
		put64(e, 8, 512 * K);
		put32(e, 16, i % 2 ? 2 : 1);
	}
	return size;
}

TEST(memmap, multiboot2)
{
	static struct memmap m;
	unsigned char buf[512];
	size_t size;

	memmap_init(&m);
	size = mb2_tag(buf, 24, 3);
	CHECK(memmap_add_mb2(&m, buf, size) == 0);
	CHECK_EQ(m.nr, 3);
	CHECK_EQ(m.map[1].start, 1 * M);
	CHECK_EQ(m.map[1].type, RES);
	memmap_init(&m);
	size = mb2_tag(buf, 32, 2);				/* larger entries */
	CHECK(memmap_add_mb2(&m, buf, size + 100) == 0);
	CHECK_EQ(m.nr, 2);

	memmap_init(&m);
	size = mb2_tag(buf, 24, 3);
	CHECK(memmap_add_mb2(&m, buf, size - 1) == -EINVAL);	/* tag past avail */
	CHECK(memmap_add_mb2(&m, buf, 15) == -EINVAL);
	put32(buf, 0, 5);
	CHECK(memmap_add_mb2(&m, buf, size) == -EINVAL);	/* wrong tag type */
	size = mb2_tag(buf, 0, 0);
	put32(buf, 4, 40);
	CHECK(memmap_add_mb2(&m, buf, 64) == -EINVAL);		/* entry_size 0 */
	size = mb2_tag(buf, 20, 2);
	CHECK(memmap_add_mb2(&m, buf, size) == -EINVAL);	/* entry_size < 24 */
	size = mb2_tag(buf, 24, 2);
	put32(buf, 4, (uint32_t)size - 1);
	CHECK(memmap_add_mb2(&m, buf, size) == -EINVAL);	/* partial entry */
	put32(buf, 4, 8);
	CHECK(memmap_add_mb2(&m, buf, size) == -EINVAL);	/* size < header */
	CHECK_EQ(m.nr, 0);
	size = mb2_tag(buf, 24, 0);
	CHECK(memmap_add_mb2(&m, buf, size) == 0 && m.nr == 0);
}

/* Random maps: sanitize output must be sorted, disjoint, merged, aligned. */
TEST(memmap, random_sanitize_invariants)
{
	uint64_t rs = test_seed();
	unsigned int iter, bad = 0;

	for (iter = 0; iter < 3000; iter++) {
		static struct memmap in, out;
		unsigned int n = (unsigned int)(test_rand(&rs) % 40), i;
		int rc;

		memmap_init(&in);
		for (i = 0; i < n; i++) {
			uint64_t start = test_rand(&rs) % (64 * M);
			uint64_t len = test_rand(&rs) % (8 * M);

			if (test_rand(&rs) % 8 == 0)
				start &= ~0xfffULL;
			memmap_add(&in, start, len, (uint32_t)(test_rand(&rs) % 7));
		}
		rc = memmap_sanitize(&out, &in);
		if (rc) {
			bad++;
			continue;
		}
		for (i = 0; i < out.nr; i++) {
			const struct memmap_range *r = &out.map[i];

			if (r->start >= r->end ||
			    (r->type == RAM && ((r->start | r->end) & 0xfff)) ||
			    (i && (out.map[i - 1].end > r->start ||
				   (out.map[i - 1].end == r->start &&
				    out.map[i - 1].type == r->type))))
				bad++;
			/* Every RAM byte really was RAM-only in the input. */
			if (r->type == RAM) {
				unsigned int k;

				for (k = 0; k < in.nr; k++)
					if (in.map[k].type != RAM &&
					    in.map[k].start < r->end && in.map[k].end > r->start)
						bad++;
			}
		}
		/* Carving a random range keeps the invariants and never adds RAM. */
		{
			uint64_t before = memmap_total_ram(&out);
			uint64_t s = test_rand(&rs) % (64 * M), e = s + test_rand(&rs) % (16 * M);

			if (memmap_carve(&out, s, e) == 0 &&
			    (memmap_total_ram(&out) > before ||
			     (e > s && memmap_is_ram(&out, s, s + 1))))
				bad++;
		}
	}
	CHECK_EQ(bad, 0);
}
