/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder: guest kernel images (ELF, bzImage, compressed
 * ELF), the Xen ELF notes, the start-of-day layout of a 64-bit PV guest
 * (kernel, initrd, p2m, start_info, xenstore and console rings, bootstrap
 * page tables L4, L3, L2, L1..., boot stack), and building it into a
 * created domain. Kernel and ramdisk references may be paths or URLs.
 */
#ifndef CTRL_BUILD_H
#define CTRL_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport/transport.h"

#define CTRL_BUILD_ERRLEN 512

/* ---- image formats (pure; fuzzed) ---- */

/* Largest kernel we are willing to decompress or load. */
#define CTRL_KERNEL_MAX (1UL << 30)

/*
 * Turn what a kernel file holds into an ELF image: ELF as is, a bzImage's
 * payload, or a gzip/xz/lzma/lz4/zstd-compressed ELF, decompressed.
 * *out is malloc'd (even for plain ELF). 0 or -errno with a message.
 */
int ctrl_image_unwrap(const uint8_t *buf, size_t len, uint8_t **out,
		      size_t *out_len, char *err, size_t errlen);

/* The same with a smaller output cap (fuzzing, tests). */
int ctrl_image_unwrap_max(const uint8_t *buf, size_t len, size_t max,
			  uint8_t **out, size_t *out_len, char *err,
			  size_t errlen);

/* Decompress one buffer whose format is recognised by its magic. */
int ctrl_decompress(const uint8_t *in, size_t len, uint8_t **out,
		    size_t *out_len, size_t max_out, char *err, size_t errlen);

/* What the ELF notes of a PV kernel say. */
struct ctrl_pv_kernel {
	uint64_t entry;		/* XEN_ELFNOTE_ENTRY */
	uint64_t virt_base;	/* XEN_ELFNOTE_VIRT_BASE */
	uint64_t paddr_offset;	/* XEN_ELFNOTE_PADDR_OFFSET */
	uint64_t virt_kstart, virt_kend; /* image range, virtual */
	uint64_t hypercall_page; /* VA, 0 if none */
	uint64_t init_p2m;	/* 0 if none */
	uint64_t hv_start_low;
	uint32_t features_supported[1], features_required[1];
	bool mod_start_pfn;
	bool suspend_cancel;
	char guest_os[32], guest_version[32], xen_version[32], loader[32];
	char features[256];
};

/* Parse an ELF64 x86-64 image and its Xen notes, checking both. */
int ctrl_elf_parse(const uint8_t *elf, size_t len, struct ctrl_pv_kernel *k,
		   char *err, size_t errlen);
/*
 * Copy the PT_LOAD segments into dst, which represents the guest virtual
 * range [k->virt_kstart, k->virt_kend) (zeroes included).
 */
int ctrl_elf_load(const uint8_t *elf, size_t len,
		  const struct ctrl_pv_kernel *k, uint8_t *dst);

/* ---- the start-of-day layout (pure) ---- */

struct ctrl_pv_layout {
	uint64_t virt_base;
	uint64_t nr_pages;		/* guest memory, pages */
	uint64_t kernel_pfn, kernel_pages;
	uint64_t ramdisk_pfn, ramdisk_pages;
	bool ramdisk_unmapped;		/* passed by pfn (SIF_MOD_START_PFN) */
	uint64_t p2m_pfn, p2m_pages;
	uint64_t start_info_pfn;
	uint64_t store_pfn, console_pfn;
	uint64_t pt_pfn, nr_pt;		/* L4, then L3s, L2s, L1s */
	unsigned int nr_l3, nr_l2, nr_l1;
	uint64_t stack_pfn;
	uint64_t map_pages;		/* mapped 1:1 from virt_base */
};

/*
 * Place everything. ramdisk_len 0 = none. -ENOMEM when nr_pages is too
 * small, -E2BIG when the mapped part would leave the first GiB above
 * virt_base (Linux only takes over one L2's worth of the boot mapping).
 */
int ctrl_pv_layout(const struct ctrl_pv_kernel *k, uint64_t ramdisk_len,
		   uint64_t nr_pages, struct ctrl_pv_layout *l, char *err,
		   size_t errlen);

/* VA of a pfn inside the boot mapping. */
static inline uint64_t ctrl_pv_va(const struct ctrl_pv_layout *l,
				  uint64_t pfn)
{
	return l->virt_base + (pfn << 12);
}

/*
 * Write the bootstrap page tables into the nr_pt frames at `pt` (the
 * caller's mapping of pfns pt_pfn...), using p2m[] for machine frames.
 * Page-table frames are mapped read-only, everything else read-write.
 */
void ctrl_pv_write_pagetables(const struct ctrl_pv_layout *l,
			      const uint64_t *p2m, uint8_t *pt);

/* ---- building into a domain ---- */

struct ctrl_pv_build_args {
	uint32_t domid;
	uint64_t nr_pages;
	const uint8_t *kernel;	/* ELF (after ctrl_image_unwrap) */
	size_t kernel_len;
	const uint8_t *ramdisk;	/* NULL = none */
	size_t ramdisk_len;
	const char *cmdline;
	uint32_t store_evtchn, console_evtchn; /* in the new domain */
	uint16_t store_domid, console_domid;   /* back-ends (normally 0) */
};

struct ctrl_pv_build_result {
	struct ctrl_pv_kernel kernel;
	struct ctrl_pv_layout layout;
	uint64_t store_mfn, console_mfn, l4_mfn;
	bool gnttab_seeded;
};

/*
 * Populate the domain's memory and lay out, load, pin and set up vCPU 0.
 * The domain must exist with max_mem and max_vcpus set; it stays paused.
 * On failure the domain is left for the caller to destroy.
 */
int ctrl_pv_build(struct ctrl_transport *t, const struct ctrl_pv_build_args *a,
		  struct ctrl_pv_build_result *r, char *err, size_t errlen);

/* ---- files and URLs ---- */

/*
 * A kernel or ramdisk reference to a local path: plain paths as they are,
 * file:// URLs decoded, http:// and https:// downloaded into cache_dir
 * (re-fetched only when the server copy is newer). *path is malloc'd.
 */
int ctrl_fetch(const char *ref, const char *cache_dir, char **path, char *err,
	       size_t errlen);
bool ctrl_is_url(const char *ref);
/* Read a whole file (at most max bytes). */
int ctrl_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);

#endif /* CTRL_BUILD_H */
