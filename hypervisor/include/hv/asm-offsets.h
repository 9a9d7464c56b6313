/* SPDX-License-Identifier: GPL-2.0-only */
/* Offsets used by assembly; checked against the C structs in traps.c. */
#ifndef HV_ASM_OFFSETS_H
#define HV_ASM_OFFSETS_H

#define UREGS_r15 0
#define UREGS_rbp 32
#define UREGS_rbx 40
#define UREGS_r11 48
#define UREGS_rax 80
#define UREGS_rcx 88
#define UREGS_rdi 112
#define UREGS_error_code 120
#define UREGS_entry_vector 124
#define UREGS_rip 128
#define UREGS_cs 136
#define UREGS_rflags 144
#define UREGS_rsp 152
#define UREGS_ss 160
#define UREGS_size 168

#define FLAT_KERNEL_CS_ASM 0xe033
#define FLAT_KERNEL_SS_ASM 0xe02b
#define TRAP_SYSCALL_ASM 0x100

#endif
