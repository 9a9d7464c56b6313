/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One function per probed instruction (see probe.h). A fault resumes at
 * the instruction after it through the exception table; a trap resumes
 * there by itself.
 */
#include "traps.h"
#include "probe.h"

.macro PROBE name:req, insn:vararg
	.globl probe_\name
	.type probe_\name, @function
probe_\name:
	push	%rbx
	push	%rbp
	mov	%rdi, %rbx			/* ctx */
	lea	1f(%rip), %rax
	mov	%rax, PC_RIP(%rbx)		/* where the exception should point */
	lea	2f(%rip), %rax
	mov	%rax, PC_NEXT(%rbx)		/* ... or, for traps, here */
	movabs	$RCX_MARK, %rcx			/* must come back in the frame */
	movabs	$R11_MARK, %r11
	xor	%ebp, %ebp			/* divisor for #DE */
	mov	PC_RDX(%rbx), %rdx
	mov	PC_ARG(%rbx), %rax
	pushq	PC_FLAGS_IN(%rbx)
	popfq					/* known arithmetic flags */
	mov	%rsp, PC_RSP(%rbx)		/* mov leaves flags alone */
1:	\insn
2:	mov	%rcx, PC_RCX_AFTER(%rbx)	/* restored by the iret */
	mov	%r11, PC_R11_AFTER(%rbx)
	mov	%rsp, PC_RSP_AFTER(%rbx)
	pushfq
	popq	PC_FLAGS_AFTER(%rbx)
	pop	%rbp
	pop	%rbx
	ret
	EXTABLE 1b, 2b
	.size probe_\name, . - probe_\name
.endm

	.text
	PROBE div0, divq %rbp
	PROBE int3, int3
	PROBE int_3, .byte 0xcd, 0x03		/* the two-byte `int $3` */
	PROBE ud2, ud2
	PROBE load, movq (%rax), %rdx
	PROBE store, movq %rdx, (%rax)
	PROBE int_0x40, int $0x40
	PROBE int_0x41, int $0x41
	PROBE int_0x42, int $0x42
