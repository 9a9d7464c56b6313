/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: privop_decode() on the input in each code-segment mode
 * (64-bit, 32-bit, 16-bit) and segdesc_check() on its 8-byte words. Checks
 * the invariants the #GP handler and set_gdt rely on; a violation aborts.
 *
 * Seeds: when the corpus directory named on the command line does not
 * exist yet, LLVMFuzzerInitialize() creates it with typical instructions.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/x86-privop.h>
#include <hv/lib/segdesc.h>
#include "hvlib.h"
#include "fuzz_seeds.h"

static const struct fuzz_seed seeds[] = {
	{ "mov-cr4", (const uint8_t[]){ 0x0f, 0x22, 0xe0 }, 3 },
	{ "wrmsr", (const uint8_t[]){ 0x0f, 0x30 }, 2 },
	{ "rep-outsw", (const uint8_t[]){ 0x66, 0xf3, 0x6f }, 3 },
	{ "rex-mov-dr", (const uint8_t[]){ 0x41, 0x0f, 0x23, 0xc7 }, 4 },
	{ "in-imm", (const uint8_t[]){ 0xe5, 0x71 }, 2 },
	{ "gate", (const uint8_t[]){ 0x00, 0x10, 0x33, 0xe0, 0x00, 0xec, 0x00, 0x80 }, 8 },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_write_seeds(*argc, *argv, seeds, sizeof(seeds) / sizeof(seeds[0]));
	return 0;
}

static void check_decode(const uint8_t *b, size_t n, bool mode64, bool def32)
{
	struct privop_insn in, again;
	int rc = privop_decode(b, n, mode64, def32, &in);

	if (rc == -ENODATA && n >= PRIVOP_INSN_MAX)
		abort();
	if (rc)
		return;
	if (in.kind == PRIVOP_NONE || in.len == 0 || in.len > n || in.len > PRIVOP_INSN_MAX)
		abort();
	if (in.ctl > 15 || in.gpr > 15 || (in.io_size != 1 && in.io_size != 2 && in.io_size != 4) ||
	    (in.addr_size != 2 && in.addr_size != 4 && in.addr_size != 8))
		abort();
	if (!mode64 && (in.ctl > 7 || in.gpr > 7 || in.addr_size == 8))
		abort();
	/* Exactly its own bytes decode the same; one fewer asks for more. */
	if (privop_decode(b, in.len, mode64, def32, &again) || again.kind != in.kind ||
	    again.len != in.len || privop_decode(b, in.len - 1, mode64, def32, &again) != -ENODATA)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	check_decode(buf, size, true, true);
	check_decode(buf, size, false, true);
	check_decode(buf, size, false, false);
	for (size_t i = 0; i + 8 <= size; i += 8) {
		uint64_t d, before;

		memcpy(&d, data + i, 8);
		before = d;
		if (segdesc_check(&d)) {
			uint64_t again = d;

			/* Accepted: present code/data end at DPL 3, gates at DPL 0. */
			if ((d & (1ULL << 47)) && (d & (1ULL << 44)) && ((d >> 45) & 3) != 3)
				abort();
			if (!segdesc_check(&again) || again != d)
				abort();	/* a fixed-up descriptor is a fixed point */
		} else if (d != before) {
			abort();		/* refused: left alone */
		}
	}
	free(buf);
	return 0;
}
