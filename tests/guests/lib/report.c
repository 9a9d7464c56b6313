// SPDX-License-Identifier: GPL-2.0-only
/*
 * The result protocol: one console line per check,
 *   TEST <name>: PASS|FAIL|SKIP [detail]
 * and at the end
 *   RESULT <kernel>: PASS|FAIL (<p> passed, <f> failed, <s> skipped)
 * The worst result wins; a kernel with no check at all fails.
 */
#include "lib.h"
#include "hypercall.h"

static unsigned int n_pass, n_fail, n_skip;

static void vreport(const char *verdict, const char *name, const char *fmt,
		    va_list ap)
{
	char detail[768];

	detail[0] = '\0';
	if (fmt)
		vsnprintf(detail, sizeof(detail), fmt, ap);
	printf("TEST %s: %s%s%s\n", name, verdict, detail[0] ? " " : "", detail);
}

void test_pass(const char *name, const char *fmt, ...)
{
	va_list ap;

	n_pass++;
	va_start(ap, fmt);
	vreport("PASS", name, fmt, ap);
	va_end(ap);
}

void test_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	n_fail++;
	va_start(ap, fmt);
	vreport("FAIL", name, fmt, ap);
	va_end(ap);
}

void test_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	n_skip++;
	va_start(ap, fmt);
	vreport("SKIP", name, fmt, ap);
	va_end(ap);
}

bool check(const char *name, bool cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		n_pass++;
	else
		n_fail++;
	va_start(ap, fmt);
	vreport(cond ? "PASS" : "FAIL", name, fmt, ap);
	va_end(ap);
	return cond;
}

bool check_eq(const char *name, uint64_t got, uint64_t want)
{
	if (got == want)
		return check(name, true, "%#lx", got);
	return check(name, false, "got %#lx want %#lx", got, want);
}

enum result report_finish(void)
{
	bool fail = n_fail || !(n_pass + n_skip);

	printf("RESULT %s: %s (%u passed, %u failed, %u skipped)\n",
	       test_kernel_name, fail ? "FAIL" : "PASS", n_pass, n_fail, n_skip);
	return fail ? RESULT_FAIL : n_pass ? RESULT_PASS : RESULT_SKIP;
}

void panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test_fail("panic", "%s", msg);
	report_finish();
	hv_shutdown(SHUTDOWN_poweroff);
}
