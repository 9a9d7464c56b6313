/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall table. */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <stdint.h>
#include <stdbool.h>

typedef long (*hypercall_fn_t)(const unsigned long *args);

struct hypercall_entry {
	hypercall_fn_t fn;
	uint8_t nargs;
};

const struct hypercall_entry *hypercall_lookup(unsigned long nr);
extern unsigned long hypercall_counts[];
long do_xen_version(unsigned long cmd, unsigned long arg);
void hypercall_print_counts(void);

/*
 * Continuations. A long operation records its progress and returns
 * hypercall_continue(nr): the guest's `syscall` runs again with the same
 * registers, so that pending work (timers, other vCPUs) runs in between.
 * Inside a multicall that is not possible (hypercall_can_continue() is
 * false): the caller then finishes the work there and then.
 */
bool hypercall_can_continue(void);
long hypercall_continue(unsigned int nr);
/* The same, with the call's first two arguments replaced (progress made). */
long hypercall_continue_args(unsigned int nr, unsigned long a0, unsigned long a1);
/*
 * Whether a long operation should stop and continue: a timer is due or a
 * softirq pending (interrupts stay off in the hypervisor, so this is
 * polled), or the caller has an event to take. Always false where a
 * continuation is impossible. Callers ask only after some progress, so
 * every call gets somewhere.
 */
bool hypercall_preempt_check(void);
long do_domctl(unsigned long arg);
long do_sysctl(unsigned long arg);

#endif
