// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FIFO event ABI: one 32-bit event word per port (PENDING, MASKED,
 * LINKED, BUSY and a 17-bit link) in pages the guest gives us, and per vCPU
 * a control block with 16 priority queues. A raised, unmasked port is
 * appended to its queue: the previous tail's link (or the queue head, if
 * the queue was empty) gets the port, and the queue's ready bit going up
 * raises the upcall. The guest consumes from the heads and unlinks.
 *
 * The guest may flip MASKED, clear PENDING and unlink a word at any time,
 * so words change only by atomic bit operations or compare-and-exchange.
 *
 * Locking: see hv/evtchn.h. On SMP each queue needs a lock held while an
 * event is linked onto it.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/evtchn.h>
#include <hv/guest-frame.h>

#define EVENT_WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define MAX_EVENT_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / EVENT_WORDS_PER_PAGE)

#define W_PENDING (1u << EVTCHN_FIFO_PENDING)
#define W_MASKED  (1u << EVTCHN_FIFO_MASKED)
#define W_LINKED  (1u << EVTCHN_FIFO_LINKED)
#define W_BUSY    (1u << EVTCHN_FIFO_BUSY)

struct fifo_queue {
	volatile uint32_t *head;       /* in the control block */
	evtchn_port_t tail;            /* last port linked, 0 = none */
	uint8_t priority;
};

struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *control_block;  /* NULL until registered */
	struct fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	event_word_t *event_array[MAX_EVENT_ARRAY_PAGES];
	unsigned int num_evtchns;      /* ports with an event word */
};

static volatile event_word_t *word_from_port(const struct domain *d, evtchn_port_t port)
{
	const struct evtchn_fifo_domain *fd = d->evtchn->fifo;

	if (port >= fd->num_evtchns)
		return NULL;
	return fd->event_array[port / EVENT_WORDS_PER_PAGE] + port % EVENT_WORDS_PER_PAGE;
}

static void evtchn_fifo_init(struct domain *d, struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	/* Still queued from its previous life: the first event may go astray. */
	if (w && test_bit(EVTCHN_FIFO_LINKED, w))
		gprintk(LOG_WARN, "port %u already on a queue\n", chn->port);
}

/*
 * Make the word at `w` link to `link`, but only while it is still LINKED
 * (the guest may unlink it meanwhile). Returns true if linked. BUSY stops
 * the guest unmasking the word while we retry.
 */
static bool fifo_set_link(volatile event_word_t *w, evtchn_port_t link)
{
	for (unsigned int try = 0; try < 5; try++) {
		event_word_t old = *w, new;

		if (!(old & W_LINKED)) {
			if (try)
				clear_bit(EVTCHN_FIFO_BUSY, w);
			return false;
		}
		new = (old & ~(W_BUSY | EVTCHN_FIFO_LINK_MASK)) | link;
		if (cmpxchg32(w, old, new) == old)
			return true;
		if (!try)
			set_bit(EVTCHN_FIFO_BUSY, w);
	}
	gprintk(LOG_WARN, "port %u: cannot link, the guest keeps changing the tail\n", link);
	clear_bit(EVTCHN_FIFO_BUSY, w);
	return true;
}

static void evtchn_fifo_set_pending(struct vcpu *v, struct evtchn *chn)
{
	struct domain *d = v->domain;
	struct evtchn_fifo_vcpu *fv = v->evtchn->fifo;
	evtchn_port_t port = chn->port;
	volatile event_word_t *w = word_from_port(d, port);
	struct fifo_queue *q, *old_q;
	bool was_pending, linked = true;

	if (!w) {
		/* No page for its word yet: raise it when the page comes. */
		chn->pending = true;
		return;
	}
	q = &fv->queue[chn->priority];
	old_q = &d->vcpu[chn->last_vcpu_id]->evtchn->fifo->queue[chn->last_priority];
	was_pending = test_and_set_bit(EVTCHN_FIFO_PENDING, w);

	if (!fv->control_block) {
		/* The guest must not unmask before registering: dropped. */
		gprintk(LOG_WARN, "vcpu %u has no FIFO control block\n", v->vcpu_id);
		goto out;
	}
	if (!test_bit(EVTCHN_FIFO_MASKED, w) && !test_and_set_bit(EVTCHN_FIFO_LINKED, w)) {
		/* It was the old queue's tail: that queue is empty now. */
		if (old_q->tail == port)
			old_q->tail = 0;
		if (old_q != q) {
			chn->last_vcpu_id = v->vcpu_id;
			chn->last_priority = q->priority;
		}
		linked = false;
		if (q->tail)
			linked = fifo_set_link(word_from_port(d, q->tail), port);
		if (!linked)
			WRITE_ONCE(*q->head, port);
		q->tail = port;
	}
out:
	if (!linked && !test_and_set_bit(q->priority, &fv->control_block->ready))
		vcpu_mark_events_pending(v);
	if (!was_pending)
		evtchn_check_pollers(d, port);
}

static void evtchn_fifo_clear_pending(struct domain *d, struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	/* The guest unlinks words it finds not pending. */
	if (w)
		clear_bit(EVTCHN_FIFO_PENDING, w);
}

static void evtchn_fifo_unmask(struct domain *d, struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	if (!w)
		return;
	clear_bit(EVTCHN_FIFO_MASKED, w);
	if (test_bit(EVTCHN_FIFO_PENDING, w))
		evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu_id], chn);
}

