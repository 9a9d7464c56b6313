/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output into a buffer (hypervisor/lib/vsnprintf.c).
 *
 * C99 semantics: the return value is the length the full output would have
 * had, so truncation happened iff it is >= size; buf is NUL-terminated
 * whenever size > 0, and buf may be NULL when size is 0.
 *
 * Supported: %d %i %u %x %X %o %c %s %p %%; flags - 0 + space #; width and
 * precision, either as digits or '*'; length modifiers hh h l ll z t j.
 * Differences from ISO C / glibc, all deliberate:
 *   - no floating point, no %n (writes through a pointer), no wide chars;
 *   - %s of NULL prints "(null)", cut by the precision like any string;
 *   - %p prints like %#lx but always with "0x", so NULL is "0x0";
 *     Xen's %p extensions (%pd, %pS, ...) do not exist: the letter after
 *     %p is ordinary text;
 *   - an unknown conversion is copied to the output as written;
 *   - an output longer than INT_MAX returns -EOVERFLOW.
 *
 * Host unit tests rename these at build time (see tests/unit/lib-rename.h).
 */
#ifndef HV_LIB_PRINTF_H
#define HV_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HV_LIB_PRINTF_H */
