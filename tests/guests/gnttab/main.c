// SPDX-License-Identifier: GPL-2.0-only
/*
 * gnttab: grant tables (grant_table_op, hypercall 20; version 1, and
 * version 2 briefly) used by a domain on its own grants: the granter and
 * the mapper are both us, domid 0.
 * ABI rules checked, as Xen 4.17 behaves:
 *  - a new table has 1 frame of at most 64 (query_size) and is version 1;
 *    setup_table grows it and returns the frames' machine frame numbers,
 *    which a PV guest maps itself with update_va_mapping; the frames are
 *    zeroed, have no M2P entry, and are the table the hypervisor reads;
 *  - map_grant_ref (GNTMAP_host_map) of our own page at a free virtual
 *    address installs a present, non-executable entry for the same frame
 *    (writes through either address are seen through the other), returns
 *    a handle and, whatever the flags, dev_bus_addr = the machine address;
 *  - GNTMAP_readonly gives a read-only entry (a write is a #PF with P|W),
 *    and is the only way to map a GTF_readonly grant;
 *  - GNTMAP_device_map returns the machine address and installs nothing;
 *  - while mapped the entry has GTF_reading (any use) and GTF_writing (a
 *    writable use); both go when the last such use is unmapped;
 *  - unmap_grant_ref by handle undoes only the parts it names (host_addr,
 *    dev_bus_addr non-zero; a wrong one is refused), clears the entry, and
 *    writes back only the status; a second unmap is GNTST_bad_handle;
 *  - GNTMAP_contains_pte takes the machine address of the L1 entry; map
 *    flag bits 16-18 become the entry's software bits 9-11;
 *  - while pinned, an entry's frame is the one pinned, whatever the
 *    granter writes into it meanwhile;
 *  - copy between two grants, grant and frame, frame and frame (frames
 *    only with DOMID_SELF), with offsets, leaves no in-use flag behind and
 *    writes back only the status;
 *  - swap_grant_ref exchanges two entries; get_version / set_version:
 *    version 1 and 2 exist (2 is on by default in 4.17), switching keeps
 *    entries 0-7 and clears the others, and is refused while any other
 *    entry is in use; version 2 has status frames holding the in-use flags;
 *  - the maptrack table is limited: with Xen's default of 1024 frames of
 *    256 mappings (one held back) a one-vCPU domain gets 262143 mappings,
 *    then GNTST_no_space, and one more after an unmap (command line word
 *    "maptrack": a run of its own).
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "gnttab.h"

const char test_kernel_name[] = "gnttab";

#define NR_GT_FRAMES 3
#define NR_PAGES 8
#define NR_MAP_VA 8

#define PAGE_BSS __attribute__((section(".bss.page_aligned"), aligned(4096)))

/* Where we map the grant-table frames. */
static char gt_va[NR_GT_FRAMES][PAGE_SIZE] PAGE_BSS;
/* Pages we grant. */
static char pages[NR_PAGES][PAGE_SIZE] PAGE_BSS;
/* Virtual addresses made free (not present, L1 present) for host maps. */
static char map_va[NR_MAP_VA][PAGE_SIZE] PAGE_BSS;

static struct grant_entry_v1 *gt;
static uint64_t gt_frames[NR_GT_FRAMES];

static void expect_st(const char *name, int16_t st, int16_t want)
{
	check(name, st == want, "status %d want %d", st, want);
}

static void grant(grant_ref_t ref, const void *page, uint16_t flags)
{
	gt[ref].domid = 0;
	gt[ref].frame = (uint32_t)tk_virt_to_mfn(page);
	__asm__ __volatile__("" ::: "memory");
	gt[ref].flags = GTF_permit_access | flags;
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, uint32_t flags, void *va)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (uint64_t)va, .flags = flags, .ref = ref, .dom = 0,
		.status = 0x5555, .handle = 0xdeadbeef,
	};
	long rc = hv_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc)
		op.status = (int16_t)(0x7000 | (rc & 0xfff));
	return op;
}

static int16_t unmap_op(grant_handle_t h, void *va, uint64_t dev)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = (uint64_t)va, .dev_bus_addr = dev, .handle = h,
		.status = 0x5555,
	};
	long rc = hv_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? (int16_t)(0x7000 | (rc & 0xfff)) : op.status;
}

