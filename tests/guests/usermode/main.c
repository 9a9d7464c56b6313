// SPDX-License-Identifier: GPL-2.0-only
/*
 * usermode: guest user mode, which a PV64 kernel gets through a second
 * top-level table. ABI rules checked:
 *  - MMUEXT_NEW_USER_BASEPTR takes a pinned L4 holding only user mappings;
 *  - HYPERVISOR_iret to a frame with CS RPL 3 switches to those tables
 *    and runs the user code;
 *  - `syscall` from user mode is bounced to the registered syscall
 *    callback on the stack given with stack_switch, back in kernel mode
 *    (kernel tables), with RCX/R11 as the instruction left them, and the
 *    frame's CS/SS/RSP those of the user context;
 *  - a #PF in user mode reaches the kernel's handler with the U bit set
 *    in the error code and cr2 in vcpu_info.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

const char test_kernel_name[] = "usermode";

#define HYPERCALL_mmuext_op 26
#define VIRT_BASE 0xffffffff80000000UL
#define USER_CODE 0x400000UL
#define USER_STACK_TOP 0x402000UL
#define PTE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define UVMF_INVLPG 2

extern char user_code_start[], user_code_syscall_end[], user_code_fault[], user_code_end[];
extern char syscall_entry[], pf_entry[];

enum { L4, L3, L2, L1, CODE, STACK, NR_PAGES };
static char pages[NR_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static char kstack[4 * PAGE_SIZE] __aligned(16);

struct mmuext_op {
	uint32_t cmd, pad;
	uint64_t arg1, arg2;
};

static unsigned long mfn_of(const void *va)
{
	return ((const unsigned long *)start_info->mfn_list)[((unsigned long)va - VIRT_BASE) >> 12];
}

static long mmuext(unsigned int cmd, uint64_t arg1)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };

	return hypercall5(HYPERCALL_mmuext_op, (unsigned long)&op, 1, 0, 0x7ff0, 0);
}

static long readonly(void *va)
{
	uint64_t pte = ((uint64_t)mfn_of(va) << 12) | _PAGE_PRESENT | _PAGE_ACCESSED;

	return hv_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
}

static void __attribute__((noreturn)) enter_user(unsigned long rip)
{
	struct iret_context f = {
		.rip = rip, .cs = FLAT_USER_CS, .rflags = 0x202,
		.rsp = USER_STACK_TOP, .ss = FLAT_USER_SS,
	};

	hv_iret(&f);
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
	for (int i = L4; i <= L1; i++)
		ok &= check("table.readonly", readonly(pages[i]) == 0, "page %d", i);
	ok &= check("pin_user_l4", mmuext(3 /* PIN_L4 */, mfn_of(l4)) == 0, "pin");
	ok &= check("new_user_baseptr", mmuext(15 /* NEW_USER_BASEPTR */, mfn_of(l4)) == 0,
		    "set");
	return ok;
}

void __attribute__((noreturn)) pf_from_user(const uint64_t *f)
{
	uint64_t cr2 = shared_info->vcpu_info[0].cr2;

	check_eq("pf.error_code", f[2], 0x4 /* user, read, not present */);
	check("pf.rip", f[3] == USER_CODE + (user_code_fault - user_code_start), "%#lx", f[3]);
	check("pf.cs_rpl3", (f[4] & 0xffff) == FLAT_USER_CS, "%#lx", f[4]);
	check_eq("pf.cr2", cr2, 0x500000);
	report_finish();
	hv_shutdown(0);
}

void __attribute__((noreturn)) syscall_from_user(uint64_t rax, const uint64_t *f)
{
	uint64_t end = USER_CODE + (user_code_syscall_end - user_code_start);

	check_eq("syscall.rax", rax, 42);
	check_eq("syscall.rcx_is_user_rip", f[0], end);
	check("syscall.r11_is_user_rflags", (f[1] & 0x202) == 0x202, "%#lx", f[1]);
	check("syscall.frame_cs", (f[3] & 0xffff) == FLAT_USER_CS, "%#lx", f[3]);
	check_eq("syscall.frame_rsp", f[5], USER_STACK_TOP);
	check_eq("syscall.frame_ss", f[6] & 0xffff, FLAT_USER_SS);
	check("syscall.kernel_stack", (uint64_t)f >= (uint64_t)kstack &&
	      (uint64_t)f < (uint64_t)kstack + sizeof(kstack), "frame at %p", (void *)f);
	check("syscall.kernel_tables", *(volatile uint64_t *)start_info != 0, "kernel VA readable");
	/* Again, this time faulting: #PF from user mode. */
	enter_user(USER_CODE + (user_code_fault - user_code_start));
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
		.address = (uint64_t)syscall_entry,
	};
	struct trap_info pf[2] = { { .vector = 14, .cs = FLAT_KERNEL_CS,
				     .address = (uint64_t)pf_entry }, { 0 } };

	check_eq("callback_op.syscall", hv_callback_op(0, &cb), 0);
	check_eq("stack_switch", hv_stack_switch(FLAT_KERNEL_SS,
						 (unsigned long)kstack + sizeof(kstack)), 0);
	if (!build_user_tables())
		return;
	check_eq("set_trap_table.pf", hv_set_trap_table(pf), 0);
	enter_user(USER_CODE);
}
