// SPDX-License-Identifier: GPL-2.0-only
/*
 * time: the PV clock, timers, blocking and polling, runstate and moving
 * vcpu_info. ABI rules checked (Xen 4.17):
 *  - vcpu_time_info: version even between updates and bumped by each one;
 *    system_time(now) = system_time + (tsc delta scaled by tsc_shift and
 *    tsc_to_system_mul) grows monotonically, and a record extrapolated
 *    across a reschedule agrees with its successor; the wall clock
 *    (wc_version even, wc_sec, wc_nsec) is plausible;
 *  - timers raise VIRQ_TIMER: PV vCPUs start with a 10 ms periodic timer;
 *    stop_periodic_timer silences it; set_periodic_timer (>= 1 ms, else
 *    -EINVAL) ticks at once if a period has passed, then every period
 *    while the vCPU runs, but does not wake a blocked vCPU;
 *    set_singleshot_timer fires no earlier than its deadline, a deadline in
 *    the past fires at once and returns 0 even with VCPU_SSHOTTMR_future,
 *    stop_singleshot_timer cancels; set_timer_op(deadline) likewise, 0
 *    cancels;
 *  - SCHEDOP_block unmasks events and sleeps until the timer's upcall;
 *  - SCHEDOP_poll returns at once if a polled port is pending, else when
 *    one becomes pending or at the absolute timeout, with events masked;
 *    more than 128 ports -EINVAL, a bad array -EFAULT, an invalid or free
 *    port -EINVAL;
 *  - the registered runstate area is written at registration and at each
 *    switch (blocked time accrues, XEN_RUNSTATE_UPDATE clear afterwards);
 *    0 stops the updates; a hypervisor address is -EFAULT;
 *    get_runstate_info counts up to now;
 *  - vcpu_op: absent vCPU -ENOENT, unknown op -ENOSYS, is_up, up of a
 *    running vCPU, initialise of an initialised one -EEXIST; get_physid
 *    for dom0's vCPU on a one-CPU machine (it counts as pinned) gives
 *    CPU 0's APIC and ACPI ids;
 *  - register_vcpu_time_memory_area: the record is copied there at once;
 *    a hypervisor address -EFAULT;
 *  - register_vcpu_info: bad offset -ENXIO, a frame we may not write
 *    -EINVAL, then the block moves (contents copied, every selector bit and
 *    upcall_pending set, time kept fresh there, not in shared_info any
 *    more); a second registration -EINVAL.
 */
#include "lib.h"
#include "hypercall.h"
#include "traps.h"
#include "evtchn.h"

const char test_kernel_name[] = "time";

#define HV_DIRECTMAP 0xffff830000000000UL
#define MS 1000000UL
#define US 1000UL
#define EARLY_SLACK (100 * US)		/* Xen may fire a timer 50 us early */
#define LATE_SLACK (40 * MS)		/* QEMU on shared host cores is slow */

static uint32_t timer_port;
static char vi_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct vcpu_runstate_info runstate;
static struct vcpu_time_info time_copy;
static char big[VCPU_GUEST_CONTEXT_SIZE];

static void expect_rc(const char *name, long rc, long want)
{
	check(name, rc == want, "rc %ld want %ld", rc, want);
}

static void snapshot(struct vcpu_time_info *out)
{
	const volatile struct vcpu_time_info *t = &ev_vcpu_info()->time;
	uint32_t v;

	do {
		v = t->version;
		asm volatile("" ::: "memory");
		*out = *(const struct vcpu_time_info *)t;
		asm volatile("" ::: "memory");
	} while ((v & 1) || v != t->version);
}

static uint64_t extrapolate(const struct vcpu_time_info *t, uint64_t tsc)
{
	uint64_t delta = tsc - t->tsc_timestamp;

	if (t->tsc_shift >= 0)
		delta <<= t->tsc_shift;
	else
		delta >>= -t->tsc_shift;
	return t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
}

