// SPDX-License-Identifier: GPL-2.0-only
/*
 * gnttab-hostile: grant_table_op with bad arguments. Each bad operation
 * gets Xen 4.17's status (or the hypercall's errno) and changes nothing:
 * no in-use flag, pin, page reference or page-table entry is left behind,
 * and the guest carries on. ABI rules checked:
 *  - cmd and count are 32-bit (upper halves ignored); count >= 2^31 and
 *    cmd bits above 11 give -EINVAL; unknown sub-ops -ENOSYS;
 *  - an op array starting in the hypervisor's range is -EFAULT even for
 *    count 0; one running into an unmapped page is -EFAULT after the
 *    elements before it were done (and their results written back);
 *  - setup_table / query_size / get_status_frames take count 1 (-EINVAL);
 *    a frame_list in the hypervisor's range is -EFAULT, an unmapped one
 *    the status GNTST_bad_virt_addr; too many frames GNTST_general_error;
 *    an unknown domain GNTST_bad_domain (get_version: -ESRCH);
 *  - set_version takes 1 or 2 only (-EINVAL, the current version is
 *    written back);
 *  - map: no host/device flag GNTST_bad_gntref; DOMID_SELF, DOMID_XEN or
 *    an unknown domain GNTST_bad_domain; a ref beyond the table
 *    GNTST_bad_gntref; an entry not granting us access (invalid, other
 *    domid, accept_transfer, sub_page bit, read-only for a writable map)
 *    GNTST_general_error; a frame that does not exist or is not ours (the
 *    hypervisor's) GNTST_bad_page; a writable use of a page-table frame,
 *    a host address with no L1 entry, in the hypervisor's range, not
 *    canonical, or (GNTMAP_contains_pte) not 8-aligned or not in an L1
 *    table GNTST_general_error; a 129th use of one kind GNTST_general_error;
 *  - while pinned, the entry's domid and frame are not looked at again,
 *    and a first writable use only checks GTF_readonly;
 *  - unmap: unknown, free or already unmapped handles GNTST_bad_handle; a
 *    host address that does not map the frame GNTST_general_error (the
 *    mapping stays); a wrong bus address GNTST_bad_dev_addr; a host entry
 *    the guest removed itself cannot be unmapped, and the grant stays in
 *    use;
 *  - copy: GNTST_bad_copy_arg past the page end, GNTST_bad_domain for an
 *    unknown domain (both ends are looked up first), then
 *    GNTST_permission_denied for a frame not named with DOMID_SELF,
 *    GNTST_bad_gntref, GNTST_general_error for an entry not granting the
 *    access or a page-table destination, GNTST_bad_page for a frame not
 *    ours; each op of a batch has its own status;
 *  - swap_grant_ref: GNTST_bad_gntref, GNTST_eagain while in use.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "gnttab.h"

const char test_kernel_name[] = "gnttab-hostile";

#define HV_DIRECTMAP 0xffff830000000000UL
#define NO_SUCH_DOMAIN 5
#define NR_ENTRIES 512		/* one frame */
#define BIG_MFN 0xfffffffUL	/* far beyond the machine's memory */

static char gt_va[PAGE_SIZE] __attribute__((section(".bss.page_aligned"), aligned(4096)));
static char pages[4][PAGE_SIZE] __attribute__((section(".bss.page_aligned"), aligned(4096)));
static char map_va[4][PAGE_SIZE] __attribute__((section(".bss.page_aligned"), aligned(4096)));
/* The second page is unmapped: arrays that run off the first one fault. */
static char edge[2][PAGE_SIZE] __attribute__((section(".bss.page_aligned"), aligned(4096)));

static struct grant_entry_v1 *gt;
static uint64_t l4_mfn, hv_mfn;

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void expect_st(const char *name, int16_t st, int16_t want)
{
	check(name, st == want, "status %d want %d", st, want);
}

