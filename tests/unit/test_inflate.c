/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DEFLATE/gzip decoder against zlib (levels 0-9, every strategy,
 * window and memory sizes, gzip headers with name, comment, extra field
 * and header CRC) and the gzip tool, then broken input: every truncation
 * must fail, a bit flip must fail or give back exactly the original (some
 * header bytes and the final padding bits are covered by no check), and
 * mutations must stay in bounds under ASan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <hv/lib/inflate.h>
#include "compress_util.h"
#include "hvlib.h"
#include "runner.h"

static struct inflate_work work;

/* zlib deflate: @wbits 15 raw? no: -15 raw, 31 gzip. */
static uint8_t *z_encode(const uint8_t *in, size_t len, int level, int strategy,
			 int wbits, int memlevel, gz_header *hdr, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = deflateBound(&z, len) + 4096;
	uint8_t *out = malloc(cap);

	if (!out || deflateInit2(&z, level, Z_DEFLATED, wbits, memlevel, strategy) != Z_OK)
		abort();
	cap = deflateBound(&z, len) + 4096;
	out = realloc(out, cap);
	if (hdr && deflateSetHeader(&z, hdr) != Z_OK)
		abort();
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static int check_gunzip(const uint8_t *gz, size_t gz_len, const uint8_t *want,
			size_t want_len, const char *what)
{
	uint8_t *in = dup_exact(gz, gz_len), *out = malloc(want_len ? want_len : 1);
	size_t n = ~(size_t)0;
	const char *why = NULL;
	int rc = gunzip(in, gz_len, out, want_len, &n, &work, &why);
	int ok = !rc && n == want_len && !memcmp(out, want, want_len);

	CHECKF(rc == 0, "%s: rc %d (%s)", what, rc, why ? why : "-");
	CHECKF(rc || ok, "%s: output differs (%zu bytes, want %zu)", what, n, want_len);
	free(in);
	free(out);
	return ok;
}

static const size_t sizes[] = { 0, 1, 2, 3, 258, 259, 4096, 32767, 32768, 32769, 65536,
				100001, 1500000 };

TEST(inflate, zlib_kinds_sizes_levels_strategies)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY,
					  Z_RLE, Z_FIXED };
	unsigned int ok = 0, n = 0;

	for (unsigned int k = 0; k < DATA_KINDS; k++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
			uint8_t *data = gen_data(k, sizes[s], 700 + s);

			for (int level = 0; level <= 9; level += 3) {
				int strat = strategies[(s + (unsigned int)level) % 5];
				int wbits = 16 + 9 + (int)((s + k) % 7);
				size_t gz_len;
				uint8_t *gz = z_encode(data, sizes[s], level, strat, wbits,
						       1 + (int)(s % 9), NULL, &gz_len);
				char what[96];

				snprintf(what, sizeof(what), "%s %zu bytes level %d strategy %d wbits %d",
					 data_kind_name[k], sizes[s], level, strat, wbits - 16);
				ok += check_gunzip(gz, gz_len, data, sizes[s], what);
				n++;
				free(gz);
			}
			free(data);
		}
	}
	test_note("%u of %u members decoded identically", ok, n);
}

TEST(inflate, gzip_header_fields)
{
	uint8_t *data = gen_data(DATA_TEXT, 5000, 9);
	uint8_t extra[] = { 'A', 'B', 4, 0, 1, 2, 3, 4 };
	gz_header h = { .text = 1, .time = 12345, .os = 3, .extra = extra,
			.extra_len = sizeof(extra), .name = (Bytef *)"vmlinux",
			.comment = (Bytef *)"a comment", .hcrc = 1 };
	size_t gz_len, n;
	uint8_t *gz = z_encode(data, 5000, 6, Z_DEFAULT_STRATEGY, 31, 8, &h, &gz_len);
	uint8_t out[5000];
	const char *why;

	check_gunzip(gz, gz_len, data, 5000, "name, comment, extra, header CRC");
	gz[4] ^= 1;	/* MTIME, covered by the header CRC here */
	CHECK_EQ(gunzip(gz, gz_len, out, sizeof(out), &n, &work, &why), -EINVAL);
	gz[4] ^= 1;
	gz[3] |= 0x20;	/* a reserved flag */
	CHECK_EQ(gunzip(gz, gz_len, out, sizeof(out), &n, &work, &why), -EOPNOTSUPP);
	gz[3] &= ~0x20;
	gz[2] = 7;	/* not deflate */
	CHECK_EQ(gunzip(gz, gz_len, out, sizeof(out), &n, &work, &why), -EOPNOTSUPP);
	CHECK_EQ(gunzip("BZh91AY", 7, out, sizeof(out), &n, &work, &why), -ENOEXEC);
	free(gz);
	free(data);
}

TEST(inflate, gzip_tool_and_members)
{
	static const char *const cmds[] = { "gzip -1 -c", "gzip -6 -c", "gzip -9 -c",
					    "gzip -n -9 -c", "gzip -c --rsyncable" };
	size_t len = 900000;
	uint8_t *data = gen_data(DATA_MIXED, len, 41);

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		uint8_t *gz;
		size_t gz_len;

		if (run_filter(cmds[i], data, len, &gz, &gz_len)) {
			test_skip("cannot run '%s'", cmds[i]);
			break;
		}
		check_gunzip(gz, gz_len, data, len, cmds[i]);
		if (i == 3) {
			/* Two members back to back decode to both. */
			uint8_t *two = malloc(2 * gz_len), *want = malloc(2 * len);

			memcpy(two, gz, gz_len);
			memcpy(two + gz_len, gz, gz_len);
			memcpy(want, data, len);
			memcpy(want + len, data, len);
			check_gunzip(two, 2 * gz_len, want, 2 * len, "two members");
			free(two);
			free(want);
		}
		free(gz);
	}
	free(data);
}

