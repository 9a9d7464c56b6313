/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Devices above the transport: hypercall bounce buffers, foreign memory
 * windows, event channel ports and grant mappings of other domains, as
 * the dom/ and build/ layers use them. Thin, but the only way up.
 */
#ifndef CTRL_DEV_H
#define CTRL_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "transport/transport.h"

/* Hypercall-safe memory, zeroed; NULL on failure. */
void *ctrl_hbuf_alloc(struct ctrl_transport *t, size_t len);
void ctrl_hbuf_free(struct ctrl_transport *t, void *p, size_t len);

/*
 * A window on another domain's frames: n frames, mapped contiguously.
 * Returns 0 and fills *addr, or -errno.
 */
int ctrl_foreign_map(struct ctrl_transport *t, uint16_t dom, int writable,
		     const uint64_t *frames, size_t n, void **addr);
int ctrl_foreign_unmap(struct ctrl_transport *t, void *addr, size_t n);
int ctrl_resource_map(struct ctrl_transport *t, uint16_t dom,
		      unsigned int type, unsigned int id, unsigned int idx,
		      size_t n, void **addr);

/* Event channels of this process (ports are local port numbers). */
int ctrl_evtchn_bind_interdomain(struct ctrl_transport *t, uint16_t dom,
				 uint32_t remote_port);
int ctrl_evtchn_bind_virq(struct ctrl_transport *t, uint32_t virq);
int ctrl_evtchn_unbind(struct ctrl_transport *t, uint32_t port);
int ctrl_evtchn_notify(struct ctrl_transport *t, uint32_t port);
int ctrl_evtchn_fd(struct ctrl_transport *t);
int ctrl_evtchn_pending(struct ctrl_transport *t, uint32_t *port);

/* Grant mappings: n references of domain dom, contiguously. */
int ctrl_gnt_map(struct ctrl_transport *t, uint16_t dom, const uint32_t *refs,
		 size_t n, int writable, void **addr);
int ctrl_gnt_unmap(struct ctrl_transport *t, void *addr, size_t n);

#endif /* CTRL_DEV_H */
