// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm: PV page-table management. ABI rules checked:
 *  - mmu_update writes an entry given by its machine address; the new
 *    entry is validated first: a writable mapping of a page-table frame,
 *    (-EBUSY: the frame's type is in use), or an update of the
 *    hypervisor's L4 slots (256-271) (-EINVAL) is refused, and a refused
 *    request changes nothing; which flag bits an L1 entry may carry; `done` counts the
 *    requests applied before the first failure; a bad request array gives
 *    -EFAULT;
 *  - a read-only mapping of a page-table frame is allowed;
 *  - MMU_MACHPHYS_UPDATE sets the M2P entry of a frame the guest owns;
 *  - mmuext_op pins a frame as an Ln table only if nothing maps it
 *    writable (-EINVAL) and every entry validates (-EBUSY for an entry
 *    mapping a table writable); while pinned it cannot be mapped writable
 *    (-EBUSY); pinning twice or unpinning an unpinned frame gives -EINVAL;
 *  - a bad vCPU mask pointer for a multi-vCPU flush gives -EINVAL;
 *  - NEW_BASEPTR switches to another validated L4 and back;
 *  - shared_info never becomes a page table, even mapped read-only only;
 *  - TLB flush and INVLPG operations, COPY_PAGE and CLEAR_PAGE, and an
 *    unknown command;
 *  - writable page tables: a store into an L1 through its read-only
 *    mapping is completed by the hypervisor (mov, xchg, lock cmpxchg on
 *    success and failure, lock and), whether or not the guest disabled
 *    VMASST_TYPE_writable_pagetables (always on for 64-bit PV in Xen
 *    4.17), and a store of an invalid entry faults.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "mm";

#define HYPERCALL_mmu_update 1
#define HYPERCALL_mmuext_op 26
#define PAGE_SHIFT 12
#define VIRT_BASE 0xffffffff80000000UL
#define RO_M2P ((const unsigned long *)0xffff800000000000UL)
#define MMU_NORMAL_PT_UPDATE 0
#define MMU_MACHPHYS_UPDATE 1
#define UVMF_INVLPG 2

enum {
	PIN_L1 = 0, PIN_L2 = 1, PIN_L3 = 2, PIN_L4 = 3, UNPIN = 4, NEW_BASEPTR = 5,
	TLB_FLUSH_LOCAL = 6, INVLPG_LOCAL = 7, TLB_FLUSH_MULTI = 8, INVLPG_MULTI = 9,
	TLB_FLUSH_ALL = 10, CLEAR_PAGE = 16, COPY_PAGE = 17,
};

struct mmu_update {
	uint64_t ptr, val;
};

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};

static char pages[6][PAGE_SIZE] __aligned(PAGE_SIZE);

static long mmu_update(const struct mmu_update *req, unsigned int n, unsigned int *done)
{
	return hypercall5(HYPERCALL_mmu_update, (unsigned long)req, n, (unsigned long)done,
			  0x7ff0 /* DOMID_SELF */, 0);
}

static long mmuext(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };
	unsigned int done = 99;
	long rc = hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1,
			     (unsigned long)&done, 0x7ff0, 0);

	if (rc == 0 && done != 1)
		return -1000;
	return rc;
}

static unsigned long pfn_of(const void *va)
{
	return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}

static unsigned long mfn_of(const void *va)
{
	return ((const unsigned long *)start_info->mfn_list)[pfn_of(va)];
}

/* Page tables sit inside the initial mapping: reach them by their pfn. */
static const uint64_t *table_va(unsigned long mfn)
{
	return (const uint64_t *)(VIRT_BASE + (RO_M2P[mfn] << PAGE_SHIFT));
}

/* Machine address of the L1 entry that maps va. */
static uint64_t l1e_maddr(const void *va)
{
	unsigned long a = (unsigned long)va;
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	uint64_t e = 0;

	for (int shift = 39; shift >= 21; shift -= 9) {
		e = t[(a >> shift) & 511];
		t = table_va((e & 0x000ffffffffff000UL) >> PAGE_SHIFT);
	}
	return (e & 0x000ffffffffff000UL) + ((a >> 12) & 511) * 8;
}

static uint64_t l1e_read(const void *va)
{
	uint64_t ma = l1e_maddr(va);

	return table_va(ma >> PAGE_SHIFT)[(ma & 0xfff) / 8];
}

