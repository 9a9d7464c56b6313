/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels inside the hypervisor: the per-domain port table, the
 * per-vCPU VIRQ bindings and poll state, and the two delivery ABIs
 * (2-level bits in shared_info, FIFO queues in guest pages) behind one
 * set of port operations.
 *
 * Locking: one physical CPU with interrupts disabled in the hypervisor
 * (see hv/domain.h), so no lock yet. On SMP each domain's table needs an
 * event lock (taken in domain-id order for interdomain binds and closes)
 * and the FIFO queues a lock each, taken before the event words change.
 */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <stdint.h>
#include <stdbool.h>
#include <hv/bitops.h>
#include <hv/timer.h>
#include <hv/domain.h>
#include <public/event_channel.h>

/* Channel states. */
#define ECS_FREE        0
#define ECS_RESERVED    1   /* port 0 */
#define ECS_UNBOUND     2
#define ECS_INTERDOMAIN 3
#define ECS_PIRQ        4
#define ECS_VIRQ        5
#define ECS_IPI         6

struct evtchn {
	uint8_t state;                 /* ECS_* */
	uint8_t priority;              /* FIFO: queue for the next link */
	bool pending;                  /* FIFO: raised while its word had no page */
	uint8_t last_priority;         /* FIFO: queue it was last linked on */
	uint16_t notify_vcpu_id;
	uint16_t last_vcpu_id;         /* FIFO: vCPU of that queue */
	evtchn_port_t port;
	union {
		domid_t unbound_remote;    /* ECS_UNBOUND: who may bind */
		struct {
			struct domain *dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t virq;             /* ECS_VIRQ */
		uint32_t pirq;             /* ECS_PIRQ */
	} u;
};

/*
 * Ports come in buckets, allocated as the domain uses more of them. A port
 * beyond the allocated buckets is invalid (-EINVAL) even below the ABI
 * limit, as in Xen 4.17, whose buckets hold 64 channels on x86-64.
 */
#define EVTCHNS_PER_BUCKET 64
#define EVTCHN_MAX_BUCKETS (EVTCHN_FIFO_NR_CHANNELS / EVTCHNS_PER_BUCKET)

/* What differs between the 2-level and FIFO ABIs. */
struct evtchn_port_ops {
	void (*init)(struct domain *d, struct evtchn *chn);
	void (*set_pending)(struct vcpu *v, struct evtchn *chn);
	void (*clear_pending)(struct domain *d, struct evtchn *chn);
	void (*unmask)(struct domain *d, struct evtchn *chn);
	bool (*is_pending)(const struct domain *d, const struct evtchn *chn);
	bool (*is_masked)(const struct domain *d, const struct evtchn *chn);
	bool (*is_busy)(const struct domain *d, const struct evtchn *chn);
	int (*set_priority)(struct domain *d, struct evtchn *chn, unsigned int prio);
};

struct evtchn_fifo_domain;
struct evtchn_fifo_vcpu;

struct evtchn_domain {
	const struct evtchn_port_ops *ops;
	unsigned int max_evtchns;      /* the ABI's limit */
	unsigned int max_port;         /* the domain's configured limit */
	unsigned int valid_evtchns;    /* ports with a bucket */
	struct evtchn **bucket;        /* EVTCHN_MAX_BUCKETS pointers */
	unsigned int next_reset_port;  /* reset in progress: where to go on */
	unsigned long poll_mask[BITS_TO_LONGS(MAX_VIRT_CPUS)]; /* vCPUs in poll */
	struct evtchn_fifo_domain *fifo;
};

struct evtchn_vcpu {
	evtchn_port_t virq_to_evtchn[NR_VIRQS];
	int poll_evtchn;               /* polled port; -1 several; 0 not polling */
	struct timer poll_timer;
	struct evtchn_fifo_vcpu *fifo;
};

static inline bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
	return port < d->evtchn->valid_evtchns;
}

static inline struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
	return &d->evtchn->bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

/* A channel a guest can raise: bound in some way (not free or port 0). */
static inline bool evtchn_usable(const struct evtchn *chn)
{
	return chn->state > ECS_RESERVED;
}

void evtchn_port_set_pending(struct domain *d, unsigned int vcpu_id, struct evtchn *chn);
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);
void vcpu_unblock(struct vcpu *v);

/* The ABIs (evtchn-2l.c, evtchn-fifo.c). */
void evtchn_2l_init(struct domain *d);
int evtchn_fifo_init_control(struct evtchn_init_control *ic);
int evtchn_fifo_expand_array(const struct evtchn_expand_array *ea);
void evtchn_fifo_destroy(struct domain *d);

/* Life cycle (domain.c calls these). */
int evtchn_init(struct domain *d, unsigned int max_port);
void evtchn_destroy(struct domain *d);
void evtchn_destroy_final(struct domain *d);
int evtchn_vcpu_init(struct vcpu *v);

/* VIRQs raised by the hypervisor. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
void send_global_virq(unsigned int virq);     /* to dom0 */

long do_event_channel_op(unsigned long cmd, unsigned long arg);

#endif
