// SPDX-License-Identifier: GPL-2.0-only
/*
 * shutdown: SCHEDOP_shutdown (29/2) and SCHEDOP_shutdown_code (29/5).
 * Command line: reason=poweroff|reboot|crash [code=N]. With code=N the
 * kernel first records N with SCHEDOP_shutdown_code, which returns 0 and
 * does not stop the domain; the later SCHEDOP_shutdown then takes effect
 * with reason N, whatever reason it passes. The harness checks how the
 * hypervisor reports dom0's shutdown and that the domain did stop.
 */
#include "lib.h"
#include "hypercall.h"

const char test_kernel_name[] = "shutdown";

static const char *const reasons[] = {
	[SHUTDOWN_poweroff] = "poweroff",
	[SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",
	[SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog",
	[SHUTDOWN_soft_reset] = "soft_reset",
};

void test_main(void)
{
	struct sched_shutdown s;
	char buf[32];
	unsigned int reason = ~0u;
	long rc;

	if (cmdline_get("reason", buf, sizeof(buf)))
		for (unsigned int i = 0; i < ARRAY_SIZE(reasons); i++)
			if (!strcmp(buf, reasons[i]))
				reason = i;
	if (!check("reason", reason != ~0u, "\"%s\"", start_info->cmd_line))
		return;

	if (cmdline_get("code", buf, sizeof(buf))) {
		s.reason = (uint32_t)strtoul(buf, NULL, 0);
		rc = hv_sched_op(SCHEDOP_shutdown_code, &s);
		check_eq("shutdown_code", (uint64_t)rc, 0);
	}

	/* RESULT first: after the shutdown hypercall nothing more runs. */
	report_finish();
	s.reason = reason;
	rc = hv_sched_op(SCHEDOP_shutdown, &s);
	/* Only reached if the hypervisor returned to a shut-down domain. */
	printf("TEST shutdown.returned: FAIL rc %ld\n", rc);
	for (;;)
		hv_sched_op(SCHEDOP_shutdown, &s);
}
