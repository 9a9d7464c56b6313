/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/elf.c: a generated Linux-like PV image must parse to the
 * right notes and extent and load segment by segment; a table of hostile
 * mutations must each fail with the expected error and reason; a table of
 * bad kernel parameters must each fail the PV64 dom0 check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib/elf.h>
#include "elfgen.h"
#include "hvlib.h"
#include "runner.h"

#define HV_FEATURES 0x1u	/* what a dom0 builder provides: writable_page_tables */

/* Parses a heap copy of exactly @size bytes, so ASan sees any over-read. */
static int parse_exact(const unsigned char *img, size_t size,
		       struct elf_xen_info *info, const char **why)
{
	unsigned char *copy = malloc(size ? size : 1);
	int rc;

	memcpy(copy, img, size);
	rc = elf_xen_parse(copy, size, info, why);
	free(copy);
	return rc;
}

TEST(elf, linux_like_image_parses)
{
	struct elf_xen_info info;
	const char *why = "unset";
	unsigned char *img;
	size_t size;
	int rc;

	img = elfgen_build(&(struct elfgen){ 0 }, &size);
	rc = parse_exact(img, size, &info, &why);
	CHECKF(rc == 0, "rc %d: %s", rc, why ? why : "");
	CHECK(why == NULL);
	CHECK_EQ(info.entry, ELFGEN_ENTRY);
	CHECK_EQ(info.virt_base, ELFGEN_VIRT_BASE);
	CHECK_EQ(info.paddr_offset, 0);
	CHECK_EQ(info.init_p2m, ELFGEN_INIT_P2M);
	CHECK_EQ(info.hv_start_low, 0xffff800000000000ULL);
	CHECK_EQ(info.mod_start_pfn, 1);
	CHECK_EQ(info.suspend_cancel, 1);
	CHECK_EQ(info.l1_mfn_valid_mask, 1);
	CHECK_EQ(info.l1_mfn_valid_value, 1);
	CHECK_EQ(info.phys32_entry, ELFGEN_PHYS32_ENTRY);
	CHECK(!info.has_hypercall_page);
	CHECK(!elf_xen_has(&info, XEN_ELFNOTE_HYPERCALL_PAGE));
	CHECK(elf_xen_has(&info, XEN_ELFNOTE_INIT_P2M));
	CHECK(!strcmp(info.xen_version, "xen-3.0"));
	CHECK(!strcmp(info.loader, "generic"));
	CHECK(!strcmp(info.guest_os, "linux"));
	CHECK(!strcmp(info.guest_version, "2.6"));
	CHECK(!strcmp(info.pae_mode, "yes"));
	CHECK_EQ(info.features_required, 0x1);		/* !writable_page_tables */
	CHECK_EQ(info.features_supported, 0x8811);	/* + pae_pgdir (4) + 0x8801 */
	CHECK_EQ(info.virt_kstart, ELFGEN_KSTART);
	CHECK_EQ(info.virt_kend, ELFGEN_KEND);
	CHECK_EQ(info.nr_load, 3);

	rc = elf_xen_check_pv64_dom0(&info, HV_FEATURES, &why);
	CHECKF(rc == 0, "dom0 check: %s", why ? why : "");
	CHECK(elf64_check(img, size, NULL) == 0);
	free(img);
}

