/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 file layout: the headers and constants hypervisor/lib/elf.c needs
 * to validate and load an x86-64 kernel image. Field names follow the ELF
 * specification so the code reads like the spec. All values are
 * little-endian in the files we accept.
 */
#ifndef HV_LIB_ELF64_H
#define HV_LIB_ELF64_H

#include <stdint.h>

/* e_ident[] indices and the values we accept. */
#define EI_MAG0		0
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define EI_NIDENT	16

#define ELFMAG0		0x7f
#define ELFMAG1		'E'
#define ELFMAG2		'L'
#define ELFMAG3		'F'
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1

/* e_type */
#define ET_EXEC		2
#define ET_DYN		3

/* e_machine */
#define EM_X86_64	62

/* e_phnum value meaning "the real count is in section 0": we reject it. */
#define PN_XNUM		0xffff

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4

/* p_flags */
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

/* sh_type */
#define SHT_NULL	0
#define SHT_NOTE	7
#define SHT_NOBITS	8

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;	/* for Linux: the physical 32-bit entry, not ours */
	uint64_t e_phoff;	/* file offset of the program header table */
	uint64_t e_shoff;	/* file offset of the section header table */
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;	/* size of one program header entry */
	uint16_t e_phnum;
	uint16_t e_shentsize;	/* size of one section header entry */
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;	/* file offset of the segment's bytes */
	uint64_t p_vaddr;
	uint64_t p_paddr;	/* what a PV loader places by (see elf.h) */
	uint64_t p_filesz;	/* bytes present in the file */
	uint64_t p_memsz;	/* bytes in memory; the rest is zero-filled */
	uint64_t p_align;
};

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

/*
 * A note: this header, the name (namesz bytes including its NUL), then the
 * descriptor (descsz bytes). The descriptor and the next note begin at the
 * next multiple of the note alignment, counted from the start of the
 * segment or section: 4, or 8 when that is 8-aligned.
 */
struct elf64_note {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header layout");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header layout");
_Static_assert(sizeof(struct elf64_note) == 12, "ELF note header layout");

#endif /* HV_LIB_ELF64_H */