static void grant_frame(grant_ref_t ref, uint64_t frame, domid_t domid, uint16_t flags)
{
	gt[ref].domid = domid;
	gt[ref].frame = (uint32_t)frame;
	__asm__ __volatile__("" ::: "memory");
	gt[ref].flags = flags;
}

static void grant(grant_ref_t ref, const void *page, uint16_t flags)
{
	grant_frame(ref, tk_virt_to_mfn(page), 0, GTF_permit_access | flags);
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, uint32_t flags, uint64_t addr,
					  domid_t dom)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr, .flags = flags, .ref = ref, .dom = dom,
		.status = 0x5555, .handle = 0xdeadbeef,
	};
	long rc = hv_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc)
		op.status = (int16_t)(0x7000 | (rc & 0xfff));
	return op;
}

static int16_t map_st(grant_ref_t ref, uint32_t flags, uint64_t addr, domid_t dom)
{
	return map_op(ref, flags, addr, dom).status;
}

static int16_t unmap_op(grant_handle_t h, uint64_t addr, uint64_t dev)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = addr, .dev_bus_addr = dev, .handle = h, .status = 0x5555,
	};
	long rc = hv_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? (int16_t)(0x7000 | (rc & 0xfff)) : op.status;
}

static void setup(void)
{
	uint64_t frame;
	struct gnttab_setup_table s = {
		.dom = DOMID_SELF, .nr_frames = 1, .frame_list = (uint64_t)&frame,
	};
	const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

	if (hv_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status)
		panic("setup_table: status %d", s.status);
	if (hv_update_va_mapping((unsigned long)gt_va, (frame << 12) | _PAGE_PRESENT |
				 _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY, UVMF_INVLPG))
		panic("mapping the grant frame");
	gt = (struct grant_entry_v1 *)gt_va;
	for (unsigned int i = 0; i < 4; i++)
		if (hv_update_va_mapping((unsigned long)map_va[i], 0, UVMF_INVLPG))
			panic("unmapping map_va[%u]", i);
	if (hv_update_va_mapping((unsigned long)edge[1], 0, UVMF_INVLPG))
		panic("unmapping edge[1]");
	l4_mfn = tk_virt_to_mfn(l4);
	/* A hypervisor frame: what the hypervisor's first L4 slot points at. */
	hv_mfn = TK_PTE_MFN(l4[256]);
}

static void test_hypercall(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_map_grant_ref *tail;
	long rc;

	expect_rc("op.dump_table", hv_grant_table_op(GNTTABOP_dump_table, &q, 1), -ENOSYS);
	expect_rc("op.13", hv_grant_table_op(13, &q, 1), -ENOSYS);
	expect_rc("op.0xfff", hv_grant_table_op(0xfff, &q, 1), -ENOSYS);
	expect_rc("op.cmd_bit12", hv_grant_table_op(0x1000 | GNTTABOP_query_size, &q, 1),
		  -EINVAL);
	rc = hv_grant_table_op((1UL << 32) | GNTTABOP_query_size, &q, (1UL << 32) | 1);
	check("op.upper_halves_ignored", rc == 0 && q.status == 0 && q.nr_frames == 1,
	      "rc %ld status %d nr_frames %u", rc, q.status, q.nr_frames);
	expect_rc("op.count_negative", hv_grant_table_op(GNTTABOP_map_grant_ref, &q, 0x80000000UL),
		  -EINVAL);
	expect_rc("op.count_2^32", hv_grant_table_op(GNTTABOP_map_grant_ref, guard_page,
						     1UL << 32), 0);
	expect_rc("op.count0_null", hv_grant_table_op(GNTTABOP_map_grant_ref, NULL, 0), 0);
	expect_rc("op.map_hypervisor_count0",
		  hv_grant_table_op(GNTTABOP_map_grant_ref, (void *)HV_DIRECTMAP, 0), -EFAULT);
	expect_rc("op.unmap_hypervisor",
		  hv_grant_table_op(GNTTABOP_unmap_grant_ref, (void *)HV_DIRECTMAP, 1), -EFAULT);
	expect_rc("op.copy_hypervisor",
		  hv_grant_table_op(GNTTABOP_copy, (void *)HV_DIRECTMAP, 1), -EFAULT);
	expect_rc("op.swap_hypervisor",
		  hv_grant_table_op(GNTTABOP_swap_grant_ref, (void *)HV_DIRECTMAP, 1), -EFAULT);
	expect_rc("op.map_unmapped", hv_grant_table_op(GNTTABOP_map_grant_ref, guard_page, 1),
		  -EFAULT);
	expect_rc("op.unmap_unmapped",
		  hv_grant_table_op(GNTTABOP_unmap_grant_ref, guard_page, 1), -EFAULT);
	expect_rc("op.copy_unmapped", hv_grant_table_op(GNTTABOP_copy, guard_page, 1), -EFAULT);

	/* Two ops, the second on an unmapped page: the first is done. */
	grant(8, pages[0], 0);
	tail = (struct gnttab_map_grant_ref *)(edge[1] - sizeof(*tail));
	*tail = (struct gnttab_map_grant_ref){ .flags = GNTMAP_device_map, .ref = 8,
					       .status = 0x5555 };
	rc = hv_grant_table_op(GNTTABOP_map_grant_ref, tail, 0x7fffffff);
	check("op.map_runs_off_the_end", rc == -EFAULT && tail->status == 0 &&
	      tail->dev_bus_addr == tk_virt_to_mfn(pages[0]) << 12,
	      "rc %ld status %d", rc, tail->status);
	expect_st("op.map_runs_off_the_end.unmap",
		  unmap_op(tail->handle, 0, tk_virt_to_mfn(pages[0]) << 12), 0);
	check_eq("op.map_runs_off_the_end.gtf", gt[8].flags, GTF_permit_access);
}

