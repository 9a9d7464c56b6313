/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User-mode code (copied to a user page) and the kernel-side entry points
 * reached from it: the syscall callback and a #PF handler. Both run on
 * the kernel stack given with stack_switch and never return: they hand
 * the frame to C, which carries the test on.
 */
	.text
	.globl user_code_start, user_code_syscall_end, user_code_fault, user_code_end
user_code_start:
	mov $42, %eax
	mov $0x1234, %edi
	syscall
user_code_syscall_end:
	ud2
user_code_fault:
	mov 0x500000, %rax              /* unmapped in the user tables */
	ud2
user_code_end:

	.globl syscall_entry
syscall_entry:
	mov %rsp, %rsi                  /* the bounce frame: rcx, r11, rip, cs, rflags, rsp, ss */
	mov %rax, %rdi                  /* the user's %rax */
	and $-16, %rsp
	call syscall_from_user
	ud2

	.globl pf_entry
pf_entry:
	mov %rsp, %rdi                  /* rcx, r11, error, rip, cs, rflags, rsp, ss */
	and $-16, %rsp
	call pf_from_user
	ud2
