/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor/lib/vsnprintf.c: a table of formats with expected output
 * (also checked against the C library where the dialects agree), our
 * deliberate differences, truncation at every buffer size, and a seeded
 * random comparison with the C library over flags/width/precision/length.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "hvlib.h"
#include "runner.h"

static void check_fmtv(int line, bool libc_too, const char *want,
		       const char *fmt, va_list ap)
{
	char buf[256], ref[256];
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = lib_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (strcmp(buf, want) || n != (int)strlen(want))
		test_fail(__FILE__, line, "\"%s\": got \"%s\" (%d), want \"%s\"",
			  fmt, buf, n, want);
	if (libc_too) {
		vsnprintf(ref, sizeof(ref), fmt, ap2);
		if (strcmp(ref, want))
			test_fail(__FILE__, line, "\"%s\": libc says \"%s\", table \"%s\"",
				  fmt, ref, want);
	}
	va_end(ap2);
}

/* Standard formats: checked by gcc, and by the C library at run time. */
static void __attribute__((format(printf, 3, 4)))
check_std(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_fmtv(line, true, want, fmt, ap);
	va_end(ap);
}

/* Our own dialect (see printf.h): no format checking, no libc oracle. */
static void check_ours(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_fmtv(line, false, want, fmt, ap);
	va_end(ap);
}

/* Standard, but formats that gcc's -Wformat rightly calls redundant. */
static void check_std_unchecked(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_fmtv(line, true, want, fmt, ap);
	va_end(ap);
}

/* lib_snprintf without the format attribute, for deliberately huge fields. */
static int fmt_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lib_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define T(want, ...)  check_std(__LINE__, want, __VA_ARGS__)
#define TU(want, ...) check_std_unchecked(__LINE__, want, __VA_ARGS__)
#define TX(want, ...) check_ours(__LINE__, want, __VA_ARGS__)

TEST(printf, integers)
{
	T("", "%s", "");
	T("hello", "hello");
	T("42", "%d", 42);
	T("-42", "%i", -42);
	T("-2147483648", "%d", INT_MIN);
	T("2147483647", "%d", INT_MAX);
	T("4294967295", "%u", UINT_MAX);
	T("ff", "%x", 255);
	T("FF", "%X", 255);
	T("0xff", "%#x", 255);
	T("0XFF", "%#X", 255);
	T("0", "%#x", 0);
	T("17", "%o", 15);
	T("017", "%#o", 15);
	T("0", "%#o", 0);
	T("0", "%#.0o", 0);
	T("-9223372036854775808", "%lld", LLONG_MIN);
	T("9223372036854775807", "%ld", LONG_MAX);
	T("18446744073709551615", "%llu", ULLONG_MAX);
	T("ffffffffffffffff", "%lx", ULONG_MAX);
	T("1777777777777777777777", "%llo", ULLONG_MAX);
	T("-1", "%hhd", 255);
	T("255", "%hhu", -1);
	T("-1", "%hd", 65535);
	T("65535", "%hu", -1);
	T("123", "%zu", (size_t)123);
	T("-5", "%zd", (long)-5);
	T("-7", "%td", (ptrdiff_t)-7);
	T("99", "%jd", (intmax_t)99);
	T("18446744073709551615", "%ju", UINTMAX_MAX);
}

TEST(printf, flags_width_precision)
{
	T("  42", "%4d", 42);
	T("42  ", "%-4d", 42);
	T("0042", "%04d", 42);
	T("-042", "%04d", -42);
	T("+42", "%+d", 42);
	T(" 42", "% d", 42);
	TU("+42", "%+ d", 42);
	T("-42", "% d", -42);
	T("+0", "%+d", 0);
	T("42", "%1d", 42);
	T("  0042", "%6.4d", 42);
	T("0042", "%.4d", 42);
	TU("  0042", "%06.4d", 42);	/* '0' is ignored with a precision */
	T("-0042", "%.4d", -42);
	T("", "%.0d", 0);
	T("  ", "%2.0d", 0);
	T("+", "%+.0d", 0);
	TU("42   |", "%-05d|", 42);	/* '-' beats '0' */
	T("0x00ff", "%#06x", 255);
	T("  0xff", "%#6x", 255);
	T("0x00ff", "%#.4x", 255);
	T("    ff", "%*x", 6, 255);
	T("ff    ", "%*x", -6, 255);
	T("00ff", "%.*x", 4, 255);
	T("ff", "%.*x", -1, 255);
	T("  00ff", "%*.*x", 6, 4, 255);
	T("a", "%c", 'a');
	T("  a", "%3c", 'a');
	T("a  ", "%-3c", 'a');
	T("abc", "%s", "abc");
	T("ab", "%.2s", "abc");
	T("", "%.0s", "abc");
	T("  abc", "%5s", "abc");
	T("abc  ", "%-5s", "abc");
	T("   ab", "%5.2s", "abc");
	T("%", "%%");
	T("100%", "%d%%", 100);
	T("0x1234", "%p", (void *)0x1234);
	T("a=1 b=ff c=str d=x", "a=%d b=%x c=%s d=%c", 1, 255, "str", 'x');
}

