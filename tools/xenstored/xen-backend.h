/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real backend: guest ring pages mapped through /dev/xen/gntdev (or
 * privcmd by frame number), event channels through /dev/xen/evtchn, domain
 * state through a domctl via /dev/xen/privcmd. Builds on any Linux host;
 * only does something under a Xen-compatible hypervisor.
 */
#ifndef XSD_XEN_BACKEND_H
#define XSD_XEN_BACKEND_H

#include "domain.h"

/* Open the devices; NULL with errno set if /dev/xen is not usable. */
struct xs_backend *xen_backend_open(void);
void xen_backend_close(struct xs_backend *be);
/* The event channel fd to poll for POLLIN. */
int xen_backend_fd(struct xs_backend *be);
/*
 * Collect one pending port (and unmask it). Returns 1 with *port set, 0
 * if none, -1 on error. *is_virq tells VIRQ_DOM_EXC apart.
 */
int xen_backend_pending(struct xs_backend *be, unsigned int *port,
			bool *is_virq);
/* Dom0's own store event channel (the remote end to bind), or -errno. */
int xen_backend_dom0_port(struct xs_backend *be);

#endif /* XSD_XEN_BACKEND_H */
