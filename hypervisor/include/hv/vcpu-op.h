/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op and set_timer_op (common/vcpu-op.c): per-vCPU timers raising
 * VIRQ_TIMER, runstate accounting and the guest's copy of it, and the
 * registered vcpu_info and time areas.
 */
#ifndef HV_VCPU_OP_H
#define HV_VCPU_OP_H

#include <hv/domain.h>

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg);
long do_set_timer_op(unsigned long timeout);

/* vCPU life cycle: timers and the runstate clock; registered frames. */
void vcpu_op_init(struct vcpu *v);
void vcpu_op_destroy(struct vcpu *v);

/* The runstate with the current state's time counted up to now. */
struct vcpu_runstate_info;
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *ri);

/* Every change of v->runstate goes through here (time accounting). */
void vcpu_runstate_change(struct vcpu *v, enum runstate new_state);

/*
 * Context-switch hooks. vcpu_switch_out() runs while prev's page tables
 * are still loaded, vcpu_switch_in() once next's are (and after its
 * vcpu_time_info was refreshed). Both ignore the idle vCPU.
 */
void vcpu_switch_out(struct vcpu *prev);
void vcpu_switch_in(struct vcpu *next);

#endif
