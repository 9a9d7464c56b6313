/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 PV kernel validation, Xen note parsing and segment loading.
 * The image is untrusted (a dom0 kernel from the boot loader, a domU kernel
 * from the toolstack): nothing is read before its offset and size have been
 * checked against the image size, and headers are copied out with memcpy so
 * that an unaligned image is fine.
 */
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/elf.h>
#include <hv/lib/elf64.h>
#include <hv/lib/string.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "headers are copied out of little-endian images as they are");

#define PAGE_SIZE	4096ULL
#define HALF_SPLIT	0x0000800000000000ULL	/* first non-canonical address */
#define UPPER_HALF	0xffff800000000000ULL	/* first upper-half address */
#define HV_AREA_START	0xffff800000000000ULL	/* hypervisor's L4 slots 256.. */
#define HV_AREA_END	0xffff880000000000ULL	/* ..271, exclusive */

/* Indexed by XENFEAT number. */
static const char *const feature_names[ELF_XEN_NR_FEATURES] = {
	"writable_page_tables",
	"writable_descriptor_tables",
	"auto_translated_physmap",
	"supervisor_mode_kernel",
	"pae_pgdir_above_4gb",
	"mmu_pt_update_preserve_ad",
	"highmem_assist",
	"gnttab_map_avail_bits",
	"hvm_callback_vector",
	"hvm_safe_pvclock",
	"hvm_pirqs",
	"dom0",
	"grant_map_identity",
	"memory_op_vnode_supported",
	"ARM_SMCCC_supported",
	"linux_rsdp_unrestricted",
	"not_direct_mapped",
	"direct_mapped",
};

enum note_kind {
	NOTE_IGNORE,	/* INFO and anything unknown */
	NOTE_NUM,	/* uint64_t field */
	NOTE_STR,	/* char[ELF_XEN_STR_MAX] field */
	NOTE_FEATURES,
	NOTE_SUPPORTED_FEATURES,
	NOTE_L1_MFN_VALID,
	NOTE_BSD_SYMTAB,
};

#define NUM(f)	{ NOTE_NUM, offsetof(struct elf_xen_info, f) }
#define STR(f)	{ NOTE_STR, offsetof(struct elf_xen_info, f) }

static const struct {
	enum note_kind kind;
	size_t field;
} note_table[ELF_XEN_NOTE_MAX + 1] = {
	[XEN_ELFNOTE_INFO]		 = { NOTE_IGNORE, 0 },
	[XEN_ELFNOTE_ENTRY]		 = NUM(entry),
	[XEN_ELFNOTE_HYPERCALL_PAGE]	 = NUM(hypercall_page),
	[XEN_ELFNOTE_VIRT_BASE]		 = NUM(virt_base),
	[XEN_ELFNOTE_PADDR_OFFSET]	 = NUM(paddr_offset),
	[XEN_ELFNOTE_XEN_VERSION]	 = STR(xen_version),
	[XEN_ELFNOTE_GUEST_OS]		 = STR(guest_os),
	[XEN_ELFNOTE_GUEST_VERSION]	 = STR(guest_version),
	[XEN_ELFNOTE_LOADER]		 = STR(loader),
	[XEN_ELFNOTE_PAE_MODE]		 = STR(pae_mode),
	[XEN_ELFNOTE_FEATURES]		 = { NOTE_FEATURES, 0 },
	[XEN_ELFNOTE_BSD_SYMTAB]	 = { NOTE_BSD_SYMTAB, 0 },
	[XEN_ELFNOTE_HV_START_LOW]	 = NUM(hv_start_low),
	[XEN_ELFNOTE_L1_MFN_VALID]	 = { NOTE_L1_MFN_VALID, 0 },
	[XEN_ELFNOTE_SUSPEND_CANCEL]	 = NUM(suspend_cancel),
	[XEN_ELFNOTE_INIT_P2M]		 = NUM(init_p2m),
	[XEN_ELFNOTE_MOD_START_PFN]	 = NUM(mod_start_pfn),
	[XEN_ELFNOTE_SUPPORTED_FEATURES] = { NOTE_SUPPORTED_FEATURES, 0 },
	[XEN_ELFNOTE_PHYS32_ENTRY]	 = NUM(phys32_entry),
};

/* The image and its (copied) ELF header, once elf_open() accepted them. */
struct image {
	const unsigned char *base;
	uint64_t size;
	struct elf64_ehdr eh;
};

static int fail(const char **why, int rc, const char *reason)
{
	if (why)
		*why = reason;
	return rc;
}

