/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: bzImage probing and payload decompression, as the dom0
 * builder runs them on a boot module. The output buffer is the size the
 * image records (capped), as an exact-size heap block under ASan.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/bzimage.h>
#include "hvlib.h"

#define OUT_MAX (256u << 10)

static union bzimage_work work;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = malloc(size ? size : 1), *out;
	struct bzimage bz;
	const char *why = NULL;
	size_t cap, n = 0;
	int rc;

	memcpy(img, data, size);
	rc = bzimage_probe(img, size, &bz, &why);
	if (rc && !why)
		abort();
	if (!rc) {
		if (bz.payload < img || bz.payload_len + 4 > size ||
		    (size_t)(bz.payload - img) > size - bz.payload_len - 4)
			abort();	/* the payload must lie inside the image */
		cap = bz.out_len < OUT_MAX ? bz.out_len : OUT_MAX;
		out = malloc(cap ? cap : 1);
		rc = bzimage_decompress(&bz, out, cap, &n, &work, &why);
		if ((!rc && n != bz.out_len) || (rc && !why))
			abort();
		free(out);
	}
	free(img);
	return 0;
}
