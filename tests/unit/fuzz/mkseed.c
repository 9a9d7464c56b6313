/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writes the fuzz seed corpora under argv[1]: <dir>/fuzz_elf/ gets PV
 * images from elfgen, the others a few typical inputs. Generated at build
 * time so that no binary is kept in the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "elfgen.h"

static void put(const char *dir, const char *target, const char *name,
		const void *data, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void put_str(const char *dir, const char *target, const char *name,
		    const char *s)
{
	put(dir, target, name, s, strlen(s));
}

int main(int argc, char **argv)
{
	struct notebuf nb;
	unsigned char *img, mb[72];
	size_t size;

	if (argc != 2) {
		fprintf(stderr, "usage: mkseed <corpus dir>\n");
		return 2;
	}
	img = elfgen_build(&(struct elfgen){ 0 }, &size);
	put(argv[1], "fuzz_elf", "linux", img, size);
	free(img);
	img = elfgen_build(&(struct elfgen){ .no_pt_note = true }, &size);
	put(argv[1], "fuzz_elf", "sections", img, size);
	free(img);
	nb_init(&nb);
	nb.align = 8;
	nb_linux(&nb);
	img = elfgen_build(&(struct elfgen){ .notes = &nb, .no_sections = true }, &size);
	put(argv[1], "fuzz_elf", "align8", img, size);
	free(img);
	nb_free(&nb);

	put_str(argv[1], "fuzz_cmdline", "basic",
		"flag u8=7 no-flag mem=64M str=abc dom0_mem=1G,max:2G -- console=hvc0");
	put_str(argv[1], "fuzz_cmdline", "dom0_mem", "min:512M,-1G+10%");

	/* Multiboot1: three entries. */
	memset(mb, 0, sizeof(mb));
	put32(mb, 0, 20);
	put64(mb, 4, 0);
	put64(mb, 12, 0x9fc00);
	put32(mb, 20, 1);
	put32(mb, 24, 20);
	put64(mb, 28, 0x100000);
	put64(mb, 36, 0x1ff00000);
	put32(mb, 44, 1);
	put32(mb, 48, 20);
	put64(mb, 52, 0xfffc0000);
	put64(mb, 60, 0x40000);
	put32(mb, 68, 2);
	put(argv[1], "fuzz_memmap", "mb1", mb, sizeof(mb));
	/* Multiboot2: tag header and two entries. */
	memset(mb, 0, sizeof(mb));
	put32(mb, 0, 6);
	put32(mb, 4, 64);
	put32(mb, 8, 24);
	put64(mb, 16, 0);
	put64(mb, 24, 0x9fc00);
	put32(mb, 32, 1);
	put64(mb, 40, 0x100000);
	put64(mb, 48, 0x1ff00000);
	put32(mb, 56, 1);
	put(argv[1], "fuzz_memmap", "mb2", mb, 64);
	return 0;
}
