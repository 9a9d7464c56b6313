/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validating and loading an ELF64 x86-64 PV kernel (hypervisor/lib/elf.c).
 *
 * The image is untrusted: every offset and size is checked against the
 * image size before it is used, with arithmetic that cannot wrap. Failures
 * return -ENOEXEC when the image is not an ELF64 x86-64 executable or not
 * a Xen PV kernel, and -EINVAL when it is one but malformed or unsuitable;
 * if @why is not NULL it then points at a short static reason, e.g.
 * "truncated program header table". On success *why is set to NULL.
 *
 * Typical use by a builder:
 *
 *	rc = elf_xen_parse(image, size, &info, &why);
 *	if (!rc)
 *		rc = elf_xen_check_pv64_dom0(&info, features_we_provide, &why);
 *	if (!rc)
 *		rc = elf_load(image, size, &info, copy_segment, &ctx);
 */
#ifndef HV_LIB_ELF_H
#define HV_LIB_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Xen ELF note types (note name "Xen"). The numbers are Xen's ABI. Plain
 * decimal tokens, so a public elfnote.h defining the same names with the
 * same values can be included alongside without a redefinition error.
 */
#define XEN_ELFNOTE_INFO		0
#define XEN_ELFNOTE_ENTRY		1	/* initial RIP (VA) */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2	/* VA to fill with hypercall stubs */
#define XEN_ELFNOTE_VIRT_BASE		3	/* VA of pseudo-physical 0 */
#define XEN_ELFNOTE_PADDR_OFFSET	4	/* subtracted from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION		5	/* string, "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS		6	/* string, e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION	7	/* string */
#define XEN_ELFNOTE_LOADER		8	/* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE		9	/* string; meaningless for 64-bit */
#define XEN_ELFNOTE_FEATURES		10	/* string "a|!b|c" */
#define XEN_ELFNOTE_BSD_SYMTAB		11	/* string "yes" */
#define XEN_ELFNOTE_HV_START_LOW	12	/* 32-bit guests only */
#define XEN_ELFNOTE_L1_MFN_VALID	13	/* two numbers: mask, value */
#define XEN_ELFNOTE_SUSPEND_CANCEL	14
#define XEN_ELFNOTE_INIT_P2M		15	/* VA where the p2m may be mapped */
#define XEN_ELFNOTE_MOD_START_PFN	16	/* initrd may be passed by pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17	/* u32 feature bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* PVH 32-bit physical entry */
#define ELF_XEN_NOTE_MAX		18

/* Number of feature names FEATURES may use (Xen's XENFEAT_* 0..17). */
#define ELF_XEN_NR_FEATURES		18
#define ELF_XEN_FEATURE_DOM0		11

/* Longest string note we keep, including its NUL; longer ones are errors. */
#define ELF_XEN_STR_MAX			64

struct elf_xen_info {
	/* Bit n set: a "Xen" note of type n was present (see elf_xen_has()). */
	uint32_t notes_seen;

	uint64_t entry;			/* ENTRY, else the ELF e_entry */
	uint64_t hypercall_page;	/* HYPERCALL_PAGE, if has_... */
	bool has_hypercall_page;
	uint64_t virt_base;		/* VIRT_BASE, else 0 */
	uint64_t paddr_offset;		/* PADDR_OFFSET, else 0 */
	uint64_t hv_start_low;
	uint64_t init_p2m;
	uint64_t mod_start_pfn;
	uint64_t suspend_cancel;
	uint64_t l1_mfn_valid_mask;
	uint64_t l1_mfn_valid_value;
	uint64_t phys32_entry;
	bool bsd_symtab;		/* BSD_SYMTAB was "yes" */

	/* Bit n is XENFEAT n. Required features are also in supported. */
	uint32_t features_required;
	uint32_t features_supported;	/* FEATURES | SUPPORTED_FEATURES */

