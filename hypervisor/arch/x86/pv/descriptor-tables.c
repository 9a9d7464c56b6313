// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV vCPU's GDT and LDT. Each vCPU owns 32 pages of virtual space in the
 * per-domain slot (L4 260): 16 for its GDT, then 16 for the shadow of its
 * LDT. The GDT pages map the guest's frames (set_gdt, up to 14), the
 * zero page where it gave none, and at pages 14-15 the CPU's own GDT
 * pages, so that the hypervisor's selectors (0xe008...) and the flat
 * guest selectors (0xe023/0xe02b/0xe033) stay where they always are; the
 * GDTR points there while the vCPU runs. LDT pages are mapped on the first
 * fault that touches them, after the guest's page has been validated and
 * typed as a descriptor page; set_ldt and teardown drop them.
 *
 * The area of (domain d, vCPU v) is fixed: slot 260 has room for every
 * domain id (< 0x7ff0) times MAX_VIRT_CPUS areas of 128 KiB. The mappings
 * are supervisor-only; guest frames are mapped writable there because the
 * CPU sets descriptors' accessed bits, which validation allows.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/config.h>
#include <hv/current.h>
#include <hv/desc.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/paging.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>
#include <hv/lib/segdesc.h>

#define AREA_SHIFT     17	/* 32 pages per vCPU */
#define GDT_PAGES_ALL  16
#define LDT_MAX_ENTS   8192
#define GDT_LIMIT      (GDT_PAGES_ALL * PAGE_SIZE - 1)
#define MAP_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define MAP_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)

BUILD_BUG_ON(((unsigned long)DOMID_FIRST_RESERVED * MAX_VIRT_CPUS << AREA_SHIFT) >
	     (1UL << L4_SHIFT));
BUILD_BUG_ON(GDT_PAGES != GDT_PAGES_ALL);

/* Backs the GDT pages a guest has not given. */
static uint8_t zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static unsigned long gdt_va(const struct vcpu *v)
{
	unsigned long idx = (unsigned long)v->domain->domain_id * MAX_VIRT_CPUS + v->vcpu_id;

	return PERDOMAIN_VIRT_START + (idx << AREA_SHIFT);
}

static unsigned long ldt_va(const struct vcpu *v)
{
	return gdt_va(v) + GDT_PAGES_ALL * PAGE_SIZE;
}

static int map_gdt_page(const struct vcpu *v, unsigned int i, unsigned long mfn, uint64_t fl)
{
	return hv_map_page(gdt_va(v) + i * PAGE_SIZE, mfn, fl);
}

/* Map the area's GDT pages: zero page below 0xe000, the CPU's GDT above. */
static int desc_area_init(struct vcpu *v)
{
	unsigned long cpu_gdt_mfn = virt_to_mfn(cpu_gdt());
	int rc = 0;

	if (v->arch.pv.desc_area_ready)
		return 0;
	for (unsigned int i = 0; i < GDT_PAGES_ALL && !rc; i++) {
		if (i < PV_GDT_GUEST_PAGES)
			rc = map_gdt_page(v, i, virt_to_mfn(zero_page), MAP_RO);
		else
			rc = map_gdt_page(v, i, cpu_gdt_mfn + i, MAP_RW);
	}
	for (unsigned int i = 0; i < PV_LDT_PAGES && !rc; i++)
		rc = hv_map_page(ldt_va(v) + i * PAGE_SIZE, 0, 0);
	if (!rc)
		v->arch.pv.desc_area_ready = true;
	return rc;
}

/* The vCPU goes away: its area's mappings and the tables behind them. */
void pv_desc_area_destroy(struct vcpu *v)
{
	if (!v->arch.pv.desc_area_ready)
		return;
	hv_unmap_pages(gdt_va(v), GDT_PAGES_ALL + PV_LDT_PAGES);
	v->arch.pv.desc_area_ready = false;
}

/*
 * Validation of a frame about to become a descriptor table (called by
 * get_page_type at type count 0, so nothing can write it meanwhile):
 * every descriptor must pass, and is adjusted in place as it does.
 */
int pv_validate_segdesc_page(struct page_info *pg)
{
	uint64_t *t = mfn_to_virt(page_to_mfn(pg));

	return segdesc_check_table(t, PAGE_SIZE / 8) == PAGE_SIZE / 8 ? 0 : -EINVAL;
}

void pv_destroy_gdt(struct vcpu *v)
{
	for (unsigned int i = 0; i < PV_GDT_GUEST_PAGES; i++) {
		unsigned long mfn = v->arch.pv.gdt_frames[i];

		if (!mfn)
			continue;
		if (v->arch.pv.desc_area_ready)
			map_gdt_page(v, i, virt_to_mfn(zero_page), MAP_RO);
		put_page_and_type(mfn_to_page(mfn));
		v->arch.pv.gdt_frames[i] = 0;
	}
	v->arch.pv.gdt_ents = 0;
}

