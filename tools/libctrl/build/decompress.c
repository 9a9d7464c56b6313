// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decompressors for guest kernels, chosen by magic: gzip (zlib), xz and
 * legacy lzma (liblzma), LZ4 in the legacy frame Linux uses (liblz4), and
 * zstd (libzstd). Output grows as needed up to a cap, so a small hostile
 * input cannot make us allocate without bound. Trailing bytes after the
 * stream (Linux appends the uncompressed size) are ignored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "build.h"

/* Memory a decoder may use for its own state (dictionaries, windows). */
#define DECODER_MEMLIMIT (256ULL << 20)

struct outbuf {
	uint8_t *p;
	size_t len, cap, max;
};

static int derr(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int derr(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* Make room for at least `want` more bytes; -EFBIG past the cap. */
static int ob_reserve(struct outbuf *o, size_t want)
{
	size_t ncap;
	uint8_t *p;

	if (o->cap - o->len >= want)
		return 0;
	if (want > o->max - o->len)
		return -EFBIG;
	ncap = o->cap ? o->cap : 1 << 20;
	while (ncap - o->len < want)
		ncap *= 2;
	if (ncap > o->max)
		ncap = o->max;
	p = realloc(o->p, ncap);
	if (!p)
		return -ENOMEM;
	o->p = p;
	o->cap = ncap;
	return 0;
}

/* Room to write into: at least 64 KiB, or what is left under the cap. */
static int ob_grow(struct outbuf *o)
{
	size_t left = o->max - o->len;
	size_t want = left < 65536 ? left : 65536;

	if (!want)
		return -EFBIG;
	return ob_reserve(o, want);
}

static int gunzip(const uint8_t *in, size_t len, struct outbuf *o, char *err,
		  size_t errlen)
{
	z_stream z = { 0 };
	int zr, rc = 0;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return derr(err, errlen, -ENOMEM, "gzip: cannot initialise");
	z.next_in = (Bytef *)in;
	z.avail_in = len > 0xffffffffU ? 0xffffffffU : (uInt)len;
	do {
		rc = ob_grow(o);
		if (rc)
			break;
		z.next_out = o->p + o->len;
		z.avail_out = (uInt)(o->cap - o->len > 0x40000000
					     ? 0x40000000 : o->cap - o->len);
		zr = inflate(&z, Z_NO_FLUSH);
		o->len = (size_t)(z.next_out - o->p);
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			rc = derr(err, errlen, -EINVAL, "gzip: %s",
				  z.msg ? z.msg : "corrupt data");
			break;
		}
		if (zr == Z_BUF_ERROR && !z.avail_in) {
			rc = derr(err, errlen, -EINVAL, "gzip: truncated");
			break;
		}
	} while (1);
	inflateEnd(&z);
	return rc;
}

static int unxz(const uint8_t *in, size_t len, struct outbuf *o, bool alone,
		char *err, size_t errlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret lr;
	int rc = 0;

	/* A header may ask for a 4 GiB dictionary: refuse beyond 256 MiB. */
	lr = alone ? lzma_alone_decoder(&s, DECODER_MEMLIMIT)
		   : lzma_stream_decoder(&s, DECODER_MEMLIMIT, 0);
	if (lr != LZMA_OK)
		return derr(err, errlen, -ENOMEM, "xz: cannot initialise");
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		rc = ob_grow(o);
		if (rc)
			break;
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		lr = lzma_code(&s, LZMA_FINISH);
		o->len = (size_t)(s.next_out - o->p);
		if (lr == LZMA_STREAM_END)
			break;
		if (lr != LZMA_OK) {
			rc = derr(err, errlen, -EINVAL, "%s: %s",
				  alone ? "lzma" : "xz",
				  lr == LZMA_MEMLIMIT_ERROR
					  ? "needs more than 256 MiB to decode"
					  : "corrupt or truncated data");
			break;
		}
	}
	lzma_end(&s);
	return rc;
}

/*
 * Linux's LZ4: the legacy frame. A 4-byte magic, then blocks of
 * (le32 compressed size, data), each expanding to at most 8 MiB.
 */
