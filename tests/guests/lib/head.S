/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point and Xen ELF notes of every test kernel. The domain builder
 * enters at XEN_ELFNOTE_ENTRY in guest-kernel mode with %rsi = VA of
 * start_info and %rsp on its boot stack; we record the registers, move to
 * our own stack, clear .bss and call lib_start(start_info).
 */
#include "elfnote.h"

	ELFNOTE XEN_ELFNOTE_GUEST_OS,       .asciz "testkernel"
	ELFNOTE XEN_ELFNOTE_GUEST_VERSION,  .asciz "1"
	ELFNOTE XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0"
	ELFNOTE XEN_ELFNOTE_LOADER,         .asciz "generic"
	ELFNOTE XEN_ELFNOTE_VIRT_BASE,      .quad 0xffffffff80000000
	ELFNOTE XEN_ELFNOTE_PADDR_OFFSET,   .quad 0
	ELFNOTE XEN_ELFNOTE_ENTRY,          .quad _start
	/* Informational for a PV64 dom0: we never write page tables directly. */
	ELFNOTE XEN_ELFNOTE_FEATURES,       .asciz "!writable_page_tables"
	/* Submap 0: XENFEAT_dom0 (bit 11); a dom0 builder refuses a kernel
	 * whose SUPPORTED_FEATURES lack it. */
	ELFNOTE XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << 11)

/* Offsets into struct entry_regs (lib.h). */
#define ER(n) (entry_regs + (n) * 8)(%rip)

	.section .text.head, "ax"
	.globl _start
	.type _start, @function
_start:
	mov	%rax, ER(0)
	mov	%rbx, ER(1)
	mov	%rcx, ER(2)
	mov	%rdx, ER(3)
	mov	%rsi, ER(4)
	mov	%rdi, ER(5)
	mov	%rbp, ER(6)
	mov	%rsp, ER(7)
	mov	%r8,  ER(8)
	mov	%r9,  ER(9)
	mov	%r10, ER(10)
	mov	%r11, ER(11)
	mov	%r12, ER(12)
	mov	%r13, ER(13)
	mov	%r14, ER(14)
	mov	%r15, ER(15)
	pushfq				/* the builder's stack is usable */
	popq	ER(16)
	mov	%cs, %eax
	mov	%rax, ER(17)
	mov	%ss, %eax
	mov	%rax, ER(18)
	mov	%ds, %eax
	mov	%rax, ER(19)
	mov	%es, %eax
	mov	%rax, ER(20)
	mov	%fs, %eax
	mov	%rax, ER(21)
	mov	%gs, %eax
	mov	%rax, ER(22)

	lea	boot_stack_top(%rip), %rsp
	cld
	/* Clear .bss (our stack lives there; nothing is on it yet).
	 * %rsi (start_info) survives: rep stosb uses rdi, rcx, rax. */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	rep stosb

	mov	%rsi, %rdi
	call	lib_start
1:	ud2				/* lib_start does not return */
	jmp	1b
	.size _start, . - _start

	.section .bss.stack, "aw", @nobits
	.balign 4096
boot_stack:
	.skip 16384
boot_stack_top:
