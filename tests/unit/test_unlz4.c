/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The LZ4 legacy-frame decoder against liblz4 (fast and HC levels, frames
 * built here) and the lz4 tool (-l, as Linux's build uses it), hand-made
 * blocks for the edge cases, then broken input: truncations, mutations,
 * and outputs that do not fit, never out of bounds under ASan.
 */
#include <lz4.h>
#include <lz4hc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib/unlz4.h>
#include "compress_util.h"
#include "hvlib.h"
#include "runner.h"

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A legacy frame from liblz4: @level 0 is LZ4_compress_fast(@accel), else HC. */
static uint8_t *lz4_legacy(const uint8_t *in, size_t len, int level, int accel,
			   size_t block, size_t *out_len)
{
	size_t cap = 4 + (len / block + 1) * (4 + LZ4_compressBound((int)block));
	uint8_t *out = malloc(cap);
	size_t op = 4;

	if (!out)
		abort();
	put_le32(out, LZ4_LEGACY_MAGIC);
	for (size_t ip = 0; ip < len; ip += block) {
		int n = (int)(len - ip < block ? len - ip : block);
		int c = level ? LZ4_compress_HC((const char *)in + ip, (char *)out + op + 4, n,
						(int)(cap - op - 4), level)
			      : LZ4_compress_fast((const char *)in + ip, (char *)out + op + 4,
						  n, (int)(cap - op - 4), accel);

		if (c <= 0)
			abort();
		put_le32(out + op, (uint32_t)c);
		op += 4 + (size_t)c;
	}
	*out_len = op;
	return out;
}

static int check_decode(const uint8_t *z, size_t z_len, const uint8_t *want,
			size_t want_len, const char *what)
{
	uint8_t *in = dup_exact(z, z_len), *out = malloc(want_len ? want_len : 1);
	size_t n = ~(size_t)0;
	const char *why = NULL;
	int rc = unlz4(in, z_len, out, want_len, &n, &why);
	int ok = !rc && n == want_len && !memcmp(out, want, want_len);

	CHECKF(rc == 0, "%s: rc %d (%s)", what, rc, why ? why : "-");
	CHECKF(rc || n == want_len, "%s: %zu bytes, want %zu", what, n, want_len);
	CHECKF(rc || n != want_len || !memcmp(out, want, want_len), "%s: output differs", what);
	free(in);
	free(out);
	return ok;
}

static const size_t sizes[] = {
	0, 1, 4, 12, 13, 255, 256, 270, 4096, 65535, 65536, 65537, 70000, 1000003,
};

TEST(unlz4, liblz4_kinds_sizes_levels)
{
	unsigned int ok = 0, n = 0;

	for (unsigned int k = 0; k < DATA_KINDS; k++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
			uint8_t *data = gen_data(k, sizes[s], 500 + s);

			for (int level = 0; level <= 12; level += 3) {
				size_t block = (s + level) % 3 ? LZ4_LEGACY_BLOCK_MAX : 65536;
				size_t z_len;
				uint8_t *z = lz4_legacy(data, sizes[s], level, 1 + s % 4, block, &z_len);
				char what[96];

				snprintf(what, sizeof(what), "%s %zu bytes level %d block %zu",
					 data_kind_name[k], sizes[s], level, block);
				ok += check_decode(z, z_len, data, sizes[s], what);
				n++;
				free(z);
			}
			free(data);
		}
	}
	test_note("%u of %u frames decoded identically", ok, n);
}

TEST(unlz4, lz4_tool_legacy)
{
	static const char *const cmds[] = {
		"lz4 -l -c -1", "lz4 -l -c -9", "lz4 -l -c -12",
		"lz4 -l -c -12 --favor-decSpeed", "lz4 -l -c --fast=8",
	};
	/* Over 8 MiB, so the frame has two blocks. */
	size_t len = (9u << 20) + 12345;
	uint8_t *data = gen_data(DATA_MIXED, len, 31);

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		uint8_t *z;
		size_t z_len;

		if (run_filter(cmds[i], data, len, &z, &z_len)) {
			test_skip("cannot run '%s'", cmds[i]);
			break;
		}
		check_decode(z, z_len, data, len, cmds[i]);
		free(z);
	}
	free(data);
}

