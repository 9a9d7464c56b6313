// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF64 x86-64 guest kernels and their Xen notes (owner "Xen"): entry
 * point, virtual base, paddr offset, feature strings, hypercall page and
 * the rest. The image is untrusted: every header, segment and note is
 * bounds-checked, and the notes are checked the way Xen's loader does
 * (XEN_VERSION "xen-3.0", LOADER "generic", an entry inside the image).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctrl-abi.h"
#include "build.h"

#define EI_CLASS   4
#define EI_DATA	   5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_X86_64  62
#define PT_LOAD	   1
#define PT_NOTE	   4

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static int eerr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int eerr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *const feature_names[] = {
	"writable_page_tables", "writable_descriptor_tables",
	"auto_translated_physmap", "supervisor_mode_kernel",
	"pae_pgdir_above_4gb", "mmu_pt_update_preserve_ad",
	"highmem_assist", "gnttab_map_avail_bits", "hvm_callback_vector",
	"hvm_safe_pvclock", "hvm_pirqs", "dom0", "grant_map_identity",
	"memory_op_vnode_supported", "ARM_SMCCC_supported",
	"linux_rsdp_unrestricted", "not_direct_mapped", "direct_mapped",
};

/* Features a 64-bit PV domU built here cannot have. */
#define UNSUPPORTED_REQUIRED ((1U << 2) | (1U << 3) | (1U << 8) | (1U << 10))

static int parse_features(struct ctrl_pv_kernel *k, char *err, size_t errlen)
{
	char buf[sizeof(k->features)], *tok, *save = NULL;

	memcpy(buf, k->features, sizeof(buf));
	for (tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		bool req = tok[0] == '!';
		size_t i;

		if (req)
			tok++;
		for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
			if (!strcmp(tok, feature_names[i]))
				break;
		if (i == sizeof(feature_names) / sizeof(feature_names[0])) {
			if (req)
				return eerr(err, errlen, "the kernel requires "
					    "unknown feature '%s'", tok);
			continue;
		}
		if (req)
			k->features_required[0] |= 1U << i;
		else
			k->features_supported[0] |= 1U << i;
	}
	if (k->features_required[0] & UNSUPPORTED_REQUIRED)
		return eerr(err, errlen, "the kernel requires features a PV "
			    "guest cannot have (%s)", k->features);
	return 0;
}

static uint64_t note_num(const uint8_t *d, uint32_t sz)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < sz && i < 8; i++)
		v |= (uint64_t)d[i] << (8 * i);
	return v;
}

static void note_str(char *dst, size_t cap, const uint8_t *d, uint32_t sz)
{
	size_t n = strnlen((const char *)d, sz);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, d, n);
	dst[n] = '\0';
}

struct seen {
	bool entry, virt_base, paddr_offset, xen_version;
};

static int one_note(struct ctrl_pv_kernel *k, struct seen *s, uint32_t type,
		    const uint8_t *d, uint32_t sz, char *err, size_t errlen)
{
	bool numeric = sz == 1 || sz == 2 || sz == 4 || sz == 8;

	switch (type) {
	case XABI_ELFNOTE_ENTRY:
	case XABI_ELFNOTE_HYPERCALL_PAGE:
	case XABI_ELFNOTE_VIRT_BASE:
	case XABI_ELFNOTE_PADDR_OFFSET:
	case XABI_ELFNOTE_HV_START_LOW:
	case XABI_ELFNOTE_INIT_P2M:
	case XABI_ELFNOTE_MOD_START_PFN:
	case XABI_ELFNOTE_SUSPEND_CANCEL:
	case XABI_ELFNOTE_SUPPORTED_FEATURES:
		if (!numeric)
			return eerr(err, errlen, "Xen ELF note %u has %u bytes, "
				    "not a number", type, sz);
		break;
	}
	switch (type) {
	case XABI_ELFNOTE_ENTRY:
		k->entry = note_num(d, sz);
		s->entry = true;
		break;
	case XABI_ELFNOTE_HYPERCALL_PAGE:
		k->hypercall_page = note_num(d, sz);
		break;
	case XABI_ELFNOTE_VIRT_BASE:
		k->virt_base = note_num(d, sz);
		s->virt_base = true;
		break;
	case XABI_ELFNOTE_PADDR_OFFSET:
		k->paddr_offset = note_num(d, sz);
		s->paddr_offset = true;
		break;
	case XABI_ELFNOTE_HV_START_LOW:
		k->hv_start_low = note_num(d, sz);
		break;
	case XABI_ELFNOTE_INIT_P2M:
		k->init_p2m = note_num(d, sz);
		break;
	case XABI_ELFNOTE_MOD_START_PFN:
		k->mod_start_pfn = note_num(d, sz) != 0;
		break;
	case XABI_ELFNOTE_SUSPEND_CANCEL:
		k->suspend_cancel = note_num(d, sz) != 0;
		break;
	case XABI_ELFNOTE_SUPPORTED_FEATURES:
		k->features_supported[0] |= (uint32_t)note_num(d, sz);
		break;
	case XABI_ELFNOTE_XEN_VERSION:
		note_str(k->xen_version, sizeof(k->xen_version), d, sz);
		s->xen_version = true;
		break;
	case XABI_ELFNOTE_GUEST_OS:
		note_str(k->guest_os, sizeof(k->guest_os), d, sz);
		break;
	case XABI_ELFNOTE_GUEST_VERSION:
		note_str(k->guest_version, sizeof(k->guest_version), d, sz);
		break;
	case XABI_ELFNOTE_LOADER:
		note_str(k->loader, sizeof(k->loader), d, sz);
		break;
	case XABI_ELFNOTE_FEATURES:
		note_str(k->features, sizeof(k->features), d, sz);
		break;
	default:
		break; /* PAE_MODE, L1_MFN_VALID, PHYS32_ENTRY ... */
	}
	return 0;
}

