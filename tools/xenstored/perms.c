// SPDX-License-Identifier: GPL-2.0-only
/*
 * Permission policy and permission strings. Every access decision in the
 * daemon ends in xs_perm_for().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "perms.h"

#define ALL_PERMS (XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

static bool is_caller(const struct xs_caller *c, uint32_t id)
{
	return id == c->domid || (c->target >= 0 && id == (uint32_t)c->target);
}

unsigned int xs_perm_for(const struct xs_caller *c, const struct xs_perm *p,
			 unsigned int nr)
{
	unsigned int i;

	if (c->privileged || is_caller(c, p[0].id))
		return ALL_PERMS;
	for (i = 1; i < nr; i++)
		if (is_caller(c, p[i].id))
			return p[i].perms & (XS_PERM_READ | XS_PERM_WRITE);
	return p[0].perms & (XS_PERM_READ | XS_PERM_WRITE);
}

int xs_perms_parse(const char *s, unsigned int nr, struct xs_perm *out)
{
	unsigned int i;
	char *end;

	for (i = 0; i < nr; i++) {
		switch (*s) {
		case 'n':
			out[i].perms = XS_PERM_NONE;
			break;
		case 'r':
			out[i].perms = XS_PERM_READ;
			break;
		case 'w':
			out[i].perms = XS_PERM_WRITE;
			break;
		case 'b':
			out[i].perms = XS_PERM_READ | XS_PERM_WRITE;
			break;
		default:
			return EINVAL;
		}
		s++;
		/* Xen accepts any strtol() base-0 number filling the rest. */
		errno = 0;
		out[i].id = (uint32_t)strtol(s, &end, 0);
		if (!*s || *end || errno)
			return EINVAL;
		s = end + 1;
	}
	return 0;
}

int xs_perms_format(const struct xs_perm *p, unsigned int nr, char *buf,
		    size_t size)
{
	static const char letter[] = { 'n', 'r', 'w', 'b' };
	size_t off = 0;
	unsigned int i;
	int l;

	for (i = 0; i < nr; i++) {
		l = snprintf(buf + off, size - off, "%c%d",
			     letter[p[i].perms & 3], (int)p[i].id);
		if (l < 0 || (size_t)l + 1 > size - off)
			return -1;
		off += l + 1; /* keep the NUL as separator */
	}
	return (int)off;
}
