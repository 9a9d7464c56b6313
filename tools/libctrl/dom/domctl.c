// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl wrappers. One helper bounces a struct xabi_domctl through a
 * hypercall buffer with the interface version set; the wrappers fill the
 * union member and read results back. Nested buffers (vCPU contexts) get
 * their own hypercall buffer.
 */
#include <errno.h>
#include <string.h>

#include "dev/dev.h"
#include "dom.h"

static int domctl(struct ctrl_transport *t, struct xabi_domctl *dc)
{
	struct xabi_domctl *b = ctrl_hbuf_alloc(t, sizeof(*b));
	uint64_t arg[5] = { 0 };
	long rc;

	if (!b)
		return -ENOMEM;
	dc->interface_version = XABI_DOMCTL_VERSION;
	memcpy(b, dc, sizeof(*b));
	arg[0] = (uint64_t)(uintptr_t)b;
	rc = t->ops->hypercall(t, XABI_HC_domctl, arg);
	memcpy(dc, b, sizeof(*b));
	ctrl_hbuf_free(t, b, sizeof(*b));
	return rc < 0 ? (int)rc : 0;
}

static int simple(struct ctrl_transport *t, uint32_t cmd, uint32_t domid)
{
	struct xabi_domctl dc = { .cmd = cmd, .domain = (uint16_t)domid };

	return domctl(t, &dc);
}

int ctrl_dom_create(struct ctrl_transport *t, const struct ctrl_create_args *a,
		    uint32_t *domid)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_createdomain,
				  .domain = (uint16_t)*domid };
	struct xabi_createdomain *c = &dc.u.createdomain;
	int rc;

	c->ssidref = a->ssidref;
	memcpy(c->handle, a->handle, sizeof(c->handle));
	c->flags = a->flags;
	c->max_vcpus = a->max_vcpus;
	c->max_evtchn_port = a->max_evtchn_port;
	c->max_grant_frames = a->max_grant_frames;
	c->max_maptrack_frames = a->max_maptrack_frames;
	c->grant_opts = a->max_grant_version & 0xf;
	c->cpupool_id = a->cpupool;
	rc = domctl(t, &dc);
	if (!rc)
		*domid = dc.domain;
	return rc;
}

int ctrl_dom_destroy(struct ctrl_transport *t, uint32_t domid)
{
	int rc, tries = 0;

	/* Teardown is preemptible; older interfaces hand back -EAGAIN. */
	do {
		rc = simple(t, XABI_DOMCTL_destroydomain, domid);
	} while (rc == -EAGAIN && ++tries < 100000);
	return rc;
}

int ctrl_dom_pause(struct ctrl_transport *t, uint32_t domid)
{
	return simple(t, XABI_DOMCTL_pausedomain, domid);
}

int ctrl_dom_unpause(struct ctrl_transport *t, uint32_t domid)
{
	return simple(t, XABI_DOMCTL_unpausedomain, domid);
}

void ctrl_dominfo_decode(const struct xabi_dominfo *in,
			 struct ctrl_dominfo *out)
{
	memset(out, 0, sizeof(*out));
	out->domid = in->domain;
	out->flags = in->flags;
	out->dying = in->flags & XABI_DOMINF_dying;
	out->shutdown = in->flags & XABI_DOMINF_shutdown;
	out->paused = in->flags & XABI_DOMINF_paused;
	out->blocked = in->flags & XABI_DOMINF_blocked;
	out->running = in->flags & XABI_DOMINF_running;
	out->hvm = in->flags & XABI_DOMINF_hvm;
	out->shutdown_reason = (in->flags >> XABI_DOMINF_SHUTDOWN_SHIFT) &
			       XABI_DOMINF_SHUTDOWN_MASK;
	out->tot_pages = in->tot_pages;
	out->max_pages = in->max_pages;
	out->outstanding_pages = in->outstanding_pages;
	out->shared_info_frame = in->shared_info_frame;
	out->cpu_time_ns = in->cpu_time;
	out->nr_online_vcpus = in->nr_online_vcpus;
	out->max_vcpu_id = in->max_vcpu_id;
	memcpy(out->handle, in->handle, sizeof(out->handle));
	out->cpupool = in->cpupool;
}

