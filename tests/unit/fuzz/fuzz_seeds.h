/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Seeding a libFuzzer corpus: a target's LLVMFuzzerInitialize() hands its
 * table of named inputs here, and each corpus directory on the command
 * line that does not exist yet is created holding them (an existing one
 * is left as the fuzzer grew it).
 */
#ifndef FUZZ_SEEDS_H
#define FUZZ_SEEDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

struct fuzz_seed {
	const char *name;
	const uint8_t *bytes;
	size_t n;
};

static inline void fuzz_write_seeds(int argc, char **argv, const struct fuzz_seed *seeds,
				    size_t nr_seeds)
{
	for (int i = 1; i < argc; i++) {
		const char *dir = argv[i];
		char path[4096];

		if (dir[0] == '-' || mkdir(dir, 0755))
			continue;	/* an option, or it exists already */
		for (size_t k = 0; k < nr_seeds; k++) {
			FILE *f;

			snprintf(path, sizeof(path), "%s/%s", dir, seeds[k].name);
			f = fopen(path, "wb");
			if (f) {
				fwrite(seeds[k].bytes, 1, seeds[k].n, f);
				fclose(f);
			}
		}
	}
}

#endif
