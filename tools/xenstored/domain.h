/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains known to xenstored: INTRODUCE maps a guest's ring page and binds
 * its event channel through a backend, RELEASE (or the domain dying) tears
 * both down. The backend is an interface so the same logic runs over
 * /dev/xen (xen-backend.c) or in-memory pages (unit tests).
 */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"

struct xs_backend_ops {
	/* Map the guest's xenstore page (grant ref first, then gfn). */
	int (*map)(struct xs_backend *be, unsigned int domid, uint64_t gfn,
		   struct xenstore_domain_interface **intf);
	void (*unmap)(struct xs_backend *be, unsigned int domid,
		      struct xenstore_domain_interface *intf);
	/* Bind to the guest's unbound port; *local is our end. */
	int (*bind)(struct xs_backend *be, unsigned int domid,
		    unsigned int remote, unsigned int *local);
	void (*unbind)(struct xs_backend *be, unsigned int local);
	void (*notify)(struct xs_backend *be, unsigned int local);
	/* For VIRQ_DOM_EXC: does domid exist, has it shut down, is it dying? */
	int (*state)(struct xs_backend *be, unsigned int domid, bool *exists,
		     bool *shutdown, bool *dying);
};

struct xs_backend {
	const struct xs_backend_ops *ops;
	void *priv;
};

struct xs_domain {
	struct xs_domain *next;
	struct xsd *d;
	unsigned int domid;
	struct xs_conn *conn; /* NULL when introduced without a ring */
	struct xenstore_domain_interface *intf;
	unsigned int port; /* our end of the event channel, 0 if none */
	bool shutdown;	   /* @releaseDomain already sent for a shutdown */
};

struct xs_domain *xs_domain_find(struct xsd *d, unsigned int domid);
bool xs_domain_exists(struct xsd *d, unsigned int domid);
struct xs_domain *xs_domain_by_port(struct xsd *d, unsigned int port);
/*
 * INTRODUCE. With a backend this maps the ring and binds the port; with
 * none (plain host) the domain is only recorded, so the protocol and the
 * special watches can still be exercised.
 */
int xs_domain_introduce(struct xsd *d, unsigned int domid, uint64_t gfn,
			unsigned int port);
/* RELEASE: tear down, remove the domain's nodes, fire @releaseDomain. */
int xs_domain_release(struct xsd *d, unsigned int domid);
/* VIRQ_DOM_EXC: re-check every introduced domain (real hypervisor only). */
void xs_domain_check_all(struct xsd *d);
void xs_domain_destroy_all(struct xsd *d);

#endif /* XSD_DOMAIN_H */
