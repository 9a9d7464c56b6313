// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostile: bad hypercall arguments are refused with an error and the guest
 * carries on. ABI rules checked (errno values as Xen 4.17 returns them):
 *  - a guest buffer that is unmapped, read-only (for output), inside the
 *    hypervisor hole (0xffff800000000000-0xffff87ffffffffff) or runs into an
 *    unmapped page gives -EFAULT (console_io, xen_version, set_trap_table,
 *    sched_op, callback_op);
 *  - unknown hypercall numbers give -ENOSYS (all 64 bits of rax count);
 *  - unknown sub-ops give -ENOSYS (sched_op, callback_op, vm_assist), an
 *    unknown vm_assist type -EINVAL, a non-canonical callback or trap
 *    address -EINVAL; set_callbacks ignores bad addresses and returns 0;
 *  - XENVER_pagesize with a non-NULL argument gives -EINVAL;
 *  - update_va_mapping of a VA in the hypervisor hole gives -EINVAL;
 *  - HYPERVISOR_iret cannot raise privilege: CS and SS come back with RPL 3,
 *    IOPL is cleared, IF is set, and the event mask follows the frame's IF.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "iret.h"

const char test_kernel_name[] = "hostile";

#define HV_DIRECTMAP 0xffff830000000000UL	/* Xen's direct map */
#define HV_RO_M2P    0xffff800000000000UL	/* read-only M2P, hole start */

/* Two pages: the second is unmapped so that the first ends at a hole. */
static char edge[2][PAGE_SIZE] __aligned(PAGE_SIZE);

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void test_console(void)
{
	char *tail = edge[0] + PAGE_SIZE - 16;

	expect_rc("console.unmapped",
		  hv_console_io(CONSOLEIO_write, 8, guard_page), -EFAULT);
	expect_rc("console.hypervisor",
		  hv_console_io(CONSOLEIO_write, 8, (void *)HV_DIRECTMAP), -EFAULT);
	expect_rc("console.m2p",
		  hv_console_io(CONSOLEIO_write, 8, (void *)HV_RO_M2P), -EFAULT);
	expect_rc("console.noncanonical",
		  hv_console_io(CONSOLEIO_write, 8, (void *)0x8000000000000000UL),
		  -EFAULT);
	/* 16 valid bytes (newlines, should any be printed), then a hole. */
	memset(tail, '\n', 16);
	expect_rc("console.huge_len",
		  hv_console_io(CONSOLEIO_write, 0xffffffffu, tail), -EFAULT);
}

static void test_xen_version(void)
{
	struct xen_feature_info *fi = (void *)guard_page;
	char *ro = (char *)start_info->pt_base + 0x40;	/* L4 slots 8-9 */

	expect_rc("xen_version.unmapped",
		  hv_xen_version(XENVER_extraversion, guard_page), -EFAULT);
	expect_rc("xen_version.hypervisor",
		  hv_xen_version(XENVER_extraversion, (void *)HV_DIRECTMAP),
		  -EFAULT);
	expect_rc("xen_version.capabilities_hypervisor",
		  hv_xen_version(XENVER_capabilities, (void *)HV_DIRECTMAP),
		  -EFAULT);
	expect_rc("xen_version.readonly",
		  hv_xen_version(XENVER_extraversion, ro), -EFAULT);
	expect_rc("xen_version.features_unmapped",
		  hv_xen_version(XENVER_get_features, fi), -EFAULT);
	expect_rc("xen_version.platform_unmapped",
		  hv_xen_version(XENVER_platform_parameters, guard_page),
		  -EFAULT);
	/* Sub-ops without an argument ignore the pointer. */
	{
		long v = hv_xen_version(XENVER_version, guard_page);

		check("xen_version.version_ignores_arg",
		      v == hv_xen_version(XENVER_version, NULL), "%#lx", v);
	}
	expect_rc("xen_version.pagesize_nonnull",
		  hv_xen_version(XENVER_pagesize, guard_page), -EINVAL);
}

static void test_trap_table(void)
{
	struct trap_info t[3] = {
		{ .vector = 0x50, .cs = FLAT_KERNEL_CS, .address = trap_stub(0x50) },
		{ .vector = 0x51, .cs = FLAT_KERNEL_CS,
		  .address = 0x8000000000000000UL },
		{ 0 },
	};
	struct exinfo e;

	expect_rc("set_trap_table.unmapped", hv_set_trap_table((void *)guard_page),
		  -EFAULT);
	expect_rc("set_trap_table.hypervisor",
		  hv_set_trap_table((void *)HV_DIRECTMAP), -EFAULT);
	expect_rc("set_trap_table.noncanonical", hv_set_trap_table(t), -EINVAL);

	/* The table still works after the failed calls. */
	e = read_safe(guard_page, NULL);
	check("set_trap_table.still_works", e.taken && e.vector == X86_EXC_PF,
	      "vector %u", e.vector);
}

static void test_hypercall_numbers(void)
{
	static const uint64_t nrs[] = {
		11, 60, 63, 64, 1000, (1UL << 32) | HYPERCALL_xen_version,
		~0UL,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++) {
		char name[48];

		snprintf(name, sizeof(name), "hypercall.%#lx", nrs[i]);
		expect_rc(name, hypercall5(nrs[i], 0, 0, 0, 0, 0), -ENOSYS);
	}
}

