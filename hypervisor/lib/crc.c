/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven CRC-32 (eight bytes per step) and CRC-64 (one byte per
 * step), both reflected. The
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
		tab->t[0][i] = r;
	}
	for (unsigned int k = 1; k < 8; k++)
		for (unsigned int i = 0; i < 256; i++)
			tab->t[k][i] = (tab->t[k - 1][i] >> 8) ^
				       tab->t[0][tab->t[k - 1][i] & 0xff];
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

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

uint32_t crc32_update(const struct crc32_table *tab, uint32_t crc,
		      const void *buf, size_t len)
{
	const uint32_t (*t)[256] = tab->t;
	const uint8_t *p = buf;

	crc = ~crc;
	for (; len >= 8; len -= 8, p += 8) {
		uint32_t lo = crc ^ le32(p), hi = le32(p + 4);

		crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
		      t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
		      t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		      t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
	}
	while (len--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
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
