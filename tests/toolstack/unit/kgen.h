/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synthetic PV guest kernels for builder tests: an ELF64 x86-64 image with
 * one PT_LOAD (text filled with a known pattern, then bss) and a PT_NOTE
 * of Xen notes, plus wrappers in every compression and as a bzImage.
 */
#ifndef KGEN_H
#define KGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KGEN_VIRT_BASE 0xffffffff80000000ULL

struct kgen_opts {
	uint64_t paddr;		/* load address (default 16 MiB) */
	size_t text_len;	/* file bytes (default 64 KiB) */
	size_t bss_len;
	uint64_t entry_off;	/* entry = virt of paddr + entry_off */
	uint64_t hypercall_off;	/* 0 = no HYPERCALL_PAGE note */
	const char *xen_version; /* default "xen-3.0"; "" = no note */
	const char *loader;	/* default "generic" */
	const char *features;	/* default "!writable_page_tables" */
	bool mod_start_pfn;
	bool no_entry;
};

/* malloc'd ELF image; the text byte at offset i is kgen_byte(i). */
uint8_t *kgen_elf(const struct kgen_opts *o, size_t *len);
uint8_t kgen_byte(size_t i);

enum kgen_comp { KGEN_GZIP, KGEN_XZ, KGEN_LZMA, KGEN_LZ4, KGEN_ZSTD };
uint8_t *kgen_compress(enum kgen_comp c, const uint8_t *in, size_t len,
		       size_t *out_len);
/* A minimal bzImage (boot protocol 2.15) carrying `payload`. */
uint8_t *kgen_bzimage(const uint8_t *payload, size_t len, size_t *out_len);

#endif /* KGEN_H */
