// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict parsers for the xenstore values the daemon acts on, and the
 * file-name form of a domain name. Pure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ring.h"

/* Plain decimal only: no sign, no spaces, no leading zeros but "0". */
int parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *p;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (p = s; *p; p++) {
		unsigned int d;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		d = (unsigned int)(*p - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int parse_domid(const char *s, unsigned int *domid)
{
	uint64_t v;

	/* 0x7ff0 and above are DOMID_SELF and the other special ids. */
	if (parse_u64(s, &v) || v == 0 || v >= 0x7ff0)
		return -EINVAL;
	*domid = (unsigned int)v;
	return 0;
}

int parse_port(const char *s, unsigned int *port)
{
	uint64_t v;

	if (parse_u64(s, &v) || v == 0 || v > 0x7fffffff)
		return -EINVAL;
	*port = (unsigned int)v;
	return 0;
}

void sanitize_name(const char *name, unsigned int domid, char *out,
		   size_t out_len)
{
	size_t i = 0;

	if (!out_len)
		return;
	for (; name && *name && i + 1 < out_len; name++) {
		char c = *name;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			  c == '+' || (c == '.' && i > 0);

		out[i++] = ok ? c : '_';
	}
	out[i] = '\0';
	if (!i)
		snprintf(out, out_len, "dom%u", domid);
}