int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
	struct domain *d = v->domain;
	unsigned int i, nr = (entries + 511) / 512;
	int rc;

	if (entries > SEGDESC_FIRST_RESERVED_ENTRY)
		return -EINVAL;
	rc = desc_area_init(v);
	if (rc)
		return rc;
	for (i = 0; i < nr; i++)
		if (get_page_and_type(frames[i], d, PGT_seg_desc_page))
			goto fail;
	pv_destroy_gdt(v);
	for (i = 0; i < nr; i++) {
		v->arch.pv.gdt_frames[i] = frames[i];
		/* Both were mapped before: replacing a mapping cannot fail. */
		BUG_ON(map_gdt_page(v, i, frames[i], MAP_RW));
	}
	v->arch.pv.gdt_ents = entries;
	return 0;

fail:
	while (i-- > 0)
		put_page_and_type(mfn_to_page(frames[i]));
	return -EINVAL;
}

long do_set_gdt(unsigned long frame_list, unsigned long entries_arg)
{
	unsigned int entries = (unsigned int)entries_arg;
	unsigned long frames[PV_GDT_GUEST_PAGES];
	unsigned int nr = (entries + 511) / 512;

	/* Checked again by pv_set_gdt; here it bounds the copy. */
	if (entries > SEGDESC_FIRST_RESERVED_ENTRY)
		return -EINVAL;
	if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
		return -EFAULT;
	return pv_set_gdt(current, frames, entries);
}

long do_update_descriptor(unsigned long maddr, unsigned long desc)
{
	struct domain *d = current->domain;
	unsigned long mfn = maddr >> PAGE_SHIFT;
	struct page_info *pg;
	unsigned long type;
	uint64_t dsc = desc;
	long rc = -EINVAL;

	/* Misaligned, it would straddle two descriptors. */
	if ((maddr & 7) || !segdesc_check(&dsc))
		return -EINVAL;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	/* A descriptor page stays one; anything else must be free to be written. */
	type = (pg->type_info & PGT_type_mask) == PGT_seg_desc_page ?
	       PGT_seg_desc_page : PGT_writable_page;
	if (get_page_type(pg, type)) {
		WRITE_ONCE(*(uint64_t *)((char *)mfn_to_virt(mfn) + (maddr & ~PAGE_MASK)), dsc);
		put_page_type(pg);
		rc = 0;
	}
	put_page(pg);
	return rc;
}

/* The CPU's LDT descriptor (16 bytes at LDT_SEL) describes this vCPU's LDT. */
static void load_ldt(const struct vcpu *v)
{
	uint64_t *g = cpu_gdt() + LDT_SEL / 8;
	unsigned long base = ldt_va(v), limit = v->arch.pv.ldt_ents * 8 - 1;
	uint16_t sel = LDT_SEL;

	if (!v->arch.pv.ldt_ents) {
		__asm__ __volatile__("lldt %w0" : : "r"(0));
		return;
	}
	g[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x82ULL << 40) |
	       (((limit >> 16) & 0xfULL) << 48) | (((base >> 24) & 0xffULL) << 56);
	g[1] = base >> 32;
	__asm__ __volatile__("lldt %w0" : : "r"(sel) : "memory");
}

void pv_destroy_ldt(struct vcpu *v)
{
	for (unsigned int i = 0; i < PV_LDT_PAGES; i++) {
		if (!(v->arch.pv.ldt_mapped & (1u << i)))
			continue;
		hv_map_page(ldt_va(v) + i * PAGE_SIZE, 0, 0);
		put_page_and_type(mfn_to_page(v->arch.pv.ldt_mfn[i]));
		v->arch.pv.ldt_mfn[i] = 0;
	}
	v->arch.pv.ldt_mapped = 0;
}

int pv_set_ldt(struct vcpu *v, unsigned long linear, unsigned int nr_ents)
{
	if (nr_ents > LDT_MAX_ENTS)
		return -EINVAL;
	if (nr_ents && ((linear & ~PAGE_MASK) ||
			(linear >= (1UL << 47) && linear < HYPERVISOR_VIRT_END))) {
		gprintk(LOG_WARN, "bad arguments to set_ldt: %#lx, %u entries\n", linear,
			nr_ents);
		return -EINVAL;
	}
	if (!nr_ents)
		linear = 0;
	if (v->arch.pv.ldt_ents == nr_ents && v->arch.pv.ldt_base == linear)
		return 0;
	pv_destroy_ldt(v);
	v->arch.pv.ldt_base = linear;
	v->arch.pv.ldt_ents = nr_ents;
	if (v == current)
		load_ldt(v);
	return 0;
}

