// SPDX-License-Identifier: GPL-2.0-only
/*
 * privop: privileged instructions a PV64 guest kernel executes in ring 3
 * are emulated as Xen 4.17 does, and everything else is reflected as the
 * fault it raised. ABI rules checked:
 *  - mov from CR0 shows the hypervisor's CR0 with TS virtualised; writing
 *    CR0 may change only TS (other changes: #GP(0)); clts clears TS;
 *  - CR2 reads the last bounced fault address and can be written; CR3
 *    reads the kernel L4 as a machine address; CR4 shows PAE, MCE, OSFXSR
 *    and OSXMMEXCPT plus the guest's own choice of TSD/DE/FSGSBASE/OSXSAVE
 *    (others ignored); CR8: #GP(0);
 *  - rdmsr/wrmsr: FS_BASE, GS_BASE, SHADOW_GS_BASE read and write the
 *    bases (non-canonical: #GP(0)); EFER reads SCE|LME|LMA|NXE and accepts
 *    only its current value; APIC_BASE reads 0xfee00900 on vCPU 0; PAT reads
 *    Xen's fixed value; the hypercall-page MSR reads 0; an unknown MSR
 *    raises #GP(0) on read and on write;
 *  - I/O ports: #GP(0) without I/O privilege; with VMASST architectural_iopl
 *    the kernel has it: 0xcf8 (dword) is virtual, 0xcfc reads PCI config
 *    space through it, ports the hypervisor keeps (PIC 0x21, COM1 0x3f8-
 *    0x3ff) read all ones and ignore writes, the RTC index is latched and
 *    its data port reads CMOS; rep ins/outs the same, element by element;
 *  - wbinvd is accepted; cli/sti are ignored with I/O privilege, #GP(0)
 *    without; hlt and lgdt raise #GP(0);
 *  - forced-emulation CPUID (ud2; "xen"; cpuid) returns Xen's hypervisor
 *    leaves 0x40000000-0x40000005 and the PV view of the CPU: hypervisor
 *    bit set, VMX, X2APIC, PSE, PGE, PSE36, VME, SMEP, SMAP, UMIP, PKU,
 *    INVPCID, PAGE1GB hidden, APIC ID 0, empty leaves beyond the maxima;
 *    a ud2 without the signature, or with it but no cpuid, is a #UD;
 *  - xsetbv (XCR0 only) needs the guest's CR4.OSXSAVE (#UD), x87 always,
 *    SSE with AVX and nothing beyond leaf 0xd's mask (#GP(0)); the guest's
 *    XCR0 is the hardware's while it runs (xgetbv, leaf 0xd EBX).
 */
#include "pvcpu.h"

const char test_kernel_name[] = "privop";

static void expect_gp0(const char *name, struct exinfo ex)
{
	check(name, ex.taken && ex.vector == X86_EXC_GP && ex.ec == 0,
	      "taken %d vector %u ec %#lx", ex.taken, ex.vector, ex.ec);
}

static void expect_none(const char *name, struct exinfo ex)
{
	check(name, !ex.taken, "taken %d vector %u ec %#lx", ex.taken, ex.vector, ex.ec);
}

static void test_cr(void)
{
	uint64_t v = 0, cr0 = 0, pf_addr = (uint64_t)guard_page + 0x40;

	expect_none("cr0.read", read_cr0_safe(&cr0));
	printf("cr0 %#lx\n", cr0);
	check_eq("cr0.value", cr0, 0x80050033);
	expect_gp0("cr0.write_pg", write_cr0_safe(cr0 & ~0x80000000UL));
	expect_gp0("cr0.write_wp", write_cr0_safe(cr0 & ~0x10000UL));
	expect_none("cr0.write_same", write_cr0_safe(cr0));

	read_safe((void *)pf_addr, &v);
	expect_none("cr2.read", read_cr2_safe(&v));
	check_eq("cr2.last_fault", v, pf_addr);
	expect_none("cr2.write", write_cr2_safe(0x1234000));
	read_cr2_safe(&v);
	check_eq("cr2.written", v, 0x1234000);

	expect_none("cr3.read", read_cr3_safe(&v));
	check_eq("cr3.kernel_l4", v, (uint64_t)mfn_of((void *)start_info->pt_base) << 12);
	expect_none("cr3.write_same", write_cr3_safe(v));

	expect_none("cr4.read", read_cr4_safe(&v));
	check_eq("cr4.value", v, 0x660);
	expect_none("cr4.write_de_pge", write_cr4_safe(v | 0x8 | 0x80));
	read_cr4_safe(&v);
	check_eq("cr4.de_kept_pge_dropped", v, 0x668);
	write_cr4_safe(0x660);
	read_cr4_safe(&v);
	check_eq("cr4.restored", v, 0x660);

	expect_gp0("cr8.read", read_cr8_safe(&v));
}

