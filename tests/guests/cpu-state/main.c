// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpu-state: the per-vCPU CPU state a PV64 guest controls by hypercall.
 * ABI rules checked (as Xen 4.17 applies them to a 64-bit PV guest):
 *  - set_gdt takes up to 14 frames (entries <= 7168, else -EINVAL; a bad
 *    frame list pointer -EFAULT); each frame must belong to the guest and
 *    have no writable mapping (-EINVAL), and every descriptor in it must
 *    pass validation: code/data descriptors of any DPL are accepted with
 *    DPL raised to 3 (written back into the frame); of the system types
 *    only call gates are accepted, with DPL forced to 0, target RPL set to
 *    3 and a target that is a guest GDT entry, FLAT_KERNEL_CS or an LDT
 *    selector, and no parameter-count bits; TSS, LDT, interrupt and trap
 *    gates are refused; not-present entries are accepted unchanged;
 *  - while a frame is a descriptor table it cannot be mapped writable
 *    (-EBUSY), and it can again once another GDT replaces it;
 *  - the loaded GDT covers the guest frames (unused entries fault with
 *    #GP(sel), not-present ones #NP(sel)) and keeps the hypervisor's flat
 *    selectors at 0xe000 and above;
 *  - update_descriptor writes one validated descriptor at a machine
 *    address in a descriptor-table or ordinary page of the guest
 *    (misaligned, hostile, page-table or foreign frame: -EINVAL);
 *  - MMUEXT_SET_LDT: the LDT is mapped on first use; a hostile LDT entry
 *    turns the access into a #PF at the LDT's linear address;
 *  - set_segment_base: FS, kernel GS and user GS bases (canonical, else
 *    -EINVAL; unknown target -EINVAL); GS_USER_SEL loads a user %gs
 *    selector (a bad one loads NUL and still returns 0);
 *  - fpu_taskswitch(1) makes the next FPU use raise #NM in the guest,
 *    which clears the virtual CR0.TS; FPU state survives it;
 *  - set_debugreg/get_debugreg: addresses outside the hypervisor hole
 *    (-EPERM), DR6/DR7 reserved bits forced, GD and I/O breakpoints
 *    without CR4.DE refused (-EPERM), bits above 31 (-EINVAL), unknown
 *    register (-ENODEV), DR4/DR5 alias DR6/DR7; a write watchpoint raises
 *    #DB in the guest and sets B0 in DR6; a watchpoint hit inside a
 *    hypercall is not reflected to the guest;
 *  - all of it (selectors, FS and both GS bases, CR4, CR0.TS, FPU/SSE
 *    registers, debug registers) survives blocking until a timer event.
 */
#include "pvcpu.h"
#include "evtchn.h"

const char test_kernel_name[] = "cpu-state";

/* Descriptor tables: the GDT under test, a scratch frame, an LDT. */
static uint64_t gdt[512] __aligned(4096);
static uint64_t scratch[512] __aligned(4096);
static uint64_t ldt[512] __aligned(4096);
static uint64_t plain[512] __aligned(4096);

static volatile uint64_t watch_var __aligned(8);
static uint64_t fs_area[4] = { 0x1111111111111111UL, 0x2222, 0x3333, 0x4444 };
static uint64_t gs_area[4] = { 0x5555555555555555UL, 0x6666, 0x7777, 0x8888 };

#define ACC_CODE3  0xfa	/* present, DPL 3, code, readable */
#define ACC_DATA0  0x92	/* present, DPL 0, data, writable */
#define ACC_DATA3  0xf2
#define FL_L       0xa	/* G, L */
#define FL_DB      0xc	/* G, D/B */

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void gate_target(void)
{
}

/* Try one frame as a GDT; the frame must be writable before and after. */
static long try_gdt_frame(uint64_t *frame, unsigned int entries)
{
	unsigned long f = mfn_of(frame);
	long rc, rc2;

	if (map_ro(frame, true))
		return -1000;
	rc = hv_set_gdt(&f, entries);
	if (rc == 0)
		hv_set_gdt(NULL, 0);
	rc2 = map_ro(frame, false);
	return rc2 ? -2000 : rc;
}

static void test_gdt_hostile(void)
{
	static const struct {
		const char *name;
		uint64_t desc;
		long want;
	} cases[] = {
		{ "gdt.gate_to_hv_cs", 0, -EINVAL },      /* filled below */
		{ "gdt.gate_to_hv_ds", 0, -EINVAL },
		{ "gdt.gate_to_flat_ds", 0, -EINVAL },
		{ "gdt.gate_to_ldt_sel", 0, 0 },
		{ "gdt.gate_to_flat_kernel_cs", 0, 0 },
		{ "gdt.gate_param_count", 0, -EINVAL },
		{ "gdt.tss", 0, -EINVAL },
		{ "gdt.ldt_desc", 0, -EINVAL },
		{ "gdt.int_gate", 0, -EINVAL },
		{ "gdt.trap_gate", 0, -EINVAL },
		{ "gdt.sys_type0_present", 0, 0 },
		{ "gdt.code_dpl0", 0, 0 },
		{ "gdt.not_present_junk", 0x0000123456789abcUL, 0 },
	};
	uint64_t d[ARRAY_SIZE(cases)];
	uint32_t off = (uint32_t)(unsigned long)gate_target;

	d[0] = make_gate(0xe008, off, 3);
	d[1] = make_gate(0xe010, off, 3);
	d[2] = make_gate(FLAT_RING3_DS32, off, 3);
	d[3] = make_gate(0xe00c, off, 3);
	d[4] = make_gate(FLAT_KERNEL_CS, off, 3);
	d[5] = make_gate(FLAT_KERNEL_CS, off, 3) | (1UL << 32);
	d[6] = make_desc(0x1000, 0x67, 0x89, 0);	/* 64-bit TSS */
	d[7] = make_desc(0x1000, 0xfff, 0x82, 0);	/* LDT */
	d[8] = make_gate(FLAT_KERNEL_CS, off, 3) | (0x2ULL << 40);	/* type 0xe */
	d[9] = make_gate(FLAT_KERNEL_CS, off, 3) | (0x3ULL << 40);	/* type 0xf */
	d[10] = 0x0000800000000000UL;			/* P=1, S=0, type 0 */
	d[11] = make_desc(0, 0xfffff, 0x9a, FL_L);
	d[12] = cases[12].desc;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(scratch, 0, sizeof(scratch));
		scratch[5] = d[i];
		expect_rc(cases[i].name, try_gdt_frame(scratch, 512), cases[i].want);
	}
	/* Accepted entries come back fixed up. */
	memset(scratch, 0, sizeof(scratch));
	scratch[1] = make_desc(0, 0xfffff, 0x9a, FL_L);		/* code, DPL 0 */
	scratch[2] = make_desc(0, 0xfffff, 0xb2, FL_DB);	/* data, DPL 1 */
	scratch[3] = make_gate(0x000b & ~3, off, 3);		/* guest target */
	scratch[5] = d[12];
	expect_rc("gdt.fixup.accepted", try_gdt_frame(scratch, 512), 0);
	check_eq("gdt.fixup.code_dpl3", (scratch[1] >> 45) & 3, 3);
	check_eq("gdt.fixup.data_dpl3", (scratch[2] >> 45) & 3, 3);
	check("gdt.fixup.gate_dpl0_rpl3",
	      ((scratch[3] >> 45) & 3) == 0 && ((scratch[3] >> 16) & 0xffff) == 0x000b,
	      "desc %#lx", scratch[3]);
	check_eq("gdt.fixup.not_present_unchanged", scratch[5], d[12]);
}

