/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frame every entry to the hypervisor builds on its stack: general
 * registers pushed by the entry code, then the error code and vector, then
 * the hardware's interrupt frame. Offsets are used by entry.S (asm-offsets
 * are checked with BUILD_BUG_ON in traps.c).
 */
#ifndef HV_REGS_H
#define HV_REGS_H

#include <stdint.h>

struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* entry_vector values beyond the 256 hardware vectors. */
#define TRAP_syscall 0x100

#define X86_EXC_DE 0
#define X86_EXC_DB 1
#define X86_EXC_NMI 2
#define X86_EXC_BP 3
#define X86_EXC_OF 4
#define X86_EXC_BR 5
#define X86_EXC_UD 6
#define X86_EXC_NM 7
#define X86_EXC_DF 8
#define X86_EXC_TS 10
#define X86_EXC_NP 11
#define X86_EXC_SS 12
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define X86_EXC_MF 16
#define X86_EXC_AC 17
#define X86_EXC_MC 18
#define X86_EXC_XM 19
#define X86_EXC_VE 20
#define X86_EXC_CP 21
#define X86_NR_EXC 32

/* Vectors with a hardware error code. */
#define X86_EXC_HAVE_EC ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | \
			 (1u << 13) | (1u << 14) | (1u << 17) | (1u << 21) | \
			 (1u << 29) | (1u << 30))

#define PFEC_present    (1u << 0)
#define PFEC_write      (1u << 1)
#define PFEC_user       (1u << 2)
#define PFEC_reserved   (1u << 3)
#define PFEC_insn_fetch (1u << 4)

static inline int regs_from_guest(const struct cpu_user_regs *r)
{
	return (r->cs & 3) != 0;
}

#endif
