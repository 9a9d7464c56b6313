// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output for a kernel booted as a domU. Only the control domain
 * may write to the hypervisor's console (Xen refuses console_io from any
 * other domain), so a domU writes its lines into the shared console ring
 * the toolstack set up (start_info.console.domU) and notifies the back-end
 * (the dom0 console daemon) through the ring's event channel.
 */
#include "lib.h"
#include "hypercall.h"
#include "evtchn.h"

/* The console page's layout (io/console.h): input ring, output ring, indices. */
struct cons_ring {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};
_Static_assert(__builtin_offsetof(struct cons_ring, out_prod) == 3084, "console ring");

static char ring_page[PAGE_SIZE]
	__attribute__((section(".bss.page_aligned"), aligned(4096)));
static volatile struct cons_ring *ring;
static uint32_t ring_port;

#define barrier() asm volatile("" ::: "memory")

bool console_ring_init(const struct start_info *si)
{
	uint64_t pte;

	if ((si->flags & SIF_INITDOMAIN) || !si->console.domU.mfn)
		return false;
	pte = (si->console.domU.mfn << 12) | _PAGE_PRESENT | _PAGE_RW |
	      _PAGE_ACCESSED | _PAGE_DIRTY;
	if (hv_update_va_mapping((unsigned long)ring_page, pte, UVMF_INVLPG))
		return false;
	ring = (volatile struct cons_ring *)ring_page;
	ring_port = si->console.domU.evtchn;
	return true;
}

bool console_ring_active(void)
{
	return ring != NULL;
}

static void notify(void)
{
	struct evtchn_port_arg p = { .port = ring_port };

	hv_event_channel_op(EVTCHNOP_send, &p);
}

/*
 * Sleep until the back-end signals (it notifies after consuming) or 10 ms
 * pass. Events stay masked, so the pending bit is cleared here by hand.
 */
static void wait_backend(void)
{
	uint32_t port = ring_port;

	ev_2l_clear_pending(port);
	hv_poll(&port, 1, now_ns() + 10000000ULL);
}

void console_ring_write(const char *s, size_t len)
{
	while (len) {
		uint32_t prod = ring->out_prod;
		uint32_t space = sizeof(ring->out) - (prod - ring->out_cons);
		size_t n;

		if (space > sizeof(ring->out)) {
			/* A back-end that moved out_cons past out_prod: start over. */
			ring->out_cons = prod;
			continue;
		}
		if (!space) {
			notify();
			wait_backend();
			continue;
		}
		n = len < space ? len : space;
		for (size_t i = 0; i < n; i++)
			ring->out[(prod + i) % sizeof(ring->out)] = s[i];
		barrier();
		ring->out_prod = prod + (uint32_t)n;
		s += n;
		len -= n;
		notify();
	}
}

/* Give the back-end up to two seconds to take everything written. */
void console_ring_flush(void)
{
	uint64_t end;

	if (!ring)
		return;
	end = now_ns() + 2000000000ULL;
	while (ring->out_cons != ring->out_prod && now_ns() < end) {
		notify();
		wait_backend();
	}
}

/* Stay alive without spinning: the toolstack destroys the domain. */
void console_ring_linger(void)
{
	uint32_t port = ring_port;

	for (;;) {
		ev_2l_clear_pending(port);
		hv_poll(&port, 1, 0);
	}
}
