/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User-mode probes (copied to a user page) and the kernel entry points
 * they reach: #GP and other exceptions, and the syscall callback. Each
 * entry runs on the kernel stack from stack_switch and hands the bounce
 * frame to C, which never returns (it irets back to user mode or ends).
 */
	.text
	.globl user_code_start, user_code_end
	.globl probe_cr0, probe_rdmsr, probe_clts, probe_in, probe_hlt, probe_end1
	.globl user_part2, probe_in_iopl, probe_end2
user_code_start:
probe_cr0:
	mov %cr0, %rax                  /* #GP(0): only the kernel's is emulated */
probe_rdmsr:
	mov $0xc0000080, %ecx
	rdmsr                           /* #GP(0) */
probe_clts:
	clts                            /* #GP(0) */
probe_in:
	inb $0x21, %al                  /* #GP(0): IOPL 0 */
probe_hlt:
	hlt                             /* #GP(0) */
	mov $1, %eax
	xor %ecx, %ecx
	ud2a; .ascii "xen"; cpuid       /* forced CPUID works in user mode too */
	mov %ecx, %esi
	mov %edx, %edi
	mov $1, %eax
probe_end1:
	syscall
	ud2a
user_part2:
	mov $0x5a, %eax
probe_in_iopl:
	inb $0x21, %al                  /* IOPL 3: emulated, PIC kept: 0xff */
	cli                             /* ignored with IOPL 3 */
	sti
	mov %eax, %edi
	mov $2, %eax
probe_end2:
	syscall
	ud2a
user_code_end:

	.globl gp_entry, other_entry, syscall_entry
gp_entry:
	mov %rsp, %rdi                  /* rcx, r11, error, rip, cs, rflags, rsp, ss */
	and $-16, %rsp
	call gp_from_user
	ud2

other_entry:
	mov %rsp, %rdi
	and $-16, %rsp
	call other_from_user
	ud2

syscall_entry:
	mov %rsp, %rdx                  /* rcx, r11, rip, cs, rflags, rsp, ss */
	mov %rax, %rcx                  /* which report */
	and $-16, %rsp
	call syscall_from_user          /* (rdi, rsi, rdx = frame, rcx = nr) */
	ud2