static long set_pte(const void *va, uint64_t val)
{
	struct mmu_update req = { l1e_maddr(va), val };
	unsigned int done = 99;
	long rc = mmu_update(&req, 1, &done);

	mmuext(INVLPG_LOCAL, (unsigned long)va, 0);
	return rc ? rc : (done == 1 ? 0 : -1000);
}

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void test_unmap_remap(void)
{
	char *p = pages[0];
	uint64_t orig = l1e_read(p), v;
	struct exinfo ex;

	p[0] = 0x5a;
	expect_rc("unmap", set_pte(p, 0), 0);
	ex = read_safe(p, &v);
	check("unmap.faults", ex.taken && ex.vector == 14 && ex.cr2 == (uint64_t)p,
	      "taken %d vector %u cr2 %#lx", ex.taken, ex.vector, ex.cr2);
	expect_rc("remap", set_pte(p, orig), 0);
	ex = read_safe(p, &v);
	check("remap.reads", !ex.taken && (v & 0xff) == 0x5a, "taken %d byte %#lx",
	      ex.taken, v & 0xff);
}

static void test_validation(void)
{
	char *p = pages[0];
	uint64_t orig = l1e_read(p);
	unsigned long l4_mfn = mfn_of((void *)start_info->pt_base);
	uint64_t l4_ro = (l4_mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED;
	struct mmu_update batch[2];
	unsigned int done = 99;

	expect_rc("pt_writable.mmu_update", set_pte(p, l4_ro | _PAGE_RW), -EBUSY);
	check("pt_writable.unchanged", l1e_read(p) == orig, "%#lx", l1e_read(p));
	expect_rc("pt_writable.update_va_mapping",
		  hv_update_va_mapping((unsigned long)p, l4_ro | _PAGE_RW, UVMF_INVLPG), -EBUSY);
	expect_rc("pt_readonly", set_pte(p, l4_ro), 0);
	check("pt_readonly.same_frame",
	      memcmp(p, (void *)start_info->pt_base, 64) == 0, "contents differ");
	expect_rc("pt_readonly.restore", set_pte(p, orig), 0);
	/* Which flag bits an L1 entry may carry (as Xen 4.17 decides for PV). */
	{
		static const struct { const char *name; uint64_t bit; long want; } bits[] = {
			{ "l1.pwt", 1UL << 3, 0 }, { "l1.pcd", 1UL << 4, 0 },
			{ "l1.pat", 1UL << 7, 0 }, { "l1.global", 1UL << 8, 0 },
			{ "l1.avail9", 1UL << 9, 0 }, { "l1.avail11", 1UL << 11, 0 },
			{ "l1.bit52", 1UL << 52, 0 }, { "l1.bit58", 1UL << 58, 0 },
			{ "l1.bit59", 1UL << 59, 0 }, { "l1.bit62", 1UL << 62, 0 },
			{ "l1.nx", 1UL << 63, 0 },
		};
		for (unsigned int i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
			expect_rc(bits[i].name, set_pte(p, orig | bits[i].bit), bits[i].want);
			set_pte(p, orig);
		}
	}

	batch[0].ptr = l1e_maddr(p);
	batch[0].val = orig;
	batch[1].ptr = l1e_maddr(p);
	batch[1].val = l4_ro | _PAGE_RW;
	expect_rc("batch.rc", mmu_update(batch, 2, &done), -EBUSY);
	check_eq("batch.done", done, 1);
	done = 99;
	expect_rc("batch.bad_array", mmu_update((void *)guard_page, 1, &done), -EFAULT);
	check_eq("batch.bad_array.done", done, 0);

	/* The hypervisor's own L4 slots cannot be written. */
	batch[0].ptr = (l4_mfn << PAGE_SHIFT) + 256 * 8;
	batch[0].val = 0;
	expect_rc("l4.hypervisor_slot", mmu_update(batch, 1, &done), -EINVAL);

	batch[0].ptr = (mfn_of(p) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
	batch[0].val = pfn_of(p);
	expect_rc("machphys.same", mmu_update(batch, 1, &done), 0);
	check_eq("machphys.m2p", RO_M2P[mfn_of(p)], pfn_of(p));
}

static void test_pin(void)
{
	char *q = pages[1];
	unsigned long l4_mfn = mfn_of((void *)start_info->pt_base);
	uint64_t orig = l1e_read(q);
	uint64_t *ents = (uint64_t *)q;

	memset(q, 0, PAGE_SIZE);
	expect_rc("pin_l1.while_writable", mmuext(PIN_L1, mfn_of(q), 0), -EINVAL);
	/* An L1 holding a writable mapping of a page table cannot be pinned. */
	ents[0] = (l4_mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW;
	expect_rc("readonly", set_pte(q, orig & ~_PAGE_RW), 0);
	expect_rc("pin_l1.bad_entry", mmuext(PIN_L1, mfn_of(q), 0), -EBUSY);
	expect_rc("writable_again", set_pte(q, orig), 0);
	ents[0] = (mfn_of(pages[2]) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW;
	expect_rc("readonly2", set_pte(q, orig & ~_PAGE_RW), 0);
	expect_rc("pin_l1", mmuext(PIN_L1, mfn_of(q), 0), 0);
	expect_rc("pin_l1.twice", mmuext(PIN_L1, mfn_of(q), 0), -EINVAL);
	expect_rc("pinned.map_writable", set_pte(q, orig), -EBUSY);
	/* Its entry holds a writable reference: the target cannot become a table. */
	expect_rc("target.pin_l1", mmuext(PIN_L1, mfn_of(pages[2]), 0), -EINVAL);
	expect_rc("unpin", mmuext(UNPIN, mfn_of(q), 0), 0);
	expect_rc("unpin.twice", mmuext(UNPIN, mfn_of(q), 0), -EINVAL);
	expect_rc("unpinned.map_writable", set_pte(q, orig), 0);
	expect_rc("pin_l2.writable_frame", mmuext(PIN_L2, mfn_of(pages[3]), 0), -EINVAL);
}

static void test_baseptr(void)
{
	char *r = pages[4];
	const uint64_t *cur = (const uint64_t *)start_info->pt_base;
	unsigned long l4_mfn = mfn_of(cur);
	uint64_t orig = l1e_read(r);
	uint64_t *ents = (uint64_t *)r;
	volatile uint64_t probe;

	memset(r, 0, PAGE_SIZE);
	for (int i = 0; i < 512; i++)
		if (i < 256 || i > 271)
			ents[i] = cur[i];
	expect_rc("l4.readonly", set_pte(r, orig & ~_PAGE_RW), 0);
	expect_rc("pin_l4", mmuext(PIN_L4, mfn_of(r), 0), 0);
	expect_rc("new_baseptr", mmuext(NEW_BASEPTR, mfn_of(r), 0), 0);
	probe = *(volatile uint64_t *)start_info;
	check("new_baseptr.runs", probe != 0, "read %#lx", (unsigned long)probe);
	expect_rc("new_baseptr.back", mmuext(NEW_BASEPTR, l4_mfn, 0), 0);
	expect_rc("unpin_l4", mmuext(UNPIN, mfn_of(r), 0), 0);
	expect_rc("l4.writable_again", set_pte(r, orig), 0);
}

static void test_misc(void)
{
	unsigned long mask = 1;

	expect_rc("tlb_flush_local", mmuext(TLB_FLUSH_LOCAL, 0, 0), 0);
	expect_rc("tlb_flush_all", mmuext(TLB_FLUSH_ALL, 0, 0), 0);
	expect_rc("invlpg_local", mmuext(INVLPG_LOCAL, (unsigned long)pages[0], 0), 0);
	expect_rc("tlb_flush_multi", mmuext(TLB_FLUSH_MULTI, 0, (unsigned long)&mask), 0);
	expect_rc("invlpg_multi", mmuext(INVLPG_MULTI, (unsigned long)pages[0],
					 (unsigned long)&mask), 0);
	expect_rc("tlb_flush_multi.bad_mask",
		  mmuext(TLB_FLUSH_MULTI, 0, (unsigned long)guard_page), -EINVAL);
	expect_rc("unknown_cmd", mmuext(100, 0, 0), -ENOSYS);

	memset(pages[5], 0, PAGE_SIZE);
	memcpy(pages[3], "copy me", 8);
	expect_rc("copy_page", mmuext(COPY_PAGE, mfn_of(pages[5]), mfn_of(pages[3])), 0);
	check("copy_page.contents", memcmp(pages[5], "copy me", 8) == 0, "differ");
	expect_rc("clear_page", mmuext(CLEAR_PAGE, mfn_of(pages[5]), 0), 0);
	check("clear_page.contents", pages[5][0] == 0 && pages[5][4095] == 0, "not zero");
	expect_rc("clear_page.page_table",
		  mmuext(CLEAR_PAGE, mfn_of((void *)start_info->pt_base), 0), -EINVAL);
}

/*
 * Writable page tables: stores straight into an L1 through its read-only
 * mapping are completed by the hypervisor (mov, xchg, cmpxchg, a locked bit clear) after the same
 * checks as mmu_update, and a store of a bad entry faults.
 */
static void test_ptwr(void)
{
	char *p = pages[0];
	uint64_t ma = l1e_maddr(p);
	volatile uint64_t *e = (volatile uint64_t *)table_va(ma >> PAGE_SHIFT) + (ma & 0xfff) / 8;
	uint64_t orig = *e, v, expect;
	unsigned long l4_mfn = mfn_of((void *)start_info->pt_base);
	struct exinfo ex;

	/* 64-bit PV always has the assist: disabling it changes nothing. */
	expect_rc("ptwr.disable", hv_vm_assist(1 /* disable */, 2 /* writable_pagetables */), 0);
	ex = write_safe(e, orig);
	check("ptwr.still_emulated", !ex.taken && *e == orig, "taken %d", ex.taken);
	expect_rc("ptwr.enable", hv_vm_assist(0 /* enable */, 2), 0);

	ex = write_safe(e, orig & ~_PAGE_RW);
	check("ptwr.mov", !ex.taken && (*e & _PAGE_RW) == 0, "taken %d entry %#lx", ex.taken,
	      (unsigned long)*e);
	mmuext(INVLPG_LOCAL, (unsigned long)p, 0);
	ex = write_safe(p, 1);
	check("ptwr.mov.took_effect", ex.taken && ex.vector == 14, "taken %d", ex.taken);

	v = orig;
	asm volatile("xchg %0, %1" : "+r"(v), "+m"(*e) : : "memory");
	check("ptwr.xchg", (v & _PAGE_RW) == 0 && (*e & _PAGE_RW), "old %#lx new %#lx",
	      (unsigned long)v, (unsigned long)*e);

	expect = *e;
	v = expect & ~_PAGE_RW;
	asm volatile("lock cmpxchg %2, %1" : "+a"(expect), "+m"(*e) : "r"(v) : "memory", "cc");
	check("ptwr.cmpxchg", (*e & _PAGE_RW) == 0, "entry %#lx", (unsigned long)*e);
	expect = orig;          /* stale: the entry no longer has RW */
	asm volatile("lock cmpxchg %2, %1" : "+a"(expect), "+m"(*e) : "r"(orig) : "memory", "cc");
	check("ptwr.cmpxchg.fails", (*e & _PAGE_RW) == 0 && expect == *e,
	      "entry %#lx rax %#lx", (unsigned long)*e, (unsigned long)expect);

	*e = orig;
	asm volatile("lock andb $0xfd, %0" : "+m"(*(volatile uint8_t *)e) : : "memory");
	check("ptwr.lock_andb", (*e & _PAGE_RW) == 0, "entry %#lx", (unsigned long)*e);

	ex = write_safe(e, (l4_mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW);
	check("ptwr.bad_entry_faults", ex.taken && ex.vector == 14 && (*e & ~0x60UL) ==
	      ((orig & ~_PAGE_RW) & ~0x60UL), "taken %d entry %#lx", ex.taken,
	      (unsigned long)*e);
	*e = orig;
	mmuext(INVLPG_LOCAL, (unsigned long)p, 0);
	ex = write_safe(p, 0);
	check("ptwr.restored", !ex.taken, "taken %d", ex.taken);
}

/*
 * Regression: shared_info is the hypervisor's page; even with every guest
 * mapping of it read-only it must never become a page table.
 */
static void test_shared_info_type(void)
{
	unsigned long mfn = start_info->shared_info >> PAGE_SHIFT;
	uint64_t ro = (start_info->shared_info & ~0xfffUL) | _PAGE_PRESENT | _PAGE_ACCESSED;

	expect_rc("shared_info.readonly",
		  hv_update_va_mapping((unsigned long)shared_info, ro, UVMF_INVLPG), 0);
	expect_rc("shared_info.pin_l1", mmuext(PIN_L1, mfn, 0), -EINVAL);
	expect_rc("shared_info.writable_again",
		  hv_update_va_mapping((unsigned long)shared_info, ro | _PAGE_RW, UVMF_INVLPG), 0);
}

void test_main(void)
{
	test_unmap_remap();
	test_validation();
	test_pin();
	test_baseptr();
	test_misc();
	test_ptwr();
	test_shared_info_type();
}