static void test_table_ops(void)
{
	uint64_t frames[2];
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1,
					.frame_list = (uint64_t)frames };
	struct gnttab_query_size q = { .dom = NO_SUCH_DOMAIN };
	struct gnttab_set_version sv = { .version = 0 };
	struct gnttab_get_version gv = { .dom = NO_SUCH_DOMAIN, .version = 77 };
	struct gnttab_get_status_frames gs = { .nr_frames = 1, .dom = DOMID_SELF,
					       .frame_list = (uint64_t)frames };
	long rc;

	expect_rc("setup.count0", hv_grant_table_op(GNTTABOP_setup_table, &s, 0), -EINVAL);
	expect_rc("setup.count2", hv_grant_table_op(GNTTABOP_setup_table, &s, 2), -EINVAL);
	expect_rc("setup.unmapped_op", hv_grant_table_op(GNTTABOP_setup_table, guard_page, 1),
		  -EFAULT);
	s.frame_list = HV_DIRECTMAP;
	expect_rc("setup.list_hypervisor", hv_grant_table_op(GNTTABOP_setup_table, &s, 1),
		  -EFAULT);
	s.frame_list = (uint64_t)guard_page;
	s.status = 0x5555;
	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	check("setup.list_unmapped", rc == 0 && s.status == GNTST_bad_virt_addr,
	      "rc %ld status %d", rc, s.status);
	s.frame_list = (uint64_t)frames;
	s.nr_frames = 65;
	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	check("setup.too_many", rc == 0 && s.status == GNTST_general_error, "rc %ld status %d",
	      rc, s.status);
	s.nr_frames = 1;
	s.dom = NO_SUCH_DOMAIN;
	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	check("setup.bad_domain", rc == 0 && s.status == GNTST_bad_domain, "rc %ld status %d",
	      rc, s.status);

	expect_rc("query.count2", hv_grant_table_op(GNTTABOP_query_size, &q, 2), -EINVAL);
	rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	check("query.bad_domain", rc == 0 && q.status == GNTST_bad_domain, "rc %ld status %d",
	      rc, q.status);
	q.dom = DOMID_XEN;
	rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	check("query.domid_xen", rc == 0 && q.status == GNTST_bad_domain, "rc %ld status %d",
	      rc, q.status);

	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.0", rc == -EINVAL && sv.version == 1, "rc %ld version %u", rc,
	      sv.version);
	sv.version = 3;
	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.3", rc == -EINVAL && sv.version == 1, "rc %ld version %u", rc,
	      sv.version);
	expect_rc("set_version.unmapped", hv_grant_table_op(GNTTABOP_set_version, guard_page, 1),
		  -EFAULT);
	rc = hv_grant_table_op(GNTTABOP_get_version, &gv, 1);
	check("get_version.bad_domain", rc == -ESRCH && gv.version == 77, "rc %ld", rc);

	/* Version 1 has no status frames. */
	gs.status = 0x5555;
	rc = hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check("status_frames.v1", rc == 0 && gs.status == GNTST_general_error,
	      "rc %ld status %d", rc, gs.status);
	gs.nr_frames = 0;
	rc = hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check("status_frames.v1_none", rc == 0 && gs.status == 0, "rc %ld status %d", rc,
	      gs.status);
	expect_rc("status_frames.count2",
		  hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 2), -EINVAL);
}

