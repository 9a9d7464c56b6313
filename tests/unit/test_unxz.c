/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz decoder against what the host's liblzma and xz tool write: many
 * data kinds and sizes, presets 0-9 and extreme, every lc/lp/pb, the
 * integrity checks, the x86 BCJ filter (with a start offset), multiple
 * blocks, concatenated streams with padding. Then broken input: every
 * truncation and every single-bit flip of small streams must fail, and
 * random mutations must never read or write out of bounds (inputs and
 * outputs are exact-size heap blocks under ASan).
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib/unxz.h>
#include "compress_util.h"
#include "hvlib.h"
#include "runner.h"

static struct unxz_work work;

/* Encodes with liblzma: @bcj adds the x86 filter (start offset @start). */
static uint8_t *xz_encode(const uint8_t *in, size_t len, uint32_t preset,
			  lzma_check check, bool bcj, uint32_t start,
			  const lzma_options_lzma *custom, size_t *out_len)
{
	lzma_options_lzma opt;
	lzma_options_bcj bcj_opt = { .start_offset = start };
	lzma_filter f[3];
	size_t cap = lzma_stream_buffer_bound(len), pos = 0;
	uint8_t *out = malloc(cap);
	unsigned int n = 0;

	if (!out)
		abort();
	if (custom)
		opt = *custom;
	else if (lzma_lzma_preset(&opt, preset))
		abort();
	if (bcj)
		f[n++] = (lzma_filter){ LZMA_FILTER_X86, start ? &bcj_opt : NULL };
	f[n++] = (lzma_filter){ LZMA_FILTER_LZMA2, &opt };
	f[n] = (lzma_filter){ LZMA_VLI_UNKNOWN, NULL };
	if (lzma_stream_buffer_encode(f, check, NULL, in, len, out, &pos, cap) != LZMA_OK)
		abort();
	*out_len = pos;
	return out;
}

/* Decodes @xz (copied to an exact-size block) and compares with @want. */
static int check_decode(const uint8_t *xz, size_t xz_len, const uint8_t *want,
			size_t want_len, const char *what)
{
	uint8_t *in = dup_exact(xz, xz_len);
	uint8_t *out = malloc(want_len ? want_len : 1);
	size_t out_len = ~(size_t)0;
	const char *why = NULL;
	int rc = unxz(in, xz_len, out, want_len, &out_len, &work, &why);
	int ok = rc == 0 && out_len == want_len && !memcmp(out, want, want_len);

	CHECKF(rc == 0, "%s: rc %d (%s)", what, rc, why ? why : "-");
	CHECKF(rc || out_len == want_len, "%s: %zu bytes, want %zu", what, out_len, want_len);
	CHECKF(rc || out_len != want_len || !memcmp(out, want, want_len),
	       "%s: output differs", what);
	free(in);
	free(out);
	return ok;
}

static const size_t sizes[] = {
	0, 1, 2, 4, 5, 6, 17, 255, 256, 4095, 4096, 65535, 65536, 65537,
	300001, 2200000,
};

TEST(unxz, liblzma_kinds_sizes_checks_bcj)
{
	lzma_check checks[] = { LZMA_CHECK_NONE, LZMA_CHECK_CRC32, LZMA_CHECK_CRC64 };
	unsigned int ok = 0, n = 0;

	for (unsigned int k = 0; k < DATA_KINDS; k++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
			size_t len = sizes[s];
			uint8_t *data = gen_data(k, len, 1000 + s);

			for (unsigned int v = 0; v < 2; v++, n++) {
				unsigned int i = k * 31 + s * 7 + v;
				uint32_t preset = len > 1000000 ? i % 4 : i % 10;
				bool bcj = (i / 3 + v) % 2;
				size_t xz_len;
				uint8_t *xz = xz_encode(data, len, preset, checks[i % 3], bcj,
							bcj && i % 5 == 0 ? 0x1234 + i : 0,
							NULL, &xz_len);
				char what[128];

				snprintf(what, sizeof(what), "%s %zu bytes preset %u check %u bcj %d",
					 data_kind_name[k], len, preset, checks[i % 3], bcj);
				ok += check_decode(xz, xz_len, data, len, what);
				free(xz);
			}
			free(data);
		}
	}
	test_note("%u of %u streams decoded identically", ok, n);
}