static bool in_image(const struct image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static bool canonical(uint64_t va)
{
	return va < HALF_SPLIT || va >= UPPER_HALF;
}

static uint64_t get_le(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

/* Only after elf_open() has checked the table lies inside the image. */
static void get_phdr(const struct image *img, unsigned int i,
		     struct elf64_phdr *ph)
{
	memcpy(ph, img->base + img->eh.e_phoff +
		   (uint64_t)i * img->eh.e_phentsize, sizeof(*ph));
}

static int check_phdr(const struct image *img, const struct elf64_phdr *ph,
		      const char **why)
{
	if (ph->p_filesz && !in_image(img, ph->p_offset, ph->p_filesz))
		return fail(why, -EINVAL, "segment outside the image");
	if (ph->p_type != PT_LOAD)
		return 0;
	if (ph->p_filesz > ph->p_memsz)
		return fail(why, -EINVAL, "segment file size above its memory size");
	if (ph->p_paddr > UINT64_MAX - ph->p_memsz ||
	    ph->p_vaddr > UINT64_MAX - ph->p_memsz)
		return fail(why, -EINVAL, "segment address range wraps");
	return 0;
}

/* The checks of elf64_check(), leaving @img ready for get_phdr(). */
static int elf_open(struct image *img, const void *image, size_t size,
		    const char **why)
{
	const struct elf64_ehdr *eh = &img->eh;
	struct elf64_phdr ph;
	unsigned int i, nr_load = 0;
	int rc;

	if (why)
		*why = NULL;
	if (!image)
		return fail(why, -EINVAL, "no image");
	img->base = image;
	img->size = size;
	if (size < sizeof(img->eh))
		return fail(why, -ENOEXEC, "truncated ELF header");
	memcpy(&img->eh, image, sizeof(img->eh));

	if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG0 + 1] != ELFMAG1 ||
	    eh->e_ident[EI_MAG0 + 2] != ELFMAG2 || eh->e_ident[EI_MAG0 + 3] != ELFMAG3)
		return fail(why, -ENOEXEC, "not an ELF image");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(why, -ENOEXEC, "not a 64-bit ELF image");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(why, -ENOEXEC, "not a little-endian ELF image");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(why, -ENOEXEC, "unknown ELF version");
	if (eh->e_machine != EM_X86_64)
		return fail(why, -ENOEXEC, "not an x86-64 ELF image");
	if (eh->e_type != ET_EXEC)
		return fail(why, -ENOEXEC, "not an ELF executable");

	if (!eh->e_phnum)
		return fail(why, -ENOEXEC, "no program headers");
	if (eh->e_phnum == PN_XNUM)
		return fail(why, -EINVAL, "too many program headers");
	if (eh->e_phentsize < sizeof(struct elf64_phdr))
		return fail(why, -EINVAL, "bad program header entry size");
	if (eh->e_phoff > size)
		return fail(why, -EINVAL, "program header table outside the image");
	/* Both factors are 16-bit: the product cannot overflow. */
	if ((uint64_t)eh->e_phnum * eh->e_phentsize > size - eh->e_phoff)
		return fail(why, -EINVAL, "truncated program header table");

	for (i = 0; i < eh->e_phnum; i++) {
		get_phdr(img, i, &ph);
		rc = check_phdr(img, &ph, why);
		if (rc)
			return rc;
		if (ph.p_type == PT_LOAD && ph.p_memsz)
			nr_load++;
	}
	if (!nr_load)
		return fail(why, -ENOEXEC, "no loadable segments");
	return 0;
}

int elf64_check(const void *image, size_t size, const char **why)
{
	struct image img;

	return elf_open(&img, image, size, why);
}

const char *elf_xen_feature_name(unsigned int bit)
{
	return bit < ELF_XEN_NR_FEATURES ? feature_names[bit] : NULL;
}

static int feature_bit(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < ELF_XEN_NR_FEATURES; i++) {
		if (strlen(feature_names[i]) == len &&
		    !memcmp(feature_names[i], name, len))
			return (int)i;
	}
	return -EINVAL;
}