static void test_map_entries(void)
{
	uint64_t va = (uint64_t)map_va[0];

	grant(10, pages[0], 0);
	expect_st("map.no_flags", map_st(10, 0, va, 0), GNTST_bad_gntref);
	expect_st("map.readonly_only", map_st(10, GNTMAP_readonly, va, 0), GNTST_bad_gntref);
	expect_st("map.dom_self", map_st(10, GNTMAP_host_map, va, DOMID_SELF), GNTST_bad_domain);
	expect_st("map.dom_xen", map_st(10, GNTMAP_host_map, va, DOMID_XEN), GNTST_bad_domain);
	expect_st("map.dom_unknown", map_st(10, GNTMAP_host_map, va, NO_SUCH_DOMAIN),
		  GNTST_bad_domain);
	expect_st("map.ref_beyond", map_st(NR_ENTRIES, GNTMAP_host_map, va, 0), GNTST_bad_gntref);
	expect_st("map.ref_huge", map_st(0xffffffff, GNTMAP_host_map, va, 0), GNTST_bad_gntref);

	grant_frame(11, tk_virt_to_mfn(pages[0]), 0, GTF_invalid);
	expect_st("map.entry_invalid", map_st(11, GNTMAP_device_map, 0, 0), GNTST_general_error);
	grant_frame(11, tk_virt_to_mfn(pages[0]), NO_SUCH_DOMAIN, GTF_permit_access);
	expect_st("map.entry_other_domid", map_st(11, GNTMAP_device_map, 0, 0),
		  GNTST_general_error);
	check_eq("map.entry_other_domid.gtf", gt[11].flags, GTF_permit_access);
	grant_frame(11, tk_virt_to_mfn(pages[0]), 0, GTF_accept_transfer);
	expect_st("map.entry_accept_transfer", map_st(11, GNTMAP_device_map, 0, 0),
		  GNTST_general_error);
	grant_frame(11, tk_virt_to_mfn(pages[0]), 0, GTF_permit_access | GTF_sub_page);
	expect_st("map.entry_sub_page_bit", map_st(11, GNTMAP_device_map, 0, 0),
		  GNTST_general_error);
	grant(11, pages[0], GTF_readonly);
	expect_st("map.rw_of_ro_grant", map_st(11, GNTMAP_device_map, 0, 0), GNTST_general_error);
	check_eq("map.rw_of_ro_grant.gtf", gt[11].flags, GTF_permit_access | GTF_readonly);

	grant_frame(12, BIG_MFN, 0, GTF_permit_access);
	expect_st("map.frame_nonexistent", map_st(12, GNTMAP_host_map, va, 0), GNTST_bad_page);
	check_eq("map.frame_nonexistent.gtf", gt[12].flags, GTF_permit_access);
	grant_frame(12, hv_mfn, 0, GTF_permit_access);
	expect_st("map.frame_hypervisor", map_st(12, GNTMAP_host_map, va, 0), GNTST_bad_page);
	expect_st("map.frame_hypervisor_ro",
		  map_st(12, GNTMAP_host_map | GNTMAP_readonly, va, 0), GNTST_bad_page);
	grant_frame(12, 0, 0, GTF_permit_access);
	expect_st("map.frame_0", map_st(12, GNTMAP_device_map, 0, 0), GNTST_bad_page);
	check_eq("map.no_pte_left", tk_pte(map_va[0]), 0);
}

