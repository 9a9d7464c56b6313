/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event callback entry. The hypervisor enters here with events masked
 * and RSP at the upcall frame
 *   RCX, R11, RIP, CS, RFLAGS, RSP, SS
 * (the exception frame without an error code; RCX and R11 are the
 * interrupted values, the registers themselves hold nothing). We save the
 * other registers, call event_upcall(frame), then turn the frame into an
 * iret_context (RAX, R11, RCX, FLAGS, RIP, CS, RFLAGS, RSP, SS) by using
 * the two slots below it, and make the iret hypercall.
 */

	.section .text.events, "ax"

	.globl event_callback_entry
	.type event_callback_entry, @function
event_callback_entry:
	push	%rax
	push	%rbx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	lea	13 * 8(%rsp), %rdi	/* the upcall frame */
	mov	%rsp, %rbp		/* callee-saved: restores RSP below */
	and	$-16, %rsp		/* ABI alignment for the C call */
	call	event_upcall
	mov	%rbp, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rbx
	pop	%rax			/* RSP at the frame's RCX slot again */
	sub	$16, %rsp		/* two slots below it: RAX, R11 */
	mov	%rax, 0(%rsp)		/* iret_context.rax */
	mov	24(%rsp), %rax		/* the frame's R11 ... */
	mov	%rax, 8(%rsp)		/* ... into iret_context.r11 */
	movq	$0, 24(%rsp)		/* iret_context.flags: restore rcx/r11 */
	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall				/* does not return */
	ud2
	.size event_callback_entry, . - event_callback_entry
