// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV builder: image containers and every compression, ELF note
 * checks, the start-of-day layout, and whole builds into the hypervisor
 * model, checked by walking the guest's page tables from its CR3 the way
 * the CPU would (and the model's pin validates them as Xen does). With
 * Debian's cloud kernel in .cache/linux, the real kernel is built too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "dom/dom.h"
#include "fakehv.h"
#include "kgen.h"
#include "../../unit/runner.h"

/* $CACHE_DIR as scripts/fetch-linux.sh uses it; the tests run in unit/. */
static void cloud_path(char *buf, size_t len, const char *file)
{
	const char *cache = getenv("CACHE_DIR");

	snprintf(buf, len, "%s/linux/cloud/%s", cache && *cache ? cache
		 : "../../../.cache", file);
}

/* ---- images ---- */

TEST(image, every_wrapping)
{
	struct kgen_opts o = { .text_len = 300000 };
	size_t elen, i;
	uint8_t *elf = kgen_elf(&o, &elen);
	static const enum kgen_comp comps[] = { KGEN_GZIP, KGEN_XZ, KGEN_LZMA,
						KGEN_LZ4, KGEN_ZSTD };

	CHECK(elf != NULL);
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		size_t clen, blen, olen;
		uint8_t *c = kgen_compress(comps[i], elf, elen, &clen);
		uint8_t *bz = kgen_bzimage(c, clen, &blen), *out = NULL;
		char err[256];

		/* compressed ELF on its own */
		CHECKF(ctrl_image_unwrap(c, clen, &out, &olen, err, sizeof(err)) == 0,
		       "comp %zu: %s", i, err);
		CHECKF(out && olen == elen && !memcmp(out, elf, elen), "comp %zu",
		       i);
		free(out);
		out = NULL;
		/* inside a bzImage */
		CHECKF(ctrl_image_unwrap(bz, blen, &out, &olen, err, sizeof(err)) == 0,
		       "bz %zu: %s", i, err);
		CHECKF(out && olen == elen && !memcmp(out, elf, elen), "bz %zu", i);
		free(out);
		/* truncated: an error, never a crash */
		out = NULL;
		CHECKF(ctrl_image_unwrap(c, clen / 2, &out, &olen, err,
					 sizeof(err)) != 0, "trunc %zu", i);
		free(out);
		free(c);
		free(bz);
	}
	free(elf);
}

TEST(image, errors)
{
	static const uint8_t junk[] = "this is not a kernel at all.....";
	uint8_t bz[0x400] = { 0 }, *out = NULL;
	size_t olen;
	char err[256];

	CHECK_EQ(ctrl_image_unwrap(junk, sizeof(junk), &out, &olen, err,
				   sizeof(err)), -EINVAL);
	CHECK_STR(err, "not a kernel image (neither ELF, bzImage nor a "
		       "compressed ELF)");
	memcpy(bz + 0x202, "HdrS", 4);
	bz[0x206] = 0x06;
	bz[0x207] = 0x02;
	CHECK_EQ(ctrl_image_unwrap(bz, sizeof(bz), &out, &olen, err,
				   sizeof(err)), -EINVAL);
	CHECK_STR(err, "bzImage boot protocol 2.06 is too old (2.08 or later "
		       "carries the payload location)");
	bz[0x206] = 0x0f;
	bz[0x24c] = 0x10; /* payload_length past the end */
	bz[0x24d] = 0x10;
	CHECK_EQ(ctrl_image_unwrap(bz, sizeof(bz), &out, &olen, err,
				   sizeof(err)), -EINVAL);
	CHECK_STR(err, "bzImage payload (offset 0, length 0x1010) is outside "
		       "the file");
	CHECK_EQ(ctrl_image_unwrap((const uint8_t *)"BZh91AY", 7, &out, &olen,
				   err, sizeof(err)), -EOPNOTSUPP);
	CHECK_STR(err, "bzip2-compressed kernels are not supported");
}

