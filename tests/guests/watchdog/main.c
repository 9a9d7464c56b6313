// SPDX-License-Identifier: GPL-2.0-only
/*
 * watchdog: SCHEDOP_watchdog (29/6). ABI rules checked, as Xen 4.17:
 *  - id 0 takes the lowest free of the domain's two slots, arms it for
 *    `timeout` seconds and returns its 1-based id; with both in use it is
 *    -ENOSPC, which Xen 4.17 returns as a 32-bit value (4294967268);
 *  - an id above 2 is -EINVAL; a known id re-arms (0), timeout 0 frees it
 *    (0); an id not in use is -EINVAL;
 *  - a freed slot is handed out again;
 *  - an expired watchdog shuts the domain down with SHUTDOWN_watchdog:
 *    after the checks the kernel arms a 1 s watchdog and blocks for good,
 *    and the harness checks how the shutdown is reported.
 */
#include "lib.h"
#include "hypercall.h"

const char test_kernel_name[] = "watchdog";

static long wd(uint32_t id, uint32_t timeout)
{
	struct sched_watchdog w = { .id = id, .timeout = timeout };

	return hv_sched_op(SCHEDOP_watchdog, &w);
}

static void expect(const char *name, long got, long want)
{
	check(name, got == want, "rc %ld, want %ld", got, want);
}

void test_main(void)
{
	/* Long timeouts: none of these may fire during the checks. */
	expect("alloc_first", wd(0, 600), 1);
	expect("alloc_second", wd(0, 600), 2);
	/* Xen 4.17 returns this -ENOSPC zero-extended from 32 bits. */
	expect("alloc_third_nospc", wd(0, 600), (long)(uint32_t)-ENOSPC);
	expect("id_out_of_range", wd(3, 600), -EINVAL);
	expect("id_huge", wd(0xffffffffu, 600), -EINVAL);
	expect("rearm", wd(1, 700), 0);
	expect("free_second", wd(2, 0), 0);
	expect("free_again_einval", wd(2, 0), -EINVAL);
	expect("rearm_freed_einval", wd(2, 600), -EINVAL);
	expect("realloc_lowest_free", wd(0, 600), 2);
	expect("free_both_2", wd(2, 0), 0);
	expect("free_both_1", wd(1, 0), 0);
	expect("realloc_after_free", wd(0, 600), 1);
	expect("free_realloc", wd(1, 0), 0);
	expect("bad_pointer", hv_sched_op(SCHEDOP_watchdog, (void *)0x10), -EFAULT);

	/*
	 * The last check is the harness's: report now, then let a watchdog
	 * expire while blocked. Blocking unmasks events; with no event source
	 * bound, only the watchdog ends this loop.
	 */
	report_finish();
	if (wd(0, 1) != 1)
		printf("watchdog: arming the 1 s watchdog failed\n");
	for (;;)
		hv_sched_op(SCHEDOP_block, NULL);
}
