/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven CRC-32 and CRC-64 (reflected), one byte per step. The
 * polynomials are the reversed forms: 0xedb88320 (IEEE 802.3) and
 * 0xc96c5795d7870f42 (ECMA-182).
 */
#include <stdint.h>
#include <hv/lib/crc.h>

#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

void crc32_table_init(struct crc32_table *tab)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t r = i;

		for (int k = 0; k < 8; k++)
			r = (r >> 1) ^ (CRC32_POLY & (0u - (r & 1)));
		tab->t[i] = r;
	}
}

void crc64_table_init(struct crc64_table *tab)
{
	for (uint64_t i = 0; i < 256; i++) {
		uint64_t r = i;

		for (int k = 0; k < 8; k++)
			r = (r >> 1) ^ (CRC64_POLY & (0ull - (r & 1)));
		tab->t[i] = r;
	}
}

uint32_t crc32_update(const struct crc32_table *tab, uint32_t crc,
		      const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--)
		crc = tab->t[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint64_t crc64_update(const struct crc64_table *tab, uint64_t crc,
		      const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--)
		crc = tab->t[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
