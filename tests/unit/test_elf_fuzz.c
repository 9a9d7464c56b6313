/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Seeded random mutations of valid PV images, for about a second: parse,
 * check and load must never crash or read outside the image (every image
 * is an exact-size heap block, so ASan sees any over-read), and every
 * segment handed to the loader callback must lie inside the image.
 * Reproduce a failure with UNIT_SEED=<seed printed in the note>.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/lib/elf.h>
#include "elfgen.h"
#include "hvlib.h"
#include "runner.h"

#define FUZZ_SECONDS	1.0
#define FUZZ_MAX_ITERS	1000000

struct fuzz_ctx {
	const unsigned char *img;
	size_t size;
	unsigned int sum;	/* touches the bytes so ASan checks them */
	bool bad;
};

static int check_segment(void *ctx, uint64_t va, const void *src,
			 uint64_t filesz, uint64_t memsz)
{
	struct fuzz_ctx *f = ctx;
	const unsigned char *s = src;

	if (filesz > memsz || memsz == 0 || memsz - 1 > UINT64_MAX - va)
		f->bad = true;
	if (filesz) {
		if (!s || s < f->img || (size_t)(s - f->img) > f->size ||
		    filesz > f->size - (size_t)(s - f->img))
			f->bad = true;
		else
			f->sum += s[0] + s[filesz - 1];
	} else if (s) {
		f->bad = true;
	}
	return 0;
}

/* Header, program header and note-size fields worth hitting directly. */
static size_t field_offset(uint64_t r, size_t size)
{
	static const size_t hdr[] = {
		4, 5, 6, EH_TYPE, EH_MACHINE, EH_VERSION, EH_ENTRY, EH_PHOFF,
		EH_SHOFF, EH_PHENTSIZE, EH_PHNUM, EH_SHENTSIZE, EH_SHNUM,
	};
	static const size_t ph[] = { P_TYPE, P_OFFSET, P_VADDR, P_PADDR,
				     P_FILESZ, P_MEMSZ, P_ALIGN };
	size_t off;

	switch (r % 3) {
	case 0:
		off = hdr[(r >> 8) % ARRAY_SIZE(hdr)];
		break;
	case 1:
		off = PH_OFF((r >> 8) % ELFGEN_PHNUM) + ph[(r >> 16) % ARRAY_SIZE(ph)];
		break;
	default: /* somewhere in the notes, 4-aligned: namesz/descsz/type */
		off = ELFGEN_NOTES_OFF + ((r >> 8) % 512) * 4;
		break;
	}
	return off < size ? off : 0;
}

static uint64_t interesting(uint64_t r, size_t size)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 12, 16, 0x7f, 0x80, 0xff, 0xffff, 0x10000,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xfffffffffffff000ULL, 0xffffffffffffffffULL,
		0xffff800000000000ULL, 0xffffffff80000000ULL,
	};
	uint64_t pick = r % (ARRAY_SIZE(v) + 3);

	if (pick < ARRAY_SIZE(v))
		return v[pick];
	return size + pick - ARRAY_SIZE(v) - 1;	/* size - 1, size, size + 1 */
}

static void mutate(unsigned char *img, size_t size, uint64_t *rs)
{
	uint64_t r = test_rand(rs), r2 = test_rand(rs);
	size_t off, width;

	if (!size)
		return;
	switch (r % 4) {
	case 0:
		img[r2 % size] = (unsigned char)(r >> 8);
		break;
	case 1:
		img[r2 % size] ^= (unsigned char)(1u << ((r >> 8) % 8));
		break;
	default:
		width = (size_t)1 << (1 + (r >> 8) % 3);	/* 2, 4, 8 bytes */
		off = field_offset(r2, size);
		if (off + width <= size) {
			uint64_t v = interesting(r >> 16, size);
			size_t i;

			for (i = 0; i < width; i++)
				img[off + i] = (unsigned char)(v >> (8 * i));
		}
		break;
	}
}

TEST(elf, fuzz_mutations)
{
	struct notebuf nb8;
	struct {
		unsigned char *img;
		size_t size;
	} bases[3];
	uint64_t seed = test_seed(), rs = seed;
	unsigned long iters = 0, parsed = 0, checked = 0;
	double deadline = test_now() + FUZZ_SECONDS;
	size_t b;

	nb_init(&nb8);
	nb8.align = 8;
	nb_linux(&nb8);
	bases[0].img = elfgen_build(&(struct elfgen){ 0 }, &bases[0].size);
	bases[1].img = elfgen_build(&(struct elfgen){ .no_pt_note = true },
				    &bases[1].size);
	bases[2].img = elfgen_build(&(struct elfgen){ .notes = &nb8 },
				    &bases[2].size);

	while (iters < FUZZ_MAX_ITERS && ((iters & 255) || test_now() < deadline)) {
		uint64_t r = test_rand(&rs);
		size_t which = r % 3, size = bases[which].size;
		unsigned int n, nmut = 1 + (unsigned int)((r >> 8) % 8);
		struct elf_xen_info info;
		struct fuzz_ctx f;
		unsigned char *img;
		const char *why;

		if ((r >> 16) % 8 == 0)
			size = (size_t)(test_rand(&rs) % (size + 1));
		img = malloc(size ? size : 1);
		memcpy(img, bases[which].img, size);
		for (n = 0; n < nmut; n++)
			mutate(img, size, &rs);

		(void)elf64_check(img, size, &why);
		if (elf_xen_parse(img, size, &info, &why) == 0) {
			parsed++;
			if (elf_xen_check_pv64_dom0(&info, 1, &why) == 0)
				checked++;
			f = (struct fuzz_ctx){ .img = img, .size = size };
			(void)elf_load(img, size, &info, check_segment, &f);
			CHECKF(!f.bad, "bad segment handed to the loader (seed %#llx, iteration %lu)",
			       (unsigned long long)seed, iters);
		} else {
			CHECKF(why != NULL, "failure without a reason (seed %#llx, iteration %lu)",
			       (unsigned long long)seed, iters);
		}
		free(img);
		iters++;
	}
	test_note("seed %#llx: %lu images, %lu parsed, %lu passed the dom0 check",
		  (unsigned long long)seed, iters, parsed, checked);
	CHECK(parsed > 0 && parsed < iters);

	for (b = 0; b < ARRAY_SIZE(bases); b++)
		free(bases[b].img);
	nb_free(&nb8);
}
