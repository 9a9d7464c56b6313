// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl: the toolstack's control of domains (Xen 4.17, interface version
 * 0x15). The struct is copied in once and checked (version, then the
 * domain, then privilege, as Xen with its default XSM policy); each
 * command is a small worker on the copy, and commands that answer write
 * the whole struct back.
 *
 * Locking: one CPU with interrupts off in the hypervisor; with SMP a
 * single domctl lock (trylock, else a continuation) serialises these.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page-ref.h>
#include <hv/pt-validate.h>
#include <hv/pv.h>
#include <hv/sched.h>
#include <hv/vcpu-op.h>
#include <public/domctl.h>
#include <public/vcpu.h>

BUILD_BUG_ON(sizeof(struct xen_domctl) != 16 + 128);
BUILD_BUG_ON(sizeof(struct xen_domctl_createdomain) != 64);
BUILD_BUG_ON(sizeof(struct xen_domctl_getdomaininfo) != 112);
BUILD_BUG_ON(offsetof(struct xen_domctl_getdomaininfo, handle) != 76);
BUILD_BUG_ON(sizeof(struct xen_domctl_getvcpuinfo) != 24);
BUILD_BUG_ON(offsetof(struct xen_domctl_vcpucontext, ctxt) != 8);

/* Toolstack pauses are counted; Xen stops the count at 255. */
#define MAX_CONTROLLER_PAUSES 255

void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	uint32_t flags = XEN_DOMINF_blocked;
	uint64_t cpu_time = 0;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];
		struct vcpu_runstate_info ri;

		if (!v)
			continue;
		vcpu_runstate_get(v, &ri);
		cpu_time += ri.time[RUNSTATE_running];
		info->max_vcpu_id = v->vcpu_id;
		if (v->pause_flags & VPF_down)
			continue;
		if (!(v->pause_flags & VPF_blocked))
			flags &= ~XEN_DOMINF_blocked;
		if (v->is_running)
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	info->cpu_time = cpu_time;
	info->flags = (info->nr_online_vcpus ? flags : 0) |
		      (d->is_dying == DOMDYING_dead ? XEN_DOMINF_dying : 0) |
		      (d->is_shut_down ? XEN_DOMINF_shutdown : 0) |
		      (d->controller_pause_count > 0 ? XEN_DOMINF_paused : 0) |
		      ((uint32_t)d->shutdown_code << XEN_DOMINF_shutdownshift);
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->shared_info_frame = virt_to_mfn(d->shared_info);
	info->ssidref = d->ssidref;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->gpaddr_bits = 52;
}

/* An explicit id if free (-EEXIST), else the next free one after the last picked. */
static int pick_domid(domid_t want, domid_t *out)
{
	static domid_t rover;
	domid_t dom = rover;

	if (want > 0 && want < DOMID_FIRST_RESERVED) {
		if (domain_by_id(want))
			return -EEXIST;
		*out = want;
		return 0;
	}
	for (unsigned int n = 0; n < DOMID_FIRST_RESERVED; n++) {
		dom = dom + 1u >= DOMID_FIRST_RESERVED ? 1 : dom + 1;
		if (!domain_by_id(dom)) {
			rover = dom;    /* as Xen: taken even if creation then fails */
			*out = dom;
			return 0;
		}
	}
	return -ENOMEM;
}

static long create(struct xen_domctl *op)
{
	struct domain *d;
	domid_t dom;
	int rc = pick_domid(op->domain, &dom);

	if (rc)
		return rc;
	rc = domain_create_guest(dom, &op->u.createdomain, &d);
	if (rc)
		return rc;
	op->domain = dom;
	return 0;
}

/* 4.17 answers with the first domain at or above the id asked for. */
static long getdomaininfo(struct xen_domctl *op, struct domain *d)
{
	if (!d) {
		if (op->domain >= DOMID_FIRST_RESERVED)
			return -EINVAL;
		list_for_each_entry(d, &domain_list, domain_list)
			if (d->domain_id >= op->domain)
				break;
		if (&d->domain_list == &domain_list)
			return -ESRCH;
	}
	domain_get_info(d, &op->u.getdomaininfo);
	op->domain = d->domain_id;
	return 0;
}

static long destroy(struct domain *d)
{
	int rc = domain_kill(d);

	while (rc == -ERESTART && !hypercall_can_continue())
		rc = domain_kill(d);
	if (rc == -ERESTART)
		return hypercall_continue(HYPERCALL_domctl);
	return rc;
}

static long pause(struct domain *d)
{
	if (d == current->domain)
		return -EINVAL;
	if (d->controller_pause_count >= MAX_CONTROLLER_PAUSES)
		return -EOVERFLOW;
	domain_pause_by_controller(d);
	return 0;
}

static long max_vcpus(struct domain *d, unsigned int max)
{
	if (d == current->domain || max != d->max_vcpus)
		return -EINVAL;
	return domain_create_vcpus(d);
}

