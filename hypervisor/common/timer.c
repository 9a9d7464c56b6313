// SPDX-License-Identifier: GPL-2.0-only
/*
 * Software timers: a sorted list per CPU, the local APIC programmed for the
 * earliest one, or a 10 ms housekeeping tick (console input, time slices).
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/timer.h>
#include <hv/time.h>
#include <hv/irq.h>
#include <hv/softirq.h>
#include <hv/console.h>
#include <hv/current.h>

#define HOUSEKEEPING_PERIOD MILLISECS(10)

static struct timer *timer_list;

void init_timer(struct timer *t, void (*fn)(void *), void *data)
{
	t->fn = fn;
	t->data = data;
	t->active = false;
	t->next = NULL;
	t->expires = 0;
}

static void remove_timer(struct timer *t)
{
	for (struct timer **pp = &timer_list; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->active = false;
	t->next = NULL;
}

static void reprogram(void)
{
	s_time_t next = NOW() + HOUSEKEEPING_PERIOD;

	if (timer_list && timer_list->expires < next)
		next = timer_list->expires;
	lapic_set_oneshot(next);
}

void set_timer(struct timer *t, s_time_t expires)
{
	unsigned long flags = local_irq_save();
	struct timer **pp;

	if (t->active)
		remove_timer(t);
	t->expires = expires;
	for (pp = &timer_list; *pp && (*pp)->expires <= expires; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->active = true;
	if (timer_list == t)
		reprogram();
	local_irq_restore(flags);
}

void stop_timer(struct timer *t)
{
	unsigned long flags = local_irq_save();

	if (t->active)
		remove_timer(t);
	local_irq_restore(flags);
}

/*
 * Interrupts are off in the hypervisor, so a timer that fell due during a
 * long hypercall has its interrupt waiting: raise its softirq now, to be
 * run on the way back to the guest.
 */
bool timer_check_due(void)
{
	if (!timer_list || timer_list->expires > NOW())
		return false;
	raise_softirq(TIMER_SOFTIRQ);
	return true;
}

void timer_softirq(void)
{
	s_time_t now = NOW();

	while (timer_list && timer_list->expires <= now) {
		struct timer *t = timer_list;

		remove_timer(t);
		t->fn(t->data);
	}
	console_poll_input();
	reprogram();
}

void do_irq(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	switch (vec) {
	case TIMER_VECTOR:
		lapic_eoi();
		raise_softirq(TIMER_SOFTIRQ);
		raise_softirq(SCHEDULE_SOFTIRQ);
		break;
	case SPURIOUS_VECTOR:
		break;
	default:
		if (vec >= 0x30)
			lapic_eoi();
		printk_lvl(LOG_WARN, "unexpected interrupt vector %u\n", vec);
		break;
	}
}
