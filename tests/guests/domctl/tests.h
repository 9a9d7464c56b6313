/* SPDX-License-Identifier: GPL-2.0-only */
/* The domctl kernel's test groups, one file each (see main.c). */
#ifndef TK_DOMCTL_TESTS_H
#define TK_DOMCTL_TESTS_H

#include <stdint.h>

/* Machine frames populated into the first test domain, by pfn (mem.c). */
#define D1_PFNS 48
extern uint64_t d1_p2m[D1_PFNS];

void test_memory(uint16_t d1, uint16_t d42, uint64_t free0);
void test_foreign(uint16_t d1, uint16_t d42);
void test_vcpu(uint16_t d1);
void test_evtchn(uint16_t d1);
void test_evtchn_after_destroy(uint16_t d1);
void test_destroy_mapped(void);
void test_run(uint16_t d1);
void test_two_domains(void);
void test_sysctl(uint16_t d1, uint16_t d42);
void test_batches(void);
void test_resource(void);
void test_resource_status(uint16_t d);

#endif
