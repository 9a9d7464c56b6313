/* SPDX-License-Identifier: GPL-2.0-only */
/* Event-channel delivery hooks used by the scheduler and the PV layer. */
#ifndef HV_EVENT_H
#define HV_EVENT_H

struct vcpu;

long do_sched_poll(unsigned long arg);
/* Mark an upcall pending on v and wake it if blocked. */
void vcpu_mark_events_pending(struct vcpu *v);

#endif
