/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA2 decoding into a flat output buffer that doubles as the dictionary.
 * An LZMA2 stream is a run of chunks, each opened by a control byte:
 *   0x00       end of stream
 *   0x01       uncompressed chunk, dictionary reset
 *   0x02       uncompressed chunk
 *   0x80-0xff  LZMA chunk; bits 5-6 say what is reset first (0 nothing,
 *              1 state, 2 state + new lc/lp/pb, 3 those + dictionary),
 *              bits 0-4 are bits 16-20 of the uncompressed size - 1
 * followed by sizes (big-endian, minus one) and, for LZMA chunks, a range
 * coded LZMA symbol stream that starts afresh in every chunk. Positions
 * (for pb/lp and the previous byte) count from the last dictionary reset.
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/lzma2.h>
#include <hv/lib/string.h>

#define RC_TOP_VALUE	(1u << 24)
#define PROB_BITS	11
#define PROB_ONE	(1u << PROB_BITS)
#define PROB_MOVE_BITS	5
#define MATCH_LEN_MIN	2
#define LIT_STATES	7	/* states below this one follow a literal */
#define PROPS_MAX	((4 * 5 + 4) * 9 + 8)

struct rc {
	const uint8_t *in, *end;
	uint32_t range, code;
	bool overrun;		/* wanted a byte past the chunk */
};

static int fail(const char **why, int rc, const char *reason)
{
	if (why)
		*why = reason;
	return rc;
}

static inline void rc_normalize(struct rc *rc)
{
	if (rc->range < RC_TOP_VALUE) {
		rc->range <<= 8;
		rc->code <<= 8;
		if (rc->in < rc->end)
			rc->code |= *rc->in++;
		else
			rc->overrun = true;
	}
}

