// SPDX-License-Identifier: GPL-2.0-only
/*
 * share: a CPU-bound domU, run twice at once by the toolstack scenario
 * (tests/dom0/scenarios/share.sh) to see the physical CPUs shared fairly
 * between domains. From the wall-clock second given as "start=" on the
 * command line it spins for "secs=" seconds with a 10 ms periodic timer
 * running, then reports its vCPU's runstate over that window: the
 * fraction of it spent running ("SHARE running=<permille>"), which the
 * scenario compares between the two domains. Checked here:
 *  - the runstate times add up to the time elapsed (running + runnable
 *    + blocked + offline = system time between the two reads, within
 *    1%: our clock is the hypervisor's, extrapolated from the TSC);
 *  - the periodic timer ticks while we spin, and never more often than
 *    its period;
 *  - the vCPU was running at some point and, while the domain is busy,
 *    never blocked.
 * Before the start it blocks, so an early domain does not take the CPU
 * from the one still being built.
 */
#include "lib.h"
#include "hypercall.h"
#include "evtchn.h"

const char test_kernel_name[] = "share";

#define PERIOD_NS 10000000ULL

static uint64_t wallclock_sec(void)
{
	uint32_t version;
	uint64_t sec, nsec;

	do {
		version = shared_info->wc_version;
		asm volatile("" ::: "memory");
		sec = shared_info->wc_sec | ((uint64_t)shared_info->wc_sec_hi << 32);
		nsec = shared_info->wc_nsec;
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != shared_info->wc_version);
	return sec + (nsec + now_ns()) / 1000000000ULL;
}

static long runstate(struct vcpu_runstate_info *r)
{
	return hv_vcpu_op(VCPUOP_get_runstate_info, 0, r);
}

static uint64_t elapsed_in(const struct vcpu_runstate_info *a, const struct vcpu_runstate_info *b,
			   unsigned int state)
{
	return b->time[state] - a->time[state];
}

void test_main(void)
{
	char arg[32];
	uint64_t start = 0, secs = 10, t0, t1, end, spins = 0, sum, wall;
	struct vcpu_runstate_info r0, r1;
	struct vcpu_set_periodic_timer p = { .period_ns = PERIOD_NS };
	uint32_t port = 0;
	unsigned int ticks;
	long rc;

	if (cmdline_get("start", arg, sizeof(arg)))
		start = strtoul(arg, NULL, 0);
	if (cmdline_get("secs", arg, sizeof(arg)))
		secs = strtoul(arg, NULL, 0);
	events_init();
	rc = ev_bind_virq(VIRQ_TIMER, 0, &port);
	if (!check("share.bind_timer", rc == 0, "rc %ld port %u", rc, port))
		return;
	while ((wall = wallclock_sec()) < start) {
		uint32_t none = port;

		ev_2l_clear_pending(port);
		hv_poll(&none, 1, now_ns() + 100000000ULL);
	}
	check("share.started_in_time", wall <= start + 1, "wall %lu start %lu", wall, start);

	rc = hv_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
	check("share.periodic_timer", rc == 0, "rc %ld", rc);
	upcalls_reset();
	events_unmask();
	t0 = now_ns();
	runstate(&r0);
	end = t0 + secs * 1000000000ULL;
	while (now_ns() < end)
		spins++;
	runstate(&r1);
	t1 = now_ns();
	events_mask();
	ticks = upcalls.hits[port];
	hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);

	sum = 0;
	for (unsigned int s = 0; s < 4; s++)
		sum += elapsed_in(&r0, &r1, s);
	/*
	 * Our clock extrapolates the hypervisor's system time from the TSC;
	 * under emulation the two drift apart by milliseconds: allow 1%.
	 */
	check("share.runstate_adds_up", sum <= t1 - t0 + (t1 - t0) / 100 &&
	      sum + (t1 - t0) / 100 >= t1 - t0,
	      "states %lu ns, our clock %lu ns", sum, t1 - t0);
	check("share.never_blocked", elapsed_in(&r0, &r1, RUNSTATE_blocked) == 0 &&
	      elapsed_in(&r0, &r1, RUNSTATE_running) > 0, "running %lu blocked %lu",
	      elapsed_in(&r0, &r1, RUNSTATE_running), elapsed_in(&r0, &r1, RUNSTATE_blocked));
	check("share.timer_ticked", ticks > 0 && ticks <= secs * 1000000000ULL / PERIOD_NS + 1,
	      "%u ticks in %lu s", ticks, secs);
	printf("SHARE running=%lu runnable=%lu spins=%lu\n",
	       elapsed_in(&r0, &r1, RUNSTATE_running) * 1000 / (sum ? sum : 1),
	       elapsed_in(&r0, &r1, RUNSTATE_runnable) * 1000 / (sum ? sum : 1), spins);
}
