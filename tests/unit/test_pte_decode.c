/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/x86-pte-decode.c: hand-encoded {bytes, expected} tables
 * for every form, addressing mode and prefix rule; truncation at every
 * byte from exact-size heap copies (ASan catches any overread); random
 * garbage; pte_apply() tables; random variants assembled by gas at run
 * time (decoded length and fields against what gas encoded); and
 * pte_apply() against the host CPU executing the same operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hv/lib/x86-pte-decode.h>
#include "hvlib.h"
#include "runner.h"

/* The fixed register file of the decode tables: gpr[n] = R(n). */
#define R(n)	(((uint64_t)(n) + 1) << 12)
#define RIP0	0xffffffff81234560ULL
#define FS0	0x00007f1234560000ULL
#define GS0	0xffff888012340000ULL

static struct pte_regs table_regs(void)
{
	struct pte_regs r = { .rip = RIP0, .rflags = 0x202 };
	unsigned int i;

	for (i = 0; i < 16; i++)
		r.gpr[i] = R(i);
	return r;
}

/* Decodes from an exact-size heap copy, so reading past @n is caught. */
static int decode_exact(const uint8_t *bytes, size_t n, const struct pte_regs *r,
			struct pte_write_insn *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	memcpy(copy, bytes, n);
	rc = pte_decode(n ? copy : NULL, n, r, FS0, GS0, out);
	free(copy);
	return rc;
}

#define BYTES(...)	{ __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })
#define BAD		-EINVAL, 0, 0, 0, 0, 0, 0, 0, 0, 0

struct dcase {
	const char *name;
	uint8_t bytes[16];
	unsigned int n;
	int rc;
	unsigned int op, width, len;
	bool lock, src_is_reg;
	unsigned int src_reg;
	bool high8;
	uint64_t imm, linear;
};

