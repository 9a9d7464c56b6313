// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trap table and the C side of exception handling: decode the bounce frame,
 * record it in ex_last, pick where to resume and build the iret_context.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"

/* What trap_common pushed, lowest address first, then the bounce frame. */
struct trap_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, has_ec;
	uint64_t frame[];
};

struct extable_entry {
	uint64_t insn, fixup;
};

extern char trap_stubs[];
extern const struct extable_entry __ex_table_start[], __ex_table_end[];

struct exinfo ex_last;
uint64_t hypercall_iret_entry;

/* exec_safe(): a #PF whose RIP is this address returns to the caller. */
static uint64_t exec_target;
static unsigned int trap_depth;

uint64_t trap_stub(unsigned int vector)
{
	return (uint64_t)trap_stubs + 16 * (uint64_t)(vector & 0xff);
}

/* What vCPU 0's virtual IDT holds, by vector: traps_init() and trap_set(). */
static struct trap_info vcpu0_traps[256];

long trap_set(unsigned int vector, unsigned int flags)
{
	struct trap_info t[2] = {
		{ .vector = (uint8_t)vector, .flags = (uint8_t)flags,
		  .cs = FLAT_KERNEL_CS, .address = trap_stub(vector) },
		{ 0 },
	};
	long rc = hv_set_trap_table(t);

	if (!rc)
		vcpu0_traps[vector & 0xff] = t[0];
	return rc;
}

void traps_init(void)
{
	static struct trap_info table[33];
	long rc;

	for (unsigned int v = 0; v < 32; v++) {
		table[v].vector = (uint8_t)v;
		/* int3 and into are DPL-checked instructions: allow them. */
		table[v].flags = (v == X86_EXC_BP || v == X86_EXC_OF) ? 3 : 0;
		table[v].cs = FLAT_KERNEL_CS;
		table[v].address = trap_stub(v);
	}
	rc = hv_set_trap_table(table);
	if (rc)
		panic("set_trap_table: %ld", rc);
	memcpy(vcpu0_traps, table, 32 * sizeof(table[0]));
}

void traps_copy(struct trap_info ctxt[256])
{
	memcpy(ctxt, vcpu0_traps, sizeof(vcpu0_traps));
}

void exinfo_reset(void)
{
	memset(&ex_last, 0, sizeof(ex_last));
}

static uint64_t extable_find(uint64_t rip)
{
	for (const struct extable_entry *e = __ex_table_start;
	     e < __ex_table_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

static bool resumes_after(unsigned int vector)
{
	/* Trap-type events: the frame's RIP is the next instruction. */
	return vector == X86_EXC_BP || vector == X86_EXC_OF || vector >= 32;
}

uint64_t *trap_handler(struct trap_regs *r);
uint64_t *trap_handler(struct trap_regs *r)
{
	uint64_t *f = r->frame, *iret, resume, rsp, fixup;
	struct exinfo e = { 0 };
	unsigned int n = 0;

	e.taken = true;
	e.count = ex_last.count + 1;
	e.vector = (unsigned int)r->vector;
	e.has_ec = r->has_ec;
	e.frame = (uint64_t)f;
	e.rcx = f[n++];
	e.r11 = f[n++];
	if (e.has_ec)
		e.ec = f[n++];
	e.rip = f[n];
	e.cs = f[n + 1];
	e.rflags = f[n + 2];
	e.rsp = f[n + 3];
	e.ss = f[n + 4];
	e.mask_in_handler = shared_info->vcpu_info[0].evtchn_upcall_mask;
	if (e.vector == X86_EXC_PF)
		e.cr2 = shared_info->vcpu_info[0].cr2;
	ex_last = e;

	if (trap_depth++) {
		printf("TEST nested-exception: FAIL vector %u rip %#lx\n",
		       e.vector, e.rip);
		hv_shutdown(SHUTDOWN_crash);
	}

	resume = e.rip;
	rsp = e.rsp;
	fixup = extable_find(e.rip);
	if (fixup) {
		resume = fixup;
	} else if (exec_target && e.rip == exec_target &&
		   e.vector == X86_EXC_PF) {
		/* Emulate the `ret` of the function we failed to enter. */
		resume = *(uint64_t *)rsp;
		rsp += 8;
		exec_target = 0;
	} else if (!resumes_after(e.vector)) {
		test_fail("unexpected-exception",
			  "vector %u ec %#lx rip %#lx cs %#lx rflags %#lx rsp %#lx ss %#lx cr2 %#lx",
			  e.vector, e.ec, e.rip, e.cs, e.rflags, e.rsp, e.ss, e.cr2);
		report_finish();
		hv_shutdown(SHUTDOWN_poweroff);
	}

	/* The iret_context ends with the frame's own RIP..SS slots. */
	iret = &f[n] - 4;
	iret[0] = r->rax;
	iret[1] = e.r11;
	iret[2] = e.rcx;
	iret[3] = 0;		/* flags: restore rcx/r11 too */
	iret[4] = resume;
	iret[5] = e.cs;
	iret[6] = e.rflags;
	iret[7] = rsp;
	iret[8] = e.ss;
	trap_depth--;
	return iret;
}

struct exinfo read_safe(const volatile void *addr, uint64_t *val)
{
	uint64_t v = ~0UL;

	exinfo_reset();
	asm volatile("1: mov (%[a]), %[v]\n"
		     "2:\n"
		     _EXTABLE(1b, 2b)
		     : [v] "+r"(v)
		     : [a] "r"(addr)
		     : "memory");
	if (val)
		*val = v;
	return ex_last;
}

struct exinfo write_safe(volatile void *addr, uint64_t val)
{
	exinfo_reset();
	asm volatile("1: mov %[v], (%[a])\n"
		     "2:\n"
		     _EXTABLE(1b, 2b)
		     :
		     : [a] "r"(addr), [v] "r"(val)
		     : "memory");
	return ex_last;
}

struct exinfo exec_safe(const void *addr)
{
	exinfo_reset();
	exec_target = (uint64_t)addr;
	((void (*)(void))addr)();
	exec_target = 0;
	return ex_last;
}