TEST(elf, note_variants)
{
	struct elf_xen_info info;
	const char *why;
	struct notebuf nb;
	unsigned char *img, d[2];
	size_t size;
	int rc;

	/* 4-byte numbers, duplicates (last wins, features accumulate). */
	nb_init(&nb);
	nb_str(&nb, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	nb_str(&nb, XEN_ELFNOTE_LOADER, "generic");
	nb_u32(&nb, XEN_ELFNOTE_VIRT_BASE, 0x1000);
	nb_u64(&nb, XEN_ELFNOTE_VIRT_BASE, ELFGEN_VIRT_BASE);
	nb_u32(&nb, XEN_ELFNOTE_ENTRY, 0x81000200);	/* 4 bytes: zero-extended */
	nb_u64(&nb, XEN_ELFNOTE_HYPERCALL_PAGE, ELFGEN_KSTART + 0x1000);
	nb_str(&nb, XEN_ELFNOTE_FEATURES, "dom0");
	nb_str(&nb, XEN_ELFNOTE_FEATURES, "|!auto_translated_physmap||");
	nb_u32(&nb, XEN_ELFNOTE_SUPPORTED_FEATURES, 1u << 20);
	d[0] = 0x34;
	d[1] = 0x12;
	nb_raw(&nb, "Xen", XEN_ELFNOTE_MOD_START_PFN, d, 2);	/* 2 bytes */
	nb_str(&nb, XEN_ELFNOTE_BSD_SYMTAB, "yes");
	nb_str(&nb, 99, "a note type from the future");
	nb_raw(&nb, "Xen", XEN_ELFNOTE_INFO, "whatever", 3);
	nb_raw(&nb, "NotXen", XEN_ELFNOTE_ENTRY, "12345678", 8);
	img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
	rc = parse_exact(img, size, &info, &why);
	CHECKF(rc == 0, "rc %d: %s", rc, why);
	CHECK_EQ(info.virt_base, ELFGEN_VIRT_BASE);
	CHECK_EQ(info.entry, 0x81000200);
	CHECK(info.has_hypercall_page);
	CHECK_EQ(info.hypercall_page, ELFGEN_KSTART + 0x1000);
	CHECK_EQ(info.features_required, 1u << 2);
	CHECK_EQ(info.features_supported, (1u << 11) | (1u << 2) | (1u << 20));
	CHECK_EQ(info.mod_start_pfn, 0x1234);
	CHECK(info.bsd_symtab);
	CHECK(elf_xen_has(&info, XEN_ELFNOTE_INFO));
	CHECK(!elf_xen_has(&info, XEN_ELFNOTE_INIT_P2M));
	CHECK(!elf_xen_has(&info, 99));
	free(img);
	nb_free(&nb);

	/* No ENTRY note: e_entry; no VIRT_BASE/PADDR_OFFSET: both 0. */
	nb_init(&nb);
	nb_str(&nb, XEN_ELFNOTE_GUEST_OS, "linux");
	img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
	rc = parse_exact(img, size, &info, &why);
	CHECKF(rc == 0, "rc %d: %s", rc, why);
	CHECK_EQ(info.entry, ELFGEN_E_ENTRY);
	CHECK_EQ(info.virt_base, 0);
	CHECK_EQ(info.virt_kstart, 0x1000000);
	CHECK_EQ(info.virt_kend, 0x1006000);
	rc = elf_xen_check_pv64(&info, HV_FEATURES, &why);
	CHECK(rc == -EINVAL && !strcmp(why, "no XEN_VERSION note"));
	free(img);
	nb_free(&nb);

	/* 8-aligned notes, with PADDR_OFFSET moving the image. */
	nb_init(&nb);
	nb.align = 8;
	nb_linux(&nb);
	nb_u64(&nb, XEN_ELFNOTE_PADDR_OFFSET, 0x1000000);
	img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
	rc = parse_exact(img, size, &info, &why);
	CHECKF(rc == 0, "rc %d: %s", rc, why);
	CHECK_EQ(info.paddr_offset, 0x1000000);
	CHECK_EQ(info.virt_kstart, ELFGEN_VIRT_BASE);
	CHECK(!strcmp(info.loader, "generic"));
	free(img);
	nb_free(&nb);
}

TEST(elf, notes_from_sections)
{
	struct elf_xen_info info;
	const char *why;
	unsigned char *img;
	size_t size;
	int rc;

	img = elfgen_build(&(struct elfgen){ .no_pt_note = true }, &size);
	rc = parse_exact(img, size, &info, &why);
	CHECKF(rc == 0, "rc %d: %s", rc, why);
	CHECK_EQ(info.entry, ELFGEN_ENTRY);
	CHECK(!strcmp(info.xen_version, "xen-3.0"));
	free(img);

	img = elfgen_build(&(struct elfgen){ .no_pt_note = true, .no_sections = true },
			   &size);
	rc = parse_exact(img, size, &info, &why);
	CHECK(rc == -ENOEXEC && !strcmp(why, "no Xen ELF notes"));
	free(img);
}

struct loaded {
	unsigned int n;
	const unsigned char *img;
	size_t size;
	uint64_t va[8], filesz[8], memsz[8];
	long src_off[8];
	int fail_at;	/* call number that returns -ENOMEM, or -1 */
};

static int record_segment(void *ctx, uint64_t va, const void *src,
			  uint64_t filesz, uint64_t memsz)
{
	struct loaded *l = ctx;
	unsigned int i = l->n++;

	if ((int)i == l->fail_at)
		return -ENOMEM;
	if (i < 8) {
		l->va[i] = va;
		l->filesz[i] = filesz;
		l->memsz[i] = memsz;
		l->src_off[i] = src ? (const unsigned char *)src - l->img : -1;
	}
	return 0;
}

TEST(elf, load_segments)
{
	struct elf_xen_info info;
	struct loaded l = { .fail_at = -1 };
	const char *why;
	unsigned char *img;
	size_t size;

	img = elfgen_build(&(struct elfgen){ 0 }, &size);
	CHECK(elf_xen_parse(img, size, &info, &why) == 0);
	l.img = img;
	l.size = size;
	CHECK(elf_load(img, size, &info, record_segment, &l) == 0);
	CHECK_EQ(l.n, 3);
	CHECK_EQ(l.va[0], ELFGEN_KSTART);
	CHECK_EQ(l.src_off[0], ELFGEN_TEXT_OFF);
	CHECK_EQ(l.filesz[0], ELFGEN_TEXT_SIZE);
	CHECK_EQ(l.va[1], ELFGEN_KSTART + 0x2000);	/* by p_paddr, not p_vaddr 0 */
	CHECK_EQ(l.src_off[1], ELFGEN_PERCPU_OFF);
	CHECK_EQ(l.va[2], ELFGEN_KSTART + 0x3800);
	CHECK_EQ(l.filesz[2], ELFGEN_DATA_FILESZ);
	CHECK_EQ(l.memsz[2], ELFGEN_DATA_MEMSZ);
	CHECK_EQ(l.va[2] + l.memsz[2], info.virt_kend);

	/* A bss-only segment gets src NULL; a callback error stops the load. */
	put64(img, PH_OFF(PH_DATA) + P_FILESZ, 0);
	put64(img, PH_OFF(PH_DATA) + P_OFFSET, 0xffffffffffff0000ULL);
	memset(&l, 0, sizeof(l));
	l.img = img;
	l.fail_at = -1;
	CHECK(elf_load(img, size, &info, record_segment, &l) == 0);
	CHECK_EQ(l.src_off[2], -1);
	memset(&l, 0, sizeof(l));
	l.img = img;
	l.fail_at = 1;
	CHECK(elf_load(img, size, &info, record_segment, &l) == -ENOMEM);
	CHECK_EQ(l.n, 2);
	/* elf_load re-checks the image. */
	put16(img, EH_MACHINE, 3);
	CHECK(elf_load(img, size, &info, record_segment, &l) == -ENOEXEC);
	free(img);
}

/* ---- hostile images ---- */

static void set_note_field(unsigned char *img, size_t note_off, size_t field,
			   uint32_t v)
{
	put32(img, ELFGEN_NOTES_OFF + note_off + field, v);
}

/* The first note of nb_linux() is GNU build-id: 12 + 4 + 20 bytes. */
#define FIRST_XEN_NOTE 36

/* Offset (from the notes' start) of the first "Xen" note of @type. */
static size_t note_at(const unsigned char *img, uint32_t type)
{
	size_t off = 0;

	for (;;) {
		const unsigned char *n = img + ELFGEN_NOTES_OFF + off;
		uint32_t namesz = (uint32_t)get64(n, 0), descsz = (uint32_t)get64(n, 4);

		if ((uint32_t)get64(n, 8) == type && !memcmp(n + 12, "Xen", 4))
			return off;
		off += 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);
	}
}