TEST(unxz, liblzma_presets)
{
	uint8_t *data = gen_data(DATA_MIXED, 400000, 7);

	for (uint32_t p = 0; p <= 10; p++) {
		uint32_t preset = p == 10 ? 9 | LZMA_PRESET_EXTREME : p;
		size_t xz_len;
		uint8_t *xz = xz_encode(data, 400000, preset, LZMA_CHECK_CRC64,
					p % 2, 0, NULL, &xz_len);
		char what[64];

		snprintf(what, sizeof(what), "preset %u%s", p > 9 ? 9 : p, p > 9 ? "e" : "");
		check_decode(xz, xz_len, data, 400000, what);
		free(xz);
	}
	free(data);
}

TEST(unxz, liblzma_lc_lp_pb)
{
	uint8_t *data = gen_data(DATA_MIXED, 120000, 11);

	for (uint32_t lc = 0; lc <= 4; lc++) {
		for (uint32_t lp = 0; lc + lp <= 4; lp++) {
			for (uint32_t pb = 0; pb <= 4; pb++) {
				lzma_options_lzma opt;
				size_t xz_len;
				uint8_t *xz;
				char what[64];

				lzma_lzma_preset(&opt, 1);
				opt.lc = lc;
				opt.lp = lp;
				opt.pb = pb;
				opt.dict_size = 4096 << (pb % 3);
				xz = xz_encode(data, 120000, 0, LZMA_CHECK_CRC32, false, 0,
					       &opt, &xz_len);
				snprintf(what, sizeof(what), "lc %u lp %u pb %u", lc, lp, pb);
				check_decode(xz, xz_len, data, 120000, what);
				free(xz);
			}
		}
	}
	free(data);
}

TEST(unxz, sha256_and_unknown_filters_refused)
{
	uint8_t *data = gen_data(DATA_TEXT, 1000, 3), out[1000];
	size_t xz_len, n;
	uint8_t *xz = xz_encode(data, 1000, 1, LZMA_CHECK_SHA256, false, 0, NULL, &xz_len);
	const char *why = NULL;

	CHECK_EQ(unxz(xz, xz_len, out, sizeof(out), &n, &work, &why), -EOPNOTSUPP);
	CHECK(why != NULL);
	free(xz);
	free(data);
}

/* The check values of the CRC catalogues, and every length and alignment. */
TEST(unxz, crc_check_values)
{
	static uint8_t buf[64 + 9];
	uint32_t want = 0;

	crc32_table_init(&work.crc32);
	crc64_table_init(&work.crc64);
	CHECK_EQ(crc32_update(&work.crc32, 0, "", 0), 0);
	CHECK_EQ(crc32_update(&work.crc32, 0, "123456789", 9), 0xcbf43926);
	CHECK_EQ(crc64_update(&work.crc64, 0, "123456789", 9), 0x995dc9bbdf1939faULL);
	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 1);
	/* Slices of 8 against byte by byte (continued CRCs are the same CRC). */
	for (unsigned int off = 0; off < 8; off++) {
		for (unsigned int len = 0; len <= 64; len++) {
			uint32_t bytewise = 0;

			for (unsigned int i = 0; i < len; i++)
				bytewise = crc32_update(&work.crc32, bytewise, buf + off + i, 1);
			want = crc32_update(&work.crc32, 0, buf + off, len);
			CHECKF(want == bytewise, "offset %u length %u", off, len);
		}
	}
}

/* The xz tool itself, with the settings it is used with. */
TEST(unxz, xz_tool)
{
	static const char *const cmds[] = {
		"xz -0 -c", "xz -1 -c", "xz -2 -c", "xz -3 -c", "xz -4 -c",
		"xz -5 -c", "xz -6 -c", "xz -7 -c", "xz -8 -c", "xz -9 -c",
		"xz -9e -c", "xz -0e -c",
		"xz -c --check=crc32", "xz -c --check=crc64", "xz -c --check=none",
		"xz -c --x86 --lzma2=preset=6", "xz -c --x86 --lzma2=preset=0,dict=4KiB",
		/* What Linux's xz_wrap.sh runs for x86 kernels. */
		"xz -c --check=crc32 --x86 --lzma2=,dict=32MiB",
		"xz -c --block-size=10000", "xz -c --block-size=70001 --x86 --lzma2=preset=1 --check=none",
		"xz -c -T2 --block-size=100000", "xz -c --lzma2=lc=4,lp=0,pb=0",
		"xz -c --lzma2=lc=0,lp=4,pb=4,mode=fast,nice=8",
	};
	uint8_t *data = gen_data(DATA_MIXED, 700000, 21);

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		uint8_t *xz;
		size_t xz_len;

		if (run_filter(cmds[i], data, 700000, &xz, &xz_len)) {
			test_skip("cannot run '%s'", cmds[i]);
			break;
		}
		check_decode(xz, xz_len, data, 700000, cmds[i]);
		free(xz);
	}
	free(data);
}