/* Shadow-map the guest's LDT page covering `offset`; false if it cannot be. */
static bool map_ldt_page(struct vcpu *v, unsigned int offset)
{
	struct domain *d = v->domain;
	unsigned int page = offset >> PAGE_SHIFT;
	unsigned long linear = v->arch.pv.ldt_base + (offset & PAGE_MASK);
	struct page_info *l1pg;
	pte_t *l1e, e;

	if ((offset >> 3) >= v->arch.pv.ldt_ents || (v->arch.pv.ldt_mapped & (1u << page)))
		return false;
	/* What the guest's kernel page tables map there. */
	l1e = pv_find_l1e(d, v->arch.guest_table, linear, &l1pg);
	if (!l1e)
		return false;
	e = READ_ONCE(*l1e);
	if (!(e & _PAGE_PRESENT))
		return false;
	if (get_page_and_type(pte_mfn(e), d, PGT_seg_desc_page))
		return false;
	if (hv_map_page(ldt_va(v) + page * PAGE_SIZE, pte_mfn(e), MAP_RW)) {
		put_page_and_type(mfn_to_page(pte_mfn(e)));
		return false;
	}
	v->arch.pv.ldt_mfn[page] = pte_mfn(e);
	v->arch.pv.ldt_mapped |= 1u << page;
	return true;
}

/*
 * A #PF in the current vCPU's LDT shadow: map the page and retry. If the
 * guest's page cannot serve, a guest access gets the fault reflected at
 * the LDT's own linear address (#GP if that is not canonical); a
 * hypervisor access (loading a guest selector) is left to its fixup.
 */
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
	struct vcpu *v = current;
	unsigned long base, offset;

	if (!v || v->is_idle || !v->arch.pv.desc_area_ready)
		return false;
	base = ldt_va(v);
	if (cr2 < base || cr2 >= base + PV_LDT_PAGES * PAGE_SIZE)
		return false;
	offset = cr2 - base;
	if (map_ldt_page(v, (unsigned int)offset))
		return true;
	if (!regs_from_guest(regs))
		return false;
	if (!is_canonical(v->arch.pv.ldt_base + offset))
		pv_inject_trap(v, X86_EXC_GP, (offset & ~3UL) | 4);
	else
		pv_inject_page_fault(v, v->arch.pv.ldt_base + offset, regs->error_code);
	return true;
}

/*
 * The guest's code segment, for emulating the instruction it faulted on:
 * the flat selectors, or a code descriptor of its GDT (read through the
 * vCPU's area, which is always mapped). LDT code segments are not handled.
 */
bool pv_code_segment(struct vcpu *v, uint16_t sel, bool *mode64, bool *def32,
		     unsigned long *base)
{
	uint64_t d;

	*base = 0;
	if ((sel & ~3) == (FLAT_KERNEL_CS & ~3)) {
		*mode64 = true;
		*def32 = true;
		return true;
	}
	if ((sel & ~3) == (FLAT_RING3_CS32 & ~3)) {
		*mode64 = false;
		*def32 = true;
		return true;
	}
	if ((sel & 4) || !v->arch.pv.desc_area_ready)
		return false;
	d = *(const uint64_t *)(gdt_va(v) + (sel & ~7u));
	/* Present, S=1, code. */
	if ((d & (1ULL << 47)) == 0 || (d & (1ULL << 44)) == 0 || (d & (1ULL << 43)) == 0)
		return false;
	*mode64 = d & (1ULL << 53);
	*def32 = d & (1ULL << 54);
	*base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
	return true;
}

/* On switching to v: its GDT area and LDT become the CPU's. */
void pv_load_descriptor_tables(struct vcpu *v)
{
	struct __packed { uint16_t limit; uint64_t base; } gdtr;

	if (desc_area_init(v)) {
		domain_crash(v->domain, "no memory for the descriptor-table area");
		return;
	}
	gdtr.limit = GDT_LIMIT;
	gdtr.base = gdt_va(v);
	__asm__ __volatile__("lgdt %0" : : "m"(gdtr) : "memory");
	load_ldt(v);
}

/* The idle vCPU runs on the CPU's own GDT, without an LDT. */
void pv_cpu_switch_to_idle(void)
{
	struct __packed { uint16_t limit; uint64_t base; } gdtr = {
		GDT_LIMIT, (uint64_t)cpu_gdt()
	};

	__asm__ __volatile__("lgdt %0; lldt %w1" : : "m"(gdtr), "r"(0) : "memory");
}