static void test_map_page_table(void)
{
	struct gnttab_map_grant_ref op;
	uint64_t va = (uint64_t)map_va[0];

	grant_frame(13, l4_mfn, 0, GTF_permit_access);
	expect_st("map.page_table_rw_host", map_st(13, GNTMAP_host_map, va, 0),
		  GNTST_general_error);
	expect_st("map.page_table_rw_device", map_st(13, GNTMAP_device_map, 0, 0),
		  GNTST_general_error);
	check_eq("map.page_table_rw.gtf", gt[13].flags, GTF_permit_access);
	check_eq("map.page_table_rw.no_pte", tk_pte(map_va[0]), 0);
	op = map_op(13, GNTMAP_host_map | GNTMAP_readonly, va, 0);
	check("map.page_table_ro", op.status == 0 &&
	      *(volatile uint64_t *)map_va[0] == ((const uint64_t *)start_info->pt_base)[0],
	      "status %d", op.status);
	expect_st("unmap.page_table_ro", unmap_op(op.handle, va, 0), 0);
}

static void test_map_addresses(void)
{
	uint64_t maddr;

	grant(14, pages[1], 0);
	expect_st("map.addr_hypervisor", map_st(14, GNTMAP_host_map, HV_DIRECTMAP, 0),
		  GNTST_general_error);
	expect_st("map.addr_m2p", map_st(14, GNTMAP_host_map, 0xffff800000000000UL, 0),
		  GNTST_general_error);
	expect_st("map.addr_noncanonical", map_st(14, GNTMAP_host_map, 0x8000000000000000UL, 0),
		  GNTST_general_error);
	expect_st("map.addr_no_l1", map_st(14, GNTMAP_host_map, 0x1000, 0), GNTST_general_error);
	if (!tk_l1e((uint64_t)map_va[1], &maddr))
		panic("no L1 for map_va[1]");
	expect_st("map.pte_misaligned",
		  map_st(14, GNTMAP_host_map | GNTMAP_contains_pte, maddr + 1, 0),
		  GNTST_general_error);
	expect_st("map.pte_in_data_page",
		  map_st(14, GNTMAP_host_map | GNTMAP_contains_pte,
			 tk_virt_to_mfn(pages[2]) << 12, 0), GNTST_general_error);
	expect_st("map.pte_in_l4", map_st(14, GNTMAP_host_map | GNTMAP_contains_pte,
					  l4_mfn << 12, 0), GNTST_general_error);
	expect_st("map.pte_in_hypervisor", map_st(14, GNTMAP_host_map | GNTMAP_contains_pte,
						  hv_mfn << 12, 0), GNTST_general_error);
	expect_st("map.pte_beyond_memory", map_st(14, GNTMAP_host_map | GNTMAP_contains_pte,
						  BIG_MFN << 12, 0), GNTST_general_error);
	check_eq("map.bad_addr.gtf", gt[14].flags, GTF_permit_access);
	check_eq("map.bad_addr.no_pte", tk_pte(map_va[1]), 0);
}