static void test_msr(void)
{
	uint64_t v = 0, efer = 0;

	expect_none("msr.efer", rdmsr_safe(MSR_EFER, &efer));
	check_eq("msr.efer.value", efer, 0xd01);
	expect_none("msr.efer.write_same", wrmsr_safe(MSR_EFER, efer));
	expect_gp0("msr.efer.write_other", wrmsr_safe(MSR_EFER, efer & ~1UL));
	expect_none("msr.apic_base", rdmsr_safe(MSR_APIC_BASE, &v));
	check_eq("msr.apic_base.value", v, 0xfee00900);
	expect_none("msr.pat", rdmsr_safe(MSR_PAT, &v));
	check_eq("msr.pat.value", v, 0x0000050100070406UL);
	expect_none("msr.hypercall_page", rdmsr_safe(0x40000000, &v));
	check_eq("msr.hypercall_page.value", v, 0);
	expect_gp0("msr.hypervisor_range", rdmsr_safe(0x40000001, &v));

	expect_none("msr.fs_base.write", wrmsr_safe(MSR_FS_BASE, 0x7f0000001000UL));
	rdmsr_safe(MSR_FS_BASE, &v);
	check_eq("msr.fs_base.read", v, 0x7f0000001000UL);
	expect_none("msr.shadow_gs.write", wrmsr_safe(MSR_SHADOW_GS_BASE, 0x7f0000002000UL));
	rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
	check_eq("msr.shadow_gs.read", v, 0x7f0000002000UL);
	expect_none("msr.gs_base.write", wrmsr_safe(MSR_GS_BASE, 0x7f0000003000UL));
	rdmsr_safe(MSR_GS_BASE, &v);
	check_eq("msr.gs_base.read", v, 0x7f0000003000UL);
	expect_gp0("msr.fs_base.noncanonical", wrmsr_safe(MSR_FS_BASE, 0x0000800000000000UL));
	rdmsr_safe(MSR_FS_BASE, &v);
	check_eq("msr.fs_base.kept", v, 0x7f0000001000UL);
	wrmsr_safe(MSR_FS_BASE, 0);
	wrmsr_safe(MSR_GS_BASE, 0);
	wrmsr_safe(MSR_SHADOW_GS_BASE, 0);

	expect_gp0("msr.unknown.read", rdmsr_safe(0xdead0000, &v));
	expect_gp0("msr.unknown.write", wrmsr_safe(0xdead0000, 1));
	expect_gp0("msr.lstar.write", wrmsr_safe(0xc0000082, 0));
}

static struct exinfo inb_safe(uint16_t port, uint8_t *v)
{
	uint8_t r = 0x5a;

	exinfo_reset();
	asm volatile("1: inb %w1, %b0\n2:\n" _EXTABLE(1b, 2b) : "+a"(r) : "d"(port) : "memory");
	*v = r;
	return ex_last;
}

static struct exinfo outb_safe(uint16_t port, uint8_t v)
{
	exinfo_reset();
	asm volatile("1: outb %b0, %w1\n2:\n" _EXTABLE(1b, 2b) : : "a"(v), "d"(port) : "memory");
	return ex_last;
}

static struct exinfo inl_safe(uint16_t port, uint32_t *v)
{
	uint32_t r = 0x5a5a5a5a;