static void test_initial(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 0x5555 };
	struct gnttab_get_version v = { .dom = DOMID_SELF, .version = 0xff };
	long rc;

	rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	check("query_size.initial", rc == 0 && q.status == 0 && q.nr_frames == 1 &&
	      q.max_nr_frames == 64, "rc %ld status %d nr_frames %u max %u", rc, q.status,
	      q.nr_frames, q.max_nr_frames);
	rc = hv_grant_table_op(GNTTABOP_get_version, &v, 1);
	check("get_version.initial", rc == 0 && v.version == 1, "rc %ld version %u", rc,
	      v.version);
}

static void test_setup(void)
{
	struct gnttab_setup_table s = {
		.dom = DOMID_SELF, .nr_frames = NR_GT_FRAMES, .status = 0x5555,
		.frame_list = (uint64_t)gt_frames,
	};
	struct gnttab_query_size q = { .dom = 0 };
	bool zero = true;
	long rc;

	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	check("setup_table", rc == 0 && s.status == 0 && gt_frames[0] && gt_frames[1] &&
	      gt_frames[2] && gt_frames[0] != gt_frames[1] && gt_frames[1] != gt_frames[2],
	      "rc %ld status %d frames %#lx %#lx %#lx", rc, s.status, gt_frames[0],
	      gt_frames[1], gt_frames[2]);
	check("setup_table.in_fields_kept", s.dom == DOMID_SELF && s.nr_frames == NR_GT_FRAMES,
	      "dom %#x nr_frames %u", s.dom, s.nr_frames);
	for (unsigned int i = 0; i < NR_GT_FRAMES; i++) {
		rc = hv_update_va_mapping((unsigned long)gt_va[i], (gt_frames[i] << 12) |
					  _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
					  _PAGE_DIRTY, UVMF_INVLPG);
		if (rc)
			panic("mapping grant frame %u (mfn %#lx): %ld", i, gt_frames[i], rc);
	}
	gt = (struct grant_entry_v1 *)gt_va[0];
	for (unsigned int i = 0; i < NR_GT_FRAMES * PAGE_SIZE / 8; i++)
		zero &= ((uint64_t *)gt_va)[i] == 0;
	check("setup_table.frames_zeroed", zero, NULL);
	check("setup_table.no_m2p", TK_M2P[gt_frames[0]] == ~0UL &&
	      TK_M2P[gt_frames[2]] == ~0UL, "m2p %#lx %#lx", TK_M2P[gt_frames[0]],
	      TK_M2P[gt_frames[2]]);
	rc = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	check("query_size.grown", rc == 0 && q.status == 0 && q.nr_frames == NR_GT_FRAMES,
	      "rc %ld status %d nr_frames %u", rc, q.status, q.nr_frames);

	/* Asking again for fewer frames does not shrink, and returns the same. */
	s.nr_frames = 1;
	gt_frames[1] = 0;
	uint64_t first = gt_frames[0];
	rc = hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
	check("setup_table.again", rc == 0 && s.status == 0 && gt_frames[0] == first &&
	      gt_frames[1] == 0, "rc %ld status %d frame %#lx", rc, s.status, gt_frames[0]);
	hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	check_eq("query_size.not_shrunk", q.nr_frames, NR_GT_FRAMES);
	s.nr_frames = NR_GT_FRAMES;
	hv_grant_table_op(GNTTABOP_setup_table, &s, 1);
}