/* 128 uses of one kind are allowed, the 129th is refused. */
static void test_pin_overflow(void)
{
	static grant_handle_t h[2][128];
	uint64_t addr = tk_virt_to_mfn(pages[2]) << 12;
	unsigned int ok[2] = { 0, 0 };
	struct gnttab_map_grant_ref op;
	unsigned int bad = 0;

	grant(15, pages[2], 0);
	for (unsigned int ro = 0; ro < 2; ro++) {
		for (unsigned int i = 0; i < 128; i++) {
			op = map_op(15, GNTMAP_device_map | (ro ? GNTMAP_readonly : 0), 0, 0);
			ok[ro] += op.status == 0;
			h[ro][i] = op.handle;
		}
		op = map_op(15, GNTMAP_device_map | (ro ? GNTMAP_readonly : 0), 0, 0);
		check(ro ? "map.pin_overflow_ro" : "map.pin_overflow_rw",
		      ok[ro] == 128 && op.status == GNTST_general_error,
		      "%u mapped, then status %d", ok[ro], op.status);
	}
	/* Host uses count separately. */
	op = map_op(15, GNTMAP_host_map, (uint64_t)map_va[2], 0);
	expect_st("map.pin_overflow_other_kind", op.status, 0);
	expect_st("unmap.pin_overflow_other_kind", unmap_op(op.handle, (uint64_t)map_va[2], 0), 0);
	for (unsigned int ro = 0; ro < 2; ro++)
		for (unsigned int i = 0; i < 128; i++)
			bad += unmap_op(h[ro][i], 0, addr) != 0;
	check("unmap.pin_overflow", bad == 0 && gt[15].flags == GTF_permit_access,
	      "%u failures, gtf %#x", bad, gt[15].flags);
}

static void test_pinned_entry(void)
{
	struct gnttab_map_grant_ref op, op2, op3;
	uint64_t addr = tk_virt_to_mfn(pages[3]) << 12;

	/* Once pinned, a changed domid does not stop more uses by the pinner. */
	grant(16, pages[3], 0);
	op = map_op(16, GNTMAP_device_map | GNTMAP_readonly, 0, 0);
	gt[16].domid = NO_SUCH_DOMAIN;
	op2 = map_op(16, GNTMAP_device_map | GNTMAP_readonly, 0, 0);
	check("map.pinned_ignores_domid", op.status == 0 && op2.status == 0,
	      "status %d %d", op.status, op2.status);
	/* A first write use looks at GTF_readonly again, and only at that. */
	gt[16].flags |= GTF_readonly;
	expect_st("map.pinned_write_rechecks_readonly", map_st(16, GNTMAP_device_map, 0, 0),
		  GNTST_general_error);
	check_eq("map.pinned_write_rechecks_readonly.gtf", gt[16].flags,
		 GTF_permit_access | GTF_readonly | GTF_reading);
	gt[16].flags &= ~GTF_readonly;
	op3 = map_op(16, GNTMAP_device_map, 0, 0);
	check("map.pinned_write_ignores_domid", op3.status == 0 &&
	      gt[16].flags == (GTF_permit_access | GTF_reading | GTF_writing),
	      "status %d gtf %#x", op3.status, gt[16].flags);
	unmap_op(op.handle, 0, addr);
	unmap_op(op2.handle, 0, addr);
	unmap_op(op3.handle, 0, addr);
	check_eq("map.pinned.gtf", gt[16].flags, GTF_permit_access);
}

