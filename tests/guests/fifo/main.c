// SPDX-License-Identifier: GPL-2.0-only
/*
 * fifo: the FIFO event-channel ABI. ABI rules checked (Xen 4.17):
 *  - in 2-level mode expand_array is -EOPNOTSUPP and set_priority -ENOSYS;
 *  - init_control: absent vCPU -ENOENT, an offset that lets the control
 *    block cross the page or is not 8-byte aligned -EINVAL, a frame we may
 *    not write (none, a page table) -EINVAL, and the domain stays 2-level;
 *    success returns link_bits 17; a second block for the vCPU -EINVAL;
 *  - after the switch a port has no event word until expand_array adds its
 *    page (bad frames -EINVAL); an event raised meanwhile, or pending in
 *    2-level at the switch, is delivered when the page arrives;
 *  - a raised unmasked port gets PENDING|LINKED, goes to the tail of its
 *    priority's queue (the head if the queue was empty, else the previous
 *    tail's link), sets the queue's ready bit and raises the upcall; a
 *    masked one only gets PENDING until EVTCHNOP_unmask links it;
 *  - set_priority 0-15 picks the queue for later events, above 15 -EINVAL,
 *    on an unbound port -EACCES;
 *  - a port still LINKED after close is not handed out again;
 *  - SCHEDOP_poll sees FIFO pending bits;
 *  - reset closes everything and returns to 2-level (frames released: the
 *    control block can be registered again).
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"

const char test_kernel_name[] = "fifo";

#define W_PENDING (1u << EVTCHN_FIFO_PENDING)
#define W_MASKED  (1u << EVTCHN_FIFO_MASKED)
#define W_LINKED  (1u << EVTCHN_FIFO_LINKED)
#define PRIO_DEF  EVTCHN_FIFO_PRIORITY_DEFAULT

static char cb_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint32_t array0[EVTCHN_FIFO_WORDS_PER_PAGE] __aligned(PAGE_SIZE);
static uint32_t *pages[1] = { array0 };
static volatile struct evtchn_fifo_control_block *cb;

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits)
{
	struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
	long rc = hv_event_channel_op(EVTCHNOP_init_control, &ic);

	if (link_bits)
		*link_bits = ic.link_bits;
	return rc;
}

static long expand(uint64_t gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return hv_event_channel_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(uint32_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = { .port = port, .priority = prio };

	return hv_event_channel_op(EVTCHNOP_set_priority, &sp);
}

static uint32_t word(uint32_t port)
{
	return ((volatile uint32_t *)array0)[port];
}

static uint8_t upcall_pending(void)
{
	return ((volatile struct vcpu_info *)ev_vcpu_info())->evtchn_upcall_pending;
}

static void clear_upcall_pending(void)
{
	((volatile struct vcpu_info *)ev_vcpu_info())->evtchn_upcall_pending = 0;
}

static uint32_t pre;			/* pending in 2-level at the switch */

static void test_before(void)
{
	uint64_t cb_mfn = ev_mfn_of(cb_page);
	uint8_t lb = 0;

	expect_rc("2l.expand_array", expand(ev_mfn_of(array0)), -EOPNOTSUPP);
	expect_rc("2l.bind_ipi", ev_bind_ipi(0, &pre), 0);
	expect_rc("2l.set_priority", set_priority(pre, 3), -ENOSYS);
	expect_rc("2l.set_priority_bad_port", set_priority(4096, 3), -EINVAL);

	expect_rc("init.absent_vcpu", init_control(cb_mfn, 64, 1, NULL), -ENOENT);
	expect_rc("init.offset_crosses", init_control(cb_mfn, PAGE_SIZE - 64, 0, NULL), -EINVAL);
	expect_rc("init.offset_misaligned", init_control(cb_mfn, 68, 0, NULL), -EINVAL);
	expect_rc("init.no_such_frame", init_control(1UL << 40, 64, 0, NULL), -EINVAL);
	expect_rc("init.page_table", init_control(ev_mfn_of((void *)start_info->pt_base), 64, 0,
						  NULL), -EINVAL);
	expect_rc("init.bad_ptr", hv_event_channel_op(EVTCHNOP_init_control, guard_page), -EFAULT);
	expect_rc("init.failed_stays_2l", set_priority(pre, 3), -ENOSYS);

	/* Pending in 2-level when we switch. */
	ev_send(pre);
	check("2l.pending", ev_2l_pending(pre), "pending %d", ev_2l_pending(pre));

	expect_rc("init", init_control(cb_mfn, 64, 0, &lb), 0);
	check_eq("init.link_bits", lb, EVTCHN_FIFO_LINK_BITS);
	cb = (volatile void *)(cb_page + 64);
	expect_rc("init.twice", init_control(cb_mfn, 64, 0, NULL), -EINVAL);
	expect_rc("init.twice_other_offset", init_control(cb_mfn, 128, 0, NULL), -EINVAL);
	expect_rc("fifo.set_priority_default", set_priority(pre, PRIO_DEF), 0);
}

