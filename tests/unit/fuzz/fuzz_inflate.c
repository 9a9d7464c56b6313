/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the DEFLATE/gzip decoder. The first byte picks gzip
 * members (even) or raw DEFLATE past the CRC (odd), and with its top bit
 * a small output buffer. Input and output are exact-size heap blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/inflate.h>
#include "hvlib.h"

#define OUT_MAX (256u << 10)

static struct inflate_work work;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in, *out;
	size_t len, cap, n = 0, used = 0;
	const char *why = NULL;
	int rc;

	if (size < 1)
		return 0;
	len = size - 1;
	in = malloc(len ? len : 1);
	memcpy(in, data + 1, len);
	cap = data[0] & 0x80 ? (len * 7) % 8192 : OUT_MAX;
	out = malloc(cap ? cap : 1);
	if (data[0] & 1) {
		rc = inflate_raw(in, len, &used, out, 0, cap, &n, &work, &why);
		if (!rc && used > len)
			abort();
	} else {
		rc = gunzip(in, len, out, cap, &n, &work, &why);
	}
	if (!rc && n > cap)
		abort();
	if (rc && !why)
		abort();
	free(in);
	free(out);
	return 0;
}