	exinfo_reset();
	asm volatile("1: inl %w1, %0\n2:\n" _EXTABLE(1b, 2b) : "+a"(r) : "d"(port) : "memory");
	*v = r;
	return ex_last;
}

static struct exinfo outl_safe(uint16_t port, uint32_t v)
{
	exinfo_reset();
	asm volatile("1: outl %0, %w1\n2:\n" _EXTABLE(1b, 2b) : : "a"(v), "d"(port) : "memory");
	return ex_last;
}

static struct exinfo cli_sti_safe(void)
{
	exinfo_reset();
	asm volatile("1: cli\n2:\n" _EXTABLE(1b, 2b) "3: sti\n4:\n" _EXTABLE(3b, 4b)
		     ::: "memory");
	return ex_last;
}

static void test_io(void)
{
	uint8_t b = 0;
	uint32_t l = 0;
	uint8_t buf[8];
	struct exinfo ex;
	unsigned long rcx, rdi;

	/* Without I/O privilege (IOPL 0, no bitmap) every port access faults. */
	expect_gp0("io.no_iopl.inb", inb_safe(0x80, &b));
	expect_gp0("io.no_iopl.outb", outb_safe(0x80, 0));
	expect_gp0("io.no_iopl.cli", cli_sti_safe());

	check_eq("io.vmassist", hv_vm_assist(VMASST_CMD_enable, VMASST_TYPE_architectural_iopl), 0);
	expect_none("io.cf8.write", outl_safe(0xcf8, 0x80000000));
	expect_none("io.cf8.read", inl_safe(0xcf8, &l));
	check_eq("io.cf8.value", l, 0x80000000);
	expect_none("io.cfc.read", inl_safe(0xcfc, &l));
	check_eq("io.cfc.host_bridge_id", l, 0x12378086);
	outl_safe(0xcf8, 0);

	expect_none("io.pic.read", inb_safe(0x21, &b));
	check_eq("io.pic.all_ones", b, 0xff);
	expect_none("io.pic.write", outb_safe(0x21, 0x00));
	expect_none("io.com1.read", inb_safe(0x3fd, &b));
	check_eq("io.com1.all_ones", b, 0xff);
	expect_none("io.com1.write", outb_safe(0x3f8, 'X'));
	expect_none("io.port80.write", outb_safe(0x80, 0x12));

	expect_none("io.rtc.index", outb_safe(0x70, 0x0b));
	inb_safe(0x70, &b);
	check_eq("io.rtc.index_latched", b, 0x0b);
	expect_none("io.rtc.data", inb_safe(0x71, &b));
	check("io.rtc.status_b_24h", b & 0x02, "status B %#x", b);

	memset(buf, 0, sizeof(buf));
	exinfo_reset();
	rcx = 4;
	rdi = (unsigned long)buf;
	asm volatile("1: rep insb\n2:\n" _EXTABLE(1b, 2b)
		     : "+c"(rcx), "+D"(rdi) : "d"(0x21) : "memory");
	ex = ex_last;
	check("io.rep_insb", !ex.taken && rcx == 0 && rdi == (unsigned long)buf + 4 &&
	      buf[0] == 0xff && buf[3] == 0xff && buf[4] == 0,
	      "taken %d rcx %lu rdi+%lu buf %02x %02x %02x", ex.taken, rcx,
	      rdi - (unsigned long)buf, buf[0], buf[3], buf[4]);
	exinfo_reset();
	rcx = 2;
	rdi = (unsigned long)buf;
	asm volatile("1: rep outsb\n2:\n" _EXTABLE(1b, 2b)
		     : "+c"(rcx), "+S"(rdi) : "d"(0x80) : "memory");
	check("io.rep_outsb", !ex_last.taken && rcx == 0, "taken %d rcx %lu",
	      ex_last.taken, rcx);
	exinfo_reset();
	rcx = 2;
	rdi = (unsigned long)guard_page;
	asm volatile("1: rep insb\n2:\n" _EXTABLE(1b, 2b)
		     : "+c"(rcx), "+D"(rdi) : "d"(0x21) : "memory");
	check("io.rep_insb.unmapped", ex_last.taken && ex_last.vector == X86_EXC_PF &&
	      ex_last.cr2 == (uint64_t)guard_page && (ex_last.ec & PFEC_write),
	      "taken %d vec %u ec %#lx cr2 %#lx", ex_last.taken, ex_last.vector,
	      ex_last.ec, ex_last.cr2);

	expect_none("io.iopl.cli_sti", cli_sti_safe());
	check_eq("io.vmassist.off",
		 hv_vm_assist(VMASST_CMD_disable, VMASST_TYPE_architectural_iopl), 0);
	expect_gp0("io.iopl_off.inb", inb_safe(0x80, &b));
}

