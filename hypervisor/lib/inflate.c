/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DEFLATE decoding into a flat buffer, and the gzip member format around
 * it. Bits are read least significant first; Huffman codes arrive most
 * significant bit first, so the direct lookup table is indexed by the
 * code's bits reversed, and longer codes are decoded one bit at a time
 * from the canonical counts (RFC 1951 3.2.2 assigns codes by length, then
 * by symbol). Blocks: stored (type 0), fixed codes (1), dynamic codes (2).
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/inflate.h>
#include <hv/lib/string.h>

#define END_OF_BLOCK	256
#define LITLEN_MAX	286	/* codes 286, 287 never occur */
#define DIST_MAX	30	/* codes 30, 31 never occur */
#define CODELEN_CODES	19

struct bits {
	const uint8_t *in;
	size_t len, pos;
	uint64_t buf;
	unsigned int cnt;	/* valid bits in buf */
};

struct infl {
	struct bits b;
	uint8_t *out;
	size_t start, op, cap;
	struct inflate_work *w;
	const char **why;
};

static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
	16385, 24577,
};
static const uint8_t dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* The order in which code length code lengths are sent. */
static const uint8_t codelen_order[CODELEN_CODES] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static int fail(struct infl *s, int rc, const char *reason)
{
	if (s->why)
		*s->why = reason;
	return rc;
}

static void refill(struct bits *b)
{
	while (b->cnt <= 56 && b->pos < b->len) {
		b->buf |= (uint64_t)b->in[b->pos++] << b->cnt;
		b->cnt += 8;
	}
}

/* @n (<= 32) bits; false if the input has fewer left. */
static bool getbits(struct bits *b, unsigned int n, uint32_t *v)
{
	if (b->cnt < n) {
		refill(b);
		if (b->cnt < n)
			return false;
	}
	*v = (uint32_t)(b->buf & ((1ull << n) - 1));
	b->buf >>= n;
	b->cnt -= n;
	return true;
}

/* Builds @h from @n code lengths; -EINVAL if the lengths over-subscribe. */
static int huff_build(struct inflate_huff *h, const uint8_t *lens, unsigned int n)
{
	uint16_t offs[INFLATE_MAX_BITS + 2];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	memset(h->fast, 0, sizeof(h->fast));
	for (unsigned int i = 0; i < n; i++)
		h->count[lens[i]]++;
	h->count[0] = 0;
	for (unsigned int len = 1; len <= INFLATE_MAX_BITS; len++) {
		left = 2 * left - h->count[len];
		if (left < 0)
			return -EINVAL;
	}
	offs[1] = 0;
	for (unsigned int len = 1; len <= INFLATE_MAX_BITS; len++)
		offs[len + 1] = (uint16_t)(offs[len] + h->count[len]);
	for (unsigned int i = 0; i < n; i++)
		if (lens[i])
			h->symbol[offs[lens[i]]++] = (uint16_t)i;

	/* Direct entries: walk the codes in canonical order. */
	{
		unsigned int code = 0, k = 0;

		for (unsigned int len = 1; len <= INFLATE_FAST_BITS; len++) {
			for (unsigned int j = 0; j < h->count[len]; j++, k++, code++) {
				unsigned int rev = 0;

				for (unsigned int b = 0; b < len; b++)
					rev |= ((code >> b) & 1) << (len - 1 - b);
				for (unsigned int e = rev; e < (1u << INFLATE_FAST_BITS);
				     e += 1u << len)
					h->fast[e] = (uint16_t)(len << 9 | h->symbol[k]);
			}
			code <<= 1;
		}
	}
	return 0;
}

