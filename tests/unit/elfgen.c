/* SPDX-License-Identifier: GPL-2.0-only */
/* In-memory PV kernel images for the tests; see elfgen.h. */
#include <stdlib.h>
#include <string.h>
#include "elfgen.h"

void put16(unsigned char *p, size_t off, uint16_t v)
{
	p[off] = (unsigned char)v;
	p[off + 1] = (unsigned char)(v >> 8);
}

void put32(unsigned char *p, size_t off, uint32_t v)
{
	put16(p, off, (uint16_t)v);
	put16(p, off + 2, (uint16_t)(v >> 16));
}

void put64(unsigned char *p, size_t off, uint64_t v)
{
	put32(p, off, (uint32_t)v);
	put32(p, off + 4, (uint32_t)(v >> 32));
}

uint64_t get64(const unsigned char *p, size_t off)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[off + (size_t)i];
	return v;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		abort();
	return p;
}

void nb_init(struct notebuf *b)
{
	memset(b, 0, sizeof(*b));
	b->align = 4;
}

void nb_free(struct notebuf *b)
{
	free(b->p);
	nb_init(b);
}

static void nb_put(struct notebuf *b, const void *data, size_t n)
{
	if (b->len + n + 8 > b->cap) {
		b->cap = (b->len + n + 8) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

/* Zero-pads to the alignment; the buffer itself starts aligned. */
static void nb_pad(struct notebuf *b)
{
	static const unsigned char zero[8];

	nb_put(b, zero, (b->align - b->len % b->align) % b->align);
}

void nb_raw(struct notebuf *b, const char *name, uint32_t type,
	    const void *desc, uint32_t descsz)
{
	unsigned char hdr[12];
	uint32_t namesz = (uint32_t)strlen(name) + 1;

	put32(hdr, 0, namesz);
	put32(hdr, 4, descsz);
	put32(hdr, 8, type);
	nb_put(b, hdr, sizeof(hdr));
	nb_put(b, name, namesz);
	nb_pad(b);
	nb_put(b, desc, descsz);
	nb_pad(b);
}

void nb_str(struct notebuf *b, uint32_t type, const char *s)
{
	nb_raw(b, "Xen", type, s, (uint32_t)strlen(s) + 1);
}

void nb_u32(struct notebuf *b, uint32_t type, uint32_t v)
{
	unsigned char d[4];

	put32(d, 0, v);
	nb_raw(b, "Xen", type, d, sizeof(d));
}

void nb_u64(struct notebuf *b, uint32_t type, uint64_t v)
{
	unsigned char d[8];

	put64(d, 0, v);
	nb_raw(b, "Xen", type, d, sizeof(d));
}

void nb_linux(struct notebuf *b)
{
	unsigned char id[20], l1[16];

	memset(id, 0xab, sizeof(id));
	nb_raw(b, "GNU", 3, id, sizeof(id)); /* NT_GNU_BUILD_ID */
	nb_str(b, 6, "linux");			/* GUEST_OS */
	nb_str(b, 7, "2.6");			/* GUEST_VERSION */
	nb_str(b, 5, "xen-3.0");		/* XEN_VERSION */
	nb_u64(b, 3, ELFGEN_VIRT_BASE);		/* VIRT_BASE */
	nb_u64(b, 1, ELFGEN_ENTRY);		/* ENTRY */
	nb_u64(b, 15, ELFGEN_INIT_P2M);		/* INIT_P2M */
	nb_str(b, 10, "!writable_page_tables|pae_pgdir_above_4gb");
	nb_u32(b, 17, ELFGEN_SUPPORTED);	/* SUPPORTED_FEATURES */
	nb_str(b, 9, "yes");			/* PAE_MODE */
	nb_str(b, 8, "generic");		/* LOADER */
	put64(l1, 0, 1);
	put64(l1, 8, 1);
	nb_raw(b, "Xen", 13, l1, sizeof(l1));	/* L1_MFN_VALID */
	nb_u32(b, 14, 1);			/* SUSPEND_CANCEL */
	nb_u32(b, 16, 1);			/* MOD_START_PFN */
	nb_u64(b, 12, 0xffff800000000000ULL);	/* HV_START_LOW */
	nb_u64(b, 4, 0);			/* PADDR_OFFSET */
	nb_u32(b, 18, (uint32_t)ELFGEN_PHYS32_ENTRY);
}

static void phdr(unsigned char *img, int i, uint32_t type, uint32_t flags,
		 uint64_t off, uint64_t vaddr, uint64_t paddr, uint64_t filesz,
		 uint64_t memsz, uint64_t align)
{
	size_t o = PH_OFF(i);

	put32(img, o + P_TYPE, type);
	put32(img, o + 4, flags);
	put64(img, o + P_OFFSET, off);
	put64(img, o + P_VADDR, vaddr);
	put64(img, o + P_PADDR, paddr);
	put64(img, o + P_FILESZ, filesz);
	put64(img, o + P_MEMSZ, memsz);
	put64(img, o + P_ALIGN, align);
}

static void shdr(unsigned char *img, size_t shoff, int i, uint32_t type,
		 uint64_t addr, uint64_t off, uint64_t size, uint64_t align)
{
	size_t o = shoff + (size_t)i * 64;

	put32(img, o + 4, type);
	put64(img, o + 16, addr);
	put64(img, o + 24, off);
	put64(img, o + 32, size);
	put64(img, o + 48, align);
}

unsigned char *elfgen_build(const struct elfgen *g, size_t *size)
{
	struct notebuf linux_notes;
	const struct notebuf *nb = g->notes;
	size_t notes_len, shoff, total, i;
	unsigned int align;
	unsigned char *img;

	nb_init(&linux_notes);
	if (!nb) {
		nb_linux(&linux_notes);
		nb = &linux_notes;
	}
	notes_len = nb->len;
	align = nb->align;
	shoff = (ELFGEN_NOTES_OFF + notes_len + 7) & ~(size_t)7;
	total = g->no_sections ? ELFGEN_NOTES_OFF + notes_len : shoff + 4 * 64;
	img = calloc(1, total);
	if (!img)
		abort();

	memcpy(img, "\177ELF", 4);
	img[4] = 2;	/* ELFCLASS64 */
	img[5] = 1;	/* ELFDATA2LSB */
	img[6] = 1;	/* EV_CURRENT */
	put16(img, EH_TYPE, 2);		/* ET_EXEC */
	put16(img, EH_MACHINE, 62);	/* EM_X86_64 */
	put32(img, EH_VERSION, 1);
	put64(img, EH_ENTRY, ELFGEN_E_ENTRY);
	put64(img, EH_PHOFF, 64);
	put16(img, 52, 64);		/* e_ehsize */
	put16(img, EH_PHENTSIZE, PH_SIZE);
	put16(img, EH_PHNUM, ELFGEN_PHNUM);
	if (!g->no_sections) {
		put64(img, EH_SHOFF, shoff);
		put16(img, EH_SHENTSIZE, 64);
		put16(img, EH_SHNUM, 4);
	}

	phdr(img, PH_TEXT, 1, 5, ELFGEN_TEXT_OFF, ELFGEN_KSTART, 0x1000000,
	     ELFGEN_TEXT_SIZE, ELFGEN_TEXT_SIZE, 0x1000);
	phdr(img, PH_PERCPU, 1, 6, ELFGEN_PERCPU_OFF, 0, 0x1002000,
	     ELFGEN_PERCPU_SIZE, ELFGEN_PERCPU_SIZE, 0x1000);
	phdr(img, PH_DATA, 1, 6, ELFGEN_DATA_OFF, ELFGEN_KSTART + 0x3800,
	     0x1003800, ELFGEN_DATA_FILESZ, ELFGEN_DATA_MEMSZ, 0x1000);
	phdr(img, PH_NOTE, g->no_pt_note ? 0 : 4, 4, ELFGEN_NOTES_OFF,
	     ELFGEN_KSTART + 0x4000, 0x1004000, notes_len, notes_len, align);
	phdr(img, PH_STACK, 0x6474e551, 6, 0, 0, 0, 0, 0, 0x10);

	/* Recognisable segment contents. */
	for (i = ELFGEN_TEXT_OFF; i < ELFGEN_NOTES_OFF; i++)
		img[i] = (unsigned char)(i * 7 + 1);
	memcpy(img + ELFGEN_NOTES_OFF, nb->p, notes_len);

	if (!g->no_sections) {
		shdr(img, shoff, 1, 7, 0, ELFGEN_NOTES_OFF, notes_len, align);
		shdr(img, shoff, 2, 1, ELFGEN_KSTART, ELFGEN_TEXT_OFF,
		     ELFGEN_TEXT_SIZE, 0x1000);
		shdr(img, shoff, 3, 8, ELFGEN_KSTART + 0x4000, ELFGEN_NOTES_OFF,
		     0x2000, 0x1000);
	}
	nb_free(&linux_notes);
	*size = total;
	return img;
}
