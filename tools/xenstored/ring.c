// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring protocol on the xenstore page shared with a guest. Barriers: an
 * index written by the other side is loaded with acquire semantics before
 * the data it publishes is read; our own index is stored with release
 * semantics after the data it covers has been read or written.
 */
#include <string.h>

#include "ring.h"

static XENSTORE_RING_IDX load(const XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static bool fill_ok(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	return (XENSTORE_RING_IDX)(prod - cons) <= XENSTORE_RING_SIZE;
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *data,
		 unsigned int len)
{
	XENSTORE_RING_IDX cons = load(&intf->req_cons);
	XENSTORE_RING_IDX prod = load(&intf->req_prod);
	unsigned int avail, off, first;

	if (!fill_ok(cons, prod))
		return -1;
	avail = prod - cons;
	if (len > avail)
		len = avail;
	off = MASK_XENSTORE_IDX(cons);
	first = XENSTORE_RING_SIZE - off;
	if (first > len)
		first = len;
	memcpy(data, intf->req + off, first);
	memcpy((char *)data + first, intf->req, len - first);
	store(&intf->req_cons, cons + len);
	return (int)len;
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *data,
		  unsigned int len)
{
	XENSTORE_RING_IDX cons = load(&intf->rsp_cons);
	XENSTORE_RING_IDX prod = load(&intf->rsp_prod);
	unsigned int space, off, first;

	if (!fill_ok(cons, prod))
		return -1;
	space = XENSTORE_RING_SIZE - (prod - cons);
	if (len > space)
		len = space;
	off = MASK_XENSTORE_IDX(prod);
	first = XENSTORE_RING_SIZE - off;
	if (first > len)
		first = len;
	memcpy(intf->rsp + off, data, first);
	memcpy(intf->rsp, (const char *)data + first, len - first);
	store(&intf->rsp_prod, prod + len);
	return (int)len;
}

bool xs_ring_can_read(const struct xenstore_domain_interface *intf)
{
	return load(&intf->req_cons) != load(&intf->req_prod);
}

bool xs_ring_can_write(const struct xenstore_domain_interface *intf)
{
	return (XENSTORE_RING_IDX)(load(&intf->rsp_prod) -
				   load(&intf->rsp_cons)) != XENSTORE_RING_SIZE;
}

bool xs_ring_indices_ok(const struct xenstore_domain_interface *intf)
{
	return fill_ok(load(&intf->req_cons), load(&intf->req_prod)) &&
	       fill_ok(load(&intf->rsp_cons), load(&intf->rsp_prod));
}
