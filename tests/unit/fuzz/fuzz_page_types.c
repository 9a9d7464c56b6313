/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the page-type state machine (page-ref.c, pt-validate.c,
 * domheap.c, page_alloc.c, all unchanged) on the model machine of
 * pt_model.h. Input byte 0 bit 0: the domain is privileged; then
 * PTM_OP_BYTES bytes per operation (see ptm_decode()). After each
 * operation ptm_check() recounts every frame's references; a violation
 * prints the operations so far, as unit-test calls, and aborts. A BUG_ON
 * in the hypervisor code aborts too.
 *
 * One translation unit: the hypervisor files and the model are included
 * here (the fuzz build links only the lib). C library headers come first,
 * before any hypervisor header defines its macros.
 *
 * Seeds: when the corpus directory named on the command line does not
 * exist yet, LLVMFuzzerInitialize() creates it with a few sequences.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib-rename.h"
#include "hv_directmap.h"
#include "../../../hypervisor/common/memory/page_alloc.c"
#include "lib-unrename.h"
#include "../hv_mm.c"
#include "../pt_model.c"
#include "fuzz_seeds.h"

void bug_at(const char *file, int line, const char *what)
{
	fprintf(stderr, "BUG in the hypervisor code: %s at %s:%d\n", what, file, line);
	abort();
}

static void print_trace(const uint8_t *data, size_t size, size_t upto)
{
	struct ptm_op op;
	char line[160];

	fprintf(stderr, "ptm_init(%s);\n", data[0] & 1 ? "true" : "false");
	for (size_t off = 1; off + PTM_OP_BYTES <= size && off <= upto; off += PTM_OP_BYTES) {
		ptm_decode(data + off, size - off, &op);
		ptm_format(&op, line, sizeof(line));
		fprintf(stderr, "%s;\n", line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ptm_op op;
	const char *why;

	if (size < 1)
		return 0;
	ptm_init(data[0] & 1);
	for (size_t off = 1; ptm_decode(data + off, size - off, &op); off += PTM_OP_BYTES) {
		ptm_apply(&op);
		why = ptm_check();
		if (why) {
			fprintf(stderr, "page-type invariant broken: %s\n", why);
			print_trace(data, size, off);
			abort();
		}
	}
	return 0;
}

/* Operation bytes: code|flags, frame, slot/arg, target frame, entry flags. */
#define W(f, s, t, fl)   0x00, f, s, t, fl
#define PIN(f, lvl)      0x01, f, (lvl) - 1, 0, 0
#define UNPIN(f)         0x02, f, 0, 0, 0
#define MAP(t, fl)       0x03, 0, 0, t, fl
#define HOLD(f, ty)      0x04, f, ty, 0, 0
#define DROP(i)          0x05, 0, i, 0, 0
#define RELEASE(f)       0x06, f, 0, 0, 0
#define ALLOC()          0x07, 0, 0, 0, 0

static const uint8_t seed_tree[] = {
	0, W(4, 0, 5, 3), W(3, 0, 4, 3), W(2, 0, 3, 3), W(1, 0, 2, 3),
	PIN(1, 4), MAP(4, 3), MAP(4, 1), W(3, 1, 6, 1), W(4, 1, 1, 1), UNPIN(1),
};
static const uint8_t seed_release[] = {
	0, W(4, 0, 5, 3), PIN(4, 1), RELEASE(5), W(4, 0, 0, 0), ALLOC(),
	RELEASE(4), UNPIN(4), ALLOC(),
};
static const uint8_t seed_hold[] = {
	1, MAP(74, 3), MAP(71, 3), HOLD(7, 5), HOLD(6, 0), DROP(1), HOLD(1, 4),
	W(1, 9, 2, 3), W(1, 1, 2, 3), DROP(0), DROP(0),
};
static const uint8_t seed_foreign[] = {
	1, W(4, 0, 71, 3), PIN(4, 1), 0x10, 4, 1, 64, 3, W(3, 0, 4, 1), PIN(3, 2),
	UNPIN(4), UNPIN(3),
};

static const struct fuzz_seed seeds[] = {
	{ "tree", seed_tree, sizeof(seed_tree) },
	{ "release", seed_release, sizeof(seed_release) },
	{ "hold", seed_hold, sizeof(seed_hold) },
	{ "foreign", seed_foreign, sizeof(seed_foreign) },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_write_seeds(*argc, *argv, seeds, sizeof(seeds) / sizeof(seeds[0]));
	return 0;
}
