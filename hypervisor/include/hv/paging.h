/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own address space (slots 256-271, shared by every guest). */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include <stdint.h>
#include <hv/page.h>

extern pte_t idle_pg_table[512];

/* Page-table pages before the heap exists come from this hook. */
typedef void *(*pt_alloc_fn)(void);
void paging_set_pt_allocator(pt_alloc_fn fn);

int hv_map_page(unsigned long va, unsigned long mfn, uint64_t flags);
void hv_unmap_pages(unsigned long va, unsigned long n);
int hv_map_directmap(uint64_t start, uint64_t end);
void paging_init_hv_slots(void);
void paging_drop_identity_map(void);
int m2p_init(unsigned long nr_frames);
#define M2P_CHUNK_ORDER 9
#define M2P_CHUNK (2UL << 20)
#define M2P_MAX_CHUNKS 4096
extern unsigned long m2p_chunk_mfn[M2P_MAX_CHUNKS];
extern unsigned int m2p_nr_chunks;
/* Copy the hypervisor's slots into a new guest L4. */
void init_guest_l4_slots(pte_t *l4);

#endif
