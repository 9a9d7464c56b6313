/* SPDX-License-Identifier: MIT */
/* Page-table hypercalls: mmu_update (1), update_va_mapping (14), mmuext_op (26). */
#ifndef PUBLIC_MM_H
#define PUBLIC_MM_H

#include <stdint.h>

/* mmu_update: the low 2 bits of ptr select the command. */
#define MMU_NORMAL_PT_UPDATE        0 /* ptr = machine address of the entry */
#define MMU_MACHPHYS_UPDATE         1 /* ptr = machine address of the frame; val = pfn */
#define MMU_PT_UPDATE_PRESERVE_AD   2 /* as normal, keeping the entry's A and D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE  3 /* HVM only */

struct mmu_update {
	uint64_t ptr;
	uint64_t val;
};

/* update_va_mapping flags. */
#define UVMF_NONE           0
#define UVMF_TLB_FLUSH      1
#define UVMF_INVLPG         2
#define UVMF_FLUSHTYPE_MASK 3
#define UVMF_MULTI          0 /* flags & ~7: pointer to a vCPU bitmap */
#define UVMF_LOCAL          0
#define UVMF_ALL            4

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER       19
#define MMUEXT_UNMARK_SUPER     20

struct mmuext_op {
	uint32_t cmd;
	uint32_t pad;
	union {
		uint64_t mfn;
		uint64_t linear_addr;
	} arg1;
	union {
		uint32_t nr_ents;
		uint64_t vcpumask;  /* guest pointer to a bitmap */
		uint64_t src_mfn;
	} arg2;
};

#endif
