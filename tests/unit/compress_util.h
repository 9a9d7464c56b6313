/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the decompressor tests: test data of several kinds, running
 * the host's compression tools, reading cached files, exact-size copies
 * (so ASan sees any read past the end of an input).
 */
#ifndef UNIT_COMPRESS_UTIL_H
#define UNIT_COMPRESS_UTIL_H

#include <stddef.h>
#include <stdint.h>

enum data_kind {
	DATA_ZEROS,	/* long runs: long matches, overlapping copies */
	DATA_RANDOM,	/* incompressible: LZMA2 stores chunks as they are */
	DATA_TEXT,	/* words: literals and short matches */
	DATA_X86,	/* E8/E9 opcodes with near and far operands, for BCJ */
	DATA_MIXED,	/* all of the above in stretches */
	DATA_KINDS
};

extern const char *const data_kind_name[DATA_KINDS];

/* @len bytes of @kind from @seed (malloc'ed; never NULL; 1 byte if len 0). */
uint8_t *gen_data(enum data_kind kind, size_t len, uint64_t seed);

/* An exact-size malloc'ed copy (1 byte if len is 0). */
uint8_t *dup_exact(const void *p, size_t len);

/*
 * Runs "@cmd" (a shell command line) with @in on its standard input and
 * returns its output (malloc'ed) in *out and *out_len; 0 on exit status 0.
 */
int run_filter(const char *cmd, const void *in, size_t in_len, uint8_t **out,
	       size_t *out_len);

/* Reads a whole file; NULL if it cannot (errno kept). */
uint8_t *read_file(const char *path, size_t *len);

/* $CACHE_DIR, or the tree's .cache. */
const char *cache_dir(void);

#endif /* UNIT_COMPRESS_UTIL_H */
