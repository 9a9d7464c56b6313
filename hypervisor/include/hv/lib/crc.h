/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 (IEEE 802.3, as in xz and gzip) and CRC-64 (ECMA-182, as in xz),
 * both bit-reflected, initial value and final XOR all ones
 * (hypervisor/lib/crc.c). The lookup tables live in caller memory, so the
 * lib keeps no state: fill one with crc*_table_init() once, then pass it
 * to every update.
 *
 *	crc = crc32_update(table, 0, p, n);          one buffer
 *	crc = crc32_update(table, crc, p2, n2);      continued
 */
#ifndef HV_LIB_CRC_H
#define HV_LIB_CRC_H

#include <stddef.h>
#include <stdint.h>

/* t[0] is the byte table; t[k] advances a byte's remainder k more bytes,
 * so that eight bytes take one lookup each ("slicing by 8"). */
struct crc32_table {
	uint32_t t[8][256];
};

struct crc64_table {
	uint64_t t[256];
};

void crc32_table_init(struct crc32_table *tab);
void crc64_table_init(struct crc64_table *tab);

/* @crc is the value returned for the data before (0 to start). */
uint32_t crc32_update(const struct crc32_table *tab, uint32_t crc,
		      const void *buf, size_t len);
uint64_t crc64_update(const struct crc64_table *tab, uint64_t crc,
		      const void *buf, size_t len);

#endif /* HV_LIB_CRC_H */
