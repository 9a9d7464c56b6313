/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Permission policy, in one place: who may read, write or re-permission a
 * node, and the "n0"/"r1"/"w2"/"b3" string form of permission lists.
 */
#ifndef XSD_PERMS_H
#define XSD_PERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* Who is asking. Sockets in dom0 and domain 0 itself are privileged. */
struct xs_caller {
	unsigned int domid;
	bool privileged;
	long target; /* SET_TARGET: acts for this domid too; -1 if none */
};

/*
 * Access granted to caller by a permission list: owners, their targets'
 * owners and privileged callers get READ|WRITE|OWNER; otherwise the first
 * later entry naming the caller (or its target) decides, else entry 0.
 */
unsigned int xs_perm_for(const struct xs_caller *c, const struct xs_perm *p,
			 unsigned int nr);

/*
 * Parse nr NUL-terminated permission strings starting at s (the caller has
 * checked they are all there). Returns 0 or EINVAL.
 */
int xs_perms_parse(const char *s, unsigned int nr, struct xs_perm *out);

/* Format as "n0\0r1\0..."; returns bytes written or -1 if buf too small. */
int xs_perms_format(const struct xs_perm *p, unsigned int nr, char *buf,
		    size_t size);

#endif /* XSD_PERMS_H */