/* @s need not be NUL-terminated: it ends after @len bytes or at a NUL. */
static int parse_features(const char *s, size_t len, uint32_t *required,
			  uint32_t *supported, const char **why)
{
	uint32_t req = 0, sup = 0;
	size_t pos = 0;

	len = strnlen(s, len);
	while (pos < len) {
		const char *item = s + pos;
		const char *bar = memchr(item, '|', len - pos);
		size_t n = bar ? (size_t)(bar - item) : len - pos;
		bool must = n && item[0] == '!';
		int bit;

		pos += n + (bar ? 1 : 0);
		if (!n)
			continue;
		bit = feature_bit(item + must, n - must);
		/* A feature we do not know may be ignored unless the kernel needs it. */
		if (bit < 0 && must)
			return fail(why, -EINVAL, "unknown required feature in FEATURES");
		if (bit < 0)
			continue;
		sup |= 1u << bit;
		if (must)
			req |= 1u << bit;
	}
	/* Only change the caller's bitmaps once the whole string is valid. */
	*required |= req;
	*supported |= sup;
	return 0;
}

int elf_xen_parse_features(const char *s, uint32_t *required,
			   uint32_t *supported, const char **why)
{
	if (why)
		*why = NULL;
	return parse_features(s, strlen(s), required, supported, why);
}

static int note_number(const unsigned char *desc, uint64_t descsz,
		       uint64_t *val, const char **why)
{
	if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
		return fail(why, -EINVAL, "bad size for a numeric Xen note");
	*val = get_le(desc, (unsigned int)descsz);
	return 0;
}

/* Strings end at their first NUL or at the end of the descriptor. */
static int note_string(const unsigned char *desc, uint64_t descsz, char *dst,
		       const char **why)
{
	size_t n = strnlen((const char *)desc, descsz);

	if (n >= ELF_XEN_STR_MAX)
		return fail(why, -EINVAL, "Xen note string too long");
	memcpy(dst, desc, n);
	dst[n] = '\0';
	return 0;
}

static int xen_note(struct elf_xen_info *info, uint32_t type,
		    const unsigned char *desc, uint64_t descsz,
		    const char **why)
{
	char *field;
	uint64_t val;
	int rc = 0;

	if (type > ELF_XEN_NOTE_MAX)
		return 0; /* newer than us: ignore, as Xen does */
	field = (char *)info + note_table[type].field;

	switch (note_table[type].kind) {
	case NOTE_IGNORE:
		break;
	case NOTE_NUM:
		rc = note_number(desc, descsz, &val, why);
		if (!rc)
			memcpy(field, &val, sizeof(val));
		break;
	case NOTE_STR:
		rc = note_string(desc, descsz, field, why);
		break;
	case NOTE_FEATURES:
		rc = parse_features((const char *)desc, descsz,
				    &info->features_required,
				    &info->features_supported, why);
		break;
	case NOTE_SUPPORTED_FEATURES:
		rc = note_number(desc, descsz, &val, why);
		if (!rc)
			info->features_supported |= (uint32_t)val;
		break;
	case NOTE_L1_MFN_VALID:
		/* A (mask, value) pair of 8-byte, or of 4-byte, numbers. */
		if (descsz != 16 && descsz != 8)
			return fail(why, -EINVAL, "bad size for L1_MFN_VALID");
		info->l1_mfn_valid_mask = get_le(desc, (unsigned int)descsz / 2);
		info->l1_mfn_valid_value = get_le(desc + descsz / 2,
						  (unsigned int)descsz / 2);
		break;
	case NOTE_BSD_SYMTAB:
		info->bsd_symtab = strnlen((const char *)desc, descsz) == 3 &&
				   !memcmp(desc, "yes", 3);
		break;
	}
	if (rc)
		return rc;
	info->notes_seen |= 1u << type;
	if (type == XEN_ELFNOTE_HYPERCALL_PAGE)
		info->has_hypercall_page = true;
	return 0;
}

/*
 * Walks the notes in @p[0..len), which starts @align-aligned: each note's
 * descriptor and the next note start at the next multiple of @align.
 * Counts the "Xen" notes into *nr_xen. The last descriptor's padding may
 * be missing.
 */
static int walk_notes(struct elf_xen_info *info, const unsigned char *p,
		      uint64_t len, uint64_t align, unsigned int *nr_xen,
		      const char **why)
{
	uint64_t off = 0;

	while (off < len) {
		uint64_t namesz, descsz, name_off, desc_off, next;
		uint32_t type;
		int rc;

		if (len - off < sizeof(struct elf64_note))
			return fail(why, -EINVAL, "truncated note header");
		namesz = get_le(p + off, 4);
		descsz = get_le(p + off + 4, 4);
		type = (uint32_t)get_le(p + off + 8, 4);
		name_off = off + sizeof(struct elf64_note);
		if (namesz > len - name_off)
			return fail(why, -EINVAL, "note name runs past the end of the notes");
		/* Now all sums stay below len + align: none can wrap. */
		desc_off = align_up(name_off + namesz, align);
		if (desc_off > len)
			return fail(why, -EINVAL, "note name runs past the end of the notes");
		if (descsz > len - desc_off)
			return fail(why, -EINVAL, "note descriptor runs past the end of the notes");
		next = align_up(desc_off + descsz, align);

		if (namesz == 4 && !memcmp(p + name_off, "Xen", 4)) {
			rc = xen_note(info, type, p + desc_off, descsz, why);
			if (rc)
				return rc;
			(*nr_xen)++;
		}
		off = next < len ? next : len;
	}
	return 0;
}

