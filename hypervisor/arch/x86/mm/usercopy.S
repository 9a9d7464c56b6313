/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies to and from guest virtual addresses. The `rep movsb`/`rep stosb`
 * may fault on an unmapped or read-only guest page; the exception table
 * sends the fault to the fixup, which returns how many bytes were left.
 */
	.text

	/* size_t raw_copy_from_guest(void *dst, const void *src, size_t n) */
	.globl raw_copy_from_guest
	.globl raw_copy_to_guest
raw_copy_from_guest:
raw_copy_to_guest:
	mov %rdx, %rcx
1:	rep movsb
	xor %eax, %eax
	ret
2:	mov %rcx, %rax                  /* fault: bytes not copied */
	ret

	/* size_t raw_clear_guest(void *dst, size_t n) */
	.globl raw_clear_guest
raw_clear_guest:
	mov %rsi, %rcx
	xor %eax, %eax
3:	rep stosb
	ret
4:	mov %rcx, %rax
	ret

	.section .ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.quad 3b, 4b
