// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exception and interrupt dispatch. A fault taken by the hypervisor itself
 * is either one an exception-table entry expects (a guest address that
 * turned out bad) or a bug: then the registers and a backtrace are printed
 * and the machine stops. Faults from guests go to the PV layer.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/regs.h>
#include <hv/asm-offsets.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/irq.h>
#include <hv/pv.h>
#include <hv/pv-cpu.h>

BUILD_BUG_ON(offsetof(struct cpu_user_regs, rbp) != UREGS_rbp);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, r11) != UREGS_r11);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, rax) != UREGS_rax);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, rdi) != UREGS_rdi);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, error_code) != UREGS_error_code);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, rip) != UREGS_rip);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, cs) != UREGS_cs);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, ss) != UREGS_ss);
BUILD_BUG_ON(sizeof(struct cpu_user_regs) != UREGS_size);
BUILD_BUG_ON(sizeof(struct cpu_info) != CPU_INFO_SIZE);
BUILD_BUG_ON((offsetof(struct cpu_info, guest_regs) + sizeof(struct cpu_user_regs)) % 16);

static const char *const exc_names[X86_NR_EXC] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FPU error", "alignment check", "machine check",
	"SIMD error", "virtualisation", "control protection",
};

extern const struct ex_table_entry __ex_table_start[], __ex_table_end[];

unsigned long search_exception_table(unsigned long rip)
{
	for (const struct ex_table_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

static bool addr_in_image(unsigned long a)
{
	extern char __image_start[], __image_end[];

	return a >= (unsigned long)__image_start && a < (unsigned long)__image_end;
}

void show_registers(const struct cpu_user_regs *r)
{
	printk("RIP: %04lx:%016lx RFLAGS: %016lx vector %u error %x\n",
	       r->cs, r->rip, r->rflags, r->entry_vector, r->error_code);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk("RBP: %016lx RSP: %016lx R8:  %016lx\n", r->rbp, r->rsp, r->r8);
	printk("R9:  %016lx R10: %016lx R11: %016lx\n", r->r9, r->r10, r->r11);
	printk("R12: %016lx R13: %016lx R14: %016lx\n", r->r12, r->r13, r->r14);
	printk("R15: %016lx CR2: %016lx CR3: %016lx\n", r->r15, read_cr2(), read_cr3());
}

/* Walk the frame-pointer chain while it stays on hypervisor stacks. */
void show_backtrace(unsigned long rbp, unsigned long rip)
{
	printk("Backtrace:\n  [<%016lx>]\n", rip);
	for (int depth = 0; depth < 32 && rbp; depth++) {
		unsigned long *frame = (unsigned long *)rbp;

		if (rbp & 7 || rbp < HYPERVISOR_VIRT_START || rbp >= HYPERVISOR_VIRT_END)
			break;
		if (!addr_in_image(frame[1]))
			break;
		printk("  [<%016lx>]\n", frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

static void __noreturn fatal_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	printk("FATAL TRAP: vector %u (%s) in the hypervisor\n", vec,
	       vec < X86_NR_EXC && exc_names[vec] ? exc_names[vec] : "?");
	show_registers(regs);
	show_backtrace(regs->rbp, regs->rip);
	panic("fatal trap %u at %016lx", vec, regs->rip);
}

void do_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	if (vec >= X86_NR_EXC) {
		do_irq(regs);
		return;
	}
	if (vec == X86_EXC_NMI) {
		printk("NMI received, ignored\n");
		return;
	}
	if (vec == X86_EXC_DF || vec == X86_EXC_MC)
		fatal_trap(regs);

	if (!regs_from_guest(regs)) {
		unsigned long fixup;

		/* A guest watchpoint hit by a hypercall's access: carry on. */
		if (vec == X86_EXC_DB) {
			pv_debug_trap(regs);
			return;
		}
		/* Loading a guest LDT selector: its shadow page, mapped on demand. */
		if (vec == X86_EXC_PF && pv_ldt_fault(regs, read_cr2()))
			return;
		fixup = search_exception_table(regs->rip);

		if (fixup) {
			regs->rip = fixup;
			return;
		}
		fatal_trap(regs);
	}
	pv_handle_exception(regs, vec);
}
