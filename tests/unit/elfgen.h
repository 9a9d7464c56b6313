/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Builds small ELF64 x86-64 PV kernel images in memory for the tests and
 * the fuzz seeds, shaped like Debian's Linux 6.1 vmlinux: a text PT_LOAD,
 * a per-cpu PT_LOAD with p_vaddr 0, a data PT_LOAD with bss, a PT_NOTE
 * with the Xen notes (and a GNU build-id note), and PT_GNU_STACK.
 * Uses only the C library, not the code under test.
 */
#ifndef UNIT_ELFGEN_H
#define UNIT_ELFGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELFGEN_VIRT_BASE	0xffffffff80000000ULL
#define ELFGEN_KSTART		0xffffffff81000000ULL	/* p_paddr 16M */
#define ELFGEN_KEND		0xffffffff81006000ULL
#define ELFGEN_ENTRY		0xffffffff81000100ULL
#define ELFGEN_E_ENTRY		0x1000000ULL		/* physical, like Linux */
#define ELFGEN_INIT_P2M		0x8000000000ULL
#define ELFGEN_SUPPORTED	0x8801u
#define ELFGEN_PHYS32_ENTRY	0x1000850ULL

/* Program header indices and file layout. */
enum { PH_TEXT, PH_PERCPU, PH_DATA, PH_NOTE, PH_STACK, ELFGEN_PHNUM };
#define ELFGEN_TEXT_OFF		0x1000
#define ELFGEN_TEXT_SIZE	0x2000
#define ELFGEN_PERCPU_OFF	0x3000
#define ELFGEN_PERCPU_SIZE	0x800
#define ELFGEN_DATA_OFF		0x3800
#define ELFGEN_DATA_FILESZ	0x800
#define ELFGEN_DATA_MEMSZ	0x2800
#define ELFGEN_NOTES_OFF	0x4000

/* ELF64 header and program header field offsets, for mutating images. */
#define EH_TYPE		16
#define EH_MACHINE	18
#define EH_VERSION	20
#define EH_ENTRY	24
#define EH_PHOFF	32
#define EH_SHOFF	40
#define EH_PHENTSIZE	54
#define EH_PHNUM	56
#define EH_SHENTSIZE	58
#define EH_SHNUM	60
#define PH_SIZE		56
#define PH_OFF(i)	(64 + (size_t)(i) * PH_SIZE)
#define P_TYPE		0
#define P_OFFSET	8
#define P_VADDR		16
#define P_PADDR		24
#define P_FILESZ	32
#define P_MEMSZ		40
#define P_ALIGN		48

struct notebuf {
	unsigned char *p;
	size_t len, cap;
	unsigned int align;	/* padding of names and descriptors: 4 or 8 */
};

void nb_init(struct notebuf *b);	/* align 4; set .align = 8 before use */
void nb_free(struct notebuf *b);
/* Appends a note; the name is stored with its NUL. */
void nb_raw(struct notebuf *b, const char *name, uint32_t type,
	    const void *desc, uint32_t descsz);
void nb_str(struct notebuf *b, uint32_t type, const char *s);	/* "Xen" */
void nb_u32(struct notebuf *b, uint32_t type, uint32_t v);
void nb_u64(struct notebuf *b, uint32_t type, uint64_t v);
/* The notes of Linux 6.1 (LINUX-PV-BOOT.md 2.8), plus a GNU build-id. */
void nb_linux(struct notebuf *b);

struct elfgen {
	const struct notebuf *notes;	/* NULL: nb_linux(); its .align is
					   the notes' p_align/sh_addralign */
	bool no_pt_note;	/* notes only in a SHT_NOTE section */
	bool no_sections;	/* no section header table */
};

/* A malloc'ed image of exactly *size bytes; aborts on out-of-memory. */
unsigned char *elfgen_build(const struct elfgen *g, size_t *size);

/* Little-endian field access into an image. */
void put16(unsigned char *p, size_t off, uint16_t v);
void put32(unsigned char *p, size_t off, uint32_t v);
void put64(unsigned char *p, size_t off, uint64_t v);
uint64_t get64(const unsigned char *p, size_t off);

#endif /* UNIT_ELFGEN_H */
