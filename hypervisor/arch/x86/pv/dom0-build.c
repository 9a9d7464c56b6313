// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building the initial domain from a PV64 ELF kernel, with the layout a
 * Xen PV guest expects: one virtual region from VIRT_BASE mapping pfns
 * 0.. with 4 KiB pages, holding in order the kernel, the initrd, the p2m
 * list, start_info, the bootstrap page tables, a stack page, and at least
 * 512 KiB of slack, rounded to 4 MiB. Page-table frames are mapped
 * read-only and the L4 is pinned. Every check is made before memory is
 * taken, so a bad kernel stops with a message and nothing half built.
 */
#include <hv/lib.h>
#include <hv/config.h>
#include <hv/boot.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/page.h>
#include <hv/paging.h>
#include <hv/sched.h>
#include <hv/pv.h>
#include <hv/lib/elf.h>
#include <public/version.h>

#define L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define PT_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER)
#define SLACK   (512UL << 10)
#define ALIGN_4M (4UL << 20)

struct dom0_layout {
	unsigned long v_start, v_end;
	unsigned long vkern_start, vkern_end;
	unsigned long vinitrd_start, vinitrd_end;
	unsigned long vp2m_start, vp2m_end;
	unsigned long vstartinfo_start, vstartinfo_end;
	unsigned long vpt_start, nr_pt_pages;
	unsigned long vstack_start, vstack_end;
	unsigned long nr_l3, nr_l2, nr_l1;
};

struct build_ctx {
	struct domain *d;
	const struct dom0_layout *l;
	unsigned long *p2m;          /* hypervisor copy, pfn -> mfn */
	unsigned long nr_pages;
};

