// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain and vCPU life cycle: creation with a shared_info page (the
 * initial domain at boot, others by the toolstack's createdomain, paused
 * and without vCPUs until max_vcpus), pausing by the toolstack, shutdown
 * with Xen's reasons and codes, and crashing a misbehaving domain. When
 * the initial domain ends, the machine ends with it. Teardown is in
 * domain-kill.c.
 */
#include <hv/lib.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/pv-cpu.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/softirq.h>
#include <hv/power.h>
#include <hv/hypercall.h>
#include <hv/evtchn.h>
#include <hv/vcpu-op.h>
#include <hv/grant.h>
#include <hv/pv.h>
#include <public/sched.h>
#include <public/domctl.h>

struct domain *dom0;
LIST_HEAD(domain_list);
static struct domain *idle_dom;

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

unsigned int current_domid(void)
{
	struct vcpu *v = current;

	return v && !v->is_idle ? v->domain->domain_id : DOMID_IDLE;
}

unsigned int current_vcpuid(void)
{
	struct vcpu *v = current;

	return v ? v->vcpu_id : 0;
}

struct domain *domain_by_id(domid_t id)
{
	struct domain *d;

	list_for_each_entry(d, &domain_list, domain_list)
		if (d->domain_id == id)
			return d;
	return NULL;
}

struct domain *domain_lookup(domid_t id)
{
	if (id == DOMID_SELF)
		return current->domain;
	return domain_by_id(id);
}

/* The list stays in domain-id order: getdomaininfo answers "the next one up". */
static void domain_list_insert(struct domain *d)
{
	struct domain *o;

	list_for_each_entry(o, &domain_list, domain_list)
		if (o->domain_id > d->domain_id) {
			list_add_tail(&d->domain_list, &o->domain_list);
			return;
		}
	list_add_tail(&d->domain_list, &domain_list);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v;

	if (id >= d->max_vcpus || d->vcpu[id])
		return NULL;
	v = xzalloc(struct vcpu);
	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	if (pv_cpu_init(v)) {
		xfree(v);
		return NULL;
	}
	if (evtchn_vcpu_init(v)) {
		pv_cpu_destroy(v);
		xfree(v);
		return NULL;
	}
	vcpu_op_init(v);
	v->processor = 0;
	v->runstate = RUNSTATE_offline;
	v->pause_flags = VPF_down;
	if (d->shared_info && id < XEN_LEGACY_MAX_VCPUS) {
		v->vcpu_info = &d->shared_info->vcpu_info[id];
		v->vcpu_info->evtchn_upcall_mask = 1;
	}
	d->vcpu[id] = v;
	return v;
}

static struct domain *domain_alloc(domid_t id, unsigned int max_vcpus)
{
	struct domain *d = xzalloc(struct domain);

	if (!d)
		return NULL;
	d->domain_id = id;
	d->shutdown_code = -1;
	d->max_vcpus = max_vcpus;
	INIT_LIST_HEAD(&d->page_list);
	INIT_LIST_HEAD(&d->relmem_list);
	watchdog_domain_init(d);
	d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
	if (!d->vcpu) {
		xfree(d);
		return NULL;
	}
	return d;
}

struct domain *idle_domain(void)
{
	if (!idle_dom) {
		idle_dom = domain_alloc(DOMID_IDLE, 1);
		if (!idle_dom || !vcpu_create(idle_dom, 0))
			panic("cannot create the idle domain");
	}
	return idle_dom;
}

/* shared_info and event channels: what every domain has from the start. */
static int domain_init_common(struct domain *d, unsigned int max_evtchn_port)
{
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info)
		return -ENOMEM;
	share_xen_page_with_guest(mfn_to_page(virt_to_mfn(d->shared_info)), d);
	if (evtchn_init(d, max_evtchn_port)) {
		free_xenheap_page(d->shared_info);
		d->shared_info = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Undo vcpu_create() for every vCPU made, then domain_alloc(). */
void domain_free_struct(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		if (d->vcpu[i])
			pv_cpu_destroy(d->vcpu[i]);
		xfree(d->vcpu[i]);
	}
	xfree(d->vcpu);
	xfree(d);
}

/* The initial domain, built at boot with all its vCPUs. */
struct domain *domain_create(domid_t id, unsigned int max_vcpus, bool privileged)
{
	struct domain *d;

	if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS)
		return NULL;
	d = domain_alloc(id, max_vcpus);
	if (!d)
		return NULL;
	d->is_privileged = privileged;
	d->max_grant_frames = GNTTAB_MAX_FRAMES;
	d->max_maptrack_frames = GNTTAB_MAX_MAPTRACK_FRAMES;
	d->max_grant_version = GNTTAB_MAX_VERSION;
	/* No port limit of its own: the ABI's (as Xen's dom0). */
	if (domain_init_common(d, ~0u))
		goto err_free;
	if (domain_create_vcpus(d))
		goto err_free_vcpus;
	domain_list_insert(d);
	if (id == 0)
		dom0 = d;
	return d;

err_free_vcpus:
	evtchn_destroy(d);
	evtchn_destroy_final(d);
	free_xenheap_page(d->shared_info);
err_free:
	domain_free_struct(d);
	return NULL;
}

/*
 * createdomain's checks, in Xen 4.17's order and with its answers. Only
 * PV guests; no IOMMU, vmtrace or vPMU here.
 */
