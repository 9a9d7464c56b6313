// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor model behind the fake transport (see fakehv.h). Only
 * what the toolstack calls is modelled, but that part follows Xen 4.17's
 * rules: interface versions, "next domain up" answers of getdomaininfo,
 * max_pages enforcement in populate_physmap, and a pin that validates the
 * page-table tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakehv.h"

#define PTE_P	(1ULL << 0)
#define PTE_RW	(1ULL << 1)
#define PTE_PSE (1ULL << 7)
#define PTE_MFN(e) (((e) & 0x000ffffffffff000ULL) >> 12)

struct fhv_dom *fakehv_dom(struct fakehv *h, uint32_t domid)
{
	size_t i;

	for (i = 0; i < FHV_MAX_DOMS; i++)
		if (h->doms[i].used && h->doms[i].id == domid)
			return &h->doms[i];
	return NULL;
}

size_t fakehv_owned(struct fakehv *h, uint32_t domid)
{
	size_t i, n = 0;

	for (i = 0; i < h->nr_frames; i++)
		if (h->owner[i] == (int16_t)domid)
			n++;
	return n;
}

static long alloc_frame(struct fakehv *h, uint16_t domid, uint64_t *mfn)
{
	if (!h->nr_free)
		return -ENOMEM;
	*mfn = h->free_list[--h->nr_free];
	h->owner[*mfn] = (int16_t)domid;
	memset(ctrl_fake_frame(h->t, *mfn), 0, 4096);
	return 0;
}

static void free_frames(struct fakehv *h, uint16_t domid)
{
	size_t i;

	for (i = 0; i < h->nr_frames; i++)
		if (h->owner[i] == (int16_t)domid) {
			h->owner[i] = -1;
			h->m2p[i] = ~0ULL;
			h->free_list[h->nr_free++] = i;
		}
}

/* ---- page-table validation, as a pin does it ---- */

struct walk {
	struct fakehv *h;
	struct fhv_dom *d;
	uint8_t *level; /* per mfn: 0, or the table level it holds */
	char *err;
};

static int walk_table(struct walk *w, uint64_t mfn, int lvl)
{
	const uint64_t *pt;
	int i;

	if (mfn >= w->h->nr_frames || w->h->owner[mfn] != (int16_t)w->d->id) {
		snprintf(w->err, 256, "L%d table mfn %#llx not owned by d%u",
			 lvl, (unsigned long long)mfn, w->d->id);
		return -EINVAL;
	}
	if (w->level[mfn] && w->level[mfn] != lvl) {
		snprintf(w->err, 256, "mfn %#llx used as L%d and L%d",
			 (unsigned long long)mfn, w->level[mfn], lvl);
		return -EINVAL;
	}
	if (w->level[mfn])
		return 0; /* shared table, validated already */
	w->level[mfn] = (uint8_t)lvl;
	if (lvl == 1)
		return 0;
	pt = ctrl_fake_frame(w->h->t, mfn);
	for (i = 0; i < 512; i++) {
		uint64_t e = pt[i];

		if (lvl == 4 && i >= 256 && i < 272) {
			if (e) {
				snprintf(w->err, 256, "L4 slot %d is the "
					 "hypervisor's", i);
				return -EINVAL;
			}
			continue;
		}
		if (!(e & PTE_P))
			continue;
		if ((lvl == 2 || lvl == 3) && (e & PTE_PSE)) {
			snprintf(w->err, 256, "PSE in L%d[%d]", lvl, i);
			return -EINVAL;
		}
		if (walk_table(w, PTE_MFN(e), lvl - 1))
			return -EINVAL;
	}
	return 0;
}