static void test_sched_op(void)
{
	expect_rc("sched_op.unknown_cmd", hv_sched_op(100, NULL), -ENOSYS);
	expect_rc("sched_op.cmd_-1", hv_sched_op(-1, NULL), -ENOSYS);
	expect_rc("sched_op.shutdown_unmapped",
		  hv_sched_op(SCHEDOP_shutdown, guard_page), -EFAULT);
	expect_rc("sched_op.shutdown_code_hypervisor",
		  hv_sched_op(SCHEDOP_shutdown_code, (void *)HV_DIRECTMAP),
		  -EFAULT);
}

static void test_callbacks(void)
{
	struct callback_register reg = {
		.type = CALLBACKTYPE_event,
		.address = 0x8000000000000000UL,
	};

	expect_rc("callback_op.unknown_cmd", hv_callback_op(7, &reg), -ENOSYS);
	expect_rc("callback_op.unmapped",
		  hv_callback_op(CALLBACKOP_register, guard_page), -EFAULT);
	expect_rc("callback_op.noncanonical",
		  hv_callback_op(CALLBACKOP_register, &reg), -EINVAL);
	reg.type = 99;
	reg.address = (uint64_t)_image_start;
	expect_rc("callback_op.unknown_type",
		  hv_callback_op(CALLBACKOP_register, &reg), -ENOSYS);
	expect_rc("set_callbacks.noncanonical",
		  hv_set_callbacks(0x8000000000000000UL, 0x8000000000000000UL,
				   0x8000000000000000UL),
		  0);
}

static void test_misc(void)
{
	expect_rc("vm_assist.type64",
		  hv_vm_assist(VMASST_CMD_enable, 64), -EINVAL);
	expect_rc("vm_assist.type31",
		  hv_vm_assist(VMASST_CMD_enable, 31), -EINVAL);
	expect_rc("vm_assist.unknown_cmd",
		  hv_vm_assist(7, VMASST_TYPE_writable_pagetables), -ENOSYS);
	expect_rc("vm_assist.disable",
		  hv_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables),
		  0);
	expect_rc("update_va_mapping.hypervisor",
		  hv_update_va_mapping(HV_DIRECTMAP, 0, UVMF_INVLPG), -EINVAL);
	expect_rc("stack_switch",
		  hv_stack_switch(FLAT_KERNEL_SS, (uint64_t)edge[1]), 0);
}

static void iret_case(const char *name, uint64_t cs, uint64_t ss,
		      uint64_t rflags, uint8_t want_mask)
{
	struct iret_context f = {
		.rax = 0x1111, .r11 = 0x2222, .rcx = 0x3333, .flags = 0,
		.cs = cs, .rflags = rflags, .ss = ss,
	};
	struct iret_result r;
	char n[64];

	iret_probe(&f, &r);
	snprintf(n, sizeof(n), "%s.cs", name);
	check_eq(n, r.cs, FLAT_KERNEL_CS);
	snprintf(n, sizeof(n), "%s.ss", name);
	check_eq(n, r.ss, FLAT_KERNEL_SS);
	snprintf(n, sizeof(n), "%s.rflags", name);
	/* IOPL and VM dropped, IF forced on (the real IF is always set). */
	check_eq(n, r.rflags,
		 (rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF);
	snprintf(n, sizeof(n), "%s.regs", name);
	check(n, r.rax == 0x1111 && r.r11 == 0x2222 && r.rcx == 0x3333 &&
			 r.rsp == r.rsp_want,
	      "rax %#lx r11 %#lx rcx %#lx rsp %#lx", r.rax, r.r11, r.rcx, r.rsp);
	snprintf(n, sizeof(n), "%s.mask", name);
	check_eq(n, shared_info->vcpu_info[0].evtchn_upcall_mask, want_mask);
}

static void test_iret(void)
{
	/* Ring 0 selectors and IOPL 3 asked for, IF clear: stays masked. */
	iret_case("iret.ring0", 0xe030, 0xe028,
		  X86_EFLAGS_MBS | X86_EFLAGS_IOPL | X86_EFLAGS_CF |
			  X86_EFLAGS_ZF,
		  1);
	/* RPL 2, and VM asked for too. */
	iret_case("iret.rpl2", 0xe032, 0xe02a,
		  X86_EFLAGS_MBS | X86_EFLAGS_IOPL | X86_EFLAGS_VM, 1);
	if (shared_info->vcpu_info[0].evtchn_upcall_pending) {
		test_skip("iret.unmask", "an event is pending");
		return;
	}
	/* IF set in the frame unmasks events; clear masks them again. */
	iret_case("iret.unmask", 0xe030, 0xe028,
		  X86_EFLAGS_MBS | X86_EFLAGS_IF, 0);
	iret_case("iret.mask", 0xe030, 0xe028, X86_EFLAGS_MBS, 1);
}

void test_main(void)
{
	long rc = hv_update_va_mapping((uint64_t)edge[1], 0, UVMF_INVLPG);

	if (rc)
		panic("unmapping the edge page: %ld", rc);
	test_console();
	test_xen_version();
	test_trap_table();
	test_hypercall_numbers();
	test_sched_op();
	test_callbacks();
	test_misc();
	test_iret();
	rc = hv_xen_version(XENVER_version, NULL);
	check("alive", rc > 0, "%#lx", rc);
}
