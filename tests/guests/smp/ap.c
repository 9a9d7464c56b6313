// SPDX-License-Identifier: GPL-2.0-only
/*
 * The APs' side of the smp kernel: bind an IPI port, say hello to vCPU 0,
 * then run commands from the mailbox (smp-test.h) for ever. Events stay
 * masked; every wait is a SCHEDOP_poll on the AP's own ports. The AP never
 * prints: vCPU 0 checks what it recorded.
 */
#include "hypercall.h"
#include "smp-test.h"

struct ap aps[SMP_MAX_VCPUS];
uint32_t port0;

/* The AP's clock: its own vcpu_time_info, vCPU 0's until its own has a scale. */
static uint64_t ap_now(unsigned int v)
{
	const volatile struct vcpu_time_info *t = &vi_of(v)->time;

	if (!t->tsc_to_system_mul)
		t = &vi_of(0)->time;
	return pvclock_read(t);
}

/* Poll until `port` is pending (clear it, true) or `deadline` passes (0: never). */
static bool wait_port(unsigned int v, uint32_t port, uint64_t deadline)
{
	for (;;) {
		if (ev_2l_pending(port)) {
			ev_2l_clear_pending(port);
			return true;
		}
		if (deadline && ap_now(v) >= deadline)
			return false;
		hv_poll(&port, 1, deadline);
		aps[v].polls++;
	}
}

/*
 * Wait in SCHEDOP_poll on our IPI port until vCPU 0 posts a command. A
 * command counts once its notification has arrived (vCPU 0 sets `seq`,
 * then sends), so that no notification of a command is still on its way
 * when the next one starts (a ring would take it for a token).
 */
static void wait_command(unsigned int v)
{
	struct ap *a = &aps[v];
	uint32_t p = a->port;

	for (;;) {
		if (ev_2l_pending(p)) {
			ev_2l_clear_pending(p);
			if (a->seq != a->ack)
				return;
			continue;
		}
		hv_poll(&p, 1, 0);
		a->polls++;
	}
}

/*
 * One hop of the IPI ring per round: wait for our port, check that the
 * hypervisor flagged it in our own vcpu_info (upcall_pending and exactly
 * our port's selector bit), clear that, send the next port. res[0] rounds
 * whose flags were right, res[1] rounds done. The ack is not notified, so
 * that vCPU 0 is woken by the ring only.
 */
static void ring(unsigned int v, struct ap *a)
{
	volatile struct vcpu_info *vi = vi_of(v);
	uint32_t me = a->port, next = (uint32_t)a->arg[1];
	uint64_t want_sel = 1UL << (me / 64), rounds = a->arg[0], r, good = 0;

	vi_clear(vi);
	a->ready = a->seq;
	ev_send(port0);
	for (r = 0; r < rounds; r++) {
		if (!wait_port(v, me, ap_now(v) + 2000 * MS))
			break;
		if (vi->evtchn_upcall_pending == 1 && vi->evtchn_pending_sel == want_sel)
			good++;
		vi_clear(vi);
		ev_send(next);
	}
	a->res[0] = good;
	a->res[1] = r;
}

/*
 * Watch port arg[0] (a VIRQ_TIMER) until it fired arg[1] times or arg[2] ns
 * passed: res[0] ticks seen, res[1]/res[2] the shortest/longest interval
 * between two of them. The intervals are robust to a slow host: a stall
 * merges ticks and lengthens intervals, it never shortens one.
 */
static void ticks(unsigned int v, struct ap *a)
{
	uint32_t port = (uint32_t)a->arg[0];
	uint64_t n = 0, last = 0, lo = ~0UL, hi = 0, end, t;

	ev_2l_clear_pending(port);
	end = ap_now(v) + a->arg[2];
	while (n < a->arg[1] && (t = ap_now(v)) < end) {
		if (!ev_2l_pending(port)) {
			asm volatile("pause");
			continue;
		}
		ev_2l_clear_pending(port);
		if (n++) {
			lo = t - last < lo ? t - last : lo;
			hi = t - last > hi ? t - last : hi;
		}
		last = t;
	}
	a->res[0] = n;
	a->res[1] = lo;
	a->res[2] = hi;
	vi_clear(vi_of(v));
}

/*
 * Our own singleshot timer: stop the periodic one (res[3] its rc), arm
 * the singleshot arg[1] ns ahead (res[0] its rc) and poll the VIRQ_TIMER
 * port arg[0]: res[1] whether it came, res[2] when, relative to the deadline.
 */
static void singleshot(unsigned int v, struct ap *a)
{
	uint32_t port = (uint32_t)a->arg[0];
	struct vcpu_set_singleshot_timer s = { 0 };
	bool got;

	a->res[3] = (uint64_t)hv_vcpu_op(VCPUOP_stop_periodic_timer, v, NULL);
	ev_2l_clear_pending(port);
	s.timeout_abs_ns = ap_now(v) + a->arg[1];
	a->res[0] = (uint64_t)hv_vcpu_op(VCPUOP_set_singleshot_timer, v, &s);
	got = wait_port(v, port, s.timeout_abs_ns + 1000 * MS);
	a->res[2] = ap_now(v) - s.timeout_abs_ns;
	a->res[1] = got;
	vi_clear(vi_of(v));
}

static void run(unsigned int v, struct ap *a)
{
	volatile struct vcpu_info *vi = vi_of(v);
	uint32_t port = 0;
	uint64_t end;

	switch (a->cmd) {
	case CMD_PING:
		a->res[0] = v;
		a->res[1] = ap_now(v);
		break;
	case CMD_RING:
		ring(v, a);
		break;
	case CMD_WAIT_PORT:
		/* res[0] it came, res[1] when, res[2]/[3] our selector/upcall flag */
		a->res[0] = wait_port(v, (uint32_t)a->arg[0], a->arg[1]);
		a->res[1] = ap_now(v);
		a->res[2] = vi->evtchn_pending_sel;
		a->res[3] = vi->evtchn_upcall_pending;
		vi_clear(vi);
		break;
	case CMD_BIND_TIMER:
		a->res[0] = (uint64_t)ev_bind_virq(VIRQ_TIMER, v, &port);
		a->res[1] = port;
		break;
	case CMD_SINGLESHOT:
		singleshot(v, a);
		break;
	case CMD_TICKS:
		ticks(v, a);
		break;
	case CMD_SPIN:
		end = ap_now(v) + a->arg[0];
		while (ap_now(v) < end)
			asm volatile("pause");
		a->res[0] = ap_now(v);
		break;
	case CMD_SPIN_UNTIL_STOP:
		a->res[0] = 0;
		a->ready = a->seq;
		ev_send(port0);
		while (!a->arg[1])
			a->res[0]++;
		break;
	}
}

void ap_main(unsigned int v)
{
	struct ap *a = &aps[v];
	uint32_t port = 0;
	const volatile struct vcpu_time_info *t = &vi_of(v)->time;

	a->mask_at_start = vi_of(v)->evtchn_upcall_mask;
	a->own_clock = t->tsc_to_system_mul != 0;
	a->clock_skew = (int64_t)(ap_now(v) - pvclock_read(&vi_of(0)->time));
	a->bind_rc = ev_bind_ipi(v, &port);
	a->port = port;
	asm volatile("" ::: "memory");
	a->hello = 1;
	ev_send(port0);
	if (a->bind_rc)
		return;			/* smp_ap_main takes us down */
	for (;;) {
		wait_command(v);
		run(v, a);
		asm volatile("" ::: "memory");
		a->ack = a->seq;
		if (a->cmd != CMD_RING)
			ev_send(port0);
	}
}
