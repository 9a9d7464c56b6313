/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: multiboot1/2 memory map buffers, then sanitize and
 * carve, checking the sanitized map's invariants.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/memmap.h>
#include "hvlib.h"

static struct memmap raw, map;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	unsigned int i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memmap_init(&raw);
	(void)memmap_add_mb1(&raw, buf, size);
	(void)memmap_add_mb2(&raw, buf, size);
	if (memmap_sanitize(&map, &raw) == 0) {
		for (i = 0; i < map.nr; i++) {
			const struct memmap_range *r = &map.map[i];

			if (r->start >= r->end || (i && map.map[i - 1].end > r->start))
				abort();
		}
		if (size >= 16) {
			uint64_t s, e;

			memcpy(&s, data, 8);
			memcpy(&e, data + 8, 8);
			if (memmap_carve(&map, s, e) == 0 && s < e && s < UINT64_MAX - 4096 &&
			    memmap_is_ram(&map, s, s + 1))
				abort();
		}
	}
	free(buf);
	return 0;
}
