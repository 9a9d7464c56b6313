/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A reference model around the event channels (common/event/evtchn.c,
 * evtchn-2l.c, evtchn-fifo.c, built for the host by hv_evtchn.c), shared
 * by test_evtchn.c and fuzz/fuzz_evtchn.c.
 *
 * Machine: two domains, dom0 (domid 0, privileged, 2 vCPUs) and dom1
 * (domid 1, 3 vCPUs, the last without a vcpu_info as a vCPU beyond
 * shared_info's 32 would be); 16 guest frames (mfn 0-7 dom0's, 8-15
 * dom1's) for FIFO control blocks and event arrays; 4 KiB of guest
 * memory for hypercall arguments, its upper half read-only.
 *
 * Each operation is a hypercall (a vCPU of either domain calls
 * do_event_channel_op or SCHEDOP_poll with a possibly hostile argument
 * address and fields), a VIRQ the hypervisor raises, a poll timer firing,
 * or something the guest does to shared memory (mask, unmask, clear a
 * pending bit, consume a FIFO queue as Linux does, clear its upcall).
 * The model predicts each return value (the Xen errno), the port tables,
 * the 2-level bits, FIFO PENDING/MASKED bits, who is blocked or polling,
 * and every vcpu_wake(); ev_check() compares, and also checks the FIFO
 * queues' structure (each LINKED word on exactly one queue, no cycle), the
 * heap allocations and frame references the hypervisor holds, and
 * status for every port.
 */
#ifndef UNIT_EV_MODEL_H
#define UNIT_EV_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EV_OP_BYTES 8

enum ev_code {
	EV_ALLOC_UNBOUND,
	EV_BIND_INTERDOMAIN,
	EV_BIND_VIRQ,
	EV_BIND_IPI,
	EV_BIND_PIRQ,
	EV_CLOSE,
	EV_SEND,
	EV_STATUS,
	EV_BIND_VCPU,
	EV_UNMASK,
	EV_RESET,
	EV_INIT_CONTROL,
	EV_EXPAND_ARRAY,
	EV_SET_PRIORITY,
	EV_BAD_CMD,
	EV_POLL,
	EV_VIRQ,         /* send_guest_vcpu_virq / send_guest_global_virq */
	EV_TIMER,        /* a poll timer fires */
	EV_G_MASK,       /* guest sets a port's mask bit */
	EV_G_UNMASK,     /* guest clears it without the hypercall */
	EV_G_CLEAR,      /* guest clears a pending bit */
	EV_G_CONSUME,    /* guest takes its upcall: 2L selector scan / FIFO queue */
	EV_G_UPCALL_MASK,/* guest flips evtchn_upcall_mask */
	EV_NR_CODES
};

/* One decoded operation: who calls, and raw argument values. */
struct ev_op {
	uint8_t code;
	uint8_t dom, vcpu;        /* caller */
	uint8_t addr;             /* argument address selector, 0 = good */
	uint32_t a, b, c;         /* decoded arguments */
};

/* A fresh machine; max_port is each domain's configured limit. */
void ev_init(unsigned int max_port0, unsigned int max_port1);
/* Destroy both domains and check that nothing is left (leaks). */
const char *ev_fini(void);
bool ev_decode(const uint8_t *p, size_t n, struct ev_op *op);
void ev_format(const struct ev_op *op, char *buf, size_t size);
/* Runs op; returns NULL, or why the result differs from the model. */
const char *ev_apply(const struct ev_op *op);
/* Full comparison of the machine with the model: NULL if all agree. */
const char *ev_check(void);
/* For the fixed scenarios: the last hypercall's result and OUT port. */
long ev_last_rc(void);
uint32_t ev_last_port(void);
void ev_set_verbose(bool on);
/* A whole run of encoded operations (see ev_run() in ev_model.c). */
const char *ev_run(const uint8_t *data, size_t size, size_t *bad);
void ev_print_trace(const uint8_t *data, size_t size, size_t upto);
/* Decode a max_port choice from a byte. */
unsigned int ev_max_port_sel(uint8_t b);

#endif /* UNIT_EV_MODEL_H */
