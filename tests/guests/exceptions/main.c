// SPDX-License-Identifier: GPL-2.0-only
/*
 * exceptions: exception delivery to a PV64 guest kernel through its trap
 * table (set_trap_table) and return with HYPERVISOR_iret. ABI rules checked,
 * for #DE, #BP (int3 and `int $3`), #UD, #GP, #PF and software `int $n`:
 *  - the bounce frame on the interrupted stack is RCX, R11, [error code],
 *    RIP, CS, RFLAGS, RSP, SS, placed at (RSP & ~15) - 7 or 8 slots;
 *  - RIP is the faulting instruction (faults) or the next one (traps);
 *  - CS is FLAT_KERNEL_CS with RPL cleared to 0 (interrupted in kernel mode)
 *    and the saved event mask in bits 32-39; SS is FLAT_KERNEL_SS;
 *  - RFLAGS is what the CPU saved (arithmetic flags; RF set for faults),
 *    with IF = !saved mask;
 *  - #PF: cr2 in vcpu_info.arch.cr2, error code with U clear (guest kernel
 *    mode), P/W/I as the hardware reports them;
 *  - #GP from non-canonical access has error code 0;
 *  - `int $n` on an entry with DPL 0 raises #GP with error code (n<<3)|2;
 *    DPL 1 and 3 are allowed from guest-kernel mode and deliver vector n;
 *  - an entry with flags bit 2 masks events on entry, and iret restores the
 *    mask from the frame's IF;
 *  - execution resumes where the iret frame says, with RCX, R11, RSP and the
 *    flags restored.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "probe.h"

const char test_kernel_name[] = "exceptions";

/* CF|PF|AF|ZF|SF|OF and the always-one bit: all survive the round trip. */
#define FLAGS_IN (X86_EFLAGS_MBS | X86_EFLAGS_CF | X86_EFLAGS_PF | \
		  X86_EFLAGS_AF | X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

/* The bounce frame's CS: RPL 0 (kernel context), mask in bits 32-39. */
#define FRAME_CS(mask) ((0xe033UL & ~3UL) | ((uint64_t)(mask) << 32))

struct expect {
	unsigned int vector;
	bool has_ec;
	uint64_t ec;
	bool trap;		/* RIP is the next instruction */
	bool rf;		/* RFLAGS.RF set: the CPU delivered a fault */
	uint64_t cr2;		/* checked for #PF only */
	uint8_t mask;		/* saved upcall mask expected in the frame */
};

static void name_of(char *buf, size_t n, const char *probe, const char *what)
{
	snprintf(buf, n, "%s.%s", probe, what);
}

/* Check every field of the frame and the state we resumed with. */
static void check_probe(const char *p, const struct probe_ctx *c,
			const struct exinfo *e, const struct expect *x)
{
	char n[64];
	/*
	 * The frame carries the RFLAGS the CPU saved, so RF is set when the CPU
	 * delivered a fault to the hypervisor (as hardware and QEMU TCG do) and
	 * clear for a trap; IF is the inverse of the saved event mask.
	 */
	uint64_t want_flags = FLAGS_IN | (x->mask ? 0 : X86_EFLAGS_IF) |
			      (x->rf ? X86_EFLAGS_RF : 0);
	uint64_t want_frame = (c->rsp & ~15UL) - (x->has_ec ? 64 : 56);

	name_of(n, sizeof(n), p, "taken");
	if (!check(n, e->taken && e->count == 1, "count %u", e->count))
		return;
	name_of(n, sizeof(n), p, "vector");
	check_eq(n, e->vector, x->vector);
	if (x->has_ec) {
		name_of(n, sizeof(n), p, "ec");
		check_eq(n, e->ec, x->ec);
	}
	name_of(n, sizeof(n), p, "rip");
	check_eq(n, e->rip, x->trap ? c->next : c->rip);
	name_of(n, sizeof(n), p, "cs");
	check_eq(n, e->cs, FRAME_CS(x->mask));
	/*
	 * RF is required for a fault. For a trap it is normally clear, but
	 * Xen 4.17 under QEMU was once seen to bounce a #BP with RF set (an
	 * interrupt taken at the boundary after the trap), so it is not
	 * judged there.
	 */
	name_of(n, sizeof(n), p, "rflags");
	check_eq(n, x->rf ? e->rflags : e->rflags & ~(uint64_t)X86_EFLAGS_RF, want_flags);
	name_of(n, sizeof(n), p, "rsp");
	check_eq(n, e->rsp, c->rsp);
	name_of(n, sizeof(n), p, "ss");
	check_eq(n, e->ss, FLAT_KERNEL_SS);
	name_of(n, sizeof(n), p, "rcx_r11");
	check(n, e->rcx == RCX_MARK && e->r11 == R11_MARK,
	      "rcx %#lx r11 %#lx", e->rcx, e->r11);
	name_of(n, sizeof(n), p, "frame_addr");
	check(n, e->frame == want_frame, "%#lx (rsp %#lx) want %#lx",
	      e->frame, c->rsp, want_frame);
	if (x->vector == X86_EXC_PF) {
		name_of(n, sizeof(n), p, "cr2");
		check_eq(n, e->cr2, x->cr2);
	}
	name_of(n, sizeof(n), p, "resume");
	check(n, c->rcx_after == RCX_MARK && c->r11_after == R11_MARK &&
		      c->rsp_after == c->rsp &&
		      c->flags_after == (FLAGS_IN | X86_EFLAGS_IF),
	      "rcx %#lx r11 %#lx rsp %#lx rflags %#lx", c->rcx_after,
	      c->r11_after, c->rsp_after, c->flags_after);
}

