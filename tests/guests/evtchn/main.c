// SPDX-License-Identifier: GPL-2.0-only
/*
 * evtchn: event channels with the 2-level ABI. ABI rules checked (Xen 4.17):
 *  - ports are handed out lowest first from 1 (port 0 is reserved and
 *    reports "closed"); ports beyond the allocated buckets of 64, or beyond
 *    the 4096-port 2-level limit, are -EINVAL; allocating past port 4095 is
 *    -ENOSPC;
 *  - alloc_unbound + bind_interdomain to DOMID_SELF (or our own id 0)
 *    make a loopback pair;
 *    binding raises the new local port at once; status reports both ends;
 *  - send sets the far end's pending bit and, if unmasked, its selector
 *    bit and upcall_pending; the upcall enters the event callback with the
 *    frame of an exception without error code (CS RPL 0 from kernel mode,
 *    saved mask 0 in CS bits 32-39, IF set) and events masked;
 *  - a masked port stays pending without upcall; EVTCHNOP_unmask raises it,
 *    but only if it was still masked; unmask of a free port does nothing;
 *  - close frees a port, the other end goes back to unbound; sending on an
 *    unbound port is dropped, on a closed or VIRQ port -EINVAL; closing
 *    twice -EINVAL;
 *  - bind_ipi to self; bind_vcpu retargets unbound/interdomain/global-VIRQ
 *    ports, refuses IPIs and per-vCPU VIRQs, -ENOENT for absent vCPUs;
 *  - bind_virq: -EEXIST when bound twice, -EINVAL for a bad VIRQ or a
 *    global one on vCPU != 0, -ENOENT for an absent vCPU;
 *  - reset closes every port and clears their pending bits;
 *  - bad pointers -EFAULT, unknown sub-ops -ENOSYS (the sub-op is 32-bit),
 *    unknown domains -ESRCH; a result that cannot be written back is
 *    -EFAULT although the port was allocated.
 * The 100 Hz default periodic timer is stopped first so that VIRQ_TIMER
 * stays quiet.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"

const char test_kernel_name[] = "evtchn";

#define HV_DIRECTMAP 0xffff830000000000UL

static char ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void expect_status(const char *name, uint32_t port, uint32_t status, uint32_t dom_or_virq,
			  uint32_t rport)
{
	struct evtchn_status st;
	long rc = ev_status(port, &st);
	bool ok = rc == 0 && st.status == status && st.vcpu == 0;

	if (ok && status == EVTCHNSTAT_unbound)
		ok = st.u.unbound.dom == dom_or_virq;
	if (ok && status == EVTCHNSTAT_interdomain)
		ok = st.u.interdomain.dom == dom_or_virq && st.u.interdomain.port == rport;
	if (ok && status == EVTCHNSTAT_virq)
		ok = st.u.virq == dom_or_virq;
	check(name, ok, "rc %ld status %u vcpu %u u %#x/%u", rc, st.status, st.vcpu,
	      st.u.interdomain.dom, st.u.interdomain.port);
}

static uint64_t selector(void)
{
	return ((volatile struct vcpu_info *)ev_vcpu_info())->evtchn_pending_sel;
}

static uint8_t upcall_pending(void)
{
	return ((volatile struct vcpu_info *)ev_vcpu_info())->evtchn_upcall_pending;
}

static uint32_t a, b;			/* the loopback pair */

