// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device helpers over the transport: errno conventions made uniform
 * (every function returns 0/-errno or a port), protections chosen from a
 * writable flag.
 */
#include <errno.h>
#include <sys/mman.h>

#include "dev.h"

void *ctrl_hbuf_alloc(struct ctrl_transport *t, size_t len)
{
	return t->ops->buf_alloc(t, len);
}

void ctrl_hbuf_free(struct ctrl_transport *t, void *p, size_t len)
{
	if (p)
		t->ops->buf_free(t, p, len);
}

static int prot_of(int writable)
{
	return PROT_READ | (writable ? PROT_WRITE : 0);
}

int ctrl_foreign_map(struct ctrl_transport *t, uint16_t dom, int writable,
		     const uint64_t *frames, size_t n, void **addr)
{
	void *p;

	errno = 0;
	p = t->ops->map_foreign(t, dom, prot_of(writable), frames, NULL, n);
	if (!p)
		return errno ? -errno : -EIO;
	*addr = p;
	return 0;
}

int ctrl_foreign_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	return addr ? t->ops->unmap(t, addr, n) : 0;
}

int ctrl_resource_map(struct ctrl_transport *t, uint16_t dom,
		      unsigned int type, unsigned int id, unsigned int idx,
		      size_t n, void **addr)
{
	void *p;

	errno = 0;
	p = t->ops->map_resource(t, dom, type, id, idx, n,
				 PROT_READ | PROT_WRITE);
	if (!p)
		return errno ? -errno : -EIO;
	*addr = p;
	return 0;
}

int ctrl_evtchn_bind_interdomain(struct ctrl_transport *t, uint16_t dom,
				 uint32_t remote_port)
{
	return t->ops->evtchn_bind_interdomain(t, dom, remote_port);
}

int ctrl_evtchn_bind_virq(struct ctrl_transport *t, uint32_t virq)
{
	return t->ops->evtchn_bind_virq(t, virq);
}

int ctrl_evtchn_unbind(struct ctrl_transport *t, uint32_t port)
{
	return t->ops->evtchn_unbind(t, port);
}

int ctrl_evtchn_notify(struct ctrl_transport *t, uint32_t port)
{
	return t->ops->evtchn_notify(t, port);
}

int ctrl_evtchn_fd(struct ctrl_transport *t)
{
	return t->ops->evtchn_fd(t);
}

int ctrl_evtchn_pending(struct ctrl_transport *t, uint32_t *port)
{
	return t->ops->evtchn_pending(t, port);
}

int ctrl_gnt_map(struct ctrl_transport *t, uint16_t dom, const uint32_t *refs,
		 size_t n, int writable, void **addr)
{
	void *p;

	errno = 0;
	p = t->ops->gnt_map(t, dom, refs, n, prot_of(writable));
	if (!p)
		return errno ? -errno : -EIO;
	*addr = p;
	return 0;
}

int ctrl_gnt_unmap(struct ctrl_transport *t, void *addr, size_t n)
{
	return t->ops->gnt_unmap(t, addr, n);
}
