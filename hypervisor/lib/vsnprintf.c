/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vsnprintf/snprintf for the hypervisor's console and error messages.
 * Integer conversions only; see hv/lib/printf.h for the exact dialect.
 * Output beyond the buffer is counted but never written, so a huge width
 * costs no time and no memory.
 */
#include <stdbool.h>
#include <stdint.h>
#include <hv/errno.h>
#include <hv/lib/printf.h>
#include <hv/lib/string.h>

/* %zd reads a long: true on every target this code is built for. */
_Static_assert(sizeof(size_t) == sizeof(long), "size_t is not long-sized");
_Static_assert(sizeof(ptrdiff_t) == sizeof(long), "ptrdiff_t is not long-sized");

#define INT_MAX_VAL	((int)(~0u >> 1))

struct out {
	char *buf;
	size_t size;
	size_t len;	/* length of the full output so far (saturating) */
};

enum {
	F_LEFT	= 1 << 0,	/* '-' */
	F_ZERO	= 1 << 1,	/* '0' */
	F_PLUS	= 1 << 2,	/* '+' */
	F_SPACE	= 1 << 3,	/* ' ' */
	F_ALT	= 1 << 4,	/* '#' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned int flags;
	int width;	/* >= 0 */
	int prec;	/* -1 when absent */
	enum length len;
};

static void out_add(struct out *o, size_t n)
{
	o->len = n > SIZE_MAX - o->len ? SIZE_MAX : o->len + n;
}

/* Store what fits (leaving room for the NUL), count everything. */
static void out_mem(struct out *o, const char *s, size_t n)
{
	size_t room = o->len + 1 < o->size ? o->size - 1 - o->len : 0;
	size_t copy = n < room ? n : room;

	if (copy)
		memcpy(o->buf + o->len, s, copy);
	out_add(o, n);
}

static void out_repeat(struct out *o, char c, size_t n)
{
	size_t room = o->len + 1 < o->size ? o->size - 1 - o->len : 0;
	size_t fill = n < room ? n : room;

	if (fill)
		memset(o->buf + o->len, c, fill);
	out_add(o, n);
}

/* Spaces or zeros needed to widen a field of @body_len bytes to the width. */
static size_t pad_for(const struct spec *sp, size_t body_len)
{
	return (size_t)sp->width > body_len ? (size_t)sp->width - body_len : 0;
}

