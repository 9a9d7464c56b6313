/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall wrappers. A PV64 guest kernel makes a hypercall with `syscall`
 * while in guest-kernel mode: rax = number, arguments in rdi, rsi, rdx, r10,
 * r8; the result comes back in rax. `syscall` itself clobbers rcx and r11.
 * The argument registers are treated as clobbered too, because a debug
 * hypervisor may scribble on them.
 */
#ifndef TK_HYPERCALL_H
#define TK_HYPERCALL_H

#include <stdint.h>
#include "abi.h"

static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret;

	asm volatile("syscall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : "0"(nr)
		     : "rcx", "r11", "memory");
	return ret;
}

#define hypercall0(nr) hypercall5(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a) hypercall5(nr, (unsigned long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b) \
	hypercall5(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c) \
	hypercall5(nr, (unsigned long)(a), (unsigned long)(b), \
		   (unsigned long)(c), 0, 0)

static inline long hv_console_io(unsigned int cmd, unsigned int count,
				 const void *buf)
{
	return hypercall3(HYPERCALL_console_io, cmd, count, buf);
}

static inline long hv_xen_version(int cmd, void *arg)
{
	return hypercall2(HYPERCALL_xen_version, cmd, arg);
}

static inline long hv_sched_op(int cmd, void *arg)
{
	return hypercall2(HYPERCALL_sched_op, cmd, arg);
}

static inline long hv_set_trap_table(const struct trap_info *table)
{
	return hypercall1(HYPERCALL_set_trap_table, table);
}

static inline long hv_set_callbacks(unsigned long event,
				    unsigned long failsafe,
				    unsigned long syscall)
{
	return hypercall3(HYPERCALL_set_callbacks, event, failsafe, syscall);
}

static inline long hv_callback_op(int cmd, const void *arg)
{
	return hypercall2(HYPERCALL_callback_op, cmd, arg);
}

static inline long hv_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall2(HYPERCALL_vm_assist, cmd, type);
}

static inline long hv_stack_switch(unsigned long ss, unsigned long sp)
{
	return hypercall2(HYPERCALL_stack_switch, ss, sp);
}

static inline long hv_update_va_mapping(unsigned long va, uint64_t pte,
					unsigned long flags)
{
	return hypercall3(HYPERCALL_update_va_mapping, va, pte, flags);
}

/*
 * HYPERVISOR_iret with a caller-built frame: never returns here; execution
 * continues at frame->rip with rsp = frame->rsp. Defined in traps.S.
 */
void hv_iret(const struct iret_context *frame) __attribute__((noreturn));

/* Shut the domain down with a SHUTDOWN_* reason; does not return. */
void hv_shutdown(unsigned int reason) __attribute__((noreturn));

#endif /* TK_HYPERCALL_H */
