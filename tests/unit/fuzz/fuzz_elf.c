/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the PV kernel parser, checks and loader on arbitrary
 * bytes. The input is copied to an exact-size heap block so that any read
 * past its end is caught by ASan.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/elf.h>
#include "hvlib.h"

static int touch_segment(void *ctx, uint64_t va, const void *src,
			 uint64_t filesz, uint64_t memsz)
{
	const unsigned char *img = ((const unsigned char **)ctx)[0];
	const unsigned char *end = ((const unsigned char **)ctx)[1];
	const unsigned char *s = src;

	(void)va;
	if (filesz > memsz)
		abort();
	if (filesz) {
		if (s < img || s > end || filesz > (size_t)(end - s))
			abort();
		/* Reading the first and last byte lets ASan check the range. */
		if (s[0] == 0x5a && s[filesz - 1] == 0xa5)
			return -EINVAL;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img = malloc(size ? size : 1);
	struct elf_xen_info info;
	const char *why;

	if (!img)
		return 0;
	memcpy(img, data, size);
	(void)elf64_check(img, size, &why);
	if (elf_xen_parse(img, size, &info, &why) == 0) {
		const unsigned char *bounds[2] = { img, img + size };

		(void)elf_xen_check_pv64_dom0(&info, 1, &why);
		(void)elf_load(img, size, &info, touch_segment, bounds);
	} else if (!why) {
		abort();	/* every failure must say why */
	}
	free(img);
	return 0;
}
