/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: pte_decode() on the input (all of it available, so the
 * 15-byte limit must hold), with registers taken from bytes 16 onwards;
 * then pte_apply() on what decodes, checking the invariants the #PF
 * handler relies on. Any violation aborts.
 *
 * Seeds: when the corpus directory named on the command line does not
 * exist yet, LLVMFuzzerInitialize() creates it with the forms Linux uses.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/x86-pte-decode.h>
#include "hvlib.h"
#include "fuzz_seeds.h"

#define REGS_AT	16

static const struct fuzz_seed seeds[] = {
	{ "mov", (const uint8_t[]){ 0x48, 0x89, 0x37 }, 3 },
	{ "movl-hi", (const uint8_t[]){ 0x89, 0x77, 0x04 }, 3 },
	{ "movq-imm", (const uint8_t[]){ 0x48, 0xc7, 0x07, 0, 0, 0, 0 }, 7 },
	{ "xchg", (const uint8_t[]){ 0x48, 0x87, 0x07 }, 3 },
	{ "cmpxchg", (const uint8_t[]){ 0xf0, 0x48, 0x0f, 0xb1, 0x37 }, 5 },
	{ "andb", (const uint8_t[]){ 0xf0, 0x80, 0x27, 0xfd }, 4 },
	{ "orq", (const uint8_t[]){ 0xf0, 0x48, 0x09, 0x07 }, 4 },
	{ "btrq-imm", (const uint8_t[]){ 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05 }, 6 },
	{ "btsq-reg", (const uint8_t[]){ 0xf0, 0x48, 0x0f, 0xab, 0x0f }, 5 },
	{ "sib", (const uint8_t[]){ 0x65, 0x4b, 0x89, 0x84, 0xe4, 0x00, 0x01, 0x00, 0x00 }, 9 },
	{ "rip", (const uint8_t[]){ 0x48, 0xc7, 0x05, 0x0d, 0, 0, 0, 0x01, 0, 0, 0 }, 11 },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_write_seeds(*argc, *argv, seeds, sizeof(seeds) / sizeof(seeds[0]));
	return 0;
}

static void check(const uint8_t *buf, size_t size, const struct pte_regs *r,
		  uint64_t fs, uint64_t gs, uint64_t old)
{
	struct pte_write_insn in, again;
	struct pte_regs out;
	uint64_t new_val, upd, mask;
	unsigned int k, shift;

	if (pte_decode(buf, size, r, fs, gs, &in))
		return;
	if (in.len < 2 || in.len > size || in.len > PTE_INSN_MAX ||
	    (in.width != 1 && in.width != 4 && in.width != 8) ||
	    (in.linear & 7) + in.width > 8 || in.op > PW_BTC)
		abort();
	/* The same bytes decode the same, and one fewer does not. */
	if (pte_decode(buf, in.len, r, fs, gs, &again) || again.len != in.len ||
	    again.linear != in.linear || again.op != in.op || again.imm != in.imm ||
	    pte_decode(buf, in.len - 1, r, fs, gs, &again) != -EINVAL)
		abort();

	if (pte_apply(&in, old, r, &new_val, &upd, &out))
		abort();
	shift = (unsigned int)(in.linear & 7) * 8;
	mask = in.width == 8 ? ~0ULL : ((1ULL << (8 * in.width)) - 1) << shift;
	if ((new_val & ~mask) != (old & ~mask) || out.rip != r->rip + in.len ||
	    !(upd & PTE_UPD_RIP))
		abort();
	for (k = 0; k < 16; k++)
		if (!(upd & PTE_UPD_GPR(k)) && out.gpr[k] != r->gpr[k])
			abort();
	if (!(upd & PTE_UPD_RFLAGS) && out.rflags != r->rflags)
		abort();
	if ((out.rflags ^ r->rflags) & ~(uint64_t)PTE_FL_ARITH)
		abort();
	/* A failed cmpxchg stores nothing; a mov never touches flags. */
	if (in.op == PW_CMPXCHG && (upd & PTE_UPD_GPR(PTE_RAX)) && new_val != old)
		abort();
	if (in.op == PW_MOV && upd != PTE_UPD_RIP)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pte_regs r = { .rip = 0xffffffff81000000ULL, .rflags = 0x202 };
	uint64_t fs = 0x7f0000000000ULL, gs = 0xffff888000000000ULL, old = 0;
	uint8_t *buf = malloc(size ? size : 1);
	unsigned int k;

	if (!buf)
		return 0;
	for (k = 0; k < 16; k++)
		r.gpr[k] = (uint64_t)(k + 1) << 12;
	/* Bytes from REGS_AT on, if any: old entry, rip, fs, gs, gpr[]. */
	if (size > REGS_AT) {
		uint64_t words[20] = { 0 };
		size_t n = size - REGS_AT < sizeof(words) ? size - REGS_AT : sizeof(words);

		memcpy(words, data + REGS_AT, n);
		old = words[0];
		r.rip ^= words[1];
		fs ^= words[2];
		gs ^= words[3];
		for (k = 0; k < 16; k++)
			r.gpr[k] ^= words[4 + k];
	}
	memcpy(buf, data, size);
	check(buf, size, &r, fs, gs, old);
	free(buf);
	return 0;
}
