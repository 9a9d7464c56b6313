// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels: each domain's port table, binding, closing, sending and
 * status; VIRQs raised by the hypervisor; waking vCPUs that block or poll;
 * and the event_channel_op hypercall. How a pending port reaches the guest
 * is the ABI's business (evtchn-2l.c, evtchn-fifo.c), behind port ops.
 *
 * Locking: see hv/evtchn.h (none while there is one physical CPU).
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/guest_access.h>
#include <hv/event.h>
#include <hv/evtchn.h>
#include <public/sched.h>

/* Per-vCPU VIRQs; every other one (VIRQ_ARCH_* too, on x86) is global. */
static bool virq_is_global(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true;
	}
}

static struct vcpu *domain_vcpu(const struct domain *d, unsigned int id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Whether `cur` may act on d's ports: itself, or a privileged domain. */
static bool may_control(const struct domain *cur, const struct domain *d)
{
	return cur == d || cur->is_privileged;
}

static struct evtchn *evtchn_lookup(const struct domain *d, evtchn_port_t port)
{
	return port_is_valid(d, port) ? evtchn_from_port(d, port) : NULL;
}

static void evtchn_port_init(struct domain *d, struct evtchn *chn)
{
	if (d->evtchn->ops->init)
		d->evtchn->ops->init(d, chn);
}

void evtchn_port_set_pending(struct domain *d, unsigned int vcpu_id, struct evtchn *chn)
{
	if (evtchn_usable(chn))
		d->evtchn->ops->set_pending(d->vcpu[vcpu_id], chn);
}

static void evtchn_port_clear_pending(struct domain *d, struct evtchn *chn)
{
	if (evtchn_usable(chn))
		d->evtchn->ops->clear_pending(d, chn);
}

static bool evtchn_is_busy(const struct domain *d, const struct evtchn *chn)
{
	return d->evtchn->ops->is_busy && d->evtchn->ops->is_busy(d, chn);
}

/* --- Port allocation --------------------------------------------------- */

static int alloc_bucket(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int first = ed->valid_evtchns;
	struct evtchn *b;

	if (first / EVTCHNS_PER_BUCKET >= EVTCHN_MAX_BUCKETS)
		return -ENOSPC;
	b = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
	if (!b)
		return -ENOMEM;
	for (unsigned int i = 0; i < EVTCHNS_PER_BUCKET; i++)
		b[i].port = first + i;
	ed->bucket[first / EVTCHNS_PER_BUCKET] = b;
	ed->valid_evtchns = first + EVTCHNS_PER_BUCKET;
	return 0;
}

/*
 * Make `port` usable for a new binding: 0 if it is free (allocating the
 * buckets up to it), -EBUSY if taken (or, in FIFO, still queued), -ENOSPC
 * beyond the limits.
 */
static int allocate_port(struct domain *d, evtchn_port_t port)
{
	struct evtchn_domain *ed = d->evtchn;

	if (port > ed->max_port || port >= ed->max_evtchns)
		return -ENOSPC;
	if (port_is_valid(d, port)) {
		const struct evtchn *chn = evtchn_from_port(d, port);

		if (chn->state != ECS_FREE || evtchn_is_busy(d, chn))
			return -EBUSY;
		return 0;
	}
	while (port >= ed->valid_evtchns) {
		int rc = alloc_bucket(d);

		if (rc)
			return rc;
	}
	return 0;
}

/* The lowest free port. */
static int get_free_port(struct domain *d)
{
	if (d->is_dying)
		return -EINVAL;
	for (evtchn_port_t port = 0; port <= d->evtchn->max_port; port++) {
		int rc = allocate_port(d, port);

		if (rc != -EBUSY)
			return rc ? rc : (int)port;
	}
	return -ENOSPC;
}

static void evtchn_free(struct domain *d, struct evtchn *chn)
{
	/* A port bound again must not start with a stale event. */
	evtchn_port_clear_pending(d, chn);
	chn->state = ECS_FREE;
	chn->notify_vcpu_id = 0;
}

/* --- Operations (workers on plain values) ------------------------------ */

static int evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
	struct domain *d = domain_lookup(a->dom);
	struct evtchn *chn;
	int port;

	if (!d)
		return -ESRCH;
	if (!may_control(current->domain, d))
		return -EPERM;
	port = get_free_port(d);
	if (port < 0)
		return port;
	chn = evtchn_from_port(d, port);
	chn->state = ECS_UNBOUND;
	chn->u.unbound_remote = a->remote_dom == DOMID_SELF ? current->domain->domain_id
							    : a->remote_dom;
	evtchn_port_init(d, chn);
	a->port = port;
	return 0;
}