static long singleshot(uint64_t deadline, uint32_t flags)
{
	struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline, .flags = flags };

	return hv_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

static long periodic(uint64_t period)
{
	struct vcpu_set_periodic_timer p = { .period_ns = period };

	return hv_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
}

/* Let any pending upcall through, then mask again. */
static void drain(void)
{
	events_unmask();
	events_mask();
}

static void block(void)
{
	long rc = hv_sched_op(SCHEDOP_block, NULL);

	if (rc)
		test_fail("block", "rc %ld", rc);
}

/*
 * Sleep until the singleshot timer fires at `deadline`. Events are masked
 * while it is armed: an upcall taken between arming and blocking (a slow
 * host can take the 5 ms) would leave nothing to wake the block.
 * SCHEDOP_block unmasks them again.
 */
static void sleep_until(uint64_t deadline)
{
	events_mask();
	singleshot(deadline, 0);
	block();
}

/* Deadline check: the event came no earlier than `deadline`, not very late. */
static void check_fired(const char *name, uint64_t at, uint64_t deadline)
{
	check(name, at + EARLY_SLACK >= deadline && at <= deadline + LATE_SLACK,
	      "at deadline %ld us", (long)(at - deadline) / 1000);
}

static void test_clock(void)
{
	volatile struct shared_info *s = shared_info;
	struct vcpu_time_info a, b;
	uint64_t t0, t1, prev, khz;
	bool mono = true;
	uint32_t wv;

	snapshot(&a);
	check("clock.version_even", !(a.version & 1), "version %u", a.version);
	check("clock.scale", a.tsc_to_system_mul != 0 && a.tsc_shift >= -31 && a.tsc_shift <= 31,
	      "mul %#x shift %d", a.tsc_to_system_mul, a.tsc_shift);
	khz = a.tsc_shift >= 0 ? (1000000ULL << 32) / a.tsc_to_system_mul >> a.tsc_shift
			       : (1000000ULL << 32) / a.tsc_to_system_mul << -a.tsc_shift;
	check("clock.tsc_khz", khz > 100000 && khz < 100000000, "%lu kHz", khz);
	t0 = now_ns();
	check("clock.system_time", t0 > 0 && t0 >= a.system_time, "%lu ns", t0);
	prev = t0;
	for (int i = 0; i < 10000; i++) {
		uint64_t n = now_ns();

		if (n < prev)
			mono = false;
		prev = n;
	}
	check("clock.monotonic", mono, "10000 reads, %lu ns", prev - t0);

	/*
	 * The hypervisor rewrites the record now and then (at reschedules,
	 * timer events, calibrations): the old one extrapolated to the new
	 * stamp must agree with it, to within 200 us + 0.2% of the gap.
	 */
	sleep_until(now_ns() + 5 * MS);
	do {
		snapshot(&b);
	} while (b.version == a.version && now_ns() < t0 + 2000 * MS);
	t1 = extrapolate(&a, b.tsc_timestamp);
	check("clock.rewritten", b.version != a.version && !(b.version & 1),
	      "version %u -> %u after %lu ms", a.version, b.version, (now_ns() - t0) / MS);
	{
		uint64_t gap = b.system_time - a.system_time, tol = 200 * US + gap / 500;

		check("clock.consistent", t1 + tol >= b.system_time && t1 <= b.system_time + tol,
		      "extrapolated %ld ns off over %lu us", (long)(t1 - b.system_time),
		      gap / 1000);
	}

	wv = s->wc_version;
	check("wallclock.version_even", !(wv & 1), "wc_version %u", wv);
	check("wallclock.sec", s->wc_sec > 1577836800u && s->wc_sec < 4102444800u,
	      "wc_sec %u", s->wc_sec);
	check("wallclock.nsec", s->wc_nsec < 1000000000u, "wc_nsec %u", s->wc_nsec);
}

