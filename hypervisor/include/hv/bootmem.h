/* SPDX-License-Identifier: GPL-2.0-only */
/* Early memory, before the buddy allocator. */
#ifndef HV_BOOTMEM_H
#define HV_BOOTMEM_H

#include <stdint.h>
#include <stdbool.h>

struct boot_info;
void bootmem_init(struct boot_info *bi);
void bootmem_reserve(uint64_t start, uint64_t end);
bool bootmem_overlaps(uint64_t start, uint64_t end);
uint64_t bootmem_alloc(unsigned long pages);
void *bootmem_alloc_pt(void);
void bootmem_release_to_heap(void (*add)(unsigned long mfn, unsigned long nr));

#endif
