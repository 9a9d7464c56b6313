// SPDX-License-Identifier: GPL-2.0-only
/* Softirqs: timer expiry and rescheduling, run with interrupts disabled. */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/softirq.h>
#include <hv/timer.h>
#include <hv/sched.h>

void raise_softirq(unsigned int nr)
{
	get_cpu_info()->softirq_pending |= 1UL << nr;
}

bool softirq_pending(void)
{
	return get_cpu_info()->softirq_pending != 0;
}

void do_softirqs(void)
{
	struct cpu_info *ci = get_cpu_info();

	while (ci->softirq_pending) {
		if (ci->softirq_pending & (1UL << TIMER_SOFTIRQ)) {
			ci->softirq_pending &= ~(1UL << TIMER_SOFTIRQ);
			timer_softirq();
			continue;
		}
		if (ci->softirq_pending & (1UL << SCHEDULE_SOFTIRQ)) {
			ci->softirq_pending &= ~(1UL << SCHEDULE_SOFTIRQ);
			schedule();   /* may not return: switches stacks */
		}
	}
}
