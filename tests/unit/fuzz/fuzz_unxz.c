/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the .xz decoder. The first byte picks the layer, so
 * that mutations reach past the CRCs too: 0 the whole container, 1 raw
 * LZMA2, 2 the x86 BCJ decoder alone. Input and output are exact-size
 * heap blocks, so ASan catches any access outside them.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/unxz.h>
#include "hvlib.h"

#define OUT_MAX (256u << 10)

static struct unxz_work work;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in, *out;
	size_t len, cap, n = 0, used = 0;
	const char *why = NULL;
	int rc = 0;

	if (size < 1)
		return 0;
	len = size - 1;
	in = malloc(len ? len : 1);
	memcpy(in, data + 1, len);
	/* A small output now and then, so -ENOSPC paths run too. */
	cap = data[0] & 0x80 ? (len * 3) % 4096 : OUT_MAX;
	out = malloc(cap ? cap : 1);
	switch (data[0] & 3) {
	case 0:
		rc = unxz(in, len, out, cap, &n, &work, &why);
		break;
	case 1:
		crc32_table_init(&work.crc32);
		rc = lzma2_decode(&work.lzma2, 1u << 20, in, len, &used, out, 0, cap, &n, &why);
		if (!rc && used > len)
			abort();
		break;
	default:
		bcj_x86_decode(in, len, data[0]);
		break;
	}
	if (!rc && n > cap)
		abort();
	if (rc && !why)
		abort();	/* every failure says why */
	free(in);
	free(out);
	return 0;
}