static void test_gdt_args(void)
{
	unsigned long f = mfn_of(gdt);
	unsigned long bad = 0xfffffffffUL;
	unsigned long frames15[15];

	expect_rc("gdt.too_many_entries", hv_set_gdt(&f, FIRST_RESERVED_GDT_ENTRY + 1),
		  -EINVAL);
	for (unsigned int i = 0; i < 15; i++)
		frames15[i] = f;
	expect_rc("gdt.fifteen_frames", hv_set_gdt(frames15, 15 * 512), -EINVAL);
	expect_rc("gdt.bad_list", hv_set_gdt((void *)guard_page, 1), -EFAULT);
	expect_rc("gdt.bad_mfn", hv_set_gdt(&bad, 1), -EINVAL);
	bad = 0;
	expect_rc("gdt.foreign_mfn", hv_set_gdt(&bad, 1), -EINVAL);
	/* Still mapped writable: not allowed. */
	expect_rc("gdt.writable_frame", hv_set_gdt(&f, 16), -EINVAL);
	expect_rc("gdt.zero_entries", hv_set_gdt(NULL, 0), 0);
}

static void test_gdt_use(void)
{
	unsigned long f = mfn_of(gdt), frames14[14];
	struct exinfo ex;
	long rc;

	memset(gdt, 0, sizeof(gdt));
	gdt[1] = make_desc(0, 0xfffff, ACC_CODE3, FL_L);
	gdt[2] = make_desc(0, 0xfffff, ACC_DATA0 | 1, FL_DB);	/* DPL 0 */
	gdt[3] = make_desc((uint32_t)(unsigned long)fs_area, 0xfff, ACC_DATA3 | 1, 0x4);
	gdt[4] = make_desc(0, 0xfffff, 0x72, FL_DB);		/* not present */
	gdt[6] = make_gate(FLAT_KERNEL_CS, (uint32_t)(unsigned long)gate_target, 3);
	gdt[7] = (unsigned long)gate_target >> 32;
	gdt[9] = make_desc(0, 0xfffff, ACC_DATA3 | 1, FL_DB);

	expect_rc("gdt.set.ro", map_ro(gdt, true), 0);
	rc = hv_set_gdt(&f, 16);
	expect_rc("gdt.set", rc, 0);
	if (rc)
		return;
	check_eq("gdt.frame_dpl_raised", (gdt[2] >> 45) & 3, 3);
	expect_rc("gdt.frame_not_writable", map_ro(gdt, false), -EBUSY);

	check_eq("gdt.lar_code", lar(0x0b) & 0x00f0fe00, 0x00a0fa00);
	check_eq("gdt.lar_data", lar(0x13) & 0x00f0ff00, 0x00c0f300);
	check_eq("gdt.lsl_data3", lsl(0x1b), 0xfff);
	ex = load_ds_safe(0x13);
	check("gdt.load_ds", !ex.taken && read_sel(ds) == 0x13, "taken %d vec %u ds %#x",
	      ex.taken, ex.vector, read_sel(ds));
	ex = load_ds_safe(0x23);
	check("gdt.load_not_present", ex.taken && ex.vector == X86_EXC_NP && ex.ec == 0x20,
	      "taken %d vec %u ec %#lx", ex.taken, ex.vector, ex.ec);
	ex = load_ds_safe(0x33);
	check("gdt.load_gate", ex.taken && ex.vector == X86_EXC_GP && ex.ec == 0x30,
	      "taken %d vec %u ec %#lx", ex.taken, ex.vector, ex.ec);
	ex = load_ds_safe(0x1003);
	check("gdt.load_unused_frame", ex.taken && ex.vector == X86_EXC_GP && ex.ec == 0x1000,
	      "taken %d vec %u ec %#lx", ex.taken, ex.vector, ex.ec);
	ex = load_ds_safe(FLAT_RING3_DS32);
	check("gdt.reserved_flat_ds", !ex.taken && read_sel(ds) == FLAT_RING3_DS32,
	      "taken %d vec %u", ex.taken, ex.vector);
	check_eq("gdt.reserved_flat_cs", lar(FLAT_KERNEL_CS) & 0x00f0ff00, 0x00a0fb00);
	check("gdt.reserved_hv_cs_hidden", lar(0xe00b) == ~0UL ||
	      ((lar(0xe00b) >> 13) & 3) == 0, "lar %#lx", lar(0xe00b));
	load_ds_safe(0);

	/* FS from our GDT: the base comes from the descriptor. */
	ex = load_fs_safe(0x1b);
	{
		uint64_t v = 0;

		rdmsr_safe(MSR_FS_BASE, &v);
		check("gdt.fs_from_descriptor", !ex.taken && v == (uint32_t)(unsigned long)fs_area,
		      "taken %d base %#lx", ex.taken, v);
	}
	load_fs_safe(0);

	/* update_descriptor on the live GDT. */
	expect_rc("update_desc.live", hv_update_descriptor(maddr_of(&gdt[10]),
			make_desc(0, 0xfffff, ACC_DATA0, FL_DB)), 0);
	check_eq("update_desc.live.dpl3", (lar(0x53) >> 13) & 3, 3);
	expect_rc("update_desc.misaligned",
		  hv_update_descriptor(maddr_of(&gdt[10]) + 4, 0), -EINVAL);
	expect_rc("update_desc.hostile_gate",
		  hv_update_descriptor(maddr_of(&gdt[11]), make_gate(0xe008, 0, 3)), -EINVAL);
	check_eq("update_desc.hostile_unchanged", gdt[11], 0);
	expect_rc("update_desc.tss",
		  hv_update_descriptor(maddr_of(&gdt[11]), make_desc(0, 0x67, 0x89, 0)), -EINVAL);

	/* Fourteen frames (the same one each time) fill the guest part. */
	for (unsigned int i = 0; i < 14; i++)
		frames14[i] = f;
	expect_rc("gdt.fourteen_frames", hv_set_gdt(frames14, FIRST_RESERVED_GDT_ENTRY), 0);
	check_eq("gdt.fourteen.last_page", lar((13 * 512 + 2) * 8 + 3) & 0x00f0ff00,
		 0x00c0f300);
	check_eq("gdt.fourteen.reserved_intact", lar(FLAT_RING3_DS32) & 0x00f0ff00, 0x00c0f300);

	/* Replacing the GDT releases the frame. */
	expect_rc("gdt.release", hv_set_gdt(NULL, 0), 0);
	expect_rc("gdt.frame_writable_again", map_ro(gdt, false), 0);
}

