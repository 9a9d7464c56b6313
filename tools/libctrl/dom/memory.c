// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercalls that act on another domain's memory, event channels and
 * tables: memory_op reservations, EVTCHNOP_alloc_unbound, MMUEXT pinning
 * and GNTTABOP_setup_table.
 */
#include <errno.h>
#include <string.h>

#include "dev/dev.h"
#include "dom.h"

/* Extents per populate hypercall: bounds the bounce buffer. */
#define POPULATE_BATCH 4096

/* in[] is passed to the hypervisor; out[] (may be NULL) gets it back. */
static long reservation(struct ctrl_transport *t, unsigned int cmd,
			uint32_t domid, const uint64_t *in, uint64_t *out,
			size_t n, unsigned int order)
{
	struct xabi_memory_reservation *r = ctrl_hbuf_alloc(t, sizeof(*r));
	uint64_t *list = n ? ctrl_hbuf_alloc(t, n * sizeof(*list)) : NULL;
	uint64_t arg[5] = { cmd };
	long rc;

	if (!r || (n && !list)) {
		rc = -ENOMEM;
		goto out;
	}
	if (n)
		memcpy(list, in, n * sizeof(*list));
	r->extent_start = (uint64_t)(uintptr_t)list;
	r->nr_extents = n;
	r->extent_order = order;
	r->domid = (uint16_t)domid;
	arg[1] = (uint64_t)(uintptr_t)r;
	rc = t->ops->hypercall(t, XABI_HC_memory_op, arg);
	if (rc > 0 && out)
		memcpy(out, list, (size_t)(rc < (long)n ? rc : (long)n) *
					  sizeof(*list));
out:
	ctrl_hbuf_free(t, list, n * sizeof(*list));
	ctrl_hbuf_free(t, r, sizeof(*r));
	return rc;
}

int ctrl_mem_populate(struct ctrl_transport *t, uint32_t domid,
		      uint64_t *frames, size_t n, unsigned int order,
		      size_t *done)
{
	size_t i = 0;

	while (i < n) {
		size_t chunk = n - i < POPULATE_BATCH ? n - i : POPULATE_BATCH;
		long rc = reservation(t, XABI_XENMEM_populate_physmap, domid,
				      frames + i, frames + i, chunk, order);

		if (rc < 0) {
			if (done)
				*done = i;
			return (int)rc;
		}
		i += (size_t)rc;
		if ((size_t)rc < chunk) {
			if (done)
				*done = i;
			return -ENOMEM;
		}
	}
	if (done)
		*done = i;
	return 0;
}

int ctrl_mem_decrease(struct ctrl_transport *t, uint32_t domid,
		      const uint64_t *frames, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t chunk = n - i < POPULATE_BATCH ? n - i : POPULATE_BATCH;
		long rc = reservation(t, XABI_XENMEM_decrease_reservation,
				      domid, frames + i, NULL, chunk, 0);

		if (rc < 0)
			return (int)rc;
		if ((size_t)rc < chunk)
			return -EBUSY;
		i += chunk;
	}
	return 0;
}

static long domid_query(struct ctrl_transport *t, unsigned int cmd,
			uint32_t domid)
{
	uint16_t *d = ctrl_hbuf_alloc(t, sizeof(*d));
	uint64_t arg[5] = { cmd };
	long rc;

	if (!d)
		return -ENOMEM;
	*d = (uint16_t)domid;
	arg[1] = (uint64_t)(uintptr_t)d;
	rc = t->ops->hypercall(t, XABI_HC_memory_op, arg);
	ctrl_hbuf_free(t, d, sizeof(*d));
	return rc;
}

long ctrl_mem_current_reservation(struct ctrl_transport *t, uint32_t domid)
{
	return domid_query(t, XABI_XENMEM_current_reservation, domid);
}

long ctrl_mem_maximum_reservation(struct ctrl_transport *t, uint32_t domid)
{
	return domid_query(t, XABI_XENMEM_maximum_reservation, domid);
}

int ctrl_evtchn_alloc_unbound(struct ctrl_transport *t, uint32_t domid,
			      uint32_t remote, uint32_t *port)
{
	struct xabi_evtchn_alloc_unbound *a = ctrl_hbuf_alloc(t, sizeof(*a));
	uint64_t arg[5] = { XABI_EVTCHNOP_alloc_unbound };
	long rc;

	if (!a)
		return -ENOMEM;
	a->dom = (uint16_t)domid;
	a->remote_dom = (uint16_t)remote;
	arg[1] = (uint64_t)(uintptr_t)a;
	rc = t->ops->hypercall(t, XABI_HC_event_channel_op, arg);
	if (!rc)
		*port = a->port;
	ctrl_hbuf_free(t, a, sizeof(*a));
	return rc < 0 ? (int)rc : 0;
}

int ctrl_mmuext_pin_l4(struct ctrl_transport *t, uint32_t domid,
		       uint64_t mfn)
{
	struct xabi_mmuext_op *op = ctrl_hbuf_alloc(t, sizeof(*op));
	uint64_t arg[5] = { 0, 1, 0, domid };
	long rc;

	if (!op)
		return -ENOMEM;
	op->cmd = XABI_MMUEXT_PIN_L4_TABLE;
	op->arg1 = mfn;
	arg[0] = (uint64_t)(uintptr_t)op;
	rc = t->ops->hypercall(t, XABI_HC_mmuext_op, arg);
	ctrl_hbuf_free(t, op, sizeof(*op));
	return rc < 0 ? (int)rc : 0;
}

int ctrl_gnttab_setup_table(struct ctrl_transport *t, uint32_t domid,
			    uint32_t nr_frames, uint64_t *frames)
{
	struct xabi_gnttab_setup_table *s = ctrl_hbuf_alloc(t, sizeof(*s));
	uint64_t *list = ctrl_hbuf_alloc(t, nr_frames * sizeof(*list));
	uint64_t arg[5] = { XABI_GNTTABOP_setup_table, 0, 1 };
	long rc;

	if (!s || !list) {
		rc = -ENOMEM;
		goto out;
	}
	s->dom = (uint16_t)domid;
	s->nr_frames = nr_frames;
	s->frame_list = (uint64_t)(uintptr_t)list;
	arg[1] = (uint64_t)(uintptr_t)s;
	rc = t->ops->hypercall(t, XABI_HC_grant_table_op, arg);
	if (!rc && s->status)
		rc = -EINVAL; /* GNTST_* codes are not errnos */
	if (!rc)
		memcpy(frames, list, nr_frames * sizeof(*list));
out:
	ctrl_hbuf_free(t, list, nr_frames * sizeof(*list));
	ctrl_hbuf_free(t, s, sizeof(*s));
	return rc < 0 ? (int)rc : 0;
}
