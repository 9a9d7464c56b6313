// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 2-level event ABI: a pending and a mask bit per port in shared_info
 * (4096 ports on x86-64), and per vCPU a selector with one bit per 64-port
 * word plus evtchn_upcall_pending in its vcpu_info. Each step is one
 * atomic bit operation, in the order the guest's scan relies on.
 */
#include <hv/lib.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/evtchn.h>

#define BITS_PER_EVTCHN_WORD BITS_PER_LONG

static void evtchn_2l_set_pending(struct vcpu *v, struct evtchn *chn)
{
	struct domain *d = v->domain;
	struct shared_info *s = d->shared_info;
	unsigned int port = chn->port;

	if (test_and_set_bit(port, s->evtchn_pending))
		return;
	/* A vCPU beyond shared_info's 32 has no vcpu_info until it registers one. */
	if (v->vcpu_info && !test_bit(port, s->evtchn_mask) &&
	    !test_and_set_bit(port / BITS_PER_EVTCHN_WORD, &v->vcpu_info->evtchn_pending_sel))
		vcpu_mark_events_pending(v);
	evtchn_check_pollers(d, port);
}

static void evtchn_2l_clear_pending(struct domain *d, struct evtchn *chn)
{
	clear_bit(chn->port, d->shared_info->evtchn_pending);
}

/* Unmasking a port that is pending raises it as if it were sent now. */
static void evtchn_2l_unmask(struct domain *d, struct evtchn *chn)
{
	struct vcpu *v = d->vcpu[chn->notify_vcpu_id];
	struct shared_info *s = d->shared_info;
	unsigned int port = chn->port;

	if (test_and_clear_bit(port, s->evtchn_mask) && test_bit(port, s->evtchn_pending) &&
	    v->vcpu_info && !test_and_set_bit(port / BITS_PER_EVTCHN_WORD, &v->vcpu_info->evtchn_pending_sel))
		vcpu_mark_events_pending(v);
}

static bool evtchn_2l_is_pending(const struct domain *d, const struct evtchn *chn)
{
	return chn->port < EVTCHN_2L_NR_CHANNELS &&
	       test_bit(chn->port, d->shared_info->evtchn_pending);
}

static bool evtchn_2l_is_masked(const struct domain *d, const struct evtchn *chn)
{
	return chn->port >= EVTCHN_2L_NR_CHANNELS ||
	       test_bit(chn->port, d->shared_info->evtchn_mask);
}

static const struct evtchn_port_ops evtchn_port_ops_2l = {
	.set_pending = evtchn_2l_set_pending,
	.clear_pending = evtchn_2l_clear_pending,
	.unmask = evtchn_2l_unmask,
	.is_pending = evtchn_2l_is_pending,
	.is_masked = evtchn_2l_is_masked,
};

void evtchn_2l_init(struct domain *d)
{
	BUILD_BUG_ON(EVTCHN_2L_NR_CHANNELS !=
		     sizeof(d->shared_info->evtchn_pending) * 8);
	d->evtchn->ops = &evtchn_port_ops_2l;
	d->evtchn->max_evtchns = EVTCHN_2L_NR_CHANNELS;
}
