// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypervisor/lib/x86-privop.c: a table of encodings with the decoded
 * kind, length and operands; truncated input asks for more bytes; what is
 * not ours (lock, other opcodes, over-long prefixes) is refused.
 */
#include <string.h>
#include <hv/lib/x86-privop.h>
#include "hvlib.h"
#include "runner.h"

struct row {
	const char *bytes;
	size_t n;
	bool mode64, def32;
	int rc;
	enum privop_kind kind;
	uint8_t len, ctl, gpr, io_size, addr_size;
};

#define R64(b, k, l, ...) { b, sizeof(b) - 1, true, true, 0, k, l, __VA_ARGS__ }

TEST(privop, table)
{
	static const struct row rows[] = {
		R64("\x0f\x20\xc0", PRIVOP_MOV_FROM_CR, 3, 0, 0, 4, 8),	/* mov %cr0,%rax */
		R64("\x0f\x20\xd9", PRIVOP_MOV_FROM_CR, 3, 3, 1, 4, 8),	/* mov %cr3,%rcx */
		R64("\x41\x0f\x22\xe7", PRIVOP_MOV_TO_CR, 4, 4, 15, 4, 8), /* mov %r15,%cr4 */
		R64("\x44\x0f\x20\xc0", PRIVOP_MOV_FROM_CR, 4, 8, 0, 4, 8), /* mov %cr8,%rax */
		R64("\x0f\x20\x00", PRIVOP_MOV_FROM_CR, 3, 0, 0, 4, 8),	/* mod ignored */
		R64("\x0f\x21\xf8", PRIVOP_MOV_FROM_DR, 3, 7, 0, 4, 8),	/* mov %dr7,%rax */
		R64("\x0f\x23\xc3", PRIVOP_MOV_TO_DR, 3, 0, 3, 4, 8),	/* mov %rbx,%dr0 */
		R64("\x0f\x06", PRIVOP_CLTS, 2, 0, 0, 4, 8),
		R64("\x0f\x09", PRIVOP_WBINVD, 2, 0, 0, 4, 8),
		R64("\x0f\x30", PRIVOP_WRMSR, 2, 0, 0, 4, 8),
		R64("\x0f\x32", PRIVOP_RDMSR, 2, 0, 0, 4, 8),
		R64("\x0f\x31", PRIVOP_RDTSC, 2, 0, 0, 4, 8),
		R64("\x0f\xa2", PRIVOP_CPUID, 2, 0, 0, 4, 8),
		R64("\x0f\x01\xd1", PRIVOP_XSETBV, 3, 0, 0, 4, 8),
		R64("\x0f\x01\xf9", PRIVOP_RDTSCP, 3, 0, 0, 4, 8),
		R64("\xfa", PRIVOP_CLI, 1, 0, 0, 4, 8),
		R64("\xfb", PRIVOP_STI, 1, 0, 0, 4, 8),
		R64("\xe4\x21", PRIVOP_IN, 2, 0, 0, 1, 8),		/* in $0x21,%al */
		R64("\x66\xe5\x60", PRIVOP_IN, 3, 0, 0, 2, 8),		/* in $0x60,%ax */
		R64("\xe7\x80", PRIVOP_OUT, 2, 0, 0, 4, 8),		/* out %eax,$0x80 */
		R64("\xec", PRIVOP_IN, 1, 0, 0, 1, 8),			/* in (%dx),%al */
		R64("\x48\xed", PRIVOP_IN, 2, 0, 0, 4, 8),		/* REX.W: still 32 */
		R64("\xee", PRIVOP_OUT, 1, 0, 0, 1, 8),
		R64("\xf3\x6c", PRIVOP_INS, 2, 0, 0, 1, 8),		/* rep insb */
		R64("\x67\xf3\x66\x6d", PRIVOP_INS, 4, 0, 0, 2, 4),	/* rep insw, addr32 */
		R64("\x64\xf3\x6e", PRIVOP_OUTS, 3, 0, 0, 1, 8),	/* rep outsb %fs: */
		R64("\x6f", PRIVOP_OUTS, 1, 0, 0, 4, 8),
		{ "\xed", 1, false, true, 0, PRIVOP_IN, 1, 0, 0, 4, 4 },	/* 32-bit code */
		{ "\xed", 1, false, false, 0, PRIVOP_IN, 1, 0, 0, 2, 2 },	/* 16-bit code */
		{ "\x66\xed", 2, false, false, 0, PRIVOP_IN, 2, 0, 0, 4, 2 },
		{ "\x41\x0f\x20\xc0", 4, false, true, -EINVAL, 0, 0, 0, 0, 0, 0 }, /* inc %ecx */
		{ "\xf0\x0f\x20\xc0", 4, true, true, -EINVAL, 0, 0, 0, 0, 0, 0 },  /* lock */
		{ "\xf4", 1, true, true, -EINVAL, 0, 0, 0, 0, 0, 0 },		/* hlt */
		{ "\x0f\x01\x10", 3, true, true, -EINVAL, 0, 0, 0, 0, 0, 0 },	/* lgdt */
		{ "\x0f\x00\xd0", 3, true, true, -EINVAL, 0, 0, 0, 0, 0, 0 },	/* lldt */
		{ "\x0f", 1, true, true, -ENODATA, 0, 0, 0, 0, 0, 0 },
		{ "\x0f\x20", 2, true, true, -ENODATA, 0, 0, 0, 0, 0, 0 },
		{ "\x66\x66", 2, true, true, -ENODATA, 0, 0, 0, 0, 0, 0 },
		{ "\xe4", 1, true, true, -ENODATA, 0, 0, 0, 0, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];
		struct privop_insn in;
		int rc = privop_decode((const uint8_t *)r->bytes, r->n, r->mode64, r->def32, &in);

		CHECKF(rc == r->rc, "row %zu: rc %d want %d", i, rc, r->rc);
		if (rc || r->rc)
			continue;
		CHECKF(in.kind == r->kind, "row %zu: kind %d want %d", i, in.kind, r->kind);
		CHECKF(in.len == r->len, "row %zu: len %u want %u", i, in.len, r->len);
		if (r->kind >= PRIVOP_MOV_FROM_CR && r->kind <= PRIVOP_MOV_TO_DR)
			CHECKF(in.ctl == r->ctl && in.gpr == r->gpr, "row %zu: ctl %u gpr %u", i,
			       in.ctl, in.gpr);
		if (r->kind >= PRIVOP_IN)
			CHECKF(in.io_size == r->io_size && in.addr_size == r->addr_size,
			       "row %zu: io %u addr %u", i, in.io_size, in.addr_size);
	}
}