TEST(inflate, raw_stream_length)
{
	uint8_t *data = gen_data(DATA_MIXED, 200000, 3);
	size_t z_len, used, end;
	uint8_t *z = z_encode(data, 200000, 9, Z_DEFAULT_STRATEGY, -15, 9, NULL, &z_len);
	uint8_t *in = malloc(z_len + 7), *out = malloc(200000 + 8);
	const char *why = NULL;

	memcpy(in, z, z_len);
	memset(in + z_len, 0xa5, 7);	/* whatever follows is not read as data */
	CHECKF(inflate_raw(in, z_len + 7, &used, out, 8, 200000 + 8, &end, &work, &why) == 0,
	       "%s", why);
	CHECK_EQ(used, z_len);
	CHECK_EQ(end, 200000 + 8);
	CHECK(!memcmp(out + 8, data, 200000));
	CHECK_EQ(inflate_raw(in, z_len, &used, out, 8, 200000 + 7, &end, &work, &why), -ENOSPC);
	free(in);
	free(out);
	free(z);
	free(data);
}

static const struct {
	const char *name;
	uint8_t in[16];
	size_t len;
	int rc;
} bad[] = {
	{ "block type 3", { 0x07 }, 1, -EINVAL },
	{ "stored length check", { 0x01, 0x05, 0x00, 0xfa, 0xfe }, 5, -EINVAL },
	{ "stored, truncated", { 0x01, 0x05, 0x00, 0xfa, 0xff, 'a' }, 6, -EINVAL },
	/* Fixed codes: distance 1 with nothing before it. */
	{ "distance before the output", { 0x03, 0x02, 0x00 }, 3, -EINVAL },
	{ "empty input", { 0 }, 0, -EINVAL },
	{ "non-final block then nothing", { 0x00, 0x00, 0x00, 0xff, 0xff }, 5, -EINVAL },
};

TEST(inflate, bad_raw_table)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		uint8_t *in = dup_exact(bad[i].in, bad[i].len), out[64];
		size_t used, end;
		const char *why = NULL;
		int rc = inflate_raw(in, bad[i].len, &used, out, 0, sizeof(out), &end, &work, &why);

		CHECKF(rc == bad[i].rc, "%s: rc %d (%s)", bad[i].name, rc, why ? why : "-");
		CHECKF(!rc || why, "%s: no reason", bad[i].name);
		free(in);
	}
}

TEST(inflate, every_truncation_fails_and_flips_never_lie)
{
	uint8_t *data = gen_data(DATA_MIXED, 3000, 77), *gz, out[3000];
	size_t gz_len, n;
	unsigned int accepted = 0;
	const char *why;

	gz = z_encode(data, 3000, 9, Z_DEFAULT_STRATEGY, 31, 8, NULL, &gz_len);
	for (size_t cut = 0; cut < gz_len; cut++) {
		uint8_t *m = dup_exact(gz, cut);

		CHECKF(gunzip(m, cut, out, sizeof(out), &n, &work, &why) < 0,
		       "cut at %zu of %zu accepted", cut, gz_len);
		free(m);
	}
	for (size_t bit = 0; bit < gz_len * 8; bit++) {
		uint8_t *m = dup_exact(gz, gz_len);
		int rc;

		m[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		rc = gunzip(m, gz_len, out, sizeof(out), &n, &work, &why);
		CHECKF(rc < 0 || (n == 3000 && !memcmp(out, data, 3000)),
		       "flip of bit %zu gave wrong data without an error", bit);
		accepted += rc == 0;
		free(m);
	}
	test_note("%zu truncations refused; %zu bit flips, %u harmless ones accepted "
		  "(MTIME/XFL/OS bytes, final padding bits)", gz_len, gz_len * 8, accepted);
	free(gz);
	free(data);
}

TEST(inflate, random_mutations_stay_in_bounds)
{
	uint64_t seed = test_seed(), st = seed;
	uint8_t *data = gen_data(DATA_MIXED, 20000, 12);
	size_t len, n;
	uint8_t *gz = z_encode(data, 20000, 6, Z_DEFAULT_STRATEGY, 31, 8, NULL, &len);
	unsigned int iters = 0;
	double end = test_now() + 1.0;

	while (test_now() < end) {
		uint8_t *m = dup_exact(gz, len);
		size_t cap = test_rand(&st) % 4 ? 20000 : test_rand(&st) % 25000;
		uint8_t *out = malloc(cap ? cap : 1);
		const char *why = NULL;
		int rc;

		for (unsigned int i = 1 + test_rand(&st) % 8; i; i--)
			m[10 + test_rand(&st) % (len - 10)] = (uint8_t)test_rand(&st);
		rc = gunzip(m, len, out, cap, &n, &work, &why);
		CHECKF(rc || n <= cap, "seed %#llx: output beyond the buffer",
		       (unsigned long long)seed);
		CHECKF(!rc || why, "seed %#llx: no reason", (unsigned long long)seed);
		iters++;
		free(m);
		free(out);
	}
	test_note("seed %#llx: %u mutations", (unsigned long long)seed, iters);
	free(gz);
	free(data);
}
