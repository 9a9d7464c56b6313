/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trap-table entry stubs and the return path through HYPERVISOR_iret.
 *
 * The hypervisor enters a stub with RSP pointing at the bounce frame
 *   RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS
 * and with RCX/R11 holding nothing of the interrupted context. Each stub
 * pushes (has_ec, vector) and joins trap_common, which saves the other GPRs
 * and calls trap_handler(struct trap_regs *). The handler writes an
 * iret_context (rax, r11, rcx, flags, rip, cs, rflags, rsp, ss) whose top
 * five slots are the frame's own RIP..SS, and returns its address; we
 * restore the GPRs and make the iret hypercall from that RSP.
 */
#include "traps.h"

	.section .text.traps, "ax"

/* 256 stubs, 16 bytes apart, so trap_stub(v) = trap_stubs + 16 * v. */
	.balign 16
	.globl trap_stubs
trap_stubs:
	vec = 0
	.rept 256
	.balign 16
	has_ec = 0
	.if vec < 32
	has_ec = (X86_EXC_HAVE_EC >> vec) & 1
	.endif
	pushq	$has_ec			/* 1: the frame has an error-code slot */
	pushq	$vec
	jmp	trap_common
	vec = vec + 1
	.endr

trap_common:
	push	%rax			/* saved-rax slot: reused below */
	push	%rbx
	push	%rcx			/* not the interrupted rcx (see frame) */
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11			/* not the interrupted r11 (see frame) */
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	mov	%rsp, %rdi		/* struct trap_regs * */
	mov	%rsp, %rbp		/* callee-saved: restores RSP below */
	and	$-16, %rsp		/* ABI alignment for the C call */
	call	trap_handler		/* returns the iret_context address */
	mov	%rbp, %rsp
	mov	%rax, 14 * 8(%rsp)	/* into the saved-rax slot */
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rsp			/* RSP = iret_context */
	jmp	iret_from_rsp

/*
 * hv_iret(const struct iret_context *frame): iret with a caller-built
 * frame. Never returns.
 */
	.globl hv_iret
	.type hv_iret, @function
hv_iret:
	mov	%rdi, %rsp
	/* fall through */

/* Make the iret hypercall with RSP at an iret_context. */
iret_from_rsp:
	cmpq	$0, hypercall_iret_entry(%rip)
	jne	1f
	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall				/* does not return */
	ud2
1:	/* A hypercall page's iret entry pushes rcx, r11, rax itself. */
	pop	%rax
	pop	%r11
	pop	%rcx
	jmp	*hypercall_iret_entry(%rip)
	.size hv_iret, . - hv_iret