static int check_config(const struct xen_domctl_createdomain *c)
{
	bool hvm = c->flags & XEN_DOMCTL_CDF_hvm, hap = c->flags & XEN_DOMCTL_CDF_hap;
	unsigned int version = c->grant_opts & XEN_DOMCTL_GRANT_version_mask;
	int frames = c->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES : c->max_grant_frames;
	int maptrack = c->max_maptrack_frames < 0 ? GNTTAB_MAX_MAPTRACK_FRAMES
						  : c->max_maptrack_frames;

	if (c->flags & ~XEN_DOMCTL_CDF_MASK)
		return -EINVAL;
	if (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask)
		return -EINVAL;
	if (c->max_vcpus < 1)
		return -EINVAL;
	if (hap && !hvm)
		return -EINVAL;
	if (c->flags & XEN_DOMCTL_CDF_iommu)
		return -EINVAL;                 /* no IOMMU */
	if (c->iommu_opts || c->vmtrace_size || (c->flags & XEN_DOMCTL_CDF_vpmu))
		return -EINVAL;
	if (hvm)
		return -EINVAL;                 /* HVM support is not built in */
	if (c->max_vcpus > MAX_VIRT_CPUS)
		return -EINVAL;
	if (c->flags & XEN_DOMCTL_CDF_s3_integrity)
		return -EINVAL;
	if (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
		return -EINVAL;
	if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
		return -EOPNOTSUPP;
	if (c->cpupool_id)
		return -ENOENT;                 /* only pool 0 exists */
	if (!version || version > GNTTAB_MAX_VERSION)
		return -EINVAL;
	if (frames < 1 || frames > GNTTAB_MAX_FRAMES || maptrack > GNTTAB_MAX_MAPTRACK_FRAMES)
		return -EINVAL;
	return 0;
}

/*
 * A domain for the toolstack: paused once by the controller, no vCPUs
 * (max_vcpus makes them) and no memory (max_pages 0 until max_mem).
 */
int domain_create_guest(domid_t id, const struct xen_domctl_createdomain *cfg,
			struct domain **out)
{
	struct domain *d;
	int rc = check_config(cfg);

	if (rc)
		return rc;
	d = domain_alloc(id, cfg->max_vcpus);
	if (!d)
		return -ENOMEM;
	d->max_grant_frames = cfg->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES
							: (unsigned int)cfg->max_grant_frames;
	d->max_maptrack_frames = cfg->max_maptrack_frames < 0 ? GNTTAB_MAX_MAPTRACK_FRAMES
							      : (unsigned int)cfg->max_maptrack_frames;
	d->max_grant_version = cfg->grant_opts & XEN_DOMCTL_GRANT_version_mask;
	d->ssidref = cfg->ssidref;
	d->controller_pause_count = 1;
	memcpy(d->handle, cfg->handle, sizeof(d->handle));
	rc = domain_init_common(d, cfg->max_evtchn_port);
	if (rc) {
		domain_free_struct(d);
		return rc;
	}
	pv_init_wallclock(d);
	domain_list_insert(d);
	*out = d;
	return 0;
}

/* Every vCPU up to max_vcpus that does not exist yet. */
int domain_create_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (!d->vcpu[i] && !vcpu_create(d, i))
			return -ENOMEM;
	return 0;
}

/*
 * Back to a fresh vCPU (setvcpucontext with no context): off the CPU and
 * down, timers stopped, registered areas let go (vcpu_info back in
 * shared_info), tables and descriptor frames dropped.
 */
void vcpu_reset(struct vcpu *v)
{
	struct domain *d = v->domain;

	v->pause_flags |= VPF_down;
	vcpu_sleep(v);
	vcpu_op_destroy(v);
	if (!v->vcpu_info && d->shared_info && v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
	pv_vcpu_reset(v);
}

void domain_pause_by_controller(struct domain *d)
{
	d->controller_pause_count++;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep(d->vcpu[i]);
}

int domain_unpause_by_controller(struct domain *d)
{
	if (d->controller_pause_count <= 0)
		return -EINVAL;
	if (--d->controller_pause_count)
		return 0;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_wake(d->vcpu[i]);
	return 0;
}

static void __noreturn hardware_domain_ended(struct domain *d, unsigned int reason)
{
	hypercall_print_counts();
	printk("domain %u shutdown: reason=%s code=%u\n", d->domain_id,
	       reason <= SHUTDOWN_MAX ? shutdown_names[reason] : "unknown", reason);
	switch (reason) {
	case SHUTDOWN_poweroff:
		machine_power_off(reason);
	case SHUTDOWN_reboot:
	case SHUTDOWN_soft_reset:
		machine_restart(reason);
	default:
		machine_halt_or_exit(reason);
	}
}

/*
 * A code recorded earlier with SCHEDOP_shutdown_code takes precedence over
 * the reason given now, so a crash path can say "crash" before it stops.
 */
void domain_shutdown(struct domain *d, unsigned int reason)
{
	if (d->shutdown_code < 0)
		d->shutdown_code = reason;
	reason = d->shutdown_code;
	if (d->is_shutting_down)
		return;
	d->is_shutting_down = true;
	if (d == dom0)
		hardware_domain_ended(d, reason);
	d->is_shut_down = true;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep(d->vcpu[i]);
	/* Tell dom0's toolstack that a domain stopped. */
	send_global_virq(VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d, const char *why)
{
	printk("domain %u crashed: %s\n", d->domain_id, why);
	domain_shutdown(d, SHUTDOWN_crash);
}

void __noreturn domain_crash_current(const char *why)
{
	domain_crash(current->domain, why);
	raise_softirq(SCHEDULE_SOFTIRQ);
	do_softirqs();
	idle_loop();
}
