/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every way into the hypervisor: exception and interrupt stubs, the syscall
 * entry (a hypercall from guest-kernel mode), and the single way back to a
 * guest, which first runs pending softirqs and delivers events.
 * All entries run with interrupts disabled until they leave.
 */
#include <hv/config.h>
#include <hv/asm-offsets.h>

	.macro SAVE_ALL
	push %rdi
	push %rsi
	push %rdx
	push %rcx
	push %rax
	push %r8
	push %r9
	push %r10
	push %r11
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	.endm

	.macro RESTORE_ALL
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rax
	pop %rcx
	pop %rdx
	pop %rsi
	pop %rdi
	.endm

	.text

	/* One stub per vector: normalise the frame to always carry an error code. */
	.globl idt_stubs
	.balign 16
idt_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if vec == 8 || vec == 10 || vec == 11 || vec == 12 || vec == 13 || vec == 14 || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	push $0
	.endif
	movl $vec, 4(%rsp)
	jmp common_entry
	.set vec, vec + 1
	.endr

common_entry:
	cld
	SAVE_ALL
	xor %ebp, %ebp
	testb $3, UREGS_cs(%rsp)
	jnz 1f
	mov UREGS_rbp(%rsp), %rbp       /* hypervisor fault: keep the frame chain */
1:	mov %rsp, %rdi
	call do_trap
	testb $3, UREGS_cs(%rsp)
	jnz return_to_guest
restore_all_xen:
	RESTORE_ALL
	add $8, %rsp
	iretq

	/*
	 * syscall from ring 3: a hypercall if the vCPU is in guest-kernel
	 * mode, else a system call to bounce to the guest kernel. %rsp is the
	 * guest's; SFMASK has cleared IF. The stack top comes from a variable
	 * written at CPU bring-up (one physical CPU runs guests for now; each
	 * further CPU will get an entry stub of its own with its stack baked in).
	 */
	.globl lstar_enter
lstar_enter:
	mov %rsp, syscall_scratch_rsp(%rip)
	mov syscall_stack_top(%rip), %rsp
	push $FLAT_KERNEL_SS_ASM
	push syscall_scratch_rsp(%rip)
	push %r11
	push $FLAT_KERNEL_CS_ASM
	push %rcx
	push $0
	movl $TRAP_SYSCALL_ASM, 4(%rsp)
	cld
	SAVE_ALL
	xor %ebp, %ebp
	mov %rsp, %rdi
	call do_syscall
	/* fall through */

	/*
	 * The only exit to a guest. %rsp points at the guest frame at the top
	 * of this CPU's stack. Softirqs may switch vCPUs (the frame is swapped
	 * in place) or pick the idle vCPU (which never comes back here).
	 */
	.globl return_to_guest
return_to_guest:
	cli
	mov %rsp, %rdi
	call prepare_return_to_guest
	RESTORE_ALL
	add $8, %rsp
iret_to_guest:
	iretq
iret_fault_fixup:
	/* iretq faulted on a guest-chosen frame: rebuild the frame and report. */
	sub $8, %rsp
	SAVE_ALL
	mov %rsp, %rdi
	call pv_iret_faulted
	jmp return_to_guest

	/* void reset_stack_and_jump(void (*fn)(void)): run fn on a fresh stack. */
	.globl reset_stack_and_jump_asm
reset_stack_and_jump_asm:
	mov %rsi, %rsp
	xor %ebp, %ebp
	jmp *%rdi

	/* Enter a guest for the first time: %rdi = the frame at the stack top. */
	.globl start_guest_on_frame
start_guest_on_frame:
	mov %rdi, %rsp
	jmp return_to_guest

	.section .ex_table, "a"
	.balign 8
	.quad iret_to_guest, iret_fault_fixup

	.data
	.balign 8
	.globl syscall_scratch_rsp, syscall_stack_top
syscall_scratch_rsp:
	.quad 0
syscall_stack_top:
	.quad 0
