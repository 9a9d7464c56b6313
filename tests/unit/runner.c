/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runs every registered test (or those whose name contains argv[1]), prints
 * one PASS/FAIL line each, then "N passed, N failed"; exits 1 on failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runner.h"

#define MAX_MESSAGES 20	/* per test; the rest are only counted */

static struct test *tests;
/* Prefix of the closing line, naming the suite when several share a log. */
#ifndef RUNNER_NAME
#define RUNNER_NAME ""
#endif

static unsigned int cur_failures;
static bool cur_skipped;

void test_register(struct test *t)
{
	t->next = tests;
	tests = t;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (cur_failures++ >= MAX_MESSAGES)
		return;
	fprintf(stdout, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("    skipped: ", stdout);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	cur_skipped = true;
}

void test_note(const char *fmt, ...)
{
	va_list ap;

	fputs("    note: ", stdout);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

uint64_t test_seed(void)
{
	const char *s = getenv("UNIT_SEED");
	uint64_t v = s && *s ? strtoull(s, NULL, 0) : 0x5eed5eed5eedULL;

	return v ? v : 1;	/* xorshift never leaves 0 */
}

double test_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b)
{
	const struct test *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	unsigned int n = 0, i, passed = 0, failed = 0, skipped = 0;
	struct test **list, *t;

	for (t = tests; t; t = t->next)
		n++;
	list = calloc(n ? n : 1, sizeof(*list));
	if (!list)
		return 2;
	for (i = 0, t = tests; t; t = t->next)
		list[i++] = t;
	qsort(list, n, sizeof(*list), by_name);

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		if (filter && !strstr(list[i]->name, filter))
			continue;
		cur_failures = 0;
		cur_skipped = false;
		printf("RUN  %s\n", list[i]->name);
		list[i]->fn();
		if (cur_failures) {
			printf("FAIL %s (%u failed checks)\n", list[i]->name,
			       cur_failures);
			failed++;
		} else if (cur_skipped) {
			printf("SKIP %s\n", list[i]->name);
			skipped++;
		} else {
			printf("PASS %s\n", list[i]->name);
			passed++;
		}
	}
	free(list);
	if (skipped)
		printf(RUNNER_NAME "%u skipped\n", skipped);
	printf(RUNNER_NAME "%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
