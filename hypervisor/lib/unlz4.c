/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZ4 blocks and the legacy frame around them. A block is a run of
 * sequences: a token (high nibble: literal count, low nibble: match
 * length - 4; 15 in either means more length bytes follow, each added,
 * until one below 255), the literals, a 16-bit little-endian offset
 * (1..65535 back from the current position), then the match length
 * bytes. The last sequence has literals only: the block ends after them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/string.h>
#include <hv/lib/unlz4.h>

#define MIN_MATCH	4
/* The largest compressed block an 8 MiB block can need: n + n/255 + 16. */
#define LEGACY_CBLOCK_MAX (LZ4_LEGACY_BLOCK_MAX + LZ4_LEGACY_BLOCK_MAX / 255 + 16)

static int fail(const char **why, int rc, const char *reason)
{
	if (why)
		*why = reason;
	return rc;
}

/* Adds the extra length bytes after a nibble of 15; false if truncated. */
static bool more_len(const uint8_t *in, size_t in_len, size_t *ip, size_t *len)
{
	uint8_t b;

	do {
		if (*ip >= in_len)
			return false;
		b = in[(*ip)++];
		*len += b;
	} while (b == 255);
	return true;
}

int lz4_block_decode(const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_cap, size_t *out_len, const char **why)
{
	size_t ip = 0, op = 0;

	for (;;) {
		size_t lits, len, off;
		unsigned int token;

		if (ip >= in_len)
			return fail(why, -EINVAL, "lz4: truncated block");
		token = in[ip++];
		lits = token >> 4;
		if (lits == 15 && !more_len(in, in_len, &ip, &lits))
			return fail(why, -EINVAL, "lz4: truncated literal length");
		if (lits > in_len - ip)
			return fail(why, -EINVAL, "lz4: literals run past the block");
		if (lits > out_cap - op)
			return fail(why, -ENOSPC, "lz4: output does not fit");
		memcpy(out + op, in + ip, lits);
		ip += lits;
		op += lits;
		if (ip == in_len)
			break;		/* the last sequence: literals only */

		if (in_len - ip < 2)
			return fail(why, -EINVAL, "lz4: truncated match offset");
		off = in[ip] | ((size_t)in[ip + 1] << 8);
		ip += 2;
		if (off == 0 || off > op)
			return fail(why, -EINVAL, "lz4: match offset outside the block");
		len = token & 15;
		if (len == 15 && !more_len(in, in_len, &ip, &len))
			return fail(why, -EINVAL, "lz4: truncated match length");
		len += MIN_MATCH;
		if (len > out_cap - op)
			return fail(why, -ENOSPC, "lz4: output does not fit");
		if (off >= len) {
			memcpy(out + op, out + op - off, len);
			op += len;
		} else {
			/* Overlapping: the copy repeats the last @off bytes. */
			const uint8_t *src = out + op - off;

			for (size_t i = 0; i < len; i++)
				out[op + i] = src[i];
			op += len;
		}
	}
	*out_len = op;
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

int unlz4(const void *in_, size_t in_len, void *out_, size_t out_cap,
	  size_t *out_len, const char **why)
{
	const uint8_t *in = in_;
	uint8_t *out = out_;
	size_t ip = 4, op = 0;

	if (why)
		*why = NULL;
	if (in_len < 4 || le32(in) != LZ4_LEGACY_MAGIC)
		return fail(why, -ENOEXEC, "lz4: no legacy frame magic");
	while (ip < in_len) {
		size_t csize, n, room;
		int rc;

		if (in_len - ip < 4)
			return fail(why, -EINVAL, "lz4: truncated block size");
		csize = le32(in + ip);
		ip += 4;
		if (csize == LZ4_LEGACY_MAGIC)
			continue;	/* the next frame */
		if (csize == 0 || csize > LEGACY_CBLOCK_MAX)
			return fail(why, -EINVAL, "lz4: bad block size");
		if (csize > in_len - ip)
			return fail(why, -EINVAL, "lz4: truncated block");
		room = out_cap - op;
		if (room > LZ4_LEGACY_BLOCK_MAX)
			room = LZ4_LEGACY_BLOCK_MAX;
		rc = lz4_block_decode(in + ip, csize, out + op, room, &n, why);
		if (rc == -ENOSPC && room == LZ4_LEGACY_BLOCK_MAX)
			return fail(why, -EINVAL, "lz4: block decodes to more than 8 MiB");
		if (rc)
			return rc;
		ip += csize;
		op += n;
	}
	*out_len = op;
	return 0;
}