static void test_array(void)
{
	uint32_t late;

	/* No event words yet: a send is held back. */
	expect_rc("noarray.bind", ev_bind_ipi(0, &late), 0);
	clear_upcall_pending();
	expect_rc("noarray.send", ev_send(late), 0);
	check("noarray.held", cb->ready == 0 && !upcall_pending(), "ready %#x upcall_pending %u",
	      cb->ready, upcall_pending());

	expect_rc("expand.no_such_frame", expand(1UL << 40), -EINVAL);
	expect_rc("expand.page_table", expand(ev_mfn_of((void *)start_info->pt_base)), -EINVAL);
	expect_rc("expand.bad_ptr", hv_event_channel_op(EVTCHNOP_expand_array, guard_page), -EFAULT);
	expect_rc("expand", expand(ev_mfn_of(array0)), 0);
	check("expand.raises_held", (word(pre) & (W_PENDING | W_LINKED)) == (W_PENDING | W_LINKED) &&
	      (word(late) & (W_PENDING | W_LINKED)) == (W_PENDING | W_LINKED),
	      "word[%u] %#x word[%u] %#x", pre, word(pre), late, word(late));
	check("expand.queue", cb->head[PRIO_DEF] == pre && (word(pre) & EVTCHN_FIFO_LINK_MASK) == late &&
	      (cb->ready & (1u << PRIO_DEF)) && upcall_pending(),
	      "head %u link %u ready %#x upcall_pending %u", cb->head[PRIO_DEF],
	      word(pre) & EVTCHN_FIFO_LINK_MASK, cb->ready, upcall_pending());

	/* Consume both through the FIFO demultiplexer. */
	events_use_fifo((struct evtchn_fifo_control_block *)cb, pages, 1);
	upcalls_reset();
	events_unmask();
	check("consume.both", upcalls.count == 1 && upcalls.hits[pre] == 1 &&
	      upcalls.hits[late] == 1 && word(pre) == 0 && word(late) == 0 && cb->ready == 0,
	      "upcalls %u hits %u/%u words %#x/%#x ready %#x", upcalls.count, upcalls.hits[pre],
	      upcalls.hits[late], word(pre), word(late), cb->ready);
	ev_close(late);
}

