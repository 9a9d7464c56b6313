/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The code a test domain runs (copied into its frame at 0x400000): once,
 * the control calls dom0 prepared, then a grant-table version switch and
 * an acquire_resource of dom0's grant frame (their results for dom0 to
 * read); for
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
	/* First, as an unprivileged domain: a domctl and a sysctl that dom0 */
	/* left in our stack page; the results go to its end. */
	mov	$36, %eax			/* domctl */
	mov	$0x401000, %edi
	syscall
	mov	%rax, 0x401f00
	mov	$35, %eax			/* sysctl */
	mov	$0x401200, %edi
	syscall
	mov	%rax, 0x401f08
	mov	$36, %eax			/* domctl, wrong version */
	mov	$0x401400, %edi
	syscall
	mov	%rax, 0x401f10
	mov	$20, %eax			/* grant_table_op */
	mov	$8, %edi			/* GNTTABOP_set_version (to 2) */
	mov	$0x401600, %esi
	mov	$1, %edx
	syscall
	mov	%rax, 0x401f18
	mov	$12, %eax			/* memory_op */
	mov	$28, %edi			/* XENMEM_acquire_resource, of dom0 */
	mov	$0x401700, %esi
	syscall
	mov	%rax, 0x401f20
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