	char xen_version[ELF_XEN_STR_MAX];
	char loader[ELF_XEN_STR_MAX];
	char guest_os[ELF_XEN_STR_MAX];
	char guest_version[ELF_XEN_STR_MAX];
	char pae_mode[ELF_XEN_STR_MAX];

	/*
	 * Virtual extent [virt_kstart, virt_kend) of all PT_LOAD segments
	 * with a non-zero memsz, placed by p_paddr:
	 * VA = virt_base + p_paddr - paddr_offset. (p_vaddr is not usable:
	 * Linux has a per-cpu PT_LOAD whose p_vaddr is 0.)
	 */
	uint64_t virt_kstart;
	uint64_t virt_kend;
	unsigned int nr_load;		/* PT_LOADs with memsz > 0 */
};

static inline bool elf_xen_has(const struct elf_xen_info *info,
			       unsigned int type)
{
	return type <= ELF_XEN_NOTE_MAX && ((info->notes_seen >> type) & 1);
}

/*
 * Checks the ELF header and program header table: ELF64, little-endian,
 * x86-64, ET_EXEC, a program header table inside the image, every segment's
 * file bytes inside the image, and for PT_LOAD filesz <= memsz and no
 * address range that wraps. At least one PT_LOAD must have memsz > 0.
 */
int elf64_check(const void *image, size_t size, const char **why);

/*
 * elf64_check(), then collects the Xen notes (from PT_NOTE segments, or
 * from SHT_NOTE sections when the segments hold none) and computes the
 * virtual extent. An image without any Xen note is -ENOEXEC. Duplicate
 * notes: the last one wins, except that feature bits accumulate.
 */
int elf_xen_parse(const void *image, size_t size, struct elf_xen_info *info,
		  const char **why);

/*
 * Parses a FEATURES string ("a|!b|c", empty items allowed) into the bitmaps
 * (OR-ed into *required and *supported). "!name" marks a required feature.
 * A name not in Xen's feature list is -EINVAL, also when not required.
 */
int elf_xen_parse_features(const char *s, uint32_t *required,
			   uint32_t *supported, const char **why);

/* Xen's name for feature @bit, or NULL if there is none. */
const char *elf_xen_feature_name(unsigned int bit);

/*
 * Checks that a parsed kernel can be started as a 64-bit PV guest:
 * XEN_VERSION "xen-3.0", LOADER "generic" or GUEST_OS "linux" (both
 * compared as prefixes, as Xen does), VIRT_BASE canonical and page-aligned
 * and not above the kernel, the extent canonical and clear of the
 * hypervisor's 0xffff800000000000-0xffff87ffffffffff, ENTRY inside the
 * extent, a hypercall page (if any) page-aligned and inside the extent, an
 * INIT_P2M address (if any) canonical, page-aligned and outside the extent,
 * and no required feature missing from @hv_features (bit n = XENFEAT n).
 */
int elf_xen_check_pv64(const struct elf_xen_info *info, uint32_t hv_features,
		       const char **why);

/* elf_xen_check_pv64(), and the kernel declares the dom0 feature. */
int elf_xen_check_pv64_dom0(const struct elf_xen_info *info,
			    uint32_t hv_features, const char **why);

/*
 * Called once per PT_LOAD with memsz > 0, in program header order: copy
 * @filesz bytes from @src (NULL when filesz is 0) to guest VA @dest_va and
 * zero the following memsz - filesz bytes. @src points into the image and
 * is not aligned in any way. A non-zero return (a -errno) stops elf_load(),
 * which returns it.
 */
typedef int (*elf_load_fn)(void *ctx, uint64_t dest_va, const void *src,
			   uint64_t filesz, uint64_t memsz);

/*
 * Re-checks the image (elf64_check()) and calls @fn for each segment at
 * VA = info->virt_base + p_paddr - info->paddr_offset. @info must come
 * from elf_xen_parse() of the same image.
 */
int elf_load(const void *image, size_t size, const struct elf_xen_info *info,
	     elf_load_fn fn, void *ctx);

#endif /* HV_LIB_ELF_H */