int ctrl_dom_getinfo(struct ctrl_transport *t, uint32_t domid,
		     struct ctrl_dominfo *info)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_getdomaininfo,
				  .domain = (uint16_t)domid };
	int rc = domctl(t, &dc);

	if (rc)
		return rc;
	/* The hypervisor may answer with the next domain up. */
	if (dc.u.getdomaininfo.domain != domid)
		return -ESRCH;
	ctrl_dominfo_decode(&dc.u.getdomaininfo, info);
	return 0;
}

int ctrl_dom_max_mem(struct ctrl_transport *t, uint32_t domid, uint64_t kb)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_max_mem,
				  .domain = (uint16_t)domid };

	dc.u.max_mem.max_memkb = kb;
	return domctl(t, &dc);
}

int ctrl_dom_max_vcpus(struct ctrl_transport *t, uint32_t domid,
		       unsigned int max)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_max_vcpus,
				  .domain = (uint16_t)domid };

	dc.u.max_vcpus.max = max;
	return domctl(t, &dc);
}

static int vcpu_context(struct ctrl_transport *t, uint32_t cmd,
			uint32_t domid, unsigned int vcpu,
			struct xabi_vcpu_guest_context *ctx)
{
	struct xabi_domctl dc = { .cmd = cmd, .domain = (uint16_t)domid };
	struct xabi_vcpu_guest_context *b = ctrl_hbuf_alloc(t, sizeof(*b));
	int rc;

	if (!b)
		return -ENOMEM;
	memcpy(b, ctx, sizeof(*b));
	dc.u.vcpucontext.vcpu = vcpu;
	dc.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)b;
	rc = domctl(t, &dc);
	if (!rc)
		memcpy(ctx, b, sizeof(*b));
	ctrl_hbuf_free(t, b, sizeof(*b));
	return rc;
}

int ctrl_dom_set_vcpu_context(struct ctrl_transport *t, uint32_t domid,
			      unsigned int vcpu,
			      const struct xabi_vcpu_guest_context *ctx)
{
	struct xabi_vcpu_guest_context copy = *ctx;

	return vcpu_context(t, XABI_DOMCTL_setvcpucontext, domid, vcpu, &copy);
}

int ctrl_dom_get_vcpu_context(struct ctrl_transport *t, uint32_t domid,
			      unsigned int vcpu,
			      struct xabi_vcpu_guest_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	return vcpu_context(t, XABI_DOMCTL_getvcpucontext, domid, vcpu, ctx);
}

int ctrl_dom_getvcpuinfo(struct ctrl_transport *t, uint32_t domid,
			 unsigned int vcpu, struct xabi_getvcpuinfo *out)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_getvcpuinfo,
				  .domain = (uint16_t)domid };
	int rc;

	dc.u.getvcpuinfo.vcpu = vcpu;
	rc = domctl(t, &dc);
	if (!rc)
		*out = dc.u.getvcpuinfo;
	return rc;
}

int ctrl_dom_settimeoffset(struct ctrl_transport *t, uint32_t domid,
			   int64_t seconds)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_settimeoffset,
				  .domain = (uint16_t)domid };

	dc.u.settimeoffset.time_offset_seconds = seconds;
	return domctl(t, &dc);
}

int ctrl_dom_set_address_size(struct ctrl_transport *t, uint32_t domid,
			      unsigned int bits)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_set_address_size,
				  .domain = (uint16_t)domid };

	dc.u.address_size.size = bits;
	return domctl(t, &dc);
}

int ctrl_dom_get_address_size(struct ctrl_transport *t, uint32_t domid,
			      unsigned int *bits)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_get_address_size,
				  .domain = (uint16_t)domid };
	int rc = domctl(t, &dc);

	if (!rc)
		*bits = dc.u.address_size.size;
	return rc;
}

int ctrl_dom_setdomainhandle(struct ctrl_transport *t, uint32_t domid,
			     const uint8_t handle[16])
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_setdomainhandle,
				  .domain = (uint16_t)domid };

	memcpy(dc.u.setdomainhandle.handle, handle, 16);
	return domctl(t, &dc);
}

int ctrl_dom_hypercall_init(struct ctrl_transport *t, uint32_t domid,
			    uint64_t gmfn)
{
	struct xabi_domctl dc = { .cmd = XABI_DOMCTL_hypercall_init,
				  .domain = (uint16_t)domid };

	dc.u.hypercall_init.gmfn = gmfn;
	return domctl(t, &dc);
}

int ctrl_dom_set_max_evtchn(struct ctrl_transport *t, uint32_t domid,
			    uint32_t max_port)
{
	(void)t;
	(void)domid;
	(void)max_port;
	return -EOPNOTSUPP;
}