TEST(elf, notes)
{
	static const struct {
		struct kgen_opts o;
		const char *err;
	} rows[] = {
		{ { 0 }, NULL },
		{ { .xen_version = "" }, "no Xen ELF notes: this kernel was not built for Xen PV" },
		{ { .xen_version = "xen-2.0" }, "Xen ELF note XEN_VERSION is 'xen-2.0', not 'xen-3.0'" },
		{ { .loader = "bsd" }, "Xen ELF note LOADER is 'bsd', not 'generic'" },
		{ { .no_entry = true }, "Xen ELF notes lack ENTRY or VIRT_BASE" },
		{ { .entry_off = 1 << 20 }, "entry point 0xffffffff81100000 is outside the image [0xffffffff81000000, 0xffffffff81010000)" },
		{ { .features = "!auto_translated_physmap" }, "the kernel requires features a PV guest cannot have (!auto_translated_physmap)" },
		{ { .features = "!warp_drive" }, "the kernel requires unknown feature 'warp_drive'" },
		{ { .hypercall_off = 0x801 }, "hypercall page 0xffffffff81000801 is not a page of the image" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctrl_pv_kernel k;
		size_t len;
		uint8_t *elf = kgen_elf(&rows[i].o, &len);
		char err[256];
		int rc = ctrl_elf_parse(elf, len, &k, err, sizeof(err));

		if (!rows[i].err) {
			CHECKF(rc == 0, "row %zu: %s", i, err);
			CHECK_EQ(k.virt_base, KGEN_VIRT_BASE);
			CHECK_EQ(k.virt_kstart, KGEN_VIRT_BASE + (16 << 20));
			CHECK_EQ(k.entry, k.virt_kstart);
			CHECK_STR(k.guest_os, "linux");
			CHECK_EQ(k.features_required[0], 1);
			CHECK_EQ(k.features_supported[0], 1 << 4);
		} else {
			CHECKF(rc == -EINVAL && !strcmp(err, rows[i].err),
			       "row %zu: %d '%s'", i, rc, err);
		}
		free(elf);
	}
	/* hostile headers */
	{
		struct kgen_opts o = { 0 };
		struct ctrl_pv_kernel k;
		size_t len;
		uint8_t *elf = kgen_elf(&o, &len);
		char err[256];

		elf[56] = 0xff; /* phnum: the extra headers read as zeroes */
		CHECK_EQ(ctrl_elf_parse(elf, len, &k, err, sizeof(err)), 0);
		elf[56] = 2;
		{
			uint64_t off = len - 40; /* phoff near the end */

			memcpy(elf + 32, &off, 8);
		}
		CHECK_EQ(ctrl_elf_parse(elf, len, &k, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, "program header 0 is outside the file");
		memcpy(elf + 32, &(uint64_t){ 64 }, 8);
		elf[64 + 32 + 3] = 0x7f; /* filesz of the PT_LOAD */
		CHECK_EQ(ctrl_elf_parse(elf, len, &k, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, "segment 0 is outside the file");
		free(elf);
	}
}

/* ---- layout ---- */

static struct ctrl_pv_kernel debian_like(void)
{
	struct ctrl_pv_kernel k = { .virt_base = KGEN_VIRT_BASE };

	k.virt_kstart = KGEN_VIRT_BASE + 0x1000000;
	k.virt_kend = KGEN_VIRT_BASE + 0x3e00000;
	k.entry = KGEN_VIRT_BASE + 0x304e1c0;
	k.mod_start_pfn = true;
	return k;
}

TEST(layout, debian_kernel_128m)
{
	struct ctrl_pv_kernel k = debian_like();
	struct ctrl_pv_layout l;
	char err[256];

	CHECK_EQ(ctrl_pv_layout(&k, 3000000, 32768, &l, err, sizeof(err)), 0);
	CHECK_EQ(l.kernel_pfn, 0x1000);
	CHECK_EQ(l.kernel_pages, 0x2e00);
	CHECK_EQ(l.ramdisk_pfn, 0x3e00);
	CHECK_EQ(l.ramdisk_pages, 733);
	CHECK(!l.ramdisk_unmapped);
	CHECK_EQ(l.p2m_pfn, 0x3e00 + 733);
	CHECK_EQ(l.p2m_pages, 64);
	CHECK_EQ(l.start_info_pfn, l.p2m_pfn + 64);
	CHECK_EQ(l.store_pfn, l.start_info_pfn + 1);
	CHECK_EQ(l.console_pfn, l.store_pfn + 1);
	CHECK_EQ(l.pt_pfn, l.console_pfn + 1);
	/* ~68 MiB mapped: 1 L4 + 1 L3 + 1 L2 + 34 L1 */
	CHECK_EQ(l.nr_l3, 1);
	CHECK_EQ(l.nr_l2, 1);
	CHECK_EQ(l.nr_l1, l.map_pages / 512);
	CHECK_EQ(l.nr_pt, 3 + l.nr_l1);
	CHECK_EQ(l.stack_pfn, l.pt_pfn + l.nr_pt);
	CHECK_EQ(l.map_pages % 1024, 0);		 /* 4 MiB aligned */
	CHECK(l.map_pages - (l.stack_pfn + 1) >= 128); /* >= 512 KiB slack */
	CHECK(l.map_pages <= 32768);
}

TEST(layout, limits)
{
	struct ctrl_pv_kernel k = debian_like();
	struct ctrl_pv_layout l;
	char err[256];

	CHECK_EQ(ctrl_pv_layout(&k, 0, 15000, &l, err, sizeof(err)), -ENOMEM);
	CHECK_STR(err, "58 MiB of memory is too small for this kernel and "
		       "initrd (they need 64 MiB)");
	/* a 1.2 GiB initrd goes unmapped when the kernel allows it */
	CHECK_EQ(ctrl_pv_layout(&k, 1200ULL << 20, 400000, &l, err,
				sizeof(err)), 0);
	CHECK(l.ramdisk_unmapped);
	CHECK_EQ(l.ramdisk_pfn, l.map_pages);
	CHECK(l.map_pages << 12 <= 1ULL << 30);
	k.mod_start_pfn = false;
	CHECK_EQ(ctrl_pv_layout(&k, 1200ULL << 20, 400000, &l, err,
				sizeof(err)), -E2BIG);
}

/* ---- whole builds in the model ---- */

#define PTE_P	(1ULL << 0)
#define PTE_RW	(1ULL << 1)
#define PTE_MFN(e) (((e) & 0x000ffffffffff000ULL) >> 12)

/* Walk the guest's tables: VA -> mfn, or ~0 if unmapped. *rw: writable. */
static uint64_t walk(struct ctrl_transport *t, uint64_t cr3, uint64_t va,
		     bool *rw)
{
	uint64_t mfn = cr3 >> 12;
	int lvl;

	*rw = true;
	for (lvl = 4; lvl >= 1; lvl--) {
		const uint64_t *pt = ctrl_fake_frame(t, mfn);
		uint64_t e;

		if (!pt)
			return ~0ULL;
		e = pt[(va >> (12 + 9 * (lvl - 1))) & 511];
		if (!(e & PTE_P))
			return ~0ULL;
		if (!(e & PTE_RW))
			*rw = false;
		mfn = PTE_MFN(e);
	}
	return mfn;
}

static void *gva(struct ctrl_transport *t, uint64_t cr3, uint64_t va)
{
	bool rw;
	uint64_t mfn = walk(t, cr3, va, &rw);

	return mfn == ~0ULL ? NULL
			    : (uint8_t *)ctrl_fake_frame(t, mfn) + (va & 0xfff);
}

struct built {
	struct fakehv *h;
	uint32_t domid;
	struct ctrl_pv_build_result r;
	int rc;
	char err[512];
};

static void build_into_model(struct built *b, size_t frames, uint64_t mem_pages,
			     const uint8_t *elf, size_t elen,
			     const uint8_t *rd, size_t rdlen, const char *cmd)
{
	struct ctrl_create_args ca = { .max_vcpus = 1, .max_evtchn_port = 1023,
				       .max_grant_frames = -1,
				       .max_maptrack_frames = -1 };
	struct ctrl_pv_build_args a = { 0 };
	uint32_t sport = 0, cport = 0;

	memset(b, 0, sizeof(*b));
	b->h = fakehv_new(frames);
	CHECK_EQ(ctrl_dom_create(b->h->t, &ca, &b->domid), 0);
	CHECK_EQ(ctrl_dom_max_vcpus(b->h->t, b->domid, 1), 0);
	CHECK_EQ(ctrl_dom_max_mem(b->h->t, b->domid, mem_pages * 4), 0);
	CHECK_EQ(ctrl_evtchn_alloc_unbound(b->h->t, b->domid, 0, &sport), 0);
	CHECK_EQ(ctrl_evtchn_alloc_unbound(b->h->t, b->domid, 0, &cport), 0);
	a.domid = b->domid;
	a.nr_pages = mem_pages;
	a.kernel = elf;
	a.kernel_len = elen;
	a.ramdisk = rd;
	a.ramdisk_len = rdlen;
	a.cmdline = cmd;
	a.store_evtchn = sport;
	a.console_evtchn = cport;
	b->rc = ctrl_pv_build(b->h->t, &a, &b->r, b->err, sizeof(b->err));
}

/* What Linux's early boot relies on, checked through the page tables. */
static void check_start_of_day(struct built *b, const char *cmd,
			       const uint8_t *rd, size_t rdlen)
{
	struct fhv_dom *d = fakehv_dom(b->h, b->domid);
	const struct ctrl_pv_layout *l = &b->r.layout;
	const struct xabi_vcpu_guest_context *c = &d->ctx[0];
	struct ctrl_transport *t = b->h->t;
	uint64_t cr3 = c->ctrlreg[3], pfn;
	const struct xabi_start_info *si;
	const uint64_t *p2m;
	const struct xabi_grant_entry_v1 *g;
	const uint8_t *shared;
	bool rw;
	int i;

	CHECKF(d->pinned_l4 == cr3 >> 12, "pin: %s", d->pin_error);
	CHECK(d->ctx_set[0]);
	CHECK_EQ(c->flags, XABI_VGCF_in_kernel | XABI_VGCF_online);
	CHECK_EQ(c->user_regs.cs, 0xe033);
	CHECK_EQ(c->user_regs.ss, 0xe02b);
	CHECK_EQ(c->user_regs.rip, b->r.kernel.entry);
	CHECK_EQ(c->kernel_sp, c->user_regs.rsp);
	CHECK_EQ(c->user_regs.rsp, ctrl_pv_va(l, l->stack_pfn + 1));
	/* start_info, found from RSI */
	si = gva(t, cr3, c->user_regs.rsi);
	CHECK(si != NULL);
	if (!si)
		return;
	CHECK_STR(si->magic, "xen-3.0-x86_64");
	CHECK_EQ(si->nr_pages, l->nr_pages);
	CHECK_EQ(si->shared_info >> 12, d->shared_info_mfn);
	CHECK_STR((const char *)si->cmd_line, cmd);
	CHECK_EQ(si->pt_base, ctrl_pv_va(l, l->pt_pfn));
	CHECK_EQ(walk(t, cr3, si->pt_base, &rw), cr3 >> 12);
	CHECK(!rw); /* the L4 is mapped read-only */
	CHECK_EQ(si->nr_pt_frames, l->nr_pt);
	CHECK_EQ(si->store_evtchn, 1);
	CHECK_EQ(si->console.domU.evtchn, 2);
	CHECK_EQ(si->store_mfn, b->r.store_mfn);
	CHECK_EQ(si->console.domU.mfn, b->r.console_mfn);
	CHECK_EQ(walk(t, cr3, ctrl_pv_va(l, l->store_pfn), &rw), si->store_mfn);
	CHECK(rw);
	/* p2m via mfn_list agrees with the hypervisor's M2P */
	for (pfn = 0; pfn < l->nr_pages; pfn += 97) {
		p2m = gva(t, cr3, si->mfn_list + pfn * 8);
		CHECKF(p2m && b->h->m2p[*p2m] == pfn, "p2m[%#llx]",
		       (unsigned long long)pfn);
	}
	/* every page table frame is read-only, the stack is writable */
	for (pfn = l->pt_pfn; pfn < l->pt_pfn + l->nr_pt; pfn++) {
		walk(t, cr3, ctrl_pv_va(l, pfn), &rw);
		CHECKF(!rw, "pt pfn %#llx writable", (unsigned long long)pfn);
	}
	CHECK(walk(t, cr3, ctrl_pv_va(l, l->stack_pfn), &rw) != ~0ULL && rw);
	/* the whole region is mapped, nothing beyond it */
	CHECK(walk(t, cr3, ctrl_pv_va(l, l->map_pages - 1), &rw) != ~0ULL);
	CHECK(walk(t, cr3, ctrl_pv_va(l, l->map_pages), &rw) == ~0ULL);
	/* initrd */
	if (rd) {
		const uint8_t *p = gva(t, cr3, si->mod_start);

		CHECK_EQ(si->mod_len, rdlen);
		CHECK(p && !memcmp(p, rd, rdlen < 4096 ? rdlen : 4096));
	}
	/* grant entries for the back-ends */
	g = ctrl_fake_frame(t, d->gnttab_mfn);
	CHECK(b->r.gnttab_seeded);
	CHECK_EQ(g[0].flags, XABI_GTF_permit_access);
	CHECK_EQ(g[0].domid, 0);
	CHECK_EQ(g[0].frame, si->console.domU.mfn);
	CHECK_EQ(g[1].flags, XABI_GTF_permit_access);
	CHECK_EQ(g[1].frame, si->store_mfn);
	/* events masked on every vCPU slot */
	shared = ctrl_fake_frame(t, d->shared_info_mfn);
	for (i = 0; i < 32; i++)
		CHECK_EQ(shared[i * 64 + 1], 1);
	/* and no foreign mapping left behind */
	CHECK_EQ(ctrl_fake_live_maps(t), 0);
}

TEST(build, synthetic_kernel)
{
	struct kgen_opts o = { .text_len = 200000, .bss_len = 8192,
			       .entry_off = 0x1230, .hypercall_off = 0x2000 };
	uint8_t rd[10000];
	size_t elen, i;
	uint8_t *elf = kgen_elf(&o, &elen);
	struct built b;
	const uint8_t *p;

	for (i = 0; i < sizeof(rd); i++)
		rd[i] = (uint8_t)(i * 7);
	build_into_model(&b, 16384, 8192, elf, elen, rd, sizeof(rd),
			 "console=hvc0 root=/dev/ram");
	CHECKF(b.rc == 0, "%s", b.err);
	if (!b.rc) {
		uint64_t cr3 = fakehv_dom(b.h, b.domid)->ctx[0].ctrlreg[3];

		check_start_of_day(&b, "console=hvc0 root=/dev/ram", rd,
				   sizeof(rd));
		/* kernel text at its virtual address, bss zero */
		p = gva(b.h->t, cr3, KGEN_VIRT_BASE + (16 << 20) + 4096 * 7 + 5);
		CHECK(p && *p == kgen_byte(4096 * 7 + 5));
		p = gva(b.h->t, cr3, KGEN_VIRT_BASE + (16 << 20) + 200000 + 100);
		CHECK(p && *p == 0);
		/* the hypercall page was handed to the hypervisor */
		CHECK_EQ(fakehv_dom(b.h, b.domid)->hypercall_page,
			 walk(b.h->t, cr3, KGEN_VIRT_BASE + (16 << 20) + 0x2000,
			      &(bool){ false }));
		CHECK_EQ(fakehv_dom(b.h, b.domid)->tot_pages, 8192);
	}
	fakehv_free(b.h);
	free(elf);
}

TEST(build, failures)
{
	struct kgen_opts o = { 0 };
	size_t elen;
	uint8_t *elf = kgen_elf(&o, &elen);
	struct ctrl_pv_build_args a = { 0 };
	struct ctrl_pv_build_result r;
	struct ctrl_create_args ca = { .max_vcpus = 1 };
	struct fakehv *h = fakehv_new(16384);
	uint32_t d = 0;
	char err[512];

	CHECK_EQ(ctrl_dom_create(h->t, &ca, &d), 0);
	CHECK_EQ(ctrl_dom_max_vcpus(h->t, d, 1), 0);
	a.domid = d;
	a.nr_pages = 8192;
	a.kernel = elf;
	a.kernel_len = elen;
	/* max_mem below what we populate */
	CHECK_EQ(ctrl_dom_max_mem(h->t, d, 4096 * 4), 0);
	CHECK_EQ(ctrl_pv_build(h->t, &a, &r, err, sizeof(err)), -ENOMEM);
	CHECK_STR(err, "allocating 32 MiB for the guest stopped after 16 MiB: "
		       "Cannot allocate memory");
	CHECK_EQ(ctrl_dom_destroy(h->t, d), 0);
	/* a mapping failure */
	d = 0;
	CHECK_EQ(ctrl_dom_create(h->t, &ca, &d), 0);
	CHECK_EQ(ctrl_dom_max_vcpus(h->t, d, 1), 0);
	CHECK_EQ(ctrl_dom_max_mem(h->t, d, 8192 * 4), 0);
	a.domid = d;
	ctrl_fake_fail_maps(h->t, EFAULT, 1);
	CHECK_EQ(ctrl_pv_build(h->t, &a, &r, err, sizeof(err)), -EFAULT);
	CHECK_STR(err, "mapping the kernel's 16 pages: Bad address");
	CHECK_EQ(ctrl_fake_live_maps(h->t), 0);
	/* a setvcpucontext failure is reported as such */
	CHECK_EQ(ctrl_dom_destroy(h->t, d), 0);
	d = 0;
	CHECK_EQ(ctrl_dom_create(h->t, &ca, &d), 0);
	CHECK_EQ(ctrl_dom_max_vcpus(h->t, d, 1), 0);
	CHECK_EQ(ctrl_dom_max_mem(h->t, d, 8192 * 4), 0);
	a.domid = d;
	h->fail_cmd = XABI_DOMCTL_setvcpucontext;
	h->fail_rc = -EINVAL;
	CHECK_EQ(ctrl_pv_build(h->t, &a, &r, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "setting vCPU 0's context: Invalid argument");
	fakehv_free(h);
	free(elf);
}

TEST(build, debian_cloud_kernel)
{
	uint8_t *file = NULL, *elf = NULL, *vmlinux = NULL;
	size_t flen, elen, vlen;
	struct built b;
	char err[512], zpath[512], xpath[512];

	cloud_path(zpath, sizeof(zpath), "vmlinuz");
	cloud_path(xpath, sizeof(xpath), "vmlinux");
	if (ctrl_read_file(zpath, 64 << 20, &file, &flen)) {
		test_skip("no %s (scripts/fetch-linux.sh)", zpath);
		return;
	}
	/* the bzImage's XZ payload is exactly the extracted vmlinux */
	CHECKF(ctrl_image_unwrap(file, flen, &elf, &elen, err, sizeof(err)) == 0,
	       "%s", err);
	if (!ctrl_read_file(xpath, 256 << 20, &vmlinux, &vlen))
		CHECK(elf && vlen == elen && !memcmp(vmlinux, elf, elen));
	free(vmlinux);
	free(file);
	if (!elf)
		return;
	build_into_model(&b, 40000, 32768, elf, elen, NULL, 0, "console=hvc0");
	CHECKF(b.rc == 0, "%s", b.err);
	if (!b.rc) {
		CHECK_EQ(b.r.kernel.virt_base, 0xffffffff80000000ULL);
		CHECK_EQ(b.r.layout.kernel_pfn, 0x1000);
		CHECK_STR(b.r.kernel.loader, "generic");
		CHECK(b.r.kernel.mod_start_pfn);
		CHECK_EQ(b.r.kernel.hypercall_page, 0);
		check_start_of_day(&b, "console=hvc0", NULL, 0);
	}
	fakehv_free(b.h);
	free(elf);
}