static const struct dcase dcases[] = {
	/* mov */
	{ "mov %rax,(%rdi)", BYTES(0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 3, false, true, 0, false, 0, R(7) },
	{ "mov %eax,(%rdi)", BYTES(0x89, 0x07),
	  0, PW_MOV, 4, 2, false, true, 0, false, 0, R(7) },
	{ "mov %eax,4(%rdi)", BYTES(0x89, 0x47, 0x04),
	  0, PW_MOV, 4, 3, false, true, 0, false, 0, R(7) + 4 },
	{ "mov %ecx,2(%rdi) inside the entry", BYTES(0x89, 0x4f, 0x02),
	  0, PW_MOV, 4, 3, false, true, 1, false, 0, R(7) + 2 },
	{ "movq $0,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0, 0, 0, 0),
	  0, PW_MOV, 8, 7, false, false, 0, false, 0, R(7) },
	{ "movq $-1,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff),
	  0, PW_MOV, 8, 7, false, false, 0, false, ~0ULL, R(7) },
	{ "movq $-0x80000000,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0, 0, 0, 0x80),
	  0, PW_MOV, 8, 7, false, false, 0, false, 0xffffffff80000000ULL, R(7) },
	{ "movl $0x80000000,4(%rdi)", BYTES(0xc7, 0x47, 0x04, 0, 0, 0, 0x80),
	  0, PW_MOV, 4, 7, false, false, 0, false, 0x80000000ULL, R(7) + 4 },
	{ "movb $0x5a,1(%rdi)", BYTES(0xc6, 0x47, 0x01, 0x5a),
	  0, PW_MOV, 1, 4, false, false, 0, false, 0x5a, R(7) + 1 },
	{ "mov %ah,2(%rsi)", BYTES(0x88, 0x66, 0x02),
	  0, PW_MOV, 1, 3, false, true, 0, true, 0, R(6) + 2 },
	{ "mov %bh,(%rsi)", BYTES(0x88, 0x3e),
	  0, PW_MOV, 1, 2, false, true, 3, true, 0, R(6) },
	{ "mov %spl,(%rsi)", BYTES(0x40, 0x88, 0x26),
	  0, PW_MOV, 1, 3, false, true, 4, false, 0, R(6) },
	{ "mov %r9,(%r10)", BYTES(0x4d, 0x89, 0x0a),
	  0, PW_MOV, 8, 3, false, true, 9, false, 0, R(10) },
	{ "mov %r15b,7(%rax)", BYTES(0x44, 0x88, 0x78, 0x07),
	  0, PW_MOV, 1, 4, false, true, 15, false, 0, R(0) + 7 },

	/* xchg: always locked */
	{ "xchg %rax,(%rdi)", BYTES(0x48, 0x87, 0x07),
	  0, PW_XCHG, 8, 3, true, true, 0, false, 0, R(7) },
	{ "lock xchg %rcx,(%rdx)", BYTES(0xf0, 0x48, 0x87, 0x0a),
	  0, PW_XCHG, 8, 4, true, true, 1, false, 0, R(2) },
	{ "xchg %ecx,4(%rdx)", BYTES(0x87, 0x4a, 0x04),
	  0, PW_XCHG, 4, 3, true, true, 1, false, 0, R(2) + 4 },
	{ "xchg %bh,(%rdx)", BYTES(0x86, 0x3a),
	  0, PW_XCHG, 1, 2, true, true, 3, true, 0, R(2) },
	{ "xchg %dil,(%rdx)", BYTES(0x40, 0x86, 0x3a),
	  0, PW_XCHG, 1, 3, true, true, 7, false, 0, R(2) },

	/* cmpxchg */
	{ "lock cmpxchg %rsi,(%rdi)", BYTES(0xf0, 0x48, 0x0f, 0xb1, 0x37),
	  0, PW_CMPXCHG, 8, 5, true, true, 6, false, 0, R(7) },
	{ "cmpxchg %rsi,(%rdi)", BYTES(0x48, 0x0f, 0xb1, 0x37),
	  0, PW_CMPXCHG, 8, 4, false, true, 6, false, 0, R(7) },
	{ "lock cmpxchg %r8d,4(%r11)", BYTES(0xf0, 0x45, 0x0f, 0xb1, 0x43, 0x04),
	  0, PW_CMPXCHG, 4, 6, true, true, 8, false, 0, R(11) + 4 },
	{ "lock cmpxchg %cl,(%rbx)", BYTES(0xf0, 0x0f, 0xb0, 0x0b),
	  0, PW_CMPXCHG, 1, 4, true, true, 1, false, 0, R(3) },

	/* and/or/xor */
	{ "lock andb $0xfd,(%rdi) (clear_bit)", BYTES(0xf0, 0x80, 0x27, 0xfd),
	  0, PW_AND, 1, 4, true, false, 0, false, 0xfd, R(7) },
	{ "lock orb $0x20,(%rdi) (set_bit)", BYTES(0xf0, 0x80, 0x0f, 0x20),
	  0, PW_OR, 1, 4, true, false, 0, false, 0x20, R(7) },
	{ "lock xorb $2,(%rdi)", BYTES(0xf0, 0x80, 0x37, 0x02),
	  0, PW_XOR, 1, 4, true, false, 0, false, 0x02, R(7) },
	{ "lock andq $-3,(%rdi)", BYTES(0xf0, 0x48, 0x83, 0x27, 0xfd),
	  0, PW_AND, 8, 5, true, false, 0, false, 0xfffffffffffffffdULL, R(7) },
	{ "lock andl $-3,4(%rdi)", BYTES(0xf0, 0x83, 0x67, 0x04, 0xfd),
	  0, PW_AND, 4, 5, true, false, 0, false, 0xfffffffdULL, R(7) + 4 },
	{ "lock andq $0x7fffffff,(%rdi)", BYTES(0xf0, 0x48, 0x81, 0x27, 0xff, 0xff, 0xff, 0x7f),
	  0, PW_AND, 8, 8, true, false, 0, false, 0x7fffffff, R(7) },
	{ "lock orq $-0x1000,(%rdi)", BYTES(0xf0, 0x48, 0x81, 0x0f, 0x00, 0xf0, 0xff, 0xff),
	  0, PW_OR, 8, 8, true, false, 0, false, 0xfffffffffffff000ULL, R(7) },
	{ "xorl $0x80000000,(%rdi)", BYTES(0x81, 0x37, 0, 0, 0, 0x80),
	  0, PW_XOR, 4, 6, false, false, 0, false, 0x80000000ULL, R(7) },
	{ "lock orq %rax,(%rdi)", BYTES(0xf0, 0x48, 0x09, 0x07),
	  0, PW_OR, 8, 4, true, true, 0, false, 0, R(7) },
	{ "lock andq %rdx,(%rdi)", BYTES(0xf0, 0x48, 0x21, 0x17),
	  0, PW_AND, 8, 4, true, true, 2, false, 0, R(7) },
	{ "xorl %ebx,(%rdi)", BYTES(0x31, 0x1f),
	  0, PW_XOR, 4, 2, false, true, 3, false, 0, R(7) },
	{ "orb %dl,3(%rdi)", BYTES(0x08, 0x57, 0x03),
	  0, PW_OR, 1, 3, false, true, 2, false, 0, R(7) + 3 },
	{ "andb %ch,5(%rdi)", BYTES(0x20, 0x6f, 0x05),
	  0, PW_AND, 1, 3, false, true, 1, true, 0, R(7) + 5 },
	{ "xorb %r12b,6(%rdi)", BYTES(0x44, 0x30, 0x67, 0x06),
	  0, PW_XOR, 1, 4, false, true, 12, false, 0, R(7) + 6 },

	/* bt* (register offsets: rcx = 0x2000, rdx = 0x3000) */
	{ "lock btrq $5,(%rdi) (test_and_clear_young)",
	  BYTES(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05),
	  0, PW_BTR, 8, 6, true, false, 0, false, 5, R(7) },
	{ "lock btsq $0x45,(%rdi): bit 5", BYTES(0xf0, 0x48, 0x0f, 0xba, 0x2f, 0x45),
	  0, PW_BTS, 8, 6, true, false, 0, false, 5, R(7) },
	{ "lock btcl $33,(%rdi): bit 1", BYTES(0xf0, 0x0f, 0xba, 0x3f, 0x21),
	  0, PW_BTC, 4, 5, true, false, 0, false, 1, R(7) },
	{ "lock btrq %rcx,(%rdi)", BYTES(0xf0, 0x48, 0x0f, 0xb3, 0x0f),
	  0, PW_BTR, 8, 5, true, true, 1, false, 0, R(7) + 0x2000 / 64 * 8 },
	{ "btsl %edx,(%rdi)", BYTES(0x0f, 0xab, 0x17),
	  0, PW_BTS, 4, 3, false, true, 2, false, 0, R(7) + 0x3000 / 32 * 4 },
	{ "btcq %r8,(%rdi)", BYTES(0x4c, 0x0f, 0xbb, 0x07),
	  0, PW_BTC, 8, 4, false, true, 8, false, 0, R(7) + R(8) / 64 * 8 },

	/* addressing modes */
	{ "(%rsp): SIB", BYTES(0x48, 0x89, 0x04, 0x24),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(4) },
	{ "(%r12): SIB", BYTES(0x49, 0x89, 0x04, 0x24),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(12) },
	{ "0(%rbp): disp8", BYTES(0x48, 0x89, 0x45, 0x00),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(5) },
	{ "0(%r13): disp8", BYTES(0x49, 0x89, 0x45, 0x00),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(13) },
	{ "-8(%rdi)", BYTES(0x48, 0x89, 0x47, 0xf8),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) - 8 },
	{ "0x1000(%rdi)", BYTES(0x48, 0x89, 0x87, 0x00, 0x10, 0x00, 0x00),
	  0, PW_MOV, 8, 7, false, true, 0, false, 0, R(7) + 0x1000 },
	{ "-0x1000(%rdi)", BYTES(0x48, 0x89, 0x87, 0x00, 0xf0, 0xff, 0xff),
	  0, PW_MOV, 8, 7, false, true, 0, false, 0, R(7) - 0x1000 },
	/* %rip-relative: from the end of the instruction (RIP0 is aligned) */
	{ "0x11(%rip)", BYTES(0x48, 0x89, 0x05, 0x11, 0, 0, 0),
	  0, PW_MOV, 8, 7, false, true, 0, false, 0, RIP0 + 7 + 0x11 },
	{ "-0x17(%rip)", BYTES(0x48, 0x89, 0x05, 0xe9, 0xff, 0xff, 0xff),
	  0, PW_MOV, 8, 7, false, true, 0, false, 0, RIP0 + 7 - 0x17 },
	{ "mod 0 rm 5 with REX.B is still %rip", BYTES(0x49, 0x89, 0x05, 0x11, 0, 0, 0),
	  0, PW_MOV, 8, 7, false, true, 0, false, 0, RIP0 + 7 + 0x11 },
	{ "%rip counts the imm32 after it",
	  BYTES(0x48, 0xc7, 0x05, 0x0d, 0, 0, 0, 0x01, 0, 0, 0),
	  0, PW_MOV, 8, 11, false, false, 0, false, 1, RIP0 + 11 + 0x0d },
	{ "%rip counts the imm8 after it",
	  BYTES(0xf0, 0x48, 0x0f, 0xba, 0x35, 0x06, 0x01, 0x00, 0x00, 0x05),
	  0, PW_BTR, 8, 10, true, false, 0, false, 5, RIP0 + 10 + 0x106 },
	{ "%rip: 4-byte write at +4", BYTES(0x89, 0x05, 0x16, 0, 0, 0),
	  0, PW_MOV, 4, 6, false, true, 0, false, 0, RIP0 + 6 + 0x16 },
	{ "%rip: misaligned", BYTES(0x48, 0x89, 0x05, 0x10, 0, 0, 0), BAD },
	{ "(%rdi,%rcx,8)", BYTES(0x48, 0x89, 0x04, 0xcf),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) + R(1) * 8 },
	{ "8(%rdi,%rcx,1)", BYTES(0x48, 0x89, 0x44, 0x0f, 0x08),
	  0, PW_MOV, 8, 5, false, true, 0, false, 0, R(7) + R(1) + 8 },
	{ "0x100(%rsi,%rdx,2)", BYTES(0x48, 0x89, 0x84, 0x56, 0x00, 0x01, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, R(6) + R(2) * 2 + 0x100 },
	{ "(%r12,%r12,8): REX.X and REX.B", BYTES(0x4b, 0x89, 0x04, 0xe4),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(12) + R(12) * 8 },
	{ "(%rax,%r12,1): index 12 is r12", BYTES(0x4a, 0x89, 0x04, 0x20),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(0) + R(12) },
	{ "SIB index 4: no index", BYTES(0x48, 0x89, 0x04, 0x20),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(0) },
	{ "SIB index 4 ignores the scale", BYTES(0x48, 0x89, 0x04, 0xe0),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(0) },
	{ "absolute 0x1000: SIB no base", BYTES(0x48, 0x89, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, 0x1000 },
	{ "absolute, sign-extended", BYTES(0x48, 0x89, 0x04, 0x25, 0x00, 0x00, 0x00, 0x80),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, 0xffffffff80000000ULL },
	{ "SIB no base with REX.B: still no base",
	  BYTES(0x49, 0x89, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, 0x1000 },
	{ "0x1000(,%rcx,4)", BYTES(0x48, 0x89, 0x04, 0x8d, 0x00, 0x10, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, R(1) * 4 + 0x1000 },
	{ "8(%rbp) via SIB", BYTES(0x48, 0x89, 0x44, 0x25, 0x08),
	  0, PW_MOV, 8, 5, false, true, 0, false, 0, R(5) + 8 },
	{ "0x100(%r13) via SIB", BYTES(0x49, 0x89, 0x84, 0x25, 0x00, 0x01, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, R(13) + 0x100 },

	/* segments */
	{ "%fs:(%rdi)", BYTES(0x64, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, FS0 + R(7) },
	{ "%gs:(%rdi)", BYTES(0x65, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, GS0 + R(7) },
	{ "%gs:0x100(%rip)", BYTES(0x65, 0x48, 0x89, 0x05, 0x00, 0x01, 0x00, 0x00),
	  0, PW_MOV, 8, 8, false, true, 0, false, 0, GS0 + RIP0 + 8 + 0x100 },
	{ "%ds: ignored", BYTES(0x3e, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) },
	{ "%cs: ignored", BYTES(0x2e, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) },
	{ "%es: ignored", BYTES(0x26, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) },
	{ "%ss: ignored", BYTES(0x36, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) },
	{ "fs then ds: the last wins", BYTES(0x64, 0x3e, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 5, false, true, 0, false, 0, R(7) },
	{ "ds then gs: the last wins", BYTES(0x3e, 0x65, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 5, false, true, 0, false, 0, GS0 + R(7) },
	{ "gs then lock", BYTES(0x65, 0xf0, 0x48, 0x87, 0x07),
	  0, PW_XCHG, 8, 5, true, true, 0, false, 0, GS0 + R(7) },
	{ "lock then fs", BYTES(0xf0, 0x64, 0x48, 0x0f, 0xb1, 0x37),
	  0, PW_CMPXCHG, 8, 6, true, true, 6, false, 0, FS0 + R(7) },

	/* REX placement */
	{ "REX before a legacy prefix is dropped", BYTES(0x48, 0x64, 0x89, 0x07),
	  0, PW_MOV, 4, 4, false, true, 0, false, 0, FS0 + R(7) },
	{ "two REX: the last counts (W)", BYTES(0x41, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 4, false, true, 0, false, 0, R(7) },
	{ "two REX: the last counts (B)", BYTES(0x48, 0x41, 0x89, 0x07),
	  0, PW_MOV, 4, 4, false, true, 0, false, 0, R(15) },
	{ "REX.R: r8", BYTES(0x4c, 0x89, 0x07),
	  0, PW_MOV, 8, 3, false, true, 8, false, 0, R(7) },
	{ "empty REX", BYTES(0x40, 0x89, 0x07),
	  0, PW_MOV, 4, 3, false, true, 0, false, 0, R(7) },
	{ "REX.W on a byte op is ignored", BYTES(0x48, 0x88, 0x07),
	  0, PW_MOV, 1, 3, false, true, 0, false, 0, R(7) },
	{ "15 bytes", BYTES(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
			    0x3e, 0x3e, 0x48, 0x89, 0x07),
	  0, PW_MOV, 8, 15, false, true, 0, false, 0, R(7) },

	/* rejected */
	{ "16 bytes", BYTES(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
			    0x3e, 0x3e, 0x3e, 0x48, 0x89, 0x07), BAD },
	{ "15 prefixes", BYTES(0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0xf0,
			       0xf0, 0xf0, 0xf0, 0xf0, 0xf0, 0x87), BAD },
	{ "lock mov", BYTES(0xf0, 0x48, 0x89, 0x07), BAD },
	{ "lock movq $imm", BYTES(0xf0, 0x48, 0xc7, 0x07, 0, 0, 0, 0), BAD },
	{ "66: 16-bit", BYTES(0x66, 0x89, 0x07), BAD },
	{ "66 after REX", BYTES(0x48, 0x66, 0x89, 0x07), BAD },
	{ "67: 32-bit addressing", BYTES(0x67, 0x48, 0x89, 0x07), BAD },
	{ "rep", BYTES(0xf3, 0x48, 0x89, 0x07), BAD },
	{ "repne", BYTES(0xf2, 0xf0, 0x48, 0x0f, 0xb1, 0x37), BAD },
	{ "register destination", BYTES(0x48, 0x89, 0xc7), BAD },
	{ "xchg register destination", BYTES(0x48, 0x87, 0xc7), BAD },
	{ "mov load", BYTES(0x48, 0x8b, 0x07), BAD },
	{ "add", BYTES(0xf0, 0x48, 0x01, 0x07), BAD },
	{ "sub $imm", BYTES(0xf0, 0x48, 0x83, 0x2f, 0x01), BAD },
	{ "addb $imm", BYTES(0x80, 0x07, 0x01), BAD },
	{ "cmpq $imm (no write)", BYTES(0x48, 0x83, 0x3f, 0x01), BAD },
	{ "bt (no write)", BYTES(0x48, 0x0f, 0xba, 0x27, 0x05), BAD },
	{ "bt reg (no write)", BYTES(0x48, 0x0f, 0xa3, 0x07), BAD },
	{ "group 8 /0", BYTES(0x48, 0x0f, 0xba, 0x07, 0x05), BAD },
	{ "C7 /1", BYTES(0x48, 0xc7, 0x0f, 0, 0, 0, 0), BAD },
	{ "C6 F8 (xabort)", BYTES(0xc6, 0xf8, 0x00), BAD },
	{ "inc", BYTES(0xf0, 0x48, 0xff, 0x07), BAD },
	{ "xadd", BYTES(0xf0, 0x48, 0x0f, 0xc1, 0x07), BAD },
	{ "cmpxchg16b", BYTES(0xf0, 0x48, 0x0f, 0xc7, 0x0f), BAD },
	{ "movnti", BYTES(0x48, 0x0f, 0xc3, 0x07), BAD },
	{ "VEX", BYTES(0xc5, 0xf9, 0x7f, 0x07), BAD },
	{ "ud2", BYTES(0x0f, 0x0b), BAD },
	{ "only prefixes", BYTES(0xf0, 0x48), BAD },
	{ "8-byte write at +1", BYTES(0x48, 0x89, 0x47, 0x01), BAD },
	{ "4-byte write at +6", BYTES(0x89, 0x47, 0x06), BAD },
	{ "4-byte imm write at +5", BYTES(0xc7, 0x47, 0x05, 0, 0, 0, 0), BAD },
};

static void check_dcase(const struct dcase *c, const struct pte_regs *r)
{
	struct pte_write_insn in;
	int rc = decode_exact(c->bytes, c->n, r, &in);

	CHECKF(rc == c->rc, "%s: rc %d", c->name, rc);
	if (rc || c->rc)
		return;
	CHECKF(in.op == c->op, "%s: op %u", c->name, in.op);
	CHECKF(in.width == c->width, "%s: width %u", c->name, in.width);
	CHECKF(in.len == c->len, "%s: len %u", c->name, in.len);
	CHECKF(in.lock == c->lock, "%s: lock %d", c->name, in.lock);
	CHECKF(in.src_is_reg == c->src_is_reg, "%s: src_is_reg", c->name);
	if (c->src_is_reg) {
		CHECKF(in.src_reg == c->src_reg, "%s: src_reg %u", c->name, in.src_reg);
		CHECKF(in.src_high8 == c->high8, "%s: high8", c->name);
	} else {
		CHECKF(in.imm == c->imm, "%s: imm %#llx", c->name,
		       (unsigned long long)in.imm);
	}
	CHECKF(in.linear == c->linear, "%s: linear %#llx, want %#llx", c->name,
	       (unsigned long long)in.linear, (unsigned long long)c->linear);
}

TEST(pte_decode, table)
{
	struct pte_regs r = table_regs();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dcases); i++)
		check_dcase(&dcases[i], &r);
	test_note("%zu rows", ARRAY_SIZE(dcases));
}

/* Every prefix of a valid instruction is rejected, and nothing beyond is read. */
TEST(pte_decode, truncated)
{
	struct pte_regs r = table_regs();
	struct pte_write_insn in;
	unsigned int n, rows = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dcases); i++) {
		if (dcases[i].rc)
			continue;
		rows++;
		for (n = 0; n < dcases[i].n; n++)
			CHECKF(decode_exact(dcases[i].bytes, n, &r, &in) == -EINVAL,
			       "%s: accepted with %u bytes", dcases[i].name, n);
		/* Trailing bytes change nothing. */
		{
			uint8_t more[32];

			memset(more, 0x90, sizeof(more));
			memcpy(more, dcases[i].bytes, dcases[i].n);
			CHECKF(decode_exact(more, sizeof(more), &r, &in) == 0 &&
			       in.len == dcases[i].len, "%s: with trailing bytes",
			       dcases[i].name);
		}
	}
	test_note("%u valid rows cut at every byte", rows);
}

TEST(pte_decode, bt_register_offsets)
{
	static const struct {
		int64_t off;
		unsigned int width;
		int64_t delta;
	} cases[] = {
		{ 0, 8, 0 }, { 63, 8, 0 }, { 64, 8, 8 }, { -1, 8, -8 }, { -64, 8, -8 },
		{ -65, 8, -16 }, { 0, 4, 0 }, { 31, 4, 0 }, { 32, 4, 4 }, { -1, 4, -4 },
		{ -33, 4, -8 }, { INT64_MIN, 8, INT64_MIN / 64 * 8 },
		{ INT64_MAX, 8, INT64_MAX / 64 * 8 },
		/* 32-bit offsets come from the low half only */
		{ 0x100000020LL, 4, 4 }, { 0xffffffffLL, 4, -4 },
	};
	static const uint8_t btsq[] = { 0xf0, 0x48, 0x0f, 0xab, 0x0f };	/* rcx, (rdi) */
	static const uint8_t btsl[] = { 0xf0, 0x0f, 0xab, 0x0f };
	struct pte_regs r = table_regs();
	struct pte_write_insn in;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		r.gpr[PTE_RCX] = (uint64_t)cases[i].off;
		if (cases[i].width == 8)
			CHECK(decode_exact(btsq, sizeof(btsq), &r, &in) == 0);
		else
			CHECK(decode_exact(btsl, sizeof(btsl), &r, &in) == 0);
		CHECKF(in.linear == R(7) + (uint64_t)cases[i].delta,
		       "row %zu: linear %#llx", i, (unsigned long long)in.linear);
	}

	/* btsl %ecx,2(%rdi): fine at +2, but offset 32 moves it to +6. */
	{
		static const uint8_t at2[] = { 0x0f, 0xab, 0x4f, 0x02 };

		r.gpr[PTE_RCX] = 31;
		CHECK(decode_exact(at2, sizeof(at2), &r, &in) == 0 && in.linear == R(7) + 2);
		r.gpr[PTE_RCX] = 32;
		CHECK(decode_exact(at2, sizeof(at2), &r, &in) == -EINVAL);
	}
}

TEST(pte_decode, prefix_limit)
{
	struct pte_regs r = table_regs();
	struct pte_write_insn in;
	uint8_t buf[40];
	unsigned int n;

	/* n prefixes + REX.W 89 07: decodes while the total fits in 15 bytes. */
	for (n = 0; n <= 20; n++) {
		memset(buf, n % 2 ? 0x2e : 0x3e, n);
		buf[n] = 0x48;
		buf[n + 1] = 0x89;
		buf[n + 2] = 0x07;
		CHECKF((decode_exact(buf, n + 3, &r, &in) == 0) == (n + 3 <= 15),
		       "%u prefixes", n);
	}
	/* A buffer of prefixes only, as long as it is. */
	memset(buf, 0xf0, sizeof(buf));
	for (n = 0; n <= sizeof(buf); n++)
		CHECK(decode_exact(buf, n, &r, &in) == -EINVAL);
	memset(buf, 0x40, sizeof(buf));
	CHECK(decode_exact(buf, sizeof(buf), &r, &in) == -EINVAL);
	CHECK(pte_decode(NULL, 0, &r, 0, 0, &in) == -EINVAL);
}

static bool same_insn(const struct pte_write_insn *a, const struct pte_write_insn *b)
{
	return a->op == b->op && a->width == b->width && a->lock == b->lock &&
	       a->len == b->len && a->src_is_reg == b->src_is_reg &&
	       a->src_reg == b->src_reg && a->src_high8 == b->src_high8 &&
	       a->imm == b->imm && a->linear == b->linear;
}

/* Random bytes: no crash or overread; what decodes is self-consistent. */
TEST(pte_decode, garbage)
{
	uint64_t rs = test_seed();
	unsigned int iter, ok = 0, bad = 0;
	struct pte_regs r = table_regs();

	for (iter = 0; iter < 200000; iter++) {
		uint8_t buf[20];
		struct pte_write_insn in, again;
		size_t n = test_rand(&rs) % sizeof(buf), k;
		uint64_t new_val, upd, old = test_rand(&rs);
		struct pte_regs out;

		for (k = 0; k < n; k++) {
			uint64_t x = test_rand(&rs);

			/* Bias towards the interesting opcodes and prefixes. */
			static const uint8_t hot[] = {
				0xf0, 0x48, 0x4c, 0x41, 0x64, 0x65, 0x0f, 0x89, 0x87,
				0xb1, 0xba, 0x80, 0x81, 0x83, 0x21, 0x09, 0xc7, 0x04,
				0x05, 0x25, 0x24, 0x66, 0x3e,
			};
			buf[k] = x % 3 ? hot[(x >> 8) % sizeof(hot)] : (uint8_t)(x >> 16);
		}
		r.gpr[test_rand(&rs) % 16] = test_rand(&rs);
		if (decode_exact(buf, n, &r, &in))
			continue;
		ok++;
		if (in.len < 2 || in.len > n || in.len > PTE_INSN_MAX ||
		    (in.linear & 7) + in.width > 8)
			bad++;
		if (decode_exact(buf, in.len, &r, &again) || !same_insn(&in, &again) ||
		    decode_exact(buf, in.len - 1, &r, &again) != -EINVAL)
			bad++;
		if (pte_apply(&in, old, &r, &new_val, &upd, &out) ||
		    out.rip != r.rip + in.len || !(upd & PTE_UPD_RIP))
			bad++;
	}
	CHECK_EQ(bad, 0);
	test_note("%u of 200000 random buffers decoded", ok);
	CHECK(ok > 1000);
}

/* ---- pte_apply ---- */

#define RDI0	0xffff888000123000ULL
#define FL_IN	(0x202 | PTE_FL_CF | PTE_FL_AF | PTE_FL_OF)
#define UPD(x)	(PTE_UPD_RIP | (x))
#define GPR(n)	PTE_UPD_GPR(n)

struct acase {
	const char *name;
	uint8_t bytes[16];
	unsigned int n;
	uint64_t rax;
	unsigned int src;		/* register given srcval (rdi is the base) */
	uint64_t srcval, old, new, upd;
	unsigned int out_reg;		/* a register to check afterwards */
	uint64_t out_val, rflags;
};

static const struct acase acases[] = {
	{ "movq %rsi,(%rdi)", BYTES(0x48, 0x89, 0x37), 0, PTE_RSI,
	  0x8000000012345067ULL, 0x1111, 0x8000000012345067ULL, UPD(0),
	  PTE_RSI, 0x8000000012345067ULL, FL_IN },
	{ "movl %esi,(%rdi): low half", BYTES(0x89, 0x37), 0, PTE_RSI,
	  0x123456789abcdef0ULL, 0xaaaaaaaabbbbbbbbULL, 0xaaaaaaaa9abcdef0ULL, UPD(0),
	  PTE_RSI, 0x123456789abcdef0ULL, FL_IN },
	{ "movl %esi,4(%rdi): high half", BYTES(0x89, 0x77, 0x04), 0, PTE_RSI,
	  0x123456789abcdef0ULL, 0xaaaaaaaabbbbbbbbULL, 0x9abcdef0bbbbbbbbULL, UPD(0),
	  PTE_RSI, 0x123456789abcdef0ULL, FL_IN },
	{ "movl %esi,2(%rdi): middle", BYTES(0x89, 0x77, 0x02), 0, PTE_RSI,
	  0x11223344, 0xaaaaaaaabbbbbbbbULL, 0xaaaa11223344bbbbULL, UPD(0),
	  PTE_RSI, 0x11223344, FL_IN },
	{ "movq $0,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0, 0, 0, 0), 0, PTE_RSI, 0,
	  0x8000000012345067ULL, 0, UPD(0), PTE_RSI, 0, FL_IN },
	{ "movq $-2,(%rdi)", BYTES(0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff), 0, PTE_RSI, 0,
	  0, 0xfffffffffffffffeULL, UPD(0), PTE_RSI, 0, FL_IN },
	{ "movb $0x5a,3(%rdi)", BYTES(0xc6, 0x47, 0x03, 0x5a), 0, PTE_RSI, 0,
	  0x1122334455667788ULL, 0x112233445a667788ULL, UPD(0), PTE_RSI, 0, FL_IN },
	{ "mov %ah,7(%rdi)", BYTES(0x88, 0x67, 0x07), 0xabcd, PTE_RSI, 0,
	  0x1122334455667788ULL, 0xab22334455667788ULL, UPD(0), PTE_RAX, 0xabcd, FL_IN },

	{ "xchg %rsi,(%rdi)", BYTES(0x48, 0x87, 0x37), 0, PTE_RSI,
	  0, 0x8000000012345067ULL, 0, UPD(GPR(PTE_RSI)),
	  PTE_RSI, 0x8000000012345067ULL, FL_IN },
	{ "xchg %esi,4(%rdi): zero-extends", BYTES(0x87, 0x77, 0x04), 0, PTE_RSI,
	  0xffffffff00000005ULL, 0x8000000712345067ULL, 0x0000000512345067ULL,
	  UPD(GPR(PTE_RSI)), PTE_RSI, 0x80000007ULL, FL_IN },
	{ "xchg %ah,(%rdi): bits 8-15 only", BYTES(0x86, 0x27),
	  0x1122334455667788ULL, PTE_RSI, 0, 0xaaaaaaaaaaaaaa01ULL,
	  0xaaaaaaaaaaaaaa77ULL, UPD(GPR(PTE_RAX)), PTE_RAX, 0x1122334455660188ULL, FL_IN },
	{ "xchg %sil,6(%rdi): bits 0-7 only", BYTES(0x40, 0x86, 0x77, 0x06), 0, PTE_RSI,
	  0xffffffffffffff42ULL, 0x0011223344556677ULL, 0x0042223344556677ULL,
	  UPD(GPR(PTE_RSI)), PTE_RSI, 0xffffffffffffff11ULL, FL_IN },

	{ "cmpxchg success", BYTES(0xf0, 0x48, 0x0f, 0xb1, 0x37),
	  0x8000000012345067ULL, PTE_RSI, 0x8000000012345065ULL,
	  0x8000000012345067ULL, 0x8000000012345065ULL, UPD(PTE_UPD_RFLAGS),
	  PTE_RAX, 0x8000000012345067ULL, 0x202 | PTE_FL_ZF | PTE_FL_PF },
	{ "cmpxchg failure", BYTES(0xf0, 0x48, 0x0f, 0xb1, 0x37),
	  0x8000000012345067ULL, PTE_RSI, 0x5,
	  0x8000000012345027ULL, 0x8000000012345027ULL,
	  UPD(PTE_UPD_RFLAGS | GPR(PTE_RAX)), PTE_RAX, 0x8000000012345027ULL,
	  0x202 },	/* 0x67 - 0x27 = 0x40: one bit, no borrow */
	{ "cmpxchg failure, borrow", BYTES(0xf0, 0x48, 0x0f, 0xb1, 0x37),
	  1, PTE_RSI, 0x5, 2, 2, UPD(PTE_UPD_RFLAGS | GPR(PTE_RAX)), PTE_RAX, 2,
	  0x202 | PTE_FL_CF | PTE_FL_SF | PTE_FL_AF | PTE_FL_PF },
	{ "cmpxchgl failure: rax zero-extended", BYTES(0xf0, 0x0f, 0xb1, 0x77, 0x04),
	  0xffffffff00000001ULL, PTE_RSI, 0x5, 0x8000000012345067ULL,
	  0x8000000012345067ULL, UPD(PTE_UPD_RFLAGS | GPR(PTE_RAX)), PTE_RAX,
	  0x80000000ULL, 0x202 | PTE_FL_CF | PTE_FL_SF | PTE_FL_OF },
	{ "cmpxchgl success: rax kept whole", BYTES(0xf0, 0x0f, 0xb1, 0x77, 0x04),
	  0xdeadbeef80000000ULL, PTE_RSI, 0xffffffff00000009ULL, 0x8000000012345067ULL,
	  0x0000000912345067ULL, UPD(PTE_UPD_RFLAGS), PTE_RAX, 0xdeadbeef80000000ULL,
	  0x202 | PTE_FL_ZF | PTE_FL_PF },
	{ "cmpxchgb failure: al only", BYTES(0xf0, 0x0f, 0xb0, 0x37),
	  0x1122334455667700ULL, PTE_RSI, 0x5, 0x80, 0x80,
	  UPD(PTE_UPD_RFLAGS | GPR(PTE_RAX)), PTE_RAX, 0x1122334455667780ULL,
	  0x202 | PTE_FL_CF | PTE_FL_SF | PTE_FL_OF },

	{ "lock andb $0xfd,(%rdi)", BYTES(0xf0, 0x80, 0x27, 0xfd), 0, PTE_RSI, 0,
	  0x8000000012345067ULL, 0x8000000012345065ULL, UPD(PTE_UPD_RFLAGS),
	  PTE_RSI, 0, 0x202 | PTE_FL_PF },
	{ "lock andq $0,(%rdi)", BYTES(0xf0, 0x48, 0x83, 0x27, 0x00), 0, PTE_RSI, 0,
	  0x8000000012345067ULL, 0, UPD(PTE_UPD_RFLAGS),
	  PTE_RSI, 0, 0x202 | PTE_FL_ZF | PTE_FL_PF },
	{ "lock orq %rsi,(%rdi)", BYTES(0xf0, 0x48, 0x09, 0x37), 0, PTE_RSI,
	  0x8000000000000000ULL, 0x12345067ULL, 0x8000000012345067ULL,
	  UPD(PTE_UPD_RFLAGS), PTE_RSI, 0x8000000000000000ULL,
	  0x202 | PTE_FL_SF },
	{ "xorl $1,4(%rdi)", BYTES(0x83, 0x77, 0x04, 0x01), 0, PTE_RSI, 0,
	  0x0000000112345067ULL, 0x12345067ULL, UPD(PTE_UPD_RFLAGS),
	  PTE_RSI, 0, 0x202 | PTE_FL_ZF | PTE_FL_PF },

	{ "lock btrq $5,(%rdi): was set", BYTES(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05),
	  0, PTE_RSI, 0, 0x8000000012345067ULL, 0x8000000012345047ULL,
	  UPD(PTE_UPD_RFLAGS), PTE_RSI, 0, FL_IN },
	{ "lock btrq $5,(%rdi): was clear", BYTES(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05),
	  0, PTE_RSI, 0, 0x47, 0x47, UPD(PTE_UPD_RFLAGS), PTE_RSI, 0,
	  FL_IN & ~PTE_FL_CF },
	{ "lock btsl $33,4(%rdi)", BYTES(0xf0, 0x0f, 0xba, 0x6f, 0x04, 0x21),
	  0, PTE_RSI, 0, 0x12345067ULL, 0x0000000212345067ULL, UPD(PTE_UPD_RFLAGS),
	  PTE_RSI, 0, FL_IN & ~PTE_FL_CF },
	{ "btcq %rsi,8(%rdi) with rsi = -1: bit 63 of (%rdi)",
	  BYTES(0x48, 0x0f, 0xbb, 0x77, 0x08), 0, PTE_RSI, ~0ULL,
	  0x8000000012345067ULL, 0x12345067ULL, UPD(PTE_UPD_RFLAGS),
	  PTE_RSI, ~0ULL, FL_IN },
};

TEST(pte_apply, table)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(acases); i++) {
		const struct acase *c = &acases[i];
		struct pte_regs r = table_regs(), out;
		struct pte_write_insn in;
		uint64_t new_val = 0, upd = 0;
		unsigned int k;

		r.gpr[PTE_RDI] = RDI0;
		r.gpr[PTE_RAX] = c->rax;
		if (c->src != PTE_RAX)
			r.gpr[c->src] = c->srcval;
		r.rflags = FL_IN;
		if (decode_exact(c->bytes, c->n, &r, &in)) {
			CHECKF(0, "%s: does not decode", c->name);
			continue;
		}
		CHECKF((in.linear & ~7ULL) == RDI0, "%s: entry %#llx", c->name,
		       (unsigned long long)in.linear);
		CHECKF(pte_apply(&in, c->old, &r, &new_val, &upd, &out) == 0, "%s", c->name);
		CHECKF(new_val == c->new, "%s: new %#llx", c->name,
		       (unsigned long long)new_val);
		CHECKF(upd == c->upd, "%s: mask %#llx", c->name, (unsigned long long)upd);
		CHECKF(out.gpr[c->out_reg] == c->out_val, "%s: gpr[%u] = %#llx", c->name,
		       c->out_reg, (unsigned long long)out.gpr[c->out_reg]);
		CHECKF(out.rflags == c->rflags, "%s: rflags %#llx", c->name,
		       (unsigned long long)out.rflags);
		CHECKF(out.rip == RIP0 + c->n, "%s: rip", c->name);
		for (k = 0; k < 16; k++)
			if (!(upd & PTE_UPD_GPR(k)))
				CHECKF(out.gpr[k] == r.gpr[k], "%s: gpr[%u] changed", c->name, k);
		/* In place: r_out may be r. */
		CHECK(pte_apply(&in, c->old, &r, &new_val, &upd, &r) == 0);
		CHECKF(!memcmp(&r, &out, sizeof(r)), "%s: in place", c->name);
	}
	test_note("%zu rows", ARRAY_SIZE(acases));
}

TEST(pte_apply, rejects_bad_input)
{
	static const uint8_t mov[] = { 0x48, 0x89, 0x37 };
	struct pte_regs r = table_regs(), out;
	struct pte_write_insn good, in;
	uint64_t new_val, upd;

	CHECK(decode_exact(mov, sizeof(mov), &r, &good) == 0);
	CHECK(pte_apply(&good, 0, &r, &new_val, &upd, &out) == 0);
	in = good, in.width = 2;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.width = 16;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.linear += 4;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.op = (enum pte_write_op)99;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.src_reg = 16;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.src_high8 = true;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.width = 1, in.src_high8 = true, in.src_reg = 4;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.op = PW_XCHG, in.src_is_reg = false;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.op = PW_BTS, in.width = 1;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.len = 0;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
	in = good, in.len = 16;
	CHECK(pte_apply(&in, 0, &r, &new_val, &upd, &out) == -EINVAL);
}

/* ---- pte_apply() against the host CPU ---- */

static uint64_t hw_entry;	/* static: never addressed through %rsp */

/*
 * Runs one locked (or plain mov/xchg) op on hw_entry at byte @off with the
 * given rax, source register and arithmetic flags. The asm steps over the
 * red zone before pushing, and addresses memory only through a register.
 */
#define HW(insn)							\
	asm volatile("lea -128(%%rsp), %%rsp\n\t"			\
		     "pushq %[fl]\n\t"					\
		     "popfq\n\t"					\
		     insn "\n\t"					\
		     "pushfq\n\t"					\
		     "popq %[fl]\n\t"					\
		     "lea 128(%%rsp), %%rsp"				\
		     : [fl] "+r"(fl), "+a"(a), [s] "+r"(s)		\
		     : [p] "r"(p)					\
		     : "memory", "cc")

static void hw_run(unsigned int op, unsigned int width, unsigned int off,
		   uint64_t *rax, uint64_t *src, uint64_t *flags)
{
	uint8_t *p = (uint8_t *)&hw_entry + off;
	uint64_t a = *rax, s = *src, fl = *flags;

	switch (op * 16 + width) {
	case PW_MOV * 16 + 1: HW("movb %b[s], (%[p])"); break;
	case PW_MOV * 16 + 4: HW("movl %k[s], (%[p])"); break;
	case PW_MOV * 16 + 8: HW("movq %q[s], (%[p])"); break;
	case PW_XCHG * 16 + 1: HW("xchgb %b[s], (%[p])"); break;
	case PW_XCHG * 16 + 4: HW("xchgl %k[s], (%[p])"); break;
	case PW_XCHG * 16 + 8: HW("xchgq %q[s], (%[p])"); break;
	case PW_CMPXCHG * 16 + 1: HW("lock cmpxchgb %b[s], (%[p])"); break;
	case PW_CMPXCHG * 16 + 4: HW("lock cmpxchgl %k[s], (%[p])"); break;
	case PW_CMPXCHG * 16 + 8: HW("lock cmpxchgq %q[s], (%[p])"); break;
	case PW_AND * 16 + 1: HW("lock andb %b[s], (%[p])"); break;
	case PW_AND * 16 + 4: HW("lock andl %k[s], (%[p])"); break;
	case PW_AND * 16 + 8: HW("lock andq %q[s], (%[p])"); break;
	case PW_OR * 16 + 1: HW("lock orb %b[s], (%[p])"); break;
	case PW_OR * 16 + 4: HW("lock orl %k[s], (%[p])"); break;
	case PW_OR * 16 + 8: HW("lock orq %q[s], (%[p])"); break;
	case PW_XOR * 16 + 1: HW("lock xorb %b[s], (%[p])"); break;
	case PW_XOR * 16 + 4: HW("lock xorl %k[s], (%[p])"); break;
	case PW_XOR * 16 + 8: HW("lock xorq %q[s], (%[p])"); break;
	case PW_BTS * 16 + 4: HW("lock btsl %k[s], (%[p])"); break;
	case PW_BTS * 16 + 8: HW("lock btsq %q[s], (%[p])"); break;
	case PW_BTR * 16 + 4: HW("lock btrl %k[s], (%[p])"); break;
	case PW_BTR * 16 + 8: HW("lock btrq %q[s], (%[p])"); break;
	case PW_BTC * 16 + 4: HW("lock btcl %k[s], (%[p])"); break;
	case PW_BTC * 16 + 8: HW("lock btcq %q[s], (%[p])"); break;
	default: abort();
	}
	*rax = a;
	*src = s;
	*flags = fl;
}

/* The flags each op defines; the others are ours to choose (see the header). */
static uint64_t defined_flags(unsigned int op)
{
	switch (op) {
	case PW_MOV: case PW_XCHG: return 0;
	case PW_CMPXCHG: return PTE_FL_ARITH;
	case PW_AND: case PW_OR: case PW_XOR: return PTE_FL_ARITH & ~PTE_FL_AF;
	default: return PTE_FL_CF;
	}
}

TEST(pte_apply, host_cpu)
{
	uint64_t rs = test_seed();
	unsigned int iter, bad = 0;

	for (iter = 0; iter < 50000; iter++) {
		unsigned int op = (unsigned int)(test_rand(&rs) % (PW_BTC + 1));
		unsigned int width = (unsigned int[]){ 1, 4, 8 }[test_rand(&rs) % 3];
		struct pte_write_insn in = { 0 };
		struct pte_regs r = table_regs(), out;
		uint64_t old = test_rand(&rs), a, s, fl, new_val, upd, mask;
		unsigned int off;

		if (op >= PW_BTS && width == 1)
			width = 8;
		mask = width == 8 ? ~0ULL : (1ULL << (8 * width)) - 1;
		off = (unsigned int)(test_rand(&rs) % (8 / width)) * width;
		a = test_rand(&rs);
		s = test_rand(&rs);
		if (op == PW_CMPXCHG && test_rand(&rs) % 2)	/* make it succeed */
			a = (a & ~mask) | ((old >> (8 * off)) & mask);
		/* Stay inside the operand; a 4-byte offset ignores bits 32-63. */
		if (op >= PW_BTS)
			s = width == 8 ? s & 63 : (s & ~0xffffffffULL) | (s & 31);
		fl = 0x202 | (test_rand(&rs) & PTE_FL_ARITH);

		in.op = op;
		in.width = width;
		in.lock = true;
		in.len = 5;
		in.src_is_reg = true;
		in.src_reg = PTE_RCX;
		in.linear = RDI0 + off;
		r.gpr[PTE_RAX] = a;
		r.gpr[PTE_RCX] = s;
		r.rflags = fl;
		if (pte_apply(&in, old, &r, &new_val, &upd, &out)) {
			bad++;
			continue;
		}
		hw_entry = old;
		hw_run(op, width, off, &a, &s, &fl);
		if (hw_entry != new_val || a != out.gpr[PTE_RAX] || s != out.gpr[PTE_RCX] ||
		    (fl & defined_flags(op)) != (out.rflags & defined_flags(op)) ||
		    (out.rflags & ~PTE_FL_ARITH) != (r.rflags & ~PTE_FL_ARITH)) {
			if (bad++ < 5)
				test_note("op %u width %u off %u old %#llx: cpu %#llx/%#llx/%#llx"
					  "/%#llx, we %#llx/%#llx/%#llx/%#llx", op, width, off,
					  (unsigned long long)old,
					  (unsigned long long)hw_entry, (unsigned long long)a,
					  (unsigned long long)s, (unsigned long long)fl,
					  (unsigned long long)new_val,
					  (unsigned long long)out.gpr[PTE_RAX],
					  (unsigned long long)out.gpr[PTE_RCX],
					  (unsigned long long)out.rflags);
		}
	}
	CHECK_EQ(bad, 0);
}

/* ---- random variants assembled by gas ---- */

enum { M_BASE, M_BASE_INDEX, M_INDEX, M_ABS, M_RIP, M_NR };

struct variant {
	unsigned int op, width, mode, scale, seg;	/* seg: 0, fs, gs, ds */
	bool lock, imm, high8;
	unsigned int src;
	int base, index;	/* -1: none */
	int64_t disp, immval;	/* immval as written */
	unsigned int len;	/* from gas */
};

static const char *const reg64[] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const reg32[] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const reg8[] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const high8[] = { "ah", "ch", "dh", "bh" };
static const char *const mnem[] = {
	"mov", "xchg", "cmpxchg", "and", "or", "xor", "bts", "btr", "btc",
};

static int64_t rand_range(uint64_t *rs, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(test_rand(rs) % (uint64_t)(hi - lo + 1));
}

static void gen_variant(uint64_t *rs, struct variant *v)
{
	memset(v, 0, sizeof(*v));
	v->op = (unsigned int)(test_rand(rs) % (PW_BTC + 1));
	v->width = v->op >= PW_BTS ? (test_rand(rs) % 2 ? 8 : 4) :
		   (unsigned int[]){ 1, 4, 8 }[test_rand(rs) % 3];
	v->imm = v->op != PW_XCHG && v->op != PW_CMPXCHG && test_rand(rs) % 2;
	v->lock = v->op != PW_MOV && test_rand(rs) % 4 != 0;
	v->src = (unsigned int)(test_rand(rs) % 16);
	v->seg = (unsigned int)(test_rand(rs) % 6);
	v->seg = v->seg > 3 ? 0 : v->seg;
	v->mode = (unsigned int)(test_rand(rs) % M_NR);
	v->base = (int)(test_rand(rs) % 16);
	do
		v->index = (int)(test_rand(rs) % 16);
	while (v->index == 4);
	v->scale = 1u << (test_rand(rs) % 4);
	switch (test_rand(rs) % 3) {
	case 0: v->disp = 0; break;
	case 1: v->disp = rand_range(rs, -128, 127); break;
	default: v->disp = rand_range(rs, INT32_MIN, INT32_MAX); break;
	}
	if (v->mode == M_BASE)
		v->index = -1;
	if (v->mode == M_INDEX || v->mode == M_ABS || v->mode == M_RIP)
		v->base = -1;
	if (v->mode == M_ABS || v->mode == M_RIP)
		v->index = -1;
	if (v->mode == M_INDEX || v->mode == M_ABS)
		v->disp &= ~7LL;	/* no register to align them with */

	if (v->op >= PW_BTS)
		v->immval = rand_range(rs, 0, 255);
	else if (v->width == 1)
		v->immval = rand_range(rs, -128, 255);
	else if (v->width == 4 && test_rand(rs) % 2)
		v->immval = rand_range(rs, 0, UINT32_MAX);
	else if (test_rand(rs) % 2)
		v->immval = rand_range(rs, -128, 127);
	else
		v->immval = rand_range(rs, INT32_MIN, INT32_MAX);

	/* ah..bh cannot be encoded together with any REX prefix. */
	v->high8 = v->width == 1 && !v->imm && v->src < 4 && v->base < 8 &&
		   v->index < 8 && test_rand(rs) % 3 == 0;
}

static void print_variant(FILE *f, const struct variant *v)
{
	static const char *const segs[] = { "", "%fs:", "%gs:", "%ds:" };
	const char suffix = v->width == 1 ? 'b' : v->width == 4 ? 'l' : 'q';
	char mem[96];

	if (v->mode == M_RIP)
		snprintf(mem, sizeof(mem), "%s%lld(%%rip)", segs[v->seg], (long long)v->disp);
	else if (v->mode == M_ABS)
		snprintf(mem, sizeof(mem), "%s%lld", segs[v->seg], (long long)v->disp);
	else if (v->mode == M_BASE)
		snprintf(mem, sizeof(mem), "%s%lld(%%%s)", segs[v->seg], (long long)v->disp,
			 reg64[v->base]);
	else
		snprintf(mem, sizeof(mem), "%s%lld(%s%s,%%%s,%u)", segs[v->seg],
			 (long long)v->disp, v->base >= 0 ? "%" : "",
			 v->base >= 0 ? reg64[v->base] : "", reg64[v->index], v->scale);

	fprintf(f, "0:\t%s%s%c ", v->lock ? "lock " : "", mnem[v->op], suffix);
	if (v->imm)
		fprintf(f, "$%lld, ", (long long)v->immval);
	else if (v->high8)
		fprintf(f, "%%%s, ", high8[v->src]);
	else
		fprintf(f, "%%%s, ", (v->width == 1 ? reg8 :
				      v->width == 4 ? reg32 : reg64)[v->src]);
	fprintf(f, "%s\n1:\t.pushsection .lens, \"a\"\n\t.byte 1b - 0b\n\t.popsection\n", mem);
}

/* What the CPU would address, computed from the description. */
static uint64_t ref_linear(const struct variant *v, const struct pte_regs *r,
			   uint64_t fs, uint64_t gs)
{
	uint64_t ea = (uint64_t)v->disp;

	if (v->base >= 0)
		ea += r->gpr[v->base];
	if (v->index >= 0)
		ea += r->gpr[v->index] * v->scale;
	if (v->mode == M_RIP)
		ea += r->rip + v->len;
	if (v->op >= PW_BTS && !v->imm) {
		int64_t bits = v->width * 8;
		int64_t off = v->width == 8 ? (int64_t)r->gpr[v->src] :
			      (int64_t)(int32_t)(uint32_t)r->gpr[v->src];
		int64_t q = off / bits - (off % bits < 0);	/* floor */

		ea += (uint64_t)q * v->width;
	}
	return ea + (v->seg == 1 ? fs : v->seg == 2 ? gs : 0);
}

static uint64_t ref_imm(const struct variant *v)
{
	uint64_t mask = v->width == 8 ? ~0ULL : (1ULL << (8 * v->width)) - 1;

	if (v->op >= PW_BTS)
		return (uint64_t)v->immval & (8 * v->width - 1);
	return (uint64_t)v->immval & mask;
}

static unsigned char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	*size = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

#define NR_VARIANTS	4000

/* Registers for @v: random, then one of them nudged so the write is aligned. */
static void variant_regs(uint64_t *rs, const struct variant *v, struct pte_regs *r,
			 uint64_t *fs, uint64_t *gs)
{
	uint64_t want, delta;
	unsigned int i;

	for (i = 0; i < 16; i++)
		r->gpr[i] = test_rand(rs);
	if (v->op >= PW_BTS && !v->imm && test_rand(rs) % 3)
		r->gpr[v->src] = (uint64_t)rand_range(rs, -300, 300);
	r->rip = test_rand(rs);
	r->rflags = 0x202;
	*fs = test_rand(rs) & ~7ULL;
	*gs = test_rand(rs) & ~7ULL;

	want = (test_rand(rs) % (8 / v->width)) * v->width;
	delta = (want - ref_linear(v, r, *fs, *gs)) & 7;
	if (v->seg == 1)
		*fs += delta;
	else if (v->seg == 2)
		*gs += delta;
	else if (v->mode == M_RIP)
		r->rip += delta;
	else if (v->base >= 0 && v->base != v->index && (v->imm || v->base != (int)v->src))
		r->gpr[v->base] += delta;
	else if (v->index >= 0 && v->scale == 1 && (v->imm || v->index != (int)v->src))
		r->gpr[v->index] += delta;
}

static bool check_variant(const struct variant *v, const uint8_t *bytes, size_t avail,
			  const struct pte_regs *r, uint64_t fs, uint64_t gs, char *why,
			  size_t whylen)
{
	struct pte_write_insn in;
	uint64_t linear = ref_linear(v, r, fs, gs);
	bool fits = (linear & 7) + v->width <= 8;
	uint8_t *copy = malloc(avail);
	int rc;

	memcpy(copy, bytes, avail);
	rc = pte_decode(copy, avail, r, fs, gs, &in);
	free(copy);
	*why = 0;
	if (rc != (fits ? 0 : -EINVAL))
		snprintf(why, whylen, "rc %d", rc);
	else if (!fits)
		return true;
	else if (in.len != v->len)
		snprintf(why, whylen, "len %u, gas %u", in.len, v->len);
	else if (in.op != v->op || in.width != v->width)
		snprintf(why, whylen, "op %u width %u", in.op, in.width);
	else if (in.lock != (v->lock || v->op == PW_XCHG))
		snprintf(why, whylen, "lock %d", in.lock);
	else if (in.linear != linear)
		snprintf(why, whylen, "linear %#llx, want %#llx",
			 (unsigned long long)in.linear, (unsigned long long)linear);
	else if (in.src_is_reg == v->imm)
		snprintf(why, whylen, "src_is_reg %d", in.src_is_reg);
	else if (v->imm && in.imm != ref_imm(v))
		snprintf(why, whylen, "imm %#llx, want %#llx", (unsigned long long)in.imm,
			 (unsigned long long)ref_imm(v));
	else if (!v->imm && (in.src_reg != v->src || in.src_high8 != v->high8))
		snprintf(why, whylen, "src %u high8 %d", in.src_reg, in.src_high8);
	return !*why;
}

TEST(pte_decode, gas_cross_check)
{
	static struct variant vs[NR_VARIANTS];
	char dir[] = "/tmp/pte-gas-XXXXXX", path[256], cmd[1024];
	unsigned char *text = NULL, *lens = NULL;
	size_t text_size = 0, lens_size = 0, off = 0;
	uint64_t rs = test_seed();
	unsigned int i, bad = 0, checked = 0;
	FILE *f;

	if (system("as --version >/dev/null 2>&1 && objcopy --version >/dev/null 2>&1")) {
		test_note("skipped: no as/objcopy on this host");
		return;
	}
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/v.s", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		goto out;
	fprintf(f, "\t.text\n");
	for (i = 0; i < NR_VARIANTS; i++) {
		gen_variant(&rs, &vs[i]);
		print_variant(f, &vs[i]);
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && as --64 -o v.o v.s 2>as.log && "
		 "objcopy -O binary -j .text v.o text.bin && "
		 "objcopy -O binary -j .lens v.o lens.bin", dir);
	if (system(cmd)) {
		snprintf(cmd, sizeof(cmd), "head -n 5 %s/as.log", dir);
		CHECKF(0, "gas failed");
		if (system(cmd))
			test_note("no as.log");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/text.bin", dir);
	text = slurp(path, &text_size);
	snprintf(path, sizeof(path), "%s/lens.bin", dir);
	lens = slurp(path, &lens_size);
	CHECK(text && lens && lens_size == NR_VARIANTS);
	if (!text || !lens || lens_size != NR_VARIANTS)
		goto out;

	for (i = 0; i < NR_VARIANTS; i++) {
		struct variant *v = &vs[i];
		struct pte_regs r;
		uint64_t fs, gs;
		char why[128];
		size_t avail;

		v->len = lens[i];
		if (off + v->len > text_size)
			break;
		variant_regs(&rs, v, &r, &fs, &gs);
		/* Exactly the instruction, then with whatever follows it. */
		avail = text_size - off < 15 ? text_size - off : 15;
		if (!check_variant(v, text + off, v->len, &r, fs, gs, why, sizeof(why)) ||
		    !check_variant(v, text + off, avail, &r, fs, gs, why, sizeof(why))) {
			if (bad++ < 10) {
				f = stdout;
				fprintf(f, "    variant %u: %s:", i, why);
				for (size_t k = 0; k < v->len; k++)
					fprintf(f, " %02x", text[off + k]);
				fprintf(f, "\n    ");
				print_variant(f, v);
			}
		} else if ((ref_linear(v, &r, fs, gs) & 7) + v->width <= 8) {
			checked++;
		}
		off += v->len;
	}
	CHECK_EQ(off, text_size);
	CHECK_EQ(bad, 0);
	CHECKF(checked > NR_VARIANTS * 9 / 10, "only %u fully checked", checked);
	test_note("%u gas-assembled variants, %u decoded and compared field by field",
		  NR_VARIANTS, checked);
out:
	free(text);
	free(lens);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		test_note("could not remove %s", dir);
}
