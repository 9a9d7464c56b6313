// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event side of the test library: registering the event callback, the
 * 2-level and FIFO demultiplexers run by each upcall, the upcall log the
 * tests check, event-channel wrappers and the PV clock reader.
 */
#include "lib.h"
#include "hypercall.h"
#include "evtchn.h"

volatile struct upcall_log upcalls;

static struct vcpu_info *vinfo;		/* vcpu 0's, wherever it is */
static struct evtchn_fifo_control_block *fifo_cb;
static uint32_t **fifo_pages;
static unsigned int fifo_nr_pages;
static uint32_t fifo_head[EVTCHN_FIFO_MAX_QUEUES];

extern char event_callback_entry[];
void event_upcall(uint64_t *frame);

/* --- Wrappers ----------------------------------------------------------- */

long ev_alloc_unbound(uint16_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = hv_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	if (!rc)
		*port = a.port;
	return rc;
}

long ev_bind_interdomain(uint16_t remote_dom, uint32_t remote_port, uint32_t *port)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote_dom,
					     .remote_port = remote_port };
	long rc = hv_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	if (!rc)
		*port = b.local_port;
	return rc;
}

long ev_bind_virq(uint32_t virq, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = hv_event_channel_op(EVTCHNOP_bind_virq, &b);

	if (!rc)
		*port = b.port;
	return rc;
}

long ev_bind_ipi(uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long rc = hv_event_channel_op(EVTCHNOP_bind_ipi, &b);

	if (!rc)
		*port = b.port;
	return rc;
}

long ev_send(uint32_t port)
{
	struct evtchn_port_arg a = { .port = port };

	return hv_event_channel_op(EVTCHNOP_send, &a);
}

long ev_close(uint32_t port)
{
	struct evtchn_port_arg a = { .port = port };

	return hv_event_channel_op(EVTCHNOP_close, &a);
}

long ev_unmask(uint32_t port)
{
	struct evtchn_port_arg a = { .port = port };

	return hv_event_channel_op(EVTCHNOP_unmask, &a);
}

long ev_bind_vcpu(uint32_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return hv_event_channel_op(EVTCHNOP_bind_vcpu, &b);
}

long ev_status(uint32_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return hv_event_channel_op(EVTCHNOP_status, st);
}

long ev_reset(void)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };

	return hv_event_channel_op(EVTCHNOP_reset, &r);
}

/* --- 2-level bits ------------------------------------------------------- */

static inline void bit_set(volatile uint64_t *w, unsigned int b)
{
	asm volatile("lock btsq %1, %0" : "+m"(*w) : "r"((uint64_t)b) : "memory");
}

static inline void bit_clear(volatile uint64_t *w, unsigned int b)
{
	asm volatile("lock btrq %1, %0" : "+m"(*w) : "r"((uint64_t)b) : "memory");
}

bool ev_2l_pending(uint32_t port)
{
	return (((volatile uint64_t *)shared_info->evtchn_pending)[port / 64] >> (port % 64)) & 1;
}

bool ev_2l_masked(uint32_t port)
{
	return (((volatile uint64_t *)shared_info->evtchn_mask)[port / 64] >> (port % 64)) & 1;
}

void ev_2l_set_mask(uint32_t port)
{
	bit_set(&shared_info->evtchn_mask[port / 64], port % 64);
}

void ev_2l_clear_mask(uint32_t port)
{
	bit_clear(&shared_info->evtchn_mask[port / 64], port % 64);
}

void ev_2l_clear_pending(uint32_t port)
{
	bit_clear(&shared_info->evtchn_pending[port / 64], port % 64);
}

/* --- Upcalls ------------------------------------------------------------ */

struct vcpu_info *ev_vcpu_info(void)
{
	return vinfo ? vinfo : &shared_info->vcpu_info[0];
}

void ev_set_vcpu_info(struct vcpu_info *vi)
{
	vinfo = vi;
}

void events_mask(void)
{
	((volatile struct vcpu_info *)ev_vcpu_info())->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
}

void events_unmask(void)
{
	volatile struct vcpu_info *vi = ev_vcpu_info();

	vi->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
	/* Any hypercall returns through the upcall check. */
	if (vi->evtchn_upcall_pending)
		hv_xen_version(XENVER_version, NULL);
}

void upcalls_reset(void)
{
	memset((void *)&upcalls, 0, sizeof(upcalls));
}