static void test_host_map(void)
{
	char *a = pages[0];
	volatile char *m = map_va[0];
	struct gnttab_map_grant_ref op;
	uint64_t mfn = tk_virt_to_mfn(a), pte;
	struct exinfo e;

	grant(10, a, 0);
	a[0] = 'A';
	a[4095] = 'Z';
	op = map_op(10, GNTMAP_host_map, map_va[0]);
	check("map.host.status", op.status == 0, "status %d handle %#x", op.status, op.handle);
	check_eq("map.host.dev_bus_addr", op.dev_bus_addr, mfn << 12);
	check("map.host.in_fields_kept", op.ref == 10 && op.flags == GNTMAP_host_map &&
	      op.dom == 0 && op.host_addr == (uint64_t)map_va[0], "ref %u", op.ref);
	pte = tk_pte(map_va[0]);
	check("map.host.pte", TK_PTE_MFN(pte) == mfn && (pte & _PAGE_PRESENT) &&
	      (pte & _PAGE_RW) && (pte & TK_PAGE_NX), "pte %#lx mfn %#lx", pte, mfn);
	check("map.host.read", m[0] == 'A' && m[4095] == 'Z', "%c%c", m[0], m[4095]);
	/* Two names of one frame: the compiler must not reorder across them. */
	m[1] = 'm';
	__asm__ __volatile__("" ::: "memory");
	check("map.host.same_frame", ((volatile char *)a)[1] == 'm', "%#x", a[1]);
	check_eq("map.host.gtf", gt[10].flags, GTF_permit_access | GTF_reading | GTF_writing);
	e = exec_safe((const void *)m);
	check("map.host.not_executable", e.taken && e.vector == X86_EXC_PF &&
	      (e.ec & PFEC_insn), "vector %u ec %#lx", e.vector, e.ec);

	expect_st("unmap.host.status", unmap_op(op.handle, map_va[0], 0), 0);
	check_eq("unmap.host.pte_cleared", tk_pte(map_va[0]), 0);
	e = read_safe(m, NULL);
	check("unmap.host.faults", e.taken && e.vector == X86_EXC_PF && !(e.ec & PFEC_present),
	      "vector %u ec %#lx", e.vector, e.ec);
	check_eq("unmap.host.gtf", gt[10].flags, GTF_permit_access);
	expect_st("unmap.twice", unmap_op(op.handle, map_va[0], 0), GNTST_bad_handle);

	/* host_addr may point anywhere in the page. */
	op = map_op(10, GNTMAP_host_map, map_va[0] + 0x123);
	check("map.host.unaligned_addr", op.status == 0 && TK_PTE_MFN(tk_pte(map_va[0])) == mfn,
	      "status %d", op.status);
	expect_st("unmap.host.unaligned_addr", unmap_op(op.handle, map_va[0] + 0x456, 0), 0);
}

