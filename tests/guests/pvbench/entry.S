/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The measurement kernel's hand-written paths, kept minimal so that what
 * is timed is the hypervisor and not the test library:
 *  - pvb_pf_entry: a #PF handler that turns the bounce frame into an
 *    iret_context in place and resumes at pvb_pf_resume;
 *  - pvb_syscall_entry: the syscall callback; returns to user mode with
 *    HYPERVISOR_iret (VGCF_in_syscall, as a real kernel's fast path does),
 *    or, for PVB_SYS_DONE, jumps back into the kernel's C code;
 *  - pvb_event_entry: stamps the TSC, then joins the library's event
 *    callback (events.S), which demultiplexes and returns;
 *  - the user-mode loop (copied to a user page) timing `syscall`;
 *  - pvb_setjmp/pvb_longjmp for the way back from user mode.
 */
#include "pvbench.h"

	.text

/* uint64_t pvb_touch(const void *addr): one load that is expected to fault. */
	.globl pvb_touch
	.type pvb_touch, @function
pvb_touch:
	xor	%eax, %eax
	.globl pvb_pf_insn
pvb_pf_insn:
	mov	(%rdi), %rax
	.globl pvb_pf_resume
pvb_pf_resume:
	ret
	.size pvb_touch, . - pvb_touch

/*
 * #PF from kernel mode. RSP is at the frame RCX, R11, error code, RIP, CS,
 * RFLAGS, RSP, SS. One push makes room for the nine-slot iret_context
 * RAX, R11, RCX, FLAGS, RIP, ...: the interrupted RCX and R11 swap places,
 * the error-code slot becomes FLAGS (0: restore RCX/R11), RIP is moved
 * past the load. RCX and R11 are free here: `syscall` clobbers them and
 * the iret restores them from the context.
 */
	.globl pvb_pf_entry
	.type pvb_pf_entry, @function
pvb_pf_entry:
	push	%rax
	incq	pvb_pf_count(%rip)
	mov	8(%rsp), %rcx
	mov	16(%rsp), %r11
	mov	%r11, 8(%rsp)
	mov	%rcx, 16(%rsp)
	movq	$0, 24(%rsp)
	lea	pvb_pf_resume(%rip), %rcx
	mov	%rcx, 32(%rsp)
	mov	$HYPERCALL_iret, %eax
	syscall
	ud2
	.size pvb_pf_entry, . - pvb_pf_entry

/*
 * Syscall callback: RSP (the stack_switch stack) is at RCX, R11, RIP, CS,
 * RFLAGS, RSP, SS; every other register is the user's. Two slots below
 * make the iret_context; with VGCF_in_syscall RCX/R11 are not restored
 * (user code expects `syscall` to clobber them).
 */
	.globl pvb_syscall_entry
	.type pvb_syscall_entry, @function
pvb_syscall_entry:
	cmp	$PVB_SYS_DONE, %rax
	je	1f
	sub	$16, %rsp
	mov	%rax, 0(%rsp)
	mov	24(%rsp), %r11
	mov	%r11, 8(%rsp)
	movq	$VGCF_IN_SYSCALL, 24(%rsp)
	mov	$HYPERCALL_iret, %eax
	syscall
	ud2
1:	lea	pvb_user_jmp(%rip), %rdi
	mov	$1, %esi
	jmp	pvb_longjmp
	.size pvb_syscall_entry, . - pvb_syscall_entry

/* Event callback: the first thing it does is read the TSC. */
	.globl pvb_event_entry
	.type pvb_event_entry, @function
pvb_event_entry:
	push	%rax
	push	%rdx
	lfence
	rdtsc
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, pvb_upcall_tsc(%rip)
	pop	%rdx
	pop	%rax
	jmp	event_callback_entry
	.size pvb_event_entry, . - pvb_event_entry

/*
 * User mode: time WARMUP + ITERS `syscall`s, one sample each into the
 * user data pages (count at PVB_USER_DATA, samples from PVB_USER_SAMPLES),
 * then report with PVB_SYS_DONE. Position independent: it runs from a
 * copy at PVB_USER_CODE.
 */
	.globl pvb_user_start, pvb_user_end
pvb_user_start:
	mov	$PVB_USER_DATA, %ebx
	mov	(%rbx), %r12
	mov	$PVB_USER_SAMPLES, %ebx
	test	%r12, %r12
	jz	2f
1:	lfence
	rdtsc
	shl	$32, %rdx
	or	%rax, %rdx
	mov	%rdx, %r13
	mov	$PVB_SYS_NULL, %eax
	syscall
	lfence
	rdtsc
	shl	$32, %rdx
	or	%rax, %rdx
	sub	%r13, %rdx
	mov	%rdx, (%rbx)
	add	$8, %rbx
	dec	%r12
	jnz	1b
2:	mov	$PVB_SYS_DONE, %eax
	syscall
	ud2
pvb_user_end:

/* int pvb_setjmp(struct pvb_jmp *j): 0 now, the longjmp value later. */
	.globl pvb_setjmp
	.type pvb_setjmp, @function
pvb_setjmp:
	mov	(%rsp), %rax
	mov	%rax, 0(%rdi)		/* return address */
	lea	8(%rsp), %rax
	mov	%rax, 8(%rdi)		/* caller's RSP after the return */
	mov	%rbx, 16(%rdi)
	mov	%rbp, 24(%rdi)
	mov	%r12, 32(%rdi)
	mov	%r13, 40(%rdi)
	mov	%r14, 48(%rdi)
	mov	%r15, 56(%rdi)
	xor	%eax, %eax
	ret
	.size pvb_setjmp, . - pvb_setjmp

/* void pvb_longjmp(struct pvb_jmp *j, int val) */
	.globl pvb_longjmp
	.type pvb_longjmp, @function
pvb_longjmp:
	mov	8(%rdi), %rsp
	mov	16(%rdi), %rbx
	mov	24(%rdi), %rbp
	mov	32(%rdi), %r12
	mov	40(%rdi), %r13
	mov	48(%rdi), %r14
	mov	56(%rdi), %r15
	mov	%esi, %eax
	jmp	*0(%rdi)
	.size pvb_longjmp, . - pvb_longjmp
