/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scheduler core and its policy interface. The core owns vCPU states
 * (blocked, runnable, offline) and context switches; a policy only orders
 * runnable vCPUs (sched/rr.c now; a credit policy with weights and caps
 * plugs into the same hooks).
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <stdbool.h>

struct vcpu;
struct domain;

struct scheduler_ops {
	const char *name;
	unsigned int sched_id;
	void (*insert)(struct vcpu *v);       /* became runnable */
	void (*remove)(struct vcpu *v);       /* no longer runnable */
	struct vcpu *(*pick_next)(struct vcpu *prev, bool prev_runnable);
};

extern const struct scheduler_ops sched_rr_ops;

void scheduler_init(void);
/* The policy's id as sysctl sched_id reports it (XEN_SCHEDULER_*). */
unsigned int sched_id(void);
void __attribute__((noreturn)) scheduler_start(void);
void schedule(void);
void vcpu_wake(struct vcpu *v);
void vcpu_sleep(struct vcpu *v);
bool vcpu_runnable(const struct vcpu *v);
long do_sched_op(unsigned long cmd, unsigned long arg);
void __attribute__((noreturn)) idle_loop(void);
void __attribute__((noreturn)) context_switch(struct vcpu *prev, struct vcpu *next);

#endif
