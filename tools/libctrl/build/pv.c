// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building a 64-bit PV guest into a created (paused) domain: populate its
 * memory, load the kernel and initrd, write the p2m, start_info, rings and
 * bootstrap page tables through foreign mappings, drop every mapping, pin
 * the L4, seed the grant entries the console and xenstore back-ends use,
 * and set vCPU 0's context. The layout itself is in layout.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl-abi.h"
#include "dev/dev.h"
#include "dom/dom.h"
#include "build.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096UL

struct builder {
	struct ctrl_transport *t;
	const struct ctrl_pv_build_args *a;
	struct ctrl_pv_build_result *r;
	uint64_t *p2m;
	char *err;
	size_t errlen;
};

static int berr(struct builder *b, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int berr(struct builder *b, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->err, b->errlen, fmt, ap);
	va_end(ap);
	if (rc < 0 && n >= 0 && (size_t)n < b->errlen)
		snprintf(b->err + n, b->errlen - (size_t)n, ": %s",
			 strerror(-rc));
	return rc;
}

/* Map guest pfns [pfn, pfn + n) writable. */
static int map_pfns(struct builder *b, uint64_t pfn, uint64_t n, void **p)
{
	return ctrl_foreign_map(b->t, (uint16_t)b->a->domid, 1, b->p2m + pfn,
				(size_t)n, p);
}

static int populate(struct builder *b)
{
	uint64_t i, n = b->a->nr_pages;
	size_t done = 0;
	int rc;

	b->p2m = malloc(n * sizeof(*b->p2m));
	if (!b->p2m)
		return berr(b, -ENOMEM, "p2m");
	for (i = 0; i < n; i++)
		b->p2m[i] = i;
	rc = ctrl_mem_populate(b->t, b->a->domid, b->p2m, (size_t)n, 0, &done);
	if (rc)
		return berr(b, rc, "allocating %llu MiB for the guest stopped "
			    "after %zu MiB", (unsigned long long)(n >> 8),
			    done >> 8);
	return 0;
}

static int load_kernel(struct builder *b)
{
	const struct ctrl_pv_kernel *k = &b->r->kernel;
	const struct ctrl_pv_layout *l = &b->r->layout;
	uint8_t *p;
	int rc;

	rc = map_pfns(b, l->kernel_pfn, l->kernel_pages, (void **)&p);
	if (rc)
		return berr(b, rc, "mapping the kernel's %llu pages",
			    (unsigned long long)l->kernel_pages);
	rc = ctrl_elf_load(b->a->kernel, b->a->kernel_len, k,
			   p + ((k->virt_kstart - k->virt_base) & (PAGE_SIZE - 1)));
	ctrl_foreign_unmap(b->t, p, l->kernel_pages);
	return rc ? berr(b, rc, "loading the kernel segments") : 0;
}

static int load_ramdisk(struct builder *b)
{
	const struct ctrl_pv_layout *l = &b->r->layout;
	uint8_t *p;
	int rc;

	if (!l->ramdisk_pages)
		return 0;
	rc = map_pfns(b, l->ramdisk_pfn, l->ramdisk_pages, (void **)&p);
	if (rc)
		return berr(b, rc, "mapping the initrd's %llu pages",
			    (unsigned long long)l->ramdisk_pages);
	memcpy(p, b->a->ramdisk, b->a->ramdisk_len);
	memset(p + b->a->ramdisk_len, 0,
	       (l->ramdisk_pages << PAGE_SHIFT) - b->a->ramdisk_len);
	ctrl_foreign_unmap(b->t, p, l->ramdisk_pages);
	return 0;
}