static int walk_notes(struct ctrl_pv_kernel *k, struct seen *s,
		      const uint8_t *p, uint64_t len, char *err, size_t errlen)
{
	uint64_t pos = 0;

	while (len - pos >= 12) {
		uint32_t namesz = (uint32_t)note_num(p + pos, 4);
		uint32_t descsz = (uint32_t)note_num(p + pos + 4, 4);
		uint32_t type = (uint32_t)note_num(p + pos + 8, 4);
		uint64_t name_len = ((uint64_t)namesz + 3) & ~3ULL;
		uint64_t desc_len = ((uint64_t)descsz + 3) & ~3ULL;
		const uint8_t *name = p + pos + 12;
		int rc;

		pos += 12;
		if (name_len > len - pos || desc_len > len - pos - name_len)
			return eerr(err, errlen, "ELF note runs past its "
				    "segment");
		if (namesz == 4 && !memcmp(name, "Xen", 4)) {
			rc = one_note(k, s, type, name + name_len, descsz, err,
				      errlen);
			if (rc)
				return rc;
		}
		pos += name_len + desc_len;
	}
	return 0;
}

static void read_ehdr(const uint8_t *b, struct ehdr *e)
{
	memcpy(e->ident, b, 16);
	e->type = (uint16_t)note_num(b + 16, 2);
	e->machine = (uint16_t)note_num(b + 18, 2);
	e->entry = note_num(b + 24, 8);
	e->phoff = note_num(b + 32, 8);
	e->phentsize = (uint16_t)note_num(b + 54, 2);
	e->phnum = (uint16_t)note_num(b + 56, 2);
}

static void read_phdr(const uint8_t *b, struct phdr *p)
{
	p->type = (uint32_t)note_num(b, 4);
	p->flags = (uint32_t)note_num(b + 4, 4);
	p->offset = note_num(b + 8, 8);
	p->vaddr = note_num(b + 16, 8);
	p->paddr = note_num(b + 24, 8);
	p->filesz = note_num(b + 32, 8);
	p->memsz = note_num(b + 40, 8);
}

static int phdr_at(const uint8_t *elf, size_t len, const struct ehdr *e,
		   unsigned int i, struct phdr *p)
{
	uint64_t off = e->phoff + (uint64_t)i * 56;

	if (off > len || 56 > len - off)
		return -EINVAL;
	read_phdr(elf + off, p);
	return 0;
}