struct mutation {
	const char *name;
	void (*apply)(unsigned char *img, size_t *size);
	int rc;
	const char *why;
};

#define MUT(fn_name, ...)						\
	static void fn_name(unsigned char *img, size_t *size)		\
	{								\
		(void)img;						\
		(void)size;						\
		__VA_ARGS__;						\
	}

MUT(m_trunc_10, *size = 10)
MUT(m_trunc_63, *size = 63)
MUT(m_empty, *size = 0)
MUT(m_magic, img[1] = 'e')
MUT(m_class32, img[4] = 1)
MUT(m_bigendian, img[5] = 2)
MUT(m_version, put32(img, EH_VERSION, 2))
MUT(m_machine, put16(img, EH_MACHINE, 3))
MUT(m_dyn, put16(img, EH_TYPE, 3))
MUT(m_phnum0, put16(img, EH_PHNUM, 0))
MUT(m_phnum_xnum, put16(img, EH_PHNUM, 0xffff))
MUT(m_phentsize_small, put16(img, EH_PHENTSIZE, 40))
MUT(m_phoff_beyond, put64(img, EH_PHOFF, *size + 1))
MUT(m_phoff_huge, put64(img, EH_PHOFF, 0xfffffffffffffff0ULL))
MUT(m_phoff_near_end, put64(img, EH_PHOFF, *size - 100))
MUT(m_ph_overflow, put16(img, EH_PHNUM, 0xfffe); put16(img, EH_PHENTSIZE, 0xffff))
MUT(m_ph_cut, *size = PH_OFF(ELFGEN_PHNUM) - 1)
MUT(m_seg_offset, put64(img, PH_OFF(PH_TEXT) + P_OFFSET, *size))
MUT(m_seg_offset_wrap, put64(img, PH_OFF(PH_TEXT) + P_OFFSET, 0xfffffffffffffff0ULL))
MUT(m_seg_filesz, put64(img, PH_OFF(PH_DATA) + P_FILESZ, *size))
MUT(m_seg_stack_outside, put64(img, PH_OFF(PH_STACK) + P_FILESZ, 1);
			 put64(img, PH_OFF(PH_STACK) + P_OFFSET, *size))
