/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception handling for test kernels. The library installs a trap table
 * whose handlers capture the bounce frame the hypervisor built, record it in
 * `struct exinfo`, and return with HYPERVISOR_iret:
 *  - if the faulting RIP has an exception-table entry, to its fixup address;
 *  - for trap-type vectors (#BP, #OF, software `int $n`), to the frame's RIP;
 *  - otherwise the exception was unexpected: the kernel reports FAIL and
 *    powers off.
 *
 * Bounce frame on the guest kernel stack, lowest address first:
 *   RCX, R11, [error code], RIP, CS (bits 32-39: saved upcall mask),
 *   RFLAGS, RSP, SS
 *
 * The state is global and cr2/the event mask come from vcpu_info[0]: the
 * handlers serve vCPU 0. An AP (smp.h) shares the table, so an unexpected
 * exception there is still reported, but probes belong on vCPU 0.
 */
#ifndef TK_TRAPS_H
#define TK_TRAPS_H

#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_BP  3
#define X86_EXC_OF  4
#define X86_EXC_UD  6
#define X86_EXC_GP 13
#define X86_EXC_PF 14

/* Bitmap of vectors for which hardware exceptions carry an error code. */
#define X86_EXC_HAVE_EC 0x60227d00

#define X86_EFLAGS_CF   0x00000001UL
#define X86_EFLAGS_MBS  0x00000002UL
#define X86_EFLAGS_PF   0x00000004UL
#define X86_EFLAGS_AF   0x00000010UL
#define X86_EFLAGS_ZF   0x00000040UL
#define X86_EFLAGS_SF   0x00000080UL
#define X86_EFLAGS_TF   0x00000100UL
#define X86_EFLAGS_IF   0x00000200UL
#define X86_EFLAGS_DF   0x00000400UL
#define X86_EFLAGS_OF   0x00000800UL
#define X86_EFLAGS_IOPL 0x00003000UL
#define X86_EFLAGS_RF   0x00010000UL
#define X86_EFLAGS_VM   0x00020000UL

#ifdef __ASSEMBLER__
/* Exception-table entry: a fault at \insn resumes at \fixup. */
.macro EXTABLE insn:req, fixup:req
	.pushsection .ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
.endm
#else
#include <stdbool.h>
#include <stdint.h>

#define _EXTABLE(insn, fixup)				\
	".pushsection .ex_table, \"a\"\n\t"		\
	".balign 8\n\t"					\
	".quad " #insn ", " #fixup "\n\t"		\
	".popsection\n\t"

/* What the last exception looked like. */
struct exinfo {
	bool taken;		/* an exception was delivered */
	unsigned int count;	/* exceptions since exinfo_reset() */
	unsigned int vector;
	bool has_ec;		/* the frame carried an error code slot */
	uint64_t ec;
	uint64_t rcx, r11, rip, cs, rflags, rsp, ss; /* frame contents */
	uint64_t cr2;		/* vcpu_info[0].arch.cr2, read on #PF */
	uint64_t frame;		/* guest VA of the frame (its RCX slot) */
	uint8_t mask_in_handler; /* vcpu_info[0].evtchn_upcall_mask in the handler */
};

extern struct exinfo ex_last;

/* Clear ex_last before a probe. */
void exinfo_reset(void);

/* Install the trap table (vectors 0-31 with `int $n` DPL 0, except #BP and
 * #OF at DPL 3); done by the library before test_main(). */
void traps_init(void);

/*
 * Install (or replace) one trap-table entry pointing at the library's
 * capturing stub for that vector. Returns the hypercall's result.
 */
long trap_set(unsigned int vector, unsigned int flags);

/* Address of the capturing stub for a vector (for hand-built tables). */
uint64_t trap_stub(unsigned int vector);

/*
 * Copy vCPU 0's virtual IDT, indexed by vector (unused vectors have address
 * 0), as the trap_ctxt of a vcpu_guest_context wants it: what traps_init()
 * and later successful trap_set() calls installed.
 */
struct trap_info;
void traps_copy(struct trap_info ctxt[256]);

/*
 * If non-zero, the handlers (and hv_iret) return through this address
 * instead of `syscall`: the iret entry of a hypercall page.
 */
extern uint64_t hypercall_iret_entry;

/*
 * Probes: run one instruction that is expected to fault, return the
 * exception (ex.taken false if none).
 */
struct exinfo read_safe(const volatile void *addr, uint64_t *val);
struct exinfo write_safe(volatile void *addr, uint64_t val);
/* Call a function at `addr` (expected to fault on the fetch). */
struct exinfo exec_safe(const void *addr);

#endif /* !__ASSEMBLER__ */
#endif /* TK_TRAPS_H */