TEST(unxz, concatenated_streams_and_padding)
{
	uint8_t *a = gen_data(DATA_X86, 50000, 5), *b = gen_data(DATA_TEXT, 30000, 6);
	size_t la, lb;
	uint8_t *xa = xz_encode(a, 50000, 2, LZMA_CHECK_CRC32, true, 0, NULL, &la);
	uint8_t *xb = xz_encode(b, 30000, 6, LZMA_CHECK_CRC64, false, 0, NULL, &lb);
	size_t cat_len = la + 8 + lb + 4;
	uint8_t *cat = calloc(1, cat_len), *want = malloc(80000), out[80000];
	const char *why;
	size_t n;

	memcpy(cat, xa, la);
	memcpy(cat + la + 8, xb, lb);	/* 8 bytes of padding between, 4 after */
	memcpy(want, a, 50000);
	memcpy(want + 50000, b, 30000);
	check_decode(cat, cat_len, want, 80000, "two streams, padding 8 and 4");
	/* Padding that is not a multiple of 4, and trailing garbage. */
	CHECK_EQ(unxz(cat, la + 3, out, sizeof(out), &n, &work, &why), -EINVAL);
	cat[la + 8 + lb + 2] = 1;
	CHECK_EQ(unxz(cat, cat_len, out, sizeof(out), &n, &work, &why), -EINVAL);
	CHECK_EQ(unxz("hello, world", 12, out, sizeof(out), &n, &work, &why), -ENOEXEC);
	CHECK_EQ(unxz(cat, 0, out, sizeof(out), &n, &work, &why), -EINVAL);
	free(xa);
	free(xb);
	free(a);
	free(b);
	free(cat);
	free(want);
}

TEST(unxz, output_too_small)
{
	uint8_t *data = gen_data(DATA_MIXED, 100000, 8);
	size_t xz_len, n;
	uint8_t *xz = xz_encode(data, 100000, 6, LZMA_CHECK_CRC64, true, 0, NULL, &xz_len);
	const char *why;

	for (size_t cap = 0; cap < 100000; cap += 9973) {
		uint8_t *out = malloc(cap ? cap : 1);

		CHECKF(unxz(xz, xz_len, out, cap, &n, &work, &why) == -ENOSPC, "cap %zu", cap);
		free(out);
	}
	{
		uint8_t *out = malloc(99999);

		CHECK_EQ(unxz(xz, xz_len, out, 99999, &n, &work, &why), -ENOSPC);
		free(out);
	}
	free(xz);
	free(data);
}

/* A small two-block stream from the xz tool, or NULL (then the test skips). */
static uint8_t *small_stream(const char *opts, size_t *len, uint8_t **data,
			     size_t data_len)
{
	char cmd[256];
	uint8_t *xz;

	*data = gen_data(DATA_MIXED, data_len, 99);
	snprintf(cmd, sizeof(cmd), "xz -c --block-size=%zu %s", data_len / 2, opts);
	if (run_filter(cmd, *data, data_len, &xz, len))
		return NULL;
	return xz;
}

static int decode_exact(const uint8_t *src, size_t len, size_t cap, size_t *n,
			const char **why)
{
	uint8_t *in = dup_exact(src, len), *out = malloc(cap ? cap : 1);
	int rc = unxz(in, len, out, cap, n, &work, why);

	if (!rc && *n > cap)
		rc = 1;		/* impossible: reported as a failure below */
	free(in);
	free(out);
	return rc;
}

TEST(unxz, every_truncation_fails)
{
	static const char *const opts[] = { "--check=crc32 --x86 --lzma2", "--check=crc64", "--check=none" };

	for (unsigned int o = 0; o < ARRAY_SIZE(opts); o++) {
		uint8_t *data, *xz;
		size_t len, n;
		const char *why;
		unsigned int bad = 0;

		xz = small_stream(opts[o], &len, &data, 3000);
		if (!xz) {
			test_skip("no xz tool");
			free(data);
			return;
		}
		for (size_t cut = 0; cut < len; cut++) {
			int rc = decode_exact(xz, cut, 3000, &n, &why);

			if (rc >= 0) {
				if (bad++ < 5)
					test_fail(__FILE__, __LINE__, "%s: cut at %zu of %zu accepted",
						  opts[o], cut, len);
			} else if (!why) {
				test_fail(__FILE__, __LINE__, "%s: cut at %zu: no reason", opts[o], cut);
			}
		}
		CHECK_EQ(decode_exact(xz, len, 3000, &n, &why), 0);
		test_note("%s: %zu truncations, all refused", opts[o], len);
		free(xz);
		free(data);
	}
}

