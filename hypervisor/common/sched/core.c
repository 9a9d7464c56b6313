// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduler core: which vCPU runs next, blocking and waking, and the
 * sched_op hypercall. One physical CPU for now; every path runs with
 * interrupts disabled, which is its only lock.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <hv/guest_access.h>
#include <hv/event.h>
#include <hv/vcpu-op.h>
#include <public/sched.h>

static const struct scheduler_ops *ops = &sched_rr_ops;

/* A short history of scheduling decisions, shown by the debug key. */
#define SCHED_TRACE 64
static struct { s_time_t t; char what; int8_t v, state, other; } sched_trace[SCHED_TRACE];
static unsigned int sched_trace_n;

static void trace(char what, const struct vcpu *v, int other)
{
	unsigned int i = sched_trace_n++ % SCHED_TRACE;

	sched_trace[i].t = NOW();
	sched_trace[i].what = what;
	sched_trace[i].v = v->is_idle ? -1 : (int8_t)v->vcpu_id;
	sched_trace[i].state = (int8_t)v->runstate;
	sched_trace[i].other = (int8_t)other;
}

void sched_dump_trace(void)
{
	unsigned int first = sched_trace_n > SCHED_TRACE ? sched_trace_n - SCHED_TRACE : 0;

	for (unsigned int n = first; n < sched_trace_n; n++) {
		unsigned int i = n % SCHED_TRACE;

		printk("  sched %ld %c v%d state %d other %d\n", (long)sched_trace[i].t,
		       sched_trace[i].what, sched_trace[i].v, sched_trace[i].state,
		       sched_trace[i].other);
	}
}
static struct vcpu *idle_vcpu0;

/*
 * Rate limit (Xen's sched_ratelimit_us, 1 ms by default): a runnable vCPU
 * that has run for less than this keeps the CPU at a scheduling point
 * (a wake-up, a timer interrupt) unless it yields; the timer below ends
 * the grace. A vCPU that wakes another and then blocks at once (a send
 * followed by a poll, an IPI before a block) hands the CPU over without a
 * detour through the run queue, and a vCPU that was just given the CPU
 * by a yield runs before the next interrupt can take it away.
 */
#define SCHED_RATELIMIT MICROSECS(1000)
static struct timer ratelimit_timer;
static bool yield_requested;

/* Its interrupt is the scheduling point; nothing else to do here. */
static void ratelimit_expired(void *data)
{
	(void)data;
}

bool vcpu_runnable(const struct vcpu *v)
{
	return !v->is_idle && !v->pause_flags && !v->domain->is_shut_down &&
	       !v->domain->is_dying && v->domain->controller_pause_count <= 0;
}

void vcpu_wake(struct vcpu *v)
{
	trace('w', v, (int)v->pause_flags);
	if (v->runstate != RUNSTATE_blocked && v->runstate != RUNSTATE_offline)
		return;
	if (!vcpu_runnable(v)) {
		/* Woken while down: no longer blocked, but not running either. */
		if (v->runstate == RUNSTATE_blocked && !(v->pause_flags & VPF_blocked))
			vcpu_runstate_change(v, RUNSTATE_offline);
		return;
	}
	vcpu_runstate_change(v, RUNSTATE_runnable);
	ops->insert(v);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_sleep(struct vcpu *v)
{
	trace('s', v, (int)v->pause_flags);
	/*
	 * Only a queued vCPU changes state here (a running one does when it
	 * is switched out): one that is blocked stays blocked even when taken
	 * down, until something wakes it (vcpu_wake), as Xen accounts it.
	 */
	if (v->runstate == RUNSTATE_runnable) {
		ops->remove(v);
		vcpu_runstate_change(v, v->pause_flags & VPF_blocked ? RUNSTATE_blocked
								    : RUNSTATE_offline);
	}
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void schedule(void)
{
	struct vcpu *prev = current, *next;
	bool prev_runnable = !prev->is_idle && vcpu_runnable(prev);
	s_time_t grace_end = prev->runstate_entry_time + SCHED_RATELIMIT;

	if (prev_runnable && !yield_requested && NOW() < grace_end) {
		set_timer(&ratelimit_timer, grace_end);
		return;
	}
	yield_requested = false;
	next = ops->pick_next(prev, prev_runnable);
	if (!next)
		next = idle_vcpu0;
	trace('S', prev, next->is_idle ? -1 : (int)next->vcpu_id);
	if (next == prev)
		return;
	if (!prev->is_idle) {
		if (prev_runnable) {
			vcpu_runstate_change(prev, RUNSTATE_runnable);
		} else {
			vcpu_runstate_change(prev, prev->pause_flags & VPF_blocked ?
						   RUNSTATE_blocked : RUNSTATE_offline);
		}
	}
	vcpu_runstate_change(next, RUNSTATE_running);
	context_switch(prev, next);
}

unsigned int sched_id(void)
{
	return ops->sched_id;
}

void scheduler_init(void)
{
	struct domain *idle = idle_domain();

	idle_vcpu0 = idle->vcpu[0];
	init_timer(&ratelimit_timer, ratelimit_expired, NULL);
	idle_vcpu0->is_idle = true;
	idle_vcpu0->runstate = RUNSTATE_running;
	get_cpu_info()->curr_vcpu = idle_vcpu0;
	printk("Scheduler: %s\n", ops->name);
}

void __noreturn scheduler_start(void)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
	idle_loop();
}

void __noreturn idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		if (softirq_pending()) {
			do_softirqs();
			continue;
		}
		safe_halt();
	}
}

static long sched_block(void)
{
	struct vcpu *v = current;

	/* Blocking unmasks events; an event already pending means no sleep. */
	v->vcpu_info->evtchn_upcall_mask = 0;
	if (v->vcpu_info->evtchn_upcall_pending)
		return 0;
	v->pause_flags |= VPF_blocked;
	vcpu_sleep(v);
	return 0;
}

long do_sched_op(unsigned long cmd, unsigned long arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case SCHEDOP_yield:
		yield_requested = true;
		raise_softirq(SCHEDULE_SOFTIRQ);
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.reason > SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(v->domain, s.reason);
		return 0;
	}
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.reason > SHUTDOWN_MAX)
			return -EINVAL;
		v->domain->shutdown_code = s.reason;
		return 0;
	}
	case SCHEDOP_poll:
		return do_sched_poll(arg);
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown s;
		struct domain *d;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		d = domain_by_id(s.domain_id);
		if (!d)
			return -ESRCH;
		if (!v->domain->is_privileged)
			return -EPERM;
		if (s.reason > SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(d, s.reason);
		return 0;
	}
	case SCHEDOP_watchdog: {
		struct sched_watchdog w;

		if (copy_from_guest(&w, arg, sizeof(w)))
			return -EFAULT;
		return domain_watchdog(v->domain, w.id, w.timeout);
	}
	default:
		return -ENOSYS;
	}
}