static struct vcpu *domain_vcpu(const struct domain *d, uint32_t id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/*
 * A vCPU already set up keeps its tables: the new context must name the
 * same ones (the restore case), as Xen requires (-EOPNOTSUPP).
 */
static bool same_tables(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	unsigned int nr = (c->gdt_ents + 511) / 512;

	if (c->ctrlreg[3] >> PAGE_SHIFT != v->arch.guest_table ||
	    c->ctrlreg[1] >> PAGE_SHIFT != v->arch.guest_table_user ||
	    c->gdt_ents != v->arch.pv.gdt_ents || c->ldt_ents != v->arch.pv.ldt_ents ||
	    (c->ldt_ents && c->ldt_base != v->arch.pv.ldt_base))
		return false;
	for (unsigned int i = 0; i < nr && i < PV_GDT_GUEST_PAGES; i++)
		if (c->gdt_frames[i] != v->arch.pv.gdt_frames[i])
			return false;
	return true;
}

/*
 * The context loader marks the vCPU up or down (VGCF_online); as Xen
 * pauses the domain around the load, an up vCPU of a domain that is not
 * paused then runs.
 */
static long set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	int rc;

	if (vcpu_is_initialised(v) && !same_tables(v, c))
		return -EOPNOTSUPP;
	rc = pv_set_vcpu_context(v, c);
	if (rc)
		return rc;
	if (v->pause_flags & VPF_down)
		vcpu_sleep(v);
	else
		vcpu_wake(v);
	return 0;
}

/* A null context resets the vCPU; otherwise the checks of VCPUOP_initialise. */
static long setvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = domain_vcpu(d, vc->vcpu);
	struct vcpu_guest_context *c;
	long rc;

	if (d == current->domain || !v)
		return -EINVAL;
	if (!vc->ctxt) {
		vcpu_reset(v);
		return 0;
	}
	c = xmalloc_bytes(sizeof(*c));
	if (!c)
		return -ENOMEM;
	rc = copy_from_guest(c, vc->ctxt, sizeof(*c)) ? -EFAULT : set_context(v, c);
	xfree(c);
	return rc;
}

static long getvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = domain_vcpu(d, vc->vcpu);
	struct vcpu_guest_context *c;
	long rc;

	if (!v || v == current)
		return -EINVAL;
	if (!vcpu_is_initialised(v))
		return -ENODATA;
	c = xmalloc_bytes(sizeof(*c));
	if (!c)
		return -ENOMEM;
	pv_get_vcpu_context(v, c);
	rc = copy_to_guest(vc->ctxt, c, sizeof(*c)) ? -EFAULT : 0;
	xfree(c);
	return rc;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *vi)
{
	struct vcpu_runstate_info ri;
	struct vcpu *v;

	if (vi->vcpu >= d->max_vcpus)
		return -EINVAL;
	v = d->vcpu[vi->vcpu];
	if (!v)
		return -ESRCH;
	vcpu_runstate_get(v, &ri);
	vi->online = !(v->pause_flags & VPF_down);
	vi->blocked = !!(v->pause_flags & VPF_blocked);
	vi->running = v->is_running;
	vi->cpu_time = ri.time[RUNSTATE_running];
	vi->cpu = v->processor;
	return 0;
}

/* The domain's own frame, writable now, becomes its hypercall page. */
static long hypercall_init(struct domain *d, uint64_t gmfn)
{
	struct page_info *pg;

	if (!mfn_valid(gmfn) || !get_page(mfn_to_page(gmfn), d))
		return -EINVAL;
	pg = mfn_to_page(gmfn);
	if (!get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EPERM;
	}
	pv_write_hypercall_page(mfn_to_virt(gmfn));
	put_page_and_type(pg);
	return 0;
}

static long set_address_size(uint32_t size)
{
	/* 64-bit PV guests only: there is no compat (32-bit) mode yet. */
	return size == 64 ? 0 : -EINVAL;
}

/* The command's worker; *copyback when the struct goes back to the guest. */
static long dispatch(struct xen_domctl *op, struct domain *d, bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_createdomain:
		*copyback = true;
		return create(op);
	case XEN_DOMCTL_destroydomain:
		return destroy(d);
	case XEN_DOMCTL_pausedomain:
		return pause(d);
	case XEN_DOMCTL_unpausedomain:
		return domain_unpause_by_controller(d);
	case XEN_DOMCTL_getdomaininfo:
		*copyback = true;
		return getdomaininfo(op, d);
	case XEN_DOMCTL_max_mem:
		/* Below tot_pages is allowed: no allocation succeeds until under it. */
		d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
		return 0;
	case XEN_DOMCTL_setvcpucontext:
		return setvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpucontext:
		*copyback = true;
		return getvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpuinfo:
		*copyback = true;
		return getvcpuinfo(d, &op->u.getvcpuinfo);
	case XEN_DOMCTL_max_vcpus:
		return max_vcpus(d, op->u.max_vcpus.max);
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_hypercall_init:
		return hypercall_init(d, op->u.hypercall_init.gmfn);
	case XEN_DOMCTL_settimeoffset:
		d->time_offset_seconds = op->u.settimeoffset.time_offset_seconds;
		pv_init_wallclock(d);
		return 0;
	case XEN_DOMCTL_set_address_size:
		return set_address_size(op->u.address_size.size);
	case XEN_DOMCTL_get_address_size:
		op->u.address_size.size = 64;
		*copyback = true;
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_domctl(unsigned long arg)
{
	struct xen_domctl op;
	struct domain *d = NULL;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd != XEN_DOMCTL_createdomain) {
		d = domain_by_id(op.domain);
		if (!d && op.cmd != XEN_DOMCTL_getdomaininfo)
			return -ESRCH;
	}
	if (!current->domain->is_privileged)
		return -EPERM;
	rc = dispatch(&op, d, &copyback);
	if (copyback && !rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
