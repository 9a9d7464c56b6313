/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Probe context shared by probes.S and main.c. Each probe_<name>(ctx)
 * loads known values (RCX/R11 markers, RFLAGS = ctx->flags_in, RAX =
 * ctx->arg, RDX = ctx->rdx, RBP = 0), records RIP and RSP of the probed
 * instruction, executes it and records the state it resumed with.
 */
#ifndef EXC_PROBE_H
#define EXC_PROBE_H

#define PC_ARG          0
#define PC_FLAGS_IN     8
#define PC_RDX         16
#define PC_RIP         24
#define PC_NEXT        32
#define PC_RSP         40
#define PC_RCX_AFTER   48
#define PC_R11_AFTER   56
#define PC_RSP_AFTER   64
#define PC_FLAGS_AFTER 72

#define RCX_MARK 0x0123456789abcdef
#define R11_MARK 0x7edcba9876543210

#ifndef __ASSEMBLER__
#include <stdint.h>

struct probe_ctx {
	uint64_t arg, flags_in, rdx;
	uint64_t rip, next, rsp;
	uint64_t rcx_after, r11_after, rsp_after, flags_after;
};

_Static_assert(__builtin_offsetof(struct probe_ctx, flags_after) ==
	       PC_FLAGS_AFTER, "probe_ctx layout");

void probe_div0(struct probe_ctx *c);
void probe_int3(struct probe_ctx *c);
void probe_int_3(struct probe_ctx *c);
void probe_ud2(struct probe_ctx *c);
void probe_load(struct probe_ctx *c);
void probe_store(struct probe_ctx *c);
void probe_int_0x40(struct probe_ctx *c);
void probe_int_0x41(struct probe_ctx *c);
void probe_int_0x42(struct probe_ctx *c);
#endif

#endif /* EXC_PROBE_H */
