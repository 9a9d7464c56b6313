// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCHEDOP_watchdog with Xen's semantics: id 0 takes the first free slot,
 * arms it for `timeout` seconds and returns its id (1-based) or -ENOSPC
 * (as a 32-bit value, see below);
 * a known id with a timeout re-arms it, with timeout 0 frees it; an id
 * beyond the slots or not in use is -EINVAL.
 */
#include <hv/lib.h>
#include <hv/errno.h>
#include <hv/domain.h>
#include <hv/watchdog.h>
#include <public/sched.h>

static void watchdog_fired(void *data)
{
	struct watchdog_slot *s = data;
	struct domain *d = s->domain;

	if (d->is_shutting_down || d->is_dying)
		return;
	printk("watchdog timer %u fired for domain %u\n", s->id, d->domain_id);
	domain_shutdown(d, SHUTDOWN_watchdog);
}

void watchdog_domain_init(struct domain *d)
{
	for (unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++) {
		struct watchdog_slot *s = &d->watchdog.slot[i];

		s->domain = d;
		s->id = i + 1;
		init_timer(&s->timer, watchdog_fired, s);
	}
	d->watchdog.inuse = 0;
}

void watchdog_domain_destroy(struct domain *d)
{
	for (unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		stop_timer(&d->watchdog.slot[i].timer);
	d->watchdog.inuse = 0;
}

long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout_s)
{
	struct domain_watchdog *w = &d->watchdog;
	unsigned int i;

	if (id > NR_DOMAIN_WATCHDOG_TIMERS)
		return -EINVAL;
	if (id == 0) {
		for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
			if (!(w->inuse & (1u << i)))
				break;
		/*
		 * Xen 4.17 computes this result in 32-bit unsigned arithmetic,
		 * so a guest sees -ENOSPC zero-extended (4294967268). Guests
		 * are written against that, so it is kept.
		 */
		if (i == NR_DOMAIN_WATCHDOG_TIMERS)
			return (long)(uint32_t)-ENOSPC;
		w->inuse |= 1u << i;
		set_timer(&w->slot[i].timer, NOW() + SECONDS(timeout_s));
		return i + 1;
	}
	i = id - 1;
	if (!(w->inuse & (1u << i)))
		return -EINVAL;
	if (timeout_s == 0) {
		stop_timer(&w->slot[i].timer);
		w->inuse &= ~(1u << i);
	} else {
		set_timer(&w->slot[i].timer, NOW() + SECONDS(timeout_s));
	}
	return 0;
}