static void test_unmap(void)
{
	struct gnttab_map_grant_ref op;
	uint64_t va = (uint64_t)map_va[0], mfn = tk_virt_to_mfn(pages[0]);
	long rc;

	grant(17, pages[0], 0);
	pages[0][9] = 'u';
	op = map_op(17, GNTMAP_host_map | GNTMAP_device_map, va, 0);
	if (op.status)
		panic("map for the unmap tests: %d", op.status);
	expect_st("unmap.handle_huge", unmap_op(0xffffffff, va, mfn << 12), GNTST_bad_handle);
	expect_st("unmap.handle_free", unmap_op(200, va, mfn << 12), GNTST_bad_handle);
	expect_st("unmap.wrong_host_addr", unmap_op(op.handle, (uint64_t)pages[1], 0),
		  GNTST_general_error);
	expect_st("unmap.host_addr_unmapped", unmap_op(op.handle, (uint64_t)map_va[3], 0),
		  GNTST_general_error);
	expect_st("unmap.host_addr_hypervisor", unmap_op(op.handle, HV_DIRECTMAP, 0),
		  GNTST_general_error);
	expect_st("unmap.host_addr_noncanonical",
		  unmap_op(op.handle, 0x8000000000000000UL, 0), GNTST_general_error);
	expect_st("unmap.wrong_dev_addr", unmap_op(op.handle, va, (mfn + 1) << 12),
		  GNTST_bad_dev_addr);
	check("unmap.failed_kept_mapping", TK_PTE_MFN(tk_pte(map_va[0])) == mfn &&
	      ((volatile char *)map_va[0])[9] == 'u' &&
	      gt[17].flags == (GTF_permit_access | GTF_reading | GTF_writing),
	      "pte %#lx gtf %#x", tk_pte(map_va[0]), gt[17].flags);
	expect_st("unmap.both", unmap_op(op.handle, va, mfn << 12), 0);
	expect_st("unmap.twice", unmap_op(op.handle, va, mfn << 12), GNTST_bad_handle);
	check_eq("unmap.both.gtf", gt[17].flags, GTF_permit_access);

	/* The guest removes the host entry itself: the grant stays in use. */
	op = map_op(17, GNTMAP_host_map, va, 0);
	rc = hv_update_va_mapping(va, 0, UVMF_INVLPG);
	check("unmap.entry_cleared_by_guest", op.status == 0 && rc == 0, "status %d rc %ld",
	      op.status, rc);
	expect_st("unmap.entry_cleared_by_guest.unmap", unmap_op(op.handle, va, 0),
		  GNTST_general_error);
	check_eq("unmap.entry_cleared_by_guest.gtf", gt[17].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	expect_st("swap.in_use", ({
		struct gnttab_swap_grant_ref s = { .ref_a = 17, .ref_b = 18 };
		hv_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1);
		s.status; }), GNTST_eagain);
}

static void copy_ops(struct gnttab_copy *c, unsigned int n)
{
	long rc = hv_grant_table_op(GNTTABOP_copy, c, n);

	if (rc)
		c[0].status = (int16_t)(0x7000 | (rc & 0xfff));
}

static struct gnttab_copy frame_copy(uint64_t src, uint64_t dst)
{
	return (struct gnttab_copy){
		.source = { .u.gmfn = src, .domid = DOMID_SELF },
		.dest = { .u.gmfn = dst, .domid = DOMID_SELF },
		.len = 8, .status = 0x5555,
	};
}

static int16_t copy_st(struct gnttab_copy c)
{
	copy_ops(&c, 1);
	return c.status;
}