MUT(m_filesz_gt_memsz, put64(img, PH_OFF(PH_DATA) + P_MEMSZ, ELFGEN_DATA_FILESZ - 1))
MUT(m_paddr_wrap, put64(img, PH_OFF(PH_TEXT) + P_PADDR, 0xfffffffffffff000ULL))
MUT(m_vaddr_wrap, put64(img, PH_OFF(PH_TEXT) + P_VADDR, 0xffffffffffffff00ULL))
MUT(m_no_load, for (int i = 0; i < 3; i++) put64(img, PH_OFF(i) + P_MEMSZ, 0);
	       for (int i = 0; i < 3; i++) put64(img, PH_OFF(i) + P_FILESZ, 0))
/* virt_base + p_paddr lands on the last page of the address space. */
MUT(m_load_va_wrap, put64(img, PH_OFF(PH_TEXT) + P_PADDR, 0x7ffff000ULL))
MUT(m_note_hdr_cut, put64(img, PH_OFF(PH_NOTE) + P_FILESZ, FIRST_XEN_NOTE + 8))
MUT(m_namesz_huge, set_note_field(img, FIRST_XEN_NOTE, 0, 0xffffffff))
MUT(m_namesz_past, set_note_field(img, FIRST_XEN_NOTE, 0,
				  (uint32_t)get64(img, PH_OFF(PH_NOTE) + P_FILESZ)))
MUT(m_descsz_huge, set_note_field(img, FIRST_XEN_NOTE, 4, 0xffffffff))
/* The first Xen note's descriptor starts 12 + 4 bytes into it. */
MUT(m_descsz_past, set_note_field(img, FIRST_XEN_NOTE, 4,
				  (uint32_t)get64(img, PH_OFF(PH_NOTE) + P_FILESZ) -
				  (FIRST_XEN_NOTE + 16) + 1))
MUT(m_note_seg_outside, put64(img, PH_OFF(PH_NOTE) + P_OFFSET, *size - 8))
MUT(m_numeric_size, set_note_field(img, note_at(img, XEN_ELFNOTE_ENTRY), 4, 3))
MUT(m_no_xen, for (size_t o = ELFGEN_NOTES_OFF; o + 4 <= *size; o++)
		  if (!memcmp(img + o, "Xen", 4)) img[o + 2] = 'm')
MUT(m_not_note_pt, put32(img, PH_OFF(PH_NOTE) + P_TYPE, 0);
		   put16(img, EH_SHNUM, 0))
MUT(m_sh_beyond, put32(img, PH_OFF(PH_NOTE) + P_TYPE, 0);
		 put64(img, EH_SHOFF, *size + 64))
MUT(m_sh_cut, put32(img, PH_OFF(PH_NOTE) + P_TYPE, 0);
	      put16(img, EH_SHNUM, 0xffff))
MUT(m_sh_entsize, put32(img, PH_OFF(PH_NOTE) + P_TYPE, 0);
		  put16(img, EH_SHENTSIZE, 10))