static void test_loopback(void)
{
	unsigned int n;

	expect_rc("alloc_unbound", ev_alloc_unbound(DOMID_SELF, &a), 0);
	check_eq("alloc_unbound.first_port", a, 1);
	expect_status("status.unbound", a, EVTCHNSTAT_unbound, 0, 0);
	expect_rc("bind_interdomain", ev_bind_interdomain(DOMID_SELF, a, &b), 0);
	check_eq("bind_interdomain.port", b, 2);
	expect_status("status.interdomain.a", a, EVTCHNSTAT_interdomain, 0, b);
	expect_status("status.interdomain.b", b, EVTCHNSTAT_interdomain, 0, a);

	/* Binding raised the new end; events are still masked. */
	check("bind.raises_local", ev_2l_pending(b) && !ev_2l_pending(a),
	      "pending a %d b %d", ev_2l_pending(a), ev_2l_pending(b));
	check("bind.selector", (selector() & 1) && upcall_pending(),
	      "sel %#lx upcall_pending %u", selector(), upcall_pending());
	check_eq("masked.no_upcall", upcalls.count, 0);

	events_unmask();
	check("upcall.after_unmask", upcalls.count == 1 && upcalls.hits[b] == 1,
	      "count %u hits[b] %u sel %#lx", upcalls.count, upcalls.hits[b], upcalls.sel);
	check_eq("upcall.frame.cs", upcalls.last_cs & 0xffff, 0xe030);
	check_eq("upcall.frame.saved_mask", (upcalls.last_cs >> 32) & 0xff, 0);
	check("upcall.frame.if", upcalls.last_rflags & X86_EFLAGS_IF, "rflags %#lx",
	      upcalls.last_rflags);
	check_eq("upcall.mask_in_handler", upcalls.mask_in_handler, 1);
	check_eq("upcall.mask_restored", ev_vcpu_info()->evtchn_upcall_mask, 0);

	/* Each end notifies the other; the upcall comes on the way back. */
	n = upcalls.count;
	expect_rc("send.a", ev_send(a), 0);
	check("send.a.upcall", upcalls.count == n + 1 && upcalls.last_port == b,
	      "count %u last port %u", upcalls.count - n, upcalls.last_port);
	expect_rc("send.b", ev_send(b), 0);
	check("send.b.upcall", upcalls.count == n + 2 && upcalls.last_port == a,
	      "count %u last port %u", upcalls.count - n, upcalls.last_port);
	check_eq("send.clears_nothing_else", ev_2l_pending(a) | ev_2l_pending(b), 0);

	/* A masked port: pending, no selector, no upcall; unmask raises it. */
	n = upcalls.count;
	ev_2l_set_mask(b);
	expect_rc("masked.send", ev_send(a), 0);
	check("masked.pending_only", ev_2l_pending(b) && selector() == 0 && !upcall_pending() &&
	      upcalls.count == n, "pending %d sel %#lx upcall_pending %u upcalls %u",
	      ev_2l_pending(b), selector(), upcall_pending(), upcalls.count - n);
	expect_rc("masked.unmask", ev_unmask(b), 0);
	check("masked.unmask_upcall", upcalls.count == n + 1 && upcalls.last_port == b &&
	      !ev_2l_masked(b), "upcalls %u last port %u masked %d", upcalls.count - n,
	      upcalls.last_port, ev_2l_masked(b));

	/* Unmasked by the guest itself: EVTCHNOP_unmask finds nothing to do. */
	n = upcalls.count;
	ev_2l_set_mask(b);
	ev_send(a);
	ev_2l_clear_mask(b);
	expect_rc("selfunmask.unmask", ev_unmask(b), 0);
	check("selfunmask.no_upcall", upcalls.count == n && ev_2l_pending(b),
	      "upcalls %u pending %d", upcalls.count - n, ev_2l_pending(b));
	ev_2l_clear_pending(b);

	/* Close one end: the other is unbound again and sends are dropped. */
	expect_rc("close", ev_close(b), 0);
	expect_status("close.status_closed", b, EVTCHNSTAT_closed, 0, 0);
	expect_status("close.other_unbound", a, EVTCHNSTAT_unbound, 0, 0);
	expect_rc("close.twice", ev_close(b), -EINVAL);
	expect_rc("send.closed", ev_send(b), -EINVAL);
	n = upcalls.count;
	expect_rc("send.unbound_dropped", ev_send(a), 0);
	check("send.unbound_nothing", upcalls.count == n && !ev_2l_pending(a) &&
	      !ev_2l_pending(b), "upcalls %u", upcalls.count - n);

	/* Our own domain id works like DOMID_SELF, on both sides. */
	{
		struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = 0 };
		uint32_t c;

		expect_rc("own_id.alloc", hv_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
		expect_status("own_id.status", au.port, EVTCHNSTAT_unbound, 0, 0);
		expect_rc("own_id.bind", ev_bind_interdomain(0, au.port, &c), 0);
		expect_status("own_id.linked", c, EVTCHNSTAT_interdomain, 0, au.port);
		ev_close(c);
		ev_close(au.port);
	}

	/* Rebinding takes the lowest free port and raises it. */
	n = upcalls.count;
	expect_rc("rebind", ev_bind_interdomain(DOMID_SELF, a, &b), 0);
	check("rebind.port_and_upcall", b == 2 && upcalls.count == n + 1 &&
	      upcalls.last_port == b, "port %u upcalls %u", b, upcalls.count - n);
}