static void handled(uint32_t port)
{
	upcalls.events++;
	upcalls.last_port = port;
	if (port < ARRAY_SIZE(upcalls.hits))
		upcalls.hits[port]++;
}

static void demux_2l(volatile struct vcpu_info *vi)
{
	uint64_t sel;

	asm volatile("xchgq %0, %1" : "=r"(sel), "+m"(vi->evtchn_pending_sel)
		     : "0"(0UL) : "memory");
	upcalls.sel |= sel;
	while (sel) {
		unsigned int w = __builtin_ctzl(sel);
		uint64_t bits;

		sel &= sel - 1;
		bits = ((volatile uint64_t *)shared_info->evtchn_pending)[w] &
		       ~((volatile uint64_t *)shared_info->evtchn_mask)[w];
		while (bits) {
			unsigned int b = __builtin_ctzl(bits);

			bits &= bits - 1;
			bit_clear(&shared_info->evtchn_pending[w], b);
			handled(w * 64 + b);
		}
	}
}

static volatile uint32_t *fifo_word(uint32_t port)
{
	if (port / EVTCHN_FIFO_WORDS_PER_PAGE >= fifo_nr_pages)
		return NULL;
	return &fifo_pages[port / EVTCHN_FIFO_WORDS_PER_PAGE][port % EVTCHN_FIFO_WORDS_PER_PAGE];
}

/* Take one event off queue q; clear q's ready bit when it empties. */
static void fifo_consume_one(unsigned int q, uint32_t *ready)
{
	volatile uint32_t *w;
	uint32_t port = fifo_head[q], old, new;

	if (!port)
		port = ((volatile uint32_t *)fifo_cb->head)[q];
	w = port ? fifo_word(port) : NULL;
	if (!w) {
		*ready &= ~(1u << q);
		return;
	}
	/* Unlink: clear LINKED and the link, keep what the link was. */
	do {
		old = *w;
		new = old & ~((1u << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
	} while (!__sync_bool_compare_and_swap(w, old, new));
	fifo_head[q] = old & EVTCHN_FIFO_LINK_MASK;
	if (!fifo_head[q])
		*ready &= ~(1u << q);
	if ((old & (1u << EVTCHN_FIFO_PENDING)) && !(old & (1u << EVTCHN_FIFO_MASKED))) {
		__sync_fetch_and_and(w, ~(1u << EVTCHN_FIFO_PENDING));
		handled(port);
	}
}

static void demux_fifo(void)
{
	uint32_t ready = __sync_lock_test_and_set(&fifo_cb->ready, 0);

	while (ready) {
		fifo_consume_one(__builtin_ctz(ready), &ready);
		ready |= __sync_lock_test_and_set(&fifo_cb->ready, 0);
	}
}

void event_upcall(uint64_t *frame)
{
	volatile struct vcpu_info *vi = ev_vcpu_info();

	upcalls.count++;
	upcalls.last_rip = frame[2];
	upcalls.last_cs = frame[3];
	upcalls.last_rflags = frame[4];
	upcalls.mask_in_handler = vi->evtchn_upcall_mask;
	upcalls.last_time = now_ns();
	vi->evtchn_upcall_pending = 0;
	asm volatile("" ::: "memory");
	if (fifo_cb)
		demux_fifo();
	else
		demux_2l(vi);
}

void events_use_fifo(struct evtchn_fifo_control_block *cb, uint32_t **pages,
		     unsigned int nr_pages)
{
	memset(fifo_head, 0, sizeof(fifo_head));
	fifo_pages = pages;
	fifo_nr_pages = nr_pages;
	fifo_cb = cb;
}

void events_init(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)event_callback_entry,
	};
	long rc = hv_callback_op(CALLBACKOP_register, &cb);

	if (rc)
		panic("registering the event callback: %ld", rc);
}

/* --- Time --------------------------------------------------------------- */

uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t ns;

	do {
		uint64_t delta;

		version = t->version;
		asm volatile("" ::: "memory");
		delta = rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift >= 0)
			delta <<= t->tsc_shift;
		else
			delta >>= -t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

uint64_t now_ns(void)
{
	return pvclock_read(&ev_vcpu_info()->time);
}

void spin_until(uint64_t deadline)
{
	while (now_ns() < deadline)
		asm volatile("pause");
}

bool wait_upcall(unsigned int count, uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (upcalls.count <= count) {
		if (now_ns() >= end)
			return upcalls.count > count;
		asm volatile("pause");
	}
	return true;
}