static void fill_start_info(struct builder *b, struct xabi_start_info *si,
			    uint64_t shared_info_frame)
{
	const struct ctrl_pv_layout *l = &b->r->layout;
	const char *cmd = b->a->cmdline ? b->a->cmdline : "";

	memset(si, 0, PAGE_SIZE);
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = l->nr_pages;
	si->shared_info = shared_info_frame << PAGE_SHIFT;
	si->store_mfn = b->p2m[l->store_pfn];
	si->store_evtchn = b->a->store_evtchn;
	si->console.domU.mfn = b->p2m[l->console_pfn];
	si->console.domU.evtchn = b->a->console_evtchn;
	si->pt_base = ctrl_pv_va(l, l->pt_pfn);
	si->nr_pt_frames = l->nr_pt;
	si->mfn_list = ctrl_pv_va(l, l->p2m_pfn);
	if (l->ramdisk_pages) {
		if (l->ramdisk_unmapped) {
			si->flags |= XABI_SIF_MOD_START_PFN;
			si->mod_start = l->ramdisk_pfn;
		} else {
			si->mod_start = ctrl_pv_va(l, l->ramdisk_pfn);
		}
		si->mod_len = b->a->ramdisk_len;
	}
	snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", cmd);
}

/* p2m, start_info, rings, page tables and stack: one contiguous run. */
static int write_boot_pages(struct builder *b, uint64_t shared_info_frame)
{
	const struct ctrl_pv_layout *l = &b->r->layout;
	uint64_t first = l->p2m_pfn, n = l->stack_pfn + 1 - first;
	uint8_t *p;
	int rc;

#define AT(pfn) (p + (((pfn) - first) << PAGE_SHIFT))
	rc = map_pfns(b, first, n, (void **)&p);
	if (rc)
		return berr(b, rc, "mapping the boot pages");
	memset(p, 0, n << PAGE_SHIFT);
	memcpy(AT(l->p2m_pfn), b->p2m, l->nr_pages * sizeof(*b->p2m));
	fill_start_info(b, (struct xabi_start_info *)AT(l->start_info_pfn),
			shared_info_frame);
	ctrl_pv_write_pagetables(l, b->p2m, AT(l->pt_pfn));
#undef AT
	ctrl_foreign_unmap(b->t, p, n);
	return 0;
}

/* Events stay masked on every vCPU until the guest is ready for them. */
static int mask_events(struct builder *b, uint64_t shared_info_frame)
{
	uint8_t *si;
	int i, rc;

	rc = ctrl_foreign_map(b->t, (uint16_t)b->a->domid, 1,
			      &shared_info_frame, 1, (void **)&si);
	if (rc)
		return berr(b, rc, "mapping shared_info (mfn %#llx)",
			    (unsigned long long)shared_info_frame);
	for (i = 0; i < XABI_LEGACY_MAX_VCPUS; i++)
		si[i * XABI_VCPU_INFO_SIZE + XABI_VCPU_INFO_UPCALL_MASK] = 1;
	ctrl_foreign_unmap(b->t, si, 1);
	return 0;
}

/*
 * Grant the console and xenstore rings to their back-ends under the
 * reserved references, so they can map them with gntdev. Through
 * acquire_resource where the hypervisor has it, else the frames
 * GNTTABOP_setup_table names.
 */
static int seed_gnttab(struct builder *b)
{
	const struct ctrl_pv_layout *l = &b->r->layout;
	struct xabi_grant_entry_v1 *g;
	uint32_t dom = b->a->domid;
	uint64_t frame;
	int rc;

	rc = ctrl_resource_map(b->t, (uint16_t)dom,
			       XABI_XENMEM_resource_grant_table,
			       XABI_XENMEM_resource_grant_table_id_shared, 0, 1,
			       (void **)&g);
	if (rc) {
		rc = ctrl_gnttab_setup_table(b->t, dom, 1, &frame);
		if (!rc)
			rc = ctrl_foreign_map(b->t, (uint16_t)dom, 1, &frame, 1,
					      (void **)&g);
	}
	if (rc)
		return rc;
	g[XABI_GNTTAB_RESERVED_CONSOLE].domid = b->a->console_domid;
	g[XABI_GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)b->p2m[l->console_pfn];
	g[XABI_GNTTAB_RESERVED_XENSTORE].domid = b->a->store_domid;
	g[XABI_GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)b->p2m[l->store_pfn];
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* frame before flags */
	g[XABI_GNTTAB_RESERVED_CONSOLE].flags = XABI_GTF_permit_access;
	g[XABI_GNTTAB_RESERVED_XENSTORE].flags = XABI_GTF_permit_access;
	ctrl_foreign_unmap(b->t, g, 1);
	return 0;
}