static uint32_t ipi;

static void test_ipi(void)
{
	unsigned int n;

	expect_rc("ipi.bind", ev_bind_ipi(0, &ipi), 0);
	check_eq("ipi.port", ipi, 3);
	expect_status("ipi.status", ipi, EVTCHNSTAT_ipi, 0, 0);
	n = upcalls.count;
	expect_rc("ipi.send", ev_send(ipi), 0);
	check("ipi.upcall", upcalls.count == n + 1 && upcalls.last_port == ipi,
	      "upcalls %u last port %u", upcalls.count - n, upcalls.last_port);
	expect_rc("ipi.bad_vcpu", ev_bind_ipi(1, &n), -ENOENT);
	expect_rc("ipi.huge_vcpu", ev_bind_ipi(0xffffffffu, &n), -ENOENT);
}

static void test_bind_vcpu(void)
{
	expect_rc("bind_vcpu.interdomain", ev_bind_vcpu(b, 0), 0);
	expect_rc("bind_vcpu.ipi", ev_bind_vcpu(ipi, 0), -EINVAL);
	expect_rc("bind_vcpu.absent_vcpu", ev_bind_vcpu(b, 1), -ENOENT);
	expect_rc("bind_vcpu.absent_vcpu_bad_port", ev_bind_vcpu(4096, 1), -ENOENT);
	expect_rc("bind_vcpu.bad_port", ev_bind_vcpu(4096, 0), -EINVAL);
	expect_rc("bind_vcpu.free_port", ev_bind_vcpu(40, 0), -EINVAL);
	expect_rc("bind_vcpu.reserved_port", ev_bind_vcpu(0, 0), -EINVAL);
}

static void test_virq(void)
{
	uint32_t t, d, c, x, p;

	expect_rc("virq.timer", ev_bind_virq(VIRQ_TIMER, 0, &t), 0);
	expect_status("virq.timer.status", t, EVTCHNSTAT_virq, VIRQ_TIMER, 0);
	expect_rc("virq.timer.twice", ev_bind_virq(VIRQ_TIMER, 0, &p), -EEXIST);
	expect_rc("virq.timer.absent_vcpu", ev_bind_virq(VIRQ_TIMER, 1, &p), -ENOENT);
	expect_rc("virq.send", ev_send(t), -EINVAL);
	expect_rc("virq.bind_vcpu_percpu", ev_bind_vcpu(t, 0), -EINVAL);
	expect_rc("virq.debug", ev_bind_virq(VIRQ_DEBUG, 0, &d), 0);
	expect_rc("virq.console.vcpu1", ev_bind_virq(VIRQ_CONSOLE, 1, &p), -EINVAL);
	expect_rc("virq.console", ev_bind_virq(VIRQ_CONSOLE, 0, &c), 0);
	expect_rc("virq.console.bind_vcpu", ev_bind_vcpu(c, 0), 0);
	expect_rc("virq.dom_exc", ev_bind_virq(VIRQ_DOM_EXC, 0, &x), 0);
	expect_rc("virq.too_big", ev_bind_virq(NR_VIRQS, 0, &p), -EINVAL);
	expect_rc("virq.huge", ev_bind_virq(0xffffffffu, 0, &p), -EINVAL);
	expect_rc("virq.close", ev_close(t), 0);
	expect_rc("virq.rebind", ev_bind_virq(VIRQ_TIMER, 0, &p), 0);
	check_eq("virq.rebind_same_port", p, t);
	expect_rc("virq.close_dom_exc", ev_close(x), 0);
	expect_rc("virq.close_dom_exc_twice", ev_close(x), -EINVAL);
}