/*
 * Connect a new port of ld to rd's unbound port offered to ld. The two
 * domains may be the same (a loopback pair).
 */
static int evtchn_bind_interdomain(struct evtchn_bind_interdomain *b, struct domain *ld)
{
	struct domain *rd = domain_lookup(b->remote_dom);
	struct evtchn *lchn, *rchn;
	int lport;

	if (!rd)
		return -ESRCH;
	lport = get_free_port(ld);
	if (lport < 0)
		return lport;
	lchn = evtchn_from_port(ld, lport);
	rchn = evtchn_lookup(rd, b->remote_port);
	if (!rchn || rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domain_id)
		return -EINVAL;

	lchn->u.interdomain.dom = rd;
	lchn->u.interdomain.port = b->remote_port;
	lchn->state = ECS_INTERDOMAIN;
	evtchn_port_init(ld, lchn);
	rchn->u.interdomain.dom = ld;
	rchn->u.interdomain.port = lport;
	rchn->state = ECS_INTERDOMAIN;
	/* Sends to the unbound end were dropped: raise the new end once. */
	evtchn_port_set_pending(ld, lchn->notify_vcpu_id, lchn);
	b->local_port = lport;
	return 0;
}

static int evtchn_bind_virq(struct evtchn_bind_virq *b)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	struct vcpu *v;
	int port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return -EINVAL;
	v = domain_vcpu(d, b->vcpu);
	if (!v)
		return -ENOENT;
	if (v->evtchn->virq_to_evtchn[b->virq])
		return -EEXIST;
	port = get_free_port(d);
	if (port < 0)
		return port;
	chn = evtchn_from_port(d, port);
	chn->state = ECS_VIRQ;
	chn->notify_vcpu_id = b->vcpu;
	chn->u.virq = b->virq;
	evtchn_port_init(d, chn);
	v->evtchn->virq_to_evtchn[b->virq] = port;
	b->port = port;
	return 0;
}

static int evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
	struct domain *d = current->domain;
	struct evtchn *chn;
	int port;

	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	port = get_free_port(d);
	if (port < 0)
		return port;
	chn = evtchn_from_port(d, port);
	chn->state = ECS_IPI;
	chn->notify_vcpu_id = b->vcpu;
	evtchn_port_init(d, chn);
	b->port = port;
	return 0;
}

static int evtchn_close(struct domain *d1, evtchn_port_t port1)
{
	struct evtchn *chn1 = evtchn_lookup(d1, port1), *chn2;
	struct domain *d2;
	struct vcpu *v;

	if (!chn1)
		return -EINVAL;
	switch (chn1->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		return -EINVAL;
	case ECS_UNBOUND:
	case ECS_IPI:
	case ECS_PIRQ:
		break;
	case ECS_VIRQ:
		v = d1->vcpu[virq_is_global(chn1->u.virq) ? 0 : chn1->notify_vcpu_id];
		ASSERT(v->evtchn->virq_to_evtchn[chn1->u.virq] == port1);
		v->evtchn->virq_to_evtchn[chn1->u.virq] = 0;
		break;
	case ECS_INTERDOMAIN:
		/* The far end goes back to waiting for us. */
		d2 = chn1->u.interdomain.dom;
		chn2 = evtchn_lookup(d2, chn1->u.interdomain.port);
		BUG_ON(!chn2 || chn2->state != ECS_INTERDOMAIN ||
		       chn2->u.interdomain.dom != d1);
		evtchn_free(d1, chn1);
		chn2->state = ECS_UNBOUND;
		chn2->u.unbound_remote = d1->domain_id;
		return 0;
	default:
		BUG();
	}
	evtchn_free(d1, chn1);
	return 0;
}

static int evtchn_send(struct domain *ld, evtchn_port_t lport)
{
	struct evtchn *lchn = evtchn_lookup(ld, lport), *rchn;
	struct domain *rd;

	if (!lchn)
		return -EINVAL;
	switch (lchn->state) {
	case ECS_INTERDOMAIN:
		rd = lchn->u.interdomain.dom;
		rchn = evtchn_from_port(rd, lchn->u.interdomain.port);
		evtchn_port_set_pending(rd, rchn->notify_vcpu_id, rchn);
		return 0;
	case ECS_IPI:
		evtchn_port_set_pending(ld, lchn->notify_vcpu_id, lchn);
		return 0;
	case ECS_UNBOUND:
		return 0;       /* nobody listens yet: dropped */
	default:
		return -EINVAL;
	}
}

