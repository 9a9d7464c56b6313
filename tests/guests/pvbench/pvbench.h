/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Constants shared by the measurement kernel's C and assembly, and the
 * assembly's C interface.
 */
#ifndef PVBENCH_H
#define PVBENCH_H

#define HYPERCALL_iret   23
#define VGCF_IN_SYSCALL  (1 << 8)

/* User-mode layout (below 4 GiB, so 32-bit immediates reach it). */
#define PVB_USER_CODE     0x400000
#define PVB_USER_STACK    0x401000	/* one page; top at 0x402000 */
#define PVB_USER_DATA     0x402000	/* [0]: number of samples to take */
#define PVB_USER_SAMPLES  0x402040
#define PVB_USER_DATA_PAGES 9		/* room for 4600 samples */

/* System call numbers (user %rax) the syscall callback knows. */
#define PVB_SYS_NULL 0
#define PVB_SYS_DONE 0x7e57

#ifndef __ASSEMBLER__
#include <stdint.h>

struct pvb_jmp {
	uint64_t rip, rsp, rbx, rbp, r12, r13, r14, r15;
};

int pvb_setjmp(struct pvb_jmp *j) __attribute__((returns_twice));
void pvb_longjmp(struct pvb_jmp *j, int val) __attribute__((noreturn));

uint64_t pvb_touch(const void *addr);
extern char pvb_pf_insn[], pvb_pf_resume[];
extern char pvb_pf_entry[], pvb_syscall_entry[], pvb_event_entry[];
extern char pvb_user_start[], pvb_user_end[];

/* Written by the assembly. */
extern volatile uint64_t pvb_pf_count;
extern volatile uint64_t pvb_upcall_tsc;
extern struct pvb_jmp pvb_user_jmp;
#endif

#endif /* PVBENCH_H */
