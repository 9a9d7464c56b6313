// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for guest kernel images: container detection, every
 * decompressor, the ELF and Xen-note parser, the layout, and loading the
 * segments. Output is capped at 64 MiB so bombs end as errors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctrl_pv_kernel k;
	struct ctrl_pv_layout l;
	uint8_t *elf = NULL, *dst;
	size_t len;
	char err[CTRL_BUILD_ERRLEN];

	if (ctrl_image_unwrap_max(data, size, 64 << 20, &elf, &len, err,
				  sizeof(err))) {
		if (!err[0])
			abort();
		return 0;
	}
	if (!ctrl_elf_parse(elf, len, &k, err, sizeof(err))) {
		if (k.virt_kend - k.virt_kstart <= (64 << 20)) {
			dst = malloc(k.virt_kend - k.virt_kstart + 1);
			if (dst && ctrl_elf_load(elf, len, &k, dst))
				abort(); /* parse accepted what load refuses */
			free(dst);
		}
		ctrl_pv_layout(&k, size, 32768, &l, err, sizeof(err));
	} else if (!err[0]) {
		abort();
	}
	free(elf);
	return 0;
}