static inline unsigned int rc_bit(struct rc *rc, uint16_t *prob)
{
	uint32_t bound;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * *prob;
	if (rc->code < bound) {
		rc->range = bound;
		*prob = (uint16_t)(*prob + ((PROB_ONE - *prob) >> PROB_MOVE_BITS));
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*prob = (uint16_t)(*prob - (*prob >> PROB_MOVE_BITS));
	return 1;
}

/* @bits bits, most significant first, through a tree of 2^bits probs. */
static inline unsigned int rc_tree(struct rc *rc, uint16_t *probs,
				   unsigned int bits)
{
	unsigned int node = 1;

	for (unsigned int i = 0; i < bits; i++)
		node = (node << 1) | rc_bit(rc, &probs[node]);
	return node - (1u << bits);
}

/* The same tree walked least significant bit first. */
static inline unsigned int rc_tree_reverse(struct rc *rc, uint16_t *probs,
					   unsigned int bits)
{
	unsigned int node = 1, value = 0;

	for (unsigned int i = 0; i < bits; i++) {
		unsigned int bit = rc_bit(rc, &probs[node]);

		node = (node << 1) | bit;
		value |= bit << i;
	}
	return value;
}

/* Bits with a fixed probability of one half. */
static inline uint32_t rc_direct(struct rc *rc, unsigned int bits)
{
	uint32_t value = 0;

	while (bits--) {
		rc_normalize(rc);
		rc->range >>= 1;
		value <<= 1;
		if (rc->code >= rc->range) {
			rc->code -= rc->range;
			value |= 1;
		}
	}
	return value;
}

static unsigned int decode_len(struct rc *rc, struct lzma_len_probs *lp,
			       unsigned int pos_state)
{
	if (!rc_bit(rc, &lp->choice))
		return MATCH_LEN_MIN + rc_tree(rc, lp->low[pos_state], 3);
	if (!rc_bit(rc, &lp->choice2))
		return MATCH_LEN_MIN + 8 + rc_tree(rc, lp->mid[pos_state], 3);
	return MATCH_LEN_MIN + 16 + rc_tree(rc, lp->high, 8);
}

/* Distance minus one, as coded: slot, then middle bits, then low bits. */
static uint32_t decode_dist(struct rc *rc, struct lzma_probs *p,
			    unsigned int len)
{
	unsigned int dstate = len - MATCH_LEN_MIN;
	unsigned int slot, nbits;
	uint32_t dist;

	if (dstate > LZMA_DIST_STATES - 1)
		dstate = LZMA_DIST_STATES - 1;
	slot = rc_tree(rc, p->dist_slot[dstate], 6);
	if (slot < 4)
		return slot;
	nbits = (slot >> 1) - 1;
	dist = (uint32_t)(2 | (slot & 1)) << nbits;
	if (slot < LZMA_DIST_MODEL_END)
		return dist + rc_tree_reverse(rc, p->dist_special + dist - slot,
					      nbits);
	dist += rc_direct(rc, nbits - LZMA_ALIGN_BITS) << LZMA_ALIGN_BITS;
	return dist + rc_tree_reverse(rc, p->dist_align, LZMA_ALIGN_BITS);
}

static void reset_state(struct lzma2_dec *s)
{
	uint16_t *p = (uint16_t *)&s->p;
	/* Only the literal coders lc + lp select are ever used. */
	size_t n = offsetof(struct lzma_probs, literal) / sizeof(uint16_t) +
		   ((size_t)0x300 << (s->lc + s->lp));

	for (size_t i = 0; i < n; i++)
		p[i] = PROB_ONE / 2;
	s->state = 0;
	s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

static int set_props(struct lzma2_dec *s, uint8_t props, const char **why)
{
	unsigned int lc, lp;

	if (props > PROPS_MAX)
		return fail(why, -EINVAL, "LZMA2: bad lc/lp/pb properties");
	lc = props % 9;
	lp = (props / 9) % 5;
	if (lc + lp > 4)
		return fail(why, -EINVAL, "LZMA2: lc + lp above 4");
	s->lc = lc;
	s->lp = lp;
	s->pb = props / 45;
	return 0;
}

/* Literal at @pos; after a match the byte at rep0 guides the coding. */
static int decode_literal(struct lzma2_dec *s, struct rc *rc, uint8_t *out,
			  size_t pos)
{
	size_t rel = pos - s->dict_start;
	unsigned int prev = rel ? out[pos - 1] : 0;
	unsigned int coder = (unsigned int)((rel & ((1u << s->lp) - 1)) << s->lc) +
			     (prev >> (8 - s->lc));
	uint16_t *probs = s->p.literal[coder];
	unsigned int sym = 1;

	if (s->state >= LIT_STATES) {
		unsigned int match;

		if (s->rep[0] >= rel)
			return -EINVAL;
		match = out[pos - s->rep[0] - 1];
		do {
			unsigned int mbit = (match >> 7) & 1;
			unsigned int bit;

			match <<= 1;
			bit = rc_bit(rc, &probs[((1 + mbit) << 8) + sym]);
			sym = (sym << 1) | bit;
			if (bit != mbit)
				break;
		} while (sym < 0x100);
	}
	while (sym < 0x100)
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	out[pos] = (uint8_t)sym;
	if (s->state < 4)
		s->state = 0;
	else if (s->state < 10)
		s->state -= 3;
	else
		s->state -= 6;
	return 0;
}

static void copy_match(uint8_t *out, size_t pos, uint32_t dist, unsigned int len)
{
	uint8_t *dst = out + pos;
	const uint8_t *src = dst - dist - 1;

	if (len > 16 && dist >= len) {
		memcpy(dst, src, len);
		return;
	}
	while (len--)
		*dst++ = *src++;
}

/* Symbols of one LZMA chunk until its uncompressed end, @end. */
static int lzma_chunk(struct lzma2_dec *s, struct rc *rc, uint8_t *out,
		      size_t *ppos, size_t end, const char **why)
{
	struct lzma_probs *p = &s->p;
	unsigned int pb_mask = (1u << s->pb) - 1;
	size_t pos = *ppos;

	while (pos < end) {
		size_t rel = pos - s->dict_start;
		unsigned int ps = (unsigned int)rel & pb_mask;
		unsigned int st = s->state;
		unsigned int len;

		if (!rc_bit(rc, &p->is_match[st][ps])) {
			if (decode_literal(s, rc, out, pos))
				return fail(why, -EINVAL, "LZMA: literal refers before the dictionary");
			pos++;
			continue;
		}
		if (!rc_bit(rc, &p->is_rep[st])) {
			len = decode_len(rc, &p->match_len, ps);
			s->rep[3] = s->rep[2];
			s->rep[2] = s->rep[1];
			s->rep[1] = s->rep[0];
			s->rep[0] = decode_dist(rc, p, len);
			s->state = st < LIT_STATES ? 7 : 10;
		} else if (!rc_bit(rc, &p->is_rep0[st])) {
			if (!rc_bit(rc, &p->is_rep0_long[st][ps])) {
				/* One byte from rep0. */
				s->state = st < LIT_STATES ? 9 : 11;
				len = 1;
			} else {
				len = decode_len(rc, &p->rep_len, ps);
				s->state = st < LIT_STATES ? 8 : 11;
			}
		} else {
			uint32_t dist;

			if (!rc_bit(rc, &p->is_rep1[st])) {
				dist = s->rep[1];
			} else {
				if (!rc_bit(rc, &p->is_rep2[st])) {
					dist = s->rep[2];
				} else {
					dist = s->rep[3];
					s->rep[3] = s->rep[2];
				}
				s->rep[2] = s->rep[1];
			}
			s->rep[1] = s->rep[0];
			s->rep[0] = dist;
			len = decode_len(rc, &p->rep_len, ps);
			s->state = st < LIT_STATES ? 8 : 11;
		}
		/* Also rejects the end marker (distance 0xffffffff). */
		if (s->rep[0] >= rel || s->rep[0] >= s->dict_size)
			return fail(why, -EINVAL, "LZMA: match distance beyond the dictionary");
		if (len > end - pos)
			return fail(why, -EINVAL, "LZMA: match runs past the end of its chunk");
		copy_match(out, pos, s->rep[0], len);
		pos += len;
	}
	*ppos = pos;
	return 0;
}

int lzma2_dict_size(uint8_t prop, uint32_t *dict_size)
{
	if (prop > 40)
		return -EINVAL;
	*dict_size = prop == 40 ? UINT32_MAX :
		     (uint32_t)(2 | (prop & 1)) << (prop / 2 + 11);
	return 0;
}

static unsigned int be16(const uint8_t *p)
{
	return ((unsigned int)p[0] << 8) | p[1];
}

int lzma2_decode(struct lzma2_dec *s, uint32_t dict_size, const uint8_t *in,
		 size_t in_len, size_t *in_used, uint8_t *out, size_t out_start,
		 size_t out_cap, size_t *out_end, const char **why)
{
	size_t ip = 0, pos = out_start;
	int rc;

	if (out_start > out_cap)
		return fail(why, -ENOSPC, "LZMA2: output does not fit");
	s->dict_size = dict_size;
	s->dict_start = out_start;
	s->need_dict_reset = 1;
	s->need_props = 1;
	for (;;) {
		size_t usize, csize;
		unsigned int ctrl;
		struct rc r;

		if (ip >= in_len)
			return fail(why, -EINVAL, "LZMA2: truncated stream");
		ctrl = in[ip++];
		if (ctrl == 0x00)
			break;
		if (ctrl == 0x01 || ctrl >= 0xe0) {
			/* A new dictionary needs new properties too. */
			s->need_dict_reset = 0;
			s->need_props = 1;
			s->dict_start = pos;
		} else if (s->need_dict_reset) {
			return fail(why, -EINVAL, "LZMA2: first chunk does not reset the dictionary");
		}
		if (ctrl < 0x80) {
			if (ctrl > 0x02)
				return fail(why, -EINVAL, "LZMA2: bad chunk control byte");
			if (in_len - ip < 2)
				return fail(why, -EINVAL, "LZMA2: truncated chunk header");
			usize = be16(in + ip) + 1;
			ip += 2;
			if (usize > in_len - ip)
				return fail(why, -EINVAL, "LZMA2: truncated uncompressed chunk");
			if (usize > out_cap - pos)
				return fail(why, -ENOSPC, "LZMA2: output does not fit");
			memcpy(out + pos, in + ip, usize);
			ip += usize;
			pos += usize;
			continue;
		}

		if (in_len - ip < (ctrl >= 0xc0 ? 5u : 4u))
			return fail(why, -EINVAL, "LZMA2: truncated chunk header");
		usize = ((size_t)(ctrl & 0x1f) << 16) + be16(in + ip) + 1;
		csize = be16(in + ip + 2) + 1;
		ip += 4;
		if (ctrl >= 0xc0) {
			rc = set_props(s, in[ip++], why);
			if (rc)
				return rc;
			s->need_props = 0;
			reset_state(s);
		} else if (s->need_props) {
			return fail(why, -EINVAL, "LZMA2: chunk without properties after a dictionary reset");
		} else if (ctrl >= 0xa0) {
			reset_state(s);
		}
		if (csize > in_len - ip)
			return fail(why, -EINVAL, "LZMA2: truncated chunk");
		if (usize > out_cap - pos)
			return fail(why, -ENOSPC, "LZMA2: output does not fit");
		/* The range coder starts with a zero byte and 32 bits of code. */
		if (csize < 5 || in[ip] != 0)
			return fail(why, -EINVAL, "LZMA2: bad range coder start");
		r.in = in + ip + 5;
		r.end = in + ip + csize;
		r.range = UINT32_MAX;
		r.code = ((uint32_t)in[ip + 1] << 24) | ((uint32_t)in[ip + 2] << 16) |
			 ((uint32_t)in[ip + 3] << 8) | in[ip + 4];
		r.overrun = false;
		rc = lzma_chunk(s, &r, out, &pos, pos + usize, why);
		if (rc)
			return rc;
		rc_normalize(&r);
		if (r.overrun || r.in != r.end || r.code != 0)
			return fail(why, -EINVAL, "LZMA2: chunk does not end where its size says");
		ip += csize;
	}
	*in_used = ip;
	*out_end = pos;
	return 0;
}