/* Fills the OUT fields; the rest of *st (the union too) is left as given. */
static int evtchn_status(struct evtchn_status *st)
{
	struct domain *d = domain_lookup(st->dom);
	const struct evtchn *chn;

	if (!d)
		return -ESRCH;
	chn = evtchn_lookup(d, st->port);
	if (!chn)
		return -EINVAL;
	if (!may_control(current->domain, d))
		return -EPERM;
	switch (chn->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		st->status = EVTCHNSTAT_closed;
		break;
	case ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = chn->u.unbound_remote;
		break;
	case ECS_INTERDOMAIN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = chn->u.interdomain.dom->domain_id;
		st->u.interdomain.port = chn->u.interdomain.port;
		break;
	case ECS_PIRQ:
		st->status = EVTCHNSTAT_pirq;
		st->u.pirq = chn->u.pirq;
		break;
	case ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = chn->u.virq;
		break;
	case ECS_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	default:
		BUG();
	}
	st->vcpu = chn->notify_vcpu_id;
	return 0;
}

static int evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu_id)
{
	struct domain *d = current->domain;
	struct vcpu *v = domain_vcpu(d, vcpu_id);
	struct evtchn *chn;

	if (!v)
		return -ENOENT;
	chn = evtchn_lookup(d, port);
	if (!chn)
		return -EINVAL;
	switch (chn->state) {
	case ECS_VIRQ:
		if (!virq_is_global(chn->u.virq))
			return -EINVAL;
		chn->notify_vcpu_id = v->vcpu_id;
		return 0;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_PIRQ:
		chn->notify_vcpu_id = v->vcpu_id;
		return 0;
	default:
		return -EINVAL;
	}
}

static int evtchn_unmask(evtchn_port_t port)
{
	struct domain *d = current->domain;
	struct evtchn *chn = evtchn_lookup(d, port);

	if (!chn)
		return -EINVAL;
	if (evtchn_usable(chn))
		d->evtchn->ops->unmask(d, chn);
	return 0;
}

/*
 * Close every port and go back to the 2-level ABI. Only on the caller's
 * own domain: another domain would have to be paused by its controller
 * first, which needs domctl.
 */
static int evtchn_reset(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;

	if (d != current->domain)
		return -EINVAL;
	if (ed->next_reset_port)
		return -EBUSY;
	/* Bounded by the allocated buckets, each close O(1): not preempted. */
	for (ed->next_reset_port = 1; port_is_valid(d, ed->next_reset_port);
	     ed->next_reset_port++)
		evtchn_close(d, ed->next_reset_port);
	ed->next_reset_port = 0;
	if (ed->fifo) {
		evtchn_fifo_destroy(d);
		evtchn_2l_init(d);
	}
	return 0;
}

static int evtchn_set_priority(const struct evtchn_set_priority *sp)
{
	struct domain *d = current->domain;
	struct evtchn *chn = evtchn_lookup(d, sp->port);

	if (!chn)
		return -EINVAL;
	if (!d->evtchn->ops->set_priority)
		return -ENOSYS;
	if (!evtchn_usable(chn))
		return -EACCES;
	return d->evtchn->ops->set_priority(d, chn, sp->priority);
}

/* --- The hypercall ----------------------------------------------------- */

/* Copy the sub-op's structure in, run `call`, copy it back on success. */
#define EVTCHN_OP_INOUT(type, call) do {				\
	struct type op;							\
	if (copy_from_guest(&op, arg, sizeof(op)))			\
		return -EFAULT;						\
	rc = (call);							\
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))			\
		rc = -EFAULT;	/* done, but the guest cannot learn it */	\
	return rc;							\
} while (0)

#define EVTCHN_OP_IN(type, call) do {					\
	struct type op;							\
	if (copy_from_guest(&op, arg, sizeof(op)))			\
		return -EFAULT;						\
	return (call);							\
} while (0)

