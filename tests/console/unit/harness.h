/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit-test harness for the console back-end: a check counter with a final
 * "N passed, N failed" line.
 */
#ifndef CONSOLE_TEST_HARNESS_H
#define CONSOLE_TEST_HARNESS_H

#include <stdbool.h>

extern unsigned int t_passed, t_failed;

void t_check(bool ok, const char *file, int line, const char *what);
#define CHECK(cond) t_check(!!(cond), __FILE__, __LINE__, #cond)
/* A check inside a table loop: names the row. */
void t_check_row(bool ok, const char *file, int line, const char *what,
		 const char *row);
#define CHECK_ROW(cond, row) t_check_row(!!(cond), __FILE__, __LINE__, #cond, row)

void test_ring(void);
void test_outbuf(void);
void test_ratelimit(void);
void test_parse(void);
void test_xs(void);

#endif /* CONSOLE_TEST_HARNESS_H */
