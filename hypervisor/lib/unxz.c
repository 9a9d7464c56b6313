/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz container around LZMA2: stream header (magic, flags, CRC32),
 * blocks (header with filter chain and optional sizes, CRC32; compressed
 * data; zero padding to 4 bytes; the check of the uncompressed data), the
 * index (number of records, then per block its unpadded and uncompressed
 * size; padding; CRC32), and the stream footer (CRC32, index size, flags,
 * "YZ"). Without allocating, the index is checked against the blocks as
 * decoded by count, size sums and a CRC32 over the records in order.
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/string.h>
#include <hv/lib/unxz.h>

#define STREAM_HEADER_SIZE	12
#define STREAM_FOOTER_SIZE	12
#define FOOTER_MAGIC		"YZ"
#define VLI_BYTES_MAX		9
#define VLI_MAX			(UINT64_MAX >> 1)

#define CHECK_NONE		0x00
#define CHECK_CRC32		0x01
#define CHECK_CRC64		0x04

#define FILTER_X86		0x04
#define FILTER_LZMA2		0x21
#define FILTERS_MAX		4

struct xz {
	const uint8_t *in;
	size_t in_len, ip;
	uint8_t *out;
	size_t out_cap, op;
	struct unxz_work *w;
	const char **why;
	unsigned int check;	/* check type of the current stream */
	/* What the index must say, gathered from the blocks. */
	uint64_t nr_blocks, unpadded_sum, uncompressed_sum;
	uint32_t records_crc;
};

static int fail(const struct xz *x, int rc, const char *reason)
{
	if (x->why)
		*x->why = reason;
	return rc;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | ((uint64_t)le32(p + 4) << 32);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t crc32(const struct xz *x, const void *p, size_t n)
{
	return crc32_update(&x->w->crc32, 0, p, n);
}

static bool is_ms_byte(uint8_t b)
{
	return b == 0x00 || b == 0xff;
}

/*
 * The x86 BCJ filter rewrote the 32-bit operand of E8 (call) and E9 (jmp)
 * as an absolute target when its top byte was 0x00 or 0xff. Whether an
 * opcode byte was taken depends on the E8/E9 bytes in the three positions
 * before it that were left alone: @hist bit k stands for position
 * hist_at - 1 - k. With none of them, convert; with exactly one, convert
 * unless the operand byte that one would have covered is 0x00/0xff (and
 * then also re-check the converted value at that byte); with more, skip.
 */
void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start)
{
	unsigned int hist = 0, top = 0;
	size_t hist_at = 0, i = 0;

	while (len >= 5 && i <= len - 5) {
		size_t gap;
		uint32_t src, dest;
		bool skip;

		if ((buf[i] & 0xfe) != 0xe8) {
			i++;
			continue;
		}
		gap = i - hist_at;
		hist = gap >= 3 ? 0 : (hist << gap) & 7;
		skip = !is_ms_byte(buf[i + 4]);
		if (hist) {
			top = hist & 4 ? 3 : hist & 2 ? 2 : 1;
			if ((hist & (hist - 1)) || is_ms_byte(buf[i + 4 - top]))
				skip = true;
		}
		if (skip) {
			hist = ((hist << 1) | 1) & 7;
			hist_at = i + 1;
			i++;
			continue;
		}
		src = le32(buf + i + 1);
		for (;;) {
			dest = src - (start + (uint32_t)i + 5);
			if (!hist || !is_ms_byte((uint8_t)(dest >> (24 - top * 8))))
				break;
			src = dest ^ ((1u << (32 - top * 8)) - 1);
		}
		buf[i + 1] = (uint8_t)dest;
		buf[i + 2] = (uint8_t)(dest >> 8);
		buf[i + 3] = (uint8_t)(dest >> 16);
		buf[i + 4] = (dest >> 24) & 1 ? 0xff : 0x00;
		hist = 0;
		i += 5;
		hist_at = i;
	}
}

/* A variable-length integer inside [*pos, end): 7 bits a byte, LE. */
static int get_vli(const uint8_t *p, size_t *pos, size_t end, uint64_t *val)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < VLI_BYTES_MAX; i++) {
		uint8_t b;

		if (*pos >= end)
			return -EINVAL;
		b = p[(*pos)++];
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			/* The shortest encoding only: no final zero byte. */
			if (i && !b)
				return -EINVAL;
			*val = v;
			return 0;
		}
	}
	return -EINVAL;
}

static unsigned int check_size(unsigned int check)
{
	return check == CHECK_CRC32 ? 4 : check == CHECK_CRC64 ? 8 : 0;
}