long do_event_channel_op(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current->domain;
	long rc;

	switch ((int)cmd) {
	case EVTCHNOP_alloc_unbound:
		EVTCHN_OP_INOUT(evtchn_alloc_unbound, evtchn_alloc_unbound(&op));
	case EVTCHNOP_bind_interdomain:
		EVTCHN_OP_INOUT(evtchn_bind_interdomain, evtchn_bind_interdomain(&op, d));
	case EVTCHNOP_bind_virq:
		EVTCHN_OP_INOUT(evtchn_bind_virq, evtchn_bind_virq(&op));
	case EVTCHNOP_bind_ipi:
		EVTCHN_OP_INOUT(evtchn_bind_ipi, evtchn_bind_ipi(&op));
	case EVTCHNOP_bind_pirq:
		/* No physical IRQs are routed to guests yet. */
		EVTCHN_OP_INOUT(evtchn_bind_pirq, -EPERM);
	case EVTCHNOP_close:
		EVTCHN_OP_IN(evtchn_close, evtchn_close(d, op.port));
	case EVTCHNOP_send:
		EVTCHN_OP_IN(evtchn_send, evtchn_send(d, op.port));
	case EVTCHNOP_status:
		EVTCHN_OP_INOUT(evtchn_status, evtchn_status(&op));
	case EVTCHNOP_bind_vcpu:
		EVTCHN_OP_IN(evtchn_bind_vcpu, evtchn_bind_vcpu(op.port, op.vcpu));
	case EVTCHNOP_unmask:
		EVTCHN_OP_IN(evtchn_unmask, evtchn_unmask(op.port));
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont: {
		struct evtchn_reset op;
		struct domain *rd;

		if (copy_from_guest(&op, arg, sizeof(op)))
			return -EFAULT;
		rd = domain_lookup(op.dom);
		if (!rd)
			return -ESRCH;
		if (!may_control(d, rd))
			return -EPERM;
		return evtchn_reset(rd);
	}
	case EVTCHNOP_init_control:
		EVTCHN_OP_INOUT(evtchn_init_control, evtchn_fifo_init_control(&op));
	case EVTCHNOP_expand_array:
		EVTCHN_OP_IN(evtchn_expand_array, evtchn_fifo_expand_array(&op));
	case EVTCHNOP_set_priority:
		EVTCHN_OP_IN(evtchn_set_priority, evtchn_set_priority(&op));
	default:
		return -ENOSYS;
	}
}

/* --- VIRQs ------------------------------------------------------------- */

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	evtchn_port_t port;

	ASSERT(!virq_is_global(virq));
	if (!v->evtchn)
		return;
	port = v->evtchn->virq_to_evtchn[virq];
	if (port)
		evtchn_port_set_pending(v->domain, v->vcpu_id, evtchn_from_port(v->domain, port));
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	struct vcpu *v;
	struct evtchn *chn;
	evtchn_port_t port;

	ASSERT(virq_is_global(virq));
	if (!d || !d->evtchn || !(v = d->vcpu[0]) || !v->evtchn)
		return;
	port = v->evtchn->virq_to_evtchn[virq];
	if (!port)
		return;
	chn = evtchn_from_port(d, port);
	evtchn_port_set_pending(d, chn->notify_vcpu_id, chn);
}

void send_global_virq(unsigned int virq)
{
	send_guest_global_virq(dom0, virq);
}

/* --- Waking vCPUs ------------------------------------------------------ */

void vcpu_unblock(struct vcpu *v)
{
	if (!(v->pause_flags & VPF_blocked))
		return;
	v->pause_flags &= ~VPF_blocked;
	/*
	 * Whatever woke it, a poll ends here: a poll bit left behind would let
	 * a later event on any port, or the poll's timeout, wake the vCPU out
	 * of an unrelated block.
	 */
	if (v->evtchn && v->evtchn->poll_evtchn) {
		v->evtchn->poll_evtchn = 0;
		clear_bit(v->vcpu_id, v->domain->evtchn->poll_mask);
	}
	vcpu_wake(v);
}

/* The upcall flag goes up once; only that transition kicks the vCPU. */
void vcpu_mark_events_pending(struct vcpu *v)
{
	if (!v->vcpu_info)
		return;
	if (test_and_set_bit(0, &v->vcpu_info->evtchn_upcall_pending))
		return;
	vcpu_unblock(v);
}

/* Wake vCPUs polling this port, or polling several ports. */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long any = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(ed->poll_mask); i++)
		any |= ed->poll_mask[i];
	if (!any)
		return;
	for (unsigned int id = 0; id < d->max_vcpus; id++) {
		struct vcpu *v;

		if (!test_bit(id, ed->poll_mask))
			continue;
		v = d->vcpu[id];
		if ((v->evtchn->poll_evtchn <= 0 || v->evtchn->poll_evtchn == (int)port) &&
		    test_and_clear_bit(id, ed->poll_mask)) {
			v->evtchn->poll_evtchn = 0;
			vcpu_unblock(v);
		}
	}
}

static void poll_timer_fn(void *data)
{
	struct vcpu *v = data;

	if (test_and_clear_bit(v->vcpu_id, v->domain->evtchn->poll_mask))
		vcpu_unblock(v);
}