static void test_delivery(void)
{
	uint32_t a, b, p, q;
	unsigned int n;

	expect_rc("pair.alloc", ev_alloc_unbound(DOMID_SELF, &a), 0);
	n = upcalls.count;
	expect_rc("pair.bind", ev_bind_interdomain(DOMID_SELF, a, &b), 0);
	check("pair.bind_raises", upcalls.count == n + 1 && upcalls.last_port == b,
	      "upcalls %u last %u", upcalls.count - n, upcalls.last_port);
	n = upcalls.count;
	expect_rc("send", ev_send(a), 0);
	check("send.upcall", upcalls.count == n + 1 && upcalls.last_port == b && word(b) == 0,
	      "upcalls %u last %u word %#x", upcalls.count - n, upcalls.last_port, word(b));

	/* Masked by the guest: PENDING only; EVTCHNOP_unmask links it. */
	events_mask();
	clear_upcall_pending();
	__sync_fetch_and_or(&array0[b], W_MASKED);
	ev_send(a);
	check("masked.pending_only", word(b) == (W_MASKED | W_PENDING) && cb->ready == 0 &&
	      !upcall_pending(), "word %#x ready %#x", word(b), cb->ready);
	expect_rc("masked.unmask", ev_unmask(b), 0);
	check("masked.unmask_links", word(b) == (W_PENDING | W_LINKED) &&
	      cb->head[PRIO_DEF] == b && (cb->ready & (1u << PRIO_DEF)) && upcall_pending(),
	      "word %#x head %u ready %#x", word(b), cb->head[PRIO_DEF], cb->ready);

	/* Two events on one queue: head, then the first one's link. */
	expect_rc("queue.bind_ipi", ev_bind_ipi(0, &p), 0);
	ev_send(p);
	check("queue.linked", cb->head[PRIO_DEF] == b && (word(b) & EVTCHN_FIFO_LINK_MASK) == p &&
	      word(p) == (W_PENDING | W_LINKED), "head %u link %u word %#x", cb->head[PRIO_DEF],
	      word(b) & EVTCHN_FIFO_LINK_MASK, word(p));
	n = upcalls.count;
	events_unmask();
	check("queue.consumed", upcalls.count == n + 1 && upcalls.hits[b] >= 1 &&
	      word(b) == 0 && word(p) == 0, "upcalls %u words %#x %#x", upcalls.count - n,
	      word(b), word(p));

	/* Priorities choose the queue. */
	expect_rc("prio.set", set_priority(p, 3), 0);
	expect_rc("prio.too_low", set_priority(p, 16), -EINVAL);
	expect_rc("prio.unbound_port", set_priority(40, 3), -EACCES);
	expect_rc("prio.bad_port", set_priority(4096, 3), -EINVAL);
	events_mask();
	ev_send(p);
	check("prio.queue3", cb->head[3] == p && (cb->ready & (1u << 3)), "head[3] %u ready %#x",
	      cb->head[3], cb->ready);

	/* Poll sees the FIFO pending bit. */
	expect_rc("poll.pending", hv_poll(&p, 1, 0), 0);
	n = upcalls.count;
	events_unmask();
	check("prio.consumed", upcalls.count == n + 1 && upcalls.last_port == p,
	      "upcalls %u last %u", upcalls.count - n, upcalls.last_port);

	/* A closed port that is still queued is busy: not handed out again. */
	events_mask();
	ev_send(p);
	expect_rc("busy.close", ev_close(p), 0);
	check("busy.still_linked", word(p) & W_LINKED, "word %#x", word(p));
	expect_rc("busy.bind_ipi", ev_bind_ipi(0, &q), 0);
	check("busy.skipped", q != p, "port %u (busy %u)", q, p);
	events_unmask();
	check("busy.unlinked", !(word(p) & W_LINKED), "word %#x", word(p));
}

static void test_reset(void)
{
	uint64_t cb_mfn = ev_mfn_of(cb_page);
	uint32_t p;

	events_mask();
	expect_rc("reset", ev_reset(), 0);
	events_use_fifo(NULL, NULL, 0);
	expect_rc("reset.2l_set_priority", set_priority(1, 3), -ENOSYS);
	expect_rc("reset.2l_expand", expand(ev_mfn_of(array0)), -EOPNOTSUPP);
	expect_rc("reset.bind_ipi", ev_bind_ipi(0, &p), 0);
	check_eq("reset.first_port", p, 1);
	ev_send(p);
	check("reset.2l_delivery", ev_2l_pending(p), "pending %d", ev_2l_pending(p));
	events_unmask();
	expect_rc("reset.init_again", init_control(cb_mfn, 64, 0, NULL), 0);
	expect_rc("reset.again", ev_reset(), 0);
}

void test_main(void)
{
	events_init();
	if (hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL))
		panic("stop_periodic_timer");
	test_before();
	test_array();
	test_delivery();
	test_reset();
}