static int notes_from_segments(const struct image *img,
			       struct elf_xen_info *info, unsigned int *nr_xen,
			       const char **why)
{
	struct elf64_phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < img->eh.e_phnum; i++) {
		get_phdr(img, i, &ph);
		if (ph.p_type != PT_NOTE || !ph.p_filesz)
			continue;
		/* elf_open() checked the range. */
		rc = walk_notes(info, img->base + ph.p_offset, ph.p_filesz,
				ph.p_align == 8 ? 8 : 4, nr_xen, why);
		if (rc)
			return rc;
	}
	return 0;
}

static int notes_from_sections(const struct image *img,
			       struct elf_xen_info *info, unsigned int *nr_xen,
			       const char **why)
{
	const struct elf64_ehdr *eh = &img->eh;
	struct elf64_shdr sh;
	unsigned int i;
	int rc;

	if (!eh->e_shnum)
		return 0;
	if (eh->e_shentsize < sizeof(struct elf64_shdr))
		return fail(why, -EINVAL, "bad section header entry size");
	if (eh->e_shoff > img->size)
		return fail(why, -EINVAL, "section header table outside the image");
	if ((uint64_t)eh->e_shnum * eh->e_shentsize > img->size - eh->e_shoff)
		return fail(why, -EINVAL, "truncated section header table");

	for (i = 0; i < eh->e_shnum; i++) {
		memcpy(&sh, img->base + eh->e_shoff +
			    (uint64_t)i * eh->e_shentsize, sizeof(sh));
		if (sh.sh_type != SHT_NOTE || !sh.sh_size)
			continue;
		if (!in_image(img, sh.sh_offset, sh.sh_size))
			return fail(why, -EINVAL, "note section outside the image");
		rc = walk_notes(info, img->base + sh.sh_offset, sh.sh_size,
				sh.sh_addralign == 8 ? 8 : 4, nr_xen, why);
		if (rc)
			return rc;
	}
	return 0;
}

/* Where a PT_LOAD goes: modulo 2^64, but the segment itself must not wrap. */
static int load_va(const struct elf_xen_info *info,
		   const struct elf64_phdr *ph, uint64_t *va, const char **why)
{
	*va = info->virt_base + ph->p_paddr - info->paddr_offset;
	if (ph->p_memsz > UINT64_MAX - *va)
		return fail(why, -EINVAL, "segment load address wraps");
	return 0;
}

static int compute_extent(const struct image *img, struct elf_xen_info *info,
			  const char **why)
{
	struct elf64_phdr ph;
	uint64_t va;
	unsigned int i;
	int rc;

	info->virt_kstart = UINT64_MAX;
	info->virt_kend = 0;
	for (i = 0; i < img->eh.e_phnum; i++) {
		get_phdr(img, i, &ph);
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		rc = load_va(info, &ph, &va, why);
		if (rc)
			return rc;
		if (va < info->virt_kstart)
			info->virt_kstart = va;
		if (va + ph.p_memsz > info->virt_kend)
			info->virt_kend = va + ph.p_memsz;
		info->nr_load++;
	}
	return 0;
}

int elf_xen_parse(const void *image, size_t size, struct elf_xen_info *info,
		  const char **why)
{
	struct image img;
	unsigned int nr_xen = 0;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = elf_open(&img, image, size, why);
	if (rc)
		return rc;

	rc = notes_from_segments(&img, info, &nr_xen, why);
	if (!rc && !nr_xen)
		rc = notes_from_sections(&img, info, &nr_xen, why);
	if (rc)
		return rc;
	if (!nr_xen)
		return fail(why, -ENOEXEC, "no Xen ELF notes");

	/* Defaults as in Xen for images that have notes. */
	if (elf_xen_has(info, XEN_ELFNOTE_PADDR_OFFSET) &&
	    !elf_xen_has(info, XEN_ELFNOTE_VIRT_BASE))
		return fail(why, -EINVAL, "PADDR_OFFSET without VIRT_BASE");
	if (!elf_xen_has(info, XEN_ELFNOTE_ENTRY))
		info->entry = img.eh.e_entry;

	return compute_extent(&img, info, why);
}