static int stream_header(struct xz *x)
{
	const uint8_t *h = x->in + x->ip;

	if (x->in_len - x->ip < STREAM_HEADER_SIZE)
		return fail(x, -EINVAL, "xz: truncated stream header");
	if (memcmp(h, XZ_MAGIC, XZ_MAGIC_LEN))
		return fail(x, -ENOEXEC, "xz: no stream magic");
	if (crc32(x, h + 6, 2) != le32(h + 8))
		return fail(x, -EINVAL, "xz: stream header CRC mismatch");
	if (h[6] || (h[7] & 0xf0))
		return fail(x, -EOPNOTSUPP, "xz: unknown stream flags");
	x->check = h[7];
	if (x->check != CHECK_NONE && x->check != CHECK_CRC32 &&
	    x->check != CHECK_CRC64)
		return fail(x, -EOPNOTSUPP, "xz: unsupported integrity check type");
	x->ip += STREAM_HEADER_SIZE;
	x->nr_blocks = x->unpadded_sum = x->uncompressed_sum = 0;
	x->records_crc = 0;
	return 0;
}

struct block_header {
	size_t size;
	uint64_t csize, usize;	/* UINT64_MAX: not given */
	uint32_t dict_size;
	bool x86;
	uint32_t x86_start;
};

static int parse_filters(struct xz *x, struct block_header *bh, size_t *pos,
			 size_t end, unsigned int nr)
{
	const uint8_t *in = x->in;

	for (unsigned int i = 0; i < nr; i++) {
		uint64_t id, psize;
		bool last = i == nr - 1;

		if (get_vli(in, pos, end, &id) || get_vli(in, pos, end, &psize) ||
		    psize > end - *pos)
			return fail(x, -EINVAL, "xz: bad filter flags");
		if (id == FILTER_LZMA2 && last) {
			if (psize != 1)
				return fail(x, -EINVAL, "xz: bad LZMA2 properties");
			if (lzma2_dict_size(in[*pos], &bh->dict_size))
				return fail(x, -EINVAL, "xz: LZMA2 dictionary size too large");
		} else if (id == FILTER_X86 && !last && !bh->x86) {
			if (psize != 0 && psize != 4)
				return fail(x, -EINVAL, "xz: bad x86 filter properties");
			bh->x86 = true;
			bh->x86_start = psize ? le32(in + *pos) : 0;
		} else if (id == FILTER_LZMA2 || last) {
			return fail(x, -EINVAL, "xz: LZMA2 is not the last filter");
		} else {
			return fail(x, -EOPNOTSUPP, "xz: unsupported filter");
		}
		*pos += psize;
	}
	return 0;
}

static int block_header(struct xz *x, struct block_header *bh)
{
	const uint8_t *in = x->in;
	size_t start = x->ip, pos = start + 2, end;
	unsigned int flags;
	int rc;

	bh->size = ((size_t)in[start] + 1) * 4;
	if (bh->size > x->in_len - start)
		return fail(x, -EINVAL, "xz: truncated block header");
	end = start + bh->size - 4;
	if (crc32(x, in + start, bh->size - 4) != le32(in + end))
		return fail(x, -EINVAL, "xz: block header CRC mismatch");
	flags = in[start + 1];
	if (flags & 0x3c)
		return fail(x, -EOPNOTSUPP, "xz: unknown block flags");
	bh->csize = bh->usize = UINT64_MAX;
	bh->x86 = false;
	if ((flags & 0x40) && (get_vli(in, &pos, end, &bh->csize) || !bh->csize))
		return fail(x, -EINVAL, "xz: bad compressed size in block header");
	if ((flags & 0x80) && get_vli(in, &pos, end, &bh->usize))
		return fail(x, -EINVAL, "xz: bad uncompressed size in block header");
	rc = parse_filters(x, bh, &pos, end, (flags & 3) + 1);
	if (rc)
		return rc;
	while (pos < end)
		if (in[pos++])
			return fail(x, -EOPNOTSUPP, "xz: non-zero block header padding");
	x->ip += bh->size;
	return 0;
}

static int verify_check(struct xz *x, const uint8_t *data, size_t len)
{
	const uint8_t *c = x->in + x->ip;
	unsigned int n = check_size(x->check);

	if (x->in_len - x->ip < n)
		return fail(x, -EINVAL, "xz: truncated block check");
	if (x->check == CHECK_CRC32 &&
	    crc32_update(&x->w->crc32, 0, data, len) != le32(c))
		return fail(x, -EINVAL, "xz: CRC32 of the data does not match");
	if (x->check == CHECK_CRC64 &&
	    crc64_update(&x->w->crc64, 0, data, len) != le64(c))
		return fail(x, -EINVAL, "xz: CRC64 of the data does not match");
	x->ip += n;
	return 0;
}

