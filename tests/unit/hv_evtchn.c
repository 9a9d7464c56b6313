// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host build of the event channels, unchanged, in one translation unit:
 * common/event/evtchn.c, evtchn-2l.c and evtchn-fifo.c, around the shims
 * of hv_evtchn.h (current, guest frames). The supporting stubs (heap,
 * guest copies, timers, scheduler hooks, domain lookup) and the model are
 * in ev_model.c. After the sources come a few read-only accessors for the
 * FIFO state that evtchn-fifo.c keeps private, used by the model's check.
 * Linked into the unit tests; fuzz/fuzz_evtchn.c includes this file.
 */
#include "lib-rename.h"
#include "hv_evtchn.h"
/* The hypervisor is built with -Wno-unused-parameter (hypervisor/Makefile). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../../hypervisor/common/event/evtchn.c"
#include "../../hypervisor/common/event/evtchn-2l.c"
#include "../../hypervisor/common/event/evtchn-fifo.c"
#pragma GCC diagnostic pop

/* The event word of `port`, NULL without one (or not in FIFO). */
volatile uint32_t *ev_hv_fifo_word(const struct domain *d, uint32_t port)
{
	return d->evtchn->fifo ? word_from_port(d, port) : NULL;
}

unsigned int ev_hv_fifo_nr_words(const struct domain *d)
{
	return d->evtchn->fifo ? d->evtchn->fifo->num_evtchns : 0;
}

/* v's control block, NULL if none registered (or not in FIFO). */
struct evtchn_fifo_control_block *ev_hv_fifo_cb(const struct vcpu *v)
{
	return v->evtchn->fifo ? v->evtchn->fifo->control_block : NULL;
}

uint32_t ev_hv_fifo_tail(const struct vcpu *v, unsigned int prio)
{
	return v->evtchn->fifo ? v->evtchn->fifo->queue[prio].tail : 0;
}

void ev_hv_poll_timer_fn(void *data)
{
	poll_timer_fn(data);
}

#include "lib-unrename.h"
