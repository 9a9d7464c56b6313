// SPDX-License-Identifier: GPL-2.0-only
/*
 * privop-user: privileged instructions from guest user mode. ABI rules
 * checked (Xen 4.17, 64-bit PV):
 *  - only the guest kernel gets control registers, MSRs, clts emulated:
 *    from user mode they reach the kernel as #GP(0) at the instruction,
 *    as does hlt;
 *  - port I/O from user mode needs IOPL 3 (PHYSDEVOP_set_iopl): without
 *    it #GP(0), with it emulated like the kernel's (a port the hypervisor
 *    keeps reads all ones), and cli/sti are then ignored;
 *  - forced-emulation CPUID works in user mode, without the leaks dom0's
 *    kernel gets (MTRR; OSXSAVE with CR4.OSXSAVE clear), hypervisor bit set.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "privop-user";

#define HYPERCALL_mmuext_op 26
#define HYPERCALL_physdev_op 33
#define PHYSDEVOP_set_iopl 6
#define VIRT_BASE 0xffffffff80000000UL
#define USER_CODE 0x400000UL
#define USER_STACK_TOP 0x402000UL
#define PTE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

extern char user_code_start[], user_code_end[];
extern char probe_cr0[], probe_rdmsr[], probe_clts[], probe_in[], probe_hlt[], probe_end1[];
extern char user_part2[], probe_in_iopl[], probe_end2[];
extern char gp_entry[], other_entry[], syscall_entry[];

enum { L4, L3, L2, L1, CODE, STACK, NR_PAGES };
static char pages[NR_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static char kstack[4 * PAGE_SIZE] __aligned(16);

/* The #GPs expected from part 1, in order, and where each resumes. */
static const struct {
	const char *name;
	char *at, *next;
} probes[] = {
	{ "user.mov_cr0", probe_cr0, probe_rdmsr },
	{ "user.rdmsr", probe_rdmsr + 5, probe_clts },	/* after the mov to %ecx */
	{ "user.clts", probe_clts, probe_in },
	{ "user.in_no_iopl", probe_in, probe_hlt },
	{ "user.hlt", probe_hlt, probe_hlt + 1 },
};
static unsigned int next_probe;

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};

static unsigned long mfn_of(const void *va)
{
	return ((const unsigned long *)start_info->mfn_list)[((unsigned long)va - VIRT_BASE) >> 12];
}

static uint64_t user_va(const char *sym)
{
	return USER_CODE + (uint64_t)(sym - user_code_start);
}

static long mmuext(unsigned int cmd, uint64_t arg1)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1, 0, 0x7ff0, 0);
}

static void __attribute__((noreturn)) enter_user(uint64_t rip)
{
	struct iret_context f = {
		.rip = rip, .cs = FLAT_USER_CS, .rflags = 0x202,
		.rsp = USER_STACK_TOP, .ss = FLAT_USER_SS,
	};

	hv_iret(&f);
}

static void __attribute__((noreturn)) finish(void)
{
	report_finish();
	hv_shutdown(SHUTDOWN_poweroff);
}

static bool build_user_tables(void)
{
	uint64_t *l4 = (uint64_t *)pages[L4], *l3 = (uint64_t *)pages[L3];
	uint64_t *l2 = (uint64_t *)pages[L2], *l1 = (uint64_t *)pages[L1];
	bool ok = true;

	memcpy(pages[CODE], user_code_start, user_code_end - user_code_start);
	l4[0] = ((uint64_t)mfn_of(l3) << 12) | PTE_FLAGS;
	l3[0] = ((uint64_t)mfn_of(l2) << 12) | PTE_FLAGS;
	l2[USER_CODE >> 21] = ((uint64_t)mfn_of(l1) << 12) | PTE_FLAGS;
	l1[(USER_CODE >> 12) & 511] = ((uint64_t)mfn_of(pages[CODE]) << 12) |
				      _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
	l1[((USER_STACK_TOP - 1) >> 12) & 511] = ((uint64_t)mfn_of(pages[STACK]) << 12) | PTE_FLAGS;
	for (int i = L4; i <= L1; i++) {
		uint64_t pte = ((uint64_t)mfn_of(pages[i]) << 12) | _PAGE_PRESENT | _PAGE_ACCESSED;

		ok &= hv_update_va_mapping((unsigned long)pages[i], pte, UVMF_INVLPG) == 0;
	}
	ok &= mmuext(3 /* PIN_L4 */, mfn_of(l4)) == 0;
	ok &= mmuext(15 /* NEW_USER_BASEPTR */, mfn_of(l4)) == 0;
	return check("user_tables", ok, "built and installed");
}

/* frame: rcx, r11, error code, rip, cs, rflags, rsp, ss */
void __attribute__((noreturn)) gp_from_user(const uint64_t *f)
{
	if (next_probe >= ARRAY_SIZE(probes)) {
		test_fail("user.unexpected_gp", "rip %#lx ec %#lx", f[3], f[2]);
		finish();
	}
	check(probes[next_probe].name,
	      f[3] == user_va(probes[next_probe].at) && f[2] == 0 &&
	      (f[4] & 0xffff) == FLAT_USER_CS,
	      "rip %#lx (want %#lx) ec %#lx cs %#lx", f[3], user_va(probes[next_probe].at),
	      f[2], f[4]);
	enter_user(user_va(probes[next_probe++].next));
}

/* frame: rcx, r11, [error code], rip, ...: anything else ends the test. */
void __attribute__((noreturn)) other_from_user(const uint64_t *f)
{
	test_fail("user.unexpected_exception", "frame %#lx %#lx %#lx %#lx", f[2], f[3], f[4],
		  f[5]);
	finish();
}

void __attribute__((noreturn)) syscall_from_user(uint64_t rdi, uint64_t rsi, const uint64_t *f,
						 uint64_t nr)
{
	(void)f;
	if (nr == 1) {
		struct { uint32_t iopl; } iopl = { 3 };

		check_eq("user.all_probes_faulted", next_probe, ARRAY_SIZE(probes));
		check("user.cpuid.hypervisor", rsi & (1u << 31), "ecx %#lx", rsi);
		check_eq("user.cpuid.no_osxsave", rsi & (1u << 27), 0);
		check_eq("user.cpuid.no_mtrr", rdi & (1u << 12), 0);
		check_eq("user.set_iopl", hypercall2(HYPERCALL_physdev_op, PHYSDEVOP_set_iopl, &iopl),
			 0);
		enter_user(user_va(user_part2));
	}
	check_eq("user.in_with_iopl3", rdi & 0xff, 0xff);
	finish();
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
		.address = (uint64_t)syscall_entry,
	};
	struct trap_info t[] = {
		{ .vector = 13, .cs = FLAT_KERNEL_CS, .address = (uint64_t)gp_entry },
		{ .vector = 6, .cs = FLAT_KERNEL_CS, .address = (uint64_t)other_entry },
		{ .vector = 14, .cs = FLAT_KERNEL_CS, .address = (uint64_t)other_entry },
		{ 0 },
	};

	check_eq("callback_op.syscall", hv_callback_op(CALLBACKOP_register, &cb), 0);
	check_eq("stack_switch", hv_stack_switch(FLAT_KERNEL_SS,
						 (unsigned long)kstack + sizeof(kstack)), 0);
	if (!build_user_tables())
		return;
	check_eq("set_trap_table", hv_set_trap_table(t), 0);
	enter_user(USER_CODE);
}