static void fmt_str(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	size_t pad = pad_for(sp, n);

	if (!(sp->flags & F_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & F_LEFT)
		out_repeat(o, ' ', pad);
}

/*
 * @prefix is the sign and/or "0x" that goes before any zero padding.
 * The '0' flag pads with zeros only when no precision was given.
 */
static void fmt_int(struct out *o, const struct spec *sp, uintmax_t mag,
		    const char *prefix, unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[sizeof(uintmax_t) * 3]; /* 22 octal digits for 64 bits */
	size_t nd = 0, zeros = 0, plen = strlen(prefix), pad;
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;

	for (; mag; mag /= base)
		digits[nd++] = set[mag % base];
	if (nd < prec)
		zeros = prec - nd;
	/* "%#o" guarantees a leading zero, also for the value 0. */
	if (base == 8 && (sp->flags & F_ALT) && !zeros)
		zeros = 1;

	pad = pad_for(sp, plen + zeros + nd);
	if (sp->flags & F_LEFT) {
		/* padding goes after the digits */
	} else if ((sp->flags & F_ZERO) && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	} else {
		out_repeat(o, ' ', pad);
		pad = 0;
	}
	out_mem(o, prefix, plen);
	out_repeat(o, '0', zeros);
	while (nd)
		out_mem(o, &digits[--nd], 1);
	out_repeat(o, ' ', pad);
}

static intmax_t arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
	case LEN_Z:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
	case LEN_T:
		return va_arg(*ap, unsigned long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Digits of a width or precision; saturates instead of overflowing. */
static int parse_num(const char **p)
{
	int v = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++) {
		int d = **p - '0';

		v = v > (INT_MAX_VAL - d) / 10 ? INT_MAX_VAL : v * 10 + d;
	}
	return v;
}

/* Parses flags, width, precision and length after '%'; *p ends on the conversion. */
static void parse_spec(const char **p, struct spec *sp, va_list *ap)
{
	const char *f = *p;

	sp->flags = 0;
	for (;; f++) {
		if (*f == '-')
			sp->flags |= F_LEFT;
		else if (*f == '0')
			sp->flags |= F_ZERO;
		else if (*f == '+')
			sp->flags |= F_PLUS;
		else if (*f == ' ')
			sp->flags |= F_SPACE;
		else if (*f == '#')
			sp->flags |= F_ALT;
		else
			break;
	}

	sp->width = 0;
	if (*f == '*') {
		int w = va_arg(*ap, int);

		f++;
		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w < -INT_MAX_VAL ? INT_MAX_VAL : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&f);
	}

	sp->prec = -1;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int pr = va_arg(*ap, int);

			f++;
			sp->prec = pr < 0 ? -1 : pr;
		} else {
			sp->prec = parse_num(&f);
		}
	}

	sp->len = LEN_NONE;
	switch (*f) {
	case 'h':
		f++;
		sp->len = LEN_H;
		if (*f == 'h') {
			f++;
			sp->len = LEN_HH;
		}
		break;
	case 'l':
		f++;
		sp->len = LEN_L;
		if (*f == 'l') {
			f++;
			sp->len = LEN_LL;
		}
		break;
	case 'z':
		f++;
		sp->len = LEN_Z;
		break;
	case 't':
		f++;
		sp->len = LEN_T;
		break;
	case 'j':
		f++;
		sp->len = LEN_J;
		break;
	}
	*p = f;
}

/* Formats one conversion; returns false if @conv is not one we know. */
static bool fmt_conv(struct out *o, const struct spec *sp, char conv, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		intmax_t v = arg_signed(ap, sp->len);
		uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
		const char *sign = v < 0 ? "-" :
				   (sp->flags & F_PLUS) ? "+" :
				   (sp->flags & F_SPACE) ? " " : "";

		fmt_int(o, sp, mag, sign, 10, false);
		return true;
	}
	case 'u':
		fmt_int(o, sp, arg_unsigned(ap, sp->len), "", 10, false);
		return true;
	case 'o':
		fmt_int(o, sp, arg_unsigned(ap, sp->len), "", 8, false);
		return true;
	case 'x':
	case 'X': {
		uintmax_t v = arg_unsigned(ap, sp->len);
		const char *pfx = "";

		if ((sp->flags & F_ALT) && v)
			pfx = conv == 'x' ? "0x" : "0X";
		fmt_int(o, sp, v, pfx, 16, conv == 'X');
		return true;
	}
	case 'p':
		fmt_int(o, sp, (uintptr_t)va_arg(*ap, void *), "0x", 16, false);
		return true;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		fmt_str(o, sp, &c, 1);
		return true;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);

		if (!s)
			s = "(null)";
		fmt_str(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, (size_t)sp->prec));
		return true;
	}
	case '%':
		out_mem(o, "%", 1);
		return true;
	default:
		return false;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt, *lit;
		struct spec sp;

		if (*fmt != '%') {
			for (lit = fmt; *fmt && *fmt != '%'; fmt++)
				;
			out_mem(&o, lit, (size_t)(fmt - lit));
			continue;
		}
		fmt++;
		parse_spec(&fmt, &sp, &args);
		if (*fmt && fmt_conv(&o, &sp, *fmt, &args)) {
			fmt++;
			continue;
		}
		/* Unknown or unterminated: copy the directive as written. */
		if (*fmt)
			fmt++;
		out_mem(&o, start, (size_t)(fmt - start));
	}
	va_end(args);

	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > (size_t)INT_MAX_VAL ? -EOVERFLOW : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return rc;
}
