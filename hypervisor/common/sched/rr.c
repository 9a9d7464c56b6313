// SPDX-License-Identifier: GPL-2.0-only
/* Round-robin policy: one FIFO of runnable vCPUs, time slices from the tick. */
#include <hv/lib.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <public/sysctl.h>

static LIST_HEAD(runq);

static void rr_insert(struct vcpu *v)
{
	if (!v->runq_elem.next)
		list_add_tail(&v->runq_elem, &runq);
}

static void rr_remove(struct vcpu *v)
{
	if (v->runq_elem.next)
		list_del(&v->runq_elem);
}

static struct vcpu *rr_pick_next(struct vcpu *prev, bool prev_runnable)
{
	struct vcpu *next;

	if (prev_runnable)
		rr_insert(prev);
	if (list_empty(&runq))
		return NULL;
	next = list_first_entry(&runq, struct vcpu, runq_elem);
	rr_remove(next);
	return next;
}

const struct scheduler_ops sched_rr_ops = {
	.name = "round-robin",
	/*
	 * Reported as Xen's credit scheduler, the one toolstacks assume by
	 * default, until the credit policy (weights and caps) replaces it.
	 */
	.sched_id = XEN_SCHEDULER_CREDIT,
	.insert = rr_insert,
	.remove = rr_remove,
	.pick_next = rr_pick_next,
};
