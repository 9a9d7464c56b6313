/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage recognition: a table of setup headers built here (good, and bad
 * in each field that matters), payloads in every format we decode (xz,
 * lz4, gzip) and the ones we only name; then Debian's own kernels from the cache, whose decoded
 * payload must equal the vmlinux the harness extracted, byte for byte,
 * and which must be refused when truncated or, for XZ, when any payload
 * byte is changed.
 */
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib/bzimage.h>
#include "compress_util.h"
#include "hvlib.h"
#include "runner.h"

static union bzimage_work work;

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

struct bzspec {
	uint8_t setup_sects;
	uint16_t version;
	uint32_t payload_offset;
	int64_t length_delta;	/* added to the true payload_length */
	bool no_hdrs, no_boot_flag;
	int64_t trailer_delta;	/* added to the recorded size */
	uint32_t force_length;	/* if not 0: payload_length as written */
};

/* Setup sectors, then @gap bytes, then payload + size trailer. */
static uint8_t *make_bzimage(const struct bzspec *sp, const uint8_t *z, size_t z_len,
			     size_t out_len, size_t *len)
{
	unsigned int sects = sp->setup_sects ? sp->setup_sects : 4;
	size_t pm = (sects + 1) * 512, total = pm + sp->payload_offset + z_len + 4;
	uint8_t *img = calloc(1, total);

	if (!img)
		abort();
	img[0x1f1] = sp->setup_sects;
	if (!sp->no_boot_flag) {
		img[0x1fe] = 0x55;
		img[0x1ff] = 0xaa;
	}
	if (!sp->no_hdrs)
		memcpy(img + 0x202, "HdrS", 4);
	img[0x206] = (uint8_t)sp->version;
	img[0x207] = (uint8_t)(sp->version >> 8);
	put_le32(img + 0x248, sp->payload_offset);
	put_le32(img + 0x24c, sp->force_length ? sp->force_length :
			      (uint32_t)(z_len + 4 + sp->length_delta));
	memcpy(img + pm + sp->payload_offset, z, z_len);
	put_le32(img + pm + sp->payload_offset + z_len, (uint32_t)(out_len + sp->trailer_delta));
	*len = total;
	return img;
}

static uint8_t *xz_of(const uint8_t *in, size_t len, size_t *out_len)
{
	size_t cap = lzma_stream_buffer_bound(len), pos = 0;
	uint8_t *out = malloc(cap);

	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap))
		abort();
	*out_len = pos;
	return out;
}

static uint8_t *lz4_of(const uint8_t *in, size_t len, size_t *out_len)
{
	uint8_t *out = malloc(8 + LZ4_compressBound((int)len));
	int c = LZ4_compress_default((const char *)in, (char *)out + 8, (int)len,
				     LZ4_compressBound((int)len));

	put_le32(out, 0x184c2102);
	put_le32(out + 4, (uint32_t)c);
	*out_len = 8 + (size_t)c;
	return out;
}

static uint8_t *gz_of(const uint8_t *in, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	uint8_t *out;

	if (deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	out = malloc(deflateBound(&z, len));
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)deflateBound(&z, len);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static const char *const fmt_name[3] = { "xz", "lz4", "gzip" };

static const struct {
	const char *name;
	struct bzspec spec;
	int probe_rc;
	int decomp_rc;
} table[] = {
	{ "good", { 27, 0x20f, 700, 0, false, false, 0, 0 }, 0, 0 },
	{ "setup_sects 0 means 4", { 0, 0x208, 0, 0, false, false, 0, 0 }, 0, 0 },
	{ "no HdrS", { 27, 0x20f, 0, 0, true, false, 0, 0 }, -ENOEXEC, 0 },
	{ "no boot flag", { 27, 0x20f, 0, 0, false, true, 0, 0 }, -ENOEXEC, 0 },
	{ "protocol 2.07", { 27, 0x207, 0, 0, false, false, 0, 0 }, -EOPNOTSUPP, 0 },
	{ "payload past the end", { 27, 0x20f, 0, 1, false, false, 0, 0 }, -EINVAL, 0 },
	{ "payload length 2^32 - 1", { 27, 0x20f, 700, 0, false, false, 0, 0xffffffff },
	  -EINVAL, 0 },
	{ "payload of 4 bytes", { 27, 0x20f, 0, 0, false, false, 0, 4 }, -EINVAL, 0 },
	{ "size trailer too small", { 27, 0x20f, 0, 0, false, false, -1, 0 }, 0, -ENOSPC },
	{ "size trailer too large", { 27, 0x20f, 0, 0, false, false, 1, 0 }, 0, -EINVAL },
};

TEST(bzimage, header_table)
{
	uint8_t *elf = gen_data(DATA_X86, 30000, 1);
	size_t zl[3];
	uint8_t *z[3] = { xz_of(elf, 30000, &zl[0]), lz4_of(elf, 30000, &zl[1]),
			  gz_of(elf, 30000, &zl[2]) };

	for (unsigned int f = 0; f < 3; f++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(table); i++) {
			size_t len, n;
			uint8_t *img = make_bzimage(&table[i].spec, z[f], zl[f], 30000, &len);
			struct bzimage bz;
			const char *why = NULL;
			int rc = bzimage_probe(img, len, &bz, &why);
			uint8_t *out;

			CHECKF(rc == table[i].probe_rc, "%s/%s: probe %d (%s)", fmt_name[f],
			       table[i].name, rc, why ? why : "-");
			CHECKF(rc == 0 || why, "%s: no reason", table[i].name);
			if (!rc) {
				CHECK_STR(bz.format_name, fmt_name[f]);
				out = malloc(bz.out_len ? bz.out_len : 1);
				rc = bzimage_decompress(&bz, out, bz.out_len, &n, &work, &why);
				CHECKF(rc == table[i].decomp_rc, "%s/%s: decompress %d (%s)",
				       fmt_name[f], table[i].name, rc, why ? why : "-");
				if (!rc)
					CHECK(n == 30000 && !memcmp(out, elf, 30000));
				free(out);
			}
			free(img);
		}
		free(z[f]);
	}
	free(elf);
}

