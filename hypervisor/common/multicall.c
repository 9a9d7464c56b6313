// SPDX-License-Identifier: GPL-2.0-only
/*
 * multicall: a guest's array of hypercalls {op, result, args[6]} run one
 * after another through the hypercall table, each result stored back into
 * its entry, as Xen 4.17 does:
 *  - a list that does not start in guest space, or an entry that cannot
 *    be read or whose result cannot be written, stops the batch with
 *    -EFAULT (earlier entries have run);
 *  - an unknown op gets -ENOSYS as its result and the batch goes on;
 *  - a multicall inside a multicall gets -EINVAL;
 *  - iret ends the batch with its own result; a call that leaves guest
 *    kernel mode ends it too (Xen would resume the rest later);
 *  - a long batch is split: after MULTICALL_BATCH entries the guest's
 *    `syscall` is made to run again on the rest, so timers and other
 *    vCPUs are not held off (Xen's continuation, done the same way).
 * Only the result field is written; the rest of each entry is left as the
 * guest wrote it.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/pv-cpu.h>
#include <public/xen.h>

BUILD_BUG_ON(sizeof(struct multicall_entry) != 64);

/* Entries run per hypercall before the rest is left for a continuation. */
#define MULTICALL_BATCH 256

/*
 * Let pending work (timers, other vCPUs) in: the guest's `syscall` runs
 * again, as multicall on the entries not done yet. The return value
 * becomes %rax for that re-executed instruction.
 */
static long multicall_continue(unsigned long list, uint32_t left)
{
	return hypercall_continue_args(HYPERCALL_multicall, list, left);
}

long do_multicall(unsigned long call_list, unsigned long nr_arg)
{
	struct vcpu *v = current;
	uint32_t nr = (uint32_t)nr_arg;
	long rc = 0;

	if (v->arch.pv.in_multicall) {
		gprintk(LOG_INFO, "multicall re-entry is not allowed\n");
		return -EINVAL;
	}
	/* Only where the list starts is checked up front, as in Xen. */
	if (nr && !guest_range_ok(call_list, 1))
		return -EFAULT;
	v->arch.pv.in_multicall = true;
	for (uint32_t i = 0; i < nr; i++) {
		unsigned long entry = call_list + (unsigned long)i * sizeof(struct multicall_entry);
		struct multicall_entry mc;
		const struct hypercall_entry *e;

		if (i && !(i % MULTICALL_BATCH)) {
			rc = multicall_continue(entry, nr - i);
			break;
		}

		if (copy_from_guest(&mc, entry, sizeof(mc))) {
			rc = -EFAULT;
			break;
		}
		e = hypercall_lookup(mc.op);
		if (e) {
			hypercall_counts[mc.op]++;
			mc.result = e->fn((const unsigned long *)mc.args);
		} else {
			mc.result = -ENOSYS;
		}
		if (copy_to_guest(entry + offsetof(struct multicall_entry, result),
				  &mc.result, sizeof(mc.result))) {
			rc = -EFAULT;
			break;
		}
		if (mc.op == HYPERCALL_iret) {
			rc = mc.result;
			break;
		}
		if (!guest_kernel_mode(v) || v->domain->is_shutting_down)
			break;
	}
	v->arch.pv.in_multicall = false;
	return rc;
}
