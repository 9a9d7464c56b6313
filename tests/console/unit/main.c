// SPDX-License-Identifier: GPL-2.0-only
/* Runs every console unit suite and prints the result line. */
#include <stdio.h>

#include "harness.h"

unsigned int t_passed, t_failed;

void t_check(bool ok, const char *file, int line, const char *what)
{
	if (ok) {
		t_passed++;
		return;
	}
	t_failed++;
	printf("FAIL %s:%d: %s\n", file, line, what);
}

void t_check_row(bool ok, const char *file, int line, const char *what,
		 const char *row)
{
	if (ok) {
		t_passed++;
		return;
	}
	t_failed++;
	printf("FAIL %s:%d [%s]: %s\n", file, line, row, what);
}

int main(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} suites[] = {
		{ "ring", test_ring },
		{ "outbuf", test_outbuf },
		{ "ratelimit", test_ratelimit },
		{ "parse", test_parse },
		{ "xs", test_xs },
	};
	unsigned int i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		unsigned int p = t_passed, f = t_failed;

		suites[i].fn();
		printf("suite %-10s %u passed, %u failed\n", suites[i].name,
		       t_passed - p, t_failed - f);
	}
	printf("console-unit: %u passed, %u failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}
