/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the LZ4 decoder. The first byte picks legacy frames
 * (even) or a raw block (odd), and with its top bit a small output buffer.
 * Input and output are exact-size heap blocks under ASan.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/unlz4.h>
#include "hvlib.h"

#define OUT_MAX (256u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in, *out;
	size_t len, cap, n = 0;
	const char *why = NULL;
	int rc;

	if (size < 1)
		return 0;
	len = size - 1;
	in = malloc(len ? len : 1);
	memcpy(in, data + 1, len);
	cap = data[0] & 0x80 ? (len * 5) % 8192 : OUT_MAX;
	out = malloc(cap ? cap : 1);
	if (data[0] & 1)
		rc = lz4_block_decode(in, len, out, cap, &n, &why);
	else
		rc = unlz4(in, len, out, cap, &n, &why);
	if (!rc && n > cap)
		abort();
	if (rc && !why)
		abort();
	free(in);
	free(out);
	return 0;
}