/* Negative errno for an invalid or unbound port, else whether it is pending. */
static int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
	struct evtchn *chn = evtchn_lookup(d, port);

	if (!chn || !evtchn_usable(chn))
		return -EINVAL;
	return d->evtchn->ops->is_pending(d, chn);
}

bool local_events_need_delivery(const struct vcpu *v)
{
	return v->vcpu_info && v->vcpu_info->evtchn_upcall_pending &&
	       !v->vcpu_info->evtchn_upcall_mask;
}

/*
 * The start of a guest array: Xen checks only where it begins (below the
 * canonical hole, or above the hypervisor's slots); the copies catch the
 * rest.
 */
static bool guest_handle_okay(unsigned long va)
{
	return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/*
 * SCHEDOP_poll: sleep until one of the ports is pending, any event is
 * delivered, or the absolute `timeout` (0 = none). Events stay masked or
 * unmasked as they are. Returns 0 at once if a port is already pending.
 */
long do_sched_poll(unsigned long arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct evtchn_vcpu *ev = v->evtchn;
	struct sched_poll sp;
	evtchn_port_t port = 0;
	long rc = 0;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > 128)
		return -EINVAL;
	if (!guest_handle_okay(sp.ports))
		return -EFAULT;

	/* Sleep first, then look: an event from now on wakes us. */
	v->pause_flags |= VPF_blocked;
	ev->poll_evtchn = -1;
	set_bit(v->vcpu_id, d->evtchn->poll_mask);

	if (local_events_need_delivery(v))
		goto out;
	for (unsigned int i = 0; i < sp.nr_ports; i++) {
		rc = -EFAULT;
		if (copy_from_guest(&port, sp.ports + i * sizeof(port), sizeof(port)))
			goto out;
		rc = evtchn_port_poll(d, port);
		if (rc) {
			if (rc > 0)
				rc = 0;
			goto out;
		}
	}
	if (sp.nr_ports == 1)
		ev->poll_evtchn = port;
	if (sp.timeout)
		set_timer(&ev->poll_timer, sp.timeout);
	vcpu_sleep(v);
	return 0;

out:
	ev->poll_evtchn = 0;
	clear_bit(v->vcpu_id, d->evtchn->poll_mask);
	v->pause_flags &= ~VPF_blocked;
	return rc;
}

/* --- Life cycle -------------------------------------------------------- */

int evtchn_init(struct domain *d, unsigned int max_port)
{
	struct evtchn_domain *ed = xzalloc(struct evtchn_domain);

	if (!ed)
		return -ENOMEM;
	ed->bucket = xzalloc_array(struct evtchn *, EVTCHN_MAX_BUCKETS);
	if (!ed->bucket) {
		xfree(ed);
		return -ENOMEM;
	}
	ed->max_port = min(max_port, (unsigned int)INT32_MAX);
	d->evtchn = ed;
	evtchn_2l_init(d);
	if (alloc_bucket(d)) {
		xfree(ed->bucket);
		xfree(ed);
		d->evtchn = NULL;
		return -ENOMEM;
	}
	evtchn_from_port(d, 0)->state = ECS_RESERVED;
	return 0;
}

int evtchn_vcpu_init(struct vcpu *v)
{
	v->evtchn = xzalloc(struct evtchn_vcpu);
	if (!v->evtchn)
		return -ENOMEM;
	init_timer(&v->evtchn->poll_timer, poll_timer_fn, v);
	return 0;
}

/*
 * Domain teardown: close every port (the far end of an interdomain channel
 * goes back to unbound, waiting for us) and drop the FIFO pages. The
 * tables stay, all closed, until evtchn_destroy_final(): a dying domain's
 * ports may still be asked about.
 */
void evtchn_destroy(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;

	if (!ed)
		return;
	for (evtchn_port_t port = 1; port_is_valid(d, port); port++)
		evtchn_close(d, port);
	evtchn_fifo_destroy(d);
	evtchn_2l_init(d);
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->evtchn)
			stop_timer(&v->evtchn->poll_timer);
	}
}

/* Free the tables (after evtchn_destroy, when the domain itself goes). */
void evtchn_destroy_final(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;

	if (!ed)
		return;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->evtchn) {
			stop_timer(&v->evtchn->poll_timer);
			xfree(v->evtchn);
			v->evtchn = NULL;
		}
	}
	for (unsigned int i = 0; i < EVTCHN_MAX_BUCKETS; i++)
		xfree(ed->bucket[i]);
	xfree(ed->bucket);
	xfree(ed);
	d->evtchn = NULL;
}
