/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall page: one page of our image whose VA is announced with
 * XEN_ELFNOTE_HYPERCALL_PAGE; the domain builder fills it with one 32-byte
 * stub per hypercall number before the kernel starts.
 */
#include "elfnote.h"

	ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page

	.section .text.page_aligned, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc		/* int3 until the builder fills it */
	.size hypercall_page, 4096
