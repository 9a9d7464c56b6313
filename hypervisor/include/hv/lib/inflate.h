/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding (hypervisor/lib/inflate.c).
 * Single call: the whole input and an output buffer that is also the
 * window; the Huffman tables live in a caller-provided struct inflate_work
 * (about 3 KiB). The input is untrusted: code lengths that over-subscribe
 * a code, codes that are not in a table, distances before the start of
 * the output, lengths past its end and reads past the input all return an
 * error with a reason; nothing is read or written out of bounds.
 * Return values: 0, -ENOEXEC (not gzip), -EOPNOTSUPP (unknown method or
 * flags), -ENOSPC (output buffer too small), -EINVAL (corrupt/truncated).
 */
#ifndef HV_LIB_INFLATE_H
#define HV_LIB_INFLATE_H

#include <stddef.h>
#include <stdint.h>
#include <hv/lib/crc.h>

#define INFLATE_FAST_BITS	9
#define INFLATE_MAX_BITS	15
#define INFLATE_LITLEN_CODES	288
#define INFLATE_DIST_CODES	32

/* A canonical Huffman code: counts per length, symbols in code order, and
 * a direct lookup for codes of up to INFLATE_FAST_BITS bits. */
struct inflate_huff {
	uint16_t count[INFLATE_MAX_BITS + 1];
	uint16_t symbol[INFLATE_LITLEN_CODES];
	uint16_t fast[1 << INFLATE_FAST_BITS];	/* length << 9 | symbol; 0: none */
};

struct inflate_work {
	struct crc32_table crc32;
	struct inflate_huff litlen, dist, lencode;
};

/*
 * One raw DEFLATE stream from the start of @in, up to and including its
 * final block; *in_used is how many bytes it took (the last one may be
 * partly padding). Output to out[out_start..out_cap); distances may reach
 * back to out_start. *out_end is the end of the output.
 */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
		size_t out_start, size_t out_cap, size_t *out_end,
		struct inflate_work *w, const char **why);

/* All of in[0..in_len): one or more gzip members, nothing after them. */
int gunzip(const void *in, size_t in_len, void *out, size_t out_cap,
	   size_t *out_len, struct inflate_work *w, const char **why);

#endif /* HV_LIB_INFLATE_H */