TEST(unlz4, concatenated_frames)
{
	uint8_t *a = gen_data(DATA_TEXT, 100000, 1), *b = gen_data(DATA_X86, 50000, 2);
	size_t la, lb;
	uint8_t *za = lz4_legacy(a, 100000, 0, 1, 65536, &la);
	uint8_t *zb = lz4_legacy(b, 50000, 9, 1, 65536, &lb);
	uint8_t *cat = malloc(la + lb), *want = malloc(150000);

	memcpy(cat, za, la);
	memcpy(cat + la, zb, lb);
	memcpy(want, a, 100000);
	memcpy(want + 100000, b, 50000);
	check_decode(cat, la + lb, want, 150000, "two frames");
	free(a);
	free(b);
	free(za);
	free(zb);
	free(cat);
	free(want);
}

static const struct {
	const char *name;
	uint8_t in[24];
	size_t len;
	int rc;
	size_t out_len;
	const char *out;
} blocks[] = {
	{ "literals only", { 0x30, 'a', 'b', 'c' }, 4, 0, 3, "abc" },
	{ "empty", { 0x00 }, 1, 0, 0, "" },
	{ "run, offset 1", { 0x15, 'x', 1, 0, 0x10, 'y' }, 6, 0, 11, "xxxxxxxxxxy" },
	{ "offset 2 overlapping", { 0x20, 'a', 'b', 2, 0, 0x00 }, 6, 0, 6, "ababab" },
	{ "long literal length", { 0xf0, 0x00, 'a','b','c','d','e','f','g','h','i','j','k','l','m','n','o' },
	  17, 0, 15, "abcdefghijklmno" },
	{ "long match length", { 0x1f, 'z', 1, 0, 0x01, 0x00 }, 6, 0, 21, "zzzzzzzzzzzzzzzzzzzzz" },
	{ "offset 0", { 0x10, 'a', 0, 0, 0x00 }, 5, -EINVAL, 0, NULL },
	{ "offset before the block", { 0x10, 'a', 2, 0, 0x00 }, 5, -EINVAL, 0, NULL },
	{ "ends after a match", { 0x10, 'a', 1, 0 }, 4, -EINVAL, 0, NULL },
	{ "truncated offset", { 0x10, 'a', 1 }, 3, -EINVAL, 0, NULL },
	{ "literals past the end", { 0x50, 'a', 'b' }, 3, -EINVAL, 0, NULL },
	{ "truncated literal length", { 0xf0, 0xff }, 2, -EINVAL, 0, NULL },
	{ "truncated match length", { 0x1f, 'a', 1, 0, 0xff }, 5, -EINVAL, 0, NULL },
	{ "no token", { 0 }, 0, -EINVAL, 0, NULL },
};

TEST(unlz4, block_table)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(blocks); i++) {
		uint8_t *in = dup_exact(blocks[i].in, blocks[i].len), *out = malloc(64);
		size_t n = 0;
		const char *why = NULL;
		int rc = lz4_block_decode(in, blocks[i].len, out, 64, &n, &why);

		CHECKF(rc == blocks[i].rc, "%s: rc %d (%s)", blocks[i].name, rc, why ? why : "-");
		if (!rc && !blocks[i].rc) {
			CHECKF(n == blocks[i].out_len, "%s: %zu bytes", blocks[i].name, n);
			CHECKF(!memcmp(out, blocks[i].out, n), "%s: output", blocks[i].name);
		}
		if (rc)
			CHECKF(why != NULL, "%s: no reason", blocks[i].name);
		/* One byte less room than needed: -ENOSPC. */
		if (!blocks[i].rc && blocks[i].out_len) {
			uint8_t *small = malloc(blocks[i].out_len - 1 ? blocks[i].out_len - 1 : 1);

			CHECKF(lz4_block_decode(in, blocks[i].len, small, blocks[i].out_len - 1,
						&n, &why) == -ENOSPC, "%s: small", blocks[i].name);
			free(small);
		}
		free(in);
		free(out);
	}
}

