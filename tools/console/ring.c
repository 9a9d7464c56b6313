// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console ring copy: guest output off out[], input onto in[]. Barriers: the
 * guest's index is loaded with acquire semantics before the bytes it
 * publishes are touched; our index is stored with release semantics after
 * the bytes it covers have been read or written. Every index the guest
 * controls is read once and checked before it is used.
 */
#include <errno.h>
#include <string.h>

#include "ring.h"

_Static_assert(sizeof(struct xencons_interface) == 3088, "layout");
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "layout");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "layout");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "layout");

static XENCONS_RING_IDX load(const XENCONS_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(XENCONS_RING_IDX *p, XENCONS_RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int cring_attach(struct cring *r, struct xencons_interface *intf)
{
	XENCONS_RING_IDX out_prod = load(&intf->out_prod);
	XENCONS_RING_IDX in_cons = load(&intf->in_cons);

	r->intf = intf;
	r->out_cons = load(&intf->out_cons);
	r->in_prod = load(&intf->in_prod);
	r->broken = (XENCONS_RING_IDX)(out_prod - r->out_cons) >
			    XENCONS_OUT_SIZE ||
		    (XENCONS_RING_IDX)(r->in_prod - in_cons) > XENCONS_IN_SIZE;
	return r->broken ? -EPROTO : 0;
}

int cring_read(struct cring *r, void *buf, size_t len)
{
	XENCONS_RING_IDX prod, fill;
	size_t off, first;

	if (r->broken)
		return -EPROTO;
	prod = load(&r->intf->out_prod);
	fill = prod - r->out_cons;
	if (fill > XENCONS_OUT_SIZE) {
		r->broken = true;
		return -EPROTO;
	}
	if (len > fill)
		len = fill;
	if (len > XENCONS_OUT_SIZE) /* keeps the int result exact */
		len = XENCONS_OUT_SIZE;
	off = r->out_cons & (XENCONS_OUT_SIZE - 1);
	first = XENCONS_OUT_SIZE - off;
	if (first > len)
		first = len;
	memcpy(buf, r->intf->out + off, first);
	memcpy((char *)buf + first, r->intf->out, len - first);
	r->out_cons += (XENCONS_RING_IDX)len;
	store(&r->intf->out_cons, r->out_cons);
	return (int)len;
}

static long in_space(struct cring *r)
{
	XENCONS_RING_IDX used;

	if (r->broken)
		return -EPROTO;
	used = r->in_prod - load(&r->intf->in_cons);
	if (used > XENCONS_IN_SIZE) {
		r->broken = true;
		return -EPROTO;
	}
	return (long)(XENCONS_IN_SIZE - used);
}

size_t cring_in_space(struct cring *r)
{
	long space = in_space(r);

	return space < 0 ? 0 : (size_t)space;
}

int cring_write(struct cring *r, const void *buf, size_t len)
{
	long space = in_space(r);
	size_t off, first;

	if (space < 0)
		return (int)space;
	if (len > (size_t)space)
		len = (size_t)space;
	off = r->in_prod & (XENCONS_IN_SIZE - 1);
	first = XENCONS_IN_SIZE - off;
	if (first > len)
		first = len;
	memcpy(r->intf->in + off, buf, first);
	memcpy(r->intf->in, (const char *)buf + first, len - first);
	r->in_prod += (XENCONS_RING_IDX)len;
	store(&r->intf->in_prod, r->in_prod);
	return (int)len;
}
