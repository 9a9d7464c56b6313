// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small vsnprintf (flags - 0 #, width, precision, h/hh/l/ll/z; d i u x X o
 * p s c %) and printf() that writes whole lines to the hypervisor console (or, in a
 * domU, to its console ring).
 */
#include "lib.h"
#include "hypercall.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, bool upper, int width, bool left,
		    bool zero, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix) + (neg ? 1 : 0), pad;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	pad = width - n - plen;
	if (!left && !zero)
		for (; pad > 0; pad--)
			put(o, ' ');
	if (neg)
		put(o, '-');
	while (*prefix)
		put(o, *prefix++);
	if (!left && zero)
		for (; pad > 0; pad--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; left && pad > 0; pad--)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false, alt = false, neg = false;
		int width = 0, prec = -1, lng = 0;
		unsigned long long v;
		const char *s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			fmt++;
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
			if (*fmt == 'l' || *fmt == 'z')
				lng++;
			else
				lng--;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			long long sv = lng > 0 ? va_arg(ap, long) : va_arg(ap, int);

			if (lng == -1)
				sv = (short)sv;
			else if (lng < -1)
				sv = (signed char)sv;
			neg = sv < 0;
			v = neg ? -(unsigned long long)sv : (unsigned long long)sv;
			put_num(&o, v, neg, 10, false, width, left, zero, "");
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			v = lng > 0 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng < -1)
				v = (unsigned char)v;
			if (*fmt == 'u')
				put_num(&o, v, false, 10, false, width, left, zero, "");
			else if (*fmt == 'o')
				put_num(&o, v, false, 8, false, width, left, zero,
					alt ? "0" : "");
			else
				put_num(&o, v, false, 16, *fmt == 'X', width, left,
					zero, alt ? "0x" : "");
			break;
		case 'p':
			v = (unsigned long)va_arg(ap, void *);
			put_num(&o, v, false, 16, false, width, left, zero, "0x");
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			int n;

			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
			for (; !left && width > n; width--)
				put(&o, ' ');
			for (int i = 0; i < n; i++)
				put(&o, s[i]);
			for (; left && width > n; width--)
				put(&o, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void console_write(const char *s, size_t len)
{
	if (console_ring_active())
		console_ring_write(s, len);
	else
		hv_console_io(CONSOLEIO_write, (unsigned int)len, s);
}

/* One hypercall per printf call, so a line is never split by other output. */
int printf(const char *fmt, ...)
{
	static char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, strlen(buf));
	return n;
}