static void test_update_descriptor(void)
{
	uint64_t l4 = maddr_of((void *)start_info->pt_base) + 8;	/* slot 1: empty */

	plain[3] = 0;
	expect_rc("update_desc.plain_page", hv_update_descriptor(maddr_of(&plain[3]),
			make_desc(0, 0xfffff, ACC_DATA0, FL_DB)), 0);
	check_eq("update_desc.plain_page.fixed_up", (plain[3] >> 45) & 3, 3);
	expect_rc("update_desc.page_table", hv_update_descriptor(l4, 0), -EINVAL);
	expect_rc("update_desc.foreign", hv_update_descriptor(0x1000, 0), -EINVAL);
	expect_rc("update_desc.beyond_ram", hv_update_descriptor(0xfffffffff000UL, 0), -EINVAL);
}

static void test_ldt(void)
{
	struct exinfo ex;
	long rc;

	memset(ldt, 0, sizeof(ldt));
	ldt[1] = make_desc(0, 0xfffff, ACC_DATA3 | 1, FL_DB);
	ldt[2] = make_desc(0, 0xfffff, ACC_DATA0 | 1, FL_DB);
	expect_rc("ldt.ro", map_ro(ldt, true), 0);

	rc = hv_mmuext_set_ldt((unsigned long)ldt + 8, 4);
	if (rc == -ENOSYS) {
		test_skip("ldt", "mmuext_op not available");
		map_ro(ldt, false);
		return;
	}
	expect_rc("ldt.misaligned", rc, -EINVAL);
	expect_rc("ldt.too_many", hv_mmuext_set_ldt((unsigned long)ldt, 8193), -EINVAL);
	expect_rc("ldt.hypervisor_va", hv_mmuext_set_ldt(0xffff830000000000UL, 1), -EINVAL);

	/* Two entries: index 2 lies beyond the limit. */
	expect_rc("ldt.set", hv_mmuext_set_ldt((unsigned long)ldt, 2), 0);
	ex = load_ds_safe(0x0f);
	check("ldt.load", !ex.taken && read_sel(ds) == 0x0f, "taken %d vec %u ec %#lx",
	      ex.taken, ex.vector, ex.ec);
	ex = load_ds_safe(0x17);
	check("ldt.beyond_limit", ex.taken && ex.vector == X86_EXC_GP && ex.ec == 0x14,
	      "taken %d vec %u ec %#lx", ex.taken, ex.vector, ex.ec);
	load_ds_safe(0);
	expect_rc("ldt.frame_not_writable", map_ro(ldt, false), -EBUSY);
	expect_rc("ldt.clear", hv_mmuext_set_ldt(0, 0), 0);
	expect_rc("ldt.frame_writable_again", map_ro(ldt, false), 0);

	/* A hostile entry anywhere in the page: it cannot become an LDT. */
	ldt[300] = make_desc(0x1000, 0x67, 0x89, 0);		/* TSS */
	expect_rc("ldt.hostile.ro", map_ro(ldt, true), 0);
	expect_rc("ldt.hostile.set", hv_mmuext_set_ldt((unsigned long)ldt, 4), 0);
	ex = load_ds_safe(0x0f);
	check("ldt.hostile.pf", ex.taken && ex.vector == X86_EXC_PF &&
	      ex.cr2 == (uint64_t)&ldt[1] && (ex.ec & ~PFEC_present) == 0,
	      "taken %d vec %u ec %#lx cr2 %#lx", ex.taken, ex.vector, ex.ec, ex.cr2);
	load_ds_safe(0);
	expect_rc("ldt.hostile.clear", hv_mmuext_set_ldt(0, 0), 0);
	expect_rc("ldt.hostile.writable", map_ro(ldt, false), 0);
}

