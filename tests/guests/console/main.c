// SPDX-License-Identifier: GPL-2.0-only
/*
 * console: HYPERVISOR_console_io (18). ABI rules checked:
 *  - CONSOLEIO_write returns 0 (not a byte count) for lengths 0, 1 and a
 *    multi-KiB buffer, and dom0's bytes reach the console unmodified (the
 *    harness checks the lines "console-bytes: ABC" and 80 lines "L<nn> ...");
 *  - a zero-length write does not touch the buffer (NULL is fine);
 *  - CONSOLEIO_read returns the number of bytes read (>= 0, <= count);
 *  - an unknown command returns -ENOSYS.
 */
#include "lib.h"
#include "hypercall.h"

const char test_kernel_name[] = "console";

#define LONG_LINES 80
#define LONG_LINE_LEN 64

static char long_buf[LONG_LINES * LONG_LINE_LEN];

static void test_write(void)
{
	static const char *const bytes[] = { "console-bytes: ", "A", "B", "C", "\n" };
	long rc, worst = 0;

	rc = hv_console_io(CONSOLEIO_write, 0, "unused");
	check_eq("write.len0", (uint64_t)rc, 0);
	rc = hv_console_io(CONSOLEIO_write, 0, NULL);
	check_eq("write.len0_null", (uint64_t)rc, 0);

	/* "console-bytes: ABC\n", with the letters written one byte each. */
	for (unsigned int i = 0; i < ARRAY_SIZE(bytes); i++) {
		rc = hv_console_io(CONSOLEIO_write, strlen(bytes[i]), bytes[i]);
		if (rc)
			worst = rc;
	}
	check_eq("write.len1", (uint64_t)worst, 0);

	for (unsigned int l = 0; l < LONG_LINES; l++) {
		char *p = long_buf + l * LONG_LINE_LEN;

		snprintf(p, 5, "L%02u ", l);
		for (unsigned int i = 4; i < LONG_LINE_LEN - 1; i++)
			p[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(i + l) % 36];
		p[LONG_LINE_LEN - 1] = '\n';
	}
	rc = hv_console_io(CONSOLEIO_write, sizeof(long_buf), long_buf);
	check("write.long", rc == 0, "rc %ld len %zu", rc, sizeof(long_buf));
}

static void test_read(void)
{
	char buf[32];
	long rc;

	memset(buf, 0, sizeof(buf));
	rc = hv_console_io(CONSOLEIO_read, sizeof(buf), buf);
	check("read", rc >= 0 && rc <= (long)sizeof(buf), "rc %ld", rc);
	rc = hv_console_io(CONSOLEIO_read, 0, buf);
	check_eq("read.len0", (uint64_t)rc, 0);
}

static void test_unknown(void)
{
	long rc;

	rc = hv_console_io(2, 0, NULL);
	check_eq("unknown_cmd.2", (uint64_t)rc, (uint64_t)-ENOSYS);
	rc = hv_console_io(0xffff, 1, "x");
	check_eq("unknown_cmd.0xffff", (uint64_t)rc, (uint64_t)-ENOSYS);
}

void test_main(void)
{
	test_write();
	test_read();
	test_unknown();
}