static int start_vcpu0(struct builder *b)
{
	const struct ctrl_pv_layout *l = &b->r->layout;
	struct xabi_vcpu_guest_context *c = calloc(1, sizeof(*c));
	uint64_t sp = ctrl_pv_va(l, l->stack_pfn + 1);
	int rc;

	if (!c)
		return berr(b, -ENOMEM, "vCPU context");
	c->flags = XABI_VGCF_in_kernel | XABI_VGCF_online;
	c->user_regs.rip = b->r->kernel.entry;
	c->user_regs.rsp = sp;
	c->user_regs.rsi = ctrl_pv_va(l, l->start_info_pfn);
	c->user_regs.rflags = 0x202; /* IF, and the always-one bit */
	c->user_regs.cs = XABI_FLAT_KERNEL_CS64;
	c->user_regs.ss = XABI_FLAT_KERNEL_SS64;
	c->user_regs.ds = c->user_regs.es = XABI_FLAT_KERNEL_DS64;
	c->user_regs.fs = c->user_regs.gs = XABI_FLAT_KERNEL_DS64;
	c->kernel_ss = XABI_FLAT_KERNEL_SS64;
	c->kernel_sp = sp;
	c->ctrlreg[3] = b->r->l4_mfn << PAGE_SHIFT;
	rc = ctrl_dom_set_vcpu_context(b->t, b->a->domid, 0, c);
	free(c);
	return rc ? berr(b, rc, "setting vCPU 0's context") : 0;
}

int ctrl_pv_build(struct ctrl_transport *t, const struct ctrl_pv_build_args *a,
		  struct ctrl_pv_build_result *r, char *err, size_t errlen)
{
	struct builder b = { .t = t, .a = a, .r = r, .err = err,
			     .errlen = errlen };
	struct ctrl_pv_layout *l = &r->layout;
	struct ctrl_dominfo info;
	int rc;

	memset(r, 0, sizeof(*r));
	if (errlen)
		err[0] = '\0';
	rc = ctrl_elf_parse(a->kernel, a->kernel_len, &r->kernel, err, errlen);
	if (rc)
		return rc;
	rc = ctrl_pv_layout(&r->kernel, a->ramdisk ? a->ramdisk_len : 0,
			    a->nr_pages, l, err, errlen);
	if (rc)
		return rc;
	rc = ctrl_dom_getinfo(t, a->domid, &info);
	if (rc)
		return berr(&b, rc, "domain %u", a->domid);
	rc = populate(&b);
	if (!rc)
		rc = load_kernel(&b);
	if (!rc)
		rc = load_ramdisk(&b);
	if (!rc)
		rc = write_boot_pages(&b, info.shared_info_frame);
	if (!rc)
		rc = mask_events(&b, info.shared_info_frame);
	if (rc)
		goto out;
	r->store_mfn = b.p2m[l->store_pfn];
	r->console_mfn = b.p2m[l->console_pfn];
	r->l4_mfn = b.p2m[l->pt_pfn];
	/* No mapping of ours may remain: pinning types every table frame. */
	rc = ctrl_mmuext_pin_l4(t, a->domid, r->l4_mfn);
	if (rc) {
		berr(&b, rc, "pinning the L4 table (mfn %#llx)",
		     (unsigned long long)r->l4_mfn);
		goto out;
	}
	if (r->kernel.hypercall_page) {
		uint64_t pfn = (r->kernel.hypercall_page - l->virt_base) >>
			       PAGE_SHIFT;

		rc = ctrl_dom_hypercall_init(t, a->domid, b.p2m[pfn]);
		if (rc) {
			berr(&b, rc, "filling the hypercall page");
			goto out;
		}
	}
	r->gnttab_seeded = seed_gnttab(&b) == 0;
	rc = start_vcpu0(&b);
out:
	free(b.p2m);
	return rc;
}