static void run(const char *p, void (*fn)(struct probe_ctx *), uint64_t arg,
		uint64_t rdx, const struct expect *x)
{
	struct probe_ctx c = { .arg = arg, .flags_in = FLAGS_IN, .rdx = rdx };
	struct exinfo e;

	exinfo_reset();
	fn(&c);
	e = ex_last;
	check_probe(p, &c, &e, x);
}

static void test_faults(void)
{
	uint64_t bad = (uint64_t)guard_page + 0x18;
	uint64_t l4e = start_info->pt_base + 8;	/* L4 slot 1: empty */

	run("de", probe_div0, 0, 0,
	    &(struct expect){ .vector = X86_EXC_DE, .rf = true, .mask = 1 });
	run("bp", probe_int3, 0, 0,
	    &(struct expect){ .vector = X86_EXC_BP, .trap = true, .mask = 1 });
	run("bp_int_3", probe_int_3, 0, 0,
	    &(struct expect){ .vector = X86_EXC_BP, .trap = true, .mask = 1 });
	run("ud", probe_ud2, 0, 0,
	    &(struct expect){ .vector = X86_EXC_UD, .rf = true, .mask = 1 });
	run("gp_noncanonical", probe_load, 0x8000000000000000UL, 0,
	    &(struct expect){ .vector = X86_EXC_GP, .has_ec = true, .ec = 0,
			      .rf = true, .mask = 1 });
	/* Not present, read, supervisor (the guest kernel was interrupted). */
	run("pf_read", probe_load, bad, 0,
	    &(struct expect){ .vector = X86_EXC_PF, .has_ec = true, .ec = 0,
			      .rf = true, .cr2 = bad, .mask = 1 });
	run("pf_write", probe_store, bad, 0,
	    &(struct expect){ .vector = X86_EXC_PF, .has_ec = true, .rf = true,
			      .ec = PFEC_write, .cr2 = bad, .mask = 1 });
	/* Page tables are mapped read-only: present + write. */
	run("pf_write_ro", probe_store, l4e, *(volatile uint64_t *)l4e,
	    &(struct expect){ .vector = X86_EXC_PF, .has_ec = true, .rf = true,
			      .ec = PFEC_present | PFEC_write, .cr2 = l4e,
			      .mask = 1 });
}

static void test_pf_exec(void)
{
	struct exinfo e = exec_safe(guard_page);

	check("pf_exec.taken", e.taken && e.vector == X86_EXC_PF,
	      "vector %u", e.vector);
	check_eq("pf_exec.rip", e.rip, (uint64_t)guard_page);
	check_eq("pf_exec.cr2", e.cr2, (uint64_t)guard_page);
	/* Instruction fetch (NX is on), not present, supervisor. */
	check_eq("pf_exec.ec", e.ec, PFEC_insn);
	check_eq("pf_exec.cs", e.cs, FRAME_CS(1));
}

static void test_soft_int(void)
{
	long rc;

	rc = trap_set(0x40, 0);
	rc |= trap_set(0x41, 1);
	rc |= trap_set(0x42, 3);
	check_eq("set_trap_table.soft", (uint64_t)rc, 0);

	/* DPL 0: the hypervisor reflects #GP, error code = IDT vector | 2. */
	run("int_0x40_dpl0", probe_int_0x40, 0, 0,
	    &(struct expect){ .vector = X86_EXC_GP, .has_ec = true, .rf = true,
			      .ec = (0x40 << 3) | 2, .mask = 1 });
	/*
	 * DPL 1 and 3: allowed from guest-kernel mode; delivered as vector n
	 * with RIP after the instruction and no error code. The CPU raised #GP
	 * to the hypervisor (its IDT gates are DPL 0), so RF is set.
	 */
	run("int_0x41_dpl1", probe_int_0x41, 0, 0,
	    &(struct expect){ .vector = 0x41, .trap = true, .rf = true,
			      .mask = 1 });
	run("int_0x42_dpl3", probe_int_0x42, 0, 0,
	    &(struct expect){ .vector = 0x42, .trap = true, .rf = true,
			      .mask = 1 });
}

/* The saved event mask and IF in the frame, and masking on entry. */
static void test_event_mask(void)
{
	struct vcpu_info *vi = &shared_info->vcpu_info[0];

	if (vi->evtchn_upcall_pending) {
		test_skip("mask", "an event is pending; not unmasking");
		return;
	}

	/* Trap gate (flags bit 2 clear): the mask stays 0 in the handler. */
	vi->evtchn_upcall_mask = 0;
	run("bp_unmasked", probe_int3, 0, 0,
	    &(struct expect){ .vector = X86_EXC_BP, .trap = true, .mask = 0 });
	check_eq("bp_unmasked.mask_in_handler", ex_last.mask_in_handler, 0);
	check_eq("bp_unmasked.mask_after", vi->evtchn_upcall_mask, 0);

	/* Interrupt gate: masked on entry, unmasked again by the iret. */
	check_eq("set_trap_table.bp_masking",
		 (uint64_t)trap_set(X86_EXC_BP, 3 | TI_EVENTS_MASKED), 0);
	run("bp_masking", probe_int3, 0, 0,
	    &(struct expect){ .vector = X86_EXC_BP, .trap = true, .mask = 0 });
	check_eq("bp_masking.mask_in_handler", ex_last.mask_in_handler, 1);
	check_eq("bp_masking.mask_after", vi->evtchn_upcall_mask, 0);
	vi->evtchn_upcall_mask = 1;
	trap_set(X86_EXC_BP, 3);
}

void test_main(void)
{
	test_faults();
	test_pf_exec();
	test_soft_int();
	test_event_mask();
}
