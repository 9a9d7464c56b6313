/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupt vectors the hypervisor uses and their dispatch. */
#ifndef HV_IRQ_H
#define HV_IRQ_H

#include <hv/regs.h>

#define TIMER_VECTOR    0xf0
#define SPURIOUS_VECTOR 0xff

void do_irq(struct cpu_user_regs *regs);

#endif
