/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Finding the compressed kernel in a bzImage and handing it to the
 * decoder its magic names. Only the fields the payload needs are read;
 * everything else in the setup code is the kernel's business.
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/bzimage.h>
#include <hv/lib/inflate.h>
#include <hv/lib/string.h>
#include <hv/lib/unlz4.h>
#include <hv/lib/unxz.h>

#define SECTOR_SIZE	512
#define DEFAULT_SETUP_SECTS 4	/* what setup_sects == 0 means */

static const struct {
	enum bzimage_format format;
	const char *name;
	uint8_t len;
	uint8_t magic[6];
} formats[] = {
	{ BZ_FORMAT_XZ,    "xz",    6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
	{ BZ_FORMAT_LZ4,   "lz4",   4, { 0x02, 0x21, 0x4c, 0x18 } },
	{ BZ_FORMAT_GZIP,  "gzip",  2, { 0x1f, 0x8b } },
	{ BZ_FORMAT_BZIP2, "bzip2", 3, { 'B', 'Z', 'h' } },
	{ BZ_FORMAT_LZMA,  "lzma",  3, { 0x5d, 0x00, 0x00 } },
	{ BZ_FORMAT_LZO,   "lzo",   4, { 0x89, 'L', 'Z', 'O' } },
	{ BZ_FORMAT_ZSTD,  "zstd",  4, { 0x28, 0xb5, 0x2f, 0xfd } },
};

static int fail(const char **why, int rc, const char *reason)
{
	if (why)
		*why = reason;
	return rc;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static unsigned int find_format(const uint8_t *p, size_t len)
{
	for (unsigned int i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (len >= formats[i].len && !memcmp(p, formats[i].magic, formats[i].len))
			return i;
	return ~0u;
}

static bool can_decode(enum bzimage_format f)
{
	return f == BZ_FORMAT_XZ || f == BZ_FORMAT_LZ4 || f == BZ_FORMAT_GZIP;
}

int bzimage_probe(const void *image, size_t size, struct bzimage *bz,
		  const char **why)
{
	const uint8_t *img = image;
	size_t pm_start, off, len;
	unsigned int sects, f;

	if (why)
		*why = NULL;
	memset(bz, 0, sizeof(*bz));
	if (!img || size < BZ_HEADER_END ||
	    memcmp(img + BZ_HEADER_MAGIC, "HdrS", 4) ||
	    img[BZ_BOOT_FLAG] != 0x55 || img[BZ_BOOT_FLAG + 1] != 0xaa)
		return fail(why, -ENOEXEC, "not a bzImage");
	bz->version = (uint16_t)(img[BZ_VERSION] | (img[BZ_VERSION + 1] << 8));
	if (bz->version < BZ_VERSION_PAYLOAD)
		return fail(why, -EOPNOTSUPP, "bzImage: boot protocol older than 2.08 (no payload fields)");
	sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : DEFAULT_SETUP_SECTS;
	pm_start = ((size_t)sects + 1) * SECTOR_SIZE;
	off = le32(img + BZ_PAYLOAD_OFFSET);
	len = le32(img + BZ_PAYLOAD_LENGTH);
	if (pm_start > size || off > size - pm_start || len > size - pm_start - off)
		return fail(why, -EINVAL, "bzImage: payload outside the image");
	if (len <= 4)
		return fail(why, -EINVAL, "bzImage: payload too short");
	bz->payload = img + pm_start + off;
	bz->payload_len = len - 4;
	bz->out_len = le32(bz->payload + bz->payload_len);
	f = find_format(bz->payload, bz->payload_len);
	if (f == ~0u) {
		bz->format_name = "unknown";
		return fail(why, -EOPNOTSUPP, "bzImage: unknown payload compression");
	}
	bz->format = formats[f].format;
	bz->format_name = formats[f].name;
	if (!can_decode(bz->format))
		return fail(why, -EOPNOTSUPP, "bzImage: payload compression not supported");
	return 0;
}

int decompress_by_magic(const void *in, size_t in_len, void *out,
			size_t out_cap, size_t *out_len,
			union bzimage_work *work, const char **why)
{
	unsigned int f = find_format(in, in_len);

	if (why)
		*why = NULL;
	if (f == ~0u)
		return fail(why, -ENOEXEC, "unknown compression magic");
	switch (formats[f].format) {
	case BZ_FORMAT_XZ:
		return unxz(in, in_len, out, out_cap, out_len, &work->xz, why);
	case BZ_FORMAT_LZ4:
		return unlz4(in, in_len, out, out_cap, out_len, why);
	case BZ_FORMAT_GZIP:
		return gunzip(in, in_len, out, out_cap, out_len, &work->gz, why);
	default:
		return fail(why, -EOPNOTSUPP, "compression format not supported");
	}
}

int bzimage_decompress(const struct bzimage *bz, void *out, size_t out_cap,
		       size_t *out_len, union bzimage_work *work,
		       const char **why)
{
	size_t n = 0;
	int rc;

	rc = decompress_by_magic(bz->payload, bz->payload_len, out, out_cap, &n,
				 work, why);
	if (rc)
		return rc;
	if (n != bz->out_len)
		return fail(why, -EINVAL, "bzImage: decompressed size differs from the recorded one");
	*out_len = n;
	return 0;
}