TEST(privop, operands)
{
	struct privop_insn in;

	CHECK(privop_decode((const uint8_t *)"\xe6\x70", 2, true, true, &in) == 0);
	CHECK(in.port_imm && in.port == 0x70 && in.kind == PRIVOP_OUT);
	CHECK(privop_decode((const uint8_t *)"\xef", 1, true, true, &in) == 0);
	CHECK(!in.port_imm && !in.rep && in.seg == PRIVOP_DS);
	CHECK(privop_decode((const uint8_t *)"\x26\xf2\x6e", 3, true, true, &in) == 0);
	CHECK(in.rep && in.seg == PRIVOP_ES);
	/* A REX before a legacy prefix does not count. */
	CHECK(privop_decode((const uint8_t *)"\x44\x66\x0f\x20\xc0", 5, true, true, &in) == 0);
	CHECK(in.ctl == 0);
}

TEST(privop, length_limit)
{
	uint8_t b[20];

	memset(b, 0x66, sizeof(b));
	b[14] = 0xec;
	{
		struct privop_insn in;

		CHECK(privop_decode(b, 15, true, true, &in) == 0 && in.len == 15);
		b[14] = 0x66;
		b[15] = 0xec;
		CHECK(privop_decode(b, sizeof(b), true, true, &in) == -EINVAL);
	}
}
