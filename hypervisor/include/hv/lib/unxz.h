/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * .xz decoder (hypervisor/lib/unxz.c): the container of the .xz file
 * format 1.0 (stream header and footer, blocks, index, stream padding,
 * concatenated streams) with LZMA2 and the x86 BCJ filter, and the
 * integrity checks none, CRC32 and CRC64 (SHA-256 and the other BCJ and
 * delta filters are refused with -EOPNOTSUPP).
 *
 * Single call, no allocation: the whole input, an output buffer and a
 * struct unxz_work (about 32 KiB) from the caller. The input is untrusted;
 * see lzma2.h for what that means. Return values: 0, -ENOEXEC (not .xz),
 * -EOPNOTSUPP, -ENOSPC (output buffer too small), -EINVAL (corrupt or
 * truncated), with a reason in *why when @why is not NULL.
 */
#ifndef HV_LIB_UNXZ_H
#define HV_LIB_UNXZ_H

#include <stddef.h>
#include <stdint.h>
#include <hv/lib/crc.h>
#include <hv/lib/lzma2.h>

#define XZ_MAGIC	"\xfd" "7zXZ"	/* and a NUL: 6 bytes */
#define XZ_MAGIC_LEN	6

struct unxz_work {
	struct crc32_table crc32;
	struct crc64_table crc64;
	struct lzma2_dec lzma2;
};

/*
 * Decodes all of in[0..in_len): one or more streams with stream padding
 * between and after them, nothing else. *out_len is the decoded size.
 */
int unxz(const void *in, size_t in_len, void *out, size_t out_cap,
	 size_t *out_len, struct unxz_work *w, const char **why);

/* Undoes the x86 BCJ filter in place; @start is the filter's start offset. */
void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start);

#endif /* HV_LIB_UNXZ_H */