static int block(struct xz *x)
{
	struct block_header bh;
	size_t data_start, used, out_start = x->op, out_end;
	size_t limit;
	uint8_t rec[16];
	int rc;

	rc = block_header(x, &bh);
	if (rc)
		return rc;
	data_start = x->ip;
	limit = x->in_len - data_start;
	if (bh.csize != UINT64_MAX && bh.csize < limit)
		limit = (size_t)bh.csize;
	rc = lzma2_decode(&x->w->lzma2, bh.dict_size, x->in + data_start, limit,
			  &used, x->out, out_start, x->out_cap, &out_end, x->why);
	if (rc)
		return rc;
	if (bh.csize != UINT64_MAX && used != bh.csize)
		return fail(x, -EINVAL, "xz: compressed size differs from the block header");
	if (bh.usize != UINT64_MAX && out_end - out_start != bh.usize)
		return fail(x, -EINVAL, "xz: uncompressed size differs from the block header");
	x->ip += used;
	while (x->ip & 3) {
		if (x->ip >= x->in_len)
			return fail(x, -EINVAL, "xz: truncated block padding");
		if (x->in[x->ip++])
			return fail(x, -EINVAL, "xz: non-zero block padding");
	}
	if (bh.x86)
		bcj_x86_decode(x->out + out_start, out_end - out_start, bh.x86_start);
	rc = verify_check(x, x->out + out_start, out_end - out_start);
	if (rc)
		return rc;
	x->op = out_end;

	/* The record the index must hold for this block. */
	put_le64(rec, bh.size + used + check_size(x->check));
	put_le64(rec + 8, out_end - out_start);
	x->records_crc = crc32_update(&x->w->crc32, x->records_crc, rec, 16);
	x->nr_blocks++;
	x->unpadded_sum += le64(rec);
	x->uncompressed_sum += out_end - out_start;
	return 0;
}

static int index_and_footer(struct xz *x, const uint8_t *flags)
{
	const uint8_t *in = x->in;
	size_t start = x->ip, pos = start + 1, index_size;
	uint64_t count, unpadded = 0, uncompressed = 0;
	uint32_t records_crc = 0;
	const uint8_t *f;

	if (get_vli(in, &pos, x->in_len, &count) || count != x->nr_blocks)
		return fail(x, -EINVAL, "xz: index does not match the blocks");
	for (uint64_t i = 0; i < count; i++) {
		uint64_t u, v;
		uint8_t rec[16];

		if (get_vli(in, &pos, x->in_len, &u) || get_vli(in, &pos, x->in_len, &v))
			return fail(x, -EINVAL, "xz: truncated index");
		put_le64(rec, u);
		put_le64(rec + 8, v);
		records_crc = crc32_update(&x->w->crc32, records_crc, rec, 16);
		unpadded += u;
		uncompressed += v;
	}
	if (records_crc != x->records_crc || unpadded != x->unpadded_sum ||
	    uncompressed != x->uncompressed_sum)
		return fail(x, -EINVAL, "xz: index does not match the blocks");
	while ((pos - start) & 3) {
		if (pos >= x->in_len || in[pos])
			return fail(x, -EINVAL, "xz: bad index padding");
		pos++;
	}
	if (x->in_len - pos < 4 || crc32(x, in + start, pos - start) != le32(in + pos))
		return fail(x, -EINVAL, "xz: index CRC mismatch");
	pos += 4;
	index_size = pos - start;

	if (x->in_len - pos < STREAM_FOOTER_SIZE)
		return fail(x, -EINVAL, "xz: truncated stream footer");
	f = in + pos;
	if (memcmp(f + 10, FOOTER_MAGIC, 2))
		return fail(x, -EINVAL, "xz: no stream footer magic");
	if (crc32(x, f + 4, 6) != le32(f))
		return fail(x, -EINVAL, "xz: stream footer CRC mismatch");
	if (((size_t)le32(f + 4) + 1) * 4 != index_size)
		return fail(x, -EINVAL, "xz: footer's index size does not match");
	if (memcmp(f + 8, flags, 2))
		return fail(x, -EINVAL, "xz: footer flags differ from the header's");
	x->ip = pos + STREAM_FOOTER_SIZE;
	return 0;
}

static int stream(struct xz *x)
{
	uint8_t flags[2];
	int rc;

	rc = stream_header(x);
	if (rc)
		return rc;
	memcpy(flags, x->in + x->ip - 6, 2);
	for (;;) {
		if (x->ip >= x->in_len)
			return fail(x, -EINVAL, "xz: truncated stream");
		if (x->in[x->ip] == 0)
			break;
		rc = block(x);
		if (rc)
			return rc;
	}
	return index_and_footer(x, flags);
}

int unxz(const void *in, size_t in_len, void *out, size_t out_cap,
	 size_t *out_len, struct unxz_work *w, const char **why)
{
	struct xz x = {
		.in = in, .in_len = in_len, .out = out, .out_cap = out_cap,
		.w = w, .why = why,
	};
	int rc;

	if (why)
		*why = NULL;
	crc32_table_init(&w->crc32);
	crc64_table_init(&w->crc64);
	rc = stream(&x);
	while (!rc && x.ip < in_len) {
		/* Stream padding: zeros in multiples of four, then maybe a stream. */
		size_t pad = x.ip;

		while (x.ip < in_len && !x.in[x.ip])
			x.ip++;
		if ((x.ip - pad) & 3)
			return fail(&x, -EINVAL, "xz: stream padding is not a multiple of 4");
		if (x.ip < in_len) {
			rc = stream(&x);
			if (rc == -ENOEXEC)
				rc = fail(&x, -EINVAL, "xz: trailing garbage after the stream");
		}
	}
	if (rc)
		return rc;
	*out_len = x.op;
	return 0;
}
