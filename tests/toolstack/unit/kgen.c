// SPDX-License-Identifier: GPL-2.0-only
/*
 * Builds the synthetic kernels of kgen.h, and compresses them with the
 * same libraries the loader decompresses with (encoder side).
 */
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "kgen.h"

uint8_t kgen_byte(size_t i)
{
	return (uint8_t)((i * 131 + 7) ^ (i >> 9));
}

static void put(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Append one "Xen" note; returns bytes written. */
static size_t note(uint8_t *p, uint32_t type, const void *desc, uint32_t dsz)
{
	size_t dpad = (dsz + 3) & ~3U;

	put(p, 4, 4);
	put(p + 4, dsz, 4);
	put(p + 8, type, 4);
	memcpy(p + 12, "Xen", 4);
	memset(p + 16, 0, dpad);
	memcpy(p + 16, desc, dsz);
	return 16 + dpad;
}

static size_t note_u64(uint8_t *p, uint32_t type, uint64_t v)
{
	uint8_t b[8];

	put(b, v, 8);
	return note(p, type, b, 8);
}

static size_t note_str(uint8_t *p, uint32_t type, const char *s)
{
	return note(p, type, s, (uint32_t)strlen(s) + 1);
}

uint8_t *kgen_elf(const struct kgen_opts *o, size_t *len)
{
	uint64_t paddr = o->paddr ? o->paddr : 16ULL << 20;
	size_t text = o->text_len ? o->text_len : 65536;
	size_t notes_off = 0x1000 + ((text + 15) & ~15UL), n = 0, i;
	uint64_t vbase = KGEN_VIRT_BASE + paddr;
	const char *xv = o->xen_version ? o->xen_version : "xen-3.0";
	uint8_t *b = calloc(1, notes_off + 1024), *ph, *nt;

	if (!b)
		return NULL;
	memcpy(b, "\177ELF", 4);
	b[4] = 2; /* 64-bit */
	b[5] = 1; /* little endian */
	b[6] = 1;
	put(b + 16, 2, 2);  /* ET_EXEC */
	put(b + 18, 62, 2); /* x86-64 */
	put(b + 20, 1, 4);
	put(b + 24, paddr, 8); /* e_entry: physical, as Linux's */
	put(b + 32, 64, 8);    /* phoff */
	put(b + 52, 64, 2);
	put(b + 54, 56, 2);
	put(b + 56, 2, 2);
	for (i = 0; i < text; i++)
		b[0x1000 + i] = kgen_byte(i);
	nt = b + notes_off;
	if (!o->no_entry)
		n += note_u64(nt + n, 1, vbase + o->entry_off);
	if (o->hypercall_off)
		n += note_u64(nt + n, 2, vbase + o->hypercall_off);
	n += note_u64(nt + n, 3, KGEN_VIRT_BASE);
	n += note_u64(nt + n, 4, 0);
	if (*xv)
		n += note_str(nt + n, 5, xv);
	n += note_str(nt + n, 6, "linux");
	n += note_str(nt + n, 7, "2.6");
	n += note_str(nt + n, 8, o->loader ? o->loader : "generic");
	n += note_str(nt + n, 10, o->features ? o->features
					       : "!writable_page_tables|pae_pgdir_above_4gb");
	if (o->mod_start_pfn) {
		uint8_t one[4] = { 1 };

		n += note(nt + n, 16, one, 4);
	}
	ph = b + 64;
	put(ph, 1, 4); /* PT_LOAD */
	put(ph + 4, 7, 4);
	put(ph + 8, 0x1000, 8);
	put(ph + 16, vbase, 8);
	put(ph + 24, paddr, 8);
	put(ph + 32, text, 8);
	put(ph + 40, text + o->bss_len, 8);
	ph += 56;
	put(ph, 4, 4); /* PT_NOTE */
	put(ph + 8, notes_off, 8);
	put(ph + 16, vbase + notes_off, 8);
	put(ph + 24, paddr + notes_off, 8);
	put(ph + 32, n, 8);
	put(ph + 40, n, 8);
	*len = notes_off + n;
	return b;
}

static uint8_t *with_size(uint8_t *p, size_t n, size_t orig, size_t *out_len)
{
	/* Linux appends the uncompressed size; so do we. */
	uint8_t *q = realloc(p, n + 4);

	if (!q) {
		free(p);
		return NULL;
	}
	put(q + n, orig, 4);
	*out_len = n + 4;
	return q;
}

uint8_t *kgen_compress(enum kgen_comp c, const uint8_t *in, size_t len,
		       size_t *out_len)
{
	size_t cap = len + len / 2 + 65536, n = 0;
	uint8_t *out = malloc(cap);

	if (!out)
		return NULL;
	switch (c) {
	case KGEN_GZIP: {
		z_stream z = { 0 };

		deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		deflate(&z, Z_FINISH);
		n = z.total_out;
		deflateEnd(&z);
		break;
	}
	case KGEN_XZ:
		lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len, out,
					&n, cap);
		break;
	case KGEN_LZMA: {
		lzma_stream s = LZMA_STREAM_INIT;
		lzma_options_lzma opt;

		lzma_lzma_preset(&opt, 6);
		if (lzma_alone_encoder(&s, &opt) != LZMA_OK)
			break;
		s.next_in = in;
		s.avail_in = len;
		s.next_out = out;
		s.avail_out = cap;
		while (lzma_code(&s, LZMA_FINISH) == LZMA_OK)
			;
		n = s.total_out;
		lzma_end(&s);
		break;
	}
	case KGEN_LZ4: {
		/* legacy frame, 8 MiB chunks */
		size_t pos = 0;

		put(out, 0x184c2102, 4);
		n = 4;
		while (pos < len) {
			size_t chunk = len - pos < (8 << 20) ? len - pos : 8 << 20;
			int k = LZ4_compress_default((const char *)in + pos,
						     (char *)out + n + 4,
						     (int)chunk, (int)(cap - n - 4));

			put(out + n, (uint64_t)k, 4);
			n += 4 + (size_t)k;
			pos += chunk;
		}
		break;
	}
	case KGEN_ZSTD:
		n = ZSTD_compress(out, cap, in, len, 3);
		break;
	}
	return with_size(out, n, len, out_len);
}

uint8_t *kgen_bzimage(const uint8_t *payload, size_t len, size_t *out_len)
{
	size_t setup = 2 * 512, poff = 0x100, total = setup + poff + len;
	uint8_t *b = calloc(1, total);

	if (!b)
		return NULL;
	b[0x1f1] = 1; /* setup_sects: the kernel starts at (1 + 1) * 512 */
	memcpy(b + 0x202, "HdrS", 4);
	put(b + 0x206, 0x020f, 2);
	put(b + 0x248, poff, 4);
	put(b + 0x24c, len, 4);
	memcpy(b + setup + poff, payload, len);
	*out_len = total;
	return b;
}