TEST(bzimage, formats_named_and_refused)
{
	static const struct { const char *name; uint8_t magic[6]; size_t len; } fm[] = {
		{ "bzip2", { 'B', 'Z', 'h', '9' }, 4 },
		{ "lzma", { 0x5d, 0, 0, 0x80 }, 4 }, { "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
		{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 }, { "unknown", { 'E', 'L', 'F', 0 }, 4 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(fm); i++) {
		struct bzspec sp = { .setup_sects = 2, .version = 0x20f };
		size_t len;
		uint8_t *img = make_bzimage(&sp, fm[i].magic, fm[i].len, 100, &len);
		struct bzimage bz;
		const char *why = NULL;

		CHECK_EQ(bzimage_probe(img, len, &bz, &why), -EOPNOTSUPP);
		CHECK_STR(bz.format_name, fm[i].name);
		CHECK(why != NULL);
		free(img);
	}
	{
		uint8_t small[0x240] = { 0 };
		struct bzimage bz;

		CHECK_EQ(bzimage_probe(small, sizeof(small), &bz, NULL), -ENOEXEC);
		CHECK_EQ(bzimage_probe(NULL, 0, &bz, NULL), -ENOEXEC);
	}
}

/* Every truncation of a small bzImage fails: in the probe or the decoder. */
TEST(bzimage, every_truncation_fails)
{
	uint8_t *elf = gen_data(DATA_MIXED, 3000, 2);
	struct bzspec sp = { .setup_sects = 1, .version = 0x20f, .payload_offset = 8 };

	for (unsigned int f = 0; f < 3; f++) {
		size_t zl, len;
		uint8_t *z = f == 2 ? gz_of(elf, 3000, &zl) : f ? lz4_of(elf, 3000, &zl) :
			     xz_of(elf, 3000, &zl);
		uint8_t *img = make_bzimage(&sp, z, zl, 3000, &len);

		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *m = dup_exact(img, cut), *out = malloc(3000);
			struct bzimage bz;
			const char *why = NULL;
			size_t n;
			int rc = bzimage_probe(m, cut, &bz, &why);

			if (!rc)
				rc = bzimage_decompress(&bz, out, 3000, &n, &work, &why);
			CHECKF(rc < 0 && why, "%s: cut at %zu of %zu accepted", fmt_name[f],
			       cut, len);
			free(m);
			free(out);
		}
		free(z);
		free(img);
	}
	free(elf);
}

static void real_kernel(const char *flavour, const char *format)
{
	char zpath[4096], epath[4096];
	size_t zlen, elen, n;
	uint8_t *img, *elf, *out;
	struct bzimage bz;
	const char *why = NULL;
	int rc;
	double t;

	snprintf(zpath, sizeof(zpath), "%s/linux/%s/vmlinuz", cache_dir(), flavour);
	snprintf(epath, sizeof(epath), "%s/linux/%s/vmlinux", cache_dir(), flavour);
	img = read_file(zpath, &zlen);
	elf = img ? read_file(epath, &elen) : NULL;
	if (!img || !elf) {
		test_skip("no Debian %s kernel in %s (scripts/fetch-linux.sh)", flavour,
			  cache_dir());
		free(img);
		return;
	}
	rc = bzimage_probe(img, zlen, &bz, &why);
	CHECKF(rc == 0, "%s: probe: %s", zpath, why);
	if (rc)
		goto out;
	CHECK_STR(bz.format_name, format);
	CHECK_EQ(bz.out_len, elen);
	out = malloc(bz.out_len);
	t = test_now();
	rc = bzimage_decompress(&bz, out, bz.out_len, &n, &work, &why);
	t = test_now() - t;
	CHECKF(rc == 0, "%s: %s", zpath, why);
	CHECKF(!rc && n == elen && !memcmp(out, elf, elen),
	       "%s: decoded payload differs from %s", zpath, epath);
	test_note("%s: boot protocol %#x, %s payload of %zu bytes -> %zu bytes, "
		  "identical to vmlinux (%.2f s under ASan)", zpath, bz.version, format,
		  bz.payload_len, n, t);

	/* Cut inside the payload: the header no longer fits the image. */
	CHECK_EQ(bzimage_probe(img, (size_t)(bz.payload - img) + bz.payload_len, &bz, &why),
		 -EINVAL);
	rc = bzimage_probe(img, zlen, &bz, &why);
	/* A byte in the middle of the payload changed. */
	img[(size_t)(bz.payload - img) + bz.payload_len / 2] ^= 0x10;
	rc = bzimage_decompress(&bz, out, bz.out_len, &n, &work, &why);
	if (!strcmp(format, "xz"))
		CHECKF(rc < 0, "%s: flipped payload byte accepted", zpath);
	test_note("flipped payload byte: %s", rc ? why : "decoded (LZ4 has no checksum)");
	free(out);
out:
	free(img);
	free(elf);
}

TEST(bzimage, debian_standard_xz)
{
	real_kernel("standard", "xz");
}

TEST(bzimage, debian_cloud_lz4)
{
	real_kernel("cloud", "lz4");
}