TEST(unxz, every_bit_flip_fails_with_a_check)
{
	static const char *const opts[] = { "--check=crc32 --x86 --lzma2", "--check=crc64" };

	for (unsigned int o = 0; o < ARRAY_SIZE(opts); o++) {
		uint8_t *data, *xz;
		size_t len, n;
		const char *why;
		unsigned int bad = 0;

		xz = small_stream(opts[o], &len, &data, 2000);
		if (!xz) {
			test_skip("no xz tool");
			free(data);
			return;
		}
		for (size_t bit = 0; bit < len * 8; bit++) {
			int rc;

			xz[bit / 8] ^= (uint8_t)(1 << (bit % 8));
			rc = decode_exact(xz, len, 2000, &n, &why);
			xz[bit / 8] ^= (uint8_t)(1 << (bit % 8));
			if (rc >= 0 && bad++ < 5)
				test_fail(__FILE__, __LINE__, "%s: flip of bit %zu accepted",
					  opts[o], bit);
		}
		test_note("%s: %zu single-bit flips, all refused", opts[o], len * 8);
		free(xz);
		free(data);
	}
}

/* Without a check nothing need fail, but nothing may go out of bounds. */
TEST(unxz, random_mutations_stay_in_bounds)
{
	uint64_t seed = test_seed(), st = seed;
	uint8_t *data, *xz;
	size_t len, n;
	unsigned int iters = 0, accepted = 0;
	double end = test_now() + 1.0;

	xz = small_stream("--check=none --x86 --lzma2", &len, &data, 5000);
	if (!xz) {
		test_skip("no xz tool");
		free(data);
		return;
	}
	while (test_now() < end) {
		uint8_t *m = dup_exact(xz, len);
		unsigned int flips = 1 + test_rand(&st) % 8;
		size_t cap = test_rand(&st) % 4 ? 5000 : test_rand(&st) % 6000;
		const char *why = NULL;
		int rc;

		for (unsigned int i = 0; i < flips; i++)
			m[test_rand(&st) % len] = (uint8_t)test_rand(&st);
		rc = decode_exact(m, len, cap, &n, &why);
		CHECKF(rc <= 0, "seed %#llx: output beyond the buffer", (unsigned long long)seed);
		CHECKF(rc == 0 || why, "seed %#llx: failure without a reason",
		       (unsigned long long)seed);
		accepted += rc == 0;
		iters++;
		free(m);
	}
	test_note("seed %#llx: %u mutations, %u decoded without error",
		  (unsigned long long)seed, iters, accepted);
	free(xz);
	free(data);
}

/* The raw LZMA2 layer: chunk boundaries and the end marker's position. */
TEST(unxz, lzma2_raw)
{
	uint8_t *data = gen_data(DATA_MIXED, 3000000, 17);
	lzma_options_lzma opt;
	lzma_filter f[2];
	size_t cap = 3200000, pos = 0, used, end;
	uint8_t *enc = malloc(cap), *out = malloc(3000000 + 16);
	const char *why = NULL;

	lzma_lzma_preset(&opt, 0);
	f[0] = (lzma_filter){ LZMA_FILTER_LZMA2, &opt };
	f[1] = (lzma_filter){ LZMA_VLI_UNKNOWN, NULL };
	CHECK(lzma_raw_buffer_encode(f, NULL, data, 3000000, enc, &pos, cap) == LZMA_OK);
	CHECKF(lzma2_decode(&work.lzma2, opt.dict_size, enc, pos, &used, out, 16,
			    3000000 + 16, &end, &why) == 0, "%s", why);
	CHECK_EQ(used, pos);
	CHECK_EQ(end, 3000000 + 16);
	CHECK(!memcmp(out + 16, data, 3000000));
	/* A dictionary smaller than the encoder's: distances beyond it fail. */
	CHECK_EQ(lzma2_decode(&work.lzma2, 4096, enc, pos, &used, out, 16, 3000000 + 16,
			      &end, &why), -EINVAL);
	free(enc);
	free(out);
	free(data);
}
