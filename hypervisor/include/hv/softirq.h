/* SPDX-License-Identifier: GPL-2.0-only */
/* Deferred work run on the way back to a guest or in the idle loop. */
#ifndef HV_SOFTIRQ_H
#define HV_SOFTIRQ_H

#define TIMER_SOFTIRQ    0
#define SCHEDULE_SOFTIRQ 1
#define NR_SOFTIRQS      2

void raise_softirq(unsigned int nr);
void do_softirqs(void);
bool softirq_pending(void);

#endif