static void test_ports(void)
{
	struct evtchn_status st;

	expect_status("port0.closed", 0, EVTCHNSTAT_closed, 0, 0);
	expect_rc("port0.close", ev_close(0), -EINVAL);
	expect_rc("port0.send", ev_send(0), -EINVAL);
	expect_rc("port0.unmask", ev_unmask(0), 0);
	expect_status("bucket.last", 63, EVTCHNSTAT_closed, 0, 0);
	expect_rc("bucket.beyond", ev_status(64, &st), -EINVAL);
	expect_rc("limit.status", ev_status(4096, &st), -EINVAL);
	expect_rc("limit.send", ev_send(4096), -EINVAL);
	expect_rc("limit.close", ev_close(4096), -EINVAL);
	expect_rc("limit.unmask", ev_unmask(4096), -EINVAL);
	expect_rc("free.close", ev_close(40), -EINVAL);
	expect_rc("free.send", ev_send(40), -EINVAL);
	ev_2l_set_mask(40);
	expect_rc("free.unmask", ev_unmask(40), 0);
	check("free.unmask_keeps_mask", ev_2l_masked(40), "masked %d", ev_2l_masked(40));
	ev_2l_clear_mask(40);
}

static void test_reset(void)
{
	uint32_t p;
	bool all_closed = true;

	events_mask();
	ev_send(ipi);
	check("reset.before", ev_2l_pending(ipi), "ipi pending %d", ev_2l_pending(ipi));
	expect_rc("reset", ev_reset(), 0);
	for (uint32_t port = 1; port < 64; port++) {
		struct evtchn_status st;

		if (ev_status(port, &st) || st.status != EVTCHNSTAT_closed)
			all_closed = false;
	}
	check("reset.all_closed", all_closed, "ports 1-63");
	check("reset.pending_cleared", !ev_2l_pending(ipi), "ipi pending %d", ev_2l_pending(ipi));
	expect_rc("reset.alloc", ev_alloc_unbound(DOMID_SELF, &p), 0);
	check_eq("reset.alloc_port", p, 1);
	expect_rc("reset.virq_rebind", ev_bind_virq(VIRQ_TIMER, 0, &p), 0);
	expect_rc("reset.unknown_domain", hv_event_channel_op(EVTCHNOP_reset,
		  &(struct evtchn_reset){ .dom = 5 }), -ESRCH);
	expect_rc("reset.again", ev_reset(), 0);
	/* The selector bit the send set: let that (empty) upcall through. */
	events_unmask();
}

/* Fill the 2-level space, then free it again. */
static void test_exhaustion(void)
{
	uint32_t p, last = 0, n = 0;
	long rc;
	bool sequential = true;

	events_mask();
	while ((rc = ev_alloc_unbound(DOMID_SELF, &p)) == 0) {
		if (p != last + 1)
			sequential = false;
		last = p;
		if (++n > 5000)
			break;
	}
	check("exhaustion.count", n == 4095 && sequential, "%u ports, last %u", n, last);
	expect_rc("exhaustion.rc", rc, -ENOSPC);
	expect_status("exhaustion.port4095", 4095, EVTCHNSTAT_unbound, 0, 0);
	expect_rc("exhaustion.ipi", ev_bind_ipi(0, &p), -ENOSPC);
	expect_rc("exhaustion.close_one", ev_close(1000), 0);
	expect_rc("exhaustion.reuse", ev_bind_ipi(0, &p), 0);
	check_eq("exhaustion.reuse_port", p, 1000);
	expect_rc("exhaustion.reset", ev_reset(), 0);
	events_unmask();
}