#define LZ4_LEGACY_MAGIC 0x184c2102U
#define LZ4_LEGACY_CHUNK (8U << 20)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int unlz4(const uint8_t *in, size_t len, struct outbuf *o, char *err,
		 size_t errlen)
{
	size_t pos = 4;
	int rc;

	while (len - pos >= 4) {
		uint32_t csz = le32(in + pos);
		int n;

		if (csz == LZ4_LEGACY_MAGIC) { /* concatenated frame */
			pos += 4;
			continue;
		}
		/* The trailing size word, or anything that is not a block. */
		if (!csz || csz > len - pos - 4 ||
		    csz > (uint32_t)LZ4_compressBound(LZ4_LEGACY_CHUNK))
			break;
		pos += 4;
		rc = ob_reserve(o, LZ4_LEGACY_CHUNK);
		if (rc == -EFBIG)
			return derr(err, errlen, rc, "lz4: output too large");
		if (rc)
			return derr(err, errlen, rc, "lz4: out of memory");
		n = LZ4_decompress_safe((const char *)in + pos,
					(char *)o->p + o->len, (int)csz,
					(int)LZ4_LEGACY_CHUNK);
		if (n < 0)
			return derr(err, errlen, -EINVAL,
				    "lz4: corrupt block at offset %zu", pos);
		o->len += (size_t)n;
		pos += csz;
	}
	if (!o->len)
		return derr(err, errlen, -EINVAL, "lz4: no data");
	return 0;
}

static int unzstd(const uint8_t *in, size_t len, struct outbuf *o, char *err,
		  size_t errlen)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, len, 0 };
	size_t r = 0;
	int rc = 0;

	if (!ds)
		return derr(err, errlen, -ENOMEM, "zstd: cannot initialise");
	ZSTD_initDStream(ds);
	ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax, 27); /* 128 MiB */
	for (;;) {
		ZSTD_outBuffer ob;

		rc = ob_grow(o);
		if (rc)
			break;
		ob.dst = o->p + o->len;
		ob.size = o->cap - o->len;
		ob.pos = 0;
		r = ZSTD_decompressStream(ds, &ob, &ib);
		o->len += ob.pos;
		if (ZSTD_isError(r)) {
			rc = derr(err, errlen, -EINVAL, "zstd: %s",
				  ZSTD_getErrorName(r));
			break;
		}
		if (!r)
			break; /* frame complete */
		if (ib.pos == ib.size && ob.pos < ob.size) {
			rc = derr(err, errlen, -EINVAL, "zstd: truncated");
			break;
		}
	}
	ZSTD_freeDStream(ds);
	return rc;
}

int ctrl_decompress(const uint8_t *in, size_t len, uint8_t **out,
		    size_t *out_len, size_t max_out, char *err, size_t errlen)
{
	struct outbuf o = { .max = max_out };
	int rc;

	if (len >= 2 && in[0] == 0x1f && (in[1] == 0x8b || in[1] == 0x9e))
		rc = gunzip(in, len, &o, err, errlen);
	else if (len >= 6 && !memcmp(in, "\xfd" "7zXZ\0", 6))
		rc = unxz(in, len, &o, false, err, errlen);
	else if (len >= 3 && in[0] == 0x5d && in[1] == 0 && in[2] == 0)
		rc = unxz(in, len, &o, true, err, errlen);
	else if (len >= 4 && le32(in) == LZ4_LEGACY_MAGIC)
		rc = unlz4(in, len, &o, err, errlen);
	else if (len >= 4 && le32(in) == 0xfd2fb528U)
		rc = unzstd(in, len, &o, err, errlen);
	else if (len >= 3 && !memcmp(in, "BZh", 3))
		rc = derr(err, errlen, -EOPNOTSUPP,
			  "bzip2-compressed kernels are not supported");
	else if (len >= 4 && !memcmp(in, "\x89LZO", 4))
		rc = derr(err, errlen, -EOPNOTSUPP,
			  "LZO-compressed kernels are not supported");
	else
		rc = derr(err, errlen, -EINVAL, "unknown compression format");
	if (rc == -EFBIG)
		derr(err, errlen, rc, "decompressed image larger than %zu MiB",
		     max_out >> 20);
	if (rc) {
		free(o.p);
		return rc;
	}
	*out = o.p;
	*out_len = o.len;
	return 0;
}