struct mutation mutations[] = {
	{ "empty", m_empty, -ENOEXEC, "truncated ELF header" },
	{ "10 bytes", m_trunc_10, -ENOEXEC, "truncated ELF header" },
	{ "63 bytes", m_trunc_63, -ENOEXEC, "truncated ELF header" },
	{ "bad magic", m_magic, -ENOEXEC, "not an ELF image" },
	{ "ELF32", m_class32, -ENOEXEC, "not a 64-bit ELF image" },
	{ "big-endian", m_bigendian, -ENOEXEC, "not a little-endian ELF image" },
	{ "e_version 2", m_version, -ENOEXEC, "unknown ELF version" },
	{ "i386", m_machine, -ENOEXEC, "not an x86-64 ELF image" },
	{ "ET_DYN", m_dyn, -ENOEXEC, "not an ELF executable" },
	{ "phnum 0", m_phnum0, -ENOEXEC, "no program headers" },
	{ "phnum PN_XNUM", m_phnum_xnum, -EINVAL, "too many program headers" },
	{ "phentsize 40", m_phentsize_small, -EINVAL, "bad program header entry size" },
	{ "phoff beyond the file", m_phoff_beyond, -EINVAL, "program header table outside the image" },
	{ "phoff near 2^64", m_phoff_huge, -EINVAL, "program header table outside the image" },
	{ "phoff near the end", m_phoff_near_end, -EINVAL, "truncated program header table" },
	{ "phnum*phentsize huge", m_ph_overflow, -EINVAL, "truncated program header table" },
	{ "file cut in the phdrs", m_ph_cut, -EINVAL, "truncated program header table" },
	{ "p_offset at the end", m_seg_offset, -EINVAL, "segment outside the image" },
	{ "p_offset+filesz wraps", m_seg_offset_wrap, -EINVAL, "segment outside the image" },
	{ "p_filesz past the end", m_seg_filesz, -EINVAL, "segment outside the image" },
	{ "non-load segment outside", m_seg_stack_outside, -EINVAL, "segment outside the image" },
	{ "filesz > memsz", m_filesz_gt_memsz, -EINVAL, "segment file size above its memory size" },
	{ "p_paddr+memsz wraps", m_paddr_wrap, -EINVAL, "segment address range wraps" },
	{ "p_vaddr+memsz wraps", m_vaddr_wrap, -EINVAL, "segment address range wraps" },
	{ "no PT_LOAD with memory", m_no_load, -ENOEXEC, "no loadable segments" },
	{ "load VA wraps", m_load_va_wrap, -EINVAL, "segment load address wraps" },
	{ "note header cut", m_note_hdr_cut, -EINVAL, "truncated note header" },
	{ "namesz 2^32-1", m_namesz_huge, -EINVAL, "note name runs past the end of the notes" },
	{ "namesz = segment size", m_namesz_past, -EINVAL, "note name runs past the end of the notes" },
	{ "descsz 2^32-1", m_descsz_huge, -EINVAL, "note descriptor runs past the end of the notes" },
	{ "descsz one too many", m_descsz_past, -EINVAL, "note descriptor runs past the end of the notes" },
	{ "PT_NOTE past the end", m_note_seg_outside, -EINVAL, "segment outside the image" },
	{ "3-byte ENTRY", m_numeric_size, -EINVAL, "bad size for a numeric Xen note" },
	{ "no note named Xen", m_no_xen, -ENOEXEC, "no Xen ELF notes" },
	{ "no PT_NOTE, no sections", m_not_note_pt, -ENOEXEC, "no Xen ELF notes" },
	{ "shoff beyond the file", m_sh_beyond, -EINVAL, "section header table outside the image" },
	{ "shnum too big", m_sh_cut, -EINVAL, "truncated section header table" },
	{ "shentsize 10", m_sh_entsize, -EINVAL, "bad section header entry size" },
};

TEST(elf, hostile_images)
{
	struct elf_xen_info info;
	unsigned char *base;
	size_t base_size, i;

	base = elfgen_build(&(struct elfgen){ 0 }, &base_size);
	for (i = 0; i < ARRAY_SIZE(mutations); i++) {
		unsigned char *img = malloc(base_size);
		size_t size = base_size;
		const char *why = NULL;
		int rc;

		memcpy(img, base, base_size);
		mutations[i].apply(img, &size);
		rc = parse_exact(img, size, &info, &why);
		CHECKF(rc == mutations[i].rc && why && !strcmp(why, mutations[i].why),
		       "%s: rc %d why \"%s\", want %d \"%s\"", mutations[i].name,
		       rc, why ? why : "(null)", mutations[i].rc, mutations[i].why);
		free(img);
	}
	test_note("%zu hostile images", ARRAY_SIZE(mutations));
	free(base);
}

