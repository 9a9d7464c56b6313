/* SPDX-License-Identifier: GPL-2.0-only */
/* Event-channel delivery hooks used by the scheduler and the PV layer. */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <stdbool.h>

struct vcpu;

long do_sched_poll(unsigned long arg);
/* Mark an upcall pending on v and wake it if blocked. */
void vcpu_mark_events_pending(struct vcpu *v);
/* An upcall is pending for v and not masked: it is taken on the way back. */
bool local_events_need_delivery(const struct vcpu *v);

#endif
