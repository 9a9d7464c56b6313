/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry from a multiboot1 or multiboot2 loader in 32-bit protected mode with
 * paging off. Builds nothing at run time: the boot page tables below are
 * static and map the first 4 GiB three times (identity, for the switch to
 * long mode; the direct map; the image at HV_VIRT_OFFSET). Then jumps to C
 * at the image's high address.
 */
#include <hv/config.h>

#define OFF HV_VIRT_OFFSET
#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS ((1 << 0) | (1 << 1) | (1 << 16)) /* align mods, mem info, address fields */
#define MB2_MAGIC 0xE85250D6

	.section .text.head, "ax"
	.code32

	/* Multiboot1 header: within the first 8 KiB, 4-byte aligned. */
	.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header - OFF          /* header_addr */
	.long __image_start - OFF       /* load_addr */
	.long __image_load_end - OFF    /* load_end_addr */
	.long __bss_end - OFF           /* bss_end_addr */
	.long start32 - OFF             /* entry_addr */

	/* Multiboot2 header: within the first 32 KiB, 8-byte aligned tags. */
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0                         /* i386 protected mode */
	.long mb2_end - mb2_header
	.long -(MB2_MAGIC + (mb2_end - mb2_header))
	.balign 8
	.short 2, 0                     /* address tag */
	.long 24
	.long mb2_header - OFF
	.long __image_start - OFF
	.long __image_load_end - OFF
	.long __bss_end - OFF
	.balign 8
	.short 3, 0                     /* entry address tag */
	.long 12
	.long start32 - OFF
	.balign 8
	.short 0, 0                     /* end tag */
	.long 8
mb2_end:

	.globl start32
start32:
	cli
	cld
	mov %eax, %ebp                  /* loader magic, kept until C */
	mov %ebx, %esi                  /* loader information (physical), kept until C */
	mov $(boot_stack_top - OFF), %esp

	/* Zero .bss (the stack is unused until the call to C). */
	mov $(__bss_start - OFF), %edi
	mov $(__bss_end - OFF), %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl

	/* Long mode is mandatory: say so on COM1 rather than triple-fault. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	bt $29, %edx
	jnc no_long_mode
	mov %edx, %edi                  /* keep the NX bit (20) for EFER */

	mov %cr4, %eax
	or $0x20, %eax                  /* PAE */
	mov %eax, %cr4
	mov $(idle_pg_table - OFF), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx           /* EFER */
	rdmsr
	or $0x101, %eax                 /* LME | SCE */
	bt $20, %edi
	jnc 1f
	or $0x800, %eax                 /* NXE where the CPU has it */
1:	wrmsr
	mov %cr0, %eax
	or $0x80010021, %eax            /* PG | WP | NE | PE */
	mov %eax, %cr0

	lgdt (boot_gdtr - OFF)
	ljmp $0x08, $(start64_low - OFF)

no_long_mode:
	mov $(msg_no_lm - OFF), %esi    /* the boot cannot continue: esi is free */
2:	lodsb
	test %al, %al
	jz 4f
	mov %al, %bl
	mov $0x3fd, %dx                 /* wait for the transmitter */
3:	in %dx, %al
	test $0x20, %al
	jz 3b
	mov $0x3f8, %dx
	mov %bl, %al
	out %al, %dx
	jmp 2b
4:	hlt
	jmp 4b

	.code64
start64_low:
	movabs $start64_high, %rax      /* leave the identity map */
	jmp *%rax

	.text
start64_high:
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	movabs $(boot_stack_top - CPU_INFO_SIZE), %rsp
	mov %ebp, %edi                  /* loader magic */
	mov %esi, %esi                  /* loader information, zero-extended */
	xor %ebp, %ebp                  /* end of the frame chain for backtraces */
	call start_hypervisor
6:	hlt
	jmp 6b

	.section .rodata
msg_no_lm:
	.asciz "hypervisor: this CPU has no long mode (x86-64); cannot boot\r\n"

	.data
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdtr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt - OFF

	.section .data.page_aligned, "aw"
	.balign 4096
	/* L4: slot 0 identity (dropped after boot), 261 image, 262 direct map. */
	.globl idle_pg_table
idle_pg_table:
	.quad l3_bootmap - OFF + 0x63
	.fill 260, 8, 0
	.quad l3_image - OFF + 0x63
	.quad l3_bootmap - OFF + 0x63
	.fill 249, 8, 0
	/* L3 for 0-4 GiB, shared by the identity and direct maps. */
	.globl l3_bootmap
l3_bootmap:
	.quad l2_bootmap - OFF + 0x0000 + 0x63
	.quad l2_bootmap - OFF + 0x1000 + 0x63
	.quad l2_bootmap - OFF + 0x2000 + 0x63
	.quad l2_bootmap - OFF + 0x3000 + 0x63
	.fill 508, 8, 0
	/* L3 for slot 261: the image's GiB is machine 0-1 GiB. */
l3_image:
	.fill ((OFF >> 30) & 511), 8, 0
	.quad l2_bootmap - OFF + 0x63
	.fill 511 - ((OFF >> 30) & 511), 8, 0
	/* 2048 2 MiB mappings: machine 0-4 GiB. */
	.globl l2_bootmap
l2_bootmap:
	.set i, 0
	.rept 2048
	.quad (i << 21) + 0xe3          /* P | RW | A | D | PS */
	.set i, i + 1
	.endr

	/* cpu_info is found by aligning %rsp: the linker script aligns this. */
	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl boot_stack
boot_stack:
	.skip STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
