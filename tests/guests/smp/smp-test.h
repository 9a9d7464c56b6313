/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What vCPU 0 and the APs of the smp kernel share: one mailbox per AP.
 * vCPU 0 writes a command and its arguments, bumps `seq` and sends the
 * AP's IPI port; the AP, waiting in SCHEDOP_poll on that port, runs the
 * command, writes the results, sets `ack = seq` and (unless the command
 * says otherwise) sends vCPU 0's IPI port. Only vCPU 0 prints.
 */
#ifndef SMP_TEST_H
#define SMP_TEST_H

#include "lib.h"
#include "evtchn.h"
#include "smp.h"

#define MS 1000000UL
#define US 1000UL

enum ap_cmd {
	CMD_PING,		/* res[0] = vCPU id, res[1] = its clock */
	CMD_RING,		/* arg[0] rounds, arg[1] next port: see ap.c */
	CMD_WAIT_PORT,		/* arg[0] port, arg[1] deadline: see ap.c */
	CMD_BIND_TIMER,		/* res[0] = rc, res[1] = VIRQ_TIMER port */
	CMD_SINGLESHOT,		/* arg[0] timer port, arg[1] delay: see ap.c */
	CMD_TICKS,		/* arg[0] port, arg[1] ticks, arg[2] ns: see ap.c */
	CMD_SPIN,		/* arg[0] ns: busy, res[0] = clock at the end */
	CMD_SPIN_UNTIL_STOP,	/* res[0] counts up until arg[1] != 0 */
};

struct ap {
	volatile uint32_t seq, ack;	/* command posted / done */
	volatile uint32_t ready;	/* = seq once a long command is under way */
	volatile uint32_t cmd;
	volatile uint64_t arg[3];
	volatile uint64_t res[4];
	volatile uint32_t hello;	/* set once the AP runs its C code */
	volatile uint32_t port;		/* its IPI, bound by itself */
	volatile long bind_rc;
	volatile uint8_t mask_at_start;	/* its evtchn_upcall_mask */
	volatile int64_t clock_skew;	/* its clock - vCPU 0's record, ns */
	volatile uint32_t own_clock;	/* its vcpu_time_info has a scale */
	volatile uint64_t polls;	/* SCHEDOP_poll calls returned */
};

extern struct ap aps[SMP_MAX_VCPUS];
extern uint32_t port0;			/* vCPU 0's IPI */

void ap_main(unsigned int vcpu);

static inline volatile struct vcpu_info *vi_of(unsigned int vcpu)
{
	return &shared_info->vcpu_info[vcpu];
}

/* Forget what the hypervisor flagged in a vcpu_info (events stay masked). */
static inline void vi_clear(volatile struct vcpu_info *vi)
{
	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
}

#endif /* SMP_TEST_H */