static void test_hostile(void)
{
	uint32_t p, q;
	struct evtchn_alloc_unbound *ro = (void *)ro_page;
	long rc;

	events_mask();
	for (int cmd = 0; cmd <= 13; cmd++) {
		char name[48];

		if (cmd == EVTCHNOP_bind_pirq)
			continue;
		snprintf(name, sizeof(name), "hostile.op%d.unmapped", cmd);
		expect_rc(name, hv_event_channel_op(cmd, guard_page), -EFAULT);
		snprintf(name, sizeof(name), "hostile.op%d.hypervisor", cmd);
		expect_rc(name, hv_event_channel_op(cmd, (void *)HV_DIRECTMAP), -EFAULT);
	}
	expect_rc("hostile.unknown_op", hv_event_channel_op(15, ro_page), -ENOSYS);
	expect_rc("hostile.unknown_op_big", hv_event_channel_op(1000, ro_page), -ENOSYS);
	expect_rc("hostile.unknown_op_negative", hv_event_channel_op(-1, ro_page), -ENOSYS);
	{
		struct evtchn_status st = { .dom = DOMID_SELF, .port = 0 };

		expect_rc("hostile.cmd_upper_bits",
			  hypercall2(HYPERCALL_event_channel_op, (1UL << 32) | EVTCHNOP_status, &st), 0);
	}

	/* Domains that do not exist. */
	{
		struct evtchn_alloc_unbound au = { .dom = 5, .remote_dom = DOMID_SELF };
		struct evtchn_status st = { .dom = 5, .port = 1 };

		expect_rc("hostile.alloc_unbound.no_dom",
			  hv_event_channel_op(EVTCHNOP_alloc_unbound, &au), -ESRCH);
		expect_rc("hostile.status.no_dom", hv_event_channel_op(EVTCHNOP_status, &st), -ESRCH);
		st.dom = 0x7fef;
		expect_rc("hostile.status.no_dom2", hv_event_channel_op(EVTCHNOP_status, &st), -ESRCH);
	}
	expect_rc("hostile.bind_interdomain.no_dom", ev_bind_interdomain(5, 1, &q), -ESRCH);

	/* Remote ports that cannot be bound. */
	expect_rc("hostile.bind.ipi_port", ev_bind_ipi(0, &p), 0);
	expect_rc("hostile.bind_interdomain.to_ipi", ev_bind_interdomain(DOMID_SELF, p, &q), -EINVAL);
	expect_rc("hostile.bind_interdomain.to_free", ev_bind_interdomain(DOMID_SELF, 40, &q), -EINVAL);
	expect_rc("hostile.bind_interdomain.to_port0", ev_bind_interdomain(DOMID_SELF, 0, &q), -EINVAL);
	expect_rc("hostile.bind_interdomain.beyond", ev_bind_interdomain(DOMID_SELF, 4096, &q), -EINVAL);
	expect_rc("hostile.alloc_for_dom5", ev_alloc_unbound(5, &p), 0);
	expect_status("hostile.alloc_for_dom5.status", p, EVTCHNSTAT_unbound, 5, 0);
	expect_rc("hostile.bind_interdomain.offered_to_other", ev_bind_interdomain(DOMID_SELF, p, &q),
		  -EINVAL);
	expect_rc("hostile.alloc_pair", ev_alloc_unbound(DOMID_SELF, &p), 0);
	expect_rc("hostile.bind_pair", ev_bind_interdomain(DOMID_SELF, p, &q), 0);
	expect_rc("hostile.bind_interdomain.to_bound", ev_bind_interdomain(DOMID_SELF, p, &q), -EINVAL);

	/* The port is allocated, but the result cannot be written back. */
	ro->dom = DOMID_SELF;
	ro->remote_dom = DOMID_SELF;
	ro->port = 0;
	rc = hv_update_va_mapping((unsigned long)ro_page,
				  (ev_mfn_of(ro_page) << 12) | _PAGE_PRESENT | _PAGE_ACCESSED,
				  UVMF_INVLPG);
	if (rc) {
		test_fail("hostile.readonly.map", "rc %ld", rc);
	} else {
		uint32_t next;

		expect_rc("hostile.readonly_result", hv_event_channel_op(EVTCHNOP_alloc_unbound, ro),
			  -EFAULT);
		/* The pair took q; the next free port is q + 1. */
		next = q + 1;
		expect_status("hostile.readonly_result.allocated", next, EVTCHNSTAT_unbound, 0, 0);
		hv_update_va_mapping((unsigned long)ro_page,
				     (ev_mfn_of(ro_page) << 12) | _PAGE_PRESENT | _PAGE_RW |
				     _PAGE_ACCESSED | _PAGE_DIRTY, UVMF_INVLPG);
	}
	expect_rc("hostile.reset", ev_reset(), 0);
	events_unmask();
}

void test_main(void)
{
	long rc;

	events_init();
	rc = hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (rc)
		panic("stop_periodic_timer: %ld", rc);
	upcalls_reset();
	test_loopback();
	test_ipi();
	test_bind_vcpu();
	test_virq();
	test_ports();
	test_reset();
	test_exhaustion();
	test_hostile();
}
