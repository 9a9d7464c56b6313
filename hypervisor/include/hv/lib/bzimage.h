/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux bzImage recognition and payload decompression
 * (hypervisor/lib/bzimage.c). The x86 boot protocol's setup header gives
 * (from version 2.08 on) where the compressed kernel lies: payload_offset
 * and payload_length, counted from the protected-mode code, which starts
 * after the (setup_sects + 1) sectors of real-mode setup. The payload's
 * last 4 bytes are the decompressed size (little-endian), appended by the
 * kernel build; the rest is one compressed stream whose magic picks the
 * decoder: XZ, LZ4 (legacy frames) and gzip are decoded; bzip2, LZMA,
 * LZO and zstd are recognised and refused. For a Xen PV kernel the result is the ELF vmlinux.
 *
 *	rc = bzimage_probe(image, size, &bz, &why);
 *	if (rc == -ENOEXEC)  not a bzImage (try it as an ELF)
 *	else if (!rc) {
 *		out = allocate bz.out_len bytes, work = sizeof(union bzimage_work);
 *		rc = bzimage_decompress(&bz, out, bz.out_len, &len, work, &why);
 *	}
 *
 * The image is untrusted: header fields are range-checked, and the
 * decoders never read or write out of bounds. Return values: 0, -ENOEXEC
 * (not a bzImage), -EOPNOTSUPP (a compression or feature we lack), -ENOSPC
 * (the output does not fit), -EINVAL (malformed or corrupt); *why says what.
 */
#ifndef HV_LIB_BZIMAGE_H
#define HV_LIB_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <hv/lib/inflate.h>
#include <hv/lib/unxz.h>

/* Setup header offsets, from the start of the image. */
#define BZ_SETUP_SECTS		0x1f1
#define BZ_BOOT_FLAG		0x1fe	/* 0xaa55 */
#define BZ_HEADER_MAGIC		0x202	/* "HdrS" */
#define BZ_VERSION		0x206
#define BZ_PAYLOAD_OFFSET	0x248
#define BZ_PAYLOAD_LENGTH	0x24c
#define BZ_HEADER_END		0x250
#define BZ_VERSION_PAYLOAD	0x0208	/* first version with the payload fields */

enum bzimage_format {
	BZ_FORMAT_UNKNOWN,
	BZ_FORMAT_GZIP,
	BZ_FORMAT_BZIP2,
	BZ_FORMAT_LZMA,
	BZ_FORMAT_XZ,
	BZ_FORMAT_LZO,
	BZ_FORMAT_LZ4,
	BZ_FORMAT_ZSTD,
};

struct bzimage {
	uint16_t version;		/* boot protocol version */
	const uint8_t *payload;		/* the compressed stream ... */
	size_t payload_len;		/* ... without the 4-byte size trailer */
	uint32_t out_len;		/* decompressed size, from the trailer */
	enum bzimage_format format;
	const char *format_name;	/* "xz", "lz4", ... */
};

/* Scratch memory for every decoder (sizeof is all a caller needs). */
union bzimage_work {
	struct unxz_work xz;
	struct inflate_work gz;
};

/*
 * Checks the setup header and locates the payload. -EOPNOTSUPP for a
 * payload compressed with a format we cannot decode (@bz is filled
 * anyway, so the caller can name it).
 */
int bzimage_probe(const void *image, size_t size, struct bzimage *bz,
		  const char **why);

/*
 * Decompresses the payload into out[0..out_cap). The decoded size must
 * be the one the trailer records (-EINVAL otherwise).
 */
int bzimage_decompress(const struct bzimage *bz, void *out, size_t out_cap,
		       size_t *out_len, union bzimage_work *work,
		       const char **why);

/*
 * Decompresses any stream we can decode, picked by its magic: the whole
 * of in[0..in_len). -ENOEXEC if no decoder knows the magic.
 */
int decompress_by_magic(const void *in, size_t in_len, void *out,
			size_t out_cap, size_t *out_len,
			union bzimage_work *work, const char **why);

#endif /* HV_LIB_BZIMAGE_H */