TEST(unlz4, frame_errors)
{
	uint8_t f[32], out[64];
	size_t n;
	const char *why;

	put_le32(f, LZ4_LEGACY_MAGIC);
	CHECK_EQ(unlz4(f, 4, out, sizeof(out), &n, &why), 0);	/* what lz4 -l makes of "" */
	CHECK_EQ(n, 0);
	CHECK_EQ(unlz4(f, 3, out, sizeof(out), &n, &why), -ENOEXEC);
	CHECK_EQ(unlz4("\x02\x21\x4c\x19", 4, out, sizeof(out), &n, &why), -ENOEXEC);
	put_le32(f + 4, 0);
	CHECK_EQ(unlz4(f, 8, out, sizeof(out), &n, &why), -EINVAL);	/* empty block */
	put_le32(f + 4, 0x7fffffff);
	CHECK_EQ(unlz4(f, 8, out, sizeof(out), &n, &why), -EINVAL);	/* huge block */
	put_le32(f + 4, 2);
	f[8] = 0x10;
	f[9] = 'a';
	/* The last sequence's match nibble means nothing. */
	CHECK_EQ(unlz4(f, 10, out, sizeof(out), &n, &why), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(unlz4(f, 9, out, sizeof(out), &n, &why), -EINVAL);	/* truncated block */
	put_le32(f + 4, 1);
	f[8] = 0x00;
	put_le32(f + 9, LZ4_LEGACY_MAGIC);				/* then a new frame */
	put_le32(f + 13, 2);
	f[17] = 0x10;
	f[18] = 'q';
	CHECK_EQ(unlz4(f, 19, out, sizeof(out), &n, &why), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(out[0], 'q');
	CHECK_EQ(unlz4(f, 11, out, sizeof(out), &n, &why), -EINVAL);	/* cut block size */
}

TEST(unlz4, block_over_8mib_refused)
{
	/* "a", then a match of offset 1 and 8 MiB: one byte too many. */
	size_t extra = LZ4_LEGACY_BLOCK_MAX - 4 - 15;
	size_t nb = extra / 255 + 1, len = 4 + 4 + 1 + 1 + 2 + nb + 1;
	uint8_t *f = calloc(1, len), *out = malloc(LZ4_LEGACY_BLOCK_MAX + 64);
	size_t i = 0, n;
	const char *why = NULL;

	put_le32(f, LZ4_LEGACY_MAGIC);
	put_le32(f + 4, (uint32_t)(len - 8));
	i = 8;
	f[i++] = 0x1f;
	f[i++] = 'a';
	f[i++] = 1;
	f[i++] = 0;
	for (size_t k = 0; k < nb - 1; k++)
		f[i++] = 255;
	f[i++] = (uint8_t)(extra - (nb - 1) * 255);
	f[i++] = 0x00;				/* final token, no literals */
	CHECK_EQ(i, len);
	/* 1 + 4 + 15 + extra = 8 MiB + 1 bytes. */
	CHECKF(unlz4(f, len, out, LZ4_LEGACY_BLOCK_MAX + 64, &n, &why) == -EINVAL, "%s", why);
	free(f);
	free(out);
}

TEST(unlz4, every_truncation_of_a_block_fails)
{
	uint8_t *data = gen_data(DATA_MIXED, 20000, 4);
	size_t len, n;
	uint8_t *z = lz4_legacy(data, 20000, 9, 1, LZ4_LEGACY_BLOCK_MAX, &len);
	const char *why;

	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *in = dup_exact(z, cut), *out = malloc(20000);
		int rc = unlz4(in, cut, out, 20000, &n, &why);

		/* Only the bare magic is a whole (empty) frame. */
		if (cut == 4)
			CHECKF(rc == 0 && n == 0, "cut at 4: rc %d", rc);
		else
			CHECKF(rc < 0, "cut at %zu of %zu accepted", cut, len);
		free(in);
		free(out);
	}
	free(z);
	free(data);
}

TEST(unlz4, random_mutations_stay_in_bounds)
{
	uint64_t seed = test_seed(), st = seed;
	uint8_t *data = gen_data(DATA_MIXED, 30000, 5);
	size_t len, n;
	uint8_t *z = lz4_legacy(data, 30000, 0, 1, 8192, &len);
	unsigned int iters = 0, accepted = 0;
	double end = test_now() + 1.0;

	while (test_now() < end) {
		uint8_t *m = dup_exact(z, len);
		size_t cap = test_rand(&st) % 4 ? 30000 : test_rand(&st) % 40000;
		uint8_t *out = malloc(cap ? cap : 1);
		const char *why = NULL;
		int rc;

		for (unsigned int i = 1 + test_rand(&st) % 8; i; i--)
			m[test_rand(&st) % len] = (uint8_t)test_rand(&st);
		rc = unlz4(m, len, out, cap, &n, &why);
		CHECKF(rc || n <= cap, "seed %#llx: output beyond the buffer",
		       (unsigned long long)seed);
		CHECKF(!rc || why, "seed %#llx: failure without a reason",
		       (unsigned long long)seed);
		accepted += !rc;
		iters++;
		free(m);
		free(out);
	}
	test_note("seed %#llx: %u mutations, %u decoded without error",
		  (unsigned long long)seed, iters, accepted);
	free(z);
	free(data);
}
