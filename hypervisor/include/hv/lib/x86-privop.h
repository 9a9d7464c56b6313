/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding the instructions a PV guest may execute in ring 3 that fault
 * with #GP(0) and that the hypervisor emulates (hypervisor/lib/
 * x86-privop.c): moves to and from control and debug registers, clts,
 * wbinvd, rdmsr/wrmsr, rdtsc/rdtscp, cpuid, xsetbv, cli/sti and the port
 * I/O instructions. Pure: the caller fetches the bytes at the guest's RIP
 * and does the work.
 *
 * Prefixes: 66 (operand size), 67 (address size), F2/F3 (rep, for
 * ins/outs), segment overrides (the source of outs), REX (64-bit code,
 * only directly before the opcode). F0 (lock) and anything else make the
 * instruction one we do not emulate. In 64-bit code a move to or from a
 * control or debug register is always 64 bits wide and the ModRM mod field
 * is ignored, as the hardware does.
 */
#ifndef HV_LIB_X86_PRIVOP_H
#define HV_LIB_X86_PRIVOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PRIVOP_INSN_MAX 15

enum privop_kind {
	PRIVOP_NONE,
	PRIVOP_MOV_FROM_CR,	/* 0F 20 /r */
	PRIVOP_MOV_TO_CR,	/* 0F 22 /r */
	PRIVOP_MOV_FROM_DR,	/* 0F 21 /r */
	PRIVOP_MOV_TO_DR,	/* 0F 23 /r */
	PRIVOP_CLTS,		/* 0F 06 */
	PRIVOP_WBINVD,		/* 0F 09 */
	PRIVOP_WRMSR,		/* 0F 30 */
	PRIVOP_RDTSC,		/* 0F 31 */
	PRIVOP_RDMSR,		/* 0F 32 */
	PRIVOP_CPUID,		/* 0F A2 */
	PRIVOP_XSETBV,		/* 0F 01 D1 */
	PRIVOP_RDTSCP,		/* 0F 01 F9 */
	PRIVOP_CLI,		/* FA */
	PRIVOP_STI,		/* FB */
	PRIVOP_IN,		/* E4 E5 EC ED */
	PRIVOP_OUT,		/* E6 E7 EE EF */
	PRIVOP_INS,		/* 6C 6D */
	PRIVOP_OUTS,		/* 6E 6F */
};

/* Segment registers in x86 encoding order (the outs source). */
enum privop_seg { PRIVOP_ES, PRIVOP_CS, PRIVOP_SS, PRIVOP_DS, PRIVOP_FS, PRIVOP_GS };

struct privop_insn {
	enum privop_kind kind;
	uint8_t len;		/* bytes, prefixes included */
	uint8_t ctl;		/* CR or DR number (REX.R extends it) */
	uint8_t gpr;		/* the general register of a CR/DR move, x86 order */
	uint8_t io_size;	/* I/O width: 1, 2 or 4 bytes */
	uint8_t addr_size;	/* ins/outs address width: 2, 4 or 8 bytes */
	bool port_imm;		/* port is the immediate; else %dx */
	uint8_t port;		/* the immediate port */
	bool rep;		/* F2/F3 on ins/outs */
	enum privop_seg seg;	/* outs source segment (default DS) */
};

/*
 * Decode the instruction at b[0..n). mode64: the code segment is 64-bit;
 * otherwise def32 says whether it is a 32-bit (else 16-bit) segment.
 * Returns 0, -ENODATA when the instruction continues past n bytes, or
 * -EINVAL when it is not one of the kinds above (or longer than 15 bytes).
 */
int privop_decode(const uint8_t *b, size_t n, bool mode64, bool def32,
		  struct privop_insn *out);

#endif