static void test_readonly(void)
{
	char *b = pages[1];
	volatile char *m = map_va[1];
	struct gnttab_map_grant_ref op, op2;
	struct exinfo e;
	uint64_t pte;

	grant(11, b, 0);
	b[7] = 'b';
	op = map_op(11, GNTMAP_host_map | GNTMAP_readonly, map_va[1]);
	check("map.ro.status", op.status == 0, "status %d", op.status);
	pte = tk_pte(map_va[1]);
	check("map.ro.pte", (pte & _PAGE_PRESENT) && !(pte & _PAGE_RW) &&
	      TK_PTE_MFN(pte) == tk_virt_to_mfn(b), "pte %#lx", pte);
	check_eq("map.ro.gtf", gt[11].flags, GTF_permit_access | GTF_reading);
	check("map.ro.read", m[7] == 'b', "%#x", m[7]);
	e = write_safe(m, 1);
	check("map.ro.write_faults", e.taken && e.vector == X86_EXC_PF &&
	      (e.ec & (PFEC_present | PFEC_write)) == (PFEC_present | PFEC_write),
	      "vector %u ec %#lx", e.vector, e.ec);

	/* A writable use on top: GTF_writing comes and goes with it. */
	op2 = map_op(11, GNTMAP_host_map, map_va[2]);
	check("map.rw_over_ro.status", op2.status == 0 && op2.handle != op.handle,
	      "status %d handles %#x %#x", op2.status, op.handle, op2.handle);
	check_eq("map.rw_over_ro.gtf", gt[11].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	expect_st("unmap.rw_over_ro", unmap_op(op2.handle, map_va[2], 0), 0);
	check_eq("unmap.rw_over_ro.gtf", gt[11].flags, GTF_permit_access | GTF_reading);
	/* The read-only mapping cannot be unmapped as the writable one's address. */
	expect_st("unmap.ro.wrong_addr", unmap_op(op.handle, map_va[2], 0),
		  GNTST_general_error);
	expect_st("unmap.ro", unmap_op(op.handle, map_va[1], 0), 0);
	check_eq("unmap.ro.gtf", gt[11].flags, GTF_permit_access);

	/* A read-only grant: only read-only uses. */
	grant(12, b, GTF_readonly);
	op = map_op(12, GNTMAP_host_map, map_va[1]);
	expect_st("map.rw_of_ro_grant", op.status, GNTST_general_error);
	check_eq("map.rw_of_ro_grant.gtf", gt[12].flags, GTF_permit_access | GTF_readonly);
	op = map_op(12, GNTMAP_host_map | GNTMAP_readonly, map_va[1]);
	expect_st("map.ro_of_ro_grant", op.status, 0);
	check_eq("map.ro_of_ro_grant.gtf", gt[12].flags,
		 GTF_permit_access | GTF_readonly | GTF_reading);
	expect_st("unmap.ro_of_ro_grant", unmap_op(op.handle, map_va[1], 0), 0);
}

static void test_device_map(void)
{
	char *c = pages[2];
	uint64_t mfn = tk_virt_to_mfn(c);
	struct gnttab_map_grant_ref op, op2;

	grant(13, c, 0);
	op = map_op(13, GNTMAP_device_map, map_va[3]);
	check("map.device.status", op.status == 0, "status %d", op.status);
	check_eq("map.device.dev_bus_addr", op.dev_bus_addr, mfn << 12);
	check_eq("map.device.no_pte", tk_pte(map_va[3]), 0);
	check_eq("map.device.gtf", gt[13].flags, GTF_permit_access | GTF_reading | GTF_writing);
	op2 = map_op(13, GNTMAP_device_map | GNTMAP_readonly, NULL);
	check("map.device_ro.status", op2.status == 0 && op2.dev_bus_addr == mfn << 12,
	      "status %d addr %#lx", op2.status, op2.dev_bus_addr);

	/* Naming neither part undoes nothing, and is not an error. */
	expect_st("unmap.nothing_named", unmap_op(op.handle, NULL, 0), 0);
	check_eq("unmap.nothing_named.gtf", gt[13].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	expect_st("unmap.device.wrong_addr", unmap_op(op.handle, NULL, (mfn + 1) << 12),
		  GNTST_bad_dev_addr);
	expect_st("unmap.device", unmap_op(op.handle, NULL, mfn << 12), 0);
	check_eq("unmap.device.gtf", gt[13].flags, GTF_permit_access | GTF_reading);
	/* dev_bus_addr is checked against the frame, not the offset. */
	expect_st("unmap.device_ro", unmap_op(op2.handle, NULL, mfn << 12), 0);
	check_eq("unmap.device_ro.gtf", gt[13].flags, GTF_permit_access);

	/* Both at once, undone in two steps. */
	op = map_op(13, GNTMAP_device_map | GNTMAP_host_map, map_va[3]);
	check("map.both.status", op.status == 0 && TK_PTE_MFN(tk_pte(map_va[3])) == mfn,
	      "status %d", op.status);
	expect_st("unmap.both.host", unmap_op(op.handle, map_va[3], 0), 0);
	check_eq("unmap.both.host.gtf", gt[13].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	expect_st("unmap.both.device", unmap_op(op.handle, NULL, mfn << 12), 0);
	check_eq("unmap.both.gtf", gt[13].flags, GTF_permit_access);
	expect_st("unmap.both.gone", unmap_op(op.handle, NULL, mfn << 12), GNTST_bad_handle);
}

static void test_contains_pte(void)
{
	char *d = pages[3];
	uint64_t maddr, mfn = tk_virt_to_mfn(d);
	struct gnttab_map_grant_ref op;
	volatile char *m = map_va[4];

	grant(14, d, 0);
	d[5] = 'p';
	if (!tk_l1e((uint64_t)map_va[4], &maddr))
		panic("no L1 for map_va[4]");
	op = map_op(14, GNTMAP_host_map | GNTMAP_contains_pte, (void *)maddr);
	check("map.contains_pte.status", op.status == 0 && TK_PTE_MFN(tk_pte(map_va[4])) == mfn,
	      "status %d pte %#lx", op.status, tk_pte(map_va[4]));
	check("map.contains_pte.read", m[5] == 'p', "%#x", m[5]);
	expect_st("unmap.contains_pte", unmap_op(op.handle, (void *)maddr, 0), 0);
	check_eq("unmap.contains_pte.pte", tk_pte(map_va[4]), 0);

	/* Guest-available flag bits 16-18 become PTE bits 9-11. */
	op = map_op(14, GNTMAP_host_map | (5 << _GNTMAP_guest_avail0), map_va[4]);
	check("map.avail_bits", op.status == 0 && ((tk_pte(map_va[4]) >> 9) & 7) == 5,
	      "status %d pte %#lx", op.status, tk_pte(map_va[4]));
	expect_st("unmap.avail_bits", unmap_op(op.handle, map_va[4], 0), 0);
}

static void test_pinned_frame(void)
{
	struct gnttab_map_grant_ref op, op2;
	uint64_t mfn_e = tk_virt_to_mfn(pages[4]);

	/* While pinned, the frame is the one pinned: a changed entry is ignored. */
	grant(15, pages[4], 0);
	op = map_op(15, GNTMAP_device_map, NULL);
	gt[15].frame = (uint32_t)tk_virt_to_mfn(pages[5]);
	op2 = map_op(15, GNTMAP_device_map, NULL);
	check("map.pinned_frame_kept", op.status == 0 && op2.status == 0 &&
	      op2.dev_bus_addr == mfn_e << 12, "status %d %d addr %#lx", op.status,
	      op2.status, op2.dev_bus_addr);
	unmap_op(op.handle, NULL, mfn_e << 12);
	unmap_op(op2.handle, NULL, mfn_e << 12);
	check_eq("map.pinned_frame.gtf", gt[15].flags, GTF_permit_access);
}

static void copy_op(struct gnttab_copy *c, int n)
{
	long rc = hv_grant_table_op(GNTTABOP_copy, c, n);

	if (rc)
		c[0].status = (int16_t)(0x7000 | (rc & 0xfff));
}

static void test_copy(void)
{
	char *src = pages[5], *dst = pages[6];
	struct gnttab_copy c[4];

	grant(20, src, GTF_readonly);
	grant(21, dst, 0);
	memset(src, 0, PAGE_SIZE);
	memset(dst, 0, PAGE_SIZE);
	memcpy(src + 100, "grant-copy", 10);

	memset(c, 0, sizeof(c));
	c[0].source.u.ref = 20;
	c[0].source.domid = 0;
	c[0].source.offset = 100;
	c[0].dest.u.ref = 21;
	c[0].dest.domid = DOMID_SELF;
	c[0].dest.offset = 200;
	c[0].len = 10;
	c[0].flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	c[0].status = 0x5555;
	/* gref -> frame */
	c[1] = c[0];
	c[1].dest.u.gmfn = tk_virt_to_mfn(dst);
	c[1].dest.offset = 300;
	c[1].flags = GNTCOPY_source_gref;
	/* frame -> gref */
	c[2] = c[0];
	c[2].source.u.gmfn = tk_virt_to_mfn(src);
	c[2].source.domid = DOMID_SELF;
	c[2].dest.offset = 4086;
	c[2].flags = GNTCOPY_dest_gref;
	/* frame -> frame */
	c[3] = c[0];
	c[3].source.u.gmfn = tk_virt_to_mfn(src);
	c[3].source.domid = DOMID_SELF;
	c[3].dest.u.gmfn = tk_virt_to_mfn(dst);
	c[3].dest.offset = 0;
	c[3].flags = 0;
	copy_op(c, 4);
	check("copy.status", c[0].status == 0 && c[1].status == 0 && c[2].status == 0 &&
	      c[3].status == 0, "status %d %d %d %d", c[0].status, c[1].status, c[2].status,
	      c[3].status);
	check("copy.gref_to_gref", !memcmp(dst + 200, "grant-copy", 10), NULL);
	check("copy.gref_to_frame", !memcmp(dst + 300, "grant-copy", 10), NULL);
	check("copy.frame_to_gref", !memcmp(dst + 4086, "grant-copy", 10), NULL);
	check("copy.frame_to_frame", !memcmp(dst, "grant-copy", 10), NULL);
	check("copy.nothing_else", dst[10] == 0 && dst[199] == 0 && dst[210] == 0 &&
	      dst[4085] == 0, NULL);
	check("copy.gtf_cleared", gt[20].flags == (GTF_permit_access | GTF_readonly) &&
	      gt[21].flags == GTF_permit_access, "%#x %#x", gt[20].flags, gt[21].flags);
	check("copy.in_fields_kept", c[0].len == 10 && c[0].source.offset == 100 &&
	      c[0].dest.u.ref == 21, NULL);

	/* A copy while the source is mapped leaves the mapping's flags alone. */
	struct gnttab_map_grant_ref op = map_op(21, GNTMAP_host_map, map_va[5]);
	c[0].source.u.ref = 21;
	c[0].source.offset = 200;
	c[0].dest.u.ref = 21;
	c[0].dest.offset = 1000;
	c[0].status = 0x5555;
	copy_op(c, 1);
	check("copy.while_mapped", op.status == 0 && c[0].status == 0 &&
	      !memcmp(dst + 1000, "grant-copy", 10) &&
	      gt[21].flags == (GTF_permit_access | GTF_reading | GTF_writing),
	      "status %d %d gtf %#x", op.status, c[0].status, gt[21].flags);
	unmap_op(op.handle, map_va[5], 0);
	check_eq("copy.while_mapped.gtf", gt[21].flags, GTF_permit_access);
}

static void test_swap(void)
{
	struct gnttab_swap_grant_ref s[2] = {
		{ .ref_a = 30, .ref_b = 31, .status = 0x5555 },
		{ .ref_a = 30, .ref_b = 30, .status = 0x5555 },
	};
	long rc;

	grant(30, pages[0], 0);
	grant(31, pages[1], GTF_readonly);
	rc = hv_grant_table_op(GNTTABOP_swap_grant_ref, s, 2);
	check("swap.status", rc == 0 && s[0].status == 0 && s[1].status == 0,
	      "rc %ld status %d %d", rc, s[0].status, s[1].status);
	check("swap.swapped", gt[30].frame == tk_virt_to_mfn(pages[1]) &&
	      gt[30].flags == (GTF_permit_access | GTF_readonly) &&
	      gt[31].frame == tk_virt_to_mfn(pages[0]) && gt[31].flags == GTF_permit_access,
	      NULL);
}

/* Version 2: 16-byte entries, in-use flags in separate status frames. */
static void test_v2(void)
{
	union grant_entry_v2 *gt2 = (union grant_entry_v2 *)gt_va[0];
	volatile uint16_t *status = (volatile uint16_t *)map_va[6];
	struct gnttab_get_status_frames gs = { .nr_frames = 1, .dom = DOMID_SELF,
					       .status = 0x5555 };
	struct gnttab_set_version sv = { .version = 1 };
	struct gnttab_map_grant_ref op;
	struct gnttab_copy c;
	uint64_t sframe = 0, mfn = tk_virt_to_mfn(pages[0]);
	long rc;

	gs.frame_list = (uint64_t)&sframe;
	rc = hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check("v2.get_status_frames", rc == 0 && gs.status == 0 && sframe,
	      "rc %ld status %d frame %#lx", rc, gs.status, sframe);
	gs.nr_frames = 2;
	rc = hv_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check("v2.get_status_frames.too_many", rc == 0 && gs.status == GNTST_general_error,
	      "rc %ld status %d", rc, gs.status);
	rc = hv_update_va_mapping((unsigned long)status, (sframe << 12) | _PAGE_PRESENT |
				  _PAGE_ACCESSED, UVMF_INVLPG);
	check("v2.status_frame_mapped", rc == 0, "rc %ld", rc);
	if (rc)
		return;

	gt2[50].full_page.frame = mfn;
	gt2[50].hdr.domid = 0;
	__asm__ __volatile__("" ::: "memory");
	gt2[50].hdr.flags = GTF_permit_access;
	op = map_op(50, GNTMAP_host_map, map_va[7]);
	check("v2.map", op.status == 0 && TK_PTE_MFN(tk_pte(map_va[7])) == mfn &&
	      op.dev_bus_addr == mfn << 12, "status %d", op.status);
	check("v2.map.status_word", status[50] == (GTF_reading | GTF_writing) &&
	      gt2[50].hdr.flags == GTF_permit_access, "status %#x flags %#x", status[50],
	      gt2[50].hdr.flags);
	expect_st("v2.unmap", unmap_op(op.handle, map_va[7], 0), 0);
	check_eq("v2.unmap.status_word", status[50], 0);
	op = map_op(NR_GT_FRAMES * 256, GNTMAP_device_map, NULL);
	expect_st("v2.map.beyond_table", op.status, GNTST_bad_gntref);

	/* Sub-page grants: copy within the range only; never mapped. */
	gt2[51].sub_page.frame = mfn;
	gt2[51].sub_page.page_off = 64;
	gt2[51].sub_page.length = 32;
	gt2[51].hdr.domid = 0;
	__asm__ __volatile__("" ::: "memory");
	gt2[51].hdr.flags = GTF_permit_access | GTF_sub_page;
	op = map_op(51, GNTMAP_device_map, NULL);
	expect_st("v2.map.sub_page", op.status, GNTST_general_error);
	memset(&c, 0, sizeof(c));
	c.source.u.gmfn = tk_virt_to_mfn(pages[1]);
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 51;
	c.dest.domid = 0;
	c.dest.offset = 64;
	c.len = 32;
	c.flags = GNTCOPY_dest_gref;
	copy_op(&c, 1);
	expect_st("v2.copy.sub_page", c.status, 0);
	c.dest.offset = 80;
	copy_op(&c, 1);
	expect_st("v2.copy.sub_page_outside", c.status, GNTST_general_error);
	check_eq("v2.copy.status_word", status[51], 0);

	/* Back to version 1 is refused while the status frame is mapped. */
	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("v2.set_version.status_mapped", rc == -EBUSY && sv.version == 2,
	      "rc %ld version %u", rc, sv.version);
	hv_update_va_mapping((unsigned long)status, 0, UVMF_INVLPG);
}

static void test_versions(void)
{
	struct gnttab_set_version sv = { .version = 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_map_grant_ref op;
	union grant_entry_v2 *gt2 = (union grant_entry_v2 *)gt_va[0];
	long rc;

	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.same", rc == 0 && sv.version == 1, "rc %ld version %u", rc,
	      sv.version);

	/* Not while an entry beyond the reserved ones is in use. */
	grant(40, pages[0], 0);
	op = map_op(40, GNTMAP_device_map, NULL);
	sv.version = 2;
	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.busy", rc == -EBUSY && sv.version == 1, "rc %ld version %u", rc,
	      sv.version);
	unmap_op(op.handle, NULL, op.dev_bus_addr);

	/* Reserved entries survive a switch; the others are cleared. */
	grant(3, pages[0], GTF_readonly);
	sv.version = 2;
	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.2", rc == 0 && sv.version == 2, "rc %ld version %u", rc,
	      sv.version);
	rc = hv_grant_table_op(GNTTABOP_get_version, &gv, 1);
	check("get_version.2", rc == 0 && gv.version == 2, "rc %ld version %u", rc, gv.version);
	if (sv.version != 2)
		return;
	check("set_version.2.reserved_kept",
	      gt2[3].hdr.flags == (GTF_permit_access | GTF_readonly) && gt2[3].hdr.domid == 0 &&
	      gt2[3].full_page.frame == tk_virt_to_mfn(pages[0]),
	      "flags %#x frame %#lx", gt2[3].hdr.flags, gt2[3].full_page.frame);
	check("set_version.2.others_cleared", gt2[20].hdr.flags == 0 && gt2[15].hdr.flags == 0 &&
	      gt2[5].hdr.flags == 0, NULL);
	test_v2();
	sv.version = 1;
	rc = hv_grant_table_op(GNTTABOP_set_version, &sv, 1);
	check("set_version.back_to_1", rc == 0 && sv.version == 1, "rc %ld version %u", rc,
	      sv.version);
	check("set_version.1.reserved_kept", gt[3].flags == (GTF_permit_access | GTF_readonly) &&
	      gt[3].frame == tk_virt_to_mfn(pages[0]), "flags %#x", gt[3].flags);
}

/*
 * Maptrack exhaustion. Device mappings need no page-table entry; each
 * entry takes at most 128 writable and 128 read-only device pins, so
 * 1024 references cover the 262143 mappings Xen allows a one-vCPU domain.
 */
#define MT_EXPECTED (1024 * 256 - 1)
#define MT_BATCH 512
static struct gnttab_map_grant_ref mt_ops[MT_BATCH];
static struct gnttab_unmap_grant_ref mt_unmaps[MT_BATCH];
static grant_handle_t mt_handles[MT_EXPECTED + 1];

static void test_maptrack(void)
{
	uint64_t addr = tk_virt_to_mfn(pages[0]) << 12;
	unsigned int done = 0, n, i, bad = 0;
	int16_t first_err = 0;
	struct gnttab_map_grant_ref op;
	grant_ref_t ref;
	long rc;

	for (ref = 8; ref < 8 + 1025; ref++)
		grant(ref, pages[0], 0);
	/* Mapping k (0-based) uses ref 8 + k / 256, read-only for the upper 128. */
	while (!first_err && done <= MT_EXPECTED) {
		for (n = 0; n < MT_BATCH; n++) {
			unsigned int k = done + n;

			mt_ops[n] = (struct gnttab_map_grant_ref){
				.flags = GNTMAP_device_map | ((k & 128) ? GNTMAP_readonly : 0),
				.ref = 8 + k / 256, .dom = 0 };
		}
		rc = hv_grant_table_op(GNTTABOP_map_grant_ref, mt_ops, MT_BATCH);
		if (rc) {
			check("maptrack.hypercall", false, "rc %ld after %u", rc, done);
			return;
		}
		for (n = 0; n < MT_BATCH && !first_err; n++) {
			if (mt_ops[n].status) {
				first_err = mt_ops[n].status;
			} else {
				mt_handles[done++] = mt_ops[n].handle;
			}
		}
		/* Mappings after the first failure in this batch: undo below. */
		for (; n < MT_BATCH; n++)
			if (!mt_ops[n].status)
				unmap_op(mt_ops[n].handle, NULL, addr);
	}
	check("maptrack.limit", done == MT_EXPECTED && first_err == GNTST_no_space,
	      "%u mappings, then status %d", done, first_err);
	if (done != MT_EXPECTED)
		return;
	op = map_op(8 + 1024, GNTMAP_device_map, NULL);
	expect_st("maptrack.still_full", op.status, GNTST_no_space);
	expect_st("maptrack.unmap_one", unmap_op(mt_handles[0], NULL, addr), 0);
	op = map_op(8 + 1024, GNTMAP_device_map, NULL);
	expect_st("maptrack.one_more", op.status, 0);
	mt_handles[0] = op.handle;
	op = map_op(8 + 1024, GNTMAP_device_map, NULL);
	expect_st("maptrack.full_again", op.status, GNTST_no_space);

	for (i = 0; i < done; i += n) {
		n = done - i < MT_BATCH ? done - i : MT_BATCH;
		for (unsigned int j = 0; j < n; j++)
			mt_unmaps[j] = (struct gnttab_unmap_grant_ref){
				.dev_bus_addr = addr, .handle = mt_handles[i + j] };
		rc = hv_grant_table_op(GNTTABOP_unmap_grant_ref, mt_unmaps, n);
		for (unsigned int j = 0; j < n; j++)
			bad += rc || mt_unmaps[j].status;
	}
	check("maptrack.unmap_all", bad == 0, "%u failures", bad);
	for (ref = 8, bad = 0; ref < 8 + 1025; ref++)
		bad += gt[ref].flags != GTF_permit_access;
	check("maptrack.gtf_cleared", bad == 0, "%u entries still in use", bad);
}

void test_main(void)
{
	test_initial();
	test_setup();
	if (cmdline_has("maptrack")) {
		test_maptrack();
		return;
	}
	for (unsigned int i = 0; i < NR_MAP_VA; i++)
		if (hv_update_va_mapping((unsigned long)map_va[i], 0, UVMF_INVLPG))
			panic("unmapping map_va[%u]", i);
	test_host_map();
	test_readonly();
	test_device_map();
	test_contains_pte();
	test_pinned_frame();
	test_copy();
	test_swap();
	test_versions();
}