int ctrl_elf_parse(const uint8_t *elf, size_t len, struct ctrl_pv_kernel *k,
		   char *err, size_t errlen)
{
	struct seen s = { 0 };
	uint64_t pstart = ~0ULL, pend = 0;
	struct ehdr e;
	unsigned int i;
	int rc;

	memset(k, 0, sizeof(*k));
	if (errlen)
		err[0] = '\0';
	if (len < 64 || memcmp(elf, "\177ELF", 4))
		return eerr(err, errlen, "not an ELF image");
	read_ehdr(elf, &e);
	if (e.ident[EI_CLASS] != ELFCLASS64 || e.ident[EI_DATA] != ELFDATA2LSB)
		return eerr(err, errlen, "not a 64-bit little-endian ELF "
			    "(only x86-64 PV guests are supported)");
	if (e.machine != EM_X86_64)
		return eerr(err, errlen, "ELF machine %u is not x86-64",
			    e.machine);
	if (e.phentsize != 56 || !e.phnum)
		return eerr(err, errlen, "ELF has no usable program headers");
	for (i = 0; i < e.phnum; i++) {
		struct phdr p;

		if (phdr_at(elf, len, &e, i, &p))
			return eerr(err, errlen, "program header %u is outside "
				    "the file", i);
		if (p.type != PT_LOAD && p.type != PT_NOTE)
			continue;
		if (p.offset > len || p.filesz > len - p.offset)
			return eerr(err, errlen, "segment %u is outside the "
				    "file", i);
		if (p.type == PT_NOTE) {
			rc = walk_notes(k, &s, elf + p.offset, p.filesz, err,
					errlen);
			if (rc)
				return rc;
			continue;
		}
		if (!p.memsz)
			continue;
		if (p.filesz > p.memsz || p.paddr + p.memsz < p.paddr)
			return eerr(err, errlen, "segment %u has bad sizes", i);
		if (p.paddr < pstart)
			pstart = p.paddr;
		if (p.paddr + p.memsz > pend)
			pend = p.paddr + p.memsz;
	}
	if (pstart >= pend)
		return eerr(err, errlen, "ELF has nothing to load");
	if (!s.xen_version)
		return eerr(err, errlen, "no Xen ELF notes: this kernel was not "
			    "built for Xen PV");
	if (strcmp(k->xen_version, "xen-3.0"))
		return eerr(err, errlen, "Xen ELF note XEN_VERSION is '%s', not "
			    "'xen-3.0'", k->xen_version);
	if (k->loader[0] && strcmp(k->loader, "generic"))
		return eerr(err, errlen, "Xen ELF note LOADER is '%s', not "
			    "'generic'", k->loader);
	if (!s.entry || !s.virt_base)
		return eerr(err, errlen, "Xen ELF notes lack ENTRY or "
			    "VIRT_BASE");
	if (!s.paddr_offset)
		k->paddr_offset = k->virt_base;
	if (k->paddr_offset > k->virt_base)
		return eerr(err, errlen, "PADDR_OFFSET %#llx above VIRT_BASE",
			    (unsigned long long)k->paddr_offset);
	k->virt_kstart = pstart + (k->virt_base - k->paddr_offset);
	k->virt_kend = pend + (k->virt_base - k->paddr_offset);
	if (pstart < k->paddr_offset || k->virt_kstart < k->virt_base ||
	    k->virt_kend < k->virt_kstart)
		return eerr(err, errlen, "kernel image below VIRT_BASE or "
			    "wrapping the address space");
	if (k->virt_kend - k->virt_kstart > CTRL_KERNEL_MAX)
		return eerr(err, errlen, "kernel image larger than 1 GiB");
	if (k->entry < k->virt_kstart || k->entry >= k->virt_kend)
		return eerr(err, errlen, "entry point %#llx is outside the "
			    "image [%#llx, %#llx)", (unsigned long long)k->entry,
			    (unsigned long long)k->virt_kstart,
			    (unsigned long long)k->virt_kend);
	if (k->hypercall_page &&
	    (k->hypercall_page < k->virt_kstart ||
	     k->hypercall_page >= k->virt_kend || (k->hypercall_page & 0xfff)))
		return eerr(err, errlen, "hypercall page %#llx is not a page "
			    "of the image", (unsigned long long)k->hypercall_page);
	return parse_features(k, err, errlen);
}

int ctrl_elf_load(const uint8_t *elf, size_t len,
		  const struct ctrl_pv_kernel *k, uint8_t *dst)
{
	struct ehdr e;
	unsigned int i;

	read_ehdr(elf, &e);
	memset(dst, 0, k->virt_kend - k->virt_kstart);
	for (i = 0; i < e.phnum; i++) {
		struct phdr p;
		uint64_t va;

		if (phdr_at(elf, len, &e, i, &p))
			return -EINVAL;
		if (p.type != PT_LOAD || !p.memsz)
			continue;
		/* p_paddr, not p_vaddr: Linux's percpu segment has vaddr 0. */
		va = p.paddr + (k->virt_base - k->paddr_offset);
		if (va < k->virt_kstart || va + p.memsz > k->virt_kend ||
		    p.offset > len || p.filesz > len - p.offset)
			return -EINVAL;
		memcpy(dst + (va - k->virt_kstart), elf + p.offset, p.filesz);
	}
	return 0;
}
