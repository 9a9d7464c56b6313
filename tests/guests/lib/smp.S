/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where an AP starts (the RIP of smp_ap_context()'s context). The
 * hypervisor loads the context's registers: RDI = vCPU id, RSI = the C
 * function, RDX = &smp_ap_entry[id], RSP = the top of the AP's stack.
 * Record what we were given, then call smp_ap_main(id, fn) in smp.c.
 */

/* Offsets into struct smp_ap_entry (smp.h). */
#define E_RSP     0
#define E_RFLAGS  8
#define E_CS     16
#define E_SS     24
#define E_RBX    32
#define E_R12    40
#define E_R15    48
#define E_STARTED 56

	.section .text.smp, "ax"
	.globl smp_ap_start
	.type smp_ap_start, @function
smp_ap_start:
	mov	%rsp, E_RSP(%rdx)	/* before anything is pushed */
	pushfq				/* RFLAGS as the hypervisor set it */
	popq	E_RFLAGS(%rdx)
	mov	%cs, %eax		/* selectors after the RPL fix-up */
	mov	%rax, E_CS(%rdx)
	mov	%ss, %eax
	mov	%rax, E_SS(%rdx)
	mov	%rbx, E_RBX(%rdx)	/* registers loaded from the context */
	mov	%r12, E_R12(%rdx)
	mov	%r15, E_R15(%rdx)
	movq	$1, E_STARTED(%rdx)
	cld
	xor	%ebp, %ebp		/* the end of the frame-pointer chain */
	call	smp_ap_main		/* (id, fn); RSP 16-aligned at the call */
1:	ud2				/* smp_ap_main does not return */
	jmp	1b
	.size smp_ap_start, . - smp_ap_start
