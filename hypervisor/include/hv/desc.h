/* SPDX-License-Identifier: GPL-2.0-only */
/* Descriptor tables and the task state segment of each physical CPU. */
#ifndef HV_DESC_H
#define HV_DESC_H

#include <stdint.h>

struct __attribute__((packed)) tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3

void cpu_desc_init(unsigned int cpu);
void set_tss_rsp0(unsigned long rsp0);
uint64_t *cpu_gdt(void);

#endif