TEST(printf, our_dialect)
{
	const char *null_str = NULL;

	TX("(null)", "%s", null_str);
	TX("(nu", "%.3s", null_str);
	TX("  (null)", "%8s", null_str);
	TX("0x0", "%p", (void *)0);
	TX("0xffffffff81000000", "%p", (void *)0xffffffff81000000UL);
	TX("%q", "%q");
	TX("%y1", "%y%d", 1);
	TX("abc%", "abc%");
	TX("%-5", "%-5");
	TX("%lq", "%lq");
	TX("0x12d", "%pd", (void *)0x12);	/* no %p extensions */
}

TEST(printf, truncation_every_size)
{
	const char *want = "hello 12345 world";
	size_t len = strlen(want), size;

	for (size = 0; size <= len + 2; size++) {
		char buf[64];
		int n;

		memset(buf, '#', sizeof(buf));
		n = lib_snprintf(size ? buf : NULL, size, "hello %d %s", 12345, "world");
		CHECKF(n == (int)len, "size %zu: returned %d", size, n);
		if (size) {
			size_t k = size - 1 < len ? size - 1 : len;

			CHECKF(!memcmp(buf, want, k) && buf[k] == '\0',
			       "size %zu: \"%s\"", size, buf);
			CHECKF(buf[k + 1] == '#', "size %zu: wrote past the NUL", size);
		}
	}
}

TEST(printf, huge_widths)
{
	char buf[8];
	int n;

	/* Counted, not written: must be instant. */
	n = lib_snprintf(buf, sizeof(buf), "%*d", 2000000000, 7);
	CHECK(n == 2000000000);
	CHECK(!strcmp(buf, "       "));
	n = fmt_unchecked(buf, sizeof(buf), "%*d%*d", INT_MAX, 1, INT_MAX, 2);
	CHECK(n == -EOVERFLOW);
	/* Width digits that overflow an int saturate rather than wrap. */
	n = fmt_unchecked(buf, sizeof(buf), "%.99999999999999999999d", 1);
	CHECK(n == INT_MAX);
}

/* Random conversion specs for integers, compared with the C library. */
TEST(printf, random_vs_libc)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	static const char convs[] = "diuxXo";
	uint64_t rs = test_seed();
	unsigned int i, mismatches = 0;

	for (i = 0; i < 20000; i++) {
		char fmt[64], got[512], ref[512];
		unsigned int r = (unsigned int)test_rand(&rs);
		uint64_t v = test_rand(&rs) >> (test_rand(&rs) % 64);
		const char *len = lens[r % 8];
		char conv = convs[(r >> 3) % 6];
		int pos = 0, a, b;

		fmt[pos++] = '%';
		if (r & (1 << 6))
			fmt[pos++] = '-';
		if (r & (1 << 7))
			fmt[pos++] = '0';
		if (r & (1 << 8))
			fmt[pos++] = '+';
		if (r & (1 << 9))
			fmt[pos++] = ' ';
		if (r & (1 << 10))
			fmt[pos++] = '#';
		if (r & (1 << 11))
			pos += sprintf(fmt + pos, "%u", (r >> 16) % 40);
		if (r & (1 << 12))
			pos += sprintf(fmt + pos, ".%u", (r >> 22) % 30);
		sprintf(fmt + pos, "%s%c|", len, conv);

		/* Pass each length's own type, as a real caller would. */
#define BOTH(type) do {							\
		a = lib_snprintf(got, sizeof(got), fmt, (type)v);	\
		b = snprintf(ref, sizeof(ref), fmt, (type)v);		\
	} while (0)
		switch (r % 8) {
		case 0: BOTH(int); break;
		case 1: BOTH(int); break;
		case 2: BOTH(int); break;
		case 3: BOTH(long); break;
		case 4: BOTH(long long); break;
		case 5: BOTH(size_t); break;
		case 6: BOTH(ptrdiff_t); break;
		default: BOTH(intmax_t); break;
		}
#undef BOTH
		if (a != b || strcmp(got, ref)) {
			if (mismatches++ < 10)
				test_fail(__FILE__, __LINE__,
					  "\"%s\" of %#llx: ours \"%s\" (%d), libc \"%s\" (%d)",
					  fmt, (unsigned long long)v, got, a, ref, b);
		}
	}
	CHECK(mismatches == 0);
}