static void test_misc(void)
{
	exinfo_reset();
	asm volatile("1: wbinvd\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
	expect_none("wbinvd", ex_last);
	exinfo_reset();
	asm volatile("1: hlt\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
	expect_gp0("hlt", ex_last);
	{
		struct __attribute__((packed)) { uint16_t l; uint64_t b; } d = { 0, 0 };

		exinfo_reset();
		asm volatile("1: lgdt %0\n2:\n" _EXTABLE(1b, 2b) : : "m"(d) : "memory");
		expect_gp0("lgdt", ex_last);
	}
}

static bool n_vendor_amd(void)
{
	struct cpuid_res n;

	cpuid_native(0, 0, &n);
	return n.b == 0x68747541;	/* "Auth" */
}

static void expect_leaf(const char *name, uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b,
			uint32_t c, uint32_t d)
{
	struct cpuid_res r;
	struct exinfo ex = cpuid_forced(leaf, sub, &r);

	check(name, !ex.taken && r.a == a && r.b == b && r.c == c && r.d == d,
	      "taken %d %08x %08x %08x %08x", ex.taken, r.a, r.b, r.c, r.d);
}

static void test_cpuid(void)
{
	struct cpuid_res f, n;
	struct exinfo ex;

	expect_leaf("cpuid.hv.0", 0x40000000, 0, 0x40000005, 0x566e6558, 0x65584d4d,
		    0x4d4d566e);
	expect_leaf("cpuid.hv.1", 0x40000001, 0, 0x00040011, 0, 0, 0);
	expect_leaf("cpuid.hv.2", 0x40000002, 0, 1, 0x40000000, 1, 0);
	cpuid_forced(0x40000003, 0, &f);
	printf("leaf 0x40000003.0: %08x %08x %08x %08x\n", f.a, f.b, f.c, f.d);
	check("cpuid.hv.3.0", f.b == 0 && f.c == 0 && f.d == 0 && (f.a & ~7u) == 0,
	      "%08x %08x %08x %08x", f.a, f.b, f.c, f.d);
	cpuid_forced(0x40000003, 2, &f);
	check("cpuid.hv.3.2", f.a != 0 && f.b == 0 && f.c == 0 && f.d == 0,
	      "%08x %08x %08x %08x", f.a, f.b, f.c, f.d);
	expect_leaf("cpuid.hv.4", 0x40000004, 0, 0, 0, 0, 0);
	cpuid_forced(0x40000005, 0, &f);
	printf("leaf 0x40000005: %08x %08x %08x %08x\n", f.a, f.b, f.c, f.d);
	check("cpuid.hv.5", f.a == 0 && f.b >= 20 && f.b <= 52 && f.c == 0 && f.d == 0,
	      "%08x %08x %08x %08x", f.a, f.b, f.c, f.d);
	expect_leaf("cpuid.hv.6", 0x40000006, 0, 0, 0, 0, 0);
	expect_leaf("cpuid.hv.100", 0x40000100, 0, 0, 0, 0, 0);
	expect_leaf("cpuid.reserved_range", 0x20000000, 0, 0, 0, 0, 0);

	cpuid_forced(0, 0, &f);
	cpuid_native(0, 0, &n);
	printf("leaf 0: max %#x vendor %.4s%.4s%.4s\n", f.a, (char *)&f.b, (char *)&f.d,
	       (char *)&f.c);
	check("cpuid.vendor", f.b == n.b && f.c == n.c && f.d == n.d, "%08x %08x %08x",
	      f.b, f.d, f.c);
	expect_leaf("cpuid.beyond_basic", f.a + 1, 0, 0, 0, 0, 0);

	cpuid_forced(1, 0, &f);
	cpuid_native(1, 0, &n);
	printf("leaf 1: forced %08x %08x %08x %08x native %08x %08x %08x %08x\n",
	       f.a, f.b, f.c, f.d, n.a, n.b, n.c, n.d);
	check_eq("cpuid.1.signature", f.a, n.a);
	check_eq("cpuid.1.apic_id", f.b >> 24, 0);
	check("cpuid.1.hypervisor", f.c & (1u << 31), "ecx %08x", f.c);
	{
		bool amd = n_vendor_amd();
		uint32_t want_d = n.d & 0x1fc9cbf5, want_c;

		if (amd)
			want_d &= ~(1u << 11);		/* SEP: no SYSENTER in long mode */
		want_d |= n.d & (1u << 12);		/* MTRR leaks to dom0's kernel */
		want_c = (n.c & 0x76d83283) | (1u << 31);
		if (n.c & (1u << 26))
			want_c |= 1u << 27;		/* OSXSAVE: Xen's, via #UD */
		check_eq("cpuid.1.edx_policy", f.d, want_d);
		check_eq("cpuid.1.ecx_policy", f.c, want_c);
	}
	check_eq("cpuid.1.ecx_hidden", f.c & ((1u << 5) | (1u << 21) | (1u << 3) |
					      (1u << 6) | (1u << 2) | (1u << 4)), 0);
	check_eq("cpuid.1.edx_hidden", f.d & ((1u << 1) | (1u << 3) | (1u << 13) |
					      (1u << 17) | (1u << 21) | (1u << 29) |
					      (1u << 31)), 0);
	check("cpuid.1.edx_kept", (f.d & 0x07808171) == (n.d & 0x07808171),
	      "forced %08x native %08x", f.d, n.d);

	cpuid_forced(7, 0, &f);
	cpuid_native(7, 0, &n);
	printf("leaf 7: forced %08x %08x %08x %08x native %08x %08x %08x %08x\n",
	       f.a, f.b, f.c, f.d, n.a, n.b, n.c, n.d);
	check_eq("cpuid.7.ebx_policy", f.b, n.b & 0xfdaf2b69);
	check_eq("cpuid.7.ecx_policy", f.c, n.c & 0x02405f43);
	check_eq("cpuid.7.ebx_hidden", f.b & ((1u << 7) | (1u << 20) | (1u << 10) |
					      (1u << 1) | (1u << 2)), 0);
	check_eq("cpuid.7.ecx_hidden", f.c & ((1u << 2) | (1u << 3) | (1u << 4)), 0);
	check("cpuid.7.ebx_kept", (f.b & 0x9 /* fsgsbase, bmi1 */) == (n.b & 0x9),
	      "forced %08x native %08x", f.b, n.b);

	cpuid_forced(0x80000001, 0, &f);
	cpuid_native(0x80000001, 0, &n);
	printf("leaf 0x80000001: forced %08x %08x %08x %08x native %08x %08x %08x %08x\n",
	       f.a, f.b, f.c, f.d, n.a, n.b, n.c, n.d);
	{
		struct cpuid_res f1;

		cpuid_forced(1, 0, &f1);
		check_eq("cpuid.ext1.edx_policy", f.d,
			 (n.d & 0xea500800) | (f1.d & 0x0183f3ff));
		check_eq("cpuid.ext1.ecx_policy", f.c, n.c & 0x042109e3);
	}
	check_eq("cpuid.ext1.page1gb_hidden", f.d & (1u << 26), 0);
	check_eq("cpuid.ext1.svm_hidden", f.c & (1u << 2), 0);
	check("cpuid.ext1.lm_nx_syscall", (f.d & ((1u << 29) | (1u << 20) | (1u << 11))) ==
	      (n.d & ((1u << 29) | (1u << 20) | (1u << 11))), "forced %08x native %08x",
	      f.d, n.d);
	expect_leaf("cpuid.ext.0xa", 0x8000000a, 0, 0, 0, 0, 0);
	cpuid_forced(0x80000000, 0, &f);
	expect_leaf("cpuid.beyond_extended", f.a + 1, 0, 0, 0, 0, 0);

	/* ud2 alone, and the signature without cpuid, are real #UDs. */
	exinfo_reset();
	asm volatile("1: ud2a\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
	check("cpuid.plain_ud2", ex_last.taken && ex_last.vector == X86_EXC_UD,
	      "taken %d vec %u", ex_last.taken, ex_last.vector);
	exinfo_reset();
	asm volatile("1: ud2a; .ascii \"xen\"; nop\n2:\n" _EXTABLE(1b, 2b) ::: "memory");
	ex = ex_last;
	check("cpuid.signature_no_cpuid", ex.taken && ex.vector == X86_EXC_UD,
	      "taken %d vec %u", ex.taken, ex.vector);
}

static struct exinfo xsetbv_safe(uint32_t idx, uint64_t val)
{
	exinfo_reset();
	asm volatile("1: xsetbv\n2:\n" _EXTABLE(1b, 2b)
		     : : "c"(idx), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "memory");
	return ex_last;
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

/* XSAVE as a PV kernel uses it: CR4.OSXSAVE, then xsetbv, then leaf 0xd. */
static void test_xsave(void)
{
	struct cpuid_res f, d0, d1;
	uint64_t cr4 = 0, max;

	cpuid_forced(1, 0, &f);
	if (!(f.c & (1u << 26))) {
		test_skip("xsave", "no XSAVE in the PV CPUID view");
		return;
	}
	cpuid_forced(0xd, 0, &d0);
	cpuid_forced(0xd, 1, &d1);
	printf("leaf 0xd.0: %08x %08x %08x %08x  0xd.1: %08x %08x %08x %08x\n",
	       d0.a, d0.b, d0.c, d0.d, d1.a, d1.b, d1.c, d1.d);
	max = ((uint64_t)d0.d << 32) | d0.a;
	check("xsave.leaf_d0", (max & 3) == 3 && d0.b == 576 && d0.c >= d0.b,
	      "%08x %08x %08x %08x", d0.a, d0.b, d0.c, d0.d);
	check_eq("xsave.xcr0_initial", xgetbv0(), 3);
	{
		struct exinfo ex = xsetbv_safe(0, 3);

		check("xsave.xsetbv_without_cr4", ex.taken && ex.vector == X86_EXC_UD,
		      "taken %d vec %u", ex.taken, ex.vector);
	}
	read_cr4_safe(&cr4);
	expect_none("xsave.cr4_osxsave", write_cr4_safe(cr4 | 0x40000));
	read_cr4_safe(&cr4);
	check_eq("xsave.cr4_osxsave.read", cr4 & 0x40000, 0x40000);
	expect_none("xsave.xsetbv_max", xsetbv_safe(0, max));
	check_eq("xsave.xgetbv", xgetbv0(), max);
	cpuid_forced(0xd, 0, &f);
	check_eq("xsave.leaf_d0.size_follows_xcr0", f.b, d0.c);
	expect_gp0("xsave.xsetbv_no_x87", xsetbv_safe(0, max & ~1ULL));
	expect_gp0("xsave.xsetbv_ymm_without_sse", xsetbv_safe(0, 5));
	expect_gp0("xsave.xsetbv_xcr1", xsetbv_safe(1, 3));
	expect_gp0("xsave.xsetbv_unknown_bit", xsetbv_safe(0, 3 | (1ULL << 9)));
	expect_none("xsave.xsetbv_back", xsetbv_safe(0, 3));
	check_eq("xsave.xgetbv_back", xgetbv0(), 3);
	write_cr4_safe(cr4 & ~0x40000UL);
}

void test_main(void)
{
	test_cr();
	test_msr();
	test_io();
	test_misc();
	test_cpuid();
	test_xsave();
}