static void test_copy(void)
{
	uint64_t a = tk_virt_to_mfn(pages[0]), b = tk_virt_to_mfn(pages[1]);
	struct gnttab_copy c, batch[3];

	c = frame_copy(a, b);
	c.source.offset = 4000;
	c.len = 200;
	expect_st("copy.source_past_end", copy_st(c), GNTST_bad_copy_arg);
	c = frame_copy(a, b);
	c.dest.offset = 4090;
	c.len = 10;
	expect_st("copy.dest_past_end", copy_st(c), GNTST_bad_copy_arg);
	c = frame_copy(a, b);
	c.dest.offset = 4096;
	c.len = 0;
	expect_st("copy.empty_at_end", copy_st(c), 0);
	c = frame_copy(a, b);
	c.source.domid = 0;
	expect_st("copy.frame_not_self", copy_st(c), GNTST_permission_denied);
	c = frame_copy(a, b);
	c.dest.domid = 0;
	expect_st("copy.frame_own_id_not_self", copy_st(c), GNTST_permission_denied);
	/* Both domains are looked up before the DOMID_SELF rule is applied. */
	c = frame_copy(a, b);
	c.dest.domid = NO_SUCH_DOMAIN;
	expect_st("copy.frame_unknown_domain", copy_st(c), GNTST_bad_domain);
	c = frame_copy(a, b);
	c.source.domid = NO_SUCH_DOMAIN;
	expect_st("copy.frame_unknown_domain_src", copy_st(c), GNTST_bad_domain);
	c = frame_copy(a, b);
	c.dest.domid = DOMID_XEN;
	expect_st("copy.frame_domid_xen", copy_st(c), GNTST_bad_domain);
	c = frame_copy(a, b);
	c.source.domid = 0;
	c.dest.domid = NO_SUCH_DOMAIN;
	expect_st("copy.unknown_before_permission", copy_st(c), GNTST_bad_domain);
	c = frame_copy(BIG_MFN, b);
	expect_st("copy.frame_nonexistent", copy_st(c), GNTST_bad_page);
	c = frame_copy(a, hv_mfn);
	expect_st("copy.frame_hypervisor", copy_st(c), GNTST_bad_page);
	c = frame_copy(a, l4_mfn);
	expect_st("copy.dest_page_table", copy_st(c), GNTST_general_error);
	c = frame_copy(l4_mfn, b);
	expect_st("copy.source_page_table", copy_st(c), 0);

	grant(20, pages[0], GTF_readonly);
	c = frame_copy(a, b);
	c.flags = GNTCOPY_source_gref;
	c.source.u.ref = 20;
	c.source.domid = NO_SUCH_DOMAIN;
	expect_st("copy.gref_bad_domain", copy_st(c), GNTST_bad_domain);
	c.source.domid = 0;
	c.source.u.ref = NR_ENTRIES;
	expect_st("copy.gref_beyond", copy_st(c), GNTST_bad_gntref);
	c.source.u.ref = 19;
	grant_frame(19, a, 0, GTF_invalid);
	expect_st("copy.gref_invalid", copy_st(c), GNTST_general_error);
	grant_frame(19, BIG_MFN, 0, GTF_permit_access);
	expect_st("copy.gref_frame_nonexistent", copy_st(c), GNTST_bad_page);
	check_eq("copy.gref_frame_nonexistent.gtf", gt[19].flags, GTF_permit_access);
	c = frame_copy(a, b);
	c.flags = GNTCOPY_dest_gref;
	c.dest.u.ref = 20;
	c.dest.domid = 0;
	expect_st("copy.dest_ro_grant", copy_st(c), GNTST_general_error);
	check_eq("copy.dest_ro_grant.gtf", gt[20].flags, GTF_permit_access | GTF_readonly);
	grant_frame(21, l4_mfn, 0, GTF_permit_access);
	c.dest.u.ref = 21;
	expect_st("copy.dest_gref_page_table", copy_st(c), GNTST_general_error);
	check_eq("copy.dest_gref_page_table.gtf", gt[21].flags, GTF_permit_access);

	/* Each op of a batch has its own status. */
	memcpy(pages[0], "batch-ok", 8);
	memset(pages[1], 0, 64);
	batch[0] = frame_copy(a, b);
	batch[1] = frame_copy(BIG_MFN, b);
	batch[2] = frame_copy(a, b);
	batch[2].dest.offset = 32;
	copy_ops(batch, 3);
	check("copy.batch", batch[0].status == 0 && batch[1].status == GNTST_bad_page &&
	      batch[2].status == 0 && !memcmp(pages[1], "batch-ok", 8) &&
	      !memcmp(pages[1] + 32, "batch-ok", 8), "status %d %d %d", batch[0].status,
	      batch[1].status, batch[2].status);
}

static void test_swap(void)
{
	struct gnttab_swap_grant_ref s = { .ref_a = 1, .ref_b = NR_ENTRIES, .status = 0x5555 };
	long rc = hv_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1);

	check("swap.ref_beyond", rc == 0 && s.status == GNTST_bad_gntref, "rc %ld status %d",
	      rc, s.status);
}

void test_main(void)
{
	setup();
	test_hypercall();
	test_table_ops();
	test_map_entries();
	test_map_page_table();
	test_map_addresses();
	test_pin_overflow();
	test_pinned_entry();
	test_copy();
	test_swap();
	/* Last: it leaves ref 17 in use for good. */
	test_unmap();
}