/* Whole-note cases built from scratch rather than patched. */
TEST(elf, hostile_notes)
{
	static const struct {
		const char *name;
		uint32_t type;
		const char *str;
		int rc;
		const char *why;
	} t[] = {
		{ "FEATURES unknown name", XEN_ELFNOTE_FEATURES, "dom0|frobnicate", 0, NULL },
		{ "FEATURES unknown !name", XEN_ELFNOTE_FEATURES, "!frobnicate", -EINVAL, "unknown required feature in FEATURES" },
		{ "FEATURES lone !", XEN_ELFNOTE_FEATURES, "dom0|!", -EINVAL, "unknown required feature in FEATURES" },
		{ "FEATURES case", XEN_ELFNOTE_FEATURES, "DOM0", 0, NULL },
		{ "string 64 bytes", XEN_ELFNOTE_GUEST_OS,
		  "0123456789012345678901234567890123456789012345678901234567890123", -EINVAL, "Xen note string too long" },
		{ "string 63 bytes", XEN_ELFNOTE_GUEST_OS,
		  "012345678901234567890123456789012345678901234567890123456789012", 0, NULL },
	};
	struct elf_xen_info info;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct notebuf nb;
		unsigned char *img;
		const char *why = NULL;
		size_t size;
		int rc;

		nb_init(&nb);
		nb_str(&nb, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
		nb_str(&nb, t[i].type, t[i].str);
		img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
		rc = parse_exact(img, size, &info, &why);
		CHECKF(rc == t[i].rc && (t[i].why ? why && !strcmp(why, t[i].why) : !why),
		       "%s: rc %d why \"%s\"", t[i].name, rc, why ? why : "(null)");
		free(img);
		nb_free(&nb);
	}

	/* Unterminated string descriptor, L1_MFN_VALID of the wrong size. */
	{
		struct notebuf nb;
		unsigned char *img;
		const char *why = NULL;
		size_t size;

		nb_init(&nb);
		nb_raw(&nb, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 5);
		nb_raw(&nb, "Xen", XEN_ELFNOTE_ENTRY, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
		img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
		CHECK(parse_exact(img, size, &info, &why) == 0);
		CHECK(!strcmp(info.guest_os, "linux"));
		CHECK_EQ(info.entry, 0x0807060504030201ULL);
		free(img);
		nb_free(&nb);

		nb_init(&nb);
		nb_raw(&nb, "Xen", XEN_ELFNOTE_L1_MFN_VALID, "\x01\x00\x00\x00", 4);
		img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
		CHECK(parse_exact(img, size, &info, &why) == -EINVAL);
		CHECK(why && !strcmp(why, "bad size for L1_MFN_VALID"));
		free(img);
		nb_free(&nb);

		nb_init(&nb);
		nb_u64(&nb, XEN_ELFNOTE_PADDR_OFFSET, 0);
		img = elfgen_build(&(struct elfgen){ .notes = &nb }, &size);
		CHECK(parse_exact(img, size, &info, &why) == -EINVAL);
		CHECK(why && !strcmp(why, "PADDR_OFFSET without VIRT_BASE"));
		free(img);
		nb_free(&nb);
	}
}

TEST(elf, feature_strings)
{
	static const struct {
		const char *s;
		int rc;
		uint32_t req, sup;
	} t[] = {
		{ "", 0, 0, 0 },
		{ "|||", 0, 0, 0 },
		{ "writable_page_tables", 0, 0, 0x1 },
		{ "!writable_page_tables|pae_pgdir_above_4gb", 0, 0x1, 0x11 },
		{ "dom0|!dom0", 0, 0x800, 0x800 },
		{ "direct_mapped|ARM_SMCCC_supported", 0, 0, (1u << 17) | (1u << 14) },
		{ "hvm_callback_vector|!supervisor_mode_kernel", 0, 0x8, 0x108 },
		{ "dom0|nope", 0, 0, 0x800 },	/* unknown optional: ignored */
		{ "dom0|!nope", -EINVAL, 0, 0 },
		{ "!", -EINVAL, 0, 0 },
		{ "dom0 ", 0, 0, 0 },
		{ "!!dom0", -EINVAL, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t req = 0, sup = 0;
		const char *why;
		int rc = elf_xen_parse_features(t[i].s, &req, &sup, &why);

		CHECKF(rc == t[i].rc && req == t[i].req && sup == t[i].sup,
		       "\"%s\": rc %d req %#x sup %#x", t[i].s, rc, req, sup);
	}
	for (i = 0; i < ELF_XEN_NR_FEATURES; i++) {
		uint32_t req = 0, sup = 0;

		CHECK(elf_xen_parse_features(elf_xen_feature_name((unsigned int)i),
					     &req, &sup, NULL) == 0);
		CHECK_EQ(sup, 1u << i);
	}
	CHECK(elf_xen_feature_name(ELF_XEN_NR_FEATURES) == NULL);
	CHECK(!strcmp(elf_xen_feature_name(11), "dom0"));
}

/* ---- the PV64 dom0 check, on a parsed image with one field changed ---- */

struct bad_kernel {
	const char *name;
	void (*apply)(struct elf_xen_info *i);
	uint32_t hv_features;
	int rc;
	const char *why;	/* NULL: must pass */
};

#define KMUT(fn_name, ...) \
	static void fn_name(struct elf_xen_info *i) { __VA_ARGS__; }

KMUT(k_none, (void)i)
KMUT(k_xen_version, strcpy(i->xen_version, "xen-2.0"))
KMUT(k_xen_version_suffix, strcpy(i->xen_version, "xen-3.0-extra"))
KMUT(k_loader_other_linux, strcpy(i->loader, "bsd"))
KMUT(k_loader_os_other, strcpy(i->loader, "bsd"); strcpy(i->guest_os, "plan9"))
KMUT(k_loader_only, strcpy(i->guest_os, "plan9"))
KMUT(k_base_noncanon, i->virt_base = 0xff00000000000000ULL)
KMUT(k_base_unaligned, i->virt_base += 0x10)
KMUT(k_base_above_kernel, i->virt_base = ELFGEN_KSTART + 0x1000)
KMUT(k_entry_low, i->entry = ELFGEN_KSTART - 1)
KMUT(k_entry_end, i->entry = ELFGEN_KEND)
KMUT(k_entry_last, i->entry = ELFGEN_KEND - 1)
KMUT(k_empty, i->nr_load = 0)
KMUT(k_hv_area, i->virt_base = 0xffff800000000000ULL;
	i->virt_kstart = 0xffff870000000000ULL; i->virt_kend = 0xffff870000100000ULL;
	i->entry = i->virt_kstart)
KMUT(k_hv_area_end, i->virt_base = 0xffff880000000000ULL;
	i->virt_kstart = 0xffff880000000000ULL; i->virt_kend = 0xffff880000100000ULL;
	i->entry = i->virt_kstart)
KMUT(k_noncanon_extent, i->virt_base = 0x00007fffff000000ULL;
	i->virt_kstart = 0x00007fffff000000ULL; i->virt_kend = 0x0000800000100000ULL;
	i->entry = i->virt_kstart)
KMUT(k_hcall_ok, i->has_hypercall_page = true; i->hypercall_page = ELFGEN_KEND - 0x1000)
KMUT(k_hcall_cut, i->has_hypercall_page = true; i->hypercall_page = ELFGEN_KEND - 0x800)
KMUT(k_hcall_unaligned, i->has_hypercall_page = true; i->hypercall_page = ELFGEN_KSTART + 8)
KMUT(k_hcall_outside, i->has_hypercall_page = true; i->hypercall_page = ELFGEN_KSTART - 0x1000)
KMUT(k_p2m_inside, i->init_p2m = ELFGEN_KSTART + 0x1000)
KMUT(k_p2m_noncanon, i->init_p2m = 0x0000900000000000ULL)
KMUT(k_p2m_hv_area, i->init_p2m = 0xffff800000000000ULL)
KMUT(k_no_dom0, i->features_supported &= ~(1u << 11))

static const struct bad_kernel bad_kernels[] = {
	{ "unchanged", k_none, HV_FEATURES, 0, NULL },
	{ "XEN_VERSION xen-2.0", k_xen_version, HV_FEATURES, -EINVAL, "XEN_VERSION is not xen-3.0" },
	{ "XEN_VERSION with suffix", k_xen_version_suffix, HV_FEATURES, 0, NULL },
	{ "LOADER bsd, GUEST_OS linux", k_loader_other_linux, HV_FEATURES, 0, NULL },
	{ "LOADER bsd, GUEST_OS plan9", k_loader_os_other, HV_FEATURES, -EINVAL,
	  "LOADER is not generic and GUEST_OS is not linux" },
	{ "LOADER generic, GUEST_OS plan9", k_loader_only, HV_FEATURES, 0, NULL },
	{ "VIRT_BASE non-canonical", k_base_noncanon, HV_FEATURES, -EINVAL, "VIRT_BASE is not canonical" },
	{ "VIRT_BASE unaligned", k_base_unaligned, HV_FEATURES, -EINVAL, "VIRT_BASE is not page-aligned" },
	{ "VIRT_BASE above the kernel", k_base_above_kernel, HV_FEATURES, -EINVAL, "kernel starts below VIRT_BASE" },
	{ "ENTRY below", k_entry_low, HV_FEATURES, -EINVAL, "ENTRY is outside the kernel" },
	{ "ENTRY at the end", k_entry_end, HV_FEATURES, -EINVAL, "ENTRY is outside the kernel" },
	{ "ENTRY on the last byte", k_entry_last, HV_FEATURES, 0, NULL },
	{ "no segments", k_empty, HV_FEATURES, -EINVAL, "empty kernel image" },
	{ "in the hypervisor area", k_hv_area, HV_FEATURES, -EINVAL, "kernel overlaps the hypervisor's virtual area" },
	{ "just above the hypervisor area", k_hv_area_end, HV_FEATURES, 0, NULL },
	{ "across the canonical hole", k_noncanon_extent, HV_FEATURES, -EINVAL, "kernel extent is not canonical" },
	{ "hypercall page last page", k_hcall_ok, HV_FEATURES, 0, NULL },
	{ "hypercall page cut", k_hcall_cut, HV_FEATURES, -EINVAL, "HYPERCALL_PAGE is not a page inside the kernel" },
	{ "hypercall page unaligned", k_hcall_unaligned, HV_FEATURES, -EINVAL, "HYPERCALL_PAGE is not a page inside the kernel" },
	{ "hypercall page outside", k_hcall_outside, HV_FEATURES, -EINVAL, "HYPERCALL_PAGE is not a page inside the kernel" },
	{ "INIT_P2M inside", k_p2m_inside, HV_FEATURES, -EINVAL, "INIT_P2M is inside the kernel" },
	{ "INIT_P2M non-canonical", k_p2m_noncanon, HV_FEATURES, -EINVAL, "INIT_P2M is not a usable address" },
	{ "INIT_P2M in hypervisor area", k_p2m_hv_area, HV_FEATURES, -EINVAL, "INIT_P2M is not a usable address" },
	{ "required feature missing", k_none, 0, -EINVAL, "kernel requires a feature the hypervisor lacks" },
	{ "no dom0 feature", k_no_dom0, HV_FEATURES, -EINVAL, "kernel does not support running as dom0" },
};

TEST(elf, pv64_dom0_checks)
{
	struct elf_xen_info good;
	unsigned char *img;
	size_t size, i;

	img = elfgen_build(&(struct elfgen){ 0 }, &size);
	CHECK(elf_xen_parse(img, size, &good, NULL) == 0);
	free(img);

	for (i = 0; i < ARRAY_SIZE(bad_kernels); i++) {
		struct elf_xen_info info = good;
		const char *why = "unset";
		int rc;

		bad_kernels[i].apply(&info);
		rc = elf_xen_check_pv64_dom0(&info, bad_kernels[i].hv_features, &why);
		CHECKF(rc == bad_kernels[i].rc &&
		       (bad_kernels[i].why ? why && !strcmp(why, bad_kernels[i].why) : !why),
		       "%s: rc %d why \"%s\"", bad_kernels[i].name, rc,
		       why ? why : "(null)");
	}
	/* A domU kernel without the dom0 feature is fine as a plain PV64 guest. */
	{
		struct elf_xen_info info = good;

		k_no_dom0(&info);
		CHECK(elf_xen_check_pv64(&info, HV_FEATURES, NULL) == 0);
	}
}

/*
 * A real kernel, when one is at hand: UNIT_VMLINUX=<path to an extracted
 * Linux vmlinux with Xen notes> (never committed; see LINUX-PV-BOOT.md
 * 2.8 for how to get Debian's). Skipped otherwise.
 */
TEST(elf, real_vmlinux_if_given)
{
	const char *path = getenv("UNIT_VMLINUX");
	struct elf_xen_info info;
	struct loaded l = { .fail_at = -1 };
	unsigned char *img;
	const char *why = NULL;
	long size;
	FILE *f;

	if (!path || !*path) {
		test_note("skipped: UNIT_VMLINUX not set");
		return;
	}
	f = fopen(path, "rb");
	CHECKF(f != NULL, "cannot open %s", path);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	img = malloc((size_t)size);
	CHECK(img && fread(img, 1, (size_t)size, f) == (size_t)size);
	fclose(f);

	CHECKF(elf_xen_parse(img, (size_t)size, &info, &why) == 0, "parse: %s", why);
	CHECKF(elf_xen_check_pv64_dom0(&info, HV_FEATURES, &why) == 0, "dom0 check: %s", why);
	l.img = img;
	CHECK(elf_load(img, (size_t)size, &info, record_segment, &l) == 0);
	CHECK_EQ(l.n, info.nr_load);
	test_note("%s: entry %#llx, kernel [%#llx, %#llx), %u segments, features %#x/%#x",
		  path, (unsigned long long)info.entry,
		  (unsigned long long)info.virt_kstart,
		  (unsigned long long)info.virt_kend, info.nr_load,
		  info.features_required, info.features_supported);
	free(img);
}