static int check_common(const struct elf_xen_info *info, const char **why)
{
	uint64_t kstart = info->virt_kstart, kend = info->virt_kend;

	if (!elf_xen_has(info, XEN_ELFNOTE_XEN_VERSION))
		return fail(why, -EINVAL, "no XEN_VERSION note");
	/* Prefix comparisons, like Xen's, so the same kernels are accepted. */
	if (strncmp(info->xen_version, "xen-3.0", 7))
		return fail(why, -EINVAL, "XEN_VERSION is not xen-3.0");
	if (strncmp(info->loader, "generic", 7) &&
	    strncmp(info->guest_os, "linux", 5))
		return fail(why, -EINVAL, "LOADER is not generic and GUEST_OS is not linux");

	if (!canonical(info->virt_base))
		return fail(why, -EINVAL, "VIRT_BASE is not canonical");
	if (info->virt_base & (PAGE_SIZE - 1))
		return fail(why, -EINVAL, "VIRT_BASE is not page-aligned");
	if (!info->nr_load || kstart >= kend)
		return fail(why, -EINVAL, "empty kernel image");
	if (kstart < info->virt_base)
		return fail(why, -EINVAL, "kernel starts below VIRT_BASE");
	/* Both ends canonical and in the same half: no non-canonical byte. */
	if (!canonical(kstart) || !canonical(kend - 1) ||
	    (kstart < HALF_SPLIT) != (kend - 1 < HALF_SPLIT))
		return fail(why, -EINVAL, "kernel extent is not canonical");
	if (kstart < HV_AREA_END && kend > HV_AREA_START)
		return fail(why, -EINVAL, "kernel overlaps the hypervisor's virtual area");
	return 0;
}

int elf_xen_check_pv64(const struct elf_xen_info *info, uint32_t hv_features,
		       const char **why)
{
	uint64_t kstart = info->virt_kstart, kend = info->virt_kend;
	int rc;

	if (why)
		*why = NULL;
	rc = check_common(info, why);
	if (rc)
		return rc;

	if (info->entry < kstart || info->entry >= kend)
		return fail(why, -EINVAL, "ENTRY is outside the kernel");
	if (info->has_hypercall_page &&
	    ((info->hypercall_page & (PAGE_SIZE - 1)) ||
	     info->hypercall_page < kstart || info->hypercall_page >= kend ||
	     kend - info->hypercall_page < PAGE_SIZE))
		return fail(why, -EINVAL, "HYPERCALL_PAGE is not a page inside the kernel");
	if (elf_xen_has(info, XEN_ELFNOTE_INIT_P2M)) {
		uint64_t p2m = info->init_p2m;

		if (!canonical(p2m) || (p2m & (PAGE_SIZE - 1)) ||
		    (p2m >= HV_AREA_START && p2m < HV_AREA_END))
			return fail(why, -EINVAL, "INIT_P2M is not a usable address");
		if (p2m >= kstart && p2m < kend)
			return fail(why, -EINVAL, "INIT_P2M is inside the kernel");
	}
	if (info->features_required & ~hv_features)
		return fail(why, -EINVAL, "kernel requires a feature the hypervisor lacks");
	return 0;
}

int elf_xen_check_pv64_dom0(const struct elf_xen_info *info,
			    uint32_t hv_features, const char **why)
{
	int rc = elf_xen_check_pv64(info, hv_features, why);

	if (rc)
		return rc;
	if (!(info->features_supported & (1u << ELF_XEN_FEATURE_DOM0)))
		return fail(why, -EINVAL, "kernel does not support running as dom0");
	return 0;
}

int elf_load(const void *image, size_t size, const struct elf_xen_info *info,
	     elf_load_fn fn, void *ctx)
{
	struct image img;
	struct elf64_phdr ph;
	uint64_t va;
	unsigned int i;
	int rc;

	rc = elf_open(&img, image, size, NULL);
	if (rc)
		return rc;
	for (i = 0; i < img.eh.e_phnum; i++) {
		get_phdr(&img, i, &ph);
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		rc = load_va(info, &ph, &va, NULL);
		if (rc)
			return rc;
		rc = fn(ctx, va, ph.p_filesz ? img.base + ph.p_offset : NULL,
			ph.p_filesz, ph.p_memsz);
		if (rc)
			return rc;
	}
	return 0;
}
