/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op (hypercall 32): event channels, the PV interrupt
 * mechanism. A port is a small integer naming one channel of a domain; a
 * channel is bound to another domain's port (interdomain), to a virtual
 * IRQ raised by the hypervisor, or to an IPI within the domain. Sending
 * marks the far end pending and, unless it is masked, raises an upcall on
 * the vCPU the channel notifies. Numbers and layouts are Xen 4.17's.
 *
 * The first argument is the sub-op (a 32-bit int: the upper bits of the
 * register are ignored), the second a pointer to the sub-op's structure.
 * Every structure is read once; OUT fields are written back only when the
 * operation succeeded (a fault writing them back returns -EFAULT although
 * the operation took effect).
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include <stdint.h>
#include "xen.h"

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
#define EVTCHNOP_reset_cont      14 /* internal: continuation of reset */

typedef uint32_t evtchn_port_t;

/*
 * Virtual IRQs (xen.h in Xen's tree). "V" ones exist per vCPU; "G" ones
 * once per domain, bound on vCPU 0 and retargeted with bind_vcpu. The
 * global ones the hypervisor raises go to dom0.
 */
#define VIRQ_TIMER      0  /* V: singleshot or periodic timer expired */
#define VIRQ_DEBUG      1  /* V: dump debug state */
#define VIRQ_CONSOLE    2  /* G: (dom0) input on the hypervisor console */
#define VIRQ_DOM_EXC    3  /* G: (dom0) some domain crashed or shut down */
#define VIRQ_TBUF       4  /* G: (dom0) trace buffer records */
#define VIRQ_DEBUGGER   6  /* G: (dom0) a domain paused for the debugger */
#define VIRQ_XENOPROF   7  /* V: profiling sample */
#define VIRQ_CON_RING   8  /* G: (dom0) bytes in the console ring */
#define VIRQ_PCPU_STATE 9  /* G: (dom0) physical CPU state changed */
#define VIRQ_MEM_EVENT  10 /* G: (dom0) memory event */
#define VIRQ_ARGO       11 /* G: Argo message */
#define VIRQ_ENOMEM     12 /* G: (dom0) hypervisor heap low */
#define VIRQ_XENPMU     13 /* V: PMU interrupt */
#define VIRQ_ARCH_0     16 /* G: VIRQ_MCA on x86 */
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/*
 * alloc_unbound: allocate a port in domain `dom` (DOMID_SELF or an id the
 * caller controls) that `remote_dom` may later bind to. OUT: port.
 * Errors: -ESRCH no such dom; -ENOSPC no free port.
 */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom;
	evtchn_port_t port;
};

/*
 * bind_interdomain: connect a new local port to remote_dom's unbound port
 * remote_port, which must have been allocated for the caller's domain.
 * Both ends become interdomain; the new local port is made pending at once
 * (notifications sent to the unbound end could have been lost).
 * OUT: local_port. Errors: -ESRCH, -EINVAL (remote port invalid, not
 * unbound, or offered to another domain), -ENOSPC.
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;
	uint16_t pad;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;
};

/*
 * bind_virq: bind a VIRQ to a new port notifying `vcpu` (0 for global
 * VIRQs). OUT: port. Errors: -EINVAL bad virq or global virq on vcpu != 0,
 * -ENOENT no such vcpu, -EEXIST already bound on that vcpu.
 */
struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	evtchn_port_t port;
};

#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
	uint32_t pirq;
	uint32_t flags;
	evtchn_port_t port;
};

/* bind_ipi: a port that notifies `vcpu` of the same domain. OUT: port. */
struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port;
};

/*
 * close: free a port; the far end of an interdomain channel goes back to
 * unbound (offered to the closing domain). -EINVAL if not in use.
 */
struct evtchn_close {
	evtchn_port_t port;
};

/*
 * send: notify the far end (interdomain) or the bound vCPU (IPI). Sending
 * on an unbound port is silently dropped; any other state is -EINVAL.
 */
struct evtchn_send {
	evtchn_port_t port;
};

/* status: describe a port of `dom` (DOMID_SELF or a controlled domain). */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5
struct evtchn_status {
	domid_t dom;
	uint16_t pad;
	evtchn_port_t port;
	uint32_t status;           /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;             /* OUT: vCPU notified */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			uint16_t pad;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};

/*
 * bind_vcpu: change the vCPU notified by an unbound, interdomain, pirq or
 * global-VIRQ port. Per-vCPU VIRQs and IPIs: -EINVAL. -ENOENT no such vcpu.
 */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

/* unmask: clear the port's mask and deliver it if it is pending. */
struct evtchn_unmask {
	evtchn_port_t port;
};

/* reset: close every port of `dom` and go back to the 2-level ABI. */
struct evtchn_reset {
	domid_t dom;
};

/*
 * FIFO ABI. init_control registers `vcpu`'s control block at `offset`
 * (8-byte aligned, the block inside the page) of guest frame control_gfn
 * (a machine frame for PV guests) and switches the domain to the FIFO ABI
 * on the first call. OUT: link_bits. expand_array adds one page of event
 * words. set_priority chooses a port's queue (0 highest .. 15 lowest).
 */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits;
	uint8_t _pad[7];
};

struct evtchn_expand_array {
	uint64_t array_gfn;
};

struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority;
};

/* 2-level ABI: bits in shared_info, 64 words of 64 ports. */
#define EVTCHN_2L_NR_CHANNELS 4096

/* FIFO ABI: a 32-bit event word per port, in guest pages. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1u << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1u << EVTCHN_FIFO_LINK_BITS)

/*
 * Per-vCPU control block: `ready` has one bit per queue with events,
 * head[q] the first port of queue q (0 = empty). Each queued event word
 * holds the next port of its queue in its LINK bits.
 */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};

#endif