/* Number of distinct 2^shift-sized blocks [start, end) touches. */
static unsigned long blocks(unsigned long start, unsigned long end, unsigned int shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

static int compute_layout(struct dom0_layout *l, const struct elf_xen_info *info,
			  unsigned long initrd_len, unsigned long nr_pages, const char **why)
{
	unsigned long pt_pages = 0, end;

	l->v_start = info->virt_base;
	l->vkern_start = info->virt_kstart;
	l->vkern_end = ROUNDUP(info->virt_kend, PAGE_SIZE);
	if (l->vkern_start < l->v_start) {
		*why = "kernel loads below VIRT_BASE";
		return -EINVAL;
	}
	l->vinitrd_start = l->vkern_end;
	l->vinitrd_end = l->vinitrd_start + ROUNDUP(initrd_len, PAGE_SIZE);
	l->vp2m_start = l->vinitrd_end;
	l->vp2m_end = l->vp2m_start + ROUNDUP(nr_pages * sizeof(unsigned long), PAGE_SIZE);
	l->vstartinfo_start = l->vp2m_end;
	l->vstartinfo_end = l->vstartinfo_start + PAGE_SIZE;
	l->vpt_start = l->vstartinfo_end;
	/* The tables map the region they live in: iterate to a fixed point. */
	for (;;) {
		end = ROUNDUP(l->vpt_start + (pt_pages + 1) * PAGE_SIZE + SLACK, ALIGN_4M);
		l->nr_l3 = blocks(l->v_start, end, L4_SHIFT);
		l->nr_l2 = blocks(l->v_start, end, L3_SHIFT);
		l->nr_l1 = blocks(l->v_start, end, L2_SHIFT);
		if (1 + l->nr_l3 + l->nr_l2 + l->nr_l1 == pt_pages)
			break;
		pt_pages = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
	}
	l->nr_pt_pages = pt_pages;
	l->vstack_start = l->vpt_start + pt_pages * PAGE_SIZE;
	l->vstack_end = l->vstack_start + PAGE_SIZE;
	l->v_end = end;
	if (l->v_end < l->v_start || l->v_end - 1 > (unsigned long)-1) {
		*why = "layout wraps the address space";
		return -EINVAL;
	}
	if ((l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages) {
		*why = "dom0_mem is too small for the kernel, initrd and boot structures";
		return -ENOMEM;
	}
	/* Linux reaches all of it through one L2 below its kernel L3 slot. */
	if (l->v_end - l->v_start > (1UL << 30)) {
		*why = "kernel, initrd and boot structures exceed the first GiB";
		return -E2BIG;
	}
	return 0;
}

static void *pfn_va(const struct build_ctx *c, unsigned long pfn)
{
	return mfn_to_virt(c->p2m[pfn]);
}

static void *gva(const struct build_ctx *c, unsigned long va)
{
	return (char *)pfn_va(c, (va - c->l->v_start) >> PAGE_SHIFT) + (va & ~PAGE_MASK);
}

/* Copy into guest virtual memory page by page (frames are not contiguous). */
static void copy_to_dom(const struct build_ctx *c, unsigned long va, const void *src,
			unsigned long len)
{
	while (len) {
		unsigned long chunk = min(len, PAGE_SIZE - (va & ~PAGE_MASK));

		if (src) {
			memcpy(gva(c, va), src, chunk);
			src = (const char *)src + chunk;
		} else {
			memset(gva(c, va), 0, chunk);
		}
		va += chunk;
		len -= chunk;
	}
}

static int load_segment(void *ctx, uint64_t dest_va, const void *src, uint64_t filesz,
			uint64_t memsz)
{
	const struct build_ctx *c = ctx;

	if (dest_va < c->l->vkern_start || dest_va + memsz > c->l->vkern_end)
		return -EINVAL;
	copy_to_dom(c, dest_va, src, filesz);
	copy_to_dom(c, dest_va + filesz, NULL, memsz - filesz);
	return 0;
}

static int populate(struct build_ctx *c)
{
	struct domain *d = c->d;
	unsigned long pfn = 0;

	while (pfn < c->nr_pages) {
		unsigned int order = MAX_ORDER;
		struct page_info *pg;

		while (order && (1UL << order) > c->nr_pages - pfn)
			order--;
		while (!(pg = alloc_pages(order)))
			if (order-- == 0)
				return -ENOMEM;
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			unsigned long mfn = page_to_mfn(pg) + i;

			pg[i].owner = d;
			pg[i].count_info = PGC_allocated | 1;
			pg[i].type_info = PGT_none;
			list_add_tail(&pg[i].list, &d->page_list);
			memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
			c->p2m[pfn] = mfn;
			set_gpfn_from_mfn(mfn, pfn);
		}
	}
	d->tot_pages = c->nr_pages;
	d->max_pages = c->nr_pages;
	return 0;
}

/*
 * Bootstrap page tables at vpt_start, ordered L4, L3s, L2s, L1s. Entries
 * mapping any of these frames are read-only; each frame gets its type.
 */
static unsigned long build_page_tables(const struct build_ctx *c)
{
	const struct dom0_layout *l = c->l;
	unsigned long pt_pfn = (l->vpt_start - l->v_start) >> PAGE_SHIFT;
	unsigned long l4_pfn = pt_pfn;
	unsigned long l3_first = l4_pfn + 1, l2_first = l3_first + l->nr_l3;
	unsigned long l1_first = l2_first + l->nr_l2;
	unsigned long pt_end_pfn = pt_pfn + l->nr_pt_pages;
	pte_t *l4 = pfn_va(c, l4_pfn);

	init_guest_l4_slots(l4);
	for (unsigned long va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
		unsigned long pfn = (va - l->v_start) >> PAGE_SHIFT;
		unsigned long i3 = (va >> L4_SHIFT) - (l->v_start >> L4_SHIFT);
		unsigned long i2 = (va >> L3_SHIFT) - (l->v_start >> L3_SHIFT);
		unsigned long i1 = (va >> L2_SHIFT) - (l->v_start >> L2_SHIFT);
		pte_t *l3 = pfn_va(c, l3_first + i3);
		pte_t *l2 = pfn_va(c, l2_first + i2);
		pte_t *l1 = pfn_va(c, l1_first + i1);
		uint64_t prot = L1_PROT;

		l4[l4_table_offset(va)] = pte_from_mfn(c->p2m[l3_first + i3], PT_PROT);
		l3[l3_table_offset(va)] = pte_from_mfn(c->p2m[l2_first + i2], PT_PROT);
		l2[l2_table_offset(va)] = pte_from_mfn(c->p2m[l1_first + i1], PT_PROT);
		if (pfn >= pt_pfn && pfn < pt_end_pfn)
			prot &= ~_PAGE_RW;
		l1[l1_table_offset(va)] = pte_from_mfn(c->p2m[pfn], prot);
	}
	/*
	 * References, as if each entry had been installed through the checked
	 * path: allocation + one per mapping; tables also one type reference
	 * from their parent (the L4: from its pin); writable frames one
	 * writable-type reference per writable mapping.
	 */
	mfn_to_page(c->p2m[l4_pfn])->type_info =
		PGT_l4_page_table | PGT_validated | PGT_pinned | 2;  /* pin + CR3 */
	for (unsigned long p = l3_first; p < l2_first; p++)
		mfn_to_page(c->p2m[p])->type_info = PGT_l3_page_table | PGT_validated | 1;
	for (unsigned long p = l2_first; p < l1_first; p++)
		mfn_to_page(c->p2m[p])->type_info = PGT_l2_page_table | PGT_validated | 1;
	for (unsigned long p = l1_first; p < pt_end_pfn; p++)
		mfn_to_page(c->p2m[p])->type_info = PGT_l1_page_table | PGT_validated | 1;
	for (unsigned long p = pt_pfn; p < pt_end_pfn; p++)
		mfn_to_page(c->p2m[p])->count_info = PGC_allocated | 3;
	mfn_to_page(c->p2m[l4_pfn])->count_info = PGC_allocated | 4;
	for (unsigned long p = 0; p < ((l->v_end - l->v_start) >> PAGE_SHIFT); p++) {
		if (p >= pt_pfn && p < pt_end_pfn)
			continue;
		mfn_to_page(c->p2m[p])->type_info = PGT_writable_page | PGT_validated | 1;
		mfn_to_page(c->p2m[p])->count_info = PGC_allocated | 2;
	}
	return c->p2m[l4_pfn];
}

static void fill_hypercall_page(const struct build_ctx *c, unsigned long va)
{
	uint8_t page[PAGE_SIZE];

	pv_write_hypercall_page(page);
	copy_to_dom(c, va, page, PAGE_SIZE);
}

static void fill_start_info(const struct build_ctx *c, const char *cmdline,
			    unsigned long initrd_len)
{
	const struct dom0_layout *l = c->l;
	struct start_info *si = gva(c, l->vstartinfo_start);
	const char *args = cmdline;

	memset(si, 0, sizeof(*si));
	strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = c->nr_pages;
	si->shared_info = virt_to_maddr(c->d->shared_info);
	si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
	si->pt_base = l->vpt_start;
	si->nr_pt_frames = l->nr_pt_pages;
	si->mfn_list = l->vp2m_start;
	if (initrd_len) {
		si->mod_start = l->vinitrd_start;
		si->mod_len = initrd_len;
	}
	/* The loader's module string starts with the image name: drop it. */
	while (*args && *args != ' ')
		args++;
	while (*args == ' ')
		args++;
	strlcpy((char *)si->cmd_line, args, sizeof(si->cmd_line));
}

int dom0_construct_pv(struct domain *d, const struct dom0_kernel *kernel,
		      const struct boot_module *initrd, const char *cmdline,
		      unsigned long nr_pages)
{
	const void *image = kernel->image;
	unsigned long initrd_len = initrd ? initrd->size : 0;
	struct elf_xen_info info;
	struct dom0_layout l;
	struct build_ctx c = { .d = d, .l = &l, .nr_pages = nr_pages };
	struct vcpu *v = d->vcpu[0];
	const char *why = "unknown";
	uint32_t hv_feats = (1u << XENFEAT_writable_page_tables) |
			    (1u << XENFEAT_mmu_pt_update_preserve_ad) |
			    (1u << XENFEAT_highmem_assist) |
			    (1u << XENFEAT_gnttab_map_avail_bits) |
			    (1u << XENFEAT_pae_pgdir_above_4gb) |
			    (1u << XENFEAT_dom0);
	unsigned long l4_mfn;
	int rc;

	rc = elf_xen_parse(image, kernel->size, &info, &why);
	if (!rc)
		rc = elf_xen_check_pv64_dom0(&info, hv_feats, &why);
	if (rc) {
		printk("dom0 kernel rejected: %s\n", why);
		return rc;
	}
	if (nr_pages > page_alloc_free_count()) {
		printk("dom0_mem: %lu pages asked, %lu free\n", nr_pages, page_alloc_free_count());
		return -ENOMEM;
	}
	rc = compute_layout(&l, &info, initrd_len, nr_pages, &why);
	if (rc) {
		printk("dom0 layout: %s (%lu MiB of dom0 memory)\n", why, nr_pages >> 8);
		return rc;
	}
	if (info.has_hypercall_page &&
	    (info.hypercall_page < l.vkern_start || info.hypercall_page + PAGE_SIZE > l.vkern_end ||
	     (info.hypercall_page & ~PAGE_MASK))) {
		printk("dom0 kernel rejected: hypercall page outside the kernel image\n");
		return -EINVAL;
	}
	printk("dom0 layout: kernel %#lx-%#lx initrd %#lx-%#lx p2m %#lx start_info %#lx\n",
	       l.vkern_start, l.vkern_end, l.vinitrd_start, l.vinitrd_end, l.vp2m_start,
	       l.vstartinfo_start);
	printk("             page tables %#lx (%lu frames) stack %#lx end %#lx, %lu MiB\n",
	       l.vpt_start, l.nr_pt_pages, l.vstack_start, l.v_end, nr_pages >> 8);

	c.p2m = xmalloc_bytes(nr_pages * sizeof(unsigned long));
	if (!c.p2m)
		return -ENOMEM;
	rc = populate(&c);
	if (rc) {
		printk("dom0: out of memory while populating %lu pages\n", nr_pages);
		goto out;
	}
	rc = elf_load(image, kernel->size, &info, load_segment, &c);
	if (rc) {
		printk("dom0 kernel: a segment falls outside the kernel's extent\n");
		goto out;
	}
	if (initrd_len)
		copy_to_dom(&c, l.vinitrd_start, maddr_to_virt(initrd->start), initrd_len);
	copy_to_dom(&c, l.vp2m_start, c.p2m, nr_pages * sizeof(unsigned long));
	fill_start_info(&c, cmdline, initrd_len);
	if (info.has_hypercall_page)
		fill_hypercall_page(&c, info.hypercall_page);
	l4_mfn = build_page_tables(&c);

	pv_init_wallclock(d);

	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rip = info.entry;
	v->regs.rsp = l.vstack_end;
	v->regs.rsi = l.vstartinfo_start;
	v->regs.cs = FLAT_KERNEL_CS;
	v->regs.ss = FLAT_KERNEL_SS;
	v->regs.rflags = 0x202;
	v->arch.flags = TF_kernel_mode;
	v->arch.guest_table = l4_mfn;
	v->arch.kernel_ss = FLAT_KERNEL_SS;
	v->pause_flags &= ~VPF_down;
	vcpu_wake(v);
	rc = 0;
out:
	xfree(c.p2m);
	return rc;
}