static bool evtchn_fifo_is_pending(const struct domain *d, const struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	return w && test_bit(EVTCHN_FIFO_PENDING, w);
}

static bool evtchn_fifo_is_masked(const struct domain *d, const struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	return !w || test_bit(EVTCHN_FIFO_MASKED, w);
}

static bool evtchn_fifo_is_busy(const struct domain *d, const struct evtchn *chn)
{
	volatile event_word_t *w = word_from_port(d, chn->port);

	return w && test_bit(EVTCHN_FIFO_LINKED, w);
}

/* Only later events use the new queue; one already linked stays put. */
static int evtchn_fifo_set_priority(struct domain *d, struct evtchn *chn, unsigned int prio)
{
	if (prio > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	chn->priority = prio;
	return 0;
}

static const struct evtchn_port_ops evtchn_port_ops_fifo = {
	.init = evtchn_fifo_init,
	.set_pending = evtchn_fifo_set_pending,
	.clear_pending = evtchn_fifo_clear_pending,
	.unmask = evtchn_fifo_unmask,
	.is_pending = evtchn_fifo_is_pending,
	.is_masked = evtchn_fifo_is_masked,
	.is_busy = evtchn_fifo_is_busy,
	.set_priority = evtchn_fifo_set_priority,
};

static int map_control_block(struct vcpu *v, uint64_t mfn, uint32_t offset)
{
	struct evtchn_fifo_vcpu *fv = v->evtchn->fifo;
	char *page;

	if (fv->control_block)
		return -EINVAL;
	page = guest_frame_get_writable(v->domain, mfn);
	if (!page)
		return -EINVAL;
	fv->control_block = (void *)(page + offset);
	for (unsigned int i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
		fv->queue[i].head = &fv->control_block->head[i];
	return 0;
}

/* Ports bound before the switch keep a pending event and get the default queue. */
static void setup_ports(struct domain *d, unsigned int prev_evtchns)
{
	for (evtchn_port_t port = 1; port < prev_evtchns && port_is_valid(d, port); port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		if (test_bit(port, d->shared_info->evtchn_pending))
			chn->pending = true;
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	}
}

void evtchn_fifo_destroy(struct domain *d)
{
	struct evtchn_fifo_domain *fd = d->evtchn->fifo;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v || !v->evtchn || !v->evtchn->fifo)
			continue;
		guest_frame_put_writable(v->evtchn->fifo->control_block);
		xfree(v->evtchn->fifo);
		v->evtchn->fifo = NULL;
	}
	if (!fd)
		return;
	for (unsigned int i = 0; i < MAX_EVENT_ARRAY_PAGES; i++)
		guest_frame_put_writable(fd->event_array[i]);
	xfree(fd);
	d->evtchn->fifo = NULL;
}

/*
 * The first control block switches the domain to FIFO: per-vCPU queues
 * and an event array with no pages yet, so every port lacks a word until
 * expand_array adds one.
 */
int evtchn_fifo_init_control(struct evtchn_init_control *ic)
{
	struct domain *d = current->domain;
	struct evtchn_domain *ed = d->evtchn;
	unsigned int prev_evtchns;
	struct vcpu *v;
	int rc;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	v = ic->vcpu < d->max_vcpus ? d->vcpu[ic->vcpu] : NULL;
	if (!v)
		return -ENOENT;
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
		return -EINVAL;
	if (ic->offset & 7)
		return -EINVAL;
	if (ed->fifo)
		return map_control_block(v, ic->control_gfn, ic->offset);

	prev_evtchns = ed->max_evtchns;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *vcb = d->vcpu[i];

		if (!vcb)
			continue;
		vcb->evtchn->fifo = xzalloc(struct evtchn_fifo_vcpu);
		if (!vcb->evtchn->fifo) {
			rc = -ENOMEM;
			goto err;
		}
		for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			vcb->evtchn->fifo->queue[q].priority = q;
	}
	ed->fifo = xzalloc(struct evtchn_fifo_domain);
	if (!ed->fifo) {
		rc = -ENOMEM;
		goto err;
	}
	rc = map_control_block(v, ic->control_gfn, ic->offset);
	if (rc)
		goto err;
	ed->ops = &evtchn_port_ops_fifo;
	ed->max_evtchns = EVTCHN_FIFO_NR_CHANNELS;
	setup_ports(d, prev_evtchns);
	return 0;

err:
	evtchn_fifo_destroy(d);
	return rc;
}

int evtchn_fifo_expand_array(const struct evtchn_expand_array *ea)
{
	struct domain *d = current->domain;
	struct evtchn_fifo_domain *fd = d->evtchn->fifo;
	unsigned int slot;
	evtchn_port_t port;
	void *page;

	if (!fd)
		return -EOPNOTSUPP;
	slot = fd->num_evtchns / EVENT_WORDS_PER_PAGE;
	if (slot >= MAX_EVENT_ARRAY_PAGES)
		return -ENOSPC;
	page = guest_frame_get_writable(d, ea->array_gfn);
	if (!page)
		return -EINVAL;
	fd->event_array[slot] = page;
	port = fd->num_evtchns;
	fd->num_evtchns += EVENT_WORDS_PER_PAGE;

	/* Raise what was sent while these ports had no word. */
	for (; port < fd->num_evtchns && port_is_valid(d, port); port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		if (chn->pending)
			evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu_id], chn);
	}
	return 0;
}
