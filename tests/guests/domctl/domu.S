/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The code a test domain runs (copied into its frame at 0x400000): for
 * ever, put a pattern in xmm0/xmm7 and set its FS and kernel GS bases to
 * the pattern with set_segment_base, so that a vCPU of another domain
 * that shares the CPU would see the pattern if its state were not
 * switched. Position independent; `syscall` from guest-kernel mode is a
 * hypercall (rcx and r11 clobbered).
 */
	.section .rodata
	.globl domu_code_start, domu_code_end
	.balign 16
domu_code_start:
1:	movabs	$0x5a5a5a5a5000, %rbx		/* the pattern (canonical) */
	movq	%rbx, %xmm0			/* SSE registers */
	movq	%rbx, %xmm7
	mov	$25, %eax			/* set_segment_base */
	xor	%edi, %edi			/* SEGBASE_FS */
	mov	%rbx, %rsi
	syscall
	mov	$25, %eax
	mov	$2, %edi			/* SEGBASE_GS_KERNEL */
	mov	%rbx, %rsi
	syscall
	jmp	1b
domu_code_end:
