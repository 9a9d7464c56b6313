/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA2 decoder (hypervisor/lib/lzma2.c): the raw filter that .xz blocks
 * use (filter ID 0x21). Single call: the whole compressed input and the
 * whole output buffer are given at once, and the output buffer is the
 * dictionary, so no window is allocated. The decoder state (about 28 KiB
 * of probabilities) lives in a caller-provided struct lzma2_dec.
 *
 * The input is untrusted: every chunk header, every match distance and
 * length and every input byte read is checked, and a stream that is
 * corrupt or truncated returns -EINVAL with a reason; nothing is read or
 * written outside in[0..in_len) and out[out_start..out_cap).
 */
#ifndef HV_LIB_LZMA2_H
#define HV_LIB_LZMA2_H

#include <stddef.h>
#include <stdint.h>

/* LZMA2 allows lc + lp <= 4: at most 16 literal coders of 0x300 each. */
#define LZMA_LITERAL_CODERS_MAX	16
#define LZMA_STATES		12
#define LZMA_POS_STATES_MAX	16	/* 1 << pb, pb <= 4 */
#define LZMA_DIST_STATES	4
#define LZMA_DIST_SLOTS		64
#define LZMA_FULL_DISTANCES	128
#define LZMA_DIST_MODEL_END	14	/* first slot coded with direct bits */
#define LZMA_ALIGN_BITS		4

struct lzma_len_probs {
	uint16_t choice;
	uint16_t choice2;
	uint16_t low[LZMA_POS_STATES_MAX][8];
	uint16_t mid[LZMA_POS_STATES_MAX][8];
	uint16_t high[256];
};

/* Every adaptive probability; reset to one half as a unit. */
struct lzma_probs {
	uint16_t is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t is_rep[LZMA_STATES];
	uint16_t is_rep0[LZMA_STATES];
	uint16_t is_rep1[LZMA_STATES];
	uint16_t is_rep2[LZMA_STATES];
	uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t dist_slot[LZMA_DIST_STATES][LZMA_DIST_SLOTS];
	uint16_t dist_special[LZMA_FULL_DISTANCES - LZMA_DIST_MODEL_END + 1];
	uint16_t dist_align[1 << LZMA_ALIGN_BITS];
	struct lzma_len_probs match_len;
	struct lzma_len_probs rep_len;
	uint16_t literal[LZMA_LITERAL_CODERS_MAX][0x300];
};

struct lzma2_dec {
	uint32_t dict_size;	/* from the filter properties */
	/* Where the current dictionary starts in the output. */
	size_t dict_start;
	unsigned int lc, lp, pb;
	unsigned int state;
	uint32_t rep[4];
	int need_dict_reset, need_props;
	struct lzma_probs p;
};

/* Dictionary size from the LZMA2 properties byte; -EINVAL if above 40. */
int lzma2_dict_size(uint8_t prop, uint32_t *dict_size);

/*
 * Decodes one LZMA2 stream, end marker included, from the start of @in.
 * Output goes to out[out_start..), never past @out_cap; matches may only
 * reach back to out_start (the first chunk must reset the dictionary) and
 * at most @dict_size bytes. On success *in_used is the stream's size and
 * *out_end the end of its output. -ENOSPC: the output does not fit;
 * -EINVAL: corrupt or truncated.
 */
int lzma2_decode(struct lzma2_dec *s, uint32_t dict_size, const uint8_t *in,
		 size_t in_len, size_t *in_used, uint8_t *out, size_t out_start,
		 size_t out_cap, size_t *out_end, const char **why);

#endif /* HV_LIB_LZMA2_H */
