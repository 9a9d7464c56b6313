/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF note types a PV kernel uses to describe itself to the domain builder
 * (note name "Xen", section .note.Xen). The numbers are Xen's public ABI.
 * Usable from C and from assembly.
 */
#ifndef TK_ELFNOTE_H
#define TK_ELFNOTE_H

#define XEN_ELFNOTE_ENTRY              1  /* u64: initial RIP */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* u64: VA of a page to fill */
#define XEN_ELFNOTE_VIRT_BASE          3  /* u64: VA of pseudo-physical 0 */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* u64: VA = base + p_paddr - it */
#define XEN_ELFNOTE_XEN_VERSION        5  /* string: must start "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS           6  /* string */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* string */
#define XEN_ELFNOTE_LOADER             8  /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* string, ignored for 64-bit */
#define XEN_ELFNOTE_FEATURES          10  /* string: a|b, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB        11
#define XEN_ELFNOTE_HV_START_LOW      12
#define XEN_ELFNOTE_L1_MFN_VALID      13
#define XEN_ELFNOTE_SUSPEND_CANCEL    14
#define XEN_ELFNOTE_INIT_P2M          15
#define XEN_ELFNOTE_MOD_START_PFN     16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* u32[]: XENFEAT_* submaps */
#define XEN_ELFNOTE_PHYS32_ENTRY      18

#ifdef __ASSEMBLER__
/*
 * ELFNOTE type, directive...: emit one note into .note.Xen. The descriptor is
 * whatever the directive emits (.quad, .long, .asciz).
 */
.macro ELFNOTE type:req, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f		/* namesz, including the NUL */
	.long 4f - 3f		/* descsz */
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
.endm
#endif

#endif /* TK_ELFNOTE_H */
