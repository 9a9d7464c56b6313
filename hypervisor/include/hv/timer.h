/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers on system time (ns since boot), fired from the local
 * APIC timer interrupt. Callbacks run with interrupts disabled.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <stdint.h>
#include <stdbool.h>

typedef int64_t s_time_t;

struct timer {
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	bool active;
	struct timer *next;            /* sorted singly linked list per CPU */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void timer_softirq(void);
/* The earliest timer is due: its softirq is raised, and true. */
bool timer_check_due(void);

s_time_t NOW(void);
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)

#endif