static void test_periodic(void)
{
	unsigned int n;
	bool ok;
	uint64_t start;

	/* The default 100 Hz tick (VIRQ_TIMER has had a port from the start). */
	events_mask();
	upcalls_reset();
	events_unmask();
	ok = wait_upcall(0, 50 * MS) && upcalls.last_port == timer_port;
	check("periodic.default", ok, "upcalls %u port %u", upcalls.count, upcalls.last_port);
	n = upcalls.count;
	ok = wait_upcall(n, 50 * MS);
	check("periodic.default_again", ok, "%u ticks", upcalls.count - n);

	expect_rc("periodic.stop", hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	drain();
	events_unmask();
	n = upcalls.count;
	spin_until(now_ns() + 30 * MS);
	check_eq("periodic.stopped", upcalls.count - n, 0);

	expect_rc("periodic.too_short", periodic(999999), -EINVAL);
	expect_rc("periodic.zero", periodic(0), -EINVAL);
	expect_rc("periodic.huge", periodic(1ULL << 63), -EINVAL);
	expect_rc("periodic.bad_ptr", hv_vcpu_op(VCPUOP_set_periodic_timer, 0, guard_page), -EFAULT);

	n = upcalls.count;
	start = now_ns();
	expect_rc("periodic.set", periodic(10 * MS), 0);
	check("periodic.immediate", upcalls.count == n + 1, "ticks %u", upcalls.count - n);
	spin_until(start + 100 * MS);
	n = upcalls.count - n;
	check("periodic.rate", n >= 6 && n <= 13, "%u ticks in 100 ms at 10 ms", n);
	expect_rc("periodic.stop2", hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	events_mask();
}

static void test_singleshot(void)
{
	uint64_t deadline;
	unsigned int n;
	bool ok;

	events_unmask();
	n = upcalls.count;
	deadline = now_ns() + 10 * MS;
	expect_rc("singleshot.set", singleshot(deadline, 0), 0);
	ok = wait_upcall(n, 100 * MS) && upcalls.last_port == timer_port;
	check("singleshot.fired", ok, "upcalls %u", upcalls.count - n);
	check_fired("singleshot.not_early", upcalls.last_time, deadline);
	check_eq("singleshot.once", (spin_until(now_ns() + 20 * MS), upcalls.count - n), 1);

	n = upcalls.count;
	expect_rc("singleshot.past", singleshot(now_ns() - 1 * MS, 0), 0);
	check_eq("singleshot.past_fires_now", upcalls.count - n, 1);
	n = upcalls.count;
	expect_rc("singleshot.past_future_flag", singleshot(now_ns() - 1 * MS, VCPU_SSHOTTMR_future), 0);
	check_eq("singleshot.past_future_flag_fires", upcalls.count - n, 1);

	n = upcalls.count;
	expect_rc("singleshot.set2", singleshot(now_ns() + 5 * MS, 0), 0);
	expect_rc("singleshot.stop", hv_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	spin_until(now_ns() + 20 * MS);
	check_eq("singleshot.stopped", upcalls.count - n, 0);
	expect_rc("singleshot.bad_ptr", hv_vcpu_op(VCPUOP_set_singleshot_timer, 0, guard_page), -EFAULT);
	expect_rc("singleshot.absent_vcpu", hv_vcpu_op(VCPUOP_set_singleshot_timer, 1, NULL),
		  -ENOENT);

	/* set_timer_op: the same timer, absolute deadline, 0 = cancel. */
	n = upcalls.count;
	deadline = now_ns() + 10 * MS;
	expect_rc("set_timer_op.set", hv_set_timer_op(deadline), 0);
	ok = wait_upcall(n, 100 * MS);
	check("set_timer_op.fired", ok, "upcalls %u", upcalls.count - n);
	check_fired("set_timer_op.not_early", upcalls.last_time, deadline);
	n = upcalls.count;
	expect_rc("set_timer_op.set2", hv_set_timer_op(now_ns() + 5 * MS), 0);
	expect_rc("set_timer_op.cancel", hv_set_timer_op(0), 0);
	spin_until(now_ns() + 20 * MS);
	check_eq("set_timer_op.cancelled", upcalls.count - n, 0);
	n = upcalls.count;
	expect_rc("set_timer_op.past", hv_set_timer_op(now_ns() - 1 * MS), 0);
	ok = wait_upcall(n, 5 * MS);
	check("set_timer_op.past_fires", ok, "upcalls %u", upcalls.count - n);
	events_mask();
}

static void test_block(void)
{
	uint64_t deadline, t;
	unsigned int n = upcalls.count;

	events_mask();
	deadline = now_ns() + 20 * MS;
	singleshot(deadline, 0);
	block();
	t = now_ns();
	check_fired("block.woken_by_timer", t, deadline);
	check("block.upcall", upcalls.count == n + 1 && upcalls.last_port == timer_port,
	      "upcalls %u port %u", upcalls.count - n, upcalls.last_port);
	check_eq("block.unmasked", ev_vcpu_info()->evtchn_upcall_mask, 0);

	/* The periodic tick stops while the vCPU is blocked. */
	events_unmask();
	periodic(10 * MS);
	events_mask();
	deadline = now_ns() + 50 * MS;
	singleshot(deadline, 0);
	block();
	t = now_ns();
	check_fired("block.periodic_does_not_wake", t, deadline);
	hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	drain();
}

static void test_poll(void)
{
	uint32_t ipi, ports[2], bad = 4096;
	uint64_t deadline, t;
	long rc;

	events_mask();
	expect_rc("poll.bind_ipi", ev_bind_ipi(0, &ipi), 0);
	ev_send(ipi);
	ports[0] = ipi;
	t = now_ns();
	expect_rc("poll.pending_now", hv_poll(ports, 1, 0), 0);
	check("poll.pending_now_fast", now_ns() - t < 5 * MS, "%lu us", (now_ns() - t) / 1000);
	drain();

	/* A timer port becoming pending ends the poll; events stay masked. */
	ports[0] = timer_port;
	deadline = now_ns() + 20 * MS;
	singleshot(deadline, 0);
	expect_rc("poll.until_event", hv_poll(ports, 1, 0), 0);
	t = now_ns();
	check_fired("poll.until_event.time", t, deadline);
	check("poll.until_event.pending", ev_2l_pending(timer_port) &&
	      ev_vcpu_info()->evtchn_upcall_mask == 1, "pending %d mask %u",
	      ev_2l_pending(timer_port), ev_vcpu_info()->evtchn_upcall_mask);
	drain();

	/* Nothing comes: the absolute timeout ends it. */
	ports[0] = ipi;
	deadline = now_ns() + 20 * MS;
	expect_rc("poll.timeout", hv_poll(ports, 1, deadline), 0);
	check_fired("poll.timeout.time", now_ns(), deadline);
	deadline = now_ns() + 20 * MS;
	expect_rc("poll.no_ports_timeout", hv_poll(NULL, 0, deadline), 0);
	check_fired("poll.no_ports_timeout.time", now_ns(), deadline);
	ports[1] = timer_port;
	deadline = now_ns() + 20 * MS;
	singleshot(now_ns() + 10 * MS, 0);
	expect_rc("poll.two_ports", hv_poll(ports, 2, deadline), 0);
	t = now_ns();
	check("poll.two_ports.time", t + EARLY_SLACK + 10 * MS >= deadline && t < deadline,
	      "at deadline %ld us", (long)(t - deadline) / 1000);
	drain();

	/* Hostile arguments. */
	expect_rc("poll.too_many", hv_poll(ports, 129, 0), -EINVAL);
	expect_rc("poll.unmapped", hv_poll((void *)guard_page, 1, 0), -EFAULT);
	expect_rc("poll.hypervisor", hv_poll((void *)HV_DIRECTMAP, 1, 0), -EFAULT);
	expect_rc("poll.hypervisor_empty", hv_poll((void *)HV_DIRECTMAP, 0, now_ns()), -EFAULT);
	expect_rc("poll.bad_port", hv_poll(&bad, 1, 0), -EINVAL);
	bad = 40;
	expect_rc("poll.free_port", hv_poll(&bad, 1, 0), -EINVAL);
	bad = 0;
	expect_rc("poll.port0", hv_poll(&bad, 1, 0), -EINVAL);
	rc = hv_sched_op(SCHEDOP_poll, guard_page);
	expect_rc("poll.bad_struct", rc, -EFAULT);
	ev_close(ipi);
}

static void test_runstate(void)
{
	struct vcpu_register_runstate_memory_area { uint64_t addr; } area;
	struct vcpu_runstate_info r0, r1, g0, g1;
	uint64_t deadline, now;

	area.addr = (uint64_t)&runstate;
	expect_rc("runstate.register", hv_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	r0 = *(volatile struct vcpu_runstate_info *)&runstate;
	now = now_ns();
	check("runstate.initial", r0.state == RUNSTATE_running && r0.state_entry_time > 0 &&
	      r0.state_entry_time <= now, "state %d entry %lu now %lu", r0.state,
	      r0.state_entry_time, now);

	deadline = now_ns() + 20 * MS;
	sleep_until(deadline);
	r1 = *(volatile struct vcpu_runstate_info *)&runstate;
	check("runstate.after_block", r1.state == RUNSTATE_running &&
	      r1.state_entry_time + EARLY_SLACK >= deadline &&
	      r1.time[RUNSTATE_blocked] >= r0.time[RUNSTATE_blocked] + 15 * MS,
	      "state %d entry %ld us blocked +%lu us", r1.state,
	      (long)(r1.state_entry_time - deadline) / 1000,
	      (r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked]) / 1000);
	check("runstate.update_flag_clear", !(r1.state_entry_time & XEN_RUNSTATE_UPDATE),
	      "%#lx", r1.state_entry_time);

	/* With the update flag assist the bit is set only while rewriting. */
	expect_rc("runstate.vmassist", hv_vm_assist(VMASST_CMD_enable,
						    VMASST_TYPE_runstate_update_flag), 0);
	sleep_until(now_ns() + 5 * MS);
	r1 = *(volatile struct vcpu_runstate_info *)&runstate;
	check("runstate.update_flag_done", r1.state == RUNSTATE_running &&
	      !(r1.state_entry_time & XEN_RUNSTATE_UPDATE), "state %d entry %#lx",
	      r1.state, r1.state_entry_time);
	hv_vm_assist(VMASST_CMD_disable, VMASST_TYPE_runstate_update_flag);

	expect_rc("runstate.get", hv_vcpu_op(VCPUOP_get_runstate_info, 0, &g0), 0);
	spin_until(now_ns() + 10 * MS);
	expect_rc("runstate.get2", hv_vcpu_op(VCPUOP_get_runstate_info, 0, &g1), 0);
	now = now_ns();
	check("runstate.get.running", g1.state == RUNSTATE_running &&
	      g1.time[RUNSTATE_running] >= g0.time[RUNSTATE_running] + 9 * MS,
	      "state %d running +%lu us", g1.state,
	      (g1.time[RUNSTATE_running] - g0.time[RUNSTATE_running]) / 1000);
	check("runstate.get.sum", g1.time[0] + g1.time[1] + g1.time[2] + g1.time[3] <= now,
	      "sum %lu now %lu", g1.time[0] + g1.time[1] + g1.time[2] + g1.time[3], now);
	expect_rc("runstate.get.bad_ptr", hv_vcpu_op(VCPUOP_get_runstate_info, 0, guard_page), -EFAULT);

	area.addr = HV_DIRECTMAP;
	expect_rc("runstate.register_hypervisor",
		  hv_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), -EFAULT);
	area.addr = (uint64_t)guard_page;
	expect_rc("runstate.register_unmapped",
		  hv_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	expect_rc("runstate.register_bad_ptr",
		  hv_vcpu_op(VCPUOP_register_runstate_memory_area, 0, guard_page), -EFAULT);
	/* Registering 0 stops the updates. */
	area.addr = 0;
	expect_rc("runstate.unregister", hv_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	r0 = *(volatile struct vcpu_runstate_info *)&runstate;
	sleep_until(now_ns() + 5 * MS);
	r1 = *(volatile struct vcpu_runstate_info *)&runstate;
	check("runstate.unregistered", r1.state_entry_time == r0.state_entry_time,
	      "entry %lu -> %lu", r0.state_entry_time, r1.state_entry_time);
}

static void test_vcpu_op(void)
{
	expect_rc("vcpu_op.is_up", hv_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	expect_rc("vcpu_op.is_up_absent", hv_vcpu_op(VCPUOP_is_up, 1, NULL), -ENOENT);
	expect_rc("vcpu_op.is_up_huge", hv_vcpu_op(VCPUOP_is_up, 0xffffffffu, NULL), -ENOENT);
	expect_rc("vcpu_op.up_running", hv_vcpu_op(VCPUOP_up, 0, NULL), 0);
	expect_rc("vcpu_op.up_absent", hv_vcpu_op(VCPUOP_up, 1, NULL), -ENOENT);
	expect_rc("vcpu_op.down_absent", hv_vcpu_op(VCPUOP_down, 1, NULL), -ENOENT);
	expect_rc("vcpu_op.initialise_initialised", hv_vcpu_op(VCPUOP_initialise, 0, big), -EEXIST);
	expect_rc("vcpu_op.initialise_bad_ptr", hv_vcpu_op(VCPUOP_initialise, 0, guard_page), -EFAULT);
	expect_rc("vcpu_op.unknown", hv_vcpu_op(14, 0, NULL), -ENOSYS);
	expect_rc("vcpu_op.unknown_big", hv_vcpu_op(1000, 0, NULL), -ENOSYS);
	expect_rc("vcpu_op.cmd_upper_bits",
		  hypercall3(HYPERCALL_vcpu_op, (1UL << 32) | VCPUOP_is_up, 0, NULL), 1);
	expect_rc("vcpu_op.vcpuid_upper_bits",
		  hypercall3(HYPERCALL_vcpu_op, VCPUOP_is_up, (1UL << 32), NULL), 1);
	expect_rc("vcpu_op.send_nmi_arg", hv_vcpu_op(VCPUOP_send_nmi, 0, big), -EINVAL);
	/* dom0's vCPU on a one-CPU machine counts as pinned: CPU 0's ids. */
	memset(big, 0xff, 8);
	expect_rc("vcpu_op.get_physid", hv_vcpu_op(VCPUOP_get_physid, 0, big), 0);
	check_eq("vcpu_op.get_physid.ids", *(uint64_t *)big, 0);
	expect_rc("vcpu_op.get_physid.bad_ptr", hv_vcpu_op(VCPUOP_get_physid, 0, guard_page), -EFAULT);
}

/* A second copy of vcpu_time_info at a guest address (for a vDSO). */
static void test_time_area(void)
{
	struct { uint64_t addr; } area = { (uint64_t)&time_copy };
	volatile struct vcpu_time_info *c = &time_copy;
	struct vcpu_time_info t;

	expect_rc("time_area.register",
		  hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
	snapshot(&t);
	check("time_area.copied", !(c->version & 1) && c->tsc_to_system_mul == t.tsc_to_system_mul &&
	      c->system_time == t.system_time && c->tsc_timestamp == t.tsc_timestamp,
	      "version %u/%u system_time %lu/%lu", c->version, t.version, c->system_time,
	      t.system_time);
	area.addr = HV_DIRECTMAP;
	expect_rc("time_area.hypervisor",
		  hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), -EFAULT);
	expect_rc("time_area.bad_ptr",
		  hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, guard_page), -EFAULT);
	area.addr = 0;
	expect_rc("time_area.unregister",
		  hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
}

static void test_vcpu_info(void)
{
	struct vcpu_register_vcpu_info r = { .mfn = ev_mfn_of(vi_page), .offset = 128 };
	struct vcpu_info *old = &shared_info->vcpu_info[0];
	volatile struct vcpu_info *nvi = (void *)(vi_page + 128);
	struct vcpu_register_vcpu_info bad;
	uint32_t old_version;
	unsigned int n;
	uint32_t ipi;

	events_mask();
	bad = r;
	bad.offset = PAGE_SIZE - 63;
	expect_rc("vcpu_info.offset_past_page", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -ENXIO);
	bad.offset = 4;
	expect_rc("vcpu_info.offset_misaligned", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -ENXIO);
	bad = r;
	bad.mfn = ev_mfn_of((void *)start_info->pt_base);
	expect_rc("vcpu_info.page_table_frame", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -EINVAL);
	bad.mfn = 1UL << 40;
	expect_rc("vcpu_info.no_such_frame", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -EINVAL);
	bad.mfn = 0;
	expect_rc("vcpu_info.foreign_frame", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -EINVAL);
	expect_rc("vcpu_info.bad_ptr", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, guard_page), -EFAULT);
	expect_rc("vcpu_info.absent_vcpu", hv_vcpu_op(VCPUOP_register_vcpu_info, 1, &r), -ENOENT);

	memset(vi_page, 0x5a, sizeof(vi_page));
	expect_rc("vcpu_info.register", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), 0);
	ev_set_vcpu_info((struct vcpu_info *)nvi);
	check("vcpu_info.rescan_forced", nvi->evtchn_pending_sel == ~0UL &&
	      nvi->evtchn_upcall_pending == 1, "sel %#lx upcall_pending %u",
	      nvi->evtchn_pending_sel, nvi->evtchn_upcall_pending);
	check_eq("vcpu_info.mask_copied", nvi->evtchn_upcall_mask, 1);
	check("vcpu_info.time_valid", !(nvi->time.version & 1) && nvi->time.tsc_to_system_mul &&
	      now_ns() >= old->time.system_time, "version %u", nvi->time.version);
	check("vcpu_info.neighbours_untouched", vi_page[127] == 0x5a && vi_page[192] == 0x5a,
	      "%#x %#x", vi_page[127] & 0xff, vi_page[192] & 0xff);
	expect_rc("vcpu_info.twice", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -EINVAL);
	bad = r;
	bad.offset = 4;
	expect_rc("vcpu_info.twice_bad_offset", hv_vcpu_op(VCPUOP_register_vcpu_info, 0, &bad), -ENXIO);

	/* The forced rescan finds nothing; then events arrive through the new block. */
	n = upcalls.count;
	events_unmask();
	check_eq("vcpu_info.spurious_upcall", upcalls.count - n, 1);
	expect_rc("vcpu_info.bind_ipi", ev_bind_ipi(0, &ipi), 0);
	n = upcalls.count;
	old->evtchn_upcall_pending = 0;
	expect_rc("vcpu_info.send", ev_send(ipi), 0);
	check("vcpu_info.upcall_via_new", upcalls.count == n + 1 && upcalls.last_port == ipi &&
	      old->evtchn_upcall_pending == 0, "upcalls %u old pending %u",
	      upcalls.count - n, old->evtchn_upcall_pending);

	/* Time now lives in the new block only. */
	old_version = old->time.version;
	sleep_until(now_ns() + 5 * MS);
	check("vcpu_info.time_moved", old->time.version == old_version &&
	      !(nvi->time.version & 1), "old %u -> %u", old_version, old->time.version);
	check("vcpu_info.clock_ok", now_ns() > 0, "%lu", now_ns());
}

void test_main(void)
{
	events_init();
	if (ev_bind_virq(VIRQ_TIMER, 0, &timer_port))
		panic("cannot bind VIRQ_TIMER");
	test_clock();
	test_periodic();
	test_singleshot();
	test_block();
	test_poll();
	test_runstate();
	test_vcpu_op();
	test_time_area();
	test_vcpu_info();
}
