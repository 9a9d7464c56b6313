/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, vCPU ops and time for the test kernels: the slice of
 * Xen 4.17's event_channel_op, vcpu_op, set_timer_op and SCHEDOP_poll ABI
 * they use (numbers and layouts are ABI facts, the text is ours), and the
 * library's event side (lib/events.c, lib/events.S):
 *
 *  - events_init() registers an event callback. The hypervisor enters it
 *    with the exception frame minus the error code (RCX, R11, RIP, CS with
 *    the saved upcall mask in bits 32-39, RFLAGS, RSP, SS) and events
 *    masked; the stub saves the registers, runs the demultiplexer below and
 *    returns with HYPERVISOR_iret, which restores the mask from RFLAGS.IF.
 *  - The 2-level demultiplexer clears upcall_pending, takes the selector
 *    (xchg), and for each word clears and counts the pending, unmasked
 *    ports. The FIFO one (after events_use_fifo()) takes `ready`, walks the
 *    queues from their heads and unlinks each word.
 *  - Everything an upcall saw is in `upcalls`, for the tests to check.
 */
#ifndef TK_EVTCHN_H
#define TK_EVTCHN_H

#include <stdint.h>
#include <stdbool.h>
#include "lib.h"
#include "hypercall.h"

#define HYPERCALL_set_timer_op      15
#define HYPERCALL_vcpu_op           24
#define HYPERCALL_event_channel_op  32

#ifndef DOMID_SELF
#define DOMID_SELF 0x7ff0
#endif

/* More guest-visible errno values. */
#define ENXIO       6
#define EACCES     13
#define EEXIST     17
#define ETIME      62
#define EOPNOTSUPP 95

/* event_channel_op */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13

#define VIRQ_TIMER    0
#define VIRQ_DEBUG    1
#define VIRQ_CONSOLE  2
#define VIRQ_DOM_EXC  3
#define VIRQ_XENOPROF 7
#define VIRQ_XENPMU  13
#define VIRQ_ARCH_0  16
#define NR_VIRQS     24

#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port;			/* OUT */
};
struct evtchn_bind_interdomain {
	uint16_t remote_dom;
	uint16_t pad;
	uint32_t remote_port;
	uint32_t local_port;		/* OUT */
};
struct evtchn_bind_virq {
	uint32_t virq, vcpu;
	uint32_t port;			/* OUT */
};
struct evtchn_bind_ipi {
	uint32_t vcpu;
	uint32_t port;			/* OUT */
};
struct evtchn_port_arg {		/* close, send, unmask */
	uint32_t port;
};
struct evtchn_status {
	uint16_t dom;
	uint16_t pad;
	uint32_t port;
	uint32_t status;		/* OUT */
	uint32_t vcpu;			/* OUT */
	union {
		struct { uint16_t dom; } unbound;
		struct { uint16_t dom, pad; uint32_t port; } interdomain;
		uint32_t virq;
	} u;
};
struct evtchn_bind_vcpu {
	uint32_t port, vcpu;
};
struct evtchn_reset {
	uint16_t dom;
};
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset, vcpu;
	uint8_t link_bits;		/* OUT */
	uint8_t pad[7];
};
struct evtchn_expand_array {
	uint64_t array_gfn;
};
struct evtchn_set_priority {
	uint32_t port, priority;
};

/* FIFO ABI */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       16
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1u << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_WORDS_PER_PAGE 1024

struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};

/* vcpu_op */
#define VCPUOP_initialise                     0
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info            10
#define VCPUOP_send_nmi                      11
#define VCPUOP_get_physid                    12
#define VCPUOP_register_vcpu_time_memory_area 13
#define VCPU_GUEST_CONTEXT_SIZE 5168

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags;
	uint32_t pad;
};
#define VCPU_SSHOTTMR_future 1
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset, rsvd;
};

/* SCHEDOP_poll */
struct sched_poll {
	uint64_t ports;			/* VA of uint32_t[nr_ports] */
	uint32_t nr_ports, pad;
	uint64_t timeout;		/* absolute system time, 0 = none */
};

