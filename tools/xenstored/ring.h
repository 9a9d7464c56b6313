/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest side of a xenstore connection: the request/response rings of
 * struct xenstore_domain_interface. Pure (works on any mapping of the page,
 * including an in-memory one in tests). The guest owns req_prod and
 * rsp_cons and may write anything there, so every index is read once and
 * checked before use.
 */
#ifndef XSD_RING_H
#define XSD_RING_H

#include <stdbool.h>

#include "xenstore-proto.h"

/* Take up to len request bytes. Returns the count, or -1 if the guest's
 * indices are impossible ((prod - cons) > XENSTORE_RING_SIZE). */
int xs_ring_read(struct xenstore_domain_interface *intf, void *data,
		 unsigned int len);
/* Put up to len response bytes. Returns the count, or -1 as above. */
int xs_ring_write(struct xenstore_domain_interface *intf, const void *data,
		  unsigned int len);
bool xs_ring_can_read(const struct xenstore_domain_interface *intf);
bool xs_ring_can_write(const struct xenstore_domain_interface *intf);
/* Indices sane on both rings? */
bool xs_ring_indices_ok(const struct xenstore_domain_interface *intf);

#endif /* XSD_RING_H */