static void test_segment_base(void)
{
	uint64_t v;
	uint64_t base_desc = (uint64_t)(uint32_t)(unsigned long)gs_area;

	expect_rc("segbase.fs", hv_set_segment_base(SEGBASE_FS, (unsigned long)fs_area), 0);
	asm volatile("mov %%fs:0, %0" : "=r"(v));
	check_eq("segbase.fs.read", v, fs_area[0]);
	rdmsr_safe(MSR_FS_BASE, &v);
	check_eq("segbase.fs.msr", v, (unsigned long)fs_area);

	expect_rc("segbase.gs_kernel",
		  hv_set_segment_base(SEGBASE_GS_KERNEL, (unsigned long)gs_area), 0);
	asm volatile("mov %%gs:0, %0" : "=r"(v));
	check_eq("segbase.gs_kernel.read", v, gs_area[0]);
	rdmsr_safe(MSR_GS_BASE, &v);
	check_eq("segbase.gs_kernel.msr", v, (unsigned long)gs_area);

	expect_rc("segbase.gs_user", hv_set_segment_base(SEGBASE_GS_USER, 0x12345000), 0);
	rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
	check_eq("segbase.gs_user.msr", v, 0x12345000);
	rdmsr_safe(MSR_GS_BASE, &v);
	check_eq("segbase.gs_user.kernel_kept", v, (unsigned long)gs_area);

	expect_rc("segbase.noncanonical.fs",
		  hv_set_segment_base(SEGBASE_FS, 0x0000800000000000UL), -EINVAL);
	expect_rc("segbase.noncanonical.gs_user",
		  hv_set_segment_base(SEGBASE_GS_USER, 0x8000000000000000UL), -EINVAL);
	expect_rc("segbase.noncanonical.gs_kernel",
		  hv_set_segment_base(SEGBASE_GS_KERNEL, 0x0000800000000000UL), -EINVAL);
	expect_rc("segbase.unknown", hv_set_segment_base(4, 0), -EINVAL);
	rdmsr_safe(MSR_FS_BASE, &v);
	check_eq("segbase.fs.kept", v, (unsigned long)fs_area);

	/* A user %gs selector: the selector register changes, the kernel base not. */
	expect_rc("segbase.user_sel.flat",
		  hv_set_segment_base(SEGBASE_GS_USER_SEL, FLAT_RING3_DS32), 0);
	check_eq("segbase.user_sel.flat.gs", read_sel(gs), FLAT_RING3_DS32);
	rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
	check_eq("segbase.user_sel.flat.user_base", v, 0);
	rdmsr_safe(MSR_GS_BASE, &v);
	check_eq("segbase.user_sel.kernel_kept", v, (unsigned long)gs_area);

	/* From our own GDT: the user base is the descriptor's. */
	memset(gdt, 0, sizeof(gdt));
	gdt[3] = make_desc((uint32_t)base_desc, 0xfffff, ACC_DATA3 | 1, FL_DB);
	if (!map_ro(gdt, true)) {
		unsigned long f = mfn_of(gdt);

		expect_rc("segbase.user_sel.gdt.set", hv_set_gdt(&f, 8), 0);
		expect_rc("segbase.user_sel.gdt",
			  hv_set_segment_base(SEGBASE_GS_USER_SEL, 0x18), 0);
		check_eq("segbase.user_sel.gdt.gs", read_sel(gs), 0x1b);
		rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
		check_eq("segbase.user_sel.gdt.user_base", v, base_desc);
		/* A selector with nothing behind it loads NUL instead. */
		expect_rc("segbase.user_sel.bad",
			  hv_set_segment_base(SEGBASE_GS_USER_SEL, 0x2b), 0);
		check_eq("segbase.user_sel.bad.gs", read_sel(gs), 0);
		rdmsr_safe(MSR_GS_BASE, &v);
		check_eq("segbase.user_sel.bad.kernel_kept", v, (unsigned long)gs_area);
		hv_set_gdt(NULL, 0);
		map_ro(gdt, false);
	}
	expect_rc("segbase.user_sel.null", hv_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
	check_eq("segbase.user_sel.null.gs", read_sel(gs), 0);
	hv_set_segment_base(SEGBASE_FS, 0);
}

static struct exinfo fpu_touch(void)
{
	exinfo_reset();
	asm volatile("1: fnop\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
	return ex_last;
}

static uint64_t cr0_ts(void)
{
	uint64_t cr0 = 0;

	read_cr0_safe(&cr0);
	return cr0 & 8;
}

static void test_fpu(void)
{
	struct exinfo ex;
	uint64_t pattern = 0x0123456789abcdefUL, back = 0;

	asm volatile("movq %0, %%xmm1" : : "r"(pattern));
	expect_rc("fpu.taskswitch_set", hv_fpu_taskswitch(1), 0);
	check_eq("fpu.cr0_ts_set", cr0_ts(), 8);
	ex = fpu_touch();
	check("fpu.nm_bounced", ex.taken && ex.vector == X86_EXC_NM && !ex.has_ec,
	      "taken %d vec %u", ex.taken, ex.vector);
	check_eq("fpu.nm_clears_ts", cr0_ts(), 0);
	ex = fpu_touch();
	check("fpu.usable_after_nm", !ex.taken, "vec %u", ex.vector);
	asm volatile("movq %%xmm1, %0" : "=r"(back));
	check_eq("fpu.state_kept", back, pattern);

	expect_rc("fpu.taskswitch_clear", hv_fpu_taskswitch(0), 0);
	check_eq("fpu.cr0_ts_clear", cr0_ts(), 0);
	ex = fpu_touch();
	check("fpu.no_nm_when_clear", !ex.taken, "vec %u", ex.vector);

	/* TS through emulated CR0 writes and clts. */
	{
		uint64_t cr0 = 0;

		read_cr0_safe(&cr0);
		ex = write_cr0_safe(cr0 | 8);
		check("fpu.mov_cr0_ts", !ex.taken && cr0_ts() == 8, "taken %d", ex.taken);
		ex = fpu_touch();
		check("fpu.mov_cr0_ts.nm", ex.taken && ex.vector == X86_EXC_NM,
		      "taken %d vec %u", ex.taken, ex.vector);
		write_cr0_safe(cr0 | 8);
		exinfo_reset();
		asm volatile("1: clts\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
		check("fpu.clts", !ex_last.taken && cr0_ts() == 0, "taken %d", ex_last.taken);
		ex = fpu_touch();
		check("fpu.clts.no_nm", !ex.taken, "vec %u", ex.vector);
	}
}

static void test_debugreg(void)
{
	uint64_t v;

	check_eq("dr.dr6_initial", (unsigned long)hv_get_debugreg(6), 0xffff0ff0);
	check_eq("dr.dr7_initial", (unsigned long)hv_get_debugreg(7), 0x400);
	expect_rc("dr.set0", hv_set_debugreg(0, (unsigned long)&watch_var), 0);
	check_eq("dr.get0", (unsigned long)hv_get_debugreg(0), (unsigned long)&watch_var);
	expect_rc("dr.set3_user_half", hv_set_debugreg(3, 0x00007ffffffff000UL), 0);
	check_eq("dr.get3", (unsigned long)hv_get_debugreg(3), 0x00007ffffffff000UL);
	expect_rc("dr.hypervisor_addr", hv_set_debugreg(1, 0xffff830000001000UL), -EPERM);
	expect_rc("dr.noncanonical_addr", hv_set_debugreg(1, 0x0000800000000000UL), -EPERM);
	expect_rc("dr.dr7_high_bits", hv_set_debugreg(7, 1UL << 32), -EINVAL);
	expect_rc("dr.dr6_high_bits", hv_set_debugreg(6, 1UL << 32), -EINVAL);
	expect_rc("dr.dr7_gd", hv_set_debugreg(7, 1UL << 13), -EPERM);
	expect_rc("dr.dr7_io_without_de", hv_set_debugreg(7, 1 | (2UL << 16)), -EPERM);
	expect_rc("dr.reg8", hv_set_debugreg(8, 0), -ENODEV);
	expect_rc("dr.get_reg8", hv_get_debugreg(8), -ENODEV);
	expect_rc("dr.dr6_set", hv_set_debugreg(6, 0xf), 0);
	check_eq("dr.dr6_reserved", (unsigned long)hv_get_debugreg(6), 0xffff0fff);
	expect_rc("dr.dr4_alias", hv_set_debugreg(4, 0), 0);
	check_eq("dr.dr4_alias.dr6", (unsigned long)hv_get_debugreg(6), 0xffff0ff0);
	expect_rc("dr.dr7_reserved", hv_set_debugreg(7, 0x1000), 0);
	check_eq("dr.dr7_reserved.value", (unsigned long)hv_get_debugreg(5), 0x400);

	/* A write watchpoint on watch_var (8 bytes). */
	expect_rc("dr.watch.set", hv_set_debugreg(7, 0x1 | (1UL << 16) | (2UL << 18)), 0);
	check_eq("dr.watch.dr7", (unsigned long)hv_get_debugreg(7), 0x90401);
	exinfo_reset();
	asm volatile("movq %1, %0\n1:\n" _EXTABLE(1b, 1b) : "=m"(watch_var) : "r"(42UL));
	check("dr.watch.db", ex_last.taken && ex_last.vector == X86_EXC_DB,
	      "taken %d vec %u", ex_last.taken, ex_last.vector);
	check("dr.watch.dr6_b0", hv_get_debugreg(6) & 1, "dr6 %#lx", hv_get_debugreg(6));
	{
		uint64_t dr7 = 0;

		exinfo_reset();
		asm volatile("1: mov %%dr7, %0\n2:\n" _EXTABLE(1b, 2b) : "+r"(dr7));
		check("dr.mov_from_dr7", !ex_last.taken && dr7 == 0x90401, "taken %d dr7 %#lx",
		      ex_last.taken, dr7);
	}
	/* The hypervisor reading the watched buffer is not the guest's #DB. */
	hv_set_debugreg(6, 0);
	expect_rc("dr.watch.rw", hv_set_debugreg(7, 0x1 | (3UL << 16) | (2UL << 18)), 0);
	/* Our own write hits the watchpoint: expected, and resumed after. */
	asm volatile("movq %1, %0\n1:\n" _EXTABLE(1b, 1b)
		     : "=m"(watch_var) : "r"(0x0a0a0a0a0a0a0a0aUL));
	hv_set_debugreg(6, 0);
	exinfo_reset();
	v = (uint64_t)hv_console_io(CONSOLEIO_write, 1, (const void *)&watch_var);
	check("dr.watch.in_hypervisor", v == 0 && !ex_last.taken &&
	      (hv_get_debugreg(6) & 0xf) == 0, "rc %ld taken %d dr6 %#lx", (long)v,
	      ex_last.taken, hv_get_debugreg(6));
	expect_rc("dr.clear", hv_set_debugreg(7, 0), 0);
	hv_set_debugreg(0, 0);
	hv_set_debugreg(3, 0);
}

/*
 * Blocking until a timer fires takes the vCPU off the CPU (on Xen too, if
 * anything else runs meanwhile): its segments, bases, FPU, debug and
 * control register state must all come back as they were.
 */
static void test_across_block(void)
{
	unsigned long f = mfn_of(gdt);
	uint64_t pattern = 0x5a5a0123456789a5UL, back = 0, v = 0;
	uint32_t mxcsr = 0x7f80, mxcsr_back = 0;
	unsigned int n;
	uint32_t port = 0;
	struct exinfo ex;

	memset(gdt, 0, sizeof(gdt));
	gdt[2] = make_desc(0, 0xfffff, ACC_DATA3 | 1, FL_DB);
	if (map_ro(gdt, true) || hv_set_gdt(&f, 16)) {
		test_fail("switch.setup", "cannot install the GDT");
		return;
	}
	load_ds_safe(0x13);
	asm volatile("mov %0, %%es" : : "r"(0x13));
	hv_set_segment_base(SEGBASE_FS, (unsigned long)fs_area);
	hv_set_segment_base(SEGBASE_GS_KERNEL, (unsigned long)gs_area);
	hv_set_segment_base(SEGBASE_GS_USER, 0x12345000);
	asm volatile("movq %0, %%xmm1; ldmxcsr %1" : : "r"(pattern), "m"(mxcsr));
	hv_set_debugreg(0, (unsigned long)&watch_var);
	hv_set_debugreg(7, 0x1 | (1UL << 16) | (2UL << 18));
	write_cr4_safe(0x668);
	hv_fpu_taskswitch(1);

	events_init();
	if (ev_bind_virq(VIRQ_TIMER, 0, &port)) {
		test_fail("switch.bind_virq", "cannot bind VIRQ_TIMER");
		return;
	}
	n = upcalls.count;
	hv_set_timer_op(now_ns() + 2000000);
	hv_sched_op(SCHEDOP_block, NULL);
	events_mask();
	check("switch.woke", upcalls.count > n, "upcalls %u", upcalls.count - n);

	check("switch.ds_es", read_sel(ds) == 0x13 && read_sel(es) == 0x13, "ds %#x es %#x",
	      read_sel(ds), read_sel(es));
	asm volatile("mov %%fs:0, %0" : "=r"(v));
	check_eq("switch.fs_base", v, fs_area[0]);
	asm volatile("mov %%gs:0, %0" : "=r"(v));
	check_eq("switch.gs_kernel_base", v, gs_area[0]);
	rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
	check_eq("switch.gs_user_base", v, 0x12345000);
	read_cr4_safe(&v);
	check_eq("switch.cr4", v, 0x668);
	check_eq("switch.dr0", (unsigned long)hv_get_debugreg(0), (unsigned long)&watch_var);
	check_eq("switch.dr7", (unsigned long)hv_get_debugreg(7), 0x90401);
	check_eq("switch.cr0_ts", cr0_ts(), 8);
	ex = fpu_touch();
	check("switch.nm", ex.taken && ex.vector == X86_EXC_NM, "taken %d vec %u", ex.taken,
	      ex.vector);
	asm volatile("movq %%xmm1, %0; stmxcsr %1" : "=r"(back), "=m"(mxcsr_back));
	check_eq("switch.xmm1", back, pattern);
	check_eq("switch.mxcsr", mxcsr_back, mxcsr);
	exinfo_reset();
	asm volatile("movq %1, %0\n1:\n" _EXTABLE(1b, 1b) : "=m"(watch_var) : "r"(7UL));
	check("switch.watchpoint", ex_last.taken && ex_last.vector == X86_EXC_DB,
	      "taken %d vec %u", ex_last.taken, ex_last.vector);

	hv_set_debugreg(7, 0);
	hv_set_debugreg(0, 0);
	mxcsr = 0x1f80;
	asm volatile("ldmxcsr %0" : : "m"(mxcsr));
	write_cr4_safe(0x660);
	load_ds_safe(0);
	asm volatile("mov %0, %%es" : : "r"(0));
	hv_set_segment_base(SEGBASE_FS, 0);
	hv_set_gdt(NULL, 0);
	map_ro(gdt, false);
	ev_close(port);
}

void test_main(void)
{
	test_gdt_args();
	test_gdt_hostile();
	test_gdt_use();
	test_update_descriptor();
	test_ldt();
	test_segment_base();
	test_fpu();
	test_debugreg();
	test_across_block();
}
