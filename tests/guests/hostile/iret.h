/* SPDX-License-Identifier: GPL-2.0-only */
/* What iret_probe() (iret.S) records after its HYPERVISOR_iret. */
#ifndef HOSTILE_IRET_H
#define HOSTILE_IRET_H

#define IR_RAX        0
#define IR_RCX        8
#define IR_R11       16
#define IR_RSP       24
#define IR_CS        32
#define IR_SS        40
#define IR_RFLAGS    48
#define IR_RSP_WANT  56

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "abi.h"

struct iret_result {
	uint64_t rax, rcx, r11, rsp, cs, ss, rflags, rsp_want;
};
_Static_assert(__builtin_offsetof(struct iret_result, rsp_want) == IR_RSP_WANT,
	       "iret_result layout");

void iret_probe(const struct iret_context *tmpl, struct iret_result *out);
#endif

#endif /* HOSTILE_IRET_H */