/* One symbol; -1 if the bits are no code of @h or the input ran out. */
static int huff_decode(struct bits *b, const struct inflate_huff *h)
{
	unsigned int entry, code = 0, first = 0, index = 0;

	if (b->cnt < INFLATE_MAX_BITS)
		refill(b);
	entry = h->fast[b->buf & ((1u << INFLATE_FAST_BITS) - 1)];
	if (entry) {
		if ((entry >> 9) > b->cnt)
			return -1;
		b->buf >>= entry >> 9;
		b->cnt -= entry >> 9;
		return (int)(entry & 0x1ff);
	}
	for (unsigned int len = 1; len <= INFLATE_MAX_BITS; len++) {
		unsigned int count = h->count[len];

		if (!b->cnt)
			return -1;
		code |= b->buf & 1;
		b->buf >>= 1;
		b->cnt--;
		if (code < first + count)
			return h->symbol[index + (code - first)];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

static int stored_block(struct infl *s)
{
	struct bits *b = &s->b;
	uint32_t len, nlen;
	size_t avail;

	/* To the byte boundary, then LEN and its complement. */
	b->buf >>= b->cnt & 7;
	b->cnt -= b->cnt & 7;
	if (!getbits(b, 16, &len) || !getbits(b, 16, &nlen))
		return fail(s, -EINVAL, "deflate: truncated stored block");
	if (len != (~nlen & 0xffff))
		return fail(s, -EINVAL, "deflate: stored block length check fails");
	if (len > s->cap - s->op)
		return fail(s, -ENOSPC, "deflate: output does not fit");
	/* Whole bytes still in the bit buffer come first. */
	while (len && b->cnt) {
		s->out[s->op++] = (uint8_t)b->buf;
		b->buf >>= 8;
		b->cnt -= 8;
		len--;
	}
	avail = b->len - b->pos;
	if (len > avail)
		return fail(s, -EINVAL, "deflate: truncated stored block");
	memcpy(s->out + s->op, b->in + b->pos, len);
	b->pos += len;
	s->op += len;
	return 0;
}

static int codes(struct infl *s, const struct inflate_huff *lit,
		 const struct inflate_huff *dist)
{
	struct bits *b = &s->b;

	for (;;) {
		int sym = huff_decode(b, lit);
		uint32_t extra, len, d;

		if (sym < 0)
			return fail(s, -EINVAL, "deflate: bad literal/length code");
		if (sym < 256) {
			if (s->op >= s->cap)
				return fail(s, -ENOSPC, "deflate: output does not fit");
			s->out[s->op++] = (uint8_t)sym;
			continue;
		}
		if (sym == END_OF_BLOCK)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return fail(s, -EINVAL, "deflate: bad length code");
		if (!getbits(b, len_extra[sym], &extra))
			return fail(s, -EINVAL, "deflate: truncated length");
		len = len_base[sym] + extra;
		sym = huff_decode(b, dist);
		if (sym < 0 || sym >= DIST_MAX)
			return fail(s, -EINVAL, "deflate: bad distance code");
		if (!getbits(b, dist_extra[sym], &extra))
			return fail(s, -EINVAL, "deflate: truncated distance");
		d = dist_base[sym] + extra;
		if (d > s->op - s->start)
			return fail(s, -EINVAL, "deflate: distance before the start of the output");
		if (len > s->cap - s->op)
			return fail(s, -ENOSPC, "deflate: output does not fit");
		for (uint8_t *o = s->out + s->op, *e = o + len; o < e; o++)
			*o = o[-(ptrdiff_t)d];
		s->op += len;
	}
}

static int fixed_block(struct infl *s)
{
	struct inflate_work *w = s->w;
	uint8_t lens[INFLATE_LITLEN_CODES];
	unsigned int i;

	for (i = 0; i < 144; i++)
		lens[i] = 8;
	for (; i < 256; i++)
		lens[i] = 9;
	for (; i < 280; i++)
		lens[i] = 7;
	for (; i < INFLATE_LITLEN_CODES; i++)
		lens[i] = 8;
	huff_build(&w->litlen, lens, INFLATE_LITLEN_CODES);
	memset(lens, 5, INFLATE_DIST_CODES);
	huff_build(&w->dist, lens, INFLATE_DIST_CODES);
	return codes(s, &w->litlen, &w->dist);
}

static int dynamic_block(struct infl *s)
{
	struct inflate_work *w = s->w;
	struct bits *b = &s->b;
	uint8_t lens[LITLEN_MAX + DIST_MAX];
	uint32_t nlit, ndist, ncode, v;
	unsigned int i;

	if (!getbits(b, 5, &nlit) || !getbits(b, 5, &ndist) || !getbits(b, 4, &ncode))
		return fail(s, -EINVAL, "deflate: truncated dynamic block header");
	nlit += 257;
	ndist += 1;
	ncode += 4;
	if (nlit > LITLEN_MAX || ndist > DIST_MAX)
		return fail(s, -EINVAL, "deflate: too many length or distance codes");
	memset(lens, 0, CODELEN_CODES);
	for (i = 0; i < ncode; i++) {
		if (!getbits(b, 3, &v))
			return fail(s, -EINVAL, "deflate: truncated code lengths");
		lens[codelen_order[i]] = (uint8_t)v;
	}
	if (huff_build(&w->lencode, lens, CODELEN_CODES))
		return fail(s, -EINVAL, "deflate: bad code length code");

	for (i = 0; i < nlit + ndist;) {
		int sym = huff_decode(b, &w->lencode);
		unsigned int rep, val = 0;

		if (sym < 0)
			return fail(s, -EINVAL, "deflate: bad code length");
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return fail(s, -EINVAL, "deflate: repeat with no previous length");
			val = lens[i - 1];
			rep = getbits(b, 2, &v) ? 3 + v : 0;
		} else if (sym == 17) {
			rep = getbits(b, 3, &v) ? 3 + v : 0;
		} else {
			rep = getbits(b, 7, &v) ? 11 + v : 0;
		}
		if (!rep)
			return fail(s, -EINVAL, "deflate: truncated code lengths");
		if (rep > nlit + ndist - i)
			return fail(s, -EINVAL, "deflate: code lengths run past their count");
		while (rep--)
			lens[i++] = (uint8_t)val;
	}
	if (!lens[END_OF_BLOCK])
		return fail(s, -EINVAL, "deflate: no end-of-block code");
	if (huff_build(&w->litlen, lens, nlit) || huff_build(&w->dist, lens + nlit, ndist))
		return fail(s, -EINVAL, "deflate: over-subscribed literal or distance code");
	return codes(s, &w->litlen, &w->dist);
}

int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
		size_t out_start, size_t out_cap, size_t *out_end,
		struct inflate_work *w, const char **why)
{
	struct infl s = {
		.b = { .in = in, .len = in_len }, .out = out, .start = out_start,
		.op = out_start, .cap = out_cap, .w = w, .why = why,
	};
	uint32_t final, type;
	int rc;