#define VMASST_TYPE_runstate_update_flag 5

_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "bind_interdomain");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control");
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "fifo cb");
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "runstate");
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll");

/* Hypercalls. */
static inline long hv_event_channel_op(int cmd, void *arg)
{
	return hypercall2(HYPERCALL_event_channel_op, cmd, arg);
}

static inline long hv_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall3(HYPERCALL_vcpu_op, cmd, vcpu, arg);
}

static inline long hv_set_timer_op(uint64_t deadline)
{
	return hypercall1(HYPERCALL_set_timer_op, deadline);
}

static inline long hv_poll(const uint32_t *ports, unsigned int n, uint64_t timeout)
{
	struct sched_poll p = { .ports = (uint64_t)ports, .nr_ports = n, .timeout = timeout };

	return hv_sched_op(SCHEDOP_poll, &p);
}

/* Wrappers: the port comes back through *port (untouched on error). */
long ev_alloc_unbound(uint16_t remote, uint32_t *port);
long ev_bind_interdomain(uint16_t remote_dom, uint32_t remote_port, uint32_t *port);
long ev_bind_virq(uint32_t virq, uint32_t vcpu, uint32_t *port);
long ev_bind_ipi(uint32_t vcpu, uint32_t *port);
long ev_send(uint32_t port);
long ev_close(uint32_t port);
long ev_unmask(uint32_t port);
long ev_bind_vcpu(uint32_t port, uint32_t vcpu);
long ev_status(uint32_t port, struct evtchn_status *st);
long ev_reset(void);

/* --- The event side of the library ------------------------------------ */

struct upcall_log {
	unsigned int count;		/* upcalls taken */
	unsigned int events;		/* ports handled */
	uint64_t sel;			/* 2-level: selectors seen, ORed */
	uint32_t last_port;
	uint64_t last_rip;		/* interrupted RIP */
	uint64_t last_cs;		/* its CS slot (saved mask in 32-39) */
	uint64_t last_rflags;
	uint8_t mask_in_handler;	/* upcall_mask seen by the handler */
	uint64_t last_time;		/* system time at the last upcall */
	uint16_t hits[4096];		/* per port (FIFO: ports below 4096) */
};
extern volatile struct upcall_log upcalls;

void events_init(void);
/* Where vcpu 0's vcpu_info is now (shared_info until moved). */
struct vcpu_info *ev_vcpu_info(void);
void ev_set_vcpu_info(struct vcpu_info *vi);
void events_mask(void);
/* Clear the upcall mask; if an upcall is pending, make it arrive now. */
void events_unmask(void);
void upcalls_reset(void);

/* 2-level bits in shared_info. */
bool ev_2l_pending(uint32_t port);
bool ev_2l_masked(uint32_t port);
void ev_2l_set_mask(uint32_t port);
void ev_2l_clear_mask(uint32_t port);
void ev_2l_clear_pending(uint32_t port);

/* Switch the demultiplexer to FIFO (the caller made the hypercalls). */
void events_use_fifo(struct evtchn_fifo_control_block *cb, uint32_t **pages,
		     unsigned int nr_pages);

/* Time: system time in ns from the current vcpu_info, version protocol. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
uint64_t pvclock_read(const volatile struct vcpu_time_info *t);
uint64_t now_ns(void);
/* Spin (events as they are) until system time reaches `deadline`. */
void spin_until(uint64_t deadline);
/* Spin until `upcalls.count` passes `count` or `ns` elapse; true if it did. */
bool wait_upcall(unsigned int count, uint64_t ns);

/* Machine frame of one of our own virtual addresses (1:1 pfn layout). */
static inline uint64_t ev_mfn_of(const void *va)
{
	unsigned long pfn = ((unsigned long)va - 0xffffffff80000000UL) >> 12;

	return ((const unsigned long *)start_info->mfn_list)[pfn];
}

#endif /* TK_EVTCHN_H */
