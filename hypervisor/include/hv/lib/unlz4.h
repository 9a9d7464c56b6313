/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZ4 legacy frame decoder (hypervisor/lib/unlz4.c): the format Linux
 * uses for LZ4-compressed kernels ("lz4 -l"). A frame is the magic
 * 0x184c2102 (little-endian) and then blocks, each a 32-bit little-endian
 * compressed size and an LZ4 block that decodes, on its own, to at most
 * 8 MiB. The frame ends with the input, or another frame follows (its
 * magic where a block size would be).
 *
 * Single call, no allocation and no workspace. The input is untrusted:
 * nothing is read or written outside in[0..in_len) and out[0..out_cap).
 * Return values: 0, -ENOEXEC (no magic), -ENOSPC (output buffer too
 * small), -EINVAL (corrupt or truncated), with a reason in *why.
 */
#ifndef HV_LIB_UNLZ4_H
#define HV_LIB_UNLZ4_H

#include <stddef.h>
#include <stdint.h>

#define LZ4_LEGACY_MAGIC	0x184c2102u
#define LZ4_LEGACY_BLOCK_MAX	(8u << 20)

int unlz4(const void *in, size_t in_len, void *out, size_t out_cap,
	  size_t *out_len, const char **why);

/*
 * One raw LZ4 block, independent of any earlier output. *out_len is its
 * decoded size. The same return values.
 */
int lz4_block_decode(const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_cap, size_t *out_len, const char **why);

#endif /* HV_LIB_UNLZ4_H */
