// SPDX-License-Identifier: GPL-2.0-only
/*
 * Long memory_op batches are preemptible: populate_physmap,
 * decrease_reservation and increase_reservation of BATCH extents for
 * another domain, each started with events unmasked and a singleshot
 * timer due 1 ms later. The hypervisor stops the call when the timer is
 * due, the timer's upcall arrives with the interrupted RIP at the
 * `syscall` (the call is made again, from the next extent, encoded in
 * cmd), and the batch still does every extent: the count returned and
 * the domain's page count. Inside a multicall the batch completes too.
 */
#include "ctl.h"
#include "tests.h"
#include "evtchn.h"

#define BATCH 32768u
#define HYPERCALL_multicall 13

static uint64_t frames[BATCH];
static uint32_t timer_port;

static long tot_pages(uint16_t dom)
{
	struct dominfo i;

	return dom_info(dom, &i) ? -1 : (long)i.tot_pages;
}

static long singleshot(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline };

	return hv_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

/* One batch with the timer armed; the upcall must arrive inside the call. */
static void timed_batch(const char *name, unsigned int op, uint16_t d)
{
	char what[48];
	unsigned int before;
	uint64_t t0, t1;
	long rc;

	events_mask();
	singleshot(now_ns() + 1000000ULL);
	events_unmask();
	before = upcalls.count;
	t0 = now_ns();
	rc = reservation(op, d, frames, BATCH, 0);
	t1 = now_ns();
	events_mask();
	check(name, rc == BATCH, "rc %ld want %u in %lu us", rc, BATCH,
	      (unsigned long)(t1 - t0) / 1000);
	snprintf(what, sizeof(what), "%s.upcall_inside", name);
	/* A continued call: the frame's RIP is the `syscall` made again. */
	check(what, upcalls.count > before && upcalls.last_port == timer_port &&
	      *(const volatile uint16_t *)upcalls.last_rip == 0x050f,
	      "upcalls %u port %u rip %#lx", upcalls.count - before, upcalls.last_port,
	      (unsigned long)upcalls.last_rip);
}

/* In a multicall the batch cannot continue itself: all of it is done there. */
static void multicall_batch(uint16_t d)
{
	struct reservation r = {
		.extent_start = (uint64_t)frames, .nr_extents = BATCH / 2, .domid = d,
	};
	struct { uint64_t op, result, args[6]; } mc = {
		.op = HYPERCALL_memory_op, .result = 1, .args = { XENMEM_populate, (uint64_t)&r },
	};
	long rc;

	for (unsigned int i = 0; i < BATCH / 2; i++)
		frames[i] = BATCH + i;
	rc = hypercall2(HYPERCALL_multicall, &mc, 1);
	check("batch.multicall", rc == 0 && mc.result == BATCH / 2, "rc %ld result %ld", rc,
	      (long)mc.result);
	check_eq("batch.multicall.tot_pages", tot_pages(d), BATCH + BATCH / 2);
}

void test_batches(void)
{
	long max_ram = memory_op(XENMEM_maximum_ram_page, NULL);
	uint16_t d = 0;
	bool frames_ok = true;

	events_init();
	if (ev_bind_virq(VIRQ_TIMER, 0, &timer_port) ||
	    hv_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL) ||
	    dom_create(0, 1, NULL, &d) || dom_max_mem(d, (BATCH * 2) * 4ULL)) {
		test_fail("batch.setup", "port %u domain %u", timer_port, d);
		return;
	}
	for (unsigned int i = 0; i < BATCH; i++)
		frames[i] = i;
	timed_batch("batch.populate", XENMEM_populate, d);
	for (unsigned int i = 0; i < BATCH; i++)
		frames_ok &= frames[i] != 0 && frames[i] < (uint64_t)max_ram;
	check("batch.populate.frames", frames_ok, "first %#lx last %#lx",
	      (unsigned long)frames[0], (unsigned long)frames[BATCH - 1]);
	check_eq("batch.populate.tot_pages", tot_pages(d), BATCH);

	timed_batch("batch.decrease", XENMEM_decrease, d);
	check_eq("batch.decrease.tot_pages", tot_pages(d), 0);

	memset(frames, 0, sizeof(frames));
	timed_batch("batch.increase", XENMEM_increase, d);
	check_eq("batch.increase.tot_pages", tot_pages(d), BATCH);

	multicall_batch(d);
	expect_rc("batch.destroy", dom_destroy(d), 0);
	ev_close(timer_port);
}