/* Every L1 entry maps an owned frame; page tables only read-only. */
static int check_l1s(struct walk *w)
{
	size_t m;

	for (m = 0; m < w->h->nr_frames; m++) {
		const uint64_t *pt;
		int i;

		if (w->level[m] != 1)
			continue;
		pt = ctrl_fake_frame(w->h->t, m);
		for (i = 0; i < 512; i++) {
			uint64_t e = pt[i], t;

			if (!(e & PTE_P))
				continue;
			t = PTE_MFN(e);
			if (t >= w->h->nr_frames ||
			    w->h->owner[t] != (int16_t)w->d->id) {
				snprintf(w->err, 256, "L1 %#zx[%d] maps mfn "
					 "%#llx not owned by d%u", m, i,
					 (unsigned long long)t, w->d->id);
				return -EINVAL;
			}
			if (w->level[t] && (e & PTE_RW)) {
				snprintf(w->err, 256, "L1 %#zx[%d] maps L%d "
					 "table %#llx writable", m, i,
					 w->level[t], (unsigned long long)t);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static long pin_l4(struct fakehv *h, struct fhv_dom *d, uint64_t mfn)
{
	struct walk w = { .h = h, .d = d, .err = d->pin_error };
	long rc;

	w.level = calloc(h->nr_frames, 1);
	if (!w.level)
		return -ENOMEM;
	d->pin_error[0] = '\0';
	rc = walk_table(&w, mfn, 4);
	if (!rc)
		rc = check_l1s(&w);
	if (!rc)
		d->pinned_l4 = mfn;
	free(w.level);
	return rc;
}

/* ---- domctl ---- */

static void fill_info(struct fakehv *h, struct fhv_dom *d,
		      struct xabi_dominfo *out)
{
	(void)h;
	memset(out, 0, sizeof(*out));
	out->domain = d->id;
	out->flags = d->flags | (d->pause_count ? XABI_DOMINF_paused
						: XABI_DOMINF_blocked);
	out->tot_pages = d->tot_pages;
	out->max_pages = d->max_pages;
	out->shared_info_frame = d->shared_info_mfn;
	out->nr_online_vcpus = d->ctx_set[0] ? 1 : 0;
	out->max_vcpu_id = d->max_vcpus ? d->max_vcpus - 1 : ~0U;
	memcpy(out->handle, d->handle, 16);
	out->cpu_time = 1500000000ULL;
}

static long do_domctl(struct fakehv *h, struct xabi_domctl *dc)
{
	struct fhv_dom *d = NULL;
	size_t i;

	if (dc->interface_version != XABI_DOMCTL_VERSION)
		return -EACCES;
	if (h->fail_cmd && dc->cmd == h->fail_cmd) {
		h->fail_cmd = 0;
		return h->fail_rc;
	}
	if (dc->cmd != XABI_DOMCTL_createdomain &&
	    dc->cmd != XABI_DOMCTL_getdomaininfo) {
		d = fakehv_dom(h, dc->domain);
		if (!d)
			return -ESRCH;
	}
	switch (dc->cmd) {
	case XABI_DOMCTL_createdomain: {
		const struct xabi_createdomain *c = &dc->u.createdomain;
		uint16_t id = dc->domain;

		if (c->flags & (XABI_CDF_hvm | XABI_CDF_hap))
			return -EINVAL;
		if (!c->max_vcpus || c->max_vcpus > FHV_MAX_VCPUS)
			return -EINVAL;
		if (id == 0 || id >= XABI_DOMID_FIRST_RESERVED) {
			id = h->next_domid++;
		} else if (fakehv_dom(h, id)) {
			return -EEXIST;
		}
		for (i = 0; i < FHV_MAX_DOMS && h->doms[i].used; i++)
			;
		if (i == FHV_MAX_DOMS)
			return -ENOSPC;
		d = &h->doms[i];
		memset(d, 0, sizeof(*d));
		d->used = true;
		d->id = id;
		d->pause_count = 1; /* created paused, as Xen does */
		d->max_vcpus_create = c->max_vcpus;
		d->max_evtchn_port = c->max_evtchn_port;
		d->address_size = 64;
		memcpy(d->handle, c->handle, 16);
		if (alloc_frame(h, id, &d->shared_info_mfn) ||
		    alloc_frame(h, id, &d->gnttab_mfn))
			return -ENOMEM;
		dc->domain = id;
		return 0;
	}
	case XABI_DOMCTL_destroydomain:
		free_frames(h, d->id);
		d->used = false;
		return 0;
	case XABI_DOMCTL_pausedomain:
		d->pause_count++;
		return 0;
	case XABI_DOMCTL_unpausedomain:
		if (!d->pause_count)
			return -EINVAL;
		d->pause_count--;
		return 0;
	case XABI_DOMCTL_getdomaininfo: {
		struct fhv_dom *best = NULL;

		for (i = 0; i < FHV_MAX_DOMS; i++)
			if (h->doms[i].used && h->doms[i].id >= dc->domain &&
			    (!best || h->doms[i].id < best->id))
				best = &h->doms[i];
		if (!best)
			return -ESRCH;
		fill_info(h, best, &dc->u.getdomaininfo);
		dc->domain = best->id;
		return 0;
	}
	case XABI_DOMCTL_max_mem:
		d->max_pages = dc->u.max_mem.max_memkb / 4;
		return 0;
	case XABI_DOMCTL_max_vcpus:
		if (dc->u.max_vcpus.max != d->max_vcpus_create)
			return -EINVAL;
		d->max_vcpus = dc->u.max_vcpus.max;
		return 0;
	case XABI_DOMCTL_setvcpucontext: {
		uint32_t v = dc->u.vcpucontext.vcpu;
		const struct xabi_vcpu_guest_context *c =
			(const void *)(uintptr_t)dc->u.vcpucontext.ctxt;

		if (v >= d->max_vcpus)
			return -EINVAL;
		/* The L4 must be a validated root table. */
		if (c->ctrlreg[3] >> 12 != d->pinned_l4 || !d->pinned_l4)
			return -EINVAL;
		d->ctx[v] = *c;
		d->ctx_set[v] = true;
		return 0;
	}
	case XABI_DOMCTL_getvcpucontext: {
		uint32_t v = dc->u.vcpucontext.vcpu;

		if (v >= d->max_vcpus)
			return -EINVAL;
		memcpy((void *)(uintptr_t)dc->u.vcpucontext.ctxt, &d->ctx[v],
		       sizeof(d->ctx[v]));
		return 0;
	}
	case XABI_DOMCTL_getvcpuinfo:
		if (dc->u.getvcpuinfo.vcpu >= d->max_vcpus)
			return -ESRCH;
		dc->u.getvcpuinfo.online = d->ctx_set[dc->u.getvcpuinfo.vcpu];
		dc->u.getvcpuinfo.cpu_time = 1000;
		return 0;
	case XABI_DOMCTL_settimeoffset:
		d->time_offset = dc->u.settimeoffset.time_offset_seconds;
		return 0;
	case XABI_DOMCTL_set_address_size:
		if (dc->u.address_size.size != 32 &&
		    dc->u.address_size.size != 64)
			return -EINVAL;
		d->address_size = dc->u.address_size.size;
		return 0;
	case XABI_DOMCTL_get_address_size:
		dc->u.address_size.size = d->address_size;
		return 0;
	case XABI_DOMCTL_setdomainhandle:
		memcpy(d->handle, dc->u.setdomainhandle.handle, 16);
		return 0;
	case XABI_DOMCTL_hypercall_init: {
		uint64_t m = dc->u.hypercall_init.gmfn;

		if (m >= h->nr_frames || h->owner[m] != (int16_t)d->id)
			return -EINVAL;
		d->hypercall_page = m;
		return 0;
	}
	}
	return -ENOSYS;
}

/* ---- sysctl ---- */

static long do_sysctl(struct fakehv *h, struct xabi_sysctl *sc)
{
	size_t i;

	if (sc->interface_version != XABI_SYSCTL_VERSION)
		return -EACCES;
	switch (sc->cmd) {
	case XABI_SYSCTL_physinfo: {
		struct xabi_physinfo *p = &sc->u.physinfo;

		memset(p, 0, sizeof(*p));
		p->threads_per_core = 1;
		p->cores_per_socket = 2;
		p->nr_cpus = 2;
		p->max_cpu_id = 1;
		p->nr_nodes = 1;
		p->cpu_khz = 2000000;
		p->capabilities = XABI_PHYSCAP_pv | XABI_PHYSCAP_gnttab_v1;
		p->total_pages = h->nr_frames;
		p->free_pages = h->nr_free;
		p->max_mfn = h->nr_frames - 1;
		return 0;
	}
	case XABI_SYSCTL_sched_id:
		sc->u.sched_id.sched_id = h->sched_id;
		return 0;
	case XABI_SYSCTL_getdomaininfolist: {
		struct xabi_getdomaininfolist *l = &sc->u.getdomaininfolist;
		struct xabi_dominfo *out = (void *)(uintptr_t)l->buffer;
		uint32_t n = 0;
		unsigned int id;

		for (id = l->first_domain; id < 0x7ff0 && n < l->max_domains;
		     id++) {
			struct fhv_dom *d = fakehv_dom(h, id);

			if (d)
				fill_info(h, d, &out[n++]);
		}
		l->num_domains = n;
		return 0;
	}
	case XABI_SYSCTL_readconsole: {
		struct xabi_readconsole *r = &sc->u.readconsole;
		const char *c = h->console ? h->console : "";
		size_t len = strlen(c), start = r->incremental ? r->index : 0;
		size_t n = start < len ? len - start : 0;

		if (n > r->count)
			n = r->count;
		memcpy((void *)(uintptr_t)r->buffer, c + start, n);
		r->count = (uint32_t)n;
		r->index = (uint32_t)(start + n);
		return 0;
	}
	}
	(void)i;
	return -ENOSYS;
}

/* ---- memory_op, event channels, mmuext, grant tables, version ---- */

static long do_memory_op(struct fakehv *h, uint64_t cmd, void *arg)
{
	struct xabi_memory_reservation *r = arg;
	uint64_t *list;
	struct fhv_dom *d;
	size_t i;

	if (cmd == XABI_XENMEM_current_reservation ||
	    cmd == XABI_XENMEM_maximum_reservation) {
		d = fakehv_dom(h, *(uint16_t *)arg);
		if (!d)
			return -ESRCH;
		return (long)(cmd == XABI_XENMEM_current_reservation
				      ? d->tot_pages
				      : d->max_pages);
	}
	if (cmd != XABI_XENMEM_populate_physmap &&
	    cmd != XABI_XENMEM_decrease_reservation)
		return -ENOSYS;
	d = fakehv_dom(h, r->domid);
	if (!d)
		return -ESRCH;
	if (r->extent_order)
		return -EINVAL; /* the model does 4 KiB pages only */
	list = (uint64_t *)(uintptr_t)r->extent_start;
	h->populate_calls++;
	for (i = 0; i < r->nr_extents; i++) {
		if (cmd == XABI_XENMEM_populate_physmap) {
			uint64_t mfn;

			if (d->tot_pages >= d->max_pages || alloc_frame(h, d->id, &mfn))
				break;
			h->m2p[mfn] = list[i];
			list[i] = mfn;
			d->tot_pages++;
		} else {
			uint64_t mfn = list[i];

			if (mfn >= h->nr_frames || h->owner[mfn] != (int16_t)d->id)
				break;
			h->owner[mfn] = -1;
			h->free_list[h->nr_free++] = mfn;
			d->tot_pages--;
		}
	}
	return (long)i;
}

static long do_hypercall(void *ctx, struct ctrl_transport *t, unsigned int op,
			 const uint64_t arg[5])
{
	struct fakehv *h = ctx;

	(void)t;
	switch (op) {
	case XABI_HC_domctl:
		return do_domctl(h, (void *)(uintptr_t)arg[0]);
	case XABI_HC_sysctl:
		return do_sysctl(h, (void *)(uintptr_t)arg[0]);
	case XABI_HC_memory_op:
		return do_memory_op(h, arg[0], (void *)(uintptr_t)arg[1]);
	case XABI_HC_event_channel_op: {
		struct xabi_evtchn_alloc_unbound *a = (void *)(uintptr_t)arg[1];
		struct fhv_dom *d;

		if (arg[0] != XABI_EVTCHNOP_alloc_unbound)
			return -ENOSYS;
		d = fakehv_dom(h, a->dom);
		if (!d || (a->remote_dom && !fakehv_dom(h, a->remote_dom) &&
			   a->remote_dom != 0))
			return -ESRCH;
		a->port = ++d->next_port;
		return 0;
	}
	case XABI_HC_mmuext_op: {
		const struct xabi_mmuext_op *ops = (void *)(uintptr_t)arg[0];
		struct fhv_dom *d = fakehv_dom(h, (uint32_t)arg[3]);

		if (!d || arg[1] != 1)
			return -EINVAL;
		if (ops->cmd != XABI_MMUEXT_PIN_L4_TABLE)
			return -ENOSYS;
		return pin_l4(h, d, ops->arg1);
	}
	case XABI_HC_grant_table_op: {
		struct xabi_gnttab_setup_table *s = (void *)(uintptr_t)arg[1];
		struct fhv_dom *d;

		if (arg[0] != XABI_GNTTABOP_setup_table)
			return -ENOSYS;
		d = fakehv_dom(h, s->dom);
		if (!d) {
			s->status = -2;
			return 0;
		}
		if (s->nr_frames != 1)
			return -EINVAL;
		*(uint64_t *)(uintptr_t)s->frame_list = d->gnttab_mfn;
		s->status = 0;
		return 0;
	}
	case XABI_HC_xen_version:
		switch (arg[0]) {
		case XABI_XENVER_version:
			return (4 << 16) | 17;
		case XABI_XENVER_extraversion:
			strcpy((char *)(uintptr_t)arg[1], ".7-fake");
			return 0;
		case XABI_XENVER_capabilities:
			strcpy((char *)(uintptr_t)arg[1], "xen-3.0-x86_64");
			return 0;
		case XABI_XENVER_changeset:
			strcpy((char *)(uintptr_t)arg[1], "fake");
			return 0;
		case XABI_XENVER_commandline:
			strcpy((char *)(uintptr_t)arg[1], "console=com1");
			return 0;
		case XABI_XENVER_platform_parameters:
			*(uint64_t *)(uintptr_t)arg[1] = 0xffff800000000000ULL;
			return 0;
		case XABI_XENVER_pagesize:
			return 4096;
		}
		return -ENOSYS;
	}
	return -ENOSYS;
}

static int resource(void *ctx, uint16_t dom, unsigned int type,
		    unsigned int id, unsigned int idx, size_t n,
		    uint64_t *mfns)
{
	struct fakehv *h = ctx;
	struct fhv_dom *d = fakehv_dom(h, dom);

	if (!d)
		return -ESRCH;
	if (type != XABI_XENMEM_resource_grant_table || id || idx || n != 1)
		return -EINVAL;
	mfns[0] = d->gnttab_mfn;
	return 0;
}

struct fakehv *fakehv_new(size_t nr_frames)
{
	struct fakehv *h = calloc(1, sizeof(*h));
	size_t i;
	uint64_t x = 12345;

	if (!h)
		return NULL;
	h->nr_frames = nr_frames;
	h->t = ctrl_fake_open(nr_frames);
	h->owner = malloc(nr_frames * sizeof(*h->owner));
	h->m2p = malloc(nr_frames * sizeof(*h->m2p));
	h->free_list = malloc(nr_frames * sizeof(*h->free_list));
	if (!h->t || !h->owner || !h->m2p || !h->free_list) {
		fakehv_free(h);
		return NULL;
	}
	/* Frames 0..15 belong to "the hypervisor"; the rest are shuffled. */
	for (i = 0; i < nr_frames; i++) {
		h->owner[i] = i < 16 ? 0x7ff2 : -1;
		h->m2p[i] = ~0ULL;
	}
	for (i = 16; i < nr_frames; i++)
		h->free_list[h->nr_free++] = i;
	for (i = h->nr_free - 1; i > 0; i--) {
		size_t j;
		uint64_t tmp;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		j = (size_t)((x >> 33) % (i + 1));
		tmp = h->free_list[i];
		h->free_list[i] = h->free_list[j];
		h->free_list[j] = tmp;
	}
	h->next_domid = 1;
	h->sched_id = XABI_SCHED_CREDIT2;
	/* dom0 */
	h->doms[0].used = true;
	h->doms[0].id = 0;
	h->doms[0].max_vcpus = 2;
	h->doms[0].tot_pages = 1024;
	h->doms[0].max_pages = 1024;
	h->doms[0].ctx_set[0] = true;
	ctrl_fake_set_handler(h->t, do_hypercall, resource, h);
	return h;
}

void fakehv_free(struct fakehv *h)
{
	if (!h)
		return;
	if (h->t)
		ctrl_transport_close(h->t);
	free(h->owner);
	free(h->m2p);
	free(h->free_list);
	free(h);
}