	if (out_start > out_cap)
		return fail(&s, -ENOSPC, "deflate: output does not fit");
	do {
		if (!getbits(&s.b, 1, &final) || !getbits(&s.b, 2, &type))
			return fail(&s, -EINVAL, "deflate: truncated block header");
		if (type == 0)
			rc = stored_block(&s);
		else if (type == 1)
			rc = fixed_block(&s);
		else if (type == 2)
			rc = dynamic_block(&s);
		else
			rc = fail(&s, -EINVAL, "deflate: bad block type");
		if (rc)
			return rc;
	} while (!final);
	/* Whole bytes read ahead into the bit buffer were not used. */
	*in_used = s.b.pos - s.b.cnt / 8;
	*out_end = s.op;
	return 0;
}

#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_RESERVED	0xe0

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static int gz_fail(const char **why, int rc, const char *reason)
{
	if (why)
		*why = reason;
	return rc;
}

/* Skips a NUL-terminated field; false if it does not end in the input. */
static bool skip_string(const uint8_t *in, size_t len, size_t *pos)
{
	const uint8_t *nul = *pos < len ? memchr(in + *pos, 0, len - *pos) : NULL;

	if (!nul)
		return false;
	*pos = (size_t)(nul - in) + 1;
	return true;
}

/* One member at in[*pos]: header, deflate data, CRC32 and ISIZE. */
static int gz_member(const uint8_t *in, size_t len, size_t *pos, uint8_t *out,
		     size_t *op, size_t cap, struct inflate_work *w, const char **why)
{
	size_t p = *pos, used, end;
	unsigned int flags;
	int rc;

	if (len - p < 2 || in[p] != 0x1f || in[p + 1] != 0x8b)
		return gz_fail(why, -ENOEXEC, "gzip: no magic");
	if (len - p < 10)
		return gz_fail(why, -EINVAL, "gzip: truncated header");
	if (in[p + 2] != 8)
		return gz_fail(why, -EOPNOTSUPP, "gzip: compression method is not deflate");
	flags = in[p + 3];
	if (flags & GZ_RESERVED)
		return gz_fail(why, -EOPNOTSUPP, "gzip: reserved flags set");
	p += 10;
	if (flags & GZ_FEXTRA) {
		size_t xlen;

		if (len - p < 2)
			return gz_fail(why, -EINVAL, "gzip: truncated extra field");
		xlen = in[p] | ((size_t)in[p + 1] << 8);
		p += 2;
		if (xlen > len - p)
			return gz_fail(why, -EINVAL, "gzip: truncated extra field");
		p += xlen;
	}
	if ((flags & GZ_FNAME) && !skip_string(in, len, &p))
		return gz_fail(why, -EINVAL, "gzip: truncated file name");
	if ((flags & GZ_FCOMMENT) && !skip_string(in, len, &p))
		return gz_fail(why, -EINVAL, "gzip: truncated comment");
	if (flags & GZ_FHCRC) {
		if (len - p < 2)
			return gz_fail(why, -EINVAL, "gzip: truncated header CRC");
		if ((crc32_update(&w->crc32, 0, in + *pos, p - *pos) & 0xffff) !=
		    (in[p] | ((unsigned int)in[p + 1] << 8)))
			return gz_fail(why, -EINVAL, "gzip: header CRC mismatch");
		p += 2;
	}
	rc = inflate_raw(in + p, len - p, &used, out, *op, cap, &end, w, why);
	if (rc)
		return rc;
	p += used;
	if (len - p < 8)
		return gz_fail(why, -EINVAL, "gzip: truncated trailer");
	if (crc32_update(&w->crc32, 0, out + *op, end - *op) != le32(in + p))
		return gz_fail(why, -EINVAL, "gzip: CRC32 of the data does not match");
	if ((uint32_t)(end - *op) != le32(in + p + 4))
		return gz_fail(why, -EINVAL, "gzip: size of the data does not match");
	*pos = p + 8;
	*op = end;
	return 0;
}

int gunzip(const void *in_, size_t in_len, void *out, size_t out_cap,
	   size_t *out_len, struct inflate_work *w, const char **why)
{
	const uint8_t *in = in_;
	size_t pos = 0, op = 0;
	int rc;

	if (why)
		*why = NULL;
	crc32_table_init(&w->crc32);
	rc = gz_member(in, in_len, &pos, out, &op, out_cap, w, why);
	while (!rc && pos < in_len) {
		rc = gz_member(in, in_len, &pos, out, &op, out_cap, w, why);
		if (rc == -ENOEXEC)
			rc = gz_fail(why, -EINVAL, "gzip: trailing garbage after the data");
	}
	if (rc)
		return rc;
	*out_len = op;
	return 0;
}
