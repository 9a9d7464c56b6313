/* SPDX-License-Identifier: MIT */
/* sched_op sub-operations (hypercall 29) and shutdown reasons. */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include <stdint.h>

#define SCHEDOP_yield           0
#define SCHEDOP_block           1 /* sleep until an event; unmasks events */
#define SCHEDOP_shutdown        2 /* struct sched_shutdown */
#define SCHEDOP_poll            3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5 /* record a reason without shutting down */
#define SCHEDOP_watchdog        6
#define SCHEDOP_pin_override    7

struct sched_shutdown {
	uint32_t reason;
};

/*
 * SCHEDOP_poll: sleep until one of nr_ports (at most 128) ports in the
 * array `ports` is pending, an upcall becomes deliverable, or the absolute
 * system time `timeout` passes (0 = no timeout). Events are not unmasked.
 */
struct sched_poll {
	uint64_t ports;         /* guest VA of evtchn_port_t[nr_ports] */
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;
};

struct sched_remote_shutdown {
	uint16_t domain_id;
	uint16_t pad;
	uint32_t reason;
};

/* SCHEDOP_watchdog: id 0 allocates; timeout in seconds, 0 frees. */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

#endif
