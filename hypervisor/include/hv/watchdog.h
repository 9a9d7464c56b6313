/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-domain watchdogs (SCHEDOP_watchdog): a guest arms up to two timers
 * and keeps pushing them back; one that expires shuts the domain down
 * with SHUTDOWN_watchdog, which is how a hung guest gets restarted by its
 * toolstack.
 */
#ifndef HV_WATCHDOG_H
#define HV_WATCHDOG_H

#include <stdint.h>
#include <hv/timer.h>

#define NR_DOMAIN_WATCHDOG_TIMERS 2

struct domain;

struct watchdog_slot {
	struct timer timer;
	struct domain *domain;
	unsigned int id;                /* 1-based, as the guest names it */
};

struct domain_watchdog {
	struct watchdog_slot slot[NR_DOMAIN_WATCHDOG_TIMERS];
	unsigned int inuse;             /* bit i: slot i is armed */
};

void watchdog_domain_init(struct domain *d);
void watchdog_domain_destroy(struct domain *d);
long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout_s);

#endif
