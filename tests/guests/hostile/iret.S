/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iret_probe(const struct iret_context *tmpl, struct iret_result *out):
 * make HYPERVISOR_iret with a copy of *tmpl whose RIP is our resume label
 * and whose RSP is our own stack, then record the state we resumed with.
 */
#include "iret.h"

	.text
	.globl iret_probe
	.type iret_probe, @function
iret_probe:
	push	%rbx
	push	%rbp
	mov	%rsi, %rbx			/* out */
	mov	%rsp, %rbp			/* the stack to resume on */
	mov	%rbp, IR_RSP_WANT(%rbx)
	sub	$80, %rsp			/* room for the iret_context */
	xor	%ecx, %ecx
1:	mov	(%rdi, %rcx, 8), %rax		/* copy the 9 slots */
	mov	%rax, (%rsp, %rcx, 8)
	inc	%ecx
	cmp	$9, %ecx
	jne	1b
	lea	2f(%rip), %rax
	mov	%rax, 4 * 8(%rsp)		/* rip */
	mov	%rbp, 7 * 8(%rsp)		/* rsp */
	mov	$23, %eax			/* __HYPERVISOR_iret */
	syscall
	ud2					/* not reached */
2:	mov	%rax, IR_RAX(%rbx)		/* the frame's rax */
	mov	%rcx, IR_RCX(%rbx)
	mov	%r11, IR_R11(%rbx)
	mov	%rsp, IR_RSP(%rbx)
	mov	%cs, %eax
	mov	%rax, IR_CS(%rbx)
	mov	%ss, %eax
	mov	%rax, IR_SS(%rbx)
	pushfq
	popq	IR_RFLAGS(%rbx)
	pop	%rbp
	pop	%rbx
	ret
	.size iret_probe, . - iret_probe
